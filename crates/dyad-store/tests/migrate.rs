//! Schema versions: an old store is upgraded with every row intact, a failing upgrade leaves
//! it at its version, and files this build must not touch (newer stores, other applications'
//! databases, non-databases) are refused byte for byte unchanged.

use dyad_core::{
    ActorMention, DateMention, Document, Event, EventActor, Evidence, Location, Metadata,
    PlaceMention, Plover, Quote, Span, Speaker,
};
use dyad_store::query::{self, DocDate};
use dyad_store::{
    Error, EventFilter, Ingested, Store, StoreOptions, OLDEST_READABLE_VERSION, SCHEMA_VERSION,
};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The indexes version 2 adds.
const V2_INDEXES: [&str; 4] = [
    "events_date",
    "events_source_date",
    "events_target_date",
    "events_root_date",
];

/// A fresh directory for one test, removed when the test ends (also when it fails).
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("dyad-migrate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

fn actor(text: &str, code: &str, start: usize) -> EventActor {
    let (country, roles) = dyad_core::split_actor_code(code);
    EventActor {
        text: text.to_string(),
        code: code.to_string(),
        country,
        roles,
        entity: Some(format!("Q{}", text.len())),
        span: Span::new(start, start + text.len()),
    }
}

fn kyiv() -> Location {
    Location {
        name: "Kyiv".to_string(),
        country: "UKR".to_string(),
        admin1: Some("30".to_string()),
        lat: 50.45,
        lon: 30.52,
        geonames_id: Some(703448),
    }
}

struct Ev<'a> {
    sentence: u32,
    date: &'a str,
    src: &'a str,
    tgt: Option<&'a str>,
    cameo: &'a str,
    negated: bool,
}

fn event(doc: &str, e: &Ev) -> Event {
    let root = e.cameo.get(..2).unwrap_or(e.cameo).to_string();
    let quad = match root.as_str() {
        "01" | "02" | "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" => 3,
        _ => 4,
    };
    Event {
        doc_id: doc.to_string(),
        sentence: e.sentence,
        event_id: format!("{doc}-{}-{}", e.sentence, e.cameo),
        date: Some(e.date.to_string()),
        date_source: "document".to_string(),
        source: actor("Kerry", e.src, 0),
        target: e.tgt.map(|t| actor("Lavrov", t, 10)),
        cameo: e.cameo.to_string(),
        cameo_root: root,
        quad_class: quad,
        goldstein: if quad <= 2 { 3.5 } else { -7.2 },
        plover: Plover {
            kind: "CONSULT".to_string(),
            mode: None,
        },
        location: Some(kyiv()),
        evidence: Evidence {
            text: "Kerry met Lavrov".to_string(),
            start: 0,
            end: 16,
        },
        rule: "04-consult.toml#1".to_string(),
        negated: e.negated,
        modality: "asserted".to_string(),
        confidence: 0.75,
    }
}

/// The text of every [`article`]; "Friday" is its date mention.
const TEXT: &str = "Kerry met Lavrov in Kyiv. \"We talked,\" Kerry said on Friday.";
const FRIDAY: std::ops::Range<usize> = 53..59;

/// A coded article as the pipeline leaves it: events, actors, places, quotes and dates.
fn article(id: &str, source: Option<&str>, date: &str, events: &[Ev]) -> Document {
    let mut meta = Metadata::with_id(id);
    meta.source = source.map(str::to_string);
    meta.url = Some(format!("https://news.example.invalid/{id}"));
    meta.title = Some(format!("Talks in Kyiv ({id})"));
    meta.date = dyad_core::parse_iso_date(date).ok();
    meta.extra
        .insert("section".to_string(), "world".to_string());
    let mut d = Document::new(meta, TEXT);
    d.events = events.iter().map(|e| event(id, e)).collect();
    d.actors = vec![
        ActorMention {
            span: Span::new(0, 5),
            tokens: 0..1,
            sentence: 0,
            code: "USAGOV".to_string(),
            country: Some("USA".to_string()),
            roles: vec!["GOV".to_string()],
            entity: Some("Q22212".to_string()),
            how: "kb".to_string(),
        },
        ActorMention {
            span: Span::new(10, 16),
            tokens: 2..3,
            sentence: 0,
            code: "RUSGOV".to_string(),
            country: Some("RUS".to_string()),
            roles: vec!["GOV".to_string()],
            entity: None,
            how: "kb".to_string(),
        },
    ];
    d.places = vec![PlaceMention {
        span: Span::new(20, 24),
        sentence: 0,
        location: kyiv(),
        literal: true,
    }];
    d.quotes = vec![Quote {
        span: Span::new(26, 37),
        speaker: Some(Speaker {
            span: Span::new(38, 43),
            entity: Some("Q22212".to_string()),
            code: Some("USAGOV".to_string()),
        }),
    }];
    d.dates = vec![DateMention {
        span: Span::new(FRIDAY.start, FRIDAY.end),
        sentence: 1,
        value: date.to_string(),
    }];
    d
}

/// A corpus that exercises every table and the merge: the same event from two outlets, an
/// undated target, a negated event, a document without outlet, and a replaced document.
fn corpus() -> Vec<Document> {
    let meet = |s| Ev {
        sentence: s,
        date: "2014-03-14",
        src: "USAGOV",
        tgt: Some("RUSGOV"),
        cameo: "040",
        negated: false,
    };
    vec![
        article(
            "wire:1",
            Some("Reuters"),
            "2014-03-14",
            &[
                meet(0),
                meet(1),
                Ev {
                    sentence: 1,
                    date: "2014-03-15",
                    src: "RUSMIL",
                    tgt: Some("UKR"),
                    cameo: "190",
                    negated: false,
                },
            ],
        ),
        article("wire:2", Some("AP"), "2014-03-14", &[meet(0)]),
        article(
            "wire:3",
            None,
            "2014-03-16",
            &[Ev {
                sentence: 0,
                date: "2014-03-16",
                src: "RUSMIL",
                tgt: Some("UKR"),
                cameo: "190",
                negated: true,
            }],
        ),
        article(
            "blog:1",
            Some("Blog"),
            "2014-04-01",
            &[Ev {
                sentence: 0,
                date: "2014-04-01",
                src: "IGOUNO",
                tgt: None,
                cameo: "010",
                negated: false,
            }],
        ),
        // wire:2 again, changed: replaces the first version and recounts.
        article(
            "wire:2",
            Some("AP"),
            "2014-03-15",
            &[Ev {
                sentence: 0,
                date: "2014-03-15",
                src: "RUSMIL",
                tgt: Some("UKR"),
                cameo: "190",
                negated: false,
            }],
        ),
    ]
}

/// Whether the store has this table.
fn has_table(conn: &Connection, name: &str) -> bool {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        == 1
}

/// Every row of every table, as text, in storage order: what "every row intact" compares.
/// The `dates` table (version 3) is dumped where it exists.
fn dump(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for table in [
        "documents",
        "events",
        "mentions",
        "actors",
        "places",
        "quotes",
        "dates",
    ] {
        if table == "dates" && !has_table(conn, table) {
            continue;
        }
        let mut st = conn
            .prepare(&format!("SELECT rowid, * FROM {table} ORDER BY rowid"))
            .unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    out
}

fn user_version(path: &Path) -> i64 {
    let c = Connection::open(path).unwrap();
    c.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn indexes(conn: &Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .unwrap();
    let names = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    names.map(Result::unwrap).collect()
}

/// A store of an older schema `version` holding [`corpus`], written by the same statements
/// the dyad of that version ran (so without the date mentions before version 3), closed
/// cleanly (log folded into the file).
fn old_store(dir: &Path, version: i64) -> PathBuf {
    let path = dir.join("events.db");
    let mut store = Store::create_at_version(&path, version, StoreOptions::default()).unwrap();
    for d in corpus() {
        store.ingest(&d).unwrap();
    }
    store.commit().unwrap();
    store.checkpoint().unwrap();
    drop(store);
    assert_eq!(user_version(&path), version);
    path
}

fn v1_store(dir: &Path) -> PathBuf {
    old_store(dir, 1)
}

/// The file's bytes, and that SQLite left no log or shared-memory file beside it.
fn bytes_and_no_sidecars(path: &Path) -> Vec<u8> {
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        assert!(!side.exists(), "{} exists", side.display());
    }
    std::fs::read(path).unwrap()
}

/// FNV-1a of a file, for messages: the assertions compare the bytes themselves.
fn hash(bytes: &[u8]) -> u64 {
    dyad_core::fnv1a(bytes)
}

#[test]
fn this_build_writes_version_3() {
    assert_eq!(SCHEMA_VERSION, 3);
    assert_eq!(OLDEST_READABLE_VERSION, 1);
    let dir = temp_dir("fresh");
    let mut store = Store::open(dir.join("events.db"), StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version(), 3);
    let names = indexes(store.connection());
    for ix in V2_INDEXES.iter().chain(&["dates_doc"]) {
        assert!(names.iter().any(|n| n == ix), "{ix} missing: {names:?}");
    }
    assert!(has_table(store.connection(), "dates"));
    // A fresh store keeps every document's date mentions.
    for d in corpus() {
        store.ingest(&d).unwrap();
    }
    store.commit().unwrap();
    assert_eq!(store.totals().unwrap().dates, 4);
    drop(store);
    let path = dir.join("events.db");
    assert_eq!(user_version(&path), 3);
    // The documented downgrade to version 2 drops the table with its index, and leaves a
    // store a version-2 dyad reads and this one upgrades again.
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("DROP TABLE dates; PRAGMA user_version = 2;")
            .unwrap();
        assert!(!indexes(&c).iter().any(|n| n == "dates_doc"));
    }
    let s = Store::open_read_only(&path).unwrap();
    assert_eq!(s.schema_version(), 2);
    assert_eq!(s.totals().unwrap().documents, 4);
    drop(s);
    let s = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(s.schema_version(), 3);
    assert_eq!(s.totals().unwrap().dates, 0);
}

/// The date mention every [`article`] of this date has, as the document view shows it.
fn friday(date: &str) -> Vec<DocDate> {
    vec![DocDate {
        start: FRIDAY.start as i64,
        end: FRIDAY.end as i64,
        date: date.to_string(),
    }]
}

#[test]
fn an_old_store_is_upgraded_with_every_row_intact() {
    for version in 1..SCHEMA_VERSION {
        upgrade_keeps_every_row(version);
    }
}

/// A store of `version` upgraded to this build's: every row of every table the same, the new
/// indexes and tables there, and the store goes on merging into the old rows.
fn upgrade_keeps_every_row(version: i64) {
    let dir = temp_dir(&format!("upgrade-{version}"));
    let path = old_store(&dir, version);
    let (before_rows, before_totals, before_events) = {
        let c = Connection::open(&path).unwrap();
        let names = indexes(&c);
        for ix in V2_INDEXES {
            assert_eq!(
                names.iter().any(|n| n == ix),
                version >= 2,
                "{ix} in a v{version} store: {names:?}"
            );
        }
        assert!(!has_table(&c, "dates"), "dates in a v{version} store");
        let s = Store::open_read_only(&path).unwrap();
        assert_eq!(s.schema_version(), version);
        (
            dump(&c),
            s.totals().unwrap(),
            s.events(&EventFilter::default()).unwrap(),
        )
    };
    // The corpus filled every table, and the replacement left a recounted event behind.
    assert_eq!(before_totals.documents, 4);
    assert!(before_totals.events >= 4 && before_totals.mentions >= 5);
    assert_eq!(before_totals.actors, 8);
    assert_eq!(before_totals.places, 4);
    assert_eq!(before_totals.quotes, 4);
    // An old dyad kept no date mentions.
    assert_eq!(before_totals.dates, 0);

    let mut store = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    // Every old row, and the new table empty: `dump` now includes `dates`.
    assert!(has_table(store.connection(), "dates"));
    assert_eq!(dump(store.connection()), before_rows, "from v{version}");
    assert_eq!(store.totals().unwrap(), before_totals);
    assert_eq!(
        store.events(&EventFilter::default()).unwrap(),
        before_events
    );
    assert!(store.check_counts().unwrap().is_empty());
    let names = indexes(store.connection());
    for ix in V2_INDEXES.iter().chain(&["dates_doc"]) {
        assert!(names.iter().any(|n| n == ix), "{ix} missing: {names:?}");
    }
    // Version 1's own indexes are still there.
    for ix in ["mentions_event", "mentions_doc", "actors_doc", "places_doc"] {
        assert!(names.iter().any(|n| n == ix), "{ix} lost: {names:?}");
    }
    // A document stored before the upgrade shows no date mentions, and its other layers.
    let old_view = query::document(&store, "wire:1").unwrap().unwrap();
    assert!(old_view.dates.is_empty());
    assert_eq!(old_view.actors.len(), 2);

    // The upgraded store goes on merging into the old rows: the same meeting from a third
    // outlet raises the old event's counts, and a document stored before is still skipped.
    let again = corpus().remove(0);
    assert_eq!(store.ingest(&again).unwrap(), Ingested::Skipped);
    let third = article(
        "wire:9",
        Some("AFP"),
        "2014-03-14",
        &[Ev {
            sentence: 0,
            date: "2014-03-14",
            src: "USAGOV",
            tgt: Some("RUSGOV"),
            cameo: "040",
            negated: false,
        }],
    );
    assert_eq!(store.ingest(&third).unwrap(), Ingested::New { events: 1 });
    // An old document replaced by a new version gets its date mentions.
    let mut changed = corpus().remove(3);
    changed.meta.title = Some("UN appeal, updated".to_string());
    assert!(matches!(
        store.ingest(&changed).unwrap(),
        Ingested::Replaced { .. }
    ));
    store.commit().unwrap();
    let meeting = store
        .events(&EventFilter::default())
        .unwrap()
        .into_iter()
        .find(|e| e.event.cameo == "040")
        .unwrap();
    let old = before_events
        .iter()
        .find(|e| e.event.cameo == "040")
        .unwrap();
    assert_eq!(meeting.global_event_id, old.global_event_id);
    assert_eq!(meeting.counts.num_mentions, old.counts.num_mentions + 1);
    assert_eq!(meeting.counts.num_sources, old.counts.num_sources + 1);
    assert!(store.check_counts().unwrap().is_empty());
    assert_eq!(store.totals().unwrap().dates, 2);
    assert_eq!(
        query::document(&store, "wire:9").unwrap().unwrap().dates,
        friday("2014-03-14")
    );
    assert_eq!(
        query::document(&store, "blog:1").unwrap().unwrap().dates,
        friday("2014-04-01")
    );
    drop(store);
    assert_eq!(user_version(&path), SCHEMA_VERSION);

    // Opening again is a no-op.
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    assert_eq!(store.totals().unwrap().documents, 5);
}

#[test]
fn the_new_indexes_serve_the_api_filters_in_event_order() {
    let dir = temp_dir("plans");
    let path = v1_store(&dir);
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    let plan = |sql: &str| -> String {
        let mut st = store
            .connection()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = st.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    };
    for (sql, index) in [
        (
            "SELECT event FROM events WHERE date >= '2014-03-01' AND date <= '2014-03-31' \
             ORDER BY date, event",
            "events_date",
        ),
        (
            "SELECT event FROM events WHERE source_code = 'USAGOV' AND date >= '2014-03-01' \
             ORDER BY date, event",
            "events_source_date",
        ),
        (
            "SELECT event FROM events WHERE target_code = 'UKR' ORDER BY date, event",
            "events_target_date",
        ),
        (
            "SELECT event FROM events WHERE cameo_root = '19' AND date <= '2014-03-31' \
             ORDER BY date, event",
            "events_root_date",
        ),
    ] {
        let p = plan(sql);
        assert!(p.contains(index), "{sql}: {p}");
        // The index gives (date, event) order: no sort step.
        assert!(!p.contains("TEMP B-TREE"), "{sql}: {p}");
    }
    // Mentions by event and documents by id were indexed in version 1.
    assert!(plan("SELECT * FROM mentions WHERE event = 1").contains("mentions_event"));
    assert!(plan("SELECT * FROM documents WHERE id = 'wire:1'").contains("INDEX"));
}

#[test]
fn a_failing_upgrade_leaves_the_store_at_version_1() {
    let dir = temp_dir("failing");
    let path = v1_store(&dir);
    // Something in the way of the second of version 2's indexes (a user's own table of that
    // name): the step fails after its first index was created.
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE events_source_date (x)")
            .unwrap();
    }
    let rows = dump(&Connection::open(&path).unwrap());
    let err = Store::open(&path, StoreOptions::default()).err().unwrap();
    assert!(
        matches!(err, Error::Migration { from: 1, to: 2, .. }),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("from version 1 to 2"), "{message}");
    assert!(message.contains("left at version 1"), "{message}");
    // The whole step was rolled back: version 1, no index of version 2, every row.
    assert_eq!(user_version(&path), 1);
    let c = Connection::open(&path).unwrap();
    let names = indexes(&c);
    for ix in V2_INDEXES {
        assert!(!names.iter().any(|n| n == ix), "{ix} left behind");
    }
    assert_eq!(dump(&c), rows);
    // Still readable as version 1; upgraded once the obstacle is gone.
    assert_eq!(Store::open_read_only(&path).unwrap().schema_version(), 1);
    c.execute_batch("DROP TABLE events_source_date").unwrap();
    drop(c);
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version(), SCHEMA_VERSION);
    assert_eq!(dump(store.connection()), rows);
}

#[test]
fn a_failing_upgrade_leaves_the_store_at_version_2() {
    let dir = temp_dir("failing-3");
    let path = old_store(&dir, 2);
    // A user's own table named like version 3's index: the step fails after it created the
    // `dates` table, which must go with the rest of the step.
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE dates_doc (x)").unwrap();
    }
    let rows = dump(&Connection::open(&path).unwrap());
    let err = Store::open(&path, StoreOptions::default()).err().unwrap();
    assert!(
        matches!(err, Error::Migration { from: 2, to: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("left at version 2"), "{err}");
    assert_eq!(user_version(&path), 2);
    let c = Connection::open(&path).unwrap();
    assert!(!has_table(&c, "dates"), "half of version 3 left behind");
    assert_eq!(dump(&c), rows);
    // Still readable as version 2, date mentions and all (none); upgraded once the obstacle
    // is gone.
    {
        let s = Store::open_read_only(&path).unwrap();
        assert_eq!(s.schema_version(), 2);
        assert!(query::document(&s, "wire:1")
            .unwrap()
            .unwrap()
            .dates
            .is_empty());
    }
    c.execute_batch("DROP TABLE dates_doc").unwrap();
    drop(c);
    let store = Store::open(&path, StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version(), 3);
    assert_eq!(dump(store.connection()), rows);
}

#[test]
fn an_old_store_is_read_only_as_it_is() {
    for version in 1..SCHEMA_VERSION {
        read_only_as_it_is(version);
    }
}

/// Decision: a read-only open never upgrades. Version 2 only added indexes and version 3 a
/// table the read paths skip when it is missing, so an older store is read as it is (export,
/// stats, the HTTP API), byte for byte unchanged.
fn read_only_as_it_is(version: i64) {
    let dir = temp_dir(&format!("read-v{version}"));
    let path = old_store(&dir, version);
    let before = bytes_and_no_sidecars(&path);
    let expected = corpus().len() as u64 - 1;
    {
        let s = Store::open_read_only(&path).unwrap();
        assert_eq!(s.schema_version(), version);
        assert_eq!(s.totals().unwrap().documents, expected);
        assert_eq!(s.totals().unwrap().dates, 0);
        // The document view has every layer the store kept, and no date mentions.
        let view = query::document(&s, "wire:1").unwrap().unwrap();
        assert_eq!(view.actors.len(), 2);
        assert_eq!(view.places.len(), 1);
        assert_eq!(view.quotes.len(), 1);
        assert!(!view.events.is_empty());
        assert!(view.dates.is_empty());
        let filter = EventFilter {
            from: dyad_core::parse_iso_date("2014-03-15").ok(),
            to: dyad_core::parse_iso_date("2014-03-31").ok(),
        };
        let events = s.events(&filter).unwrap();
        assert!(!events.is_empty());
        assert!(events
            .iter()
            .all(|e| e.event.date.as_deref() >= Some("2014-03-15")));
        assert!(s.check_counts().unwrap().is_empty());
        // A read-only store cannot be written to.
        let mut s = s;
        let new = article("new:1", Some("AFP"), "2014-05-01", &[]);
        assert!(s.ingest(&new).is_err());
    }
    // A read-only SQLite connection to a WAL-mode file leaves an empty log (and the shared
    // memory index) beside it, as any SQLite reader does; nothing is written to either.
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    assert_eq!(std::fs::metadata(&wal).map_or(0, |m| m.len()), 0);
    let after = std::fs::read(&path).unwrap();
    assert_eq!(hash(&after), hash(&before));
    assert_eq!(after, before);
    assert_eq!(user_version(&path), version);
}

#[test]
fn a_store_from_a_newer_dyad_is_refused_unchanged() {
    let dir = temp_dir("newer");
    let path = dir.join("events.db");
    {
        let mut s = Store::open(&path, StoreOptions::default()).unwrap();
        for d in corpus() {
            s.ingest(&d).unwrap();
        }
        s.commit().unwrap();
        // What a future dyad would have done: a new table and a higher version.
        s.connection()
            .execute_batch(&format!(
                "CREATE TABLE future (x); PRAGMA user_version = {};",
                SCHEMA_VERSION + 1
            ))
            .unwrap();
        s.checkpoint().unwrap();
    }
    let before = bytes_and_no_sidecars(&path);
    for err in [
        Store::open(&path, StoreOptions::default()).err().unwrap(),
        Store::open_read_only(&path).err().unwrap(),
    ] {
        assert!(
            matches!(err, Error::TooNew { found, known, .. }
                if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
            "{err}"
        );
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(
            message.contains(&format!("version {}", SCHEMA_VERSION + 1)),
            "{message}"
        );
        assert!(
            message.contains(&format!("up to {SCHEMA_VERSION}")),
            "{message}"
        );
        assert!(message.contains("newer dyad"), "{message}");
    }
    let after = bytes_and_no_sidecars(&path);
    assert_eq!(hash(&after), hash(&before));
    assert_eq!(after, before);
}

#[test]
fn other_files_are_refused_unchanged() {
    let dir = temp_dir("foreign");
    let mut files = Vec::new();

    // Not SQLite: text, and binary that is not a database.
    let notes = dir.join("notes.db");
    std::fs::write(&notes, b"my notes, not a database\n".repeat(500)).unwrap();
    files.push(notes);
    let binary = dir.join("random.db");
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..70_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&binary, noise).unwrap();
    files.push(binary);

    // Other applications' SQLite databases: one with a user_version of its own (1, like a
    // dyad store), one in WAL mode with an application id.
    let other = dir.join("other.db");
    {
        let c = Connection::open(&other).unwrap();
        c.execute_batch(
            "CREATE TABLE documents (id TEXT); INSERT INTO documents VALUES ('x');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    files.push(other);
    let wal = dir.join("wal.db");
    {
        let c = Connection::open(&wal).unwrap();
        c.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA application_id = 1234;
             CREATE TABLE t (x); INSERT INTO t VALUES (1);",
        )
        .unwrap();
    }
    files.push(wal);

    for path in &files {
        let before = bytes_and_no_sidecars(path);
        for err in [
            Store::open(path, StoreOptions::default()).err().unwrap(),
            Store::open_read_only(path).err().unwrap(),
        ] {
            assert!(
                matches!(err, Error::Foreign { .. }),
                "{}: {err}",
                path.display()
            );
            let message = err.to_string();
            assert!(message.contains("not a dyad event store"), "{message}");
            assert!(message.contains(&path.display().to_string()), "{message}");
        }
        let after = bytes_and_no_sidecars(path);
        assert_eq!(hash(&after), hash(&before), "{}", path.display());
        assert_eq!(after, before, "{}", path.display());
    }
}

#[test]
fn create_at_version_refuses_unknown_versions_and_existing_stores() {
    let dir = temp_dir("create-at");
    for v in [0, SCHEMA_VERSION + 1, -1] {
        let err =
            Store::create_at_version(dir.join(format!("v{v}.db")), v, StoreOptions::default())
                .err()
                .unwrap();
        assert!(matches!(err, Error::BadArgument(_)), "{err}");
    }
    let path = v1_store(&dir);
    let err = Store::create_at_version(&path, 1, StoreOptions::default())
        .err()
        .unwrap();
    assert!(matches!(err, Error::BadArgument(_)), "{err}");
    assert_eq!(user_version(&path), 1);
}
