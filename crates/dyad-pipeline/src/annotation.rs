//! The JSON object `dyad annotate` prints for a processed document: metadata, text and every
//! layer, with each span's text and byte offsets. Shared by the command line and the Python
//! bindings (`dyad.annotate`), so that both print the same fields.

use dyad_core::{Document, Metadata};
use serde::Serialize;

/// One token as `annotate` prints it.
#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    clitic: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    upos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    xpos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lemma: Option<&'a str>,
    /// Index of the head token in `tokens`; `null` for the root of a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprel: Option<&'a str>,
}

/// One sentence as `annotate` prints it.
#[derive(Serialize)]
struct SentenceOut {
    start: u32,
    end: u32,
    /// Index of the first token and one past the last.
    tokens: [u32; 2],
}

/// A span-bearing record as `annotate` prints it: its text and offsets, then its own fields.
#[derive(Serialize)]
struct SpanOut<'a, T: Serialize> {
    text: &'a str,
    start: u32,
    end: u32,
    #[serde(flatten)]
    rest: T,
}

/// An actor mention's fields besides its span.
#[derive(Serialize)]
struct ActorOut<'a> {
    sentence: u32,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    roles: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    how: &'a str,
}

/// A named entity's fields besides its span.
#[derive(Serialize)]
struct EntityOut<'a> {
    label: &'a str,
}

/// A date's fields besides its span.
#[derive(Serialize)]
struct DateOut<'a> {
    sentence: u32,
    value: &'a str,
}

/// A place's fields besides its span.
#[derive(Serialize)]
struct PlaceOut<'a> {
    sentence: u32,
    name: &'a str,
    country: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    admin1: Option<&'a str>,
    lat: f64,
    lon: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    geonames_id: Option<u64>,
    literal: bool,
}

/// A quotation's speaker.
#[derive(Serialize)]
struct SpeakerOut<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
}

/// A quotation's fields besides its span.
#[derive(Serialize)]
struct QuoteOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<SpeakerOut<'a>>,
}

fn span_out<'a, T: Serialize>(doc: &'a Document, span: dyad_core::Span, rest: T) -> SpanOut<'a, T> {
    SpanOut {
        text: doc.slice(span),
        start: span.start,
        end: span.end,
        rest,
    }
}

/// The document as `annotate` prints it: metadata, text and the layers known so far.
#[derive(Serialize)]
struct DocumentOut<'a> {
    #[serde(flatten)]
    meta: &'a Metadata,
    text: &'a str,
    tokens: Vec<TokenOut<'a>>,
    sentences: Vec<SentenceOut>,
    entities: Vec<SpanOut<'a, EntityOut<'a>>>,
    actors: Vec<SpanOut<'a, ActorOut<'a>>>,
    dates: Vec<SpanOut<'a, DateOut<'a>>>,
    places: Vec<SpanOut<'a, PlaceOut<'a>>>,
    quotes: Vec<SpanOut<'a, QuoteOut<'a>>>,
    events: &'a [dyad_core::Event],
}

/// The JSON object `annotate` prints for a processed document (no trailing newline).
pub fn to_json(doc: &Document) -> String {
    let syn = doc.syntax.as_ref().filter(|s| s.len() == doc.tokens.len());
    let out = DocumentOut {
        meta: &doc.meta,
        text: doc.text(),
        tokens: doc
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| TokenOut {
                text: doc.slice(t.span),
                start: t.span.start,
                end: t.span.end,
                clitic: t.clitic,
                upos: syn.map(|s| s.upos[i].as_str()),
                xpos: syn.map(|s| s.xpos[i].as_str()),
                lemma: syn.map(|s| s.lemma[i].as_str()),
                head: syn.map(|s| s.head[i]),
                deprel: syn.map(|s| s.deprel[i].as_str()),
            })
            .collect(),
        sentences: doc
            .sentences
            .iter()
            .map(|s| SentenceOut {
                start: s.span.start,
                end: s.span.end,
                tokens: [s.tokens.start, s.tokens.end],
            })
            .collect(),
        entities: doc
            .entities
            .iter()
            .map(|e| span_out(doc, e.span, EntityOut { label: &e.label }))
            .collect(),
        actors: doc
            .actors
            .iter()
            .map(|a| {
                let rest = ActorOut {
                    sentence: a.sentence,
                    code: &a.code,
                    country: a.country.as_deref(),
                    roles: &a.roles,
                    entity: a.entity.as_deref(),
                    how: &a.how,
                };
                span_out(doc, a.span, rest)
            })
            .collect(),
        dates: doc
            .dates
            .iter()
            .map(|d| {
                let rest = DateOut {
                    sentence: d.sentence,
                    value: &d.value,
                };
                span_out(doc, d.span, rest)
            })
            .collect(),
        places: doc
            .places
            .iter()
            .map(|p| {
                let l = &p.location;
                let rest = PlaceOut {
                    sentence: p.sentence,
                    name: &l.name,
                    country: &l.country,
                    admin1: l.admin1.as_deref(),
                    lat: l.lat,
                    lon: l.lon,
                    geonames_id: l.geonames_id,
                    literal: p.literal,
                };
                span_out(doc, p.span, rest)
            })
            .collect(),
        quotes: doc
            .quotes
            .iter()
            .map(|q| {
                let speaker = q.speaker.as_ref().map(|s| SpeakerOut {
                    text: doc.slice(s.span),
                    entity: s.entity.as_deref(),
                    code: s.code.as_deref(),
                });
                span_out(doc, q.span, QuoteOut { speaker })
            })
            .collect(),
        events: &doc.events,
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string(&out).unwrap_or_default()
}
