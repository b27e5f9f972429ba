//! `dyad eval ...`: accuracy on held-apart gold data.

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The evaluations.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tokenization and sentence splitting against a CoNLL-U treebank, scored like the CoNLL 2018
    /// shared task: the raw text is rebuilt from the `# text` lines and segmented by dyad.
    Tokenize(TokenizeArgs),
}

/// Arguments of `dyad eval tokenize`.
#[derive(ClapArgs, Debug)]
pub struct TokenizeArgs {
    /// Gold CoNLL-U file (for example en_ewt-ud-test.conllu).
    pub gold: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `dyad eval ...`.
pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Tokenize(a) => tokenize(a),
    }
}

fn tokenize(args: TokenizeArgs) -> Result<ExitCode> {
    let gold = dyad_text::conllu::read_file(&args.gold)
        .with_context(|| format!("cannot read gold file {}", args.gold.display()))?;
    let scores = dyad_text::eval::score_tokenization(&gold);
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        println!("{}", scores);
    }
    Ok(ExitCode::SUCCESS)
}
