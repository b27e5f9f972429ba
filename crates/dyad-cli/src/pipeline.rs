//! The pipeline every command runs a document through: it lives in the `dyad-pipeline` crate,
//! shared with the HTTP server and the Python bindings.

pub use dyad_pipeline::Pipeline;
