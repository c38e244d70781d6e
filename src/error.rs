//! The one error type every data path returns and every error view renders.
//!
//! Variants say *what went wrong for the reader*, not which API failed, so the
//! view can pick a plain-language message (see `i18n::Strings::error_*`).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AppError {
    /// The request never got an answer: offline, DNS, CORS, connection refused.
    #[error("network error: {0}")]
    Network(String),
    /// The server answered with a non-success status.
    #[error("HTTP {status} from {url}")]
    Http { status: u16, url: String },
    /// The body was not JSON at all.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not a feed we can read (e.g. `items` is not a list).
    #[error("invalid feed: {0}")]
    InvalidFeed(String),
    /// config.json is missing or broken.
    #[error("configuration error: {0}")]
    Config(String),
    /// No such article (or page).
    #[error("not found")]
    NotFound,
    /// The browser is offline and nothing is cached for this request.
    #[error("offline")]
    Offline,
    /// A lazily loaded part of the app (`crate::lazy`) could not be fetched.
    #[error("a part of the app could not be loaded")]
    Chunk,
}

impl AppError {
    /// Whether trying again may help (network trouble, server errors).
    pub fn is_retryable(&self) -> bool {
        match self {
            AppError::Network(_) | AppError::Offline | AppError::Chunk => true,
            AppError::Http { status, .. } => *status >= 500 || *status == 408 || *status == 429,
            _ => false,
        }
    }
}
