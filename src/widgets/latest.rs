//! The latest-news list widget: the source's newest `count` titles, each
//! linking to the reader's article page under the portal's reader path.

use super::{dom, Options, Widget};
use crate::config::{Config, SourceConfig};
use crate::error::AppError;
use crate::format::format_date;
use crate::model::Article;
use crate::platform::{http, time, url};
use crate::router::Route;
use crate::source::{jsonfeed, wordpress_client};
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::Element;

/// The latest `options.count` titles alone (src/bin/widget_latest.rs).
pub fn mount_latest(options: Options) -> Widget {
    super::plain(options, draw)
}

/// `<section><h2>Tin mới</h2>` with a loading line, then the list (or one
/// line saying it could not load).
fn draw(config: &Config, options: &Options) -> Option<Box<dyn Any>> {
    let t = config.site.lang.strings();
    let section = dom::element("section", "bt-widget bt-latest")?;
    let _ = section.set_attribute("aria-labelledby", "bt-latest-title");
    dom::child(&section, "h2", "bt-latest-title", t.latest_news)?.set_id("bt-latest-title");
    let status = dom::child(&section, "p", "bt-latest-loading", t.loading)?;
    let _ = status.set_attribute("aria-busy", "true");
    options.mount.append_with_node_1(&section).ok()?;

    let mut reader = options.reader.clone();
    if !reader.ends_with('/') {
        reader.push('/');
    }
    let (count, lang, source) = (options.count, config.site.lang, config.source.clone());
    let offset = time::offset_minutes(&config.site.timezone, time::now_ms());
    // Nothing is drawn once the widget has stopped.
    let alive = Rc::new(Cell::new(true));
    let still = alive.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let items = first_page(&source).await;
        if !still.get() {
            return;
        }
        match items {
            Ok(items) => {
                status.remove();
                let _ = list(&section, &items, count, &reader, lang, offset);
            }
            Err(_) => {
                status.set_class_name("bt-widget-error");
                let _ = status.remove_attribute("aria-busy");
                let _ = status.set_attribute("role", "status");
                status.set_text_content(Some(t.error_title));
            }
        }
    });
    Some(Box::new(Stopped(alive)))
}

/// Marks the widget stopped when dropped.
struct Stopped(Rc<Cell<bool>>);

impl Drop for Stopped {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

fn list(
    section: &Element,
    items: &[Article],
    count: usize,
    reader: &str,
    lang: crate::i18n::Lang,
    offset: i32,
) -> Option<()> {
    let ol = dom::child(section, "ol", "bt-latest-list", "")?;
    for a in items.iter().take(count) {
        let li = dom::child(&ol, "li", "", "")?;
        let link = dom::child(&li, "a", "", &a.title)?;
        let href = format!("{reader}{}", Route::Article { id: a.id.clone() }.path());
        let _ = link.set_attribute("href", &href);
        if let Some(ms) = a.published {
            dom::child(
                &li,
                "span",
                "bt-latest-date",
                &format_date(ms, offset, lang),
            )?;
        }
    }
    Some(())
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
