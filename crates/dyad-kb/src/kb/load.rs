//! TOML to model: parsing with spans, field-level checks (code shape, dates, required fields).

use serde::Deserialize;
use toml::Spanned;

use super::date::{PartialDate, Period};
use super::error::{KbError, Sink};
use super::{
    Agent, Combine, Country, DatedCode, Gender, KnowledgeBase, Metonym, Office, Org, OrgKind,
    Origin, Person, Region, Source,
};

type S = Spanned<String>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CountryFile {
    #[serde(default)]
    country: Vec<Spanned<RawCountry>>,
    #[serde(default)]
    region: Vec<Spanned<RawRegion>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawCountry {
    code: Option<S>,
    iso3: String,
    name: Option<S>,
    names: Vec<String>,
    adjectives: Vec<String>,
    demonyms: Vec<String>,
    capitals: Vec<String>,
    metonyms: Vec<String>,
    prefixes: Vec<String>,
    status: Option<S>,
    disputed: bool,
    from: Option<S>,
    to: Option<S>,
    note: Option<String>,
    source: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawRegion {
    code: Option<S>,
    name: Option<S>,
    names: Vec<String>,
    adjectives: Vec<String>,
    note: Option<String>,
    source: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MetonymFile {
    #[serde(default)]
    metonym: Vec<Spanned<RawMetonym>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawMetonym {
    phrase: Option<S>,
    code: Option<S>,
    ambiguous_with: Vec<S>,
    note: Option<String>,
    source: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OrgFile {
    #[serde(default)]
    org: Vec<Spanned<RawOrg>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawOrg {
    code: Option<S>,
    name: Option<S>,
    aliases: Vec<String>,
    kind: Option<S>,
    country: Option<S>,
    roles: Vec<Spanned<RawRole>>,
    note: Option<String>,
    source: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawRole {
    code: Option<S>,
    from: Option<S>,
    to: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AgentFile {
    #[serde(default)]
    agent: Vec<Spanned<RawAgent>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawAgent {
    phrase: Option<S>,
    plural: Option<String>,
    code: Option<S>,
    combine: Option<S>,
    note: Option<String>,
    source: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    person: Vec<Spanned<RawPerson>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawPerson {
    name: Option<S>,
    aliases: Vec<String>,
    country: Option<S>,
    source: Option<S>,
    offices: Vec<Spanned<RawOffice>>,
    gender: Option<S>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawOffice {
    title: Option<S>,
    code: Option<S>,
    from: Option<S>,
    to: Option<S>,
    note: Option<String>,
}

/// Whether `code` is one to five upper-case three-letter groups.
pub(crate) fn well_formed(code: &str) -> bool {
    !code.is_empty()
        && code.len().is_multiple_of(3)
        && code.len() <= 15
        && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Per-file reading context.
struct Ctx<'a, 'e> {
    sink: Sink<'e>,
    file: &'a str,
}

impl Ctx<'_, '_> {
    fn origin(&self, pos: usize) -> Origin {
        Origin {
            file: self.file.to_string(),
            line: self.sink.line(pos),
        }
    }

    /// A required non-empty string; reports it missing at `pos` (the entry) otherwise.
    fn required(&mut self, v: Option<S>, field: &str, pos: usize) -> String {
        match v {
            Some(s) if !s.get_ref().trim().is_empty() => s.into_inner(),
            Some(s) => {
                self.sink.at(s.span().start, format!("`{field}` is empty"));
                String::new()
            }
            None => {
                self.sink.at(pos, format!("missing `{field}`"));
                String::new()
            }
        }
    }

    /// A required, well-formed CAMEO code.
    fn code(&mut self, v: Option<S>, field: &str, pos: usize) -> String {
        let at = v.as_ref().map_or(pos, |s| s.span().start);
        let code = self.required(v, field, pos);
        if !code.is_empty() && !well_formed(&code) {
            self.sink.at(
                at,
                format!("malformed code `{code}` in `{field}`: expected one to five upper-case three-letter groups"),
            );
        }
        code
    }

    fn source(&mut self, v: Option<S>, pos: usize) -> String {
        self.required(v, "source", pos)
    }

    /// A period that must have a start (offices and roles).
    fn dated(&mut self, from: Option<S>, to: Option<S>, pos: usize) -> Period {
        if from.as_ref().is_none_or(|f| f.get_ref().trim().is_empty()) {
            self.sink.at(pos, "missing `from`");
        }
        self.period(from, to)
    }

    /// A validity period from optional `from`/`to` fields; empty strings are open ends.
    fn period(&mut self, from: Option<S>, to: Option<S>) -> Period {
        let mut one = |v: Option<S>, field: &str| -> Option<PartialDate> {
            let s = v?;
            let text = s.get_ref().trim();
            if text.is_empty() {
                return None;
            }
            let d = PartialDate::parse(text);
            if d.is_none() {
                self.sink.at(
                    s.span().start,
                    format!("malformed date `{text}` in `{field}`: expected YYYY, YYYY-MM or YYYY-MM-DD"),
                );
            }
            d
        };
        let from_pos = from.as_ref().map(|s| s.span().start);
        let p = Period {
            from: one(from, "from"),
            to: one(to, "to"),
        };
        if let (Some(f), Some(t), Some(pos)) = (p.from, p.to, from_pos) {
            if f.first_day() > t.last_day() {
                self.sink.at(pos, format!("`from` {f} is after `to` {t}"));
            }
        }
        p
    }
}

fn parse<T: for<'de> Deserialize<'de> + Default>(ctx: &mut Ctx, text: &str) -> T {
    match toml::from_str::<T>(text) {
        Ok(v) => v,
        Err(e) => {
            let pos = e.span().map_or(0, |s| s.start);
            ctx.sink
                .at(pos, format!("TOML error: {}", e.message().trim_end()));
            T::default()
        }
    }
}

/// Reads one file into `kb`, reporting field-level problems.
pub(crate) fn load_file(kb: &mut KnowledgeBase, src: &Source, errors: &mut Vec<KbError>) {
    let mut ctx = Ctx {
        sink: Sink::new(src.file, src.text, errors),
        file: src.file,
    };
    match src.file {
        "countries.toml" => {
            let f: CountryFile = parse(&mut ctx, src.text);
            for e in f.country {
                let pos = e.span().start;
                let r = e.into_inner();
                let origin = ctx.origin(pos);
                let code = ctx.code(r.code, "code", pos);
                let name = ctx.required(r.name, "name", pos);
                let status = match r.status {
                    Some(s) => {
                        if !["member", "observer", "territory", "former"]
                            .contains(&s.get_ref().as_str())
                        {
                            ctx.sink.at(
                                s.span().start,
                                format!("unknown status `{}` (member, observer, territory, former)", s.get_ref()),
                            );
                        }
                        s.into_inner()
                    }
                    None => String::new(),
                };
                let valid = ctx.period(r.from, r.to);
                let source = ctx.source(r.source, pos);
                kb.countries.push(Country {
                    code,
                    iso3: r.iso3,
                    name,
                    names: r.names,
                    adjectives: r.adjectives,
                    demonyms: r.demonyms,
                    capitals: r.capitals,
                    metonyms: r.metonyms,
                    prefixes: r.prefixes,
                    status,
                    disputed: r.disputed,
                    valid,
                    note: r.note,
                    source,
                    origin,
                });
            }
            for e in f.region {
                let pos = e.span().start;
                let r = e.into_inner();
                let origin = ctx.origin(pos);
                let code = ctx.code(r.code, "code", pos);
                let name = ctx.required(r.name, "name", pos);
                let source = ctx.source(r.source, pos);
                kb.regions.push(Region {
                    code,
                    name,
                    names: r.names,
                    adjectives: r.adjectives,
                    note: r.note,
                    source,
                    origin,
                });
            }
        }
        "metonyms.toml" => {
            let f: MetonymFile = parse(&mut ctx, src.text);
            for e in f.metonym {
                let pos = e.span().start;
                let r = e.into_inner();
                let origin = ctx.origin(pos);
                let phrase = ctx.required(r.phrase, "phrase", pos);
                let code = ctx.code(r.code, "code", pos);
                let ambiguous_with = r
                    .ambiguous_with
                    .into_iter()
                    .map(|c| ctx.code(Some(c), "ambiguous_with", pos))
                    .collect();
                let source = ctx.source(r.source, pos);
                kb.metonyms.push(Metonym {
                    phrase,
                    code,
                    ambiguous_with,
                    note: r.note,
                    source,
                    origin,
                });
            }
        }
        "organisations.toml" => {
            let f: OrgFile = parse(&mut ctx, src.text);
            for e in f.org {
                let pos = e.span().start;
                let r = e.into_inner();
                let origin = ctx.origin(pos);
                let code = ctx.code(r.code, "code", pos);
                let name = ctx.required(r.name, "name", pos);
                let kind = match r.kind {
                    Some(k) => OrgKind::parse(k.get_ref()).unwrap_or_else(|| {
                        ctx.sink.at(
                            k.span().start,
                            format!("unknown kind `{}` (igo, ngo, armed_group, party, state_body, media, company, other)", k.get_ref()),
                        );
                        OrgKind::Other
                    }),
                    None => {
                        ctx.sink.at(pos, "missing `kind`");
                        OrgKind::Other
                    }
                };
                let country = r
                    .country
                    .map(|c| c.into_inner())
                    .filter(|c| !c.trim().is_empty());
                let roles = r
                    .roles
                    .into_iter()
                    .map(|role| {
                        let rpos = role.span().start;
                        let role = role.into_inner();
                        DatedCode {
                            code: ctx.code(role.code, "roles.code", rpos),
                            period: ctx.dated(role.from, role.to, rpos),
                            line: ctx.sink.line(rpos),
                        }
                    })
                    .collect();
                let source = ctx.source(r.source, pos);
                kb.orgs.push(Org {
                    code,
                    name,
                    aliases: r.aliases,
                    kind,
                    country,
                    roles,
                    note: r.note,
                    source,
                    origin,
                });
            }
        }
        "agents.toml" => {
            let f: AgentFile = parse(&mut ctx, src.text);
            for e in f.agent {
                let pos = e.span().start;
                let r = e.into_inner();
                let origin = ctx.origin(pos);
                let phrase = ctx.required(r.phrase, "phrase", pos);
                let code = ctx.code(r.code, "code", pos);
                let combine = match r.combine {
                    None => Combine::Prefix,
                    Some(c) => match c.get_ref().as_str() {
                        "prefix" => Combine::Prefix,
                        "suffix" => Combine::Suffix,
                        "none" => Combine::None,
                        other => {
                            ctx.sink.at(
                                c.span().start,
                                format!("unknown combine `{other}` (prefix, suffix, none)"),
                            );
                            Combine::Prefix
                        }
                    },
                };
                let source = ctx.source(r.source, pos);
                kb.agents.push(Agent {
                    phrase,
                    plural: r.plural.filter(|p| !p.trim().is_empty()),
                    code,
                    combine,
                    note: r.note,
                    source,
                    origin,
                });
            }
        }
        f if f.starts_with("people/") && f.ends_with(".toml") => {
            let f: PeopleFile = parse(&mut ctx, src.text);
            for e in f.person {
                let pos = e.span().start;
                let r = e.into_inner();
                let origin = ctx.origin(pos);
                let name = ctx.required(r.name, "name", pos);
                let country = ctx.code(r.country, "country", pos);
                let source = ctx.source(r.source, pos);
                let gender = r.gender.and_then(|g| {
                    let parsed = Gender::parse(g.get_ref());
                    if parsed.is_none() {
                        ctx.sink.at(
                            g.span().start,
                            format!("unknown `gender` `{}`: expected \"f\" or \"m\"", g.get_ref()),
                        );
                    }
                    parsed
                });
                let offices = r
                    .offices
                    .into_iter()
                    .map(|o| {
                        let opos = o.span().start;
                        let o = o.into_inner();
                        let end_uncertain = o
                            .note
                            .as_deref()
                            .is_some_and(|n| n.contains("end date uncertain"));
                        Office {
                            title: ctx.required(o.title, "title", opos),
                            code: ctx.code(o.code, "code", opos),
                            period: ctx.dated(o.from, o.to, opos),
                            note: o.note,
                            end_uncertain,
                            line: ctx.sink.line(opos),
                        }
                    })
                    .collect();
                kb.people.push(Person {
                    name,
                    aliases: r.aliases,
                    country,
                    source,
                    offices,
                    gender,
                    origin,
                });
            }
        }
        other => ctx.sink.push_line(
            0,
            format!("unknown knowledge-base file `{other}` (expected countries.toml, metonyms.toml, organisations.toml, agents.toml or people/*.toml)"),
        ),
    }
}
