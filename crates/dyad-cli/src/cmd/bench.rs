//! `dyad bench ...`: speed on a corpus generated from the bundled samples, or a given one.
//!
//! Figures are medians over several runs, on one core, next to a baseline measured in the same
//! run (reading and parsing the input alone), so that machines of different speed compare.

use crate::samples::SAMPLES;
use anyhow::{bail, Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use dyad_text::read::{read_bytes, read_inputs, Format, ReadOptions};
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The benchmarks.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The whole `dyad code` pipeline on one core, stage by stage (segmentation, tagging and
    /// parsing; actors; coding): sentences per second and each stage's share.
    Code(CodeArgs),
    /// Reading + tokenizing + sentence splitting, on one core.
    Segment(SegmentArgs),
    /// What storing adds to coding: `dyad ingest` against `dyad code` on the same corpus.
    Store(super::bench_store::Args),
}

/// Arguments of `dyad bench segment`.
#[derive(ClapArgs, Debug)]
pub struct SegmentArgs {
    /// Size of the generated corpus in MB (ignored with --corpus).
    #[arg(long, default_value_t = 50)]
    pub mb: usize,
    /// Runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Use this corpus (any input dyad reads) instead of a generated one.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `dyad bench ...`.
pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Segment(a) => segment(a),
        Command::Code(a) => code(a),
        Command::Store(a) => super::bench_store::run(a),
    }
}

/// What `dyad bench code` reports.
#[derive(Serialize)]
struct CodeReport {
    documents: u64,
    sentences: u64,
    tokens: u64,
    events: u64,
    runs: usize,
    /// Median seconds per stage over the corpus, one core.
    parse_secs: f64,
    actors_secs: f64,
    /// Dates, places and quotes.
    wwq_secs: f64,
    code_secs: f64,
    sentences_per_sec: f64,
    tokens_per_sec: f64,
    /// Actor resolution and coding time as a share of segmentation+tagging+parsing.
    actors_overhead: f64,
    wwq_overhead: f64,
    code_overhead: f64,
}

/// `dyad bench code`: the whole `dyad code` pipeline, stage by stage, on one core.
fn code(args: CodeArgs) -> Result<ExitCode> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let path = match &args.corpus {
        Some(p) => p.clone(),
        None => generate_corpus(args.mb)?,
    };
    let input = vec![path.display().to_string()];
    let docs: Vec<dyad_core::Document> = read_inputs(&input, &ReadOptions::default())
        .flatten()
        .collect();
    if args.corpus.is_none() {
        let _ = std::fs::remove_file(&path);
    }
    let pipeline = crate::pipeline::Pipeline::get()?;
    let (mut parse_t, mut actors_t, mut wwq_t, mut code_t) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut sentences, mut tokens, mut events) = (0u64, 0u64, 0u64);
    for run in 0..args.runs {
        let (mut p, mut a, mut w, mut c) = (0.0, 0.0, 0.0, 0.0);
        let (mut s_n, mut t_n, mut e_n) = (0u64, 0u64, 0u64);
        for d in &docs {
            let mut d = d.clone();
            let t = Instant::now();
            pipeline.parse(&mut d);
            p += t.elapsed().as_secs_f64();
            let t = Instant::now();
            pipeline.resolve_actors(&mut d);
            a += t.elapsed().as_secs_f64();
            let t = Instant::now();
            pipeline.when_where_quotes(&mut d);
            w += t.elapsed().as_secs_f64();
            let t = Instant::now();
            pipeline.code(&mut d);
            c += t.elapsed().as_secs_f64();
            s_n += d.sentences.len() as u64;
            t_n += d.tokens.len() as u64;
            e_n += d.events.len() as u64;
        }
        parse_t.push(p);
        actors_t.push(a);
        wwq_t.push(w);
        code_t.push(c);
        if run == 0 {
            (sentences, tokens, events) = (s_n, t_n, e_n);
        }
    }
    let (p, a, c) = (
        median(&mut parse_t),
        median(&mut actors_t),
        median(&mut code_t),
    );
    let w = median(&mut wwq_t);
    let total = p + a + w + c;
    let report = CodeReport {
        documents: docs.len() as u64,
        sentences,
        tokens,
        events,
        runs: args.runs,
        parse_secs: p,
        actors_secs: a,
        wwq_secs: w,
        code_secs: c,
        sentences_per_sec: sentences as f64 / total,
        tokens_per_sec: tokens as f64 / total,
        actors_overhead: a / p,
        wwq_overhead: w / p,
        code_overhead: c / p,
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "corpus            {} documents, {sentences} sentences, {tokens} tokens, {events} events",
            report.documents
        );
        println!("runs              {} (medians, one core)", report.runs);
        println!("segment+tag+parse {p:>8.3} s   (baseline)");
        println!("actors            {a:>8.3} s   +{:.1} %", 100.0 * a / p);
        println!("dates+places+quotes {w:>6.3} s   +{:.1} %", 100.0 * w / p);
        println!("coder             {c:>8.3} s   +{:.1} %", 100.0 * c / p);
        println!(
            "whole pipeline    {:>8.0} sentences/s   {:.0} tokens/s",
            report.sentences_per_sec, report.tokens_per_sec
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `dyad bench code`.
#[derive(ClapArgs, Debug)]
pub struct CodeArgs {
    /// Size of the corpus generated from the bundled samples, in MB (1 MB is about 7,000
    /// sentences).
    #[arg(long, default_value_t = 2)]
    pub mb: usize,
    /// Runs; the median is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Measure on this corpus instead of a generated one.
    #[arg(long, value_name = "FILE")]
    pub corpus: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct SegmentReport {
    corpus: String,
    corpus_mb: f64,
    documents: u64,
    tokens: u64,
    sentences: u64,
    runs: usize,
    /// Median MB/s of reading and parsing the input alone (the baseline).
    read_mb_per_sec: f64,
    /// Median MB/s of reading + tokenizing + splitting.
    segment_mb_per_sec: f64,
    /// Median tokens per second of reading + tokenizing + splitting.
    tokens_per_sec: f64,
    /// segment time / read time.
    ratio_to_read: f64,
}

fn segment(args: SegmentArgs) -> Result<ExitCode> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let (path, generated) = match &args.corpus {
        Some(p) => (p.clone(), false),
        None => (generate_corpus(args.mb)?, true),
    };
    let input = vec![path.display().to_string()];
    let opts = ReadOptions::default();
    let corpus_bytes = std::fs::metadata(&path)
        .with_context(|| format!("cannot stat {}", path.display()))?
        .len() as f64;
    let (mut read_t, mut seg_t) = (Vec::new(), Vec::new());
    let (mut docs, mut tokens, mut sentences) = (0u64, 0u64, 0u64);
    for run in 0..args.runs {
        let t = Instant::now();
        let mut n = 0u64;
        for d in read_inputs(&input, &opts).flatten() {
            n += d.text().len() as u64;
        }
        std::hint::black_box(n);
        read_t.push(t.elapsed().as_secs_f64());

        let t = Instant::now();
        let (mut d_n, mut t_n, mut s_n) = (0u64, 0u64, 0u64);
        for mut d in read_inputs(&input, &opts).flatten() {
            dyad_text::segment(&mut d);
            d_n += 1;
            t_n += d.tokens.len() as u64;
            s_n += d.sentences.len() as u64;
        }
        seg_t.push(t.elapsed().as_secs_f64());
        if run == 0 {
            (docs, tokens, sentences) = (d_n, t_n, s_n);
        }
    }
    let (read_med, seg_med) = (median(&mut read_t), median(&mut seg_t));
    let mb = corpus_bytes / 1e6;
    let report = SegmentReport {
        corpus: path.display().to_string(),
        corpus_mb: mb,
        documents: docs,
        tokens,
        sentences,
        runs: args.runs,
        read_mb_per_sec: mb / read_med,
        segment_mb_per_sec: mb / seg_med,
        tokens_per_sec: tokens as f64 / seg_med,
        ratio_to_read: seg_med / read_med,
    };
    if generated {
        let _ = std::fs::remove_file(&path);
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "corpus            {} ({:.1} MB, {} documents)",
            report.corpus, mb, docs
        );
        println!("tokens            {tokens} in {sentences} sentences");
        println!("runs              {} (medians, one core)", report.runs);
        println!(
            "read only         {:>8.1} MB/s   (baseline)",
            report.read_mb_per_sec
        );
        println!(
            "read+tokenize+split {:>6.1} MB/s   {:.0} tokens/s   {:.2}x the baseline's time",
            report.segment_mb_per_sec, report.tokens_per_sec, report.ratio_to_read
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The paragraphs (over 40 bytes) of the sample corpus bundled in the binary: the material of
/// every generated benchmark corpus.
pub(crate) fn sample_paragraphs() -> Result<Vec<String>> {
    let mut paragraphs: Vec<String> = Vec::new();
    for (name, bytes) in SAMPLES {
        let Some(format) = Format::from_path(Path::new(name)) else {
            continue;
        };
        for doc in read_bytes(bytes, name, format, &ReadOptions::default())
            .into_iter()
            .flatten()
        {
            paragraphs.extend(
                doc.text()
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|p| p.len() > 40)
                    .map(str::to_string),
            );
        }
    }
    if paragraphs.is_empty() {
        bail!("the binary carries no sample text to build a corpus from");
    }
    Ok(paragraphs)
}

/// Writes a JSON Lines corpus of about `mb` MB whose articles are random draws of paragraphs of
/// the bundled samples (deterministic), and returns its path.
fn generate_corpus(mb: usize) -> Result<PathBuf> {
    let paragraphs = sample_paragraphs()?;
    let path = std::env::temp_dir().join(format!("dyad-bench-{}.jsonl", std::process::id()));
    let file = std::fs::File::create(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    let target = mb.max(1) * 1_000_000;
    let (mut written, mut seed, mut id) = (0usize, 0x9E37_79B9_7F4A_7C15u64, 0u64);
    while written < target {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = 3 + (seed % 10) as usize;
        let text: Vec<&str> = (0..n)
            .map(|k| {
                paragraphs[((seed >> (k % 32)) as usize + k * 7919) % paragraphs.len()].as_str()
            })
            .collect();
        let line = serde_json::json!({
            "id": format!("bench-{id}"),
            "date": "2020-01-01",
            "text": text.join("\n\n"),
        });
        let s = line.to_string();
        writeln!(w, "{s}")?;
        written += s.len() + 1;
        id += 1;
    }
    w.flush()?;
    Ok(path)
}
