//! Article HTML sanitizer: a pure allow-list ([`policy`], natively tested) and a
//! DOMParser walk that builds clean nodes in the page ([`dom`], browser only).
//! Titles, summaries and author names are text, never HTML: only `content_html`
//! goes through here.

pub mod defuse;
pub mod dom;
pub mod policy;

pub use defuse::defuse;
pub use dom::{
    insert_after_paragraph, plain_text, sanitize, sanitize_to_html, sanitize_to_html_with_base,
    sanitize_with_base, SanitizeError,
};
pub use policy::{
    attribute_allowed, clean_attribute, element_action, foreign_element_action, url_allowed,
    ElementAction,
};
