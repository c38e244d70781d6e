//! Offline reading in a build without the `offline` feature: the same names as
//! `store` and `views`, storing nothing. Pages keep one code path: an article
//! has no stored copy, the save and download controls are absent, and the
//! "Đã lưu" route is not there (see `SAVED_PAGE`). No service worker is
//! registered, and one left from an earlier build is left alone.

use crate::components::ErrorView;
use crate::error::AppError;
use crate::model::Article;
use crate::platform::is_online;
use crate::state::FeedStore;
use leptos::prelude::*;

/// Whether this build has the saved page (and the header's link to it).
pub const SAVED_PAGE: bool = false;

/// Never produced: nothing is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageError {}

/// What the article page asks of offline reading: whether the browser is online.
#[derive(Clone, Copy)]
pub struct Offline {
    pub online: RwSignal<bool>,
}

pub fn use_offline() -> Offline {
    use_context::<Offline>().unwrap_or_else(|| Offline {
        online: RwSignal::new(is_online()),
    })
}

impl Offline {
    /// There is no stored copy.
    pub async fn copy(self, _id: &str) -> Option<Article> {
        None
    }
    /// Keeps nothing.
    pub async fn store(self, _article: &Article, _saved: bool) -> Result<(), StorageError> {
        Ok(())
    }
}

/// Follows online/offline for the article page's messages.
pub fn start(_service_worker: bool, _feed: FeedStore) {
    let offline = Offline {
        online: RwSignal::new(is_online()),
    };
    provide_context(offline);
    let on_change = move |_: web_sys::Event| offline.online.set(is_online());
    std::mem::forget(window_event_listener(leptos::ev::online, on_change));
    std::mem::forget(window_event_listener(leptos::ev::offline, on_change));
}

#[component]
pub fn OfflineBar() -> impl IntoView {}

#[component]
pub fn DownloadBar() -> impl IntoView {}

#[component]
pub fn SaveButton(article: Article) -> impl IntoView {
    let _ = article;
}

/// Offline, and the article is not in the cached feed: the plain offline error.
#[component]
pub fn OfflineMissing() -> impl IntoView {
    view! { <ErrorView error=AppError::Offline/> }
}

pub async fn storage_used() -> Option<u64> {
    None
}
