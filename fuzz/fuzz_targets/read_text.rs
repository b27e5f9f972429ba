//! Any bytes given to the Text reader: no panic, and every result keeps the reader's promises.
#![no_main]

use dyad_text::{read_bytes, Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Once with the default limit, once with a small one, so that the paths that skip
    // over-long lines, rows and files are fuzzed as well.
    for max_bytes in [ReadOptions::default().max_bytes, 64] {
        let opts = ReadOptions {
            max_bytes,
            ..Default::default()
        };
        for result in read_bytes(data, "fuzz.text", Format::Text, &opts) {
            match result {
                Ok(doc) => {
                    assert!(!doc.text().trim().is_empty(), "a document without text");
                    assert!(doc
                        .meta
                        .origin
                        .as_deref()
                        .is_some_and(|o| o.starts_with("fuzz.text")));
                }
                Err(e) => {
                    assert_eq!(e.path, "fuzz.text");
                    let _ = e.to_string();
                }
            }
        }
    }
});
