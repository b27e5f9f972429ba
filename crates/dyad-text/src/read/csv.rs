//! CSV with a header row: one document per row.
//!
//! Columns are named like the JSON Lines fields (`id`, `date`, `title`, `text`, `url`,
//! `source`, `language`, without regard to case); other columns go to `meta.extra` (empty
//! cells are left out). The header must have a `text` column.
//!
//! Records are cut from the stream here, with bounded memory and the line each starts on, and
//! each is then parsed on its own by `csv-core`, the parser of the `csv` crate (used directly
//! so that one parser serves every row). Cutting follows the quoting the way
//! `csv-core` does (a quote opens a quoted field only at the start of a field, `""` inside one
//! is a quote), so a quoted field may span lines. One bad row is one error; the rows after it
//! are read normally.

use super::lines::{Line, LineReader};
use super::{check_utf8, Ctx, Field, Fields, ReadError, ReadErrorKind};
use csv_core::ReadRecordResult;
use dyad_core::Document;
use std::io::BufRead;

/// Where the cutter is in the CSV grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvState {
    StartField,
    InField,
    InQuoted,
    /// A quote inside a quoted field: the closing one, or the first of `""`.
    AfterQuote,
}

impl CsvState {
    fn step(self, b: u8) -> CsvState {
        match (self, b) {
            (CsvState::StartField, b'"') => CsvState::InQuoted,
            (CsvState::StartField | CsvState::InField | CsvState::AfterQuote, b',') => {
                CsvState::StartField
            }
            (CsvState::StartField | CsvState::InField, _) => CsvState::InField,
            (CsvState::InQuoted, b'"') => CsvState::AfterQuote,
            (CsvState::InQuoted, _) => CsvState::InQuoted,
            (CsvState::AfterQuote, b'"') => CsvState::InQuoted,
            (CsvState::AfterQuote, _) => CsvState::InField,
        }
    }
}

/// One record cut from the input.
enum Record {
    /// The record's bytes (its lines joined by `\n`) and where it starts.
    Row {
        line: usize,
        offset: u64,
    },
    TooLong {
        line: usize,
        len: u64,
    },
    /// A quoted field still open at the end of the input.
    Unterminated {
        line: usize,
    },
    Failed {
        line: usize,
        error: std::io::Error,
    },
}

/// What the header row says about the columns.
struct Header {
    /// For each column: a known field, or the name to keep it under in `extra`.
    columns: Vec<Result<Field, String>>,
}

pub(crate) struct CsvReader<'a> {
    lines: LineReader<Box<dyn BufRead + Send + 'a>>,
    ctx: Ctx,
    /// The current record's bytes.
    record: Vec<u8>,
    /// The `csv` crate's parser, built once: building it compiles a DFA, which costs more
    /// than parsing a typical row.
    parser: csv_core::Reader,
    /// Unquoted field bytes and field end offsets of the current record.
    out: Vec<u8>,
    ends: Vec<usize>,
    header: Option<Header>,
    rows: usize,
    done: bool,
}

impl<'a> CsvReader<'a> {
    pub fn new(input: Box<dyn BufRead + Send + 'a>, ctx: Ctx) -> Self {
        CsvReader {
            lines: LineReader::new(input, ctx.max),
            ctx,
            record: Vec::new(),
            parser: csv_core::Reader::new(),
            out: Vec::new(),
            ends: Vec::new(),
            header: None,
            rows: 0,
            done: false,
        }
    }

    /// Cuts the next record into `self.record`; `None` at the end of the input.
    fn next_record(&mut self) -> Option<Record> {
        self.record.clear();
        let mut quote = CsvState::StartField;
        let mut start: Option<(usize, u64)> = None;
        let mut too_long: Option<u64> = None;
        loop {
            let line = self
                .lines
                .next_line(&mut |bytes| quote = bytes.iter().fold(quote, |q, &b| q.step(b)));
            let (no, len, text) = match line {
                None => {
                    let (line, _) = start?;
                    return Some(Record::Unterminated { line });
                }
                Some(Line::Failed { no, error }) => {
                    return Some(Record::Failed { line: no, error })
                }
                Some(Line::TooLong { no, len }) => (no, len + 1, None),
                Some(Line::Text { no, offset, bytes }) => {
                    if start.is_none() {
                        if bytes.iter().all(u8::is_ascii_whitespace) {
                            quote = CsvState::StartField;
                            continue;
                        }
                        start = Some((no, offset));
                    }
                    (no, bytes.len() as u64 + 1, Some(bytes))
                }
            };
            let (first, offset) = *start.get_or_insert((no, 0));
            match text {
                Some(bytes) if too_long.is_none() => {
                    if self.record.len() + bytes.len() + 1 > self.ctx.max {
                        too_long = Some(self.record.len() as u64 + len);
                        self.record = Vec::new();
                    } else {
                        if !self.record.is_empty() {
                            self.record.push(b'\n');
                        }
                        self.record.extend_from_slice(bytes);
                    }
                }
                _ => *too_long.get_or_insert(self.record.len() as u64) += len,
            }
            if quote == CsvState::InQuoted {
                // The newline is inside a quoted field: the record goes on.
                quote = quote.step(b'\n');
                continue;
            }
            return Some(match too_long {
                Some(len) => Record::TooLong {
                    line: first,
                    len: len.saturating_sub(1),
                },
                None => Record::Row {
                    line: first,
                    offset,
                },
            });
        }
    }

    /// Parses the record in `self.record` into its fields.
    fn fields(&mut self, line: usize, offset: u64) -> Result<Vec<String>, ReadError> {
        let text = check_utf8(&self.record, offset, line, &self.ctx)?;
        if memchr::memchr(0, text.as_bytes()).is_some() {
            return Err(self.ctx.err(Some(line), ReadErrorKind::Binary));
        }
        let mut input = text.as_bytes();
        // Unquoting only removes bytes, so the output never outgrows the input; the buffers
        // still grow on demand below, as csv-core asks.
        self.out.resize(input.len().max(1), 0);
        if self.ends.len() < 16 {
            self.ends.resize(16, 0);
        }
        self.parser.reset();
        let (mut out_len, mut n_ends) = (0, 0);
        loop {
            let (result, n_in, n_out, n_end) =
                self.parser
                    .read_record(input, &mut self.out[out_len..], &mut self.ends[n_ends..]);
            input = &input[n_in..];
            out_len += n_out;
            n_ends += n_end;
            match result {
                // Empty input is the end of the record's bytes: the next call finishes it.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let len = self.out.len();
                    self.out.resize(len * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(Vec::new()),
            }
        }
        if !input.iter().all(|&b| b == b'\r' || b == b'\n') {
            // The cutter and the parser disagree on where the record ends: a bare carriage
            // return ends a record for csv-core, not for the cutter.
            let message = "a carriage return inside an unquoted field".to_string();
            return Err(self.ctx.err(Some(line), ReadErrorKind::Csv(message)));
        }
        let mut start = 0;
        let mut fields = Vec::with_capacity(n_ends);
        for &end in &self.ends[..n_ends] {
            let bytes = self.out.get(start..end).unwrap_or_default();
            // Fields of a UTF-8 record split at ASCII quotes and commas are UTF-8.
            fields.push(String::from_utf8_lossy(bytes).into_owned());
            start = end;
        }
        Ok(fields)
    }

    fn read_header(&mut self, line: usize, offset: u64) -> Result<(), ReadError> {
        let names = self.fields(line, offset)?;
        let columns: Vec<_> = names
            .iter()
            .map(|n| Field::from_name(n).ok_or_else(|| n.trim().to_string()))
            .collect();
        if !columns.contains(&Ok(Field::Text)) {
            let message = "the header row has no `text` column".to_string();
            return Err(self.ctx.err(Some(line), ReadErrorKind::Csv(message)));
        }
        self.header = Some(Header { columns });
        Ok(())
    }

    fn read_row(
        &mut self,
        header: &Header,
        line: usize,
        offset: u64,
    ) -> Result<Document, ReadError> {
        let values = self.fields(line, offset)?;
        if values.len() != header.columns.len() {
            let message = format!(
                "row has {} fields but the header has {}",
                values.len(),
                header.columns.len()
            );
            return Err(self.ctx.err(Some(line), ReadErrorKind::Csv(message)));
        }
        let mut fields = Fields::default();
        for (column, value) in header.columns.iter().zip(values) {
            match column {
                Ok(field) => fields.set(*field, value, None),
                Err(name) if !value.is_empty() => {
                    fields.extra.entry(name.clone()).or_insert(value);
                }
                Err(_) => {}
            }
        }
        fields.into_document(&self.ctx, Some(line))
    }
}

impl Iterator for CsvReader<'_> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let Some(record) = self.next_record() else {
                self.done = true;
                if self.rows == 0 {
                    return Some(Err(self.ctx.err(None, ReadErrorKind::Empty)));
                }
                return None;
            };
            let (line, offset) = match record {
                Record::Row { line, offset } => (line, offset),
                Record::TooLong { line, len } => {
                    self.rows += 1;
                    let kind = ReadErrorKind::TooLarge {
                        what: if self.header.is_some() {
                            "row"
                        } else {
                            "header row"
                        },
                        size: Some(len),
                        limit: self.ctx.max,
                    };
                    if self.header.is_none() {
                        self.done = true;
                    }
                    return Some(Err(self.ctx.err(Some(line), kind)));
                }
                Record::Unterminated { line } => {
                    self.done = true;
                    let message = "quoted field not closed before the end of the input";
                    let kind = ReadErrorKind::Csv(message.to_string());
                    return Some(Err(self.ctx.err(Some(line), kind)));
                }
                Record::Failed { line, error } => {
                    self.done = true;
                    return Some(Err(self.ctx.err(Some(line), ReadErrorKind::Io(error))));
                }
            };
            let Some(header) = self.header.take() else {
                if let Err(e) = self.read_header(line, offset) {
                    // Without a usable header no row can be read: one error for the file.
                    self.done = true;
                    return Some(Err(e));
                }
                continue;
            };
            self.rows += 1;
            let result = self.read_row(&header, line, offset);
            self.header = Some(header);
            return Some(result);
        }
        None
    }
}
