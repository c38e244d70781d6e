//! The few DOM calls the web-sys widgets make.

use web_sys::Element;

pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// A new `<tag class=…>`.
pub fn element(tag: &str, class: &str) -> Option<Element> {
    let el = document()?.create_element(tag).ok()?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Some(el)
}

/// A new `<tag class=…>` with `text` in it, appended to `parent`.
pub fn child(parent: &Element, tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = element(tag, class)?;
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    parent.append_with_node_1(&el).ok()?;
    Some(el)
}
