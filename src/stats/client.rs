//! The browser half of the visitor counter: the visitor id, the hit and
//! heartbeat beacons, and the live figures (SSE, else polling) with their
//! pauses and retries. The decisions (ids, bots, backoff, parsing, bodies) are
//! the pure functions of `stats`; this file only wires them to browser APIs.
//!
//! Live figures: `GET {url}/stream` (EventSource, event `stats`). When it
//! fails the box keeps its numbers, marked not current, and `GET {url}` is
//! retried with exponential backoff and jitter until it answers; then the
//! stream is opened again. Where the stream itself is unusable (a proxy that
//! buffers it, say) after two tries, `GET {url}` is polled every 30 s and the
//! stream retried every tenth poll. Nothing runs while the tab is hidden; on
//! return the figures are refreshed at once.
//!
//! What it learns goes into its `Figures`, of which it is the only writer: in
//! the portal, one signal, `RwSignal<Visitors>` (provided by
//! `components::start_visitors`): the box's figures, shown by
//! `components::live_visitor_box` (in this chunk), and an article's view
//! count, shown by `components::ViewCount`; alone in a portal's page, the
//! visitor box widget's own (src/widgets/visitors.rs).
//!
//! The `Client` itself uses no Leptos (plain web-sys, timers and futures): the
//! visitor box widget is built without it, to stay small (docs/size.md).
//! `run` ties it to the portal's router and reactive owner.
//!
//! Counting: a hit per page view (each route change) and a heartbeat every
//! 60 s while the tab is visible. Heartbeats go by `navigator.sendBeacon`
//! (fire and forget). A hit goes by `fetch` (`keepalive`, like a beacon;
//! `no-cors`, so no preflight across origins and its answer is not read, only
//! awaited): an article's view count is asked for once its hit was answered,
//! so it includes the reader's own view.

use super::*;
use crate::config::Config;
use crate::platform::{http, time, url};
#[cfg(feature = "views")]
use crate::router::{Route, Router};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use wasm_bindgen_futures::spawn_local;

/// Where the client writes what it learns (the box's figures, an article's
/// view count): the portal's signal, or the visitor box widget's box.
pub trait Figures {
    /// Applies `change`, which says whether it changed anything.
    fn update(&self, change: &mut dyn FnMut(&mut Visitors) -> bool);
}

#[cfg(feature = "views")]
impl Figures for leptos::prelude::RwSignal<Visitors> {
    fn update(&self, change: &mut dyn FnMut(&mut Visitors) -> bool) {
        use leptos::prelude::Update;
        self.maybe_update(|v| change(v));
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect_throw("no window")
}

fn document() -> web_sys::Document {
    window().document().expect_throw("no document")
}

/// The id of the visitor box element.
pub const BOX_ID: &str = "bt-visitors";

/// The counter service's URL, resolved against the app base (it may be on
/// another origin), without a trailing `/`; `None` without a usable `stats`.
pub fn stats_base(config: &Config) -> Option<String> {
    let raw = config.stats.as_ref()?.url.trim();
    if raw.is_empty() {
        return None;
    }
    let mut base = url::resolve_app(raw)?;
    while base.ends_with('/') {
        base.pop();
    }
    Some(base)
}

fn hidden() -> bool {
    document().hidden()
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    let crypto_ok = window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf))
        .is_ok();
    if !crypto_ok {
        for b in &mut buf {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// The visitor id: kept in localStorage (else sessionStorage); where storage
/// is blocked, a fresh id for this page (the tab is counted on its own).
fn visitor_id() -> String {
    let w = window();
    for storage in [w.local_storage(), w.session_storage()] {
        let Ok(Some(storage)) = storage else { continue };
        if let Ok(Some(id)) = storage.get_item(VISITOR_KEY) {
            if valid_visitor_id(&id) {
                return id;
            }
        }
        let id = visitor_id_from(&random_bytes(VISITOR_ID_LEN));
        if storage.set_item(VISITOR_KEY, &id).is_ok() {
            return id;
        }
    }
    visitor_id_from(&random_bytes(VISITOR_ID_LEN))
}

struct Beacons {
    hit_url: String,
    beat_url: String,
    visitor: String,
    /// The current route's path (base path included), as sent.
    path: RefCell<String>,
    last_beat: Cell<f64>,
}

impl Beacons {
    fn send(&self, url: &str) {
        let path = self.path.borrow();
        // Failures are the server's business; the reader never hears of them.
        let _ = window()
            .navigator()
            .send_beacon_with_opt_str(url, Some(&beacon_body(&self.visitor, &path)));
    }

    /// A hit for the current path: settles once the server has answered it
    /// (or it failed; the reader never hears of that either).
    fn hit(&self) -> js_sys::Promise {
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_mode(web_sys::RequestMode::NoCors);
        init.set_body(&beacon_body(&self.visitor, &self.path.borrow()).into());
        // Sent even if the reader closes the tab at once (web-sys has no setter).
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
        self.last_beat.set(js_sys::Date::now());
        window().fetch_with_str_and_init(&self.hit_url, &init)
    }

    /// A heartbeat, unless the tab is hidden or one went out less than
    /// `min_gap_ms` ago.
    fn beat(&self, min_gap_ms: f64) {
        let now = js_sys::Date::now();
        if !hidden() && now - self.last_beat.get() >= min_gap_ms {
            self.send(&self.beat_url);
            self.last_beat.set(now);
        }
    }
}

struct Engine {
    base: String,
    /// What the views show (the box's figures); this engine writes them.
    state: Rc<dyn Figures>,
    /// Bumped on pause and resume: timers and answers of an older generation are ignored.
    generation: Cell<u32>,
    /// Failed `GET {url}` in a row (drives the backoff).
    attempt: Cell<u32>,
    /// Streams that failed before their first event, in a row.
    stream_failures: Cell<u32>,
    got_event: Cell<bool>,
    polls: Cell<u32>,
    source: RefCell<Option<web_sys::EventSource>>,
    on_stats: js_sys::Function,
    on_error: js_sys::Function,
}

impl Engine {
    fn accept(&self, body: &str) -> bool {
        let Some(numbers) = parse_numbers(body) else {
            return false;
        };
        self.state.update(&mut |s| {
            s.accept(numbers, time::now_ms());
            true
        });
        self.attempt.set(0);
        true
    }

    /// Keeps the figures but marks them not current; without figures yet,
    /// the skeleton gives way to dashes (nothing is loading any more).
    fn stale(&self) {
        self.state.update(&mut Visitors::stale);
    }

    fn close(&self) {
        if let Some(es) = self.source.borrow_mut().take() {
            es.close();
        }
    }

    fn stream_usable(&self) -> bool {
        self.stream_failures.get() < 2 || self.polls.get().is_multiple_of(10)
    }
}

/// Runs `f` after `ms` unless the engine paused or resumed meanwhile.
fn later(e: &Rc<Engine>, ms: u32, f: fn(&Rc<Engine>)) {
    let e = e.clone();
    let generation = e.generation.get();
    let run = Closure::once_into_js(move || {
        if e.generation.get() == generation {
            f(&e)
        }
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
        run.unchecked_ref(),
        ms.min(i32::MAX as u32) as i32,
    );
}

fn refresh(e: &Rc<Engine>) {
    if e.stream_usable() {
        open_stream(e)
    } else {
        poll(e)
    }
}

fn open_stream(e: &Rc<Engine>) {
    e.close();
    e.got_event.set(false);
    match web_sys::EventSource::new(&format!("{}/stream", e.base)) {
        Ok(es) => {
            let _ = es.add_event_listener_with_callback("stats", &e.on_stats);
            es.set_onmessage(Some(&e.on_stats));
            es.set_onerror(Some(&e.on_error));
            *e.source.borrow_mut() = Some(es);
        }
        // No EventSource here: poll.
        Err(_) => {
            e.stream_failures.set(u32::MAX);
            poll(e)
        }
    }
}

fn stream_event(e: &Engine, ev: web_sys::MessageEvent) {
    if let Some(body) = ev.data().as_string() {
        if e.accept(&body) {
            e.got_event.set(true);
            e.stream_failures.set(0);
        }
    }
}

/// The stream broke (server gone, proxy, network): keep the numbers, mark
/// them not current, and fall back to `GET {url}` after a backoff.
fn stream_error(e: &Rc<Engine>) {
    e.close();
    e.stale();
    if !e.got_event.get() {
        e.stream_failures
            .set(e.stream_failures.get().saturating_add(1));
    }
    later(e, backoff_ms(e.attempt.get(), js_sys::Math::random()), poll);
}

fn poll(e: &Rc<Engine>) {
    let e = e.clone();
    let generation = e.generation.get();
    e.polls.set(e.polls.get().wrapping_add(1));
    spawn_local(async move {
        let ok = match http::get_text(&e.base).await {
            Ok(body) => e.accept(&body),
            Err(_) => false,
        };
        if e.generation.get() != generation {
            return;
        }
        if ok {
            if e.stream_usable() {
                open_stream(&e)
            } else {
                later(&e, POLL_MS, refresh)
            }
        } else {
            e.stale();
            let attempt = e.attempt.get();
            e.attempt.set(attempt.saturating_add(1));
            later(&e, backoff_ms(attempt, js_sys::Math::random()), poll);
        }
    });
}

fn pause(e: &Engine) {
    e.generation.set(e.generation.get().wrapping_add(1));
    e.close();
}

fn resume(e: &Rc<Engine>) {
    pause(e);
    e.attempt.set(0);
    refresh(e);
}

/// Starts counting and the live figures when the config has `stats`, and
/// puts the live box in the portal; whether to show the visitor box.
#[cfg(feature = "views")]
pub fn start(config: &Config, router: Router) -> bool {
    let state = crate::context::shared()
        .and_then(|s| s.visitors)
        .unwrap_or_default();
    if !run(config, router, state) {
        return false;
    }
    crate::components::live_visitor_box(config, state);
    true
}

/// Counts a hit for each of `router`'s routes and keeps `state`'s figures
/// live, until the current reactive owner is disposed (the portal: never).
/// `false` without `stats`.
#[cfg(feature = "views")]
pub fn run(config: &Config, router: Router, state: leptos::prelude::RwSignal<Visitors>) -> bool {
    use leptos::prelude::{on_cleanup, Get};
    let Some(base) = stats_base(config) else {
        return false;
    };
    let client = Rc::new(Client::start(base, Rc::new(state)));
    // A hit for the first page and for every route change after it; on an
    // article, then its view count.
    let pages = client.clone();
    crate::erased::effect(move || {
        let route = router.route.get();
        let article = matches!(route, Route::Article { .. });
        pages.page_view(route.href(&url::base_path()), article);
    });
    let running = send_wrapper::SendWrapper::new(client);
    on_cleanup(move || running.stop());
    true
}

/// The counter client at work: beacons, heartbeats and the live figures.
/// `stop` (or dropping it) ends them all: no stream, timer, heartbeat or
/// listener is left.
pub struct Client {
    engine: Rc<Engine>,
    beacons: Option<Rc<Beacons>>,
    views_url: String,
    /// The heartbeats' interval id and callback.
    heartbeats: Cell<Option<i32>>,
    _beat: Option<Closure<dyn Fn()>>,
    on_visibility: js_sys::Function,
}

impl Client {
    /// Starts the live figures from the counter service at `base` (see
    /// `stats_base`) into `state`, and the heartbeats.
    pub fn start(base: String, state: Rc<dyn Figures>) -> Client {
        let user_agent = window().navigator().user_agent().unwrap_or_default();
        let beacons = (!is_bot(&user_agent)).then(|| {
            Rc::new(Beacons {
                hit_url: format!("{base}/hit"),
                beat_url: format!("{base}/heartbeat"),
                visitor: visitor_id(),
                path: RefCell::new(String::new()),
                last_beat: Cell::new(0.0),
            })
        });
        let views_url = format!("{base}/views?path=");
        let beat = beacons
            .clone()
            .map(|b| Closure::<dyn Fn()>::new(move || b.beat(f64::from(HEARTBEAT_MS) - 1_000.0)));
        let heartbeats = beat.as_ref().and_then(|beat| {
            window()
                .set_interval_with_callback_and_timeout_and_arguments_0(
                    beat.as_ref().unchecked_ref(),
                    HEARTBEAT_MS as i32,
                )
                .ok()
        });

        let engine = Rc::new_cyclic(|weak: &Weak<Engine>| {
            let w = weak.clone();
            let on_stats = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev| {
                if let Some(e) = w.upgrade() {
                    stream_event(&e, ev)
                }
            });
            let w = weak.clone();
            let on_error = Closure::<dyn Fn()>::new(move || {
                if let Some(e) = w.upgrade() {
                    stream_error(&e)
                }
            });
            Engine {
                base,
                state,
                generation: Cell::new(0),
                attempt: Cell::new(0),
                stream_failures: Cell::new(0),
                got_event: Cell::new(false),
                polls: Cell::new(0),
                source: RefCell::new(None),
                on_stats: on_stats.into_js_value().unchecked_into(),
                on_error: on_error.into_js_value().unchecked_into(),
            }
        });

        // Hidden tab: no stream, no polls, no heartbeats. Back: fresh figures at once.
        let e = engine.clone();
        let b = beacons.clone();
        let on_visibility = Closure::<dyn Fn()>::new(move || {
            if hidden() {
                pause(&e)
            } else {
                resume(&e);
                if let Some(b) = &b {
                    b.beat(30_000.0);
                }
            }
        });
        let on_visibility: js_sys::Function = on_visibility.into_js_value().unchecked_into();
        let _ = document().add_event_listener_with_callback("visibilitychange", &on_visibility);

        if !hidden() {
            refresh(&engine);
        }
        Client {
            engine,
            beacons,
            views_url,
            heartbeats: Cell::new(heartbeats),
            _beat: beat,
            on_visibility,
        }
    }

    /// Counts a view of `path` (base path included) and, on an article, asks
    /// for its count once the hit was answered. Every page view drops the
    /// count of the one before.
    pub fn page_view(&self, path: String, article: bool) {
        let hit = self.beacons.as_ref().map(|b| {
            *b.path.borrow_mut() = path.clone();
            b.hit()
        });
        let mut view = None;
        self.engine.state.update(&mut |s| {
            view = Some(s.views.start(&path));
            true
        });
        let view = view.filter(|_| article);
        let q = String::from(js_sys::encode_uri_component(&clean_path(&path)));
        let url = format!("{}{q}", self.views_url);
        let state = self.engine.state.clone();
        spawn_local(async move {
            if let Some(hit) = hit {
                // Answered or failed (awaited either way, so a failure is
                // handled, not an uncaught rejection), the count is asked for after it.
                let _ = wasm_bindgen_futures::JsFuture::from(hit).await;
            }
            let Some(view) = view else {
                return;
            };
            let Ok(body) = http::get_text(&url).await else {
                return;
            };
            if let Some(n) = parse_views(&body) {
                state.update(&mut |s| {
                    s.views.answer(view, n);
                    true
                });
            }
        });
    }

    /// Stops the stream, the polls, the heartbeats and the visibility listener.
    pub fn stop(&self) {
        pause(&self.engine);
        if let Some(id) = self.heartbeats.take() {
            window().clear_interval_with_handle(id);
        }
        let _ =
            document().remove_event_listener_with_callback("visibilitychange", &self.on_visibility);
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.stop();
    }
}
