//! Dictionary errors: each names the file and line at fault.

use std::fmt;

/// One problem in a verb dictionary or the code table, at `file:line`.
///
/// `line` is 1-based; 0 means the problem concerns the file as a whole (it could not be read
/// or parsed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DictError {
    /// The file name (`04-consult.toml`, `cameo-codes.toml`).
    pub file: String,
    /// The 1-based line of the entry or field at fault (0: whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Every problem found while loading; loading collects them all rather than stopping at the
/// first, so that one CI run lists everything to fix.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct DictErrors(pub Vec<DictError>);

impl DictErrors {
    /// Whether there is no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The errors, in file and line order.
    pub fn iter(&self) -> std::slice::Iter<'_, DictError> {
        self.0.iter()
    }
}

impl fmt::Display for DictErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} dictionary error(s):", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

/// Collects errors for one file and turns byte offsets into line numbers.
pub(crate) struct Sink<'a> {
    pub(crate) file: &'a str,
    line_starts: Vec<usize>,
    pub(crate) errors: &'a mut Vec<DictError>,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(file: &'a str, text: &str, errors: &'a mut Vec<DictError>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Sink {
            file,
            line_starts,
            errors,
        }
    }

    /// The 1-based line of byte offset `pos`.
    pub(crate) fn line(&self, pos: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= pos).max(1)
    }

    pub(crate) fn at(&mut self, pos: usize, message: impl Into<String>) {
        let line = self.line(pos);
        self.push_line(line, message);
    }

    pub(crate) fn push_line(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(DictError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        });
    }
}
