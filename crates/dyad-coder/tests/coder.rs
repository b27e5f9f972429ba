//! The coder end to end on the shipped models, knowledge base and dictionaries: one behaviour
//! per test (passives, negation, compounds, modality, reported speech, complements).

mod common;

use common::{setup, triples};
use dyad_coder::ActorResolver;
use dyad_core::{Document, Event, Metadata};

fn code(text: &str) -> Vec<Event> {
    common::process(text).events
}

fn has(events: &[Event], source: &str, target: &str, code: &str) -> bool {
    triples(events)
        .iter()
        .any(|(s, t, c)| s.starts_with(source) && t.starts_with(target) && c == code)
}

#[test]
fn a_plain_visit_is_coded_with_its_rule_and_evidence() {
    let events = code("Japanese Prime Minister Fumio Kishida visited Kyiv on Tuesday.");
    assert!(has(&events, "JPN", "UKR", "042"), "{:?}", triples(&events));
    let e = &events[0];
    assert!(e.rule.starts_with("04-consult.toml#"));
    assert_eq!(e.cameo_root, "04");
    assert_eq!(e.quad_class, 1);
    assert_eq!(e.plover.kind, "CONSULT");
    assert!(e.evidence.text.contains("visited"));
    assert!(!e.negated);
    assert_eq!(e.modality, "asserted");
    assert_eq!(e.date.as_deref(), Some("2023-06-01"));
}

#[test]
fn a_passive_swaps_source_and_target() {
    let events = code("Ukraine was attacked by Russia on Friday.");
    assert!(has(&events, "RUS", "UKR", "190"), "{:?}", triples(&events));
    assert!(!has(&events, "UKR", "RUS", "190"));
}

#[test]
fn negation_is_marked_not_dropped() {
    let events = code("Russia did not attack Ukraine on Friday.");
    let e = events
        .iter()
        .find(|e| e.cameo == "190")
        .expect("the attack is coded");
    assert!(e.negated);
}

#[test]
fn compound_actors_give_one_event_each() {
    let events = code("Russia and China criticized the United States on Monday.");
    assert!(has(&events, "RUS", "USA", "111"), "{:?}", triples(&events));
    assert!(has(&events, "CHN", "USA", "111"), "{:?}", triples(&events));
}

#[test]
fn modality_follows_auxiliaries() {
    let events = code("Germany will send tanks to Ukraine next month.");
    assert!(
        events.iter().any(|e| e.modality == "intended"),
        "{:?}",
        events.iter().map(|e| &e.modality).collect::<Vec<_>>()
    );
}

#[test]
fn reported_speech_codes_the_embedded_event() {
    let events = code("Kyiv said that Russia attacked Ukraine on Sunday.");
    assert!(has(&events, "RUS", "UKR", "190"), "{:?}", triples(&events));
}

#[test]
fn an_appeal_with_a_complement_takes_the_specific_code() {
    let events = code("The United Nations urged Iran to release political prisoners.");
    assert!(
        has(&events, "IGOUNO", "IRN", "0253"),
        "{:?}",
        triples(&events)
    );
}

#[test]
fn no_event_without_a_coded_source() {
    let events = code("Talks were held in Geneva on Monday.");
    assert!(events.is_empty(), "{:?}", triples(&events));
}

#[test]
fn event_ids_are_stable() {
    let a = code("France condemned the attack on Israel.");
    let b = code("France condemned the attack on Israel.");
    assert!(!a.is_empty());
    assert_eq!(
        a.iter().map(|e| &e.event_id).collect::<Vec<_>>(),
        b.iter().map(|e| &e.event_id).collect::<Vec<_>>()
    );
}

#[test]
fn text_without_actors_or_syntax_gives_nothing_and_never_panics() {
    let s = setup();
    for text in ["", "   ", "!!!", "attack attack attack", "\u{0}\u{1}binary"] {
        let mut doc = Document::new(Metadata::with_id("t"), text);
        s.coder.code(&mut doc); // no syntax layer: nothing to do
        assert!(doc.events.is_empty());
        dyad_text::segment(&mut doc);
        s.models.annotate(&mut doc);
        ActorResolver::new(&s.kb).resolve(&mut doc);
        s.coder.code(&mut doc);
    }
}

fn actors(text: &str) -> Vec<(String, String, Option<String>, String)> {
    let s = setup();
    let mut meta = Metadata::with_id("t");
    meta.date = dyad_core::parse_iso_date("2014-03-14").ok();
    let mut doc = Document::new(meta, text);
    dyad_text::segment(&mut doc);
    s.models.annotate(&mut doc);
    ActorResolver::new(&s.kb).resolve(&mut doc);
    doc.actors
        .iter()
        .map(|a| {
            (
                doc.slice(a.span).to_string(),
                a.code.clone(),
                a.entity.clone(),
                a.how.clone(),
            )
        })
        .collect()
}

#[test]
fn surnames_and_pronouns_refer_back_to_the_named_person() {
    let found = actors(
        "Russian Foreign Minister Sergei Lavrov met John Kerry in London. \
         Lavrov told reporters the talks were useful. He said Moscow would respond.",
    );
    let lavrov = found
        .iter()
        .find(|a| a.0 == "Lavrov")
        .expect("the surname is an actor");
    assert_eq!(lavrov.1, "RUSGOV");
    assert_eq!(lavrov.3, "coref");
    let he = found
        .iter()
        .find(|a| a.0 == "He")
        .expect("the pronoun is an actor");
    assert_eq!(he.2.as_deref(), Some("Sergei Lavrov"), "{found:?}");
}

#[test]
fn a_title_before_an_unknown_name_keeps_the_title_code() {
    let found =
        actors("Ruritanian envoys met British Prime Minister Jonathan Quillfeather on Friday.");
    let pm = found
        .iter()
        .find(|a| a.0.contains("Quillfeather"))
        .unwrap_or_else(|| panic!("title + name is one actor: {found:?}"));
    assert_eq!(pm.1, "GBRGOV");
    assert_eq!(pm.2.as_deref(), Some("Jonathan Quillfeather"));
}

#[test]
fn a_country_in_the_noun_phrase_is_attached_to_a_bare_agent() {
    let found = actors("French rail workers went on strike. The Emir of Qatar arrived.");
    assert!(
        found
            .iter()
            .any(|a| a.1.starts_with("FRA") && a.0.contains("workers")),
        "{found:?}"
    );
    assert!(found.iter().any(|a| a.1 == "QATGOV"), "{found:?}");
}

#[test]
fn a_dateline_is_not_an_actor() {
    let found = actors("LONDON, March 14 - Kerry and Lavrov met.");
    assert!(found.iter().all(|a| a.0 != "LONDON"), "{found:?}");
}
