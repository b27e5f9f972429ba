//! The schema and its versioned migrations.
//!
//! The version lives in SQLite's `user_version` header field and the file is marked as dyad's
//! with `application_id`, so that a store is told apart from any other SQLite file before
//! anything is written to it.

use crate::{Error, Result};
use rusqlite::Connection;

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
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What the header of an opened database says.
pub(crate) struct Header {
    pub version: i64,
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
            "SQLite database with application id {app:#x} and {objects} schema objects"
        )));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::TooNew {
            path: path.to_string(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(Header { version })
}

/// Brings the schema from `from` to [`SCHEMA_VERSION`], each step in its own transaction so
/// that a crash leaves the store at a known version.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
            i + 1
        ))?;
        tx.commit()?;
    }
    Ok(())
}
