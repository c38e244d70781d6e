//! Article comments, the pure half: reading comment lists and created
//! comments, mapping error answers, threading, the reader's draft (kept in
//! localStorage), its validation and the POST body. Native tests: tests/comments.rs.
//!
//! One client for both sources: bantin-server's comment API mirrors a subset
//! of WordPress REST v2 comments (`GET …/comments?post=…` → a JSON array with
//! `X-WP-TotalPages`; `POST …/comments` → 201 and the created comment; errors
//! `{"code","message","data":{"status"}}`). Fields outside that subset are ignored.

use crate::format::parse_date;
use crate::json::{self, Value};
use crate::text::{clean_line, excerpt, push_json_string};
use rustc_hash::{FxHashMap, FxHashSet};
use thiserror::Error;

/// Deeper replies are shown at this depth (top level is 0).
pub const MAX_DEPTH: usize = 4;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_EMAIL_CHARS: usize = 200;
pub const MAX_CONTENT_CHARS: usize = 5000;
/// The longest server message kept in [`CommentError::Invalid`].
pub const MAX_MESSAGE_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: u64,
    /// 0 at top level.
    pub parent: u64,
    /// Plain text, entities decoded, trimmed; "" when absent (the view picks a fallback).
    pub author: String,
    /// Epoch ms of `date_gmt` read as UTC.
    pub published: Option<i64>,
    /// `content.rendered`: HTML, untrusted (sanitized by the view).
    pub html: String,
    /// `status == "hold"`: awaiting moderation.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    /// `X-WP-TotalPages`, when sent and a number.
    pub total_pages: Option<u32>,
    /// Items of the list that were not comments.
    pub skipped: usize,
}

/// What went wrong with a comment request, for the reader (the view picks
/// the message by variant).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CommentError {
    /// 401: the site takes comments from logged-in users only.
    #[error("login required")]
    LoginRequired,
    /// 409: the same comment was already sent.
    #[error("duplicate comment")]
    Duplicate,
    /// 403 `rest_comment_closed`: the thread takes no more comments.
    #[error("comments closed")]
    Closed,
    /// 400/422: the server refused the input; its message as plain text (may be "").
    #[error("invalid comment: {0}")]
    Invalid(String),
    /// 413.
    #[error("comment too large")]
    TooLarge,
    /// 429 or `comment_flood`.
    #[error("rate limited")]
    RateLimited,
    /// Any other status.
    #[error("HTTP {0}")]
    Server(u16),
    /// A success answer that is not what was asked for.
    #[error("not JSON")]
    NotJson,
    /// No answer (status 0 here; the fetch layer reports its own failures).
    #[error("network error")]
    Network,
    /// The browser is offline (set by the fetch layer, never by a parser).
    #[error("offline")]
    Offline,
}

impl CommentError {
    /// The error an unsuccessful answer means: by its `code` when it has a known
    /// one, else by status. A body that is HTML, empty or garbage counts as no code.
    pub fn from_answer(status: u16, body: &str) -> CommentError {
        let doc = json::parse(body).unwrap_or_default();
        let code = doc.get("code").and_then(Value::as_str).unwrap_or("");
        match (code, status) {
            ("rest_comment_login_required", _) | (_, 401) => CommentError::LoginRequired,
            ("comment_duplicate", _) | (_, 409) => CommentError::Duplicate,
            ("rest_comment_closed" | "rest_comment_draft_post" | "rest_comment_trash_post", _) => {
                CommentError::Closed
            }
            ("rate_limited" | "comment_flood", _) | (_, 429) => CommentError::RateLimited,
            (_, 413) => CommentError::TooLarge,
            (_, 400 | 422) => CommentError::Invalid(excerpt(
                &clean_line(doc.get("message").and_then(Value::as_str).unwrap_or("")),
                MAX_MESSAGE_CHARS,
            )),
            (_, 0) => CommentError::Network,
            (_, 200..=299) => CommentError::NotJson,
            (_, s) => CommentError::Server(s),
        }
    }
}

/// One comment object; `None` when it is not one (no id, no content).
fn comment(v: &Value) -> Option<Comment> {
    let text = |key: &str| v.get(key).and_then(Value::as_str);
    Some(Comment {
        id: v.get("id")?.as_u64().filter(|&id| id != 0)?,
        parent: v.get("parent").and_then(Value::as_u64).unwrap_or(0),
        author: text("author_name").map(clean_line).unwrap_or_default(),
        // WordPress writes `date_gmt` without a zone; accept one if it has it.
        published: text("date_gmt")
            .and_then(|d| parse_date(d).or_else(|| parse_date(&format!("{}Z", d.trim())))),
        html: v.get("content")?.get("rendered")?.as_str()?.to_string(),
        pending: text("status") == Some("hold"),
    })
}

/// A comment list answer. Items that are not comments are skipped and
/// counted; asking past the last page (400 `rest_comment_invalid_page_number`)
/// is an empty page.
pub fn parse_list(
    body: &str,
    status: u16,
    total_pages_header: Option<&str>,
) -> Result<CommentPage, CommentError> {
    let total_pages = total_pages_header.and_then(|h| h.trim().parse().ok());
    let mut page = CommentPage {
        total_pages,
        ..CommentPage::default()
    };
    if !(200..300).contains(&status) {
        let doc = json::parse(body).unwrap_or_default();
        let code = doc.get("code").and_then(Value::as_str);
        return match (status, code) {
            (400, Some("rest_comment_invalid_page_number")) => Ok(page),
            _ => Err(CommentError::from_answer(status, body)),
        };
    }
    let doc = json::parse(body).map_err(|_| CommentError::NotJson)?;
    for item in doc.as_array().ok_or(CommentError::NotJson)? {
        match comment(item) {
            Some(c) => page.comments.push(c),
            None => page.skipped += 1,
        }
    }
    Ok(page)
}

/// The answer to a POST: the created comment (`pending` when held for moderation).
pub fn parse_created(body: &str, status: u16) -> Result<Comment, CommentError> {
    if !(200..300).contains(&status) {
        return Err(CommentError::from_answer(status, body));
    }
    json::parse(body)
        .ok()
        .as_ref()
        .and_then(comment)
        .ok_or(CommentError::NotJson)
}

/// Comments in reading order with their depth: depth first, replies under
/// their parent, siblings oldest first (undated last, then by id). A reply
/// whose parent is not in the list is shown at top level, depths past
/// [`MAX_DEPTH`] at `MAX_DEPTH`; of repeated ids the first is kept, and
/// comments caught in a parent cycle are shown, from their oldest, after the rest.
/// O(n log n), iterative (no recursion however deep the chain).
pub fn thread(comments: Vec<Comment>) -> Vec<(usize, Comment)> {
    let mut seen = FxHashSet::default();
    let mut slots: Vec<Option<Comment>> = comments
        .into_iter()
        .filter(|c| seen.insert(c.id))
        .map(Some)
        .collect();
    slots.sort_by_key(|c| c.as_ref().map(|c| (c.published.unwrap_or(i64::MAX), c.id)));
    // Id → position, then each position's replies in (sorted) order.
    let index: FxHashMap<u64, usize> = slots
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.as_ref()?.id, i)))
        .collect();
    let parent_of = |c: &Option<Comment>| {
        let c = c.as_ref()?;
        (c.parent != 0 && c.parent != c.id)
            .then(|| index.get(&c.parent).copied())
            .flatten()
    };
    let mut replies: Vec<Vec<usize>> = vec![Vec::new(); slots.len()];
    let mut roots = Vec::new();
    for (i, c) in slots.iter().enumerate() {
        match parent_of(c) {
            Some(p) => {
                if let Some(r) = replies.get_mut(p) {
                    r.push(i);
                }
            }
            None => roots.push(i),
        }
    }
    let mut out = Vec::with_capacity(slots.len());
    let mut stack = Vec::new();
    // Then every comment not reached yet: only cycles are left.
    for root in roots.into_iter().chain(0..slots.len()) {
        stack.push((root, 0));
        while let Some((i, depth)) = stack.pop() {
            let Some(c) = slots.get_mut(i).and_then(Option::take) else {
                continue;
            };
            out.push((depth, c));
            if let Some(r) = replies.get(i) {
                stack.extend(r.iter().rev().map(|&j| (j, (depth + 1).min(MAX_DEPTH))));
            }
        }
    }
    out
}

/// What a reader is typing, kept across reloads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub name: String,
    pub email: String,
    pub content: String,
    /// The comment replied to, 0 for a new thread.
    pub parent: u64,
}

/// Appends `s` as a JSON string, escaping U+2028 and U+2029 too, which
/// older JavaScript parsers take for line ends.
fn push_string(out: &mut String, s: &str) {
    let start = out.len();
    push_json_string(out, s);
    if s.contains(['\u{2028}', '\u{2029}']) {
        let tail = out.split_off(start);
        out.push_str(
            &tail
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029"),
        );
    }
}

/// Appends `,"key":value` (`{` instead of the comma first).
fn push_field(out: &mut String, key: &str, value: &str) {
    out.push(if out.is_empty() { '{' } else { ',' });
    push_json_string(out, key);
    out.push(':');
    push_string(out, value);
}

impl Draft {
    /// A JSON object for localStorage.
    pub fn to_storage(&self) -> String {
        let mut out = String::new();
        push_field(&mut out, "name", &self.name);
        push_field(&mut out, "email", &self.email);
        push_field(&mut out, "content", &self.content);
        out.push_str(",\"parent\":");
        out.push_str(&self.parent.to_string());
        out.push('}');
        out
    }

    /// What [`Draft::to_storage`] wrote; anything else is `None`.
    pub fn from_storage(stored: &str) -> Option<Draft> {
        let doc = json::parse(stored).ok()?;
        let text = |key: &str| doc.get(key)?.as_str().map(str::to_string);
        Some(Draft {
            name: text("name")?,
            email: text("email")?,
            content: text("content")?,
            parent: doc.get("parent")?.as_u64()?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    NameMissing,
    NameTooLong,
    EmailMissing,
    EmailInvalid,
    EmailTooLong,
    ContentMissing,
    ContentTooLong,
}

/// What keeps a draft from being sent, field by field (at most one each, in
/// form order). Lengths are characters of the trimmed text.
pub fn validate(draft: &Draft) -> Vec<FieldError> {
    use FieldError::*;
    let check = |s: &str, max, missing, too_long| {
        let n = s.trim().chars().count();
        (n == 0)
            .then_some(missing)
            .or((n > max).then_some(too_long))
    };
    let email = draft.email.trim();
    let plausible = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(|c: char| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    [
        check(&draft.name, MAX_NAME_CHARS, NameMissing, NameTooLong),
        check(email, MAX_EMAIL_CHARS, EmailMissing, EmailTooLong)
            .or((!plausible).then_some(EmailInvalid)),
        check(
            &draft.content,
            MAX_CONTENT_CHARS,
            ContentMissing,
            ContentTooLong,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The article a comment is for: a WordPress post id, or bantin-server's article id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostRef {
    WordPress(u64),
    Server(String),
}

/// The POST body for a draft (its fields trimmed).
pub fn post_body(post: &PostRef, draft: &Draft) -> String {
    let mut out = String::from("{\"post\":");
    match post {
        PostRef::WordPress(id) => out.push_str(&id.to_string()),
        PostRef::Server(id) => push_string(&mut out, id),
    }
    out.push_str(",\"parent\":");
    out.push_str(&draft.parent.to_string());
    push_field(&mut out, "author_name", draft.name.trim());
    push_field(&mut out, "author_email", draft.email.trim());
    push_field(&mut out, "content", draft.content.trim());
    out.push('}');
    out
}
