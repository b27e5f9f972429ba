//! `dyad train ner`: rebuild the shipped named-entity recogniser from GUM and the knowledge base.

use anyhow::{Context, Result};
use clap::Args as ClapArgs;
use dyad_kb::kb::KnowledgeBase;
use dyad_models::ner::{GazClass, Gazetteer, NerConfig, NER_FILE};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `dyad train ner`.
#[derive(ClapArgs, Debug)]
pub struct NerArgs {
    /// The GUM folder holding en_gum-ud-{train,dev}.conllu (or a UD folder holding en_gum/),
    /// e.g. ../shared/data/ud/en_gum.
    #[arg(long, value_name = "DIR")]
    pub gum: PathBuf,
    /// Training passes; the pass scoring best on GUM dev is kept (default: the shipped
    /// model's setting).
    #[arg(long)]
    pub iters: Option<usize>,
    /// Also train on this IOB2 file, with features of its own for its conventions (default:
    /// Universal NER's en_ewt-ud-train.iob2 in ../../uner_en_ewt from the GUM folder, when
    /// there, as for the shipped model).
    #[arg(long, value_name = "FILE")]
    pub extra: Option<PathBuf>,
    /// Further IOB or IOB2 training files (CoNLL 2003 style, such as wikigold), each with
    /// feature copies of its own (domains 2, 3, ...); not used for the shipped model.
    #[arg(long, value_name = "FILE")]
    pub more: Vec<PathBuf>,
    /// Train on GUM only, even when Universal NER's train file is found.
    #[arg(long)]
    pub no_extra: bool,
    /// Where to write en_ner.bin.gz (the shipped one is in data/models).
    #[arg(long, default_value = "data/models")]
    pub out: PathBuf,
    /// Leave the tagger's UPOS and XPOS out of the features.
    #[arg(long)]
    pub no_tags: bool,
    /// Use the tagger's UPOS and XPOS as features.
    #[arg(long, conflicts_with = "no_tags")]
    pub tags: bool,
    /// Decode each document twice, the second pass seeing the first pass's labels of the same
    /// words elsewhere in the document (feature set 3 only; not the shipped setting).
    #[arg(long)]
    pub two_pass: bool,
    /// Leave GeoNames' place names (dyad-kb's gazetteer) out of the name lists.
    #[arg(long)]
    pub no_geonames: bool,
    /// Models to train with consecutive seeds and average (default: the shipped setting).
    #[arg(long, value_name = "N")]
    pub models: Option<usize>,
    /// How many of the averaged models are trained on GUM alone (default: the shipped setting).
    #[arg(long, value_name = "N")]
    pub gum_only_models: Option<usize>,
    /// Probability of a wrong tag on a capitalised training word (default: the shipped setting).
    #[arg(long, value_name = "P")]
    pub tag_noise: Option<f64>,
    /// Feature-set version (1: the first shipped recogniser's templates, 2: the second's; default:
    /// the newest, 3).
    #[arg(long, value_name = "N")]
    pub feature_set: Option<u32>,
    /// Tag the training sentences the tagger learnt from (EWT train + GUM train) by K-fold
    /// jackknifing with one-pass taggers, K tagger trainings (0: the shipped tagger's tags;
    /// default: the shipped setting).
    #[arg(long, value_name = "K")]
    pub jackknife: Option<usize>,
    /// Cache of the jackknifed tags: read when the file exists (and has K folds), written
    /// otherwise, so that later runs need no tagger training.
    #[arg(long, value_name = "FILE")]
    pub tags_cache: Option<PathBuf>,
    /// Jackknife with two-pass taggers, the shipped tagger's settings (each takes about as long
    /// as training the tagger), instead of the parser's one-pass jackknifing taggers.
    #[arg(long)]
    pub jackknife_two_pass: bool,
    /// The Universal Dependencies folder holding en_ewt/ and en_gum/, for jackknifing (default:
    /// the GUM folder's parent).
    #[arg(long, value_name = "DIR")]
    pub ud: Option<PathBuf>,
    /// Stop after the dev run: each model at its best pass on GUM dev, dev scores held out.
    /// Without it (the shipped recipe), the same models are then trained again on GUM train +
    /// dev with those passes (the metadata keeps the dev run's scores).
    #[arg(long)]
    pub held_out_dev: bool,
}

/// Folds of the jackknifed training tags of the shipped recogniser (0: none).
pub const SHIPPED_JACKKNIFE: usize = 0;

/// The jackknifed tags of the tagger's training sentences, from `cache` when it holds them for
/// `k` folds, else by training `k` one-pass taggers (then written to `cache`).
fn jackknifed_tags(
    ud: &Path,
    k: usize,
    two_pass: bool,
    cache: Option<&Path>,
) -> Result<dyad_models::ner::JackknifedTags> {
    use dyad_models::ner::JackknifedTags;
    let cfg = if two_pass {
        dyad_models::TaggerConfig::default()
    } else {
        // The parser's jackknifing taggers: one pass, the shipped tagger's feature set.
        dyad_models::ParserConfig::single(2).tagger
    };
    let settings = serde_json::to_string(&cfg)?;
    if let Some(c) = cache.filter(|c| c.is_file()) {
        let text =
            std::fs::read_to_string(c).with_context(|| format!("cannot read {}", c.display()))?;
        let jk = JackknifedTags::from_tsv(&text)?;
        if jk.folds == k && jk.tagger == settings && !jk.is_empty() {
            eprintln!(
                "dyad: jackknifed tags of {} sentences from {}",
                jk.len(),
                c.display()
            );
            return Ok(jk);
        }
        eprintln!(
            "dyad: {} holds tags of {} folds by {}, not {k} by {settings}: tagging again",
            c.display(),
            jk.folds,
            jk.tagger
        );
    }
    let tb = dyad_models::Treebanks::from_ud_dir(ud, true)
        .with_context(|| format!("cannot read the treebanks in {}", ud.display()))?;
    eprintln!(
        "dyad: jackknifing tags of {} sentences ({}) in {k} folds",
        tb.train.len(),
        tb.sources.join(", ")
    );
    let jk = JackknifedTags::compute(&tb.train, k, &cfg, &mut |l| eprintln!("dyad: {l}"));
    if let Some(c) = cache {
        if let Some(dir) = c.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(c, jk.to_tsv()).with_context(|| format!("cannot write {}", c.display()))?;
        eprintln!("dyad: wrote {}", c.display());
    }
    Ok(jk)
}

/// Adds the names of GeoNames' countries, first-level regions and cities (dyad-kb's bundled
/// place gazetteer) as [`GazClass::GeoPlace`]; returns how many names were added.
pub fn add_geonames(g: &mut Gazetteer) -> Result<usize> {
    let places = dyad_kb::gazetteer::Gazetteer::bundled()
        .map_err(|e| anyhow::anyhow!("the bundled place gazetteer is invalid: {e}"))?;
    let before = g.len();
    for p in places.places() {
        g.add(&p.name, GazClass::GeoPlace);
    }
    Ok(g.len() - before)
}

/// The recogniser's gazetteer: the names of the knowledge base's countries, regions,
/// organisations and people, with the class each names.
pub fn gazetteer_from_kb(kb: &KnowledgeBase) -> Gazetteer {
    let mut g = Gazetteer::new();
    for c in &kb.countries {
        for n in std::iter::once(&c.name).chain(&c.names).chain(&c.capitals) {
            g.add(n, GazClass::Place);
        }
        for n in c.adjectives.iter().chain(&c.demonyms) {
            g.add(n, GazClass::Nationality);
        }
        for n in &c.metonyms {
            g.add(n, GazClass::Org);
        }
    }
    for r in &kb.regions {
        for n in std::iter::once(&r.name).chain(&r.names) {
            g.add(n, GazClass::Place);
        }
        for n in &r.adjectives {
            g.add(n, GazClass::Nationality);
        }
    }
    for m in &kb.metonyms {
        g.add(&m.phrase, GazClass::Org);
    }
    for o in &kb.orgs {
        for n in std::iter::once(&o.name).chain(&o.aliases) {
            g.add(n, GazClass::Org);
        }
    }
    for p in &kb.people {
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            g.add(n, GazClass::Person);
        }
    }
    g
}

fn gum_file(dir: &Path, split: &str) -> PathBuf {
    let name = format!("en_gum-ud-{split}.conllu");
    let direct = dir.join(&name);
    if direct.is_file() {
        direct
    } else {
        dir.join("en_gum").join(name)
    }
}

/// Runs `dyad train ner`.
pub fn run(args: NerArgs) -> Result<ExitCode> {
    let train_path = gum_file(&args.gum, "train");
    let dev_path = gum_file(&args.gum, "dev");
    let train = dyad_text::conllu::read_file(&train_path)
        .with_context(|| format!("cannot read {}", train_path.display()))?;
    let dev = dyad_text::conllu::read_file(&dev_path)
        .with_context(|| format!("cannot read {}", dev_path.display()))?;
    let kb = KnowledgeBase::bundled()
        .map_err(|e| anyhow::anyhow!("the bundled knowledge base is invalid: {e}"))?;
    let mut gaz = gazetteer_from_kb(&kb);
    let models = dyad_models::Models::load_default().context("cannot load the tagger")?;
    let mut cfg = NerConfig::default();
    if let Some(i) = args.iters {
        cfg.iterations = i;
    }
    if let Some(m) = args.models {
        cfg.models = m.max(1);
    }
    if let Some(n) = args.gum_only_models {
        cfg.target_only_models = n;
    }
    if let Some(p) = args.tag_noise {
        cfg.tag_noise = p.clamp(0.0, 1.0);
    }
    if let Some(v) = args.feature_set {
        anyhow::ensure!((1..=3).contains(&v), "feature set {v}: 1, 2 or 3");
        cfg.features.version = v;
    }
    if args.two_pass {
        cfg.features.two_pass = true;
    }
    if args.no_tags {
        cfg.features.tags = false;
    }
    if args.tags {
        cfg.features.tags = true;
    }
    anyhow::ensure!(
        cfg.features.tags || cfg.features.version >= 2,
        "feature set 1 always uses tags"
    );
    let geonames = if args.no_geonames || cfg.features.version < 2 {
        0
    } else {
        add_geonames(&mut gaz)?
    };
    eprintln!(
        "dyad: training the recogniser on {} GUM train sentences ({} gazetteer phrases)",
        train.len(),
        gaz.len()
    );
    let mut data = vec![
        format!(
            "UD English GUM train ({} sentences, en_gum-ud-train.conllu)",
            train.len()
        ),
        format!(
            "UD English GUM dev ({} sentences, en_gum-ud-dev.conllu; choice of pass)",
            dev.len()
        ),
        format!(
            "dyad knowledge base data/kb and GeoNames places data/gazetteer ({} phrases, {geonames} new from GeoNames; gazetteer)",
            gaz.len()
        ),
    ];
    let default_extra = args
        .gum
        .join("../../uner_en_ewt/en_ewt-ud-train.iob2")
        .canonicalize()
        .ok()
        .filter(|p| p.is_file());
    let extra_path = if args.no_extra {
        None
    } else {
        args.extra.clone().or(default_extra)
    };
    let mut extra = match &extra_path {
        Some(p) => {
            let e = dyad_models::ner::read_gold(p, Some(dyad_models::ner::GoldFormat::Iob2))
                .with_context(|| format!("cannot read {}", p.display()))?;
            eprintln!(
                "dyad: extra training data {} ({} sentences)",
                p.display(),
                e.len()
            );
            data.push(format!(
                "Universal NER English EWT train ({} sentences, {}; domain-specific feature copies)",
                e.len(),
                p.file_name().and_then(|n| n.to_str()).unwrap_or("?")
            ));
            e
        }
        None => Vec::new(),
    };
    for (k, p) in args.more.iter().enumerate() {
        let mut e = dyad_models::ner::read_gold(p, Some(dyad_models::ner::GoldFormat::Iob2))
            .with_context(|| format!("cannot read {}", p.display()))?;
        let domain = u8::try_from(k + 2).context("too many --more files")?;
        // Documents numbered after those already there; each file has a domain of its own.
        let base = extra.last().map_or(0, |s| s.doc + 1);
        for s in &mut e {
            s.doc += base;
            s.domain = domain;
        }
        eprintln!(
            "dyad: extra training data {} ({} sentences, domain {domain})",
            p.display(),
            e.len()
        );
        data.push(format!(
            "{} ({} sentences; domain {domain} feature copies)",
            p.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
            e.len()
        ));
        extra.extend(e);
    }
    let k = args.jackknife.unwrap_or(SHIPPED_JACKKNIFE);
    let jk = if k >= 2 {
        let ud = match &args.ud {
            Some(d) => d.clone(),
            None => args
                .gum
                .canonicalize()
                .ok()
                .and_then(|g| g.parent().map(Path::to_path_buf))
                .context("cannot find the UD folder from --gum; give --ud")?,
        };
        Some(jackknifed_tags(
            &ud,
            k,
            args.jackknife_two_pass,
            args.tags_cache.as_deref(),
        )?)
    } else {
        None
    };
    let with_dev = !args.held_out_dev;
    if with_dev {
        data[1] = format!(
            "UD English GUM dev ({} sentences, en_gum-ud-dev.conllu; choice of pass, then trained on with those passes: dev scores of this model are not held out)",
            dev.len()
        );
    }
    let opts = dyad_models::ner::BuildOptions {
        jackknifed: jk.as_ref(),
        with_dev,
    };
    let (ner, report) = dyad_models::ner::build_ner_with(
        &train,
        &dev,
        &extra,
        data,
        &models,
        gaz,
        &cfg,
        opts,
        &mut |l| eprintln!("dyad: {l}"),
    );
    let bytes = ner.to_bytes()?;
    let path = args.out.join(NER_FILE);
    dyad_models::write_file(&path, &bytes)?;
    eprintln!(
        "dyad: dev scores {:?}; {:.0} s; wrote {} ({} bytes)",
        report.scores,
        report.seconds,
        path.display(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
