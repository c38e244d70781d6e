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

/// Aborts a request after a time unless dropped first (see `Abort::after`).
pub struct Deadline {
    id: Option<i32>,
    _abort: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Abort {
    /// Aborts this request after `ms` milliseconds, unless the `Deadline`
    /// is dropped first (its answer came).
    pub fn after(&self, ms: i32) -> Deadline {
        let abort = self.clone();
        let run = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || abort.abort());
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                run.as_ref().unchecked_ref(),
                ms,
            )
            .ok()
        });
        Deadline { id, _abort: run }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
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

/// GETs `url` as text; `abort`, when given, can cancel it. A status other
/// than 2xx is an error.
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

/// What a server answered, whatever the status: sources that explain their
/// errors in the body (WordPress's `{"code": …}`) read it themselves.
pub struct Answer {
    pub status: u16,
    /// The one header the caller asked for (pages of a WordPress list).
    pub header: Option<String>,
    pub body: String,
}

/// GETs `url`, or POSTs `json` to it, and reads the answer whatever its
/// status; `header` names a response header to read. Only the network
/// failing is an error here.
///
/// Apart from `get_text_abortable` on purpose: only chunks call this, and
/// sharing parts with the first load's GET would pin them there, out of line
/// (docs/size.md).
pub async fn request(
    url: &str,
    json: Option<&str>,
    abort: Option<&Abort>,
    header: Option<&str>,
) -> Result<Answer, AppError> {
    let window = web_sys::window().ok_or_else(|| network_error("no window"))?;
    let init = web_sys::RequestInit::new();
    if let Some(controller) = abort.and_then(|a| a.0.as_ref()) {
        init.set_signal(Some(&controller.signal()));
    }
    if let Some(json) = json {
        init.set_method("POST");
        init.set_body(&json.into());
        // A plain object rather than `Headers`: two fewer imports in the
        // first load's glue (docs/size.md).
        let headers = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&headers, &"Content-Type".into(), &"application/json".into());
        init.set_headers(&headers);
    }
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| network_error("fetch failed"))?
        .dyn_into()
        .map_err(|_| network_error("not a response"))?;
    let header = header.and_then(|name| response.headers().get(name).ok().flatten());
    let text = response.text().map_err(|_| network_error("no body"))?;
    let body = JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| network_error("body could not be read"))?;
    Ok(Answer {
        status: response.status(),
        header,
        body,
    })
}
