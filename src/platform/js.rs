//! The app's one JS snippet: the few things that take fewer bytes in JS than
//! through web-sys bindings (each binding is glue in the first load). One
//! snippet, not one a module: every snippet is a file of its own to fetch.
//! No feature checks for what every browser with `??=` has (`PerformanceObserver`
//! and its `supportedEntryTypes`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(
    inline_js = "let m;export function offlineJs(u){return m??=import(u).catch(e=>{m=null;throw e})}\
export function afterLeadImage(i,w,f){\
let d,g=()=>d||(d=1,setTimeout(f)),\
p=()=>document.hidden?g():i&&PerformanceObserver.supportedEntryTypes.includes('element')?\
(new PerformanceObserver((l,o)=>l.getEntries().some(e=>e.identifier=='lead')&&(o.disconnect(),g()))\
.observe({type:'element',buffered:!0}),setTimeout(g,500)):requestAnimationFrame(g);\
i&&!i.complete?(i.addEventListener('load',p),i.addEventListener('error',g),setTimeout(g,w)):p()}"
)]
extern "C" {
    /// offline.js's module namespace, imported once (again after a failure;
    /// `offline::js`).
    #[cfg(feature = "offline")]
    #[wasm_bindgen(js_name = offlineJs)]
    pub fn offline_js(url: &str) -> js_sys::Promise;

    /// Calls `f`, in a task of its own, once the lead picture `img` is on the
    /// screen (`platform::lead_image`): it has arrived (or failed, or `wait_ms`
    /// went by), and then its paint has been presented, as the browser times the
    /// page's largest paint. Chromium reports that paint (Element Timing: the
    /// picture's `elementtiming="lead"`); elsewhere, and without a picture, the
    /// next frame stands for it, and a picture that paints nothing in 500 ms (off
    /// the screen) holds nothing back. A hidden page paints nothing: at once.
    #[wasm_bindgen(js_name = afterLeadImage)]
    pub fn after_lead_image(img: Option<&web_sys::Element>, wait_ms: f64, f: &JsValue);
}
