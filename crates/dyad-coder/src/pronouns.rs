//! `they`, `them` and `it` standing for an actor named just before, after the scene's countries
//! ([`crate::located_agents`]), so that a group placed in its report's country lends that
//! country to its pronouns. A resolved pronoun becomes an actor mention (`how: coref`).
//!
//! - **A group** ("Police detained 12 opposition activists on Monday. Prosecutors accused
//!   them of treason": the activists): `they` or `them` takes the code of the one group it can
//!   stand for, among the plural role or group mentions (a plural noun heads them, or they
//!   modify one: "activists", "rebels", "police", "opposition | hopefuls") of its own sentence
//!   before it and of the sentence before, leaving out the subject of the pronoun's own clause
//!   ("the police arrested them" is not the police), and only those in the pronoun's own role
//!   (`they` a subject, `them` not).
//! - **A reporter** ("Russia said it had attacked ...", "Police said they had detained ..."),
//!   tried first: `it` or `they`, the subject of a reported clause (or of a conjunct of one),
//!   is the subject of the verb that reports it, when that is an actor that is no person,
//!   singular for `it`, plural for `they`.
//!
//! When the candidates have more than one code, or there are none, the pronoun is left alone:
//! a wrong actor is worse than none.

use dyad_core::{ActorMention, Document, Syntax};

/// How a mention made by this rule is marked: a pronoun resolved to an earlier mention.
const HOW: &str = "coref";

/// Adds an actor mention for each `they`, `them` or `it` that stands for one actor, as the
/// module documentation describes. Needs the syntax and actor layers.
pub fn resolve_pronouns(doc: &mut Document) {
    let Some(syntax) = doc.syntax.as_ref() else {
        return;
    };
    let mut added: Vec<ActorMention> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        for k in sentence.token_range() {
            let word = doc.token_text(k);
            let group = word.eq_ignore_ascii_case("they") || word.eq_ignore_ascii_case("them");
            if !(group || word.eq_ignore_ascii_case("it"))
                || syntax.upos.get(k).map(String::as_str) != Some("PRON")
                || doc.actors.iter().any(|a| a.tokens.contains(&(k as u32)))
            {
                continue;
            }
            let they = word.eq_ignore_ascii_case("they");
            if let Some(m) = reporter(doc, syntax, k, they).filter(|_| they || !group) {
                added.push(pronoun_mention(doc, k, si, m));
                continue;
            }
            if !group {
                continue;
            }
            // The subject of the pronoun's own clause ("the police arrested them").
            let clause = syntax.head.get(k).copied().flatten().map(|h| h as usize);
            let own_subject = |a: &ActorMention| {
                (a.tokens.start as usize..a.tokens.end as usize).any(|t| {
                    syntax.deprel.get(t).is_some_and(|d| d.starts_with("nsubj"))
                        && clause.is_some()
                        && syntax.head.get(t).copied().flatten().map(|h| h as usize) == clause
                })
            };
            let window = |a: &&ActorMention| {
                let s = a.sentence as usize;
                (s + 1 == si || (s == si && (a.tokens.end as usize) <= k))
                    && a.how != HOW
                    && is_group(doc, a)
                    && !own_subject(a)
            };
            // Parallel roles first: `they` a subject, `them` a non-subject ("police detained
            // activists. Prosecutors accused them": the activists).
            let subject = |a: &ActorMention| {
                (a.tokens.start as usize..a.tokens.end as usize)
                    .any(|t| syntax.deprel.get(t).is_some_and(|d| d.starts_with("nsubj")))
            };
            let wants_subject = word.eq_ignore_ascii_case("they");
            let groups: Vec<&ActorMention> = doc.actors.iter().filter(window).collect();
            let parallel: Vec<&ActorMention> = groups
                .iter()
                .copied()
                .filter(|a| subject(a) == wants_subject)
                .collect();
            let Some(first) = one_code(&parallel) else {
                continue;
            };
            added.push(pronoun_mention(doc, k, si, first));
        }
    }
    if added.is_empty() {
        return;
    }
    doc.actors.extend(added);
    doc.actors.sort_by_key(|a| a.tokens.start);
}

/// The mention of pronoun `k` of sentence `si` standing for `antecedent`.
fn pronoun_mention(doc: &Document, k: usize, si: usize, antecedent: &ActorMention) -> ActorMention {
    ActorMention {
        span: doc.tokens[k].span,
        tokens: k as u32..k as u32 + 1,
        sentence: si as u32,
        code: antecedent.code.clone(),
        country: antecedent.country.clone(),
        roles: antecedent.roles.clone(),
        entity: antecedent.entity.clone(),
        how: HOW.to_string(),
    }
}

/// The reporter a subject pronoun (token `k`) stands for: the subject actor of the verb whose
/// reported clause the pronoun is the subject of, when there is one such actor, no person, and
/// `plural` (for `they`) or singular (for `it`).
fn reporter<'a>(
    doc: &'a Document,
    syntax: &Syntax,
    k: usize,
    plural: bool,
) -> Option<&'a ActorMention> {
    let head = |t: usize| syntax.head.get(t).copied().flatten().map(|h| h as usize);
    let rel = |t: usize| syntax.deprel.get(t).map(String::as_str).unwrap_or("");
    if rel(k) != "nsubj" {
        return None;
    }
    let mut clause = head(k)?;
    while rel(clause) == "conj" {
        clause = head(clause)?;
    }
    if rel(clause) != "ccomp" {
        return None;
    }
    let verb = head(clause)?;
    let subject_of_verb = |a: &&ActorMention| {
        (a.tokens.start as usize..a.tokens.end as usize)
            .any(|t| rel(t) == "nsubj" && head(t) == Some(verb))
    };
    let mut reporters = doc.actors.iter().filter(subject_of_verb);
    let first = reporters.next()?;
    let fits = !crate::actors::is_person(first) && is_plural(doc, syntax, first) == plural;
    (fits && reporters.next().is_none()).then_some(first)
}

/// The first of `groups` when they all have one code.
fn one_code<'a>(groups: &[&'a ActorMention]) -> Option<&'a ActorMention> {
    let first = groups.first()?;
    groups
        .iter()
        .all(|a| a.code == first.code)
        .then_some(*first)
}

/// A mention of a group: a role or body headed by a plural noun ("activists", "the rebels",
/// "riot police"), not a person or a country.
fn is_group(doc: &Document, a: &ActorMention) -> bool {
    (matches!(a.how.as_str(), "agent" | "located") || crate::actors::is_org(a))
        && doc.syntax.as_ref().is_some_and(|s| is_plural(doc, s, a))
}

/// Whether a plural noun heads mention `a`, or `a` modifies one ("opposition | presidential
/// hopefuls"), or it is "police".
fn is_plural(doc: &Document, syntax: &Syntax, a: &ActorMention) -> bool {
    let Some(last) = (a.tokens.end as usize).checked_sub(1) else {
        return false;
    };
    let plural = |k: usize| {
        syntax
            .xpos
            .get(k)
            .is_some_and(|x| x == "NNS" || x == "NNPS")
    };
    let head = syntax.head.get(last).copied().flatten().map(|h| h as usize);
    let modifies_plural = head.is_some_and(|h| {
        h > last
            && h <= last + 3
            && plural(h)
            && syntax
                .deprel
                .get(last)
                .is_some_and(|d| d == "compound" || d == "amod")
    });
    plural(last) || modifies_plural || doc.token_text(last).eq_ignore_ascii_case("police")
}
