//! The pipeline every command runs a document through: it lives in the `dyad-pipeline` crate,
//! shared with the HTTP server and the Python bindings. This module only tunes the allocator
//! around its loading.

/// The shared pipeline ([`dyad_pipeline::Pipeline::get`]), loaded on first use.
pub struct Pipeline;

impl Pipeline {
    /// The shared pipeline. mimalloc keeps freed memory for 10 ms by default before giving it
    /// back to the system; while the models load, that left the peak RSS of `dyad code` 35 %
    /// above glibc's (the buffers freed while reading the model files were still held when
    /// the models' tables were filled). `main` sets the delay to 0 before anything loads, and
    /// it is set back to the default once the pipeline is loaded: returning memory at once
    /// while coding cost 4 % of the one-core speed. (`dyad serve` loads the pipeline inside
    /// the server, on the first posted document, and keeps the delay at 0.)
    pub fn get() -> Result<&'static dyad_pipeline::Pipeline, dyad_pipeline::Error> {
        let pipeline = dyad_pipeline::Pipeline::get();
        purge_delay_ms(DEFAULT_PURGE_DELAY_MS);
        pipeline
    }
}

/// mimalloc's default purge delay (`mi_option_purge_delay` in mimalloc.h).
const DEFAULT_PURGE_DELAY_MS: i64 = 10;

/// `mi_option_purge_delay`: the 16th entry of `mi_option_e` in mimalloc.h, v2 and v3 (the Rust
/// binding names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps freed memory before returning it to the system.
pub fn purge_delay_ms(ms: i64) {
    // SAFETY: sets one integer option of the allocator, which it reads when it next purges;
    // any value is valid (-1: never purge).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, ms as _) };
}
