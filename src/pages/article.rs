//! One article: h1 title, date in the site's zone, author, lead, body, tags,
//! related articles. A deep link pages through the feed (a few pages at most)
//! to find its item; an unknown id gets the not-found page.

use super::NotFoundPage;
use crate::components::{
    use_config, use_strings, ArticleBody, ArticleSkeleton, DateTime, ErrorView, ViewCount,
};
use crate::model::{related, Article};
use crate::platform::set_document_title;
use crate::platform::url::base_path;
use crate::router::Route;
use crate::state::{FeedStore, LoadState, MAX_PAGES_FOR_DEEP_LINK};
use leptos::prelude::*;

#[component]
pub fn ArticlePage(id: String) -> impl IntoView {
    let store = expect_context::<FeedStore>();
    let id = StoredValue::new(id);

    // Not in what we have yet: ask for further pages, a bounded number of times.
    Effect::new(move |_| {
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

    move || {
        let found = id.with_value(|i| store.find(i));
        let searching = store.next_url.with(Option::is_some)
            && store.pages.get() < MAX_PAGES_FOR_DEEP_LINK
            && store.more.get() != LoadState::Done
            || store.more.get() == LoadState::Loading;
        match (found, store.first.get()) {
            (Some(article), _) => view! { <ArticleView article/> }.into_any(),
            (None, LoadState::Failed(error)) => view! {
                <ErrorView error on_retry=Callback::new(move |_| store.load_first())/>
            }
            .into_any(),
            (None, LoadState::Done) if !searching => match store.more.get() {
                LoadState::Failed(error) => view! {
                    <ErrorView error on_retry=Callback::new(move |_| store.load_more())/>
                }
                .into_any(),
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
    let store = expect_context::<FeedStore>();
    set_document_title(&format!("{} – {}", article.title, config.site.title));
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
