//! The article page's decisions, pure: what to show for an id given the
//! feed's state, the stored copy and the network (native tests in
//! tests/state.rs). `pages::ArticlePage` renders the answer.

use super::feed::{FeedState, LoadState};
use crate::error::AppError;
use crate::model::Article;

/// Which request "Thử lại" asks again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    First,
    More,
    /// The article's own look-up (`FeedState::looks_up`).
    Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleOutcome {
    /// The article, from the feed or else its stored copy.
    Show(Box<Article>),
    /// Still looking (the feed, the stored copies).
    Looking,
    /// Offline, and the article is neither in the cached feed nor stored:
    /// not an error, ways on.
    OfflineMissing,
    /// A page of the feed failed: why, and "Thử lại".
    Failed { error: AppError, retry: Retry },
    /// No such article in the feed (as far as a deep link looks).
    NotFound,
}

/// The stored copy as far as it is known: `None` while looking, then
/// `Some(None)` when there is none.
pub type Copy<'a> = Option<Option<&'a Article>>;

/// A source's own look-up of the article (WordPress, by slug), made by the
/// article page instead of paging through the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookUp<'a> {
    /// The source has none: the feed is paged through.
    NotAsked,
    Waiting,
    /// Answered: the article, or none by that id.
    Answered(Option<&'a Article>),
    Failed(&'a AppError),
}

/// What the page for `id` shows. Once it has shown an article it keeps it
/// (the caller's memo): the reader's place is not lost when the list reloads.
pub fn article_outcome(
    feed: &FeedState,
    id: &str,
    copy: Copy,
    online: bool,
    lookup: LookUp,
) -> ArticleOutcome {
    let found = match lookup {
        LookUp::Answered(article) => article,
        _ => None,
    };
    if let Some(article) = feed.find(id).or(found).or(copy.flatten()) {
        return ArticleOutcome::Show(Box::new(article.clone()));
    }
    let cut_off = |e: &AppError| *e == AppError::Offline || !online;
    let failed = |error: &AppError, retry| {
        if cut_off(error) {
            ArticleOutcome::OfflineMissing
        } else {
            ArticleOutcome::Failed {
                error: error.clone(),
                retry,
            }
        }
    };
    if copy.is_none() {
        return ArticleOutcome::Looking;
    }
    match lookup {
        LookUp::NotAsked => {}
        LookUp::Waiting => return ArticleOutcome::Looking,
        LookUp::Failed(error) => return failed(error, Retry::Item),
        LookUp::Answered(_) if !online => return ArticleOutcome::OfflineMissing,
        LookUp::Answered(_) => return ArticleOutcome::NotFound,
    }
    match feed.first() {
        // A failed page ends the search: it says why (or, offline, that the
        // article is not stored) instead of leaving the skeleton up.
        LoadState::Failed(error) => failed(error, Retry::First),
        // A next page on its way may bring it.
        LoadState::Done if *feed.more() != LoadState::Loading => match feed.more() {
            LoadState::Failed(error) => failed(error, Retry::More),
            // The cached feed may be older than the link: not "not found".
            _ if !online => ArticleOutcome::OfflineMissing,
            _ => ArticleOutcome::NotFound,
        },
        _ => ArticleOutcome::Looking,
    }
}
