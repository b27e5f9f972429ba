//! dyad's text stage: reading news into [`dyad_core::Document`]s, tokenizing and splitting
//! sentences.
#![warn(missing_docs)]

pub mod conllu;
