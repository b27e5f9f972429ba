//! `dyad serve`: a JSON API and the dashboard over an event store, from one binary.
#![warn(missing_docs)]

pub mod assets;

use std::net::SocketAddr;
use std::path::PathBuf;

/// What `dyad serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The event store to serve.
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// A file holding the bearer token for writes (and for reads when they are closed).
    pub token_file: Option<PathBuf>,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Listening or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Serves until interrupted.
pub fn run(_options: ServeOptions) -> Result<(), Error> {
    Err(Error::Io(std::io::Error::other("dyad serve is not built yet")))
}
