//! The article's body. HTML goes through `sanitize` (an inert DOMParser
//! document walked with an allow-list) and the clean nodes are moved into the
//! page; nothing from a feed ever reaches `innerHTML`. Plain text becomes
//! paragraphs of text nodes.
//!
//! The in-article ad slot is rendered after the body (its box already
//! reserved) and moved, in the same task and before any paint, after paragraph
//! N of the body — never into a figure, table, list or quote. A body with fewer
//! paragraphs keeps it at its end.

use super::{single_slot, use_strings, AdSlot};
use crate::ads::Placement;
use crate::model::Content;
use crate::sanitize;
use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub fn ArticleBody(content: Content, base_url: Option<String>) -> impl IntoView {
    let t = use_strings();
    let holder = NodeRef::<Div>::new();
    let inset = NodeRef::<Div>::new();
    let failed = RwSignal::new(false);
    let ad = single_slot(Placement::InArticle);
    let (html, paragraphs) = match content {
        Content::Html(html) => (Some(html), Vec::new()),
        Content::Text(text) => (
            None,
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        Content::None => (None, Vec::new()),
    };
    crate::erased::effect(move || {
        let Some(el) = holder.get() else { return };
        if let Some(html) = &html {
            match sanitize::sanitize_with_base(html, base_url.as_deref()) {
                Ok(fragment) => {
                    el.set_text_content(None);
                    if el.append_child(&fragment).is_err() {
                        failed.set(true);
                    }
                }
                Err(_) => failed.set(true),
            }
        }
        if let (Some(n), Some(ad)) = (ad, inset.get()) {
            sanitize::insert_after_paragraph(&el, n, &ad);
        }
    });
    view! {
        <div class="bt-body" node_ref=holder>
            {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
        </div>
        {ad.map(|_| view! { <div class="bt-inset" node_ref=inset><AdSlot placement=Placement::InArticle/></div> })}
        {move || failed.get().then(|| view! { <p class="bt-notice">{t.error_article_body}</p> })}
    }
}
