//! PETRARCH compatibility: the peer test suite (`PETR.UnitTest.records.xml`) run through dyad.
//!
//! - [`records`]: the records file (a careful hand parser for its small XML dialect).
//! - [`actors`]: PETRARCH actor and agent dictionaries matched on dyad's tokens and composed
//!   on its dependency trees into [`dyad_core::ActorMention`]s (dated codes honoured).
//! - [`compile`]: PETRARCH/TABARI verb dictionaries compiled into [`crate::Rule`]s.
//! - [`eval`]: the evaluation loop: dyad's own tokenizer and parser on each record's text (the
//!   bracketed `<Parse>` is never read), the coder, and a comparison of the coded events with
//!   the record's `<EventCoding>` lines as sets of (source, target, code).
//!
//! ```no_run
//! use dyad_coder::petrarch::{evaluate, PetrarchDicts, Records};
//! use std::path::Path;
//!
//! let records = Records::read(Path::new("PETR.UnitTest.records.xml")).unwrap();
//! let dicts = PetrarchDicts::load(Path::new("."), &records.environment).unwrap();
//! let codes = dyad_kb::dictionary::CodeTable::bundled().unwrap();
//! let report = evaluate(&records, &dicts, &codes, &mut |doc| {
//!     dyad_text::segment(doc);
//!     // ... and tag and parse: dyad_models::Models::annotate
//! });
//! println!("{} passed, {} failed", report.passed, report.failed);
//! ```

pub mod actors;
pub mod compile;
pub mod eval;
pub mod records;

pub use actors::PetrarchActors;
pub use compile::{compile, CompiledVerbs, RuleMeta};
pub use eval::{code_record, evaluate, Cause, Counts, DictsError, Failure, PetrarchDicts, Report};
pub use records::{Coding, Environment, Expected, Options, Record, Records, RecordsError};
