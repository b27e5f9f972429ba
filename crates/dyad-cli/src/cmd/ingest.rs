//! `dyad ingest`: code a corpus and store it, resumably.
//!
//! Workers read and code documents in parallel; one writer thread owns the store and stores
//! each document atomically (a savepoint of its own, committed in groups), in input order. A document already stored with the
//! same content is not coded again (each worker asks the store through a read-only connection
//! of its own), so a rerun after a crash or `kill -9` only codes what is missing.

use super::{InputArgs, RecordArgs};
use crate::batch::{self, Item};
use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use dyad_core::Document;
use dyad_store::{Ingested, Store, StoreOptions};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Arguments of `dyad ingest`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The event store (an SQLite file, created when missing).
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// Keep each document's text in the store, not only its events' evidence.
    #[arg(long)]
    pub keep_text: bool,
    /// Seconds between progress lines when standard error is not a terminal (0: none).
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub progress_every: u64,
    #[command(flatten)]
    pub records: RecordArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// What a worker hands the writer.
enum Work {
    /// Already stored with the same content: not coded.
    Known { bytes: u64 },
    /// Coded, to store.
    Coded(Box<Document>),
}

/// What the run did.
#[derive(Debug, Default)]
struct Tally {
    read: u64,
    new: u64,
    replaced: u64,
    /// Replaced by a document read from another file (see [`Ingested::Replaced`]).
    other_file: u64,
    skipped: u64,
    events: u64,
    failed: u64,
    bytes: u64,
}

/// Runs `dyad ingest`.
pub fn run(args: Args) -> Result<ExitCode> {
    let start = Instant::now();
    let options = StoreOptions {
        keep_text: args.keep_text,
        ..StoreOptions::default()
    };
    let mut store = Store::open(&args.db, options)?;
    let pipeline = crate::pipeline::Pipeline::get()?;
    let records = args.records.options();
    let total_bytes = input_bytes(&args.input.inputs);
    let mut progress = Progress::new(total_bytes, Duration::from_secs(args.progress_every));
    let mut tally = Tally::default();
    let db: &Path = &args.db;
    let result = batch::run_ordered(
        &args.input.inputs,
        &args.input.read_options(),
        args.input.threads,
        |mut doc: Document| {
            if already_stored(db, &doc) {
                return Work::Known {
                    bytes: doc.text().len() as u64,
                };
            }
            pipeline.process_with(&mut doc, records);
            Work::Coded(Box::new(doc))
        },
        |item| {
            match item {
                Item::Unreadable(e) => {
                    tally.failed += 1;
                    progress.clear();
                    eprintln!("dyad: {e}");
                }
                Item::Done(Work::Known { bytes }) => {
                    tally.read += 1;
                    tally.bytes += bytes;
                    tally.skipped += 1;
                }
                Item::Done(Work::Coded(doc)) => {
                    tally.read += 1;
                    tally.bytes += doc.text().len() as u64;
                    let outcome = store
                        .ingest(&doc)
                        .with_context(|| format!("cannot store document `{}`", doc.id()))?;
                    match outcome {
                        Ingested::New { events } => {
                            tally.new += 1;
                            tally.events += events as u64;
                        }
                        Ingested::Replaced { events, other_file } => {
                            tally.replaced += 1;
                            tally.events += events as u64;
                            if other_file {
                                tally.other_file += 1;
                                if tally.other_file <= 5 {
                                    eprintln!(
                                        "dyad: warning: document `{}` (from {}) replaced a stored \
                                         document of the same id read from another file",
                                        doc.id(),
                                        doc.meta.origin.as_deref().unwrap_or("?")
                                    );
                                }
                            }
                        }
                        Ingested::Skipped => tally.skipped += 1,
                    }
                }
            }
            progress.tick(&tally);
            Ok(())
        },
    );
    progress.clear();
    // Whole documents stored before an error are kept.
    store.commit()?;
    // Fold the log into the file now: the workers' read-only connections may outlive the
    // store's and keep it from doing so on close, leaving the bulk of a run in `-wal`.
    store.checkpoint()?;
    result?;
    let totals = store.totals()?;
    drop(store);
    if tally.other_file > 0 {
        eprintln!(
            "dyad: warning: {} documents replaced stored ones of the same id read from other \
             files; if these are different articles, give each an id (`ID:` header, `id` \
             field or column), as ids otherwise come from file names",
            tally.other_file
        );
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "dyad: {} documents read: {} stored, {} replaced, {} already stored; {} event mentions; \
         {} unreadable inputs; {:.1} MB in {:.2} s ({:.0} docs/s)",
        tally.read,
        tally.new,
        tally.replaced,
        tally.skipped,
        tally.events,
        tally.failed,
        tally.bytes as f64 / 1e6,
        secs,
        tally.read as f64 / secs
    );
    eprintln!(
        "dyad: {}: {} documents, {} events, {} mentions",
        args.db.display(),
        totals.documents,
        totals.events,
        totals.mentions
    );
    Ok(if tally.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

thread_local! {
    /// Each worker's read-only connection to the store being written.
    static READER: RefCell<Option<Store>> = const { RefCell::new(None) };
}

/// Whether the document is stored already with the same content. Any failure to tell means
/// "no": the writer checks again, so at worst the document is coded for nothing.
fn already_stored(db: &Path, doc: &Document) -> bool {
    READER.with(|cell| {
        let mut reader = cell.borrow_mut();
        if reader.is_none() {
            *reader = Store::open_read_only(db).ok();
        }
        reader
            .as_ref()
            .and_then(|s| s.contains(doc).ok())
            .unwrap_or(false)
    })
}

/// Bytes of the inputs, for the ETA: files and directories as given; `None` when an input is
/// standard input or a glob pattern.
fn input_bytes(inputs: &[String]) -> Option<u64> {
    fn walk(p: &Path) -> u64 {
        let Ok(meta) = std::fs::metadata(p) else {
            return 0;
        };
        if meta.is_file() {
            return meta.len();
        }
        let Ok(entries) = std::fs::read_dir(p) else {
            return 0;
        };
        entries
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| walk(&e.path()))
            .sum()
    }
    let mut total = 0;
    for i in inputs {
        let p = Path::new(i);
        if i == "-" || !p.exists() {
            return None;
        }
        total += walk(p);
    }
    Some(total)
}

/// Progress on standard error: a status line redrawn a few times a second on a terminal,
/// else a plain line every `every`.
struct Progress {
    tty: bool,
    every: Duration,
    start: Instant,
    last: Instant,
    shown: bool,
    total_bytes: Option<u64>,
}

impl Progress {
    fn new(total_bytes: Option<u64>, every: Duration) -> Self {
        let now = Instant::now();
        Progress {
            tty: std::io::stderr().is_terminal(),
            every,
            start: now,
            last: now,
            shown: false,
            total_bytes,
        }
    }

    fn tick(&mut self, t: &Tally) {
        let interval = if self.tty {
            Duration::from_millis(250)
        } else {
            self.every
        };
        if interval.is_zero() || self.last.elapsed() < interval {
            return;
        }
        self.last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = t.read as f64 / secs;
        // Text bytes run a little behind file bytes (markup, JSON escapes), so the ETA errs
        // on the long side.
        let eta = match self.total_bytes {
            Some(total) if total > 0 && t.bytes > 0 => {
                let f = (t.bytes as f64 / total as f64).min(0.999);
                format!(", ETA {}", clock(secs * (1.0 - f) / f))
            }
            _ => String::new(),
        };
        let line = format!(
            "{} documents ({} stored, {} already stored), {} event mentions, {} unreadable, \
             {rate:.0} docs/s{eta}",
            t.read,
            t.new + t.replaced,
            t.skipped,
            t.events,
            t.failed
        );
        if self.tty {
            eprint!("\r\x1b[2K{line}");
            self.shown = true;
        } else {
            eprintln!("dyad: ingest: {line}");
        }
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[2K");
            self.shown = false;
        }
    }
}

/// `1:02:03` or `2:03`.
fn clock(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}
