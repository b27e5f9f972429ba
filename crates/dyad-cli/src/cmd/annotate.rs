//! `dyad annotate`: every layer of every document, as JSON Lines.

use super::InputArgs;
use crate::batch;
use crate::pipeline::Pipeline;
use anyhow::Result;
use clap::Args as ClapArgs;
use std::process::ExitCode;

/// Arguments of `dyad annotate`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

/// The JSON object `annotate` prints for a processed document (no trailing newline); it lives
/// in `dyad-pipeline`, shared with the Python bindings.
pub use dyad_pipeline::annotation::to_json;

/// Runs `dyad annotate`.
pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::get()?;
    batch::run_to_stdout(&args.input, "annotated", "record", |mut doc| {
        pipeline.process(&mut doc);
        let mut line = to_json(&doc);
        line.push('\n');
        (line, 1)
    })
}
