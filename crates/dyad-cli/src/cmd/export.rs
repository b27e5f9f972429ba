//! `dyad export`: the store's de-duplicated events as JSON Lines, CSV, GDELT 2.0 or Parquet.

use anyhow::{bail, Context, Result};
use clap::{Args as ClapArgs, ValueEnum};
use dyad_store::format::{
    csv_line, stored_csv_header, stored_csv_row, stored_gdelt_row, stored_json, tsv_line,
};
use dyad_store::parquet::ParquetWriter;
use dyad_store::{EventFilter, Store};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `dyad export`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per event, with num_mentions, num_sources, num_articles.
    Jsonl,
    /// Comma-separated, with a header row.
    Csv,
    /// The GDELT 2.0 event table: 61 tab-separated columns, no header, negated events left out.
    Gdelt,
    /// Apache Parquet (Snappy), the schema of docs/formats.md.
    Parquet,
}

/// Arguments of `dyad export`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The event store.
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// First event day included (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub from: Option<chrono::NaiveDate>,
    /// Last event day included (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub to: Option<chrono::NaiveDate>,
    /// Write here instead of standard output (written to FILE.part, renamed when complete).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `dyad export`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let (Some(f), Some(t)) = (args.from, args.to) {
        if f > t {
            bail!("--from {f} is after --to {t}");
        }
    }
    let store = Store::open_read_only(&args.db)?;
    let filter = EventFilter {
        from: args.from,
        to: args.to,
    };
    let n = match &args.out {
        Some(path) => {
            let mut part = path.clone().into_os_string();
            part.push(".part");
            let part = PathBuf::from(part);
            let file = std::fs::File::create(&part)
                .with_context(|| format!("cannot create {}", part.display()))?;
            let n = write(&store, &filter, args.format, BufWriter::new(file))
                .with_context(|| format!("cannot write {}", part.display()));
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    let _ = std::fs::remove_file(&part);
                    return Err(e);
                }
            };
            std::fs::rename(&part, path).with_context(|| {
                format!("cannot rename {} to {}", part.display(), path.display())
            })?;
            n
        }
        None => {
            if args.format == ExportFormat::Parquet && std::io::stdout().is_terminal() {
                bail!("Parquet is binary: give --out FILE or redirect standard output");
            }
            match write(
                &store,
                &filter,
                args.format,
                BufWriter::new(std::io::stdout()),
            ) {
                Ok(n) => n,
                // `dyad export ... | head` is not an error.
                Err(e) if broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
                Err(e) => return Err(e),
            }
        }
    };
    eprintln!("dyad: {n} events exported from {}", args.db.display());
    Ok(ExitCode::SUCCESS)
}

/// Whether the error is the reader of standard output going away.
pub fn broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        let io = c.downcast_ref::<std::io::Error>().map(|io| io.kind());
        let store = c.downcast_ref::<dyad_store::Error>().and_then(|s| match s {
            dyad_store::Error::Io(io) => Some(io.kind()),
            dyad_store::Error::Json(j) => j.io_error_kind(),
            _ => None,
        });
        let json = c
            .downcast_ref::<serde_json::Error>()
            .and_then(|j| j.io_error_kind());
        [io, store, json].contains(&Some(BrokenPipe))
    })
}

/// Writes every event that passes `filter` to `out`; returns how many.
fn write<W: Write + Send>(
    store: &Store,
    filter: &EventFilter,
    format: ExportFormat,
    mut out: W,
) -> Result<u64> {
    let n = match format {
        ExportFormat::Jsonl => store.for_each_event(filter, |e| {
            serde_json::to_writer(&mut out, &stored_json(&e)?)?;
            out.write_all(b"\n")?;
            Ok(())
        })?,
        ExportFormat::Csv => {
            out.write_all(csv_line(&stored_csv_header()).as_bytes())?;
            store.for_each_event(filter, |e| {
                out.write_all(csv_line(&stored_csv_row(&e)).as_bytes())?;
                Ok(())
            })?
        }
        ExportFormat::Gdelt => {
            // GDELT has no negation field: a negated event would read as the event itself.
            let mut written = 0;
            store.for_each_event(filter, |e| {
                if !e.event.negated {
                    out.write_all(tsv_line(&stored_gdelt_row(&e)).as_bytes())?;
                    written += 1;
                }
                Ok(())
            })?;
            written
        }
        ExportFormat::Parquet => {
            let mut w = ParquetWriter::new(out)?;
            let n = store.for_each_event(filter, |e| w.push_stored(e))?;
            out = w.finish()?;
            n
        }
    };
    out.flush()?;
    Ok(n)
}
