//! Training on a tiny hand-written treebank, save/load round trip, annotation and CoNLL-U output.
use dyad_core::{Document, Metadata, Sentence, Span, Token};
use dyad_models::*;
use dyad_text::conllu::{parse_str, ConlluSentence};

const TREEBANK: &str = "\
1\tKerry\tKerry\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
3\tLavrov\tLavrov\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tarmy\tarmy\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\trebels\trebel\tNOUN\tNNS\t_\t3\tobj\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tarmy\tarmy\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tPutin\tPutin\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_
3\tParis\tParis\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

fn treebank() -> Vec<ConlluSentence> {
    let one = parse_str(TREEBANK, "tiny").unwrap();
    // Repeat so the perceptron sees enough updates to fit the data.
    (0..5).flat_map(|_| one.clone()).collect()
}

fn tiny_models() -> Models {
    let tb = treebank();
    let tcfg = TaggerConfig {
        iterations: 10,
        min_weight: 0.0,
        seed: 1,
        two_pass: true,
        folds: 2,
        lemma_skip_prefix: String::new(),
        features: 2,
        dict_min_count: 0,
        dict_min_share: 0.0,
    };
    let (tagger, lemmatizer, trep) = train_tagger(&tb, &tb, &tcfg, &mut |_| {});
    assert!(trep.scores["dev_upos"] > 99.0, "{:?}", trep.scores);
    let pcfg = ParserConfig {
        iterations: 8,
        min_weight: 0.0,
        jackknife: 0,
        tagger: tcfg,
        ..ParserConfig::default()
    };
    let (parser, prep) = train_parser(&tb, &tb, &pcfg, Some(&tagger), &mut |_| {});
    assert!(prep.scores["dev_las"] > 99.0, "{:?}", prep.scores);
    let tm = ModelMeta::new("tagger", vec!["tiny".into()], serde_json::json!({}));
    let pm = ModelMeta::new("parser", vec!["tiny".into()], serde_json::json!({}));
    let tb = tagger_to_bytes(&tm, &tagger, &lemmatizer).unwrap();
    let pb = parser_to_bytes(&pm, &parser).unwrap();
    let m = Models::from_bytes(&tb, &pb).unwrap();
    // The loaded models are the trained ones.
    assert_eq!(m.tagger, tagger);
    assert_eq!(m.lemmatizer, lemmatizer);
    assert_eq!(m.parser, parser);
    assert_eq!(m.tagger_meta, tm);
    // Swapped or corrupt files are refused with an error.
    assert!(Models::from_bytes(&pb, &tb).is_err());
    assert!(Models::from_bytes(&tb[..tb.len() / 2], &pb).is_err());
    assert!(Models::from_bytes(b"junk", &pb).is_err());
    m
}

#[test]
fn trains_saves_loads_and_annotates() {
    let m = tiny_models();
    let s = eval_parse(&m, &treebank());
    // Tiny data: the averaged perceptron may still confuse NN and NNS on one word.
    assert!(
        s.upos > 99.0 && s.xpos > 90.0 && s.lemma > 90.0 && s.las > 99.0,
        "{s:?}"
    );
    let json = serde_json::to_value(&s).unwrap();
    for k in ["upos", "xpos", "lemma", "uas", "las", "tokens_per_sec"] {
        assert!(json.get(k).is_some(), "{k}");
    }

    let text = "Putin met Kerry. The army attacked the rebels.";
    let mut doc = Document::new(Metadata::with_id("d1"), text);
    let words = [
        (0, 5),
        (6, 9),
        (10, 15),
        (15, 16),
        (17, 20),
        (21, 25),
        (26, 34),
        (35, 38),
        (39, 45),
        (45, 46),
    ];
    doc.tokens = words
        .iter()
        .map(|&(a, b)| Token::new(Span::new(a, b)))
        .collect();
    doc.sentences = vec![
        Sentence {
            span: Span::new(0, 16),
            tokens: 0..4,
        },
        Sentence {
            span: Span::new(17, 46),
            tokens: 4..10,
        },
    ];
    m.annotate(&mut doc);
    doc.validate().unwrap();
    let syn = doc.syntax.as_ref().unwrap();
    assert_eq!(syn.len(), 10);
    assert_eq!(syn.upos[0], "PROPN");
    assert_eq!(syn.lemma[6], "attack");
    assert_eq!(syn.deprel[5], "nsubj");
    // Heads are document-wide and stay inside their sentence.
    assert_eq!(syn.head[5], Some(6));
    assert_eq!(syn.head[6], None);
    assert_eq!(syn.head[1], None);

    let out = conllu_of(&doc);
    let back = parse_str(&out, "out").unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back[1].words[1].form, "army");
    assert_eq!(back[1].words[1].head, Some(3));
    assert_eq!(back[0].words[2].misc, "SpaceAfter=No");
    assert_eq!(back[0].text.as_deref(), Some("Putin met Kerry."));

    // Batch annotation gives the same layer.
    let mut docs = vec![doc.clone(), doc.clone()];
    docs[0].syntax = None;
    m.annotate_batch(&mut docs);
    assert_eq!(docs[0].syntax, doc.syntax);

    // Empty input and documents without sentences do not panic.
    let mut empty = Document::new(Metadata::with_id("e"), "");
    m.annotate(&mut empty);
    assert_eq!(empty.syntax.as_ref().map(|s| s.len()), Some(0));
    let mut nosent = doc.clone();
    nosent.sentences.clear();
    m.annotate(&mut nosent);
    nosent.validate().unwrap();
    assert!(m.analyze(&[]).upos.is_empty());
}
