//! Start-up: find the mount point and base URL, load config.json, then render
//! the portal. A missing or broken config gives a clear message, never a blank page.

use crate::components::{ListSkeleton, Portal};
use crate::config::Config;
use crate::error::AppError;
use crate::i18n::{EN, VI};
use crate::platform::{http, url};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

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
    // is set up by the first mount.)
    if matches!(
        crate::router::current_route(),
        crate::router::Route::Article { .. }
    ) {
        wasm_bindgen_futures::spawn_local(async {
            let _ = crate::lazy::article_page().await;
        });
    }
    if let Some(el) = &mount {
        el.set_text_content(None); // drop the no-JS fallback text (no innerHTML: Trusted Types)
    }
    match mount.or_else(|| doc.body()) {
        Some(root) => boot(root),
        None => crate::platform::warn("bantin: no #bantin element and no <body> to mount into"),
    }
}

/// The skeleton while config.json loads, then the portal — or, when the config
/// cannot be had, a message with "Thử lại", which boots again.
///
/// Three separate mounts rather than one view switching on a signal: each
/// is built once and never updated, and a switching view (`into_any`) would
/// also carry code to diff the whole portal against itself (the size
/// budget: docs/size.md).
fn boot(root: HtmlElement) {
    let skeleton = mount_to(root.clone(), || {
        view! {
            <div class="bt-app bt-booting" aria-busy="true">
                <main class="bt-main"><ListSkeleton count=6/></main>
            </div>
        }
    });
    spawn_local(async move {
        let config = load_config().await;
        drop(skeleton);
        match config {
            Ok(config) => {
                mount_to(root, move || view! { <Portal config=Arc::new(config)/> }).forget()
            }
            Err(error) => boot_error(root, error),
        }
    });
}

/// The site's language is unknown without a config: the message is in both.
fn boot_error(root: HtmlElement, error: AppError) {
    let mounted = Rc::new(RefCell::new(None));
    let retry = {
        let (mounted, root) = (Rc::clone(&mounted), root.clone());
        move |_| {
            let (mounted, root) = (Rc::clone(&mounted), root.clone());
            // Not from inside the button's own handler: unmounting drops it.
            spawn_local(async move {
                mounted.borrow_mut().take();
                boot(root);
            });
        }
    };
    let view = mount_to(root, move || {
        view! {
            <div class="bt-app">
                <main class="bt-main bt-boot-error" role="alert">
                    <h1>{VI.error_title}" / "{EN.error_title}</h1>
                    <p lang="vi">{VI.error_message(&error)}</p>
                    <p lang="en">{EN.error_message(&error)}</p>
                    <button class="bt-button" on:click=retry>
                        {VI.retry}" / "{EN.retry}
                    </button>
                </main>
            </div>
        }
    });
    *mounted.borrow_mut() = Some(view);
}

async fn load_config() -> Result<Config, AppError> {
    let config_url =
        url::resolve_app("config.json").ok_or_else(|| AppError::Config("no base URL".into()))?;
    // The detail is for operators (the reader sees the message for Config);
    // written here, not with AppError's Display, which the first load
    // otherwise never needs (docs/size.md).
    let body = http::get_text(&config_url).await.map_err(|e| match e {
        AppError::Offline => AppError::Offline,
        AppError::Network(detail) => AppError::Config(detail),
        _ => AppError::Config("config.json could not be loaded".into()),
    })?;
    Config::parse(&body)
}
