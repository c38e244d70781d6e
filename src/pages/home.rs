//! "Tin mới": the latest-news list, with "Xem thêm" following the feed's `next_url`.

use crate::ads::{interleave, ListEntry, Placement};
use crate::components::{
    single_slot, use_config, use_strings, AdSlot, ArticleCard, ErrorView, ListSkeleton,
};
use crate::erased::dynamic;
use crate::offline::DownloadBar;
use crate::platform::set_document_title;
use crate::state::{Event, FeedState, FeedStore, LoadState};
use leptos::either::Either;
use leptos::prelude::*;

/// The cards above the fold on a phone: their images load at once and first
/// (the first one is the list's largest paint); the rest load lazily.
const LEAD_CARDS: usize = 2;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_strings();
    let config = use_config();
    let store = crate::context::use_store();
    set_document_title(&format!("{} – {}", t.latest_news, config.site.title));

    view! {
        <section class="bt-home" aria-labelledby="bt-home-title">
            <h1 id="bt-home-title" class="bt-section-title">{t.latest_news}</h1>
            <DownloadBar/>
            {dynamic(move || match store.with(FeedState::skipped) {
                0 => ().into_any(),
                skipped => view! { <p class="bt-notice">{skipped}" "{t.skipped_items}</p> }.into_any(),
            })}
            <FeedList store/>
        </section>
    }
}

/// A feed's list as the reader pages through it: skeleton, error with
/// "Thử lại", the cards with the in-list ads, and "Xem thêm". The home
/// page's, and a section's with a feed of its own (`pages::list`).
#[component]
pub fn FeedList(store: FeedStore) -> impl IntoView {
    let t = use_strings();
    // The in-list ad slot: an ad after every `every` items.
    let in_list = single_slot(Placement::InList);
    // A "Xem thêm" on its way is for this list only.
    on_cleanup(move || store.dispatch(Event::LeftList));

    dynamic(move || {
        let (first, empty) = store.with(|s| (s.first().clone(), s.articles().is_empty()));
        match first {
        LoadState::Idle | LoadState::Loading if empty => {
            view! { <ListSkeleton count=6/> }.into_any()
        }
        LoadState::Failed(error) if empty => view! {
            <ErrorView error on_retry=Callback::new(move |_| store.dispatch(Event::LoadFirst))/>
        }
        .into_any(),
        _ if empty => {
            view! { <p class="bt-empty">{t.empty_feed}</p> }.into_any()
        }
        _ => view! {
            <ol class="bt-list">
                // Keyed, so that ad slots already in the list keep their creative
                // and their impression count when "Xem thêm" adds items.
                <For
                    each=move || {
                        interleave(store.with(|s| s.shown().to_vec()), in_list)
                    }
                    key=|entry| match entry {
                        ListEntry::Item(article) => Ok(article.id.clone()),
                        ListEntry::Ad(n) => Err(*n),
                    }
                    children=move |entry| match entry {
                        ListEntry::Item(article) => {
                            let lead = store.with_untracked(|s| {
                                s.shown().iter().take(LEAD_CARDS).any(|a| a.id == article.id)
                            });
                            Either::Left(view! { <ArticleCard article lead/> })
                        }
                        ListEntry::Ad(nth) => Either::Right(view! {
                            <li class="bt-ad-item"><AdSlot placement=Placement::InList nth/></li>
                        }),
                    }
                />
            </ol>
            <MoreButton store on_more=Callback::new(move |_| store.dispatch(Event::ShowMore))/>
        }
        .into_any(),
    }
    })
}

/// "Xem thêm", its loading state, and the error of a failed next page (the
/// list already shown stays put). `on_more` is what a press asks for: the
/// feed's next items here, more of a tag's articles in `pages::list`.
#[component]
pub fn MoreButton(store: FeedStore, on_more: Callback<()>) -> impl IntoView {
    let t = use_strings();
    dynamic(move || {
        let (has_more, more) = store.with(|s| (s.has_more(), s.more().clone()));
        let loading = matches!(more, LoadState::Loading);
        match more {
            LoadState::Failed(error) if has_more => view! {
                <div class="bt-more">
                    <ErrorView error on_retry=Callback::new(move |_| store.dispatch(Event::RetryMore))/>
                </div>
            }
            .into_any(),
            // Loading and ready are one view (one type's code in the first load: docs/size.md).
            LoadState::Loading | LoadState::Idle | LoadState::Done if has_more || loading => {
                view! {
                    <div class="bt-more">
                        <button
                            class="bt-button"
                            disabled=loading
                            aria-busy=loading.then_some("true")
                            on:click=move |_| on_more.run(())
                        >
                            {if loading { t.loading_more } else { t.load_more }}
                        </button>
                    </div>
                }
                .into_any()
            }
            _ => view! { <p class="bt-more bt-end">{t.no_more}</p> }.into_any(),
        }
    })
}
