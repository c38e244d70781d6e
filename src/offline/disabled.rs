//! Offline reading in a build without the `offline` feature: the same names as
//! `store` and `views`, storing nothing. Pages keep one code path: an article
//! has no stored copy, the save and download controls are absent, and the
//! "Đã lưu" route is not there (see `SAVED_PAGE`). No service worker is
//! registered, and one left at the app's scope by an earlier build is removed:
//! it would go on answering from its caches for an app that no longer shows
//! anything about offline reading.

use super::StorageError;
use crate::components::ErrorView;
use crate::error::AppError;
use crate::model::Article;
use crate::platform::is_online;
use crate::state::FeedStore;
use leptos::prelude::*;

/// Whether this build has the saved page (and the header's link to it).
pub const SAVED_PAGE: bool = false;

/// What the article page asks of offline reading: whether the browser is online.
#[derive(Clone, Copy)]
pub struct Offline {
    pub online: RwSignal<bool>,
}

pub fn use_offline() -> Offline {
    crate::context::shared()
        .map(|s| s.offline)
        .unwrap_or_else(|| Offline {
            online: RwSignal::new(is_online()),
        })
}

impl Offline {
    /// No save buttons: nothing to do.
    pub fn on_click(self, _ev: &web_sys::MouseEvent, _feed: FeedStore) {}

    /// Nothing is stored.
    pub fn stored_articles(self) -> Vec<Article> {
        Vec::new()
    }

    /// There is no stored copy.
    pub async fn copy(self, _id: &str) -> Option<Article> {
        None
    }
    /// Keeps nothing.
    pub async fn store(self, _article: &Article, _saved: bool) -> Result<(), StorageError> {
        Ok(())
    }
}

/// Follows online/offline for the article page's messages, and removes a
/// worker an earlier build registered.
pub fn start(_service_worker: bool, _feed: FeedStore) -> Offline {
    unregister_worker(&crate::platform::url::app_base());
    let offline = Offline {
        online: RwSignal::new(is_online()),
    };
    let on_change = move |_: web_sys::Event| offline.online.set(is_online());
    std::mem::forget(window_event_listener(leptos::ev::online, on_change));
    std::mem::forget(window_event_listener(leptos::ev::offline, on_change));
    offline
}

/// `navigator.serviceWorker.getRegistration(scope)` and `unregister()`, through
/// `Reflect` (two calls do not earn the web-sys features or offline.js).
/// Best effort: every failure is ignored.
fn unregister_worker(scope: &str) {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    fn call(target: &JsValue, name: &str, arg: &JsValue) -> Option<Promise> {
        let f: Function = Reflect::get(target, &name.into()).ok()?.dyn_into().ok()?;
        f.call1(target, arg).ok()?.dyn_into().ok()
    }
    let scope = scope.to_string();
    leptos::task::spawn_local(async move {
        let Ok(container) = Reflect::get(&window().navigator(), &"serviceWorker".into()) else {
            return;
        };
        if container.is_undefined() {
            return;
        }
        let Some(found) = call(&container, "getRegistration", &JsValue::from_str(&scope)) else {
            return;
        };
        let Ok(registration) = JsFuture::from(found).await else {
            return;
        };
        let same_scope = Reflect::get(&registration, &"scope".into())
            .ok()
            .and_then(|s| s.as_string())
            .is_some_and(|s| s == scope);
        if let Some(done) = same_scope
            .then(|| call(&registration, "unregister", &JsValue::UNDEFINED))
            .flatten()
        {
            let _ = JsFuture::from(done).await;
        }
    });
}

#[component]
pub fn OfflineBar() -> impl IntoView {}

#[component]
pub fn DownloadBar() -> impl IntoView {}

#[component]
pub fn SaveButton(article: Article) -> impl IntoView {
    let _ = article;
}

#[component]
pub fn CardSaveButton(id: String, title: String) -> impl IntoView {
    let _ = (id, title);
}

/// Offline, and the article is not in the cached feed: the plain offline error.
#[component]
pub fn OfflineMissing() -> impl IntoView {
    view! { <ErrorView error=AppError::Offline/> }
}

pub async fn storage_used() -> Option<u64> {
    None
}
