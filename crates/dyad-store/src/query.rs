//! Read queries for the HTTP API (`dyad serve`): filtered and paged events, one event with its
//! mentions, timelines, top dyads, events by place, and one document with its layers.
//!
//! Every value a caller gives reaches SQLite as a bound parameter, never as SQL text. The
//! filters are written so that the version 2 indexes answer them: a date range walks
//! `events(date)`, an actor prefix `events(source_code, date)` or `events(target_code, date)`,
//! a CAMEO root `events(cameo_root, date)`. PLOVER type, place and evidence text are read from
//! the stored JSON record (`json_extract`), so they filter rows found through another index
//! and cost a JSON parse per row visited.

use crate::store::Store;
use crate::{Period, Result};
use chrono::NaiveDate;
use dyad_core::Event;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::Serialize;
use std::collections::BTreeMap;

/// Which events a query covers. Every field is optional; set fields must all hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// First day included (undated events are left out once a bound is given).
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
    /// The source actor's code starts with this (`USA` matches `USA`, `USAGOV`).
    pub source: Option<String>,
    /// The target actor's code starts with this.
    pub target: Option<String>,
    /// Either side's code starts with this.
    pub actor: Option<String>,
    /// Either side's country is this: CAMEO actor codes start with the country, so either
    /// side's code starts with it.
    pub country: Option<String>,
    /// The CAMEO code starts with this (`14`, `141`).
    pub cameo: Option<String>,
    /// The CAMEO root code, two digits (`04`).
    pub root: Option<String>,
    /// The QuadClass, 1 to 4.
    pub quad: Option<u8>,
    /// The PLOVER event type (`CONSULT`).
    pub plover: Option<String>,
    /// The country of the event's place.
    pub place_country: Option<String>,
    /// The event's place lies in `[min_lon, min_lat, max_lon, max_lat]` (a box with
    /// `min_lon > max_lon` crosses the antimeridian).
    pub bbox: Option<[f64; 4]>,
    /// The evidence text contains this (ASCII letters without regard to case).
    pub text: Option<String>,
}

/// Where a page of events ends: the last event's date (empty when undated) and number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The date of the last event returned (`YYYY-MM-DD`, or empty).
    pub date: String,
    /// Its event number.
    pub event: i64,
}

/// One side of an event in an [`EventRow`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    /// The CAMEO actor code.
    pub code: String,
    /// Its country, when known.
    pub country: Option<String>,
    /// The words of the mention.
    pub text: String,
}

/// The PLOVER part of an [`EventRow`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverRow {
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode, where defined.
    pub mode: Option<String>,
}

/// Where an event happened, in an [`EventRow`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRow {
    /// Place name.
    pub name: String,
    /// Its country.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// One de-duplicated event as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// The store's event number (GDELT's `GlobalEventID`).
    pub id: i64,
    /// The event's day, when known.
    pub date: Option<String>,
    /// Who acts.
    pub source: ActorRow,
    /// Who is acted upon, when anyone.
    pub target: Option<ActorRow>,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root code.
    pub cameo_root: String,
    /// QuadClass 1 to 4.
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// PLOVER type and mode.
    pub plover: PloverRow,
    /// Whether the event is negated.
    pub negated: bool,
    /// Where it happened, when known.
    pub place: Option<PlaceRow>,
    /// The words that produced the first mention.
    pub evidence: String,
    /// Mentions over all articles.
    pub num_mentions: u64,
    /// Distinct outlets.
    pub num_sources: u64,
    /// Distinct articles.
    pub num_articles: u64,
    /// The document of the first mention.
    pub doc_id: String,
    /// The rule of the first mention.
    pub rule: String,
    /// The URL of the first mention's document, when it has one.
    pub source_url: Option<String>,
}

impl EventRow {
    fn from_record(id: i64, e: Event, counts: [i64; 3], source_url: Option<String>) -> EventRow {
        let actor = |a: dyad_core::EventActor| ActorRow {
            code: a.code,
            country: a.country,
            text: a.text,
        };
        EventRow {
            id,
            date: e.date,
            source: actor(e.source),
            target: e.target.map(actor),
            cameo: e.cameo,
            cameo_root: e.cameo_root,
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            plover: PloverRow {
                kind: e.plover.kind,
                mode: e.plover.mode,
            },
            negated: e.negated,
            place: e.location.map(|l| PlaceRow {
                name: l.name,
                country: l.country,
                lat: l.lat,
                lon: l.lon,
            }),
            evidence: e.evidence.text,
            num_mentions: counts[0].max(0) as u64,
            num_sources: counts[1].max(0) as u64,
            num_articles: counts[2].max(0) as u64,
            doc_id: e.doc_id,
            rule: e.rule,
            source_url,
        }
    }
}

/// A byte range of a mention's evidence and its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceRow {
    /// Byte offset of the start in the document's text.
    pub start: i64,
    /// Byte offset of the end.
    pub end: i64,
    /// The words.
    pub text: String,
}

/// One report of an event: an article and sentence that mentioned it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRow {
    /// The document's id.
    pub doc_id: String,
    /// Its title.
    pub title: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// The outlet (the document's source; `#<id>` when it has none).
    pub outlet: String,
    /// The document's date.
    pub date: Option<String>,
    /// The sentence's index in the document.
    pub sentence: i64,
    /// The words that produced the event.
    pub evidence: EvidenceRow,
    /// The rule that fired.
    pub rule: String,
    /// The coder's confidence.
    pub confidence: f32,
    /// The mention's own event id (a hash of document, sentence, rule, actors and code).
    pub event_id: String,
}

/// Counts of one period in a timeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TimelineRow {
    /// `2024-05-01`, `2024-W18` or `2024-05`.
    pub period: String,
    /// Events.
    pub events: u64,
    /// Events per QuadClass 1 to 4.
    pub quad: [u64; 4],
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean Goldstein score (0 without events).
    pub goldstein_mean: f64,
}

/// One dyad's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadRow {
    /// Source side: country, else actor code.
    pub source: String,
    /// Target side: country, else actor code.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
    /// Events per QuadClass 1 to 4.
    pub quad: [u64; 4],
}

/// Events aggregated at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    /// Place name.
    pub name: String,
    /// Its country.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Events there.
    pub events: u64,
    /// Their mean Goldstein score.
    pub goldstein_mean: f64,
}

/// An actor mention in a [`DocumentView`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocActor {
    /// Byte offset of the start.
    pub start: i64,
    /// Byte offset of the end.
    pub end: i64,
    /// CAMEO actor code.
    pub code: String,
    /// Country, when known.
    pub country: Option<String>,
    /// Canonical name, when known.
    pub entity: Option<String>,
}

/// An event mention in a [`DocumentView`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocEvent {
    /// Byte offset of the evidence start.
    pub start: i64,
    /// Byte offset of the evidence end.
    pub end: i64,
    /// The store's event number this mention was merged into.
    pub id: Option<i64>,
    /// The mention's event id.
    pub event_id: String,
    /// CAMEO code.
    pub cameo: String,
    /// The rule that fired.
    pub rule: String,
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: Option<String>,
    /// Whether it is negated.
    pub negated: bool,
}

/// A place mention in a [`DocumentView`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocPlace {
    /// Byte offset of the start.
    pub start: i64,
    /// Byte offset of the end.
    pub end: i64,
    /// Place name.
    pub name: String,
    /// Country.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A date mention in a [`DocumentView`]: a date expression in the text and the date it
/// resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocDate {
    /// Byte offset of the start of the expression.
    pub start: i64,
    /// Byte offset of its end.
    pub end: i64,
    /// The resolved date, ISO 8601 at its precision: `2014-03-14`, `2014-03`, `2014`,
    /// `2014-W11`.
    pub date: String,
}

/// A quotation in a [`DocumentView`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocQuote {
    /// Byte offset of the start.
    pub start: i64,
    /// Byte offset of the end.
    pub end: i64,
    /// The speaker's code, else canonical name, when known.
    pub speaker: Option<String>,
}

/// One stored document with the spans of its layers. Offsets are bytes into `text`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentView {
    /// The document's id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// The text, when the store kept it (`dyad ingest --keep-text`, and every document
    /// posted to the server).
    pub text: Option<String>,
    /// Actor mentions.
    pub actors: Vec<DocActor>,
    /// Event mentions with their rules.
    pub events: Vec<DocEvent>,
    /// Place mentions.
    pub places: Vec<DocPlace>,
    /// Date mentions (kept from store schema version 3 on: empty for a document stored
    /// before its store was upgraded, and in a store older than version 3).
    pub dates: Vec<DocDate>,
    /// Quotations.
    pub quotes: Vec<DocQuote>,
}

/// The upper bound of a prefix range: every string starting with `p` sorts below it (codes
/// are ASCII; U+10FFFF is the largest character and sorts above every byte of ASCII).
fn prefix_end(p: &str) -> String {
    format!("{p}\u{10FFFF}")
}

/// A WHERE clause and its parameters, built one condition at a time.
#[derive(Default)]
struct Where {
    sql: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    /// Adds a condition; each `?` in `sql` takes the next of `values`.
    fn add(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        self.sql.push(sql.to_string());
        self.params.extend(values);
    }

    fn text(v: &str) -> Value {
        Value::Text(v.to_string())
    }

    fn prefix(&mut self, column: &str, p: &str) {
        self.add(
            &format!("{column} >= ? AND {column} < ?"),
            [Where::text(p), Value::Text(prefix_end(p))],
        );
    }

    fn clause(&self) -> String {
        if self.sql.is_empty() {
            "1".to_string()
        } else {
            self.sql.join(" AND ")
        }
    }

    fn filters(q: &EventQuery) -> Where {
        let mut w = Where::default();
        let day = |d: NaiveDate| Value::Text(d.format("%Y-%m-%d").to_string());
        // Undated events have date ''; it sorts below every day, so `>=` leaves them out.
        if let Some(d) = q.from {
            w.add("date >= ?", [day(d)]);
        }
        if let Some(d) = q.to {
            w.add("date <> '' AND date <= ?", [day(d)]);
        }
        if let Some(p) = &q.source {
            w.prefix("source_code", p);
        }
        if let Some(p) = &q.target {
            w.prefix("target_code", p);
        }
        if let Some(p) = &q.actor {
            let (a, b) = (Where::text(p), Value::Text(prefix_end(p)));
            w.add(
                "((source_code >= ? AND source_code < ?) OR (target_code >= ? AND target_code < ?))",
                [a.clone(), b.clone(), a, b],
            );
        }
        if let Some(c) = &q.country {
            // An actor's country is the first part of its CAMEO code (`USAGOV` is `USA`'s),
            // so a code prefix finds it, through the two code indexes (a `source_country`
            // term would make SQLite scan the table).
            let (a, b) = (Where::text(c), Value::Text(prefix_end(c)));
            w.add(
                "((source_code >= ? AND source_code < ?) OR (target_code >= ? AND target_code < ?))",
                [a.clone(), b.clone(), a, b],
            );
        }
        if let Some(r) = &q.root {
            w.add("cameo_root = ?", [Where::text(r)]);
        }
        if let Some(c) = &q.cameo {
            // The root index narrows the rows first: a code's root is its first two digits.
            if c.len() >= 2 && q.root.is_none() {
                w.add("cameo_root = ?", [Where::text(c.get(..2).unwrap_or(c))]);
            }
            w.prefix("cameo", c);
        }
        if let Some(n) = q.quad {
            w.add("quad_class = ?", [Value::Integer(i64::from(n))]);
        }
        if let Some(p) = &q.plover {
            w.add(
                "json_extract(record, '$.plover.type') = ?",
                [Where::text(p)],
            );
        }
        if let Some(c) = &q.place_country {
            w.add(
                "place <> '' AND json_extract(record, '$.location.country') = ?",
                [Where::text(c)],
            );
        }
        if let Some([min_lon, min_lat, max_lon, max_lat]) = q.bbox {
            w.add(
                "place <> '' AND json_extract(record, '$.location.lat') BETWEEN ? AND ?",
                [Value::Real(min_lat), Value::Real(max_lat)],
            );
            if min_lon <= max_lon {
                w.add(
                    "json_extract(record, '$.location.lon') BETWEEN ? AND ?",
                    [Value::Real(min_lon), Value::Real(max_lon)],
                );
            } else {
                w.add(
                    "(json_extract(record, '$.location.lon') >= ? \
                      OR json_extract(record, '$.location.lon') <= ?)",
                    [Value::Real(min_lon), Value::Real(max_lon)],
                );
            }
        }
        if let Some(t) = &q.text {
            // SQLite's lower() folds ASCII only; the needle is folded the same way.
            w.add(
                "instr(lower(json_extract(record, '$.evidence.text')), ?) > 0",
                [Value::Text(t.to_ascii_lowercase())],
            );
        }
        w
    }
}

const EVENT_COLUMNS: &str =
    "event, record, num_mentions, num_sources, num_articles, source_url, date";

fn event_row(r: &Row<'_>) -> Result<EventRow> {
    let record: String = r.get(1)?;
    let e: Event = serde_json::from_str(&record)?;
    Ok(EventRow::from_record(
        r.get(0)?,
        e,
        [r.get(2)?, r.get(3)?, r.get(4)?],
        r.get(5)?,
    ))
}

/// A page of events: newest date first, then highest event number; undated events last.
/// Returns at most `limit` rows and, when more follow, the cursor to pass for the next page.
pub fn events(
    store: &Store,
    q: &EventQuery,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<(Vec<EventRow>, Option<Cursor>)> {
    let mut w = Where::filters(q);
    if let Some(c) = after {
        w.add(
            "(date < ? OR (date = ? AND event < ?))",
            [
                Where::text(&c.date),
                Where::text(&c.date),
                Value::Integer(c.event),
            ],
        );
    }
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE {} ORDER BY date DESC, event DESC LIMIT ?",
        w.clause()
    );
    let mut params = w.params;
    // One more than asked tells whether another page follows.
    params.push(Value::Integer(
        limit.saturating_add(1).min(i64::MAX as usize) as i64,
    ));
    let mut st = store.connection().prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(params))?;
    let mut out = Vec::new();
    let mut last: Option<Cursor> = None;
    let mut more = false;
    while let Some(r) = rows.next()? {
        if out.len() == limit {
            more = true;
            break;
        }
        let row = event_row(r)?;
        last = Some(Cursor {
            date: r.get(6)?,
            event: row.id,
        });
        out.push(row);
    }
    Ok((out, if more { last } else { None }))
}

/// One event and every mention of it, oldest mention first; `None` when there is no such
/// event.
pub fn event(store: &Store, id: i64) -> Result<Option<(EventRow, Vec<MentionRow>)>> {
    let conn = store.connection();
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE event = ?1");
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(params![id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let row = event_row(r)?;
    let mut st = conn.prepare_cached(
        "SELECT d.id, d.title, d.url, m.outlet, d.date, m.sentence, m.evidence_start,
                m.evidence_end, coalesce(json_extract(m.record, '$.evidence.text'), ''), m.rule,
                m.confidence, m.event_id
         FROM mentions m JOIN documents d ON d.doc = m.doc
         WHERE m.event = ?1 ORDER BY m.rowid",
    )?;
    let mentions = st
        .query_map(params![id], |r| {
            Ok(MentionRow {
                doc_id: r.get(0)?,
                title: r.get(1)?,
                url: r.get(2)?,
                outlet: r.get(3)?,
                date: r.get(4)?,
                sentence: r.get(5)?,
                evidence: EvidenceRow {
                    start: r.get(6)?,
                    end: r.get(7)?,
                    text: r.get(8)?,
                },
                rule: r.get(9)?,
                // Stored from an f32: narrowed back so that 0.68 reads 0.68, not 0.6800000071.
                confidence: r.get::<_, f64>(10)? as f32,
                event_id: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some((row, mentions)))
}

/// Events per period and QuadClass with Goldstein sums, oldest period first. Negated and
/// undated events are not counted (as in [`Store::stats`]).
pub fn timeline(store: &Store, q: &EventQuery, by: Period) -> Result<Vec<TimelineRow>> {
    let w = Where::filters(q);
    // Grouped by day in SQL (in `events(date)` order), then folded into weeks or months here.
    let sql = format!(
        "SELECT date, count(*), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),
                sum(quad_class = 4), total(goldstein)
         FROM events WHERE negated = 0 AND date <> '' AND {} GROUP BY date",
        w.clause()
    );
    let mut st = store.connection().prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(w.params))?;
    let mut periods: BTreeMap<String, TimelineRow> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let date: String = r.get(0)?;
        // The store writes YYYY-MM-DD; anything else is skipped rather than fatal.
        let Ok(d) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
            continue;
        };
        let label = by.label(d);
        let p = periods.entry(label.clone()).or_insert_with(|| TimelineRow {
            period: label,
            ..TimelineRow::default()
        });
        p.events += r.get::<_, i64>(1)?.max(0) as u64;
        for i in 0..4 {
            p.quad[i] += r.get::<_, i64>(2 + i)?.max(0) as u64;
        }
        p.goldstein_sum += r.get::<_, f64>(6)?;
    }
    Ok(periods
        .into_values()
        .map(|mut p| {
            if p.events > 0 {
                p.goldstein_mean = p.goldstein_sum / p.events as f64;
            }
            p
        })
        .collect())
}

/// The `limit` dyads with the most events (country on each side, else actor code; events
/// with a target only), most events first. Negated and undated events are not counted.
pub fn dyads(store: &Store, q: &EventQuery, limit: usize) -> Result<Vec<DyadRow>> {
    let w = Where::filters(q);
    let sql = format!(
        "SELECT coalesce(source_country, source_code) AS s, coalesce(target_country, target_code) AS t,
                count(*) AS n, avg(goldstein), sum(quad_class = 1), sum(quad_class = 2),
                sum(quad_class = 3), sum(quad_class = 4)
         FROM events WHERE negated = 0 AND date <> '' AND target_code <> '' AND {}
         GROUP BY s, t ORDER BY n DESC, s, t LIMIT ?",
        w.clause()
    );
    let mut params = w.params;
    params.push(Value::Integer(limit.min(i64::MAX as usize) as i64));
    let mut st = store.connection().prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(params), |r| {
        let n = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
        Ok(DyadRow {
            source: r.get(0)?,
            target: r.get(1)?,
            events: n(2)?,
            goldstein_mean: r.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
            quad: [n(4)?, n(5)?, n(6)?, n(7)?],
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Events aggregated by place (the de-duplication key's place), most events first, at most
/// `limit` places. Negated events and events without a place are not counted.
pub fn places(store: &Store, q: &EventQuery, limit: usize) -> Result<Vec<PlaceCount>> {
    let w = Where::filters(q);
    // Group first, then read the name and coordinates from one record per place rather than
    // parsing the JSON of every row.
    let sql = format!(
        "SELECT json_extract(e.record, '$.location.name'), json_extract(e.record, '$.location.country'),
                json_extract(e.record, '$.location.lat'), json_extract(e.record, '$.location.lon'),
                g.n, g.g
         FROM (SELECT place, count(*) AS n, avg(goldstein) AS g, min(event) AS first
               FROM events WHERE negated = 0 AND place <> '' AND {}
               GROUP BY place ORDER BY n DESC, place LIMIT ?) AS g
         JOIN events e ON e.event = g.first
         ORDER BY g.n DESC, g.place",
        w.clause()
    );
    let mut params = w.params;
    params.push(Value::Integer(limit.min(i64::MAX as usize) as i64));
    let mut st = store.connection().prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(params), |r| {
        Ok(PlaceCount {
            name: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
            country: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            lat: r.get::<_, Option<f64>>(2)?.unwrap_or(0.0),
            lon: r.get::<_, Option<f64>>(3)?.unwrap_or(0.0),
            events: r.get::<_, i64>(4)?.max(0) as u64,
            goldstein_mean: r.get::<_, Option<f64>>(5)?.unwrap_or(0.0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One document with the spans of its actors, events, places, dates and quotes; `None` when
/// no document has this id.
pub fn document(store: &Store, id: &str) -> Result<Option<DocumentView>> {
    let conn = store.connection();
    let head = conn
        .prepare_cached(
            "SELECT doc, id, title, date, url, source, text FROM documents WHERE id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                DocumentView {
                    id: r.get(1)?,
                    title: r.get(2)?,
                    date: r.get(3)?,
                    url: r.get(4)?,
                    source: r.get(5)?,
                    text: r.get(6)?,
                    actors: Vec::new(),
                    events: Vec::new(),
                    places: Vec::new(),
                    dates: Vec::new(),
                    quotes: Vec::new(),
                },
            ))
        })
        .optional()?;
    let Some((doc, mut view)) = head else {
        return Ok(None);
    };
    view.actors = conn
        .prepare_cached(
            "SELECT start, end, code, country, entity FROM actors WHERE doc = ?1 ORDER BY start, end",
        )?
        .query_map(params![doc], |r| {
            Ok(DocActor {
                start: r.get(0)?,
                end: r.get(1)?,
                code: r.get(2)?,
                country: r.get(3)?,
                entity: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(
        "SELECT event, record FROM mentions WHERE doc = ?1 ORDER BY evidence_start, rowid",
    )?;
    let mut rows = st.query(params![doc])?;
    while let Some(r) = rows.next()? {
        let record: String = r.get(1)?;
        let e: Event = serde_json::from_str(&record)?;
        view.events.push(DocEvent {
            start: i64::from(e.evidence.start),
            end: i64::from(e.evidence.end),
            id: r.get(0)?,
            event_id: e.event_id,
            cameo: e.cameo,
            rule: e.rule,
            source: e.source.code,
            target: e.target.map(|t| t.code),
            negated: e.negated,
        });
    }
    view.places = conn
        .prepare_cached(
            "SELECT start, end, name, country, lat, lon FROM places WHERE doc = ?1 ORDER BY start, end",
        )?
        .query_map(params![doc], |r| {
            Ok(DocPlace {
                start: r.get(0)?,
                end: r.get(1)?,
                name: r.get(2)?,
                country: r.get(3)?,
                lat: r.get(4)?,
                lon: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // An older store, read as it is, has no table for date mentions.
    if store.schema_version() >= crate::schema::DATES_VERSION {
        view.dates = conn
            .prepare_cached(
                "SELECT start, end, value FROM dates WHERE doc = ?1 ORDER BY start, end, rowid",
            )?
            .query_map(params![doc], |r| {
                Ok(DocDate {
                    start: r.get(0)?,
                    end: r.get(1)?,
                    date: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    view.quotes = conn
        .prepare_cached(
            "SELECT start, end, coalesce(speaker_code, speaker_entity) FROM quotes
             WHERE doc = ?1 ORDER BY start, end",
        )?
        .query_map(params![doc], |r| {
            Ok(DocQuote {
                start: r.get(0)?,
                end: r.get(1)?,
                speaker: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(view))
}

/// The events with these numbers, in the order given; numbers with no event (deleted since)
/// are left out. For callers that choose events by other means (the server's in-memory index).
pub fn events_by_id(store: &Store, ids: &[i64]) -> Result<Vec<EventRow>> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE event = ?1");
    let mut st = store.connection().prepare_cached(&sql)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut rows = st.query(params![id])?;
        if let Some(r) = rows.next()? {
            out.push(event_row(r)?);
        }
    }
    Ok(out)
}

/// The columns of an event that the server's in-memory index keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct EventKeyRow {
    /// Event number.
    pub event: i64,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// Source actor code.
    pub source_code: String,
    /// Target actor code, or empty.
    pub target_code: String,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO root code.
    pub cameo_root: String,
    /// QuadClass.
    pub quad_class: i64,
    /// Goldstein score.
    pub goldstein: f64,
    /// Negated.
    pub negated: bool,
    /// The source side as `/api/dyads` shows it: its country, else its code.
    pub source_side: String,
    /// The target side: its country, else its code (empty without target).
    pub target_side: String,
    /// The place key (`geonames:<id>`, `<name>|<country>`, or empty).
    pub place: String,
}

/// Calls `each` on the key columns of every event numbered above `after`, in number order
/// (a walk of the table by its key: new events since the last call are at its end).
pub fn for_each_event_key(
    store: &Store,
    after: i64,
    mut each: impl FnMut(EventKeyRow),
) -> Result<()> {
    let mut st = store.connection().prepare_cached(
        "SELECT event, date, source_code, target_code, cameo, cameo_root, quad_class, goldstein,
                negated, coalesce(source_country, source_code),
                coalesce(target_country, target_code), place
         FROM events WHERE event > ?1 ORDER BY event",
    )?;
    let mut rows = st.query(params![after])?;
    while let Some(r) = rows.next()? {
        each(EventKeyRow {
            event: r.get(0)?,
            date: r.get(1)?,
            source_code: r.get(2)?,
            target_code: r.get(3)?,
            cameo: r.get(4)?,
            cameo_root: r.get(5)?,
            quad_class: r.get(6)?,
            goldstein: r.get(7)?,
            negated: r.get(8)?,
            source_side: r.get(9)?,
            target_side: r.get(10)?,
            place: r.get(11)?,
        });
    }
    Ok(())
}
