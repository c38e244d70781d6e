//! Start-up: find the mount point and base URL, load config.json, then render
//! the portal. A missing or broken config gives a clear message, never a blank page.

use crate::components::{ListSkeleton, Portal};
use crate::config::Config;
use crate::error::AppError;
use crate::i18n::{EN, VI};
use crate::platform::{http, url};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[derive(Clone)]
enum Boot {
    Loading,
    Ready(Arc<Config>),
    Failed(AppError),
}

pub fn start() {
    let doc = document();
    let mount = doc
        .get_element_by_id("bantin")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    let base = mount
        .as_ref()
        .and_then(|el| el.get_attribute("data-base"))
        .and_then(|b| url::resolve(&b, &doc.base_uri().ok().flatten().unwrap_or_default()))
        .or_else(|| doc.base_uri().ok().flatten())
        .unwrap_or_default();
    url::set_app_base(&base);
    // A shared link to an article: its page's chunk comes alongside config.json
    // and the feed rather than after them. (wasm-bindgen's executor: Leptos'
    // is set up by the mount below.)
    if matches!(
        crate::router::current_route(),
        crate::router::Route::Article { .. }
    ) {
        wasm_bindgen_futures::spawn_local(async {
            let _ = crate::lazy::article_page().await;
        });
    }
    match mount {
        Some(el) => {
            el.set_inner_html(""); // drop the no-JS fallback text
            leptos::mount::mount_to(el, App).forget();
        }
        None => leptos::mount::mount_to_body(App),
    }
}

async fn load_config() -> Result<Config, AppError> {
    let config_url =
        url::resolve_app("config.json").ok_or_else(|| AppError::Config("no base URL".into()))?;
    let body = http::get_text(&config_url).await.map_err(|e| match e {
        AppError::Offline => AppError::Offline,
        other => AppError::Config(other.to_string()),
    })?;
    Config::parse(&body)
}

#[component]
fn App() -> impl IntoView {
    let boot = RwSignal::new(Boot::Loading);
    let load = move || {
        boot.set(Boot::Loading);
        spawn_local(async move {
            boot.set(match load_config().await {
                Ok(config) => Boot::Ready(Arc::new(config)),
                Err(e) => Boot::Failed(e),
            });
        });
    };
    load();
    move || match boot.get() {
        Boot::Loading => view! {
            <div class="bt-app bt-booting" aria-busy="true">
                <main class="bt-main"><ListSkeleton count=6/></main>
            </div>
        }
        .into_any(),
        Boot::Ready(config) => view! { <Portal config/> }.into_any(),
        // The site's language is unknown without a config: say it in both.
        Boot::Failed(error) => view! {
            <div class="bt-app">
                <main class="bt-main bt-boot-error" role="alert">
                    <h1>{VI.error_title}" / "{EN.error_title}</h1>
                    <p lang="vi">{VI.error_message(&error)}</p>
                    <p lang="en">{EN.error_message(&error)}</p>
                    <button class="bt-button" on:click=move |_| load()>
                        {VI.retry}" / "{EN.retry}
                    </button>
                </main>
            </div>
        }
        .into_any(),
    }
}
