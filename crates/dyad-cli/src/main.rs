//! `dyad`: political event data from news text.
//!
//! The binary is glue: it parses the command line and calls the library crates. Each command
//! lives in its own module under `cmd/`.

mod batch;
mod cmd;
mod pipeline;
mod samples;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc in place of the system allocator: the pipeline makes and drops many small vectors
/// per sentence, and glibc's malloc spent about a tenth of `dyad code`'s time on them
/// (`docs/models.md`, "Allocator, forced moves and smaller costs").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// dyad reads news reports and writes down who did what to whom, when and where.
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every layer dyad knows for each document, one JSON object per line.
    Annotate(cmd::annotate::Args),
    /// List the actors of each document: code, canonical entity, how it was resolved.
    Actors(cmd::actors::Args),
    /// Code events: one JSON object per event (JSON Lines) on standard output.
    Code(cmd::code::Args),
    /// Run the whole pipeline on the sample corpus bundled in the binary.
    Demo(cmd::demo::Args),
    /// Tag and parse text: CoNLL-U or JSON, one sentence tree per sentence.
    Parse(cmd::parse::Args),
    /// Code a corpus and store it in an event database (resumable, idempotent).
    Ingest(cmd::ingest::Args),
    /// Export a store's de-duplicated events: JSON Lines, CSV, GDELT 2.0 or Parquet.
    Export(cmd::export::Args),
    /// Serve a store: JSON API and dashboard over HTTP.
    Serve(cmd::serve::Args),
    /// Statistics of a store's events: per period and QuadClass, Goldstein, top dyads.
    Stats(cmd::stats::Args),
    /// Check the verb dictionaries: every pattern's example must yield its expected event.
    #[command(subcommand)]
    Dict(cmd::dict::Command),
    /// Measure accuracy on held-apart gold data.
    #[command(subcommand)]
    Eval(cmd::eval::Command),
    /// Measure speed on a generated or given corpus.
    #[command(subcommand)]
    Bench(cmd::bench::Command),
    /// Check the actor knowledge base, or look actors up in it.
    #[command(subcommand)]
    Kb(cmd::kb::Command),
    /// Rebuild the shipped model files from training data.
    #[command(subcommand)]
    Train(cmd::train::Command),
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so a closed pipe (`dyad eval wwq | head`) would make every print
    // panic; the default action ends the process quietly instead, as Unix tools do.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Memory freed while the models load goes back to the system at once (see `pipeline`).
    pipeline::purge_delay_ms(0);
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(a) => cmd::annotate::run(a),
        Command::Actors(a) => cmd::actors::run(a),
        Command::Code(a) => cmd::code::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Parse(a) => cmd::parse::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Stats(a) => cmd::stats::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Dict(c) => cmd::dict::run(c),
        Command::Eval(c) => cmd::eval::run(c),
        Command::Bench(c) => cmd::bench::run(c),
        Command::Train(c) => cmd::train::run(c),
        Command::Kb(c) => cmd::kb::run(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
