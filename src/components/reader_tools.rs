//! The reader's tools under an article's title: A−/A+ (text size) and
//! light/dark, in the `article` chunk. What they change is pure
//! (`crate::prefs`) and kept for every page: src/boot.js applies it before
//! the app paints.

use super::use_lang;
use crate::erased::dynamic;
use crate::i18n::Lang;
use crate::platform::{js_call, js_get, local_get, local_set};
use crate::prefs::{Prefs, KEY, MAX_SIZE, MIN_SIZE};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether the page is dark while the reader has not chosen: the system's
/// choice, unless bantin is a guest in a portal's page whose element is set to
/// light or dark only (`--bantin-color-scheme`, light by default: docs/embed.md).
fn system_dark() -> bool {
    if crate::platform::root::embedded() {
        let scheme = crate::platform::root::prefs_element()
            .and_then(|host| window().get_computed_style(&host).ok().flatten())
            .and_then(|style| style.get_property_value("color-scheme").ok())
            .unwrap_or_default();
        match (scheme.contains("light"), scheme.contains("dark")) {
            (true, false) => return false,
            (false, true) => return true,
            _ => {}
        }
    }
    js_call(
        &window(),
        "matchMedia",
        &["(prefers-color-scheme: dark)".into()],
    )
    .is_some_and(|m| js_get(&m, "matches").is_truthy())
}

/// Puts `prefs` on `<html>` (or the `<bantin-news>` element) and remembers them.
fn apply(prefs: Prefs) {
    if let Some(root) = crate::platform::root::prefs_element() {
        let _ = match prefs.size_attribute() {
            Some(size) => root.set_attribute("data-bt-size", &size),
            None => root.remove_attribute("data-bt-size"),
        };
        let _ = match prefs.theme.attribute() {
            Some(theme) => root.set_attribute("data-bt-theme", theme),
            None => root.remove_attribute("data-bt-theme"),
        };
    }
    local_set(KEY, &prefs.to_json());
}

/// What the pressed button of a group says it does (its `data-bt-do`): the
/// groups under an article have one listener each, not one per button
/// (every closure a chunk makes stays in the first load: docs/size.md).
pub(super) fn pressed(ev: &leptos::ev::MouseEvent) -> Option<String> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[data-bt-do]").ok().flatten())
        .and_then(|b| b.get_attribute("data-bt-do"))
}

#[component]
pub fn ReaderTools() -> impl IntoView {
    let s = strings(use_lang());
    let prefs = RwSignal::new(Prefs::parse(local_get(KEY).as_deref()));
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let now = prefs.get_untracked();
        let next = match pressed(&ev).as_deref() {
            Some("smaller") => now.resized(-1),
            Some("bigger") => now.resized(1),
            Some("theme") => Prefs {
                theme: now.theme.toggled(system_dark()),
                ..now
            },
            _ => return,
        };
        prefs.set(next);
        apply(next);
    };
    let buttons = dynamic(move || {
        let p = prefs.get();
        let dark = p.theme.is_dark(system_dark());
        view! {
            <button type="button" class="bt-tool" data-bt-do="smaller" aria-label=s.smaller
                title=s.smaller disabled={p.size <= MIN_SIZE}>"A−"</button>
            <button type="button" class="bt-tool" data-bt-do="bigger" aria-label=s.bigger
                title=s.bigger disabled={p.size >= MAX_SIZE}>"A+"</button>
            <button type="button" class="bt-tool bt-theme-toggle" data-bt-do="theme"
                aria-label=s.dark title=s.dark aria-pressed=if dark { "true" } else { "false" }>
                {if dark { "☀" } else { "☾" }}
            </button>
        }
        .into_any()
    });
    view! {
        <div class="bt-tools" role="group" aria-label=s.tools on:click=on_click>{buttons}</div>
    }
}

struct ToolStrings {
    tools: &'static str,
    smaller: &'static str,
    bigger: &'static str,
    dark: &'static str,
}

fn strings(lang: Lang) -> &'static ToolStrings {
    match lang {
        Lang::Vi => &ToolStrings {
            tools: "Công cụ đọc",
            smaller: "Chữ nhỏ hơn",
            bigger: "Chữ to hơn",
            dark: "Giao diện tối",
        },
        Lang::En => &ToolStrings {
            tools: "Reading tools",
            smaller: "Smaller text",
            bigger: "Bigger text",
            dark: "Dark mode",
        },
    }
}
