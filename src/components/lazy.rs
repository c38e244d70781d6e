//! A view whose code arrives in a lazily loaded chunk (`crate::lazy`):
//! `fallback` while the chunk is fetched (at once when it already has been),
//! then the view, built in place under this component's owner and context.
//! A chunk that cannot be fetched gives a page the usual error view with
//! "Thử lại"; a widget (`page` false) is an extra and just stays away.

use super::ErrorView;
use crate::erased::dynamic;
use crate::error::AppError;
use crate::lazy::{Load, Render};
use crate::platform::is_online;
use crate::state::FeedStore;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Lazy(
    load: Load,
    /// Shown until the chunk is there (e.g. a skeleton that keeps the layout).
    #[prop(optional, into)]
    fallback: ViewFn,
    /// A whole page: a failed fetch is explained, with a retry.
    #[prop(optional)]
    page: bool,
) -> impl IntoView {
    let state = RwSignal::new(None::<Result<Render, AppError>>);
    let fetch = move || {
        spawn_local(async move {
            let result = load().await.map_err(|_| {
                if is_online() {
                    AppError::Chunk
                } else {
                    AppError::Offline
                }
            });
            // The page may have moved on (and this component gone) meanwhile.
            state.try_set(Some(result));
        })
    };
    fetch();
    let retry = Callback::new(move |()| {
        state.set(None);
        fetch();
    });
    // One view type for the three states: each further type would be its own
    // build and rebuild code in the first load.
    dynamic(move || match state.get() {
        None => fallback.run(),
        Some(Ok(render)) => render(),
        Some(Err(error)) if page => view! { <ErrorView error on_retry=retry/> }.into_any(),
        Some(Err(_)) => ().into_any(),
    })
}

/// An extra (a widget the first list does not need) from its chunk, fetched
/// once the first list is in, so it never competes with it; `fallback` until
/// then.
#[component]
pub fn Extra(load: Load, #[prop(optional, into)] fallback: ViewFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    match crate::context::shared() {
        Some(s) => s.store.after_first_list(move || ready.set(true)),
        None => ready.set(true),
    }
    dynamic(move || {
        if ready.get() {
            view! { <Lazy load fallback=fallback.clone()/> }.into_any()
        } else {
            fallback.run()
        }
    })
}

/// Once the first list is in, fetches these chunks ahead of need: opening an
/// article is then instant, and still works if the network goes away (the
/// service worker keeps them for later visits).
pub fn prefetch(feed: FeedStore, loads: &'static [Load]) {
    feed.after_first_list(move || {
        // One at a time: each has the link to itself, and a chunk the reader
        // asks for meanwhile is not queued behind all of them.
        spawn_local(async move {
            for load in loads {
                let _ = load().await;
            }
        });
    });
}
