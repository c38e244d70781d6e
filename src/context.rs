//! What the portal shares with everything below it — the configuration,
//! the feed, the router and offline reading — provided once, as one context.
//!
//! One context type rather than one per handle: each type looked up costs
//! its own copy of Leptos' context code in the first load (docs/size.md).

use crate::config::Config;
use crate::offline::Offline;
use crate::router::Router;
use crate::state::FeedStore;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone)]
pub struct Shared {
    pub config: Arc<Config>,
    pub store: FeedStore,
    pub router: Router,
    pub offline: Offline,
    /// The ad slots' picks (`components::load_ads`).
    #[cfg(feature = "ads")]
    pub ads: crate::components::AdsContext,
    /// The visitor figures, with a counter service (`components::start_visitors`).
    pub visitors: Option<RwSignal<crate::stats::Visitors>>,
}

/// The portal's shared handles; `None` outside the portal (the start-up
/// skeleton, a broken config.json's message, component tests).
pub fn shared() -> Option<Shared> {
    use_context::<Shared>()
}

/// The portal's shared handles. Missing, it is a wiring mistake in the app,
/// never bad input: a plain panic. (Leptos' `expect_context` would say the
/// same, but its message formats the type's name with `{:?}`, which brings
/// string-escaping code into the wasm: docs/size.md.)
#[track_caller]
pub fn expect_shared() -> Shared {
    shared().expect("bantin: the portal's context is missing")
}

/// The feed, for pages and widgets inside the portal.
#[track_caller]
pub fn use_store() -> FeedStore {
    expect_shared().store
}
