//! `dyad train ...`: rebuild the shipped model files from the treebanks.

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The trainable models.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The sentence splitter (an averaged perceptron over token-boundary features).
    Splitter(SplitterArgs),
}

/// Arguments of `dyad train splitter`.
#[derive(ClapArgs, Debug)]
pub struct SplitterArgs {
    /// Training treebank (CoNLL-U with `# text` lines), e.g. en_ewt-ud-train.conllu.
    pub train: PathBuf,
    /// Where to write the model (the shipped one is crates/dyad-text/data/splitter.bin).
    #[arg(long, default_value = "splitter.bin")]
    pub out: PathBuf,
}

/// Runs `dyad train ...`.
pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Splitter(a) => splitter(a),
    }
}

fn splitter(args: SplitterArgs) -> Result<ExitCode> {
    let gold = dyad_text::conllu::read_file(&args.train)
        .with_context(|| format!("cannot read treebank {}", args.train.display()))?;
    eprintln!(
        "dyad: training the sentence splitter on {} sentences",
        gold.len()
    );
    let model = dyad_text::train_splitter(&gold);
    std::fs::write(&args.out, model.to_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!("dyad: wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
