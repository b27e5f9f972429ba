//! The coder's rules: verb patterns from any dictionary format, compiled into one shape that
//! is matched on the dependency tree.
//!
//! dyad's own dictionaries ([`dyad_kb::dictionary::VerbDictionary`]) and PETRARCH/TABARI verb
//! dictionaries both compile into [`Rule`]s, so one matcher serves both.

use dyad_kb::dictionary::{ComplementKind, Pattern, TargetSlot, VerbDictionary};
use std::collections::HashMap;

/// A word the rule needs, with alternatives: any one of the phrases, each phrase matching when
/// all its words are found. A plain word is one phrase of one word.
///
/// Words are matched against a token's lemma or its lowercased form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alt(pub Vec<Vec<String>>);

impl Alt {
    /// One plain word.
    pub fn word(w: impl Into<String>) -> Alt {
        Alt(vec![vec![w.into()]])
    }

    /// Whether `w` is one of the one-word alternatives.
    pub fn has_word(&self, w: &str) -> bool {
        self.0.iter().any(|p| p.len() == 1 && p[0] == w)
    }

    /// Whether this is the one plain word `w` (`== Alt::word(w)`, without building it).
    pub fn is_word(&self, w: &str) -> bool {
        matches!(self.0.as_slice(), [p] if matches!(p.as_slice(), [x] if x == w))
    }
}

/// The complement clause a rule requires (`urge TARGET to lift sanction`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleComplement {
    /// `to VERB` or `that TARGET VERB`.
    pub kind: ComplementKind,
    /// The complement's verb.
    pub verb: Alt,
    /// Its particle, if any.
    pub particle: Option<String>,
    /// Other words that must be in the complement's subtree.
    pub words: Vec<Alt>,
    /// Where the target stands in the complement.
    pub target: TargetSlot,
}

/// One compiled rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Where the rule comes from: `file#entry` or `file:line`; reported with every event.
    pub id: String,
    /// The CAMEO event code.
    pub code: String,
    /// The lemma of the event word (a verb, or a noun when `noun`).
    pub event_word: String,
    /// Whether the event word is a noun.
    pub noun: bool,
    /// The phrasal verb's particle.
    pub particle: Option<String>,
    /// Other words that must be found in the event word's subtree (outside the subject and the
    /// complement clause).
    pub words: Vec<Alt>,
    /// Where the target stands.
    pub target: TargetSlot,
    /// The complement clause the rule requires, if any.
    pub complement: Option<RuleComplement>,
    /// The preposition whose object is the source rather than the subject (PETRARCH's `$`
    /// after the verb: `* BY $`).
    pub source_prep: Option<String>,
    /// How many words the rule needs; the most specific matching rule wins.
    pub specificity: u32,
    /// PETRARCH's reading of a pattern (rules compiled from PETRARCH/TABARI dictionaries):
    /// the words may stand anywhere in the event word's subtree outside its subject (PETRARCH
    /// matches the whole verb phrase, complement clauses included), and a passive without a
    /// `by` agent keeps its subject as the source (PETRARCH takes the first actor before the
    /// verb).
    pub linear: bool,
    /// With [`TargetSlot::None`]: the target is the first actor after the event word in its
    /// subtree (PETRARCH's target for a pattern without `+`); the rule needs one.
    pub first_after: bool,
    /// The target is the event word's subject (PETRARCH's `+` before `*`: "NOTED + *"); the
    /// source is then the `source_prep` object, or the subject of the governing clause.
    pub target_subject: bool,
    /// The example sentence, when the dictionary gives one.
    pub example: Option<String>,
    /// The expected coding of the example: source, target (None for no target), code.
    pub expect: Option<(String, Option<String>, String)>,
}

impl Rule {
    /// Compiles one pattern of dyad's own dictionary.
    pub fn from_pattern(p: &Pattern) -> Rule {
        let complement = p.complement.as_ref().map(|c| RuleComplement {
            kind: c.kind,
            verb: Alt::word(c.verb.clone()),
            particle: c.particle.clone(),
            words: c.words.iter().map(Alt::word).collect(),
            target: c.target.clone(),
        });
        Rule {
            id: p.id.clone(),
            code: p.code.clone(),
            event_word: p.event_word.clone(),
            noun: p.noun,
            particle: p.particle.clone(),
            words: p.words.iter().map(Alt::word).collect(),
            target: p.target.clone(),
            complement,
            source_prep: None,
            specificity: p.specificity() as u32,
            linear: false,
            first_after: false,
            target_subject: false,
            example: Some(p.example.clone()),
            expect: Some((
                p.expect.source.clone(),
                p.expect.target.clone(),
                p.expect.code.clone(),
            )),
        }
    }
}

/// Rules indexed by event word, most specific first.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    by_word: HashMap<String, Vec<usize>, dyad_core::FnvBuildHasher>,
}

/// The American spelling of a British `-ise`, `-isation`, `-yse` word (lowercase), which the
/// dictionaries use: "criticise" → "criticize", "normalisation" → "normalization", "analyse" →
/// "analyze"; `None` for other words. Words that end so in both spellings ("promise",
/// "exercise") get a form no dictionary has, so callers try the word as written first.
pub(crate) fn american_spelling(word: &str) -> Option<String> {
    american_spellings(word).next()
}

/// Every American spelling `word` (lowercase) may be the British spelling of: what
/// [`is_british_of`] accepts as `american` for it, lowercased.
pub(crate) fn american_spellings(word: &str) -> impl Iterator<Item = String> + '_ {
    SPELLINGS.iter().filter_map(move |(gb, us)| {
        let stem = word.strip_suffix(gb)?;
        (stem.len() >= 3).then(|| format!("{stem}{us}"))
    })
}

/// Whether `word` is the British spelling of the (lowercase) dictionary word `american`, in any
/// case: "Criticise" of "criticize". Allocates nothing (it runs for every word a rule needs).
pub(crate) fn is_british_of(word: &str, american: &str) -> bool {
    SPELLINGS.iter().any(|(gb, us)| {
        let stem = word
            .len()
            .checked_sub(gb.len())
            .filter(|&at| word.get(at..).is_some_and(|s| s.eq_ignore_ascii_case(gb)))
            .and_then(|at| word.get(..at));
        match (stem, american.strip_suffix(us)) {
            (Some(a), Some(b)) => a.len() >= 3 && a.eq_ignore_ascii_case(b),
            _ => false,
        }
    })
}

/// British endings and their American forms, longest first.
const SPELLINGS: [(&str, &str); 3] = [("isation", "ization"), ("ise", "ize"), ("yse", "yze")];

impl RuleSet {
    /// Indexes a list of rules.
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        let mut by_word: HashMap<String, Vec<usize>, dyad_core::FnvBuildHasher> =
            HashMap::default();
        for (i, r) in rules.iter().enumerate() {
            by_word.entry(r.event_word.clone()).or_default().push(i);
        }
        for ids in by_word.values_mut() {
            // Stable: among equally specific rules the dictionary's order decides.
            ids.sort_by_key(|&i| std::cmp::Reverse(rules[i].specificity));
        }
        RuleSet { rules, by_word }
    }

    /// Compiles dyad's own dictionary.
    pub fn from_dictionary(dict: &VerbDictionary) -> RuleSet {
        RuleSet::new(dict.patterns().iter().map(Rule::from_pattern).collect())
    }

    /// The rules whose event word is `lemma`, most specific first. A British spelling finds
    /// the rules of the American one the dictionaries are written in ("criticise",
    /// "mobilisation", "analyse").
    pub fn for_word(&self, lemma: &str) -> impl Iterator<Item = &Rule> {
        self.indexed_for_word(lemma).map(|(_, r)| r)
    }

    /// [`RuleSet::for_word`], with each rule's index in [`RuleSet::rules`].
    pub fn indexed_for_word(&self, lemma: &str) -> impl Iterator<Item = (usize, &Rule)> {
        self.by_word
            .get(lemma)
            .or_else(|| self.by_word.get(&american_spelling(lemma)?))
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.rules[i]))
    }

    /// Every rule.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_spellings_have_american_forms() {
        assert_eq!(american_spelling("criticise").as_deref(), Some("criticize"));
        assert_eq!(
            american_spelling("normalisation").as_deref(),
            Some("normalization")
        );
        assert_eq!(american_spelling("analyse").as_deref(), Some("analyze"));
        assert_eq!(american_spelling("attack"), None);
        assert_eq!(american_spelling("rise"), None);
        assert!(is_british_of("Criticise", "criticize"));
        assert!(is_british_of("mobilisation", "mobilization"));
        assert!(!is_british_of("criticize", "criticize"));
        assert!(!is_british_of("promise", "criticize"));
    }
}
