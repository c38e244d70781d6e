use super::{use_config, use_strings};
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let config = use_config();
    let t = use_strings();
    view! {
        <footer class="bt-footer">
            <p class="bt-footer-title">{config.site.title.clone()}</p>
            {config.site.description.clone().map(|d| view! { <p>{d}</p> })}
            <p class="bt-footer-note">{t.footer_note}</p>
        </footer>
    }
}
