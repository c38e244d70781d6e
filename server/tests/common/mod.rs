//! Shared test helpers: time, a throwaway redis-server, store harnesses.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bantin_server::clock::{ManualClock, Moment, TimeKeeper};
use bantin_server::store::{RedisStore, SqliteStore, Store, StoreLimits};
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

pub const TZ: Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// Milliseconds since the epoch of a local wall-clock time in Asia/Ho_Chi_Minh.
pub fn local_ms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    TZ.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("valid local time")
        .timestamp_millis()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A manual clock in the site time zone.
#[derive(Clone)]
pub struct TestTime {
    pub clock: Arc<ManualClock>,
    pub keeper: TimeKeeper,
}

impl TestTime {
    pub fn at(ms: i64) -> Self {
        let clock = Arc::new(ManualClock::new(ms));
        let keeper = TimeKeeper::new(clock.clone(), TZ);
        Self { clock, keeper }
    }
    pub fn now(&self) -> Moment {
        self.keeper.now()
    }
    pub fn advance_secs(&self, s: i64) {
        self.clock.advance_secs(s);
    }
    pub fn advance_ms(&self, ms: i64) {
        self.clock.advance_ms(ms);
    }
    pub fn set(&self, ms: i64) {
        self.clock.set_ms(ms);
    }
}

/// An app on a SQLite store in `data`, serving `dist`, no rate limit, on a manual clock at
/// 2025-01-08 12:00 in the site zone; `opts` gives the rest of its options.
pub fn app_serving(
    data: &std::path::Path,
    dist: &std::path::Path,
    opts: bantin_server::app::Options,
) -> bantin_server::app::App<SqliteStore> {
    let store = SqliteStore::open(data).unwrap();
    let time = TestTime::at(local_ms(2025, 1, 8, 12, 0, 0));
    bantin_server::app::App::new(
        store,
        time.keeper.clone(),
        bantin_server::app::Options {
            dist: dist.to_path_buf(),
            rate_limit: 0,
            ..opts
        },
    )
}

/// Something that can open (and, for restart tests, re-open) the same store.
pub trait Harness: Send + Sync {
    type S: Store;
    fn open(&self) -> impl std::future::Future<Output = Self::S> + Send;
    /// Opens with other bounds on the tables.
    fn open_limited(
        &self,
        limits: StoreLimits,
    ) -> impl std::future::Future<Output = Self::S> + Send;
}

pub struct SqliteHarness {
    pub dir: tempfile::TempDir,
}

impl SqliteHarness {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
}

impl Harness for SqliteHarness {
    type S = SqliteStore;
    async fn open(&self) -> SqliteStore {
        SqliteStore::open(self.dir.path()).expect("open sqlite store")
    }
    async fn open_limited(&self, limits: StoreLimits) -> SqliteStore {
        SqliteStore::open_with(self.dir.path(), limits).expect("open sqlite store")
    }
}

/// A redis-server on a free loopback port in a temp dir, killed on drop.
pub struct RedisServer {
    child: Child,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn redis_server_path() -> Option<PathBuf> {
    if std::env::var_os("BANTIN_TEST_NO_REDIS").is_some() {
        return None; // to check the skip path
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/sbin")])
        .map(|d| d.join("redis-server"))
        .find(|p| p.is_file())
}

impl RedisServer {
    /// Starts one, or returns `None` (after saying so) when redis-server is not installed.
    pub fn start() -> Option<Self> {
        let Some(bin) = redis_server_path() else {
            // Written to stderr directly (not eprintln!) so the test harness does not swallow it.
            static SAY_ONCE: std::sync::Once = std::sync::Once::new();
            SAY_ONCE.call_once(|| {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: redis-server is not installed (apt-get install -y redis-server); \
                     the Redis half of the store suite did not run"
                );
            });
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        for _attempt in 0..5 {
            let port = {
                let l = TcpListener::bind("127.0.0.1:0").unwrap();
                l.local_addr().unwrap().port()
            };
            let mut child = Command::new(&bin)
                .args([
                    "--port",
                    &port.to_string(),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--loglevel",
                    "warning",
                ])
                .arg("--dir")
                .arg(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start redis-server");
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break; // port taken, try another
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Some(Self {
                        child,
                        url: format!("redis://127.0.0.1:{port}"),
                        _dir: dir,
                    });
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("redis-server did not start");
    }
}

pub struct RedisHarness {
    pub server: RedisServer,
    pub prefix: String,
}

impl RedisHarness {
    pub fn new() -> Option<Self> {
        Some(Self {
            server: RedisServer::start()?,
            prefix: "test:".into(),
        })
    }
}

impl Harness for RedisHarness {
    type S = RedisStore;
    async fn open(&self) -> RedisStore {
        RedisStore::connect(&self.server.url, &self.prefix)
            .await
            .expect("connect to test redis")
    }
    async fn open_limited(&self, limits: StoreLimits) -> RedisStore {
        RedisStore::connect_with(&self.server.url, &self.prefix, limits)
            .await
            .expect("connect to test redis")
    }
}

/// An HTTP answer of the app, read whole (the HTTP and comment tests).
pub struct Answer {
    pub status: axum::http::StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// Every value of a header that may come more than once (`Link`), in order.
    pub fn headers(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `req` through the app's router (no socket) and reads the answer.
pub async fn send(router: &axum::Router, req: axum::http::Request<axum::body::Body>) -> Answer {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// `req` as if it came from `ip` (what the rate limits key on).
pub fn from_ip(
    mut req: axum::http::Request<axum::body::Body>,
    ip: &str,
) -> axum::http::Request<axum::body::Body> {
    let addr: std::net::SocketAddr = format!("{ip}:50000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}
