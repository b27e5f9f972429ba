//! Documents from what Python hands over: a text with its keyword arguments, a dict, or the
//! rows of an Arrow record batch (columns `id`, `text`, optional `date`, `title`, `url`,
//! `source`).

use crate::error::{Error, Result};
use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use dyad_core::{Document, Metadata};

/// The fields of one document as they came, before checks.
#[derive(Debug, Default)]
pub struct Fields {
    pub id: Option<String>,
    pub text: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// Reads a date the way the input readers do (`YYYY-MM-DD`, ISO 8601 / RFC 3339 timestamps,
/// RFC 2822 dates).
pub fn parse_date(value: &str) -> Result<NaiveDate> {
    dyad_text::read::parse_date(value).map_err(|e| Error::Value(format!("invalid date: {e}")))
}

/// The document of `fields`: `default_id` when no id was given; texts of `max_bytes` or more
/// are refused (and so never reach `Document::new`'s 4 GiB panic).
pub fn document(
    f: Fields,
    default_id: impl FnOnce() -> String,
    max_bytes: usize,
) -> Result<Document> {
    let text = f
        .text
        .ok_or_else(|| Error::Value("the document has no text".to_string()))?;
    let limit = max_bytes.min(u32::MAX as usize - 1);
    if text.len() > limit {
        return Err(Error::Value(format!(
            "the text is {} bytes, over the limit of {limit} bytes (Pipeline(max_bytes=...))",
            text.len()
        )));
    }
    let nonblank = |s: Option<String>| {
        s.map(|s| s.trim().to_string())
            .filter(|s: &String| !s.is_empty())
    };
    let id = nonblank(f.id).unwrap_or_else(default_id);
    let mut meta = Metadata::with_id(id);
    meta.date = f.date;
    meta.title = nonblank(f.title);
    meta.url = nonblank(f.url);
    meta.source = nonblank(f.source);
    Ok(Document::new(meta, text))
}

/// A string column of the batch, by name (`None` when absent).
fn string_column<'a>(batch: &'a RecordBatch, name: &str) -> Result<Option<&'a ArrayRef>> {
    let Some(col) = batch.column_by_name(name) else {
        return Ok(None);
    };
    match col.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => Ok(Some(col)),
        other => Err(Error::Type(format!(
            "column {name:?} must be a string column, not {other}"
        ))),
    }
}

/// Row `i` of a string column (null for nulls and for a column of nulls).
fn string_at(col: Option<&ArrayRef>, i: usize) -> Option<String> {
    let col = col?;
    if col.is_null(i) {
        return None;
    }
    match col.data_type() {
        DataType::Utf8 => Some(col.as_string::<i32>().value(i).to_string()),
        DataType::LargeUtf8 => Some(col.as_string::<i64>().value(i).to_string()),
        DataType::Utf8View => Some(col.as_string_view().value(i).to_string()),
        _ => None,
    }
}

/// The documents of a record batch, one result per row: a row with no text, or a date that
/// cannot be read, is an error for that row alone. Rows without an id get `row:N` (1-based).
pub fn batch_documents(batch: &RecordBatch, max_bytes: usize) -> Result<Vec<Result<Document>>> {
    let text = string_column(batch, "text")?
        .ok_or_else(|| Error::Value("the record batch has no \"text\" column".to_string()))?;
    let id = string_column(batch, "id")?;
    let title = string_column(batch, "title")?;
    let url = string_column(batch, "url")?;
    let source = string_column(batch, "source")?;
    let date = batch.column_by_name("date");
    if let Some(d) = date {
        match d.data_type() {
            DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Date32
            | DataType::Null => {}
            other => {
                return Err(Error::Type(format!(
                    "column \"date\" must be a string or date32 column, not {other}"
                )))
            }
        }
    }
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let docs = (0..batch.num_rows())
        .map(|i| {
            let date = match date {
                Some(d) if d.data_type() == &DataType::Date32 && !d.is_null(i) => {
                    let days = d.as_primitive::<Date32Type>().value(i);
                    epoch.checked_add_signed(chrono::Duration::days(i64::from(days)))
                }
                Some(d) => match string_at(Some(d), i) {
                    Some(s) if !s.trim().is_empty() => Some(
                        parse_date(&s).map_err(|e| Error::Value(format!("row {}: {e}", i + 1)))?,
                    ),
                    _ => None,
                },
                None => None,
            };
            let text = string_at(Some(text), i)
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| Error::Value(format!("row {}: the text is null or blank", i + 1)))?;
            let fields = Fields {
                id: string_at(id, i),
                text: Some(text),
                date,
                title: string_at(title, i),
                url: string_at(url, i),
                source: string_at(source, i),
            };
            document(fields, || format!("row:{}", i + 1), max_bytes)
                .map_err(|e| Error::Value(format!("row {}: {e}", i + 1)))
        })
        .collect();
    Ok(docs)
}
