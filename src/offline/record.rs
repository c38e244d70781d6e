//! The article copies kept in IndexedDB, and the pure rules around them
//! (native-tested in `tests/offline.rs`).
//!
//! One record per article id. `saved` records are the reader's own choice
//! ("Lưu bài"): listed on the "Đã lưu" page and never trimmed. The others are
//! kept automatically — every article the reader opens, and the ones "Tải về
//! đọc offline" stores — so they can be read without a network; only the
//! newest [`MAX_KEPT`] of those stay.

use crate::i18n::Lang;
use crate::json::{self, Value};
use crate::model::{Article, Content};

/// The record format; bump (and migrate) when the shape changes.
pub const RECORD_VERSION: u32 = 1;
/// "Tải về đọc offline" stores this many articles of the current list.
pub const DOWNLOAD_COUNT: usize = 30;
/// Automatically kept (opened or downloaded, not saved) records kept at most.
pub const MAX_KEPT: usize = 100;
// A download must fit in what is kept, or it would trim itself.
const _: () = assert!(DOWNLOAD_COUNT <= MAX_KEPT);
/// Images asked for per article (hero, thumbnail, body images); the service
/// worker applies its own byte cap on top.
pub const MAX_IMAGES_PER_ARTICLE: usize = 12;

/// One stored article. In IndexedDB it is a flat JSON object keyed by `id`:
/// the article's fields, `saved`, `saved_at`, and the body as `html`
/// (sanitized) or `text`.
///
/// Written and read by hand rather than with `#[derive(Serialize,
/// Deserialize)]`: the derives add their own code to the wasm (docs/size.md),
/// while reading goes through the `crate::json::Value` parser the feed
/// reader already ships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedRecord {
    /// The reader saved it ("Lưu bài"); otherwise a copy kept automatically.
    pub saved: bool,
    /// When it was saved (or, for kept copies, stored), epoch milliseconds.
    pub saved_at: i64,
    /// The article; its `content` is the stored body (sanitized HTML or text),
    /// `Content::None` in the list read without bodies.
    pub article: Article,
}

impl SavedRecord {
    pub fn id(&self) -> &str {
        &self.article.id
    }

    pub fn to_json(&self) -> String {
        let a = &self.article;
        let mut out = String::with_capacity(256);
        out.push('{');
        field(&mut out, "id", &a.id);
        out.push_str(&format!(
            ",\"v\":{RECORD_VERSION},\"saved\":{},\"saved_at\":{}",
            self.saved, self.saved_at
        ));
        field(&mut out, "title", &a.title);
        let optional = [
            ("url", &a.url),
            ("summary", &a.summary),
            ("image", &a.image),
            ("banner_image", &a.banner_image),
            ("image_srcset", &a.image_srcset),
            ("language", &a.language),
            ("base_url", &a.base_url),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                field(&mut out, key, value);
            }
        }
        for (key, value) in [("published", a.published), ("modified", a.modified)] {
            if let Some(ms) = value {
                out.push_str(&format!(",\"{key}\":{ms}"));
            }
        }
        if let Some(id) = a.post_id {
            out.push_str(&format!(",\"post_id\":{id}"));
        }
        if a.comments_closed {
            out.push_str(",\"comments_closed\":true");
        }
        for (key, list) in [("authors", &a.authors), ("tags", &a.tags)] {
            out.push_str(&format!(",\"{key}\":["));
            for (i, item) in list.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(&mut out, item);
            }
            out.push(']');
        }
        match &a.content {
            Content::Html(html) => field(&mut out, "html", html),
            Content::Text(text) => field(&mut out, "text", text),
            Content::None => {}
        }
        out.push('}');
        out
    }

    /// One record; `None` when the JSON is not a record (a damaged entry is
    /// ignored rather than breaking the page).
    pub fn from_json(json: &str) -> Option<SavedRecord> {
        json::parse(json)
            .ok()
            .as_ref()
            .and_then(SavedRecord::from_value)
    }

    pub fn from_value(value: &Value) -> Option<SavedRecord> {
        let o = value.as_object()?;
        let text = |key: &str| o.get(key).and_then(Value::as_str).map(str::to_string);
        let number = |key: &str| o.get(key).and_then(Value::as_i64);
        let list = |key: &str| -> Vec<String> {
            o.get(key)
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let id = text("id").filter(|id| !id.is_empty())?;
        let content = match (text("html"), text("text")) {
            (Some(html), _) => Content::Html(html),
            (None, Some(text)) => Content::Text(text),
            _ => Content::None,
        };
        Some(SavedRecord {
            saved: o.get("saved").and_then(Value::as_bool).unwrap_or(false),
            saved_at: number("saved_at").unwrap_or(0),
            article: Article {
                id,
                url: text("url"),
                title: text("title").unwrap_or_default(),
                content,
                summary: text("summary"),
                image: text("image"),
                banner_image: text("banner_image"),
                published: number("published"),
                modified: number("modified"),
                authors: list("authors"),
                tags: list("tags"),
                language: text("language"),
                base_url: text("base_url"),
                // Records written before these fields read as "no id, open".
                image_srcset: text("image_srcset"),
                post_id: o.get("post_id").and_then(Value::as_u64),
                comments_closed: o
                    .get("comments_closed")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            },
        })
    }
}

/// `,"key":"value"` (no comma right after the opening brace).
fn field(out: &mut String, key: &str, value: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    json_string(out, key);
    out.push(':');
    json_string(out, value);
}

pub use crate::text::push_json_string as json_string;

/// A JSON array of records (the list read from IndexedDB), skipping damaged ones.
pub fn parse_list(json: &str) -> Vec<SavedRecord> {
    match json::parse(json) {
        Ok(Value::Array(values)) => values.iter().filter_map(SavedRecord::from_value).collect(),
        _ => Vec::new(),
    }
}

/// The saved records, in list order (most recently stored first, as
/// offline.js's `idbList` gives them): the "Đã lưu" page.
///
/// Trimming (only the newest [`MAX_KEPT`] copies kept automatically stay,
/// saved ones always) happens in offline.js's `trim`, inside the IndexedDB
/// transaction that reads the list; tests/e2e/offline.test.mjs tests it.
pub fn saved_only(records: &[SavedRecord]) -> impl Iterator<Item = &SavedRecord> {
    records.iter().filter(|r| r.saved)
}

/// The images an article needs offline: its hero and thumbnail, then the
/// `<img src>` of its (sanitized, absolute-URL) HTML body; http(s) only, no
/// repeats, at most [`MAX_IMAGES_PER_ARTICLE`].
pub fn image_urls(article: &Article) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |url: String| {
        let ok = url.starts_with("https://") || url.starts_with("http://");
        if ok && !out.contains(&url) && out.len() < MAX_IMAGES_PER_ARTICLE {
            out.push(url);
        }
    };
    for url in [&article.banner_image, &article.image]
        .into_iter()
        .flatten()
    {
        push(url.clone());
    }
    if let Content::Html(html) = &article.content {
        for src in img_sources(html) {
            push(src);
        }
    }
    out
}

/// The `src` values of `<img>` tags in serialised HTML (as the browser writes
/// it: double-quoted attributes, `&amp;` / `&quot;` escaped).
fn img_sources(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some((_, after)) = rest.split_once("<img") {
        let (tag, next) = after.split_once('>').unwrap_or((after, ""));
        // ` src="…"`, not `data-src` or `srcset`.
        if let Some((src, _)) = tag
            .split_once(" src=\"")
            .and_then(|(_, value)| value.split_once('"'))
        {
            out.push(unescape(src));
        }
        rest = next;
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Bytes for people: "850 KB", "1,2 MB" (Vietnamese decimal comma), "1.2 MB".
/// Integer arithmetic only (no float formatting in the wasm).
pub fn format_bytes(bytes: u64, lang: Lang) -> String {
    const KB: u64 = 1024;
    const MB: u64 = KB * 1024;
    const GB: u64 = MB * 1024;
    let comma = match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    };
    let (unit, size) = match bytes {
        b if b >= GB => ("GB", GB),
        b if b >= MB => ("MB", MB),
        b if b >= KB => return format!("{} KB", b.div_ceil(KB)),
        b => return format!("{b} B"),
    };
    // Tenths, rounded to nearest.
    let tenths = (bytes * 10 + size / 2) / size;
    match tenths % 10 {
        0 => format!("{} {unit}", tenths / 10),
        d => format!("{}{comma}{d} {unit}", tenths / 10),
    }
}
