//! PETRARCH/TABARI verb dictionaries compiled into [`Rule`]s.
//!
//! Every verb of a block gets the block's patterns plus a rule for the verb alone (its own code
//! or the block's). A pattern's elements map onto the rule shape:
//!
//! - `*` is the event word. PETRARCH matches a verb by its listed surface forms, not by lemma
//!   (`LEFT [032:033]` is its own verb, distinct from `LEAVE [012]`, whose generated forms do not
//!   include *left*), so a rule's event word is the entry's key (its base form, lowercase) and
//!   [`CompiledVerbs::form_keys`] maps every surface form to its key; the evaluation writes
//!   that key into the lemma of each verb token before coding. The other words of a
//!   multi-word verb become the particle (`CORDON_OFF`) or required words after it; words
//!   before the verb word (`WIRE_+TAP`) must stand right before the verb token
//!   ([`RuleMeta::verb_before`]);
//! - literal words before and after `*`, words inside `{...}` and `(...)`, become
//!   [`Rule::words`]; a synset `&X` becomes one [`Alt`] with every phrase it stands for;
//! - `+` after a word is the object of that preposition ([`TargetSlot::Prep`]), `+` right after
//!   `*` is the object (the coder reads a passive subject there too); `+` before `*` is the
//!   verb's subject ([`Rule::target_subject`]: "NOTED + *" codes the subject of the noted
//!   clause as target, the subject of "noted" as source);
//! - `$` after a word is [`Rule::source_prep`] (after a noun, "* MONEY $", the first actor after
//!   it); `$` before `*` is the subject, the default;
//! - `^` (skip a noun phrase) needs nothing on a tree and is dropped;
//! - `%` after a preposition after the verb ("* WITH %") is that preposition's object, each
//!   member of the compound a target; elsewhere `%` (a compound actor giving both source and
//!   target) and `[A:B]` (the reverse event B) are kept in [`RuleMeta`] and applied by the
//!   evaluation to the events a rule produced.
//!
//! Every rule is [`Rule::linear`]: its words may stand anywhere in the verb's subtree outside
//! the subject, its target only after the verb, and a passive without an agent keeps its
//! subject as the source, as PETRARCH reads the sentence. A pattern without `+` takes the
//! first actor after the verb as target in PETRARCH; it compiles into variants tried in
//! order: the object, the object of each common preposition (nearest first), the first actor
//! after the verb in its subtree ([`AFTER`], [`Rule::first_after`]), then no target at all.

use crate::rule::{Alt, Rule};
use dyad_kb::dictionary::TargetSlot;
use dyad_kb::petrarch::{Element, EventCode, Item, Pattern, VerbBlock, VerbDict, VerbEntry};
use std::collections::{BTreeSet, HashMap};

/// What the evaluation needs to know about a compiled rule beyond [`Rule`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    /// The PETRARCH code, exactly as written (`174K`, `1717`, `---`).
    pub code: String,
    /// The code of the reverse event (target to source) from `[A:B]`.
    pub paired: Option<String>,
    /// The pattern has `%`: source and target are drawn from one compound actor.
    pub compound: bool,
    /// The pattern line as written, or the verb line for a verb-alone rule.
    pub text: String,
    /// The pattern's words before `*`, in order, for the linear check.
    pub before: Vec<LinEl>,
    /// `*` is joined to the word before it with `_`.
    pub verb_joined: bool,
    /// The pattern's words after `*`, in order (the first `consecutive` when joined to `*`).
    pub after: Vec<LinEl>,
    /// For a pattern without `+`: which target variant this rule is (`obj`, a preposition, or
    /// `none`).
    pub variant: Option<String>,
    /// Index (in [`CompiledVerbs::rules`]) of the first rule compiled from the same pattern and
    /// verb: the variants of one pattern share it.
    pub group: usize,
    /// The words a multi-word verb puts before its verb word (`WIRE_+TAP`: `wire`), lowercase:
    /// they must stand right before the verb token (the parser rarely keeps them in the verb's
    /// subtree).
    pub verb_before: Vec<String>,
}

/// One word element of a pattern for the linear check: any of the phrases (each of
/// consecutive words, lowercase), and whether it is joined to the element before it by `_`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinEl {
    /// The alternatives: a plain word is one phrase of one word; a synset gives every phrase.
    pub phrases: Vec<Vec<String>>,
    /// Joined to the previous element (no word may come between them).
    pub consecutive: bool,
}

impl LinEl {
    /// The end of a phrase of this element starting at token `i` of `toks` (lowercase), if any.
    pub fn match_at(&self, toks: &[String], i: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        for ph in &self.phrases {
            if ph.is_empty() || i + ph.len() > toks.len() {
                continue;
            }
            if ph.iter().enumerate().all(|(k, w)| toks[i + k] == *w) {
                ends.push(i + ph.len());
            }
        }
        ends
    }
}

/// Whether `els` match in order within `toks[from..to]`: each element after the previous one
/// (right after it when `consecutive`); `first_at` pins the first element's start, `last_end`
/// the last element's end. Backtracks; patterns are short.
pub fn linear_match(
    els: &[LinEl],
    toks: &[String],
    from: usize,
    to: usize,
    first_at: Option<usize>,
    last_end: Option<usize>,
) -> bool {
    fn go(
        els: &[LinEl],
        toks: &[String],
        pos: usize,
        to: usize,
        pinned: Option<usize>,
        last_end: Option<usize>,
        budget: &mut usize,
    ) -> bool {
        let Some((el, rest)) = els.split_first() else {
            return last_end.is_none_or(|e| e == pos);
        };
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let starts: Vec<usize> = match pinned {
            Some(p) => vec![p],
            None => (pos..to).collect(),
        };
        for st in starts {
            for end in el.match_at(toks, st) {
                if end > to {
                    continue;
                }
                let next_pin = rest.first().filter(|e| e.consecutive).map(|_| end);
                if go(rest, toks, end, to, next_pin, last_end, budget) {
                    return true;
                }
            }
        }
        false
    }
    let mut budget = 10_000;
    go(els, toks, from, to, first_at, last_end, &mut budget)
}

/// The compiled dictionary.
#[derive(Debug, Clone, Default)]
pub struct CompiledVerbs {
    /// The rules, in dictionary order.
    pub rules: Vec<Rule>,
    /// By rule id.
    pub meta: HashMap<String, RuleMeta>,
    /// Patterns compiled only in part: the line and what the rule shape could not express.
    pub approximations: Vec<(usize, String)>,
    /// Every verb surface form (lowercase) and the key of its entry (the rules' event word).
    pub form_keys: HashMap<String, String>,
}

/// Whether the words after `*` must also lie in the verb's subtree (the coder's region), on top
/// of the linear check.
const WORDS_IN_SUBTREE: bool = true;

/// The variant of a pattern without `+` whose target is the first actor after the verb in its
/// subtree, tried after the object and the prepositions.
pub const AFTER: &str = "after";

/// Prepositions tried, in order, for a pattern that names no target.
pub const DEFAULT_TARGET_PREPS: [&str; 15] = [
    "with", "to", "against", "on", "at", "in", "from", "for", "into", "toward", "towards", "over",
    "about", "between", "of",
];

/// Compiles a verb dictionary; `file` names the rules (`file:line`).
pub fn compile(dict: &VerbDict, file: &str) -> CompiledVerbs {
    let mut out = CompiledVerbs::default();
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for block in &dict.blocks {
        for verb in &block.verbs {
            compile_verb(dict, file, block, verb, &mut out, &mut reported);
        }
    }
    out
}

/// The lowercase words of a verb form around its verb word, and the forms of the verb word.
struct VerbShape {
    key: String,
    forms: Vec<String>,
    before: Vec<String>,
    after: Vec<String>,
}

fn verb_shape(verb: &VerbEntry) -> VerbShape {
    let lower = |s: &str| s.to_ascii_lowercase();
    let mut forms: Vec<String> = Vec::new();
    for f in verb.forms() {
        let w = lower(f.verb_word());
        if !w.is_empty() && !forms.contains(&w) {
            forms.push(w);
        }
    }
    let lemma = &verb.lemma;
    VerbShape {
        key: lower(lemma.verb_word()),
        forms,
        before: lemma.words[..lemma.verb.min(lemma.words.len())]
            .iter()
            .map(|w| lower(w))
            .collect(),
        after: lemma
            .words
            .get(lemma.verb + 1..)
            .unwrap_or(&[])
            .iter()
            .map(|w| lower(w))
            .collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn compile_verb(
    dict: &VerbDict,
    file: &str,
    block: &VerbBlock,
    verb: &VerbEntry,
    out: &mut CompiledVerbs,
    reported: &mut BTreeSet<usize>,
) {
    let shape = verb_shape(verb);
    for f in &shape.forms {
        out.form_keys
            .entry(f.clone())
            .or_insert_with(|| shape.key.clone());
    }
    let particle = shape.after.first().cloned();
    // Words before the verb word are checked on the surface (`CompiledVerbs::form_keys` users
    // see `RuleMeta::verb_before`), words after it in the verb's subtree.
    let verb_words: Vec<Alt> = shape.after.iter().skip(1).map(Alt::word).collect();
    // The verb alone.
    let alone = Shape {
        words: verb_words.clone(),
        target: None,
        source_prep: None,
        compound: false,
        target_subject: false,
        notes: Vec::new(),
        before: Vec::new(),
        verb_joined: false,
        after: Vec::new(),
        n_words: 0,
    };
    let code = block.verb_code(verb);
    let text = format!("{} {}", verb.lemma, code);
    emit(
        out, file, verb.line, &shape, &particle, &alone, &code, &text, 0,
    );
    for p in &block.patterns {
        let mut s = pattern_shape(dict, p);
        if !s.notes.is_empty() && reported.insert(p.line) {
            for n in &s.notes {
                out.approximations.push((p.line, n.clone()));
            }
        }
        let words = s.n_words;
        let mut all = verb_words.clone();
        if WORDS_IN_SUBTREE {
            all.append(&mut s.words);
        }
        s.words = all;
        let specificity =
            1 + words + u32::from(s.target.is_some() || s.source_prep.is_some() || s.compound);
        emit(
            out,
            file,
            p.line,
            &shape,
            &particle,
            &s,
            &p.code,
            &p.to_string(),
            specificity,
        );
    }
}

/// A pattern reduced to the rule shape.
struct Shape {
    /// The words after `*` (the coder looks for them in the verb's subtree).
    words: Vec<Alt>,
    /// Every word element, before and after `*`: the pattern's specificity.
    n_words: u32,
    before: Vec<LinEl>,
    verb_joined: bool,
    after: Vec<LinEl>,
    /// `Some(slot)` when the pattern names the target.
    target: Option<TargetSlot>,
    source_prep: Option<String>,
    compound: bool,
    /// `+` before `*`: the target is the verb's subject.
    target_subject: bool,
    notes: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn emit(
    out: &mut CompiledVerbs,
    file: &str,
    line: usize,
    verb: &VerbShape,
    particle: &Option<String>,
    shape: &Shape,
    code: &EventCode,
    text: &str,
    specificity: u32,
) {
    // TABARI's `+++` and `###`, and codes marked doubtful with `?`, are not event codes:
    // PETRARCH codes past such patterns.
    if code.code.contains(['+', '#', '?']) {
        return;
    }
    // A null code still compiles: a matching null pattern blocks the less specific ones, as in
    // PETRARCH. `[:B]` keeps B as the reverse event.
    let primary = if code.code.is_empty() {
        "---".to_string()
    } else {
        code.code.clone()
    };
    // A `%` compound before the verb pairs its members (the validation records code
    // "Gondor and Osgiliath have delayed their meeting ... Cirith Ungol" as GON-OSG, OSG-GON).
    let variants: Vec<(String, TargetSlot)> = match &shape.target {
        Some(slot) => vec![("".to_string(), slot.clone())],
        None if shape.compound => vec![("".to_string(), TargetSlot::None)],
        None => {
            let mut v = vec![("obj".to_string(), TargetSlot::Object)];
            v.extend(
                DEFAULT_TARGET_PREPS
                    .iter()
                    .map(|p| (p.to_string(), TargetSlot::Prep(p.to_string()))),
            );
            v.push((AFTER.to_string(), TargetSlot::None));
            v.push(("none".to_string(), TargetSlot::None));
            v
        }
    };
    let group = out.rules.len();
    {
        let lemma = &verb.key;
        for (suffix, slot) in &variants {
            let id = if suffix.is_empty() {
                format!("{file}:{line}/{lemma}")
            } else {
                format!("{file}:{line}/{lemma}/{suffix}")
            };
            if out.meta.contains_key(&id) {
                continue;
            }
            out.meta.insert(
                id.clone(),
                RuleMeta {
                    code: primary.clone(),
                    paired: code.paired.clone().filter(|p| !p.is_empty()),
                    compound: shape.compound,
                    text: text.to_string(),
                    before: shape.before.clone(),
                    verb_joined: shape.verb_joined,
                    after: shape.after.clone(),
                    variant: (!suffix.is_empty()).then(|| suffix.clone()),
                    group,
                    verb_before: verb.before.clone(),
                },
            );
            out.rules.push(Rule {
                id,
                code: primary.clone(),
                event_word: lemma.clone(),
                noun: false,
                particle: particle.clone(),
                words: shape.words.clone(),
                target: slot.clone(),
                complement: None,
                source_prep: shape.source_prep.clone(),
                specificity,
                linear: true,
                first_after: suffix == AFTER,
                target_subject: shape.target_subject,
                example: None,
                expect: None,
            });
        }
    }
}

/// A flattened pattern element.
enum Flat {
    Word(String),
    Synset(String),
    Verb,
    Source,
    Target,
    Compound,
    Skip,
}

/// Flattens groups; each element keeps whether it is joined to the one before by `_` (the
/// first element of a group inherits the group's join).
fn flatten(items: &[Item], joined: bool, out: &mut Vec<(Flat, bool)>) {
    for (k, i) in items.iter().enumerate() {
        let c = if k == 0 {
            joined || i.consecutive
        } else {
            i.consecutive
        };
        match &i.element {
            Element::Word { text, .. } => out.push((Flat::Word(text.to_ascii_lowercase()), c)),
            Element::Synset(n) => out.push((Flat::Synset(n.clone()), c)),
            Element::Verb => out.push((Flat::Verb, c)),
            Element::Source => out.push((Flat::Source, c)),
            Element::Target => out.push((Flat::Target, c)),
            Element::Compound => out.push((Flat::Compound, c)),
            Element::Skip => out.push((Flat::Skip, c)),
            Element::NounPhrase(inner) | Element::PrepPhrase(inner) => flatten(inner, c, out),
        }
    }
}

fn pattern_shape(dict: &VerbDict, p: &Pattern) -> Shape {
    let mut flat = Vec::new();
    flatten(&p.items, false, &mut flat);
    let mut s = Shape {
        words: Vec::new(),
        target: None,
        source_prep: None,
        compound: false,
        target_subject: false,
        notes: Vec::new(),
        before: Vec::new(),
        verb_joined: false,
        after: Vec::new(),
        n_words: 0,
    };
    let mut after_verb = false;
    // The word just before the current element, when it was a plain word (a preposition
    // candidate for `+` / `$`), with its index in `s.words`.
    let mut last_word: Option<(String, usize)> = None;
    // `_` joins neighbouring words (and `*`); a slot between them ends the run.
    let mut pending_join = false;
    for (f, joined) in flat {
        let lin_joined = joined && pending_join;
        match f {
            Flat::Word(w) => {
                s.n_words += 1;
                let el = LinEl {
                    phrases: vec![vec![w.clone()]],
                    consecutive: lin_joined,
                };
                pending_join = true;
                if after_verb {
                    s.after.push(el);
                    s.words.push(Alt::word(w.clone()));
                    last_word = Some((w, s.words.len() - 1));
                } else {
                    s.before.push(el);
                    last_word = None;
                }
                continue;
            }
            Flat::Synset(name) => {
                let phrases: Vec<Vec<String>> = dict
                    .synset_phrases(&name)
                    .into_iter()
                    .map(|ph| ph.iter().map(|w| w.to_ascii_lowercase()).collect())
                    .filter(|ph: &Vec<String>| !ph.is_empty())
                    .collect();
                if phrases.is_empty() {
                    s.notes.push(format!("synset &{name} is empty or unknown"));
                } else {
                    s.n_words += 1;
                    let el = LinEl {
                        phrases: phrases.clone(),
                        consecutive: lin_joined,
                    };
                    if after_verb {
                        s.after.push(el);
                        s.words.push(Alt(phrases));
                    } else {
                        s.before.push(el);
                    }
                }
                pending_join = true;
                last_word = None;
                continue;
            }
            Flat::Verb => {
                after_verb = true;
                s.verb_joined = joined && pending_join && !s.before.is_empty();
                pending_join = true;
                last_word = None;
                continue;
            }
            Flat::Target => {
                s.target = Some(match (&last_word, after_verb) {
                    (Some((w, i)), true) => {
                        let w = w.clone();
                        s.words.remove(*i);
                        TargetSlot::Prep(w)
                    }
                    (_, true) => TargetSlot::Object,
                    (_, false) => {
                        s.target_subject = true;
                        TargetSlot::Object
                    }
                });
            }
            Flat::Source => {
                if after_verb {
                    match &last_word {
                        // The preposition stays a required word: the coder falls back to the
                        // subject when `source_prep` finds nothing, PETRARCH does not match.
                        Some((w, _)) => s.source_prep = Some(w.clone()),
                        None => s
                            .notes
                            .push("`$` after the verb with no preposition: ignored".to_string()),
                    }
                }
            }
            // `WITH %` after the verb: the compound is the object of the preposition, and each
            // of its members is a target ("agrees with the Philippines and France").
            Flat::Compound => match (&last_word, after_verb) {
                (Some((w, i)), true) if s.target.is_none() => {
                    let w = w.clone();
                    s.words.remove(*i);
                    s.target = Some(TargetSlot::Prep(w));
                }
                _ => s.compound = true,
            },
            Flat::Skip => {}
        }
        // A slot ends any `_` run.
        pending_join = false;
        last_word = None;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = "\
&TIETYPES
+MILITARY
+ECONOMIC
--- ABANDON  [345]  ---
ABANDON
- * &TIETYPES TIES [902]
- * DIPLOMATIC TIES [901]
--- BREAK [1717] ---
BREAK { BROKE BROKEN  }
+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN}
- * TREATY  [161]
- + * FROM $  [066]
- * EID AT ^ WITH +  [043]
--- LEFT  [032:033]  ---
LEFT
--- AGREE  [081] ---
AGREE
- % * [030:030]
--- RIOT [181] ---
RIOT
- *_POLICE  [---]
";

    #[test]
    fn compiles_patterns_to_rules() {
        let d = VerbDict::parse(MINI, "v.txt");
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        let c = compile(&d.dict, "v.txt");
        let by_text = |t: &str| -> Vec<&Rule> {
            c.rules.iter().filter(|r| c.meta[&r.id].text == t).collect()
        };
        // Synset: one Alt with every member and its plural.
        let r = by_text("- * &TIETYPES TIES [902]");
        assert_eq!(r.len(), DEFAULT_TARGET_PREPS.len() + 3);
        assert_eq!(r[0].event_word, "abandon");
        assert!(r[0].words[0].has_word("military"));
        assert!(r[0].words[0].has_word("economics"));
        assert!(r[0].words[1].has_word("ties"));
        assert_eq!(r[0].target, TargetSlot::Object);
        assert_eq!(r[1].target, TargetSlot::Prep("with".into()));
        assert_eq!(r.last().map(|r| &r.target), Some(&TargetSlot::None));
        // Before `none`: the first actor after the verb.
        let after = &r[r.len() - 2];
        assert!(after.first_after && after.target == TargetSlot::None);
        assert_eq!(c.meta[&after.id].variant.as_deref(), Some(AFTER));
        assert!(r[0].specificity > by_text("ABANDON [345]")[0].specificity);
        // `+ * FROM $`: source from `from`, target the object (or passive subject).
        let r = by_text("- + * FROM $ [066]");
        assert_eq!(r[0].source_prep.as_deref(), Some("from"));
        assert!(r[0].words[0].has_word("from"));
        assert_eq!(r[0].target, TargetSlot::Object);
        // `+` before `*` is the subject.
        assert!(r[0].target_subject && r[0].linear);
        // Skips vanish; `WITH +` is the target's preposition.
        let r = by_text("- * EID AT ^ WITH + [043]");
        assert_eq!(r[0].target, TargetSlot::Prep("with".into()));
        assert_eq!(r[0].words.len(), 2);
        // The multi-word verb gets its particle; forms are kept.
        let down: Vec<&Rule> = c
            .rules
            .iter()
            .filter(|r| r.particle.as_deref() == Some("down"))
            .collect();
        assert!(!down.is_empty());
        assert_eq!(down[0].event_word, "break");
        assert_eq!(c.form_keys["broke"], "break");
        assert_eq!(c.form_keys["breaks"], "break");
        // Paired and compound codes go to the meta.
        let left = by_text("LEFT [032:033]");
        assert_eq!(left[0].event_word, "left");
        assert_eq!(c.form_keys["left"], "left");
        assert_eq!(c.meta[&left[0].id].paired.as_deref(), Some("033"));
        let agree = by_text("- % * [030:030]");
        // No target variants for a compound.
        assert_eq!(agree.len(), 1);
        assert_eq!(agree[0].target, TargetSlot::None);
        assert!(c.meta[&agree[0].id].compound);
        // A null pattern still compiles, to block.
        assert_eq!(by_text("- *_POLICE [---]")[0].code, "---");
        // Ids are unique.
        let ids: BTreeSet<&String> = c.rules.iter().map(|r| &r.id).collect();
        assert_eq!(ids.len(), c.rules.len());
    }

    #[test]
    fn compounds_after_a_preposition_and_words_before_the_verb() {
        let text = "--- AGREE [030] ---\nAGREE\n- * WITH % [031]\n\
                    --- TAP [171] ---\nWIRE_+TAP\n";
        let d = VerbDict::parse(text, "v");
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        let c = compile(&d.dict, "v");
        let with: Vec<&Rule> = c.rules.iter().filter(|r| r.code == "031").collect();
        // `WITH %`: each member of the compound after `with` is a target, no pairing.
        assert_eq!(with.len(), 1);
        assert_eq!(with[0].target, TargetSlot::Prep("with".into()));
        assert!(with[0].words.is_empty());
        assert!(!c.meta[&with[0].id].compound);
        // `WIRE_+TAP`: `wire` is checked on the surface, right before the verb.
        let tap = c.rules.iter().find(|r| r.event_word == "tap").unwrap();
        assert!(tap.words.is_empty());
        assert_eq!(c.meta[&tap.id].verb_before, vec!["wire".to_string()]);
    }

    #[test]
    fn linear_order_and_joins() {
        let text = "&NEG\n+DID N'T\n+WILL NOT\n--- CLASH [223] ---\nCLASH\n\
                    - MOST_CERTAINLY_&NEG_EVER * OVER EFFORTS [907]\n- &NEG * OVER EFFORTS [904]\n";
        let d = VerbDict::parse(text, "v");
        assert!(d.skipped.is_empty(), "{:?}", d.skipped);
        let c = compile(&d.dict, "v");
        let meta = |code: &str| {
            c.meta
                .values()
                .find(|m| m.code == code && m.variant.as_deref().is_none_or(|v| v == "obj"))
                .unwrap()
                .clone()
        };
        let toks = |s: &str| -> Vec<String> { s.split(' ').map(str::to_string).collect() };
        let check = |m: &RuleMeta, s: &str| {
            let t = toks(s);
            let i = t.iter().position(|w| w == "clash").unwrap();
            let pin = m.after.first().filter(|e| e.consecutive).map(|_| i + 1);
            linear_match(&m.before, &t, 0, i, None, m.verb_joined.then_some(i))
                && linear_match(&m.after, &t, i + 1, t.len(), pin, None)
        };
        let m907 = meta("907");
        assert!(m907.before[1].consecutive && m907.before[2].consecutive);
        assert!(check(
            &m907,
            "most certainly did n't ever clash over the efforts"
        ));
        // `_` joins: "even" between "n't" and "ever" breaks the pattern.
        assert!(!check(
            &m907,
            "most certainly did n't even ever clash over the efforts"
        ));
        let m904 = meta("904");
        assert!(check(&m904, "he will not clash over the efforts"));
        // Order matters: the words after `*` must follow it.
        assert!(!check(&m904, "over efforts he will not clash"));
    }
}
