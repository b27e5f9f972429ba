//! The figures `/api/health` reports, kept in memory: a health check must answer at once,
//! and `count(*)` walks a whole index (0.03–0.15 s through the server on a million events,
//! and it used to wait for a free reader behind slow queries: up to the query timeout).
//!
//! How they stay true:
//! - an exact count at start ([`Counter::new`]);
//! - after every write of this server, and every second for another process's commits, the
//!   rows numbered above the highest already counted are added ([`Counter::catch_up`]: a
//!   range of each table's integer key, as cheap as the new rows);
//! - documents are never deleted (a replacement updates its row in place), so their count
//!   stays exact; an event is deleted when a replacement leaves it without mentions, which
//!   the key range cannot see, so a replacement by this server is followed by an exact
//!   recount before it is answered, and another process's commits by one at most every
//!   minute ([`Counter::recount_due`]).

use dyad_store::{Result, Store};
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Exact recounts for another process's commits are at least this far apart...
const RECOUNT_EVERY: Duration = Duration::from_secs(60);
/// ...and at least this many times as long as the last one took, so that recounting never
/// costs more than half a percent of a core however large the store.
const RECOUNT_SHARE: u32 = 200;

/// What `/api/health` reports of the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents stored.
    pub documents: u64,
    /// Events stored.
    pub events: u64,
    /// The store's schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    /// The highest document number counted.
    max_doc: i64,
    /// The highest event number counted.
    max_event: i64,
}

/// The counts, and how they are kept current.
#[derive(Debug)]
pub struct Counter {
    /// Held while rows are counted, so that two updates never add the same rows twice.
    update: Mutex<Counts>,
    /// The last figures, copied out of `update` once it is done: a health check never waits
    /// for a query.
    published: RwLock<Counts>,
    /// When the last exact count was made and how long it took.
    last_full: Mutex<(Instant, Duration)>,
}

impl Counter {
    /// Counts every row of `store` (the one full count a server makes unasked).
    pub fn new(store: &Store) -> Result<Counter> {
        let started = Instant::now();
        let counts = full(store)?;
        Ok(Counter {
            update: Mutex::new(counts),
            published: RwLock::new(counts),
            last_full: Mutex::new((Instant::now(), started.elapsed())),
        })
    }

    /// The current figures; never touches the store.
    pub fn get(&self) -> Counts {
        *self
            .published
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds the rows committed since the last update, as `store` sees them now.
    pub fn catch_up(&self, store: &Store) -> Result<()> {
        let mut c = self.update.lock().unwrap_or_else(PoisonError::into_inner);
        add_new_rows(&mut c, store)?;
        self.publish(*c);
        Ok(())
    }

    /// Counts every row again (after a replacement may have deleted events).
    pub fn recount(&self, store: &Store) -> Result<()> {
        let started = Instant::now();
        let fresh = full(store)?;
        let took = started.elapsed();
        let mut c = self.update.lock().unwrap_or_else(PoisonError::into_inner);
        // Rows committed after the count's snapshot but already added by another update are
        // above the snapshot's highest numbers: counting from there adds them again, once.
        *c = fresh;
        add_new_rows(&mut c, store)?;
        self.publish(*c);
        *self
            .last_full
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = (Instant::now(), took);
        Ok(())
    }

    /// Whether another process's commits call for an exact recount now: at most once a
    /// [`RECOUNT_EVERY`], and never more than 1/[`RECOUNT_SHARE`] of the time.
    pub fn recount_due(&self) -> bool {
        let (at, took) = *self
            .last_full
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        at.elapsed() >= RECOUNT_EVERY.max(took * RECOUNT_SHARE)
    }

    fn publish(&self, c: Counts) {
        *self
            .published
            .write()
            .unwrap_or_else(PoisonError::into_inner) = c;
    }
}

/// Every row counted, with the highest numbers, and the schema version. Each table's count
/// and highest number come from one statement, so from one snapshot: rows committed later
/// are numbered above it.
fn full(store: &Store) -> Result<Counts> {
    let conn = store.connection();
    // Written as two subqueries, `count(*)` still walks the smallest index and `max` is one
    // descent of the table's key.
    let (documents, max_doc): (i64, Option<i64>) = conn.query_row(
        "SELECT (SELECT count(*) FROM documents), (SELECT max(doc) FROM documents)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (events, max_event): (i64, Option<i64>) = conn.query_row(
        "SELECT (SELECT count(*) FROM events), (SELECT max(event) FROM events)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let schema_version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(Counts {
        documents: documents.max(0) as u64,
        events: events.max(0) as u64,
        schema_version,
        max_doc: max_doc.unwrap_or(0),
        max_event: max_event.unwrap_or(0),
    })
}

/// Adds the rows numbered above the highest counted (a range of the integer key: it reads
/// the new rows only).
fn add_new_rows(c: &mut Counts, store: &Store) -> Result<()> {
    let conn = store.connection();
    let (n, max): (i64, Option<i64>) = conn.query_row(
        "SELECT count(*), max(doc) FROM documents WHERE doc > ?1",
        [c.max_doc],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    c.documents += n.max(0) as u64;
    c.max_doc = max.unwrap_or(c.max_doc);
    let (n, max): (i64, Option<i64>) = conn.query_row(
        "SELECT count(*), max(event) FROM events WHERE event > ?1",
        [c.max_event],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    c.events += n.max(0) as u64;
    c.max_event = max.unwrap_or(c.max_event);
    c.schema_version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{Document, Metadata};
    use dyad_store::StoreOptions;

    fn doc(id: &str, text: &str) -> Document {
        Document::new(Metadata::with_id(id), text)
    }

    #[test]
    fn counts_follow_inserts_and_recounts() {
        let dir = std::env::temp_dir().join(format!("dyad-server-counts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("c.db");
        let mut w = Store::open(&db, StoreOptions::default()).unwrap();
        let counter = Counter::new(&w).unwrap();
        assert_eq!((counter.get().documents, counter.get().events), (0, 0));
        assert!(counter.get().schema_version >= 1);
        w.ingest(&doc("a", "one")).unwrap();
        w.ingest(&doc("b", "two")).unwrap();
        w.commit().unwrap();
        // Not yet caught up: the figures are those of the last update.
        assert_eq!(counter.get().documents, 0);
        let r = Store::open_read_only(&db).unwrap();
        counter.catch_up(&r).unwrap();
        assert_eq!(counter.get().documents, 2);
        // Catching up twice adds nothing twice.
        counter.catch_up(&r).unwrap();
        assert_eq!(counter.get().documents, 2);
        w.ingest(&doc("c", "three")).unwrap();
        // Same id, other content: replaced in place, not a new document.
        w.ingest(&doc("a", "one again")).unwrap();
        w.commit().unwrap();
        counter.catch_up(&w).unwrap();
        assert_eq!(counter.get().documents, 3);
        counter.recount(&r).unwrap();
        assert_eq!(counter.get().documents, 3);
        assert!(!counter.recount_due(), "just recounted");
        drop((w, r));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
