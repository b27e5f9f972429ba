//! The compiled actor matcher: longest match of knowledge-base strings over token sequences.
//!
//! Every string of the knowledge base (names, aliases, adjectives, capitals, metonyms, agent
//! phrases and plurals) is cut into *keys*, one per word, with the same normalisation that is
//! applied to the text's tokens:
//!
//! * lower case; periods dropped from words of letters and periods (`U.S.` = `US`, `W.` = `W`);
//! * a word of two or more letters written all in capitals in the knowledge base is an acronym
//!   and only matches text written in capitals too ("US" never matches "us", "WHO" not "who");
//! * hyphens separate words and are not keys themselves (`Guinea-Bissau` = `Guinea - Bissau`),
//!   and possessive endings are not keys (`Children's` = `Children 's` = `Children`), so the
//!   tokenizer's choices on hyphens and clitics do not matter;
//! * a leading "the" is dropped: names match with or without their article, and a "the" just
//!   before a name is added to the match range.
//!
//! Patterns are indexed by their first key in a hash map, each list sorted longest first, so a
//! look-up costs one hash per token plus a few key comparisons; no regular expressions.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::{Combine, KnowledgeBase, Office, Person};

/// What a match refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// A country (name, adjective or demonym) or sub-state region.
    Country,
    /// A CAMEO international region ("the West", "Balkan").
    Region,
    /// An organisation.
    Org,
    /// A person with dated offices.
    Person,
    /// A role word or phrase ("police"), possibly combined with a country ("Russian troops").
    Agent,
    /// A place standing for an actor: a capital or seat ("Moscow" = RUSGOV) or a
    /// `metonyms.toml` entry ("the Pentagon").
    Metonym,
}

/// Agent phrases that are also ranks in longer titles ("deputy", alone a member of parliament):
/// right before another agent they join its title, which keeps its code ("Deputy Interior
/// Minister" = `GOV`).
const RANK_WORDS: &[&str] = &["deputy"];

/// One actor mention found in a token sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Token indices covered (a possessive `'s` after the name is never included).
    pub tokens: Range<usize>,
    /// What was matched.
    pub kind: MatchKind,
    /// CAMEO actor code on the date asked for.
    pub code: String,
    /// The canonical name of the entry (country, organisation or person name, metonym phrase);
    /// `None` for agents on their own.
    pub entity: Option<String>,
}

/// A person's code on a date, with the office it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonCode<'a> {
    /// The person.
    pub person: &'a Person,
    /// The office held on the date, if any.
    pub office: Option<&'a Office>,
    /// The office's code, or the person's country code when no office is held.
    pub code: String,
}

/// One normalised word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    text: Box<str>,
    /// In a pattern: the word is an acronym and needs capitals in the text. In the text: the
    /// token is written in capitals.
    upper: bool,
    /// In a pattern: the word is capitalised and does not match text written all in lower case
    /// ("the Union" is not "union", "State Department" not "state department", which are
    /// agents). In the text: the token is all lower case.
    cap: bool,
}

/// Normalises one word into zero or more keys (hyphens split, possessives and dots dropped).
fn word_keys(word: &str, pattern: bool, out: &mut Vec<Key>) {
    let w = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('\u{2019}'))
        .unwrap_or(word);
    for part in w.split(['-', '\u{2013}', '\u{2014}']) {
        if part.is_empty() {
            continue;
        }
        let dotted_word = part.contains('.') && part.chars().all(|c| c.is_alphabetic() || c == '.');
        let part: String = if dotted_word {
            part.chars().filter(|&c| c != '.').collect()
        } else {
            part.to_string()
        };
        if part.is_empty() {
            continue;
        }
        let letters = part.chars().filter(|c| c.is_alphabetic()).count();
        let upper = letters >= 2
            && part
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        let cap = if pattern {
            part.chars().next().is_some_and(char::is_uppercase)
        } else {
            letters > 0 && !part.chars().any(char::is_uppercase)
        };
        out.push(Key {
            text: part.to_lowercase().into(),
            upper,
            cap,
        });
    }
}

/// The keys of a knowledge-base string (leading "the" dropped).
fn pattern_keys(s: &str) -> Vec<Key> {
    // Commas are tokens of their own in the text ("Washington , D.C."), so in patterns too.
    let mut words: Vec<&str> = s
        .split_whitespace()
        .flat_map(|w| match w.strip_suffix(',') {
            Some(head) => vec![head, ","],
            None => vec![w],
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
    }
    let mut out = Vec::new();
    for w in words {
        word_keys(w, true, &mut out);
    }
    out
}

/// The normalised form of a knowledge-base string, for duplicate checks: two strings with the
/// same form are indistinguishable to the matcher.
pub(crate) fn normal_form(s: &str) -> String {
    let keys = pattern_keys(s);
    let mut out = String::new();
    for k in keys {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&k.text);
        if k.upper {
            out.push('^');
        }
    }
    out
}

/// A token of the text as keys: (key, token index, first key of its token, last key).
struct TextKey {
    key: Key,
    tok: usize,
    first: bool,
    last: bool,
}

fn text_keys<S: AsRef<str>>(tokens: &[S]) -> Vec<TextKey> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut buf = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        buf.clear();
        word_keys(t.as_ref(), false, &mut buf);
        let n = buf.len();
        for (j, key) in buf.drain(..).enumerate() {
            out.push(TextKey {
                key,
                tok: i,
                first: j == 0,
                last: j + 1 == n,
            });
        }
    }
    out
}

/// How a country or region string was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Name,
    Adjective,
    Demonym,
    /// Capital or seat of government: country + GOV.
    Seat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Country(u32, Form),
    Region(u32, Form),
    Metonym(u32),
    Org(u32),
    Person(u32),
    Agent(u32),
}

impl Target {
    /// Lower wins when two entries have the same string (codebook sec. 3.2.2: specific actors
    /// over agents; a `metonyms.toml` entry is deliberately more specific than a capital).
    fn priority(&self) -> u8 {
        match self {
            Target::Person(_) => 0,
            Target::Metonym(_) => 1,
            Target::Org(_) => 2,
            Target::Country(..) => 3,
            Target::Region(..) => 4,
            Target::Agent(_) => 5,
        }
    }
}

struct Pattern {
    keys: Box<[Key]>,
    target: Target,
}

/// The knowledge base compiled for matching (see the [module documentation](self)).
pub struct ActorMatcher<'kb> {
    kb: &'kb KnowledgeBase,
    patterns: Vec<Pattern>,
    by_first: HashMap<Box<str>, Vec<u32>, dyad_core::FnvBuildHasher>,
    by_surname: HashMap<Box<str>, Vec<u32>, dyad_core::FnvBuildHasher>,
}

/// Words after a surname that are not the surname ("Bush Jr.", "Abdullah II").
const NAME_SUFFIXES: [&str; 6] = ["jr", "sr", "ii", "iii", "iv", "v"];

/// Tokens between an actor and an agent that do not break them apart.
fn is_glue(tok: &str) -> bool {
    matches!(tok, "'s" | "\u{2019}s" | "'" | "\u{2019}" | "-")
}

impl<'kb> ActorMatcher<'kb> {
    /// Compiles `kb`.
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let mut patterns = Vec::new();
        let mut add = |s: &str, target: Target| {
            let keys = pattern_keys(s);
            if !keys.is_empty() {
                patterns.push(Pattern {
                    keys: keys.into(),
                    target,
                });
            }
        };
        for (i, c) in kb.countries.iter().enumerate() {
            let i = i as u32;
            for s in std::iter::once(&c.name).chain(&c.names) {
                add(s, Target::Country(i, Form::Name));
            }
            for s in &c.adjectives {
                add(s, Target::Country(i, Form::Adjective));
            }
            for s in &c.demonyms {
                add(s, Target::Country(i, Form::Demonym));
            }
            // "Sino-" matches the token "Sino" when the tokenizer splits "Sino-Japanese";
            // a match never ends inside a token, so an unsplit compound is left alone.
            for s in &c.prefixes {
                add(s, Target::Country(i, Form::Adjective));
            }
            for s in c.capitals.iter().chain(&c.metonyms) {
                add(s, Target::Country(i, Form::Seat));
            }
        }
        for (i, r) in kb.regions.iter().enumerate() {
            let i = i as u32;
            for s in std::iter::once(&r.name).chain(&r.names) {
                add(s, Target::Region(i, Form::Name));
            }
            for s in &r.adjectives {
                add(s, Target::Region(i, Form::Adjective));
            }
        }
        for (i, m) in kb.metonyms.iter().enumerate() {
            add(&m.phrase, Target::Metonym(i as u32));
        }
        for (i, o) in kb.orgs.iter().enumerate() {
            for s in std::iter::once(&o.name).chain(&o.aliases) {
                add(s, Target::Org(i as u32));
            }
        }
        for (i, a) in kb.agents.iter().enumerate() {
            let i = i as u32;
            add(&a.phrase, Target::Agent(i));
            match &a.plural {
                Some(p) => add(p, Target::Agent(i)),
                None => add(&format!("{}s", a.phrase), Target::Agent(i)),
            }
        }
        let mut by_surname: HashMap<Box<str>, Vec<u32>, dyad_core::FnvBuildHasher> =
            HashMap::default();
        for (i, p) in kb.people.iter().enumerate() {
            let i = i as u32;
            for s in std::iter::once(&p.name).chain(&p.aliases) {
                add(s, Target::Person(i));
                let keys = pattern_keys(s);
                // A one-word name ("Lula", "Hemedti") is matched as a name, not a surname.
                if keys.len() < 2 {
                    continue;
                }
                let surname = keys
                    .iter()
                    .rev()
                    .find(|k| !NAME_SUFFIXES.contains(&&*k.text))
                    .filter(|k| k.text.chars().count() > 1);
                if let Some(k) = surname {
                    let list = by_surname.entry(k.text.clone()).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        // Identical patterns are kept once per target.
        let mut seen = std::collections::HashSet::new();
        patterns.retain(|p| seen.insert((p.keys.clone(), format!("{:?}", p.target))));
        let mut by_first: HashMap<Box<str>, Vec<u32>, dyad_core::FnvBuildHasher> =
            HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            by_first
                .entry(p.keys[0].text.clone())
                .or_default()
                .push(i as u32);
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|&i| {
                let p = &patterns[i as usize];
                (std::cmp::Reverse(p.keys.len()), p.target.priority())
            });
        }
        ActorMatcher {
            kb,
            patterns,
            by_first,
            by_surname,
        }
    }

    /// The knowledge base compiled.
    pub fn kb(&self) -> &'kb KnowledgeBase {
        self.kb
    }

    /// Whether pattern `p` matches the text keys starting at `at`, ending on a token boundary.
    fn matches_at(&self, p: &Pattern, keys: &[TextKey], at: usize) -> bool {
        let end = at + p.keys.len();
        if end > keys.len() || !keys[end - 1].last {
            return false;
        }
        p.keys.iter().zip(&keys[at..end]).all(|(pk, tk)| {
            pk.text == tk.key.text && (!pk.upper || tk.key.upper) && !(pk.cap && tk.key.cap)
        })
    }

    /// Whether a target may be used on `date`: former states only inside their dates, and
    /// without a date only entries that are still current when a current one matches too.
    fn valid_on(&self, t: Target, date: Option<NaiveDate>) -> bool {
        match (t, date) {
            (Target::Country(i, _), Some(d)) => self
                .kb
                .countries
                .get(i as usize)
                .is_some_and(|c| c.valid.contains(d)),
            _ => true,
        }
    }

    fn is_current(&self, t: Target) -> bool {
        match t {
            Target::Country(i, _) => self
                .kb
                .countries
                .get(i as usize)
                .is_some_and(|c| c.valid.is_current()),
            _ => true,
        }
    }

    /// The best pattern starting at text key `at`: the longest, then the most specific. An
    /// entry out of its dates is used only when nothing valid matches ("Russia" in 1985 is
    /// still Russia, as no entry covers it then).
    fn best_at(&self, keys: &[TextKey], at: usize, date: Option<NaiveDate>) -> Option<&Pattern> {
        let found = self.best_at_dated(keys, at, date);
        match (found, date) {
            (None, Some(_)) => self.best_at_dated(keys, at, None),
            _ => found,
        }
    }

    fn best_at_dated(
        &self,
        keys: &[TextKey],
        at: usize,
        date: Option<NaiveDate>,
    ) -> Option<&Pattern> {
        let list = self.by_first.get(&keys[at].key.text)?;
        let mut i = 0;
        while i < list.len() {
            let len = self.patterns[list[i] as usize].keys.len();
            let group_end = list[i..]
                .iter()
                .position(|&j| self.patterns[j as usize].keys.len() != len)
                .map_or(list.len(), |n| i + n);
            let mut best: Option<&Pattern> = None;
            for &j in &list[i..group_end] {
                let p = &self.patterns[j as usize];
                if !self.matches_at(p, keys, at) || !self.valid_on(p.target, date) {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some(b) => {
                        (p.target.priority(), !self.is_current(p.target))
                            < (b.target.priority(), !self.is_current(b.target))
                    }
                };
                if better {
                    best = Some(p);
                }
            }
            if best.is_some() {
                return best;
            }
            i = group_end;
        }
        None
    }

    /// Every knowledge-base string found in `tokens`, left to right, longest first, without
    /// overlaps. Codes are those valid on `date` (today's entries without a date). Agents are
    /// reported on their own here; [`find_actors`](Self::find_actors) combines them.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S], date: Option<NaiveDate>) -> Vec<Match> {
        self.find_raw(tokens, date)
            .into_iter()
            .map(|(range, t)| self.to_match(range, t, date))
            .collect()
    }

    fn find_raw<S: AsRef<str>>(
        &self,
        tokens: &[S],
        date: Option<NaiveDate>,
    ) -> Vec<(Range<usize>, Target)> {
        let keys = text_keys(tokens);
        let mut out: Vec<(Range<usize>, Target)> = Vec::new();
        let mut at = 0;
        while at < keys.len() {
            if !keys[at].first {
                at += 1;
                continue;
            }
            let Some(p) = self.best_at(&keys, at, date) else {
                at += 1;
                continue;
            };
            let mut start = keys[at].tok;
            let end = keys[at + p.keys.len() - 1].tok + 1;
            let named = matches!(
                p.target,
                Target::Country(_, Form::Name | Form::Seat)
                    | Target::Region(_, Form::Name)
                    | Target::Metonym(_)
                    | Target::Org(_)
                    | Target::Person(_)
            );
            let prev_end = out.last().map_or(0, |(r, _)| r.end);
            if named && start > prev_end && tokens[start - 1].as_ref().eq_ignore_ascii_case("the") {
                start -= 1;
            }
            // A rank word right before another role is part of that role's title: "Deputy
            // Interior Minister" is one interior-ministry official (`GOV`), not a member of
            // parliament (`LEG`, what "deputy" alone means) beside a minister.
            if let (Target::Agent(_), Some((prev, Target::Agent(r)))) = (p.target, out.last()) {
                let rank =
                    self.kb.agents.get(*r as usize).is_some_and(|a| {
                        RANK_WORDS.contains(&a.phrase.as_str()) && prev.len() == 1
                    });
                if rank && prev.end == start {
                    start = prev.start;
                    out.pop();
                }
            }
            out.push((start..end, p.target));
            at += p.keys.len();
        }
        out
    }

    fn to_match(&self, tokens: Range<usize>, t: Target, date: Option<NaiveDate>) -> Match {
        let kb = self.kb;
        let (kind, code, entity) = match t {
            Target::Country(i, form) => {
                let c = &kb.countries[i as usize];
                if form == Form::Seat {
                    (MatchKind::Metonym, format!("{}GOV", c.code), Some(&c.name))
                } else {
                    (MatchKind::Country, c.code.clone(), Some(&c.name))
                }
            }
            Target::Region(i, _) => {
                let r = &kb.regions[i as usize];
                (MatchKind::Region, r.code.clone(), Some(&r.name))
            }
            Target::Metonym(i) => {
                let m = &kb.metonyms[i as usize];
                (MatchKind::Metonym, m.code.clone(), Some(&m.phrase))
            }
            Target::Org(i) => {
                let o = &kb.orgs[i as usize];
                (MatchKind::Org, o.code_on(date).to_string(), Some(&o.name))
            }
            Target::Person(i) => {
                let p = &kb.people[i as usize];
                let (_, code) = person_code(p, date);
                (MatchKind::Person, code, Some(&p.name))
            }
            Target::Agent(i) => (MatchKind::Agent, kb.agents[i as usize].code.clone(), None),
        };
        Match {
            tokens,
            kind,
            code,
            entity: entity.cloned(),
        }
    }

    /// Actor mentions with agents attached: a country or region (name or adjective) directly
    /// before an agent gives one actor coded by the agent's `combine` rule ("Russian troops" =
    /// `RUSMIL`, "British Prime Minister" = `GBRGOV`, "French aid group" = `NGOFRA`); a title
    /// directly before a person's full name is folded into the person ("Russian Foreign
    /// Minister Sergei Lavrov" = the person's code on `date`, or the title's code if the
    /// person held no office then); an agent with no actor keeps its bare role code ("police"
    /// = `COP`, country unknown).
    pub fn find_actors<S: AsRef<str>>(&self, tokens: &[S], date: Option<NaiveDate>) -> Vec<Match> {
        let raw = self.find_raw(tokens, date);
        let adjacent = |a: &Range<usize>, b: &Range<usize>| {
            a.end <= b.start && tokens[a.end..b.start].iter().all(|t| is_glue(t.as_ref()))
        };
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let (range, t) = (raw[i].0.clone(), raw[i].1);
            let mut m = self.to_match(range.clone(), t, date);
            let actor_code = match t {
                Target::Country(c, Form::Name | Form::Adjective) => {
                    Some(self.kb.countries[c as usize].code.as_str())
                }
                Target::Region(r, _) => Some(self.kb.regions[r as usize].code.as_str()),
                _ => None,
            };
            let mut next = i + 1;
            // Country/region + agent.
            if let (Some(actor), Some((r2, Target::Agent(a)))) = (actor_code, raw.get(i + 1)) {
                if adjacent(&range, r2) {
                    let agent = &self.kb.agents[*a as usize];
                    m.code = match agent.combine {
                        Combine::Prefix => format!("{actor}{}", agent.code),
                        Combine::Suffix => format!("{}{actor}", agent.code),
                        Combine::None => agent.code.clone(),
                    };
                    m.kind = MatchKind::Agent;
                    m.tokens = range.start..r2.end;
                    next = i + 2;
                }
            }
            // Title (with or without country) + person's full name.
            let title_end = if m.kind == MatchKind::Agent {
                Some(m.tokens.clone())
            } else {
                None
            };
            if let (Some(title), Some((r3, Target::Person(p)))) = (title_end, raw.get(next)) {
                if adjacent(&title, r3) {
                    let person = &self.kb.people[*p as usize];
                    let (office, code) = person_code(person, date);
                    let title_code = if actor_code.is_some() {
                        m.code.clone()
                    } else {
                        format!("{}{}", person.country, m.code)
                    };
                    m = Match {
                        tokens: title.start..r3.end,
                        kind: MatchKind::Person,
                        code: if office.is_some() { code } else { title_code },
                        entity: Some(person.name.clone()),
                    };
                    next += 1;
                }
            }
            out.push(m);
            i = next;
        }
        out
    }

    /// The code of the person whose full name or alias is exactly `name_tokens`, on `date`:
    /// the office held that day, or the country code when none is (see [`PersonCode`]).
    /// `None` when the tokens are not a known full name ("Bush" alone never is).
    pub fn resolve_person<S: AsRef<str>>(
        &self,
        name_tokens: &[S],
        date: NaiveDate,
    ) -> Option<PersonCode<'kb>> {
        let keys = text_keys(name_tokens);
        let list = self.by_first.get(&keys.first()?.key.text)?;
        list.iter().find_map(|&j| {
            let p = &self.patterns[j as usize];
            match p.target {
                Target::Person(i) if p.keys.len() == keys.len() && self.matches_at(p, &keys, 0) => {
                    let person = &self.kb.people[i as usize];
                    let (office, code) = person_code(person, Some(date));
                    Some(PersonCode {
                        person,
                        office,
                        code,
                    })
                }
                _ => None,
            }
        })
    }

    /// People whose name or an alias ends in `surname` (case-insensitive; "Jr."/"II" endings
    /// skipped): the candidates a coreference stage chooses from ("Bush" gives both Bushes).
    pub fn person_by_surname(&self, surname: &str) -> Vec<&'kb Person> {
        let kb = self.kb;
        let keys = pattern_keys(surname);
        let [key] = keys.as_slice() else {
            return Vec::new();
        };
        self.by_surname.get(&key.text).map_or_else(Vec::new, |ids| {
            ids.iter().map(|&i| &kb.people[i as usize]).collect()
        })
    }

    /// The agent phrase covering exactly `tokens` ("police", "Foreign Ministers"), if any: its
    /// bare code and combine rule.
    pub fn agent<S: AsRef<str>>(&self, tokens: &[S]) -> Option<&'kb super::Agent> {
        let keys = text_keys(tokens);
        let list = self.by_first.get(&keys.first()?.key.text)?;
        list.iter().find_map(|&j| {
            let p = &self.patterns[j as usize];
            match p.target {
                Target::Agent(i) if p.keys.len() == keys.len() && self.matches_at(p, &keys, 0) => {
                    self.kb.agents.get(i as usize)
                }
                _ => None,
            }
        })
    }

    /// Number of compiled patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether nothing was compiled.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// The office `person` holds on `date` and its code; the country code when none is held.
///
/// Without a date: the current office, if any. On a change day both offices contain the date
/// and the later-starting one wins (format rule); concurrent offices also go to the one begun
/// last. An office that ends at the authors' knowledge horizon with "end date uncertain" is
/// taken as still held after its `to` (unless a later office began since), because for most
/// of them the holder is still in office: the alternative would code sitting leaders as
/// private citizens for every article after 2025-09.
pub(crate) fn person_code(person: &Person, date: Option<NaiveDate>) -> (Option<&Office>, String) {
    let start = |o: &Office| o.period.from.and_then(|f| f.first_day());
    let latest = |it: &mut dyn Iterator<Item = &'_ Office>| -> Option<usize> {
        let mut best: Option<(usize, Option<NaiveDate>)> = None;
        for o in it {
            let idx = person
                .offices
                .iter()
                .position(|x| std::ptr::eq(x, o))
                .unwrap_or(0);
            if best.is_none_or(|(_, s)| start(o) >= s) {
                best = Some((idx, start(o)));
            }
        }
        best.map(|(i, _)| i)
    };
    let held = match date {
        Some(d) => latest(&mut person.offices.iter().filter(|o| o.period.contains(d))),
        None => latest(&mut person.offices.iter().filter(|o| o.period.is_current())),
    };
    // The authors' knowledge horizon (data/kb/people/README.md).
    let horizon = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or(NaiveDate::MIN);
    let held = held.or_else(|| {
        let last_start = person.offices.iter().filter_map(start).max();
        let open_ended = person.offices.iter().filter(|o| {
            let ended = o.period.to.and_then(|t| t.last_day());
            o.end_uncertain
                && ended.is_some_and(|e| e >= horizon)
                && date.is_none_or(|d| start(o).is_none_or(|s| s <= d) && ended.is_some_and(|e| e < d))
                // Nothing began after it ended.
                && ended.is_some_and(|e| last_start.is_none_or(|l| l <= e))
        });
        latest(&mut open_ended.into_iter())
    });
    match held.and_then(|i| person.offices.get(i)) {
        Some(o) => (Some(o), o.code.clone()),
        None => (None, person.country.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<(String, bool, bool)> {
        pattern_keys(s)
            .into_iter()
            .map(|k| (k.text.to_string(), k.upper, k.cap))
            .collect()
    }

    #[test]
    fn normalisation() {
        assert_eq!(keys("U.S."), keys("US"));
        assert_eq!(keys("U.S.")[0], ("us".into(), true, true));
        assert_eq!(normal_form("the United Nations"), "united nations");
        assert_eq!(normal_form("Guinea-Bissau"), "guinea bissau");
        assert_eq!(normal_form("Children's Fund"), "children fund");
        assert_eq!(normal_form("Washington, D.C."), "washington , dc^");
        assert_eq!(normal_form("George W. Bush"), "george w bush");
        // A lone "the" is kept (it is the whole string).
        assert_eq!(normal_form("the"), "the");
        let t = text_keys(&["Russia's", "'s", "al-Qaeda", "-"]);
        let got: Vec<(&str, usize, bool, bool)> = t
            .iter()
            .map(|k| (&*k.key.text, k.tok, k.first, k.last))
            .collect();
        assert_eq!(
            got,
            [
                ("russia", 0, true, true),
                ("al", 2, true, false),
                ("qaeda", 2, false, true)
            ]
        );
    }
}
