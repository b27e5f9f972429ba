//! The one place where dyad's errors become Python exceptions.

use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::PyErr;

pyo3::create_exception!(
    dyad,
    DyadError,
    PyException,
    "dyad could not do what was asked: the pipeline did not load, or an output could not be built."
);

/// Why a call into dyad failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The pipeline could not be loaded (a broken build or a bad `DYAD_MODELS`).
    #[error(transparent)]
    Load(#[from] dyad_pipeline::Error),
    /// An argument has the right type but a value dyad refuses (a bad date, an oversized text).
    #[error("{0}")]
    Value(String),
    /// An argument, or a column of a record batch, has the wrong type.
    #[error("{0}")]
    Type(String),
    /// The events could not be turned into an Arrow record batch.
    #[error("cannot build the event record batch: {0}")]
    Store(#[from] dyad_store::Error),
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        let msg = e.to_string();
        match e {
            Error::Value(_) => PyValueError::new_err(msg),
            Error::Type(_) => PyTypeError::new_err(msg),
            Error::Load(_) | Error::Store(_) => DyadError::new_err(msg),
        }
    }
}

/// Results of this crate's functions.
pub type Result<T> = std::result::Result<T, Error>;
