//! dyad's data model.
//!
//! A [`Document`] owns the original text of one news report and its [`Metadata`]. Every stage of
//! the pipeline reads the document and adds a layer of its own: the tokenizer adds [`Token`]s,
//! the sentence splitter [`Sentence`]s, later stages add tags, trees, actors and events. Every
//! layer refers to the text by [`Span`]s, byte offsets into the original text, so that
//! `&doc.text()[span]` always gives back exactly the words a record was made from.
//!
//! ```
//! use dyad_core::{Document, Metadata, Span, Token};
//!
//! let mut doc = Document::new(Metadata::with_id("d1"), "Russia's army moved.");
//! doc.tokens.push(Token::new(Span::new(0, 6)));
//! assert_eq!(doc.slice(doc.tokens[0].span), "Russia");
//! ```
#![warn(missing_docs)]

mod document;
mod error;
mod layers;
mod span;

pub use document::{Document, Metadata, Sentence, Syntax, Token};
pub use error::{Error, Result};
pub use layers::{
    split_actor_code, ActorMention, DateMention, Entity, Event, EventActor, Evidence, Location,
    PlaceMention, Plover, Quote, Speaker, ROLE_CODES,
};
pub use span::Span;

/// Parses a calendar date in ISO 8601 form (`YYYY-MM-DD`), the form used on the command line and
/// in every dyad output.
pub fn parse_iso_date(s: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| Error::BadDate {
        value: s.chars().take(64).collect(),
    })
}
