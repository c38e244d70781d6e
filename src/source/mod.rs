//! Where articles come from. Each feed format is one variant of `Source`, so a
//! second format (WordPress REST) slots in as a new file and a new arm, and
//! everything above this module only sees `model` types.

pub mod jsonfeed;

use crate::config::SourceConfig;
use crate::error::AppError;
use crate::model::FeedPage;
use crate::platform::{http, url};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    JsonFeed { url: String },
}

impl Source {
    /// The source described by config.json, with its URL made absolute.
    pub fn from_config(config: &SourceConfig) -> Result<Source, AppError> {
        match config {
            SourceConfig::JsonFeed { url: u } => Ok(Source::JsonFeed {
                url: url::resolve_app(u)
                    .ok_or_else(|| AppError::Config(format!("source.url is not a URL: {u}")))?,
            }),
        }
    }

    /// The first page's URL.
    pub fn first_page(&self) -> &str {
        match self {
            Source::JsonFeed { url } => url,
        }
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
        }
    }
}
