//! The actor layer: knowledge-base matches per sentence, titles before unknown names, and
//! in-document coreference of surnames, bare titles and subject pronouns.
//!
//! Resolution order, per sentence, left to right:
//! 1. [`ActorMatcher::find_actors`] over the sentence's tokens on the document's date: longest
//!    match of names, adjectives + agents ("Russian forces" = `RUSMIL`), titles + known names.
//! 2. A title followed by proper nouns the knowledge base does not know ("British Prime
//!    Minister David Cameron" when Cameron is not listed) is extended over the name, keeping
//!    the title's code (`GBRGOV`) and taking the name as the entity.
//! 3. Coreference, against the mentions seen so far in the document: a proper noun equal to
//!    the last word of an earlier named person ("Lavrov") takes that person's code; a bare
//!    title without a country ("the prime minister", code `GOV`) takes the most recent person
//!    whose code ends in the same role; a subject pronoun (`he`, `she`) takes the most recent
//!    person mentioned whose gender does not rule it out. A person's gender comes from the
//!    knowledge base (`gender`), else a courtesy or gendered title just before or inside the
//!    mention ("Mrs", "Queen", "spokeswoman"), else the given name (`data/kb/given-names.txt`);
//!    a person with none is taken by either pronoun.

use crate::gender;
use chrono::NaiveDate;
use dyad_core::{split_actor_code, ActorMention, Document, Span};
use dyad_kb::kb::{ActorMatcher, Gender, KnowledgeBase, Match, MatchKind, Person};
use std::collections::HashMap;

/// Resolves the actors of documents against a knowledge base.
pub struct ActorResolver<'kb> {
    matcher: ActorMatcher<'kb>,
    /// Knowledge-base people by canonical name (for their gender and office titles).
    people: HashMap<&'kb str, &'kb Person>,
    /// Every office title of the knowledge base, space-padded: a bare agent that ends none of
    /// them ("the government", "the army") names a body, not a person, and is never resolved
    /// to a person mentioned earlier.
    office_titles: Vec<String>,
}

/// What an earlier person mention leaves for coreference.
struct Antecedent {
    code: String,
    entity: Option<String>,
    /// Lower-case words a later mention may use alone: the last word of the name, and the
    /// first for names written family name first (Chinese, Korean, Vietnamese, Cambodian).
    surnames: Vec<String>,
    gender: Option<Gender>,
    /// Where the person was last mentioned (sentence, token in sentence).
    last: (usize, usize),
    /// Whether that mention was the subject of its sentence's main clause.
    subject: bool,
    /// Lower-case titles the person is known by on the date, space-padded (" prime minister "):
    /// the offices held that day, or the title the text gave them.
    titles: Vec<String>,
}

impl<'kb> ActorResolver<'kb> {
    /// A resolver over `kb`.
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let people = kb.people.iter().map(|p| (p.name.as_str(), p)).collect();
        let mut office_titles: Vec<String> = kb
            .people
            .iter()
            .flat_map(|p| &p.offices)
            .map(|o| format!(" {} ", o.title.to_lowercase()))
            .collect();
        office_titles.sort();
        office_titles.dedup();
        ActorResolver {
            matcher: ActorMatcher::new(kb),
            people,
            office_titles,
        }
    }

    /// The knowledge base.
    pub fn kb(&self) -> &'kb KnowledgeBase {
        self.matcher.kb()
    }

    /// Fills `doc.actors` (replacing what was there). Needs tokens and sentences; uses the
    /// syntax layer, when present, for proper nouns and pronoun subjects.
    pub fn resolve(&self, doc: &mut Document) {
        let date = doc.meta.date;
        let mut out: Vec<ActorMention> = Vec::new();
        let mut people: Vec<Antecedent> = Vec::new();
        let mut orgs: Vec<OrgAntecedent> = Vec::new();
        let syntax = doc.syntax.as_ref();
        let upos = |i: usize| syntax.and_then(|s| s.upos.get(i)).map(String::as_str);
        let deprel = |i: usize| syntax.and_then(|s| s.deprel.get(i)).map(String::as_str);
        // Whether a token of `tokens` (document indices) is the subject of its main clause.
        let main_subject =
            |tokens: std::ops::Range<usize>| {
                syntax.is_some_and(|s| {
                    tokens.into_iter().any(|i| {
                        deprel(i).is_some_and(|d| d.starts_with("nsubj"))
                            && s.head.get(i).copied().flatten().is_some_and(|h| {
                                s.head.get(h as usize).copied().flatten().is_none()
                            })
                    })
                })
            };
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let range = sentence.token_range();
            let words: Vec<&str> = range.clone().map(|i| doc.token_text(i)).collect();
            let matches = self.matcher.find_actors(&words, date);
            // Country names by first token, for "President Jane Doe of Malawi".
            let countries: Vec<(usize, usize, String)> = matches
                .iter()
                .filter(|m| m.kind == MatchKind::Country)
                .map(|m| (m.tokens.start, m.tokens.end, m.code.clone()))
                .collect();
            // Tokens up to which a match was folded into an earlier mention.
            let mut folded_until = 0;
            // The end of the person's name that starts at `at`: the recogniser's person span
            // when one starts there (up to six words), else up to four proper nouns.
            let name_end = |at: usize| {
                let here = (range.start + at) as u32;
                let person = doc
                    .entities
                    .iter()
                    .find(|e| e.tokens.start == here && e.label == "PER")
                    .map(|e| (e.tokens.end as usize - range.start).min(words.len()));
                let mut end = at;
                while end < words.len()
                    && is_name_word(words[end], upos(range.start + end))
                    && end - at < 4
                {
                    end += 1;
                }
                let end = person.filter(|&e| e - at <= 6).unwrap_or(end);
                // The recogniser may take in an `of` phrase ("Ivan Petrov of Bulgaria").
                (at..end).find(|&k| words[k] == "of").unwrap_or(end)
            };
            let mut covered = vec![false; words.len()];
            let mut sentence_mentions: Vec<ActorMention> = Vec::new();
            // A dateline ("JEDDAH, Saudi Arabia, May 21 (dyad) -") says where the report was
            // filed, not who acts: everything before its dash.
            // The parser's test, so that what it parses apart is what is skipped here.
            let dateline_end = if si == 0 {
                dyad_core::dateline_end(&words).unwrap_or(0)
            } else {
                0
            };
            for m in matches {
                let mut m: Match = m;
                if m.tokens.start < folded_until {
                    continue;
                }
                let dateline = m.tokens.end <= dateline_end
                    || si == 0
                        && m.tokens.start == 0
                        && words.get(m.tokens.end) == Some(&",")
                        && words[m.tokens.clone()]
                            .iter()
                            .all(|w| w.chars().all(|c| !c.is_lowercase()));
                // A capital after a locative preposition is a place, not its government
                // ("talks in Moscow"): it stands for its country ("arrived in Moscow" is a
                // visit to Russia), not for the government.
                let locative = m.kind == MatchKind::Metonym
                    && m.tokens.start > 0
                    && matches!(
                        words[m.tokens.start - 1].to_ascii_lowercase().as_str(),
                        "in" | "at" | "near" | "outside"
                    );
                if dateline {
                    continue;
                }
                let mut how = how_of(m.kind).to_string();
                if locative {
                    if let Some(country) = m.code.strip_suffix("GOV") {
                        m.code = country.to_string();
                        how = "place".to_string();
                    }
                }
                // A title before an unknown name: extend over the proper nouns that follow.
                let title_end = m.tokens.end;
                let bare = !has_country(&m.code) && is_role(&m.code);
                if m.kind == MatchKind::Agent && (has_country(&m.code) || bare) {
                    let end = name_end(m.tokens.end);
                    // A bare title takes a name only with `of` + a country after it, and is
                    // that country's title ("President Jane Doe of Malawi", "First Deputy
                    // Prime Minister Ivan Petrov of Bulgaria").
                    let country = (bare && end > m.tokens.end && words.get(end) == Some(&"of"))
                        .then(|| countries.iter().find(|c| c.0 == end + 1))
                        .flatten();
                    if end > m.tokens.end && (!bare || country.is_some()) {
                        let first = &doc.tokens[range.start + m.tokens.end].span;
                        let last = &doc.tokens[range.start + end - 1].span;
                        let name = doc.text()[first.start as usize..last.end as usize].to_string();
                        m.entity = Some(name);
                        m.tokens.end = end;
                        how = "title".to_string();
                    }
                    if let Some((_, country_end, code)) = country {
                        m.code = format!("{code}{}", m.code);
                        m.tokens.end = *country_end;
                        folded_until = *country_end;
                    }
                }
                // "The Secretary General said": no general (`MIL`) but the secretary-general
                // named last, else no actor.
                let general = m.kind == MatchKind::Agent
                    && m.tokens.len() == 1
                    && words[m.tokens.start].eq_ignore_ascii_case("general");
                let secretary = general.then(|| {
                    let before = m.tokens.start.checked_sub(1)?;
                    let before = if words[before] == "-" {
                        before.checked_sub(1)?
                    } else {
                        before
                    };
                    words[before]
                        .eq_ignore_ascii_case("secretary")
                        .then_some(before)
                });
                if let Some(start) = secretary.flatten() {
                    let office = |a: &Antecedent| {
                        a.titles
                            .iter()
                            .any(|t| t.contains("secretary") && t.contains("general"))
                    };
                    let Some(i) = latest(&people, office) else {
                        continue;
                    };
                    let a = &mut people[i];
                    m.code = a.code.clone();
                    m.entity = a.entity.clone();
                    m.tokens.start = start;
                    a.last = (si, start);
                    how = "coref".to_string();
                }
                // A bare title: the most recent person known by that title, else the most
                // recent one holding that kind of office.
                let title = padded(&words[m.tokens.clone()]);
                if m.kind == MatchKind::Agent
                    && !has_country(&m.code)
                    && !BODIES.contains(&title.trim())
                    && self.office_titles.iter().any(|t| t.ends_with(&title))
                {
                    let by_title =
                        latest(&people, |a| a.titles.iter().any(|t| t.ends_with(&title)));
                    let by_role = || latest(&people, |a| a.code.ends_with(&m.code));
                    if let Some(i) = by_title.or_else(by_role) {
                        let a = &mut people[i];
                        m.code = a.code.clone();
                        m.entity = a.entity.clone();
                        a.last = (si, m.tokens.start);
                        a.subject =
                            main_subject(range.start + m.tokens.start..range.start + m.tokens.end);
                        how = "coref".to_string();
                    }
                }
                for c in &mut covered[m.tokens.clone()] {
                    *c = true;
                }
                if m.kind == MatchKind::Person || how == "title" {
                    let surnames = surnames_of(m.entity.as_deref(), &m.code);
                    let gender = self.gender_of(&words, &m);
                    let titles = if how == "title" {
                        vec![padded(&words[m.tokens.start..title_end])]
                    } else {
                        self.titles_of(m.entity.as_deref(), date)
                    };
                    people.push(Antecedent {
                        code: m.code.clone(),
                        entity: m.entity.clone(),
                        surnames,
                        gender,
                        last: (si, m.tokens.start),
                        subject: main_subject(
                            range.start + m.tokens.start..range.start + m.tokens.end,
                        ),
                        titles,
                    });
                }
                if how == "org" {
                    let mut name: Vec<String> = words[m.tokens.clone()]
                        .iter()
                        .map(|w| w.to_lowercase())
                        .collect();
                    if let Some(e) = m.entity.as_deref() {
                        name.extend(e.split_whitespace().map(str::to_lowercase));
                    }
                    orgs.push(OrgAntecedent {
                        code: m.code.clone(),
                        entity: m.entity.clone(),
                        name,
                        last: (si, m.tokens.start),
                    });
                }
                sentence_mentions.push(mention(doc, &range, si, &m.tokens, m.code, m.entity, how));
            }
            // Surnames and pronouns not covered by a match.
            for k in 0..words.len() {
                if covered[k] {
                    continue;
                }
                // "The International Monetary Fund ... The fund urged ...": a definite
                // description of an organisation named earlier.
                let upos_at = |j: usize| upos(range.start + j);
                let antecedent = (k > 0 && !covered[k - 1])
                    .then(|| org_antecedent(&orgs, &words, k, upos_at, (si, k)))
                    .flatten();
                if let Some(i) = antecedent {
                    let o = &mut orgs[i];
                    o.last = (si, k);
                    covered[k - 1] = true;
                    covered[k] = true;
                    sentence_mentions.push(mention(
                        doc,
                        &range,
                        si,
                        &(k - 1..k + 1),
                        o.code.clone(),
                        o.entity.clone(),
                        ORG_COREF.to_string(),
                    ));
                    continue;
                }
                let w = words[k];
                let lower = w.to_lowercase();
                let pronoun = match lower.as_str() {
                    "he" => Some(Gender::Male),
                    "she" => Some(Gender::Female),
                    _ => None,
                }
                .filter(|_| deprel(range.start + k).is_none_or(|d| d.starts_with("nsubj")));
                let here = (si, k);
                let antecedent = if let Some(g) = pronoun {
                    // The person last mentioned before the pronoun whose gender allows it; in
                    // the same sentence, the main clause's subject first ("Bolsonaro said Macron
                    // was wrong. He added ..." is Bolsonaro).
                    people
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| a.last < here && a.gender.is_none_or(|ag| ag == g))
                        .max_by_key(|(_, a)| (a.last.0, a.subject, a.last.1))
                        .map(|(i, _)| i)
                } else if w.chars().next().is_some_and(char::is_uppercase) {
                    // Any capitalised word equal to a person's surname: the tagger often takes
                    // an unfamiliar surname for an adjective or a common noun ("Rice said").
                    latest(&people, |a| {
                        a.last < here && a.surnames.iter().any(|n| surname_at(&words, k, n) > 0)
                    })
                } else {
                    None
                };
                if let Some(i) = antecedent {
                    let a = &mut people[i];
                    // A hyphenated surname spans several tokens ("Okonjo - Iweala").
                    let n = if pronoun.is_some() {
                        1
                    } else {
                        a.surnames
                            .iter()
                            .map(|s| surname_at(&words, k, s))
                            .max()
                            .unwrap_or(1)
                            .max(1)
                    };
                    for c in covered.iter_mut().skip(k).take(n) {
                        *c = true;
                    }
                    let (code, entity) = (a.code.clone(), a.entity.clone());
                    a.last = here;
                    a.subject = main_subject(range.start + k..range.start + k + n);
                    sentence_mentions.push(mention(
                        doc,
                        &range,
                        si,
                        &(k..k + n),
                        code,
                        entity,
                        "coref".to_string(),
                    ));
                }
            }
            sentence_mentions.sort_by_key(|m| m.tokens.start);
            attach_countries(doc, &mut sentence_mentions);
            civilian_demonyms(doc, &mut sentence_mentions);
            out.extend(sentence_mentions);
        }
        doc.actors = out;
    }

    /// The gender of a person mention: the knowledge base's, else a title word just before or
    /// inside the mention, else the given name (the entity's first word).
    fn gender_of(&self, words: &[&str], m: &Match) -> Option<Gender> {
        let known = m.entity.as_deref().and_then(|e| self.people.get(e));
        if let Some(g) = known.and_then(|p| p.gender) {
            return Some(g);
        }
        let given = m
            .entity
            .as_deref()
            .and_then(|e| e.split_whitespace().next());
        if known.is_some() {
            // The knowledge base writes `gender = "f"` on every woman whose given name the
            // list does not cover (data/kb/people/README.md), so anyone else is a man.
            return Some(
                given
                    .and_then(gender::of_given_name)
                    .unwrap_or(Gender::Male),
            );
        }
        let before = m.tokens.start.checked_sub(1).and_then(|i| words.get(i));
        let inside = words.get(m.tokens.clone()).unwrap_or(&[]);
        if let Some(g) = before
            .into_iter()
            .chain(inside)
            .find_map(|w| gender::of_title_word(w))
        {
            return Some(g);
        }
        gender::of_given_name(given?)
    }

    /// The titles of the offices a knowledge-base person holds on `date` (every office when
    /// the date is unknown), space-padded.
    fn titles_of(&self, entity: Option<&str>, date: Option<NaiveDate>) -> Vec<String> {
        let Some(p) = entity.and_then(|e| self.people.get(e)) else {
            return Vec::new();
        };
        p.offices
            .iter()
            .filter(|o| date.is_none_or(|d| o.period.contains(d)))
            .map(|o| format!(" {} ", o.title.to_lowercase()))
            .collect()
    }
}

/// How a definite description resolved to an organisation is marked (`ActorMention::how`).
pub const ORG_COREF: &str = "coref-org";

/// Whether a mention is a person: named, given by title, or resolved to one (`coref`).
pub(crate) fn is_person(m: &ActorMention) -> bool {
    matches!(m.how.as_str(), "person" | "title" | "coref")
}

/// Whether a mention names an organisation: by name, or by a definite description ("the fund").
pub(crate) fn is_org(m: &ActorMention) -> bool {
    m.how == "org" || m.how == ORG_COREF
}

/// What an earlier organisation mention leaves for coreference.
struct OrgAntecedent {
    code: String,
    entity: Option<String>,
    /// Lower-case words of the mention and of the canonical name.
    name: Vec<String>,
    /// Where it was last mentioned (sentence, token in sentence).
    last: (usize, usize),
}

/// The nouns of a definite description that can stand for an organisation named earlier.
const ORG_NOUNS: &[&str] = &[
    "agency",
    "bank",
    "bloc",
    "coalition",
    "commission",
    "council",
    "court",
    "front",
    "fund",
    "group",
    "mission",
    "movement",
    "organisation",
    "organization",
    "party",
    "programme",
    "program",
    "tribunal",
    "union",
];

/// The organisation that "the NOUN" at `k` refers to: the one mentioned last before it whose
/// name has that noun ("the fund" for the International Monetary Fund), or, for a noun that
/// names a kind, whose code is of that kind ("the agency" for a UN body, "the bloc" for a
/// regional organisation, "the group" for any body that is no international organisation).
/// Not when the noun modifies another ("the fund manager") or starts a name or an `of` phrase.
fn org_antecedent<'u>(
    orgs: &[OrgAntecedent],
    words: &[&str],
    k: usize,
    upos: impl Fn(usize) -> Option<&'u str>,
    here: (usize, usize),
) -> Option<usize> {
    if k == 0 || !words[k - 1].eq_ignore_ascii_case("the") {
        return None;
    }
    let noun = words[k].to_lowercase();
    if !ORG_NOUNS.contains(&noun.as_str()) || !matches!(upos(k), None | Some("NOUN" | "PROPN")) {
        return None;
    }
    if let Some(next) = words.get(k + 1) {
        let capital = next.chars().next().is_some_and(char::is_uppercase);
        let nominal = matches!(upos(k + 1), Some("NOUN" | "PROPN"));
        if capital || nominal || next.eq_ignore_ascii_case("of") {
            return None;
        }
    }
    let has = |o: &OrgAntecedent, w: &str| o.name.iter().any(|n| n == w);
    let fits = |o: &OrgAntecedent| match noun.as_str() {
        "agency" => o.code.starts_with("IGOUNO") || has(o, "agency"),
        "bloc" => o.code.starts_with("IGO") && !o.code.starts_with("IGOUNO"),
        "group" => !o.code.starts_with("IGO") || has(o, "group"),
        "organisation" | "organization" => has(o, "organisation") || has(o, "organization"),
        "programme" | "program" => has(o, "programme") || has(o, "program"),
        n => has(o, n),
    };
    orgs.iter()
        .enumerate()
        .filter(|(_, o)| o.last < here && fits(o))
        .max_by_key(|(_, o)| o.last)
        .map(|(i, _)| i)
}

/// How many tokens from `k` spell `surname` (lower case), hyphens being tokens of their own;
/// 0 when they do not.
fn surname_at(words: &[&str], k: usize, surname: &str) -> usize {
    let mut n = 0;
    for (i, piece) in surname.split('-').enumerate() {
        if i > 0 {
            if words.get(k + n) != Some(&"-") {
                return 0;
            }
            n += 1;
        }
        match words.get(k + n) {
            Some(w) if w.to_lowercase() == piece => n += 1,
            _ => return 0,
        }
    }
    n
}

/// The index of the most recently mentioned person that `ok` accepts.
fn latest(people: &[Antecedent], ok: impl Fn(&Antecedent) -> bool) -> Option<usize> {
    people
        .iter()
        .enumerate()
        .filter(|(_, a)| ok(a))
        .max_by_key(|(_, a)| a.last)
        .map(|(i, _)| i)
}

/// Bare agents that name a body even where an office title ends with them ("head of
/// government"): never resolved to a person.
const BODIES: &[&str] = &[
    "government",
    "administration",
    "cabinet",
    "parliament",
    "army",
    "military",
    "police",
    "regime",
    "junta",
    "authorities",
    "opposition",
];

/// Countries whose names news writes family name first ("Xi Jinping" is "Xi", "Moon Jae-in" is
/// "Moon", "Hun Sen" is "Hun").
const FAMILY_NAME_FIRST: &[&str] = &["CHN", "TWN", "HKG", "KOR", "PRK", "VNM", "KHM", "SGP"];

/// The words a later mention may use alone for `entity`.
fn surnames_of(entity: Option<&str>, code: &str) -> Vec<String> {
    let words: Vec<&str> = entity.map_or(Vec::new(), |e| e.split_whitespace().collect());
    let mut out = Vec::new();
    if let Some(last) = words.last() {
        out.push(last.to_lowercase());
    }
    let family_first = FAMILY_NAME_FIRST.iter().any(|c| code.starts_with(c));
    if let (true, Some(first)) = (family_first && words.len() > 1, words.first()) {
        out.push(first.to_lowercase());
    }
    out
}

/// Words lower-cased and joined with single spaces, padded with a space at each end so that
/// `ends_with` compares whole words.
fn padded(words: &[&str]) -> String {
    let mut out = String::from(" ");
    for w in words {
        out.push_str(&w.to_lowercase());
        out.push(' ');
    }
    out
}

fn mention(
    doc: &Document,
    sentence: &std::ops::Range<usize>,
    si: usize,
    local: &std::ops::Range<usize>,
    code: String,
    entity: Option<String>,
    how: String,
) -> ActorMention {
    let first = sentence.start + local.start;
    let last = sentence.start + local.end - 1;
    let span = Span::new(
        doc.tokens[first].span.start as usize,
        doc.tokens[last].span.end as usize,
    );
    let (country, roles) = split_actor_code(&code);
    ActorMention {
        span,
        tokens: first as u32..(last + 1) as u32,
        sentence: si as u32,
        code,
        country,
        roles,
        entity,
        how,
    }
}

fn how_of(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Country | MatchKind::Region => "country",
        MatchKind::Org => "org",
        MatchKind::Person => "person",
        MatchKind::Agent => "agent",
        MatchKind::Metonym => "metonym",
    }
}

/// Whether an actor code starts with a country or region rather than a bare role.
fn has_country(code: &str) -> bool {
    split_actor_code(code).0.is_some() && code.len() >= 3 && !is_role(&code[..3])
}

fn is_role(c: &str) -> bool {
    dyad_core::ROLE_CODES.contains(&c)
}

/// A capitalised word the tagger calls a proper noun (or, without tags, any capitalised word).
fn is_name_word(w: &str, upos: Option<&str>) -> bool {
    let capital = w.chars().next().is_some_and(char::is_uppercase);
    capital && upos.is_none_or(|u| u == "PROPN")
}

/// The code of a bare agent (`MIL`) that belongs to `owner`: the owner's code with the
/// agent's roles when the owner has none of its own ("Russian troops" = `RUSMIL`), else the
/// owner's code ("Hamas fighters" stay Hamas).
pub(crate) fn owned_agent_code(owner: &ActorMention, agent_code: &str) -> String {
    if owner.roles.is_empty() {
        format!("{}{}", owner.code, agent_code)
    } else {
        owner.code.clone()
    }
}

/// Whether a mention is a bare agent: a role with no country and no name ("the commanders" =
/// `MIL`).
pub(crate) fn is_bare_agent(m: &ActorMention) -> bool {
    m.how == "agent" && !has_country(&m.code)
}

/// Gives a bare agent (a role with no country: "lawmakers" = `LEG`) the country next to it in
/// its noun phrase: a country mention a few adjectives or nouns before it ("Kenyan opposition
/// lawmakers", "Belarus's potash exporter") or its `of`/`in`/`from` modifier ("the Emir of
/// Qatar", "militants in Pakistan").
fn attach_countries(doc: &Document, mentions: &mut Vec<ActorMention>) {
    let syntax = doc.syntax.as_ref();
    let upos = |i: usize| {
        syntax
            .and_then(|s| s.upos.get(i))
            .map_or("", String::as_str)
    };
    let mut k = 1;
    while k < mentions.len() {
        let (a, b) = (&mentions[k - 1], &mentions[k]);
        let gap = a.tokens.end..b.tokens.start;
        let glue = gap.len() <= 3
            && gap.clone().all(|i| {
                let t = doc.token_text(i as usize);
                matches!(upos(i as usize), "ADJ" | "NOUN" | "PROPN" | "PART")
                    || t == "'s"
                    || t == "-"
            });
        if glue && has_country(&a.code) && !has_country(&b.code) && a.how != "coref" {
            let code = owned_agent_code(a, &b.code);
            let (country, roles) = split_actor_code(&code);
            let merged = ActorMention {
                span: Span::new(a.span.start as usize, b.span.end as usize),
                tokens: a.tokens.start..b.tokens.end,
                sentence: a.sentence,
                code,
                country,
                roles,
                entity: b.entity.clone().or_else(|| a.entity.clone()),
                how: "agent".to_string(),
            };
            mentions[k - 1] = merged;
            mentions.remove(k);
            continue;
        }
        k += 1;
    }
    share_roles_of_conjunct(doc, mentions);
    let Some(syn) = syntax else {
        return;
    };
    // `of`/`in`/`from` + country after a bare agent.
    let covering = |mentions: &[ActorMention], t: usize| {
        mentions
            .iter()
            .position(|m| (m.tokens.start as usize..m.tokens.end as usize).contains(&t))
    };
    let mut shared: Vec<ActorMention> = Vec::new();
    for k in 0..mentions.len() {
        if has_country(&mentions[k].code) {
            continue;
        }
        let range = mentions[k].tokens.start as usize..mentions[k].tokens.end as usize;
        let Some(sentence) = doc.sentences.get(mentions[k].sentence as usize) else {
            continue;
        };
        let within = sentence.token_range();
        let country = place_modifiers(syn, within.clone(), range.clone()).find_map(|c| {
            let m = covering(mentions, c)?;
            (has_country(&mentions[m].code) && mentions[m].roles.is_empty())
                .then(|| (c, mentions[m].code.clone()))
        });
        if let Some((at, c)) = country {
            // "The foreign ministers of Greece and Macedonia": a plural role stands for the
            // role of each conjoined country, one mention over the same words for each
            // (the coder reads them as conjoined actors, as `plural.rs`'s).
            let plural = range
                .clone()
                .last()
                .is_some_and(|l| matches!(syn.xpos[l].as_str(), "NNS" | "NNPS"));
            let conjuncts: Vec<String> = if plural {
                within
                    .clone()
                    .filter(|&x| syn.head[x] == Some(at as u32) && syn.deprel[x] == "conj")
                    .filter_map(|x| covering(mentions, x))
                    .filter(|&m| has_country(&mentions[m].code) && mentions[m].roles.is_empty())
                    .map(|m| mentions[m].code.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let agent = mentions[k].code.clone();
            for other in conjuncts {
                let code = format!("{other}{agent}");
                let (country, roles) = split_actor_code(&code);
                shared.push(ActorMention {
                    code,
                    country,
                    roles,
                    ..mentions[k].clone()
                });
            }
            let code = format!("{c}{agent}");
            let (country, roles) = split_actor_code(&code);
            let m = &mut mentions[k];
            m.code = code;
            m.country = country;
            m.roles = roles;
        }
    }
    if !shared.is_empty() {
        mentions.extend(shared);
        mentions.sort_by_key(|m| m.tokens.start);
    }
}

/// The `of`/`in`/`from` modifiers of the words `words` in the sentence `within`: each `nmod`
/// hanging from them with such a `case` ("the Emir | of Qatar", "residents | of Goma").
pub(crate) fn place_modifiers<'s>(
    syn: &'s dyad_core::Syntax,
    within: std::ops::Range<usize>,
    words: std::ops::Range<usize>,
) -> impl Iterator<Item = usize> + 's {
    let head = move |t: usize| syn.head.get(t).copied().flatten().map(|h| h as usize);
    let cases = within.clone();
    within.filter(move |&c| {
        head(c).is_some_and(|h| words.contains(&h))
            && !words.contains(&c)
            && syn.deprel.get(c).is_some_and(|d| d == "nmod")
            && cases.clone().any(|x| {
                head(x) == Some(c)
                    && syn.deprel[x] == "case"
                    && matches!(syn.lemma[x].as_str(), "of" | "in" | "from")
            })
    })
}

/// "Kyrgyz and Tajik troops", "US and British forces": a nationality word conjoined with the
/// nationality of a country + role mention right after it shares that role (`KGZMIL`). Only
/// a country word that is not the country's name ("Russia and Syrian forces": Russia stays
/// the state) and only across one `and`, `or` or comma.
fn share_roles_of_conjunct(doc: &Document, mentions: &mut [ActorMention]) {
    for k in 1..mentions.len() {
        let (a, b) = (&mentions[k - 1], &mentions[k]);
        let gap = a.tokens.end..b.tokens.start;
        let joined =
            gap.len() == 1 && matches!(doc.token_text(gap.start as usize), "and" | "or" | ",");
        let adjective = a.how == "country"
            && a.roles.is_empty()
            && a.tokens.len() == 1
            && a.entity.as_deref() != Some(doc.slice(a.span));
        let role_phrase = b.how == "agent"
            && b.tokens.len() >= 2
            && b.country.is_some()
            && b.country != a.country
            && !b.roles.is_empty();
        if !(joined && adjective && role_phrase && has_country(&a.code)) {
            continue;
        }
        let code = format!("{}{}", a.code, b.roles.concat());
        let (country, roles) = split_actor_code(&code);
        let m = &mut mentions[k - 1];
        m.code = code;
        m.country = country;
        m.roles = roles;
        m.how = "agent".to_string();
    }
}

/// Quantity words before a nationality noun that make it people: "several Americans".
const QUANTITIES: &[&str] = &[
    "a",
    "an",
    "one",
    "several",
    "some",
    "many",
    "few",
    "dozens",
    "hundreds",
    "thousands",
];

/// "A Canadian", "two Americans", "dozens of Britons": a nationality noun counted as people
/// (an article, a number or a quantity before it) is that country's civilians (`CANCVL`), as
/// ICEWS codes "Citizen (Canada)". "The Americans" and "Americans" alone are left as the
/// country: they often stand for its side in talks.
fn civilian_demonyms(doc: &Document, mentions: &mut [ActorMention]) {
    let Some(syn) = doc.syntax.as_ref() else {
        return;
    };
    for m in mentions.iter_mut() {
        let k = m.tokens.start as usize;
        let word = doc.token_text(k);
        let noun = m.how == "country"
            && m.roles.is_empty()
            && m.tokens.len() == 1
            && m.entity.as_deref() != Some(word)
            // The tagger often calls a nationality noun an adjective ("a Canadian").
            && matches!(syn.upos.get(k).map(String::as_str), Some("NOUN" | "PROPN" | "ADJ"))
            && !matches!(
                syn.deprel.get(k).map(String::as_str),
                Some("amod" | "compound" | "nmod:poss" | "flat" | "root")
            );
        if !noun || !has_country(&m.code) {
            continue;
        }
        let quantity = |c: usize| QUANTITIES.contains(&doc.token_text(c).to_lowercase().as_str());
        let range = doc
            .sentences
            .get(m.sentence as usize)
            .map_or(0..0, |s| s.token_range());
        let counted = range.into_iter().any(|c| {
            syn.head.get(c).copied().flatten() == Some(k as u32)
                && match syn.deprel[c].as_str() {
                    "nummod" => true,
                    "det" | "amod" => quantity(c),
                    _ => false,
                }
        }) || k
            .checked_sub(2)
            .is_some_and(|b| doc.token_text(k - 1).eq_ignore_ascii_case("of") && quantity(b));
        if counted {
            m.code = format!("{}CVL", m.code);
            m.roles = vec!["CVL".to_string()];
            m.how = "agent".to_string();
        }
    }
}
