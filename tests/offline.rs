//! Offline reading's pure rules: the stored record (written and read by hand),
//! which saved records the page lists, the images an article needs offline,
//! and bytes for people. (Trimming lives in offline.js and the service worker;
//! tests/e2e/offline.test.mjs tests those.)

use bantin::i18n::Lang;
use bantin::model::{Article, Content};
use bantin::offline::record::{
    format_bytes, image_urls, json_string, parse_list, saved_only, SavedRecord,
    MAX_IMAGES_PER_ARTICLE,
};

fn article(id: &str) -> Article {
    Article {
        id: id.into(),
        url: Some(format!("https://example.vn/{id}")),
        title: format!("Tiêu đề “{id}” \\ \"trích\"\n dòng mới\t tab \u{1}"),
        content: Content::Html(
            r#"<p>Đoạn một</p><figure><img src="https://cdn.example.vn/a.jpg?w=1&amp;h=2" alt="x"></figure>"#
                .into(),
        ),
        summary: Some("Tóm tắt".into()),
        image: Some("https://cdn.example.vn/thumb.jpg".into()),
        banner_image: None,
        published: Some(1_692_000_000_000),
        modified: None,
        authors: vec!["Mai Chi".into(), "Lê \"Văn\" B".into()],
        tags: vec!["Nông thôn mới".into()],
        language: Some("vi".into()),
        base_url: Some("https://example.vn/feed.json".into()),
        image_srcset: Some(
            "https://cdn.example.vn/a-300x200.jpg 300w, https://cdn.example.vn/a.jpg 1200w".into(),
        ),
        post_id: Some(18_446_744_073_709_551_615),
        comments_closed: true,
    }
}

fn record(id: &str, saved: bool, at: i64) -> SavedRecord {
    SavedRecord {
        saved,
        saved_at: at,
        article: article(id),
    }
}

#[test]
fn record_round_trips_through_json() {
    let rec = record("kien-thuy/ntm 2025", true, 1_795_743_000_123);
    let json = rec.to_json();
    // It is JSON any parser reads, with the fields IndexedDB keys and sorts on.
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["id"], "kien-thuy/ntm 2025");
    assert_eq!(value["saved"], true);
    assert_eq!(value["saved_at"], 1_795_743_000_123i64);
    assert_eq!(value["v"], 1);
    assert_eq!(value["post_id"], u64::MAX);
    assert_eq!(value["comments_closed"], true);
    assert!(value.get("text").is_none());
    assert_eq!(SavedRecord::from_json(&json), Some(rec));
}

#[test]
fn text_and_empty_bodies_round_trip() {
    let mut rec = record("t", false, 5);
    rec.article.content = Content::Text("Dòng một\n\nDòng hai".into());
    rec.article.summary = None;
    rec.article.url = None;
    rec.article.authors.clear();
    assert_eq!(SavedRecord::from_json(&rec.to_json()), Some(rec.clone()));
    rec.article.content = Content::None;
    assert_eq!(SavedRecord::from_json(&rec.to_json()), Some(rec));
}

#[test]
fn records_from_before_wordpress_fields_still_load() {
    // A version-1 record as written before `image_srcset`, `post_id` and
    // `comments_closed` existed.
    let old = r#"{"id":"cu","v":1,"saved":true,"saved_at":7,"title":"Bài cũ","image":"https://a.vn/i.jpg","authors":[],"tags":[],"html":"<p>x</p>"}"#;
    let rec = SavedRecord::from_json(old).expect("old records load");
    assert_eq!(rec.article.title, "Bài cũ");
    assert_eq!(rec.article.image_srcset, None);
    assert_eq!(rec.article.post_id, None);
    assert!(!rec.article.comments_closed);
    // Open threads and articles without an id write nothing new.
    let mut plain = record("p", false, 1);
    plain.article.image_srcset = None;
    plain.article.post_id = None;
    plain.article.comments_closed = false;
    let json = plain.to_json();
    assert!(!json.contains("post_id") && !json.contains("comments") && !json.contains("srcset"));
    assert_eq!(SavedRecord::from_json(&json), Some(plain));
    // Wrong types fall back to the defaults.
    let odd = SavedRecord::from_json(
        r#"{"id":"x","post_id":"60","comments_closed":"yes","image_srcset":5}"#,
    )
    .expect("an id is enough");
    assert_eq!(
        (
            odd.article.post_id,
            odd.article.comments_closed,
            odd.article.image_srcset
        ),
        (None, false, None)
    );
}

#[test]
fn damaged_records_are_skipped_not_fatal() {
    assert_eq!(SavedRecord::from_json(""), None);
    assert_eq!(SavedRecord::from_json("[]"), None);
    assert_eq!(SavedRecord::from_json(r#"{"title":"no id"}"#), None);
    assert_eq!(SavedRecord::from_json(r#"{"id":""}"#), None);
    // Wrong types in single fields fall back to nothing for that field.
    let odd = SavedRecord::from_json(
        r#"{"id":"x","saved":"yes","saved_at":"soon","title":7,"authors":"A","tags":[1,"t"]}"#,
    )
    .expect("an id is enough");
    assert!(!odd.saved);
    assert_eq!(odd.saved_at, 0);
    assert_eq!(odd.article.title, "");
    assert!(odd.article.authors.is_empty());
    assert_eq!(odd.article.tags, vec!["t".to_string()]);

    let list = format!(
        "[{}, 42, {{\"nope\":1}}, {}]",
        record("a", true, 2).to_json(),
        record("b", false, 1).to_json()
    );
    let parsed = parse_list(&list);
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].id(), "a");
    assert!(parse_list("not json").is_empty());
    assert!(parse_list(r#"{"id":"a"}"#).is_empty());
}

#[test]
fn the_saved_page_lists_only_saved_records_in_list_order() {
    let list = vec![
        record("new-kept", false, 30),
        record("new-saved", true, 20),
        record("old-saved", true, 10),
    ];
    let ids: Vec<&str> = saved_only(&list).map(|r| r.id()).collect();
    assert_eq!(ids, ["new-saved", "old-saved"]);
}

#[test]
fn json_strings_escape_what_json_requires() {
    let mut out = String::new();
    json_string(&mut out, "a\"b\\c\nd\u{0}e\u{1f}é😀</script>");
    assert_eq!(out, "\"a\\\"b\\\\c\\u000ad\\u0000e\\u001fé😀</script>\"");
    let back: String = serde_json::from_str(&out).expect("valid JSON string");
    assert_eq!(back, "a\"b\\c\nd\u{0}e\u{1f}é😀</script>");
}

#[test]
fn images_an_article_needs_offline() {
    let mut a = article("x");
    a.banner_image = Some("https://cdn.example.vn/banner.jpg".into());
    a.content = Content::Html(
        [
            r#"<p>x</p><img src="https://cdn.example.vn/a.jpg?w=1&amp;h=2" alt="">"#,
            r#"<img alt="no src"><img data-src="https://lazy.example/x.jpg" src="https://cdn.example.vn/b.png">"#,
            r#"<img srcset="https://cdn.example.vn/c.jpg 2x" src="https://cdn.example.vn/thumb.jpg">"#,
            r#"<img src="javascript:alert(1)"><img src="/relative.jpg"><p>tail <img"#,
        ]
        .concat(),
    );
    assert_eq!(
        image_urls(&a),
        [
            "https://cdn.example.vn/banner.jpg",
            "https://cdn.example.vn/thumb.jpg",
            "https://cdn.example.vn/a.jpg?w=1&h=2",
            "https://cdn.example.vn/b.png",
        ]
    );
    // A body full of images asks for a bounded number.
    a.content = Content::Html(
        (0..50)
            .map(|i| format!(r#"<img src="https://cdn.example.vn/{i}.jpg">"#))
            .collect(),
    );
    assert_eq!(image_urls(&a).len(), MAX_IMAGES_PER_ARTICLE);
    a.content = Content::Text("<img src=\"https://x.vn/y.jpg\">".into());
    assert_eq!(image_urls(&a).len(), 2, "text bodies have no images");
}

#[test]
fn bytes_for_people() {
    assert_eq!(format_bytes(0, Lang::Vi), "0 B");
    assert_eq!(format_bytes(1023, Lang::Vi), "1023 B");
    assert_eq!(format_bytes(1024, Lang::Vi), "1 KB");
    assert_eq!(format_bytes(1025, Lang::Vi), "2 KB");
    assert_eq!(format_bytes(850 * 1024, Lang::En), "850 KB");
    assert_eq!(format_bytes(1024 * 1024, Lang::Vi), "1 MB");
    assert_eq!(format_bytes(1_258_291, Lang::Vi), "1,2 MB");
    assert_eq!(format_bytes(1_258_291, Lang::En), "1.2 MB");
    assert_eq!(format_bytes(10 * 1024 * 1024 - 1, Lang::Vi), "10 MB");
    assert_eq!(format_bytes(3 * 1024 * 1024 * 1024 / 2, Lang::En), "1.5 GB");
    assert!(format_bytes(u64::MAX / 16, Lang::Vi).ends_with("GB"));
}
