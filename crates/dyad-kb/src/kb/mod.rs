//! dyad's actor knowledge base (`data/kb/*.toml`): loading, validation and the compiled matcher.
//!
//! [`KnowledgeBase::load_dir`] reads a knowledge-base directory (`countries.toml` with its
//! `[[country]]` and `[[region]]` tables, `metonyms.toml`, `organisations.toml`, `agents.toml`
//! and `people/*.toml`), checks every rule of `data/kb/README.md` and reports all problems at
//! once as [`KbErrors`], each with file and line. [`KnowledgeBase::bundled`] loads the copy of
//! `data/kb` compiled into the binary. [`ActorMatcher`] compiles a knowledge base into a
//! longest-match table over tokens, date-aware for people, organisations and former states.
//!
//! ```
//! use dyad_kb::kb::{ActorMatcher, KnowledgeBase, MatchKind};
//!
//! let kb = KnowledgeBase::bundled().expect("the bundled knowledge base is valid");
//! let matcher = ActorMatcher::new(&kb);
//! let date = chrono::NaiveDate::from_ymd_opt(2014, 3, 14);
//! let tokens = ["Russian", "troops", "entered", "Crimea"];
//! let actors = matcher.find_actors(&tokens, date);
//! assert_eq!(actors[0].code, "RUSMIL");
//! assert_eq!(actors[0].tokens, 0..2);
//! ```

mod date;
mod error;
mod load;
mod matcher;
mod validate;

pub use date::{PartialDate, Period};
pub use error::{KbError, KbErrors};
pub use matcher::{ActorMatcher, Match, MatchKind, PersonCode};

use std::path::Path;

/// Where an entry was written: file (relative to the knowledge-base directory) and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// File, e.g. `people/europe.toml`.
    pub file: String,
    /// Line of the entry.
    pub line: usize,
}

/// A `[[country]]` entry: a state, territory, former state or sub-state region.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Country {
    /// CAMEO code (`RUS`, `GEOABK`).
    pub code: String,
    /// ISO 3166-1 alpha-3 (or historical / user-assigned) code.
    pub iso3: String,
    /// Common English short name.
    pub name: String,
    /// Other names and short forms.
    pub names: Vec<String>,
    /// Adjectives ("Russian").
    pub adjectives: Vec<String>,
    /// Nouns for people ("Russian", "Russians").
    pub demonyms: Vec<String>,
    /// Capitals and seats of government (code = country + `GOV`).
    pub capitals: Vec<String>,
    /// Other seats of government (code = country + `GOV`).
    pub metonyms: Vec<String>,
    /// Combining forms ("Sino-").
    pub prefixes: Vec<String>,
    /// `member`, `observer`, `territory` or `former`.
    pub status: String,
    /// Sovereignty disputed.
    pub disputed: bool,
    /// Dates the entry (all its strings) is valid.
    pub valid: Period,
    /// Free-text note.
    pub note: Option<String>,
    /// References.
    pub source: String,
    /// Where it is written.
    pub origin: Origin,
}

/// A `[[region]]` entry: a CAMEO international region (Table 3.3).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Region {
    /// CAMEO region code (`WST`).
    pub code: String,
    /// Name ("the West").
    pub name: String,
    /// Other names.
    pub names: Vec<String>,
    /// Adjectives ("Western").
    pub adjectives: Vec<String>,
    /// Free-text note.
    pub note: Option<String>,
    /// References.
    pub source: String,
    /// Where it is written.
    pub origin: Origin,
}

/// A `[[metonym]]` entry: a place or building standing for an actor other than country + GOV.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metonym {
    /// The phrase ("the Pentagon").
    pub phrase: String,
    /// Full CAMEO code (`USAGOVMIL`).
    pub code: String,
    /// Codes the phrase can also mean.
    pub ambiguous_with: Vec<String>,
    /// Free-text note.
    pub note: Option<String>,
    /// References.
    pub source: String,
    /// Where it is written.
    pub origin: Origin,
}

/// What sort of organisation an `[[org]]` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OrgKind {
    /// Inter-governmental organisation.
    Igo,
    /// Non-governmental organisation or movement.
    Ngo,
    /// Armed group.
    ArmedGroup,
    /// Political party.
    Party,
    /// Named national institution (legislature, armed force, agency, central bank).
    StateBody,
    /// Media outlet.
    Media,
    /// Company.
    Company,
    /// Anything else (religious bodies, the PLO).
    #[default]
    Other,
}

impl OrgKind {
    /// Parses the `kind` field.
    pub fn parse(s: &str) -> Option<OrgKind> {
        Some(match s {
            "igo" => OrgKind::Igo,
            "ngo" => OrgKind::Ngo,
            "armed_group" => OrgKind::ArmedGroup,
            "party" => OrgKind::Party,
            "state_body" => OrgKind::StateBody,
            "media" => OrgKind::Media,
            "company" => OrgKind::Company,
            "other" => OrgKind::Other,
            _ => return None,
        })
    }
}

/// A code that holds for a period (an organisation's `roles`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DatedCode {
    /// CAMEO code.
    pub code: String,
    /// When it holds.
    pub period: Period,
    /// Line of the entry.
    pub line: usize,
}

/// An `[[org]]` entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Org {
    /// CAMEO code now (or in the last period).
    pub code: String,
    /// Name.
    pub name: String,
    /// Other names, acronyms.
    pub aliases: Vec<String>,
    /// Kind of organisation.
    pub kind: OrgKind,
    /// Home country code, if national.
    pub country: Option<String>,
    /// Dated codes, in order.
    pub roles: Vec<DatedCode>,
    /// Free-text note.
    pub note: Option<String>,
    /// References.
    pub source: String,
    /// Where it is written.
    pub origin: Origin,
}

impl Org {
    /// The organisation's code on `date`: the role holding then; before the first role the
    /// first role's code (the earliest status known), after the last or without a date `code`.
    pub fn code_on(&self, date: Option<chrono::NaiveDate>) -> &str {
        let Some(date) = date else {
            return &self.code;
        };
        // On a change day both periods contain the date: the later one (starting) wins.
        if let Some(r) = self.roles.iter().rev().find(|r| r.period.contains(date)) {
            return &r.code;
        }
        match self.roles.first() {
            Some(first)
                if first
                    .period
                    .from
                    .and_then(|f| f.first_day())
                    .is_some_and(|f| date < f) =>
            {
                &first.code
            }
            _ => &self.code,
        }
    }
}

/// How an agent's code joins the actor it attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Combine {
    /// Actor code + agent code (`RUS` + `MIL`).
    #[default]
    Prefix,
    /// Agent code + actor code (`NGO` + `FRA`).
    Suffix,
    /// The agent code alone.
    None,
}

/// An `[[agent]]` entry: a role noun or phrase.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agent {
    /// Singular phrase ("foreign minister").
    pub phrase: String,
    /// Plural, when not phrase + "s".
    pub plural: Option<String>,
    /// Role code(s) or a full code.
    pub code: String,
    /// How it combines with an actor.
    pub combine: Combine,
    /// Free-text note.
    pub note: Option<String>,
    /// References.
    pub source: String,
    /// Where it is written.
    pub origin: Origin,
}

/// One office of a person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Office {
    /// Generic title ("foreign minister").
    pub title: String,
    /// CAMEO code while in office.
    pub code: String,
    /// Term.
    pub period: Period,
    /// Free-text note.
    pub note: Option<String>,
    /// The end date is a placeholder at the authors' knowledge horizon (`note` says "end date
    /// uncertain"): the office may well still be held after it.
    pub end_uncertain: bool,
    /// Line of the office.
    pub line: usize,
}

/// A `[[person]]` entry: a dated office holder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    /// Name as news writes it.
    pub name: String,
    /// Variants and full names (never the bare surname).
    pub aliases: Vec<String>,
    /// CAMEO country code.
    pub country: String,
    /// References.
    pub source: String,
    /// Offices in date order.
    pub offices: Vec<Office>,
    /// Grammatical gender news uses for the person (`gender = "f"` or `"m"`), when written;
    /// lets "she" and "he" find the right antecedent.
    pub gender: Option<Gender>,
    /// Where it is written.
    pub origin: Origin,
}

/// The gender a pronoun refers by: "she" or "he".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Referred to as "she".
    Female,
    /// Referred to as "he".
    Male,
}

impl Gender {
    /// `"f"` or `"m"`.
    pub fn parse(s: &str) -> Option<Gender> {
        match s {
            "f" => Some(Gender::Female),
            "m" => Some(Gender::Male),
            _ => None,
        }
    }
}

/// The whole knowledge base.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KnowledgeBase {
    /// `[[country]]` entries.
    pub countries: Vec<Country>,
    /// `[[region]]` entries.
    pub regions: Vec<Region>,
    /// `[[metonym]]` entries.
    pub metonyms: Vec<Metonym>,
    /// `[[org]]` entries.
    pub orgs: Vec<Org>,
    /// `[[agent]]` entries.
    pub agents: Vec<Agent>,
    /// `[[person]]` entries of all `people/*.toml` files.
    pub people: Vec<Person>,
}

/// One knowledge-base file in memory: its name relative to the knowledge-base directory
/// (`countries.toml`, `people/europe.toml`) and its text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Relative file name; decides how the file is read.
    pub file: &'a str,
    /// TOML text.
    pub text: &'a str,
}

/// The files of `data/kb`, compiled in.
const BUNDLED: &[Source<'static>] = &[
    Source {
        file: "countries.toml",
        text: include_str!("../../../../data/kb/countries.toml"),
    },
    Source {
        file: "metonyms.toml",
        text: include_str!("../../../../data/kb/metonyms.toml"),
    },
    Source {
        file: "organisations.toml",
        text: include_str!("../../../../data/kb/organisations.toml"),
    },
    Source {
        file: "agents.toml",
        text: include_str!("../../../../data/kb/agents.toml"),
    },
    Source {
        file: "people/africa.toml",
        text: include_str!("../../../../data/kb/people/africa.toml"),
    },
    Source {
        file: "people/americas.toml",
        text: include_str!("../../../../data/kb/people/americas.toml"),
    },
    Source {
        file: "people/asia-pacific.toml",
        text: include_str!("../../../../data/kb/people/asia-pacific.toml"),
    },
    Source {
        file: "people/europe.toml",
        text: include_str!("../../../../data/kb/people/europe.toml"),
    },
    Source {
        file: "people/international.toml",
        text: include_str!("../../../../data/kb/people/international.toml"),
    },
    Source {
        file: "people/middle-east.toml",
        text: include_str!("../../../../data/kb/people/middle-east.toml"),
    },
    Source {
        file: "people/russia-eurasia.toml",
        text: include_str!("../../../../data/kb/people/russia-eurasia.toml"),
    },
];

/// The top-level files every knowledge-base directory must have.
const REQUIRED: [&str; 4] = [
    "countries.toml",
    "metonyms.toml",
    "organisations.toml",
    "agents.toml",
];

impl KnowledgeBase {
    /// The knowledge base of the repository's `data/kb`, compiled into the binary (about 1 MB
    /// of TOML), validated.
    pub fn bundled() -> Result<KnowledgeBase, KbErrors> {
        Self::from_sources(BUNDLED)
    }

    /// The file names and sizes (bytes) of the bundled knowledge base.
    pub fn bundled_files() -> impl Iterator<Item = (&'static str, usize)> {
        BUNDLED.iter().map(|s| (s.file, s.text.len()))
    }

    /// Reads and validates a knowledge-base directory (laid out like `data/kb`).
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<KnowledgeBase, KbErrors> {
        let dir = dir.as_ref();
        let mut errors = Vec::new();
        let mut files: Vec<(String, String)> = Vec::new();
        let mut read = |rel: String, errors: &mut Vec<KbError>| match std::fs::read_to_string(
            dir.join(&rel),
        ) {
            Ok(text) => files.push((rel, text)),
            Err(e) => errors.push(KbError {
                file: rel,
                line: 0,
                message: format!("cannot read: {e}"),
            }),
        };
        for f in REQUIRED {
            read(f.to_string(), &mut errors);
        }
        match std::fs::read_dir(dir.join("people")) {
            Ok(entries) => {
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".toml"))
                    .collect();
                names.sort();
                for n in names {
                    read(format!("people/{n}"), &mut errors);
                }
            }
            Err(e) => errors.push(KbError {
                file: "people/".into(),
                line: 0,
                message: format!("cannot read directory: {e}"),
            }),
        }
        let sources: Vec<Source> = files
            .iter()
            .map(|(file, text)| Source { file, text })
            .collect();
        let (kb, more) = Self::from_sources_lenient(&sources);
        errors.extend(more.0);
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(KbErrors(errors))
        }
    }

    /// Parses and validates in-memory files; any error fails the whole load.
    pub fn from_sources(sources: &[Source]) -> Result<KnowledgeBase, KbErrors> {
        let (kb, errors) = Self::from_sources_lenient(sources);
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(errors)
        }
    }

    /// Parses and validates in-memory files, returning what could be read together with every
    /// error found (entries with errors are kept where they could be read at all). Files are
    /// recognised by name: `countries.toml`, `metonyms.toml`, `organisations.toml`,
    /// `agents.toml`, `people/*.toml`; other names are reported.
    pub fn from_sources_lenient(sources: &[Source]) -> (KnowledgeBase, KbErrors) {
        let mut kb = KnowledgeBase::default();
        let mut errors = Vec::new();
        for s in sources {
            load::load_file(&mut kb, s, &mut errors);
        }
        validate::validate(&kb, &mut errors);
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        errors.dedup();
        (kb, KbErrors(errors))
    }

    /// The country entry with this code valid on `date` (any, without a date).
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The organisation with this code.
    pub fn org(&self, code: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.code == code)
    }
}
