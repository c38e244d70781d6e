//! Errors keep their meaning: what the reader is told for each, in both
//! languages, and how the bridge to offline.js's failures map to what the
//! offline bar says.

use bantin::error::AppError;
use bantin::i18n::Lang;
use bantin::offline::error::{JsError, StorageError};
use bantin::offline::strings;

#[test]
fn a_part_of_the_page_that_cannot_load_says_so_in_both_languages() {
    let vi = Lang::Vi.strings().error_message(&AppError::Chunk);
    let en = Lang::En.strings().error_message(&AppError::Chunk);
    assert!(vi.starts_with("Không tải được phần này của trang"), "{vi}");
    assert!(
        en.starts_with("This part of the page could not be loaded"),
        "{en}"
    );
    assert!(AppError::Chunk.is_retryable(), "with “Thử lại”");
    assert_eq!(Lang::Vi.strings().retry, "Thử lại");
    assert_eq!(Lang::En.strings().retry, "Try again");
}

#[test]
fn every_error_has_its_own_words_in_both_languages() {
    let errors = [
        AppError::Network("x".into()),
        AppError::Http {
            status: 404,
            url: "u".into(),
        },
        AppError::Http {
            status: 503,
            url: "u".into(),
        },
        AppError::NotJson("x".into()),
        AppError::InvalidFeed("x".into()),
        AppError::Config("x".into()),
        AppError::NotFound,
        AppError::Offline,
        AppError::Chunk,
    ];
    for lang in [Lang::Vi, Lang::En] {
        let t = lang.strings();
        let messages: Vec<String> = errors.iter().map(|e| t.error_message(e)).collect();
        for (i, m) in messages.iter().enumerate() {
            assert!(!m.trim().is_empty(), "{lang:?} {:?}", errors[i]);
            // No two errors read alike (a chunk is not "could not be prepared").
            for (j, other) in messages.iter().enumerate().skip(i + 1) {
                assert_ne!(m, other, "{lang:?}: {:?} and {:?}", errors[i], errors[j]);
            }
        }
    }
}

#[test]
fn offline_js_failures_keep_their_meaning() {
    assert_eq!(StorageError::from(JsError::Import), StorageError::Chunk);
    assert_eq!(
        StorageError::from(JsError::Missing("idbPut")),
        StorageError::Chunk
    );
    assert_eq!(
        StorageError::from(JsError::Refused("QuotaExceededError".into())),
        StorageError::Full
    );
    for name in ["SecurityError", "InvalidStateError", "UnknownError", ""] {
        assert_eq!(
            StorageError::from(JsError::Refused(name.into())),
            StorageError::Blocked
        );
    }
    assert_eq!(
        StorageError::from(JsError::Unexpected("idbList")),
        StorageError::Blocked
    );
    // Only a failure to load the code is worth "Thử lại".
    assert!(StorageError::Chunk.is_retryable());
    for e in [
        StorageError::Full,
        StorageError::Blocked,
        StorageError::Content,
    ] {
        assert!(!e.is_retryable(), "{e:?}");
    }
}

#[test]
fn the_offline_bar_names_each_storage_failure() {
    let all = [
        StorageError::Full,
        StorageError::Blocked,
        StorageError::Content,
        StorageError::Chunk,
    ];
    let words: Vec<&str> = all.iter().map(|e| e.show()).collect();
    assert_eq!(words, ["full", "blocked", "unsaved", "chunk"]);
    // style/offline.css shows each word's line.
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/style/offline.css"))
        .expect("offline.css");
    for word in words {
        assert!(
            css.contains(&format!("[data-show~=\"{word}\"] .bt-offline-error")),
            "{word}"
        );
    }
    for lang in [Lang::Vi, Lang::En] {
        let s = strings::strings(lang);
        assert!(s.storage_chunk != s.storage_content && s.storage_chunk != s.storage_blocked);
    }
    assert!(strings::VI
        .storage_chunk
        .starts_with("Không tải được phần này của trang"));
    assert!(strings::EN
        .storage_chunk
        .starts_with("This part of the page could not be loaded"));
    assert_eq!(strings::VI.retry, "Thử lại");
}
