//! Asset CORS (`--asset-cors`): a portal on another origin loads the app's files from this server.
//! Driven through the router like tests/http.rs.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use bantin_server::app::{App, Options};
use bantin_server::store::SqliteStore;
use common::*;

const PORTAL: &str = "https://portal.example";
const NAV: (&str, &str) = (
    "accept",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
);
const APP_DIR: &str = "bantin-0123456789abcdef";
const INDEX: &str =
    "<!doctype html><html><head><title>bantin</title></head><body>app</body></html>";

struct TestApp {
    _app: App<SqliteStore>,
    router: Router,
    _data: tempfile::TempDir,
    _dist: tempfile::TempDir,
}

fn write(dir: &std::path::Path, name: &str, content: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

/// A DIST shaped like a release build: the hashed app folder (with a precompressed copy), a
/// hashed stylesheet, the run-time files, a demo feed, and what must stay same-origin.
fn asset_app(opts: Options) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    write(d, "index.html", INDEX.as_bytes());
    write(d, &format!("{APP_DIR}/boot.js"), b"import('./bantin.js');");
    write(d, &format!("{APP_DIR}/boot.js.br"), b"PRECOMPRESSED-BR");
    write(d, &format!("{APP_DIR}/bantin.js"), b"export default 1;");
    write(
        d,
        &format!("{APP_DIR}/bantin_bg.wasm"),
        &b"\0asm\x01\0\0\0 some compressible wasm ".repeat(400),
    );
    write(d, &format!("{APP_DIR}/chunk_1.wasm"), b"\0asm\x01\0\0\0");
    write(d, &format!("{APP_DIR}/split_1.wasm"), b"\0asm\x01\0\0\0");
    write(
        d,
        &format!("{APP_DIR}/snippets/bantin-fedcba9876543210/inline0.js"),
        b"export function f(){}",
    );
    write(d, &format!("{APP_DIR}/page.html"), INDEX.as_bytes());
    write(d, "main-0123456789abcdef.css", b"body{color:red}");
    write(d, "main-0123456789abcdef.css.gz", b"PRECOMPRESSED-GZ");
    write(d, "config.json", br#"{"site":{"title":"x"}}"#);
    write(d, "manifest.webmanifest", br#"{"name":"x"}"#);
    write(
        d,
        "icons/icon.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    write(d, "demo/feed.json", &b"{\"items\": []} ".repeat(50));
    write(d, "demo/feed-2.json", br#"{"items": []}"#);
    write(
        d,
        "demo/img/a.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    write(d, "demo/ads/partner.html", b"<!doctype html><p>ad</p>");
    write(d, "sw.js", b"self.addEventListener('fetch', () => {});");
    // What a portal's page loads from here (docs/embed.md): the snippet's stable address, and
    // offline reading's module, which the embedded reader imports.
    write(d, "offline.js", b"export function persist() {}");
    write(
        d,
        "embed.js",
        b"import { define } from './bantin-0123456789abcdef/embed.js';",
    );
    write(d, "frame.html", b"<!doctype html><base target=_top>");
    let app = app_serving(data.path(), d, opts);
    let router = app.router();
    TestApp {
        _app: app,
        router,
        _data: data,
        _dist: dist,
    }
}

fn req(method: Method, path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::empty()).unwrap()
}

async fn get(r: &Router, path: &str, headers: &[(&str, &str)]) -> Answer {
    send(r, req(Method::GET, path, headers)).await
}

fn assert_shared(a: &Answer, what: &str) {
    assert_eq!(a.header("access-control-allow-origin"), Some("*"), "{what}");
    assert_eq!(
        a.header("cross-origin-resource-policy"),
        Some("cross-origin"),
        "{what}"
    );
    assert_eq!(a.header("timing-allow-origin"), Some("*"), "{what}");
    assert_eq!(a.header("access-control-allow-credentials"), None, "{what}");
}

fn assert_not_shared(a: &Answer, what: &str) {
    for h in [
        "access-control-allow-origin",
        "cross-origin-resource-policy",
        "timing-allow-origin",
    ] {
        assert_eq!(a.header(h), None, "{what}: {h}");
    }
}

/// Every kind of file the brief names as shared.
fn shared_paths() -> Vec<String> {
    vec![
        format!("/{APP_DIR}/boot.js"),
        format!("/{APP_DIR}/bantin.js"),
        format!("/{APP_DIR}/bantin_bg.wasm"),
        format!("/{APP_DIR}/chunk_1.wasm"),
        format!("/{APP_DIR}/split_1.wasm"),
        format!("/{APP_DIR}/snippets/bantin-fedcba9876543210/inline0.js"),
        "/main-0123456789abcdef.css".into(),
        "/config.json".into(),
        "/manifest.webmanifest".into(),
        "/embed.js".into(),
        "/offline.js".into(),
        "/icons/icon.svg".into(),
        "/demo/feed.json".into(),
        "/demo/feed-2.json".into(),
        "/demo/img/a.svg".into(),
    ]
}

#[tokio::test]
async fn assets_are_shared_with_any_origin_on_get_and_head() {
    let t = asset_app(Options::default());
    let r = &t.router;
    for path in shared_paths() {
        // With the portal's Origin, and without (a CDN may cache the first answer for everyone).
        for origin in [Some(PORTAL), None] {
            let headers: Vec<(&str, &str)> = origin.map(|o| ("origin", o)).into_iter().collect();
            let a = get(r, &path, &headers).await;
            assert_eq!(a.status, StatusCode::OK, "{path}");
            assert_shared(&a, &format!("GET {path}"));
            let h = send(r, req(Method::HEAD, &path, &headers)).await;
            assert_eq!(h.status, StatusCode::OK, "{path}");
            assert!(h.body.is_empty());
            assert_shared(&h, &format!("HEAD {path}"));
        }
    }
    let wasm = get(
        r,
        &format!("/{APP_DIR}/bantin_bg.wasm"),
        &[("origin", PORTAL)],
    )
    .await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test]
async fn conditional_and_range_answers_are_shared() {
    let t = asset_app(Options::default());
    let r = &t.router;
    for path in [format!("/{APP_DIR}/bantin_bg.wasm"), "/config.json".into()] {
        let first = get(r, &path, &[("origin", PORTAL)]).await;
        let modified = first
            .header("last-modified")
            .expect("Last-Modified")
            .to_string();
        let a = get(
            r,
            &path,
            &[("origin", PORTAL), ("if-modified-since", &modified)],
        )
        .await;
        assert_eq!(a.status, StatusCode::NOT_MODIFIED, "{path}");
        assert_shared(&a, &format!("304 {path}"));

        let a = get(r, &path, &[("origin", PORTAL), ("range", "bytes=0-3")]).await;
        assert_eq!(a.status, StatusCode::PARTIAL_CONTENT, "{path}");
        assert_eq!(a.body.len(), 4);
        assert!(a.header("content-range").unwrap().starts_with("bytes 0-3/"));
        assert_shared(&a, &format!("206 {path}"));
    }
}

#[tokio::test]
async fn compressed_variants_are_shared() {
    let t = asset_app(Options::default());
    let r = &t.router;
    // precompressed siblings the build wrote
    let a = get(
        r,
        &format!("/{APP_DIR}/boot.js"),
        &[("origin", PORTAL), ("accept-encoding", "br")],
    )
    .await;
    assert_eq!(a.header("content-encoding"), Some("br"));
    assert_eq!(a.body, b"PRECOMPRESSED-BR");
    assert_shared(&a, "boot.js.br");
    let a = get(
        r,
        "/main-0123456789abcdef.css",
        &[("origin", PORTAL), ("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(a.header("content-encoding"), Some("gzip"));
    assert_eq!(a.body, b"PRECOMPRESSED-GZ");
    assert_shared(&a, "main.css.gz");
    // compressed on the fly
    for enc in ["gzip", "br"] {
        let a = get(
            r,
            &format!("/{APP_DIR}/bantin_bg.wasm"),
            &[("origin", PORTAL), ("accept-encoding", enc)],
        )
        .await;
        assert_eq!(a.header("content-encoding"), Some(enc));
        assert_shared(&a, &format!("wasm {enc}"));
        let a = get(
            r,
            "/demo/feed.json",
            &[("origin", PORTAL), ("accept-encoding", enc)],
        )
        .await;
        assert_eq!(a.header("content-encoding"), Some(enc));
        assert_shared(&a, &format!("feed {enc}"));
    }
}

#[tokio::test]
async fn pages_service_worker_and_api_are_not_shared() {
    let t = asset_app(Options::default());
    let r = &t.router;
    let o = ("origin", PORTAL);
    for (path, nav) in [
        ("/", true),
        ("/index.html", true),
        ("/bai/123", true),  // the SPA fallback of a deep link
        ("/demo/bai", true), // a deep link under a shared folder: still the app's page
        ("/demo/ads/partner.html", true),
        ("/bantin-0123456789abcdef/page.html", true),
        ("/sw.js", false),
        ("/frame.html", true), // a widget's iframe is a page, framed, never fetched by CORS
        ("/api/stats", false),
    ] {
        let headers: Vec<(&str, &str)> = if nav { vec![o, NAV] } else { vec![o] };
        let a = get(r, path, &headers).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_not_shared(&a, path);
        // nor their 304s (a fallback's 304 has no Content-Type to tell it is HTML)
        if let Some(modified) = a.header("last-modified").map(str::to_string) {
            let mut headers = headers.clone();
            headers.push(("if-modified-since", &modified));
            let a = get(r, path, &headers).await;
            assert_eq!(a.status, StatusCode::NOT_MODIFIED, "{path}");
            assert_not_shared(&a, &format!("304 {path}"));
        }
    }
    // the fallback compressed, and a missing asset
    let a = get(r, "/demo/bai", &[o, NAV, ("accept-encoding", "br")]).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-encoding"), Some("br"));
    assert_not_shared(&a, "compressed fallback");
    let a = get(r, &format!("/{APP_DIR}/missing.wasm"), &[o]).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_not_shared(&a, "404");
}

fn preflight(path: &str, method: &str) -> Request<Body> {
    req(
        Method::OPTIONS,
        path,
        &[
            ("origin", PORTAL),
            ("access-control-request-method", method),
        ],
    )
}

#[tokio::test]
async fn preflight_on_assets_answers_204_with_the_methods() {
    let t = asset_app(Options::default());
    let r = &t.router;
    for path in shared_paths() {
        let a = send(r, preflight(&path, "GET")).await;
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(a.header("access-control-allow-origin"), Some("*"), "{path}");
        assert_eq!(
            a.header("access-control-allow-methods"),
            Some("GET, HEAD"),
            "{path}"
        );
        assert_eq!(a.header("access-control-allow-credentials"), None);
        assert!(a.body.is_empty());
    }
    // the page, the service worker and the API get no asset preflight
    for path in ["/index.html", "/sw.js", "/api/stats", "/bai/1"] {
        let a = send(r, preflight(path, "GET")).await;
        assert_ne!(a.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(a.header("access-control-allow-origin"), None, "{path}");
    }
    // a plain OPTIONS (no preflight) is not answered as one
    let a = send(r, req(Method::OPTIONS, "/config.json", &[])).await;
    assert_eq!(a.header("access-control-allow-methods"), None);
}

#[tokio::test]
async fn asset_cors_off_shares_nothing() {
    let t = asset_app(Options {
        asset_cors: false,
        ..Options::default()
    });
    let r = &t.router;
    for path in shared_paths() {
        let a = get(r, &path, &[("origin", PORTAL)]).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_not_shared(&a, &path);
        let a = get(r, &path, &[("origin", PORTAL), ("accept-encoding", "br")]).await;
        assert_not_shared(&a, &path);
        let a = send(r, preflight(&path, "GET")).await;
        assert_ne!(a.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(a.header("access-control-allow-origin"), None, "{path}");
    }
    for path in ["/", "/bai/1", "/sw.js"] {
        let a = get(r, path, &[("origin", PORTAL), NAV]).await;
        assert_not_shared(&a, path);
    }
    let a = get(r, "/api/stats", &[("origin", PORTAL)]).await;
    assert_not_shared(&a, "/api/stats");
}

#[tokio::test]
async fn api_cors_origins_do_not_narrow_the_assets() {
    // --cors-origin lists one portal for /api; another portal still loads the app's files.
    let t = asset_app(Options {
        cors_origins: vec![PORTAL.into()],
        ..Options::default()
    });
    let r = &t.router;
    let boot = format!("/{APP_DIR}/boot.js");
    for origin in [PORTAL, "https://other.example"] {
        let a = get(r, &boot, &[("origin", origin)]).await;
        assert_shared(&a, origin);
        let mut p = preflight(&boot, "GET");
        p.headers_mut()
            .insert(header::ORIGIN, origin.parse().unwrap());
        let a = send(r, p).await;
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{origin}");
        assert_eq!(a.header("access-control-allow-origin"), Some("*"));
        assert_eq!(a.header("access-control-allow-methods"), Some("GET, HEAD"));
    }
    // /api keeps its own list
    let a = get(r, "/api/stats", &[("origin", PORTAL)]).await;
    assert_eq!(a.header("access-control-allow-origin"), Some(PORTAL));
    assert_eq!(a.header("cross-origin-resource-policy"), None);
    let a = get(r, "/api/stats", &[("origin", "https://other.example")]).await;
    assert_eq!(a.header("access-control-allow-origin"), None);
    let a = send(r, preflight("/api/stats/hit", "POST")).await;
    assert_eq!(a.header("access-control-allow-origin"), Some(PORTAL));
    assert_ne!(a.header("access-control-allow-methods"), Some("GET, HEAD"));
}
