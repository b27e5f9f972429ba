//! `dyad eval petrarch RECORDS.xml --dicts DIR [--json]`: the PETRARCH peer test suite, coded
//! with dyad's own tokenizer, parser and coder on each record's text.

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use dyad_coder::petrarch::{evaluate, PetrarchDicts, Records};
use dyad_kb::dictionary::CodeTable;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dyad eval petrarch`.
#[derive(ClapArgs, Debug)]
pub struct PetrarchArgs {
    /// The records file (`PETR.UnitTest.records.xml`).
    pub records: PathBuf,
    /// Directory of the dictionaries the records' `<Environment>` names (default: the records
    /// file's directory).
    #[arg(long, value_name = "DIR")]
    pub dicts: Option<PathBuf>,
    /// Print one JSON object (`passed`, `failed`, per category, per cause, the failures).
    #[arg(long)]
    pub json: bool,
}

/// Runs the suite; prints the failures by record id and category, then `N passed, M failed`.
pub fn run(args: PetrarchArgs) -> Result<ExitCode> {
    let records = Records::read(&args.records)
        .with_context(|| format!("cannot read records {}", args.records.display()))?;
    let dir = match &args.dicts {
        Some(d) => d.clone(),
        None => args
            .records
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let models = dyad_models::Models::load_default()
        .map_err(|e| anyhow::anyhow!("cannot load the tagger and parser models: {e}"))?;
    let dicts = PetrarchDicts::load(&dir, &records.environment)
        .with_context(|| format!("cannot read the dictionaries in {}", dir.display()))?;
    let codes = CodeTable::bundled().map_err(|e| anyhow::anyhow!("code table: {e}"))?;
    let report = evaluate(&records, &dicts, &codes, &mut |doc| {
        dyad_text::segment(doc);
        models.annotate(doc);
    });
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
