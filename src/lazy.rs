//! Lazily loaded chunks: code a first visit does not need stays out of the
//! first download (the first-load budget: docs/size.md).
//!
//! With the `split` feature (added by scripts/build.sh, the release build)
//! each entry point below is a Leptos/wasm-split split point: the build
//! (scripts/tools/wasm-bindgen) cuts its body, and everything only it
//! reaches, into a chunk the browser fetches on the first call. Without the
//! feature (`trunk serve`, and cargo's own builds: native and wasm tests,
//! clippy) the same entry points are ordinary functions behind the same async
//! call, so the app behaves the same either way.
//!
//! An entry point hands back a [`Render`] — a plain function pointer into its
//! chunk — that `components::Lazy` calls to build the view in place, under
//! the caller's reactive owner and context. How the chunks are fetched,
//! cached for offline use and what happens when one cannot be: docs/size.md.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// Builds a view whose code lives in a chunk.
pub type Render = fn() -> AnyView;

/// A future of the app; for an entry point: its chunk fetched (the first
/// time), then what the chunk hands back.
pub type Fetch<T, E = SplitLoaderError> = Pin<Box<dyn Future<Output = Result<T, E>>>>;

/// Fetches the chunk of a view's entry point.
pub type Load = fn() -> Fetch<Render>;

/// Declares the entry point `$name` of chunk `$chunk`: a function returning a
/// [`Fetch`] of `$value`, whose code (and all only it reaches) is in the chunk.
macro_rules! entry {
    ($(#[$doc:meta])* $name:ident in $chunk:ident: $ty:ty = $value:expr) => {
        $(#[$doc])*
        pub fn $name() -> Fetch<$ty> {
            #[cfg(feature = "split")]
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = leptos::wasm_split, fallible)]
            fn value() -> Result<$ty, SplitLoaderError> {
                Ok($value)
            }
            #[cfg(not(feature = "split"))]
            async fn value() -> Result<$ty, SplitLoaderError> {
                Ok($value)
            }
            Box::pin(value())
        }
    };
}

// ---- pages: fetched once the first list is in (`PAGES`, and the extras
// below), or at once when the reader opens one first.
//
// Four chunks, not one a concern: wasm-split gives the code that several
// chunks share a file for each set of chunks that shares it, and every such
// file is a round trip (six at a time on HTTP/1.1). A shared article link
// fetched 47 files before its text with nine chunks, 14 with five
// (docs/perf.md, session 12), and 6 with these four (session 13). What
// loads after the first list is one chunk, `pages`: the other pages
// (sections, tags, "Đã lưu", search) and the extras that follow the first
// screen (offline reading, the counter client, the ads' creatives).

entry! {
    /// The article page: the article, its sanitized body, related articles.
    article_page in article: Render = crate::pages::article_page
}

/// What goes below an article: its comments and related articles.
pub type RenderMore = fn(crate::model::Article, Option<crate::source::CommentsAt>) -> AnyView;

entry! {
    /// Below an article (`pages::article_more`): its comments and "Tin liên
    /// quan", after the article's first screen.
    article_more in article_more: RenderMore = crate::pages::article_more
}

#[cfg(feature = "offline")]
entry! {
    /// "Đã lưu": the saved articles and the storage they use.
    saved_page in pages: Render = crate::pages::saved_page
}

entry! {
    /// A section's list and a tag's list (`pages::list_page`).
    list_page in pages: Render = crate::pages::list_page
}

entry! {
    /// A WordPress site's categories as links of the navigation, for a
    /// source without `sections` in config.json (`pages::site_sections`).
    site_sections in pages: Render = crate::pages::site_sections
}

/// The pages' chunks, fetched ahead once the first list is in. Search is
/// not among them: it comes when the reader first focuses the box; nor is
/// `article_more` (below an article, after its first screen): fetching and
/// compiling it ahead was main-thread work right after the first list.
#[cfg(feature = "offline")]
pub const PAGES: &[Load] = &[article_page, list_page, saved_page];
#[cfg(not(feature = "offline"))]
pub const PAGES: &[Load] = &[article_page, list_page];

entry! {
    /// The search page: what the browser has at once, then the source's own
    /// search (`pages::search_page`).
    search_page in pages: Render = crate::pages::search_page
}

entry! {
    /// The header's search box as you type (`pages::search_box`): fetched on
    /// the box's first focus.
    search_box in pages: fn(web_sys::HtmlFormElement, crate::router::Router) =
        crate::pages::search_box
}

// ---- extras (in `pages`): fetched once the first list is in.

/// A slot's creative in its reserved box, and what makes it count
/// (`components::ad_creative`).
#[cfg(feature = "ads")]
pub type RenderAd = fn(
    crate::components::Ad,
    web_sys::Element,
    crate::components::AdsContext,
    &'static crate::i18n::Strings,
) -> Box<dyn std::any::Any>;

#[cfg(feature = "ads")]
entry! {
    /// The ads' creatives, impressions and clicks.
    ads in pages: RenderAd = crate::components::ad_live_slot
}

#[cfg(feature = "visitors")]
entry! {
    /// The counter client: page hits, heartbeats and the visitor box's live
    /// figures (`stats::client::start`).
    visitors in pages: fn(&crate::config::Config, crate::router::Router) -> bool =
        crate::stats::client::start
}

#[cfg(feature = "offline")]
entry! {
    /// The offline bar (offline, a new version, a storage failure).
    offline_bar in pages: Render = crate::offline::offline_bar
}

#[cfg(feature = "offline")]
entry! {
    /// "Tải về đọc offline".
    download_bar in pages: Render = crate::offline::download_bar
}

/// Stores an article for offline reading (`offline::Offline::write`).
#[cfg(feature = "offline")]
pub type OfflineWrite = fn(
    crate::offline::Offline,
    crate::model::Article,
    bool,
) -> Fetch<(), crate::offline::StorageError>;

#[cfg(feature = "offline")]
entry! {
    /// Storing an article: sanitized to HTML, written to IndexedDB (saving,
    /// "Tải về đọc offline", and the copy of every article read).
    offline_write in pages: OfflineWrite = crate::offline::Offline::write
}

#[cfg(feature = "offline")]
entry! {
    /// Offline reading once the first list is in: the stored copies, the
    /// network's comings and goings, the service worker (`Offline::run`).
    offline_start in pages: fn(crate::offline::Offline, bool, crate::state::FeedStore) =
        crate::offline::Offline::run
}

#[cfg(feature = "offline")]
entry! {
    /// A card's "Lưu bài" / "Đã lưu" pressed: save (as `offline_write`) or
    /// unsave (`Offline::toggle_id`).
    offline_click in pages: fn(crate::offline::Offline, crate::state::FeedStore, String) =
        crate::offline::Offline::toggle_id
}

/// WordPress's REST client (`source::wordpress_client::fetch`).
pub type WordPressFetch = fn(
    String,
    u32,
    crate::source::wordpress_client::Ask,
    Option<crate::platform::http::Abort>,
) -> crate::source::wordpress_client::Answering;

entry! {
    /// The WordPress source: its URL forms, requests and parsing. Fetched
    /// when config.json names a WordPress source, never otherwise.
    wordpress in wordpress: WordPressFetch = crate::source::wordpress_client::fetch
}
