//! Errors that point at a line of a data file, shared by every loader of this crate.

/// One problem in a data file, at `file:line`.
///
/// `line` is 1-based; 0 means the problem concerns the file as a whole (it could not be read
/// or parsed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LocatedError {
    /// The file name, relative to the folder it was loaded from (`people/europe.toml`,
    /// `04-consult.toml`), or the label the caller gave the text.
    pub file: String,
    /// The 1-based line of the entry or field at fault (0: whole file).
    pub line: usize,
    /// What is wrong, including the offending text where useful.
    pub message: String,
}

impl LocatedError {
    /// An error at `file:line`.
    pub fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        LocatedError {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// Collects errors for one file and turns byte offsets into line numbers.
pub(crate) struct Sink<'a> {
    pub(crate) file: &'a str,
    line_starts: Vec<usize>,
    pub(crate) errors: &'a mut Vec<LocatedError>,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(file: &'a str, text: &str, errors: &'a mut Vec<LocatedError>) -> Self {
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
        self.errors
            .push(LocatedError::new(self.file, line, message));
    }
}
