//! "Đã lưu": the articles the reader saved, most recently saved first, as the
//! list's own cards (title, date, when saved; "Đã lưu" unsaves and removes),
//! each openable offline too (the article page falls back to the stored copy);
//! then how many other articles are readable offline, and the space the site
//! uses on this device. Reusing `ArticleCard` keeps the page nearly free
//! in wasm.

use crate::components::{use_config, use_lang, use_strings, ArticleCard};
use crate::offline::record::{format_bytes, saved_only};
use crate::offline::{storage_used, use_offline, use_offline_strings};
use crate::platform::set_document_title;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The saved page: the entry point of the lazily loaded `pages` chunk
/// (`crate::lazy`).
pub fn saved_page() -> AnyView {
    view! { <SavedPage/> }.into_any()
}

#[component]
pub fn SavedPage() -> impl IntoView {
    let t = use_strings();
    let lang = use_lang();
    let s = use_offline_strings(lang);
    let offline = use_offline();
    set_document_title(&format!("{} – {}", t.saved, use_config().site.title));

    // Space used, measured again whenever the stored copies change.
    let used = RwSignal::new(None::<u64>);
    crate::erased::effect(move || {
        offline.records.track();
        spawn_local(async move { used.set(storage_used().await) });
    });

    // One fixed structure: the message (loading, storage unavailable, nothing
    // saved) and the list are filled in as the records change.
    let message = move || {
        if !offline.loaded.get() {
            t.loading
        } else if offline.unavailable.get() {
            s.storage_blocked
        } else if offline.records.with(|l| saved_only(l).next().is_none()) {
            s.saved_empty
        } else {
            ""
        }
    };
    let cards = move || {
        offline.records.with(|l| {
            saved_only(l)
                .map(|r| view! { <ArticleCard article=r.article.clone() saved_at=r.saved_at/> })
                .collect_view()
        })
    };
    // How many other copies are readable offline (opened, downloaded), and
    // the space used: one line of text.
    let info = move || {
        let kept = offline
            .records
            .with(|l| l.iter().filter(|r| !r.saved).count());
        let mut text = if kept > 0 {
            format!("{kept} {} ", s.kept)
        } else {
            String::new()
        };
        if let Some(bytes) = used.get() {
            text.push_str(&format!(
                "{}: {}.",
                s.storage_used,
                format_bytes(bytes, lang)
            ));
        }
        text
    };

    view! {
        <section class="bt-saved" aria-labelledby="bt-saved-title">
            <h1 id="bt-saved-title" class="bt-section-title">{t.saved}</h1>
            <p class="bt-saved-message">{message}</p>
            <ol class="bt-list bt-saved-list">{cards}</ol>
            <p class="bt-saved-info">{info}</p>
        </section>
    }
}
