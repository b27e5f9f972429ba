//! Fills a store with synthetic events for load tests of `dyad serve`:
//!
//! ```text
//! cargo run --release -p dyad-server --example synth -- --events 1000000 --db /tmp/synth.db
//! ```
//!
//! Documents of five events each, written through `Store::ingest` as `dyad ingest` would
//! (so the rows, counts and indexes are the real ones), with 30 countries drawn with Zipf
//! weights, ten roles, 40 CAMEO codes, 150 places and dates spread over 2015–2024; about one
//! event in twelve repeats an earlier one (another outlet reporting it), so counts exceed 1.
//! Deterministic: the same arguments give the same store.

use chrono::{Duration, NaiveDate};
use dyad_core::{Document, Event, EventActor, Evidence, Location, Metadata, Plover, Span};
use dyad_store::{Store, StoreOptions};
use std::time::Instant;

const COUNTRIES: [&str; 30] = [
    "USA", "RUS", "CHN", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "SYR", "IND", "PAK",
    "JPN", "PRK", "KOR", "SAU", "EGY", "IRQ", "AFG", "BRA", "MEX", "NGA", "ZAF", "VEN", "COL",
    "ETH", "SDN", "POL", "GEO",
];
const ROLES: [&str; 10] = [
    "", "GOV", "MIL", "OPP", "REB", "BUS", "MED", "CVL", "COP", "JUD",
];
/// CAMEO code, Goldstein score, PLOVER type.
const CODES: [(&str, f32, &str); 40] = [
    ("010", 0.0, "CONSULT"),
    ("012", -0.1, "DISAPPROVE"),
    ("020", 3.0, "DEMAND"),
    ("022", 3.4, "CONSULT"),
    ("030", 4.0, "COOPERATE"),
    ("036", 4.0, "CONSULT"),
    ("040", 1.0, "CONSULT"),
    ("042", 1.9, "CONSULT"),
    ("043", 2.8, "CONSULT"),
    ("046", 7.0, "CONSULT"),
    ("050", 3.5, "COOPERATE"),
    ("051", 3.4, "COOPERATE"),
    ("057", 8.0, "AGREE"),
    ("060", 6.0, "COOPERATE"),
    ("061", 6.4, "COOPERATE"),
    ("070", 7.0, "AID"),
    ("071", 7.4, "AID"),
    ("080", 5.0, "YIELD"),
    ("090", -2.0, "INVESTIGATE"),
    ("100", -5.0, "DEMAND"),
    ("110", -2.0, "DISAPPROVE"),
    ("111", -2.0, "DISAPPROVE"),
    ("112", -2.0, "ACCUSE"),
    ("120", -4.0, "REJECT"),
    ("130", -4.4, "THREATEN"),
    ("140", -6.5, "PROTEST"),
    ("141", -6.5, "PROTEST"),
    ("150", -7.2, "MOBILIZE"),
    ("160", -4.0, "SANCTION"),
    ("163", -8.0, "SANCTION"),
    ("170", -7.0, "COERCE"),
    ("173", -5.0, "COERCE"),
    ("180", -9.0, "ASSAULT"),
    ("181", -9.0, "ASSAULT"),
    ("190", -10.0, "FIGHT"),
    ("193", -10.0, "FIGHT"),
    ("194", -10.0, "FIGHT"),
    ("195", -10.0, "FIGHT"),
    ("200", -10.0, "ASSAULT"),
    ("202", -10.0, "ASSAULT"),
];

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn quad(root: &str) -> u8 {
    match root {
        "01" | "02" | "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" => 3,
        _ => 4,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut events = 1_000_000usize;
    let mut db = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--events" => events = args.next().ok_or("--events N")?.parse()?,
            "--db" => db = Some(args.next().ok_or("--db PATH")?),
            _ => return Err(format!("unknown argument {a}; use --events N --db PATH").into()),
        }
    }
    let db = db.ok_or("--db PATH is required")?;
    if std::path::Path::new(&db).exists() {
        return Err(format!("{db} exists; give a new path").into());
    }
    let mut store = Store::open(
        &db,
        StoreOptions {
            keep_text: true,
            commit_every: 2000,
        },
    )?;
    // Zipf weights: the first countries appear most, as in real news.
    let weights: Vec<f64> = (0..COUNTRIES.len())
        .map(|i| 1.0 / (i as f64 + 1.0))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let country = |rng: &mut Rng| {
        let mut x = rng.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return COUNTRIES[i];
            }
            x -= w;
        }
        COUNTRIES[0]
    };
    let places: Vec<Location> = (0..150)
        .map(|i| {
            let c = COUNTRIES[i % COUNTRIES.len()];
            Location {
                name: format!("City {c} {}", i / COUNTRIES.len()),
                country: c.to_string(),
                admin1: None,
                lat: rng.unit() * 120.0 - 55.0,
                lon: rng.unit() * 340.0 - 170.0,
                geonames_id: Some(1_000_000 + i as u64),
            }
        })
        .collect();
    let first = NaiveDate::from_ymd_opt(2015, 1, 1).ok_or("date")?;
    let days = 3653;
    let started = Instant::now();
    let mut made = 0usize;
    let mut recent: Vec<Event> = Vec::new();
    let mut n_doc = 0usize;
    while made < events {
        n_doc += 1;
        let date = first + Duration::days(rng.below(days) as i64);
        let day = date.format("%Y-%m-%d").to_string();
        let mut text = format!("Synthetic report {n_doc}.");
        let mut evs = Vec::new();
        for k in 0..5 {
            if made >= events {
                break;
            }
            // One event in twelve is an earlier one reported again.
            if !recent.is_empty() && rng.below(12) == 0 {
                let mut e = recent[rng.below(recent.len())].clone();
                e.doc_id = format!("synth-{n_doc}");
                e.event_id = format!("{n_doc}-{k}");
                e.sentence = k;
                evs.push(e);
                continue;
            }
            let (s, t) = (country(&mut rng), country(&mut rng));
            let sr = ROLES[rng.below(ROLES.len())];
            let tr = ROLES[rng.below(ROLES.len())];
            let (code, gold, plover) = CODES[rng.below(CODES.len())];
            let root = &code[..2];
            let place = (rng.below(3) > 0).then(|| places[rng.below(places.len())].clone());
            let start = text.len() + 1;
            let sentence = format!(
                " {s}{sr} action {code} on {t}{tr}{}.",
                place
                    .as_ref()
                    .map(|p| format!(" in {}", p.name))
                    .unwrap_or_default()
            );
            text.push_str(&sentence);
            let end = text.len() - 1;
            let actor = |c: &str, r: &str, at: usize| EventActor {
                text: format!("{c}{r}"),
                code: format!("{c}{r}"),
                country: Some(c.to_string()),
                roles: if r.is_empty() {
                    vec![]
                } else {
                    vec![r.to_string()]
                },
                entity: None,
                span: Span::new(at, at + c.len() + r.len()),
            };
            evs.push(Event {
                doc_id: format!("synth-{n_doc}"),
                sentence: k,
                event_id: format!("{n_doc}-{k}"),
                date: Some(day.clone()),
                date_source: "document".into(),
                source: actor(s, sr, start),
                target: Some(actor(t, tr, start)),
                cameo: code.to_string(),
                cameo_root: root.to_string(),
                quad_class: quad(root),
                goldstein: gold,
                plover: Plover {
                    kind: plover.to_string(),
                    mode: None,
                },
                location: place,
                evidence: Evidence {
                    text: text[start..end].to_string(),
                    start: start as u32,
                    end: end as u32,
                },
                rule: format!("synth.toml#{code}"),
                negated: rng.below(50) == 0,
                modality: "asserted".into(),
                confidence: 0.9,
            });
            made += 1;
        }
        for e in &evs {
            if recent.len() < 5000 {
                recent.push(e.clone());
            } else {
                let i = rng.below(recent.len());
                recent[i] = e.clone();
            }
        }
        let mut meta = Metadata::with_id(format!("synth-{n_doc}"));
        meta.date = Some(date);
        meta.source = Some(format!("outlet-{}", rng.below(40)));
        meta.title = Some(format!("Synthetic report {n_doc}"));
        let mut doc = Document::new(meta, text);
        doc.events = evs;
        store.ingest(&doc)?;
        if n_doc.is_multiple_of(20_000) {
            eprintln!(
                "{n_doc} documents, {made} new events, {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    store.commit()?;
    let t = store.totals()?;
    eprintln!(
        "{db}: {} documents, {} events, {} mentions in {:.0} s",
        t.documents,
        t.events,
        t.mentions,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
