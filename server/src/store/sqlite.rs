//! The default backend: counts in memory, made durable in SQLite (WAL) by a flush at least once a
//! second.
//!
//! One process owns a data directory (an exclusive lock file enforces it). Every read is served
//! from memory, so a hit costs a few hash-map updates under a mutex (well under a microsecond, no
//! allocation for a returning visitor); the app's flusher task calls [`Store::flush`] every second,
//! which writes what changed since the last flush in one transaction, on a blocking thread.
//!
//! Durability (WAL with `synchronous=FULL`: each flush's commit is fsynced, one fsync a second
//! on a blocking thread, off the request path):
//! - counts (visits, views, ads, bots) live in memory and are written by every flush (every
//!   `flush_interval`, 1 s by default). What each kind of stop loses:
//!   - SIGTERM / Ctrl-C: nothing ([`Store::shutdown`] writes everything before the exit).
//!   - `kill -9`, an OOM kill, a panic that aborts: the counts since the last flush (≤ 1 s);
//!     everything flushed before is in the WAL.
//!   - power loss or an OS crash: the same, since every commit was fsynced before the next flush
//!     started (with `synchronous=NORMAL` it would be every commit since the last checkpoint,
//!     which can be many minutes); a disk that acknowledges writes it only cached can lose more.
//! - the visit rule's memory (each visitor's last activity) is written when a visit starts and then
//!   at most once a minute per visitor, so after a crash a visitor's last activity may be remembered
//!   up to a minute early.
//! - the view rule's memory (who saw which path in the last 30 minutes) is written only on graceful
//!   shutdown; after a crash a reload of the same page may count one extra view.
//!
//! - comments are not batched: each change is its own transaction, committed (fsynced) on a
//!   blocking thread before the request is answered. They are read from the database too (they
//!   are few, and a page is one indexed range).
//!
//! Visitor ids and paths in that memory are reduced to keyed 64-bit hashes (SipHash-1-3 with a
//! random key kept in the database): fast integer keys, and no visitor id is ever written to disk.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use siphasher::sip::SipHasher13;

use super::{
    counts_view, date_key, starts_visit, Activity, AdCount, AdEventKind, AddComment, BotStats,
    Comment, CommentPage, CommentStatus, NewComment, Stats, Store, StoreError, StoreLimits,
    StoreResult, ONLINE_WINDOW_MS, VISIT_GAP_MS,
};
use crate::clock::Moment;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "bantin.sqlite3";
const LOCK_FILE: &str = "bantin.lock";
/// How often expired visitor rows are deleted from the database.
const PRUNE_EVERY_MS: i64 = 60 * 1000;
/// A visitor's last activity is re-written at most this often (besides when a visit starts).
const VISITOR_WRITE_EVERY_MS: i64 = 60 * 1000;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS visitors (
    h INTEGER PRIMARY KEY, last_ms INTEGER NOT NULL, day INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS recent_hits (h INTEGER PRIMARY KEY, last_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS views (path TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ads (
    slot TEXT NOT NULL, creative TEXT NOT NULL,
    impressions INTEGER NOT NULL, clicks INTEGER NOT NULL,
    PRIMARY KEY (slot, creative)) WITHOUT ROWID;
-- AUTOINCREMENT: ids only grow, even after the newest comment is deleted.
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post TEXT NOT NULL,
    parent INTEGER NOT NULL DEFAULT 0,
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('hold', 'approved')),
    created_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS comments_by_post ON comments (post, status, created_ms, id);
CREATE INDEX IF NOT EXISTS comments_by_status ON comments (status, created_ms, id);
CREATE INDEX IF NOT EXISTS comments_by_parent ON comments (parent) WHERE parent != 0;
";

/// A counter in the `counters` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Counter {
    Total,
    Day(NaiveDate),
    Week(NaiveDate),
    Bots,
    BotsDay(NaiveDate),
}

impl Counter {
    fn key(self) -> String {
        match self {
            Counter::Total => "total".into(),
            Counter::Day(d) => format!("day:{}", date_key(d)),
            Counter::Week(d) => format!("week:{}", date_key(d)),
            Counter::Bots => "bots".into(),
            Counter::BotsDay(d) => format!("bots-day:{}", date_key(d)),
        }
    }

    fn parse(key: &str) -> Option<Self> {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        match key.split_once(':') {
            None if key == "total" => Some(Counter::Total),
            None if key == "bots" => Some(Counter::Bots),
            Some(("day", d)) => date(d).map(Counter::Day),
            Some(("week", d)) => date(d).map(Counter::Week),
            Some(("bots-day", d)) => date(d).map(Counter::BotsDay),
            _ => None,
        }
    }
}

/// Two generations of a map whose entries matter for [`VISIT_GAP_MS`] after their last use.
/// Every `VISIT_GAP_MS` the older generation is dropped whole (no scan, no pause) and the current
/// one becomes the older; an entry used again moves to the current one. So every entry used in the
/// last 30 minutes is kept, and nothing older than an hour is.
#[derive(Debug)]
struct Generations<V> {
    cur: HashMap<u64, V>,
    prev: HashMap<u64, V>,
    started_ms: i64,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Self {
            cur: HashMap::new(),
            prev: HashMap::new(),
            started_ms: i64::MIN,
        }
    }
}

impl<V: Copy> Generations<V> {
    fn rotate(&mut self, now_ms: i64) {
        if self.started_ms == i64::MIN {
            self.started_ms = now_ms;
            return;
        }
        let age = now_ms.saturating_sub(self.started_ms);
        if age >= 2 * VISIT_GAP_MS {
            self.cur = HashMap::new();
            self.prev = HashMap::new();
            self.started_ms = now_ms;
        } else if age >= VISIT_GAP_MS {
            self.prev = std::mem::take(&mut self.cur);
            self.started_ms = now_ms;
        }
    }

    #[cfg(test)]
    fn get(&self, k: u64) -> Option<&V> {
        self.cur.get(&k).or_else(|| self.prev.get(&k))
    }

    /// The entry, moved into the current generation.
    fn get_mut(&mut self, k: u64) -> Option<&mut V> {
        if !self.cur.contains_key(&k) {
            let v = self.prev.remove(&k)?;
            self.cur.insert(k, v);
        }
        self.cur.get_mut(&k)
    }

    fn insert(&mut self, k: u64, v: V) {
        self.prev.remove(&k);
        self.cur.insert(k, v);
    }

    fn values(&self) -> impl Iterator<Item = &V> {
        self.cur.values().chain(self.prev.values())
    }

    fn iter(&self) -> impl Iterator<Item = (&u64, &V)> {
        self.cur.iter().chain(self.prev.iter())
    }
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    last_ms: i64,
    day: i32,
    /// `last_ms` as last written to the database.
    written_ms: i64,
    /// Queued for the next flush (its hash is in `Pending::visitors`).
    dirty: bool,
}

/// What changed since the last flush.
#[derive(Debug, Default)]
struct Pending {
    visitors: Vec<u64>,
    counters: HashMap<Counter, i64>,
    views: HashMap<Box<str>, i64>,
    ads: HashMap<(Box<str>, Box<str>), [i64; 2]>,
}

/// One flush's worth of writes.
#[derive(Debug, Default)]
struct Batch {
    visitors: Vec<(u64, i64, i32)>,
    counters: HashMap<Counter, i64>,
    views: HashMap<Box<str>, i64>,
    ads: HashMap<(Box<str>, Box<str>), [i64; 2]>,
    prune_before: Option<i64>,
    /// On shutdown: every live "visitor saw path" entry (replaces the table).
    recent_hits: Option<Vec<(u64, i64)>>,
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.visitors.is_empty()
            && self.counters.is_empty()
            && self.views.is_empty()
            && self.ads.is_empty()
            && self.prune_before.is_none()
            && self.recent_hits.is_none()
    }
}

#[derive(Debug)]
struct Mem {
    key: (u64, u64),
    visitors: Generations<Seen>,
    /// hash(visitor, path) → time of that visitor's last hit on that path (for the view rule).
    recent_hits: Generations<i64>,
    counters: HashMap<Counter, i64>,
    views: HashMap<Box<str>, i64>,
    ads: BTreeMap<(Box<str>, Box<str>), [i64; 2]>,
    pending: Pending,
    last_prune_ms: i64,
}

fn add<K: std::hash::Hash + Eq>(map: &mut HashMap<K, i64>, key: K, n: i64) {
    *map.entry(key).or_insert(0) += n;
}

/// Adds `n` under `key` without allocating when the key exists.
fn add_str(map: &mut HashMap<Box<str>, i64>, key: &str, n: i64) {
    match map.get_mut(key) {
        Some(v) => *v += n,
        None => {
            map.insert(key.into(), n);
        }
    }
}

/// SQLite integers are signed; hashes are stored bit for bit.
fn to_sql(h: u64) -> i64 {
    h as i64
}

impl Mem {
    fn new(key: (u64, u64)) -> Self {
        Self {
            key,
            visitors: Generations::default(),
            recent_hits: Generations::default(),
            counters: HashMap::new(),
            views: HashMap::new(),
            ads: BTreeMap::new(),
            pending: Pending::default(),
            last_prune_ms: 0,
        }
    }

    fn hasher(&self) -> SipHasher13 {
        SipHasher13::new_with_keys(self.key.0, self.key.1)
    }

    fn visitor_hash(&self, visitor: &str) -> u64 {
        let mut h = self.hasher();
        h.write(visitor.as_bytes());
        h.finish()
    }

    fn hit_hash(&self, visitor: &str, path: &str) -> u64 {
        let mut h = self.hasher();
        h.write(visitor.as_bytes());
        h.write_u8(0xff); // never part of UTF-8: the pair is unambiguous
        h.write(path.as_bytes());
        h.finish()
    }

    fn bump(&mut self, c: Counter, n: i64) {
        add(&mut self.counters, c, n);
        add(&mut self.pending.counters, c, n);
    }

    fn counter(&self, c: Counter) -> u64 {
        self.counters.get(&c).copied().unwrap_or(0).max(0) as u64
    }

    /// Notes activity; returns whether it starts a visit.
    fn touch_visitor(&mut self, visitor: &str, at: &Moment) -> bool {
        let h = self.visitor_hash(visitor);
        let day = at.day_number();
        self.visitors.rotate(at.ms);
        match self.visitors.get_mut(h) {
            Some(seen) => {
                let new_visit = starts_visit(Some((seen.last_ms, seen.day)), at);
                seen.last_ms = at.ms;
                seen.day = day;
                let stale = at.ms.saturating_sub(seen.written_ms) >= VISITOR_WRITE_EVERY_MS;
                if (new_visit || stale) && !seen.dirty {
                    seen.dirty = true;
                    self.pending.visitors.push(h);
                }
                new_visit
            }
            None => {
                self.visitors.insert(
                    h,
                    Seen {
                        last_ms: at.ms,
                        day,
                        written_ms: i64::MIN,
                        dirty: true,
                    },
                );
                self.pending.visitors.push(h);
                true
            }
        }
    }

    /// Notes a hit on a path; returns whether it adds a view.
    fn touch_path(&mut self, visitor: &str, path: &str, at: &Moment) -> bool {
        let h = self.hit_hash(visitor, path);
        self.recent_hits.rotate(at.ms);
        let previous = match self.recent_hits.get_mut(h) {
            Some(last_ms) => Some(std::mem::replace(last_ms, at.ms)),
            None => {
                self.recent_hits.insert(h, at.ms);
                None
            }
        };
        counts_view(previous, at.ms)
    }

    /// Takes what changed since the last flush (everything on `shutdown`).
    fn take_batch(&mut self, at: &Moment, shutdown: bool) -> Batch {
        self.visitors.rotate(at.ms);
        self.recent_hits.rotate(at.ms);
        let pending = std::mem::take(&mut self.pending);
        let mut batch = Batch {
            counters: pending.counters,
            views: pending.views,
            ads: pending.ads,
            ..Batch::default()
        };
        batch.visitors.reserve(pending.visitors.len());
        for h in pending.visitors {
            if let Some(seen) = self.visitors.get_mut(h) {
                if seen.dirty {
                    seen.dirty = false;
                    seen.written_ms = seen.last_ms;
                    batch.visitors.push((h, seen.last_ms, seen.day));
                }
            }
        }
        if shutdown {
            // Write every visitor's exact last activity, and the view rule's memory.
            for (&h, seen) in self.visitors.iter() {
                if seen.written_ms != seen.last_ms {
                    batch.visitors.push((h, seen.last_ms, seen.day));
                }
            }
            let horizon = at.ms - VISIT_GAP_MS;
            batch.recent_hits = Some(
                self.recent_hits
                    .iter()
                    .filter(|(_, &t)| t > horizon)
                    .map(|(&h, &t)| (h, t))
                    .collect(),
            );
        }
        if shutdown || at.ms - self.last_prune_ms >= PRUNE_EVERY_MS {
            self.last_prune_ms = at.ms;
            batch.prune_before = Some(at.ms - VISIT_GAP_MS);
        }
        batch
    }

    /// Puts a batch that could not be written back, so the next flush retries it.
    fn restore(&mut self, batch: Batch) {
        for (h, _, _) in batch.visitors {
            if let Some(seen) = self.visitors.get_mut(h) {
                seen.written_ms = i64::MIN;
                if !seen.dirty {
                    seen.dirty = true;
                    self.pending.visitors.push(h);
                }
            }
        }
        for (c, n) in batch.counters {
            add(&mut self.pending.counters, c, n);
        }
        for (p, n) in batch.views {
            add(&mut self.pending.views, p, n);
        }
        for (k, [i, c]) in batch.ads {
            let e = self.pending.ads.entry(k).or_insert([0, 0]);
            e[0] += i;
            e[1] += c;
        }
    }
}

struct Inner {
    mem: Mutex<Mem>,
    db: Mutex<Connection>,
    /// Serialises flushes so visitor rows are written in order.
    flush_lock: tokio::sync::Mutex<()>,
    dir: PathBuf,
    limits: StoreLimits,
    _lock: File,
}

/// Counts in memory, durable in `DATA_DIR/bantin.sqlite3`.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("dir", &self.inner.dir)
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The data directory's hash key, made on first use.
fn hash_key(conn: &Connection) -> rusqlite::Result<(u64, u64)> {
    let get = |name: &str| -> rusqlite::Result<Option<i64>> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [name], |r| {
            r.get(0)
        })
        .optional()
    };
    if let (Some(a), Some(b)) = (get("hash_key_0")?, get("hash_key_1")?) {
        return Ok((a as u64, b as u64));
    }
    let random = RandomState::new();
    let (a, b) = (random.hash_one(1u8), random.hash_one(2u8));
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('hash_key_0', ?1), ('hash_key_1', ?2)",
        params![a as i64, b as i64],
    )?;
    Ok((a, b))
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `dir`. Fails if another process has it open.
    pub fn open(dir: impl AsRef<Path>) -> StoreResult<Self> {
        Self::open_with(dir, StoreLimits::default())
    }

    /// [`SqliteStore::open`] with other bounds on its tables.
    pub fn open_with(dir: impl AsRef<Path>, limits: StoreLimits) -> StoreResult<Self> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|e| {
            StoreError(format!(
                "cannot create data directory {}: {e}",
                dir.display()
            ))
        })?;
        let lock_file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))
            .map_err(|e| StoreError(format!("cannot open lock file in {}: {e}", dir.display())))?;
        lock_file.try_lock().map_err(|_| {
            StoreError(format!(
                "data directory {} is in use by another bantin-server",
                dir.display()
            ))
        })?;

        let conn = Connection::open(dir.join(DB_FILE))?;
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError(format!("sqlite: WAL mode refused ({mode})")));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;

        let mut mem = Mem::new(hash_key(&conn)?);
        {
            let mut st = conn.prepare("SELECT key, n FROM counters")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (k, n) = row?;
                if let Some(c) = Counter::parse(&k) {
                    mem.counters.insert(c, n);
                }
            }
            let mut st = conn.prepare("SELECT path, n FROM views")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (p, n) = row?;
                mem.views.insert(p.into(), n);
            }
            let mut st = conn.prepare("SELECT slot, creative, impressions, clicks FROM ads")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            for row in rows {
                let (s, c, i, k) = row?;
                mem.ads.insert((s.into(), c.into()), [i, k]);
            }
            // The newest activity on record starts both generations, so nothing loaded is
            // dropped before its time.
            let newest: Option<i64> = conn.query_row(
                "SELECT max(m) FROM (SELECT max(last_ms) AS m FROM visitors
                                     UNION ALL SELECT max(last_ms) FROM recent_hits)",
                [],
                |r| r.get(0),
            )?;
            if let Some(newest) = newest {
                mem.visitors.started_ms = newest;
                mem.recent_hits.started_ms = newest;
            }
            let mut st = conn.prepare("SELECT h, last_ms, day FROM visitors")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i32>(2)?,
                ))
            })?;
            for row in rows {
                let (h, last_ms, day) = row?;
                mem.visitors.cur.insert(
                    h as u64,
                    Seen {
                        last_ms,
                        day,
                        written_ms: last_ms,
                        dirty: false,
                    },
                );
            }
            let mut st = conn.prepare("SELECT h, last_ms FROM recent_hits")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (h, last_ms) = row?;
                mem.recent_hits.cur.insert(h as u64, last_ms);
            }
        }

        Ok(Self {
            inner: Arc::new(Inner {
                mem: Mutex::new(mem),
                db: Mutex::new(conn),
                flush_lock: tokio::sync::Mutex::new(()),
                dir,
                limits,
                _lock: lock_file,
            }),
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    fn mem(&self) -> MutexGuard<'_, Mem> {
        lock(&self.inner.mem)
    }

    async fn write(&self, at: &Moment, shutdown: bool) -> StoreResult<()> {
        let _serial = self.inner.flush_lock.lock().await;
        let batch = self.mem().take_batch(at, shutdown);
        if batch.is_empty() {
            return Ok(());
        }
        let inner = self.inner.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let result = write_batch(&mut lock(&inner.db), &batch);
            (batch, result)
        })
        .await;
        match joined {
            Ok((_, Ok(()))) => Ok(()),
            Ok((batch, Err(e))) => {
                self.mem().restore(batch);
                Err(e.into())
            }
            Err(e) => Err(StoreError(format!("flush task failed: {e}"))),
        }
    }

    /// Reads the total straight from the database (what would survive a crash right now); for
    /// tests and diagnostics.
    pub fn durable_total(&self) -> StoreResult<u64> {
        let db = lock(&self.inner.db);
        let n: Option<i64> = db
            .query_row("SELECT n FROM counters WHERE key = 'total'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }
}

fn write_batch(conn: &mut Connection, batch: &Batch) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO counters (key, n) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET n = n + excluded.n",
        )?;
        for (c, n) in &batch.counters {
            st.execute(params![c.key(), n])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO visitors (h, last_ms, day) VALUES (?1, ?2, ?3)
             ON CONFLICT(h) DO UPDATE SET last_ms = excluded.last_ms, day = excluded.day",
        )?;
        for (h, last_ms, day) in &batch.visitors {
            st.execute(params![to_sql(*h), last_ms, day])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO views (path, n) VALUES (?1, ?2)
             ON CONFLICT(path) DO UPDATE SET n = n + excluded.n",
        )?;
        for (path, n) in &batch.views {
            st.execute(params![&**path, n])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO ads (slot, creative, impressions, clicks) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(slot, creative) DO UPDATE SET
               impressions = impressions + excluded.impressions, clicks = clicks + excluded.clicks",
        )?;
        for ((slot, creative), [i, c]) in &batch.ads {
            st.execute(params![&**slot, &**creative, i, c])?;
        }
        if let Some(hits) = &batch.recent_hits {
            tx.execute("DELETE FROM recent_hits", [])?;
            let mut st =
                tx.prepare_cached("INSERT INTO recent_hits (h, last_ms) VALUES (?1, ?2)")?;
            for (h, last_ms) in hits {
                st.execute(params![to_sql(*h), last_ms])?;
            }
        }
        if let Some(before) = batch.prune_before {
            tx.execute("DELETE FROM visitors WHERE last_ms < ?1", params![before])?;
            tx.execute(
                "DELETE FROM recent_hits WHERE last_ms < ?1",
                params![before],
            )?;
        }
    }
    tx.commit()
}

const COMMENT_COLUMNS: &str =
    "id, post, parent, author_name, author_email, content, status, created_ms";

fn comment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Comment> {
    let status: String = r.get(6)?;
    Ok(Comment {
        id: r.get::<_, i64>(0)?.max(0) as u64,
        post: r.get(1)?,
        parent: r.get::<_, i64>(2)?.max(0) as u64,
        author_name: r.get(3)?,
        author_email: r.get(4)?,
        content: r.get(5)?,
        // The CHECK constraint allows nothing else.
        status: CommentStatus::parse(&status).unwrap_or(CommentStatus::Hold),
        created_ms: r.get(7)?,
    })
}

/// Ids beyond SQLite's integers name no comment.
fn sql_id(id: u64) -> Option<i64> {
    i64::try_from(id).ok()
}

fn sql_count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn add_comment_tx(
    conn: &mut Connection,
    c: &NewComment,
    max_pending: usize,
) -> rusqlite::Result<AddComment> {
    // IMMEDIATE: the checks and the insert see and change the same state.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if c.parent != 0 {
        let parent = match sql_id(c.parent) {
            Some(id) => tx
                .query_row(
                    "SELECT post, status FROM comments WHERE id = ?1",
                    [id],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )
                .optional()?,
            None => None,
        };
        if parent.is_none_or(|(post, status)| post != c.post || status != "approved") {
            return Ok(AddComment::BadParent);
        }
    }
    // SQLite's lower() folds ASCII only, as the Redis store does.
    let duplicate = tx
        .query_row(
            "SELECT 1 FROM comments
             WHERE post = ?1 AND content = ?2 AND lower(author_email) = lower(?3) LIMIT 1",
            params![c.post, c.content, c.author_email],
            |_| Ok(()),
        )
        .optional()?;
    if duplicate.is_some() {
        return Ok(AddComment::Duplicate);
    }
    if c.status == CommentStatus::Hold {
        let held: i64 = tx.query_row(
            "SELECT count(*) FROM comments WHERE status = 'hold'",
            [],
            |r| r.get(0),
        )?;
        if held.max(0) as u64 >= max_pending as u64 {
            return Ok(AddComment::QueueFull);
        }
    }
    tx.execute(
        "INSERT INTO comments
         (post, parent, author_name, author_email, content, status, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            c.post,
            sql_count(c.parent),
            c.author_name,
            c.author_email,
            c.content,
            c.status.as_str(),
            c.created_ms
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(AddComment::Added(Comment {
        id: id.max(0) as u64,
        post: c.post.clone(),
        parent: c.parent,
        author_name: c.author_name.clone(),
        author_email: c.author_email.clone(),
        content: c.content.clone(),
        status: c.status,
        created_ms: c.created_ms,
    }))
}

/// A page of the comments matching `filter` (a WHERE clause whose `?`s take `args`).
fn comment_page(
    conn: &mut Connection,
    filter: &str,
    args: &[&str],
    order: &str,
    offset: u64,
    limit: u64,
) -> rusqlite::Result<CommentPage> {
    use rusqlite::types::Value;
    let tx = conn.transaction()?;
    let mut values: Vec<Value> = args.iter().map(|a| Value::Text(a.to_string())).collect();
    let total: i64 = tx.query_row(
        &format!("SELECT count(*) FROM comments WHERE {filter}"),
        rusqlite::params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    values.push(Value::Integer(sql_count(limit)));
    values.push(Value::Integer(sql_count(offset)));
    let comments = {
        let mut st = tx.prepare_cached(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments WHERE {filter} ORDER BY {order}
             LIMIT ? OFFSET ?"
        ))?;
        let rows = st.query_map(rusqlite::params_from_iter(values.iter()), comment_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    tx.commit()?;
    Ok(CommentPage {
        comments,
        total: total.max(0) as u64,
    })
}

fn approve_tx(conn: &mut Connection, id: i64) -> rusqlite::Result<Option<Comment>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE comments SET status = 'approved' WHERE id = ?1 AND status = 'hold'",
        [id],
    )?;
    let c = tx
        .query_row(
            &format!("SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ?1"),
            [id],
            comment_row,
        )
        .optional()?;
    tx.commit()?;
    Ok(c)
}

fn delete_tx(conn: &mut Connection, id: i64) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let parent: Option<i64> = tx
        .query_row("SELECT parent FROM comments WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(parent) = parent else {
        return Ok(false);
    };
    // Replies stay in the thread, one level up (as WordPress does).
    tx.execute(
        "UPDATE comments SET parent = ?1 WHERE parent = ?2",
        params![parent, id],
    )?;
    tx.execute("DELETE FROM comments WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(true)
}

impl SqliteStore {
    /// Runs `f` on the database connection on a blocking thread (a commit waits for an fsync).
    async fn with_db<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || f(&mut lock(&inner.db)))
            .await
            .map_err(|e| StoreError(format!("database task failed: {e}")))?
            .map_err(StoreError::from)
    }
}

impl Store for SqliteStore {
    async fn record(
        &self,
        visitor: &str,
        path: &str,
        activity: Activity,
        at: &Moment,
    ) -> StoreResult<()> {
        let mut m = self.mem();
        if m.touch_visitor(visitor, at) {
            m.bump(Counter::Total, 1);
            m.bump(Counter::Day(at.day), 1);
            m.bump(Counter::Week(at.week), 1);
        }
        let counted_path =
            m.views.contains_key(path) || m.views.len() < self.inner.limits.max_paths;
        if activity == Activity::Hit && counted_path && m.touch_path(visitor, path, at) {
            add_str(&mut m.views, path, 1);
            add_str(&mut m.pending.views, path, 1);
        }
        Ok(())
    }

    async fn record_bot(&self, at: &Moment) -> StoreResult<()> {
        let mut m = self.mem();
        m.bump(Counter::Bots, 1);
        m.bump(Counter::BotsDay(at.day), 1);
        Ok(())
    }

    async fn stats(&self, at: &Moment) -> StoreResult<Stats> {
        let m = self.mem();
        let online = m
            .visitors
            .values()
            .filter(|s| at.ms - s.last_ms < ONLINE_WINDOW_MS)
            .count() as u64;
        Ok(Stats {
            online,
            today: m.counter(Counter::Day(at.day)),
            week: m.counter(Counter::Week(at.week)),
            total: m.counter(Counter::Total),
        })
    }

    async fn bot_stats(&self, at: &Moment) -> StoreResult<BotStats> {
        let m = self.mem();
        Ok(BotStats {
            today: m.counter(Counter::BotsDay(at.day)),
            total: m.counter(Counter::Bots),
        })
    }

    async fn views(&self, path: &str) -> StoreResult<u64> {
        Ok(self.mem().views.get(path).copied().unwrap_or(0).max(0) as u64)
    }

    async fn ad_event(&self, slot: &str, creative: &str, kind: AdEventKind) -> StoreResult<()> {
        let i = match kind {
            AdEventKind::Impression => 0,
            AdEventKind::Click => 1,
        };
        let mut guard = self.mem();
        let m = &mut *guard;
        let key: (Box<str>, Box<str>) = (slot.into(), creative.into());
        if !m.ads.contains_key(&key) && m.ads.len() >= self.inner.limits.max_ad_keys {
            return Ok(());
        }
        m.ads.entry(key.clone()).or_insert([0, 0])[i] += 1;
        m.pending.ads.entry(key).or_insert([0, 0])[i] += 1;
        Ok(())
    }

    async fn ad_counts(&self) -> StoreResult<Vec<AdCount>> {
        let m = self.mem();
        Ok(m.ads
            .iter()
            .map(|((slot, creative), [i, c])| AdCount {
                slot: slot.to_string(),
                creative: creative.to_string(),
                impressions: (*i).max(0) as u64,
                clicks: (*c).max(0) as u64,
            })
            .collect())
    }

    async fn add_comment(&self, comment: &NewComment) -> StoreResult<AddComment> {
        let c = comment.clone();
        let max_pending = self.inner.limits.max_pending_comments;
        self.with_db(move |db| add_comment_tx(db, &c, max_pending))
            .await
    }

    async fn next_comment_id(&self) -> StoreResult<u64> {
        self.with_db(|db| {
            let seq: Option<i64> = db
                .query_row(
                    "SELECT seq FROM sqlite_sequence WHERE name = 'comments'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(seq.unwrap_or(0).max(0) as u64 + 1)
        })
        .await
    }

    async fn approved_comments(
        &self,
        post: &str,
        offset: u64,
        limit: u64,
    ) -> StoreResult<CommentPage> {
        let post = post.to_string();
        self.with_db(move |db| {
            comment_page(
                db,
                "post = ? AND status = 'approved'",
                &[&post],
                "created_ms, id",
                offset,
                limit,
            )
        })
        .await
    }

    async fn pending_comments(&self, offset: u64, limit: u64) -> StoreResult<CommentPage> {
        self.with_db(move |db| {
            comment_page(
                db,
                "status = 'hold'",
                &[],
                "created_ms DESC, id DESC",
                offset,
                limit,
            )
        })
        .await
    }

    async fn approve_comment(&self, id: u64) -> StoreResult<Option<Comment>> {
        let Some(id) = sql_id(id) else {
            return Ok(None);
        };
        self.with_db(move |db| approve_tx(db, id)).await
    }

    async fn delete_comment(&self, id: u64) -> StoreResult<bool> {
        let Some(id) = sql_id(id) else {
            return Ok(false);
        };
        self.with_db(move |db| delete_tx(db, id)).await
    }

    async fn flush(&self, at: &Moment) -> StoreResult<()> {
        self.write(at, false).await
    }

    async fn shutdown(&self, at: &Moment) -> StoreResult<()> {
        self.write(at, true).await
    }

    fn name(&self) -> &'static str {
        "sqlite"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_keep_the_last_half_hour_and_drop_the_rest() {
        let mut g: Generations<i64> = Generations::default();
        g.rotate(0);
        g.insert(1, 0);
        g.rotate(VISIT_GAP_MS - 1);
        assert!(g.get(1).is_some());
        g.rotate(VISIT_GAP_MS); // 1 moves to the older generation
        assert_eq!(g.prev.len(), 1);
        g.insert(2, VISIT_GAP_MS);
        *g.get_mut(1).unwrap() = VISIT_GAP_MS + 5; // used again: back in the current one
        assert_eq!((g.cur.len(), g.prev.len()), (2, 0));
        g.rotate(2 * VISIT_GAP_MS);
        g.rotate(3 * VISIT_GAP_MS);
        assert!(g.get(1).is_none() && g.get(2).is_none());
        g.insert(3, 0);
        g.rotate(10 * VISIT_GAP_MS); // a long jump drops everything
        assert!(g.get(3).is_none());
    }

    #[test]
    fn counter_keys_round_trip() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        for c in [
            Counter::Total,
            Counter::Day(d),
            Counter::Week(d),
            Counter::Bots,
            Counter::BotsDay(d),
        ] {
            assert_eq!(Counter::parse(&c.key()), Some(c));
        }
        assert_eq!(Counter::parse("day:nonsense"), None);
    }
}
