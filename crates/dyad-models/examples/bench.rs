//! Speed benchmark: tags, lemmatizes and parses EWT train + dev (gold tokenization, over
//! 200,000 words), five runs on one thread and five on a rayon pool of two (or `--threads N`),
//! printing medians, load time and peak memory.
//!
//! ```text
//! cargo run --release -p dyad-models --example bench [-- --threads 2 --runs 5 --sentences N]
//! ```
//!
//! `--threads 1` skips the pool; `--sentences N` keeps the first N sentences (for instruction
//! counts under `valgrind --tool=callgrind`). A checksum of every tag, head and label is printed
//! so that builds can be checked for identical output.
mod common;

use common::{cpu_secs, median};
use dyad_models::*;
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

fn proc_kb(file: &str, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(file).ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn peak_rss_kb() -> Option<u64> {
    proc_kb("/proc/self/status", "VmHWM:")
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str, d: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let threads = opt("--threads", 2);
    let runs = opt("--runs", 5);
    let limit = opt("--sentences", usize::MAX);
    let mut loads = Vec::new();
    let mut models = None;
    for _ in 0..runs {
        let t = Instant::now();
        models = Some(Models::load_default()?);
        loads.push(t.elapsed().as_secs_f64());
    }
    let Some(models) = models else { return Ok(()) };
    println!("load time (median of {runs}): {:.3} s", median(loads));
    if let Some(kb) = peak_rss_kb() {
        println!(
            "peak RSS after loading the models: {:.1} MB",
            kb as f64 / 1024.0
        );
    }

    if let Some(kb) = proc_kb("/proc/self/smaps_rollup", "AnonHugePages:") {
        println!("of which in 2 MB pages: {:.1} MB", kb as f64 / 1024.0);
    }

    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud/en_ewt");
    let mut sents = read_treebank(&ud.join("en_ewt-ud-train.conllu"))?;
    sents.extend(read_treebank(&ud.join("en_ewt-ud-dev.conllu"))?);
    sents.truncate(limit);
    let words: Vec<Vec<String>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
        .collect();
    let ntok: usize = words.iter().map(Vec::len).sum();

    let run = |m: &Models, w: &[String]| {
        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
        m.analyze(&refs).head.len()
    };
    // FNV-1a over every output field: equal checksums mean equal analyses.
    let mut sum = dyad_core::Fnv1a::new();
    for w in &words {
        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
        let a = models.analyze(&refs);
        let fields = a
            .upos
            .iter()
            .chain(&a.xpos)
            .chain(&a.lemma)
            .chain(&a.deprel);
        for b in fields.flat_map(|s| s.bytes().chain([0])).chain(
            a.head
                .iter()
                .flat_map(|h| h.map_or(u32::MAX, |h| h).to_le_bytes()),
        ) {
            sum.write(&[b]);
        }
    }
    println!("output checksum: {:016x}", sum.finish());
    let mut single = Vec::new();
    let mut per_cpu = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let c = cpu_secs();
        let n: usize = words.iter().map(|w| run(&models, w)).sum();
        assert_eq!(n, ntok);
        single.push(ntok as f64 / t.elapsed().as_secs_f64());
        per_cpu.push(ntok as f64 / (cpu_secs() - c).max(0.01));
    }
    println!(
        "1 thread: {:.0} tokens/s, {:.0} tokens per CPU second (medians of {runs} runs over {ntok} tokens)",
        median(single.clone()),
        median(per_cpu)
    );
    if threads <= 1 {
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::InvalidModel(e.to_string()))?;
    let mut multi = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let n: usize = pool.install(|| words.par_iter().map(|w| run(&models, w)).sum());
        assert_eq!(n, ntok);
        multi.push(ntok as f64 / t.elapsed().as_secs_f64());
    }
    let m = median(multi);
    println!(
        "{threads} threads: {m:.0} tokens/s (scaling {:.2}x)",
        m / median(single)
    );
    if let Some(kb) = peak_rss_kb() {
        println!(
            "peak RSS (models + the parsed treebank held in memory): {:.1} MB",
            kb as f64 / 1024.0
        );
    }
    Ok(())
}
