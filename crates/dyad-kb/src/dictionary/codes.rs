//! The CAMEO code table (`data/dictionaries/cameo-codes.toml`): every event code with its
//! label, root, quad class, Goldstein weight and PLOVER conversion.

use std::collections::HashMap;
use std::path::Path;

use super::error::{DictError, DictErrors, Sink};
use super::raw::{as_f64, as_str, entries};

/// The bundled code table's text.
const BUNDLED: &str = include_str!("../../../../data/dictionaries/cameo-codes.toml");
/// The bundled code table's file name, used in error messages.
pub(crate) const BUNDLED_NAME: &str = "cameo-codes.toml";

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    /// The code, 2 to 4 digits (`"0253"`).
    pub code: String,
    /// A short label (`"Make a visit"`).
    pub name: String,
    /// The two-digit root (`"02"`).
    pub root: String,
    /// The quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad_class: u8,
    /// The Goldstein (1992) weight, -10 to +10.
    pub goldstein: f64,
    /// The PLOVER event type the code converts to (`"CONSULT"`), when the conversion table has
    /// a row for it.
    pub plover_type: Option<String>,
    /// The PLOVER mode (`"visit"`), when the conversion table gives one.
    pub plover_mode: Option<String>,
    /// A remark on a value (`"root value"`: the Goldstein weight is the root's).
    pub note: Option<String>,
}

/// The quad class the GDELT/Phoenix convention gives a root (1 to 20), or `None` for a
/// number that is not a root.
pub fn quad_class_of_root(root: u8) -> Option<u8> {
    match root {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// Every CAMEO event code, looked up by code.
#[derive(Debug, Clone, Default)]
pub struct CodeTable {
    codes: Vec<CameoCode>,
    by_code: HashMap<String, usize>,
}

const KEYS: [&str; 8] = [
    "code",
    "name",
    "root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "note",
];

impl CodeTable {
    /// The code table bundled with dyad.
    pub fn bundled() -> Result<CodeTable, DictErrors> {
        Self::parse(BUNDLED_NAME, BUNDLED)
    }

    /// Loads a code table file.
    pub fn load(path: impl AsRef<Path>) -> Result<CodeTable, DictErrors> {
        let path = path.as_ref();
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = std::fs::read_to_string(path).map_err(|e| {
            DictErrors(vec![DictError {
                file: name.clone(),
                line: 0,
                message: format!("cannot read {}: {e}", path.display()),
            }])
        })?;
        Self::parse(&name, &text)
    }

    /// Parses and validates the text of a code table; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<CodeTable, DictErrors> {
        let mut errors = Vec::new();
        let mut table = CodeTable::default();
        {
            let mut sink = Sink::new(file, text, &mut errors);
            for entry in entries(&mut sink, text, "code") {
                for (key, kpos, ..) in &entry.fields {
                    if !KEYS.contains(&key.as_str()) {
                        sink.at(*kpos, format!("unknown key `{key}`"));
                    }
                }
                let line = entry.line;
                let string = |sink: &mut Sink<'_>, key: &str, required: bool| -> Option<String> {
                    match entry.get(key) {
                        Some((v, pos)) => match as_str(v) {
                            Some(s) => Some(s.to_string()),
                            None => {
                                sink.at(pos, format!("`{key}` must be a string"));
                                None
                            }
                        },
                        None => {
                            if required {
                                sink.push_line(line, format!("missing `{key}`"));
                            }
                            None
                        }
                    }
                };
                let code = string(&mut sink, "code", true);
                let name = string(&mut sink, "name", true);
                let root = string(&mut sink, "root", true);
                let plover_type = string(&mut sink, "plover_type", false);
                let plover_mode = string(&mut sink, "plover_mode", false);
                let note = string(&mut sink, "note", false);
                let quad = match entry.get("quad_class") {
                    Some((v, pos)) => match as_f64(v) {
                        Some(q) if (1.0..=4.0).contains(&q) && q.fract() == 0.0 => Some(q as u8),
                        _ => {
                            sink.at(pos, "`quad_class` must be an integer from 1 to 4");
                            None
                        }
                    },
                    None => {
                        sink.push_line(line, "missing `quad_class`");
                        None
                    }
                };
                let goldstein = match entry.get("goldstein") {
                    Some((v, pos)) => match as_f64(v) {
                        Some(g) if (-10.0..=10.0).contains(&g) => Some(g),
                        _ => {
                            sink.at(pos, "`goldstein` must be a number from -10 to 10");
                            None
                        }
                    },
                    None => {
                        sink.push_line(line, "missing `goldstein`");
                        None
                    }
                };
                let (Some(code), Some(name), Some(root), Some(quad), Some(goldstein)) =
                    (code, name, root, quad, goldstein)
                else {
                    continue;
                };
                if !is_code_shape(&code) {
                    sink.push_line(line, format!("code `{code}` is not 2 to 4 digits"));
                    continue;
                }
                if !code.starts_with(&root) || root.len() != 2 {
                    sink.push_line(
                        line,
                        format!("root `{root}` is not the first two digits of `{code}`"),
                    );
                    continue;
                }
                let expected = root.parse::<u8>().ok().and_then(quad_class_of_root);
                match expected {
                    None => sink.push_line(line, format!("`{root}` is not a CAMEO root (01-20)")),
                    Some(q) if q != quad => sink.push_line(
                        line,
                        format!("quad_class {quad} for root {root}; the convention gives {q}"),
                    ),
                    Some(_) => {}
                }
                if code.len() > 2 && !table.by_code.contains_key(&code[..code.len() - 1]) {
                    sink.push_line(
                        line,
                        format!(
                            "code `{code}` comes before (or without) its parent `{}`",
                            &code[..code.len() - 1]
                        ),
                    );
                }
                if table.by_code.contains_key(&code) {
                    sink.push_line(line, format!("code `{code}` is listed twice"));
                    continue;
                }
                table.by_code.insert(code.clone(), table.codes.len());
                table.codes.push(CameoCode {
                    code,
                    name,
                    root,
                    quad_class: quad,
                    goldstein,
                    plover_type,
                    plover_mode,
                    note,
                });
            }
        }
        if errors.is_empty() {
            Ok(table)
        } else {
            Err(DictErrors(errors))
        }
    }

    /// The entry of `code`, if it is a CAMEO code.
    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.by_code.get(code).and_then(|&i| self.codes.get(i))
    }

    /// Whether `code` is a CAMEO code.
    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// Every code, in file order (each root followed by its codes).
    pub fn iter(&self) -> std::slice::Iter<'_, CameoCode> {
        self.codes.iter()
    }

    /// The number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// Whether `s` has the shape of a CAMEO code: 2 to 4 ASCII digits.
pub(crate) fn is_code_shape(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}
