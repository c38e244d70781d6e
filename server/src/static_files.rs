//! The built app: static files from `--dist`, the SPA fallback to `index.html`, cache headers.
//!
//! - A file that exists is served (with `.br`/`.gz` siblings when the build made them; otherwise the
//!   app's compression layer compresses on the fly).
//! - A GET/HEAD that matches no file, asks for HTML (`Accept: text/html`, i.e. a navigation) and
//!   does not name a static asset type gets `index.html`, so deep links like `/bai/123` load the
//!   app, which then routes. Anything else that matches nothing is a 404.
//! - `/api` paths never reach the files: unknown ones get a JSON 404.
//! - The app's page (`/`, `/index.html`, a deep link) carries a `Link` preload of the feed's first
//!   page when `config.json` names a JSON Feed ([`feed_preload`]), so the browser fetches it
//!   alongside the wasm; a deep link to an article also names the article page's chunk
//!   ([`article_preload`]) and its hero picture ([`hero_preload`]), and the home page its first
//!   card's picture ([`lead_image_preload`]).
//! - Cache-Control: files named by the hash of their bytes (`name-<16 hex>.ext`) and everything
//!   in a build's app folder (`bantin-<16 hex>/`), both named by scripts/finalize.mjs, are
//!   `public, max-age=31536000, immutable`; HTML, `config.json`, the service worker and the web
//!   manifest are `no-cache` (always revalidated); everything else `public, max-age=300`.
//! - Asset CORS ([`asset_cors`], `--asset-cors`): the immutable files and the few public files the
//!   app fetches at run time are shared with any origin, so a portal on another origin can load
//!   the app from here (module scripts, wasm, `crossorigin` fonts and CSS need CORS). Never HTML,
//!   the service worker or `/api`.

use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt as _;
use tower_http::services::{ServeDir, ServeFile};

use crate::api::ApiError;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_CACHE: &str = "no-cache";
pub const SHORT: &str = "public, max-age=300";

/// File types that are never answered with `index.html`.
const ASSET_EXTENSIONS: &[&str] = &[
    "js",
    "mjs",
    "css",
    "wasm",
    "map",
    "json",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "svg",
    "ico",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "txt",
    "xml",
    "webmanifest",
    "br",
    "gz",
    "mp4",
    "webm",
];

/// Whether a file name carries a build hash: `-`, then the 16 hex digits that
/// scripts/finalize.mjs takes from the SHA-256 of the file's final bytes, then `.` or `_`.
pub fn is_hashed(name: &str) -> bool {
    name.match_indices('-').any(|(at, _)| {
        let rest = &name.as_bytes()[at + 1..];
        rest.len() > 16
            && rest[..16].iter().all(u8::is_ascii_hexdigit)
            && matches!(rest[16], b'.' | b'_')
    })
}

/// Whether a folder is one build's app folder, `bantin-<16 hex>`: named by the hash
/// of every file in it (scripts/finalize.mjs), so everything inside is immutable.
pub fn is_hashed_folder(name: &str) -> bool {
    match name.rsplit_once('-') {
        Some((stem, hex)) => {
            !stem.is_empty() && hex.len() == 16 && hex.bytes().all(|c| c.is_ascii_hexdigit())
        }
        None => false,
    }
}

fn in_hashed_folder(path: &str) -> bool {
    path.split('/').rev().skip(1).any(is_hashed_folder)
}

/// The Cache-Control value for a request path that was answered from a file.
pub fn cache_control_for(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if lower.is_empty()
        || lower.ends_with(".html")
        || matches!(
            lower.as_str(),
            "config.json" | "sw.js" | "service-worker.js" | "manifest.json"
        )
        || lower.ends_with(".webmanifest")
    {
        NO_CACHE
    } else if is_hashed(name) || in_hashed_folder(path) {
        IMMUTABLE
    } else if lower == "embed.js" {
        // The snippet's stable address (the app folder's own embed.js is immutable above).
        NO_CACHE
    } else {
        SHORT
    }
}

/// Whether a request path names a file that any origin may load with CORS: everything immutable
/// (the build's app folder `bantin-<16 hex>/`, hashed names like `main-<16 hex>.css`) and the
/// public files the app fetches at run time (`/config.json`, `/manifest.webmanifest`, `/demo/…`,
/// `/icons/…`), and what a portal's page loads from here: `/embed.js` and the `/offline.js` the
/// embedded reader imports (docs/embed.md). Never HTML (the app's page keeps its own frame rules) nor a service worker (it
/// must stay same-origin); `/api` has its own `--cors-origin` rules and never matches.
pub fn shares_cross_origin(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    if name.is_empty()
        || name.ends_with(".html")
        || name.ends_with(".htm")
        || matches!(name.as_str(), "sw.js" | "service-worker.js")
    {
        return false;
    }
    cache_control_for(path) == IMMUTABLE
        || matches!(
            path,
            "/config.json" | "/manifest.webmanifest" | "/embed.js" | "/offline.js"
        )
        || path.starts_with("/demo/")
        || path.starts_with("/icons/")
}

/// Put on a response that is a file of `dist`, not the SPA fallback: a deep link under `/demo/`
/// answered with `index.html` (or its 304, which has no Content-Type) must not be shared.
#[derive(Debug, Clone, Copy)]
pub struct DistFile;

/// Methods a portal may use on shared assets (they are read-only files).
const ASSET_METHODS: &str = "GET, HEAD";

fn is_html_type(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start().to_ascii_lowercase())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/xhtml+xml"))
}

/// `*` and no credentials: the files are public and identical for everyone, so one cached copy
/// (browser or CDN) serves every portal, with no `Vary: Origin` needed.
fn share(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
}

/// The asset-CORS layer (`--asset-cors on`): for [`shares_cross_origin`] paths, answers a CORS
/// preflight itself and marks successful file answers (200, 206, 304, also the `.br`/`.gz`
/// copies) as shared with any origin. It sits outside the `/api` CORS layer, whose answers for
/// its own listed origins it replaces on these paths, so an unlisted portal gets the assets too.
pub async fn asset_cors(req: Request, next: Next) -> Response {
    if !shares_cross_origin(req.uri().path()) {
        return next.run(req).await;
    }
    let method = req.method().clone();
    if method == Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let mut resp = StatusCode::NO_CONTENT.into_response();
        let h = resp.headers_mut();
        share(h);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ASSET_METHODS),
        );
        // A multi-range or suffix Range is not CORS-safelisted: the one header worth allowing.
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("range"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        return resp;
    }
    if method != Method::GET && method != Method::HEAD {
        return next.run(req).await;
    }
    let mut resp = next.run(req).await;
    let s = resp.status();
    let ok =
        s == StatusCode::OK || s == StatusCode::PARTIAL_CONTENT || s == StatusCode::NOT_MODIFIED;
    if ok && resp.extensions().get::<DistFile>().is_some() && !is_html_type(&resp) {
        let h = resp.headers_mut();
        share(h);
        // Loadable by a portal that sets `Cross-Origin-Embedder-Policy`, and measurable by it.
        h.insert(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        );
        h.insert(
            HeaderName::from_static("timing-allow-origin"),
            HeaderValue::from_static("*"),
        );
    }
    resp
}

fn names_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    match name.rsplit_once('.') {
        Some((_, ext)) => ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
        None => false,
    }
}

fn accepts_html(req: &Request) -> bool {
    req.headers()
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/html"))
}

/// Adds [`feed_preload`] to a successful answer with the app's page.
async fn add_feed_preload(dist: &Path, resp: &mut Response) {
    if resp.status() != StatusCode::OK {
        return;
    }
    if let Some(link) = feed_preload(dist).await {
        resp.headers_mut().append(header::LINK, link);
    }
}

/// `Link: </feed>; rel=preload; as=fetch; crossorigin=anonymous` when `dist/config.json` names a
/// JSON Feed: the browser fetches the feed's first page alongside the wasm rather than after the
/// app has read its config (issue 14; src/boot.js does the same, later, on a host without this
/// header). Read at every request, so an operator's own config.json counts at once; `None` for
/// another source or a config that cannot be read.
pub async fn feed_preload(dist: &Path) -> Option<HeaderValue> {
    let href = json_feed_href(dist).await?;
    HeaderValue::from_str(&format!(
        "<{href}>; rel=preload; as=fetch; crossorigin=anonymous"
    ))
    .ok()
}

/// The first page of the JSON Feed that `dist/config.json` names, as a `Link` names it
/// ([`link_href`]); `None` for another source or a config that cannot be read.
async fn json_feed_href(dist: &Path) -> Option<String> {
    let bytes = tokio::fs::read(dist.join("config.json")).await.ok()?;
    let config: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let source = config.get("source")?;
    if source.get("kind")?.as_str()? != "jsonfeed" {
        return None;
    }
    link_href(source.get("url")?.as_str()?)
}

/// The largest feed page read for [`lead_image_preload`] and [`hero_preload`]: a page of a few
/// dozen items is tens of KB; a bigger file is not read at every request for a page.
const MAX_PREVIEW_FEED_BYTES: u64 = 1 << 20;

/// The first page of the JSON Feed that `dist/config.json` names, when it is a file in dist (the
/// demo's, or a portal's that writes its feed there; a remote feed is not fetched here): its
/// `Link` href and its items.
async fn local_feed_page(dist: &Path) -> Option<(String, Vec<serde_json::Value>)> {
    let feed_href = json_feed_href(dist).await?;
    let file = feed_href
        .strip_prefix('/')
        .filter(|p| !p.contains(['?', '#']))?;
    let file = Path::new(file);
    if !file.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let path = dist.join(file);
    if tokio::fs::metadata(&path).await.ok()?.len() > MAX_PREVIEW_FEED_BYTES {
        return None;
    }
    let mut feed: serde_json::Value =
        serde_json::from_slice(&tokio::fs::read(&path).await.ok()?).ok()?;
    match feed.get_mut("items")?.take() {
        serde_json::Value::Array(items) => Some((feed_href, items)),
        _ => None,
    }
}

/// An item's id as the app reads it (src/source/jsonfeed.rs, `item_id`): a string, trimmed, or
/// a whole number as text; `None` for an item the app drops.
fn item_id(item: &serde_json::Value) -> Option<String> {
    match item.get("id")? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        serde_json::Value::Number(n) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| (f as i64).to_string()),
        _ => None,
    }
}

/// `Link: <picture>; rel=preload; as=image; fetchpriority=high` for a picture a feed page names,
/// resolved against the page's URL as the app resolves it. A JSON Feed gives no scaled copies
/// (`srcset`), so the `<img>` asks for exactly that URL. `None` for anything but an http(s)
/// picture, and for a scheme-relative URL, which takes the page's scheme, which this server
/// cannot know (a proxy may add TLS).
fn picture_link(feed_href: &str, image: &str) -> Option<HeaderValue> {
    let image = image.trim();
    if image.starts_with("//") {
        return None;
    }
    let here = url::Url::parse("http://bantin.invalid/").ok()?;
    let resolved = here.join(feed_href).ok()?.join(image).ok()?;
    let href = match resolved.scheme() {
        "http" | "https" if resolved.host_str() == Some("bantin.invalid") => {
            resolved[url::Position::BeforePath..].to_string()
        }
        "http" | "https" => resolved.to_string(),
        _ => return None,
    };
    let href = link_href(&href)?;
    HeaderValue::from_str(&format!(
        "<{href}>; rel=preload; as=image; fetchpriority=high"
    ))
    .ok()
}

/// The home page's largest paint, its first card's picture, named to preload: without it the
/// browser learns of it only once the wasm has drawn the list, and asks for it a round trip
/// later (issue 14); with it, it comes while the wasm does. The first card is the first item
/// with an id; its picture, `image`. `None` when anything is missing or not as expected: a wrong
/// picture would cost a phone its bytes.
pub async fn lead_image_preload(dist: &Path) -> Option<HeaderValue> {
    let (feed_href, items) = local_feed_page(dist).await?;
    let first = items.iter().find(|item| item_id(item).is_some())?;
    picture_link(&feed_href, first.get("image")?.as_str()?)
}

/// An article page's largest paint, its hero picture, named to preload for a deep link to the
/// article `id` when the feed's first page has it: the banner, else the thumbnail, and none when
/// the body has pictures of its own (`model::Article::hero`).
pub async fn hero_preload(dist: &Path, id: &str) -> Option<HeaderValue> {
    let (feed_href, items) = local_feed_page(dist).await?;
    let article = items
        .iter()
        .find(|item| item_id(item).as_deref() == Some(id))?;
    let body = article.get("content_html").and_then(|h| h.as_str());
    if body.is_some_and(|h| h.contains("<img")) {
        return None;
    }
    let hero = ["banner_image", "image"]
        .into_iter()
        .find_map(|key| article.get(key)?.as_str())?;
    picture_link(&feed_href, hero)
}

/// The app's article route (src/router.rs, `ARTICLE_PREFIX`, under the base, which is the root on
/// this server).
const ARTICLE_ROUTE: &str = "/bai/";

/// `Link` preloads of the article page's chunk (`dist/preload.json`, written by
/// scripts/finalize.mjs) for a deep link to an article: a shared link's text waits for the main
/// wasm and then that chunk, which would otherwise be asked for only once the main wasm has
/// started, a round trip later. At low priority, so that the browser asks for the page's own
/// files (the main wasm first) before them. On a phone network with a long round trip the text
/// and its picture come ≈ 250 ms sooner; on a slow link, where the bytes are what counts, about
/// the same (docs/perf.md, session 14). `None` without the file (a build without chunks) or
/// when it names anything but this server's paths.
pub async fn article_preload(dist: &Path) -> Option<HeaderValue> {
    let bytes = tokio::fs::read(dist.join("preload.json")).await.ok()?;
    let preload: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let links = preload
        .get("article")?
        .as_array()?
        .iter()
        .map(|file| {
            let path = file.as_str().filter(|p| p.starts_with('/'))?;
            link_href(path).map(|href| {
                format!("<{href}>; rel=preload; as=fetch; crossorigin=anonymous; fetchpriority=low")
            })
        })
        .collect::<Option<Vec<_>>>()?;
    if links.is_empty() {
        return None;
    }
    HeaderValue::from_str(&links.join(", ")).ok()
}

/// A URL (the feed's from config.json, a chunk's from preload.json) as the page's `Link` header
/// names it: an `http(s)` URL or a path from the root as it is, anything else from the app's
/// base, which is the root on this server (`dist` is served at `/`). `None` for what a header
/// link cannot carry (`<`, `>`, spaces, control characters) and for other schemes.
pub fn link_href(url: &str) -> Option<String> {
    let url = url.trim();
    let unsafe_char =
        |c: char| c.is_control() || c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\\');
    if url.is_empty() || url.chars().any(unsafe_char) || url.starts_with("//") {
        return None;
    }
    // A scheme: what comes before the first ':' when no '/', '?' or '#' does.
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase())
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme.as_deref() {
        Some("http" | "https") => Some(url.to_string()),
        Some(_) => None,
        None if url.starts_with('/') => Some(url.to_string()),
        None => Some(format!("/{url}")),
    }
}

fn set_cache(resp: &mut Response, value: &'static str) {
    let s = resp.status();
    if (s.is_success() || s == StatusCode::NOT_MODIFIED)
        && !resp.headers().contains_key(header::CACHE_CONTROL)
    {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

/// The files under `dist` that a request path could be answered from (the file, its `.br`/`.gz`
/// siblings, a directory's `index.html`), as `ServeDir` resolves them; `None` for a path that
/// `ServeDir` refuses anyway (`..`, undecodable).
fn candidates(dist: &Path, path: &str) -> Option<Vec<PathBuf>> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut file = dist.to_path_buf();
    for part in decoded.trim_start_matches('/').split('/') {
        let p = Path::new(part);
        for c in p.components() {
            match c {
                Component::Normal(n) => file.push(n),
                Component::CurDir => {}
                _ => return None,
            }
        }
    }
    let with = |f: &PathBuf, ext: &str| {
        let mut s = f.clone().into_os_string();
        s.push(ext);
        PathBuf::from(s)
    };
    let index = file.join("index.html");
    Some(vec![
        with(&file, ".br"),
        with(&file, ".gz"),
        with(&index, ".br"),
        with(&index, ".gz"),
        index,
        file,
    ])
}

/// Whether serving `path` could follow a symlink out of `dist` (then it is refused). One blocking
/// task for all the lookups.
async fn leaves_dist(dist: &Path, path: &str) -> bool {
    let Some(files) = candidates(dist, path) else {
        return false; // ServeDir refuses these itself
    };
    let dist = dist.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let Ok(root) = std::fs::canonicalize(&dist) else {
            return false; // no dist: nothing is served
        };
        // Only paths that exist resolve; a missing one cannot be served.
        files
            .iter()
            .any(|f| std::fs::canonicalize(f).is_ok_and(|real| !real.starts_with(&root)))
    })
    .await
    .unwrap_or(true)
}

/// Serves one request from `dist`.
pub async fn serve(dist: &Path, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found().into_response();
    }
    // `//x` would be redirected to `//x/`, which a browser reads as another host.
    if path.starts_with("//") || path.contains('\\') || path.contains("%5c") || path.contains("%5C")
    {
        return not_found();
    }
    if leaves_dist(dist, &path).await {
        return not_found();
    }
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    let spa_candidate = is_read && accepts_html(&req) && !names_asset(&path);
    // Keep what a second attempt (index.html) needs: method and headers (conditional requests,
    // Accept-Encoding).
    let retry = if spa_candidate {
        let mut r = Request::new(Body::empty());
        *r.method_mut() = req.method().clone();
        *r.headers_mut() = req.headers().clone();
        Some(r)
    } else {
        None
    };

    let dir = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true);
    let mut resp = match dir.oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    if resp.status() == StatusCode::NOT_FOUND {
        if let Some(retry) = retry {
            let index = ServeFile::new(dist.join("index.html"))
                .precompressed_br()
                .precompressed_gzip();
            let mut resp = match index.oneshot(retry).await {
                Ok(r) => r.map(Body::new),
                Err(never) => match never {},
            };
            set_cache(&mut resp, NO_CACHE);
            add_feed_preload(dist, &mut resp).await;
            if let Some(id) = path.strip_prefix(ARTICLE_ROUTE) {
                if resp.status() == StatusCode::OK {
                    // One segment, percent-decoded, as the app's router reads it.
                    let id = (!id.contains('/'))
                        .then(|| percent_encoding::percent_decode_str(id).decode_utf8().ok())
                        .flatten();
                    let hero = match id {
                        Some(id) => hero_preload(dist, &id).await,
                        None => None,
                    };
                    for link in [hero, article_preload(dist).await].into_iter().flatten() {
                        resp.headers_mut().append(header::LINK, link);
                    }
                }
            }
            return resp;
        }
        return resp;
    }
    if path == "/" || path == "/index.html" {
        add_feed_preload(dist, &mut resp).await;
        if resp.status() == StatusCode::OK {
            if let Some(link) = lead_image_preload(dist).await {
                resp.headers_mut().append(header::LINK, link);
            }
        }
    }
    // ServeDir redirects a directory to its path with a slash; never to another host.
    // (A 304 is a 3xx too, without a Location: left alone.)
    if let Some(location) = resp.headers().get(header::LOCATION) {
        let safe = location
            .to_str()
            .is_ok_and(|l| l.starts_with('/') && !l.starts_with("//") && !l.contains('\\'));
        if !safe {
            return not_found();
        }
    }
    set_cache(&mut resp, cache_control_for(&path));
    resp.extensions_mut().insert(DistFile);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_hrefs() {
        for (url, href) in [
            ("demo/feed.json", "/demo/feed.json"),
            (" /tin/feed.json ", "/tin/feed.json"),
            (
                "https://news.example/feed.json?a=1:2",
                "https://news.example/feed.json?a=1:2",
            ),
            ("HTTP://x.example/f", "HTTP://x.example/f"),
            ("feed.json?t=10:30", "/feed.json?t=10:30"),
        ] {
            assert_eq!(link_href(url).as_deref(), Some(href), "{url:?}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "data:application/json,{}",
            "//other.example/feed.json",
            "feed.json>; rel=preload; as=script",
            "a b.json",
            "feed\n.json",
            "\"x\"",
        ] {
            assert_eq!(link_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hashed_names() {
        assert!(is_hashed("bantin-1a2b3c4d5e6f7a8b.wasm"));
        assert!(is_hashed("bantin-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("index-0123456789abcdef.js"));
        assert!(is_hashed("my-app-0123456789abcdef.css"));
        assert!(!is_hashed("bantin-93fdbe2ce18c6ba_bg.wasm"));
        assert!(!is_hashed("bantin-1a2b3c4d.wasm"));
        assert!(!is_hashed("top-1.svg"));
        assert!(!is_hashed("no-hash-here.js"));
        assert!(!is_hashed("bantin-1a2b3c4d5e6f7a8b"));
    }

    #[test]
    fn cache_classes() {
        assert_eq!(cache_control_for("/"), NO_CACHE);
        assert_eq!(cache_control_for("/index.html"), NO_CACHE);
        assert_eq!(cache_control_for("/config.json"), NO_CACHE);
        assert_eq!(cache_control_for("/sw.js"), NO_CACHE);
        assert_eq!(cache_control_for("/manifest.webmanifest"), NO_CACHE);
        // The snippet's stable address: what it names changes with every build.
        assert_eq!(cache_control_for("/embed.js"), NO_CACHE);
        assert_eq!(
            cache_control_for("/bantin-1a2b3c4d5e6f7a8b/embed.js"),
            IMMUTABLE
        );
        assert_eq!(
            cache_control_for("/bantin-1a2b3c4d5e6f7a8b_bg.wasm"),
            IMMUTABLE
        );
        assert_eq!(
            cache_control_for("/bantin-1a2b3c4d5e6f7a8b/snippets/x-1/inline0.js"),
            IMMUTABLE
        );
        assert_eq!(
            cache_control_for("/tin-tuc/bantin-1a2b3c4d5e6f7a8b/bantin_bg.wasm"),
            IMMUTABLE
        );
        // A folder name alone, or a file named like a folder, is not one.
        assert_eq!(cache_control_for("/bantin-1a2b3c4d5e6f7a8b"), SHORT);
        assert_eq!(cache_control_for("/bantin-1a2b3c4d/bantin.js"), SHORT);
        assert_eq!(cache_control_for("/demo/feed.json"), SHORT);
        assert_eq!(cache_control_for("/ads/top-1.svg"), SHORT);
    }

    #[test]
    fn cross_origin_paths() {
        for p in [
            "/bantin-1a2b3c4d5e6f7a8b/boot.js",
            "/bantin-1a2b3c4d5e6f7a8b/bantin_bg.wasm",
            "/bantin-1a2b3c4d5e6f7a8b/chunk_3.wasm.br",
            "/bantin-1a2b3c4d5e6f7a8b/snippets/x-0123456789abcdef/inline0.js",
            "/main-0123456789abcdef.css",
            "/main-0123456789abcdef.css.gz",
            "/config.json",
            "/manifest.webmanifest",
            "/embed.js",
            "/offline.js",
            "/bantin-1a2b3c4d5e6f7a8b/widgets_bg.wasm",
            "/demo/feed-2.json",
            "/demo/img/a.svg",
            "/icons/icon-192.png",
        ] {
            assert!(shares_cross_origin(p), "{p}");
        }
        for p in [
            "/",
            "/index.html",
            "/bai/123",
            "/sw.js",
            "/x/offline.js",
            "/api/stats",
            "/demo/",
            "/demo/ads/partner.html",
            "/bantin-1a2b3c4d5e6f7a8b/",
            "/bantin-1a2b3c4d5e6f7a8b/page.html",
            "/bantin-1a2b3c4d5e6f7a8b/sw.js",
            "/demo/config.json/",
            "/x/config.json",
        ] {
            assert!(!shares_cross_origin(p), "{p}");
        }
    }

    #[test]
    fn asset_names() {
        assert!(names_asset("/missing.js"));
        assert!(names_asset("/x/y.WASM"));
        assert!(!names_asset("/bai/abc"));
        assert!(!names_asset("/bai/post.html"));
        assert!(!names_asset("/da-luu"));
    }
}
