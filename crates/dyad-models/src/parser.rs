//! Dependency parser: the arc-hybrid transition system with the root at the end of the buffer,
//! trained as an averaged perceptron with a dynamic oracle (Goldberg & Nivre 2013) over rich
//! non-local features (Zhang & Nivre 2011). Labels are predicted jointly with transitions.
//! Non-projective training trees are projectivised by lifting arcs.

use crate::bin_io::{Reader, Writer};
use crate::hash::{comb, hash_str, IdMap};
use crate::perceptron::{argmax_i32_where, argmax_where, Trainer, Weights};
use crate::tagger::{Tagger, TaggerConfig};
use crate::{Result, Rng};
use dyad_text::conllu::ConlluSentence;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// No token.
pub(crate) const NIL: u32 = u32::MAX;
/// Number of feature templates of feature set 1.
const NFEATS: usize = 100;
/// Number of templates feature set 2 adds.
const NFEATS2: usize = 8;
const NONE: u64 = 0x0dd5;
const ROOT_W: u64 = 0x400d_0001;
const ROOT_P: u64 = 0x400d_0002;
/// The word of an unknown (or, in training, a dropped rare) word.
const UNK_W: u64 = 0x400d_0003;

type IdSet = std::collections::HashSet<u64, crate::hash::IdBuild>;
/// The label of the arc from the root.
pub const ROOT_LABEL: &str = "root";

/// Training settings of the parser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParserConfig {
    /// Passes over the training data.
    pub iterations: usize,
    /// Averaged weights below this magnitude are dropped from the model.
    pub min_weight: f32,
    /// Seed of shuffling and exploration.
    pub seed: u64,
    /// From this pass on (0-based), the trainer follows its own predictions (dynamic oracle).
    pub explore_from: usize,
    /// Probability of following a wrong prediction while exploring.
    pub explore_p: f64,
    /// Parsers trained with different seeds whose weights are averaged (1: a single parser).
    #[serde(default = "one")]
    pub ensemble: usize,
    /// Probability that a word seen once in training is read as unknown, per occurrence and pass.
    #[serde(default)]
    pub word_dropout: f64,
    /// Folds of jackknifing to give the parser predicted tags in training (0: gold tags).
    pub jackknife: usize,
    /// Settings of the jackknifing taggers.
    pub tagger: TaggerConfig,
    /// Feature set: 1 (or 0, files before it was recorded) is the original one; 2 adds
    /// templates for the s1–s0 distance, s1's children's labels and a wider look-ahead.
    #[serde(default)]
    pub features: u32,
    /// Another parser, trained with these settings and averaged in with equal weight (the
    /// shipped parser blends a feature-set-1 and a feature-set-2 parser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blend: Option<Box<ParserConfig>>,
}

impl ParserConfig {
    /// One parser (an ensemble of seeds) with feature set `features`, its jackknifing taggers
    /// using the tagger's feature set of the same number.
    pub fn single(features: u32) -> Self {
        ParserConfig {
            iterations: 15,
            min_weight: 1.0,
            seed: 11,
            explore_from: 1,
            explore_p: 0.9,
            word_dropout: 0.5,
            ensemble: 2,
            jackknife: 4,
            // One-pass taggers for jackknifing: four two-pass taggers would take as long as the
            // parser itself, for tags of nearly the same quality.
            tagger: TaggerConfig {
                iterations: 8,
                min_weight: 0.5,
                two_pass: false,
                features,
                // Nor a tag dictionary: the shipped parser was trained before it existed.
                dict_min_count: 0,
                dict_min_share: 0.0,
                ..TaggerConfig::default()
            },
            features,
            blend: None,
        }
    }
}

impl Default for ParserConfig {
    /// The shipped settings: a feature-set-1 parser blended with a feature-set-2 parser.
    fn default() -> Self {
        ParserConfig {
            blend: Some(Box::new(ParserConfig::single(2))),
            ..ParserConfig::single(1)
        }
    }
}

fn one() -> usize {
    1
}

/// Per-token input of the parser: hashes of the lowercased word, its last three letters, the
/// tag pair and the universal tag alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PTok {
    /// Hash of the lowercased form.
    pub w: u64,
    /// Hash of (UPOS, XPOS).
    pub p: u64,
    /// Hash of UPOS.
    pub u: u64,
    /// Hash of the lowercased form's last three characters.
    pub s: u64,
}

impl PTok {
    /// From strings.
    pub fn new(form: &str, upos: &str, xpos: &str) -> Self {
        let (w, s) = crate::hash::with_lower(form, |lower| {
            let start = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            (hash_str(lower), hash_str(&lower[start..]))
        });
        let u = hash_str(upos);
        PTok {
            w,
            p: comb(u, hash_str(xpos)),
            u,
            s,
        }
    }
}

/// Which hash of a token a single-token feature reads.
#[derive(Clone, Copy)]
enum View {
    W,
    P,
    WP,
    SP,
    SU,
}

/// Number of token slots in [`SLOTS`].
const NSLOTS: usize = 12;

/// For each token slot (s0, n0, n1, n2, s1, s2, then the children s0l1, s0r1, n0l1, s0l2,
/// s0r2, n0l2), the features that read that token alone: (index in the template array of
/// `State::features`, which hash). Their sum depends only on the token and the slot, so a
/// thread keeps it per word ([`SlotSums`]) instead of looking the features up at every move.
const SLOTS: [&[(usize, View)]; NSLOTS] = {
    use View::*;
    [
        &[(1, W), (2, P), (3, WP), (95, SP)],
        &[(4, W), (5, P), (6, WP), (96, SP)],
        &[(7, W), (8, P), (9, WP), (97, SU)],
        &[(10, W), (11, P), (12, WP)],
        &[(13, W), (14, P), (15, WP)],
        &[(16, W), (17, P)],
        &[(54, W), (55, P)],
        &[(57, W), (58, P)],
        &[(60, W), (61, P)],
        &[(65, W), (66, P)],
        &[(68, W), (69, P)],
        &[(71, W), (72, P)],
    ]
};

/// Templates that appear in [`SLOTS`].
const IS_SLOT: [bool; NFEATS] = {
    let mut m = [false; NFEATS];
    let mut k = 0;
    while k < NSLOTS {
        let s = SLOTS[k];
        let mut j = 0;
        while j < s.len() {
            m[s[j].0] = true;
            j += 1;
        }
        k += 1;
    }
    m
};

/// The hashes a token shows the features: word, tag pair, universal tag, suffix.
#[derive(Clone, Copy)]
struct TokView {
    w: u64,
    p: u64,
    u: u64,
    s: u64,
}

impl TokView {
    const NIL: TokView = TokView {
        w: NONE,
        p: NONE,
        u: NONE,
        s: NONE,
    };
    const ROOT: TokView = TokView {
        w: ROOT_W,
        p: ROOT_P,
        u: ROOT_P,
        s: ROOT_W,
    };

    fn of(t: &PTok) -> TokView {
        TokView {
            w: t.w,
            p: t.p,
            u: t.u,
            s: t.s,
        }
    }

    fn get(&self, v: View) -> u64 {
        match v {
            View::W => self.w,
            View::P => self.p,
            View::WP => comb(self.w, self.p),
            View::SP => comb(self.s, self.p),
            View::SU => comb(self.s, self.u),
        }
    }
}

/// The features of [`SLOTS`] slot `k` for token `x`.
fn slot_features(k: usize, x: &TokView, out: &mut Vec<u64>) {
    out.clear();
    for &(t, v) in SLOTS.get(k).copied().unwrap_or(&[]) {
        out.push(comb(t as u64 + 1000, x.get(v)));
    }
}

/// Most distinct tokens (word and tags) a thread's [`SlotSums`] holds per weight set before it
/// starts afresh; an entry is up to [`NSLOTS`] rows of one sum per class (~5 kB).
const SLOT_SUMS_CAP: usize = 2048;

/// Per-thread sums of the weights of each token's single-token features, per slot, computed
/// the first time the token fills the slot. Sums of the integer weights, so the scores are
/// exactly those of looking every feature up.
struct SlotSums {
    owner: u64,
    nclasses: usize,
    /// Token key → entry.
    index: IdMap<u32>,
    views: Vec<TokView>,
    /// Which slots of each entry are computed (bit `k`: slot `k`).
    done: Vec<u16>,
    /// Entry `e`, slot `k`: `nclasses` sums at `(e * NSLOTS + k) * nclasses`.
    sums: Vec<i32>,
}

/// Entries that [`SlotSums`] always holds: the empty slot and the root.
const SLOT_NIL: u32 = 0;
const SLOT_ROOT: u32 = 1;

impl SlotSums {
    fn new(w: &Weights) -> SlotSums {
        let mut c = SlotSums {
            owner: w.id(),
            nclasses: w.nclasses(),
            index: IdMap::default(),
            views: Vec::new(),
            done: Vec::new(),
            sums: Vec::new(),
        };
        c.push(TokView::NIL);
        c.push(TokView::ROOT);
        c
    }

    fn push(&mut self, x: TokView) -> u32 {
        let e = self.views.len() as u32;
        self.views.push(x);
        self.done.push(0);
        self.sums
            .resize(self.sums.len() + NSLOTS * self.nclasses, 0);
        e
    }

    /// The entries of a sentence's tokens, adding those not yet known.
    fn entries(&mut self, toks: &[PTok]) -> Vec<u32> {
        if self.index.len() + toks.len() > SLOT_SUMS_CAP {
            // Start afresh (before the sentence: its entries must stay valid while it is parsed).
            self.views.truncate(2);
            self.done.truncate(2);
            self.sums.truncate(2 * NSLOTS * self.nclasses);
            self.index.clear();
        }
        toks.iter()
            .map(|t| {
                let key = comb(comb(t.w, t.p), comb(t.u, t.s));
                match self.index.get(&key) {
                    Some(&e) => e,
                    None => {
                        let e = self.push(TokView::of(t));
                        self.index.insert(key, e);
                        e
                    }
                }
            })
            .collect()
    }

    /// Adds to `scores` the single-token sums of every slot of a state; `slots` from
    /// [`State::slot_tokens`], `entries` from [`SlotSums::entries`].
    fn add_to(
        &mut self,
        w: &Weights,
        entries: &[u32],
        n: u32,
        slots: &[u32; NSLOTS],
        feats: &mut Vec<u64>,
        scores: &mut [i32],
    ) {
        let nc = self.nclasses;
        for (k, &tok) in slots.iter().enumerate() {
            let e = if tok == NIL {
                SLOT_NIL
            } else if tok == n {
                SLOT_ROOT
            } else {
                entries.get(tok as usize).copied().unwrap_or(SLOT_NIL)
            } as usize;
            let at = (e * NSLOTS + k) * nc;
            let Some(row) = self.sums.get_mut(at..at + nc) else {
                continue;
            };
            let bit = 1u16 << k;
            if let (Some(done), Some(view)) = (self.done.get_mut(e), self.views.get(e)) {
                if *done & bit == 0 {
                    slot_features(k, view, feats);
                    w.score_quantised(feats, row);
                    *done |= bit;
                }
            }
            crate::perceptron::add_row(scores, row, 0);
        }
    }
}

thread_local! {
    /// This thread's [`SlotSums`], most recently used last.
    static SLOT_SUMS: std::cell::RefCell<Vec<SlotSums>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Weight sets whose [`SlotSums`] a thread keeps.
const SLOT_SUMS_SETS: usize = 2;

/// A parser configuration: stack, buffer front and the partial tree.
#[derive(Clone)]
pub(crate) struct State {
    pub n: u32,
    pub stack: Vec<u32>,
    pub b: u32,
    pub head: Vec<u32>,
    pub label: Vec<u16>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u128>,
    rset: Vec<u128>,
}

/// Transition kinds; a class is `SHIFT`, `1 + label` (left-arc) or `1 + L + label` (right-arc).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Move {
    Shift,
    Left(u16),
    Right(u16),
}

pub(crate) fn class_move(c: usize, nlabels: usize) -> Move {
    if c == 0 {
        Move::Shift
    } else if c <= nlabels {
        Move::Left((c - 1) as u16)
    } else {
        Move::Right((c - 1 - nlabels) as u16)
    }
}

impl State {
    pub fn new(n: usize) -> State {
        let n1 = n + 1;
        State {
            n: n as u32,
            stack: Vec::with_capacity(n),
            b: 0,
            head: vec![NIL; n1],
            label: vec![0; n1],
            lc1: vec![NIL; n1],
            lc2: vec![NIL; n1],
            rc1: vec![NIL; n1],
            rc2: vec![NIL; n1],
            nl: vec![0; n1],
            nr: vec![0; n1],
            lset: vec![0; n1],
            rset: vec![0; n1],
        }
    }

    pub fn terminal(&self) -> bool {
        self.b == self.n && self.stack.is_empty()
    }

    fn s(&self, i: usize) -> u32 {
        let l = self.stack.len();
        if i < l {
            self.stack[l - 1 - i]
        } else {
            NIL
        }
    }

    /// The only valid move, when there is exactly one: a shift onto an empty stack, or the
    /// last word's attachment to the root. [`Move::Left`] and [`Move::Right`] are otherwise
    /// open to several labels.
    fn forced(&self, root: u16) -> Option<Move> {
        if self.stack.is_empty() && self.b < self.n {
            Some(Move::Shift)
        } else if self.b == self.n && self.stack.len() == 1 {
            Some(Move::Left(root))
        } else {
            None
        }
    }

    /// Whether a move is allowed; `root` is the root label id. The root word is attached last,
    /// alone, with the root label, so every tree has exactly one root.
    pub fn valid(&self, m: Move, root: u16) -> bool {
        match m {
            Move::Shift => self.b < self.n,
            Move::Left(l) => {
                !self.stack.is_empty()
                    && if self.b == self.n {
                        self.stack.len() == 1 && l == root
                    } else {
                        l != root
                    }
            }
            Move::Right(l) => self.stack.len() >= 2 && l != root,
        }
    }

    fn attach(&mut self, h: u32, d: u32, l: u16) {
        self.head[d as usize] = h;
        self.label[d as usize] = l;
        let (h, bit) = (h as usize, 1u128 << (l % 128));
        if d < h as u32 {
            // Left-arcs are made from the nearest dependent outwards: the new one is leftmost.
            self.lc2[h] = self.lc1[h];
            self.lc1[h] = d;
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            self.rc2[h] = self.rc1[h];
            self.rc1[h] = d;
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left(l) => {
                if let Some(s0) = self.stack.pop() {
                    self.attach(self.b, s0, l);
                }
            }
            Move::Right(l) => {
                if let Some(s0) = self.stack.pop() {
                    if let Some(&s1) = self.stack.last() {
                        self.attach(s1, s0, l);
                    }
                }
            }
        }
    }

    /// Gold arcs lost by each unlabelled move (shift, left, right), given gold heads `gh`
    /// (the root is `n`). Moves that are not allowed get `u32::MAX`.
    pub fn costs(&self, gh: &[u32]) -> [u32; 3] {
        let n = self.n;
        let b = self.b;
        let s0 = self.s(0);
        let s1 = self.s(1);
        let mut c = [u32::MAX; 3];
        if b < n {
            // Shift: b0 can no longer take a head from the stack below s0 nor a dependent there.
            let mut k = 0;
            for &s in &self.stack {
                if (gh[b as usize] == s && s != s0) || gh[s as usize] == b {
                    k += 1;
                }
            }
            c[0] = k;
        }
        if s0 != NIL {
            // s0's dependents still in the buffer are lost by either arc move.
            let deps = (b..n).filter(|&d| gh[d as usize] == s0).count() as u32;
            let h = gh[s0 as usize];
            let left = (h != b && (h == s1 || (h > b && h <= n))) as u32;
            c[1] = deps + left;
            if s1 != NIL {
                let right = (h != s1 && h >= b && h <= n) as u32;
                c[2] = deps + right;
            }
        }
        c
    }

    pub fn features(&self, toks: &[PTok], v2: bool, out: &mut Vec<u64>) {
        self.features_with(toks, v2, true, out);
    }

    /// The tokens in the slots of [`SLOTS`], in that order ([`NIL`] for an empty slot, `n` for
    /// the root).
    fn slot_tokens(&self) -> [u32; NSLOTS] {
        let n = self.n;
        let kid = |v: &Vec<u32>, i: u32| -> u32 {
            if i == NIL {
                NIL
            } else {
                v.get(i as usize).copied().unwrap_or(NIL)
            }
        };
        let s0 = self.s(0);
        let n0 = self.b;
        [
            s0,
            n0,
            if n0 < n { n0 + 1 } else { NIL },
            if n0 + 1 < n { n0 + 2 } else { NIL },
            self.s(1),
            self.s(2),
            kid(&self.lc1, s0),
            kid(&self.rc1, s0),
            kid(&self.lc1, n0),
            kid(&self.lc2, s0),
            kid(&self.rc2, s0),
            kid(&self.lc2, n0),
        ]
    }

    /// The features of the state; with `slots` false, those of [`SLOTS`] are left out (the
    /// caller adds their sums from [`SlotSums`]).
    fn features_with(&self, toks: &[PTok], v2: bool, slots: bool, out: &mut Vec<u64>) {
        out.clear();
        let n = self.n;
        let tok = |i: u32| -> (u64, u64) {
            if i == NIL {
                (NONE, NONE)
            } else if i == n {
                (ROOT_W, ROOT_P)
            } else {
                toks.get(i as usize).map_or((NONE, NONE), |t| (t.w, t.p))
            }
        };
        // Universal tag and suffix: coarser views that survive some tagging errors.
        let us = |i: u32| -> (u64, u64) {
            if i == NIL {
                (NONE, NONE)
            } else if i == n {
                (ROOT_P, ROOT_W)
            } else {
                toks.get(i as usize).map_or((NONE, NONE), |t| (t.u, t.s))
            }
        };
        let lab = |i: u32| -> u64 {
            if i == NIL || i >= n {
                NONE
            } else {
                self.label[i as usize] as u64 + 1
            }
        };
        let kid = |v: &Vec<u32>, i: u32| -> u32 {
            if i == NIL {
                NIL
            } else {
                v[i as usize]
            }
        };
        let s0 = self.s(0);
        let s1 = self.s(1);
        let s2 = self.s(2);
        let n0 = self.b;
        let n1 = if n0 < n { n0 + 1 } else { NIL };
        let n2 = if n0 + 1 < n { n0 + 2 } else { NIL };
        let (s0w, s0p) = tok(s0);
        let (s1w, s1p) = tok(s1);
        let (s2w, s2p) = tok(s2);
        let (n0w, n0p) = tok(n0);
        let (n1w, n1p) = tok(n1);
        let (n2w, n2p) = tok(n2);
        let s0l1 = kid(&self.lc1, s0);
        let s0l2 = kid(&self.lc2, s0);
        let s0r1 = kid(&self.rc1, s0);
        let s0r2 = kid(&self.rc2, s0);
        let s1l1 = kid(&self.lc1, s1);
        let s1r1 = kid(&self.rc1, s1);
        let n0l1 = kid(&self.lc1, n0);
        let n0l2 = kid(&self.lc2, n0);
        let (s0l1w, s0l1p) = tok(s0l1);
        let (s0l2w, s0l2p) = tok(s0l2);
        let (s0r1w, s0r1p) = tok(s0r1);
        let (s0r2w, s0r2p) = tok(s0r2);
        let (_, s1l1p) = tok(s1l1);
        let (_, s1r1p) = tok(s1r1);
        let (n0l1w, n0l1p) = tok(n0l1);
        let (n0l2w, n0l2p) = tok(n0l2);
        let dist = if s0 == NIL {
            0
        } else if n0 == n {
            99
        } else {
            match n0 - s0 {
                d @ 1..=4 => d as u64,
                5..=6 => 5,
                7..=9 => 6,
                _ => 7,
            }
        };
        let val = |v: &Vec<u8>, i: u32| -> u64 {
            if i == NIL {
                255
            } else {
                v[i as usize] as u64
            }
        };
        let set = |v: &Vec<u128>, i: u32| -> u64 {
            if i == NIL {
                NONE
            } else {
                let x = v[i as usize];
                comb(x as u64, (x >> 64) as u64)
            }
        };
        let s0vl = val(&self.nl, s0);
        let s0vr = val(&self.nr, s0);
        let n0vl = val(&self.nl, n0);
        let s1vl = val(&self.nl, s1);
        let s1vr = val(&self.nr, s1);
        let s0wp = comb(s0w, s0p);
        let n0wp = comb(n0w, n0p);
        let n1wp = comb(n1w, n1p);
        let s1wp = comb(s1w, s1p);
        let c2 = |a: u64, b: u64| comb(a, b);
        let c3 = |a: u64, b: u64, c: u64| comb(comb(a, b), c);
        let (s0u, s0s) = us(s0);
        let (s1u, s1s) = us(s1);
        let (n0u, n0s) = us(n0);
        let (n1u, n1s) = us(n1);
        let feats: [u64; NFEATS] = [
            0,
            s0w,
            s0p,
            s0wp,
            n0w,
            n0p,
            n0wp,
            n1w,
            n1p,
            n1wp,
            n2w,
            n2p,
            comb(n2w, n2p),
            s1w,
            s1p,
            s1wp,
            s2w,
            s2p,
            c2(s0wp, n0wp),
            c2(s0wp, n0w),
            c2(s0w, n0wp),
            c2(s0wp, n0p),
            c2(s0p, n0wp),
            c2(s0w, n0w),
            c2(s0p, n0p),
            c2(n0p, n1p),
            c2(s1p, s0p),
            c2(s1w, s0w),
            c2(s1wp, s0p),
            c2(s1p, s0wp),
            c3(n0p, n1p, n2p),
            c3(s0p, n0p, n1p),
            c3(s1p, s0p, n0p),
            c3(s0p, s0l1p, n0p),
            c3(s0p, s0r1p, n0p),
            c3(s0p, n0p, n0l1p),
            c3(s1p, s1r1p, s0p),
            c3(s1p, s0p, s0r1p),
            c3(s1p, s1l1p, s0p),
            c3(s2p, s1p, s0p),
            c2(s0w, dist),
            c2(s0p, dist),
            c2(n0w, dist),
            c2(n0p, dist),
            c3(s0w, n0w, dist),
            c3(s0p, n0p, dist),
            c2(s0w, s0vr),
            c2(s0p, s0vr),
            c2(s0w, s0vl),
            c2(s0p, s0vl),
            c2(n0w, n0vl),
            c2(n0p, n0vl),
            c2(s1p, s1vr),
            c2(s1p, s1vl),
            s0l1w,
            s0l1p,
            lab(s0l1),
            s0r1w,
            s0r1p,
            lab(s0r1),
            n0l1w,
            n0l1p,
            lab(n0l1),
            lab(s1r1),
            lab(s1l1),
            s0l2w,
            s0l2p,
            lab(s0l2),
            s0r2w,
            s0r2p,
            lab(s0r2),
            n0l2w,
            n0l2p,
            lab(n0l2),
            c3(s0p, s0l1p, s0l2p),
            c3(s0p, s0r1p, s0r2p),
            c3(n0p, n0l1p, n0l2p),
            c2(s0w, set(&self.rset, s0)),
            c2(s0p, set(&self.rset, s0)),
            c2(s0w, set(&self.lset, s0)),
            c2(s0p, set(&self.lset, s0)),
            c2(n0w, set(&self.lset, n0)),
            c2(n0p, set(&self.lset, n0)),
            c3(s0p, lab(s0l1), n0p),
            c3(s1p, s0p, lab(s1r1)),
            c2(s0u, n0u),
            c3(s1u, s0u, n0u),
            c3(s0u, n0u, n1u),
            c2(s1u, s0u),
            c2(s0s, n0s),
            c2(s0s, n0u),
            c2(s0u, n0s),
            c2(s1s, s0s),
            c2(n0s, n1u),
            c3(s0u, n0u, dist),
            c2(s0s, s0p),
            c2(n0s, n0p),
            c2(n1s, n1u),
            c3(s0u, lab(s0l1), lab(s0r1)),
            c3(n0u, lab(n0l1), lab(n0l2)),
        ];
        for (t, v) in feats.iter().enumerate() {
            if slots || !IS_SLOT[t] {
                out.push(comb(t as u64 + 1000, *v));
            }
        }
        if v2 {
            let bucket = |d: u32| -> u64 {
                match d {
                    0..=4 => d as u64,
                    5..=6 => 5,
                    7..=9 => 6,
                    _ => 7,
                }
            };
            // s1–s0 distance: the right-arc decision's counterpart of `dist`.
            let d10 = if s1 == NIL || s0 == NIL {
                0
            } else {
                bucket(s0.saturating_sub(s1))
            };
            let n3 = if n0 + 2 < n { n0 + 3 } else { NIL };
            let (n2u, _) = us(n2);
            let (n3u, _) = us(n3);
            let more: [u64; NFEATS2] = [
                c3(s1p, s0p, d10),
                c3(s1w, s0u, d10),
                c3(s1u, s0w, d10),
                c3(s1p, lab(s1l1), lab(s1r1)),
                c3(s0w, n0p, n1p),
                c3(s0p, n0w, n1p),
                c3(n1u, n2u, n3u),
                c3(s0p, set(&self.rset, s0), n0p),
            ];
            for (t, v) in more.iter().enumerate() {
                out.push(comb(t as u64 + 2000, *v));
            }
        }
    }
}

/// Lifts non-projective arcs (shortest first) until the tree is projective. Heads are 0-based
/// with `n` for the root. Returns `None` when the heads do not form a tree.
pub fn projectivize(heads: &[u32]) -> Option<Vec<u32>> {
    let n = heads.len() as u32;
    if !is_tree(heads) {
        return None;
    }
    let mut h = heads.to_vec();
    let dominates = |h: &[u32], a: u32, mut k: u32| -> bool {
        // Whether `a` is an ancestor of (or equal to) `k`.
        let mut steps = 0;
        while k != n {
            if k == a {
                return true;
            }
            k = h[k as usize];
            steps += 1;
            if steps > h.len() {
                return false;
            }
        }
        a == n
    };
    loop {
        let mut worst: Option<(u32, u32)> = None; // (span, dependent)
        for d in 0..n {
            let hd = h[d as usize];
            if hd == n {
                continue;
            }
            let (lo, hi) = if hd < d { (hd, d) } else { (d, hd) };
            let nonproj = (lo + 1..hi).any(|k| !dominates(&h, hd, k));
            if nonproj && worst.is_none_or(|(s, _)| hi - lo < s) {
                worst = Some((hi - lo, d));
            }
        }
        match worst {
            None => return Some(h),
            Some((_, d)) => {
                let hd = h[d as usize];
                h[d as usize] = h[hd as usize];
            }
        }
    }
}

/// Whether 0-based heads (root `n`) form a tree with exactly one word attached to the root.
pub fn is_tree(heads: &[u32]) -> bool {
    let n = heads.len() as u32;
    if heads.iter().any(|&h| h > n) || heads.iter().filter(|&&h| h == n).count() != 1 {
        return false;
    }
    for start in 0..n {
        let mut k = start;
        let mut steps = 0;
        while k != n {
            k = heads[k as usize];
            steps += 1;
            if steps > n as usize + 1 || k == start {
                return false;
            }
        }
    }
    true
}

/// Whether a tree (0-based heads, root `n`) is projective.
pub fn is_projective(heads: &[u32]) -> bool {
    projectivize(heads).is_some_and(|p| p == heads)
}

/// Runs the oracle from the initial state, always taking a zero-cost move with the gold label;
/// returns the tree it builds (used to check that every gold tree is reachable).
pub fn oracle_parse(
    gold_heads: &[u32],
    gold_labels: &[u16],
    nlabels: usize,
    root: u16,
) -> Vec<u32> {
    let n = gold_heads.len();
    let mut st = State::new(n);
    let mut guard = 0;
    while !st.terminal() && guard < 4 * n + 4 {
        guard += 1;
        let c = st.costs(gold_heads);
        let s0 = st.s(0);
        let lab = |k: u32| if k == NIL { 0 } else { gold_labels[k as usize] };
        let cand = [
            (c[1], Move::Left(lab(s0))),
            (c[2], Move::Right(lab(s0))),
            (c[0], Move::Shift),
        ];
        let mv = cand
            .iter()
            .find(|(k, m)| *k == 0 && st.valid(*m, root))
            .or_else(|| {
                cand.iter()
                    .filter(|(_, m)| st.valid(*m, root))
                    .min_by_key(|(k, _)| *k)
            })
            .map(|x| x.1);
        match mv {
            Some(m) => st.apply(m),
            None => break,
        }
    }
    let _ = nlabels;
    st.head[..n].to_vec()
}

/// A trained parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    pub(crate) labels: Vec<String>,
    root: u16,
    /// Hashes of the words seen in training; others are read as [`UNK_W`].
    vocab: IdSet,
    weights: Weights,
    /// Feature set (see [`ParserConfig::features`]); not in the binary layout but in the
    /// file's metadata, so files written before it read as set 1.
    pub(crate) version: u32,
}

impl Parser {
    /// The dependency relations it predicts.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Number of features and weights kept in the model.
    pub fn size(&self) -> (usize, usize) {
        (self.weights.nfeatures(), self.weights.nweights())
    }

    /// A copy without the weights below `min_abs`.
    pub fn pruned(&self, min_abs: f32) -> Parser {
        Parser {
            labels: self.labels.clone(),
            root: self.root,
            vocab: self.vocab.clone(),
            weights: self.weights.pruned(min_abs),
            version: self.version,
        }
    }

    /// The mean of parsers trained on the same labels (possibly with other feature sets): one
    /// linear model that scores like their ensemble. `None` when the labels differ.
    pub fn averaged(parsers: &[Parser]) -> Option<Parser> {
        let first = parsers.first()?;
        if parsers
            .iter()
            .any(|p| p.labels != first.labels || p.root != first.root)
        {
            return None;
        }
        let weights: Vec<Weights> = parsers.iter().map(|p| p.weights.clone()).collect();
        Some(Parser {
            labels: first.labels.clone(),
            root: first.root,
            vocab: parsers
                .iter()
                .flat_map(|p| p.vocab.iter().copied())
                .collect(),
            weights: Weights::average(&weights),
            version: parsers.iter().map(|p| p.version).max().unwrap_or(1),
        })
    }

    /// Name of label `l`.
    pub fn label_name(&self, l: u16) -> &str {
        self.labels.get(l as usize).map_or("dep", |s| s.as_str())
    }

    /// Parses a sentence; returns 0-based heads (`toks.len()` for the root) and label ids.
    pub fn parse(&self, toks: &[PTok]) -> (Vec<u32>, Vec<u16>) {
        // Words never seen in training share the features learned for dropped rare words.
        let known: Vec<PTok> = toks
            .iter()
            .map(|t| {
                if self.vocab.contains(&t.w) {
                    *t
                } else {
                    PTok { w: UNK_W, ..*t }
                }
            })
            .collect();
        let toks = &known[..];
        let n = toks.len();
        let nl = self.labels.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(NFEATS + NFEATS2);
        // Integer sums of the quantised weights: the same order as the scaled scores.
        let mut scores = vec![0i32; 1 + 2 * nl];
        let mut guard = 0;
        let v2 = self.version >= 2;
        let w = &self.weights;
        let mut sums = SLOT_SUMS.with(|cell| {
            let mut sets = cell.borrow_mut();
            match sets.iter().position(|c| c.owner == w.id()) {
                Some(at) => sets.remove(at),
                None => SlotSums::new(w),
            }
        });
        let entries = sums.entries(toks);
        while !st.terminal() && guard < 2 * n + 2 {
            guard += 1;
            if let Some(m) = st.forced(self.root) {
                // One valid move: the scores could not change it.
                st.apply(m);
                continue;
            }
            scores.iter_mut().for_each(|s| *s = 0);
            sums.add_to(
                w,
                &entries,
                n as u32,
                &st.slot_tokens(),
                &mut feats,
                &mut scores,
            );
            st.features_with(toks, v2, false, &mut feats);
            w.score_quantised(&feats, &mut scores);
            let root = self.root;
            let best = argmax_i32_where(&scores, |c| st.valid(class_move(c, nl), root));
            match best {
                Some(c) => st.apply(class_move(c, nl)),
                None => break,
            }
        }
        SLOT_SUMS.with(|cell| {
            let mut sets = cell.borrow_mut();
            if sets.len() >= SLOT_SUMS_SETS {
                sets.remove(0);
            }
            sets.push(sums);
        });
        // Whatever is left unattached (never, for a well-formed model) goes to the root word.
        let root_word = (0..n).find(|&i| st.head[i] == n as u32);
        for i in 0..n {
            if st.head[i] == NIL {
                match root_word {
                    Some(r) => {
                        st.head[i] = r as u32;
                        st.label[i] = self.label_id("dep");
                    }
                    None => {
                        st.head[i] = n as u32;
                        st.label[i] = self.root;
                    }
                }
            }
        }
        st.head.truncate(n);
        st.label.truncate(n);
        (st.head, st.label)
    }

    fn label_id(&self, name: &str) -> u16 {
        self.labels.iter().position(|l| l == name).unwrap_or(0) as u16
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        // Feature set 2 and later: the root id's high bit says a version byte follows (files
        // written before have no such byte and read as set 1).
        if self.version >= 2 {
            w.u16(self.root | 0x8000);
            w.u8(self.version.min(255) as u8);
        } else {
            w.u16(self.root);
        }
        let mut vocab: Vec<u64> = self.vocab.iter().copied().collect();
        vocab.sort_unstable();
        w.u32(vocab.len() as u32);
        let mut last = 0u64;
        for v in vocab {
            w.varint(v - last);
            last = v;
        }
        self.weights.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Self> {
        let labels = r.strs()?;
        let root = r.u16()?;
        let (root, version) = if root & 0x8000 != 0 {
            (root & 0x7fff, r.u8()? as u32)
        } else {
            (root, 1)
        };
        let nv = r.len(1)?;
        let mut vocab = IdSet::default();
        vocab.reserve(nv);
        let mut last = 0u64;
        for _ in 0..nv {
            last = last
                .checked_add(r.varint()?)
                .ok_or_else(|| crate::Error::InvalidModel("bad vocabulary".into()))?;
            vocab.insert(last);
        }
        let weights = Weights::read(r)?;
        if labels.is_empty()
            || !(1..=2).contains(&version)
            || root as usize >= labels.len()
            || weights.nclasses() != 1 + 2 * labels.len()
        {
            return Err(crate::Error::InvalidModel(
                "parser classes do not match".into(),
            ));
        }
        Ok(Parser {
            labels,
            root,
            vocab,
            weights,
            version,
        })
    }
}

/// A training sentence: inputs and projectivised gold tree.
struct Example {
    toks: Vec<PTok>,
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Gold 0-based heads (root = n) of a CoNLL-U sentence, if every head is present and in range.
pub fn gold_heads(s: &ConlluSentence) -> Option<Vec<u32>> {
    let n = s.words.len() as u32;
    s.words
        .iter()
        .map(|w| match w.head {
            Some(0) => Some(n),
            Some(h) if h <= n => Some(h - 1),
            _ => None,
        })
        .collect()
}

/// Tags for parser training: predicted by taggers trained on the other folds (jackknifing), so
/// that the parser sees tagging errors like those it meets at run time.
fn jackknife_tags(
    train: &[ConlluSentence],
    cfg: &ParserConfig,
    log: &mut dyn FnMut(String),
) -> Vec<Vec<(String, String)>> {
    jackknife_tags_with(train, cfg.jackknife, &cfg.tagger, log)
}

/// (UPOS, XPOS) of every word of `train`, each sentence tagged by a tagger (settings `tagger`)
/// trained on the other `k - 1` of `k` folds (sentence `i` is in fold `i % k`); the gold tags
/// when `k < 2`. The parser and the named-entity recogniser learn from these, so that they
/// learn to trust the tags as much as they deserve on new text.
pub(crate) fn jackknife_tags_with(
    train: &[ConlluSentence],
    k: usize,
    tagger: &TaggerConfig,
    log: &mut dyn FnMut(String),
) -> Vec<Vec<(String, String)>> {
    if k < 2 {
        return train
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| (w.upos.clone(), w.xpos.clone()))
                    .collect()
            })
            .collect();
    }
    let mut out = vec![Vec::new(); train.len()];
    for fold in 0..k {
        let rest: Vec<ConlluSentence> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let tagger = crate::tagger::train_tagger_with_log(&rest, &[], tagger, &mut |_| {});
        for (i, s) in train.iter().enumerate().filter(|(i, _)| i % k == fold) {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            out[i] = tagger
                .tag(&words)
                .into_iter()
                .map(|t| {
                    let (u, x) = tagger.tag_name(t);
                    (u.to_string(), x.to_string())
                })
                .collect();
        }
        log(format!("jackknife fold {}/{} tagged", fold + 1, k));
    }
    out
}

/// Unlabelled and labelled attachment scores (percent) of `parser` on `gold`, with tags from
/// `tagger` (gold tags when `None`). Labels are compared on their universal part, as in the
/// CoNLL 2018 shared task.
pub fn eval_parser(
    parser: &Parser,
    tagger: Option<&Tagger>,
    gold: &[ConlluSentence],
) -> (f64, f64) {
    let (mut ua, mut la, mut total) = (0usize, 0usize, 0usize);
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let toks: Vec<PTok> = match tagger {
            Some(t) => t
                .tag(&words)
                .into_iter()
                .zip(&words)
                .map(|(id, w)| {
                    let (u, x) = t.tag_name(id);
                    PTok::new(w, u, x)
                })
                .collect(),
            None => s
                .words
                .iter()
                .map(|w| PTok::new(&w.form, &w.upos, &w.xpos))
                .collect(),
        };
        let (heads, labels) = parser.parse(&toks);
        let n = s.words.len() as u32;
        for (i, w) in s.words.iter().enumerate() {
            let gh = match w.head {
                Some(0) => n,
                Some(h) => h - 1,
                None => NIL,
            };
            total += 1;
            if heads[i] == gh {
                ua += 1;
                if crate::universal(parser.label_name(labels[i])) == crate::universal(&w.deprel) {
                    la += 1;
                }
            }
        }
    }
    (crate::percent(ua, total), crate::percent(la, total))
}

/// Trains a parser; `tagger` tags `dev` for the per-pass scores (gold tags when `None`).
pub fn train_parser_with_log(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    cfg: &ParserConfig,
    tagger: Option<&Tagger>,
    log: &mut dyn FnMut(String),
) -> Parser {
    let main = train_one(train, dev, cfg, tagger, log);
    match &cfg.blend {
        None => main,
        Some(other) => {
            log("parser: training the blended parser".into());
            let second = train_parser_with_log(train, dev, other, tagger, log);
            let blended = Parser::averaged(&[main.clone(), second]);
            blended.unwrap_or(main)
        }
    }
}

/// Trains one parser (an ensemble of seeds averaged), ignoring `cfg.blend`.
fn train_one(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    cfg: &ParserConfig,
    tagger: Option<&Tagger>,
    log: &mut dyn FnMut(String),
) -> Parser {
    let mut label_ids: HashMap<String, u16> = HashMap::new();
    let mut labels: Vec<String> = vec![ROOT_LABEL.to_string()];
    label_ids.insert(ROOT_LABEL.to_string(), 0);
    let tags = jackknife_tags(train, cfg, log);
    let mut data = Vec::with_capacity(train.len());
    let mut skipped = 0usize;
    let mut lifted = 0usize;
    for (s, tg) in train.iter().zip(&tags) {
        let Some(gh) = gold_heads(s) else {
            skipped += 1;
            continue;
        };
        let Some(ph) = projectivize(&gh) else {
            skipped += 1;
            continue;
        };
        lifted += (ph != gh) as usize;
        let mut ls = Vec::with_capacity(s.words.len());
        for w in &s.words {
            let id = *label_ids.entry(w.deprel.clone()).or_insert_with(|| {
                labels.push(w.deprel.clone());
                (labels.len() - 1) as u16
            });
            ls.push(id);
        }
        let toks = s
            .words
            .iter()
            .zip(tg)
            .map(|(w, (u, x))| PTok::new(&w.form, u, x))
            .collect();
        data.push(Example {
            toks,
            heads: ph,
            labels: ls,
        });
    }
    log(format!(
        "parser: {} training trees ({} projectivised, {} skipped), {} labels",
        data.len(),
        lifted,
        skipped,
        labels.len()
    ));
    let nl = labels.len();
    let root = 0u16;
    let ncls = 1 + 2 * nl;
    let mut counts: crate::hash::IdMap<u32> = Default::default();
    for ex in &data {
        for t in &ex.toks {
            *counts.entry(t.w).or_default() += 1;
        }
    }
    let vocab: IdSet = counts.keys().copied().collect();
    let version = cfg.features.max(1);
    let v2 = version >= 2;
    // Members of the ensemble differ only in the seed (shuffling, exploration, dropout); their
    // averaged weights are averaged again into one linear model.
    let mut members = Vec::new();
    for member in 0..cfg.ensemble.max(1) {
        let mut tr = Trainer::new(ncls);
        let mut rng = Rng::new(cfg.seed.wrapping_add(member as u64));
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0f32; ncls];
        let mut cost = vec![0u32; ncls];
        for it in 0..cfg.iterations {
            rng.shuffle(&mut order);
            let explore = it >= cfg.explore_from;
            let (mut right, mut total) = (0usize, 0usize);
            for &ei in &order {
                let ex = &data[ei];
                let n = ex.toks.len();
                // Word dropout: a word seen once is read as unknown half the time, so the weights
                // of the unknown word are learned from real contexts.
                let mut toks = ex.toks.clone();
                for t in toks.iter_mut() {
                    if counts.get(&t.w) == Some(&1) && rng.unit() < cfg.word_dropout {
                        t.w = UNK_W;
                    }
                }
                let mut st = State::new(n);
                let mut guard = 0;
                while !st.terminal() && guard < 2 * n + 2 {
                    guard += 1;
                    st.features(&toks, v2, &mut feats);
                    scores.iter_mut().for_each(|s| *s = 0.0);
                    tr.score(&feats, &mut scores);
                    let c3 = st.costs(&ex.heads);
                    let s0 = st.s(0);
                    let s1 = st.s(1);
                    let gold_l = if s0 == NIL {
                        u16::MAX
                    } else {
                        ex.labels[s0 as usize]
                    };
                    let gold_h = if s0 == NIL {
                        NIL
                    } else {
                        ex.heads[s0 as usize]
                    };
                    for (c, slot) in cost.iter_mut().enumerate() {
                        let m = class_move(c, nl);
                        *slot = if !st.valid(m, root) {
                            u32::MAX
                        } else {
                            match m {
                                Move::Shift => c3[0],
                                Move::Left(l) => {
                                    c3[1].saturating_add((gold_h == st.b && l != gold_l) as u32)
                                }
                                Move::Right(l) => {
                                    c3[2].saturating_add((gold_h == s1 && l != gold_l) as u32)
                                }
                            }
                        };
                    }
                    let Some(pred) = argmax_where(&scores, |c| cost[c] != u32::MAX) else {
                        break;
                    };
                    let min_cost = cost.iter().copied().min().unwrap_or(0);
                    let best = argmax_where(&scores, |c| cost[c] == min_cost).unwrap_or(pred);
                    if cost[pred] > min_cost {
                        tr.update(&feats, best, pred);
                    } else {
                        right += 1;
                    }
                    total += 1;
                    tr.tick();
                    let follow =
                        if cost[pred] > min_cost && !(explore && rng.unit() < cfg.explore_p) {
                            best
                        } else {
                            pred
                        };
                    st.apply(class_move(follow, nl));
                }
            }
            let mut line = format!(
                "parser pass {}: train transition acc {:.2}",
                it + 1,
                100.0 * right as f64 / total.max(1) as f64
            );
            if !dev.is_empty() && (it + 1 == cfg.iterations || it % 3 == 2) {
                let p = Parser {
                    labels: labels.clone(),
                    root,
                    vocab: vocab.clone(),
                    weights: tr.freeze(cfg.min_weight),
                    version,
                };
                let (uas, las) = eval_parser(&p, tagger, dev);
                line.push_str(&format!(", dev UAS {uas:.2} LAS {las:.2}"));
            }
            log(line);
        }
        members.push(tr.freeze(cfg.min_weight));
    }
    let weights = if members.len() == 1 {
        members.remove(0)
    } else {
        Weights::average(&members)
    };
    Parser {
        labels,
        root,
        vocab,
        weights,
        version,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Heads from 1-based CoNLL-style heads (0 = root).
    fn heads(h: &[u32]) -> Vec<u32> {
        let n = h.len() as u32;
        h.iter().map(|&x| if x == 0 { n } else { x - 1 }).collect()
    }

    #[test]
    fn oracle_reaches_projective_trees() {
        // "The cat sat on the mat ." and a few shapes: chains, flat, right- and left-branching.
        let trees: Vec<Vec<u32>> = vec![
            heads(&[2, 3, 0, 6, 6, 3, 3]),
            heads(&[0]),
            heads(&[2, 3, 4, 0]),
            heads(&[0, 1, 2, 3]),
            heads(&[0, 1, 1, 1, 1]),
            heads(&[5, 5, 5, 5, 0]),
            heads(&[3, 3, 0, 5, 3, 7, 5]),
        ];
        for t in trees {
            assert!(is_tree(&t) && is_projective(&t), "{t:?}");
            let labels: Vec<u16> = t
                .iter()
                .map(|&h| if h == t.len() as u32 { 0 } else { 1 })
                .collect();
            assert_eq!(oracle_parse(&t, &labels, 2, 0), t);
        }
    }

    #[test]
    fn projectivisation_lifts_crossing_arcs() {
        // 1→3 crosses 2→4 (1-based: w1 head w3? build: heads [3, 0, 2, 2] with w1's head w3
        // crossing w2–w4). Word 1's arc spans word 2, which it does not dominate.
        let t = heads(&[3, 0, 2, 2]);
        assert!(is_tree(&t));
        assert!(!is_projective(&t));
        let p = projectivize(&t).unwrap();
        assert!(is_projective(&p));
        assert_eq!(oracle_parse(&p, &[1, 0, 1, 1], 2, 0), p);
        // Not a tree: a cycle, two roots, a head out of range.
        assert!(projectivize(&[1, 0]).is_none());
        assert!(!is_tree(&[2, 2]));
        assert!(!is_tree(&[5, 2]));
    }

    #[test]
    fn costs_are_zero_exactly_on_gold_moves() {
        let t = heads(&[2, 3, 0]); // a ← b ← c, c root
        let mut st = State::new(3);
        assert_eq!(st.costs(&t)[0], 0); // shift a
        st.apply(Move::Shift);
        let c = st.costs(&t);
        assert_eq!(c[1], 0); // a ← b is gold
        assert_eq!(c[2], u32::MAX); // right needs two stack items
        st.apply(Move::Shift); // loses a ← b
        let c = st.costs(&t);
        assert_eq!(c[0], 1); // shifting c loses b ← c as well
        assert_eq!(c[2], 1); // attaching b to a loses b ← c
    }

    #[test]
    fn features_depend_on_the_state() {
        let toks: Vec<PTok> = ["The", "cat", "sat"]
            .iter()
            .map(|w| PTok::new(w, "X", "X"))
            .collect();
        let mut st = State::new(3);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        st.features(&toks, false, &mut a);
        st.features(&toks, false, &mut b);
        assert_eq!(a, b);
        assert_eq!(a.len(), NFEATS);
        st.features(&toks, true, &mut b);
        assert_eq!(b.len(), NFEATS + NFEATS2);
        assert_eq!(&b[..NFEATS], &a[..], "set 2 extends set 1");
        st.apply(Move::Shift);
        st.features(&toks, false, &mut b);
        assert_eq!(b.len(), NFEATS);
        assert_ne!(a, b);
        // Equal words with other tags give other features.
        let other: Vec<PTok> = ["The", "cat", "sat"]
            .iter()
            .map(|w| PTok::new(w, "NOUN", "NN"))
            .collect();
        st.features(&other, false, &mut a);
        assert_ne!(a, b);
    }

    /// The view a slot's token shows the features.
    fn view_of(toks: &[PTok], n: u32, tok: u32) -> TokView {
        if tok == NIL {
            TokView::NIL
        } else if tok == n {
            TokView::ROOT
        } else {
            TokView::of(&toks[tok as usize])
        }
    }

    #[test]
    fn a_forced_move_is_the_only_valid_one() {
        // Walk every state of a few arbitrary move sequences: `forced` names a move exactly
        // when one class is valid, and then that class's move.
        let nl = 4;
        let root = 3;
        for seed in 0..50u64 {
            let n = 1 + (seed % 7) as usize;
            let mut st = State::new(n);
            let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            while !st.terminal() {
                let valid: Vec<Move> = (0..1 + 2 * nl)
                    .map(|c| class_move(c, nl))
                    .filter(|&m| st.valid(m, root as u16))
                    .collect();
                match st.forced(root as u16) {
                    Some(m) => assert_eq!(valid, vec![m]),
                    None => assert!(valid.len() > 1, "{} valid moves", valid.len()),
                }
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let m = valid[(x % valid.len() as u64) as usize];
                st.apply(m);
            }
        }
    }

    #[test]
    fn slot_features_are_the_state_features_of_one_token() {
        let toks: Vec<PTok> = ["Rebels", "seized", "the", "town", "of", "Goma", "."]
            .iter()
            .zip(["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"])
            .map(|(w, u)| PTok::new(w, u, u))
            .collect();
        let n = toks.len() as u32;
        let mut st = State::new(toks.len());
        let moves = [
            Move::Shift,
            Move::Left(3),
            Move::Shift,
            Move::Shift,
            Move::Left(1),
            Move::Shift,
            Move::Shift,
            Move::Shift,
            Move::Left(2),
            Move::Right(4),
            Move::Right(5),
            Move::Shift,
            Move::Right(6),
            Move::Left(0),
        ];
        let (mut all, mut rest, mut one) = (Vec::new(), Vec::new(), Vec::new());
        for m in moves {
            for v2 in [false, true] {
                st.features(&toks, v2, &mut all);
                st.features_with(&toks, v2, false, &mut rest);
                for (k, &tok) in st.slot_tokens().iter().enumerate() {
                    slot_features(k, &view_of(&toks, n, tok), &mut one);
                    rest.extend_from_slice(&one);
                }
                all.sort_unstable();
                rest.sort_unstable();
                assert_eq!(all, rest, "{m:?}");
            }
            st.apply(m);
        }
        assert!(st.terminal());
    }

    #[test]
    fn slot_sums_parse_exactly_as_looking_every_feature_up() {
        let p = crate::Models::load_default().unwrap().parser;
        let tagged = |s: &str| -> Vec<PTok> {
            s.split(' ')
                .map(|wt| {
                    let (w, t) = wt.split_once('/').unwrap_or((wt, "NOUN"));
                    PTok::new(w, t, t)
                })
                .collect()
        };
        let mut sentences = vec![
            tagged("Rebels/NOUN seized/VERB the/DET town/NOUN of/ADP Goma/PROPN ./PUNCT"),
            tagged("Talks/NOUN resumed/VERB"),
            tagged("x"),
            tagged("The/DET the/DET the/DET said/VERB that/SCONJ it/PRON would/AUX go/VERB"),
        ];
        // Enough new words to make the cache start afresh several times.
        for k in 0..3 * SLOT_SUMS_CAP / 10 {
            sentences.push(
                (0..12)
                    .map(|j| PTok::new(&format!("w{k}x{j}"), "NOUN", "NN"))
                    .collect(),
            );
            sentences.push(sentences[k % 4].clone());
        }
        for toks in &sentences {
            // The parse with every feature looked up, as before SlotSums.
            let known: Vec<PTok> = toks
                .iter()
                .map(|t| {
                    if p.vocab.contains(&t.w) {
                        *t
                    } else {
                        PTok { w: UNK_W, ..*t }
                    }
                })
                .collect();
            let n = known.len();
            let nl = p.labels.len();
            let mut st = State::new(n);
            let (mut feats, mut scores) = (Vec::new(), vec![0i32; 1 + 2 * nl]);
            while !st.terminal() {
                st.features(&known, p.version >= 2, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0);
                p.weights.score_quantised(&feats, &mut scores);
                let c = argmax_i32_where(&scores, |c| st.valid(class_move(c, nl), p.root));
                st.apply(class_move(c.unwrap(), nl));
            }
            st.head.truncate(n);
            st.label.truncate(n);
            assert_eq!(p.parse(toks), (st.head, st.label));
        }
    }

    #[test]
    fn parse_always_returns_one_rooted_tree() {
        // An untrained parser still returns a well-formed tree with a single root.
        let p = Parser {
            labels: vec![ROOT_LABEL.into(), "dep".into()],
            root: 0,
            vocab: IdSet::default(),
            weights: Trainer::new(5).freeze(0.0),
            version: 2,
        };
        for n in [1usize, 2, 7, 30] {
            let toks: Vec<PTok> = (0..n)
                .map(|i| PTok::new(&i.to_string(), "X", "X"))
                .collect();
            let (h, l) = p.parse(&toks);
            assert!(is_tree(&h), "{h:?}");
            for (hh, ll) in h.iter().zip(&l) {
                assert_eq!(*hh == n as u32, *ll == 0);
            }
        }
        assert_eq!(p.parse(&[]), (vec![], vec![]));
    }

    #[test]
    fn the_feature_set_survives_a_round_trip() {
        for version in [1u32, 2] {
            let p = Parser {
                labels: vec![ROOT_LABEL.into(), "dep".into()],
                root: 0,
                vocab: IdSet::default(),
                weights: Trainer::new(5).freeze(0.0),
                version,
            };
            let mut w = Writer::default();
            p.write(&mut w);
            let back = Parser::read(&mut Reader::new(&w.buf)).unwrap();
            assert_eq!(back, p);
            if version == 2 {
                // An unknown feature set is refused, not misread.
                let mut bad = w.buf.clone();
                // Labels (count, then length and bytes of each), root id, version byte.
                let at = 4 + 4 + ROOT_LABEL.len() + 4 + "dep".len() + 2;
                assert_eq!(bad[at], 2);
                bad[at] = 9;
                assert!(Parser::read(&mut Reader::new(&bad)).is_err());
            }
        }
    }
}
