//! Publication dates as news inputs write them.

use super::ReadErrorKind;
use chrono::{DateTime, NaiveDate, NaiveDateTime};

const EXPECTED: &str = "expected YYYY-MM-DD, an RFC 3339 / ISO 8601 timestamp or an RFC 2822 date";
const NO_SUCH_DAY: &str = "no such calendar date";

/// Reads a date given as `YYYY-MM-DD` (or `YYYYMMDD`), an RFC 3339 / ISO 8601 timestamp
/// (`2014-03-14T09:30:00Z`, `2014-03-14 09:30`, `2014-03-14T09:30:00+0100`) or an RFC 2822
/// date (`Fri, 14 Mar 2014 09:30:00 +0000`).
///
/// A timestamp gives its date as written, in its own time zone, not converted to UTC: an
/// article stamped `2014-03-14T23:30:00-05:00` was published on the 14th where it was written.
/// A date that does not exist (`2014-02-30`) is an error, like one that cannot be read.
pub fn parse_date(value: &str) -> Result<NaiveDate, ReadErrorKind> {
    let s = value.trim();
    let bad = |reason| ReadErrorKind::BadDate {
        value: value.chars().take(64).collect(),
        reason,
    };
    if let Some((y, m, d, rest)) = split_ymd(s) {
        let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| bad(NO_SUCH_DAY))?;
        if rest.is_empty() {
            return Ok(date);
        }
        return parse_timestamp(s).ok_or_else(|| bad(EXPECTED));
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        let y = num(0..4) as i32;
        return NaiveDate::from_ymd_opt(y, num(4..6), num(6..8)).ok_or_else(|| bad(NO_SUCH_DAY));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Ok(dt.naive_local().date());
    }
    Err(bad(EXPECTED))
}

/// `YYYY-M(M)-D(D)` at the start of `s`, and what follows it.
fn split_ymd(s: &str) -> Option<(i32, u32, u32, &str)> {
    let mut parts = s.splitn(3, '-');
    let y = parts.next()?;
    let m = parts.next()?;
    let rest = parts.next()?;
    let d_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let d = &rest[..d_len];
    let digits = |p: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2)) {
        return None;
    }
    Some((
        y.parse().ok()?,
        m.parse().ok()?,
        d.parse().ok()?,
        &rest[d_len..],
    ))
}

fn parse_timestamp(s: &str) -> Option<NaiveDate> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_local().date());
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.naive_local().date());
        }
    }
    // Timestamps without a zone, and with a named UTC zone that RFC 3339 does not allow.
    let s = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix(" GMT"))
        .or_else(|| s.strip_suffix('Z'))
        .unwrap_or(s);
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.date());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        parse_date(s)
            .map(|d| d.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(ok("2014-03-14"), "2014-03-14");
        assert_eq!(ok(" 2014-3-4 "), "2014-03-04");
        assert_eq!(ok("20140314"), "2014-03-14");
        assert_eq!(ok("2014-03-14T09:30:00Z"), "2014-03-14");
        assert_eq!(ok("2014-03-14T23:30:00.123-05:00"), "2014-03-14");
        assert_eq!(ok("2014-03-14T09:30:00+0100"), "2014-03-14");
        assert_eq!(ok("2014-03-14 09:30:00"), "2014-03-14");
        assert_eq!(ok("2014-03-14T09:30"), "2014-03-14");
        assert_eq!(ok("2014-03-14 09:30:00 UTC"), "2014-03-14");
        assert_eq!(ok("Fri, 14 Mar 2014 09:30:00 +0000"), "2014-03-14");
        assert_eq!(ok("14 Mar 2014 09:30:00 GMT"), "2014-03-14");
    }

    #[test]
    fn refused_forms() {
        assert_eq!(
            ok("2014-02-30"),
            "bad date `2014-02-30`: no such calendar date"
        );
        assert_eq!(
            ok("2014-13-01T00:00:00Z"),
            "bad date `2014-13-01T00:00:00Z`: no such calendar date"
        );
        assert!(ok("2014-03-14Tnoon").contains(EXPECTED));
        assert!(ok("yesterday").contains(EXPECTED));
        assert!(ok("14/03/2014").contains(EXPECTED));
        assert!(ok("20140230").contains(NO_SUCH_DAY));
        assert!(ok("Sun, 30 Feb 2014 09:30:00 +0000").contains("bad date"));
    }
}
