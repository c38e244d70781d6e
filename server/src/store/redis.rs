//! The shared backend: every instance behind a load balancer reads and writes the same Redis, so
//! all of them report one set of numbers. Each hit is one atomic Lua script (EVALSHA) over a
//! multiplexed, auto-reconnecting connection; durability is Redis's own (run it with
//! `appendonly yes` and `appendfsync everysec` for the same ≤ 1 s guarantee as the SQLite store).
//!
//! Keys (all under a configurable prefix, default `bantin:`):
//! `total`, `day:YYYY-MM-DD`, `week:YYYY-MM-DD` (Monday) — visit counters;
//! `v:<visitor>` — hash {last, day}, expires after the visit gap;
//! `online` — sorted set visitor → last activity (ms), trimmed to the online window;
//! `pv:<visitor>\n<path>` — time of the visitor's last hit on a path, expires after the visit gap;
//! `views` — hash path → views; `ads:imp`, `ads:clk` — hashes `slot\ncreative` → count;
//! `bots`, `bots-day:YYYY-MM-DD`.
//!
//! Times come from the caller's clock (not Redis's), so the rules behave the same as in SQLite and
//! can be tested with a manual clock; key expiry (real time) is only garbage collection.

use redis::aio::ConnectionManager;
use redis::{AsyncCommands, Client, Script};

use super::{
    date_key, Activity, AdCount, AdEventKind, BotStats, Stats, Store, StoreLimits, StoreResult,
    ONLINE_WINDOW_MS, VISIT_GAP_MS,
};
use crate::clock::Moment;

/// Real-time expiry of per-visitor keys: comfortably longer than the visit gap.
const VISITOR_TTL_MS: i64 = 2 * VISIT_GAP_MS;

/// KEYS[1] = prefix. ARGV: visitor, path ("" for a heartbeat), now ms, local day number,
/// day key, week key, visit gap ms, ttl ms, most distinct paths.
const RECORD_LUA: &str = r#"
local p = KEYS[1]
local visitor, path = ARGV[1], ARGV[2]
local now, daynum = tonumber(ARGV[3]), ARGV[4]
local gap, ttl = tonumber(ARGV[7]), tonumber(ARGV[8])
local vk = p .. 'v:' .. visitor
local prev = redis.call('HMGET', vk, 'last', 'day')
local new_visit = (not prev[1]) or (now - tonumber(prev[1]) >= gap) or (prev[2] ~= daynum)
if new_visit then
  redis.call('INCR', p .. 'total')
  redis.call('INCR', p .. 'day:' .. ARGV[5])
  redis.call('INCR', p .. 'week:' .. ARGV[6])
end
redis.call('HSET', vk, 'last', now, 'day', daynum)
redis.call('PEXPIRE', vk, ttl)
redis.call('ZADD', p .. 'online', now, visitor)
local views = p .. 'views'
if path ~= '' and (redis.call('HEXISTS', views, path) == 1
                   or redis.call('HLEN', views) < tonumber(ARGV[9])) then
  local pk = p .. 'pv:' .. visitor .. '\n' .. path
  local last = redis.call('GET', pk)
  if (not last) or (now - tonumber(last) >= gap) then
    redis.call('HINCRBY', views, path, 1)
  end
  redis.call('SET', pk, now, 'PX', ttl)
end
return new_visit and 1 or 0
"#;

/// KEYS[1] = the hash to count in, KEYS[2] = the impressions hash (its size bounds the pairs).
/// ARGV: field, most pairs.
const AD_LUA: &str = r#"
local f = ARGV[1]
if redis.call('HEXISTS', KEYS[2], f) == 1 or redis.call('HEXISTS', KEYS[1], f) == 1
   or redis.call('HLEN', KEYS[2]) < tonumber(ARGV[2]) then
  return redis.call('HINCRBY', KEYS[1], f, 1)
end
return 0
"#;

/// Counts in Redis, shared by every instance using the same URL and prefix.
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    prefix: String,
    record: Script,
    ad: Script,
    limits: StoreLimits,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl RedisStore {
    /// Connects to `url` (e.g. `redis://127.0.0.1:6379`); every key starts with `prefix`.
    pub async fn connect(url: &str, prefix: &str) -> StoreResult<Self> {
        Self::connect_with(url, prefix, StoreLimits::default()).await
    }

    /// [`RedisStore::connect`] with other bounds on its tables.
    pub async fn connect_with(url: &str, prefix: &str, limits: StoreLimits) -> StoreResult<Self> {
        let client = Client::open(url)?;
        let mut conn = ConnectionManager::new(client).await?;
        let _: String = redis::cmd("PING").query_async(&mut conn).await?;
        Ok(Self {
            conn,
            prefix: prefix.to_string(),
            record: Script::new(RECORD_LUA),
            ad: Script::new(AD_LUA),
            limits,
        })
    }

    fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

fn ad_field(slot: &str, creative: &str) -> String {
    format!("{slot}\n{creative}")
}

impl Store for RedisStore {
    async fn record(
        &self,
        visitor: &str,
        path: &str,
        activity: Activity,
        at: &Moment,
    ) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        let path = if activity == Activity::Hit { path } else { "" };
        let _: i64 = self
            .record
            .key(&self.prefix)
            .arg(visitor)
            .arg(path)
            .arg(at.ms)
            .arg(at.day_number())
            .arg(date_key(at.day))
            .arg(date_key(at.week))
            .arg(VISIT_GAP_MS)
            .arg(VISITOR_TTL_MS)
            .arg(self.limits.max_paths)
            .invoke_async(&mut conn)
            .await?;
        Ok(())
    }

    async fn record_bot(&self, at: &Moment) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        let _: () = redis::pipe()
            .incr(self.key("bots"), 1)
            .ignore()
            .incr(self.key(&format!("bots-day:{}", date_key(at.day))), 1)
            .ignore()
            .query_async(&mut conn)
            .await?;
        Ok(())
    }

    async fn stats(&self, at: &Moment) -> StoreResult<Stats> {
        let mut conn = self.conn.clone();
        let online_key = self.key("online");
        // Online means `now - last < window`, i.e. score > now - window: drop the rest.
        let (online, today, week, total): (u64, Option<u64>, Option<u64>, Option<u64>) =
            redis::pipe()
                .atomic()
                .cmd("ZREMRANGEBYSCORE")
                .arg(&online_key)
                .arg("-inf")
                .arg(at.ms - ONLINE_WINDOW_MS)
                .ignore()
                .zcard(&online_key)
                .get(self.key(&format!("day:{}", date_key(at.day))))
                .get(self.key(&format!("week:{}", date_key(at.week))))
                .get(self.key("total"))
                .query_async(&mut conn)
                .await?;
        Ok(Stats {
            online,
            today: today.unwrap_or(0),
            week: week.unwrap_or(0),
            total: total.unwrap_or(0),
        })
    }

    async fn bot_stats(&self, at: &Moment) -> StoreResult<BotStats> {
        let mut conn = self.conn.clone();
        let (today, total): (Option<u64>, Option<u64>) = redis::pipe()
            .get(self.key(&format!("bots-day:{}", date_key(at.day))))
            .get(self.key("bots"))
            .query_async(&mut conn)
            .await?;
        Ok(BotStats {
            today: today.unwrap_or(0),
            total: total.unwrap_or(0),
        })
    }

    async fn views(&self, path: &str) -> StoreResult<u64> {
        let mut conn = self.conn.clone();
        let n: Option<u64> = conn.hget(self.key("views"), path).await?;
        Ok(n.unwrap_or(0))
    }

    async fn ad_event(&self, slot: &str, creative: &str, kind: AdEventKind) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        let hash = match kind {
            AdEventKind::Impression => "ads:imp",
            AdEventKind::Click => "ads:clk",
        };
        let _: i64 = self
            .ad
            .key(self.key(hash))
            .key(self.key("ads:imp"))
            .arg(ad_field(slot, creative))
            .arg(self.limits.max_ad_keys)
            .invoke_async(&mut conn)
            .await?;
        Ok(())
    }

    async fn ad_counts(&self) -> StoreResult<Vec<AdCount>> {
        let mut conn = self.conn.clone();
        let (imp, clk): (
            std::collections::HashMap<String, u64>,
            std::collections::HashMap<String, u64>,
        ) = redis::pipe()
            .hgetall(self.key("ads:imp"))
            .hgetall(self.key("ads:clk"))
            .query_async(&mut conn)
            .await?;
        let mut all: std::collections::BTreeMap<(String, String), (u64, u64)> = Default::default();
        for (field, n) in imp {
            if let Some((s, c)) = field.split_once('\n') {
                all.entry((s.into(), c.into())).or_default().0 += n;
            }
        }
        for (field, n) in clk {
            if let Some((s, c)) = field.split_once('\n') {
                all.entry((s.into(), c.into())).or_default().1 += n;
            }
        }
        Ok(all
            .into_iter()
            .map(|((slot, creative), (impressions, clicks))| AdCount {
                slot,
                creative,
                impressions,
                clicks,
            })
            .collect())
    }

    async fn flush(&self, _at: &Moment) -> StoreResult<()> {
        // Every write already went to Redis.
        Ok(())
    }

    fn name(&self) -> &'static str {
        "redis"
    }
}
