//! The visitor counter, app side: what the visitor box and the hit/heartbeat
//! beacons need, as pure functions with native tests. The browser half
//! (EventSource, sendBeacon, timers, visibility) is `stats::client`.
//!
//! The counter service is `server/` (see docs/stats.md for its API):
//! `POST {url}/hit` and `POST {url}/heartbeat` take `{"visitor","path"}`,
//! `GET {url}` and the SSE stream `GET {url}/stream` (event `stats`) give
//! `{"online","today","week","total"}`, `GET {url}/views?path=…` gives
//! `{"path","views"}` (asked for once the page's hit was answered: [`PageViews`]).

use crate::i18n::Lang;
use crate::json::{self, Value};

#[cfg(all(target_arch = "wasm32", feature = "visitors"))]
pub mod client;

/// Where the visitor id is kept (localStorage, else sessionStorage, else memory).
pub const VISITOR_KEY: &str = "bantin.visitor";
/// Length of a generated visitor id: 22 × 6 bits = 132 random bits.
pub const VISITOR_ID_LEN: usize = 22;
/// The server's longest accepted path, in bytes.
pub const MAX_PATH_BYTES: usize = 512;
/// Heartbeat period while the tab is visible.
pub const HEARTBEAT_MS: u32 = 60_000;
/// Polling period where the SSE stream is unavailable.
pub const POLL_MS: u32 = 30_000;
/// First retry delay after a failure, doubled per attempt…
pub const BACKOFF_BASE_MS: u32 = 1_000;
/// …up to this.
pub const BACKOFF_CAP_MS: u32 = 60_000;

const ID_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A visitor id from random bytes: one character of `[A-Za-z0-9_-]` per byte
/// (its low 6 bits, so every character is equally likely).
pub fn visitor_id_from(random: &[u8]) -> String {
    random
        .iter()
        .map(|b| char::from(ID_ALPHABET[usize::from(b & 63)]))
        .collect()
}

/// Whether a stored id is one we can send: 16 to 64 characters of `[A-Za-z0-9_-]`
/// (the server accepts 8 to 64; ours are 22).
pub fn valid_visitor_id(id: &str) -> bool {
    (16..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether a User-Agent names a crawler or an automated audit tool. Such
/// clients send no hits or heartbeats (the server filters them too).
pub fn is_bot(user_agent: &str) -> bool {
    // Bytes and `windows`, not `str::contains` and slicing: the visitor box
    // widget is built around this file, and str's searcher and its slicing
    // panic (with char formatting) would be most of a kilobyte of it.
    let ua = user_agent.to_ascii_lowercase().into_bytes();
    let has = |word: &str| ua.windows(word.len()).any(|w| w == word.as_bytes());
    // "bot" alone also matches the phone maker Cubot ("CUBOT X19").
    ua.windows(3)
        .enumerate()
        .any(|(i, w)| w == b"bot" && i.checked_sub(2).and_then(|s| ua.get(s..i)) != Some(b"cu"))
        || [
            "crawler",
            "spider",
            "slurp",
            "headless",
            "lighthouse",
            "phantomjs",
            "facebookexternalhit",
        ]
        .iter()
        .any(|w| has(w))
}

/// Delay before retry number `attempt` (0-based): `BACKOFF_BASE_MS · 2^attempt`,
/// capped at `BACKOFF_CAP_MS`, with "equal jitter" — half of it fixed, half
/// random — so many readers cut off by one outage do not come back in step.
/// `random` is in [0, 1) (`Math.random()`); out-of-range values are clamped.
pub fn backoff_ms(attempt: u32, random: f64) -> u32 {
    let full = BACKOFF_BASE_MS
        .checked_shl(attempt.min(16))
        .unwrap_or(BACKOFF_CAP_MS)
        .min(BACKOFF_CAP_MS);
    let half = full / 2;
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    half + ((f64::from(half) * r) as u32).min(half)
}

/// The figures of the visitor box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Numbers {
    pub online: u64,
    pub today: u64,
    pub week: u64,
    pub total: u64,
}

/// The figures as shown, with whether they are live and when they arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub numbers: Numbers,
    /// `false` from a failure until fresh figures arrive.
    pub current: bool,
    /// Epoch ms.
    pub received_ms: i64,
}

/// The visitor box's class: skeleton until the first figures (or, once a try
/// has failed without any, the muted state with dashes), muted when not current.
pub fn box_class(shown: Option<&Shown>, tried: bool) -> &'static str {
    match shown {
        None if !tried => "bt-visitors bt-visitors-loading",
        Some(s) if s.current => "bt-visitors",
        _ => "bt-visitors bt-visitors-stale",
    }
}

/// Figure `i` of the box (online, today, week, total) as shown; "–" without figures.
pub fn figure_text(shown: Option<&Shown>, i: u32, lang: Lang) -> String {
    let n = shown.map(|s| s.numbers);
    let v = match (n, i) {
        (Some(n), 0) => n.online,
        (Some(n), 1) => n.today,
        (Some(n), 2) => n.week,
        (Some(n), 3) => n.total,
        _ => return "–".into(),
    };
    crate::format::format_number(v, lang)
}

/// The line under figures that are not current: "cập nhật lúc 10:42"; none while live.
pub fn note_text(shown: &Shown, lang: Lang, offset_minutes: i32) -> Option<String> {
    (!shown.current).then(|| {
        let mut out = String::from(lang.strings().visitors_updated_at);
        out.push(' ');
        out.push_str(&clock_hhmm(shown.received_ms, offset_minutes));
        out
    })
}

/// What the counter client knows, for the views to show: the visitor box's
/// figures and the view count of the page being read. One writer
/// (`stats::client`); one signal in context (`components::start_visitors`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visitors {
    /// The box's figures; `None` until the first arrive.
    pub figures: Option<Shown>,
    /// Whether figures were asked for at all (with none yet, a failed try
    /// turns the skeleton into dashes).
    pub tried: bool,
    pub views: PageViews,
}

impl Visitors {
    /// Fresh figures arrived: shown, and current.
    pub fn accept(&mut self, numbers: Numbers, received_ms: i64) {
        self.figures = Some(Shown {
            numbers,
            current: true,
            received_ms,
        });
        self.tried = true;
    }

    /// Figure `i` as the box shows it: nothing while it loads (the skeleton's
    /// bar holds the place), "–" after a failed try without figures.
    pub fn figure_text(&self, i: u32, lang: Lang) -> String {
        if self.figures.is_none() && !self.tried {
            return String::new();
        }
        figure_text(self.figures.as_ref(), i, lang)
    }

    /// A try failed: the figures stay, marked not current (without any, the
    /// skeleton gives way to dashes). Whether anything shown changed.
    pub fn stale(&mut self) -> bool {
        let changed = !self.tried || self.figures.is_some_and(|s| s.current);
        self.tried = true;
        if let Some(s) = &mut self.figures {
            s.current = false;
        }
        changed
    }
}

/// The view count of the page being read, as the counter client learns it.
/// The client asks for a count only once that page view's hit was answered,
/// so the count includes the reader's own view; an answer that arrives after
/// the reader moved on is dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageViews {
    /// Bumped by every page view.
    view: u32,
    path: String,
    views: Option<u64>,
}

impl PageViews {
    /// A page view of `path` begins (the first page, each route change): the
    /// count of the page before is dropped. Returns the view's number, for
    /// [`PageViews::answer`].
    pub fn start(&mut self, path: &str) -> u32 {
        self.view = self.view.wrapping_add(1);
        path.clone_into(&mut self.path);
        self.views = None;
        self.view
    }

    /// The count asked for by page view `view`; ignored if another began since.
    pub fn answer(&mut self, view: u32, views: u64) {
        if view == self.view {
            self.views = Some(views);
        }
    }

    /// The count to show beside `path`: known, and of the page being read.
    pub fn shown(&self, path: &str) -> Option<u64> {
        self.views.filter(|_| self.path == path)
    }
}

/// "1.234 lượt xem", "1,234 views", "1 view".
pub fn views_text(n: u64, lang: Lang) -> String {
    let t = lang.strings();
    let mut out = crate::format::format_number(n, lang);
    out.push(' ');
    out.push_str(if n == 1 { t.view_one } else { t.views });
    out
}

/// A count read leniently: an integer, a non-negative float (truncated) or a
/// string of digits. Negative, fractional-negative, non-numeric → `None`.
fn count(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64().or_else(|| {
            Some(n.as_f64())
                .filter(|f| f.is_finite() && *f >= 0.0 && *f < 1.8e19)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Parses `{"online": n, "today": n, "week": n, "total": n}` (the body of
/// `GET {url}` and of each `stats` event). Extra fields are ignored; a body
/// that is not an object or lacks a readable figure is rejected as a whole, so
/// the box never shows a made-up zero.
pub fn parse_numbers(body: &str) -> Option<Numbers> {
    let v: Value = json::parse(body).ok()?;
    Some(Numbers {
        online: count(v.get("online"))?,
        today: count(v.get("today"))?,
        week: count(v.get("week"))?,
        total: count(v.get("total"))?,
    })
}

/// Parses `{"path": "/bai/x", "views": n}`.
pub fn parse_views(body: &str) -> Option<u64> {
    let v: Value = json::parse(body).ok()?;
    count(v.get("views"))
}

/// A path the server accepts: starts with `/`, no control characters, at most
/// `MAX_PATH_BYTES` bytes (cut at a character boundary).
pub fn clean_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len().min(MAX_PATH_BYTES) + 1);
    if !path.starts_with('/') {
        out.push('/');
    }
    for c in path.chars().filter(|c| !c.is_control()) {
        if out.len() + c.len_utf8() > MAX_PATH_BYTES {
            break;
        }
        out.push(c);
    }
    out
}

/// The body of a hit or heartbeat: `{"visitor":"…","path":"/…"}` (exactly the
/// two fields the server allows), with the path cleaned by [`clean_path`].
pub fn beacon_body(visitor: &str, path: &str) -> String {
    let mut out = String::with_capacity(visitor.len() + path.len() + 24);
    out.push_str("{\"visitor\":");
    crate::text::push_json_string(&mut out, visitor);
    out.push_str(",\"path\":");
    crate::text::push_json_string(&mut out, &clean_path(path));
    out.push('}');
    out
}

/// "HH:mm" of an instant at a UTC offset (for "cập nhật lúc 10:42").
pub fn clock_hhmm(epoch_ms: i64, offset_minutes: i32) -> String {
    let w = crate::format::wall_clock(epoch_ms, offset_minutes);
    let mut out = String::with_capacity(5);
    for (i, n) in [w.hour, w.minute].into_iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
    out
}
