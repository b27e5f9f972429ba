//! Development loop for the PETRARCH suite: codes the records with the given ids and
//! prints the text, the tree, the actors, the rules that fired and the expected events.
//! `cargo run --release -p dyad-coder --example petr_debug -- DIR [ID...]` (no id: the whole
//! suite, as `dyad eval petrarch` prints it).

use dyad_coder::petrarch::{code_record, PetrarchDicts, Records};
use dyad_kb::dictionary::CodeTable;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".to_string()));
    let filters: Vec<String> = args.collect();
    let models = dyad_models::Models::load_default().expect("models");
    let records = Records::read(&dir.join("PETR.UnitTest.records.xml")).expect("records");
    let dicts = PetrarchDicts::load(&dir, &records.environment).expect("dicts");
    let codes = CodeTable::bundled().expect("codes");
    if filters.is_empty() {
        // The whole suite, as `dyad eval petrarch` prints it.
        let report = dyad_coder::petrarch::evaluate(&records, &dicts, &codes, &mut |doc| {
            dyad_text::segment(doc);
            models.annotate(doc);
        });
        print!("{report}");
        return;
    }
    for r in &records.records {
        if !filters.contains(&r.id) {
            continue;
        }
        println!("== {} [{}]: {}", r.id, r.category, r.text);
        let mut tree = String::new();
        let coded = code_record(r, &dicts, &codes, &mut |doc| {
            dyad_text::segment(doc);
            models.annotate(doc);
            let syn = doc.syntax.as_ref().expect("syntax");
            for i in 0..doc.tokens.len() {
                tree.push_str(&format!(
                    "  {i} {} {} {} {:?} {}\n",
                    doc.token_text(i),
                    syn.lemma[i],
                    syn.upos[i],
                    syn.head[i],
                    syn.deprel[i]
                ));
            }
        });
        print!("{tree}");
        println!("  actors: {:?}", coded.actors);
        for id in &coded.rules {
            let text = dicts.verbs.meta.get(id).map(|m| m.text.clone());
            println!("  rule {id}: {text:?}");
        }
        println!(
            "  expected: {:?}",
            r.expected
                .events()
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
        );
        println!(
            "  got:      {:?}",
            coded
                .events
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
        );
    }
}
