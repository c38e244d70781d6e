//! The HTTP surface, driven in-process with `tower::ServiceExt::oneshot`.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use bantin_server::app::{App, Options};
use bantin_server::store::SqliteStore;
use common::*;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const BROWSER: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36";

struct TestApp {
    app: App<SqliteStore>,
    router: Router,
    time: TestTime,
    _data: tempfile::TempDir,
    dist: tempfile::TempDir,
}

/// The operator token of the test apps.
const TOKEN: &str = "test-operator-token-0123";

/// The ads the test apps' config.json declares.
const ADS_CONFIG: &str = r#"{"ads": {"slots": [
  {"id": "top", "creatives": [{"image": "ads/top-1.svg"}, {"image": " <b>x</b> "}, {"image": "a.svg"}]},
  {"id": "partner", "iframe": "ads/partner.html"}
]}}"#;

fn test_app(opts: Options) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("config.json"), ADS_CONFIG).unwrap();
    let time = TestTime::at(local_ms(2025, 1, 8, 12, 0, 0));
    let store = SqliteStore::open(data.path()).unwrap();
    let opts = Options {
        dist: dist.path().to_path_buf(),
        admin_token: opts.admin_token.or(Some(TOKEN.into())),
        ..opts
    };
    let app = App::new(store, time.keeper.clone(), opts);
    let router = app.router();
    TestApp {
        app,
        router,
        time,
        _data: data,
        dist,
    }
}

fn no_limit() -> Options {
    Options {
        rate_limit: 0,
        ..Options::default()
    }
}

fn post_req(path: &str, content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut b = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::USER_AGENT, BROWSER);
    if let Some(ct) = content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    b.body(body.into()).unwrap()
}

async fn post_json(router: &Router, path: &str, body: Value) -> Answer {
    send(
        router,
        post_req(path, Some("application/json"), body.to_string()),
    )
    .await
}

fn get_req(path: &str) -> Request<Body> {
    Request::builder().uri(path).body(Body::empty()).unwrap()
}

async fn get(router: &Router, path: &str) -> Answer {
    send(router, get_req(path)).await
}

/// A GET with the operator token.
async fn get_as_operator(router: &Router, path: &str) -> Answer {
    let mut req = get_req(path);
    req.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {TOKEN}").parse().unwrap(),
    );
    send(router, req).await
}

async fn stats(router: &Router) -> Value {
    let a = get(router, "/api/stats").await;
    assert_eq!(a.status, StatusCode::OK);
    a.json()
}

fn beacon(visitor: &str, path: &str) -> Value {
    json!({"visitor": visitor, "path": path})
}

#[tokio::test]
async fn hit_heartbeat_stats_and_views() {
    let t = test_app(no_limit());
    let r = &t.router;
    let a = post_json(r, "/api/stats/hit", beacon("visitor-a1", "/bai/1")).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    assert_eq!(a.header("cache-control"), Some("no-store"));
    // sendBeacon sends strings as text/plain
    let a = send(
        r,
        post_req(
            "/api/stats/hit",
            Some("text/plain;charset=UTF-8"),
            beacon("visitor-b2", "/bai/1").to_string(),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    let a = post_json(r, "/api/stats/heartbeat", beacon("visitor-a1", "/bai/1")).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    assert_eq!(
        stats(r).await,
        json!({"online": 2, "today": 2, "week": 2, "total": 2})
    );
    let v = get(r, "/api/stats/views?path=/bai/1").await;
    assert_eq!(v.status, StatusCode::OK);
    assert_eq!(v.json(), json!({"path": "/bai/1", "views": 2}));
    let v = get(r, "/api/stats/views?path=%2Fbai%2Fkh%C3%A1c").await;
    assert_eq!(v.json(), json!({"path": "/bai/khác", "views": 0}));
    // five minutes later nobody is online; the visits stay
    t.time.advance_secs(300);
    assert_eq!(
        stats(r).await,
        json!({"online": 0, "today": 2, "week": 2, "total": 2})
    );
}

#[tokio::test]
async fn every_bad_input_is_a_json_400_and_counts_nothing() {
    let t = test_app(no_limit());
    let r = &t.router;
    let good = beacon("visitor-a1", "/bai/1").to_string();
    let long_path = format!("/{}", "a".repeat(512));
    let cases: Vec<(&str, Request<Body>, &str)> = vec![
        (
            "no content type",
            post_req("/api/stats/hit", None, good.clone()),
            "content type",
        ),
        (
            "form content type",
            post_req(
                "/api/stats/hit",
                Some("application/x-www-form-urlencoded"),
                good.clone(),
            ),
            "content type",
        ),
        (
            "malformed JSON",
            post_req("/api/stats/hit", Some("application/json"), "{\"visitor\": "),
            "malformed",
        ),
        (
            "not JSON at all",
            post_req("/api/stats/hit", Some("text/plain"), "visitor=a"),
            "malformed",
        ),
        (
            "empty body",
            post_req("/api/stats/hit", Some("application/json"), ""),
            "malformed",
        ),
        (
            "wrong types",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                json!({"visitor": 12345678, "path": "/"}).to_string(),
            ),
            "invalid",
        ),
        (
            "array instead of object",
            post_req("/api/stats/hit", Some("application/json"), "[1,2]"),
            "invalid",
        ),
        (
            "missing field",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                json!({"visitor": "visitor-a1"}).to_string(),
            ),
            "invalid",
        ),
        (
            "unknown field",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                json!({"visitor": "visitor-a1", "path": "/", "ip": "1.2.3.4"}).to_string(),
            ),
            "unknown field",
        ),
        (
            "oversized body",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                json!({"visitor": "visitor-a1", "path": format!("/{}", "x".repeat(5000))})
                    .to_string(),
            ),
            "too large",
        ),
        (
            "oversized body without length",
            Request::builder()
                .method(Method::POST)
                .uri("/api/stats/heartbeat")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(futures_util::stream::iter(
                    (0..10).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1000])),
                )))
                .unwrap(),
            "too large",
        ),
        (
            "visitor too short",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                beacon("abc", "/").to_string(),
            ),
            "visitor",
        ),
        (
            "visitor with bad characters",
            post_req(
                "/api/stats/heartbeat",
                Some("application/json"),
                beacon("visitor a1<script>", "/").to_string(),
            ),
            "visitor",
        ),
        (
            "visitor too long",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                beacon(&"v".repeat(65), "/").to_string(),
            ),
            "visitor",
        ),
        (
            "path without leading slash",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                beacon("visitor-a1", "bai/1").to_string(),
            ),
            "path",
        ),
        (
            "path too long",
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                beacon("visitor-a1", &long_path).to_string(),
            ),
            "path",
        ),
        (
            "ad event: unknown event",
            post_req(
                "/api/ads/event",
                Some("application/json"),
                json!({"slot": "top", "creative": "a.svg", "event": "view", "path": "/"})
                    .to_string(),
            ),
            "invalid",
        ),
        (
            "ad event: empty slot",
            post_req(
                "/api/ads/event",
                Some("text/plain"),
                json!({"slot": "", "creative": "a.svg", "event": "click", "path": "/"}).to_string(),
            ),
            "slot",
        ),
        (
            "ad event: creative too long",
            post_req(
                "/api/ads/event",
                Some("application/json"),
                json!({"slot": "top", "creative": "c".repeat(201), "event": "click"}).to_string(),
            ),
            "creative",
        ),
        (
            "ad event: unknown field",
            post_req(
                "/api/ads/event",
                Some("application/json"),
                json!({"slot": "top", "creative": "a.svg", "event": "click", "price": 1})
                    .to_string(),
            ),
            "unknown field",
        ),
        (
            "ad event: bad path",
            post_req(
                "/api/ads/event",
                Some("application/json"),
                json!({"slot": "top", "creative": "a.svg", "event": "click", "path": "x"})
                    .to_string(),
            ),
            "path",
        ),
        ("views without path", get_req("/api/stats/views"), "path"),
        (
            "views with bad path",
            get_req("/api/stats/views?path=bai"),
            "path",
        ),
    ];
    for (name, req, needle) in cases {
        let a = send(r, req).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{name}: {}", a.text());
        assert!(
            a.header("content-type")
                .is_some_and(|c| c.starts_with("application/json")),
            "{name}"
        );
        let err = a.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(
            err.contains(needle),
            "{name}: error {err:?} lacks {needle:?}"
        );
    }
    // the longest allowed values pass
    let ok = post_json(
        r,
        "/api/stats/hit",
        beacon(&"v".repeat(64), &format!("/{}", "a".repeat(511))),
    )
    .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT);
    assert_eq!(stats(r).await["total"], 1);
    assert_eq!(
        get_as_operator(r, "/api/ads/report").await.json(),
        json!({"slots": []})
    );
}

#[tokio::test]
async fn bots_answer_204_but_are_not_counted() {
    let t = test_app(no_limit());
    let r = &t.router;
    for ua in [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11) Chrome/126.0 Mobile Safari/537.36 Chrome-Lighthouse",
        "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
    ] {
        let mut req = post_req(
            "/api/stats/hit",
            Some("application/json"),
            beacon("visitor-bot1", "/bai/1").to_string(),
        );
        req.headers_mut()
            .insert(header::USER_AGENT, ua.parse().unwrap());
        assert_eq!(send(r, req).await.status, StatusCode::NO_CONTENT, "{ua}");
        let mut req = post_req(
            "/api/ads/event",
            Some("application/json"),
            json!({"slot": "top", "creative": "a.svg", "event": "impression"}).to_string(),
        );
        req.headers_mut()
            .insert(header::USER_AGENT, ua.parse().unwrap());
        assert_eq!(send(r, req).await.status, StatusCode::NO_CONTENT, "{ua}");
    }
    assert_eq!(
        stats(r).await,
        json!({"online": 0, "today": 0, "week": 0, "total": 0})
    );
    assert_eq!(
        get(r, "/api/stats/views?path=/bai/1").await.json()["views"],
        0
    );
    assert_eq!(
        get_as_operator(r, "/api/ads/report").await.json(),
        json!({"slots": []})
    );
    assert_eq!(
        get(r, "/api/stats/bots").await.json(),
        json!({"today": 4, "total": 4})
    );
    // a person is counted
    post_json(r, "/api/stats/hit", beacon("visitor-a1", "/bai/1")).await;
    assert_eq!(stats(r).await["total"], 1);
}

#[tokio::test]
async fn rate_limit_answers_429_per_client() {
    let t = test_app(Options {
        rate_limit: 5,
        ..Options::default()
    });
    let r = &t.router;
    let hit = |ip: &str, n: usize| {
        from_ip(
            post_req(
                "/api/stats/hit",
                Some("application/json"),
                beacon(&format!("visitor-{n:04}"), "/").to_string(),
            ),
            ip,
        )
    };
    for n in 0..5 {
        assert_eq!(
            send(r, hit("198.51.100.7", n)).await.status,
            StatusCode::NO_CONTENT
        );
    }
    let a = send(r, hit("198.51.100.7", 5)).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(a.json()["error"].is_string());
    let retry: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=13).contains(&retry), "{retry}");
    // the refused hit was not counted; another client is not limited
    assert_eq!(
        send(r, hit("198.51.100.8", 6)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(stats(r).await["total"], 6);
    // static files are not limited
    std::fs::write(t.dist.path().join("index.html"), "<!doctype html>").unwrap();
    for _ in 0..10 {
        let a = send(r, from_ip(get_req("/"), "198.51.100.7")).await;
        assert_eq!(a.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn forwarded_for_is_used_only_when_trusted() {
    for trust in [false, true] {
        let t = test_app(Options {
            rate_limit: 1,
            trust_proxy_hops: u32::from(trust),
            ..Options::default()
        });
        let r = &t.router;
        let req = |client: &str| {
            let mut q = from_ip(get_req("/api/stats"), "10.0.0.1"); // the load balancer
            q.headers_mut().insert(
                "x-forwarded-for",
                format!("203.0.113.99, {client}").parse().unwrap(),
            );
            q
        };
        assert_eq!(send(r, req("192.0.2.1")).await.status, StatusCode::OK);
        let second = send(r, req("192.0.2.2")).await.status;
        if trust {
            assert_eq!(second, StatusCode::OK, "distinct clients behind the proxy");
        } else {
            assert_eq!(second, StatusCode::TOO_MANY_REQUESTS, "all one peer");
        }
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404() {
    let t = test_app(no_limit());
    std::fs::write(t.dist.path().join("index.html"), "<!doctype html>").unwrap();
    for path in ["/api/nope", "/api/stats/nope", "/api", "/api/"] {
        let req = Request::builder()
            .uri(path)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap();
        let a = send(&t.router, req).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert!(a.json()["error"].is_string(), "{path}");
    }
}

#[tokio::test]
async fn ads_report_json_and_page() {
    let t = test_app(no_limit());
    let r = &t.router;
    let ev = |slot: &str, creative: &str, event: &str| json!({"slot": slot, "creative": creative, "event": event, "path": "/"});
    for _ in 0..4 {
        post_json(
            r,
            "/api/ads/event",
            ev("top", "ads/top-1.svg", "impression"),
        )
        .await;
    }
    let a = post_json(r, "/api/ads/event", ev("top", "ads/top-1.svg", "click")).await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    post_json(r, "/api/ads/event", ev("top", "<b>x</b>", "impression")).await;
    let report = get_as_operator(r, "/api/ads/report").await;
    assert_eq!(report.status, StatusCode::OK);
    assert_eq!(
        report.json(),
        json!({"slots": [{
            "slot": "top",
            "creatives": [
                {"creative": "<b>x</b>", "impressions": 1, "clicks": 0, "ctr": 0.0},
                {"creative": "ads/top-1.svg", "impressions": 4, "clicks": 1, "ctr": 0.25}
            ],
            "impressions": 5, "clicks": 1, "ctr": 0.2
        }]})
    );
    let page = get_as_operator(r, "/api/ads/report.html").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x</b>"));
    assert!(html.contains("25,00%"));
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let t = test_app(Options {
        rate_limit: 0,
        cors_origins: vec!["https://portal.example".into()],
        ..Options::default()
    });
    let r = &t.router;
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/stats/hit")
        .header(header::ORIGIN, "https://portal.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap();
    let a = send(r, preflight).await;
    assert!(a.status.is_success());
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://portal.example")
    );
    let req = |origin: &str, path: &str| {
        Request::builder()
            .uri(path)
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    let a = send(r, req("https://portal.example", "/api/stats")).await;
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://portal.example")
    );
    let a = send(r, req("https://evil.example", "/api/stats")).await;
    assert_eq!(a.header("access-control-allow-origin"), None);
    // the SSE stream too (headers arrive before the first event)
    let resp = r
        .clone()
        .oneshot(req("https://portal.example", "/api/stats/stream"))
        .await
        .unwrap();
    assert_eq!(
        resp.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://portal.example")
    );

    let any = test_app(Options {
        rate_limit: 0,
        cors_origins: vec!["*".into()],
        ..Options::default()
    });
    let a = send(&any.router, req("https://anyone.example", "/api/stats")).await;
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));

    let none = test_app(no_limit());
    let a = send(&none.router, req("https://portal.example", "/api/stats")).await;
    assert_eq!(a.header("access-control-allow-origin"), None);
}

/// Reads SSE `data:` payloads of `stats` events from a response body, with a deadline.
struct SseReader {
    body: Body,
    buf: String,
}

impl SseReader {
    async fn next_stats(&mut self, within: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let is_stats = block.lines().any(|l| l == "event: stats");
                let data = block.lines().find_map(|l| l.strip_prefix("data: "));
                if let (true, Some(d)) = (is_stats, data) {
                    return Some(serde_json::from_str(d).unwrap());
                }
                continue;
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .ok()?;
            if let Ok(data) = frame.into_data() {
                self.buf.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }
}

#[tokio::test]
async fn sse_sends_now_then_changes_at_most_once_a_second() {
    let mut t = test_app(no_limit());
    t.app.start();
    let r = &t.router;
    let resp = r
        .clone()
        .oneshot(get_req("/api/stats/stream"))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers().get("content-type").unwrap(),
        "text/event-stream"
    );
    assert!(resp.headers().get("content-encoding").is_none());
    let mut sse = SseReader {
        body: resp.into_body(),
        buf: String::new(),
    };
    let first = sse
        .next_stats(Duration::from_secs(1))
        .await
        .expect("first event at once");
    assert_eq!(
        first,
        json!({"online": 0, "today": 0, "week": 0, "total": 0})
    );

    // nothing changes: nothing is sent
    assert!(sse.next_stats(Duration::from_millis(1500)).await.is_none());

    // a hit: an update within about a second
    let started = Instant::now();
    post_json(r, "/api/stats/hit", beacon("visitor-a1", "/")).await;
    let update = sse
        .next_stats(Duration::from_secs(3))
        .await
        .expect("update after a hit");
    assert_eq!(
        update,
        json!({"online": 1, "today": 1, "week": 1, "total": 1})
    );
    assert!(started.elapsed() < Duration::from_millis(2500));

    // a burst of hits for ~2.2 s: at most one push per second
    let burst_start = Instant::now();
    let mut pushes = Vec::new();
    let mut n = 0;
    while burst_start.elapsed() < Duration::from_millis(2200) {
        n += 1;
        post_json(
            r,
            "/api/stats/hit",
            beacon(&format!("visitor-burst{n:04}"), "/"),
        )
        .await;
        if let Some(v) = sse.next_stats(Duration::from_millis(50)).await {
            pushes.push((Instant::now(), v));
        }
    }
    while let Some(v) = sse.next_stats(Duration::from_millis(1300)).await {
        pushes.push((Instant::now(), v));
    }
    assert!(
        !pushes.is_empty() && pushes.len() <= 4,
        "{} pushes",
        pushes.len()
    );
    for w in pushes.windows(2) {
        assert!(
            w[1].0 - w[0].0 >= Duration::from_millis(800),
            "pushes {:?} apart",
            w[1].0 - w[0].0
        );
    }
    assert_eq!(pushes.last().unwrap().1["total"], json!(1 + n));

    // shutdown ends the stream
    t.app.begin_shutdown();
    let end = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(f) = sse.body.frame().await {
            if f.is_err() {
                break;
            }
        }
    })
    .await;
    assert!(end.is_ok(), "stream did not end on shutdown");
}

// ---- static files ----

fn write(dir: &std::path::Path, name: &str, content: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

const INDEX: &str =
    "<!doctype html><html><head><title>bantin</title></head><body>app</body></html>";
const WASM: &str = "bantin-0123456789abcdef_bg.wasm";

fn static_app() -> TestApp {
    let t = test_app(no_limit());
    let d = t.dist.path();
    write(d, "index.html", INDEX.as_bytes());
    write(
        d,
        WASM,
        &b"\0asm\x01\0\0\0 some compressible wasm ".repeat(400),
    );
    write(
        d,
        "bantin-0123456789abcdef.js",
        b"export default function(){}",
    );
    write(d, "config.json", br#"{"site":{"title":"x"}}"#);
    write(d, "sw.js", b"self.addEventListener('fetch', () => {});");
    write(d, "demo/feed.json", &b"{\"items\": []} ".repeat(50));
    t
}

fn get_with(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::builder().uri(path);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::empty()).unwrap()
}

const NAV: (&str, &str) = (
    "accept",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
);

#[tokio::test]
async fn spa_fallback_serves_index_for_navigations_only() {
    let t = static_app();
    let r = &t.router;
    let root = send(r, get_with("/", &[NAV])).await;
    assert_eq!(root.status, StatusCode::OK);
    assert_eq!(root.text(), INDEX);
    assert_eq!(root.header("cache-control"), Some("no-cache"));

    for deep in [
        "/bai/123",
        "/da-luu",
        "/bai/https%3A%2F%2Fx.vn%2Fpost.html",
        "/khong/co",
    ] {
        let a = send(r, get_with(deep, &[NAV])).await;
        assert_eq!(a.status, StatusCode::OK, "{deep}");
        assert_eq!(a.text(), INDEX, "{deep}");
        assert_eq!(a.header("cache-control"), Some("no-cache"), "{deep}");
        assert!(a.header("content-type").unwrap().starts_with("text/html"));
    }
    // not a navigation, or a missing asset: a plain 404
    let a = send(r, get_with("/bai/123", &[("accept", "*/*")])).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(r, get_with("/missing-0123456789abcdef.js", &[NAV])).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(r, get_with("/img/missing.png", &[NAV])).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    // POST to a page is not a navigation
    let a = send(
        r,
        Request::builder()
            .method(Method::POST)
            .uri("/bai/1")
            .header("accept", "text/html")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_ne!(a.status, StatusCode::OK);
    // HEAD works like GET without a body
    let a = send(
        r,
        Request::builder()
            .method(Method::HEAD)
            .uri("/bai/9")
            .header("accept", "text/html")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.is_empty());
}

#[tokio::test]
async fn cache_headers_by_kind_of_file() {
    let t = static_app();
    let r = &t.router;
    let cases = [
        ("/index.html", "no-cache"),
        ("/config.json", "no-cache"),
        ("/sw.js", "no-cache"),
        (
            "/bantin-0123456789abcdef_bg.wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/bantin-0123456789abcdef.js",
            "public, max-age=31536000, immutable",
        ),
        ("/demo/feed.json", "public, max-age=300"),
    ];
    for (path, cc) in cases {
        let a = send(r, get_req(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.header("cache-control"), Some(cc), "{path}");
    }
    let wasm = send(r, get_req(&format!("/{WASM}"))).await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    // a 404 is not cached as immutable
    let a = send(r, get_req("/bantin-ffffffffffffffff_bg.wasm")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_ne!(
        a.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test]
async fn static_files_are_compressed() {
    let t = static_app();
    let r = &t.router;
    let plain = send(r, get_req(&format!("/{WASM}"))).await;
    assert_eq!(plain.header("content-encoding"), None);
    let original = plain.body.clone();

    let gz = send(
        r,
        get_with(&format!("/{WASM}"), &[("accept-encoding", "gzip")]),
    )
    .await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b], "gzip magic");
    assert!(
        gz.body.len() * 4 < original.len(),
        "{} vs {}",
        gz.body.len(),
        original.len()
    );
    assert_eq!(
        gz.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let br = send(
        r,
        get_with(
            &format!("/{WASM}"),
            &[("accept-encoding", "gzip, deflate, br")],
        ),
    )
    .await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert!(br.body.len() * 4 < original.len());
    assert!(br
        .header("vary")
        .unwrap_or("")
        .to_lowercase()
        .contains("accept-encoding"));

    let index = send(r, get_with("/bai/1", &[NAV, ("accept-encoding", "br")])).await;
    assert_eq!(index.header("content-encoding"), Some("br"));

    // precompressed siblings are used when the build made them
    write(t.dist.path(), "big.css", &b"body{color:red}".repeat(100));
    write(t.dist.path(), "big.css.br", b"PRECOMPRESSED-BR");
    let pre = send(r, get_with("/big.css", &[("accept-encoding", "br")])).await;
    assert_eq!(pre.header("content-encoding"), Some("br"));
    assert_eq!(pre.body, b"PRECOMPRESSED-BR");
}

// ---- hardening: forged counts, operator pages, forwarded addresses, static files ----

fn hit_from(origin: Option<&str>, site: Option<&str>, visitor: &str) -> Request<Body> {
    let mut req = post_req(
        "/api/stats/hit",
        Some("text/plain"),
        beacon(visitor, "/bai/1").to_string(),
    );
    let h = req.headers_mut();
    h.insert(header::HOST, "news.example".parse().unwrap());
    if let Some(o) = origin {
        h.insert(header::ORIGIN, o.parse().unwrap());
    }
    if let Some(s) = site {
        h.insert("sec-fetch-site", s.parse().unwrap());
    }
    req
}

#[tokio::test]
async fn counts_come_only_from_allowed_origins() {
    let t = test_app(Options {
        rate_limit: 0,
        cors_origins: vec!["https://portal.example".into()],
        ..Options::default()
    });
    let r = &t.router;
    // A page elsewhere making its visitors' browsers send hits: 30 tries, none counted.
    let mut accepted = 0;
    for n in 0..30 {
        let a = send(
            r,
            hit_from(
                Some("https://evil.example"),
                Some("cross-site"),
                &format!("forged-{n:04}"),
            ),
        )
        .await;
        if a.status == StatusCode::NO_CONTENT {
            accepted += 1;
        } else {
            assert_eq!(a.status, StatusCode::FORBIDDEN);
            assert!(a.json()["error"].is_string());
        }
    }
    assert_eq!(accepted, 0, "foreign-origin hits accepted");
    for refused in [
        hit_from(Some("https://evil.example"), None, "forged-a1"),
        hit_from(None, Some("cross-site"), "forged-a2"),
        hit_from(Some("null"), Some("cross-site"), "forged-a3"),
        hit_from(Some("https://news.example.evil"), None, "forged-a4"),
    ] {
        assert_eq!(send(r, refused).await.status, StatusCode::FORBIDDEN);
    }
    let ad = |origin: &str| {
        let mut req = post_req(
            "/api/ads/event",
            Some("text/plain"),
            json!({"slot": "top", "creative": "ads/top-1.svg", "event": "impression"}).to_string(),
        );
        req.headers_mut()
            .insert(header::ORIGIN, origin.parse().unwrap());
        req
    };
    assert_eq!(
        send(r, ad("https://evil.example")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(stats(r).await["total"], 0);
    assert_eq!(
        get_as_operator(r, "/api/ads/report").await.json(),
        json!({"slots": []})
    );

    // The configured portal, the site itself (by Sec-Fetch-Site, or Origin = Host for older
    // browsers, default port or not) and non-browser clients are counted.
    for (n, ok) in [
        hit_from(
            Some("https://portal.example"),
            Some("cross-site"),
            "visitor-p1",
        ),
        hit_from(
            Some("https://news.example"),
            Some("same-origin"),
            "visitor-p2",
        ),
        hit_from(Some("https://news.example"), None, "visitor-p3"),
        hit_from(Some("http://NEWS.example:80"), None, "visitor-p4"),
        hit_from(None, None, "visitor-p5"),
        hit_from(None, Some("same-origin"), "visitor-p6"),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(send(r, ok).await.status, StatusCode::NO_CONTENT, "case {n}");
    }
    assert_eq!(
        send(r, ad("https://portal.example")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(stats(r).await["total"], 6);

    // `*` lets anyone count, as configured.
    let any = test_app(Options {
        rate_limit: 0,
        cors_origins: vec!["*".into()],
        ..Options::default()
    });
    let a = send(
        &any.router,
        hit_from(
            Some("https://evil.example"),
            Some("cross-site"),
            "visitor-x1",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn only_ads_that_config_json_declares_are_counted() {
    let t = test_app(no_limit());
    let r = &t.router;
    let ev = |slot: &str, creative: &str| json!({"slot": slot, "creative": creative, "event": "impression", "path": "/"});
    for n in 0..200 {
        let a = post_json(
            r,
            "/api/ads/event",
            ev(&format!("invented-{n}"), "ads/top-1.svg"),
        )
        .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
    }
    let a = post_json(r, "/api/ads/event", ev("top", "ads/invented.svg")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json()["error"].as_str().unwrap().contains("config.json"));
    // a declared creative of another slot is not this slot's
    let a = post_json(r, "/api/ads/event", ev("partner", "ads/top-1.svg")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    for (slot, creative) in [("top", "ads/top-1.svg"), ("partner", "ads/partner.html")] {
        let a = post_json(r, "/api/ads/event", ev(slot, creative)).await;
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{slot} {creative}");
    }
    let report = get_as_operator(r, "/api/ads/report").await.json();
    let slots: Vec<&str> = report["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slot"].as_str().unwrap())
        .collect();
    assert_eq!(slots, ["partner", "top"]);

    // The operator replaces config.json: its new creative counts from then on.
    std::fs::write(
        t.dist.path().join("config.json"),
        r#"{"ads": {"slots": [{"id": "top", "creatives": [{"image": "ads/top-2.svg"}]}]}}"#,
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let a = post_json(r, "/api/ads/event", ev("top", "ads/top-2.svg")).await;
        if a.status == StatusCode::NO_CONTENT {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new config.json was not read"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_ad_report_needs_the_operator_token() {
    use base64::Engine as _;
    let t = test_app(no_limit());
    let r = &t.router;
    let with_auth = |path: &str, auth: &str| {
        let mut req = get_req(path);
        req.headers_mut()
            .insert(header::AUTHORIZATION, auth.parse().unwrap());
        req
    };
    for path in ["/api/ads/report", "/api/ads/report.html"] {
        let a = get(r, path).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(a.header("www-authenticate").unwrap().starts_with("Basic"));
        let a = send(r, with_auth(path, "Bearer not-the-token-at-all")).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{path}");
        let a = send(r, with_auth(path, &format!("Bearer {TOKEN}"))).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("operator:{TOKEN}"));
        let a = send(r, with_auth(path, &format!("Basic {basic}"))).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
    }
    let page = get_as_operator(r, "/api/ads/report.html").await;
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"));
    assert_eq!(
        page.header("cross-origin-opener-policy"),
        Some("same-origin")
    );

    // Without a token configured the report is off.
    let mut off = test_app(no_limit());
    off.app.state.admin_token = None;
    let router = off.app.router();
    let a = send(
        &router,
        with_auth("/api/ads/report", &format!("Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("--admin-token"));
}

#[tokio::test]
async fn forwarded_for_with_ports_keys_the_real_client() {
    let t = test_app(Options {
        rate_limit: 5,
        trust_proxy_hops: 1,
        ..Options::default()
    });
    let r = &t.router;
    // The client injects a new address each time; the proxy appends the real one with its port.
    let mut passed = 0;
    for n in 0..12 {
        let mut q = from_ip(get_req("/api/stats"), "10.0.0.1");
        q.headers_mut().insert(
            "x-forwarded-for",
            format!("203.0.113.{n}, 192.0.2.1:4711").parse().unwrap(),
        );
        if send(r, q).await.status == StatusCode::OK {
            passed += 1;
        }
    }
    assert_eq!(passed, 5, "requests past a limit of 5");

    use bantin_server::app::parse_forwarded_entry as parse;
    assert_eq!(parse(" 192.0.2.1 "), Some("192.0.2.1".parse().unwrap()));
    assert_eq!(parse("192.0.2.1:80"), Some("192.0.2.1".parse().unwrap()));
    assert_eq!(
        parse("[2001:db8::1]:443"),
        Some("2001:db8::1".parse().unwrap())
    );
    assert_eq!(parse("[2001:db8::1]"), Some("2001:db8::1".parse().unwrap()));
    assert_eq!(parse("2001:db8::1"), Some("2001:db8::1".parse().unwrap()));
    assert_eq!(parse("unknown"), None);
    assert_eq!(parse("_hidden"), None);

    // Two proxies: the second entry from the right is the client; an unreadable entry there
    // falls back to the socket (one shared budget), never to the client's own entries.
    let two = test_app(Options {
        rate_limit: 1,
        trust_proxy_hops: 2,
        ..Options::default()
    });
    let req = |xff: &str| {
        let mut q = from_ip(get_req("/api/stats"), "10.0.0.2");
        q.headers_mut()
            .insert("x-forwarded-for", xff.parse().unwrap());
        q
    };
    let r = &two.router;
    assert_eq!(
        send(r, req("6.6.6.6, [2001:db8::7]:1234, 10.0.0.9"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        send(r, req("7.7.7.7, [2001:db8::7]:999, 10.0.0.9"))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        send(r, req("7.7.7.7, 192.0.2.50, 10.0.0.9")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(r, req("1.1.1.1, unknown, 10.0.0.9")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(r, req("2.2.2.2, unknown, 10.0.0.9")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn long_queries_are_refused() {
    let t = test_app(no_limit());
    let long = format!("/api/stats/views?path=/{}", "a".repeat(2000));
    let a = get(&t.router, &long).await;
    assert_eq!(a.status, StatusCode::URI_TOO_LONG);
    assert!(a.json()["error"].is_string());
}

#[cfg(unix)]
#[tokio::test]
async fn static_files_stay_inside_dist() {
    let t = static_app();
    let d = t.dist.path();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", b"SECRET");
    write(outside.path(), "dir/inner.txt", b"SECRET TOO");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), d.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("dir"), d.join("leakdir")).unwrap();
    std::os::unix::fs::symlink(d.join("config.json"), d.join("alias.json")).unwrap();
    for path in ["/leak.txt", "/leakdir/inner.txt", "/leak%2etxt"] {
        let a = send(&t.router, get_with(path, &[])).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!a.text().contains("SECRET"), "{path}");
    }
    // a symlink that stays inside dist is fine
    let a = send(&t.router, get_with("/alias.json", &[])).await;
    assert_eq!(a.status, StatusCode::OK);
    // a revalidation is still a 304 (a 3xx without a Location)
    let last_modified = a.header("last-modified").unwrap().to_string();
    let again = send(
        &t.router,
        get_with("/config.json", &[("if-modified-since", &last_modified)]),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    // a directory is redirected to its slash form, never to another host
    write(d, "icons/icon.svg", b"<svg/>");
    let a = send(&t.router, get_with("/icons", &[])).await;
    assert!(a.status.is_redirection(), "{}", a.status);
    assert_eq!(a.header("location"), Some("/icons/"));
    for path in ["//icons", "//example.com", "///icons"] {
        let a = send(&t.router, get_with(path, &[NAV])).await;
        assert!(!a.status.is_redirection(), "{path}: {}", a.status);
        assert!(
            a.header("location").is_none_or(|l| !l.starts_with("//")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_app_is_sent_with_csp_and_coop() {
    let t = static_app();
    for path in ["/", "/index.html", "/bai/123"] {
        let a = send(&t.router, get_with(path, &[NAV])).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        let csp = a.header("content-security-policy").unwrap_or_default();
        for part in [
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "'wasm-unsafe-eval'",
            "img-src 'self' https: http: data:",
            "connect-src *",
            "script-src 'self' 'wasm-unsafe-eval';",
        ] {
            assert!(csp.contains(part), "{path}: {csp:?} lacks {part:?}");
        }
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"));
        assert_eq!(
            script_src,
            Some("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}"
        );
        assert_eq!(a.header("cross-origin-opener-policy"), Some("same-origin"));
    }
    // not on scripts or API answers
    let a = send(&t.router, get_with("/bantin-0123456789abcdef.js", &[])).await;
    assert!(a.header("content-security-policy").is_none());
    // nor on another HTML file of dist/ (the demo's partner ad stands in for another site)
    write(
        t.dist.path(),
        "partner.html",
        b"<!doctype html><script>1</script>",
    );
    let a = send(&t.router, get_with("/partner.html", &[NAV])).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.header("content-security-policy").is_none());
    let framed = test_app(Options {
        rate_limit: 0,
        frame_ancestors: "https://portal.example".into(),
        ..Options::default()
    });
    write(framed.dist.path(), "index.html", INDEX.as_bytes());
    let a = send(&framed.router, get_with("/", &[NAV])).await;
    assert!(a
        .header("content-security-policy")
        .unwrap()
        .contains("frame-ancestors https://portal.example"));
}
