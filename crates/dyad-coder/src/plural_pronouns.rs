//! `they` and `them` standing for a group named just before.
//!
//! "Police detained 12 opposition activists on Monday. Prosecutors accused them of treason":
//! `them` is the activists. A plural pronoun becomes an actor mention (`how: coref`) with the
//! code of the one group it can stand for: the plural role or group mentions (a plural noun
//! heads them, or they modify one: "activists", "rebels", "police", "opposition | hopefuls")
//! of its own sentence before it and of the sentence before, leaving out the subject of the
//! pronoun's own clause ("the police arrested them" is not the police), and only those in the
//! pronoun's own role (`they` a subject, `them` not: "police detained activists. Prosecutors
//! accused them" is the activists). When these have more than one code, or there are none,
//! the pronoun is left alone: a wrong actor is worse than none. Runs after
//! [`crate::located_agents`], so a group placed in its report's country lends that country to
//! its pronouns.

use dyad_core::{ActorMention, Document};

/// How a mention made by this rule is marked: a pronoun resolved to an earlier mention.
const HOW: &str = "coref";

/// Adds an actor mention for each `they`/`them` that stands for one group, as the module
/// documentation describes. Needs the syntax and actor layers.
pub fn resolve_plural_pronouns(doc: &mut Document) {
    let Some(syntax) = doc.syntax.as_ref() else {
        return;
    };
    let mut added: Vec<ActorMention> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        for k in sentence.token_range() {
            let word = doc.token_text(k);
            if !(word.eq_ignore_ascii_case("they") || word.eq_ignore_ascii_case("them")) {
                continue;
            }
            if syntax.upos.get(k).map(String::as_str) != Some("PRON")
                || doc.actors.iter().any(|a| a.tokens.contains(&(k as u32)))
            {
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
            let span = doc.tokens[k].span;
            added.push(ActorMention {
                span,
                tokens: k as u32..k as u32 + 1,
                sentence: si as u32,
                code: first.code.clone(),
                country: first.country.clone(),
                roles: first.roles.clone(),
                entity: first.entity.clone(),
                how: HOW.to_string(),
            });
        }
    }
    if added.is_empty() {
        return;
    }
    doc.actors.extend(added);
    doc.actors.sort_by_key(|a| a.tokens.start);
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
    if !matches!(a.how.as_str(), "agent" | "located" | "org") {
        return false;
    }
    let Some(last) = (a.tokens.end as usize).checked_sub(1) else {
        return false;
    };
    let Some(syntax) = doc.syntax.as_ref() else {
        return false;
    };
    let plural = |k: usize| {
        syntax
            .xpos
            .get(k)
            .is_some_and(|x| x == "NNS" || x == "NNPS")
    };
    // Or a modifier of a plural noun ("opposition | presidential hopefuls").
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
