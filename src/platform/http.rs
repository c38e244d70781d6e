//! GET requests with errors mapped to what the reader should be told.
//!
//! Plain `fetch` through web-sys rather than gloo-net, which costs the first
//! load more than this whole file for the one GET-and-read-text call we make
//! (measured twice: docs/size.md).

use crate::error::AppError;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn network_error(detail: &str) -> AppError {
    if super::is_online() {
        AppError::Network(detail.to_string())
    } else {
        AppError::Offline
    }
}

/// Cancels the request it is given to (an `AbortController`), for a page
/// that went away before its answer came.
#[derive(Clone)]
pub struct Abort(Option<web_sys::AbortController>);

impl Abort {
    pub fn new() -> Abort {
        Abort(web_sys::AbortController::new().ok())
    }

    /// Aborts the request: its fetch (and reading its body) fails at once.
    pub fn abort(&self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

impl Default for Abort {
    fn default() -> Self {
        Abort::new()
    }
}

/// GETs `url` as text.
pub async fn get_text(url: &str) -> Result<String, AppError> {
    get_text_abortable(url, None).await
}

/// GETs `url` as text; `abort`, when given, can cancel it.
pub async fn get_text_abortable(url: &str, abort: Option<&Abort>) -> Result<String, AppError> {
    let window = web_sys::window().ok_or_else(|| network_error("no window"))?;
    let init = web_sys::RequestInit::new();
    if let Some(controller) = abort.and_then(|a| a.0.as_ref()) {
        init.set_signal(Some(&controller.signal()));
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| network_error("fetch failed"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| network_error("not a response"))?;
    if !response.ok() {
        return Err(AppError::Http {
            status: response.status(),
            url: url.to_string(),
        });
    }
    let text = response.text().map_err(|_| network_error("no body"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| network_error("body could not be read"))
}
