//! The [`Store`]: opening, ingesting one document at a time, reading events back.

use crate::format::Counts;
use crate::schema::{self, SCHEMA_VERSION};
use crate::{Error, Result};
use chrono::{NaiveDate, Utc};
use dyad_core::{Document, Event};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a connection waits for another one's lock before giving up: another process may
/// be checkpointing or reading.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Options of a writable store.
#[derive(Debug, Clone, Copy)]
pub struct StoreOptions {
    /// Keep each document's text in the `documents` table (off by default: the text is the
    /// bulk of a corpus and the events carry their evidence).
    pub keep_text: bool,
    /// Documents per commit (default 256; at least one commit a second whatever the count).
    /// Each document is still all-or-nothing (a savepoint of its own); grouping commits only
    /// saves writing the same index pages to the log once per document.
    pub commit_every: usize,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            keep_text: false,
            commit_every: 256,
        }
    }
}

/// The longest an ingested document waits for its commit.
const COMMIT_INTERVAL: Duration = Duration::from_secs(1);

/// What [`Store::ingest`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ingested {
    /// A new document, stored with this many event mentions.
    New {
        /// Event mentions stored.
        events: usize,
    },
    /// The same id with a different content hash: the document's earlier rows were replaced
    /// and the events it mentioned were recounted.
    Replaced {
        /// Event mentions stored.
        events: usize,
        /// The earlier version was read from another file (origins compared without their
        /// line numbers): either the corpus moved, or two files gave their documents the same
        /// id (ids default to file names), and the later one replaced the earlier.
        other_file: bool,
    },
    /// The same id and content hash is already stored: nothing was written.
    Skipped,
}

impl Ingested {
    /// Event mentions written (0 when skipped).
    pub fn events(self) -> usize {
        match self {
            Ingested::New { events } | Ingested::Replaced { events, .. } => events,
            Ingested::Skipped => 0,
        }
    }
}

/// Row counts of a store, for summaries and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    /// Documents stored.
    pub documents: u64,
    /// De-duplicated events.
    pub events: u64,
    /// Event mentions (one per coded event in a sentence of a document).
    pub mentions: u64,
    /// Actor mentions.
    pub actors: u64,
    /// Place mentions.
    pub places: u64,
    /// Quotations.
    pub quotes: u64,
    /// Date mentions (0 on a store older than schema version 3, which has no table for them).
    pub dates: u64,
}

/// One de-duplicated event as stored: the record of its first mention and the counts over all.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// The store's event number (GDELT's `GlobalEventID`): stable for the life of the store.
    pub global_event_id: i64,
    /// The record of the event's first mention.
    pub event: Event,
    /// Mentions, outlets and articles over every mention.
    pub counts: Counts,
    /// When the event was first stored, UTC, `YYYYMMDDHHMMSS` (GDELT's `DATEADDED`).
    pub date_added: String,
    /// The URL of the first mention's document, when it has one.
    pub source_url: Option<String>,
}

/// Which events to read back: an inclusive date range, each end optional. Events with no
/// known date are left out as soon as either end is given.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

/// An event store: one SQLite file in WAL mode.
///
/// A writable store has one writer: [`Store::ingest`] stores each document in a savepoint of
/// its own inside a group commit, so a crash at any moment leaves every document either fully
/// stored or absent.
/// Any number of read-only stores ([`Store::open_read_only`]) may read at the same time.
pub struct Store {
    conn: Connection,
    path: String,
    options: StoreOptions,
    /// The open write transaction: documents ingested and not yet committed, and since when.
    pending: Option<(usize, Instant)>,
    /// The schema version of the file.
    version: i64,
}

impl Drop for Store {
    /// Commits what is pending: a store dropped on an error keeps its whole documents.
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

impl Store {
    /// Opens the store at `path` for writing, creating it when missing and upgrading an older
    /// schema. A file that is not a dyad store, or one written by a newer dyad, is refused
    /// before anything is written to it.
    pub fn open(path: impl AsRef<Path>, options: StoreOptions) -> Result<Store> {
        Store::open_writable(path.as_ref(), options, SCHEMA_VERSION, false)
    }

    /// Creates a new store at an older schema `version` (1 up to [`SCHEMA_VERSION`]), as an
    /// older dyad would have: for tests of the migrations only. Refuses an existing store.
    /// [`Store::ingest`] writes the same rows into it as that dyad did as long as the tables it
    /// writes are unchanged since `version`.
    #[doc(hidden)]
    pub fn create_at_version(
        path: impl AsRef<Path>,
        version: i64,
        options: StoreOptions,
    ) -> Result<Store> {
        if !(1..=SCHEMA_VERSION).contains(&version) {
            return Err(Error::BadArgument(format!(
                "no store schema version {version} (this dyad knows 1 to {SCHEMA_VERSION})"
            )));
        }
        Store::open_writable(path.as_ref(), options, version, true)
    }

    fn open_writable(
        path: &Path,
        options: StoreOptions,
        version: i64,
        must_be_new: bool,
    ) -> Result<Store> {
        let display = path.display().to_string();
        schema::check_file(path)?;
        let mut conn = Connection::open(path)?;
        let header = schema::check(&conn, &display)?;
        if must_be_new && header.version != 0 {
            return Err(Error::BadArgument(format!(
                "{display}: already a store (schema version {})",
                header.version
            )));
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL: readers never block the writer and a commit is one append to the log. NORMAL
        // synchronisation keeps every committed transaction through a process crash (kill -9);
        // only a power cut may lose the last few, never consistency.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if header.version < version {
            schema::migrate(&mut conn, &display, header.version, version)?;
        }
        Ok(Store {
            conn,
            path: display,
            options,
            pending: None,
            version: version.max(header.version),
        })
    }

    /// Opens an existing store for reading only. Refuses a missing file, a foreign one, one
    /// written by a newer dyad, and one older than [`OLDEST_READABLE_VERSION`] (which a
    /// writable open upgrades). A readable older store is read as it is, never changed; see
    /// [`Store::schema_version`].
    ///
    /// [`OLDEST_READABLE_VERSION`]: crate::OLDEST_READABLE_VERSION
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let display = path.as_ref().display().to_string();
        if !path.as_ref().exists() {
            return Err(Error::Missing { path: display });
        }
        schema::check_file(path.as_ref())?;
        let conn = Connection::open_with_flags(
            path.as_ref(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let header = schema::check(&conn, &display)?;
        if header.version == 0 {
            return Err(Error::Foreign {
                path: display,
                reason: "an empty file".to_string(),
            });
        }
        if header.version < schema::OLDEST_READABLE_VERSION {
            return Err(Error::TooOld {
                path: display,
                found: header.version,
                known: SCHEMA_VERSION,
            });
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Store {
            conn,
            path: display,
            options: StoreOptions::default(),
            pending: None,
            version: header.version,
        })
    }

    /// The schema version of the open file: [`SCHEMA_VERSION`] after a writable open; a
    /// read-only open may find an older one (read as it is, without the newer indexes).
    pub fn schema_version(&self) -> i64 {
        self.version
    }

    /// The path the store was opened with.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The underlying connection, for queries this API does not cover.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Whether a document with this id and the same content is already stored (then
    /// [`Store::ingest`] would skip it): lets a caller skip coding it at all.
    pub fn contains(&self, doc: &Document) -> Result<bool> {
        let hash = content_hash(doc);
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1 AND hash = ?2")?;
        Ok(st.exists(params![doc.id(), hash])?)
    }

    /// Stores one coded document, its events (merged with the same events reported elsewhere),
    /// actors, places, quotes and date mentions, in one transaction.
    ///
    /// A document already stored with the same id and content hash is skipped. The same id with
    /// a different content replaces the earlier version: its mentions, actors, places, quotes
    /// and date mentions are deleted, the events it mentioned are recounted (and dropped when
    /// no mention is left), then the new version is stored. A store older than schema version
    /// 3 (opened by [`Store::create_at_version`]) keeps no date mentions.
    ///
    /// Documents are committed in groups ([`StoreOptions::commit_every`], at least once a
    /// second, and by [`Store::commit`] or dropping the store); each one in a savepoint of its
    /// own, so a crash loses at most the last uncommitted group, whole documents only, and an
    /// error leaves nothing of the failing document.
    pub fn ingest(&mut self, doc: &Document) -> Result<Ingested> {
        if self.pending.is_none() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.pending = Some((0, Instant::now()));
        }
        self.conn.execute_batch("SAVEPOINT doc")?;
        let dates = self.version >= schema::DATES_VERSION;
        let outcome = match ingest_in(&self.conn, doc, self.options.keep_text, dates) {
            Ok(o) => o,
            Err(e) => {
                // Undo this document only; the group's earlier documents stay pending.
                let _ = self.conn.execute_batch("ROLLBACK TO doc; RELEASE doc");
                return Err(e);
            }
        };
        self.conn.execute_batch("RELEASE doc")?;
        if let Some((n, since)) = self.pending.as_mut() {
            *n += 1;
            if *n >= self.options.commit_every.max(1) || since.elapsed() >= COMMIT_INTERVAL {
                self.commit()?;
            }
        }
        Ok(outcome)
    }

    /// Commits the documents ingested so far (a no-op when there are none).
    pub fn commit(&mut self) -> Result<()> {
        if self.pending.take().is_some() {
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// Row counts of every table.
    pub fn totals(&self) -> Result<Totals> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        };
        Ok(Totals {
            documents: count("documents")?,
            events: count("events")?,
            mentions: count("mentions")?,
            actors: count("actors")?,
            places: count("places")?,
            quotes: count("quotes")?,
            dates: if self.version >= schema::DATES_VERSION {
                count("dates")?
            } else {
                0
            },
        })
    }

    /// Calls `each` on every stored event that passes `filter`, in date then event-number
    /// order, and returns how many there were. Streams: memory stays flat on any store.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        mut each: impl FnMut(StoredEvent) -> Result<()>,
    ) -> Result<u64> {
        let (from, to) = date_bounds(filter);
        let mut st = self.conn.prepare(
            "SELECT event, record, num_mentions, num_sources, num_articles, date_added, source_url
             FROM events
             WHERE (?1 IS NULL OR (date <> '' AND date >= ?1))
               AND (?2 IS NULL OR (date <> '' AND date <= ?2))
             ORDER BY date, event",
        )?;
        let mut rows = st.query(params![from, to])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            let record: String = r.get(1)?;
            let event: Event = serde_json::from_str(&record)?;
            each(StoredEvent {
                global_event_id: r.get(0)?,
                event,
                counts: Counts {
                    num_mentions: r.get::<_, i64>(2)?.max(0) as u64,
                    num_sources: r.get::<_, i64>(3)?.max(0) as u64,
                    num_articles: r.get::<_, i64>(4)?.max(0) as u64,
                },
                date_added: r.get(5)?,
                source_url: r.get(6)?,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Every stored event that passes `filter` (see [`Store::for_each_event`], which streams).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.for_each_event(filter, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Checks the counts of every event against its mentions; returns the events whose stored
    /// counts differ (empty on a healthy store). For tests and `PRAGMA`-style checks.
    pub fn check_counts(&self) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare(
            "SELECT e.event FROM events e
             WHERE e.num_mentions <> (SELECT count(*) FROM mentions m WHERE m.event = e.event)
                OR e.num_articles <> (SELECT count(DISTINCT doc) FROM mentions m WHERE m.event = e.event)
                OR e.num_sources <> (SELECT count(DISTINCT outlet) FROM mentions m WHERE m.event = e.event)",
        )?;
        let rows = st.query_map([], |r| r.get::<_, i64>(0))?;
        let mut bad = Vec::new();
        for r in rows {
            bad.push(r?);
        }
        Ok(bad)
    }

    /// Folds the write-ahead log into the database file (done on a clean close anyway).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Writes one document inside the caller's transaction (see [`Store::ingest`]). `dates`: the
/// store has the `dates` table (schema version 3 on); an older one keeps no date mentions,
/// as the dyad that wrote it did not.
fn ingest_in(tx: &Connection, doc: &Document, keep_text: bool, dates: bool) -> Result<Ingested> {
    let hash = content_hash(doc);
    let existing: Option<(i64, String, Option<String>)> = tx
        .prepare_cached("SELECT doc, hash, origin FROM documents WHERE id = ?1")?
        .query_row(params![doc.id()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let other_file = existing.as_ref().is_some_and(|(_, _, old)| {
        old.as_deref().map(origin_file) != doc.meta.origin.as_deref().map(origin_file)
    });
    let now = Utc::now();
    let ingested_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let date_added = now.format("%Y%m%d%H%M%S").to_string();
    let meta = &doc.meta;
    let extra = if meta.extra.is_empty() {
        None
    } else {
        Some(serde_json::to_string(&meta.extra)?)
    };
    let date = meta.date.map(|d| d.format("%Y-%m-%d").to_string());
    let text = keep_text.then(|| doc.text());
    let n_events = doc.events.len() as i64;
    let (rowid, mut recount) = match existing {
        Some((_, ref h, _)) if *h == hash => return Ok(Ingested::Skipped),
        Some((rowid, _, _)) => {
            // Replace: remember the events the old version mentioned, then remove it.
            let mut old = Vec::new();
            {
                let mut st =
                    tx.prepare_cached("SELECT DISTINCT event FROM mentions WHERE doc = ?1")?;
                let rows = st.query_map(params![rowid], |r| r.get::<_, i64>(0))?;
                for r in rows {
                    old.push(r?);
                }
            }
            let layers: &[&str] = if dates {
                &["mentions", "actors", "places", "quotes", "dates"]
            } else {
                &["mentions", "actors", "places", "quotes"]
            };
            for table in layers {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE doc = ?1"),
                    params![rowid],
                )?;
            }
            tx.prepare_cached(
                "UPDATE documents SET hash = ?2, date = ?3, title = ?4, source = ?5, url = ?6,
                     language = ?7, origin = ?8, extra = ?9, text = ?10, n_events = ?11,
                     ingested_at = ?12
                 WHERE doc = ?1",
            )?
            .execute(params![
                rowid,
                hash,
                date,
                meta.title,
                meta.source,
                meta.url,
                meta.language,
                meta.origin,
                extra,
                text,
                n_events,
                ingested_at
            ])?;
            (rowid, Some(old))
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO documents (id, hash, date, title, source, url, language, origin,
                     extra, text, n_events, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                doc.id(),
                hash,
                date,
                meta.title,
                meta.source,
                meta.url,
                meta.language,
                meta.origin,
                extra,
                text,
                n_events,
                ingested_at
            ])?;
            (tx.last_insert_rowid(), None)
        }
    };

    // An article without a named outlet counts as an outlet of its own.
    let outlet = match &meta.source {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => format!("#{}", doc.id()),
    };
    // Group the document's events by their de-duplication key: one article adds one to
    // num_articles however often it mentions the event.
    let mut groups: BTreeMap<EventKey, Vec<&Event>> = BTreeMap::new();
    for e in &doc.events {
        groups.entry(EventKey::of(e)).or_default().push(e);
    }
    for (key, events) in &groups {
        let Some(first) = events.first() else {
            continue;
        };
        let record = serde_json::to_string(first)?;
        let event: i64 = tx
            .prepare_cached(
                "INSERT INTO events (date, source_code, target_code, cameo, place, negated,
                     cameo_root, quad_class, goldstein, source_country, target_country,
                     record, source_url, num_mentions, num_sources, num_articles, date_added)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, 1, ?15)
                 ON CONFLICT (date, source_code, target_code, cameo, place, negated)
                 DO UPDATE SET
                     num_mentions = num_mentions + excluded.num_mentions,
                     num_articles = num_articles + 1,
                     num_sources = num_sources + NOT EXISTS (
                         SELECT 1 FROM mentions m WHERE m.event = events.event AND m.outlet = ?16)
                 RETURNING event",
            )?
            .query_row(
                params![
                    key.date,
                    key.source,
                    key.target,
                    key.cameo,
                    key.place,
                    key.negated,
                    first.cameo_root,
                    first.quad_class,
                    first.goldstein,
                    first.source.country,
                    first.target.as_ref().and_then(|t| t.country.as_deref()),
                    record,
                    meta.url,
                    events.len() as i64,
                    date_added,
                    outlet
                ],
                |r| r.get(0),
            )?;
        let mut st = tx.prepare_cached(
            "INSERT INTO mentions (event, doc, sentence, event_id, outlet, evidence_start,
                 evidence_end, rule, confidence, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (i, e) in events.iter().enumerate() {
            let rec = if i == 0 {
                record.clone()
            } else {
                serde_json::to_string(e)?
            };
            st.execute(params![
                event,
                rowid,
                e.sentence,
                e.event_id,
                outlet,
                e.evidence.start,
                e.evidence.end,
                e.rule,
                e.confidence,
                rec
            ])?;
        }
        if let Some(old) = recount.as_mut() {
            old.push(event);
        }
    }

    {
        let mut st = tx.prepare_cached(
            "INSERT INTO actors (doc, sentence, start, end, code, country, entity, how)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for a in &doc.actors {
            st.execute(params![
                rowid,
                a.sentence,
                a.span.start,
                a.span.end,
                a.code,
                a.country,
                a.entity,
                a.how
            ])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO places (doc, sentence, start, end, name, country, admin1, lat, lon,
                 geonames_id, literal)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for p in &doc.places {
            let l = &p.location;
            // GeoNames ids fit in i64; a larger one is not a GeoNames id and is dropped.
            let gid = l.geonames_id.and_then(|g| i64::try_from(g).ok());
            st.execute(params![
                rowid,
                p.sentence,
                p.span.start,
                p.span.end,
                l.name,
                l.country,
                l.admin1,
                l.lat,
                l.lon,
                gid,
                p.literal
            ])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO quotes (doc, start, end, speaker_code, speaker_entity)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for q in &doc.quotes {
            let (code, entity) = match &q.speaker {
                Some(s) => (s.code.as_deref(), s.entity.as_deref()),
                None => (None, None),
            };
            st.execute(params![rowid, q.span.start, q.span.end, code, entity])?;
        }
        if dates {
            let mut st = tx.prepare_cached(
                "INSERT INTO dates (doc, sentence, start, end, value) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for d in &doc.dates {
                st.execute(params![
                    rowid,
                    d.sentence,
                    d.span.start,
                    d.span.end,
                    d.value
                ])?;
            }
        }
    }

    let outcome = match recount {
        Some(mut events) => {
            events.sort_unstable();
            events.dedup();
            for event in events {
                recount_event(tx, event)?;
            }
            Ingested::Replaced {
                events: doc.events.len(),
                other_file,
            }
        }
        None => Ingested::New {
            events: doc.events.len(),
        },
    };
    Ok(outcome)
}

/// The file part of a document's origin: `dir/a.jsonl:12` → `dir/a.jsonl`.
fn origin_file(origin: &str) -> &str {
    match origin.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => file,
        _ => origin,
    }
}

/// Sets an event's counts, first-mention record and URL from its mentions, and deletes it when
/// no mention is left.
fn recount_event(tx: &Connection, event: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE events SET
             num_mentions = (SELECT count(*) FROM mentions WHERE event = ?1),
             num_articles = (SELECT count(DISTINCT doc) FROM mentions WHERE event = ?1),
             num_sources = (SELECT count(DISTINCT outlet) FROM mentions WHERE event = ?1),
             record = coalesce(
                 (SELECT record FROM mentions WHERE event = ?1 ORDER BY rowid LIMIT 1), record),
             source_url = (SELECT d.url FROM mentions m JOIN documents d ON d.doc = m.doc
                           WHERE m.event = ?1 ORDER BY m.rowid LIMIT 1)
         WHERE event = ?1",
    )?
    .execute(params![event])?;
    tx.prepare_cached("DELETE FROM events WHERE event = ?1 AND num_mentions = 0")?
        .execute(params![event])?;
    Ok(())
}

fn date_bounds(filter: &EventFilter) -> (Option<String>, Option<String>) {
    let f = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    (f(filter.from), f(filter.to))
}

/// The GDELT-style identity of an event: the same day, actors, action and place reported by
/// several articles is one event. Negated events ("did not attack") are kept apart from the
/// event they deny.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventKey {
    /// `YYYY-MM-DD`, or empty when unknown.
    pub date: String,
    /// The source actor's CAMEO code.
    pub source: String,
    /// The target actor's CAMEO code, or empty.
    pub target: String,
    /// The CAMEO event code.
    pub cameo: String,
    /// `geonames:<id>`, else `<name>|<country>`, or empty when the place is unknown.
    pub place: String,
    /// Whether the event is negated.
    pub negated: bool,
}

impl EventKey {
    /// The key of an event record.
    pub fn of(e: &Event) -> EventKey {
        EventKey {
            date: e.date.clone().unwrap_or_default(),
            source: e.source.code.clone(),
            target: e
                .target
                .as_ref()
                .map(|t| t.code.clone())
                .unwrap_or_default(),
            cameo: e.cameo.clone(),
            place: match &e.location {
                Some(l) => match l.geonames_id {
                    Some(id) => format!("geonames:{id}"),
                    None => format!("{}|{}", l.name, l.country),
                },
                None => String::new(),
            },
            negated: e.negated,
        }
    }
}

/// A stable hash of what was read for a document (text and metadata, not where it was read
/// from): FNV-1a, 64 bits, as 16 hex digits. Decides whether a document with a known id is
/// the same as the stored one.
pub fn content_hash(doc: &Document) -> String {
    let mut h = dyad_core::Fnv1a::new();
    let mut feed = |s: &str| h.write_field(s);
    let m = &doc.meta;
    feed(doc.text());
    feed(m.title.as_deref().unwrap_or("\u{0}"));
    feed(&m.date.map(|d| d.to_string()).unwrap_or_default());
    feed(m.source.as_deref().unwrap_or("\u{0}"));
    feed(m.url.as_deref().unwrap_or("\u{0}"));
    feed(&m.language);
    for (k, v) in &m.extra {
        feed(k);
        feed(v);
    }
    format!("{:016x}", h.finish())
}
