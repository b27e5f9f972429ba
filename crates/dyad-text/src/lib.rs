//! dyad's text stage: reading news into [`dyad_core::Document`]s, tokenizing and splitting
//! sentences.
#![warn(missing_docs)]

pub mod conllu;
pub mod eval;
pub mod read;

pub use read::{read_bytes, read_inputs, Format, Inputs, ReadError, ReadErrorKind, ReadOptions};
pub mod split;
pub mod tokenize;

pub use split::{train_splitter, SentenceSplitter, SplitterModel, SplitterModelError};
pub use tokenize::Tokenizer;

/// Fills `doc.tokens` and `doc.sentences` (replacing any there) with dyad's default
/// [`Tokenizer`] and [`SentenceSplitter`], built once and shared by every thread.
pub fn segment(doc: &mut dyad_core::Document) {
    use std::sync::OnceLock;
    static DEFAULT: OnceLock<(Tokenizer, SentenceSplitter)> = OnceLock::new();
    let (tokenizer, splitter) = DEFAULT.get_or_init(|| (Tokenizer::new(), SentenceSplitter::new()));
    let mut tokens = std::mem::take(&mut doc.tokens);
    let mut sentences = std::mem::take(&mut doc.sentences);
    tokens.clear();
    sentences.clear();
    tokenizer.tokenize_into(doc.text(), &mut tokens);
    splitter.split_into(doc.text(), &tokens, &mut sentences);
    doc.tokens = tokens;
    doc.sentences = sentences;
}
