//! Where articles come from. Each feed format is one variant of `Source`, so a
//! second format slots in as a new file and a new arm, and everything above
//! this module only sees `model` types.
//!
//! JSON Feed is read in the first load. WordPress's REST client
//! (`wordpress_client`: URL forms, parsing, the fallback between the forms)
//! is a lazily loaded chunk (`crate::lazy::wordpress`), fetched by the first
//! request to such a source, so a JSON Feed portal never downloads it.

pub mod jsonfeed;
pub mod wordpress;
pub mod wordpress_client;

use crate::comments::PostRef;
use crate::config::{CommentsConfig, Config, SourceConfig};
use crate::error::AppError;
use crate::model::{Article, FeedPage};
use crate::platform::{http, url};

// A large page is cut by the browser to what the parser would read of it.
const _: () = assert!(http::LARGE_BODY_KEEPS as usize == jsonfeed::MAX_ITEMS_PER_PAGE);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    JsonFeed {
        url: String,
    },
    /// The WordPress REST API at `url` (either form, as configured).
    WordPress {
        url: String,
        per_page: u32,
    },
}

impl Source {
    /// The source described by config.json, with its URL made absolute.
    pub fn from_config(config: &SourceConfig) -> Result<Source, AppError> {
        let (u, wordpress) = match config {
            SourceConfig::JsonFeed { url } => (url, None),
            SourceConfig::WordPress { url, per_page } => (url, Some(*per_page)),
        };
        let url = url::resolve_app(u)
            .ok_or_else(|| AppError::Config(format!("source.url is not a URL: {u}")))?;
        Ok(match wordpress {
            None => Source::JsonFeed { url },
            // The client's chunk is asked for by the first page's request,
            // which the portal makes at once.
            Some(per_page) => Source::WordPress { url, per_page },
        })
    }

    /// The first page's URL (for WordPress: the API's own URL stands for its
    /// first page of posts).
    pub fn first_page(&self) -> &str {
        match self {
            Source::JsonFeed { url } | Source::WordPress { url, .. } => url,
        }
    }

    /// Whether a deep link can ask for its article alone (WordPress: by
    /// slug) instead of paging through the list.
    pub fn looks_up(&self) -> bool {
        matches!(self, Source::WordPress { .. })
    }

    /// Fetches and parses one page (`page_url` is the first page or a
    /// `next_url`); `abort` cancels it.
    pub async fn fetch_page(
        &self,
        page_url: &str,
        abort: Option<&http::Abort>,
    ) -> Result<FeedPage, AppError> {
        match self {
            Source::JsonFeed { .. } => {
                let body = http::get_text_abortable(page_url, abort).await?;
                jsonfeed::parse(&body, page_url, &|u| url::resolve(u, page_url))
            }
            Source::WordPress { url, per_page } => {
                let ask = if page_url == url {
                    wordpress_client::Ask::FirstPage
                } else {
                    wordpress_client::Ask::Page(page_url.to_string())
                };
                Self::wordpress(url, *per_page, ask, abort).await
            }
        }
    }

    /// Looks one article up by id: a page of it alone, or of nothing.
    pub async fn fetch_item(
        &self,
        id: &str,
        abort: Option<&http::Abort>,
    ) -> Result<FeedPage, AppError> {
        match self {
            Source::JsonFeed { .. } => Ok(FeedPage::default()),
            Source::WordPress { url, per_page } => {
                let ask = wordpress_client::Ask::Item(id.to_string());
                Self::wordpress(url, *per_page, ask, abort).await
            }
        }
    }

    async fn wordpress(
        url: &str,
        per_page: u32,
        ask: wordpress_client::Ask,
        abort: Option<&http::Abort>,
    ) -> Result<FeedPage, AppError> {
        #[cfg(all(target_arch = "wasm32", feature = "views"))]
        let fetch = crate::lazy::wordpress()
            .await
            .map_err(|_| AppError::Chunk)?;
        // Native builds (tests) and the light widgets have no chunks.
        #[cfg(not(all(target_arch = "wasm32", feature = "views")))]
        let fetch = wordpress_client::fetch;
        fetch(url.to_string(), per_page, ask, abort.cloned()).await
    }

    /// Where `article`'s comments are read and posted, if anywhere.
    pub fn comments_at(&self, config: &Config, article: &Article) -> Option<CommentsAt> {
        let wordpress = matches!(self, Source::WordPress { .. });
        let comments = crate::config::comments_config(config.comments.as_ref(), wordpress)
            .map_err(|e| crate::platform::warn(&e))
            .ok()??;
        match (&comments, self) {
            (CommentsConfig::WordPress, Source::WordPress { url, .. }) => {
                Some(CommentsAt::WordPress {
                    api: wordpress::WpApi::new(url)?,
                    post: article.post_id?,
                })
            }
            (CommentsConfig::Server { url: u }, _) => Some(CommentsAt::Server {
                url: url::resolve_app(u)?,
                article: article.id.clone(),
            }),
            _ => None,
        }
    }
}

/// An article's comment thread: WordPress's own, or bantin-server's, which
/// speaks the same subset of WordPress's comment API (docs/comments.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentsAt {
    WordPress { api: wordpress::WpApi, post: u64 },
    Server { url: String, article: String },
}

impl CommentsAt {
    /// Page `page` of the approved comments, oldest first.
    pub fn list(&self, page: u32, per_page: u32) -> String {
        match self {
            CommentsAt::WordPress { api, post } => api.comments(*post, page, per_page),
            CommentsAt::Server { url, article } => format!(
                "{url}?post={}&page={page}&per_page={per_page}",
                crate::router::encode_segment(article)
            ),
        }
    }

    /// Where a new comment is POSTed.
    pub fn post_url(&self) -> String {
        match self {
            CommentsAt::WordPress { api, .. } => api.comments_post(),
            CommentsAt::Server { url, .. } => url.clone(),
        }
    }

    pub fn post_ref(&self) -> PostRef {
        match self {
            CommentsAt::WordPress { post, .. } => PostRef::WordPress(*post),
            CommentsAt::Server { article, .. } => PostRef::Server(article.clone()),
        }
    }
}
