//! One route a file.

mod article;
mod home;
mod list;
mod not_found;
#[cfg(feature = "offline")]
mod saved;
mod search;

pub use article::{article_more, article_page, ArticlePage};
pub use home::{FeedList, HomePage, MoreButton};
pub use list::{list_page, site_sections};
pub use not_found::NotFoundPage;
#[cfg(feature = "offline")]
pub use saved::{saved_page, SavedPage};
pub use search::{search_box, search_page};
