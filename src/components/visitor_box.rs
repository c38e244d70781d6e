//! "Thống kê truy cập": the visitor box in the sidebar, and the view count of
//! an article. Both are views of one signal, `RwSignal<Visitors>`, which
//! `stats::client` writes: the box's figures as they arrive, an article's
//! count once the page's hit was answered.
//!
//! The box is a skeleton in the first load; the counter client (its chunk
//! comes once the first list is in) puts the live box, the same markup bound
//! to the figures, in its place. It keeps one size from the skeleton to the
//! figures (fixed rows, a reserved note line), is a labelled group for screen
//! readers, and has no `aria-live`: the figures change every few seconds and
//! must not be read out each time. Its state is one class:
//! `bt-visitors-loading` (skeleton), `bt-visitors-stale` (not current: muted,
//! with "cập nhật lúc HH:mm" under it), neither (live).

use super::{use_config, use_strings};
use crate::config::Config;
use crate::lazy;
use crate::platform::{time, warn};
use crate::router::Router;
use crate::state::FeedStore;
use crate::stats::client::{stats_base, BOX_ID};
use crate::stats::{box_class, note_text, views_text, Visitors};
use leptos::prelude::*;
use leptos::tachys::html::class::IntoClass;
use leptos::tachys::view::{Mountable, Render};
use leptos::task::spawn_local;
use std::sync::Arc;

/// The figures' signal when the config asks for the visitor box (`None`
/// otherwise). Then the counter client (beacons, live figures; its own
/// chunk, `crate::lazy::visitors`) starts once the first list is in, and the
/// box the portal renders meanwhile goes live.
pub fn start_visitors(
    config: Arc<Config>,
    router: Router,
    feed: FeedStore,
) -> Option<RwSignal<Visitors>> {
    stats_base(&config)?;
    // Shared (`context::Shared`), so that the client, the box and every
    // article page below read the same figures.
    let visitors = RwSignal::new(Visitors::default());
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
    Some(visitors)
}

/// The visitor box's skeleton, in the first load: the counter client's
/// chunk puts `live_visitor_box` in its place.
#[component]
pub fn VisitorBox() -> impl IntoView {
    visitor_box(use_strings(), "bt-visitors bt-visitors-loading", |_| (), ())
}

/// The visitor box as a view of the figures, in the `pages` chunk, put in
/// the skeleton's place for the life of the page (the box is never
/// unmounted). Not a `Lazy`/`Extra` view in the portal: that costs the first
/// load more (docs/size.md), and the skeleton has no state to disagree with.
pub fn live_visitor_box(config: &Config, state: RwSignal<Visitors>) {
    let Some(skeleton) = crate::platform::root::by_id(BOX_ID) else {
        return;
    };
    let Some(parent) = skeleton.parent_element() else {
        return;
    };
    let mut mounted = live_box(config, state).into_view().build();
    mounted.mount(&parent, Some(&skeleton));
    skeleton.remove();
    // Lives as long as the page, like the portal around it.
    std::mem::forget(mounted);
}

/// The live box: the box's markup bound to the figures, in the portal. The
/// widget alone in a portal's page draws the same markup with web-sys
/// (src/widgets/visitors.rs; a wasm test compares the two in every state):
/// change one, change both.
pub fn live_box(config: &Config, state: RwSignal<Visitors>) -> impl IntoView {
    let lang = config.site.lang;
    let offset = time::offset_minutes(&config.site.timezone, time::now_ms());
    let figures = move || state.with(|s| (s.figures, s.tried));
    visitor_box(
        lang.strings(),
        move || {
            let (shown, tried) = figures();
            box_class(shown.as_ref(), tried)
        },
        move |i| move || state.with(|s| s.figure_text(i, lang)),
        move || figures().0.and_then(|s| note_text(&s, lang, offset)),
    )
}

/// The box's markup, for the skeleton and the live box: its strings, class,
/// figure `i` (online, today, week, total) and the note under them.
fn visitor_box<V: IntoView + 'static>(
    t: &'static crate::i18n::Strings,
    class: impl IntoClass,
    figure: impl Fn(u32) -> V,
    note: impl IntoView + 'static,
) -> impl IntoView {
    let labels = [
        t.visitors_online,
        t.visitors_today,
        t.visitors_week,
        t.visitors_total,
    ];
    view! {
        <div id=BOX_ID class=class role="group" aria-labelledby="bt-visitors-title">
            <h2 id="bt-visitors-title" class="bt-visitors-title">{t.visitors_title}</h2>
            <dl class="bt-visitors-list">
                {(0..4u32)
                    .zip(labels)
                    .map(|(i, label)| view! {
                        <div class="bt-visitors-row"><dt>{label}</dt><dd>{figure(i)}</dd></div>
                    })
                    .collect_view()}
            </dl>
            <p class="bt-visitors-note">{note}</p>
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
    let visitors = crate::context::shared().and_then(|s| s.visitors);
    stats_base(&config).map(|_| {
        let p = path.clone();
        let known = Memo::new(move |_| visitors.and_then(|v| v.with(|v| v.views.shown(&p))));
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
