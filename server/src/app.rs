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
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

use crate::api::{self, ApiError};
use crate::clock::TimeKeeper;
use crate::config::{Config, StoreKind};
use crate::ratelimit::RateLimiter;
use crate::static_files;
use crate::store::{RedisStore, SqliteStore, Stats, Store};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState<S: Store> {
    pub store: S,
    pub time: TimeKeeper,
    /// The latest figures published by the live task (`None` until its first round).
    pub live: watch::Receiver<Option<Stats>>,
    /// Becomes `true` when the server shuts down (ends SSE streams).
    pub shutdown: watch::Receiver<bool>,
}

/// How the app behaves, apart from the store and the clock.
#[derive(Debug, Clone)]
pub struct Options {
    pub dist: PathBuf,
    pub cors_origins: Vec<String>,
    /// Requests a minute per client on /api; 0 = no limit.
    pub rate_limit: u32,
    pub trust_forwarded_for: bool,
    /// How often the live task looks at the figures (and so the most often SSE pushes).
    pub live_interval: Duration,
    /// How often the store is flushed. Keep it ≤ 1 s: that is what a crash can lose.
    pub flush_interval: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            dist: PathBuf::from("dist"),
            cors_origins: Vec::new(),
            rate_limit: 600,
            trust_forwarded_for: false,
            live_interval: Duration::from_secs(1),
            flush_interval: Duration::from_secs(1),
        }
    }
}

impl Options {
    pub fn from_config(c: &Config) -> Self {
        Self {
            dist: c.dist.clone(),
            cors_origins: c.cors_origins.clone(),
            rate_limit: c.rate_limit,
            trust_forwarded_for: c.trust_forwarded_for,
            ..Self::default()
        }
    }
}

#[derive(Clone)]
struct Limits {
    limiter: Option<Arc<RateLimiter>>,
    trust_forwarded_for: bool,
}

/// The client address used for rate limiting: the last `X-Forwarded-For` entry when trusted (the
/// one the load balancer appended), else the peer address; never stored.
fn client_ip(req: &Request, trust_forwarded_for: bool) -> IpAddr {
    if trust_forwarded_for {
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back();
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

async fn rate_limit(State(limits): State<Limits>, req: Request, next: Next) -> Response {
    if let Some(limiter) = &limits.limiter {
        if req.uri().path().starts_with("/api/") && req.method() != Method::OPTIONS {
            if let Err(wait) = limiter.check(client_ip(&req, limits.trust_forwarded_for)) {
                let mut resp = ApiError {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    message: "too many requests; slow down".into(),
                }
                .into_response();
                let secs = wait.as_secs() + 1;
                if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                    resp.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return resp;
            }
        }
    }
    next.run(req).await
}

/// `no-store` on API answers (live figures must not be cached), `nosniff` everywhere.
async fn common_headers(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
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
    let base = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE])
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
        trust_forwarded_for: opts.trust_forwarded_for,
    };
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
        .fallback(move |req: Request| {
            let dist = dist.clone();
            async move { static_files::serve(&dist, req).await }
        })
        .with_state(state)
        .layer(middleware::from_fn_with_state(limits, rate_limit))
        .layer(middleware::from_fn(common_headers));
    if let Some(cors) = cors_layer(&opts.cors_origins) {
        router = router.layer(cors);
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
        Self {
            state: AppState {
                store,
                time,
                live,
                shutdown,
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

    /// Starts the live-figures task and the flush task (needs a Tokio runtime).
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
        let limiter = self.limiter.clone();
        let mut down = self.state.shutdown.clone();
        let every = self.opts.flush_interval;
        self.tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
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
                    if let Some(l) = &limiter {
                        l.forget_idle();
                    }
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
    let mut down = app.state.shutdown.clone();
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = down.wait_for(|&d| d).await;
    });
    let mut server = tokio::spawn(async move { server.await });
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
            if let Ok(Err(e)) = r {
                eprintln!("bantin-server: server error: {e}");
            }
        }
    }
    app.finish().await?;
    eprintln!("bantin-server: counts flushed, bye");
    Ok(())
}

/// Opens the configured store and serves.
pub async fn run(config: Config) -> Result<(), String> {
    match config.store {
        StoreKind::Sqlite => {
            let store = SqliteStore::open(&config.data).map_err(|e| e.to_string())?;
            serve(store, &config).await
        }
        StoreKind::Redis => {
            let store = RedisStore::connect(&config.redis_url, &config.redis_prefix)
                .await
                .map_err(|e| format!("cannot use Redis at {}: {e}", config.redis_url))?;
            serve(store, &config).await
        }
    }
}
