//! The pattern grammar of `data/dictionaries/README.md`: turning `urge TARGET to lift
//! sanction on TARGET`-style strings into their parts.

/// Where the target actor stands in a clause.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetSlot {
    /// The clause has no target (`call for ceasefire`, `resign`).
    None,
    /// The target is the direct object (`visit TARGET`, `urge TARGET to ...`).
    Object,
    /// The target is the object of this preposition (`meet with TARGET`: `"with"`).
    Prep(String),
    /// The target is the subject of a finite complement clause (`demand that TARGET release
    /// prisoner`).
    ThatClause,
}

impl TargetSlot {
    /// Whether the slot names a target.
    pub fn is_some(&self) -> bool {
        !matches!(self, TargetSlot::None)
    }
}

/// How a complement clause is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComplementKind {
    /// `to VERB ...`: an infinitive complement.
    Infinitive,
    /// `that TARGET VERB ...`: a finite clause whose subject is the target.
    That,
}

/// The complement clause of a pattern (`to lift sanction on TARGET`, `that TARGET release
/// prisoner`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Complement {
    /// Infinitive or finite (`that`) clause.
    pub kind: ComplementKind,
    /// The lemma of the complement's verb (`lift`).
    pub verb: String,
    /// The verb's particle, if any (`step down`: `down`).
    pub particle: Option<String>,
    /// The other words of the complement, in pattern order (`sanction`, `on`).
    pub words: Vec<String>,
    /// Where the target stands inside the complement (always `None` for a `that` clause,
    /// whose target is its subject).
    pub target: TargetSlot,
}

/// A pattern split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shape {
    pub(crate) event_word: String,
    pub(crate) particle: Option<String>,
    pub(crate) words: Vec<String>,
    pub(crate) target: TargetSlot,
    pub(crate) complement: Option<Complement>,
}

/// Prepositions: a pattern may not end in one, and one right before `TARGET` makes the target
/// its object.
const PREPOSITIONS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "amid",
    "among",
    "around",
    "as",
    "at",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "by",
    "despite",
    "during",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "outside",
    "over",
    "past",
    "regarding",
    "since",
    "through",
    "throughout",
    "to",
    "toward",
    "towards",
    "under",
    "until",
    "upon",
    "via",
    "with",
    "within",
    "without",
];

/// Words that, right after a verb, are always its particle (`step down`, `pull back force`).
const PARTICLES: &[&str] = &[
    "up", "down", "out", "back", "away", "aside", "apart", "forward", "together",
];

/// Words that are a particle right after the verb unless a target follows (`call off strike`,
/// `hand over suspect`), where `hand over TARGET` reads as a preposition.
const PARTICLE_UNLESS_TARGET: &[&str] = &["off", "over"];

/// Words that are a particle right after the verb only at the end or before `to` (`give in to
/// demand`, `hold on`); elsewhere they are prepositions (`invest in TARGET`, `cooperate on
/// security`).
const PARTICLE_AT_END: &[&str] = &["in", "on"];

/// Nouns that follow `to` as its object even where the example has `to` right before them
/// (`sentence to death`, `take to court`), so they never start an infinitive.
const NOT_VERBS: &[&str] = &[
    "death", "court", "war", "prison", "peace", "street", "embassy", "summit", "border", "power",
    "year", "dinner", "table", "street", "capital", "region",
];

pub(crate) fn is_preposition(w: &str) -> bool {
    PREPOSITIONS.contains(&w)
}

fn is_lemma(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether `to verb` in the pattern is an infinitive: the example (which must contain the
/// pattern) has `to` immediately before the uninflected verb, or with one `-ly` adverb between
/// (`to fully cooperate`). Infinitives are never inflected, whereas `to` as a preposition is
/// mostly followed by a determiner or an inflected noun ("to the demands"); the grammar itself
/// does not say which `to` is which, so the example decides.
fn is_infinitive(verb: &str, example: &str) -> bool {
    if NOT_VERBS.contains(&verb) {
        return false;
    }
    let words: Vec<String> = example
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        w == "to"
            && (words.get(i + 1).is_some_and(|n| n == verb)
                || (words.get(i + 1).is_some_and(|a| a.ends_with("ly"))
                    && words.get(i + 2).is_some_and(|n| n == verb)))
    })
}

/// One clause's words after its head: particle, other words and target slot.
struct Clause {
    particle: Option<String>,
    words: Vec<String>,
    target: TargetSlot,
}

fn clause(tokens: &[&str], followed_by_to: bool) -> Clause {
    let mut particle = None;
    let mut words = Vec::new();
    let mut target = TargetSlot::None;
    for (i, &t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).copied();
        if i == 0 {
            let is_particle = PARTICLES.contains(&t)
                || (PARTICLE_UNLESS_TARGET.contains(&t) && next != Some("TARGET"))
                || (PARTICLE_AT_END.contains(&t)
                    && (next == Some("to") || (next.is_none() && !followed_by_to)));
            if is_particle {
                particle = Some(t.to_string());
                continue;
            }
        }
        if t == "TARGET" {
            let prev = i.checked_sub(1).and_then(|p| tokens.get(p)).copied();
            target = match prev {
                // Right after the verb or its particle (`bail out TARGET`): the object.
                Some(_) if i == 1 && particle.is_some() => TargetSlot::Object,
                Some(p) if is_preposition(p) => TargetSlot::Prep(p.to_string()),
                _ => TargetSlot::Object,
            };
            // The preposition is the target's and is kept in `words`, which then reads like
            // the pattern minus `TARGET`.
            continue;
        }
        words.push(t.to_string());
    }
    Clause {
        particle,
        words,
        target,
    }
}

/// Parses a pattern against the README grammar. `example` decides which `to` starts an
/// infinitive (see [`is_infinitive`]). The error is a message for the pattern's line.
pub(crate) fn parse(text: &str, example: &str) -> Result<Shape, String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let Some(&first) = tokens.first() else {
        return Err("the pattern is empty".into());
    };
    if !is_lemma(first) {
        return Err(format!(
            "the first word must be a lowercase lemma (the event word), found `{first}`"
        ));
    }
    for &t in &tokens {
        if t == "not" {
            return Err("`not` is never written: the coder handles negation".into());
        }
        if t != "TARGET" && !is_lemma(t) {
            return Err(format!(
                "`{t}` is neither a lowercase lemma (a-z) nor TARGET"
            ));
        }
    }
    let n_target = tokens.iter().filter(|&&t| t == "TARGET").count();
    if n_target > 1 {
        return Err(format!("TARGET occurs {n_target} times; at most once"));
    }
    let last = tokens[tokens.len() - 1];
    if tokens.len() > 1 && (last == "that" || last == "to") {
        return Err(format!("the pattern ends in a bare `{last}`"));
    }

    // Find the complement marker: the first `that TARGET VERB` or infinitive `to VERB`.
    let mut split = None;
    for i in 1..tokens.len() {
        match tokens[i] {
            "that" if tokens.get(i + 1) == Some(&"TARGET") => {
                match tokens.get(i + 2) {
                    Some(v) if is_lemma(v) => split = Some((i, ComplementKind::That)),
                    _ => return Err("`that TARGET` must be followed by the clause's verb".into()),
                }
                break;
            }
            "to" if tokens
                .get(i + 1)
                .is_some_and(|v| is_lemma(v) && is_infinitive(v, example)) =>
            {
                split = Some((i, ComplementKind::Infinitive));
                break;
            }
            _ => {}
        }
    }
    let (main_end, complement) = match split {
        None => (tokens.len(), None),
        Some((i, kind)) => {
            let verb_at = if kind == ComplementKind::That {
                i + 2
            } else {
                i + 1
            };
            let rest = &tokens[verb_at + 1..];
            let c = clause(rest, false);
            let comp = Complement {
                kind,
                verb: tokens[verb_at].to_string(),
                particle: c.particle,
                words: c.words,
                target: c.target,
            };
            (i, Some(comp))
        }
    };
    let main = clause(&tokens[1..main_end], complement.is_some());
    let mut target = main.target.clone();
    if complement
        .as_ref()
        .is_some_and(|c| c.kind == ComplementKind::That)
    {
        target = TargetSlot::ThatClause;
    }

    // A bare trailing preposition: the last word is a preposition that was not read as the
    // last clause's particle.
    let last_particle = match &complement {
        Some(c) => c
            .particle
            .as_deref()
            .filter(|_| c.words.is_empty() && !c.target.is_some()),
        None => main
            .particle
            .as_deref()
            .filter(|_| main.words.is_empty() && !main.target.is_some()),
    };
    if is_preposition(last) && last_particle != Some(last) {
        return Err(format!(
            "the pattern ends in the bare preposition `{last}`; a preposition needs its object (TARGET or a noun)"
        ));
    }
    Ok(Shape {
        event_word: first.to_string(),
        particle: main.particle,
        words: main.words,
        target,
        complement,
    })
}
