//! "Thống kê truy cập": the visitor box in the sidebar, and the view count of
//! an article. The box is a static view; `stats::client` writes the figures
//! into it as they arrive (see there why). The view count is a view of
//! `RwSignal<PageViews>`, which `stats::client` writes once the page's hit was
//! answered.
//!
//! The box keeps one size from the skeleton to the figures (fixed rows, a
//! reserved note line), is a labelled group for screen readers, and has no
//! `aria-live`: the figures change every few seconds and must not be read out
//! each time. Its state is one class: `bt-visitors-loading` (skeleton),
//! `bt-visitors-stale` (not current: muted, with "cập nhật lúc HH:mm" under
//! it), neither (live).

use super::{use_config, use_strings};
use crate::config::Config;
use crate::lazy;
use crate::platform::warn;
use crate::router::Router;
use crate::state::FeedStore;
use crate::stats::client::{stats_base, BOX_ID};
use crate::stats::{views_text, PageViews};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Whether the config asks for the visitor box. If it does, the counter client
/// (beacons, live figures; its own chunk, `crate::lazy::visitors`) starts once
/// the first list is in, and fills the box the portal renders meanwhile.
pub fn start_visitors(config: Arc<Config>, router: Router, feed: FeedStore) -> bool {
    if stats_base(&config).is_none() {
        return false;
    }
    // Here, so that the client and every article page below share it.
    provide_context(RwSignal::new(PageViews::default()));
    let owner = Owner::current();
    feed.after_first_list(move || {
        spawn_local(async move {
            match lazy::visitors().await {
                Ok(start) => {
                    let run = || start(&config, router);
                    match owner {
                        Some(owner) => owner.with(run),
                        None => run(),
                    };
                }
                Err(_) => warn("visitor box: its code could not be loaded"),
            }
        })
    });
    true
}

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

/// "1.234 lượt xem" for an article, counting the reader's own view;
/// invisible (its place kept) until known, absent without `stats` in the config.
#[component]
pub fn ViewCount(path: String) -> impl IntoView {
    let t = use_strings();
    let config = use_config();
    let lang = config.site.lang;
    let page_views = use_context::<RwSignal<PageViews>>();
    stats_base(&config).map(|_| {
        let p = path.clone();
        let known = Memo::new(move |_| page_views.and_then(|v| v.with(|v| v.shown(&p))));
        view! {
            <span
                class=move || if known.get().is_some() { "bt-views bt-views-known" } else { "bt-views" }
                data-path=path
            >
                {move || match known.get() {
                    Some(n) => views_text(n, lang),
                    None => format!("000 {}", t.views),
                }}
            </span>
        }
    })
}
