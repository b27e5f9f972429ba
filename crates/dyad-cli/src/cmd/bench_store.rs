//! `dyad bench store`: what storing adds to coding.
//!
//! Both sides run the same reader, batches and workers (`batch::run_ordered`) on a corpus of
//! short reports drawn from the bundled samples. The baseline codes every document and turns
//! its events into JSON Lines, as `dyad code` does, and throws the text away; the measured side
//! codes and stores every document in a fresh store, as `dyad ingest` does. Runs alternate, the
//! medians are compared, and the resident memory is sampled while storing.

use crate::batch::{self, Item};
use anyhow::{bail, Context, Result};
use clap::Args as ClapArgs;
use dyad_core::Document;
use dyad_store::{Store, StoreOptions};
use dyad_text::read::ReadOptions;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dyad bench store`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Documents in the generated corpus.
    #[arg(long, default_value_t = 10_000)]
    pub docs: usize,
    /// Runs of each side; medians are reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Report {
    documents: u64,
    event_mentions: u64,
    stored_events: u64,
    runs: usize,
    code_secs: Vec<f64>,
    ingest_secs: Vec<f64>,
    code_median_secs: f64,
    ingest_median_secs: f64,
    /// (ingest - code) / code, in percent.
    overhead_percent: f64,
    /// Time the writer thread spent inside `Store::ingest` (median over runs): the cost of
    /// storing itself, which overlaps the coding of the next batch.
    store_median_secs: f64,
    /// Resident memory sampled every 1,000 documents while storing (last run), in MB.
    rss_mb_samples: Vec<f64>,
    store_mb: f64,
}

/// Runs `dyad bench store`.
pub fn run(args: Args) -> Result<ExitCode> {
    if args.runs == 0 || args.docs == 0 {
        bail!("--runs and --docs must be at least 1");
    }
    let pipeline = crate::pipeline::Pipeline::get()?;
    let dir = std::env::temp_dir().join(format!("dyad-bench-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let corpus = dir.join("corpus.jsonl");
    generate(&corpus, args.docs)?;
    let inputs = vec![corpus.display().to_string()];
    let opts = ReadOptions::default();
    let (mut code_t, mut ingest_t, mut store_t) = (Vec::new(), Vec::new(), Vec::new());
    let (mut docs, mut mentions, mut stored_events, mut rss, mut store_mb) =
        (0u64, 0u64, 0u64, Vec::new(), 0.0);
    for _ in 0..args.runs {
        // Baseline: code, serialise as `dyad code` does, discard.
        let t = Instant::now();
        let (mut n, mut m) = (0u64, 0u64);
        batch::run_ordered(
            &inputs,
            &opts,
            args.threads,
            |mut doc: Document| {
                pipeline.process(&mut doc);
                let mut out = String::new();
                for e in &doc.events {
                    if let Ok(s) = serde_json::to_string(e) {
                        out.push_str(&s);
                        out.push('\n');
                    }
                }
                (out, doc.events.len() as u64)
            },
            |item| {
                if let Item::Done((text, k)) = item {
                    n += 1;
                    m += k;
                    std::hint::black_box(text);
                }
                Ok(())
            },
        )?;
        code_t.push(t.elapsed().as_secs_f64());
        (docs, mentions) = (n, m);

        // Measured: code and store in a fresh store.
        let db = dir.join("events.db");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let t = Instant::now();
        let mut store = Store::open(&db, StoreOptions::default())?;
        let mut samples = Vec::new();
        let mut seen = 0u64;
        let mut in_store = 0.0f64;
        batch::run_ordered(
            &inputs,
            &opts,
            args.threads,
            |mut doc: Document| {
                pipeline.process(&mut doc);
                doc
            },
            |item| {
                if let Item::Done(doc) = item {
                    let t = Instant::now();
                    store.ingest(&doc)?;
                    in_store += t.elapsed().as_secs_f64();
                    seen += 1;
                    if seen.is_multiple_of(1000) {
                        samples.push(rss_mb());
                    }
                }
                Ok(())
            },
        )?;
        stored_events = store.totals()?.events;
        drop(store);
        ingest_t.push(t.elapsed().as_secs_f64());
        store_t.push(in_store);
        store_mb = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        rss = samples;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let (c, i) = (median(&code_t), median(&ingest_t));
    let report = Report {
        documents: docs,
        event_mentions: mentions,
        stored_events,
        runs: args.runs,
        code_secs: code_t,
        ingest_secs: ingest_t,
        code_median_secs: c,
        ingest_median_secs: i,
        overhead_percent: (i - c) / c.max(1e-9) * 100.0,
        store_median_secs: median(&store_t),
        rss_mb_samples: rss,
        store_mb,
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "corpus     {} documents, {} event mentions, {} events after de-duplication",
            report.documents, report.event_mentions, report.stored_events
        );
        println!(
            "code       {:>8.2} s median of {} ({:.0} docs/s)",
            c,
            report.runs,
            docs as f64 / c.max(1e-9)
        );
        println!(
            "ingest     {:>8.2} s median of {} ({:.0} docs/s)",
            i,
            report.runs,
            docs as f64 / i.max(1e-9)
        );
        println!("overhead   {:>+8.1} %", report.overhead_percent);
        println!(
            "storing    {:>8.2} s in the writer thread ({:.1} % of coding; overlaps it)",
            report.store_median_secs,
            report.store_median_secs / c.max(1e-9) * 100.0
        );
        let (lo, hi) = report
            .rss_mb_samples
            .iter()
            .fold((f64::MAX, 0.0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        if hi > 0.0 {
            println!("memory     {lo:.0}-{hi:.0} MB resident while storing (every 1,000 docs)");
        }
        println!("store      {:.1} MB", report.store_mb);
    }
    Ok(ExitCode::SUCCESS)
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Resident set size from `/proc/self/status` (0 where there is none).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Writes `n` short reports (one to three paragraphs of the samples, deterministic) from four
/// outlets over two months, so that events repeat across outlets as in a real news stream.
fn generate(path: &Path, n: usize) -> Result<PathBuf> {
    let paragraphs = super::bench::sample_paragraphs()?;
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    let outlets = ["Reuters", "AP", "AFP", "BBC"];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..n {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let k = 1 + (seed % 3) as usize;
        let text: Vec<&str> = (0..k)
            .map(|j| paragraphs[((seed >> (j * 8)) as usize) % paragraphs.len()].as_str())
            .collect();
        let line = serde_json::json!({
            "id": format!("bench-{i}"),
            "date": format!("2020-{:02}-{:02}", 1 + (seed >> 40) % 2, 1 + (seed >> 48) % 28),
            "source": outlets[i % outlets.len()],
            "text": text.join("\n\n"),
        });
        writeln!(w, "{line}")?;
    }
    w.flush()?;
    Ok(path.to_path_buf())
}
