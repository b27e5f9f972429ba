//! The API as a client sees it: a server started in-process on loopback over a temporary
//! store filled through the real pipeline (by `POST /api/documents`), spoken to over plain
//! HTTP/1.1 on a `TcpStream`.

use dyad_server::{Running, ServeOptions, TokenSource};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

/// One answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends raw bytes and reads the whole answer (the request says `Connection: close`).
fn raw(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(request).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    parse_reply(&buf)
}

fn parse_reply(buf: &[u8]) -> Reply {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no end of headers");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = buf[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let eol = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap().trim(), 16)
                .unwrap();
            rest = &rest[eol + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes)
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path, &[], b"")
}

fn get_json(addr: SocketAddr, path: &str) -> Value {
    let r = get(addr, path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.json()
}

fn post(addr: SocketAddr, token: Option<&str>, content_type: &str, body: &[u8]) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", content_type)];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    request(addr, "POST", "/api/documents", &headers, body)
}

/// Invented articles beside the sample wire: non-ASCII text (offsets are bytes), a
/// `<script>` that must stay text, and one without a date.
fn own_documents() -> Vec<Value> {
    vec![
        json!({"id": "own-1", "date": "2024-03-05", "source": "Test Wire",
               "title": "Ministers meet in Zürich",
               "text": "ZÜRICH, March 5 — Russia’s foreign minister met his Ukrainian counterpart in Zürich on Tuesday. \
                        Ukraine accused Russia of shelling Kharkiv. “We will not surrender,” Zelensky said."}),
        json!({"id": "own-2", "date": "2024-03-06", "source": "Other Wire",
               "title": "<script>alert(1)</script>",
               "text": "China urged Japan to resume talks. <script>alert('x')</script> Japan rejected the proposal on Wednesday."}),
        json!({"id": "own-3",
               "text": "France condemned Iran over the arrest of two journalists. Germany sent aid to Turkey after the earthquake."}),
    ]
}

struct Fixture {
    server: Running,
    dir: PathBuf,
    /// Every event, newest first, as one page.
    all: Vec<Value>,
}

/// A server over a fresh empty store of its own (for tests that write).
fn fresh_server(name: &str) -> (Running, PathBuf) {
    let dir = std::env::temp_dir().join(format!("dyad-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut opts = ServeOptions::new(dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
    opts.body_limit = 256 << 10;
    opts.read_timeout = Duration::from_secs(2);
    (dyad_server::start(opts).unwrap(), dir)
}

/// [`fresh_server`] writing the records `records` chooses.
fn fresh_server_with(name: &str, records: dyad_pipeline::CodeOptions) -> (Running, PathBuf) {
    let dir = std::env::temp_dir().join(format!("dyad-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut opts = ServeOptions::new(dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
    opts.records = records;
    (dyad_server::start(opts).unwrap(), dir)
}

/// Stops a server from [`fresh_server`] and removes its store.
fn finish(server: Running, dir: PathBuf) {
    server.stop().unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("dyad-server-api-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut opts = ServeOptions::new(dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
        opts.body_limit = 256 << 10;
        opts.read_timeout = Duration::from_secs(2);
        let server = dyad_server::start(opts).unwrap();
        let addr = server.addr;
        let wire = include_str!("../../../data/samples/wire.jsonl");
        let r = post(
            addr,
            Some(&server.token),
            "application/x-ndjson",
            wire.as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let docs = r.json()["documents"].as_array().unwrap().clone();
        assert_eq!(
            docs.len(),
            wire.lines().filter(|l| !l.trim().is_empty()).count()
        );
        assert!(docs.iter().all(|d| d["status"] == "stored"), "{docs:?}");
        let own: Vec<u8> = own_documents()
            .iter()
            .flat_map(|d| {
                let mut l = serde_json::to_vec(d).unwrap();
                l.push(b'\n');
                l
            })
            .collect();
        let r = post(addr, Some(&server.token), "application/x-ndjson", &own);
        assert_eq!(r.status, 200, "{}", r.text());
        let all = get_json(addr, "/api/events?limit=1000")["events"]
            .as_array()
            .unwrap()
            .clone();
        assert!(all.len() >= 20, "only {} events were coded", all.len());
        Fixture { server, dir, all }
    })
}

/// Follows `next_cursor` from `path` (which has a `?`) and returns every event id seen.
fn all_pages(addr: SocketAddr, path: &str, limit: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let url = match &cursor {
            Some(c) => format!("{path}&limit={limit}&cursor={c}"),
            None => format!("{path}&limit={limit}"),
        };
        let v = get_json(addr, &url);
        let page = v["events"].as_array().unwrap();
        assert!(page.len() <= limit);
        ids.extend(page.iter().map(|e| e["id"].as_i64().unwrap()));
        match v["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(page.len(), limit, "a short page must be the last");
                cursor = Some(c.replace('~', "%7E"));
            }
            None => return ids,
        }
    }
    panic!("pagination did not end");
}

#[test]
fn health_counts_the_store() {
    let f = fixture();
    let v = get_json(f.server.addr, "/api/health");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["documents"], 11);
    assert_eq!(v["events"].as_u64().unwrap() as usize, f.all.len());
    assert!(v["schema_version"].as_i64().unwrap() >= 1);
}

#[test]
fn events_are_ordered_and_pages_have_no_duplicates_or_gaps() {
    let f = fixture();
    let key = |e: &Value| {
        (
            e["date"].as_str().unwrap_or("").to_string(),
            e["id"].as_i64().unwrap(),
        )
    };
    for w in f.all.windows(2) {
        assert!(
            key(&w[0]) > key(&w[1]),
            "not newest first: {:?}",
            (key(&w[0]), key(&w[1]))
        );
    }
    let want: Vec<i64> = f.all.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    for limit in [1, 3, 7, 1000] {
        assert_eq!(
            all_pages(f.server.addr, "/api/events?", limit),
            want,
            "limit {limit}"
        );
    }
    // Filtered pages too.
    let root = f.all[0]["cameo_root"].as_str().unwrap();
    let want: Vec<i64> = f
        .all
        .iter()
        .filter(|e| e["cameo_root"] == root)
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        all_pages(f.server.addr, &format!("/api/events?root={root}"), 2),
        want
    );
}

/// Each filter against the same filter applied by hand to the full list.
#[test]
fn filters_select_what_they_say() {
    let f = fixture();
    let addr = f.server.addr;
    let ids = |path: &str| -> Vec<i64> {
        get_json(addr, path)["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    let by_hand = |keep: &dyn Fn(&Value) -> bool| -> Vec<i64> {
        f.all
            .iter()
            .filter(|e| keep(e))
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let e0 = f
        .all
        .iter()
        .find(|e| !s(&e["plover"]["type"]).is_empty() && s(&e["cameo"]).len() >= 2)
        .unwrap();
    let src = s(&e0["source"]["code"]);
    let src3: String = src.chars().take(3).collect();
    let mut checked = 0;
    type Keep<'a> = Box<dyn Fn(&Value) -> bool + 'a>;
    let cases: Vec<(String, Keep)> = vec![
        (
            format!("source={}", src3.to_lowercase()),
            Box::new(move |e: &Value| s(&e["source"]["code"]).starts_with(&src3)),
        ),
        (
            "actor=RUS".into(),
            Box::new(|e: &Value| {
                s(&e["source"]["code"]).starts_with("RUS")
                    || s(&e["target"]["code"]).starts_with("RUS")
            }),
        ),
        (
            "target=UKR".into(),
            Box::new(|e: &Value| s(&e["target"]["code"]).starts_with("UKR")),
        ),
        ("quad=4".into(), Box::new(|e: &Value| e["quad_class"] == 4)),
        ("quad=1".into(), Box::new(|e: &Value| e["quad_class"] == 1)),
        (
            format!("cameo={}", &s(&e0["cameo"])[..2]),
            Box::new({
                let c = s(&e0["cameo"]);
                move |e: &Value| s(&e["cameo"]).starts_with(&c[..2])
            }),
        ),
        (
            format!("plover={}", s(&e0["plover"]["type"]).to_lowercase()),
            Box::new({
                let p = s(&e0["plover"]["type"]);
                move |e: &Value| s(&e["plover"]["type"]) == p
            }),
        ),
        (
            "from=2011-01-01&to=2014-12-31".into(),
            Box::new(|e: &Value| {
                let d = s(&e["date"]);
                !d.is_empty() && d.as_str() >= "2011-01-01" && d.as_str() <= "2014-12-31"
            }),
        ),
        (
            "country=RUS".into(),
            Box::new(|e: &Value| {
                ["source", "target"].iter().any(|side| {
                    s(&e[side]["country"]) == "RUS" || s(&e[side]["code"]).starts_with("RUS")
                })
            }),
        ),
        (
            "q=Talks".into(),
            Box::new(|e: &Value| s(&e["evidence"]).to_lowercase().contains("talks")),
        ),
        (
            "dyad=RUS-GEO".into(),
            Box::new(|e: &Value| {
                s(&e["source"]["code"]).starts_with("RUS")
                    && s(&e["target"]["code"]).starts_with("GEO")
            }),
        ),
    ];
    for (query, keep) in &cases {
        let want = by_hand(keep.as_ref());
        assert_eq!(
            ids(&format!("/api/events?limit=1000&{query}")),
            want,
            "{query}"
        );
        checked += usize::from(!want.is_empty());
    }
    // Places: the country and a box around the first placed event.
    if let Some(p) = f.all.iter().find(|e| !e["place"].is_null()) {
        let country = s(&p["place"]["country"]);
        let want = by_hand(&|e: &Value| s(&e["place"]["country"]) == country);
        assert_eq!(
            ids(&format!("/api/events?limit=1000&place_country={country}")),
            want
        );
        let (lat, lon) = (
            p["place"]["lat"].as_f64().unwrap(),
            p["place"]["lon"].as_f64().unwrap(),
        );
        let inside = |e: &Value| {
            let (Some(a), Some(o)) = (e["place"]["lat"].as_f64(), e["place"]["lon"].as_f64())
            else {
                return false;
            };
            (lat - 1.0..=lat + 1.0).contains(&a) && (lon - 1.0..=lon + 1.0).contains(&o)
        };
        let want = by_hand(&inside);
        assert!(!want.is_empty());
        let bbox = format!("{},{},{},{}", lon - 1.0, lat - 1.0, lon + 1.0, lat + 1.0);
        assert_eq!(ids(&format!("/api/events?limit=1000&bbox={bbox}")), want);
        checked += 1;
    }
    assert!(checked >= 8, "too few filters matched anything: {checked}");
}

#[test]
fn csv_has_a_header_and_the_same_rows() {
    let f = fixture();
    let r = get(f.server.addr, "/api/events?format=csv&limit=5");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    assert!(r.header("x-next-cursor").is_some());
    let text = r.text();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "id");
    let ids: Vec<i64> = rows
        .records()
        .map(|r| r.unwrap()[0].parse().unwrap())
        .collect();
    let want: Vec<i64> = f.all[..5]
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, want);
}

#[test]
fn timeline_sums_equal_event_counts() {
    let f = fixture();
    let counted = |keep: &dyn Fn(&Value) -> bool| {
        f.all
            .iter()
            .filter(|e| e["negated"] == false && !e["date"].is_null() && keep(e))
            .count() as u64
    };
    for (query, want) in [
        ("", counted(&|_| true)),
        ("&root=04", counted(&|e: &Value| e["cameo_root"] == "04")),
        (
            "&country=RUS",
            counted(&|e: &Value| {
                ["source", "target"].iter().any(|s| {
                    e[s]["country"] == "RUS"
                        || e[s]["code"].as_str().is_some_and(|c| c.starts_with("RUS"))
                })
            }),
        ),
    ] {
        for by in ["day", "week", "month"] {
            let v = get_json(f.server.addr, &format!("/api/timeline?by={by}{query}"));
            assert_eq!(v["by"], by);
            let periods = v["periods"].as_array().unwrap();
            let total: u64 = periods.iter().map(|p| p["events"].as_u64().unwrap()).sum();
            assert_eq!(total, want, "by={by}{query}");
            for p in periods {
                let quad: u64 = p["quad"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| q.as_u64().unwrap())
                    .sum();
                assert_eq!(quad, p["events"].as_u64().unwrap());
                let mean = p["goldstein_sum"].as_f64().unwrap() / p["events"].as_f64().unwrap();
                assert!((mean - p["goldstein_mean"].as_f64().unwrap()).abs() < 1e-9);
            }
            let labels: Vec<&str> = periods
                .iter()
                .map(|p| p["period"].as_str().unwrap())
                .collect();
            assert!(labels.windows(2).all(|w| w[0] < w[1]), "{labels:?}");
        }
    }
    let w = get_json(f.server.addr, "/api/timeline?by=week");
    assert!(w["periods"][0]["period"].as_str().unwrap().contains("-W"));
}

#[test]
fn dyads_and_places_aggregate_events() {
    let f = fixture();
    let v = get_json(f.server.addr, "/api/dyads?limit=1000");
    let dyads = v["dyads"].as_array().unwrap();
    assert!(!dyads.is_empty());
    let counts: Vec<u64> = dyads
        .iter()
        .map(|d| d["events"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    let side = |e: &Value, s: &str| {
        e[s]["country"]
            .as_str()
            .or(e[s]["code"].as_str())
            .unwrap_or("")
            .to_string()
    };
    let with_target = f
        .all
        .iter()
        .filter(|e| e["negated"] == false && !e["date"].is_null() && !e["target"].is_null())
        .collect::<Vec<_>>();
    assert_eq!(counts.iter().sum::<u64>() as usize, with_target.len());
    let top = &dyads[0];
    let n = with_target
        .iter()
        .filter(|e| side(e, "source") == top["source"] && side(e, "target") == top["target"])
        .count();
    assert_eq!(n as u64, top["events"].as_u64().unwrap());
    assert_eq!(
        get_json(f.server.addr, "/api/dyads?limit=2")["dyads"]
            .as_array()
            .unwrap()
            .len(),
        2.min(dyads.len())
    );

    let places = get_json(f.server.addr, "/api/places")["places"]
        .as_array()
        .unwrap()
        .clone();
    let placed = f
        .all
        .iter()
        .filter(|e| e["negated"] == false && !e["place"].is_null())
        .count() as u64;
    assert_eq!(
        places
            .iter()
            .map(|p| p["events"].as_u64().unwrap())
            .sum::<u64>(),
        placed
    );
    for p in &places {
        assert!(p["lat"].is_f64() && p["name"].is_string());
    }
}

#[test]
fn an_event_has_its_mentions() {
    let f = fixture();
    let addr = f.server.addr;
    for e in f.all.iter().take(10) {
        let id = e["id"].as_i64().unwrap();
        let v = get_json(addr, &format!("/api/events/{id}"));
        assert_eq!(&v["event"], e);
        let mentions = v["mentions"].as_array().unwrap();
        assert_eq!(mentions.len() as u64, e["num_mentions"].as_u64().unwrap());
        assert_eq!(mentions[0]["doc_id"], e["doc_id"]);
        for m in mentions {
            assert!(
                m["evidence"]["start"].as_i64().unwrap() <= m["evidence"]["end"].as_i64().unwrap()
            );
            assert!(!m["rule"].as_str().unwrap().is_empty());
        }
    }
    let r = get(addr, "/api/events/999999999");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["code"], "not_found");
    for bad in ["abc", "-1", "0", "1.5", "99999999999999999999999"] {
        let r = get(addr, &format!("/api/events/{bad}"));
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.json()["error"]["parameter"], "id");
    }
}

#[test]
fn documents_have_spans_on_char_boundaries() {
    let f = fixture();
    let addr = f.server.addr;
    let (mut spans, mut dates) = (0, 0);
    for id in ["own-1", "own-2", "wire-2008-001", "wire-2011-002"] {
        let v = get_json(addr, &format!("/api/documents/{id}"));
        assert_eq!(v["id"], id);
        let text = v["text"]
            .as_str()
            .expect("posted documents keep their text");
        for layer in ["actors", "events", "places", "dates", "quotes"] {
            for s in v[layer].as_array().unwrap() {
                let (a, b) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                assert!(a <= b && b <= text.len(), "{id} {layer} {a}..{b}");
                assert!(
                    text.is_char_boundary(a) && text.is_char_boundary(b),
                    "{id} {layer} {a}..{b} cuts a character"
                );
                spans += 1;
            }
        }
        // Each date span carries its resolved date, starting with the year.
        for d in v["dates"].as_array().unwrap() {
            let date = d["date"].as_str().unwrap();
            assert!(
                date.len() >= 4 && date.bytes().take(4).all(|b| b.is_ascii_digit()),
                "{id}: {d}"
            );
            dates += 1;
        }
        for e in v["events"].as_array().unwrap() {
            assert!(!e["rule"].as_str().unwrap().is_empty());
            // The global id leads to the event, whose mentions include this one.
            let gid = e["id"].as_i64().unwrap();
            let ev = get_json(addr, &format!("/api/events/{gid}"));
            assert!(ev["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["event_id"] == e["event_id"] && m["doc_id"] == id));
        }
    }
    assert!(spans > 10, "only {spans} spans");
    // "on Tuesday", "on Wednesday", datelines: the stored date mentions come back.
    assert!(dates >= 2, "only {dates} date spans");
    // The script is stored and served as text, in a JSON string.
    let v = get_json(addr, "/api/documents/own-2");
    assert!(v["text"]
        .as_str()
        .unwrap()
        .contains("<script>alert('x')</script>"));
    let r = get(addr, "/api/documents/no-such-doc");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["code"], "not_found");
}

#[test]
fn a_posted_document_shows_its_date_expressions() {
    let (server, dir) = fresh_server("dates");
    let (addr, token) = (server.addr, server.token.as_str());
    // Non-ASCII before the expression: the offsets are bytes, not characters.
    let text = "KYIV — Ukraine’s president and Russia’s president signed a ceasefire in Minsk \
                on 5 September 2014, officials said.";
    let doc = json!({"id": "d-1", "date": "2014-09-08", "text": text});
    let r = post(
        addr,
        Some(token),
        "application/json",
        doc.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = get_json(addr, "/api/documents/d-1");
    assert_eq!(v["text"], text);
    let dates: Vec<(&str, &str)> = v["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (a, b) = (
                d["start"].as_u64().unwrap() as usize,
                d["end"].as_u64().unwrap() as usize,
            );
            (text.get(a..b).unwrap(), d["date"].as_str().unwrap())
        })
        .collect();
    assert_eq!(dates, [("5 September 2014", "2014-09-05")], "{v}");
    // A new version without a date expression replaces the old one's.
    let doc = json!({"id": "d-1", "date": "2014-09-08", "text": "Russia and Ukraine signed a ceasefire."});
    let r = post(
        addr,
        Some(token),
        "application/json",
        doc.to_string().as_bytes(),
    );
    assert_eq!(r.json()["documents"][0]["status"], "replaced");
    let v = get_json(addr, "/api/documents/d-1");
    assert_eq!(v["dates"], json!([]), "{v}");
    finish(server, dir);
}

#[test]
fn writes_need_the_token_and_bounded_bodies() {
    let (server, dir) = fresh_server("writes");
    let (addr, token) = (server.addr, server.token.as_str());
    let doc = br#"{"id":"w-1","text":"Egypt hosted talks between Israel and Hamas.","date":"2024-05-02"}"#;
    let r = post(addr, None, "application/json", doc);
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"]["code"], "unauthorized");
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = post(
        addr,
        Some("wrong-token-wrong-token"),
        "application/json",
        doc,
    );
    assert_eq!(r.status, 401);
    assert_eq!(
        get(addr, "/api/documents/w-1").status,
        404,
        "nothing stored without the token"
    );

    // Cached answers before the write must not outlive it.
    let before = get_json(addr, "/api/events?limit=1000")["events"]
        .as_array()
        .unwrap()
        .len();
    let timeline_before = get_json(addr, "/api/timeline?by=day");
    let r = post(addr, Some(token), "application/json", doc);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let coded = v["documents"][0]["events"].as_array().unwrap().len();
    assert!(coded > 0, "the test article should yield an event");
    let after = get_json(addr, "/api/events?limit=1000")["events"]
        .as_array()
        .unwrap()
        .len();
    assert!(after > before, "{before} -> {after}");
    assert_ne!(get_json(addr, "/api/timeline?by=day"), timeline_before);
    assert_eq!(v["documents"][0]["id"], "w-1");
    assert_eq!(v["documents"][0]["status"], "stored");
    assert!(v["documents"][0]["events"].is_array());
    // Readable at once, and posting it again changes nothing.
    assert_eq!(get(addr, "/api/documents/w-1").status, 200);
    let r = post(addr, Some(token), "application/json; charset=utf-8", doc);
    assert_eq!(r.json()["documents"][0]["status"], "skipped");

    // Over the limit (256 KiB here): refused from the declared length...
    let big = format!(r#"{{"text":"{}"}}"#, "word ".repeat(60_000));
    let r = post(addr, Some(token), "application/json", big.as_bytes());
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"]["code"], "payload_too_large");
    // ...and while reading a chunked body that declares none.
    let mut req = format!(
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for chunk in big.as_bytes().chunks(16 << 10) {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let r = raw(addr, &req);
    assert_eq!(r.status, 413);

    for (body, ct, status) in [
        (&b"{\"text\": "[..], "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"{\"title\": \"no text\"}", "application/json", 400),
        (b"{\"text\":\"a b\"}\nnot json", "application/x-ndjson", 400),
        (b"{\"text\":\"a b\"}", "text/plain", 415),
        (b"", "application/json", 400),
    ] {
        let r = post(addr, Some(token), ct, body);
        assert_eq!(r.status, status, "{}", String::from_utf8_lossy(body));
        assert!(r.json()["error"]["message"].is_string());
    }
    finish(server, dir);
}

/// A client that sends half its body and stalls gets 408 and never holds the writer: another
/// client's write goes through meanwhile.
#[test]
fn a_stalled_client_does_not_hold_the_writer() {
    let (server, dir) = fresh_server("stalled");
    let (addr, token) = (server.addr, server.token.clone());
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(
        format!(
            "POST /api/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\n\r\n{{\"text\": \"Chile"
        )
        .as_bytes(),
    )
    .unwrap();
    let doc = br#"{"id":"w-2","text":"Brazil signed a trade agreement with Argentina."}"#;
    let r = post(addr, Some(&token), "application/json", doc);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["documents"][0]["status"], "stored");
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut buf = Vec::new();
    let _ = slow.read_to_end(&mut buf);
    let r = parse_reply(&buf);
    assert_eq!(r.status, 408);
    assert_eq!(r.json()["error"]["code"], "request_timeout");
    finish(server, dir);
}

#[test]
fn bad_parameters_are_400s_naming_the_parameter() {
    let f = fixture();
    for (path, param) in [
        ("/api/events?from=yesterday", "from"),
        ("/api/events?to=2024-02-30", "to"),
        ("/api/events?from=2024-02-01&to=2024-01-01", "from"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=1001", "limit"),
        ("/api/events?limit=-3", "limit"),
        ("/api/events?cursor=garbage", "cursor"),
        ("/api/events?format=xml", "format"),
        ("/api/events?source=U%20S", "source"),
        ("/api/events?quad=9", "quad"),
        ("/api/events?root=99", "root"),
        ("/api/events?cameo=0a", "cameo"),
        ("/api/events?bbox=1,2,3", "bbox"),
        ("/api/events?bbox=0,0,200,1", "bbox"),
        ("/api/events?plover=%3Cscript%3E", "plover"),
        ("/api/events?limit=5&limit=6", "limit"),
        ("/api/events?colour=red", "colour"),
        ("/api/timeline?by=year", "by"),
        ("/api/timeline?dyad=USA", "dyad"),
        ("/api/timeline?dyad=USA-RUS&source=USA", "dyad"),
        ("/api/dyads?limit=x", "limit"),
        ("/api/places?limit=2001", "limit"),
        ("/api/health?x=1", "x"),
    ] {
        let r = get(f.server.addr, path);
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        let e = &r.json()["error"];
        assert_eq!(e["code"], "bad_request", "{path}");
        assert_eq!(e["parameter"], param, "{path}");
        assert!(e["message"]
            .as_str()
            .unwrap()
            .contains(&format!("`{param}`")));
    }
    // Empty values count as absent: a form may send every field.
    let v = get_json(f.server.addr, "/api/events?from=&to=&source=&limit=");
    assert_eq!(v["events"].as_array().unwrap().len(), f.all.len().min(100));
}

#[test]
fn garbage_never_brings_the_server_down() {
    let f = fixture();
    let addr = f.server.addr;
    for junk in [
        &b"\x00\x01\x02\xff\xfe\r\n\r\n"[..],
        b"GET /api/events?from=%ff%fe HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"GET /api/documents/%ff HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"GET /api/events?q=%00%00 HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"POST /api/documents HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
        b"GET /../../etc/passwd HTTP/1.1\r\nConnection: close\r\n\r\n",
    ] {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let _ = s.write_all(junk);
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        if buf.starts_with(b"HTTP/1.1 ") {
            let status = parse_reply(&buf).status;
            assert!(status < 500, "{}: {status}", String::from_utf8_lossy(junk));
        }
    }
    assert_eq!(get(addr, "/api/events?q=%25%27%22%3B--").status, 200);
    assert_eq!(get(addr, "/api/health").status, 200);
}

#[test]
fn the_dashboard_and_unknown_paths() {
    let f = fixture();
    let addr = f.server.addr;
    let r = get(addr, "/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    for path in ["/api/nothing", "/assets/missing.js", "/nothing.html"] {
        let r = get(addr, path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.json()["error"]["code"], "not_found");
    }
    let r = request(addr, "DELETE", "/api/events", &[], b"");
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    let spec = get_json(addr, "/api/openapi.json");
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(
        get(addr, "/api/events").header("x-content-type-options"),
        Some("nosniff")
    );
}

#[test]
fn closed_reads_need_the_token_and_the_token_file_is_private() {
    let f = fixture();
    // The fixture's token was generated beside the store, readable by its owner only.
    let TokenSource::Generated(path) = &f.server.token_source else {
        panic!("expected a generated token");
    };
    assert_eq!(path, &f.dir.join("events.db.token"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(
        std::fs::read_to_string(path).unwrap().trim(),
        f.server.token
    );

    // A second server on the same store with closed reads and the same token, read back.
    let mut opts = ServeOptions::new(f.dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
    opts.close_reads = Some(true);
    let closed = dyad_server::start(opts).unwrap();
    assert_eq!(closed.token, f.server.token);
    assert!(matches!(closed.token_source, TokenSource::File(_)));
    let r = get(closed.addr, "/api/events");
    assert_eq!(r.status, 401);
    let auth = format!("Bearer {}", closed.token);
    let r = request(
        closed.addr,
        "GET",
        "/api/events?limit=2",
        &[("Authorization", &auth)],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["events"].as_array().unwrap().len(), 2);
    // Health answers without the token, but without the counts.
    let v = get_json(closed.addr, "/api/health");
    assert_eq!(v["status"], "ok");
    assert!(v.get("events").is_none());
    closed.stop().unwrap();

    // A token file that is given must exist and hold a real token.
    let mut opts = ServeOptions::new(f.dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
    opts.token_file = Some(f.dir.join("missing.token"));
    assert!(dyad_server::start(opts).is_err());
    let short = f.dir.join("short.token");
    std::fs::write(&short, "abc\n").unwrap();
    let mut opts = ServeOptions::new(f.dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
    opts.token_file = Some(short);
    assert!(dyad_server::start(opts).is_err());
}

/// The in-memory index and SQLite give the same answers (the fixture's server uses the index;
/// this one over the same store does not).
#[test]
fn the_memory_index_agrees_with_sqlite() {
    let f = fixture();
    let mut opts = ServeOptions::new(f.dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
    opts.memory_index = false;
    let plain = dyad_server::start(opts).unwrap();
    // Give the fixture's index time to be built (it is, long before: the fixture waited for
    // two posts), then compare.
    std::thread::sleep(Duration::from_millis(200));
    let h = get_json(f.server.addr, "/api/health");
    assert_eq!(
        h["memory_index"], h["events"],
        "the index holds every event"
    );
    assert!(get_json(plain.addr, "/api/health")["memory_index"].is_null());
    for path in [
        "/api/events?limit=1000",
        "/api/events?limit=3",
        "/api/events?limit=3&cursor=2011-02-11~9",
        "/api/events?source=RUS&limit=1000",
        "/api/events?actor=usa&limit=1000",
        "/api/events?country=RUS&quad=4&limit=1000",
        "/api/events?dyad=RUS-GEO&limit=1000",
        "/api/events?cameo=1&limit=1000",
        "/api/events?root=4&from=2010-01-01&limit=1000",
        "/api/events?to=2012-12-31&limit=1000",
        "/api/timeline?by=day",
        "/api/timeline?by=week&country=USA",
        "/api/timeline?by=month&root=19&from=2008-01-01&to=2020-12-31",
        "/api/timeline?dyad=RUS-GEO",
        "/api/dyads?limit=1000",
        "/api/dyads?limit=5&country=RUS",
        "/api/places",
        "/api/places?from=2010-01-01&quad=4",
    ] {
        let a = get_json(f.server.addr, path);
        let b = get_json(plain.addr, path);
        assert!(same(&a, &b), "{path}:\n{a}\n{b}");
    }
    plain.stop().unwrap();
}

/// Equal JSON, numbers within a rounding error (sums taken in another order).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * (1.0 + x.abs().max(y.abs()))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A document posted again with other content replaces the old one: its events are recounted
/// or dropped, and every answer shows it at once (the in-memory index steps aside until it is
/// rebuilt).
#[test]
fn a_replaced_document_is_seen_at_once() {
    let (server, dir) = fresh_server("replace");
    let (addr, token) = (server.addr, server.token.clone());
    let first = br#"{"id":"r-1","date":"2024-05-01","text":"France condemned Iran over the arrest of two journalists."}"#;
    let second = br#"{"id":"r-1","date":"2024-05-01","text":"Japan praised South Korea for the trade agreement."}"#;
    let r = post(addr, Some(&token), "application/json", first);
    assert_eq!(r.json()["documents"][0]["status"], "stored");
    // Let the index be built, then cache the answers.
    std::thread::sleep(Duration::from_millis(1500));
    let old_events = get_json(addr, "/api/events");
    let old_codes: Vec<String> = old_events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"]["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        old_codes.iter().any(|c| c.starts_with("FRA")),
        "{old_codes:?}"
    );
    let r = post(addr, Some(&token), "application/json", second);
    assert_eq!(r.json()["documents"][0]["status"], "replaced");
    for path in ["/api/events", "/api/timeline?by=day", "/api/dyads"] {
        let text = get(addr, path).text();
        assert!(
            !text.contains("FRA"),
            "{path} still shows the replaced events: {text}"
        );
    }
    let events = get_json(addr, "/api/events");
    assert!(
        events["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["doc_id"] == "r-1"
                && !e["source"]["code"].as_str().unwrap().starts_with("FRA"))
    );
    // After the rebuild the index answers again, the same.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(get_json(addr, "/api/events"), events);
    let h = get_json(addr, "/api/health");
    assert_eq!(h["memory_index"], h["events"]);
    finish(server, dir);
}

/// `--close-reads`, as the dashboard meets it: every read endpoint answers 401 (with
/// `WWW-Authenticate: Bearer`) without the token or with a wrong one, and 200 with the header
/// the dashboard sends; the dashboard's own files need no token, and `/api/health` gives the
/// counts only with it.
#[test]
fn closed_reads_answer_401_then_200_with_the_token() {
    let f = fixture();
    let mut opts = ServeOptions::new(f.dir.join("events.db"), "127.0.0.1:0".parse().unwrap());
    opts.close_reads = Some(true);
    let closed = dyad_server::start(opts).unwrap();
    assert!(closed.reads_closed);
    let addr = closed.addr;
    let right = format!("Bearer {}", closed.token);
    let wrong = format!("Bearer {}x", closed.token);
    let event = format!("/api/events/{}", f.all[0]["id"]);
    for path in [
        "/api/events?limit=5",
        "/api/events?format=csv&limit=5",
        event.as_str(),
        "/api/timeline?by=month",
        "/api/dyads",
        "/api/places",
        "/api/documents/own-1",
    ] {
        for auth in [None, Some(wrong.as_str()), Some("Basic dXNlcjpwYXNz")] {
            let headers: Vec<(&str, &str)> =
                auth.map(|a| ("Authorization", a)).into_iter().collect();
            let r = request(addr, "GET", path, &headers, b"");
            assert_eq!(r.status, 401, "{path} with {auth:?}");
            assert_eq!(r.header("www-authenticate"), Some("Bearer"), "{path}");
            assert_eq!(r.json()["error"]["code"], "unauthorized", "{path}");
        }
        let r = request(addr, "GET", path, &[("Authorization", &right)], b"");
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        // The same answer as an open server's.
        let open = get(f.server.addr, path);
        assert_eq!(r.body, open.body, "{path}");
    }
    for path in ["/", "/assets/app.js", "/assets/style.css"] {
        assert_eq!(get(addr, path).status, 200, "{path} needs no token");
    }
    let bare = get_json(addr, "/api/health");
    assert!(bare.get("documents").is_none() && bare.get("events").is_none());
    let r = request(
        addr,
        "GET",
        "/api/health",
        &[("Authorization", &right)],
        b"",
    );
    let counted = r.json();
    let open = get_json(f.server.addr, "/api/health");
    assert_eq!(counted["documents"], open["documents"]);
    assert_eq!(counted["events"], open["events"]);
    closed.stop().unwrap();
}

/// `/api/health` reads counts kept in memory, not `count(*)`: they must follow this server's
/// writes at once (a replacement that deletes events included) and another process's within
/// a second or two.
#[test]
fn health_counts_follow_every_write() {
    let (server, dir) = fresh_server("health");
    let (addr, token) = (server.addr, server.token.clone());
    let listed = || {
        get_json(addr, "/api/events?limit=1000")["events"]
            .as_array()
            .unwrap()
            .len() as u64
    };
    let h = get_json(addr, "/api/health");
    assert_eq!(
        (h["documents"].as_u64(), h["events"].as_u64()),
        (Some(0), Some(0))
    );

    let docs = br#"[{"id":"h-1","date":"2024-05-01","text":"France condemned Iran over the arrest of two journalists. Germany sent aid to Turkey."},
                    {"id":"h-2","date":"2024-05-02","text":"China urged Japan to resume talks."}]"#;
    assert_eq!(
        post(addr, Some(&token), "application/json", docs).status,
        200
    );
    let h = get_json(addr, "/api/health");
    assert_eq!(h["documents"], 2);
    let before = listed();
    assert!(before >= 2, "{before} events coded");
    assert_eq!(h["events"].as_u64(), Some(before));

    // A replacement with no events deletes the old version's: counted at once.
    let r = post(
        addr,
        Some(&token),
        "application/json",
        br#"{"id":"h-1","date":"2024-05-01","text":"It rained in the afternoon."}"#,
    );
    assert_eq!(r.json()["documents"][0]["status"], "replaced");
    let after = listed();
    assert!(
        after < before,
        "the replacement dropped events ({before} -> {after})"
    );
    let h = get_json(addr, "/api/health");
    assert_eq!(h["documents"], 2);
    assert_eq!(h["events"].as_u64(), Some(after));

    // Another process's write shows within the maintainer's second.
    {
        let mut other =
            dyad_store::Store::open(dir.join("events.db"), dyad_store::StoreOptions::default())
                .unwrap();
        let mut doc = dyad_core::Document::new(
            dyad_core::Metadata::with_id("h-3"),
            "Russia accused Ukraine of shelling Kharkiv.",
        );
        dyad_pipeline::Pipeline::get().unwrap().process(&mut doc);
        other.ingest(&doc).unwrap();
        other.commit().unwrap();
    }
    // (The event list comes from the in-memory index, which takes them in the same second.)
    let (mut h, mut n) = (Value::Null, 0);
    for _ in 0..50 {
        (h, n) = (get_json(addr, "/api/health"), listed());
        if h["documents"] == 3 && h["events"].as_u64() == Some(n) && n > after {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(h["documents"], 3, "{h}");
    assert!(n > after, "the other process's events are listed");
    assert_eq!(h["events"].as_u64(), Some(n), "{h}");
    finish(server, dir);
}

#[test]
fn posted_documents_get_the_records_the_server_was_started_with() {
    // A bare statement: left out by default, written with `targetless` (`dyad serve
    // --targetless`), as `dyad code` does.
    let doc = json!({"id": "s-1", "date": "2023-06-01",
                     "text": "Russia said on Monday that the talks had been useful."});
    let mut counts = Vec::new();
    for (name, targetless) in [("records-default", false), ("records-targetless", true)] {
        let records = dyad_pipeline::CodeOptions {
            targetless,
            ..Default::default()
        };
        let (server, dir) = fresh_server_with(name, records);
        let r = post(
            server.addr,
            Some(&server.token),
            "application/json",
            doc.to_string().as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        counts.push(r.json()["documents"][0]["events"].as_array().map(Vec::len));
        finish(server, dir);
    }
    assert_eq!(counts, [Some(0), Some(1)]);
}
