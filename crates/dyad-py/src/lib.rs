//! Python bindings of dyad: the native module `dyad._dyad` of the `dyad` Python package
//! (`crates/dyad-py/python/dyad/` holds the pure-Python part, the type stubs and the Spark job).
//!
//! The binding is thin: [`Pipeline`] wraps the process-wide [`dyad_pipeline::Pipeline`] and a
//! rayon thread pool; events become Python dicts through the same serde serialisation as
//! `dyad code`'s JSON Lines, annotated documents through the same builder as `dyad annotate`,
//! and Arrow batches cross through the Arrow C data interface (`arrow-pyarrow`) with the schema
//! of [`dyad_store::parquet::arrow_schema`]. Errors become Python exceptions in one place,
//! [`error`].
#![warn(missing_docs)]

pub mod error;
mod input;

use arrow_array::RecordBatch;
use arrow_pyarrow::PyArrowType;
use dyad_core::{Document, Event};
use error::{DyadError, Error, Result};
use input::Fields;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use rayon::prelude::*;

/// Largest text accepted by default, in bytes: the `dyad` command's default `--max-mib 16`.
const DEFAULT_MAX_BYTES: usize = 16 << 20;

/// A date argument: a `str` the input readers accept, or anything with `isoformat()`
/// (`datetime.date`, `datetime.datetime`).
fn date_arg(date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<chrono::NaiveDate>> {
    let Some(d) = date.filter(|d| !d.is_none()) else {
        return Ok(None);
    };
    let text: String = if let Ok(s) = d.cast::<PyString>() {
        s.to_str()?.to_string()
    } else if d.hasattr("isoformat")? {
        d.call_method0("isoformat")?.extract()?
    } else {
        let name = d.get_type().name()?;
        return Err(
            Error::Type(format!("date must be a str or a datetime.date, not {name}")).into(),
        );
    };
    // A blank date is no date, as in the input readers (and in `code_arrow`'s date column).
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(input::parse_date(&text)?))
}

/// An optional string argument or dict value: `None` stays `None`, anything else must be `str`.
fn opt_str(value: Option<Bound<'_, PyAny>>, what: &str) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_str()?.to_string())),
            Err(_) => {
                let name = v.get_type().name()?;
                Err(Error::Type(format!("{what} must be a str, not {name}")).into())
            }
        },
    }
}

/// Parses JSON made by serde from dyad's own types into Python objects (dicts keep the field
/// order of the JSON Lines records).
fn json_to_py<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// The events of documents as one JSON array of arrays.
fn events_json(events: &[Vec<Event>]) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string(events).unwrap_or_else(|_| "[]".to_string())
}

/// dyad's pipeline, loaded once per process, with a pool of worker threads.
///
/// `Pipeline(threads=None, max_bytes=16 MiB, targetless=False, hypothetical=False,
/// dyadic=False)`: `targetless`, `hypothetical` and `dyadic` choose the records as the `dyad
/// code` options of the same names do; `threads` is the number of worker threads
/// of `code_batch` and `code_arrow` (default: every core); texts longer than `max_bytes`
/// bytes (UTF-8) are refused with `ValueError`.
#[pyclass(name = "Pipeline", module = "dyad._dyad", frozen)]
pub struct Pipeline {
    inner: &'static dyad_pipeline::Pipeline,
    pool: rayon::ThreadPool,
    max_bytes: usize,
    options: dyad_pipeline::CodeOptions,
}

impl Pipeline {
    /// One document from a text and its keyword arguments.
    fn one_document(
        &self,
        text: String,
        date: Option<&Bound<'_, PyAny>>,
        doc_id: Option<String>,
    ) -> PyResult<Document> {
        let fields = Fields {
            id: doc_id,
            text: Some(text),
            date: date_arg(date)?,
            ..Fields::default()
        };
        Ok(input::document(
            fields,
            || "doc".to_string(),
            self.max_bytes,
        )?)
    }

    /// Runs the pipeline over documents on the pool, without the GIL.
    fn process_all(&self, py: Python<'_>, docs: Vec<Document>) -> Vec<Vec<Event>> {
        let (p, options) = (self.inner, self.options);
        py.detach(|| {
            self.pool.install(|| {
                docs.into_par_iter()
                    .map(|mut d| {
                        p.process_with(&mut d, options);
                        d.events
                    })
                    .collect()
            })
        })
    }
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (
        threads=None,
        max_bytes=DEFAULT_MAX_BYTES,
        targetless=false,
        hypothetical=false,
        dyadic=false
    ))]
    fn new(
        threads: Option<usize>,
        max_bytes: usize,
        targetless: bool,
        hypothetical: bool,
        dyadic: bool,
    ) -> PyResult<Self> {
        if threads == Some(0) {
            return Err(Error::Value("threads must be at least 1".to_string()).into());
        }
        let inner = dyad_pipeline::Pipeline::get().map_err(Error::from)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.unwrap_or(0))
            .thread_name(|i| format!("dyad-{i}"))
            .build()
            .map_err(|e| DyadError::new_err(format!("cannot start worker threads: {e}")))?;
        Ok(Pipeline {
            inner,
            pool,
            max_bytes,
            options: dyad_pipeline::CodeOptions {
                targetless,
                hypothetical,
                dyadic,
            },
        })
    }

    /// Number of worker threads.
    #[getter]
    fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Largest text accepted, in bytes.
    #[getter]
    fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// The events of one text, as dicts with the fields of `dyad code`'s JSON Lines records.
    #[pyo3(signature = (text, date=None, doc_id=None))]
    fn code<'py>(
        &self,
        py: Python<'py>,
        text: String,
        date: Option<&Bound<'py, PyAny>>,
        doc_id: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let doc = self.one_document(text, date, doc_id)?;
        let (p, options) = (self.inner, self.options);
        let json = py.detach(move || {
            let mut doc = doc;
            p.process_with(&mut doc, options);
            serde_json::to_string(&doc.events).unwrap_or_else(|_| "[]".to_string())
        });
        json_to_py(py, &json)
    }

    /// Every layer of one text, as the dict `dyad annotate` prints.
    #[pyo3(signature = (text, date=None, doc_id=None))]
    fn annotate<'py>(
        &self,
        py: Python<'py>,
        text: String,
        date: Option<&Bound<'py, PyAny>>,
        doc_id: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let doc = self.one_document(text, date, doc_id)?;
        let (p, options) = (self.inner, self.options);
        let json = py.detach(move || {
            let mut doc = doc;
            p.process_with(&mut doc, options);
            dyad_pipeline::annotation::to_json(&doc)
        });
        json_to_py(py, &json)
    }

    /// The events of many documents, coded in parallel without the GIL: one list of event
    /// dicts per document, in input order. Each document is a `str` or a dict with `text`
    /// and optional `id`, `date`, `title`, `url`, `source`; documents without an id get
    /// `doc:N` (1-based position).
    fn code_batch<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if docs.is_instance_of::<PyString>() {
            return Err(Error::Type(
                "docs must be a list of documents, not a str (use code() for one text)".to_string(),
            )
            .into());
        }
        let mut batch = Vec::new();
        for (i, item) in docs.try_iter()?.enumerate() {
            let item = item?;
            let fields = if let Ok(s) = item.cast::<PyString>() {
                Fields {
                    text: Some(s.to_str()?.to_string()),
                    ..Fields::default()
                }
            } else if let Ok(d) = item.cast::<PyDict>() {
                let text = opt_str(d.get_item("text")?, "text")?
                    .ok_or_else(|| Error::Value(format!("document {} has no \"text\"", i + 1)))?;
                Fields {
                    id: opt_str(d.get_item("id")?, "id")?,
                    text: Some(text),
                    date: date_arg(d.get_item("date")?.as_ref())?,
                    title: opt_str(d.get_item("title")?, "title")?,
                    url: opt_str(d.get_item("url")?, "url")?,
                    source: opt_str(d.get_item("source")?, "source")?,
                }
            } else {
                let name = item.get_type().name()?;
                return Err(Error::Type(format!(
                    "document {} must be a str or a dict, not {name}",
                    i + 1
                ))
                .into());
            };
            batch.push(input::document(
                fields,
                || format!("doc:{}", i + 1),
                self.max_bytes,
            )?);
        }
        let events = self.process_all(py, batch);
        let json = py.detach(|| events_json(&events));
        json_to_py(py, &json)
    }

    /// The events of the articles in a pyarrow RecordBatch (columns `id`, `text`, optional
    /// `date`, `title`, `url`, `source`), as a RecordBatch with the schema of
    /// `event_schema()`. Rows with no text or a date that cannot be read have no events,
    /// or raise `ValueError` when `strict`.
    #[pyo3(signature = (batch, strict=false))]
    fn code_arrow(
        &self,
        py: Python<'_>,
        batch: PyArrowType<RecordBatch>,
        strict: bool,
    ) -> PyResult<PyArrowType<RecordBatch>> {
        let batch = batch.0;
        let max = self.max_bytes;
        let out: Result<RecordBatch> = py.detach(|| {
            let rows = input::batch_documents(&batch, max)?;
            let mut docs = Vec::with_capacity(rows.len());
            for row in rows {
                match row {
                    Ok(d) => docs.push(d),
                    Err(e) if strict => return Err(e),
                    Err(_) => {}
                }
            }
            let (p, options) = (self.inner, self.options);
            let events: Vec<Vec<Event>> = self.pool.install(|| {
                docs.into_par_iter()
                    .map(|mut d| {
                        p.process_with(&mut d, options);
                        d.events
                    })
                    .collect()
            });
            let events: Vec<Event> = events.into_iter().flatten().collect();
            Ok(dyad_store::parquet::events_record_batch(&events)?)
        });
        Ok(PyArrowType(out?))
    }

    fn __repr__(&self) -> String {
        format!(
            "Pipeline(threads={}, max_bytes={})",
            self.pool.current_num_threads(),
            self.max_bytes
        )
    }
}

/// The pyarrow schema of dyad's event Parquet files and of `Pipeline.code_arrow`'s output
/// (the schema `dyad export --format parquet` writes).
#[pyfunction]
fn event_schema() -> PyArrowType<arrow_schema::Schema> {
    PyArrowType(dyad_store::parquet::arrow_schema())
}

/// The native part of the `dyad` package.
#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_function(wrap_pyfunction!(event_schema, m)?)?;
    m.add("DyadError", m.py().get_type::<DyadError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
