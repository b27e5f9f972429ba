//! Spanned TOML access shared by the code table and the verb dictionaries: arrays of tables
//! whose every key and value keeps its byte offset, so that errors name a line.

use toml::de::{DeTable, DeValue};

use super::error::Sink;

/// One `[[name]]` table of a file, with the offset of its first byte.
pub(crate) struct RawEntry<'i> {
    /// Offset of the entry (its first key; the header line is found from it).
    pub(crate) pos: usize,
    /// The 1-based line of the `[[name]]` header (or of the first key when there is none).
    pub(crate) line: usize,
    /// `(key, key offset, value, value offset)`, in file order.
    pub(crate) fields: Vec<(String, usize, DeValue<'i>, usize)>,
}

impl<'i> RawEntry<'i> {
    /// The value of `key` and its offset.
    pub(crate) fn get(&self, key: &str) -> Option<(&DeValue<'i>, usize)> {
        self.fields
            .iter()
            .find(|(k, ..)| k == key)
            .map(|(_, _, v, p)| (v, *p))
    }
}

/// Parses `text` as a file made of `[[array]]` tables only. Problems go to `sink`; whatever
/// could be read is returned.
pub(crate) fn entries<'i>(sink: &mut Sink<'_>, text: &'i str, array: &str) -> Vec<RawEntry<'i>> {
    let root = match DeTable::parse(text) {
        Ok(root) => root.into_inner(),
        Err(e) => {
            let pos = e.span().map_or(0, |s| s.start);
            sink.at(pos, format!("not valid TOML: {}", e.message()));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (key, value) in root {
        let kpos = key.span().start;
        let vpos = value.span().start;
        if key.get_ref().as_ref() != array {
            sink.at(
                kpos,
                format!(
                    "unknown key `{}` (a file holds only `[[{array}]]` tables)",
                    key.get_ref()
                ),
            );
            continue;
        }
        let DeValue::Array(items) = value.into_inner() else {
            sink.at(
                vpos,
                format!("`{array}` must be an array of tables (`[[{array}]]`)"),
            );
            continue;
        };
        for item in items.iter() {
            let ipos = item.span().start;
            let DeValue::Table(table) = item.get_ref() else {
                sink.at(ipos, format!("each `{array}` entry must be a table"));
                continue;
            };
            let mut fields: Vec<(String, usize, DeValue<'i>, usize)> = table
                .iter()
                .map(|(k, v)| {
                    (
                        k.get_ref().to_string(),
                        k.span().start,
                        v.get_ref().clone(),
                        v.span().start,
                    )
                })
                .collect();
            fields.sort_by_key(|f| f.1);
            let first = fields.first().map_or(ipos, |f| f.1);
            let pos = first.min(ipos);
            out.push(RawEntry {
                pos,
                line: header_line(sink, text, pos, array),
                fields,
            });
        }
    }
    out.sort_by_key(|e| e.pos);
    out
}

/// The line of the `[[array]]` header that opens the entry at `pos`: the nearest such header
/// at or before `pos`, else the line of `pos` itself.
fn header_line(sink: &Sink<'_>, text: &str, pos: usize, array: &str) -> usize {
    let header = format!("[[{array}]]");
    let end = pos.min(text.len());
    let upto = text.get(..end).unwrap_or("");
    match upto.rfind(&header) {
        // Only blank space may separate the header from the table's first key.
        Some(h) if upto[h + header.len()..].trim().is_empty() => sink.line(h),
        _ => sink.line(pos),
    }
}

/// A string value, or `None` when the value has another type.
pub(crate) fn as_str<'a>(v: &'a DeValue<'_>) -> Option<&'a str> {
    match v {
        DeValue::String(s) => Some(s.as_ref()),
        _ => None,
    }
}

/// A number (integer or float) value as `f64`.
pub(crate) fn as_f64(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}
