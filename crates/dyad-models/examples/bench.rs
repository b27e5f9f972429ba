//! Speed benchmark: tags, lemmatizes and parses EWT train + dev (gold tokenization, over
//! 200,000 words), five runs on one thread and five on a rayon pool of two (or `--threads N`),
//! printing medians, load time and peak memory.
//!
//! ```text
//! cargo run --release -p dyad-models --example bench [-- --threads 2 --runs 5]
//! ```
use dyad_models::*;
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
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

    let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud/en_ewt");
    let mut sents = read_treebank(&ud.join("en_ewt-ud-train.conllu"))?;
    sents.extend(read_treebank(&ud.join("en_ewt-ud-dev.conllu"))?);
    let words: Vec<Vec<String>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
        .collect();
    let ntok: usize = words.iter().map(Vec::len).sum();

    let run = |m: &Models, w: &[String]| {
        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
        m.analyze(&refs).head.len()
    };
    let mut single = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let n: usize = words.iter().map(|w| run(&models, w)).sum();
        assert_eq!(n, ntok);
        single.push(ntok as f64 / t.elapsed().as_secs_f64());
    }
    println!(
        "1 thread: {:.0} tokens/s (median of {runs} runs over {ntok} tokens)",
        median(single.clone())
    );
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
