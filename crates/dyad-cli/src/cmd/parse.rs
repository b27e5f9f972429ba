//! `dyad parse`: tagging and parsing only.

use super::InputArgs;
use crate::batch;
use crate::pipeline::Pipeline;
use anyhow::Result;
use clap::{Args as ClapArgs, ValueEnum};
use std::process::ExitCode;

/// Output formats of `dyad parse`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseFormat {
    /// CoNLL-U: one block per sentence, `# newdoc id` and `# text` comments.
    Conllu,
    /// JSON Lines: the `annotate` object of each document (tokens with tags and heads).
    Json,
}

/// Arguments of `dyad parse`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "conllu")]
    pub format: ParseFormat,
}

/// Runs `dyad parse`.
pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::get()?;
    let format = args.format;
    batch::run_to_stdout(&args.input, "parsed", "sentence", |mut doc| {
        pipeline.process(&mut doc);
        let n = doc.sentences.len() as u64;
        let text = match format {
            ParseFormat::Conllu => dyad_models::conllu_of(&doc),
            ParseFormat::Json => {
                let mut line = super::annotate::to_json(&doc);
                line.push('\n');
                line
            }
        };
        (text, n)
    })
}
