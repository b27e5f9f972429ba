//! The recipes behind the shipped models: which treebanks, which settings, which scores go into
//! each file's metadata. `dyad train tagger|parser` and the `train` example call these.

use crate::{
    parser, parser_to_bytes, sentences_of_docs, tagger, tagger_to_bytes, train_parser,
    train_tagger, ModelMeta, ParserConfig, Result, Tagger, TaggerConfig,
};
use dyad_text::conllu::ConlluSentence;
use std::path::Path;

/// The treebanks a model is trained, tuned and scored on.
#[derive(Debug, Clone, Default)]
pub struct Treebanks {
    /// Training sentences (EWT train, then GUM train when used).
    pub train: Vec<ConlluSentence>,
    /// Tuning sentences (EWT dev).
    pub dev: Vec<ConlluSentence>,
    /// Test sentences (EWT test).
    pub test: Vec<ConlluSentence>,
    /// The news documents of GUM test (empty without GUM).
    pub gum_news_test: Vec<ConlluSentence>,
    /// What `train` is made of, for the metadata.
    pub sources: Vec<String>,
}

impl Treebanks {
    /// Reads a Universal Dependencies directory laid out as `en_ewt/en_ewt-ud-{train,dev,test}.conllu`
    /// and, when `with_gum`, `en_gum/en_gum-ud-{train,test}.conllu`.
    pub fn from_ud_dir(dir: &Path, with_gum: bool) -> Result<Treebanks> {
        let ewt = |s: &str| crate::read_treebank(&dir.join(format!("en_ewt/en_ewt-ud-{s}.conllu")));
        let gum = |s: &str| crate::read_treebank(&dir.join(format!("en_gum/en_gum-ud-{s}.conllu")));
        let mut tb = Treebanks {
            train: ewt("train")?,
            dev: ewt("dev")?,
            test: ewt("test")?,
            ..Default::default()
        };
        tb.sources.push(format!(
            "UD_English-EWT train ({} sentences)",
            tb.train.len()
        ));
        if with_gum {
            let g = gum("train")?;
            tb.sources
                .push(format!("UD_English-GUM train ({} sentences)", g.len()));
            tb.train.extend(g);
            tb.gum_news_test = sentences_of_docs(&gum("test")?, "GUM_news");
        }
        Ok(tb)
    }
}

/// Trains the tagger and lemmatizer, scores them on dev and test, and returns the model file's
/// bytes with its metadata.
pub fn build_tagger(
    tb: &Treebanks,
    cfg: &TaggerConfig,
    progress: &mut dyn FnMut(&str),
) -> Result<(Vec<u8>, ModelMeta)> {
    let (t, l, rep) = train_tagger(&tb.train, &tb.dev, cfg, progress);
    let mut meta = ModelMeta::new(
        "tagger",
        tb.sources.clone(),
        serde_json::to_value(cfg).unwrap_or_default(),
    );
    meta.scores = rep.scores;
    if !tb.test.is_empty() {
        let ts = tagger::eval_tagger(&t, &tb.test);
        meta.scores.insert("test_upos".into(), ts.upos);
        meta.scores.insert("test_xpos".into(), ts.xpos);
    }
    meta.scores
        .insert("train_seconds".into(), rep.seconds.round());
    Ok((tagger_to_bytes(&meta, &t, &l)?, meta))
}

/// Trains the parser (dev and test scored with `tagger`'s tags) and returns the model file's
/// bytes with its metadata.
pub fn build_parser(
    tb: &Treebanks,
    tagger: &Tagger,
    cfg: &ParserConfig,
    progress: &mut dyn FnMut(&str),
) -> Result<(Vec<u8>, ModelMeta)> {
    let (p, rep) = train_parser(&tb.train, &tb.dev, cfg, Some(tagger), progress);
    let mut meta = ModelMeta::new(
        "parser",
        tb.sources.clone(),
        serde_json::to_value(cfg).unwrap_or_default(),
    );
    meta.scores = rep.scores;
    for (name, set) in [("test", &tb.test), ("gum_news_test", &tb.gum_news_test)] {
        if !set.is_empty() {
            let (uas, las) = parser::eval_parser(&p, Some(tagger), set);
            meta.scores.insert(format!("{name}_uas"), uas);
            meta.scores.insert(format!("{name}_las"), las);
        }
    }
    meta.scores
        .insert("train_seconds".into(), rep.seconds.round());
    Ok((parser_to_bytes(&meta, &p)?, meta))
}
