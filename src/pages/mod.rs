//! One route a file.

mod article;
mod home;
mod not_found;
#[cfg(feature = "offline")]
mod saved;

pub use article::{article_page, ArticlePage};
pub use home::HomePage;
pub use not_found::NotFoundPage;
#[cfg(feature = "offline")]
pub use saved::{saved_page, SavedPage};
