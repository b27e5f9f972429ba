//! Every gold tree of the training treebanks is reachable by the transition system's oracle:
//! projective trees as they are, non-projective ones after projectivisation. Skips when the
//! reference data in `../shared` is absent.
use dyad_models::parser::{gold_heads, is_projective, is_tree, oracle_parse, projectivize};
use std::path::Path;

#[test]
fn oracle_reaches_every_training_tree() {
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
    let files = [
        ud.join("en_ewt/en_ewt-ud-train.conllu"),
        ud.join("en_gum/en_gum-ud-train.conllu"),
    ];
    if !files[0].is_file() {
        eprintln!("skipped: {} not found", files[0].display());
        return;
    }
    let (mut trees, mut lifted) = (0usize, 0usize);
    for f in files.iter().filter(|f| f.is_file()) {
        for s in dyad_models::read_treebank(f).expect("treebank reads") {
            let gold = gold_heads(&s).expect("every word has a head");
            assert!(is_tree(&gold), "{:?} is not a tree", s.sent_id);
            let proj = projectivize(&gold).expect("a tree projectivises");
            assert!(is_projective(&proj));
            if proj != gold {
                lifted += 1;
            }
            // Labels do not matter for reachability; the root word gets label 0 (root).
            let n = proj.len() as u32;
            let labels: Vec<u16> = proj.iter().map(|&h| u16::from(h != n)).collect();
            assert_eq!(oracle_parse(&proj, &labels, 2, 0), proj, "{:?}", s.sent_id);
            trees += 1;
        }
    }
    assert!(
        trees > 12_000 && lifted > 0,
        "{trees} trees, {lifted} lifted"
    );
    eprintln!("{trees} trees reachable ({lifted} after projectivisation)");
}
