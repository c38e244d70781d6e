//! The app's page names the feed's first page for the browser to fetch at once (`Link: …;
//! rel=preload`) when config.json names a JSON Feed, from the config.json in dist/ at the time
//! of the request. Driven through the router like tests/http.rs.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use bantin_server::app::Options;
use common::*;

const NAV: (&str, &str) = ("accept", "text/html,application/xhtml+xml,*/*;q=0.8");

fn get(path: &str) -> Request<Body> {
    Request::builder()
        .method(Method::GET)
        .uri(path)
        .header(NAV.0, NAV.1)
        .body(Body::empty())
        .unwrap()
}

/// A data folder, and a dist folder with only the app's page in it.
fn data_and_dist() -> (tempfile::TempDir, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>bantin</title>",
    )
    .unwrap();
    (tempfile::tempdir().unwrap(), dist)
}

/// [`data_and_dist`], with a config.json naming a JSON Feed whose first page is
/// `demo/feed.json` in dist (for the test to write).
fn data_and_dist_with_feed_file() -> (tempfile::TempDir, tempfile::TempDir) {
    let (data, dist) = data_and_dist();
    let d = dist.path();
    std::fs::create_dir_all(d.join("demo")).unwrap();
    std::fs::write(
        d.join("config.json"),
        r#"{"site":{},"source":{"kind":"jsonfeed","url":"demo/feed.json"}}"#,
    )
    .unwrap();
    (data, dist)
}

#[tokio::test]
async fn the_app_page_preloads_the_json_feed_that_config_json_names_now() {
    let (data, dist) = data_and_dist();
    let d = dist.path();
    std::fs::create_dir_all(d.join("demo")).unwrap();
    std::fs::write(d.join("demo/feed.json"), r#"{"items":[]}"#).unwrap();
    let config = |source: &str| {
        std::fs::write(
            d.join("config.json"),
            format!(r#"{{"site":{{}},"source":{source}}}"#),
        )
        .unwrap()
    };
    config(r#"{"kind":"jsonfeed","url":"demo/feed.json"}"#);
    let app = app_serving(data.path(), d, Options::default());
    let router = app.router();
    let link = "</demo/feed.json>; rel=preload; as=fetch; crossorigin=anonymous";

    // The page itself, by its two names and as a deep link's answer.
    for path in ["/", "/index.html", "/bai/kien-thuy-ntm-2025"] {
        let a = send(&router, get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.header("link"), Some(link), "{path}");
    }
    // Not on anything else.
    for path in ["/config.json", "/demo/feed.json"] {
        let a = send(&router, get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.header("link"), None, "{path}");
    }
    // The operator's own config.json counts at once: another feed, then WordPress (whose
    // requests the app makes itself), then a broken file.
    config(r#"{"kind":"jsonfeed","url":"https://tin.example.vn/feed.json"}"#);
    let a = send(&router, get("/")).await;
    assert_eq!(
        a.header("link"),
        Some("<https://tin.example.vn/feed.json>; rel=preload; as=fetch; crossorigin=anonymous")
    );
    config(r#"{"kind":"wordpress","url":"https://tin.example.vn/wp-json"}"#);
    assert_eq!(send(&router, get("/")).await.header("link"), None);
    std::fs::write(d.join("config.json"), "{not json").unwrap();
    let a = send(&router, get("/bai/x")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("link"), None);
}

#[tokio::test]
async fn a_deep_link_to_an_article_preloads_the_article_pages_chunk_that_preload_json_names() {
    let (data, dist) = data_and_dist();
    let d = dist.path();
    let app = app_serving(data.path(), d, Options::default());
    let router = app.router();
    let chunk = |files: &str| std::fs::write(d.join("preload.json"), files).unwrap();

    // A build without chunks (no preload.json): nothing.
    assert_eq!(send(&router, get("/bai/x")).await.header("link"), None);

    chunk(
        r#"{"article":["/bantin-0123456789abcdef/chunk_5.wasm","/bantin-0123456789abcdef/split_article.wasm"]}"#,
    );
    let both = "</bantin-0123456789abcdef/chunk_5.wasm>; rel=preload; as=fetch; crossorigin=anonymous; fetchpriority=low, \
                </bantin-0123456789abcdef/split_article.wasm>; rel=preload; as=fetch; crossorigin=anonymous; fetchpriority=low";
    let a = send(&router, get("/bai/kien-thuy-ntm-2025")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("link"), Some(both));
    // Only an article: the list's first screen fetches no chunk, nor do other pages.
    for path in ["/", "/index.html", "/muc/xa-hoi", "/tim-kiem", "/baiviet"] {
        let a = send(&router, get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.header("link"), None, "{path}");
    }
    // Anything but this server's own paths, or a broken file: nothing rather than a wrong link.
    for bad in [
        r#"{"article":["https://elsewhere.example/x.wasm"]}"#,
        r#"{"article":["//elsewhere.example/x.wasm"]}"#,
        r#"{"article":["/a.wasm>; rel=preload, <x"]}"#,
        r#"{"article":["chunk_5.wasm"]}"#,
        r#"{"article":[]}"#,
        r#"{"article":"/a.wasm"}"#,
        "{not json",
    ] {
        chunk(bad);
        assert_eq!(
            send(&router, get("/bai/x")).await.header("link"),
            None,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_home_page_preloads_its_first_cards_picture_from_a_feed_page_in_dist() {
    let (data, dist) = data_and_dist_with_feed_file();
    let d = dist.path();
    let feed = |items: &str| {
        std::fs::write(
            d.join("demo/feed.json"),
            format!(r#"{{"version":"https://jsonfeed.org/version/1.1","items":{items}}}"#),
        )
        .unwrap()
    };
    let app = app_serving(data.path(), d, Options::default());
    let router = app.router();
    let links = |a: &Answer| {
        a.headers("link")
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let feed_link = "</demo/feed.json>; rel=preload; as=fetch; crossorigin=anonymous";

    // The first item with an id; its picture resolved against the feed page's URL.
    feed(
        r#"[{"title":"no id","image":"img/wrong.svg"},
            {"id":"a","image":"img/ruong-lua.svg"},{"id":"b","image":"img/b.svg"}]"#,
    );
    for path in ["/", "/index.html"] {
        let a = send(&router, get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(
            links(&a),
            [
                feed_link,
                "</demo/img/ruong-lua.svg>; rel=preload; as=image; fetchpriority=high"
            ],
            "{path}"
        );
    }
    // Only the home page: a section's first card is another, the feed itself is no page (an
    // article's own picture: the next test).
    for path in ["/muc/xa-hoi", "/demo/feed.json"] {
        let a = send(&router, get(path)).await;
        assert!(!links(&a).iter().any(|l| l.contains("as=image")), "{path}");
    }
    // A number id counts; paths from the root and other hosts are kept as they are.
    feed(r#"[{"id":7,"image":"/uploads/x.jpg"}]"#);
    assert_eq!(
        links(&send(&router, get("/")).await)[1],
        "</uploads/x.jpg>; rel=preload; as=image; fetchpriority=high"
    );
    feed(r#"[{"id":"a","image":"https://cdn.example.vn/a b.jpg"}]"#);
    assert_eq!(
        links(&send(&router, get("/")).await)[1],
        "<https://cdn.example.vn/a%20b.jpg>; rel=preload; as=image; fetchpriority=high"
    );
    // What a header cannot carry is percent-encoded, as the browser encodes the `<img>`'s URL.
    feed(r#"[{"id":"a","image":"img/a>.svg, <https://x>"}]"#);
    assert_eq!(
        links(&send(&router, get("/")).await)[1],
        "</demo/img/a%3E.svg,%20%3Chttps://x%3E>; rel=preload; as=image; fetchpriority=high"
    );
    // No picture, a first card without one, another scheme, a scheme-relative URL, a broken
    // page: the feed's link alone.
    for items in [
        r#"[]"#,
        r#"[{"id":"a"},{"id":"b","image":"img/b.svg"}]"#,
        r#"[{"id":"a","image":"javascript:alert(1)"}]"#,
        r#"[{"id":"a","image":"//cdn.example.vn/a.jpg"}]"#,
        r#"{"id":"a"}"#,
    ] {
        feed(items);
        assert_eq!(
            links(&send(&router, get("/")).await),
            [feed_link],
            "{items}"
        );
    }
    std::fs::write(d.join("demo/feed.json"), "{not json").unwrap();
    assert_eq!(links(&send(&router, get("/")).await), [feed_link]);
    // A remote feed is not fetched for this.
    std::fs::write(
        d.join("config.json"),
        r#"{"site":{},"source":{"kind":"jsonfeed","url":"https://tin.example.vn/feed.json"}}"#,
    )
    .unwrap();
    assert_eq!(links(&send(&router, get("/")).await).len(), 1);
}

#[tokio::test]
async fn a_deep_link_to_an_article_preloads_its_hero_picture_from_a_feed_page_in_dist() {
    let (data, dist) = data_and_dist_with_feed_file();
    let d = dist.path();
    std::fs::write(
        d.join("demo/feed.json"),
        r#"{"items":[
            {"id":"a","image":"img/a.svg","content_html":"<p>Chữ.</p>"},
            {"id":"b c","image":"img/b-thumb.svg","banner_image":"img/b-wide.svg"},
            {"id":42,"image":"/uploads/42.jpg"},
            {"id":"d","image":"img/d.svg","content_html":"<p>Ảnh:</p><img src=\"x.jpg\">"},
            {"id":"e"}
        ]}"#,
    )
    .unwrap();
    let app = app_serving(data.path(), d, Options::default());
    let router = app.router();
    let hero = |a: &Answer| {
        a.headers("link")
            .into_iter()
            .filter(|l| l.contains("as=image"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let link = |href: &str| format!("<{href}>; rel=preload; as=image; fetchpriority=high");

    // The thumbnail; the banner before it; an id that is a number; a percent-encoded id.
    for (path, href) in [
        ("/bai/a", "/demo/img/a.svg"),
        ("/bai/b%20c", "/demo/img/b-wide.svg"),
        ("/bai/42", "/uploads/42.jpg"),
    ] {
        let a = send(&router, get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(hero(&a), [link(href)], "{path}");
    }
    // A body with pictures of its own (the page shows no hero), no picture, an article not on
    // the first page, more than one segment: nothing.
    for path in ["/bai/d", "/bai/e", "/bai/zzz", "/bai/a/b", "/bai/%FF"] {
        let a = send(&router, get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(hero(&a), Vec::<String>::new(), "{path}");
    }
}
