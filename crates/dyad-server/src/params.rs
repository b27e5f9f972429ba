//! Query parameters: each one checked, and every refusal names the parameter.

use crate::api::ApiError;
use chrono::NaiveDate;
use dyad_store::query::{Cursor, EventQuery};
use dyad_store::Period;
use std::collections::BTreeMap;

/// The filters shared by `/api/events`, `/api/timeline`, `/api/dyads` and `/api/places`.
pub const FILTERS: &[&str] = &[
    "from",
    "to",
    "source",
    "target",
    "actor",
    "country",
    "dyad",
    "cameo",
    "root",
    "quad",
    "plover",
    "place_country",
    "bbox",
    "q",
];

/// The parameters of one request, by name. Empty values count as absent, so that a form can
/// send every field.
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// Checks the names: each at most once, and only those in `known` or [`FILTERS`] (when
    /// `filters`).
    pub fn new(
        pairs: Vec<(String, String)>,
        known: &[&str],
        filters: bool,
    ) -> Result<Params, ApiError> {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            let allowed = known.contains(&k.as_str()) || (filters && FILTERS.contains(&k.as_str()));
            if !allowed {
                let mut names: Vec<&str> = known.to_vec();
                if filters {
                    names.extend_from_slice(FILTERS);
                }
                names.sort_unstable();
                return Err(ApiError::bad(
                    &k,
                    &format!(
                        "unknown parameter; this endpoint takes {}",
                        names.join(", ")
                    ),
                ));
            }
            if map.contains_key(&k) {
                return Err(ApiError::bad(&k, "given more than once"));
            }
            let v = v.trim().to_string();
            if !v.is_empty() {
                map.insert(k, v);
            }
        }
        Ok(Params(map))
    }

    /// The raw value, when given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A day, `YYYY-MM-DD`.
    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.get(name)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| ApiError::bad(name, "expected a date YYYY-MM-DD"))
            })
            .transpose()
    }

    /// An actor code or code prefix: letters and digits, upper-cased.
    pub fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.get(name).map(|v| code(name, v)).transpose()
    }

    /// An integer in `min..=max`, or `default`.
    pub fn int(&self, name: &str, default: u64, min: u64, max: u64) -> Result<u64, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad(
                    name,
                    &format!("expected an integer from {min} to {max}"),
                )),
            },
        }
    }

    /// One of `choices`, or `default`.
    pub fn choice<'a>(
        &self,
        name: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(v))
                .copied()
                .ok_or_else(|| {
                    ApiError::bad(name, &format!("expected one of {}", choices.join(", ")))
                }),
        }
    }

    /// The shared filters.
    pub fn filters(&self) -> Result<EventQuery, ApiError> {
        let mut q = EventQuery {
            from: self.date("from")?,
            to: self.date("to")?,
            source: self.code("source")?,
            target: self.code("target")?,
            actor: self.code("actor")?,
            country: self.code("country")?,
            place_country: self.code("place_country")?,
            ..EventQuery::default()
        };
        if let (Some(f), Some(t)) = (q.from, q.to) {
            if f > t {
                return Err(ApiError::bad("from", "is after `to`"));
            }
        }
        if let Some(d) = self.get("dyad") {
            if q.source.is_some() || q.target.is_some() {
                return Err(ApiError::bad(
                    "dyad",
                    "give either `dyad` or `source`/`target`, not both",
                ));
            }
            let Some((s, t)) = d.split_once('-') else {
                return Err(ApiError::bad(
                    "dyad",
                    "expected SOURCE-TARGET, for example USA-RUS",
                ));
            };
            q.source = Some(code("dyad", s)?);
            q.target = Some(code("dyad", t)?);
        }
        if let Some(c) = self.get("cameo") {
            if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::bad(
                    "cameo",
                    "expected a CAMEO code or its first digits (1 to 4 digits)",
                ));
            }
            q.cameo = Some(c.to_string());
        }
        if let Some(r) = self.get("root") {
            let n = match r.parse::<u8>() {
                Ok(n) if r.len() <= 2 && (1..=20).contains(&n) => n,
                _ => {
                    return Err(ApiError::bad(
                        "root",
                        "expected a CAMEO root code, 01 to 20",
                    ))
                }
            };
            q.root = Some(format!("{n:02}"));
        }
        if self.get("quad").is_some() {
            q.quad = Some(self.int("quad", 1, 1, 4)? as u8);
        }
        if let Some(p) = self.get("plover") {
            if p.len() > 32 || !p.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
                return Err(ApiError::bad(
                    "plover",
                    "expected a PLOVER event type such as CONSULT",
                ));
            }
            q.plover = Some(p.to_ascii_uppercase());
        }
        if let Some(b) = self.get("bbox") {
            q.bbox = Some(bbox(b)?);
        }
        if let Some(t) = self.get("q") {
            if t.chars().count() > 200 {
                return Err(ApiError::bad("q", "at most 200 characters"));
            }
            q.text = Some(t.to_string());
        }
        Ok(q)
    }

    /// `cursor`, as made by [`encode_cursor`].
    pub fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        let Some(c) = self.get("cursor") else {
            return Ok(None);
        };
        let bad = || ApiError::bad("cursor", "not a cursor from `next_cursor`");
        let (date, event) = c.split_once('~').ok_or_else(bad)?;
        // The date as the store writes it (chrono would also take `2024-5-1`).
        if !date.is_empty()
            && (date.len() != 10 || NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err())
        {
            return Err(bad());
        }
        let event = event.parse::<i64>().map_err(|_| bad())?;
        Ok(Some(Cursor {
            date: date.to_string(),
            event,
        }))
    }

    /// `by`: day, week or month (default month).
    pub fn period(&self) -> Result<Period, ApiError> {
        Ok(
            match self.choice("by", &["day", "week", "month"], "month")? {
                "day" => Period::Day,
                "week" => Period::Week,
                _ => Period::Month,
            },
        )
    }
}

/// The cursor after `c`: `<date>~<event>` (the date empty for undated events). Clients treat
/// it as opaque.
pub fn encode_cursor(c: &Cursor) -> String {
    format!("{}~{}", c.date, c.event)
}

fn code(name: &str, v: &str) -> Result<String, ApiError> {
    let v = v.trim();
    if v.is_empty() || v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad(
            name,
            "expected an actor or country code (letters and digits, such as USA or USAGOV)",
        ));
    }
    Ok(v.to_ascii_uppercase())
}

fn bbox(v: &str) -> Result<[f64; 4], ApiError> {
    let bad = |m: &str| ApiError::bad("bbox", m);
    let parts: Vec<&str> = v.split(',').collect();
    if parts.len() != 4 {
        return Err(bad(
            "expected four numbers: min_lon,min_lat,max_lon,max_lat",
        ));
    }
    let mut out = [0.0f64; 4];
    for (slot, p) in out.iter_mut().zip(&parts) {
        *slot = p
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| bad("expected four numbers: min_lon,min_lat,max_lon,max_lat"))?;
    }
    let [min_lon, min_lat, max_lon, max_lat] = out;
    if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
        return Err(bad("longitudes run from -180 to 180"));
    }
    if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
        return Err(bad("latitudes run from -90 to 90"));
    }
    if min_lat > max_lat {
        return Err(bad("min_lat is above max_lat"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Result<Params, ApiError> {
        Params::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            &["limit", "cursor"],
            true,
        )
    }

    #[test]
    fn filters_parse_and_normalise() {
        let q = p(&[
            ("dyad", "usa-rus"),
            ("root", "4"),
            ("from", "2024-01-01"),
            ("q", "talks"),
            ("bbox", "170,-10,-170,10"),
            ("plover", "consult"),
            ("to", ""),
        ])
        .unwrap()
        .filters()
        .unwrap();
        assert_eq!(q.source.as_deref(), Some("USA"));
        assert_eq!(q.target.as_deref(), Some("RUS"));
        assert_eq!(q.root.as_deref(), Some("04"));
        assert_eq!(q.plover.as_deref(), Some("CONSULT"));
        assert_eq!(q.bbox, Some([170.0, -10.0, -170.0, 10.0]));
        assert_eq!(q.to, None);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let cases: &[(&str, &str)] = &[
            ("from", "2024-13-01"),
            ("source", "US A"),
            ("cameo", "04x"),
            ("root", "21"),
            ("quad", "5"),
            ("bbox", "1,2,3"),
            ("bbox", "0,0,NaN,1"),
            ("bbox", "0,50,1,10"),
            ("dyad", "USA"),
            ("plover", "<script>"),
        ];
        for (k, v) in cases {
            let e = p(&[(k, v)]).unwrap().filters().unwrap_err();
            assert!(
                e.message.contains(&format!("`{k}`")),
                "{k}={v}: {}",
                e.message
            );
        }
        let e = p(&[("limti", "3")]).err().unwrap();
        assert!(e.message.contains("`limti`"));
        let e = p(&[("from", "2024-02-01"), ("to", "2024-01-01")])
            .unwrap()
            .filters()
            .unwrap_err();
        assert!(e.message.contains("`from`"));
    }

    #[test]
    fn cursors_round_trip() {
        for c in [
            Cursor {
                date: "2024-05-01".into(),
                event: 12,
            },
            Cursor {
                date: String::new(),
                event: 3,
            },
        ] {
            let s = encode_cursor(&c);
            let got = p(&[("cursor", &s)]).unwrap().cursor().unwrap();
            assert_eq!(got, Some(c));
        }
        for bad in ["x", "2024-05-01~", "2024-5-1~3", "~x"] {
            assert!(p(&[("cursor", bad)]).unwrap().cursor().is_err(), "{bad}");
        }
    }
}
