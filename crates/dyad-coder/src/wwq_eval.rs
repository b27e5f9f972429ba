//! Scoring the date, place and quote layers against the hand-made set
//! `tests/data/when-where-quotes` (`expected.jsonl`; the rules are in its README).
//!
//! [`add_layers`] runs the three layers on a document that already has tokens, sentences and
//! (ideally) syntax; [`evaluate`] compares documents with their expected annotations.
//!
//! Matching rules (each gold annotation is matched at most once, each prediction at most once):
//!
//! | layer | strict (the headline figure) | lenient |
//! |---|---|---|
//! | dates | same byte span and same value | overlapping spans and same value |
//! | places | same byte span and same country (ISO3) | overlapping spans and same country |
//! | places, literal only | strict, counting only places marked literal (gold) and predicted literal | — |
//! | quotes | same byte span (the words between the marks) | overlapping spans |
//! | quotes with speaker | same span and same canonical speaker | overlapping spans and same speaker |
//!
//! Speakers compare case-insensitively with apostrophes unified (`’` = `'`) and spaces
//! collapsed. Besides P/R/F1, the report gives the literal-flag accuracy on the strictly
//! matched places, the speaker-words (`speaker_text`) accuracy on matched quotes and the
//! document-date accuracy.

use crate::places::Places;
use crate::{dates, quotes};
use dyad_core::{Document, Span};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Errors reading the expected annotations.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A line is not a valid expected record.
    #[error("expected.jsonl line {line}: {source}")]
    Json {
        /// 1-based line.
        line: usize,
        /// What serde said.
        source: serde_json::Error,
    },
}

/// One expected time expression.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldDate {
    /// The words.
    pub text: String,
    /// ISO 8601 value.
    pub value: String,
    /// Byte start.
    pub start: u32,
    /// Byte end.
    pub end: u32,
}

/// One expected place.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldPlace {
    /// The words.
    pub text: String,
    /// Usual English name.
    pub name: String,
    /// ISO3 country.
    pub country: String,
    /// First-level region, when any.
    #[serde(default)]
    pub admin1: Option<String>,
    /// Not a metonym.
    pub literal: bool,
    /// Byte start.
    pub start: u32,
    /// Byte end.
    pub end: u32,
}

/// One expected quotation.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldQuote {
    /// The quoted words.
    pub text: String,
    /// Byte start.
    pub start: u32,
    /// Byte end.
    pub end: u32,
    /// Canonical speaker.
    pub speaker: String,
    /// Words naming the speaker at the attribution.
    pub speaker_text: String,
    /// Their byte start.
    pub speaker_start: u32,
    /// Their byte end.
    pub speaker_end: u32,
}

/// The expected annotations of one document.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Expected {
    /// Document id.
    pub id: String,
    /// Document date.
    pub doc_date: String,
    /// Time expressions.
    pub dates: Vec<GoldDate>,
    /// Places.
    pub places: Vec<GoldPlace>,
    /// Quotations.
    pub quotes: Vec<GoldQuote>,
}

/// Reads `expected.jsonl`.
pub fn read_expected(text: &str) -> Result<Vec<Expected>, EvalError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| EvalError::Json {
                line: i + 1,
                source: e,
            })
        })
        .collect()
}

/// Runs the date, place and quote layers on a document with tokens, sentences and syntax,
/// in the order the quote layer needs (places tell people from places).
pub fn add_layers(doc: &mut Document, places: &Places) {
    let date = dates::document_date(doc);
    doc.dates = dates::find_dates(doc, date);
    doc.places = places.find(doc);
    crate::located_agents::locate_agents(doc);
    crate::pronouns::resolve_pronouns(doc);
    crate::plural::resolve_plurals(doc);
    doc.quotes = quotes::find_quotes(doc);
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matched predictions.
    pub tp: usize,
    /// Predictions.
    pub predicted: usize,
    /// Gold annotations.
    pub gold: usize,
}

impl Prf {
    /// Precision, percent (100 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        pct(self.tp, self.predicted)
    }
    /// Recall, percent (100 when there is nothing to find).
    pub fn recall(&self) -> f64 {
        pct(self.tp, self.gold)
    }
    /// F1, percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Correct out of total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Accuracy {
    /// Correct.
    pub correct: usize,
    /// Total.
    pub total: usize,
}

impl Accuracy {
    /// Percent (100 when there is nothing).
    pub fn percent(&self) -> f64 {
        pct(self.correct, self.total)
    }
}

/// The scores of the three layers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WwqScores {
    /// Documents scored.
    pub documents: usize,
    /// Document dates equal to `doc_date`.
    pub doc_date: Accuracy,
    /// Dates: span and value.
    pub dates: Prf,
    /// Dates: overlapping span and value.
    pub dates_lenient: Prf,
    /// Places: span and country.
    pub places: Prf,
    /// Places: overlapping span and country.
    pub places_lenient: Prf,
    /// Literal places only (gold literal against predicted literal): span and country.
    pub places_literal: Prf,
    /// The literal flag on strictly matched places.
    pub literal_flag: Accuracy,
    /// Quotes: span.
    pub quotes: Prf,
    /// Quotes: overlapping span.
    pub quotes_lenient: Prf,
    /// Quotes: span and canonical speaker.
    pub quotes_speaker: Prf,
    /// Quotes: overlapping span and canonical speaker.
    pub quotes_speaker_lenient: Prf,
    /// The speaker's words (`speaker_text` span) on strictly matched quotes.
    pub speaker_words: Accuracy,
    /// Per-document mismatches, for `--verbose` output.
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// One-to-one matching: `ok(g, p)` says whether gold `g` and prediction `p` match.
fn match_count(
    n_gold: usize,
    n_pred: usize,
    ok: impl Fn(usize, usize) -> bool,
) -> (Prf, Vec<Option<usize>>) {
    let mut used = vec![false; n_pred];
    let mut of_gold = vec![None; n_gold];
    let mut tp = 0;
    for (g, slot) in of_gold.iter_mut().enumerate() {
        if let Some(p) = (0..n_pred).find(|&p| !used[p] && ok(g, p)) {
            used[p] = true;
            *slot = Some(p);
            tp += 1;
        }
    }
    (
        Prf {
            tp,
            predicted: n_pred,
            gold: n_gold,
        },
        of_gold,
    )
}

fn overlaps(a: (u32, u32), b: Span) -> bool {
    a.0 < b.end && b.start < a.1
}

fn same_speaker(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.replace('’', "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Scores documents (with their layers) against their expected annotations, paired by
/// position.
pub fn evaluate(pairs: &[(&Document, &Expected)]) -> WwqScores {
    let mut s = WwqScores::default();
    for (doc, exp) in pairs {
        s.documents += 1;
        let err = |s: &mut WwqScores, m: String| s.errors.push(format!("{}: {m}", exp.id));
        // Document date.
        s.doc_date.total += 1;
        let dd = dates::document_date(doc).map(|d| d.format("%Y-%m-%d").to_string());
        if dd.as_deref() == Some(exp.doc_date.as_str()) {
            s.doc_date.correct += 1;
        } else {
            err(&mut s, format!("doc date {dd:?} != {}", exp.doc_date));
        }
        // Dates.
        let (g, p) = (&exp.dates, &doc.dates);
        let (strict, m) = match_count(g.len(), p.len(), |i, j| {
            g[i].start == p[j].span.start && g[i].end == p[j].span.end && g[i].value == p[j].value
        });
        s.dates.add(strict);
        let (lenient, _) = match_count(g.len(), p.len(), |i, j| {
            overlaps((g[i].start, g[i].end), p[j].span) && g[i].value == p[j].value
        });
        s.dates_lenient.add(lenient);
        for (i, mm) in m.iter().enumerate() {
            if mm.is_none() {
                err(
                    &mut s,
                    format!("date missed: {:?}={}", g[i].text, g[i].value),
                );
            }
        }
        let matched: Vec<usize> = m.iter().flatten().copied().collect();
        for (j, d) in p.iter().enumerate() {
            if !matched.contains(&j) {
                err(
                    &mut s,
                    format!("date wrong: {:?}={}", doc.slice(d.span), d.value),
                );
            }
        }
        // Places.
        let (g, p) = (&exp.places, &doc.places);
        let (strict, m) = match_count(g.len(), p.len(), |i, j| {
            g[i].start == p[j].span.start
                && g[i].end == p[j].span.end
                && g[i].country == p[j].location.country
        });
        s.places.add(strict);
        let (lenient, _) = match_count(g.len(), p.len(), |i, j| {
            overlaps((g[i].start, g[i].end), p[j].span) && g[i].country == p[j].location.country
        });
        s.places_lenient.add(lenient);
        for (i, mm) in m.iter().enumerate() {
            match mm {
                None => err(
                    &mut s,
                    format!("place missed: {:?} {}", g[i].text, g[i].country),
                ),
                Some(j) => {
                    s.literal_flag.total += 1;
                    if p[*j].literal == g[i].literal {
                        s.literal_flag.correct += 1;
                    } else {
                        err(
                            &mut s,
                            format!("place literal: {:?} gold {}", g[i].text, g[i].literal),
                        );
                    }
                }
            }
        }
        let matched: Vec<usize> = m.iter().flatten().copied().collect();
        for (j, d) in p.iter().enumerate() {
            if !matched.contains(&j) {
                err(
                    &mut s,
                    format!(
                        "place wrong: {:?} {}",
                        doc.slice(d.span),
                        d.location.country
                    ),
                );
            }
        }
        let gl: Vec<&crate::wwq_eval::GoldPlace> = g.iter().filter(|x| x.literal).collect();
        let pl: Vec<&dyad_core::PlaceMention> = p.iter().filter(|x| x.literal).collect();
        let (lit, _) = match_count(gl.len(), pl.len(), |i, j| {
            gl[i].start == pl[j].span.start
                && gl[i].end == pl[j].span.end
                && gl[i].country == pl[j].location.country
        });
        s.places_literal.add(lit);
        // Quotes.
        let (g, p) = (&exp.quotes, &doc.quotes);
        let speaker_of = |j: usize| {
            p[j].speaker
                .as_ref()
                .and_then(|x| x.entity.clone())
                .unwrap_or_default()
        };
        let (strict, m) = match_count(g.len(), p.len(), |i, j| {
            g[i].start == p[j].span.start && g[i].end == p[j].span.end
        });
        s.quotes.add(strict);
        for (i, mm) in m.iter().enumerate() {
            match mm {
                None => err(&mut s, format!("quote missed: {:?}", short(&g[i].text))),
                Some(j) => {
                    s.speaker_words.total += 1;
                    let words = p[*j].speaker.as_ref().map(|x| x.span);
                    if words
                        == Some(Span {
                            start: g[i].speaker_start,
                            end: g[i].speaker_end,
                        })
                    {
                        s.speaker_words.correct += 1;
                    } else {
                        err(
                            &mut s,
                            format!(
                                "speaker words: {:?} gold {:?}",
                                words.map(|w| doc.slice(w)).unwrap_or(""),
                                g[i].speaker_text
                            ),
                        );
                    }
                    if !same_speaker(&speaker_of(*j), &g[i].speaker) {
                        err(
                            &mut s,
                            format!("speaker: {:?} gold {:?}", speaker_of(*j), g[i].speaker),
                        );
                    }
                }
            }
        }
        let matched: Vec<usize> = m.iter().flatten().copied().collect();
        for (j, q) in p.iter().enumerate() {
            if !matched.contains(&j) {
                err(
                    &mut s,
                    format!("quote wrong: {:?}", short(doc.slice(q.span))),
                );
            }
        }
        let (lenient, _) = match_count(g.len(), p.len(), |i, j| {
            overlaps((g[i].start, g[i].end), p[j].span)
        });
        s.quotes_lenient.add(lenient);
        let (sp, _) = match_count(g.len(), p.len(), |i, j| {
            g[i].start == p[j].span.start
                && g[i].end == p[j].span.end
                && same_speaker(&speaker_of(j), &g[i].speaker)
        });
        s.quotes_speaker.add(sp);
        let (spl, _) = match_count(g.len(), p.len(), |i, j| {
            overlaps((g[i].start, g[i].end), p[j].span)
                && same_speaker(&speaker_of(j), &g[i].speaker)
        });
        s.quotes_speaker_lenient.add(spl);
    }
    s
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

impl fmt::Display for WwqScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} documents; document date {:.1} % ({}/{})",
            self.documents,
            self.doc_date.percent(),
            self.doc_date.correct,
            self.doc_date.total
        )?;
        writeln!(
            f,
            "{:<28} {:>6} {:>6} {:>6}   {:>5} {:>5} {:>5}",
            "layer", "P", "R", "F1", "tp", "pred", "gold"
        )?;
        let rows = [
            ("dates (span+value)", self.dates),
            ("dates, lenient", self.dates_lenient),
            ("places (span+country)", self.places),
            ("places, lenient", self.places_lenient),
            ("places, literal only", self.places_literal),
            ("quotes (span)", self.quotes),
            ("quotes, lenient", self.quotes_lenient),
            ("quotes + speaker", self.quotes_speaker),
            ("quotes + speaker, lenient", self.quotes_speaker_lenient),
        ];
        for (name, p) in rows {
            writeln!(
                f,
                "{:<28} {:>6.1} {:>6.1} {:>6.1}   {:>5} {:>5} {:>5}",
                name,
                p.precision(),
                p.recall(),
                p.f1(),
                p.tp,
                p.predicted,
                p.gold
            )?;
        }
        writeln!(
            f,
            "literal flag on matched places: {:.1} % ({}/{})",
            self.literal_flag.percent(),
            self.literal_flag.correct,
            self.literal_flag.total
        )?;
        write!(
            f,
            "speaker words on matched quotes: {:.1} % ({}/{})",
            self.speaker_words.percent(),
            self.speaker_words.correct,
            self.speaker_words.total
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_edge_cases() {
        let p = Prf {
            tp: 0,
            predicted: 0,
            gold: 0,
        };
        assert_eq!(p.precision(), 100.0);
        assert_eq!(p.recall(), 100.0);
        let p = Prf {
            tp: 1,
            predicted: 2,
            gold: 4,
        };
        assert_eq!(p.precision(), 50.0);
        assert_eq!(p.recall(), 25.0);
        assert!((p.f1() - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn matching_is_one_to_one() {
        let (p, m) = match_count(2, 1, |_, _| true);
        assert_eq!(p.tp, 1);
        assert_eq!(m, vec![Some(0), None]);
        assert!(same_speaker(
            "state prosecutor’s office",
            "State prosecutor's  office"
        ));
    }

    #[test]
    fn reads_expected_lines() {
        let line = r#"{"id":"x","doc_date":"2014-03-14","dates":[],"places":[],"quotes":[]}"#;
        let e = read_expected(&format!("{line}\n\n{line}\n")).unwrap();
        assert_eq!(e.len(), 2);
        assert!(read_expected("{").is_err());
    }
}
