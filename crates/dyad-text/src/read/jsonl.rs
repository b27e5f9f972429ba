//! JSON Lines: one JSON object, one document, per line.
//!
//! Known fields (`id`, `date`, `title`, `text`, `url`, `source`, `language`, names matched
//! without regard to case) fill the metadata; every other field goes to `meta.extra`, strings
//! as they are and other values as their JSON text (`null` is dropped). Blank lines are skipped.

use super::lines::{Line, LineReader};
use super::{check_utf8, Ctx, Field, Fields, ReadError, ReadErrorKind};
use dyad_core::Document;
use serde_json::Value;
use std::io::BufRead;

pub(crate) struct JsonlReader<'a> {
    lines: LineReader<Box<dyn BufRead + Send + 'a>>,
    ctx: Ctx,
    seen_any: bool,
    done: bool,
}

impl<'a> JsonlReader<'a> {
    pub fn new(input: Box<dyn BufRead + Send + 'a>, ctx: Ctx) -> Self {
        JsonlReader {
            lines: LineReader::new(input, ctx.max),
            ctx,
            seen_any: false,
            done: false,
        }
    }
}

impl Iterator for JsonlReader<'_> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let ctx = &self.ctx;
            match self.lines.next_line(&mut |_| {}) {
                None => {
                    self.done = true;
                    return (!self.seen_any).then(|| Err(ctx.err(None, ReadErrorKind::Empty)));
                }
                Some(Line::Failed { no, error }) => {
                    // Reading on after an I/O error could loop on it; the file ends here.
                    self.done = true;
                    return Some(Err(ctx.err(Some(no), ReadErrorKind::Io(error))));
                }
                Some(Line::TooLong { no, len }) => {
                    self.seen_any = true;
                    let kind = ReadErrorKind::TooLarge {
                        what: "line",
                        size: Some(len),
                        limit: ctx.max,
                    };
                    return Some(Err(ctx.err(Some(no), kind)));
                }
                Some(Line::Text { no, offset, bytes }) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.seen_any = true;
                    return Some(parse_line(bytes, no, offset, ctx));
                }
            }
        }
    }
}

fn parse_line(bytes: &[u8], no: usize, offset: u64, ctx: &Ctx) -> Result<Document, ReadError> {
    if memchr::memchr(0, bytes).is_some() {
        return Err(ctx.err(Some(no), ReadErrorKind::Binary));
    }
    let line = check_utf8(bytes, offset, no, ctx)?;
    let object = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            let message = format!(
                "expected a JSON object per line, found {}",
                kind_name(&other)
            );
            return Err(ctx.err(Some(no), ReadErrorKind::Json(message)));
        }
        Err(e) => {
            // serde_json says "at line 1 column N" of the one-line text it was given; the
            // line number that means something is the file's, given by the error itself.
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => format!("{} at column {}", &message[..i], e.column()),
                None => message,
            };
            return Err(ctx.err(Some(no), ReadErrorKind::Json(message)));
        }
    };
    let mut fields = Fields::default();
    for (key, value) in object {
        match Field::from_name(&key) {
            Some(field) => {
                let value = match value {
                    Value::Null => continue,
                    Value::String(s) => s,
                    Value::Number(_) | Value::Bool(_) if field != Field::Text => value.to_string(),
                    other => {
                        let message = format!("expected a string, found {}", kind_name(&other));
                        return Err(ctx.err(
                            Some(no),
                            ReadErrorKind::BadField {
                                field: key,
                                message,
                            },
                        ));
                    }
                };
                fields.set(field, value, None);
            }
            None => {
                let value = match value {
                    Value::Null => continue,
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                fields.extra.entry(key).or_insert(value);
            }
        }
    }
    fields.into_document(ctx, Some(no))
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
