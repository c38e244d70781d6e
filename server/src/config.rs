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
    /// Take the client address from the last `X-Forwarded-For` entry (behind a proxy you trust).
    pub trust_forwarded_for: bool,
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
            trust_forwarded_for: false,
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
  --trust-forwarded-for   key clients by the last X-Forwarded-For address (behind a load balancer)
                          [env BANTIN_TRUST_FORWARDED_FOR=1]
  -h, --help              this text
  -V, --version           the version
";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Config),
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
            c.trust_forwarded_for = truthy(&v);
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
                "--trust-forwarded-for" => c.trust_forwarded_for = true,
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
        Ok(Command::Run(c))
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
            Command::Run(c) => c,
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
    }
}
