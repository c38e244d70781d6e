//! GET requests with errors mapped to what the reader should be told.
//!
//! Plain `fetch` through web-sys rather than gloo-net: measured on this app,
//! gloo-net (and the `http` crate it brings) cost ≈ 2 KB brotli for the one
//! GET-and-read-text call we make.

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

pub async fn get_text(url: &str) -> Result<String, AppError> {
    let window = web_sys::window().ok_or_else(|| network_error("no window"))?;
    let response = JsFuture::from(window.fetch_with_str(url))
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
