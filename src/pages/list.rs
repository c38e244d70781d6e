//! A section's list and a tag's list: the `lists` chunk (`crate::lazy`).
//!
//! A section is what config.json's `sections` says (docs in README.md): the
//! source's articles with a tag, a feed of its own, or a WordPress category.
//! A tag's list (`/the/<tag>`, linked from articles) is a tag section made on
//! the fly. Which articles belong is decided in `crate::sections`, natively
//! tested; this file only draws them.

use super::{FeedList, MoreButton, NotFoundPage};
use crate::components::{use_config, ArticleCard, ErrorView, ListSkeleton};
use crate::context::use_store;
use crate::erased::{dynamic, effect};
use crate::platform::set_document_title;
use crate::platform::url::resolve_app;
use crate::router::{use_router, Route};
use crate::sections::{self, SectionFilter, TagFilter};
use crate::state::{Event, FeedStore, LoadState, LIST_STEP};
use leptos::either::EitherOf3;
use leptos::prelude::*;

/// The entry point of the `lists` chunk.
pub fn list_page() -> AnyView {
    view! { <ListPage/> }.into_any()
}

#[component]
fn ListPage() -> impl IntoView {
    let config = use_config();
    // The portal builds a new page for every route: this one is ours.
    let found = match use_router().route.get_untracked() {
        Route::Section { slug } => config
            .sections
            .iter()
            .find(|s| s.slug == slug)
            .and_then(|s| Some((s.title.clone(), SectionFilter::of(&s.raw)?))),
        Route::Tag { tag } => Some((tag.clone(), SectionFilter::Tag(tag))),
        _ => None,
    };
    let Some((title, filter)) = found else {
        return EitherOf3::A(view! { <NotFoundPage/> });
    };
    set_document_title(&format!("{title} – {}", config.site.title));
    let own_feed = sections::own_source(&filter, &use_store().source(), resolve_app);
    let heading = view! { <h1 class="bt-section-title">{title}</h1> };
    match (own_feed, filter) {
        (Some((source, first)), _) => {
            let store = FeedStore::starting_at(source, first);
            store.dispatch(Event::LoadFirst);
            EitherOf3::B(view! { <section class="bt-home">{heading}<FeedList store/></section> })
        }
        // A WordPress category on another source: its name as a tag.
        (
            None,
            SectionFilter::Tag(tag) | SectionFilter::Category(tag) | SectionFilter::Feed(tag),
        ) => EitherOf3::C(view! { <section class="bt-home">{heading}<TagList tag/></section> }),
    }
}

/// The loaded articles with `tag`, newest first as the feed has them; "Xem
/// thêm" pages through the source until more of them turn up.
#[component]
fn TagList(tag: String) -> impl IntoView {
    let store = use_store();
    let filter = StoredValue::new(TagFilter::new(&tag));
    let matching = move || {
        store.with(|s| filter.with_value(|f| f.pick(s.articles()).cloned().collect::<Vec<_>>()))
    };
    // How many the reader wants to see, and how many more pages may be
    // fetched for them before we stop and let them ask again.
    let wanted = RwSignal::new(LIST_STEP);
    let budget = RwSignal::new(sections::PAGES_PER_ASK);
    effect(move || {
        let have = matching().len();
        let (loading, has_more) = store.with(|s| {
            let loading = *s.first() == LoadState::Loading || *s.more() == LoadState::Loading;
            (loading, s.has_more())
        });
        if have < wanted.get() && has_more && !loading && budget.get_untracked() > 0 {
            budget.update(|b| *b -= 1);
            fetch_next(store);
        }
    });
    let ask_more = Callback::new(move |_| {
        wanted.set(untrack(matching).len() + LIST_STEP);
        budget.set(sections::PAGES_PER_ASK);
    });
    on_cleanup(move || store.dispatch(Event::LeftList));

    dynamic(move || {
        let (first, has_more) = store.with(|s| (s.first().clone(), s.has_more()));
        let articles = matching();
        let empty = articles.is_empty();
        // Drawn anew when more arrive: not a keyed list, whose code this
        // chunk would share with the home page's and so keep in the first
        // load (docs/size.md).
        let cards = view! {
            <ol class="bt-list">
                {articles.into_iter().map(|article| view! { <ArticleCard article lead=false/> }).collect_view()}
            </ol>
        };
        match first {
            LoadState::Idle | LoadState::Loading if empty => {
                view! { <ListSkeleton count=4/> }.into_any()
            }
            LoadState::Failed(error) if empty => view! {
                <ErrorView error on_retry=Callback::new(move |_| store.dispatch(Event::LoadFirst))/>
            }
            .into_any(),
            _ if empty && !has_more => {
                view! { <p class="bt-empty">{sections::strings(use_config().site.lang).empty_tag}</p> }.into_any()
            }
            _ => view! { {cards}<MoreButton store on_more=ask_more/> }.into_any(),
        }
    })
}

/// Asks the feed for its next page: "Xem thêm" reveals what is loaded
/// before it fetches, so it is pressed until a page is on its way.
fn fetch_next(store: FeedStore) {
    for _ in 0..64 {
        let (loading, has_more) =
            store.with_untracked(|s| (*s.more() == LoadState::Loading, s.has_more()));
        if loading || !has_more {
            return;
        }
        store.dispatch(Event::ShowMore);
    }
}
