//! `dyad eval coref [DIR] [--json] [--verbose]`: the actor layer's coreference against the
//! team-written set `tests/data/coref` (issue 4), through the whole pipeline.

use anyhow::Result;
use clap::Args as ClapArgs;
use dyad_coder::coref_eval::{self, read_expected};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dyad eval coref`.
#[derive(ClapArgs, Debug)]
pub struct CorefArgs {
    /// Directory holding `docs.jsonl` and `expected.jsonl`.
    #[arg(default_value = "tests/data/coref")]
    pub dir: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list every miss and wrong resolution.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// Runs the evaluation: each document through the pipeline, then scores its actors.
pub fn run(args: CorefArgs) -> Result<ExitCode> {
    let (mut docs, expected) =
        super::eval::read_paired_set(&args.dir, |t| Ok(read_expected(t)?), |e| e.id.as_str())?;
    let pipeline = crate::pipeline::Pipeline::get()?;
    for d in &mut docs {
        pipeline.parse(d);
        pipeline.resolve_actors(d);
    }
    let pairs: Vec<_> = docs.iter().zip(expected.iter()).collect();
    let scores = coref_eval::evaluate(&pairs);
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        if args.verbose {
            for e in &scores.errors {
                println!("{e}");
            }
        }
        println!("{scores}");
    }
    Ok(ExitCode::SUCCESS)
}
