//! The loaded news, shared by every page through context.
//!
//! Pages are appended as the reader asks for more ("Xem thêm"), so going back
//! from an article finds the list exactly as long as it was, and the scroll
//! position can be restored.

use crate::error::AppError;
use crate::model::{Article, FeedPage};
use crate::source::Source;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How far an article deep link may page through the feed looking for its item.
pub const MAX_PAGES_FOR_DEEP_LINK: usize = 5;

/// Items shown at first and added by each "Xem thêm". A feed page may hold
/// thousands of items; rendering them all at once costs seconds on a cheap
/// phone, so the list reveals what is loaded in steps before fetching more.
pub const LIST_STEP: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadState {
    Idle,
    Loading,
    Done,
    Failed(AppError),
}

#[derive(Clone, Copy)]
pub struct FeedStore {
    pub source: StoredValue<Source>,
    pub articles: RwSignal<Vec<Article>>,
    pub next_url: RwSignal<Option<String>>,
    /// State of the first page.
    pub first: RwSignal<LoadState>,
    /// State of the latest "load more".
    pub more: RwSignal<LoadState>,
    /// Broken items dropped so far.
    pub skipped: RwSignal<usize>,
    /// Pages loaded so far (for deep links looking for their article).
    pub pages: RwSignal<usize>,
    /// How many of the loaded articles the list shows.
    pub visible: RwSignal<usize>,
    /// The first page has been answered (loaded or failed) at least once: what
    /// must not compete with the first list (the extras in lazily loaded
    /// chunks, the service worker's downloads) starts then.
    pub settled: RwSignal<bool>,
}

impl FeedStore {
    pub fn new(source: Source) -> FeedStore {
        FeedStore {
            source: StoredValue::new(source),
            articles: RwSignal::new(Vec::new()),
            next_url: RwSignal::new(None),
            first: RwSignal::new(LoadState::Idle),
            more: RwSignal::new(LoadState::Idle),
            skipped: RwSignal::new(0),
            pages: RwSignal::new(0),
            visible: RwSignal::new(LIST_STEP),
            settled: RwSignal::new(false),
        }
    }

    /// Whether "Xem thêm" has anything to show: loaded but hidden items, or a next page.
    pub fn has_more(&self) -> bool {
        self.visible.get() < self.articles.with(Vec::len) || self.next_url.with(Option::is_some)
    }

    /// "Xem thêm": reveal the next step of loaded items, fetching the next
    /// page only when what is loaded has run out.
    pub fn show_more(&self) {
        let loaded = self.articles.with_untracked(Vec::len);
        let visible = self.visible.get_untracked();
        if visible + LIST_STEP <= loaded || self.next_url.with_untracked(Option::is_none) {
            self.visible
                .set((visible + LIST_STEP).min(loaded.max(visible)));
        } else {
            self.visible.set(visible + LIST_STEP);
            self.load_more();
        }
    }

    fn append(&self, page: FeedPage) {
        self.articles.update(|list| {
            for item in page.items {
                if !list.iter().any(|a| a.id == item.id) {
                    list.push(item);
                }
            }
        });
        self.skipped.update(|n| *n += page.skipped);
        self.next_url.set(page.next_url);
        self.pages.update(|n| *n += 1);
    }

    /// Loads (or reloads, for "Thử lại") the first page.
    pub fn load_first(&self) {
        if self.first.get_untracked() == LoadState::Loading {
            return;
        }
        let store = *self;
        store.first.set(LoadState::Loading);
        spawn_local(async move {
            let source = store.source.get_value();
            match source.fetch_page(source.first_page()).await {
                Ok(page) => {
                    store.articles.set(Vec::new());
                    store.skipped.set(0);
                    store.pages.set(0);
                    store.visible.set(LIST_STEP);
                    store.append(page);
                    store.first.set(LoadState::Done);
                }
                Err(e) => store.first.set(LoadState::Failed(e)),
            }
            if !store.settled.get_untracked() {
                store.settled.set(true);
            }
        });
    }

    /// Loads the next page, if there is one and nothing is loading.
    pub fn load_more(&self) {
        let Some(url) = self.next_url.get_untracked() else {
            return;
        };
        if self.more.get_untracked() == LoadState::Loading {
            return;
        }
        let store = *self;
        store.more.set(LoadState::Loading);
        spawn_local(async move {
            let source = store.source.get_value();
            match source.fetch_page(&url).await {
                Ok(page) => {
                    store.append(page);
                    store.more.set(LoadState::Done);
                }
                Err(e) => store.more.set(LoadState::Failed(e)),
            }
        });
    }

    /// Runs `f` once the first page has been answered (`settled`), at once if
    /// it has been: for what must not compete with the first list.
    pub fn after_first_list(&self, f: impl FnOnce() + 'static) {
        self.after_first_list_boxed(Box::new(f));
    }

    // One instance for every caller (code size).
    fn after_first_list_boxed(&self, f: Box<dyn FnOnce()>) {
        let settled = self.settled;
        let mut f = Some(f);
        crate::erased::effect(move || {
            if settled.get() {
                if let Some(f) = f.take() {
                    // In a task of its own: after the list's own effects have
                    // put it on the page.
                    set_timeout(f, std::time::Duration::ZERO);
                }
            }
        });
    }

    pub fn find(&self, id: &str) -> Option<Article> {
        self.articles
            .with(|list| list.iter().find(|a| a.id == id).cloned())
    }
}
