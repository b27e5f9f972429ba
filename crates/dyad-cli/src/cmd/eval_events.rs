//! `dyad eval events [DIR] [--json] [--errors]`: end-to-end accuracy of the event records
//! against a blind, team-written gold set (`tests/data/events-blind`, see its README).
//!
//! Every `*.txt` document of the directory goes through the same pipeline as `dyad code`; its
//! records are matched one-to-one with the gold events of `gold.jsonl`. The scores are
//! precision, recall and F1 at the full CAMEO code and at the root code, each with strict actors
//! (full actor codes) and lenient ones (the country part), plus the two figures of the manual
//! checks of GDELT: of the records whose source/target country pair is a gold pair of the same
//! sentence, the share with the right root code ("event codes right") and the share with both
//! full actor codes right ("actors right").

use anyhow::{bail, Context, Result};
use clap::Args as ClapArgs;
use dyad_core::Document;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `dyad eval events`.
#[derive(ClapArgs, Debug)]
pub struct EventsArgs {
    /// Directory holding the documents (`*.txt`) and `gold.jsonl`.
    #[arg(default_value = "tests/data/events-blind")]
    pub dir: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list every missed gold event and every spurious record (full code, exact actors).
    #[arg(long)]
    pub errors: bool,
    /// The records scored are those `dyad code` writes with the same flags.
    #[command(flatten)]
    pub records: super::RecordArgs,
}

/// One line of `gold.jsonl`: an event a human coder finds in a sentence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEvent {
    /// Document id (the file stem).
    pub doc: String,
    /// 0-based sentence index as the annotator split the text; used only when
    /// `sentence_text` is absent, then as dyad's sentence index.
    #[serde(default)]
    pub sentence: Option<u32>,
    /// The sentence exactly as in the text (whitespace may differ); located in the document to
    /// find dyad's sentences at that place, so a different split does not matter.
    #[serde(default)]
    pub sentence_text: Option<String>,
    /// CAMEO actor code of the source.
    pub source: String,
    /// CAMEO actor code of the target, `null` when the event has none.
    pub target: Option<String>,
    /// Full CAMEO event code.
    pub cameo: String,
    /// The sentence says the event did not happen.
    #[serde(default)]
    pub negated: bool,
    /// A careful coder may or may not code it: matching it neither helps nor hurts.
    #[serde(default)]
    pub optional: bool,
}

/// A gold event placed in a coded document.
#[derive(Debug, Clone)]
struct Gold {
    ev: GoldEvent,
    /// dyad's sentences that overlap the gold sentence.
    sentences: Vec<u32>,
    /// The gold sentence's text, for error listings.
    text: String,
}

/// The parts of a record the scoring reads.
#[derive(Debug, Clone)]
struct Pred {
    doc: String,
    sentence: u32,
    source: String,
    target: Option<String>,
    cameo: String,
    negated: bool,
    evidence: String,
    rule: String,
}

/// How actor codes are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actors {
    /// The full actor code.
    Exact,
    /// The country part ([`country_key`]).
    Country,
}

/// How event codes are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    /// The full CAMEO code.
    Full,
    /// The first two digits.
    Root,
}

/// Precision, recall and F1 (percentages) with their counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Prf {
    /// Records matched to a required gold event.
    pub tp: usize,
    /// Records matched to no gold event.
    pub fp: usize,
    /// Required gold events matched by no record.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Records matched to an optional gold event (left out of the scores).
    pub optional_matched: usize,
    /// tp / (tp + fp), in percent.
    pub precision: f64,
    /// tp / (tp + fn), in percent.
    pub recall: f64,
    /// Harmonic mean of precision and recall, in percent.
    pub f1: f64,
}

/// Strict and lenient actor matching at one code level.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Levels {
    /// Full actor codes must be equal.
    pub exact_actors: Prf,
    /// Only the country parts must be equal.
    pub country_actors: Prf,
}

/// The figures of GDELT's manual accuracy checks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Gdelt {
    /// dyad's records that are not negated.
    pub records: usize,
    /// Those whose (document, sentence, source country, target country) is the pair of a
    /// gold event that is not negated.
    pub paired: usize,
    /// Paired records with the root code of such a gold event.
    pub codes_right_count: usize,
    /// Paired records with both full actor codes of such a gold event.
    pub actors_right_count: usize,
    /// codes_right_count / paired, in percent ("event codes right").
    pub event_codes_right: f64,
    /// actors_right_count / paired, in percent ("actors right").
    pub actors_right: f64,
}

/// A missed gold event or a spurious record (full code, exact actors).
#[derive(Debug, Clone, Serialize)]
pub struct ErrorItem {
    /// `missed` or `spurious`.
    pub kind: &'static str,
    /// Document id.
    pub doc: String,
    /// For a miss the annotator's sentence index (when given), for a record dyad's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<u32>,
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Negated.
    pub negated: bool,
    /// For a miss the gold sentence, for a record its evidence.
    pub text: String,
    /// For a record, the rule that fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// For a miss, dyad's records in the same sentence (`SOURCE>TARGET CODE`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dyad_here: Vec<String>,
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Documents coded.
    pub documents: usize,
    /// Sentences, as dyad split them.
    pub sentences: usize,
    /// Required gold events.
    pub gold_events: usize,
    /// Required gold events that are negated.
    pub gold_negated: usize,
    /// Optional gold events.
    pub gold_optional: usize,
    /// Records dyad wrote.
    pub records: usize,
    /// Of those, negated.
    pub records_negated: usize,
    /// Only records with a coded target were scored (`--dyadic`).
    pub dyadic: bool,
    /// Scores at the full CAMEO code.
    pub full_code: Levels,
    /// Scores at the root code.
    pub root_code: Levels,
    /// GDELT-comparable figures.
    pub gdelt: Gdelt,
    /// Misses and spurious records, with `--errors`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorItem>,
}

/// Runs the evaluation.
pub fn run(args: EventsArgs) -> Result<ExitCode> {
    let mut docs = read_documents(&args.dir)?;
    let gold_path = args.dir.join("gold.jsonl");
    let gold_text = std::fs::read_to_string(&gold_path)
        .with_context(|| format!("cannot read {}", gold_path.display()))?;
    let gold = read_gold(&gold_text).with_context(|| format!("in {}", gold_path.display()))?;
    let pipeline = crate::pipeline::Pipeline::get()?;
    let options = args.records.options();
    for d in &mut docs {
        pipeline.process_with(d, options);
    }
    let placed = place_gold(&docs, gold).with_context(|| format!("in {}", gold_path.display()))?;
    let preds: Vec<Pred> = docs
        .iter()
        .flat_map(|d| {
            d.events.iter().map(|e| Pred {
                doc: e.doc_id.clone(),
                sentence: e.sentence,
                source: e.source.code.clone(),
                target: e.target.as_ref().map(|t| t.code.clone()),
                cameo: e.cameo.clone(),
                negated: e.negated,
                evidence: e.evidence.text.clone(),
                rule: e.rule.clone(),
            })
        })
        .collect();
    let mut report = evaluate(&preds, &placed, args.errors);
    report.documents = docs.len();
    report.dyadic = args.records.dyadic;
    report.sentences = docs.iter().map(|d| d.sentences.len()).sum();
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        if args.errors {
            for e in &report.errors {
                println!("{e}");
            }
            println!();
        }
        print!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads every `*.txt` document of `dir`, in name order, with the reader of `dyad code` (the
/// directory itself is not walked: it also holds `gold.jsonl` and a README).
fn read_documents(dir: &Path) -> Result<Vec<Document>> {
    let mut paths: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    paths.sort();
    let docs = dyad_text::read_inputs(&paths, &Default::default())
        .map(|r| r.map_err(|e| anyhow::anyhow!("{e}")))
        .collect::<Result<Vec<_>>>()?;
    if docs.is_empty() {
        bail!("no *.txt document in {}", dir.display());
    }
    Ok(docs)
}

/// Parses `gold.jsonl` (blank lines skipped).
fn read_gold(text: &str) -> Result<Vec<GoldEvent>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldEvent = serde_json::from_str(line).with_context(|| format!("line {}", i + 1))?;
        if g.cameo.len() < 2 || !g.cameo.bytes().all(|b| b.is_ascii_digit()) {
            bail!("line {}: `{}` is not a CAMEO code", i + 1, g.cameo);
        }
        out.push(g);
    }
    Ok(out)
}

/// Finds each gold event's sentence in its coded document: dyad's sentences that overlap it.
fn place_gold(docs: &[Document], gold: Vec<GoldEvent>) -> Result<Vec<Gold>> {
    let mut out = Vec::with_capacity(gold.len());
    for (i, ev) in gold.into_iter().enumerate() {
        let Some(doc) = docs.iter().find(|d| d.id() == ev.doc) else {
            bail!("gold event {}: no document `{}`", i + 1, ev.doc);
        };
        let (sentences, text) = match (&ev.sentence_text, ev.sentence) {
            (Some(t), _) => {
                let Some((start, end)) = find_normalised(doc.text(), t) else {
                    bail!(
                        "gold event {}: sentence not found in `{}`: {t}",
                        i + 1,
                        ev.doc
                    );
                };
                let s = doc
                    .sentences
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| (s.span.start as usize) < end && start < s.span.end as usize)
                    .map(|(k, _)| k as u32)
                    .collect();
                (s, t.clone())
            }
            (None, Some(n)) => {
                let text = doc
                    .sentences
                    .get(n as usize)
                    .and_then(|s| doc.text().get(s.span.start as usize..s.span.end as usize))
                    .unwrap_or_default()
                    .to_string();
                (vec![n], text)
            }
            (None, None) => bail!(
                "gold event {}: neither `sentence_text` nor `sentence`",
                i + 1
            ),
        };
        out.push(Gold {
            ev,
            sentences,
            text,
        });
    }
    Ok(out)
}

/// Byte range of `needle` in `hay`, comparing with every run of whitespace as one space.
fn find_normalised(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let (norm, map) = normalise(hay);
    let (n, _) = normalise(needle.trim());
    if n.is_empty() {
        return None;
    }
    let pos = norm.find(&n)?;
    let start = *map.get(pos)?;
    let end = *map.get(pos + n.len() - 1)? + 1;
    Some((start, end))
}

/// `s` with whitespace runs collapsed to one space, and for each byte of the result the
/// offset of the byte of `s` it comes from.
fn normalise(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut in_space = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                map.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        out.push(c);
        map.extend(i..i + c.len_utf8());
    }
    (out, map)
}

/// The part of an actor code the lenient match compares: the country (or region) code; an
/// international code (`IGOUNO`, `NGOHRIAMN`) whole, since it names no country; empty for a
/// bare role (`COP`), which has no country.
fn country_key(code: &str) -> String {
    let (country, roles) = dyad_core::split_actor_code(code);
    match country {
        Some(c) => c,
        None if roles.first().is_some_and(|r| {
            matches!(r.as_str(), "IGO" | "NGO" | "IMG" | "MNC" | "NGM" | "UIS")
        }) =>
        {
            code.to_string()
        }
        None => String::new(),
    }
}

fn actor_eq(a: &str, b: &str, how: Actors) -> bool {
    match how {
        Actors::Exact => a == b,
        Actors::Country => country_key(a) == country_key(b),
    }
}

/// Same source and same target (or both without one).
fn same_actors(p: &Pred, g: &Gold, how: Actors) -> bool {
    actor_eq(&p.source, &g.ev.source, how)
        && match (p.target.as_deref(), g.ev.target.as_deref()) {
            (None, None) => true,
            (Some(a), Some(b)) => actor_eq(a, b, how),
            _ => false,
        }
}

/// The record comes from one of dyad's sentences at the gold event's place.
fn same_sentence(p: &Pred, g: &Gold) -> bool {
    p.doc == g.ev.doc && g.sentences.contains(&p.sentence)
}

fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

fn code_eq(a: &str, b: &str, how: Code) -> bool {
    match how {
        Code::Full => a == b,
        Code::Root => root(a) == root(b),
    }
}

fn matches(p: &Pred, g: &Gold, actors: Actors, code: Code) -> bool {
    same_sentence(p, g)
        && p.negated == g.ev.negated
        && code_eq(&p.cameo, &g.ev.cameo, code)
        && same_actors(p, g, actors)
}

/// What a record was matched to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Required,
    Optional,
    Nothing,
}

/// One-to-one matching: records to required gold events first, the rest to optional ones.
/// Returns each record's match and whether each gold event was matched.
fn assign(preds: &[Pred], gold: &[Gold], actors: Actors, code: Code) -> (Vec<Match>, Vec<bool>) {
    let mut used = vec![false; gold.len()];
    let mut out = vec![Match::Nothing; preds.len()];
    for (want_optional, kind) in [(false, Match::Required), (true, Match::Optional)] {
        for (pi, p) in preds.iter().enumerate() {
            if out[pi] != Match::Nothing {
                continue;
            }
            let hit = gold.iter().enumerate().position(|(gi, g)| {
                !used[gi] && g.ev.optional == want_optional && matches(p, g, actors, code)
            });
            if let Some(gi) = hit {
                used[gi] = true;
                out[pi] = kind;
            }
        }
    }
    (out, used)
}

/// The required gold events left unmatched by [`assign`] (`used` is its second result).
fn missed<'a>(gold: &'a [Gold], used: &'a [bool]) -> impl Iterator<Item = &'a Gold> {
    gold.iter()
        .zip(used)
        .filter(|(g, &u)| !g.ev.optional && !u)
        .map(|(g, _)| g)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn prf(preds: &[Pred], gold: &[Gold], actors: Actors, code: Code) -> Prf {
    let (m, used) = assign(preds, gold, actors, code);
    let tp = m.iter().filter(|&&x| x == Match::Required).count();
    let optional_matched = m.iter().filter(|&&x| x == Match::Optional).count();
    let fp = m.iter().filter(|&&x| x == Match::Nothing).count();
    let fn_ = missed(gold, &used).count();
    let precision = pct(tp, tp + fp);
    let recall = pct(tp, tp + fn_);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Prf {
        tp,
        fp,
        fn_,
        optional_matched,
        precision,
        recall,
        f1,
    }
}

/// The GDELT-style figures over the records that are not negated.
fn gdelt(preds: &[Pred], gold: &[Gold]) -> Gdelt {
    let mut g = Gdelt::default();
    for p in preds.iter().filter(|p| !p.negated) {
        g.records += 1;
        let pair: Vec<&Gold> = gold
            .iter()
            .filter(|x| !x.ev.negated && same_sentence(p, x) && same_actors(p, x, Actors::Country))
            .collect();
        if pair.is_empty() {
            continue;
        }
        g.paired += 1;
        if pair
            .iter()
            .any(|x| code_eq(&p.cameo, &x.ev.cameo, Code::Root))
        {
            g.codes_right_count += 1;
        }
        if pair.iter().any(|x| same_actors(p, x, Actors::Exact)) {
            g.actors_right_count += 1;
        }
    }
    g.event_codes_right = pct(g.codes_right_count, g.paired);
    g.actors_right = pct(g.actors_right_count, g.paired);
    g
}

/// `SOURCE>TARGET CODE`, `-` for no target, ` (negated)` when negated.
fn short(source: &str, target: Option<&str>, cameo: &str, negated: bool) -> String {
    format!(
        "{source}>{} {cameo}{}",
        target.unwrap_or("-"),
        if negated { " (negated)" } else { "" }
    )
}

/// Scores the records against the placed gold events.
fn evaluate(preds: &[Pred], gold: &[Gold], with_errors: bool) -> Report {
    let mut r = Report {
        gold_events: gold.iter().filter(|g| !g.ev.optional).count(),
        gold_negated: gold
            .iter()
            .filter(|g| !g.ev.optional && g.ev.negated)
            .count(),
        gold_optional: gold.iter().filter(|g| g.ev.optional).count(),
        records: preds.len(),
        records_negated: preds.iter().filter(|p| p.negated).count(),
        ..Report::default()
    };
    for (code, levels) in [
        (Code::Full, &mut r.full_code),
        (Code::Root, &mut r.root_code),
    ] {
        levels.exact_actors = prf(preds, gold, Actors::Exact, code);
        levels.country_actors = prf(preds, gold, Actors::Country, code);
    }
    r.gdelt = gdelt(preds, gold);
    if with_errors {
        let (m, used) = assign(preds, gold, Actors::Exact, Code::Full);
        for g in missed(gold, &used) {
            let dyad_here = preds
                .iter()
                .filter(|p| same_sentence(p, g))
                .map(|p| short(&p.source, p.target.as_deref(), &p.cameo, p.negated))
                .collect();
            r.errors.push(ErrorItem {
                kind: "missed",
                doc: g.ev.doc.clone(),
                sentence: g.ev.sentence,
                source: g.ev.source.clone(),
                target: g.ev.target.clone(),
                cameo: g.ev.cameo.clone(),
                negated: g.ev.negated,
                text: g.text.clone(),
                rule: None,
                dyad_here,
            });
        }
        for (p, _) in preds.iter().zip(&m).filter(|(_, &x)| x == Match::Nothing) {
            r.errors.push(ErrorItem {
                kind: "spurious",
                doc: p.doc.clone(),
                sentence: Some(p.sentence),
                source: p.source.clone(),
                target: p.target.clone(),
                cameo: p.cameo.clone(),
                negated: p.negated,
                text: p.evidence.clone(),
                rule: Some(p.rule.clone()),
                dyad_here: Vec::new(),
            });
        }
    }
    r
}

impl fmt::Display for ErrorItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = self.sentence.map(|s| format!(" s{s}")).unwrap_or_default();
        let what = short(
            &self.source,
            self.target.as_deref(),
            &self.cameo,
            self.negated,
        );
        write!(f, "{:8} {}{sentence}  {what}", self.kind, self.doc)?;
        if let Some(rule) = &self.rule {
            write!(f, "  [{rule}]")?;
        }
        write!(f, "\n         | {}", self.text)?;
        if !self.dyad_here.is_empty() {
            write!(f, "\n         | dyad here: {}", self.dyad_here.join("; "))?;
        }
        Ok(())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "events: {} documents, {} sentences; gold {} events ({} negated) + {} optional; \
             dyad {} records ({} negated){}",
            self.documents,
            self.sentences,
            self.gold_events,
            self.gold_negated,
            self.gold_optional,
            self.records,
            self.records_negated,
            if self.dyadic {
                ", only those with a target (--dyadic)"
            } else {
                ""
            }
        )?;
        writeln!(
            f,
            "                               precision  recall      F1     tp   fp   fn  opt"
        )?;
        for (name, p) in [
            ("full code, exact actors", &self.full_code.exact_actors),
            ("full code, country actors", &self.full_code.country_actors),
            ("root code, exact actors", &self.root_code.exact_actors),
            ("root code, country actors", &self.root_code.country_actors),
        ] {
            writeln!(
                f,
                "  {name:28} {:9.1} {:7.1} {:7.1} {:6} {:4} {:4} {:4}",
                p.precision, p.recall, p.f1, p.tp, p.fp, p.fn_, p.optional_matched
            )?;
        }
        let g = &self.gdelt;
        writeln!(
            f,
            "GDELT-comparable, over the {} of {} records (not negated) whose source/target \
             country pair is a gold pair of the sentence:",
            g.paired, g.records
        )?;
        writeln!(
            f,
            "  event codes right (root code)   {:5.1} %  ({} of {})",
            g.event_codes_right, g.codes_right_count, g.paired
        )?;
        writeln!(
            f,
            "  actors right (full codes)       {:5.1} %  ({} of {})",
            g.actors_right, g.actors_right_count, g.paired
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(source: &str, target: Option<&str>, cameo: &str, optional: bool) -> Gold {
        Gold {
            ev: GoldEvent {
                doc: "d".into(),
                sentence: Some(0),
                sentence_text: None,
                source: source.into(),
                target: target.map(Into::into),
                cameo: cameo.into(),
                negated: false,
                optional,
            },
            sentences: vec![0],
            text: String::new(),
        }
    }

    fn pred(source: &str, target: Option<&str>, cameo: &str) -> Pred {
        Pred {
            doc: "d".into(),
            sentence: 0,
            source: source.into(),
            target: target.map(Into::into),
            cameo: cameo.into(),
            negated: false,
            evidence: String::new(),
            rule: String::new(),
        }
    }

    #[test]
    fn finds_a_sentence_across_different_whitespace() {
        let text = "Héllo there.  A long\nsentence here. End.";
        let (s, e) = find_normalised(text, "A long sentence here.").unwrap();
        assert_eq!(&text[s..e], "A long\nsentence here.");
        assert!(find_normalised(text, "missing").is_none());
    }

    #[test]
    fn country_keys_keep_organisations_whole_and_drop_bare_roles() {
        assert_eq!(country_key("RUSMIL"), "RUS");
        assert_eq!(country_key("IGOUNOWFP"), "IGOUNOWFP");
        assert_eq!(country_key("COP"), "");
    }

    #[test]
    fn optional_matches_are_neither_hits_nor_false_alarms() {
        let g = vec![
            gold("JPNGOV", Some("KORGOV"), "046", false),
            gold("KORGOV", Some("JPNGOV"), "046", true),
            gold("USA", Some("IRN"), "163", false),
        ];
        let p = vec![
            pred("KORGOV", Some("JPNGOV"), "046"),
            pred("JPN", Some("KORGOV"), "040"),
            pred("CHN", None, "010"),
        ];
        let exact = prf(&p, &g, Actors::Exact, Code::Full);
        assert_eq!((exact.tp, exact.fp, exact.fn_), (0, 2, 2));
        assert_eq!(exact.optional_matched, 1);
        let lenient_root = prf(&p, &g, Actors::Country, Code::Root);
        assert_eq!(
            (lenient_root.tp, lenient_root.fp, lenient_root.fn_),
            (1, 1, 1)
        );
        let gd = gdelt(&p, &g);
        // KORGOV>JPNGOV and JPN>KORGOV pair with gold; both have the root, one the actors.
        assert_eq!((gd.records, gd.paired), (3, 2));
        assert_eq!((gd.codes_right_count, gd.actors_right_count), (2, 1));
    }
}
