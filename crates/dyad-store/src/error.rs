use thiserror::Error;

/// Errors of the event store.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The file is not a dyad event store (another application's SQLite database, or not a
    /// database at all). It was not changed.
    #[error("{path}: not a dyad event store ({reason}); the file was left untouched")]
    Foreign {
        /// The database path.
        path: String,
        /// What gave it away.
        reason: String,
    },
    /// The store was written by a newer dyad whose schema this one does not know. It was not
    /// changed.
    #[error(
        "{path}: written by a newer dyad (store schema version {found}, this dyad knows up to \
         {known}); use that dyad or a newer one. The file was left untouched"
    )]
    TooNew {
        /// The database path.
        path: String,
        /// The schema version found in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A read-only open found a schema older than this build can read
    /// ([`OLDEST_READABLE_VERSION`](crate::OLDEST_READABLE_VERSION)), which only a writable
    /// open may upgrade.
    #[error(
        "{path}: store schema version {found} is older than this dyad reads (it writes version \
         {known}); run `dyad ingest --db {path} INPUT...` once (any input, even documents \
         already stored) to upgrade it"
    )]
    TooOld {
        /// The database path.
        path: String,
        /// The schema version found in the file.
        found: i64,
        /// The version this build writes.
        known: i64,
    },
    /// Upgrading the schema failed. The step runs in one transaction, so the store was left
    /// at version `from`, as it was.
    #[error(
        "{path}: cannot upgrade the store schema from version {from} to {to} ({source}); the \
         store was left at version {from}"
    )]
    Migration {
        /// The database path.
        path: String,
        /// The version the store is still at.
        from: i64,
        /// The version the failed step would have reached.
        to: i64,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A read-only open of a store that does not exist.
    #[error("{path}: no such event store")]
    Missing {
        /// The database path.
        path: String,
    },
    /// An argument out of its domain (a bad date, an empty dyad).
    #[error("{0}")]
    BadArgument(String),
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// A stored record could not be encoded or decoded.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Writing an export failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The Parquet writer failed.
    #[cfg(feature = "parquet")]
    #[error("parquet: {0}")]
    Parquet(String),
}

/// Result with the store's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
