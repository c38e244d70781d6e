//! Wiring: the router, the background tasks (flush, live figures, rate-limit cleanup) and the
//! server's life from bind to graceful shutdown.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

use crate::api::{self, AdCatalog, ApiError, ClientIp, OriginPolicy};
use crate::clock::TimeKeeper;
use crate::comments::{self, WpError};
use crate::config::{Config, StoreKind};
use crate::conn::{self, ConnOptions, OpenCounter};
use crate::ratelimit::RateLimiter;
use crate::search::{self, Search, SearchOptions};
use crate::static_files;
use crate::store::{RedisStore, SqliteStore, Stats, Store, StoreLimits};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState<S: Store> {
    pub store: S,
    pub time: TimeKeeper,
    /// The latest figures published by the live task (`None` until its first round).
    pub live: watch::Receiver<Option<Stats>>,
    /// Becomes `true` when the server shuts down (ends SSE streams).
    pub shutdown: watch::Receiver<bool>,
    /// Open event streams, capped per client and in total.
    pub streams: Arc<OpenCounter>,
    /// The ad slots and creatives that may be counted.
    pub ads: Arc<AdCatalog>,
    /// Which pages may send counts.
    pub origins: Arc<OriginPolicy>,
    /// The operator token of the ad report and of comment moderation (`None`: both are off).
    pub admin_token: Option<Arc<str>>,
    /// New comments per client (`None`: no limit).
    pub comments_limiter: Option<Arc<RateLimiter>>,
    /// New comments are approved at once instead of held.
    pub comments_auto_approve: bool,
    /// Full-text search of the feed's archive (`/api/search`).
    pub search: Arc<Search>,
}

/// How the app behaves, apart from the store and the clock.
#[derive(Debug, Clone)]
pub struct Options {
    pub dist: PathBuf,
    pub cors_origins: Vec<String>,
    /// Requests a minute per client on /api; 0 = no limit.
    pub rate_limit: u32,
    /// Proxies in front that append to `X-Forwarded-For` (0: the socket address is the client).
    pub trust_proxy_hops: u32,
    /// Open event streams in total and per client.
    pub max_streams: u32,
    pub max_streams_per_client: u32,
    /// Caps and timeouts of connections (used by [`serve`]).
    pub conn: ConnOptions,
    pub admin_token: Option<String>,
    /// The config.json declaring the ads that are counted (`None`: `dist/config.json`).
    pub ads_config: Option<PathBuf>,
    /// CSP `frame-ancestors` of the app's pages.
    pub frame_ancestors: String,
    /// Share the app's immutable and public files with any origin (CORS `*`), for portals that
    /// load the app from here.
    pub asset_cors: bool,
    /// How often the live task looks at the figures (and so the most often SSE pushes).
    pub live_interval: Duration,
    /// How often the store is flushed. Keep it ≤ 1 s: that is what a crash can lose.
    pub flush_interval: Duration,
    /// New comments are approved at once instead of held for moderation.
    pub comments_auto_approve: bool,
    /// Comments a client may post per `comments_rate_window`; 0 = no limit.
    pub comments_rate_limit: u32,
    pub comments_rate_window: Duration,
    /// The feed `/api/search` indexes, and how often it is re-read.
    pub search: SearchOptions,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            dist: PathBuf::from("dist"),
            cors_origins: Vec::new(),
            rate_limit: 600,
            trust_proxy_hops: 0,
            max_streams: 5_000,
            max_streams_per_client: 100,
            conn: ConnOptions::default(),
            admin_token: None,
            ads_config: None,
            frame_ancestors: "'self'".into(),
            asset_cors: true,
            live_interval: Duration::from_secs(1),
            flush_interval: Duration::from_secs(1),
            comments_auto_approve: false,
            comments_rate_limit: 5,
            comments_rate_window: Duration::from_secs(600),
            search: SearchOptions::default(),
        }
    }
}

impl Options {
    pub fn from_config(c: &Config) -> Self {
        Self {
            dist: c.dist.clone(),
            cors_origins: c.cors_origins.clone(),
            rate_limit: c.rate_limit,
            trust_proxy_hops: c.trust_proxy_hops,
            max_streams: c.max_streams,
            max_streams_per_client: c.max_streams_per_client,
            conn: ConnOptions {
                max_connections: c.max_connections,
                max_connections_per_client: c.max_connections_per_client,
                per_client_by_socket: c.trust_proxy_hops == 0,
                header_read_timeout: Duration::from_secs(c.header_timeout_secs),
                idle_timeout: Duration::from_secs(c.idle_timeout_secs),
            },
            admin_token: c.admin_token.clone(),
            ads_config: c.ads_config.clone(),
            frame_ancestors: c.frame_ancestors.clone(),
            asset_cors: c.asset_cors,
            flush_interval: Duration::from_millis(c.flush_ms),
            comments_auto_approve: c.comments_auto_approve,
            comments_rate_limit: c.comments_rate_limit,
            comments_rate_window: Duration::from_secs(
                c.comments_rate_window_min.saturating_mul(60),
            ),
            search: SearchOptions {
                feed: c.search_feed.clone(),
                max_pages: c.search_max_pages,
                refresh: Duration::from_secs(c.search_refresh_secs),
                index_file: Some(c.data.join("search.sqlite")),
            },
            ..Self::default()
        }
    }
}

#[derive(Clone)]
struct Limits {
    limiter: Option<Arc<RateLimiter>>,
    trust_proxy_hops: u32,
}

/// One `X-Forwarded-For` entry: `ip`, `ip:port`, `[v6]` or `[v6]:port` (proxies differ).
pub fn parse_forwarded_entry(entry: &str) -> Option<IpAddr> {
    let e = entry.trim();
    if let Ok(ip) = e.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = e.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    let inner = e.strip_prefix('[')?;
    let (v6, _) = inner.split_once(']')?;
    v6.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
}

/// The client address: with `hops` trusted proxies, the `hops`-th `X-Forwarded-For` entry from the
/// right (the one the outermost trusted proxy appended; entries further left are the client's
/// word); with 0, or when that entry is missing or unreadable, the socket address. Never stored.
pub fn client_ip(req: &Request, hops: u32) -> IpAddr {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if hops == 0 {
        return peer;
    }
    let entries: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let Some(i) = entries.len().checked_sub(hops as usize) else {
        // Fewer entries than proxies: the leftmost is the nearest we have to the client.
        return entries
            .first()
            .and_then(|e| parse_forwarded_entry(e))
            .unwrap_or(peer);
    };
    entries
        .get(i)
        .and_then(|e| parse_forwarded_entry(e))
        .unwrap_or(peer)
}

async fn rate_limit(State(limits): State<Limits>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(&req, limits.trust_proxy_hops);
    req.extensions_mut().insert(ClientIp(ip));
    if let Some(limiter) = &limits.limiter {
        if req.uri().path().starts_with("/api/") && req.method() != Method::OPTIONS {
            if let Err(wait) = limiter.check(ip) {
                let secs = wait.as_secs() + 1;
                if comments::is_comments_path(req.uri().path()) {
                    // The comments API answers in WordPress's shape, for the app's WP client.
                    return WpError::rate_limited(secs).into_response();
                }
                let mut resp = ApiError {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    message: "too many requests; slow down".into(),
                }
                .into_response();
                if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                    resp.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return resp;
            }
        }
    }
    next.run(req).await
}

/// Longest accepted query string on `/api`, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;

/// Bounds on every request: a declared body over [`api::MAX_BODY_BYTES`] is read and thrown away
/// (up to a bound) before the 400, so the client gets the answer and not a reset; an `/api` query
/// over [`MAX_QUERY_BYTES`] is a 414. The comments API allows more of both (a comment's text, a
/// long article id) and answers `413` and `414` in WordPress's shape.
async fn bound_requests(req: Request, next: Next) -> Response {
    let for_comments = comments::is_comments_path(req.uri().path());
    let for_search = req.uri().path() == "/api/search";
    let (max_body, max_query) = if for_comments {
        (
            comments::MAX_COMMENT_BODY_BYTES,
            comments::MAX_COMMENTS_QUERY_BYTES,
        )
    } else if for_search {
        (api::MAX_BODY_BYTES, search::MAX_SEARCH_QUERY_BYTES)
    } else {
        (api::MAX_BODY_BYTES, MAX_QUERY_BYTES)
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_body as u64) {
        if !api::expects_continue(req.headers()) {
            api::discard(req.into_body(), 0).await;
        }
        if for_comments {
            return WpError::payload_too_large().into_response();
        }
        return ApiError::bad_request(format!("body too large (max {max_body} bytes)"))
            .into_response();
    }
    if req.uri().path().starts_with("/api")
        && req.uri().query().is_some_and(|q| q.len() > max_query)
    {
        if for_search {
            // A search box can send a long paste: that is a bad q (400), said at once.
            return search::query_too_long().into_response();
        }
        let message = format!("query too long (max {max_query} bytes)");
        if for_comments {
            return WpError::new(StatusCode::URI_TOO_LONG, "rest_query_too_long", message)
                .into_response();
        }
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            message,
        }
        .into_response();
    }
    next.run(req).await
}

/// The app's Content-Security-Policy. No inline script: the build makes Trunk's loader and the
/// feed hint the file `boot.js` (scripts/finalize.mjs), so `script-src` is `'self'` and
/// `'wasm-unsafe-eval'` (compiling the wasm). Images come
/// from the feeds' sites (`https:`, `data:`), the feed and the counter service may be on other
/// origins (`connect-src`), partner ads are iframes.
pub fn app_csp(frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data: blob:; \
         media-src 'self' https: data: blob:; font-src 'self' https: data:; connect-src *; \
         frame-src 'self' https:; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// `no-store` on API answers (live figures must not be cached), `nosniff` everywhere, the app's
/// CSP and `Cross-Origin-Opener-Policy` on the app's page: `index.html`, also as the answer to a
/// deep link. Not on other HTML files in dist/ (such as the demo's partner ad, which stands in for
/// another site's page and brings its own rules).
async fn common_headers(State(csp): State<Arc<HeaderValue>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_api = path.starts_with("/api");
    let other_html_file =
        path.to_ascii_lowercase().ends_with(".html") && !path.ends_with("/index.html");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"));
    if is_html && !other_html_file && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, (*csp).clone());
        h.insert(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        );
    }
    if is_api && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    resp
}

fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    // DELETE and Authorization: comment moderation; the exposed headers: the comments' paging
    // and the wait after a 429, which a page on another origin could not read otherwise.
    let base = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers([
            HeaderName::from_static("x-wp-total"),
            HeaderName::from_static("x-wp-totalpages"),
            header::RETRY_AFTER,
        ])
        .max_age(Duration::from_secs(24 * 3600));
    if origins.iter().any(|o| o == "*") {
        return Some(base.allow_origin(Any));
    }
    let list: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    Some(base.allow_origin(AllowOrigin::list(list)))
}

/// The whole HTTP surface: API, static files, and the layers around them.
pub fn router<S: Store>(
    state: AppState<S>,
    opts: &Options,
    limiter: Option<Arc<RateLimiter>>,
) -> Router {
    let limits = Limits {
        limiter,
        trust_proxy_hops: opts.trust_proxy_hops,
    };
    let csp = Arc::new(
        HeaderValue::from_str(&app_csp(&opts.frame_ancestors))
            .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'self'")),
    );
    let dist = Arc::new(opts.dist.clone());
    let mut router = Router::new()
        .route("/api/stats", get(api::stats::<S>))
        .route("/api/stats/hit", post(api::hit::<S>))
        .route("/api/stats/heartbeat", post(api::heartbeat::<S>))
        .route("/api/stats/stream", get(api::stream::<S>))
        .route("/api/stats/views", get(api::views::<S>))
        .route("/api/stats/bots", get(api::bots::<S>))
        .route("/api/ads/event", post(api::ad_event::<S>))
        .route("/api/ads/report", get(api::ads_report::<S>))
        .route("/api/ads/report.html", get(api::ads_report_html::<S>))
        .route(
            "/api/comments",
            get(comments::list::<S>).post(comments::create::<S>),
        )
        .route("/api/comments/pending", get(comments::pending::<S>))
        .route("/api/comments/moderate", get(comments::moderate_page))
        .route("/api/comments/moderate.js", get(comments::moderate_js))
        .route("/api/comments/moderate.css", get(comments::moderate_css))
        .route("/api/comments/{id}", delete(comments::delete::<S>))
        .route("/api/comments/{id}/approve", post(comments::approve::<S>))
        .route("/api/search", get(search::search::<S>))
        .fallback(move |req: Request| {
            let dist = dist.clone();
            async move { static_files::serve(&dist, req).await }
        })
        .with_state(state)
        .layer(middleware::from_fn_with_state(limits, rate_limit))
        .layer(middleware::from_fn(bound_requests))
        .layer(middleware::from_fn_with_state(csp, common_headers));
    if let Some(cors) = cors_layer(&opts.cors_origins) {
        router = router.layer(cors);
    }
    if opts.asset_cors {
        // Outside the /api CORS layer: asset preflights from any portal are answered here.
        router = router.layer(middleware::from_fn(static_files::asset_cors));
    }
    // Brotli at quality 5 / gzip 5: good ratios at a speed fit for compressing on the fly.
    router.layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
}

/// An app instance: its router plus the handles of its background tasks.
pub struct App<S: Store> {
    pub state: AppState<S>,
    pub opts: Options,
    pub limiter: Option<Arc<RateLimiter>>,
    live_tx: Arc<watch::Sender<Option<Stats>>>,
    shutdown_tx: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl<S: Store> App<S> {
    pub fn new(store: S, time: TimeKeeper, opts: Options) -> Self {
        let (live_tx, live) = watch::channel(None);
        let (shutdown_tx, shutdown) = watch::channel(false);
        let limiter = (opts.rate_limit > 0).then(|| Arc::new(RateLimiter::new(opts.rate_limit)));
        let comments_limiter = (opts.comments_rate_limit > 0).then(|| {
            Arc::new(RateLimiter::per_window(
                opts.comments_rate_limit,
                opts.comments_rate_window,
            ))
        });
        let ads_config = opts
            .ads_config
            .clone()
            .unwrap_or_else(|| opts.dist.join("config.json"));
        Self {
            state: AppState {
                store,
                time,
                live,
                shutdown,
                streams: OpenCounter::new(opts.max_streams, opts.max_streams_per_client),
                ads: Arc::new(AdCatalog::new(ads_config)),
                origins: Arc::new(OriginPolicy::new(&opts.cors_origins)),
                admin_token: opts.admin_token.as_deref().map(Arc::from),
                comments_limiter,
                comments_auto_approve: opts.comments_auto_approve,
                search: Arc::new(Search::new(opts.dist.clone(), opts.search.clone())),
            },
            opts,
            limiter,
            live_tx: Arc::new(live_tx),
            shutdown_tx,
            tasks: Vec::new(),
        }
    }

    pub fn router(&self) -> Router {
        router(self.state.clone(), &self.opts, self.limiter.clone())
    }

    /// Starts the live-figures task, the flush task and the search refresh (needs a Tokio
    /// runtime).
    pub fn start(&mut self) {
        // Live figures: look every `live_interval`, publish only changes. SSE streams follow this
        // channel, so they push at most once per interval and only when a number moved.
        let store = self.state.store.clone();
        let time = self.state.time.clone();
        let live_tx = self.live_tx.clone();
        let mut down = self.state.shutdown.clone();
        let every = self.opts.live_interval;
        self.tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = down.wait_for(|&d| d) => break,
                }
                match store.stats(&time.now()).await {
                    Ok(s) => {
                        live_tx.send_if_modified(|cur| {
                            let changed = *cur != Some(s);
                            *cur = Some(s);
                            changed
                        });
                    }
                    Err(e) => eprintln!("bantin-server: live figures: {e}"),
                }
            }
        }));

        // Durability: flush at least once a second, so a crash loses at most the last second.
        let store = self.state.store.clone();
        let time = self.state.time.clone();
        let limiters: Vec<Arc<RateLimiter>> = self
            .limiter
            .iter()
            .chain(&self.state.comments_limiter)
            .cloned()
            .collect();
        let mut down = self.state.shutdown.clone();
        let every = self.opts.flush_interval;
        self.tasks.push(tokio::spawn(async move {
            // The first write one interval after the start (nothing to write before).
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut rounds: u64 = 0;
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = down.wait_for(|&d| d) => break,
                }
                if let Err(e) = store.flush(&time.now()).await {
                    eprintln!("bantin-server: flush failed (will retry): {e}");
                }
                rounds += 1;
                if rounds.is_multiple_of(60) {
                    for l in &limiters {
                        l.forget_idle();
                    }
                }
            }
        }));

        // Search: read the feed now, then every `refresh`. A refresh cut short by shutdown
        // leaves the live index as it was (the new one is only swapped in when complete).
        let search = self.state.search.clone();
        let mut down = self.state.shutdown.clone();
        let every = self.opts.search.refresh;
        self.tasks.push(tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = search.refresh() => {}
                    _ = down.wait_for(|&d| d) => break,
                }
                if every.is_zero() {
                    break;
                }
                tokio::select! {
                    _ = tokio::time::sleep(every) => {}
                    _ = down.wait_for(|&d| d) => break,
                }
            }
        }));
    }

    /// Tells SSE streams and background tasks to stop.
    pub fn begin_shutdown(&self) {
        self.shutdown_tx.send_replace(true);
    }

    /// Stops the background tasks and flushes the store one last time.
    pub async fn finish(mut self) -> Result<(), String> {
        self.begin_shutdown();
        for t in self.tasks.drain(..) {
            let _ = t.await;
        }
        self.state
            .store
            .shutdown(&self.state.time.now())
            .await
            .map_err(|e| format!("final flush failed: {e}"))
    }
}

async fn wait_for_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// Serves until SIGTERM or Ctrl-C, then drains (up to 5 s) and flushes.
pub async fn serve<S: Store>(store: S, config: &Config) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?;
    if !config.dist.join("index.html").is_file() {
        eprintln!(
            "bantin-server: warning: {} has no index.html (build the app with trunk); serving the API only",
            config.dist.display()
        );
    }
    let mut app = App::new(
        store,
        TimeKeeper::system(config.timezone),
        Options::from_config(config),
    );
    app.start();
    let router = app.router();
    let mut conn_opts = app.opts.conn.clone();
    let fd_limit = raise_open_file_limit();
    if let Some(limit) = fd_limit {
        // A connection may hold a second descriptor (a file being sent); keep some for the
        // database and the listener.
        let room = u32::try_from(limit.saturating_sub(64) / 2)
            .unwrap_or(u32::MAX)
            .max(8);
        if conn_opts.max_connections > room {
            eprintln!(
                "bantin-server: warning: {limit} open files allowed; at most {room} connections \
                 (not {}); raise the limit (ulimit -n / LimitNOFILE) to allow more",
                conn_opts.max_connections
            );
            conn_opts.max_connections = room;
            // One client must still not be able to take them all.
            conn_opts.max_connections_per_client =
                conn_opts.max_connections_per_client.min((room / 4).max(1));
        }
    }
    let server = conn::serve(listener, router, conn_opts, app.state.shutdown.clone());
    let mut server = tokio::spawn(server);
    println!("bantin-server listening on http://{addr}");

    tokio::select! {
        _ = wait_for_signal() => {
            eprintln!("bantin-server: shutting down");
            app.begin_shutdown();
            match tokio::time::timeout(Duration::from_secs(5), &mut server).await {
                Ok(_) => {}
                Err(_) => {
                    eprintln!("bantin-server: connections still open after 5 s; closing them");
                    server.abort();
                }
            }
        }
        r = &mut server => {
            app.begin_shutdown();
            if let Err(e) = r {
                eprintln!("bantin-server: server error: {e}");
            }
        }
    }
    app.finish().await?;
    eprintln!("bantin-server: counts flushed, bye");
    Ok(())
}

/// Raises the soft limit on open files to the hard limit (as many servers do; the default soft
/// limit, often 1024, is what a few hundred streams exhaust) and returns the limit now in force.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is not u64 everywhere
fn raise_open_file_limit() -> Option<u64> {
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
        Some(lim.rlim_cur as u64)
    }
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<u64> {
    None
}

/// Opens the configured store and serves.
pub async fn run(config: Config) -> Result<(), String> {
    let limits = StoreLimits {
        max_paths: config.max_paths as usize,
        max_pending_comments: config.comments_max_pending as usize,
        ..StoreLimits::default()
    };
    match config.store {
        StoreKind::Sqlite => {
            let store = SqliteStore::open_with(&config.data, limits).map_err(|e| e.to_string())?;
            serve(store, &config).await
        }
        StoreKind::Redis => {
            let store = RedisStore::connect_with(&config.redis_url, &config.redis_prefix, limits)
                .await
                .map_err(|e| format!("cannot use Redis at {}: {e}", config.redis_url))?;
            serve(store, &config).await
        }
    }
}
