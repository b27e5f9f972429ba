//! "The two leaders", "both countries", "the two countries' presidents", "both sides": a
//! definite plural noun phrase that stands for the last two countries the report named before
//! it. Each of the two becomes an actor mention over the same words (`how: coref-plural`), so
//! that the coder reads the phrase as two conjoined actors: "The two leaders agreed to restore
//! diplomatic ties" is each leader's intent towards the other.
//!
//! - **The phrase:** `both` or `the two`, then a country noun (`countries`, `nations`,
//!   `neighbours`, `sides`, ...), a role noun (`leaders`, `presidents`, `foreign ministers`,
//!   `armies`, ...), or a country noun's possessive and a role noun ("the two countries'
//!   presidents").
//! - **The two countries:** the last two distinct countries of the actor mentions before the
//!   phrase, in its sentence and the three before it. With fewer than two the phrase is left
//!   alone.
//! - **The codes:** a country noun gives the country (`ETH`); `sides` the code of that
//!   country's last mention (`KGZMIL`); a role noun the country with the role (`ETHGOV`,
//!   `KGZMIL`), and, for a government role, the person of that code named last (`entity`).
//!
//! Runs after the scene's countries and the pronouns (`wwq_eval::add_layers`), and replaces
//! what those rules made of the phrase's words ("leaders" placed in the scene's country).

use dyad_core::{ActorMention, Document};

/// How a mention made by this rule is marked (`ActorMention::how`).
pub const HOW: &str = "coref-plural";

/// Nouns for the countries themselves.
const COUNTRY_NOUNS: &[&str] = &[
    "countries",
    "nations",
    "states",
    "neighbours",
    "neighbors",
    "governments",
    "capitals",
    "sides",
];

/// Nouns for a role in each country, with the role's code.
const ROLE_NOUNS: &[(&str, &str)] = &[
    ("leaders", "GOV"),
    ("presidents", "GOV"),
    ("premiers", "GOV"),
    ("ministers", "GOV"),
    ("delegations", "GOV"),
    ("envoys", "GOV"),
    ("armies", "MIL"),
    ("militaries", "MIL"),
    ("forces", "MIL"),
    ("troops", "MIL"),
];

/// Words that may stand before a role noun ("foreign ministers", "prime ministers").
const ROLE_MODIFIERS: &[&str] = &["foreign", "prime", "defence", "defense", "interior"];

/// How many sentences before the phrase's own are searched for its countries.
const WINDOW: usize = 3;

/// Replaces each plural phrase the module documentation describes by two actor mentions.
/// Needs the actor layer.
pub fn resolve_plurals(doc: &mut Document) {
    let mut found: Vec<(std::ops::Range<usize>, usize, Option<&'static str>, bool)> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let range = sentence.token_range();
        let is = |k: usize, w: &str| doc.token_text(k).eq_ignore_ascii_case(w);
        for k in range.clone() {
            let start = if is(k, "both") {
                k
            } else if is(k, "two") && k > range.start && is(k - 1, "the") {
                k - 1
            } else {
                continue;
            };
            if let Some((end, role, sides)) = phrase_after(doc, k + 1, range.end) {
                found.push((start..end, si, role, sides));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    for (words, si, role, sides) in found {
        let others = subject_countries(doc, &words);
        // An addressee ("urged both sides", "between the two countries") is not who else
        // its sentence names: "Sudan, which lies between the two countries, called on both
        // sides". Only a subject looks in its own sentence ("Kyrgyz and Tajik troops fought
        // ..., and both sides said").
        let before = if is_subject(doc, &words) {
            words.start
        } else {
            doc.sentences[si].token_range().start
        };
        let Some(pair) = last_two_countries(&doc.actors, si, before, &others) else {
            continue;
        };
        let made: Vec<ActorMention> = pair
            .iter()
            .map(|last| plural_mention(doc, &words, si, last, role, sides))
            .collect();
        doc.actors.retain(|a| {
            let inside =
                words.contains(&(a.tokens.start as usize)) && (a.tokens.end as usize) <= words.end;
            !inside
        });
        doc.actors.extend(made);
    }
    doc.actors.sort_by_key(|a| a.tokens.start);
}

/// The phrase after `both` / `the two` starting at token `k` (before `end`): its end, the
/// role code of its role noun, and whether it is `sides`.
fn phrase_after(
    doc: &Document,
    k: usize,
    end: usize,
) -> Option<(usize, Option<&'static str>, bool)> {
    let word = |i: usize| (i < end).then(|| doc.token_text(i).to_ascii_lowercase());
    let role_at = |i: usize| -> Option<(usize, &'static str)> {
        let w = word(i)?;
        let (i, w) = if ROLE_MODIFIERS.contains(&w.as_str()) {
            (i + 1, word(i + 1)?)
        } else {
            (i, w)
        };
        ROLE_NOUNS
            .iter()
            .find(|(n, _)| *n == w)
            .map(|&(_, code)| (i + 1, code))
    };
    let first = word(k)?;
    if COUNTRY_NOUNS.contains(&first.as_str()) {
        // "the two countries' presidents"
        if matches!(word(k + 1).as_deref(), Some("'" | "'s" | "’")) {
            if let Some((e, code)) = role_at(k + 2) {
                return Some((e, Some(code), false));
            }
        }
        return Some((k + 1, None, first == "sides"));
    }
    role_at(k).map(|(e, code)| (e, Some(code), false))
}

/// The last mention of each of the last two distinct countries named before token `before`
/// of sentence `si` (and in the [`WINDOW`] sentences before it), most recent first.
fn last_two_countries<'a>(
    actors: &'a [ActorMention],
    si: usize,
    before: usize,
    others: &[String],
) -> Option<[&'a ActorMention; 2]> {
    let mut out: Vec<&ActorMention> = Vec::new();
    let earlier = actors.iter().rev().filter(|a| {
        let s = a.sentence as usize;
        s <= si && s + WINDOW >= si && (a.tokens.end as usize) <= before && a.how != HOW
    });
    for a in earlier {
        let Some(c) = a.country.as_deref().filter(|c| c.len() == 3) else {
            continue;
        };
        if others.iter().any(|o| o == c) {
            continue;
        }
        if out.iter().any(|o| o.country.as_deref() == Some(c)) {
            continue;
        }
        out.push(a);
        if out.len() == 2 {
            return Some([out[0], out[1]]);
        }
    }
    None
}

/// Whether the phrase over `words` is a subject.
fn is_subject(doc: &Document, words: &std::ops::Range<usize>) -> bool {
    let Some(syntax) = doc.syntax.as_ref() else {
        return false;
    };
    words.clone().any(|t| {
        let outside = syntax
            .head
            .get(t)
            .copied()
            .flatten()
            .is_none_or(|h| !words.contains(&(h as usize)));
        outside && syntax.deprel.get(t).is_some_and(|d| d.starts_with("nsubj"))
    })
}

/// The countries of the subject of the verb that governs the phrase over `words`: "Sudan
/// called on both sides", "New Zealand urged both sides" do not address themselves.
fn subject_countries(doc: &Document, words: &std::ops::Range<usize>) -> Vec<String> {
    let Some(syntax) = doc.syntax.as_ref() else {
        return Vec::new();
    };
    let head = |t: usize| syntax.head.get(t).copied().flatten().map(|h| h as usize);
    let Some(verb) = words.clone().filter_map(head).find(|h| !words.contains(h)) else {
        return Vec::new();
    };
    doc.actors
        .iter()
        .filter(|a| {
            (a.tokens.start as usize..a.tokens.end as usize).any(|t| {
                !words.contains(&t)
                    && head(t) == Some(verb)
                    && syntax.deprel.get(t).is_some_and(|d| d.starts_with("nsubj"))
            })
        })
        .filter_map(|a| a.country.clone())
        .collect()
}

/// One of the two mentions of the phrase over `words`, for the country of `last` (its last
/// mention before the phrase).
fn plural_mention(
    doc: &Document,
    words: &std::ops::Range<usize>,
    si: usize,
    last: &ActorMention,
    role: Option<&str>,
    sides: bool,
) -> ActorMention {
    let country = last.country.clone().unwrap_or_default();
    let (code, entity) = match role {
        // The person holding that role named last ("Abiy", "Isaias"), if any.
        Some(role) => {
            let code = format!("{country}{role}");
            let person = doc
                .actors
                .iter()
                .rev()
                .filter(|a| (a.sentence as usize) <= si && a.how != HOW)
                .find(|a| a.code == code && crate::actors::is_person(a));
            (code, person.and_then(|p| p.entity.clone()))
        }
        None if sides => (last.code.clone(), last.entity.clone()),
        None => {
            let name = (last.how == "country").then(|| last.entity.clone());
            (country.clone(), name.flatten())
        }
    };
    let (country, roles) = dyad_core::split_actor_code(&code);
    let first = &doc.tokens[words.start].span;
    let end = &doc.tokens[words.end - 1].span;
    ActorMention {
        span: dyad_core::Span::new(first.start as usize, end.end as usize),
        tokens: words.start as u32..words.end as u32,
        sentence: si as u32,
        code,
        country,
        roles,
        entity,
        how: HOW.to_string(),
    }
}
