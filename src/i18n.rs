//! UI strings. Vietnamese first; English when the site's `lang` is `en`.
//!
//! A plain struct of `&'static str` per language: no runtime lookup tables,
//! no formatting machinery, and a missing string is a compile error.

use crate::error::AppError;

/// Read leniently from config: "en", "en-GB" → English; anything else → Vietnamese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Reads a BCP 47 tag leniently: "en", "en-US" → English, anything else → Vietnamese.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if primary == "en" {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

pub struct Strings {
    pub skip_to_content: &'static str,
    pub home: &'static str,
    pub latest_news: &'static str,
    pub saved: &'static str,
    pub load_more: &'static str,
    pub loading: &'static str,
    pub loading_more: &'static str,
    pub no_more: &'static str,
    pub empty_feed: &'static str,
    pub retry: &'static str,
    pub back_to_list: &'static str,
    pub by: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub tags: &'static str,
    pub related: &'static str,
    pub read_original: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub skipped_items: &'static str,
    pub error_title: &'static str,
    pub error_network: &'static str,
    pub error_http: &'static str,
    pub error_server: &'static str,
    pub error_not_json: &'static str,
    pub error_invalid_feed: &'static str,
    pub error_config: &'static str,
    pub error_offline: &'static str,
    pub error_article_body: &'static str,
    pub error_chunk: &'static str,
    pub sidebar_label: &'static str,
    pub footer_note: &'static str,
    pub main_nav: &'static str,
    pub sections: &'static str,
    pub search: &'static str,
    pub min_read: &'static str,
    pub page_of_list: &'static str,
    pub visitors_title: &'static str,
    pub visitors_online: &'static str,
    pub visitors_today: &'static str,
    pub visitors_week: &'static str,
    pub visitors_total: &'static str,
    pub visitors_updated_at: &'static str,
    pub views: &'static str,
    pub view_one: &'static str,
    pub ad_label: &'static str,
    pub ad_close: &'static str,
}

pub static VI: Strings = Strings {
    skip_to_content: "Bỏ qua, đến nội dung chính",
    home: "Trang chủ",
    latest_news: "Tin mới",
    saved: "Đã lưu",
    load_more: "Xem thêm",
    loading: "Đang tải…",
    loading_more: "Đang tải thêm…",
    no_more: "Bạn đã xem hết tin.",
    empty_feed: "Chưa có tin nào. Vui lòng quay lại sau.",
    retry: "Thử lại",
    back_to_list: "Về trang tin mới",
    by: "Tác giả",
    published: "Đăng lúc",
    updated: "Cập nhật",
    tags: "Từ khóa",
    related: "Tin liên quan",
    read_original: "Xem bài gốc",
    not_found_title: "Không tìm thấy trang",
    not_found_body:
        "Bài viết hoặc trang bạn tìm không tồn tại, có thể đã bị gỡ hoặc đường dẫn bị sai.",
    skipped_items: "bài trong nguồn tin bị lỗi và đã được bỏ qua.",
    error_title: "Không tải được tin",
    error_network:
        "Không kết nối được tới máy chủ tin. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    error_http: "Máy chủ tin trả về lỗi",
    error_server: "Máy chủ tin đang gặp sự cố. Vui lòng thử lại sau ít phút.",
    error_not_json: "Nguồn tin trả về dữ liệu không đúng định dạng (không phải JSON).",
    error_invalid_feed: "Nguồn tin không hợp lệ, không đọc được danh sách bài.",
    error_config: "Cấu hình trang (config.json) bị thiếu hoặc sai. Vui lòng báo quản trị viên.",
    error_offline: "Bạn đang ngoại tuyến và nội dung này chưa được lưu để đọc offline.",
    error_article_body: "Không hiển thị được nội dung bài viết.",
    error_chunk: "Không tải được phần này của trang. Vui lòng kiểm tra kết nối mạng rồi thử lại.",
    sidebar_label: "Thông tin thêm",
    footer_note: "Bản tin — trình đọc tin nhanh, gọn, đọc được cả khi mất mạng.",
    main_nav: "Điều hướng chính",
    sections: "Chuyên mục",
    search: "Tìm kiếm",
    min_read: "phút đọc",
    page_of_list: "Danh sách tin",
    visitors_title: "Thống kê truy cập",
    visitors_online: "Đang online",
    visitors_today: "Hôm nay",
    visitors_week: "Trong tuần",
    visitors_total: "Tất cả",
    visitors_updated_at: "cập nhật lúc",
    views: "lượt xem",
    view_one: "lượt xem",
    ad_label: "Quảng cáo",
    ad_close: "Đóng quảng cáo",
};

pub static EN: Strings = Strings {
    skip_to_content: "Skip to main content",
    home: "Home",
    latest_news: "Latest news",
    saved: "Saved",
    load_more: "Load more",
    loading: "Loading…",
    loading_more: "Loading more…",
    no_more: "You have reached the end.",
    empty_feed: "No news yet. Please come back later.",
    retry: "Try again",
    back_to_list: "Back to latest news",
    by: "By",
    published: "Published",
    updated: "Updated",
    tags: "Tags",
    related: "Related articles",
    read_original: "Read the original",
    not_found_title: "Page not found",
    not_found_body: "The article or page you are looking for does not exist; it may have been removed or the link is wrong.",
    skipped_items: "items in the feed were broken and have been skipped.",
    error_title: "Could not load the news",
    error_network: "Could not reach the news server. Please check your connection and try again.",
    error_http: "The news server answered with an error",
    error_server: "The news server is having trouble. Please try again in a few minutes.",
    error_not_json: "The news source sent data in the wrong format (not JSON).",
    error_invalid_feed: "The news source is not a valid feed; its list of articles cannot be read.",
    error_config: "The site configuration (config.json) is missing or broken. Please tell the site's administrator.",
    error_offline: "You are offline and this content has not been saved for offline reading.",
    error_article_body: "The article's content could not be shown.",
    error_chunk: "This part of the page could not be loaded. Please check your connection and try again.",
    sidebar_label: "More information",
    footer_note: "Bản tin — a fast, small news reader that works offline.",
    main_nav: "Main navigation",
    sections: "Sections",
    search: "Search",
    min_read: "min read",
    page_of_list: "News list",
    visitors_title: "Visitors",
    visitors_online: "Online now",
    visitors_today: "Today",
    visitors_week: "This week",
    visitors_total: "Total",
    visitors_updated_at: "updated at",
    views: "views",
    view_one: "view",
    ad_label: "Advertisement",
    ad_close: "Close advertisement",
};

impl Strings {
    /// The reader-facing explanation of an error.
    pub fn error_message(&self, error: &AppError) -> String {
        match error {
            AppError::Network(_) => self.error_network.to_string(),
            AppError::Http { status, .. } if *status >= 500 => {
                format!("{} ({status}).", self.error_server.trim_end_matches('.'))
            }
            AppError::Http { status, .. } => format!("{} ({status}).", self.error_http),
            AppError::NotJson(_) => self.error_not_json.to_string(),
            AppError::InvalidFeed(_) => self.error_invalid_feed.to_string(),
            AppError::Config(_) => self.error_config.to_string(),
            AppError::NotFound => self.not_found_body.to_string(),
            AppError::Offline => self.error_offline.to_string(),
            AppError::Chunk => self.error_chunk.to_string(),
        }
    }
}
