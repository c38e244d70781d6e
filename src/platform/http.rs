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
        .map(cut_if_large)
        .and_then(|t| t.as_string())
        .ok_or_else(|| network_error("body could not be read"))
}

/// Bodies longer than this (UTF-16 units, about 2 MB) are cut by the
/// browser before they cross into wasm (`cut_if_large`).
const LARGE_BODY: f64 = 2_000_000.0;

/// The elements a large body keeps of its `items`: a feed page's cap
/// (`source::jsonfeed::MAX_ITEMS_PER_PAGE`; `source` checks they agree).
pub const LARGE_BODY_KEEPS: u32 = 1_000;

/// A large JSON body with `items` (a feed page) cut to its first
/// `LARGE_BODY_KEEPS` items, by the browser; any other body as it is.
///
/// Why: a JS string crosses into wasm through a buffer of three bytes a unit
/// at its peak, and wasm memory never shrinks: a 17 MB page of 10,000 items
/// kept 52.8 MiB for good, to show 1,000 of them (docs/perf.md).
/// `JSON.parse` and `JSON.stringify` leave that to the JS heap, which the
/// collector gives back. Through `js_get`/`js_call`, with no new import, and
/// no count of the items left out (the reader shows none): the first load's
/// budget has room for nothing more. A body that is not such a document is
/// left whole, for the feed's parser to explain. (A number in a cut page
/// goes through a JS number: an id written as a number longer than 15
/// digits may change. JSON Feed's ids are strings.)
pub fn cut_if_large(body: wasm_bindgen::JsValue) -> wasm_bindgen::JsValue {
    use super::{js_call, js_get};
    let global = js_sys::global();
    // `Reflect.get` takes objects only: `Object(body)` is the string boxed.
    let boxed = js_call(&global, "Object", std::slice::from_ref(&body)).unwrap_or_default();
    if js_get(&boxed, "length").as_f64().unwrap_or(0.0) <= LARGE_BODY {
        return body;
    }
    let json = js_get(&global, "JSON");
    let cut = js_call(&json, "parse", std::slice::from_ref(&body)).and_then(|doc| {
        // `slice` of a string `items` is a string again: the parser says so.
        let kept = js_call(
            &js_get(&doc, "items"),
            "slice",
            &[0.into(), LARGE_BODY_KEEPS.into()],
        )?;
        js_sys::Reflect::set(&doc, &"items".into(), &kept).ok()?;
        js_call(&json, "stringify", &[doc])
    });
    cut.unwrap_or(body)
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
