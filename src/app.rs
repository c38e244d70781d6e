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
    // A portal's page with bantin's elements (src/embed.js defined them before
    // loading the app): each element mounts itself through `embed`.
    let custom = crate::platform::js_get(&window(), "customElements");
    if mount.is_none()
        && crate::platform::js_call(&custom, "get", &["bantin-news".into()])
            .is_some_and(|c| !c.is_undefined())
    {
        return;
    }
    let base = mount
        .as_ref()
        .and_then(|el| el.get_attribute("data-base"))
        .and_then(|b| url::resolve(&b, &doc.base_uri().ok().flatten().unwrap_or_default()))
        .or_else(|| doc.base_uri().ok().flatten())
        .unwrap_or_default();
    url::set_app_base(&base);
    if let Some(el) = &mount {
        el.set_text_content(None); // drop the no-JS fallback text (no innerHTML: Trusted Types)
    }
    match mount.or_else(|| doc.body()) {
        Some(root) => begin(root, url::resolve_app("config.json")),
        None => crate::platform::warn("bantin: no #bantin element and no <body> to mount into"),
    }
}

/// The reader inside a `<bantin-news>` element's shadow root (src/embed.js,
/// docs/embed.md): `mount` is an element in that shadow root, `config` the
/// element's `src` (config.json's URL: its relative URLs resolve against it),
/// `routes` the path of the host page the reader's addresses live under, and
/// `assets` where the app's own files are.
pub fn embed(mount: HtmlElement, config: &str, routes: &str, assets: &str) {
    let Ok(shadow) = mount.get_root_node().dyn_into::<web_sys::ShadowRoot>() else {
        return crate::platform::warn("bantin: embed() wants an element in a shadow root");
    };
    crate::platform::root::set_shadow(shadow);
    let config = url::resolve(
        config,
        &document().base_uri().ok().flatten().unwrap_or_default(),
    );
    url::set_app_base(config.as_deref().unwrap_or_default());
    url::set_embedded_bases(assets, routes);
    begin(mount, config);
}

fn begin(root: HtmlElement, config_url: Option<String>) {
    // Before anything is drawn, while reading it costs no layout (the ad slots use it).
    crate::platform::observe::watch_viewport_width();
    // A shared link to an article: its page's chunk comes alongside config.json
    // and the feed rather than after them. (wasm-bindgen's executor: Leptos'
    // is set up by the first mount.)
    if matches!(
        crate::router::current_route(),
        crate::router::Route::Article { .. }
    ) {
        // Its first screen is the article: the extras wait for it.
        crate::platform::lead_image::hold();
        wasm_bindgen_futures::spawn_local(async {
            let _ = crate::lazy::article_page().await;
        });
    }
    boot(root, Rc::new(config_url));
}

/// The skeleton while config.json loads, then the portal — or, when the config
/// cannot be had, a message with "Thử lại", which boots again.
///
/// Three separate mounts rather than one view switching on a signal: each
/// is built once and never updated, and a switching view (`into_any`) would
/// also carry code to diff the whole portal against itself (the size
/// budget: docs/size.md).
fn boot(root: HtmlElement, config_url: Rc<Option<String>>) {
    let skeleton = mount_to(root.clone(), || {
        view! {
            <div class="bt-app bt-booting" aria-busy="true">
                <main class="bt-main"><ListSkeleton count=6/></main>
            </div>
        }
    });
    spawn_local(async move {
        let config = load_config(config_url.as_deref()).await;
        drop(skeleton);
        match config {
            Ok(config) => {
                mount_to(root, move || view! { <Portal config=Arc::new(config)/> }).forget()
            }
            Err(error) => boot_error(root, error, config_url),
        }
    });
}

/// The site's language is unknown without a config: the message is in both.
fn boot_error(root: HtmlElement, error: AppError, config_url: Rc<Option<String>>) {
    let mounted = Rc::new(RefCell::new(None));
    let retry = {
        let (mounted, root) = (Rc::clone(&mounted), root.clone());
        move |_| {
            let (mounted, root, config_url) =
                (Rc::clone(&mounted), root.clone(), Rc::clone(&config_url));
            // Not from inside the button's own handler: unmounting drops it.
            spawn_local(async move {
                mounted.borrow_mut().take();
                boot(root, config_url);
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

async fn load_config(config_url: Option<&str>) -> Result<Config, AppError> {
    let config_url = config_url.ok_or_else(|| AppError::Config("no base URL".into()))?;
    // The detail is for operators (the reader sees the message for Config);
    // written here, not with AppError's Display, which the first load
    // otherwise never needs (docs/size.md).
    let body = http::get_text(config_url).await.map_err(|e| match e {
        AppError::Offline => AppError::Offline,
        AppError::Network(detail) => AppError::Config(detail),
        _ => AppError::Config("config.json could not be loaded".into()),
    })?;
    Config::parse(&body)
}
