//! Entry point: a readable panic message in the console, then the app.

// talc rather than std's dlmalloc: an allocator made for wasm, smaller and
// faster (docs/size.md). The wasm here is single-threaded (no atomics).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    bantin::platform::report_panics();
    bantin::start();
}

/// The reader in a portal's page: src/embed.js calls this for its
/// `<bantin-news>` element, with the element's `src` (config.json), `base`
/// (the path the reader's addresses live under) and where the app's files are.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn embed(mount: web_sys::HtmlElement, config: &str, routes: &str, assets: &str) {
    bantin::embed(mount, config, routes, assets);
}
