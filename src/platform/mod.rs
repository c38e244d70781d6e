//! Thin wrappers over browser APIs. Everything that needs `web_sys` at run
//! time lives here (or in `router`/`sanitize::dom`), so the logic modules
//! stay pure and natively testable.

pub mod http;
pub mod observe;
pub mod time;
pub mod url;

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
