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
//!    person mentioned.

use dyad_core::{split_actor_code, ActorMention, Document, Span};
use dyad_kb::kb::{ActorMatcher, KnowledgeBase, Match, MatchKind};

/// Resolves the actors of documents against a knowledge base.
pub struct ActorResolver<'kb> {
    matcher: ActorMatcher<'kb>,
}

/// What an earlier person mention leaves for coreference.
struct Antecedent {
    code: String,
    entity: Option<String>,
    surname: Option<String>,
}

impl<'kb> ActorResolver<'kb> {
    /// A resolver over `kb`.
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        ActorResolver {
            matcher: ActorMatcher::new(kb),
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
        let syntax = doc.syntax.as_ref();
        let upos = |i: usize| syntax.and_then(|s| s.upos.get(i)).map(String::as_str);
        let deprel = |i: usize| syntax.and_then(|s| s.deprel.get(i)).map(String::as_str);
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let range = sentence.token_range();
            let words: Vec<&str> = range.clone().map(|i| doc.token_text(i)).collect();
            let matches = self.matcher.find_actors(&words, date);
            let mut covered = vec![false; words.len()];
            let mut sentence_mentions: Vec<ActorMention> = Vec::new();
            for m in matches {
                let mut m: Match = m;
                // A dateline ("LONDON, March 14 -") says where the report was filed, not who acts.
                let dateline = si == 0
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
                if m.kind == MatchKind::Agent && has_country(&m.code) {
                    let mut end = m.tokens.end;
                    while end < words.len()
                        && is_name_word(words[end], upos(range.start + end))
                        && end - m.tokens.end < 4
                    {
                        end += 1;
                    }
                    if end > m.tokens.end {
                        let name = words[m.tokens.end..end].join(" ");
                        m.entity = Some(name);
                        m.tokens.end = end;
                        how = "title".to_string();
                    }
                }
                // A bare title: the most recent person holding that kind of office.
                if m.kind == MatchKind::Agent && !has_country(&m.code) {
                    if let Some(a) = people.iter().rev().find(|a| a.code.ends_with(&m.code)) {
                        m.code = a.code.clone();
                        m.entity = a.entity.clone();
                        how = "coref".to_string();
                    }
                }
                for c in &mut covered[m.tokens.clone()] {
                    *c = true;
                }
                if m.kind == MatchKind::Person || how == "title" {
                    let surname = m
                        .entity
                        .as_deref()
                        .and_then(|e| e.split_whitespace().last())
                        .map(str::to_lowercase);
                    people.push(Antecedent {
                        code: m.code.clone(),
                        entity: m.entity.clone(),
                        surname,
                    });
                }
                sentence_mentions.push(mention(doc, &range, si, &m.tokens, m.code, m.entity, how));
            }
            // Surnames and pronouns not covered by a match.
            for k in 0..words.len() {
                if covered[k] {
                    continue;
                }
                let w = words[k];
                let lower = w.to_lowercase();
                let is_pronoun = matches!(lower.as_str(), "he" | "she")
                    && deprel(range.start + k).is_none_or(|d| d.starts_with("nsubj"));
                let antecedent = if is_pronoun {
                    people.last()
                } else if is_name_word(w, upos(range.start + k)) {
                    people
                        .iter()
                        .rev()
                        .find(|a| a.surname.as_deref() == Some(lower.as_str()))
                } else {
                    None
                };
                if let Some(a) = antecedent {
                    let (code, entity) = (a.code.clone(), a.entity.clone());
                    // The person just referred to is the most recent one now.
                    if let Some(pos) = people.iter().rposition(|p| p.entity == entity) {
                        let p = people.remove(pos);
                        people.push(p);
                    }
                    sentence_mentions.push(mention(
                        doc,
                        &range,
                        si,
                        &(k..k + 1),
                        code,
                        entity,
                        "coref".to_string(),
                    ));
                }
            }
            sentence_mentions.sort_by_key(|m| m.tokens.start);
            attach_countries(doc, &mut sentence_mentions);
            out.extend(sentence_mentions);
        }
        doc.actors = out;
    }
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
            let code = if a.roles.is_empty() {
                format!("{}{}", a.code, b.code)
            } else {
                a.code.clone()
            };
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
    let Some(syn) = syntax else {
        return;
    };
    // `of`/`in`/`from` + country after a bare agent.
    let covering = |mentions: &[ActorMention], t: usize| {
        mentions
            .iter()
            .position(|m| (m.tokens.start as usize..m.tokens.end as usize).contains(&t))
    };
    for k in 0..mentions.len() {
        if has_country(&mentions[k].code) {
            continue;
        }
        let range = mentions[k].tokens.start as usize..mentions[k].tokens.end as usize;
        let Some(sentence) = doc.sentences.get(mentions[k].sentence as usize) else {
            continue;
        };
        let within = sentence.token_range();
        let country = within.clone().find_map(|c| {
            let h = syn.head[c]? as usize;
            if !range.contains(&h) || range.contains(&c) || syn.deprel[c] != "nmod" {
                return None;
            }
            let has_case = within.clone().any(|x| {
                syn.head[x] == Some(c as u32)
                    && syn.deprel[x] == "case"
                    && matches!(syn.lemma[x].as_str(), "of" | "in" | "from")
            });
            let m = covering(mentions, c)?;
            (has_case && has_country(&mentions[m].code) && mentions[m].roles.is_empty())
                .then(|| mentions[m].code.clone())
        });
        if let Some(c) = country {
            let code = format!("{c}{}", mentions[k].code);
            let (country, roles) = split_actor_code(&code);
            let m = &mut mentions[k];
            m.code = code;
            m.country = country;
            m.roles = roles;
        }
    }
}
