//! Partial ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as the knowledge base writes them.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A date known to the year, the month or the day.
///
/// As a start (`from`) it means the first day of the period, as an end (`to`) the last day
/// ("`to = 2025-09`" runs to 2025-09-30): the day of a change is only known to lie somewhere in
/// the period, and the office is taken to hold until it is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month (1-12), when known.
    pub month: Option<u32>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` for anything else, including impossible
    /// calendar dates (`2023-02-30`).
    pub fn parse(s: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let year = i32::try_from(num(parts.first()?, 4)?).ok()?;
        let d = match parts.len() {
            1 => PartialDate {
                year,
                month: None,
                day: None,
            },
            2 => PartialDate {
                year,
                month: Some(num(parts[1], 2)?),
                day: None,
            },
            3 => PartialDate {
                year,
                month: Some(num(parts[1], 2)?),
                day: Some(num(parts[2], 2)?),
            },
            _ => return None,
        };
        // Checks the month and day exist.
        d.first_day()?;
        if let (Some(m), Some(day)) = (d.month, d.day) {
            NaiveDate::from_ymd_opt(year, m, day)?;
        }
        Some(d)
    }

    /// The first day of the period.
    pub fn first_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day of the period.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => {
                let (y, nm) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                NaiveDate::from_ymd_opt(y, nm, 1).and_then(|d| d.pred_opt())
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
    }
}

impl From<NaiveDate> for PartialDate {
    fn from(d: NaiveDate) -> Self {
        PartialDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A validity period: `from` (inclusive, first day) to `to` (inclusive, last day of a partial
/// date); `None` is open on that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// Start, if any.
    pub from: Option<PartialDate>,
    /// End, if any (`None`: still current).
    pub to: Option<PartialDate>,
}

impl Period {
    /// Whether `date` lies inside the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        let after_start = self
            .from
            .and_then(|f| f.first_day())
            .is_none_or(|f| f <= date);
        let before_end = self.to.and_then(|t| t.last_day()).is_none_or(|t| date <= t);
        after_start && before_end
    }

    /// Whether the period is still open (no end).
    pub fn is_current(&self) -> bool {
        self.to.is_none()
    }

    /// Whether two periods share at least one day. A hand-over day (`to` of one equal to `from`
    /// of the other, as the format writes changes) is not an overlap.
    pub fn overlaps(&self, other: &Period) -> bool {
        let start = |p: &Period| p.from.and_then(|f| f.first_day()).unwrap_or(NaiveDate::MIN);
        // Exclusive ends: a full-day `to` is the day of the change, which the next period owns.
        let end = |p: &Period| match p.to {
            None => NaiveDate::MAX,
            Some(t) if t.day.is_some() => t.first_day().unwrap_or(NaiveDate::MAX),
            Some(t) => t
                .last_day()
                .and_then(|d| d.succ_opt())
                .unwrap_or(NaiveDate::MAX),
        };
        // Partial dates on both sides of a hand-over ("to 2004-03", "from 2004-03") are the
        // same change written coarsely; only count the overlap when it is more than that.
        let coarse_handover = |a: &Period, b: &Period| match (a.to, b.from) {
            (Some(t), Some(f)) => {
                (t.day.is_none() || f.day.is_none())
                    && t.year == f.year
                    && (t.month.is_none() || f.month.is_none() || t.month == f.month)
            }
            _ => false,
        };
        if coarse_handover(self, other) || coarse_handover(other, self) {
            return false;
        }
        start(self) < end(other) && start(other) < end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_bounds() {
        let d = PartialDate::parse("2025-09").unwrap();
        assert_eq!(d.last_day(), NaiveDate::from_ymd_opt(2025, 9, 30));
        assert_eq!(d.first_day(), NaiveDate::from_ymd_opt(2025, 9, 1));
        let y = PartialDate::parse("2024").unwrap();
        assert_eq!(y.last_day(), NaiveDate::from_ymd_opt(2024, 12, 31));
        assert_eq!(
            PartialDate::parse("2024-12").unwrap().last_day(),
            NaiveDate::from_ymd_opt(2024, 12, 31)
        );
        assert!(PartialDate::parse("2023-02-30").is_none());
        assert!(PartialDate::parse("2023-2-3").is_none());
        assert!(PartialDate::parse("23").is_none());
        assert!(PartialDate::parse("").is_none());
        assert_eq!(
            PartialDate::parse("2004-03-09").unwrap().to_string(),
            "2004-03-09"
        );
    }

    #[test]
    fn handover_is_not_overlap() {
        let p = |f: &str, t: &str| Period {
            from: PartialDate::parse(f),
            to: PartialDate::parse(t),
        };
        assert!(!p("2001-01-20", "2009-01-20").overlaps(&p("2009-01-20", "2017-01-20")));
        assert!(!p("1994-04", "2004-03").overlaps(&p("2004-03-09", "")));
        assert!(p("2001", "2005").overlaps(&p("2004-06-01", "")));
        assert!(p("2010-01-01", "").overlaps(&p("2012-05-05", "2013-01-01")));
    }
}
