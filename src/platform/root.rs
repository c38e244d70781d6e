//! Where the app lives in the page: the whole document (the standalone app),
//! or the shadow root of a `<bantin-news>` element in a portal's page
//! (src/embed.js, docs/embed.md).
//!
//! Views find their own elements (`by_id`) and put the reader's choices
//! (`prefs_element`) through here, never through `document` directly: in a
//! portal's page the document is the host's, and an id or an attribute on its
//! `<html>` would be the host's too.

use std::cell::RefCell;
use web_sys::{Element, ShadowRoot};

thread_local! {
    static SHADOW: RefCell<Option<ShadowRoot>> = const { RefCell::new(None) };
}

/// Records that the app is mounted inside `shadow` (a `<bantin-news>` element's).
pub fn set_shadow(shadow: ShadowRoot) {
    SHADOW.with(|s| *s.borrow_mut() = Some(shadow));
}

fn document() -> web_sys::Document {
    use wasm_bindgen::UnwrapThrowExt;
    web_sys::window()
        .and_then(|w| w.document())
        .expect_throw("no document")
}

fn shadow() -> Option<ShadowRoot> {
    SHADOW.with(|s| s.borrow().clone())
}

/// Whether bantin is a guest in someone else's page.
pub fn embedded() -> bool {
    SHADOW.with(|s| s.borrow().is_some())
}

/// The app's element with this id.
pub fn by_id(id: &str) -> Option<Element> {
    match shadow() {
        Some(shadow) => shadow.get_element_by_id(id),
        None => document().get_element_by_id(id),
    }
}

/// The app's first element matching `selector`.
pub fn query(selector: &str) -> Option<Element> {
    match shadow() {
        Some(shadow) => shadow.query_selector(selector).ok().flatten(),
        None => document().query_selector(selector).ok().flatten(),
    }
}

/// The app's elements matching `selector`, in document order.
pub fn query_all(selector: &str) -> Vec<Element> {
    use wasm_bindgen::JsCast;
    let list = match shadow() {
        Some(shadow) => shadow.query_selector_all(selector),
        None => document().query_selector_all(selector),
    };
    let Ok(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The element that carries the page's language and the reader's text size
/// and light/dark (`data-bt-*`, which style/main.css reads from `:root` or
/// `:host`): `<html>`, or the `<bantin-news>` element.
pub fn prefs_element() -> Option<Element> {
    match shadow() {
        Some(shadow) => Some(shadow.host()),
        None => document().document_element(),
    }
}
