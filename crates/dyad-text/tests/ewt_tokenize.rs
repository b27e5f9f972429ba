//! Tokenization and sentence splitting scored on UD English EWT (CoNLL 2018 shared-task
//! scoring), when the reference data is beside the repository (`../shared`); skipped otherwise.
//!
//! The `#[ignore]`d tests are tools: they derive the shipped lists and model from EWT train,
//! print the tokenization errors, and measure speed. Run them with
//! `cargo test --release -p dyad-text --test ewt_tokenize -- --ignored --nocapture NAME`.

use dyad_text::conllu::{self, ConlluSentence};
use dyad_text::eval::{rebuild_text, score_tokenization};
use dyad_text::{SentenceSplitter, Tokenizer};
use std::path::PathBuf;

fn ewt(split: &str) -> Option<Vec<ConlluSentence>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud/en_ewt")
        .join(format!("en_ewt-ud-{split}.conllu"));
    if !path.exists() {
        eprintln!("skipping: {} not found", path.display());
        return None;
    }
    match conllu::read_file(&path) {
        Ok(g) => Some(g),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

#[test]
fn ewt_test_meets_the_bars() {
    let Some(gold) = ewt("test") else {
        println!("skipped: ../shared/data/ud/en_ewt is absent");
        return;
    };
    let s = score_tokenization(&gold);
    println!("EWT test:\n{s}");
    assert!(s.tokens_f1 >= 0.99, "tokens F1 {}", s.tokens_f1);
    assert!(s.sentences_f1 >= 0.78, "sentences F1 {}", s.sentences_f1);
    assert!(s.words_f1 >= 0.98, "words F1 {}", s.words_f1);
}

#[test]
fn ewt_dev_scores() {
    let Some(gold) = ewt("dev") else {
        println!("skipped: ../shared/data/ud/en_ewt is absent");
        return;
    };
    let s = score_tokenization(&gold);
    println!("EWT dev:\n{s}");
    assert!(s.tokens_f1 >= 0.99, "tokens F1 {}", s.tokens_f1);
    assert!(s.sentences_f1 >= 0.78, "sentences F1 {}", s.sentences_f1);
}

#[test]
fn rebuilt_text_matches_the_gold_forms() {
    for split in ["train", "dev", "test"] {
        let Some(gold) = ewt(split) else {
            println!("skipped: ../shared/data/ud/en_ewt is absent");
            return;
        };
        // The scorer assumes the `# text` lines and the token forms agree (ignoring white space).
        let text: String = rebuild_text(&gold)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let forms: String = gold
            .iter()
            .flat_map(|s| s.surface_tokens())
            .flat_map(|(f, _)| f.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(text == forms, "{split}: # text and forms differ");
    }
}

/// Prints the sentences whose surface tokens differ from gold (`cargo test ... show_errors`).
#[test]
#[ignore]
fn show_errors() {
    let split = std::env::var("EWT_SPLIT").unwrap_or_else(|_| "train".into());
    let Some(gold) = ewt(&split) else { return };
    let tk = Tokenizer::new();
    let mut toks = Vec::new();
    let mut n = 0;
    for s in &gold {
        let Some(text) = &s.text else { continue };
        toks.clear();
        tk.tokenize_into(text, &mut toks);
        let mut sys: Vec<String> = Vec::new();
        for t in &toks {
            let piece = &text[t.span.range()];
            match sys.last_mut() {
                Some(last) if t.clitic => last.push_str(piece),
                _ => sys.push(piece.to_string()),
            }
        }
        let gold_toks: Vec<String> = s
            .surface_tokens()
            .iter()
            .map(|(f, _)| f.to_string())
            .collect();
        if sys != gold_toks {
            n += 1;
            // Print only the differing stretch.
            let p = sys
                .iter()
                .zip(&gold_toks)
                .take_while(|(a, b)| a == b)
                .count();
            let a = p.saturating_sub(2);
            println!(
                "SYS  {}\nGOLD {}\n",
                sys[a..(p + 4).min(sys.len())].join(" | "),
                gold_toks[a..(p + 4).min(gold_toks.len())].join(" | ")
            );
        }
    }
    println!("{n} sentences differ");
}

/// Derives `data/hyphen_keep.txt` and the EWT part of `data/abbreviations.txt` from EWT train
/// and prints them.
#[test]
#[ignore]
fn derive_lists() {
    let Some(gold) = ewt("train") else { return };
    println!("{}", dyad_text::tokenize::derive_hyphen_list(&gold));
    println!("---- abbreviations");
    println!("{}", dyad_text::tokenize::derive_abbreviations(&gold));
}

/// Trains the splitter on EWT train, writes `data/splitter.bin` and prints dev scores.
#[test]
#[ignore]
fn train_splitter_model() {
    let Some(gold) = ewt("train") else { return };
    // DYAD_EPOCHS tunes the number of epochs (on dev); the shipped model uses the default.
    let model = match std::env::var("DYAD_EPOCHS")
        .ok()
        .and_then(|e| e.parse().ok())
    {
        Some(epochs) => dyad_text::split::train_splitter_epochs(&gold, epochs),
        None => dyad_text::train_splitter(&gold),
    };
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/splitter.bin");
    std::fs::write(&out, model.to_bytes()).expect("write model");
    println!(
        "{} weights written to {}",
        model.weights.len(),
        out.display()
    );
    if let Some(dev) = ewt("dev") {
        let splitter = SentenceSplitter::from_model(&model);
        let text = rebuild_text(&dev);
        let mut toks = Vec::new();
        Tokenizer::new().tokenize_into(&text, &mut toks);
        let mut sents = Vec::new();
        splitter.split_into(&text, &toks, &mut sents);
        let s = dyad_text::eval::score_segmentation(&dev, &text, &toks, &sents);
        println!("EWT dev with the new model:\n{s}");
    }
}

/// Tokenizer + splitter speed on EWT train text repeated to ~50 MB (release builds only).
#[test]
#[ignore]
fn speed() {
    let Some(gold) = ewt("train") else { return };
    let base = rebuild_text(&gold);
    let mut text = String::new();
    while text.len() < 50_000_000 {
        text.push_str(&base);
        text.push_str("\n\n");
    }
    let tk = Tokenizer::new();
    let sp = SentenceSplitter::new();
    let (mut toks, mut sents) = (Vec::new(), Vec::new());
    // Best of several runs: the machine is shared, the best run is the least disturbed.
    let (mut best_tok, mut best_split) = (f64::MAX, f64::MAX);
    for _ in 0..7 {
        toks.clear();
        sents.clear();
        let t = std::time::Instant::now();
        tk.tokenize_into(&text, &mut toks);
        best_tok = best_tok.min(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        sp.split_into(&text, &toks, &mut sents);
        best_split = best_split.min(t.elapsed().as_secs_f64());
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{mb:.1} MB, {} tokens, {} sentences: tokenizer {:.1} MB/s, splitter {:.1} MB/s, \
         tokenizer+splitter {:.1} MB/s",
        toks.len(),
        sents.len(),
        mb / best_tok,
        mb / best_split,
        mb / (best_tok + best_split)
    );
}

/// Prints missed and spurious sentence boundaries on EWT dev (`show_sentence_errors`).
#[test]
#[ignore]
fn show_sentence_errors() {
    let Some(gold) = ewt("dev") else { return };
    let (text, spans) = dyad_text::eval::rebuild_text_with_spans(&gold);
    let mut doc = dyad_core::Document::new(dyad_core::Metadata::with_id("dev"), text.clone());
    dyad_text::segment(&mut doc);
    let gold_ends: std::collections::BTreeSet<usize> = spans.iter().map(|r| r.end).collect();
    let sys_ends: std::collections::BTreeSet<usize> =
        doc.sentences.iter().map(|s| s.span.end as usize).collect();
    let show = |at: usize| {
        let a = text.floor_char_boundary(at.saturating_sub(40));
        let b = text.floor_char_boundary((at + 40).min(text.len()));
        format!("{}‖{}", &text[a..at], &text[at..b]).replace('\n', "⏎")
    };
    for &e in gold_ends.difference(&sys_ends) {
        println!("MISSED   {}", show(e));
    }
    for &e in sys_ends.difference(&gold_ends) {
        println!("SPURIOUS {}", show(e));
    }
}
