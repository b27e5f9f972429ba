//! `dyad code`: event records as JSON Lines.

use super::InputArgs;
use crate::batch;
use anyhow::Result;
use clap::Args as ClapArgs;
use std::process::ExitCode;

/// Arguments of `dyad code`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

/// Runs `dyad code`.
///
/// The event coder is not part of this build yet (issue 5): documents are read, tokenized and
/// split, tagged and parsed, bad input is reported, and no event records are written.
pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = crate::pipeline::Pipeline::get()?;
    let code = batch::run_to_stdout(&args.input, "coded", "event", |mut doc| {
        pipeline.process(&mut doc);
        (String::new(), 0)
    })?;
    eprintln!("dyad: note: this build has no event coder yet; no events are written");
    Ok(code)
}
