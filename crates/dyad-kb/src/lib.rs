//! dyad's knowledge base: who the actors are, and the dictionaries that say so.
//!
//! - [`kb`]: dyad's own actor knowledge base (`data/kb/*.toml`): countries, organisations,
//!   agents, metonyms and dated office holders, validated and compiled into a matcher.
//! - [`gazetteer`]: places from GeoNames (`data/gazetteer/places.tsv.gz`) by normalised name.
//! - [`dictionary`]: dyad's own CAMEO verb dictionaries (`data/dictionaries/cameo/*.toml`) and
//!   the CAMEO code table (names, QuadClass, Goldstein, PLOVER), validated and indexed by lemma.
//! - [`petrarch`]: readers for the PETRARCH/TABARI dictionary formats (actors, agents, verbs),
//!   so that dyad runs on the dictionaries the field already has.
#![warn(missing_docs)]

pub mod dictionary;
pub mod gazetteer;
pub mod kb;
pub mod located;
pub mod petrarch;
