//! Comments on articles, with moderation: a subset of WordPress REST v2 `/wp/v2/comments`, so the
//! app talks to a WordPress site and to bantin-server with one client (contract: docs/comments.md).
//!
//! - `GET /api/comments?post=ID&page=N&per_page=N`: approved comments of an article, oldest first.
//! - `POST /api/comments`: a new comment, held for moderation (or approved with
//!   `--comments-auto-approve`); plain text in, escaped HTML out.
//! - With the operator token: `GET /api/comments/pending`, `POST /api/comments/{id}/approve`,
//!   `DELETE /api/comments/{id}`, and the moderator page `GET /api/comments/moderate` (its script
//!   and stylesheet are files beside it, so its CSP allows no inline code at all).
//!
//! Errors are WordPress's shape, `{"code", "message", "data": {"status"}}`, not the counter API's
//! `{"error"}`: the app's WordPress client reads them.

use std::net::IpAddr;

use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::DateTime;
use chrono_tz::Tz;
use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};

use crate::api::{discard, escape, expects_continue, has_token, ClientIp};
use crate::app::AppState;
use crate::store::{AddComment, Comment, CommentStatus, NewComment, Store, StoreError};

/// Largest accepted body of `POST /api/comments` (5,000 characters of Vietnamese are ~15 KB).
pub const MAX_COMMENT_BODY_BYTES: usize = 16 * 1024;
/// Longest accepted query on `/api/comments` (a 200-character article id, percent-encoded, can
/// take 2.4 KB; the rest of `/api` allows 1 KiB).
pub const MAX_COMMENTS_QUERY_BYTES: usize = 4096;
/// Limits on the fields, in characters after trimming.
pub const MAX_POST_CHARS: usize = 200;
pub const MAX_AUTHOR_CHARS: usize = 100;
pub const MAX_EMAIL_CHARS: usize = 200;
pub const MAX_CONTENT_CHARS: usize = 5000;
pub const DEFAULT_PER_PAGE: u64 = 10;
pub const MAX_PER_PAGE: u64 = 100;

/// The moderator page's policy: its own script and stylesheet only, requests to its own origin
/// only, never framed; Trusted Types make any HTML-string sink (innerHTML…) throw.
pub const MODERATE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; \
require-trusted-types-for 'script'; trusted-types 'none'";

const MODERATE_HTML: &str = include_str!("../assets/moderate.html");
const MODERATE_JS: &str = include_str!("../assets/moderate.js");
const MODERATE_CSS: &str = include_str!("../assets/moderate.css");

/// Whether a path belongs to the comments API (whose errors are WordPress-shaped).
pub fn is_comments_path(path: &str) -> bool {
    path == "/api/comments" || path.starts_with("/api/comments/")
}

/// An error in WordPress's shape: `{"code": "…", "message": "…", "data": {"status": n}}`, with
/// `data.params` naming the invalid fields (as WordPress's `rest_invalid_param` does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WpError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub params: Vec<(&'static str, String)>,
    pub retry_after: Option<u64>,
}

impl WpError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            params: Vec::new(),
            retry_after: None,
        }
    }

    /// `400 rest_invalid_param` for the given fields and why.
    pub fn invalid_params(params: Vec<(&'static str, String)>) -> Self {
        let names: Vec<&str> = params.iter().map(|(name, _)| *name).collect();
        Self {
            params,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "rest_invalid_param",
                format!("Invalid parameter(s): {}", names.join(", ")),
            )
        }
    }

    pub fn invalid_json(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "rest_invalid_json", message)
    }

    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "rest_payload_too_large",
            format!("The body is too large (at most {MAX_COMMENT_BODY_BYTES} bytes)."),
        )
    }

    /// `429 rate_limited`, to be retried after `secs`.
    pub fn rate_limited(secs: u64) -> Self {
        Self {
            retry_after: Some(secs.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests; please wait before trying again.",
            )
        }
    }

    fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "rest_comment_invalid_id",
            "Invalid comment ID.",
        )
    }
}

impl From<StoreError> for WpError {
    fn from(e: StoreError) -> Self {
        eprintln!("bantin-server: store error: {e}");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "store_unavailable",
            "The comment store is unavailable; try again later.",
        )
    }
}

#[derive(Serialize)]
struct ErrorData {
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    data: ErrorData,
}

impl IntoResponse for WpError {
    fn into_response(self) -> Response {
        let params = (!self.params.is_empty()).then(|| {
            self.params
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::from(v.as_str())))
                .collect()
        });
        let body = ErrorBody {
            code: self.code,
            message: &self.message,
            data: ErrorData {
                status: self.status.as_u16(),
                params,
            },
        };
        let mut resp = json_response(self.status, &body);
        let h = resp.headers_mut();
        if let Some(secs) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            // Bearer, not Basic: a Basic challenge makes browsers pop up a password dialog over
            // the moderator page's own form.
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"bantin comments\""),
            );
        }
        resp
    }
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`: the same value for any
/// JSON reader, and no markup in the bytes should anything ever render them as HTML.
fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    // Outside strings JSON has none of these characters, so replacing them everywhere is safe.
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        out,
    )
        .into_response()
}

/// `content` of a comment: `rendered` HTML always; `raw` text for moderators only.
#[derive(Debug, Serialize)]
pub struct ContentJson {
    pub rendered: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// A comment as answered. `author_email` only on moderator routes.
#[derive(Debug, Serialize)]
pub struct CommentJson {
    pub id: u64,
    pub post: String,
    pub parent: u64,
    pub author_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_email: Option<String>,
    pub date: String,
    pub date_gmt: String,
    pub content: ContentJson,
    pub status: CommentStatus,
}

/// Who a comment is shown to: the public never sees the email (nor the raw text, which adds
/// nothing for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    Public,
    Moderator,
}

/// `(date, date_gmt)`: WordPress's ISO forms without a zone, site-local and UTC.
pub fn wp_dates(ms: i64, tz: Tz) -> (String, String) {
    const FORMAT: &str = "%Y-%m-%dT%H:%M:%S";
    let utc = DateTime::from_timestamp_millis(ms).unwrap_or_default();
    (
        utc.with_timezone(&tz).format(FORMAT).to_string(),
        utc.format(FORMAT).to_string(),
    )
}

fn comment_json(c: Comment, tz: Tz, audience: Audience) -> CommentJson {
    let (date, date_gmt) = wp_dates(c.created_ms, tz);
    let moderator = audience == Audience::Moderator;
    CommentJson {
        id: c.id,
        parent: c.parent,
        author_name: c.author_name,
        author_email: moderator.then_some(c.author_email),
        date,
        date_gmt,
        content: ContentJson {
            rendered: render_content(&c.content),
            raw: moderator.then_some(c.content),
        },
        status: c.status,
        post: c.post,
    }
}

/// Plain text as HTML: escaped, paragraphs (separated by blank lines) in `<p>`, other line breaks
/// as `<br>` — the shape WordPress's `wpautop` gives a plain comment.
pub fn render_content(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 16);
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if para.is_empty() {
            return;
        }
        out.push_str("<p>");
        for (i, line) in para.drain(..).enumerate() {
            if i > 0 {
                out.push_str("<br>\n");
            }
            out.push_str(&escape(line));
        }
        out.push_str("</p>\n");
    };
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(line.trim_end());
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A plausible address: one `@`, something before it, a domain of dot-separated labels (at least
/// two) of letters, digits and `-`; no spaces or control characters. Not RFC 5322: a typo check.
pub fn valid_email(s: &str) -> bool {
    if s.chars().count() > MAX_EMAIL_CHARS || s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || domain.contains('@') {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// An article id: 1 to 200 characters after trimming, no control characters.
fn check_post(raw: &str) -> Result<String, String> {
    let post = raw.trim();
    let n = post.chars().count();
    if n == 0 || n > MAX_POST_CHARS {
        return Err(format!(
            "post must be the article id, 1 to {MAX_POST_CHARS} characters"
        ));
    }
    if post.chars().any(char::is_control) {
        return Err("post must not contain control characters".into());
    }
    Ok(post.to_string())
}

/// The body of `POST /api/comments`. Missing text fields read as empty (and are then refused by
/// name); unknown fields are ignored, as WordPress does.
#[derive(Debug, Deserialize)]
struct CommentBody {
    #[serde(default)]
    post: String,
    #[serde(default)]
    parent: i64,
    #[serde(default)]
    author_name: String,
    #[serde(default)]
    author_email: String,
    #[serde(default)]
    content: String,
    /// The honeypot: a field people never see, that form-filling bots fill.
    #[serde(default)]
    website: Option<String>,
}

/// Checks every field; either all of them are good, or every bad one is named.
fn validate(b: CommentBody) -> Result<(NewComment, bool), WpError> {
    let mut bad: Vec<(&'static str, String)> = Vec::new();
    let post = check_post(&b.post).unwrap_or_else(|why| {
        bad.push(("post", why));
        String::new()
    });
    if b.parent < 0 {
        bad.push((
            "parent",
            "parent must be 0 or the id of an approved comment on the same post".into(),
        ));
    }
    let author_name = b.author_name.trim().to_string();
    let n = author_name.chars().count();
    if n == 0 || n > MAX_AUTHOR_CHARS {
        bad.push((
            "author_name",
            format!("author_name must be 1 to {MAX_AUTHOR_CHARS} characters"),
        ));
    } else if author_name.chars().any(char::is_control) {
        bad.push((
            "author_name",
            "author_name must not contain control characters".into(),
        ));
    }
    let author_email = b.author_email.trim().to_string();
    if !valid_email(&author_email) {
        bad.push((
            "author_email",
            format!("author_email must be a valid email address of at most {MAX_EMAIL_CHARS} characters"),
        ));
    }
    // Line breaks are kept as \n only, so that what is stored (and compared for duplicates) does
    // not depend on the sender's platform.
    let content = b.content.replace("\r\n", "\n").replace('\r', "\n");
    let content = content.trim().to_string();
    let n = content.chars().count();
    if n == 0 || n > MAX_CONTENT_CHARS {
        bad.push((
            "content",
            format!("content must be 1 to {MAX_CONTENT_CHARS} characters"),
        ));
    } else if content
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        bad.push((
            "content",
            "content must not contain control characters".into(),
        ));
    }
    if !bad.is_empty() {
        return Err(WpError::invalid_params(bad));
    }
    let honeypot = b.website.is_some_and(|w| !w.trim().is_empty());
    Ok((
        NewComment {
            post,
            parent: b.parent.max(0) as u64,
            author_name,
            author_email,
            content,
            status: CommentStatus::Hold,
            created_ms: 0,
        },
        honeypot,
    ))
}

/// Reads the body of a new comment: JSON, at most [`MAX_COMMENT_BODY_BYTES`].
async fn read_comment_body(req: Request) -> Result<CommentBody, WpError> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        // Only JSON: it is also what makes a browser ask (CORS preflight) before another site's
        // page can post here; a form or a text/plain POST could be sent from anywhere.
        return Err(WpError::invalid_json(
            "The body must be JSON, sent as Content-Type: application/json.",
        ));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_COMMENT_BODY_BYTES as u64) {
        if !expects_continue(req.headers()) {
            discard(req.into_body(), 0).await;
        }
        return Err(WpError::payload_too_large());
    }
    let mut data = req.into_body().into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = data.next().await {
        let chunk = chunk.map_err(|_| WpError::invalid_json("The body could not be read."))?;
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_COMMENT_BODY_BYTES {
            // Read the rest (bounded) so the client gets the answer, not a reset.
            discard(Body::from_stream(data), bytes.len()).await;
            return Err(WpError::payload_too_large());
        }
    }
    // serde would also read a struct from an array; the contract is an object.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(WpError::invalid_json("The body must be a JSON object."));
    }
    serde_json::from_slice::<CommentBody>(&bytes).map_err(|e| {
        WpError::invalid_json(match e.classify() {
            serde_json::error::Category::Data => format!("Wrong field in the body: {e}"),
            _ => format!("Malformed JSON: {e}"),
        })
    })
}

/// `POST /api/comments`.
pub async fn create<S: Store>(
    State(st): State<AppState<S>>,
    client: Option<Extension<ClientIp>>,
    req: Request,
) -> Result<Response, WpError> {
    let (mut new, honeypot) = validate(read_comment_body(req).await?)?;
    // Counted after validation, so that a person correcting a typo does not use up their
    // allowance; a bot's honeypot posts count like real ones.
    if let Some(limiter) = &st.comments_limiter {
        let ip = client.map_or(IpAddr::from([0, 0, 0, 0]), |Extension(ClientIp(ip))| ip);
        if let Err(wait) = limiter.check(ip) {
            return Err(WpError::rate_limited(wait.as_secs() + 1));
        }
    }
    let now = st.time.now();
    new.created_ms = now.ms;
    let tz = st.time.tz();
    if honeypot {
        // Answered as a held comment (with the id the next one will get), so the bot learns
        // nothing; nothing is stored.
        let id = st.store.next_comment_id().await?;
        let fake = Comment {
            id,
            post: new.post,
            parent: new.parent,
            author_name: new.author_name,
            author_email: new.author_email,
            content: new.content,
            status: CommentStatus::Hold,
            created_ms: new.created_ms,
        };
        return Ok(json_response(
            StatusCode::CREATED,
            &comment_json(fake, tz, Audience::Public),
        ));
    }
    if st.comments_auto_approve {
        new.status = CommentStatus::Approved;
    }
    match st.store.add_comment(&new).await? {
        AddComment::Added(c) => Ok(json_response(
            StatusCode::CREATED,
            &comment_json(c, tz, Audience::Public),
        )),
        AddComment::Duplicate => Err(WpError::new(
            StatusCode::CONFLICT,
            "comment_duplicate",
            "Duplicate comment detected; it looks as though you have already said that!",
        )),
        AddComment::BadParent => Err(WpError::invalid_params(vec![(
            "parent",
            "parent must be 0 or the id of an approved comment on the same post".into(),
        )])),
        AddComment::QueueFull => Err(WpError {
            retry_after: Some(600),
            ..WpError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "comment_queue_full",
                "Too many comments are waiting for moderation; try again later.",
            )
        }),
    }
}

/// `page` and `per_page` (and `post`, where asked for) of a list request.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListQuery {
    post: Option<String>,
    page: u64,
    per_page: u64,
}

fn parse_list_query(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
    needs_post: bool,
) -> Result<ListQuery, WpError> {
    let Ok(Query(pairs)) = q else {
        return Err(WpError::invalid_params(vec![(
            "query",
            "the query string could not be read".into(),
        )]));
    };
    // A repeated parameter: the last one counts (as in PHP, so as in WordPress).
    let last = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut bad: Vec<(&'static str, String)> = Vec::new();
    let mut number = |name: &'static str, default: u64, max: u64| -> u64 {
        match last(name) {
            None => default,
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n) if (1..=max).contains(&n) => n,
                _ => {
                    bad.push((
                        name,
                        if max == u64::MAX {
                            format!("{name} must be a whole number of at least 1")
                        } else {
                            format!("{name} must be a whole number from 1 to {max}")
                        },
                    ));
                    default
                }
            },
        }
    };
    let page = number("page", 1, u64::MAX);
    let per_page = number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
    let post = if needs_post {
        match last("post").map(check_post) {
            Some(Ok(p)) => Some(p),
            Some(Err(why)) => {
                bad.insert(0, ("post", why));
                None
            }
            None => {
                bad.insert(
                    0,
                    (
                        "post",
                        format!(
                            "post (the article id, 1 to {MAX_POST_CHARS} characters) is required"
                        ),
                    ),
                );
                None
            }
        }
    } else {
        None
    };
    if !bad.is_empty() {
        return Err(WpError::invalid_params(bad));
    }
    Ok(ListQuery {
        post,
        page,
        per_page,
    })
}

/// A page of comments with WordPress's `X-WP-Total` and `X-WP-TotalPages`; a page past the last
/// (of a list that has any) is a 400, as in WordPress.
fn list_response(
    page: crate::store::CommentPage,
    q: &ListQuery,
    tz: Tz,
    audience: Audience,
) -> Result<Response, WpError> {
    let pages = page.total.div_ceil(q.per_page);
    if page.total > 0 && q.page > pages {
        return Err(WpError::new(
            StatusCode::BAD_REQUEST,
            "rest_comment_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        ));
    }
    let items: Vec<CommentJson> = page
        .comments
        .into_iter()
        .map(|c| comment_json(c, tz, audience))
        .collect();
    let mut resp = json_response(StatusCode::OK, &items);
    let h = resp.headers_mut();
    h.insert(
        HeaderName::from_static("x-wp-total"),
        HeaderValue::from(page.total),
    );
    h.insert(
        HeaderName::from_static("x-wp-totalpages"),
        HeaderValue::from(pages),
    );
    Ok(resp)
}

fn offset(q: &ListQuery) -> u64 {
    (q.page - 1).saturating_mul(q.per_page)
}

/// `GET /api/comments?post=…&page=…&per_page=…`.
pub async fn list<S: Store>(
    State(st): State<AppState<S>>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, WpError> {
    let q = parse_list_query(q, true)?;
    let post = q.post.as_deref().unwrap_or_default();
    let page = st
        .store
        .approved_comments(post, offset(&q), q.per_page)
        .await?;
    list_response(page, &q, st.time.tz(), Audience::Public)
}

/// `Some(refusal)` unless the request carries the operator token. Without a configured token
/// moderation is off: every request is refused, none is let through.
fn moderator_refusal<S: Store>(st: &AppState<S>, headers: &HeaderMap) -> Option<WpError> {
    let Some(token) = st.admin_token.as_deref() else {
        return Some(WpError::new(
            StatusCode::UNAUTHORIZED,
            "rest_forbidden",
            "Comment moderation is off: start the server with --admin-token.",
        ));
    };
    if has_token(headers, token) {
        return None;
    }
    Some(WpError::new(
        StatusCode::UNAUTHORIZED,
        "rest_forbidden",
        "Moderation needs the operator token: Authorization: Bearer <token>.",
    ))
}

/// `GET /api/comments/pending`: held comments, newest first, with their emails.
pub async fn pending<S: Store>(
    State(st): State<AppState<S>>,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, WpError> {
    if let Some(refused) = moderator_refusal(&st, &headers) {
        return Err(refused);
    }
    let q = parse_list_query(q, false)?;
    let page = st.store.pending_comments(offset(&q), q.per_page).await?;
    list_response(page, &q, st.time.tz(), Audience::Moderator)
}

/// The id of `/api/comments/{id}` (anything else names no comment).
fn comment_id(p: Result<Path<String>, PathRejection>) -> Result<u64, WpError> {
    let Ok(Path(raw)) = p else {
        return Err(WpError::not_found());
    };
    // Digits only: u64's parser would also take "+12".
    if raw.is_empty() || raw.len() > 20 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WpError::not_found());
    }
    raw.parse::<u64>()
        .ok()
        .filter(|&id| id > 0)
        .ok_or_else(WpError::not_found)
}

/// `POST /api/comments/{id}/approve`.
pub async fn approve<S: Store>(
    State(st): State<AppState<S>>,
    headers: HeaderMap,
    p: Result<Path<String>, PathRejection>,
) -> Result<Response, WpError> {
    if let Some(refused) = moderator_refusal(&st, &headers) {
        return Err(refused);
    }
    let id = comment_id(p)?;
    match st.store.approve_comment(id).await? {
        Some(c) => Ok(json_response(
            StatusCode::OK,
            &comment_json(c, st.time.tz(), Audience::Moderator),
        )),
        None => Err(WpError::not_found()),
    }
}

/// `DELETE /api/comments/{id}`: gone for good (its replies move up a level).
pub async fn delete<S: Store>(
    State(st): State<AppState<S>>,
    headers: HeaderMap,
    p: Result<Path<String>, PathRejection>,
) -> Result<Response, WpError> {
    if let Some(refused) = moderator_refusal(&st, &headers) {
        return Err(refused);
    }
    let id = comment_id(p)?;
    if st.store.delete_comment(id).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(WpError::not_found())
    }
}

/// `GET /api/comments/moderate`: the moderator page. It holds no data; its script asks for the
/// token and calls the routes above.
pub async fn moderate_page() -> Response {
    let mut resp = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        MODERATE_HTML,
    )
        .into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(MODERATE_CSP),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// `GET /api/comments/moderate.js`.
pub async fn moderate_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        MODERATE_JS,
    )
        .into_response()
}

/// `GET /api/comments/moderate.css`.
pub async fn moderate_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        MODERATE_CSS,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_escaped_into_paragraphs() {
        assert_eq!(render_content("xin chào"), "<p>xin chào</p>\n");
        assert_eq!(
            render_content("a\nb\n\n\n  \nc & <d>\r\ne \"f\" 'g'"),
            "<p>a<br>\nb</p>\n<p>c &amp; &lt;d&gt;<br>\ne &quot;f&quot; &#39;g&#39;</p>\n"
        );
        assert_eq!(
            render_content("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
        assert_eq!(render_content(""), "");
    }

    #[test]
    fn emails() {
        for ok in [
            "a@b.vn",
            "nguyen.van.a+tin@example.com.vn",
            "x@mail-1.example",
            "người@ví-dụ.việtnam",
        ] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.vn", "a@@b.vn", "a@b@c.vn", "a b@c.vn", "a@b .vn", "a@.vn", "a@b.",
            "a@b..vn", "a@-b.vn", "a@b.vn\n", "a@<b>.vn",
        ] {
            assert!(!valid_email(bad), "{bad:?}");
        }
        let long = format!("{}@b.vn", "a".repeat(MAX_EMAIL_CHARS - 4));
        assert!(!valid_email(&long));
        assert!(valid_email(&long[1..]));
    }

    #[test]
    fn dates_in_the_site_zone_and_utc() {
        // 2026-12-06 03:00:00 UTC = 10:00 in Ho Chi Minh City.
        let ms = DateTime::parse_from_rfc3339("2026-12-06T03:00:00.999Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(
            wp_dates(ms, chrono_tz::Asia::Ho_Chi_Minh),
            (
                "2026-12-06T10:00:00".to_string(),
                "2026-12-06T03:00:00".to_string()
            )
        );
    }

    #[test]
    fn json_has_no_markup_in_its_bytes() {
        let resp = json_response(StatusCode::OK, &serde_json::json!({"a": "<b>&</b>"}));
        let (_, body) = resp.into_parts();
        let bytes = read_body(body);
        assert_eq!(bytes, r#"{"a":"\u003cb\u003e\u0026\u003c/b\u003e"}"#);
        let back: serde_json::Value = serde_json::from_str(&bytes).unwrap();
        assert_eq!(back["a"], "<b>&</b>");
    }

    /// Reads a body that is already complete (a string).
    fn read_body(body: Body) -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            String::from_utf8(bytes.to_vec()).unwrap()
        })
    }
}
