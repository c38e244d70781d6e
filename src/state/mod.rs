//! The loaded news: the pure state and its transitions (`feed`), the
//! article page's decisions (`article`), and, in the browser, the Leptos
//! shell every page shares through context (`FeedStore`).

pub mod article;
pub mod feed;
#[cfg(all(target_arch = "wasm32", feature = "views"))]
mod store;

pub use article::{article_outcome, ArticleOutcome, LookUp, Retry};
pub use feed::{
    Effect, Event, FeedState, LoadState, RequestId, Want, LIST_STEP, MAX_PAGES_FOR_DEEP_LINK,
};
#[cfg(all(target_arch = "wasm32", feature = "views"))]
pub use store::FeedStore;
