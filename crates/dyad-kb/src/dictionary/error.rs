//! Dictionary errors: each names the file and line at fault.

use std::fmt;

/// One problem in a verb dictionary or the code table, at `file:line` (the crate's shared [`LocatedError`](crate::located::LocatedError)).
pub use crate::located::LocatedError as DictError;
pub(crate) use crate::located::Sink;

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
