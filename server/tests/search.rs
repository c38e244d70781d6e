//! `GET /api/search` over HTTP, in-process (as tests/comments.rs): the archive of a JSON Feed in
//! a temporary DIST (pages chained by `next_url`) or on a tiny local HTTP server, folding and
//! ranking of Vietnamese, paging, every refused query, and refreshes that find the feed changed,
//! gone, looping or pointing outside DIST; `?id=`: the feed page that holds an article.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use bantin_server::app::{App, Options};
use bantin_server::search::{Refreshed, SearchOptions, CANDIDATES};
use bantin_server::store::SqliteStore;
use common::*;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};

struct TestApp {
    app: App<SqliteStore>,
    router: Router,
    _data: tempfile::TempDir,
}

fn search_opts() -> SearchOptions {
    SearchOptions {
        refresh: Duration::ZERO,
        ..SearchOptions::default()
    }
}

fn app_with(dist: &Path, search: SearchOptions, rate_limit: u32) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(data.path()).unwrap();
    let time = TestTime::at(local_ms(2025, 1, 8, 12, 0, 0));
    let opts = Options {
        dist: dist.to_path_buf(),
        rate_limit,
        search,
        ..Options::default()
    };
    let app = App::new(store, time.keeper.clone(), opts);
    let router = app.router();
    TestApp {
        app,
        router,
        _data: data,
    }
}

fn app(dist: &Path) -> TestApp {
    app_with(dist, search_opts(), 0)
}

impl TestApp {
    async fn refresh(&self) -> Refreshed {
        self.app.state.search.refresh().await
    }

    /// A refresh that must build the index: its articles, pages and notes.
    async fn built(&self) -> (u64, u32, Vec<String>) {
        match self.refresh().await {
            Refreshed::Built {
                articles,
                pages,
                notes,
            } => (articles, pages, notes),
            other => panic!("expected a built index: {other:?}"),
        }
    }

    async fn get(&self, uri: &str) -> Answer {
        send(&self.router, Request::get(uri).body(Body::empty()).unwrap()).await
    }

    /// `GET /api/search?q=…` (plus `extra`), expected to succeed.
    async fn search(&self, q: &str, extra: &str) -> Value {
        let a = self.get(&search_uri(q, extra)).await;
        assert_eq!(a.status, StatusCode::OK, "{q}: {}", a.text());
        a.json()
    }

    /// The ids found for `q` (first page of 50), best first.
    async fn ids(&self, q: &str) -> Vec<String> {
        ids(&self.search(q, "&per_page=50").await)
    }

    /// `GET /api/search?id=…` as answered.
    async fn page_of(&self, id: &str) -> Answer {
        self.get(&id_uri(id)).await
    }

    /// `id` is not in the archive: `200 {"id", "page": null}`, not cached.
    async fn assert_unknown(&self, id: &str) {
        let a = self.page_of(id).await;
        assert_eq!(a.status, StatusCode::OK, "{id}: {}", a.text());
        assert_eq!(a.header("cache-control"), Some("no-store"));
        assert_eq!(a.json()["page"], Value::Null, "{id}: {}", a.text());
        assert!(a.json()["id"].is_string(), "{id}: {}", a.text());
    }

    /// The page URL answered for `id`, expected to be found (and the answer's shape checked).
    async fn page_url(&self, id: &str) -> String {
        let a = self.page_of(id).await;
        assert_eq!(a.status, StatusCode::OK, "{id}: {}", a.text());
        assert_eq!(a.header("cache-control"), Some("no-store"));
        let v = a.json();
        let keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(sorted(keys), strings(&["id", "page"]), "{v}");
        assert_eq!(v["id"], id.trim(), "{v}");
        v["page"].as_str().unwrap().to_string()
    }

    /// The page URL answered for `id`, which must be a site path that this server serves, as a
    /// feed page holding the article.
    async fn served_page_of(&self, id: &str) -> String {
        let page = self.page_url(id).await;
        assert!(page.starts_with('/') && !page.starts_with("//"), "{page}");
        let a = self.get(&page).await;
        assert_eq!(a.status, StatusCode::OK, "{page}: {}", a.text());
        let feed = a.json();
        assert!(
            feed["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| match &i["id"] {
                    Value::String(s) => s.trim() == id.trim(),
                    Value::Number(n) => n.to_string() == id,
                    _ => false,
                }),
            "{id} not in {page}"
        );
        page
    }
}

fn id_uri(id: &str) -> String {
    format!(
        "/api/search?id={}",
        utf8_percent_encode(id, NON_ALPHANUMERIC)
    )
}

fn search_uri(q: &str, extra: &str) -> String {
    format!(
        "/api/search?q={}{extra}",
        utf8_percent_encode(q, NON_ALPHANUMERIC)
    )
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {v}"))
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A feed item: `day` of July 2024 makes the date (higher = newer).
fn item(id: &str, title: &str, html: &str, day: u32) -> Value {
    json!({
        "id": id,
        "title": title,
        "content_html": html,
        "date_published": format!("2024-07-{day:02}T08:00:00+07:00"),
        "tags": ["Tin tức"],
    })
}

fn write_page(dir: &Path, name: &str, items: &[Value], next: Option<&str>) {
    let mut page = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Bản tin",
        "items": items,
    });
    if let Some(n) = next {
        page["next_url"] = json!(n);
    }
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_vec_pretty(&page).unwrap()).unwrap();
}

fn write_config(dist: &Path, kind: &str, url: &str) {
    std::fs::write(
        dist.join("config.json"),
        json!({"site": {"title": "Bản tin"}, "source": {"kind": kind, "url": url}}).to_string(),
    )
    .unwrap();
}

/// A DIST whose config.json names `feeds/feed.json`, three pages chained by relative `next_url`s.
fn vietnamese_site() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    write_config(d, "jsonfeed", "feeds/feed.json");
    write_page(
        d,
        "feeds/feed.json",
        &[
            json!({
                "id": "thuy-1",
                "title": "Huyện Kiến Thuỵ xây dựng nông thôn mới",
                "summary": "Kiến Thuỵ về đích nông thôn mới nâng cao.",
                "content_html": "<p>Toàn huyện <b>Ki</b>ến Thuỵ có 18 xã.</p>",
                "image": "img/ruong-lua.svg",
                "url": "/bai/thuy-1",
                "date_published": "2024-07-20T08:00:00+07:00",
                "tags": ["Nông thôn mới", "Kiến Thụy"],
            }),
            item("thuy-2", "Kiến Thụy: mùa lúa mới", "<p>Mùa vàng.</p>", 19),
            item("thuy-3", "THỦY SẢN VEN BIỂN", "<p>Nuôi tôm.</p>", 18),
        ],
        Some("feed-2.json"),
    );
    write_page(
        d,
        "feeds/feed-2.json",
        &[
            item("hoa-1", "Xã Hòa Bình đón bằng", "<p>Lễ đón.</p>", 17),
            item("hoa-2", "Hoà Nghĩa làm đường", "<p>Đường mới.</p>", 16),
            item("hoa-3", "Chợ hoa mai ngày Tết", "<p>Hoa mai vàng.</p>", 15),
        ],
        Some("../feeds/./feed-3.json"),
    );
    write_page(
        d,
        "feeds/feed-3.json",
        &[
            item(
                "doson",
                "Du lịch Đồ Sơn hè 2024",
                "<p>Biển &amp; nắng.</p>",
                14,
            ),
            item(
                "body-only",
                "Tin vắn trong ngày",
                "<p>Bãi biển Đồ Sơn đông khách; cá ngừ giá cao.</p>",
                21,
            ),
            item("ca-ngu", "Cá ngừ đại dương", "<p>Tàu cá về bến.</p>", 13),
        ],
        None,
    );
    dist
}

#[tokio::test]
async fn folding_finds_every_spelling() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    let (articles, pages, _) = t.built().await;
    assert_eq!((articles, pages), (9, 3));
    let thuy = strings(&["thuy-1", "thuy-2", "thuy-3"]);
    assert_eq!(sorted(t.ids("thuy").await), thuy);
    assert_eq!(sorted(t.ids("THUY").await), thuy);
    // The same word decomposed (NFD: u + combining dot below) and with the other tone placement.
    assert_eq!(sorted(t.ids("Thu\u{0323}y").await), thuy);
    assert_eq!(sorted(t.ids("thuỵ").await), thuy);
    let hoa = strings(&["hoa-1", "hoa-2", "hoa-3"]);
    assert_eq!(sorted(t.ids("hoa").await), hoa);
    assert_eq!(sorted(t.ids("hoà").await), hoa);
    assert_eq!(sorted(t.ids("hòa").await), hoa);
    // "d" finds "Đồ", "đón", "đường", "đại"… every word starting with d or đ.
    let d = t.ids("d").await;
    for id in ["doson", "hoa-1", "hoa-2", "ca-ngu", "body-only"] {
        assert!(d.contains(&id.to_string()), "{id} in {d:?}");
    }
    assert_eq!(
        sorted(t.ids("do son").await),
        strings(&["body-only", "doson"])
    );
    assert_eq!(
        sorted(t.ids("ĐỒ SƠN").await),
        strings(&["body-only", "doson"])
    );
    // Tags are searched too ("Tin tức" on every generated item, not on thuy-1).
    let tuc = t.ids("tức").await;
    assert_eq!(tuc.len(), 8, "{tuc:?}");
    assert!(!tuc.contains(&"thuy-1".to_string()));
    // Prefixes, as typed.
    assert_eq!(
        sorted(t.ids("kie thu").await),
        strings(&["thuy-1", "thuy-2"])
    );
    assert!(t.ids("thuyen").await.is_empty());
}

#[tokio::test]
async fn words_in_any_order_and_all_of_them() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    let a = t.ids("kien thuy").await;
    assert_eq!(sorted(a.clone()), strings(&["thuy-1", "thuy-2"]));
    assert_eq!(t.ids("thuy kien").await, a);
    assert_eq!(t.ids("  THỤY,   kiến!! ").await, a);
    // Every word must match: "lúa" only in thuy-2.
    assert_eq!(t.ids("lua kien thuy").await, strings(&["thuy-2"]));
    assert!(t.ids("kien hoa").await.is_empty());
}

#[tokio::test]
async fn exact_accents_rank_first() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    // "thụy" (dot below) is written "Thuỵ" or "Thụy" in two articles; "THỦY" has another tone.
    let r = t.ids("thụy").await;
    assert_eq!(r.len(), 3);
    assert_eq!(r[2], "thuy-3", "{r:?}");
    let r = t.ids("thủy").await;
    assert_eq!(r[0], "thuy-3", "{r:?}");
    // "hoà"/"hòa" are the same word whatever the tone placement; "hoa" without it comes last.
    let r = t.ids("hoà").await;
    assert_eq!(r[2], "hoa-3", "{r:?}");
    assert_eq!(sorted(r[..2].to_vec()), strings(&["hoa-1", "hoa-2"]));
    // Typed without accents nothing is preferred for its accents: newer first among equals.
    assert_eq!(
        t.ids("thuy").await,
        strings(&["thuy-1", "thuy-2", "thuy-3"])
    );
}

#[tokio::test]
async fn title_matches_above_body_matches() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    // "body-only" is the newest and has the words in its text only.
    assert_eq!(t.ids("do son").await, strings(&["doson", "body-only"]));
    assert_eq!(t.ids("ca ngu").await, strings(&["ca-ngu", "body-only"]));
}

#[tokio::test]
async fn answers_have_the_contract_shape() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    let a = t.get(&search_uri(" Kiến Thuỵ ", "&per_page=1")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("cache-control"), Some("no-store"));
    assert!(a
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let v = a.json();
    assert_eq!(v["query"], "Kiến Thuỵ");
    assert_eq!(
        (v["total"].as_u64(), v["page"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(v["per_page"], 1);
    let item = &v["items"][0];
    let keys: Vec<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        sorted(keys.iter().map(|k| k.to_string()).collect()),
        strings(&[
            "date_published",
            "id",
            "image",
            "summary",
            "tags",
            "title",
            "url"
        ])
    );
    assert_eq!(item["id"], "thuy-1");
    assert_eq!(item["title"], "Huyện Kiến Thuỵ xây dựng nông thôn mới");
    assert_eq!(item["summary"], "Kiến Thuỵ về đích nông thôn mới nâng cao.");
    assert_eq!(item["date_published"], "2024-07-20T08:00:00+07:00");
    // Links of a page in DIST become site paths, resolved against the page.
    assert_eq!(item["image"], "/feeds/img/ruong-lua.svg");
    assert_eq!(item["url"], "/bai/thuy-1");
    assert_eq!(item["tags"], json!(["Nông thôn mới", "Kiến Thụy"]));
    // No summary in the feed: the start of the text; no image or url: null.
    let v = t.search("tom", "").await;
    assert_eq!(v["items"][0]["summary"], "Nuôi tôm.");
    assert_eq!(v["items"][0]["image"], Value::Null);
    assert_eq!(v["items"][0]["url"], Value::Null);
}

#[tokio::test]
async fn paging() {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    write_config(d, "jsonfeed", "feed.json");
    // 45 articles about "tin", 15 a page, on three pages; each a day newer than the next.
    for p in 0..3 {
        let items: Vec<Value> = (0..15)
            .map(|i| {
                let n = p * 15 + i;
                json!({
                    "id": format!("a{n:02}"),
                    "title": format!("Tin số {n}"),
                    "content_html": "<p>Nội dung.</p>",
                    // Each a minute older than the one before.
                    "date_published": format!("2024-05-01T{:02}:{:02}:00Z", (100 - n) / 60, (100 - n) % 60),
                })
            })
            .collect();
        let name = if p == 0 {
            "feed.json".to_string()
        } else {
            format!("p{p}.json")
        };
        let next = (p < 2).then(|| format!("p{}.json", p + 1));
        write_page(d, &name, &items, next.as_deref());
    }
    let t = app(d);
    t.refresh().await;
    let p1 = t.search("tin", "&per_page=20").await;
    let p2 = t.search("tin", "&per_page=20&page=2").await;
    let p3 = t.search("tin", "&per_page=20&page=3").await;
    let p4 = t.search("tin", "&per_page=20&page=4").await;
    for p in [&p1, &p2, &p3, &p4] {
        assert_eq!(p["total"], 45);
        assert_eq!(p["per_page"], 20);
    }
    assert_eq!(p2["page"], 2);
    let (a, b, c) = (ids(&p1), ids(&p2), ids(&p3));
    assert_eq!((a.len(), b.len(), c.len()), (20, 20, 5));
    assert!(ids(&p4).is_empty(), "past the end: no items");
    assert_eq!(t.search("tin", "&page=1000").await["items"], json!([]));
    let mut all: Vec<String> = a.into_iter().chain(b).chain(c).collect();
    // Equal scores: newer first, so the feed's order.
    let expected: Vec<String> = (0..45).map(|n| format!("a{n:02}")).collect();
    assert_eq!(all, expected);
    all.dedup();
    assert_eq!(all.len(), 45);
    // Default per_page is 20.
    assert_eq!(ids(&t.search("tin", "").await).len(), 20);
    assert_eq!(t.search("tin", "").await["per_page"], 20);
}

#[tokio::test]
async fn paging_beyond_the_reranked_candidates() {
    // More matches than are re-ranked: the rest follow in bm25 order, every one exactly once.
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    write_config(d, "jsonfeed", "feed.json");
    let n = 2 * CANDIDATES + 60;
    let items: Vec<Value> = (0..n)
        .map(|i| {
            item(
                &format!("a{i:03}"),
                &format!("Tin số {i}"),
                "<p>Hải Phòng.</p>",
                1 + (i % 28) as u32,
            )
        })
        .collect();
    write_page(d, "feed.json", &items, None);
    let t = app(d);
    t.refresh().await;
    let mut all = Vec::new();
    for page in 1..=n.div_ceil(50) + 1 {
        let v = t.search("tin", &format!("&per_page=50&page={page}")).await;
        assert_eq!(v["total"], n as u64);
        let got = ids(&v);
        let expected = (n.saturating_sub((page - 1) * 50)).min(50);
        assert_eq!(got.len(), expected, "page {page}");
        all.extend(got);
    }
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!((count, all.len()), (n, n));
}

#[tokio::test]
async fn bad_queries_are_400() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    let long = "a".repeat(501);
    let long_vi = "ệ".repeat(501);
    let ok_500 = "ệ".repeat(500);
    for uri in [
        "/api/search".to_string(),
        "/api/search?page=1".to_string(),
        "/api/search?q=".to_string(),
        "/api/search?q=%20%20".to_string(),
        "/api/search?q=!!!%20---".to_string(),
        search_uri(&long, ""),
        search_uri(&long_vi, ""),
        search_uri("thuy", "&page=0"),
        search_uri("thuy", "&page=1001"),
        search_uri("thuy", "&page=-1"),
        search_uri("thuy", "&page=1.5"),
        search_uri("thuy", "&page=abc"),
        search_uri("thuy", "&page="),
        search_uri("thuy", "&per_page=0"),
        search_uri("thuy", "&per_page=51"),
        search_uri("thuy", "&per_page=many"),
        search_uri("thuy", "&page=99999999999999999999"),
        "/api/search?q=%FF%FE".to_string(),
    ] {
        let a = t.get(&uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text());
        assert!(
            a.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{uri}"
        );
        assert_eq!(a.header("cache-control"), Some("no-store"));
    }
    // The limits themselves are fine.
    assert_eq!(
        t.search(&ok_500, "&page=1000&per_page=50").await["total"],
        0
    );
    assert_eq!(t.search("thuy", "&page=1&per_page=1").await["total"], 3);
}

#[tokio::test]
async fn a_10000_character_query_is_refused_at_once() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    for q in ["a".repeat(10_000), "thuỵ ".repeat(2_000)] {
        let started = Instant::now();
        let a = t.get(&search_uri(&q, "")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text());
        assert!(a.json()["error"].as_str().unwrap().contains("500"));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}

#[tokio::test]
async fn search_is_off_without_a_feed() {
    // No config.json.
    let dist = tempfile::tempdir().unwrap();
    let t = app(dist.path());
    assert!(matches!(t.refresh().await, Refreshed::Off(_)));
    let a = t.get(&search_uri("thuy", "")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("search is off"));
    // A WordPress source, or a JSON Feed that is not a file in DIST.
    write_config(dist.path(), "wordpress", "https://example.vn/wp-json");
    assert!(matches!(t.refresh().await, Refreshed::Off(_)));
    write_config(dist.path(), "jsonfeed", "https://example.vn/feed.json");
    assert!(matches!(t.refresh().await, Refreshed::Off(_)));
    assert_eq!(
        t.get(&search_uri("thuy", "")).await.status,
        StatusCode::NOT_FOUND
    );
    // Even a bad query: the endpoint is not there.
    assert_eq!(t.get("/api/search").await.status, StatusCode::NOT_FOUND);
    // An https feed is never fetched, and says why.
    let t = app_with(
        dist.path(),
        SearchOptions {
            feed: Some("https://example.vn/feed.json".into()),
            ..search_opts()
        },
        0,
    );
    match t.refresh().await {
        Refreshed::Off(why) => assert!(why.contains("https"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        t.get(&search_uri("thuy", "")).await.status,
        StatusCode::NOT_FOUND
    );
    // The feed appears (a deploy): search turns on at the next refresh.
    write_page(
        dist.path(),
        "feed.json",
        &[item("x", "Tin mới", "", 1)],
        None,
    );
    write_config(dist.path(), "jsonfeed", "/feed.json");
    let t = app(dist.path());
    assert!(matches!(t.refresh().await, Refreshed::Built { .. }));
    assert_eq!(t.ids("tin moi").await, strings(&["x"]));
}

#[tokio::test]
async fn not_ready_until_the_first_index() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    let a = t.get(&search_uri("thuy", "")).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.text());
    assert_eq!(a.header("retry-after"), Some("5"));
    t.refresh().await;
    assert_eq!(t.get(&search_uri("thuy", "")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_vanished_or_broken_page_keeps_the_last_index() {
    let dist = vietnamese_site();
    let d = dist.path();
    let t = app(d);
    assert!(matches!(t.refresh().await, Refreshed::Built { .. }));
    assert_eq!(t.refresh().await, Refreshed::Unchanged);
    // Page 2 disappears: the archive read would be incomplete, so the index stays whole.
    std::fs::remove_file(d.join("feeds/feed-2.json")).unwrap();
    match t.refresh().await {
        Refreshed::Failed(why) => assert!(why.contains("feed-2.json"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        sorted(t.ids("hoa").await),
        strings(&["hoa-1", "hoa-2", "hoa-3"])
    );
    assert_eq!(t.search("d", "").await["total"], 6);
    // The first page is broken JSON: kept as well.
    std::fs::write(d.join("feeds/feed.json"), b"{\"items\": [").unwrap();
    assert!(matches!(t.refresh().await, Refreshed::Failed(_)));
    assert_eq!(
        sorted(t.ids("hoa").await),
        strings(&["hoa-1", "hoa-2", "hoa-3"])
    );
    // The config goes away too: still kept (and still on).
    std::fs::remove_file(d.join("config.json")).unwrap();
    assert!(matches!(t.refresh().await, Refreshed::Off(_)));
    assert_eq!(t.ids("kien").await.len(), 2);
    // All back, changed: the new index replaces the old one.
    write_config(d, "jsonfeed", "feeds/feed.json");
    write_page(
        d,
        "feeds/feed.json",
        &[item("new", "Hoà Bình mới", "", 22)],
        None,
    );
    assert!(matches!(
        t.refresh().await,
        Refreshed::Built {
            articles: 1,
            pages: 1,
            ..
        }
    ));
    assert_eq!(t.ids("hoa").await, strings(&["new"]));
    assert!(t.ids("kien").await.is_empty());
}

#[tokio::test]
async fn a_next_url_cycle_is_read_once() {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    write_config(d, "jsonfeed", "a.json");
    write_page(
        d,
        "a.json",
        &[item("a", "Trang một", "", 3)],
        Some("sub/b.json"),
    );
    write_page(
        d,
        "sub/b.json",
        &[item("b", "Trang hai", "", 2)],
        Some("../a.json?page=1"),
    );
    let t = app(d);
    let (articles, pages, notes) = t.built().await;
    assert_eq!((articles, pages), (2, 2));
    assert!(notes.iter().any(|n| n.contains("cycle")), "{notes:?}");
    assert_eq!(t.ids("trang").await, strings(&["a", "b"]));
    // A page naming itself.
    write_page(
        d,
        "a.json",
        &[item("a", "Trang một", "", 3)],
        Some("a.json"),
    );
    assert!(matches!(
        t.refresh().await,
        Refreshed::Built { pages: 1, .. }
    ));
}

#[tokio::test]
async fn the_page_cap_stops_the_walk() {
    let dist = vietnamese_site();
    let t = app_with(
        dist.path(),
        SearchOptions {
            max_pages: 2,
            ..search_opts()
        },
        0,
    );
    match t.refresh().await {
        Refreshed::Built { pages, notes, .. } => {
            assert_eq!(pages, 2);
            assert!(notes.iter().any(|n| n.contains("max-pages")), "{notes:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(t.ids("do son").await.is_empty());
}

#[tokio::test]
async fn a_next_url_out_of_dist_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    let dist = outer.path().join("dist");
    let secret = outer.path().join("secret");
    std::fs::create_dir_all(&dist).unwrap();
    write_page(
        &secret,
        "feed.json",
        &[item("s", "Bí mật quốc gia", "", 1)],
        None,
    );
    write_config(&dist, "jsonfeed", "feed.json");
    for next in [
        "../secret/feed.json",
        "..%2Fsecret%2Ffeed.json",
        "/../secret/feed.json",
        "file:///etc/passwd",
        "https://example.vn/feed-2.json",
    ] {
        write_page(
            &dist,
            "feed.json",
            &[item("d", "Tin trong dist", "", 2)],
            Some(next),
        );
        let t = app(&dist);
        match t.refresh().await {
            Refreshed::Built { pages, notes, .. } => {
                assert_eq!(pages, 1, "{next}");
                assert!(
                    notes.iter().any(|n| n.contains("not followed")),
                    "{next}: {notes:?}"
                );
            }
            other => panic!("{next}: {other:?}"),
        }
        assert!(t.ids("bi mat").await.is_empty(), "{next}");
        assert_eq!(t.ids("tin").await, strings(&["d"]));
    }
    // Nor through a link inside DIST pointing out.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(secret.join("feed.json"), dist.join("link.json")).unwrap();
        write_page(
            &dist,
            "feed.json",
            &[item("d", "Tin trong dist", "", 2)],
            Some("link.json"),
        );
        let t = app(&dist);
        assert!(matches!(
            t.refresh().await,
            Refreshed::Built { pages: 1, .. }
        ));
        assert!(t.ids("bi mat").await.is_empty());
        // And --search-feed must be in DIST as well.
        let t = app_with(
            &dist,
            SearchOptions {
                feed: Some(secret.join("feed.json").display().to_string()),
                ..search_opts()
            },
            0,
        );
        assert!(matches!(t.refresh().await, Refreshed::Off(_)));
    }
}

/// A tiny feed server: `/feed.json` → `/p2.json` (relative next_url), with an ETag.
async fn feed_server(hits: Arc<AtomicUsize>) -> String {
    use axum::routing::get;
    const ETAG: &str = "\"v1\"";
    let page = |body: Value| {
        let hits = hits.clone();
        move |headers: HeaderMap| {
            let hits = hits.clone();
            let body = body.clone();
            async move {
                hits.fetch_add(1, Ordering::SeqCst);
                if headers
                    .get(header::IF_NONE_MATCH)
                    .is_some_and(|v| v == ETAG)
                {
                    return (
                        StatusCode::NOT_MODIFIED,
                        [(header::ETAG, ETAG)],
                        String::new(),
                    );
                }
                (StatusCode::OK, [(header::ETAG, ETAG)], body.to_string())
            }
        }
    };
    let p1 = json!({"version": "https://jsonfeed.org/version/1.1", "next_url": "p2.json",
        "items": [{"id": 1, "title": "Cảng Hải Phòng mở rộng", "image": "img/cang.jpg",
                   "url": "http://feeds.example/bai/1"}]});
    let p2 = json!({"version": "https://jsonfeed.org/version/1.1", "next_url": "/old",
        "items": [{"id": "2", "title": "Cầu Tân Vũ", "content_text": "Cảng Lạch Huyện."}]});
    let router = Router::new()
        .route("/feed.json", get(page(p1)))
        .route("/p2.json", get(page(p2)))
        .route(
            "/old",
            get(|| async {
                (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, "/gone.json")],
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn an_http_feed_is_fetched() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = feed_server(hits.clone()).await;
    let dist = tempfile::tempdir().unwrap();
    let t = app_with(
        dist.path(),
        SearchOptions {
            feed: Some(format!("{base}/feed.json")),
            ..search_opts()
        },
        0,
    );
    // Page 3 (via a redirect) is a 404: without an earlier index, the two pages read are kept.
    let (articles, pages, notes) = t.built().await;
    assert_eq!((articles, pages), (2, 2));
    assert!(notes.iter().any(|n| n.contains("404")), "{notes:?}");
    let v = t.search("cang", "").await;
    assert_eq!(ids(&v), strings(&["1", "2"]));
    assert_eq!(v["items"][0]["image"], format!("{base}/img/cang.jpg"));
    assert_eq!(v["items"][0]["url"], "http://feeds.example/bai/1");
    // Page 3 still fails; the index stays.
    assert!(matches!(t.refresh().await, Refreshed::Failed(_)));
    assert_eq!(t.ids("cau tan vu").await, strings(&["2"]));
}

#[tokio::test]
async fn an_unchanged_http_feed_is_asked_with_its_etag() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = feed_server(hits.clone()).await;
    let dist = tempfile::tempdir().unwrap();
    // Two pages (the third, a redirect to a 404, is beyond the cap), both with an ETag.
    let t = app_with(
        dist.path(),
        SearchOptions {
            feed: Some(format!("{base}/feed.json")),
            max_pages: 2,
            ..search_opts()
        },
        0,
    );
    assert!(matches!(
        t.refresh().await,
        Refreshed::Built { pages: 2, .. }
    ));
    let before = hits.load(Ordering::SeqCst);
    assert_eq!(before, 2);
    assert_eq!(t.refresh().await, Refreshed::Unchanged);
    // One conditional request a page, each answered 304.
    assert_eq!(hits.load(Ordering::SeqCst), before + 2);
    assert_eq!(t.ids("cang").await.len(), 2);
}

#[tokio::test]
async fn an_http_feed_that_is_down() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dist = tempfile::tempdir().unwrap();
    let t = app_with(
        dist.path(),
        SearchOptions {
            feed: Some(format!("http://127.0.0.1:{port}/feed.json")),
            ..search_opts()
        },
        0,
    );
    assert!(matches!(t.refresh().await, Refreshed::Failed(_)));
    // On, but nothing to search yet.
    assert_eq!(
        t.get(&search_uri("thuy", "")).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn the_index_file_survives_a_restart() {
    let dist = vietnamese_site();
    let data = tempfile::tempdir().unwrap();
    let opts = SearchOptions {
        index_file: Some(data.path().join("search.sqlite")),
        ..search_opts()
    };
    let t = app_with(dist.path(), opts.clone(), 0);
    assert!(matches!(
        t.refresh().await,
        Refreshed::Built { articles: 9, .. }
    ));
    let leftovers: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["search.sqlite"]);
    // A new process answers from the file before its first refresh, which finds it current.
    let t2 = app_with(dist.path(), opts.clone(), 0);
    assert_eq!(t2.app.state.search.articles(), Some(9));
    assert_eq!(
        sorted(t2.ids("thuy").await),
        strings(&["thuy-1", "thuy-2", "thuy-3"])
    );
    assert_eq!(t2.refresh().await, Refreshed::Unchanged);
    // A refresh swaps the file while the first app still holds the old one open.
    write_page(
        dist.path(),
        "feeds/feed.json",
        &[item("z", "Tin cuối", "", 1)],
        None,
    );
    assert!(matches!(
        t2.refresh().await,
        Refreshed::Built { articles: 1, .. }
    ));
    assert_eq!(t2.ids("tin cuoi").await, strings(&["z"]));
    assert_eq!(t.ids("hoa").await.len(), 3, "the old snapshot still reads");
    // Another feed: the file is not used.
    let other = SearchOptions {
        max_pages: 7,
        ..opts
    };
    let t3 = app_with(dist.path(), other, 0);
    assert_eq!(t3.app.state.search.articles(), None);
}

#[tokio::test]
async fn started_apps_index_in_the_background() {
    let dist = vietnamese_site();
    let mut t = app(dist.path());
    t.app.start();
    let deadline = Instant::now() + Duration::from_secs(10);
    while t.app.state.search.articles().is_none() {
        assert!(Instant::now() < deadline, "no index after 10 s");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(t.ids("kien thuy").await.len(), 2);
    t.app.finish().await.unwrap();
}

#[tokio::test]
async fn the_api_rate_limit_and_cors_apply() {
    let dist = vietnamese_site();
    let t = app_with(dist.path(), search_opts(), 2);
    t.refresh().await;
    let req = || {
        from_ip(
            Request::get(search_uri("thuy", ""))
                .body(Body::empty())
                .unwrap(),
            "203.0.113.9",
        )
    };
    assert_eq!(send(&t.router, req()).await.status, StatusCode::OK);
    assert_eq!(send(&t.router, req()).await.status, StatusCode::OK);
    let a = send(&t.router, req()).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(a.header("retry-after").is_some());

    let data = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(data.path()).unwrap();
    let app = App::new(
        store,
        TestTime::at(0).keeper,
        Options {
            dist: dist.path().to_path_buf(),
            rate_limit: 0,
            cors_origins: vec!["https://portal.example".into()],
            search: search_opts(),
            ..Options::default()
        },
    );
    app.state.search.refresh().await;
    let a = send(
        &app.router(),
        Request::get(search_uri("thuy", ""))
            .header(header::ORIGIN, "https://portal.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://portal.example")
    );
}

#[tokio::test]
async fn the_demo_feed_is_searchable() {
    // The real demo content, laid out as the build lays it out (DIST/demo/…).
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    std::fs::create_dir_all(d.join("demo")).unwrap();
    for entry in std::fs::read_dir(&demo).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("feed") && name.ends_with(".json") {
            std::fs::copy(entry.path(), d.join("demo").join(&name)).unwrap();
        }
    }
    std::fs::copy(demo.join("config.json"), d.join("config.json")).unwrap();
    let t = app(d);
    let (articles, pages, _) = t.built().await;
    assert!(
        articles >= 20 && pages >= 2,
        "{articles} articles, {pages} pages"
    );
    let v = t.search("kien thuy", "").await;
    assert!(v["total"].as_u64().unwrap() > 0, "{v}");
    // An article of the last page: the app fetches that page (as the deployed site serves it).
    let last: Value =
        serde_json::from_slice(&std::fs::read(d.join("demo/feed-3.json")).unwrap()).unwrap();
    let id = last["items"][0]["id"].as_str().unwrap();
    assert_eq!(t.served_page_of(id).await, "/demo/feed-3.json");
    let first: Value =
        serde_json::from_slice(&std::fs::read(d.join("demo/feed.json")).unwrap()).unwrap();
    let id = first["items"][0]["id"].as_str().unwrap();
    assert_eq!(t.served_page_of(id).await, "/demo/feed.json");
}

#[tokio::test]
async fn the_page_of_an_article() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    // First page, middle page, last page (reached through `../feeds/./feed-3.json`).
    assert_eq!(t.served_page_of("thuy-1").await, "/feeds/feed.json");
    assert_eq!(t.served_page_of("thuy-3").await, "/feeds/feed.json");
    assert_eq!(t.served_page_of("hoa-2").await, "/feeds/feed-2.json");
    assert_eq!(t.served_page_of("ca-ngu").await, "/feeds/feed-3.json");
    assert_eq!(t.served_page_of("body-only").await, "/feeds/feed-3.json");
    // Unknown: an answer without a page (not the "search is off" 404), not cached.
    for id in ["thuy-4", "THUY-1", "thuy", "feeds/feed.json"] {
        t.assert_unknown(id).await;
    }
    // Searching still works beside it.
    assert_eq!(t.ids("ca ngu").await, strings(&["ca-ngu", "body-only"]));
}

#[tokio::test]
async fn ids_with_any_characters_and_the_first_page_wins() {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    write_config(d, "jsonfeed", "tin/feed.json");
    let odd = [
        "bài viết số 1",
        "Kiến Thụy/2024/07/lúa mới",
        "a/b?c=d&e=f#g",
        "100% + 50%",
        "https://baohaiphong.vn/tin/123.html",
    ];
    write_page(
        d,
        "tin/feed.json",
        &[
            item("dup", "Bản đầu tiên", "", 20),
            item("p1", "Trang một", "", 19),
        ],
        Some("lưu trữ/trang 2.json"),
    );
    let mut page2: Vec<Value> = odd
        .iter()
        .enumerate()
        .map(|(i, id)| item(id, &format!("Tin lạ {i}"), "", 10))
        .collect();
    page2.push(item("dup", "Bản thứ hai", "", 9));
    page2.push(json!({"id": 42, "title": "Id là số"}));
    page2.push(json!({"id": "  có khoảng trắng  ", "title": "Id có khoảng trắng"}));
    write_page(d, "tin/lưu trữ/trang 2.json", &page2, Some("/cuoi.json"));
    write_page(
        d,
        "cuoi.json",
        &[
            item("dup", "Bản thứ ba", "", 1),
            item("last", "Tin cuối", "", 1),
        ],
        None,
    );
    let t = app(d);
    assert!(matches!(
        t.refresh().await,
        Refreshed::Built {
            articles: 10,
            pages: 3,
            ..
        }
    ));
    // A page whose name has spaces and Vietnamese: percent-encoded, as the server serves it.
    let page2_url = "/tin/l%C6%B0u%20tr%E1%BB%AF/trang%202.json";
    for id in odd {
        assert_eq!(t.served_page_of(id).await, page2_url, "{id}");
    }
    assert_eq!(t.served_page_of("42").await, page2_url);
    // Ids are read trimmed, as the app reads them: the trimmed id finds it, as does the raw one.
    assert_eq!(t.served_page_of("có khoảng trắng").await, page2_url);
    assert_eq!(t.served_page_of("  có khoảng trắng  ").await, page2_url);
    // On three pages: the first (in feed order) holds it, as in the app's feed.
    assert_eq!(t.served_page_of("dup").await, "/tin/feed.json");
    assert_eq!(t.served_page_of("last").await, "/cuoi.json");
    // Unencoded `/` works too; `+` in a query string is a space.
    let a = t.get("/api/search?id=a/b%3Fc%3Dd%26e%3Df%23g").await;
    assert_eq!(a.json()["page"], page2_url, "{}", a.text());
    let a = t
        .get("/api/search?id=b%C3%A0i+vi%E1%BA%BFt+s%E1%BB%91+1")
        .await;
    assert_eq!(a.json()["id"], "bài viết số 1", "{}", a.text());
    // Near misses are unknown.
    for id in ["bai viet so 1", "a/b", "43", "Kiến Thụy/2024/07"] {
        t.assert_unknown(id).await;
    }
}

#[tokio::test]
async fn bad_id_requests_are_400() {
    let dist = vietnamese_site();
    let t = app(dist.path());
    t.refresh().await;
    for uri in [
        "/api/search?id=".to_string(),
        "/api/search?id=%20%20".to_string(),
        "/api/search?id".to_string(),
        "/api/search?q=thuy&id=thuy-1".to_string(),
        "/api/search?id=thuy-1&q=thuy".to_string(),
        "/api/search?id=thuy-1&q=".to_string(),
        id_uri(&"a".repeat(501)),
        id_uri(&"ệ".repeat(501)),
    ] {
        let a = t.get(&uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text());
        assert!(
            a.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{uri}"
        );
        assert_eq!(a.header("cache-control"), Some("no-store"));
    }
    // 500 characters is allowed (and unknown here). Bytes that are not UTF-8 are read as U+FFFD
    // (no feed's id has it): unknown as well.
    for uri in [
        id_uri(&"a".repeat(500)),
        id_uri(&"ệ".repeat(500)),
        "/api/search?id=%FF%FE".into(),
    ] {
        let a = t.get(&uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert_eq!(a.json()["page"], Value::Null, "{uri}");
    }
    // A query string too long to read at all.
    let a = t.page_of(&"ệ".repeat(1000)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json()["error"].as_str().unwrap().contains("500"));
}

#[tokio::test]
async fn the_page_of_an_article_when_search_is_off_or_not_ready() {
    let dist = tempfile::tempdir().unwrap();
    let t = app(dist.path());
    assert!(matches!(t.refresh().await, Refreshed::Off(_)));
    for uri in [id_uri("thuy-1"), "/api/search?id=".into()] {
        let a = t.get(&uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        assert!(a.json()["error"]
            .as_str()
            .unwrap()
            .contains("search is off"));
    }
    let dist = vietnamese_site();
    let t = app(dist.path());
    let a = t.page_of("thuy-1").await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.text());
    assert_eq!(a.header("retry-after"), Some("5"));
    t.refresh().await;
    assert_eq!(t.page_url("thuy-1").await, "/feeds/feed.json");
}

#[tokio::test]
async fn the_page_of_an_article_of_an_http_feed() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = feed_server(hits.clone()).await;
    let dist = tempfile::tempdir().unwrap();
    let t = app_with(
        dist.path(),
        SearchOptions {
            feed: Some(format!("{base}/feed.json")),
            ..search_opts()
        },
        0,
    );
    assert!(matches!(
        t.refresh().await,
        Refreshed::Built { pages: 2, .. }
    ));
    // Absolute URLs, as the pages were requested (the first one's id is the number 1).
    assert_eq!(t.page_url("1").await, format!("{base}/feed.json"));
    assert_eq!(t.page_url("2").await, format!("{base}/p2.json"));
    t.assert_unknown("3").await;
}

#[tokio::test]
async fn an_index_file_of_the_previous_schema_is_rebuilt() {
    let dist = vietnamese_site();
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("search.sqlite");
    let opts = SearchOptions {
        index_file: Some(file.clone()),
        ..search_opts()
    };
    let t = app_with(dist.path(), opts.clone(), 0);
    t.refresh().await;
    drop(t);
    // Made into what the previous version wrote: no pages, version 1.
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "DROP INDEX articles_id; ALTER TABLE articles DROP COLUMN page; DROP TABLE pages;
             UPDATE meta SET value = json_set(value, '$.version', 1) WHERE key = 'meta';",
        )
        .unwrap();
    }
    // Not read at start (nothing is served from it)…
    let t = app_with(dist.path(), opts.clone(), 0);
    assert_eq!(t.app.state.search.articles(), None);
    assert_eq!(
        t.page_of("thuy-1").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    // … and replaced by the first refresh, even though the feed did not change.
    assert!(matches!(
        t.refresh().await,
        Refreshed::Built { articles: 9, .. }
    ));
    assert_eq!(t.served_page_of("hoa-1").await, "/feeds/feed-2.json");
    // The rebuilt file is current: a restart answers from it at once.
    let t2 = app_with(dist.path(), opts, 0);
    assert_eq!(t2.app.state.search.articles(), Some(9));
    assert_eq!(t2.served_page_of("ca-ngu").await, "/feeds/feed-3.json");
}
