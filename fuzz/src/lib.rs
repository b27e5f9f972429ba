//! What every reader fuzz target checks, in one place.

use dyad_text::{read_bytes, Format, ReadOptions};

/// Feeds `data` to the reader of `format`, once with the default size limit and once with a
/// small one (so the paths that skip over-long lines, rows and files are fuzzed too), and checks
/// the reader's promises: no panic, every document has text and an origin in the named input,
/// every error names the input.
pub fn check_reader(data: &[u8], name: &str, format: Format) {
    for max_bytes in [ReadOptions::default().max_bytes, 64] {
        let opts = ReadOptions {
            max_bytes,
            ..Default::default()
        };
        for result in read_bytes(data, name, format, &opts) {
            match result {
                Ok(doc) => {
                    assert!(!doc.text().trim().is_empty(), "a document without text");
                    assert!(doc
                        .meta
                        .origin
                        .as_deref()
                        .is_some_and(|o| o.starts_with(name)));
                }
                Err(e) => {
                    assert_eq!(e.path, name);
                    let _ = e.to_string();
                }
            }
        }
    }
}
