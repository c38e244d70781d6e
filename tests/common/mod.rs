//! Builders shared by the native test files (each `mod common;`).

use bantin::model::Article;

/// An article with only an id (also its title) and tags.
pub fn tagged(id: &str, tags: &[&str]) -> Article {
    Article {
        id: id.into(),
        title: id.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}
