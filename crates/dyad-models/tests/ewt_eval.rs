//! Scores the shipped models on UD English EWT test (and GUM's news documents) when the
//! reference data in `../shared` is present; skips otherwise.
use dyad_models::*;
use std::path::Path;

#[test]
fn shipped_models_reach_the_bars_on_ewt_test() {
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let test = ud.join("en_ewt/en_ewt-ud-test.conllu");
    if !test.is_file() {
        eprintln!("skipped: {} not found", test.display());
        return;
    }
    let models = Models::load_default().expect("shipped models load");
    let gold = read_treebank(&test).expect("EWT test reads");
    let s = eval_parse(&models, &gold);
    eprintln!(
        "EWT test: {}",
        serde_json::to_string(&s).unwrap_or_default()
    );
    assert!(s.words > 20_000, "{s:?}");
    // Issue 3 asks for UPOS >= 95.5, lemma >= 97.0 and LAS >= 83.0. The shipped models reach
    // UPOS 95.65, lemma 97.15, LAS 83.39 (docs/models.md).
    assert!(s.upos >= 95.5, "UPOS {:.2} below 95.5", s.upos);
    assert!(s.lemma >= 97.0, "lemma {:.2} below 97.0", s.lemma);
    assert!(s.las >= 83.0, "LAS {:.2} below 83.0", s.las);
    assert!(s.uas > s.las && s.xpos > 90.0, "{s:?}");

    let gum = ud.join("en_gum/en_gum-ud-test.conllu");
    if gum.is_file() {
        let news = sentences_of_docs(&read_treebank(&gum).expect("GUM test reads"), "GUM_news");
        let g = eval_parse(&models, &news);
        eprintln!(
            "GUM news test: {}",
            serde_json::to_string(&g).unwrap_or_default()
        );
        assert!(g.words > 500 && g.las > 75.0, "{g:?}");
    }
}
