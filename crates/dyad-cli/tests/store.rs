//! End-to-end tests of the event store commands: `dyad ingest`, `dyad export`, `dyad stats`.
//! The crash test kills a running `dyad ingest` with SIGKILL and checks that a rerun ends with
//! exactly the store a clean run makes.

use dyad_store::{Store, StoreOptions, Totals};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .expect("the dyad binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-store-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A JSON Lines corpus of `n` short reports from a handful of outlets.
fn corpus(path: &Path, n: usize) {
    let sentences = [
        "Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in London.",
        "Russian troops attacked Ukrainian positions near Donetsk on Friday.",
        "The United Nations urged Sudan's army and the Rapid Support Forces to agree a ceasefire.",
        "Colombia's government signed a peace agreement with the FARC rebels in Havana.",
        "Police in Hong Kong arrested protesters who opposed the extradition bill.",
        "Iran and the European Union resumed talks on the nuclear deal in Vienna.",
    ];
    let outlets = ["Reuters", "AP", "AFP", "BBC"];
    let mut out = String::new();
    for i in 0..n {
        let text = format!(
            "{} {}",
            sentences[i % sentences.len()],
            sentences[(i / 7) % sentences.len()]
        );
        let line = serde_json::json!({
            "id": format!("doc-{i}"),
            "date": format!("2014-03-{:02}", 1 + i % 28),
            "source": outlets[i % outlets.len()],
            "text": text,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("write corpus");
}

fn totals(db: &Path) -> Totals {
    Store::open_read_only(db)
        .and_then(|s| s.totals())
        .expect("the store opens")
}

#[test]
fn ingest_is_idempotent_and_counts_bad_input() {
    let dir = temp_dir("idempotent");
    let input = dir.join("news.jsonl");
    corpus(&input, 40);
    // One malformed line in a second file.
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\":\"ok-1\",\"text\":\"Russia attacked Ukraine.\"}\n{not json\n",
    )
    .unwrap();
    let db = dir.join("events.db");
    let (db_s, in_s, bad_s) = (
        db.to_str().unwrap(),
        input.to_str().unwrap(),
        bad.to_str().unwrap(),
    );
    let o = dyad(&["ingest", "--db", db_s, in_s, bad_s]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.jsonl:2:"), "{err}");
    assert!(err.contains("1 unreadable inputs"), "{err}");
    let first = totals(&db);
    assert_eq!(first.documents, 41);

    // Again: everything is skipped, nothing changes, success.
    let o = dyad(&["ingest", "--db", db_s, in_s]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("0 stored") && err.contains("40 already stored"),
        "{err}"
    );
    assert_eq!(totals(&db), first);

    // Exports: GDELT rows have 61 columns; JSONL rows carry the counts.
    let o = dyad(&["export", "--db", db_s, "--format", "gdelt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    for line in text.lines() {
        assert_eq!(line.split('\t').count(), 61, "{line}");
    }
    let o = dyad(&["export", "--db", db_s, "--format", "jsonl"]);
    let mut asserted = 0;
    let mut rows = 0;
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["num_mentions"].as_u64().unwrap() >= 1);
        assert!(v["num_sources"].as_u64().is_some() && v["num_articles"].as_u64().is_some());
        rows += 1;
        if v["negated"] == false {
            asserted += 1;
        }
    }
    assert_eq!(rows, first.events);
    // GDELT rows: every event but the negated ones.
    assert_eq!(text.lines().count(), asserted);
    for format in ["csv", "parquet"] {
        let out = dir.join(format!("events.{format}"));
        let o = dyad(&[
            "export",
            "--db",
            db_s,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(out.exists());
    }
    let o = dyad(&["stats", "--db", db_s, "--by", "week", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["total"]["events"].as_u64().is_some());

    // A foreign file is refused and left as it was.
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "not a database\n".repeat(100)).unwrap();
    let o = dyad(&["ingest", "--db", notes.to_str().unwrap(), in_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a dyad event store"));
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "not a database\n".repeat(100)
    );
}

#[test]
fn an_old_store_is_read_then_upgraded_and_a_newer_one_refused() {
    let dir = temp_dir("versions");
    let input = dir.join("news.jsonl");
    corpus(&input, 12);
    let in_s = input.to_str().unwrap();

    // A version-1 store (as the previous dyad wrote it) holding three documents.
    let old = dir.join("old.db");
    {
        let mut s = Store::create_at_version(&old, 1, StoreOptions::default()).unwrap();
        for i in 0..3 {
            let meta = dyad_core::Metadata::with_id(format!("old-{i}"));
            s.ingest(&dyad_core::Document::new(meta, "Kerry met Lavrov."))
                .unwrap();
        }
    }
    let old_s = old.to_str().unwrap();
    // Read-only commands read it as it is, without upgrading it.
    let o = dyad(&["stats", "--db", old_s, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = dyad(&["export", "--db", old_s, "--format", "jsonl"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = Store::open_read_only(&old).unwrap();
    assert_eq!(s.schema_version(), 1);
    assert_eq!(s.totals().unwrap().documents, 3);
    drop(s);
    // Ingest upgrades it and adds to it.
    let o = dyad(&["ingest", "--db", old_s, in_s]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = Store::open_read_only(&old).unwrap();
    assert_eq!(s.schema_version(), dyad_store::SCHEMA_VERSION);
    assert_eq!(s.totals().unwrap().documents, 15);
    assert!(s.check_counts().unwrap().is_empty());
    drop(s);

    // A store from a newer dyad: every command refuses it and leaves it as it was.
    let newer = dir.join("newer.db");
    {
        let s = Store::open(&newer, StoreOptions::default()).unwrap();
        s.connection()
            .execute_batch(&format!(
                "PRAGMA user_version = {}",
                dyad_store::SCHEMA_VERSION + 1
            ))
            .unwrap();
        s.checkpoint().unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    let newer_s = newer.to_str().unwrap();
    for args in [
        vec!["ingest", "--db", newer_s, in_s],
        vec!["export", "--db", newer_s],
        vec!["stats", "--db", newer_s],
    ] {
        let o = dyad(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("newer dyad"), "{args:?}: {err}");
        assert!(err.contains(newer_s), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&newer).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn kill_9_then_rerun_equals_a_clean_run() {
    let dir = temp_dir("kill9");
    let input = dir.join("news.jsonl");
    let n = 1200;
    corpus(&input, n);
    let in_s = input.to_str().unwrap();

    let clean = dir.join("clean.db");
    let o = dyad(&["ingest", "--db", clean.to_str().unwrap(), in_s]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let want = totals(&clean);
    assert_eq!(want.documents, n as u64);

    // Kill the ingest three times at growing progress, then let it finish.
    let db = dir.join("killed.db");
    let db_s = db.to_str().unwrap();
    let mut kills = 0;
    for threshold in [1u64, n as u64 / 3, 2 * n as u64 / 3] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
            .args(["ingest", "--db", db_s, in_s])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dyad starts");
        let start = Instant::now();
        loop {
            if let Some(_status) = child.try_wait().unwrap() {
                break; // finished before we could kill it: fine, the rerun checks the same
            }
            let stored = Store::open_read_only(&db)
                .and_then(|s| s.totals())
                .map(|t| t.documents)
                .unwrap_or(0);
            if stored >= threshold {
                child.kill().expect("SIGKILL");
                child.wait().unwrap();
                kills += 1;
                eprintln!("killed `dyad ingest` with {stored} of {n} documents stored");
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(300), "ingest stalled");
            std::thread::sleep(Duration::from_millis(5));
        }
        // After a kill the store is consistent: every count matches its mentions.
        let store = Store::open_read_only(&db).unwrap();
        assert!(store.check_counts().unwrap().is_empty());
    }
    assert!(kills >= 1, "the ingest was never killed mid-run");
    let o = dyad(&["ingest", "--db", db_s, in_s]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(totals(&db), want);
    let store = Store::open_read_only(&db).unwrap();
    assert!(store.check_counts().unwrap().is_empty());
    // Same events with the same counts (event numbers may differ).
    let key = |s: &Store| {
        let mut v: Vec<String> = s
            .events(&Default::default())
            .unwrap()
            .into_iter()
            .map(|e| {
                format!(
                    "{:?} {:?} {}",
                    dyad_store::EventKey::of(&e.event),
                    e.counts,
                    e.event.evidence.text
                )
            })
            .collect();
        v.sort();
        v
    };
    let clean_store = Store::open_read_only(&clean).unwrap();
    let (a, b) = (key(&store), key(&clean_store));
    assert_eq!(a.len(), b.len());
    // The first mention of an event may come from another document after a kill only if the
    // input order changed; it does not, so the records agree too.
    assert_eq!(a, b);
}

#[test]
fn ingest_writes_the_records_dyad_code_writes_with_the_same_flags() {
    let dir = temp_dir("records");
    let input = dir.join("news.jsonl");
    // A bare statement, an appeal with the act it asks for, an attack, a protest.
    let texts = [
        "Russia said on Monday that the talks had been useful.",
        "Japan urged North Korea to halt its missile tests.",
        "Russian troops attacked Ukrainian positions near Donetsk on Friday.",
        "Thousands of people protested in Minsk on Sunday.",
    ];
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({"id": format!("d{i}"), "date": "2023-06-01", "text": t}).to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let in_s = input.to_str().unwrap();
    let ingest = |name: &str, flags: &[&str]| {
        let db = dir.join(name);
        let mut args = vec!["ingest", "--db", db.to_str().unwrap()];
        args.extend_from_slice(flags);
        args.push(in_s);
        let o = dyad(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        db
    };
    let exported = |db: &Path| -> Vec<serde_json::Value> {
        let o = dyad(&["export", "--db", db.to_str().unwrap(), "--format", "jsonl"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let coded = |flags: &[&str]| -> usize {
        let mut args = vec!["code"];
        args.extend_from_slice(flags);
        args.push(in_s);
        let o = dyad(&args);
        String::from_utf8_lossy(&o.stdout).lines().count()
    };
    let default = exported(&ingest("default.db", &[]));
    let wide = exported(&ingest("wide.db", &["--targetless", "--hypothetical"]));
    let dyadic = exported(&ingest("dyadic.db", &["--dyadic"]));
    assert!(coded(&["--targetless", "--hypothetical"]) > coded(&[]));
    assert!(
        wide.len() > default.len(),
        "{} vs {}",
        wide.len(),
        default.len()
    );
    assert!(!dyadic.is_empty() && dyadic.len() <= default.len());
    assert!(
        dyadic.iter().all(|e| e["target"]["code"].is_string()),
        "{dyadic:?}"
    );
}
