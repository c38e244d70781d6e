//! Sections and tag lists, the pure half: which loaded articles a tag's list
//! shows, and where a section with a list of its own gets it. The views are
//! in `pages::list` (the `pages` chunk); native tests in tests/sections.rs.

use crate::i18n::Lang;
use crate::json::Value;
use crate::model::Article;
use crate::source::wordpress::WpApi;
use crate::source::Source;

/// How many further feed pages one "Xem thêm" of a tag's list may fetch
/// while looking for more articles with the tag, before it lets the reader
/// ask again: a rare tag must not page through a whole archive unasked.
pub const PAGES_PER_ASK: u8 = 5;

/// What a section shows, from its entry in config.json's `sections`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionFilter {
    /// The source's articles with this tag (`"tag"`).
    Tag(String),
    /// A WordPress category, by id or slug (`"category"`).
    Category(String),
    /// A feed of its own (`"feed"`: a URL relative to the app base, or absolute).
    Feed(String),
}

impl SectionFilter {
    /// The first of `tag`, `category`, `feed` the entry has; `None` when it
    /// has none (the section then has nothing to show).
    pub fn of(entry: &Value) -> Option<SectionFilter> {
        let text = |k| match entry.as_object()?.get(k)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) if k == "category" => Some(n.as_text().to_string()),
            _ => None,
        };
        None.or_else(|| text("tag").map(SectionFilter::Tag))
            .or_else(|| text("category").map(SectionFilter::Category))
            .or_else(|| text("feed").map(SectionFilter::Feed))
    }
}

/// A tag as readers type and feeds spell it: "Nông thôn mới", "nông thôn
/// mới" and "Nong thon moi" are one tag (Vietnamese folding, `bantin_fold`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFilter {
    key: String,
}

impl TagFilter {
    pub fn new(tag: &str) -> TagFilter {
        TagFilter { key: key(tag) }
    }

    pub fn matches(&self, article: &Article) -> bool {
        !self.key.is_empty() && article.tags.iter().any(|t| key(t) == self.key)
    }

    /// The articles with the tag, in the order given.
    pub fn pick<'a>(&'a self, articles: &'a [Article]) -> impl Iterator<Item = &'a Article> {
        articles.iter().filter(move |a| self.matches(a))
    }
}

/// Folded, with runs of spaces made one.
fn key(tag: &str) -> String {
    bantin_fold::fold(tag)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a section with a list of its own gets it: the source and the URL
/// of its first page. `None` for a section that filters the portal's own
/// list (a tag; a WordPress category given by name, or on another source,
/// which is read as a tag). `resolve` makes a configured URL absolute.
pub fn own_source(
    filter: &SectionFilter,
    main: &Source,
    resolve: impl Fn(&str) -> Option<String>,
) -> Option<(Source, String)> {
    match (filter, main) {
        (SectionFilter::Feed(url), _) => {
            let url = resolve(url)?;
            Some((Source::JsonFeed { url: url.clone() }, url))
        }
        (SectionFilter::Category(id), Source::WordPress { url, per_page }) => {
            let id: u64 = id.parse().ok()?;
            let first = WpApi::new(url)?.category_posts(id, 1, *per_page);
            Some((main.clone(), first))
        }
        _ => None,
    }
}

/// The lists' own words.
pub struct ListStrings {
    /// A tag's list with nothing in it.
    pub empty_tag: &'static str,
}

pub fn strings(lang: Lang) -> &'static ListStrings {
    match lang {
        Lang::Vi => &ListStrings {
            empty_tag: "Chưa có bài nào trong mục này.",
        },
        Lang::En => &ListStrings {
            empty_tag: "No articles here yet.",
        },
    }
}
