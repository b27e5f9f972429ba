//! The English tokenizer, following the conventions of the UD English Web Treebank (EWT).
//!
//! [`Tokenizer::tokenize_into`] cuts a text into [`Token`]s, byte spans of the original text that
//! are never rewritten. The conventions are those of UD English EWT:
//!
//! * clitics and possessives are split off their host (`do n't`, `Russia 's`, `I 'm`, `can not`,
//!   `gon na`); the pieces after the first are marked [`Token::clitic`] (UD multiword tokens);
//! * abbreviations keep their period (`U.S.`, `Mr.`, `Jan.`, `etc.`), initials too (`J.`);
//! * numbers, dates, times and phone numbers stay whole (`3,000`, `2.5`, `11/28/2000`,
//!   `10:30`, `713-853-3989`), currency signs are split (`$ 5`), `5pm` is `5 pm`;
//! * URLs, e-mail addresses and file names stay whole, without the punctuation around them;
//! * hyphenated compounds are split (`search - engine`) except those EWT keeps whole: words
//!   starting with a listed prefix (`e-mail`, `co-workers`, `non-human`) or listed whole; both
//!   lists are derived from EWT train by [`derive_hyphen_list`];
//! * runs of `.!?` (`...`, `?!`) and of one repeated symbol (`--`, `''`, `***`) are one token,
//!   and so are common emoticons (`:)`, `:-(`).
//!
//! The scanner works on bytes; ASCII is classified with table look-ups and only non-ASCII
//! characters are decoded. It allocates nothing but the output vector. On UD English EWT it
//! reaches token F1 99.4 on dev and 99.3 on test (CoNLL 2018 scoring, see [`crate::eval`]).
//!
//! ```
//! use dyad_text::Tokenizer;
//!
//! let text = "Russia's army didn't move.";
//! let mut tokens = Vec::new();
//! Tokenizer::new().tokenize_into(text, &mut tokens);
//! let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.range()]).collect();
//! assert_eq!(words, ["Russia", "'s", "army", "did", "n't", "move", "."]);
//! assert!(tokens[1].clitic && tokens[4].clitic);
//! ```

use dyad_core::{Span, Token};
use std::collections::HashSet;

use crate::conllu::ConlluSentence;

/// Abbreviations that keep their period, one a line (derived from EWT train, plus news titles).
const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");
/// Hyphenated words EWT keeps whole: `prefix-` lines and whole words, derived from EWT train.
const HYPHEN_KEEP: &str = include_str!("../data/hyphen_keep.txt");

const ALNUM: u8 = 0;
const OTHER: u8 = 1;
const SPACE: u8 = 2;
const HIGH: u8 = 3;

/// Byte classes for the chunk scanner: ASCII letters and digits, other ASCII, ASCII white
/// space, and the bytes of multi-byte UTF-8 characters (decoded on the slow path).
static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            HIGH
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if c.is_ascii_whitespace() || c == 0x0b {
            SPACE
        } else {
            OTHER
        };
        i += 1;
    }
    t
};

/// Longest word looked up in the lists; longer words are never abbreviations or kept compounds.
const MAX_LOOKUP: usize = 40;

/// Cuts English text into tokens (see the [module documentation](self)).
#[derive(Debug, Clone)]
pub struct Tokenizer {
    abbrevs: HashSet<Box<[u8]>>,
    hyphen_prefixes: HashSet<Box<[u8]>>,
    hyphen_words: HashSet<Box<[u8]>>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

/// Lines of a list file, without comments and blank lines.
fn list_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Tokenizer {
    /// A tokenizer with the built-in abbreviation and hyphenation lists.
    pub fn new() -> Self {
        let abbrevs = list_lines(ABBREVIATIONS)
            .flat_map(str::split_whitespace)
            .map(|l| l.trim_end_matches('.').as_bytes().into())
            .collect();
        let mut hyphen_prefixes = HashSet::new();
        let mut hyphen_words = HashSet::new();
        for l in list_lines(HYPHEN_KEEP) {
            let lower = l.to_ascii_lowercase();
            if let Some(p) = lower.strip_suffix('-') {
                hyphen_prefixes.insert(p.as_bytes().into());
            } else {
                hyphen_words.insert(lower.as_bytes().into());
            }
        }
        Tokenizer {
            abbrevs,
            hyphen_prefixes,
            hyphen_words,
        }
    }

    /// Appends the tokens of `text` to `out` (which is not cleared), in text order.
    pub fn tokenize_into(&self, text: &str, out: &mut Vec<Token>) {
        let b = text.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n {
            // Skip whitespace (ASCII fast, Unicode spaces decoded).
            let c = b[i];
            if c < 0x80 {
                if c.is_ascii_whitespace() || c == 0x0b {
                    i += 1;
                    continue;
                }
            } else if let Some(ch) = text[i..].chars().next() {
                if ch.is_whitespace() {
                    i += ch.len_utf8();
                    continue;
                }
            }
            // A chunk: up to the next whitespace.
            let s = i;
            let mut simple = true;
            while i < n {
                let c = b[i];
                let class = CLASS[c as usize];
                if class == ALNUM {
                    i += 1;
                } else if class == OTHER {
                    simple = false;
                    i += 1;
                } else if class == SPACE {
                    break;
                } else {
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    if ch.is_whitespace() {
                        break;
                    }
                    simple = false;
                    i += ch.len_utf8();
                }
            }
            if simple {
                self.emit_word(text, s, i, out);
            } else {
                self.chunk(text, s, i, out);
            }
        }
    }

    /// A space-free chunk that is not plain ASCII letters and digits.
    fn chunk(&self, text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
        if let Some((us, ue)) = find_url(&text.as_bytes()[s..e]) {
            self.general(text, s, s + us, s, out);
            out.push(Token::new(Span::new(s + us, s + ue)));
            self.general(text, s + ue, e, s, out);
        } else {
            self.general(text, s, e, s, out);
        }
    }

    /// The scanner for mixed chunks: words, punctuation, clitics. `cs` is the chunk start.
    fn general(&self, text: &str, s: usize, e: usize, cs: usize, out: &mut Vec<Token>) {
        let b = text.as_bytes();
        let mut i = s;
        while i < e {
            let c = b[i];
            if c < 0x80 {
                if c.is_ascii_alphanumeric() || c == b'_' {
                    i = self.word_run(text, i, e, cs, out);
                    continue;
                }
                if let Some(len) = emoticon(b, i, e, cs) {
                    out.push(Token::new(Span::new(i, i + len)));
                    i += len;
                    continue;
                }
                match c {
                    b'@' | b'#' if i == cs && i + 1 < e && b[i + 1].is_ascii_alphabetic() => {
                        // `@Ryan`, `#audiobooks`: user names and hashtags are one token.
                        i = self.word_run(text, i, e, cs, out);
                    }
                    b'\'' => {
                        if starts_decade(b, i + 1, e) {
                            i = self.word_run(text, i, e, cs, out);
                        } else {
                            let j = run_of(b, i, e, |x| x == b'\'');
                            out.push(Token::new(Span::new(i, j)));
                            i = j;
                        }
                    }
                    b'.' | b'!' | b'?' => {
                        let mut j = run_of(b, i, e, |x| matches!(x, b'.' | b'!' | b'?'));
                        // An ellipsis before `?` or `!` is a token of its own (`... ?`).
                        let dots = run_of(b, i, j, |x| x == b'.');
                        if dots - i >= 2 && dots < j {
                            j = dots;
                        }
                        out.push(Token::new(Span::new(i, j)));
                        i = j;
                    }
                    b'-' | b'=' | b'*' | b'<' | b'>' | b'~' | b'#' | b'+' | b'^' | b'`' | b'|'
                    | b'/' | b'\\' | b',' | b'"' | b'$' => {
                        let j = run_of(b, i, e, |x| x == c);
                        out.push(Token::new(Span::new(i, j)));
                        i = j;
                    }
                    _ => {
                        out.push(Token::new(Span::new(i, i + 1)));
                        i += 1;
                    }
                }
            } else {
                let Some(ch) = text[i..].chars().next() else {
                    return;
                };
                let len = ch.len_utf8();
                if ch.is_alphanumeric() || ch == '’' && starts_decade(b, i + len, e) {
                    i = self.word_run(text, i, e, cs, out);
                } else if ch == '…' {
                    let mut j = i + len;
                    while j < e {
                        if b[j] == b'.' {
                            j += 1;
                        } else if b[j..e].starts_with("…".as_bytes()) {
                            j += len;
                        } else {
                            break;
                        }
                    }
                    out.push(Token::new(Span::new(i, j)));
                    i = j;
                } else if ch == '’' || ch == '”' || ch == '“' || ch == '‘' {
                    // Doubled typographic quotes (`’’`) are one token in EWT.
                    let mut j = i + len;
                    while j + len <= e && text[j..].starts_with(ch) {
                        j += len;
                    }
                    out.push(Token::new(Span::new(i, j)));
                    i = j;
                } else {
                    out.push(Token::new(Span::new(i, i + len)));
                    i += len;
                }
            }
        }
    }

    /// Scans a word starting at `i` (a letter, digit, `_`, or the apostrophe of `'90s`), emits
    /// it and any clitic split off its end, and returns where scanning goes on.
    fn word_run(&self, text: &str, i: usize, e: usize, cs: usize, out: &mut Vec<Token>) -> usize {
        let b = text.as_bytes();
        let start = i;
        let mut j = i;
        let mut has_dot = false;
        let mut hyphen_checked = false;
        if let Some(alen) = apostrophe_at(b, j, e) {
            j += alen;
        } else if matches!(b[j], b'@' | b'#') {
            j += 1;
        }
        while j < e {
            let c = b[j];
            if c.is_ascii_alphanumeric() || c == b'_' {
                // `n't`: the word ends before the `n` (`do|n't`, `ca|n't`).
                if (c | 0x20) == b'n' && j > start && is_letter_before(b, j, start) {
                    if let Some(alen) = apostrophe_at(b, j + 1, e) {
                        let t = j + 1 + alen;
                        if t < e && (b[t] | 0x20) == b't' && boundary_at(text, t + 1, e) {
                            self.emit_word(text, start, j, out);
                            out.push(clitic(j, t + 1));
                            return t + 1;
                        }
                    }
                }
                j += 1;
                continue;
            }
            if c >= 0x80 {
                let Some(ch) = text[j..].chars().next() else {
                    break;
                };
                if ch.is_alphanumeric() || is_mark(ch) {
                    j += ch.len_utf8();
                    continue;
                }
                if ch != '’' {
                    break;
                }
            }
            if let Some(alen) = apostrophe_at(b, j, e) {
                // Clitic suffixes: `'s 'm 'd 'll 're 've`, or the bare `'` of `visitors'`.
                let k = j + alen;
                let mut m = k;
                while m < e && b[m].is_ascii_alphabetic() && m - k < 3 {
                    m += 1;
                }
                let at_boundary = boundary_at(text, m, e);
                if j > start && at_boundary {
                    let suffix = &b[k..m];
                    let is_clitic = match suffix.len() {
                        0 => {
                            // `visitors'`: a possessive after a plural `s`, unless the chunk
                            // opened a single quote that this one closes.
                            (b[j - 1] | 0x20) == b's' && apostrophe_at(b, cs, e).is_none()
                        }
                        1 => matches!(suffix[0] | 0x20, b's' | b'm' | b'd'),
                        2 => {
                            let l = [suffix[0] | 0x20, suffix[1] | 0x20];
                            matches!(&l, b"ll" | b"re" | b"ve")
                        }
                        _ => false,
                    };
                    if is_clitic {
                        self.emit_word(text, start, j, out);
                        out.push(clitic(j, m));
                        return m;
                    }
                }
                if k < e && m > k && j > start {
                    j = k; // `O'Neil`, `Shi'ite`
                    continue;
                }
                break;
            }
            let next_alnum = j + 1 < e && is_alnum_at(text, j + 1);
            let prev_digit = j > start && b[j - 1].is_ascii_digit();
            match c {
                b'.' if next_alnum && j > start && dot_joins(b, start, j, e) => {
                    has_dot = true;
                    j += 1;
                }
                b',' if prev_digit
                    && j + 4 <= e
                    && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                    && !(j + 4 < e && b[j + 4].is_ascii_digit()) =>
                {
                    j += 1;
                }
                b':' if prev_digit && j + 1 < e && b[j + 1].is_ascii_digit() => j += 1,
                b'/' if next_alnum && self.slash_joins(b, start, j, e) => j += 1,
                b'/' if j == start + 1
                    && (b[start] | 0x20) == b'w'
                    && boundary_at(text, j + 1, e) =>
                {
                    j += 1; // `w/` (with)
                    break;
                }
                b'&' if next_alnum
                    && j >= start + 2
                    && b[j - 2].is_ascii_uppercase()
                    && b[j - 1].is_ascii_uppercase()
                    && b[j + 1].is_ascii_uppercase() =>
                {
                    j += 1
                }
                b'-' if next_alnum && j > start => {
                    if prev_digit && b[j + 1].is_ascii_digit() {
                        if digits_hyphen_joins(b, start, j, e) {
                            j += 1;
                            continue;
                        }
                        break;
                    }
                    if self.hyphen_prefix(b, start, j) {
                        j += 1;
                        continue;
                    }
                    if !hyphen_checked {
                        hyphen_checked = true;
                        let he = hyphenated_end(text, j, e);
                        if self.hyphen_word(b, start, he) {
                            j = he;
                            continue;
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        if j == start {
            // Nothing matched (a character the callers did not expect): make it a token of its
            // own, so that scanning always moves on.
            j = start + text[start..].chars().next().map_or(1, char::len_utf8);
            out.push(Token::new(Span::new(start, j)));
            return j;
        }
        // Keep the period of an abbreviation or initial (`U.S.`, `Mr.`, `J.`), but not when
        // it starts an ellipsis.
        let dots = if j < e {
            b[j..e].iter().take_while(|&&c| c == b'.').count()
        } else {
            0
        };
        if (dots == 1 || dots == 2)
            && j > start
            && self.is_abbrev(&b[start..j], has_dot)
            && period_stays(text, &b[start..j], j, e)
        {
            j += 1;
        }
        self.emit_word(text, start, j, out);
        j
    }

    /// Whether `w` (without its final period) keeps a following period.
    fn is_abbrev(&self, w: &[u8], has_dot: bool) -> bool {
        if w.len() == 1 {
            // An initial; `I.` is the pronoun ending a sentence far more often.
            return w[0].is_ascii_uppercase() && w[0] != b'I';
        }
        if has_dot {
            // `U.S`, `i.e`, `a.m`, `Ph.D`: short letter groups joined by periods.
            return w
                .split(|&c| c == b'.')
                .all(|g| !g.is_empty() && g.len() <= 3 && g.iter().all(u8::is_ascii_alphabetic));
        }
        w.len() <= MAX_LOOKUP && self.abbrevs.contains(w)
    }

    /// Whether a `/` at `j` joins the word: dates (`11/28/2000`), `l/c`, `I/C`.
    fn slash_joins(&self, b: &[u8], start: usize, j: usize, e: usize) -> bool {
        let prev_digit = b[j - 1].is_ascii_digit();
        if prev_digit && b[j + 1].is_ascii_digit() {
            // Dates stay whole (`9/11`, `11/28/2000`), fractions are split (`1 / 2`).
            let one_before = j == start + 1 || !b[j - 2].is_ascii_digit();
            let one_after = !(j + 2 < e && matches!(b[j + 2], b'0'..=b'9' | b'/'));
            return !(one_before && one_after && !b[start..j].contains(&b'/'));
        }
        // Single letters on both sides.
        let seg_start = b[start..j]
            .iter()
            .rposition(|&c| c == b'/')
            .map_or(start, |p| start + p + 1);
        if j - seg_start == 1 && (b[seg_start] | 0x20) == b'w' {
            return true; // `w/out`
        }
        let one_before = j - seg_start == 1 && b[seg_start].is_ascii_alphabetic();
        let one_after =
            b[j + 1].is_ascii_alphabetic() && !(j + 2 < e && b[j + 2].is_ascii_alphanumeric());
        one_before && one_after
    }

    /// Whether the hyphen at `j` follows a prefix EWT keeps attached (`e-`, `co-`, `non-`).
    fn hyphen_prefix(&self, b: &[u8], start: usize, j: usize) -> bool {
        let seg_start = b[start..j]
            .iter()
            .rposition(|&c| c == b'-')
            .map_or(start, |p| start + p + 1);
        lookup_lower(&self.hyphen_prefixes, &b[seg_start..j])
    }

    /// Whether `b[start..end]` is a hyphenated word EWT keeps whole.
    fn hyphen_word(&self, b: &[u8], start: usize, end: usize) -> bool {
        lookup_lower(&self.hyphen_words, &b[start..end])
    }

    /// Emits a word, splitting the contractions written without an apostrophe that EWT treats
    /// as multiword tokens (`cannot`, `gonna`, `dont`).
    fn emit_word(&self, text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
        let w = &text.as_bytes()[s..e];
        // Cheap filter on the first and last letters before the contraction table.
        let maybe_contraction = (2..=8).contains(&w.len())
            && matches!(
                w[0] | 0x20,
                b'c' | b'g' | b'w' | b'o' | b'd' | b'i' | b'a' | b'h' | b's' | b'y' | b't'
            )
            && matches!(w[w.len() - 1] | 0x20, b't' | b'a' | b'e' | b'm');
        if maybe_contraction {
            let mut buf = [0u8; 8];
            for (d, c) in buf.iter_mut().zip(w) {
                *d = c.to_ascii_lowercase();
            }
            if &buf[..w.len()] == b"alot" {
                // `alot` is two tokens in EWT, not a multiword token.
                out.push(Token::new(Span::new(s, s + 1)));
                out.push(Token::new(Span::new(s + 1, e)));
                return;
            }
            if let Some(cut) = contraction_split(&buf[..w.len()]) {
                out.push(Token::new(Span::new(s, s + cut)));
                out.push(clitic(s + cut, e));
                return;
            }
        }
        if w.len() >= 2 && w[0].is_ascii_digit() {
            // A number and its unit are two tokens in EWT (`35 mm`, `5 pm`, `6:30 am`), but
            // ordinals and decades are one (`2nd`, `1990s`).
            let head = w
                .iter()
                .take_while(|c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b','))
                .count();
            let tail = &w[head..];
            if !tail.is_empty()
                && tail.len() <= 8
                && tail.iter().all(u8::is_ascii_alphabetic)
                && w[head - 1].is_ascii_digit()
            {
                let mut lower = [0u8; 8];
                for (d, c) in lower.iter_mut().zip(tail) {
                    *d = c.to_ascii_lowercase();
                }
                let keep = matches!(&lower[..tail.len()], b"st" | b"nd" | b"rd" | b"th" | b"s");
                if !keep {
                    out.push(Token::new(Span::new(s, s + head)));
                    out.push(Token::new(Span::new(s + head, e)));
                    return;
                }
            }
        }
        if s < e {
            out.push(Token::new(Span::new(s, e)));
        }
    }
}

/// Whether the period at `j` after the abbreviation `w` belongs to it, given what follows:
/// EWT writes `etc .` and `No .` at the end of a sentence, `etc.` and `No. 5` inside one.
fn period_stays(text: &str, w: &[u8], j: usize, e: usize) -> bool {
    let next = || {
        text.get(e..)
            .and_then(|t| t.trim_start().chars().next())
            .unwrap_or('\n')
    };
    match w {
        b"etc" => j + 1 < e || next().is_lowercase(),
        b"No" | b"no" | b"Nos" => {
            let c = if j + 1 < e {
                text.as_bytes()[j + 1] as char
            } else {
                next()
            };
            c.is_ascii_digit() || c == '#'
        }
        _ => true,
    }
}

/// Where to cut a contraction written without apostrophe, if `w` (lowercase) is one.
fn contraction_split(w: &[u8]) -> Option<usize> {
    Some(match w {
        b"cannot" => 3,
        b"gonna" | b"wanna" | b"gotta" | b"outta" => 3,
        b"dont" | b"cant" | b"wont" | b"isnt" | b"aint" => 2,
        b"didnt" | b"doesnt" | b"wasnt" | b"arent" | b"hasnt" => w.len() - 2,
        b"couldnt" | b"wouldnt" | b"werent" | b"havent" => w.len() - 2,
        b"shouldnt" => 6,
        b"im" => 1,
        b"ive" => 1,
        b"youre" | b"theyre" => w.len() - 2,
        _ => return None,
    })
}

#[inline]
fn clitic(s: usize, e: usize) -> Token {
    Token {
        span: Span::new(s, e),
        clitic: true,
    }
}

/// Looks `w` up lowercased in `set`.
fn lookup_lower(set: &HashSet<Box<[u8]>>, w: &[u8]) -> bool {
    if w.is_empty() || w.len() > MAX_LOOKUP {
        return false;
    }
    let mut buf = [0u8; MAX_LOOKUP];
    for (d, c) in buf.iter_mut().zip(w) {
        *d = c.to_ascii_lowercase();
    }
    set.contains(&buf[..w.len()])
}

/// End of the run of bytes satisfying `f` from `i` (at least `i + 1`).
#[inline]
fn run_of(b: &[u8], i: usize, e: usize, f: impl Fn(u8) -> bool) -> usize {
    let mut j = i + 1;
    while j < e && f(b[j]) {
        j += 1;
    }
    j
}

/// The byte length of an apostrophe (`'` or `’`) at `j`, if there is one.
#[inline]
fn apostrophe_at(b: &[u8], j: usize, e: usize) -> Option<usize> {
    if j >= e {
        return None;
    }
    if b[j] == b'\'' {
        return Some(1);
    }
    if b[j..e].starts_with("’".as_bytes()) {
        return Some(3);
    }
    // `mama`s`: a backtick typed for an apostrophe, only before `s`.
    if b[j] == b'`' && j + 1 < e && (b[j + 1] | 0x20) == b's' {
        return Some(1);
    }
    None
}

/// `'90s`, `’73`: an apostrophe (already skipped) followed by two digits.
fn starts_decade(b: &[u8], k: usize, e: usize) -> bool {
    k + 2 <= e
        && b[k].is_ascii_digit()
        && b[k + 1].is_ascii_digit()
        && !(k + 2 < e && b[k + 2].is_ascii_digit())
}

fn is_letter_before(b: &[u8], j: usize, start: usize) -> bool {
    j > start && (b[j - 1].is_ascii_alphabetic() || b[j - 1] >= 0x80)
}

/// Whether the character at `j` is a letter or digit.
#[inline]
fn is_alnum_at(text: &str, j: usize) -> bool {
    let b = text.as_bytes();
    if b[j] < 0x80 {
        b[j].is_ascii_alphanumeric()
    } else {
        text.get(j..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_alphanumeric)
    }
}

/// Whether a word may end at `j`: the chunk ends or a non-alphanumeric character follows.
#[inline]
fn boundary_at(text: &str, j: usize, e: usize) -> bool {
    j >= e || !is_alnum_at(text, j)
}

/// Combining marks (accents typed as separate code points) stay inside words.
fn is_mark(ch: char) -> bool {
    matches!(ch as u32, 0xad | 0x300..=0x36f | 0x200d | 0xfe0f)
}

/// Whether the hyphen at `j` between digits joins them, as EWT train mostly does: phone and
/// zip numbers (`713-853-3989`, `94720-1900`) stay whole; small ranges and year spans
/// (`3-4`, `78-82`, `2003-2007`) are split.
fn digits_hyphen_joins(b: &[u8], start: usize, j: usize, e: usize) -> bool {
    let before = b[start..j]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let after = b[j + 1..e]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let then_hyphen_digit =
        j + 1 + after + 1 < e && b[j + 1 + after] == b'-' && b[j + 2 + after].is_ascii_digit();
    let before_hyphen = j > start + before && b[j - before - 1] == b'-';
    match (before, after) {
        _ if before_hyphen || then_hyphen_digit => true,
        (1..=2, 1..=2) | (4, 4) | (4, 2) => false,
        _ => true,
    }
}

/// Whether a period at `j` followed by a letter or digit stays inside the word: decimals
/// (`1.5`) and dotted abbreviations of short groups (`U.S`, `i.e`, `Ph.D`), not run-on words
/// (`small.circles`, `Ft.Worth`).
fn dot_joins(b: &[u8], start: usize, j: usize, e: usize) -> bool {
    if b[j - 1].is_ascii_digit() && b[j + 1].is_ascii_digit() {
        return true;
    }
    let before = b[start..j]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let after = b[j + 1..e]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    (1..=2).contains(&before) && (1..=2).contains(&after)
}

/// End of a hyphenated word starting before `j` (letters, digits and single hyphens).
fn hyphenated_end(text: &str, j: usize, e: usize) -> usize {
    let b = text.as_bytes();
    let mut k = j;
    while k < e {
        let joins = b[k] == b'-' && k + 1 < e && b[k + 1].is_ascii_alphanumeric();
        if joins || b[k].is_ascii_alphanumeric() {
            k += 1;
        } else {
            break;
        }
    }
    k
}

/// Emoticons EWT keeps as one token.
const EMOTICONS: &[&[u8]] = &[
    b":-)", b":-(", b":-D", b":-P", b":-p", b";-)", b":'(", b"^_^", b":)", b":(", b":D", b":P",
    b":p", b";)", b"=)", b"(:", b":/", b"<3", b":|", b">:(", b"-_-", b":O", b":o", b";P", b";p",
    b"=(", b"=D", b"XD",
];

/// The length of an emoticon at `i`, if one stands there on its own.
fn emoticon(b: &[u8], i: usize, e: usize, cs: usize) -> Option<usize> {
    if !matches!(
        b[i],
        b':' | b';' | b'=' | b'^' | b'(' | b'<' | b'>' | b'-' | b'X'
    ) {
        return None;
    }
    // After a letter (`lol;)`) only when it ends the chunk, so `f(x)` stays intact.
    let glued = i > cs && b[i - 1].is_ascii_alphanumeric();
    for emo in EMOTICONS {
        if b[i..e].starts_with(emo) {
            let end = i + emo.len();
            if glued && (end != e || !matches!(b[i], b':' | b';')) {
                continue;
            }
            let last = emo[emo.len() - 1];
            // Emoticons ending in a letter or `(` must end the chunk (`:Doc`, `(:foo`).
            let strict = last.is_ascii_alphanumeric() || emo == b"(:" || emo == b":/";
            if end == e || (!strict && !b[end].is_ascii_alphanumeric()) {
                return Some(emo.len());
            }
        }
    }
    None
}

/// Top-level domains and file extensions that mark a dotted word as an address or file name.
const URL_ENDINGS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "uk", "ca", "de", "fr",
    "au", "in", "jp", "ru", "cn", "nl", "it", "es", "ch", "se", "eu", "tv", "me", "us", "doc",
    "docx", "xls", "xlsx", "pdf", "txt", "htm", "html", "jpg", "jpeg", "gif", "png", "zip", "ppt",
    "pptx", "exe", "csv", "xml", "php", "asp", "aspx", "jsp", "cfm", "mp3", "mp4", "wav", "url",
];

/// Finds a URL, e-mail address or file name in a chunk: returns its range within the chunk
/// (without surrounding brackets, quotes and final punctuation).
fn find_url(c: &[u8]) -> Option<(usize, usize)> {
    // Most chunks (`word,` `(word`) have none of the characters an address needs.
    let (mut dot, mut at, mut colon) = (false, None, None);
    for (i, &x) in c.iter().enumerate() {
        match x {
            b'.' => dot = true,
            b'@' if at.is_none() => at = Some(i),
            b':' if colon.is_none() => colon = Some(i),
            _ => {}
        }
    }
    if !dot && at.is_none() {
        return None;
    }
    // `http://...`, `ftp://...`: the scheme's letters, then anything up to a delimiter.
    if let Some(p) = colon {
        if c[p..].starts_with(b"://") {
            let s = p - c[..p]
                .iter()
                .rev()
                .take_while(|x| x.is_ascii_alphabetic())
                .count();
            if s < p {
                return Some((s, url_end(c, p + 3)));
            }
        }
    }
    if let Some(p) = find_ci(c, b"www.").filter(|&p| p == 0 || !c[p - 1].is_ascii_alphanumeric()) {
        if p + 4 < c.len() && c[p + 4].is_ascii_alphanumeric() {
            return Some((p, url_end(c, p + 4)));
        }
    }
    if let Some(at) = at {
        return find_email(c, at);
    }
    // `example.com/path`, `budget.xls`: a dotted name whose last part (before any
    // path) is a known domain or file ending.
    let mut s = 0;
    while s < c.len() && matches!(c[s], b'(' | b'[' | b'{' | b'<' | b'"' | b'\'') {
        s += 1;
    }
    let e = url_end(c, s);
    if e <= s + 3 {
        return None;
    }
    let core = &c[s..e];
    let addr_char = |x: u8| x.is_ascii_alphanumeric() || b"._-/#%~&=?:+".contains(&x);
    if !core.iter().all(|&x| addr_char(x)) || !core[0].is_ascii_alphanumeric() {
        return None;
    }
    let host = core.split(|&x| x == b'/').next().unwrap_or(core);
    let dot = host.iter().rposition(|&x| x == b'.')?;
    if dot == 0
        || host[..dot].iter().all(|x| x.is_ascii_digit())
        || host.windows(2).any(|w| w == b"..")
    {
        return None;
    }
    let ending = &host[dot + 1..];
    if ending.len() < 2 || ending.len() > 4 {
        return None;
    }
    let mut buf = [0u8; 4];
    for (d, x) in buf.iter_mut().zip(ending) {
        *d = x.to_ascii_lowercase();
    }
    let ending = &buf[..ending.len()];
    URL_ENDINGS
        .iter()
        .any(|u| u.as_bytes() == ending)
        .then_some((s, e))
}

/// An e-mail address around the `@` at `at`: `john.smith@example.com`,
/// `ann...@example.net` (as shown by web archives), `Doe@HQ` (mail-system names).
fn find_email(c: &[u8], at: usize) -> Option<(usize, usize)> {
    let local = |x: &u8| x.is_ascii_alphanumeric() || b"._-+%".contains(x);
    let s = at - c[..at].iter().rev().take_while(|x| local(x)).count();
    if s == at || !c[s].is_ascii_alphanumeric() && c[s] != b'_' {
        return None;
    }
    let domain = |x: &u8| x.is_ascii_alphanumeric() || b".-_".contains(x);
    let mut e = at + 1 + c[at + 1..].iter().take_while(|x| domain(x)).count();
    while e > at + 1 && matches!(c[e - 1], b'.' | b'-') {
        e -= 1;
    }
    let dom = &c[at + 1..e];
    let dotted = dom.contains(&b'.') && dom.last().is_some_and(u8::is_ascii_alphabetic);
    let caps = dom.len() >= 2
        && dom
            .iter()
            .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit() || *x == b'_');
    (dotted || caps).then_some((s, e))
}

/// End of a URL starting before `from`: up to a quote or angle bracket, without final
/// punctuation and without a closing bracket that the URL did not open.
fn url_end(c: &[u8], from: usize) -> usize {
    let mut e = from
        + c[from..]
            .iter()
            .take_while(|x| !matches!(x, b'"' | b'<' | b'>'))
            .count();
    while let Some(&last) = c[..e].last() {
        let unbalanced = |open: u8, close: u8| {
            last == close
                && c[from.min(e)..e].iter().filter(|&&x| x == open).count()
                    < c[from.min(e)..e].iter().filter(|&&x| x == close).count()
        };
        if e > from
            && (matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"')
                || unbalanced(b'(', b')')
                || unbalanced(b'[', b']')
                || last == b'}')
        {
            e -= 1;
        } else {
            break;
        }
    }
    e
}

/// First position of `pat` in `c`, ignoring ASCII case.
fn find_ci(c: &[u8], pat: &[u8]) -> Option<usize> {
    c.windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
}

/// Derives the list of hyphenated words EWT keeps whole from gold data (EWT train): returns the
/// text of `data/hyphen_keep.txt`. A prefix (`co-`) is listed when words starting with it are
/// kept whole at least as often as they are split, and seen kept at least twice; a whole word
/// when it was kept whole more often than split and does not already start with a prefix.
/// Only letters count: codes with digits (`x3-1`) are left to the rules.
pub fn derive_hyphen_list(gold: &[ConlluSentence]) -> String {
    use std::collections::BTreeMap;
    let mut kept_words: BTreeMap<String, u32> = BTreeMap::new();
    let mut split_words: BTreeMap<String, u32> = BTreeMap::new();
    let mut prefix_kept: BTreeMap<String, u32> = BTreeMap::new();
    let mut prefix_split: BTreeMap<String, u32> = BTreeMap::new();
    let is_word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
    for sent in gold {
        let toks = sent.surface_tokens();
        for (k, (form, _)) in toks.iter().enumerate() {
            let lower = form.to_ascii_lowercase();
            let parts: Vec<&str> = lower.split('-').collect();
            if parts.len() >= 2 && parts.iter().all(|p| is_word(p)) {
                if parts[0].chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                *kept_words.entry(lower.clone()).or_default() += 1;
                *prefix_kept.entry(parts[0].to_string()).or_default() += 1;
            }
            // A split compound: word, `-` with no space around, word.
            if k + 2 < toks.len()
                && toks[k + 1].0 == "-"
                && !toks[k].1
                && !toks[k + 1].1
                && is_word(form)
                && is_word(toks[k + 2].0)
                && !form.chars().all(|c| c.is_ascii_digit())
            {
                let whole = format!("{}-{}", lower, toks[k + 2].0.to_ascii_lowercase());
                *split_words.entry(whole).or_default() += 1;
                *prefix_split.entry(lower.clone()).or_default() += 1;
            }
        }
    }
    let mut out = String::from(
        "# Hyphenated words UD English EWT keeps whole: `prefix-` lines and whole words.\n\
         # Derived from en_ewt-ud-train.conllu by dyad_text::tokenize::derive_hyphen_list.\n",
    );
    let mut prefixes = Vec::new();
    let letters = |w: &str| w.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    for (p, &k) in &prefix_kept {
        let s = prefix_split.get(p).copied().unwrap_or(0);
        // Letters only: codes such as `x3-1` are no compounds.
        if k >= 2 && k >= s && letters(p) {
            prefixes.push(p.clone());
            out.push_str(&format!("{p}-\n"));
        }
    }
    for (w, &k) in &kept_words {
        let s = split_words.get(w).copied().unwrap_or(0);
        let first = w.split('-').next().unwrap_or("");
        if k > s && letters(w) && !prefixes.iter().any(|p| p == first) {
            out.push_str(w);
            out.push('\n');
        }
    }
    out
}

/// Derives the abbreviation list from gold data (EWT train): words of letters written with a
/// final period as one token more often than followed by a separate period token. Returns
/// lines for `data/abbreviations.txt` (the shipped file adds common news abbreviations).
pub fn derive_abbreviations(gold: &[ConlluSentence]) -> String {
    use std::collections::BTreeMap;
    let mut with_dot: BTreeMap<String, u32> = BTreeMap::new();
    let mut then_dot: BTreeMap<String, u32> = BTreeMap::new();
    for sent in gold {
        let toks = sent.surface_tokens();
        for (k, (form, space)) in toks.iter().enumerate() {
            if let Some(w) = form.strip_suffix('.') {
                if w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()) {
                    *with_dot.entry(w.to_string()).or_default() += 1;
                }
            } else if !space
                && k + 1 < toks.len()
                && toks[k + 1].0 == "."
                && form.chars().all(|c| c.is_ascii_alphabetic())
            {
                *then_dot.entry(form.to_string()).or_default() += 1;
            }
        }
    }
    let mut out = String::new();
    for (w, &k) in &with_dot {
        if k > then_dot.get(w).copied().unwrap_or(0) {
            out.push_str(w);
            out.push_str(".\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens of `text` as strings, clitic pieces prefixed with `+`.
    fn toks(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Tokenizer::new().tokenize_into(text, &mut out);
        out.iter()
            .map(|t| {
                let s = &text[t.span.range()];
                if t.clitic {
                    format!("+{s}")
                } else {
                    s.to_string()
                }
            })
            .collect()
    }

    fn check(cases: &[(&str, &str)]) {
        let mut failures = Vec::new();
        for (text, want) in cases {
            let got = toks(text).join(" ");
            if got != *want {
                failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn clitics_and_possessives() {
        check(&[
            ("I don't know.", "I do +n't know ."),
            ("Russia's army", "Russia +'s army"),
            (
                "I'm sure we'll go, they've said",
                "I +'m sure we +'ll go , they +'ve said",
            ),
            ("you're, he'd", "you +'re , he +'d"),
            ("can't won't", "ca +n't wo +n't"),
            ("I cannot", "I can +not"),
            ("gonna wanna gotta", "gon +na wan +na got +ta"),
            ("DON'T", "DO +N'T"),
            ("the visitors' cars", "the visitors +' cars"),
            ("Bush’s plan, didn’t", "Bush +’s plan , did +n’t"),
            ("dont", "do +nt"),
            ("O'Neil and Shi'ite", "O'Neil and Shi'ite"),
            ("'90s music", "'90s music"),
            ("’73 and ‘90s", "’73 and ‘ 90s"),
        ]);
    }

    #[test]
    fn abbreviations_and_initials() {
        check(&[
            ("the U.S. Army", "the U.S. Army"),
            ("Mr. Smith met Dr. Jones", "Mr. Smith met Dr. Jones"),
            ("on Jan. 5", "on Jan. 5"),
            (
                "apples, pears, etc. and more",
                "apples , pears , etc. and more",
            ),
            ("apples, pears, etc.", "apples , pears , etc ."),
            ("J. R. R. Tolkien", "J. R. R. Tolkien"),
            ("i.e. this, e.g. that", "i.e. this , e.g. that"),
            ("at 5 p.m. today", "at 5 p.m. today"),
            (
                "No. 5 and the answer is No.",
                "No. 5 and the answer is No .",
            ),
            ("So am I.", "So am I ."),
            ("the end.", "the end ."),
            ("in the U.S..", "in the U.S. ."),
        ]);
    }

    #[test]
    fn numbers_dates_times_money() {
        check(&[
            ("3,000 people", "3,000 people"),
            ("2.5 million", "2.5 million"),
            ("$5 and $3.50", "$ 5 and $ 3.50"),
            ("at 10:30 on 11/28/2000", "at 10:30 on 11/28/2000"),
            ("at 5pm or 6:30am", "at 5 pm or 6:30 am"),
            ("35mm film", "35 mm film"),
            ("the 2nd and the 1990s", "the 2nd and the 1990s"),
            ("50%", "50 %"),
            ("call 713-853-3989 now", "call 713-853-3989 now"),
            ("3-4 times", "3 - 4 times"),
            ("half (1/2) of it", "half ( 1 / 2 ) of it"),
            ("on 3/9/2005 and 9/11", "on 3/9/2005 and 9/11"),
            ("make $$$ fast", "make $$$ fast"),
            ("it helps alot", "it helps a lot"),
            ("£20, €30", "£ 20 , € 30"),
        ]);
    }

    #[test]
    fn urls_emails_and_files() {
        check(&[
            (
                "see http://www.example.com/a?b=1.",
                "see http://www.example.com/a?b=1 .",
            ),
            ("(www.bbc.co.uk)", "( www.bbc.co.uk )"),
            (
                "mail john.smith@example.com, now",
                "mail john.smith@example.com , now",
            ),
            ("open report.doc please", "open report.doc please"),
            (
                "visit examplefurniture.com!",
                "visit examplefurniture.com !",
            ),
            ("cc: John Q Doe@HQ", "cc : John Q Doe@HQ"),
            ("@Anna thanks", "@Anna thanks"),
            ("join #newsroom now", "join #newsroom now"),
            (
                "Mail: \"Ann\"<ann...@example.net>",
                "Mail : \" Ann \" < ann...@example.net >",
            ),
            (
                "at (https://en.wikipedia.org/wiki/A_(b)).",
                "at ( https://en.wikipedia.org/wiki/A_(b) ) .",
            ),
        ]);
    }

    #[test]
    fn hyphens() {
        check(&[
            ("a search-engine company", "a search - engine company"),
            (
                "send an e-mail to co-workers",
                "send an e-mail to co-workers",
            ),
            ("non-human and pre-war", "non-human and pre-war"),
            ("well-known", "well - known"),
            ("2003-2007", "2003 - 2007"),
            ("a -- b", "a -- b"),
            ("wait—what", "wait — what"),
            ("1990–2000", "1990 – 2000"),
        ]);
    }

    #[test]
    fn quotes_punctuation_emoticons() {
        check(&[
            ("\"Go,\" he said.", "\" Go , \" he said ."),
            ("“Go,” he said.", "“ Go , ” he said ."),
            ("'yes'", "' yes '"),
            ("Wait...what?!", "Wait ... what ?!"),
            ("really...?", "really ... ?"),
            ("so…", "so …"),
            ("great :) thanks :-(", "great :) thanks :-("),
            ("lol;)", "lol ;)"),
            ("(see above)", "( see above )"),
            ("[1]", "[ 1 ]"),
            ("wow!!!", "wow !!!"),
            ("AT&T and B&W", "AT&T and B & W"),
            ("and/or he/she", "and / or he / she"),
            ("w/ friends", "w/ friends"),
        ]);
    }

    #[test]
    fn whitespace_and_unicode() {
        check(&[
            ("", ""),
            ("   \n\t ", ""),
            ("a\u{a0}b", "a b"),
            ("naïve café", "naïve café"),
            ("Zürich's", "Zürich +'s"),
            ("東京 is big", "東京 is big"),
            ("emoji 😀!", "emoji 😀 !"),
            ("e\u{301}te\u{301}", "e\u{301}te\u{301}"),
        ]);
    }

    /// Regression: a left single quote before two digits (`‘90s`) sent the scanner into a word
    /// it could not start, and it looped forever.
    #[test]
    fn regression_left_quote_before_digits_does_not_hang() {
        assert_eq!(toks("‘90"), vec!["‘", "90"]);
        assert_eq!(toks("x‘12‘"), vec!["x", "‘", "12", "‘"]);
    }

    /// Regression: `3/9/2005` was cut as a fraction `3 / 9/2005`.
    #[test]
    fn regression_date_with_one_digit_month() {
        assert_eq!(toks("3/9/2005"), vec!["3/9/2005"]);
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "He said: \"U.S. troops don't leave.\"";
        let mut out = Vec::new();
        Tokenizer::new().tokenize_into(text, &mut out);
        let mut last = 0;
        for t in &out {
            assert!(t.span.start as usize >= last && !t.span.is_empty());
            last = t.span.end as usize;
            assert!(!text[t.span.range()].contains(' '));
        }
        // Appends, does not clear.
        let n = out.len();
        Tokenizer::new().tokenize_into("x", &mut out);
        assert_eq!(out.len(), n + 1);
    }

    #[test]
    fn shipped_lists_load() {
        let t = Tokenizer::new();
        assert!(t.abbrevs.contains(&b"Mr"[..]));
        assert!(t.hyphen_prefixes.contains(&b"co"[..]));
    }
}
