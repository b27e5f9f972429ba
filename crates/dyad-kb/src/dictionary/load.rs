//! Loading and validating verb dictionaries, and compiling them into [`VerbDictionary`].

use std::collections::HashMap;
use std::path::Path;

use super::codes::{is_code_shape, CodeTable};
use super::error::{DictError, DictErrors, Sink};
use super::grammar;
use super::raw::{as_str, entries};
use super::{Expect, Pattern, PatternId, VerbDictionary};

/// The bundled dictionary files, in root order.
pub(crate) const BUNDLED: [(&str, &str); 20] = [
    (
        "01-statement.toml",
        include_str!("../../../../data/dictionaries/cameo/01-statement.toml"),
    ),
    (
        "02-appeal.toml",
        include_str!("../../../../data/dictionaries/cameo/02-appeal.toml"),
    ),
    (
        "03-intend.toml",
        include_str!("../../../../data/dictionaries/cameo/03-intend.toml"),
    ),
    (
        "04-consult.toml",
        include_str!("../../../../data/dictionaries/cameo/04-consult.toml"),
    ),
    (
        "05-diplomatic.toml",
        include_str!("../../../../data/dictionaries/cameo/05-diplomatic.toml"),
    ),
    (
        "06-material.toml",
        include_str!("../../../../data/dictionaries/cameo/06-material.toml"),
    ),
    (
        "07-aid.toml",
        include_str!("../../../../data/dictionaries/cameo/07-aid.toml"),
    ),
    (
        "08-yield.toml",
        include_str!("../../../../data/dictionaries/cameo/08-yield.toml"),
    ),
    (
        "09-investigate.toml",
        include_str!("../../../../data/dictionaries/cameo/09-investigate.toml"),
    ),
    (
        "10-demand.toml",
        include_str!("../../../../data/dictionaries/cameo/10-demand.toml"),
    ),
    (
        "11-disapprove.toml",
        include_str!("../../../../data/dictionaries/cameo/11-disapprove.toml"),
    ),
    (
        "12-reject.toml",
        include_str!("../../../../data/dictionaries/cameo/12-reject.toml"),
    ),
    (
        "13-threaten.toml",
        include_str!("../../../../data/dictionaries/cameo/13-threaten.toml"),
    ),
    (
        "14-protest.toml",
        include_str!("../../../../data/dictionaries/cameo/14-protest.toml"),
    ),
    (
        "15-posture.toml",
        include_str!("../../../../data/dictionaries/cameo/15-posture.toml"),
    ),
    (
        "16-reduce.toml",
        include_str!("../../../../data/dictionaries/cameo/16-reduce.toml"),
    ),
    (
        "17-coerce.toml",
        include_str!("../../../../data/dictionaries/cameo/17-coerce.toml"),
    ),
    (
        "18-assault.toml",
        include_str!("../../../../data/dictionaries/cameo/18-assault.toml"),
    ),
    (
        "19-fight.toml",
        include_str!("../../../../data/dictionaries/cameo/19-fight.toml"),
    ),
    (
        "20-mass-violence.toml",
        include_str!("../../../../data/dictionaries/cameo/20-mass-violence.toml"),
    ),
];

const KEYS: [&str; 5] = ["code", "pattern", "noun", "example", "expect"];

/// Reads every `*.toml` of `dir`, sorted by name.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, DictErrors> {
    let fail = |file: String, message: String| {
        DictErrors(vec![DictError {
            file,
            line: 0,
            message,
        }])
    };
    let listing = std::fs::read_dir(dir).map_err(|e| {
        fail(
            dir.display().to_string(),
            format!("cannot read the folder: {e}"),
        )
    })?;
    let mut paths: Vec<_> = listing
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let name = p
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        match std::fs::read_to_string(&p) {
            Ok(text) => files.push((name, text)),
            Err(e) => errors.push(DictError {
                file: name,
                line: 0,
                message: format!("cannot read: {e}"),
            }),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(DictErrors(errors))
    }
}

/// Whether `s` is an actor code of an `expect`: ISO alpha-3 or a CAMEO code made of 3-letter
/// groups (`IGOUNOWBK`).
fn is_actor(s: &str) -> bool {
    !s.is_empty()
        && s.len().is_multiple_of(3)
        && s.len() <= 15
        && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// The root a file name announces (`04-consult.toml` → `04`), if it starts with two digits
/// and a dash.
fn file_root(file: &str) -> Option<&str> {
    let root = file.get(..2)?;
    (root.bytes().all(|b| b.is_ascii_digit()) && file.get(2..3) == Some("-")).then_some(root)
}

/// Parses, validates and compiles `files` (`(name, text)`) against `codes`.
pub(crate) fn compile(
    files: &[(String, String)],
    codes: CodeTable,
) -> Result<VerbDictionary, DictErrors> {
    let mut errors: Vec<DictError> = Vec::new();
    let mut patterns: Vec<Pattern> = Vec::new();
    for (file, text) in files {
        let mut sink = Sink::new(file, text, &mut errors);
        let root = file_root(file);
        for (index, entry) in entries(&mut sink, text, "pattern").into_iter().enumerate() {
            let line = entry.line;
            let before = sink.errors.len();
            for (key, kpos, ..) in &entry.fields {
                if !KEYS.contains(&key.as_str()) {
                    sink.at(
                        *kpos,
                        format!("unknown key `{key}` (allowed: {})", KEYS.join(", ")),
                    );
                }
            }
            let mut string = |key: &str| -> Option<(String, usize)> {
                match entry.get(key) {
                    Some((v, pos)) => match as_str(v) {
                        Some(s) => Some((s.to_string(), pos)),
                        None => {
                            sink.at(pos, format!("`{key}` must be a string"));
                            None
                        }
                    },
                    None => {
                        sink.push_line(line, format!("missing `{key}`"));
                        None
                    }
                }
            };
            let code = string("code");
            let text_ = string("pattern");
            let example = string("example");
            let expect = string("expect");
            let noun = match entry.get("noun") {
                Some((toml::de::DeValue::Boolean(b), _)) => *b,
                Some((_, pos)) => {
                    sink.at(pos, "`noun` must be true or false");
                    false
                }
                None => false,
            };
            if let Some((c, pos)) = &code {
                if !is_code_shape(c) {
                    sink.at(*pos, format!("code `{c}` is not a string of 2 to 4 digits"));
                } else if !codes.contains(c) {
                    sink.at(*pos, format!("code `{c}` is not in the CAMEO code table"));
                } else if let Some(r) = root.filter(|r| !c.starts_with(r)) {
                    sink.at(
                        *pos,
                        format!("code `{c}` does not belong to this file's root {r}"),
                    );
                }
            }
            let shape = match (&text_, &example) {
                (Some((t, pos)), Some((ex, _))) => match grammar::parse(t, ex) {
                    Ok(s) => Some(s),
                    Err(m) => {
                        sink.at(*pos, format!("pattern `{t}`: {m}"));
                        None
                    }
                },
                _ => None,
            };
            if let Some((ex, pos)) = &example {
                let n = ex.split_whitespace().count();
                if !(8..=25).contains(&n) {
                    sink.at(
                        *pos,
                        format!("the example has {n} words; 8 to 25 are expected"),
                    );
                }
            }
            let has_target = text_
                .as_ref()
                .is_some_and(|(t, _)| t.split_whitespace().any(|w| w == "TARGET"));
            let parsed_expect = expect.as_ref().and_then(|(e, pos)| {
                let parts: Vec<&str> = e.split_whitespace().collect();
                let [source, target, ecode] = parts[..] else {
                    sink.at(
                        *pos,
                        format!("expect `{e}` must have 3 parts: SOURCE TARGET CODE"),
                    );
                    return None;
                };
                let mut ok = true;
                if !is_actor(source) {
                    sink.at(
                        *pos,
                        format!("expect `{e}`: source `{source}` is not an actor code"),
                    );
                    ok = false;
                }
                if target != "---" && !is_actor(target) {
                    sink.at(
                        *pos,
                        format!("expect `{e}`: target `{target}` is not an actor code or `---`"),
                    );
                    ok = false;
                }
                // A coercive or violent act may name its target in its own words ("open fire
                // on protester", "ban opposition party"): the coder takes that actor.
                let coercive = code.as_ref().is_some_and(|(c, _)| super::is_coercive(c));
                let words_target = coercive && !has_target && target != "---";
                if has_target != (target != "---") && !words_target {
                    let m = if has_target {
                        "the pattern has TARGET but the expected target is `---`"
                    } else {
                        "the pattern has no TARGET but the expect names a target"
                    };
                    sink.at(*pos, format!("expect `{e}`: {m}"));
                    ok = false;
                }
                if let Some((c, _)) = &code {
                    if ecode != c {
                        sink.at(
                            *pos,
                            format!(
                                "expect `{e}`: code `{ecode}` differs from the pattern's `{c}`"
                            ),
                        );
                        ok = false;
                    }
                }
                ok.then(|| Expect {
                    source: source.to_string(),
                    target: (target != "---").then(|| target.to_string()),
                    code: ecode.to_string(),
                })
            });
            if sink.errors.len() != before {
                continue;
            }
            let (Some((code, _)), Some((text_, _)), Some((example, _)), Some(expect), Some(shape)) =
                (code, text_, example, parsed_expect, shape)
            else {
                continue;
            };
            patterns.push(Pattern {
                id: format!("{file}#{}", index + 1),
                file: file.clone(),
                line,
                code,
                text: text_,
                event_word: shape.event_word,
                noun,
                particle: shape.particle,
                words: shape.words,
                target: shape.target,
                complement: shape.complement,
                example,
                expect,
            });
        }
    }

    // One pattern, one place: the same words with the same noun flag may occur only once in
    // the whole folder. Both places are reported.
    let mut seen: HashMap<(bool, String), usize> = HashMap::new();
    for (i, p) in patterns.iter().enumerate() {
        let key = (
            p.noun,
            p.text.split_whitespace().collect::<Vec<_>>().join(" "),
        );
        if let Some(&j) = seen.get(&key) {
            let q = &patterns[j];
            let what = if q.code == p.code {
                format!("also at {}:{} (same code {})", q.file, q.line, q.code)
            } else {
                format!(
                    "also at {}:{} with code {} (here {})",
                    q.file, q.line, q.code, p.code
                )
            };
            errors.push(DictError {
                file: p.file.clone(),
                line: p.line,
                message: format!("duplicate pattern `{}`: {what}", p.text),
            });
            errors.push(DictError {
                file: q.file.clone(),
                line: q.line,
                message: format!(
                    "duplicate pattern `{}`: also at {}:{} with code {}",
                    q.text, p.file, p.line, p.code
                ),
            });
        } else {
            seen.insert(key, i);
        }
    }

    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(DictErrors(errors));
    }
    let mut index: HashMap<String, Vec<PatternId>> = HashMap::new();
    for (i, p) in patterns.iter().enumerate() {
        index
            .entry(p.event_word.clone())
            .or_default()
            .push(PatternId(i));
    }
    for ids in index.values_mut() {
        // Specific beats general: more words first, then a pattern with a target, then file
        // order, so that the order is total and stable.
        ids.sort_by_key(|&PatternId(i)| {
            let p = &patterns[i];
            (std::cmp::Reverse(p.specificity()), !p.has_target(), i)
        });
    }
    Ok(VerbDictionary {
        patterns,
        index,
        codes,
    })
}
