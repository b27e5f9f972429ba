//! The PETRARCH peer test suite through dyad's tokenizer, parser and coder. Runs when
//! `../shared/data/petrarch_validation` is present (relative to the workspace), skips otherwise.
//!
//! The floor sits just under the pass count measured when it was set, so a regression in the
//! actor matcher, the rule compiler or the coder shows up here.

use dyad_coder::petrarch::{evaluate, PetrarchDicts, Records};
use dyad_kb::dictionary::CodeTable;
use std::path::PathBuf;

/// Records passed when the floor was set: 190 of 284 (66.9 %).
const FLOOR: usize = 200;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch_validation")
}

#[test]
fn petrarch_unit_records() {
    let dir = data_dir();
    let file = dir.join("PETR.UnitTest.records.xml");
    if !file.exists() {
        eprintln!("skipping: {} not found", file.display());
        return;
    }
    let models = match dyad_models::Models::load_default() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("skipping: no models ({e})");
            return;
        }
    };
    let records = Records::read(&file).expect("the records file parses");
    assert_eq!(records.records.len(), 284);
    let dicts = PetrarchDicts::load(&dir, &records.environment).expect("dictionaries load");
    assert!(
        dicts.verbs.rules.len() > 1000,
        "{}",
        dicts.verbs.rules.len()
    );
    let codes = CodeTable::bundled().expect("bundled code table");
    let report = evaluate(&records, &dicts, &codes, &mut |doc| {
        dyad_text::segment(doc);
        models.annotate(doc);
    });
    eprintln!("{report}");
    assert_eq!(report.passed + report.failed, 284);
    assert!(
        report.passed >= FLOOR,
        "{} passed, floor {FLOOR}",
        report.passed
    );
    // The first-light record must always pass.
    assert!(!report.failures.iter().any(|f| f.id == "DEMO-00"));
}
