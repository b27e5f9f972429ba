//! `dyad serve`: a JSON API and the dashboard over an event store, from one binary.
//!
//! - Reads (`GET /api/...`) run on read-only SQLite connections from a small pool, each
//!   query on a blocking thread, at most [`ServeOptions::readers`] at a time, and each one
//!   interrupted after [`ServeOptions::query_timeout`].
//! - Writes (`POST /api/documents`) need the bearer token. The body is read whole (bounded by
//!   [`ServeOptions::body_limit`] and [`ServeOptions::read_timeout`]) and coded before the
//!   single writer is taken, so a slow client never holds the store.
//! - An in-memory index of every event's key columns answers filtered event lists,
//!   timelines, dyads and places in milliseconds on a million events, and JSON answers are
//!   kept until the store changes ([`ServeOptions::memory_index`], [`ServeOptions::cache`]).
//! - The dashboard (`/`, `/assets/...`) is embedded in the binary ([`assets`]).
//!
//! The API is described in `docs/api.md` and by the OpenAPI document at `/api/openapi.json`.
#![warn(missing_docs)]

mod api;
pub mod assets;
mod counts;
mod memindex;
mod params;

use dyad_store::{Store, StoreOptions};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What `dyad serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The event store to serve (created when missing).
    pub db: PathBuf,
    /// Where to listen (port 0: any free port).
    pub addr: SocketAddr,
    /// A file holding the bearer token for writes (and for reads when they are closed).
    /// Without one, the token is read from `<db>.token`, created with mode 0600 at first start.
    pub token_file: Option<PathBuf>,
    /// Whether reads need the token too. `None`: open when listening on a loopback address,
    /// closed otherwise.
    pub close_reads: Option<bool>,
    /// The largest request body accepted, in bytes (413 beyond).
    pub body_limit: usize,
    /// How long a client may take to send its whole request body (408 beyond).
    pub read_timeout: Duration,
    /// How long one read query may run before it is interrupted (503).
    pub query_timeout: Duration,
    /// Read queries run at the same time (the others wait their turn).
    pub readers: usize,
    /// Keep an in-memory index of event keys for `/api/events` and `/api/timeline` (about 48
    /// bytes an event; see `docs/api.md`). Off: every query goes to SQLite.
    pub memory_index: bool,
    /// Keep the answers of the read endpoints until the store changes (see `docs/api.md`).
    pub cache: bool,
    /// Which records the documents posted to `/api/documents` get (the defaults of `dyad
    /// code`; use those the store was ingested with).
    pub records: dyad_pipeline::CodeOptions,
}

impl ServeOptions {
    /// The defaults for serving `db` on `addr`: generated token, reads open on loopback, 8 MiB
    /// bodies read within 30 s, queries interrupted after 10 s, four readers.
    pub fn new(db: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        ServeOptions {
            db: db.into(),
            addr,
            token_file: None,
            close_reads: None,
            body_limit: 8 << 20,
            read_timeout: Duration::from_secs(30),
            query_timeout: Duration::from_secs(10),
            readers: 4,
            memory_index: true,
            cache: true,
            records: dyad_pipeline::CodeOptions::default(),
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Listening or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] dyad_store::Error),
    /// The token file is unreadable, empty or malformed.
    #[error("{path}: {message}")]
    Token {
        /// The token file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Where the token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// Read from this file (`--token-file`, or `<db>.token` from an earlier start).
    File(PathBuf),
    /// Generated at this start and written to this file (mode 0600).
    Generated(PathBuf),
}

/// A server running on a thread of its own; dropping it stops the server.
pub struct Running {
    /// The address it listens on (the real port when port 0 was asked for).
    pub addr: SocketAddr,
    /// The bearer token writes need.
    pub token: String,
    /// Where the token came from.
    pub token_source: TokenSource,
    /// Whether reads need the token.
    pub reads_closed: bool,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), Error>>>,
}

impl Running {
    /// Stops accepting connections, lets the requests in flight finish, commits and closes
    /// the store.
    pub fn stop(mut self) -> Result<(), Error> {
        self.stop_inner()
    }

    /// Waits until the server stops (on Ctrl-C when started by [`run`]).
    pub fn wait(mut self) -> Result<(), Error> {
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(Error::Io(std::io::Error::other("the server panicked")))),
            None => Ok(()),
        }
    }

    fn stop_inner(&mut self) -> Result<(), Error> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(Error::Io(std::io::Error::other("the server panicked")))),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

/// Serves until interrupted (Ctrl-C or SIGTERM), printing where it listens and, at the first
/// start, the generated token.
pub fn run(options: ServeOptions) -> Result<(), Error> {
    let running = launch(options, true)?;
    if let TokenSource::Generated(path) = &running.token_source {
        eprintln!(
            "dyad serve: generated a write token, stored in {} (mode 0600):\n{}",
            path.display(),
            running.token
        );
    }
    eprintln!(
        "dyad serve: http://{} (reads {}; writes need the bearer token; Ctrl-C stops)",
        running.addr,
        if running.reads_closed {
            "need the token"
        } else {
            "open"
        }
    );
    running.wait()
}

/// Starts the server on a thread of its own and returns once it listens. It stops when the
/// returned [`Running`] is stopped or dropped.
pub fn start(options: ServeOptions) -> Result<Running, Error> {
    launch(options, false)
}

fn launch(options: ServeOptions, ctrl_c: bool) -> Result<Running, Error> {
    let (token, token_source) = load_token(&options)?;
    // The writable open creates or upgrades the store before any reader opens it.
    let writer = Store::open(
        &options.db,
        StoreOptions {
            keep_text: true,
            ..StoreOptions::default()
        },
    )?;
    // The one full count: from here on the figures are kept up to date as rows are added.
    let counts = counts::Counter::new(&writer)?;
    let reads_closed = options
        .close_reads
        .unwrap_or(!options.addr.ip().is_loopback());
    let readers = options.readers.max(1);
    let state = Arc::new(api::State {
        db: options.db.clone(),
        pool: Mutex::new(Vec::new()),
        read_permits: tokio::sync::Semaphore::new(readers),
        pool_size: readers,
        code_permits: tokio::sync::Semaphore::new(1),
        writer: Arc::new(Mutex::new(writer)),
        counts,
        token: token.clone(),
        reads_closed,
        body_limit: options.body_limit,
        read_timeout: options.read_timeout,
        query_timeout: options.query_timeout,
        records: options.records,
        mem: std::sync::RwLock::new(None),
        replaced: std::sync::atomic::AtomicU64::new(0),
        rebuilt_for: std::sync::atomic::AtomicU64::new(0),
        use_mem: options.memory_index,
        generation: std::sync::atomic::AtomicU64::new(0),
        data_version: std::sync::atomic::AtomicI64::new(0),
        counts_stale: std::sync::atomic::AtomicBool::new(false),
        cache: options
            .cache
            .then(|| std::sync::Mutex::new(std::collections::HashMap::new())),
        flights: options
            .cache
            .then(|| std::sync::Mutex::new(std::collections::HashMap::new())),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("dyad-serve")
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(options.addr))?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("dyad-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                tokio::spawn(api::maintain_index(state.clone()));
                let app = api::router(state);
                let shutdown = async move {
                    if ctrl_c {
                        tokio::select! {
                            _ = rx => {}
                            _ = signal() => {}
                        }
                    } else {
                        let _ = rx.await;
                    }
                };
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await
                    .map_err(Error::Io)
            })
        })?;
    Ok(Running {
        addr,
        token,
        token_source,
        reads_closed,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The token file used when none is given: `<db>.token` beside the store.
pub fn default_token_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".token");
    PathBuf::from(name)
}

fn load_token(options: &ServeOptions) -> Result<(String, TokenSource), Error> {
    let (path, given) = match &options.token_file {
        Some(p) => (p.clone(), true),
        None => (default_token_path(&options.db), false),
    };
    let bad = |message: String| Error::Token {
        path: path.display().to_string(),
        message,
    };
    match std::fs::read_to_string(&path) {
        Ok(s) => {
            let token = s.trim().to_string();
            if token.len() < 16 {
                return Err(bad("the token must be at least 16 characters".into()));
            }
            if !token.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(bad(
                    "the token must be printable ASCII without spaces".into()
                ));
            }
            Ok((token, TokenSource::File(path)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !given => {
            let token = random_token().map_err(|e| bad(format!("cannot make a token: {e}")))?;
            write_private(&path, &token).map_err(|e| bad(format!("cannot write: {e}")))?;
            Ok((token, TokenSource::Generated(path)))
        }
        Err(e) => Err(bad(format!("cannot read: {e}"))),
    }
}

/// 32 random bytes from the operating system, as 64 hex digits.
fn random_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Creates `path` (never overwriting) readable by its owner only.
fn write_private(path: &Path, token: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    writeln!(f, "{token}")?;
    f.sync_all()
}

/// Compares two byte strings in time that depends on their lengths only, not on where they
/// first differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn token_path_is_beside_the_store() {
        assert_eq!(
            default_token_path(Path::new("/x/events.db")),
            PathBuf::from("/x/events.db.token")
        );
    }
}
