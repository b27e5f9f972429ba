//! dyad's own verb dictionaries (`data/dictionaries/cameo/*.toml`) and the CAMEO code table
//! (`data/dictionaries/cameo-codes.toml`): loading, validation and a lookup index.
//!
//! - [`CodeTable`]: every CAMEO 1.1b3 event code with its label, root, quad class, Goldstein
//!   weight and PLOVER type and mode.
//! - [`VerbDictionary`]: every `[[pattern]]` compiled into a [`Pattern`] (event word, particle,
//!   words, [`TargetSlot`], optional [`Complement`], example and [`Expect`]), indexed by event
//!   word most-specific-first.
//! - [`DictError`]: one problem at `file:line`; loading collects all of them into
//!   [`DictErrors`], so that a bad entry fails CI with every problem listed.
//!
//! The pattern grammar is that of `data/dictionaries/README.md`.
//!
//! ```
//! use dyad_kb::dictionary::{TargetSlot, VerbDictionary};
//!
//! let dict = VerbDictionary::bundled().expect("the bundled dictionaries are valid");
//! let visit = dict
//!     .by_event_word("visit")
//!     .iter()
//!     .map(|&id| dict.pattern(id))
//!     .find(|p| p.text == "visit TARGET")
//!     .expect("`visit TARGET` is a pattern");
//! assert_eq!(visit.code, "042");
//! assert_eq!(visit.target, TargetSlot::Object);
//! assert_eq!(dict.codes().get("042").map(|c| c.goldstein), Some(1.9));
//! ```

mod codes;
mod error;
mod grammar;
mod load;
mod raw;

use std::collections::HashMap;
use std::path::Path;

pub use codes::{quad_class_of_root, CameoCode, CodeTable};
pub use error::{DictError, DictErrors};
pub use grammar::{Complement, ComplementKind, TargetSlot};

/// Whether `code` is a coercive or violent act (roots 17-20: coerce, assault, fight, mass
/// violence). Such an act is done *to* someone physically, so a pattern's own words may name
/// its target ("open fire on protester"), and the owner of what it hits is its target
/// ("attacked its outposts"); the loader and the coder share this test.
pub fn is_coercive(code: &str) -> bool {
    matches!(code.get(..2), Some("17" | "18" | "19" | "20"))
}

/// The index of a pattern in its [`VerbDictionary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatternId(pub usize);

/// The event an example sentence must yield: `SOURCE TARGET CODE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// The source actor code (`JPN`, `IGOUNO`).
    pub source: String,
    /// The target actor code, `None` for `---`.
    pub target: Option<String>,
    /// The CAMEO code.
    pub code: String,
}

/// One compiled verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// A stable identifier: file and 1-based index of the entry in it (`04-consult.toml#12`).
    pub id: String,
    /// The file the pattern comes from.
    pub file: String,
    /// The 1-based line of its `[[pattern]]` header.
    pub line: usize,
    /// The CAMEO code the pattern assigns.
    pub code: String,
    /// The pattern as written (`urge TARGET to lift sanction`).
    pub text: String,
    /// The lemma of the event word: the clause's main verb, or the head noun when `noun`.
    pub event_word: String,
    /// Whether the event word is a noun (`talk with TARGET` for "talks with").
    pub noun: bool,
    /// The phrasal verb's particle (`call off strike`: `off`).
    pub particle: Option<String>,
    /// The other words of the main clause, in pattern order, prepositions included
    /// (`hold talk with TARGET`: `talk`, `with`).
    pub words: Vec<String>,
    /// Where the target stands in the main clause ([`TargetSlot::ThatClause`] for `demand that
    /// TARGET ...`; [`TargetSlot::None`] when the target, if any, is inside the complement).
    pub target: TargetSlot,
    /// The complement clause (`to VERB ...` or `that TARGET VERB ...`), if any.
    pub complement: Option<Complement>,
    /// The example sentence.
    pub example: String,
    /// What the example must yield.
    pub expect: Expect,
}

impl Pattern {
    /// How specific the pattern is: the number of words it must match (every lemma, the
    /// complement marker `to`/`that` included, `TARGET` excluded). More is more specific.
    pub fn specificity(&self) -> usize {
        self.text
            .split_whitespace()
            .filter(|&w| w != "TARGET")
            .count()
    }

    /// Whether the pattern names a target anywhere (main clause or complement).
    pub fn has_target(&self) -> bool {
        self.target.is_some() || self.complement.as_ref().is_some_and(|c| c.target.is_some())
    }
}

/// A validated set of verb patterns with the code table they were checked against.
#[derive(Debug, Clone)]
pub struct VerbDictionary {
    patterns: Vec<Pattern>,
    index: HashMap<String, Vec<PatternId>>,
    codes: CodeTable,
}

impl VerbDictionary {
    /// The 20 dictionary files and the code table bundled with dyad.
    pub fn bundled() -> Result<VerbDictionary, DictErrors> {
        let codes = CodeTable::bundled()?;
        let files: Vec<(String, String)> = load::BUNDLED
            .iter()
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .collect();
        load::compile(&files, codes)
    }

    /// Loads every `*.toml` of `dir`, checked against the bundled code table.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<VerbDictionary, DictErrors> {
        Self::load_dir_with(dir, CodeTable::bundled()?)
    }

    /// Loads every `*.toml` of `dir`, checked against `codes`.
    pub fn load_dir_with(
        dir: impl AsRef<Path>,
        codes: CodeTable,
    ) -> Result<VerbDictionary, DictErrors> {
        let files = load::read_dir(dir.as_ref())?;
        load::compile(&files, codes)
    }

    /// Compiles dictionary texts given as `(file name, text)`; a file name starting with a
    /// root and a dash (`04-consult.toml`) restricts its codes to that root.
    pub fn from_sources(
        files: &[(String, String)],
        codes: CodeTable,
    ) -> Result<VerbDictionary, DictErrors> {
        load::compile(files, codes)
    }

    /// Every pattern, in file order.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// The pattern `id`.
    ///
    /// # Panics
    /// When `id` does not come from this dictionary.
    pub fn pattern(&self, id: PatternId) -> &Pattern {
        &self.patterns[id.0]
    }

    /// The patterns whose event word is `lemma`, most specific first (more words first, then
    /// those with a target, then file order).
    pub fn by_event_word(&self, lemma: &str) -> &[PatternId] {
        self.index.get(lemma).map_or(&[], Vec::as_slice)
    }

    /// The code table the dictionary was checked against.
    pub fn codes(&self) -> &CodeTable {
        &self.codes
    }

    /// The number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether there is no pattern.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}
