//! End-to-end tests of the `dyad` binary: what a user types, what they get back.

use std::path::PathBuf;
use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .expect("the dyad binary runs")
}

/// A fresh directory under the system temp dir, named after the test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn stdout_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect()
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["annotate", "--help"],
        vec!["code", "--help"],
        vec!["demo", "--help"],
        vec!["eval", "tokenize", "--help"],
        vec!["bench", "segment", "--help"],
        vec!["train", "splitter", "--help"],
        vec!["kb", "check", "--help"],
        vec!["parse", "--help"],
        vec!["actors", "--help"],
        vec!["dict", "test", "--help"],
        vec!["ingest", "--help"],
        vec!["export", "--help"],
        vec!["stats", "--help"],
        vec!["eval", "ner", "--help"],
        vec!["eval", "wwq", "--help"],
        vec!["eval", "petrarch", "--help"],
        vec!["bench", "code", "--help"],
        vec!["eval", "parse", "--help"],
        vec!["train", "tagger", "--help"],
        vec!["train", "parser", "--help"],
    ] {
        let o = dyad(&args);
        assert!(o.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn annotate_prints_tokens_that_slice_the_text() {
    let dir = temp_dir("annotate");
    let f = dir.join("report.txt");
    std::fs::write(
        &f,
        "Title: Talks\nDate: 2014-03-14\n\nRussia's foreign minister met Mr. Kerry in London. They didn't agree.",
    )
    .unwrap();
    let o = dyad(&["annotate", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let docs = stdout_lines(&o);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d["title"], "Talks");
    assert_eq!(d["date"], "2014-03-14");
    let text = d["text"].as_str().unwrap();
    let tokens = d["tokens"].as_array().unwrap();
    let words: Vec<&str> = tokens.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(&words[..3], ["Russia", "'s", "foreign"]);
    assert!(words.contains(&"Mr.") && words.contains(&"n't"));
    for t in tokens {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], t["text"].as_str().unwrap());
    }
    assert_eq!(d["sentences"].as_array().unwrap().len(), 2);
    // The tagger and parser's layer: "met" is the verb of the first sentence, its root.
    let met = tokens.iter().position(|t| t["text"] == "met").unwrap();
    assert_eq!(tokens[met]["upos"], "VERB");
    assert_eq!(tokens[met]["lemma"], "meet");
    assert!(tokens[met]["head"].is_null());
    assert_eq!(tokens[met]["deprel"], "root");
}

#[test]
fn parse_writes_conllu() {
    let dir = temp_dir("parse");
    let f = dir.join("p.txt");
    std::fs::write(&f, "Protesters marched in Kyiv. Police fired tear gas.").unwrap();
    let o = dyad(&["parse", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let sentences = dyad_text::conllu::parse_str(&out, "stdout").expect("valid CoNLL-U");
    assert_eq!(sentences.len(), 2);
    let roots = sentences[0]
        .words
        .iter()
        .filter(|w| w.head == Some(0))
        .count();
    assert_eq!(roots, 1, "one root per sentence");
}

#[test]
fn bad_input_is_reported_and_the_batch_goes_on() {
    let dir = temp_dir("bad");
    std::fs::write(
        dir.join("a.jsonl"),
        "{\"id\":\"ok1\",\"text\":\"Iran rejected the offer.\"}\n{not json\n{\"id\":\"ok2\",\"text\":\"Troops left.\"}\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.txt"), b"caf\xc3 \xff binary").unwrap();
    std::fs::write(dir.join("c.txt"), "").unwrap();
    let o = dyad(&["annotate", dir.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "failure exit status when any input failed"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a.jsonl:2"), "names file and line: {err}");
    assert!(err.contains("b.txt"), "{err}");
    assert!(err.contains("c.txt"), "{err}");
    let ids: Vec<String> = stdout_lines(&o)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["ok1", "ok2"]);
}

#[test]
fn date_option_fills_documents_without_a_date() {
    let dir = temp_dir("date");
    let f = dir.join("n.txt");
    std::fs::write(&f, "Rebels attacked a convoy.").unwrap();
    let o = dyad(&["annotate", "--date", "2015-06-01", f.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(stdout_lines(&o)[0]["date"], "2015-06-01");
    let bad = dyad(&["annotate", "--date", "2015-02-30", f.to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2015-02-30"));
}

#[test]
fn demo_runs_on_the_bundled_samples() {
    let o = dyad(&["demo"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("documents from"), "{out}");
    assert!(out.contains(" events."), "{out}");
    let j = dyad(&["demo", "--jsonl"]);
    assert!(j.status.success());
    assert!(
        stdout_lines(&j).len() >= 10,
        "the sample corpus has at least 10 documents"
    );
}

#[test]
fn code_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Protesters marched in Kyiv on Sunday.")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 document coded"));
}

#[test]
fn code_dyadic_keeps_only_events_with_a_target() {
    let dir = temp_dir("dyadic");
    let f = dir.join("report.txt");
    std::fs::write(
        &f,
        "Russia said on Monday that the harvest would be the largest in a decade. \
         Protesters rallied in Kyiv on Sunday. \
         Japan urged North Korea to return to talks.",
    )
    .unwrap();
    let f = f.to_string_lossy().to_string();
    let all = stdout_lines(&dyad(&["code", &f]));
    let dyadic = stdout_lines(&dyad(&["code", "--dyadic", &f]));
    let bare = stdout_lines(&dyad(&["code", "--targetless", &f]));
    // The bare statement ("Russia said" about a harvest) is written only on request.
    let is_bare = |e: &serde_json::Value| e["cameo"] == "010" && e["target"].is_null();
    assert!(!all.iter().any(is_bare), "{all:?}");
    assert_eq!(bare.iter().filter(|e| is_bare(e)).count(), 1, "{bare:?}");
    assert_eq!(bare.len(), all.len() + 1);
    // The protest has no target: kept by default, left out with --dyadic.
    assert!(all.iter().any(|e| e["target"].is_null()), "{all:?}");
    assert!(!dyadic.is_empty());
    assert!(dyadic.iter().all(|e| !e["target"].is_null()), "{dyadic:?}");
    let with_target: Vec<_> = all.iter().filter(|e| !e["target"].is_null()).collect();
    assert_eq!(with_target.len(), dyadic.len());
}

#[test]
fn the_built_in_knowledge_base_checks_clean_and_codes_by_date() {
    let o = dyad(&["kb", "check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = dyad(&[
        "kb",
        "lookup",
        "--date",
        "2014-03-14",
        "Russian Foreign Minister Sergei Lavrov",
    ]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("RUSGOV"));
}

#[test]
fn a_broken_knowledge_base_is_reported_with_file_and_line() {
    let dir = temp_dir("kb");
    std::fs::write(
        dir.join("countries.toml"),
        "[[country]]\ncode = \"XX1\"\nname = \"Nowhere\"\n",
    )
    .unwrap();
    let o = dyad(&["kb", "check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("countries.toml:"));
}

/// The events `dyad code` writes for one text file with a date.
fn code_file(name: &str, text: &str, format: &str) -> Output {
    let dir = temp_dir(name);
    let f = dir.join("report.txt");
    std::fs::write(&f, text).unwrap();
    dyad(&[
        "code",
        "--format",
        format,
        "--date",
        "2014-03-14",
        f.to_str().unwrap(),
    ])
}

const REPORT: &str =
    "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov \
in London on Friday. Russia did not attack Ukraine.";

#[test]
fn code_writes_event_records_with_every_documented_field() {
    let o = code_file("code-jsonl", REPORT, "jsonl");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let events = stdout_lines(&o);
    let meet = events
        .iter()
        .find(|e| e["cameo"].as_str().is_some_and(|c| c.starts_with("04")))
        .expect("the meeting is coded");
    assert_eq!(meet["source"]["code"], "USAGOV");
    assert_eq!(meet["source"]["entity"], "John Kerry");
    assert_eq!(meet["target"]["code"], "RUSGOV");
    assert_eq!(meet["date"], "2014-03-14");
    for field in [
        "doc_id",
        "sentence",
        "event_id",
        "date_source",
        "cameo_root",
        "quad_class",
        "goldstein",
        "plover",
        "evidence",
        "rule",
        "negated",
        "modality",
        "confidence",
    ] {
        assert!(!meet[field].is_null(), "{field} missing in {meet}");
    }
    let attack = events
        .iter()
        .find(|e| e["cameo"].as_str().is_some_and(|c| c.starts_with("19")))
        .expect("the denied attack is reported");
    assert_eq!(attack["negated"], true);
}

#[test]
fn code_writes_csv_and_gdelt() {
    let o = code_file("code-csv", REPORT, "csv");
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert!(header.iter().any(|h| h == "cameo"));
    assert!(rows.records().count() >= 2);

    let o = code_file("code-gdelt", REPORT, "gdelt");
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert_eq!(l.split('\t').count(), 61, "{l}");
    }
    // The negated attack is not a GDELT event.
    assert!(lines
        .iter()
        .all(|l| !l.split('\t').nth(26).unwrap().starts_with("19")));
}

#[test]
fn every_dictionary_example_codes_as_expected_or_is_a_known_failure() {
    let o = dyad(&["dict", "test"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{}",
        out.lines().rev().take(40).collect::<Vec<_>>().join("\n")
    );
    assert!(out.contains(" passed, "));
}

#[test]
fn actors_lists_mentions_with_codes() {
    let dir = temp_dir("actors");
    let f = dir.join("report.txt");
    std::fs::write(&f, REPORT).unwrap();
    let o = dyad(&["actors", "--date", "2014-03-14", f.to_str().unwrap()]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("doc_id\tsentence"));
    assert!(text
        .lines()
        .any(|l| l.contains("RUSGOV") && l.contains("Sergei Lavrov")));
}
