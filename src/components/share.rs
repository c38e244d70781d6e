//! An article's tools after its text: share (the Web Share API where the
//! browser has it, else copy the link, with a confirmation), plain share
//! links (`crate::share`) and print. In the `article` chunk.

use super::use_lang;
use crate::i18n::Lang;
use crate::platform::{js_call, js_get};
use crate::share::share_links;
use js_sys::{Object, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Calls `object.method(arg)` and waits for its promise: `Err` when there is
/// no such method, or it fails.
async fn call(object: &JsValue, method: &str, arg: JsValue) -> Result<(), JsValue> {
    let promise = js_call(object, method, &[arg]).ok_or(JsValue::NULL)?;
    JsFuture::from(Promise::from(promise)).await.map(|_| ())
}

#[component]
pub fn ArticleTools(url: String, title: String) -> impl IntoView {
    let s = strings(use_lang());
    let navigator: JsValue = window().navigator().into();
    let can_share = js_get(&navigator, "share").is_function();
    // What the last press did, said where a screen reader hears it.
    let said = RwSignal::new("");
    let links = share_links(&url, &title);
    // One listener for the buttons (`reader_tools::pressed`).
    let on_click = move |ev: leptos::ev::MouseEvent| {
        match super::reader_tools::pressed(&ev).as_deref() {
            Some("print") => {
                js_call(&window(), "print", &[]);
            }
            Some("share") => {
                let (url, title, navigator) = (url.clone(), title.clone(), navigator.clone());
                spawn_local(async move {
                    if can_share {
                        let data = Object::new();
                        let _ = Reflect::set(&data, &"url".into(), &url.as_str().into());
                        let _ = Reflect::set(&data, &"title".into(), &title.as_str().into());
                        // A reader who closes the sheet has not failed: nothing to say.
                        let _ = call(&navigator, "share", data.into()).await;
                        return;
                    }
                    let clipboard = js_get(&navigator, "clipboard");
                    let copied = call(&clipboard, "writeText", url.as_str().into()).await;
                    said.set(if copied.is_ok() {
                        s.copied
                    } else {
                        s.copy_failed
                    });
                });
            }
            _ => {}
        }
    };
    view! {
        <div class="bt-article-tools" on:click=on_click>
            <button type="button" class="bt-tool bt-share" data-bt-do="share">
                {if can_share { s.share } else { s.copy_link }}
            </button>
            <ul class="bt-share-links" aria-label=s.share_on>
                {links.into_iter().map(|l| view! {
                    <li><a href=l.href target="_blank" rel="noopener noreferrer">{l.label}</a></li>
                }).collect_view()}
            </ul>
            <button type="button" class="bt-tool bt-print" data-bt-do="print">{s.print}</button>
            <span class="bt-share-said" role="status">{move || said.get()}</span>
        </div>
    }
}

struct ShareStrings {
    share: &'static str,
    copy_link: &'static str,
    copied: &'static str,
    copy_failed: &'static str,
    share_on: &'static str,
    print: &'static str,
}

fn strings(lang: Lang) -> &'static ShareStrings {
    match lang {
        Lang::Vi => &ShareStrings {
            share: "Chia sẻ",
            copy_link: "Sao chép liên kết",
            copied: "Đã sao chép liên kết.",
            copy_failed: "Không sao chép được: hãy chép địa chỉ trên thanh trình duyệt.",
            share_on: "Chia sẻ lên",
            print: "In bài",
        },
        Lang::En => &ShareStrings {
            share: "Share",
            copy_link: "Copy link",
            copied: "Link copied.",
            copy_failed: "Could not copy: copy the address from the browser's bar.",
            share_on: "Share on",
            print: "Print",
        },
    }
}
