//! The live half of the ad slots, in the lazily loaded `ads` chunk
//! (`crate::lazy`): the creative in each reserved box (`ad_slot::reserve`),
//! loaded when near; viewable impressions and clicks; the sticky bar's close.
//!
//! - Lazy: the `<img>`/`<iframe>` gets its `src` (and joins the page) only
//!   when the box comes within one viewport (IntersectionObserver, rootMargin 100%).
//! - Honest counting: an impression once the loaded creative has been at least
//!   half visible for one continuous second (and the tab visible), once per
//!   slot per page view; a click on click. Beacons are fire-and-forget.
//! - Third-party tags only run in a sandboxed iframe without allow-same-origin.
//!
//! Built with plain DOM calls: an ad is a small, self-contained widget, and
//! building it by hand costs a fraction of the wasm that typed views of every
//! element, attribute and state would (the size budget, issue 3).

use super::ad_slot::{closed_key, element, Reserved, ADS};
use crate::ads::{beacon_body, AdEvent};
use crate::i18n::Strings;
use crate::platform::observe::{observe, page_hidden, send_beacon, set_session_flag, Observer};
use leptos::prelude::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Makes the reserved slots of a page view live; dropping what it returns
/// stops them. The entry point of the `ads` chunk.
pub fn activate(slots: Vec<Reserved>, t: &'static Strings) -> Vec<Box<dyn Any>> {
    slots
        .into_iter()
        .map(|slot| Box::new(live(slot, t)) as Box<dyn Any>)
        .collect()
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

/// The slot's creative, made now but without `src` (nothing loads) until
/// near, and what makes it count.
fn live(reserved: Reserved, t: &'static Strings) -> Live {
    let Reserved {
        slot,
        size,
        name,
        src,
        link,
        beacon,
        holder,
        aside,
        boxed,
    } = reserved;
    let (w, h) = (size.width.to_string(), size.height.to_string());
    let doc = document();
    let pending = match (src, link) {
        (Some(src), Some((Some(href), alt))) => {
            let a = element(
                &doc,
                "a",
                &[
                    ("href", &href),
                    ("rel", "sponsored noopener"),
                    ("target", "_blank"),
                ],
            );
            let alt = if alt.is_empty() { t.ad_label } else { &alt };
            let img = element(
                &doc,
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
                &doc,
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
        holder,
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
