//! One module per command.

pub mod actors;
pub mod annotate;
pub mod bench;
pub mod bench_store;
pub mod code;
pub mod demo;
pub mod dict;
pub mod eval;
pub mod eval_coref;
pub mod eval_events;
pub mod eval_ner;
pub mod eval_petrarch;
pub mod eval_wwq;
pub mod export;
pub mod ingest;
pub mod kb;
pub mod parse;
pub mod serve;
pub mod stats;
pub mod train;
pub mod train_ner;

use clap::Args as ClapArgs;
use dyad_text::read::{Format, ReadOptions};

/// Which event records are written: shared by `dyad code`, `dyad ingest`, `dyad serve` (for
/// the documents posted to it) and `dyad eval events` (the records scored), so that each
/// holds what `dyad code` prints with the same flags.
#[derive(ClapArgs, Debug, Clone, Copy)]
pub struct RecordArgs {
    /// Write only events with a coded target (dyadic data, as ICEWS and PETRARCH's default):
    /// statements, protests and other events with no target are left out.
    #[arg(long)]
    pub dyadic: bool,
    /// Also write events with no coded target whose act is directed at someone (statements,
    /// appeals, demands, denials, meetings, ...: "X said ..." whose content codes nothing),
    /// which are left out by default. Yielding (resignations, truces), protests, force
    /// posture, coercion and violence are written with or without a target.
    #[arg(long)]
    pub targetless: bool,
    /// Also write hypothetical acts (modality `hypothetical`): acts only asked for, conditional,
    /// feared or alleged ("urged Russia to withdraw": the withdrawal), left out by default.
    #[arg(long)]
    pub hypothetical: bool,
}

impl RecordArgs {
    /// The coder's options for these flags.
    pub fn options(&self) -> dyad_pipeline::CodeOptions {
        dyad_pipeline::CodeOptions {
            targetless: self.targetless,
            hypothetical: self.hypothetical,
            dyadic: self.dyadic,
        }
    }
}

/// Input options shared by every command that reads news.
#[derive(ClapArgs, Debug, Clone)]
pub struct InputArgs {
    /// Files, directories or glob patterns to read; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Date of documents that carry none of their own (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Read every input in this format (txt, jsonl, csv, html) instead of telling it from the
    /// file name; standard input is otherwise sniffed from its first byte.
    #[arg(long, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Largest document or input line accepted, in MiB; longer ones are reported and skipped.
    #[arg(long, value_name = "MIB", default_value_t = 16)]
    pub max_mib: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

impl InputArgs {
    /// The readers' options.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.input_format,
            max_bytes: self.max_mib.saturating_mul(1 << 20),
            default_date: self.date,
        }
    }
}

/// Clap value parser for `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    dyad_core::parse_iso_date(s).map_err(|e| e.to_string())
}
