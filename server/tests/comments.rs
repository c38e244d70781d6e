//! The comments API over HTTP, driven in-process with `tower::ServiceExt::oneshot` (as
//! tests/http.rs): the WordPress-shaped contract of docs/comments.md, moderation, the limits, and
//! the moderator page. The store rules themselves are in tests/store_suite.rs, for both backends;
//! the main flow runs here against both as well.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use bantin_server::app::{App, Options};
use bantin_server::store::{SqliteStore, Store, StoreLimits};
use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "test-operator-token-0123";
const EMAIL: &str = "ban.doc@example.vn";

struct TestApp<S: Store> {
    app: App<S>,
    router: Router,
    time: TestTime,
    _data: Option<tempfile::TempDir>,
    _redis: Option<RedisServer>,
    _dist: tempfile::TempDir,
}

/// No request limits unless a test asks for them.
fn opts() -> Options {
    Options {
        rate_limit: 0,
        comments_rate_limit: 0,
        admin_token: Some(TOKEN.into()),
        ..Options::default()
    }
}

fn app_with<S: Store>(
    store: S,
    opts: Options,
    data: Option<tempfile::TempDir>,
    redis: Option<RedisServer>,
) -> TestApp<S> {
    let dist = tempfile::tempdir().unwrap();
    // Wednesday 2025-01-08 12:00 in Ho Chi Minh City = 05:00 UTC.
    let time = TestTime::at(local_ms(2025, 1, 8, 12, 0, 0));
    let opts = Options {
        dist: dist.path().to_path_buf(),
        ..opts
    };
    let app = App::new(store, time.keeper.clone(), opts);
    let router = app.router();
    TestApp {
        app,
        router,
        time,
        _data: data,
        _redis: redis,
        _dist: dist,
    }
}

fn sqlite_app_limited(opts: Options, limits: StoreLimits) -> TestApp<SqliteStore> {
    let data = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_with(data.path(), limits).unwrap();
    app_with(store, opts, Some(data), None)
}

fn sqlite_app(opts: Options) -> TestApp<SqliteStore> {
    sqlite_app_limited(opts, StoreLimits::default())
}

/// A WordPress-shaped error's code, after checking the shape.
trait WpCode {
    fn wp_code(&self) -> String;
}

impl WpCode for Answer {
    fn wp_code(&self) -> String {
        let v = self.json();
        assert_eq!(
            v["data"]["status"],
            self.status.as_u16(),
            "data.status: {v}"
        );
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        v["code"].as_str().unwrap_or_default().to_string()
    }
}

fn post_req(content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut b = Request::builder().method(Method::POST).uri("/api/comments");
    if let Some(ct) = content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    b.body(body.into()).unwrap()
}

async fn post(router: &Router, body: Value) -> Answer {
    send(router, post_req(Some("application/json"), body.to_string())).await
}

fn body(post: &str, name: &str, content: &str) -> Value {
    json!({"post": post, "parent": 0, "author_name": name, "author_email": EMAIL,
           "content": content, "website": ""})
}

async fn get(router: &Router, uri: &str) -> Answer {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn with_auth(method: Method, uri: &str, auth: Option<&str>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(a) = auth {
        b = b.header(header::AUTHORIZATION, a);
    }
    b.body(Body::empty()).unwrap()
}

async fn as_operator(router: &Router, method: Method, uri: &str) -> Answer {
    send(
        router,
        with_auth(method, uri, Some(&format!("Bearer {TOKEN}"))),
    )
    .await
}

async fn pending(router: &Router) -> Vec<Value> {
    let a = as_operator(router, Method::GET, "/api/comments/pending?per_page=100").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    a.json().as_array().unwrap().clone()
}

/// Posts a comment and approves it; its id.
async fn approved(router: &Router, post_id: &str, content: &str) -> u64 {
    let a = post(router, body(post_id, "Lan", content)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    let id = a.json()["id"].as_u64().unwrap();
    let path = format!("/api/comments/{id}/approve");
    assert_eq!(
        as_operator(router, Method::POST, &path).await.status,
        StatusCode::OK
    );
    id
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The whole life of a comment: posted (held, not listed), seen by the moderator, approved, listed.
async fn post_hold_approve_list<S: Store>(t: TestApp<S>) {
    let r = &t.router;
    let a = post(r, body("bai-1", "Nguyễn Văn A", "Bài viết hay.")).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert!(a
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(a.header("cache-control"), Some("no-store"));
    let created = a.json();
    assert_eq!(
        created,
        json!({
            "id": 1, "post": "bai-1", "parent": 0, "author_name": "Nguyễn Văn A",
            "date": "2025-01-08T12:00:00", "date_gmt": "2025-01-08T05:00:00",
            "content": {"rendered": "<p>Bài viết hay.</p>\n"}, "status": "hold"
        })
    );
    // held: not listed
    let list = get(r, "/api/comments?post=bai-1").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json(), json!([]));
    assert_eq!(list.header("x-wp-total"), Some("0"));
    assert_eq!(list.header("x-wp-totalpages"), Some("0"));
    // the moderator sees it, with the email and the text as written
    t.time.advance_secs(90);
    let held = pending(r).await;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["author_email"], EMAIL);
    assert_eq!(held[0]["content"]["raw"], "Bài viết hay.");
    assert_eq!(held[0]["status"], "hold");
    let a = as_operator(r, Method::POST, "/api/comments/1/approve").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.json()["status"], "approved");
    assert_eq!(a.json()["date"], "2025-01-08T12:00:00", "the posting time");
    assert!(pending(r).await.is_empty());
    let list = get(r, "/api/comments?post=bai-1").await;
    assert_eq!(list.header("x-wp-total"), Some("1"));
    assert_eq!(list.header("x-wp-totalpages"), Some("1"));
    assert_eq!(
        list.json(),
        json!([{
            "id": 1, "post": "bai-1", "parent": 0, "author_name": "Nguyễn Văn A",
            "date": "2025-01-08T12:00:00", "date_gmt": "2025-01-08T05:00:00",
            "content": {"rendered": "<p>Bài viết hay.</p>\n"}, "status": "approved"
        }])
    );
    assert_eq!(
        get(r, "/api/comments?post=bai-2").await.json(),
        json!([]),
        "another article"
    );
    // a reply to it
    let mut reply = body("bai-1", "B", "Đúng vậy");
    reply["parent"] = json!(1);
    let a = post(r, reply).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert_eq!(a.json()["parent"], 1);
    // deleted: 204, then gone
    let a = as_operator(r, Method::DELETE, "/api/comments/1").await;
    assert_eq!(a.status, StatusCode::NO_CONTENT);
    assert!(a.body.is_empty());
    assert_eq!(get(r, "/api/comments?post=bai-1").await.json(), json!([]));
    let a = as_operator(r, Method::DELETE, "/api/comments/1").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.wp_code(), "rest_comment_invalid_id");
}

#[tokio::test]
async fn post_hold_approve_list_sqlite() {
    post_hold_approve_list(sqlite_app(opts())).await;
}

#[tokio::test]
async fn post_hold_approve_list_redis() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = bantin_server::store::RedisStore::connect(&redis.url, "http:")
        .await
        .unwrap();
    post_hold_approve_list(app_with(store, opts(), None, Some(redis))).await;
}

#[tokio::test]
async fn auto_approve_publishes_at_once() {
    let t = sqlite_app(Options {
        comments_auto_approve: true,
        ..opts()
    });
    let a = post(&t.router, body("bai-1", "A", "Ngay lập tức")).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.json()["status"], "approved");
    let list = get(&t.router, "/api/comments?post=bai-1").await.json();
    assert_eq!(list[0]["content"]["rendered"], "<p>Ngay lập tức</p>\n");
}

#[tokio::test]
async fn pages_and_their_headers() {
    let t = sqlite_app(Options {
        comments_auto_approve: true,
        ..opts()
    });
    let r = &t.router;
    for n in 1..=25 {
        let a = post(r, body("bai-1", "A", &format!("số {n}"))).await;
        assert_eq!(a.status, StatusCode::CREATED);
        t.time.advance_secs(1);
    }
    let texts = |a: &Answer| -> Vec<String> {
        a.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["content"]["rendered"].as_str().unwrap().to_string())
            .collect()
    };
    // default: 10 a page, oldest first
    let a = get(r, "/api/comments?post=bai-1").await;
    assert_eq!(a.header("x-wp-total"), Some("25"));
    assert_eq!(a.header("x-wp-totalpages"), Some("3"));
    let first = texts(&a);
    assert_eq!(first.len(), 10);
    assert_eq!(first[0], "<p>số 1</p>\n");
    assert_eq!(first[9], "<p>số 10</p>\n");
    let a = get(r, "/api/comments?post=bai-1&page=3").await;
    assert_eq!(
        texts(&a),
        [
            "<p>số 21</p>\n",
            "<p>số 22</p>\n",
            "<p>số 23</p>\n",
            "<p>số 24</p>\n",
            "<p>số 25</p>\n"
        ]
    );
    let a = get(r, "/api/comments?post=bai-1&page=2&per_page=7").await;
    assert_eq!(a.header("x-wp-totalpages"), Some("4"));
    assert_eq!(texts(&a)[0], "<p>số 8</p>\n");
    let a = get(r, "/api/comments?per_page=100&post=bai-1").await;
    assert_eq!(texts(&a).len(), 25);
    assert_eq!(a.header("x-wp-totalpages"), Some("1"));
    // past the last page
    for uri in [
        "/api/comments?post=bai-1&page=4",
        "/api/comments?post=bai-1&page=2&per_page=100",
        "/api/comments?post=bai-1&page=18446744073709551615",
    ] {
        let a = get(r, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(a.wp_code(), "rest_comment_invalid_page_number", "{uri}");
    }
    // an article without comments: any page is an empty list
    let a = get(r, "/api/comments?post=bai-2&page=5").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json(), json!([]));
    assert_eq!(a.header("x-wp-totalpages"), Some("0"));
    // the same paging for the moderator's list
    let t = sqlite_app(opts());
    for n in 1..=3 {
        post(&t.router, body("p", "A", &format!("{n}"))).await;
        t.time.advance_secs(1);
    }
    let a = as_operator(
        &t.router,
        Method::GET,
        "/api/comments/pending?per_page=2&page=2",
    )
    .await;
    assert_eq!(a.header("x-wp-total"), Some("3"));
    assert_eq!(a.header("x-wp-totalpages"), Some("2"));
    assert_eq!(
        a.json()[0]["content"]["raw"],
        "1",
        "newest first: the oldest is last"
    );
    let a = as_operator(
        &t.router,
        Method::GET,
        "/api/comments/pending?page=3&per_page=2",
    )
    .await;
    assert_eq!(a.wp_code(), "rest_comment_invalid_page_number");
}

#[tokio::test]
async fn bad_list_queries_are_named() {
    let t = sqlite_app(opts());
    let long = "a".repeat(201);
    let cases = [
        ("/api/comments", "post"),
        ("/api/comments?page=1", "post"),
        ("/api/comments?post=", "post"),
        ("/api/comments?post=%20%20", "post"),
        (&format!("/api/comments?post={long}") as &str, "post"),
        ("/api/comments?post=a%0Ab", "post"),
        ("/api/comments?post=x&page=0", "page"),
        ("/api/comments?post=x&page=-1", "page"),
        ("/api/comments?post=x&page=abc", "page"),
        ("/api/comments?post=x&page=", "page"),
        ("/api/comments?post=x&page=1.5", "page"),
        ("/api/comments?post=x&page=99999999999999999999999", "page"),
        ("/api/comments?post=x&per_page=0", "per_page"),
        ("/api/comments?post=x&per_page=101", "per_page"),
        ("/api/comments?post=x&per_page=ten", "per_page"),
    ];
    for (uri, field) in cases {
        let a = get(&t.router, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(a.wp_code(), "rest_invalid_param", "{uri}");
        let v = a.json();
        assert!(v["message"].as_str().unwrap().contains(field), "{uri}: {v}");
        assert!(v["data"]["params"][field].is_string(), "{uri}: {v}");
    }
    // the limits themselves are fine; unknown parameters (WordPress clients send some) are ignored
    let ok = "ă".repeat(200);
    for uri in [
        format!("/api/comments?post={}&page=1&per_page=100", enc(&ok)),
        "/api/comments?post=x&per_page=1&_fields=id&order=asc".to_string(),
    ] {
        let a = get(&t.router, &uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.text());
    }
    // a query beyond 4 KiB is refused, in the same shape
    let a = get(
        &t.router,
        &format!("/api/comments?post={}", "a".repeat(5000)),
    )
    .await;
    assert_eq!(a.status, StatusCode::URI_TOO_LONG);
    assert_eq!(a.wp_code(), "rest_query_too_long");
}

#[tokio::test]
async fn the_honeypot_answers_like_a_held_comment_and_stores_nothing() {
    let t = sqlite_app(opts());
    let r = &t.router;
    let real = post(r, body("bai-1", "Người thật", "Một")).await.json();
    let mut bot = body("bai-1", "Bot", "Mua ngay!");
    bot["website"] = json!("http://spam.example");
    let a = post(r, bot.clone()).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let fake = a.json();
    // the same shape as a real held comment, with the id the next one gets
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&fake), keys(&real));
    assert_eq!(fake["status"], "hold");
    assert_eq!(fake["id"], 2);
    assert_eq!(fake["content"]["rendered"], "<p>Mua ngay!</p>\n");
    // nothing stored: not pending, not a duplicate, and the id goes to the next real comment
    assert_eq!(pending(r).await.len(), 1);
    assert_eq!(post(r, bot).await.status, StatusCode::CREATED, "no 409");
    let next = post(r, body("bai-1", "Người thật", "Hai")).await.json();
    assert_eq!(next["id"], 2);
    assert_eq!(pending(r).await.len(), 2);
}

#[tokio::test]
async fn every_invalid_comment_is_a_named_400_and_stores_nothing() {
    let t = sqlite_app(opts());
    let r = &t.router;
    let held = post(r, body("bai-1", "A", "chưa duyệt")).await.json()["id"]
        .as_u64()
        .unwrap();
    let other_post = approved(r, "bai-2", "bài khác").await;
    let with = |key: &str, value: Value| {
        let mut b = body("bai-1", "Tên", "Nội dung");
        b[key] = value;
        b
    };
    let without = |key: &str| {
        let mut b = body("bai-1", "Tên", "Nội dung");
        b.as_object_mut().unwrap().remove(key);
        b
    };
    let cases: Vec<(&str, Value, &str)> = vec![
        ("no post", without("post"), "post"),
        ("empty post", with("post", json!("")), "post"),
        ("blank post", with("post", json!("   ")), "post"),
        ("long post", with("post", json!("p".repeat(201))), "post"),
        ("post with a newline", with("post", json!("a\nb")), "post"),
        ("negative parent", with("parent", json!(-1)), "parent"),
        ("unknown parent", with("parent", json!(999)), "parent"),
        ("held parent", with("parent", json!(held)), "parent"),
        (
            "parent of another post",
            with("parent", json!(other_post)),
            "parent",
        ),
        ("no name", without("author_name"), "author_name"),
        (
            "blank name",
            with("author_name", json!(" \t ")),
            "author_name",
        ),
        (
            "long name",
            with("author_name", json!("n".repeat(101))),
            "author_name",
        ),
        (
            "name with a newline",
            with("author_name", json!("a\nb")),
            "author_name",
        ),
        ("no email", without("author_email"), "author_email"),
        (
            "bad email",
            with("author_email", json!("không phải email")),
            "author_email",
        ),
        (
            "email without a domain dot",
            with("author_email", json!("a@b")),
            "author_email",
        ),
        (
            "two @",
            with("author_email", json!("a@b@c.vn")),
            "author_email",
        ),
        (
            "long email",
            with("author_email", json!(format!("{}@b.vn", "a".repeat(196)))),
            "author_email",
        ),
        ("no content", without("content"), "content"),
        (
            "blank content",
            with("content", json!("\n \n\t")),
            "content",
        ),
        (
            "long content",
            with("content", json!("ệ".repeat(5001))),
            "content",
        ),
        (
            "content with NUL",
            with("content", json!("a\u{0}b")),
            "content",
        ),
        (
            "content with ESC",
            with("content", json!("a\u{1b}[31mb")),
            "content",
        ),
    ];
    for (what, b, field) in cases {
        let a = post(r, b).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{what}: {}", a.text());
        assert_eq!(a.wp_code(), "rest_invalid_param", "{what}");
        let v = a.json();
        assert!(
            v["message"].as_str().unwrap().contains(field),
            "{what}: {v}"
        );
        assert!(v["data"]["params"][field].is_string(), "{what}: {v}");
    }
    // several bad fields: all named
    let a = post(
        r,
        json!({"post": "x", "author_name": "", "author_email": "@", "content": ""}),
    )
    .await;
    let params = a.json()["data"]["params"].clone();
    for field in ["author_name", "author_email", "content"] {
        assert!(params[field].is_string(), "{params}");
    }
    // not JSON, or JSON of the wrong shape or types
    let json_cases: Vec<(&str, Request<Body>)> = vec![
        (
            "malformed",
            post_req(Some("application/json"), "{\"post\": "),
        ),
        ("empty body", post_req(Some("application/json"), "")),
        (
            "an array",
            post_req(Some("application/json"), "[\"bai-1\"]"),
        ),
        ("a string", post_req(Some("application/json"), "\"hi\"")),
        (
            "post a number",
            post_req(
                Some("application/json"),
                with("post", json!(12)).to_string(),
            ),
        ),
        (
            "parent a string",
            post_req(
                Some("application/json"),
                with("parent", json!("1")).to_string(),
            ),
        ),
        (
            "parent a fraction",
            post_req(
                Some("application/json"),
                with("parent", json!(1.5)).to_string(),
            ),
        ),
        (
            "content null",
            post_req(
                Some("application/json"),
                with("content", Value::Null).to_string(),
            ),
        ),
        (
            "website a number",
            post_req(
                Some("application/json"),
                with("website", json!(1)).to_string(),
            ),
        ),
        (
            "duplicate key",
            post_req(Some("application/json"), "{\"post\":\"a\",\"post\":\"b\"}"),
        ),
        (
            "no content type",
            post_req(None, body("bai-1", "A", "B").to_string()),
        ),
        (
            "text/plain",
            post_req(Some("text/plain"), body("bai-1", "A", "B").to_string()),
        ),
        (
            "a form",
            post_req(
                Some("application/x-www-form-urlencoded"),
                "post=bai-1&content=x",
            ),
        ),
        (
            "invalid UTF-8",
            post_req(Some("application/json"), b"{\"post\":\"\xff\"}".to_vec()),
        ),
    ];
    for (what, req) in json_cases {
        let a = send(r, req).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{what}: {}", a.text());
        assert_eq!(a.wp_code(), "rest_invalid_json", "{what}");
    }
    // nothing of that was stored
    assert_eq!(pending(r).await.len(), 1);
    // the limits themselves are accepted (counted in characters, after trimming)
    let mut b = body(&"p".repeat(200), &"Ư".repeat(100), &"ệ".repeat(5000));
    b["author_email"] = json!(format!("{}@b.vn", "a".repeat(195)));
    b["content"] = json!(format!("  \n{}\n  ", "ệ".repeat(5000)));
    let a = post(r, b).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    // and charset parameters and unknown fields (WordPress clients send some) are fine
    let mut b = body("bai-1", "A", "có author_url");
    b["author_url"] = json!("https://a.example");
    let a = send(
        r,
        post_req(Some("application/json; charset=utf-8"), b.to_string()),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
}

#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let t = sqlite_app(opts());
    let r = &t.router;
    let big = body("bai-1", "A", &"x".repeat(17 * 1024)).to_string();
    // declared
    let a = send(r, post_req(Some("application/json"), big.clone())).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.wp_code(), "rest_payload_too_large");
    // streamed without a length
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big
        .as_bytes()
        .chunks(1000)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let req = post_req(
        Some("application/json"),
        Body::from_stream(futures_util::stream::iter(chunks)),
    );
    assert!(req.headers().get(header::CONTENT_LENGTH).is_none());
    let a = send(r, req).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.wp_code(), "rest_payload_too_large");
    // over the counter API's 4 KiB but under 16 KiB is fine here
    let a = post(r, body("bai-1", "A", &"y".repeat(4999))).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    assert_eq!(pending(r).await.len(), 1);
}

#[tokio::test]
async fn the_same_comment_twice_is_a_409() {
    let t = sqlite_app(opts());
    let r = &t.router;
    assert_eq!(
        post(r, body("bai-1", "A", "Cảm ơn!")).await.status,
        StatusCode::CREATED
    );
    // trimmed, line endings and the email's case aside, it is the same comment
    let mut again = body("bai-1", "A khác", "  Cảm ơn!\r\n");
    again["author_email"] = json!(EMAIL.to_uppercase());
    let a = post(r, again).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.wp_code(), "comment_duplicate");
    assert!(!a.text().contains(EMAIL));
    assert_eq!(
        post(r, body("bai-2", "A", "Cảm ơn!")).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn comments_are_rate_limited_per_client() {
    let t = sqlite_app(Options {
        comments_rate_limit: 5,
        comments_rate_window: Duration::from_secs(600),
        ..opts()
    });
    let r = &t.router;
    let comment = |ip: &str, n: usize| {
        from_ip(
            post_req(
                Some("application/json"),
                body("bai-1", "A", &format!("lần {n} từ {ip}")).to_string(),
            ),
            ip,
        )
    };
    // refused ones do not use the allowance
    for _ in 0..3 {
        let bad = from_ip(post_req(Some("application/json"), "{}"), "198.51.100.7");
        assert_eq!(send(r, bad).await.status, StatusCode::BAD_REQUEST);
    }
    for n in 0..5 {
        let a = send(r, comment("198.51.100.7", n)).await;
        assert_eq!(a.status, StatusCode::CREATED, "{n}");
    }
    let a = send(r, comment("198.51.100.7", 5)).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.wp_code(), "rate_limited");
    // 5 per 10 minutes: the next one in 2 minutes
    let retry: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((110..=121).contains(&retry), "{retry}");
    // the honeypot counts too, another client does not, and reading is not limited by it
    let mut bot = body("bai-1", "Bot", "x");
    bot["website"] = json!("x");
    let a = send(
        r,
        from_ip(
            post_req(Some("application/json"), bot.to_string()),
            "198.51.100.7",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        send(r, comment("198.51.100.8", 6)).await.status,
        StatusCode::CREATED
    );
    let a = send(
        r,
        from_ip(
            Request::get("/api/comments?post=bai-1")
                .body(Body::empty())
                .unwrap(),
            "198.51.100.7",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(pending(r).await.len(), 6, "the refused one was not stored");

    // behind a trusted proxy, clients are told apart by X-Forwarded-For
    let t = sqlite_app(Options {
        comments_rate_limit: 1,
        trust_proxy_hops: 1,
        ..opts()
    });
    let via_proxy = |client: &str, n: usize| {
        let mut q = from_ip(
            post_req(
                Some("application/json"),
                body("bai-1", "A", &format!("{client} {n}")).to_string(),
            ),
            "10.0.0.1",
        );
        q.headers_mut()
            .insert("x-forwarded-for", client.parse().unwrap());
        q
    };
    assert_eq!(
        send(&t.router, via_proxy("192.0.2.1", 0)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        send(&t.router, via_proxy("192.0.2.2", 0)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        send(&t.router, via_proxy("192.0.2.1", 1)).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );

    // the server-wide limit answers the comments API in its shape too
    let t = sqlite_app(Options {
        rate_limit: 1,
        ..opts()
    });
    assert_eq!(
        get(&t.router, "/api/comments?post=a").await.status,
        StatusCode::OK
    );
    let a = get(&t.router, "/api/comments?post=a").await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.wp_code(), "rate_limited");
    assert!(a.header("retry-after").is_some());
}

#[tokio::test]
async fn moderation_needs_the_token_on_every_route() {
    let t = sqlite_app(opts());
    let r = &t.router;
    post(r, body("bai-1", "A", "chờ")).await;
    let routes = [
        (Method::GET, "/api/comments/pending"),
        (Method::POST, "/api/comments/1/approve"),
        (Method::DELETE, "/api/comments/1"),
        // refused before the id is even looked at
        (Method::POST, "/api/comments/999/approve"),
        (Method::DELETE, "/api/comments/abc"),
    ];
    let basic_wrong = {
        use base64::Engine as _;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("operator:wrong-token-0123456")
        )
    };
    let wrong = [
        None,
        Some("Bearer not-the-token-at-all"),
        Some("Bearer "),
        Some("Bearer test-operator-token-012"),
        Some("Bearer test-operator-token-01234"),
        Some(TOKEN),
        Some("Token test-operator-token-0123"),
        Some(basic_wrong.as_str()),
    ];
    for (method, path) in &routes {
        for auth in wrong {
            let a = send(r, with_auth(method.clone(), path, auth)).await;
            assert_eq!(
                a.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} {auth:?}"
            );
            assert_eq!(a.wp_code(), "rest_forbidden");
            // Bearer: a Basic challenge would pop up the browser's own dialog
            assert!(a.header("www-authenticate").unwrap().starts_with("Bearer"));
            assert!(!a.text().contains(EMAIL));
        }
    }
    assert_eq!(pending(r).await.len(), 1, "nothing was approved or deleted");
    // the right token: unknown ids are 404s
    for (method, path) in [
        (Method::POST, "/api/comments/999/approve"),
        (Method::DELETE, "/api/comments/999"),
        (Method::DELETE, "/api/comments/abc"),
        (Method::DELETE, "/api/comments/0"),
        (Method::DELETE, "/api/comments/+1"),
        (Method::DELETE, "/api/comments/-1"),
        (
            Method::POST,
            "/api/comments/99999999999999999999999/approve",
        ),
    ] {
        let a = as_operator(r, method.clone(), path).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(a.wp_code(), "rest_comment_invalid_id");
    }

    // no token configured: moderation is off, never open
    let mut off = sqlite_app(opts());
    post(&off.router, body("bai-1", "A", "chờ")).await;
    off.app.state.admin_token = None;
    let router = off.app.router();
    for (method, path) in &routes[..3] {
        for auth in [
            None,
            Some(format!("Bearer {TOKEN}")),
            Some("Bearer ".into()),
        ] {
            let a = send(&router, with_auth(method.clone(), path, auth.as_deref())).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            assert!(a.json()["message"]
                .as_str()
                .unwrap()
                .contains("--admin-token"));
        }
    }
    off.app.state.admin_token = Some(TOKEN.into());
    assert_eq!(pending(&off.app.router()).await.len(), 1, "still held");
}

#[tokio::test]
async fn the_email_is_never_in_a_public_answer() {
    let t = sqlite_app(Options {
        comments_auto_approve: true,
        ..opts()
    });
    let r = &t.router;
    let mut answers = vec![post(r, body("bai-1", "A", "công khai")).await];
    answers.push(get(r, "/api/comments?post=bai-1").await);
    answers.push(post(r, body("bai-1", "A", "công khai")).await); // 409
    let mut bot = body("bai-1", "A", "bot");
    bot["website"] = json!("x");
    answers.push(post(r, bot).await);
    let mut bad = body("bai-1", "A", "x");
    bad["parent"] = json!(77);
    answers.push(post(r, bad).await);
    for a in &answers {
        assert!(!a.text().contains(EMAIL), "{}", a.text());
        assert!(!a.text().contains("author_email"), "{}", a.text());
        assert!(!a.text().contains("\"raw\""), "{}", a.text());
    }
    // the moderator's answers do carry it
    let a = as_operator(r, Method::POST, "/api/comments/1/approve").await;
    assert_eq!(a.json()["author_email"], EMAIL);
}

#[tokio::test]
async fn hostile_text_comes_back_escaped() {
    let t = sqlite_app(Options {
        comments_auto_approve: true,
        ..opts()
    });
    let r = &t.router;
    let name = "<script>alert('tên')</script>";
    let content =
        "<script>alert(1)</script>\n<img src=x onerror=alert(2)> & \"q\"\n\n<b>đoạn 2</b>";
    let a = post(r, body("bai-1", name, content)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    let list = get(r, "/api/comments?post=bai-1").await;
    for a in [&a, &list] {
        // no markup in the bytes at all (escaped as \u003c in the JSON)…
        assert!(!a.text().contains('<'), "{}", a.text());
        assert!(!a.text().contains('>'), "{}", a.text());
    }
    let c = &list.json()[0];
    // …the name is plain text, for the app to show as text…
    assert_eq!(c["author_name"], name);
    // …and the content is HTML with everything the author wrote escaped
    assert_eq!(
        c["content"]["rendered"],
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>\n&lt;img src=x onerror=alert(2)&gt; \
         &amp; &quot;q&quot;</p>\n<p>&lt;b&gt;đoạn 2&lt;/b&gt;</p>\n"
    );
    // the moderator gets the text as written
    let a = as_operator(r, Method::POST, "/api/comments/1/approve").await;
    assert_eq!(a.json()["content"]["raw"], content);
}

#[tokio::test]
async fn vietnamese_round_trips() {
    let t = sqlite_app(opts());
    let r = &t.router;
    let post_id = "tin-tức/Thời sự: “Hà Nội” & Sài Gòn?#1";
    let name = "Trần Thị Bích Ngọc";
    let content =
        "Xin chào! Tiếng Việt có dấu: ắ ặ ẳ ẵ ề ể ễ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ỳ ỷ ỹ ỵ đ Đ.\n\
                   Dòng hai 🇻🇳";
    // decomposed (NFD) input is kept as sent, not normalised
    let nfd = "Nguye\u{302}\u{303}n";
    let id = {
        let mut b = body(post_id, name, content);
        b["author_name"] = json!(format!("{name} {nfd}"));
        let a = post(r, b).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
        a.json()["id"].as_u64().unwrap()
    };
    as_operator(r, Method::POST, &format!("/api/comments/{id}/approve")).await;
    let a = get(r, &format!("/api/comments?post={}", enc(post_id))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let c = &a.json()[0];
    assert_eq!(c["post"], post_id);
    assert_eq!(c["author_name"], format!("{name} {nfd}"));
    assert_eq!(
        c["content"]["rendered"],
        format!(
            "<p>{}<br>\n{}</p>\n",
            content.lines().next().unwrap(),
            "Dòng hai 🇻🇳"
        )
    );
    // a long Vietnamese article id fits in the query (percent-encoded it is > 1 KiB)
    let long_id = "bài-".repeat(50);
    assert_eq!(long_id.chars().count(), 200);
    approved(r, &long_id, "dài").await;
    let a = get(r, &format!("/api/comments?post={}", enc(&long_id))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()[0]["post"], long_id);
}

#[tokio::test]
async fn too_many_held_comments_are_refused() {
    let t = sqlite_app_limited(
        opts(),
        StoreLimits {
            max_pending_comments: 2,
            ..StoreLimits::default()
        },
    );
    let r = &t.router;
    for n in 0..2 {
        assert_eq!(
            post(r, body("p", "A", &n.to_string())).await.status,
            StatusCode::CREATED
        );
    }
    let a = post(r, body("p", "A", "2")).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(a.wp_code(), "comment_queue_full");
    assert!(a.header("retry-after").is_some());
}

#[tokio::test]
async fn cors_allows_posting_and_moderating_from_the_app_origin() {
    let t = sqlite_app(Options {
        cors_origins: vec!["https://portal.example".into()],
        ..opts()
    });
    let r = &t.router;
    for (method, path, headers) in [
        ("POST", "/api/comments", "content-type"),
        ("DELETE", "/api/comments/1", "authorization"),
        ("POST", "/api/comments/1/approve", "authorization"),
        ("GET", "/api/comments/pending", "authorization"),
    ] {
        let preflight = Request::builder()
            .method(Method::OPTIONS)
            .uri(path)
            .header(header::ORIGIN, "https://portal.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, headers)
            .body(Body::empty())
            .unwrap();
        let a = send(r, preflight).await;
        assert!(a.status.is_success(), "{method} {path}: {}", a.status);
        assert_eq!(
            a.header("access-control-allow-origin"),
            Some("https://portal.example")
        );
        let methods = a.header("access-control-allow-methods").unwrap_or_default();
        assert!(methods.contains(method), "{methods}");
        let allowed = a
            .header("access-control-allow-headers")
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(allowed.contains(headers), "{allowed}");
    }
    // the paging headers can be read from the other origin
    let req = Request::get("/api/comments?post=x")
        .header(header::ORIGIN, "https://portal.example")
        .body(Body::empty())
        .unwrap();
    let a = send(r, req).await;
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://portal.example")
    );
    let exposed = a
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for h in ["x-wp-total", "x-wp-totalpages", "retry-after"] {
        assert!(exposed.contains(h), "{exposed}");
    }
    let req = Request::get("/api/comments?post=x")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(r, req).await.header("access-control-allow-origin"),
        None
    );
}

#[tokio::test]
async fn the_moderator_page_has_a_strict_csp_and_no_inline_code() {
    let t = sqlite_app(opts());
    let r = &t.router;
    let page = get(r, "/api/comments/moderate").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = page.header("content-security-policy").unwrap();
    for part in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'none'",
        "base-uri 'none'",
        "require-trusted-types-for 'script'",
    ] {
        assert!(csp.contains(part), "{csp:?} lacks {part:?}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(
        page.header("cross-origin-opener-policy"),
        Some("same-origin")
    );
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.text();
    assert!(html.contains("Bình luận chờ duyệt"));
    // every script is a file, with nothing inline; no handlers, no style attributes or elements
    let lower = html.to_ascii_lowercase();
    let scripts: Vec<&str> = lower.split("<script").skip(1).collect();
    assert_eq!(scripts.len(), 1);
    for s in scripts {
        let (tag, rest) = s.split_once('>').unwrap();
        assert!(tag.contains("src=\"moderate.js\""), "{tag}");
        assert!(rest.starts_with("</script>"), "inline script: {rest:.40}");
    }
    for bad in [
        " onclick",
        " onload",
        " onerror",
        " onsubmit",
        "style=",
        "<style",
        "javascript:",
    ] {
        assert!(!lower.contains(bad), "{bad}");
    }
    // the script: served beside the page, text only (no HTML parsing), the token per tab
    let js = get(r, "/api/comments/moderate.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    let js = js.text();
    for bad in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "localStorage",
        "new Function",
    ] {
        assert!(!js.contains(bad), "{bad}");
    }
    for needed in [
        "sessionStorage",
        "textContent",
        "Duyệt",
        "Xoá",
        "Bearer ",
        "pending",
        "/approve",
        "'DELETE'",
    ] {
        assert!(js.contains(needed), "{needed}");
    }
    let css = get(r, "/api/comments/moderate.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    // the page holds no data: it is the same without a token configured
    let mut off = sqlite_app(opts());
    off.app.state.admin_token = None;
    let again = get(&off.app.router(), "/api/comments/moderate").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, page.body);
}
