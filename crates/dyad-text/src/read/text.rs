//! Plain text: one document per file, with optional header lines.
//!
//! ```text
//! Title: Kerry meets Lavrov in London
//! Date: 2014-03-14
//! Source: Example Wire
//!
//! LONDON — U.S. Secretary of State John Kerry met ...
//! ```
//!
//! Header lines (`Title:`, `Date:`, `Source:`, `URL:`, `ID:`, `Language:`; keys without regard
//! to case) are read from the top until the first line that is not one; blank lines after them
//! are skipped. The rest, trimmed, is the text. The id is the `ID:` header or the file stem.

use super::{check_utf8, Ctx, Field, Fields, ReadError, ReadErrorKind};
use dyad_core::Document;

pub(crate) fn read_text(bytes: &[u8], ctx: &Ctx) -> Result<Document, ReadError> {
    if let Some(at) = memchr::memchr(0, bytes) {
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
        return Err(ctx.err(Some(line), ReadErrorKind::Binary));
    }
    let text = check_utf8(bytes, 0, 1, ctx)?;
    if text.trim().is_empty() {
        return Err(ctx.err(None, ReadErrorKind::Empty));
    }
    let mut fields = Fields::default();
    let mut body_start = 0;
    let mut line_no = 0;
    for line in text.split_inclusive('\n') {
        line_no += 1;
        let Some((key, value)) = line.split_once(':') else {
            break;
        };
        let field = match Field::from_name(key) {
            Some(Field::Text) | None => break,
            Some(field) => field,
        };
        // `URL: https://...` splits at the first colon, so the value keeps its own.
        fields.set(field, value.trim().to_string(), Some(line_no));
        body_start += line.len();
    }
    let body = text[body_start..].trim();
    if body.is_empty() {
        // Headers only: the error points at the line after them, where the text should be.
        let line = 1 + text[..body_start].matches('\n').count();
        return Err(ctx.err(Some(line), ReadErrorKind::MissingText));
    }
    fields.text = Some(body.to_string());
    if fields.id.is_none() {
        fields.id = Some(ctx.stem.clone());
    }
    fields.into_document(ctx, None)
}
