//! WordPress's REST client, the `wordpress` chunk's code (`crate::lazy`):
//! asks for a page of posts or one post by slug, reads the answer whatever
//! its status (WordPress explains errors in JSON), and, when the configured
//! URL form answers 404 or HTML (a site without pretty permalinks, or one
//! whose `/wp-json` a plugin hides), asks again in the other form.

use super::wordpress::{self, Category, WpApi};
use crate::error::AppError;
use crate::model::FeedPage;
use crate::platform::http::{self, Abort};

/// What a request is for.
pub enum Ask {
    /// The list's first page.
    FirstPage,
    /// A next page: the URL the previous page's answer gave.
    Page(String),
    /// One post, by its slug (the article's id).
    Item(String),
}

/// A page on its way (`crate::lazy::Fetch`'s shape, which native builds lack).
pub type Answering =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<FeedPage, AppError>>>>;

/// How long a WordPress may take over one exchange (both URL forms
/// included) before it is given up: the reader is told, with "Thử lại",
/// instead of watching a skeleton.
const TIMEOUT_MS: i32 = 20_000;

/// Fetches what `ask` names from the API configured at `url`.
pub fn fetch(url: String, per_page: u32, ask: Ask, abort: Option<Abort>) -> Answering {
    Box::pin(async move {
        let abort = abort.unwrap_or_default();
        let _deadline = abort.after(TIMEOUT_MS);
        exchange(url, per_page, ask, Some(abort)).await
    })
}

async fn exchange(
    url: String,
    per_page: u32,
    ask: Ask,
    abort: Option<Abort>,
) -> Result<FeedPage, AppError> {
    let api = WpApi::new(&url)
        .ok_or_else(|| AppError::Config(format!("source.url is not a URL: {url}")))?;
    let first = match ask {
        Ask::Page(next) => {
            let page = page_number(&next);
            let answer = get(&next, abort.as_ref()).await?;
            let mut out = wordpress::parse_posts(
                &answer.body,
                answer.status,
                answer.header.as_deref(),
                &api,
                page,
                per_page,
            )?;
            // The next page of the same list (a category's stays a category's).
            if out.next_url.is_some() {
                out.next_url = Some(wordpress::with_page(&next, page.saturating_add(1)));
            }
            return Ok(out);
        }
        Ask::FirstPage => None,
        Ask::Item(slug) => Some(slug),
    };
    let target = |api: &WpApi| match &first {
        None => api.posts(1, per_page),
        Some(slug) => api.post_by_slug(slug),
    };
    let (answer, api) = get_either_form(api, &target, abort.as_ref()).await?;
    match &first {
        None => wordpress::parse_posts(
            &answer.body,
            answer.status,
            answer.header.as_deref(),
            &api,
            1,
            per_page,
        ),
        Some(_) => {
            wordpress::parse_single(&answer.body, answer.status, &api).map(|item| FeedPage {
                items: item.into_iter().collect(),
                ..FeedPage::default()
            })
        }
    }
}

/// GETs what `target` names, in the configured URL form first and in the
/// other one if this one is not the API; hands back the answer and the API
/// in the form that gave it.
async fn get_either_form(
    api: WpApi,
    target: &dyn Fn(&WpApi) -> String,
    abort: Option<&Abort>,
) -> Result<(http::Answer, WpApi), AppError> {
    let mut tried = api;
    let mut fell_back = false;
    loop {
        let answer = get(&target(&tried), abort).await;
        // Not the API: a 404 or an HTML page, or, from another origin, a
        // theme's 404 page without CORS headers, which reads as a
        // network failure. (A site that is down fails in both forms.)
        let not_api = match &answer {
            Ok(a) => a.status == 404 || a.body.trim_start().starts_with('<'),
            Err(e) => matches!(e, AppError::Network(_)),
        };
        if not_api && !fell_back {
            if let Some(other) = tried.fallback() {
                tried = other;
                fell_back = true;
                continue;
            }
        }
        return Ok((answer?, tried));
    }
}

/// The site's categories (`api.categories()`), or the one named `slug`;
/// given up after the same time as a page of posts.
pub async fn categories(url: &str, slug: Option<&str>) -> Result<Vec<Category>, AppError> {
    let api = WpApi::new(url)
        .ok_or_else(|| AppError::Config(format!("source.url is not a URL: {url}")))?;
    let abort = Abort::new();
    let deadline = abort.after(TIMEOUT_MS);
    let target = |api: &WpApi| match slug {
        Some(slug) => api.category_by_slug(slug),
        None => api.categories(),
    };
    let answer = get_either_form(api, &target, Some(&abort)).await;
    drop(deadline);
    let (answer, _) = answer?;
    wordpress::parse_categories(&answer.body, answer.status)
}

async fn get(url: &str, abort: Option<&Abort>) -> Result<http::Answer, AppError> {
    http::request(url, None, abort, Some("X-WP-TotalPages")).await
}

/// The `page` parameter of a posts URL the client built itself (1 if absent).
fn page_number(url: &str) -> u32 {
    url.split(['?', '&'])
        .filter_map(|p| p.strip_prefix("page="))
        .next_back()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}
