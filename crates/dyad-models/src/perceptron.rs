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

/// One slot of [`Table`]: a folded key and its row: either one (class, weight) pair stored
/// inline (high bit of `val` set: class in bits 16..31, quantised weight in the low 16 bits) or
/// the offset of the row in [`Weights::entries`].
///
/// Eight bytes, so that a cache line holds eight slots; inline rows (most features keep a single
/// class) cost no second cache miss when scoring.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    key: u32,
    val: u32,
}

const INLINE: u32 = 0x8000_0000;

/// Bit of a stored row's first byte: the row is dense (one weight per class).
const DENSE: u8 = 0x80;

/// Bits of a stored row's first byte: its shift.
const SHIFT: u8 = 0x0f;

/// A (class, quantised weight) pair packed in 32 bits: class in the high half.
#[inline(always)]
fn pack(class: u16, w: i16) -> u32 {
    ((class as u32) << 16) | (w as u16 as u32)
}

#[inline(always)]
fn unpack(e: u32) -> (usize, i32) {
    ((e >> 16) as usize, e as u16 as i16 as i32)
}

/// Open-addressing hash table (linear probing, load ≤ 3/4) from folded key to row.
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
        // Load between 3/8 and 3/4: probes rarely leave the home slot's cache line (eight slots).
        let size = (n.max(1) * 4 / 3 + 1).next_power_of_two().max(16);
        let mut slots = Vec::with_capacity(size);
        advise_huge_pages(slots.spare_capacity_mut());
        slots.resize(size, Slot::default());
        Table {
            slots,
            shift: 64 - size.trailing_zeros(),
        }
    }

    #[inline(always)]
    fn home(&self, key: u32) -> usize {
        ((key as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn insert(&mut self, key: u64, val: u32) {
        let key = key as u32;
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &mut self.slots[i];
            if s.key == 0 || s.key == key {
                *s = Slot { key, val };
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Keys [`Table::insert_batch`] takes at a time.
    const BATCH: usize = 32;

    /// Inserts `items` in order, as [`Table::insert`] one after another would (the same
    /// table), after asking the CPU for all their home slots: the loads overlap, where one
    /// insert after another waits for each cache miss in turn (loading a model is mostly these
    /// inserts into tens of megabytes).
    fn insert_batch(&mut self, items: &[(u64, u32)]) {
        let mask = self.slots.len().wrapping_sub(1);
        for &(k, _) in items {
            prefetch(self.slots.as_ptr().wrapping_add(self.home(k as u32) & mask));
        }
        for &(k, v) in items {
            self.insert(k, v);
        }
    }

    /// The slot of `key`, searching from slot `i`.
    #[inline]
    fn probe(&self, key: u32, mut i: usize) -> Option<Slot> {
        let mask = self.slots.len().wrapping_sub(1);
        for _ in 0..self.slots.len() {
            let s = *self.slots.get(i & mask)?;
            if s.key == key {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = (i & mask) + 1;
        }
        None
    }

    fn get(&self, key: &u64) -> Option<Slot> {
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
/// Weights are integers with one scale for the whole set, 16 bits wide in the file. Each row
/// keeps at most 8 significant bits: its weights are multiples of one power of two, the row's
/// shift, chosen so that the largest fits in 8 bits (block floating point, see
/// [`block_quantise`]); in memory a row stores 8-bit weights and its shift, and scores are summed
/// as integers and scaled once. Scoring is bound by cache misses, so the smaller the table and
/// the rows, the faster.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    nclasses: usize,
    index: Table,
    /// Rows of two or more entries, as bytes, each within as few cache lines as its size
    /// allows (see [`Lines::start_row`]). A row starts with its shift (bits 0-3) and
    /// [`DENSE`]; a sparse row then has its length and (class, 8-bit weight) pairs (the class
    /// in two bytes, low first, when there are more than 256 classes); a dense row (a third of
    /// the classes or more present) has one 8-bit weight per class, added without indexing so
    /// that the compiler vectorises it.
    entries: Lines,
    keys: Vec<u64>,
    scale: f32,
    /// Names this weight set for caches of its sums (see [`Weights::id`]).
    id: InstanceId,
}

/// A number unique to each weight set (or lemmatizer) built in the process, which per-thread
/// caches are keyed to; copies share it. It is not part of the model: two weight sets with the
/// same weights are equal whatever their ids.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InstanceId(pub(crate) u64);

impl InstanceId {
    pub(crate) fn fresh() -> InstanceId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        InstanceId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl PartialEq for InstanceId {
    fn eq(&self, _: &InstanceId) -> bool {
        true
    }
}

impl Default for InstanceId {
    fn default() -> Self {
        InstanceId::fresh()
    }
}

impl Weights {
    fn from_rows(nclasses: usize, rows: Vec<(u64, Vec<(u16, f32)>)>, max_abs: f32) -> Self {
        // Quantise now so that the in-memory model equals the saved-and-loaded one.
        let scale = if max_abs > 0.0 {
            max_abs / 32767.0
        } else {
            1.0
        };
        let rows: Vec<(u64, Vec<(u16, i16)>)> = rows
            .into_iter()
            .map(|(k, row)| {
                let q = row
                    .into_iter()
                    .map(|(c, v)| (c, (v / scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                (k, q)
            })
            .filter(|(_, r): &(u64, Vec<(u16, i16)>)| !r.is_empty())
            .collect();
        Weights::from_quantised(nclasses, scale, rows)
    }

    /// Builds the index from quantised rows (keys sorted, rows not empty).
    fn from_quantised(nclasses: usize, scale: f32, rows: Vec<(u64, Vec<(u16, i16)>)>) -> Self {
        let mut w = Weights {
            nclasses,
            index: Table::with_capacity(rows.len()),
            entries: Lines::default(),
            keys: Vec::with_capacity(rows.len()),
            scale,
            id: InstanceId::fresh(),
        };
        for (k, mut row) in rows {
            w.push_row(k, &mut row);
        }
        w
    }

    fn push_row(&mut self, k: u64, row: &mut Vec<(u16, i16)>) {
        if let Some(val) = self.store_row(k, row) {
            self.index.insert(k, val);
        }
    }

    /// Bytes of a sparse row's (class, weight) pair.
    fn pair_bytes(&self) -> usize {
        if self.nclasses > 256 {
            3
        } else {
            2
        }
    }

    /// Stores `row` (inline in the returned index value, or in [`Weights::entries`]) and notes
    /// its key; the caller inserts the key and value into the index. The row is first rounded
    /// to 8 significant bits ([`block_quantise`]), in place.
    fn store_row(&mut self, k: u64, row: &mut Vec<(u16, i16)>) -> Option<u32> {
        let shift = block_quantise(row);
        let val = match row[..] {
            [] => return None,
            [(c, q)] if c < 0x8000 => INLINE | pack(c, q),
            _ => {
                // 8-bit mantissas: exact, as every weight is a multiple of 2^shift.
                let byte = |q: i16| (q >> shift) as i8 as u8;
                let width = self.pair_bytes();
                if 3 * row.len() >= self.nclasses || row.len() > u8::MAX as usize {
                    // Dense: at most 1.5x the bytes of the sparse row, and far fewer
                    // instructions to add.
                    let start = self.entries.start_row(1 + self.nclasses);
                    self.entries.push(DENSE | shift as u8);
                    let at = self.entries.len();
                    self.entries.push_zeros(self.nclasses);
                    let bytes = self.entries.as_mut_slice();
                    for &(c, q) in row.iter() {
                        if let Some(x) = bytes.get_mut(at + c as usize) {
                            *x = byte(q);
                        }
                    }
                    start
                } else {
                    let start = self.entries.start_row(2 + width * row.len());
                    self.entries.push(shift as u8);
                    self.entries.push(row.len() as u8);
                    for &(c, q) in row.iter() {
                        self.entries.push(c as u8);
                        if width == 3 {
                            self.entries.push((c >> 8) as u8);
                        }
                        self.entries.push(byte(q));
                    }
                    start
                }
            }
        };
        self.keys.push(k);
        Some(val)
    }

    /// The quantised row of a slot.
    fn row_of(&self, s: Slot) -> Vec<(u16, i16)> {
        if s.val & INLINE != 0 {
            let (c, q) = unpack(s.val & !INLINE);
            return vec![(c as u16, q as i16)];
        }
        let start = s.val as usize;
        let entries = self.entries.as_slice();
        let Some(&head) = entries.get(start) else {
            return Vec::new();
        };
        let shift = (head & SHIFT) as u32;
        let value = |b: u8| (b as i8 as i16) << shift;
        if head & DENSE != 0 {
            return entries
                .get(start + 1..start + 1 + self.nclasses)
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .filter(|(_, &b)| b != 0)
                .map(|(c, &b)| (c as u16, value(b)))
                .collect();
        }
        let len = entries.get(start + 1).copied().unwrap_or(0) as usize;
        let width = self.pair_bytes();
        let pair = |p: &[u8]| {
            let (c, b) = sparse_pair(p);
            (c as u16, value(b))
        };
        entries
            .get(start + 2..start + 2 + width * len)
            .unwrap_or(&[])
            .chunks_exact(width)
            .map(pair)
            .collect()
    }

    /// The row of `key` with its weights scaled back to floats.
    fn row(&self, key: &u64) -> Vec<(u16, f32)> {
        self.index.get(key).map_or(Vec::new(), |s| {
            self.row_of(s)
                .into_iter()
                .map(|(c, q)| (c, q as f32 * self.scale))
                .collect()
        })
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
                let r = rows.entry(*key).or_default();
                for (c, w) in m.row(key) {
                    match r.iter_mut().find(|(rc, _)| *rc == c) {
                        Some((_, x)) => *x += w / k,
                        None => r.push((c, w / k)),
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
            let row: Vec<(u16, f32)> = self
                .row(k)
                .into_iter()
                .filter(|(_, w)| w.abs() >= min_abs)
                .collect();
            max_abs = row.iter().fold(max_abs, |m, (_, w)| m.max(w.abs()));
            if !row.is_empty() {
                rows.push((*k, row));
            }
        }
        Weights::from_rows(self.nclasses, rows, max_abs)
    }

    /// A number that names this weight set (and its copies) in the process, for caches of
    /// sums of its weights; weight sets built separately never share one, even when equal.
    pub(crate) fn id(&self) -> u64 {
        self.id.0
    }

    /// Number of features kept.
    pub fn nfeatures(&self) -> usize {
        self.keys.len()
    }

    /// Number of stored (feature, class) weights.
    pub fn nweights(&self) -> usize {
        self.index
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| self.row_of(*s).len())
            .sum()
    }

    /// Adds the weights of `feats` to `scores` (which has [`Weights::nclasses`] slots).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        const STACK: usize = 256;
        let n = scores.len();
        let mut buf = [0i32; STACK];
        let mut heap = Vec::new();
        let acc: &mut [i32] = if n <= STACK {
            &mut buf[..n]
        } else {
            heap.resize(n, 0);
            &mut heap
        };
        self.score_quantised(feats, acc);
        for (s, &a) in scores.iter_mut().zip(acc.iter()) {
            *s += a as f32 * self.scale;
        }
    }

    /// Adds the quantised weights of `feats` to `acc` (exact integer sums; the scores are these
    /// times a positive scale, so their order, and the argmax, is the same).
    #[inline]
    pub(crate) fn score_quantised(&self, feats: &[u64], acc: &mut [i32]) {
        const CHUNK: usize = 128;
        let mut keys = [0u32; CHUNK];
        let mut homes = [0usize; CHUNK];
        let mut first = [Slot::default(); CHUNK];
        if self.index.slots.is_empty() {
            return;
        }
        let slots = &self.index.slots[..];
        let entries = self.entries.as_slice();
        let mask = slots.len() - 1;
        for chunk in feats.chunks(CHUNK) {
            // Phase 1: independent loads of every feature's home slot.
            for (j, f) in chunk.iter().enumerate() {
                let k = fold(*f) as u32;
                let h = self.index.home(k) & mask;
                keys[j] = k;
                homes[j] = h;
                first[j] = slots[h];
            }
            // Phase 2: resolve the few collisions, add inline rows, prefetch the others.
            let mut rows = [0u32; CHUNK];
            let mut nrows = 0;
            for j in 0..chunk.len() {
                let s = first[j];
                let s = if s.key == keys[j] {
                    s
                } else if s.key == 0 {
                    continue;
                } else {
                    match self.index.probe(keys[j], homes[j] + 1) {
                        Some(s) => s,
                        None => continue,
                    }
                };
                if s.val & INLINE != 0 {
                    let (c, w) = unpack(s.val & !INLINE);
                    if let Some(a) = acc.get_mut(c) {
                        *a += w;
                    }
                } else {
                    prefetch(entries.as_ptr().wrapping_add(s.val as usize));
                    rows[nrows] = s.val;
                    nrows += 1;
                }
            }
            // Phase 3: add the rows (again independent loads).
            let width = self.pair_bytes();
            for &start in &rows[..nrows] {
                let start = start as usize;
                let Some(&head) = entries.get(start) else {
                    continue;
                };
                let shift = (head & SHIFT) as u32;
                if head & DENSE != 0 {
                    let r = entries
                        .get(start + 1..start + 1 + self.nclasses)
                        .unwrap_or(&[]);
                    add_row(acc, r, shift);
                    continue;
                }
                let len = entries.get(start + 1).copied().unwrap_or(0) as usize;
                let r = entries
                    .get(start + 2..start + 2 + width * len)
                    .unwrap_or(&[]);
                if width == 2 {
                    add_sparse::<2>(acc, r, shift);
                } else {
                    add_sparse::<3>(acc, r, shift);
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
        let rows: Vec<Vec<(u16, i16)>> = self
            .keys
            .iter()
            .map(|k| self.index.get(k).map_or(Vec::new(), |s| self.row_of(s)))
            .collect();
        for r in &rows {
            out.u16(r.len() as u16);
        }
        for r in &rows {
            for &(c, _) in r {
                out.u16(c);
            }
        }
        for r in &rows {
            for &(_, q) in r {
                out.i16(q);
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
        let mut w = Weights {
            nclasses,
            index: Table::with_capacity(n),
            // Rows of one entry are inline in the index; a stored row takes at most 2 + 3 bytes
            // per weight (dense rows at most 1.5x the sparse bytes), plus at most 63 of padding.
            entries: Lines::with_capacity(3 * total + 65 * n),
            keys: Vec::with_capacity(n),
            scale,
            id: InstanceId::fresh(),
        };
        advise_huge_pages(w.entries.lines.spare_capacity_mut());
        let mut row = Vec::new();
        let mut at = 0usize;
        let mut batch: Vec<(u64, u32)> = Vec::with_capacity(Table::BATCH);
        for (k, &l) in keys.iter().zip(&lens) {
            row.clear();
            let (cb, wb) = (
                class_bytes.get(2 * at..2 * (at + l)).unwrap_or(&[]),
                weight_bytes.get(2 * at..2 * (at + l)).unwrap_or(&[]),
            );
            row.extend(cb.chunks_exact(2).zip(wb.chunks_exact(2)).map(|(c, q)| {
                (
                    u16::from_le_bytes([c[0], c[1]]),
                    i16::from_le_bytes([q[0], q[1]]),
                )
            }));
            if row.iter().any(|&(c, _)| c as usize >= nclasses) {
                return Err(Error::InvalidModel("class id out of range".into()));
            }
            at += l;
            if let Some(val) = w.store_row(*k, &mut row) {
                batch.push((*k, val));
                if batch.len() == Table::BATCH {
                    w.index.insert_batch(&batch);
                    batch.clear();
                }
            }
            if w.entries.len() >= INLINE as usize {
                return Err(Error::InvalidModel("too many weights".into()));
            }
        }
        w.index.insert_batch(&batch);
        Ok(w)
    }
}

/// Bytes of a cache line.
const LINE: usize = 64;

/// One cache line of [`Lines`]: its allocation is aligned to cache lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
struct Line([u8; LINE]);

/// A growable byte buffer whose offsets are cache-line offsets: byte `i` lies in line `i / 64`
/// of memory, so that a row can be placed within as few lines as its size allows. Bytes past
/// the length are zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Lines {
    lines: Vec<Line>,
    len: usize,
}

impl Lines {
    fn with_capacity(bytes: usize) -> Lines {
        Lines {
            lines: Vec::with_capacity(bytes.div_ceil(LINE)),
            len: 0,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn as_slice(&self) -> &[u8] {
        // SAFETY: `Line` is a plain 64-byte array (`repr(C)`, no padding), so the vector's
        // initialised lines are `lines.len() * 64` initialised bytes, and `len` never exceeds
        // that; the borrow of `self` keeps them alive and unchanged.
        unsafe { std::slice::from_raw_parts(self.lines.as_ptr().cast::<u8>(), self.len) }
    }

    fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`, with the exclusive borrow of `self`.
        unsafe { std::slice::from_raw_parts_mut(self.lines.as_mut_ptr().cast::<u8>(), self.len) }
    }

    /// Appends `n` zero bytes.
    fn push_zeros(&mut self, n: usize) {
        self.len += n;
        self.lines.resize(self.len.div_ceil(LINE), Line([0; LINE]));
    }

    fn push(&mut self, b: u8) {
        let at = self.len;
        self.push_zeros(1);
        if let Some(x) = self.as_mut_slice().get_mut(at) {
            *x = b;
        }
    }

    /// The offset at which to write a row of `size` bytes: the current end, or the start of
    /// the next line (after zero padding) when the row would otherwise cross more line
    /// boundaries than its size requires. Scoring reads a row per feature found, and each
    /// line it touches can be a cache miss.
    fn start_row(&mut self, size: usize) -> u32 {
        let (at, size) = (self.len % LINE, size.max(1));
        if at != 0 && (at + size).div_ceil(LINE) > size.div_ceil(LINE) {
            self.push_zeros(LINE - at);
        }
        self.len as u32
    }
}

/// A value of a row added to integer scores: an 8-bit weight (the bits of an `i8`, stored as
/// `u8`) or a cached sum of weights (`i32`).
pub(crate) trait RowValue: Copy {
    fn widen(self) -> i32;
}

impl RowValue for u8 {
    #[inline(always)]
    fn widen(self) -> i32 {
        self as i8 as i32
    }
}

impl RowValue for i32 {
    #[inline(always)]
    fn widen(self) -> i32 {
        self
    }
}

/// Adds a row times `2^shift` to `acc`, class by class: a dense row of 8-bit weights with its
/// row's shift, or the cached sums of the tagger's words and the parser's slots (shift 0).
#[inline(always)]
pub(crate) fn add_row<T: RowValue>(acc: &mut [i32], r: &[T], shift: u32) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above, a cached flag).
        unsafe { add_row_avx2(acc, r, shift) };
        return;
    }
    add_row_plain(acc, r, shift);
}

#[inline(always)]
fn add_row_plain<T: RowValue>(acc: &mut [i32], r: &[T], shift: u32) {
    for (a, &w) in acc.iter_mut().zip(r) {
        *a += w.widen() << shift;
    }
}

/// The same loop compiled for AVX2: eight classes per instruction instead of four (these rows
/// are most of the parser's arithmetic).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_row_avx2<T: RowValue>(acc: &mut [i32], r: &[T], shift: u32) {
    add_row_plain(acc, r, shift);
}

/// One (class, 8-bit weight) pair of a sparse row: 2 bytes (class in one byte) or 3 (class in
/// two bytes, low first; more than 256 classes).
#[inline(always)]
fn sparse_pair(p: &[u8]) -> (usize, u8) {
    match *p {
        [c, b] => (c as usize, b),
        [lo, hi, b] => (u16::from_le_bytes([lo, hi]) as usize, b),
        _ => (0, 0),
    }
}

/// Adds a sparse row of `W`-byte pairs (see [`sparse_pair`]) times `2^shift` to `acc`; `W` a
/// constant, so that each pair's layout is known when compiled.
#[inline(always)]
fn add_sparse<const W: usize>(acc: &mut [i32], r: &[u8], shift: u32) {
    for p in r.chunks_exact(W) {
        let (c, b) = sparse_pair(p);
        if let Some(a) = acc.get_mut(c) {
            *a += b.widen() << shift;
        }
    }
}

/// Rounds a row's weights to 8 significant bits: they become multiples of `2^shift`, the
/// smallest power of two that brings the largest magnitude within 127 (ties away from zero);
/// weights that round to 0 are dropped. Returns the shift (0-8). Rounding again changes nothing.
///
/// Halves the bytes a row takes in memory (scoring reads one row per feature found, and is
/// bound by those reads); on EWT dev the models lose nothing measurable (UPOS 95.21 either
/// way, LAS 82.82 → 82.80).
fn block_quantise(row: &mut Vec<(u16, i16)>) -> u32 {
    let max = row
        .iter()
        .map(|&(_, q)| (q as i32).abs())
        .max()
        .unwrap_or(0);
    let mut shift = 0;
    while (max >> shift) > 127 {
        shift += 1;
    }
    if shift > 0 {
        let unit = (1i32 << shift) as f64;
        for e in row.iter_mut() {
            let m = (e.1 as f64 / unit).round() as i32;
            e.1 = (m.clamp(-127, 127) << shift) as i16;
        }
        row.retain(|e| e.1 != 0);
    }
    shift
}

/// Asks the kernel to back `v`'s memory with 2 MB pages (transparent huge pages), a hint.
///
/// Scoring reads the index and the rows at random over tens of megabytes: with 4 kB pages
/// nearly every look-up also misses the TLB, with 2 MB pages the whole model fits in it.
/// Call it before the memory is first written (freshly allocated pages are not yet mapped).
fn advise_huge_pages<T>(v: &[T]) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let bytes = std::mem::size_of_val(v);
        if bytes < 2 * HUGE {
            return;
        }
        let start = (v.as_ptr() as usize).next_multiple_of(HUGE);
        let end = (v.as_ptr() as usize + bytes) & !(HUGE - 1);
        if end <= start {
            return;
        }
        // SAFETY: madvise(MADV_HUGEPAGE) on whole pages inside a live allocation of ours only
        // changes how the kernel backs them, never their contents; errors are ignored (it is a
        // hint).
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
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

/// Index of the highest integer score among the classes `ok` allows (the first on ties).
#[inline]
pub(crate) fn argmax_i32_where(scores: &[i32], ok: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, i32)> = None;
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
    fn batched_inserts_build_the_same_table() {
        // Keys that collide (a small table) and repeat (the later value wins), in batches that
        // do not divide the input evenly.
        let items: Vec<(u64, u32)> = (0..1000u64)
            .map(|i| (1 + (i * 7919) % 600, i as u32))
            .collect();
        let mut one = Table::with_capacity(600);
        for &(k, v) in &items {
            one.insert(k, v);
        }
        let mut batched = Table::with_capacity(600);
        for chunk in items.chunks(Table::BATCH - 5) {
            batched.insert_batch(chunk);
        }
        assert_eq!(one, batched);
        assert_eq!(batched.get(&1).map(|s| s.val), Some(600));
    }

    #[test]
    fn inline_sparse_and_dense_rows_score_like_their_weights() {
        // 12 classes: a row of one class is inline, of 2-3 sparse, of 4 or more dense.
        let nclasses = 12;
        let rows: Vec<(u64, Vec<(u16, f32)>)> = (1..=12u64)
            .map(|k| {
                let row = (0..k as u16)
                    .map(|c| ((c * 5 + k as u16) % 12, (c as f32 - 2.5) * k as f32))
                    .collect::<std::collections::BTreeMap<u16, f32>>()
                    .into_iter()
                    .collect();
                (k * 1000, row)
            })
            .collect();
        let max_abs = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|(_, w)| w.abs()))
            .fold(0f32, f32::max);
        let w = Weights::from_rows(nclasses, rows.clone(), max_abs);
        assert!(w.index.slots.iter().any(|s| s.val & INLINE != 0));
        let entries = w.entries.as_slice();
        assert!(
            w.index
                .slots
                .iter()
                .any(|s| s.key != 0 && s.val & INLINE == 0 && entries[s.val as usize] & DENSE != 0),
            "some row is dense"
        );
        // Each weight keeps 8 significant bits of its row: off by at most half a unit of the
        // row's shift (at most 1/128 of the row's largest weight) and the global scale.
        for (k, r) in &rows {
            let back = w.row(k);
            assert_eq!(back.len(), r.len());
            let max = r.iter().map(|(_, x)| x.abs()).fold(0f32, f32::max);
            for ((c1, x1), (c2, x2)) in back.iter().zip(r) {
                assert_eq!(c1, c2);
                assert!((x1 - x2).abs() <= max / 128.0 + w.scale, "{x1} {x2}");
            }
        }
        // Scores are the sums of those weights, whatever the row's layout.
        let feats: Vec<u64> = rows.iter().map(|(k, _)| *k).chain([7, 8]).collect();
        let mut want = vec![0f32; nclasses];
        for (k, _) in &rows {
            for (c, x) in w.row(k) {
                want[c as usize] += x;
            }
        }
        let mut got = vec![0f32; nclasses];
        w.score(&feats, &mut got);
        for (a, b) in got.iter().zip(&want) {
            assert!((a - b).abs() < 0.01, "{got:?} {want:?}");
        }
        assert_eq!(
            w.nweights(),
            rows.iter().map(|(_, r)| r.len()).sum::<usize>()
        );
        let mut out = Writer::default();
        w.write(&mut out);
        let back = Weights::read(&mut Reader::new(&out.buf)).unwrap();
        assert_eq!(back, w);
    }

    #[test]
    fn block_quantisation_keeps_eight_significant_bits_and_is_idempotent() {
        // Small rows are kept as they are.
        let mut small = vec![(0u16, 127i16), (3, -5)];
        assert_eq!(block_quantise(&mut small), 0);
        assert_eq!(small, vec![(0, 127), (3, -5)]);
        // 1000 needs a shift of 3 (1000 / 8 = 125); 4 / 8 rounds away from zero, 3 / 8 to 0.
        let mut row = vec![(0u16, 1000i16), (1, -300), (2, 4), (3, 3), (4, -32767)];
        assert_eq!(block_quantise(&mut row[..4].to_vec()), 3);
        assert_eq!(block_quantise(&mut row), 8);
        assert_eq!(row, vec![(0, 1024), (1, -256), (4, -32512)]);
        let again = row.clone();
        assert_eq!(block_quantise(&mut row), 8);
        assert_eq!(row, again);
    }

    #[test]
    fn rows_cross_no_more_cache_lines_than_their_size_needs() {
        let mut lines = Lines::default();
        lines.push_zeros(60);
        // 4 bytes fit before the boundary; 5 would cross it and go to the next line.
        assert_eq!(lines.start_row(4), 60);
        assert_eq!(lines.start_row(5), 64);
        lines.push_zeros(10);
        // 100 bytes need two lines: from 74 they touch two, from 104 they would touch three.
        assert_eq!(lines.start_row(100), 74);
        lines.push_zeros(30);
        assert_eq!(lines.start_row(100), 128);
        assert_eq!(lines.as_slice().len(), 128);
        assert_eq!(lines.as_slice().as_ptr() as usize % LINE, 0);
    }

    #[test]
    fn more_than_256_classes_keep_their_class_ids() {
        let nclasses = 300;
        let rows: Vec<(u64, Vec<(u16, f32)>)> =
            vec![(5, vec![(2, 1.0), (299, -2.0)]), (9, vec![(256, 3.0)])];
        let w = Weights::from_rows(nclasses, rows, 3.0);
        let mut s = vec![0f32; nclasses];
        w.score(&[5, 9], &mut s);
        let nonzero: Vec<(usize, f32)> = s
            .iter()
            .enumerate()
            .filter(|(_, &x)| x != 0.0)
            .map(|(c, &x)| (c, (x * 10.0).round() / 10.0))
            .collect();
        assert_eq!(nonzero, vec![(2, 1.0), (256, 3.0), (299, -2.0)]);
        let mut out = Writer::default();
        w.write(&mut out);
        assert_eq!(Weights::read(&mut Reader::new(&out.buf)).unwrap(), w);
    }

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
        // Averaging a model with itself changes no score beyond quantisation (8 significant
        // bits per row).
        let avg = Weights::average(&[w.clone(), w.clone()]);
        for (f, _) in &data {
            let (mut a, mut b) = (vec![0f32; 3], vec![0f32; 3]);
            w.score(f, &mut a);
            avg.score(f, &mut b);
            let top = a.iter().fold(0f32, |m, x| m.max(x.abs()));
            for (x, y) in a.iter().zip(&b) {
                assert!((x - y).abs() <= top / 64.0, "{a:?} {b:?}");
            }
        }
        // Truncated input is an error, not a panic.
        assert!(Weights::read(&mut Reader::new(&out.buf[..out.buf.len() - 3])).is_err());
    }
}
