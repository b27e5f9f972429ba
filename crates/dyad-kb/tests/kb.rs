//! Knowledge-base loader, validation and matcher tests: the bundled `data/kb` must load with
//! no error (this is how a bad entry fails CI), every rule reports file and line, and the
//! matcher codes real examples.

use chrono::NaiveDate;
use dyad_kb::kb::{ActorMatcher, KbError, KnowledgeBase, MatchKind, Source};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn bundled() -> KnowledgeBase {
    KnowledgeBase::bundled().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn bundled_kb_is_valid_and_complete() {
    let kb = bundled();
    // The README counts (data/kb/README.md, data/kb/people/README.md).
    assert_eq!(kb.countries.len(), 276);
    assert_eq!(kb.regions.len(), 25);
    assert_eq!(kb.metonyms.len(), 29);
    assert_eq!(kb.orgs.len(), 784);
    assert_eq!(kb.agents.len(), 689);
    assert_eq!(kb.people.len(), 1938);
    assert_eq!(
        kb.people.iter().map(|p| p.offices.len()).sum::<usize>(),
        3006
    );
    // About 1 MB of TOML goes into the binary; guard against accidental growth.
    let size: usize = KnowledgeBase::bundled_files().map(|(_, n)| n).sum();
    assert!(size < 4_000_000, "bundled knowledge base is {size} bytes");
}

#[test]
fn load_dir_matches_bundled_copy() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/kb");
    let from_dir = KnowledgeBase::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_dir, bundled());
    // Every people file in the directory is compiled in (a new file must be added to BUNDLED).
    let mut on_disk: Vec<String> = std::fs::read_dir(dir.join("people"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("people/{n}"))
        .collect();
    on_disk.sort();
    let bundled: Vec<&str> = KnowledgeBase::bundled_files()
        .map(|(f, _)| f)
        .filter(|f| f.starts_with("people/"))
        .collect();
    assert_eq!(on_disk, bundled);
}

#[test]
fn load_dir_reports_missing_files() {
    let err = KnowledgeBase::load_dir("/nonexistent/dyad-kb").unwrap_err();
    assert!(err
        .iter()
        .any(|e| e.file == "countries.toml" && e.line == 0));
}

// ---------------------------------------------------------------------------------------------
// Validation: small knowledge bases with one problem each.

const COUNTRIES: &str = r#"
[[country]]
code = "RUS"
iso3 = "RUS"
name = "Russia"
adjectives = ["Russian"]
capitals = ["Moscow"]
status = "member"
source = "test"

[[country]]
code = "USA"
iso3 = "USA"
name = "United States"
names = ["US", "U.S."]
adjectives = ["American"]
status = "member"
source = "test"

[[region]]
code = "WST"
name = "the West"
adjectives = ["Western"]
source = "test"
"#;

const ORGS: &str = r#"
[[org]]
code = "IGOUNO"
name = "United Nations"
kind = "igo"
country = ""
source = "test"
"#;

const AGENTS: &str = r#"
[[agent]]
phrase = "troop"
code = "MIL"
source = "test"
"#;

const PEOPLE: &str = r#"
[[person]]
name = "Sergei Lavrov"
aliases = []
country = "RUS"
source = "test"
offices = [
  { title = "foreign minister", code = "RUSGOV", from = "2004-03-09", to = "" },
]
"#;

/// Loads the base files with `file` replaced by `text`; returns the errors.
fn errors_with(file: &str, text: &str) -> Vec<KbError> {
    let mut files = vec![
        ("countries.toml", COUNTRIES),
        ("metonyms.toml", ""),
        ("organisations.toml", ORGS),
        ("agents.toml", AGENTS),
        ("people/a.toml", PEOPLE),
    ];
    match files.iter_mut().find(|(f, _)| *f == file) {
        Some(slot) => slot.1 = text,
        None => files.push((file, text)),
    }
    let sources: Vec<Source> = files
        .iter()
        .map(|&(file, text)| Source { file, text })
        .collect();
    match KnowledgeBase::from_sources(&sources) {
        Ok(_) => Vec::new(),
        Err(e) => e.0,
    }
}

/// Asserts exactly one error, at `file:line`, whose message contains `needle`.
fn assert_one(errors: &[KbError], file: &str, line: usize, needle: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!((e.file.as_str(), e.line), (file, line), "{e}");
    assert!(e.message.contains(needle), "{e}");
    assert!(
        e.to_string().starts_with(&format!("{file}:{line}: ")),
        "{e}"
    );
}

#[test]
fn base_is_valid() {
    assert!(errors_with("metonyms.toml", "").is_empty());
}

#[test]
fn malformed_code() {
    let text = COUNTRIES.replace("code = \"USA\"", "code = \"US\"");
    let errors = errors_with("countries.toml", &text);
    assert_one(&errors, "countries.toml", 12, "malformed code `US`");
}

#[test]
fn org_code_with_unknown_country() {
    let text = format!(
        "{ORGS}\n[[org]]\ncode = \"XYZREBABC\"\nname = \"Some Group\"\nkind = \"armed_group\"\ncountry = \"XYZ\"\nsource = \"test\"\n"
    );
    let errors = errors_with("organisations.toml", &text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors.iter().all(|e| e.line == 9));
    assert!(errors[0]
        .message
        .contains("does not start with a known country"));
    assert!(errors[1].message.contains("unknown country `XYZ`"));
}

#[test]
fn agent_code_with_unknown_role() {
    let text =
        format!("{AGENTS}\n[[agent]]\nphrase = \"wizard\"\ncode = \"WIZ\"\nsource = \"test\"\n");
    let errors = errors_with("agents.toml", &text);
    assert_one(&errors, "agents.toml", 7, "`WIZ` not a role");
}

#[test]
fn office_code_with_unknown_role() {
    let text = PEOPLE.replace("code = \"RUSGOV\"", "code = \"RUSXXX\"");
    let errors = errors_with("people/a.toml", &text);
    assert_one(&errors, "people/a.toml", 8, "`XXX` not a CAMEO role code");
}

#[test]
fn malformed_date() {
    let text = PEOPLE.replace("2004-03-09", "2004-3-9");
    let errors = errors_with("people/a.toml", &text);
    assert_one(&errors, "people/a.toml", 8, "malformed date `2004-3-9`");
}

#[test]
fn from_after_to() {
    let text = PEOPLE.replace("to = \"\"", "to = \"2003-12\"");
    let errors = errors_with("people/a.toml", &text);
    assert_one(
        &errors,
        "people/a.toml",
        8,
        "`from` 2004-03-09 is after `to` 2003-12",
    );
}

#[test]
fn overlapping_offices() {
    let text = PEOPLE.replace(
        "to = \"\" },",
        "to = \"\" },\n  { title = \"foreign minister\", code = \"RUSGOV\", from = \"2010\", to = \"2012\" },",
    );
    let errors = errors_with("people/a.toml", &text);
    assert_one(
        &errors,
        "people/a.toml",
        9,
        "overlaps the same office at line 8",
    );
    // A different title may overlap (concurrent offices).
    let ok = text.replacen(
        "title = \"foreign minister\", code = \"RUSGOV\", from = \"2010\"",
        "title = \"deputy prime minister\", code = \"RUSGOV\", from = \"2010\"",
        1,
    );
    assert!(errors_with("people/a.toml", &ok).is_empty());
}

#[test]
fn alias_of_two_countries() {
    let text = COUNTRIES.replace(
        "adjectives = [\"American\"]",
        "adjectives = [\"American\", \"Russian\"]",
    );
    let errors = errors_with("countries.toml", &text);
    assert_one(&errors, "countries.toml", 11, "\"Russian\" of country United States (USA) is already used by country Russia (RUS) at countries.toml:2");
}

#[test]
fn same_name_disjoint_dates_is_fine() {
    let text = format!(
        "{COUNTRIES}\n[[country]]\ncode = \"USR\"\niso3 = \"SUN\"\nname = \"Soviet Union\"\ncapitals = [\"Moscow\"]\nstatus = \"former\"\nfrom = \"1922-12-30\"\nto = \"1991-12-26\"\nsource = \"test\"\n"
    );
    // Russia is undated here, so "Moscow" overlaps...
    let errors = errors_with("countries.toml", &text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    // ... and stops overlapping once Russia starts on the day of the change.
    let text = text.replace(
        "capitals = [\"Moscow\"]\nstatus = \"member\"",
        "capitals = [\"Moscow\"]\nstatus = \"member\"\nfrom = \"1991-12-26\"",
    );
    assert!(errors_with("countries.toml", &text).is_empty());
}

#[test]
fn same_person_twice_across_files() {
    let errors = errors_with("people/b.toml", PEOPLE);
    assert_one(
        &errors,
        "people/b.toml",
        2,
        "\"Sergei Lavrov\" of person Sergei Lavrov",
    );
    assert!(errors[0].message.contains("people/a.toml:2"));
}

#[test]
fn person_with_unknown_country() {
    let text = PEOPLE.replace("country = \"RUS\"", "country = \"ZZZ\"");
    let errors = errors_with("people/a.toml", &text);
    assert_one(&errors, "people/a.toml", 2, "unknown country `ZZZ`");
}

#[test]
fn missing_source() {
    let text = AGENTS.replace("source = \"test\"\n", "");
    let errors = errors_with("agents.toml", &text);
    assert_one(&errors, "agents.toml", 2, "missing `source`");
}

#[test]
fn org_roles_out_of_order_and_last_code() {
    let text = format!(
        "{ORGS}\n[[org]]\ncode = \"RUSGOVPTYUR\"\nname = \"United Russia\"\nkind = \"party\"\ncountry = \"RUS\"\nroles = [\n  {{ code = \"RUSGOVPTYURR\", from = \"2001\", to = \"2010\" }},\n  {{ code = \"RUSOPPPTYURR\", from = \"2005\", to = \"\" }},\n]\nsource = \"test\"\n"
    );
    let errors = errors_with("organisations.toml", &text);
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.line == 10 && e.message.contains("malformed code `RUSGOVPTYUR`")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.line == 16 && e.message.contains("overlaps the previous role")),
        "{lines:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("differs from the last role's code")),
        "{errors:#?}"
    );
}

#[test]
fn toml_syntax_error_and_unknown_field() {
    let errors = errors_with("agents.toml", "[[agent]]\nphrase = \"troop\"\ncode = MIL\n");
    assert_one(&errors, "agents.toml", 3, "TOML error");
    let errors = errors_with(
        "agents.toml",
        "[[agent]]\nphrase = \"troop\"\ncode = \"MIL\"\nsource = \"x\"\nsorce = \"y\"\n",
    );
    assert_one(&errors, "agents.toml", 5, "sorce");
}

#[test]
fn all_errors_are_collected_and_displayed() {
    let text = PEOPLE
        .replace("country = \"RUS\"", "country = \"ZZZ\"")
        .replace("source = \"test\"\n", "")
        .replace("2004-03-09", "2004-13-01");
    let err = KnowledgeBase::from_sources(&[Source {
        file: "people/a.toml",
        text: &text,
    }])
    .unwrap_err();
    // No countries.toml here, so the office code's country is unknown as well.
    assert_eq!(err.len(), 4, "{err}");
    let shown = err.to_string();
    assert!(shown.starts_with("4 knowledge-base error(s):"), "{shown}");
    assert!(
        shown.contains("people/a.toml:7: person Sergei Lavrov: code `RUSGOV` does not start"),
        "{shown}"
    );
    assert!(
        shown.contains("people/a.toml:2: missing `source`"),
        "{shown}"
    );
    assert!(
        shown.contains("people/a.toml:2: person Sergei Lavrov: unknown country `ZZZ`"),
        "{shown}"
    );
    assert!(
        shown.contains("people/a.toml:7: malformed date `2004-13-01`"),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// The matcher on the real knowledge base.

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

#[test]
fn lavrov_2014() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let toks = words("Russian Foreign Minister Sergei Lavrov said on Friday");
    let actors = m.find_actors(&toks, Some(day(2014, 3, 14)));
    assert_eq!(actors[0].code, "RUSGOV");
    assert_eq!(actors[0].tokens, 0..5);
    assert_eq!(actors[0].kind, MatchKind::Person);
    assert_eq!(actors[0].entity.as_deref(), Some("Sergei Lavrov"));
    let p = m
        .resolve_person(&["Sergei", "Lavrov"], day(2014, 3, 14))
        .unwrap();
    assert_eq!(p.code, "RUSGOV");
    assert_eq!(p.office.map(|o| o.title.as_str()), Some("foreign minister"));
}

#[test]
fn bush_needs_a_first_name() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    assert!(m.resolve_person(&["Bush"], day(2008, 1, 1)).is_none());
    let found = m.find(&words("President Bush met"), Some(day(2008, 1, 1)));
    assert!(
        found.iter().all(|x| x.kind != MatchKind::Person),
        "{found:?}"
    );
    let gwb = ["George", "W.", "Bush"];
    assert_eq!(
        m.resolve_person(&gwb, day(2008, 6, 1)).unwrap().code,
        "USAGOV"
    );
    let out = m.resolve_person(&gwb, day(2012, 6, 1)).unwrap();
    assert_eq!(out.code, "USA");
    assert!(out.office.is_none());
    // The same through the tokens of a sentence, and without the initial's period.
    let found = m.find(&words("George W Bush spoke"), Some(day(2012, 6, 1)));
    assert_eq!(found[0].code, "USA");
    assert_eq!(found[0].tokens, 0..3);
    // Surname look-ups give both presidents Bush, for coreference.
    let names: Vec<&str> = m
        .person_by_surname("Bush")
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        names.contains(&"George W. Bush") && names.contains(&"George H. W. Bush"),
        "{names:?}"
    );
}

#[test]
fn capitals_and_metonyms() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let found = m.find(&words("Moscow rejected the claim"), Some(day(2014, 3, 14)));
    assert_eq!(
        (found[0].kind, found[0].code.as_str()),
        (MatchKind::Metonym, "RUSGOV")
    );
    // Before the Soviet Union dissolved, Moscow is the Soviet government.
    let found = m.find(&words("Moscow rejected the claim"), Some(day(1985, 1, 1)));
    assert_eq!(found[0].code, "USRGOV");
    // On the day of the change the new state wins; outside every entry's dates the
    // nearest entry is still used.
    let found = m.find(&words("Moscow rejected the claim"), Some(day(1991, 12, 26)));
    assert_eq!(found[0].code, "RUSGOV");
    let found = m.find(&words("Russian troops"), Some(day(1985, 1, 1)));
    assert_eq!(found[0].code, "RUS");
    let pentagon = kb
        .metonyms
        .iter()
        .find(|x| x.phrase == "the Pentagon")
        .unwrap();
    let found = m.find(&words("the Pentagon said"), None);
    assert_eq!(found[0].code, pentagon.code);
    assert_eq!(found[0].tokens, 0..2);
    let found = m.find(&words("Pentagon officials said"), None);
    assert_eq!(
        (found[0].code.as_str(), found[0].tokens.clone()),
        (pentagon.code.as_str(), 0..1)
    );
}

#[test]
fn organisations() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let found = m.find(&words("the United Nations called for calm"), None);
    assert_eq!(
        (found[0].kind, found[0].code.as_str()),
        (MatchKind::Org, "IGOUNO")
    );
    assert_eq!(found[0].tokens, 0..3);
    let found = m.find(&words("Hamas fired rockets"), Some(day(2014, 7, 8)));
    assert_eq!(found[0].code, "PSEREBHMS");
    // Dated roles: Hamas governed from the 2006 election to the 2007 split.
    let found = m.find(&words("Hamas fired rockets"), Some(day(2006, 9, 1)));
    assert_eq!(found[0].code, "PSEGOVHMS");
    // Acronyms need capitals; dotted and undotted forms are the same.
    assert_eq!(m.find(&words("the U.N. said"), None)[0].code, "IGOUNO");
    assert!(m.find(&words("un said"), None).is_empty());
}

#[test]
fn a_deputy_before_a_title_is_part_of_it() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let d = Some(day(2014, 3, 14));
    let codes = |s: &str| -> Vec<(String, std::ops::Range<usize>)> {
        m.find_actors(&words(s), d)
            .into_iter()
            .map(|a| (a.code, a.tokens))
            .collect()
    };
    // One interior-ministry official, not a member of parliament beside a minister.
    assert_eq!(
        codes("Deputy Interior Minister Selim Oz spoke"),
        [("GOV".to_string(), 0..3)]
    );
    assert_eq!(
        codes("the Russian Deputy Foreign Minister"),
        [("RUSGOV".to_string(), 1..5)]
    );
    // Alone, or before a word that is no role, a deputy is a legislator.
    assert_eq!(
        codes("a French deputy said"),
        [("FRALEG".to_string(), 1..3)]
    );
    assert_eq!(codes("Deputy Ali Kaya said"), [("LEG".to_string(), 0..1)]);
}

#[test]
fn agents_with_and_without_country() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let d = Some(day(2014, 3, 14));
    let a = m.find_actors(&words("Russian troops seized the airport"), d);
    assert_eq!((a[0].code.as_str(), a[0].tokens.clone()), ("RUSMIL", 0..2));
    let a = m.find_actors(&words("Russian forces"), d);
    assert_eq!(a[0].code, "RUSMIL");
    let a = m.find_actors(&words("the British Prime Minister"), d);
    assert_eq!(a[0].code, "GBRGOV");
    let a = m.find_actors(&words("Russia 's army"), d);
    assert_eq!((a[0].code.as_str(), a[0].tokens.clone()), ("RUSMIL", 0..3));
    let a = m.find_actors(&words("U.S. troops"), d);
    assert_eq!(a[0].code, "USAMIL");
    let a = m.find_actors(&words("Western diplomats"), d);
    assert_eq!(a[0].code, "WSTGOV");
    let a = m.find_actors(&words("police fired tear gas"), d);
    assert_eq!(
        (a[0].kind, a[0].code.as_str(), a[0].entity.clone()),
        (MatchKind::Agent, "COP", None)
    );
    assert_eq!(m.agent(&["police"]).map(|a| a.code.as_str()), Some("COP"));
    // Longer phrases win: "security forces" is COP, not MIL.
    let a = m.find_actors(&words("Syrian security forces"), d);
    assert_eq!(a[0].code, "SYRCOP");
}

#[test]
fn partial_end_dates_run_to_the_end_of_the_period() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    // Lavrov's UN post ends "2004-03": still held on 2004-03-05, a day before his next office.
    let p = m
        .resolve_person(&["Sergei", "Lavrov"], day(2004, 3, 5))
        .unwrap();
    assert_eq!(
        p.office.map(|o| o.title.as_str()),
        Some("ambassador to the United Nations")
    );
}

/// Every string of the knowledge base, as text, resolves to its own entry: no entry is
/// shadowed by another kind's string (a cross-file check the per-file uniqueness rule misses).
/// The one exception is a deliberate `ambiguous_with` metonym ("Brussels").
#[test]
fn every_string_resolves_to_its_own_entry() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let ambiguous: Vec<&str> = kb
        .metonyms
        .iter()
        .filter(|x| !x.ambiguous_with.is_empty())
        .map(|x| x.phrase.as_str())
        .collect();
    let mut bad = Vec::new();
    let mut check = |s: &str, entity: &str| {
        if ambiguous.contains(&s) {
            return;
        }
        // Commas are tokens of their own, as the tokenizer makes them.
        let spaced = s.replace(',', " ,");
        let toks: Vec<&str> = spaced.split_whitespace().collect();
        let f = m.find(&toks, None);
        let ok = f.len() == 1
            && f[0].tokens == (0..toks.len())
            && f[0].entity.as_deref().is_none_or(|e| e == entity);
        if !ok {
            bad.push(format!("{s:?} ({entity}) -> {f:?}"));
        }
    };
    for c in kb.countries.iter().filter(|c| c.valid.is_current()) {
        let strings = std::iter::once(&c.name)
            .chain(&c.names)
            .chain(&c.adjectives)
            .chain(&c.demonyms)
            .chain(&c.capitals)
            .chain(&c.metonyms);
        for s in strings {
            check(s, &c.name);
        }
    }
    for o in &kb.orgs {
        for s in std::iter::once(&o.name).chain(&o.aliases) {
            check(s, &o.name);
        }
    }
    for p in &kb.people {
        for s in std::iter::once(&p.name).chain(&p.aliases) {
            check(s, &p.name);
        }
    }
    for a in &kb.agents {
        check(&a.phrase, "");
    }
    assert!(
        bad.is_empty(),
        "{} shadowed strings:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn metonym_that_is_also_a_seat() {
    let countries = COUNTRIES.replace(
        "capitals = [\"Moscow\"]",
        "capitals = [\"Moscow\"]\nmetonyms = [\"the Kremlin\"]",
    );
    let metonyms =
        "[[metonym]]\nphrase = \"the Kremlin\"\ncode = \"RUSGOVMIL\"\nsource = \"test\"\n";
    let sources = [
        Source {
            file: "countries.toml",
            text: &countries,
        },
        Source {
            file: "metonyms.toml",
            text: metonyms,
        },
    ];
    let err = KnowledgeBase::from_sources(&sources).unwrap_err();
    assert_one(
        &err.0,
        "metonyms.toml",
        1,
        "also a capital or seat of Russia (RUSGOV) at countries.toml:2",
    );
}

#[test]
fn org_code_with_unknown_middle_part() {
    let text = format!(
        "{ORGS}\n[[org]]\ncode = \"RUSXYZREBABC\"\nname = \"Some Group\"\nkind = \"armed_group\"\ncountry = \"RUS\"\nsource = \"test\"\n"
    );
    let errors = errors_with("organisations.toml", &text);
    assert_one(&errors, "organisations.toml", 9, "`XYZ` is neither a role");
    // A parent organisation's code may stand in the middle (IGOUNO in IGOUNOREFHCR).
    let text = format!(
        "{ORGS}\n[[org]]\ncode = \"IGOUNOREFHCR\"\nname = \"UNHCR\"\nkind = \"igo\"\nsource = \"test\"\n"
    );
    assert!(errors_with("organisations.toml", &text).is_empty());
}

/// Matching speed on real English sentences (UD English EWT train, read from ../shared when
/// present). Run with `cargo test -p dyad-kb --release --test kb -- --ignored --nocapture`.
#[test]
#[ignore]
fn matcher_throughput() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud/en_ewt/en_ewt-ud-train.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let mut sentences: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        if line.is_empty() {
            sentences.push(Vec::new());
        } else if !line.starts_with('#') {
            let mut cols = line.split('\t');
            let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
                continue;
            };
            if id.bytes().all(|b| b.is_ascii_digit()) {
                if let Some(s) = sentences.last_mut() {
                    s.push(form);
                }
            }
        }
    }
    sentences.retain(|s| !s.is_empty());
    let t0 = std::time::Instant::now();
    let kb = bundled();
    let t1 = std::time::Instant::now();
    let m = ActorMatcher::new(&kb);
    let t2 = std::time::Instant::now();
    let date = Some(day(2010, 6, 1));
    let mut found = 0;
    let rounds = 5;
    for _ in 0..rounds {
        for s in &sentences {
            found += m.find_actors(s, date).len();
        }
    }
    let t3 = std::time::Instant::now();
    let n = sentences.len() * rounds;
    eprintln!(
        "load+validate {:.0} ms, compile {:.0} ms ({} patterns); {} sentences in {:.0} ms = {:.0} sentences/s; {} actors",
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        m.len(),
        n,
        (t3 - t2).as_secs_f64() * 1e3,
        n as f64 / (t3 - t2).as_secs_f64(),
        found / rounds
    );
}

#[test]
fn offices_ending_at_the_knowledge_horizon_stay_open() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    // Starmer's premiership ends "2025-09" with "end date uncertain": the authors' horizon,
    // not a known end. Later dates keep the office; before it began he is an MP/opposition.
    let starmer = ["Keir", "Starmer"];
    assert_eq!(
        m.resolve_person(&starmer, day(2025, 9, 30)).unwrap().code,
        "GBRGOV"
    );
    let later = m.resolve_person(&starmer, day(2026, 3, 1)).unwrap();
    assert_eq!(later.code, "GBRGOV");
    assert!(later.office.is_some_and(|o| o.end_uncertain));
    assert_ne!(
        m.resolve_person(&starmer, day(2023, 1, 1)).unwrap().code,
        "GBRGOV"
    );
}

#[test]
fn acronyms_hyphens_and_articles() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    // "US" needs capitals.
    assert!(m.find(&words("he told us so"), None).is_empty());
    assert_eq!(m.find(&words("the US said"), None)[0].code, "USA");
    // The tokenizer splits hyphens; either way the longer name wins.
    for text in ["Guinea-Bissau said", "Guinea - Bissau said"] {
        let f = m.find(&words(text), None);
        assert_eq!(f[0].entity.as_deref(), Some("Guinea-Bissau"), "{text}");
    }
    // A possessive is not part of the match, whether split off or not.
    let f = m.find(&words("Russia 's army"), None);
    assert_eq!(f[0].tokens, 0..1);
    let f = m.find(&words("Russia's army"), None);
    assert_eq!((f[0].code.as_str(), f[0].tokens.clone()), ("RUS", 0..1));
    // Lower-case text does not match capitalised names: "union" is the agent, not the EU.
    let f = m.find_actors(&words("the union called a strike"), None);
    assert_eq!(f[0].code, "LAB");
}

#[test]
fn combining_forms_and_owned_tokens() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let toks: Vec<String> = ["Sino", "-", "Japanese", "talks"]
        .map(String::from)
        .to_vec();
    let codes: Vec<String> = m.find(&toks, None).into_iter().map(|x| x.code).collect();
    assert_eq!(codes, ["CHN", "JPN"]);
}

#[test]
fn odd_input_never_panics() {
    let kb = bundled();
    let m = ActorMatcher::new(&kb);
    let toks = [
        "", "-", "'s", "Ü.S.", "...", "the", "The", "’s", "U.", "\u{200b}", "the",
    ];
    for i in 0..toks.len() {
        let _ = m.find_actors(&toks[i..], None);
        let _ = m.find(&toks[..i], Some(day(2000, 1, 1)));
        let _ = m.resolve_person(&toks[i..], day(2000, 1, 1));
    }
    assert!(m.resolve_person(&[] as &[&str], day(2000, 1, 1)).is_none());
    assert!(m.person_by_surname("").is_empty());
    // Non-ASCII and odd codes are reported, not panicked on.
    let text = COUNTRIES.replace("code = \"USA\"", "code = \"UÉSA\"");
    let errors = errors_with("countries.toml", &text);
    assert!(
        errors.iter().any(|e| e.message.contains("malformed code")),
        "{errors:#?}"
    );
    let errors = errors_with("people/a.toml", "[[person]]\nname = 3\n");
    assert_one(&errors, "people/a.toml", 2, "TOML error");
}

/// Validates another knowledge-base directory when `DYAD_KB_DIR` names one (a check for a
/// work-in-progress copy): `DYAD_KB_DIR=path cargo test -p dyad-kb --test kb other_kb_dir`.
#[test]
fn other_kb_dir() {
    let Ok(dir) = std::env::var("DYAD_KB_DIR") else {
        return;
    };
    if let Err(e) = KnowledgeBase::load_dir(&dir) {
        panic!("{e}");
    }
}
