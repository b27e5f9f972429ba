//! `dyad serve`: the JSON API and the dashboard over an event store.

use anyhow::Result;
use clap::Args as ClapArgs;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dyad serve`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// The event store to serve (written by `dyad ingest`).
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// File holding the bearer token that writes need; without it a token is generated at first
    /// start and stored beside the database with mode 0600.
    #[arg(long)]
    pub token_file: Option<PathBuf>,
}

/// Runs `dyad serve` until interrupted.
pub fn run(args: Args) -> Result<ExitCode> {
    dyad_server::run(dyad_server::ServeOptions {
        db: args.db,
        addr: args.addr,
        token_file: args.token_file,
    })?;
    Ok(ExitCode::SUCCESS)
}
