//! config.json: what an operator sets for their portal.
//!
//! Fetched at start-up from the app's base URL (where index.html is served),
//! never from the current route. Every key is documented in README.md.
//! Sections that later features own (`ads`) are kept as raw JSON here and
//! validated slot by slot by their own module, so one malformed ad slot cannot
//! stop the reader from starting.

use crate::error::AppError;
use crate::i18n::Lang;
use serde::Deserialize;

pub const DEFAULT_TIMEZONE: &str = "Asia/Ho_Chi_Minh";

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub site: Site,
    pub source: SourceConfig,
    /// Ad slots; see `ads::AdsConfig`.
    #[serde(default)]
    pub ads: Option<serde_json::Value>,
    /// The visitor counter service; no box is shown without it.
    #[serde(default)]
    pub stats: Option<StatsConfig>,
    #[serde(default)]
    pub offline: OfflineConfig,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
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

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind")]
pub enum SourceConfig {
    #[serde(rename = "jsonfeed")]
    JsonFeed { url: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StatsConfig {
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
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

impl Config {
    pub fn parse(body: &str) -> Result<Config, AppError> {
        let config: Config = serde_json::from_str(body)
            .map_err(|e| AppError::Config(format!("config.json: {e}")))?;
        if config.site.title.trim().is_empty() {
            return Err(AppError::Config("site.title is empty".into()));
        }
        Ok(config)
    }
}
