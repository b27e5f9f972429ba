//! Per-event formatting shared by `dyad code` and `dyad export`: flat CSV rows, GDELT 2.0 event
//! table rows (61 tab-separated columns) and JSON Lines rows with the store's counts.
//!
//! The functions return fields, not bytes, so that callers choose their writer; [`csv_line`]
//! and [`tsv_line`] join them.

use crate::store::StoredEvent;
use chrono::{Datelike, NaiveDate};
use dyad_core::{Event, EventActor};
use serde::Serialize;

/// How often an event was reported: GDELT's `NumMentions`, `NumSources`, `NumArticles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Mentions across all articles (an article may mention an event more than once).
    pub num_mentions: u64,
    /// Distinct outlets (the documents' `source`; an article without one counts as its own).
    pub num_sources: u64,
    /// Distinct articles.
    pub num_articles: u64,
}

impl Counts {
    /// The counts of an event seen once, in one article: what `dyad code` reports.
    pub const ONE: Counts = Counts {
        num_mentions: 1,
        num_sources: 1,
        num_articles: 1,
    };
}

/// The columns of the flat CSV record, in order (one row per event, see [`csv_row`]).
pub const CSV_COLUMNS: [&str; 33] = [
    "event_id",
    "doc_id",
    "sentence",
    "date",
    "date_source",
    "source_text",
    "source_code",
    "source_country",
    "source_roles",
    "source_entity",
    "target_text",
    "target_code",
    "target_country",
    "target_roles",
    "target_entity",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "location_name",
    "location_country",
    "location_lat",
    "location_lon",
    "location_geonames_id",
    "evidence",
    "evidence_start",
    "evidence_end",
    "rule",
    "negated",
    "modality",
    "confidence",
];

/// Columns `dyad export --format csv` appends to [`CSV_COLUMNS`] (see [`stored_csv_row`]).
pub const STORED_CSV_COLUMNS: [&str; 5] = [
    "global_event_id",
    "num_mentions",
    "num_sources",
    "num_articles",
    "date_added",
];

/// The CSV header: [`CSV_COLUMNS`].
pub fn csv_header() -> Vec<String> {
    CSV_COLUMNS.iter().map(|s| s.to_string()).collect()
}

/// The CSV header of a store export: [`CSV_COLUMNS`] then [`STORED_CSV_COLUMNS`].
pub fn stored_csv_header() -> Vec<String> {
    CSV_COLUMNS
        .iter()
        .chain(STORED_CSV_COLUMNS.iter())
        .map(|s| s.to_string())
        .collect()
}

/// One event as CSV fields, in [`CSV_COLUMNS`] order. Role lists are joined with `;`; absent
/// values are empty.
pub fn csv_row(e: &Event) -> Vec<String> {
    let opt = |s: Option<&str>| s.unwrap_or("").to_string();
    let t = e.target.as_ref();
    let loc = e.location.as_ref();
    vec![
        e.event_id.clone(),
        e.doc_id.clone(),
        e.sentence.to_string(),
        opt(e.date.as_deref()),
        e.date_source.clone(),
        e.source.text.clone(),
        e.source.code.clone(),
        opt(e.source.country.as_deref()),
        e.source.roles.join(";"),
        opt(e.source.entity.as_deref()),
        opt(t.map(|t| t.text.as_str())),
        opt(t.map(|t| t.code.as_str())),
        opt(t.and_then(|t| t.country.as_deref())),
        t.map(|t| t.roles.join(";")).unwrap_or_default(),
        opt(t.and_then(|t| t.entity.as_deref())),
        e.cameo.clone(),
        e.cameo_root.clone(),
        e.quad_class.to_string(),
        e.goldstein.to_string(),
        e.plover.kind.clone(),
        opt(e.plover.mode.as_deref()),
        opt(loc.map(|l| l.name.as_str())),
        opt(loc.map(|l| l.country.as_str())),
        loc.map(|l| l.lat.to_string()).unwrap_or_default(),
        loc.map(|l| l.lon.to_string()).unwrap_or_default(),
        loc.and_then(|l| l.geonames_id)
            .map(|g| g.to_string())
            .unwrap_or_default(),
        e.evidence.text.clone(),
        e.evidence.start.to_string(),
        e.evidence.end.to_string(),
        e.rule.clone(),
        e.negated.to_string(),
        e.modality.clone(),
        e.confidence.to_string(),
    ]
}

/// A stored event as CSV fields: [`csv_row`] then [`STORED_CSV_COLUMNS`].
pub fn stored_csv_row(s: &StoredEvent) -> Vec<String> {
    let mut row = csv_row(&s.event);
    row.extend([
        s.global_event_id.to_string(),
        s.counts.num_mentions.to_string(),
        s.counts.num_sources.to_string(),
        s.counts.num_articles.to_string(),
        s.date_added.clone(),
    ]);
    row
}

/// Joins fields into one CSV line (RFC 4180: a field holding a comma, quote or line break is
/// quoted, quotes doubled), with a trailing newline.
pub fn csv_line(fields: &[String]) -> String {
    let mut out = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum::<usize>() + 8);
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
    out
}

/// Joins fields into one tab-separated line with a trailing newline. GDELT files have no
/// quoting, so tabs and line breaks inside a field become spaces.
pub fn tsv_line(fields: &[String]) -> String {
    let mut out = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum::<usize>() + 1);
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        if f.contains(['\t', '\n', '\r']) {
            out.push_str(&f.replace(['\t', '\n', '\r'], " "));
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
    out
}

/// The 61 columns of the GDELT 2.0 event table, in their order (GDELT Event Codebook V2.0).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// What a GDELT row needs besides the event record.
#[derive(Debug, Clone, Copy)]
pub struct GdeltExtra<'a> {
    /// `GlobalEventID`: the store's event number, or a running number in `dyad code`.
    pub global_event_id: u64,
    /// `NumMentions`, `NumSources`, `NumArticles`.
    pub counts: Counts,
    /// `DATEADDED`, `YYYYMMDDHHMMSS` UTC.
    pub date_added: &'a str,
    /// `SOURCEURL`: the first report's URL; the document id stands in when there is none.
    pub source_url: Option<&'a str>,
}

/// Codes that start an actor code for a known international or non-state group
/// (`IGOUNO`: the known group is `UNO`).
const GROUP_PREFIXES: [&str; 4] = ["IGO", "NGO", "IMG", "MNC"];

/// One event as the 61 fields of a GDELT 2.0 event-table row, in [`GDELT_COLUMNS`] order.
/// Fields dyad does not produce (ethnic and religion codes, tone, actor geography, FIPS country
/// and ADM codes) are empty; see `docs/formats.md` for each column.
pub fn gdelt_row(e: &Event, x: &GdeltExtra<'_>) -> Vec<String> {
    let mut row: Vec<String> = Vec::with_capacity(61);
    let day = e
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    row.push(x.global_event_id.to_string());
    match day {
        Some(d) => {
            row.push(d.format("%Y%m%d").to_string());
            row.push(d.format("%Y%m").to_string());
            row.push(d.year().to_string());
            // The codebook's approximation: (month * 30 + day) / 365.
            let frac = (d.month() * 30 + d.day()) as f64 / 365.0;
            row.push(format!("{:.4}", d.year() as f64 + frac));
        }
        None => row.extend(std::iter::repeat_n(String::new(), 4)),
    }
    push_actor(&mut row, Some(&e.source));
    push_actor(&mut row, e.target.as_ref());
    // IsRootEvent: GDELT flags events of the lead paragraph; dyad flags the first sentence.
    row.push(if e.sentence == 0 { "1" } else { "0" }.to_string());
    row.push(e.cameo.clone());
    let base = if e.cameo.len() > 3 {
        e.cameo.get(..3).unwrap_or(&e.cameo)
    } else {
        &e.cameo
    };
    row.push(base.to_string());
    row.push(e.cameo_root.clone());
    row.push(e.quad_class.to_string());
    row.push(format!("{:.1}", e.goldstein));
    row.push(x.counts.num_mentions.to_string());
    row.push(x.counts.num_sources.to_string());
    row.push(x.counts.num_articles.to_string());
    row.push(String::new()); // AvgTone
                             // Actor1Geo_* and Actor2Geo_*: dyad does not place actors.
    row.extend(std::iter::repeat_n(String::new(), 16));
    match &e.location {
        Some(l) => {
            row.push(String::new()); // ActionGeo_Type
            row.push(l.name.clone());
            row.push(String::new()); // FIPS 10-4 country code
            row.push(String::new()); // ADM1 (FIPS)
            row.push(String::new()); // ADM2 (GAUL)
            row.push(l.lat.to_string());
            row.push(l.lon.to_string());
            row.push(l.geonames_id.map(|g| g.to_string()).unwrap_or_default());
        }
        None => row.extend(std::iter::repeat_n(String::new(), 8)),
    }
    row.push(x.date_added.to_string());
    row.push(x.source_url.unwrap_or(&e.doc_id).to_string());
    debug_assert_eq!(row.len(), GDELT_COLUMNS.len());
    row
}

/// The ten actor fields: code, name, country, known group, ethnic, religion 1 and 2, types 1–3.
fn push_actor(row: &mut Vec<String>, a: Option<&EventActor>) {
    let Some(a) = a else {
        row.extend(std::iter::repeat_n(String::new(), 10));
        return;
    };
    row.push(a.code.clone());
    row.push(a.entity.as_deref().unwrap_or(&a.text).to_uppercase());
    // The fields come from the code itself (CAMEO convention), so that they agree with it.
    let (country, chunks) = dyad_core::split_actor_code(&a.code);
    row.push(a.country.clone().or(country).unwrap_or_default());
    let mut roles: Vec<&str> = chunks.iter().map(String::as_str).collect();
    let group = match roles.first() {
        Some(first) if GROUP_PREFIXES.contains(first) => {
            let g = roles.get(1).map(|s| s.to_string());
            roles.drain(..roles.len().min(2));
            g
        }
        _ => None,
    };
    row.push(group.unwrap_or_default());
    row.extend(std::iter::repeat_n(String::new(), 3)); // ethnic, religion 1, religion 2
    for i in 0..3 {
        row.push(roles.get(i).map(|s| s.to_string()).unwrap_or_default());
    }
}

/// A stored event as a GDELT row.
pub fn stored_gdelt_row(s: &StoredEvent) -> Vec<String> {
    gdelt_row(
        &s.event,
        &GdeltExtra {
            global_event_id: s.global_event_id.max(0) as u64,
            counts: s.counts,
            date_added: &s.date_added,
            source_url: s.source_url.as_deref(),
        },
    )
}

/// A stored event as one JSON object: the record of its first mention plus `global_event_id`,
/// `num_mentions`, `num_sources`, `num_articles` and `date_added`.
pub fn stored_json(s: &StoredEvent) -> serde_json::Result<serde_json::Value> {
    let mut v = serde_json::to_value(&s.event)?;
    if let Some(obj) = v.as_object_mut() {
        obj.insert("global_event_id".into(), s.global_event_id.into());
        obj.insert("num_mentions".into(), s.counts.num_mentions.into());
        obj.insert("num_sources".into(), s.counts.num_sources.into());
        obj.insert("num_articles".into(), s.counts.num_articles.into());
        obj.insert("date_added".into(), s.date_added.clone().into());
        if let Some(u) = &s.source_url {
            obj.insert("source_url".into(), u.clone().into());
        }
    }
    Ok(v)
}
