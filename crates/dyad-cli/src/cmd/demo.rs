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
    let (mut docs, mut tokens, mut sentences, mut events) = (0usize, 0usize, 0usize, 0usize);
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
            events += doc.events.len();
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
                "    {} tokens, {} sentences, {} events",
                doc.tokens.len(),
                doc.sentences.len(),
                doc.events.len()
            )?;
            // The first few events, as `SOURCE -> TARGET CODE: evidence`.
            for e in doc.events.iter().filter(|e| !e.negated).take(3) {
                let target = e.target.as_ref().map_or("---", |t| t.code.as_str());
                writeln!(
                    out,
                    "    {} -> {target} {}: {}",
                    e.source.code,
                    e.cameo,
                    e.evidence.text.replace('\n', " ")
                )?;
            }
        }
    }
    if !args.jsonl {
        writeln!(
            out,
            "\n{docs} documents from {} bundled files: {tokens} tokens, {sentences} sentences, \
             {events} events.",
            SAMPLES.len()
        )?;
        writeln!(
            out,
            "Code your own reports with `dyad code FILE...`; every layer of the samples: `dyad demo --jsonl`."
        )?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
