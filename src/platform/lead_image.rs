//! Holds what must not compete with the first screen — the chunks fetched
//! ahead, the ads' creatives, the counter client, offline reading's worker —
//! until the lead image has arrived: the first card's picture, the list's
//! largest paint (`img[fetchpriority=high]`, `components::ArticleCard`). On a
//! slow phone link they would share its bandwidth and delay it (issue 14's
//! measurements: docs/perf.md). A lead image that fails, or takes longer than
//! [`WAIT_AT_MOST`], holds nothing back; a page without one, nothing at all.
//! Then each waiting task runs in a task of its own.

use leptos::prelude::set_timeout;
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The longest the extras wait for the lead image.
pub const WAIT_AT_MOST: Duration = Duration::from_millis(2500);

type Task = Box<dyn FnOnce()>;

enum Gate {
    /// Nobody has asked yet.
    Unwatched,
    /// Waiting for the lead image, with what waits for it.
    Waiting(Vec<Task>),
    /// The lead image is in (or never will be): no more waiting.
    Open,
}

thread_local! {
    static GATE: RefCell<Gate> = const { RefCell::new(Gate::Unwatched) };
}

/// Runs `task` once the lead image on the page now has arrived (at once if
/// it has, or there is none), in a task of its own.
pub fn after_lead_image(task: Task) {
    let watch = GATE.with(|gate| {
        let mut gate = gate.borrow_mut();
        match &mut *gate {
            Gate::Open => {
                set_timeout(task, Duration::ZERO);
                false
            }
            Gate::Waiting(tasks) => {
                tasks.push(task);
                false
            }
            Gate::Unwatched => {
                *gate = Gate::Waiting(vec![task]);
                true
            }
        }
    });
    if watch {
        watch_lead_image();
    }
}

fn watch_lead_image() {
    let pending = super::root::query("img[fetchpriority=high]")
        .filter(|img| !crate::platform::js_get(img, "complete").is_truthy());
    let Some(img) = pending else {
        return open();
    };
    // One listener for both outcomes; `open` runs its tasks once.
    let done = Closure::<dyn Fn()>::new(open).into_js_value();
    let done = done.unchecked_ref();
    let _ = img.add_event_listener_with_callback("load", done);
    let _ = img.add_event_listener_with_callback("error", done);
    set_timeout(open, WAIT_AT_MOST);
}

fn open() {
    let tasks = GATE.with(|gate| match gate.replace(Gate::Open) {
        Gate::Waiting(tasks) => tasks,
        _ => Vec::new(),
    });
    for task in tasks {
        set_timeout(task, Duration::ZERO);
    }
}
