//! The verb dictionary: synsets, verb blocks, verb forms and patterns.
//!
//! Both dialects in use are read into one representation: the TABARI-style patterns of the
//! older PETRARCH files (`- SAID $ * [113]`, `_` for "consecutive") and the PETRARCH 2 patterns
//! with `{noun phrases}` and `(prepositional phrases)`.

use super::{read_text, source_lines, split_trailing_bracket, DictError, Parsed};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// An event code in brackets: `[023]`, `[013:012]`, `[---]`, `[:080]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventCode {
    /// The code before any `:` (`---` is the null code; empty for `[:080]`).
    pub code: String,
    /// The code after `:`. In TABARI a pair `[A:B]` codes A from source to target and B for the
    /// reverse direction (e.g. meetings).
    pub paired: Option<String>,
}

impl EventCode {
    /// The null code `---`.
    pub fn null() -> EventCode {
        EventCode {
            code: "---".to_string(),
            paired: None,
        }
    }

    /// Whether the (first) code is null: `---` or empty. Such a verb or pattern is known but
    /// generates no event.
    pub fn is_null(&self) -> bool {
        self.code.is_empty() || self.code == "---"
    }

    fn parse(inner: &str) -> Result<EventCode, String> {
        let t = inner.trim();
        if t.is_empty() {
            return Err("empty code `[]`".to_string());
        }
        if t.contains(char::is_whitespace) || t.contains(['[', ']']) {
            return Err(format!("bad code `[{inner}]`"));
        }
        Ok(match t.split_once(':') {
            Some((a, b)) => EventCode {
                code: a.to_string(),
                paired: Some(b.to_string()),
            },
            None => EventCode {
                code: t.to_string(),
                paired: None,
            },
        })
    }
}

impl std::fmt::Display for EventCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.paired {
            Some(p) => write!(f, "[{}:{}]", self.code, p),
            None => write!(f, "[{}]", self.code),
        }
    }
}

/// One element of a pattern (or of a synset member).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A literal word, upper-cased. `exact` means it was written with a trailing `_` followed by
    /// a blank (`IN_ *`): match the whole word, no stem or plural.
    Word {
        /// The word.
        text: String,
        /// Whole-word match only.
        exact: bool,
    },
    /// `&NAME`: any member of the synset (name stored without `&` or trailing `_`).
    Synset(String),
    /// `*`: the verb of the block.
    Verb,
    /// `$`: the source actor slot.
    Source,
    /// `+`: the target actor slot.
    Target,
    /// `%`: a compound actor slot (source and target both drawn from a compound phrase).
    Compound,
    /// `^`: skip a noun phrase (the actor there is neither source nor target).
    Skip,
    /// `{A B HEAD}`: a noun phrase; the last element is its head.
    NounPhrase(Vec<Item>),
    /// `(PREP NOUN)`: a prepositional phrase; the first element is the preposition.
    PrepPhrase(Vec<Item>),
}

/// An element with how it attaches to the one before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The element.
    pub element: Element,
    /// Joined to the previous item with `_`: no words may come between them. A blank (the
    /// default) lets other words intervene.
    pub consecutive: bool,
}

impl Element {
    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Element)) {
        f(self);
        if let Element::NounPhrase(items) | Element::PrepPhrase(items) = self {
            for i in items {
                i.element.visit(f);
            }
        }
    }

    fn is_slot(&self) -> bool {
        matches!(
            self,
            Element::Verb | Element::Source | Element::Target | Element::Compound | Element::Skip
        )
    }
}

/// A verb pattern: `- $ SAID * (TO +) [023]` becomes items `[$, SAID, *, (TO +)]`, code `023`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The elements in order; exactly one top-level [`Element::Verb`].
    pub items: Vec<Item>,
    /// The code the pattern assigns.
    pub code: EventCode,
    /// Index of the pattern's block in [`VerbDict::blocks`].
    pub block: usize,
    /// Line it was read from.
    pub line: usize,
}

impl Pattern {
    /// Index of the `*` in `items`.
    pub fn verb_index(&self) -> usize {
        self.items
            .iter()
            .position(|i| i.element == Element::Verb)
            .unwrap_or(0)
    }

    /// Items before the verb.
    pub fn before_verb(&self) -> &[Item] {
        &self.items[..self.verb_index()]
    }

    /// Items after the verb.
    pub fn after_verb(&self) -> &[Item] {
        self.items.get(self.verb_index() + 1..).unwrap_or(&[])
    }

    /// Every element, groups included, depth first.
    pub fn elements(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        for i in &self.items {
            i.element.visit(&mut |e| out.push(e));
        }
        out
    }

    /// Names of the synsets referenced anywhere in the pattern.
    pub fn synset_refs(&self) -> Vec<&str> {
        self.elements()
            .into_iter()
            .filter_map(|e| match e {
                Element::Synset(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Whether the pattern has a `$` source slot.
    pub fn has_source(&self) -> bool {
        self.elements().contains(&&Element::Source)
    }

    /// Whether the pattern has a `+` target slot.
    pub fn has_target(&self) -> bool {
        self.elements().contains(&&Element::Target)
    }
}

/// Writes items back in dictionary syntax (`_` for consecutive, `{}`/`()` for groups).
fn write_items(f: &mut std::fmt::Formatter<'_>, items: &[Item]) -> std::fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(if item.consecutive { "_" } else { " " })?;
        }
        write!(f, "{}", item.element)?;
    }
    Ok(())
}

impl std::fmt::Display for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Element::Word { text, exact } => write!(f, "{text}{}", if *exact { "_" } else { "" }),
            Element::Synset(name) => write!(f, "&{name}"),
            Element::Verb => f.write_str("*"),
            Element::Source => f.write_str("$"),
            Element::Target => f.write_str("+"),
            Element::Compound => f.write_str("%"),
            Element::Skip => f.write_str("^"),
            Element::NounPhrase(items) => {
                f.write_str("{")?;
                write_items(f, items)?;
                f.write_str("}")
            }
            Element::PrepPhrase(items) => {
                f.write_str("(")?;
                write_items(f, items)?;
                f.write_str(")")
            }
        }
    }
}

impl std::fmt::Display for Pattern {
    /// `- ITEMS [CODE]`, the pattern line in dictionary syntax (comments dropped).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("- ")?;
        write_items(f, &self.items)?;
        write!(f, " {}", self.code)
    }
}

/// One member of a synset: usually a word or phrase, possibly `&OTHER` or `(TO THE END)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynsetMember {
    /// The member's elements (words, synset references, groups; never slots).
    pub items: Vec<Item>,
    /// Line it was read from.
    pub line: usize,
}

/// A synonym set: `&NAME` followed by `+member` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// Name without `&` and without a trailing `_`.
    pub name: String,
    /// False when the label ended with `_`: generate no plurals for any member.
    pub plurals: bool,
    /// Members in file order.
    pub members: Vec<SynsetMember>,
    /// Line of the `&NAME` label.
    pub line: usize,
}

/// A verb, possibly multi-word, with the position of the verb word: `WIRE_+TAP` is words
/// `[WIRE, TAP]` with `verb == 1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerbForm {
    /// The words, upper-cased.
    pub words: Vec<String>,
    /// Index of the verb word in `words` (marked `+` in the file; the first word by default).
    pub verb: usize,
}

impl VerbForm {
    /// The verb word itself.
    pub fn verb_word(&self) -> &str {
        self.words.get(self.verb).map(String::as_str).unwrap_or("")
    }

    /// The same form with the verb word replaced.
    fn with_verb(&self, word: String) -> VerbForm {
        let mut f = self.clone();
        if let Some(w) = f.words.get_mut(f.verb) {
            *w = word;
        }
        f
    }

    fn parse(text: &str) -> Result<VerbForm, String> {
        let mut words = Vec::new();
        let mut verb = None;
        for w in text.split(|c: char| c == '_' || c.is_whitespace()) {
            if w.is_empty() {
                continue;
            }
            let (marked, w) = match w.strip_prefix('+') {
                Some(rest) => (true, rest),
                None => (false, w),
            };
            if w.is_empty()
                || w.contains(['*', '$', '+', '%', '^', '&', '(', ')', '{', '}', '[', ']'])
            {
                return Err(format!("bad verb form `{text}`"));
            }
            if marked {
                if verb.is_some() {
                    return Err(format!("two `+` verb marks in `{text}`"));
                }
                verb = Some(words.len());
            }
            words.push(w.to_ascii_uppercase());
        }
        if words.is_empty() {
            return Err("empty verb form".to_string());
        }
        Ok(VerbForm {
            words,
            verb: verb.unwrap_or(0),
        })
    }
}

impl std::fmt::Display for VerbForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                f.write_str("_")?;
            }
            if i == self.verb && self.words.len() > 1 {
                f.write_str("+")?;
            }
            f.write_str(w)?;
        }
        Ok(())
    }
}

/// A verb line in a block: `BREAK {BROKE BROKEN}`, `+CORDON_OFF {...}`, `DOWNPLAY [014]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbEntry {
    /// The base form as written.
    pub lemma: VerbForm,
    /// The forms given in `{...}`; when present they replace the generated regular forms.
    pub irregular: Vec<VerbForm>,
    /// The verb's own code, overriding the block code for the verb alone.
    pub code: Option<EventCode>,
    /// Line it was read from.
    pub line: usize,
}

impl VerbEntry {
    /// All forms to match: the lemma, then the irregular forms if given, else the regular
    /// `-S`, `-ED`, `-ING` forms of the verb word.
    pub fn forms(&self) -> Vec<VerbForm> {
        let mut out = vec![self.lemma.clone()];
        if self.irregular.is_empty() {
            for w in regular_verb_forms(self.lemma.verb_word()) {
                out.push(self.lemma.with_verb(w));
            }
        } else {
            out.extend(self.irregular.iter().cloned());
        }
        out
    }
}

/// Regular English forms of an upper-case verb, as PETRARCH generates them (no consonant
/// doubling: irregular and doubled forms are listed in `{...}` in the dictionaries).
pub fn regular_verb_forms(verb: &str) -> [String; 3] {
    let v = verb.to_ascii_uppercase();
    let vowel = |c: char| matches!(c, 'A' | 'E' | 'I' | 'O' | 'U');
    if let Some(stem) = v.strip_suffix('E') {
        let ing = if stem.ends_with('E') || stem.is_empty() {
            format!("{v}ING")
        } else {
            format!("{stem}ING")
        };
        return [format!("{v}S"), format!("{v}D"), ing];
    }
    if let Some(stem) = v.strip_suffix('Y') {
        if stem.chars().last().is_some_and(|c| !vowel(c)) {
            return [
                format!("{stem}IES"),
                format!("{stem}IED"),
                format!("{v}ING"),
            ];
        }
    }
    let s = if v.ends_with('S')
        || v.ends_with('X')
        || v.ends_with('Z')
        || v.ends_with("CH")
        || v.ends_with("SH")
    {
        format!("{v}ES")
    } else {
        format!("{v}S")
    };
    [s, format!("{v}ED"), format!("{v}ING")]
}

/// A verb block: `--- NAME [CODE] ---`, its verbs and its patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    /// The name in the header (a description, usually the main verb).
    pub name: String,
    /// Codes in the header; the first is the block's primary code. Usually one; none means null.
    pub codes: Vec<EventCode>,
    /// The verbs of the block.
    pub verbs: Vec<VerbEntry>,
    /// The patterns of the block, in file order (PETRARCH tries more specific ones first).
    pub patterns: Vec<Pattern>,
    /// Line of the header.
    pub line: usize,
}

impl VerbBlock {
    /// The block's primary code (null when the header has none).
    pub fn code(&self) -> EventCode {
        self.codes.first().cloned().unwrap_or_else(EventCode::null)
    }

    /// The code of `verb` used alone: its own code, else the block's.
    pub fn verb_code(&self, verb: &VerbEntry) -> EventCode {
        verb.code.clone().unwrap_or_else(|| self.code())
    }
}

/// A `~` transformation line, kept as text (none is active in the validation files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    /// The text after `~`.
    pub text: String,
    /// Line it was read from.
    pub line: usize,
}

/// A whole verb dictionary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerbDict {
    /// Synsets in file order (a name defined twice appears twice; [`VerbDict::synset`] returns
    /// the last definition).
    pub synsets: Vec<Synset>,
    /// Verb blocks in file order.
    pub blocks: Vec<VerbBlock>,
    /// Transformation lines.
    pub transformations: Vec<Transformation>,
}

impl VerbDict {
    /// Reads and parses a verb dictionary file.
    pub fn read(path: &Path) -> Result<Parsed<VerbDict>, DictError> {
        let (text, label) = read_text(path)?;
        Ok(Self::parse(&text, &label))
    }

    /// Parses verb dictionary text; `file` labels the errors.
    pub fn parse(text: &str, file: &str) -> Parsed<VerbDict> {
        let mut skipped = Vec::new();
        let lines = source_lines(text, file, false, &mut skipped);
        let content_lines = lines.len();
        let mut p = VerbParser::default();
        let mut parsed_lines = 0;
        for l in &lines {
            match p.line(l.text, l.number) {
                Ok(()) => parsed_lines += 1,
                Err(message) => skipped.push(DictError::new(file, l.number, message)),
            }
        }
        skipped.sort_by_key(|e| e.line);
        Parsed {
            dict: p.dict,
            skipped,
            content_lines,
            parsed_lines,
        }
    }

    /// The synset called `name` (with or without `&`); the last definition if repeated.
    pub fn synset(&self, name: &str) -> Option<&Synset> {
        let name = name.trim_start_matches('&').trim_end_matches('_');
        self.synsets.iter().rev().find(|s| s.name == name)
    }

    /// Every word sequence the synset `name` stands for: nested synsets and groups flattened,
    /// and, unless the label or the member ends with `_`, the regular plural of a member whose
    /// last element is a word. Members are consecutive words (blank and `_` alike). Empty for an
    /// unknown synset; expansion stops at a nesting depth of 8 and at 10,000 sequences.
    pub fn synset_phrases(&self, name: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        self.expand_synset(name, 0, &mut out);
        out
    }

    fn expand_synset(&self, name: &str, depth: usize, out: &mut Vec<Vec<String>>) {
        const MAX_DEPTH: usize = 8;
        let Some(set) = self.synset(name) else { return };
        if depth > MAX_DEPTH {
            return;
        }
        for m in &set.members {
            let seqs = self.expand_items(&m.items, depth);
            let plural = set.plurals
                && matches!(
                    m.items.last(),
                    Some(Item {
                        element: Element::Word { exact: false, .. },
                        ..
                    })
                );
            for seq in seqs {
                if out.len() >= MAX_SEQUENCES {
                    return;
                }
                if plural {
                    let mut p = seq.clone();
                    if let Some(last) = p.last_mut() {
                        *last = super::regular_plural(last);
                    }
                    out.push(seq);
                    out.push(p);
                } else {
                    out.push(seq);
                }
            }
        }
    }

    fn expand_items(&self, items: &[Item], depth: usize) -> Vec<Vec<String>> {
        let mut acc: Vec<Vec<String>> = vec![Vec::new()];
        for item in items {
            let options: Vec<Vec<String>> = match &item.element {
                Element::Word { text, .. } => vec![vec![text.clone()]],
                Element::Synset(n) => {
                    let mut v = Vec::new();
                    self.expand_synset(n, depth + 1, &mut v);
                    v
                }
                Element::NounPhrase(inner) | Element::PrepPhrase(inner) => {
                    self.expand_items(inner, depth)
                }
                // Slots never occur in synsets (the reader rejects them).
                _ => vec![Vec::new()],
            };
            let mut next = Vec::new();
            'outer: for a in &acc {
                for o in &options {
                    if next.len() >= MAX_SEQUENCES {
                        break 'outer;
                    }
                    let mut seq = a.clone();
                    seq.extend(o.iter().cloned());
                    next.push(seq);
                }
            }
            acc = next;
        }
        acc
    }

    /// The first block with this header name.
    pub fn block(&self, name: &str) -> Option<&VerbBlock> {
        self.blocks.iter().find(|b| b.name == name)
    }

    /// Every pattern with its block, in file order.
    pub fn patterns(&self) -> impl Iterator<Item = (&VerbBlock, &Pattern)> {
        self.blocks
            .iter()
            .flat_map(|b| b.patterns.iter().map(move |p| (b, p)))
    }

    /// Every surface form of every verb, with the indices of its block and of its entry in
    /// that block's `verbs`: what a coder indexes (by [`VerbForm::verb_word`]) to find the
    /// blocks a sentence's verb belongs to.
    pub fn verb_forms(&self) -> Vec<(VerbForm, usize, usize)> {
        let mut out = Vec::new();
        for (bi, b) in self.blocks.iter().enumerate() {
            for (vi, v) in b.verbs.iter().enumerate() {
                out.extend(v.forms().into_iter().map(|f| (f, bi, vi)));
            }
        }
        out
    }

    /// Total number of patterns over all blocks.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// Total number of verb lines over all blocks.
    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.verbs.len()).sum()
    }
}

/// Cap on the sequences a synset expands to (guards against a pathological file).
const MAX_SEQUENCES: usize = 10_000;

#[derive(Default)]
struct VerbParser {
    dict: VerbDict,
    /// Synset names defined so far: a synset must be defined before use.
    known: HashSet<String>,
    /// True right after a `&NAME` line and its `+` members.
    in_synset: bool,
    /// Index of the last definition of each synset name.
    by_name: HashMap<String, usize>,
}

impl VerbParser {
    fn line(&mut self, text: &str, number: usize) -> Result<(), String> {
        let in_synset = std::mem::take(&mut self.in_synset);
        if text.starts_with("---") {
            return self.header(text, number);
        }
        if let Some(rest) = text.strip_prefix('&') {
            return self.synset_label(rest, number);
        }
        if in_synset {
            if let Some(rest) = text.strip_prefix('+') {
                self.in_synset = true;
                return self.synset_member(rest, number);
            }
        }
        if let Some(rest) = text.strip_prefix('~') {
            self.dict.transformations.push(Transformation {
                text: rest.trim().to_string(),
                line: number,
            });
            return Ok(());
        }
        if let Some(rest) = text.strip_prefix('-') {
            return self.pattern(rest, number);
        }
        if text.starts_with('*') {
            return Err(format!("pattern line without the leading `-`: `{text}`"));
        }
        self.verb(text, number)
    }

    fn header(&mut self, text: &str, number: usize) -> Result<(), String> {
        let body = text.trim_start_matches('-').trim();
        let body = body.strip_suffix("---").unwrap_or(body).trim();
        let (name, mut rest) = match body.find('[') {
            Some(i) => (body[..i].trim(), &body[i..]),
            None => (body, ""),
        };
        if name.is_empty() {
            return Err(format!("verb block header without a name: `{text}`"));
        }
        let mut codes = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let inner = rest
                .strip_prefix('[')
                .and_then(|r| r.find(']').map(|c| (&r[..c], &r[c + 1..])));
            match inner {
                Some((code, after)) => {
                    codes.push(EventCode::parse(code)?);
                    rest = after;
                }
                None => return Err(format!("bad verb block header: `{text}`")),
            }
        }
        self.dict.blocks.push(VerbBlock {
            name: name.to_ascii_uppercase(),
            codes,
            verbs: Vec::new(),
            patterns: Vec::new(),
            line: number,
        });
        Ok(())
    }

    fn synset_label(&mut self, rest: &str, number: usize) -> Result<(), String> {
        let label = rest.trim();
        if label.is_empty() || label.contains(char::is_whitespace) {
            return Err(format!("bad synset label `&{label}`"));
        }
        let plurals = !label.ends_with('_');
        let name = label.trim_end_matches('_').to_ascii_uppercase();
        self.known.insert(name.clone());
        self.by_name.insert(name.clone(), self.dict.synsets.len());
        self.dict.synsets.push(Synset {
            name,
            plurals,
            members: Vec::new(),
            line: number,
        });
        self.in_synset = true;
        Ok(())
    }

    fn synset_member(&mut self, rest: &str, number: usize) -> Result<(), String> {
        let items = parse_items(rest, &self.known)?;
        if items.is_empty() {
            return Err("empty synset member".to_string());
        }
        let mut slot = false;
        for i in &items {
            i.element.visit(&mut |e| slot |= e.is_slot());
        }
        if slot {
            return Err(format!(
                "synset member with `* $ + % ^`: `+{}`",
                rest.trim()
            ));
        }
        match self.dict.synsets.last_mut() {
            Some(s) => {
                s.members.push(SynsetMember {
                    items,
                    line: number,
                });
                Ok(())
            }
            None => Err("synset member without a synset".to_string()),
        }
    }

    fn pattern(&mut self, rest: &str, number: usize) -> Result<(), String> {
        let (body, code) = split_trailing_bracket(rest)
            .ok_or_else(|| format!("pattern without a [code]: `-{rest}`"))?;
        let code = EventCode::parse(code)?;
        let items = parse_items(body, &self.known)?;
        let top = items.iter().filter(|i| i.element == Element::Verb).count();
        let mut all = 0;
        for i in &items {
            i.element
                .visit(&mut |e| all += usize::from(*e == Element::Verb));
        }
        if top != 1 || all != 1 {
            return Err(format!(
                "pattern needs exactly one `*` outside groups: `-{rest}`"
            ));
        }
        let block = self.dict.blocks.len().saturating_sub(1);
        match self.dict.blocks.last_mut() {
            Some(b) => {
                b.patterns.push(Pattern {
                    items,
                    code,
                    block,
                    line: number,
                });
                Ok(())
            }
            None => Err("pattern before any verb block header".to_string()),
        }
    }

    fn verb(&mut self, text: &str, number: usize) -> Result<(), String> {
        let (rest, code) = match split_trailing_bracket(text) {
            Some((rest, inner)) => (rest, Some(EventCode::parse(inner)?)),
            None => (text, None),
        };
        let (lemma, irregular) = match rest.find('{') {
            None => (rest, Vec::new()),
            Some(open) => {
                let after = &rest[open + 1..];
                let close = after
                    .find('}')
                    .ok_or_else(|| format!("unclosed `{{` in verb line `{text}`"))?;
                if !after[close + 1..].trim().is_empty() {
                    return Err(format!("unexpected text after `}}` in `{text}`"));
                }
                let forms = after[..close]
                    .split_whitespace()
                    .map(VerbForm::parse)
                    .collect::<Result<Vec<_>, _>>()?;
                (&rest[..open], forms)
            }
        };
        let lemma = VerbForm::parse(lemma)?;
        match self.dict.blocks.last_mut() {
            Some(b) => {
                b.verbs.push(VerbEntry {
                    lemma,
                    irregular,
                    code,
                    line: number,
                });
                Ok(())
            }
            None => Err(format!("verb `{text}` before any verb block header")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lex {
    Word(String),
    Under,
    Space,
    Open(char),
    Close(char),
}

fn lex(text: &str) -> Result<Vec<Lex>, String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Lex>| {
        if !word.is_empty() {
            out.push(Lex::Word(std::mem::take(word)));
        }
    };
    for c in text.chars() {
        match c {
            c if c.is_whitespace() => {
                flush(&mut word, &mut out);
                if out.last() != Some(&Lex::Space) {
                    out.push(Lex::Space);
                }
            }
            '_' => {
                flush(&mut word, &mut out);
                out.push(Lex::Under);
            }
            '{' | '(' => {
                flush(&mut word, &mut out);
                out.push(Lex::Open(c));
            }
            '}' | ')' => {
                flush(&mut word, &mut out);
                out.push(Lex::Close(c));
            }
            '<' | '>' | '|' | '[' | ']' => {
                return Err(format!("unsupported `{c}` in pattern `{}`", text.trim()));
            }
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    Ok(out)
}

/// Parses pattern or synset-member text into items. `known` holds the synsets defined so far;
/// a synset name may itself contain `_` (`&FIGHT_OF_WORDS`), so the longest defined name wins.
fn parse_items(text: &str, known: &HashSet<String>) -> Result<Vec<Item>, String> {
    let lexes = lex(text)?;
    let mut pos = 0;
    parse_seq(&lexes, &mut pos, None, known, text)
}

fn parse_seq(
    lx: &[Lex],
    pos: &mut usize,
    close: Option<char>,
    known: &HashSet<String>,
    text: &str,
) -> Result<Vec<Item>, String> {
    let mut items: Vec<Item> = Vec::new();
    let mut joined = false;
    loop {
        let Some(lex) = lx.get(*pos) else {
            return match close {
                Some(c) => Err(format!("missing `{c}` in `{}`", text.trim())),
                None => Ok(items),
            };
        };
        *pos += 1;
        match lex {
            Lex::Space => joined = false,
            Lex::Under => match lx.get(*pos) {
                Some(Lex::Word(_)) | Some(Lex::Open(_)) => joined = !items.is_empty(),
                // `IN_ *` or `OFF_` at the end: the underscore closes the word.
                _ => {
                    if let Some(Item {
                        element: Element::Word { exact, .. },
                        ..
                    }) = items.last_mut()
                    {
                        *exact = true;
                    }
                    joined = false;
                }
            },
            Lex::Open(c) => {
                let want = if *c == '{' { '}' } else { ')' };
                let inner = parse_seq(lx, pos, Some(want), known, text)?;
                if inner.is_empty() {
                    return Err(format!("empty `{c}{want}` in `{}`", text.trim()));
                }
                let element = if *c == '{' {
                    Element::NounPhrase(inner)
                } else {
                    Element::PrepPhrase(inner)
                };
                items.push(Item {
                    element,
                    consecutive: joined,
                });
                joined = false;
            }
            Lex::Close(c) => {
                return if Some(*c) == close {
                    Ok(items)
                } else {
                    Err(format!("unbalanced `{c}` in `{}`", text.trim()))
                };
            }
            Lex::Word(w) => {
                let element = if let Some(name) = w.strip_prefix('&') {
                    Element::Synset(synset_name(name, lx, pos, known)?)
                } else {
                    match w.as_str() {
                        "*" => Element::Verb,
                        "$" => Element::Source,
                        "+" => Element::Target,
                        "%" => Element::Compound,
                        "^" => Element::Skip,
                        _ if w.contains(['*', '$', '%', '^', '&', '+']) => {
                            return Err(format!("stray special character in `{w}`"));
                        }
                        _ => Element::Word {
                            text: w.to_ascii_uppercase(),
                            exact: false,
                        },
                    }
                };
                items.push(Item {
                    element,
                    consecutive: joined,
                });
                joined = false;
            }
        }
    }
}

/// Resolves `&NAME` where NAME may continue over `_WORD` lexes; consumes the lexes used.
fn synset_name(
    first: &str,
    lx: &[Lex],
    pos: &mut usize,
    known: &HashSet<String>,
) -> Result<String, String> {
    let mut candidate = first.to_ascii_uppercase();
    let mut best = known
        .contains(&candidate)
        .then(|| (candidate.clone(), *pos));
    let mut p = *pos;
    while let (Some(Lex::Under), Some(Lex::Word(w))) = (lx.get(p), lx.get(p + 1)) {
        candidate = format!("{candidate}_{}", w.to_ascii_uppercase());
        p += 2;
        if known.contains(&candidate) {
            best = Some((candidate.clone(), p));
        }
    }
    match best {
        Some((name, end)) => {
            *pos = end;
            Ok(name)
        }
        None => Err(format!(
            "undefined synset `&{}` (a synset must be defined before use)",
            first.to_ascii_uppercase()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Element {
        Element::Word {
            text: t.to_string(),
            exact: false,
        }
    }

    const MINI: &str = "\
&TIE_TYPES_
+MILITARY
+ECONOMIC_
&NEG
+DID N'T
+(TO THE END)
+&TIE_TYPES
--- BREAK [1717] ---
BREAK { BROKE BROKEN  }
+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN}
WIRE_+TAP [002]
- + KNOWN_ * IN_ $  [076]  # comment
- * (TO PEACE &TIE_TYPES) [037:037]
- &NEG_WANT * {NEW &TIE_TYPES RELATIONS} [904]
- * DIPLXMATIC  [###]
- * &UNDEFINED [1]
- * ( TO [2]
- SAID [3]
* (TO QUESTION) [110]
--- DELAY [120]  [031:031]  ---
DELAY
- % * [:080]
~ a (a b ATTACK) SAY = a b 015
";

    #[test]
    fn parses_synsets_blocks_and_patterns() {
        let p = VerbDict::parse(MINI, "mini");
        let lines: Vec<_> = p.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, [16, 17, 18, 19], "{:#?}", p.skipped);
        assert_eq!(p.parsed_lines + p.skipped.len(), p.content_lines);
        let d = &p.dict;
        let tie = d.synset("&TIE_TYPES").unwrap();
        assert!(!tie.plurals);
        assert_eq!(tie.members.len(), 2);
        let neg = d.synset("NEG").unwrap();
        assert_eq!(
            neg.members[1].items[0].element,
            Element::PrepPhrase(vec![
                Item {
                    element: word("TO"),
                    consecutive: false
                },
                Item {
                    element: word("THE"),
                    consecutive: false
                },
                Item {
                    element: word("END"),
                    consecutive: false
                },
            ])
        );
        assert_eq!(
            neg.members[2].items[0].element,
            Element::Synset("TIE_TYPES".into())
        );

        let b = d.block("BREAK").unwrap();
        assert_eq!(b.code().code, "1717");
        assert_eq!(b.verbs.len(), 3);
        let forms: Vec<String> = b.verbs[0].forms().iter().map(|f| f.to_string()).collect();
        assert_eq!(forms, ["BREAK", "BROKE", "BROKEN"]);
        assert_eq!(b.verbs[1].irregular[1].to_string(), "+BROKE_DOWN");
        assert_eq!(b.verbs[2].lemma.verb_word(), "TAP");
        let tap: Vec<String> = b.verbs[2].forms().iter().map(|f| f.to_string()).collect();
        assert_eq!(
            tap,
            ["WIRE_+TAP", "WIRE_+TAPS", "WIRE_+TAPED", "WIRE_+TAPING"]
        );
        assert_eq!(b.verb_code(&b.verbs[2]).code, "002");

        assert_eq!(b.patterns.len(), 4);
        let p0 = &b.patterns[0];
        assert!(p0.has_source() && p0.has_target());
        assert_eq!(p0.verb_index(), 2);
        assert_eq!(
            p0.items[1].element,
            Element::Word {
                text: "KNOWN".into(),
                exact: true
            }
        );
        assert_eq!(
            p0.after_verb()[0].element,
            Element::Word {
                text: "IN".into(),
                exact: true
            }
        );
        assert_eq!(p0.code.code, "076");
        let p1 = &b.patterns[1];
        assert_eq!(p1.code.paired.as_deref(), Some("037"));
        assert_eq!(p1.synset_refs(), ["TIE_TYPES"]);
        let p2 = &b.patterns[2];
        assert_eq!(p2.items[0].element, Element::Synset("NEG".into()));
        assert_eq!(
            p2.items[1],
            Item {
                element: word("WANT"),
                consecutive: true
            }
        );
        assert_eq!(p2.synset_refs(), ["NEG", "TIE_TYPES"]);
        assert_eq!(b.patterns[3].code.code, "###");

        let delay = d.block("DELAY").unwrap();
        assert_eq!(delay.codes.len(), 2);
        assert_eq!(delay.patterns[0].items[0].element, Element::Compound);
        assert!(delay.patterns[0].code.is_null());
        assert_eq!(delay.patterns[0].code.paired.as_deref(), Some("080"));
        assert_eq!(d.transformations.len(), 1);
    }

    /// Every pattern of the validation files prints back to text that parses to the same items.
    #[test]
    fn validation_patterns_round_trip() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/petrarch_validation");
        for name in ["PETR.Validate.verbs.txt", "PETR.Validate.verbs.2.0.txt"] {
            let Ok(parsed) = VerbDict::read(&dir.join(name)) else {
                eprintln!("skipping: {name} not found");
                continue;
            };
            let known: HashSet<String> =
                parsed.dict.synsets.iter().map(|s| s.name.clone()).collect();
            let mut n = 0;
            for b in &parsed.dict.blocks {
                for p in &b.patterns {
                    let text = p.to_string();
                    let body = text
                        .strip_prefix("- ")
                        .and_then(|t| t.rsplit_once(" ["))
                        .map(|(body, _)| body)
                        .unwrap();
                    assert_eq!(parse_items(body, &known).unwrap(), p.items, "{text}");
                    n += 1;
                }
            }
            assert!(n > 400, "{name}: {n}");
        }
    }

    #[test]
    fn synset_phrases_flatten_and_pluralise() {
        let text =
            "&A_\n+MILITARY\n+ECONOMIC_\n&B\n+&A\n+BIG DEAL\n+(TO THE END)\n+CLOSURE_\n&C\n+&C\n";
        let p = VerbDict::parse(text, "s");
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let got: Vec<String> = p
            .dict
            .synset_phrases("B")
            .iter()
            .map(|s| s.join(" "))
            .collect();
        assert_eq!(
            got,
            [
                "MILITARY",
                "ECONOMIC",
                "BIG DEAL",
                "BIG DEALS",
                "TO THE END",
                "CLOSURE"
            ]
        );
        // A self-referencing synset terminates.
        assert!(p.dict.synset_phrases("C").is_empty());
        assert!(p.dict.synset_phrases("NOPE").is_empty());
    }

    #[test]
    fn regular_forms() {
        assert_eq!(
            regular_verb_forms("ACCUSE"),
            ["ACCUSES", "ACCUSED", "ACCUSING"]
        );
        assert_eq!(regular_verb_forms("DENY"), ["DENIES", "DENIED", "DENYING"]);
        assert_eq!(regular_verb_forms("OBEY"), ["OBEYS", "OBEYED", "OBEYING"]);
        assert_eq!(regular_verb_forms("PUSH"), ["PUSHES", "PUSHED", "PUSHING"]);
        assert_eq!(
            regular_verb_forms("AGREE"),
            ["AGREES", "AGREED", "AGREEING"]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "-",
            "- *",
            "---",
            "&",
            "+",
            "[",
            "]",
            "- * ]",
            "- [x]",
            "{",
            "- _ * _ [1]",
            "- &",
            "- ( * ) [1]",
            "X {",
            "X {a} b",
        ] {
            let _ = VerbDict::parse(t, "odd");
        }
    }
}
