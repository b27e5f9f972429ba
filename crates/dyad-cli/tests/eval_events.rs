//! `dyad eval events` on the blind set: the report has every documented field and its scores
//! are percentages (the values themselves are measured, not asserted).

use std::path::PathBuf;
use std::process::Command;

fn blind_set() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/events-blind")
}

fn in_percent(v: &serde_json::Value, what: &str) -> f64 {
    let x = v
        .as_f64()
        .unwrap_or_else(|| panic!("{what} is not a number: {v}"));
    assert!(
        (0.0..=100.0).contains(&x),
        "{what} = {x} is not in [0, 100]"
    );
    x
}

#[test]
fn eval_events_scores_the_blind_set() {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["eval", "events", "--json", "--errors"])
        .arg(blind_set())
        .output()
        .expect("run dyad");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert!(v["documents"].as_u64().unwrap() >= 30);
    let gold = v["gold_events"].as_u64().unwrap();
    assert!(gold >= 100, "{gold} gold events");
    assert!(v["gold_negated"].as_u64().unwrap() > 0);
    assert!(v["gold_optional"].as_u64().is_some());
    assert!(v["records"].as_u64().is_some());
    for level in ["full_code", "root_code"] {
        for actors in ["exact_actors", "country_actors"] {
            let p = &v[level][actors];
            let what = format!("{level}.{actors}");
            for field in ["precision", "recall", "f1"] {
                in_percent(&p[field], &format!("{what}.{field}"));
            }
            let (tp, fneg) = (p["tp"].as_u64().unwrap(), p["fn"].as_u64().unwrap());
            assert_eq!(
                tp + fneg,
                gold,
                "{what}: every required gold event is hit or missed"
            );
            assert!(p["fp"].as_u64().is_some() && p["optional_matched"].as_u64().is_some());
        }
    }
    // Lenient matching can only find more.
    assert!(
        v["root_code"]["country_actors"]["tp"].as_u64()
            >= v["full_code"]["exact_actors"]["tp"].as_u64()
    );
    let g = &v["gdelt"];
    in_percent(&g["event_codes_right"], "gdelt.event_codes_right");
    in_percent(&g["actors_right"], "gdelt.actors_right");
    assert!(g["paired"].as_u64().unwrap() <= g["records"].as_u64().unwrap());
    // Every listed error is a miss or a spurious record with its text.
    for e in v["errors"].as_array().into_iter().flatten() {
        assert!(
            matches!(e["kind"].as_str(), Some("missed" | "spurious")),
            "{e}"
        );
        assert!(e["text"].is_string() && e["cameo"].is_string(), "{e}");
    }
}

#[test]
fn a_gold_sentence_missing_from_its_document_is_an_error() {
    let dir = std::env::temp_dir().join(format!("dyad-eval-events-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("d1.txt"),
        "Date: 2020-01-01\n\nJapan urged Korea to talk.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("gold.jsonl"),
        r#"{"doc":"d1","sentence_text":"Not in the text.","source":"JPN","target":"KOR","cameo":"026","negated":false}"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["eval", "events"])
        .arg(&dir)
        .output()
        .expect("run dyad");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("sentence not found"));
}
