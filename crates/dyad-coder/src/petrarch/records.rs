//! The PETRARCH validation records file (`PETR.UnitTest.records.xml`): a small XML dialect read
//! by a careful hand parser (the file needs nothing more: elements, attributes, comments, text
//! and the five predefined entities).
//!
//! The file holds an `<Environment>` naming the dictionaries, then `<Sentences>` with
//! `<Sentence>` records interleaved with `<Config>` settings that apply to the records after
//! them. Each record carries an id, a category, a date, its `<Text>` and the expected
//! `<EventCoding>` lines (`noevents` for none, `error` for an expected rejection). The bracketed
//! `<Parse>` is skipped: dyad parses the text itself.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

/// A problem reading the records file: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordsError {
    /// The file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        message: String,
    },
    /// The XML is malformed.
    #[error("line {line}: {message}")]
    Xml {
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The dictionaries the records were written for (`<Environment>`), as file names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `<Verbfile>`.
    pub verbs: Option<String>,
    /// `<Actorfile>`.
    pub actors: Option<String>,
    /// `<Agentfile>`.
    pub agents: Option<String>,
    /// `<Discardfile>`.
    pub discards: Option<String>,
}

/// The `<Config>` options in force for a record (PETRARCH's defaults until a `<Config>` line
/// changes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `require_dyad`: events without a target are dropped (default true); when false they are
    /// kept with the target `---`.
    pub require_dyad: bool,
    /// `new_actor_length`: PETRARCH codes an unknown noun phrase of at most this many words by
    /// its own text (0, the default, turns this off). Recorded, not implemented by dyad.
    pub new_actor_length: usize,
    /// Every option as last set, including those dyad has no use for (`comma_*`).
    pub all: BTreeMap<String, String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            require_dyad: true,
            new_actor_length: 0,
            all: BTreeMap::new(),
        }
    }
}

impl Options {
    fn set(&mut self, option: &str, value: &str) {
        self.all.insert(option.to_string(), value.to_string());
        match option {
            "require_dyad" => self.require_dyad = !value.trim().eq_ignore_ascii_case("false"),
            "new_actor_length" => self.new_actor_length = value.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
}

/// One expected event: source, target and event codes as written (a target of `---` means
/// none).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Coding {
    /// The source actor code.
    pub source: String,
    /// The target actor code (`---` for none).
    pub target: String,
    /// The event code.
    pub code: String,
}

impl std::fmt::Display for Coding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.source, self.target, self.code)
    }
}

/// What a record expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// These events (a set: order does not matter).
    Events(Vec<Coding>),
    /// No event (`noevents="True"`).
    NoEvents,
    /// PETRARCH rejects the record (`error="storydiscard"`, `"bad_input_parse"`, ...): no event.
    Error(String),
}

impl Expected {
    /// The expected events; empty for `NoEvents` and `Error`.
    pub fn events(&self) -> &[Coding] {
        match self {
            Expected::Events(v) => v,
            _ => &[],
        }
    }
}

/// One `<Sentence>` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record's id (not unique in the file: a few ids repeat).
    pub id: String,
    /// Its category (`DEMO`, `ACTOR`, `VERB`, ...).
    pub category: String,
    /// The record's date, which decides dated actor codes.
    pub date: Option<NaiveDate>,
    /// The text, with line breaks and runs of blanks collapsed to one blank.
    pub text: String,
    /// What PETRARCH should code.
    pub expected: Expected,
    /// The options in force.
    pub options: Options,
    /// Line of the `<Sentence>` tag.
    pub line: usize,
    /// The words of the bracketed `<Parse>` differ from the `<Text>` (letters and digits
    /// compared): PETRARCH coded the parse, so the expected events may not follow from the
    /// text dyad reads.
    pub parse_differs: bool,
}

/// A whole records file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    /// The dictionaries named by `<Environment>`.
    pub environment: Environment,
    /// The records in file order.
    pub records: Vec<Record>,
}

impl Records {
    /// Reads a records file.
    pub fn read(path: &Path) -> Result<Records, RecordsError> {
        let bytes = std::fs::read(path).map_err(|e| RecordsError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Records::parse(&String::from_utf8_lossy(&bytes))
    }

    /// Parses the text of a records file.
    pub fn parse(text: &str) -> Result<Records, RecordsError> {
        let nodes = lex(text)?;
        let mut out = Records::default();
        let mut options = Options::default();
        let mut stack: Vec<(String, usize)> = Vec::new();
        let mut current: Option<Record> = None;
        let mut codings: Vec<Coding> = Vec::new();
        let mut no_events = false;
        let mut error: Option<String> = None;
        let mut text_buf: Option<String> = None;
        let mut env_buf = String::new();
        for node in nodes {
            match node {
                Node::Open {
                    name,
                    attrs,
                    empty,
                    line,
                } => {
                    match name.as_str() {
                        "Sentence" => {
                            if current.is_some() {
                                return Err(xml_err(line, "<Sentence> inside <Sentence>"));
                            }
                            let get = |k: &str| attrs.get(k).cloned().unwrap_or_default();
                            let date_text = get("date");
                            let date = NaiveDate::parse_from_str(date_text.trim(), "%Y%m%d").ok();
                            current = Some(Record {
                                id: get("id").trim().to_string(),
                                category: get("category").trim().to_string(),
                                date,
                                text: String::new(),
                                expected: Expected::NoEvents,
                                options: options.clone(),
                                line,
                                parse_differs: false,
                            });
                            codings.clear();
                            no_events = false;
                            error = None;
                        }
                        "EventCoding" => {
                            if let Some(e) = attrs.get("error") {
                                error = Some(e.clone());
                            } else if attrs.contains_key("noevents") {
                                no_events = true;
                            } else {
                                let get = |k: &str| {
                                    attrs.get(k).map(|v| v.trim().to_string()).ok_or_else(|| {
                                        xml_err(line, format!("<EventCoding> without `{k}`"))
                                    })
                                };
                                codings.push(Coding {
                                    source: get("sourcecode")?,
                                    target: get("targetcode")?,
                                    code: get("eventcode")?,
                                });
                            }
                        }
                        "Text" | "Parse" if current.is_some() => text_buf = Some(String::new()),
                        "Config" => {
                            if let (Some(o), Some(v)) = (attrs.get("option"), attrs.get("value")) {
                                options.set(o, v);
                            }
                        }
                        _ => {}
                    }
                    if !empty {
                        stack.push((name, line));
                        env_buf.clear();
                    }
                }
                Node::Close { name, line } => {
                    match stack.pop() {
                        Some((open, _)) if open == name => {}
                        Some((open, open_line)) => {
                            return Err(xml_err(
                                line,
                                format!("</{name}> closes <{open}> of line {open_line}"),
                            ))
                        }
                        None => return Err(xml_err(line, format!("</{name}> without <{name}>"))),
                    }
                    let value = env_buf.trim().to_string();
                    match name.as_str() {
                        "Verbfile" => out.environment.verbs = Some(value),
                        "Actorfile" => out.environment.actors = Some(value),
                        "Agentfile" => out.environment.agents = Some(value),
                        "Discardfile" => out.environment.discards = Some(value),
                        "Text" => {
                            if let (Some(rec), Some(t)) = (current.as_mut(), text_buf.take()) {
                                rec.text = t.split_whitespace().collect::<Vec<_>>().join(" ");
                            }
                        }
                        "Parse" => {
                            if let (Some(rec), Some(t)) = (current.as_mut(), text_buf.take()) {
                                rec.parse_differs = alnum(&parse_leaves(&t)) != alnum(&rec.text);
                            }
                        }
                        "Sentence" => {
                            if let Some(mut rec) = current.take() {
                                rec.expected = match error.take() {
                                    Some(e) => Expected::Error(e),
                                    None if no_events || codings.is_empty() => Expected::NoEvents,
                                    None => Expected::Events(std::mem::take(&mut codings)),
                                };
                                out.records.push(rec);
                            }
                        }
                        _ => {}
                    }
                    env_buf.clear();
                }
                Node::Text(t) => {
                    if let Some(buf) = text_buf.as_mut() {
                        buf.push_str(&t);
                    }
                    env_buf.push_str(&t);
                }
            }
        }
        if let Some((name, line)) = stack.pop() {
            return Err(xml_err(line, format!("<{name}> is never closed")));
        }
        Ok(out)
    }
}

/// The leaves of a bracketed parse, `(NN word)` → `word`, without the `-LRB-`-style
/// bracket tokens.
fn parse_leaves(parse: &str) -> String {
    let mut out = String::new();
    for piece in parse.split('(').skip(1) {
        let inner = piece.split(')').next().unwrap_or("");
        let mut it = inner.split_whitespace();
        let (Some(_tag), Some(word), None) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        if word.len() > 2 && word.starts_with('-') && word.ends_with('-') {
            continue;
        }
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// The letters and digits of a text, lowercased.
fn alnum(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn xml_err(line: usize, message: impl Into<String>) -> RecordsError {
    RecordsError::Xml {
        line,
        message: message.into(),
    }
}

/// A piece of the XML stream.
#[derive(Debug)]
enum Node {
    Open {
        name: String,
        attrs: BTreeMap<String, String>,
        empty: bool,
        line: usize,
    },
    Close {
        name: String,
        line: usize,
    },
    Text(String),
}

/// Splits the text into tags and character data; comments, `<?...?>` and `<!...>` declarations
/// are dropped.
fn lex(text: &str) -> Result<Vec<Node>, RecordsError> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut line = 1usize;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Node::Text(decode(rest, line)?));
            break;
        };
        if lt > 0 {
            let chunk = &rest[..lt];
            out.push(Node::Text(decode(chunk, line)?));
            line += chunk.matches('\n').count();
            rest = &rest[lt..];
        }
        let (end, close_len) = if let Some(body) = rest.strip_prefix("<!--") {
            (body.find("-->").map(|i| i + 4), 3)
        } else if rest.starts_with("<?") {
            (rest.find("?>"), 2)
        } else {
            (rest.find('>'), 1)
        };
        let Some(end) = end else {
            return Err(xml_err(line, "unterminated tag or comment"));
        };
        let tag = &rest[..end + close_len];
        let tag_line = line;
        line += tag.matches('\n').count();
        rest = &rest[end + close_len..];
        if tag.starts_with("<!") || tag.starts_with("<?") {
            continue;
        }
        let inner = &tag[1..tag.len() - 1];
        if let Some(name) = inner.strip_prefix('/') {
            out.push(Node::Close {
                name: name.trim().to_string(),
                line: tag_line,
            });
            continue;
        }
        let (inner, empty) = match inner.strip_suffix('/') {
            Some(i) => (i, true),
            None => (inner, false),
        };
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = &inner[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.:".contains(c))
        {
            return Err(xml_err(
                tag_line,
                format!("bad tag name in `{}`", tag.trim()),
            ));
        }
        let attrs = attributes(&inner[name_end..], tag_line)?;
        out.push(Node::Open {
            name: name.to_string(),
            attrs,
            empty,
            line: tag_line,
        });
    }
    Ok(out)
}

/// Parses `name = "value" name='value'` (blanks around `=` allowed, as in the records file).
fn attributes(text: &str, line: usize) -> Result<BTreeMap<String, String>, RecordsError> {
    let mut out = BTreeMap::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| {
            xml_err(
                line,
                format!("attribute without a value: `{}`", rest.trim()),
            )
        })?;
        let name = rest[..eq].trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(xml_err(line, format!("bad attribute name `{name}`")));
        }
        let after = rest[eq + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(|| xml_err(line, format!("attribute `{name}` has no quoted value")))?;
        let body = &after[1..];
        let close = body
            .find(quote)
            .ok_or_else(|| xml_err(line, format!("attribute `{name}` is not closed")))?;
        out.insert(name.to_string(), decode(&body[..close], line)?);
        rest = body[close + 1..].trim_start();
    }
    Ok(out)
}

/// Replaces the predefined entities and character references; an unknown entity is an error.
fn decode(text: &str, line: usize) -> Result<String, RecordsError> {
    if !text.contains('&') {
        return Ok(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut line = line;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        line += rest[..amp].matches('\n').count();
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .filter(|&i| i <= 10)
            .ok_or_else(|| xml_err(line, "`&` that starts no entity"))?;
        let name = &after[..semi];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name.strip_prefix('#').and_then(|n| {
                let v = match n.strip_prefix('x') {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                };
                v.and_then(char::from_u32)
            }),
        };
        match ch {
            Some(c) => out.push(c),
            None => return Err(xml_err(line, format!("unknown entity `&{name};`"))),
        }
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"<Validation>
<!-- a comment with <Sentence> inside -->
<Environment>
    <Verbfile>V.txt</Verbfile>
    <Actorfile>A.txt</Actorfile>
</Environment>
<Sentences>
<Sentence date="19950101" id="T-00" category="DEMO" sentence="true">
<EventCoding sourcecode="FRE" targetcode="SYL" eventcode="064"></EventCoding>
<EventCoding sourcecode='"INJURY TOLL"' targetcode="---" eventcode="023"/>
<Text>
Freedonia plans to renew &amp;TIETYPE links
with Sylvania.
</Text>
<Parse> (ROOT (S (NP (NNP Freedonia)))) </Parse>
</Sentence>
<Config option="require_dyad" value="False"></Config>
<Sentence date = "20080801" id ="X-1" category="PARSING"  sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing here.</Text>
</Sentence>
<Sentence date="19950101" id="E" category="ERROR">
<EventCoding error="storydiscard"></EventCoding>
<Text>A typhoon.</Text>
</Sentence>
</Sentences>
</Validation>"#;

    #[test]
    fn reads_records_configs_and_environment() {
        let r = Records::parse(MINI).unwrap();
        assert_eq!(r.environment.verbs.as_deref(), Some("V.txt"));
        assert_eq!(r.environment.actors.as_deref(), Some("A.txt"));
        assert_eq!(r.environment.agents, None);
        assert_eq!(r.records.len(), 3);
        let a = &r.records[0];
        assert_eq!(a.id, "T-00");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(1995, 1, 1));
        assert_eq!(
            a.text,
            "Freedonia plans to renew &TIETYPE links with Sylvania."
        );
        assert_eq!(a.expected.events().len(), 2);
        assert_eq!(a.expected.events()[1].source, "\"INJURY TOLL\"");
        assert!(a.options.require_dyad);
        assert_eq!(a.line, 8);
        // The parse has only "Freedonia": it differs from the text.
        assert!(a.parse_differs);
        assert!(!r.records[1].parse_differs);
        let b = &r.records[1];
        assert_eq!(b.id, "X-1");
        assert_eq!(b.expected, Expected::NoEvents);
        assert!(!b.options.require_dyad);
        assert_eq!(
            r.records[2].expected,
            Expected::Error("storydiscard".to_string())
        );
    }

    #[test]
    fn bad_xml_reports_the_line() {
        let bad = "<A>\n<B>\n</A>";
        match Records::parse(bad) {
            Err(RecordsError::Xml { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        for bad in [
            "<A>\n<!-- open",
            "<A x=1></A>",
            "<A>&bogus;</A>",
            "<A>",
            "</A>",
            "<A x=\"1></A>",
            "<>",
        ] {
            assert!(Records::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_panic_on_truncations() {
        for i in 0..MINI.len() {
            if MINI.is_char_boundary(i) {
                let _ = Records::parse(&MINI[..i]);
                let _ = Records::parse(&MINI[i..]);
            }
        }
    }
}
