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
    /// Create the fresh stores at this older schema version (1: before the read indexes of
    /// version 2), to measure what a migration costs at ingest.
    #[arg(long, value_name = "N", hide = true)]
    pub store_version: Option<i64>,
    /// Instead: code the corpus once, then store it into fresh stores of every schema version
    /// in turn, `--runs` times, and compare the time spent storing: what each migration adds
    /// to ingest, without the noise of coding.
    #[arg(long, hide = true)]
    pub versions: bool,
    /// Instead: check that `dyad ingest` runs in flat memory on a large input: generate about
    /// `--gb` GB of JSON Lines, ingest it and sample the resident memory from /proc (Linux).
    #[arg(long)]
    pub memory: bool,
    /// With `--memory`: size of the generated input in GB.
    #[arg(long, value_name = "GB", default_value_t = 1.0)]
    pub gb: f64,
    /// With `--memory`: distinct documents in it (coded and stored); every other line repeats
    /// one of them (read, hashed, looked up and skipped).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub new: usize,
    /// With `--memory`: directory for the input and the store (default: a fresh one in the
    /// temporary directory, removed afterwards).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
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
    if args.memory {
        return memory(&args);
    }
    if args.versions {
        return versions(&args);
    }
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
        let mut store = match args.store_version {
            Some(v) => Store::create_at_version(&db, v, StoreOptions::default())?,
            None => Store::open(&db, StoreOptions::default())?,
        };
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

/// One look at the ingest process.
#[derive(Serialize, Clone, Copy)]
struct MemSample {
    secs: f64,
    /// Input bytes the reader has taken from the file (its file offset).
    read_bytes: u64,
    rss_mb: f64,
    hwm_mb: f64,
}

#[derive(Serialize)]
struct MemReport {
    input_bytes: u64,
    lines: u64,
    distinct_documents: usize,
    /// Samples at 10, 25, 50, 75 and 100 % of the input read, then the last one.
    at_percent: Vec<(u32, MemSample)>,
    last: Option<MemSample>,
    peak_mb: f64,
    exit_code: Option<i32>,
    stored_documents: u64,
    stored_events: u64,
    store_mb: f64,
}

/// `dyad bench store --memory`: runs `dyad ingest` (this binary, as a child process) on about
/// `--gb` GB of generated JSON Lines and samples its resident memory (`VmRSS`, and the peak
/// `VmHWM`) from `/proc` four times a second, against how far the reader is in the input (its
/// file offset, from `/proc/PID/fdinfo`). Linux only.
///
/// The input: `--new` distinct news-like documents spread evenly over the file (coded, merged
/// and stored), every other line an exact repeat of an earlier one (read, parsed, hashed,
/// looked up in the store and skipped without coding), so that the whole input is read and
/// processed in minutes where coding a gigabyte of new text would take hours.
fn memory(args: &Args) -> Result<ExitCode> {
    if args.new == 0 || args.gb.is_nan() || args.gb <= 0.0 {
        bail!("--new and --gb must be positive");
    }
    let (dir, temporary) = match &args.dir {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("dyad-mem-check-{}", std::process::id())),
            true,
        ),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let corpus = dir.join("corpus.jsonl");
    let db = dir.join("events.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let t = Instant::now();
    let target = (args.gb * 1e9) as u64;
    let lines = generate_repeating(&corpus, target, args.new)?;
    let size = std::fs::metadata(&corpus)?.len();
    eprintln!(
        "dyad: bench store --memory: {} ({:.2} GB, {lines} lines, {} distinct documents) \
         written in {:.0} s",
        corpus.display(),
        size as f64 / 1e9,
        args.new,
        t.elapsed().as_secs_f64()
    );
    let exe = std::env::current_exe().context("cannot find the dyad binary")?;
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(&corpus)
        .args(["--progress-every", "30"]);
    if let Some(j) = args.threads {
        cmd.arg("-j").arg(j.to_string());
    }
    let mut child = cmd.spawn().context("cannot start `dyad ingest`")?;
    let pid = child.id();
    let canonical = std::fs::canonicalize(&corpus)?;
    let start = Instant::now();
    let mut samples: Vec<MemSample> = Vec::new();
    let mut read_bytes = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Some((rss, hwm)) = proc_memory(pid) {
            // Once the reader has closed the input, all of it was read.
            read_bytes = match input_offset(pid, &canonical) {
                Some(pos) => pos,
                None if read_bytes > 0 => size,
                None => 0,
            };
            samples.push(MemSample {
                secs: start.elapsed().as_secs_f64(),
                read_bytes,
                rss_mb: rss,
                hwm_mb: hwm,
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    };
    let (stored_documents, stored_events) = match Store::open_read_only(&db) {
        Ok(s) => {
            let t = s.totals()?;
            (t.documents, t.events)
        }
        Err(_) => (0, 0),
    };
    // The store with its log, should any of it be left unfolded.
    let store_mb = ["", "-wal"]
        .iter()
        .map(|suffix| std::fs::metadata(format!("{}{suffix}", db.display())).map_or(0, |m| m.len()))
        .sum::<u64>() as f64
        / 1e6;
    if status.success() {
        // The last look before a successful exit: every byte was read by then.
        if let Some(last) = samples.last_mut() {
            last.read_bytes = size;
        }
    }
    let at_percent: Vec<(u32, MemSample)> = [10u32, 25, 50, 75, 100]
        .iter()
        .filter_map(|&p| {
            samples
                .iter()
                .find(|s| s.read_bytes as f64 >= size as f64 * f64::from(p) / 100.0)
                .map(|s| (p, *s))
        })
        .collect();
    let report = MemReport {
        input_bytes: size,
        lines,
        distinct_documents: args.new,
        at_percent,
        last: samples.last().copied(),
        peak_mb: samples.iter().map(|s| s.hwm_mb).fold(0.0, f64::max),
        exit_code: status.code(),
        stored_documents,
        stored_events,
        store_mb,
    };
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "input      {:.2} GB, {} lines, {} distinct documents",
            size as f64 / 1e9,
            report.lines,
            report.distinct_documents
        );
        println!("read     time s   VmRSS MB   VmHWM MB");
        for (p, s) in &report.at_percent {
            println!(
                "{p:>4} % {:>9.0} {:>10.0} {:>10.0}",
                s.secs, s.rss_mb, s.hwm_mb
            );
        }
        if let Some(s) = report.last {
            println!(
                "last   {:>9.0} {:>10.0} {:>10.0}",
                s.secs, s.rss_mb, s.hwm_mb
            );
        }
        println!(
            "store      {} documents, {} events, {:.1} MB; ingest exit status {}",
            report.stored_documents,
            report.stored_events,
            report.store_mb,
            report
                .exit_code
                .map_or_else(|| "none (killed)".to_string(), |c| c.to_string())
        );
    }
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `VmRSS` and `VmHWM` of a process, in MB.
fn proc_memory(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// The file offset of the process's descriptor open on `path`, if it has one.
fn input_offset(pid: u32, path: &Path) -> Option<u64> {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
    for fd in fds.flatten() {
        if std::fs::read_link(fd.path()).ok().as_deref() != Some(path) {
            continue;
        }
        let info = std::fs::read_to_string(format!(
            "/proc/{pid}/fdinfo/{}",
            fd.file_name().to_string_lossy()
        ))
        .ok()?;
        return info
            .lines()
            .find_map(|l| l.strip_prefix("pos:"))
            .and_then(|v| v.trim().parse().ok());
    }
    None
}

/// Writes about `target` bytes of JSON Lines: `distinct` news-like documents (two to six
/// paragraphs of the bundled samples, a title, a date, one of six outlets, a URL) spread
/// evenly over the file, every other line an exact copy of an earlier document's line. Returns
/// the number of lines. Each document's line is a function of its number, so nothing is kept
/// per document.
fn generate_repeating(path: &Path, target: u64, distinct: usize) -> Result<u64> {
    let paragraphs = super::bench::sample_paragraphs()?;
    let line = |i: usize| -> String {
        let mut seed = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        seed ^= seed >> 29;
        seed = seed.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        seed ^= seed >> 32;
        let k = 2 + (seed % 5) as usize;
        let text: Vec<&str> = (0..k)
            .map(|j| paragraphs[((seed >> (j * 8)) as usize) % paragraphs.len()].as_str())
            .collect();
        let outlets = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera", "Xinhua"];
        let title: String = text[0].chars().take(60).collect();
        serde_json::json!({
            "id": format!("mem-{i}"),
            "date": format!("2020-{:02}-{:02}", 1 + (seed >> 40) % 12, 1 + (seed >> 48) % 28),
            "source": outlets[i % outlets.len()],
            "url": format!("https://news.example.invalid/{i}"),
            "title": title,
            "text": text.join("\n\n"),
        })
        .to_string()
    };
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    let (mut written, mut lines, mut emitted) = (0u64, 0u64, 0usize);
    // Repeats copy documents at least this many documents old: by then they are committed, so
    // the workers skip them without coding (a repeat of a document still in flight would be
    // coded again and only then skipped by the writer).
    const SETTLED: usize = 32;
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    while written < target || emitted < distinct {
        let due = emitted < distinct
            && (emitted <= SETTLED || written >= emitted as u64 * target / distinct as u64);
        let text = if due {
            emitted += 1;
            line(emitted - 1)
        } else {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            line((seed % emitted.saturating_sub(SETTLED).max(1) as u64) as usize)
        };
        writeln!(w, "{text}")?;
        written += text.len() as u64 + 1;
        lines += 1;
    }
    w.flush()?;
    Ok(lines)
}

/// `dyad bench store --versions`: the storing cost of each schema version on the same coded
/// documents (kept in memory: a benchmark, not `dyad ingest`).
fn versions(args: &Args) -> Result<ExitCode> {
    let pipeline = crate::pipeline::Pipeline::get()?;
    let dir = std::env::temp_dir().join(format!("dyad-bench-versions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let corpus = dir.join("corpus.jsonl");
    generate(&corpus, args.docs.max(1))?;
    let t = Instant::now();
    let mut docs: Vec<Document> = Vec::new();
    batch::run_ordered(
        &[corpus.display().to_string()],
        &ReadOptions::default(),
        args.threads,
        |mut doc: Document| {
            pipeline.process(&mut doc);
            doc
        },
        |item| {
            if let Item::Done(doc) = item {
                docs.push(doc);
            }
            Ok(())
        },
    )?;
    let code_secs = t.elapsed().as_secs_f64();
    let mut secs: Vec<Vec<f64>> = vec![Vec::new(); dyad_store::SCHEMA_VERSION as usize];
    let mut sizes = vec![0.0; secs.len()];
    for _ in 0..args.runs.max(1) {
        for (i, times) in secs.iter_mut().enumerate() {
            let db = dir.join(format!("v{}.db", i + 1));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
            let t = Instant::now();
            let mut store = Store::create_at_version(&db, i as i64 + 1, StoreOptions::default())?;
            for doc in &docs {
                store.ingest(doc)?;
            }
            store.commit()?;
            store.checkpoint()?;
            drop(store);
            times.push(t.elapsed().as_secs_f64());
            sizes[i] = std::fs::metadata(&db).map_or(0, |m| m.len()) as f64 / 1e6;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "coding     {:.1} s for {} documents (once)",
        code_secs,
        docs.len()
    );
    for (i, times) in secs.iter().enumerate() {
        let m = median(times);
        println!(
            "version {}  storing {:>6.2} s median of {} ({:.2} ms a document, {:.1} % of coding), \
             store {:.1} MB",
            i + 1,
            m,
            times.len(),
            m * 1e3 / docs.len().max(1) as f64,
            m / code_secs.max(1e-9) * 100.0,
            sizes[i]
        );
    }
    Ok(ExitCode::SUCCESS)
}
