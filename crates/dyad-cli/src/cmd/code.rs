//! `dyad code`: event records as JSON Lines, CSV or GDELT 2.0 TSV.

use super::{InputArgs, RecordArgs};
use crate::batch;
use anyhow::Result;
use clap::{Args as ClapArgs, ValueEnum};
use dyad_core::Event;
use dyad_store::format::{csv_header, csv_line, csv_row, gdelt_row, tsv_line, Counts, GdeltExtra};
use std::process::ExitCode;

/// Output formats of `dyad code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per event (the record of docs/formats.md).
    Jsonl,
    /// One CSV row per event, with a header row.
    Csv,
    /// The 61 tab-separated columns of the GDELT 2.0 event table, no header; negated events
    /// are left out (GDELT has no negation field).
    Gdelt,
}

/// Arguments of `dyad code`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub records: RecordArgs,
}

/// The lines of one document's events in `format`.
pub fn render(events: &[Event], format: OutputFormat, url: Option<&str>, now: &str) -> String {
    let mut out = String::new();
    for e in events {
        match format {
            OutputFormat::Jsonl => {
                // Serialising plain structs of strings and numbers cannot fail.
                out.push_str(&serde_json::to_string(e).unwrap_or_default());
                out.push('\n');
            }
            OutputFormat::Csv => out.push_str(&csv_line(&csv_row(e))),
            OutputFormat::Gdelt if e.negated => {}
            OutputFormat::Gdelt => {
                let id = u64::from_str_radix(e.event_id.get(..13).unwrap_or("0"), 16).unwrap_or(0);
                let extra = GdeltExtra {
                    global_event_id: id,
                    counts: Counts::ONE,
                    date_added: now,
                    source_url: url,
                };
                out.push_str(&tsv_line(&gdelt_row(e, &extra)));
            }
        }
    }
    out
}

/// Runs `dyad code`.
pub fn run(args: Args) -> Result<ExitCode> {
    let pipeline = crate::pipeline::Pipeline::get()?;
    if args.format == OutputFormat::Csv {
        print!("{}", csv_line(&csv_header()));
    }
    let now = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
    let options = args.records.options();
    batch::run_to_stdout(&args.input, "coded", "event", |mut doc| {
        pipeline.process_with(&mut doc, options);
        let url = doc.meta.url.clone();
        let lines = render(&doc.events, args.format, url.as_deref(), &now);
        let n = doc
            .events
            .iter()
            .filter(|e| args.format != OutputFormat::Gdelt || !e.negated)
            .count();
        (lines, n as u64)
    })
}
