//! Trains, saves and evaluates the models (the development twin of `dyad train` / `dyad eval`).
//!
//! ```text
//! cargo run --release -p dyad-models --example train -- tagger|parser|all|eval [--out DIR]
//!     [--iters N] [--no-gum] [--jackknife K] [--ensemble K] [--min-weight W]
//! ```
//! `tagger` writes `DIR/en_tagger.bin.gz` (default `data/models`), `parser` reads that tagger and
//! writes `DIR/en_parser.bin.gz`, `eval` scores both on EWT dev and test and GUM news test.
//! Treebanks are read from `../shared/data/ud` (or `$DYAD_UD`).
use dyad_models::*;
use std::path::{Path, PathBuf};

fn ud_dir() -> PathBuf {
    std::env::var("DYAD_UD").map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud"),
        PathBuf::from,
    )
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().cloned().unwrap_or_else(|| "all".into());
    let out = arg(&args, "--out").map_or_else(default_model_dir, PathBuf::from);
    let ud = ud_dir();
    let tb = Treebanks::from_ud_dir(&ud, !args.iter().any(|a| a == "--no-gum"))?;
    let (dev, test, gum_news) = (&tb.dev, &tb.test, &tb.gum_news_test);
    let mut log = |l: &str| eprintln!("{l}");
    let read_tagger = || -> Result<Tagger> {
        let path = out.join(TAGGER_FILE);
        let bytes = std::fs::read(&path).map_err(|source| Error::Io { path, source })?;
        Ok(tagger_from_bytes(&bytes)?.1)
    };
    if what == "tagger" || what == "all" {
        let mut cfg = TaggerConfig::default();
        if let Some(i) = arg(&args, "--iters") {
            cfg.iterations = i.parse().unwrap_or(cfg.iterations);
        }
        if let Some(w) = arg(&args, "--min-weight") {
            cfg.min_weight = w.parse().unwrap_or(cfg.min_weight);
        }
        let (bytes, meta) = build_tagger(&tb, &cfg, &mut log)?;
        write_file(&out.join(TAGGER_FILE), &bytes)?;
        eprintln!(
            "tagger: {:?}; wrote {} ({} bytes)",
            meta.scores,
            out.join(TAGGER_FILE).display(),
            bytes.len()
        );
    }
    if what == "parser" || what == "all" {
        let tagger = read_tagger()?;
        let mut cfg = ParserConfig::default();
        if let Some(i) = arg(&args, "--iters") {
            cfg.iterations = i.parse().unwrap_or(cfg.iterations);
        }
        if let Some(k) = arg(&args, "--ensemble") {
            cfg.ensemble = k.parse().unwrap_or(cfg.ensemble);
        }
        if let Some(k) = arg(&args, "--jackknife") {
            cfg.jackknife = k.parse().unwrap_or(cfg.jackknife);
        }
        if let Some(w) = arg(&args, "--min-weight") {
            cfg.min_weight = w.parse().unwrap_or(cfg.min_weight);
        }
        let (bytes, meta) = build_parser(&tb, &tagger, &cfg, &mut log)?;
        write_file(&out.join(PARSER_FILE), &bytes)?;
        eprintln!(
            "parser: {:?}; wrote {} ({} bytes)",
            meta.scores,
            out.join(PARSER_FILE).display(),
            bytes.len()
        );
    }
    if what == "eval" || what == "all" {
        let t0 = std::time::Instant::now();
        let m = Models::load_dir(&out)?;
        eprintln!("load: {:.3}s", t0.elapsed().as_secs_f64());
        for (name, set) in [
            ("ewt dev", dev),
            ("ewt test", test),
            ("gum news test", gum_news),
        ] {
            let s = eval_parse(&m, set);
            println!("{name}: {}", serde_json::to_string(&s).unwrap_or_default());
        }
    }
    Ok(())
}
