//! Ad slots on the page. The logic (config, sizes, rotation, beacon body) is
//! in `crate::ads`; this file picks each page view's slots and reserves their
//! boxes, and `ad_creative` (the lazily loaded `pages` chunk, fetched once the
//! first list is in) loads the creatives, counts viewable impressions and
//! clicks, and holds the sticky bar's "closed" for the session.
//!
//! - No layout shift: the box has its exact size (width + aspect-ratio,
//!   `max-width: 100%`) from the first frame, creative or not; a broken image
//!   leaves the box with a quiet placeholder.
//! - Lazy: the `<img>`/`<iframe>` gets its `src` (and joins the page) only
//!   when the box comes within one viewport (IntersectionObserver, rootMargin 100%).
//! - Honest counting: an impression once the loaded creative has been at least
//!   half visible for one continuous second (and the tab visible), once per
//!   slot per page view; a click on click. Beacons are fire-and-forget.
//! - Third-party tags only run in a sandboxed iframe without allow-same-origin.
//!
//! Each page view's slots are picked here and drawn at once as a
//! reservation: label and box at their exact size, no state (like the
//! visitor box's skeleton). The live slot — the creative, its placeholder,
//! the sticky bar's close — is a view of the slot's `AdState`, built by the
//! `pages` chunk (`ad_creative`) in the reservation's place once the chunk is
//! in. The reservation is drawn with three DOM calls rather than a view:
//! a typed view of it costs the first load more than the budget can spare
//! (measured: docs/size.md).

use super::use_strings;
use crate::ads::{Ads, Fill, Placement, Rotation, Size, STICKY_CHROME};
use crate::i18n::Strings;
use crate::lazy;
use crate::platform::observe::{session_flag, set_session_flag, viewport_width};
use crate::platform::url::resolve_app;
use crate::platform::warn;
use crate::router::{use_router, Route};
use crate::state::FeedStore;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::any::Any;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// The portal's ads, provided as context by the portal (`load_ads`).
#[derive(Clone, Copy)]
pub struct AdsContext {
    picks: StoredValue<Picks>,
    /// Set once the `pages` chunk is in (`Picks::render`): the slots go live.
    live: RwSignal<bool>,
}

/// What picking a page view's slots needs.
struct Picks {
    ads: Ads,
    rotation: Rotation,
    /// `beacon_url` resolved against the app base.
    beacon: Option<String>,
    /// The route of the current page view and its number.
    route: Option<Route>,
    page: u32,
    /// Sticky bars closed in this session (also in sessionStorage, which may
    /// be blocked).
    closed: Vec<String>,
    /// The live slot, from the `pages` chunk.
    render: Option<lazy::RenderAd>,
}

/// Reads the `ads` config (a console warning for every skipped slot) for the
/// portal's slots (shared through `context::Shared`); with any slot, their
/// creatives' code is fetched once the first list is in.
pub fn load_ads(config: Option<&crate::json::Value>, feed: FeedStore) -> AdsContext {
    let ads = read_ads(config);
    let any = !ads.slots.is_empty();
    let context = ads_context(ads, false);
    if any {
        feed.after_first_list(move || {
            spawn_local(async move {
                match lazy::ads().await {
                    // In a task of its own, not in the one where the chunk's
                    // arrival woke all its consumers (one long task at 4× CPU).
                    Ok(render) => set_timeout(
                        move || {
                            context.picks.update_value(|p| p.render = Some(render));
                            context.live.set(true);
                        },
                        std::time::Duration::ZERO,
                    ),
                    Err(_) => warn("ads: their code could not be loaded"),
                }
            })
        });
    }
    context
}

/// The `ads` config, a console warning for every slot skipped.
fn read_ads(config: Option<&crate::json::Value>) -> Ads {
    let (ads, warnings) = Ads::parse(config);
    for w in &warnings {
        warn(w);
    }
    ads
}

/// A page's ads: its slots, a fresh rotation, and whether the live slots'
/// code is in (`live`).
fn ads_context(ads: Ads, live: bool) -> AdsContext {
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    AdsContext {
        picks: StoredValue::new(Picks {
            beacon: ads.beacon_url.as_deref().and_then(resolve_app),
            ads,
            rotation: Rotation::new(seed),
            route: None,
            page: 0,
            closed: Vec::new(),
            render: None,
        }),
        live: RwSignal::new(live),
    }
}

fn use_ads() -> Option<AdsContext> {
    crate::context::shared().map(|s| s.ads)
}

/// The position of the one-per-page placements: `every` of the in-list
/// slot, `after_paragraph` of the in-article slot; `None` without one.
pub fn single_slot(placement: Placement) -> Option<usize> {
    use_ads()?.picks.with_value(|picks| {
        let (_, slot) = picks.ads.of(placement).next()?;
        Some(if placement == Placement::InList {
            slot.every
        } else {
            slot.after_paragraph
        })
    })
}

/// Whether the config has any slot for this placement (the sidebar's column
/// is laid out only when something will be in it).
pub fn has_slots(placement: Placement) -> bool {
    use_ads().is_some_and(|ads| {
        ads.picks
            .with_value(|picks| picks.ads.of(placement).next().is_some())
    })
}

/// The slots of a placement (several stack in the sidebar), picked again on
/// every page view. A slot with no size for this viewport (or a sticky bar
/// closed in this session) is left out.
#[component]
pub fn AdSlot(
    placement: Placement,
    /// Which of the list's ads this is (in-list); keeps its creative when the
    /// list is rendered again in the same page view.
    #[prop(optional)]
    nth: usize,
) -> impl IntoView {
    holder(placement, nth)
}

/// The body of `AdSlot`, kept out of line (six call sites; fewer bytes:
/// docs/size.md).
#[inline(never)]
fn holder(placement: Placement, nth: usize) -> impl IntoView {
    let t = use_strings();
    let router = use_router();
    let holder = NodeRef::<Div>::new();
    let ads = use_ads();
    // Re-runs on a route change (a new page view) and when the chunk
    // arrives; dropping the previous live slots unmounts them and stops
    // their observers and timers.
    Effect::new(move |previous: Option<Vec<Box<dyn Any>>>| {
        drop(previous);
        let (Some(holder), Some(ads)) = (holder.get(), ads) else {
            return Vec::new();
        };
        let route = router.route.get();
        // `live` turns true once and stays: tracked only until then, so that
        // a slot gone with its page leaves no subscriber in it (docs/perf.md).
        if !ads.live.get_untracked() {
            ads.live.track();
        }
        holder.set_text_content(None);
        let doc = document();
        let (shown, render) = pick(ads, placement, nth, route);
        shown
            .into_iter()
            .filter_map(|ad| {
                let skeleton = reserve(&doc, &holder, &ad, t);
                render.map(|render| render(ad, skeleton, ads, t))
            })
            .collect()
    });
    view! { <div class="bt-ad-slot" node_ref=holder></div> }
}

/// This page view's slots of a placement, and the live slot once its chunk is in.
fn pick(
    ads: AdsContext,
    placement: Placement,
    nth: usize,
    route: Route,
) -> (Vec<Ad>, Option<lazy::RenderAd>) {
    ads.picks
        .try_update_value(|picks| {
            if picks.route.as_ref() != Some(&route) {
                picks.route = Some(route);
                picks.page += 1;
            }
            picks.rotation.page(picks.page);
            let width = viewport_width();
            let mut shown = Vec::new();
            for (index, slot) in picks.ads.of(placement) {
                if placement == Placement::StickyBottom
                    && (picks.closed.contains(&slot.id) || session_flag(&closed_key(&slot.id)))
                {
                    continue;
                }
                let Some(size) = slot.size_for(width) else {
                    continue;
                };
                let (name, link) = match &slot.fill {
                    Fill::Iframe(url) => (url.clone(), None),
                    Fill::Images(creatives) => {
                        match picks.rotation.pick((index, nth), creatives, size) {
                            Some(c) => {
                                (c.image.clone(), Some((resolve_app(&c.href), c.alt.clone())))
                            }
                            None => continue,
                        }
                    }
                };
                shown.push(Ad {
                    slot: slot.id.clone(),
                    sticky: placement == Placement::StickyBottom,
                    class: format!("bt-ad bt-ad-{}", placement.name()),
                    size,
                    src: resolve_app(&name),
                    name,
                    link,
                    beacon: picks.beacon.clone(),
                });
            }
            (shown, picks.render)
        })
        .unwrap_or_default()
}

/// The slot `id` of the `ads` config alone, in `holder`: its reservation at
/// once, then the live slot, as the portal draws it (a portal page's
/// `<bantin-news kind="ad">`: src/widgets/ad.rs). Dropping what it returns stops
/// it; `None` without such a slot, or with no size for this viewport.
pub fn single_ad(
    config: Option<&crate::json::Value>,
    id: &str,
    holder: &Element,
    t: &'static Strings,
) -> Option<Box<dyn Any>> {
    let ads = read_ads(config);
    let placement = ads.slots.iter().find(|s| s.id == id)?.placement;
    let context = ads_context(ads, true);
    let (shown, _) = pick(context, placement, 0, Route::Home);
    let ad = shown.into_iter().find(|ad| ad.slot == id)?;
    let skeleton = reserve(&document(), holder, &ad, t);
    Some(super::ad_live_slot(ad, skeleton, context, t))
}

fn closed_key(slot: &str) -> String {
    format!("bantin.ad-closed.{slot}")
}

/// The sticky bar's close, held for the session (and in memory, if storage
/// is blocked): the next page views draw it no more.
pub(super) fn close(ads: AdsContext, slot: &str) {
    set_session_flag(&closed_key(slot));
    ads.picks.update_value(|p| p.closed.push(slot.to_owned()));
}

/// One slot of one page view: what it shows.
pub struct Ad {
    pub(super) slot: String,
    pub(super) sticky: bool,
    /// `bt-ad bt-ad-<placement>`.
    pub(super) class: String,
    pub(super) size: Size,
    /// The creative's name in beacons: its image (or iframe) URL as configured.
    pub(super) name: String,
    /// Resolved; `None` (not http(s)) shows the placeholder.
    pub(super) src: Option<String>,
    /// Image creatives: the link (resolved) and alt text. `None`: an iframe.
    pub(super) link: Option<(Option<String>, String)>,
    pub(super) beacon: Option<String>,
}

fn element(doc: &Document, tag: &str, class: &str) -> HtmlElement {
    // createElement only throws for invalid names, and these are literals.
    let el: HtmlElement = doc
        .create_element(tag)
        .map(JsCast::unchecked_into)
        .unwrap_or_else(|e| e.unchecked_into());
    el.set_class_name(class);
    el
}

/// Draws the slot's reservation into `holder`: label and box at its exact
/// size from the first frame (and the sticky bar's spacer, so nothing is
/// hidden under it). Returns the `<aside>`, which the live slot replaces.
fn reserve(doc: &Document, holder: &Element, ad: &Ad, t: &'static Strings) -> Element {
    let (w, h) = (ad.size.width, ad.size.height);
    let aside = element(doc, "aside", &ad.class);
    // data-slot: the slot's id, for the operator's inspector (and the tests).
    let _ = aside.set_attribute("aria-label", t.ad_label);
    let _ = aside.set_attribute("data-slot", &ad.slot);
    let label = element(doc, "span", "bt-ad-label");
    label.set_text_content(Some(t.ad_label));
    let _ = label.set_attribute("aria-hidden", "true");
    let boxed = element(doc, "div", "bt-ad-box");
    // CSSOM, not a style attribute: allowed under a strict style-src.
    let style = boxed.style();
    let _ = style.set_property("width", &format!("{w}px"));
    let _ = style.set_property("aspect-ratio", &format!("{w}/{h}"));
    let _ = aside.append_child(&label);
    let _ = aside.append_child(&boxed);
    let _ = holder.append_child(&aside);
    if ad.sticky {
        let spacer = element(doc, "div", "bt-ad-space");
        let height = format!("{}px", h + STICKY_CHROME);
        let _ = spacer.style().set_property("height", &height);
        let _ = holder.append_child(&spacer);
    }
    aside.into()
}
