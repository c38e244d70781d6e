//! The visitor box of a build without the `visitors` feature: the same names
//! as `visitor_box`, doing nothing (`stats` in config.json is ignored).

use crate::config::Config;
use crate::router::Router;
use crate::state::FeedStore;
use leptos::prelude::*;
use std::sync::Arc;

/// Counts nothing; the box is not shown.
pub fn start_visitors(
    _config: Arc<Config>,
    _router: Router,
    _feed: FeedStore,
) -> Option<RwSignal<crate::stats::Visitors>> {
    None
}

#[component]
pub fn VisitorBox() -> impl IntoView {}

#[component]
pub fn ViewCount(path: String) -> impl IntoView {
    let _ = path;
}
