//! JSON Feed 1.1 (and 1.0) → `model`.
//!
//! Parsed through `crate::json::Value` rather than derived structs: real feeds
//! put the wrong types in single fields (an array as a title, a number as an
//! id), and a reader should drop the bad field or item, not the whole feed.
//! Rules: the document must be a JSON object whose `items` is a list; an item
//! without a usable `id` (string, or a number, which the spec says to coerce)
//! is skipped and counted; a repeated id is skipped; everything else optional.
//! A page is read up to [`MAX_ITEMS_PER_PAGE`] items and an item up to
//! [`MAX_TAGS_PER_ITEM`] tags, and repeats are found with hash sets, so the
//! time to read a page grows with its size, never with its square.

use crate::error::AppError;
use crate::json::{self, Map, Value};
use crate::model::{Article, Content, FeedPage};
use crate::text::{clean_line, excerpt, html_to_text};
// Fx rather than std's SipHash: Leptos already links it (fewer bytes: docs/size.md),
// and with the caps below even crafted collisions stay bounded.
use rustc_hash::FxHashSet as HashSet;

/// Items read from one feed page; the rest are counted (`beyond_cap`), not
/// read. A news page carries tens; a publisher with more pages with `next_url`.
pub const MAX_ITEMS_PER_PAGE: usize = 1_000;
/// Distinct tags kept on one item; the rest are ignored.
pub const MAX_TAGS_PER_ITEM: usize = 50;

/// Longest summary derived from the content when the feed gives none.
const SUMMARY_CHARS: usize = 220;

pub(crate) fn string(obj: &Map, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn item_id(obj: &Map) -> Option<String> {
    match obj.get("id")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        // The spec says to coerce numbers to strings: a whole number as
        // written (exact at any length), a float only when it is whole (5.0).
        Value::Number(n) => n.is_integer().then(|| n.as_text().to_string()).or_else(|| {
            let f = n.as_f64();
            (f.fract() == 0.0 && f.abs() < 9.0e15).then(|| (f as i64).to_string())
        }),
        _ => None,
    }
}

fn authors(obj: &Map) -> Vec<String> {
    let named = |v: &Value| {
        v.as_object()
            .and_then(|a| string(a, "name"))
            .map(|n| clean_line(&n))
    };
    // 1.1 `authors`, falling back to 1.0 `author`.
    match obj.get("authors") {
        Some(Value::Array(list)) if !list.is_empty() => list.iter().filter_map(named).collect(),
        _ => obj.get("author").and_then(named).into_iter().collect(),
    }
}

fn tags(obj: &Map) -> Vec<String> {
    let Some(Value::Array(list)) = obj.get("tags") else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::default();
    for tag in list.iter().filter_map(Value::as_str).map(clean_line) {
        if out.len() == MAX_TAGS_PER_ITEM {
            break;
        }
        if !tag.is_empty() && seen.insert(tag.clone()) {
            out.push(tag);
        }
    }
    out
}

/// Turns one item into an article, or `None` when it has no usable id.
/// `resolve` makes the item's URLs absolute.
fn article(
    value: &Value,
    page_url: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Option<Article> {
    let obj = value.as_object()?;
    let id = item_id(obj)?;
    let content = match (string(obj, "content_html"), string(obj, "content_text")) {
        (Some(html), _) => Content::Html(html),
        (None, Some(text)) => Content::Text(text),
        (None, None) => Content::None,
    };
    let summary = string(obj, "summary").map(|s| clean_line(&s)).or_else(|| {
        let text = match &content {
            Content::Html(html) => html_to_text(html),
            Content::Text(text) => clean_line(text),
            Content::None => return None,
        };
        (!text.is_empty()).then(|| excerpt(&text, SUMMARY_CHARS))
    });
    let url = string(obj, "url")
        .or_else(|| string(obj, "external_url"))
        .and_then(|u| resolve(&u));
    let title = string(obj, "title")
        .map(|t| clean_line(&t))
        .or_else(|| summary.as_deref().map(|s| excerpt(s, 80)))
        .unwrap_or_default();
    let date = |key| string(obj, key).and_then(|d| crate::format::parse_date(&d));
    Some(Article {
        id,
        url,
        title,
        summary,
        image: string(obj, "image").and_then(|u| resolve(&u)),
        banner_image: string(obj, "banner_image").and_then(|u| resolve(&u)),
        published: date("date_published"),
        modified: date("date_modified"),
        authors: authors(obj),
        tags: tags(obj),
        language: string(obj, "language"),
        base_url: Some(page_url.to_string()),
        content,
        ..Article::default()
    })
}

/// Parses a JSON Feed document fetched from `page_url`. `resolve` turns a URL
/// found in the feed into an absolute one (against `page_url`), or `None` when
/// it is not a web URL at all.
pub fn parse(
    body: &str,
    page_url: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Result<FeedPage, AppError> {
    let doc: Value = json::parse(body).map_err(|e| AppError::NotJson(e.reason.into()))?;
    let feed = doc
        .as_object()
        .ok_or_else(|| AppError::InvalidFeed("the document is not a JSON object".into()))?;
    let items = match feed.get("items") {
        Some(Value::Array(items)) => items,
        Some(_) => return Err(AppError::InvalidFeed("`items` is not a list".into())),
        None => return Err(AppError::InvalidFeed("the feed has no `items`".into())),
    };
    let mut page = FeedPage {
        title: string(feed, "title").map(|t| clean_line(&t)),
        home_page_url: string(feed, "home_page_url").and_then(|u| resolve(&u)),
        language: string(feed, "language"),
        ..FeedPage::default()
    };
    let mut ids: HashSet<String> = HashSet::default();
    for (i, value) in items.iter().enumerate() {
        if page.items.len() == MAX_ITEMS_PER_PAGE {
            page.beyond_cap = items.len() - i;
            break;
        }
        match article(value, page_url, resolve) {
            Some(a) if ids.insert(a.id.clone()) => page.items.push(a),
            _ => page.skipped += 1,
        }
    }
    if page.items.is_empty() && page.skipped > 0 {
        return Err(AppError::InvalidFeed(format!(
            "none of the {} items is usable (each needs an `id`)",
            page.skipped
        )));
    }
    // A next page equal to this page or to the feed's own URL would loop forever.
    let feed_url = string(feed, "feed_url").and_then(|u| resolve(&u));
    page.next_url = string(feed, "next_url")
        .and_then(|u| resolve(&u))
        .filter(|next| next != page_url && Some(next) != feed_url.as_ref());
    Ok(page)
}
