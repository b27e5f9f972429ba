//! The averaged perceptron: a trainer with sparse per-feature rows and lazily averaged
//! weights, and a frozen, pruned, quantised model for prediction.

use crate::bin_io::{Reader, Writer};
use crate::hash::IdMap;
use crate::{Error, Result};

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    w: i32,
    total: i64,
    ts: u32,
}

/// Trains a multi-class averaged perceptron over hashed features.
///
/// Each feature keeps only the classes it was ever updated for: a perceptron update touches two
/// classes, so rows stay short even with a hundred classes.
pub struct Trainer {
    nclasses: usize,
    rows: IdMap<Vec<Entry>>,
    step: u32,
}

impl Trainer {
    /// A trainer for `nclasses` classes.
    pub fn new(nclasses: usize) -> Self {
        Trainer {
            nclasses,
            rows: IdMap::default(),
            step: 1,
        }
    }

    /// Adds the current (not averaged) weights of `feats` to `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    scores[e.class as usize] += e.w as f32;
                }
            }
        }
    }

    /// Counts one training example (advances the averaging clock).
    pub fn tick(&mut self) {
        self.step = self.step.saturating_add(1);
    }

    /// Moves weight from `guess` to `truth` on every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            bump(row, truth as u16, 1, step);
            bump(row, guess as u16, -1, step);
        }
    }

    /// The averaged weights, dropping those whose magnitude is below `min_abs`, quantised.
    pub fn freeze(&self, min_abs: f32) -> Weights {
        let step = self.step as f64;
        // Keys are folded to 32 bits for a smaller model; the rare features that then share a
        // key share their weights too.
        let mut rows: std::collections::BTreeMap<u64, Vec<(u16, f32)>> = Default::default();
        let mut max_abs = 0f32;
        for (k, row) in &self.rows {
            for e in row {
                let total = e.total + (self.step - e.ts) as i64 * e.w as i64;
                let avg = (total as f64 / step) as f32;
                if avg.abs() >= min_abs && avg != 0.0 {
                    let r = rows.entry(fold(*k)).or_default();
                    match r.iter_mut().find(|(c, _)| *c == e.class) {
                        Some((_, w)) => *w += avg,
                        None => r.push((e.class, avg)),
                    }
                }
            }
        }
        let rows: Vec<(u64, Vec<(u16, f32)>)> = rows
            .into_iter()
            .map(|(k, mut r)| {
                r.sort_by_key(|e| e.0);
                for (_, w) in &r {
                    max_abs = max_abs.max(w.abs());
                }
                (k, r)
            })
            .collect();
        Weights::from_rows(self.nclasses, rows, max_abs)
    }
}

/// A feature hash folded to 32 bits (the key of frozen weights); never 0, which marks an
/// empty slot of [`Table`].
#[inline]
fn fold(k: u64) -> u64 {
    ((k ^ (k >> 32)) & 0xffff_ffff).max(1)
}

/// One slot of [`Table`]: a key and its row of weights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    key: u32,
    start: u32,
    len: u32,
}

/// Open-addressing hash table (linear probing, load ≤ 1/2) from folded key to row.
///
/// Hand-made rather than a `HashMap` so that [`Weights::score`] can first load the home slots of
/// all features of a state in one branch-free loop: the loads are independent, the CPU overlaps
/// their cache misses, and scoring runs several times faster than one look-up after another.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Table {
    slots: Vec<Slot>,
    shift: u32,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        let size = (2 * n.max(1)).next_power_of_two().max(16);
        Table {
            slots: vec![Slot::default(); size],
            shift: 64 - size.trailing_zeros(),
        }
    }

    #[inline]
    fn home(&self, key: u32) -> usize {
        ((key as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn insert(&mut self, key: u64, start: u32, len: u32) {
        let key = key as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &mut self.slots[i];
            if s.key == 0 || s.key == key {
                *s = Slot { key, start, len };
                return;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn probe(&self, key: u32, mut i: usize) -> Option<(u32, u32)> {
        let mask = self.slots.len() - 1;
        loop {
            let s = self.slots[i & mask];
            if s.key == key {
                return Some((s.start, s.len));
            }
            if s.key == 0 {
                return None;
            }
            i = (i & mask) + 1;
        }
    }

    fn get(&self, key: &u64) -> Option<(u32, u32)> {
        let k = *key as u32;
        self.probe(k, self.home(k))
    }
}

fn bump(row: &mut Vec<Entry>, class: u16, delta: i32, step: u32) {
    let e = match row.iter_mut().position(|e| e.class == class) {
        Some(i) => &mut row[i],
        None => {
            row.push(Entry {
                class,
                w: 0,
                total: 0,
                ts: step,
            });
            let last = row.len() - 1;
            &mut row[last]
        }
    };
    e.total += (step - e.ts) as i64 * e.w as i64;
    e.ts = step;
    e.w += delta;
}

/// Frozen perceptron weights: for each feature, its non-zero (class, weight) pairs.
///
/// Weights are stored as 16-bit integers with one scale; in memory they are `f32`.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    nclasses: usize,
    index: Table,
    entries: Vec<(u16, f32)>,
    keys: Vec<u64>,
    scale: f32,
}

impl Weights {
    fn from_rows(nclasses: usize, rows: Vec<(u64, Vec<(u16, f32)>)>, max_abs: f32) -> Self {
        // Quantise now so that the in-memory model equals the saved-and-loaded one.
        let scale = if max_abs > 0.0 {
            max_abs / 32767.0
        } else {
            1.0
        };
        let mut w = Weights {
            nclasses,
            index: Table::with_capacity(rows.len()),
            entries: Vec::new(),
            keys: Vec::new(),
            scale,
        };
        for (k, row) in rows {
            let start = w.entries.len() as u32;
            for (c, v) in row {
                let q = (v / scale).round().clamp(-32767.0, 32767.0) as i16;
                if q != 0 {
                    w.entries.push((c, q as f32 * scale));
                }
            }
            let len = w.entries.len() as u32 - start;
            if len > 0 {
                w.index.insert(k, start, len);
                w.keys.push(k);
            }
        }
        w
    }

    /// Number of classes.
    pub fn nclasses(&self) -> usize {
        self.nclasses
    }

    /// The mean of several weight sets over the same classes (an ensemble as one linear model).
    pub fn average(models: &[Weights]) -> Weights {
        let k = models.len().max(1) as f32;
        let mut rows: std::collections::BTreeMap<u64, Vec<(u16, f32)>> = Default::default();
        for m in models {
            for key in &m.keys {
                if let Some((start, len)) = m.index.get(key) {
                    let r = rows.entry(*key).or_default();
                    for &(c, w) in &m.entries[start as usize..(start + len) as usize] {
                        match r.iter_mut().find(|(rc, _)| *rc == c) {
                            Some((_, x)) => *x += w / k,
                            None => r.push((c, w / k)),
                        }
                    }
                }
            }
        }
        let mut max_abs = 0f32;
        let rows: Vec<(u64, Vec<(u16, f32)>)> = rows
            .into_iter()
            .map(|(key, mut r)| {
                r.sort_by_key(|e| e.0);
                for (_, w) in &r {
                    max_abs = max_abs.max(w.abs());
                }
                (key, r)
            })
            .collect();
        let nclasses = models.first().map_or(0, |m| m.nclasses);
        Weights::from_rows(nclasses, rows, max_abs)
    }

    /// A copy without the weights below `min_abs` (for choosing the pruning threshold).
    pub fn pruned(&self, min_abs: f32) -> Weights {
        let mut rows = Vec::with_capacity(self.keys.len());
        let mut max_abs = 0f32;
        for k in &self.keys {
            if let Some((start, len)) = self.index.get(k) {
                let row: Vec<(u16, f32)> = self.entries[start as usize..(start + len) as usize]
                    .iter()
                    .copied()
                    .filter(|(_, w)| w.abs() >= min_abs)
                    .collect();
                max_abs = row.iter().fold(max_abs, |m, (_, w)| m.max(w.abs()));
                if !row.is_empty() {
                    rows.push((*k, row));
                }
            }
        }
        Weights::from_rows(self.nclasses, rows, max_abs)
    }

    /// Number of features kept.
    pub fn nfeatures(&self) -> usize {
        self.keys.len()
    }

    /// Number of stored (feature, class) weights.
    pub fn nweights(&self) -> usize {
        self.entries.len()
    }

    /// Adds the weights of `feats` to `scores` (which has [`Weights::nclasses`] slots).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        const CHUNK: usize = 128;
        let mut keys = [0u32; CHUNK];
        let mut homes = [0usize; CHUNK];
        let mut first = [Slot::default(); CHUNK];
        let mask = self.index.slots.len().wrapping_sub(1);
        if self.index.slots.is_empty() {
            return;
        }
        for chunk in feats.chunks(CHUNK) {
            // Phase 1: independent loads of every feature's home slot.
            for (j, f) in chunk.iter().enumerate() {
                let k = fold(*f) as u32;
                let h = self.index.home(k);
                keys[j] = k;
                homes[j] = h;
                first[j] = self.index.slots[h & mask];
            }
            // Phase 2: resolve the few collisions.
            let mut rows = [(0u32, 0u32); CHUNK];
            for j in 0..chunk.len() {
                let s = first[j];
                rows[j] = if s.key == keys[j] {
                    (s.start, s.len)
                } else if s.key == 0 {
                    (0, 0)
                } else {
                    self.index.probe(keys[j], homes[j] + 1).unwrap_or((0, 0))
                };
                prefetch(self.entries.as_ptr().wrapping_add(rows[j].0 as usize));
            }
            // Phase 3: add the rows (again independent loads).
            for &(start, len) in &rows[..chunk.len()] {
                let r = self
                    .entries
                    .get(start as usize..(start + len) as usize)
                    .unwrap_or(&[]);
                for &(c, w) in r {
                    if let Some(s) = scores.get_mut(c as usize) {
                        *s += w;
                    }
                }
            }
        }
    }

    /// Encodes the weights.
    pub fn write(&self, out: &mut Writer) {
        out.u32(self.nclasses as u32);
        out.f32(self.scale);
        out.u32(self.keys.len() as u32);
        // Keys first, then row lengths, then entries: similar values side by side compress better.
        let mut last = 0u64;
        for k in &self.keys {
            // Keys are sorted: store the gaps.
            out.varint(k - last);
            last = *k;
        }
        for k in &self.keys {
            let len = self.index.get(k).map_or(0, |r| r.1);
            out.u16(len as u16);
        }
        for k in &self.keys {
            if let Some((start, len)) = self.index.get(k) {
                for &(c, _) in &self.entries[start as usize..(start + len) as usize] {
                    out.u16(c);
                }
            }
        }
        for k in &self.keys {
            if let Some((start, len)) = self.index.get(k) {
                for &(_, w) in &self.entries[start as usize..(start + len) as usize] {
                    out.i16((w / self.scale).round() as i16);
                }
            }
        }
    }

    /// Decodes weights written by [`Weights::write`].
    pub fn read(r: &mut Reader) -> Result<Self> {
        let nclasses = r.u32()? as usize;
        let scale = r.f32()?;
        if !(scale.is_finite() && scale > 0.0) || nclasses > u16::MAX as usize {
            return Err(Error::InvalidModel("bad weight header".into()));
        }
        let n = r.len(5)?;
        let mut keys = Vec::with_capacity(n);
        let mut last = 0u64;
        for _ in 0..n {
            last = last
                .checked_add(r.varint()?)
                .filter(|&k| k <= 0xffff_ffff)
                .ok_or_else(|| Error::InvalidModel("bad feature key".into()))?;
            keys.push(last);
        }
        // Fixed-width sections are decoded in bulk: loading time matters (`dyad` starts with it).
        let lens: Vec<usize> = r
            .bytes(
                n.checked_mul(2)
                    .ok_or_else(|| Error::InvalidModel("too many features".into()))?,
            )?
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
            .collect();
        let total: usize = lens.iter().sum();
        let class_bytes = r.bytes(total * 2)?;
        let weight_bytes = r.bytes(total * 2)?;
        let mut entries = Vec::with_capacity(total);
        for (c, w) in class_bytes
            .chunks_exact(2)
            .zip(weight_bytes.chunks_exact(2))
        {
            let c = u16::from_le_bytes([c[0], c[1]]);
            if c as usize >= nclasses {
                return Err(Error::InvalidModel("class id out of range".into()));
            }
            entries.push((c, i16::from_le_bytes([w[0], w[1]]) as f32 * scale));
        }
        let mut index = Table::with_capacity(n);
        let mut start = 0u32;
        for (k, l) in keys.iter().zip(&lens) {
            index.insert(*k, start, *l as u32);
            start += *l as u32;
        }
        Ok(Weights {
            nclasses,
            index,
            entries,
            keys,
            scale,
        })
    }
}

/// Asks the CPU to start loading the cache line at `p` (a hint: never faults, no effect on
/// results). Scoring is bound by cache misses on the weight rows; issuing all of a state's row
/// loads before adding any of them lets the misses overlap.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is only a hint: it never faults and reads nothing into the
        // program, whatever the address; SSE is part of every x86_64 target.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p as *const i8) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Index of the highest score among the classes `ok` allows (the first on ties).
#[inline]
pub fn argmax_where(scores: &[f32], ok: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if ok(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_separable_data_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        for _ in 0..5 {
            for (f, y) in &data {
                let mut s = vec![0f32; 3];
                t.score(f, &mut s);
                let g = argmax_where(&s, |_| true).unwrap_or(0);
                t.update(f, *y, g);
                t.tick();
            }
        }
        let w = t.freeze(0.0);
        for (f, y) in &data {
            let mut s = vec![0f32; 3];
            w.score(f, &mut s);
            assert_eq!(argmax_where(&s, |_| true), Some(*y));
        }
        let mut out = Writer::default();
        w.write(&mut out);
        let mut r = Reader::new(&out.buf);
        let back = Weights::read(&mut r).unwrap();
        assert!(r.at_end());
        assert_eq!(back, w);
        // Averaging a model with itself changes no score (beyond quantisation).
        let avg = Weights::average(&[w.clone(), w.clone()]);
        for (f, _) in &data {
            let (mut a, mut b) = (vec![0f32; 3], vec![0f32; 3]);
            w.score(f, &mut a);
            avg.score(f, &mut b);
            for (x, y) in a.iter().zip(&b) {
                assert!((x - y).abs() < 1e-3, "{a:?} {b:?}");
            }
        }
        // Truncated input is an error, not a panic.
        assert!(Weights::read(&mut Reader::new(&out.buf[..out.buf.len() - 3])).is_err());
    }
}
