//! The pipeline the coder's end-to-end tests run: shipped models, knowledge base, dictionaries
//! and gazetteer, loaded once per test binary.

use dyad_coder::places::Places;
use dyad_coder::{ActorResolver, CodeOptions, Coder, RuleSet};
use dyad_core::{Document, Event, Metadata};
use dyad_kb::dictionary::VerbDictionary;
use dyad_kb::kb::KnowledgeBase;
use std::sync::OnceLock;

/// The loaded pipeline stages.
pub struct Setup {
    pub models: dyad_models::Models,
    pub kb: KnowledgeBase,
    pub coder: Coder,
    pub places: Places,
}

/// The stages, loaded on first use.
pub fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let dict = VerbDictionary::bundled().expect("bundled dictionaries");
        Setup {
            models: dyad_models::Models::load_default().expect("bundled models"),
            kb: KnowledgeBase::bundled().expect("bundled kb"),
            coder: Coder::new(RuleSet::from_dictionary(&dict), dict.codes().clone()),
            places: Places::bundled().expect("bundled gazetteer"),
        }
    })
}

/// The whole pipeline on `text`, dated 2023-06-01: parse, actors, places, events.
pub fn process(text: &str) -> Document {
    process_with(text, CodeOptions::default())
}

/// [`process`] keeping every record the rules produce, hypothetical acts and bare statements
/// included.
#[allow(dead_code)] // not every test binary uses it
pub fn process_all(text: &str) -> Document {
    process_with(text, CodeOptions::everything())
}

/// [`process`] with the coder's `options`.
#[allow(dead_code)] // not every test binary uses it
pub fn process_with(text: &str, options: CodeOptions) -> Document {
    let s = setup();
    let mut meta = Metadata::with_id("t");
    meta.date = dyad_core::parse_iso_date("2023-06-01").ok();
    let mut doc = Document::new(meta, text);
    dyad_text::segment(&mut doc);
    s.models.annotate(&mut doc);
    ActorResolver::new(&s.kb).resolve(&mut doc);
    doc.places = s.places.find(&doc);
    dyad_coder::located_agents::locate_agents(&mut doc);
    dyad_coder::pronouns::resolve_pronouns(&mut doc);
    dyad_coder::plural::resolve_plurals(&mut doc);
    s.coder.code_with(&mut doc, options);
    dyad_coder::attach_dates_and_places(&mut doc);
    doc.validate().expect("layers stay valid");
    doc
}

/// (source code, target code or `---`, CAMEO code) of each event.
pub fn triples(events: &[Event]) -> Vec<(String, String, String)> {
    events
        .iter()
        .map(|e| {
            (
                e.source.code.clone(),
                e.target
                    .as_ref()
                    .map_or("---".to_string(), |t| t.code.clone()),
                e.cameo.clone(),
            )
        })
        .collect()
}
