//! The article types the views use. Every source (JSON Feed, later WordPress
//! REST) turns its own format into these, so views never see a wire format.

/// The body of an article as the source gave it. HTML is untrusted until it
/// has gone through `sanitize`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Content {
    Html(String),
    Text(String),
    #[default]
    None,
}

/// A reader's pace for news in Vietnamese, in words (syllables) a minute.
pub const WORDS_PER_MINUTE: usize = 230;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// Unique within the feed; the article's address is built from it.
    pub id: String,
    /// The article on the publisher's own site, when given.
    pub url: Option<String>,
    /// Plain text.
    pub title: String,
    pub content: Content,
    /// Plain text; filled from the content when the feed gives none.
    pub summary: Option<String>,
    /// Thumbnail for lists (absolute URL).
    pub image: Option<String>,
    /// Wide image for the article page (absolute URL).
    pub banner_image: Option<String>,
    /// A ready `srcset` value for `image` ("url 300w, url 768w", widths
    /// ascending), when the source offers scaled copies.
    pub image_srcset: Option<String>,
    /// Epoch milliseconds.
    pub published: Option<i64>,
    pub modified: Option<i64>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub language: Option<String>,
    /// The feed page this article came from: relative URLs inside its content
    /// resolve against it (the publisher's address, not bantin's).
    pub base_url: Option<String>,
    /// The source's own numeric id (a WordPress post id): comments are asked
    /// for by it.
    pub post_id: Option<u64>,
    /// The source closed the comment thread (WordPress `comment_status`).
    pub comments_closed: bool,
}

impl Article {
    /// The picture at the top of the article page and its scaled copies
    /// (`srcset`): the banner, else the thumbnail; none when the body has
    /// pictures of its own.
    pub fn hero(&self) -> Option<(&str, Option<&str>)> {
        if matches!(&self.content, Content::Html(h) if h.contains("<img")) {
            return None;
        }
        let src = self.banner_image.as_deref().or(self.image.as_deref())?;
        Some((src, self.image_srcset.as_deref()))
    }

    /// The summary to show as the article's lead: `None` when it merely repeats
    /// the opening of the body (feeds without a summary get one cut from the
    /// content, which would read twice on the article page).
    pub fn lead(&self) -> Option<&str> {
        let summary = self.summary.as_deref()?;
        let opening = summary.trim_end_matches('…').trim();
        let body = match &self.content {
            Content::Html(html) => crate::text::html_to_text(html),
            Content::Text(text) => crate::text::collapse_whitespace(text),
            Content::None => return Some(summary),
        };
        (!body.starts_with(opening)).then_some(summary)
    }

    /// Minutes to read the body ("5 phút đọc"), from its word count at
    /// [`WORDS_PER_MINUTE`]; `None` without a body.
    pub fn reading_minutes(&self) -> Option<usize> {
        let words = match &self.content {
            Content::Html(html) => crate::text::html_to_text(html).split_whitespace().count(),
            Content::Text(text) => text.split_whitespace().count(),
            Content::None => 0,
        };
        (words > 0).then(|| words.div_ceil(WORDS_PER_MINUTE))
    }

    pub fn byline(&self) -> Option<String> {
        (!self.authors.is_empty()).then(|| self.authors.join(", "))
    }
}

/// One page of a feed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedPage {
    pub title: Option<String>,
    pub home_page_url: Option<String>,
    pub language: Option<String>,
    pub items: Vec<Article>,
    /// Absolute URL of the next page, if any.
    pub next_url: Option<String>,
    /// Items that were dropped as broken (no id, wrong types, duplicates).
    pub skipped: usize,
    /// Items past the per-page cap (`source::jsonfeed::MAX_ITEMS_PER_PAGE`),
    /// not read at all. A page over 2 MB is cut to the cap by the browser
    /// before the parser sees it (`platform::http::cut_if_large`), and what
    /// was cut is not counted here.
    pub beyond_cap: usize,
}
