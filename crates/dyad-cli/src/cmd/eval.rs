//! `dyad eval ...`: accuracy on held-apart gold data.

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The evaluations.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tokenization and sentence splitting against a CoNLL-U treebank, scored like the CoNLL 2018
    /// shared task: the raw text is rebuilt from the `# text` lines and segmented by dyad.
    Tokenize(TokenizeArgs),
    /// Tagging, lemmatization and parsing on gold tokenization (CoNLL 2018 scoring: UPOS, XPOS,
    /// lemma, UAS, LAS; punctuation included) and the speed in tokens per second.
    Parse(ParseArgs),
    /// Named entities: exact-span precision, recall and F1 (micro over PER/LOC/ORG, and per
    /// type) on GUM CoNLL-U (`Entity=`) or IOB2 (Universal NER) gold.
    Ner(super::eval_ner::NerArgs),
    /// The PETRARCH peer test suite: each record's text through dyad's tokenizer, parser and
    /// coder with the PETRARCH dictionaries; prints the failures and `N passed, M failed`.
    Petrarch(super::eval_petrarch::PetrarchArgs),
    /// Dates, places and quotes against the hand-made set (`tests/data/when-where-quotes`):
    /// precision, recall and F1 per layer.
    Wwq(super::eval_wwq::WwqArgs),
    /// Coreference of surnames, bare titles and subject pronouns against the hand-made set
    /// (`tests/data/coref`): precision, recall and F1.
    Coref(super::eval_coref::CorefArgs),
    /// Event records end to end against the blind team-written set
    /// (`tests/data/events-blind`): precision, recall and F1 at full and root CAMEO code, and
    /// the GDELT-comparable "event codes right" and "actors right".
    Events(super::eval_events::EventsArgs),
}

/// Arguments of `dyad eval parse`.
#[derive(ClapArgs, Debug)]
pub struct ParseArgs {
    /// Gold CoNLL-U file (for example en_ewt-ud-test.conllu).
    pub gold: PathBuf,
    /// Score only the documents whose id starts with this (e.g. `GUM_news` for GUM's news).
    #[arg(long, value_name = "PREFIX")]
    pub docs: Option<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `dyad eval tokenize`.
#[derive(ClapArgs, Debug)]
pub struct TokenizeArgs {
    /// Gold CoNLL-U file (for example en_ewt-ud-test.conllu).
    pub gold: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `dyad eval ...`.
pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Tokenize(a) => tokenize(a),
        Command::Parse(a) => parse(a),
        Command::Ner(a) => super::eval_ner::run(a),
        Command::Petrarch(a) => super::eval_petrarch::run(a),
        Command::Wwq(a) => super::eval_wwq::run(a),
        Command::Coref(a) => super::eval_coref::run(a),
        Command::Events(a) => super::eval_events::run(a),
    }
}

fn tokenize(args: TokenizeArgs) -> Result<ExitCode> {
    let gold = dyad_text::conllu::read_file(&args.gold)
        .with_context(|| format!("cannot read gold file {}", args.gold.display()))?;
    let scores = dyad_text::eval::score_tokenization(&gold);
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        println!("{}", scores);
    }
    Ok(ExitCode::SUCCESS)
}

fn parse(args: ParseArgs) -> Result<ExitCode> {
    let mut gold = dyad_text::conllu::read_file(&args.gold)
        .with_context(|| format!("cannot read gold file {}", args.gold.display()))?;
    if let Some(prefix) = &args.docs {
        gold = dyad_models::sentences_of_docs(&gold, prefix);
        if gold.is_empty() {
            anyhow::bail!(
                "no document of {} has an id starting with `{prefix}`",
                args.gold.display()
            );
        }
    }
    let models = crate::pipeline::Pipeline::get()?.models();
    let s = dyad_models::eval_parse(models, &gold);
    if args.json {
        println!("{}", serde_json::to_string(&s)?);
    } else {
        println!(
            "{} sentences, {} words ({})",
            s.sentences,
            s.words,
            args.gold.display()
        );
        println!("UPOS     {:6.2}", s.upos);
        println!("XPOS     {:6.2}", s.xpos);
        println!("lemma    {:6.2}", s.lemma);
        println!("UAS      {:6.2}", s.uas);
        println!("LAS      {:6.2}", s.las);
        println!(
            "speed    {:.0} tokens/s (one thread, tagging + lemmas + parsing)",
            s.tokens_per_sec
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a hand-made evaluation set: `DIR/docs.jsonl` (the input documents) and
/// `DIR/expected.jsonl` (one expected record per document, in the same order), checking that
/// they pair up by id.
pub fn read_paired_set<E>(
    dir: &std::path::Path,
    read_expected: impl Fn(&str) -> Result<Vec<E>>,
    id: impl Fn(&E) -> &str,
) -> Result<(Vec<dyad_core::Document>, Vec<E>)> {
    let docs_path = dir.join("docs.jsonl");
    let exp_path = dir.join("expected.jsonl");
    let bytes = std::fs::read(&docs_path)
        .with_context(|| format!("cannot read {}", docs_path.display()))?;
    let exp_text = std::fs::read_to_string(&exp_path)
        .with_context(|| format!("cannot read {}", exp_path.display()))?;
    let expected = read_expected(&exp_text)?;
    let name = docs_path.to_string_lossy();
    let mut docs = Vec::new();
    for r in dyad_text::read_bytes(&bytes, &name, dyad_text::Format::Jsonl, &Default::default()) {
        docs.push(r.map_err(|e| anyhow::anyhow!("{e}"))?);
    }
    if docs.len() != expected.len() {
        anyhow::bail!(
            "{} documents but {} expected records",
            docs.len(),
            expected.len()
        );
    }
    for (d, e) in docs.iter().zip(&expected) {
        if d.id() != id(e) {
            anyhow::bail!("document {} paired with expected record {}", d.id(), id(e));
        }
    }
    Ok((docs, expected))
}
