//! `dyad kb ...`: check the actor knowledge base, and look actors up in it.

use anyhow::{bail, Result};
use clap::{Args as ClapArgs, Subcommand};
use dyad_core::{Document, Metadata};
use dyad_kb::kb::{ActorMatcher, KnowledgeBase};
use std::path::PathBuf;
use std::process::ExitCode;

/// Knowledge-base commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and validate a knowledge-base directory (default: the one built into dyad); every
    /// problem is listed as `file:line: message`.
    Check(CheckArgs),
    /// Find the actors in a phrase or sentence, as coded on a date.
    Lookup(LookupArgs),
}

/// Arguments of `dyad kb check`.
#[derive(ClapArgs, Debug)]
pub struct CheckArgs {
    /// Knowledge-base directory (with countries.toml, organisations.toml, agents.toml, people/).
    pub dir: Option<PathBuf>,
}

/// Arguments of `dyad kb lookup`.
#[derive(ClapArgs, Debug)]
pub struct LookupArgs {
    /// The text to look in, e.g. "Russian Foreign Minister Sergei Lavrov".
    pub text: String,
    /// The date the codes hold on (offices change).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    pub date: Option<chrono::NaiveDate>,
}

/// Runs `dyad kb ...`.
pub fn run(cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Check(a) => check(a),
        Command::Lookup(a) => lookup(a),
    }
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let loaded = match &args.dir {
        Some(dir) => KnowledgeBase::load_dir(dir),
        None => KnowledgeBase::bundled(),
    };
    match loaded {
        Ok(kb) => {
            println!(
                "ok: {} countries, {} regions, {} metonyms, {} organisations, {} agents, {} people",
                kb.countries.len(),
                kb.regions.len(),
                kb.metonyms.len(),
                kb.orgs.len(),
                kb.agents.len(),
                kb.people.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            eprintln!("{errors}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn lookup(args: LookupArgs) -> Result<ExitCode> {
    let kb = match KnowledgeBase::bundled() {
        Ok(kb) => kb,
        Err(e) => bail!("the built-in knowledge base does not load:\n{e}"),
    };
    let matcher = ActorMatcher::new(&kb);
    let mut doc = Document::new(Metadata::with_id("lookup"), args.text);
    dyad_text::segment(&mut doc);
    let words: Vec<&str> = (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect();
    let found = matcher.find_actors(&words, args.date);
    if found.is_empty() {
        println!("no actor found");
    }
    for m in found {
        let text = words[m.tokens.clone()].join(" ");
        let entity = m.entity.as_deref().unwrap_or("-");
        let kind = format!("{:?}", m.kind);
        println!("{:<14} {kind:<9} {text}  ({entity})", m.code);
    }
    Ok(ExitCode::SUCCESS)
}
