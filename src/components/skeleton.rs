//! Placeholders with the same boxes as the real content, so nothing moves
//! when the news arrives.

use super::use_strings;
use leptos::prelude::*;

/// A grey box of the placeholder. Its class is a value, not written in the
/// markup: an element inside another whose attributes and text are all literals becomes
/// Leptos' "inert HTML", which it creates through `innerHTML`, a sink a page
/// with Trusted Types refuses (docs/embed.md).
fn shimmer(class: &'static str) -> impl IntoView {
    view! { <div class=class></div> }
}

#[component]
pub fn ListSkeleton(count: usize) -> impl IntoView {
    let label = crate::context::shared()
        .map(|s| s.config.site.lang.strings().loading)
        .unwrap_or(crate::i18n::VI.loading);
    view! {
        <div class="bt-skeleton-list" aria-busy="true" role="status" aria-label=label>
            {(0..count).map(|_| view! {
                <div class="bt-card bt-skeleton" aria-hidden="true">
                    {shimmer("bt-card-thumb bt-shimmer")}
                    <div class="bt-card-body">
                        {shimmer("bt-line bt-line-title bt-shimmer")}
                        {shimmer("bt-line bt-shimmer")}
                        {shimmer("bt-line bt-line-short bt-shimmer")}
                    </div>
                </div>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn ArticleSkeleton() -> impl IntoView {
    let t = use_strings();
    view! {
        <div class="bt-article bt-skeleton" aria-busy="true" role="status" aria-label=t.loading>
            {shimmer("bt-line bt-line-h1 bt-shimmer")}
            {shimmer("bt-line bt-line-short bt-shimmer")}
            {(0..8).map(|_| shimmer("bt-line bt-shimmer")).collect_view()}
        </div>
    }
}
