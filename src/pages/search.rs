//! Search: the `pages` chunk (`crate::lazy`), fetched when the reader first
//! focuses the header's box (or opens a `/tim-kiem?q=` link).
//!
//! Results come in two steps: at once from what the browser has (the loaded
//! list and the copies kept offline, `crate::search::SearchIndex`, also
//! offline), then from the source's own search of the whole archive
//! (bantin-server's `/api/search`, or WordPress's `?search=`), merged without
//! duplicates. The query lives in the address (`?q=`), so results can be
//! shared and survive a reload. Folding, ranking and highlighting are pure
//! (`bantin_fold`, `crate::search`; native tests).

use crate::components::{use_lang, DateTime};
use crate::config::{search_config, SearchConfig};
use crate::context::{expect_shared, Shared};
use crate::erased::{dynamic, effect};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::Article;
use crate::offline::Offline;
use crate::platform::http::Abort;
use crate::platform::set_document_title;
use crate::platform::url::{base_path, resolve_app};
use crate::platform::{js_call, js_get};
use crate::router::{decode_segment, encode_segment, Route, Router};
use crate::search::{merge, Hit, SearchIndex};
use crate::source::wordpress::WpApi;
use crate::source::Source;
use crate::state::FeedStore;
use bantin_fold::Query;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Results shown at most.
const MAX_RESULTS: usize = 50;
/// Typing pauses this long before the query goes to the address and the
/// source's search (the browser's own results follow every keystroke).
const DEBOUNCE: Duration = Duration::from_millis(250);

thread_local! {
    /// The query, shared by the header's box and the page; not owned by
    /// either, so it outlives the page (back and forward find it).
    static QUERY: ArcRwSignal<String> = ArcRwSignal::new(String::new());
}

fn query() -> ArcRwSignal<String> {
    QUERY.with(Clone::clone)
}

/// The `q` of the address, if any.
fn query_in_address() -> Option<String> {
    let search = js_get(&window().location(), "search").as_string()?;
    let q = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("q="))?;
    decode_segment(&q.replace('+', " "))
}

/// The value of an `<input>`.
fn value_of(input: &JsValue) -> String {
    js_get(input, "value").as_string().unwrap_or_default()
}

/// The search page's address for `q`.
fn address(q: &str) -> String {
    let href = Route::Search.href(&base_path());
    match q.trim() {
        "" => href,
        q => format!("{href}?q={}", encode_segment(q)),
    }
}

/// The header's box takes the form over: results as the reader types, on
/// the search page, without leaving the box (the form still works without
/// this, as a plain GET of the search page).
pub fn search_box(form: web_sys::HtmlFormElement, router: Router) {
    // The form's control named "q".
    let input = js_get(&form, "q");
    if input.is_undefined() {
        return;
    }
    let timer = std::rc::Rc::new(std::cell::Cell::new(None::<TimeoutHandle>));
    // Goes to (or stays on) the search page for what the box holds.
    let go = {
        let input = input.clone();
        move |push: bool| {
            let q = value_of(&input);
            query().set(q.clone());
            let on_page = router.route.get_untracked() == Route::Search;
            if let Ok(history) = window().history() {
                let url = address(&q);
                let _ = if on_page && !push {
                    history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
                } else {
                    history.push_state_with_url(&JsValue::NULL, "", Some(&url))
                };
            }
            if !on_page {
                // Not `navigate`: it would move the focus out of the box.
                router.set_route.set(Route::Search);
            }
        }
    };
    let on_input = {
        let (timer, go) = (timer.clone(), go.clone());
        Closure::<dyn Fn()>::new(move || {
            if let Some(t) = timer.take() {
                t.clear();
            }
            let go = go.clone();
            timer.set(set_timeout_with_handle(move || go(false), DEBOUNCE).ok());
        })
    };
    let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        if let Some(t) = timer.take() {
            t.clear();
        }
        let on_page = router.route.get_untracked() == Route::Search;
        go(!on_page);
    });
    let _ = input
        .unchecked_ref::<web_sys::EventTarget>()
        .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    // The header lives as long as the page.
    on_input.forget();
    on_submit.forget();
}

/// The entry point of the page.
pub fn search_page() -> AnyView {
    view! { <SearchPage/> }.into_any()
}

/// What the source's own search is doing.
#[derive(Clone, PartialEq)]
enum Remote {
    /// No search beyond the browser (no `search` in config.json, or no query).
    None,
    Searching,
    Done(Vec<Article>),
    Failed(AppError),
}

#[component]
fn SearchPage() -> impl IntoView {
    let Shared {
        config,
        store,
        offline,
        ..
    } = expect_shared();
    let lang = use_lang();
    let s = strings(lang);
    set_document_title(&format!("{} – {}", s.title, config.site.title));

    let q = query();
    // A reload, a shared link, back or forward: the address says what.
    let from_address = query_in_address().unwrap_or_default();
    if q.get_untracked() != from_address {
        q.set(from_address.clone());
    }
    if let Some(input) = crate::platform::root::by_id("bt-q") {
        if value_of(&input) != from_address {
            let _ = js_sys::Reflect::set(&input, &"value".into(), &from_address.as_str().into());
        }
    }

    // What the browser has: the loaded list and the copies kept offline,
    // indexed as they come (adding an article twice is a no-op).
    let index = StoredValue::new_local(SearchIndex::default());
    let indexed = RwSignal::new(0usize);
    effect(move || {
        store.with(|s| index.update_value(|i| s.articles().iter().for_each(|a| i.add(a))));
        let stored = offline.stored_articles();
        index.update_value(|i| stored.iter().for_each(|a| i.add(a)));
        indexed.set(index.with_value(SearchIndex::len));
    });
    // The whole archive: the source's search, one request at a time.
    let source = store.source();
    let wordpress = matches!(source, Source::WordPress { .. });
    let remote_at = search_config(config.search.as_ref(), wordpress);
    let remote = RwSignal::new(Remote::None);
    // The request in flight, and its number: an answer to an older one is dropped.
    let in_flight = StoredValue::new_local(None::<Abort>);
    let asked = StoredValue::new(0u64);
    {
        let q = q.clone();
        effect(move || {
            let query = q.get();
            if let Some(abort) = in_flight.get_value() {
                abort.abort();
            }
            let Some(url) = remote_url(remote_at.as_ref(), &source, query.trim()) else {
                remote.set(Remote::None);
                return;
            };
            remote.set(Remote::Searching);
            asked.update_value(|n| *n += 1);
            let mine = asked.get_value();
            let abort = Abort::new();
            in_flight.set_value(Some(abort.clone()));
            let source = source.clone();
            spawn_local(async move {
                // bantin-server answers a JSON Feed page; WordPress, posts.
                let page = match &source {
                    Source::WordPress { .. } => source.fetch_page(&url, Some(&abort)).await,
                    Source::JsonFeed { .. } => {
                        let archive = Source::JsonFeed { url: url.clone() };
                        archive.fetch_page(&url, Some(&abort)).await
                    }
                };
                if asked.try_get_value() != Some(mine) {
                    return;
                }
                remote.try_set(match page {
                    Ok(page) => Remote::Done(page.items),
                    Err(e) => Remote::Failed(e),
                });
            });
        });
    }

    // One view of it all, drawn again when the query, the index or the
    // archive's answer changes: a single closure and view type, because
    // each one a chunk makes stays in the first load (docs/size.md).
    let sections = config.sections.clone();
    // The browser's own hits: once a query (not again when the archive answers).
    let local = {
        let q = q.clone();
        Memo::new(move |_| {
            indexed.track();
            let query = Query::parse(&q.get());
            match query.is_empty() {
                true => Vec::new(),
                false => measure("bantin:search", || {
                    index.with_value(|i| i.search(&query, MAX_RESULTS))
                }),
            }
        })
    };
    let page = dynamic(move || {
        let typed = q.get();
        let query = Query::parse(&typed);
        let found = local.get();
        let archive = remote.get();
        let results = merged(&query, found, &archive, store, offline);
        let shown = typed.trim();
        let status = match (shown, results.len(), &archive) {
            ("", _, _) => s.prompt.to_string(),
            (q, 0, Remote::Searching) => format!("{} “{q}”…", s.searching),
            (q, 0, _) => format!("{} “{q}”.", s.nothing),
            (q, n, _) => format!("{n} {} “{q}”", s.results_for),
        };
        let note = match &archive {
            Remote::Searching => Some(s.searching_archive),
            Remote::Failed(AppError::Offline | AppError::Network(_)) => Some(s.archive_offline),
            Remote::Failed(_) => Some(s.archive_failed),
            _ => None,
        };
        let empty = !shown.is_empty() && results.is_empty() && archive != Remote::Searching;
        let base = base_path();
        view! {
            <p class="bt-search-status" role="status">{status}</p>
            <ol class="bt-list bt-search-results">
                {results.into_iter().map(|a| view! { <SearchHit article=a query=query.clone()/> }).collect_view()}
            </ol>
            {note.map(|n| view! { <p class="bt-notice bt-search-archive">{n}</p> })}
            {empty.then(|| view! {
                <div class="bt-search-empty">
                    <p>{s.suggest_fewer}</p>
                    <p>{s.suggest_sections}</p>
                    <ul class="bt-search-sections">
                        {sections.iter().map(|sec| {
                            let href = Route::Section { slug: sec.slug.clone() }.href(&base);
                            view! { <li><a href=href>{sec.title.clone()}</a></li> }
                        }).collect_view()}
                    </ul>
                </div>
            })}
        }
        .into_any()
    });

    view! {
        <section class="bt-search-page" aria-labelledby="bt-search-title">
            <h1 id="bt-search-title" class="bt-section-title">{s.title}</h1>
            {page}
        </section>
    }
}

/// The browser's hits as articles, then what only the archive found, each
/// once (`search::merge`), at most [`MAX_RESULTS`].
fn merged(
    query: &Query,
    found: Vec<Hit>,
    archive: &Remote,
    store: FeedStore,
    offline: Offline,
) -> Vec<Article> {
    let extra: &[Article] = match archive {
        Remote::Done(items) => items,
        _ => &[],
    };
    // The archive's hits scored by the same rules as the browser's (both
    // `bantin_fold`), so the two interleave.
    let remote: Vec<Hit> = extra
        .iter()
        .map(|a| Hit {
            id: a.id.clone(),
            score: bantin_fold::score(query, &a.title, a.summary.as_deref().unwrap_or(""))
                .unwrap_or(0),
        })
        .collect();
    merge(found, remote)
        .into_iter()
        .filter_map(|hit| {
            store
                .with_untracked(|s| s.find(&hit.id).cloned())
                .or_else(|| extra.iter().find(|a| a.id == hit.id).cloned())
                .or_else(|| {
                    untrack(|| offline.stored_articles())
                        .into_iter()
                        .find(|a| a.id == hit.id)
                })
        })
        .take(MAX_RESULTS)
        .collect()
}

/// The URL of the source's search for `q`, if it has one.
fn remote_url(at: Option<&SearchConfig>, source: &Source, q: &str) -> Option<String> {
    if Query::parse(q).is_empty() {
        return None;
    }
    match (at?, source) {
        (SearchConfig::Server { url }, _) => {
            let url = resolve_app(url)?;
            Some(format!("{url}?q={}&per_page=20", encode_segment(q)))
        }
        (SearchConfig::WordPress, Source::WordPress { url, per_page }) => {
            Some(WpApi::new(url)?.search(q, 1, *per_page))
        }
        _ => None,
    }
}

/// Runs `f` between two performance marks named `name` (the search
/// benchmark reads them: bench/search.mjs).
fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let performance = js_get(&window(), "performance");
    let start = format!("{name}:start");
    js_call(&performance, "mark", &[start.as_str().into()]);
    let out = f();
    js_call(
        &performance,
        "measure",
        &[name.into(), start.as_str().into()],
    );
    out
}

/// One result: the title and summary with the matched words marked.
#[component]
fn SearchHit(article: Article, query: Query) -> impl IntoView {
    let href = Route::Article {
        id: article.id.clone(),
    }
    .href(&base_path());
    view! {
        <li class="bt-card bt-hit">
            <div class="bt-card-body">
                <h2 class="bt-card-title"><a href=href>{marked(&query, &article.title)}</a></h2>
                {article.summary.as_deref().map(|s| view! { <p class="bt-card-summary">{marked(&query, s)}</p> })}
                <p class="bt-meta">
                    {article.published.map(|ms| view! { <DateTime epoch_ms=ms/> })}
                </p>
            </div>
        </li>
    }
}

/// `text` with the words `query` matches in `<mark>`: each part the text
/// before a match and the match (the last part, the rest without one).
fn marked(query: &Query, text: &str) -> impl IntoView {
    let mut parts = Vec::new();
    let mut at = 0;
    for range in bantin_fold::highlight(query, text) {
        if let (Some(before), Some(hit)) = (text.get(at..range.start), text.get(range.clone())) {
            parts.push((before.to_string(), Some(hit.to_string())));
            at = range.end;
        }
    }
    parts.push((text.get(at..).unwrap_or_default().to_string(), None));
    parts
        .into_iter()
        .map(|(before, hit)| view! { {before}{hit.map(|h| view! { <mark>{h}</mark> })} })
        .collect_view()
}

struct SearchStrings {
    title: &'static str,
    prompt: &'static str,
    results_for: &'static str,
    searching: &'static str,
    nothing: &'static str,
    searching_archive: &'static str,
    archive_offline: &'static str,
    archive_failed: &'static str,
    suggest_fewer: &'static str,
    suggest_sections: &'static str,
}

fn strings(lang: Lang) -> &'static SearchStrings {
    match lang {
        Lang::Vi => &SearchStrings {
            title: "Tìm kiếm",
            prompt: "Gõ vào ô tìm kiếm ở đầu trang, có dấu hay không dấu đều được.",
            results_for: "kết quả cho",
            searching: "Đang tìm",
            nothing: "Không tìm thấy bài nào cho",
            searching_archive: "Đang tìm thêm trong toàn bộ kho tin…",
            archive_offline: "Đang offline: kết quả chỉ từ các bài đã tải và đã lưu trên máy này.",
            archive_failed: "Không tìm được trong kho tin lúc này; kết quả chỉ từ các bài đã tải.",
            suggest_fewer: "Thử bớt từ, hoặc dùng từ khác.",
            suggest_sections: "Hoặc xem theo chuyên mục:",
        },
        Lang::En => &SearchStrings {
            title: "Search",
            prompt: "Type in the search box at the top; accents are optional.",
            results_for: "results for",
            searching: "Searching for",
            nothing: "No articles found for",
            searching_archive: "Searching the whole archive…",
            archive_offline: "Offline: results only from articles loaded and saved on this device.",
            archive_failed:
                "The archive could not be searched just now; results are from loaded articles only.",
            suggest_fewer: "Try fewer words, or other words.",
            suggest_sections: "Or browse a section:",
        },
    }
}
