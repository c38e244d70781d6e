//! The offline views: the banner and update prompt, the save button, "Tải về
//! đọc offline", and the page for an article that was never stored.
//!
//! Each is one fixed structure whose states are a `data-*` attribute or
//! `aria-pressed` read by style/offline.css, rather than views swapped in and
//! out: in Leptos every swapped view and reactive closure is its own code in
//! the wasm, and the size budget is tight.

use super::record::DOWNLOAD_COUNT;
use super::store::use_offline;
use super::{js, use_offline_strings};
use crate::components::{use_config, use_lang, use_strings, Extra};
use crate::model::Article;
use crate::platform::set_document_title;
use crate::platform::url::base_path;
use crate::router::Route;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Bottom of the shell: "you are offline", "a new version — reload", and a
/// storage failure. The live region stays in the page; which lines show
/// follows its `data-show` (read by style/offline.css), so screen readers
/// announce what appears.
/// The offline bar and "Tải về đọc offline": entry points of the lazily
/// loaded `pages` chunk (`crate::lazy`), shown once the first list is in.
pub fn offline_bar() -> AnyView {
    view! { <OfflineBarView/> }.into_any()
}

pub fn download_bar() -> AnyView {
    view! { <DownloadBarView/> }.into_any()
}

/// "Tải về đọc offline" above the list. Until its chunk is in, a still copy
/// of the bar at rest holds its place (same button, same hint, so the same
/// height at every width and in both languages): the list never moves.
#[component]
pub fn DownloadBar() -> impl IntoView {
    let s = use_offline_strings(use_lang());
    // Hidden while there is no list by style/offline.css (`:has`), not by a
    // reactive attribute here (the first load's bytes: docs/size.md).
    let still = move || {
        view! {
            <div class="bt-offline-download">
                <button type="button" class="bt-button bt-offline-start">
                    {crate::components::icon("bt-offline-icon")}
                    <span class="bt-offline-go">{s.download}</span>
                </button>
                <span class="bt-offline-status">{s.download_hint}</span>
            </div>
        }
    };
    view! { <Extra load=crate::lazy::download_bar fallback=still/> }
}

/// The offline bar where the portal puts it, once its chunk is there.
#[component]
pub fn OfflineBar() -> impl IntoView {
    view! { <Extra load=crate::lazy::offline_bar/> }
}

#[component]
fn OfflineBarView() -> impl IntoView {
    let s = use_offline_strings(use_lang());
    let offline = use_offline();
    let show = move || {
        let mut show = String::new();
        if !offline.online.get() {
            show.push_str("offline ");
        }
        if offline.update_ready.get() {
            show.push_str("update ");
        }
        show.push_str(
            offline
                .error
                .with(|f| f.as_ref().map_or("", |f| f.error.show())),
        );
        show
    };
    view! {
        <div class="bt-offline" role="status" data-show=show>
            <p class="bt-offline-banner">{s.offline_banner}</p>
            <p class="bt-offline-update">
                {s.update_available}" — "
                <button type="button" class="bt-button" on:click=|_| js::sw_apply()>{s.reload}</button>
            </p>
            <p class="bt-offline-error">
                <span class="bt-offline-full">{s.storage_full}</span>
                <span class="bt-offline-blocked">{s.storage_blocked}</span>
                <span class="bt-offline-unsaved">{s.storage_content}</span>
                <span class="bt-offline-chunk">{s.storage_chunk}</span>" "
                {move || offline.error.with(|f| f.as_ref().and_then(|f| f.retry.clone())).map(|retry| view! {
                    <button type="button" class="bt-button" on:click=move |_| {
                        offline.dismiss();
                        retry();
                    }>{s.retry}</button>
                })}
                <button type="button" class="bt-button" on:click=move |_| offline.dismiss()>
                    {s.dismiss}
                </button>
            </p>
        </div>
    }
}

/// "Lưu bài" / "Đã lưu" on the article page: a toggle (aria-pressed, which
/// also picks the label shown).
#[component]
pub fn SaveButton(article: Article) -> impl IntoView {
    let s = use_offline_strings(use_lang());
    let offline = use_offline();
    let title = article.title.clone();
    let article = StoredValue::new(article);
    let id = article.with_value(|a| a.id.clone());
    view! {
        <button
            type="button"
            class="bt-save"
            data-bt-article=id.clone()
            aria-pressed=pressed(offline, &id)
            on:click=move |_| article.with_value(|a| offline.toggle(a))
        >
            <SaveLabels s title/>
        </button>
    }
}

/// "Lưu bài" / "Đã lưu" on a card of a list: `aria-pressed` is a view of the
/// stored records (`Offline::records`, written only by the `offline`
/// chunk), like the article page's button. Clicks reach
/// [`Offline::on_click`](super::Offline::on_click) through the portal's one
/// listener: a list has many buttons, and the home page's are in the first
/// download (the size budget).
#[component]
pub fn CardSaveButton(id: String, title: String) -> impl IntoView {
    let s = use_offline_strings(use_lang());
    let offline = use_offline();
    let pressed = pressed(offline, &id);
    view! {
        <button type="button" class="bt-save" data-bt-save=id aria-pressed=pressed>
            <SaveLabels s title/>
        </button>
    }
}

/// A save button's `aria-pressed` as it is drawn; [`Offline::run`]'s one
/// effect keeps every button in step after that
/// ([`super::store::sync_save_buttons`]). Not a reactive attribute a button:
/// each would stay subscribed to `records` after its page is gone
/// (docs/perf.md, "Memory").
fn pressed(offline: super::Offline, id: &str) -> &'static str {
    if offline.is_saved_untracked(id) {
        "true"
    } else {
        "false"
    }
}

/// The button's inside: both labels (style/offline.css shows the one that
/// matches `aria-pressed`) and, visually hidden, the article's title, which
/// tells screen-reader users which article each button of a list saves.
#[component]
fn SaveLabels(s: &'static super::strings::OfflineStrings, title: String) -> impl IntoView {
    view! {
        {crate::components::icon("bt-save-icon")}
        <span class="bt-save-off">{s.save}</span>
        <span class="bt-save-on">{s.saved}</span>
        <span class="bt-visually-hidden">": "{title}</span>
    }
}

/// "Tải về đọc offline": stores the latest articles of the list with their
/// images (the service worker keeps those within its cap), with a progress
/// bar and a way to cancel. One button starts and cancels; `data-state`
/// (empty, running, or nothing) picks what style/offline.css shows.
#[component]
fn DownloadBarView() -> impl IntoView {
    let s = use_offline_strings(use_lang());
    let feed = crate::context::use_store();
    let offline = use_offline();
    // Articles done, of how many; `running` while the loop runs.
    let progress = RwSignal::new((0usize, 0usize));
    let running = RwSignal::new(false);
    let cancel = RwSignal::new(false);
    let finished = RwSignal::new(false);

    let click = move |_| {
        if running.get_untracked() {
            return cancel.set(true);
        }
        let articles: Vec<Article> =
            feed.with_untracked(|f| f.articles().iter().take(DOWNLOAD_COUNT).cloned().collect());
        let total = articles.len();
        js::persist();
        cancel.set(false);
        finished.set(false);
        progress.set((0, total));
        running.set(true);
        spawn_local(async move {
            for (done, article) in articles.iter().enumerate() {
                if cancel.get_untracked() {
                    break;
                }
                if let Err(e) = offline.store(article, false).await {
                    // "Tải về đọc offline" itself starts again.
                    offline.fail(e, None);
                    break;
                }
                progress.set((done + 1, total));
            }
            offline.refresh(); // drops the oldest kept copies
            running.set(false);
            finished.set(true);
        });
    };
    let state = move || {
        if running.get() {
            "running"
        } else if feed.with(|f| f.articles().is_empty()) {
            "empty"
        } else {
            ""
        }
    };
    let text = move || {
        let (done, total) = progress.get();
        if running.get() {
            format!("{} {done}/{total}", s.downloading)
        } else if finished.get() {
            let head = if done < total {
                s.download_cancelled
            } else {
                s.downloaded
            };
            format!("{head} {done} {}.", s.articles)
        } else {
            s.download_hint.to_string()
        }
    };

    view! {
        <div class="bt-offline-download" data-state=state>
            <button type="button" class="bt-button bt-offline-start" on:click=click>
                {crate::components::icon("bt-offline-icon")}
                <span class="bt-offline-go">{s.download}</span>
                <span class="bt-offline-cancel">{s.cancel}</span>
            </button>
            <progress max=DOWNLOAD_COUNT value=move || {
                // Scaled to the bar's fixed max (a shorter list fills it too).
                let (done, total) = progress.get();
                done * DOWNLOAD_COUNT / total.max(1)
            }></progress>
            <span class="bt-offline-status" role="status">{text}</span>
        </div>
    }
}

/// An article that is neither in the (cached) feed nor stored, while offline:
/// say so calmly, with ways on.
#[component]
pub fn OfflineMissing() -> impl IntoView {
    let s = use_offline_strings(use_lang());
    let t = use_strings();
    set_document_title(&format!(
        "{} – {}",
        s.missing_title,
        use_config().site.title
    ));
    let base = base_path();
    view! {
        <section class="bt-offline-missing">
            <h1>{s.missing_title}</h1>
            <p>{s.missing_body}</p>
            <p class="bt-offline-actions">
                <a class="bt-button" href=Route::Home.href(&base)>"← "{t.back_to_list}</a>
                <a class="bt-button" href=Route::Saved.href(&base)>{s.see_saved}</a>
            </p>
        </section>
    }
}
