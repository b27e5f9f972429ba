//! The PETRARCH readers on the PETRARCH validation dictionaries (read from ../shared, skipped
//! when absent).

use chrono::NaiveDate;
use dyad_kb::petrarch::{
    ActorDict, AgentCode, AgentDict, DiscardList, DiscardScope, Element, Item, Parsed, Plural,
    VerbDict,
};
use std::path::PathBuf;

fn data_dir() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch_validation");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} not found", dir.display());
        None
    }
}

/// Every content line is either parsed or reported; prints the reported ones.
fn check_accounting<T>(name: &str, p: &Parsed<T>, max_skipped: usize) {
    eprintln!(
        "{name}: {} content lines, {} parsed, {} skipped",
        p.content_lines,
        p.parsed_lines,
        p.skipped.len()
    );
    for e in &p.skipped {
        eprintln!("  skipped {e}");
    }
    assert_eq!(p.parsed_lines + p.skipped.len(), p.content_lines, "{name}");
    assert!(p.skipped.len() <= max_skipped, "{name}: {:#?}", p.skipped);
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn word(t: &str) -> Element {
    Element::Word {
        text: t.to_string(),
        exact: false,
    }
}

#[test]
fn validation_actors() {
    let Some(dir) = data_dir() else { return };
    let p = ActorDict::read(&dir.join("PETR.Validate.actors.txt")).unwrap();
    check_accounting("actors", &p, 0);
    let a = &p.dict;
    eprintln!(
        "actors: {} entries, {} names",
        a.entries.len(),
        a.name_count()
    );
    assert_eq!(a.entries.len(), 128);
    assert_eq!(a.name_count(), 161);

    // GOLLUM: three dated codes, no default, with blanks around `<`, `>` and `-`.
    let gollum = a.find("SLINKER").unwrap();
    assert_eq!(gollum.names[0].text(), "GOLLUM");
    assert_eq!(gollum.dated.len(), 3);
    assert_eq!(gollum.code_on(d(1994, 1, 1)), Some("HOB"));
    assert_eq!(gollum.code_on(d(1997, 3, 1)), Some("HOBGOV"));
    assert_eq!(gollum.code_on(d(1999, 8, 15)), Some("HOBGOV"));
    assert_eq!(gollum.code_on(d(1999, 8, 16)), Some("HOBREB"));

    // SAM_GAMGEE: the first matching restriction wins, the default code fills the gap.
    let sam = a.find("SAM GAMGEE").unwrap();
    assert_eq!(sam.default_code.as_deref(), Some("HOB"));
    assert_eq!(sam.code_on(d(2010, 1, 10)), Some("ORCHOB"));
    assert_eq!(sam.code_on(d(2010, 1, 20)), Some("HOBMIL"));
    assert_eq!(sam.code_on(d(2013, 1, 1)), Some("HOBGOV"));
    assert_eq!(sam.code_on(d(2014, 1, 1)), Some("HOBELI"));

    // Null code before a date, default after; a code on its own indented line.
    let dol = a.find("PRINCE OF DOL AMROTH").unwrap();
    assert_eq!(dol.code_on(d(1995, 6, 1)), None);
    assert_eq!(dol.code_on(d(1995, 7, 1)), Some("DOL"));
    assert_eq!(a.find("ENT").unwrap().code_on(d(2000, 1, 1)), Some("ENT"));
    let interpol = a.find("INTERPOL").unwrap();
    assert!(interpol.names[0].closed);
    assert_eq!(interpol.code_on(d(2000, 1, 1)), Some("IGOCOPITP"));
    // Only dated: nothing after the last date.
    let ussr = a.find("USSR").unwrap();
    assert_eq!(ussr.code_on(d(1991, 12, 26)), Some("USR"));
    assert_eq!(ussr.code_on(d(1992, 1, 1)), None);
    assert_eq!(
        a.find("ZIMBABWE").unwrap().code_on(d(1979, 1, 1)),
        Some("RHO")
    );
    assert_eq!(
        a.find("ZIMBABWE").unwrap().code_on(d(1980, 1, 1)),
        Some("ZBW")
    );
    // Multiple-actor code kept whole; names with blanks and underscores alike.
    assert_eq!(
        a.find("THE SHIRE").unwrap().default_code.as_deref(),
        Some("FRO/BIL/SAM")
    );
    assert_eq!(
        a.find("RADAGAST_THE_BROWN")
            .unwrap()
            .default_code
            .as_deref(),
        Some("RAD")
    );
    // `#NASGUL [###]` is a comment, not an actor.
    assert!(a.find("NASGUL").is_none());
}

#[test]
fn validation_agents() {
    let Some(dir) = data_dir() else { return };
    let p = AgentDict::read(&dir.join("PETR.Validate.agents.txt")).unwrap();
    check_accounting("agents", &p, 0);
    let a = &p.dict;
    eprintln!(
        "agents: {} entries, {} substitution sets",
        a.entries.len(),
        a.substitutions.len()
    );
    assert_eq!(a.entries.len(), 88);
    assert_eq!(a.substitutions.len(), 2);

    let ag = a.find("ATTORNEYS GENERAL").unwrap();
    assert_eq!(ag.text, "ATTORNEY_GENERAL");
    assert_eq!(ag.code, AgentCode::After("GOV".into()));
    assert!(matches!(&ag.plural, Plural::Explicit(v) if v.len() == 1));
    let geese = a.find("GOLDEN GEESE").unwrap();
    assert_eq!(geese.code.code(), "GGS");
    assert!(a.find("GOLDEN GOOSES").is_none());
    // Regular plurals: CONGRESS → CONGRESSES, AUTHORITY → AUTHORITIES, SOLDIER → SOLDIERS.
    assert_eq!(a.find("CONGRESSES").unwrap().code.code(), "LEG");
    assert_eq!(a.find("AUTHORITIES").unwrap().code.code(), "GOV");
    assert_eq!(a.find("SOLDIERS").unwrap().code.code(), "MIL");
    // `{}`: no plural.
    assert_eq!(a.find("POLICE").unwrap().plural, Plural::None);
    assert!(a.find("POLICES").is_none());
    // Substitution markers expand without plurals.
    assert_eq!(a.find("CONGRESSWOMEN").unwrap().code.code(), "LEG");
    assert_eq!(
        a.find("MINISTRIES OF SILLY WALKS").unwrap().code.code(),
        "GOV"
    );
    // Prefix codes, with blanks inside the brackets.
    let hro = a.find("HUMAN RIGHTS ORGANIZATION").unwrap();
    assert_eq!(hro.code, AgentCode::Before("NGO".into()));
    assert_eq!(hro.code.apply("FRA"), "NGOFRA");
}

#[test]
fn validation_discards() {
    let Some(dir) = data_dir() else { return };
    let p = DiscardList::read(&dir.join("PETR.Validate.discards.txt")).unwrap();
    check_accounting("discards", &p, 0);
    let e = &p.dict.entries;
    assert_eq!(e.len(), 9);
    let story = e.iter().filter(|x| x.scope == DiscardScope::Story).count();
    assert_eq!(story, 4);
    assert_eq!(e[2].phrase.text(), "WORLD GOLF CHAMPIONSHIPS");
    assert_eq!(e[0].phrase.text(), "MONTHS LATER");
}

#[test]
fn validation_verbs_1() {
    let Some(dir) = data_dir() else { return };
    let p = VerbDict::read(&dir.join("PETR.Validate.verbs.txt")).unwrap();
    check_accounting("verbs", &p, 0);
    let v = &p.dict;
    eprintln!(
        "verbs: {} synsets, {} blocks, {} verbs, {} patterns",
        v.synsets.len(),
        v.blocks.len(),
        v.verb_count(),
        v.pattern_count()
    );
    assert_eq!(v.synsets.len(), 17);
    assert_eq!(v.blocks.len(), 261);
    assert_eq!(v.verb_count(), 269);
    assert_eq!(v.pattern_count(), 474);

    // Embedded synsets.
    let accord = v.synset("ACCORDSYN").unwrap();
    assert_eq!(accord.members.len(), 4);
    assert_eq!(
        accord.members[0].items[0].element,
        Element::Synset("TIETYPES".into())
    );
    assert!(!v.synset("PREPOSIT1").unwrap().plurals);

    // `- + KNOWN_ * IN_ $ [076]`: target before the verb, source after it, exact words.
    let brk = v.block("BREAK").unwrap();
    assert_eq!(brk.code().code, "1717");
    let pat = &brk.patterns[0];
    assert!(pat.has_source() && pat.has_target());
    assert_eq!(pat.before_verb()[0].element, Element::Target);
    assert_eq!(pat.after_verb()[1].element, Element::Source);
    assert_eq!(pat.code.code, "076");
    // Irregular forms of a multi-word verb.
    assert_eq!(brk.verbs[1].irregular.len(), 4);
    assert_eq!(brk.verbs[1].irregular[2].to_string(), "+BROKE_DOWN");

    // `- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS [111]`: synset inside a `_` chain.
    let accord_block = v.block("ACCORD").unwrap();
    let p0 = &accord_block.patterns[0];
    assert_eq!(
        p0.items[1],
        Item {
            element: Element::Target,
            consecutive: true
        }
    );
    assert_eq!(p0.synset_refs(), ["GENINT"]);
    assert_eq!(
        p0.items[4],
        Item {
            element: Element::Synset("GENINT".into()),
            consecutive: true
        }
    );

    // A block header with two codes and a paired code.
    let delay = v.block("DELAY").unwrap();
    assert_eq!(delay.codes.len(), 2);
    assert_eq!(delay.codes[1].paired.as_deref(), Some("031"));
    assert_eq!(delay.verbs.len(), 3);
    assert_eq!(delay.verb_code(&delay.verbs[1]).code, "014");
    assert_eq!(delay.verb_code(&delay.verbs[2]).code, "120");
    // Patterns know their block; verb forms index back to their block and entry.
    assert!(v
        .patterns()
        .all(|(b, p)| std::ptr::eq(b, &v.blocks[p.block])));
    let forms = v.verb_forms();
    let broke: Vec<_> = forms
        .iter()
        .filter(|(f, _, _)| f.verb_word() == "BROKE")
        .map(|(f, b, _)| (f.to_string(), v.blocks[*b].name.as_str()))
        .collect();
    assert_eq!(
        broke,
        [
            ("BROKE".to_string(), "BREAK"),
            ("+BROKE_DOWN".to_string(), "BREAK")
        ]
    );
    let taps: Vec<String> = forms
        .iter()
        .filter(|(f, _, _)| f.words.first().map(String::as_str) == Some("WIRE"))
        .map(|(f, _, _)| f.to_string())
        .collect();
    assert_eq!(taps, ["WIRE_+TAP", "WIRE_+TAPPED", "WIRE_+TAPPING"]);
    // `[###]` survives comment stripping.
    assert!(v
        .block("RESTORE")
        .unwrap()
        .patterns
        .iter()
        .any(|p| p.code.code == "###"));
}

#[test]
fn validation_verbs_2() {
    let Some(dir) = data_dir() else { return };
    let p = VerbDict::read(&dir.join("PETR.Validate.verbs.2.0.txt")).unwrap();
    check_accounting("verbs 2.0", &p, 2);
    let v = &p.dict;
    eprintln!(
        "verbs 2.0: {} synsets, {} blocks, {} verbs, {} patterns",
        v.synsets.len(),
        v.blocks.len(),
        v.verb_count(),
        v.pattern_count()
    );
    assert_eq!(v.synsets.len(), 31);
    assert_eq!(v.blocks.len(), 69);
    assert_eq!(v.verb_count(), 125);
    assert_eq!(v.pattern_count(), 451);
    let lines: Vec<_> = p.skipped.iter().map(|e| e.line).collect();
    assert_eq!(lines, [453, 1108]);

    // `- * (TO PEACE &TREATY) [037:037]`: a prepositional phrase holding a synset.
    let agree = v.block("AGREE").unwrap();
    let pat = agree
        .patterns
        .iter()
        .find(|p| p.code.code == "037" && p.code.paired.is_some() && p.synset_refs() == ["TREATY"])
        .unwrap();
    assert_eq!(
        pat.after_verb()[0].element,
        Element::PrepPhrase(vec![
            Item {
                element: word("TO"),
                consecutive: false
            },
            Item {
                element: word("PEACE"),
                consecutive: false
            },
            Item {
                element: Element::Synset("TREATY".into()),
                consecutive: false
            },
        ])
    );
    // `- * EID (AT ^) (WITH +) [017]`: skip and target inside prepositional phrases.
    let cel = v.block("CELEBRATE").unwrap();
    assert!(cel.patterns[2].has_target());
    assert!(!cel.patterns[2].has_source());
    // `- (DESPITE $) * [123]`: source in a phrase before the verb.
    let crit = v.block("CRITICIZE").unwrap();
    assert_eq!(crit.patterns[1].verb_index(), 1);
    assert!(crit.patterns[1].has_source());
    // Verb lines with their own codes and irregular forms.
    let hold = v.block("HOLD").unwrap();
    assert!(hold.verbs[0].code.as_ref().is_some_and(|c| c.is_null()));
    let forms: Vec<String> = hold.verbs[0]
        .forms()
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert_eq!(forms, ["HOLD", "HOLDS", "HOLDING", "HELD"]);
    // Synset with prepositional-phrase members.
    let t3 = v.synset("TESTSYN3").unwrap();
    assert!(matches!(
        t3.members[0].items[0].element,
        Element::PrepPhrase(_)
    ));
    // A pattern code with an empty first half.
    let welcome = v.block("WELCOME").unwrap();
    let surrender = welcome
        .patterns
        .iter()
        .find(|p| p.code.code.is_empty())
        .unwrap();
    assert_eq!(surrender.code.paired.as_deref(), Some("080"));
}
