//! `dyad annotate`: every layer of every document, as JSON Lines.

use super::InputArgs;
use crate::batch;
use crate::pipeline::Pipeline;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    upos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    xpos: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lemma: Option<&'a str>,
    /// Index of the head token in `tokens`; `null` for the root of a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<Option<u32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprel: Option<&'a str>,
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

/// The JSON object `annotate` prints for a processed document (no trailing newline).
pub fn to_json(doc: &Document) -> String {
    let syn = doc.syntax.as_ref().filter(|s| s.len() == doc.tokens.len());
    let out = DocumentOut {
        meta: &doc.meta,
        text: doc.text(),
        tokens: doc
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| TokenOut {
                text: doc.slice(t.span),
                start: t.span.start,
                end: t.span.end,
                clitic: t.clitic,
                upos: syn.map(|s| s.upos[i].as_str()),
                xpos: syn.map(|s| s.xpos[i].as_str()),
                lemma: syn.map(|s| s.lemma[i].as_str()),
                head: syn.map(|s| s.head[i]),
                deprel: syn.map(|s| s.deprel[i].as_str()),
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
    let pipeline = Pipeline::get()?;
    batch::run_to_stdout(&args.input, "annotated", "record", |mut doc| {
        pipeline.process(&mut doc);
        let mut line = to_json(&doc);
        line.push('\n');
        (line, 1)
    })
}
