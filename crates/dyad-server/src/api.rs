//! The routes: the JSON API under `/api/`, the dashboard's files elsewhere.

use crate::counts::Counter;
use crate::memindex::MemIndex;
use crate::params::{encode_cursor, Params};
use crate::{assets, constant_time_eq};
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State as AxState};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dyad_core::Document;
use dyad_store::format::csv_line;
use dyad_store::query::{self, EventRow};
use dyad_store::{Ingested, Store};
use http_body_util::BodyExt;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

/// The OpenAPI 3.1 description of this API, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// What every request shares.
pub struct State {
    pub db: PathBuf,
    /// Idle read-only connections.
    pub pool: Mutex<Vec<Store>>,
    /// One permit per reader: queries beyond wait here, not on the CPU.
    pub read_permits: tokio::sync::Semaphore,
    pub pool_size: usize,
    /// Coding is CPU-bound: one request codes at a time, leaving the other core to reads.
    pub code_permits: tokio::sync::Semaphore,
    /// The one writable store.
    pub writer: Arc<Mutex<Store>>,
    /// The store's counts for `/api/health`, kept current without counting rows.
    pub counts: Counter,
    pub token: String,
    pub reads_closed: bool,
    pub body_limit: usize,
    pub read_timeout: Duration,
    pub query_timeout: Duration,
    /// Which records posted documents get.
    pub records: dyad_pipeline::CodeOptions,
    /// The in-memory index of event keys; `None` until built (SQLite answers meanwhile).
    pub mem: RwLock<Option<MemIndex>>,
    /// Replacements written so far: a replacement may delete events, so the index is rebuilt
    /// from scratch, and until then it is not used (SQLite answers).
    pub replaced: AtomicU64,
    /// The value of `replaced` the index was last rebuilt for.
    pub rebuilt_for: AtomicU64,
    /// Whether to build and use the in-memory index.
    pub use_mem: bool,
    /// Bumped by every change to the store this server sees: cached answers of an older
    /// generation are stale.
    pub generation: AtomicU64,
    /// The last `PRAGMA data_version` the index maintainer saw.
    pub data_version: std::sync::atomic::AtomicI64,
    /// The store changed since `counts` were last brought up to date by the maintainer (kept
    /// set until a count succeeds).
    pub counts_stale: std::sync::atomic::AtomicBool,
    /// Answers of the read endpoints by request (path and query) with their generation; `None`
    /// when caching is off.
    pub cache: Option<Mutex<Cache>>,
    /// One lock per request being answered, for [`in_flight`].
    pub flights: Option<Mutex<Flights>>,
}

/// Answers by request, with the generation they were computed in.
pub type Cache = HashMap<String, (u64, Arc<str>)>;

/// The lock of each request being answered.
pub type Flights = HashMap<String, Arc<tokio::sync::Mutex<()>>>;

/// Cached answers kept at most; the cache is emptied when full (answers are small and hot
/// ones come back at once).
const CACHE_ENTRIES: usize = 512;

fn cache_key(uri: &Uri) -> String {
    format!("{}?{}", uri.path(), uri.query().unwrap_or(""))
}

/// The cached answer to this request, when it is of the current generation.
fn cached(state: &State, key: &str) -> Option<Response> {
    let cache = state.cache.as_ref()?;
    let generation = state.generation.load(Ordering::SeqCst);
    let hit = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(key)
        .filter(|(g, _)| *g == generation)
        .map(|(_, body)| body.clone())?;
    Some(json_response(hit))
}

fn json_response(body: Arc<str>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.to_string(),
    )
        .into_response()
}

/// Answers with `value`, keeping it for later requests of generation `generation` (read
/// before the answer was computed, so an answer that raced a write is never kept as new).
fn answer(state: &State, key: String, generation: u64, value: Value) -> Answer {
    let body: Arc<str> = serde_json::to_string(&value)
        .map_err(|e| ApiError::internal(e.to_string()))?
        .into();
    if let Some(cache) = &state.cache {
        let mut c = cache.lock().unwrap_or_else(PoisonError::into_inner);
        if c.len() >= CACHE_ENTRIES {
            c.clear();
        }
        c.insert(key, (generation, body.clone()));
    }
    Ok(json_response(body))
}

/// Waits until no other request is computing the answer to `key`, and holds the right to
/// compute it: when a write makes every cached answer stale, fifty clients asking the same
/// thing compute it once, not fifty times. `None` when caching is off.
async fn in_flight(state: &State, key: &str) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    let flights = state.flights.as_ref()?;
    let lock = {
        let mut f = flights.lock().unwrap_or_else(PoisonError::into_inner);
        if f.len() >= 4 * CACHE_ENTRIES {
            // Locks held now stay valid through their Arcs; only the table is forgotten.
            f.clear();
        }
        f.entry(key.to_string()).or_default().clone()
    };
    Some(lock.lock_owned().await)
}

/// A request the cache could not answer: its key, the generation its answer is computed in,
/// and the in-flight lock that makes identical requests arriving meanwhile wait for it (held
/// until the handler returns).
struct Miss {
    key: String,
    generation: u64,
    _flight: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Miss {
    /// A request answered without the cache.
    fn uncached(state: &State, uri: &Uri) -> Miss {
        Miss {
            key: cache_key(uri),
            generation: state.generation.load(Ordering::SeqCst),
            _flight: None,
        }
    }
}

/// What the cache says of a request.
enum Lookup {
    /// The current answer.
    Hit(Response),
    /// None yet: compute it.
    Miss(Miss),
}

/// The cached answer to `uri`, or the miss to compute. Looks again after taking the in-flight
/// lock, to catch an answer computed by the request it waited for.
async fn lookup(state: &State, uri: &Uri) -> Lookup {
    let key = cache_key(uri);
    if let Some(hit) = cached(state, &key) {
        return Lookup::Hit(hit);
    }
    let flight = in_flight(state, &key).await;
    if let Some(hit) = cached(state, &key) {
        return Lookup::Hit(hit);
    }
    Lookup::Miss(Miss {
        key,
        generation: state.generation.load(Ordering::SeqCst),
        _flight: flight,
    })
}

/// Marks every cached answer stale.
fn bump(state: &State) {
    state.generation.fetch_add(1, Ordering::SeqCst);
}

/// Whether the index may answer: built, and rebuilt since the last replacement.
fn mem_current(state: &State) -> bool {
    state.rebuilt_for.load(Ordering::SeqCst) == state.replaced.load(Ordering::SeqCst)
}

/// Runs `f` on the index when it may answer `q`; `None` sends the query to SQLite.
fn with_index<T>(
    state: &State,
    q: &query::EventQuery,
    f: impl FnOnce(&MemIndex) -> T,
) -> Option<T> {
    if !MemIndex::supports(q) || !mem_current(state) {
        return None;
    }
    state
        .mem
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .map(f)
}

/// Adds the events above the index's highest to it (when it is built).
fn refresh_index(state: &State, store: &Store) -> dyad_store::Result<()> {
    let after = match state
        .mem
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
    {
        Some(ix) => ix.max_event,
        None => return Ok(()),
    };
    let mut batch = Vec::new();
    query::for_each_event_key(store, after, |k| batch.push(k))?;
    if !batch.is_empty() {
        bump(state);
        if let Some(ix) = state
            .mem
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            ix.add(batch);
        }
    }
    Ok(())
}

/// Builds the index from scratch and swaps it in.
fn rebuild_index(state: &State, store: &Store) -> dyad_store::Result<()> {
    let target = state.replaced.load(Ordering::SeqCst);
    let mut ix = MemIndex::default();
    query::for_each_event_key(store, 0, |k| ix.push_unsorted(k))?;
    ix.finish();
    *state.mem.write().unwrap_or_else(PoisonError::into_inner) = Some(ix);
    // Events written while the index was being built are picked up here.
    refresh_index(state, store)?;
    // Usable again, unless another replacement came meanwhile (then the next round rebuilds).
    state.rebuilt_for.store(target, Ordering::SeqCst);
    bump(state);
    Ok(())
}

/// Keeps the index current: built at start, then every second the events another process
/// may have added, or a rebuild after a replacement; and marks cached answers stale when
/// another process wrote to the store.
pub async fn maintain_index(state: Arc<State>) {
    let db = state.db.clone();
    let Ok(Ok(store)) = tokio::task::spawn_blocking(move || Store::open_read_only(db)).await else {
        eprintln!(
            "dyad serve: cannot open the store for the in-memory index; SQLite answers alone"
        );
        return;
    };
    let store = Arc::new(Mutex::new(store));
    let mut first = true;
    loop {
        if !first {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let (st, store) = (state.clone(), store.clone());
        let build = first || !mem_current(&state);
        first = false;
        let done = tokio::task::spawn_blocking(move || {
            let store = store.lock().unwrap_or_else(PoisonError::into_inner);
            // Another process's commit (which may only change counts) changes the data
            // version this connection sees.
            if let Ok(v) = store
                .connection()
                .query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0))
            {
                let previous = st.data_version.swap(v, Ordering::SeqCst);
                if previous != v {
                    bump(&st);
                    st.counts_stale.store(true, Ordering::SeqCst);
                }
            }
            // New rows are counted every time the store changed; the exact recount (which
            // also sees events deleted by another process's replacements) only now and then.
            if st.counts_stale.load(Ordering::SeqCst) {
                let counted = if st.counts.recount_due() {
                    st.counts.recount(&store)
                } else {
                    st.counts.catch_up(&store)
                };
                match counted {
                    Ok(()) => st.counts_stale.store(false, Ordering::SeqCst),
                    Err(e) => eprintln!("dyad serve: counting the store: {e}"),
                }
            }
            if !st.use_mem {
                Ok(())
            } else if build {
                rebuild_index(&st, &store)
            } else {
                refresh_index(&st, &store)
            }
        })
        .await;
        if let Ok(Err(e)) = done {
            eprintln!("dyad serve: in-memory index: {e}");
        }
    }
}

/// An error answer: `{"error":{"code","message","parameter"?}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub parameter: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            parameter: None,
        }
    }

    /// A bad query parameter, named in the message and in `parameter`.
    pub fn bad(parameter: &str, message: &str) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: format!("parameter `{parameter}`: {message}"),
            parameter: Some(parameter.to_string()),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    fn internal(message: impl Into<String>) -> ApiError {
        let message = message.into();
        eprintln!("dyad serve: internal error: {message}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({"code": self.code, "message": self.message});
        if let (Some(p), Some(obj)) = (self.parameter, error.as_object_mut()) {
            obj.insert("parameter".into(), p.into());
        }
        let mut r = (self.status, Json(json!({ "error": error }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

impl From<dyad_store::Error> for ApiError {
    fn from(e: dyad_store::Error) -> Self {
        ApiError::internal(e.to_string())
    }
}

type Answer = Result<Response, ApiError>;

/// Every route, with the security headers.
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/timeline", get(timeline))
        .route("/api/dyads", get(dyads))
        .route("/api/places", get(places))
        .route("/api/documents", axum::routing::post(post_documents))
        .route("/api/documents/{*id}", get(document))
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::map_response(headers))
        .with_state(state)
}

/// `nosniff` everywhere; API answers are never cached (they change with every write).
async fn headers(uri: Uri, mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if uri.path().starts_with("/api/") {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed on {}", uri.path()),
    )
}

/// The dashboard's files; anything else is a JSON 404.
async fn fallback(method: Method, uri: Uri) -> Answer {
    let path = uri.path();
    if (method == Method::GET || method == Method::HEAD) && !path.starts_with("/api/") {
        if let Some(r) = asset(path.trim_start_matches('/')) {
            return Ok(r);
        }
    }
    Err(ApiError::not_found(format!("no such resource: {path}")))
}

fn asset(path: &str) -> Option<Response> {
    let a = assets::get(path)?;
    let mut r = Response::new(Body::from(a.bytes));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(a.mime));
    if a.mime.starts_with("text/html") {
        // No script but the bundled files: an article's text can never run as code.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; object-src 'none'; base-uri 'none'; \
                 frame-ancestors 'none'; form-action 'self'",
            ),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    } else {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
    }
    Some(r)
}

/// Whether the request carries the token.
fn has_token(state: &State, headers: &HeaderMap) -> bool {
    let Some(v) = headers.get(header::AUTHORIZATION) else {
        return false;
    };
    let v = v.as_bytes();
    let prefix = b"Bearer ";
    if v.len() < prefix.len() || !v[..prefix.len()].eq_ignore_ascii_case(prefix) {
        return false;
    }
    constant_time_eq(v[prefix.len()..].trim_ascii(), state.token.as_bytes())
}

fn authorize(state: &State, headers: &HeaderMap) -> Result<(), ApiError> {
    if has_token(state, headers) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this needs the header `Authorization: Bearer <token>` (the token `dyad serve` \
             printed at its first start, or the one in --token-file)",
        ))
    }
}

fn authorize_read(state: &State, headers: &HeaderMap) -> Result<(), ApiError> {
    if state.reads_closed {
        authorize(state, headers)
    } else {
        Ok(())
    }
}

/// The query string's pairs; a string that cannot be decoded is a 400.
fn pairs(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))
}

/// Runs `f` on a pooled read-only connection on a blocking thread, interrupting it after the
/// query timeout.
async fn read<T, F>(state: &Arc<State>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
{
    let _permit = state
        .read_permits
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is stopping"))?;
    let pooled = state
        .pool
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop();
    let store = match pooled {
        Some(s) => s,
        // The pool is filled on first use; a connection lost to a failed task is replaced.
        None => {
            let db = state.db.clone();
            tokio::task::spawn_blocking(move || Store::open_read_only(db))
                .await
                .map_err(|e| ApiError::internal(e.to_string()))??
        }
    };
    let interrupt = store.connection().get_interrupt_handle();
    let mut task = tokio::task::spawn_blocking(move || {
        let out = f(&store);
        (store, out)
    });
    let mut timed_out = false;
    let joined = match tokio::time::timeout(state.query_timeout, &mut task).await {
        Ok(j) => j,
        Err(_) => {
            timed_out = true;
            interrupt.interrupt();
            task.await
        }
    };
    let (store, out) = joined.map_err(|e| ApiError::internal(e.to_string()))?;
    {
        let mut pool = state.pool.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len() < state.pool_size {
            pool.push(store);
        }
    }
    match out {
        Err(_) if timed_out => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the query ran longer than {} s and was stopped; narrow the filters",
                state.query_timeout.as_secs_f64()
            ),
        )),
        other => other,
    }
}

async fn health(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    Params::new(pairs(q)?, &[], false)?;
    let version = env!("CARGO_PKG_VERSION");
    if st.reads_closed && !has_token(&st, &headers) {
        return Ok(Json(json!({"status": "ok", "version": version})).into_response());
    }
    // Kept in memory (see `counts.rs`): a health check never queries the store, so it
    // answers at once however large the store and however busy the readers.
    let counts = st.counts.get();
    let indexed = st
        .mem
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .map(MemIndex::len);
    Ok(Json(json!({
        "status": "ok",
        "version": version,
        "schema_version": counts.schema_version,
        "documents": counts.documents,
        "events": counts.events,
        "memory_index": indexed,
    }))
    .into_response())
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

async fn events(
    AxState(st): AxState<Arc<State>>,
    uri: Uri,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    authorize_read(&st, &headers)?;
    let p = Params::new(pairs(q)?, &["limit", "cursor", "format"], true)?;
    let filters = p.filters()?;
    let limit = p.int("limit", 100, 1, 1000)? as usize;
    let cursor = p.cursor()?;
    let csv = p.choice("format", &["json", "csv"], "json")? == "csv";
    // CSV answers are not cached (they carry their cursor in a header).
    let miss = match csv {
        true => Miss::uncached(&st, &uri),
        false => match lookup(&st, &uri).await {
            Lookup::Hit(hit) => return Ok(hit),
            Lookup::Miss(miss) => miss,
        },
    };
    let state = st.clone();
    let (rows, next) = read(&st, move |s| {
        {
            let page = with_index(&state, &filters, |ix| {
                ix.page(&filters, cursor.as_ref(), limit)
            });
            if let Some((ids, more)) = page {
                let rows = query::events_by_id(s, &ids)?;
                let next = match rows.last() {
                    Some(r) if more => Some(query::Cursor {
                        date: r.date.clone().unwrap_or_default(),
                        event: r.id,
                    }),
                    _ => None,
                };
                return Ok((rows, next));
            }
        }
        Ok(query::events(s, &filters, cursor.as_ref(), limit)?)
    })
    .await?;
    let next = next.as_ref().map(encode_cursor);
    if csv {
        let mut out = csv_line(
            &CSV_COLUMNS
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        );
        for r in &rows {
            out.push_str(&csv_line(&csv_row(r)));
        }
        let mut resp = (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            )],
            out,
        )
            .into_response();
        if let Some(n) = next.and_then(|n| HeaderValue::from_str(&n).ok()) {
            resp.headers_mut().insert("x-next-cursor", n);
        }
        return Ok(resp);
    }
    answer(
        &st,
        miss.key,
        miss.generation,
        json!({"events": rows, "next_cursor": next}),
    )
}

/// The columns of `format=csv`.
const CSV_COLUMNS: [&str; 25] = [
    "id",
    "date",
    "source_code",
    "source_country",
    "source_text",
    "target_code",
    "target_country",
    "target_text",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "negated",
    "place_name",
    "place_country",
    "place_lat",
    "place_lon",
    "evidence",
    "num_mentions",
    "num_sources",
    "num_articles",
    "doc_id",
    "rule",
];

fn csv_row(r: &EventRow) -> Vec<String> {
    let s = |v: Option<&str>| v.unwrap_or("").to_string();
    let t = r.target.as_ref();
    let p = r.place.as_ref();
    vec![
        r.id.to_string(),
        s(r.date.as_deref()),
        r.source.code.clone(),
        s(r.source.country.as_deref()),
        r.source.text.clone(),
        s(t.map(|t| t.code.as_str())),
        s(t.and_then(|t| t.country.as_deref())),
        s(t.map(|t| t.text.as_str())),
        r.cameo.clone(),
        r.cameo_root.clone(),
        r.quad_class.to_string(),
        r.goldstein.to_string(),
        r.plover.kind.clone(),
        s(r.plover.mode.as_deref()),
        r.negated.to_string(),
        s(p.map(|p| p.name.as_str())),
        s(p.map(|p| p.country.as_str())),
        p.map(|p| p.lat.to_string()).unwrap_or_default(),
        p.map(|p| p.lon.to_string()).unwrap_or_default(),
        r.evidence.clone(),
        r.num_mentions.to_string(),
        r.num_sources.to_string(),
        r.num_articles.to_string(),
        r.doc_id.clone(),
        r.rule.clone(),
    ]
}

async fn event(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Answer {
    authorize_read(&st, &headers)?;
    let Path(id) = id.map_err(|e| ApiError::bad("id", &e.body_text()))?;
    let id: i64 = id
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad("id", "expected an event number (a positive integer)"))?;
    match read(&st, move |s| Ok(query::event(s, id)?)).await? {
        Some((event, mentions)) => {
            Ok(Json(json!({"event": event, "mentions": mentions})).into_response())
        }
        None => Err(ApiError::not_found(format!("no event {id}"))),
    }
}

async fn timeline(
    AxState(st): AxState<Arc<State>>,
    uri: Uri,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    authorize_read(&st, &headers)?;
    let p = Params::new(pairs(q)?, &["by"], true)?;
    let filters = p.filters()?;
    let by = p.period()?;
    let label = p.choice("by", &["day", "week", "month"], "month")?;
    let miss = match lookup(&st, &uri).await {
        Lookup::Hit(hit) => return Ok(hit),
        Lookup::Miss(miss) => miss,
    };
    let state = st.clone();
    let periods = read(&st, move |s| {
        if let Some(t) = with_index(&state, &filters, |ix| ix.timeline(&filters, by)) {
            return Ok(t);
        }
        Ok(query::timeline(s, &filters, by)?)
    })
    .await?;
    answer(
        &st,
        miss.key,
        miss.generation,
        json!({"by": label, "periods": periods}),
    )
}

async fn dyads(
    AxState(st): AxState<Arc<State>>,
    uri: Uri,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    authorize_read(&st, &headers)?;
    let p = Params::new(pairs(q)?, &["limit"], true)?;
    let filters = p.filters()?;
    let limit = p.int("limit", 20, 1, 1000)? as usize;
    let miss = match lookup(&st, &uri).await {
        Lookup::Hit(hit) => return Ok(hit),
        Lookup::Miss(miss) => miss,
    };
    let state = st.clone();
    let rows = read(&st, move |s| {
        if let Some(d) = with_index(&state, &filters, |ix| ix.dyads(&filters, limit)) {
            return Ok(d);
        }
        Ok(query::dyads(s, &filters, limit)?)
    })
    .await?;
    answer(&st, miss.key, miss.generation, json!({ "dyads": rows }))
}

async fn places(
    AxState(st): AxState<Arc<State>>,
    uri: Uri,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Answer {
    authorize_read(&st, &headers)?;
    let p = Params::new(pairs(q)?, &["limit"], true)?;
    let filters = p.filters()?;
    let limit = p.int("limit", 2000, 1, 2000)? as usize;
    let miss = match lookup(&st, &uri).await {
        Lookup::Hit(hit) => return Ok(hit),
        Lookup::Miss(miss) => miss,
    };
    let state = st.clone();
    let rows = read(&st, move |s| {
        {
            let counted = with_index(&state, &filters, |ix| ix.places(&filters, limit));
            if let Some(counted) = counted {
                // Name and position from each place's first event, read by key.
                let firsts: Vec<i64> = counted.iter().map(|c| c.0).collect();
                let rows = query::events_by_id(s, &firsts)?;
                let by_id: std::collections::HashMap<i64, &EventRow> =
                    rows.iter().map(|r| (r.id, r)).collect();
                return Ok(counted
                    .iter()
                    .filter_map(|(first, n, g)| {
                        let p = by_id.get(first)?.place.as_ref()?;
                        Some(query::PlaceCount {
                            name: p.name.clone(),
                            country: p.country.clone(),
                            lat: p.lat,
                            lon: p.lon,
                            events: *n,
                            goldstein_mean: *g,
                        })
                    })
                    .collect());
            }
        }
        Ok(query::places(s, &filters, limit)?)
    })
    .await?;
    answer(&st, miss.key, miss.generation, json!({ "places": rows }))
}

async fn document(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Answer {
    authorize_read(&st, &headers)?;
    let Path(id) = id.map_err(|e| ApiError::bad("id", &e.body_text()))?;
    if id.is_empty() || id.len() > 2048 {
        return Err(ApiError::bad(
            "id",
            "expected a document id (1 to 2048 bytes)",
        ));
    }
    let key = id.clone();
    match read(&st, move |s| Ok(query::document(s, &key)?)).await? {
        Some(view) => Ok(Json(view).into_response()),
        None => Err(ApiError::not_found(format!("no document `{id}`"))),
    }
}

/// `POST /api/documents`: token, then the whole body (bounded in size and time), then the
/// coding, and only then the writer.
async fn post_documents(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    body: Body,
) -> Answer {
    authorize(&st, &headers)?;
    let lines = match headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .as_deref()
    {
        None | Some("application/json") => false,
        Some("application/x-ndjson" | "application/jsonl" | "application/x-jsonlines") => true,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "Content-Type `{other}`: send application/json (one document) or \
                     application/x-ndjson (one document per line)"
                ),
            ))
        }
    };
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body exceeds the limit of {} bytes", st.body_limit),
        )
    };
    // A declared length over the limit is refused before a byte is read.
    if let Some(n) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if n > st.body_limit as u64 {
            return Err(too_large());
        }
    }
    let limited = http_body_util::Limited::new(body, st.body_limit);
    let bytes = match tokio::time::timeout(st.read_timeout, limited.collect()).await {
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                format!(
                    "the body did not arrive within {} s",
                    st.read_timeout.as_secs_f64()
                ),
            ))
        }
        Ok(Err(e))
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            return Err(too_large())
        }
        Ok(Err(e)) => return Err(ApiError::bad_request(format!("cannot read the body: {e}"))),
        Ok(Ok(c)) => c.to_bytes(),
    };
    let docs = parse_documents(&bytes, lines)?;
    let records = st.records;
    let coded = {
        let _permit = st
            .code_permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the server is stopping"))?;
        tokio::task::spawn_blocking(move || {
            let pipeline =
                dyad_pipeline::Pipeline::get().map_err(|e| ApiError::internal(e.to_string()))?;
            let mut docs = docs;
            for d in &mut docs {
                pipeline.process_with(d, records);
            }
            Ok::<_, ApiError>(docs)
        })
        .await
        .map_err(|e| ApiError::internal(format!("coding failed: {e}")))??
    };
    let writer = st.writer.clone();
    let state = st.clone();
    let results = tokio::task::spawn_blocking(move || {
        let mut w = writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = Vec::with_capacity(coded.len());
        for d in &coded {
            match w.ingest(d) {
                Ok(i) => out.push(i),
                Err(e) => {
                    // The documents before this one are whole; keep them.
                    let _ = w.commit();
                    return Err(ApiError::internal(format!(
                        "stored {} of {} documents; `{}` failed: {e}",
                        out.len(),
                        coded.len(),
                        d.id()
                    )));
                }
            }
        }
        // Committed now, so that the next read sees them.
        w.commit()?;
        // Counts of existing events may have changed even when no event is new.
        bump(&state);
        let replaced = out.iter().any(|o| matches!(o, Ingested::Replaced { .. }));
        if replaced {
            // A replacement may have deleted events: the index is rebuilt within a second.
            state.replaced.fetch_add(1, Ordering::SeqCst);
        } else if let Err(e) = refresh_index(&state, &w) {
            eprintln!("dyad serve: in-memory index: {e}");
        }
        // The writer's own rows are counted before the answer, so a client's next health
        // check shows them; a replacement (rare) is recounted in full, since it may have
        // deleted events (30-60 ms on a million events).
        let counted = match replaced {
            true => state.counts.recount(&w),
            false => state.counts.catch_up(&w),
        };
        if let Err(e) = counted {
            state.counts_stale.store(true, Ordering::SeqCst);
            eprintln!("dyad serve: counting the store: {e}");
        }
        Ok((coded, out))
    })
    .await
    .map_err(|e| ApiError::internal(format!("storing failed: {e}")))?;
    let (coded, outcomes) = results?;
    let documents: Vec<Value> = coded
        .iter()
        .zip(outcomes)
        .map(|(d, o)| {
            let status = match o {
                Ingested::New { .. } => "stored",
                Ingested::Replaced { .. } => "replaced",
                Ingested::Skipped => "skipped",
            };
            json!({"id": d.id(), "status": status, "events": d.events})
        })
        .collect();
    Ok(Json(json!({ "documents": documents })).into_response())
}

/// The documents of a body: one JSON object (or an array of them), or one object per line.
/// Each object is read by the same reader as `dyad code`'s JSON Lines, so the fields mean the
/// same; one without `id` gets `api-<hash of the object>`, stable across retries.
fn parse_documents(bytes: &[u8], lines: bool) -> Result<Vec<Document>, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ApiError::bad_request(format!("the body is not UTF-8: {e}")))?;
    let mut objects: Vec<(String, Map<String, Value>)> = Vec::new();
    let object = |v: Value, at: String| match v {
        Value::Object(o) => Ok((at, o)),
        _ => Err(ApiError::bad_request(format!(
            "{at}: expected a JSON object with at least `text`"
        ))),
    };
    if lines {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("line {}", i + 1);
            let v: Value = serde_json::from_str(line)
                .map_err(|e| ApiError::bad_request(format!("{at}: malformed JSON: {e}")))?;
            objects.push(object(v, at)?);
        }
    } else {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
        match v {
            Value::Array(items) => {
                for (i, v) in items.into_iter().enumerate() {
                    objects.push(object(v, format!("document {}", i + 1))?);
                }
            }
            v => objects.push(object(v, "the body".to_string())?),
        }
    }
    if objects.is_empty() {
        return Err(ApiError::bad_request("no documents in the body"));
    }
    let opts = dyad_text::ReadOptions::default();
    let mut docs = Vec::with_capacity(objects.len());
    for (at, mut o) in objects {
        let has_id = o.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("id") && v.as_str().is_some_and(|s| !s.trim().is_empty())
        });
        let line = serde_json::to_string(&o).map_err(|e| ApiError::internal(e.to_string()))?;
        if !has_id {
            o.retain(|k, _| !k.eq_ignore_ascii_case("id"));
            o.insert(
                "id".into(),
                format!("api-{:016x}", dyad_core::fnv1a(line.as_bytes())).into(),
            );
        }
        let line = serde_json::to_string(&o).map_err(|e| ApiError::internal(e.to_string()))?;
        let mut read =
            dyad_text::read_bytes(line.as_bytes(), "api", dyad_text::Format::Jsonl, &opts);
        match read.pop() {
            Some(Ok(mut d)) if read.is_empty() => {
                d.meta.origin = Some("POST /api/documents".to_string());
                docs.push(d);
            }
            Some(Err(e)) => return Err(ApiError::bad_request(format!("{at}: {}", e.kind))),
            _ => return Err(ApiError::bad_request(format!("{at}: not one document"))),
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_documents() {
        let one = br#"{"text": "Japan urged China to talk.", "date": "2024-05-01", "title": "T"}"#;
        let d = parse_documents(one, false).unwrap();
        assert_eq!(d.len(), 1);
        assert!(d[0].id().starts_with("api-"));
        assert_eq!(d[0].meta.title.as_deref(), Some("T"));
        // The same object gets the same id: a retry is skipped, not stored twice.
        assert_eq!(parse_documents(one, false).unwrap()[0].id(), d[0].id());
        let batch = b"{\"id\":\"a\",\"text\":\"x y\"}\n\n{\"id\":\"b\",\"text\":\"z\"}\n";
        let d = parse_documents(batch, true).unwrap();
        assert_eq!(d.iter().map(|d| d.id()).collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn bad_bodies_are_refused_with_where() {
        for (body, lines, want) in [
            (&b"{"[..], false, "malformed JSON"),
            (b"[1]", false, "document 1"),
            (b"{\"title\":\"no text\"}", false, "no text"),
            (b"{\"text\":\"a\"}\n{oops", true, "line 2"),
            (b"\xff", false, "UTF-8"),
            (b"  ", true, "no documents"),
            (
                b"{\"text\":\"a\",\"date\":\"2024-02-30\"}",
                false,
                "bad date",
            ),
        ] {
            let e = parse_documents(body, lines).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST);
            assert!(e.message.contains(want), "{want}: {}", e.message);
        }
    }

    #[test]
    fn openapi_is_json_and_lists_every_route() {
        let v: Value = serde_json::from_str(OPENAPI).unwrap();
        assert_eq!(v["openapi"], "3.1.0");
        for path in [
            "/api/health",
            "/api/events",
            "/api/events/{id}",
            "/api/timeline",
            "/api/dyads",
            "/api/places",
            "/api/documents",
            "/api/documents/{id}",
            "/api/openapi.json",
        ] {
            assert!(v["paths"].get(path).is_some(), "{path} missing");
        }
    }
}
