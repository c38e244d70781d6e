//! URLs: the app's base, and resolution of relative URLs.
//!
//! The base is where index.html is served (`document.baseURI`, which Trunk's
//! `<base data-trunk-public-url>` sets), or the `data-base` attribute of the
//! mount element when bantin is embedded in another page. Resolution uses the
//! browser's own `URL` — zero bytes of wasm, and exactly the browser's rules.

use std::cell::RefCell;

thread_local! {
    static APP_BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records the app base (an absolute URL ending in `/`). Called once at start-up.
pub fn set_app_base(base: &str) {
    let mut base = base.split(['?', '#']).next().unwrap_or("").to_string();
    if !base.ends_with('/') {
        // "…/index.html" → "…/"
        match base.rfind('/') {
            Some(i) => base.truncate(i + 1),
            None => base.push('/'),
        }
    }
    APP_BASE.with(|b| *b.borrow_mut() = base);
}

pub fn app_base() -> String {
    APP_BASE.with(|b| b.borrow().clone())
}

/// The path part of the app base: "/" or "/tin-tuc/".
pub fn base_path() -> String {
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
