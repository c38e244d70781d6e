//! A small History-API router.
//!
//! Why not leptos_router: it costs a large part of the first-load budget
//! (docs/size.md) and it handles every same-origin link click on the whole document,
//! which is wrong when bantin is embedded in a portal page. This one knows the
//! app's base path, handles only clicks on links inside the app's root element,
//! keeps each list's scroll position in `history.state`, and is ~150 lines.
//!
//! The route table (`Route::parse` / `Route::path`) is pure and natively tested.

#[cfg(feature = "views")]
use leptos::prelude::*;

/// Every page of the app. Paths are relative to the app's base path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Article {
        id: String,
    },
    Saved,
    /// A section of config.json's `sections`, by its slug.
    Section {
        slug: String,
    },
    /// The articles with this tag.
    Tag {
        tag: String,
    },
    /// Search; the query is the address's `?q=`, kept out of the route so
    /// that typing does not rebuild the page.
    Search,
    NotFound {
        path: String,
    },
}

const ARTICLE_PREFIX: &str = "bai/"; // bantin-server's ARTICLE_ROUTE too (chunks.test.mjs)
const SECTION_PREFIX: &str = "muc/";
const TAG_PREFIX: &str = "the/";
const SAVED: &str = "da-luu";
const SEARCH: &str = "tim-kiem";

impl Route {
    /// The route for a path relative to the base (no leading slash), e.g. "bai/abc".
    pub fn parse(relative: &str) -> Route {
        let path = relative.split(['?', '#']).next().unwrap_or("");
        let path = path.trim_start_matches('/');
        match path.trim_end_matches('/') {
            "" | "index.html" => Route::Home,
            SAVED => Route::Saved,
            SEARCH => Route::Search,
            p => {
                // One segment after a prefix, percent-decoded.
                let segment = |prefix| {
                    p.strip_prefix(prefix)
                        .filter(|s| !s.is_empty() && !s.contains('/'))
                        .and_then(decode_segment)
                };
                if let Some(id) = segment(ARTICLE_PREFIX) {
                    Route::Article { id }
                } else if let Some(slug) = segment(SECTION_PREFIX) {
                    Route::Section { slug }
                } else if let Some(tag) = segment(TAG_PREFIX) {
                    Route::Tag { tag }
                } else {
                    Route::NotFound { path: p.into() }
                }
            }
        }
    }

    /// The path relative to the base (no leading slash).
    pub fn path(&self) -> String {
        match self {
            Route::Home => String::new(),
            Route::Article { id } => format!("{ARTICLE_PREFIX}{}", encode_segment(id)),
            Route::Saved => SAVED.into(),
            Route::Section { slug } => format!("{SECTION_PREFIX}{}", encode_segment(slug)),
            Route::Tag { tag } => format!("{TAG_PREFIX}{}", encode_segment(tag)),
            Route::Search => SEARCH.into(),
            Route::NotFound { path } => path.clone(),
        }
    }

    /// The absolute path for links: base path + route path.
    pub fn href(&self, base_path: &str) -> String {
        format!("{base_path}{}", self.path())
    }
}

/// Percent-encodes an article id for one path segment. Letters, digits and
/// `-._~` stay; everything else (including `/`, spaces and non-ASCII) is escaped.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes a percent-encoded segment; `None` when it is not valid UTF-8.
pub fn decode_segment(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The path of `pathname` relative to `base_path`, or `None` if outside the app.
pub fn relative_to_base<'a>(pathname: &'a str, base_path: &str) -> Option<&'a str> {
    pathname
        .strip_prefix(base_path)
        .or_else(|| (pathname == base_path.trim_end_matches('/')).then_some(""))
}

/// The router state shared through context.
#[cfg(feature = "views")]
#[derive(Clone, Copy)]
pub struct Router {
    /// The route shown. A read half and a write half, not one `RwSignal`:
    /// a write through a `WriteSignal` clears the subscribers it notifies
    /// (the live ones subscribe again as they re-run), while an `RwSignal`
    /// keeps every effect that ever read it, the dropped ones of each page
    /// gone too (reactive_graph 0.2; docs/perf.md, "Memory").
    pub route: ReadSignal<Route>,
    pub set_route: WriteSignal<Route>,
    /// Scroll position to restore once the new route has rendered (back/forward).
    pub restore_scroll: RwSignal<Option<f64>>,
}

#[cfg(feature = "views")]
pub fn use_router() -> Router {
    #[cfg(target_arch = "wasm32")]
    if let Some(shared) = crate::context::shared() {
        return shared.router;
    }
    Router::new(Route::Home)
}

#[cfg(feature = "views")]
impl Router {
    pub fn new(route: Route) -> Self {
        let (route, set_route) = signal(route);
        Router {
            route,
            set_route,
            restore_scroll: RwSignal::new(None),
        }
    }
}

#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub use browser::*;

#[cfg(all(target_arch = "wasm32", feature = "views"))]
mod browser {
    use super::*;
    use crate::platform::url::base_path;
    use wasm_bindgen::{JsCast, JsValue};

    /// The route of the address the browser shows.
    pub fn current_route() -> Route {
        let pathname = window().location().pathname().unwrap_or_default();
        match relative_to_base(&pathname, &base_path()) {
            Some(rel) => Route::parse(rel),
            None => Route::NotFound { path: pathname },
        }
    }

    fn scroll_state(y: f64) -> JsValue {
        let state = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&state, &"scrollY".into(), &y.into());
        state.into()
    }

    /// Starts the router: reads the current URL and follows back/forward.
    /// The portal's router (shared through `context::Shared`).
    pub fn new_router() -> Router {
        let router = Router::new(current_route());
        if let Ok(history) = window().history() {
            // We restore list positions ourselves, after the list has rendered.
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
        let handle = window_event_listener(leptos::ev::popstate, move |ev| {
            let y = js_sys::Reflect::get(&ev.state(), &"scrollY".into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0);
            router.set_route.set(current_route());
            router.restore_scroll.set(Some(y));
        });
        // The app lives as long as the page; keep the listener.
        std::mem::forget(handle);
        router
    }

    impl Router {
        /// Goes to `route`: remembers where the reader was, pushes a history entry.
        pub fn navigate(&self, route: Route) {
            let w = window();
            if let Ok(history) = w.history() {
                let y = w.scroll_y().unwrap_or(0.0);
                let _ = history.replace_state(&scroll_state(y), "");
                let href = route.href(&base_path());
                let _ = history.push_state_with_url(&scroll_state(0.0), "", Some(&href));
            }
            self.set_route.set(route);
            match crate::platform::root::embedded() {
                // A guest in a portal's page: to its own top, if that is out of view.
                true => {
                    if let Some(host) = crate::platform::root::prefs_element() {
                        if host.get_bounding_client_rect().top() < 0.0 {
                            host.scroll_into_view();
                        }
                    }
                }
                false => w.scroll_to_with_x_and_y(0.0, 0.0),
            }
            // Like a page load for screen readers and keyboards: start at the
            // new page's content, not on the link that is gone.
            request_animation_frame(|| {
                if let Some(main) = crate::platform::root::by_id("bt-main")
                    .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    // Without scrolling: like a page load, the reader sees the
                    // top of the page (header, banner, header ad), not main
                    // pulled up to the top edge.
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = main.focus_with_options(&options);
                }
            });
        }

        /// Click handler for the app's root: turns clicks on in-app links into
        /// route changes; everything else (modifiers, new tabs, other origins,
        /// downloads, links outside the base) is left to the browser.
        pub fn handle_click(&self, ev: &web_sys::MouseEvent) {
            if ev.default_prevented()
                || ev.button() != 0
                || ev.meta_key()
                || ev.ctrl_key()
                || ev.shift_key()
                || ev.alt_key()
            {
                return;
            }
            // The listener is on the app's root (Leptos delegates no events),
            // inside a `<bantin-news>` shadow root too: the target is ours.
            let Some(anchor) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                return;
            };
            if !anchor.target().is_empty() || anchor.has_attribute("download") {
                return;
            }
            let location = window().location();
            if anchor.origin() != location.origin().unwrap_or_default() {
                return;
            }
            let Some(rel) = relative_to_base(&anchor.pathname(), &base_path()).map(str::to_string)
            else {
                return;
            };
            // Same page, only a fragment: let the browser scroll to it.
            if !anchor.hash().is_empty()
                && anchor.pathname() == location.pathname().unwrap_or_default()
            {
                return;
            }
            let route = Route::parse(&rel);
            // A path the app has no page for (a static file, an operator's own
            // page under the same base) is the browser's business.
            if matches!(route, Route::NotFound { .. }) {
                return;
            }
            ev.prevent_default();
            self.navigate(route);
        }
    }
}
