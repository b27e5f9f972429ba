//! `dyad eval coref [DIR] [--json] [--verbose]`: the actor layer's coreference against the
//! team-written set `tests/data/coref` (issue 4), through the whole pipeline.

use anyhow::{Context, Result};
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
    let docs_path = args.dir.join("docs.jsonl");
    let exp_path = args.dir.join("expected.jsonl");
    let bytes = std::fs::read(&docs_path)
        .with_context(|| format!("cannot read {}", docs_path.display()))?;
    let exp_text = std::fs::read_to_string(&exp_path)
        .with_context(|| format!("cannot read {}", exp_path.display()))?;
    let expected = read_expected(&exp_text)?;
    let name = docs_path.to_string_lossy();
    let mut docs = Vec::new();
    for r in dyad_text::read_bytes(&bytes, &name, dyad_text::Format::Jsonl, &Default::default()) {
        docs.push(r.map_err(|e| anyhow::anyhow!("{e}"))?);
    }
    if docs.len() != expected.len() {
        anyhow::bail!(
            "{} documents but {} expected records",
            docs.len(),
            expected.len()
        );
    }
    let pipeline = crate::pipeline::Pipeline::get()?;
    for (d, e) in docs.iter_mut().zip(&expected) {
        if d.id() != e.id {
            anyhow::bail!("document {} paired with expected record {}", d.id(), e.id);
        }
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
