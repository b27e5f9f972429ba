use thiserror::Error;

/// Errors of the data model.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// A span does not lie inside the text or does not fall on character boundaries.
    #[error("span {start}..{end} is not a valid range of a text of {len} bytes")]
    BadSpan {
        /// Start byte offset.
        start: usize,
        /// End byte offset.
        end: usize,
        /// Length of the text in bytes.
        len: usize,
    },
    /// A date that is not a valid `YYYY-MM-DD` calendar date.
    #[error("`{value}` is not a date of the form YYYY-MM-DD")]
    BadDate {
        /// The offending value (cut to 64 characters).
        value: String,
    },
}

/// Result with the data model's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
