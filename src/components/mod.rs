//! Small, declarative views. Logic they need lives in pure modules
//! (`format`, `model`, `text`, `router`), so these stay thin.

// Ads are a cargo feature (default on): without it the slots render nothing.
#[cfg(feature = "ads")]
mod ad_creative;
#[cfg(feature = "ads")]
mod ad_slot;
#[cfg(not(feature = "ads"))]
#[path = "no_ads.rs"]
mod ad_slot;
mod article_body;
mod article_card;
mod comments;
mod date_time;
mod error_view;
mod lazy;
mod portal;
mod reader_tools;
mod share;
mod site_footer;
mod site_header;
mod skeleton;
// The visitor box is the cargo feature `visitors` (default on).
#[cfg(feature = "visitors")]
mod visitor_box;
#[cfg(not(feature = "visitors"))]
#[path = "no_visitors.rs"]
mod visitor_box;

#[cfg(feature = "ads")]
pub use ad_creative::live_slot as ad_live_slot;
#[cfg(feature = "ads")]
pub use ad_slot::single_ad;
pub use ad_slot::{has_slots, load_ads, single_slot, AdSlot};
#[cfg(feature = "ads")]
pub use ad_slot::{Ad, AdsContext};
pub use article_body::ArticleBody;
pub use article_card::ArticleCard;
pub use comments::Comments;
pub use date_time::DateTime;
pub use error_view::ErrorView;
pub use lazy::{prefetch, Extra, Lazy};
pub use portal::Portal;
pub use reader_tools::ReaderTools;
pub use share::ArticleTools;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use skeleton::{ArticleSkeleton, ListSkeleton};
#[cfg(feature = "visitors")]
pub use visitor_box::{live_box, live_visitor_box};
pub use visitor_box::{start_visitors, ViewCount, VisitorBox};

use crate::config::Config;
use crate::i18n::{Lang, Strings};
use std::sync::Arc;

/// The configuration, provided by `Portal` to everything below it.
pub fn use_config() -> Arc<Config> {
    crate::context::shared()
        .map(|s| s.config)
        .unwrap_or_else(|| {
            Arc::new(Config {
                site: Default::default(),
                source: crate::config::SourceConfig::JsonFeed { url: String::new() },
                ads: None,
                stats: None,
                offline: Default::default(),
                comments: None,
                sections: Vec::new(),
                site_sections: false,
                search: None,
            })
        })
}

pub fn use_lang() -> Lang {
    use_config().site.lang
}

pub fn use_strings() -> &'static Strings {
    use_lang().strings()
}

/// An icon the stylesheet draws, hidden from screen readers. Its class is a
/// value, not written in the markup: an element inside another whose attributes
/// and text are all literals becomes Leptos' "inert HTML", which it creates through
/// `innerHTML`, a sink a page with Trusted Types refuses (docs/embed.md).
pub fn icon(class: &'static str) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    view! { <span class=class aria-hidden="true"></span> }
}
