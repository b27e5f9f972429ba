//! Development loop for the coder: runs `dyad dict test` without the CLI and prints failures.
//! `cargo run --release -p dyad-coder --example dict_check [FILTER]`

use dyad_coder::dict_test::check_rule;
use dyad_coder::{ActorResolver, Coder, RuleSet};
use dyad_kb::dictionary::VerbDictionary;
use dyad_kb::kb::KnowledgeBase;

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let models = dyad_models::Models::load_default().expect("models");
    let kb = KnowledgeBase::bundled().expect("kb");
    let actors = ActorResolver::new(&kb);
    let dict = VerbDictionary::bundled().expect("dict");
    let rules = RuleSet::from_dictionary(&dict);
    let coder = Coder::new(rules.clone(), dict.codes().clone());
    let annotate = |doc: &mut dyad_core::Document| {
        dyad_text::segment(doc);
        models.annotate(doc);
        actors.resolve(doc);
    };
    let (mut pass, mut fail) = (0, 0);
    for r in rules.rules().iter().filter(|r| r.id.contains(&filter)) {
        let Some(res) = check_rule(r, &coder, &annotate) else {
            continue;
        };
        if res.passed() {
            pass += 1;
        } else {
            fail += 1;
            println!(
                "{}\t{}\t{:?}\t{}",
                res.rule, res.expect, res.outcome, res.example
            );
            if std::env::var_os("VERBOSE").is_some() {
                let mut doc = dyad_core::Document::new(
                    dyad_core::Metadata::with_id("x"),
                    res.example.clone(),
                );
                annotate(&mut doc);
                let syn = doc.syntax.as_ref().expect("syntax");
                for i in 0..doc.tokens.len() {
                    println!(
                        "  {i} {} {} {} {:?} {}",
                        doc.token_text(i),
                        syn.lemma[i],
                        syn.upos[i],
                        syn.head[i],
                        syn.deprel[i]
                    );
                }
                println!("  rule: {:?}", r);
            }
        }
    }
    println!("{pass} passed, {fail} failed");
}
