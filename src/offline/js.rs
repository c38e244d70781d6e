//! Bindings to offline.js (why a JS module: see its header comment).
//!
//! Everything that calls into offline.js runs in the lazily loaded `offline`,
//! `saved` and `article` chunks, so the module is not a static import of the
//! glue (which would make it first-load JS): Trunk copies it beside
//! index.html, and the first call imports it from the app's base.

use super::error::JsError;
use crate::platform::js::offline_js;
use crate::platform::url;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// `name(args…)` of offline.js, its promise settled: the value, or why not.
async fn call(name: &'static str, args: &[JsValue]) -> Result<JsValue, JsError> {
    // offline.js rejects with the error's name ("QuotaExceededError", …).
    let refused = |e: JsValue| JsError::Refused(e.as_string().unwrap_or_default());
    let module_url = url::resolve_asset("offline.js").ok_or(JsError::Import)?;
    let module = JsFuture::from(offline_js(&module_url))
        .await
        .map_err(|_| JsError::Import)?;
    let function: Function = Reflect::get(&module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(JsError::Missing(name))?;
    let value = function
        .apply(&JsValue::NULL, &args.iter().collect::<Array>())
        .map_err(refused)?;
    JsFuture::from(Promise::resolve(&value))
        .await
        .map_err(refused)
}

/// A call's answer as the text it must be.
async fn call_text(name: &'static str, args: &[JsValue]) -> Result<String, JsError> {
    call(name, args)
        .await?
        .as_string()
        .ok_or(JsError::Unexpected(name))
}

/// A call whose answer nobody waits for.
fn send(name: &'static str, args: Vec<JsValue>) {
    leptos::task::spawn_local(async move {
        let _ = call(name, &args).await;
    });
}

/// A JS array of strings. Lists cross to offline.js as arrays, never joined:
/// an article id may hold any character, so a joined id list split on its
/// separator named other articles (an unsaved id with a newline in it also
/// deleted a saved one).
pub(crate) fn js_strings(items: &[String]) -> Array {
    items.iter().map(|s| JsValue::from_str(s)).collect()
}

/// Stores a record, then has the service worker keep its `images`.
pub async fn idb_put(json: &str, images: &[String]) -> Result<(), JsError> {
    call("idbPut", &[json.into(), js_strings(images).into()])
        .await
        .map(drop)
}

pub async fn idb_delete(ids: &[String]) -> Result<(), JsError> {
    call("idbDelete", &[js_strings(ids).into()]).await.map(drop)
}

/// The record's JSON, `Ok(None)` when there is none (offline.js answers
/// null).
pub async fn idb_get(id: &str) -> Result<Option<String>, JsError> {
    let value = call("idbGet", &[id.into()]).await?;
    if value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or(JsError::Unexpected("idbGet"))
}

/// Every record (without bodies), most recently stored first, as a JSON
/// array, after dropping the kept copies beyond the newest `max_kept`.
pub async fn idb_list(max_kept: usize) -> Result<String, JsError> {
    let max = u32::try_from(max_kept).unwrap_or(u32::MAX);
    call_text("idbList", &[max.into()]).await
}

/// Bytes used by this site, when the browser says (offline.js answers null
/// when it does not).
pub async fn storage_used() -> Option<u64> {
    let n = call("storageUsed", &[]).await.ok()?.as_f64()?;
    Some(n as u64)
}

/// Asks the browser to keep this site's storage under pressure.
pub fn persist() {
    send("persist", Vec::new());
}

/// Registers the service worker; `on_update` runs when a new version waits.
pub fn sw_register(worker: &str, scope: &str, on_update: &Function) {
    send(
        "swRegister",
        vec![worker.into(), scope.into(), on_update.into()],
    );
}

/// Removes a worker registered at `scope` by an earlier build.
pub fn sw_unregister(scope: &str) {
    send("swUnregister", vec![scope.into()]);
}

/// Has the waiting worker take over (the page reloads).
pub fn sw_apply() {
    send("swApply", Vec::new());
}
