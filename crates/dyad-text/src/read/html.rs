//! HTML pages: the main article text, without the page around it.
//!
//! The page is parsed with `scraper`, which wraps html5ever, the HTML5 parser of the Servo
//! project: it builds the tree a browser would from broken markup (unclosed tags, stray
//! end tags, tag soup), which a hand-rolled or non-spec parser such as `tl` gets wrong on real
//! news pages, and it decodes every character reference. It is the maintained,
//! ecosystem-standard choice; its default features (a command-line tool and error strings) are
//! off. The CSS-selector half of `scraper` is not used: the extraction below walks the tree
//! (`ego-tree`) once or twice, iteratively, so deep nesting cannot overflow the stack.
//!
//! Extraction:
//! 1. Boilerplate subtrees are dropped: by tag (scripts, navigation, header, footer, aside,
//!    forms, figures and captions, ...) and by words in `class`, `id`, `itemprop` and `role`
//!    (byline, author, credit, caption, nav, menu, share, social, related, comment, promo,
//!    advert, newsletter, cookie, ...), and hidden elements. A word-matched element that holds
//!    the `<article>` or `<main>` is a page wrapper and is kept.
//! 2. The root is the `<article>` with the most paragraph text, else `<main>`, else the
//!    `itemprop="articleBody"` element, else the element whose own paragraphs hold the most
//!    text (the "densest container"), else `<body>`.
//! 3. Paragraphs (`p`, `h2`–`h6`, `li`, `blockquote`, `pre`, and runs of loose text long
//!    enough to be prose) are joined with a blank line, white space collapsed inside each.
//!    Short caption, photo-credit and byline lines that carry no markup are dropped too.
//! 4. If the words of step 1 removed everything, extraction runs again with the tag rules only.
//!
//! Metadata: the title from `og:title`, else the root's `<h1>`, else `<title>`; the date from
//! `article:published_time`, `itemprop="datePublished"` or JSON-LD `datePublished` (an error
//! when it cannot be read), else the first readable `<time datetime>`; the url from
//! `<link rel="canonical">` or `og:url`; the source from `og:site_name`; the language from
//! `<html lang>`; `<meta name="author">` goes to `meta.extra["author"]`.

use super::{check_utf8, parse_date, Ctx, Fields, ReadError, ReadErrorKind};
use dyad_core::Document;
use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef, Tree};
use scraper::node::Element;
use scraper::{Html, Node};
use std::collections::{HashMap, HashSet};

/// Elements whose whole subtree is never article text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "figure",
    "figcaption",
    "iframe",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "object",
    "embed",
    "button",
    "select",
    "textarea",
    "input",
    "dialog",
    "menu",
    "head",
];

/// Words in `class`, `id`, `itemprop` or `role` that mark boilerplate blocks.
const DROP_WORDS: &[&str] = &[
    "byline",
    "bylines",
    "author",
    "authors",
    "credit",
    "credits",
    "caption",
    "captions",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "comments",
    "promo",
    "promos",
    "advert",
    "adverts",
    "advertisement",
    "ad",
    "ads",
    "sponsor",
    "sponsored",
    "newsletter",
    "subscribe",
    "signup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "sidebar",
    "masthead",
    "banner",
    "footer",
    "header",
    "toolbar",
    "popup",
    "modal",
    "paywall",
    "recommended",
    "trending",
    "outbrain",
    "taboola",
    "skip",
    "hidden",
    "complementary",
    "contentinfo",
    "search",
    "tags",
    "meta",
];

/// Elements that hold a paragraph of article text.
const PARAGRAPH_TAGS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
];

/// Elements that end a run of text (block-level); text on both sides is not one paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "body",
    "br",
    "hr",
    "address",
    "details",
    "summary",
];

/// Short lines that are page furniture when they stand alone as a paragraph.
const FURNITURE: &[&str] = &[
    "advertisement",
    "ad",
    "sponsored",
    "read more",
    "share",
    "share this article",
    "share this story",
    "related",
    "related articles",
    "related stories",
    "more on this story",
    "skip to content",
    "skip to main content",
    "story continues below advertisement",
];

/// Prefixes of caption and credit lines (compared in lower case).
const CREDIT_PREFIXES: &[&str] = &[
    "photo:",
    "photo by",
    "photograph:",
    "photograph by",
    "photo credit",
    "image:",
    "image credit",
    "picture:",
    "credit:",
    "caption:",
    "file photo",
];

pub(crate) fn read_html(bytes: &[u8], ctx: &Ctx) -> Result<Document, ReadError> {
    if memchr::memchr(0, bytes).is_some() {
        return Err(ctx.err(None, ReadErrorKind::Binary));
    }
    let source = check_utf8(bytes, 0, 1, ctx)?;
    if source.trim().is_empty() {
        return Err(ctx.err(None, ReadErrorKind::Empty));
    }
    if let Some(depth) = too_deep(source) {
        let message = format!("elements nested deeper than {depth} levels; not a news page");
        return Err(ctx.err(None, ReadErrorKind::Html(message)));
    }
    let page = Html::parse_document(source);
    let tree = &page.tree;
    let mut extraction = Extraction::new(tree, true);
    let mut body = extraction.text();
    if body.is_empty() {
        extraction = Extraction::new(tree, false);
        body = extraction.text();
    }
    if body.is_empty() {
        let message = "no article text found in the page".to_string();
        return Err(ctx.err(None, ReadErrorKind::Html(message)));
    }
    let mut fields = Fields::default();
    let meta = PageMeta::collect(tree);
    fields.title = meta
        .title
        .or_else(|| extraction.root_h1())
        .or(meta.html_title)
        .or(meta.first_h1);
    let date = match meta.date {
        Some(date) => Some(date),
        None => extraction.time_date(),
    };
    fields.date = date.map(|d| (d, None));
    fields.url = meta.url;
    fields.source = meta.site;
    fields.language = meta.language;
    if let Some(author) = meta.author {
        fields.extra.insert("author".to_string(), author);
    }
    fields.text = Some(body);
    fields.id = Some(ctx.stem.clone());
    fields.into_document(ctx, None)
}

/// The deepest nesting accepted, as browsers do (Blink flattens the tree below 512 levels).
const MAX_DEPTH: usize = 512;

/// Elements that need no end tag: void ones, and ones that the next sibling closes.
const NO_END_TAG: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "optgroup", "rp", "rt",
];

/// `Some(MAX_DEPTH)` when the tags of the page nest deeper than [`MAX_DEPTH`], estimated
/// from the markup without parsing it.
///
/// html5ever scans its stack of open elements for many tags, so parsing takes time quadratic
/// in the nesting depth (20,000 nested `<div>`s take seconds, a 16 MiB page of them hours).
/// Refusing such pages up front keeps every page's parse time roughly linear. The estimate
/// counts start tags minus end tags; it skips comments, `<script>` and `<style>` contents,
/// self-closing tags and elements that need no end tag.
fn too_deep(source: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        i += at + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i += memchr::memmem::find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        match rest.first() {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b) if b.is_ascii_alphabetic() => {
                let name_len = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                    .count();
                let name = String::from_utf8_lossy(&rest[..name_len]).to_ascii_lowercase();
                // Stopping at the next `<` too keeps the scan linear on `<a<a<a...`.
                let end = memchr::memchr2(b'>', b'<', rest).unwrap_or(rest.len());
                let self_closing = end > 0 && rest[end - 1] == b'/';
                if name == "script" || name == "style" {
                    let body = &rest[end..];
                    i += end + find_end_tag(body, name.as_bytes()).unwrap_or(body.len());
                    continue;
                }
                if !self_closing && !NO_END_TAG.contains(&name.as_str()) {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(MAX_DEPTH);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Where `</name` (any case) starts in `body`.
fn find_end_tag(body: &[u8], name: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(body, b"</").find(|&at| {
        body.get(at + 2..at + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// Collapses runs of white space (including no-break spaces) to one space, trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Lower-case words of an attribute value: split at non-alphanumerics and at camelCase
/// boundaries (`relatedArticles` is `related` + `articles`).
fn words(value: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
}

fn is_root_tag(name: &str) -> bool {
    matches!(name, "html" | "body" | "article" | "main")
}

/// Whether the element marks the article itself.
fn is_article_marker(el: &Element) -> bool {
    matches!(el.name(), "article" | "main")
        || el
            .attr("role")
            .is_some_and(|r| r.eq_ignore_ascii_case("main"))
        || el
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
}

fn is_hidden(el: &Element) -> bool {
    el.attr("hidden").is_some()
        || el
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || el.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let s = s.to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

fn has_drop_word(el: &Element) -> bool {
    ["class", "id", "itemprop", "role"].iter().any(|attr| {
        el.attr(attr)
            .is_some_and(|v| words(v).any(|w| DROP_WORDS.contains(&w.as_str())))
    })
}

/// One run of the extraction, with or without the word rules.
struct Extraction<'a> {
    tree: &'a Tree<Node>,
    /// Roots of the subtrees left out.
    dropped: HashSet<NodeId>,
    root: NodeRef<'a, Node>,
}

impl<'a> Extraction<'a> {
    fn new(tree: &'a Tree<Node>, use_words: bool) -> Self {
        // Wrappers of the article are kept whatever their class says: every ancestor of an
        // article marker is protected. Marking stops at the first ancestor already marked,
        // so this is linear in the size of the page.
        let mut protected = HashSet::new();
        for node in tree.root().descendants() {
            if node.value().as_element().is_some_and(is_article_marker) {
                let mut up = Some(node);
                while let Some(n) = up {
                    if !protected.insert(n.id()) {
                        break;
                    }
                    up = n.parent();
                }
            }
        }
        let mut dropped = HashSet::new();
        for node in tree.root().descendants() {
            let Some(el) = node.value().as_element() else {
                continue;
            };
            let name = el.name();
            let drop = DROP_TAGS.contains(&name)
                || (!is_root_tag(name) && is_hidden(el))
                || (use_words
                    && !is_root_tag(name)
                    && !protected.contains(&node.id())
                    && has_drop_word(el));
            if drop {
                dropped.insert(node.id());
            }
        }
        let mut extraction = Extraction {
            tree,
            dropped,
            root: tree.root(),
        };
        extraction.root = extraction.choose_root();
        extraction
    }

    /// Open/close edges of the subtree under `node`, without the dropped subtrees.
    fn walk(&self, node: NodeRef<'a, Node>, mut visit: impl FnMut(Edge<'a, Node>)) {
        let mut skipping: Option<NodeId> = None;
        for edge in node.traverse() {
            match (skipping, edge) {
                (Some(id), Edge::Close(n)) if n.id() == id => skipping = None,
                (Some(_), _) => {}
                (None, Edge::Open(n)) if self.dropped.contains(&n.id()) => skipping = Some(n.id()),
                (None, edge) => visit(edge),
            }
        }
    }

    fn choose_root(&self) -> NodeRef<'a, Node> {
        // Paragraph text is credited to the innermost open article, main and articleBody
        // element, and to the paragraph's parent (in full) and grandparent (in half).
        let mut open: Vec<(NodeId, usize)> = Vec::new(); // (marker, kind index)
        let mut score: [HashMap<NodeId, usize>; 4] = Default::default();
        let mut paragraph: Option<(NodeRef<'a, Node>, usize)> = None;
        let mut total = 0usize;
        let kind_of = |el: &Element| match el.name() {
            "article" => Some(0),
            "main" => Some(1),
            _ if el
                .attr("role")
                .is_some_and(|r| r.eq_ignore_ascii_case("main")) =>
            {
                Some(1)
            }
            _ if el
                .attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("articleBody")) =>
            {
                Some(2)
            }
            _ => None,
        };
        self.walk(self.tree.root(), |edge| match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(el) => {
                    if let Some(k) = kind_of(el) {
                        open.push((n.id(), k));
                        score[k].entry(n.id()).or_insert(0);
                    }
                    if el.name() == "p" && paragraph.is_none() {
                        paragraph = Some((n, 0));
                    }
                }
                Node::Text(t) => {
                    if let Some((_, len)) = &mut paragraph {
                        *len += t.trim().len();
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if let Some(&(id, _)) = open.last() {
                    if id == n.id() {
                        open.pop();
                    }
                }
                if let Some((p, len)) = paragraph {
                    if p.id() == n.id() {
                        paragraph = None;
                        total += len;
                        for (k, table) in score.iter_mut().enumerate().take(3) {
                            if let Some(&(id, _)) = open.iter().rev().find(|(_, kind)| *kind == k) {
                                *table.entry(id).or_insert(0) += len;
                            }
                        }
                        if let Some(parent) = p.parent() {
                            *score[3].entry(parent.id()).or_insert(0) += len;
                            if let Some(grand) = parent.parent() {
                                *score[3].entry(grand.id()).or_insert(0) += len / 2;
                            }
                        }
                    }
                }
            }
        });
        for (k, table) in score.iter().enumerate() {
            // An article, main or articleBody element must hold a good share of the page's
            // paragraph text: an `<article>` teaser in a "more stories" box does not make the
            // story around it boilerplate.
            let enough = if k == 3 {
                1
            } else {
                (total * 3).div_ceil(10).max(1)
            };
            // Highest score; ties go to the element first in the page.
            let best = table
                .iter()
                .filter(|(_, &s)| s >= enough)
                // Node ids are allocated in parse order, so the smaller id comes first.
                .max_by_key(|(id, &s)| (s, std::cmp::Reverse(**id)));
            if let Some((id, _)) = best {
                if let Some(node) = self.tree.get(*id) {
                    return node;
                }
            }
        }
        self.tree
            .root()
            .descendants()
            .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
            .unwrap_or_else(|| self.tree.root())
    }

    /// The article text: paragraphs joined by blank lines.
    fn text(&self) -> String {
        let mut paragraphs: Vec<String> = Vec::new();
        let mut run = String::new();
        let mut para_depth = 0usize;
        let mut run_in_para = false;
        let flush = |run: &mut String, in_para: &mut bool, out: &mut Vec<String>| {
            let text = collapse(run);
            run.clear();
            let keep = !text.is_empty() && (*in_para || looks_like_prose(&text));
            *in_para = false;
            if keep && !is_furniture(&text) {
                out.push(text);
            }
        };
        let mut h1_depth = 0usize;
        self.walk(self.root, |edge| match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if name == "h1" {
                        h1_depth += 1;
                    }
                    if BLOCK_TAGS.contains(&name) {
                        flush(&mut run, &mut run_in_para, &mut paragraphs);
                    }
                    if PARAGRAPH_TAGS.contains(&name) {
                        para_depth += 1;
                    }
                    if name == "br" {
                        run.push(' ');
                    }
                }
                Node::Text(t) if h1_depth == 0 => {
                    run.push_str(t);
                    if para_depth > 0 && !t.trim().is_empty() {
                        run_in_para = true;
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if let Node::Element(el) = n.value() {
                    let name = el.name();
                    if BLOCK_TAGS.contains(&name) {
                        flush(&mut run, &mut run_in_para, &mut paragraphs);
                    }
                    if PARAGRAPH_TAGS.contains(&name) {
                        para_depth = para_depth.saturating_sub(1);
                    }
                    if name == "h1" {
                        h1_depth = h1_depth.saturating_sub(1);
                    }
                }
            }
        });
        flush(&mut run, &mut run_in_para, &mut paragraphs);
        paragraphs.join("\n\n")
    }

    /// The first `<h1>` inside the root, even inside a dropped header.
    fn root_h1(&self) -> Option<String> {
        self.root
            .descendants()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "h1"))
            .map(text_of)
            .find(|t| !t.is_empty())
    }

    /// The first readable `<time datetime>` in the root, else in the kept page.
    fn time_date(&self) -> Option<String> {
        let mut found = None;
        for start in [self.root, self.tree.root()] {
            self.walk(start, |edge| {
                if let (None, Edge::Open(n)) = (&found, edge) {
                    let datetime = n
                        .value()
                        .as_element()
                        .filter(|e| e.name() == "time")
                        .and_then(|e| e.attr("datetime"));
                    if let Some(dt) = datetime {
                        if parse_date(dt).is_ok() {
                            found = Some(dt.to_string());
                        }
                    }
                }
            });
            if found.is_some() {
                break;
            }
        }
        found
    }
}

/// Loose text (outside any paragraph element) is kept when it reads like prose: a sentence
/// end, or eight words or more. Labels such as "Share" or "Updated" are not.
fn looks_like_prose(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '"', '\u{201d}']) || text.split(' ').count() >= 8
}

/// Captions, credits, bylines and furniture that come without telling markup.
fn is_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    let trimmed = lower.trim_end_matches(['.', ':', '|']);
    if FURNITURE.contains(&trimmed) {
        return true;
    }
    if text.len() < 300 && CREDIT_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // "By Jane Doe and John Roe, Example Wire": short, starts with "By" and a capital, and is
    // no sentence ("By Monday, the troops had left." is one).
    let mut words = text.split(' ');
    words.next() == Some("By")
        && words
            .next()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && text.split(' ').count() <= 10
        && !text.ends_with(['.', '!', '?'])
}

/// The collapsed text of a subtree.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if let Node::Text(t) = n.value() {
            s.push_str(t);
            s.push(' ');
        }
    }
    collapse(&s)
}

/// Metadata from `<meta>`, `<link>`, `<title>`, `<html lang>` and JSON-LD.
#[derive(Default)]
struct PageMeta {
    title: Option<String>,
    html_title: Option<String>,
    first_h1: Option<String>,
    date: Option<String>,
    url: Option<String>,
    canonical: Option<String>,
    site: Option<String>,
    language: Option<String>,
    author: Option<String>,
}

impl PageMeta {
    fn collect(tree: &Tree<Node>) -> PageMeta {
        let mut m = PageMeta::default();
        let mut dates: [Option<String>; 3] = Default::default();
        let set = |slot: &mut Option<String>, v: &str| {
            let v = collapse(v);
            if slot.is_none() && !v.is_empty() {
                *slot = Some(v);
            }
        };
        for node in tree.root().descendants() {
            let Some(el) = node.value().as_element() else {
                continue;
            };
            match el.name() {
                "html" => {
                    if let Some(lang) = el.attr("lang").and_then(primary_language) {
                        m.language.get_or_insert(lang);
                    }
                }
                "title" if m.html_title.is_none() => set(&mut m.html_title, &text_of(node)),
                "h1" if m.first_h1.is_none() => set(&mut m.first_h1, &text_of(node)),
                "link" => {
                    let canonical = el.attr("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|w| w.eq_ignore_ascii_case("canonical"))
                    });
                    if let (true, Some(href)) = (canonical, el.attr("href")) {
                        set(&mut m.canonical, href);
                    }
                }
                "meta" => {
                    let key = el
                        .attr("property")
                        .or_else(|| el.attr("name"))
                        .or_else(|| el.attr("itemprop"))
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    let Some(content) = el.attr("content") else {
                        continue;
                    };
                    match key.as_str() {
                        "og:title" => set(&mut m.title, content),
                        "og:url" => set(&mut m.url, content),
                        "og:site_name" => set(&mut m.site, content),
                        "author" => set(&mut m.author, content),
                        "article:published_time" => set(&mut dates[0], content),
                        "datepublished" => set(&mut dates[1], content),
                        _ => {}
                    }
                }
                "time" => {
                    let published = el
                        .attr("itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"));
                    if let (true, Some(dt)) = (published, el.attr("datetime")) {
                        set(&mut dates[1], dt);
                    }
                }
                "script" => {
                    let json_ld = el
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                    if json_ld && dates[2].is_none() {
                        if let Some(d) = json_ld_date(&text_of(node)) {
                            set(&mut dates[2], &d);
                        }
                    }
                }
                _ => {}
            }
        }
        m.date = dates.into_iter().flatten().next();
        // The canonical link names the article; og:url is often the same, sometimes tracked.
        if m.canonical.is_some() {
            m.url = m.canonical.take();
        }
        m
    }
}

/// `en` from `en-GB`; `None` for anything that is not a language tag.
fn primary_language(lang: &str) -> Option<String> {
    let primary = lang.trim().split(['-', '_']).next()?;
    let ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    ok.then(|| primary.to_ascii_lowercase())
}

/// The first `datePublished` string anywhere in a JSON-LD block.
fn json_ld_date(script: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(script).ok()?;
    // serde_json refuses nesting deeper than 128, so this stack stays small.
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(d)) = map.get("datePublished") {
                    return Some(d.clone());
                }
                stack.extend(map.values().rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}
