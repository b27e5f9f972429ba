//! `dyad demo`: the whole pipeline on the bundled sample corpus.

use crate::samples::SAMPLES;
use anyhow::Result;
use clap::Args as ClapArgs;
use dyad_text::read::{read_bytes, Format, ReadOptions};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `dyad demo`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Print the full `annotate` JSON Lines instead of the readable report.
    #[arg(long)]
    pub jsonl: bool,
}

/// Runs `dyad demo`.
pub fn run(args: Args) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let opts = ReadOptions::default();
    let pipeline = crate::pipeline::Pipeline::get()?;
    let mut failed = 0;
    let (mut docs, mut tokens, mut sentences) = (0usize, 0usize, 0usize);
    for (name, bytes) in SAMPLES {
        let Some(format) = Format::from_path(Path::new(name)) else {
            continue;
        };
        for item in read_bytes(bytes, name, format, &opts) {
            let mut doc = match item {
                Ok(doc) => doc,
                Err(e) => {
                    eprintln!("dyad: {e}");
                    failed += 1;
                    continue;
                }
            };
            pipeline.process(&mut doc);
            docs += 1;
            tokens += doc.tokens.len();
            sentences += doc.sentences.len();
            if args.jsonl {
                writeln!(out, "{}", super::annotate::to_json(&doc))?;
                continue;
            }
            let date = doc
                .meta
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into());
            let title = doc.meta.title.as_deref().unwrap_or("(untitled)");
            writeln!(out, "{date}  {}  {title}", doc.meta.id)?;
            writeln!(
                out,
                "    {} tokens, {} sentences",
                doc.tokens.len(),
                doc.sentences.len()
            )?;
            if let Some(s) = doc.sentences.first() {
                writeln!(
                    out,
                    "    first sentence: {}",
                    doc.slice(s.span).replace('\n', " ")
                )?;
            }
        }
    }
    if !args.jsonl {
        writeln!(
            out,
            "\n{docs} documents from {} bundled files: {tokens} tokens, {sentences} sentences.",
            SAMPLES.len()
        )?;
        writeln!(
            out,
            "Event coding arrives with the coder (issue 5); see `dyad annotate --help`."
        )?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
