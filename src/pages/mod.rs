//! One route a file.

mod article;
mod home;
mod not_found;
mod saved;

pub use article::ArticlePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use saved::SavedPage;
