//! IntersectionObserver and sendBeacon, for ad slots (lazy loading and honest
//! viewability counting).

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Watches one element; stops (disconnects) when dropped.
pub struct Observer {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(Array)>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        // Empty the queue too: no callback may run once the closure is gone.
        self.observer.take_records();
        self.observer.disconnect();
    }
}

/// Calls `on_change(&state, ratio)` with how much of `el` is visible (0.0–1.0;
/// 0.0 when it is not intersecting) each time it crosses `threshold`, and once
/// at the start. `root_margin` grows the viewport ("100% 0px": one viewport
/// above and below). `None` where IntersectionObserver is missing.
pub fn observe<S: 'static>(
    el: &Element,
    root_margin: &str,
    threshold: f64,
    state: S,
    on_change: fn(&S, f64),
) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
        // Several entries may be queued for the element: the last one is current.
        if let Ok(entry) = entries.pop().dyn_into::<IntersectionObserverEntry>() {
            let ratio = if entry.is_intersecting() {
                entry.intersection_ratio()
            } else {
                0.0
            };
            on_change(&state, ratio);
        }
    });
    let init = IntersectionObserverInit::new();
    init.set_root_margin(root_margin);
    init.set_threshold_f64(threshold);
    let observer =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    observer.observe(el);
    Some(Observer {
        observer,
        _callback: callback,
    })
}

/// Sends `body` (a string: text/plain) to `url` with `navigator.sendBeacon`.
/// Failures are silent: an ad blocker or a dead URL changes nothing for the reader.
pub fn send_beacon(url: &str, body: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().send_beacon_with_opt_str(url, Some(body));
    }
}

/// Whether the page is hidden (a background tab): nothing is viewable then.
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// The viewport's width in CSS pixels (what media queries see).
pub fn viewport_width() -> u32 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .map_or(0, |w| w as u32)
}

/// A per-tab flag in sessionStorage; `false` when storage is blocked.
pub fn session_flag(key: &str) -> bool {
    session().is_some_and(|s| s.get_item(key).ok().flatten().is_some())
}

/// Sets a per-tab flag; returns `false` when storage is blocked.
pub fn set_session_flag(key: &str) -> bool {
    session().is_some_and(|s| s.set_item(key, "1").is_ok())
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}
