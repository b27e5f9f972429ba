//! Scores the shipped named-entity recogniser on GUM test (and Universal NER EWT test) when the
//! reference data in `../shared` is present; skips otherwise. Also checks the recogniser on a
//! document built by hand, which needs no outside data.
use dyad_core::{Document, Metadata, Sentence, Span, Token};
use dyad_models::ner::{self, Ner};
use dyad_models::Models;
use std::path::Path;

/// Tokens at the whitespace-separated words of `text`, one sentence.
fn doc_of(text: &str) -> Document {
    let mut doc = Document::new(Metadata::with_id("t"), text);
    let mut at = 0;
    for w in text.split(' ') {
        doc.tokens.push(Token::new(Span::new(at, at + w.len())));
        at += w.len() + 1;
    }
    doc.sentences = vec![Sentence {
        span: Span::new(0, text.len()),
        tokens: 0..doc.tokens.len() as u32,
    }];
    doc
}

#[test]
fn annotates_a_news_sentence() {
    let models = Models::load_default().expect("shipped models load");
    let ner = Ner::load_default().expect("shipped recogniser loads");
    assert_eq!(ner.meta.kind, "ner");
    let mut doc =
        doc_of("Russian Foreign Minister Sergei Lavrov met John Kerry in Geneva on Monday .");
    models.annotate(&mut doc);
    ner.annotate(&mut doc);
    let found: Vec<(String, &str)> = doc
        .entities
        .iter()
        .map(|e| (e.label.clone(), doc.get(e.span).unwrap_or("")))
        .collect();
    eprintln!("{found:?}");
    assert!(found.contains(&("PER".into(), "John Kerry")), "{found:?}");
    assert!(found.contains(&("LOC".into(), "Geneva")), "{found:?}");
    assert!(found
        .iter()
        .any(|(l, t)| l == "PER" && t.ends_with("Sergei Lavrov")));
    assert!(found.contains(&("NORP".into(), "Russian")), "{found:?}");
    for e in &doc.entities {
        assert!(e.tokens.start < e.tokens.end && (e.tokens.end as usize) <= doc.tokens.len());
    }
    // No syntax layer and no sentences: still no panic, still entities.
    let mut bare = doc_of("Angela Merkel visited Paris .");
    bare.sentences.clear();
    ner.annotate(&mut bare);
    assert!(!bare.entities.is_empty());
    let mut empty = Document::new(Metadata::with_id("e"), "");
    ner.annotate(&mut empty);
    assert!(empty.entities.is_empty());
}

#[test]
fn shipped_recogniser_on_gum_and_uner_test() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let gum = shared.join("ud/en_gum/en_gum-ud-test.conllu");
    if !gum.is_file() {
        eprintln!("skipped: {} not found", gum.display());
        return;
    }
    let models = Models::load_default().expect("shipped models load");
    let mut rec = Ner::load_default().expect("shipped recogniser loads");
    let mut gold = ner::read_gold(&gum, None).expect("GUM test reads");
    rec.gazetteer().relabel_norp(&mut gold);
    ner::tag_sentences(&models, &mut gold);
    let s = ner::evaluate(&rec, &gold);
    eprintln!(
        "GUM test: {}",
        serde_json::to_string(&s).unwrap_or_default()
    );
    assert!(
        s.per_type["PER"].gold > 250 && s.per_type["LOC"].gold > 300,
        "{s:?}"
    );
    // Issue 4 asks for exact-span micro F1 >= 80 on GUM test; the shipped model reaches less
    // (docs/models.md, "Named entities"): this is a regression floor just under its figure.
    assert!(
        s.f1 >= GUM_FLOOR,
        "GUM test F1 {:.2} below {GUM_FLOOR}",
        s.f1
    );

    let uner = shared.join("uner_en_ewt/en_ewt-ud-test.iob2");
    if uner.is_file() {
        let mut gold = ner::read_gold(&uner, None).expect("UNER test reads");
        // Universal NER's conventions (titles outside names), as `dyad eval ner` uses for IOB2.
        rec.set_domain(1);
        ner::tag_sentences(&models, &mut gold);
        let u = ner::evaluate(&rec, &gold);
        eprintln!(
            "UNER EWT test: {}",
            serde_json::to_string(&u).unwrap_or_default()
        );
        assert!(
            u.f1 >= UNER_FLOOR,
            "UNER test F1 {:.2} below {UNER_FLOOR}",
            u.f1
        );
    }
}

/// About 0.5 under the shipped model's 70.03 (feature set 3, four averaged models, trained on
/// GUM train + dev).
const GUM_FLOOR: f64 = 69.5;
/// About 0.5 under the shipped model's 68.15 (Universal NER conventions).
const UNER_FLOOR: f64 = 67.6;
