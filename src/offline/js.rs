//! Bindings to offline.js (why a JS module: see its header comment).

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/offline/offline.js")]
extern "C" {
    #[wasm_bindgen(js_name = idbPut)]
    fn idb_put_js(json: &str, images: &str) -> Promise;
    #[wasm_bindgen(js_name = idbDelete)]
    fn idb_delete_js(ids: &str) -> Promise;
    #[wasm_bindgen(js_name = idbGet)]
    fn idb_get_js(id: &str) -> Promise;
    #[wasm_bindgen(js_name = idbList)]
    fn idb_list_js(max_kept: u32) -> Promise;
    #[wasm_bindgen(js_name = storageUsed)]
    fn storage_used_js() -> Promise;
    #[wasm_bindgen(js_name = persist)]
    pub fn persist();
    #[wasm_bindgen(js_name = swRegister)]
    pub fn sw_register(url: &str, scope: &str, on_update: &Function);
    #[wasm_bindgen(js_name = swUnregister)]
    pub fn sw_unregister(scope: &str);
    #[wasm_bindgen(js_name = swApply)]
    pub fn sw_apply();
}

/// The promise's value, or the error's name ("QuotaExceededError", …).
async fn settle(p: Promise) -> Result<JsValue, String> {
    JsFuture::from(p)
        .await
        .map_err(|e| e.as_string().unwrap_or_default())
}

/// Stores a record, then has the service worker keep its `images`.
pub async fn idb_put(json: &str, images: &[String]) -> Result<(), String> {
    settle(idb_put_js(json, &images.join("\n"))).await.map(drop)
}

pub async fn idb_delete(ids: &[String]) -> Result<(), String> {
    settle(idb_delete_js(&ids.join("\n"))).await.map(drop)
}

/// The record's JSON, `Ok(None)` when there is none.
pub async fn idb_get(id: &str) -> Result<Option<String>, String> {
    let json = settle(idb_get_js(id))
        .await?
        .as_string()
        .unwrap_or_default();
    Ok((!json.is_empty()).then_some(json))
}

/// Every record (without bodies), most recently stored first, as a JSON
/// array, after dropping the kept copies beyond the newest `max_kept`.
pub async fn idb_list(max_kept: usize) -> Result<String, String> {
    let max = u32::try_from(max_kept).unwrap_or(u32::MAX);
    Ok(settle(idb_list_js(max))
        .await?
        .as_string()
        .unwrap_or_default())
}

/// Bytes used by this site, when the browser says.
pub async fn storage_used() -> Option<u64> {
    let n = settle(storage_used_js()).await.ok()?.as_f64()?;
    (n >= 0.0).then_some(n as u64)
}
