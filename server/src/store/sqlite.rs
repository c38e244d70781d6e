//! The default backend: counts in memory, made durable in SQLite (WAL) by a flush at least once a
//! second.
//!
//! One process owns a data directory (an exclusive lock file enforces it). All reads are served
//! from memory, so a hit costs a hash-map update under a mutex (about a microsecond); the app's
//! flusher task calls [`Store::flush`] every second (and once more on graceful shutdown), which
//! writes everything that changed since the last flush in one transaction. A crash (kill -9, power
//! loss aside) therefore loses at most the last second of counts; SIGTERM/Ctrl-C lose nothing.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{
    counts_view, date_key, starts_visit, Activity, AdCount, AdEventKind, BotStats, Stats, Store,
    StoreError, StoreResult, ONLINE_WINDOW_MS, VISIT_GAP_MS,
};
use crate::clock::Moment;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "bantin.sqlite3";
const LOCK_FILE: &str = "bantin.lock";
/// How often expired visitor rows are deleted from the database.
const PRUNE_EVERY_MS: i64 = 60 * 1000;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS visitors (
    id TEXT PRIMARY KEY, last_ms INTEGER NOT NULL, day INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recent_hits (
    key TEXT PRIMARY KEY, last_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS views (path TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ads (
    slot TEXT NOT NULL, creative TEXT NOT NULL,
    impressions INTEGER NOT NULL, clicks INTEGER NOT NULL,
    PRIMARY KEY (slot, creative)) WITHOUT ROWID;
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

#[derive(Debug, Clone, Copy)]
struct Seen {
    last_ms: i64,
    day: i32,
    /// Changed since the last flush (its id is then in `Pending::visitors`).
    dirty: bool,
}

/// What changed since the last flush.
#[derive(Debug, Default)]
struct Pending {
    visitors: Vec<Box<str>>,
    recent_hits: Vec<String>,
    counters: HashMap<Counter, i64>,
    views: HashMap<Box<str>, i64>,
    ads: HashMap<(Box<str>, Box<str>), [i64; 2]>,
}

/// One flush's worth of writes.
#[derive(Debug, Default)]
struct Batch {
    visitors: Vec<(Box<str>, i64, i32)>,
    recent_hits: Vec<(String, i64)>,
    counters: HashMap<Counter, i64>,
    views: HashMap<Box<str>, i64>,
    ads: HashMap<(Box<str>, Box<str>), [i64; 2]>,
    prune_before: Option<i64>,
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.visitors.is_empty()
            && self.recent_hits.is_empty()
            && self.counters.is_empty()
            && self.views.is_empty()
            && self.ads.is_empty()
            && self.prune_before.is_none()
    }
}

#[derive(Debug, Default)]
struct Mem {
    visitors: HashMap<Box<str>, Seen>,
    /// `visitor \n path` → time of that visitor's last hit on that path (for the view rule), and
    /// whether it changed since the last flush.
    recent_hits: HashMap<String, (i64, bool)>,
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

impl Mem {
    fn bump(&mut self, c: Counter, n: i64) {
        add(&mut self.counters, c, n);
        add(&mut self.pending.counters, c, n);
    }

    fn counter(&self, c: Counter) -> u64 {
        self.counters.get(&c).copied().unwrap_or(0).max(0) as u64
    }

    fn touch_visitor(&mut self, visitor: &str, at: &Moment) -> bool {
        let day = at.day_number();
        match self.visitors.get_mut(visitor) {
            Some(seen) => {
                let new_visit = starts_visit(Some((seen.last_ms, seen.day)), at);
                seen.last_ms = at.ms;
                seen.day = day;
                if !seen.dirty {
                    seen.dirty = true;
                    self.pending.visitors.push(visitor.into());
                }
                new_visit
            }
            None => {
                self.visitors.insert(
                    visitor.into(),
                    Seen {
                        last_ms: at.ms,
                        day,
                        dirty: true,
                    },
                );
                self.pending.visitors.push(visitor.into());
                true
            }
        }
    }

    /// Takes what changed since the last flush; forgets visitors and recent hits that no rule needs
    /// any more (older than the 30-minute visit gap).
    fn take_batch(&mut self, at: &Moment) -> Batch {
        let pending = std::mem::take(&mut self.pending);
        let mut batch = Batch {
            counters: pending.counters,
            views: pending.views,
            ads: pending.ads,
            ..Batch::default()
        };
        batch.visitors.reserve(pending.visitors.len());
        for id in pending.visitors {
            if let Some(seen) = self.visitors.get_mut(&id) {
                seen.dirty = false;
                batch.visitors.push((id, seen.last_ms, seen.day));
            }
        }
        batch.recent_hits.reserve(pending.recent_hits.len());
        for key in pending.recent_hits {
            if let Some((last_ms, dirty)) = self.recent_hits.get_mut(&key) {
                *dirty = false;
                let last_ms = *last_ms;
                batch.recent_hits.push((key, last_ms));
            }
        }
        if at.ms - self.last_prune_ms >= PRUNE_EVERY_MS {
            self.last_prune_ms = at.ms;
            let horizon = at.ms - VISIT_GAP_MS;
            self.visitors.retain(|_, s| s.last_ms >= horizon);
            self.recent_hits.retain(|_, (t, _)| *t >= horizon);
            batch.prune_before = Some(horizon);
        }
        batch
    }

    /// Puts a batch that could not be written back, so the next flush retries it.
    fn restore(&mut self, batch: Batch) {
        for (key, _) in batch.recent_hits {
            if let Some((_, dirty)) = self.recent_hits.get_mut(&key) {
                if !*dirty {
                    *dirty = true;
                    self.pending.recent_hits.push(key);
                }
            }
        }
        for (id, _, _) in batch.visitors {
            if let Some(seen) = self.visitors.get_mut(&id) {
                if !seen.dirty {
                    seen.dirty = true;
                    self.pending.visitors.push(id);
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

impl SqliteStore {
    /// Opens (creating if needed) the store in `dir`. Fails if another process has it open.
    pub fn open(dir: impl AsRef<Path>) -> StoreResult<Self> {
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
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;

        let mut mem = Mem::default();
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
            let mut st = conn.prepare("SELECT key, last_ms FROM recent_hits")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (key, last_ms) = row?;
                mem.recent_hits.insert(key, (last_ms, false));
            }
            let mut st = conn.prepare("SELECT id, last_ms, day FROM visitors")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i32>(2)?,
                ))
            })?;
            for row in rows {
                let (id, last_ms, day) = row?;
                mem.visitors.insert(
                    id.into(),
                    Seen {
                        last_ms,
                        day,
                        dirty: false,
                    },
                );
            }
        }

        Ok(Self {
            inner: Arc::new(Inner {
                mem: Mutex::new(mem),
                db: Mutex::new(conn),
                flush_lock: tokio::sync::Mutex::new(()),
                dir,
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
            "INSERT INTO visitors (id, last_ms, day) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET last_ms = excluded.last_ms, day = excluded.day",
        )?;
        for (id, last_ms, day) in &batch.visitors {
            st.execute(params![&**id, last_ms, day])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO recent_hits (key, last_ms) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET last_ms = excluded.last_ms",
        )?;
        for (key, last_ms) in &batch.recent_hits {
            st.execute(params![key, last_ms])?;
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
        if activity == Activity::Hit {
            let key = format!("{visitor}\n{path}");
            let previous = match m.recent_hits.get_mut(&key) {
                Some((last_ms, dirty)) => {
                    let previous = *last_ms;
                    *last_ms = at.ms;
                    if !*dirty {
                        *dirty = true;
                        m.pending.recent_hits.push(key);
                    }
                    Some(previous)
                }
                None => {
                    m.recent_hits.insert(key.clone(), (at.ms, true));
                    m.pending.recent_hits.push(key);
                    None
                }
            };
            if counts_view(previous, at.ms) {
                add_str(&mut m.views, path, 1);
                add_str(&mut m.pending.views, path, 1);
            }
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

    async fn flush(&self, at: &Moment) -> StoreResult<()> {
        let _serial = self.inner.flush_lock.lock().await;
        let batch = self.mem().take_batch(at);
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

    fn name(&self) -> &'static str {
        "sqlite"
    }
}

impl SqliteStore {
    /// Reads one counter straight from the database (what survives a crash right now); for tests
    /// and diagnostics.
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
