//! The light widgets' binary (src/widgets.rs, docs/embed.md): a portal's page
//! that shows only the visitor box, a latest-news list or an ad slot downloads this, not
//! the reader. src/embed.js calls `widget` for each such element.

#[cfg(target_arch = "wasm32")]
pub use exports::*;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    bantin::platform::report_panics();
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// A mounted widget; `stop()` unmounts it and stops its stream and timers.
    #[wasm_bindgen]
    pub struct Widget(Option<bantin::widgets::Widget>);

    #[wasm_bindgen]
    impl Widget {
        pub fn stop(&mut self) {
            self.0.take();
        }
    }

    /// Mounts the widget `kind` ("visitors", "latest" with `count` titles, or
    /// "ad": the config's slot `ad`) into `mount`; `config` is config.json's
    /// URL, `reader` the path of the portal's reader page (where the latest
    /// list's links go).
    #[wasm_bindgen]
    pub fn widget(
        mount: web_sys::HtmlElement,
        kind: &str,
        config: &str,
        reader: &str,
        count: u32,
        ad: &str,
    ) -> Widget {
        use bantin::widgets::{mount as mount_widget, Kind};
        let kind = match kind {
            "latest" => Kind::Latest {
                count: count.clamp(1, 50) as usize,
            },
            "ad" => Kind::Ad { id: ad.to_string() },
            _ => Kind::Visitors,
        };
        Widget(Some(mount_widget(
            mount,
            kind,
            config.to_string(),
            reader.to_string(),
        )))
    }
}
