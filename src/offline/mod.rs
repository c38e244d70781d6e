//! Offline reading (issue "Offline reading"): the service worker's registration
//! and update prompt, the offline banner, saved articles and "Tải về đọc
//! offline" in IndexedDB, and the article copies that make read articles
//! readable without a network. How it fits together: docs/offline.md.
//!
//! `record` and `strings` are pure (native tests in tests/offline.rs); the rest
//! needs a browser.

pub mod error;
pub mod record;
pub mod strings;

#[cfg(all(target_arch = "wasm32", feature = "offline"))]
mod js;
#[cfg(all(target_arch = "wasm32", feature = "offline"))]
mod store;
#[cfg(all(target_arch = "wasm32", feature = "offline"))]
mod views;

pub use error::StorageError;
#[cfg(all(target_arch = "wasm32", feature = "offline"))]
pub use store::{start, use_offline, Offline};
#[cfg(all(target_arch = "wasm32", feature = "offline"))]
pub use views::{
    download_bar, offline_bar, CardSaveButton, DownloadBar, OfflineBar, OfflineMissing, SaveButton,
};

/// Whether this build has the saved page (and the header's link to it).
#[cfg(feature = "offline")]
pub const SAVED_PAGE: bool = true;

// Offline reading is the cargo feature `offline` (default on); without it,
// the same names store nothing.
#[cfg(all(target_arch = "wasm32", feature = "views", not(feature = "offline")))]
mod disabled;
#[cfg(all(target_arch = "wasm32", feature = "views", not(feature = "offline")))]
pub use disabled::*;

use crate::i18n::Lang;

/// The offline strings of the site's language.
pub fn use_offline_strings(lang: Lang) -> &'static strings::OfflineStrings {
    strings::strings(lang)
}

#[cfg(all(target_arch = "wasm32", feature = "offline"))]
pub use js::storage_used;
