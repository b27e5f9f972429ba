//! dyad's event store: coded documents in one SQLite file, events de-duplicated across
//! reports, exports and statistics.
//!
//! - [`Store`] opens (creating or upgrading) a store in WAL mode and [`Store::ingest`]s one
//!   coded [`Document`](dyad_core::Document) per transaction: a crash never leaves half a
//!   document, and a document stored with the same id and content is skipped.
//! - Events are merged GDELT-style on [`EventKey`] (date, source code, target code, CAMEO
//!   code, place): one row per event with `num_mentions`, `num_sources` and `num_articles`, and
//!   one `mentions` row per article and sentence that reported it.
//! - [`format`] turns events into CSV, GDELT 2.0 (61 columns) and JSON rows; the `parquet`
//!   module (feature `parquet`, on by default) writes Parquet with the schema of
//!   `parquet::arrow_schema`.
//! - [`Store::stats`] aggregates events per day, week or month.
//!
//! The schema is in `docs/store.md`.
//!
//! ```
//! use dyad_core::{Document, Metadata};
//! use dyad_store::{Ingested, Store, StoreOptions};
//!
//! let dir = std::env::temp_dir().join(format!("dyad-store-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("events.db");
//! let _ = std::fs::remove_file(&path);
//! let mut store = Store::open(&path, StoreOptions::default()).unwrap();
//! let doc = Document::new(Metadata::with_id("d1"), "Kerry met Lavrov.");
//! assert_eq!(store.ingest(&doc).unwrap(), Ingested::New { events: 0 });
//! assert_eq!(store.ingest(&doc).unwrap(), Ingested::Skipped);
//! assert_eq!(store.totals().unwrap().documents, 1);
//! # drop(store);
//! # let _ = std::fs::remove_dir_all(&dir);
//! ```
#![warn(missing_docs)]

mod error;
pub mod format;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod query;
mod schema;
pub mod stats;
mod store;

pub use error::{Error, Result};
pub use format::Counts;
pub use schema::{APPLICATION_ID, OLDEST_READABLE_VERSION, SCHEMA_VERSION};
pub use stats::{Period, Stats, StatsQuery};
pub use store::{
    content_hash, EventFilter, EventKey, Ingested, Store, StoreOptions, StoredEvent, Totals,
};
