//! "Thống kê truy cập": the visitor box in the sidebar, and the view count of
//! an article. Both are static views; `stats::client` writes the figures into
//! them as they arrive (see there why).
//!
//! The box keeps one size from the skeleton to the figures (fixed rows, a
//! reserved note line), is a labelled group for screen readers, and has no
//! `aria-live`: the figures change every few seconds and must not be read out
//! each time. Its state is one class: `bt-visitors-loading` (skeleton),
//! `bt-visitors-stale` (not current: muted, with "cập nhật lúc HH:mm" under
//! it), neither (live).

use super::{use_config, use_strings};
pub use crate::stats::client::start as start_visitors;
use crate::stats::client::{show_views, stats_base, BOX_ID};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

#[component]
pub fn VisitorBox() -> impl IntoView {
    let t = use_strings();
    let labels = [
        t.visitors_online,
        t.visitors_today,
        t.visitors_week,
        t.visitors_total,
    ];
    view! {
        <div
            id=BOX_ID
            class="bt-visitors bt-visitors-loading"
            role="group"
            aria-labelledby="bt-visitors-title"
        >
            <h2 id="bt-visitors-title" class="bt-visitors-title">{t.visitors_title}</h2>
            <dl class="bt-visitors-list">
                {labels
                    .into_iter()
                    .map(|label| view! {
                        <div class="bt-visitors-row"><dt>{label}</dt><dd></dd></div>
                    })
                    .collect_view()}
            </dl>
            <p class="bt-visitors-note"></p>
        </div>
    }
}

/// "1.234 lượt xem" for an article; invisible (its place kept) until known,
/// absent without `stats` in the config.
#[component]
pub fn ViewCount(path: String) -> impl IntoView {
    let t = use_strings();
    let config = use_config();
    let lang = config.site.lang;
    stats_base(&config).map(|base| {
        let p = path.clone();
        // A moment after the page's hit went out, so the count includes it.
        set_timeout(
            move || spawn_local(async move { show_views(&base, &p, lang).await }),
            Duration::from_millis(300),
        );
        view! { <span class="bt-views" data-path=path>"000 "{t.views}</span> }
    })
}
