//! Lemmatizer: a lookup of (form, XPOS) pairs seen in training, then suffix-rewrite rules learned
//! per XPOS (the longest known suffix of the word picks the rule), then the word itself.

use crate::bin_io::{Reader, Writer};
use crate::Result;
use dyad_core::FnvBuildHasher;
use dyad_text::conllu::ConlluSentence;
use std::collections::HashMap;

/// Longest word suffix a rule is keyed on, in characters.
const MAX_SUFFIX: usize = 5;

/// A rewrite: drop `strip` characters from the end, then append `add`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Rule {
    strip: u8,
    add: String,
}

/// A trained lemmatizer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lemmatizer {
    /// `form \t xpos` → lemma, for words the rules get wrong.
    table: HashMap<String, String, FnvBuildHasher>,
    /// `xpos \t suffix` → rule.
    rules: HashMap<String, Rule, FnvBuildHasher>,
    /// Lowercase words seen in training with a tag other than NNP: a lowercase NNP that is not
    /// one of them is a name typed in lowercase (`asia`), whose UD lemma is capitalised.
    common: std::collections::HashSet<String, FnvBuildHasher>,
    /// Identifies this lemmatizer's rules in each thread's [`RULE_LEMMAS`] cache (copies share
    /// it: the rules never change once built).
    id: crate::perceptron::InstanceId,
}

/// Most words a thread's [`RULE_LEMMAS`] holds before it starts afresh.
const RULE_LEMMAS_CAP: usize = 1 << 16;

/// The id of the lemmatizer a [`RULE_LEMMAS`] cache is of, and `hash(form, xpos)` → (`form \t
/// xpos`, the rules' lemma).
type RuleLemmas = (u64, crate::hash::IdMap<(Box<str>, String)>);

thread_local! {
    /// Per thread, the rules' lemmas of the words seen. Most words of running text come back;
    /// the rules cost a lowercasing and up to six table look-ups.
    static RULE_LEMMAS: std::cell::RefCell<RuleLemmas> =
        std::cell::RefCell::new((0, crate::hash::IdMap::default()));
}

fn rule_of(form: &str, lemma: &str) -> Option<Rule> {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    let strip = f.len() - common;
    if strip > 255 {
        return None;
    }
    Some(Rule {
        strip: strip as u8,
        add: l[common..].iter().collect(),
    })
}

fn apply(form: &str, r: &Rule) -> Option<String> {
    let n = form.chars().count();
    let keep = n.checked_sub(r.strip as usize)?;
    let mut s: String = form.chars().take(keep).collect();
    s.push_str(&r.add);
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

/// Proper nouns keep their case in UD English lemmas; other words are lowercased.
fn keeps_case(xpos: &str) -> bool {
    xpos.starts_with("NNP")
}

impl Lemmatizer {
    /// Learns the table and rules from gold forms, tags and lemmas.
    pub fn train(train: &[ConlluSentence]) -> Lemmatizer {
        let mut pair_counts: HashMap<(String, String), HashMap<String, u32>> = HashMap::new();
        for s in train {
            for w in &s.words {
                if w.lemma == "_" || w.form.is_empty() {
                    continue;
                }
                *pair_counts
                    .entry((w.form.clone(), w.xpos.clone()))
                    .or_default()
                    .entry(w.lemma.clone())
                    .or_default() += 1;
            }
        }
        // Majority lemma per (form, xpos).
        let best: Vec<((String, String), String, u32)> = pair_counts
            .into_iter()
            .filter_map(|(k, m)| {
                let total: u32 = m.values().sum();
                let (lemma, _) = m
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
                Some((k, lemma, total))
            })
            .collect();
        // Rules from word types (each type once, so frequent irregular words do not dominate).
        let mut rule_counts: HashMap<String, HashMap<Rule, u32>> = HashMap::new();
        for ((form, xpos), lemma, _) in &best {
            let (f, l) = if keeps_case(xpos) {
                (form.clone(), lemma.clone())
            } else {
                (form.to_lowercase(), lemma.to_lowercase())
            };
            let Some(rule) = rule_of(&f, &l) else {
                continue;
            };
            let chars: Vec<char> = f.chars().collect();
            for k in 0..=MAX_SUFFIX.min(chars.len()) {
                let suffix: String = chars[chars.len() - k..].iter().collect();
                *rule_counts
                    .entry(format!("{xpos}\t{suffix}"))
                    .or_default()
                    .entry(rule.clone())
                    .or_default() += 1;
            }
        }
        let mut rules = HashMap::default();
        for (k, m) in rule_counts {
            let total: u32 = m.values().sum();
            if let Some((r, c)) = m
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.add.cmp(&a.0.add)))
            {
                // Suffixes seen once are kept only when they are the short, general keys.
                if total >= 2 || k.chars().filter(|&c| c != '\t').count() <= 3 {
                    let _ = c;
                    rules.insert(k, r);
                }
            }
        }
        let common = train
            .iter()
            .flat_map(|s| &s.words)
            .filter(|w| w.xpos != "NNP" && w.form.chars().all(|c| !c.is_uppercase()))
            .map(|w| w.form.clone())
            .collect();
        let mut lem = Lemmatizer {
            table: HashMap::default(),
            rules,
            common,
            id: crate::perceptron::InstanceId::fresh(),
        };
        for ((form, xpos), lemma, _) in best {
            if lem.rule_lemma(&form, &xpos) != lemma {
                lem.table.insert(format!("{form}\t{xpos}"), lemma);
            }
        }
        lem
    }

    /// [`Lemmatizer::rule_lemma`], remembered per thread.
    fn by_rule(&self, form: &str, xpos: &str) -> String {
        let mut h = dyad_core::Fnv1a::new();
        h.write_field(form);
        h.write_field(xpos);
        let h = h.finish();
        let same = |k: &str| {
            k.len() == form.len() + 1 + xpos.len()
                && k.starts_with(form)
                && k.ends_with(xpos)
                && k.as_bytes().get(form.len()) == Some(&b'\t')
        };
        RULE_LEMMAS.with(|c| {
            let mut c = c.borrow_mut();
            if c.0 != self.id.0 {
                c.0 = self.id.0;
                c.1.clear();
            }
            if let Some((k, l)) = c.1.get(&h) {
                if same(k) {
                    return l.clone();
                }
            }
            let l = self.rule_lemma(form, xpos);
            if c.1.len() >= RULE_LEMMAS_CAP {
                c.1.clear();
            }
            c.1.insert(h, (format!("{form}\t{xpos}").into_boxed_str(), l.clone()));
            l
        })
    }

    /// The lemma the rules give `form` tagged `xpos` (no table look-up).
    fn rule_lemma(&self, form: &str, xpos: &str) -> String {
        // Singular proper nouns, digits, symbols and punctuation are their own lemmas; rules
        // learned from common words would only damage them (`United` is not `Unite`).
        if !form.chars().any(char::is_alphabetic) {
            // UD English writes numbers without thousands separators (`12,000` → `12000`).
            if xpos == "CD" && form.contains(',') && form.chars().any(|c| c.is_ascii_digit()) {
                return form.replace(',', "");
            }
            return form.to_string();
        }
        if xpos == "ADD" {
            // E-mail addresses and URLs are their own lemma, case included.
            return form.to_string();
        }
        if xpos == "NNP" {
            if form.chars().any(char::is_uppercase) || self.common.contains(form) {
                return form.to_string();
            }
            let mut c = form.chars();
            return c
                .next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect());
        }
        let f = if keeps_case(xpos) {
            form.to_string()
        } else {
            form.to_lowercase()
        };
        let chars: Vec<char> = f.chars().collect();
        let mut key = String::with_capacity(xpos.len() + 24);
        for k in (0..=MAX_SUFFIX.min(chars.len())).rev() {
            key.clear();
            key.push_str(xpos);
            key.push('\t');
            key.extend(&chars[chars.len() - k..]);
            if let Some(r) = self.rules.get(&key) {
                if let Some(l) = apply(&f, r) {
                    return l;
                }
            }
        }
        f
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        if let Some(l) = self.look_up(form, xpos) {
            return l.clone();
        }
        // A capitalised sentence-initial word is looked up again in lowercase.
        if !keeps_case(xpos) {
            let found = crate::hash::with_lower(form, |lower| {
                (lower != form)
                    .then(|| self.look_up(lower, xpos))
                    .flatten()
                    .cloned()
            });
            if let Some(l) = found {
                return l;
            }
        }
        self.by_rule(form, xpos)
    }

    /// The table's lemma of `form` tagged `xpos`; the key `form\txpos` is built on the stack
    /// when short (nearly always), as this runs once per token.
    fn look_up(&self, form: &str, xpos: &str) -> Option<&String> {
        let mut buf = [0u8; 64];
        let n = form.len() + 1 + xpos.len();
        if n <= buf.len() {
            buf[..form.len()].copy_from_slice(form.as_bytes());
            buf[form.len()] = b'\t';
            buf[form.len() + 1..n].copy_from_slice(xpos.as_bytes());
            // Two strings joined by an ASCII tab: valid UTF-8.
            if let Ok(key) = std::str::from_utf8(&buf[..n]) {
                return self.table.get(key);
            }
        }
        self.table.get(&format!("{form}\t{xpos}"))
    }

    /// Number of table entries and rules.
    pub fn size(&self) -> (usize, usize) {
        (self.table.len(), self.rules.len())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        let mut t: Vec<(&String, &String)> = self.table.iter().collect();
        t.sort();
        w.u32(t.len() as u32);
        for (k, v) in t {
            w.str(k);
            w.str(v);
        }
        let mut c: Vec<&String> = self.common.iter().collect();
        c.sort();
        w.u32(c.len() as u32);
        for k in c {
            w.str(k);
        }
        let mut r: Vec<(&String, &Rule)> = self.rules.iter().collect();
        r.sort_by(|a, b| a.0.cmp(b.0));
        w.u32(r.len() as u32);
        for (k, rule) in r {
            w.str(k);
            w.u8(rule.strip);
            w.str(&rule.add);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let n = r.len(8)?;
        let mut table = HashMap::with_capacity_and_hasher(n, FnvBuildHasher::default());
        for _ in 0..n {
            let k = r.str()?;
            table.insert(k, r.str()?);
        }
        let n = r.len(4)?;
        let mut common =
            std::collections::HashSet::with_capacity_and_hasher(n, FnvBuildHasher::default());
        for _ in 0..n {
            common.insert(r.str()?);
        }
        let n = r.len(9)?;
        let mut rules = HashMap::with_capacity_and_hasher(n, FnvBuildHasher::default());
        for _ in 0..n {
            let k = r.str()?;
            let strip = r.u8()?;
            let add = r.str()?;
            rules.insert(k, Rule { strip, add });
        }
        Ok(Lemmatizer {
            table,
            rules,
            common,
            id: crate::perceptron::InstanceId::fresh(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(rows: &[(&str, &str, &str)]) -> ConlluSentence {
        let mut s = ConlluSentence::default();
        for (f, l, x) in rows {
            s.words.push(dyad_text::conllu::Word {
                form: f.to_string(),
                lemma: l.to_string(),
                xpos: x.to_string(),
                ..Default::default()
            });
        }
        s
    }

    #[test]
    fn learns_lookup_and_suffix_rules() {
        let s = sent(&[
            ("walked", "walk", "VBD"),
            ("talked", "talk", "VBD"),
            ("jumped", "jump", "VBD"),
            ("went", "go", "VBD"),
            ("cats", "cat", "NNS"),
            ("dogs", "dog", "NNS"),
            ("Paris", "Paris", "NNP"),
            ("The", "the", "DT"),
        ]);
        let l = Lemmatizer::train(&[s]);
        assert_eq!(l.lemma("went", "VBD"), "go");
        assert_eq!(l.lemma("Went", "VBD"), "go");
        assert_eq!(l.lemma("kicked", "VBD"), "kick");
        assert_eq!(l.lemma("birds", "NNS"), "bird");
        assert_eq!(l.lemma("London", "NNP"), "London");
        assert_eq!(l.lemma("mexico", "NNP"), "Mexico");
        assert_eq!(l.lemma("cats", "NNP"), "cats"); // a common word mistagged as a name
        assert_eq!(l.lemma("12,000", "CD"), "12000");
        assert_eq!(l.lemma("Bob@Example.com", "ADD"), "Bob@Example.com");
        assert_eq!(l.lemma("--", ":"), "--");
        assert_eq!(l.lemma("THE", "DT"), "the");
        assert_eq!(l.lemma("", "NN"), "");
        let mut w = Writer::default();
        l.write(&mut w);
        let back = Lemmatizer::read(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(back, l);
    }

    #[test]
    fn remembered_rule_lemmas_belong_to_their_lemmatizer() {
        // Two lemmatizers whose rules disagree on `-ies`, used in turn on one thread.
        let a = Lemmatizer::train(&[sent(&[("flies", "fly", "NNS"), ("spies", "spy", "NNS")])]);
        let b = Lemmatizer::train(&[sent(&[("pies", "pie", "NNS"), ("ties", "tie", "NNS")])]);
        for _ in 0..3 {
            assert_eq!(a.lemma("cries", "NNS"), "cry");
            assert_eq!(b.lemma("cries", "NNS"), "crie");
            assert_eq!(a.lemma("cries", "NNS"), a.rule_lemma("cries", "NNS"));
            // The same form with another tag is another entry.
            assert_eq!(a.lemma("cries", "VBZ"), a.rule_lemma("cries", "VBZ"));
        }
    }
}
