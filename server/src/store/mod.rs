//! The counting rules and the storage behind them.
//!
//! Rules (the same for every backend, checked by one shared test suite):
//! - **online** = distinct visitors with a hit or heartbeat in the last 5 minutes
//!   (`now - last < 5 min`).
//! - **visits** (today / week / total): activity (hit or heartbeat) starts a new visit when the
//!   visitor has none running: first activity ever, 30 minutes or more without activity, or the
//!   local day changed since the last activity (a visit that crosses local midnight counts again in
//!   the new day, as analytics sessions do; so the days of a week add up to the week and the days
//!   add up to the total).
//! - **views** of a path = hits on it, except that a visitor hitting the same path again less than
//!   30 minutes after their previous hit on it does not add a view (reloads do not inflate).
//! - **bots** are counted apart (hits only), never in the figures above.
//! - **ads**: impressions and clicks per slot and creative.
//! - **comments** on articles: ids increase and are never reused; a new comment is held (or
//!   approved at once when the server auto-approves); only approved ones are listed, oldest first
//!   (time, then id); the same post + email (ASCII case-insensitive) + content is stored once; a
//!   reply's parent is an approved comment of the same post; deleting a comment moves its replies
//!   up to its own parent (as WordPress does). Unlike the counts, a comment is durable as soon as
//!   [`Store::add_comment`] returns.

use std::fmt;
use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::clock::Moment;

pub mod redis;
pub mod sqlite;

pub use self::redis::RedisStore;
pub use self::sqlite::SqliteStore;

/// A visitor is online while its last activity is less than this old.
pub const ONLINE_WINDOW_MS: i64 = 5 * 60 * 1000;
/// A visit ends after this long without activity; the same visitor's same-path view is counted once
/// within it.
pub const VISIT_GAP_MS: i64 = 30 * 60 * 1000;

/// Bounds on the tables that clients can grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreLimits {
    /// Distinct paths with a view count; hits on further new paths are not counted as views.
    pub max_paths: usize,
    /// Distinct (slot, creative) pairs; events of further new pairs are dropped.
    pub max_ad_keys: usize,

    /// Comments waiting for moderation; a new comment to hold beyond it is refused.
    pub max_pending_comments: usize,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            max_paths: 100_000,
            max_ad_keys: 2_000,
            max_pending_comments: 10_000,
        }
    }
}

/// The figures of the visitor box.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub online: u64,
    pub today: u64,
    pub week: u64,
    pub total: u64,
}

/// Bot hits, counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotStats {
    pub today: u64,
    pub total: u64,
}

/// What a visitor did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// A page view of a path.
    Hit,
    /// "Still here" (sent every 60 s while the tab is visible); keeps the visitor online and the
    /// visit running, never adds a view.
    Heartbeat,
}

/// An ad event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdEventKind {
    Impression,
    Click,
}

/// Impressions and clicks of one creative in one slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdCount {
    pub slot: String,
    pub creative: String,
    pub impressions: u64,
    pub clicks: u64,
}

/// Where a comment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    /// Waiting for a moderator; not listed.
    Hold,
    Approved,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Hold => "hold",
            CommentStatus::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "hold" => Some(CommentStatus::Hold),
            "approved" => Some(CommentStatus::Approved),
            _ => None,
        }
    }
}

/// A comment to store, validated by the API layer (trimmed, bounded, no control characters but
/// newlines and tabs in the content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub post: String,
    /// 0: not a reply.
    pub parent: u64,
    pub author_name: String,
    pub author_email: String,
    /// Plain text, newlines as `\n`.
    pub content: String,
    pub status: CommentStatus,
    pub created_ms: i64,
}

/// A stored comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: u64,
    pub post: String,
    pub parent: u64,
    pub author_name: String,
    pub author_email: String,
    pub content: String,
    pub status: CommentStatus,
    pub created_ms: i64,
}

/// What became of a comment handed to [`Store::add_comment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddComment {
    Added(Comment),
    /// The same post, email and content is already stored.
    Duplicate,
    /// The parent is not an approved comment of the same post.
    BadParent,
    /// [`StoreLimits::max_pending_comments`] comments are already waiting.
    QueueFull,
}

/// One page of a list of comments, and how many the whole list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    pub total: u64,
}

/// A storage failure (the database or Redis is unavailable or refused the operation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        Self(format!("sqlite: {e}"))
    }
}

impl From<::redis::RedisError> for StoreError {
    fn from(e: ::redis::RedisError) -> Self {
        Self(format!("redis: {e}"))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Where the counts live. Cheap to clone (handles share one backend).
///
/// Inputs are validated by the API layer before they get here (visitor ids, paths, slot and creative
/// names contain no control characters).
pub trait Store: Clone + Send + Sync + 'static {
    /// Records a hit or heartbeat of `visitor` on `path` at `at`.
    fn record(
        &self,
        visitor: &str,
        path: &str,
        activity: Activity,
        at: &Moment,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Records a hit by a crawler (counted apart).
    fn record_bot(&self, at: &Moment) -> impl Future<Output = StoreResult<()>> + Send;

    /// The visitor box figures at `at`.
    fn stats(&self, at: &Moment) -> impl Future<Output = StoreResult<Stats>> + Send;

    /// Bot hits today and in total.
    fn bot_stats(&self, at: &Moment) -> impl Future<Output = StoreResult<BotStats>> + Send;

    /// Views of one path.
    fn views(&self, path: &str) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Records an ad impression or click.
    fn ad_event(
        &self,
        slot: &str,
        creative: &str,
        kind: AdEventKind,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// All ad counts, sorted by slot then creative.
    fn ad_counts(&self) -> impl Future<Output = StoreResult<Vec<AdCount>>> + Send;

    /// Stores a comment (durably, before returning), unless it is a duplicate, its parent is not
    /// an approved comment of its post, or it would be held while the queue is full.
    fn add_comment(
        &self,
        comment: &NewComment,
    ) -> impl Future<Output = StoreResult<AddComment>> + Send;

    /// The id the next stored comment will get (not reserved).
    fn next_comment_id(&self) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Approved comments of `post`, oldest first (time, then id): `limit` from `offset`.
    fn approved_comments(
        &self,
        post: &str,
        offset: u64,
        limit: u64,
    ) -> impl Future<Output = StoreResult<CommentPage>> + Send;

    /// Held comments, newest first (time, then id, descending): `limit` from `offset`.
    fn pending_comments(
        &self,
        offset: u64,
        limit: u64,
    ) -> impl Future<Output = StoreResult<CommentPage>> + Send;

    /// Approves a comment (approving an approved one changes nothing); `None`: no such id.
    fn approve_comment(&self, id: u64)
        -> impl Future<Output = StoreResult<Option<Comment>>> + Send;

    /// Deletes a comment, moving its replies up to its parent; `false`: no such id.
    fn delete_comment(&self, id: u64) -> impl Future<Output = StoreResult<bool>> + Send;

    /// Makes the counts recorded so far durable (a no-op where every write already is). Called at
    /// least once a second.
    fn flush(&self, at: &Moment) -> impl Future<Output = StoreResult<()>> + Send;

    /// The last flush before the process exits: makes everything durable, including what the
    /// periodic flush may skip for speed.
    fn shutdown(&self, at: &Moment) -> impl Future<Output = StoreResult<()>> + Send {
        self.flush(at)
    }

    /// A short name for logs.
    fn name(&self) -> &'static str;
}

/// Whether activity at `at` starts a new visit, given the visitor's previous activity (its time in
/// ms and its local day number).
pub fn starts_visit(previous: Option<(i64, i32)>, at: &Moment) -> bool {
    match previous {
        None => true,
        Some((last_ms, last_day)) => at.ms - last_ms >= VISIT_GAP_MS || last_day != at.day_number(),
    }
}

/// Whether a hit at `now_ms` on a path adds a view, given the visitor's previous hit on that path.
pub fn counts_view(previous_hit_ms: Option<i64>, now_ms: i64) -> bool {
    previous_hit_ms.is_none_or(|last| now_ms - last >= VISIT_GAP_MS)
}

/// Storage key of a local day or week: its ISO date (a week is named by its Monday).
pub fn date_key(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
