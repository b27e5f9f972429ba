//! In whose words: direct quotations and their speakers.
//!
//! [`find_quotes`] finds the quoted stretches of the text and attributes each to a speaker.
//!
//! **Marks.** Straight (`"…"`) and curly (`“…”`) double quotes, and curly (`‘…’`) or straight
//! (`'…'`) single quotes as the main marks. Inside a quotation the other kind is nested and
//! stays in the text (only the outermost quotation is reported). An apostrophe (`We’re`,
//! `Cox's`) is never a mark: a closing single mark must be followed by a non-letter, an opening
//! one must follow a space. A quotation still open at the end of its paragraph ends there
//! (news repeats the opening mark on each paragraph of a long quotation); the paragraphs of one
//! such quotation share one attribution.
//!
//! **Not quotations.** Scare quotes and names: marks after `so-called`, `known as`, `dubbed`,
//! `titled`, `nicknamed`; one or two words right after an article (`a "shutdown" of`); short
//! quotations with no attribution at all.
//!
//! **Speaker.** The attribution is the speech verb (`said`, `told`, `added`, `wrote`,
//! `called`, `blamed`, `according to`, …) after the quotation in its sentence, else before it
//! in its sentence, else the nearest speech verb before it outside quotations. Its speaker is
//! the verb's subject (or the noun phrase after a verb-first `said X`): a name without its
//! title (`Defence Minister Salvador Ortega` → `Salvador Ortega`), the name in an apposition
//! (`the envoy, Lars Eriksen`), a pronoun, or a described speaker (`a UN spokesman`, `the
//! ministry`). The canonical speaker ([`Speaker::entity`]) is the full name as first
//! introduced (`Wanjiru` → `Florence Wanjiru`); pronouns and role nouns (`he`, `the minister`)
//! take the most recent person named before the attribution; `the ministry` takes the first
//! `the … ministry` of the document; `a UN spokesman` drops its article. When the actor layer
//! is present, an actor mention covering the speaker's words supplies `code`, and its `entity`
//! replaces the fallback's for pronouns and title phrases (its coreference knows more there);
//! a written name keeps the form the document introduced (`Javad Zarif`, not the knowledge
//! base's `Mohammad Javad Zarif`).

use dyad_core::{Document, Quote, Span, Speaker};
use std::ops::Range;

/// A quotation found in the text (byte offsets of its words, marks excluded).
#[derive(Debug, Clone)]
struct Found {
    /// The quoted words.
    inner: Range<usize>,
    /// From the opening mark to the closing mark (or the paragraph end) inclusive.
    outer: Range<usize>,
    /// Index of the first quotation of its multi-paragraph group.
    group: usize,
}

/// The kind of the outer mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    StraightDouble,
    CurlyDouble,
    CurlySingle,
    StraightSingle,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Finds the quotations of the text, paragraph by paragraph.
fn scan(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut para_start = 0usize;
    let mut carried_group: Option<usize> = None;
    for para in text.split_inclusive('\n') {
        let base = para_start;
        para_start += para.len();
        let body = para.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            continue;
        }
        let chars: Vec<(usize, char)> = body.char_indices().collect();
        let mut open: Option<(Mark, usize, usize)> = None;
        let mut inner_open = false;
        let mut continued_from = carried_group.take();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
            let next = chars.get(k + 1).map(|x| x.1);
            match open {
                None => {
                    let after_space = prev.is_none_or(|p| {
                        p.is_whitespace() || matches!(p, '(' | '[' | ':' | '—' | '–')
                    });
                    let mark = match c {
                        '"' if !is_word_char(prev) || prev.is_none() => Some(Mark::StraightDouble),
                        '“' => Some(Mark::CurlyDouble),
                        '‘' if after_space && is_word_char(next) => Some(Mark::CurlySingle),
                        '\'' if after_space && next.is_some_and(|n| n.is_uppercase()) => {
                            Some(Mark::StraightSingle)
                        }
                        _ => None,
                    };
                    if let Some(m) = mark {
                        open = Some((m, base + i + c.len_utf8(), base + i));
                        inner_open = false;
                    }
                }
                Some((m, start, mark_at)) => {
                    let closes = match m {
                        Mark::StraightDouble => c == '"' || c == '”',
                        Mark::CurlyDouble => c == '”' || (c == '"' && !is_word_char(next)),
                        Mark::CurlySingle | Mark::StraightSingle => {
                            // Nested double quotes inside single ones.
                            if matches!(c, '"' | '“' | '”') {
                                inner_open = !inner_open;
                            }
                            let mark = if m == Mark::CurlySingle { '’' } else { '\'' };
                            !inner_open
                                && c == mark
                                && !is_word_char(next)
                                && prev.is_some_and(|p| !p.is_whitespace())
                        }
                    };
                    if closes {
                        let end = base + i;
                        push(
                            &mut out,
                            start..end,
                            mark_at..end + c.len_utf8(),
                            &mut continued_from,
                            text,
                        );
                        open = None;
                    }
                }
            }
            k += 1;
        }
        if let Some((_, start, mark_at)) = open {
            // Open at the paragraph's end: a quotation that continues in the next paragraph
            // when that one opens with a mark; a stray mark otherwise.
            let end = base + body.trim_end().len();
            let next_para = text[para_start..].trim_start();
            let continues = next_para.starts_with(['"', '“', '‘', '\'']);
            if continues && end > start {
                push(
                    &mut out,
                    start..end,
                    mark_at..end,
                    &mut continued_from,
                    text,
                );
                carried_group = out.last().map(|f| f.group);
            }
        }
    }
    out
}

fn push(
    out: &mut Vec<Found>,
    inner: Range<usize>,
    outer: Range<usize>,
    continued_from: &mut Option<usize>,
    text: &str,
) {
    if text.get(inner.clone()).is_none_or(|s| s.trim().is_empty()) {
        return;
    }
    let idx = out.len();
    let group = continued_from.take().unwrap_or(idx);
    out.push(Found {
        inner,
        outer,
        group,
    });
}

/// Words before a mark that make it a name or a scare quote, not speech.
const NOT_SPEECH_BEFORE: &[&str] = &[
    "so-called",
    "so called",
    "known as",
    "dubbed",
    "titled",
    "entitled",
    "nicknamed",
    "named",
    "branded",
    "labelled",
    "labeled",
    "termed",
];

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "tell",
    "added",
    "adds",
    "adding",
    "wrote",
    "writes",
    "asked",
    "replied",
    "called",
    "calls",
    "blamed",
    "accused",
    "warned",
    "insisted",
    "declared",
    "stated",
    "explained",
    "noted",
    "stressed",
    "urged",
    "announced",
    "argued",
    "claimed",
    "recalled",
    "admitted",
    "posted",
    "tweeted",
    "saying",
    "according",
    "described",
    "vowed",
    "promised",
    "pledged",
    "complained",
    "continued",
    "shouted",
    "cried",
];

/// Titles and honorifics stripped from the front of a name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "interior",
    "defence",
    "defense",
    "finance",
    "justice",
    "health",
    "secretary",
    "mayor",
    "governor",
    "premier",
    "captain",
    "capt",
    "general",
    "gen",
    "brigadier",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "major",
    "maj",
    "sergeant",
    "sgt",
    "commander",
    "admiral",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "imam",
    "rev",
    "father",
    "senator",
    "sen",
    "rep",
    "representative",
    "judge",
    "justice",
    "chief",
    "ambassador",
    "prosecutor",
    "police",
    "rebel",
    "opposition",
    "separatist",
    "military",
    "army",
    "deputy",
    "acting",
    "former",
    "interim",
    "attorney",
    "state",
    "chairman",
    "chairwoman",
    "speaker",
    "pope",
    "cardinal",
    "bishop",
    "archbishop",
];

/// Role nouns: `the minister said` refers to a person named earlier.
const PERSON_ROLES: &[&str] = &[
    "minister",
    "president",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "commander",
    "leader",
    "chief",
    "official",
    "officer",
    "premier",
    "ambassador",
    "secretary",
    "general",
    "colonel",
    "captain",
    "prosecutor",
    "lawyer",
    "judge",
    "doctor",
    "nurse",
    "witness",
    "resident",
    "chairman",
    "chairwoman",
    "director",
    "head",
    "man",
    "woman",
    "teacher",
    "student",
    "farmer",
    "driver",
    "prime",
];

/// Words that make a capitalised run an organisation, place or thing rather than a person.
const ORG_WORDS: &[&str] = &[
    "union",
    "nations",
    "ministry",
    "bank",
    "council",
    "court",
    "commission",
    "organization",
    "organisation",
    "department",
    "army",
    "party",
    "front",
    "agency",
    "office",
    "company",
    "university",
    "tower",
    "square",
    "street",
    "monument",
    "airport",
    "market",
    "house",
    "republic",
    "kingdom",
    "states",
    "news",
    "times",
    "post",
    "group",
    "committee",
    "forces",
    "force",
    "navy",
    "corps",
    "police",
    "guard",
    "institute",
    "foundation",
    "fund",
    "church",
    "hospital",
    "school",
    "centre",
    "center",
    "association",
    "federation",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "government",
    "trade",
    "international",
    "national",
    "world",
    "health",
    "security",
    "road",
    "river",
    "lake",
    "sea",
    "ocean",
    "mountains",
    "valley",
    "island",
    "islands",
    "province",
    "state",
    "region",
    "city",
    "county",
    "district",
    "camp",
    "facebook",
    "twitter",
    "reuters",
    "dyad",
    "ring",
    "park",
    "bridge",
    "palace",
    "hall",
    "stadium",
    "mosque",
    "report",
    "roadmap",
    "situation",
    "response",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it"];

const DETERMINERS: &[&str] = &["a", "an", "the", "one", "its", "his", "her", "their", "our"];

/// Prepositions that end a described speaker (`a UN spokesman in New York`).
const CUT_PREPS: &[&str] = &[
    "in", "at", "near", "from", "outside", "inside", "on", "during", "after", "before", "who",
    "which", "that",
];

/// The token view of a document used by the attribution rules.
struct View<'a> {
    doc: &'a Document,
    text: &'a str,
    words: Vec<&'a str>,
    lower: Vec<String>,
    /// The quotation (index into `found`) each token lies in, marks included.
    in_quote: Vec<Option<usize>>,
    /// Tokens the places layer says are places.
    is_place: Vec<bool>,
}

impl<'a> View<'a> {
    fn new(doc: &'a Document, found: &[Found]) -> Self {
        let text = doc.text();
        let words: Vec<&str> = doc
            .tokens
            .iter()
            .map(|t| doc.get(t.span).unwrap_or(""))
            .collect();
        let lower = words.iter().map(|w| w.to_lowercase()).collect();
        let mut in_quote = vec![None; words.len()];
        let mut is_place = vec![false; words.len()];
        let mut q = 0usize;
        for (i, t) in doc.tokens.iter().enumerate() {
            let s = t.span.start as usize;
            while q < found.len() && found[q].outer.end <= s {
                q += 1;
            }
            if let Some(f) = found.get(q) {
                if f.outer.start <= s && s < f.outer.end {
                    in_quote[i] = Some(q);
                }
            }
            is_place[i] = doc
                .places
                .iter()
                .any(|p| p.span.start <= t.span.start && t.span.end <= p.span.end);
        }
        View {
            doc,
            text,
            words,
            lower,
            in_quote,
            is_place,
        }
    }

    fn len(&self) -> usize {
        self.words.len()
    }

    fn span(&self, r: &Range<usize>) -> Span {
        let s = self.doc.tokens[r.start].span.start;
        let e = self.doc.tokens[r.end - 1].span.end;
        Span { start: s, end: e }
    }

    /// A capitalised word, or a name particle joined to one (`al-Saadi`).
    fn is_cap(&self, i: usize) -> bool {
        let w = self.words[i];
        let first = w.chars().next();
        if first.is_some_and(|c| c.is_uppercase()) {
            return w.chars().any(|c| c.is_alphabetic());
        }
        w.split('-')
            .skip(1)
            .any(|p| p.starts_with(char::is_uppercase))
    }

    fn is_particle(&self, i: usize) -> bool {
        matches!(
            self.lower[i].as_str(),
            "al" | "bin" | "ibn" | "de" | "da" | "dos" | "van" | "von" | "der" | "la" | "le" | "el"
        )
    }

    /// A hyphen or word joined to the token before it without a space (`al` `-` `Saadi`).
    fn glued(&self, i: usize) -> bool {
        i > 0
            && self.doc.tokens[i - 1].span.end == self.doc.tokens[i].span.start
            && (self.words[i] == "-" || self.words[i - 1] == "-")
    }

    /// Whether a newline separates token `i` from the one before it.
    fn newline_before(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let a = self.doc.tokens[i - 1].span.end as usize;
        let b = self.doc.tokens[i].span.start as usize;
        self.text.get(a..b).is_some_and(|g| g.contains('\n'))
    }

    fn is_sentence_end(&self, i: usize) -> bool {
        matches!(self.words[i], "." | "!" | "?" | ";")
    }

    fn is_noun(&self, i: usize) -> bool {
        match self.doc.syntax.as_ref().filter(|s| s.len() == self.len()) {
            Some(s) => s.upos[i] == "NOUN",
            None => {
                let l = &self.lower[i];
                !l.ends_with("ed") && !SPEECH_VERBS.contains(&l.as_str())
            }
        }
    }
}

/// One attribution: the words naming the speaker.
#[derive(Debug, Clone)]
struct Attribution {
    tokens: Range<usize>,
}

/// Finds the direct quotations of a document and their speakers.
///
/// Needs tokens (for the attribution); uses `doc.places` (to tell people from places),
/// `doc.actors` (codes and coreference) and `doc.syntax` (nouns versus verbs) when present.
pub fn find_quotes(doc: &Document) -> Vec<Quote> {
    let text = doc.text();
    let found = scan(text);
    if found.is_empty() {
        return Vec::new();
    }
    let v = View::new(doc, &found);
    let persons = person_mentions(&v);
    // Attribution per group of paragraphs.
    let mut group_attr: Vec<Option<Attribution>> = vec![None; found.len()];
    for (qi, f) in found.iter().enumerate() {
        if f.group != qi {
            continue;
        }
        let members: Vec<usize> = (qi..found.len())
            .filter(|&j| found[j].group == qi)
            .collect();
        let mut attr = None;
        for &j in &members {
            attr = after_attribution(&v, &found, j);
            if attr.is_some() {
                break;
            }
        }
        if attr.is_none() {
            attr = before_attribution(&v, &found, qi, true);
        }
        if attr.is_none() {
            attr = before_attribution(&v, &found, qi, false);
        }
        for j in members {
            group_attr[j] = attr.clone();
        }
    }
    let mut out = Vec::new();
    for (qi, f) in found.iter().enumerate() {
        let attr = &group_attr[qi];
        if is_not_speech(&v, f, attr.is_some()) {
            continue;
        }
        let speaker = attr.as_ref().map(|a| speaker_of(&v, &persons, a));
        out.push(Quote {
            span: Span::new(f.inner.start, f.inner.end),
            speaker,
        });
    }
    out
}

/// Scare quotes, names and titles.
fn is_not_speech(v: &View, f: &Found, attributed: bool) -> bool {
    let before = &v.text[..f.outer.start];
    let before_l = before.trim_end().to_lowercase();
    if NOT_SPEECH_BEFORE.iter().any(|w| before_l.ends_with(w)) {
        return true;
    }
    let inner = &v.text[f.inner.clone()];
    let nwords = inner.split_whitespace().count();
    let last_word = before_l
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if nwords <= 2 && matches!(last_word, "a" | "an" | "the") && before.ends_with(' ') {
        return true;
    }
    // A short capitalised phrase is a name or a title (`“El Gordo”`).
    let all_caps_words = inner
        .split_whitespace()
        .all(|w| w.starts_with(|c: char| c.is_uppercase()));
    if nwords <= 4 && all_caps_words && !inner.trim_end().ends_with(['.', ',', '!', '?']) {
        return true;
    }
    !attributed && nwords <= 4
}

/// Token range `[a, b)` of the tokens strictly inside byte range `r`.
fn tokens_in(v: &View, r: Range<usize>) -> Range<usize> {
    let a = v
        .doc
        .tokens
        .partition_point(|t| (t.span.start as usize) < r.start);
    let b = v
        .doc
        .tokens
        .partition_point(|t| (t.span.start as usize) < r.end);
    a..b.max(a)
}

/// The attribution after quotation `q` in its sentence (`“…,” he said`, `“…,” said X`).
fn after_attribution(v: &View, found: &[Found], q: usize) -> Option<Attribution> {
    let f = &found[q];
    // A quotation that ends its own sentence (`“… stop.” He said …`) is attributed after it
    // only by `!`/`?` and a lower-case pronoun (`“Why?” he asked`).
    let inner = v.text[f.inner.clone()].trim_end();
    if inner.ends_with('.') {
        return None;
    }
    let start = tokens_in(v, 0..f.outer.end).end;
    let mut end = start;
    while end < v.len()
        && v.in_quote[end].is_none()
        && !v.is_sentence_end(end)
        && !(end > start && v.newline_before(end))
    {
        end += 1;
    }
    if start >= end || v.newline_before(start) {
        return None;
    }
    // What follows must open an attribution: a name, a pronoun, an article or the verb
    // (`“…” and said`, `“…” for the violence` continue the sentence instead).
    let mut first = start;
    while first < end && v.words[first] == "," {
        first += 1;
    }
    if first >= end {
        return None;
    }
    let l = v.lower[first].as_str();
    let opens = !matches!(
        l,
        "and"
            | "but"
            | "or"
            | "for"
            | "to"
            | "of"
            | "in"
            | "on"
            | "at"
            | "with"
            | "as"
            | "because"
            | "while"
            | "although"
            | "though"
            | "which"
            | "that"
            | "so"
            | "than"
            | "if"
            | "when"
            | "from"
            | "by"
            | "into"
            | "about"
            | "after"
            | "before"
            | "since"
            | "until"
            | "is"
            | "was"
            | "are"
            | "were"
            | "will"
            | "would"
    );
    if !opens {
        return None;
    }
    // The verb must come early: `“…,” Defence Minister Salvador Ortega said …`.
    let limit = end.min(start + 12);
    let k = (start..limit).find(|&k| SPEECH_VERBS.contains(&v.lower[k].as_str()))?;
    speaker_for_verb(v, k, start, end)
}

/// The attribution before quotation `q`: in its sentence (`same_sentence`), or the nearest
/// speech verb before it outside quotations.
fn before_attribution(
    v: &View,
    found: &[Found],
    q: usize,
    same_sentence: bool,
) -> Option<Attribution> {
    let f = &found[q];
    let open = tokens_in(v, 0..f.outer.start).end;
    let mut k = open;
    let mut sentences = 0;
    while k > 0 {
        k -= 1;
        if v.in_quote[k].is_some() {
            if same_sentence {
                return None;
            }
            continue;
        }
        if v.is_sentence_end(k) || v.newline_before(k + 1) && k + 1 < open {
            if same_sentence {
                return None;
            }
            sentences += 1;
            if sentences > 4 {
                return None;
            }
        }
        if SPEECH_VERBS.contains(&v.lower[k].as_str()) {
            // Clause bounds around the verb.
            let mut a = k;
            while a > 0
                && v.in_quote[a - 1].is_none()
                && !v.is_sentence_end(a - 1)
                && !v.newline_before(a)
            {
                a -= 1;
            }
            let mut b = k + 1;
            while b < v.len() && v.in_quote[b].is_none() && !v.is_sentence_end(b) {
                b += 1;
            }
            if let Some(at) = speaker_for_verb(v, k, a, b) {
                return Some(at);
            }
        }
    }
    None
}

/// The speaker of speech verb `k` in the clause `[a, b)`.
fn speaker_for_verb(v: &View, k: usize, a: usize, b: usize) -> Option<Attribution> {
    let lower = v.lower[k].as_str();
    if matches!(lower, "adding" | "saying") {
        return None;
    }
    // `X dismissed them as "sheep" and said …`: a conjoined verb shares the sentence's
    // subject, which may lie before a quotation.
    let a = if k > a && matches!(v.lower[k - 1].as_str(), "and" | "but") {
        let mut s = k - 1;
        while s > 0
            && !(v.in_quote[s - 1].is_none() && v.is_sentence_end(s - 1))
            && !v.newline_before(s)
        {
            s -= 1;
        }
        s
    } else {
        a
    };
    let before: Vec<usize> = (a..k)
        .filter(|&i| v.words[i] != "," && v.words[i] != ":")
        .collect();
    if lower == "according" {
        // `according to a statement from the office`.
        let mut i = k + 1;
        if v.lower.get(i).map(String::as_str) != Some("to") {
            return None;
        }
        i += 1;
        let mut j = i;
        while j < b && j < i + 4 {
            if matches!(v.lower[j].as_str(), "from" | "by" | "of") {
                i = j + 1;
                break;
            }
            j += 1;
        }
        return noun_phrase(v, i, b);
    }
    if before.is_empty() {
        return noun_phrase(v, k + 1, b);
    }
    // Skip auxiliary-like words between subject and verb (`has said`).
    subject_phrase(v, a, k)
}

/// Splits `[a, b)` at commas into segments.
fn segments(v: &View, a: usize, b: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut s = a;
    for i in a..b {
        if v.words[i] == "," {
            if i > s {
                out.push(s..i);
            }
            s = i + 1;
        }
    }
    if b > s {
        out.push(s..b);
    }
    out
}

/// A segment that is only a name (capitalised words and particles), titles stripped; not a
/// place, not a phrase opened by a function word (`In Washington`).
fn pure_name(v: &View, r: &Range<usize>) -> Option<Range<usize>> {
    if r.is_empty() || is_adverbial(v, r.start) {
        return None;
    }
    let all = r
        .clone()
        .all(|i| v.is_cap(i) || (i > r.start && (v.is_particle(i) || v.glued(i))));
    if !all {
        return None;
    }
    if r.clone()
        .all(|i| DETERMINERS.contains(&v.lower[i].as_str()))
    {
        return None;
    }
    // A dateline place in capitals (`YEREVAN`) is not a speaker.
    if r.clone().any(|i| {
        let w = v.words[i];
        w.chars().filter(|c| c.is_alphabetic()).count() > 4 && !w.chars().any(|c| c.is_lowercase())
    }) {
        return None;
    }
    let s = strip_titles(v, r.clone());
    (!s.is_empty()).then_some(s)
}

/// Words that open a segment that is not the subject (`In Washington,`, `Asked when …,`,
/// `who trained …`, `34`).
fn is_adverbial(v: &View, i: usize) -> bool {
    let l = v.lower[i].as_str();
    matches!(
        l,
        "in" | "at"
            | "on"
            | "after"
            | "before"
            | "when"
            | "while"
            | "if"
            | "as"
            | "asked"
            | "speaking"
            | "who"
            | "which"
            | "whose"
            | "where"
            | "although"
            | "though"
            | "but"
            | "and"
            | "from"
            | "during"
            | "since"
            | "until"
            | "with"
            | "for"
            | "by"
            | "outside"
            | "inside"
            | "near"
            | "standing"
            | "writing"
            | "according"
    ) || l.starts_with(|c: char| c.is_ascii_digit())
}

/// Drops titles from the front of a name: `Defence Minister Salvador Ortega`, `Russian Foreign
/// Minister Sergei Volkov`, `U.N. Secretary-General Ban Ki-moon` (any word before a title is
/// part of the title).
fn strip_titles(v: &View, r: Range<usize>) -> Range<usize> {
    let is_title = |i: usize| {
        let l = v.lower[i].trim_end_matches('.');
        TITLES.contains(&l) || l.contains('-') && l.split('-').all(|p| TITLES.contains(&p))
    };
    let mut s = r.start;
    while s + 1 < r.end {
        let l = v.lower[s].trim_end_matches('.');
        if is_title(s) || is_title(s + 1) || DETERMINERS.contains(&l) {
            s += 1;
        } else {
            break;
        }
    }
    s..r.end
}

/// The runs of capitalised words in `[a, b)` (particles and hyphen-joined parts inside runs
/// allowed: `Fathi al-Warfalli`, `Jean-Robert Pierre`).
fn cap_runs(v: &View, a: usize, b: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        if v.is_cap(i) && !DETERMINERS.contains(&v.lower[i].as_str()) && v.in_quote[i].is_none() {
            let s = i;
            i += 1;
            while i < b
                && (v.is_cap(i)
                    || v.glued(i)
                    || (v.is_particle(i) && i + 1 < b && (v.is_cap(i + 1) || v.glued(i + 1))))
            {
                i += 1;
            }
            out.push(s..i);
        } else {
            i += 1;
        }
    }
    out
}

/// The subject before a speech verb, in the clause `[a, k)`.
fn subject_phrase(v: &View, a: usize, k: usize) -> Option<Attribution> {
    let segs: Vec<Range<usize>> = segments(v, a, k)
        .into_iter()
        .filter(|s| !is_adverbial(v, s.start))
        .collect();
    // A segment that is only a name wins (`The regional governor, Oleh Savchenko,`), unless it
    // is a place and another segment names someone.
    let names: Vec<Range<usize>> = segs.iter().filter_map(|s| pure_name(v, s)).collect();
    if let Some(n) = names
        .iter()
        .find(|n| !(*n).clone().any(|i| v.is_place[i]))
        .or(names.first())
    {
        return Some(Attribution { tokens: n.clone() });
    }
    let first = segs.first()?.clone();
    // A pronoun subject.
    if let Some(p) = first
        .clone()
        .rev()
        .find(|&i| PRONOUNS.contains(&v.lower[i].as_str()) && i + 3 >= k)
    {
        return Some(Attribution { tokens: p..p + 1 });
    }
    let det = DETERMINERS.contains(&v.lower[first.start].as_str());
    // The first capitalised run that heads its phrase (`Village elder Sher Afzal Khan`,
    // `Prime Minister Samir Haddad chaired … and said`, `her cousin Luis Carvajal`); a run
    // followed by a common noun is a modifier (`Government officials`, `a UN spokesman`), a
    // run after a preposition is not the subject (`in Naypyitaw`, `for the Department`).
    let runs = cap_runs(v, first.start, first.end);
    for r in &runs {
        let next_is_noun = r.end < first.end
            && !v.is_cap(r.end)
            && v.is_noun(r.end)
            && !CUT_PREPS.contains(&v.lower[r.end].as_str());
        if next_is_noun {
            continue;
        }
        if r.start > first.start {
            let p = v.lower[r.start - 1].as_str();
            if CUT_PREPS.contains(&p) || matches!(p, "for" | "of" | "the" | "to" | "with") {
                continue;
            }
            // After an article, only an apposition to a role noun (`her cousin Luis Carvajal`).
            if det && (!v.is_noun(r.start - 1) || v.is_cap(r.start - 1)) {
                continue;
            }
        }
        let s = strip_titles(v, r.clone());
        if !s.is_empty() {
            return Some(Attribution { tokens: s });
        }
    }
    described(v, first)
}

/// A described speaker: the phrase up to a locative preposition or relative pronoun.
fn described(v: &View, r: Range<usize>) -> Option<Attribution> {
    let mut e = r.start + 1;
    while e < r.end && !CUT_PREPS.contains(&v.lower[e].as_str()) {
        e += 1;
    }
    (e > r.start).then_some(Attribution { tokens: r.start..e })
}

/// The noun phrase after a verb-first attribution (`said the envoy, Lars Eriksen`).
fn noun_phrase(v: &View, a: usize, b: usize) -> Option<Attribution> {
    if a >= b {
        return None;
    }
    let segs = segments(v, a, b);
    for s in segs.iter().take(2) {
        if let Some(n) = pure_name(v, s) {
            return Some(Attribution { tokens: n });
        }
    }
    let first = segs.first()?.clone();
    if PRONOUNS.contains(&v.lower[first.start].as_str()) {
        return Some(Attribution {
            tokens: first.start..first.start + 1,
        });
    }
    // `said Captain Joshua Reed` with something after the name in the same segment.
    if v.is_cap(first.start) && !DETERMINERS.contains(&v.lower[first.start].as_str()) {
        let runs = cap_runs(v, first.start, first.end);
        if let Some(r) = runs.first() {
            let s = strip_titles(v, r.clone());
            if !s.is_empty() {
                return Some(Attribution { tokens: s });
            }
        }
    }
    described(v, first)
}

/// A person named in the text, outside quotations (for pronouns and surnames).
#[derive(Debug, Clone)]
struct Person {
    tokens: Range<usize>,
    /// The full name as first introduced.
    canonical: String,
}

/// The people named in the text, in order: capitalised runs of two or more words that are
/// not places or organisations, and later single words that repeat part of one.
fn person_mentions(v: &View) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    let mut i = 0;
    while i < v.len() {
        if v.in_quote[i].is_some() {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < v.len()
            && v.in_quote[e].is_none()
            && (v.is_cap(e) || (e > i && (v.is_particle(e) || v.glued(e))))
            && !(e > i && v.newline_before(e))
        {
            e += 1;
        }
        if e == i {
            i += 1;
            continue;
        }
        let run = strip_titles(v, i..e);
        let run = {
            // Leading function words of a sentence (`In`, `The`, `But`).
            let mut s = run.start;
            while s < run.end
                && matches!(
                    v.lower[s].as_str(),
                    "in" | "the"
                        | "a"
                        | "an"
                        | "but"
                        | "and"
                        | "at"
                        | "on"
                        | "for"
                        | "from"
                        | "as"
                        | "after"
                        | "when"
                        | "most"
                        | "some"
                )
            {
                s += 1;
            }
            s..run.end
        };
        i = e.max(i + 1);
        if run.is_empty() {
            continue;
        }
        let all_upper = run
            .clone()
            .all(|k| v.words[k].chars().all(|c| !c.is_lowercase()));
        let org = run.clone().any(|k| {
            ORG_WORDS.contains(&v.lower[k].as_str()) || v.is_place[k] || v.words[k].contains('.')
        });
        if all_upper || org {
            continue;
        }
        let text = v.text[v.span(&run).range()].to_string();
        if run.len() >= 2 {
            let words: Vec<&str> = text.split_whitespace().collect();
            // A later, longer or equal mention of someone already known keeps the first form.
            let known = out.iter().find(|p| {
                let pw: Vec<&str> = p.canonical.split_whitespace().collect();
                words.iter().any(|w| pw.last() == Some(w))
            });
            let canonical = known.map_or(text.clone(), |p| p.canonical.clone());
            out.push(Person {
                tokens: run,
                canonical,
            });
        } else {
            let w = text.as_str();
            if let Some(p) = out
                .iter()
                .find(|p| p.canonical.split_whitespace().any(|x| x == w))
            {
                let canonical = p.canonical.clone();
                out.push(Person {
                    tokens: run,
                    canonical,
                });
            }
        }
    }
    out
}

/// The speaker record of an attribution.
fn speaker_of(v: &View, persons: &[Person], a: &Attribution) -> Speaker {
    let span = v.span(&a.tokens);
    let words: Vec<&str> = a.tokens.clone().map(|i| v.lower[i].as_str()).collect();
    let text = &v.text[span.range()];
    let first_tok = a.tokens.start;
    let most_recent_person = || {
        persons
            .iter()
            .rev()
            .find(|p| p.tokens.end <= first_tok)
            .map(|p| p.canonical.clone())
    };
    let entity = if words.len() == 1 && PRONOUNS.contains(&words[0]) {
        most_recent_person()
    } else if DETERMINERS.contains(&words[0]) {
        let head = words.last().copied().unwrap_or("");
        if words[0] == "the" && PERSON_ROLES.contains(&head) && words.len() <= 3 {
            most_recent_person().or_else(|| Some(text_without_article(text)))
        } else if words[0] == "the" {
            Some(
                first_description(v, head, a.tokens.start)
                    .unwrap_or_else(|| text_without_article(text)),
            )
        } else {
            Some(text_without_article(text))
        }
    } else {
        // A name: its first full form.
        let last = text.split_whitespace().last().unwrap_or(text);
        persons
            .iter()
            .find(|p| p.canonical.split_whitespace().any(|w| w == last))
            .map(|p| p.canonical.clone())
            .or_else(|| Some(text.to_string()))
    };
    let mut speaker = Speaker {
        span,
        entity,
        code: None,
    };
    // The actor layer, when there is one, knows codes and resolves coreference.
    if let Some(act) = v
        .doc
        .actors
        .iter()
        .find(|m| m.span.start <= span.start && span.end <= m.span.end || m.span == span)
    {
        speaker.code = Some(act.code.clone());
        // A name keeps the form the document introduced; the actor layer's coreference
        // decides for pronouns and titles (`he`, `the minister`), where it knows more.
        let resolved_by_reference =
            words.len() <= 3 && (PRONOUNS.contains(&words[0]) || DETERMINERS.contains(&words[0]));
        if let Some(e) = &act.entity {
            if resolved_by_reference || speaker.entity.is_none() {
                speaker.entity = Some(e.clone());
            }
        }
    }
    speaker
}

fn text_without_article(text: &str) -> String {
    for a in ["the ", "The ", "a ", "A ", "an ", "An ", "one ", "One "] {
        if let Some(rest) = text.strip_prefix(a) {
            return rest.to_string();
        }
    }
    text.to_string()
}

/// The first `the … <head>` phrase of the document (`the ministry` → `defence ministry`).
fn first_description(v: &View, head: &str, before: usize) -> Option<String> {
    for i in 0..before.min(v.len()) {
        if v.lower[i] != head || v.in_quote[i].is_some() {
            continue;
        }
        let lo = i.saturating_sub(5);
        let det = (lo..i).rev().find(|&j| v.lower[j] == "the")?;
        if (det + 1..i).any(|j| v.words[j] == "," || v.is_sentence_end(j)) {
            continue;
        }
        if det + 1 > i {
            continue;
        }
        let span = v.span(&(det + 1..i + 1));
        return Some(v.text[span.range()].to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes_of(text: &str) -> Vec<String> {
        scan(text)
            .into_iter()
            .map(|f| text[f.inner].to_string())
            .collect()
    }

    #[test]
    fn straight_curly_and_single_marks() {
        assert_eq!(
            quotes_of("“We tried,” he said. \"No,\" she said."),
            vec!["We tried,", "No,"]
        );
        assert_eq!(
            quotes_of("She said: ‘We’re seeing children who’ve never had it,’ she said."),
            vec!["We’re seeing children who’ve never had it,"]
        );
        assert_eq!(
            quotes_of("Penrose said: 'The recovery isn't secure.'\n\nNext."),
            vec!["The recovery isn't secure."]
        );
        // Apostrophes and possessives are not marks.
        assert!(quotes_of("Cox's Bazar and the rebels' N'Djamena base").is_empty());
    }

    #[test]
    fn nested_quotes_keep_inner_marks() {
        let t = "\"My father told me, 'We made a revolution.' Now I understand,\" said Maryam.";
        assert_eq!(
            quotes_of(t),
            vec!["My father told me, 'We made a revolution.' Now I understand,"]
        );
        let t = "“He said, ‘There is fire.’ Then it went dead,” Hodan Abdi told dyad.";
        assert_eq!(
            quotes_of(t),
            vec!["He said, ‘There is fire.’ Then it went dead,"]
        );
    }

    #[test]
    fn multi_paragraph_quotes_share_a_group() {
        let t = "Khan said the water rose. \"We were eating.\n\n\"The army came,\" he said.\n";
        let f = scan(t);
        assert_eq!(f.len(), 2);
        assert_eq!(&t[f[0].inner.clone()], "We were eating.");
        assert_eq!(&t[f[1].inner.clone()], "The army came,");
        assert_eq!(f[1].group, 0);
        // An unclosed mark with no continuation is dropped.
        assert!(scan("He said \"we were\n\nNothing more.").is_empty());
    }

    #[test]
    fn odd_input_never_panics() {
        for t in [
            "\"",
            "“",
            "‘",
            "'",
            "\"\"",
            "“”",
            "‘’",
            "\n\"\n\n\"",
            "a\"b\"c",
            "’‘",
        ] {
            let _ = scan(t);
            let mut d = Document::new(dyad_core::Metadata::with_id("x"), t);
            d.tokens = Vec::new();
            let _ = find_quotes(&d);
        }
    }
}
