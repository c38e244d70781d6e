//! The reader's browser half under hostile values, in headless Chromium: a date
//! JavaScript cannot hold, and ids that would have named other articles. Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm_reader`.
//! Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use bantin::platform::time::offset_minutes;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Ho Chi Minh City's offset, also the fallback when `Intl` has no answer.
const HCM: i32 = 7 * 60;

#[wasm_bindgen_test]
fn an_instant_javascript_cannot_hold_gets_the_fallback_offset_not_an_exception() {
    // `Intl.DateTimeFormat#formatToParts` throws a RangeError past ±8.64e15 ms;
    // uncaught, that exception unwound through the list and rendered 0 cards.
    for epoch_ms in [
        31_494_753_244_800_000, // 999999-01-01, which the date parser once accepted
        8_640_000_000_000_001,
        -8_640_000_000_000_001,
        i64::MAX,
        i64::MIN,
    ] {
        assert_eq!(
            offset_minutes("Asia/Ho_Chi_Minh", epoch_ms),
            HCM,
            "{epoch_ms}"
        );
        assert_eq!(offset_minutes("Europe/Paris", epoch_ms), HCM, "{epoch_ms}");
    }
    // The real answer, within range.
    assert_eq!(offset_minutes("Asia/Ho_Chi_Minh", 1_795_743_000_000), HCM);
    assert_eq!(offset_minutes("UTC", 1_795_743_000_000), 0);
    assert_eq!(offset_minutes("Europe/Paris", 1_795_743_000_000), 60);
    assert_eq!(
        offset_minutes("UTC", bantin::format::JS_DATE_LIMIT_MS),
        0,
        "the last instant JavaScript holds still formats"
    );
}

/// The zones `format::fixed_offset` answers without `Intl` say what `Intl`
/// says, from the instant their offset was last changed to long after now;
/// before it, the table does not answer.
#[wasm_bindgen_test]
fn the_fixed_zones_agree_with_intl() {
    use bantin::format::fixed_offset;
    use bantin::platform::time::offset_with_intl;
    let since = 171_820_800_000; // 1975-06-12T16:00Z
    let day = 86_400_000;
    let mut checked = 0;
    for zone in ["Asia/Ho_Chi_Minh", "Asia/Saigon", "UTC", "Etc/UTC"] {
        // Every 97 days for 150 years, and the edge itself.
        let mut t = since;
        while t < since + 150 * 365 * day {
            assert_eq!(
                fixed_offset(zone, t),
                offset_with_intl(zone, t),
                "{zone} at {t}"
            );
            checked += 1;
            t += 97 * day;
        }
    }
    assert!(checked > 2000);
    // Just before: +08, which the table leaves to Intl.
    assert_eq!(fixed_offset("Asia/Ho_Chi_Minh", since - 1), None);
    assert_eq!(
        offset_with_intl("Asia/Ho_Chi_Minh", since - 1),
        Some(8 * 60)
    );
    assert_eq!(offset_minutes("Asia/Ho_Chi_Minh", since - 1), 8 * 60);
}

// offline.js itself, as the app loads it.
#[wasm_bindgen(module = "/src/offline/offline.js")]
extern "C" {
    #[wasm_bindgen(js_name = idbPut)]
    fn idb_put(json: &str, images: &Array) -> Promise;
    #[wasm_bindgen(js_name = idbDelete)]
    fn idb_delete(ids: &Array) -> Promise;
    #[wasm_bindgen(js_name = idbGet)]
    fn idb_get(id: &str) -> Promise;
}

async fn settled(p: Promise) -> JsValue {
    JsFuture::from(p).await.expect("offline.js call")
}

fn strings(items: &[&str]) -> Array {
    items.iter().map(|s| JsValue::from_str(s)).collect()
}

fn record(id: &str, saved: bool) -> String {
    let mut json = String::from("{\"id\":");
    bantin::text::push_json_string(&mut json, id);
    json.push_str(&format!(",\"saved\":{saved},\"saved_at\":1}}"));
    json
}

#[wasm_bindgen_test]
async fn deleting_an_id_with_a_newline_deletes_that_article_only() {
    // A saved article "b", and an unsaved one whose id is "a\nb": removing the
    // second split its id on the newline and deleted "b" too.
    settled(idb_put(&record("b", true), &Array::new())).await;
    settled(idb_put(&record("a\nb", false), &Array::new())).await;
    settled(idb_put(&record("a", false), &Array::new())).await;
    settled(idb_delete(&strings(&["a\nb"]))).await;
    assert_ne!(settled(idb_get("b")).await, JsValue::NULL, "b survives");
    assert_ne!(settled(idb_get("a")).await, JsValue::NULL, "a survives");
    assert_eq!(settled(idb_get("a\nb")).await, JsValue::NULL);
    // Several ids at once still work.
    settled(idb_delete(&strings(&["a", "b"]))).await;
    assert_eq!(settled(idb_get("a")).await, JsValue::NULL);
    assert_eq!(settled(idb_get("b")).await, JsValue::NULL);
}

#[wasm_bindgen_test]
fn the_feed_parser_finds_repeats_with_hash_sets_in_wasm_too() {
    // std's HashSet seeds itself without OS randomness on wasm32-unknown-unknown:
    // check it works where the app runs, not only natively.
    let body = r#"{"items":[{"id":"1","tags":["a","b","a"]},{"id":"2"},{"id":"1"},{"id":2}]}"#;
    let page = bantin::source::jsonfeed::parse(body, "https://news.example/feed.json", &|u| {
        Some(u.to_string())
    })
    .expect("a page");
    let ids: Vec<&str> = page.items.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(page.skipped, 2);
    assert_eq!(page.items[0].tags, ["a", "b"]);
}

/// A JSON Feed page of `items` items, each with `pad` characters of text.
fn feed_page(items: usize, pad: usize) -> String {
    let body = "Tin địa phương ".repeat(pad / 15);
    let items: Vec<String> = (0..items)
        .map(|i| format!(r#"{{"id":"{i}","url":"https://example.vn/{i}","title":"Bài {i}","content_text":"{body}"}}"#))
        .collect();
    format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Bản tin","items":[{}]}}"#,
        items.join(",")
    )
}

#[wasm_bindgen_test]
fn a_large_feed_page_crosses_into_wasm_cut_to_the_items_the_reader_keeps() {
    use bantin::platform::http::{cut_if_large, LARGE_BODY_KEEPS};
    use bantin::source::jsonfeed;
    let keeps = LARGE_BODY_KEEPS as usize;
    let resolve = |u: &str| Some(u.to_string());
    // 1,500 items of ~1,500 characters: about 2.3 million UTF-16 units.
    let large = feed_page(keeps + 500, 1_500);
    assert!(large.encode_utf16().count() > 2_000_000);
    let cut = cut_if_large(JsValue::from_str(&large)).as_string().unwrap();
    assert!(
        cut.len() < large.len() * 3 / 4,
        "{} of {}",
        cut.len(),
        large.len()
    );
    let page = jsonfeed::parse(&cut, "https://example.vn/feed.json", &resolve).unwrap();
    assert_eq!(page.items.len(), keeps);
    assert_eq!(page.items[keeps - 1].id, (keeps - 1).to_string());
    assert_eq!(
        page.title.as_deref(),
        Some("Bản tin"),
        "the rest of the document is kept"
    );
    assert!(
        matches!(&page.items[0].content, bantin::model::Content::Text(t) if t.starts_with("Tin địa phương")),
        "text survives the round trip"
    );

    // A small page, and a large body that is not a feed, cross as they are.
    let small = feed_page(keeps + 500, 10);
    assert_eq!(
        cut_if_large(JsValue::from_str(&small)).as_string().unwrap(),
        small
    );
    let broken = format!("{}]", &large[..large.len() - 2]);
    assert_eq!(
        cut_if_large(JsValue::from_str(&broken))
            .as_string()
            .unwrap(),
        broken
    );
    let no_items = large.replacen("\"items\"", "\"posts\"", 1);
    assert_eq!(
        cut_if_large(JsValue::from_str(&no_items))
            .as_string()
            .unwrap(),
        no_items
    );
}
