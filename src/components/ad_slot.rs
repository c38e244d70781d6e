//! Ad slots on the page. The logic (config, sizes, rotation, beacon body) is
//! in `crate::ads`; this file reserves each slot's box, loads the creative
//! lazily, counts viewable impressions and clicks, and holds the sticky bar's
//! "closed" for the session.
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
use crate::ads::{beacon_body, AdEvent, Ads, Fill, Placement, Rotation, Size, STICKY_CHROME};
use crate::i18n::Strings;
use crate::platform::observe::{
    observe, page_hidden, send_beacon, session_flag, set_session_flag, viewport_width, Observer,
};
use crate::platform::url::resolve_app;
use crate::router::{use_router, Route};
use leptos::html::Div;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

/// The portal's ads: parsed once at start-up; one app per page, like the base URL.
struct Inner {
    ads: Ads,
    rotation: Rotation,
    /// `beacon_url` resolved against the app base.
    beacon: Option<String>,
    /// The route of the current page view and its number.
    route: Option<Route>,
    page: u32,
    /// Sticky bars closed in this session, for when sessionStorage is blocked.
    closed: Vec<String>,
}

thread_local! {
    static ADS: RefCell<Option<Inner>> = const { RefCell::new(None) };
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
    // Re-runs on a route change; dropping the previous slots stops their
    // observers and timers.
    Effect::new(move |previous: Option<Vec<Live>>| {
        drop(previous);
        let Some(holder) = holder.get() else {
            return Vec::new();
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
        shown
            .into_iter()
            .map(|s| build(&doc, &holder, s, t))
            .collect()
    });
    view! { <div class="bt-ad-slot" node_ref=holder></div> }
}

fn closed_key(slot: &str) -> String {
    format!("bantin.ad-closed.{slot}")
}

/// What one slot shows on this page view.
struct Shown {
    slot: String,
    placement: Placement,
    size: Size,
    /// The creative's name in beacons: its image (or iframe) URL as configured.
    name: String,
    /// Resolved; `None` (not http(s)) shows the placeholder.
    src: Option<String>,
    /// Image creatives: the link (resolved) and alt text. `None`: an iframe.
    link: Option<(Option<String>, String)>,
    beacon: Option<String>,
}

/// A slot on screen.
struct State {
    /// At least half of the box in view.
    visible: bool,
    loaded: bool,
    broken: bool,
    counted: bool,
    timer: Option<i32>,
    /// The slot's one callback (DOM events and the timer), owned by `Live`.
    callback: Option<js_sys::Function>,
    /// `(beacon URL, slot, creative)`; `None`: nothing is sent.
    beacon: Option<(String, String, String)>,
    slot: String,
    holder: Element,
    aside: Element,
    boxed: Element,
    /// Until the slot is near: the creative's outer element (link or
    /// iframe), the element that gets `src`, and the URL.
    pending: Option<(Element, Element, String)>,
}

type Shared = Rc<RefCell<State>>;

/// A slot on screen: what must live as long as it does. Dropped (route
/// change, slot gone), it stops everything that could still call into it:
/// the timer, the observers, and the listeners of an image still loading.
struct Live {
    state: Shared,
    _observers: Vec<Observer>,
    callback: Closure<dyn FnMut(JsValue)>,
}

/// The DOM events a slot listens to, on its `<aside>`: `load` and `error`
/// (captured from the image or iframe) and `click`.
const EVENTS: [&str; 3] = ["load", "error", "click"];

impl Drop for Live {
    fn drop(&mut self) {
        let st = self.state.borrow();
        if let Some(handle) = st.timer {
            window().clear_timeout_with_handle(handle);
        }
        let f = self.callback.as_ref().unchecked_ref();
        for event in EVENTS {
            let _ = st
                .aside
                .remove_event_listener_with_callback_and_bool(event, f, true);
        }
    }
}

fn send(state: &Shared, event: AdEvent) {
    let st = state.borrow();
    if let Some((url, slot, name)) = &st.beacon {
        let path = window().location().pathname().unwrap_or_default();
        send_beacon(url, &beacon_body(slot, name, event, &path));
    }
}

/// Starts or stops the one-second timer as the creative becomes viewable or not.
fn update(state: &Shared) {
    let mut st = state.borrow_mut();
    let viewable = st.visible && st.loaded && !st.broken && !st.counted;
    match (viewable, st.timer) {
        (true, None) => {
            st.timer = st.callback.as_ref().and_then(|f| {
                window()
                    .set_timeout_with_callback_and_timeout_and_arguments_0(f, 1000)
                    .ok()
            });
        }
        (false, Some(handle)) => {
            window().clear_timeout_with_handle(handle);
            st.timer = None;
        }
        _ => {}
    }
}

/// The slot's callback: a DOM event, or (no event) the one-second timer.
fn on_event(state: &Shared, event: JsValue) {
    let Some(event) = event.dyn_ref::<web_sys::Event>() else {
        // The impression: still viewable after one continuous second, the
        // tab visible, the slot still on the page.
        let count = {
            let mut st = state.borrow_mut();
            st.timer = None;
            let count = st.visible && !st.counted && !page_hidden() && st.boxed.is_connected();
            st.counted |= count;
            count
        };
        if count {
            send(state, AdEvent::Impression);
        }
        return;
    };
    let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
    let closest = |selector: &str| {
        target
            .as_ref()
            .and_then(|t| t.closest(selector).ok().flatten())
    };
    match event.type_().as_str() {
        "load" => state.borrow_mut().loaded = true,
        "error" => {
            // Keep the box, drop the dead link, show the quiet placeholder.
            let mut st = state.borrow_mut();
            st.broken = true;
            st.boxed.set_class_name("bt-ad-box bt-ad-broken");
            if let Some(link) = closest("a") {
                link.remove();
            }
        }
        _ if closest(".bt-ad-close").is_some() => {
            let st = state.borrow();
            // Held for the session (and in memory, if storage is blocked).
            if !set_session_flag(&closed_key(&st.slot)) {
                ADS.with(|cell| {
                    if let Some(inner) = cell.borrow_mut().as_mut() {
                        inner.closed.push(st.slot.clone());
                    }
                });
            }
            // The bar and its spacer go; the page's end moves back down.
            st.holder.set_text_content(None);
        }
        _ if closest("a").is_some() => send(state, AdEvent::Click),
        _ => {}
    }
    update(state);
}

/// Near (within a viewport): the creative gets its `src` and joins the box.
fn on_near(state: &Shared, ratio: f64) {
    if ratio > 0.0 {
        let mut st = state.borrow_mut();
        if let Some((outer, media, src)) = st.pending.take() {
            let _ = media.set_attribute("src", &src);
            let _ = st.boxed.append_child(&outer);
        }
    }
}

fn on_seen(state: &Shared, ratio: f64) {
    // 0.499: the ratio reported at the 0.5 threshold may round just below it.
    state.borrow_mut().visible = ratio >= 0.499;
    update(state);
}

fn element(doc: &Document, tag: &str, attrs: &[(&str, &str)]) -> Element {
    // createElement only throws for invalid names, and these are literals.
    let el = doc
        .create_element(tag)
        .unwrap_or_else(|e| e.unchecked_into());
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    el
}

/// Builds the slot into `holder`: label, reserved box, and (once near) the creative.
fn build(doc: &Document, holder: &Element, shown: Shown, t: &'static Strings) -> Live {
    let Shown {
        slot,
        placement,
        size,
        name,
        src,
        link,
        beacon,
    } = shown;
    let (w, h) = (size.width.to_string(), size.height.to_string());
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

    // The creative, made now but without `src` (nothing loads) until near.
    let pending = match (src, link) {
        (Some(src), Some((Some(href), alt))) => {
            let a = element(
                doc,
                "a",
                &[
                    ("href", &href),
                    ("rel", "sponsored noopener"),
                    ("target", "_blank"),
                ],
            );
            let alt = if alt.is_empty() { t.ad_label } else { &alt };
            let img = element(
                doc,
                "img",
                &[
                    ("alt", alt),
                    ("width", &w),
                    ("height", &h),
                    ("decoding", "async"),
                ],
            );
            let _ = a.append_child(&img);
            Some((a, img, src))
        }
        (Some(src), None) => {
            let frame = element(
                doc,
                "iframe",
                &[
                    ("title", t.ad_label),
                    ("width", &w),
                    ("height", &h),
                    (
                        "sandbox",
                        "allow-scripts allow-popups allow-popups-to-escape-sandbox",
                    ),
                    ("referrerpolicy", "no-referrer"),
                ],
            );
            Some((frame.clone(), frame, src))
        }
        // A link or image URL that is not http(s): the placeholder only.
        _ => {
            boxed.set_class_name("bt-ad-box bt-ad-broken");
            None
        }
    };
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

    let has_creative = pending.is_some();
    let state: Shared = Rc::new(RefCell::new(State {
        visible: false,
        loaded: false,
        broken: !has_creative,
        counted: false,
        timer: None,
        callback: None,
        beacon: beacon.map(|url| (url, slot.clone(), name)),
        slot,
        holder: holder.clone(),
        aside: aside.clone(),
        boxed: boxed.clone(),
        pending,
    }));
    let callback = {
        let state = Rc::clone(&state);
        Closure::<dyn FnMut(JsValue)>::new(move |event| on_event(&state, event))
    };
    let f: &js_sys::Function = callback.as_ref().unchecked_ref();
    for event in EVENTS {
        let _ = aside.add_event_listener_with_callback_and_bool(event, f, true);
    }
    state.borrow_mut().callback = Some(f.clone());

    let mut observers = Vec::with_capacity(2);
    if has_creative {
        match observe(&boxed, "100% 0px", 0.0, Rc::clone(&state), on_near) {
            Some(o) => observers.push(o),
            // No IntersectionObserver: load now.
            None => on_near(&state, 1.0),
        }
    }
    observers.extend(observe(&boxed, "0px", 0.5, Rc::clone(&state), on_seen));
    Live {
        state,
        _observers: observers,
        callback,
    }
}
