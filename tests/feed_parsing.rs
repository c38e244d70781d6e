//! JSON Feed parsing against real fixtures (../shared/testdata/jsonfeed) and
//! cases of our own. The browser resolves URLs with `URL`; here a small
//! stand-in joins them so the parsing rules can be tested natively.

use bantin::error::AppError;
use bantin::model::Content;
use bantin::source::jsonfeed::parse;
use std::fs;
use std::path::PathBuf;

fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/testdata/jsonfeed")
        .join(rel)
}

fn read(rel: &str) -> String {
    fs::read_to_string(testdata(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// Minimal URL joining for tests: absolute stays, `//x` takes https, the
/// rest joins the base's directory. Non-web schemes give None, like the app.
fn resolve(u: &str) -> Option<String> {
    let u = u.trim();
    if let Some((scheme, _)) = u.split_once(':') {
        if scheme.chars().all(|c| c.is_ascii_alphabetic()) {
            return matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
                .then(|| u.to_string());
        }
    }
    if let Some(rest) = u.strip_prefix("//") {
        return Some(format!("https://{rest}"));
    }
    if let Some(rest) = u.strip_prefix('/') {
        return Some(format!("https://news.example/{rest}"));
    }
    Some(format!("https://news.example/feeds/{u}"))
}

const PAGE: &str = "https://news.example/feeds/feed.json";

#[test]
fn spec_feed_parses_with_html_content_and_offset_date() {
    let page = parse(&read("jsonfeed_spec_1.json"), PAGE, &resolve).expect("valid feed");
    assert_eq!(page.title.as_deref(), Some("JSON Feed"));
    assert_eq!(page.items.len(), 1);
    let item = &page.items[0];
    assert_eq!(
        item.id,
        "https://jsonfeed.org/2017/05/17/announcing_json_feed"
    );
    assert!(matches!(&item.content, Content::Html(h) if h.contains("<p>")));
    // 2017-05-17T08:02:12-07:00 == 15:02:12 UTC
    assert_eq!(item.published, Some(1_495_033_332_000));
    assert!(item
        .summary
        .as_deref()
        .is_some_and(|s| !s.is_empty() && !s.contains('<')));
}

#[test]
fn daring_fireball_feed_keeps_non_ascii_text_and_external_urls() {
    let page = parse(&read("jsonfeed_example_1.json"), PAGE, &resolve).expect("valid feed");
    assert_eq!(page.items.len(), 2);
    assert!(page.items.iter().all(|a| !a.title.is_empty()));
    assert!(page
        .items
        .iter()
        .all(|a| a.url.as_deref().is_some_and(|u| u.starts_with("http"))));
}

#[test]
fn elastic_feed_without_ids_is_explained_not_shown() {
    // Every item lacks the required `id`: the reader gets "not a valid feed".
    match parse(&read("jsonfeed_elastic_1.1.json"), PAGE, &resolve) {
        Err(AppError::InvalidFeed(msg)) => assert!(msg.contains("id"), "{msg}"),
        other => panic!("expected InvalidFeed, got {other:?}"),
    }
}

#[test]
fn elastic_items_parse_once_given_ids_rfc2822_dates_and_entities() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&read("jsonfeed_elastic_1.1.json")).unwrap();
    for (i, item) in doc["items"].as_array_mut().unwrap().iter_mut().enumerate() {
        item["id"] = serde_json::Value::String(format!("item-{i}"));
    }
    let page = parse(&doc.to_string(), PAGE, &resolve).expect("feed with ids");
    assert!(page.items.len() >= 2);
    // RFC 2822 dates are read, not dropped.
    assert!(page.items.iter().filter(|a| a.published.is_some()).count() >= 2);
    // `&#8211;` in a title becomes an en dash, never raw markup.
    assert!(page.items.iter().all(|a| !a.title.contains("&#")));
    // 1.1 `authors` wins over 1.0 `author`.
    assert!(page
        .items
        .iter()
        .any(|a| a.authors.iter().any(|n| n.starts_with("Fake Author"))));
}

#[test]
fn item_missing_id_is_skipped_and_counted() {
    let page = parse(&read("invalid/schema-item-missing-id.json"), PAGE, &resolve);
    match page {
        Ok(page) => {
            assert!(page.skipped >= 1);
            assert!(page.items.iter().all(|a| !a.id.is_empty()));
        }
        Err(AppError::InvalidFeed(_)) => {} // the only item was broken
        Err(e) => panic!("unexpected {e:?}"),
    }
}

#[test]
fn duplicate_ids_keep_the_first() {
    let page = parse(&read("invalid/id-unique.json"), PAGE, &resolve).expect("feed");
    let ids: Vec<_> = page.items.iter().map(|a| a.id.as_str()).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique);
    assert_eq!(page.skipped, 1);
}

#[test]
fn next_url_equal_to_feed_url_is_ignored() {
    let page = parse(
        &read("invalid/next-url-same-as-feed-url.json"),
        PAGE,
        &resolve,
    )
    .expect("feed");
    assert_eq!(page.next_url, None, "following it would loop forever");
}

#[test]
fn feedparser_type_error_fragments_never_panic() {
    let dir = testdata("invalid/feedparser");
    let mut seen = 0;
    for entry in fs::read_dir(&dir).expect("invalid/feedparser exists") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let body = fs::read_to_string(&path).unwrap();
        let result = parse(&body, PAGE, &resolve);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.contains("nan") || name.contains("infinity") {
            assert!(
                matches!(result, Err(AppError::NotJson(_))),
                "{name}: {result:?}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 30, "only {seen} fragments");
}

#[test]
fn numeric_ids_are_coerced_and_other_id_types_skipped() {
    let body = r#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[
        {"id": 1, "title": "int"},
        {"id": 1.9999999999999999e2, "title": "float"},
        {"id": true, "title": "bool"},
        {"id": null, "title": "null"},
        {"id": {"a":1}, "title": "obj"},
        {"id": ["x"], "title": "list"},
        {"id": "  ", "title": "blank"},
        {"id": 98765432109876543210, "title": "longer than i64, kept as written"},
        {"id": 5.0, "title": "whole float"},
        {"id": 2.5, "title": "fraction"}
    ]}"#;
    let page = parse(body, PAGE, &resolve).expect("feed");
    let ids: Vec<_> = page.items.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1", "200", "98765432109876543210", "5"]);
    assert_eq!(page.skipped, 6);
}

#[test]
fn broken_documents_are_typed_errors() {
    assert!(matches!(
        parse("<html>oops</html>", PAGE, &resolve),
        Err(AppError::NotJson(_))
    ));
    assert!(matches!(
        parse("", PAGE, &resolve),
        Err(AppError::NotJson(_))
    ));
    assert!(matches!(
        parse("[1,2]", PAGE, &resolve),
        Err(AppError::InvalidFeed(_))
    ));
    assert!(matches!(
        parse(r#"{"items": {"a": 1}}"#, PAGE, &resolve),
        Err(AppError::InvalidFeed(_))
    ));
    assert!(matches!(
        parse(r#"{"title": "no items"}"#, PAGE, &resolve),
        Err(AppError::InvalidFeed(_))
    ));
}

#[test]
fn empty_feed_is_fine() {
    let page = parse(
        r#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}"#,
        PAGE,
        &resolve,
    )
    .expect("empty feed is valid");
    assert!(page.items.is_empty());
    assert_eq!(page.skipped, 0);
}

#[test]
fn fields_are_text_urls_resolved_and_wrong_types_dropped() {
    let body = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Tin <b>mới</b>",
      "next_url": "feed-2.json",
      "items":[{"id":"a","title":["not","a","string"],"summary":"Tóm tắt &amp; <i>thử</i>",
        "content_text":"Đoạn một.\n\nĐoạn hai.","image":"img/a.svg","banner_image":"javascript:alert(1)",
        "authors":[{"name":"Mai Chi"},{"name":42},{}],"tags":["Kinh tế", 5, "Kinh tế", "Y tế"],
        "date_published":"2026-11-27T08:30:00+07:00","date_modified":"not a date","unknown_field":{"x":1}}]}"#;
    let page = parse(body, PAGE, &resolve).expect("feed");
    assert_eq!(page.title.as_deref(), Some("Tin mới"));
    assert_eq!(
        page.next_url.as_deref(),
        Some("https://news.example/feeds/feed-2.json")
    );
    let a = &page.items[0];
    assert_eq!(a.summary.as_deref(), Some("Tóm tắt & thử"));
    // No string title: fall back to the summary rather than show nothing.
    assert_eq!(a.title, "Tóm tắt & thử");
    assert_eq!(
        a.image.as_deref(),
        Some("https://news.example/feeds/img/a.svg")
    );
    assert_eq!(a.banner_image, None);
    assert_eq!(a.authors, ["Mai Chi"]);
    assert_eq!(a.tags, ["Kinh tế", "Y tế"]);
    assert_eq!(a.published, Some(1_795_743_000_000));
    assert_eq!(a.modified, None);
    assert!(matches!(&a.content, Content::Text(t) if t.contains("Đoạn hai")));
}

#[test]
fn summary_is_derived_from_html_content_as_text() {
    let body = r#"{"items":[{"id":"x","title":"t","content_html":"<p>Xin <b>chào</b> bà con</p><script>alert(1)</script><p>Hai</p>"}]}"#;
    let page = parse(body, PAGE, &resolve).expect("feed");
    assert_eq!(
        page.items[0].summary.as_deref(),
        Some("Xin chào bà con Hai")
    );
}

/// A feed page of `items` items (every third one repeating the id before it),
/// the first carrying `tags` tags of which every second repeats the one before.
fn big_feed(items: usize, tags: usize) -> String {
    let tag_list: Vec<String> = (0..tags).map(|i| format!("\"thẻ {}\"", i / 2)).collect();
    let mut body = String::from(r#"{"version":"https://jsonfeed.org/version/1.1","items":["#);
    for i in 0..items {
        if i > 0 {
            body.push(',');
        }
        let id = if i % 3 == 2 { i - 1 } else { i };
        let tags = if i == 0 {
            tag_list.join(",")
        } else {
            String::new()
        };
        body.push_str(&format!(
            r#"{{"id":"{id}","title":"Tin {i}","content_html":"<p>Bài {i}</p>","tags":[{tags}],"date_published":"2026-11-27T08:30:00+07:00"}}"#
        ));
    }
    body.push_str("]}");
    body
}

#[test]
fn huge_pages_are_capped_and_read_in_linear_time() {
    use bantin::source::jsonfeed::{MAX_ITEMS_PER_PAGE, MAX_TAGS_PER_ITEM};
    let text = big_feed(40_000, 40_000);
    let started = std::time::Instant::now();
    let page = parse(&text, PAGE, &resolve).expect("feed");
    // Not asserted (no timing in tests): printed for the record.
    eprintln!(
        "40,000 items, 40,000 tags on one: parsed in {:?}",
        started.elapsed()
    );
    assert_eq!(page.items.len(), MAX_ITEMS_PER_PAGE);
    // Ids 0, 1, (1), 3, 4, (4), …: the repeats are skipped, the first kept.
    assert_eq!(page.items[0].id, "0");
    assert_eq!(page.items[2].id, "3");
    let last = &page.items[MAX_ITEMS_PER_PAGE - 1];
    assert_eq!(last.id, (3 * (MAX_ITEMS_PER_PAGE - 1) / 2).to_string());
    assert_eq!(page.skipped, MAX_ITEMS_PER_PAGE / 2 - 1);
    assert_eq!(
        page.beyond_cap,
        40_000 - MAX_ITEMS_PER_PAGE - page.skipped,
        "every item after the cap is counted, not read"
    );
    let mut seen = std::collections::HashSet::new();
    assert!(page.items.iter().all(|a| seen.insert(a.id.clone())));
    // The first item's tags: the first MAX_TAGS_PER_ITEM distinct ones, in order.
    let tags = &page.items[0].tags;
    assert_eq!(tags.len(), MAX_TAGS_PER_ITEM);
    assert_eq!(tags[0], "thẻ 0");
    assert_eq!(
        tags[MAX_TAGS_PER_ITEM - 1],
        format!("thẻ {}", MAX_TAGS_PER_ITEM - 1)
    );
    assert!(page.items[1].tags.is_empty());
}

#[test]
fn tag_duplicates_and_blanks_are_dropped_in_order() {
    let page = parse(
        r#"{"items":[{"id":"1","tags":["Hà Nội"," Hà  Nội ","", 5, "Bão", "Hà Nội", "bão"]}]}"#,
        PAGE,
        &resolve,
    )
    .expect("feed");
    assert_eq!(page.items[0].tags, ["Hà Nội", "Bão", "bão"]);
}
