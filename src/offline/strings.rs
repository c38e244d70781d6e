//! UI strings of offline reading, Vietnamese first. Kept beside the feature
//! (rather than in `i18n::Strings`) so the feature stays in one place.

use super::error::StorageError;
use crate::i18n::Lang;

pub struct OfflineStrings {
    pub offline_banner: &'static str,
    pub update_available: &'static str,
    pub reload: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub saved_empty: &'static str,
    pub saved_at: &'static str,
    pub storage_used: &'static str,
    pub kept: &'static str,
    pub download: &'static str,
    pub download_hint: &'static str,
    pub downloading: &'static str,
    pub cancel: &'static str,
    pub downloaded: &'static str,
    pub download_cancelled: &'static str,
    pub articles: &'static str,
    pub missing_title: &'static str,
    pub missing_body: &'static str,
    pub see_saved: &'static str,
    pub storage_full: &'static str,
    pub storage_blocked: &'static str,
    pub storage_content: &'static str,
    pub storage_chunk: &'static str,
    pub retry: &'static str,
    pub dismiss: &'static str,
}

pub static VI: OfflineStrings = OfflineStrings {
    offline_banner: "Bạn đang ngoại tuyến — đang hiển thị tin đã lưu",
    update_available: "Có phiên bản mới",
    reload: "Tải lại",
    save: "Lưu bài",
    saved: "Đã lưu",
    saved_empty: "Chưa có bài nào được lưu. Bấm “Lưu bài” ở một bài viết để đọc sau, kể cả khi không có mạng.",
    saved_at: "Lưu lúc",
    storage_used: "Dung lượng đã dùng trên máy",
    kept: "bài khác bạn đã đọc hoặc đã tải về cũng đọc được khi không có mạng.",
    download: "Tải về đọc offline",
    download_hint: "Lưu 30 bài mới nhất kèm ảnh để đọc khi không có mạng.",
    downloading: "Đang tải về",
    cancel: "Huỷ",
    downloaded: "Đã tải xong, đọc được khi không có mạng:",
    download_cancelled: "Đã huỷ. Số bài đã kịp tải về:",
    articles: "bài",
    missing_title: "Bài này chưa được lưu để đọc offline",
    missing_body: "Bạn đang ngoại tuyến. Khi có mạng trở lại, bài sẽ mở được; các bài bạn đã đọc hoặc đã lưu vẫn đọc được ngay.",
    see_saved: "Xem bài đã lưu",
    storage_full: "Không lưu được: bộ nhớ của trình duyệt đã đầy. Hãy xoá bớt bài đã lưu rồi thử lại.",
    storage_blocked: "Không lưu được: trình duyệt đang chặn bộ nhớ (ví dụ ở chế độ ẩn danh). Bạn vẫn đọc tin bình thường.",
    storage_content: "Không lưu được bài này.",
    storage_chunk: "Không tải được phần này của trang. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    retry: "Thử lại",
    dismiss: "Đóng",
};

pub static EN: OfflineStrings = OfflineStrings {
    offline_banner: "You are offline — showing saved news",
    update_available: "A new version is available",
    reload: "Reload",
    save: "Save",
    saved: "Saved",
    saved_empty: "Nothing saved yet. Tap “Save” on an article to read it later, even without a connection.",
    saved_at: "Saved",
    storage_used: "Storage used on this device",
    kept: "other articles you read or downloaded can be read offline too.",
    download: "Download for offline reading",
    download_hint: "Keeps the 30 latest articles with their images for reading without a connection.",
    downloading: "Downloading",
    cancel: "Cancel",
    downloaded: "Done, ready to read offline:",
    download_cancelled: "Cancelled. Articles downloaded so far:",
    articles: "articles",
    missing_title: "This article has not been saved for offline reading",
    missing_body: "You are offline. It will open when the connection is back; the articles you read or saved can be read now.",
    see_saved: "See saved articles",
    storage_full: "Could not save: the browser's storage is full. Remove some saved articles and try again.",
    storage_blocked: "Could not save: the browser blocks storage (private browsing, for example). Reading works as usual.",
    storage_content: "This article could not be saved.",
    storage_chunk: "This part of the page could not be loaded. Please check your connection and try again.",
    retry: "Try again",
    dismiss: "Close",
};

impl OfflineStrings {
    /// What the offline bar says of a failure to store.
    pub fn storage_message(&self, error: StorageError) -> &'static str {
        match error {
            StorageError::Full => self.storage_full,
            StorageError::Blocked => self.storage_blocked,
            StorageError::Content => self.storage_content,
            StorageError::Chunk => self.storage_chunk,
        }
    }
}

pub fn strings(lang: Lang) -> &'static OfflineStrings {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}
