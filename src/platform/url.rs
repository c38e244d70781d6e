//! URLs: the app's base, and resolution of relative URLs.
//!
//! Three places, the same one for the standalone app:
//! - the app base: where config.json is, and what its relative URLs resolve
//!   against. Standalone, where index.html is served (`document.baseURI`,
//!   which Trunk's `<base data-trunk-public-url>` sets, or the `data-base`
//!   attribute of `#bantin`); embedded, the directory of the element's `src`.
//! - the asset base: where the app's own files are (offline.js, sw.js);
//!   embedded, beside src/embed.js, which may be another origin (a CDN).
//! - the route base: the path the reader's addresses live under; embedded,
//!   the element's `base`, a path of the host page (`/tin-tuc/`).
//!
//! Resolution uses the browser's own `URL` — zero bytes of wasm, and exactly
//! the browser's rules.

use std::cell::RefCell;

thread_local! {
    static APP_BASE: RefCell<String> = const { RefCell::new(String::new()) };
    static ASSET_BASE: RefCell<String> = const { RefCell::new(String::new()) };
    static ROUTE_BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records where the app's files are and the path its routes live under
/// (embedded: the standalone app takes both from the app base).
pub fn set_embedded_bases(assets: &str, routes: &str) {
    ASSET_BASE.with(|b| *b.borrow_mut() = directory(assets));
    let mut routes = routes.to_string();
    if !routes.ends_with('/') {
        routes.push('/');
    }
    ROUTE_BASE.with(|b| *b.borrow_mut() = routes);
}

/// Records the app base (an absolute URL ending in `/`). Called once at start-up.
pub fn set_app_base(base: &str) {
    APP_BASE.with(|b| *b.borrow_mut() = directory(base));
}

/// The directory of `url`: "…/index.html?x" → "…/".
fn directory(url: &str) -> String {
    let mut base = url.split(['?', '#']).next().unwrap_or("").to_string();
    if !base.ends_with('/') {
        match base.rfind('/') {
            Some(i) => base.truncate(i + 1),
            None => base.push('/'),
        }
    }
    base
}

pub fn app_base() -> String {
    APP_BASE.with(|b| b.borrow().clone())
}

/// The path the app's routes live under: "/" or "/tin-tuc/" (the path part of
/// the app base, unless embedded).
pub fn base_path() -> String {
    let routes = ROUTE_BASE.with(|b| b.borrow().clone());
    if !routes.is_empty() {
        return routes;
    }
    let base = app_base();
    let after_scheme = crate::text::find_ignore_ascii_case(&base, "://")
        .and_then(|i| base.get(i + 3..))
        .unwrap_or(&base);
    // `get`, not `[i..]`: see text::decode_entities.
    match after_scheme.find('/').and_then(|i| after_scheme.get(i..)) {
        Some(path) => path.to_string(),
        None => "/".to_string(),
    }
}

/// `relative` resolved against `base`, if the result is an http(s) URL.
pub fn resolve(relative: &str, base: &str) -> Option<String> {
    let url = web_sys::Url::new_with_base(relative.trim(), base).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

/// `relative` resolved against the app base.
pub fn resolve_app(relative: &str) -> Option<String> {
    resolve(relative, &app_base())
}

/// One of the app's own files (offline.js, sw.js), resolved against the asset base.
pub fn resolve_asset(name: &str) -> Option<String> {
    let assets = ASSET_BASE.with(|b| b.borrow().clone());
    let base = if assets.is_empty() {
        app_base()
    } else {
        assets
    };
    resolve(name, &base)
}
