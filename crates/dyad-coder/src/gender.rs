//! Which pronoun a person is referred to by: from the knowledge base, a courtesy title or
//! gendered title in the text, or the given name (`data/kb/given-names.txt`).

use dyad_kb::kb::Gender;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The bundled list of given names.
const GIVEN_NAMES: &str = include_str!("../../../data/kb/given-names.txt");

/// A malformed line of the given-names list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("data/kb/given-names.txt:{line}: {message}")]
pub struct GivenNamesError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a given-names list: `f NAME` or `m NAME` per line, `#` comments, no name twice.
pub fn parse_given_names(text: &str) -> Result<HashMap<String, Gender>, GivenNamesError> {
    let mut out = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: String| GivenNamesError {
            line: i + 1,
            message,
        };
        let (g, name) = line
            .split_once(' ')
            .ok_or_else(|| err(format!("expected `f NAME` or `m NAME`, found `{line}`")))?;
        let gender = Gender::parse(g)
            .ok_or_else(|| err(format!("unknown gender `{g}`: expected f or m")))?;
        let name = name.trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(err(format!("`{name}` is not one given name")));
        }
        if out.insert(name.to_lowercase(), gender).is_some() {
            return Err(err(format!("`{name}` is listed twice")));
        }
    }
    Ok(out)
}

/// The gender of a given name in the bundled list (case-insensitive).
pub fn of_given_name(name: &str) -> Option<Gender> {
    static NAMES: OnceLock<HashMap<String, Gender>> = OnceLock::new();
    // The bundled list is checked by a test; a broken one would only disable this hint.
    NAMES
        .get_or_init(|| parse_given_names(GIVEN_NAMES).unwrap_or_default())
        .get(&name.to_lowercase())
        .copied()
}

/// The gender a courtesy or gendered title implies ("Mrs", "Queen", "spokeswoman").
pub fn of_title_word(word: &str) -> Option<Gender> {
    let w = word.trim_end_matches('.').to_lowercase();
    match w.as_str() {
        "mrs" | "ms" | "miss" | "madam" | "madame" | "dame" | "lady" | "queen" | "princess"
        | "empress" | "sheikha" | "chairwoman" | "spokeswoman" | "congresswoman"
        | "businesswoman" | "stateswoman" => Some(Gender::Female),
        "mr" | "sir" | "lord" | "king" | "prince" | "emperor" | "spokesman" | "congressman"
        | "businessman" | "statesman" => Some(Gender::Male),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_is_well_formed() {
        let names = parse_given_names(GIVEN_NAMES).expect("data/kb/given-names.txt");
        assert!(names.len() > 200, "{}", names.len());
        assert_eq!(of_given_name("Angela"), Some(Gender::Female));
        assert_eq!(of_given_name("SERGEI"), Some(Gender::Male));
        assert_eq!(
            of_given_name("Kim"),
            None,
            "a Korean surname, not a given name"
        );
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = parse_given_names("# c\nf Anna\nx Bob\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse_given_names("f Anna\nm anna\n").unwrap_err();
        assert!(e.message.contains("twice"), "{e}");
        assert!(parse_given_names("f Anna Maria\n").is_err());
    }

    #[test]
    fn titles() {
        assert_eq!(of_title_word("Mrs."), Some(Gender::Female));
        assert_eq!(of_title_word("spokesman"), Some(Gender::Male));
        assert_eq!(of_title_word("minister"), None);
    }
}
