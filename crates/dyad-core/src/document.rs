use crate::layers::{ActorMention, DateMention, Entity, Event, PlaceMention, Quote};
use crate::{Error, Result, Span};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Stable identifier: given by the input, else derived from the file name and position.
    pub id: String,
    /// Headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date: the default date of the events the document reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The outlet (for example `Reuters`); counts distinct sources when events are merged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where the article was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// ISO 639-1 language code; dyad reads English (`en`).
    pub language: String,
    /// Where the document was read from: `path` or `path:line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Input fields dyad has no slot for, kept as they came.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl Metadata {
    /// Metadata with only an id (language English).
    pub fn with_id(id: impl Into<String>) -> Self {
        Metadata {
            id: id.into(),
            language: "en".to_string(),
            ..Default::default()
        }
    }
}

/// One token: a span of the text, never rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token is in the text.
    pub span: Span,
    /// The token was split off the token before it inside one space-free word: the `'s` of
    /// `Russia's`, the `n't` of `don't` (a Universal Dependencies multiword token).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clitic: bool,
}

impl Token {
    /// A token that is not a clitic.
    #[inline]
    pub fn new(span: Span) -> Self {
        Token {
            span,
            clitic: false,
        }
    }
}

/// One sentence: its span of the text and the range of its tokens in [`Document::tokens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// From the start of the first token to the end of the last.
    pub span: Span,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<u32>,
}

impl Sentence {
    /// Token indices as `usize`, for indexing.
    #[inline]
    pub fn token_range(&self) -> Range<usize> {
        self.tokens.start as usize..self.tokens.end as usize
    }
}

/// A news report: its text, its metadata and the layers the pipeline has added so far.
///
/// The text is never changed after construction; every layer points into it with [`Span`]s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Id, date, title, source and the rest.
    pub meta: Metadata,
    text: String,
    /// Tokens in text order (tokenizer layer).
    #[serde(default)]
    pub tokens: Vec<Token>,
    /// Sentences in text order, covering every token once (sentence-splitter layer).
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    /// Tags, lemmas and dependency trees of the tokens (tagger and parser layer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syntax: Option<Syntax>,
    /// Named entities (recogniser layer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// Actor mentions with their CAMEO codes (actor layer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ActorMention>,
    /// Time expressions resolved against the document date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateMention>,
    /// Places resolved in the gazetteer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceMention>,
    /// Direct quotations and their speakers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    /// Coded events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// The syntax layer: per-token parallel arrays, indexed like [`Document::tokens`].
///
/// Heads are document-wide token indices and never cross a sentence boundary; `None` marks the
/// root of a sentence's tree. Tags follow Universal Dependencies (UPOS, relations) and the Penn
/// Treebank (XPOS), as in the English UD treebanks the models are trained on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Syntax {
    /// Universal part of speech (`NOUN`, `VERB`, ...).
    pub upos: Vec<String>,
    /// Penn Treebank tag (`NN`, `VBD`, ...).
    pub xpos: Vec<String>,
    /// Dictionary form.
    pub lemma: Vec<String>,
    /// Index of the head token in [`Document::tokens`]; `None` for the root of a sentence.
    pub head: Vec<Option<u32>>,
    /// Universal Dependencies relation to the head (`nsubj`, `obj`, `root`, ...).
    pub deprel: Vec<String>,
}

impl Syntax {
    /// An empty layer with room for `n` tokens.
    pub fn with_capacity(n: usize) -> Self {
        Syntax {
            upos: Vec::with_capacity(n),
            xpos: Vec::with_capacity(n),
            lemma: Vec::with_capacity(n),
            head: Vec::with_capacity(n),
            deprel: Vec::with_capacity(n),
        }
    }

    /// Number of tokens annotated.
    pub fn len(&self) -> usize {
        self.upos.len()
    }

    /// Whether no token is annotated.
    pub fn is_empty(&self) -> bool {
        self.upos.is_empty()
    }

    /// Whether the five arrays have the same length.
    pub fn is_consistent(&self) -> bool {
        let n = self.upos.len();
        self.xpos.len() == n
            && self.lemma.len() == n
            && self.head.len() == n
            && self.deprel.len() == n
    }
}

impl Document {
    /// A document with no layers yet.
    ///
    /// # Panics
    /// When the text is 4 GiB or longer (spans are 32-bit); readers refuse such input first.
    pub fn new(meta: Metadata, text: impl Into<String>) -> Self {
        let text = text.into();
        assert!(text.len() < u32::MAX as usize, "document text over 4 GiB");
        Document {
            meta,
            text,
            tokens: Vec::new(),
            sentences: Vec::new(),
            syntax: None,
            entities: Vec::new(),
            actors: Vec::new(),
            dates: Vec::new(),
            places: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The original text.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The document's id.
    #[inline]
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// The text of a span.
    ///
    /// # Panics
    /// When the span is outside the text or not on character boundaries; spans made by dyad's
    /// own stages never are. Use [`Document::get`] for spans from outside.
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The text of a span, or an error when it is not a valid range of this text.
    pub fn get(&self, span: Span) -> Result<&str> {
        self.text.get(span.range()).ok_or(Error::BadSpan {
            start: span.start as usize,
            end: span.end as usize,
            len: self.text.len(),
        })
    }

    /// The text of token `i`.
    #[inline]
    pub fn token_text(&self, i: usize) -> &str {
        self.slice(self.tokens[i].span)
    }

    /// The tokens of a sentence.
    #[inline]
    pub fn sentence_tokens(&self, s: &Sentence) -> &[Token] {
        &self.tokens[s.token_range()]
    }

    /// Checks the invariants every layer must keep: spans inside the text and on character
    /// boundaries, tokens in order and not overlapping, sentences covering the tokens in order.
    pub fn validate(&self) -> Result<()> {
        let mut last_end = 0u32;
        for t in &self.tokens {
            self.get(t.span)?;
            if t.span.start < last_end || t.span.is_empty() {
                return Err(Error::BadSpan {
                    start: t.span.start as usize,
                    end: t.span.end as usize,
                    len: self.text.len(),
                });
            }
            last_end = t.span.end;
        }
        let mut next = 0u32;
        for s in &self.sentences {
            self.get(s.span)?;
            let ok = s.tokens.start == next
                && s.tokens.end > s.tokens.start
                && s.tokens.end as usize <= self.tokens.len();
            if !ok {
                return Err(Error::BadSpan {
                    start: s.span.start as usize,
                    end: s.span.end as usize,
                    len: self.text.len(),
                });
            }
            next = s.tokens.end;
        }
        if let Some(syn) = &self.syntax {
            let bad_head = syn
                .head
                .iter()
                .flatten()
                .any(|&h| h as usize >= self.tokens.len());
            if !syn.is_consistent() || syn.len() != self.tokens.len() || bad_head {
                return Err(Error::BadSpan {
                    start: 0,
                    end: self.text.len(),
                    len: self.text.len(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_slice_text_back() {
        let mut doc = Document::new(Metadata::with_id("a"), "Kerry met Lavrov.");
        doc.tokens = vec![
            Token::new(Span::new(0, 5)),
            Token::new(Span::new(6, 9)),
            Token::new(Span::new(10, 16)),
            Token::new(Span::new(16, 17)),
        ];
        doc.sentences = vec![Sentence {
            span: Span::new(0, 17),
            tokens: 0..4,
        }];
        doc.validate().unwrap();
        assert_eq!(doc.token_text(2), "Lavrov");
        assert!(doc.get(Span::new(10, 40)).is_err());
    }

    #[test]
    fn invalid_layers_are_caught() {
        let mut doc = Document::new(Metadata::with_id("a"), "héllo");
        doc.tokens = vec![Token::new(Span::new(0, 2))]; // cuts the é in half
        assert!(doc.validate().is_err());
        doc.tokens = vec![Token::new(Span::new(0, 3)), Token::new(Span::new(2, 6))];
        assert!(doc.validate().is_err());
    }

    #[test]
    fn metadata_round_trips_through_json() {
        let mut m = Metadata::with_id("x");
        m.date = Some(crate::parse_iso_date("2014-03-14").unwrap());
        m.extra.insert("section".into(), "world".into());
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"date\":\"2014-03-14\""));
        let back: Metadata = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert!(crate::parse_iso_date("2014-02-30").is_err());
    }
}
