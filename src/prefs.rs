//! The reader's own settings: text size (A−/A+) and light/dark, kept in
//! localStorage under [`KEY`] as `{"size": 2, "theme": "dark"}`.
//!
//! src/boot.js applies them to `<html>` (`data-bt-size`, `data-bt-theme`)
//! before the app's first paint, so a reader who chose large text never sees
//! it small first; an article's tools (`components::reader_tools`, a chunk)
//! change them. style/main.css reads the attributes. Pure; native tests in
//! tests/prefs.rs.

use crate::json::{self, Value};

pub const KEY: &str = "bantin:prefs";

/// Text size steps: -1 is 87.5 %, 0 the default, 5 is 200 % (style/main.css).
pub const MIN_SIZE: i8 = -1;
pub const MAX_SIZE: i8 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// The value of `data-bt-theme`; `None` removes it.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// Dark on screen, given what the system prefers.
    pub fn is_dark(self, system_dark: bool) -> bool {
        match self {
            Theme::System => system_dark,
            Theme::Light => false,
            Theme::Dark => true,
        }
    }

    /// What the toggle makes of it: the opposite of what is on screen,
    /// remembered from then on.
    pub fn toggled(self, system_dark: bool) -> Theme {
        if self.is_dark(system_dark) {
            Theme::Light
        } else {
            Theme::Dark
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    pub size: i8,
    pub theme: Theme,
}

impl Prefs {
    /// Reads what was stored; anything unreadable is the default.
    pub fn parse(stored: Option<&str>) -> Prefs {
        let Some(Ok(Value::Object(o))) = stored.map(json::parse) else {
            return Prefs::default();
        };
        let size = o
            .get("size")
            .and_then(Value::as_i64)
            .map(|s| s.clamp(MIN_SIZE.into(), MAX_SIZE.into()) as i8)
            .unwrap_or(0);
        let theme = match o.get("theme").and_then(Value::as_str) {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        };
        Prefs { size, theme }
    }

    pub fn to_json(self) -> String {
        match self.theme.attribute() {
            Some(theme) => format!(r#"{{"size":{},"theme":"{theme}"}}"#, self.size),
            None => format!(r#"{{"size":{}}}"#, self.size),
        }
    }

    /// One step bigger (`by` 1) or smaller (-1), within the steps.
    pub fn resized(self, by: i8) -> Prefs {
        Prefs {
            size: self.size.saturating_add(by).clamp(MIN_SIZE, MAX_SIZE),
            ..self
        }
    }

    /// The value of `data-bt-size`; `None` (the default) removes it.
    pub fn size_attribute(self) -> Option<String> {
        (self.size != 0).then(|| self.size.to_string())
    }
}
