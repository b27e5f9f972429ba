//! The schema and its versioned migrations.
//!
//! The version lives in SQLite's `user_version` header field and the file is marked as dyad's
//! with `application_id`, so that a store is told apart from any other SQLite file before
//! anything is written to it.

use crate::{Error, Result};
use rusqlite::Connection;
use std::io::Read;
use std::path::Path;

/// `application_id` of a dyad store: the bytes `DYAD`.
pub const APPLICATION_ID: i64 = 0x4459_4144;

/// Migrations in order: `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`. Append only;
/// never edit a released one.
const MIGRATIONS: &[&str] = &[
    // Version 1.
    r#"
CREATE TABLE documents (
    doc          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    hash         TEXT NOT NULL,
    date         TEXT,
    title        TEXT,
    source       TEXT,
    url          TEXT,
    language     TEXT NOT NULL,
    origin       TEXT,
    extra        TEXT,
    text         TEXT,
    n_events     INTEGER NOT NULL,
    ingested_at  TEXT NOT NULL
);
CREATE TABLE events (
    event          INTEGER PRIMARY KEY,
    date           TEXT NOT NULL,
    source_code    TEXT NOT NULL,
    target_code    TEXT NOT NULL,
    cameo          TEXT NOT NULL,
    place          TEXT NOT NULL,
    negated        INTEGER NOT NULL,
    cameo_root     TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    source_country TEXT,
    target_country TEXT,
    record         TEXT NOT NULL,
    source_url     TEXT,
    num_mentions   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL,
    date_added     TEXT NOT NULL,
    UNIQUE (date, source_code, target_code, cameo, place, negated)
);
CREATE TABLE mentions (
    event          INTEGER NOT NULL REFERENCES events(event),
    doc            INTEGER NOT NULL REFERENCES documents(doc),
    sentence       INTEGER NOT NULL,
    event_id       TEXT NOT NULL,
    outlet         TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    rule           TEXT NOT NULL,
    confidence     REAL NOT NULL,
    record         TEXT NOT NULL
);
CREATE INDEX mentions_event ON mentions(event, outlet);
CREATE INDEX mentions_doc ON mentions(doc);
CREATE TABLE actors (
    doc      INTEGER NOT NULL REFERENCES documents(doc),
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    code     TEXT NOT NULL,
    country  TEXT,
    entity   TEXT,
    how      TEXT NOT NULL
);
CREATE INDEX actors_doc ON actors(doc);
CREATE TABLE places (
    doc         INTEGER NOT NULL REFERENCES documents(doc),
    sentence    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT NOT NULL,
    admin1      TEXT,
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    geonames_id INTEGER,
    literal     INTEGER NOT NULL
);
CREATE INDEX places_doc ON places(doc);
CREATE TABLE quotes (
    doc            INTEGER NOT NULL REFERENCES documents(doc),
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    speaker_code   TEXT,
    speaker_entity TEXT
);
CREATE INDEX quotes_doc ON quotes(doc);
"#,
    // Version 2: indexes for reading events by date range, actor and CAMEO root (the HTTP API,
    // `export --from/--to`). Each ends in `date`, and SQLite appends the row id, so a filter on
    // the first column is answered in (date, event) order without a sort: exports and paged
    // API answers stream from the index. The key index (date, source, target, cameo, place,
    // negated) already serves date ranges, but not in event order. Quad class (4 values) and
    // countries get no index: the date index with a filter on the rows does as well, and every
    // index is paid for on each insert. `mentions(event, ...)` and `documents(id)` were
    // indexed in version 1.
    r#"
CREATE INDEX events_date ON events(date);
CREATE INDEX events_source_date ON events(source_code, date);
CREATE INDEX events_target_date ON events(target_code, date);
CREATE INDEX events_root_date ON events(cameo_root, date);
"#,
    // Version 3: date mentions (`Document::dates`), for the spans of the document view
    // (`/api/documents/{id}`). `value` is the resolved date in ISO 8601 at its precision
    // (`2014-03-14`, `2014-03`, `2014`, `2014-W11`). Existing documents get no rows: their
    // date mentions were not kept, and coding them again is what `dyad ingest` is for.
    r#"
CREATE TABLE dates (
    doc      INTEGER NOT NULL REFERENCES documents(doc),
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    value    TEXT NOT NULL
);
CREATE INDEX dates_doc ON dates(doc);
"#,
];

/// The first schema version with the `dates` table: stores of older versions neither write
/// nor read date mentions.
pub(crate) const DATES_VERSION: i64 = 3;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The oldest schema version a read-only open accepts. A read-only open never upgrades (it
/// cannot write); it reads an older store as long as every table and column the read paths use
/// is there. Version 2 only added indexes, so version 1 reads the same, only slower on
/// filtered queries. Version 3 added the `dates` table, which the read paths skip on an older
/// store (its documents show no date mentions). A migration that changes tables or columns
/// the read paths cannot do without raises this.
pub const OLDEST_READABLE_VERSION: i64 = 1;

/// What the header of an opened database says.
pub(crate) struct Header {
    pub version: i64,
}

/// Checks the file's first 100 bytes (SQLite's database header) before SQLite opens it: SQLite
/// would create a log beside a WAL-mode file and roll back a hot journal of another
/// application's database, so a file that is plainly not ours, or from a newer dyad, is refused
/// without SQLite touching it. The header may lag behind a log not yet folded into the file,
/// but only ever shows an older version, so [`check`] still decides what passes.
pub(crate) fn check_file(path: &Path) -> Result<()> {
    let display = || path.display().to_string();
    let mut head = Vec::with_capacity(100);
    match std::fs::File::open(path) {
        Ok(f) => {
            f.take(100).read_to_end(&mut head)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    if head.is_empty() {
        // A new (or empty) file becomes a store.
        return Ok(());
    }
    if head.len() < 100 || !head.starts_with(b"SQLite format 3\0") {
        return Err(Error::Foreign {
            path: display(),
            reason: "not an SQLite database".to_string(),
        });
    }
    let field = |at: usize| {
        head.get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, |b| i64::from(i32::from_be_bytes(b)))
    };
    let (version, app) = (field(60), field(68));
    if app != 0 && app != APPLICATION_ID {
        return Err(Error::Foreign {
            path: display(),
            reason: format!("SQLite database with application id {app:#x}"),
        });
    }
    if app == APPLICATION_ID && version > SCHEMA_VERSION {
        return Err(Error::TooNew {
            path: display(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Reads and checks the header without writing anything. A brand-new (empty) file passes with
/// version 0.
pub(crate) fn check(conn: &Connection, path: &str) -> Result<Header> {
    let foreign = |reason: String| Error::Foreign {
        path: path.to_string(),
        reason,
    };
    // The first read of a file that is not SQLite fails here ("file is not a database").
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| foreign(e.to_string()))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| foreign(e.to_string()))?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| foreign(e.to_string()))?;
    if app != APPLICATION_ID {
        if app == 0 && version == 0 && objects == 0 {
            return Ok(Header { version: 0 });
        }
        return Err(foreign(format!(
            "SQLite database with application id {app:#x}, user version {version} and \
             {objects} schema objects"
        )));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::TooNew {
            path: path.to_string(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 && objects > 0 {
        // Marked as dyad's but with tables no migration made (dyad sets the mark and the
        // version in the same transaction as the tables).
        return Err(foreign(format!(
            "dyad application id but schema version 0 and {objects} schema objects"
        )));
    }
    Ok(Header { version })
}

/// Brings the schema from `from` to `to` (at most [`SCHEMA_VERSION`]). Each step runs in one
/// exclusive transaction together with its `user_version` bump, so a crash or a failing
/// statement leaves the store at the last complete version, never between two.
pub(crate) fn migrate(conn: &mut Connection, path: &str, from: i64, to: i64) -> Result<()> {
    let to = to.min(SCHEMA_VERSION);
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(to.max(0) as usize)
        .skip(from.max(0) as usize)
    {
        let version = i as i64 + 1;
        let step = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
            tx.execute_batch(sql)?;
            tx.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
            ))?;
            tx.commit()
        };
        // Dropping the transaction on an error rolls it back.
        step(conn).map_err(|source| Error::Migration {
            path: path.to_string(),
            from: version - 1,
            to: version,
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a of a migration's text.
    fn fingerprint(sql: &str) -> u64 {
        dyad_core::fnv1a(sql.as_bytes())
    }

    /// Released migrations are frozen: stores in the wild were made by exactly this text, and
    /// the migration tests build old stores from it. Change the schema by appending a version.
    #[test]
    fn released_migrations_are_unchanged() {
        // A new migration's fingerprint is added here when it is released.
        let frozen: [u64; 3] = [
            0x2e4a_84c9_53e9_0245,
            0xb6f6_34fd_f99d_0fe2,
            0xe5ff_0460_5cc9_0d4d,
        ];
        assert_eq!(
            MIGRATIONS.len(),
            frozen.len(),
            "add the new migration's fingerprint"
        );
        for (i, (sql, want)) in MIGRATIONS.iter().zip(frozen).enumerate() {
            assert_eq!(
                fingerprint(sql),
                want,
                "migration to version {} was edited",
                i + 1
            );
        }
    }
}
