//! The article's body. HTML goes through `sanitize` (an inert DOMParser
//! document walked with an allow-list) and the clean nodes are moved into the
//! page; nothing from a feed ever reaches `innerHTML`. Plain text becomes
//! paragraphs of text nodes.

use super::use_strings;
use crate::model::Content;
use crate::sanitize;
use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub fn ArticleBody(content: Content, base_url: Option<String>) -> impl IntoView {
    let t = use_strings();
    match content {
        Content::Html(html) => {
            let holder = NodeRef::<Div>::new();
            let failed = RwSignal::new(false);
            Effect::new(move |_| {
                let Some(el) = holder.get() else { return };
                match sanitize::sanitize_with_base(&html, base_url.as_deref()) {
                    Ok(fragment) => {
                        el.set_text_content(None);
                        if el.append_child(&fragment).is_err() {
                            failed.set(true);
                        }
                    }
                    Err(_) => failed.set(true),
                }
            });
            view! {
                <div class="bt-body" node_ref=holder></div>
                <Show when=move || failed.get()>
                    <p class="bt-notice">{t.error_article_body}</p>
                </Show>
            }
            .into_any()
        }
        Content::Text(text) => view! {
            <div class="bt-body">
                {text
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| view! { <p>{p.to_string()}</p> })
                    .collect_view()}
            </div>
        }
        .into_any(),
        Content::None => view! { <div class="bt-body"></div> }.into_any(),
    }
}
