//! The feed state's Leptos shell, shared by every page through context: one
//! signal holding the pure [`FeedState`], one writer ([`FeedStore::dispatch`])
//! that runs [`FeedState::next`] and carries out its effects (fetching pages,
//! aborting requests nobody needs any more).

use super::feed::{Effect, Event, FeedState, RequestId};
use crate::model::Article;
use crate::platform::http::Abort;
use crate::source::Source;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct FeedStore {
    source: StoredValue<Source>,
    /// Read and written through two halves, not one `RwSignal`: a write
    /// through the `WriteSignal` clears the subscribers it notifies (the
    /// live ones subscribe again as they re-run), where an `RwSignal` keeps
    /// the dropped effects of every page that read it (reactive_graph 0.2;
    /// docs/perf.md, "Memory"). The state is written on every article
    /// opened and left, so a page's effects go soon after the page.
    state: ReadSignal<FeedState>,
    set_state: WriteSignal<FeedState>,
    /// The requests in flight, each with what cancels it.
    requests: StoredValue<Vec<(RequestId, Abort)>, LocalStorage>,
}

impl FeedStore {
    pub fn new(source: Source) -> FeedStore {
        let first = source.first_page().to_string();
        FeedStore::starting_at(source, first)
    }

    /// A list of `source` whose first page is `first_url` (a section's).
    pub fn starting_at(source: Source, first_url: String) -> FeedStore {
        let (state, set_state) = signal(FeedState::new(first_url));
        FeedStore {
            state,
            set_state,
            source: StoredValue::new(source),
            requests: StoredValue::new_local(Vec::new()),
        }
    }

    /// Reads the state (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&FeedState) -> R) -> R {
        self.state.with(f)
    }

    /// Reads the state (not tracked).
    pub fn with_untracked<R>(&self, f: impl FnOnce(&FeedState) -> R) -> R {
        self.state.with_untracked(f)
    }

    /// The one writer: the state moves on with `event`, and its effects are
    /// carried out. Quiet once the portal is gone.
    pub fn dispatch(&self, event: Event) {
        let effects = self
            .set_state
            .try_update(|s| s.next(event))
            .unwrap_or_default();
        for effect in effects {
            match effect {
                Effect::Fetch { request, url } => self.fetch(request, url),
                Effect::Abort(request) => {
                    self.requests.try_update_value(|list| {
                        if let Some(i) = list.iter().position(|(r, _)| *r == request) {
                            list.swap_remove(i).1.abort();
                        }
                    });
                }
            }
        }
    }

    fn fetch(&self, request: RequestId, url: String) {
        let store = *self;
        // Known at once, so that an abort that comes before the task runs
        // finds it (the fetch then fails at once).
        let abort = Abort::new();
        self.requests
            .update_value(|list| list.push((request, abort.clone())));
        spawn_local(async move {
            let source = store.source.get_value();
            let page = source.fetch_page(&url, Some(&abort)).await;
            store
                .requests
                .try_update_value(|list| list.retain(|(r, _)| *r != request));
            store.dispatch(Event::Answered { request, page });
        });
    }

    /// Runs `f` once the first page has been answered (`settled`) and the
    /// list's lead image has arrived (`platform::lead_image`), at once if
    /// they have: for what must not compete with the first screen.
    pub fn after_first_list(&self, f: impl FnOnce() + 'static) {
        self.after_first_list_boxed(Box::new(f));
    }

    // One instance for every caller (code size).
    fn after_first_list_boxed(&self, f: Box<dyn FnOnce()>) {
        let state = self.state;
        // Already settled (every page after the first): no effect. A page's
        // effect that read `state` would stay in its subscribers after the
        // page is gone (reactive_graph keeps a dropped effect's entry in an
        // `RwSignal`'s set), a few bytes each navigation (docs/perf.md).
        if state.with_untracked(FeedState::settled) {
            return after_a_task(f);
        }
        let mut f = Some(f);
        crate::erased::effect(move || {
            if state.with(FeedState::settled) {
                if let Some(f) = f.take() {
                    after_a_task(f);
                }
            }
        });
    }

    /// Where the articles come from.
    pub fn source(&self) -> Source {
        self.source.get_value()
    }

    /// The loaded article with this id (tracked).
    pub fn find(&self, id: &str) -> Option<Article> {
        self.state.with(|s| s.find(id).cloned())
    }
}

/// Runs `f` in a task of its own, after the list's own effects have put it
/// (and its lead image) on the page.
fn after_a_task(f: Box<dyn FnOnce()>) {
    set_timeout(
        move || crate::platform::lead_image::after_lead_image(f),
        std::time::Duration::ZERO,
    );
}
