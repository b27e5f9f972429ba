//! `dyad dict test`: every dictionary pattern's example sentence, coded by the full pipeline,
//! must yield the pattern's expected event.
//!
//! An example passes when one of its coded events has the expected code, a source whose code
//! starts with the expected source (`JPN` accepts `JPNGOV`), and a target likewise (or no target
//! when `---` is expected). Negated events do not count.

use crate::{Coder, Rule};
use dyad_core::{Document, Event, Metadata};
use serde::Serialize;

/// Why an example failed, or which rule passed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The expected event was coded; `by` is the rule that produced it.
    Pass {
        /// The rule that produced the expected event.
        by: String,
    },
    /// No event at all.
    NoEvent {
        /// The actor codes found in the sentence.
        actors: Vec<String>,
    },
    /// Events were coded, none the expected one.
    Mismatch {
        /// What was coded instead: `SOURCE TARGET CODE (rule)`.
        got: Vec<String>,
    },
}

/// The result of one example.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleResult {
    /// The pattern's id (`04-consult.toml#12`).
    pub rule: String,
    /// The example sentence.
    pub example: String,
    /// The expected coding, `SOURCE TARGET CODE`.
    pub expect: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl ExampleResult {
    /// Whether the example passed.
    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Pass { .. })
    }
}

/// Whether an actor code satisfies an expected code.
fn actor_ok(expected: &str, got: &str) -> bool {
    if got.starts_with(expected) {
        return true;
    }
    // Codes are three-letter chunks: `IGOEEC` is satisfied by `IGOEUREEC` (the chunks in
    // order, regional qualifiers in between allowed).
    let chunks = |s: &str| -> Vec<String> {
        s.as_bytes()
            .chunks(3)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect()
    };
    let (want, have) = (chunks(expected), chunks(got));
    let mut it = have.iter();
    want.iter().all(|w| it.any(|h| h == w)) && have.first() == want.first()
}

fn describe(e: &Event) -> String {
    format!(
        "{} {} {} ({})",
        e.source.code,
        e.target.as_ref().map_or("---", |t| t.code.as_str()),
        e.cameo,
        e.rule
    )
}

/// Codes one rule's example with `annotate` (segmentation, tagging, parsing, actors) and the
/// coder, and judges it. `None` when the rule has no example.
pub fn check_rule(
    rule: &Rule,
    coder: &Coder,
    annotate: &dyn Fn(&mut Document),
) -> Option<ExampleResult> {
    let example = rule.example.as_ref()?;
    let (src, tgt, code) = rule.expect.as_ref()?;
    let mut doc = Document::new(Metadata::with_id(rule.id.clone()), example.clone());
    annotate(&mut doc);
    // A dictionary example tests what its rule matches, bare statements and hypothetical acts
    // included.
    let keep = crate::CodeOptions::everything();
    coder.code_with(&mut doc, keep);
    let hit = doc.events.iter().find(|e| {
        !e.negated
            && &e.cameo == code
            && actor_ok(src, &e.source.code)
            && match (tgt, &e.target) {
                (None, None) => true,
                (Some(t), Some(g)) => actor_ok(t, &g.code),
                _ => false,
            }
    });
    let outcome = match hit {
        Some(e) => Outcome::Pass { by: e.rule.clone() },
        None if doc.events.is_empty() => Outcome::NoEvent {
            actors: doc.actors.iter().map(|a| a.code.clone()).collect(),
        },
        None => Outcome::Mismatch {
            got: doc.events.iter().map(describe).collect(),
        },
    };
    Some(ExampleResult {
        rule: rule.id.clone(),
        example: example.clone(),
        expect: format!("{src} {} {code}", tgt.as_deref().unwrap_or("---")),
        outcome,
    })
}
