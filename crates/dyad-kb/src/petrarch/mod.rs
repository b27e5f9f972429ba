//! Readers for the PETRARCH/TABARI dictionary formats.
//!
//! PETRARCH (and TABARI before it) ship four flat-text dictionaries; each has a reader here that
//! turns the file into plain Rust data, ready for an event coder to match against a
//! dependency-parsed sentence:
//!
//! - [`ActorDict`] (`*.actors.txt`): names and synonyms with plain or dated codes;
//!   [`ActorEntry::code_on`] resolves the code for a date.
//! - [`AgentDict`] (`*.agents.txt`): agent phrases (with plurals and `!X!` substitution sets)
//!   and their `~CODE` / `CODE~` codes.
//! - [`VerbDict`] (`*.verbs.txt`): synsets (`&NAME`), verb blocks (`--- NAME [CODE] ---`), the
//!   verbs of each block with their forms, and patterns as sequences of [`Element`]s.
//! - [`DiscardList`] (`*.discards.txt`): phrases that stop a sentence or a story from being coded.
//!
//! Every reader is lenient the way the field needs it to be: a line it cannot make sense of is
//! recorded as a [`DictError`] (file, line, message) and parsing goes on, so that a caller can
//! say "N lines skipped" and show where. Nothing here panics on any input.
//!
//! ```
//! use dyad_kb::petrarch::ActorDict;
//! use chrono::NaiveDate;
//!
//! let text = "GOLLUM\n+SMEAGOL\n\t[HOB <950601]\n\t[HOBREB >990816]\n";
//! let parsed = ActorDict::parse(text, "mini.actors.txt");
//! assert!(parsed.skipped.is_empty());
//! let gollum = parsed.dict.find("SMEAGOL").unwrap();
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! assert_eq!(gollum.code_on(d(1990, 1, 1)), Some("HOB"));
//! assert_eq!(gollum.code_on(d(2001, 1, 1)), Some("HOBREB"));
//! assert_eq!(gollum.code_on(d(1997, 1, 1)), None);
//! ```

mod actors;
mod agents;
mod discards;
mod verbs;

pub use actors::{ActorDict, ActorEntry, DateRestriction, DatedCode};
pub use agents::{AgentCode, AgentDict, AgentEntry, Plural};
pub use discards::{Discard, DiscardList, DiscardScope};
pub use verbs::{
    regular_verb_forms, Element, EventCode, Item, Pattern, Synset, SynsetMember, Transformation,
    VerbBlock, VerbDict, VerbEntry, VerbForm,
};

use chrono::NaiveDate;
use std::path::Path;

/// A problem with one line of a dictionary file (or, with `line == 0`, with the whole file).
pub use crate::located::LocatedError as DictError;

/// A parsed dictionary together with the lines that could not be parsed.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// The dictionary built from every line that parsed.
    pub dict: T,
    /// The lines that were skipped, with the reason (parsing went on after each).
    pub skipped: Vec<DictError>,
    /// Lines with content once comments and blanks are removed.
    pub content_lines: usize,
    /// Content lines that were parsed into `dict`; `parsed_lines + skipped.len() == content_lines`.
    pub parsed_lines: usize,
}

/// Reads a file as text; the dictionaries are ASCII, so any stray non-UTF-8 byte is replaced
/// rather than failing the whole file.
pub(crate) fn read_text(path: &Path) -> Result<(String, String), DictError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| DictError::new(&label, 0, e.to_string()))?;
    Ok((String::from_utf8_lossy(&bytes).into_owned(), label))
}

/// One non-blank line of a dictionary, with comments removed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceLine<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The content, comment removed and trimmed on both sides.
    pub text: &'a str,
}

/// Removes a `#` comment (and, for actor files, a TABARI `;` comment). A `#` inside `[...]` is
/// kept because `[###]` is an old TABARI code that appears in the validation verbs.
fn strip_comment(line: &str, semicolon: bool) -> &str {
    let mut depth = 0u32;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '#' if depth == 0 => return &line[..i],
            ';' if semicolon && depth == 0 => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Splits a dictionary into content lines: `#` comments, `<!-- ... -->` comment lines and
/// multi-line `<!--` blocks, and blank lines are dropped.
pub(crate) fn source_lines<'a>(
    text: &'a str,
    file: &str,
    semicolon: bool,
    skipped: &mut Vec<DictError>,
) -> Vec<SourceLine<'a>> {
    let mut out = Vec::new();
    let mut open_xml: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = raw.trim();
        if open_xml.is_some() {
            if trimmed.contains("-->") {
                open_xml = None;
            }
            continue;
        }
        if trimmed.starts_with("<!") {
            if !trimmed.contains("-->") {
                open_xml = Some(number);
            }
            continue;
        }
        let content = strip_comment(raw, semicolon).trim();
        if !content.is_empty() {
            out.push(SourceLine {
                number,
                text: content,
            });
        }
    }
    if let Some(start) = open_xml {
        skipped.push(DictError::new(
            file,
            start,
            "unterminated <!-- comment runs to the end of the file",
        ));
    }
    out
}

/// A phrase as written in an actor, agent or discard entry: words joined by blanks or `_`.
///
/// Words are upper-cased (matching is case-insensitive in PETRARCH). The joins are kept because
/// agents give them meaning: `_` means the words must be consecutive, a blank lets other words
/// intervene. Actors and discards treat both as consecutive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phrase {
    /// The words, upper-cased, in order.
    pub words: Vec<String>,
    /// `tight[i]` is true when `words[i]` and `words[i + 1]` were joined by `_`.
    pub tight: Vec<bool>,
    /// The phrase ended with `_`: TABARI reads this as "match the whole last word, not a stem",
    /// PETRARCH as "generate no plural".
    pub closed: bool,
}

impl Phrase {
    /// Parses a phrase string; `None` when it has no words.
    pub fn parse(text: &str) -> Option<Phrase> {
        let text = text.trim();
        let closed = text.ends_with('_');
        let mut words = Vec::new();
        let mut tight = Vec::new();
        let mut current = String::new();
        let mut pending_tight: Option<bool> = None;
        for c in text.chars() {
            if c == '_' || c.is_whitespace() {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current).to_ascii_uppercase());
                    pending_tight = Some(c == '_');
                } else if c.is_whitespace() {
                    // "A_ B": a blank after an underscore loosens the join.
                    if let Some(t) = pending_tight.as_mut() {
                        *t = false;
                    }
                }
            } else {
                if !words.is_empty() && current.is_empty() {
                    tight.push(pending_tight.unwrap_or(false));
                }
                current.push(c);
            }
        }
        if !current.is_empty() {
            words.push(current.to_ascii_uppercase());
        }
        if words.is_empty() {
            return None;
        }
        Some(Phrase {
            words,
            tight,
            closed,
        })
    }

    /// The words joined by single blanks, e.g. `"UNITED NATIONS"`.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }

    /// The same phrase with the last word replaced by its regular plural.
    pub fn with_plural(&self) -> Phrase {
        let mut p = self.clone();
        if let Some(last) = p.words.last_mut() {
            *last = regular_plural(last);
        }
        p
    }
}

impl std::fmt::Display for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                let sep = if self.tight.get(i - 1).copied().unwrap_or(false) {
                    "_"
                } else {
                    " "
                };
                f.write_str(sep)?;
            }
            f.write_str(w)?;
        }
        if self.closed {
            f.write_str("_")?;
        }
        Ok(())
    }
}

/// The regular plural of an upper-case word, following the PETRARCH rule (`+S`, `SS` → `+ES`,
/// `Y` → `IES`) except that a vowel before the `Y` keeps it (`ATTORNEY` → `ATTORNEYS`), since
/// the plural only serves to match real text.
pub fn regular_plural(word: &str) -> String {
    let upper = word.to_ascii_uppercase();
    if let Some(stem) = upper.strip_suffix('Y') {
        let vowel_before = stem
            .chars()
            .last()
            .is_some_and(|c| matches!(c, 'A' | 'E' | 'I' | 'O' | 'U'));
        if !stem.is_empty() && !vowel_before {
            return format!("{stem}IES");
        }
    }
    if upper.ends_with("SS")
        || upper.ends_with("SH")
        || upper.ends_with("CH")
        || upper.ends_with('X')
    {
        return format!("{upper}ES");
    }
    format!("{upper}S")
}

/// Parses a TABARI date: `YYYYMMDD`, or `YYMMDD` with years 00–29 read as 20xx and 30–99 as
/// 19xx (the validation file dates office holders from 1932 to 2007 in six digits).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let (year, rest) = match t.len() {
        8 => (num(&t[..4])? as i32, &t[4..]),
        6 => {
            let yy = num(&t[..2])? as i32;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &t[2..])
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, num(&rest[..2])?, num(&rest[2..])?)
}

/// Splits a trailing `[...]` off `text`: returns (before, inside) or `None` when `text` does not
/// end with `]`.
pub(crate) fn split_trailing_bracket(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    if !t.ends_with(']') {
        return None;
    }
    let open = t.rfind('[')?;
    Some((&t[..open], &t[open + 1..t.len() - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_keeps_joins_and_closure() {
        let p = Phrase::parse("radagast the_brown_").unwrap();
        assert_eq!(p.words, ["RADAGAST", "THE", "BROWN"]);
        assert_eq!(p.tight, [false, true]);
        assert!(p.closed);
        assert_eq!(p.to_string(), "RADAGAST THE_BROWN_");
        assert!(Phrase::parse(" _ ").is_none());
    }

    #[test]
    fn plurals() {
        assert_eq!(regular_plural("CONGRESS"), "CONGRESSES");
        assert_eq!(regular_plural("AUTHORITY"), "AUTHORITIES");
        assert_eq!(regular_plural("ATTORNEY"), "ATTORNEYS");
        assert_eq!(regular_plural("SOLDIER"), "SOLDIERS");
    }

    #[test]
    fn dates_two_and_four_digit_years() {
        assert_eq!(parse_date("950601"), NaiveDate::from_ymd_opt(1995, 6, 1));
        assert_eq!(parse_date("070723"), NaiveDate::from_ymd_opt(2007, 7, 23));
        assert_eq!(parse_date("18970101"), NaiveDate::from_ymd_opt(1897, 1, 1));
        assert_eq!(parse_date("991345"), None);
        assert_eq!(parse_date("12345"), None);
        assert_eq!(parse_date("9506O1"), None);
    }

    /// Runs every reader on every prefix and suffix of every line: no input may panic.
    fn no_panic_on_pieces(text: &str) {
        for line in text.lines() {
            let cuts: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
            for &i in &cuts {
                for piece in [&line[..i], &line[i..]] {
                    let _ = ActorDict::parse(piece, "x");
                    let _ = AgentDict::parse(piece, "x");
                    let _ = VerbDict::parse(piece, "x");
                    let _ = DiscardList::parse(piece, "x");
                    let _ = parse_date(piece);
                }
            }
        }
    }

    #[test]
    fn truncated_lines_never_panic() {
        no_panic_on_pieces(
            "A [B <950601]\n\t[HOB 19950601 - 19990815]\n!P! = A, B\nX!P!_Y {Z} [~Q]\n\
             --- A [1:2] [3] ---\n- $ (IN_ ^) {&S_T X} *_OUT [:080]\n+W_+V {+W_+VS}\né [ü]",
        );
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/petrarch_validation");
        for name in ["actors", "agents", "verbs", "verbs.2.0", "discards"] {
            match std::fs::read_to_string(dir.join(format!("PETR.Validate.{name}.txt"))) {
                Ok(text) => no_panic_on_pieces(&text),
                Err(_) => eprintln!("skipping PETR.Validate.{name}.txt: not found"),
            }
        }
    }

    #[test]
    fn comments_are_removed_but_hash_codes_kept() {
        let mut skipped = Vec::new();
        let text = "<!-- a -->\n<!--\n# x\n-->\nA [###] # c\n  \n#B\nC ; tabari\n<!-- open";
        let lines = source_lines(text, "t", true, &mut skipped);
        let got: Vec<_> = lines.iter().map(|l| (l.number, l.text)).collect();
        assert_eq!(got, [(5, "A [###]"), (8, "C")]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].line, 9);
    }
}
