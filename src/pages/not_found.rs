use crate::components::{use_config, use_strings};
use crate::platform::set_document_title;
use crate::platform::url::base_path;
use crate::router::Route;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_strings();
    set_document_title(&format!(
        "{} – {}",
        t.not_found_title,
        use_config().site.title
    ));
    view! {
        <section class="bt-not-found">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><a class="bt-button" href=Route::Home.href(&base_path())>{t.back_to_list}</a></p>
        </section>
    }
}
