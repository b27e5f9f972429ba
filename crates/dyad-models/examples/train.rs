//! Trains, saves and evaluates the models (the development twin of `dyad train` / `dyad eval`).
//!
//! ```text
//! cargo run --release -p dyad-models --example train -- tagger|parser|all|eval [--out DIR]
//!     [--iters N] [--no-gum] [--jackknife K] [--ensemble K] [--min-weight W] [--single F]
//! cargo run --release -p dyad-models --example train -- merge DIR1 DIR2 --out DIR
//! cargo run --release -p dyad-models --example train -- tagdict [--from DIR] [--out DIR]
//!     [--min-count N] [--min-share S]
//! ```
//! `tagdict` adds the tag dictionary (see `Tagger::with_dictionary`) to the tagger of `--from`
//! (default `data/models`) without retraining it, writes it to `--out` and scores it.
//! `tagger` writes `DIR/en_tagger.bin.gz` (default `data/models`), `parser` reads that tagger and
//! writes `DIR/en_parser.bin.gz` (`--single F`: one parser of feature set F instead of the
//! shipped blend of sets 1 and 2), `merge` averages the parsers of DIR1 and DIR2 into the blend
//! (using DIR's tagger for the scores), `eval` scores both on EWT dev and test and GUM news test.
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
        let mut cfg = match arg(&args, "--single") {
            // One parser of the given feature set, not the blend.
            Some(f) => ParserConfig::single(f.parse().unwrap_or(2)),
            None => ParserConfig::default(),
        };
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
    if what == "merge" {
        // Averages the parsers of the directories after `merge` (trained separately, e.g. with
        // `parser --single 1` and `parser --single 2`) into `--out`, with the metadata that
        // `parser` would write for the default (blended) settings.
        let mut ps = Vec::new();
        for d in args.iter().skip(1).take_while(|a| !a.starts_with("--")) {
            let path = Path::new(d).join(PARSER_FILE);
            let bytes = std::fs::read(&path).map_err(|source| Error::Io { path, source })?;
            ps.push(parser_from_bytes(&bytes)?.1);
        }
        let p = parser::Parser::averaged(&ps)
            .ok_or_else(|| Error::InvalidModel("no parsers, or labels differ".into()))?;
        let tagger = read_tagger()?;
        let mut meta = ModelMeta::new(
            "parser",
            tb.sources.clone(),
            serde_json::to_value(ParserConfig::default()).unwrap_or_default(),
        );
        for (name, set) in [("dev", dev), ("test", test), ("gum_news_test", gum_news)] {
            if !set.is_empty() {
                let (uas, las) = parser::eval_parser(&p, Some(&tagger), set);
                meta.scores.insert(format!("{name}_uas"), uas);
                meta.scores.insert(format!("{name}_las"), las);
            }
        }
        write_file(&out.join(PARSER_FILE), &parser_to_bytes(&meta, &p)?)?;
    }
    if what == "tagdict" {
        // Adds the tag dictionary of the training text (EWT train + GUM train, the tagger's own
        // data) to the tagger of `--from` (default: the shipped one) and writes it to `--out`,
        // with the parser beside it; the weights stay as they are.
        let from = arg(&args, "--from").map_or_else(default_model_dir, PathBuf::from);
        let path = from.join(TAGGER_FILE);
        let bytes = std::fs::read(&path).map_err(|source| Error::Io { path, source })?;
        let (mut meta, tagger, lem) = tagger_from_bytes(&bytes)?;
        let min_count = arg(&args, "--min-count").map_or(tagger::DICT_MIN_COUNT, |v| {
            v.parse().unwrap_or(tagger::DICT_MIN_COUNT)
        });
        let min_share = arg(&args, "--min-share").map_or(tagger::DICT_MIN_SHARE, |v| {
            v.parse().unwrap_or(tagger::DICT_MIN_SHARE)
        });
        let tagger = tagger.with_dictionary(&tb.train, min_count, min_share);
        if let Some(o) = meta.settings.as_object_mut() {
            o.insert("dict_min_count".into(), min_count.into());
            o.insert("dict_min_share".into(), min_share.into());
        }
        for (name, set) in [("dev", dev), ("test", test)] {
            let s = tagger::eval_tagger(&tagger, set);
            meta.scores.insert(format!("{name}_upos"), s.upos);
            meta.scores.insert(format!("{name}_xpos"), s.xpos);
        }
        std::fs::create_dir_all(&out).map_err(|source| Error::Io {
            path: out.clone(),
            source,
        })?;
        write_file(
            &out.join(TAGGER_FILE),
            &tagger_to_bytes(&meta, &tagger, &lem)?,
        )?;
        if from != out {
            let p = from.join(PARSER_FILE);
            let bytes = std::fs::read(&p).map_err(|source| Error::Io { path: p, source })?;
            write_file(&out.join(PARSER_FILE), &bytes)?;
        }
        eprintln!(
            "tagger: {} dictionary words (count >= {min_count}, share >= {min_share}); {:?}",
            tagger.dictionary().len(),
            meta.scores
        );
    }
    if what == "eval" || what == "all" || what == "merge" || what == "tagdict" {
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
