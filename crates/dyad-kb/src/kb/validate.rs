//! Cross-entry rules of `data/kb/README.md`: known code parts, unique codes and strings,
//! dated roles and offices in order without overlaps, people's countries.

use std::collections::{HashMap, HashSet};

use super::error::KbError;
use super::load::well_formed;
use super::matcher::normal_form;
use super::{KnowledgeBase, Origin, Period};

/// CAMEO 1.1b3 Table 3.1 role codes, with PTY (sec. 3.1.4), SET (settlers, Table 10.3) and PKO
/// (peacekeepers, sec. 3.1.9).
pub(crate) const ROLES: [&str; 29] = [
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM",
    "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD",
    "PTY", "SET", "PKO",
];

/// CAMEO 1.1b3 Table 3.2 international generic codes.
pub(crate) const GENERIC: [&str; 7] = ["IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS"];

/// CAMEO 1.1b3 Table 10.1 ethnic and Table 10.2 religious group codes (three-letter parts).
pub(crate) const IDENTITY: [&str; 52] = [
    "ABN", "ARB", "BED", "CKM", "CRO", "GYP", "HAU", "HUT", "IBO", "IJW", "KRH", "KUR", "MAN",
    "OGO", "PAL", "SER", "SLV", "SNL", "TAM", "TRG", "TRK", "TUT", "UIG", "YRB", "REL", "ATH",
    "ALE", "PAG", "BAH", "BUD", "CHR", "CTH", "CPT", "JHW", "LDS", "MRN", "DOX", "PRO", "CON",
    "HIN", "JAN", "JEW", "HSD", "UDX", "MOS", "DRZ", "SIK", "SFI", "SUN", "TAO", "ZRO", "SHI",
];

/// The three-letter groups of a code. Callers check `well_formed` first (ASCII only); `get`
/// keeps a malformed non-ASCII code from panicking all the same.
fn groups(code: &str) -> Vec<&str> {
    (0..code.len() / 3)
        .filter_map(|i| code.get(i * 3..i * 3 + 3))
        .collect()
}

struct Ctx<'a> {
    errors: &'a mut Vec<KbError>,
}

impl Ctx<'_> {
    fn at(&mut self, o: &Origin, line: usize, message: impl Into<String>) {
        self.errors.push(KbError {
            file: o.file.clone(),
            line,
            message: message.into(),
        });
    }
}

/// A string owned by an entry of one namespace, for the duplicate check.
struct Owner<'a> {
    /// What the string resolves to (entries with the same code do not conflict).
    code: String,
    what: String,
    origin: &'a Origin,
    period: Period,
}

/// Reports strings of one namespace that two entries with different codes share, except when
/// their periods are disjoint (former and current states sharing a capital).
fn check_unique<'a>(ctx: &mut Ctx, kind: &str, owners: Vec<(String, Owner<'a>)>) {
    let mut seen: HashMap<String, Vec<Owner<'a>>> = HashMap::new();
    for (s, owner) in owners {
        let key = normal_form(&s);
        if key.is_empty() {
            ctx.at(
                owner.origin,
                owner.origin.line,
                format!("empty string in {kind}"),
            );
            continue;
        }
        let list = seen.entry(key).or_default();
        if let Some(prev) = list
            .iter()
            .find(|p| p.code != owner.code && p.period.overlaps(&owner.period))
        {
            let msg = format!(
                "{kind} string \"{s}\" of {} ({}) is already used by {} ({}) at {}:{}",
                owner.what, owner.code, prev.what, prev.code, prev.origin.file, prev.origin.line
            );
            ctx.at(owner.origin, owner.origin.line, msg);
        }
        list.push(owner);
    }
}

/// Runs every cross-entry rule.
pub(crate) fn validate(kb: &KnowledgeBase, errors: &mut Vec<KbError>) {
    let mut ctx = Ctx { errors };
    let countries: HashSet<&str> = kb.countries.iter().map(|c| c.code.as_str()).collect();
    let regions: HashSet<&str> = kb.regions.iter().map(|r| r.code.as_str()).collect();
    let orgs: HashSet<&str> = kb
        .orgs
        .iter()
        .flat_map(|o| {
            std::iter::once(o.code.as_str()).chain(o.roles.iter().map(|r| r.code.as_str()))
        })
        .collect();

    // Leading groups that name an actor: the longest country entry code, or a region, generic
    // or identity code. Returns how many groups it takes.
    let head = |code: &str| -> Option<usize> {
        let g = groups(code);
        for n in (1..=g.len()).rev() {
            if countries.contains(&code[..n * 3]) {
                return Some(n);
            }
        }
        let first = *g.first()?;
        (regions.contains(first) || GENERIC.contains(&first) || IDENTITY.contains(&first))
            .then_some(1)
    };
    let role_tail = |code: &str, from: usize| -> Vec<String> {
        groups(code)[from..]
            .iter()
            .filter(|g| !ROLES.contains(g) && !IDENTITY.contains(g) && !GENERIC.contains(g))
            .map(|g| g.to_string())
            .collect()
    };
    // A full actor code built from roles: a known head then role/identity codes only, or an
    // organisation's code (or one of its dated codes) followed by role codes.
    let actor_code_problem = |code: &str| -> Option<String> {
        if !well_formed(code) || orgs.contains(code) {
            return None;
        }
        let g = groups(code);
        for n in (1..g.len()).rev() {
            if orgs.contains(&code[..n * 3]) && role_tail(code, n).is_empty() {
                return None;
            }
        }
        match head(code) {
            None => Some(format!(
                "code `{code}` does not start with a known country, region, international or identity code"
            )),
            Some(n) => {
                let bad = role_tail(code, n);
                (!bad.is_empty()).then(|| {
                    format!(
                        "code `{code}`: `{}` not a CAMEO role code (Table 3.1) nor an organisation code",
                        bad.join("`, `")
                    )
                })
            }
        }
    };

    // Countries and regions.
    let mut codes: HashMap<&str, &Origin> = HashMap::new();
    for c in &kb.countries {
        if let Some(prev) = codes.insert(&c.code, &c.origin) {
            ctx.at(
                &c.origin,
                c.origin.line,
                format!("country code `{}` also at line {}", c.code, prev.line),
            );
        }
        let g = if well_formed(&c.code) {
            groups(&c.code)
        } else {
            Vec::new()
        };
        if g.len() > 1 && !countries.contains(g[0]) {
            ctx.at(
                &c.origin,
                c.origin.line,
                format!(
                    "sub-state code `{}` does not start with a known country code",
                    c.code
                ),
            );
        }
    }
    for r in &kb.regions {
        if r.code.len() != 3 {
            ctx.at(
                &r.origin,
                r.origin.line,
                format!("region code `{}` is not one three-letter group", r.code),
            );
        }
        if let Some(prev) = codes.insert(&r.code, &r.origin) {
            ctx.at(
                &r.origin,
                r.origin.line,
                format!("region code `{}` also used at line {}", r.code, prev.line),
            );
        }
    }
    let mut owners = Vec::new();
    for c in &kb.countries {
        let strings = std::iter::once(&c.name)
            .chain(&c.names)
            .chain(&c.adjectives)
            .chain(&c.demonyms)
            .chain(&c.capitals)
            .chain(&c.metonyms)
            .chain(&c.prefixes);
        for s in strings {
            owners.push((
                s.clone(),
                Owner {
                    code: c.code.clone(),
                    what: format!("country {}", c.name),
                    origin: &c.origin,
                    period: c.valid,
                },
            ));
        }
    }
    for r in &kb.regions {
        for s in std::iter::once(&r.name)
            .chain(&r.names)
            .chain(&r.adjectives)
        {
            owners.push((
                s.clone(),
                Owner {
                    code: r.code.clone(),
                    what: format!("region {}", r.name),
                    origin: &r.origin,
                    period: Period::default(),
                },
            ));
        }
    }
    check_unique(&mut ctx, "country/region", owners);

    // Metonyms.
    let mut owners = Vec::new();
    for m in &kb.metonyms {
        for code in std::iter::once(&m.code).chain(&m.ambiguous_with) {
            if let Some(p) = actor_code_problem(code) {
                ctx.at(&m.origin, m.origin.line, p);
            }
        }
        owners.push((
            m.phrase.clone(),
            Owner {
                code: m.code.clone(),
                what: format!("metonym {}", m.phrase),
                origin: &m.origin,
                period: Period::default(),
            },
        ));
    }
    let ambiguous: HashSet<String> = kb
        .metonyms
        .iter()
        .filter(|m| !m.ambiguous_with.is_empty())
        .map(|m| normal_form(&m.phrase))
        .collect();
    owners.retain(|(s, _)| !ambiguous.contains(&normal_form(s)));
    check_unique(&mut ctx, "metonym", owners);
    // A `metonyms.toml` phrase exists because its code is *not* country + GOV: the same string
    // as a country's capital or seat contradicts it, unless marked `ambiguous_with` that country.
    let seats: HashMap<String, &super::Country> = kb
        .countries
        .iter()
        .flat_map(|c| {
            c.capitals
                .iter()
                .chain(&c.metonyms)
                .map(move |s| (normal_form(s), c))
        })
        .collect();
    for m in &kb.metonyms {
        if let Some(c) = seats.get(&normal_form(&m.phrase)) {
            if !m.ambiguous_with.contains(&c.code) {
                ctx.at(
                    &m.origin,
                    m.origin.line,
                    format!(
                        "metonym \"{}\" ({}) is also a capital or seat of {} ({}GOV) at {}:{}; remove one or add `ambiguous_with = [\"{}\"]`",
                        m.phrase, m.code, c.name, c.code, c.origin.file, c.origin.line, c.code
                    ),
                );
            }
        }
    }

    // Organisations.
    let mut codes: HashMap<&str, &Origin> = HashMap::new();
    let mut owners = Vec::new();
    for o in &kb.orgs {
        if let Some(prev) = codes.insert(&o.code, &o.origin) {
            ctx.at(
                &o.origin,
                o.origin.line,
                format!(
                    "organisation code `{}` also used at line {}",
                    o.code, prev.line
                ),
            );
        }
        for (code, line) in std::iter::once((&o.code, o.origin.line))
            .chain(o.roles.iter().map(|r| (&r.code, r.line)))
        {
            if !well_formed(code) {
                continue;
            }
            let Some(n) = head(code) else {
                ctx.at(
                    &o.origin,
                    line,
                    format!("code `{code}` does not start with a known country, region, international or identity code"),
                );
                continue;
            };
            // Between the actor and the final organisation code come role, identity, region
            // or country codes, or the code of a parent organisation (`IGOUNO` in
            // `IGOUNOREFHCR`): anything else is a typo or an unlisted sub-state region.
            let g = groups(code);
            for k in n..g.len().saturating_sub(1) {
                let part = g[k];
                let known = ROLES.contains(&part)
                    || IDENTITY.contains(&part)
                    || GENERIC.contains(&part)
                    || regions.contains(part)
                    || countries.contains(part)
                    || orgs.contains(&code[..(k + 1) * 3])
                    || countries.contains(&code[..(k + 1) * 3]);
                if !known {
                    ctx.at(
                        &o.origin,
                        line,
                        format!("code `{code}`: `{part}` is neither a role, identity, region or country code nor completes a parent organisation's code"),
                    );
                }
            }
        }
        if let Some(c) = &o.country {
            if !countries.contains(c.as_str()) {
                ctx.at(&o.origin, o.origin.line, format!("unknown country `{c}`"));
            }
        }
        check_periods(
            &mut ctx,
            &o.origin,
            o.roles.iter().map(|r| (r.line, &r.period)),
            "role",
        );
        if let Some(last) = o.roles.last() {
            if last.code != o.code {
                ctx.at(
                    &o.origin,
                    o.origin.line,
                    format!(
                        "code `{}` differs from the last role's code `{}`",
                        o.code, last.code
                    ),
                );
            }
        }
        for s in std::iter::once(&o.name).chain(&o.aliases) {
            owners.push((
                s.clone(),
                Owner {
                    code: o.code.clone(),
                    what: format!("organisation {}", o.name),
                    origin: &o.origin,
                    period: Period::default(),
                },
            ));
        }
    }
    check_unique(&mut ctx, "organisation", owners);

    // Agents.
    let mut owners = Vec::new();
    for a in &kb.agents {
        if well_formed(&a.code) {
            let bad: Vec<&str> = groups(&a.code)
                .into_iter()
                .filter(|g| !ROLES.contains(g) && !IDENTITY.contains(g) && !GENERIC.contains(g))
                .collect();
            if !bad.is_empty() {
                ctx.at(
                    &a.origin,
                    a.origin.line,
                    format!(
                        "agent code `{}`: `{}` not a role (Table 3.1), identity (Tables 10.1, 10.2) or international code (Table 3.2)",
                        a.code,
                        bad.join("`, `")
                    ),
                );
            }
        }
        let plural = a.plural.clone().unwrap_or_else(|| format!("{}s", a.phrase));
        for s in [a.phrase.clone(), plural] {
            owners.push((
                s,
                Owner {
                    code: format!("{}/{:?}", a.code, a.combine),
                    what: format!("agent {}", a.phrase),
                    origin: &a.origin,
                    period: Period::default(),
                },
            ));
        }
    }
    check_unique(&mut ctx, "agent", owners);

    // People.
    let mut owners = Vec::new();
    for (i, p) in kb.people.iter().enumerate() {
        if !p.country.is_empty()
            && well_formed(&p.country)
            && !countries.contains(p.country.as_str())
        {
            ctx.at(
                &p.origin,
                p.origin.line,
                format!("person {}: unknown country `{}`", p.name, p.country),
            );
        }
        if p.offices.is_empty() {
            ctx.at(
                &p.origin,
                p.origin.line,
                format!("person {} has no offices", p.name),
            );
        }
        for o in &p.offices {
            if let Some(problem) = actor_code_problem(&o.code) {
                ctx.at(&p.origin, o.line, format!("person {}: {problem}", p.name));
            }
        }
        // Same title and code never overlap (concurrent offices differ in title or code).
        for (j, a) in p.offices.iter().enumerate() {
            for b in &p.offices[j + 1..] {
                if a.code == b.code && a.title == b.title && a.period.overlaps(&b.period) {
                    ctx.at(
                        &p.origin,
                        b.line,
                        format!(
                            "person {}: office \"{}\" ({}) overlaps the same office at line {}",
                            p.name, b.title, b.code, a.line
                        ),
                    );
                }
            }
        }
        // Offices in date order (by start).
        for w in p.offices.windows(2) {
            let s = |o: &super::Office| o.period.from.and_then(|f| f.first_day());
            if let (Some(a), Some(b)) = (s(&w[0]), s(&w[1])) {
                if b < a {
                    ctx.at(
                        &p.origin,
                        w[1].line,
                        format!(
                            "person {}: offices not in date order (starts {b} after {a})",
                            p.name
                        ),
                    );
                }
            }
        }
        for s in std::iter::once(&p.name).chain(&p.aliases) {
            owners.push((
                s.clone(),
                Owner {
                    // Every person is distinct: the same name twice is always an error.
                    code: format!("#{i}"),
                    what: format!("person {}", p.name),
                    origin: &p.origin,
                    period: Period::default(),
                },
            ));
        }
    }
    // Within one entry a repeated alias is harmless; across entries it is not.
    check_unique(&mut ctx, "person", owners);
}

/// Dated entries in order, without overlaps.
fn check_periods<'a>(
    ctx: &mut Ctx,
    origin: &Origin,
    periods: impl Iterator<Item = (usize, &'a Period)>,
    what: &str,
) {
    let list: Vec<(usize, &Period)> = periods.collect();
    for w in list.windows(2) {
        let ((_, a), (line, b)) = (w[0], w[1]);
        let start = |p: &Period| p.from.and_then(|f| f.first_day());
        if let (Some(sa), Some(sb)) = (start(a), start(b)) {
            if sb < sa {
                ctx.at(
                    origin,
                    line,
                    format!("{what} starts before the previous {what}"),
                );
                continue;
            }
        }
        if a.overlaps(b) {
            ctx.at(origin, line, format!("{what} overlaps the previous {what}"));
        }
    }
}
