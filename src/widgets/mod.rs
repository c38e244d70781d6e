//! The light widgets for a portal's page (docs/embed.md): the visitor box,
//! a latest-news list and an ad slot, each in a `<bantin-news kind=…>` element's shadow
//! root, built into their own small binary (src/bin/widgets.rs) without the
//! reader. They share the reader's code for what they show: config.json, the
//! feed formats, the counter client and the visitor box's markup.
//!
//! A widget lives until the portal's page removes its element: then its
//! reactive owner is disposed, and with it the counter client's stream,
//! timers and listeners (`stats::client::run`).

use crate::components::live_box;
use crate::config::{Config, SourceConfig};
use crate::error::AppError;
use crate::format::format_date;
use crate::model::Article;
use crate::platform::{http, time, url};
use crate::router::{Route, Router};
use crate::source::{jsonfeed, wordpress_client};
use crate::stats::Visitors;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::any::Any;
use web_sys::HtmlElement;

/// What a `<bantin-news kind=…>` element shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// "Thống kê truy cập": online now, today, this week, total.
    Visitors,
    /// The latest `count` titles, linking to the reader's pages.
    Latest { count: usize },
    /// The config's ad slot `id`, as the portal draws it (rotation, beacons).
    Ad { id: String },
}

/// A mounted widget: dropping it unmounts it and stops everything it runs.
pub struct Widget(#[allow(dead_code)] Box<dyn Any>);

/// Mounts `kind` into `mount` (an element of a shadow root), reading the
/// config at `config_url`; `reader` is the path the full reader lives under
/// (`/tin-tuc/`), where the latest list's links go.
pub fn mount(mount: HtmlElement, kind: Kind, config_url: String, reader: String) -> Widget {
    // Its relative URLs resolve against config.json's own (absolute) URL.
    let page = document().base_uri().ok().flatten().unwrap_or_default();
    let config_url = url::resolve(&config_url, &page).unwrap_or(config_url);
    url::set_app_base(&config_url);
    let handle = mount_to(mount, move || {
        let loaded = RwSignal::new(None::<Result<Config, AppError>>);
        spawn_local(async move {
            let config = match http::get_text(&config_url).await {
                Ok(body) => Config::parse(&body),
                Err(e) => Err(e),
            };
            loaded.try_set(Some(config));
        });
        move || match loaded.get() {
            None => view! { <div class="bt-widget bt-widget-loading" aria-busy="true"></div> }
                .into_any(),
            Some(Err(_)) => unavailable(crate::i18n::VI.error_title),
            Some(Ok(config)) => match &kind {
                Kind::Visitors => visitors(&config),
                Kind::Latest { count } => latest(config, *count, reader.clone()),
                Kind::Ad { id } => ad(&config, id.clone()),
            },
        }
    });
    Widget(Box::new(handle))
}

/// One line saying the widget has nothing to show (the reader never sees a blank box).
fn unavailable(text: &'static str) -> AnyView {
    view! { <p class="bt-widget bt-widget-error" role="status">{text}</p> }.into_any()
}

fn visitors(config: &Config) -> AnyView {
    let state = RwSignal::new(Visitors::default());
    // The portal's page is the page view counted: its own path, as it is.
    let path = window().location().pathname().unwrap_or_default();
    let router = Router {
        route: RwSignal::new(Route::NotFound {
            path: path.trim_start_matches('/').to_string(),
        }),
        restore_scroll: RwSignal::new(None),
    };
    url::set_embedded_bases(&url::app_base(), "/");
    if !crate::stats::client::run(config, router, state) {
        return unavailable(config.site.lang.strings().error_title);
    }
    live_box(config, state).into_any()
}

#[cfg(feature = "ads")]
fn ad(config: &Config, id: String) -> AnyView {
    let t = config.site.lang.strings();
    let ads = config.ads.clone();
    let holder = NodeRef::<leptos::html::Div>::new();
    // Drawn once the holder is in the page; stopped (its observers and
    // timer) with the widget.
    Effect::new(
        move |done: Option<Option<send_wrapper::SendWrapper<Box<dyn Any>>>>| {
            if let Some(done) = done.flatten() {
                return Some(done);
            }
            let holder = holder.get()?;
            let slot = crate::components::single_ad(ads.as_ref(), &id, &holder, t);
            if slot.is_none() {
                crate::platform::warn("bantin: no such ad slot, or none for this screen width");
            }
            slot.map(send_wrapper::SendWrapper::new)
        },
    );
    view! { <div class="bt-widget bt-ad-widget" node_ref=holder></div> }.into_any()
}

#[cfg(not(feature = "ads"))]
fn ad(config: &Config, _id: String) -> AnyView {
    unavailable(config.site.lang.strings().error_title)
}

fn latest(config: Config, count: usize, reader: String) -> AnyView {
    let t = config.site.lang.strings();
    let items = RwSignal::new(None::<Result<Vec<Article>, AppError>>);
    let source = config.source.clone();
    spawn_local(async move {
        items.try_set(Some(first_page(&source).await));
    });
    let lang = config.site.lang;
    let offset = time::offset_minutes(&config.site.timezone, time::now_ms());
    let mut reader = reader;
    if !reader.ends_with('/') {
        reader.push('/');
    }
    view! {
        <section class="bt-widget bt-latest" aria-labelledby="bt-latest-title">
            <h2 id="bt-latest-title" class="bt-latest-title">{t.latest_news}</h2>
            {move || match items.get() {
                None => view! { <p class="bt-latest-loading" aria-busy="true">{t.loading}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="bt-widget-error" role="status">{t.error_title}</p> }.into_any(),
                Some(Ok(list)) => {
                    let reader = reader.clone();
                    view! {
                        <ol class="bt-latest-list">
                            {list.into_iter().take(count).map(|a| {
                                let href = format!("{reader}{}", Route::Article { id: a.id }.path());
                                let date = a.published.map(|ms| format_date(ms, offset, lang));
                                view! {
                                    <li>
                                        <a href=href>{a.title}</a>
                                        {date.map(|d| view! { <span class="bt-latest-date">{d}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </section>
    }
    .into_any()
}

/// The source's first page of articles.
async fn first_page(source: &SourceConfig) -> Result<Vec<Article>, AppError> {
    let page = match source {
        SourceConfig::JsonFeed { url: u } => {
            let page_url = url::resolve_app(u).ok_or_else(|| AppError::Config(u.clone()))?;
            let body = http::get_text(&page_url).await?;
            jsonfeed::parse(&body, &page_url, &|u| url::resolve(u, &page_url))?
        }
        SourceConfig::WordPress { url: u, per_page } => {
            let api = url::resolve_app(u).ok_or_else(|| AppError::Config(u.clone()))?;
            wordpress_client::fetch(api, *per_page, wordpress_client::Ask::FirstPage, None).await?
        }
    };
    Ok(page.items)
}
