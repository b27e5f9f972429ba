//! The sample corpus, embedded at build time from `data/samples/`.

include!(concat!(env!("OUT_DIR"), "/samples.rs"));
