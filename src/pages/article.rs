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
    use_config, use_strings, ArticleBody, ArticleSkeleton, DateTime, ErrorView, ViewCount,
};
use crate::error::AppError;
use crate::model::{related, Article};
use crate::offline::{use_offline, OfflineMissing, SaveButton};
use crate::platform::set_document_title;
use crate::platform::url::base_path;
use crate::router::{use_router, Route};
use crate::state::{FeedStore, LoadState, MAX_PAGES_FOR_DEEP_LINK};
use leptos::prelude::*;

/// The page of the current route's article: the entry point of the lazily
/// loaded `article` chunk (`crate::lazy`).
pub fn article_page() -> AnyView {
    match use_router().route.get_untracked() {
        Route::Article { id } => view! { <ArticlePage id/> }.into_any(),
        _ => view! { <NotFoundPage/> }.into_any(),
    }
}

#[component]
pub fn ArticlePage(id: String) -> impl IntoView {
    let store = crate::components::app_context::<FeedStore>();
    let offline = use_offline();
    // The stored copy: `None` while looking, then `Some(None)` when there is none.
    let copy = RwSignal::new(None::<Option<Article>>);
    let lookup = id.clone();
    leptos::task::spawn_local(async move { copy.set(Some(offline.copy(&lookup).await)) });
    let id = StoredValue::new(id);

    // Not in what we have yet: ask for further pages, a bounded number of times.
    crate::erased::effect(move || {
        let missing = store
            .articles
            .with(|list| !list.iter().any(|a| id.with_value(|i| &a.id == i)));
        if missing
            && store.first.get() == LoadState::Done
            && store.more.get() != LoadState::Loading
            && !matches!(store.more.get_untracked(), LoadState::Failed(_))
            && store.pages.get() < MAX_PAGES_FOR_DEEP_LINK
            && store.next_url.with(Option::is_some)
        {
            store.load_more();
        }
    });

    // The article, from the feed or else the stored copy. Once shown it stays:
    // the page is not rebuilt (nor the reader's place lost) when the list
    // reloads, as it does when the network returns, or when the feed comes in
    // after the stored copy was shown.
    let article = Memo::new(move |shown: Option<&Option<Article>>| {
        if let Some(Some(shown)) = shown {
            return Some(shown.clone());
        }
        id.with_value(|i| store.find(i))
            .or_else(|| copy.get().flatten())
    });

    move || {
        if let Some(article) = article.get() {
            return view! { <ArticleView article/> }.into_any();
        }
        // A failed page ends the search (it says why, or offline, that the
        // article is not stored) instead of leaving the skeleton up.
        let searching = store.next_url.with(Option::is_some)
            && store.pages.get() < MAX_PAGES_FOR_DEEP_LINK
            && !matches!(store.more.get(), LoadState::Done | LoadState::Failed(_))
            || store.more.get() == LoadState::Loading;
        let cut_off = |e: &AppError| *e == AppError::Offline || !offline.online.get();
        match store.first.get() {
            // Still looking in the stored copies.
            _ if copy.with(Option::is_none) => view! { <ArticleSkeleton/> }.into_any(),
            LoadState::Failed(error) if cut_off(&error) => view! { <OfflineMissing/> }.into_any(),
            LoadState::Failed(error) => view! {
                <ErrorView error on_retry=Callback::new(move |_| store.load_first())/>
            }
            .into_any(),
            LoadState::Done if !searching => match store.more.get() {
                LoadState::Failed(error) if cut_off(&error) => {
                    view! { <OfflineMissing/> }.into_any()
                }
                LoadState::Failed(error) => view! {
                    <ErrorView error on_retry=Callback::new(move |_| store.load_more())/>
                }
                .into_any(),
                // The cached feed may be older than the link: not "not found".
                _ if !offline.online.get() => view! { <OfflineMissing/> }.into_any(),
                _ => view! { <NotFoundPage/> }.into_any(),
            },
            _ => view! { <ArticleSkeleton/> }.into_any(),
        }
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let t = use_strings();
    let config = use_config();
    let store = crate::components::app_context::<FeedStore>();
    set_document_title(&format!("{} – {}", article.title, config.site.title));
    // Keep a copy and its images for reading offline later.
    let offline = use_offline();
    let kept = article.clone();
    leptos::task::spawn_local(async move {
        // Quiet on failure: the reader asked for nothing.
        let _ = offline.store(&kept, false).await;
    });
    let base = base_path();
    let related_items: Vec<Article> = store
        .articles
        .with_untracked(|all| related(&article, all, 5).into_iter().cloned().collect());
    let hero = article
        .banner_image
        .clone()
        .or_else(|| article.image.clone());
    let body_has_image =
        matches!(&article.content, crate::model::Content::Html(h) if h.contains("<img"));
    let lang = article.language.clone();
    view! {
        <article class="bt-article" lang=lang>
            <p class="bt-back"><a href=Route::Home.href(&base)>"← "{t.back_to_list}</a></p>
            <h1 class="bt-article-title">{article.title.clone()}</h1>
            <p class="bt-meta">
                {article.published.map(|ms| view! { <DateTime epoch_ms=ms/> })}
                {article.byline().map(|b| view! { <span class="bt-author">{t.by}": "{b}</span> })}
                <ViewCount path=Route::Article { id: article.id.clone() }.href(&base)/>
            </p>
            <p class="bt-save-row"><SaveButton article=article.clone()/></p>
            {article.lead().map(|s| view! { <p class="bt-lead">{s.to_string()}</p> })}
            {hero.filter(|_| !body_has_image).map(|src| view! {
                <figure class="bt-hero">
                    <img src=src alt="" width="1200" height="675" decoding="async"/>
                </figure>
            })}
            <ArticleBody content=article.content.clone() base_url=article.base_url.clone()/>
            {(!article.tags.is_empty()).then(|| view! {
                <div class="bt-tags">
                    <h2 class="bt-visually-hidden">{t.tags}</h2>
                    <ul>
                        {article.tags.iter().map(|tag| view! { <li>{tag.clone()}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            {article.url.clone().map(|u| view! {
                <p class="bt-original"><a href=u rel="noopener noreferrer" target="_blank">{t.read_original}</a></p>
            })}
        </article>
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
}
