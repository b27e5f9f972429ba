//! dyad's pipeline, loaded once per process and shared by the command line, the HTTP server and
//! the Python bindings: every stage a document goes through, in order.
//!
//! ```no_run
//! let pipeline = dyad_pipeline::Pipeline::get()?;
//! let meta = dyad_core::Metadata::with_id("d1");
//! let mut doc = dyad_core::Document::new(meta, "Japan urged North Korea to return to talks.");
//! pipeline.process(&mut doc);
//! for event in &doc.events {
//!     let target = event.target.as_ref().map_or("-", |t| t.code.as_str());
//!     println!("{} {} {}", event.source.code, event.cameo, target);
//! }
//! # Ok::<(), dyad_pipeline::Error>(())
//! ```
#![warn(missing_docs)]

pub mod annotation;

use dyad_coder::places::Places;
pub use dyad_coder::CodeOptions;
use dyad_coder::{ActorResolver, Coder, RuleSet};
use dyad_core::Document;
use dyad_kb::dictionary::VerbDictionary;
use dyad_kb::kb::KnowledgeBase;
use dyad_models::Models;
use std::sync::OnceLock;

/// Why the pipeline could not be loaded. Loading reads only bundled data, so any of these
/// means a broken build or a bad `DYAD_MODELS` directory.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

/// The loaded stages: models, knowledge base, actor resolver and coder.
pub struct Pipeline {
    models: Models,
    ner: dyad_models::ner::Ner,
    actors: ActorResolver<'static>,
    places: Places,
    coder: Coder,
}

static PIPELINE: OnceLock<Result<Pipeline, Error>> = OnceLock::new();

impl Pipeline {
    /// The process-wide pipeline, loaded on first use (about 0.3 s).
    pub fn get() -> Result<&'static Pipeline, Error> {
        PIPELINE
            .get_or_init(Pipeline::load)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads a pipeline of its own (most callers want the shared one, [`Pipeline::get`]). Its
    /// knowledge base is leaked: a pipeline is meant to live as long as the process.
    pub fn load() -> Result<Pipeline, Error> {
        let models = Models::load_default()
            .map_err(|e| Error(format!("cannot load the tagger and parser models: {e}")))?;
        let ner = dyad_models::ner::Ner::load_default()
            .map_err(|e| Error(format!("cannot load the entity recogniser: {e}")))?;
        let kb = KnowledgeBase::bundled()
            .map_err(|e| Error(format!("the bundled knowledge base is invalid: {e}")))?;
        // The pipeline lives as long as the process; the resolver borrows the knowledge base.
        let kb: &'static KnowledgeBase = Box::leak(Box::new(kb));
        let dict = VerbDictionary::bundled()
            .map_err(|e| Error(format!("the bundled verb dictionaries are invalid: {e}")))?;
        let coder = Coder::new(RuleSet::from_dictionary(&dict), dict.codes().clone());
        let places = Places::bundled()
            .map_err(|e| Error(format!("cannot load the bundled gazetteer: {e}")))?;
        Ok(Pipeline {
            models,
            ner,
            actors: ActorResolver::new(kb),
            places,
            coder,
        })
    }

    /// The tagger, lemmatizer and parser.
    pub fn models(&self) -> &Models {
        &self.models
    }

    /// Tokens, sentences, tags, lemmas, trees and named entities; the document date from a dateline when the
    /// input gave none.
    pub fn parse(&self, doc: &mut Document) {
        dyad_text::segment(doc);
        self.models.annotate(doc);
        self.ner.annotate(doc);
        if doc.meta.date.is_none() {
            doc.meta.date = dyad_coder::dates::document_date(doc);
        }
    }

    /// The actor layer (needs [`Pipeline::parse`]).
    pub fn resolve_actors(&self, doc: &mut Document) {
        self.actors.resolve(doc);
    }

    /// Dates, places and quotes (needs the actor layer, for the speakers of quotes).
    pub fn when_where_quotes(&self, doc: &mut Document) {
        dyad_coder::wwq_eval::add_layers(doc, &self.places);
    }

    /// The events, with their dates and places (needs every layer above).
    pub fn code(&self, doc: &mut Document) {
        self.code_with(doc, CodeOptions::default());
    }

    /// [`Pipeline::code`] with `options` (which events are written).
    pub fn code_with(&self, doc: &mut Document, options: CodeOptions) {
        self.coder.code_with(doc, options);
        dyad_coder::attach_dates_and_places(doc);
    }

    /// Every layer the coder reads: [`Pipeline::parse`], actors, dates, places and quotes.
    pub fn annotate(&self, doc: &mut Document) {
        self.parse(doc);
        self.resolve_actors(doc);
        self.when_where_quotes(doc);
    }

    /// Runs every stage dyad has on one document: [`Pipeline::annotate`], then the coder.
    pub fn process(&self, doc: &mut Document) {
        self.annotate(doc);
        self.code(doc);
    }

    /// [`Pipeline::process`] with `options` for the coder.
    pub fn process_with(&self, doc: &mut Document, options: CodeOptions) {
        self.annotate(doc);
        self.code_with(doc, options);
    }
}
