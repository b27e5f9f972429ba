//! `dyad stats`: events per period and QuadClass, Goldstein sums and means, top dyads.

use anyhow::Result;
use clap::{Args as ClapArgs, ValueEnum};
use dyad_store::format::csv_line;
use dyad_store::stats::{parse_dyad, PeriodStats};
use dyad_store::{Period, Stats, StatsQuery, Store};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The period events are grouped by.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Per day.
    Day,
    /// Per ISO 8601 week.
    Week,
    /// Per month.
    Month,
}

/// Arguments of `dyad stats`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The event store.
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// Group events per day, week or month.
    #[arg(long, value_enum, default_value_t = By::Month)]
    pub by: By,
    /// Only events from SOURCE to TARGET (countries or code prefixes), e.g. USA-RUS.
    #[arg(long, value_name = "SOURCE-TARGET")]
    pub dyad: Option<String>,
    /// Only events with this country (or actor code prefix) on either side.
    #[arg(long, value_name = "CODE")]
    pub country: Option<String>,
    /// Only events of this CAMEO root code (01 to 20).
    #[arg(long, value_name = "CODE")]
    pub root: Option<String>,
    /// First event day included (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub from: Option<chrono::NaiveDate>,
    /// Last event day included (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub to: Option<chrono::NaiveDate>,
    /// How many top dyads to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Print one JSON object.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the period table as CSV (with a last `total` row).
    #[arg(long)]
    pub csv: bool,
}

/// Runs `dyad stats`.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db)?;
    let mut q = StatsQuery::new(match args.by {
        By::Day => Period::Day,
        By::Week => Period::Week,
        By::Month => Period::Month,
    });
    q.dyad = args.dyad.as_deref().map(parse_dyad).transpose()?;
    q.country = args.country.clone();
    q.root = args.root.clone();
    q.from = args.from;
    q.to = args.to;
    q.top = args.top;
    let stats = store.stats(&q)?;
    match print(&args, &stats) {
        Err(e) if super::export::broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

fn print(args: &Args, stats: &Stats) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, stats)?;
        writeln!(out)?;
    } else if args.csv {
        out.write_all(csv_line(&csv_header()).as_bytes())?;
        for p in stats.periods.iter().chain(std::iter::once(&stats.total)) {
            out.write_all(csv_line(&csv_row(p)).as_bytes())?;
        }
    } else {
        table(&mut out, stats)?;
    }
    out.flush()?;
    Ok(())
}

fn csv_header() -> Vec<String> {
    [
        "period",
        "events",
        "mentions",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "goldstein_sum",
        "goldstein_mean",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn csv_row(p: &PeriodStats) -> Vec<String> {
    let mut row = vec![
        p.period.clone(),
        p.events.to_string(),
        p.mentions.to_string(),
    ];
    row.extend(p.quad_class.iter().map(u64::to_string));
    row.push(format!("{:.2}", p.goldstein_sum));
    row.push(format!("{:.3}", p.goldstein_mean));
    row
}

/// A table for people.
fn table(out: &mut impl Write, s: &Stats) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<10} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11} {:>9}",
        "period",
        "events",
        "mentions",
        "verb-coop",
        "mat-coop",
        "verb-conf",
        "mat-conf",
        "goldst-sum",
        "goldst-avg"
    )?;
    for p in s.periods.iter().chain(std::iter::once(&s.total)) {
        writeln!(
            out,
            "{:<10} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11.1} {:>9.2}",
            p.period,
            p.events,
            p.mentions,
            p.quad_class[0],
            p.quad_class[1],
            p.quad_class[2],
            p.quad_class[3],
            p.goldstein_sum,
            p.goldstein_mean
        )?;
    }
    if !s.top_dyads.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{:<10} {:<10} {:>8} {:>9} {:>9}",
            "source", "target", "events", "mentions", "goldst-avg"
        )?;
        for d in &s.top_dyads {
            let target = if d.target.is_empty() { "-" } else { &d.target };
            writeln!(
                out,
                "{:<10} {:<10} {:>8} {:>9} {:>9.2}",
                d.source, target, d.events, d.mentions, d.goldstein_mean
            )?;
        }
    }
    Ok(())
}
