//! Expanding inputs (files, directories, globs, `-`) and reading them one after another.

use super::{Ctx, Format, ReadError, ReadErrorKind, ReadOptions, Source};
use dyad_core::Document;
use std::collections::{HashMap, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

/// Documents from all inputs, in order, read lazily; see [`read_inputs`](super::read_inputs).
///
/// Each item is a document or the error for one bad line, row or file; reading goes on after
/// an error.
pub struct Inputs {
    opts: ReadOptions,
    /// Inputs as given, not yet looked at.
    pending: VecDeque<String>,
    /// Paths found and not yet read, the next one last. Directories are listed when they
    /// come up, so a large tree is never listed whole.
    paths: Vec<Found>,
    /// The input being read.
    current: Option<Source<'static>>,
    /// Errors found while expanding a glob (unreadable directories), yielded next.
    queued: VecDeque<ReadError>,
    /// Default id stems given so far, with the file each went to: a second file that would get
    /// the same stem gets a longer one, so that it does not replace the first in a store.
    stems: HashMap<String, PathBuf>,
}

/// A path to read.
struct Found {
    path: PathBuf,
    /// Found inside a directory being walked (then a symlink to a directory is not followed,
    /// so that links cannot make the walk loop).
    in_walk: bool,
    /// The directory named in the inputs whose walk found this path: default ids are the path
    /// below it (`2014/03/report`), so that files of the same name in two subdirectories do
    /// not share an id.
    root: Option<PathBuf>,
}

impl Inputs {
    pub(crate) fn new(inputs: &[String], opts: &ReadOptions) -> Inputs {
        Inputs {
            opts: opts.clone(),
            pending: inputs.iter().cloned().collect(),
            paths: Vec::new(),
            current: None,
            queued: VecDeque::new(),
            stems: HashMap::new(),
        }
    }

    /// The context of a file, with its default id stem: [`default_stem`], unless an earlier file
    /// of this run already has it (`report.html` and `report.txt`; `a/x.txt` and `b/x.txt`
    /// named on the command line). Then, in a walk, the path below the walked directory with
    /// the extension (`report.txt`); then the path as given without its extension (`b/x`);
    /// then the whole path. Inputs are expanded in a fixed order, so a rerun of the same
    /// command gives the same ids.
    fn ctx(&mut self, path: &Path, root: Option<&Path>) -> Ctx {
        let mut candidates = vec![default_stem(path, root, false)];
        if root.is_some() {
            candidates.push(default_stem(path, root, true));
        }
        candidates.push(slash_path(&path.with_extension("")));
        candidates.push(slash_path(path));
        let stem = candidates
            .iter()
            .find(|c| self.stems.get(*c).is_none_or(|p| p == path))
            .or(candidates.last())
            .cloned()
            .unwrap_or_default();
        self.stems
            .entry(stem.clone())
            .or_insert_with(|| path.to_path_buf());
        Ctx::new(path.display().to_string(), stem, &self.opts)
    }

    fn error(path: &Path, kind: ReadErrorKind) -> ReadError {
        ReadError {
            path: path.display().to_string(),
            line: None,
            kind,
        }
    }

    /// Looks at one input as given. Returns an error to yield, if any.
    fn expand(&mut self, input: String) -> Option<ReadError> {
        if input == "-" {
            let ctx = Ctx::new("<stdin>".to_string(), "stdin".to_string(), &self.opts);
            let stdin: Box<dyn std::io::Read + Send> = Box::new(std::io::stdin());
            self.current = Some(Source::open(stdin, ctx, self.opts.format, None));
            return None;
        }
        let path = PathBuf::from(&input);
        // A path that exists is taken as it is, even when its name has glob characters.
        if fs::metadata(&path).is_ok() || !input.contains(['*', '?', '[']) {
            self.paths.push(Found {
                path,
                in_walk: false,
                root: None,
            });
            return None;
        }
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        let matches = match glob::glob_with(&input, options) {
            Ok(paths) => paths,
            Err(e) => return Some(Self::error(&path, ReadErrorKind::BadPattern(e.to_string()))),
        };
        let mut found = Vec::new();
        for m in matches {
            match m {
                Ok(p) => found.push(Found {
                    path: p,
                    in_walk: false,
                    root: None,
                }),
                Err(e) => {
                    // An unreadable directory on the way: reported, and the glob goes on.
                    let p = e.path().to_path_buf();
                    self.queued
                        .push_back(Self::error(&p, ReadErrorKind::Io(e.into())));
                }
            }
        }
        if found.is_empty() && self.queued.is_empty() {
            return Some(Self::error(&path, ReadErrorKind::NoMatch));
        }
        found.reverse();
        self.paths.extend(found);
        None
    }

    /// Reads the next found path: lists a directory, opens a file.
    fn visit(&mut self, found: Found) -> Option<ReadError> {
        let path = found.path;
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return Some(Self::error(&path, ReadErrorKind::Io(e))),
        };
        if meta.is_dir() {
            if found.in_walk && fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) {
                return None;
            }
            let entries = match fs::read_dir(&path) {
                Ok(entries) => entries,
                Err(e) => return Some(Self::error(&path, ReadErrorKind::Io(e))),
            };
            let mut children = Vec::new();
            for entry in entries {
                match entry {
                    Ok(entry) => {
                        if !skipped_in_walk(&entry.file_name().to_string_lossy()) {
                            children.push(entry.path());
                        }
                    }
                    Err(e) => return Some(Self::error(&path, ReadErrorKind::Io(e))),
                }
            }
            children.sort();
            let root = found.root.unwrap_or_else(|| path.clone());
            self.paths
                .extend(children.into_iter().rev().map(|child| Found {
                    path: child,
                    in_walk: true,
                    root: Some(root.clone()),
                }));
            return None;
        }
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => return Some(Self::error(&path, ReadErrorKind::Io(e))),
        };
        let format = self
            .opts
            .format
            .or_else(|| Format::from_path(&path))
            .unwrap_or(Format::Text);
        let ctx = self.ctx(&path, found.root.as_deref());
        self.current = Some(Source::open(
            Box::new(file),
            ctx,
            Some(format),
            Some(meta.len()),
        ));
        None
    }
}

impl Iterator for Inputs {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(error) = self.queued.pop_front() {
                return Some(Err(error));
            }
            if let Some(source) = &mut self.current {
                match source.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let error = if let Some(found) = self.paths.pop() {
                self.visit(found)
            } else if let Some(input) = self.pending.pop_front() {
                self.expand(input)
            } else {
                return None;
            };
            if let Some(error) = error {
                return Some(Err(error));
            }
        }
    }
}

/// The default id stem of a file: its path below the walked directory `root` without the
/// extension (`2014/03/report`; a file directly in `root` gets its plain stem), else the
/// file stem; with the extension when `ext`.
fn default_stem(path: &Path, root: Option<&Path>, ext: bool) -> String {
    let file_stem = || {
        let name = if ext {
            path.file_name()
        } else {
            path.file_stem()
        };
        name.map_or_else(|| "input".to_string(), |s| s.to_string_lossy().into_owned())
    };
    let Some(rel) = root.and_then(|r| path.strip_prefix(r).ok()) else {
        return file_stem();
    };
    match rel.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            format!("{}/{}", slash_path(dir), file_stem())
        }
        _ => file_stem(),
    }
}

/// A path with `/` between its components on every platform (ids must not depend on the OS).
fn slash_path(path: &Path) -> String {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| match c {
            // An absolute path keeps its leading `/` once joined.
            std::path::Component::RootDir => "".into(),
            c => c.as_os_str().to_string_lossy(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a directory walk passes over a file: hidden files, and a corpus's own notes
/// (`README`, `LICENSE`, `COPYING`, `NOTICE`, with any extension), which describe the articles
/// and are not one. Named explicitly, such a file is read like any other.
fn skipped_in_walk(name: &str) -> bool {
    if name.starts_with('.') {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README" | "LICENSE" | "LICENCE" | "COPYING" | "NOTICE"
    )
}
