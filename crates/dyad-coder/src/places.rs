//! Where: toponyms resolved in the gazetteer, literal places told from metonyms.
//!
//! [`Places`] holds the gazetteer ([`dyad_kb::gazetteer`], GeoNames) and the country names,
//! adjectives and capitals of the knowledge base. [`Places::find`] works in four steps:
//!
//! 1. **Candidates.** The longest token sequence (up to the longest gazetteer name) whose
//!    normalised text is a gazetteer or knowledge-base country name, starting with a
//!    capitalised word that the tagger calls a proper noun (or, for a name the gazetteer has
//!    as its own, after a preposition, comma or `and`: the tagger misses some). Not places: a
//!    name followed by a capitalised word (`Chad Whitmore`, `Georgia Whitfield`; a country
//!    may be followed by an institution word: `U.S. Army`), a name preceded by a capitalised
//!    word (`Lake Chad`, `Premier Victoria Hale`) or by `X of` (`Bank of England`), a name
//!    ending in a feature word (`Victory Monument`), an adjective (`Somali`), a lone word that
//!    ends a person's name elsewhere in the text (`Santos` after `Juan Manuel Santos`),
//!    months and weekdays; names the actor layer resolved as an organisation (`Hamas`, also an
//!    old name of Hamm) or lying inside a person's name.
//! 2. **Resolution.** Each candidate place scores `ln(population)`, plus a bonus for countries
//!    (news means the country by `Georgia` unless told otherwise) and capitals, minus a malus
//!    for regions and alternate names. Then the document's **country evidence**, seen from
//!    each mention without its own words: the country of every actor mention of a person,
//!    body or country (`Pedro Sánchez`; not a role, whose country may come from the toponym
//!    itself: `Voters in Georgia`, nor coreference), each capitalised country adjective
//!    outside them (`Spanish police`) and each toponym with one clear country (its
//!    only one, or one whose largest reading outweighs every other country's tenfold: `Spain`,
//!    `Madrid said`, `Seville`; an actor mention on a toponym counts as the toponym does, so
//!    the ambiguous `Georgia` counts for nothing). A reading gains `+5` when its country is
//!    evidenced near the mention (same sentence, at most ten words between; the whole
//!    sentence often joins actors from elsewhere: `In Washington, President Bush ... urged
//!    Moscow to respect Georgia's territorial integrity`; and never for a name that is also a
//!    country's: `the United States backed Georgia`), else `+4` when its region is named in
//!    the sentence; and `+4` when its country leads the document's evidence (strictly more
//!    items than any other), `+3` when the document evidences it at all. So nearby words
//!    outweigh the document (`Venezuelan activists marched in Valencia` in a story about
//!    Spain), the leading country wins near-ties (`Valencia` in a story about Spain that
//!    mentions a Venezuelan delegation once), and population decides when nothing tells or
//!    two countries are evidenced alike (`Valencia` alone is in Venezuela). A small namesake
//!    (under an eighth of a reading of 100,000 people or more; a city or country is measured
//!    against cities and countries only, as a region's population is the sum of its
//!    cities': the Spanish `Córdoba` is no namesake of the Argentine province) takes no
//!    country evidence at all, only its region named in the sentence, an adjective or `X, Y`:
//!    `Paris` stays in France in a story about Texan tourists, `Geneva` in a story from
//!    Washington in Switzerland. `+4` for a region one of whose cities the document names
//!    (`ATLANTA`: `Georgia`); `+10` when a country adjective qualifies it (`the Indian state
//!    of Punjab`), `+6` when a descriptor asks for its kind (`Washington state`, `the city
//!    of`). `X, Y` (`Paris, Texas`, `TRIPOLI, Lebanon`, `Valencia, Spain`) is resolved as a
//!    pair: `X` must lie in `Y`. When `Y` is a country where the gazetteer has no `X` (`X, Y`
//!    or `X in Y`, not a list of countries), `X` is an unknown place of `Y` (step 3): "the town
//!    of Palma in Mozambique" is not Palma de Mallorca.
//! 3. **Unknown places.** A name the gazetteer lacks (it stops at 15,000 people) is still a
//!    place after a descriptor (`the town of Marjah`, `Gorkha district`, `the Swat valley`,
//!    `near Barpak`, `around Konna`) or as a single word in a list after a place (`in Madaya,
//!    Moadamiyeh and …`); it takes the country of the nearest resolved place in its
//!    sentence, else the document's main country, and that country's coordinates. A small
//!    foreign town the gazetteer has under the same name (`Bogoro` in Indonesia) in a
//!    document about another country is treated the same way.
//! 4. **Literal or metonym.** `literal = false` when the name stands for a government, team or
//!    people: the subject of an active verb (`Moscow said`, `Kyiv sent`, `Chad will send`),
//!    the object of a verb of saying or judging (`accused Moscow`, `warned Kyiv`), an
//!    addressee (`called on Washington`, `appealed to Moscow`), the parties after `talks
//!    between`, a hyphenated modifier (`the U.S.-based cleric`), a
//!    possessor (`Kenya's ambassador`; but `Lebanon's second city` and `Myanmar's Rakhine
//!    state` are places), a country modifying a noun (`U.S. troops`), `played for Leeds`.
//!    A name after `in/at/near/from/to/…`, in the dateline, the subject of a passive, or the
//!    object of any other verb (`fled Kyiv`) is literal. The dependency tree gives the
//!    relations; without one, the neighbouring words do.
//!
//! [`main_place`] and [`clause_place`] give the coder an event's location.

use dyad_core::{Document, Location, PlaceMention, Span};
use dyad_kb::gazetteer::{normalize, Gazetteer, GazetteerError, PlaceKind};
use dyad_kb::kb::{KbErrors, KnowledgeBase};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Errors while loading the place resolver.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    /// The gazetteer did not load.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// The knowledge base did not load.
    #[error(transparent)]
    Kb(#[from] KbErrors),
}

/// The place resolver: gazetteer plus the knowledge base's country names.
#[derive(Debug, Clone)]
pub struct Places {
    gaz: Gazetteer,
    /// Country adjectives and demonyms (exact case) → ISO3.
    adjectives: HashMap<String, String>,
    /// Capital cities (gazetteer indices).
    capitals: HashSet<u32>,
}

/// A candidate reading of a toponym.
#[derive(Debug, Clone, Copy)]
struct Cand {
    place: u32,
    alternate: bool,
}

/// A toponym found in the text, before and after resolution.
#[derive(Debug, Clone)]
struct Mention {
    tokens: Range<usize>,
    cands: Vec<Cand>,
    chosen: Option<u32>,
    /// A place the gazetteer lacks: its country (ISO3).
    unknown_country: Option<String>,
    /// Kind asked for by a descriptor.
    want: Option<PlaceKind>,
    /// Country of an adjective qualifying the name.
    adjective: Option<String>,
    /// Regions (`ISO3/admin1 code`) named in the same sentence, and (`doc:ISO3/admin1 code`)
    /// the regions of the document's unambiguous cities.
    near: HashSet<String>,
}

/// A country the document evidences, and where (see [`Places::evidence`]).
#[derive(Debug, Clone)]
struct Evidence<'p> {
    tokens: Range<usize>,
    sentence: usize,
    country: &'p str,
}

/// How close evidence must lie to a toponym to count as its own (words between them, same
/// sentence): a clause, not the sentence, which often joins an actor from elsewhere (`In
/// Washington, President Bush ... urged Moscow to respect Georgia's territorial integrity`).
const NEARBY_WORDS: usize = 10;

/// The country evidence around one mention, its own words left out (`Valencia` is no
/// evidence for Valencia): how many items name each country in the document, and whether one
/// of them lies near the mention ([`NEARBY_WORDS`]).
#[derive(Debug, Default)]
struct Context<'p> {
    countries: Vec<CountryEvidence<'p>>,
    /// The country with strictly more items than any other.
    leading: Option<&'p str>,
}

#[derive(Debug)]
struct CountryEvidence<'p> {
    country: &'p str,
    items: usize,
    nearby: bool,
}

impl<'p> Context<'p> {
    fn around(evidence: &[Evidence<'p>], tokens: &Range<usize>, sentence: usize) -> Self {
        let mut countries: Vec<CountryEvidence> = Vec::new();
        for e in evidence {
            if e.tokens.start < tokens.end && tokens.start < e.tokens.end {
                continue;
            }
            let i = match countries.iter().position(|c| c.country == e.country) {
                Some(i) => i,
                None => {
                    countries.push(CountryEvidence {
                        country: e.country,
                        items: 0,
                        nearby: false,
                    });
                    countries.len() - 1
                }
            };
            let gap = if e.tokens.start >= tokens.end {
                e.tokens.start - tokens.end
            } else {
                tokens.start.saturating_sub(e.tokens.end)
            };
            countries[i].items += 1;
            countries[i].nearby |= e.sentence == sentence && gap <= NEARBY_WORDS;
        }
        let max = countries.iter().map(|c| c.items).max().unwrap_or(0);
        let mut at_max = countries.iter().filter(|c| c.items == max);
        let leading = match (at_max.next(), at_max.next()) {
            (Some(c), None) => Some(c.country),
            _ => None,
        };
        Context { countries, leading }
    }

    /// Whether evidence for `country` lies near the mention.
    fn nearby(&self, country: &str) -> bool {
        self.countries
            .iter()
            .any(|c| c.country == country && c.nearby)
    }

    /// What the document's evidence adds to a reading in `country`: `+4` when the country
    /// leads it, `+3` when the document names it at all (so that the leading country wins
    /// only near-ties of population, under a factor of e), else nothing.
    fn document_bonus(&self, country: &str) -> f64 {
        if self.leading == Some(country) {
            4.0
        } else if self.countries.iter().any(|c| c.country == country) {
            3.0
        } else {
            0.0
        }
    }
}

/// Place-type words that make an unknown name a place (`the town of X`, `X district`).
const DESCRIPTORS_BEFORE: &[&str] = &[
    "town",
    "village",
    "city",
    "island",
    "port",
    "district",
    "province",
    "region",
    "camp",
    "valley",
    "state",
    "capital",
    "settlement",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "county",
    "governorate",
    "oblast",
    "area",
    "enclave",
    "stronghold",
];
const DESCRIPTORS_AFTER: &[&str] = &[
    "district",
    "province",
    "valley",
    "camp",
    "region",
    "state",
    "governorate",
    "oblast",
    "county",
    "prefecture",
];
const ADMIN_WORDS: &[&str] = &[
    "state",
    "province",
    "region",
    "governorate",
    "oblast",
    "county",
    "prefecture",
];
const CITY_WORDS: &[&str] = &["city", "town", "village", "port", "capital", "suburb"];

/// Words after a country that keep it a place in `U.S. Army officer` (institutions).
const INSTITUTION_WORDS: &[&str] = &[
    "Army",
    "Navy",
    "Marine",
    "Marines",
    "Air",
    "Force",
    "Forces",
    "Embassy",
    "Government",
    "Senate",
    "Congress",
    "Treasury",
    "Special",
    "Coast",
    "Supreme",
    "National",
    "Central",
    "Foreign",
    "Defense",
    "Defence",
    "Interior",
    "President",
    "Prime",
    "Ambassador",
    "Border",
    "Red",
    "Olympic",
    "Football",
    "Cup",
    "Open",
    "Parliament",
    "Police",
];

/// Capitalised words that make a name a street, building or monument, not a place.
const FEATURE_WORDS: &[&str] = &[
    "Monument",
    "Square",
    "Street",
    "Tower",
    "Bridge",
    "Market",
    "Airport",
    "Station",
    "Park",
    "Palace",
    "Ring",
    "Road",
    "Avenue",
    "Mosque",
    "Church",
    "Cathedral",
    "Hospital",
    "University",
    "Stadium",
    "Hotel",
    "Gate",
    "Building",
    "Boulevard",
    "Camp",
];

/// Verbs whose object is an actor, not a place (`accused Moscow`, `warned Kyiv`).
const ACTOR_OBJECT_VERBS: &[&str] = &[
    "accuse",
    "warn",
    "urge",
    "tell",
    "ask",
    "criticise",
    "criticize",
    "condemn",
    "blame",
    "threaten",
    "sanction",
    "support",
    "back",
    "recognise",
    "recognize",
    "thank",
    "praise",
    "invite",
    "call",
    "press",
    "pressure",
    "persuade",
    "convince",
    "help",
    "join",
    "defeat",
    "beat",
    "oppose",
    "attack",
    "fight",
    "trust",
    "reject",
];

/// Nouns after a possessive that keep the possessor a place (`Lebanon's second city`).
const PLACE_POSSESSED: &[&str] = &[
    "city",
    "capital",
    "town",
    "village",
    "state",
    "province",
    "region",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "border",
    "coast",
    "largest",
    "biggest",
    "second",
    "third",
    "oldest",
    "main",
    "island",
    "islands",
    "port",
    "mountains",
    "countryside",
    "streets",
    "airport",
    "outskirts",
    "centre",
    "center",
    "heart",
];

/// Prepositions after which a name is a place.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "across",
    "outside",
    "around",
    "through",
    "towards",
    "toward",
    "via",
    "throughout",
    "inside",
    "between",
    "of",
    "off",
    "onto",
    "within",
    "beyond",
    "around",
    "over",
    "under",
    "past",
    "along",
    "reach",
    "reached",
];

const MONTHS_DAYS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Places {
    /// The bundled gazetteer and knowledge base.
    ///
    /// Only `countries.toml` of the knowledge base is read (names, adjectives, capitals): the
    /// whole knowledge base takes ten times longer to load and adds nothing here. Loading takes
    /// about 0.1 s in release builds, nearly all of it the gazetteer.
    pub fn bundled() -> Result<Places, PlacesError> {
        let gaz = Gazetteer::bundled()?;
        let kb = KnowledgeBase::from_sources(&[dyad_kb::kb::Source {
            file: "countries.toml",
            text: include_str!("../../../data/kb/countries.toml"),
        }])?;
        Ok(Places::new(gaz, &kb))
    }

    /// A resolver from a gazetteer and the countries of a knowledge base.
    pub fn new(mut gaz: Gazetteer, kb: &KnowledgeBase) -> Places {
        let mut adjectives = HashMap::new();
        let mut capitals = HashSet::new();
        let mut names: Vec<(&str, u32, bool)> = Vec::new();
        for c in &kb.countries {
            // Former states and sub-state regions (`GEOABK`) are not the ISO country.
            if c.status == "former" || c.code.len() != 3 {
                continue;
            }
            let Some(row) = gaz.country(&c.iso3) else {
                continue;
            };
            for name in std::iter::once(&c.name).chain(&c.names) {
                let name = name.strip_prefix("the ").unwrap_or(name);
                // `the States` and the like are words, not names, once the article is gone.
                if name == "States" || name.chars().all(|ch| !ch.is_uppercase()) {
                    continue;
                }
                names.push((name, row, false));
            }
            for a in c.adjectives.iter().chain(&c.demonyms) {
                adjectives
                    .entry(a.clone())
                    .or_insert_with(|| c.iso3.clone());
            }
            for cap in &c.capitals {
                for h in gaz.lookup(cap) {
                    let p = gaz.place(h.place);
                    if p.kind == PlaceKind::City && p.country == c.iso3 && !h.alternate {
                        capitals.insert(h.place);
                    }
                }
            }
        }
        // `D.C.` is how news names the District of Columbia, whose GeoNames name is
        // `Washington, D.C.` (indexed as `Washington`).
        if let Some(dc) = gaz.admin1("USA", "DC") {
            names.push(("D.C.", dc, false));
            names.push(("District of Columbia", dc, false));
        }
        gaz.add_names(names);
        Places {
            gaz,
            adjectives,
            capitals,
        }
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The places named in a document (needs tokens and sentences; uses the syntax layer and,
    /// as country evidence and to drop organisations and people, the actor layer).
    pub fn find(&self, doc: &Document) -> Vec<PlaceMention> {
        let v = View::new(doc);
        let mut mentions = self.candidates(&v);
        self.drop_surnames(&v, &mut mentions);
        drop_actor_names(doc, &v, &mut mentions);
        self.resolve(&v, &mut mentions);
        self.unknown_places(&v, &mut mentions);
        drop_actor_names(doc, &v, &mut mentions);
        let dateline = dateline_end(doc);
        let mut out = Vec::new();
        for m in &mentions {
            let Some(mut loc) = self.location(m) else {
                continue;
            };
            let span = v.span(&m.tokens);
            if loc.name.is_empty() {
                loc.name = v.text_of(&m.tokens).to_string();
            }
            let literal = span.end as usize <= dateline || self.is_literal(&v, m);
            out.push(PlaceMention {
                span,
                sentence: v.sentence_of(m.tokens.start) as u32,
                location: loc,
                literal,
            });
        }
        out
    }

    fn location(&self, m: &Mention) -> Option<Location> {
        if let Some(p) = m.chosen {
            let p = self.gaz.place(p);
            return Some(Location {
                name: p.name.clone(),
                country: p.country.clone(),
                admin1: match p.kind {
                    PlaceKind::Country => None,
                    _ => p.admin1.clone(),
                },
                lat: p.lat,
                lon: p.lon,
                geonames_id: Some(p.geonames_id),
            });
        }
        let iso = m.unknown_country.as_ref()?;
        let c = self.gaz.place(self.gaz.country(iso)?);
        Some(Location {
            name: String::new(),
            country: iso.clone(),
            admin1: None,
            lat: c.lat,
            lon: c.lon,
            geonames_id: None,
        })
    }

    /// Whether a gazetteer name may begin at token `i`; `false` skips the look-ups of every
    /// length there. Certain when the token ends where its first word does (before a space, a
    /// hyphen or the end of the text): every name the tokens from `i` on can spell then begins
    /// with the token's own first word. Otherwise ("Kyiv's", glued to the next token) `true`.
    fn may_begin_at(&self, v: &View, i: usize) -> bool {
        let Some(end) = v.doc.tokens.get(i).map(|t| t.span.end as usize) else {
            return false;
        };
        let next = v.doc.text().get(end..).and_then(|r| r.chars().next());
        let ends_word =
            next.is_none_or(|c| matches!(c, '-' | '‐' | '–' | ' ' | '\t' | '\n' | '\u{a0}'));
        if !ends_word {
            return true;
        }
        let key = normalize(v.words.get(i).copied().unwrap_or(""));
        self.gaz
            .may_begin_with(key.split(' ').next().unwrap_or(&key))
    }

    /// Step 1: the token sequences that name gazetteer places.
    fn candidates(&self, v: &View) -> Vec<Mention> {
        let n = v.len();
        let max = self.gaz.max_words().clamp(1, 7);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            if !v.starts_cap(i) || MONTHS_DAYS.contains(&v.lower[i].as_str()) {
                i += 1;
                continue;
            }
            if !self.may_begin_at(v, i) {
                i += 1;
                continue;
            }
            let sent_end = v.sentence_range(i).end;
            let mut found = None;
            let top = max.min(sent_end - i);
            for len in (1..=top).rev() {
                let r = i..i + len;
                // A name starts and ends with a word, never with `.` or `'s`.
                let wordlike = |k: usize| v.words[k].starts_with(|c: char| c.is_alphanumeric());
                if !wordlike(r.start) || !wordlike(r.end - 1) {
                    continue;
                }
                let text = v.text_of(&r);
                if text.contains('\n') {
                    continue;
                }
                let key = normalize(text);
                let hits = self.gaz.lookup_normalized(&key);
                let upper = text.chars().all(|c| !c.is_lowercase());
                // An acronym (`UN`, `U.N.`) only matches an acronym (`US`, `DRC`), never a
                // town that happens to be spelt the same (`Un`, India).
                let letters = text.chars().filter(|c| c.is_alphabetic()).count();
                let acronym = upper && (letters <= 3 || text.contains('.'));
                let cands: Vec<Cand> = hits
                    .iter()
                    .filter(|h| if h.caps { upper } else { !acronym })
                    .map(|h| Cand {
                        place: h.place,
                        alternate: h.alternate,
                    })
                    .collect();
                if !cands.is_empty() {
                    found = Some((r, cands));
                    break;
                }
            }
            let Some((r, cands)) = found else {
                i += 1;
                continue;
            };
            if self.keep_candidate(v, &r, &cands) {
                i = r.end;
                out.push(Mention {
                    tokens: r,
                    cands,
                    chosen: None,
                    unknown_country: None,
                    want: None,
                    adjective: None,
                    near: HashSet::new(),
                });
            } else {
                // Skip the whole name (`Chad Whitmore`): its later words are not places either.
                i += 1;
                while i < n && v.starts_cap(i) && !v.is_sentence_start(i) {
                    i += 1;
                }
            }
        }
        out
    }

    /// A word that ends a longer capitalised name elsewhere in the document (`Juan Manuel
    /// Santos`, `Rodrigo Londoño`) is that person's surname when it stands alone, not the
    /// city of the same name; countries are exempt (`Lake Chad` … `Chad will send`).
    fn drop_surnames(&self, v: &View, ms: &mut Vec<Mention>) {
        let in_mention = |k: usize| ms.iter().any(|m| m.tokens.contains(&k));
        let mut surnames: HashSet<&str> = HashSet::new();
        for k in 1..v.len() {
            let name_end = v.starts_cap(k)
                && !v
                    .starts_cap(k + 1)
                    .then_some(())
                    .is_some_and(|_| v.same_sentence(k, k + 1));
            if !name_end || in_mention(k) || !v.same_sentence(k - 1, k) {
                continue;
            }
            let p = k - 1;
            if v.starts_cap(p)
                && !v.is_sentence_start(p)
                && !v.is_function_word(p)
                && !in_mention(p)
                || v.starts_cap(p) && v.is_title_like(p)
            {
                surnames.insert(v.words[k]);
            }
        }
        ms.retain(|m| {
            let country = m
                .cands
                .iter()
                .any(|c| self.gaz.place(c.place).kind == PlaceKind::Country && !c.alternate);
            country || m.tokens.len() > 1 || !surnames.contains(v.words[m.tokens.start])
        });
    }

    /// Whether a token sequence that matches a name is used as a place name here.
    fn keep_candidate(&self, v: &View, r: &Range<usize>, cands: &[Cand]) -> bool {
        let is_country = cands
            .iter()
            .any(|c| self.gaz.place(c.place).kind == PlaceKind::Country && !c.alternate);
        // `Somali` is a region of Ethiopia, but in text it is an adjective.
        if !is_country && self.adjectives.contains_key(v.text_of(r)) {
            return false;
        }
        // Features below city level (`Victory Monument`, `Freedom Square`).
        if r.end < v.len() + 1 {
            let last = v.words[r.end - 1];
            let next = v.words.get(r.end).copied().unwrap_or("");
            if FEATURE_WORDS.contains(&last) || FEATURE_WORDS.contains(&next) {
                return false;
            }
        }
        // The tagger's view: a place name has a proper noun in it.
        if let Some(syn) = v.syntax() {
            // Country names are trusted even when tagged as nouns (`Guinea`).
            let propn = r.clone().any(|k| syn.upos[k] == "PROPN");
            // The tagger misses some (`the town of Cambrils`, tagged as a plural noun): an own
            // name inside the sentence after a preposition or in a list is kept too.
            let own = cands.iter().any(|c| !c.alternate);
            let cue = r.start > 0
                && !v.is_sentence_start(r.start)
                && (LOCATIVE.contains(&v.lower[r.start - 1].as_str())
                    || matches!(v.words[r.start - 1], "," | "and"));
            if !(propn || is_country || own && cue) {
                return false;
            }
        } else if r.len() == 1 && v.is_sentence_start(r.start) && !is_country {
            return false;
        }
        // Alternate names only: trust them for big places (`Kiev`, `Bombay`), not for every
        // word some town was once called.
        let own = cands.iter().any(|c| !c.alternate);
        if !own {
            let big = cands
                .iter()
                .any(|c| self.gaz.place(c.place).population >= 100_000);
            if !big {
                return false;
            }
        }
        // Alternate names at the start of a sentence are common words (`Police`).
        if !own && v.is_sentence_start(r.start) {
            return false;
        }
        // `the Gulf`: an article the name does not include makes it a common noun, unless a
        // descriptor follows (`the Donetsk region`).
        if !is_country && r.start > 0 && v.words[r.start - 1] == "the" {
            let after = v.lower.get(r.end).map(String::as_str).unwrap_or("");
            if !ADMIN_WORDS.contains(&after) && !DESCRIPTORS_AFTER.contains(&after) {
                return false;
            }
        }
        // `al-Ahmad`: the end of a hyphenated name.
        if r.start > 0
            && v.words[r.start - 1] == "-"
            && v.doc.tokens[r.start - 1].span.end == v.doc.tokens[r.start].span.start
        {
            return false;
        }
        // Followed by another capitalised word: part of a longer name.
        let next = r.end;
        if next < v.len() && v.same_sentence(r.start, next) && v.starts_cap(next) {
            let w = v.words[next];
            let allowed = (is_country && INSTITUTION_WORDS.contains(&w))
                || MONTHS_DAYS.contains(&v.lower[next].as_str())
                || self.adjectives.contains_key(w) && !is_country;
            if !allowed {
                return false;
            }
        }
        // Preceded by a capitalised word that is not a sentence opener, or by `Name of`.
        if r.start > 0 && v.same_sentence(r.start - 1, r.start) {
            let p = r.start - 1;
            if v.starts_cap(p) && !v.is_sentence_start(p) && !v.is_function_word(p) {
                let adjective = self.adjectives.contains_key(v.words[p]);
                let title = v.is_title_like(p);
                if !adjective && !title {
                    return false;
                }
                if title {
                    // `Premier Victoria Hale`: a title before a name-like word.
                    return false;
                }
            }
            if matches!(v.lower[p].as_str(), "of" | "for")
                && p > 0
                && v.same_sentence(p - 1, p)
                && v.starts_cap(p - 1)
                && !v.is_sentence_start(p - 1)
                && !v.is_function_word(p - 1)
            {
                return false;
            }
        }
        true
    }

    /// Step 2: choose a reading for each candidate.
    fn resolve(&self, v: &View, ms: &mut [Mention]) {
        // Descriptors and adjectives around each mention.
        for m in ms.iter_mut() {
            let a = m.tokens.start;
            let after = v.lower.get(m.tokens.end).map(String::as_str).unwrap_or("");
            if ADMIN_WORDS.contains(&after) {
                m.want = Some(PlaceKind::Admin1);
            }
            if a >= 2 && v.lower[a - 1] == "of" {
                let d = v.lower[a - 2].as_str();
                if ADMIN_WORDS.contains(&d) {
                    m.want = Some(PlaceKind::Admin1);
                } else if CITY_WORDS.contains(&d) {
                    m.want = Some(PlaceKind::City);
                }
            }
            // `the northern Lebanese city of Tripoli`, `the Indian state of Punjab`.
            let lo = a.saturating_sub(5);
            for k in (lo..a).rev() {
                if !v.same_sentence(k, a) {
                    break;
                }
                if let Some(c) = self.adjectives.get(v.words[k]) {
                    let between_ok = (k + 1..a).all(|j| {
                        let l = v.lower[j].as_str();
                        l == "of"
                            || CITY_WORDS.contains(&l)
                            || ADMIN_WORDS.contains(&l)
                            || !v.starts_cap(j) && l.chars().all(|c| c.is_alphabetic())
                    });
                    if between_ok && (k + 1..a).any(|j| v.lower[j] == "of") {
                        m.adjective = Some(c.clone());
                    }
                    break;
                }
            }
        }
        // Country evidence: actor mentions, adjectives, toponyms with one clear country; seen
        // from each mention without its own words.
        let evidence = self.evidence(v, ms);
        let contexts: Vec<Context> = ms
            .iter()
            .map(|m| Context::around(&evidence, &m.tokens, v.sentence_of(m.tokens.start)))
            .collect();
        // The regions the sentence names, so that `Geneva ... in Illinois` may still mean the
        // small namesake. (The sentence's countries never do: they are most often actors,
        // `U.S. and Russian negotiators will meet in Geneva`, and say little of the place.)
        let mut near: Vec<HashSet<String>> = vec![HashSet::new(); ms.len()];
        for (oi, o) in ms.iter().enumerate() {
            let mut named: Vec<String> = Vec::new();
            for c in o.cands.iter().filter(|c| !c.alternate) {
                let p = self.gaz.place(c.place);
                if p.kind == PlaceKind::Admin1 && !p.admin1_code.is_empty() {
                    named.push(format!("{}/{}", p.country, p.admin1_code));
                }
            }
            for (mi, m) in ms.iter().enumerate() {
                // A name is no evidence for its namesake (`Georgia stands with Georgia`).
                let namesake = v.text_of(&o.tokens) == v.text_of(&m.tokens);
                if mi != oi && !namesake && v.same_sentence(o.tokens.start, m.tokens.start) {
                    near[mi].extend(named.iter().cloned());
                }
            }
        }
        // Regions whose cities the document names with one clear reading (`ATLANTA` makes
        // `Georgia` the state, not the country), marked `doc:` in `near`.
        let mut doc_regions: HashSet<String> = HashSet::new();
        for m in ms.iter() {
            let Some(b) = self.best(m, None) else {
                continue;
            };
            let p = self.gaz.place(b);
            if p.kind == PlaceKind::City && !p.admin1_code.is_empty() && self.dominant(m) {
                doc_regions.insert(format!("doc:{}/{}", p.country, p.admin1_code));
            }
        }
        for (m, mut n) in ms.iter_mut().zip(near) {
            n.extend(doc_regions.iter().cloned());
            m.near = n;
        }
        // Pairs `X, Y` where Y contains X.
        let mut paired = vec![false; ms.len()];
        for mi in 0..ms.len().saturating_sub(1) {
            let (a, b) = (&ms[mi], &ms[mi + 1]);
            if b.tokens.start != a.tokens.end + 1 || v.words[a.tokens.end] != "," {
                continue;
            }
            let mut best: Option<(f64, u32, u32)> = None;
            for ca in &a.cands {
                let pa = self.gaz.place(ca.place);
                for cb in &b.cands {
                    let pb = self.gaz.place(cb.place);
                    let inside = match pb.kind {
                        PlaceKind::Country => {
                            pa.country == pb.country && pa.kind != PlaceKind::Country
                        }
                        PlaceKind::Admin1 => {
                            pa.kind == PlaceKind::City
                                && pa.country == pb.country
                                && pa.admin1_code == pb.admin1_code
                        }
                        PlaceKind::City => false,
                    };
                    if !inside {
                        continue;
                    }
                    let s = self.score(a, *ca, Some(&contexts[mi]))
                        + self.score(b, *cb, Some(&contexts[mi + 1]));
                    if best.is_none_or(|(bs, _, _)| s > bs) {
                        best = Some((s, ca.place, cb.place));
                    }
                }
            }
            if let Some((_, pa, pb)) = best {
                ms[mi].chosen = Some(pa);
                ms[mi + 1].chosen = Some(pb);
                paired[mi] = true;
                paired[mi + 1] = true;
            }
        }
        for (mi, m) in ms.iter_mut().enumerate() {
            if paired[mi] {
                continue;
            }
            m.chosen = self.best(m, Some(&contexts[mi]));
        }
        // `X, Y` or `X in Y` with Y a country where the gazetteer has no X (it stops at
        // 15,000 people): X is a place in Y the gazetteer lacks, not a namesake abroad ("the
        // town of Palma in Mozambique" is not Palma de Mallorca).
        for mi in 0..ms.len().saturating_sub(1) {
            let (a, b) = (&ms[mi], &ms[mi + 1]);
            let glue = v.lower.get(a.tokens.end).map(String::as_str);
            if paired[mi] || b.tokens.start != a.tokens.end + 1 || !matches!(glue, Some("," | "in"))
            {
                continue;
            }
            let Some(country) = b.chosen.map(|p| self.gaz.place(p)) else {
                continue;
            };
            // Not a list of countries ("envoys of Ukraine, Russia and the OSCE").
            let after = v.lower.get(b.tokens.end).map(String::as_str);
            let list = matches!(after, Some("," | "and" | "or"));
            if list
                || country.kind != PlaceKind::Country
                || a.cands.iter().any(|c| {
                    let p = self.gaz.place(c.place);
                    p.country == country.country || p.kind == PlaceKind::Country
                })
            {
                continue;
            }
            let iso = country.country.clone();
            let m = &mut ms[mi];
            m.chosen = None;
            m.unknown_country = Some(iso);
        }
    }

    /// Whether the most populous reading outweighs the rest tenfold.
    fn dominant(&self, m: &Mention) -> bool {
        let mut pops: Vec<u64> = m
            .cands
            .iter()
            .map(|c| self.gaz.place(c.place).population)
            .collect();
        pops.sort_unstable_by(|a, b| b.cmp(a));
        pops.len() == 1 || pops[0] >= pops[1].saturating_mul(10)
    }

    /// The country a toponym names whatever its reading, so that it may count as evidence for
    /// the others: its only country, or the one whose largest reading outweighs every other
    /// country's tenfold (`Madrid`: the Spanish city and region, not the Colombian town).
    fn own_country(&self, m: &Mention) -> Option<&str> {
        // Own names first; a name known only as an alternate (`Seville`, `Kiev`) by those.
        let own = m.cands.iter().any(|c| !c.alternate);
        let mut countries = m
            .cands
            .iter()
            .filter(|c| !own || !c.alternate)
            .map(|c| self.gaz.place(c.place).country.as_str());
        let first = countries.next()?;
        if countries.all(|c| c == first) {
            return Some(first);
        }
        // Alternate names count here: a big city elsewhere once called so makes it ambiguous.
        let mut top: Option<(&str, u64)> = None;
        for c in &m.cands {
            let p = self.gaz.place(c.place);
            if top.is_none_or(|(_, n)| p.population > n) {
                top = Some((p.country.as_str(), p.population));
            }
        }
        let (country, pop) = top?;
        let rival = m
            .cands
            .iter()
            .map(|c| self.gaz.place(c.place))
            .filter(|p| p.country != country)
            .map(|p| p.population)
            .max()
            .unwrap_or(0);
        (pop >= rival.saturating_mul(10)).then_some(country)
    }

    /// The document's country evidence, each item with its tokens and sentence: the country of
    /// every actor mention of a person, body or country (`Pedro Sánchez`, `the Kremlin`), not
    /// of a role (`police`) or by coreference; each capitalised country adjective outside them
    /// (`Spanish police`, `a Spanish court`); and each toponym with one clear country
    /// ([`Places::own_country`]). An actor mention on a toponym (`Madrid said`, `Spain`,
    /// `Georgia`) counts as the toponym does.
    fn evidence<'p>(&'p self, v: &View, ms: &[Mention]) -> Vec<Evidence<'p>> {
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let mut out: Vec<Evidence> = Vec::new();
        for a in &v.doc.actors {
            let (s, e) = (a.tokens.start as usize, a.tokens.end as usize);
            // A bare agent's country is often the toponym's own, attached from it (`Voters in
            // Georgia`): `Spanish police` counts by its adjective below.
            if matches!(a.how.as_str(), "coref" | "agent") || s >= e || e > v.len() {
                continue;
            }
            // A toponym speaks for itself below: the actor layer reads `Georgia` as the
            // country whatever the story means.
            if ms.iter().any(|m| overlaps(&m.tokens, &(s..e))) {
                continue;
            }
            // Regional and IGO codes (`AFR`, `IGO`) are no country of the gazetteer.
            let Some(row) = a.country.as_deref().and_then(|c| self.gaz.country(c)) else {
                continue;
            };
            out.push(Evidence {
                tokens: s..e,
                sentence: v.sentence_of(s),
                country: self.gaz.place(row).country.as_str(),
            });
        }
        let actors = out.len();
        for (k, w) in v.words.iter().enumerate() {
            if let Some(c) = self.adjectives.get(*w) {
                let inside = out[..actors].iter().any(|x| x.tokens.contains(&k));
                if v.starts_cap(k) && !inside {
                    out.push(Evidence {
                        tokens: k..k + 1,
                        sentence: v.sentence_of(k),
                        country: c.as_str(),
                    });
                }
            }
        }
        for m in ms {
            if let Some(c) = self.own_country(m) {
                out.push(Evidence {
                    tokens: m.tokens.clone(),
                    sentence: v.sentence_of(m.tokens.start),
                    country: c,
                });
            }
        }
        out
    }

    fn best(&self, m: &Mention, ctx: Option<&Context>) -> Option<u32> {
        let mut best: Option<(f64, u32)> = None;
        for c in &m.cands {
            let s = self.score(m, *c, ctx);
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, c.place));
            }
        }
        best.map(|(_, p)| p)
    }

    /// A reading's score: `ln(population)`, kind and name adjustments, and the context's
    /// bonuses (`ctx` is `None` for the reading a name has on its own).
    fn score(&self, m: &Mention, c: Cand, ctx: Option<&Context>) -> f64 {
        let p = self.gaz.place(c.place);
        let mut s = ((p.population + 1) as f64).ln();
        s += match p.kind {
            PlaceKind::Country => 3.0,
            PlaceKind::Admin1 => -1.0,
            PlaceKind::City => 0.0,
        };
        if self.capitals.contains(&c.place) {
            s += 2.0;
        }
        if c.alternate {
            s -= 3.0;
        }
        // The document's countries favour their own readings, but not a small namesake over
        // a famous place (`Geneva` in a story from Washington is in Switzerland, not
        // Illinois; `Paris` stays in France however much Texas the story has): that takes
        // the region named in the same sentence, an adjective or `Paris, Texas`.
        // A region's population is the sum of its cities', no measure of fame beside a
        // city's: the Spanish `Córdoba` is no small namesake of the Argentine province, only
        // of places (cities, countries) themselves; a region is measured against every reading.
        let top_of = |regions: bool| {
            m.cands
                .iter()
                .map(|c| self.gaz.place(c.place))
                .filter(|q| regions || q.kind != PlaceKind::Admin1)
                .map(|q| q.population)
                .max()
        };
        let top = match p.kind {
            PlaceKind::Admin1 => top_of(true),
            _ => top_of(false),
        }
        .unwrap_or(0);
        let small_namesake = top >= 100_000 && p.population.saturating_mul(8) < top;
        let named_near = m.near.contains(&format!("{}/{}", p.country, p.admin1_code));
        // Evidence near the mention: a country, or a region containing this reading named in
        // the sentence (which also lifts a small namesake: `Geneva, in Illinois`). Not both:
        // `Atlanta, Georgia` names the region and the country at once. A country's name is
        // not swayed by the countries around it, its partners far more often than its
        // container (`the United States backed Georgia`).
        let ctx = ctx.filter(|_| !small_namesake);
        let country_name = || {
            m.cands
                .iter()
                .any(|c| !c.alternate && self.gaz.place(c.place).kind == PlaceKind::Country)
        };
        if ctx.is_some_and(|x| x.nearby(&p.country)) && !country_name() {
            s += 5.0;
        } else if named_near {
            s += 4.0;
        }
        if let Some(ctx) = ctx {
            s += ctx.document_bonus(&p.country);
        }
        if p.kind == PlaceKind::Admin1
            && m.near
                .contains(&format!("doc:{}/{}", p.country, p.admin1_code))
        {
            s += 4.0;
        }
        if m.adjective.as_deref() == Some(p.country.as_str()) {
            s += 10.0;
        }
        if m.want == Some(p.kind) {
            s += 6.0;
        }
        s
    }

    /// Step 3: names the gazetteer lacks, after descriptors; and small foreign namesakes.
    fn unknown_places(&self, v: &View, ms: &mut Vec<Mention>) {
        // Country counts of the resolved places.
        let mut counts: HashMap<String, usize> = HashMap::new();
        for m in ms.iter() {
            if let Some(p) = m.chosen {
                *counts.entry(self.gaz.place(p).country.clone()).or_default() += 1;
            }
        }
        let main_country = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(c, _)| c.clone());
        // A small town abroad that no other mention supports: a local place of the same name.
        for i in 0..ms.len() {
            let Some(p) = ms[i].chosen else { continue };
            let place = self.gaz.place(p);
            let alternate_only = ms[i].cands.iter().all(|c| c.alternate);
            if place.kind != PlaceKind::City || place.population >= 100_000 && !alternate_only {
                continue;
            }
            if counts.get(&place.country).copied().unwrap_or(0) > 1 {
                continue;
            }
            // Without a descriptor, only when the document is clearly about another country.
            let strong_main = main_country
                .as_ref()
                .is_some_and(|c| counts.get(c).copied().unwrap_or(0) >= 3);
            if let Some(c) = self
                .nearby_country(v, ms, i)
                .or_else(|| main_country.clone())
            {
                if c != place.country && (strong_main || self.has_descriptor(v, &ms[i].tokens)) {
                    ms[i].chosen = None;
                    ms[i].unknown_country = Some(c);
                }
            }
        }
        // Unknown names after descriptors.
        let taken: Vec<Range<usize>> = ms.iter().map(|m| m.tokens.clone()).collect();
        let overlaps = |r: &Range<usize>| taken.iter().any(|t| t.start < r.end && r.start < t.end);
        let mut new: Vec<Mention> = Vec::new();
        for i in 0..v.len() {
            if !v.starts_cap(i)
                || v.is_sentence_start(i)
                || MONTHS_DAYS.contains(&v.lower[i].as_str())
            {
                continue;
            }
            if i > 0 && v.starts_cap(i - 1) && !v.is_function_word(i - 1) {
                continue;
            }
            if let Some(syn) = v.syntax() {
                if syn.upos[i] != "PROPN" {
                    continue;
                }
            }
            let mut e = i + 1;
            while e < v.len() && e < i + 3 && v.starts_cap(e) && v.same_sentence(i, e) {
                e += 1;
            }
            let r = i..e;
            if overlaps(&r) {
                continue;
            }
            // A single word in a list of places: `in Madaya, Moadamiyeh and three other
            // towns` (two capitalised words after a place are more often a person).
            let listed = i >= 2
                && e == i + 1
                && v.words[i - 1] == ","
                && taken.iter().any(|t| t.end == i - 1)
                && matches!(v.words.get(e).copied(), Some("and" | "or"));
            let feature =
                (i..e + 1).any(|k| v.words.get(k).is_some_and(|w| FEATURE_WORDS.contains(w)));
            if feature {
                continue;
            }
            if !listed && !self.has_descriptor(v, &r) {
                continue;
            }
            new.push(Mention {
                tokens: r,
                cands: Vec::new(),
                chosen: None,
                unknown_country: None,
                want: None,
                adjective: None,
                near: HashSet::new(),
            });
        }
        for m in &mut new {
            let c = self
                .nearby_country_tokens(v, ms, &m.tokens)
                .or_else(|| main_country.clone());
            m.unknown_country = c;
        }
        new.retain(|m| m.unknown_country.is_some());
        // Later mentions of a name found this way are the same place (`across Mindanao`).
        let names: Vec<(String, String)> = new
            .iter()
            .filter_map(|m| Some((v.text_of(&m.tokens).to_string(), m.unknown_country.clone()?)))
            .collect();
        let mut all: Vec<Range<usize>> = taken.clone();
        all.extend(new.iter().map(|m| m.tokens.clone()));
        for (name, country) in names {
            let len = name.split_whitespace().count();
            for i in 0..v.len().saturating_sub(len - 1) {
                let r = i..i + len;
                if v.text_of(&r) != name || all.iter().any(|t| t.start < r.end && r.start < t.end) {
                    continue;
                }
                if r.end < v.len() && v.starts_cap(r.end) && v.same_sentence(i, r.end) {
                    continue;
                }
                all.push(r.clone());
                new.push(Mention {
                    tokens: r,
                    cands: Vec::new(),
                    chosen: None,
                    unknown_country: Some(country.clone()),
                    want: None,
                    adjective: None,
                    near: HashSet::new(),
                });
            }
        }
        ms.extend(new);
        ms.sort_by_key(|m| m.tokens.start);
    }

    /// `the town of X`, `X district`, `the X valley`, `near X`.
    fn has_descriptor(&self, v: &View, r: &Range<usize>) -> bool {
        let a = r.start;
        let after = v.lower.get(r.end).map(String::as_str).unwrap_or("");
        if DESCRIPTORS_AFTER.contains(&after) && a > 0 {
            return true;
        }
        if a >= 1 && matches!(v.lower[a - 1].as_str(), "near" | "around") {
            return true;
        }
        if a >= 2 && v.lower[a - 1] == "of" && DESCRIPTORS_BEFORE.contains(&v.lower[a - 2].as_str())
        {
            return true;
        }
        false
    }

    fn nearby_country(&self, v: &View, ms: &[Mention], i: usize) -> Option<String> {
        let r = ms[i].tokens.clone();
        let others: Vec<Mention> = ms
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, m)| m.clone())
            .collect();
        self.nearby_country_tokens(v, &others, &r)
    }

    /// The country of the nearest resolved place in the same sentence.
    fn nearby_country_tokens(&self, v: &View, ms: &[Mention], r: &Range<usize>) -> Option<String> {
        let s = v.sentence_of(r.start);
        ms.iter()
            .filter(|m| v.sentence_of(m.tokens.start) == s)
            .filter_map(|m| {
                let c = match m.chosen {
                    Some(p) => self.gaz.place(p).country.clone(),
                    None => m.unknown_country.clone()?,
                };
                let d = if m.tokens.start >= r.end {
                    m.tokens.start - r.end
                } else {
                    r.start.saturating_sub(m.tokens.end)
                };
                Some((d, c))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    /// Step 4: literal place or metonym.
    fn is_literal(&self, v: &View, m: &Mention) -> bool {
        let a = m.tokens.start;
        let prev = if a > 0 && v.same_sentence(a - 1, a) {
            v.lower[a - 1].as_str()
        } else {
            ""
        };
        if prev == "for" && a >= 2 && v.lower[a - 2].starts_with("play") {
            return false;
        }
        let is_country = match m.chosen {
            Some(p) => self.gaz.place(p).kind == PlaceKind::Country,
            None => false,
        };
        // Possessive: `Kenya's ambassador` (actor) or `Lebanon's second city` (place).
        let e = m.tokens.end;
        if e < v.len() && matches!(v.words[e], "'s" | "’s" | "'" | "’") {
            let next = v.lower.get(e + 1).map(String::as_str).unwrap_or("");
            let next_is_place_name = e + 1 < v.len() && v.starts_cap(e + 1);
            return PLACE_POSSESSED.contains(&next) || next_is_place_name;
        }
        // `the U.S.-based cleric`, `Saudi-led`, `Gaza-born`: a modifier of a noun, never where
        // the clause happens.
        if e + 1 < v.len()
            && v.words[e] == "-"
            && v.doc.tokens[e - 1].span.end == v.doc.tokens[e].span.start
            && v.doc.tokens[e].span.end == v.doc.tokens[e + 1].span.start
            && v.words[e + 1].chars().all(|c| c.is_lowercase())
        {
            return false;
        }
        if prev == "between" && between_parties(v, a - 1) {
            return false;
        }
        if LOCATIVE.contains(&prev) {
            return true;
        }
        if let Some(syn) = v.syntax() {
            // The head token of the name: the one whose head lies outside it.
            let h = m
                .tokens
                .clone()
                .find(|&k| syn.head[k].is_none_or(|x| !m.tokens.contains(&(x as usize))))
                .unwrap_or(m.tokens.end - 1);
            let mut k = h;
            // Conjuncts share the relation of the first one (`Kenya and Turkey flew`).
            for _ in 0..4 {
                if syn.deprel[k] == "conj" {
                    match syn.head[k] {
                        Some(x) if (x as usize) < syn.len() => k = x as usize,
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            let rel = syn.deprel[k].as_str();
            let head = syn.head[k].map(|x| x as usize).filter(|&x| x < syn.len());
            // The word before the first conjunct's name (`played for Leeds and Denver`).
            if k < m.tokens.start {
                let mut s = k;
                while s > 0 && v.starts_cap(s - 1) && v.same_sentence(s - 1, s) {
                    s -= 1;
                }
                if s >= 2 && v.lower[s - 1] == "for" && v.lower[s - 2].starts_with("play") {
                    return false;
                }
            }
            // A preposition on the (first) conjunct: `in Madaya, Moadamiyeh and …`.
            // An addressee, not a place: `called on Washington to hand him over`, `appealed to
            // Moscow`, `wrote to Paris`.
            let head_lemma = syn.head[k]
                .map(|x| x as usize)
                .filter(|&x| x < syn.len())
                .map(|x| syn.lemma[x].to_lowercase())
                .unwrap_or_default();
            let addressee = (0..syn.len()).any(|c| {
                syn.head[c] == Some(k as u32)
                    && syn.deprel[c] == "case"
                    && match v.lower[c].as_str() {
                        "on" | "upon" => head_lemma == "call",
                        "to" => ADDRESS_VERBS.contains(&head_lemma.as_str()),
                        _ => false,
                    }
            });
            if addressee {
                return false;
            }
            let case = (0..syn.len()).find(|&c| {
                syn.head[c] == Some(k as u32)
                    && syn.deprel[c] == "case"
                    && LOCATIVE.contains(&v.lower[c].as_str())
            });
            if let Some(c) = case {
                return !(v.lower[c] == "between" && between_parties(v, c));
            }
            // A subject of a passive the parser labelled `nsubj` (`Seattle was hit`).
            let passive = head.is_some_and(|x| {
                // `were hit`: a participle (tagged VBN, or VB/VBD for the forms that are the
                // same) under a form of `be`; `were fighting` (VBG) is active.
                matches!(syn.xpos[x].as_str(), "VBN" | "VBD" | "VB")
                    && (0..syn.len()).any(|c| {
                        syn.head[c] == Some(x as u32)
                            && (syn.deprel[c] == "aux:pass"
                                || syn.deprel[c].starts_with("aux") && syn.lemma[c] == "be")
                    })
            });
            match rel {
                "nsubj" => return passive,
                "nsubj:pass" => return true,
                "obj" | "iobj" => {
                    let verb = head
                        .map(|x| syn.lemma[x].to_lowercase())
                        .unwrap_or_default();
                    return !ACTOR_OBJECT_VERBS.contains(&verb.as_str());
                }
                "compound" | "amod" | "nmod:poss" => {
                    if is_country {
                        let head_is_place = head.is_some_and(|x| {
                            PLACE_POSSESSED.contains(&v.lower[x].as_str())
                                || ADMIN_WORDS.contains(&v.lower[x].as_str())
                        });
                        return head_is_place;
                    }
                    return true;
                }
                _ => return true,
            }
        }
        // No tree: a country right before a noun is a modifier (`U.S. troops`); a name right
        // before a verb of saying or acting is its subject.
        let next = v.lower.get(e).map(String::as_str).unwrap_or("");
        if is_country
            && e < v.len()
            && !v.starts_cap(e)
            && next.chars().all(|c| c.is_alphabetic())
            && !["and", "or", "is", "was", "has", "had", "said", "says"].contains(&next)
            && !next.ends_with("ed")
        {
            return false;
        }
        let actor_next = [
            "said",
            "says",
            "sent",
            "will",
            "would",
            "has",
            "have",
            "accused",
            "warned",
            "urged",
            "called",
            "does",
            "did",
            "holds",
            "stands",
            "belongs",
            "wants",
            "insists",
            "announced",
            "agreed",
            "rejected",
            "denied",
            "demanded",
            "flew",
            "can",
            "could",
        ];
        !(actor_next.contains(&next) || next.ends_with("ed") && !prev.is_empty() && prev == "and")
    }
}

/// Names the actor layer knows as an organisation or a person are not places: `Hamas` is
/// also an old name of Hamm (Germany), `Georgia Whitfield` is a person. The whole name of an
/// organisation is no place anywhere in the document (`Hamas negotiators` too), while a
/// toponym inside a longer organisation name stays one (`the Hong Kong government`); a person
/// drops every toponym inside the name.
fn drop_actor_names(doc: &Document, v: &View, ms: &mut Vec<Mention>) {
    let mut orgs: HashSet<String> = HashSet::new();
    let mut persons: Vec<Range<usize>> = Vec::new();
    for a in &doc.actors {
        let (s, e) = (a.tokens.start as usize, a.tokens.end as usize);
        if s >= e || e > v.len() {
            continue;
        }
        match a.how.as_str() {
            "person" => persons.push(s..e),
            "org" => {
                // The mention may carry an article the name lacks (`the Taliban`).
                let s = if v.lower[s] == "the" { s + 1 } else { s };
                if s < e {
                    orgs.insert(v.text_of(&(s..e)).to_string());
                }
            }
            _ => {}
        }
    }
    ms.retain(|m| {
        !orgs.contains(v.text_of(&m.tokens))
            && !persons
                .iter()
                .any(|p| p.start <= m.tokens.start && m.tokens.end <= p.end)
    });
}

/// Verbs whose `to` object is the addressee (`appealed to Moscow`), not a destination.
const ADDRESS_VERBS: &[&str] = &[
    "appeal",
    "write",
    "speak",
    "talk",
    "apologize",
    "apologise",
    "complain",
    "reply",
    "respond",
    "explain",
    "report",
    "plead",
];

/// Words before `between` that make the names after it the parties of a relation, not
/// places: `talks between Israel and Hamas`, `mediated between Kenya and Somalia` (but `the
/// border between Israel and Lebanon` is a place).
const PARTY_WORDS: &[&str] = &[
    "talks",
    "negotiations",
    "dialogue",
    "mediation",
    "mediate",
    "mediated",
    "mediating",
    "relations",
    "ties",
    "dispute",
    "disputes",
    "deal",
    "agreement",
    "accord",
    "ceasefire",
    "truce",
    "tensions",
    "meeting",
    "summit",
    "contacts",
    "rapprochement",
    "reconciliation",
    "rivalry",
    "exchange",
    "swap",
];

/// Whether the `between` at `k` follows a word of [`PARTY_WORDS`].
fn between_parties(v: &View, k: usize) -> bool {
    k > 0 && v.same_sentence(k - 1, k) && PARTY_WORDS.contains(&v.lower[k - 1].as_str())
}

/// Where the dateline ends (`DONETSK, Ukraine, March 14 (dyad) -`), 0 when there is none.
pub(crate) fn dateline_end(doc: &Document) -> usize {
    let text = doc.text();
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let first = line.split(',').next().unwrap_or("");
    let caps = first.chars().any(|c| c.is_alphabetic()) && first.chars().all(|c| !c.is_lowercase());
    if !caps || first.len() == line.len() {
        return 0;
    }
    ["(", " - ", " — ", " – "]
        .iter()
        .filter_map(|m| line.find(m))
        .min()
        .unwrap_or(0)
}

/// The token view used by the rules.
struct View<'a> {
    doc: &'a Document,
    words: Vec<&'a str>,
    lower: Vec<String>,
    sentence: Vec<usize>,
}

impl<'a> View<'a> {
    fn new(doc: &'a Document) -> Self {
        let words: Vec<&str> = doc
            .tokens
            .iter()
            .map(|t| doc.get(t.span).unwrap_or(""))
            .collect();
        let lower = words.iter().map(|w| w.to_lowercase()).collect();
        let mut sentence = vec![0; words.len()];
        for (si, s) in doc.sentences.iter().enumerate() {
            for k in s.token_range() {
                if let Some(x) = sentence.get_mut(k) {
                    *x = si;
                }
            }
        }
        View {
            doc,
            words,
            lower,
            sentence,
        }
    }
    fn len(&self) -> usize {
        self.words.len()
    }
    fn syntax(&self) -> Option<&'a dyad_core::Syntax> {
        self.doc
            .syntax
            .as_ref()
            .filter(|s| s.len() == self.words.len() && s.is_consistent())
    }
    fn span(&self, r: &Range<usize>) -> Span {
        Span {
            start: self.doc.tokens[r.start].span.start,
            end: self.doc.tokens[r.end - 1].span.end,
        }
    }
    fn text_of(&self, r: &Range<usize>) -> &'a str {
        self.doc.get(self.span(r)).unwrap_or("")
    }
    fn starts_cap(&self, i: usize) -> bool {
        self.words
            .get(i)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| c.is_uppercase())
    }
    fn sentence_of(&self, i: usize) -> usize {
        self.sentence.get(i).copied().unwrap_or(0)
    }
    fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.sentence_of(a) == self.sentence_of(b) && !self.newline_between(a.min(b), a.max(b))
    }
    fn newline_between(&self, a: usize, b: usize) -> bool {
        if a == b {
            return false;
        }
        let s = self.doc.tokens[a].span.end as usize;
        let e = self.doc.tokens[b].span.start as usize;
        self.doc.text().get(s..e).is_some_and(|g| g.contains('\n'))
    }
    fn sentence_range(&self, i: usize) -> Range<usize> {
        let s = self.sentence_of(i);
        match self.doc.sentences.get(s) {
            Some(x) if x.token_range().contains(&i) => x.token_range(),
            _ => i..self.len(),
        }
    }
    /// The first word of a sentence or line, or the first after an opening quote mark.
    fn is_sentence_start(&self, i: usize) -> bool {
        if i == 0 || self.sentence_range(i).start == i || self.newline_between(i - 1, i) {
            return true;
        }
        matches!(self.words[i - 1], "\"" | "“" | "‘" | "'" | ":" | "(")
    }
    fn is_function_word(&self, i: usize) -> bool {
        matches!(
            self.lower[i].as_str(),
            "in" | "the"
                | "a"
                | "an"
                | "at"
                | "on"
                | "from"
                | "to"
                | "and"
                | "but"
                | "of"
                | "for"
                | "near"
                | "as"
                | "by"
                | "with"
                | "after"
                | "before"
                | "since"
                | "when"
                | "while"
                | "if"
                | "across"
                | "outside"
        )
    }
    fn is_title_like(&self, i: usize) -> bool {
        matches!(
            self.lower[i].trim_end_matches('.'),
            "premier"
                | "president"
                | "mayor"
                | "governor"
                | "mr"
                | "mrs"
                | "ms"
                | "dr"
                | "minister"
                | "general"
                | "captain"
                | "senator"
                | "judge"
                | "nurse"
                | "footballer"
        )
    }
}

/// The document's main place: the literal location named most often (the first literal
/// mention, usually the dateline or the lead, breaks ties and counts double), else `None`.
pub fn main_place(places: &[PlaceMention]) -> Option<&Location> {
    let literal: Vec<&PlaceMention> = places.iter().filter(|p| p.literal).collect();
    let first = literal.first()?;
    let key = |l: &Location| (l.name.clone(), l.country.clone(), l.geonames_id);
    let mut counts: HashMap<(String, String, Option<u64>), (usize, usize)> = HashMap::new();
    for (i, p) in literal.iter().enumerate() {
        let e = counts.entry(key(&p.location)).or_insert((0, i));
        e.0 += 1;
    }
    if let Some(e) = counts.get_mut(&key(&first.location)) {
        e.0 += 1;
    }
    let best = counts
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))?;
    Some(&literal[best.1 .1].location)
}

/// The place attached to an event's clause: a literal place in `sentence` whose governing
/// verb (climbing the dependency tree from the place name) lies inside `tokens` (the clause's
/// token range, document-wide indices), else a literal place inside `tokens`. `None` means
/// the event takes [`main_place`].
pub fn clause_place<'a>(
    doc: &Document,
    places: &'a [PlaceMention],
    sentence: u32,
    tokens: Range<u32>,
) -> Option<&'a Location> {
    let same: Vec<(dyad_core::Span, &Location)> = places
        .iter()
        .filter(|p| p.sentence == sentence && p.literal)
        .map(|p| (p.span, &p.location))
        .collect();
    crate::attach::clause_item(doc, &same, tokens)
}
