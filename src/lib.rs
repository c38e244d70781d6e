//! bantin: a news reader for the browser.
//!
//! Data flows one way: `config` says where the news is → `source` fetches and
//! parses it into `model` types → `state` keeps what was loaded → `pages` and
//! `components` render it. Browser APIs sit behind `platform`, `router` and
//! `sanitize::dom`, so the rest is pure Rust with native tests.

pub mod ads;
pub mod comments;
pub mod config;
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub mod context;
pub mod error;
pub mod format;
pub mod i18n;
pub mod json;
pub mod model;
pub mod offline;
pub mod router;
pub mod sanitize;
pub mod search;
pub mod sections;
pub mod share;
pub mod source;
pub mod stats;
pub mod text;

#[cfg(all(target_arch = "wasm32", feature = "views"))]
mod app;
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub mod components;
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub mod erased;
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub mod lazy;
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub mod pages;
pub mod platform;
pub mod prefs;
pub mod state;
pub mod widgets;

/// Mounts the app into `#bantin` (or `<body>`), with its base URL taken from
/// that element's `data-base` attribute, else from `document.baseURI`.
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub fn start() {
    app::start();
}

#[cfg(not(all(target_arch = "wasm32", feature = "views")))]
pub fn start() {}

/// Mounts the reader in a `<bantin-news>` element's shadow root (src/embed.js).
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub fn embed(mount: web_sys::HtmlElement, config: &str, routes: &str, assets: &str) {
    app::embed(mount, config, routes, assets);
}
