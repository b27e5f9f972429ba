//! Part-of-speech tagger: a greedy left-to-right averaged perceptron predicting the pair
//! (UPOS, XPOS) as one class, over word, affix, shape and context features.

use crate::bin_io::{Reader, Writer};
use crate::hash::{comb, hash_str, IdMap};
use crate::perceptron::{argmax_i32_where, argmax_where, Trainer, Weights};
use crate::{Result, Rng};
use dyad_text::conllu::ConlluSentence;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Training settings of the tagger.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaggerConfig {
    /// Passes over the training data.
    pub iterations: usize,
    /// Averaged weights below this magnitude are dropped from the model.
    pub min_weight: f32,
    /// Seed of the shuffling of sentences between passes.
    pub seed: u64,
    /// Tag twice: the second pass sees the first pass's tags of the words to the right.
    #[serde(default)]
    pub two_pass: bool,
    /// Folds used to give the second pass realistic first-pass tags in training.
    #[serde(default)]
    pub folds: usize,
    /// The lemmatizer learns only from sentences whose id does not start with this prefix:
    /// GUM (`GUM_`) writes some lemmas differently from EWT (`--` as `-`, `...` as `…`).
    #[serde(default)]
    pub lemma_skip_prefix: String,
    /// Feature set: 1 (or 0, files before it was recorded) is the original one; 2 adds a
    /// few templates and runs the first pass right to left, so that the second pass sees tags
    /// of its right context that were themselves decided with the words further right.
    #[serde(default)]
    pub features: u32,
    /// Tag dictionary ([`Tagger::with_dictionary`]): a word seen at least this often in
    /// training (0: no dictionary) ...
    #[serde(default)]
    pub dict_min_count: u32,
    /// ... with one (UPOS, XPOS) pair at least this share of the time is given that pair
    /// without scoring.
    #[serde(default)]
    pub dict_min_share: f64,
}

impl Default for TaggerConfig {
    fn default() -> Self {
        TaggerConfig {
            iterations: 10,
            min_weight: 0.2,
            seed: 7,
            two_pass: true,
            folds: 4,
            lemma_skip_prefix: "GUM_".into(),
            features: 2,
            dict_min_count: DICT_MIN_COUNT,
            dict_min_share: DICT_MIN_SHARE,
        }
    }
}

/// Default of [`TaggerConfig::dict_min_count`].
pub const DICT_MIN_COUNT: u32 = 20;
/// Default of [`TaggerConfig::dict_min_share`].
pub const DICT_MIN_SHARE: f64 = 0.99;

/// The universal tags of the classes a tag dictionary may give: closed classes, whose words
/// are tagged alike in any genre. Open-class words are left out: a word that training text
/// always tags one way may be another in the news ("free", an adjective 94 times in 94 in
/// EWT and GUM train, is a verb in "plans to free the detainees").
const DICT_UPOS: &[&str] = &[
    "ADP", "AUX", "CCONJ", "DET", "NUM", "PART", "PRON", "PUNCT", "SCONJ", "SYM",
];

/// A word of the tag dictionary: written `form` (case kept), it was tagged `class` in `share`
/// of its `count` occurrences in the training text.
#[derive(Debug, Clone, PartialEq)]
pub struct DictEntry {
    /// The word as written.
    pub form: String,
    /// Its class (see [`Tagger::tag_name`]).
    pub class: u16,
    /// Occurrences in the training text.
    pub count: u32,
    /// Share of them tagged `class`.
    pub share: f32,
}

/// The tag dictionary of `train`: the words seen at least `min_count` times, with one class (of
/// `ids`; words with other classes are skipped) at least `min_share` of the time, that class
/// closed ([`DICT_UPOS`]); sorted by form.
fn tag_dictionary(
    train: &[ConlluSentence],
    ids: &HashMap<(String, String), u16>,
    min_count: u32,
    min_share: f64,
) -> Vec<DictEntry> {
    let closed: Vec<u16> = ids
        .iter()
        .filter(|((u, _), _)| DICT_UPOS.contains(&u.as_str()))
        .map(|(_, &c)| c)
        .collect();
    let mut seen: HashMap<&str, HashMap<u16, u32>> = HashMap::new();
    for s in train {
        for w in &s.words {
            if let Some(&c) = ids.get(&(w.upos.clone(), w.xpos.clone())) {
                *seen
                    .entry(w.form.as_str())
                    .or_default()
                    .entry(c)
                    .or_default() += 1;
            }
        }
    }
    let mut out: Vec<DictEntry> = seen
        .into_iter()
        .filter_map(|(form, classes)| {
            let count: u32 = classes.values().sum();
            // The most frequent class; ties go to the lower class id (deterministic).
            let (&class, &n) = classes
                .iter()
                .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))?;
            let share = n as f64 / count.max(1) as f64;
            let keep = min_count > 0 && count >= min_count && share >= min_share;
            (keep && closed.contains(&class)).then(|| DictEntry {
                form: form.to_string(),
                class,
                count,
                share: share as f32,
            })
        })
        .collect();
    out.sort_by(|a, b| a.form.cmp(&b.form));
    out
}

/// Precomputed hashes of one token's surface features.
#[derive(Clone, Copy, Default)]
pub(crate) struct Lex {
    pub form: u64,
    pub lower: u64,
    pub shape: u64,
    pub suf: [u64; 5],
    pub pre: [u64; 4],
}

pub(crate) fn shape_of(w: &str) -> String {
    let mut out = String::with_capacity(8);
    shape_chars(w, |c| out.push(c));
    out
}

/// The characters of `w`'s shape: `X` upper, `x` lower, `d` digit, `a` other letters, other
/// characters as they are; runs of one class cut to two.
fn shape_chars(w: &str, mut push: impl FnMut(char)) {
    let mut last = '\0';
    let mut run = 0;
    for ch in w.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else if ch.is_alphabetic() {
            'a'
        } else {
            ch
        };
        if c == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = c;
        }
        push(c);
    }
}

/// `hash_str(&shape_of(w))`, without allocating for short ASCII words (whose shape is ASCII
/// and no longer than the word).
fn shape_hash(w: &str) -> u64 {
    let mut buf = [0u8; 48];
    if w.len() > buf.len() || !w.is_ascii() {
        return hash_str(&shape_of(w));
    }
    let mut n = 0;
    shape_chars(w, |c| {
        // ASCII in, ASCII out, never longer than the word.
        if let Some(b) = buf.get_mut(n) {
            *b = c as u8;
            n += 1;
        }
    });
    match std::str::from_utf8(&buf[..n]) {
        Ok(shape) => hash_str(shape),
        Err(_) => hash_str(&shape_of(w)),
    }
}

impl Lex {
    pub(crate) fn of(w: &str) -> Lex {
        // Affixes are hashed as slices of the lowercased word: no allocation per affix.
        let (lower, suf, pre) = crate::hash::with_lower(w, |lower| {
            let mut suf = [0u64; 5];
            let mut pre = [0u64; 4];
            let mut from_end = lower.char_indices().rev().map(|(i, _)| i);
            for s in suf.iter_mut() {
                let start = from_end.next().unwrap_or(0);
                *s = hash_str(&lower[start..]);
            }
            let mut ends = lower.char_indices().map(|(i, c)| i + c.len_utf8());
            for p in pre.iter_mut() {
                let end = ends.next().unwrap_or(lower.len());
                *p = hash_str(&lower[..end]);
            }
            (hash_str(lower), suf, pre)
        });
        Lex {
            form: hash_str(w),
            lower,
            shape: shape_hash(w),
            suf,
            pre,
        }
    }
}

const NONE: u64 = 0x5eed;

/// Minimum count of a word in training for its ambiguity class (the set of tags it was seen
/// with) to be a feature; rarer words would leak their gold tag into training.
const AMB_MIN_COUNT: u32 = 3;

/// A training sentence: its words' lexical features and gold classes.
type TagExample = (Vec<Lex>, Vec<u16>);

/// Offsets (from the tagged word) of the words that [`word_features`] reads one at a time.
const OFFSETS: [isize; 6] = [-2, -1, 0, 1, 2, 3];

/// The features of the tagged word that read one word alone: the word at offset `k` from it
/// (`k` = 0: the word itself), `None` beyond the sentence, and that word's ambiguity class.
///
/// These are about half of all features, and their sum is the same wherever the word occurs,
/// which [`WordSums`] exploits; everything else is in [`features`].
fn word_features(x: Option<&Lex>, amb: u64, k: isize, v2: bool, f: &mut impl FnMut(u64, u64)) {
    let lo = x.map_or(NONE, |x| x.lower);
    let sh = x.map_or(NONE, |x| x.shape);
    let s3 = x.map_or(NONE, |x| x.suf[2]);
    match (k, x) {
        (0, Some(w)) => {
            f(1, 0);
            f(2, w.form);
            f(3, w.lower);
            f(4, w.suf[0]);
            f(5, w.suf[1]);
            f(6, w.suf[2]);
            f(7, w.suf[3]);
            f(8, w.pre[0]);
            f(9, w.pre[1]);
            f(10, w.pre[2]);
            f(11, w.shape);
            f(34, amb);
            if v2 {
                f(70, w.suf[4]);
                f(71, w.pre[3]);
            }
        }
        (-1, _) => {
            f(16, lo);
            f(20, s3);
            f(24, sh);
        }
        (-2, _) => f(17, lo),
        (1, _) => {
            f(18, lo);
            f(21, s3);
            f(25, sh);
            f(35, amb);
            if v2 {
                f(77, x.map_or(NONE, |x| x.suf[1]));
            }
        }
        (2, _) => {
            f(19, lo);
            f(32, s3);
            f(36, amb);
        }
        (3, _) if v2 => f(76, lo),
        _ => {}
    }
}

/// Writes the features of token `i` given the two previous predicted tags; `amb` holds the
/// ambiguity classes of the sentence's words (`NONE` when unknown). With `words` false, the
/// features of [`word_features`] are left out (the caller adds their sums from [`WordSums`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn features(
    lex: &[Lex],
    amb: &[u64],
    look: Option<&[u64]>,
    i: usize,
    p1: u64,
    p2: u64,
    v2: bool,
    words: bool,
    out: &mut Vec<u64>,
) {
    out.clear();
    let get = |j: isize| -> Option<&Lex> {
        if j < 0 {
            None
        } else {
            lex.get(j as usize)
        }
    };
    let a = |j: isize| -> u64 {
        if j < 0 {
            NONE
        } else {
            amb.get(j as usize).copied().unwrap_or(NONE)
        }
    };
    let i = i as isize;
    let Some(w) = get(i) else { return };
    let l1 = get(i - 1);
    let r1 = get(i + 1);
    let r2 = get(i + 2);
    let lo = |x: Option<&Lex>| x.map_or(NONE, |x| x.lower);
    let sh = |x: Option<&Lex>| x.map_or(NONE, |x| x.shape);
    let s3 = |x: Option<&Lex>| x.map_or(NONE, |x| x.suf[2]);
    let mut f = |t: u64, v: u64| out.push(comb(t, v));
    if words {
        for k in OFFSETS {
            word_features(get(i + k), a(i + k), k, v2, &mut f);
        }
    }
    f(12, p1);
    f(13, p2);
    f(14, comb(p1, p2));
    f(15, comb(p1, w.lower));
    f(22, comb(lo(l1), w.lower));
    f(23, comb(w.lower, lo(r1)));
    f(26, comb(p1, sh(r1)));
    f(27, comb(w.shape, sh(r1)));
    f(28, comb(lo(r1), lo(r2)));
    f(29, if i == 0 { 1 } else { 0 });
    f(30, comb(p1, lo(r1)));
    f(31, comb(w.suf[2], lo(r1)));
    f(33, comb(p1, w.suf[2]));
    let (a0, a1, a2, am1) = (a(i), a(i + 1), a(i + 2), a(i - 1));
    f(37, comb(a0, a1));
    f(38, comb(p1, a0));
    f(39, comb(comb(p1, a0), a1));
    f(40, comb(a1, a2));
    f(41, comb(w.lower, a1));
    f(42, comb(am1, a0));
    f(43, comb(w.suf[2], a1));
    f(44, comb(comb(p2, p1), a0));
    f(45, comb(w.shape, a1));
    if v2 {
        let s2 = |x: Option<&Lex>| x.map_or(NONE, |x| x.suf[1]);
        f(72, comb(p1, w.shape));
        f(73, comb(lo(l1), lo(r1)));
        f(74, comb(w.lower, s3(r1)));
        f(75, comb(s3(l1), w.suf[2]));
        f(78, comb(p1, s2(r1)));
        f(79, comb(a0, sh(r1)));
        f(80, comb(comb(am1, a0), a1));
        f(81, comb(w.form, p1));
    }
    if let Some(look) = look {
        // Stacking: the first pass's tags, above all those to the right, which a left-to-right
        // tagger cannot otherwise see.
        let t = |j: isize| -> u64 {
            if j < 0 {
                NONE
            } else {
                look.get(j as usize).copied().unwrap_or(NONE)
            }
        };
        let (t0, t1, t2) = (t(i), t(i + 1), t(i + 2));
        f(50, t0);
        f(51, t1);
        f(52, t2);
        f(53, comb(t1, t2));
        f(54, comb(p1, t1));
        f(55, comb(w.lower, t1));
        f(56, comb(t0, t1));
        f(57, comb(w.suf[2], t1));
        f(58, comb(comb(p1, t0), t1));
        f(59, comb(w.shape, t0));
        f(60, comb(w.lower, t0));
        if v2 {
            let tm1 = t(i - 1);
            f(82, comb(tm1, t0));
            f(83, comb(w.suf[2], t0));
            f(84, comb(comb(t0, t1), t2));
            f(85, comb(p1, t0));
            f(86, comb(w.shape, t1));
        }
    }
}

/// Builds the ambiguity-class lexicon: lowercased word → hash of the sorted set of its tags.
fn ambiguity_lexicon(data: &[(Vec<Lex>, Vec<u16>)]) -> IdMap<u64> {
    let mut seen: IdMap<(u32, Vec<u16>)> = IdMap::default();
    for (lex, gold) in data {
        for (l, &t) in lex.iter().zip(gold) {
            let e = seen.entry(l.lower).or_default();
            e.0 += 1;
            if !e.1.contains(&t) {
                e.1.push(t);
            }
        }
    }
    let mut out = IdMap::default();
    for (k, (c, mut tags)) in seen {
        if c >= AMB_MIN_COUNT {
            tags.sort_unstable();
            out.insert(k, tags.iter().fold(0x41u64, |h, &t| comb(h, t as u64)));
        }
    }
    out
}

/// Most distinct words a thread's [`WordSums`] holds per weight set before it starts afresh.
///
/// An entry is 6 rows of one sum per class (about 3.5 kB with the shipped tagger's classes), so
/// this is ~7 MB per weight set and thread. Measured on 350,000 words of varied English (UD
/// train text): 512 entries gained less, 16,384 no more and 65,536 less than 2,048, whose
/// frequent words (which come back before the cache starts afresh) give most of the gain.
const WORD_SUMS_CAP: usize = 2048;

/// Per-thread sums of the weights of [`word_features`], one entry per distinct word (form and
/// ambiguity class) and weight set: the tagger looks each word's single-word features up once
/// per thread, not at every token and offset. Sums of integer weights, so the scores are
/// exactly those of looking every feature up.
struct WordSums {
    /// [`Weights::id`] of the weight set.
    owner: u64,
    v2: bool,
    nclasses: usize,
    /// (word, ambiguity class) key → entry.
    index: IdMap<u32>,
    /// Entry `e`: one row of `nclasses` sums per offset in [`OFFSETS`], at `e * stride`.
    sums: Vec<i32>,
    /// Entry of the virtual word beyond either end of the sentence.
    outside: u32,
}

impl WordSums {
    fn new(w: &Weights, v2: bool) -> WordSums {
        let mut c = WordSums {
            owner: w.id(),
            v2,
            nclasses: w.nclasses(),
            index: IdMap::default(),
            sums: Vec::new(),
            outside: 0,
        };
        c.outside = c.add(w, None, NONE);
        c
    }

    fn stride(&self) -> usize {
        OFFSETS.len() * self.nclasses
    }

    /// Appends the entry of word `x` (`None`: beyond the sentence).
    fn add(&mut self, w: &Weights, x: Option<&Lex>, amb: u64) -> u32 {
        let e = self.sums.len() / self.stride().max(1);
        let base = self.sums.len();
        self.sums.resize(base + self.stride(), 0);
        let mut feats = Vec::with_capacity(16);
        for (o, k) in OFFSETS.into_iter().enumerate() {
            feats.clear();
            word_features(x, amb, k, self.v2, &mut |t, v| feats.push(comb(t, v)));
            let at = base + o * self.nclasses;
            if let Some(row) = self.sums.get_mut(at..at + self.nclasses) {
                w.score_quantised(&feats, row);
            }
        }
        e as u32
    }

    /// The entries of a sentence's words, computing those not yet known.
    fn entries(&mut self, w: &Weights, lex: &[Lex], amb: &[u64]) -> Vec<u32> {
        if self.index.len() + lex.len() > WORD_SUMS_CAP {
            // Start afresh (before the sentence: its entries must stay valid while it is tagged).
            let outside = self.stride();
            self.sums.truncate(outside);
            self.index.clear();
        }
        lex.iter()
            .zip(amb)
            .map(|(x, &a)| {
                let key = comb(x.form, a);
                match self.index.get(&key) {
                    Some(&e) => e,
                    None => {
                        let e = self.add(w, Some(x), a);
                        self.index.insert(key, e);
                        e
                    }
                }
            })
            .collect()
    }

    /// Adds to `scores` the single-word sums of token `i` of a sentence whose words have `entries`.
    fn add_to(&self, entries: &[u32], i: usize, scores: &mut [i32]) {
        for (o, k) in OFFSETS.into_iter().enumerate() {
            let j = i as isize + k;
            let e = if j < 0 {
                self.outside
            } else {
                entries.get(j as usize).copied().unwrap_or(self.outside)
            };
            let at = e as usize * self.stride() + o * self.nclasses;
            if let Some(row) = self.sums.get(at..at + self.nclasses) {
                crate::perceptron::add_row(scores, row, 0);
            }
        }
    }
}

thread_local! {
    /// This thread's [`WordSums`], most recently used last.
    static WORD_SUMS: std::cell::RefCell<Vec<WordSums>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Weight sets whose [`WordSums`] a thread keeps (the shipped tagger has two).
const WORD_SUMS_SETS: usize = 4;

/// In `fixed`: the word's class is not fixed, the tagger scores it.
const FREE: u16 = u16::MAX;

/// Greedy left-to-right tagging with one weight set. A word whose class `fixed` gives (not
/// [`FREE`]; an empty `fixed` fixes none) gets it without scoring.
#[allow(clippy::too_many_arguments)]
fn greedy(
    w: &Weights,
    tag_hash: &[u64],
    lex: &[Lex],
    amb: &[u64],
    fixed: &[u16],
    look: Option<&[u64]>,
    v2: bool,
) -> Vec<u16> {
    WORD_SUMS.with(|cell| {
        let mut sets = cell.borrow_mut();
        let at = match sets.iter().position(|c| c.owner == w.id() && c.v2 == v2) {
            Some(at) => at,
            None => {
                if sets.len() >= WORD_SUMS_SETS {
                    sets.remove(0);
                }
                sets.push(WordSums::new(w, v2));
                sets.len() - 1
            }
        };
        let mut sums = sets.remove(at);
        let tags = greedy_with(w, &mut sums, tag_hash, lex, amb, fixed, look, v2);
        sets.push(sums);
        tags
    })
}

#[allow(clippy::too_many_arguments)]
fn greedy_with(
    w: &Weights,
    sums: &mut WordSums,
    tag_hash: &[u64],
    lex: &[Lex],
    amb: &[u64],
    fixed: &[u16],
    look: Option<&[u64]>,
    v2: bool,
) -> Vec<u16> {
    let entries = sums.entries(w, lex, amb);
    let mut out = Vec::with_capacity(lex.len());
    let mut feats = Vec::with_capacity(96);
    // Integer sums of the quantised weights: the same order as the scaled scores.
    let mut scores = vec![0i32; tag_hash.len()];
    let (mut p1, mut p2) = (NONE, NONE);
    for i in 0..lex.len() {
        let t = match fixed.get(i) {
            Some(&t) if t != FREE => t as usize,
            _ => {
                features(lex, amb, look, i, p1, p2, v2, false, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0);
                sums.add_to(&entries, i, &mut scores);
                w.score_quantised(&feats, &mut scores);
                argmax_i32_where(&scores, |_| true).unwrap_or(0)
            }
        };
        out.push(t as u16);
        p2 = p1;
        p1 = tag_hash.get(t).copied().unwrap_or(NONE);
    }
    out
}

/// The first pass: right to left with feature set 2 (the sentence is reversed, tagged and the
/// tags reversed back), left to right before.
fn first_pass(
    w: &Weights,
    tag_hash: &[u64],
    lex: &[Lex],
    amb: &[u64],
    fixed: &[u16],
    version: u32,
) -> Vec<u16> {
    if version >= 2 {
        let rl: Vec<Lex> = lex.iter().rev().copied().collect();
        let ra: Vec<u64> = amb.iter().rev().copied().collect();
        let rf: Vec<u16> = fixed.iter().rev().copied().collect();
        let mut t = greedy(w, tag_hash, &rl, &ra, &rf, None, true);
        t.reverse();
        t
    } else {
        greedy(w, tag_hash, lex, amb, fixed, None, false)
    }
}

/// A trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// The classes: (UPOS, XPOS) pairs.
    pub(crate) tags: Vec<(String, String)>,
    tag_hash: Vec<u64>,
    amb: IdMap<u64>,
    /// The tag dictionary: frequent words that training tags (nearly) always alike, which
    /// get their class without scoring; `dict_index` maps a form's hash to its class.
    dict: Vec<DictEntry>,
    dict_index: IdMap<u16>,
    first: Option<Weights>,
    weights: Weights,
    /// Feature set (see [`TaggerConfig::features`]).
    version: u32,
}

impl Tagger {
    fn new(
        tags: Vec<(String, String)>,
        amb: IdMap<u64>,
        first: Option<Weights>,
        weights: Weights,
        version: u32,
    ) -> Self {
        let tag_hash = tags
            .iter()
            .map(|(u, x)| comb(hash_str(u), hash_str(x)))
            .collect();
        Tagger {
            tags,
            tag_hash,
            amb,
            dict: Vec::new(),
            dict_index: IdMap::default(),
            first,
            weights,
            version: version.max(1),
        }
    }

    /// The tag hash of class `t`, as the parser's features use it.
    pub(crate) fn tag_hash(&self, t: u16) -> u64 {
        self.tag_hash.get(t as usize).copied().unwrap_or(NONE)
    }

    /// A copy without the weights below `min_abs`.
    pub fn pruned(&self, min_abs: f32) -> Tagger {
        Tagger::new(
            self.tags.clone(),
            self.amb.clone(),
            self.first.as_ref().map(|f| f.pruned(min_abs)),
            self.weights.pruned(min_abs),
            self.version,
        )
        .with_entries(self.dict.clone())
    }

    /// This tagger with the tag dictionary of `train` (its own training text): each word seen
    /// at least `min_count` times with one (UPOS, XPOS) pair at least `min_share` of the time
    /// gets that pair without scoring, in both passes. `min_count` 0 removes the dictionary.
    pub fn with_dictionary(
        self,
        train: &[ConlluSentence],
        min_count: u32,
        min_share: f64,
    ) -> Tagger {
        let ids: HashMap<(String, String), u16> = self
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u16))
            .collect();
        let dict = tag_dictionary(train, &ids, min_count, min_share);
        self.with_entries(dict)
    }

    fn with_entries(mut self, dict: Vec<DictEntry>) -> Tagger {
        let n = self.tags.len();
        self.dict = dict
            .into_iter()
            .filter(|e| (e.class as usize) < n)
            .collect();
        self.dict_index = self
            .dict
            .iter()
            .map(|e| (hash_str(&e.form), e.class))
            .collect();
        self
    }

    /// The tag dictionary ([`Tagger::with_dictionary`]), sorted by form.
    pub fn dictionary(&self) -> &[DictEntry] {
        &self.dict
    }

    /// Number of (UPOS, XPOS) classes.
    pub fn ntags(&self) -> usize {
        self.tags.len()
    }

    /// Number of features and weights kept in the model.
    pub fn size(&self) -> (usize, usize) {
        (self.weights.nfeatures(), self.weights.nweights())
    }

    /// UPOS and XPOS of class `t`.
    pub fn tag_name(&self, t: u16) -> (&str, &str) {
        self.tags
            .get(t as usize)
            .map_or(("X", "XX"), |(u, x)| (u.as_str(), x.as_str()))
    }

    /// Tags a sentence of words; returns class ids (see [`Tagger::tag_name`]).
    pub fn tag(&self, words: &[&str]) -> Vec<u16> {
        let lex: Vec<Lex> = words.iter().map(|w| Lex::of(w)).collect();
        self.tag_lex(&lex)
    }

    pub(crate) fn tag_lex(&self, lex: &[Lex]) -> Vec<u16> {
        let amb: Vec<u64> = lex
            .iter()
            .map(|l| self.amb.get(&l.lower).copied().unwrap_or(NONE))
            .collect();
        let fixed: Vec<u16> = lex
            .iter()
            .map(|l| self.dict_index.get(&l.form).copied().unwrap_or(FREE))
            .collect();
        let v2 = self.version >= 2;
        let th = &self.tag_hash;
        match &self.first {
            None => greedy(&self.weights, th, lex, &amb, &fixed, None, v2),
            Some(first) => {
                let t1 = first_pass(first, th, lex, &amb, &fixed, self.version);
                let look: Vec<u64> = t1.iter().map(|&t| self.tag_hash(t)).collect();
                greedy(&self.weights, th, lex, &amb, &fixed, Some(&look), v2)
            }
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.tags.len() as u32);
        for (u, x) in &self.tags {
            w.str(u);
            w.str(x);
        }
        let mut amb: Vec<(u64, u64)> = self.amb.iter().map(|(k, v)| (*k, *v)).collect();
        amb.sort_unstable();
        w.u32(amb.len() as u32);
        for (k, v) in amb {
            w.u64(k);
            w.u64(v);
        }
        // The pass flag also carries the feature set: 0/1 (one/two passes) for set 1, 2/3 for
        // set 2, so files written before set 2 still read as set 1.
        // Bit 4: the tag dictionary follows the weights.
        let v = if self.version >= 2 { 2 } else { 0 } + if self.dict.is_empty() { 0 } else { 4 };
        match &self.first {
            Some(f) => {
                w.u8(v + 1);
                f.write(w);
            }
            None => w.u8(v),
        }
        self.weights.write(w);
        if !self.dict.is_empty() {
            w.u32(self.dict.len() as u32);
            for e in &self.dict {
                w.str(&e.form);
                w.u32(e.class as u32);
                w.u32(e.count);
                w.f32(e.share);
            }
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let n = r.len(8)?;
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            tags.push((r.str()?, r.str()?));
        }
        let n = r.len(16)?;
        let mut amb = IdMap::default();
        amb.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            amb.insert(k, r.u64()?);
        }
        let flag = r.u8()?;
        if flag > 7 {
            return Err(crate::Error::InvalidModel("bad tagger pass flag".into()));
        }
        let version = if flag & 2 != 0 { 2 } else { 1 };
        let first = match flag & 1 {
            0 => None,
            _ => Some(Weights::read(r)?),
        };
        let weights = Weights::read(r)?;
        let mut dict = Vec::new();
        if flag & 4 != 0 {
            let n = r.len(13)?;
            for _ in 0..n {
                let form = r.str()?;
                let class = r.u32()?;
                let count = r.u32()?;
                let share = r.f32()?;
                let class = u16::try_from(class)
                    .map_err(|_| crate::Error::InvalidModel("bad tag dictionary class".into()))?;
                dict.push(DictEntry {
                    form,
                    class,
                    count,
                    share,
                });
            }
        }
        let first_ok = first.as_ref().is_none_or(|f| f.nclasses() == tags.len());
        if weights.nclasses() != tags.len() || tags.is_empty() || !first_ok {
            return Err(crate::Error::InvalidModel(
                "tagger classes do not match".into(),
            ));
        }
        if dict.iter().any(|e| e.class as usize >= tags.len()) {
            return Err(crate::Error::InvalidModel(
                "tag dictionary class out of range".into(),
            ));
        }
        Ok(Tagger::new(tags, amb, first, weights, version).with_entries(dict))
    }
}

/// Accuracy figures of a tagger on a treebank.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TagScores {
    /// UPOS accuracy, percent.
    pub upos: f64,
    /// XPOS accuracy, percent.
    pub xpos: f64,
    /// Words scored.
    pub words: usize,
}

/// Scores the tagger against gold tags.
pub fn eval_tagger(t: &Tagger, gold: &[ConlluSentence]) -> TagScores {
    let (mut u, mut x, mut n) = (0usize, 0usize, 0usize);
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, tid) in s.words.iter().zip(t.tag(&words)) {
            let (pu, px) = t.tag_name(tid);
            u += (pu == w.upos) as usize;
            x += (px == w.xpos) as usize;
            n += 1;
        }
    }
    let pct = |a: usize| crate::percent(a, n);
    TagScores {
        upos: pct(u),
        xpos: pct(x),
        words: n,
    }
}

/// Trains a tagger on `train`; `log` receives one line per pass (with dev scores when `dev` is
/// not empty).
pub fn train_tagger_with_log(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    cfg: &TaggerConfig,
    log: &mut dyn FnMut(String),
) -> Tagger {
    let mut ids: HashMap<(String, String), u16> = HashMap::new();
    let mut tags: Vec<(String, String)> = Vec::new();
    let mut data: Vec<(Vec<Lex>, Vec<u16>)> = Vec::with_capacity(train.len());
    for s in train {
        let mut lex = Vec::with_capacity(s.words.len());
        let mut gold = Vec::with_capacity(s.words.len());
        for w in &s.words {
            let key = (w.upos.clone(), w.xpos.clone());
            let id = *ids.entry(key.clone()).or_insert_with(|| {
                tags.push(key);
                (tags.len() - 1) as u16
            });
            lex.push(Lex::of(&w.form));
            gold.push(id);
        }
        data.push((lex, gold));
    }
    let tag_hash: Vec<u64> = tags
        .iter()
        .map(|(u, x)| comb(hash_str(u), hash_str(x)))
        .collect();
    let amb_lex = ambiguity_lexicon(&data);
    let ambs: Vec<Vec<u64>> = data
        .iter()
        .map(|(lex, _)| {
            lex.iter()
                .map(|l| amb_lex.get(&l.lower).copied().unwrap_or(NONE))
                .collect()
        })
        .collect();
    let all: Vec<usize> = (0..data.len()).collect();
    let version = cfg.features.max(1);
    let v2 = version >= 2;
    if !cfg.two_pass {
        let w = train_pass(
            &data, &ambs, None, &all, &tags, &tag_hash, &amb_lex, None, dev, cfg, "tagger", log,
        );
        return Tagger::new(tags, amb_lex, None, w, version).with_dictionary(
            train,
            cfg.dict_min_count,
            cfg.dict_min_share,
        );
    }
    // With feature set 2 the first pass reads sentences right to left.
    let (rdata, rambs): (Vec<TagExample>, Vec<Vec<u64>>) = if v2 {
        (
            data.iter()
                .map(|(l, g)| {
                    (
                        l.iter().rev().copied().collect(),
                        g.iter().rev().copied().collect(),
                    )
                })
                .collect(),
            ambs.iter()
                .map(|a| a.iter().rev().copied().collect())
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let (fdata, fambs) = if v2 { (&rdata, &rambs) } else { (&data, &ambs) };
    // First-pass tags of each training sentence from a model that did not see it.
    let k = cfg.folds.max(2);
    let mut look: Vec<Vec<u64>> = vec![Vec::new(); data.len()];
    for fold in 0..k {
        let idx: Vec<usize> = all.iter().copied().filter(|i| i % k != fold).collect();
        let w = train_pass(
            fdata,
            fambs,
            None,
            &idx,
            &tags,
            &tag_hash,
            &amb_lex,
            None,
            &[],
            cfg,
            "",
            &mut |_| {},
        );
        for i in all.iter().copied().filter(|i| i % k == fold) {
            let t = first_pass(&w, &tag_hash, &data[i].0, &ambs[i], &[], version);
            look[i] = t.iter().map(|&t| tag_hash[t as usize]).collect();
        }
        log(format!("tagger: first-pass fold {}/{k} done", fold + 1));
    }
    let first = train_pass(
        fdata,
        fambs,
        None,
        &all,
        &tags,
        &tag_hash,
        &amb_lex,
        None,
        // A right-to-left first pass cannot be scored as a one-pass tagger.
        if v2 { &[] } else { dev },
        cfg,
        "tagger pass 1",
        log,
    );
    let second = train_pass(
        &data,
        &ambs,
        Some(&look),
        &all,
        &tags,
        &tag_hash,
        &amb_lex,
        Some(&first),
        dev,
        cfg,
        "tagger pass 2",
        log,
    );
    Tagger::new(tags, amb_lex, Some(first), second, version).with_dictionary(
        train,
        cfg.dict_min_count,
        cfg.dict_min_share,
    )
}

/// Trains one weight set on the sentences `idx`; `look` gives first-pass tags (second pass).
#[allow(clippy::too_many_arguments)]
fn train_pass(
    data: &[(Vec<Lex>, Vec<u16>)],
    ambs: &[Vec<u64>],
    look: Option<&[Vec<u64>]>,
    idx: &[usize],
    tags: &[(String, String)],
    tag_hash: &[u64],
    amb_lex: &IdMap<u64>,
    first: Option<&Weights>,
    dev: &[ConlluSentence],
    cfg: &TaggerConfig,
    name: &str,
    log: &mut dyn FnMut(String),
) -> Weights {
    let version = cfg.features.max(1);
    let v2 = version >= 2;
    let mut tr = Trainer::new(tags.len());
    let mut order: Vec<usize> = idx.to_vec();
    let mut rng = Rng::new(cfg.seed);
    let mut feats = Vec::with_capacity(96);
    let mut scores = vec![0f32; tags.len()];
    for it in 0..cfg.iterations {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let (lex, gold) = &data[si];
            let amb = &ambs[si];
            let lk = look.map(|l| l[si].as_slice());
            let (mut p1, mut p2) = (NONE, NONE);
            for (i, &gi) in gold.iter().enumerate() {
                features(lex, amb, lk, i, p1, p2, v2, true, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                tr.score(&feats, &mut scores);
                let g = argmax_where(&scores, |_| true).unwrap_or(0);
                tr.update(&feats, gi as usize, g);
                tr.tick();
                right += (g == gi as usize) as usize;
                total += 1;
                p2 = p1;
                p1 = tag_hash[g];
            }
        }
        let mut line = format!(
            "{name} iteration {}: train acc {:.2}",
            it + 1,
            100.0 * right as f64 / total.max(1) as f64
        );
        if !dev.is_empty() && it + 1 == cfg.iterations {
            let w = tr.freeze(cfg.min_weight);
            let t = match (look, first) {
                (Some(_), Some(f)) => {
                    Tagger::new(tags.to_vec(), amb_lex.clone(), Some(f.clone()), w, version)
                }
                _ => Tagger::new(tags.to_vec(), amb_lex.clone(), None, w, version),
            };
            let sc = eval_tagger(&t, dev);
            line.push_str(&format!(", dev UPOS {:.2} XPOS {:.2}", sc.upos, sc.xpos));
        }
        log(line);
    }
    tr.freeze(cfg.min_weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ascii_words_hash_as_the_allocating_path_does() {
        let long = "Ab".repeat(40);
        for w in [
            "", "US", "Moscow", "1990s", "e-mail", "AAAA", "x\0\0\0y", "U.N.", &long, "Zürich",
        ] {
            assert_eq!(shape_hash(w), hash_str(&shape_of(w)), "{w:?}");
            let l = Lex::of(w);
            assert_eq!(l.lower, hash_str(&w.to_lowercase()), "{w:?}");
            assert_eq!(l.form, hash_str(w));
        }
        let l = Lex::of("United");
        assert_eq!(l.suf, ["d", "ed", "ted", "ited", "nited"].map(hash_str));
        assert_eq!(l.pre, ["u", "un", "uni", "unit"].map(hash_str));
        let t = crate::parser::PTok::new("NATO", "PROPN", "NNP");
        assert_eq!(t.w, hash_str("nato"));
        assert_eq!(t.s, hash_str("ato"));
    }

    #[test]
    fn lexical_features_hash_the_expected_strings() {
        let l = Lex::of("Ünited");
        assert_eq!(l.lower, hash_str("ünited"));
        assert_eq!(l.suf, ["d", "ed", "ted", "ited", "nited"].map(hash_str));
        assert_eq!(l.pre, ["ü", "ün", "üni", "ünit"].map(hash_str));
        assert_eq!(l.shape, hash_str("Xxx"));
        let short = Lex::of("a");
        assert_eq!(short.suf, [hash_str("a"); 5]);
        assert_eq!(short.pre, [hash_str("a"); 4]);
        let empty = Lex::of("");
        assert_eq!(empty.suf[3], hash_str(""));
        assert_eq!(shape_of("AB-12cd"), "XX-ddxx");
        assert_eq!(shape_of("Washington"), "Xxx");
    }

    #[test]
    fn features_see_context_and_history() {
        let lex: Vec<Lex> = ["the", "cat", "sat"].iter().map(|w| Lex::of(w)).collect();
        let amb = vec![NONE; 3];
        for (v2, extra) in [(false, 11), (true, 16)] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            features(&lex, &amb, None, 1, NONE, NONE, v2, true, &mut a);
            features(&lex, &amb, None, 1, 42, NONE, v2, true, &mut b);
            assert_eq!(a.len(), b.len());
            assert_ne!(a, b, "previous tag must matter");
            let look = vec![1u64, 2, 3];
            features(&lex, &amb, Some(&look), 1, NONE, NONE, v2, true, &mut b);
            assert_eq!(
                b.len(),
                a.len() + extra,
                "second pass adds the look-ahead templates"
            );
            // Out-of-range positions produce nothing rather than panicking.
            features(&lex, &amb, None, 7, NONE, NONE, v2, true, &mut a);
            assert!(a.is_empty());
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        features(&lex, &amb, None, 1, NONE, NONE, false, true, &mut a);
        features(&lex, &amb, None, 1, NONE, NONE, true, true, &mut b);
        assert!(a.iter().all(|f| b.contains(f)), "set 2 extends set 1");
        assert!(b.len() > a.len());
        // Without the single-word features: exactly the others.
        let mut c = Vec::new();
        features(&lex, &amb, None, 1, NONE, NONE, true, false, &mut c);
        let mut words = Vec::new();
        for k in OFFSETS {
            let x = usize::try_from(1 + k).ok().and_then(|j| lex.get(j));
            word_features(x, NONE, k, true, &mut |t, v| words.push(comb(t, v)));
        }
        c.extend(words);
        c.sort_unstable();
        b.sort_unstable();
        assert_eq!(b, c);
    }

    #[test]
    fn first_pass_of_set_2_reads_right_to_left() {
        // One weight: "the previous tag is class 0" (template 12) votes for class 1; otherwise
        // class 0 wins the tie. Only the word tagged first gets class 0.
        let lex: Vec<Lex> = ["a", "b"].iter().map(|w| Lex::of(w)).collect();
        let amb = vec![NONE; 2];
        let hashes = [11u64, 12];
        let mut tr = Trainer::new(2);
        tr.update(&[comb(12, hashes[0])], 1, 0);
        tr.tick();
        let w = tr.freeze(0.0);
        assert_eq!(first_pass(&w, &hashes, &lex, &amb, &[], 1), vec![0, 1]);
        assert_eq!(first_pass(&w, &hashes, &lex, &amb, &[], 2), vec![1, 0]);
    }

    #[test]
    fn a_dictionary_word_gets_its_class_without_scoring() {
        // As above: "the previous tag is class 0" votes for class 1, else class 0 wins the tie.
        // A word fixed to class 1 keeps it, and the next word sees it as its previous tag.
        let lex: Vec<Lex> = ["a", "b", "c"].iter().map(|w| Lex::of(w)).collect();
        let amb = vec![NONE; 3];
        let hashes = [11u64, 12];
        let mut tr = Trainer::new(2);
        tr.update(&[comb(12, hashes[0])], 1, 0);
        tr.tick();
        let w = tr.freeze(0.0);
        assert_eq!(
            greedy(&w, &hashes, &lex, &amb, &[], None, false),
            vec![0, 1, 0]
        );
        let fixed = [1, FREE, FREE];
        assert_eq!(
            greedy(&w, &hashes, &lex, &amb, &fixed, None, false),
            vec![1, 0, 1]
        );
    }

    fn conllu(rows: &[(&str, &str, &str)]) -> ConlluSentence {
        let body: String = rows
            .iter()
            .enumerate()
            .map(|(i, (f, u, x))| format!("{}\t{f}\t_\t{u}\t{x}\t_\t0\tdep\t_\t_\n", i + 1))
            .collect();
        dyad_text::conllu::parse_str(&format!("# sent_id = s\n{body}\n"), "test")
            .unwrap()
            .remove(0)
    }

    #[test]
    fn the_dictionary_keeps_frequent_unambiguous_closed_class_words() {
        let mut train = Vec::new();
        for k in 0..30 {
            // "free" is always an adjective here, "the" always a determiner, "that" a
            // determiner 27 times in 30, "Zed" (a name) a determiner that is seen too rarely.
            let that = if k < 27 {
                ("that", "DET", "DT")
            } else {
                ("that", "SCONJ", "IN")
            };
            let mut rows = vec![("the", "DET", "DT"), ("free", "ADJ", "JJ"), that];
            if k < 5 {
                rows.push(("Zed", "DET", "DT"));
            }
            train.push(conllu(&rows));
        }
        let ids: HashMap<(String, String), u16> = [("DET", "DT"), ("ADJ", "JJ"), ("SCONJ", "IN")]
            .iter()
            .enumerate()
            .map(|(i, (u, x))| ((u.to_string(), x.to_string()), i as u16))
            .collect();
        let d = tag_dictionary(&train, &ids, 20, 0.99);
        let forms: Vec<&str> = d.iter().map(|e| e.form.as_str()).collect();
        assert_eq!(forms, ["the"]);
        assert_eq!((d[0].class, d[0].count, d[0].share), (0, 30, 1.0));
        let d = tag_dictionary(&train, &ids, 20, 0.9);
        let forms: Vec<&str> = d.iter().map(|e| e.form.as_str()).collect();
        assert_eq!(forms, ["that", "the"]);
        assert!(tag_dictionary(&train, &ids, 0, 0.5).is_empty());
    }

    #[test]
    fn the_shipped_tagger_carries_its_dictionary_through_a_round_trip() {
        let tagger = crate::Models::load_default().unwrap().tagger;
        let the = tagger
            .dictionary()
            .iter()
            .find(|e| e.form == "the")
            .unwrap();
        assert_eq!(tagger.tag_name(the.class), ("DET", "DT"));
        assert!(tagger.dictionary().iter().all(|e| e.form != "free"));
        let mut w = Writer::default();
        tagger.write(&mut w);
        let back = Tagger::read(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(back.dictionary(), tagger.dictionary());
        assert_eq!(
            back.tag(&["Free", "the", "hostages", "."]),
            tagger.tag(&["Free", "the", "hostages", "."])
        );
    }

    /// Greedy tagging that looks every feature up, as before [`WordSums`].
    fn greedy_looking_up_all(
        w: &Weights,
        tag_hash: &[u64],
        lex: &[Lex],
        amb: &[u64],
        look: Option<&[u64]>,
        v2: bool,
    ) -> Vec<u16> {
        let mut feats = Vec::new();
        let mut scores = vec![0i32; tag_hash.len()];
        let (mut p1, mut p2) = (NONE, NONE);
        let mut out = Vec::new();
        for i in 0..lex.len() {
            features(lex, amb, look, i, p1, p2, v2, true, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0);
            w.score_quantised(&feats, &mut scores);
            let t = argmax_i32_where(&scores, |_| true).unwrap_or(0);
            out.push(t as u16);
            (p2, p1) = (p1, tag_hash[t]);
        }
        out
    }

    #[test]
    fn word_sums_score_exactly_as_looking_every_feature_up() {
        let tagger = crate::Models::load_default().unwrap().tagger;
        let first = tagger.first.as_ref().unwrap();
        let mut sentences: Vec<Vec<String>> = [
            "Russian troops shelled the town of Kharkiv on Tuesday , officials said .",
            "The the the .",
            "x",
            "Talks between Ethiopia and Eritrea resumed in Addis Ababa after a two-year pause .",
        ]
        .iter()
        .map(|s| s.split(' ').map(String::from).collect())
        .collect();
        // Enough new words to make the cache start afresh several times, mid-document.
        for k in 0..3 * WORD_SUMS_CAP / 10 {
            let words = (0..12).map(|j| format!("Word{k}x{j}")).collect();
            sentences.push(words);
            sentences.push(sentences[k % 4].clone());
        }
        for words in &sentences {
            let lex: Vec<Lex> = words.iter().map(|w| Lex::of(w)).collect();
            let amb: Vec<u64> = lex
                .iter()
                .map(|l| tagger.amb.get(&l.lower).copied().unwrap_or(NONE))
                .collect();
            let rl: Vec<Lex> = lex.iter().rev().copied().collect();
            let ra: Vec<u64> = amb.iter().rev().copied().collect();
            let th = &tagger.tag_hash;
            let t1 = greedy(first, th, &rl, &ra, &[], None, true);
            assert_eq!(t1, greedy_looking_up_all(first, th, &rl, &ra, None, true));
            let look: Vec<u64> = t1.iter().rev().map(|&t| th[t as usize]).collect();
            let t2 = greedy(&tagger.weights, th, &lex, &amb, &[], Some(&look), true);
            let all = greedy_looking_up_all(&tagger.weights, th, &lex, &amb, Some(&look), true);
            assert_eq!(t2, all, "{words:?}");
        }
    }
}
