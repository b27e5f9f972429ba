//! PETRARCH actor and agent dictionaries matched on dyad's tokens, composed into
//! [`ActorMention`]s the coder reads.
//!
//! 1. Phrases are matched longest first, left to right, over the sentence's words
//!    (case-insensitive; a dictionary word may span tokens the tokenizer split without a blank
//!    between them, so `BARAD-DUR` and `K.U.` match). Actor codes are resolved on the record's
//!    date ([`ActorEntry::code_on`]).
//! 2. Matches are grouped by noun phrase on the dependency tree: a word belongs to the phrase
//!    of its head through `compound`, `flat`, `amod`, `nmod:poss`, `appos`, `det`, `nummod` and
//!    `nmod` introduced by *of*, *in*, *from* or *for* ("the government of Gondor", "human
//!    rights activists in Arnor", "soldiers from Gondor").
//! 3. In a phrase, the first actor takes every agent: `[~GOV]` codes follow the actor code,
//!    `[NGO~]` codes precede it, repeated three-letter parts are dropped (`USAGOV` + `GOV` is
//!    `USAGOV`), and *former* makes the agents `ELI`. A phrase with agents and no actor gets
//!    the null country `---` (`---GOV`).
//! 4. Coordination: a phrase conjoined to an actor inside an agent's phrase takes that agent
//!    ("lawmakers in Fornost and Gondor"), and an agent-only phrase conjoined to a phrase with
//!    an actor takes that actor ("Danish media and government").
//!
//! Codes naming several actors (`[FRO/BIL/SAM]`) are kept whole in the mention; the evaluation
//! expands them.

use chrono::NaiveDate;
use dyad_core::{split_actor_code, ActorMention, Document, Span};
use dyad_kb::petrarch::{ActorDict, AgentCode, AgentDict};
use std::collections::HashMap;

/// What a dictionary phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Index into the actor dictionary's entries.
    Actor(usize),
    /// Index into the agent dictionary's entries.
    Agent(usize),
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    kind: Kind,
}

/// The PETRARCH actor and agent dictionaries, indexed for matching.
#[derive(Debug, Clone)]
pub struct PetrarchActors {
    actors: ActorDict,
    agents: AgentDict,
    /// Phrases by their first word.
    index: HashMap<String, Vec<Phrase>>,
}

/// One dictionary match in a sentence (sentence-local token indices).
#[derive(Debug, Clone)]
struct Hit {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The longest run of glued tokens one dictionary word may span.
const MAX_GLUE: usize = 5;

impl PetrarchActors {
    /// Indexes the dictionaries.
    pub fn new(actors: ActorDict, agents: AgentDict) -> PetrarchActors {
        let mut index: HashMap<String, Vec<Phrase>> = HashMap::new();
        let mut add = |words: Vec<String>, kind: Kind| {
            if let Some(first) = words.first() {
                index
                    .entry(first.clone())
                    .or_default()
                    .push(Phrase { words, kind });
            }
        };
        for (i, e) in actors.entries.iter().enumerate() {
            for n in &e.names {
                add(n.words.clone(), Kind::Actor(i));
            }
        }
        for (i, e) in agents.entries.iter().enumerate() {
            for f in &e.forms {
                add(f.words.clone(), Kind::Agent(i));
            }
        }
        PetrarchActors {
            actors,
            agents,
            index,
        }
    }

    /// Replaces `doc.actors` with the mentions found on `date` (the document's date when
    /// `None`; without any date, actors take their default codes).
    pub fn resolve(&self, doc: &mut Document, date: Option<NaiveDate>) {
        let date = date.or(doc.meta.date);
        let mut out = Vec::new();
        for si in 0..doc.sentences.len() {
            self.resolve_sentence(doc, si, date, &mut out);
        }
        doc.actors = out;
    }

    fn code_of(&self, i: usize, date: Option<NaiveDate>) -> Option<String> {
        let e = self.actors.entries.get(i)?;
        let code = match date {
            Some(d) => e.code_on(d),
            None => e.default_code.as_deref().filter(|c| *c != "---"),
        }?;
        Some(code.to_ascii_uppercase())
    }

    /// The sentence's dictionary matches, longest first, left to right.
    fn hits(&self, words: &[String], glued: &[bool]) -> Vec<Hit> {
        let n = words.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let mut best: Option<Hit> = None;
            // Keys: the word at i, and the word glued from i with the next tokens.
            let mut key = String::new();
            for k in i..n.min(i + MAX_GLUE) {
                if k > i && !glued[k] {
                    break;
                }
                key.push_str(&words[k]);
                let Some(phrases) = self.index.get(&key) else {
                    continue;
                };
                for p in phrases {
                    let Some(end) = match_phrase(&p.words[1..], words, glued, k + 1) else {
                        continue;
                    };
                    let better = match &best {
                        None => true,
                        Some(b) => {
                            end > b.end
                                || (end == b.end
                                    && matches!(p.kind, Kind::Actor(_))
                                    && matches!(b.kind, Kind::Agent(_)))
                        }
                    };
                    if better {
                        best = Some(Hit {
                            start: i,
                            end,
                            kind: p.kind,
                        });
                    }
                }
            }
            match best {
                Some(h) => {
                    i = h.end;
                    out.push(h);
                }
                None => i += 1,
            }
        }
        out
    }

    fn resolve_sentence(
        &self,
        doc: &Document,
        si: usize,
        date: Option<NaiveDate>,
        out: &mut Vec<ActorMention>,
    ) {
        let Some(sentence) = doc.sentences.get(si) else {
            return;
        };
        let range = sentence.token_range();
        let base = range.start;
        let n = range.len();
        let words: Vec<String> = range
            .clone()
            .map(|i| doc.token_text(i).to_uppercase())
            .collect();
        let glued: Vec<bool> = range
            .clone()
            .map(|i| i > base && doc.tokens[i].span.start == doc.tokens[i - 1].span.end)
            .collect();
        // Match on sub-words: a token written with `_` (`Dol_Amroth`) is split, since the
        // dictionaries use `_` between words.
        let mut sub: Vec<String> = Vec::new();
        let mut sub_glued: Vec<bool> = Vec::new();
        let mut tok_of: Vec<usize> = Vec::new();
        for (t, w) in words.iter().enumerate() {
            let parts: Vec<&str> = w.split('_').filter(|p| !p.is_empty()).collect();
            let parts = if parts.is_empty() {
                vec![w.as_str()]
            } else {
                parts
            };
            for (k, p) in parts.into_iter().enumerate() {
                sub.push(p.to_string());
                sub_glued.push(if k == 0 { glued[t] } else { true });
                tok_of.push(t);
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        for h in self.hits(&sub, &sub_glued) {
            let (Some(&start), Some(&last)) = (tok_of.get(h.start), tok_of.get(h.end - 1)) else {
                continue;
            };
            if hits.last().is_some_and(|p| start < p.end) {
                continue;
            }
            hits.push(Hit {
                start,
                end: last + 1,
                kind: h.kind,
            });
        }
        if hits.is_empty() {
            return;
        }
        let syntax = doc
            .syntax
            .as_ref()
            .filter(|s| s.is_consistent() && s.len() >= range.end);
        let head = |t: usize| -> Option<usize> {
            let s = syntax?;
            let h = s.head.get(base + t).copied().flatten()? as usize;
            (h >= base && h < base + n && h != base + t).then(|| h - base)
        };
        let deprel = |t: usize| -> &str {
            syntax
                .and_then(|s| s.deprel.get(base + t))
                .map(String::as_str)
                .unwrap_or("")
        };
        let lemma_of = |t: usize| -> String {
            syntax
                .and_then(|s| s.lemma.get(base + t))
                .map(|l| l.to_ascii_lowercase())
                .unwrap_or_else(|| words[t].to_ascii_lowercase())
        };
        // The case word of a token (`of` in "government of Gondor").
        let case_of = |t: usize| -> Option<String> {
            (0..n)
                .find(|&c| head(c) == Some(t) && deprel(c) == "case")
                .map(&lemma_of)
        };
        let hit_at: Vec<Option<usize>> = {
            let mut v = vec![None; n];
            for (k, h) in hits.iter().enumerate() {
                for slot in v.iter_mut().take(h.end).skip(h.start) {
                    *slot = Some(k);
                }
            }
            v
        };
        // The anchor of a hit: its token whose head lies outside it.
        let anchor = |h: &Hit| -> usize {
            (h.start..h.end)
                .find(|&t| head(t).is_none_or(|x| x < h.start || x >= h.end))
                .unwrap_or(h.end - 1)
        };
        // The noun-phrase root of a token.
        let np_root = |t: usize| -> usize {
            let mut cur = t;
            for _ in 0..n {
                let Some(h) = head(cur) else { break };
                let rel = deprel(cur);
                let joins = match rel {
                    "compound" | "flat" | "flat:name" | "amod" | "nmod:poss" | "appos" | "det"
                    | "nummod" | "compound:prt" => true,
                    "nmod" => case_of(cur)
                        .is_some_and(|c| matches!(c.as_str(), "of" | "in" | "from" | "for")),
                    _ => false,
                };
                if !joins {
                    break;
                }
                cur = h;
            }
            cur
        };
        let former: Vec<usize> = (0..n).filter(|&t| words[t] == "FORMER").collect();
        // Group hits by noun-phrase root, then merge neighbours the tree split but the text
        // joins: hits separated only by nouns, adjectives, determiners, numbers and possessive
        // markers ("Bree President Romendacil", "Gondor's Prime Minister Falastur").
        let mut gid: Vec<usize> = hits.iter().map(|h| np_root(anchor(h))).collect();
        let upos = |t: usize| -> &str {
            syntax
                .and_then(|s| s.upos.get(base + t))
                .map(String::as_str)
                .unwrap_or("")
        };
        for k in 1..hits.len() {
            let gap = hits[k - 1].end..hits[k].start;
            let joined = gap.clone().all(|t| {
                matches!(upos(t), "ADJ" | "DET" | "PROPN" | "NOUN" | "NUM")
                    || matches!(words[t].as_str(), "'S" | "'")
            });
            if joined && gid[k] != gid[k - 1] {
                let (from, to) = (gid[k - 1], gid[k]);
                for g in gid.iter_mut() {
                    if *g == from {
                        *g = to;
                    }
                }
            }
        }
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for (k, &g) in gid.iter().enumerate() {
            match groups.iter_mut().find(|(r, _)| *r == g) {
                Some((_, v)) => v.push(k),
                None => groups.push((g, vec![k])),
            }
        }
        struct Group {
            /// The noun-phrase roots of the members.
            roots: Vec<usize>,
            actor: Option<usize>,
            agents: Vec<usize>,
            former: bool,
            /// Hits of the group itself: the mention's extent (codes taken from a conjoined
            /// phrase do not widen it, so mentions never overlap).
            own: Vec<usize>,
        }
        let mut gs: Vec<Group> = groups
            .iter()
            .map(|(_, members)| {
                let actor = members.iter().copied().find(
                    |&k| matches!(hits[k].kind, Kind::Actor(i) if self.code_of(i, date).is_some()),
                );
                let agents: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&k| matches!(hits[k].kind, Kind::Agent(_)))
                    .collect();
                let mut roots: Vec<usize> =
                    members.iter().map(|&k| np_root(anchor(&hits[k]))).collect();
                roots.dedup();
                let lo = members.iter().map(|&k| hits[k].start).min().unwrap_or(0);
                let hi = members.iter().map(|&k| hits[k].end).max().unwrap_or(0);
                let former = former.iter().any(|&f| {
                    (lo.saturating_sub(2)..hi).contains(&f) || roots.contains(&np_root(f))
                });
                let mut own = agents.clone();
                own.extend(actor);
                Group {
                    roots,
                    actor,
                    agents,
                    former,
                    own,
                }
            })
            .collect();
        // Coordination.
        let group_of = |t: usize, gs: &[Group]| -> Option<usize> {
            let root = np_root(t);
            gs.iter().position(|g| g.roots.contains(&root))
        };
        for gi in 0..gs.len() {
            let Some((root, h)) = gs[gi].roots.iter().find_map(|&r| {
                (deprel(r) == "conj")
                    .then(|| head(r).map(|h| (r, h)))
                    .flatten()
            }) else {
                continue;
            };
            let _ = root;
            let Some(other) = group_of(h, &gs) else {
                continue;
            };
            if other == gi {
                continue;
            }
            let head_is_actor = hit_at[h].is_some_and(|k| matches!(hits[k].kind, Kind::Actor(_)));
            if gs[gi].actor.is_some() && gs[gi].agents.is_empty() && head_is_actor {
                let (agents, former) = (gs[other].agents.clone(), gs[other].former);
                gs[gi].agents = agents;
                gs[gi].former = former;
            } else if gs[gi].actor.is_none() && !gs[gi].agents.is_empty() {
                gs[gi].actor = gs[other].actor;
                // "Danish Islamist media and government": agents before the first conjunct's
                // head word are shared.
                let first = gs[gi].agents[0];
                let shared: Vec<usize> = gs[other]
                    .agents
                    .iter()
                    .copied()
                    .filter(|&k| hits[k].end < hits[first].start && hit_at[h] != Some(k))
                    .filter(|&k| hits[k].end <= h)
                    .collect();
                let mut a = shared;
                a.extend(gs[gi].agents.iter().copied());
                gs[gi].agents = a;
            }
        }
        for g in &gs {
            let parts: &[usize] = &g.own;
            let code = match g.actor {
                Some(a) => {
                    let Kind::Actor(i) = hits[a].kind else {
                        continue;
                    };
                    let Some(c) = self.code_of(i, date) else {
                        continue;
                    };
                    c
                }
                None if !g.agents.is_empty() => "---".to_string(),
                None => continue,
            };
            let code = self.compose(&code, g.agents.iter().map(|&k| &hits[k]), g.former);
            let lo = parts.iter().map(|&k| hits[k].start).min().unwrap_or(0);
            let hi = parts.iter().map(|&k| hits[k].end).max().unwrap_or(0);
            if lo >= hi {
                continue;
            }
            let entity = g.actor.map(|a| words[hits[a].start..hits[a].end].join(" "));
            let (country, roles) = split_actor_code(&code);
            let start = doc.tokens[base + lo].span.start as usize;
            let end = doc.tokens[base + hi - 1].span.end as usize;
            out.push(ActorMention {
                span: Span::new(start, end),
                tokens: (base + lo) as u32..(base + hi) as u32,
                sentence: si as u32,
                code,
                country: country.filter(|c| c != "---"),
                roles,
                entity,
                how: if g.actor.is_some() {
                    "petrarch"
                } else {
                    "agent"
                }
                .to_string(),
            });
        }
        // A subject pronoun of a reported clause stands for the reporting clause's subject
        // ("Ethiopia indicated it would act"), as PETRARCH reads it.
        let first_new = out
            .iter()
            .position(|m| m.sentence as usize == si)
            .unwrap_or(out.len());
        let mut extra = Vec::new();
        for t in 0..n {
            let pronoun = matches!(words[t].as_str(), "IT" | "HE" | "SHE" | "THEY");
            if !pronoun || deprel(t) != "nsubj" || hit_at[t].is_some() {
                continue;
            }
            let Some(clause) = head(t) else { continue };
            if !matches!(deprel(clause), "ccomp" | "xcomp" | "conj") {
                continue;
            }
            let Some(gov) = head(clause) else { continue };
            let Some(subj) = (0..n).find(|&c| head(c) == Some(gov) && deprel(c) == "nsubj") else {
                continue;
            };
            let antecedent = out[first_new..].iter().find(|m| {
                let lo = m.tokens.start as usize - base;
                let hi = m.tokens.end as usize - base;
                (lo..hi).contains(&subj)
            });
            if let Some(a) = antecedent {
                let sp = doc.tokens[base + t].span;
                extra.push(ActorMention {
                    span: sp,
                    tokens: (base + t) as u32..(base + t + 1) as u32,
                    how: "coref".to_string(),
                    ..a.clone()
                });
            }
        }
        out.extend(extra);
        out.sort_by_key(|m| (m.sentence, m.tokens.start));
    }

    /// Composes an actor code (possibly `A/B/C`) with the agents of its phrase.
    fn compose<'h>(
        &self,
        actor: &str,
        agents: impl Iterator<Item = &'h Hit>,
        former: bool,
    ) -> String {
        let mut before = String::new();
        let mut after = String::new();
        for h in agents {
            let Kind::Agent(i) = h.kind else { continue };
            let Some(e) = self.agents.entries.get(i) else {
                continue;
            };
            match &e.code {
                AgentCode::Before(c) => before.push_str(&c.to_ascii_uppercase()),
                AgentCode::After(c) => after.push_str(&c.to_ascii_uppercase()),
            }
        }
        if former {
            after = "ELI".to_string();
        }
        actor
            .split('/')
            .map(|a| dedupe_parts(&format!("{before}{a}{after}")))
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Drops three-letter parts already present (`USAGOVGOV` → `USAGOV`), keeping the null
/// country `---` in front.
fn dedupe_parts(code: &str) -> String {
    if !code.is_ascii() {
        return code.to_string();
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::new();
    let mut i = 0;
    while i < code.len() {
        let part = &code[i..(i + 3).min(code.len())];
        if !seen.contains(&part) || part == "---" {
            seen.push(part);
            out.push_str(part);
        }
        i += 3;
    }
    out
}

/// Matches the remaining phrase `words` from token `i`; returns the end token.
fn match_phrase(words: &[String], toks: &[String], glued: &[bool], mut i: usize) -> Option<usize> {
    for w in words {
        let mut acc = String::new();
        let mut j = i;
        loop {
            let t = toks.get(j)?;
            if j > i && !glued[j] {
                return None;
            }
            acc.push_str(t);
            j += 1;
            if acc == *w {
                break;
            }
            if acc.len() >= w.len() || j - i >= MAX_GLUE {
                return None;
            }
        }
        i = j;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{Metadata, Sentence, Syntax, Token};

    const ACTORS: &str = "ARNOR_ [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\nMORDOR [MOR]\n+BARAD-DUR\n\
        LORIEN [ELR/GAL]\nWHITE_HOUSE [USAGOV]\nGOLLUM\n\t[HOB <950601]\n\t[HOBREB >990816]\n";
    const AGENTS: &str = "GOVERNMENT [~GOV]\nSECURITY_OFFICIALS [~GOV]\nMSF {} [NGO~]\n\
        DIPLOMAT [~GOV]\nPROSECUTOR [~JUD]\nLAWMAKER [~LEG]\n";

    fn matcher() -> PetrarchActors {
        PetrarchActors::new(
            ActorDict::parse(ACTORS, "a").dict,
            AgentDict::parse(AGENTS, "g").dict,
        )
    }

    /// A one-sentence document; `tree` gives (head, deprel) per token (head `usize::MAX` for
    /// the root).
    fn doc(words: &[&str], tree: &[(usize, &str)]) -> Document {
        let mut text = String::new();
        let mut tokens = Vec::new();
        for w in words {
            let glue = matches!(*w, "'s" | "-" | "dur");
            if !text.is_empty() && !glue && !text.ends_with('-') {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(w);
            tokens.push(Token::new(Span::new(start, text.len())));
        }
        let mut d = Document::new(Metadata::with_id("t"), text.clone());
        let n = tokens.len();
        d.tokens = tokens;
        d.sentences = vec![Sentence {
            span: Span::new(0, text.len()),
            tokens: 0..n as u32,
        }];
        let mut s = Syntax::with_capacity(n);
        for (i, w) in words.iter().enumerate() {
            let (h, r) = tree.get(i).copied().unwrap_or((usize::MAX, "dep"));
            s.upos.push("X".into());
            s.xpos.push("X".into());
            s.lemma.push(w.to_lowercase());
            s.head.push((h != usize::MAX).then_some(h as u32));
            s.deprel.push(r.into());
        }
        d.syntax = Some(s);
        d
    }

    fn codes(d: &Document) -> Vec<&str> {
        d.actors.iter().map(|a| a.code.as_str()).collect()
    }

    #[test]
    fn composes_actor_and_agent_codes() {
        let m = matcher();
        // "MSF Arnor diplomat met the government of Gondor"
        let mut d = doc(
            &[
                "MSF",
                "Arnor",
                "diplomat",
                "met",
                "the",
                "government",
                "of",
                "Gondor",
            ],
            &[
                (2, "compound"),
                (2, "compound"),
                (3, "nsubj"),
                (usize::MAX, "root"),
                (5, "det"),
                (3, "obj"),
                (7, "case"),
                (5, "nmod"),
            ],
        );
        m.resolve(&mut d, None);
        assert_eq!(codes(&d), ["NGOARNGOV", "GONGOV"]);
        assert_eq!(d.actors[1].tokens, 5..8);
        assert_eq!(d.actors[1].country.as_deref(), Some("GON"));
    }

    #[test]
    fn repeated_parts_null_country_and_former() {
        let m = matcher();
        let mut d = doc(
            &[
                "White",
                "House",
                "security",
                "officials",
                "met",
                "former",
                "prosecutors",
            ],
            &[
                (1, "compound"),
                (3, "compound"),
                (3, "compound"),
                (4, "nsubj"),
                (usize::MAX, "root"),
                (6, "amod"),
                (4, "obj"),
            ],
        );
        m.resolve(&mut d, None);
        assert_eq!(codes(&d), ["USAGOV", "---ELI"]);
    }

    #[test]
    fn dates_glued_tokens_and_multi_codes() {
        let m = matcher();
        let mut d = doc(
            &["Gollum", "met", "Barad", "-", "dur", "and", "Lorien"],
            &[],
        );
        m.resolve(&mut d, NaiveDate::from_ymd_opt(1990, 1, 1));
        assert_eq!(codes(&d), ["HOB", "MOR", "ELR/GAL"]);
        m.resolve(&mut d, NaiveDate::from_ymd_opt(1997, 1, 1));
        assert_eq!(codes(&d), ["MOR", "ELR/GAL"]);
        m.resolve(&mut d, NaiveDate::from_ymd_opt(2001, 1, 1));
        assert_eq!(codes(&d)[0], "HOBREB");
        // ARNOR_ is closed: "Arnorian" is not Arnor.
        let mut d = doc(&["Arnorian", "Minas", "Tirith"], &[]);
        m.resolve(&mut d, None);
        assert_eq!(codes(&d), ["GON"]);
    }

    #[test]
    fn coordination_shares_agents() {
        let m = matcher();
        // "Lawmakers in Arnor and Gondor welcomed"
        let mut d = doc(
            &["Lawmakers", "in", "Arnor", "and", "Gondor", "welcomed"],
            &[
                (5, "nsubj"),
                (2, "case"),
                (0, "nmod"),
                (4, "cc"),
                (2, "conj"),
                (usize::MAX, "root"),
            ],
        );
        m.resolve(&mut d, None);
        assert_eq!(codes(&d), ["ARNLEG", "GONLEG"]);
    }

    #[test]
    fn dedupe() {
        assert_eq!(dedupe_parts("HGWGOVMEDGOVMED"), "HGWGOVMED");
        assert_eq!(dedupe_parts("---GOV"), "---GOV");
        assert_eq!(dedupe_parts("GMWGOVWGO"), "GMWGOVWGO");
    }
}
