//! `dyad eval coref`: scores the actor layer's coreference (surnames, bare titles, subject
//! pronouns) against the team-written set `tests/data/coref`.

use dyad_core::{ActorMention, Document};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Errors reading the expected annotations.
#[derive(Debug, thiserror::Error)]
pub enum CorefEvalError {
    /// A line is not a valid expected record.
    #[error("expected.jsonl line {line}: {source}")]
    Json {
        /// 1-based line.
        line: usize,
        /// What serde said.
        source: serde_json::Error,
    },
}

/// One mention that refers back to a person named earlier.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ExpectedMention {
    /// The words of the mention ("Lavrov", "she", "prime minister").
    pub text: String,
    /// Which case-sensitive, whole-word occurrence of `text` in the document (1-based).
    pub nth: usize,
    /// The person it refers to: the knowledge-base name, or the name as the text gives it.
    pub entity: String,
}

/// The expected mentions of one document.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Expected {
    /// Document id.
    pub id: String,
    /// Its referring mentions.
    pub mentions: Vec<ExpectedMention>,
}

/// Reads `expected.jsonl`: one [`Expected`] per non-empty line.
pub fn read_expected(text: &str) -> Result<Vec<Expected>, CorefEvalError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| CorefEvalError::Json {
                line: i + 1,
                source: e,
            })
        })
        .collect()
}

/// The byte range of the `nth` (1-based) whole-word occurrence of `needle` in `text`.
pub fn locate(text: &str, needle: &str, nth: usize) -> Option<(usize, usize)> {
    if needle.is_empty() || nth == 0 {
        return None;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle)
        .map(|(i, _)| (i, i + needle.len()))
        .filter(|&(s, e)| !word(text[..s].chars().next_back()) && !word(text[e..].chars().next()))
        .nth(nth - 1)
}

/// The scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Expected mentions.
    pub expected: usize,
    /// Expected mentions whose actor mention names the right entity.
    pub recalled: usize,
    /// Mentions the actor layer resolved by coreference (`how = "coref"`).
    pub predicted: usize,
    /// Of those, the ones that are expected and right.
    pub correct: usize,
    /// Precision, percent.
    pub precision: f64,
    /// Recall, percent.
    pub recall: f64,
    /// F1, percent.
    pub f1: f64,
    /// One line per miss or wrong resolution.
    pub errors: Vec<String>,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn overlaps(m: &ActorMention, (s, e): (usize, usize)) -> bool {
    (m.span.start as usize) < e && s < m.span.end as usize
}

fn same_entity(m: &ActorMention, entity: &str) -> bool {
    m.entity
        .as_deref()
        .is_some_and(|x| x.to_lowercase() == entity.to_lowercase())
}

/// Scores documents with their actor layer against their expected mentions.
pub fn evaluate(pairs: &[(&Document, &Expected)]) -> Scores {
    let mut s = Scores::default();
    for (doc, exp) in pairs {
        let text = doc.text();
        let mut gold = Vec::new();
        for m in &exp.mentions {
            s.expected += 1;
            let Some(span) = locate(text, &m.text, m.nth) else {
                s.errors.push(format!(
                    "{}: `{}` #{} is not in the text",
                    exp.id, m.text, m.nth
                ));
                continue;
            };
            gold.push((span, m));
            let found: Vec<&ActorMention> =
                doc.actors.iter().filter(|a| overlaps(a, span)).collect();
            if found.iter().any(|a| same_entity(a, &m.entity)) {
                s.recalled += 1;
            } else {
                let got = found
                    .iter()
                    .map(|a| format!("{} ({})", a.entity.as_deref().unwrap_or("-"), a.code))
                    .collect::<Vec<_>>()
                    .join(", ");
                s.errors.push(format!(
                    "{}: `{}` #{} should be {}, got {}",
                    exp.id,
                    m.text,
                    m.nth,
                    m.entity,
                    if got.is_empty() { "nothing" } else { &got }
                ));
            }
        }
        for a in doc.actors.iter().filter(|a| a.how == "coref") {
            s.predicted += 1;
            let right = gold
                .iter()
                .any(|(span, m)| overlaps(a, *span) && same_entity(a, &m.entity));
            if right {
                s.correct += 1;
            } else {
                s.errors.push(format!(
                    "{}: `{}` resolved to {} ({}), not expected",
                    exp.id,
                    &text[a.span.start as usize..a.span.end as usize],
                    a.entity.as_deref().unwrap_or("-"),
                    a.code
                ));
            }
        }
    }
    s.precision = pct(s.correct, s.predicted);
    s.recall = pct(s.recalled, s.expected);
    s.f1 = if s.precision + s.recall == 0.0 {
        0.0
    } else {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    };
    s
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "coreference (surnames, bare titles, subject pronouns)")?;
        writeln!(
            f,
            "  precision {:.1} ({} of {} resolved mentions)",
            self.precision, self.correct, self.predicted
        )?;
        writeln!(
            f,
            "  recall    {:.1} ({} of {} expected mentions)",
            self.recall, self.recalled, self.expected
        )?;
        write!(f, "  F1        {:.1}", self.f1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_whole_words_only() {
        let t = "He said. Heath and he left; he";
        assert_eq!(locate(t, "He", 1), Some((0, 2)));
        assert_eq!(locate(t, "He", 2), None, "not inside Heath");
        assert_eq!(locate(t, "he", 2), Some((28, 30)));
        assert_eq!(locate(t, "", 1), None);
        assert_eq!(locate("é he", "he", 1), Some((3, 5)));
    }

    #[test]
    fn bad_expected_lines_name_the_line() {
        let e = read_expected("{\"id\":\"a\",\"mentions\":[]}\n\n{oops\n").unwrap_err();
        assert!(e.to_string().contains("line 3"), "{e}");
    }
}
