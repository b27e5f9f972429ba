//! `dyad code`: event records as JSON Lines.

use super::InputArgs;
use crate::batch;
use anyhow::Result;
use clap::Args as ClapArgs;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dyad code`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

/// Runs `dyad code`.
///
/// The event coder is not part of this build yet (issue 5): documents are read, tokenized and
/// split, bad input is reported, and no event records are written.
pub fn run(args: Args) -> Result<ExitCode> {
    let start = Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let summary = batch::run(
        &args.input.inputs,
        &args.input.read_options(),
        args.input.threads,
        &mut out,
        |mut doc| {
            super::annotate::process(&mut doc);
            (String::new(), 0)
        },
    )?;
    eprintln!("{}", summary.line("coded", "event", start.elapsed()));
    eprintln!("dyad: note: this build has no event coder yet; no events are written");
    Ok(super::annotate::exit_code(&summary))
}
