//! Offline reading's errors, pure (native tests in tests/offline.rs): what
//! the bridge to offline.js can answer ([`JsError`]) and what the reader is
//! told ([`StorageError`], `strings::OfflineStrings::storage_message`).

use thiserror::Error;

/// A call into offline.js that did not succeed (`offline::js`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JsError {
    /// offline.js itself could not be fetched or imported.
    #[error("offline.js could not be loaded")]
    Import,
    /// offline.js has no such function (a stale copy of the module).
    #[error("offline.js has no function {0}")]
    Missing(&'static str),
    /// The browser refused; the error's name ("QuotaExceededError", …).
    #[error("{0}")]
    Refused(String),
    /// An answer of the wrong kind (not the JSON text it should be).
    #[error("offline.js answered {0} with something else")]
    Unexpected(&'static str),
}

/// Why something could not be stored. Reading is never affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum StorageError {
    /// The browser's quota is used up.
    #[error("storage full")]
    Full,
    /// No IndexedDB, or blocked (private modes, disabled storage).
    #[error("storage blocked")]
    Blocked,
    /// The article could not be prepared for storing (sanitizing failed).
    #[error("article could not be prepared")]
    Content,
    /// The code that stores (the `pages` chunk, offline.js) could not be
    /// loaded: the network, most likely; trying again may help.
    #[error("a part of the page could not be loaded")]
    Chunk,
}

impl From<JsError> for StorageError {
    fn from(error: JsError) -> StorageError {
        match error {
            JsError::Import | JsError::Missing(_) => StorageError::Chunk,
            JsError::Refused(name) if name == "QuotaExceededError" => StorageError::Full,
            JsError::Refused(_) | JsError::Unexpected(_) => StorageError::Blocked,
        }
    }
}

impl StorageError {
    /// Whether "Thử lại" is offered: only when loading the code failed.
    pub fn is_retryable(self) -> bool {
        self == StorageError::Chunk
    }

    /// Its `data-show` word for the offline bar (style/offline.css).
    pub fn show(self) -> &'static str {
        match self {
            StorageError::Full => "full",
            StorageError::Blocked => "blocked",
            StorageError::Content => "unsaved",
            StorageError::Chunk => "chunk",
        }
    }
}
