use super::{use_config, use_strings};
use crate::platform::url::{base_path, resolve_app};
use crate::router::{use_router, Route};
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let config = use_config();
    let t = use_strings();
    let router = use_router();
    let base = base_path();
    let title = config.site.title.clone();
    let banner = config.site.banner.as_deref().and_then(resolve_app);
    let current = move |r: Route| move || (router.route.get() == r).then_some("page");
    view! {
        <header class="bt-header">
            <a class="bt-brand" href=Route::Home.href(&base)>
                {banner.map(|src| view! {
                    <img class="bt-banner" src=src alt="" width="1200" height="200" decoding="async"/>
                })}
                <span class="bt-site-title">{title}</span>
            </a>
            <nav class="bt-nav" aria-label=t.main_nav>
                <a href=Route::Home.href(&base) aria-current=current(Route::Home)>{t.home}</a>
                {crate::offline::SAVED_PAGE.then(|| view! {
                    <a href=Route::Saved.href(&base) aria-current=current(Route::Saved)>{t.saved}</a>
                })}
            </nav>
        </header>
    }
}
