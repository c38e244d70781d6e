//! Full-text search of a JSON Feed source's whole archive: `GET /api/search` (contract:
//! docs/search.md, "Server search"), and which feed page holds an article:
//! `GET /api/search?id=…`.
//!
//! - **What is indexed**: the feed named by `--search-feed` (an `http://` URL or a file under
//!   DIST), or by default DIST/config.json's own `jsonfeed` source when its URL is a file in DIST;
//!   page after page through `next_url`, at most `--search-max-pages` pages, each page once.
//!   `https://` is never fetched (the server has no TLS client): such a feed or link is logged and
//!   skipped. Local paths may not leave DIST.
//! - **The index**: SQLite FTS5 (columns title and body) over text folded by [`bantin_fold::fold`],
//!   so "thuy" finds "Thuỵ", "Thụy" and "THỦY" and "d" finds "đ"; beside it, per article, what the
//!   answer shows and the keys [`bantin_fold::score_keys`] ranks with, and the URL of the feed page
//!   it was read from (the first page that has its id). Its own database, `DATA/search.sqlite`,
//!   or in memory when that file cannot be written.
//! - **Refresh**: every `--search-refresh` seconds a complete new index is built apart (a new file)
//!   and then swapped in at once, so a query sees the old index or the new one, never half of one.
//!   An unchanged feed (same files, or `304` for every page) costs a few `stat`s or requests. A
//!   broken or vanished feed keeps the last good index; the reason is logged once per refresh.
//! - **Ranking**: FTS5 picks [`CANDIDATES`] articles: the best by bm25 (title weighted ×10) among
//!   the first [`BM25_WINDOW`] matches in feed order (newest first in a JSON Feed; all matches
//!   when there are fewer), and the first that have every word in their title. Those are ordered
//!   by [`bantin_fold::score`] (exact accents and title matches first), then newer first; the
//!   other matches follow in feed order. The window bounds a query's cost: bm25 is computed for
//!   every row it ranks, which for a one-letter prefix over 100,000 articles took ~100 ms.

use std::collections::HashSet;
use std::fmt;
use std::hash::Hasher as _;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};
use std::time::{Duration, Instant, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query as QueryString, State};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bantin_fold::Query;
use chrono::{DateTime, NaiveDate};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use siphasher::sip128::{Hasher128, SipHasher13};
use tokio::sync::{mpsc, Semaphore};
use url::Url;

use crate::api::ApiError;
use crate::app::AppState;
use crate::store::Store;

/// Longest accepted `q`, in characters.
pub const MAX_Q_CHARS: usize = 500;
/// Longest accepted `id`, in characters.
pub const MAX_ID_CHARS: usize = 500;
/// Longest query string accepted on `/api/search` before it is even read (a 500-character
/// Vietnamese `q`, percent-encoded, takes up to ~4.5 KB); longer ones get a 400 at once.
pub const MAX_SEARCH_QUERY_BYTES: usize = 8 * 1024;
pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 1000;
/// FTS5 matches (best bm25 first) re-ranked by `bantin_fold::score`…
pub const CANDIDATES: usize = 300;
/// … with the first matches in feed order that have every word in the title.
pub const TITLE_CANDIDATES: usize = 100;
/// Matches, in feed order, among which bm25 picks the candidates.
pub const BM25_WINDOW: usize = 5000;
/// The start of a body that ranking reads (about the summary and the lead), kept apart from the
/// index: scoring folds the text it is given, ~37 µs for 3 KB, for each of up to 400 candidates
/// per keystroke, and a short row is read without overflow pages. An article whose words are
/// only further in still matches (FTS5 indexes the whole body), and ranks after those.
pub const SCORED_BODY_BYTES: usize = 1000;
/// Largest feed page read.
pub const MAX_FEED_PAGE_BYTES: usize = 32 * 1024 * 1024;
/// Items read from one feed page (as the app reads them).
pub const MAX_ITEMS_PER_PAGE: usize = 1000;
/// Text indexed per article, in characters.
pub const MAX_BODY_CHARS: usize = 100_000;
pub const MAX_TAGS: usize = 50;
/// One feed page (with its redirects) must arrive within this.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Bumped whenever the schema or what is extracted from an item changes: an index built by another
/// version is rebuilt, never read. 2: the page each article was read from.
const INDEX_VERSION: u32 = 2;
/// How much of a body gets an accent key: a match further in still counts, without the bonus.
const SUMMARY_CHARS: usize = 220;
const MAX_REDIRECTS: usize = 5;
const MAX_IDLE_READERS: usize = 8;
/// bm25 weights of the FTS columns (title, body).
const RANK: &str = "bm25(fts, 10.0, 1.0)";
/// The host of the URL that stands for DIST when links of local pages are resolved.
const SITE_HOST: &str = "dist.invalid";

/// How search is set up.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// `--search-feed`; `None` = DIST/config.json's JSON Feed source.
    pub feed: Option<String>,
    pub max_pages: u32,
    /// Between refreshes; zero = read the feed only at start.
    pub refresh: Duration,
    /// The index database; `None` = in memory.
    pub index_file: Option<PathBuf>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            feed: None,
            max_pages: 500,
            refresh: Duration::from_secs(300),
            index_file: None,
        }
    }
}

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refreshed {
    /// A new index is live. `notes`: what was skipped (a cycle, a refused link, a page cap…).
    Built {
        articles: u64,
        pages: u32,
        notes: Vec<String>,
    },
    /// The feed did not change; the index stays.
    Unchanged,
    /// The feed could not be read; the last good index (if any) stays.
    Failed(String),
    /// There is no feed to index (search answers 404 unless an index was built before).
    Off(String),
}

/// Why a query got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    /// No feed is indexed.
    Off,
    /// The first index is still being built.
    NotReady,
    /// The index could not be read.
    Failed(String),
}

/// One article as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub id: String,
    pub url: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    pub date_published: Option<String>,
    pub image: Option<String>,
    pub tags: Vec<String>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// All matches, over every page.
    pub total: u64,
    pub items: Vec<Hit>,
}

/// The search service: the live index, and how to make the next one.
pub struct Search {
    dist: PathBuf,
    opts: SearchOptions,
    live: RwLock<Live>,
    /// One refresh at a time.
    refreshing: tokio::sync::Mutex<()>,
    /// Queries running at once (each takes a CPU while it runs).
    permits: Semaphore,
    http: OnceLock<HttpClient>,
    /// The index file could not be written: said once, then kept in memory.
    in_memory_said: AtomicBool,
    /// Why search was last off: said again only when it changes (a site without a JSON Feed
    /// would otherwise log it at every refresh).
    off_said: Mutex<Option<String>>,
}

#[derive(Default)]
struct Live {
    /// A feed was found (at the last look, or an index of it is live).
    enabled: bool,
    index: Option<Arc<Snapshot>>,
}

impl fmt::Debug for Search {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Search")
            .field("dist", &self.dist)
            .field("opts", &self.opts)
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn log(message: &str) {
    eprintln!("bantin-server: search: {message}");
}

impl Search {
    /// Looks for the feed and, when an index of that feed from an earlier run is on disk, serves
    /// it until the first refresh replaces it.
    pub fn new(dist: PathBuf, opts: SearchOptions) -> Self {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let search = Self {
            dist,
            opts,
            live: RwLock::new(Live::default()),
            refreshing: tokio::sync::Mutex::new(()),
            permits: Semaphore::new(threads.max(2)),
            http: OnceLock::new(),
            in_memory_said: AtomicBool::new(false),
            off_said: Mutex::new(None),
        };
        if let Ok(loc) = search.locate() {
            let key = search.source_key(&loc);
            let index = search
                .opts
                .index_file
                .as_deref()
                .and_then(|path| Snapshot::open_file(path, &key));
            *search.live.write().unwrap_or_else(|e| e.into_inner()) = Live {
                enabled: true,
                index: index.map(Arc::new),
            };
        }
        search
    }

    fn current(&self) -> (bool, Option<Arc<Snapshot>>) {
        let live = self.live.read().unwrap_or_else(|e| e.into_inner());
        (live.enabled, live.index.clone())
    }

    fn set_live(&self, f: impl FnOnce(&mut Live)) {
        f(&mut self.live.write().unwrap_or_else(|e| e.into_inner()));
    }

    /// Articles in the live index (`None`: none is live).
    pub fn articles(&self) -> Option<u64> {
        self.current().1.map(|s| s.meta.articles)
    }

    /// Whether `/api/search` answers (a feed was found) rather than 404.
    pub fn enabled(&self) -> bool {
        self.current().0
    }

    /// Re-reads the feed and swaps in a new index when it changed. Logs at most one line.
    pub async fn refresh(&self) -> Refreshed {
        let _one = self.refreshing.lock().await;
        let started = Instant::now();
        let loc = match self.locate() {
            Ok(loc) => loc,
            Err(why) => {
                let (_, index) = self.current();
                match index {
                    Some(s) if s.fresh => log(&format!(
                        "{why}; keeping the last index ({} articles)",
                        s.meta.articles
                    )),
                    _ => {
                        // An index read from disk at start is of a feed no longer configured.
                        self.set_live(|l| *l = Live::default());
                        let mut said = lock(&self.off_said);
                        if said.as_deref() != Some(why.as_str()) {
                            log(&format!("off: {why}"));
                            *said = Some(why.clone());
                        }
                    }
                }
                return Refreshed::Off(why);
            }
        };
        *lock(&self.off_said) = None;
        let key = self.source_key(&loc);
        self.set_live(|l| l.enabled = true);
        let (_, current) = self.current();
        let current = current.filter(|s| s.meta.source == key);
        if let Some(cur) = current.as_ref().filter(|c| c.meta.complete) {
            if self.unchanged(&cur.meta.pages).await {
                return Refreshed::Unchanged;
            }
        }

        let (tx, rx) = mpsc::channel::<Batch>(2);
        let target = self.target();
        let builder = tokio::task::spawn_blocking(move || build(target, rx));
        let walk = self.walk(loc, &tx).await;
        let have_index = self.current().1.is_some();
        let outcome = match (&walk.failure, walk.pages.is_empty()) {
            (Some(why), true) => Err(why.clone()),
            // A page further on failed: the archive read is incomplete, and the last good
            // index is more complete. Without one, what was read is better than nothing.
            (Some(why), false) if have_index => Err(why.clone()),
            _ if current.as_ref().is_some_and(|c| {
                c.meta.hash == walk.hash && c.meta.pages == walk.pages && c.meta.complete
            }) && walk.failure.is_none() =>
            {
                drop(tx);
                let _ = builder.await;
                return Refreshed::Unchanged;
            }
            _ => Ok(()),
        };
        if let Err(why) = outcome {
            drop(tx);
            let _ = builder.await;
            match self.current().1 {
                Some(s) => log(&format!(
                    "{why}; keeping the last index ({} articles)",
                    s.meta.articles
                )),
                None => log(&format!("{why}; no index yet")),
            }
            return Refreshed::Failed(why);
        }
        let mut notes = walk.notes;
        let complete = walk.failure.is_none();
        if let Some(why) = walk.failure {
            notes.push(format!(
                "{why}; indexed the {} pages before it",
                walk.pages.len()
            ));
        }
        let meta = Meta {
            version: INDEX_VERSION,
            source: key,
            hash: walk.hash,
            pages: walk.pages,
            complete,
            articles: 0,
        };
        let pages = meta.pages.len() as u32;
        // Should the builder have stopped already, its own error is what it returns.
        let _ = tx.send(Batch::Finish(meta)).await;
        drop(tx);
        let built = builder
            .await
            .map_err(|e| format!("the index builder stopped: {e}"));
        match built.and_then(|r| r) {
            Ok(Some(snapshot)) => {
                let articles = snapshot.meta.articles;
                self.set_live(|l| {
                    l.enabled = true;
                    l.index = Some(Arc::new(snapshot));
                });
                let mut line = format!(
                    "indexed {articles} articles from {pages} pages in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                for n in &notes {
                    line.push_str("; ");
                    line.push_str(n);
                }
                log(&line);
                Refreshed::Built {
                    articles,
                    pages,
                    notes,
                }
            }
            Ok(None) => Refreshed::Failed("the index build was cancelled".into()),
            Err(why) => {
                let why = format!("building the index failed: {why}");
                log(&why);
                Refreshed::Failed(why)
            }
        }
    }

    /// Where the index is built: its file, or memory when the file cannot be written.
    fn target(&self) -> Target {
        let Some(path) = &self.opts.index_file else {
            return Target::Memory;
        };
        let writable = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| {
                let probe = tmp_path(path);
                std::fs::File::create(&probe)?;
                std::fs::remove_file(&probe)
            });
        match writable {
            Ok(()) => Target::File(path.clone()),
            Err(e) => {
                if !self.in_memory_said.swap(true, Ordering::Relaxed) {
                    log(&format!(
                        "cannot write {} ({e}); keeping the index in memory",
                        path.display()
                    ));
                }
                Target::Memory
            }
        }
    }

    fn source_key(&self, loc: &Loc) -> String {
        format!("{loc} max_pages={}", self.opts.max_pages)
    }

    fn dist_root(&self) -> Result<PathBuf, String> {
        self.dist
            .canonicalize()
            .map_err(|e| format!("DIST {} is not readable: {e}", self.dist.display()))
    }

    /// The first page: `--search-feed`, or DIST/config.json's JSON Feed source.
    fn locate(&self) -> Result<Loc, String> {
        if let Some(feed) = &self.opts.feed {
            if let Some(rest) = strip_scheme(feed) {
                return web_loc(rest.0, feed).map_err(|why| format!("--search-feed {feed}: {why}"));
            }
            let root = self.dist_root()?;
            let path = Path::new(feed);
            let path = if path.is_absolute() {
                path.to_path_buf()
            } else {
                root.join(path)
            };
            return local_loc(&root, &path).map_err(|why| format!("--search-feed {feed}: {why}"));
        }
        let root = self.dist_root()?;
        let config_path = root.join("config.json");
        let bytes = std::fs::read(&config_path)
            .map_err(|_| format!("no feed: {} is missing", config_path.display()))?;
        let config: Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("no feed: {} is not JSON ({e})", config_path.display()))?;
        let source = config.get("source");
        let kind = source.and_then(|s| s.get("kind")).and_then(Value::as_str);
        let url = source
            .and_then(|s| s.get("url"))
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default();
        if kind != Some("jsonfeed") || url.is_empty() {
            return Err(
                "no feed: config.json's source is not a JSON Feed (give --search-feed)".into(),
            );
        }
        if url.starts_with("//") || Url::parse(url).is_ok() {
            return Err(format!(
                "no feed: config.json's source.url {url} is not a file in DIST (give --search-feed)"
            ));
        }
        // The app's base is DIST's root, so a relative source.url names a file from there.
        let file = site_file(&root, &root, url)?;
        local_loc(&root, &file)
            .map_err(|why| format!("no feed: config.json's source.url {url}: {why}"))
    }

    /// Whether every page of the live index is as it was: same file size and time, or `304`.
    async fn unchanged(&self, pages: &[PageStamp]) -> bool {
        if pages.is_empty() {
            return false;
        }
        for page in pages {
            let same = match page {
                PageStamp::File {
                    path,
                    len,
                    mtime_ns,
                } => file_stamp(path).is_some_and(|(l, m)| l == *len && m == *mtime_ns),
                PageStamp::Http {
                    url,
                    etag,
                    last_modified,
                } => {
                    if etag.is_none() && last_modified.is_none() {
                        return false;
                    }
                    let Ok(url) = Url::parse(url) else {
                        return false;
                    };
                    matches!(
                        self.http_get(url, Some((etag.as_deref(), last_modified.as_deref())))
                            .await,
                        Ok(HttpPage::NotModified)
                    )
                }
            };
            if !same {
                return false;
            }
        }
        true
    }

    /// Reads the feed page after page, sending the articles to the builder.
    async fn walk(&self, first: Loc, tx: &mpsc::Sender<Batch>) -> Walk {
        let mut walk = Walk::default();
        let mut hasher = SipHasher13::new();
        let mut seen: HashSet<Loc> = HashSet::new();
        let mut next = Some(first);
        while let Some(loc) = next.take() {
            if walk.pages.len() >= self.opts.max_pages as usize {
                walk.notes.push(format!(
                    "stopped after {} pages (--search-max-pages)",
                    self.opts.max_pages
                ));
                break;
            }
            if !seen.insert(loc.clone()) {
                walk.notes.push(format!("next_url cycle back to {loc}"));
                break;
            }
            let fetched = match self.fetch(&loc).await {
                Ok(f) => f,
                Err(why) => {
                    walk.failure = Some(format!("feed page {loc}: {why}"));
                    break;
                }
            };
            let base = fetched.base.clone();
            let bytes = fetched.bytes;
            let parsed = match tokio::task::spawn_blocking(move || {
                parse_page(&bytes, &base).map(|p| (p, bytes))
            })
            .await
            {
                Ok(Ok(p)) => p,
                Ok(Err(why)) => {
                    walk.failure = Some(format!("feed page {loc}: {why}"));
                    break;
                }
                Err(e) => {
                    walk.failure = Some(format!("feed page {loc}: {e}"));
                    break;
                }
            };
            let (page, bytes) = parsed;
            hasher.write(loc.to_string().as_bytes());
            hasher.write(&(bytes.len() as u64).to_le_bytes());
            hasher.write(&bytes);
            walk.pages.push(fetched.stamp);
            let batch = Batch::Docs {
                page: page_url(&loc, &fetched.base),
                docs: page.docs,
            };
            if tx.send(batch).await.is_err() {
                walk.failure = Some("the index builder stopped".into());
                break;
            }
            if let Some(raw) = page.next {
                match self.next_loc(&fetched.final_loc, &raw) {
                    Ok(n) => next = Some(n),
                    Err(why) => walk
                        .notes
                        .push(format!("next_url {raw} of {loc} not followed: {why}")),
                }
            }
        }
        walk.hash = format!("{:032x}", hasher.finish128().as_u128());
        walk
    }

    /// The page `raw` (a page's `next_url`) names.
    fn next_loc(&self, final_loc: &Loc, raw: &str) -> Result<Loc, String> {
        match final_loc {
            Loc::Http(base) => {
                let url = base.join(raw).map_err(|e| format!("not a URL ({e})"))?;
                web_url(url)
            }
            Loc::File(path) => {
                if raw.starts_with("//") {
                    return Err("a protocol-relative URL names no file in DIST".into());
                }
                if let Ok(url) = Url::parse(raw) {
                    return web_url(url);
                }
                let root = self.dist_root()?;
                let dir = path.parent().unwrap_or(&root);
                let file = site_file(&root, dir, raw)?;
                local_loc(&root, &file)
            }
        }
    }

    /// One page's bytes, with what is needed to resolve its links and to notice a change.
    async fn fetch(&self, loc: &Loc) -> Result<Fetched, String> {
        match loc {
            Loc::File(path) => {
                let root = self.dist_root()?;
                let path = path.clone();
                let read = tokio::task::spawn_blocking(move || read_local(&root, &path))
                    .await
                    .map_err(|e| e.to_string())??;
                Ok(read)
            }
            Loc::Http(url) => match self.http_get(url.clone(), None).await? {
                HttpPage::Body {
                    bytes,
                    final_url,
                    etag,
                    last_modified,
                } => Ok(Fetched {
                    bytes,
                    base: final_url.clone(),
                    final_loc: Loc::Http(final_url),
                    stamp: PageStamp::Http {
                        url: url.to_string(),
                        etag,
                        last_modified,
                    },
                }),
                HttpPage::NotModified => Err("answered 304 to an unconditional request".into()),
            },
        }
    }

    fn http(&self) -> &HttpClient {
        self.http.get_or_init(|| {
            let mut connector = HttpConnector::new();
            connector.set_connect_timeout(Some(Duration::from_secs(10)));
            connector.enforce_http(true);
            Client::builder(TokioExecutor::new())
                .pool_idle_timeout(Duration::from_secs(30))
                .build(connector)
        })
    }

    /// GET `url` (following up to five redirects to http:// URLs), conditionally when
    /// `validators` are given.
    async fn http_get(
        &self,
        url: Url,
        validators: Option<(Option<&str>, Option<&str>)>,
    ) -> Result<HttpPage, String> {
        let client = self.http().clone();
        let validators = validators.map(|(e, m)| (e.map(String::from), m.map(String::from)));
        let work = async move {
            let mut url = url;
            for _ in 0..=MAX_REDIRECTS {
                let mut req = Request::get(url.as_str())
                    .header(
                        header::USER_AGENT,
                        concat!("bantin-server/", env!("CARGO_PKG_VERSION"), " (search)"),
                    )
                    .header(
                        header::ACCEPT,
                        "application/feed+json, application/json;q=0.9, */*;q=0.1",
                    );
                if let Some((etag, modified)) = &validators {
                    if let Some(e) = etag {
                        req = req.header(header::IF_NONE_MATCH, e.as_str());
                    }
                    if let Some(m) = modified {
                        req = req.header(header::IF_MODIFIED_SINCE, m.as_str());
                    }
                }
                let req = req.body(Body::empty()).map_err(|e| e.to_string())?;
                let resp = client.request(req).await.map_err(|e| {
                    let mut why = e.to_string();
                    let mut src = std::error::Error::source(&e);
                    while let Some(s) = src {
                        why = format!("{why}: {s}");
                        src = s.source();
                    }
                    why
                })?;
                let status = resp.status();
                if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                    let location = resp
                        .headers()
                        .get(header::LOCATION)
                        .and_then(|v| v.to_str().ok())
                        .ok_or_else(|| format!("HTTP {} without a Location", status.as_u16()))?;
                    let to = url
                        .join(location)
                        .map_err(|e| format!("bad redirect ({e})"))?;
                    url = match web_url(to)? {
                        Loc::Http(u) => u,
                        Loc::File(_) => return Err("bad redirect".into()),
                    };
                    continue;
                }
                if status == StatusCode::NOT_MODIFIED && validators.is_some() {
                    return Ok(HttpPage::NotModified);
                }
                if !status.is_success() {
                    return Err(format!("HTTP {}", status.as_u16()));
                }
                let header_text = |name| {
                    resp.headers()
                        .get(name)
                        .and_then(|v: &HeaderValue| v.to_str().ok())
                        .map(String::from)
                };
                let etag = header_text(header::ETAG);
                let last_modified = header_text(header::LAST_MODIFIED);
                let declared = resp
                    .headers()
                    .get(header::CONTENT_LENGTH)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok());
                if declared.is_some_and(|n| n > MAX_FEED_PAGE_BYTES as u64) {
                    return Err(format!("larger than {MAX_FEED_PAGE_BYTES} bytes"));
                }
                let bytes = axum::body::to_bytes(Body::new(resp.into_body()), MAX_FEED_PAGE_BYTES)
                    .await
                    .map_err(|e| format!("reading the body: {e}"))?;
                return Ok(HttpPage::Body {
                    bytes: bytes.to_vec(),
                    final_url: url,
                    etag,
                    last_modified,
                });
            }
            Err(format!("more than {MAX_REDIRECTS} redirects"))
        };
        tokio::time::timeout(FETCH_TIMEOUT, work)
            .await
            .map_err(|_| format!("no answer within {} s", FETCH_TIMEOUT.as_secs()))?
    }

    /// A page of results for `query` (1-based `page`).
    pub async fn find(&self, query: Query, page: u32, per_page: u32) -> Result<Found, SearchError> {
        let offset = (page.max(1) as usize - 1) * per_page as usize;
        let limit = per_page as usize;
        self.read(move |conn| find_in(conn, &query, offset, limit))
            .await
    }

    /// The article `id` as indexed and the URL of the feed page that holds it (the first page
    /// with that id): a site path (`/demo/feed-3.json`) for a feed in DIST, the absolute URL
    /// the page was requested at for an http feed. `None`: no such article.
    pub async fn page_of(&self, id: &str) -> Result<Option<(String, String)>, SearchError> {
        let id = id.to_string();
        self.read(move |conn| page_in(conn, &id)).await
    }

    /// Runs `f` on the live index, off the async threads, one of at most `permits` at once.
    async fn read<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    ) -> Result<R, SearchError> {
        let (enabled, index) = self.current();
        let Some(index) = index else {
            return Err(if enabled {
                SearchError::NotReady
            } else {
                SearchError::Off
            });
        };
        if !enabled {
            return Err(SearchError::Off);
        }
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| SearchError::Failed(e.to_string()))?;
        tokio::task::spawn_blocking(move || index.db.with(f))
            .await
            .map_err(|e| SearchError::Failed(e.to_string()))?
            .map_err(|e| SearchError::Failed(e.to_string()))
    }
}

/// The URL a feed page is answered as: for a file in DIST its site path (as the server serves
/// it, percent-encoded), for an http page the URL it was requested at (where the app, following
/// `next_url` itself, would ask for it too, and what its links resolve against there).
fn page_url(loc: &Loc, base: &Url) -> String {
    match loc {
        Loc::File(_) => base.path().to_string(),
        Loc::Http(url) => url.to_string(),
    }
}

/// `Some((scheme, rest))` when `s` starts with `scheme://`.
fn strip_scheme(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = s.split_once("://")?;
    (!scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then_some((scheme, rest))
}

fn web_loc(scheme: &str, raw: &str) -> Result<Loc, String> {
    if scheme.eq_ignore_ascii_case("https") {
        return Err(HTTPS_NOT_FETCHED.into());
    }
    let url = Url::parse(raw).map_err(|e| format!("not a URL ({e})"))?;
    web_url(url)
}

const HTTPS_NOT_FETCHED: &str =
    "https is not fetched (bantin-server has no TLS client): serve the feed over http:// or from DIST";

fn web_url(url: Url) -> Result<Loc, String> {
    match url.scheme() {
        "http" if url.host().is_some() => Ok(Loc::Http(url)),
        "https" => Err(HTTPS_NOT_FETCHED.into()),
        other => Err(format!("{other}: is neither http:// nor a file in DIST")),
    }
}

/// The file in DIST that the link `raw` names from a page in `dir` (a site path from `/` is
/// DIST's root). `..` may not climb above DIST.
fn site_file(root: &Path, dir: &Path, raw: &str) -> Result<PathBuf, String> {
    let path = raw.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| "not UTF-8 once decoded".to_string())?;
    let (mut at, rest) = match decoded.strip_prefix('/') {
        Some(rest) => (root.to_path_buf(), rest),
        None => (dir.to_path_buf(), decoded.as_ref()),
    };
    if !at.starts_with(root) {
        return Err("outside DIST".into());
    }
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if at == root {
                    return Err("escapes DIST".into());
                }
                at.pop();
            }
            p if p.contains(['\\', '\0']) => return Err("not a plain file path".into()),
            p => at.push(p),
        }
    }
    Ok(at)
}

/// A file under DIST's (canonical) `root`, symlinks resolved: refused when it lies outside.
fn local_loc(root: &Path, path: &Path) -> Result<Loc, String> {
    // Lexically first: a path that names something outside is refused even when it is missing.
    let mut lexical = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    if !lexical.starts_with(root) {
        return Err("escapes DIST".into());
    }
    match lexical.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(Loc::File(real)),
        Ok(_) => Err("escapes DIST (through a link)".into()),
        // Missing now: a fetch failure (the feed may come back), not a refusal.
        Err(_) => Ok(Loc::File(lexical)),
    }
}

fn file_stamp(path: &Path) -> Option<(u64, u64)> {
    let m = std::fs::metadata(path).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), u64::try_from(mtime).unwrap_or(u64::MAX)))
}

fn read_local(root: &Path, path: &Path) -> Result<Fetched, String> {
    let real = path.canonicalize().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "not found".to_string()
        } else {
            e.to_string()
        }
    })?;
    if !real.starts_with(root) {
        return Err("escapes DIST (through a link)".into());
    }
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    if meta.len() > MAX_FEED_PAGE_BYTES as u64 {
        return Err(format!("larger than {MAX_FEED_PAGE_BYTES} bytes"));
    }
    let (len, mtime_ns) = file_stamp(&real).ok_or("cannot stat")?;
    let bytes = std::fs::read(&real).map_err(|e| e.to_string())?;
    let mut base = Url::parse(&format!("http://{SITE_HOST}/")).map_err(|e| e.to_string())?;
    if let Ok(rel) = real.strip_prefix(root) {
        if let Ok(mut segs) = base.path_segments_mut() {
            segs.pop_if_empty();
            segs.extend(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned()),
            );
        }
    }
    Ok(Fetched {
        bytes,
        base,
        final_loc: Loc::File(real.clone()),
        stamp: PageStamp::File {
            path: real,
            len,
            mtime_ns,
        },
    })
}

/// Where a feed page is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Loc {
    /// A file under DIST (canonical when it exists).
    File(PathBuf),
    Http(Url),
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::File(p) => write!(f, "{}", p.display()),
            Loc::Http(u) => write!(f, "{u}"),
        }
    }
}

/// What tells whether a page changed without reading it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum PageStamp {
    File {
        path: PathBuf,
        len: u64,
        mtime_ns: u64,
    },
    Http {
        url: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

struct Fetched {
    bytes: Vec<u8>,
    /// The URL relative links of the page resolve against (for a file, `http://dist.invalid/…`).
    base: Url,
    /// Where the page was found in the end (after redirects).
    final_loc: Loc,
    stamp: PageStamp,
}

enum HttpPage {
    NotModified,
    Body {
        bytes: Vec<u8>,
        final_url: Url,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

type HttpClient = Client<HttpConnector, Body>;

#[derive(Default)]
struct Walk {
    pages: Vec<PageStamp>,
    hash: String,
    notes: Vec<String>,
    failure: Option<String>,
}

/// An article as indexed.
#[derive(Debug, Clone)]
struct Doc {
    id: String,
    url: Option<String>,
    title: String,
    summary: Option<String>,
    date_published: Option<String>,
    date_ms: i64,
    image: Option<String>,
    tags: Vec<String>,
    /// Summary, tags and content as plain text.
    body: String,
}

struct Page {
    docs: Vec<Doc>,
    next: Option<String>,
}

fn text_field(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A link of a page made absolute: a site path (`/demo/img/a.svg`) for a page in DIST, an
/// absolute URL otherwise; `None` unless it is a web link.
fn link(base: &Url, raw: &str) -> Option<String> {
    let url = base.join(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    if url.host_str() == Some(SITE_HOST) {
        let mut s = url.path().to_string();
        if let Some(q) = url.query() {
            s.push('?');
            s.push_str(q);
        }
        if let Some(f) = url.fragment() {
            s.push('#');
            s.push_str(f);
        }
        return Some(s);
    }
    Some(url.into())
}

fn parse_date(s: &str) -> Option<i64> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    let day = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

/// The first `max` characters of `text`, cut after a word, with "…" when cut.
fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => {
            let head = &text[..at];
            let cut = head.rfind(' ').filter(|&i| i > at / 2).unwrap_or(at);
            format!("{}…", head[..cut].trim_end())
        }
    }
}

/// The largest char boundary of `s` at or before `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// `s` cut to `max` characters.
fn cut_chars(s: &mut String, max: usize) {
    if let Some((at, _)) = s.char_indices().nth(max) {
        s.truncate(at);
    }
}

fn item(value: &Value, base: &Url) -> Option<Doc> {
    let obj = value.as_object()?;
    let id = match obj.get("id")? {
        Value::String(s) if !s.trim().is_empty() => s.trim().to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        _ => return None,
    };
    let mut text = String::new();
    match (
        text_field(obj, "content_html"),
        text_field(obj, "content_text"),
    ) {
        (Some(html), _) => html_text(&html, &mut text),
        (None, Some(t)) => text.push_str(&collapse(&t)),
        (None, None) => {}
    }
    let text = text.trim();
    let summary_given = text_field(obj, "summary").map(|s| collapse(&s));
    let mut tags: Vec<String> = Vec::new();
    if let Some(Value::Array(list)) = obj.get("tags") {
        for tag in list.iter().filter_map(Value::as_str).map(collapse) {
            if tags.len() == MAX_TAGS {
                break;
            }
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    // What is searched besides the title: the summary, the tags (as the in-browser index
    // does), the text. The summary and tags first, so the scored head holds them.
    let mut body = String::new();
    for part in summary_given.iter().chain(&tags) {
        body.push_str(part);
        body.push_str(" · ");
    }
    body.push_str(text);
    let mut body = body.trim_end_matches([' ', '·']).to_string();
    cut_chars(&mut body, MAX_BODY_CHARS);
    let summary =
        summary_given.or_else(|| (!text.is_empty()).then(|| excerpt(text, SUMMARY_CHARS)));
    let title = text_field(obj, "title")
        .map(|t| collapse(&t))
        .or_else(|| summary.as_deref().map(|s| excerpt(s, 80)))
        .unwrap_or_default();
    let date_published = text_field(obj, "date_published");
    let date_ms = date_published
        .as_deref()
        .and_then(parse_date)
        .unwrap_or(i64::MIN);
    Some(Doc {
        id,
        url: text_field(obj, "url")
            .or_else(|| text_field(obj, "external_url"))
            .and_then(|u| link(base, &u)),
        title,
        summary,
        date_published,
        date_ms,
        image: text_field(obj, "image").and_then(|u| link(base, &u)),
        tags,
        body,
    })
}

fn parse_page(bytes: &[u8], base: &Url) -> Result<Page, String> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON ({e})"))?;
    let feed = doc.as_object().ok_or("not a JSON object")?;
    let items = match feed.get("items") {
        Some(Value::Array(items)) => items,
        Some(_) => return Err("`items` is not a list".into()),
        None => return Err("no `items`".into()),
    };
    let docs = items
        .iter()
        .take(MAX_ITEMS_PER_PAGE)
        .filter_map(|v| item(v, base))
        .collect();
    Ok(Page {
        docs,
        next: text_field(feed, "next_url"),
    })
}

/// Whitespace runs as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tags that do not separate words (`Ki<b>ế</b>n` is one word).
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];
/// Elements whose content is not text.
const SKIPPED_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg", "math"];

/// The text of an HTML fragment appended to `out`: tags dropped (block tags as a space), script
/// and style skipped, character references decoded, whitespace collapsed. Enough for words.
fn html_text(html: &str, out: &mut String) {
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '<' {
            if let Some(after) = rest.strip_prefix("<!--") {
                i += 4 + after.find("-->").map_or(after.len(), |e| e + 3);
                space(out);
                continue;
            }
            let next = rest[1..].chars().next().unwrap_or(' ');
            if next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?') {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let inner = rest[1..end].trim_end_matches('>');
                let closing = inner.starts_with('/');
                let name: String = inner
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                i += end;
                if !closing && SKIPPED_TAGS.contains(&name.as_str()) && !inner.ends_with('/') {
                    let close = format!("</{name}");
                    i += find_ascii_ci(&html[i..], &close).unwrap_or(html.len() - i);
                } else if !INLINE_TAGS.contains(&name.as_str()) {
                    space(out);
                }
                continue;
            }
        }
        if c == '&' {
            if let Some((decoded, len)) = entity(rest) {
                if let Some(d) = decoded {
                    if d.is_whitespace() {
                        space(out);
                    } else {
                        out.push(d);
                    }
                }
                i += len;
                continue;
            }
        }
        if c.is_whitespace() {
            space(out);
        } else if c != '\u{ad}' {
            out.push(c);
        }
        i += c.len_utf8();
    }
}

/// Where `needle` (ASCII, lowercase) first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().checked_sub(n.len())? + 1).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Latin-1 letters (U+00C0–U+00FF) by their HTML names: older Vietnamese CMSs write "Vi&ecirc;t".
const LATIN1: [&str; 64] = [
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("middot", '·'),
    ("bull", '•'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("euro", '€'),
];

/// A character reference at the start of `s` (`&amp;`, `&#7879;`, `&#x1EC7;`): the character
/// (`None` for a soft hyphen, which joins) and the length read; `None` when it is none.
fn entity(s: &str) -> Option<(Option<char>, usize)> {
    let end = s.get(1..34).unwrap_or(&s[1..]).find(';')? + 1;
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|&c| c != '\0')?
    } else if name == "shy" {
        return Some((None, end + 1));
    } else if let Some(i) = LATIN1.iter().position(|&n| n == name) {
        char::from_u32(0xC0 + i as u32)?
    } else {
        NAMED.iter().find(|(n, _)| *n == name)?.1
    };
    Some((Some(c), end + 1))
}

/// What is known about an index, kept in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Meta {
    version: u32,
    /// The first page and the page cap it was read with.
    source: String,
    /// Of every page's bytes, in order.
    hash: String,
    pages: Vec<PageStamp>,
    /// Every page was read (not cut short by a failing page): only then may an unchanged set of
    /// pages skip the next walk.
    complete: bool,
    articles: u64,
}

/// A finished index. Never written again: a refresh makes a new one.
struct Snapshot {
    db: Db,
    meta: Meta,
    /// Built by this process (not read from disk at start).
    fresh: bool,
}

enum Db {
    /// Read-only connections to the file, opened as needed. The file is replaced by a rename, so
    /// open connections keep reading the index they opened.
    File {
        path: PathBuf,
        idle: Mutex<Vec<Connection>>,
    },
    Memory(Mutex<Connection>),
}

impl Db {
    fn with<R>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<R>) -> rusqlite::Result<R> {
        match self {
            Db::Memory(conn) => f(&lock(conn)),
            Db::File { path, idle } => {
                let conn = match lock(idle).pop() {
                    Some(c) => c,
                    None => open_reader(path)?,
                };
                let result = f(&conn);
                let mut idle = lock(idle);
                if idle.len() < MAX_IDLE_READERS {
                    idle.push(conn);
                }
                result
            }
        }
    }
}

fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // Mapped reads: the index pages come straight from the page cache.
    let _ = conn.pragma_update(None, "mmap_size", 256i64 * 1024 * 1024);
    Ok(conn)
}

fn read_meta(conn: &Connection) -> rusqlite::Result<Option<Meta>> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'meta'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

impl Snapshot {
    /// The index left by an earlier run, when it is of this version and this feed.
    fn open_file(path: &Path, source: &str) -> Option<Snapshot> {
        if !path.is_file() {
            return None;
        }
        let conn = open_reader(path).ok()?;
        let meta = read_meta(&conn).ok().flatten()?;
        if meta.version != INDEX_VERSION || meta.source != source {
            return None;
        }
        Some(Snapshot {
            db: Db::File {
                path: path.to_path_buf(),
                idle: Mutex::new(vec![conn]),
            },
            meta,
            fresh: false,
        })
    }
}

enum Target {
    File(PathBuf),
    Memory,
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

enum Batch {
    /// The articles of one page, and the page's URL as answered by `?id=`.
    Docs { page: String, docs: Vec<Doc> },
    /// Everything was sent: commit, and swap in.
    Finish(Meta),
}

const SCHEMA: &str = "
-- The feed pages, in feed order; `url` as answered by `?id=`.
CREATE TABLE pages (
    p INTEGER PRIMARY KEY,
    url TEXT NOT NULL
);
CREATE TABLE articles (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    page INTEGER NOT NULL,
    url TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    date_published TEXT,
    date_ms INTEGER NOT NULL,
    image TEXT,
    tags TEXT NOT NULL,
    head TEXT NOT NULL
);
-- Contentless: FTS5 keeps only the index of the folded title and body (and the column sizes bm25
-- needs), not the folded text. Prefix indexes for the first letters typed. detail=column: no word
-- positions (no phrase is ever asked), a third of the size and no slower.
CREATE VIRTUAL TABLE fts USING fts5(
    title, body, content='', detail=column, prefix='1 2 3',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

/// Removes a half-built index file unless it was finished.
struct TmpFile(Option<PathBuf>);

impl Drop for TmpFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Builds an index from the batches; `Ok(None)` when the sender went away before `Finish`.
fn build(target: Target, mut rx: mpsc::Receiver<Batch>) -> Result<Option<Snapshot>, String> {
    let err = |e: rusqlite::Error| e.to_string();
    let (mut conn, tmp) = match &target {
        Target::Memory => (Connection::open_in_memory().map_err(err)?, TmpFile(None)),
        Target::File(path) => {
            let tmp = tmp_path(path);
            let _ = std::fs::remove_file(&tmp);
            let guard = TmpFile(Some(tmp.clone()));
            let conn = Connection::open(&tmp).map_err(err)?;
            // A throwaway file until it is renamed: no journal, no syncs while it fills.
            conn.execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;",
            )
            .map_err(err)?;
            (conn, guard)
        }
    };
    conn.execute_batch(SCHEMA).map_err(err)?;
    let tx = conn.transaction().map_err(err)?;
    let mut ids: HashSet<String> = HashSet::new();
    let mut n: i64 = 0;
    let mut p: i64 = 0;
    let mut meta = loop {
        match rx.blocking_recv() {
            None => return Ok(None),
            Some(Batch::Finish(meta)) => break meta,
            Some(Batch::Docs { page, docs }) => {
                p += 1;
                tx.prepare_cached("INSERT INTO pages (p, url) VALUES (?1, ?2)")
                    .map_err(err)?
                    .execute(params![p, page])
                    .map_err(err)?;
                let mut article = tx
                    .prepare_cached(
                        "INSERT INTO articles (n, id, page, url, title, summary, date_published,
                         date_ms, image, tags, head)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    )
                    .map_err(err)?;
                let mut fts = tx
                    .prepare_cached("INSERT INTO fts (rowid, title, body) VALUES (?1, ?2, ?3)")
                    .map_err(err)?;
                for d in docs {
                    // The first page that has an id wins (feeds list the newest first).
                    if !ids.insert(d.id.clone()) {
                        continue;
                    }
                    n += 1;
                    let title_folded = bantin_fold::fold(&d.title);
                    let body_folded = bantin_fold::fold(&d.body);
                    let tags = serde_json::to_string(&d.tags).unwrap_or_else(|_| "[]".into());
                    article
                        .execute(params![
                            n,
                            d.id,
                            p,
                            d.url,
                            d.title,
                            d.summary,
                            d.date_published,
                            d.date_ms,
                            d.image,
                            tags,
                            &d.body[..floor_char_boundary(&d.body, SCORED_BODY_BYTES)],
                        ])
                        .map_err(err)?;
                    fts.execute(params![n, title_folded, body_folded])
                        .map_err(err)?;
                }
            }
        }
    };
    meta.articles = n as u64;
    let meta_json = serde_json::to_string(&meta).map_err(|e| e.to_string())?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('meta', ?1)",
        params![meta_json],
    )
    .map_err(err)?;
    // One segment: fewer b-trees to read per query.
    tx.execute("INSERT INTO fts (fts) VALUES ('optimize')", [])
        .map_err(err)?;
    // For `?id=`; made once filled (faster than kept up row by row). Ids are unique already.
    tx.execute("CREATE UNIQUE INDEX articles_id ON articles (id)", [])
        .map_err(err)?;
    tx.commit().map_err(err)?;
    let db = match target {
        Target::Memory => Db::Memory(Mutex::new(conn)),
        Target::File(path) => {
            conn.close().map_err(|(_, e)| e.to_string())?;
            let mut tmp = tmp;
            let from = tmp.0.take().unwrap_or_default();
            // On disk before the rename, so a crash leaves the old index or the new one.
            std::fs::File::open(&from)
                .and_then(|f| f.sync_all())
                .map_err(|e| e.to_string())?;
            if let Err(e) = std::fs::rename(&from, &path) {
                let _ = std::fs::remove_file(&from);
                return Err(format!("cannot move the index to {}: {e}", path.display()));
            }
            let reader = open_reader(&path).map_err(err)?;
            Db::File {
                path,
                idle: Mutex::new(vec![reader]),
            }
        }
    };
    Ok(Some(Snapshot {
        db,
        meta,
        fresh: true,
    }))
}

/// The FTS5 expression for a query: each folded term a quoted prefix query, all ANDed. Terms
/// are cut into runs of letters and digits, so no user text reaches FTS5's syntax (quotes,
/// operators, columns) and every phrase is one token.
pub fn match_expression(query: &Query) -> Option<String> {
    expression(query, "")
}

/// [`match_expression`] with every term limited to the column `filter` (e.g. `"title : "`).
fn expression(query: &Query, filter: &str) -> Option<String> {
    let mut tokens: Vec<&str> = Vec::new();
    for term in query.terms() {
        for t in term.split(|c: char| !c.is_alphanumeric()) {
            if !t.is_empty() && !tokens.contains(&t) {
                tokens.push(t);
            }
        }
    }
    let parts: Vec<String> = tokens.iter().map(|t| format!("{filter}\"{t}\"*")).collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

fn find_in(
    conn: &Connection,
    query: &Query,
    offset: usize,
    limit: usize,
) -> rusqlite::Result<Found> {
    let (Some(expr), Some(in_title)) = (match_expression(query), expression(query, "title : "))
    else {
        return Ok(Found {
            total: 0,
            items: Vec::new(),
        });
    };
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM fts WHERE fts MATCH ?1")?
        .query_row([&expr], |r| r.get(0))?;
    let total = total.max(0) as usize;
    if offset >= total {
        return Ok(Found {
            total: total as u64,
            items: Vec::new(),
        });
    }
    // The candidates: the best by bm25 among the first BM25_WINDOW matches in feed order, then
    // the first matches with every word in the title (which bm25 may have left out).
    let mut candidates: Vec<i64> = Vec::with_capacity(CANDIDATES + TITLE_CANDIDATES);
    {
        let mut st = conn.prepare_cached(&format!(
            "SELECT rowid FROM (SELECT rowid, {RANK} AS r FROM fts WHERE fts MATCH ?1
             ORDER BY rowid LIMIT ?2) ORDER BY r, rowid LIMIT ?3"
        ))?;
        let rows = st.query_map(params![expr, BM25_WINDOW as i64, CANDIDATES as i64], |r| {
            r.get(0)
        })?;
        for n in rows {
            candidates.push(n?);
        }
    }
    if total > candidates.len() {
        let mut st = conn
            .prepare_cached("SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rowid LIMIT ?2")?;
        let rows = st.query_map(params![in_title, TITLE_CANDIDATES as i64], |r| r.get(0))?;
        let picked: HashSet<i64> = candidates.iter().copied().collect();
        for n in rows {
            let n = n?;
            if !picked.contains(&n) {
                candidates.push(n);
            }
        }
    }
    let mut rows: Vec<i64> = Vec::with_capacity(limit);
    if offset < candidates.len() {
        let mut texts =
            conn.prepare_cached("SELECT title, head, date_ms FROM articles WHERE n = ?1")?;
        let mut ranked: Vec<(u32, i64, usize, i64)> = Vec::with_capacity(candidates.len());
        for (pos, n) in candidates.iter().enumerate() {
            let (score, date) = texts.query_row([n], |r| {
                let title = r.get_ref(0)?.as_str()?;
                let head = r.get_ref(1)?.as_str()?;
                let score = bantin_fold::score(query, title, head);
                // None: a word is only past the head (or FTS5 and the scorer split words
                // differently): the match stays, ranked after the others.
                Ok((score.unwrap_or(0), r.get::<_, i64>(2)?))
            })?;
            ranked.push((score, date, pos, *n));
        }
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        rows.extend(ranked.iter().skip(offset).take(limit).map(|r| r.3));
    }
    if rows.len() < limit && total > candidates.len() {
        // The rest in feed order, without the candidates: read up to where this page ends.
        let skip: HashSet<i64> = candidates.iter().copied().collect();
        let mut rest_index = candidates.len();
        let mut st =
            conn.prepare_cached("SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rowid")?;
        let mut all = st.query([&expr])?;
        while let Some(row) = all.next()? {
            let n: i64 = row.get(0)?;
            if skip.contains(&n) {
                continue;
            }
            if rest_index >= offset {
                rows.push(n);
                if rows.len() == limit {
                    break;
                }
            }
            rest_index += 1;
        }
    }
    let mut get = conn.prepare_cached(
        "SELECT id, url, title, summary, date_published, image, tags FROM articles WHERE n = ?1",
    )?;
    let mut items = Vec::with_capacity(rows.len());
    for n in rows {
        items.push(get.query_row([n], |r| {
            let tags: String = r.get(6)?;
            Ok(Hit {
                id: r.get(0)?,
                url: r.get(1)?,
                title: r.get(2)?,
                summary: r.get(3)?,
                date_published: r.get(4)?,
                image: r.get(5)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
            })
        })?);
    }
    Ok(Found {
        total: total as u64,
        items,
    })
}

/// The article `id` and the URL of the page it was read from.
fn page_in(conn: &Connection, id: &str) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached(
        "SELECT articles.id, pages.url FROM articles JOIN pages ON pages.p = articles.page
         WHERE articles.id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// The answer of `GET /api/search?id=…`.
#[derive(Debug, Serialize)]
pub struct PageAnswer {
    pub id: String,
    /// The feed page that holds the article; `null` when the archive has no
    /// article with this id (an answer, not an error: a browser logs every
    /// 404 in its console, and the app asks for every shared link).
    pub page: Option<String>,
}

/// The answer of `GET /api/search`.
#[derive(Debug, Serialize)]
pub struct SearchAnswer {
    pub query: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<Hit>,
}

/// The 400 for a query string too long to read (by the app's request bounds).
pub fn query_too_long() -> ApiError {
    ApiError::bad_request(format!(
        "q must be at most {MAX_Q_CHARS} characters (id at most {MAX_ID_CHARS})"
    ))
}

/// What a request to `/api/search` asks, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// `q` (trimmed), parsed, `page`, `per_page`.
    Find(String, Query, u32, u32),
    /// `id` (trimmed): which feed page holds that article.
    Page(String),
}

/// `q`, `page` and `per_page` of a search request, or its `id`, checked.
pub fn parse_params(
    params: Result<QueryString<Vec<(String, String)>>, QueryRejection>,
) -> Result<Ask, ApiError> {
    let Ok(QueryString(pairs)) = params else {
        return Err(ApiError::bad_request("the query string could not be read"));
    };
    // A repeated parameter: the last one counts (as on the comments API).
    let last = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let number = |name: &str, default: u32, max: u32| -> Result<u32, ApiError> {
        match last(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(format!("{name} must be a whole number from 1 to {max}"))
                }),
        }
    };
    if let Some(id) = last("id") {
        if last("q").is_some() {
            return Err(ApiError::bad_request(
                "give either q (the words to search for) or id (an article), not both",
            ));
        }
        if id.chars().count() > MAX_ID_CHARS {
            return Err(ApiError::bad_request(format!(
                "id must be at most {MAX_ID_CHARS} characters"
            )));
        }
        // As the feed's ids are read (trimmed; an empty one is no id).
        let id = id.trim();
        if id.is_empty() {
            return Err(ApiError::bad_request("id is empty"));
        }
        return Ok(Ask::Page(id.to_string()));
    }
    let q = last("q").ok_or_else(|| {
        ApiError::bad_request("q (the words to search for) or id (an article) is required")
    })?;
    if q.chars().count() > MAX_Q_CHARS {
        return Err(query_too_long());
    }
    let q = q.trim().to_string();
    let parsed = Query::parse(&q);
    if parsed.is_empty() || match_expression(&parsed).is_none() {
        return Err(ApiError::bad_request("q has no words to search for"));
    }
    let page = number("page", 1, MAX_PAGE)?;
    let per_page = number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?;
    Ok(Ask::Find(q, parsed, page, per_page))
}

/// `GET /api/search?q=…&page=1&per_page=20`, or `GET /api/search?id=…`.
pub async fn search<S: Store>(
    State(st): State<AppState<S>>,
    params: Result<QueryString<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let search = &st.search;
    if !search.enabled() {
        return off();
    }
    let answer = match parse_params(params) {
        Ok(Ask::Find(q, query, page, per_page)) => {
            search.find(query, page, per_page).await.map(|found| {
                Json(SearchAnswer {
                    query: q,
                    total: found.total,
                    page,
                    per_page,
                    items: found.items,
                })
                .into_response()
            })
        }
        Ok(Ask::Page(id)) => search.page_of(&id).await.map(|found| {
            let answer = match found {
                Some((id, page)) => PageAnswer {
                    id,
                    page: Some(page),
                },
                None => PageAnswer {
                    id: id.trim().to_string(),
                    page: None,
                },
            };
            Json(answer).into_response()
        }),
        Err(e) => return e.into_response(),
    };
    match answer {
        Ok(mut resp) => {
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(SearchError::Off) => off(),
        Err(SearchError::NotReady) => {
            let mut resp = ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "the search index is being built; try again shortly".into(),
            }
            .into_response();
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            resp
        }
        Err(SearchError::Failed(why)) => {
            log(&format!("query failed: {why}"));
            ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "search is unavailable; try again later".into(),
            }
            .into_response()
        }
    }
}

fn off() -> Response {
    ApiError {
        status: StatusCode::NOT_FOUND,
        message: "search is off: the server indexes no JSON Feed (see --search-feed)".into(),
    }
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_words() {
        let mut out = String::new();
        html_text(
            "<p>Huyện <b>Ki</b>ến Thụy&nbsp;&amp;&#32;Vi&ecirc;t&#x1EC7;</p><script>var x = '<p>no</p>';</script>\
             <STYLE>p{}</STYLE><!-- c --><br/>a &lt; b &unknown; c&shy;d 1 < 2",
            &mut out,
        );
        assert_eq!(
            out.trim(),
            "Huyện Kiến Thụy & Viêtệ a < b &unknown; cd 1 < 2"
        );
    }

    #[test]
    fn match_expressions_are_quoted_prefixes() {
        assert_eq!(
            match_expression(&Query::parse("Kiến  THỤY")).as_deref(),
            Some("\"kien\"* AND \"thuy\"*")
        );
        assert_eq!(
            match_expression(&Query::parse("\"a\" OR NEAR(b) *")).as_deref(),
            Some("\"a\"* AND \"or\"* AND \"near\"* AND \"b\"*")
        );
        assert_eq!(match_expression(&Query::parse("!!! ---")), None);
    }

    #[test]
    fn links_of_local_and_web_pages() {
        let site = Url::parse("http://dist.invalid/demo/feed.json").unwrap();
        assert_eq!(link(&site, "img/a.svg").as_deref(), Some("/demo/img/a.svg"));
        assert_eq!(link(&site, "/x?y=1#z").as_deref(), Some("/x?y=1#z"));
        assert_eq!(
            link(&site, "https://cdn.example/a.jpg").as_deref(),
            Some("https://cdn.example/a.jpg")
        );
        assert_eq!(link(&site, "javascript:alert(1)"), None);
        let web = Url::parse("http://feeds.example/a/feed.json").unwrap();
        assert_eq!(
            link(&web, "../img/b.png").as_deref(),
            Some("http://feeds.example/img/b.png")
        );
    }

    #[test]
    fn site_files_stay_in_dist() {
        let root = Path::new("/srv/dist");
        let dir = Path::new("/srv/dist/demo");
        let ok = |raw: &str| site_file(root, dir, raw).unwrap();
        assert_eq!(
            ok("feed-2.json"),
            PathBuf::from("/srv/dist/demo/feed-2.json")
        );
        assert_eq!(ok("/a/b.json?x#y"), PathBuf::from("/srv/dist/a/b.json"));
        assert_eq!(ok("../b%20c.json"), PathBuf::from("/srv/dist/b c.json"));
        assert!(site_file(root, dir, "../../etc/passwd").is_err());
        assert!(site_file(root, dir, "..%2F..%2Fetc%2Fpasswd").is_err());
        assert!(site_file(root, dir, "/../x").is_err());
    }

    #[test]
    fn excerpts_and_dates() {
        assert_eq!(excerpt("một hai ba", 20), "một hai ba");
        assert_eq!(excerpt("một hai ba bốn", 9), "một hai…");
        assert_eq!(
            parse_date("2020-07-14T10:00:00+07:00"),
            Some(1_594_695_600_000)
        );
        assert_eq!(parse_date("2020-07-14"), Some(1_594_684_800_000));
        assert_eq!(parse_date("hôm qua"), None);
    }
}
