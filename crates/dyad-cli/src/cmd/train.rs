//! `dyad train ...`: rebuild the shipped model files from the treebanks.

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The trainable models.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The sentence splitter (an averaged perceptron over token-boundary features).
    Splitter(SplitterArgs),
    /// The POS tagger and lemmatizer (writes en_tagger.bin.gz).
    Tagger(ModelArgs),
    /// The dependency parser (reads the tagger in --out, writes en_parser.bin.gz).
    Parser(ModelArgs),
    /// The named-entity recogniser (GUM train + knowledge-base gazetteer; writes en_ner.bin.gz).
    Ner(super::train_ner::NerArgs),
}

/// Arguments of `dyad train tagger` and `dyad train parser`.
#[derive(ClapArgs, Debug)]
pub struct ModelArgs {
    /// The Universal Dependencies folder holding en_ewt/ (and en_gum/), e.g. ../shared/data/ud.
    #[arg(long, value_name = "DIR")]
    pub ud: PathBuf,
    /// Train on EWT only (the shipped models also use GUM train).
    #[arg(long)]
    pub no_gum: bool,
    /// Training passes (default: the shipped models' setting).
    #[arg(long)]
    pub iters: Option<usize>,
    /// Where to write the model (the shipped ones are in data/models).
    #[arg(long, default_value = "data/models")]
    pub out: PathBuf,
}

/// Arguments of `dyad train splitter`.
#[derive(ClapArgs, Debug)]
pub struct SplitterArgs {
    /// Training treebank (CoNLL-U with `# text` lines), e.g. en_ewt-ud-train.conllu.
    pub train: PathBuf,
    /// Where to write the model (the shipped one is crates/dyad-text/data/splitter.bin).
    #[arg(long, default_value = "splitter.bin")]
    pub out: PathBuf,
}

/// Runs `dyad train ...`.
pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Splitter(a) => splitter(a),
        Command::Tagger(a) => tagger(a),
        Command::Parser(a) => parser(a),
        Command::Ner(a) => super::train_ner::run(a),
    }
}

fn splitter(args: SplitterArgs) -> Result<ExitCode> {
    let gold = dyad_text::conllu::read_file(&args.train)
        .with_context(|| format!("cannot read treebank {}", args.train.display()))?;
    eprintln!(
        "dyad: training the sentence splitter on {} sentences",
        gold.len()
    );
    let model = dyad_text::train_splitter(&gold);
    std::fs::write(&args.out, model.to_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!("dyad: wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

fn treebanks(args: &ModelArgs) -> Result<dyad_models::Treebanks> {
    dyad_models::Treebanks::from_ud_dir(&args.ud, !args.no_gum)
        .with_context(|| format!("cannot read the treebanks under {}", args.ud.display()))
}

fn tagger(args: ModelArgs) -> Result<ExitCode> {
    let tb = treebanks(&args)?;
    let mut cfg = dyad_models::TaggerConfig::default();
    if let Some(i) = args.iters {
        cfg.iterations = i;
    }
    let (bytes, meta) = dyad_models::build_tagger(&tb, &cfg, &mut |l| eprintln!("dyad: {l}"))?;
    write_model(&args.out.join(dyad_models::TAGGER_FILE), &bytes, &meta)
}

fn parser(args: ModelArgs) -> Result<ExitCode> {
    let tb = treebanks(&args)?;
    let tagger_path = args.out.join(dyad_models::TAGGER_FILE);
    let tagger_bytes = std::fs::read(&tagger_path).with_context(|| {
        format!("the parser trains on the tagger's output: cannot read {} (run `dyad train tagger` first)", tagger_path.display())
    })?;
    let (_, tagger, _) = dyad_models::tagger_from_bytes(&tagger_bytes)?;
    let mut cfg = dyad_models::ParserConfig::default();
    if let Some(i) = args.iters {
        cfg.iterations = i;
    }
    let (bytes, meta) =
        dyad_models::build_parser(&tb, &tagger, &cfg, &mut |l| eprintln!("dyad: {l}"))?;
    write_model(&args.out.join(dyad_models::PARSER_FILE), &bytes, &meta)
}

/// Writes a trained model file and says what it scored on the dev set.
fn write_model(path: &Path, bytes: &[u8], meta: &dyad_models::ModelMeta) -> Result<ExitCode> {
    dyad_models::write_file(path, bytes)?;
    eprintln!(
        "dyad: dev scores {:?}; wrote {} ({} bytes)",
        meta.scores,
        path.display(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
