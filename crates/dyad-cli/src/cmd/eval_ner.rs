//! `dyad eval ner`: exact-span precision, recall and F1 of the named-entity recogniser.

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, ValueEnum};
use dyad_models::ner::{GoldFormat, Ner, NerScores};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Gold formats on the command line.
#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum FormatArg {
    /// CoNLL-U with GUM's `Entity=` annotation.
    Gum,
    /// IOB2 tags (Universal NER).
    Iob2,
}

/// Arguments of `dyad eval ner`.
#[derive(ClapArgs, Debug)]
pub struct NerArgs {
    /// Gold file: GUM CoNLL-U (en_gum-ud-test.conllu) or IOB2 (en_ewt-ud-test.iob2).
    pub gold: PathBuf,
    /// The gold file's format (default: from the extension, else from the content).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Recogniser model file (default: the shipped one).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Also time recognition against tagging + parsing on the same sentences (RUNS runs each,
    /// medians reported).
    #[arg(long, value_name = "RUNS")]
    pub speed: Option<usize>,
    /// Annotation conventions to predict with: 0 = GUM's (titles are part of names), 1 = those of
    /// the extra training data (Universal NER); default 0 for GUM gold, 1 for IOB2 gold.
    #[arg(long, value_name = "N")]
    pub domain: Option<u8>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list every missed and every wrong entity (to standard error).
    #[arg(long)]
    pub errors: bool,
}

/// Runs `dyad eval ner`.
pub fn run(args: NerArgs) -> Result<ExitCode> {
    let mut ner = match &args.model {
        Some(p) => Ner::load_file(p),
        None => Ner::load_default(),
    }
    .context("cannot load the named-entity recogniser")?;
    let format = args.format.map(|f| match f {
        FormatArg::Gum => GoldFormat::Gum,
        FormatArg::Iob2 => GoldFormat::Iob2,
    });
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read gold file {}", args.gold.display()))?;
    let format = format.unwrap_or_else(|| GoldFormat::detect(&args.gold, &text));
    drop(text);
    let mut gold = dyad_models::ner::read_gold(&args.gold, Some(format))
        .with_context(|| format!("cannot read gold file {}", args.gold.display()))?;
    ner.set_domain(
        args.domain
            .unwrap_or(if format == GoldFormat::Iob2 { 1 } else { 0 }),
    );
    if format == GoldFormat::Gum {
        // GUM types nationality groups as persons; the recogniser calls them NORP.
        ner.gazetteer().relabel_norp(&mut gold);
    }
    let models = crate::pipeline::Pipeline::get()?.models();
    dyad_models::ner::tag_sentences(models, &mut gold);
    let scores = dyad_models::ner::evaluate(&ner, &gold);
    if args.errors {
        print_errors(&ner, &gold);
    }
    let speed = args
        .speed
        .map(|runs| time_against_parsing(&ner, models, &gold, runs.max(1)));
    if args.json {
        let mut v = serde_json::to_value(&scores)?;
        if let (Some(s), Some(o)) = (speed, v.as_object_mut()) {
            o.insert("speed".into(), serde_json::to_value(s)?);
        }
        println!("{v}");
    } else {
        print_table(&args, &scores, speed);
    }
    Ok(ExitCode::SUCCESS)
}

/// Median seconds per word of recognition and of tagging + parsing, and their ratio.
#[derive(Debug, Clone, Copy, serde::Serialize)]
struct Speed {
    ner_words_per_sec: f64,
    parse_words_per_sec: f64,
    ner_over_parse: f64,
    runs: usize,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn time_against_parsing(
    ner: &Ner,
    models: &dyad_models::Models,
    gold: &[dyad_models::ner::NerSentence],
    runs: usize,
) -> Speed {
    let words: usize = gold.iter().map(|s| s.words.len()).sum();
    let (mut t_ner, mut t_parse) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        for s in gold {
            let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
            std::hint::black_box(models.analyze(&w));
        }
        t_parse.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(dyad_models::ner::predict(ner, gold));
        t_ner.push(t.elapsed().as_secs_f64());
    }
    let (n, p) = (median(t_ner), median(t_parse));
    Speed {
        ner_words_per_sec: if n > 0.0 { words as f64 / n } else { 0.0 },
        parse_words_per_sec: if p > 0.0 { words as f64 / p } else { 0.0 },
        ner_over_parse: if p > 0.0 { n / p } else { 0.0 },
        runs,
    }
}

fn print_table(args: &NerArgs, s: &NerScores, speed: Option<Speed>) {
    println!(
        "{} sentences, {} words ({})",
        s.sentences,
        s.words,
        args.gold.display()
    );
    println!("exact-span scores, micro over PER/LOC/ORG:");
    println!(
        "  precision {:6.2}  recall {:6.2}  F1 {:6.2}",
        s.precision, s.recall, s.f1
    );
    println!("  F1 with NORP counted as PER: {:6.2}", s.f1_norp_as_per);
    println!("type      P       R       F1    gold  pred");
    for (l, t) in &s.per_type {
        println!(
            "{l:<5} {:7.2} {:7.2} {:7.2} {:6} {:5}",
            t.precision, t.recall, t.f1, t.gold, t.predicted
        );
    }
    println!(
        "speed {:.0} words/s (one thread, recognition only)",
        s.words_per_sec
    );
    if let Some(sp) = speed {
        println!(
            "speed, medians of {} runs: recognition {:.0} words/s, tagging + parsing {:.0} words/s; recognition adds {:.1} %",
            sp.runs,
            sp.ner_words_per_sec,
            sp.parse_words_per_sec,
            100.0 * sp.ner_over_parse
        );
    }
}

/// Lists, per sentence, the gold entities not found (`-`) and the predicted ones not in the gold
/// (`+`).
fn print_errors(ner: &Ner, gold: &[dyad_models::ner::NerSentence]) {
    let preds = dyad_models::ner::predict(ner, gold);
    for (s, pred) in gold.iter().zip(preds) {
        let w = &s.words;
        let text = |sp: &dyad_models::ner::NerSpan| w[sp.start..sp.end].join(" ");
        let missed: Vec<_> = s.spans.iter().filter(|g| !pred.contains(g)).collect();
        let wrong: Vec<_> = pred.iter().filter(|p| !s.spans.contains(p)).collect();
        if missed.is_empty() && wrong.is_empty() {
            continue;
        }
        eprintln!("# {}: {}", s.id.as_deref().unwrap_or("?"), w.join(" "));
        for g in missed {
            eprintln!("  - {} {}", g.label, text(g));
        }
        for p in wrong {
            eprintln!("  + {} {}", p.label, text(p));
        }
    }
}
