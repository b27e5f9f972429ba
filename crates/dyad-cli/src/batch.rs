//! Streams documents from the readers through a per-document function on all cores and writes
//! the results in input order, reporting bad input on the way.

use anyhow::{Context, Result};
use dyad_core::Document;
use dyad_text::read::{read_inputs, ReadOptions};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Documents handed to the workers at once: large enough to keep every core busy, small enough
/// to keep memory flat on a corpus of any size.
const BATCH: usize = 256;

/// What a run did, for the closing summary and the exit code.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Documents processed.
    pub documents: u64,
    /// Inputs (documents, lines, rows or files) that could not be read.
    pub failed: u64,
    /// Records written (events, annotated documents...).
    pub records: u64,
    /// Bytes of document text processed.
    pub bytes: u64,
}

impl Summary {
    /// One line for standard error: `verb` says what was done to the documents, `what` names
    /// the records written.
    pub fn line(&self, verb: &str, what: &str, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        format!(
            "dyad: {} {verb}, {}, {}, {:.1} MB in {:.2} s ({:.0} docs/s)",
            plural(self.documents, "document"),
            plural(self.records, what),
            plural(self.failed, "unreadable input"),
            self.bytes as f64 / 1e6,
            secs,
            self.documents as f64 / secs
        )
    }
}

/// Reads every input, runs `work` on each document (in parallel, in batches) and writes what it
/// returns to `out` in input order. `work` returns the text to write (complete lines) and the
/// number of records in it. Unreadable inputs are reported on standard error and counted.
pub fn run<W, F>(
    inputs: &[String],
    opts: &ReadOptions,
    threads: Option<usize>,
    out: &mut W,
    work: F,
) -> Result<Summary>
where
    W: Write,
    F: Fn(Document) -> (String, u64) + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut summary = Summary::default();
    let mut progress = Progress::new();
    let mut docs = read_inputs(inputs, opts);
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        for item in docs.by_ref() {
            match item {
                Ok(doc) => {
                    summary.bytes += doc.text().len() as u64;
                    batch.push(doc);
                    if batch.len() == BATCH {
                        break;
                    }
                }
                Err(e) => {
                    summary.failed += 1;
                    progress.clear();
                    eprintln!("dyad: {e}");
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        summary.documents += batch.len() as u64;
        let results: Vec<(String, u64)> =
            pool.install(|| batch.into_par_iter().map(&work).collect());
        for (text, n) in results {
            summary.records += n;
            out.write_all(text.as_bytes())
                .context("cannot write output")?;
        }
        progress.tick(&summary);
    }
    progress.clear();
    out.flush().context("cannot write output")?;
    Ok(summary)
}

/// Runs [`run`] over the command's inputs with standard output as the sink, then prints the
/// summary (`verb` says what was done to the documents, `what` names the records) and turns it
/// into the exit status: failure when any input could not be read.
pub fn run_to_stdout<F>(
    input: &crate::cmd::InputArgs,
    verb: &str,
    what: &str,
    work: F,
) -> Result<std::process::ExitCode>
where
    F: Fn(Document) -> (String, u64) + Sync,
{
    let start = Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let summary = run(
        &input.inputs,
        &input.read_options(),
        input.threads,
        &mut out,
        work,
    )?;
    eprintln!("{}", summary.line(verb, what, start.elapsed()));
    Ok(if summary.failed > 0 {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    })
}

/// A status line on standard error, shown only on a terminal, at most a few times a second.
struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    shown: bool,
}

impl Progress {
    fn new() -> Self {
        let now = Instant::now();
        Progress {
            enabled: std::io::stderr().is_terminal(),
            start: now,
            last: now,
            shown: false,
        }
    }

    fn tick(&mut self, s: &Summary) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(250) {
            return;
        }
        self.last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        eprint!(
            "\r\x1b[2K{} documents, {} records, {} unreadable, {:.0} docs/s, {:.1} MB/s",
            s.documents,
            s.records,
            s.failed,
            s.documents as f64 / secs,
            s.bytes as f64 / 1e6 / secs
        );
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[2K");
            self.shown = false;
        }
    }
}

/// `1 document`, `2 documents`.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What [`run_ordered`]'s sink receives, in input order.
pub enum Item<T> {
    /// What `work` returned for a document.
    Done(T),
    /// An input (line, row, document or file) that could not be read.
    Unreadable(dyad_text::read::ReadError),
}

/// Like [`run`], but hands each result to `sink` on a thread of its own (for example a
/// database writer), in input order, while the workers go on with the next batch. A bounded
/// queue of two batches between them keeps memory flat. An error from `sink` stops the run
/// and is returned.
pub fn run_ordered<T, F, S>(
    inputs: &[String],
    opts: &ReadOptions,
    threads: Option<usize>,
    work: F,
    mut sink: S,
) -> Result<()>
where
    T: Send,
    F: Fn(Document) -> T + Sync,
    S: FnMut(Item<T>) -> Result<()> + Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Item<T>>>(2);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<()> {
            for items in rx {
                for item in items {
                    sink(item)?;
                }
            }
            Ok(())
        });
        let mut docs = read_inputs(inputs, opts);
        loop {
            let mut batch = Vec::with_capacity(BATCH);
            let mut items = Vec::new();
            for item in docs.by_ref() {
                match item {
                    Ok(doc) => {
                        batch.push(doc);
                        if batch.len() == BATCH {
                            break;
                        }
                    }
                    Err(e) => items.push(Item::Unreadable(e)),
                }
            }
            if batch.is_empty() && items.is_empty() {
                break;
            }
            let done: Vec<T> = pool.install(|| batch.into_par_iter().map(&work).collect());
            items.extend(done.into_iter().map(Item::Done));
            if tx.send(items).is_err() {
                // The writer stopped on an error, returned below.
                break;
            }
        }
        drop(tx);
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?
    })
}
