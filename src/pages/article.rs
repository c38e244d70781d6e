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
    use_config, use_strings, ArticleBody, ArticleSkeleton, Comments, DateTime, ErrorView, ViewCount,
};
use crate::model::{related, Article};
use crate::offline::{use_offline, OfflineMissing, SaveButton};
use crate::platform::set_document_title;
use crate::platform::url::base_path;
use crate::router::{use_router, Route};
use crate::state::{article_outcome, ArticleOutcome, Event, FeedStore, Retry};
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
    leptos::task::spawn_local(async move {
        // The page may be gone by then.
        copy.try_set(Some(offline.copy(&lookup).await));
    });
    // Not in what is loaded: the feed is paged through (a few pages at
    // most) until this page goes away.
    store.dispatch(Event::Seek(id.clone()));
    let left = id.clone();
    on_cleanup(move || store.dispatch(Event::LeftArticle(left)));
    let id = StoredValue::new(id);

    // What to show (`state::article_outcome`). Once an article is shown it
    // stays: the page is not rebuilt (nor the reader's place lost) when the
    // list reloads, as it does when the network returns, or when the feed
    // comes in after the stored copy was shown.
    let outcome = Memo::new(move |shown: Option<&ArticleOutcome>| {
        if let Some(shown @ ArticleOutcome::Show(_)) = shown {
            return shown.clone();
        }
        let online = offline.online.get();
        copy.with(|copy| {
            let copy = copy.as_ref().map(Option::as_ref);
            store.with(|feed| id.with_value(|id| article_outcome(feed, id, copy, online)))
        })
    });

    move || match outcome.get() {
        ArticleOutcome::Show(article) => view! { <ArticleView article=*article/> }.into_any(),
        ArticleOutcome::Looking => view! { <ArticleSkeleton/> }.into_any(),
        ArticleOutcome::OfflineMissing => view! { <OfflineMissing/> }.into_any(),
        ArticleOutcome::Failed { error, retry } => {
            let event = match retry {
                Retry::First => Event::LoadFirst,
                Retry::More => Event::RetryMore,
                Retry::Item => Event::Seek(id.get_value()),
            };
            view! {
                <ErrorView error on_retry=Callback::new(move |_| store.dispatch(event.clone()))/>
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
    let related_items: Vec<Article> = store.with_untracked(|feed| {
        related(&article, feed.articles(), 5)
            .into_iter()
            .cloned()
            .collect()
    });
    let hero = article
        .banner_image
        .clone()
        .or_else(|| article.image.clone());
    let body_has_image =
        matches!(&article.content, crate::model::Content::Html(h) if h.contains("<img"));
    let lang = article.language.clone();
    let comments_at = store.source().comments_at(&config, &article);
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
}
