//! The discard list: phrases that mark a sentence or a whole story as not to be coded.

use super::{read_text, source_lines, DictError, Parsed, Phrase};
use std::path::Path;

/// What a discard phrase throws away when it is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardScope {
    /// No prefix: the sentence is not coded.
    Sentence,
    /// `+` prefix: the whole story is not coded.
    Story,
}

/// One discard phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    /// The phrase, upper-cased (matching is case-insensitive). `closed` (trailing `_`) means the
    /// match must end at a word boundary; otherwise the last word is a stem.
    pub phrase: Phrase,
    /// Sentence or story.
    pub scope: DiscardScope,
    /// Line it was read from.
    pub line: usize,
}

/// A whole discard list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiscardList {
    /// Entries in file order.
    pub entries: Vec<Discard>,
}

impl DiscardList {
    /// Reads and parses a discard file.
    pub fn read(path: &Path) -> Result<Parsed<DiscardList>, DictError> {
        let (text, label) = read_text(path)?;
        Ok(Self::parse(&text, &label))
    }

    /// Parses discard-list text; `file` labels the errors.
    pub fn parse(text: &str, file: &str) -> Parsed<DiscardList> {
        let mut skipped = Vec::new();
        let lines = source_lines(text, file, false, &mut skipped);
        let content_lines = lines.len();
        let mut entries = Vec::new();
        for l in &lines {
            let (scope, body) = match l.text.strip_prefix('+') {
                Some(rest) => (DiscardScope::Story, rest),
                None => (DiscardScope::Sentence, l.text),
            };
            if body.contains(['[', ']']) {
                // TABARI's `[###]` discard codes belong to actor/verb files, not here.
                skipped.push(DictError::new(
                    file,
                    l.number,
                    "code brackets in a discard list",
                ));
                continue;
            }
            match Phrase::parse(body) {
                Some(phrase) => entries.push(Discard {
                    phrase,
                    scope,
                    line: l.number,
                }),
                None => skipped.push(DictError::new(file, l.number, "empty discard phrase")),
            }
        }
        skipped.sort_by_key(|e| e.line);
        let parsed_lines = entries.len();
        Parsed {
            dict: DiscardList { entries },
            skipped,
            content_lines,
            parsed_lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_case() {
        let p = DiscardList::parse("MONTHS LATER\n+World Cup # x\n+\nX [###]\n", "d");
        assert_eq!(p.dict.entries.len(), 2);
        assert_eq!(p.dict.entries[1].phrase.words, ["WORLD", "CUP"]);
        assert_eq!(p.dict.entries[1].scope, DiscardScope::Story);
        assert_eq!(p.dict.entries[0].scope, DiscardScope::Sentence);
        assert_eq!(p.skipped.len(), 2);
    }
}
