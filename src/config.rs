//! config.json: what an operator sets for their portal.
//!
//! Fetched at start-up from the app's base URL (where index.html is served),
//! never from the current route. Every key is documented in README.md.
//! Sections that later features own (`ads`) are kept as raw JSON here and
//! validated slot by slot by their own module, so one malformed ad slot cannot
//! stop the reader from starting.
//!
//! Read from a `crate::json::Value` by hand rather than with `#[derive(Deserialize)]`:
//! the feed parser already needs `Value`, and the derived visitors for these
//! structs cost wasm on top of it (measured: docs/size.md).

use crate::error::AppError;
use crate::i18n::Lang;
use crate::json::{self, Map, Value};

pub const DEFAULT_TIMEZONE: &str = "Asia/Ho_Chi_Minh";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub site: Site,
    pub source: SourceConfig,
    /// Ad slots, validated one by one by the ads module.
    pub ads: Option<Value>,
    /// The visitor counter service; no box is shown without it.
    pub stats: Option<StatsConfig>,
    pub offline: OfflineConfig,
    /// Readers' comments under articles, kept as raw JSON and read by the
    /// article page ([`comments_config`]): only it needs them.
    pub comments: Option<Value>,
    /// The sections in the navigation bar, in order (entries without a slug,
    /// a title or a filter are left out).
    pub sections: Vec<Section>,
    /// A WordPress source without `sections`: the navigation shows the
    /// site's own categories (`pages::site_sections`), each a section.
    pub site_sections: bool,
    /// The source's search beyond what the browser has, kept raw and read
    /// by the `pages` chunk ([`search_config`]).
    pub search: Option<Value>,
}

/// A section of the portal: `{"slug": "nong-thon-moi", "title": "Nông thôn mới",
/// "tag": "Nông thôn mới"}` (or `"category": 12` / `"category": "slug"` for a
/// WordPress category, or `"feed": "demo/nong-thon-moi.json"` for a feed of
/// its own). The navigation needs only the slug and the title; what the
/// section shows is read by its page (`sections::SectionFilter`), from `raw`.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub slug: String,
    pub title: String,
    pub raw: Value,
}

/// Reads `sections` leniently, like ad slots: an entry without a slug or a
/// title is left out, never a reason for the reader not to start.
fn sections(raw: Option<&Value>) -> Vec<Section> {
    let Some(Value::Array(list)) = raw else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|v| {
            let m = v.as_object()?;
            let text = |k| {
                let s = m.get(k)?.as_str()?.trim();
                (!s.is_empty()).then(|| s.to_string())
            };
            Some(Section {
                slug: text("slug")?,
                title: text("title")?,
                raw: v.clone(),
            })
        })
        .collect()
}

/// Where the source's own search is asked, from config.json's `search`:
/// `{"url": "/api/search"}` names bantin-server's search (docs/search.md);
/// a WordPress source has its own (`?search=`) unless `false`; otherwise
/// search covers what the browser has.
pub fn search_config(raw: Option<&Value>, wordpress: bool) -> Option<SearchConfig> {
    match raw {
        Some(Value::Bool(false)) => None,
        Some(Value::Object(c)) => match c.get("url").and_then(Value::as_str) {
            Some(url) if !url.trim().is_empty() => Some(SearchConfig::Server {
                url: url.trim().to_string(),
            }),
            _ => wordpress.then_some(SearchConfig::WordPress),
        },
        _ => wordpress.then_some(SearchConfig::WordPress),
    }
}

/// The source's own search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchConfig {
    /// bantin-server's `GET /api/search` at this URL.
    Server { url: String },
    /// The WordPress source's `/wp/v2/posts?search=`.
    WordPress,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub title: String,
    /// Banner image shown in the header (relative to the app base or absolute).
    pub banner: Option<String>,
    pub lang: Lang,
    /// IANA time zone for dates; the browser's own zone is never used.
    pub timezone: String,
    pub description: Option<String>,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            title: "Bản tin".into(),
            banner: None,
            lang: Lang::Vi,
            timezone: DEFAULT_TIMEZONE.into(),
            description: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceConfig {
    /// `{"kind": "jsonfeed", "url": "…"}`
    JsonFeed { url: String },
    /// `{"kind": "wordpress", "url": "https://…/wp-json", "per_page": 20}`:
    /// the WordPress REST API (either URL form, `…/wp-json` or `…/?rest_route=`).
    WordPress { url: String, per_page: u32 },
}

/// Where comments are read and posted, from config.json's `comments`:
/// `{"url": "…"}` names bantin-server's comment service; a WordPress source
/// has its own unless `false`; a JSON Feed source has none without a URL.
/// A malformed value turns comments off (and says so in the console), like a
/// malformed ad slot: the reader never stops for it.
pub fn comments_config(
    raw: Option<&Value>,
    wordpress: bool,
) -> Result<Option<CommentsConfig>, String> {
    match raw {
        Some(Value::Bool(false)) => Ok(None),
        None | Some(Value::Null) | Some(Value::Bool(true)) => {
            Ok(wordpress.then_some(CommentsConfig::WordPress))
        }
        Some(Value::Object(c)) => match c.get("url").and_then(Value::as_str) {
            Some(url) if !url.trim().is_empty() => Ok(Some(CommentsConfig::Server {
                url: url.to_string(),
            })),
            _ => Err("config.json: comments.url is missing".into()),
        },
        Some(_) => Err("config.json: comments must be an object or false".into()),
    }
}

/// Where comments are read and posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentsConfig {
    /// bantin-server's comment API at this URL (docs/comments.md).
    Server { url: String },
    /// The WordPress source's own comments.
    WordPress,
}

/// Posts asked for per page of a WordPress list: the list's first step.
pub const DEFAULT_PER_PAGE: u32 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsConfig {
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineConfig {
    /// Register the service worker (offline reading). Operators may turn it off.
    pub service_worker: bool,
}

impl Default for OfflineConfig {
    fn default() -> Self {
        OfflineConfig {
            service_worker: true,
        }
    }
}

fn config_error(message: &str) -> AppError {
    AppError::Config(format!("config.json: {message}"))
}

/// An optional string field: absent or null is `None`, another type is an error.
fn opt_string(obj: &Map, key: &str, path: &str) -> Result<Option<String>, AppError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(config_error(&format!("{path}.{key} must be a string"))),
    }
}

fn object<'a>(value: Option<&'a Value>, path: &str) -> Result<Option<&'a Map>, AppError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(_) => Err(config_error(&format!("{path} must be an object"))),
    }
}

impl Config {
    pub fn parse(body: &str) -> Result<Config, AppError> {
        let doc: Value = json::parse(body).map_err(|e| config_error(e.reason))?;
        let root = object(Some(&doc), "the file")?.ok_or_else(|| config_error("empty"))?;

        let mut site = Site::default();
        if let Some(s) = object(root.get("site"), "site")? {
            if let Some(title) = opt_string(s, "title", "site")? {
                site.title = title;
            }
            site.banner = opt_string(s, "banner", "site")?;
            if let Some(lang) = opt_string(s, "lang", "site")? {
                site.lang = Lang::from_tag(&lang);
            }
            if let Some(tz) = opt_string(s, "timezone", "site")? {
                site.timezone = tz;
            }
            site.description = opt_string(s, "description", "site")?;
        }
        if site.title.trim().is_empty() {
            return Err(config_error("site.title is empty"));
        }

        let source = object(root.get("source"), "source")?
            .ok_or_else(|| config_error("source is missing"))?;
        let url = opt_string(source, "url", "source")?
            .ok_or_else(|| config_error("source.url is missing"))?;
        let per_page = match source.get("per_page") {
            None | Some(Value::Null) => DEFAULT_PER_PAGE,
            Some(v) => v
                .as_u64()
                .filter(|n| (1..=100).contains(n))
                .map(|n| n as u32)
                .ok_or_else(|| config_error("source.per_page: 1 to 100"))?,
        };
        let source = match opt_string(source, "kind", "source")?.as_deref() {
            Some("jsonfeed") => SourceConfig::JsonFeed { url },
            Some("wordpress") => SourceConfig::WordPress { url, per_page },
            // Quoted by hand: `{:?}` would bring str's Debug escaping into the first load.
            Some(other) => return Err(config_error(&format!("unknown source.kind \"{other}\""))),
            None => return Err(config_error("source.kind is missing")),
        };

        let stats = match object(root.get("stats"), "stats")? {
            Some(s) => Some(StatsConfig {
                url: opt_string(s, "url", "stats")?
                    .ok_or_else(|| config_error("stats.url is missing"))?,
            }),
            None => None,
        };

        let mut offline = OfflineConfig::default();
        if let Some(o) = object(root.get("offline"), "offline")? {
            match o.get("service_worker") {
                None | Some(Value::Null) => {}
                Some(Value::Bool(b)) => offline.service_worker = *b,
                Some(_) => {
                    return Err(config_error("offline.service_worker must be true or false"))
                }
            }
        }

        let site_sections =
            matches!(source, SourceConfig::WordPress { .. }) && root.get("sections").is_none();
        Ok(Config {
            site,
            source,
            comments: root.get("comments").cloned(),
            sections: sections(root.get("sections")),
            site_sections,
            search: root.get("search").cloned(),
            ads: root.get("ads").filter(|v| !v.is_null()).cloned(),
            stats,
            offline,
        })
    }
}
