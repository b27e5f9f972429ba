//! The dashboard's files, built from `web/` by `npm run build` into `assets/` and embedded in
//! the binary, so `dyad serve` needs no file at run time.
//!
//! The build writes fixed file names (see `web/vite.config.ts`), so this table changes only when
//! a file is added or removed; a test below fails when `assets/` and the table disagree.

/// One embedded file.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// The bytes served.
    pub bytes: &'static [u8],
    /// Its `Content-Type`.
    pub mime: &'static str,
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JSON: &str = "application/json";
const SVG: &str = "image/svg+xml";

/// Every embedded file: its path below `assets/`, bytes and type.
const FILES: &[(&str, &[u8], &str)] = &[
    ("index.html", include_bytes!("../assets/index.html"), HTML),
    ("favicon.svg", include_bytes!("../assets/favicon.svg"), SVG),
    (
        "assets/app.js",
        include_bytes!("../assets/assets/app.js"),
        JS,
    ),
    (
        "assets/style.css",
        include_bytes!("../assets/assets/style.css"),
        CSS,
    ),
    // Natural Earth 1:110m country shapes (world-atlas), drawn by the map view.
    (
        "assets/countries-110m.json",
        include_bytes!("../assets/assets/countries-110m.json"),
        JSON,
    ),
];

/// The embedded file at `path` (`"index.html"`, `"assets/app.js"`, ...; no leading slash).
/// The empty path is the dashboard's page.
pub fn get(path: &str) -> Option<Asset> {
    let path = if path.is_empty() { "index.html" } else { path };
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|&(_, bytes, mime)| Asset { bytes, mime })
}

/// The paths of every embedded file, for listing and tests.
pub fn paths() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(p, _, _)| *p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                files_under(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_built_file_is_served_with_its_bytes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let mut files = Vec::new();
        files_under(&root, &mut files);
        assert!(files.len() >= 4, "assets/ looks unbuilt: {files:?}");
        for file in &files {
            let rel = file
                .strip_prefix(&root)
                .expect("under assets/")
                .to_string_lossy()
                .replace('\\', "/");
            let asset = get(&rel).unwrap_or_else(|| {
                panic!("assets/{rel} is not embedded: add it to FILES in src/assets.rs")
            });
            let on_disk = std::fs::read(file).expect("readable asset");
            assert_eq!(
                asset.bytes,
                &on_disk[..],
                "assets/{rel} differs from the embedded copy"
            );
        }
        // And nothing is embedded that the build no longer writes.
        assert_eq!(paths().count(), files.len());
    }

    #[test]
    fn page_and_types() {
        let index = get("").expect("index");
        assert_eq!(index.mime, HTML);
        assert_eq!(index.bytes, get("index.html").expect("index.html").bytes);
        assert_eq!(get("assets/app.js").expect("app.js").mime, JS);
        assert_eq!(get("assets/style.css").expect("css").mime, CSS);
        assert!(get("assets/nope.js").is_none());
        assert!(
            get("/index.html").is_none(),
            "paths come without a leading slash"
        );
        assert!(get("../Cargo.toml").is_none());
    }

    /// The page runs under `Content-Security-Policy: default-src 'self'`: no inline script or
    /// style, no event-handler attributes, nothing from another origin.
    #[test]
    fn page_needs_no_inline_code() {
        let html = std::str::from_utf8(get("index.html").expect("index").bytes).expect("UTF-8");
        let lower = html.to_ascii_lowercase();
        let mut rest = lower.as_str();
        while let Some(at) = rest.find("<script") {
            let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
            assert!(
                rest[at..tag_end].contains(" src=\"/"),
                "inline or foreign script: {}",
                &rest[at..tag_end]
            );
            rest = &rest[tag_end..];
        }
        assert!(!lower.contains("<style"), "inline <style>");
        assert!(!lower.contains(" style="), "inline style attribute");
        assert!(
            !lower.contains(" onclick=") && !lower.contains(" onload="),
            "inline handler"
        );
        assert!(
            !lower.contains("http://") && !lower.contains("https://"),
            "foreign origin"
        );
        let js = std::str::from_utf8(get("assets/app.js").expect("js").bytes).expect("UTF-8");
        assert!(
            !js.contains("eval(") && !js.contains("new Function"),
            "eval in the bundle"
        );
    }
}
