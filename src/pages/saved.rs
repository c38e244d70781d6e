//! "Đã lưu": saved articles for offline reading (issue "Offline reading").
//! Until that lands, the page says plainly that nothing is saved.

use crate::components::{use_config, use_strings};
use crate::platform::set_document_title;
use leptos::prelude::*;

#[component]
pub fn SavedPage() -> impl IntoView {
    let t = use_strings();
    set_document_title(&format!("{} – {}", t.saved, use_config().site.title));
    view! {
        <section class="bt-saved">
            <h1>{t.saved}</h1>
            <p class="bt-empty">"—"</p>
        </section>
    }
}
