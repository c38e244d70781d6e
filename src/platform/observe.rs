//! IntersectionObserver, sendBeacon and the viewport's width, for ad slots
//! (lazy loading, honest viewability counting, the size for this screen).

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
/// Through `js_get`, which the main module has anyway, rather than a binding of
/// its own (bytes: docs/size.md).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| super::js_get(&d, "hidden").is_truthy())
}

thread_local! {
    /// The viewport's width as of the last `resize`; `u32::MAX` until [`watch_viewport_width`].
    static VIEWPORT_WIDTH: std::cell::Cell<u32> = const { std::cell::Cell::new(u32::MAX) };
}

/// The viewport's width in CSS pixels (what media queries see), as of the last `resize`.
///
/// Kept rather than read at each call: on a phone (a page with a viewport meta) Chromium lays
/// the page out to answer `innerWidth`, and each ad slot asked while its page was being built,
/// so every task that drew one laid out the half-built page in the middle of it (docs/perf.md,
/// session 15).
pub fn viewport_width() -> u32 {
    if VIEWPORT_WIDTH.get() == u32::MAX {
        watch_viewport_width();
    }
    VIEWPORT_WIDTH.get()
}

/// Reads the width once, while the page is laid out (the app calls this before it draws
/// anything), and again at each `resize`. Once a page.
pub fn watch_viewport_width() {
    let Some(window) = web_sys::window() else {
        return VIEWPORT_WIDTH.set(0);
    };
    if VIEWPORT_WIDTH.get() != u32::MAX {
        return;
    }
    let read = {
        let window = window.clone();
        move || {
            let width = window.inner_width().ok().and_then(|v| v.as_f64());
            VIEWPORT_WIDTH.set(width.map_or(0, |w| w as u32));
        }
    };
    read();
    let on_resize = Closure::<dyn Fn()>::new(read);
    let _ = window.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
    // The page's for as long as it lives.
    on_resize.forget();
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
