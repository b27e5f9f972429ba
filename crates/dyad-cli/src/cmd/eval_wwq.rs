//! `dyad eval wwq [DIR] [--json] [--verbose]`: dates, places and quotes against the hand-made
//! set `tests/data/when-where-quotes` (issue 6), through the whole pipeline.

use anyhow::Result;
use clap::Args as ClapArgs;
use dyad_coder::places::Places;
use dyad_coder::wwq_eval::{self, read_expected};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dyad eval wwq`.
#[derive(ClapArgs, Debug)]
pub struct WwqArgs {
    /// Directory holding `docs.jsonl` and `expected.jsonl`.
    #[arg(default_value = "tests/data/when-where-quotes")]
    pub dir: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list every mismatch, by document.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// Runs the evaluation: each document through the pipeline, then the date, place and quote
/// layers; prints precision, recall and F1 per layer.
pub fn run(args: WwqArgs) -> Result<ExitCode> {
    let (mut docs, expected) =
        super::eval::read_paired_set(&args.dir, |t| Ok(read_expected(t)?), |e| e.id.as_str())?;
    let pipeline = crate::pipeline::Pipeline::get()?;
    let places = Places::bundled().map_err(|e| anyhow::anyhow!("gazetteer: {e}"))?;
    for d in &mut docs {
        pipeline.process(d);
        wwq_eval::add_layers(d, &places);
    }
    let pairs: Vec<_> = docs.iter().zip(expected.iter()).collect();
    let scores = wwq_eval::evaluate(&pairs);
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
