//! Pruning sweep: accuracy and speed of the shipped tagger and parser with the weights below a
//! threshold dropped, on EWT dev (choose there; confirm on test once).
//!
//! ```text
//! cargo run --release -p dyad-models --example prune -- --tagger 0.2,0.5,1 --parser 1,2,4 [--test]
//! ```
//!
//! Each row prunes one model and keeps the other as shipped. Speed is tokens per CPU second of
//! tagging and parsing the set, the median of three runs interleaved with the unpruned models.
mod common;

use common::{cpu_secs, median};
use dyad_models::*;
use std::path::Path;

fn list(args: &[String], name: &str) -> Vec<f32> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default()
}

fn speed(m: &Models, words: &[Vec<&str>]) -> f64 {
    let c = cpu_secs();
    let n: usize = words.iter().map(|w| m.analyze(w).head.len()).sum();
    n as f64 / (cpu_secs() - c).max(0.01)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let test = args.iter().any(|a| a == "--test");
    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud/en_ewt");
    let file = if test {
        "en_ewt-ud-test.conllu"
    } else {
        "en_ewt-ud-dev.conllu"
    };
    let gold = read_treebank(&ud.join(file))?;
    let words: Vec<Vec<&str>> = gold
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let base = Models::load_default()?;
    let mut rows: Vec<(String, Models)> = Vec::new();
    for t in list(&args, "--tagger") {
        let mut m = Models::load_default()?;
        m.tagger = base.tagger.pruned(t);
        rows.push((format!("tagger {t}"), m));
    }
    for p in list(&args, "--parser") {
        let mut m = Models::load_default()?;
        m.parser = base.parser.pruned(p);
        rows.push((format!("parser {p}"), m));
    }
    for pair in list(&args, "--both").chunks(2) {
        if let [t, p] = pair {
            let mut m = Models::load_default()?;
            m.tagger = base.tagger.pruned(*t);
            m.parser = base.parser.pruned(*p);
            rows.push((format!("both {t}/{p}"), m));
        }
    }
    let show = |name: &str, m: &Models, ratio: f64, tps: f64| {
        let s = eval_parse(m, &gold);
        let (tf, tw) = m.tagger.size();
        let (pf, pw) = m.parser.size();
        println!(
            "{name:<16} UPOS {:.2} XPOS {:.2} LAS {:.2} UAS {:.2} | tagger {tf} feats {tw} w | parser {pf} feats {pw} w | {tps:.0} tok/cpu-s ({ratio:.2}x)",
            s.upos, s.xpos, s.las, s.uas
        );
    };
    let b = median((0..3).map(|_| speed(&base, &words)).collect());
    show("shipped", &base, 1.0, b);
    for (name, m) in &rows {
        let mut sp = Vec::new();
        let mut bs = Vec::new();
        for _ in 0..3 {
            bs.push(speed(&base, &words));
            sp.push(speed(m, &words));
        }
        let (s, b) = (median(sp), median(bs));
        show(name, m, s / b, s);
    }
    Ok(())
}
