//! Placeholders with the same boxes as the real content, so nothing moves
//! when the news arrives.

use super::use_strings;
use leptos::prelude::*;

#[component]
pub fn ListSkeleton(count: usize) -> impl IntoView {
    let label = crate::context::shared()
        .map(|s| s.config.site.lang.strings().loading)
        .unwrap_or(crate::i18n::VI.loading);
    view! {
        <div class="bt-skeleton-list" aria-busy="true" role="status" aria-label=label>
            {(0..count).map(|_| view! {
                <div class="bt-card bt-skeleton" aria-hidden="true">
                    <div class="bt-card-thumb bt-shimmer"></div>
                    <div class="bt-card-body">
                        <div class="bt-line bt-line-title bt-shimmer"></div>
                        <div class="bt-line bt-shimmer"></div>
                        <div class="bt-line bt-line-short bt-shimmer"></div>
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
            <div class="bt-line bt-line-h1 bt-shimmer"></div>
            <div class="bt-line bt-line-short bt-shimmer"></div>
            {(0..8).map(|_| view! { <div class="bt-line bt-shimmer"></div> }).collect_view()}
        </div>
    }
}
