//! When: the document date and the time expressions of the text, resolved against it.
//!
//! - [`document_date`]: the metadata date, else the dateline (`LONDON, March 14 (Reuters) -`,
//!   `KABUL, Sept. 2, 2009 (dyad) -`) with a year from the dateline itself or a `Date:` header.
//! - [`find_dates`]: weekday names, `yesterday`/`today`/`tonight`/`tomorrow`/`last night`,
//!   `last/this/next week`, `earlier this month`, `last/next month`, `last/this/next year`,
//!   `March 3`, `Aug. 20`, `3 March 2014`, `Sept. 2, 2009`, `November 2016`,
//!   `March last year`, `in June`, `in 2009`; the values are ISO 8601 at their precision
//!   (`2014-03-14`, `2014-W11`, `2014-03`, `2014`), following the rules of
//!   `tests/data/when-where-quotes/README.md`.
//! - [`clause_date`]: the expression attached to an event's clause, for the coder.
//!
//! Tense decides which side of the document date a weekday or a year-less date falls on: a
//! modal `will`/`would`/`shall`/`'ll` on the governing verb (from the dependency tree, or the
//! nearest verb to the left when there is no tree), `until`, `next` or an infinitive marks the
//! future; anything else is past or present. Weekdays then take the most recent such day on
//! or before the document date (future: the first one after it); year-less dates take the year
//! that puts them nearest to the document date on the side the tense allows.
//!
//! Nothing here panics on any input: impossible dates (`February 30`) are skipped.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use dyad_core::DateMention;
use dyad_core::{Document, Span};
use std::ops::Range;

/// The document's date: `doc.meta.date`, else the dateline at the top of the text.
///
/// A dateline without a year (`LONDON, March 14 (Reuters) -`) takes the year of a `Date:`
/// header line in the first lines of the text; without one the date is unknown (`None`).
pub fn document_date(doc: &Document) -> Option<NaiveDate> {
    if let Some(d) = doc.meta.date {
        return Some(d);
    }
    let text = doc.text();
    let head: &str = {
        let mut end = text.len().min(400);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    };
    let header_year = head.lines().take(5).find_map(|l| {
        let l = l.trim();
        let rest = l
            .strip_prefix("Date:")
            .or_else(|| l.strip_prefix("DATE:"))?;
        let words = simple_words(rest);
        // A full date in the header wins outright.
        if let Some((d, _)) = parse_full_date(&words) {
            return Some(Err(d));
        }
        words
            .iter()
            .find_map(|w| year_of(w.1))
            .map(Ok::<i32, NaiveDate>)
    });
    if let Some(Err(d)) = header_year {
        return Some(d);
    }
    let header_year = header_year.and_then(|r| r.ok());
    // The dateline: an upper-case place, a comma, a date, then `(Source)` or a dash.
    let line = head
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with("Date:"))?;
    let cut = line
        .find(" (")
        .or_else(|| line.find(" - "))
        .or_else(|| line.find(" — "))
        .or_else(|| line.find(" – "))?;
    let prefix = &line[..cut];
    let first = prefix.split(',').next()?;
    let is_place = first.chars().any(|c| c.is_alphabetic())
        && first
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase());
    if !is_place {
        return None;
    }
    let words = simple_words(prefix);
    if let Some((d, _)) = parse_full_date(&words) {
        return Some(d);
    }
    let year = header_year?;
    for i in 0..words.len() {
        if let Some(m) = month_of(words[i].1) {
            if let Some(day) = words.get(i + 1).and_then(|w| day_of_str(w.1)) {
                return NaiveDate::from_ymd_opt(year, m, day);
            }
        }
        if let Some(day) = day_of_str(words[i].1) {
            if let Some(m) = words.get(i + 1).and_then(|w| month_of(w.1)) {
                return NaiveDate::from_ymd_opt(year, m, day);
            }
        }
    }
    None
}

/// Words of a short string with their byte offsets (for the dateline and header only; the
/// text proper uses the document's tokens).
fn simple_words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word = c.is_alphanumeric() || c == '.';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push((b, &s[b..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

/// `14 March 2014` or `March 14, 2014` at the start of some word of `words`.
fn parse_full_date(words: &[(usize, &str)]) -> Option<(NaiveDate, usize)> {
    for i in 0..words.len() {
        let w = |k: usize| words.get(i + k).map(|x| x.1);
        if let (Some(d), Some(m), Some(y)) = (
            w(0).and_then(day_of_str),
            w(1).and_then(month_of),
            w(2).and_then(year_of),
        ) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some((date, i));
            }
        }
        if let (Some(m), Some(d), Some(y)) = (
            w(0).and_then(month_of),
            w(1).and_then(day_of_str),
            w(2).and_then(year_of),
        ) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some((date, i));
            }
        }
    }
    None
}

/// The month of a month name or its news abbreviation (`Sept.`, `Aug`); capitalised only.
fn month_of(w: &str) -> Option<u32> {
    let w = w.strip_suffix('.').unwrap_or(w);
    if !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let m = match w.to_ascii_lowercase().as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn weekday_of(w: &str) -> Option<Weekday> {
    if !w.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    Some(match w.to_ascii_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// A day of the month (`3`, `14`, `3rd`).
fn day_of_str(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() != w.len() && !matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th") {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A plausible year (`1800`–`2199`, four digits).
fn year_of(w: &str) -> Option<i32> {
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1800..2200).contains(&y).then_some(y)
}

/// Which side of the document date an expression falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// The tokens of the document as text, with helpers.
struct Words<'a> {
    doc: &'a Document,
    texts: Vec<&'a str>,
}

impl<'a> Words<'a> {
    fn new(doc: &'a Document) -> Self {
        let texts = doc
            .tokens
            .iter()
            .map(|t| doc.get(t.span).unwrap_or(""))
            .collect();
        Words { doc, texts }
    }
    fn get(&self, i: usize) -> &'a str {
        self.texts.get(i).copied().unwrap_or("")
    }
    fn lower(&self, i: usize) -> String {
        self.get(i).to_lowercase()
    }
    fn is(&self, i: usize, w: &str) -> bool {
        self.get(i).eq_ignore_ascii_case(w)
    }
}

const MODALS: &[&str] = &["will", "would", "shall", "'ll", "wo", "’ll"];
/// Verbs whose infinitive complement lies ahead (`expected to`, `plans to`, `due to`).
const FORWARD_VERBS: &[&str] = &[
    "expect", "plan", "schedule", "due", "hope", "intend", "aim", "want", "promise", "pledge",
    "vow", "threaten", "prepare", "set", "agree", "decide", "vote", "go",
];
const SPEECH_PAST: &[&str] = &[
    "said",
    "told",
    "added",
    "announced",
    "reported",
    "wrote",
    "warned",
    "stated",
    "confirmed",
];

/// Finds and resolves the time expressions of a document.
///
/// Needs tokens and sentences; uses the syntax layer for tense when there is one. With no
/// document date, only expressions that carry their own year (`3 March 2014`, `in 2009`) get
/// a value; the others are left out.
pub fn find_dates(doc: &Document, doc_date: Option<NaiveDate>) -> Vec<DateMention> {
    let w = Words::new(doc);
    let n = w.texts.len();
    let mut out: Vec<(Range<usize>, String)> = Vec::new();
    let mut i = 0;
    while i < n {
        match match_at(&w, i, doc_date, &out) {
            Some((r, value)) if r.start == i && r.end > i => {
                i = r.end;
                out.push((r, value));
            }
            _ => i += 1,
        }
    }
    let mut sentence = 0usize;
    out.into_iter()
        .filter_map(|(r, value)| {
            let start = doc.tokens.get(r.start)?.span.start;
            let end = doc.tokens.get(r.end - 1)?.span.end;
            while sentence + 1 < doc.sentences.len()
                && doc.sentences[sentence].tokens.end as usize <= r.start
            {
                sentence += 1;
            }
            Some(DateMention {
                span: Span {
                    start,
                    end: end.max(start),
                },
                sentence: sentence as u32,
                value,
            })
        })
        .collect()
}

fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn ym(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

/// Shifts a month by `delta` months.
fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let idx = y * 12 + (m as i32 - 1) + delta;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

/// The expression starting at token `i`, if any: its token range and value.
fn match_at(
    w: &Words,
    i: usize,
    doc_date: Option<NaiveDate>,
    found: &[(Range<usize>, String)],
) -> Option<(Range<usize>, String)> {
    let t = w.get(i);
    let lower = t.to_lowercase();
    // Words relative to the day.
    match lower.as_str() {
        "yesterday" | "today" | "tonight" | "tomorrow" => {
            let d = doc_date?;
            let d = match lower.as_str() {
                "yesterday" => d.checked_sub_days(Days::new(1))?,
                "tomorrow" => d.checked_add_days(Days::new(1))?,
                _ => d,
            };
            return Some((i..i + 1, ymd(d)));
        }
        "last" | "this" | "next" | "earlier" => {
            return relative(w, i, &lower, doc_date);
        }
        "that" => {
            // `that Saturday`: the day it refers back to, else an ordinary weekday.
            let wd = weekday_of(w.get(i + 1))?;
            let end = part_of_day_end(w, i + 2);
            let earlier = found.iter().rev().find_map(|(_, v)| {
                let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()?;
                (d.weekday() == wd).then_some(d)
            });
            if let Some(d) = earlier {
                return Some((i..end, ymd(d)));
            }
            let d = resolve_weekday(wd, doc_date?, tense_at(w, i + 1));
            return Some((i..end, ymd(d)));
        }
        _ => {}
    }
    if let Some(wd) = weekday_of(t) {
        let d = doc_date?;
        let end = part_of_day_end(w, i + 1);
        return Some((i..end, ymd(resolve_weekday(wd, d, tense_at(w, i)))));
    }
    // `3 March 2014`, `3 March`.
    if let Some(day) = day_of_str(t) {
        if let Some(m) = month_of(w.get(i + 1)) {
            let (mend, _) = month_token_end(w, i + 1);
            if let Some(y) = year_of(w.get(mend)) {
                let d = NaiveDate::from_ymd_opt(y, m, day)?;
                return Some((i..mend + 1, ymd(d)));
            }
            let d = resolve_day_month(m, day, doc_date?, tense_at(w, i))?;
            return Some((i..mend, ymd(d)));
        }
        return None;
    }
    if let Some(m) = month_of(t) {
        let (mend, _) = month_token_end(w, i);
        // `May` and `March` are also words: alone, they need a date-like neighbour.
        if let Some(day) = day_of_str(w.get(mend)) {
            // `Sept. 2, 2009` / `March 14`.
            let mut j = mend + 1;
            if w.get(j) == "," {
                if let Some(y) = year_of(w.get(j + 1)) {
                    let d = NaiveDate::from_ymd_opt(y, m, day)?;
                    return Some((i..j + 2, ymd(d)));
                }
            } else if let Some(y) = year_of(w.get(j)) {
                let d = NaiveDate::from_ymd_opt(y, m, day)?;
                j += 1;
                return Some((i..j, ymd(d)));
            }
            let d = resolve_day_month(m, day, doc_date?, tense_at(w, i))?;
            return Some((i..mend + 1, ymd(d)));
        }
        if let Some(y) = year_of(w.get(mend)) {
            return Some((i..mend + 1, ym(y, m)));
        }
        if matches!(w.lower(mend).as_str(), "last" | "this" | "next") && w.is(mend + 1, "year") {
            let d = doc_date?;
            let y = match w.lower(mend).as_str() {
                "last" => d.year() - 1,
                "next" => d.year() + 1,
                _ => d.year(),
            };
            return Some((i..mend + 2, ym(y, m)));
        }
        let prev = w.lower(i.wrapping_sub(1));
        let preps = [
            "in",
            "since",
            "until",
            "till",
            "by",
            "from",
            "before",
            "after",
            "of",
            "during",
            "early",
            "late",
            "mid",
            "through",
            "throughout",
        ];
        if i > 0 && preps.contains(&prev.as_str()) && !is_name_part(w, mend) {
            let d = doc_date?;
            let (y, mm) = resolve_month(m, d, tense_at(w, i));
            return Some((i..mend, ym(y, mm)));
        }
        return None;
    }
    if let Some(y) = year_of(t) {
        let prev = w.lower(i.wrapping_sub(1));
        let preps = [
            "in", "since", "until", "till", "by", "from", "before", "after", "between", "and",
            "during", "to", "of", "through", "early", "late", "mid", "or",
        ];
        let next = w.get(i + 1);
        let next_is_word = next.starts_with(|c: char| c.is_alphabetic())
            && !matches!(
                next.to_lowercase().as_str(),
                "and" | "to" | "or" | "when" | "after" | "before" | "as" | "at" | "in" | "on"
            );
        // After a temporal preposition a year is a year even before a word (`in 1979 so
        // that`); after `and`, `of`, `to` it must not be a count (`and 2000 soldiers`).
        let temporal = [
            "in", "since", "until", "till", "by", "before", "after", "between", "during",
        ]
        .contains(&prev.as_str());
        if i > 0 && preps.contains(&prev.as_str()) && (temporal || !next_is_word) {
            return Some((i..i + 1, format!("{y:04}")));
        }
    }
    None
}

/// A following capitalised word makes a month part of a name (`March Madness`).
fn is_name_part(w: &Words, i: usize) -> bool {
    let t = w.get(i);
    t.starts_with(|c: char| c.is_uppercase()) && weekday_of(t).is_none() && year_of(t).is_none()
}

/// The token after a month name, skipping the separate full stop of `Sept .` when the
/// tokenizer split it off.
fn month_token_end(w: &Words, i: usize) -> (usize, bool) {
    let next = i + 1;
    if w.get(next) == "." && !w.get(i).ends_with('.') {
        let a = w.doc.tokens.get(i).map(|t| t.span.end);
        let b = w.doc.tokens.get(next).map(|t| t.span.start);
        // Only abbreviations (`Sept`, `Aug`) take the full stop; `July .` ends a sentence.
        let abbreviation = matches!(
            w.get(i),
            "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Jun"
                | "Jul"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
        );
        if a.is_some() && a == b && abbreviation {
            return (next + 1, true);
        }
    }
    (next, false)
}

/// After a weekday: `morning`, `afternoon`, `evening`, `night` stay in the span.
fn part_of_day_end(w: &Words, i: usize) -> usize {
    match w.lower(i).as_str() {
        "morning" | "afternoon" | "evening" | "night" => i + 1,
        _ => i,
    }
}

/// `last week`, `this year`, `earlier this month`, `last night`, `next Monday` at `i`.
fn relative(
    w: &Words,
    i: usize,
    first: &str,
    doc_date: Option<NaiveDate>,
) -> Option<(Range<usize>, String)> {
    let (which, unit_at) = if first == "earlier" {
        if !w.is(i + 1, "this") {
            return None;
        }
        ("this", i + 2)
    } else {
        (first, i + 1)
    };
    let d = doc_date?;
    let unit = w.lower(unit_at);
    let end = unit_at + 1;
    let value = match (which, unit.as_str()) {
        ("last", "night") => ymd(d.checked_sub_days(Days::new(1))?),
        ("this", "morning" | "afternoon" | "evening") => ymd(d),
        ("last", "week") => iso_week(d.checked_sub_days(Days::new(7))?),
        ("this", "week") => iso_week(d),
        ("next", "week") => iso_week(d.checked_add_days(Days::new(7))?),
        ("last", "month") => {
            let p = d.checked_sub_months(Months::new(1))?;
            ym(p.year(), p.month())
        }
        ("this", "month") => ym(d.year(), d.month()),
        ("next", "month") => {
            let (y, m) = add_months(d.year(), d.month(), 1);
            ym(y, m)
        }
        ("last", "year") => format!("{:04}", d.year() - 1),
        ("this", "year") => format!("{:04}", d.year()),
        ("next", "year") => format!("{:04}", d.year() + 1),
        (_, _) => {
            // `last Monday` (past), `next Monday` (future), `this Monday` (tense decides).
            let wd = weekday_of(w.get(unit_at))?;
            let tense = match which {
                "last" => Tense::Past,
                "next" => Tense::Future,
                _ => tense_at(w, unit_at),
            };
            let end = part_of_day_end(w, unit_at + 1);
            return Some((i..end, ymd(resolve_weekday(wd, d, tense))));
        }
    };
    // `this` as a determiner of something else (`this week's`) is fine; `earlier this` needs
    // a unit, which the match above ensured.
    Some((i..end, value))
}

/// The most recent `wd` on or before `d` (future: the first one after `d`).
fn resolve_weekday(wd: Weekday, d: NaiveDate, tense: Tense) -> NaiveDate {
    let cur = d.weekday().num_days_from_monday() as i64;
    let want = wd.num_days_from_monday() as i64;
    let delta = if tense == Tense::Future {
        let ahead = (want - cur).rem_euclid(7);
        if ahead == 0 {
            7
        } else {
            ahead
        }
    } else {
        -((cur - want).rem_euclid(7))
    };
    d.checked_add_signed(chrono::Duration::days(delta))
        .unwrap_or(d)
}

/// The year that puts `month day` nearest to `d`, on the side the tense allows.
fn resolve_day_month(m: u32, day: u32, d: NaiveDate, tense: Tense) -> Option<NaiveDate> {
    let mut best: Option<(i64, NaiveDate)> = None;
    for y in [d.year() - 1, d.year(), d.year() + 1] {
        let Some(c) = NaiveDate::from_ymd_opt(y, m, day) else {
            continue;
        };
        let diff = (c - d).num_days();
        let allowed = match tense {
            Tense::Past => diff <= 0,
            Tense::Future => diff >= 0,
            Tense::Unknown => true,
        };
        if allowed && best.is_none_or(|(b, _)| diff.abs() < b) {
            best = Some((diff.abs(), c));
        }
    }
    best.map(|(_, c)| c)
}

/// The year of a month named alone (`in September`): nearest to `d` on the tense's side.
fn resolve_month(m: u32, d: NaiveDate, tense: Tense) -> (i32, u32) {
    let cur = d.year() * 12 + d.month() as i32 - 1;
    let mut best = (i32::MAX, d.year());
    for y in [d.year() - 1, d.year(), d.year() + 1] {
        let idx = y * 12 + m as i32 - 1;
        let diff = idx - cur;
        let allowed = match tense {
            Tense::Past => diff <= 0,
            Tense::Future => diff >= 0,
            Tense::Unknown => true,
        };
        if allowed && diff.abs() < best.0 {
            best = (diff.abs(), y);
        }
    }
    (best.1, m)
}

/// The tense of the clause a time expression at token `i` belongs to.
fn tense_at(w: &Words, i: usize) -> Tense {
    let prev = w.lower(i.wrapping_sub(1));
    match prev.as_str() {
        "until" | "till" | "next" => return Tense::Future,
        "since" | "last" => return Tense::Past,
        _ => {}
    }
    if let Some(t) = tense_from_tree(w, i) {
        return t;
    }
    tense_from_surface(w, i)
}

/// The governing verb's auxiliaries, from the dependency tree.
fn tense_from_tree(w: &Words, i: usize) -> Option<Tense> {
    let syn = w.doc.syntax.as_ref()?;
    if syn.len() != w.texts.len() || !syn.is_consistent() {
        return None;
    }
    // Climb to the nearest verb (a few steps at most: obl → verb, nmod → noun → verb).
    let mut v = i;
    for _ in 0..4 {
        let h = syn.head[v]? as usize;
        if h >= syn.len() {
            return None;
        }
        v = h;
        if syn.upos[v] == "VERB" || syn.upos[v] == "AUX" {
            break;
        }
    }
    if syn.upos[v] != "VERB" && syn.upos[v] != "AUX" {
        return None;
    }
    // An expression that modifies a noun (`Friday's election`, `the Aug. 20 vote`) takes no
    // tense from the verb above that noun.
    let mut anchor = i;
    if let Some(h) = syn.head[i].map(|h| h as usize).filter(|&h| h < syn.len()) {
        // `Sunday night`: the part of day carries the relation.
        if matches!(
            w.lower(h).as_str(),
            "morning" | "afternoon" | "evening" | "night"
        ) {
            anchor = h;
        }
    }
    if let Some(h) = syn.head[anchor] {
        let h = h as usize;
        if h < syn.len() && matches!(syn.upos[h].as_str(), "NOUN" | "PROPN" | "NUM") && h != v {
            return Some(Tense::Unknown);
        }
    }
    let sentence_span = sentence_tokens(w.doc, v);
    for c in sentence_span {
        if syn.head[c] != Some(v as u32) {
            continue;
        }
        let lemma = syn.lemma[c].to_lowercase();
        let rel = syn.deprel[c].as_str();
        if rel.starts_with("aux") && (syn.xpos[c] == "MD" || MODALS.contains(&lemma.as_str())) {
            if MODALS.contains(&lemma.as_str()) || MODALS.contains(&w.lower(c).as_str()) {
                return Some(Tense::Future);
            }
            // could/might/may: forward-looking as well (`could be without power until Friday`
            // is caught by `until`; `could last until March` by the month rule).
            return Some(Tense::Future);
        }
    }
    // `is expected to hit on Tuesday`, `plans to meet on Monday`: an infinitive under a verb
    // of intention or expectation looks forward.
    if syn.xpos[v] == "VB" {
        let has_to = (0..syn.len()).any(|c| {
            syn.head[c] == Some(v as u32) && syn.deprel[c] == "mark" && w.lower(c) == "to"
        });
        let governor = syn.head[v]
            .map(|h| h as usize)
            .filter(|&h| h < syn.len())
            .map(|h| syn.lemma[h].to_lowercase());
        if has_to && governor.is_some_and(|g| FORWARD_VERBS.contains(&g.as_str())) {
            return Some(Tense::Future);
        }
    }
    if matches!(syn.xpos[v].as_str(), "VBD" | "VBN") {
        return Some(Tense::Past);
    }
    if matches!(syn.xpos[v].as_str(), "VBZ" | "VBP" | "VBG") {
        return Some(Tense::Unknown);
    }
    None
}

fn sentence_tokens(doc: &Document, t: usize) -> Range<usize> {
    doc.sentences
        .iter()
        .find(|s| s.token_range().contains(&t))
        .map_or(0..doc.tokens.len(), |s| s.token_range())
}

/// Without a tree: the nearest modal or past-tense speech verb to the left in the sentence.
fn tense_from_surface(w: &Words, i: usize) -> Tense {
    let s = sentence_tokens(w.doc, i);
    let mut j = i;
    while j > s.start {
        j -= 1;
        let t = w.lower(j);
        if MODALS.contains(&t.as_str()) {
            return Tense::Future;
        }
        if SPEECH_PAST.contains(&t.as_str()) || t.ends_with("ed") {
            return Tense::Past;
        }
        if matches!(t.as_str(), "," | ";" | ":" | "\"" | "“" | "”") {
            break;
        }
    }
    Tense::Unknown
}

/// The date of a day-precision value (`2014-03-14`); `None` for weeks, months and years.
pub fn day_value(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// The time expression attached to an event's clause: the one whose governing verb (climbing
/// the dependency tree from the expression) lies inside `tokens` (the clause's token range,
/// document-wide indices), else one lying inside `tokens` itself. `None` means the event takes
/// the document date (`date_source = "document"`).
///
/// `dates` is the document's date layer; `sentence` the event's sentence.
pub fn clause_date<'a>(
    doc: &Document,
    dates: &'a [DateMention],
    sentence: u32,
    tokens: Range<u32>,
) -> Option<&'a DateMention> {
    let same: Vec<(dyad_core::Span, &DateMention)> = dates
        .iter()
        .filter(|d| d.sentence == sentence)
        .map(|d| (d.span, d))
        .collect();
    crate::attach::clause_item(doc, &same, tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{Metadata, Sentence, Token};

    /// A document split on spaces and before final punctuation, one sentence, no syntax.
    fn doc(text: &str, date: Option<&str>) -> Document {
        let mut m = Metadata::with_id("t");
        m.date = date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut d = Document::new(m, text);
        let mut toks = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            let sep = c == ' ' || c == ',' || c == '\'';
            if sep {
                if let Some(s) = start.take() {
                    toks.push(Token::new(Span::new(s, i)));
                }
                if c != ' ' {
                    toks.push(Token::new(Span::new(i, i + 1)));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            toks.push(Token::new(Span::new(s, text.len())));
        }
        let n = toks.len() as u32;
        d.tokens = toks;
        d.sentences = vec![Sentence {
            span: Span::new(0, text.len()),
            tokens: 0..n,
        }];
        d
    }

    fn values(text: &str, date: &str) -> Vec<(String, String)> {
        let d = doc(text, Some(date));
        let dd = document_date(&d);
        find_dates(&d, dd)
            .into_iter()
            .map(|m| (d.slice(m.span).to_string(), m.value))
            .collect()
    }

    fn v(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn weekdays_resolve_backwards_across_month_and_year() {
        // 2015-01-01 is a Thursday.
        assert_eq!(
            values("Fighting broke out on Tuesday", "2015-01-01"),
            v(&[("Tuesday", "2014-12-30")])
        );
        assert_eq!(
            values("It happened on Thursday", "2015-01-01"),
            v(&[("Thursday", "2015-01-01")])
        );
        // 2016-03-01 is a Tuesday: Sunday is in February of a leap year.
        assert_eq!(
            values("Voters went to the polls on Sunday night", "2016-03-01"),
            v(&[("Sunday night", "2016-02-28")])
        );
    }

    #[test]
    fn future_tense_moves_weekdays_forward() {
        // 2014-12-29 is a Monday.
        assert_eq!(
            values("The two will meet on Friday", "2014-12-29"),
            v(&[("Friday", "2015-01-02")])
        );
        assert_eq!(
            values("Schools stay shut until Monday", "2014-12-29"),
            v(&[("Monday", "2015-01-05")])
        );
        assert_eq!(
            values("He said talks would take place on Monday", "2014-12-29"),
            v(&[("Monday", "2015-01-05")])
        );
        assert_eq!(
            values("He said on Monday the talks would go on", "2014-12-29"),
            v(&[("Monday", "2014-12-29")])
        );
    }

    #[test]
    fn relative_words_weeks_months_years() {
        let got = values(
            "Rebels came yesterday and left today after arriving last week earlier this month and last year",
            "2014-03-14",
        );
        assert_eq!(
            got,
            v(&[
                ("yesterday", "2014-03-13"),
                ("today", "2014-03-14"),
                ("last week", "2014-W10"),
                ("earlier this month", "2014-03"),
                ("last year", "2013"),
            ])
        );
        assert_eq!(
            values("They met last month", "2015-01-08"),
            v(&[("last month", "2014-12")])
        );
        assert_eq!(
            values("They meet next week", "2013-12-30"),
            v(&[("next week", "2014-W02")])
        );
    }

    #[test]
    fn calendar_dates() {
        assert_eq!(
            values("It began on 3 March 2014 and ended in 2009", "2015-01-08"),
            v(&[("3 March 2014", "2014-03-03"), ("2009", "2009")])
        );
        assert_eq!(
            values("An earlier raid on December 28 was repelled", "2015-01-08"),
            v(&[("December 28", "2014-12-28")])
        );
        assert_eq!(
            values("The rebels seized the city in September", "2015-03-27"),
            v(&[("September", "2014-09")])
        );
        assert_eq!(
            values("He was arrested in November 2016 at home", "2018-05-10"),
            v(&[("November 2016", "2016-11")])
        );
        assert_eq!(
            values("It began in March last year", "2012-05-14"),
            v(&[("March last year", "2011-03")])
        );
        assert_eq!(
            values("It began on Sept. 2, 2009", "2012-05-14"),
            v(&[("Sept. 2, 2009", "2009-09-02")])
        );
    }

    #[test]
    fn invalid_dates_never_panic() {
        let got = values("It happened on February 30 and 31 June 2014", "2015-01-08");
        // The impossible days are dropped; what is left is at most the month `June 2014`.
        assert!(got.iter().all(|(_, v)| v == "2014-06"), "{got:?}");
        // No 29 February in 2014 or 2015: the nearest leap year's.
        assert_eq!(
            values("on February 29", "2015-01-08"),
            v(&[("February 29", "2016-02-29")])
        );
        assert_eq!(
            values("It happened on February 29", "2016-03-08"),
            v(&[("February 29", "2016-02-29")])
        );
        // Extreme document dates.
        let _ = values(
            "yesterday tomorrow next week next month Monday",
            "9999-12-31",
        );
        let _ = values(
            "yesterday last week last month Monday 1 January",
            "0001-01-01",
        );
        let d = doc("", None);
        assert!(find_dates(&d, None).is_empty());
        assert_eq!(document_date(&d), None);
    }

    #[test]
    fn document_date_from_dateline() {
        let d = doc("KABUL, Sept. 2, 2009 (dyad) - The commission said", None);
        assert_eq!(document_date(&d), NaiveDate::from_ymd_opt(2009, 9, 2));
        let d = doc("LONDON, 14 March 2014 (dyad) - Rates", None);
        assert_eq!(document_date(&d), NaiveDate::from_ymd_opt(2014, 3, 14));
        let d = doc("LONDON, March 14 (Reuters) - Rates", None);
        assert_eq!(document_date(&d), None);
        let d = doc("Date: 2014\nLONDON, March 14 (Reuters) - Rates", None);
        assert_eq!(document_date(&d), NaiveDate::from_ymd_opt(2014, 3, 14));
        let d = doc("The talks in London, March 14 (officials say) - ok", None);
        assert_eq!(document_date(&d), None);
    }

    #[test]
    fn that_saturday_refers_back() {
        assert_eq!(
            values(
                "The quake struck on 25 April 2015 and we slept outside since that Saturday",
                "2015-05-04"
            ),
            v(&[
                ("25 April 2015", "2015-04-25"),
                ("that Saturday", "2015-04-25")
            ])
        );
    }
}
