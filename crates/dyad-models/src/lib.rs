//! dyad's trained models for English: a part-of-speech tagger (UPOS and Penn Treebank XPOS), a
//! lemmatizer and a labelled dependency parser (Universal Dependencies relations).
//!
//! [`Models`] bundles the three; [`Models::load_default`] loads the shipped files (built into the
//! library from `data/models/`), [`Models::annotate`] adds a [`dyad_core::Syntax`] layer to a
//! tokenized, sentence-split [`Document`]. [`train_tagger`] and [`train_parser`] rebuild the
//! models from treebanks, [`eval_parse`] scores them on a gold CoNLL-U file and [`conllu_of`]
//! writes an annotated document as CoNLL-U.
//!
//! ```no_run
//! use dyad_core::{Document, Metadata, Sentence, Span, Token};
//! let models = dyad_models::Models::load_default()?;
//! let mut doc = Document::new(Metadata::with_id("d"), "Kerry met Lavrov.");
//! doc.tokens = vec![Token::new(Span::new(0, 5)), Token::new(Span::new(6, 9)),
//!                   Token::new(Span::new(10, 16)), Token::new(Span::new(16, 17))];
//! doc.sentences = vec![Sentence { span: Span::new(0, 17), tokens: 0..4 }];
//! models.annotate(&mut doc);
//! let syn = doc.syntax.as_ref().unwrap();
//! assert_eq!(syn.deprel[0], "nsubj");
//! # Ok::<(), dyad_models::Error>(())
//! ```
#![warn(missing_docs)]

mod bin_io;
mod hash;
pub mod lemma;
pub mod ner;
pub mod parser;
mod perceptron;
pub mod recipe;
pub mod tagger;

use bin_io::{Reader, Writer};
use dyad_core::{Document, Syntax};
use dyad_text::conllu::ConlluSentence;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use lemma::Lemmatizer;
pub use parser::{PTok, Parser, ParserConfig};
pub use recipe::{build_parser, build_tagger, Treebanks};
pub use tagger::{TagScores, Tagger, TaggerConfig};

/// Errors of the models crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Model data is corrupt, truncated or of another format version.
    #[error("invalid model: {0}")]
    InvalidModel(String),
    /// A treebank could not be read.
    #[error(transparent)]
    Conllu(#[from] dyad_text::conllu::ConlluError),
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Format version of the model files.
pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"DYADMDL\x01";
/// File name of the tagger and lemmatizer model in `data/models/`.
pub const TAGGER_FILE: &str = "en_tagger.bin.gz";
/// File name of the parser model in `data/models/`.
pub const PARSER_FILE: &str = "en_parser.bin.gz";

/// Provenance and settings of a model, stored in its file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    /// `tagger` (with the lemmatizer) or `parser`.
    pub kind: String,
    /// Model file format version.
    pub format: u32,
    /// Version of dyad that trained the model.
    pub dyad_version: String,
    /// Training data: files and sentence counts.
    pub data: Vec<String>,
    /// Licence of the model (that of its training data).
    pub licence: String,
    /// Training date, `YYYY-MM-DD` (UTC).
    pub created: String,
    /// Training settings.
    pub settings: serde_json::Value,
    /// Scores measured after training (`dev_upos`, `test_las`, ...).
    pub scores: BTreeMap<String, f64>,
}

impl ModelMeta {
    /// Metadata for a model of `kind` trained now on `data` with `settings`.
    pub fn new(kind: &str, data: Vec<String>, settings: serde_json::Value) -> Self {
        ModelMeta {
            kind: kind.to_string(),
            format: FORMAT_VERSION,
            dyad_version: env!("CARGO_PKG_VERSION").to_string(),
            data,
            licence: "CC BY-SA 4.0 (derived from UD English EWT, CC BY-SA 4.0, and UD English GUM, CC BY 4.0)".into(),
            created: today(),
            settings,
            scores: BTreeMap::new(),
        }
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil-from-days (H. Hinnant), to avoid a date dependency for one line of metadata.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    format!("{y:04}-{m:02}-{d:02}")
}

/// A small deterministic random generator (xorshift64*) for shuffling and exploration.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(hash::mix(seed.wrapping_add(1)) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

fn encode(kind: &str, meta: &ModelMeta, body: impl FnOnce(&mut Writer)) -> Result<Vec<u8>> {
    let mut w = Writer::default();
    w.buf.extend_from_slice(MAGIC);
    w.str(kind);
    let json = serde_json::to_string(meta).map_err(|e| Error::InvalidModel(e.to_string()))?;
    w.str(&json);
    body(&mut w);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let io = |e| Error::Io {
        path: PathBuf::from("<memory>"),
        source: e,
    };
    gz.write_all(&w.buf).map_err(io)?;
    gz.finish().map_err(io)
}

fn decode(bytes: &[u8], kind: &str) -> Result<(Vec<u8>, ModelMeta, usize)> {
    // The gzip trailer's last four bytes give the size of the data (mod 2^32): reserving it
    // at once spares the doublings and copies of a growing buffer (which raised the peak
    // memory of loading by the size of the largest model). Capped, as the trailer is input.
    let size = bytes
        .last_chunk::<4>()
        .map_or(0, |t| u32::from_le_bytes(*t) as usize)
        .min(bytes.len().saturating_mul(64))
        .min(1 << 30);
    let mut raw = Vec::with_capacity(size);
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut raw)
        .map_err(|e| Error::InvalidModel(format!("not a gzip stream: {e}")))?;
    if raw.len() < MAGIC.len() || &raw[..MAGIC.len()] != MAGIC {
        return Err(Error::InvalidModel("not a dyad model file".into()));
    }
    let mut r = Reader::new(&raw[MAGIC.len()..]);
    let k = r.str()?;
    if k != kind {
        return Err(Error::InvalidModel(format!(
            "expected a {kind} model, found {k}"
        )));
    }
    let meta: ModelMeta =
        serde_json::from_str(&r.str()?).map_err(|e| Error::InvalidModel(e.to_string()))?;
    if meta.format != FORMAT_VERSION {
        return Err(Error::InvalidModel(format!(
            "model format {} (this dyad reads {FORMAT_VERSION})",
            meta.format
        )));
    }
    let consumed = raw.len() - MAGIC.len() - r.remaining();
    Ok((raw, meta, MAGIC.len() + consumed))
}

/// The tagger and lemmatizer as a compressed model file.
pub fn tagger_to_bytes(meta: &ModelMeta, tagger: &Tagger, lem: &Lemmatizer) -> Result<Vec<u8>> {
    encode("tagger", meta, |w| {
        tagger.write(w);
        lem.write(w);
    })
}

/// Reads a tagger model file's bytes.
pub fn tagger_from_bytes(bytes: &[u8]) -> Result<(ModelMeta, Tagger, Lemmatizer)> {
    let (raw, meta, at) = decode(bytes, "tagger")?;
    let mut r = Reader::new(&raw[at..]);
    let t = Tagger::read(&mut r)?;
    let l = Lemmatizer::read(&mut r)?;
    if !r.at_end() {
        return Err(Error::InvalidModel("trailing data in tagger model".into()));
    }
    Ok((meta, t, l))
}

/// The parser as a compressed model file.
pub fn parser_to_bytes(meta: &ModelMeta, parser: &Parser) -> Result<Vec<u8>> {
    encode("parser", meta, |w| parser.write(w))
}

/// Reads a parser model file's bytes.
pub fn parser_from_bytes(bytes: &[u8]) -> Result<(ModelMeta, Parser)> {
    let (raw, meta, at) = decode(bytes, "parser")?;
    let mut r = Reader::new(&raw[at..]);
    let mut p = Parser::read(&mut r)?;
    if !r.at_end() {
        return Err(Error::InvalidModel("trailing data in parser model".into()));
    }
    // Files that do not carry the feature set in their layout may still name it in their
    // settings (written during development of set 2).
    if p.version < 2 {
        if let Some(v) = meta.settings.get("features").and_then(|v| v.as_u64()) {
            p.version = v.clamp(1, 2) as u32;
        }
    }
    Ok((meta, p))
}

/// Writes bytes to a file, with the path in errors.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a CoNLL-U treebank.
pub fn read_treebank(path: &Path) -> Result<Vec<ConlluSentence>> {
    Ok(dyad_text::conllu::read_file(path)?)
}

/// The directory of the shipped model files in the source tree.
pub fn default_model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models")
}

/// Tagger, lemmatizer and parser, ready to annotate.
#[derive(Debug, Clone)]
pub struct Models {
    /// Part-of-speech tagger.
    pub tagger: Tagger,
    /// Lemmatizer.
    pub lemmatizer: Lemmatizer,
    /// Dependency parser.
    pub parser: Parser,
    /// Metadata of the tagger file.
    pub tagger_meta: ModelMeta,
    /// Metadata of the parser file.
    pub parser_meta: ModelMeta,
}

/// The analysis of one sentence: parallel arrays over its words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// Universal part of speech.
    pub upos: Vec<String>,
    /// Penn Treebank tag.
    pub xpos: Vec<String>,
    /// Lemma.
    pub lemma: Vec<String>,
    /// Head word, 0-based within the sentence; `None` for the root.
    pub head: Vec<Option<u32>>,
    /// Dependency relation.
    pub deprel: Vec<String>,
}

#[cfg(dyad_models_embedded)]
static EMBEDDED: Option<(&[u8], &[u8])> = Some((
    include_bytes!("../../../data/models/en_tagger.bin.gz"),
    include_bytes!("../../../data/models/en_parser.bin.gz"),
));
#[cfg(not(dyad_models_embedded))]
static EMBEDDED: Option<(&[u8], &[u8])> = None;

impl Models {
    /// The shipped models: built into the library when `data/models/` held them at build time,
    /// else read from that directory (or from `$DYAD_MODELS` when set).
    pub fn load_default() -> Result<Models> {
        if let Ok(dir) = std::env::var("DYAD_MODELS") {
            return Models::load_dir(Path::new(&dir));
        }
        match EMBEDDED {
            Some((t, p)) => Models::from_bytes(t, p),
            None => Models::load_dir(&default_model_dir()),
        }
    }

    /// Loads `en_tagger.bin.gz` and `en_parser.bin.gz` from a directory.
    pub fn load_dir(dir: &Path) -> Result<Models> {
        let t = read_file(&dir.join(TAGGER_FILE))?;
        let p = read_file(&dir.join(PARSER_FILE))?;
        Models::from_bytes(&t, &p)
    }

    /// Loads the models from the bytes of their files.
    pub fn from_bytes(tagger: &[u8], parser: &[u8]) -> Result<Models> {
        // The two files decompress in parallel: loading is dominated by inflating and indexing.
        let (t, p) = rayon::join(|| tagger_from_bytes(tagger), || parser_from_bytes(parser));
        let (tagger_meta, tagger, lemmatizer) = t?;
        let (parser_meta, parser) = p?;
        Ok(Models {
            tagger,
            lemmatizer,
            parser,
            tagger_meta,
            parser_meta,
        })
    }

    /// Tags, lemmatizes and parses one sentence of words.
    pub fn analyze(&self, words: &[&str]) -> Analysis {
        self.analyze_split(words, None)
    }

    /// [`Models::analyze`]; with `dateline = Some(d)`, the sentence opens with a dateline
    /// ending at word `d` (its dash): the whole sentence is tagged, but the dateline and the
    /// rest are parsed apart and the dateline hangs on the rest's root as `parataxis`. Parsed
    /// whole, the dateline's city tends to become the root with the report's subject as its
    /// apposition ("MANAGUA, June 10 (dyad) - Nicaraguan police detained ..."), which hides the
    /// first sentence's clause from every later stage.
    fn analyze_split(&self, words: &[&str], dateline: Option<usize>) -> Analysis {
        let n = words.len();
        if n == 0 {
            return Analysis::default();
        }
        let tags = self.tagger.tag(words);
        let mut toks = Vec::with_capacity(n);
        let mut out = Analysis {
            upos: Vec::with_capacity(n),
            xpos: Vec::with_capacity(n),
            lemma: Vec::with_capacity(n),
            head: Vec::with_capacity(n),
            deprel: Vec::with_capacity(n),
        };
        for (w, &t) in words.iter().zip(&tags) {
            let (u, x) = self.tagger.tag_name(t);
            toks.push(PTok::new(w, u, x));
            out.lemma.push(self.lemmatizer.lemma(w, x));
            out.upos.push(u.to_string());
            out.xpos.push(x.to_string());
        }
        let split = dateline.filter(|&d| d + 1 < n).map_or(n, |d| d + 1);
        let mut roots = Vec::new();
        for part in [0..split, split..n].into_iter().filter(|p| !p.is_empty()) {
            let (heads, labels) = self.parser.parse(&toks[part.clone()]);
            for (i, (h, l)) in heads.into_iter().zip(labels).enumerate() {
                let head = if h as usize >= part.len() {
                    roots.push(part.start + i);
                    None
                } else {
                    Some(h + part.start as u32)
                };
                out.head.push(head);
                out.deprel.push(self.parser.label_name(l).to_string());
            }
        }
        // The dateline's root hangs on the sentence's (the last part's first root).
        if let (Some(_), Some(&main)) = (dateline, roots.last()) {
            for &r in &roots[..roots.len() - 1] {
                out.head[r] = Some(main as u32);
                out.deprel[r] = "parataxis".to_string();
            }
        }
        out
    }

    /// Adds the syntax layer to a tokenized document. Each sentence is analysed on its own; a
    /// document with tokens but no sentences is treated as one sentence.
    pub fn annotate(&self, doc: &mut Document) {
        let ranges = sentence_ranges(doc);
        let n = doc.tokens.len();
        let mut syn = Syntax::with_capacity(n);
        for r in ranges {
            // Sentences are validated to cover tokens in order; guard anyway against bad input.
            if r.start != syn.len() || r.end > n || r.start > r.end {
                break;
            }
            let words: Vec<&str> = doc.tokens[r.clone()]
                .iter()
                .map(|t| doc.get(t.span).unwrap_or("_"))
                .collect();
            // Only a report's first sentence can open with a dateline.
            let dateline = if r.start == 0 {
                dyad_core::dateline_end(&words)
            } else {
                None
            };
            let a = self.analyze_split(&words, dateline);
            syn.upos.extend(a.upos);
            syn.xpos.extend(a.xpos);
            syn.lemma.extend(a.lemma);
            syn.head
                .extend(a.head.into_iter().map(|h| h.map(|h| h + r.start as u32)));
            syn.deprel.extend(a.deprel);
        }
        // Tokens no sentence covered get neutral values, so the arrays stay parallel.
        while syn.len() < n {
            let i = syn.len();
            let w = doc.get(doc.tokens[i].span).unwrap_or("_");
            syn.upos.push("X".into());
            syn.xpos.push("XX".into());
            syn.lemma.push(w.to_string());
            syn.head.push(None);
            syn.deprel.push(parser::ROOT_LABEL.into());
        }
        doc.syntax = Some(syn);
    }

    /// Annotates many documents on rayon's thread pool.
    pub fn annotate_batch(&self, docs: &mut [Document]) {
        docs.par_iter_mut().for_each(|d| self.annotate(d));
    }
}

/// The token ranges of the document's sentences; all tokens as one sentence when it has none.
fn sentence_ranges(doc: &Document) -> Vec<std::ops::Range<usize>> {
    if doc.sentences.is_empty() {
        std::iter::once(0..doc.tokens.len())
            .filter(|r| !r.is_empty())
            .collect()
    } else {
        doc.sentences.iter().map(|s| s.token_range()).collect()
    }
}

/// Scores of [`eval_parse`] (percentages), CoNLL 2018 style on gold tokenization.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParseScores {
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy.
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (universal part of the relation).
    pub las: f64,
    /// Words tagged, lemmatized and parsed per second (one thread).
    pub tokens_per_sec: f64,
    /// Words scored.
    pub words: usize,
    /// Sentences scored.
    pub sentences: usize,
}

/// The universal part of a relation (`nmod` of `nmod:poss`): what LAS compares.
pub(crate) fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// `k` of `n` as a percentage; 0 when there is nothing to count.
pub(crate) fn percent(k: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        100.0 * k as f64 / n as f64
    }
}

/// Tags, lemmatizes and parses the gold sentences' words and scores the result against them.
/// Punctuation counts; a gold lemma `_` counts as matched (as in the CoNLL 2018 scorer).
pub fn eval_parse(models: &Models, gold: &[ConlluSentence]) -> ParseScores {
    let start = Instant::now();
    let analyses: Vec<Analysis> = gold
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            models.analyze(&words)
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let mut c = [0usize; 5];
    let mut n = 0usize;
    for (s, a) in gold.iter().zip(&analyses) {
        for (i, w) in s.words.iter().enumerate() {
            n += 1;
            c[0] += (a.upos[i] == w.upos) as usize;
            c[1] += (a.xpos[i] == w.xpos) as usize;
            c[2] += (w.lemma == "_" || a.lemma[i] == w.lemma) as usize;
            let gold_head = w.head.and_then(|h| h.checked_sub(1));
            if a.head[i] == gold_head && w.head.is_some() {
                c[3] += 1;
                c[4] += (universal(&a.deprel[i]) == universal(&w.deprel)) as usize;
            }
        }
    }
    let pct = |k: usize| percent(k, n);
    ParseScores {
        upos: pct(c[0]),
        xpos: pct(c[1]),
        lemma: pct(c[2]),
        uas: pct(c[3]),
        las: pct(c[4]),
        tokens_per_sec: if secs > 0.0 { n as f64 / secs } else { 0.0 },
        words: n,
        sentences: gold.len(),
    }
}

/// The sentences of the documents whose id starts with `prefix` (`GUM_news` picks GUM's news).
pub fn sentences_of_docs(sents: &[ConlluSentence], prefix: &str) -> Vec<ConlluSentence> {
    sents
        .iter()
        .filter(|s| {
            s.sent_id
                .as_deref()
                .is_some_and(|id| id.starts_with(prefix))
        })
        .cloned()
        .collect()
}

fn clean_field(s: &str) -> String {
    if s.is_empty() {
        return "_".into();
    }
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Writes a tokenized (and, if present, annotated) document as CoNLL-U: one block per
/// sentence with `sent_id` and `text` comments; columns without a layer are `_`.
pub fn conllu_of(doc: &Document) -> String {
    let mut out = String::new();
    let ranges = sentence_ranges(doc);
    let syn = doc
        .syntax
        .as_ref()
        .filter(|s| s.is_consistent() && s.len() == doc.tokens.len());
    out.push_str(&format!("# newdoc id = {}\n", clean_field(doc.id())));
    for (k, r) in ranges.into_iter().enumerate() {
        let Some(toks) = doc.tokens.get(r.clone()) else {
            continue;
        };
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
            continue;
        };
        out.push_str(&format!(
            "# sent_id = {}-{}\n",
            clean_field(doc.id()),
            k + 1
        ));
        let text = doc
            .get(dyad_core::Span::new(
                first.span.start as usize,
                last.span.end as usize,
            ))
            .unwrap_or("")
            .replace(['\n', '\r', '\t'], " ");
        out.push_str(&format!("# text = {text}\n"));
        for (j, t) in toks.iter().enumerate() {
            let i = r.start + j;
            let form = clean_field(doc.get(t.span).unwrap_or("_"));
            let glued = doc
                .tokens
                .get(i + 1)
                .is_some_and(|next| next.span.start == t.span.end && j + 1 < toks.len());
            let misc = if glued { "SpaceAfter=No" } else { "_" };
            match syn {
                Some(s) => {
                    let head = match s.head[i] {
                        None => 0,
                        Some(h) => (h as usize).saturating_sub(r.start) + 1,
                    };
                    out.push_str(&format!(
                        "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}\n",
                        j + 1,
                        form,
                        clean_field(&s.lemma[i]),
                        clean_field(&s.upos[i]),
                        clean_field(&s.xpos[i]),
                        head,
                        clean_field(&s.deprel[i]),
                        misc
                    ));
                }
                None => out.push_str(&format!(
                    "{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}\n",
                    j + 1,
                    form,
                    misc
                )),
            }
        }
        out.push('\n');
    }
    out
}

/// What training reports: per-pass log lines and the final scores.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TrainReport {
    /// One line per pass.
    pub log: Vec<String>,
    /// Final scores on the dev set (`dev_upos`, `dev_las`, ...).
    pub scores: BTreeMap<String, f64>,
    /// Training time in seconds.
    pub seconds: f64,
}

/// Trains the tagger and the lemmatizer on `train`, scoring on `dev`. `progress` receives the log
/// lines as they come.
pub fn train_tagger(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    cfg: &TaggerConfig,
    progress: &mut dyn FnMut(&str),
) -> (Tagger, Lemmatizer, TrainReport) {
    let start = Instant::now();
    let mut report = TrainReport::default();
    let tagger = tagger::train_tagger_with_log(train, dev, cfg, &mut |l| {
        progress(&l);
        report.log.push(l);
    });
    let lemma_train: Vec<ConlluSentence> = train
        .iter()
        .filter(|s| {
            cfg.lemma_skip_prefix.is_empty()
                || !s
                    .sent_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with(&cfg.lemma_skip_prefix))
        })
        .cloned()
        .collect();
    let lem = Lemmatizer::train(&lemma_train);
    if !dev.is_empty() {
        let sc = tagger::eval_tagger(&tagger, dev);
        report.scores.insert("dev_upos".into(), sc.upos);
        report.scores.insert("dev_xpos".into(), sc.xpos);
        let (mut ok, mut n) = (0usize, 0usize);
        for s in dev {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for (w, t) in s.words.iter().zip(tagger.tag(&words)) {
                let (_, x) = tagger.tag_name(t);
                ok += (w.lemma == "_" || lem.lemma(&w.form, x) == w.lemma) as usize;
                n += 1;
            }
        }
        report
            .scores
            .insert("dev_lemma".into(), 100.0 * ok as f64 / n.max(1) as f64);
    }
    report.seconds = start.elapsed().as_secs_f64();
    (tagger, lem, report)
}

/// Trains the parser on `train` (tags jackknifed per `cfg`), scoring on `dev` with `tagger`'s
/// tags (gold tags when `None`).
pub fn train_parser(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    cfg: &ParserConfig,
    tagger: Option<&Tagger>,
    progress: &mut dyn FnMut(&str),
) -> (Parser, TrainReport) {
    let start = Instant::now();
    let mut report = TrainReport::default();
    let p = parser::train_parser_with_log(train, dev, cfg, tagger, &mut |l| {
        progress(&l);
        report.log.push(l);
    });
    if !dev.is_empty() {
        let (uas, las) = parser::eval_parser(&p, tagger, dev);
        report.scores.insert("dev_uas".into(), uas);
        report.scores.insert("dev_las".into(), las);
    }
    report.seconds = start.elapsed().as_secs_f64();
    (p, report)
}
