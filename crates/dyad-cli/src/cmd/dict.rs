//! `dyad dict ...`: checks of the verb dictionaries.

use anyhow::{Context, Result};
use clap::{Args as ClapArgs, Subcommand};
use dyad_coder::dict_test::{check_rule, ExampleResult, Outcome};
use dyad_coder::{Coder, RuleSet};
use dyad_kb::dictionary::VerbDictionary;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

/// The dictionary commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load a dictionary folder (default: the bundled one), code every pattern's example with
    /// the full pipeline and check it yields the expected event.
    Test(TestArgs),
}

/// Arguments of `dyad dict test`.
#[derive(ClapArgs, Debug)]
pub struct TestArgs {
    /// A folder of dictionary files (`*.toml`) with `cameo-codes.toml` beside or above it;
    /// default: the dictionaries bundled in the binary.
    pub dir: Option<PathBuf>,
    /// Print one JSON object: totals, per file, and every failure.
    #[arg(long)]
    pub json: bool,
    /// Fail on every failing example, including those listed in `known-failures.txt`.
    #[arg(long)]
    pub strict: bool,
    /// Write the ids of the failing examples to this file (to refresh `known-failures.txt`).
    #[arg(long, value_name = "FILE")]
    pub write_known: Option<PathBuf>,
}

/// The bundled list of examples known to fail (parser or actor errors being worked on).
const KNOWN_FAILURES: &str = include_str!("../../../../data/dictionaries/known-failures.txt");

/// The ids listed in a known-failures file: the first field of each line; lines starting
/// with `# ` are comments.
fn known_ids(text: &str) -> std::collections::HashSet<String> {
    text.lines()
        .filter(|l| !l.starts_with("# ") && *l != "#")
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Runs a `dyad dict` command.
pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Test(a) => test(a),
    }
}

fn test(args: TestArgs) -> Result<ExitCode> {
    let dict = match &args.dir {
        Some(dir) => VerbDictionary::load_dir(dir)
            .with_context(|| format!("cannot load the dictionaries in {}", dir.display()))?,
        None => VerbDictionary::bundled().context("the bundled dictionaries are invalid")?,
    };
    let pipeline = crate::pipeline::Pipeline::get()?;
    let rules = RuleSet::from_dictionary(&dict);
    let coder = Coder::new(rules.clone(), dict.codes().clone());
    let annotate = |doc: &mut dyad_core::Document| pipeline.annotate(doc);
    let results: Vec<ExampleResult> = rules
        .rules()
        .par_iter()
        .filter_map(|r| check_rule(r, &coder, &annotate))
        .collect();
    let mut per_file: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &results {
        let file = r.rule.split('#').next().unwrap_or(&r.rule).to_string();
        let e = per_file.entry(file).or_default();
        if r.passed() {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let passed = results.iter().filter(|r| r.passed()).count();
    let failed = results.len() - passed;
    let known = match &args.dir {
        Some(dir) => [
            dir.join("known-failures.txt"),
            dir.join("../known-failures.txt"),
        ]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| known_ids(&t))
        .unwrap_or_default(),
        None => known_ids(KNOWN_FAILURES),
    };
    let new_failures: Vec<&ExampleResult> = results
        .iter()
        .filter(|r| !r.passed() && (args.strict || !known.contains(&r.rule)))
        .collect();
    let fixed: Vec<&str> = results
        .iter()
        .filter(|r| r.passed() && known.contains(&r.rule))
        .map(|r| r.rule.as_str())
        .collect();
    if let Some(path) = &args.write_known {
        let mut text = String::from(
            "# Dictionary examples that do not yet yield their expected event with the shipped\n\
             # models (`dyad dict test --write-known FILE` rewrites this list). `dyad dict test`\n\
             # fails on any other failing example; an example listed here that passes is reported.\n",
        );
        for r in results.iter().filter(|r| !r.passed()) {
            let why = match &r.outcome {
                Outcome::Pass { .. } => "",
                Outcome::NoEvent { .. } => "no-event",
                Outcome::Mismatch { .. } => "mismatch",
            };
            text.push_str(&format!("{}\t{why}\n", r.rule));
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.json {
        let failures: Vec<&ExampleResult> = results.iter().filter(|r| !r.passed()).collect();
        let files: BTreeMap<&String, serde_json::Value> = per_file
            .iter()
            .map(|(f, (p, m))| (f, serde_json::json!({"passed": p, "failed": m})))
            .collect();
        let out = serde_json::json!({
            "passed": passed, "failed": failed, "known_failures": failed - new_failures.len(),
            "new_failures": new_failures.len(), "fixed": fixed,
            "files": files, "failures": failures,
        });
        println!("{out}");
    } else {
        for (file, (p, m)) in &per_file {
            println!("{file}: {p} passed, {m} failed");
        }
        for r in &new_failures {
            let why = match &r.outcome {
                Outcome::Pass { .. } => continue,
                Outcome::NoEvent { actors } => {
                    format!("no event (actors: {})", actors.join(" "))
                }
                Outcome::Mismatch { got } => format!("got {}", got.join("; ")),
            };
            println!(
                "{}: expected {}, {why}\n    {}",
                r.rule, r.expect, r.example
            );
        }
        for id in &fixed {
            println!("{id}: passes now; remove it from known-failures.txt");
        }
        println!(
            "{passed} passed, {failed} failed ({} known, {} new)",
            failed - new_failures.len(),
            new_failures.len()
        );
    }
    Ok(if new_failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
