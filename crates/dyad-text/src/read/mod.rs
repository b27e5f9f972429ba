//! Input readers: files, directories, globs and standard input into [`Document`]s.
//!
//! [`read_inputs`] takes what the user typed (paths, directories, glob patterns, `-`) and
//! returns [`Inputs`], a lazy iterator of `Result<Document, ReadError>`. It streams: JSON Lines
//! and CSV are read one bounded line (or record) at a time, so a 1 GB corpus needs no more
//! memory than its longest document; plain text and HTML hold one document per file and are
//! read whole, up to [`ReadOptions::max_bytes`].
//!
//! Bad input never stops the stream. Each bad line, row or file gives one [`ReadError`] that
//! names the file and, where there is one, the line; reading then goes on with the next line or
//! file. No input makes a reader panic (the readers are fuzzed, see `fuzz/`).
//!
//! | format | extensions | documents |
//! |---|---|---|
//! | [`Format::Text`] | `.txt`, `.text`, anything unknown | one per file, optional `Title:`/`Date:`/`Source:`/`URL:`/`ID:` header lines |
//! | [`Format::Jsonl`] | `.jsonl`, `.ndjson`, `.json` | one per line: `id`, `date`, `title`, `text`, `url`, `source`, `language` |
//! | [`Format::Csv`] | `.csv` | one per row after a header row with the same field names |
//! | [`Format::Html`] | `.html`, `.htm`, `.xhtml` | one per file: the main article text |
//!
//! ```
//! use dyad_text::read::{read_bytes, Format, ReadOptions};
//!
//! let input = b"{\"id\":\"a\",\"text\":\"Kerry met Lavrov.\"}\nnot json\n";
//! let out = read_bytes(input, "news.jsonl", Format::Jsonl, &ReadOptions::default());
//! assert_eq!(out[0].as_ref().unwrap().text(), "Kerry met Lavrov.");
//! assert_eq!(out[1].as_ref().unwrap_err().line, Some(2));
//! ```

mod csv;
mod date;
mod html;
mod jsonl;
mod lines;
mod text;
mod walk;

use chrono::NaiveDate;
use dyad_core::{Document, Metadata};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::str::FromStr;

pub use date::parse_date;
pub use walk::Inputs;

/// Default for [`ReadOptions::max_bytes`]: 16 MiB, far above any news article.
pub const DEFAULT_MAX_BYTES: usize = 16 << 20;

/// How much of each input is looked at to sniff its format and to recognise binary data.
const HEAD_BYTES: usize = 8 << 10;

/// Buffer size of the streaming readers.
const BUF_BYTES: usize = 64 << 10;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, one document per file, with optional header lines.
    Text,
    /// JSON Lines, one object (document) per line.
    Jsonl,
    /// CSV with a header row, one document per row.
    Csv,
    /// An HTML page, whose main article text becomes one document.
    Html,
}

impl Format {
    /// The format a file's extension stands for (case-insensitive); `None` when unknown.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// Guesses the format of input without a name (standard input) from its first bytes:
    /// `{` is JSON Lines, `<` is HTML, anything else plain text.
    pub fn sniff(head: &[u8]) -> Format {
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Jsonl,
            Some(b'<') => Format::Html,
            _ => Format::Text,
        }
    }

    /// The name used on the command line (`txt`, `jsonl`, `csv`, `html`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }

    /// Whether one input holds exactly one document, read whole (bounded by `max_bytes`).
    fn is_whole_file(self) -> bool {
        matches!(self, Format::Text | Format::Html)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of `txt`, `jsonl`, `csv`, `html`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown input format `{0}` (expected txt, jsonl, csv or html)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" | "plain" => Ok(Format::Text),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Read every input in this format, whatever its name. `None`: by extension (unknown
    /// extensions are plain text), and sniffed from the first bytes for standard input.
    pub format: Option<Format>,
    /// The longest line, row or single-document file accepted, in bytes; longer ones are an
    /// error ([`ReadErrorKind::TooLarge`]) and are skipped without being held in memory.
    pub max_bytes: usize,
    /// The date of documents whose input gives none.
    pub default_date: Option<NaiveDate>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            max_bytes: DEFAULT_MAX_BYTES,
            default_date: None,
        }
    }
}

/// One input that could not be read: a bad line, row, document or file.
#[derive(Debug)]
pub struct ReadError {
    /// The file (as given or found), `<stdin>`, or the glob pattern that matched nothing.
    pub path: String,
    /// The 1-based line the bad record starts on, when the error is about one record.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: ReadErrorKind,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.kind),
            None => write!(f, "{}: {}", self.path, self.kind),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

/// What is wrong with an input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file or directory could not be opened or read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The input holds nothing to read (no bytes, only white space, or a CSV header only).
    #[error("empty input: no documents")]
    Empty,
    /// Bytes that are not UTF-8.
    #[error("invalid UTF-8 at byte {offset} (column {column}); dyad reads UTF-8 text")]
    InvalidUtf8 {
        /// Byte offset of the first bad byte from the start of the input.
        offset: u64,
        /// 1-based byte column of the bad byte in its line.
        column: usize,
    },
    /// Text in UTF-16 (it starts with a UTF-16 byte-order mark).
    #[error("UTF-16 text (byte-order mark); convert it to UTF-8")]
    Utf16,
    /// Binary data: NUL bytes or mostly control characters.
    #[error("binary data, not text (NUL or control bytes)")]
    Binary,
    /// A line, row or file longer than [`ReadOptions::max_bytes`].
    #[error("{what} {} exceeds the limit of {limit} bytes", size_text(*.size))]
    TooLarge {
        /// `line`, `row` or `file`.
        what: &'static str,
        /// Its size in bytes, when known.
        size: Option<u64>,
        /// The limit.
        limit: usize,
    },
    /// A JSON Lines line that is not a JSON object.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A CSV row or header that cannot be read.
    #[error("malformed CSV: {0}")]
    Csv(String),
    /// An HTML page with no article text.
    #[error("HTML: {0}")]
    Html(String),
    /// A date that cannot be read, or that does not exist.
    #[error("bad date `{value}`: {reason}")]
    BadDate {
        /// The value as given (cut to 64 characters).
        value: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A field of the wrong type (for example a JSON array as the title).
    #[error("field `{field}`: {message}")]
    BadField {
        /// The field name.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A document without text (`text` missing or blank, or a text file with headers only).
    #[error("no text: the document's text is missing or blank")]
    MissingText,
    /// A glob pattern that matches no file.
    #[error("no file matches this pattern")]
    NoMatch,
    /// A glob pattern that is not valid.
    #[error("bad glob pattern: {0}")]
    BadPattern(String),
}

fn size_text(size: Option<u64>) -> String {
    match size {
        Some(n) => format!("of {n} bytes"),
        None => "of unknown size".to_string(),
    }
}

/// Where the documents being read come from: names for ids, origins and errors, and limits.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    /// Display name of the input (`dir/a.jsonl`, `<stdin>`).
    pub path: String,
    /// Default id stem: the file stem (`a`), or `stdin`.
    pub stem: String,
    /// [`ReadOptions::max_bytes`], clamped below 4 GiB so that `Document::new` never panics.
    pub max: usize,
    pub default_date: Option<NaiveDate>,
}

impl Ctx {
    pub fn new(path: String, stem: String, opts: &ReadOptions) -> Ctx {
        Ctx {
            path,
            stem,
            max: opts.max_bytes.min(u32::MAX as usize - 1),
            default_date: opts.default_date,
        }
    }

    pub fn err(&self, line: Option<usize>, kind: ReadErrorKind) -> ReadError {
        ReadError {
            path: self.path.clone(),
            line,
            kind,
        }
    }

    fn origin(&self, line: Option<usize>) -> String {
        match line {
            Some(l) => format!("{}:{}", self.path, l),
            None => self.path.clone(),
        }
    }

    fn default_id(&self, line: Option<usize>) -> String {
        match line {
            Some(l) => format!("{}:{}", self.stem, l),
            None => self.stem.clone(),
        }
    }
}

/// The fields of one record, as strings, before they become a [`Document`]. Shared by the
/// readers so that every format applies the same defaults and checks.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    pub id: Option<String>,
    pub title: Option<String>,
    /// The date as given, with the line it was given on (text headers name their own line).
    pub date: Option<(String, Option<usize>)>,
    pub text: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub language: Option<String>,
    pub extra: BTreeMap<String, String>,
}

/// The known field a (case-insensitive) field name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Id,
    Title,
    Date,
    Text,
    Url,
    Source,
    Language,
}

impl Field {
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim();
        let is = |s: &str| name.eq_ignore_ascii_case(s);
        if is("id") {
            Some(Field::Id)
        } else if is("title") {
            Some(Field::Title)
        } else if is("date") {
            Some(Field::Date)
        } else if is("text") {
            Some(Field::Text)
        } else if is("url") {
            Some(Field::Url)
        } else if is("source") {
            Some(Field::Source)
        } else if is("language") {
            Some(Field::Language)
        } else {
            None
        }
    }
}

impl Fields {
    /// Sets a known field (first value wins: a later duplicate column or key is ignored).
    pub fn set(&mut self, field: Field, value: String, line: Option<usize>) {
        let slot = match field {
            Field::Id => &mut self.id,
            Field::Title => &mut self.title,
            Field::Text => &mut self.text,
            Field::Url => &mut self.url,
            Field::Source => &mut self.source,
            Field::Language => &mut self.language,
            Field::Date => {
                if self.date.is_none() {
                    self.date = Some((value, line));
                }
                return;
            }
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }

    /// The document, or the error that keeps it from being one. `line` is where the record
    /// starts (`None` for whole-file formats).
    pub fn into_document(self, ctx: &Ctx, line: Option<usize>) -> Result<Document, ReadError> {
        let text = match self.text {
            Some(t) if !t.trim().is_empty() => t,
            _ => return Err(ctx.err(line, ReadErrorKind::MissingText)),
        };
        let date = match self.date {
            Some((value, at)) if !value.trim().is_empty() => {
                Some(parse_date(&value).map_err(|kind| ctx.err(at.or(line), kind))?)
            }
            _ => ctx.default_date,
        };
        let nonblank = |s: Option<String>| {
            s.map(|s| s.trim().to_string())
                .filter(|s: &String| !s.is_empty())
        };
        let id = nonblank(self.id).unwrap_or_else(|| ctx.default_id(line));
        let mut meta = Metadata::with_id(id);
        meta.title = nonblank(self.title);
        meta.date = date;
        meta.url = nonblank(self.url);
        meta.source = nonblank(self.source);
        if let Some(lang) = nonblank(self.language) {
            meta.language = lang;
        }
        meta.origin = Some(ctx.origin(line));
        meta.extra = self.extra;
        // Readers bound every record by `ctx.max`, which is below the 4 GiB `Document::new`
        // refuses; checked again here so that no input can reach that panic.
        if text.len() >= u32::MAX as usize {
            return Err(ctx.err(
                line,
                ReadErrorKind::TooLarge {
                    what: "document",
                    size: Some(text.len() as u64),
                    limit: ctx.max,
                },
            ));
        }
        Ok(Document::new(meta, text))
    }
}

/// Whether the first bytes of an input look like binary data rather than text: more than a
/// tenth control characters (NUL included; tab, newlines and form feed excepted). A stray NUL
/// in a line of JSON Lines or CSV is an error for that line only; text and HTML files, read
/// whole, refuse any NUL.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    control * 10 > head.len()
}

/// Checks that bytes are UTF-8; the error gives the byte offset (from `base`, the offset of
/// `bytes` in the input) and the column in its line.
pub(crate) fn check_utf8<'b>(
    bytes: &'b [u8],
    base: u64,
    first_line: usize,
    ctx: &Ctx,
) -> Result<&'b str, ReadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let bad = e.valid_up_to();
        let before = &bytes[..bad];
        let line = first_line + memchr::memchr_iter(b'\n', before).count();
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        ctx.err(
            Some(line),
            ReadErrorKind::InvalidUtf8 {
                offset: base + bad as u64,
                column: bad - line_start + 1,
            },
        )
    })
}

/// A stream of documents from one input.
pub(crate) enum Source<'a> {
    Jsonl(jsonl::JsonlReader<'a>),
    Csv(Box<csv::CsvReader<'a>>),
    /// Whole-file formats, and inputs refused before reading: results already made.
    Ready(std::vec::IntoIter<Result<Document, ReadError>>),
}

impl Iterator for Source<'_> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Source::Jsonl(r) => r.next(),
            Source::Csv(r) => r.next(),
            Source::Ready(r) => r.next(),
        }
    }
}

impl<'a> Source<'a> {
    fn one(result: Result<Document, ReadError>) -> Source<'a> {
        Source::Ready(vec![result].into_iter())
    }

    /// Opens a reader as a document stream. `format` is `None` to sniff it from the first
    /// bytes. `size` is the input's length when known (files), so that an oversized
    /// single-document file is refused before any of it is read.
    pub(crate) fn open(
        mut reader: Box<dyn Read + Send + 'a>,
        ctx: Ctx,
        format: Option<Format>,
        size: Option<u64>,
    ) -> Source<'a> {
        if let (Some(f), Some(size)) = (format, size) {
            if f.is_whole_file() && size > ctx.max as u64 {
                let kind = ReadErrorKind::TooLarge {
                    what: "file",
                    size: Some(size),
                    limit: ctx.max,
                };
                return Source::one(Err(ctx.err(None, kind)));
            }
        }
        let mut head = Vec::with_capacity(HEAD_BYTES);
        if let Err(e) = (&mut reader).take(HEAD_BYTES as u64).read_to_end(&mut head) {
            return Source::one(Err(ctx.err(None, ReadErrorKind::Io(e))));
        }
        if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
            return Source::one(Err(ctx.err(None, ReadErrorKind::Utf16)));
        }
        // A UTF-8 byte-order mark is not part of the text; byte offsets in errors then count
        // from after it, which is what editors show.
        if head.starts_with(&[0xef, 0xbb, 0xbf]) {
            head.drain(..3);
        }
        if head.iter().all(|b| b.is_ascii_whitespace()) && head.len() < HEAD_BYTES - 3 {
            return Source::one(Err(ctx.err(None, ReadErrorKind::Empty)));
        }
        if looks_binary(&head) {
            return Source::one(Err(ctx.err(None, ReadErrorKind::Binary)));
        }
        let format = format.unwrap_or_else(|| Format::sniff(&head));
        let rest = Cursor::new(head).chain(reader);
        let input: Box<dyn BufRead + Send + 'a> =
            Box::new(BufReader::with_capacity(BUF_BYTES, rest));
        match format {
            Format::Jsonl => Source::Jsonl(jsonl::JsonlReader::new(input, ctx)),
            Format::Csv => Source::Csv(Box::new(csv::CsvReader::new(input, ctx))),
            Format::Text | Format::Html => {
                let mut bytes = Vec::new();
                let limit = ctx.max as u64 + 1;
                if let Err(e) = input.take(limit).read_to_end(&mut bytes) {
                    return Source::one(Err(ctx.err(None, ReadErrorKind::Io(e))));
                }
                if bytes.len() > ctx.max {
                    let kind = ReadErrorKind::TooLarge {
                        what: "file",
                        size: None,
                        limit: ctx.max,
                    };
                    return Source::one(Err(ctx.err(None, kind)));
                }
                let result = if format == Format::Text {
                    text::read_text(&bytes, &ctx)
                } else {
                    html::read_html(&bytes, &ctx)
                };
                Source::one(result)
            }
        }
    }
}

/// Reads documents from bytes in memory, as if they were a file called `name` in `format`.
///
/// The same readers as [`read_inputs`] (used by the tests and the fuzz targets); `name` gives
/// the path in errors and origins and, through its stem, the default ids.
pub fn read_bytes(
    bytes: &[u8],
    name: &str,
    format: Format,
    opts: &ReadOptions,
) -> Vec<Result<Document, ReadError>> {
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
    let ctx = Ctx::new(name.to_string(), stem, opts);
    Source::open(Box::new(bytes), ctx, Some(format), Some(bytes.len() as u64)).collect()
}

/// Reads every input: files, directories (recursively, in sorted order, hidden files
/// skipped), glob patterns (`data/*.jsonl`, expanded here so a quoted pattern works) and `-`
/// for standard input.
///
/// The documents are produced lazily, one input at a time; see the [module docs](self).
pub fn read_inputs(inputs: &[String], opts: &ReadOptions) -> Inputs {
    Inputs::new(inputs, opts)
}
