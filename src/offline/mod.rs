//! Offline reading (issue "Offline reading"): the service worker's registration
//! and update prompt, the offline banner, saved articles and "Tải về đọc
//! offline" in IndexedDB, and the article copies that make read articles
//! readable without a network. How it fits together: docs/offline.md.
//!
//! `record` and `strings` are pure (native tests in tests/offline.rs); the rest
//! needs a browser.

pub mod record;
pub mod strings;

#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod views;

#[cfg(target_arch = "wasm32")]
pub use store::{start, use_offline, Offline, StorageError};
#[cfg(target_arch = "wasm32")]
pub use views::{DownloadBar, OfflineBar, OfflineMissing, SaveButton};

use crate::i18n::Lang;

/// The offline strings of the site's language.
pub fn use_offline_strings(lang: Lang) -> &'static strings::OfflineStrings {
    strings::strings(lang)
}

#[cfg(target_arch = "wasm32")]
pub use js::storage_used;
