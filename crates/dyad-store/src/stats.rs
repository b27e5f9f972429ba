//! Aggregates over the store: events per period and QuadClass, Goldstein sums and means, and
//! the most frequent dyads.
//!
//! Negated events are left out (they report that something did *not* happen), and so are
//! events with no known date.

use crate::store::Store;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `2014-03-14`.
    Day,
    /// ISO 8601 week: `2014-W11`.
    Week,
    /// `2014-03`.
    Month,
}

impl Period {
    /// The label of the period a day falls in.
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Period::Day => d.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => d.format("%Y-%m").to_string(),
        }
    }
}

/// Which events to aggregate and how.
#[derive(Debug, Clone)]
pub struct StatsQuery {
    /// The period events are grouped by.
    pub by: Period,
    /// Only events from this source to this target; each side matches an actor's country
    /// (`USA`) or the start of its code (`IGO`, `USAGOV`).
    pub dyad: Option<(String, String)>,
    /// Only events with this country (or code prefix) on either side.
    pub country: Option<String>,
    /// Only events of this CAMEO root code (`14`, or `4` for `04`).
    pub root: Option<String>,
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// How many dyads to list.
    pub top: usize,
}

impl StatsQuery {
    /// All events, by `by`, the ten top dyads.
    pub fn new(by: Period) -> Self {
        StatsQuery {
            by,
            dyad: None,
            country: None,
            root: None,
            from: None,
            to: None,
            top: 10,
        }
    }
}

/// Parses `USA-RUS` into its two sides.
pub fn parse_dyad(s: &str) -> Result<(String, String)> {
    match s.split_once('-') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_uppercase(), b.trim().to_uppercase()))
        }
        _ => Err(Error::BadArgument(format!(
            "`{s}` is not a dyad; write SOURCE-TARGET, for example USA-RUS"
        ))),
    }
}

/// One period's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PeriodStats {
    /// The period's label (`2014-03`, `2014-W11`, `2014-03-14`).
    pub period: String,
    /// De-duplicated events.
    pub events: u64,
    /// Their mentions.
    pub mentions: u64,
    /// Events per QuadClass: verbal cooperation, material cooperation, verbal conflict,
    /// material conflict.
    pub quad_class: [u64; 4],
    /// Sum of the events' Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean Goldstein score (0 when there is no event).
    pub goldstein_mean: f64,
}

/// One dyad's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadStats {
    /// The source side: country, else the actor code.
    pub source: String,
    /// The target side: country, else the actor code, or empty for events without target.
    pub target: String,
    /// De-duplicated events.
    pub events: u64,
    /// Their mentions.
    pub mentions: u64,
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
}

/// The result of [`Store::stats`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// One row per period that has events, in time order.
    pub periods: Vec<PeriodStats>,
    /// All periods together.
    pub total: PeriodStats,
    /// The most frequent dyads, most events first.
    pub top_dyads: Vec<DyadStats>,
}

impl Store {
    /// Aggregates the stored events that pass `q`.
    pub fn stats(&self, q: &StatsQuery) -> Result<Stats> {
        let (dyad_s, dyad_t) = match &q.dyad {
            Some((s, t)) => (Some(s.as_str()), Some(t.as_str())),
            None => (None, None),
        };
        // A CAMEO root is two digits; accept `4` for `04`.
        let root = q.root.as_deref().map(|r| {
            let r = r.trim();
            if r.len() == 1 {
                format!("0{r}")
            } else {
                r.to_string()
            }
        });
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let mut st = self.connection().prepare(
            "SELECT date, quad_class, goldstein, num_mentions,
                    coalesce(source_country, source_code), coalesce(target_country, target_code)
             FROM events
             WHERE negated = 0 AND date <> ''
               AND (?1 IS NULL OR source_country = ?1 OR substr(source_code, 1, length(?1)) = ?1)
               AND (?2 IS NULL OR target_country = ?2 OR substr(target_code, 1, length(?2)) = ?2)
               AND (?3 IS NULL OR source_country = ?3 OR substr(source_code, 1, length(?3)) = ?3
                    OR target_country = ?3 OR substr(target_code, 1, length(?3)) = ?3)
               AND (?4 IS NULL OR cameo_root = ?4)
               AND (?5 IS NULL OR date >= ?5)
               AND (?6 IS NULL OR date <= ?6)",
        )?;
        let country = q.country.as_deref().map(|c| c.trim().to_uppercase());
        let mut rows = st.query(params![
            dyad_s,
            dyad_t,
            country,
            root,
            day(q.from),
            day(q.to)
        ])?;
        let mut periods: BTreeMap<String, PeriodStats> = BTreeMap::new();
        let mut total = PeriodStats {
            period: "total".to_string(),
            ..Default::default()
        };
        let mut dyads: HashMap<(String, String), (u64, u64, f64)> = HashMap::new();
        while let Some(r) = rows.next()? {
            let date: String = r.get(0)?;
            // Dates are written by the store as YYYY-MM-DD; anything else is skipped, not fatal.
            let Ok(d) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                continue;
            };
            let quad: i64 = r.get(1)?;
            let gold: f64 = r.get(2)?;
            let mentions = r.get::<_, i64>(3)?.max(0) as u64;
            let label = q.by.label(d);
            for p in [
                periods.entry(label.clone()).or_insert_with(|| PeriodStats {
                    period: label,
                    ..Default::default()
                }),
                &mut total,
            ] {
                p.events += 1;
                p.mentions += mentions;
                if let Some(slot) = usize::try_from(quad - 1)
                    .ok()
                    .and_then(|i| p.quad_class.get_mut(i))
                {
                    *slot += 1;
                }
                p.goldstein_sum += gold;
            }
            let key = (r.get::<_, String>(4)?, r.get::<_, String>(5)?);
            let e = dyads.entry(key).or_insert((0, 0, 0.0));
            e.0 += 1;
            e.1 += mentions;
            e.2 += gold;
        }
        let mut periods: Vec<PeriodStats> = periods.into_values().collect();
        for p in periods.iter_mut().chain(std::iter::once(&mut total)) {
            if p.events > 0 {
                p.goldstein_mean = p.goldstein_sum / p.events as f64;
            }
        }
        let mut top: Vec<DyadStats> = dyads
            .into_iter()
            .map(|((source, target), (events, mentions, gold))| DyadStats {
                source,
                target,
                events,
                mentions,
                goldstein_mean: if events > 0 {
                    gold / events as f64
                } else {
                    0.0
                },
            })
            .collect();
        top.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then(b.mentions.cmp(&a.mentions))
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        top.truncate(q.top);
        Ok(Stats {
            periods,
            total,
            top_dyads: top,
        })
    }
}
