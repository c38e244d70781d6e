//! One article: h1 title, date in the site's zone, author, lead, body, tags,
//! related articles. A deep link pages through the feed (a few pages at most)
//! to find its item; an unknown id gets the not-found page.
//!
//! Offline: the feed pages come from the service worker's cache; an article
//! the feed does not have is shown from its stored copy (saved, downloaded or
//! opened before, in IndexedDB); one with neither gets "not saved for offline
//! reading" with ways on, not an error.

use super::NotFoundPage;
use crate::components::{
    use_config, use_strings, ArticleBody, ArticleSkeleton, ArticleTools, Comments, DateTime,
    ErrorView, ReaderTools, ViewCount,
};
use crate::config::{search_config, SearchConfig};
use crate::error::AppError;
use crate::model::Article;
use crate::model::FeedPage;
use crate::offline::{use_offline, OfflineMissing, SaveButton};
use crate::platform::http::{get_text_abortable, Abort};
use crate::platform::set_document_title;
use crate::platform::url::base_path;
use crate::platform::url::{resolve, resolve_app};
use crate::router::encode_segment;
use crate::router::{use_router, Route};
use crate::source::{CommentsAt, Source};
use crate::state::{article_outcome, ArticleOutcome, Event, FeedState, LookUp, Retry};
use leptos::prelude::*;

/// The page of the current route's article: the entry point of the lazily
/// loaded `article` chunk (`crate::lazy`).
pub fn article_page() -> AnyView {
    match use_router().route.get_untracked() {
        Route::Article { id } => view! { <ArticlePage id/> }.into_any(),
        _ => view! { <NotFoundPage/> }.into_any(),
    }
}

/// The feed page holding `id`, as bantin-server's search knows it
/// (`GET …/api/search?id=` → `{"page": URL}`: docs/search.md), with that
/// article alone; an empty page when the archive has none.
async fn archive_page(search: &str, id: &str, abort: &Abort) -> Result<FeedPage, AppError> {
    let ask = format!("{search}?id={}", encode_segment(id));
    let body = get_text_abortable(&ask, Some(abort)).await?;
    let page = crate::json::parse(&body)
        .ok()
        .and_then(|v| Some(v.as_object()?.get("page")?.as_str()?.to_string()))
        .and_then(|page| resolve(&page, &ask));
    let Some(page) = page else {
        return Ok(FeedPage::default());
    };
    let mut found = Source::JsonFeed { url: page.clone() }
        .fetch_page(&page, Some(abort))
        .await?;
    found.items.retain(|a| a.id == id);
    Ok(found)
}

/// How long a shared link waits for the feed before it also looks for a
/// stored copy of the article.
const COPY_AFTER: std::time::Duration = std::time::Duration::from_millis(2000);

#[component]
pub fn ArticlePage(id: String) -> impl IntoView {
    let store = crate::context::use_store();
    let offline = use_offline();
    // The stored copy: `None` while looking, then `Some(None)` when there is none.
    // Looked up only when the feed cannot show the article soon: offline,
    // once the feed's first page has come without it (or failed), or after
    // COPY_AFTER. Looking fetches offline reading's code and storage, which
    // would otherwise compete with the article's own first screen.
    let copy = RwSignal::new(None::<Option<Article>>);
    let waited = RwSignal::new(false);
    set_timeout(
        move || {
            waited.try_set(true);
        },
        COPY_AFTER,
    );
    let (lookup, mut asked) = (id.clone(), false);
    crate::erased::effect(move || {
        if asked || store.with(|feed| feed.find(&lookup).is_some()) {
            return;
        }
        if offline.online.get() && !store.with(FeedState::settled) && !waited.get() {
            return;
        }
        asked = true;
        let lookup = lookup.clone();
        leptos::task::spawn_local(async move {
            // The page may be gone by then.
            copy.try_set(Some(offline.copy(&lookup).await));
        });
    });
    // Not in what is loaded: a source that can look one article up
    // (WordPress, by slug) is asked for it alone; otherwise the feed is paged
    // through (a few pages at most). Either stops when this page goes away.
    // A JSON Feed portal with bantin-server's search asks it for the article
    // when the first page has come without it (one found by searching the
    // archive may be far down the feed), and pages through the feed if the
    // server has none.
    let looked_up = RwSignal::new(None::<Result<FeedPage, AppError>>);
    let abort = StoredValue::new_local(Abort::new());
    let source = store.source();
    let config = use_config();
    let archive = match (&source, search_config(config.search.as_ref(), false)) {
        (Source::JsonFeed { .. }, Some(SearchConfig::Server { url })) => resolve_app(&url),
        _ => None,
    };
    // Nothing to ask when the list already has it (the reader came from it).
    let in_list = store.with_untracked(|feed| feed.find(&id).is_some());
    let has_archive = archive.is_some();
    let asks_source = RwSignal::new(!in_list && (source.looks_up() || archive.is_some()));
    let look_up = {
        let id = id.clone();
        move || {
            looked_up.set(None);
            let (id, abort, archive) = (id.clone(), abort.get_value(), archive.clone());
            let from_archive = archive.is_some();
            leptos::task::spawn_local(async move {
                let page = match archive {
                    Some(url) => archive_page(&url, &id, &abort).await,
                    None => store.source().fetch_item(&id, Some(&abort)).await,
                };
                let found = matches!(&page, Ok(p) if !p.items.is_empty());
                if from_archive && !found {
                    // The archive has none (or cannot say): page through the feed.
                    asks_source.try_set(false);
                    store.dispatch(Event::Seek(id));
                    return;
                }
                looked_up.try_set(Some(page));
            });
        }
    };
    if asks_source.get_untracked() && has_archive {
        // Most shared links are to recent articles, which the feed's first
        // page (on its way anyway) holds: the archive is asked only when that
        // page has come without it, not for every link (a request, and the
        // page it names downloaded twice, before the article could show).
        let (wanted, look_up) = (id.clone(), look_up.clone());
        let mut waiting = true;
        crate::erased::effect(move || {
            if !waiting || !store.with(FeedState::settled) {
                return;
            }
            waiting = false;
            if store.with_untracked(|feed| feed.find(&wanted).is_none()) {
                look_up();
            } else {
                asks_source.set(false);
            }
        });
    } else if asks_source.get_untracked() {
        look_up();
    } else {
        store.dispatch(Event::Seek(id.clone()));
    }
    let left = id.clone();
    on_cleanup(move || {
        abort.with_value(Abort::abort);
        store.dispatch(Event::LeftArticle(left));
    });
    let id = StoredValue::new(id);

    // What to show (`state::article_outcome`). Once an article is shown it
    // stays: the page is not rebuilt (nor the reader's place lost) when the
    // list reloads, as it does when the network returns, or when the feed
    // comes in after the stored copy was shown.
    let outcome = Memo::new(move |shown: Option<&ArticleOutcome>| {
        if let Some(shown @ ArticleOutcome::Show(_)) = shown {
            return shown.clone();
        }
        // `online` matters only while there is no article to show; read
        // untracked and tracked only then, so that the usual page (the
        // article in the list) leaves no subscriber in the app-long signal
        // when it goes (docs/perf.md, "Memory").
        let online = offline.online.get_untracked();
        let outcome = looked_up.with(|answer| {
            let lookup = match answer {
                _ if !asks_source.get() => LookUp::NotAsked,
                None => LookUp::Waiting,
                Some(Ok(page)) => LookUp::Answered(page.items.first()),
                Some(Err(error)) => LookUp::Failed(error),
            };
            copy.with(|copy| {
                let copy = copy.as_ref().map(Option::as_ref);
                store.with(|feed| {
                    id.with_value(|id| article_outcome(feed, id, copy, online, lookup))
                })
            })
        });
        if !matches!(outcome, ArticleOutcome::Show(_)) {
            offline.online.track();
        }
        outcome
    });

    // Once the article (or why not) is on the page, the extras may follow
    // its hero image (after this render: an effect runs after the view's).
    crate::erased::effect(move || {
        if !matches!(outcome.get(), ArticleOutcome::Looking) {
            crate::platform::lead_image::release();
        }
    });
    move || match outcome.get() {
        ArticleOutcome::Show(article) => view! { <ArticleView article=*article/> }.into_any(),
        ArticleOutcome::Looking => view! { <ArticleSkeleton/> }.into_any(),
        ArticleOutcome::OfflineMissing => view! { <OfflineMissing/> }.into_any(),
        ArticleOutcome::Failed { error, retry } => {
            let look_up = look_up.clone();
            let retry = move || match retry {
                Retry::First => store.dispatch(Event::LoadFirst),
                Retry::More => store.dispatch(Event::RetryMore),
                Retry::Item => look_up(),
            };
            view! {
                <ErrorView error on_retry=Callback::new(move |_| retry())/>
            }
            .into_any()
        }
        ArticleOutcome::NotFound => view! { <NotFoundPage/> }.into_any(),
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let t = use_strings();
    let config = use_config();
    let store = crate::context::use_store();
    set_document_title(&format!("{} – {}", article.title, config.site.title));
    // Keep a copy and its images for reading offline later, once the first
    // screen is painted (it fetches offline reading's code and the images).
    let offline = use_offline();
    let kept = article.clone();
    store.after_first_list(move || {
        leptos::task::spawn_local(async move {
            // Quiet on failure: the reader asked for nothing.
            let _ = offline.store(&kept, false).await;
        })
    });
    let base = base_path();
    let here = Route::Article {
        id: article.id.clone(),
    }
    .href(&base);
    let share_url = format!("{}{here}", window().location().origin().unwrap_or_default());
    // With the source's scaled copies of that picture (WordPress's sizes), so
    // a phone fetches a phone-sized one of the page's largest paint; the
    // picture is the article column's width (style/main.css, 44rem at most).
    let hero = article
        .hero()
        .map(|(src, srcset)| (src.to_string(), srcset.map(str::to_string)));
    let lang = article.language.clone();
    let comments_at = store.source().comments_at(&config, &article);
    // The comments and "Tin liên quan", from their own chunk once the first
    // screen (this text and its hero image) is painted: they are below it,
    // and their code would delay it on a slow link (docs/perf.md).
    // Its code not fetched (the network went away): the usual "could not
    // load this part of the page", with "Thử lại", under the article.
    let more = RwSignal::new(None::<Result<crate::lazy::RenderMore, AppError>>);
    let fetch_more = move || {
        leptos::task::spawn_local(async move {
            let fetched = crate::lazy::article_more().await.map_err(|_| {
                if crate::platform::is_online() {
                    AppError::Chunk
                } else {
                    AppError::Offline
                }
            });
            more.try_set(Some(fetched));
        })
    };
    store.after_first_list(fetch_more);
    let retry = Callback::new(move |()| {
        more.set(None);
        fetch_more();
    });
    let below = article.clone();
    view! {
        <article class="bt-article" lang=lang>
            <p class="bt-back"><a href=Route::Home.href(&base)>"← "{t.back_to_list}</a></p>
            <h1 class="bt-article-title">{article.title.clone()}</h1>
            <p class="bt-meta">
                {article.published.map(|ms| view! { <DateTime epoch_ms=ms/> })}
                {article.byline().map(|b| view! { <span class="bt-author">{t.by}": "{b}</span> })}
                {article.reading_minutes().map(|m| view! {
                    <span class="bt-reading-time">{m}" "{t.min_read}</span>
                })}
                <ViewCount path=here.clone()/>
            </p>
            // Saving and the reader's text size and colours before the text;
            // sharing and printing after it, where a reader who finished is.
            <div class="bt-save-row"><SaveButton article=article.clone()/><ReaderTools/></div>
            {article.lead().map(|s| view! { <p class="bt-lead">{s.to_string()}</p> })}
            {hero.map(|(src, srcset)| view! {
                <figure class="bt-hero">
                    // The page's largest paint: fetched first (platform::lead_image).
                    <img
                        src=src srcset=srcset sizes="(min-width: 45rem) 44rem, 100vw"
                        alt="" width="1200" height="675" decoding="async" fetchpriority="high"
                        elementtiming="lead"
                    />
                </figure>
            })}
            <ArticleBody content=article.content.clone() base_url=article.base_url.clone()/>
            <ArticleTools url=share_url title=article.title.clone()/>
            {(!article.tags.is_empty()).then(|| view! {
                <div class="bt-tags">
                    <h2 class="bt-visually-hidden">{t.tags}</h2>
                    <ul>
                        {article.tags.iter().map(|tag| {
                            let href = Route::Tag { tag: tag.clone() }.href(&base);
                            view! { <li><a href=href>{tag.clone()}</a></li> }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {article.url.clone().map(|u| view! {
                <p class="bt-original"><a href=u rel="noopener noreferrer" target="_blank">{t.read_original}</a></p>
            })}
        </article>
        {move || match more.get() {
            None => ().into_any(),
            Some(Ok(render)) => render(below.clone(), comments_at.clone()),
            Some(Err(error)) => view! { <ErrorView error on_retry=retry/> }.into_any(),
        }}
    }
}

/// Below the article (`lazy::article_more`, its own chunk): its comments and
/// "Tin liên quan" (shared tags first, then shared title words).
pub fn article_more(article: Article, comments_at: Option<CommentsAt>) -> AnyView {
    let t = use_strings();
    let store = crate::context::use_store();
    let base = base_path();
    let related_items: Vec<Article> = store.with_untracked(|feed| {
        let all = feed.articles();
        crate::search::related(&article, all, 5)
            .into_iter()
            .filter_map(|i| all.get(i).cloned())
            .collect()
    });
    view! {
        {comments_at.map(|at| view! { <Comments article=article.clone() at/> })}
        {(!related_items.is_empty()).then(|| view! {
            <section class="bt-related" aria-labelledby="bt-related-title">
                <h2 id="bt-related-title">{t.related}</h2>
                <ul>
                    {related_items.into_iter().map(|a| {
                        let href = Route::Article { id: a.id.clone() }.href(&base);
                        view! {
                            <li>
                                <a href=href>{a.title.clone()}</a>
                                {a.published.map(|ms| view! { " " <span class="bt-meta"><DateTime epoch_ms=ms/></span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
    .into_any()
}
