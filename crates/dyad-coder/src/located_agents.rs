//! Bare domestic roles take the country of the scene they are reported in.
//!
//! "Police fired tear gas at protesters in Nairobi": the report never says *Kenyan* police, but
//! every reader takes them to be. ICEWS codes such generic sectors the same way ("Police
//! (Kenya)"). A role mention with no country of its own (`COP`, `CVL`, `GOV`, ...) gets one
//! when the evidence around it names a single country:
//!
//! 0. any placeable role whose own `of`, `in` or `from` modifier is a literal place takes that
//!    place's country, whatever else its sentence names ("Hundreds of residents of Goma marched
//!    to the Rwandan border, chanting against Kigali": `CODCVL`);
//! 1. **civil roles** (government, police, courts, parties, opposition, civilians, media,
//!    business, ...): the literal places of its sentence (`in Nairobi`, not "Moscow said")
//!    all lie in one country; or, when its sentence names no place, every literal place and
//!    every actor mention with a country in the whole report is in one and the same country;
//!    failing both, the country of the dateline's place ("HAVANA, July 12 (dyad) -") when the
//!    report names that country more often than any other (a dateline that is only the venue
//!    of talks about another country places no one);
//!    and when none of this places it and its sentence names no country's place, the country
//!    of the role mentions of earlier sentences with the same roles, if they share one
//!    ("Zimbabwe's army took control ... The African Union called on the military"), and for
//!    a bare government (`GOV`: "the government", "the authorities") failing that, the country
//!    the report names most often;
//! 2. **armed roles** (military, rebels, insurgents, armed groups, spies), which act abroad as
//!    often as at home: only by the whole-report rule, and only when no place of the sentence
//!    lies elsewhere; when its sentence names no place, also by the dateline rule ("The army
//!    said Islamist militants had killed 10 soldiers" in a report from Ouagadougou about
//!    Burkina Faso and France); failing that, by earlier namesakes as for civil roles.
//!
//! Other actors of the sentence are no evidence: in "soldiers attacked Ukraine" they are the
//! other side. A state that the role's own verb names as its object or addressee is even
//! evidence against: "Deputy Foreign Minister Ho Xuan Son asked China to withdraw the rig" is
//! not China's minister, however often the report names China, so no rule gives the role that
//! country (the report's most-named country is then the most-named of the others). An
//! international body (`IGO...`) in the sentence makes it a scene of its own, so a UN press
//! conference does not make "reporters" Russian; a region (`WST`, `AFR`) anywhere in
//! the report counts as a second country. Refugees, NGOs,
//! international bodies and multinationals are never placed, nor are mentions resolved by
//! coreference or owned by a possessive pronoun ("its commanders": the coder looks for the
//! owner). The mention's `how` becomes `located`, so a record can be traced to this rule.

use dyad_core::{ActorMention, Document};

/// CAMEO role codes of a country's own society: a bare mention of one is placed in the
/// country its report is set in.
const CIVIL: &[&str] = &[
    "GOV", "COP", "JUD", "LEG", "OPP", "PTY", "CVL", "BUS", "MED", "EDU", "LAB", "AGR", "HLH",
    "ELI", "CRM", "ENV",
];

/// Armed and clandestine roles: placed only in a report about one country.
const ARMED: &[&str] = &["MIL", "REB", "INS", "SEP", "UAF", "SPY", "RAD"];

/// How a mention placed by this rule is marked (`ActorMention::how`).
pub const HOW: &str = "located";

/// Evidence of one country: `None` when there is none, `Some(None)` when there are several.
type OneCountry<'a> = Option<Option<&'a str>>;

/// Gives the bare domestic role mentions of `doc` the country of their sentence or report,
/// as the module documentation describes. Needs the actor and place layers.
pub fn locate_agents(doc: &mut Document) {
    if !doc.actors.iter().any(|a| placeable(doc, a)) {
        return;
    }
    let nsent = doc.sentences.len().max(1);
    let mut by_sentence: Vec<OneCountry> = vec![None; nsent];
    let mut whole: OneCountry = None;
    for p in doc.places.iter().filter(|p| p.literal) {
        let c = p.location.country.as_str();
        if let Some(slot) = by_sentence.get_mut(p.sentence as usize) {
            note(slot, c);
        }
        note(&mut whole, c);
    }
    for a in &doc.actors {
        if let Some(c) = a.country.as_deref() {
            note(&mut whole, c);
        } else if a.code.starts_with("IGO") {
            // An international body in the sentence makes it a scene of its own ("the
            // secretary-general told reporters"); elsewhere in the report it places no one.
            if let Some(slot) = by_sentence.get_mut(a.sentence as usize) {
                note(slot, "IGO");
            }
        }
    }
    let whole = whole.flatten().filter(|c| is_country(c));
    // The dateline names where the report was filed. When that is also the country the report
    // mentions most, it is the scene for a civil role the report does not place otherwise
    // ("HAVANA, July 12 - ... Police detained ..."); a dateline that is only the venue of
    // talks about another country ("JEDDAH - ... Sudan's army ...") is not.
    let dateline = crate::places::dateline_end(doc);
    let mut filed: OneCountry = None;
    for p in doc
        .places
        .iter()
        .filter(|p| p.literal && (p.span.end as usize) <= dateline)
    {
        note(&mut filed, p.location.country.as_str());
    }
    let filed = filed
        .flatten()
        .filter(|c| is_country(c) && main_country(doc) == Some(c));
    let placed: Vec<Option<String>> = doc
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if !placeable(doc, a) {
                return None;
            }
            // Its own `of`/`in`/`from` place says most: "residents of Goma", "protesters in
            // Athens".
            if let Some(c) = modifier_country(doc, a) {
                return Some(c.to_string());
            }
            let sentence = by_sentence.get(a.sentence as usize).copied().flatten();
            let armed = a.roles.iter().any(|r| ARMED.contains(&r.as_str()));
            let country = match sentence {
                Some(Some(c)) if !armed => Some(c),
                Some(Some(c)) => whole.filter(|w| *w == c),
                None if armed => whole.or(filed),
                None => whole.or(filed),
                Some(None) => None,
            };
            // The countries its own verb acts on by name are not its own ("the foreign
            // minister asked China to withdraw").
            let addressed = addressed_countries(doc, a);
            let free = |c: &&str| !addressed.contains(c);
            country
                .filter(|c| is_country(c) && free(c))
                // No place of a country in the sentence (an IGO's scene is none).
                .or_else(|| match sentence {
                    Some(Some(c)) if is_country(c) => None,
                    Some(None) => None,
                    // "The government" with nothing else to place it: the government of the
                    // country the report is about.
                    _ => antecedent_country(doc, &doc.actors[..i], a)
                        .filter(free)
                        .or_else(|| {
                            (a.code == "GOV")
                                .then(|| main_country_except(doc, &addressed))
                                .flatten()
                        }),
                })
                .map(str::to_string)
        })
        .collect();
    for (a, country) in doc.actors.iter_mut().zip(placed) {
        if let Some(c) = country {
            a.code = format!("{c}{}", a.code);
            a.country = Some(c);
            a.how = HOW.to_string();
        }
    }
}

/// The country of a literal place that modifies mention `a` with `of`, `in` or `from`
/// ("residents of Goma", "protesters in Athens").
fn modifier_country<'a>(doc: &'a Document, a: &ActorMention) -> Option<&'a str> {
    let syn = doc.syntax.as_ref()?;
    let within = doc.sentences.get(a.sentence as usize)?.token_range();
    let words = a.tokens.start as usize..a.tokens.end as usize;
    crate::actors::place_modifiers(syn, within, words).find_map(|c| {
        let span = doc.tokens.get(c)?.span;
        doc.places
            .iter()
            .find(|p| p.literal && p.span.start <= span.start && span.end <= p.span.end)
            .map(|p| p.location.country.as_str())
            .filter(|c| is_country(c))
    })
}

/// The country of the role mentions of earlier sentences with the same roles as `a` ("Zimbabwe's army
/// took control ... the African Union called on the military": `ZWEMIL`), when they all have
/// one and the same country; diplomats, who serve abroad, are left out ("the Greek ambassador
/// ... the interior minister" is no Greek minister).
fn antecedent_country<'a>(
    doc: &Document,
    earlier: &'a [ActorMention],
    a: &ActorMention,
) -> Option<&'a str> {
    let mut one: OneCountry = None;
    let earlier = earlier.iter().filter(|e| e.sentence < a.sentence);
    for e in earlier.filter(|e| e.how == "agent" && e.roles == a.roles && !envoy(doc, e)) {
        if let Some(c) = e.country.as_deref() {
            note(&mut one, c);
        }
    }
    one.flatten().filter(|c| is_country(c))
}

/// Whether mention `e` is a diplomat ("the Greek ambassador", "envoys"): one who serves
/// abroad, so that the country is no evidence of the country of the roles around.
fn envoy(doc: &Document, e: &ActorMention) -> bool {
    let last = e.tokens.end.checked_sub(1);
    let last = last.and_then(|t| doc.tokens.get(t as usize));
    last.and_then(|t| doc.get(t.span).ok()).is_some_and(|w| {
        let w = w.to_lowercase();
        let w = w.strip_suffix('s').unwrap_or(&w);
        ["ambassador", "envoy", "diplomat", "consul", "emissary"].contains(&w)
    })
}

/// The country named most often in `doc` (literal places and actor mentions with a country),
/// when one is named strictly more often than any other.
fn main_country(doc: &Document) -> Option<&str> {
    main_country_except(doc, &[])
}

/// [`main_country`] among the countries not in `except`.
fn main_country_except<'a>(doc: &'a Document, except: &[&str]) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let named = doc
        .places
        .iter()
        .filter(|p| p.literal)
        .map(|p| p.location.country.as_str());
    let countries = named.chain(doc.actors.iter().filter_map(|a| a.country.as_deref()));
    for c in countries.filter(|c| !except.contains(c)) {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [(c, _)] => Some(c),
        [(c, n), (_, m), ..] if n > m => Some(c),
        _ => None,
    }
}

/// The countries of the states that the verb whose subject is mention `a` names as its object
/// or addressee ("The foreign minister asked China to withdraw the rig", "the government
/// appealed to Washington"): an actor does not act on its own state by name, so these are not
/// `a`'s country. A place where the act happens (`in Vietnam`) is not an addressee.
fn addressed_countries<'a>(doc: &'a Document, a: &ActorMention) -> Vec<&'a str> {
    let Some(syn) = doc.syntax.as_ref() else {
        return Vec::new();
    };
    let head = |t: usize| syn.head.get(t).copied().flatten().map(|h| h as usize);
    let rel = |t: usize| syn.deprel.get(t).map_or("", String::as_str);
    let words = a.tokens.start as usize..a.tokens.end as usize;
    let Some(sentence) = doc
        .sentences
        .get(a.sentence as usize)
        .map(|s| s.token_range())
    else {
        return Vec::new();
    };
    // The verb whose subject the mention is: from any of its words attached outside it (a
    // misparsed title may hang a word elsewhere), through the name a title introduces
    // ("Foreign Minister Ho Xuan Son asked").
    let subject_of = |mut k: usize| {
        for _ in 0..3 {
            match head(k) {
                Some(h) if matches!(rel(k), "compound" | "flat" | "nmod:desc" | "appos") => k = h,
                _ => break,
            }
        }
        head(k).filter(|_| rel(k) == "nsubj")
    };
    let Some(verb) = words
        .clone()
        .filter(|&t| head(t).is_some_and(|h| !words.contains(&h)))
        .find_map(subject_of)
    else {
        return Vec::new();
    };
    let addressee = |t: usize| match rel(t) {
        "obj" | "iobj" => true,
        "obl" => sentence.clone().any(|c| {
            head(c) == Some(t)
                && rel(c) == "case"
                && matches!(
                    syn.lemma.get(c).map(String::as_str),
                    Some("to" | "on" | "upon" | "with" | "against")
                )
        }),
        _ => false,
    };
    doc.actors
        .iter()
        .filter(|o| o.sentence == a.sentence && matches!(o.how.as_str(), "country" | "metonym"))
        .filter(|o| {
            (o.tokens.start as usize..o.tokens.end as usize)
                .any(|t| head(t) == Some(verb) && addressee(t))
        })
        .filter_map(|o| o.country.as_deref())
        .collect()
}

/// Adds country `c` to the evidence `slot`: `Some(Some(c))` while every item agrees,
/// `Some(None)` once two countries are seen.
fn note<'a>(slot: &mut Option<Option<&'a str>>, c: &'a str) {
    *slot = match *slot {
        None => Some(Some(c)),
        Some(Some(prev)) if prev == c => Some(Some(prev)),
        _ => Some(None),
    };
}

/// A role mention with no country, every role of it civil or armed, not resolved by
/// coreference, not owned by a possessive pronoun.
fn placeable(doc: &Document, a: &ActorMention) -> bool {
    a.how == "agent"
        && a.country.is_none()
        && !a.roles.is_empty()
        && a.roles
            .iter()
            .all(|r| CIVIL.contains(&r.as_str()) || ARMED.contains(&r.as_str()))
        && a.code == a.roles.concat()
        && !owned(doc, a)
}

/// Whether a possessive pronoun opens the mention or stands right before it ("its
/// commanders", "their troops").
fn owned(doc: &Document, a: &ActorMention) -> bool {
    let first = a.tokens.start as usize;
    [first.checked_sub(1), Some(first)]
        .into_iter()
        .flatten()
        .filter_map(|i| doc.tokens.get(i))
        .filter_map(|t| doc.get(t.span).ok())
        .any(|w| {
            ["its", "their", "his", "her", "our"]
                .iter()
                .any(|p| w.eq_ignore_ascii_case(p))
        })
}

/// An ISO3 country code: regional codes such as `AFR` or `WST` and international bodies are
/// evidence of a scene too (they keep a sentence from being one country's), but place no one.
fn is_country(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) && !NON_COUNTRY.contains(&c)
}

/// Three-letter CAMEO codes that are regions or bodies, not countries.
const NON_COUNTRY: &[&str] = &[
    "AFR", "ASA", "BFR", "BLK", "CAU", "CAS", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA",
    "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "SSA", "WAF", "WEU", "WST",
    "IGO", "NGO", "MNC", "UIS", "INT",
];

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{Location, Metadata, PlaceMention, Sentence, Span};

    fn actor(
        sentence: u32,
        code: &str,
        country: Option<&str>,
        roles: &[&str],
        how: &str,
    ) -> ActorMention {
        ActorMention {
            span: Span::new(0, 1),
            tokens: 0..1,
            sentence,
            code: code.to_string(),
            country: country.map(str::to_string),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            entity: None,
            how: how.to_string(),
        }
    }

    fn place(sentence: u32, country: &str, literal: bool) -> PlaceMention {
        PlaceMention {
            span: Span::new(0, 1),
            sentence,
            location: Location {
                name: "P".into(),
                country: country.into(),
                admin1: None,
                lat: 0.0,
                lon: 0.0,
                geonames_id: None,
            },
            literal,
        }
    }

    fn doc(sentences: usize, actors: Vec<ActorMention>, places: Vec<PlaceMention>) -> Document {
        let text = "x ".repeat(sentences);
        let mut d = Document::new(Metadata::with_id("t"), text);
        d.sentences = (0..sentences)
            .map(|i| Sentence {
                span: Span::new(2 * i, 2 * i + 1),
                tokens: i as u32..i as u32 + 1,
            })
            .collect();
        d.actors = actors;
        d.places = places;
        d
    }

    fn codes(d: &Document) -> Vec<&str> {
        d.actors.iter().map(|a| a.code.as_str()).collect()
    }

    #[test]
    fn a_role_takes_the_one_country_of_its_sentence() {
        let mut d = doc(
            2,
            vec![
                actor(0, "COP", None, &["COP"], "agent"),
                actor(0, "CVL", None, &["CVL"], "agent"),
                actor(1, "RUS", Some("RUS"), &[], "country"),
            ],
            vec![place(0, "KEN", true)],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["KENCOP", "KENCVL", "RUS"]);
        assert_eq!(d.actors[0].country.as_deref(), Some("KEN"));
        assert_eq!(d.actors[0].how, HOW);
    }

    #[test]
    fn armed_roles_need_a_report_about_one_country() {
        // Russian troops and Kharkiv: the police there are Ukrainian, the soldiers may not be.
        let mut d = doc(
            2,
            vec![
                actor(0, "RUSMIL", Some("RUS"), &["MIL"], "agent"),
                actor(1, "MIL", None, &["MIL"], "agent"),
                actor(1, "COP", None, &["COP"], "agent"),
            ],
            vec![place(1, "UKR", true)],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["RUSMIL", "MIL", "UKRCOP"]);
        // A report about Peru alone: its soldiers are Peru's.
        let mut d = doc(
            2,
            vec![
                actor(0, "PERGOV", Some("PER"), &["GOV"], "person"),
                actor(1, "MIL", None, &["MIL"], "agent"),
            ],
            vec![place(1, "PER", true)],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["PERGOV", "PERMIL"]);
    }

    #[test]
    fn a_role_owned_by_a_pronoun_is_left_to_the_coder() {
        let mut d = Document::new(Metadata::with_id("t"), "Police and its commanders");
        d.tokens = [(0, 6), (7, 10), (11, 14), (15, 25)]
            .map(|(a, b)| dyad_core::Token::new(Span::new(a, b)))
            .to_vec();
        d.sentences = vec![Sentence {
            span: Span::new(0, 25),
            tokens: 0..4,
        }];
        let mut police = actor(0, "COP", None, &["COP"], "agent");
        let mut commanders = actor(0, "MIL", None, &["MIL"], "agent");
        police.tokens = 0..1;
        commanders.tokens = 3..4;
        d.actors = vec![
            actor(0, "PERGOV", Some("PER"), &["GOV"], "person"),
            police,
            commanders,
        ];
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["PERGOV", "PERCOP", "MIL"]);
    }

    /// A report filed from a place in `country` (its dateline) whose sentence 1 has a bare
    /// `role`, with `cuba` mentions of Cuba and `usa` of the United States.
    fn filed_from(country: &str, role: &str, cuba: usize, usa: usize) -> Document {
        let text = "HAVANA, July 12 (dyad) - People marched.\nPolice detained people.";
        let mut d = Document::new(Metadata::with_id("t"), text);
        d.sentences = vec![
            Sentence {
                span: Span::new(0, 40),
                tokens: 0..1,
            },
            Sentence {
                span: Span::new(41, 64),
                tokens: 1..2,
            },
        ];
        let mut dateline = place(0, country, true);
        dateline.span = Span::new(0, 6);
        d.places = vec![dateline];
        d.actors = vec![actor(1, role, None, &[role], "agent")];
        d.actors
            .extend((0..cuba).map(|_| actor(0, "CUB", Some("CUB"), &[], "country")));
        d.actors
            .extend((0..usa).map(|_| actor(0, "USAGOV", Some("USA"), &["GOV"], "person")));
        d
    }

    #[test]
    fn the_dateline_places_civil_roles_when_its_country_leads_the_report() {
        // Two countries in the report, so no single-country scene; Cuba leads and is the
        // dateline's country: the police are Cuba's.
        let mut d = filed_from("CUB", "COP", 2, 1);
        locate_agents(&mut d);
        assert_eq!(d.actors[0].code, "CUBCOP");
        // So are armed roles whose sentence names no place (session 8).
        let mut d = filed_from("CUB", "MIL", 2, 1);
        locate_agents(&mut d);
        assert_eq!(d.actors[0].code, "CUBMIL");
        // A dateline that is only a venue (the report is mostly about another country)
        // places no one, nor does a tie.
        for (cuba, usa) in [(0, 3), (1, 2)] {
            let mut d = filed_from("CUB", "COP", cuba, usa);
            locate_agents(&mut d);
            assert_eq!(d.actors[0].code, "COP", "{cuba} / {usa}");
        }
    }

    #[test]
    fn a_role_with_no_other_evidence_takes_its_earlier_namesakes_country() {
        // "Zimbabwe's army took control ... the African Union called on the military": the
        // IGO makes the second sentence a scene of its own; the earlier army is Zimbabwe's.
        let mut d = doc(
            2,
            vec![
                actor(0, "ZWEMIL", Some("ZWE"), &["MIL"], "agent"),
                actor(0, "ZAFGOV", Some("ZAF"), &["GOV"], "agent"),
                actor(1, "IGOAFRAFU", None, &[], "org"),
                actor(1, "MIL", None, &["MIL"], "agent"),
                actor(1, "GOV", None, &["GOV"], "agent"),
            ],
            vec![],
        );
        locate_agents(&mut d);
        assert_eq!(
            codes(&d),
            ["ZWEMIL", "ZAFGOV", "IGOAFRAFU", "ZWEMIL", "ZAFGOV"]
        );
        // Earlier namesakes of two countries decide nothing.
        let mut d = doc(
            2,
            vec![
                actor(0, "RUSMIL", Some("RUS"), &["MIL"], "agent"),
                actor(0, "UKRMIL", Some("UKR"), &["MIL"], "agent"),
                actor(1, "IGONAT", None, &[], "org"),
                actor(1, "MIL", None, &["MIL"], "agent"),
            ],
            vec![],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d)[3], "MIL");
    }

    #[test]
    fn two_countries_in_the_sentence_leave_the_role_bare() {
        let mut d = doc(
            1,
            vec![
                actor(0, "RUSMIL", Some("RUS"), &["MIL"], "agent"),
                actor(0, "MIL", None, &["MIL"], "agent"),
            ],
            vec![place(0, "UKR", true)],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["RUSMIL", "MIL"]);
    }

    #[test]
    fn without_evidence_in_the_sentence_the_documents_single_country_decides() {
        let one = |second: Option<PlaceMention>| {
            let mut places = vec![place(0, "PER", true)];
            places.extend(second);
            let mut d = doc(
                2,
                vec![
                    actor(0, "PERGOV", Some("PER"), &["GOV"], "country"),
                    actor(1, "CVL", None, &["CVL"], "agent"),
                ],
                places,
            );
            locate_agents(&mut d);
            d.actors[1].code.clone()
        };
        assert_eq!(one(None), "PERCVL");
        // A second country anywhere in the report: no document-wide country.
        assert_eq!(one(Some(place(0, "BOL", true))), "CVL");
    }

    #[test]
    fn metonyms_international_roles_and_coreference_do_not_place() {
        let mut d = doc(
            1,
            vec![
                actor(0, "REF", None, &["REF"], "agent"),
                actor(0, "NGO", None, &["NGO"], "agent"),
                actor(0, "COP", None, &["COP"], "coref"),
                actor(0, "COP", None, &["COP"], "agent"),
            ],
            // "Moscow said": a metonym, not a scene.
            vec![place(0, "RUS", false)],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["REF", "NGO", "COP", "COP"]);
        // A regional code is no country.
        let mut d = doc(
            1,
            vec![
                actor(0, "AFR", Some("AFR"), &[], "country"),
                actor(0, "MIL", None, &["MIL"], "agent"),
            ],
            vec![],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["AFR", "MIL"]);
        // An international body in the sentence: a scene of its own; elsewhere: no matter.
        let mut d = doc(
            2,
            vec![
                actor(0, "IGOUNO", None, &[], "org"),
                actor(0, "MED", None, &["MED"], "agent"),
                actor(1, "RUSGOV", Some("RUS"), &["GOV"], "person"),
                actor(1, "LEG", None, &["LEG"], "agent"),
            ],
            vec![],
        );
        locate_agents(&mut d);
        assert_eq!(codes(&d), ["IGOUNO", "MED", "RUSGOV", "RUSLEG"]);
    }

    #[test]
    fn the_government_beside_an_international_body_is_the_reports_main_country() {
        // "The government said it would welcome an audit by the OAS", in a report about
        // Bolivia that also names Peru once.
        let report = |gov: &str| {
            doc(
                3,
                vec![
                    actor(0, "BOL", Some("BOL"), &[], "country"),
                    actor(1, "BOLOPP", Some("BOL"), &["OPP"], "agent"),
                    actor(1, "PER", Some("PER"), &[], "country"),
                    actor(2, gov, None, &[gov], "agent"),
                    actor(2, "IGOOAS", None, &[], "org"),
                ],
                vec![],
            )
        };
        let mut d = report("GOV");
        locate_agents(&mut d);
        assert_eq!(codes(&d)[3], "BOLGOV");
        // Other roles still take no country from an international body's scene.
        let mut d = report("MED");
        locate_agents(&mut d);
        assert_eq!(codes(&d)[3], "MED");
    }
}
