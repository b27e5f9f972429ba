//! The layers added after syntax: entities, actors, dates, places, quotes and events.
//!
//! Each record points into the document's text with a [`Span`] (and, where it covers tokens,
//! a token range), so that every record can be traced back to the words it was made from.

use crate::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A named entity found by the recogniser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Where the entity is in the text.
    pub span: Span,
    /// Token indices covered, in [`crate::Document::tokens`].
    pub tokens: Range<u32>,
    /// `PER`, `LOC`, `ORG` or `NORP`.
    pub label: String,
}

/// An actor mention: a span of the text resolved to a CAMEO actor code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Where the mention is in the text.
    pub span: Span,
    /// Token indices covered.
    pub tokens: Range<u32>,
    /// The index of the sentence, in [`crate::Document::sentences`].
    pub sentence: u32,
    /// The CAMEO actor code on the document's date (`RUSGOV`, `IGOUNO`, `UKRREB`).
    pub code: String,
    /// The ISO3 or CAMEO regional code of the actor's country, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The role codes after the country (`GOV`, `MIL`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub roles: Vec<String>,
    /// The canonical name of the person or body referred to, when known (also for pronouns and
    /// titles resolved to an earlier mention).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// How the mention was resolved: `country`, `metonym`, `org`, `person`, `agent`,
    /// `title` (title + country for an unknown name), `coref` (pronoun, surname or title
    /// resolved to an earlier mention), `coref-org` (a definite description of an
    /// organisation: "the fund"), `coref-plural` ("the two leaders": one of two mentions over
    /// the same words), `located` (a bare role given the one country of the places and actors
    /// around it: "police" in a report set in Nairobi).
    pub how: String,
}

/// A time expression resolved against the document date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// Where the expression is in the text.
    pub span: Span,
    /// The index of the sentence.
    pub sentence: u32,
    /// ISO 8601 value at its precision: `2014-03-14`, `2014-03`, `2014`, `2014-W11`.
    pub value: String,
}

/// A place named in the text, resolved in the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Where the toponym is in the text.
    pub span: Span,
    /// The index of the sentence.
    pub sentence: u32,
    /// The resolved location.
    pub location: Location,
    /// Whether the toponym stands for a place (`in Moscow`) rather than for a government
    /// (`Moscow said`, a metonym).
    pub literal: bool,
}

/// A location from the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The gazetteer's name of the place.
    pub name: String,
    /// ISO 3166-1 alpha-3 code of its country.
    pub country: String,
    /// First-level administrative region, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// GeoNames id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
}

/// A direct quotation and its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, quotation marks excluded.
    pub span: Span,
    /// The speaker, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
}

/// Who said a quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The words naming the speaker where the quote is attributed (`he`, `Lavrov`).
    pub span: Span,
    /// The canonical name of the speaker, when known (through coreference for pronouns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// The speaker's CAMEO actor code, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// One side of an event: the actor as it appears in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventActor {
    /// The words of the mention.
    pub text: String,
    /// The CAMEO actor code.
    pub code: String,
    /// The country part of the code, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The role codes.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The canonical name, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Where the mention is in the text.
    pub span: Span,
}

/// The PLOVER event type and mode of a CAMEO code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    /// The PLOVER event type (`CONSULT`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The PLOVER mode, where defined (`visit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
}

/// The words that produced an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The text from the first to the last word involved.
    pub text: String,
    /// Byte offset of its start.
    pub start: u32,
    /// Byte offset of its end.
    pub end: u32,
}

/// One coded event: the record dyad writes (`docs/formats.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The id of the document.
    pub doc_id: String,
    /// The index of the sentence in the document.
    pub sentence: u32,
    /// A stable hash of document, sentence, rule, source, target and code.
    pub event_id: String,
    /// The event's date (ISO 8601 day), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where the date comes from: `text` (an expression in the event's clause), `document`
    /// (the document's date) or `none`.
    pub date_source: String,
    /// Who acts.
    pub source: EventActor,
    /// Who is acted upon; `None` where CAMEO allows an event without target.
    pub target: Option<EventActor>,
    /// The CAMEO event code (`042`).
    pub cameo: String,
    /// The two-digit CAMEO root code (`04`).
    pub cameo_root: String,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict.
    pub quad_class: u8,
    /// The Goldstein score of the code (-10 to +10).
    pub goldstein: f32,
    /// The PLOVER type and mode.
    pub plover: Plover,
    /// Where the event happened, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The words that produced the event.
    pub evidence: Evidence,
    /// The rule that fired: dictionary file and entry (`04-consult.toml#12`).
    pub rule: String,
    /// Whether the event is negated ("did not attack"); negated events are reported, never
    /// counted as the event.
    pub negated: bool,
    /// `asserted`, `intended` or `hypothetical`.
    pub modality: String,
    /// How sure the coder is, 0 to 1.
    pub confidence: f32,
}

/// CAMEO role and group codes that never stand for a country.
pub const ROLE_CODES: &[&str] = &[
    "AGR", "BUS", "CRM", "CVL", "COP", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "IMG",
    "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGO", "NGM", "OPP", "PTY", "RAD",
    "REB", "REF", "REL", "SEP", "SPY", "UAF", "UIS",
];

/// Splits an actor code into its country part and role codes, by the CAMEO convention: a
/// three-letter country or regional code, then three-letter role codes.
///
/// ```
/// assert_eq!(
///     dyad_core::split_actor_code("RUSGOV"),
///     (Some("RUS".to_string()), vec!["GOV".to_string()])
/// );
/// ```
pub fn split_actor_code(code: &str) -> (Option<String>, Vec<String>) {
    let chunks: Vec<String> = code
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let Some(first) = chunks.first() else {
        return (None, Vec::new());
    };
    // International and transnational actors, and bare roles ("police" = `COP`), start with a
    // role code and have no country.
    if ROLE_CODES.contains(&first.as_str()) {
        return (None, chunks);
    }
    (Some(first.clone()), chunks[1..].to_vec())
}
