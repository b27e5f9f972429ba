//! Knowledge-base errors: each names the file and line of the entry at fault.

use std::fmt;

/// One problem in the knowledge base, at `file:line` (the crate's shared [`LocatedError`](crate::located::LocatedError)).
pub use crate::located::LocatedError as KbError;
pub(crate) use crate::located::Sink;

/// Every problem found while loading a knowledge base; loading reports them all rather than
/// stopping at the first, so that one run of the tests lists everything to fix.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct KbErrors(pub Vec<KbError>);

impl KbErrors {
    /// Whether there is no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of errors.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The errors, in file and line order.
    pub fn iter(&self) -> std::slice::Iter<'_, KbError> {
        self.0.iter()
    }
}

impl fmt::Display for KbErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} knowledge-base error(s):", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}
