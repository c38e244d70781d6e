//! The light widgets for a portal's page (docs/embed.md): the visitor box, a
//! latest-news list and an ad slot, each in a `<bantin-news kind=…>`
//! element's shadow root, each kind built into its own small binary
//! (src/bin/widget_*.rs, through `widget_binary!`) without the reader. A page
//! fetches the code of the kinds it shows, once each, and every element of a
//! kind shares that one instance. They share the reader's code for what they
//! show: config.json, the feed formats, the counter client and the ads.
//!
//! The visitor box and the list are drawn with web-sys, not Leptos: the
//! framework alone is most of the 35 KB for the box (docs/size.md).
//! The ad slot is the portal's own Leptos component (rotation, creatives,
//! viewability, beacons), which is what an ad slot must be.
//!
//! A widget lives until the portal's page removes its element: dropping its
//! `Widget` stops everything it runs (the counter client's stream, timers and
//! listeners; the ad's observers and rotation) and empties its mount.

#[cfg(all(target_arch = "wasm32", feature = "views"))]
mod ad;
mod dom;
mod latest;
#[cfg(all(target_arch = "wasm32", feature = "visitors"))]
mod visitors;

#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub use ad::mount_ad;
pub use latest::mount_latest;
#[cfg(all(target_arch = "wasm32", feature = "visitors"))]
pub use visitors::{mount_visitors, VisitorBoxDom};

use crate::config::Config;
use crate::error::AppError;
use crate::platform::{http, url};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::HtmlElement;

/// What an element asks of its widget (its attributes, docs/embed.md).
pub struct Options {
    /// An element of the widget's shadow root, to draw into.
    pub mount: HtmlElement,
    /// config.json's URL, as the element gives it (relative to the page).
    pub config_url: String,
    /// The path the full reader lives under (`/tin-tuc/`): the list's links go there.
    pub reader: String,
    /// How many titles the list shows.
    pub count: usize,
    /// The config's ad slot id.
    pub ad: String,
}

/// A mounted widget: dropping it unmounts it and stops everything it runs.
pub struct Widget(#[allow(dead_code)] Box<dyn Any>);

/// config.json's absolute URL, which also becomes the app base (its relative
/// URLs resolve against it).
fn config_url(relative: &str) -> String {
    let page = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let absolute = url::resolve(relative, &page).unwrap_or_else(|| relative.to_string());
    url::set_app_base(&absolute);
    absolute
}

async fn load_config(url: &str) -> Result<Config, AppError> {
    Config::parse(&http::get_text(url).await?)
}

/// A widget drawn without Leptos: its mount, and what runs for it once the
/// config has come (kept until the widget is dropped).
struct Plain {
    mount: HtmlElement,
    alive: Rc<Cell<bool>>,
    running: Rc<RefCell<Option<Box<dyn Any>>>>,
}

impl Drop for Plain {
    fn drop(&mut self) {
        self.alive.set(false);
        self.running.borrow_mut().take();
        self.mount.replace_children_with_node_0();
    }
}

/// Mounts a web-sys widget: a placeholder in `mount` until the config has
/// loaded, then what `draw` makes of it (it draws into `mount` and returns
/// what must run until the widget stops), or one line if it cannot load.
fn plain(
    options: Options,
    draw: impl FnOnce(&Config, &Options) -> Option<Box<dyn Any>> + 'static,
) -> Widget {
    let alive = Rc::new(Cell::new(true));
    let running = Rc::new(RefCell::new(None));
    let url = config_url(&options.config_url);
    let mount = options.mount.clone();
    if let Some(placeholder) = dom::element("div", "bt-widget bt-widget-loading") {
        let _ = placeholder.set_attribute("aria-busy", "true");
        let _ = mount.append_with_node_1(&placeholder);
    }
    let (still, runs) = (alive.clone(), running.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let config = load_config(&url).await;
        if !still.get() {
            return;
        }
        options.mount.replace_children_with_node_0();
        match config {
            Ok(config) => *runs.borrow_mut() = draw(&config, &options),
            Err(_) => unavailable(&options.mount, crate::i18n::VI.error_title),
        }
    });
    Widget(Box::new(Plain {
        mount,
        alive,
        running,
    }))
}

/// One line saying the widget has nothing to show (the reader never sees a blank box).
fn unavailable(mount: &HtmlElement, text: &str) {
    if let Some(line) = dom::element("p", "bt-widget bt-widget-error") {
        let _ = line.set_attribute("role", "status");
        line.set_text_content(Some(text));
        let _ = mount.append_with_node_1(&line);
    }
}

/// The exports of a widget binary (src/bin/widget_*.rs), which embed.js
/// calls: `widget(mount, config, reader, count, ad)` mounts one, and its
/// `stop()` stops it. `$mount` is the kind's `mount_*`: only its code is in
/// the binary.
#[macro_export]
macro_rules! widget_binary {
    ($mount:path) => {
        #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
        #[global_allocator]
        static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

        fn main() {
            #[cfg(target_arch = "wasm32")]
            $crate::platform::report_panics();
        }

        #[cfg(target_arch = "wasm32")]
        mod exports {
            use wasm_bindgen::prelude::*;

            /// A mounted widget; `stop()` unmounts it and stops its stream and timers.
            #[wasm_bindgen]
            pub struct Widget(Option<$crate::widgets::Widget>);

            #[wasm_bindgen]
            impl Widget {
                pub fn stop(&mut self) {
                    self.0.take();
                }
            }

            /// Mounts this binary's widget into `mount`; `config` is
            /// config.json's URL, `reader` the path of the portal's reader
            /// page, `count` the list's length, `ad` the ad slot's id.
            #[wasm_bindgen]
            pub fn widget(
                mount: web_sys::HtmlElement,
                config: &str,
                reader: &str,
                count: u32,
                ad: &str,
            ) -> Widget {
                Widget(Some($mount($crate::widgets::Options {
                    mount,
                    config_url: config.to_string(),
                    reader: reader.to_string(),
                    count: count.clamp(1, 50) as usize,
                    ad: ad.to_string(),
                })))
            }
        }
    };
}
