//! An in-memory index of every event's key columns (day, actor codes, each side's country,
//! CAMEO code and root, QuadClass, place key, Goldstein score, negation), about 48 bytes an
//! event, sorted by (day, event number).
//!
//! Why: in the store each event row carries its JSON record, so any filter SQLite cannot
//! answer from one index reads a fat row per candidate, and a timeline over a popular dyad
//! reads hundreds of thousands of them (1.5 s for USA-RUS on a million events). Scanning this
//! array instead takes a few milliseconds. It answers `/api/events` (choosing the page's event
//! numbers, whose rows are then read by key), `/api/timeline`, `/api/dyads` and `/api/places`
//! whenever the query uses only the filters it holds; `plover`, `place_country`, `bbox` and
//! `q` go to SQLite.
//!
//! It is built in the background at start (SQLite answers until it is ready), takes the new
//! events after each write of this server and polls the store every second for events written
//! by another process (`dyad ingest`). A document replaced here triggers a full rebuild, since
//! a replacement may delete events (SQLite answers until it is done); one replaced by another
//! process is seen at the next rebuild.

use chrono::{Datelike, NaiveDate};
use dyad_store::query::{Cursor, DyadRow, EventKeyRow, EventQuery, TimelineRow};
use dyad_store::Period;
use std::collections::{BTreeMap, HashMap};

/// The day of an undated event: below every real day, as `''` sorts below every date in SQL.
const UNDATED: i32 = i32::MIN;

#[derive(Debug, Clone, Copy)]
struct Row {
    event: i64,
    day: i32,
    source: u32,
    target: u32,
    cameo: u32,
    /// Country (else code) of each side, for dyads.
    source_side: u32,
    target_side: u32,
    /// The place key; 0 is the empty key (no place).
    place: u32,
    goldstein: f32,
    root: u8,
    quad: u8,
    negated: bool,
}

impl Row {
    fn key(&self) -> (i32, i64) {
        (self.day, self.event)
    }
}

/// Strings to small numbers.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    /// Which ids stand for a string starting with `prefix`.
    fn starting_with(&self, prefix: &str) -> Vec<bool> {
        self.names.iter().map(|n| n.starts_with(prefix)).collect()
    }
}

/// The index.
#[derive(Default)]
pub struct MemIndex {
    rows: Vec<Row>,
    codes: Interner,
    cameos: Interner,
    sides: Interner,
    places: Interner,
    /// The highest event number seen: the next refresh reads the events above it.
    pub max_event: i64,
}

fn day_of(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn parse_day(s: &str) -> i32 {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(day_of)
        .unwrap_or(UNDATED)
}

/// A compiled filter.
struct Matcher {
    source: Option<Vec<bool>>,
    target: Option<Vec<bool>>,
    either: Vec<Vec<bool>>,
    cameo: Option<Vec<bool>>,
    root: Option<u8>,
    quad: Option<u8>,
}

impl Matcher {
    fn hit(set: &[bool], id: u32) -> bool {
        set.get(id as usize).copied().unwrap_or(false)
    }

    fn matches(&self, r: &Row) -> bool {
        if let Some(s) = &self.source {
            if !Matcher::hit(s, r.source) {
                return false;
            }
        }
        if let Some(s) = &self.target {
            if !Matcher::hit(s, r.target) {
                return false;
            }
        }
        for s in &self.either {
            if !Matcher::hit(s, r.source) && !Matcher::hit(s, r.target) {
                return false;
            }
        }
        if let Some(s) = &self.cameo {
            if !Matcher::hit(s, r.cameo) {
                return false;
            }
        }
        if self.root.is_some_and(|x| x != r.root) || self.quad.is_some_and(|x| x != r.quad) {
            return false;
        }
        true
    }
}

impl MemIndex {
    /// Events held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether this index can answer `q` (it holds no PLOVER type, place or evidence).
    pub fn supports(q: &EventQuery) -> bool {
        q.plover.is_none() && q.place_country.is_none() && q.bbox.is_none() && q.text.is_none()
    }

    /// Adds events (new ones, or ones not seen yet), keeping the order.
    pub fn add(&mut self, batch: Vec<EventKeyRow>) {
        let appending = self.rows.is_empty();
        for k in batch {
            let row = self.row(k);
            if appending {
                self.rows.push(row);
            } else {
                let at = self.rows.partition_point(|r| r.key() < row.key());
                if self.rows.get(at).map(|r| r.key()) != Some(row.key()) {
                    self.rows.insert(at, row);
                }
            }
        }
        if appending {
            self.finish();
        }
    }

    /// Appends one event without keeping the order (building from scratch, one row at a time
    /// so that the store's strings are never all held at once); [`MemIndex::finish`] sorts.
    pub fn push_unsorted(&mut self, k: EventKeyRow) {
        let row = self.row(k);
        self.rows.push(row);
    }

    /// Sorts after [`MemIndex::push_unsorted`].
    pub fn finish(&mut self) {
        self.rows.sort_unstable_by_key(Row::key);
        self.rows.dedup_by_key(|r| r.key());
        self.rows.shrink_to_fit();
    }

    fn row(&mut self, k: EventKeyRow) -> Row {
        if self.places.names.is_empty() {
            // Id 0 is the empty place key: events without a place.
            self.places.id("");
        }
        self.max_event = self.max_event.max(k.event);
        Row {
            event: k.event,
            day: if k.date.is_empty() {
                UNDATED
            } else {
                parse_day(&k.date)
            },
            source: self.codes.id(&k.source_code),
            // An event without target has the empty code, which no prefix matches.
            target: self.codes.id(&k.target_code),
            cameo: self.cameos.id(&k.cameo),
            source_side: self.sides.id(&k.source_side),
            target_side: self.sides.id(&k.target_side),
            place: self.places.id(&k.place),
            goldstein: k.goldstein as f32,
            root: k.cameo_root.parse().unwrap_or(0),
            quad: u8::try_from(k.quad_class).unwrap_or(0),
            negated: k.negated,
        }
    }

    fn matcher(&self, q: &EventQuery) -> Matcher {
        let mut either = Vec::new();
        for p in [&q.actor, &q.country].into_iter().flatten() {
            either.push(self.codes.starting_with(p));
        }
        Matcher {
            source: q.source.as_deref().map(|p| self.codes.starting_with(p)),
            target: q.target.as_deref().map(|p| self.codes.starting_with(p)),
            either,
            cameo: q.cameo.as_deref().map(|p| self.cameos.starting_with(p)),
            root: q.root.as_deref().and_then(|r| r.parse().ok()),
            quad: q.quad,
        }
    }

    /// The index range the date bounds allow.
    fn range(&self, q: &EventQuery) -> (usize, usize) {
        let mut lo = 0;
        let mut hi = self.rows.len();
        if q.from.is_some() || q.to.is_some() {
            lo = self.rows.partition_point(|r| r.day == UNDATED);
        }
        if let Some(f) = q.from {
            let f = day_of(f);
            lo = lo.max(self.rows.partition_point(|r| r.day < f));
        }
        if let Some(t) = q.to {
            let t = day_of(t);
            hi = self.rows.partition_point(|r| r.day <= t);
        }
        (lo, hi.max(lo))
    }

    /// The event numbers of one page, newest first, after `cursor`; and whether more follow.
    pub fn page(&self, q: &EventQuery, cursor: Option<&Cursor>, limit: usize) -> (Vec<i64>, bool) {
        let m = self.matcher(q);
        let (lo, mut hi) = self.range(q);
        if let Some(c) = cursor {
            let key = (
                if c.date.is_empty() {
                    UNDATED
                } else {
                    parse_day(&c.date)
                },
                c.event,
            );
            hi = hi.min(self.rows.partition_point(|r| r.key() < key));
        }
        let mut out = Vec::with_capacity(limit.min(1024));
        let mut more = false;
        for r in self.rows[lo..hi.max(lo)].iter().rev() {
            if m.matches(r) {
                if out.len() == limit {
                    more = true;
                    break;
                }
                out.push(r.event);
            }
        }
        (out, more)
    }

    /// The timeline of `q` (negated and undated events left out), as
    /// `dyad_store::query::timeline` computes it.
    pub fn timeline(&self, q: &EventQuery, by: Period) -> Vec<TimelineRow> {
        let m = self.matcher(q);
        let (lo, hi) = self.range(q);
        // Rows are in day order: accumulate runs of one day, then fold days into periods.
        let mut days: Vec<(i32, u64, [u64; 4], f64)> = Vec::new();
        for r in &self.rows[lo..hi] {
            if r.negated || r.day == UNDATED || !m.matches(r) {
                continue;
            }
            if days.last().map(|d| d.0) != Some(r.day) {
                days.push((r.day, 0, [0; 4], 0.0));
            }
            if let Some(d) = days.last_mut() {
                d.1 += 1;
                if let Some(slot) = usize::from(r.quad)
                    .checked_sub(1)
                    .and_then(|i| d.2.get_mut(i))
                {
                    *slot += 1;
                }
                d.3 += f64::from(r.goldstein);
            }
        }
        let mut periods: BTreeMap<String, TimelineRow> = BTreeMap::new();
        for (day, n, quad, gold) in days {
            let Some(date) = NaiveDate::from_num_days_from_ce_opt(day) else {
                continue;
            };
            let label = by.label(date);
            let p = periods.entry(label.clone()).or_insert_with(|| TimelineRow {
                period: label,
                ..TimelineRow::default()
            });
            p.events += n;
            for (a, b) in p.quad.iter_mut().zip(quad) {
                *a += b;
            }
            p.goldstein_sum += gold;
        }
        periods
            .into_values()
            .map(|mut p| {
                if p.events > 0 {
                    p.goldstein_mean = p.goldstein_sum / p.events as f64;
                }
                p
            })
            .collect()
    }
}

impl MemIndex {
    /// The `limit` dyads with most events, as `dyad_store::query::dyads` computes them.
    pub fn dyads(&self, q: &EventQuery, limit: usize) -> Vec<DyadRow> {
        let m = self.matcher(q);
        let (lo, hi) = self.range(q);
        let mut acc: HashMap<(u32, u32), (u64, f64, [u64; 4])> = HashMap::new();
        for r in &self.rows[lo..hi] {
            if r.negated || r.day == UNDATED || self.codes.names[r.target as usize].is_empty() {
                continue;
            }
            if !m.matches(r) {
                continue;
            }
            let a = acc.entry((r.source_side, r.target_side)).or_default();
            a.0 += 1;
            a.1 += f64::from(r.goldstein);
            if let Some(slot) = usize::from(r.quad)
                .checked_sub(1)
                .and_then(|i| a.2.get_mut(i))
            {
                *slot += 1;
            }
        }
        let name = |i: u32| {
            self.sides
                .names
                .get(i as usize)
                .cloned()
                .unwrap_or_default()
        };
        let mut rows: Vec<DyadRow> = acc
            .into_iter()
            .map(|((s, t), (n, g, quad))| DyadRow {
                source: name(s),
                target: name(t),
                events: n,
                goldstein_mean: if n > 0 { g / n as f64 } else { 0.0 },
                quad,
            })
            .collect();
        rows.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        rows.truncate(limit);
        rows
    }

    /// Events per place, most first, at most `limit`: (first event number, events, mean
    /// Goldstein score). The caller reads each place's name and position from its first
    /// event, as `dyad_store::query::places` does.
    pub fn places(&self, q: &EventQuery, limit: usize) -> Vec<(i64, u64, f64)> {
        let m = self.matcher(q);
        let (lo, hi) = self.range(q);
        // place -> (events, Goldstein sum, lowest event number)
        let mut acc: HashMap<u32, (u64, f64, i64)> = HashMap::new();
        for r in &self.rows[lo..hi] {
            if r.negated || r.place == 0 || !m.matches(r) {
                continue;
            }
            let a = acc.entry(r.place).or_insert((0, 0.0, i64::MAX));
            a.0 += 1;
            a.1 += f64::from(r.goldstein);
            a.2 = a.2.min(r.event);
        }
        let mut rows: Vec<(u32, u64, f64, i64)> = acc
            .into_iter()
            .map(|(p, (n, g, first))| (p, n, if n > 0 { g / n as f64 } else { 0.0 }, first))
            .collect();
        let key = |p: u32| {
            self.places
                .names
                .get(p as usize)
                .map(String::as_str)
                .unwrap_or("")
        };
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| key(a.0).cmp(key(b.0))));
        rows.truncate(limit);
        rows.into_iter()
            .map(|(_, n, g, first)| (first, n, g))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(event: i64, date: &str, s: &str, t: &str, cameo: &str, quad: i64) -> EventKeyRow {
        EventKeyRow {
            event,
            date: date.into(),
            source_code: s.into(),
            target_code: t.into(),
            cameo: cameo.into(),
            cameo_root: cameo[..2].into(),
            quad_class: quad,
            goldstein: 1.0,
            negated: false,
            source_side: s[..3].into(),
            target_side: if t.is_empty() {
                String::new()
            } else {
                t[..3].into()
            },
            place: String::new(),
        }
    }

    #[test]
    fn pages_filter_and_follow_the_cursor() {
        let mut ix = MemIndex::default();
        ix.add(vec![
            key(1, "2024-01-02", "USAGOV", "RUS", "042", 1),
            key(2, "2024-01-01", "RUS", "UKR", "190", 4),
            key(3, "", "USA", "", "010", 1),
        ]);
        ix.add(vec![key(4, "2024-01-02", "USA", "CHN", "043", 1)]);
        let all = EventQuery::default();
        assert_eq!(ix.page(&all, None, 10), (vec![4, 1, 2, 3], false));
        let (first, more) = ix.page(&all, None, 2);
        assert_eq!((first.clone(), more), (vec![4, 1], true));
        let c = Cursor {
            date: "2024-01-02".into(),
            event: 1,
        };
        assert_eq!(ix.page(&all, Some(&c), 2), (vec![2, 3], false));
        let usa = EventQuery {
            source: Some("USA".into()),
            ..EventQuery::default()
        };
        assert_eq!(ix.page(&usa, None, 10).0, vec![4, 1, 3]);
        let dated = EventQuery {
            actor: Some("RUS".into()),
            to: NaiveDate::from_ymd_opt(2024, 1, 1),
            ..EventQuery::default()
        };
        assert_eq!(ix.page(&dated, None, 10).0, vec![2]);
        let t = ix.timeline(&all, Period::Month);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].events, 3);
        assert_eq!(t[0].quad, [2, 0, 0, 1]);
    }
}
