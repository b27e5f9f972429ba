//! Builds the shipped model files into the library when they are present in `data/models/`.
use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dyad_models_embedded)");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models");
    println!("cargo::rerun-if-changed={}", dir.display());
    let files = ["en_tagger.bin.gz", "en_parser.bin.gz"];
    for f in files {
        println!("cargo::rerun-if-changed={}", dir.join(f).display());
    }
    if files.iter().all(|f| dir.join(f).is_file()) {
        println!("cargo::rustc-cfg=dyad_models_embedded");
    }
}
