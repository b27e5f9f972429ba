//! Reading lines with bounded memory.
//!
//! `BufRead::read_until` would buffer a 1 GB line whole. This reader keeps at most `max` bytes
//! of a line; a longer line is consumed chunk by chunk up to its newline and reported by
//! length only, so that the next line is read normally.

use std::io::{self, BufRead};

/// One line from [`LineReader::next_line`].
pub(crate) enum Line<'b> {
    /// A line, without its `\n`. A `\r` before it is kept: JSON takes it for white space, and
    /// in CSV it may be part of a quoted field.
    Text {
        /// 1-based line number.
        no: usize,
        /// Byte offset of the line's first byte in the input.
        offset: u64,
        bytes: &'b [u8],
    },
    /// A line longer than the limit, skipped.
    TooLong { no: usize, len: u64 },
    /// Reading failed; the reader should not be used again.
    Failed { no: usize, error: io::Error },
}

pub(crate) struct LineReader<R> {
    inner: R,
    max: usize,
    buf: Vec<u8>,
    /// Lines read so far.
    line_no: usize,
    /// Offset of the next line.
    offset: u64,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R, max: usize) -> Self {
        LineReader {
            inner,
            max,
            buf: Vec::new(),
            line_no: 0,
            offset: 0,
        }
    }

    /// The next line, or `None` at the end of the input. `observe` sees every byte of the line
    /// (without the final `\n`), also of a line too long to keep; the CSV reader follows its
    /// quoting through it.
    pub fn next_line(&mut self, observe: &mut dyn FnMut(&[u8])) -> Option<Line<'_>> {
        self.buf.clear();
        let mut len: u64 = 0;
        let mut overflow = false;
        let mut ended = false;
        while !ended {
            let chunk = match self.inner.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    return Some(Line::Failed {
                        no: self.line_no + 1,
                        error,
                    })
                }
            };
            if chunk.is_empty() {
                if len == 0 {
                    return None;
                }
                break;
            }
            let (take, used) = match memchr::memchr(b'\n', chunk) {
                Some(i) => {
                    ended = true;
                    (i, i + 1)
                }
                None => (chunk.len(), chunk.len()),
            };
            let part = &chunk[..take];
            observe(part);
            if !overflow && self.buf.len() + take > self.max {
                overflow = true;
                // Give the memory back: the rest of this line is only counted.
                self.buf = Vec::new();
            }
            if !overflow {
                self.buf.extend_from_slice(part);
            }
            len += used as u64;
            self.inner.consume(used);
        }
        self.line_no += 1;
        let no = self.line_no;
        let offset = self.offset;
        self.offset += len;
        if overflow {
            // The newline is not part of the line's length.
            return Some(Line::TooLong {
                no,
                len: len - u64::from(ended),
            });
        }
        Some(Line::Text {
            no,
            offset,
            bytes: &self.buf,
        })
    }
}
