//! Holds what must not compete with the first screen — the chunks fetched
//! ahead, the ads' creatives, the counter client, offline reading's worker —
//! until the lead image has arrived: the first card's picture, the list's
//! largest paint (`img[fetchpriority=high]`, `components::ArticleCard`). On a
//! slow phone link they would share its bandwidth and delay it (issue 14's
//! measurements: docs/perf.md). A lead image that fails, or takes longer than
//! [`WAIT_AT_MOST`], holds nothing back; a page without one, nothing at all.
//! Then, once the picture's paint is on the screen (`js::after_lead_image`),
//! each waiting task runs in a task of its own.
//!
//! A shared link to an article opens on the article, not the list: its first
//! screen is the article's text and hero image (`img[fetchpriority=high]`
//! too), which come after the feed (and the article page's chunk). `hold`
//! (app start, on such a link) keeps the gate from looking for the lead image
//! until `release` (the article page, once it shows its article or why it
//! cannot), or [`WAIT_AT_MOST`] at the latest.

use leptos::prelude::set_timeout;
use std::cell::{Cell, RefCell};
use std::time::Duration;
use wasm_bindgen::closure::Closure;

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
    /// The first screen is not on the page yet (`hold`): tasks wait unwatched.
    static HELD: Cell<bool> = const { Cell::new(false) };
}

/// The first screen is still to come (a shared link to an article): what
/// waits for the lead image waits for it to be on the page first.
pub fn hold() {
    HELD.with(|h| h.set(true));
    set_timeout(release, WAIT_AT_MOST);
}

/// The first screen is on the page: the lead image, if it has one, is now
/// what the waiting tasks wait for.
pub fn release() {
    if !HELD.with(|h| h.replace(false)) {
        return;
    }
    let waiting = GATE.with(|gate| matches!(&*gate.borrow(), Gate::Waiting(_)));
    if waiting {
        watch_lead_image();
    }
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
                // Held: `release` watches, once the first screen is there.
                !HELD.with(Cell::get)
            }
        }
    });
    if watch {
        watch_lead_image();
    }
}

fn watch_lead_image() {
    // One callback, called once: after the picture has arrived and been painted (src/platform/js.rs).
    let open = Closure::<dyn Fn()>::new(open).into_js_value();
    let img = super::root::query("img[fetchpriority=high]");
    super::js::after_lead_image(img.as_ref(), WAIT_AT_MOST.as_millis() as f64, &open);
}

/// Runs the waiting tasks, each in a task of its own. After the lead image is on the
/// screen, not merely in: a picture already in (the page's `Link` header preloads it)
/// would open the gate before the frame that paints it, and the chunks' requests would go
/// out ahead of the page's largest paint, which Lighthouse then counts as waiting for them
/// (docs/perf.md, sessions 15 and 16).
fn open() {
    let tasks = GATE.with(|gate| match gate.replace(Gate::Open) {
        Gate::Waiting(tasks) => tasks,
        _ => Vec::new(),
    });
    for task in tasks {
        set_timeout(task, Duration::ZERO);
    }
}
