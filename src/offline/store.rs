//! The offline state, one context for the whole feature: the network (online
//! or not, a new version waiting) and the stored article copies (IndexedDB
//! through offline.js).

use super::error::StorageError;
use super::js;
use super::record::{self, SavedRecord, MAX_KEPT};
use crate::model::{Article, Content};
use crate::platform::{is_online, time::now_ms, url};
use crate::sanitize;
use crate::state::{Event, FeedStore};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Offline reading's state, made by [`start`] and shared with everything below
/// the portal (`context::Shared`).
#[derive(Clone, Copy)]
pub struct Offline {
    /// `navigator.onLine`, kept current by the online/offline events.
    pub online: RwSignal<bool>,
    /// A new version of the app is installed and waiting.
    pub update_ready: RwSignal<bool>,
    /// Every stored copy, without bodies, most recently stored first.
    pub records: RwSignal<Vec<SavedRecord>>,
    /// The list has been read (or reading failed).
    pub loaded: RwSignal<bool>,
    /// Reading the list failed: storage is unavailable.
    pub unavailable: RwSignal<bool>,
    /// The last failure to store, shown until dismissed.
    pub error: RwSignal<Option<Failure>>,
}

/// An action to try again ("Thử lại" in the offline bar).
pub type Retry = Arc<dyn Fn() + Send + Sync>;

/// A failure to store, and what "Thử lại" does again when trying again may
/// help (one signal for both: each signal type is code in the first load).
#[derive(Clone)]
pub struct Failure {
    pub error: StorageError,
    pub retry: Option<Retry>,
}

pub fn use_offline() -> Offline {
    crate::context::expect_shared().offline
}

/// `article` as stored: HTML sanitized (relative URLs made absolute against its
/// feed page), text as it is.
fn sanitized(article: &Article) -> Result<Article, StorageError> {
    let mut copy = article.clone();
    if let Content::Html(html) = &article.content {
        copy.content = Content::Html(
            sanitize::sanitize_to_html_with_base(html, article.base_url.as_deref())
                .map_err(|_| StorageError::Content)?,
        );
    }
    Ok(copy)
}

impl Offline {
    /// Fresh state: online as the browser says, nothing read from storage yet.
    pub fn new() -> Offline {
        Offline {
            online: RwSignal::new(is_online()),
            update_ready: RwSignal::new(false),
            records: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            unavailable: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Reads the list of records (without bodies); offline.js drops the
    /// oldest kept copies beyond [`MAX_KEPT`] on the way.
    pub fn refresh(self) {
        spawn_local(async move {
            match js::idb_list(MAX_KEPT).await {
                Ok(json) => {
                    self.records.set(record::parse_list(&json));
                    self.unavailable.set(false);
                }
                Err(_) => self.unavailable.set(true),
            }
            self.loaded.set(true);
        });
    }

    /// The stored articles (saved and kept), without their bodies (tracked):
    /// what search finds offline.
    pub fn stored_articles(self) -> Vec<Article> {
        self.records
            .with(|r| r.iter().map(|r| r.article.clone()).collect())
    }

    /// Says why storing failed (the offline bar); `retry`, when loading the
    /// code failed, is what "Thử lại" does again.
    pub fn fail(self, error: StorageError, retry: Option<Retry>) {
        let retry = retry.filter(|_| error.is_retryable());
        self.error.set(Some(Failure { error, retry }));
    }

    /// The failure seen: the bar's line goes away.
    pub fn dismiss(self) {
        self.error.set(None);
    }

    /// The stored copy of an article, if there is one.
    pub async fn copy(self, id: &str) -> Option<Article> {
        let json = js::idb_get(id).await.ok().flatten()?;
        SavedRecord::from_json(&json).map(|r| r.article)
    }

    /// Stores `article` (sanitized) as saved, or as a copy kept automatically —
    /// which never turns a saved record back into a kept one (offline.js sees
    /// to that) — and has the service worker keep its images. The work is
    /// done by [`Offline::write`], in the lazily loaded `pages` chunk.
    pub async fn store(self, article: &Article, saved: bool) -> Result<(), StorageError> {
        let write = crate::lazy::offline_write()
            .await
            .map_err(|_| StorageError::Chunk)?;
        write(self, article.clone(), saved).await
    }

    /// What [`Offline::store`] does, once the `pages` chunk is there.
    pub fn write(
        self,
        article: Article,
        saved: bool,
    ) -> Pin<Box<dyn Future<Output = Result<(), StorageError>>>> {
        Box::pin(async move {
            let mut rec = SavedRecord {
                saved,
                saved_at: now_ms(),
                article: sanitized(&article)?,
            };
            js::idb_put(&rec.to_json(), &record::image_urls(&rec.article))
                .await
                .map_err(StorageError::from)?;
            rec.article.content = Content::None;
            self.records.update(|list| {
                let old = list.iter().position(|r| r.id() == rec.id());
                // A saved record stays as it was (saved, with its time and place).
                if old
                    .and_then(|i| list.get(i))
                    .is_some_and(|r| r.saved && !rec.saved)
                {
                    return;
                }
                if let Some(i) = old {
                    list.remove(i);
                }
                list.insert(0, rec);
            });
            Ok(())
        })
    }

    /// Deletes these copies (unsaving deletes the saved copy).
    pub fn remove(self, ids: Vec<String>) {
        spawn_local(async move {
            match js::idb_delete(&ids).await {
                Ok(()) => self
                    .records
                    .update(|l| l.retain(|r| !ids.iter().any(|id| id == r.id()))),
                Err(e) => self.fail(e.into(), None),
            }
        });
    }

    /// Saves or unsaves ("Lưu bài" / "Đã lưu"); unsaving deletes the copy.
    pub fn toggle(self, article: &Article) {
        self.toggle_with(article.id.clone(), Some(article.clone()));
    }

    /// What [`Offline::on_click`] does, once the `pages` chunk is there:
    /// [`Offline::toggle`] for an article of the list.
    pub fn toggle_id(self, feed: FeedStore, id: String) {
        let article = feed.with_untracked(|feed| feed.find(&id).cloned());
        self.toggle_with(id, article);
    }

    fn toggle_with(self, id: String, article: Option<Article>) {
        let again = (id.clone(), article.clone());
        spawn_local(async move {
            let saved = if self.loaded.get_untracked() {
                self.is_saved_untracked(&id)
            } else {
                // The stored records are not read yet, so every button says
                // "Lưu bài": the click means "save", which an article saved
                // before already is (saving it again would move it to the top
                // of "Đã lưu").
                let stored = js::idb_get(&id).await.ok().flatten();
                if stored
                    .and_then(|json| SavedRecord::from_json(&json))
                    .is_some_and(|r| r.saved)
                {
                    return self.refresh();
                }
                false
            };
            if saved {
                return self.remove(vec![id]);
            }
            if let Some(article) = article {
                js::persist();
                if let Err(e) = self.store(&article, true).await {
                    let (id, article) = again;
                    let retry: Retry =
                        Arc::new(move || self.toggle_with(id.clone(), article.clone()));
                    self.fail(e, Some(retry));
                }
            }
        });
    }

    /// Whether the reader saved this article, as of now (not tracked).
    pub fn is_saved_untracked(&self, id: &str) -> bool {
        self.records
            .with_untracked(|list| list.iter().any(|r| r.saved && r.id() == id))
    }
}

/// Sets `aria-pressed` of the save buttons shown (a card's, `data-bt-save`;
/// the article page's, `data-bt-article`) from the stored records.
pub fn sync_save_buttons(records: &[SavedRecord]) {
    for button in crate::platform::root::query_all(".bt-save") {
        let Some(id) = button
            .get_attribute("data-bt-save")
            .or_else(|| button.get_attribute("data-bt-article"))
        else {
            continue;
        };
        let saved = records.iter().any(|r| r.saved && r.id() == id);
        let _ = button.set_attribute("aria-pressed", if saved { "true" } else { "false" });
    }
}

/// How long after the `online` event the list is fetched again.
const REFRESH_DELAY_MS: u64 = 1500;

/// Sets up offline reading for the portal: makes [`Offline`] at once (the
/// list's save buttons read it), and once the first list is in, has the
/// `pages` chunk do the rest ([`Offline::run`]).
pub fn start(service_worker: bool, feed: FeedStore) -> Offline {
    let offline = Offline::new();
    feed.after_first_list(move || run_from_chunk(offline, service_worker, feed, 0));
    offline
}

/// How many times, and how far apart (doubling), fetching the `offline`
/// chunk is tried again when it fails (a flaky network after the first list).
const CHUNK_RETRIES: u32 = 6;
const CHUNK_RETRY_MS: u64 = 2000;

fn run_from_chunk(offline: Offline, service_worker: bool, feed: FeedStore, retry: u32) {
    spawn_local(async move {
        match crate::lazy::offline_start().await {
            Ok(run) => run(offline, service_worker, feed),
            Err(_) if retry < CHUNK_RETRIES => set_timeout(
                move || run_from_chunk(offline, service_worker, feed, retry + 1),
                std::time::Duration::from_millis(CHUNK_RETRY_MS << retry),
            ),
            Err(_) => crate::platform::warn("offline: its code could not be loaded"),
        }
    })
}

impl Offline {
    /// Offline reading once the first list is in (the `pages` chunk): reads
    /// the stored copies, follows online/offline (refreshing the list when
    /// the network returns), keeps the list's save buttons in step, and
    /// registers the service worker — unless config.json says
    /// `"offline": {"service_worker": false}`, in which case a worker left
    /// from before is unregistered.
    pub fn run(self, service_worker: bool, feed: FeedStore) {
        let offline = self;
        offline.follow_save_buttons();
        offline.refresh();
        // What the network did while this chunk was on its way.
        offline.online.set(is_online());

        let on_change = move |_: web_sys::Event| {
            let online = is_online();
            offline.online.set(online);
            if online {
                // A moment's grace: a connection often says "online" before it
                // carries traffic (and the service worker hears of it after the
                // page); asked at once, the list would come from the cache.
                set_timeout(
                    move || {
                        if !offline.online.get_untracked() {
                            return;
                        }
                        // The list again, and a deep link that failed to
                        // page through the feed may try again.
                        feed.dispatch(Event::Online);
                    },
                    std::time::Duration::from_millis(REFRESH_DELAY_MS),
                );
            }
        };
        // The app lives as long as the page; keep the listeners.
        std::mem::forget(window_event_listener(leptos::ev::online, on_change));
        std::mem::forget(window_event_listener(leptos::ev::offline, on_change));

        // A guest in a portal's page leaves its service worker to the portal:
        // the page and its scope are the host's (docs/embed.md).
        if crate::platform::root::embedded() {
            return;
        }
        let scope = url::app_base();
        if !service_worker {
            js::sw_unregister(&scope);
            return;
        }
        if let Some(worker) = url::resolve_asset("sw.js") {
            let on_update = Closure::<dyn Fn()>::new(move || offline.update_ready.set(true));
            js::sw_register(&worker, &scope, on_update.as_ref().unchecked_ref());
            on_update.forget();
        }
    }

    /// Keeps every save button shown in step with the records, for the
    /// app's life: one effect, where a reactive `aria-pressed` a button
    /// would leave a subscriber in `records` with every page (docs/perf.md,
    /// "Memory"). A button drawn later starts from the records as they are.
    pub fn follow_save_buttons(self) {
        crate::erased::effect(move || {
            self.records.track();
            // In a task of its own, after this change's renders: a list drawn
            // again (the saved page's) gives its buttons to other articles,
            // and Leptos writes `aria-pressed` only where its own value changed.
            set_timeout(
                move || self.records.with_untracked(|list| sync_save_buttons(list)),
                std::time::Duration::ZERO,
            );
        });
    }

    /// A click anywhere in the portal (its one listener): on a card's save
    /// button, save or unsave that article, in the `pages` chunk.
    pub fn on_click(self, ev: &web_sys::MouseEvent, feed: FeedStore) {
        let Some(id) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("[data-bt-save]").ok().flatten())
            .and_then(|button| button.get_attribute("data-bt-save"))
        else {
            return;
        };
        self.save_click(feed, id);
    }

    /// A card's save button pressed, through the `pages` chunk; its
    /// failing to load is said, with "Thử lại" for the same click.
    fn save_click(self, feed: FeedStore, id: String) {
        spawn_local(async move {
            match crate::lazy::offline_click().await {
                Ok(toggle) => toggle(self, feed, id),
                Err(_) => {
                    let retry: Retry = Arc::new(move || self.save_click(feed, id.clone()));
                    self.fail(StorageError::Chunk, Some(retry));
                }
            }
        });
    }
}

impl Default for Offline {
    fn default() -> Self {
        Offline::new()
    }
}
