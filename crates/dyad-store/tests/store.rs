//! The store's contract: idempotent ingest, GDELT-style de-duplication, replacement of changed
//! documents, refusal of foreign and newer databases, the export formats and statistics.

use dyad_core::{
    DateMention, Document, Event, EventActor, Evidence, Location, Metadata, Plover, Span,
};
use dyad_store::format::{
    csv_line, csv_row, gdelt_row, stored_gdelt_row, stored_json, tsv_line, Counts, GdeltExtra,
    CSV_COLUMNS, GDELT_COLUMNS,
};
use dyad_store::query::{self, DocDate};
use dyad_store::{Error, EventFilter, Ingested, Period, StatsQuery, Store, StoreOptions};
use std::path::PathBuf;

/// A fresh directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn actor(text: &str, code: &str) -> EventActor {
    let (country, roles) = dyad_core::split_actor_code(code);
    EventActor {
        text: text.to_string(),
        code: code.to_string(),
        country,
        roles,
        entity: None,
        span: Span::new(0, text.len()),
    }
}

fn event(doc: &str, sentence: u32, date: &str, src: &str, tgt: &str, cameo: &str) -> Event {
    let root = cameo.get(..2).unwrap_or(cameo).to_string();
    let quad = match root.as_str() {
        "01" | "02" | "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" => 3,
        _ => 4,
    };
    Event {
        doc_id: doc.to_string(),
        sentence,
        event_id: format!("{doc}-{sentence}-{cameo}"),
        date: Some(date.to_string()),
        date_source: "document".to_string(),
        source: actor("Kerry", src),
        target: Some(actor("Lavrov", tgt)),
        cameo: cameo.to_string(),
        cameo_root: root,
        quad_class: quad,
        goldstein: if quad <= 2 { 1.9 } else { -5.0 },
        plover: Plover {
            kind: "CONSULT".to_string(),
            mode: Some("visit".to_string()),
        },
        location: Some(Location {
            name: "London".to_string(),
            country: "GBR".to_string(),
            admin1: None,
            lat: 51.51,
            lon: -0.13,
            geonames_id: Some(2643743),
        }),
        evidence: Evidence {
            text: "Kerry\tmet Lavrov".to_string(),
            start: 0,
            end: 16,
        },
        rule: "04-consult.toml#1".to_string(),
        negated: false,
        modality: "asserted".to_string(),
        confidence: 0.8,
    }
}

fn doc(id: &str, source: Option<&str>, text: &str, events: Vec<Event>) -> Document {
    let mut meta = Metadata::with_id(id);
    meta.source = source.map(str::to_string);
    meta.url = Some(format!("https://example.invalid/{id}"));
    meta.date = dyad_core::parse_iso_date("2014-03-14").ok();
    let mut d = Document::new(meta, text);
    d.events = events;
    d
}

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir.join("events.db"), StoreOptions::default()).unwrap()
}

#[test]
fn the_same_document_twice_is_stored_once() {
    let dir = temp_dir("idempotent");
    let mut store = open(&dir);
    let d = doc(
        "a",
        Some("Reuters"),
        "Kerry met Lavrov.",
        vec![event("a", 0, "2014-03-14", "USAGOV", "RUSGOV", "042")],
    );
    assert_eq!(store.ingest(&d).unwrap(), Ingested::New { events: 1 });
    let before = store.totals().unwrap();
    assert!(store.contains(&d).unwrap());
    assert_eq!(store.ingest(&d).unwrap(), Ingested::Skipped);
    assert_eq!(store.totals().unwrap(), before);
    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].counts, Counts::ONE);
    // Reopening finds everything again.
    drop(store);
    let store = open(&dir);
    assert_eq!(store.totals().unwrap(), before);
}

#[test]
fn one_event_reported_by_two_outlets_is_one_row_with_counts() {
    let dir = temp_dir("dedup");
    let mut store = open(&dir);
    let e = |d: &str, s: u32| event(d, s, "2014-03-14", "USAGOV", "RUSGOV", "042");
    store
        .ingest(&doc("a", Some("Reuters"), "A.", vec![e("a", 0)]))
        .unwrap();
    store
        .ingest(&doc("b", Some("AP"), "B.", vec![e("b", 2)]))
        .unwrap();
    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].counts,
        Counts {
            num_mentions: 2,
            num_sources: 2,
            num_articles: 2
        }
    );
    // The first report's record and URL represent the event.
    assert_eq!(events[0].event.doc_id, "a");
    assert_eq!(
        events[0].source_url.as_deref(),
        Some("https://example.invalid/a")
    );
    // A third article from a known outlet, mentioning the event twice.
    store
        .ingest(&doc("c", Some("Reuters"), "C.", vec![e("c", 0), e("c", 3)]))
        .unwrap();
    // A different day, a different target and a negation are other events.
    let mut neg = e("d", 1);
    neg.negated = true;
    store
        .ingest(&doc(
            "d",
            None,
            "D.",
            vec![
                event("d", 0, "2014-03-15", "USAGOV", "RUSGOV", "042"),
                event("d", 0, "2014-03-14", "USAGOV", "GBRGOV", "042"),
                neg,
            ],
        ))
        .unwrap();
    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(
        events[0].counts,
        Counts {
            num_mentions: 4,
            num_sources: 2,
            num_articles: 3
        }
    );
    let t = store.totals().unwrap();
    assert_eq!((t.documents, t.mentions), (4, 7));
    assert!(store.check_counts().unwrap().is_empty());
    // Ingesting them all again changes nothing.
    for id in ["a", "b"] {
        let d = doc(
            id,
            Some(if id == "a" { "Reuters" } else { "AP" }),
            &format!("{}.", id.to_uppercase()),
            vec![e(id, if id == "a" { 0 } else { 2 })],
        );
        assert_eq!(store.ingest(&d).unwrap(), Ingested::Skipped);
    }
    assert_eq!(
        store.events(&EventFilter::default()).unwrap()[0]
            .counts
            .num_mentions,
        4
    );
}

#[test]
fn a_replacement_read_from_another_file_is_flagged() {
    let dir = temp_dir("other-file");
    let mut store = open(&dir);
    let from = |origin: &str, text: &str| {
        let mut d = doc("report", None, text, vec![]);
        d.meta.origin = Some(origin.to_string());
        d
    };
    store.ingest(&from("corpus/a/report.txt", "One.")).unwrap();
    // Two files named `report.txt` whose id came from the file name: the second is flagged.
    assert_eq!(
        store.ingest(&from("corpus/b/report.txt", "Two.")).unwrap(),
        Ingested::Replaced {
            events: 0,
            other_file: true
        }
    );
    // The same JSON Lines file, the record moved to another line: an ordinary update.
    store.ingest(&from("feed.jsonl:3", "Three.")).unwrap();
    assert_eq!(
        store.ingest(&from("feed.jsonl:5", "Four.")).unwrap(),
        Ingested::Replaced {
            events: 0,
            other_file: false
        }
    );
}

#[test]
fn a_changed_document_replaces_its_mentions_and_recounts() {
    let dir = temp_dir("replace");
    let mut store = open(&dir);
    let e = |d: &str| event(d, 0, "2014-03-14", "USAGOV", "RUSGOV", "042");
    store
        .ingest(&doc("a", Some("Reuters"), "A.", vec![e("a")]))
        .unwrap();
    store
        .ingest(&doc("b", Some("AP"), "B.", vec![e("b")]))
        .unwrap();
    // `a` comes again with new text and another event.
    let changed = doc(
        "a",
        Some("Reuters"),
        "A, corrected.",
        vec![event("a", 0, "2014-03-14", "RUSGOV", "UKRGOV", "190")],
    );
    assert_eq!(
        store.ingest(&changed).unwrap(),
        Ingested::Replaced {
            events: 1,
            other_file: false
        }
    );
    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 2);
    let consult = events.iter().find(|x| x.event.cameo == "042").unwrap();
    assert_eq!(consult.counts, Counts::ONE);
    // The remaining mention now represents the event.
    assert_eq!(consult.event.doc_id, "b");
    assert_eq!(store.totals().unwrap().documents, 2);
    assert!(store.check_counts().unwrap().is_empty());
    // `b` loses its only event: the event row goes.
    store
        .ingest(&doc("b", Some("AP"), "B, no news.", vec![]))
        .unwrap();
    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event.cameo, "190");
}

/// A date mention of `text` at the first occurrence of `expr`.
fn date_at(text: &str, expr: &str, value: &str) -> DateMention {
    let start = text.find(expr).unwrap();
    DateMention {
        span: Span::new(start, start + expr.len()),
        sentence: 0,
        value: value.to_string(),
    }
}

#[test]
fn date_mentions_round_trip_and_go_with_their_document() {
    let dir = temp_dir("dates");
    let mut store = Store::open(
        dir.join("events.db"),
        StoreOptions {
            keep_text: true,
            ..StoreOptions::default()
        },
    )
    .unwrap();
    let text = "On Friday, March 14, Kerry met Lavrov in London; they meet again in April 2014.";
    let mut a = doc("a", Some("Reuters"), text, vec![]);
    // Out of text order: the view gives them by offset.
    a.dates = vec![
        date_at(text, "April 2014", "2014-04"),
        date_at(text, "Friday, March 14", "2014-03-14"),
    ];
    let mut b = doc("b", Some("AP"), "Kerry met Lavrov.", vec![]);
    b.dates = vec![date_at("Kerry met Lavrov.", "Kerry", "2014")];
    store.ingest(&a).unwrap();
    store.ingest(&b).unwrap();
    store.commit().unwrap();
    assert_eq!(store.totals().unwrap().dates, 3);
    let view = query::document(&store, "a").unwrap().unwrap();
    let dates: Vec<(&str, &str)> = view
        .dates
        .iter()
        .map(|d| (&text[d.start as usize..d.end as usize], d.date.as_str()))
        .collect();
    assert_eq!(
        dates,
        [
            ("Friday, March 14", "2014-03-14"),
            ("April 2014", "2014-04")
        ]
    );
    assert_eq!(
        view.dates[0],
        DocDate {
            start: 3,
            end: 19,
            date: "2014-03-14".to_string()
        }
    );
    // Skipping the same document again adds nothing.
    assert_eq!(store.ingest(&a).unwrap(), Ingested::Skipped);
    assert_eq!(store.totals().unwrap().dates, 3);
    // A read-only open of the same store reads them too.
    let reader = Store::open_read_only(dir.join("events.db")).unwrap();
    assert_eq!(
        query::document(&reader, "a").unwrap().unwrap().dates,
        view.dates
    );
    drop(reader);

    // A new version without date mentions: the old ones vanish, `b`'s stay.
    let text2 = "Kerry met Lavrov in London.";
    store
        .ingest(&doc("a", Some("Reuters"), text2, vec![]))
        .unwrap();
    assert!(query::document(&store, "a")
        .unwrap()
        .unwrap()
        .dates
        .is_empty());
    assert_eq!(store.totals().unwrap().dates, 1);
    assert_eq!(
        query::document(&store, "b").unwrap().unwrap().dates.len(),
        1
    );
    // And a third version with one of its own: only that one.
    let text3 = "Kerry met Lavrov in London on Monday.";
    let mut a3 = doc("a", Some("Reuters"), text3, vec![]);
    a3.dates = vec![date_at(text3, "Monday", "2014-03-17")];
    assert!(matches!(
        store.ingest(&a3).unwrap(),
        Ingested::Replaced { .. }
    ));
    let view = query::document(&store, "a").unwrap().unwrap();
    assert_eq!(view.dates.len(), 1);
    let d = &view.dates[0];
    assert_eq!(&text3[d.start as usize..d.end as usize], "Monday");
    assert_eq!(d.date, "2014-03-17");
    assert_eq!(store.totals().unwrap().dates, 2);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn foreign_and_newer_databases_are_refused_untouched() {
    let dir = temp_dir("refuse");
    // Not a database at all.
    let junk = dir.join("notes.db");
    std::fs::write(
        &junk,
        b"these are my notes, not a database; keep them safe\n".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&junk).unwrap();
    let err = Store::open(&junk, StoreOptions::default()).err().unwrap();
    assert!(matches!(err, Error::Foreign { .. }), "{err}");
    assert_eq!(std::fs::read(&junk).unwrap(), before);

    // Another application's SQLite database.
    let other = dir.join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let err = Store::open(&other, StoreOptions::default()).err().unwrap();
    assert!(matches!(err, Error::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("not a dyad event store"));
    assert_eq!(std::fs::read(&other).unwrap(), before);
    assert!(!dir.join("other.db-wal").exists());

    // A store from a newer dyad.
    let newer = dir.join("newer.db");
    {
        let mut s = Store::open(&newer, StoreOptions::default()).unwrap();
        s.ingest(&doc("a", None, "A.", vec![])).unwrap();
        s.connection()
            .execute_batch(&format!(
                "PRAGMA user_version = {}",
                dyad_store::SCHEMA_VERSION + 1
            ))
            .unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    for err in [
        Store::open(&newer, StoreOptions::default()).err().unwrap(),
        Store::open_read_only(&newer).err().unwrap(),
    ] {
        assert!(matches!(err, Error::TooNew { .. }), "{err}");
        assert!(err.to_string().contains("newer dyad"), "{err}");
    }
    assert_eq!(std::fs::read(&newer).unwrap(), before);

    // Read-only opens never create a store.
    let missing = dir.join("missing.db");
    assert!(matches!(
        Store::open_read_only(&missing).err().unwrap(),
        Error::Missing { .. }
    ));
    assert!(!missing.exists());
}

#[test]
fn gdelt_rows_have_61_columns_in_order() {
    assert_eq!(GDELT_COLUMNS.len(), 61);
    assert_eq!(GDELT_COLUMNS[0], "GlobalEventID");
    assert_eq!(GDELT_COLUMNS[26], "EventCode");
    assert_eq!(GDELT_COLUMNS[59], "DATEADDED");
    assert_eq!(GDELT_COLUMNS[60], "SOURCEURL");
    let mut e = event("a", 0, "2014-03-14", "IGOUNO", "RUSGOVMIL", "0421");
    e.target.as_mut().unwrap().entity = Some("Sergey Lavrov".into());
    let row = gdelt_row(
        &e,
        &GdeltExtra {
            global_event_id: 7,
            counts: Counts::ONE,
            date_added: "20260101120000",
            source_url: Some("https://example.invalid/a"),
        },
    );
    assert_eq!(row.len(), 61);
    let col = |name: &str| &row[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()];
    assert_eq!(col("GlobalEventID"), "7");
    assert_eq!(col("Day"), "20140314");
    assert_eq!(col("MonthYear"), "201403");
    assert_eq!(col("Year"), "2014");
    assert_eq!(col("FractionDate"), "2014.2849"); // (3*30+14)/365
    assert_eq!(col("Actor1Code"), "IGOUNO");
    assert_eq!(col("Actor1CountryCode"), "");
    assert_eq!(col("Actor1KnownGroupCode"), "UNO");
    assert_eq!(col("Actor1Type1Code"), "");
    assert_eq!(col("Actor2Name"), "SERGEY LAVROV");
    assert_eq!(col("Actor2CountryCode"), "RUS");
    assert_eq!(col("Actor2Type1Code"), "GOV");
    assert_eq!(col("Actor2Type2Code"), "MIL");
    assert_eq!(col("IsRootEvent"), "1");
    assert_eq!(col("EventCode"), "0421");
    assert_eq!(col("EventBaseCode"), "042");
    assert_eq!(col("EventRootCode"), "04");
    assert_eq!(col("QuadClass"), "1");
    assert_eq!(col("GoldsteinScale"), "1.9");
    assert_eq!(col("NumSources"), "1");
    assert_eq!(col("AvgTone"), "");
    assert_eq!(col("ActionGeo_FullName"), "London");
    assert_eq!(col("ActionGeo_Lat"), "51.51");
    assert_eq!(col("ActionGeo_FeatureID"), "2643743");
    assert_eq!(col("DATEADDED"), "20260101120000");
    assert_eq!(col("SOURCEURL"), "https://example.invalid/a");
    // A tab inside a field never adds a column.
    let line = tsv_line(&row);
    assert_eq!(line.trim_end_matches('\n').split('\t').count(), 61);
    // Without a date or target the row keeps its width.
    e.date = None;
    e.target = None;
    e.location = None;
    let extra = GdeltExtra {
        global_event_id: 1,
        counts: Counts::ONE,
        date_added: "",
        source_url: None,
    };
    let row = gdelt_row(&e, &extra);
    assert_eq!(row.len(), 61);
    assert_eq!(row[60], "a"); // the document id stands in for a URL
}

#[test]
fn csv_rows_match_the_header_and_quote() {
    let e = event("a,b", 0, "2014-03-14", "USAGOV", "RUSGOV", "042");
    let row = csv_row(&e);
    assert_eq!(row.len(), CSV_COLUMNS.len());
    let line = csv_line(&row);
    assert!(
        line.starts_with("\"a,b-0-042\",\"a,b\",0,2014-03-14,"),
        "{line}"
    );
    assert_eq!(csv_line(&["x\"y".into(), "z".into()]), "\"x\"\"y\",z\n");
}

#[test]
fn exports_carry_counts_and_filter_by_date() {
    let dir = temp_dir("export");
    let mut store = open(&dir);
    for (id, day) in [
        ("a", "2014-03-01"),
        ("b", "2014-03-20"),
        ("c", "2014-04-02"),
    ] {
        store
            .ingest(&doc(
                id,
                Some(id),
                id,
                vec![event(id, 0, day, "USAGOV", "RUSGOV", "042")],
            ))
            .unwrap();
    }
    let from = dyad_core::parse_iso_date("2014-03-10").ok();
    let to = dyad_core::parse_iso_date("2014-03-31").ok();
    let events = store.events(&EventFilter { from, to }).unwrap();
    assert_eq!(events.len(), 1);
    let json = stored_json(&events[0]).unwrap();
    assert_eq!(json["doc_id"], "b");
    assert_eq!(json["num_mentions"], 1);
    assert_eq!(json["num_sources"], 1);
    assert_eq!(json["num_articles"], 1);
    assert_eq!(stored_gdelt_row(&events[0]).len(), 61);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_round_trips_with_the_shared_schema() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let dir = temp_dir("parquet");
    let mut store = open(&dir);
    store
        .ingest(&doc(
            "a",
            Some("Reuters"),
            "A.",
            vec![
                event("a", 0, "2014-03-14", "USAGOV", "RUSGOV", "042"),
                event("a", 1, "2014-03-14", "RUSMIL", "UKRMIL", "190"),
            ],
        ))
        .unwrap();
    let path = dir.join("events.parquet");
    let mut w =
        dyad_store::parquet::ParquetWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
    store
        .for_each_event(&EventFilter::default(), |e| w.push_stored(e))
        .unwrap();
    // Events from outside a store share the file's schema.
    w.write_events(&[event("z", 0, "2014-03-15", "GBRGOV", "FRAGOV", "036")])
        .unwrap();
    w.finish().unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 3);
    let schema = dyad_store::parquet::arrow_schema();
    assert_eq!(batches[0].schema().fields(), schema.fields());
    let nm = batches
        .iter()
        .map(|b| b.column_by_name("num_mentions").unwrap().null_count())
        .sum::<usize>();
    assert_eq!(
        nm, 1,
        "only the event written without a store has null counts"
    );
}

#[test]
fn stats_count_quad_classes_per_period_and_top_dyads() {
    let dir = temp_dir("stats");
    let mut store = open(&dir);
    let evs = vec![
        event("a", 0, "2014-03-14", "USAGOV", "RUSGOV", "042"),
        event("a", 1, "2014-03-15", "RUSMIL", "UKRMIL", "190"),
        event("a", 2, "2014-04-01", "RUSMIL", "UKRMIL", "190"),
        event("a", 3, "2014-04-02", "RUSGOV", "UKRGOV", "112"),
    ];
    store.ingest(&doc("a", Some("X"), "A.", evs)).unwrap();
    let stats = store.stats(&StatsQuery::new(Period::Month)).unwrap();
    assert_eq!(stats.periods.len(), 2);
    assert_eq!(stats.periods[0].period, "2014-03");
    assert_eq!(stats.periods[0].quad_class, [1, 0, 0, 1]);
    assert_eq!(stats.periods[1].quad_class, [0, 0, 1, 1]);
    assert_eq!(stats.total.events, 4);
    assert!((stats.total.goldstein_sum - (1.9 - 15.0)).abs() < 1e-4);
    assert_eq!(stats.top_dyads[0].source, "RUS");
    assert_eq!(stats.top_dyads[0].target, "UKR");
    assert_eq!(stats.top_dyads[0].events, 3);

    let mut q = StatsQuery::new(Period::Week);
    q.dyad = Some(dyad_store::stats::parse_dyad("rus-ukr").unwrap());
    q.root = Some("19".into());
    let s = store.stats(&q).unwrap();
    assert_eq!(s.total.events, 2);
    assert_eq!(s.periods[0].period, "2014-W11");
    let mut q = StatsQuery::new(Period::Day);
    q.country = Some("USA".into());
    assert_eq!(store.stats(&q).unwrap().total.events, 1);
    assert!(dyad_store::stats::parse_dyad("USA").is_err());
}
