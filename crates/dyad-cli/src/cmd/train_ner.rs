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
    /// Train on GUM only, even when Universal NER's train file is found.
    #[arg(long)]
    pub no_extra: bool,
    /// Where to write en_ner.bin.gz (the shipped one is in data/models).
    #[arg(long, default_value = "data/models")]
    pub out: PathBuf,
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
    let gaz = gazetteer_from_kb(&kb);
    let models = dyad_models::Models::load_default().context("cannot load the tagger")?;
    let mut cfg = NerConfig::default();
    if let Some(i) = args.iters {
        cfg.iterations = i;
    }
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
            "dyad knowledge base data/kb ({} phrases, gazetteer)",
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
    let extra = match &extra_path {
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
    let (ner, report) =
        dyad_models::ner::build_ner(&train, &dev, &extra, data, &models, gaz, &cfg, &mut |l| {
            eprintln!("dyad: {l}")
        });
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
