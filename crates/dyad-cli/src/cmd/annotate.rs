//! `dyad annotate`: every layer of every document, as JSON Lines.

use super::InputArgs;
use crate::batch;
use anyhow::Result;
use clap::Args as ClapArgs;
use dyad_core::{Document, Metadata};
use serde::Serialize;
use std::process::ExitCode;

/// Arguments of `dyad annotate`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

/// One token as `annotate` prints it.
#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: u32,
    end: u32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    clitic: bool,
}

/// One sentence as `annotate` prints it.
#[derive(Serialize)]
struct SentenceOut {
    start: u32,
    end: u32,
    /// Index of the first token and one past the last.
    tokens: [u32; 2],
}

/// The document as `annotate` prints it: metadata, text and the layers known so far.
#[derive(Serialize)]
struct DocumentOut<'a> {
    #[serde(flatten)]
    meta: &'a Metadata,
    text: &'a str,
    tokens: Vec<TokenOut<'a>>,
    sentences: Vec<SentenceOut>,
}

/// Runs every stage dyad has on one document.
pub fn process(doc: &mut Document) {
    dyad_text::segment(doc);
}

/// The JSON object `annotate` prints for a processed document (no trailing newline).
pub fn to_json(doc: &Document) -> String {
    let out = DocumentOut {
        meta: &doc.meta,
        text: doc.text(),
        tokens: doc
            .tokens
            .iter()
            .map(|t| TokenOut {
                text: doc.slice(t.span),
                start: t.span.start,
                end: t.span.end,
                clitic: t.clitic,
            })
            .collect(),
        sentences: doc
            .sentences
            .iter()
            .map(|s| SentenceOut {
                start: s.span.start,
                end: s.span.end,
                tokens: [s.tokens.start, s.tokens.end],
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string(&out).unwrap_or_default()
}

/// Runs `dyad annotate`.
pub fn run(args: Args) -> Result<ExitCode> {
    batch::run_to_stdout(&args.input, "annotated", "record", |mut doc| {
        process(&mut doc);
        let mut line = to_json(&doc);
        line.push('\n');
        (line, 1)
    })
}
