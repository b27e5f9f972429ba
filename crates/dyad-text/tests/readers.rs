//! Integration tests of the input readers: every format's happy path, every kind of bad input
//! (with the file and line each error names, and the good documents around it), streaming of
//! a 100 MB line, and "no input panics" properties.

use dyad_core::Document;
use dyad_text::read::{parse_date, DEFAULT_MAX_BYTES};
use dyad_text::{read_bytes, read_inputs, Format, ReadError, ReadErrorKind, ReadOptions};
use proptest::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("dyad-readers-{}-{}", std::process::id(), name));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes a file (creating its directories) and returns its path as a string.
    fn file(&self, rel: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.0.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    fn path(&self, rel: &str) -> String {
        self.0.join(rel).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn read_all(inputs: &[String], opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
    read_inputs(inputs, opts).collect()
}

fn docs(results: &[Result<Document, ReadError>]) -> Vec<&Document> {
    results.iter().filter_map(|r| r.as_ref().ok()).collect()
}

/// `(line, message)` of every result: `Ok` as the document id, errors as their text, so one
/// assertion shows the order of documents and errors.
fn summary(results: &[Result<Document, ReadError>]) -> Vec<String> {
    results
        .iter()
        .map(|r| match r {
            Ok(d) => format!("doc {}", d.id()),
            Err(e) => format!("err {}", e),
        })
        .collect()
}

fn mem(bytes: &[u8], name: &str, format: Format) -> Vec<Result<Document, ReadError>> {
    read_bytes(bytes, name, format, &ReadOptions::default())
}

// ---------------------------------------------------------------- formats and options

#[test]
fn formats_by_extension_and_name() {
    assert_eq!(
        Format::from_path(Path::new("a/b.JSONL")),
        Some(Format::Jsonl)
    );
    assert_eq!(
        Format::from_path(Path::new("b.ndjson")),
        Some(Format::Jsonl)
    );
    assert_eq!(Format::from_path(Path::new("b.json")), Some(Format::Jsonl));
    assert_eq!(Format::from_path(Path::new("b.csv")), Some(Format::Csv));
    assert_eq!(Format::from_path(Path::new("b.htm")), Some(Format::Html));
    assert_eq!(Format::from_path(Path::new("b.text")), Some(Format::Text));
    assert_eq!(Format::from_path(Path::new("b.md")), None);
    assert_eq!(Format::from_path(Path::new("README")), None);
    for (name, f) in [
        ("txt", Format::Text),
        ("jsonl", Format::Jsonl),
        ("csv", Format::Csv),
        ("html", Format::Html),
    ] {
        assert_eq!(name.parse::<Format>().unwrap(), f);
        assert_eq!(f.to_string(), name);
    }
    let err = "xml".parse::<Format>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown input format `xml` (expected txt, jsonl, csv or html)"
    );
    assert_eq!(Format::sniff(b"  \n{\"text\":1}"), Format::Jsonl);
    assert_eq!(Format::sniff(b"<!doctype html>"), Format::Html);
    assert_eq!(Format::sniff(b"Title: x"), Format::Text);
    assert_eq!(ReadOptions::default().max_bytes, DEFAULT_MAX_BYTES);
}

#[test]
fn inputs_and_errors_can_move_between_threads() {
    fn send<T: Send>() {}
    fn send_sync<T: Send + Sync + std::error::Error>() {}
    send::<dyad_text::Inputs>();
    send_sync::<ReadError>();
}

#[test]
fn error_display_names_file_and_line() {
    let out = mem(b"{\"text\": \"a\"}\n{oops}\n", "feed.jsonl", Format::Jsonl);
    let e = out[1].as_ref().unwrap_err();
    assert_eq!((e.path.as_str(), e.line), ("feed.jsonl", Some(2)));
    assert_eq!(
        e.to_string(),
        "feed.jsonl:2: malformed JSON: key must be a string at column 2"
    );
    let out = mem(b"", "empty.txt", Format::Text);
    assert_eq!(
        out[0].as_ref().unwrap_err().to_string(),
        "empty.txt: empty input: no documents"
    );
}

// ---------------------------------------------------------------- plain text

#[test]
fn text_with_headers() {
    let dir = TempDir::new("text-headers");
    let path = dir.file(
        "kerry.txt",
        "Title:  Kerry meets Lavrov in London\ndate: 2014-03-14T09:30:00Z\nSOURCE: Example Wire\n\
         URL: https://news.example/kerry-lavrov\nID: ex-0001\n\n\
         LONDON - Secretary of State John Kerry met Sergei Lavrov on Friday.\n\nThe talks lasted six hours.\n\n",
    );
    let out = read_all(std::slice::from_ref(&path), &ReadOptions::default());
    assert_eq!(out.len(), 1);
    let d = out[0].as_ref().unwrap();
    assert_eq!(d.id(), "ex-0001");
    assert_eq!(
        d.meta.title.as_deref(),
        Some("Kerry meets Lavrov in London")
    );
    assert_eq!(d.meta.date.unwrap().to_string(), "2014-03-14");
    assert_eq!(d.meta.source.as_deref(), Some("Example Wire"));
    assert_eq!(
        d.meta.url.as_deref(),
        Some("https://news.example/kerry-lavrov")
    );
    assert_eq!(d.meta.origin.as_deref(), Some(path.as_str()));
    assert_eq!(d.meta.language, "en");
    assert_eq!(
        d.text(),
        "LONDON - Secretary of State John Kerry met Sergei Lavrov on Friday.\n\nThe talks lasted six hours."
    );
}

#[test]
fn text_without_headers_uses_stem_and_default_date() {
    let opts = ReadOptions {
        default_date: Some(parse_date("2020-01-02").unwrap()),
        ..Default::default()
    };
    // The first line has a colon but no header key: it is text.
    let out = read_bytes(
        b"Note: troops moved.\r\nMore text.",
        "dir/story-7.txt",
        Format::Text,
        &opts,
    );
    let d = out[0].as_ref().unwrap();
    assert_eq!(d.id(), "story-7");
    assert_eq!(d.text(), "Note: troops moved.\r\nMore text.");
    assert_eq!(d.meta.date.unwrap().to_string(), "2020-01-02");
    assert_eq!(d.meta.title, None);
}

#[test]
fn text_errors() {
    let dir = TempDir::new("text-errors");
    let a = dir.file("a.txt", "Title: only headers\nDate: 2014-03-14\n\n   \n");
    let b = dir.file("b.txt", "Title: t\nDate: 2014-02-30\n\nBody.");
    let c = dir.file("c.txt", b"Fine line\nsecond \xff\xfe line\n");
    let d = dir.file("d.txt", "  \n\t\n");
    let e = dir.file("e.txt", b"text\x00\x00\x00\x01binary");
    let f = dir.file("f.txt", "A good one.");
    let out = read_all(
        &[a.clone(), b.clone(), c.clone(), d.clone(), e.clone(), f],
        &ReadOptions::default(),
    );
    assert_eq!(
        summary(&out),
        vec![
            format!("err {a}:3: no text: the document's text is missing or blank"),
            format!("err {b}:2: bad date `2014-02-30`: no such calendar date"),
            format!("err {c}:2: invalid UTF-8 at byte 17 (column 8); dyad reads UTF-8 text"),
            format!("err {d}: empty input: no documents"),
            format!("err {e}: binary data, not text (NUL or control bytes)"),
            "doc f".to_string(),
        ]
    );
    match &out[2].as_ref().unwrap_err().kind {
        ReadErrorKind::InvalidUtf8 { offset, column } => assert_eq!((*offset, *column), (17, 8)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn utf8_bom_is_skipped_and_utf16_refused() {
    let out = mem(b"\xef\xbb\xbfTitle: T\n\nBody.", "bom.txt", Format::Text);
    let d = out[0].as_ref().unwrap();
    assert_eq!((d.meta.title.as_deref(), d.text()), (Some("T"), "Body."));
    let out = mem(b"\xff\xfeB\x00o\x00d\x00y\x00", "utf16.txt", Format::Text);
    assert!(matches!(
        out[0].as_ref().unwrap_err().kind,
        ReadErrorKind::Utf16
    ));
}

// ---------------------------------------------------------------- JSON Lines

#[test]
fn jsonl_fields_and_extra() {
    let dir = TempDir::new("jsonl");
    let path = dir.file(
        "wire.jsonl",
        concat!(
            r#"{"id":"w1","date":"2014-03-14","title":"Talks","text":"Kerry met Lavrov.","url":"https://x.example/1","source":"Wire","section":"world","words":120,"tags":["a","b"],"nothing":null}"#,
            "\n\n   \n",
            r#"{"TEXT":"Second story.","Date":"Fri, 14 Mar 2014 09:30:00 +0000","language":"de","id":42}"#,
            "\r\n",
            r#"{"text":"Third, no id.","date":""}"#,
        ),
    );
    let out = read_all(std::slice::from_ref(&path), &ReadOptions::default());
    assert_eq!(summary(&out), vec!["doc w1", "doc 42", "doc wire:5"]);
    let d = docs(&out);
    assert_eq!(d[0].text(), "Kerry met Lavrov.");
    assert_eq!(d[0].meta.title.as_deref(), Some("Talks"));
    assert_eq!(d[0].meta.source.as_deref(), Some("Wire"));
    assert_eq!(d[0].meta.url.as_deref(), Some("https://x.example/1"));
    assert_eq!(d[0].meta.origin, Some(format!("{path}:1")));
    let extra: Vec<_> = d[0]
        .meta
        .extra
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(
        extra,
        vec!["section=world", r#"tags=["a","b"]"#, "words=120"]
    );
    assert_eq!(d[1].meta.date.unwrap().to_string(), "2014-03-14");
    assert_eq!(d[1].meta.language, "de");
    assert_eq!(d[1].meta.origin, Some(format!("{path}:4")));
    assert_eq!(d[2].meta.date, None);
}

#[test]
fn jsonl_bad_lines_are_reported_and_reading_goes_on() {
    let mut input = Vec::new();
    let lines: [&[u8]; 12] = [
        br#"{"id":"ok1","text":"One."}"#,
        br#"{"id":"x","text":"unterminated}"#,
        br#"{"id":"x"}"#,
        br#"{"id":"x","text":"   "}"#,
        br#"{"id":"x","text":"T","date":"2014-02-30"}"#,
        br#"{"id":"x","text":"T","date":"last Tuesday"}"#,
        br#"["not","an","object"]"#,
        b"{\"id\":\"x\",\"text\":\"caf\xe9\"}",
        b"{\"id\":\"x\",\"text\":\"a\x00b\"}",
        br#"{"id":"x","text":["array"]}"#,
        br#"{"id":"x","text":"T","title":{"a":1}}"#,
        br#"{"id":"ok2","text":"Two."}"#,
    ];
    for line in lines {
        input.extend_from_slice(line);
        input.push(b'\n');
    }
    let out = mem(&input, "bad.jsonl", Format::Jsonl);
    assert_eq!(
        summary(&out),
        vec![
            "doc ok1",
            "err bad.jsonl:2: malformed JSON: EOF while parsing a string at column 31",
            "err bad.jsonl:3: no text: the document's text is missing or blank",
            "err bad.jsonl:4: no text: the document's text is missing or blank",
            "err bad.jsonl:5: bad date `2014-02-30`: no such calendar date",
            "err bad.jsonl:6: bad date `last Tuesday`: expected YYYY-MM-DD, an RFC 3339 / ISO 8601 timestamp or an RFC 2822 date",
            "err bad.jsonl:7: malformed JSON: expected a JSON object per line, found an array",
            "err bad.jsonl:8: invalid UTF-8 at byte 223 (column 22); dyad reads UTF-8 text",
            "err bad.jsonl:9: binary data, not text (NUL or control bytes)",
            "err bad.jsonl:10: field `text`: expected a string, found an array",
            "err bad.jsonl:11: field `title`: expected a string, found an object",
            "doc ok2",
        ]
    );
    // The byte offset is the file's: the bad byte is the 22nd of line 8.
    let line8 = input
        .split(|&b| b == b'\n')
        .take(7)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    assert_eq!(line8 + 21, 223);
}

#[test]
fn jsonl_blank_file_is_empty() {
    let out = mem(b"\n\n  \n", "blank.jsonl", Format::Jsonl);
    assert_eq!(
        summary(&out),
        vec!["err blank.jsonl: empty input: no documents"]
    );
}

#[test]
fn jsonl_long_line_is_skipped_to_the_next_newline() {
    let opts = ReadOptions {
        max_bytes: 100,
        ..Default::default()
    };
    let long = format!("{{\"text\":\"{}\"}}", "x".repeat(1000));
    let input = format!("{{\"text\":\"a\"}}\n{long}\n{{\"text\":\"b\"}}\n{long}");
    let out = read_bytes(input.as_bytes(), "long.jsonl", Format::Jsonl, &opts);
    assert_eq!(
        summary(&out),
        vec![
            "doc long:1".to_string(),
            "err long.jsonl:2: line of 1011 bytes exceeds the limit of 100 bytes".to_string(),
            "doc long:3".to_string(),
            "err long.jsonl:4: line of 1011 bytes exceeds the limit of 100 bytes".to_string(),
        ]
    );
}

/// Peak resident memory of this process, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Writes `{"text":"xxx…"}` with `len` x's, then a good line, in 1 MiB chunks.
fn write_huge_line(path: &Path, len: usize) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(fs::File::create(path).unwrap());
    f.write_all(b"{\"id\":\"before\",\"text\":\"Before.\"}\n{\"text\":\"")
        .unwrap();
    let chunk = vec![b'x'; 1 << 20];
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len());
        f.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    f.write_all(b"\"}\n{\"id\":\"after\",\"text\":\"After.\"}\n")
        .unwrap();
}

fn check_huge_line(len: usize) {
    let dir = TempDir::new(&format!("huge-{len}"));
    let path = dir.path("huge.jsonl");
    write_huge_line(Path::new(&path), len);
    // Keep only the summary: the error and the ids, never a big document.
    let out: Vec<String> = read_inputs(std::slice::from_ref(&path), &ReadOptions::default())
        .map(|r| match r {
            Ok(d) => format!("doc {}", d.id()),
            Err(e) => format!("err {e}"),
        })
        .collect();
    assert_eq!(
        out,
        vec![
            "doc before".to_string(),
            format!(
                "err {path}:2: line of {} bytes exceeds the limit of {DEFAULT_MAX_BYTES} bytes",
                len + 11
            ),
            "doc after".to_string(),
        ]
    );
}

/// The brief's case: a 100 MB line (written to the temp dir in 1 MiB chunks). It is reported
/// and skipped, the next line is read, and memory stays far below the line's size: the reader
/// keeps at most `max_bytes` (16 MiB by default) of a line. Takes well under a second.
#[test]
fn jsonl_100_mb_line_is_skipped_with_bounded_memory() {
    check_huge_line(100 << 20);
    if let Some(peak) = peak_rss() {
        // Peak of the whole test process, other tests included.
        assert!(peak < 64 << 20, "peak RSS {} MiB", peak >> 20);
    }
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_rows_and_quoted_newlines() {
    let input = "ID,Title,Date,Text,Section,Empty\n\
                 c1,Talks,2014-03-14,\"Kerry met Lavrov, again.\",world,\n\
                 \n\
                 ,\"Multi\",2014-03-15T10:00:00+01:00,\"Line one.\r\n\"\"Quoted\"\" line two.\",,\n\
                 c3,,,Third.,x,\n";
    let out = mem(input.as_bytes(), "rows.csv", Format::Csv);
    assert_eq!(summary(&out), vec!["doc c1", "doc rows:4", "doc c3"]);
    let d = docs(&out);
    assert_eq!(d[0].text(), "Kerry met Lavrov, again.");
    assert_eq!(d[0].meta.title.as_deref(), Some("Talks"));
    assert_eq!(
        d[0].meta.extra.get("Section").map(String::as_str),
        Some("world")
    );
    assert!(!d[0].meta.extra.contains_key("Empty"));
    assert_eq!(d[1].text(), "Line one.\r\n\"Quoted\" line two.");
    assert_eq!(d[1].meta.date.unwrap().to_string(), "2014-03-15");
    assert_eq!(d[1].meta.origin.as_deref(), Some("rows.csv:4"));
    assert!(d[1].meta.extra.is_empty());
    assert_eq!(d[2].meta.origin.as_deref(), Some("rows.csv:6"));
}

#[test]
fn csv_bad_rows_are_reported_and_reading_goes_on() {
    let mut input = b"id,text,date\n".to_vec();
    input.extend_from_slice(b"a,First.,2014-03-14\n");
    input.extend_from_slice(b"b,Too,many,fields\n");
    input.extend_from_slice(b"c,\n");
    input.extend_from_slice(b"d,Bad date.,2014-13-01\n");
    input.extend_from_slice(b"e,caf\xe9,2014-03-14\n");
    input.extend_from_slice(b"f,\"spans\ntwo lines\",2014-03-14\n");
    input.extend_from_slice(b"g,\"never closed,2014-03-14\nh,Lost.,2014-03-14\n");
    let out = mem(&input, "bad.csv", Format::Csv);
    assert_eq!(
        summary(&out),
        vec![
            "doc a",
            "err bad.csv:3: malformed CSV: row has 4 fields but the header has 3",
            "err bad.csv:4: malformed CSV: row has 2 fields but the header has 3",
            "err bad.csv:5: bad date `2014-13-01`: no such calendar date",
            "err bad.csv:6: invalid UTF-8 at byte 82 (column 6); dyad reads UTF-8 text",
            "doc f",
            "err bad.csv:9: malformed CSV: quoted field not closed before the end of the input",
        ]
    );
}

#[test]
fn csv_header_problems_are_one_error_per_file() {
    let out = mem(b"id,body\n1,Text.\n2,More.\n", "nohead.csv", Format::Csv);
    assert_eq!(
        summary(&out),
        vec!["err nohead.csv:1: malformed CSV: the header row has no `text` column"]
    );
    let out = mem(b"\n\nid,text\n", "onlyhead.csv", Format::Csv);
    assert_eq!(
        summary(&out),
        vec!["err onlyhead.csv: empty input: no documents"]
    );
    let out = mem(b"id,text\n1,ok\n2,\n", "blanktext.csv", Format::Csv);
    assert_eq!(
        summary(&out),
        vec![
            "doc 1",
            "err blanktext.csv:3: no text: the document's text is missing or blank"
        ]
    );
}

#[test]
fn csv_long_row_is_skipped() {
    let opts = ReadOptions {
        max_bytes: 64,
        ..Default::default()
    };
    let long = "y".repeat(500);
    let input = format!("id,text\na,short\nb,\"{long}\n{long}\"\nc,\"{long}\"\nd,ok\n");
    let out = read_bytes(input.as_bytes(), "long.csv", Format::Csv, &opts);
    let s = summary(&out);
    assert_eq!(s[0], "doc a");
    assert_eq!(
        s[1],
        "err long.csv:3: row of 1005 bytes exceeds the limit of 64 bytes"
    );
    assert!(
        s[2].starts_with("err long.csv:5: row of 504 bytes"),
        "{}",
        s[2]
    );
    assert_eq!(s[3], "doc d");
    assert_eq!(s.len(), 4);
}

// ---------------------------------------------------------------- HTML

/// A news page as sites publish them: navigation, scripts, a cookie banner, a byline, a photo
/// with caption and credit, share buttons, an inline promo, related links, comments and a
/// footer around five paragraphs of story. Written for these tests.
const NEWS_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Ministers agree grain corridor | The Daily Example</title>
  <meta property="og:title" content="Ministers agree on Black Sea grain corridor">
  <meta property="og:site_name" content="The Daily Example">
  <meta property="og:url" content="https://daily.example/world/grain?utm_source=feed">
  <meta property="article:published_time" content="2023-07-04T06:15:00+03:00">
  <meta name="author" content="Maria Ortega">
  <link rel="canonical" href="https://daily.example/world/grain">
  <style>body { font-family: serif; } .hidden { display: none }</style>
  <script>window.dataLayer = [{"page": "article"}]; function track() { return "Do not read me."; }</script>
  <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-07-04"}</script>
</head>
<body class="page page-with-nav">
  <div id="cookie-banner" class="consent-popup"><p>We use cookies to improve your experience. Accept all cookies?</p><button>Accept</button></div>
  <header class="site-header">
    <a class="logo" href="/"><h1>The Daily Example</h1></a>
    <nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  </header>
  <div class="layout with-sidebar">
    <main>
      <article class="story">
        <header>
          <h1 class="headline">Ministers agree on Black Sea grain corridor</h1>
          <p class="byline">By <a href="/authors/maria">Maria Ortega</a>, World Affairs Correspondent</p>
          <time datetime="2023-07-04T06:15:00+03:00">4 July 2023</time>
        </header>
        <figure class="lead-image">
          <img src="/img/port.jpg" alt="Cargo ships at port">
          <figcaption>Cargo ships wait outside the port of Odesa. <span class="credit">Photo: J. Smith/Example Agency</span></figcaption>
        </figure>
        <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
        <div class="article-body" itemprop="articleBody">
          <p>ISTANBUL &mdash; Foreign ministers from Turkey, Ukraine and Russia agreed on Tuesday
             to reopen a shipping corridor for grain exports, the Turkish foreign ministry said.</p>
          <p>The deal, brokered with help from the United&nbsp;Nations, allows ships to leave
             three ports under a joint inspection regime &amp; safe-passage guarantees.</p>
          <aside class="inline-promo"><p>Sign up for our morning briefing: the day&rsquo;s news in five minutes.</p></aside>
          <h2>Prices fall</h2>
          <p>Wheat futures fell 3% in Chicago after the announcement.   Traders said the
             agreement &ldquo;removes the worst-case scenario&rdquo; for importers.</p>
          <div class="advert ad-slot"><p>Advertisement: Visit the Example Bank today for great savings on mortgages.</p></div>
          <blockquote><p>&ldquo;This is a humanitarian step,&rdquo; the UN secretary-general said.</p></blockquote>
          <p>Russia had suspended its participation last year, accusing Western states of blocking its own exports.</p>
          <p class="photo-credit">Photograph: Example Agency</p>
        </div>
        <div class="related-articles"><h3>Related</h3><ul>
          <li><a href="/a">Grain prices hit a two-year high after drought in the Americas and Europe</a></li>
          <li><a href="/b">What the corridor means for food prices in East Africa and the Middle East</a></li>
        </ul></div>
        <section id="comments"><h3>Comments (2)</h3>
          <div class="comment"><p>Great news for everyone who has been worried about bread prices this year.</p></div>
        </section>
      </article>
    </main>
    <aside class="sidebar"><h3>Most read</h3><ol><li>Storm closes motorways across the north of the country tonight</li></ol></aside>
  </div>
  <div class="newsletter-signup"><p>Get the best of The Daily Example delivered to your inbox every morning.</p></div>
  <footer><p>&copy; 2023 The Daily Example. All rights reserved. Terms of use and privacy policy apply.</p></footer>
  <noscript><p>Please enable JavaScript to read this page properly.</p></noscript>
</body>
</html>
"##;

#[test]
fn html_news_page_main_text() {
    let out = mem(NEWS_PAGE.as_bytes(), "pages/grain.html", Format::Html);
    let d = out[0].as_ref().unwrap();
    let paragraphs: Vec<&str> = d.text().split("\n\n").collect();
    assert_eq!(
        paragraphs,
        vec![
            "ISTANBUL \u{2014} Foreign ministers from Turkey, Ukraine and Russia agreed on Tuesday to reopen a shipping corridor for grain exports, the Turkish foreign ministry said.",
            "The deal, brokered with help from the United Nations, allows ships to leave three ports under a joint inspection regime & safe-passage guarantees.",
            "Prices fall",
            "Wheat futures fell 3% in Chicago after the announcement. Traders said the agreement \u{201c}removes the worst-case scenario\u{201d} for importers.",
            "\u{201c}This is a humanitarian step,\u{201d} the UN secretary-general said.",
            "Russia had suspended its participation last year, accusing Western states of blocking its own exports.",
        ]
    );
    assert_eq!(d.id(), "grain");
    assert_eq!(
        d.meta.title.as_deref(),
        Some("Ministers agree on Black Sea grain corridor")
    );
    assert_eq!(d.meta.date.unwrap().to_string(), "2023-07-04");
    assert_eq!(
        d.meta.url.as_deref(),
        Some("https://daily.example/world/grain")
    );
    assert_eq!(d.meta.source.as_deref(), Some("The Daily Example"));
    assert_eq!(d.meta.language, "en");
    assert_eq!(d.meta.origin.as_deref(), Some("pages/grain.html"));
    assert_eq!(
        d.meta.extra.get("author").map(String::as_str),
        Some("Maria Ortega")
    );
}

#[test]
fn html_without_article_uses_densest_container() {
    let page = r#"<html><head><title>Flood warning issued</title></head><body>
      <div id="top-menu"><a href="/">Home</a> <a href="/news">News</a></div>
      <div class="links"><p>Short.</p><p>Links.</p></div>
      <div class="content">
        <div class="byline">By Sam Lee</div>
        <p>Heavy rain caused rivers to burst their banks across the region on Sunday.</p>
        <p>Emergency services evacuated 200 homes, officials said.</p>
        <p>By Monday, the water had started to recede.</p>
        <p>Photo: Sam Lee</p>
        <ul><li>Residents were told to boil water.</li></ul>
      </div>
      <div class="footer-links"><p>About us. Contact. Careers.</p></div>
    </body></html>"#;
    let out = mem(page.as_bytes(), "flood.htm", Format::Html);
    let d = out[0].as_ref().unwrap();
    assert_eq!(
        d.text(),
        "Heavy rain caused rivers to burst their banks across the region on Sunday.\n\n\
         Emergency services evacuated 200 homes, officials said.\n\n\
         By Monday, the water had started to recede.\n\n\
         Residents were told to boil water."
    );
    assert_eq!(d.meta.title.as_deref(), Some("Flood warning issued"));
    assert_eq!(d.meta.date, None);
}

#[test]
fn html_teaser_articles_do_not_hide_the_story() {
    let page = r#"<html><body>
      <div class="story-text">
        <p>The central bank raised its main interest rate by half a point on Thursday, the third rise this year.</p>
        <p>The governor said inflation was still too high and further increases could follow in the autumn.</p>
      </div>
      <section class="more-stories">
        <article><p>Teaser: five things to know about the budget.</p></article>
      </section>
    </body></html>"#;
    let out = mem(page.as_bytes(), "rates.html", Format::Html);
    let text = out[0].as_ref().unwrap().text().to_string();
    assert!(text.starts_with("The central bank raised"), "{text}");
    assert!(!text.contains("Teaser"), "{text}");
}

#[test]
fn html_loose_text_and_time_element() {
    let page = "<html><body><div class=\"story\">Talks resumed in Geneva on Monday after a week of delays.<br><br>\
                Updated<br>Both sides said progress was made.</div>\
                <time datetime=\"not a date\">x</time><time datetime=\"2019-05-06\">6 May</time></body></html>";
    let out = mem(page.as_bytes(), "loose.html", Format::Html);
    let d = out[0].as_ref().unwrap();
    assert_eq!(d.text(), "Talks resumed in Geneva on Monday after a week of delays.\n\nBoth sides said progress was made.");
    assert_eq!(d.meta.date.unwrap().to_string(), "2019-05-06");
}

#[test]
fn html_errors() {
    let out = mem(
        b"<html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>",
        "nav.html",
        Format::Html,
    );
    assert_eq!(
        summary(&out),
        vec!["err nav.html: HTML: no article text found in the page"]
    );
    let page = r#"<html><head><meta property="article:published_time" content="2014-02-30"></head><body><p>Text.</p></body></html>"#;
    let out = mem(page.as_bytes(), "date.html", Format::Html);
    assert_eq!(
        summary(&out),
        vec!["err date.html: bad date `2014-02-30`: no such calendar date"]
    );
    let out = mem(b"<p>caf\xe9</p>", "latin1.html", Format::Html);
    assert_eq!(
        summary(&out),
        vec!["err latin1.html:1: invalid UTF-8 at byte 6 (column 7); dyad reads UTF-8 text"]
    );
}

#[test]
fn html_deep_nesting_is_read_or_refused_quickly() {
    let page = format!(
        "{}<p>Deep text here.</p>{}",
        "<div>".repeat(400),
        "</div>".repeat(400)
    );
    let out = mem(page.as_bytes(), "deep.html", Format::Html);
    assert_eq!(out[0].as_ref().unwrap().text(), "Deep text here.");
    // html5ever's parse time grows with the square of the depth: such pages are refused.
    let page = format!(
        "{}<p>Deeper.</p>{}",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    let start = std::time::Instant::now();
    let out = mem(page.as_bytes(), "deeper.html", Format::Html);
    assert_eq!(
        summary(&out),
        vec!["err deeper.html: HTML: elements nested deeper than 512 levels; not a news page"]
    );
    assert!(start.elapsed().as_secs() < 2);
    // Unclosed paragraphs and list items do not nest, nor do tags in scripts and comments.
    let flat = format!(
        "<body><script>{}</script><!-- {} --><ul>{}</ul>{}</body>",
        "'<div>'+".repeat(1000),
        "<div>".repeat(1000),
        "<li>item".repeat(1000),
        "<p>Paragraph.".repeat(1000)
    );
    assert!(mem(flat.as_bytes(), "flat.html", Format::Html)[0].is_ok());
}

// ---------------------------------------------------------------- files, directories, globs

#[test]
fn directories_are_walked_sorted_skipping_hidden() {
    let dir = TempDir::new("walk");
    dir.file("b.txt", "Bee.");
    dir.file("a/z.txt", "Zed.");
    dir.file(
        "a/m.jsonl",
        "{\"id\":\"m1\",\"text\":\"Em.\"}\n{\"id\":\"m2\",\"text\":\"Em two.\"}\n",
    );
    dir.file(".hidden.txt", "Hidden.");
    dir.file(".git/config.txt", "Hidden too.");
    dir.file("c.unknown", "Unknown extension, read as text.");
    let out = read_all(&[dir.path("")], &ReadOptions::default());
    assert_eq!(
        summary(&out),
        vec!["doc m1", "doc m2", "doc a/z", "doc b", "doc c"]
    );
}

#[test]
fn files_of_the_same_name_get_distinct_default_ids() {
    let dir = TempDir::new("same-name");
    dir.file("2014/03/report.txt", "March.");
    dir.file("2014/04/report.txt", "April.");
    dir.file("2014/04/feed.jsonl", "{\"text\":\"Fed.\"}\n");
    dir.file("report.txt", "Top.");
    dir.file("report.html", "<p>Top, in HTML.</p>");
    // In a walk, the default id is the path below the directory named.
    let out = read_all(&[dir.path("")], &ReadOptions::default());
    assert_eq!(
        summary(&out),
        vec![
            "doc 2014/03/report",
            "doc 2014/04/feed:1",
            "doc 2014/04/report",
            "doc report",
            "doc report.txt",
        ]
    );
    // Named files keep their stem, unless an earlier file of the run has it.
    let named = read_all(
        &[
            dir.path("2014/03/report.txt"),
            dir.path("2014/04/report.txt"),
        ],
        &ReadOptions::default(),
    );
    let second = slash(&dir.path("2014/04/report"));
    assert_eq!(
        summary(&named),
        vec!["doc report".to_string(), format!("doc {second}")]
    );
    // The same file named twice keeps one id (a rerun or a repeat is not a collision).
    let twice = read_all(
        &[dir.path("report.txt"), dir.path("report.txt")],
        &ReadOptions::default(),
    );
    assert_eq!(summary(&twice), vec!["doc report", "doc report"]);
}

/// A path as ids write it: `/` between components.
fn slash(path: &str) -> String {
    path.replace(std::path::MAIN_SEPARATOR, "/")
}

#[test]
fn directory_walks_skip_the_corpus_notes_but_named_files_are_read() {
    let dir = TempDir::new("notes");
    dir.file("a.txt", "Article.");
    dir.file("README.md", "# About this corpus");
    dir.file("sub/LICENSE", "Licence text.");
    dir.file("sub/readme.txt", "Notes.");
    dir.file(
        "readmeister.txt",
        "An article whose name only starts like README.",
    );
    let out = read_all(&[dir.path("")], &ReadOptions::default());
    assert_eq!(summary(&out), vec!["doc a", "doc readmeister"]);
    let named = read_all(&[dir.path("README.md")], &ReadOptions::default());
    assert_eq!(summary(&named), vec!["doc README"]);
}

#[test]
fn globs_and_missing_inputs() {
    let dir = TempDir::new("glob");
    dir.file("one.jsonl", "{\"text\":\"One.\"}\n");
    dir.file("two.jsonl", "{\"text\":\"Two.\"}\n");
    dir.file("three.txt", "Three.");
    dir.file(".four.jsonl", "{\"text\":\"Hidden.\"}\n");
    // A file whose name looks like a glob is read as it is.
    let literal = dir.file("[x].txt", "Literal brackets.");
    let pattern = dir.path("*.jsonl");
    let nothing = dir.path("*.csv");
    let missing = dir.path("missing.txt");
    let out = read_all(
        &[pattern, literal, nothing.clone(), missing.clone()],
        &ReadOptions::default(),
    );
    let s = summary(&out);
    assert_eq!(s[..3], ["doc one:1", "doc two:1", "doc [x]"]);
    assert_eq!(s[3], format!("err {nothing}: no file matches this pattern"));
    assert!(
        s[4].starts_with(&format!("err {missing}: cannot read: ")),
        "{}",
        s[4]
    );
    assert_eq!(s.len(), 5);
    match &out[4].as_ref().unwrap_err().kind {
        ReadErrorKind::Io(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unreadable_file_in_a_directory_is_reported() {
    let dir = TempDir::new("unreadable");
    dir.file("a.txt", "First.");
    dir.file("c.txt", "Last.");
    let dangling = dir.0.join("b.txt");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.0.join("gone.txt"), &dangling).unwrap();
    let out = read_all(&[dir.path("")], &ReadOptions::default());
    let s = summary(&out);
    assert_eq!(s[0], "doc a");
    #[cfg(unix)]
    assert!(
        s[1].starts_with(&format!("err {}: cannot read: ", dangling.display())),
        "{}",
        s[1]
    );
    assert_eq!(s.last().map(String::as_str), Some("doc c"));
}

#[test]
fn explicit_format_and_size_limit_for_files() {
    let dir = TempDir::new("explicit");
    let path = dir.file(
        "feed.data",
        "{\"id\":\"j\",\"text\":\"Json in a .data file.\"}\n",
    );
    let opts = ReadOptions {
        format: Some(Format::Jsonl),
        ..Default::default()
    };
    assert_eq!(
        summary(&read_all(std::slice::from_ref(&path), &opts)),
        vec!["doc j"]
    );
    let big = dir.file("big.txt", "word ".repeat(100));
    let small = ReadOptions {
        max_bytes: 100,
        ..Default::default()
    };
    assert_eq!(
        summary(&read_all(std::slice::from_ref(&big), &small)),
        vec![format!(
            "err {big}: file of 500 bytes exceeds the limit of 100 bytes"
        )]
    );
    let binary = dir.file(
        "image.png",
        [
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
        ],
    );
    assert_eq!(
        summary(&read_all(
            std::slice::from_ref(&binary),
            &ReadOptions::default()
        )),
        vec![format!(
            "err {binary}: binary data, not text (NUL or control bytes)"
        )]
    );
}

// ---------------------------------------------------------------- no input panics

fn formats() -> [Format; 4] {
    [Format::Text, Format::Jsonl, Format::Csv, Format::Html]
}

fn check_results(out: &[Result<Document, ReadError>], name: &str) {
    for r in out {
        match r {
            Ok(d) => {
                assert!(!d.text().trim().is_empty());
                assert!(d
                    .meta
                    .origin
                    .as_deref()
                    .is_some_and(|o| o.starts_with(name)));
            }
            Err(e) => {
                assert_eq!(e.path, name);
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), max in 1usize..200) {
        for format in formats() {
            for opts in [ReadOptions::default(), ReadOptions { max_bytes: max, ..Default::default() }] {
                let out = read_bytes(&bytes, "in.x", format, &opts);
                check_results(&out, "in.x");
            }
        }
    }

    #[test]
    fn structured_noise_never_panics(
        parts in proptest::collection::vec(prop_oneof![
            Just("{".to_string()), Just("}".to_string()), Just("\"text\":".to_string()),
            Just("\"date\":\"2014-02-30\"".to_string()), Just(",".to_string()), Just("\"".to_string()),
            Just("\n".to_string()), Just("\r\n".to_string()), Just("<p>".to_string()), Just("</p>".to_string()),
            Just("<article>".to_string()), Just("<script>".to_string()), Just("Title: x\n".to_string()),
            Just("id,text\n".to_string()), "[a-zA-Z .é]{0,12}",
        ], 0..64),
    ) {
        let input = parts.concat();
        for format in formats() {
            let out = read_bytes(input.as_bytes(), "noise", format, &ReadOptions::default());
            check_results(&out, "noise");
        }
    }
}
