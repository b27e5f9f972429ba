//! The gazetteer: countries, first-level regions and cities from GeoNames
//! (`data/gazetteer/places.tsv.gz`, CC BY 4.0, see its README), looked up by normalised name.
//!
//! [`Gazetteer::bundled`] loads the copy compiled into the binary (about 40 ms in release
//! builds: inflate, parse 38,000 rows, index 150,000 names). [`Gazetteer::lookup`] returns every
//! place a name may denote, each [`Hit`] saying whether the name was the place's own name or
//! one of its alternate names, so that a resolver can rank them; choosing between candidates
//! (population, the countries of the document) is the caller's job.
//!
//! GeoNames ships no coordinates or populations for countries and regions; the loader fills
//! them from the place's cities: coordinates are the population-weighted centre of its cities
//! and population the sum of theirs (regions) or GeoNames' own figure (countries).
//!
//! ```
//! use dyad_kb::gazetteer::{Gazetteer, PlaceKind};
//!
//! let gaz = Gazetteer::bundled().expect("the bundled gazetteer loads");
//! let hits = gaz.lookup("Kiev");
//! assert!(hits.iter().any(|h| gaz.place(h.place).name == "Kyiv"));
//! let georgia: Vec<_> = gaz.lookup("Georgia").iter().map(|h| gaz.place(h.place)).collect();
//! assert!(georgia.iter().any(|p| p.kind == PlaceKind::Country && p.country == "GEO"));
//! assert!(georgia.iter().any(|p| p.kind == PlaceKind::Admin1 && p.country == "USA"));
//! ```

use std::collections::HashMap;
use std::io::Read;

/// The gazetteer file, compiled in.
static BUNDLED: &[u8] = include_bytes!("../../../data/gazetteer/places.tsv.gz");

/// Errors while loading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The gzip stream could not be inflated or is not UTF-8.
    #[error("cannot read the gazetteer: {0}")]
    Io(#[from] std::io::Error),
    /// A row does not have the expected columns or values.
    #[error("gazetteer line {line}: {message}")]
    BadRow {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// What kind of place a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A country or territory with its own ISO code.
    Country,
    /// A first-level administrative division (state, province, oblast).
    Admin1,
    /// A populated place.
    City,
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id.
    pub geonames_id: u64,
    /// Country, region or city.
    pub kind: PlaceKind,
    /// GeoNames' name (UTF-8).
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the country.
    pub country: String,
    /// GeoNames admin1 code within the country (empty when unknown).
    pub admin1_code: String,
    /// Name of the first-level region (for a region row, its own name).
    pub admin1: Option<String>,
    /// Latitude (for countries and regions: the population-weighted centre of their cities).
    pub lat: f64,
    /// Longitude (likewise).
    pub lon: f64,
    /// Population (for regions: the sum of their cities'; 0 when unknown).
    pub population: u64,
}

/// One candidate for a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the place, for [`Gazetteer::place`].
    pub place: u32,
    /// The name is one of the place's alternate names (rank it below own names).
    pub alternate: bool,
    /// The name was written in capitals (`US`, `DRC`) and should match only capitals.
    pub caps: bool,
}

/// The loaded gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// The name index: every normalised name in one string, `(start, len)` of each key in
    /// sorted order and the hit of each key alongside (one hit per key and place). A sorted
    /// array builds several times faster than a hash map of 150,000 owned keys, and a lookup
    /// is a hash probe into `first`.
    arena: String,
    keys: Vec<(u32, u32)>,
    hits: Vec<Hit>,
    /// Open-addressing table (linear probing, load ≤ 1/2): for each distinct key, the index in
    /// `keys` of its first entry; [`EMPTY`] marks a free slot. Most look-ups are of word
    /// sequences that name no place, and end at their first, empty slot.
    first: Vec<u32>,
    /// A one-hash Bloom filter of the keys' first words (up to the first space), bit
    /// `key_hash(word) % FIRST_WORD_BITS`: a clear bit means no key begins with the word.
    first_words: Vec<u64>,
    /// The same for the whole keys (bit `(key_hash(key) >> 32) % KEY_BITS`): most look-ups are of word
    /// sequences that name no place, and end here without touching the larger index.
    key_bits: Vec<u64>,
    by_country: HashMap<String, u32>,
    by_admin1: HashMap<(String, String), u32>,
    max_words: usize,
}

/// Bits of [`Gazetteer::first_words`] (128 kB; about one in ten set by the bundled
/// gazetteer's first words).
const FIRST_WORD_BITS: usize = 1 << 20;

/// Bits of [`Gazetteer::key_bits`] (256 kB; about one in fifteen set by the bundled
/// gazetteer's 150,000 keys).
const KEY_BITS: usize = 1 << 21;

/// A free slot of [`Gazetteer::first`].
const EMPTY: u32 = u32::MAX;

/// FNV-1a of a normalised name, for [`Gazetteer::first`].
fn key_hash(key: &str) -> u64 {
    let h = dyad_core::fnv1a(key.as_bytes());
    h ^ (h >> 29)
}

impl Gazetteer {
    /// The gazetteer compiled into the library (`data/gazetteer/places.tsv.gz`).
    pub fn bundled() -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_tsv_gz(BUNDLED)
    }

    /// Loads a gzipped gazetteer file (the format of `data/gazetteer/README.md`).
    pub fn from_tsv_gz(bytes: &[u8]) -> Result<Gazetteer, GazetteerError> {
        let mut text = String::with_capacity(bytes.len() * 3);
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text)?;
        Gazetteer::from_tsv(&text)
    }

    /// Loads the text of a gazetteer file.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut gaz = Gazetteer {
            places: Vec::with_capacity(40_000),
            arena: String::with_capacity(2_000_000),
            ..Default::default()
        };
        let mut alternates: Vec<(u32, &str)> = Vec::new();
        let mut entries: Vec<(u32, u32, Hit)> = Vec::with_capacity(160_000);
        for (n, line) in text.lines().enumerate().skip(1) {
            if line.is_empty() {
                continue;
            }
            let bad = |message: &str| GazetteerError::BadRow {
                line: n + 1,
                message: message.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 11 {
                return Err(bad("expected 11 tab-separated fields"));
            }
            let kind = match f[1] {
                "country" => PlaceKind::Country,
                "admin1" => PlaceKind::Admin1,
                "city" => PlaceKind::City,
                _ => return Err(bad("unknown kind")),
            };
            let num = |s: &str| -> Result<f64, GazetteerError> {
                if s.is_empty() {
                    Ok(f64::NAN)
                } else {
                    s.parse().map_err(|_| bad("bad coordinate"))
                }
            };
            let place = Place {
                geonames_id: f[0].parse().map_err(|_| bad("bad geonames_id"))?,
                kind,
                name: f[2].to_string(),
                country: f[5].to_string(),
                admin1_code: f[6].to_string(),
                admin1: (!f[7].is_empty()).then(|| f[7].to_string()),
                lat: num(f[8])?,
                lon: num(f[9])?,
                population: if f[10].is_empty() {
                    0
                } else {
                    f[10].parse().map_err(|_| bad("bad population"))?
                },
            };
            let id = gaz.places.len() as u32;
            match kind {
                PlaceKind::Country => {
                    gaz.by_country.insert(place.country.clone(), id);
                }
                PlaceKind::Admin1 => {
                    gaz.by_admin1
                        .insert((place.country.clone(), place.admin1_code.clone()), id);
                }
                PlaceKind::City => {}
            }
            gaz.push_name(&mut entries, f[2], id, false);
            if f[3] != f[2] {
                gaz.push_name(&mut entries, f[3], id, false);
            }
            // Arabic names lose their article in English news (`Al Anbar` → `Anbar`, `As
            // Sulaymaniyah` → `Sulaymaniyah`): index the bare form as an alternate name.
            if let Some(bare) = without_article(f[3]) {
                gaz.push_name(&mut entries, bare, id, true);
            }
            if !f[4].is_empty() {
                alternates.push((id, f[4]));
            }
            gaz.places.push(place);
        }
        for (id, alts) in alternates {
            for alt in alts.split('|') {
                gaz.push_name(&mut entries, alt, id, true);
            }
        }
        gaz.merge_entries(entries);
        gaz.fill_from_cities();
        Ok(gaz)
    }

    /// Countries and regions get the population-weighted centre of their cities; regions also
    /// the sum of their cities' populations (GeoNames' packaged extracts carry neither).
    fn fill_from_cities(&mut self) {
        // (sum of weights, weighted lat, weighted lon, population)
        let mut acc: HashMap<u32, (f64, f64, f64, u64)> = HashMap::new();
        let admin1: HashMap<(&str, &str), u32> = self
            .by_admin1
            .iter()
            .map(|((c, a), &id)| ((c.as_str(), a.as_str()), id))
            .collect();
        for p in &self.places {
            if p.kind != PlaceKind::City || !p.lat.is_finite() || !p.lon.is_finite() {
                continue;
            }
            let w = (p.population.max(1)) as f64;
            let mut add = |id: u32| {
                let e = acc.entry(id).or_insert((0.0, 0.0, 0.0, 0));
                e.0 += w;
                e.1 += w * p.lat;
                e.2 += w * p.lon;
                e.3 += p.population;
            };
            if let Some(&c) = self.by_country.get(&p.country) {
                add(c);
            }
            if let Some(&a) = admin1.get(&(p.country.as_str(), p.admin1_code.as_str())) {
                add(a);
            }
        }
        drop(admin1);
        for (id, (w, lat, lon, pop)) in acc {
            let p = &mut self.places[id as usize];
            if w > 0.0 {
                p.lat = (lat / w * 1e5).round() / 1e5;
                p.lon = (lon / w * 1e5).round() / 1e5;
            }
            if p.kind == PlaceKind::Admin1 {
                p.population = pop;
            }
        }
        for p in &mut self.places {
            if !p.lat.is_finite() || !p.lon.is_finite() {
                p.lat = 0.0;
                p.lon = 0.0;
            }
        }
    }

    /// Normalises `name` into the arena and queues its entry. A name `A, B` (`Washington,
    /// D.C.`) is indexed as `A`, the form running text uses before its qualifier.
    fn push_name(
        &mut self,
        entries: &mut Vec<(u32, u32, Hit)>,
        name: &str,
        place: u32,
        alternate: bool,
    ) {
        let name = name.split(',').next().unwrap_or(name).trim();
        let key = normalize(name);
        if key.is_empty() {
            return;
        }
        let letters = name.chars().filter(|c| c.is_alphabetic());
        let caps = name.chars().any(|c| c.is_alphabetic())
            && letters.clone().all(|c| c.is_uppercase())
            && letters.count() <= 4;
        self.max_words = self.max_words.max(key.split(' ').count());
        let start = self.arena.len() as u32;
        self.arena.push_str(&key);
        entries.push((
            start,
            key.len() as u32,
            Hit {
                place,
                alternate,
                caps,
            },
        ));
    }

    fn key_at(&self, start: u32, len: u32) -> &str {
        self.arena
            .get(start as usize..(start + len) as usize)
            .unwrap_or("")
    }

    /// Sorts new entries and merges them into the index; one entry per key and place (an own
    /// name wins over the same string as an alternate name).
    fn merge_entries(&mut self, mut new: Vec<(u32, u32, Hit)>) {
        let arena = std::mem::take(&mut self.arena);
        let key = |s: u32, l: u32| arena.get(s as usize..(s + l) as usize).unwrap_or("");
        new.sort_unstable_by(|a, b| {
            key(a.0, a.1)
                .cmp(key(b.0, b.1))
                .then(a.2.place.cmp(&b.2.place))
        });
        let old_keys = std::mem::take(&mut self.keys);
        let old_hits = std::mem::take(&mut self.hits);
        let mut keys = Vec::with_capacity(old_keys.len() + new.len());
        let mut hits: Vec<Hit> = Vec::with_capacity(old_keys.len() + new.len());
        let push = |k: (u32, u32), h: Hit, keys: &mut Vec<(u32, u32)>, hits: &mut Vec<Hit>| {
            if let (Some(&lk), Some(lh)) = (keys.last(), hits.last_mut()) {
                if lh.place == h.place && key(lk.0, lk.1) == key(k.0, k.1) {
                    lh.alternate &= h.alternate;
                    lh.caps &= h.caps;
                    return;
                }
            }
            keys.push(k);
            hits.push(h);
        };
        let (mut i, mut j) = (0, 0);
        while i < old_keys.len() || j < new.len() {
            let take_old = match (old_keys.get(i), new.get(j)) {
                (Some(o), Some(n)) => {
                    (key(o.0, o.1), old_hits[i].place) <= (key(n.0, n.1), n.2.place)
                }
                (Some(_), None) => true,
                _ => false,
            };
            if take_old {
                push(old_keys[i], old_hits[i], &mut keys, &mut hits);
                i += 1;
            } else {
                push((new[j].0, new[j].1), new[j].2, &mut keys, &mut hits);
                j += 1;
            }
        }
        self.keys = keys;
        self.hits = hits;
        self.arena = arena;
        self.index_keys();
    }

    /// Rebuilds [`Gazetteer::first`] from the sorted keys.
    fn index_keys(&mut self) {
        let size = (2 * self.keys.len() + 1).next_power_of_two().max(16);
        let mut first = vec![EMPTY; size];
        let mask = size - 1;
        let mut words = vec![0u64; FIRST_WORD_BITS / 64];
        let mut key_bits = vec![0u64; KEY_BITS / 64];
        let mut last: Option<&str> = None;
        for (i, &(s, l)) in self.keys.iter().enumerate() {
            let k = self.key_at(s, l);
            if last == Some(k) {
                continue;
            }
            last = Some(k);
            let bit = key_hash(k.split(' ').next().unwrap_or(k)) as usize % FIRST_WORD_BITS;
            words[bit / 64] |= 1 << (bit % 64);
            let hash = key_hash(k);
            let bit = (hash >> 32) as usize % KEY_BITS;
            key_bits[bit / 64] |= 1 << (bit % 64);
            let mut at = hash as usize & mask;
            while first[at] != EMPTY {
                at = (at + 1) & mask;
            }
            first[at] = i as u32;
        }
        self.first = first;
        self.first_words = words;
        self.key_bits = key_bits;
    }

    /// Whether some name may begin with `word` (normalised, one word: no space). `false` is
    /// certain (no name begins with it); `true` may be wrong about one word in ten.
    pub fn may_begin_with(&self, word: &str) -> bool {
        let bit = key_hash(word) as usize % FIRST_WORD_BITS;
        self.first_words
            .get(bit / 64)
            .is_none_or(|w| w & (1 << (bit % 64)) != 0)
    }

    /// Adds names to places (one sort and merge for the whole batch): `(name, place,
    /// alternate)`. Used to add the knowledge base's country names, which GeoNames' packaged
    /// country rows lack.
    pub fn add_names<'n>(&mut self, names: impl IntoIterator<Item = (&'n str, u32, bool)>) {
        let mut entries = Vec::new();
        for (name, place, alternate) in names {
            if (place as usize) < self.places.len() {
                self.push_name(&mut entries, name, place, alternate);
            }
        }
        self.merge_entries(entries);
    }

    /// Every place `name` may denote (case, diacritics, apostrophes, hyphens and full stops
    /// ignored).
    pub fn lookup(&self, name: &str) -> &[Hit] {
        self.lookup_normalized(&normalize(name))
    }

    /// Like [`Gazetteer::lookup`], for a key already passed through [`normalize`].
    pub fn lookup_normalized(&self, key: &str) -> &[Hit] {
        let hash = key_hash(key);
        let bit = (hash >> 32) as usize % KEY_BITS;
        if self
            .key_bits
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) == 0)
        {
            return &[];
        }
        let mask = self.first.len().wrapping_sub(1);
        let mut at = hash as usize & mask;
        for _ in 0..self.first.len() {
            let Some(&i) = self.first.get(at) else { break };
            if i == EMPTY {
                break;
            }
            let lo = i as usize;
            if let Some(&(s, l)) = self.keys.get(lo) {
                if self.key_at(s, l) == key {
                    let n = self.keys[lo..]
                        .iter()
                        .take_while(|&&(s, l)| self.key_at(s, l) == key)
                        .count();
                    return self.hits.get(lo..lo + n).unwrap_or(&[]);
                }
            }
            at = (at + 1) & mask;
        }
        &[]
    }

    /// The place with index `i`.
    ///
    /// # Panics
    /// When `i` is not an index from a [`Hit`] of this gazetteer.
    pub fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }

    /// All places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The country row of an ISO3 code.
    pub fn country(&self, iso3: &str) -> Option<u32> {
        self.by_country.get(iso3).copied()
    }

    /// The region row of a country and GeoNames admin1 code.
    pub fn admin1(&self, iso3: &str, code: &str) -> Option<u32> {
        self.by_admin1
            .get(&(iso3.to_string(), code.to_string()))
            .copied()
    }

    /// The most words any indexed name has.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether the gazetteer has no place.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// `Al Anbar` → `Anbar`: a name after an Arabic article (`Al`, `El`, `Ar`, `As`, `Ad`, `An`,
/// `Ash`, `Az`, with a space or hyphen) that starts with a capital.
fn without_article(name: &str) -> Option<&str> {
    for art in ["Al", "El", "Ar", "As", "Ad", "An", "Ash", "Az", "At"] {
        if let Some(rest) = name.strip_prefix(art) {
            let rest = rest.strip_prefix([' ', '-'])?;
            if rest.starts_with(|c: char| c.is_uppercase()) && rest.len() >= 3 {
                return Some(rest);
            }
        }
    }
    None
}

/// The lookup key of a name: lower case, Latin diacritics folded, apostrophes unified, hyphens
/// as spaces, full stops dropped, spaces collapsed (`Bogotá` → `bogota`, `D.C.` → `dc`,
/// `Port-au-Prince` → `port au prince`).
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = true;
    for c in name.chars() {
        match c {
            '.' => continue,
            '-' | '‐' | '–' | ' ' | '\t' | '\n' | '\u{a0}' => {
                if !space {
                    out.push(' ');
                    space = true;
                }
                continue;
            }
            '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => match fold(c) {
                Some(s) => out.push_str(s),
                None => out.extend(c.to_lowercase()),
            },
        }
        space = false;
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Lower-case ASCII for the Latin-1 and Latin Extended-A letters.
fn fold(c: char) -> Option<&'static str> {
    const LATIN1: [&str; 64] = [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n",
        "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a",
        "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
        "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    ];
    // U+0100..U+017F in pairs (upper, lower) mostly; one letter per code point.
    const EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    let u = c as u32;
    match u {
        0xC0..=0xFF => LATIN1.get((u - 0xC0) as usize).copied(),
        0x100..=0x17F => {
            let b = EXT_A[(u - 0x100) as usize];
            // Single ASCII letters as &'static str: index into a fixed alphabet.
            const ALPHA: &str = "abcdefghijklmnopqrstuvwxyz";
            let i = (b - b'a') as usize;
            ALPHA.get(i..i + 1)
        }
        0x218 | 0x219 => Some("s"),
        0x21A | 0x21B => Some("t"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize("Bogotá"), "bogota");
        assert_eq!(normalize("Diyarbakır"), "diyarbakir");
        assert_eq!(normalize("D.C."), "dc");
        assert_eq!(normalize("Port-au-Prince"), "port au prince");
        assert_eq!(normalize("Cox’s  Bazar"), "cox's bazar");
        assert_eq!(normalize("São Paulo"), "sao paulo");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("Şırnak"), "sirnak");
        assert_eq!(without_article("Al Anbar"), Some("Anbar"));
        assert_eq!(without_article("As-Suwayda"), Some("Suwayda"));
        assert_eq!(without_article("Alexandria"), None);
        assert_eq!(without_article("Al"), None);
    }

    #[test]
    fn bundled_loads_fast_enough_and_finds_places() {
        let t = std::time::Instant::now();
        let gaz = Gazetteer::bundled().unwrap();
        let took = t.elapsed();
        // Debug builds are several times slower than release; this only catches disasters.
        assert!(took.as_secs_f64() < 3.0, "gazetteer load took {took:?}");
        assert!(gaz.len() > 38_000);
        let names = |q: &str| -> Vec<(String, String)> {
            gaz.lookup(q)
                .iter()
                .map(|h| {
                    let p = gaz.place(h.place);
                    (p.name.clone(), p.country.clone())
                })
                .collect()
        };
        assert!(names("Bombay").contains(&("Mumbai".into(), "IND".into())));
        assert!(names("Tripoli").contains(&("Tripoli".into(), "LBY".into())));
        assert!(names("Tripoli").contains(&("Tripoli".into(), "LBN".into())));
        assert!(names("washington").iter().any(|(_, c)| c == "USA"));
        let ukr = gaz.country("UKR").unwrap();
        let p = gaz.place(ukr);
        assert!(p.lat > 44.0 && p.lat < 53.0 && p.lon > 22.0 && p.lon < 41.0);
        let hits = gaz.lookup("Bogota");
        assert!(!hits.is_empty() && !hits[0].alternate);
    }

    #[test]
    fn the_hash_index_finds_every_key_and_only_its_hits() {
        let gaz = Gazetteer::bundled().unwrap();
        let mut i = 0;
        let mut keys = 0;
        while i < gaz.keys.len() {
            let (s, l) = gaz.keys[i];
            let key = gaz.key_at(s, l);
            let n = gaz.keys[i..]
                .iter()
                .take_while(|&&(s, l)| gaz.key_at(s, l) == key)
                .count();
            assert_eq!(gaz.lookup_normalized(key), &gaz.hits[i..i + n], "{key}");
            i += n;
            keys += 1;
        }
        assert!(keys > 100_000, "{keys} distinct keys");
        for absent in ["", "zzzz qqqq", "the", "paris france"] {
            let found = gaz.keys.iter().any(|&(s, l)| gaz.key_at(s, l) == absent);
            assert_eq!(gaz.lookup_normalized(absent).is_empty(), !found, "{absent}");
        }
        assert!(Gazetteer::default().lookup("paris").is_empty());
    }

    #[test]
    fn every_key_may_begin_with_its_first_word_and_most_words_begin_none() {
        let gaz = Gazetteer::bundled().unwrap();
        for &(s, l) in &gaz.keys {
            let key = gaz.key_at(s, l);
            let first = key.split(' ').next().unwrap_or(key);
            assert!(gaz.may_begin_with(first), "{key}");
        }
        let absent = (0..1000)
            .filter(|k| !gaz.may_begin_with(&format!("qz{k}x")))
            .count();
        assert!(absent > 800, "{absent} of 1000 made-up words ruled out");
        assert!(Gazetteer::default().may_begin_with("paris"));
    }

    #[test]
    fn bad_rows_are_errors_not_panics() {
        let head = "geonames_id\tkind\tname\tascii_name\talt_names\tcountry\tadmin1_code\tadmin1_name\tlat\tlon\tpopulation\n";
        assert!(Gazetteer::from_tsv(&format!("{head}1\tcity\tX\n")).is_err());
        assert!(
            Gazetteer::from_tsv(&format!("{head}x\tcity\tX\tX\t\tFRA\t\t\t1\t2\t3\n")).is_err()
        );
        let g = Gazetteer::from_tsv(&format!("{head}1\tcity\tX\tX\t\tFRA\t\t\t1\t2\t3\n")).unwrap();
        assert_eq!(g.lookup("x").len(), 1);
        let mut g = g;
        g.add_names([("Ecks", 0, false), ("X", 0, true), ("Nowhere", 99, false)]);
        assert_eq!(g.lookup("ecks").len(), 1);
        assert_eq!(
            g.lookup("X"),
            &[Hit {
                place: 0,
                alternate: false,
                caps: true
            }]
        );
        assert!(g.lookup("nowhere").is_empty());
        assert!(Gazetteer::from_tsv_gz(b"not gzip").is_err());
    }
}
