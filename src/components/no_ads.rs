//! The ad slots of a build without the `ads` feature: the same names as
//! `ad_slot`, doing nothing, so pages need no `cfg` of their own. Such a build
//! is what `scripts/feature-size.sh` compares against to report the bytes ads add.

use crate::ads::Placement;
use leptos::prelude::*;

/// Ignores the `ads` config.
pub fn load_ads(_config: Option<&crate::json::Value>, _feed: crate::state::FeedStore) {}

/// No in-list or in-article slot.
pub fn single_slot(_placement: Placement) -> Option<usize> {
    None
}

/// No slot anywhere.
pub fn has_slots(_placement: Placement) -> bool {
    false
}

/// Renders nothing.
#[component]
pub fn AdSlot(placement: Placement, #[prop(optional)] nth: usize) -> impl IntoView {
    let _ = (placement, nth);
}
