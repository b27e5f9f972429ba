//! The actor dictionary: names, synonyms, and plain or dated codes.

use super::{parse_date, read_text, source_lines, DictError, Parsed, Phrase};
use chrono::NaiveDate;
use std::path::Path;

/// When a dated code applies; the limits are inclusive ("or equal to" in the format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRestriction {
    /// `<date`: on or before the date.
    Before(NaiveDate),
    /// `>date`: on or after the date.
    After(NaiveDate),
    /// `date-date`: between the dates, both included.
    Between(NaiveDate, NaiveDate),
}

impl DateRestriction {
    /// Whether `date` satisfies the restriction.
    pub fn contains(&self, date: NaiveDate) -> bool {
        match *self {
            DateRestriction::Before(d) => date <= d,
            DateRestriction::After(d) => date >= d,
            DateRestriction::Between(a, b) => a <= date && date <= b,
        }
    }

    /// Parses `<YYMMDD`, `>YYMMDD` or `YYMMDD-YYMMDD` (blanks already removed).
    fn parse(text: &str) -> Result<DateRestriction, String> {
        let date = |s: &str| parse_date(s).ok_or_else(|| format!("bad date `{s}`"));
        if let Some(rest) = text.strip_prefix('<') {
            Ok(DateRestriction::Before(date(rest)?))
        } else if let Some(rest) = text.strip_prefix('>') {
            Ok(DateRestriction::After(date(rest)?))
        } else if let Some((a, b)) = text.split_once('-') {
            Ok(DateRestriction::Between(date(a)?, date(b)?))
        } else {
            Err(format!("bad date restriction `{text}`"))
        }
    }
}

/// A code that applies only within a date restriction, e.g. `[HOBGOV 19950601-19990815]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The actor code (`---` is the null code).
    pub code: String,
    /// When it applies.
    pub restriction: DateRestriction,
    /// Line it was read from.
    pub line: usize,
}

/// One actor record: a primary phrase, its `+` synonyms, a default code and dated codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// The primary phrase first, then the synonyms in file order.
    pub names: Vec<Phrase>,
    /// The code used when no dated code applies (from the primary line or an undated `[CODE]`
    /// line). `None` means the null code.
    pub default_code: Option<String>,
    /// Dated codes in file order; the first that applies wins.
    pub dated: Vec<DatedCode>,
    /// Line of the primary phrase.
    pub line: usize,
}

/// Whether a code is the null code `---` (the actor is known but generates no actor code).
fn non_null(code: &str) -> Option<&str> {
    (code != "---").then_some(code)
}

impl ActorEntry {
    /// The code that applies on `date`: the first dated code whose restriction holds, else the
    /// default code. `None` when that code is the null code `---` or there is none.
    pub fn code_on(&self, date: NaiveDate) -> Option<&str> {
        match self.dated.iter().find(|d| d.restriction.contains(date)) {
            Some(d) => non_null(&d.code),
            None => self.default_code.as_deref().and_then(non_null),
        }
    }

    /// The primary phrase.
    pub fn primary(&self) -> Option<&Phrase> {
        self.names.first()
    }
}

/// A whole actor dictionary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorDict {
    /// Entries in file order.
    pub entries: Vec<ActorEntry>,
}

/// What a `[...]` on an actor line says.
enum CodeSpec {
    Default(String),
    Dated(String, DateRestriction),
}

fn parse_code_spec(inner: &str) -> Result<CodeSpec, String> {
    let mut parts = inner.split_whitespace();
    let code = parts.next().ok_or_else(|| "empty code `[]`".to_string())?;
    let rest: String = parts.collect();
    let looks_like_date = code.starts_with(['<', '>'])
        || code.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            && code.bytes().any(|b| b.is_ascii_digit());
    if looks_like_date {
        return Err(format!("date restriction without a code `[{inner}]`"));
    }
    if rest.is_empty() {
        Ok(CodeSpec::Default(code.to_string()))
    } else {
        Ok(CodeSpec::Dated(
            code.to_string(),
            DateRestriction::parse(&rest)?,
        ))
    }
}

/// Parses every `[...]` group in `text` (which must hold nothing else).
fn parse_code_specs(text: &str) -> Result<Vec<CodeSpec>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some(after_open) = rest.strip_prefix('[') else {
            return Err(format!(
                "unexpected text `{rest}` where a [code] was expected"
            ));
        };
        let close = after_open
            .find(']')
            .ok_or_else(|| format!("unclosed `[` in `{text}`"))?;
        out.push(parse_code_spec(&after_open[..close])?);
        rest = after_open[close + 1..].trim_start();
    }
    Ok(out)
}

impl ActorEntry {
    fn apply(&mut self, specs: Vec<CodeSpec>, line: usize) {
        for spec in specs {
            match spec {
                // A later undated code replaces an earlier one, as a later line would in PETRARCH.
                CodeSpec::Default(code) => self.default_code = Some(code),
                CodeSpec::Dated(code, restriction) => self.dated.push(DatedCode {
                    code,
                    restriction,
                    line,
                }),
            }
        }
    }
}

impl ActorDict {
    /// Reads and parses an actor dictionary file.
    pub fn read(path: &Path) -> Result<Parsed<ActorDict>, DictError> {
        let (text, label) = read_text(path)?;
        Ok(Self::parse(&text, &label))
    }

    /// Parses actor dictionary text; `file` labels the errors.
    pub fn parse(text: &str, file: &str) -> Parsed<ActorDict> {
        let mut skipped = Vec::new();
        let lines = source_lines(text, file, true, &mut skipped);
        let content_lines = lines.len();
        let mut parsed_lines = 0;
        let mut entries: Vec<ActorEntry> = Vec::new();
        // Whether the last primary line parsed: continuation lines of a rejected entry must not
        // attach themselves to the entry before it.
        let mut current_ok = false;
        for l in &lines {
            let result: Result<(), String> = if l.text.starts_with('[') {
                match (entries.last_mut(), current_ok) {
                    (Some(entry), true) => {
                        parse_code_specs(l.text).map(|s| entry.apply(s, l.number))
                    }
                    _ => Err("code line without an actor before it".to_string()),
                }
            } else if let Some(syn) = l.text.strip_prefix('+') {
                let (name, codes) = split_name_codes(syn);
                match (entries.last_mut(), current_ok, Phrase::parse(name)) {
                    (_, _, None) => Err("empty synonym".to_string()),
                    (Some(entry), true, Some(p)) => parse_code_specs(codes).map(|s| {
                        entry.names.push(p);
                        entry.apply(s, l.number);
                    }),
                    _ => Err("synonym without an actor before it".to_string()),
                }
            } else {
                let (name, codes) = split_name_codes(l.text);
                let r = match Phrase::parse(name) {
                    None => Err("actor line without a name".to_string()),
                    Some(p) => parse_code_specs(codes).map(|specs| {
                        let mut entry = ActorEntry {
                            names: vec![p],
                            default_code: None,
                            dated: Vec::new(),
                            line: l.number,
                        };
                        entry.apply(specs, l.number);
                        entries.push(entry);
                    }),
                };
                current_ok = r.is_ok();
                r
            };
            match result {
                Ok(()) => parsed_lines += 1,
                Err(message) => skipped.push(DictError::new(file, l.number, message)),
            }
        }
        skipped.sort_by_key(|e| e.line);
        Parsed {
            dict: ActorDict { entries },
            skipped,
            content_lines,
            parsed_lines,
        }
    }

    /// The first entry with a name equal to `name` (compared as upper-cased words, so blanks and
    /// underscores are interchangeable). Linear; a coder should build its own index.
    pub fn find(&self, name: &str) -> Option<&ActorEntry> {
        let wanted = Phrase::parse(name)?;
        self.entries
            .iter()
            .find(|e| e.names.iter().any(|n| n.words == wanted.words))
    }

    /// Total number of names (primary phrases and synonyms).
    pub fn name_count(&self) -> usize {
        self.entries.iter().map(|e| e.names.len()).sum()
    }
}

/// Splits `NAME [CODE]...` at the first `[`.
fn split_name_codes(text: &str) -> (&str, &str) {
    match text.find('[') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const MINI: &str = "\
# comment
AUSTRALIA [AUS]
+AUSTRALIAN
SAM_GAMGEE [HOB]  # default
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112] # first match wins
\t[HOBMIL 20080120-20121109]
\t[HOBELI >20130119]
PRINCE OF DOL AMROTH
\t[--- <950630]
\t[DOL]
JAMES_BYRNES_  ; CountryInfo.txt
\t[USAELI 18970101-450703]
BROKEN [AAA
\t[950601-990815]
+ORPHAN
GOOD [X] junk
";

    #[test]
    fn parses_entries_synonyms_and_dates() {
        let p = ActorDict::parse(MINI, "mini");
        let lines: Vec<_> = p.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, [14, 15, 16, 17], "{:?}", p.skipped);
        assert_eq!(p.parsed_lines + p.skipped.len(), p.content_lines);
        assert_eq!(p.dict.entries.len(), 4);
        let aus = p.dict.find("australian").unwrap();
        assert_eq!(aus.code_on(d(2000, 1, 1)), Some("AUS"));
        let sam = p.dict.find("SAM GAMGEE").unwrap();
        assert_eq!(sam.code_on(d(2007, 1, 1)), Some("HOBCIV"));
        assert_eq!(sam.code_on(d(2008, 1, 20)), Some("HOBCIV"));
        assert_eq!(sam.code_on(d(2010, 1, 10)), Some("ORCHOB"));
        assert_eq!(sam.code_on(d(2011, 1, 10)), Some("HOBMIL"));
        assert_eq!(sam.code_on(d(2013, 1, 1)), Some("HOB"));
        assert_eq!(sam.code_on(d(2014, 1, 1)), Some("HOBELI"));
        let dol = p.dict.find("PRINCE_OF_DOL_AMROTH").unwrap();
        assert_eq!(dol.code_on(d(1990, 1, 1)), None);
        assert_eq!(dol.code_on(d(1996, 1, 1)), Some("DOL"));
        let byrnes = p.dict.find("JAMES BYRNES").unwrap();
        assert!(byrnes.names[0].closed);
        assert_eq!(byrnes.code_on(d(1944, 1, 1)), Some("USAELI"));
        assert_eq!(byrnes.code_on(d(1946, 1, 1)), None);
    }
}
