//! The banner, the navigation (home, the configured sections or a
//! WordPress site's categories, "Đã lưu")
//! and the search box.
//!
//! The navigation is a bar on wide screens and, on phones, a menu opened by
//! the button before it: one `<nav popover>`, so the browser does the menu
//! (keyboard, Escape, a tap outside) before and without any script of ours;
//! a browser without popovers shows the bar (style/main.css).
//! The search box is a plain form to the search page, so it works from the
//! first paint; its as-you-type behaviour arrives with the `pages` chunk when
//! the reader first focuses it (`lazy::search_box`).

use super::{use_config, use_strings, Extra};
use crate::lazy;
use crate::platform::url::{base_path, resolve_app};
use crate::router::{use_router, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let config = use_config();
    let t = use_strings();
    let router = use_router();
    let base = base_path();
    let title = config.site.title.clone();
    let banner = config.site.banner.as_deref().and_then(resolve_app);
    let mut routes = vec![(Route::Home, t.home.to_string())];
    routes.extend(config.sections.iter().map(|s| {
        let route = Route::Section {
            slug: s.slug.clone(),
        };
        (route, s.title.clone())
    }));
    let link = |(route, label): (Route, String)| {
        let href = route.href(&base);
        let current = move || (router.route.get() == route).then_some("page");
        view! { <a href=href aria-current=current>{label}</a> }
    };
    let links = routes.into_iter().map(link).collect_view();
    // A WordPress site's own categories, once the first list is in.
    let site_sections = config
        .site_sections
        .then(|| view! { <Extra load=lazy::site_sections/> });
    let saved = crate::offline::SAVED_PAGE.then(|| link((Route::Saved, t.saved.to_string())));
    let search_form = NodeRef::<leptos::html::Form>::new();
    // The first focus brings the `pages` chunk, which takes the form over.
    let mut taken = false;
    let on_focus = move |_| {
        if std::mem::replace(&mut taken, true) {
            return;
        }
        if let Some(form) = search_form.get_untracked() {
            let form: web_sys::HtmlFormElement = form.unchecked_into();
            leptos::task::spawn_local(async move {
                if let Ok(install) = lazy::search_box().await {
                    install(form, router);
                }
            });
        }
    };
    view! {
        <header class="bt-header">
            <a class="bt-brand" href=Route::Home.href(&base)>
                {banner.map(|src| view! {
                    <img class="bt-banner" src=src alt="" width="1200" height="200" decoding="async"/>
                })}
                <span class="bt-site-title">{title}</span>
            </a>
            <div class="bt-bar">
                <button type="button" class="bt-menu-button" popovertarget="bt-nav">{t.sections}</button>
                <nav id="bt-nav" class="bt-nav" popover="" aria-label=t.main_nav>{links}{site_sections}{saved}</nav>
                <form class="bt-search" role="search" action=Route::Search.href(&base)
                    node_ref=search_form on:focusin=on_focus>
                    <input id="bt-q" type="search" name="q" aria-label=t.search placeholder=t.search
                        autocomplete="off"/>
                    // No text: its icon is the stylesheet's. A glyph such as "⌕", which
                    // few fonts have, sent the first layout looking through every font
                    // on the system for one (docs/perf.md, session 14).
                    <button type="submit" class="bt-search-go" aria-label=t.search></button>
                </form>
            </div>
        </header>
    }
}
