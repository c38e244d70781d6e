//! Ad slots on the page. The logic (config, sizes, rotation, beacon body) is
//! in `crate::ads`; this file picks each page view's slots and reserves their
//! boxes, and `ad_creative` (the lazily loaded `ads` chunk, fetched once the
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
//! Leptos renders one empty holder per slot; what goes in it is built with
//! plain DOM calls. An ad is a small, self-contained widget, and building it
//! by hand costs a fraction of the wasm that typed views of every element,
//! attribute and state would (the size budget, issue 3).

use super::use_strings;
use crate::ads::{Ads, Fill, Placement, Rotation, Size, STICKY_CHROME};
use crate::i18n::Strings;
use crate::lazy;
use crate::platform::observe::{session_flag, viewport_width};
use crate::platform::url::resolve_app;
use crate::platform::warn;
use crate::router::{use_router, Route};
use crate::state::FeedStore;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// The portal's ads: parsed once at start-up; one app per page, like the base URL.
pub(super) struct Inner {
    ads: Ads,
    rotation: Rotation,
    /// `beacon_url` resolved against the app base.
    beacon: Option<String>,
    /// The route of the current page view and its number.
    route: Option<Route>,
    page: u32,
    /// Sticky bars closed in this session, for when sessionStorage is blocked.
    pub(super) closed: Vec<String>,
}

thread_local! {
    pub(super) static ADS: RefCell<Option<Inner>> = const { RefCell::new(None) };
}

/// Reads the `ads` config, with a console warning for every skipped slot.
pub fn load_ads(config: Option<&crate::json::Value>) {
    let (ads, warnings) = Ads::parse(config);
    for w in &warnings {
        crate::platform::warn(w);
    }
    let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    ADS.with(|cell| {
        *cell.borrow_mut() = Some(Inner {
            beacon: ads.beacon_url.as_deref().and_then(resolve_app),
            ads,
            rotation: Rotation::new(seed),
            route: None,
            page: 0,
            closed: Vec::new(),
        })
    });
}

/// The position of the one-per-page placements: `every` of the in-list
/// slot, `after_paragraph` of the in-article slot; `None` without one.
pub fn single_slot(placement: Placement) -> Option<usize> {
    ADS.with(|cell| {
        let inner = cell.borrow();
        let (_, slot) = inner.as_ref()?.ads.of(placement).next()?;
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
    ADS.with(|cell| {
        cell.borrow()
            .as_ref()
            .is_some_and(|inner| inner.ads.of(placement).next().is_some())
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

/// The body of `AdSlot`, kept out of line (six call sites; ~100 bytes less).
#[inline(never)]
fn holder(placement: Placement, nth: usize) -> impl IntoView {
    let t = use_strings();
    let router = use_router();
    let holder = NodeRef::<Div>::new();
    let feed = use_context::<FeedStore>();
    // Re-runs on a route change; dropping the previous slots stops their
    // observers and timers.
    Effect::new(move |previous: Option<Active>| {
        drop(previous);
        let active = Active::default();
        let Some(holder) = holder.get() else {
            return active;
        };
        let route = router.route.get();
        holder.set_text_content(None);
        let shown = ADS.with(|cell| {
            let mut cell = cell.borrow_mut();
            let Some(inner) = cell.as_mut() else {
                return Vec::new();
            };
            if inner.route.as_ref() != Some(&route) {
                inner.route = Some(route);
                inner.page += 1;
            }
            inner.rotation.page(inner.page);
            let width = viewport_width();
            let mut shown = Vec::new();
            for (index, slot) in inner.ads.of(placement) {
                if placement == Placement::StickyBottom
                    && (inner.closed.contains(&slot.id) || session_flag(&closed_key(&slot.id)))
                {
                    continue;
                }
                let Some(size) = slot.size_for(width) else {
                    continue;
                };
                let (name, link) = match &slot.fill {
                    Fill::Iframe(url) => (url.clone(), None),
                    Fill::Images(creatives) => {
                        match inner.rotation.pick((index, nth), creatives, size) {
                            Some(c) => {
                                (c.image.clone(), Some((resolve_app(&c.href), c.alt.clone())))
                            }
                            None => continue,
                        }
                    }
                };
                shown.push(Shown {
                    slot: slot.id.clone(),
                    placement,
                    size,
                    src: resolve_app(&name),
                    name,
                    link,
                    beacon: inner.beacon.clone(),
                });
            }
            shown
        });
        let doc = document();
        let reserved: Vec<Reserved> = shown
            .into_iter()
            .map(|s| reserve(&doc, &holder, s, t))
            .collect();
        if !reserved.is_empty() {
            let slots = Rc::clone(&active);
            let activate = move || {
                spawn_local(async move {
                    match lazy::ads().await {
                        Ok(activate) => *slots.borrow_mut() = activate(reserved, t),
                        Err(_) => warn("ads: their code could not be loaded"),
                    }
                })
            };
            // The first page view's creatives wait for the first list.
            match feed {
                Some(feed) if !feed.with_untracked(crate::state::FeedState::settled) => {
                    feed.after_first_list(activate)
                }
                _ => activate(),
            }
        }
        active
    });
    view! { <div class="bt-ad-slot" node_ref=holder></div> }
}

/// The live slots of a holder's page view (`ad_creative::Live`, kept opaque
/// here): dropped with the page view, they stop their observers and timers.
type Active = Rc<RefCell<Vec<Box<dyn Any>>>>;

pub(super) fn closed_key(slot: &str) -> String {
    format!("bantin.ad-closed.{slot}")
}

/// One slot of a page view, its box reserved: what `ad_creative::activate`
/// makes live.
pub struct Reserved {
    pub(super) slot: String,
    pub(super) size: Size,
    /// The creative's name in beacons: its image (or iframe) URL as configured.
    pub(super) name: String,
    /// Resolved; `None` (not http(s)) shows the placeholder.
    pub(super) src: Option<String>,
    /// Image creatives: the link (resolved) and alt text. `None`: an iframe.
    pub(super) link: Option<(Option<String>, String)>,
    pub(super) beacon: Option<String>,
    pub(super) holder: Element,
    pub(super) aside: Element,
    pub(super) boxed: Element,
}

/// What one slot shows on this page view.
struct Shown {
    slot: String,
    placement: Placement,
    size: Size,
    name: String,
    src: Option<String>,
    link: Option<(Option<String>, String)>,
    beacon: Option<String>,
}

pub(super) fn element(doc: &Document, tag: &str, attrs: &[(&str, &str)]) -> Element {
    // createElement only throws for invalid names, and these are literals.
    let el = doc
        .create_element(tag)
        .unwrap_or_else(|e| e.unchecked_into());
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    el
}

/// Puts the slot into `holder`: label and reserved box (and the sticky bar's
/// close button and spacer), at its exact size from the first frame.
fn reserve(doc: &Document, holder: &Element, shown: Shown, t: &'static Strings) -> Reserved {
    let Shown {
        slot,
        placement,
        size,
        name,
        src,
        link,
        beacon,
    } = shown;
    let (w, h) = (size.width, size.height);
    let sticky = placement == Placement::StickyBottom;
    let class = format!("bt-ad bt-ad-{}", placement.name());
    let aside = element(
        doc,
        "aside",
        // data-slot: the slot's id, for the operator's inspector (and the tests).
        &[
            ("class", &class),
            ("aria-label", t.ad_label),
            ("data-slot", &slot),
        ],
    );
    let label = element(
        doc,
        "span",
        &[("class", "bt-ad-label"), ("aria-hidden", "true")],
    );
    label.set_text_content(Some(t.ad_label));
    let style = format!("width:{w}px;aspect-ratio:{w}/{h}");
    let boxed = element(doc, "div", &[("class", "bt-ad-box"), ("style", &style)]);
    let _ = aside.append_child(&label);
    let _ = aside.append_child(&boxed);
    if sticky {
        let close = element(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "bt-ad-close"),
                ("aria-label", t.ad_close),
            ],
        );
        close.set_text_content(Some("×"));
        let _ = aside.append_child(&close);
    }
    let _ = holder.append_child(&aside);
    if sticky {
        // The page's bottom padding under the bar, so nothing is hidden.
        let space = format!("height:{}px", size.height + STICKY_CHROME);
        let spacer = element(doc, "div", &[("class", "bt-ad-space"), ("style", &space)]);
        let _ = holder.append_child(&spacer);
    }
    Reserved {
        slot,
        size,
        name,
        src,
        link,
        beacon,
        holder: holder.clone(),
        aside,
        boxed,
    }
}
