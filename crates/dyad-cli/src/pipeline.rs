//! The pipeline every command runs a document through, loaded once per process.

use anyhow::{anyhow, Result};
use dyad_core::Document;
use dyad_models::Models;
use std::sync::OnceLock;

/// The loaded stages: models and (later) knowledge base and dictionaries.
pub struct Pipeline {
    models: Models,
}

static PIPELINE: OnceLock<std::result::Result<Pipeline, String>> = OnceLock::new();

impl Pipeline {
    /// The process-wide pipeline, loaded on first use (about 0.2 s).
    pub fn get() -> Result<&'static Pipeline> {
        PIPELINE
            .get_or_init(|| {
                Models::load_default()
                    .map(|models| Pipeline { models })
                    .map_err(|e| format!("cannot load the tagger and parser models: {e}"))
            })
            .as_ref()
            .map_err(|e| anyhow!("{e}"))
    }

    /// The tagger, lemmatizer and parser.
    pub fn models(&self) -> &Models {
        &self.models
    }

    /// Runs every stage dyad has on one document: tokens and sentences, then tags, lemmas and
    /// dependency trees.
    pub fn process(&self, doc: &mut Document) {
        dyad_text::segment(doc);
        self.models.annotate(doc);
    }
}
