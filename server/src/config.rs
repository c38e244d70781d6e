//! Command line flags and environment variables (flags win).

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono_tz::Tz;

/// Which backend keeps the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    Sqlite,
    Redis,
}

/// Everything the server can be told.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub dist: PathBuf,
    pub data: PathBuf,
    pub store: StoreKind,
    pub redis_url: String,
    pub redis_prefix: String,
    /// Allowed CORS origins for /api; empty = same origin only; `*` = any.
    pub cors_origins: Vec<String>,
    pub timezone: Tz,
    /// Requests a minute per client on /api; 0 turns the limit off.
    pub rate_limit: u32,
    /// How many proxies in front of the server append to `X-Forwarded-For` (0 = use the socket
    /// address; `--trust-forwarded-for` = 1).
    pub trust_proxy_hops: u32,
    /// Open connections in total and per client address (the socket's).
    pub max_connections: u32,
    pub max_connections_per_client: u32,
    /// Open event streams (`/api/stats/stream`) in total and per client.
    pub max_streams: u32,
    pub max_streams_per_client: u32,
    /// A request's headers must arrive within this many seconds.
    pub header_timeout_secs: u64,
    /// A connection with no bytes read or written for this many seconds is closed.
    pub idle_timeout_secs: u64,
    /// The operator token for the ad report; `None` = the report is off.
    pub admin_token: Option<String>,
    /// The config.json whose ad slots and creatives may be counted (default `DIST/config.json`).
    pub ads_config: Option<PathBuf>,
    /// CSP `frame-ancestors` sources of the app's pages.
    pub frame_ancestors: String,
    /// CORS `*` on the app's immutable and public files (portals on other origins load them).
    pub asset_cors: bool,
    /// How often the SQLite store writes (ms): what a `kill -9` can lose.
    pub flush_ms: u64,
    /// Distinct paths whose views are counted (further new paths are not).
    pub max_paths: u32,
    /// New comments are approved at once instead of held for moderation.
    pub comments_auto_approve: bool,
    /// Comments a client may post per `comments_rate_window_min`; 0 turns the limit off.
    pub comments_rate_limit: u32,
    pub comments_rate_window_min: u64,
    /// Comments waiting for moderation at most (further ones are refused until some are handled).
    pub comments_max_pending: u32,
    /// The JSON Feed whose whole archive `/api/search` searches: an `http://` URL or a file
    /// under DIST; `None` = DIST/config.json's own JSON Feed source, when it is a file in DIST.
    pub search_feed: Option<String>,
    /// Feed pages followed through `next_url` at most.
    pub search_max_pages: u32,
    /// Seconds between re-reads of the feed; 0 = read only at start.
    pub search_refresh_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            dist: PathBuf::from("dist"),
            data: PathBuf::from("data"),
            store: StoreKind::Sqlite,
            redis_url: "redis://127.0.0.1:6379".into(),
            redis_prefix: "bantin:".into(),
            cors_origins: Vec::new(),
            timezone: chrono_tz::Asia::Ho_Chi_Minh,
            rate_limit: 600,
            trust_proxy_hops: 0,
            max_connections: 10_000,
            max_connections_per_client: 256,
            max_streams: 5_000,
            max_streams_per_client: 100,
            header_timeout_secs: 10,
            idle_timeout_secs: 60,
            admin_token: None,
            ads_config: None,
            frame_ancestors: "'self'".into(),
            asset_cors: true,
            flush_ms: 1000,
            max_paths: 100_000,
            comments_auto_approve: false,
            comments_rate_limit: 5,
            comments_rate_window_min: 10,
            comments_max_pending: 10_000,
            search_feed: None,
            search_max_pages: 500,
            search_refresh_secs: 300,
        }
    }
}

pub const USAGE: &str = "\
bantin-server: bantin's counter service; also serves the built app

USAGE: bantin-server [FLAGS]

  --addr HOST:PORT        listen address            [env BANTIN_ADDR, default 127.0.0.1:8080]
  --dist DIR              built app to serve        [env BANTIN_DIST, default dist]
  --data DIR              SQLite data directory     [env BANTIN_DATA, default data]
  --store sqlite|redis    where counts live         [env BANTIN_STORE, default sqlite]
  --redis-url URL         Redis for --store redis   [env BANTIN_REDIS_URL, default redis://127.0.0.1:6379]
  --redis-prefix PREFIX   prefix of every Redis key [env BANTIN_REDIS_PREFIX, default bantin:]
  --cors-origin ORIGIN    allow this origin on /api; repeatable; * = any
                          [env BANTIN_CORS_ORIGINS, comma-separated; default: same origin only]
  --timezone TZ           site time zone for days and weeks (weeks start Monday)
                          [env BANTIN_TIMEZONE, default Asia/Ho_Chi_Minh]
  --rate-limit N          requests a minute per client on /api, 0 = off
                          [env BANTIN_RATE_LIMIT, default 600]
  --trust-forwarded-for   key clients by the last X-Forwarded-For address (= --trust-proxy-hops 1)
                          [env BANTIN_TRUST_FORWARDED_FOR=1]
  --trust-proxy-hops N    proxies in front that append to X-Forwarded-For; 0 = the socket address
                          [env BANTIN_TRUST_PROXY_HOPS, default 0]
  --max-connections N     open connections in total      [env BANTIN_MAX_CONNECTIONS, default 10000]
  --max-connections-per-client N
                          per client address             [env BANTIN_MAX_CONNECTIONS_PER_CLIENT, default 256]
  --max-streams N         open /api/stats/stream streams [env BANTIN_MAX_STREAMS, default 5000]
  --max-streams-per-client N
                          per client address             [env BANTIN_MAX_STREAMS_PER_CLIENT, default 100]
  --header-timeout SECS   time to send a request's headers [env BANTIN_HEADER_TIMEOUT, default 10]
  --idle-timeout SECS     close a connection silent this long [env BANTIN_IDLE_TIMEOUT, default 60]
  --admin-token TOKEN     operator token for /api/ads/report[.html] and comment moderation;
                          unset = both off
                          [env BANTIN_ADMIN_TOKEN]
  --ads-config FILE       config.json declaring the ad slots and creatives that are counted
                          [env BANTIN_ADS_CONFIG, default DIST/config.json]
  --frame-ancestors SRC   who may frame the app (CSP sources) [env BANTIN_FRAME_ANCESTORS, default 'self']
  --asset-cors on|off     CORS * on the app's hashed files, config.json, manifest, demo/, icons/
                          (portals on other origins load the app from here; never HTML, sw.js, /api)
                          [env BANTIN_ASSET_CORS, default on]
  --flush-ms N            SQLite write interval; what kill -9 can lose [env BANTIN_FLUSH_MS, default 1000]
  --max-paths N           distinct paths whose views are counted [env BANTIN_MAX_PATHS, default 100000]
  --comments-auto-approve publish new comments at once instead of holding them for moderation
                          [env BANTIN_COMMENTS_AUTO_APPROVE=1]
  --comments-rate-limit N comments a client may post per window, 0 = off
                          [env BANTIN_COMMENTS_RATE_LIMIT, default 5]
  --comments-rate-window MINUTES
                          that window               [env BANTIN_COMMENTS_RATE_WINDOW, default 10]
  --comments-max-pending N
                          comments waiting for moderation at most
                          [env BANTIN_COMMENTS_MAX_PENDING, default 10000]
  --search-feed URL_OR_PATH
                          JSON Feed whose archive /api/search searches: an http:// URL (https is
                          not fetched) or a file under DIST, followed through next_url
                          [env BANTIN_SEARCH_FEED, default: DIST/config.json's jsonfeed source
                          when it is a file in DIST; none found = search off]
  --search-max-pages N    feed pages read at most   [env BANTIN_SEARCH_MAX_PAGES, default 500]
  --search-refresh SECS   re-read the feed this often, 0 = only at start
                          [env BANTIN_SEARCH_REFRESH, default 300]
  -h, --help              this text
  -V, --version           the version
";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Box<Config>),
    Help,
    Version,
}

fn parse_store(s: &str) -> Result<StoreKind, String> {
    match s {
        "sqlite" => Ok(StoreKind::Sqlite),
        "redis" => Ok(StoreKind::Redis),
        _ => Err(format!("--store must be sqlite or redis, not {s:?}")),
    }
}

fn parse_tz(s: &str) -> Result<Tz, String> {
    s.parse::<Tz>()
        .map_err(|_| format!("unknown time zone {s:?} (use an IANA name like Asia/Ho_Chi_Minh)"))
}

fn parse_addr(s: &str) -> Result<SocketAddr, String> {
    s.parse()
        .map_err(|_| format!("--addr must be HOST:PORT like 127.0.0.1:8080, not {s:?}"))
}

fn parse_rate(s: &str) -> Result<u32, String> {
    s.parse()
        .map_err(|_| format!("--rate-limit must be a whole number, not {s:?}"))
}

fn parse_num<T: std::str::FromStr>(flag: &str, s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("{flag} must be a whole number, not {s:?}"))
}

fn parse_positive<T: std::str::FromStr + PartialEq + Default>(
    flag: &str,
    s: &str,
) -> Result<T, String> {
    let n: T = parse_num(flag, s)?;
    if n == T::default() {
        return Err(format!("{flag} must be at least 1"));
    }
    Ok(n)
}

fn parse_switch(flag: &str, s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "on" | "1" | "true" | "yes" => Ok(true),
        "off" | "0" | "false" | "no" => Ok(false),
        _ => Err(format!("{flag} must be on or off, not {s:?}")),
    }
}

fn truthy(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

impl Config {
    /// Reads `BANTIN_*` variables through `env`, then `args` (without the program name).
    pub fn parse<I, F>(args: I, env: F) -> Result<Command, String>
    where
        I: IntoIterator<Item = String>,
        F: Fn(&str) -> Option<String>,
    {
        let mut c = Config::default();
        if let Some(v) = env("BANTIN_ADDR") {
            c.addr = parse_addr(&v)?;
        }
        if let Some(v) = env("BANTIN_DIST") {
            c.dist = v.into();
        }
        if let Some(v) = env("BANTIN_DATA") {
            c.data = v.into();
        }
        if let Some(v) = env("BANTIN_STORE") {
            c.store = parse_store(&v)?;
        }
        if let Some(v) = env("BANTIN_REDIS_URL") {
            c.redis_url = v;
        }
        if let Some(v) = env("BANTIN_REDIS_PREFIX") {
            c.redis_prefix = v;
        }
        if let Some(v) = env("BANTIN_CORS_ORIGINS") {
            c.cors_origins = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
        }
        if let Some(v) = env("BANTIN_TIMEZONE") {
            c.timezone = parse_tz(&v)?;
        }
        if let Some(v) = env("BANTIN_RATE_LIMIT") {
            c.rate_limit = parse_rate(&v)?;
        }
        if let Some(v) = env("BANTIN_TRUST_FORWARDED_FOR") {
            c.trust_proxy_hops = u32::from(truthy(&v));
        }
        if let Some(v) = env("BANTIN_TRUST_PROXY_HOPS") {
            c.trust_proxy_hops = parse_num("--trust-proxy-hops", &v)?;
        }
        if let Some(v) = env("BANTIN_MAX_CONNECTIONS") {
            c.max_connections = parse_positive("--max-connections", &v)?;
        }
        if let Some(v) = env("BANTIN_MAX_CONNECTIONS_PER_CLIENT") {
            c.max_connections_per_client = parse_positive("--max-connections-per-client", &v)?;
        }
        if let Some(v) = env("BANTIN_MAX_STREAMS") {
            c.max_streams = parse_num("--max-streams", &v)?;
        }
        if let Some(v) = env("BANTIN_MAX_STREAMS_PER_CLIENT") {
            c.max_streams_per_client = parse_num("--max-streams-per-client", &v)?;
        }
        if let Some(v) = env("BANTIN_HEADER_TIMEOUT") {
            c.header_timeout_secs = parse_positive("--header-timeout", &v)?;
        }
        if let Some(v) = env("BANTIN_IDLE_TIMEOUT") {
            c.idle_timeout_secs = parse_positive("--idle-timeout", &v)?;
        }
        if let Some(v) = env("BANTIN_ADMIN_TOKEN") {
            c.admin_token = Some(v);
        }
        if let Some(v) = env("BANTIN_ADS_CONFIG") {
            c.ads_config = Some(v.into());
        }
        if let Some(v) = env("BANTIN_FRAME_ANCESTORS") {
            c.frame_ancestors = v;
        }
        if let Some(v) = env("BANTIN_ASSET_CORS") {
            // An empty value (BANTIN_ASSET_CORS= in a unit file) means the default.
            if !v.trim().is_empty() {
                c.asset_cors = parse_switch("--asset-cors", &v)?;
            }
        }
        if let Some(v) = env("BANTIN_FLUSH_MS") {
            c.flush_ms = parse_positive("--flush-ms", &v)?;
        }
        if let Some(v) = env("BANTIN_MAX_PATHS") {
            c.max_paths = parse_num("--max-paths", &v)?;
        }
        if let Some(v) = env("BANTIN_COMMENTS_AUTO_APPROVE") {
            c.comments_auto_approve = truthy(&v);
        }
        if let Some(v) = env("BANTIN_COMMENTS_RATE_LIMIT") {
            c.comments_rate_limit = parse_num("--comments-rate-limit", &v)?;
        }
        if let Some(v) = env("BANTIN_COMMENTS_RATE_WINDOW") {
            c.comments_rate_window_min = parse_positive("--comments-rate-window", &v)?;
        }
        if let Some(v) = env("BANTIN_COMMENTS_MAX_PENDING") {
            c.comments_max_pending = parse_positive("--comments-max-pending", &v)?;
        }
        if let Some(v) = env("BANTIN_SEARCH_FEED") {
            c.search_feed = Some(v);
        }
        if let Some(v) = env("BANTIN_SEARCH_MAX_PAGES") {
            c.search_max_pages = parse_positive("--search-max-pages", &v)?;
        }
        if let Some(v) = env("BANTIN_SEARCH_REFRESH") {
            c.search_refresh_secs = parse_num("--search-refresh", &v)?;
        }

        let mut cli_origins = Vec::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                match inline.clone() {
                    Some(v) => Ok(v),
                    None => args.next().ok_or_else(|| format!("{name} needs a value")),
                }
            };
            match flag.as_str() {
                "-h" | "--help" => return Ok(Command::Help),
                "-V" | "--version" => return Ok(Command::Version),
                "--addr" => c.addr = parse_addr(&value("--addr")?)?,
                "--dist" => c.dist = value("--dist")?.into(),
                "--data" => c.data = value("--data")?.into(),
                "--store" => c.store = parse_store(&value("--store")?)?,
                "--redis-url" => c.redis_url = value("--redis-url")?,
                "--redis-prefix" => c.redis_prefix = value("--redis-prefix")?,
                "--cors-origin" => cli_origins.push(value("--cors-origin")?),
                "--timezone" => c.timezone = parse_tz(&value("--timezone")?)?,
                "--rate-limit" => c.rate_limit = parse_rate(&value("--rate-limit")?)?,
                "--trust-forwarded-for" => c.trust_proxy_hops = c.trust_proxy_hops.max(1),
                "--trust-proxy-hops" => {
                    c.trust_proxy_hops = parse_num(&flag, &value(&flag)?)?;
                }
                "--max-connections" => c.max_connections = parse_positive(&flag, &value(&flag)?)?,
                "--max-connections-per-client" => {
                    c.max_connections_per_client = parse_positive(&flag, &value(&flag)?)?;
                }
                "--max-streams" => c.max_streams = parse_num(&flag, &value(&flag)?)?,
                "--max-streams-per-client" => {
                    c.max_streams_per_client = parse_num(&flag, &value(&flag)?)?;
                }
                "--header-timeout" => {
                    c.header_timeout_secs = parse_positive(&flag, &value(&flag)?)?
                }
                "--idle-timeout" => c.idle_timeout_secs = parse_positive(&flag, &value(&flag)?)?,
                "--admin-token" => c.admin_token = Some(value(&flag)?),
                "--ads-config" => c.ads_config = Some(value(&flag)?.into()),
                "--frame-ancestors" => c.frame_ancestors = value(&flag)?,
                "--asset-cors" => c.asset_cors = parse_switch(&flag, &value(&flag)?)?,
                "--flush-ms" => c.flush_ms = parse_positive(&flag, &value(&flag)?)?,
                "--max-paths" => c.max_paths = parse_num(&flag, &value(&flag)?)?,
                "--comments-auto-approve" => c.comments_auto_approve = true,
                "--comments-rate-limit" => {
                    c.comments_rate_limit = parse_num(&flag, &value(&flag)?)?;
                }
                "--comments-rate-window" => {
                    c.comments_rate_window_min = parse_positive(&flag, &value(&flag)?)?;
                }
                "--comments-max-pending" => {
                    c.comments_max_pending = parse_positive(&flag, &value(&flag)?)?;
                }
                "--search-feed" => c.search_feed = Some(value(&flag)?),
                "--search-max-pages" => {
                    c.search_max_pages = parse_positive(&flag, &value(&flag)?)?;
                }
                "--search-refresh" => c.search_refresh_secs = parse_num(&flag, &value(&flag)?)?,
                other => return Err(format!("unknown argument {other:?} (see --help)")),
            }
        }
        if !cli_origins.is_empty() {
            c.cors_origins = cli_origins;
        }
        for o in &c.cors_origins {
            if o != "*" && !(o.starts_with("http://") || o.starts_with("https://")) {
                return Err(format!(
                    "--cors-origin must be * or an origin like https://example.com, not {o:?}"
                ));
            }
        }
        if c.idle_timeout_secs < 20 {
            // The event stream's keep-alive comes every 15 s and must not count as silence.
            return Err("--idle-timeout must be at least 20 (seconds)".into());
        }
        if let Some(t) = &c.admin_token {
            if t.len() < 16 || t.chars().any(|ch| ch.is_control() || ch == ' ') {
                return Err(
                    "--admin-token must be at least 16 characters without spaces (e.g. openssl rand -hex 16)"
                        .into(),
                );
            }
        }
        // An empty value (BANTIN_SEARCH_FEED= in a unit file) means the default, not a file "".
        c.search_feed = c
            .search_feed
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty());
        if c.frame_ancestors
            .chars()
            .any(|ch| ch.is_control() || ch == ';' || ch == ',')
        {
            return Err(format!(
                "--frame-ancestors takes CSP sources like 'self' https://portal.example, not {:?}",
                c.frame_ancestors
            ));
        }
        Ok(Command::Run(Box::new(c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Command, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::parse(args.iter().map(|s| s.to_string()), move |k| {
            env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    }

    fn run(args: &[&str], env: &[(&str, &str)]) -> Config {
        match parse(args, env).unwrap() {
            Command::Run(c) => *c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = run(&[], &[]);
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.store, StoreKind::Sqlite);
        assert_eq!(c.timezone, chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(c.rate_limit, 600);
        assert!(c.cors_origins.is_empty());
    }

    #[test]
    fn flags_env_and_precedence() {
        let c = run(
            &[
                "--addr=0.0.0.0:9000",
                "--store",
                "redis",
                "--cors-origin",
                "https://a.example",
                "--cors-origin",
                "*",
                "--timezone",
                "Europe/Berlin",
                "--rate-limit",
                "0",
            ],
            &[("BANTIN_ADDR", "127.0.0.1:1"), ("BANTIN_DATA", "/tmp/x")],
        );
        assert_eq!(c.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(c.store, StoreKind::Redis);
        assert_eq!(c.cors_origins, vec!["https://a.example", "*"]);
        assert_eq!(c.timezone, chrono_tz::Europe::Berlin);
        assert_eq!(c.rate_limit, 0);
        assert_eq!(c.data, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn bad_values_are_explained() {
        assert!(parse(&["--store", "mysql"], &[])
            .unwrap_err()
            .contains("sqlite or redis"));
        assert!(parse(&["--timezone", "Mars/Base"], &[])
            .unwrap_err()
            .contains("time zone"));
        assert!(parse(&["--addr"], &[])
            .unwrap_err()
            .contains("needs a value"));
        assert!(parse(&["--bogus"], &[])
            .unwrap_err()
            .contains("unknown argument"));
        assert!(parse(&["--cors-origin", "example.com"], &[]).is_err());
        assert!(matches!(parse(&["--help"], &[]), Ok(Command::Help)));
        assert!(parse(&["--admin-token", "short"], &[]).is_err());
        assert!(parse(&["--max-connections", "0"], &[]).is_err());
        assert!(parse(&["--frame-ancestors", "'self'; script-src *"], &[]).is_err());
    }

    #[test]
    fn hardening_flags() {
        let c = run(&[], &[]);
        assert_eq!(c.trust_proxy_hops, 0);
        assert_eq!(c.admin_token, None);
        let c = run(&["--trust-forwarded-for"], &[]);
        assert_eq!(
            c.trust_proxy_hops, 1,
            "--trust-forwarded-for keeps its meaning"
        );
        let c = run(
            &[
                "--trust-proxy-hops",
                "2",
                "--max-streams-per-client=3",
                "--admin-token",
                "0123456789abcdef",
            ],
            &[
                ("BANTIN_IDLE_TIMEOUT", "25"),
                ("BANTIN_TRUST_FORWARDED_FOR", "1"),
            ],
        );
        assert_eq!(c.trust_proxy_hops, 2);
        assert_eq!(c.max_streams_per_client, 3);
        assert_eq!(c.idle_timeout_secs, 25);
        assert!(parse(&["--idle-timeout", "5"], &[]).is_err());
        assert_eq!(c.admin_token.as_deref(), Some("0123456789abcdef"));
    }

    #[test]
    fn comment_flags() {
        let c = run(&[], &[]);
        assert!(!c.comments_auto_approve);
        assert_eq!((c.comments_rate_limit, c.comments_rate_window_min), (5, 10));
        assert_eq!(c.comments_max_pending, 10_000);
        let c = run(
            &[
                "--comments-auto-approve",
                "--comments-rate-limit=0",
                "--comments-max-pending",
                "50",
            ],
            &[("BANTIN_COMMENTS_RATE_WINDOW", "60")],
        );
        assert!(c.comments_auto_approve);
        assert_eq!((c.comments_rate_limit, c.comments_rate_window_min), (0, 60));
        assert_eq!(c.comments_max_pending, 50);
        let c = run(&[], &[("BANTIN_COMMENTS_AUTO_APPROVE", "1")]);
        assert!(c.comments_auto_approve);
        assert!(parse(&["--comments-rate-window", "0"], &[]).is_err());
        assert!(parse(&["--comments-max-pending", "0"], &[]).is_err());
        assert!(parse(&["--comments-rate-limit", "many"], &[]).is_err());
    }

    #[test]
    fn asset_cors_flag() {
        assert!(run(&[], &[]).asset_cors);
        assert!(!run(&["--asset-cors", "off"], &[]).asset_cors);
        assert!(!run(&[], &[("BANTIN_ASSET_CORS", "off")]).asset_cors);
        assert!(run(&[], &[("BANTIN_ASSET_CORS", "")]).asset_cors);
        assert!(run(&["--asset-cors=on"], &[("BANTIN_ASSET_CORS", "off")]).asset_cors);
        assert!(parse(&["--asset-cors", "maybe"], &[])
            .unwrap_err()
            .contains("on or off"));
        assert!(parse(&["--asset-cors"], &[]).is_err());
    }

    #[test]
    fn search_flags() {
        let c = run(&[], &[]);
        assert_eq!(c.search_feed, None);
        assert_eq!((c.search_max_pages, c.search_refresh_secs), (500, 300));
        let c = run(
            &[
                "--search-feed",
                "http://feeds.example/feed.json",
                "--search-refresh=0",
            ],
            &[
                ("BANTIN_SEARCH_MAX_PAGES", "20"),
                ("BANTIN_SEARCH_FEED", "x.json"),
            ],
        );
        assert_eq!(
            c.search_feed.as_deref(),
            Some("http://feeds.example/feed.json")
        );
        assert_eq!((c.search_max_pages, c.search_refresh_secs), (20, 0));
        assert_eq!(run(&[], &[("BANTIN_SEARCH_FEED", " ")]).search_feed, None);
        assert!(parse(&["--search-max-pages", "0"], &[]).is_err());
        assert!(parse(&["--search-refresh", "soon"], &[]).is_err());
    }
}
