//! The HTTP API: input validation, the bot filter, the live SSE stream and the ads report.

use std::collections::HashSet;
use std::convert::Infallible;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, FromRequest, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use futures_util::{Stream, StreamExt as _};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::app::AppState;
use crate::conn::{OpenGuard, Refusal};
use crate::store::{Activity, AdCount, AdEventKind, Stats, Store, StoreError};

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 4096;
/// Longest accepted path, in bytes.
pub const MAX_PATH_BYTES: usize = 512;
/// Longest accepted slot or creative name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// An oversized body is read (and thrown away) up to this much before the answer, so the client
/// reads the 400 instead of a connection reset (a lingering close, as nginx does).
pub const DRAIN_MAX_BYTES: usize = 8 * 1024 * 1024;
/// ... and for at most this long.
pub const DRAIN_MAX_TIME: Duration = Duration::from_secs(5);

/// The client address a request is counted for (the socket's, or the trusted `X-Forwarded-For`
/// entry); set by the app's client middleware.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// Reads and discards what is left of a body, up to [`DRAIN_MAX_BYTES`] and [`DRAIN_MAX_TIME`].
pub async fn discard(body: Body, already: usize) {
    let mut data = body.into_data_stream();
    let mut read = already;
    let deadline = tokio::time::sleep(DRAIN_MAX_TIME);
    tokio::pin!(deadline);
    while read <= DRAIN_MAX_BYTES {
        tokio::select! {
            chunk = data.next() => match chunk {
                Some(Ok(b)) => read += b.len(),
                _ => break,
            },
            _ = &mut deadline => break,
        }
    }
}

/// Whether the client waits for `100 Continue` before sending its body (then it sent none).
pub fn expects_continue(headers: &HeaderMap) -> bool {
    headers
        .get(header::EXPECT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
}

/// A JSON error answer: `{"error": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    pub fn not_found() -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message: "no such API endpoint".into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        eprintln!("bantin-server: store error: {e}");
        Self {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: "counter store unavailable".into(),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: &self.message,
            }),
        )
            .into_response()
    }
}

/// A JSON body, strictly: `application/json` or `text/plain` (what `navigator.sendBeacon` sends for
/// a string), at most [`MAX_BODY_BYTES`], parsed into `T` (which should deny unknown fields).
/// Every failure is a 400 with a JSON error.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

fn content_type_ok(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json") || essence.eq_ignore_ascii_case("text/plain")
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        if !content_type_ok(req.headers()) {
            return Err(ApiError::bad_request(
                "content type must be application/json or text/plain",
            ));
        }
        let too_big =
            || ApiError::bad_request(format!("body too large (max {MAX_BODY_BYTES} bytes)"));
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            if !expects_continue(req.headers()) {
                discard(req.into_body(), 0).await;
            }
            return Err(too_big());
        }
        let mut data = req.into_body().into_data_stream();
        let mut bytes = Vec::new();
        while let Some(chunk) = data.next().await {
            let chunk = chunk.map_err(|_| ApiError::bad_request("the body could not be read"))?;
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_BODY_BYTES {
                discard(Body::from_stream(data), bytes.len()).await;
                return Err(too_big());
            }
        }
        match serde_json::from_slice::<T>(&bytes) {
            Ok(v) => Ok(ApiJson(v)),
            Err(e) => Err(ApiError::bad_request(match e.classify() {
                serde_json::error::Category::Data => format!("invalid fields: {e}"),
                _ => format!("malformed JSON: {e}"),
            })),
        }
    }
}

/// Body of a hit or heartbeat.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beacon {
    pub visitor: String,
    pub path: String,
}

/// Body of an ad event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdEventBody {
    pub slot: String,
    pub creative: String,
    pub event: AdEventKind,
    #[serde(default)]
    pub path: Option<String>,
}

/// Query of `GET /api/stats/views`.
#[derive(Debug, Deserialize)]
pub struct ViewsQuery {
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct ViewsAnswer {
    pub path: String,
    pub views: u64,
}

/// Which pages may send counts: the configured `--cors-origin`s and the server's own origin.
///
/// A browser says where a request comes from (`Origin`, and `Sec-Fetch-Site` in current ones); a
/// page on another site that makes its visitors' browsers send hits is refused. A request with
/// neither header (not from a browser page) is let through: it could forge them anyway, and the
/// rate limit is what bounds it.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    any: bool,
    allowed: Vec<String>,
}

fn default_port(scheme: &str) -> &'static str {
    if scheme.eq_ignore_ascii_case("https") {
        ":443"
    } else {
        ":80"
    }
}

/// `host[:port]` without the scheme's default port, lowercased.
fn normal_authority(authority: &str, scheme: &str) -> String {
    let a = authority.to_ascii_lowercase();
    match a.strip_suffix(default_port(scheme)) {
        Some(bare) => bare.to_string(),
        None => a,
    }
}

impl OriginPolicy {
    pub fn new(cors_origins: &[String]) -> Self {
        Self {
            any: cors_origins.iter().any(|o| o == "*"),
            allowed: cors_origins
                .iter()
                .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
                .collect(),
        }
    }

    /// Whether a counting request with these headers, sent to `host`, may be counted.
    pub fn allows(&self, headers: &HeaderMap, host: Option<&str>) -> bool {
        if self.any {
            return true;
        }
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let site = text("sec-fetch-site").map(str::to_ascii_lowercase);
        let Some(origin) = text("origin").map(|o| o.trim().to_ascii_lowercase()) else {
            // No Origin: not a cross-site browser request (browsers send Origin on every POST),
            // unless the browser says otherwise.
            return !matches!(site.as_deref(), Some("cross-site" | "same-site"));
        };
        if self.allowed.contains(&origin) {
            return true;
        }
        match site.as_deref() {
            Some("same-origin") => return true,
            Some("cross-site" | "same-site") => return false,
            _ => {}
        }
        // An older browser: compare the Origin with the Host it was sent to.
        let Some((scheme, authority)) = origin.split_once("://") else {
            return false;
        };
        host.is_some_and(|h| normal_authority(h, scheme) == normal_authority(authority, scheme))
    }
}

fn forbidden_origin() -> ApiError {
    ApiError {
        status: StatusCode::FORBIDDEN,
        message: "requests from this origin are not counted".into(),
    }
}

fn request_host<'a>(headers: &'a HeaderMap, uri: &'a Uri) -> Option<&'a str> {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
}

/// The ad slots and creatives that config.json declares (only those are counted), re-read when
/// the file changes (checked at most once a second).
#[derive(Debug)]
pub struct AdCatalog {
    path: PathBuf,
    cache: Mutex<CatalogCache>,
}

#[derive(Debug, Default)]
struct CatalogCache {
    checked: Option<Instant>,
    stamp: Option<(SystemTime, u64)>,
    names: Arc<HashSet<(String, String)>>,
}

/// Most (slot, creative) pairs taken from one config.json.
pub const MAX_DECLARED_CREATIVES: usize = 1000;

/// The (slot id, creative name) pairs of a config.json: each image creative by its `image`, an
/// iframe slot by its `iframe` URL — the names the app sends in its beacons.
pub fn declared_ads(config: &serde_json::Value) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    let slots = config
        .get("ads")
        .and_then(|a| a.get("slots"))
        .and_then(|s| s.as_array());
    let trimmed = |v: Option<&serde_json::Value>| {
        v.and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    for slot in slots.into_iter().flatten() {
        let Some(id) = trimmed(slot.get("id")) else {
            continue;
        };
        if let Some(url) = trimmed(slot.get("iframe")) {
            out.insert((id.clone(), url));
        }
        let creatives = slot.get("creatives").and_then(|c| c.as_array());
        for c in creatives.into_iter().flatten() {
            if out.len() >= MAX_DECLARED_CREATIVES {
                return out;
            }
            if let Some(image) = trimmed(c.get("image")) {
                out.insert((id.clone(), image));
            }
        }
    }
    out
}

impl AdCatalog {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            cache: Mutex::new(CatalogCache::default()),
        }
    }

    fn current(&self) -> Arc<HashSet<(String, String)>> {
        let mut c = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if c.checked
            .is_some_and(|t| now.duration_since(t) < Duration::from_secs(1))
        {
            return c.names.clone();
        }
        c.checked = Some(now);
        let stamp = std::fs::metadata(&self.path)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()));
        if stamp != c.stamp {
            c.stamp = stamp;
            c.names = Arc::new(match std::fs::read(&self.path) {
                Ok(bytes) => match serde_json::from_slice::<serde_json::Value>(&bytes) {
                    Ok(v) => declared_ads(&v),
                    Err(e) => {
                        eprintln!(
                            "bantin-server: {} is not JSON ({e}); no ad events are counted",
                            self.path.display()
                        );
                        HashSet::new()
                    }
                },
                Err(_) => HashSet::new(),
            });
        }
        c.names.clone()
    }

    /// Whether config.json declares this creative in this slot.
    pub fn declares(&self, slot: &str, creative: &str) -> bool {
        self.current()
            .contains(&(slot.to_string(), creative.to_string()))
    }
}

/// Constant-time comparison (the token must not leak through timing).
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the request carries the operator token: `Authorization: Bearer TOKEN`, or HTTP Basic
/// with the token as the password (what a browser asks for on the report page).
pub fn has_token(headers: &HeaderMap, token: &str) -> bool {
    use base64::Engine as _;
    let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((kind, value)) = auth.trim().split_once(' ') else {
        return false;
    };
    if kind.eq_ignore_ascii_case("bearer") {
        return same_secret(value.trim().as_bytes(), token.as_bytes());
    }
    if kind.eq_ignore_ascii_case("basic") {
        let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(value.trim()) else {
            return false;
        };
        let password = match decoded.iter().position(|&b| b == b':') {
            Some(i) => &decoded[i + 1..],
            None => &decoded[..],
        };
        return same_secret(password, token.as_bytes());
    }
    false
}

/// `None` when the request may read operator pages, else the refusal to send.
fn operator_refusal<S: Store>(st: &AppState<S>, headers: &HeaderMap) -> Option<Response> {
    let Some(token) = st.admin_token.as_deref() else {
        return Some(
            ApiError {
                status: StatusCode::FORBIDDEN,
                message: "the ads report is off: start the server with --admin-token".into(),
            }
            .into_response(),
        );
    };
    if has_token(headers, token) {
        return None;
    }
    let mut resp = ApiError {
        status: StatusCode::UNAUTHORIZED,
        message: "the ads report needs the operator token".into(),
    }
    .into_response();
    resp.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"bantin operator\", charset=\"UTF-8\""),
    );
    Some(resp)
}

/// A visitor id: 8 to 64 characters of `[A-Za-z0-9_-]`.
pub fn valid_visitor(v: &str) -> bool {
    (8..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A path: starts with `/`, at most [`MAX_PATH_BYTES`] bytes, no control characters.
pub fn check_path(p: &str) -> Result<(), ApiError> {
    if !p.starts_with('/') {
        return Err(ApiError::bad_request("path must start with /"));
    }
    if p.len() > MAX_PATH_BYTES {
        return Err(ApiError::bad_request(format!(
            "path too long (max {MAX_PATH_BYTES} bytes)"
        )));
    }
    if p.chars().any(char::is_control) {
        return Err(ApiError::bad_request("path contains control characters"));
    }
    Ok(())
}

fn check_name(what: &str, v: &str) -> Result<(), ApiError> {
    if v.trim().is_empty() {
        return Err(ApiError::bad_request(format!("{what} must not be empty")));
    }
    if v.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::bad_request(format!(
            "{what} too long (max {MAX_NAME_CHARS} characters)"
        )));
    }
    if v.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!(
            "{what} contains control characters"
        )));
    }
    Ok(())
}

fn check_beacon(b: &Beacon) -> Result<(), ApiError> {
    if !valid_visitor(&b.visitor) {
        return Err(ApiError::bad_request(
            "visitor must be 8 to 64 characters of A-Z a-z 0-9 _ -",
        ));
    }
    check_path(&b.path)
}

/// Whether a User-Agent belongs to a crawler or an audit tool (not counted as a visitor).
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    // "bot" alone would also match some phone models (e.g. "CUBOT X19").
    let bot_word = ua
        .match_indices("bot")
        .any(|(i, _)| !ua[..i].ends_with("cu"));
    bot_word
        || ["crawler", "spider", "headlesschrome", "lighthouse"]
            .iter()
            .any(|w| ua.contains(w))
}

fn user_agent_is_bot(headers: &HeaderMap) -> bool {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_bot)
}

async fn record<S: Store>(
    st: &AppState<S>,
    headers: &HeaderMap,
    uri: &Uri,
    b: &Beacon,
    activity: Activity,
) -> Result<StatusCode, ApiError> {
    if !st.origins.allows(headers, request_host(headers, uri)) {
        return Err(forbidden_origin());
    }
    check_beacon(b)?;
    let now = st.time.now();
    if user_agent_is_bot(headers) {
        if activity == Activity::Hit {
            st.store.record_bot(&now).await?;
        }
    } else {
        st.store.record(&b.visitor, &b.path, activity, &now).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/stats/hit`: a page view.
pub async fn hit<S: Store>(
    State(st): State<AppState<S>>,
    headers: HeaderMap,
    uri: Uri,
    ApiJson(b): ApiJson<Beacon>,
) -> Result<StatusCode, ApiError> {
    record(&st, &headers, &uri, &b, Activity::Hit).await
}

/// `POST /api/stats/heartbeat`: still here.
pub async fn heartbeat<S: Store>(
    State(st): State<AppState<S>>,
    headers: HeaderMap,
    uri: Uri,
    ApiJson(b): ApiJson<Beacon>,
) -> Result<StatusCode, ApiError> {
    record(&st, &headers, &uri, &b, Activity::Heartbeat).await
}

/// `GET /api/stats`.
pub async fn stats<S: Store>(State(st): State<AppState<S>>) -> Result<Json<Stats>, ApiError> {
    Ok(Json(st.store.stats(&st.time.now()).await?))
}

/// `GET /api/stats/bots`: crawler hits, counted apart.
pub async fn bots<S: Store>(
    State(st): State<AppState<S>>,
) -> Result<Json<crate::store::BotStats>, ApiError> {
    Ok(Json(st.store.bot_stats(&st.time.now()).await?))
}

/// `GET /api/stats/views?path=/bai/x`.
pub async fn views<S: Store>(
    State(st): State<AppState<S>>,
    q: Result<Query<ViewsQuery>, QueryRejection>,
) -> Result<Json<ViewsAnswer>, ApiError> {
    let Query(q) = q.map_err(|_| ApiError::bad_request("query must be ?path=/some/path"))?;
    check_path(&q.path)?;
    let views = st.store.views(&q.path).await?;
    Ok(Json(ViewsAnswer {
        path: q.path,
        views,
    }))
}

fn stats_event(s: &Stats) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("stats")
        .data(serde_json::to_string(s).unwrap_or_default()))
}

struct LiveState {
    first: Option<Stats>,
    last: Option<Stats>,
    live: watch::Receiver<Option<Stats>>,
    shutdown: watch::Receiver<bool>,
    /// This stream's place among the open ones; freed when the stream ends or the client goes.
    _place: OpenGuard,
}

/// `GET /api/stats/stream`: SSE, event `stats`; the current figures at once, then each change as
/// the live task publishes it (at most once a second, never the same figures twice in a row); a
/// keep-alive comment every 15 s; ends on server shutdown.
///
/// Beyond the caps on open streams: `429` (this client holds its maximum) or `503` (the server
/// does), with `Retry-After`; the app then polls `GET /api/stats` instead.
pub async fn stream<S: Store>(
    State(st): State<AppState<S>>,
    client: Option<Extension<ClientIp>>,
) -> Response {
    let ip = client.map_or(IpAddr::from([0, 0, 0, 0]), |Extension(ClientIp(ip))| ip);
    let place = match st.streams.acquire(ip) {
        Ok(p) => p,
        Err(why) => {
            let (status, message) = match why {
                Refusal::PerClient => (
                    StatusCode::TOO_MANY_REQUESTS,
                    "too many open streams from your address; poll /api/stats",
                ),
                Refusal::Total => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "too many open streams; poll /api/stats",
                ),
            };
            let mut resp = ApiError {
                status,
                message: message.into(),
            }
            .into_response();
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            return resp;
        }
    };
    let mut live = st.live.clone();
    let published = *live.borrow_and_update();
    // The first event is fresh (the published figures may be up to one interval old).
    let first = match st.store.stats(&st.time.now()).await {
        Ok(s) => Some(s),
        Err(_) => published,
    };
    let state = LiveState {
        first,
        last: None,
        live,
        shutdown: st.shutdown.clone(),
        _place: place,
    };
    let events = futures_util::stream::unfold(state, |mut s| async move {
        if let Some(f) = s.first.take() {
            s.last = Some(f);
            return Some((stats_event(&f), s));
        }
        loop {
            let changed = tokio::select! {
                changed = s.live.changed() => changed.is_ok(),
                _ = s.shutdown.wait_for(|&down| down) => false,
            };
            if !changed {
                return None;
            }
            let v = *s.live.borrow_and_update();
            if let Some(v) = v {
                if s.last != Some(v) {
                    s.last = Some(v);
                    return Some((stats_event(&v), s));
                }
            }
        }
    });
    sse_response(events)
}

fn sse_response(
    events: impl Stream<Item = Result<Event, Infallible>> + Send + 'static,
) -> Response {
    let mut resp = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    // Tell buffering proxies (nginx) to pass events through at once.
    resp.headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    resp
}

/// `POST /api/ads/event`: an ad impression or click.
pub async fn ad_event<S: Store>(
    State(st): State<AppState<S>>,
    headers: HeaderMap,
    uri: Uri,
    ApiJson(b): ApiJson<AdEventBody>,
) -> Result<StatusCode, ApiError> {
    if !st.origins.allows(&headers, request_host(&headers, &uri)) {
        return Err(forbidden_origin());
    }
    check_name("slot", &b.slot)?;
    check_name("creative", &b.creative)?;
    if let Some(p) = &b.path {
        check_path(p)?;
    }
    if !st.ads.declares(&b.slot, &b.creative) {
        return Err(ApiError::bad_request(
            "no such slot and creative in config.json",
        ));
    }
    if !user_agent_is_bot(&headers) {
        st.store.ad_event(&b.slot, &b.creative, b.event).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct CreativeReport {
    pub creative: String,
    pub impressions: u64,
    pub clicks: u64,
    pub ctr: f64,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct SlotReport {
    pub slot: String,
    pub creatives: Vec<CreativeReport>,
    pub impressions: u64,
    pub clicks: u64,
    pub ctr: f64,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct AdsReport {
    pub slots: Vec<SlotReport>,
}

/// Click-through rate, rounded to 4 decimals (0 without impressions).
pub fn ctr(impressions: u64, clicks: u64) -> f64 {
    if impressions == 0 {
        0.0
    } else {
        (clicks as f64 / impressions as f64 * 10_000.0).round() / 10_000.0
    }
}

/// Groups counts (sorted by slot, then creative) into the report.
pub fn build_report(counts: Vec<AdCount>) -> AdsReport {
    let mut slots: Vec<SlotReport> = Vec::new();
    for c in counts {
        if slots.last().is_none_or(|s| s.slot != c.slot) {
            slots.push(SlotReport {
                slot: c.slot.clone(),
                creatives: Vec::new(),
                impressions: 0,
                clicks: 0,
                ctr: 0.0,
            });
        }
        let Some(slot) = slots.last_mut() else {
            continue;
        };
        slot.impressions += c.impressions;
        slot.clicks += c.clicks;
        slot.creatives.push(CreativeReport {
            ctr: ctr(c.impressions, c.clicks),
            creative: c.creative,
            impressions: c.impressions,
            clicks: c.clicks,
        });
    }
    for s in &mut slots {
        s.ctr = ctr(s.impressions, s.clicks);
    }
    AdsReport { slots }
}

/// `GET /api/ads/report`.
pub async fn ads_report<S: Store>(State(st): State<AppState<S>>, headers: HeaderMap) -> Response {
    if let Some(refused) = operator_refusal(&st, &headers) {
        return refused;
    }
    match st.store.ad_counts().await {
        Ok(counts) => Json(build_report(counts)).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// The report page's own policy: no script, nothing loaded, never framed.
pub const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; \
form-action 'none'; frame-ancestors 'none'";

/// HTML-escapes text (`& < > " '`).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn fmt_count(n: u64) -> String {
    // Vietnamese grouping: 1.234.567
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

fn fmt_ctr(ctr: f64) -> String {
    format!("{:.2}%", ctr * 100.0).replace('.', ",")
}

/// `GET /api/ads/report.html`: the same report as a page for the operator.
pub async fn ads_report_html<S: Store>(
    State(st): State<AppState<S>>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = operator_refusal(&st, &headers) {
        return refused;
    }
    let counts = match st.store.ad_counts().await {
        Ok(c) => c,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut resp = report_page(build_report(counts)).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(REPORT_CSP),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    resp
}

fn report_page(report: AdsReport) -> Html<String> {
    let mut rows = String::new();
    for s in &report.slots {
        rows.push_str(&format!(
            "<tr class=slot><th scope=row>{}</th><td></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&s.slot),
            fmt_count(s.impressions),
            fmt_count(s.clicks),
            fmt_ctr(s.ctr)
        ));
        for c in &s.creatives {
            rows.push_str(&format!(
                "<tr><td></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&c.creative),
                fmt_count(c.impressions),
                fmt_count(c.clicks),
                fmt_ctr(c.ctr)
            ));
        }
    }
    if report.slots.is_empty() {
        rows.push_str("<tr><td colspan=5>Chưa có dữ liệu (no data yet)</td></tr>\n");
    }
    Html(format!(
        "<!doctype html>\n<html lang=vi><head><meta charset=utf-8>\
<meta name=viewport content=\"width=device-width,initial-scale=1\">\
<title>Báo cáo quảng cáo — bantin</title>\
<style>body{{font:15px/1.4 system-ui,sans-serif;margin:2rem;color:#222}}\
table{{border-collapse:collapse}}th,td{{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}}\
td:nth-child(n+3),th:nth-child(n+3){{text-align:right}}tr.slot{{background:#f4f4f4}}</style></head>\
<body><h1>Báo cáo quảng cáo <small>(ads report)</small></h1>\
<table><thead><tr><th>Vị trí (slot)</th><th>Mẫu (creative)</th><th>Lượt hiển thị</th>\
<th>Lượt nhấp</th><th>CTR</th></tr></thead><tbody>\n{rows}</tbody></table>\
<p><a href=\"/api/ads/report\">JSON</a></p></body></html>\n"
    ))
}

/// Any other `/api/...` path.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitor_ids() {
        assert!(valid_visitor("abcdEF12"));
        assert!(valid_visitor(&"a".repeat(64)));
        assert!(valid_visitor("a1_b2-c3d4"));
        assert!(!valid_visitor("short"));
        assert!(!valid_visitor(&"a".repeat(65)));
        assert!(!valid_visitor("has space1"));
        assert!(!valid_visitor("ünïcödé12"));
    }

    #[test]
    fn paths() {
        assert!(check_path("/").is_ok());
        assert!(check_path("/bai/x%20y").is_ok());
        assert!(check_path("bai").is_err());
        assert!(check_path("").is_err());
        assert!(check_path(&format!("/{}", "a".repeat(511))).is_ok());
        assert!(check_path(&format!("/{}", "a".repeat(512))).is_err());
        assert!(check_path("/a\nb").is_err());
    }

    #[test]
    fn bots() {
        for ua in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
            "Mozilla/5.0 ... Chrome/120 Safari/537.36 Chrome-Lighthouse",
            "Baiduspider",
            "SomeCrawler/1.0",
            "Mozilla/5.0 (Linux; Android 9; CUBOT X19) ... facebookbot",
        ] {
            assert!(is_bot(ua), "{ua}");
        }
        for ua in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 Chrome/120 Mobile",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1",
        ] {
            assert!(!is_bot(ua), "{ua}");
        }
    }

    #[test]
    fn report_groups_and_rates() {
        let c = |s: &str, cr: &str, i, k| AdCount {
            slot: s.into(),
            creative: cr.into(),
            impressions: i,
            clicks: k,
        };
        let r = build_report(vec![
            c("feed", "a.svg", 0, 0),
            c("top", "t1.svg", 300, 3),
            c("top", "t2.svg", 100, 1),
        ]);
        assert_eq!(r.slots.len(), 2);
        assert_eq!(r.slots[0].ctr, 0.0);
        let top = &r.slots[1];
        assert_eq!((top.impressions, top.clicks), (400, 4));
        assert_eq!(top.ctr, 0.01);
        assert_eq!(top.creatives[0].ctr, 0.01);
        assert_eq!(ctr(3, 1), 0.3333);
    }

    #[test]
    fn html_helpers() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(fmt_count(1234567), "1.234.567");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_ctr(0.0123), "1,23%");
    }
}
