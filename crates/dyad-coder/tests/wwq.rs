//! The when-where-quotes evaluation (issue 6): dates, places and quotes through dyad's
//! tokenizer, tagger and parser, scored against `tests/data/when-where-quotes`.
//!
//! The floors sit a few points under the figures measured when they were set, so that a
//! regression in any of the three layers (or in the tagger and parser they lean on) fails CI.
//! Plus focused cases for the rules the layers document.

use chrono::NaiveDate;
use dyad_coder::places::{clause_place, main_place, Places};
use dyad_coder::wwq_eval::{self, read_expected};
use dyad_coder::{dates, quotes};
use dyad_core::{Document, Metadata};
use std::path::PathBuf;
use std::sync::OnceLock;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/when-where-quotes")
}

fn models() -> &'static dyad_models::Models {
    static M: OnceLock<dyad_models::Models> = OnceLock::new();
    M.get_or_init(|| dyad_models::Models::load_default().expect("the shipped models load"))
}

fn places() -> &'static Places {
    static P: OnceLock<Places> = OnceLock::new();
    P.get_or_init(|| Places::bundled().expect("the bundled gazetteer loads"))
}

/// A document run through the whole pipeline and the three layers.
fn annotated(text: &str, date: Option<&str>) -> Document {
    let mut meta = Metadata::with_id("t");
    meta.date = date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut doc = Document::new(meta, text);
    dyad_text::segment(&mut doc);
    models().annotate(&mut doc);
    wwq_eval::add_layers(&mut doc, places());
    doc
}

#[test]
fn when_where_quotes_scores_stay_above_their_floors() {
    let dir = data_dir();
    let docs_bytes = std::fs::read(dir.join("docs.jsonl")).expect("docs.jsonl");
    let expected =
        read_expected(&std::fs::read_to_string(dir.join("expected.jsonl")).expect("expected"))
            .expect("expected.jsonl parses");
    let mut docs: Vec<Document> = dyad_text::read_bytes(
        &docs_bytes,
        "docs.jsonl",
        dyad_text::Format::Jsonl,
        &Default::default(),
    )
    .into_iter()
    .map(|r| r.expect("every test document reads"))
    .collect();
    assert_eq!(docs.len(), expected.len());
    for d in &mut docs {
        dyad_text::segment(d);
        models().annotate(d);
        wwq_eval::add_layers(d, places());
    }
    let pairs: Vec<_> = docs.iter().zip(expected.iter()).collect();
    let s = wwq_eval::evaluate(&pairs);
    println!("{s}");
    for e in &s.errors {
        println!("  {e}");
    }
    // Measured 2026-11-27: doc date 100, dates 100/100, places 99.2/98.9 (literal only
    // 98.3/99.1), quotes 100/100, quotes with speaker 100/100. The set was also the
    // development set of these rules, so the floors guard against regressions; they are no
    // estimate of accuracy on unseen news.
    assert!(
        s.doc_date.percent() >= 95.0,
        "document date {}",
        s.doc_date.percent()
    );
    let floor = |name: &str, p: wwq_eval::Prf, pr: f64, rc: f64| {
        assert!(
            p.precision() >= pr && p.recall() >= rc,
            "{name}: P {:.1} R {:.1} below the floor {pr}/{rc}",
            p.precision(),
            p.recall()
        );
    };
    floor("dates", s.dates, 95.0, 95.0);
    floor("places", s.places, 95.0, 95.0);
    floor("literal places", s.places_literal, 93.0, 93.0);
    floor("quotes", s.quotes, 95.0, 95.0);
    floor("quotes with speaker", s.quotes_speaker, 92.0, 92.0);
    assert!(s.literal_flag.percent() >= 94.0);
}

#[test]
fn weekdays_follow_tense_across_month_and_year_boundaries() {
    // 2015-01-01 is a Thursday.
    let doc = annotated(
        "Fighting broke out on Tuesday. The two sides will meet again on Monday.",
        Some("2015-01-01"),
    );
    let v: Vec<(&str, &str)> = doc
        .dates
        .iter()
        .map(|d| (doc.slice(d.span), d.value.as_str()))
        .collect();
    assert_eq!(v, vec![("Tuesday", "2014-12-30"), ("Monday", "2015-01-05")]);
}

#[test]
fn ambiguous_toponyms_follow_the_document() {
    let doc = annotated(
        "Fans gathered in Paris, Texas, on Saturday. Later they flew to Paris, the French capital.",
        Some("2015-06-08"),
    );
    let c: Vec<(&str, &str)> = doc
        .places
        .iter()
        .map(|p| (doc.slice(p.span), p.location.country.as_str()))
        .collect();
    assert_eq!(
        c,
        vec![("Paris", "USA"), ("Texas", "USA"), ("Paris", "FRA")]
    );
    let doc = annotated(
        "Russian troops stayed in Georgia on Monday, officials in Tbilisi said. Moscow said \
         the troops would leave.",
        Some("2008-08-18"),
    );
    let georgia = &doc.places[0];
    assert_eq!(georgia.location.country, "GEO");
    let moscow = doc
        .places
        .iter()
        .find(|p| doc.slice(p.span) == "Moscow")
        .unwrap();
    assert!(!moscow.literal, "`Moscow said` is a metonym");
    assert!(doc.places[0].literal);
    assert_eq!(
        main_place(&doc.places).map(|l| l.country.as_str()),
        Some("GEO")
    );
}

#[test]
fn clause_place_attaches_the_place_of_the_event() {
    let doc = annotated(
        "Rebels attacked a convoy in Aleppo on Monday. The ministry said so.",
        Some("2016-02-19"),
    );
    let n = doc.sentences[0].tokens.clone();
    let loc = clause_place(&doc, &doc.places, 0, n.clone()).map(|l| l.name.as_str());
    assert_eq!(loc, Some("Aleppo"));
    let d = dates::clause_date(&doc, &doc.dates, 0, n).map(|d| d.value.as_str());
    assert_eq!(d, Some("2016-02-15"));
    let second = doc.sentences[1].tokens.clone();
    assert!(clause_place(&doc, &doc.places, 1, second.clone()).is_none());
    assert!(dates::clause_date(&doc, &doc.dates, 1, second).is_none());
}

#[test]
fn quotes_with_speakers_before_after_and_across_paragraphs() {
    let text = "Interior Minister Rafael Godoy said on Monday that the army was ready. \
                \"We will not retreat. Not one step.\n\n\
                \"The city is ours,\" he said.\n\n\
                “My father told me, ‘Stay home,’ and I did,” said Nino Beridze, a nurse. \
                Police called it a \"shutdown\" of the capital.";
    let doc = annotated(text, Some("2014-02-19"));
    let q: Vec<(&str, Option<&str>)> = doc
        .quotes
        .iter()
        .map(|q| {
            (
                doc.slice(q.span),
                q.speaker.as_ref().and_then(|s| s.entity.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        q,
        vec![
            ("We will not retreat. Not one step.", Some("Rafael Godoy")),
            ("The city is ours,", Some("Rafael Godoy")),
            (
                "My father told me, ‘Stay home,’ and I did,",
                Some("Nino Beridze")
            ),
        ]
    );
    // Direct use without the pipeline's other layers never panics.
    let bare = Document::new(Metadata::with_id("x"), "\"unclosed");
    assert!(quotes::find_quotes(&bare).is_empty());
}

#[test]
fn invalid_and_odd_dates_never_panic() {
    let doc = annotated(
        "It happened on February 30 and on 31 April 2014, not in 0000 or 9999.",
        Some("2014-03-01"),
    );
    assert!(doc.dates.iter().all(|d| !d.value.contains("-02-30")));
    let doc = annotated("Yesterday was Monday.", None);
    assert!(doc.dates.is_empty(), "no document date, no relative dates");
}

/// The cost of the three layers against tokenizing, tagging and parsing, on the test set's
/// documents and the sample news (`data/samples/*.txt`), ten passes each run, five runs.
/// Timing needs a release build:
/// `cargo test --release -p dyad-coder --test wwq -- --ignored --nocapture speed`.
#[test]
#[ignore]
fn speed_overhead_of_the_three_layers() {
    use std::time::{Duration, Instant};
    let dir = data_dir();
    let bytes = std::fs::read(dir.join("docs.jsonl")).expect("docs.jsonl");
    let mut base: Vec<Document> = dyad_text::read_bytes(
        &bytes,
        "docs.jsonl",
        dyad_text::Format::Jsonl,
        &Default::default(),
    )
    .into_iter()
    .filter_map(Result::ok)
    .collect();
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    if let Ok(rd) = std::fs::read_dir(&samples) {
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let b = std::fs::read(&p).expect("sample");
            let name = p.to_string_lossy().to_string();
            base.extend(
                dyad_text::read_bytes(&b, &name, dyad_text::Format::Text, &Default::default())
                    .into_iter()
                    .filter_map(Result::ok),
            );
        }
    }
    let places = places();
    let models = models();
    let bytes_total: usize = base.iter().map(|d| d.text().len()).sum();
    let mut ratios = Vec::new();
    let mut pipe_times = Vec::new();
    let mut layer_times = Vec::new();
    for _run in 0..5 {
        let (mut pipe, mut layers) = (Duration::ZERO, Duration::ZERO);
        for _pass in 0..10 {
            for d in &base {
                let mut doc = d.clone();
                let t = Instant::now();
                dyad_text::segment(&mut doc);
                models.annotate(&mut doc);
                pipe += t.elapsed();
                let t = Instant::now();
                wwq_eval::add_layers(&mut doc, places);
                layers += t.elapsed();
            }
        }
        ratios.push(layers.as_secs_f64() / pipe.as_secs_f64());
        pipe_times.push(pipe.as_secs_f64());
        layer_times.push(layers.as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let r = median(&mut ratios);
    println!(
        "{} documents x 10 passes ({} bytes each pass); median over 5 runs: segment+tag+parse \
         {:.3} s, dates+places+quotes {:.3} s, overhead {:.1} %",
        base.len(),
        bytes_total,
        median(&mut pipe_times),
        median(&mut layer_times),
        100.0 * r
    );
    let t = Instant::now();
    let _ = Places::bundled().expect("loads");
    println!("Places::bundled() load: {:.3} s", t.elapsed().as_secs_f64());
    if !cfg!(debug_assertions) {
        assert!(
            r < 0.15,
            "the layers add {:.1} % (issue 6 allows 15 %)",
            100.0 * r
        );
    }
}
