//! The evaluation loop: every record's text through dyad's own tokenizer and parser, the
//! PETRARCH dictionaries' actors and rules, and the coder; the coded events compared with the
//! record's `<EventCoding>` lines as a set of (source, target, code).

use super::actors::PetrarchActors;
use super::compile::{compile, linear_match, CompiledVerbs};
use super::records::{Coding, Environment, Expected, Record, Records};
use crate::rule::RuleSet;
use crate::Coder;
use dyad_core::{Document, Metadata};
use dyad_kb::dictionary::CodeTable;
use dyad_kb::petrarch::{ActorDict, AgentDict, DiscardList, VerbDict};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A dictionary could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DictsError(pub String);

/// The four PETRARCH dictionaries, ready for coding.
#[derive(Debug, Clone)]
pub struct PetrarchDicts {
    /// The verb dictionary compiled into rules.
    pub verbs: CompiledVerbs,
    /// Actors and agents, indexed.
    pub actors: PetrarchActors,
    /// Sentence and story discards.
    pub discards: DiscardList,
    /// Lines the readers skipped, as `file:line: message`.
    pub skipped: Vec<String>,
    /// Rule indices by event word.
    by_key: HashMap<String, Vec<usize>>,
}

impl PetrarchDicts {
    /// Reads the dictionaries `env` names (PETRARCH's validation file names when it names
    /// none) from `dir`.
    pub fn load(dir: &Path, env: &Environment) -> Result<PetrarchDicts, DictsError> {
        let name = |given: &Option<String>, default: &str| {
            dir.join(given.clone().unwrap_or_else(|| default.to_string()))
        };
        let err = |e: dyad_kb::petrarch::DictError| DictsError(e.to_string());
        let verbs = VerbDict::read(&name(&env.verbs, "PETR.Validate.verbs.txt")).map_err(err)?;
        let actors =
            ActorDict::read(&name(&env.actors, "PETR.Validate.actors.txt")).map_err(err)?;
        let agents =
            AgentDict::read(&name(&env.agents, "PETR.Validate.agents.txt")).map_err(err)?;
        let discards =
            DiscardList::read(&name(&env.discards, "PETR.Validate.discards.txt")).map_err(err)?;
        let mut skipped: Vec<String> = Vec::new();
        for list in [
            &verbs.skipped,
            &actors.skipped,
            &agents.skipped,
            &discards.skipped,
        ] {
            skipped.extend(list.iter().map(|e| e.to_string()));
        }
        let file = env
            .verbs
            .clone()
            .unwrap_or_else(|| "PETR.Validate.verbs.txt".to_string());
        let verbs = compile(&verbs.dict, &file);
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in verbs.rules.iter().enumerate() {
            by_key.entry(r.event_word.clone()).or_default().push(i);
        }
        Ok(PetrarchDicts {
            by_key,
            verbs,
            actors: PetrarchActors::new(actors.dict, agents.dict),
            discards: discards.dict,
            skipped,
        })
    }

    /// A coder for one parsed document (verbs keyed with [`PetrarchDicts::key_verbs`]): the
    /// rules of its verbs whose words occur in PETRARCH's linear order around a verb of the
    /// sentence (words before `*` before it, words after it after it, `_` neighbours
    /// adjacent). The variants of a pattern without `+` are ordered by where their
    /// preposition first follows the verb, so the coder tries the nearest first, as
    /// PETRARCH takes the first actor after the verb.
    pub fn coder_for(&self, doc: &Document, codes: &CodeTable) -> Coder {
        let mut kept: Vec<(usize, usize, usize)> = Vec::new();
        for sentence in &doc.sentences {
            let range = sentence.token_range();
            let toks: Vec<String> = range
                .clone()
                .map(|i| doc.token_text(i).to_lowercase())
                .collect();
            let n = toks.len();
            for (i, t) in toks.iter().enumerate() {
                let Some(key) = self.verbs.form_keys.get(t) else {
                    continue;
                };
                let Some(ids) = self.by_key.get(key) else {
                    continue;
                };
                for &r in ids {
                    let Some(m) = self
                        .verbs
                        .rules
                        .get(r)
                        .and_then(|x| self.verbs.meta.get(&x.id))
                    else {
                        continue;
                    };
                    // A multi-word verb's words before its verb word stand right before it.
                    let vb = m.verb_before.len();
                    if vb > 0 && (i < vb || toks[i - vb..i] != m.verb_before[..]) {
                        continue;
                    }
                    let before_ok = linear_match(
                        &m.before,
                        &toks,
                        0,
                        i - vb,
                        None,
                        m.verb_joined.then_some(i - vb),
                    );
                    let after_pin = m.after.first().filter(|e| e.consecutive).map(|_| i + 1);
                    if !before_ok || !linear_match(&m.after, &toks, i + 1, n, after_pin, None) {
                        continue;
                    }
                    let order = match m.variant.as_deref() {
                        None | Some("obj") => 0,
                        Some("none") => usize::MAX,
                        Some(super::compile::AFTER) => usize::MAX - 1,
                        Some(p) => match toks[i + 1..].iter().position(|w| w == p) {
                            Some(k) => k + 1,
                            None => continue,
                        },
                    };
                    match kept.iter_mut().find(|k| k.2 == r) {
                        Some(k) => k.1 = k.1.min(order),
                        None => kept.push((m.group, order, r)),
                    }
                }
            }
        }
        kept.sort();
        let stand_in = codes.iter().next().map(|c| c.code.clone());
        let rules = kept
            .iter()
            .filter_map(|&(_, _, r)| self.verbs.rules.get(r).cloned())
            .map(|mut r| {
                if r.code != "---" && !codes.contains(&r.code) {
                    if let Some(s) = &stand_in {
                        r.code = s.clone();
                    }
                }
                r
            })
            .collect();
        Coder::new(RuleSet::new(rules), codes.clone())
    }

    /// A coder over all the compiled rules. Codes the table does not know (the validation
    /// dictionaries use old WEIS codes and test codes such as `174K` or `1717`) are given a
    /// stand-in the coder accepts; the evaluation reads the real code back from the rule id.
    pub fn coder(&self, codes: CodeTable) -> Coder {
        let stand_in = codes.iter().next().map(|c| c.code.clone());
        let rules = self
            .verbs
            .rules
            .iter()
            .cloned()
            .map(|mut r| {
                if r.code != "---" && !codes.contains(&r.code) {
                    if let Some(s) = &stand_in {
                        r.code = s.clone();
                    }
                }
                r
            })
            .collect();
        Coder::new(RuleSet::new(rules), codes)
    }

    /// Prepares a parsed document for the compiled rules: a verb token whose surface form a
    /// PETRARCH verb entry lists gets that entry's key as its lemma (PETRARCH matches verbs by
    /// form; see [`super::compile`]).
    pub fn key_verbs(&self, doc: &mut Document) {
        let texts: Vec<String> = (0..doc.tokens.len())
            .map(|i| doc.token_text(i).to_lowercase())
            .collect();
        let Some(syn) = doc.syntax.as_mut() else {
            return;
        };
        // A listed verb form the tagger read as a noun but that carries an auxiliary ("won't
        // even ever clash over") is a verb.
        let mut has_aux = vec![false; texts.len()];
        for (j, h) in syn.head.iter().enumerate() {
            if let Some(h) = h.map(|h| h as usize) {
                if h < has_aux.len() && syn.deprel.get(j).is_some_and(|d| d == "aux") {
                    has_aux[h] = true;
                }
            }
        }
        for (i, text) in texts.iter().enumerate() {
            let verb = syn.upos.get(i).is_some_and(|u| u == "VERB" || u == "AUX")
                || syn.xpos.get(i).is_some_and(|x| x.starts_with("VB"))
                || (has_aux[i] && syn.upos.get(i).is_some_and(|u| u == "NOUN"));
            if !verb {
                continue;
            }
            if let (Some(key), Some(lemma)) = (self.verbs.form_keys.get(text), syn.lemma.get_mut(i))
            {
                lemma.clone_from(key);
                if let Some(u) = syn.upos.get_mut(i) {
                    if u != "AUX" {
                        *u = "VERB".to_string();
                    }
                }
            }
        }
    }

    /// Whether a discard phrase occurs in `words` (upper-case): a phrase whose last word is
    /// not closed with `_` matches a word starting with it.
    pub fn discarded(&self, words: &[String]) -> Option<String> {
        for d in &self.discards.entries {
            let p = &d.phrase.words;
            if p.is_empty() || p.len() > words.len() {
                continue;
            }
            for start in 0..=words.len() - p.len() {
                let ok = p.iter().enumerate().all(|(k, w)| {
                    let t = &words[start + k];
                    if k + 1 == p.len() && !d.phrase.closed {
                        t.starts_with(w.as_str())
                    } else {
                        t == w
                    }
                });
                if ok {
                    return Some(d.phrase.text());
                }
            }
        }
        None
    }
}

/// Why a record failed, decided in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The record tests a PETRARCH feature outside dyad's scope: the bracketed parse
    /// (`bad_input_parse`) or codes made from unknown phrases (`new_actor_length`).
    OutOfScope,
    /// The record's `<Parse>` has other words than its `<Text>`: PETRARCH's expected coding
    /// follows the parse, dyad reads the text.
    TextDiffersFromParse,
    /// A discard was expected and not found, or found and not expected.
    Discard,
    /// An expected source or target code is not among the actor mentions.
    ActorNotFound,
    /// No compiled rule carries the expected event code.
    RuleNotCompiled,
    /// The actors and a rule with the code exist, but no event was coded.
    NoEvent,
    /// Events were coded, but not the expected ones.
    WrongEvent,
    /// Every expected event was coded, with extra ones.
    ExtraEvents,
}

impl Cause {
    /// The snake-case name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Cause::OutOfScope => "out_of_scope",
            Cause::TextDiffersFromParse => "text_differs_from_parse",
            Cause::Discard => "discard",
            Cause::ActorNotFound => "actor_not_found",
            Cause::RuleNotCompiled => "rule_not_compiled",
            Cause::NoEvent => "no_event",
            Cause::WrongEvent => "wrong_event",
            Cause::ExtraEvents => "extra_events",
        }
    }
}

/// One failed record.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The record id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Line of the record in the file.
    pub line: usize,
    /// The first cause that applies.
    pub cause: Cause,
    /// Expected events, `SOURCE TARGET CODE`.
    pub expected: Vec<String>,
    /// Coded events, `SOURCE TARGET CODE`.
    pub got: Vec<String>,
    /// The actor mentions found, `code:words`.
    pub actors: Vec<String>,
    /// The rules that fired.
    pub rules: Vec<String>,
}

/// Passed and failed counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Records passed.
    pub passed: usize,
    /// Records failed.
    pub failed: usize,
}

/// The result of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Records whose coded events equal the expected ones.
    pub passed: usize,
    /// The others.
    pub failed: usize,
    /// Per category (`DEMO`, `ACTOR`, ...; `AGENTS` is counted as `AGENT`).
    pub categories: BTreeMap<String, Counts>,
    /// Failures per cause.
    pub causes: BTreeMap<String, usize>,
    /// Every failure, in file order.
    pub failures: Vec<Failure>,
    /// Compiled rules.
    pub rules: usize,
    /// Dictionary lines the readers skipped.
    pub skipped_lines: usize,
}

impl Report {
    /// The share of records passed, 0 to 1.
    pub fn pass_rate(&self) -> f64 {
        let n = self.passed + self.failed;
        if n == 0 {
            0.0
        } else {
            self.passed as f64 / n as f64
        }
    }
}

impl std::fmt::Display for Report {
    /// The failures by id and category, the per-category table, and `N passed, M failed`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for x in &self.failures {
            writeln!(
                f,
                "FAIL {} [{}] line {}: {}",
                x.id,
                x.category,
                x.line,
                x.cause.name()
            )?;
            writeln!(f, "    expected: {}", x.expected.join("; "))?;
            writeln!(f, "    got:      {}", x.got.join("; "))?;
            writeln!(f, "    actors:   {}", x.actors.join("; "))?;
        }
        writeln!(f)?;
        writeln!(f, "{:<10} {:>6} {:>6}", "category", "passed", "failed")?;
        for (c, n) in &self.categories {
            writeln!(f, "{c:<10} {:>6} {:>6}", n.passed, n.failed)?;
        }
        writeln!(f)?;
        for (c, n) in &self.causes {
            writeln!(f, "{c:<18} {n:>4}")?;
        }
        writeln!(
            f,
            "{} passed, {} failed ({:.1} %)",
            self.passed,
            self.failed,
            100.0 * self.pass_rate()
        )
    }
}

/// The category a record is counted under.
fn category_of(r: &Record) -> String {
    match r.category.as_str() {
        "AGENTS" => "AGENT".to_string(),
        "COMPOUNDx" => "COMPOUND".to_string(),
        c => c.to_string(),
    }
}

/// What coding one record gave.
#[derive(Debug, Clone, Default)]
pub struct Coded {
    /// The events as a set.
    pub events: BTreeSet<Coding>,
    /// The actor mentions, `code:words`.
    pub actors: Vec<String>,
    /// The ids of the rules that fired.
    pub rules: Vec<String>,
    /// The discard phrase found, if any.
    pub discard: Option<String>,
}

/// Codes one record: `annotate` tokenizes, splits and parses the document.
pub fn code_record(
    record: &Record,
    dicts: &PetrarchDicts,
    codes: &CodeTable,
    annotate: &mut dyn FnMut(&mut Document),
) -> Coded {
    let mut meta = Metadata::with_id(record.id.clone());
    meta.date = record.date;
    let mut doc = Document::new(meta, record.text.clone());
    annotate(&mut doc);
    let words: Vec<String> = (0..doc.tokens.len())
        .map(|i| doc.token_text(i).to_uppercase())
        .collect();
    let mut out = Coded::default();
    dicts.actors.resolve(&mut doc, record.date);
    out.actors = doc
        .actors
        .iter()
        .map(|a| format!("{}:{}", a.code, doc.slice(a.span)))
        .collect();
    if let Some(d) = dicts.discarded(&words) {
        out.discard = Some(d);
        return out;
    }
    dicts.key_verbs(&mut doc);
    // PETRARCH keeps every statement and every act, bare and hypothetical ones included.
    let keep = crate::CodeOptions::everything();
    dicts.coder_for(&doc, codes).code_with(&mut doc, keep);
    // Compound patterns: the sources of one rule in one sentence pair up.
    let mut compound: BTreeMap<(u32, String), Vec<String>> = BTreeMap::new();
    for e in &doc.events {
        let Some(m) = dicts.verbs.meta.get(&e.rule) else {
            continue;
        };
        if !out.rules.contains(&e.rule) {
            out.rules.push(e.rule.clone());
        }
        if m.code == "---" {
            continue;
        }
        let sources: Vec<&str> = e.source.code.split('/').collect();
        // A `%` compound pairs its members only when the rule found no target of its own
        // ("Gondor and Osgiliath have postponed ... Cirith Ungol" codes each member against
        // the target).
        if m.compound && e.target.is_none() {
            let key = (e.sentence, e.rule.clone());
            let v = compound.entry(key).or_default();
            for s in &sources {
                if !v.iter().any(|x| x == s) {
                    v.push(s.to_string());
                }
            }
            if let Some(t) = &e.target {
                for t in t.code.split('/') {
                    if !v.iter().any(|x| x == t) {
                        v.push(t.to_string());
                    }
                }
            }
            continue;
        }
        let targets: Vec<String> = match &e.target {
            Some(t) => t.code.split('/').map(str::to_string).collect(),
            None if record.options.require_dyad => continue,
            None => vec!["---".to_string()],
        };
        for s in &sources {
            for t in &targets {
                out.events.insert(Coding {
                    source: s.to_string(),
                    target: t.clone(),
                    code: m.code.clone(),
                });
                if let (Some(p), true) = (&m.paired, t != "---") {
                    out.events.insert(Coding {
                        source: t.clone(),
                        target: s.to_string(),
                        code: p.clone(),
                    });
                }
            }
        }
    }
    for ((_, rule), members) in compound {
        let Some(m) = dicts.verbs.meta.get(&rule) else {
            continue;
        };
        for a in &members {
            for b in &members {
                if a != b {
                    out.events.insert(Coding {
                        source: a.clone(),
                        target: b.clone(),
                        code: m.code.clone(),
                    });
                }
            }
        }
    }
    out
}

/// Runs every record. `annotate` tokenizes, splits and parses a document (dyad's pipeline);
/// `codes` is the CAMEO code table the coder scores events with.
pub fn evaluate(
    records: &Records,
    dicts: &PetrarchDicts,
    codes: &CodeTable,
    annotate: &mut dyn FnMut(&mut Document),
) -> Report {
    let mut report = Report {
        rules: dicts.verbs.rules.len(),
        skipped_lines: dicts.skipped.len(),
        ..Report::default()
    };
    let rule_codes: BTreeSet<&str> = dicts.verbs.meta.values().map(|m| m.code.as_str()).collect();
    for record in &records.records {
        let coded = code_record(record, dicts, codes, annotate);
        let expected: BTreeSet<Coding> = record.expected.events().iter().cloned().collect();
        let pass = expected == coded.events;
        let counts = report.categories.entry(category_of(record)).or_default();
        if pass {
            counts.passed += 1;
            report.passed += 1;
            continue;
        }
        counts.failed += 1;
        report.failed += 1;
        let actor_codes: BTreeSet<&str> = coded
            .actors
            .iter()
            .filter_map(|a| a.split(':').next())
            .flat_map(|c| c.split('/'))
            .collect();
        let cause = if matches!(&record.expected, Expected::Error(e) if e == "bad_input_parse")
            || expected
                .iter()
                .any(|c| c.source.starts_with('"') || c.target.starts_with('"'))
        {
            Cause::OutOfScope
        } else if record.parse_differs {
            Cause::TextDiffersFromParse
        } else if matches!(&record.expected, Expected::Error(e) if e.contains("discard"))
            || coded.discard.is_some()
        {
            Cause::Discard
        } else if expected.iter().any(|c| {
            !actor_codes.contains(c.source.as_str())
                || (c.target != "---" && !actor_codes.contains(c.target.as_str()))
        }) {
            Cause::ActorNotFound
        } else if expected
            .iter()
            .any(|c| !rule_codes.contains(c.code.as_str()))
        {
            Cause::RuleNotCompiled
        } else if coded.events.is_empty() {
            Cause::NoEvent
        } else if expected.is_subset(&coded.events) {
            Cause::ExtraEvents
        } else {
            Cause::WrongEvent
        };
        *report.causes.entry(cause.name().to_string()).or_default() += 1;
        report.failures.push(Failure {
            id: record.id.clone(),
            category: category_of(record),
            line: record.line,
            cause,
            expected: expected.iter().map(|c| c.to_string()).collect(),
            got: coded.events.iter().map(|c| c.to_string()).collect(),
            actors: coded.actors,
            rules: coded.rules,
        });
    }
    report
}
