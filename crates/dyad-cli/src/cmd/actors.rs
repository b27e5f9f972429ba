//! `dyad actors`: the actor mentions of each document, as a table.

use super::InputArgs;
use crate::batch;
use crate::pipeline::Pipeline;
use anyhow::Result;
use clap::Args as ClapArgs;
use std::process::ExitCode;

/// Arguments of `dyad actors`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
}

/// Runs `dyad actors`: one tab-separated row per mention (document, sentence, offsets, code,
/// entity, how it was resolved, the words), after a header row.
pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = Pipeline::get()?;
    println!("doc_id\tsentence\tstart\tend\tcode\tentity\thow\ttext");
    batch::run_to_stdout(&args.input, "read", "actor", |mut doc| {
        pipeline.annotate(&mut doc);
        let mut out = String::new();
        for a in &doc.actors {
            let text = doc.slice(a.span).replace(['\t', '\n', '\r'], " ");
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                doc.id(),
                a.sentence,
                a.span.start,
                a.span.end,
                a.code,
                a.entity.as_deref().unwrap_or("-"),
                a.how,
                text
            ));
        }
        (out, doc.actors.len() as u64)
    })
}
