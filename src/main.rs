//! Entry point: a readable panic message in the console, then the app.

use wasm_bindgen::JsValue;

// talc rather than std's dlmalloc: an allocator made for wasm, smaller and
// faster (docs/size.md). The wasm here is single-threaded (no atomics).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // A panic ends the whole page; the console says why and where. Not
    // console_error_panic_hook: its JS stack trace names no function in a release
    // wasm (no names section), and the message and place, passed as they are
    // (no formatting), cost less of the first load (docs/size.md).
    std::panic::set_hook(Box::new(|info| {
        let message = info.payload_as_str().unwrap_or("(no message)");
        let (file, line) = info.location().map_or(("?", 0), |l| (l.file(), l.line()));
        web_sys::console::error_4(
            &JsValue::from_str("bantin panicked:"),
            &JsValue::from_str(message),
            &JsValue::from_str(file),
            &JsValue::from(line),
        );
    }));
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
