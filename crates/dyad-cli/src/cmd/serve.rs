//! `dyad serve`: the JSON API and the dashboard over an event store.

use anyhow::Result;
use clap::Args as ClapArgs;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `dyad serve`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The event store to serve (written by `dyad ingest`; created when missing).
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// File holding the bearer token that writes need; without it a token is generated at first
    /// start and stored beside the database (`<db>.token`) with mode 0600.
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Reads need the token too (the default when listening on a non-loopback address).
    #[arg(long, conflicts_with = "open_reads")]
    pub close_reads: bool,
    /// Reads are open even on a non-loopback address.
    #[arg(long)]
    pub open_reads: bool,
    /// Largest request body accepted, in MiB (413 beyond).
    #[arg(long, default_value_t = 8)]
    pub max_body_mib: usize,
    /// Seconds a client may take to send a request body (408 beyond).
    #[arg(long, default_value_t = 30)]
    pub read_timeout: u64,
    /// Seconds a read query may run before it is stopped (503).
    #[arg(long, default_value_t = 10)]
    pub query_timeout: u64,
    /// Read queries run at the same time.
    #[arg(long, default_value_t = 4)]
    pub readers: usize,
    /// Answer every query from SQLite, without the in-memory index of event keys (about 48
    /// bytes an event) that makes filtered event lists and timelines fast on large stores.
    #[arg(long)]
    pub no_memory_index: bool,
    /// Compute every answer afresh instead of keeping answers until the store changes.
    #[arg(long)]
    pub no_cache: bool,
    /// Which records the documents posted to `/api/documents` get (use the flags the store
    /// was ingested with).
    #[command(flatten)]
    pub records: super::RecordArgs,
}

/// Runs `dyad serve` until interrupted.
pub fn run(args: Args) -> Result<ExitCode> {
    let mut options = dyad_server::ServeOptions::new(args.db, args.addr);
    options.token_file = args.token_file;
    options.records = args.records.options();
    options.close_reads = if args.close_reads {
        Some(true)
    } else if args.open_reads {
        Some(false)
    } else {
        None
    };
    options.body_limit = args.max_body_mib.saturating_mul(1 << 20);
    options.read_timeout = Duration::from_secs(args.read_timeout.max(1));
    options.query_timeout = Duration::from_secs(args.query_timeout.max(1));
    options.readers = args.readers.max(1);
    options.memory_index = !args.no_memory_index;
    options.cache = !args.no_cache;
    dyad_server::run(options)?;
    Ok(ExitCode::SUCCESS)
}
