//! The named-entity recogniser: people (`PER`), places (`LOC`, countries and cities included),
//! organisations (`ORG`) and nationality or group names (`NORP`).
//!
//! [`Ner`] is a greedy left-to-right averaged-perceptron sequence tagger over BIO labels. Its
//! features are the word and its neighbours (forms, lowercase, shape, prefixes and suffixes),
//! the tagger's UPOS and XPOS, the two previous predicted labels, membership of the token
//! n-grams in a [`Gazetteer`] of names (countries, capitals, demonyms, organisations, people)
//! that training takes from the knowledge base and stores in the model file, so that a model
//! always sees the gazetteer it was trained with, the run of capitalised words a word is in
//! (its length, head word and cue words such as `University` or `River`), and how often the
//! word is lowercase in the training text (a [`Lexicon`], also stored in the model file).
//!
//! Gold data comes from GUM's coreference annotation ([`gum_sentences`]: `Entity=` in MISC,
//! person / place / organization mentions headed by a proper noun, cut down to their name) or
//! from IOB2 files such as Universal NER ([`parse_iob2`]). [`evaluate`] scores exact spans.
//!
//! ```no_run
//! use dyad_core::{Document, Metadata};
//! let models = dyad_models::Models::load_default()?;
//! let ner = dyad_models::ner::Ner::load_default()?;
//! let mut doc = Document::new(Metadata::with_id("d"), "Sergei Lavrov met John Kerry in Geneva.");
//! # let _ = (&models, &ner, &mut doc);
//! // After segmentation (dyad_text::segment) and models.annotate(&mut doc):
//! ner.annotate(&mut doc);
//! for e in &doc.entities {
//!     println!("{} {}", e.label, doc.get(e.span).unwrap_or(""));
//! }
//! # Ok::<(), dyad_models::Error>(())
//! ```

use crate::bin_io::{Reader, Writer};
use crate::hash::{comb, hash_str, IdMap};
use crate::perceptron::{argmax_where, Trainer, Weights};
use crate::{Error, ModelMeta, Models, Result, Rng, TrainReport};
use dyad_core::{Document, Entity};
use dyad_text::conllu::ConlluSentence;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// File name of the recogniser in `data/models/`.
pub const NER_FILE: &str = "en_ner.bin.gz";

/// Version of the feature set written by [`train`]. A model stores the version it was trained
/// with and is read with that version's features: 1 is the first shipped set; 2 adds the
/// title-case sentence and place-list (GeoNames) features, and stores [`FeatureSet`]'s switches;
/// 3 adds the capitalised-run features (the run's length, the word's place in it, its head word
/// and cue words) and a lowercase-frequency [`Lexicon`] learned from the training text, stored
/// in the model file.
const FEATURE_VERSION: u32 = 3;

/// The feature templates a model uses: its feature-set version and switches (stored in the
/// model file from version 2 on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureSet {
    /// Feature-set version (1 to 3).
    pub version: u32,
    /// Whether the tagger's UPOS and XPOS are features. The tagger is trained on the same
    /// treebanks as the recogniser, so its tags are near-perfect on the training sentences and
    /// much noisier elsewhere; a model without them does not learn to trust them.
    pub tags: bool,
    /// Decode each document twice, the second pass seeing the first pass's labels of every
    /// other occurrence of a capitalised word in the document, before and after it (feature
    /// set 3 on; off by default: it did not score better on GUM dev and doubles the time).
    #[serde(default)]
    pub two_pass: bool,
}

impl Default for FeatureSet {
    fn default() -> Self {
        FeatureSet {
            version: FEATURE_VERSION,
            tags: true,
            two_pass: false,
        }
    }
}

/// An entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Label {
    /// A person (also titles that are part of a name: `President Obama`).
    Per,
    /// A place: country, city, region, landmark (GPE included).
    Loc,
    /// An organisation: government body, company, party, university, newspaper.
    Org,
    /// A nationality, religious or political group used as a noun (`the Americans`).
    Norp,
}

impl Label {
    /// All labels, in class order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Loc, Label::Org, Label::Norp];

    /// `PER`, `LOC`, `ORG` or `NORP`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Org => "ORG",
            Label::Norp => "NORP",
        }
    }

    /// Reads `PER`, `LOC` (or `GPE`), `ORG`, `NORP`; other types (`MISC`, `OTH`) are `None`.
    pub fn parse(s: &str) -> Option<Label> {
        match s {
            "PER" | "PERSON" => Some(Label::Per),
            "LOC" | "GPE" => Some(Label::Loc),
            "ORG" => Some(Label::Org),
            "NORP" => Some(Label::Norp),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity over words `start..end` of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NerSpan {
    /// First word, 0-based.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// The type.
    pub label: Label,
}

/// A sentence for training or evaluation: words, their tags and the gold entities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NerSentence {
    /// The sentence id, when the file gives one.
    pub id: Option<String>,
    /// Words.
    pub words: Vec<String>,
    /// UPOS per word (`_` when unknown); [`tag_sentences`] fills them from dyad's tagger.
    pub upos: Vec<String>,
    /// Penn Treebank tag per word (`_` when unknown).
    pub xpos: Vec<String>,
    /// Gold entities, non-overlapping, in order.
    pub spans: Vec<NerSpan>,
    /// Index of the document: consecutive sentences with the same index form one document,
    /// whose other mentions of a word the recogniser looks at.
    pub doc: usize,
    /// 0 for data annotated like the target (GUM); another value marks extra training data
    /// with other conventions (Universal NER leaves titles out of names): its features get a
    /// copy of their own for that domain, which absorbs the differences ("frustratingly easy"
    /// domain adaptation), and prediction uses the shared weights only.
    pub domain: u8,
}

// ---------------------------------------------------------------------------------------------
// GUM: Entity= annotations
// ---------------------------------------------------------------------------------------------

/// One bracket of a GUM `Entity=` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityMark {
    /// `(id-type-...`: a mention of entity `id` opens here; `closed` when it also ends on this
    /// word (`(id-type-...)`).
    Open {
        /// Entity id (shared by the mentions of one entity).
        id: String,
        /// Entity type: `person`, `place`, `organization`, `abstract`, ...
        etype: String,
        /// The mention is one word long.
        closed: bool,
    },
    /// `id)`: the innermost open mention of entity `id` ends here.
    Close {
        /// Entity id.
        id: String,
    },
}

/// The brackets of the `Entity=` attribute of a MISC column, in order (empty when it has none).
///
/// GUM writes `Entity=(4-place-new-nnnnn-cf2-2-sgl-United_States` where a mention starts,
/// `4)` where it ends and `(7-person-...)` for a one-word mention; several brackets follow each
/// other on one word (`Entity=(7-person-...)6)5)`).
pub fn parse_entity_misc(misc: &str) -> Vec<EntityMark> {
    let Some(value) = misc.split('|').find_map(|kv| kv.strip_prefix("Entity=")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('(') {
            // The fields run to the next bracket; a `)` right after them closes this mention.
            let end = r.find(['(', ')']).unwrap_or(r.len());
            let fields = &r[..end];
            let closed = r[end..].starts_with(')');
            let mut parts = fields.split('-');
            let id = parts.next().unwrap_or("").to_string();
            let etype = parts.next().unwrap_or("").to_string();
            out.push(EntityMark::Open { id, etype, closed });
            rest = if closed { &r[end + 1..] } else { &r[end..] };
        } else {
            let end = rest.find(['(', ')']).unwrap_or(rest.len());
            let id = rest[..end].to_string();
            if rest[end..].starts_with(')') {
                out.push(EntityMark::Close { id });
                rest = &rest[end + 1..];
            } else {
                // Stray text without a bracket: nothing to read.
                rest = &rest[end..];
            }
        }
    }
    out
}

/// A mention of GUM's coreference layer: words `start..end` of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// First word, 0-based.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// GUM entity type (`person`, `place`, ...).
    pub etype: String,
}

/// The mentions of one sentence, nested ones included. Unbalanced brackets are ignored.
pub fn gum_mentions(s: &ConlluSentence) -> Vec<Mention> {
    let mut open: Vec<(String, String, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, w) in s.words.iter().enumerate() {
        for m in parse_entity_misc(&w.misc) {
            match m {
                EntityMark::Open { id, etype, closed } => {
                    if closed {
                        out.push(Mention {
                            start: i,
                            end: i + 1,
                            etype,
                        });
                    } else {
                        open.push((id, etype, i));
                    }
                }
                EntityMark::Close { id } => {
                    if let Some(k) = open.iter().rposition(|(o, _, _)| *o == id) {
                        let (_, etype, start) = open.remove(k);
                        out.push(Mention {
                            start,
                            end: i + 1,
                            etype,
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out
}

/// The syntactic head of words `start..end`: the first word whose head lies outside the range.
fn span_head(s: &ConlluSentence, start: usize, end: usize) -> Option<usize> {
    (start..end).find(|&i| {
        s.words[i]
            .head
            .is_none_or(|h| h == 0 || (h as usize) <= start || (h as usize) > end)
    })
}

/// Function words that may stand inside a name between two name words (`Bank of England`,
/// `Trinidad and Tobago`, `San Francisco – Oakland Bay Bridge`).
const NAME_LINKS: &[&str] = &[
    "of", "the", "and", "&", "de", "del", "for", "on", "du", "la", "le", "von", "van", "der", "da",
    "-", "–",
];

/// The name inside a mention headed by a proper noun: the run of name words (proper nouns or
/// capitalised words, joined by [`NAME_LINKS`]) around the head, without leading determiners.
/// `the United States` → `United States`; `Jason, who is our editor` → `Jason`;
/// `Dhaka, Bangladesh` → `Dhaka`.
fn name_core(s: &ConlluSentence, start: usize, end: usize, head: usize) -> Option<(usize, usize)> {
    let w = &s.words;
    let is_name = |i: usize| {
        w[i].upos == "PROPN"
            || (w[i].form.chars().next().is_some_and(char::is_uppercase)
                && !matches!(
                    w[i].upos.as_str(),
                    "DET" | "PRON" | "PUNCT" | "ADP" | "CCONJ"
                ))
    };
    if !is_name(head) {
        return None;
    }
    // `and` joins the words of one name (`Trinidad and Tobago`), not two coordinated names.
    let is_link = |i: usize| {
        NAME_LINKS.contains(&w[i].form.to_lowercase().as_str())
            && !(matches!(w[i].upos.as_str(), "CCONJ")
                && w.get(i + 1).is_some_and(|n| n.deprel.starts_with("conj")))
    };
    let (mut a, mut b) = (head, head);
    'left: while a > start {
        if is_name(a - 1) {
            a -= 1;
            continue;
        }
        for k in 1..=2 {
            if a > start + k && (1..=k).all(|j| is_link(a - j)) && is_name(a - k - 1) {
                a -= k + 1;
                continue 'left;
            }
        }
        break;
    }
    'right: while b + 1 < end {
        if is_name(b + 1) {
            b += 1;
            continue;
        }
        for k in 1..=2 {
            if b + k + 1 < end && (1..=k).all(|j| is_link(b + j)) && is_name(b + k + 1) {
                b += k + 1;
                continue 'right;
            }
        }
        break;
    }
    while a < head && matches!(w[a].upos.as_str(), "DET" | "PRON") {
        a += 1;
    }
    Some((a, b + 1))
}

/// Converts a GUM sentence's person / place / organization mentions headed by a proper noun
/// to `PER` / `LOC` / `ORG` names ([`name_core`]). Where names overlap (a place inside an
/// organisation's name), the longer one is kept, as flat NER schemes do. Other entity types
/// (events, works, objects) are not named entities here.
fn gum_spans(s: &ConlluSentence) -> Vec<NerSpan> {
    let mut cands: Vec<NerSpan> = Vec::new();
    for m in gum_mentions(s) {
        let label = match m.etype.as_str() {
            "person" => Label::Per,
            "place" => Label::Loc,
            "organization" => Label::Org,
            _ => continue,
        };
        if m.end > s.words.len() || m.start >= m.end {
            continue;
        }
        let Some(h) = span_head(s, m.start, m.end) else {
            continue;
        };
        if s.words[h].upos != "PROPN" {
            continue;
        }
        if let Some((a, b)) = name_core(s, m.start, m.end, h) {
            cands.push(NerSpan {
                start: a,
                end: b,
                label,
            });
        }
    }
    // Longest first; a name overlapping a kept one is dropped.
    cands.sort_by_key(|c| (std::cmp::Reverse(c.end - c.start), c.start));
    let mut kept: Vec<NerSpan> = Vec::new();
    for c in cands {
        if kept.iter().all(|k| c.end <= k.start || c.start >= k.end) {
            kept.push(c);
        }
    }
    kept.sort();
    kept
}

/// GUM sentences with their `PER` / `LOC` / `ORG` names (see [`gum_spans`]) and gold tags.
/// `NORP` does not occur in GUM; [`Gazetteer::relabel_norp`] derives it.
pub fn gum_sentences(sents: &[ConlluSentence]) -> Vec<NerSentence> {
    let mut doc = 0usize;
    sents
        .iter()
        .map(|s| NerSentence {
            doc: {
                doc += s.newdoc as usize;
                doc
            },
            id: s.sent_id.clone(),
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            upos: s.words.iter().map(|w| w.upos.clone()).collect(),
            xpos: s.words.iter().map(|w| w.xpos.clone()).collect(),
            spans: gum_spans(s),
            domain: 0,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// IOB2
// ---------------------------------------------------------------------------------------------

/// Reads IOB2 text (Universal NER: `id word tag ...` tab-separated, `#` comments, blank lines
/// between sentences; or `word tag` CoNLL style). `I-X` after something other than `B-X`/`I-X`
/// starts an entity (as conlleval does). Types other than PER/LOC/ORG/NORP/GPE are dropped.
pub fn parse_iob2(text: &str, file: &str) -> Result<Vec<NerSentence>> {
    let mut out = Vec::new();
    let mut cur = NerSentence::default();
    let mut tags: Vec<String> = Vec::new();
    let mut doc = 0usize;
    let flush = |cur: &mut NerSentence, tags: &mut Vec<String>, out: &mut Vec<NerSentence>| {
        if !cur.words.is_empty() {
            cur.spans = spans_of_tags(tags);
            let d = cur.doc;
            out.push(std::mem::take(cur));
            cur.doc = d;
        }
        tags.clear();
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut cur, &mut tags, &mut out);
            continue;
        }
        // CoNLL 2003 style files (wikigold) mark documents with a `-DOCSTART-` line.
        if line.starts_with("-DOCSTART-") {
            flush(&mut cur, &mut tags, &mut out);
            doc += 1;
            cur.doc = doc;
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if c.trim().starts_with("newdoc") {
                flush(&mut cur, &mut tags, &mut out);
                doc += 1;
            }
            cur.doc = doc;
            if let Some(id) = c.trim().strip_prefix("sent_id = ") {
                cur.id = Some(id.to_string());
            }
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let (word, tag) = match cols.len() {
            0 | 1 => {
                return Err(Error::InvalidModel(format!(
                    "{file}:{}: expected `word tag` or `id word tag` columns",
                    n + 1
                )))
            }
            2 => (cols[0], cols[1]),
            _ if cols[0].chars().all(|c| c.is_ascii_digit()) => (cols[1], cols[2]),
            _ => (cols[0], cols[cols.len() - 1]),
        };
        cur.words.push(word.to_string());
        cur.upos.push("_".into());
        cur.xpos.push("_".into());
        tags.push(tag.to_string());
    }
    flush(&mut cur, &mut tags, &mut out);
    Ok(out)
}

/// Entity spans of a sequence of IOB2 tags.
fn spans_of_tags(tags: &[String]) -> Vec<NerSpan> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, Option<Label>, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (bio, ty) = match t.split_once('-') {
            Some((b, ty)) if b == "B" || b == "I" => (b, ty),
            _ => ("O", ""),
        };
        let continues = bio == "I" && cur.as_ref().is_some_and(|c| c.2 == ty);
        if !continues {
            if let Some((s, Some(l), _)) = cur.take() {
                out.push(NerSpan {
                    start: s,
                    end: i,
                    label: l,
                });
            }
            cur = (bio != "O").then(|| (i, Label::parse(ty), ty.to_string()));
        }
    }
    if let Some((s, Some(l), _)) = cur {
        out.push(NerSpan {
            start: s,
            end: tags.len(),
            label: l,
        });
    }
    out
}

/// Gold file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldFormat {
    /// CoNLL-U with GUM's `Entity=` annotation in MISC.
    Gum,
    /// IOB2 tags (Universal NER, CoNLL 2003 style).
    Iob2,
}

impl GoldFormat {
    /// The format of a file: by extension (`.conllu` is GUM; `.iob2`, `.bio`, `.iob`, `.conll`
    /// are IOB2), else by content (ten tab-separated columns is CoNLL-U).
    pub fn detect(path: &Path, text: &str) -> GoldFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some("conllu") => return GoldFormat::Gum,
            Some("iob2" | "bio" | "iob" | "conll") => return GoldFormat::Iob2,
            _ => {}
        }
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        if first.split('\t').count() == 10 {
            GoldFormat::Gum
        } else {
            GoldFormat::Iob2
        }
    }
}

/// Reads a gold file in `format` (detected when `None`).
pub fn read_gold(path: &Path, format: Option<GoldFormat>) -> Result<Vec<NerSentence>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file = path.display().to_string();
    match format.unwrap_or_else(|| GoldFormat::detect(path, &text)) {
        GoldFormat::Gum => Ok(gum_sentences(&dyad_text::conllu::parse_str(&text, &file)?)),
        GoldFormat::Iob2 => parse_iob2(&text, &file),
    }
}

/// Replaces the gold tags by dyad's tagger's (as the recogniser sees them at run time).
pub fn tag_sentences(models: &Models, sents: &mut [NerSentence]) {
    for s in sents {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let tags = models.tagger.tag(&words);
        s.upos.clear();
        s.xpos.clear();
        for t in tags {
            let (u, x) = models.tagger.tag_name(t);
            s.upos.push(u.to_string());
            s.xpos.push(x.to_string());
        }
    }
}

/// Tags of the tagger's own training sentences, each predicted by a tagger trained on the other
/// folds (jackknifing), looked up by word sequence. dyad's tagger is trained on EWT train and GUM
/// train, the very sentences the recogniser learns from, so its tags there are near-perfect;
/// these are as good as its tags on new text, and the recogniser learns to trust them only as
/// much as they deserve. [`JackknifedTags::apply`] puts them on GUM train and on Universal NER
/// EWT train (the EWT train sentences, matched by their words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JackknifedTags {
    /// Folds the tags were predicted with.
    pub folds: usize,
    /// The jackknifing taggers' settings ([`crate::TaggerConfig`] as JSON).
    pub tagger: String,
    /// Per sentence: words, UPOS, XPOS.
    sents: Vec<(Vec<String>, Vec<String>, Vec<String>)>,
    /// Words → index in `sents` (the first sentence with those words).
    index: std::collections::HashMap<Vec<String>, usize>,
}

impl JackknifedTags {
    /// Tags `train` (the tagger's training sentences, in the order it reads them:
    /// [`crate::Treebanks::from_ud_dir`]) in `k` folds, each fold by a tagger with settings `cfg`
    /// trained on the others. Takes `k` tagger trainings.
    pub fn compute(
        train: &[ConlluSentence],
        k: usize,
        cfg: &crate::TaggerConfig,
        progress: &mut dyn FnMut(&str),
    ) -> JackknifedTags {
        let tags = crate::parser::jackknife_tags_with(train, k, cfg, &mut |l: String| progress(&l));
        let mut out = JackknifedTags {
            folds: k,
            tagger: serde_json::to_string(cfg).unwrap_or_default(),
            ..Default::default()
        };
        for (s, t) in train.iter().zip(tags) {
            let words = s.words.iter().map(|w| w.form.clone()).collect();
            let (upos, xpos) = t.into_iter().unzip();
            out.push(words, upos, xpos);
        }
        out
    }

    fn push(&mut self, words: Vec<String>, upos: Vec<String>, xpos: Vec<String>) {
        if words.len() != upos.len() || words.len() != xpos.len() {
            return;
        }
        self.index.entry(words.clone()).or_insert(self.sents.len());
        self.sents.push((words, upos, xpos));
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.sents.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.sents.is_empty()
    }

    /// The cache file's text: a `# jackknife folds=K` line and a `# tagger SETTINGS` line, then
    /// one `word TAB UPOS TAB XPOS` line per word and a blank line after each sentence.
    pub fn to_tsv(&self) -> String {
        let mut out = format!(
            "# jackknife folds={}\n# tagger {}\n",
            self.folds, self.tagger
        );
        for (w, u, x) in &self.sents {
            for i in 0..w.len() {
                out.push_str(&format!("{}\t{}\t{}\n", w[i], u[i], x[i]));
            }
            out.push('\n');
        }
        out
    }

    /// Reads [`JackknifedTags::to_tsv`]'s text.
    pub fn from_tsv(text: &str) -> Result<JackknifedTags> {
        let mut out = JackknifedTags::default();
        let (mut w, mut u, mut x) = (Vec::new(), Vec::new(), Vec::new());
        for (n, line) in text.lines().enumerate() {
            if let Some(rest) = line.strip_prefix("# jackknife folds=") {
                out.folds = rest.trim().parse().unwrap_or(0);
                continue;
            }
            if let Some(rest) = line.strip_prefix("# tagger ") {
                out.tagger = rest.trim().to_string();
                continue;
            }
            if line.is_empty() {
                if !w.is_empty() {
                    out.push(
                        std::mem::take(&mut w),
                        std::mem::take(&mut u),
                        std::mem::take(&mut x),
                    );
                }
                continue;
            }
            let mut f = line.split('\t');
            match (f.next(), f.next(), f.next(), f.next()) {
                (Some(a), Some(b), Some(c), None) => {
                    w.push(a.to_string());
                    u.push(b.to_string());
                    x.push(c.to_string());
                }
                _ => {
                    return Err(Error::InvalidModel(format!(
                        "jackknifed tags, line {}: expected word, UPOS and XPOS",
                        n + 1
                    )))
                }
            }
        }
        if !w.is_empty() {
            out.push(w, u, x);
        }
        Ok(out)
    }

    /// Replaces the tags of every sentence of `sents` whose words are those of a sentence here;
    /// the others keep theirs. Returns how many were replaced.
    pub fn apply(&self, sents: &mut [NerSentence]) -> usize {
        let mut n = 0;
        for s in sents {
            if let Some(&i) = self.index.get(&s.words) {
                s.upos.clone_from(&self.sents[i].1);
                s.xpos.clone_from(&self.sents[i].2);
                n += 1;
            }
        }
        n
    }
}

// ---------------------------------------------------------------------------------------------
// Gazetteer
// ---------------------------------------------------------------------------------------------

/// What a gazetteer phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazClass {
    /// A country, territory, region or city name.
    Place,
    /// A nationality adjective or demonym.
    Nationality,
    /// An organisation name or alias.
    Org,
    /// A person's full name or alias.
    Person,
    /// The last word of a person's name.
    Surname,
    /// The first word of a person's name.
    GivenName,
    /// A place from a large place list (GeoNames' countries, regions and cities), kept apart
    /// from the knowledge base's political places as it is larger and noisier.
    GeoPlace,
}

impl GazClass {
    const ALL: [GazClass; 7] = [
        GazClass::Place,
        GazClass::Nationality,
        GazClass::Org,
        GazClass::Person,
        GazClass::Surname,
        GazClass::GivenName,
        GazClass::GeoPlace,
    ];
    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Phrases (sequences of words, matched case-sensitively) with the classes they belong to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gazetteer {
    phrases: BTreeMap<String, u8>,
    index: IdMap<u8>,
    max_len: usize,
}

/// A flag of [`Gazetteer`]'s index values (the class bits use the 7 below it): the key is the
/// beginning of a longer phrase, so a match may go on past it.
const PREFIX: u8 = 0x80;

/// The key of a word sequence: order-sensitive hash of the words.
fn phrase_key<S: AsRef<str>>(words: &[S]) -> u64 {
    words
        .iter()
        .fold(0x5eed_u64, |h, w| comb(h, hash_str(w.as_ref())))
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer::default()
    }

    /// Adds a phrase (split on whitespace; a leading `the` is dropped, as names are matched
    /// without their article).
    pub fn add(&mut self, phrase: &str, class: GazClass) {
        let mut words: Vec<&str> = phrase.split_whitespace().collect();
        if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
            words.remove(0);
        }
        if words.is_empty() || words.len() > 8 {
            return;
        }
        *self.phrases.entry(words.join(" ")).or_default() |= class.bit();
        self.index_phrase(&words, class.bit());
        if class == GazClass::Person && words.len() > 1 {
            if let (Some(first), Some(last)) = (words.first(), words.last()) {
                self.add(first, GazClass::GivenName);
                self.add(last, GazClass::Surname);
            }
        }
    }

    /// Indexes a phrase with class bits `c`, and its beginnings as [`PREFIX`]es.
    fn index_phrase(&mut self, words: &[&str], c: u8) {
        *self.index.entry(phrase_key(words)).or_default() |= c;
        for k in 1..words.len() {
            *self.index.entry(phrase_key(&words[..k])).or_default() |= PREFIX;
        }
        self.max_len = self.max_len.max(words.len());
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether there is no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The classes of a phrase given as words.
    fn classes<S: AsRef<str>>(&self, words: &[S]) -> u8 {
        self.index
            .get(&phrase_key(words))
            .map_or(0, |&c| c & !PREFIX)
    }

    /// Every match in a sentence: (start, end, class bits), all lengths.
    fn matches<S: AsRef<str>>(&self, words: &[S]) -> Vec<(usize, usize, u8)> {
        let mut out = Vec::new();
        for i in 0..words.len() {
            let mut h = 0x5eed_u64;
            for (j, w) in words.iter().enumerate().take(i + self.max_len).skip(i) {
                h = comb(h, hash_str(w.as_ref()));
                // No phrase is, or goes on from, these words: none longer either.
                let Some(&c) = self.index.get(&h) else { break };
                if c & !PREFIX != 0 {
                    out.push((i, j + 1, c & !PREFIX));
                }
                if c & PREFIX == 0 {
                    break;
                }
            }
        }
        out
    }

    /// Relabels gold `PER` spans that are nationality words (`the Americans`, `Japanese`) as
    /// `NORP`: GUM types them `person`.
    pub fn relabel_norp(&self, sents: &mut [NerSentence]) {
        for s in sents {
            for sp in &mut s.spans {
                if sp.label == Label::Per
                    && sp.end <= s.words.len()
                    && self.classes(&s.words[sp.start..sp.end]) & GazClass::Nationality.bit() != 0
                {
                    sp.label = Label::Norp;
                }
            }
        }
    }

    fn write(&self, w: &mut Writer) {
        write_tagged_strings(w, &self.phrases);
    }

    fn read(r: &mut Reader) -> Result<Gazetteer> {
        let mut g = Gazetteer::new();
        for (p, c) in read_tagged_strings(r)? {
            let words: Vec<&str> = p.split(' ').collect();
            g.index_phrase(&words, c);
            g.phrases.insert(p, c);
        }
        Ok(g)
    }
}

// ---------------------------------------------------------------------------------------------
// Lowercase-frequency lexicon
// ---------------------------------------------------------------------------------------------

/// How often each word of the training text is written in lowercase rather than capitalised
/// inside a sentence: a capitalised sentence-initial `Fine` or `Tab` is a common word when the
/// word is usually lowercase. Learned by [`train`] (feature set 3) and stored in the model file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    /// Lowercase form → bucket ([`Lexicon::bucket_of`]).
    forms: BTreeMap<String, u8>,
    index: IdMap<u8>,
}

impl Lexicon {
    /// Counts the words of `sents`: capitalised occurrences are counted only after the first
    /// word of a sentence, where capitals carry meaning. Words seen fewer than twice are left
    /// out.
    pub fn learn<S: AsRef<str>>(sents: &[&[S]]) -> Lexicon {
        let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for words in sents {
            for (i, w) in words.iter().enumerate() {
                let w = w.as_ref();
                let Some(first) = w.chars().next() else {
                    continue;
                };
                if first.is_lowercase() {
                    counts.entry(norm(w)).or_default().0 += 1;
                } else if first.is_uppercase() && i > 0 {
                    counts.entry(norm(w)).or_default().1 += 1;
                }
            }
        }
        let mut lex = Lexicon::default();
        for (w, (lower, cap)) in counts {
            if lower + cap >= 2 {
                lex.insert(w, Lexicon::bucket_of(lower, cap));
            }
        }
        lex
    }

    /// 1: always lowercase; 5: always capitalised; 2 to 4 in between by the lowercase share;
    /// plus 8 when the word is frequent (ten times or more).
    fn bucket_of(lower: u32, cap: u32) -> u8 {
        let share = match (lower, cap) {
            (_, 0) => 1,
            (0, _) => 5,
            _ => {
                let r = lower as f64 / (lower + cap) as f64;
                if r >= 0.8 {
                    2
                } else if r >= 0.3 {
                    3
                } else {
                    4
                }
            }
        };
        share + if lower + cap >= 10 { 8 } else { 0 }
    }

    fn insert(&mut self, w: String, bucket: u8) {
        self.index.insert(hash_str(&w), bucket);
        self.forms.insert(w, bucket);
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether the lexicon has no word.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The bucket of a word given the hash of its [`norm`] form; 0 when unseen.
    fn bucket(&self, low: u64) -> u8 {
        self.index.get(&low).copied().unwrap_or(0)
    }

    fn write(&self, w: &mut Writer) {
        write_tagged_strings(w, &self.forms);
    }

    fn read(r: &mut Reader) -> Result<Lexicon> {
        let mut lex = Lexicon::default();
        for (f, b) in read_tagged_strings(r)? {
            lex.insert(f, b);
        }
        Ok(lex)
    }
}

/// Writes (string, byte) pairs, count first: the gazetteer's phrases with their classes, the
/// lexicon's words with their buckets.
fn write_tagged_strings<'a>(
    w: &mut Writer,
    pairs: impl IntoIterator<Item = (&'a String, &'a u8), IntoIter: ExactSizeIterator>,
) {
    let pairs = pairs.into_iter();
    w.u32(pairs.len() as u32);
    for (s, b) in pairs {
        w.str(s);
        w.u8(*b);
    }
}

/// Reads what [`write_tagged_strings`] wrote.
fn read_tagged_strings(r: &mut Reader) -> Result<Vec<(String, u8)>> {
    let n = r.len(5)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let s = r.str()?;
        out.push((s, r.u8()?));
    }
    Ok(out)
}

/// What a word says about the name it ends or sits in: organisation heads (`University`,
/// `Council`), place heads (`River`, `Street`) and person titles (`Dr.`, `Emperor`). The
/// capitalised-run features of feature set 3 read these; the model learns the other head words
/// from the data, the lists cover the rarer ones.
fn cue_class(low: &str) -> u64 {
    #[rustfmt::skip]
    const ORG: &[&str] = &[
        "university", "college", "school", "academy", "institute", "institution", "inc", "corp",
        "corporation", "company", "co", "ltd", "llc", "plc", "group", "party", "ministry",
        "department", "office", "council", "committee", "commission", "agency", "bank", "club",
        "association", "society", "union", "federation", "foundation", "board", "bureau",
        "court", "senate", "assembly", "parliament", "congress", "government", "administration",
        "authority", "service", "services", "army", "navy", "police", "church", "library",
        "team", "league", "fund", "trust", "press", "times", "news", "journal", "network",
        "records", "studios", "games", "gaming", "labs", "systems", "technologies", "division",
        "organisation", "organization", "alliance", "coalition", "movement", "front", "brigade",
        "forces", "guard", "corps", "airlines", "airways", "magazine", "gazette", "herald",
        "tribune", "bulletin", "post", "review", "conference", "cabinet", "house", "chamber",
        "institutes", "museum", "hospital", "orchestra", "band", "fc", "united", "industries",
        "enterprises", "holdings", "partners", "international", "media", "publishing",
        "publications", "centre", "center", "program", "programme", "project", "initiative",
        "secretariat", "directorate", "tribunal", "commonwealth",
    ];
    #[rustfmt::skip]
    const LOC: &[&str] = &[
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "lane", "square", "park",
        "river", "lake", "mountain", "mountains", "mount", "mt", "island", "islands", "bay",
        "sea", "ocean", "valley", "county", "province", "city", "town", "village", "district",
        "region", "peninsula", "desert", "forest", "beach", "coast", "gulf", "canyon", "falls",
        "hill", "hills", "bridge", "tower", "mansion", "palace", "castle", "cathedral",
        "temple", "airport", "station", "stadium", "hall", "building", "plaza", "garden",
        "gardens", "harbor", "harbour", "port", "canal", "strait", "cape", "glacier", "creek",
        "heights", "springs", "state", "states", "kingdom", "republic", "empire", "territory",
        "land", "north", "south", "east", "west", "central", "shire", "borough", "parish",
        "abbey", "chapel", "mosque", "monument", "memorial", "fort", "crater", "reef", "basin",
        "highway", "way", "drive", "place", "pass", "point", "trail", "volcano",
    ];
    #[rustfmt::skip]
    const PER: &[&str] = &[
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "king", "queen",
        "emperor", "empress", "prince", "princess", "lord", "lady", "sir", "dame", "saint",
        "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt", "major",
        "sergeant", "sgt", "admiral", "senator", "sen", "governor", "gov", "minister",
        "chancellor", "pope", "father", "sister", "brother", "rev", "reverend", "bishop",
        "archbishop", "cardinal", "judge", "justice", "chief", "jr", "sr", "ii", "iii", "iv",
        "dean", "mayor", "sheikh", "rabbi", "imam", "uncle", "aunt", "duke", "duchess", "count",
        "baron", "earl", "tsar", "czar", "sultan", "pharaoh", "director", "secretary",
        "ambassador", "rep", "representative", "speaker", "vice", "coach", "officer",
        "detective", "inspector", "agent", "madame", "mme", "mademoiselle", "herr", "frau",
        "señor", "don",
    ];
    static CUES: std::sync::OnceLock<std::collections::HashMap<&'static str, u64>> =
        std::sync::OnceLock::new();
    let cues = CUES.get_or_init(|| {
        // A word in two lists takes the first: later lists are inserted first and overwritten.
        let mut m = std::collections::HashMap::new();
        for (class, list) in [(3, PER), (2, LOC), (1, ORG)] {
            for w in list {
                m.insert(*w, class);
            }
        }
        m
    });
    cues.get(low.trim_end_matches('.')).copied().unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Features
// ---------------------------------------------------------------------------------------------

/// Number of classes: O, then B and I of each label.
const NCLASSES: usize = 1 + 2 * Label::ALL.len();

fn class_b(l: Label) -> usize {
    1 + 2 * l.index()
}

fn class_label(c: usize) -> Option<(Label, bool)> {
    if c == 0 || c >= NCLASSES {
        return None;
    }
    Some((Label::ALL[(c - 1) / 2], (c - 1).is_multiple_of(2)))
}

/// Whether class `c` may follow class `prev` (I-X only after B-X or I-X).
fn allowed(prev: usize, c: usize) -> bool {
    match class_label(c) {
        Some((l, false)) => class_label(prev).is_some_and(|(p, _)| p == l),
        _ => true,
    }
}

/// The word's shape: letters become `X`/`x`, digits `d`, runs collapsed (`Obama` → `Xx`,
/// `U.S.` → `X.X.`, `1990s` → `dx`).
fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for ch in w.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_alphabetic() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else {
            ch
        };
        if c != last {
            out.push(c);
            last = c;
        }
    }
    out
}

/// Lowercase with digits folded to `0`.
fn norm(w: &str) -> String {
    w.chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Per-word values the templates combine, hashed once per sentence.
struct WordInfo {
    low: u64,
    raw: u64,
    shape: u64,
    upos: u64,
    xpos: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    cap: bool,
}

fn h2(t: u64, a: u64) -> u64 {
    comb(t, a)
}
fn h3(t: u64, a: u64, b: u64) -> u64 {
    comb(comb(t, a), b)
}
fn h4(t: u64, a: u64, b: u64, c: u64) -> u64 {
    comb(comb(comb(t, a), b), c)
}

const PAD: u64 = 0x00ad_00ad;

/// The label-independent features of every word of a sentence.
/// Where else in the document each capitalised word occurs: its neighbours there (a name seen
/// after `Mr.` or `in` elsewhere is probably a person or a place here too) and whether the
/// word also occurs in lowercase (then it is probably a common word).
#[derive(Default)]
struct DocContext {
    /// Hash of a capitalised form → (sentence, word, previous word's key, next word's key).
    occ: IdMap<Vec<(u32, u32, u64, u64)>>,
    /// Hashes of the lowercase forms of the words written in lowercase.
    lower: IdMap<()>,
}

impl DocContext {
    fn new(sents: &[&[&str]]) -> DocContext {
        let mut ctx = DocContext::default();
        for (si, words) in sents.iter().enumerate() {
            for (i, w) in words.iter().enumerate() {
                let Some(first) = w.chars().next() else {
                    continue;
                };
                if first.is_uppercase() {
                    let prev = if i == 0 {
                        PAD
                    } else {
                        hash_str(&norm(words[i - 1]))
                    };
                    let next = words.get(i + 1).map_or(PAD, |n| hash_str(&norm(n)));
                    let v = ctx.occ.entry(hash_str(w)).or_default();
                    if v.len() < 32 {
                        v.push((si as u32, i as u32, prev, next));
                    }
                } else if first.is_lowercase() {
                    ctx.lower.insert(hash_str(w), ());
                }
            }
        }
        ctx
    }
}

/// The static features of the words of a sentence for which `need` holds (training: all of
/// them); the others get none (an empty list, which [`decode_sentence`] reads as "no name
/// word": class `O` without scoring).
#[allow(clippy::too_many_arguments)]
fn static_features(
    fs: FeatureSet,
    gaz: &Gazetteer,
    lex: &Lexicon,
    ctx: &DocContext,
    sent: usize,
    words: &[&str],
    upos: &[&str],
    xpos: &[&str],
    need: &dyn Fn(usize) -> bool,
) -> Vec<Vec<u64>> {
    let n = words.len();
    let info: Vec<WordInfo> = (0..n)
        .map(|i| {
            let w = words[i];
            let low = norm(w);
            // Affixes of whole characters, as slices of `low` (no copies).
            let nchars = low.chars().count();
            let at = |c: usize| low.char_indices().nth(c).map_or(low.len(), |(b, _)| b);
            let pre = std::array::from_fn(|k| hash_str(low.get(..at(k + 1)).unwrap_or(&low)));
            let suf = std::array::from_fn(|k| {
                hash_str(low.get(at(nchars.saturating_sub(k + 1))..).unwrap_or(&low))
            });
            WordInfo {
                low: hash_str(&low),
                raw: hash_str(w),
                shape: hash_str(&shape(w)),
                upos: hash_str(upos.get(i).copied().unwrap_or("_")),
                xpos: hash_str(xpos.get(i).copied().unwrap_or("_")),
                pre,
                suf,
                cap: w.chars().next().is_some_and(char::is_uppercase),
            }
        })
        .collect();
    // Gazetteer: per word, the classes of the longest match covering it and the word's
    // position in that match (B, I, L or U), and whether any match of a class covers it.
    let mut gz_pos: Vec<Vec<(u8, u8, u8)>> = vec![Vec::new(); n];
    let mut gz_any: Vec<u8> = vec![0; n];
    for (a, b, c) in gaz.matches(words) {
        for (k, slot) in gz_pos.iter_mut().enumerate().take(b).skip(a) {
            let pos = if b - a == 1 {
                3
            } else if k == a {
                0
            } else if k + 1 == b {
                2
            } else {
                1
            };
            slot.push((c, pos, (b - a).min(4) as u8));
            gz_any[k] |= c;
        }
    }
    let get = |i: isize, f: fn(&WordInfo) -> u64| -> u64 {
        if i < 0 || i as usize >= n {
            PAD
        } else {
            f(&info[i as usize])
        }
    };
    // A title-case sentence: most of its words (three or more) are capitalised.
    let ncap = info.iter().filter(|x| x.cap).count();
    let nalpha = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .count();
    let title_case = nalpha >= 3 && 4 * ncap >= 3 * nalpha;
    let runs = if fs.version >= 3 {
        cap_runs(words, &info)
    } else {
        vec![None; n]
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        if !need(i) {
            out.push(Vec::new());
            continue;
        }
        let w = &info[i];
        let ii = i as isize;
        let mut f = Vec::with_capacity(64);
        f.push(1);
        f.push(h2(2, w.low));
        f.push(h2(3, w.raw));
        f.push(h2(4, w.shape));
        for k in 0..3 {
            f.push(h2(10 + k as u64, w.pre[k]));
        }
        for k in 0..4 {
            f.push(h2(20 + k as u64, w.suf[k]));
        }
        f.push(h2(30, get(ii - 1, |x| x.low)));
        f.push(h2(31, get(ii + 1, |x| x.low)));
        f.push(h2(32, get(ii - 2, |x| x.low)));
        f.push(h2(33, get(ii + 2, |x| x.low)));
        f.push(h2(34, get(ii - 1, |x| x.shape)));
        f.push(h2(35, get(ii + 1, |x| x.shape)));
        f.push(h3(36, get(ii - 1, |x| x.low), w.low));
        f.push(h3(37, w.low, get(ii + 1, |x| x.low)));
        f.push(h2(38, get(ii + 1, |x| x.suf[2])));
        f.push(h2(39, get(ii - 1, |x| x.suf[2])));
        if fs.tags {
            f.push(h2(40, w.upos));
            f.push(h2(41, w.xpos));
            f.push(h2(42, get(ii - 1, |x| x.xpos)));
            f.push(h2(43, get(ii + 1, |x| x.xpos)));
            f.push(h3(44, get(ii - 1, |x| x.xpos), w.xpos));
            f.push(h3(45, w.xpos, get(ii + 1, |x| x.xpos)));
            f.push(h4(
                46,
                get(ii - 1, |x| x.upos),
                w.upos,
                get(ii + 1, |x| x.upos),
            ));
            f.push(h3(47, w.xpos, w.shape));
        }
        f.push(h4(
            48,
            get(ii - 1, |x| x.shape),
            w.shape,
            get(ii + 1, |x| x.shape),
        ));
        f.push(h3(49, (i == 0) as u64, w.shape));
        f.push(h3(50, (i == 0) as u64, w.low));
        if fs.tags {
            f.push(h3(51, w.xpos, get(ii + 1, |x| x.low)));
            f.push(h3(52, get(ii - 1, |x| x.low), w.xpos));
        }
        if fs.version >= 2 {
            // In a headline or title every word is capitalised, so capitals say less there.
            f.push(h3(54, title_case as u64, w.shape));
            f.push(h4(55, title_case as u64, w.cap as u64, (i == 0) as u64));
            // Word pairs across the word, which tags summarised in feature set 1.
            f.push(h3(56, get(ii - 1, |x| x.shape), w.low));
            f.push(h3(57, w.low, get(ii + 1, |x| x.shape)));
            f.push(h3(58, get(ii - 2, |x| x.low), get(ii - 1, |x| x.low)));
            f.push(h3(59, get(ii + 1, |x| x.low), get(ii + 2, |x| x.low)));
        }
        // Capitalised words in a row: a name is usually a run of them.
        let run_left = (0..i).rev().take_while(|&k| info[k].cap).count().min(3);
        let run_right = (i + 1..n).take_while(|&k| info[k].cap).count().min(3);
        f.push(h4(53, w.cap as u64, run_left as u64, run_right as u64));
        for &(c, pos, len) in &gz_pos[i] {
            for g in GazClass::ALL {
                if c & g.bit() != 0 {
                    f.push(h3(60, g as u64, pos as u64));
                    f.push(h4(61, g as u64, pos as u64, len as u64));
                    f.push(h4(62, g as u64, pos as u64, w.cap as u64));
                }
            }
        }
        for g in GazClass::ALL {
            if i > 0 && gz_any[i - 1] & g.bit() != 0 {
                f.push(h2(63, g as u64));
            }
            if i + 1 < n && gz_any[i + 1] & g.bit() != 0 {
                f.push(h2(64, g as u64));
            }
        }
        // The word's other occurrences in the document.
        if w.cap {
            if let Some(occ) = ctx.occ.get(&w.raw) {
                let mut seen = 0usize;
                for &(s2, i2, prev, next) in occ {
                    if s2 as usize == sent && i2 as usize == i {
                        continue;
                    }
                    seen += 1;
                    f.push(h2(70, prev));
                    f.push(h2(71, next));
                    f.push(h3(72, (i2 == 0) as u64, 0));
                }
                f.push(h2(73, seen.min(3) as u64));
            }
            if ctx.lower.contains_key(&w.low) {
                f.push(74);
            }
        }
        if fs.version >= 3 {
            if w.cap {
                // How often the word is lowercase in the training text: a capitalised common
                // word at the start of a sentence is no name.
                let b = lex.bucket(w.low) as u64;
                f.push(h3(90, b, (i == 0) as u64));
                f.push(h3(91, b, w.shape));
            }
            if let Some(r) = runs[i] {
                // The capitalised run the word is in: its length, the word's place in it, its
                // head (last) word and its cue words say what kind of name it is.
                let len = (r.end - r.start).min(5) as u64;
                let pos = if r.end - r.start == 1 {
                    3
                } else if i == r.start {
                    0
                } else if i + 1 == r.end {
                    2
                } else {
                    1
                };
                let last = info[r.end - 1].low;
                f.push(h3(80, pos, len));
                f.push(h3(81, pos, last));
                f.push(h3(82, pos, info[r.start].low));
                f.push(h3(83, pos, r.last_cue));
                f.push(h4(84, pos, r.first_cue, r.last_cue));
                f.push(h3(85, (r.start == 0) as u64, len));
                f.push(h4(86, pos, r.last_cue, title_case as u64));
                if r.any_cue != 0 {
                    for c in 1..4u64 {
                        if r.any_cue & (1 << c) != 0 {
                            f.push(h3(87, pos, c));
                        }
                    }
                }
            }
        }
        out.push(f);
    }
    // Keep the word values for the label-dependent templates: stored after a marker-free tail
    // is simpler as a second array, see `dynamic_features`.
    out
}

/// A run of capitalised words, possibly joined by up to two [`NAME_LINKS`] words (`Bank of
/// England`): `start..end`, with the cue classes ([`cue_class`]) of its first and last words
/// and the set of cue classes of all its words (bit per class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CapRun {
    start: usize,
    end: usize,
    first_cue: u64,
    last_cue: u64,
    any_cue: u64,
}

/// The capitalised run of each word (`None` outside runs).
fn cap_runs(words: &[&str], info: &[WordInfo]) -> Vec<Option<CapRun>> {
    let n = words.len();
    let cap = |k: usize| k < n && info[k].cap;
    let link = |k: usize| k < n && NAME_LINKS.iter().any(|l| l.eq_ignore_ascii_case(words[k]));
    // Cue classes of the capitalised words, looked up once.
    let cues: Vec<u64> = (0..n)
        .map(|k| {
            if cap(k) {
                cue_class(&words[k].to_lowercase())
            } else {
                0
            }
        })
        .collect();
    let cue = |k: usize| cues[k];
    let mut out = vec![None; n];
    let mut i = 0;
    while i < n {
        if !cap(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            if cap(j + 1) {
                j += 1;
            } else if link(j + 1) && cap(j + 2) {
                j += 2;
            } else if link(j + 1) && link(j + 2) && cap(j + 3) {
                j += 3;
            } else {
                break;
            }
        }
        let mut any = 0u64;
        for k in i..=j {
            if cap(k) {
                any |= 1 << cue(k);
            }
        }
        let run = CapRun {
            start: i,
            end: j + 1,
            first_cue: cue(i),
            last_cue: cue(j),
            any_cue: any & !1,
        };
        for slot in &mut out[i..=j] {
            *slot = Some(run);
        }
        i = j + 1;
    }
    out
}

/// The features that depend on the previous predicted labels.
fn dynamic_features(
    fs: FeatureSet,
    out: &mut Vec<u64>,
    p1: usize,
    p2: usize,
    low: u64,
    shape_h: u64,
    xpos: u64,
) {
    out.push(h2(100, p1 as u64));
    out.push(h3(101, p1 as u64, p2 as u64));
    out.push(h3(102, p1 as u64, low));
    out.push(h3(103, p1 as u64, shape_h));
    if fs.tags {
        out.push(h3(104, p1 as u64, xpos));
    }
}

/// The per-word values [`dynamic_features`] and [`History`] need.
#[derive(Clone, Copy)]
struct WordKey {
    low: u64,
    shape: u64,
    xpos: u64,
    raw: u64,
    cap: bool,
}

fn word_keys(words: &[&str], xpos: &[&str]) -> Vec<WordKey> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| WordKey {
            low: hash_str(&norm(w)),
            shape: hash_str(&shape(w)),
            xpos: hash_str(xpos.get(i).copied().unwrap_or("_")),
            raw: hash_str(w),
            cap: w.chars().next().is_some_and(char::is_uppercase),
        })
        .collect()
}

/// What the recogniser has already said about each capitalised word earlier in the document
/// (Ratinov and Roth's "prediction history"): a name typed once is usually typed the same way
/// again. Filled from the model's own predictions, in training as at run time.
#[derive(Default)]
struct History {
    seen: IdMap<[u16; 1 + Label::ALL.len()]>,
}

impl History {
    fn features(&self, k: &WordKey, out: &mut Vec<u64>) {
        if !k.cap {
            return;
        }
        if let Some(counts) = self.seen.get(&k.raw) {
            let total: u32 = counts.iter().map(|&c| c as u32).sum();
            for (t, &c) in counts.iter().enumerate() {
                if c > 0 {
                    out.push(h3(110, t as u64, (2 * c as u32 >= total) as u64));
                }
            }
        }
    }

    /// The second pass's features: the first pass's labels of the word's other occurrences
    /// anywhere in the document (this table holds them all; `own` is this occurrence's label,
    /// left out).
    fn doc_features(&self, k: &WordKey, own: usize, out: &mut Vec<u64>) {
        if let Some(counts) = self.others(k, own) {
            let total: u32 = counts.iter().map(|&c| c as u32).sum();
            let mut best = (0, 0);
            for (t, &c) in counts.iter().enumerate() {
                if c > 0 {
                    out.push(h3(120, t as u64, (2 * c as u32 >= total) as u64));
                    if c > best.1 {
                        best = (t, c);
                    }
                }
            }
            out.push(h3(121, best.0 as u64, (own > 0) as u64));
        }
    }

    /// The label counts of the word's other occurrences (`None` when there is none).
    fn others(&self, k: &WordKey, own: usize) -> Option<[u16; 1 + Label::ALL.len()]> {
        if !k.cap {
            return None;
        }
        let mut counts = *self.seen.get(&k.raw)?;
        let t = class_label(own).map_or(0, |(l, _)| 1 + l.index());
        counts[t] = counts[t].saturating_sub(1);
        counts.iter().any(|&c| c > 0).then_some(counts)
    }

    /// Whether any word of a sentence has other occurrences with first-pass labels (else the
    /// second pass would repeat the first).
    fn touches(&self, keys: &[WordKey], own: &[usize]) -> bool {
        keys.iter()
            .zip(own)
            .any(|(k, &c)| self.others(k, c).is_some())
    }

    fn record(&mut self, keys: &[WordKey], classes: &[usize]) {
        for (k, &c) in keys.iter().zip(classes) {
            if k.cap {
                let t = class_label(c).map_or(0, |(l, _)| 1 + l.index());
                let e = self.seen.entry(k.raw).or_default();
                e[t] = e[t].saturating_add(1);
            }
        }
    }
}

/// Spans of a class sequence.
fn spans_of_classes(classes: &[usize]) -> Vec<NerSpan> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, Label)> = None;
    for (i, &c) in classes.iter().enumerate() {
        let lab = class_label(c);
        let continues = matches!((lab, cur), (Some((l, false)), Some((_, cl))) if l == cl);
        if !continues {
            if let Some((s, l)) = cur.take() {
                out.push(NerSpan {
                    start: s,
                    end: i,
                    label: l,
                });
            }
            cur = lab.map(|(l, _)| (i, l));
        }
    }
    if let Some((s, l)) = cur {
        out.push(NerSpan {
            start: s,
            end: classes.len(),
            label: l,
        });
    }
    out
}

/// The gold classes of a sentence.
fn classes_of_spans(n: usize, spans: &[NerSpan]) -> Vec<usize> {
    let mut c = vec![0; n];
    for s in spans {
        if s.start < s.end && s.end <= n {
            c[s.start] = class_b(s.label);
            for x in &mut c[s.start + 1..s.end] {
                *x = class_b(s.label) + 1;
            }
        }
    }
    c
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/// Training settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NerConfig {
    /// Passes over the training data; the pass scoring best on dev is kept.
    pub iterations: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Averaged weights below this magnitude are dropped (smaller model).
    pub min_abs: f32,
    /// The feature templates to train with.
    #[serde(default)]
    pub features: FeatureSet,
    /// Models trained with seeds `seed`, `seed + 1`, ..., each kept at its best pass on dev,
    /// whose weights are averaged.
    #[serde(default = "one")]
    pub models: usize,
    /// How many of the `models` are trained on the target data (domain 0) only: averaged with
    /// models that also saw the extra data, they keep the target's conventions strong while
    /// the others bring the extra data's names.
    #[serde(default)]
    pub target_only_models: usize,
    /// Probability of replacing a capitalised training word's tags by a wrong one
    /// ([`add_tag_noise`]).
    #[serde(default)]
    pub tag_noise: f64,
    /// Fixed passes per model (model `m` trains `passes[m]` passes and keeps the last; dev
    /// then picks nothing): the final model trained on train + dev uses the passes the dev run
    /// chose. Empty: each model keeps its best pass on dev, up to `iterations`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passes: Vec<usize>,
}

fn one() -> usize {
    1
}

impl Default for NerConfig {
    fn default() -> Self {
        NerConfig {
            iterations: 15,
            seed: 7,
            min_abs: 0.05,
            features: FeatureSet::default(),
            models: 4,
            tag_noise: 0.2,
            target_only_models: 2,
            passes: Vec::new(),
        }
    }
}

/// The named-entity recogniser.
#[derive(Debug, Clone)]
pub struct Ner {
    weights: Weights,
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    features: FeatureSet,
    domain: u8,
    /// Provenance, settings and scores.
    pub meta: ModelMeta,
}

#[cfg(dyad_models_embedded)]
static EMBEDDED: Option<&[u8]> = Some(include_bytes!("../../../data/models/en_ner.bin.gz"));
#[cfg(not(dyad_models_embedded))]
static EMBEDDED: Option<&[u8]> = None;

impl Ner {
    /// The shipped recogniser: built into the library, else read from `data/models/` (or from
    /// `$DYAD_MODELS` when set).
    pub fn load_default() -> Result<Ner> {
        if let Ok(dir) = std::env::var("DYAD_MODELS") {
            return Ner::load_file(&Path::new(&dir).join(NER_FILE));
        }
        match EMBEDDED {
            Some(b) => Ner::from_bytes(b),
            None => Ner::load_file(&crate::default_model_dir().join(NER_FILE)),
        }
    }

    /// Reads a model file.
    pub fn load_file(path: &Path) -> Result<Ner> {
        Ner::from_bytes(&crate::read_file(path)?)
    }

    /// Reads a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Ner> {
        let (raw, meta, at) = crate::decode(bytes, "ner")?;
        let mut r = Reader::new(&raw[at..]);
        let version = r.u32()?;
        let features = match version {
            1 => FeatureSet {
                version: 1,
                tags: true,
                two_pass: false,
            },
            2 => FeatureSet {
                version,
                tags: r.u8()? != 0,
                two_pass: false,
            },
            3 => FeatureSet {
                version,
                tags: r.u8()? != 0,
                two_pass: r.u8()? != 0,
            },
            _ => {
                return Err(Error::InvalidModel(format!(
                    "recogniser feature set {version} (this dyad reads 1 to {FEATURE_VERSION})"
                )))
            }
        };
        let gazetteer = Gazetteer::read(&mut r)?;
        let lexicon = if features.version >= 3 {
            Lexicon::read(&mut r)?
        } else {
            Lexicon::default()
        };
        let weights = Weights::read(&mut r)?;
        if weights.nclasses() != NCLASSES {
            return Err(Error::InvalidModel(
                "recogniser has a wrong class count".into(),
            ));
        }
        if !r.at_end() {
            return Err(Error::InvalidModel(
                "trailing data in recogniser model".into(),
            ));
        }
        Ok(Ner {
            weights,
            gazetteer,
            lexicon,
            features,
            domain: 0,
            meta,
        })
    }

    /// The model as a compressed file.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        crate::encode("ner", &self.meta, |w| {
            w.u32(self.features.version);
            if self.features.version >= 2 {
                w.u8(self.features.tags as u8);
            }
            if self.features.version >= 3 {
                w.u8(self.features.two_pass as u8);
            }
            self.gazetteer.write(w);
            if self.features.version >= 3 {
                self.lexicon.write(w);
            }
            self.weights.write(w);
        })
    }

    /// Follow the annotation conventions of a training domain: 0 (the default) is GUM's, where
    /// titles belong to names (`President Obama`); 1 is that of the extra training data
    /// (Universal NER: `President` `Obama`). Only matters for a model trained with extra data.
    pub fn set_domain(&mut self, domain: u8) {
        self.domain = domain;
    }

    /// The gazetteer the model was trained with.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Number of (feature, class) weights.
    pub fn size(&self) -> usize {
        self.weights.nweights()
    }

    /// The entities of one sentence, given its words and their UPOS and XPOS tags (`_` or
    /// missing tags are allowed, at some cost in accuracy).
    pub fn recognise(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Vec<NerSpan> {
        self.recognise_doc(&[SentenceRef { words, upos, xpos }])
            .pop()
            .unwrap_or_default()
    }

    /// The entities of each sentence of one document. The recogniser looks at the other
    /// occurrences of a word in the document, so this is more accurate than sentence by
    /// sentence.
    pub fn recognise_doc(&self, sents: &[SentenceRef]) -> Vec<Vec<NerSpan>> {
        let all: Vec<&[&str]> = sents.iter().map(|s| s.words).collect();
        let ctx = DocContext::new(&all);
        let mut step = |f: &[u64], _: usize, p1: usize| {
            let mut scores = [0f32; NCLASSES];
            self.weights.score(f, &mut scores);
            argmax_where(&scores, |c| allowed(p1, c)).unwrap_or(0)
        };
        let prepared: Vec<(Vec<Vec<u64>>, Vec<WordKey>)> = sents
            .iter()
            .enumerate()
            .map(|(k, s)| {
                prepare(
                    self.features,
                    &self.gazetteer,
                    &self.lexicon,
                    &ctx,
                    self.domain,
                    k,
                    s.words,
                    s.upos,
                    s.xpos,
                )
            })
            .collect();
        let mut hist = History::default();
        let mut classes: Vec<Vec<usize>> = Vec::with_capacity(sents.len());
        for (stat, keys) in &prepared {
            let c = decode_sentence(self.features, stat, keys, &hist, None, &mut step);
            hist.record(keys, &c);
            classes.push(c);
        }
        if self.features.two_pass {
            // Second pass: each sentence again, now seeing what the first pass said about its
            // words anywhere in the document, with the first pass's history as before.
            let doc_labels = hist;
            let mut hist = History::default();
            let mut second = Vec::with_capacity(classes.len());
            for ((stat, keys), first) in prepared.iter().zip(&classes) {
                let c = if doc_labels.touches(keys, first) {
                    let d = Some((&doc_labels, first.as_slice()));
                    decode_sentence(self.features, stat, keys, &hist, d, &mut step)
                } else {
                    first.clone()
                };
                hist.record(keys, first);
                second.push(c);
            }
            classes = second;
        }
        sents
            .iter()
            .zip(classes)
            .map(|(s, c)| trim_links(s.words, spans_of_classes(&c)))
            .collect()
    }

    /// Fills `doc.entities` from its tokens, sentences and (when present) syntax layer. Besides
    /// the model's names, a capitalised nationality adjective outside any name (`Russian`
    /// troops) is marked `NORP`, as OntoNotes does; GUM does not annotate those.
    pub fn annotate(&self, doc: &mut Document) {
        let ranges: Vec<std::ops::Range<usize>> = if doc.sentences.is_empty() {
            std::iter::once(0..doc.tokens.len()).collect()
        } else {
            doc.sentences.iter().map(|s| s.token_range()).collect()
        };
        let syn = doc
            .syntax
            .as_ref()
            .filter(|s| s.is_consistent() && s.len() == doc.tokens.len());
        let ranges: Vec<std::ops::Range<usize>> = ranges
            .into_iter()
            .filter(|r| r.start < r.end && r.end <= doc.tokens.len())
            .collect();
        let words: Vec<Vec<&str>> = ranges
            .iter()
            .map(|r| {
                doc.tokens[r.clone()]
                    .iter()
                    .map(|t| doc.get(t.span).unwrap_or("_"))
                    .collect()
            })
            .collect();
        let tags = |f: fn(&dyad_core::Syntax) -> &Vec<String>| -> Vec<Vec<&str>> {
            ranges
                .iter()
                .map(|r| match syn {
                    Some(s) => f(s)[r.clone()].iter().map(String::as_str).collect(),
                    None => Vec::new(),
                })
                .collect()
        };
        let upos = tags(|s| &s.upos);
        let xpos = tags(|s| &s.xpos);
        let refs: Vec<SentenceRef> = (0..ranges.len())
            .map(|k| SentenceRef {
                words: &words[k],
                upos: &upos[k],
                xpos: &xpos[k],
            })
            .collect();
        let found = self.recognise_doc(&refs);
        let mut entities = Vec::new();
        for (k, (r, mut spans)) in ranges.iter().zip(found).enumerate() {
            self.add_adjectival_norp(&words[k], &upos[k], &mut spans);
            for s in spans {
                let (a, b) = (r.start + s.start, r.start + s.end);
                let span = doc.tokens[a].span.cover(doc.tokens[b - 1].span);
                entities.push(Entity {
                    span,
                    tokens: a as u32..b as u32,
                    label: s.label.as_str().to_string(),
                });
            }
        }
        doc.entities = entities;
    }

    /// Adds single capitalised nationality words not inside a span as `NORP`, and relabels
    /// as `NORP` a person name that is only a nationality word (`Russian` in `Russian Foreign
    /// Minister`): GUM types nationality groups as persons, and training relabels those the
    /// same way ([`Gazetteer::relabel_norp`]), but an adjective before a title can still come
    /// out as a one-word person.
    fn add_adjectival_norp(&self, words: &[&str], upos: &[&str], spans: &mut Vec<NerSpan>) {
        for s in spans.iter_mut() {
            if s.label == Label::Per
                && s.end <= words.len()
                && self.gazetteer.classes(&words[s.start..s.end]) & GazClass::Nationality.bit() != 0
            {
                s.label = Label::Norp;
            }
        }
        let mut covered = vec![false; words.len()];
        for s in spans.iter() {
            for c in covered.iter_mut().take(s.end).skip(s.start) {
                *c = true;
            }
        }
        let mut added = false;
        for (i, w) in words.iter().enumerate() {
            if covered[i]
                || !w.chars().next().is_some_and(char::is_uppercase)
                || matches!(upos.get(i).copied(), Some("VERB" | "AUX" | "ADP" | "DET"))
                || self.gazetteer.classes(&words[i..i + 1]) & GazClass::Nationality.bit() == 0
            {
                continue;
            }
            spans.push(NerSpan {
                start: i,
                end: i + 1,
                label: Label::Norp,
            });
            added = true;
        }
        if added {
            spans.sort();
        }
    }
}

/// One sentence given to [`Ner::recognise_doc`]: words and their UPOS and XPOS tags (the
/// tag slices may be shorter or empty: missing tags read as unknown).
#[derive(Debug, Clone, Copy)]
pub struct SentenceRef<'a> {
    /// Words.
    pub words: &'a [&'a str],
    /// UPOS tags.
    pub upos: &'a [&'a str],
    /// Penn Treebank tags.
    pub xpos: &'a [&'a str],
}

/// Drops function words a predicted name begins or ends with (`Rector of`): names are
/// joined by them, never bounded.
fn trim_links(words: &[&str], spans: Vec<NerSpan>) -> Vec<NerSpan> {
    let is_link = |w: &str| NAME_LINKS.contains(&w.to_lowercase().as_str());
    spans
        .into_iter()
        .filter_map(|mut s| {
            while s.start < s.end && words.get(s.start).is_some_and(|w| is_link(w)) {
                s.start += 1;
            }
            while s.end > s.start && words.get(s.end - 1).is_some_and(|w| is_link(w)) {
                s.end -= 1;
            }
            (s.start < s.end).then_some(s)
        })
        .collect()
}

/// Adds the domain-specific copy of every feature (nothing for domain 0).
fn add_domain(stat: &mut [Vec<u64>], domain: u8) {
    if domain == 0 {
        return;
    }
    for f in stat {
        let n = f.len();
        for j in 0..n {
            f.push(comb(f[j], 0xd0_0000 + domain as u64));
        }
    }
}

/// Consecutive sentences of the same document.
fn doc_groups(sents: &[NerSentence]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=sents.len() {
        if i == sents.len() || sents[i].doc != sents[start].doc {
            out.push(start..i);
            start = i;
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Replaces, with probability `p`, the tags of a capitalised word by another tag a name is
/// often mistaken for (proper noun, common noun, adjective): the tagger was trained on the
/// recogniser's training sentences and tags them almost perfectly, while it errs on new text;
/// the noise teaches the recogniser how far to trust the tags.
fn add_tag_noise<'a>(
    words: &[&str],
    upos: &mut [&'a str],
    xpos: &mut [&'a str],
    p: f64,
    rng: &mut Rng,
) {
    const ALT: [(&str, &str); 3] = [("PROPN", "NNP"), ("NOUN", "NN"), ("ADJ", "JJ")];
    for (i, w) in words.iter().enumerate() {
        if !w.chars().next().is_some_and(char::is_uppercase) || rng.unit() >= p {
            continue;
        }
        let (Some(u), Some(x)) = (upos.get_mut(i), xpos.get_mut(i)) else {
            continue;
        };
        let others: Vec<(&str, &str)> = ALT.iter().copied().filter(|a| a.0 != *u).collect();
        if let Some(&(nu, nx)) = others.get((rng.next() % others.len().max(1) as u64) as usize) {
            *u = nu;
            *x = nx;
        }
    }
}

/// The static features (with their domain copies) and word keys of a sentence.
#[allow(clippy::too_many_arguments)]
fn prepare(
    fs: FeatureSet,
    gaz: &Gazetteer,
    lex: &Lexicon,
    ctx: &DocContext,
    domain: u8,
    sent: usize,
    words: &[&str],
    upos: &[&str],
    xpos: &[&str],
) -> (Vec<Vec<u64>>, Vec<WordKey>) {
    // GUM's names (domain 0) are capitalised words and proper nouns (`bin`, `al` in Arabic
    // names are tagged PROPN); Universal NER's web text has lowercase names of any tag.
    let need = |i: usize| {
        domain != 0
            || words
                .get(i)
                .is_some_and(|w| may_be_in_name(w, upos.get(i).copied().unwrap_or("_")))
    };
    let mut stat = static_features(fs, gaz, lex, ctx, sent, words, upos, xpos, &need);
    add_domain(&mut stat, domain);
    (stat, word_keys(words, xpos))
}

/// Whether a word tagged `upos` can be part of a name, as names are drawn from GUM
/// ([`name_core`]): a proper noun (`bin`, `al` in Arabic names), a word with a capital letter or
/// a digit, or a [`NAME_LINKS`] word between two such words. Every other word (lowercase common
/// words, most punctuation) is outside any name, so recognition gives it class `O` without
/// scoring it: about three words in four of running text.
fn may_be_in_name(w: &str, upos: &str) -> bool {
    upos == "PROPN"
        || w.chars().any(|c| c.is_uppercase() || c.is_numeric())
        || NAME_LINKS.iter().any(|l| l.eq_ignore_ascii_case(w))
}

/// Greedy left-to-right decoding of one sentence: `step` gets each word's features, its index
/// and the previous class, and returns the word's class (scoring with the frozen weights, or
/// scoring and updating in training). `doc` holds the first pass's labels of the document and
/// of this sentence in the second pass.
fn decode_sentence(
    fs: FeatureSet,
    stat: &[Vec<u64>],
    keys: &[WordKey],
    hist: &History,
    doc: Option<(&History, &[usize])>,
    step: &mut dyn FnMut(&[u64], usize, usize) -> usize,
) -> Vec<usize> {
    let mut out = Vec::with_capacity(stat.len());
    let mut feats = Vec::with_capacity(96);
    let (mut p1, mut p2) = (NCLASSES, NCLASSES);
    for (i, f) in stat.iter().enumerate() {
        if f.is_empty() {
            // No static features: a word that cannot be in a name (see `prepare`).
            out.push(0);
            (p2, p1) = (p1, 0);
            continue;
        }
        feats.clear();
        feats.extend_from_slice(f);
        let k = keys[i];
        dynamic_features(fs, &mut feats, p1, p2, k.low, k.shape, k.xpos);
        hist.features(&k, &mut feats);
        if let Some((labels, own)) = doc {
            labels.doc_features(&k, own.get(i).copied().unwrap_or(0), &mut feats);
        }
        let c = step(&feats, i, p1);
        out.push(c);
        p2 = p1;
        p1 = c;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Training and evaluation
// ---------------------------------------------------------------------------------------------

/// A training sentence: static features, word keys, gold classes.
type Sent = (Vec<Vec<u64>>, Vec<WordKey>, Vec<usize>);

/// One pass of perceptron training over the documents in `order` (but those `skip` names),
/// sentences in document order. With a two-pass feature set each document is then decoded again
/// with the second pass's features, built from `held_out` first-pass labels (per document,
/// sentence and word) when given, else from this pass's own guesses. Returns (correct, words)
/// of the first pass.
fn train_epoch(
    trainer: &mut Trainer,
    fs: FeatureSet,
    docs: &[Vec<Sent>],
    order: &[usize],
    skip: &dyn Fn(usize) -> bool,
    held_out: Option<&[Vec<Vec<usize>>]>,
) -> (usize, usize) {
    let (mut ok, mut n) = (0usize, 0usize);
    for &d in order {
        if skip(d) {
            continue;
        }
        // Sentences in document order: the history feature reads earlier predictions.
        let mut hist = History::default();
        let mut first: Vec<Vec<usize>> = Vec::with_capacity(docs[d].len());
        for (stat, keys, gold) in &docs[d] {
            let mut step = |f: &[u64], i: usize, p1: usize| {
                let mut scores = [0f32; NCLASSES];
                trainer.score(f, &mut scores);
                let guess = argmax_where(&scores, |c| allowed(p1, c)).unwrap_or(0);
                let g = gold.get(i).copied().unwrap_or(0);
                trainer.update(f, g, guess);
                trainer.tick();
                ok += (guess == g) as usize;
                n += 1;
                guess
            };
            let guesses = decode_sentence(fs, stat, keys, &hist, None, &mut step);
            hist.record(keys, &guesses);
            first.push(guesses);
        }
        if !fs.two_pass {
            continue;
        }
        // The second pass learns from first-pass labels of the document, as
        // `Ner::recognise_doc` decodes. The model's own guesses on its training documents are
        // nearly always right, so it would learn to trust them too much: labels from models
        // that did not see the document are as wrong as the first pass is on new text.
        let (doc_labels, first) = match held_out.and_then(|h| h.get(d)) {
            Some(h) => {
                let mut l = History::default();
                for ((_, keys, _), c) in docs[d].iter().zip(h) {
                    l.record(keys, c);
                }
                (l, h.as_slice())
            }
            None => (hist, first.as_slice()),
        };
        let mut hist = History::default();
        for ((stat, keys, gold), own) in docs[d].iter().zip(first) {
            if doc_labels.touches(keys, own) {
                let mut step = |f: &[u64], i: usize, p1: usize| {
                    let mut scores = [0f32; NCLASSES];
                    trainer.score(f, &mut scores);
                    let guess = argmax_where(&scores, |c| allowed(p1, c)).unwrap_or(0);
                    trainer.update(f, gold.get(i).copied().unwrap_or(0), guess);
                    trainer.tick();
                    guess
                };
                let dl = Some((&doc_labels, own.as_slice()));
                decode_sentence(fs, stat, keys, &hist, dl, &mut step);
            }
            hist.record(keys, own);
        }
    }
    (ok, n)
}

/// Folds of the training documents for [`held_out_labels`].
const HELD_OUT_FOLDS: usize = 3;

/// First-pass labels of every training document from a one-pass model trained on the other
/// folds (jackknifing), for the second pass to learn from labels as noisy as at run time.
fn held_out_labels(cfg: &NerConfig, docs: &[Vec<Sent>]) -> Vec<Vec<Vec<usize>>> {
    let fs = FeatureSet {
        two_pass: false,
        ..cfg.features
    };
    let mut held: Vec<Vec<Vec<usize>>> = vec![Vec::new(); docs.len()];
    for fold in 0..HELD_OUT_FOLDS {
        let mut trainer = Trainer::new(NCLASSES);
        let mut order: Vec<usize> = (0..docs.len())
            .filter(|d| d % HELD_OUT_FOLDS != fold)
            .collect();
        let mut rng = Rng::new(cfg.seed ^ (0xf01d + fold as u64));
        for _ in 0..cfg.iterations.clamp(1, 6) {
            rng.shuffle(&mut order);
            train_epoch(&mut trainer, fs, docs, &order, &|_| false, None);
        }
        let w = trainer.freeze(cfg.min_abs);
        let mut step = |f: &[u64], _: usize, p1: usize| {
            let mut scores = [0f32; NCLASSES];
            w.score(f, &mut scores);
            argmax_where(&scores, |c| allowed(p1, c)).unwrap_or(0)
        };
        for d in (0..docs.len()).filter(|d| d % HELD_OUT_FOLDS == fold) {
            let mut hist = History::default();
            for (stat, keys, _) in &docs[d] {
                let c = decode_sentence(fs, stat, keys, &hist, None, &mut step);
                hist.record(keys, &c);
                held[d].push(c);
            }
        }
    }
    held
}

/// Trains a recogniser on `train` (whose tags should be the tagger's), keeping the pass that
/// scores best on `dev` (exact-span micro F1 over PER/LOC/ORG). `progress` receives a line per
/// pass.
pub fn train(
    train: &[NerSentence],
    dev: &[NerSentence],
    gazetteer: Gazetteer,
    cfg: &NerConfig,
    progress: &mut dyn FnMut(&str),
) -> (Ner, TrainReport) {
    let start = Instant::now();
    let mut report = TrainReport::default();
    let mut cfg = cfg.clone();
    // Feature sets 1 and 2 decode in one pass.
    cfg.features.two_pass &= cfg.features.version >= 3;
    let cfg = &cfg;
    // Static features once: they do not change between passes.
    let mut docs: Vec<Vec<Sent>> = Vec::new();
    let mut extra_doc: Vec<bool> = Vec::new();
    let mut noise_rng = Rng::new(cfg.seed ^ 0x7a9);
    let lexicon = if cfg.features.version >= 3 {
        let all: Vec<&[String]> = train.iter().map(|s| s.words.as_slice()).collect();
        Lexicon::learn(&all)
    } else {
        Lexicon::default()
    };
    for g in doc_groups(train) {
        let mut data: Vec<Sent> = Vec::new();
        let sents = &train[g];
        let words: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let all: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let ctx = DocContext::new(&all);
        for (k, s) in sents.iter().enumerate() {
            if s.words.is_empty() {
                continue;
            }
            let mut upos: Vec<&str> = s.upos.iter().map(String::as_str).collect();
            let mut xpos: Vec<&str> = s.xpos.iter().map(String::as_str).collect();
            if cfg.tag_noise > 0.0 {
                add_tag_noise(
                    &words[k],
                    &mut upos,
                    &mut xpos,
                    cfg.tag_noise,
                    &mut noise_rng,
                );
            }
            let mut stat = static_features(
                cfg.features,
                &gazetteer,
                &lexicon,
                &ctx,
                k,
                &words[k],
                &upos,
                &xpos,
                &|_| true,
            );
            add_domain(&mut stat, s.domain);
            data.push((
                stat,
                word_keys(&words[k], &xpos),
                classes_of_spans(words[k].len(), &s.spans),
            ));
        }
        docs.push(data);
        extra_doc.push(sents.iter().any(|s| s.domain != 0));
    }
    let held_out = cfg.features.two_pass.then(|| {
        let t = Instant::now();
        let h = held_out_labels(cfg, &docs);
        progress(&format!(
            "first-pass labels of the training documents from held-out models: {:.0} s",
            t.elapsed().as_secs_f64()
        ));
        h
    });
    // Several models from different shuffles, each at its best pass on dev, averaged: the
    // mean of linear models is one linear model, so the ensemble costs nothing at run time,
    // and it smooths out the pass-to-pass and seed-to-seed noise of a single perceptron.
    let mut chosen: Vec<(usize, Weights)> = Vec::new();
    for model in 0..cfg.models.max(1) {
        let mut trainer = Trainer::new(NCLASSES);
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut rng = Rng::new(cfg.seed + model as u64);
        let mut best: Option<(f64, usize, Weights)> = None;
        let fixed = cfg.passes.get(model).copied();
        for pass in 1..=fixed.unwrap_or(cfg.iterations).max(1) {
            rng.shuffle(&mut order);
            let skip = |d: usize| model < cfg.target_only_models && extra_doc[d];
            let (ok, n) = train_epoch(
                &mut trainer,
                cfg.features,
                &docs,
                &order,
                &skip,
                held_out.as_deref(),
            );
            let w = trainer.freeze(cfg.min_abs);
            let ner = Ner {
                weights: w,
                gazetteer: gazetteer.clone(),
                lexicon: lexicon.clone(),
                features: cfg.features,
                domain: 0,
                meta: ModelMeta::default(),
            };
            let dev_f1 = if dev.is_empty() || fixed.is_some() {
                // With fixed passes the last one is kept (it scores `pass`, growing).
                pass as f64
            } else {
                evaluate(&ner, dev).f1
            };
            let dev_note = if fixed.is_some() {
                String::from("fixed passes")
            } else {
                format!("dev F1 {dev_f1:.2}")
            };
            let line = format!(
                "model {}, pass {pass}: train token accuracy {:.2}, {dev_note}, {} weights",
                model + 1,
                crate::percent(ok, n),
                ner.weights.nweights()
            );
            progress(&line);
            report.log.push(line);
            if best.as_ref().is_none_or(|b| dev_f1 > b.0) {
                best = Some((dev_f1, pass, ner.weights));
            }
        }
        if let Some((_, pass, w)) = best {
            chosen.push((pass, w));
        }
    }
    let pass = chosen.first().map_or(0, |c| c.0);
    for (m, c) in chosen.iter().enumerate() {
        report
            .scores
            .insert(format!("best_pass_model_{}", m + 1), c.0 as f64);
    }
    let weights = match chosen.len() {
        0 => Trainer::new(NCLASSES).freeze(0.0),
        1 => chosen.remove(0).1,
        _ => {
            let ws: Vec<Weights> = chosen.iter().map(|c| c.1.clone()).collect();
            Weights::average(&ws)
        }
    };
    let ner = Ner {
        weights,
        gazetteer,
        lexicon,
        features: cfg.features,
        domain: 0,
        meta: ModelMeta::default(),
    };
    if !dev.is_empty() {
        let sc = evaluate(&ner, dev);
        report.scores.insert("dev_precision".into(), sc.precision);
        report.scores.insert("dev_recall".into(), sc.recall);
        report.scores.insert("dev_f1".into(), sc.f1);
        for (l, t) in &sc.per_type {
            report.scores.insert(format!("dev_f1_{l}"), t.f1);
        }
    }
    report.scores.insert("best_pass".into(), pass as f64);
    report.seconds = start.elapsed().as_secs_f64();
    (ner, report)
}

/// Precision, recall and F1 (percentages) of one type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeScores {
    /// Correct / predicted.
    pub precision: f64,
    /// Correct / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Predicted entities with exactly the gold span and type.
    pub correct: usize,
}

impl TypeScores {
    fn of(correct: usize, gold: usize, predicted: usize) -> TypeScores {
        let p = crate::percent(correct, predicted);
        let r = crate::percent(correct, gold);
        TypeScores {
            precision: p,
            recall: r,
            f1: if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
            gold,
            predicted,
            correct,
        }
    }
}

/// Scores of [`evaluate`]: exact-span micro precision, recall and F1 over PER, LOC and ORG
/// (NORP is scored per type only: GUM has it only by relabelling and Universal NER not at all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NerScores {
    /// Micro precision over PER/LOC/ORG.
    pub precision: f64,
    /// Micro recall over PER/LOC/ORG.
    pub recall: f64,
    /// Micro F1 over PER/LOC/ORG.
    pub f1: f64,
    /// Scores per type (PER, LOC, ORG, NORP).
    pub per_type: BTreeMap<String, TypeScores>,
    /// Micro F1 over PER/LOC/ORG when NORP counts as PER on both sides (GUM's own typing,
    /// where nationality groups are persons).
    pub f1_norp_as_per: f64,
    /// Sentences scored.
    pub sentences: usize,
    /// Words scored.
    pub words: usize,
    /// Recognition speed, words per second (one thread, tags given).
    pub words_per_sec: f64,
}

/// The recogniser's entities for each sentence (with the tags they carry), document by
/// document.
pub fn predict(ner: &Ner, sents: &[NerSentence]) -> Vec<Vec<NerSpan>> {
    let mut out = Vec::with_capacity(sents.len());
    for g in doc_groups(sents) {
        let group = &sents[g];
        let strs = |f: fn(&NerSentence) -> &Vec<String>| -> Vec<Vec<&str>> {
            group
                .iter()
                .map(|s| f(s).iter().map(String::as_str).collect())
                .collect()
        };
        let (words, upos, xpos) = (strs(|s| &s.words), strs(|s| &s.upos), strs(|s| &s.xpos));
        let refs: Vec<SentenceRef> = (0..group.len())
            .map(|k| SentenceRef {
                words: &words[k],
                upos: &upos[k],
                xpos: &xpos[k],
            })
            .collect();
        out.extend(ner.recognise_doc(&refs));
    }
    out
}

/// Runs the recogniser on the sentences (with the tags they carry) and scores exact spans.
pub fn evaluate(ner: &Ner, gold: &[NerSentence]) -> NerScores {
    let start = Instant::now();
    let pred = predict(ner, gold);
    let secs = start.elapsed().as_secs_f64();
    let golds: Vec<Vec<NerSpan>> = gold.iter().map(|s| s.spans.clone()).collect();
    let mut sc = score_spans(&golds, &pred);
    sc.sentences = gold.len();
    sc.words = gold.iter().map(|s| s.words.len()).sum();
    sc.words_per_sec = if secs > 0.0 {
        sc.words as f64 / secs
    } else {
        0.0
    };
    sc
}

/// Exact-span scores of predicted against gold entities, sentence by sentence.
pub fn score_spans(gold: &[Vec<NerSpan>], pred: &[Vec<NerSpan>]) -> NerScores {
    let mut counts = [[0usize; 3]; 4]; // per label: correct, gold, predicted
    let mut folded = [0usize; 3];
    let main = |l: Label| l != Label::Norp;
    let fold = |s: &NerSpan| {
        let mut s = *s;
        if s.label == Label::Norp {
            s.label = Label::Per;
        }
        s
    };
    for (g, p) in gold.iter().zip(pred) {
        for s in g {
            counts[s.label.index()][1] += 1;
        }
        for s in p {
            counts[s.label.index()][2] += 1;
            if g.contains(s) {
                counts[s.label.index()][0] += 1;
            }
        }
        let gf: Vec<NerSpan> = g.iter().map(fold).collect();
        folded[1] += gf.len();
        folded[2] += p.len();
        folded[0] += p.iter().map(fold).filter(|s| gf.contains(s)).count();
    }
    let mut sc = NerScores::default();
    let (mut c, mut g, mut p) = (0, 0, 0);
    for l in Label::ALL {
        let [lc, lg, lp] = counts[l.index()];
        sc.per_type
            .insert(l.as_str().to_string(), TypeScores::of(lc, lg, lp));
        if main(l) {
            c += lc;
            g += lg;
            p += lp;
        }
    }
    let m = TypeScores::of(c, g, p);
    sc.precision = m.precision;
    sc.recall = m.recall;
    sc.f1 = m.f1;
    sc.f1_norp_as_per = TypeScores::of(folded[0], folded[1], folded[2]).f1;
    sc
}

/// Options of [`build_ner_with`] beyond the settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions<'a> {
    /// Tags predicted by jackknifing for the training sentences the tagger itself learnt from
    /// (GUM train, Universal NER EWT train); sentences not found there keep the tagger's tags.
    pub jackknifed: Option<&'a JackknifedTags>,
    /// The final model: after the run on train that picks each model's pass on dev, train
    /// again on train + dev with those passes. Its dev scores are then not held out: the
    /// metadata keeps the dev run's (held-out) scores, and `final_dev_f1_not_held_out`.
    pub with_dev: bool,
}

/// Trains the shipped recogniser from GUM: train on `train` (plus `extra_train`, for example
/// Universal NER sentences), pick the pass on `dev`, with the tags of `models`' tagger; returns
/// the model with its metadata filled (data, settings, date, dev scores). [`BuildOptions`]
/// add jackknifed training tags and the final retraining on train + dev.
// The arguments are the recipe's inputs, each distinct; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub fn build_ner_with(
    train_conllu: &[ConlluSentence],
    dev_conllu: &[ConlluSentence],
    extra_train: &[NerSentence],
    data: Vec<String>,
    models: &Models,
    gazetteer: Gazetteer,
    cfg: &NerConfig,
    opts: BuildOptions<'_>,
    progress: &mut dyn FnMut(&str),
) -> (Ner, TrainReport) {
    let mut tr = gum_sentences(train_conllu);
    let ndocs = tr.last().map_or(0, |s| s.doc + 1);
    tr.extend(extra_train.iter().cloned().map(|mut s| {
        s.doc += ndocs;
        s.domain = s.domain.max(1);
        s
    }));
    let mut dv = gum_sentences(dev_conllu);
    gazetteer.relabel_norp(&mut tr);
    gazetteer.relabel_norp(&mut dv);
    tag_sentences(models, &mut tr);
    // GUM dev is not in the tagger's training data: its tags are as on new text.
    tag_sentences(models, &mut dv);
    let jk_matched = opts.jackknifed.map(|jk| {
        let n = jk.apply(&mut tr);
        progress(&format!(
            "jackknifed tags ({} folds) on {n} of {} training sentences",
            jk.folds,
            tr.len()
        ));
        n
    });
    let nphrases = gazetteer.len();
    let (mut ner, report) = if opts.with_dev {
        let (_, dev_run) = train(&tr, &dv, gazetteer.clone(), cfg, progress);
        let mut fin = cfg.clone();
        fin.passes = (1..=cfg.models.max(1))
            .map(|m| {
                dev_run
                    .scores
                    .get(&format!("best_pass_model_{m}"))
                    .map_or(cfg.iterations, |&p| p as usize)
            })
            .collect();
        progress(&format!(
            "final model: train + dev, passes {:?} chosen on dev",
            fin.passes
        ));
        let mut all = tr.clone();
        let base = all.last().map_or(0, |s| s.doc + 1);
        all.extend(dv.iter().cloned().map(|mut s| {
            s.doc += base;
            s
        }));
        let (ner, fin_run) = train(&all, &dv, gazetteer, &fin, progress);
        let mut report = dev_run;
        if let Some(f) = fin_run.scores.get("dev_f1") {
            report.scores.insert("final_dev_f1_not_held_out".into(), *f);
        }
        report.log.extend(fin_run.log);
        report.seconds += fin_run.seconds;
        (ner, report)
    } else {
        train(&tr, &dv, gazetteer, cfg, progress)
    };
    let passes: Vec<f64> = (1..=cfg.models.max(1))
        .filter_map(|m| report.scores.get(&format!("best_pass_model_{m}")).copied())
        .collect();
    let mut settings = serde_json::json!({
        "method": "greedy averaged perceptron, BIO labels",
        "features": cfg.features.version,
        "tag_features": cfg.features.tags,
        "iterations": cfg.iterations,
        "seed": cfg.seed,
        "models": cfg.models,
        "tag_noise": cfg.tag_noise,
        "target_only_models": cfg.target_only_models,
        "min_abs": cfg.min_abs,
        "tags": "dyad tagger (en_tagger.bin.gz)",
        "gazetteer_phrases": nphrases,
        "gold": "GUM person/place/organization mentions headed by PROPN, cut to the name; nationality groups relabelled NORP",
        "passes_chosen_on_dev": passes,
    });
    if let (Some(jk), Some(n), Some(obj)) = (opts.jackknifed, jk_matched, settings.as_object_mut())
    {
        obj.insert(
            "tags".into(),
            serde_json::json!(format!(
                "dyad tagger (en_tagger.bin.gz); training sentences the tagger learnt from tagged by {}-fold jackknifing ({n} of {} sentences)",
                jk.folds,
                tr.len()
            )),
        );
        obj.insert("jackknife_folds".into(), serde_json::json!(jk.folds));
    }
    if let (true, Some(obj)) = (opts.with_dev, settings.as_object_mut()) {
        obj.insert(
            "final".into(),
            serde_json::json!("trained on GUM train + dev with the passes chosen on dev (passes_chosen_on_dev); dev scores are those of the dev run, the final model's dev score is not held out"),
        );
    }
    let mut meta = ModelMeta::new("ner", data, settings);
    meta.licence = if extra_train.is_empty() {
        "CC BY 4.0 (derived from UD English GUM, CC BY 4.0)".into()
    } else {
        "CC BY-SA 4.0 (derived from UD English GUM, CC BY 4.0, and Universal NER English EWT, CC BY-SA 4.0)".into()
    };
    meta.scores = report.scores.clone();
    ner.meta = meta;
    (ner, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conllu(rows: &[(&str, &str, u32, &str)]) -> ConlluSentence {
        let text: String = rows
            .iter()
            .enumerate()
            .map(|(i, (form, upos, head, misc))| {
                format!(
                    "{}\t{form}\t_\t{upos}\t_\t_\t{head}\tdep\t_\t{misc}\n",
                    i + 1
                )
            })
            .collect();
        dyad_text::conllu::parse_str(&text, "t").unwrap().remove(0)
    }

    #[test]
    fn entity_misc_brackets() {
        let m = parse_entity_misc("Discourse=x|Entity=(7-person-new-ssnns-cf2-1-coref)6)5)|MSeg=a");
        assert_eq!(
            m,
            vec![
                EntityMark::Open {
                    id: "7".into(),
                    etype: "person".into(),
                    closed: true
                },
                EntityMark::Close { id: "6".into() },
                EntityMark::Close { id: "5".into() },
            ]
        );
        let m = parse_entity_misc("Entity=(4-place-new-nnnnn-cf2-2-sgl-United_States");
        assert_eq!(
            m,
            vec![EntityMark::Open {
                id: "4".into(),
                etype: "place".into(),
                closed: false
            }]
        );
        assert!(parse_entity_misc("SpaceAfter=No").is_empty());
        // Malformed values give what can be read, never a panic.
        let _ = parse_entity_misc("Entity=((()))x)(");
    }

    #[test]
    fn nested_and_multiword_mentions() {
        // [the University of [NSW]]'s school: the organisation's name wins over the nested place.
        let s = conllu(&[
            ("the", "DET", 2, "Entity=(1-organization-new-x-cf1-1-sgl"),
            ("University", "PROPN", 6, "_"),
            ("of", "ADP", 4, "_"),
            ("NSW", "PROPN", 2, "Entity=(2-place-new-x-cf1-1-sgl)1)"),
            ("'s", "PART", 2, "_"),
            ("school", "NOUN", 0, "_"),
        ]);
        let ms = gum_mentions(&s);
        assert_eq!(ms.len(), 2);
        assert_eq!(
            (ms[0].start, ms[0].end, ms[0].etype.as_str()),
            (0, 4, "organization")
        );
        assert_eq!((ms[1].start, ms[1].end), (3, 4));
        assert_eq!(
            gum_spans(&s),
            vec![NerSpan {
                start: 1,
                end: 4,
                label: Label::Org
            }]
        );
        // A person with a relative clause keeps only the name; a common-noun head is no name.
        let s = conllu(&[
            ("Jason", "PROPN", 0, "Entity=(1-person-new-x-cf1-1-sgl"),
            (",", "PUNCT", 4, "_"),
            ("who", "PRON", 4, "_"),
            ("edits", "VERB", 1, "Entity=1)"),
            ("the", "DET", 6, "Entity=(2-person-new-x-cf1-1-sgl"),
            ("editor", "NOUN", 4, "Entity=2)"),
        ]);
        assert_eq!(
            gum_spans(&s),
            vec![NerSpan {
                start: 0,
                end: 1,
                label: Label::Per
            }]
        );
    }

    #[test]
    fn conll_docstart_separates_documents() {
        // wikigold / CoNLL 2003 style: `word tag`, IOB1 `I-` tags, `-DOCSTART-` lines.
        let text = "-DOCSTART- O\n\nThe I-ORG\nMad I-ORG\nCapsule I-ORG\nplayed O\n\n\
                    -DOCSTART- O\n\nParis I-LOC\n";
        let s = parse_iob2(text, "t").unwrap();
        assert_eq!(s.len(), 2);
        assert_ne!(s[0].doc, s[1].doc);
        assert!(s.iter().all(|x| !x.words.iter().any(|w| w == "-DOCSTART-")));
        assert_eq!(
            s[0].spans,
            vec![NerSpan {
                start: 0,
                end: 3,
                label: Label::Org
            }]
        );
    }

    #[test]
    fn capitalised_runs_and_cues() {
        let words = [
            "the", "Bank", "of", "England", "met", "Dr.", "Smith", "in", "Hyde", "Park",
        ];
        let info: Vec<WordInfo> = words
            .iter()
            .map(|w| WordInfo {
                low: hash_str(&norm(w)),
                raw: hash_str(w),
                shape: 0,
                upos: 0,
                xpos: 0,
                pre: [0; 3],
                suf: [0; 4],
                cap: w.chars().next().is_some_and(char::is_uppercase),
            })
            .collect();
        let runs = cap_runs(&words, &info);
        assert_eq!(runs[0], None);
        // `of` joins `Bank` and `England` into one run whose first word is an organisation cue.
        let bank = runs[1].unwrap();
        assert_eq!((bank.start, bank.end, bank.first_cue), (1, 4, 1));
        assert_eq!(runs[2], Some(bank));
        assert_eq!(runs[4], None);
        let smith = runs[5].unwrap();
        assert_eq!((smith.start, smith.end, smith.first_cue), (5, 7, 3));
        let park = runs[9].unwrap();
        assert_eq!((park.start, park.last_cue, park.any_cue), (8, 2, 1 << 2));
        assert_eq!(cue_class("inc."), 1);
        assert_eq!(cue_class("river"), 2);
        assert_eq!(cue_class("emperor"), 3);
        assert_eq!(cue_class("table"), 0);
    }

    #[test]
    fn lexicon_buckets_and_round_trip() {
        let s1 = ["Fine", ",", "the", "fine", "print", "by", "Smith"];
        let s2 = ["It", "was", "fine", "says", "Smith", "of", "Smith"];
        let lex = Lexicon::learn(&[&s1[..], &s2[..]]);
        // `fine`: lowercase twice (the sentence-initial `Fine` does not count as a capital).
        assert_eq!(lex.bucket(hash_str("fine")), 1);
        assert_eq!(lex.bucket(hash_str("smith")), 5);
        // Seen once: left out.
        assert_eq!(lex.bucket(hash_str("print")), 0);
        assert_eq!(Lexicon::bucket_of(10, 1), 2 + 8);
        assert_eq!(Lexicon::bucket_of(1, 1), 3);
        let mut w = Writer::default();
        lex.write(&mut w);
        let back = Lexicon::read(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(back, lex);
        assert!(Lexicon::read(&mut Reader::new(&w.buf[..w.buf.len() - 1])).is_err());
    }

    #[test]
    fn iob2_spans() {
        let text = "# sent_id = a\n1\tIn\tO\t-\t-\n2\tNew\tB-LOC\t-\t-\n3\tYork\tI-LOC\t-\t-\n\
                    4\tSmith\tI-PER\t-\t-\n5\tx\tB-OTH\t-\t-\n\n1\tUN\tB-ORG\t-\t-\n";
        let s = parse_iob2(text, "t").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id.as_deref(), Some("a"));
        assert_eq!(
            s[0].spans,
            vec![
                NerSpan {
                    start: 1,
                    end: 3,
                    label: Label::Loc
                },
                NerSpan {
                    start: 3,
                    end: 4,
                    label: Label::Per
                }
            ]
        );
        assert_eq!(s[1].spans.len(), 1);
    }

    #[test]
    fn features_see_words_tags_and_gazetteer() {
        let mut g = Gazetteer::new();
        g.add("the United States", GazClass::Place);
        g.add("Sergei Lavrov", GazClass::Person);
        assert_eq!(g.classes(&["United", "States"]), GazClass::Place.bit());
        assert_eq!(g.classes(&["Lavrov"]), GazClass::Surname.bit());
        let words = ["Lavrov", "visited", "the", "United", "States"];
        let tags = ["PROPN", "VERB", "DET", "PROPN", "PROPN"];
        let ctx = DocContext::default();
        let f = static_features(
            FeatureSet::default(),
            &g,
            &Lexicon::default(),
            &ctx,
            0,
            &words,
            &tags,
            &tags,
            &|_| true,
        );
        assert_eq!(f.len(), 5);
        // The same word in another context shares its word features but not its context ones.
        let f2 = static_features(
            FeatureSet::default(),
            &g,
            &Lexicon::default(),
            &ctx,
            0,
            &["Lavrov", "left"],
            &tags[..2],
            &tags[..2],
            &|_| true,
        );
        assert_eq!(f[0][..12], f2[0][..12]);
        assert_ne!(f[0], f2[0]);
        // The gazetteer match marks the second word of "United States" as its last (L).
        let gz = h3(60, GazClass::Place as u64, 2);
        assert!(f[4].contains(&gz));
        assert!(!f[2].contains(&gz));
        // Without tags, no tag feature; feature set 1 has none of set 2's templates.
        let no_tags = FeatureSet {
            version: 2,
            tags: false,
            two_pass: false,
        };
        let f3 = static_features(
            no_tags,
            &g,
            &Lexicon::default(),
            &ctx,
            0,
            &words,
            &tags,
            &tags,
            &|_| true,
        );
        let upos_feat = h2(40, hash_str("PROPN"));
        assert!(f[0].contains(&upos_feat) && !f3[0].contains(&upos_feat));
        let v1 = FeatureSet {
            version: 1,
            tags: true,
            two_pass: false,
        };
        let f4 = static_features(
            v1,
            &g,
            &Lexicon::default(),
            &ctx,
            0,
            &words,
            &tags,
            &tags,
            &|_| true,
        );
        assert!(f4[0].len() < f[0].len());
        // A place from the large place list has a class of its own.
        g.add("Geneva", GazClass::GeoPlace);
        let f5 = static_features(
            no_tags,
            &g,
            &Lexicon::default(),
            &ctx,
            0,
            &["in", "Geneva"],
            &[],
            &[],
            &|_| true,
        );
        assert!(f5[1].contains(&h3(60, GazClass::GeoPlace as u64, 3)));
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("Obama"), "Xx");
        assert_eq!(norm("G20"), "g00");
    }

    #[test]
    fn bio_round_trip_and_constraints() {
        let spans = vec![
            NerSpan {
                start: 0,
                end: 2,
                label: Label::Per,
            },
            NerSpan {
                start: 2,
                end: 3,
                label: Label::Loc,
            },
        ];
        let c = classes_of_spans(4, &spans);
        assert_eq!(spans_of_classes(&c), spans);
        assert!(!allowed(0, class_b(Label::Per) + 1));
        assert!(allowed(class_b(Label::Per), class_b(Label::Per) + 1));
    }

    #[test]
    fn trains_saves_and_loads() {
        let mut g = Gazetteer::new();
        g.add("France", GazClass::Place);
        let sent = |w: &[&str], spans: Vec<NerSpan>| NerSentence {
            id: None,
            words: w.iter().map(|s| s.to_string()).collect(),
            upos: vec!["_".into(); w.len()],
            xpos: vec!["_".into(); w.len()],
            spans,
            doc: 0,
            domain: 0,
        };
        let data = vec![
            sent(
                &["Macron", "visited", "France", "."],
                vec![
                    NerSpan {
                        start: 0,
                        end: 1,
                        label: Label::Per,
                    },
                    NerSpan {
                        start: 2,
                        end: 3,
                        label: Label::Loc,
                    },
                ],
            ),
            sent(&["it", "rained", "."], vec![]),
        ];
        let cfg = NerConfig {
            iterations: 5,
            seed: 1,
            min_abs: 0.0,
            features: FeatureSet::default(),
            models: 1,
            tag_noise: 0.0,
            target_only_models: 0,
            passes: Vec::new(),
        };
        let (mut ner, _) = train(&data, &data, g, &cfg, &mut |_| {});
        ner.meta = ModelMeta::new("ner", vec!["test".into()], serde_json::json!({}));
        let sc = evaluate(&ner, &data);
        assert!((sc.f1 - 100.0).abs() < 1e-9, "{sc:?}");
        let bytes = ner.to_bytes().unwrap();
        let back = Ner::from_bytes(&bytes).unwrap();
        assert_eq!(back.meta, ner.meta);
        assert_eq!(back.gazetteer, ner.gazetteer);
        let words = ["Macron", "visited", "France", "."];
        assert_eq!(
            back.recognise(&words, &[], &[]),
            ner.recognise(&words, &[], &[])
        );
        // A truncated or foreign file is an error, not a panic.
        assert!(Ner::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(Ner::from_bytes(b"not a model").is_err());

        // Feature set 1 (the first shipped files) still writes and reads as such; a set-2 model
        // keeps its switches; an ensemble of a target-only and a full model trains too.
        for (features, models, target_only) in [
            (
                FeatureSet {
                    version: 1,
                    tags: true,
                    two_pass: false,
                },
                1,
                0,
            ),
            (
                FeatureSet {
                    version: 2,
                    tags: false,
                    two_pass: false,
                },
                2,
                1,
            ),
            (
                FeatureSet {
                    version: 3,
                    tags: true,
                    two_pass: true,
                },
                1,
                0,
            ),
        ] {
            let cfg = NerConfig {
                features,
                models,
                target_only_models: target_only,
                tag_noise: 0.5,
                ..cfg.clone()
            };
            let mut extra = data.clone();
            for s in &mut extra {
                s.domain = 1;
                s.doc = 1;
            }
            let all: Vec<NerSentence> = data.iter().chain(&extra).cloned().collect();
            let (mut ner, _) = train(&all, &data, Gazetteer::new(), &cfg, &mut |_| {});
            ner.meta = ModelMeta::new("ner", vec!["test".into()], serde_json::json!({}));
            let back = Ner::from_bytes(&ner.to_bytes().unwrap()).unwrap();
            assert_eq!(back.features, features);
            assert_eq!(
                back.recognise(&words, &[], &[]),
                ner.recognise(&words, &[], &[])
            );
            assert!(evaluate(&back, &data).f1 > 50.0);
        }
    }

    #[test]
    fn jackknifed_tags_round_trip_and_apply() {
        let mut jk = JackknifedTags {
            folds: 4,
            tagger: "{\"two_pass\":false}".into(),
            ..Default::default()
        };
        let w = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        jk.push(
            w(&["Paris", "is", "big"]),
            w(&["PROPN", "AUX", "ADJ"]),
            w(&["NNP", "VBZ", "JJ"]),
        );
        jk.push(w(&["Hi"]), w(&["INTJ"]), w(&["UH"]));
        // Tags of another length than the words are dropped.
        jk.push(w(&["a", "b"]), w(&["X"]), w(&["X"]));
        assert_eq!(jk.len(), 2);
        let back = JackknifedTags::from_tsv(&jk.to_tsv()).unwrap();
        assert_eq!(back, jk);
        assert!(JackknifedTags::from_tsv("a\tb\n").is_err());
        let sent = |words: Vec<String>| NerSentence {
            upos: vec!["_".into(); words.len()],
            xpos: vec!["_".into(); words.len()],
            words,
            ..Default::default()
        };
        let mut sents = vec![sent(w(&["Paris", "is", "big"])), sent(w(&["Paris", "is"]))];
        assert_eq!(back.apply(&mut sents), 1);
        assert_eq!(sents[0].upos, w(&["PROPN", "AUX", "ADJ"]));
        assert_eq!(sents[0].xpos, w(&["NNP", "VBZ", "JJ"]));
        assert_eq!(sents[1].upos, w(&["_", "_"]));
    }

    #[test]
    fn fixed_passes_are_reported_and_kept() {
        let sent = |w: &[&str], spans: Vec<NerSpan>| NerSentence {
            words: w.iter().map(|s| s.to_string()).collect(),
            upos: vec!["_".into(); w.len()],
            xpos: vec!["_".into(); w.len()],
            spans,
            ..Default::default()
        };
        let data = vec![sent(
            &["Macron", "spoke", "."],
            vec![NerSpan {
                start: 0,
                end: 1,
                label: Label::Per,
            }],
        )];
        let cfg = NerConfig {
            iterations: 4,
            models: 2,
            passes: vec![3, 1],
            ..NerConfig::default()
        };
        let (_, rep) = train(&data, &data, Gazetteer::new(), &cfg, &mut |_| {});
        assert_eq!(rep.scores["best_pass_model_1"], 3.0);
        assert_eq!(rep.scores["best_pass_model_2"], 1.0);
        assert_eq!(rep.log.len(), 4);
    }

    #[test]
    fn gazetteer_matches_stop_where_no_phrase_goes_on() {
        let mut g = Gazetteer::new();
        g.add("New York City", GazClass::Place);
        g.add("York", GazClass::Place);
        g.add("New Zealand Labour Party", GazClass::Org);
        let words = [
            "in", "New", "York", "City", "and", "New", "Zealand", "Labour", "Party",
        ];
        let got = g.matches(&words);
        let place = GazClass::Place.bit();
        assert_eq!(
            got,
            vec![(1, 4, place), (2, 3, place), (5, 9, GazClass::Org.bit())]
        );
        // A phrase's beginning is no match and has no class.
        assert_eq!(g.classes(&["New", "York"]), 0);
        assert_eq!(g.classes(&["New", "York", "City"]), place);
        // The index is rebuilt the same from the stored phrases.
        let mut w = Writer::default();
        g.write(&mut w);
        let back = Gazetteer::read(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(back.matches(&words), got);
    }

    #[test]
    fn lowercase_words_outside_name_links_are_no_name_words() {
        for w in ["Kyiv", "iPhone", "G20", "1994", "of", "The", "-", "van"] {
            assert!(may_be_in_name(w, "NOUN"), "{w}");
        }
        for w in ["troops", "shelled", ",", ".", "said", "élan"] {
            assert!(!may_be_in_name(w, "NOUN"), "{w}");
        }
        assert!(may_be_in_name("bin", "PROPN"));
    }

    #[test]
    fn decoding_gives_o_to_words_without_features_and_scores_the_others() {
        let stat = vec![vec![1u64, 2], Vec::new(), vec![3]];
        let keys = vec![
            WordKey {
                low: 1,
                shape: 1,
                xpos: 1,
                raw: 1,
                cap: true,
            };
            3
        ];
        let mut asked = Vec::new();
        let mut step = |_: &[u64], i: usize, p1: usize| {
            asked.push((i, p1));
            class_b(Label::Per)
        };
        let fs = FeatureSet::default();
        let c = decode_sentence(fs, &stat, &keys, &History::default(), None, &mut step);
        assert_eq!(c, vec![class_b(Label::Per), 0, class_b(Label::Per)]);
        // The word after the skipped one sees class O as its previous class.
        assert_eq!(asked, vec![(0, NCLASSES), (2, 0)]);
    }

    #[test]
    fn tag_noise_touches_only_capitalised_words() {
        let words = ["Paris", "is", "big", "London"];
        let mut upos = vec!["PROPN", "AUX", "ADJ", "PROPN"];
        let mut xpos = vec!["NNP", "VBZ", "JJ", "NNP"];
        add_tag_noise(&words, &mut upos, &mut xpos, 1.0, &mut Rng::new(3));
        assert_ne!(upos[0], "PROPN");
        assert_ne!(upos[3], "PROPN");
        assert_eq!(&upos[1..3], &["AUX", "ADJ"]);
        assert_eq!(&xpos[1..3], &["VBZ", "JJ"]);
        let (mut u2, mut x2) = (upos.clone(), xpos.clone());
        add_tag_noise(&words, &mut u2, &mut x2, 0.0, &mut Rng::new(3));
        assert_eq!((u2, x2), (upos, xpos));
    }

    #[test]
    fn scores_exact_spans() {
        let g = vec![vec![
            NerSpan {
                start: 0,
                end: 2,
                label: Label::Per,
            },
            NerSpan {
                start: 3,
                end: 4,
                label: Label::Loc,
            },
        ]];
        let p = vec![vec![
            NerSpan {
                start: 0,
                end: 2,
                label: Label::Per,
            },
            NerSpan {
                start: 3,
                end: 5,
                label: Label::Loc,
            },
        ]];
        let s = score_spans(&g, &p);
        assert!((s.precision - 50.0).abs() < 1e-9);
        assert!((s.recall - 50.0).abs() < 1e-9);
        assert!((s.per_type["PER"].f1 - 100.0).abs() < 1e-9);
        assert_eq!(s.per_type["LOC"].correct, 0);
    }
}
