//! Thin wrappers over browser APIs. Everything that needs `web_sys` at run
//! time lives here (or in `router`/`sanitize::dom`), so the logic modules
//! stay pure and natively testable.

pub mod http;
#[cfg(feature = "views")]
pub mod js;
#[cfg(feature = "views")]
pub mod lead_image;
pub mod observe;
pub mod root;
pub mod time;
pub mod url;

/// A panic ends the whole page; the console says why and where (the file
/// names the binary's code). Not console_error_panic_hook: its JS stack trace names
/// no function in a release wasm (no names section), and the message and
/// place, passed as they are (no formatting), cost less of the first load
/// (docs/size.md).
#[cfg(target_arch = "wasm32")]
pub fn report_panics() {
    use wasm_bindgen::JsValue;
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
}

/// Logs a warning to the browser console (operators look there; readers never see it).
pub fn warn(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = message;
}

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

pub fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A value kept in localStorage; `None` when absent or storage is blocked.
pub fn local_get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Keeps a value in localStorage; quiet when storage is blocked or full.
pub fn local_set(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

/// `target[name]`, or `undefined`.
///
/// With [`js_call`], for browser APIs that only lazily loaded code uses
/// (print, popovers, performance marks, `matchMedia`…): every typed
/// `web_sys` method is an import of the main module and a function of its
/// JS glue, in the first load even when only a chunk calls it, while these
/// two go through `Reflect`, which the app imports anyway (docs/size.md).
pub fn js_get(target: &wasm_bindgen::JsValue, name: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(target, &name.into()).unwrap_or_default()
}

/// Calls `target[name](...args)`; `None` when there is no such method or it
/// throws.
pub fn js_call(
    target: &wasm_bindgen::JsValue,
    name: &str,
    args: &[wasm_bindgen::JsValue],
) -> Option<wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let method: js_sys::Function = js_get(target, name).dyn_into().ok()?;
    let args: js_sys::Array = args.iter().collect();
    js_sys::Reflect::apply(&method, target, &args).ok()
}
