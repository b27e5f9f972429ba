//! The dashboard's files, built from `web/` by `npm run build` into `assets/` and embedded in
//! the binary, so `dyad serve` needs no file at run time.

/// One embedded file.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// The bytes served.
    pub bytes: &'static [u8],
    /// Its `Content-Type`.
    pub mime: &'static str,
}

/// The embedded file at `path` (`"index.html"`, `"assets/app.js"`, ...; no leading slash).
pub fn get(path: &str) -> Option<Asset> {
    match path {
        "" | "index.html" => Some(Asset {
            bytes: include_bytes!("../assets/index.html"),
            mime: "text/html; charset=utf-8",
        }),
        _ => None,
    }
}
