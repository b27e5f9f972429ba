//! Toponyms with readings in several countries, decided by the document's country evidence
//! (see the module docs of `dyad_coder::places`, step 2): actor mentions, country adjectives
//! and unambiguous places; the sentence's own countries first, then the document's leading
//! country, population when nothing tells.
//!
//! Every text here was written for these tests.

use dyad_coder::places::Places;
use dyad_coder::ActorResolver;
use dyad_core::{Document, Metadata, PlaceMention};
use dyad_kb::kb::KnowledgeBase;
use std::sync::OnceLock;

struct Setup {
    models: dyad_models::Models,
    ner: dyad_models::ner::Ner,
    actors: ActorResolver<'static>,
    places: Places,
}

fn setup() -> &'static Setup {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let kb = KB.get_or_init(|| KnowledgeBase::bundled().expect("bundled kb"));
        Setup {
            models: dyad_models::Models::load_default().expect("bundled models"),
            ner: dyad_models::ner::Ner::load_default().expect("bundled recogniser"),
            actors: ActorResolver::new(kb),
            places: Places::bundled().expect("bundled gazetteer"),
        }
    })
}

/// The stages the place layer sees in the pipeline: parse, entities, actors, places.
fn annotate(text: &str) -> Document {
    let s = setup();
    let mut meta = Metadata::with_id("t");
    meta.date = dyad_core::parse_iso_date("2023-06-01").ok();
    let mut doc = Document::new(meta, text);
    dyad_text::segment(&mut doc);
    s.models.annotate(&mut doc);
    s.ner.annotate(&mut doc);
    s.actors.resolve(&mut doc);
    doc.places = s.places.find(&doc);
    doc
}

/// The resolved places named `name`, in text order.
fn named<'a>(doc: &'a Document, name: &str) -> Vec<&'a PlaceMention> {
    doc.places
        .iter()
        .filter(|p| doc.get(p.span).ok() == Some(name))
        .collect()
}

/// The country of every mention of `name` (there must be at least one).
fn countries(text: &str, name: &str) -> Vec<String> {
    let doc = annotate(text);
    let found: Vec<String> = named(&doc, name)
        .iter()
        .map(|p| p.location.country.clone())
        .collect();
    assert!(!found.is_empty(), "no place {name:?} in {:?}", doc.places);
    found
}

#[test]
fn valencia_without_context_keeps_the_population_reading() {
    // Valencia (Carabobo, 1.6 million) outweighs Valencia (Spain, 0.8 million).
    assert_eq!(
        countries("Protesters gathered in Valencia on Tuesday.", "Valencia"),
        ["VEN"]
    );
}

#[test]
fn valencia_in_a_spanish_story_is_in_spain() {
    // An agent with a country adjective in the same sentence.
    assert_eq!(
        countries(
            "Spanish police arrested three men in Valencia on Tuesday.",
            "Valencia"
        ),
        ["ESP"]
    );
    // A capital standing for its government, another sentence.
    assert_eq!(
        countries(
            "Madrid said on Monday that the strike was illegal.\n\
             Dock workers walked out in Valencia on Tuesday.",
            "Valencia"
        ),
        ["ESP"]
    );
    // The country by name, earlier in the story.
    assert_eq!(
        countries(
            "Spain will hold regional elections in May.\n\
             Candidates met voters in Valencia on Tuesday.",
            "Valencia"
        ),
        ["ESP"]
    );
}

#[test]
fn valencia_in_a_venezuelan_story_is_in_venezuela() {
    assert_eq!(
        countries(
            "Venezuelan troops were deployed in Valencia on Tuesday.",
            "Valencia"
        ),
        ["VEN"]
    );
    assert_eq!(
        countries(
            "Caracas said on Monday that the strike was illegal.\n\
             Dock workers walked out in Valencia on Tuesday.",
            "Valencia"
        ),
        ["VEN"]
    );
}

#[test]
fn the_sentence_outweighs_the_document_and_the_document_outweighs_a_passing_mention() {
    let text = "Spain's government said on Monday it would send more police to the coast.\n\
                The Spanish interior minister flew to Madrid for talks with regional leaders.\n\
                A Venezuelan delegation was expected later in the week.\n\
                Farmers blocked roads around Valencia on Tuesday.\n\
                Venezuelan opposition activists also marched in Valencia on Wednesday.";
    // Spain leads the document: the farmers' Valencia is in Spain, although a Venezuelan
    // delegation is mentioned; the activists' Valencia has Venezuela in its own sentence.
    assert_eq!(countries(text, "Valencia"), ["ESP", "VEN"]);
}

#[test]
fn evidence_of_two_countries_in_equal_measure_leaves_population_to_decide() {
    let text = "Spanish diplomats arrived on Monday.\n\
                Venezuelan diplomats arrived on Tuesday.\n\
                The talks opened in Valencia on Wednesday.";
    assert_eq!(countries(text, "Valencia"), ["VEN"]);
}

#[test]
fn paris_texas_is_in_texas_when_the_text_says_so() {
    let doc = annotate("A tornado struck Paris, Texas, on Sunday night.");
    let paris = named(&doc, "Paris");
    assert_eq!(paris.len(), 1);
    assert_eq!(paris[0].location.country, "USA");
    assert_eq!(paris[0].location.admin1.as_deref(), Some("Texas"));
}

#[test]
fn paris_stays_in_france_in_a_story_that_mentions_texas() {
    // The United States lead this story's evidence and Texas is named, but Paris, Texas is
    // a small namesake of a capital of two million: only `Paris, Texas` or the region in the
    // same sentence would choose it.
    let text = "Two American tourists from Texas were injured in Paris on Friday.\n\
                The U.S. embassy said both were in stable condition.\n\
                Washington thanked French police for their quick response.";
    assert_eq!(countries(text, "Paris"), ["FRA"]);
}

#[test]
fn an_unambiguous_place_is_evidence_for_an_ambiguous_one() {
    // Maracay has one reading, in Venezuela.
    assert_eq!(
        countries(
            "Flooding hit Maracay on Monday.\nRescue teams reached Valencia on Tuesday.",
            "Valencia"
        ),
        ["VEN"]
    );
    // Seville has one reading, in Spain.
    assert_eq!(
        countries(
            "Flooding hit Seville on Monday.\nRescue teams reached Valencia on Tuesday.",
            "Valencia"
        ),
        ["ESP"]
    );
}

#[test]
fn x_comma_country_outweighs_the_document() {
    // A story about Spain, but the text says which Valencia.
    let text = "Spain's foreign minister said on Monday that Madrid would send an envoy.\n\
                The envoy will meet exiled politicians in Valencia, Venezuela, next week.";
    assert_eq!(countries(text, "Valencia"), ["VEN"]);
    assert_eq!(
        countries(
            "Protesters gathered in Valencia, Spain, on Tuesday.",
            "Valencia"
        ),
        ["ESP"]
    );
}

#[test]
fn a_country_far_off_in_the_sentence_is_no_evidence_for_the_place() {
    // Washington and Bush are in the sentence, but Georgia here is the country, not the
    // state: only words near a toponym speak for it.
    let text = "Russian troops moved deeper into Georgia on Monday.\n\
                Tbilisi said Russian jets had bombed the port of Poti.\n\
                In Washington, President George W. Bush condemned the Russian strikes and \
                urged Moscow to respect the territorial integrity of Georgia.";
    let doc = annotate(text);
    let georgia: Vec<&str> = named(&doc, "Georgia")
        .iter()
        .map(|p| p.location.country.as_str())
        .collect();
    assert_eq!(georgia, ["GEO", "GEO"]);
}

#[test]
fn a_country_name_is_not_swayed_by_the_countries_around_it() {
    // The United States are the partner here, not the container: Georgia is the country.
    let text = "The Georgian president met the U.S. secretary of state in Washington on Monday.\n\
                She said the United States backed Georgia's territorial integrity.";
    assert_eq!(countries(text, "Georgia"), ["GEO"]);
}

#[test]
fn a_city_is_measured_against_cities_not_against_a_province() {
    // Córdoba (Argentina) is a city of two million in a province of more; the Spanish city
    // of 300,000 is no small namesake of either, so Spain's evidence decides.
    let text = "Spain's interior minister said on Monday that more police would be sent to \
                Andalusia.\nFarmers blocked roads outside Córdoba on Tuesday.";
    assert_eq!(countries(text, "Córdoba"), ["ESP"]);
    assert_eq!(
        countries(
            "Farmers blocked roads outside Córdoba on Tuesday.",
            "Córdoba"
        ),
        ["ARG"]
    );
}

/// The cost of [`Places::find`] alone on the when-where-quotes documents, with every layer
/// it reads in place: `cargo test --release -p dyad-coder --test places_context -- --ignored
/// --nocapture`.
#[test]
#[ignore = "timing; run by hand"]
fn speed_of_place_resolution() {
    use std::time::Instant;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/when-where-quotes/docs.jsonl"
    );
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let docs: Vec<Document> = dyad_text::read_bytes(
        &bytes,
        "docs.jsonl",
        dyad_text::Format::Jsonl,
        &Default::default(),
    )
    .into_iter()
    .filter_map(Result::ok)
    .map(|d| annotate(d.text()))
    .collect();
    let places = &setup().places;
    let mut runs = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..20 {
            for d in &docs {
                n += places.find(d).len();
            }
        }
        runs.push(t.elapsed().as_secs_f64() * 1e6 / (20 * docs.len()) as f64);
        assert!(n > 0);
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "places: {:.1} µs per document (median of 7 runs, {} documents)",
        runs[3],
        docs.len()
    );
}
