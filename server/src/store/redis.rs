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
//! Comments: `c:seq` — the last id given; `c:<id>` — hash {post, parent, name, email, content,
//! status, ms, dup}; `c:post:<post>` — sorted set of the post's approved ids, `c:pending` — of the
//! held ids (score: time in ms; member: the id zero-padded to 20 digits, so equal times sort by
//! id); `c:dup` — hash SHA-1(post, lowercased email, content) → id; `c:kids:<id>` — set of the
//! replies to a comment (moved up a level when it is deleted). Each change is one Lua script.
//!
//! Times come from the caller's clock (not Redis's), so the rules behave the same as in SQLite and
//! can be tested with a manual clock; key expiry (real time) is only garbage collection.

use redis::aio::ConnectionManager;
use redis::{AsyncCommands, Client, Script};

use super::{
    date_key, Activity, AdCount, AdEventKind, AddComment, BotStats, Comment, CommentPage,
    CommentStatus, NewComment, Stats, Store, StoreLimits, StoreResult, ONLINE_WINDOW_MS,
    VISIT_GAP_MS,
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

/// KEYS[1] = prefix. ARGV: post, parent, name, email, content, status, ms, lowercased email, most
/// held comments. Returns the new id, or -1 duplicate, -2 bad parent, -3 queue full.
const ADD_COMMENT_LUA: &str = r#"
local p = KEYS[1]
local post, parent, status = ARGV[1], ARGV[2], ARGV[6]
if parent ~= '0' then
  local pc = redis.call('HMGET', p .. 'c:' .. parent, 'post', 'status')
  if pc[1] ~= post or pc[2] ~= 'approved' then return -2 end
end
-- post and email hold no newline (validated), so the three parts cannot run into each other
local dup = redis.sha1hex(post .. '\n' .. ARGV[8] .. '\n' .. ARGV[5])
if redis.call('HEXISTS', p .. 'c:dup', dup) == 1 then return -1 end
if status == 'hold' and redis.call('ZCARD', p .. 'c:pending') >= tonumber(ARGV[9]) then
  return -3
end
local id = string.format('%d', redis.call('INCR', p .. 'c:seq'))
local member = string.format('%020d', tonumber(id))
redis.call('HSET', p .. 'c:' .. id, 'post', post, 'parent', parent, 'name', ARGV[3],
  'email', ARGV[4], 'content', ARGV[5], 'status', status, 'ms', ARGV[7], 'dup', dup)
redis.call('HSET', p .. 'c:dup', dup, id)
if status == 'approved' then
  redis.call('ZADD', p .. 'c:post:' .. post, ARGV[7], member)
else
  redis.call('ZADD', p .. 'c:pending', ARGV[7], member)
end
if parent ~= '0' then redis.call('SADD', p .. 'c:kids:' .. parent, id) end
return tonumber(id)
"#;

/// KEYS[1] = prefix. ARGV: id, its sorted-set member. Returns the comment's hash (empty: none).
const APPROVE_COMMENT_LUA: &str = r#"
local p = KEYS[1]
local k = p .. 'c:' .. ARGV[1]
local c = redis.call('HMGET', k, 'status', 'post', 'ms')
if not c[1] then return {} end
if c[1] == 'hold' then
  redis.call('HSET', k, 'status', 'approved')
  redis.call('ZREM', p .. 'c:pending', ARGV[2])
  redis.call('ZADD', p .. 'c:post:' .. c[2], c[3], ARGV[2])
end
return redis.call('HGETALL', k)
"#;

/// KEYS[1] = prefix. ARGV: id, its sorted-set member. Returns 1 when deleted, 0 when not found.
const DELETE_COMMENT_LUA: &str = r#"
local p = KEYS[1]
local id = ARGV[1]
local k = p .. 'c:' .. id
local c = redis.call('HMGET', k, 'post', 'parent', 'dup')
if not c[1] then return 0 end
local parent = c[2] or '0'
redis.call('ZREM', p .. 'c:pending', ARGV[2])
redis.call('ZREM', p .. 'c:post:' .. c[1], ARGV[2])
if c[3] and redis.call('HGET', p .. 'c:dup', c[3]) == id then
  redis.call('HDEL', p .. 'c:dup', c[3])
end
for _, kid in ipairs(redis.call('SMEMBERS', p .. 'c:kids:' .. id)) do
  if redis.call('EXISTS', p .. 'c:' .. kid) == 1 then
    redis.call('HSET', p .. 'c:' .. kid, 'parent', parent)
    if parent ~= '0' then redis.call('SADD', p .. 'c:kids:' .. parent, kid) end
  end
end
if parent ~= '0' then redis.call('SREM', p .. 'c:kids:' .. parent, id) end
redis.call('DEL', k, p .. 'c:kids:' .. id)
return 1
"#;

/// A comment's member in the sorted sets: zero-padded, so that equal scores sort by id.
fn comment_member(id: u64) -> String {
    format!("{id:020}")
}

/// A comment from its hash (`None` when it is gone or damaged).
fn comment_from_hash(id: u64, h: &std::collections::HashMap<String, String>) -> Option<Comment> {
    let text = |k: &str| h.get(k).cloned();
    Some(Comment {
        id,
        post: text("post")?,
        parent: h.get("parent")?.parse().ok()?,
        author_name: text("name")?,
        author_email: text("email")?,
        content: text("content")?,
        status: CommentStatus::parse(h.get("status")?)?,
        created_ms: h.get("ms")?.parse().ok()?,
    })
}

/// Counts in Redis, shared by every instance using the same URL and prefix.
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    prefix: String,
    record: Script,
    ad: Script,
    add_comment: Script,
    approve_comment: Script,
    delete_comment: Script,
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
            add_comment: Script::new(ADD_COMMENT_LUA),
            approve_comment: Script::new(APPROVE_COMMENT_LUA),
            delete_comment: Script::new(DELETE_COMMENT_LUA),
            limits,
        })
    }

    fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// A page of the comments in sorted set `zset`, ascending or descending.
    async fn comment_page(
        &self,
        zset: &str,
        offset: u64,
        limit: u64,
        descending: bool,
    ) -> StoreResult<CommentPage> {
        let mut conn = self.conn.clone();
        let start = isize::try_from(offset).unwrap_or(isize::MAX);
        let stop = isize::try_from(offset.saturating_add(limit.max(1) - 1)).unwrap_or(isize::MAX);
        let (total, members): (u64, Vec<String>) = if descending {
            redis::pipe()
                .atomic()
                .zcard(zset)
                .zrevrange(zset, start, stop)
                .query_async(&mut conn)
                .await?
        } else {
            redis::pipe()
                .atomic()
                .zcard(zset)
                .zrange(zset, start, stop)
                .query_async(&mut conn)
                .await?
        };
        let ids: Vec<u64> = members.iter().filter_map(|m| m.parse().ok()).collect();
        if ids.is_empty() || limit == 0 {
            return Ok(CommentPage {
                comments: Vec::new(),
                total,
            });
        }
        let mut pipe = redis::pipe();
        for id in &ids {
            pipe.hgetall(self.key(&format!("c:{id}")));
        }
        let hashes: Vec<std::collections::HashMap<String, String>> =
            pipe.query_async(&mut conn).await?;
        // A comment deleted between the two round trips is left out.
        let comments = ids
            .iter()
            .zip(&hashes)
            .filter_map(|(&id, h)| comment_from_hash(id, h))
            .collect();
        Ok(CommentPage { comments, total })
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

    async fn add_comment(&self, c: &NewComment) -> StoreResult<AddComment> {
        let mut conn = self.conn.clone();
        let n: i64 = self
            .add_comment
            .key(&self.prefix)
            .arg(&c.post)
            .arg(c.parent.to_string())
            .arg(&c.author_name)
            .arg(&c.author_email)
            .arg(&c.content)
            .arg(c.status.as_str())
            .arg(c.created_ms)
            .arg(c.author_email.to_ascii_lowercase())
            .arg(self.limits.max_pending_comments)
            .invoke_async(&mut conn)
            .await?;
        Ok(match n {
            -1 => AddComment::Duplicate,
            -2 => AddComment::BadParent,
            -3 => AddComment::QueueFull,
            id => AddComment::Added(Comment {
                id: id.max(0) as u64,
                post: c.post.clone(),
                parent: c.parent,
                author_name: c.author_name.clone(),
                author_email: c.author_email.clone(),
                content: c.content.clone(),
                status: c.status,
                created_ms: c.created_ms,
            }),
        })
    }

    async fn next_comment_id(&self) -> StoreResult<u64> {
        let mut conn = self.conn.clone();
        let last: Option<u64> = conn.get(self.key("c:seq")).await?;
        Ok(last.unwrap_or(0) + 1)
    }

    async fn approved_comments(
        &self,
        post: &str,
        offset: u64,
        limit: u64,
    ) -> StoreResult<CommentPage> {
        self.comment_page(&self.key(&format!("c:post:{post}")), offset, limit, false)
            .await
    }

    async fn pending_comments(&self, offset: u64, limit: u64) -> StoreResult<CommentPage> {
        self.comment_page(&self.key("c:pending"), offset, limit, true)
            .await
    }

    async fn approve_comment(&self, id: u64) -> StoreResult<Option<Comment>> {
        let mut conn = self.conn.clone();
        let h: std::collections::HashMap<String, String> = self
            .approve_comment
            .key(&self.prefix)
            .arg(id.to_string())
            .arg(comment_member(id))
            .invoke_async(&mut conn)
            .await?;
        Ok(comment_from_hash(id, &h))
    }

    async fn delete_comment(&self, id: u64) -> StoreResult<bool> {
        let mut conn = self.conn.clone();
        let n: i64 = self
            .delete_comment
            .key(&self.prefix)
            .arg(id.to_string())
            .arg(comment_member(id))
            .invoke_async(&mut conn)
            .await?;
        Ok(n == 1)
    }

    fn name(&self) -> &'static str {
        "redis"
    }
}
