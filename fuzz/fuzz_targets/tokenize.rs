//! Any UTF-8 text through the tokenizer and sentence splitter: no panic, and the layers they
//! add pass `Document::validate` (spans inside the text, on character boundaries, in order,
//! sentences covering the tokens).
#![no_main]

use dyad_core::{Document, Metadata};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut doc = Document::new(Metadata::with_id("fuzz"), text);
    dyad_text::segment(&mut doc);
    if let Err(e) = doc.validate() {
        panic!("invalid layers: {e}");
    }
});
