//! The agent dictionary: role phrases (MINISTER, POLICE, ...) and the codes they add to an actor.

use super::{read_text, source_lines, split_trailing_bracket, DictError, Parsed, Phrase};
use std::collections::BTreeMap;
use std::path::Path;

/// Where an agent code goes relative to the actor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentCode {
    /// `[~GOV]`: appended after the actor code (`ISR` + `GOV` → `ISRGOV`).
    After(String),
    /// `[NGO~]`: put before the actor code (usual for organisations).
    Before(String),
}

impl AgentCode {
    /// The code without its `~`.
    pub fn code(&self) -> &str {
        match self {
            AgentCode::After(c) | AgentCode::Before(c) => c,
        }
    }

    /// Combines with an actor code the way PETRARCH does.
    pub fn apply(&self, actor: &str) -> String {
        match self {
            AgentCode::After(c) => format!("{actor}{c}"),
            AgentCode::Before(c) => format!("{c}{actor}"),
        }
    }

    fn parse(inner: &str) -> Result<AgentCode, String> {
        let t = inner.trim();
        let code = |c: &str| -> Result<String, String> {
            let c = c.trim();
            if c.is_empty() || c.contains(char::is_whitespace) || c.contains('~') {
                Err(format!("bad agent code `[{inner}]`"))
            } else {
                Ok(c.to_string())
            }
        };
        if let Some(c) = t.strip_prefix('~') {
            Ok(AgentCode::After(code(c)?))
        } else if let Some(c) = t.strip_suffix('~') {
            Ok(AgentCode::Before(code(c)?))
        } else {
            Err(format!("agent code `[{inner}]` has no `~`"))
        }
    }
}

/// How the plural of an agent phrase is formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plural {
    /// No `{...}`: the regular plural of the last word is generated.
    Regular,
    /// `{}`: no plural (singular-only, plural-only, or identical forms like POLICE).
    None,
    /// `{ATTORNEYS_GENERAL}`: the listed irregular plural(s), blank-separated.
    Explicit(Vec<Phrase>),
}

/// One agent record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// The phrase as written, substitution markers included (`CONGRESS!PERSON!`).
    pub text: String,
    /// The plural rule given.
    pub plural: Plural,
    /// The agent code.
    pub code: AgentCode,
    /// Every surface form to match: markers expanded (no plural is added to those), otherwise
    /// the singular followed by its plural forms.
    pub forms: Vec<Phrase>,
    /// Line it was read from.
    pub line: usize,
}

/// A whole agent dictionary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentDict {
    /// Substitution sets: `!PERSON! = MAN, MEN` is stored as `"PERSON" → ["MAN", "MEN"]`.
    pub substitutions: BTreeMap<String, Vec<String>>,
    /// Entries in file order.
    pub entries: Vec<AgentEntry>,
}

/// Longest substitution expansion we accept; guards against a pathological file.
const MAX_FORMS: usize = 1024;

impl AgentDict {
    /// Reads and parses an agent dictionary file.
    pub fn read(path: &Path) -> Result<Parsed<AgentDict>, DictError> {
        let (text, label) = read_text(path)?;
        Ok(Self::parse(&text, &label))
    }

    /// Parses agent dictionary text; `file` labels the errors.
    pub fn parse(text: &str, file: &str) -> Parsed<AgentDict> {
        let mut skipped = Vec::new();
        let lines = source_lines(text, file, false, &mut skipped);
        let content_lines = lines.len();
        let mut parsed_lines = 0;
        let mut dict = AgentDict::default();
        for l in &lines {
            let result = if l.text.starts_with('!') && l.text.contains('=') {
                dict.parse_substitution(l.text)
            } else {
                dict.parse_entry(l.text, l.number)
            };
            match result {
                Ok(()) => parsed_lines += 1,
                Err(message) => skipped.push(DictError::new(file, l.number, message)),
            }
        }
        skipped.sort_by_key(|e| e.line);
        Parsed {
            dict,
            skipped,
            content_lines,
            parsed_lines,
        }
    }

    fn parse_substitution(&mut self, text: &str) -> Result<(), String> {
        let (marker, list) = text
            .split_once('=')
            .ok_or_else(|| "substitution without `=`".to_string())?;
        let name = marker
            .trim()
            .strip_prefix('!')
            .and_then(|m| m.strip_suffix('!'))
            .filter(|m| !m.is_empty() && !m.contains('!'))
            .ok_or_else(|| format!("bad substitution marker `{}`", marker.trim()))?;
        let values: Vec<String> = list
            .split(',')
            .map(|v| {
                v.split_whitespace()
                    .collect::<String>()
                    .to_ascii_uppercase()
            })
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            return Err(format!("substitution `!{name}!` has no values"));
        }
        self.substitutions.insert(name.to_ascii_uppercase(), values);
        Ok(())
    }

    fn parse_entry(&mut self, text: &str, line: usize) -> Result<(), String> {
        let (rest, inner) = split_trailing_bracket(text)
            .ok_or_else(|| format!("agent without a [code]: `{text}`"))?;
        let code = AgentCode::parse(inner)?;
        let (phrase_text, plural) = match rest.find('{') {
            None => (rest.trim(), Plural::Regular),
            Some(open) => {
                let after = &rest[open + 1..];
                let close = after
                    .find('}')
                    .ok_or_else(|| "unclosed `{` in plural".to_string())?;
                if !after[close + 1..].trim().is_empty() {
                    return Err(format!("unexpected text after plural in `{text}`"));
                }
                let forms: Vec<Phrase> = after[..close]
                    .split_whitespace()
                    .filter_map(Phrase::parse)
                    .collect();
                let plural = if forms.is_empty() {
                    Plural::None
                } else {
                    Plural::Explicit(forms)
                };
                (rest[..open].trim(), plural)
            }
        };
        if phrase_text.is_empty() {
            return Err("agent without a phrase".to_string());
        }
        let forms = if phrase_text.contains('!') {
            let expanded = self.expand(phrase_text)?;
            expanded
                .iter()
                .filter_map(|t| Phrase::parse(t))
                .collect::<Vec<_>>()
        } else {
            let singular =
                Phrase::parse(phrase_text).ok_or_else(|| "agent without a phrase".to_string())?;
            let mut forms = vec![singular.clone()];
            match &plural {
                Plural::Regular if !singular.closed => forms.push(singular.with_plural()),
                Plural::Regular | Plural::None => {}
                Plural::Explicit(p) => forms.extend(p.iter().cloned()),
            }
            forms
        };
        if forms.is_empty() {
            return Err(format!("agent `{phrase_text}` expands to nothing"));
        }
        self.entries.push(AgentEntry {
            text: phrase_text.to_string(),
            plural,
            code,
            forms,
            line,
        });
        Ok(())
    }

    /// Replaces every `!X!` marker by each value of its set.
    fn expand(&self, text: &str) -> Result<Vec<String>, String> {
        let mut done = Vec::new();
        let mut todo = vec![text.to_string()];
        while let Some(t) = todo.pop() {
            let Some(start) = t.find('!') else {
                done.push(t);
                continue;
            };
            let end = t[start + 1..]
                .find('!')
                .map(|e| start + 1 + e)
                .ok_or_else(|| format!("unclosed `!` marker in `{text}`"))?;
            let name = t[start + 1..end].to_ascii_uppercase();
            let values = self
                .substitutions
                .get(&name)
                .ok_or_else(|| format!("undefined substitution marker `!{name}!`"))?;
            for v in values {
                todo.push(format!("{}{}{}", &t[..start], v, &t[end + 1..]));
            }
            if todo.len() + done.len() > MAX_FORMS {
                return Err(format!("`{text}` expands to more than {MAX_FORMS} forms"));
            }
        }
        done.reverse();
        Ok(done)
    }

    /// The first entry one of whose forms equals `phrase` (compared as upper-cased words).
    pub fn find(&self, phrase: &str) -> Option<&AgentEntry> {
        let wanted = Phrase::parse(phrase)?;
        self.entries
            .iter()
            .find(|e| e.forms.iter().any(|f| f.words == wanted.words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = "\
!PERSON! = MAN, MEN , WOMAN
CONGRESS!PERSON! [~LEG] # marker
CONGRESS [~LEG]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
POLICE {} [ ~COP]
HUMAN_RIGHTS_BODY  [NGO~]
!NOPE!_X [~A]
NO_CODE
BAD [GOV]
";

    #[test]
    fn parses_plurals_markers_and_codes() {
        let p = AgentDict::parse(MINI, "mini");
        let lines: Vec<_> = p.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, [7, 8, 9], "{:?}", p.skipped);
        assert_eq!(p.dict.entries.len(), 5);
        let cm = &p.dict.entries[0];
        let forms: Vec<_> = cm.forms.iter().map(Phrase::text).collect();
        assert_eq!(forms, ["CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN"]);
        assert_eq!(
            p.dict.find("congresses").unwrap().code,
            AgentCode::After("LEG".into())
        );
        assert!(p.dict.find("ATTORNEYS GENERAL").is_some());
        assert!(p.dict.find("ATTORNEY GENERALS").is_none());
        let police = p.dict.find("POLICE").unwrap();
        assert_eq!(police.plural, Plural::None);
        assert_eq!(police.forms.len(), 1);
        let ngo = p.dict.find("human rights body").unwrap();
        assert_eq!(ngo.code.apply("USA"), "NGOUSA");
        assert_eq!(police.code.apply("USA"), "USACOP");
    }
}
