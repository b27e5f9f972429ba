//! The CAMEO code table and dyad's verb dictionaries: the bundled data loads without a single
//! error (this is how a bad entry fails CI), and each validation rule reports file and line.

use std::collections::BTreeSet;

use dyad_kb::dictionary::{
    quad_class_of_root, CodeTable, Complement, ComplementKind, DictErrors, Pattern, TargetSlot,
    VerbDictionary,
};

fn bundled() -> VerbDictionary {
    match VerbDictionary::bundled() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

fn codes() -> CodeTable {
    match CodeTable::bundled() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

/// Compiles one inline dictionary file.
fn compile(file: &str, text: &str) -> Result<VerbDictionary, DictErrors> {
    VerbDictionary::from_sources(&[(file.to_string(), text.to_string())], codes())
}

/// One `[[pattern]]` table (starting on the line after `prefix_lines` lines of the file).
fn entry(code: &str, pattern: &str, example: &str, expect: &str) -> String {
    format!(
        "[[pattern]]\ncode = \"{code}\"\npattern = \"{pattern}\"\nexample = \"{example}\"\nexpect = \"{expect}\"\n"
    )
}

fn only_pattern(d: &VerbDictionary) -> &Pattern {
    assert_eq!(d.len(), 1);
    &d.patterns()[0]
}

#[test]
fn bundled_dictionaries_load_without_errors() {
    let dict = bundled();
    assert!(dict.len() >= 2_000, "{} patterns", dict.len());
    assert_eq!(dict.len(), 4_859);
    let used: BTreeSet<&str> = dict.patterns().iter().map(|p| p.code.as_str()).collect();
    assert!(used.len() >= 200, "{} codes", used.len());
    assert_eq!(used.len(), 298);
    let roots: BTreeSet<&str> = used.iter().map(|c| &c[..2]).collect();
    assert_eq!(roots.len(), 20);
    // Every code the dictionaries use is in the table (the loader checks; this says so).
    assert!(used.iter().all(|c| dict.codes().contains(c)));
}

#[test]
fn load_dir_reads_the_same_folder_as_bundled() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dictionaries/cameo");
    let from_disk = match VerbDictionary::load_dir(dir) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let table = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/dictionaries/cameo-codes.toml"
    );
    assert!(CodeTable::load(table).is_ok());
    assert_eq!(from_disk.patterns(), bundled().patterns());
}

#[test]
fn code_table_covers_every_code_with_quad_class_goldstein_and_plover() {
    let t = codes();
    // 20 roots and 298 codes below them.
    assert_eq!(t.len(), 318);
    assert_eq!(t.iter().filter(|c| c.code.len() == 2).count(), 20);
    for root in 1..=20u8 {
        let code = format!("{root:02}");
        let q = t.get(&code).map(|c| c.quad_class);
        assert_eq!(q, quad_class_of_root(root), "root {code}");
    }
    for c in t.iter() {
        assert_eq!(
            Some(c.quad_class),
            t.get(&c.root).map(|r| r.quad_class),
            "{}",
            c.code
        );
    }
    let g = |code: &str| t.get(code).map(|c| c.goldstein);
    assert_eq!(g("190"), Some(-10.0));
    assert_eq!(g("042"), Some(1.9));
    assert_eq!(g("010"), Some(0.0));
    assert_eq!(g("173"), Some(-5.0));
    assert_eq!(g("057"), Some(8.0));
    assert_eq!(g("0874"), Some(10.0));
    assert_eq!(g("163"), Some(-8.0));
    assert_eq!(g("130"), Some(-4.4));
    // The codebook's misprints: 183 (printed 1883) exists, 1883 does not; 1213/1214 exist.
    assert!(t.contains("183") && !t.contains("1883"));
    assert!(t.contains("1213") && t.contains("1214"));
    // Codes without a scale value carry their root's, and say so.
    let cyber = t.get("176");
    assert_eq!(cyber.and_then(|c| c.note.as_deref()), Some("root value"));
    assert_eq!(cyber.map(|c| c.goldstein), g("17"));
    // PLOVER conversion.
    let p = |code: &str| {
        t.get(code)
            .map(|c| (c.plover_type.as_deref(), c.plover_mode.as_deref()))
    };
    assert_eq!(p("042"), Some((Some("CONSULT"), Some("visit"))));
    assert_eq!(p("0871"), Some((Some("RETREAT"), Some("ceasefire"))));
    assert_eq!(p("163"), Some((Some("COERCE"), Some("restrict"))));
    assert_eq!(p("040"), Some((Some("CONSULT"), None)));
    assert_eq!(p("010"), Some((None, None)));
}

#[test]
fn index_is_most_specific_first() {
    let dict = bundled();
    for word in ["urge", "demand", "visit", "sign", "threaten"] {
        let ids = dict.by_event_word(word);
        assert!(!ids.is_empty(), "{word}");
        let spec: Vec<usize> = ids
            .iter()
            .map(|&id| dict.pattern(id).specificity())
            .collect();
        assert!(spec.windows(2).all(|w| w[0] >= w[1]), "{word}: {spec:?}");
        assert!(ids.iter().all(|&id| dict.pattern(id).event_word == word));
    }
    assert!(dict.by_event_word("nonexistent").is_empty());
    // `sign trade agreement with TARGET` (061) comes before `sign agreement with TARGET` (057).
    let texts: Vec<&str> = dict
        .by_event_word("sign")
        .iter()
        .map(|&id| dict.pattern(id).text.as_str())
        .collect();
    let pos = |t: &str| texts.iter().position(|&x| x == t);
    if let (Some(a), Some(b)) = (
        pos("sign trade agreement with TARGET"),
        pos("sign agreement with TARGET"),
    ) {
        assert!(a < b);
    }
}

#[test]
fn bundled_patterns_have_ids_lines_and_structure() {
    let dict = bundled();
    let p = &dict.patterns()[0];
    assert_eq!(p.id, "01-statement.toml#1");
    assert!(p.line > 0);
    let thats = dict
        .patterns()
        .iter()
        .filter(|p| p.target == TargetSlot::ThatClause)
        .count();
    assert!(thats >= 100, "{thats} `that TARGET` patterns");
    let infinitives = dict
        .patterns()
        .iter()
        .filter(|p| {
            p.complement
                .as_ref()
                .is_some_and(|c| c.kind == ComplementKind::Infinitive)
        })
        .count();
    assert!(infinitives >= 1_000, "{infinitives} infinitive complements");
}

/// pattern, example, particle, main-clause words, target slot, complement.
type GrammarCase = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Vec<&'static str>,
    TargetSlot,
    Option<Complement>,
);

#[test]
fn grammar_forms_compile_into_parts() {
    let ex = "Officials in Washington said on Monday that they would act together.";
    let cases: Vec<GrammarCase> = vec![
        ("visit TARGET", ex, None, vec![], TargetSlot::Object, None),
        (
            "meet with TARGET",
            ex,
            None,
            vec!["with"],
            TargetSlot::Prep("with".into()),
            None,
        ),
        (
            "call off strike",
            ex,
            Some("off"),
            vec!["strike"],
            TargetSlot::None,
            None,
        ),
        (
            "step down",
            ex,
            Some("down"),
            vec![],
            TargetSlot::None,
            None,
        ),
        (
            "bail out TARGET",
            ex,
            Some("out"),
            vec![],
            TargetSlot::Object,
            None,
        ),
        (
            "hand over suspect to TARGET",
            ex,
            Some("over"),
            vec!["suspect", "to"],
            TargetSlot::Prep("to".into()),
            None,
        ),
        (
            "urge TARGET to lift sanction",
            "Paris urged Tehran on Monday to lift sanctions on the shipping firms.",
            None,
            vec![],
            TargetSlot::Object,
            Some(Complement {
                kind: ComplementKind::Infinitive,
                verb: "lift".into(),
                particle: None,
                words: vec!["sanction".into()],
                target: TargetSlot::None,
            }),
        ),
        (
            "agree to lift sanction on TARGET",
            "Brussels agreed on Friday to lift sanctions on Belarus after the vote.",
            None,
            vec![],
            TargetSlot::None,
            Some(Complement {
                kind: ComplementKind::Infinitive,
                verb: "lift".into(),
                particle: None,
                words: vec!["sanction".into(), "on".into()],
                target: TargetSlot::Prep("on".into()),
            }),
        ),
        (
            "demand that TARGET release political prisoner",
            ex,
            None,
            vec![],
            TargetSlot::ThatClause,
            Some(Complement {
                kind: ComplementKind::That,
                verb: "release".into(),
                particle: None,
                words: vec!["political".into(), "prisoner".into()],
                target: TargetSlot::None,
            }),
        ),
        (
            "give in to demand",
            "The Thai government gave in to the demands of the farmers on Monday.",
            Some("in"),
            vec!["to", "demand"],
            TargetSlot::None,
            None,
        ),
    ];
    for (pattern, example, particle, words, target, complement) in cases {
        let text = entry("010", pattern, example, "USA --- 010").replace(
            "USA --- 010",
            if pattern.contains("TARGET") {
                "USA RUS 010"
            } else {
                "USA --- 010"
            },
        );
        let d = match compile("01-test.toml", &text) {
            Ok(d) => d,
            Err(e) => panic!("{pattern}: {e}"),
        };
        let p = only_pattern(&d);
        assert_eq!(
            p.event_word,
            pattern.split(' ').next().unwrap_or(""),
            "{pattern}"
        );
        assert_eq!(p.particle.as_deref(), particle, "{pattern}");
        assert_eq!(p.words, words, "{pattern}");
        assert_eq!(p.target, target, "{pattern}");
        assert_eq!(p.complement, complement, "{pattern}");
        assert_eq!(p.id, "01-test.toml#1");
        assert_eq!(p.line, 1);
    }
}

#[test]
fn noun_patterns_and_expect_are_compiled() {
    let text = "# comment\n\n[[pattern]]\ncode = \"046\"\npattern = \"talk with TARGET\"\nnoun = true\nexample = \"Armenia's talks with Azerbaijan on a peace treaty resumed on Monday.\"\nexpect = \"ARM AZE 046\"\n";
    let d = match compile("04-consult.toml", text) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let p = only_pattern(&d);
    assert!(p.noun);
    assert_eq!(p.line, 3);
    assert_eq!(p.expect.source, "ARM");
    assert_eq!(p.expect.target.as_deref(), Some("AZE"));
    assert_eq!(p.expect.code, "046");
    assert_eq!(d.by_event_word("talk").len(), 1);
}

const EX: &str = "Officials in Washington said on Monday that they would act together.";

#[test]
fn each_error_is_reported_with_file_and_line() {
    // (file, text, expected line, a fragment of the message)
    let pad = "# header comment\n\n";
    let e = |code: &str, pattern: &str, expect: &str| {
        format!("{pad}{}", entry(code, pattern, EX, expect))
    };
    let cases: Vec<(&str, String, usize, &str)> = vec![
        ("01-a.toml", e("099", "say", "USA --- 099"), 4, "not in the CAMEO code table"),
        ("01-a.toml", e("1883", "say", "USA --- 1883"), 4, "not in the CAMEO code table"),
        ("01-a.toml", e("10", "say", "USA --- 10"), 4, "does not belong to this file's root"),
        ("01-a.toml", e("010", "say", "USA --- 010").replace("\"010\"\npattern", "10\npattern"), 4, "must be a string"),
        ("01-a.toml", e("010", "Say", "USA --- 010"), 5, "first word must be a lowercase lemma"),
        ("01-a.toml", e("010", "TARGET say", "USA RUS 010"), 5, "first word must be a lowercase lemma"),
        ("01-a.toml", e("010", "say said", "USA --- 010").replace("say said", "say Said"), 5, "neither a lowercase lemma"),
        ("01-a.toml", e("010", "tell TARGET about TARGET", "USA RUS 010"), 5, "TARGET occurs 2 times"),
        ("01-a.toml", e("010", "say not", "USA --- 010"), 5, "`not`"),
        ("01-a.toml", e("010", "talk about", "USA --- 010"), 5, "bare preposition `about`"),
        ("01-a.toml", e("010", "agree to", "USA --- 010"), 5, "bare `to`"),
        ("01-a.toml", e("010", "demand that TARGET", "USA RUS 010"), 5, "must be followed by the clause's verb"),
        ("01-a.toml", e("010", "say", "USA 010"), 7, "3 parts"),
        ("01-a.toml", e("010", "say", "USA --- 011"), 7, "differs from the pattern's"),
        ("01-a.toml", e("010", "tell TARGET", "USA --- 010"), 7, "the pattern has TARGET"),
        ("01-a.toml", e("010", "say", "USA RUS 010"), 7, "has no TARGET"),
        ("01-a.toml", e("010", "say", "usa --- 010"), 7, "not an actor code"),
        ("01-a.toml", e("010", "say", "USA --- 010").replace("expect", "colour = \"red\"\nexpect"), 7, "unknown key `colour`"),
        ("01-a.toml", e("010", "say", "USA --- 010").replace("expect = \"USA --- 010\"\n", ""), 3, "missing `expect`"),
        ("01-a.toml", format!("{pad}[[pattern]]\ncode = \"010\"\npattern = \"say\"\nexample = \"Too short.\"\nexpect = \"USA --- 010\"\n"), 6, "8 to 25"),
        ("01-a.toml", format!("{pad}[[pattern]]\ncode = \"010\"\npattern = \"say\"\nnoun = \"yes\"\nexample = \"{EX}\"\nexpect = \"USA --- 010\"\n"), 6, "`noun` must be true or false"),
        ("01-a.toml", format!("{pad}title = \"x\"\n"), 3, "unknown key `title`"),
        ("01-a.toml", format!("{pad}[[pattern]\n"), 3, "not valid TOML"),
    ];
    for (file, text, line, fragment) in cases {
        let errors = match compile(file, &text) {
            Ok(_) => panic!("no error for {fragment}:\n{text}"),
            Err(e) => e,
        };
        assert!(
            errors
                .iter()
                .any(|e| e.file == file && e.line == line && e.message.contains(fragment)),
            "expected `{fragment}` at {file}:{line}, got {errors}"
        );
    }
}

#[test]
fn duplicates_across_files_are_reported_at_both_places() {
    let a = format!("# a\n{}", entry("042", "visit TARGET", EX, "USA RUS 042"));
    let b = format!(
        "# b\n\n\n{}",
        entry("043", "visit TARGET", EX, "USA RUS 043").replace("043", "040")
    );
    let files = vec![("04-a.toml".to_string(), a), ("04-b.toml".to_string(), b)];
    let errors = match VerbDictionary::from_sources(&files, codes()) {
        Ok(_) => panic!("duplicate not reported"),
        Err(e) => e,
    };
    assert_eq!(errors.len(), 2, "{errors}");
    assert!(errors
        .iter()
        .any(|e| e.file == "04-a.toml" && e.line == 2 && e.message.contains("04-b.toml:4")));
    assert!(errors
        .iter()
        .any(|e| e.file == "04-b.toml" && e.line == 4 && e.message.contains("04-a.toml:2")));
    // The same words as a noun are a different pattern.
    let c = format!(
        "{}noun = true\n",
        entry("042", "visit TARGET", EX, "USA RUS 042")
    );
    let files = vec![
        (
            "04-a.toml".to_string(),
            entry("042", "visit TARGET", EX, "USA RUS 042"),
        ),
        ("04-c.toml".to_string(), c),
    ];
    assert!(VerbDictionary::from_sources(&files, codes()).is_ok());
}

#[test]
fn all_errors_are_collected() {
    let text = format!(
        "{}\n{}",
        entry("099", "say", EX, "USA --- 099"),
        entry("010", "Say", EX, "USA --- 010")
    );
    let errors = match compile("01-a.toml", &text) {
        Ok(_) => panic!("no errors"),
        Err(e) => e,
    };
    assert_eq!(errors.len(), 2, "{errors}");
    assert_eq!(errors.0[0].line, 2);
    assert_eq!(errors.0[1].line, 9);
}

#[test]
fn code_table_errors_name_the_line() {
    let cases = [
        ("[[code]]\ncode = \"01\"\nname = \"x\"\nroot = \"01\"\nquad_class = 3\ngoldstein = 0.0\n", 1, "quad_class 3"),
        ("[[code]]\ncode = \"01\"\nname = \"x\"\nroot = \"01\"\nquad_class = 1\ngoldstein = 11.0\n", 6, "from -10 to 10"),
        ("[[code]]\ncode = \"015\"\nname = \"x\"\nroot = \"01\"\nquad_class = 1\ngoldstein = 0\n", 1, "parent"),
        ("[[code]]\ncode = \"01\"\nname = \"x\"\nroot = \"01\"\nquad_class = 1\ngoldstein = 0\nweight = 2\n", 7, "unknown key"),
    ];
    for (text, line, fragment) in cases {
        match CodeTable::parse("t.toml", text) {
            Ok(_) => panic!("no error for {fragment}"),
            Err(e) => assert!(
                e.iter()
                    .any(|e| e.line == line && e.message.contains(fragment)),
                "expected `{fragment}` at line {line}: {e}"
            ),
        }
    }
}

#[test]
fn a_coercive_act_may_name_the_target_its_words_name() {
    // "open fire on protester" has no TARGET slot, but the coder takes the protesters.
    let text = entry(
        "175",
        "open fire on protester",
        "Myanmar soldiers opened fire on protesters in Yangon on Sunday.",
        "MMR MMROPP 175",
    );
    let d = match compile("17-coerce.toml", &format!("# c\n{text}")) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(only_pattern(&d).expect.target.as_deref(), Some("MMROPP"));
    // Outside roots 17-20 a target without a slot is still an error.
    let text = entry("010", "say", EX, "USA RUS 010");
    assert!(compile("01-a.toml", &format!("# c\n{text}")).is_err());
}
