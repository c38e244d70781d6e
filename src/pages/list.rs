//! A section's list and a tag's list: the `pages` chunk (`crate::lazy`).
//!
//! A section is what config.json's `sections` says (docs in README.md): the
//! source's articles with a tag, a feed of its own, or a WordPress category.
//! A tag's list (`/the/<tag>`, linked from articles) is a tag section made on
//! the fly. Which articles belong is decided in `crate::sections`, natively
//! tested; this file only draws them. A WordPress source without `sections`
//! gets the site's own categories: as links in the navigation
//! (`site_sections`) and as sections by their slug.

use super::{FeedList, MoreButton, NotFoundPage};
use crate::components::{use_config, ArticleCard, ErrorView, ListSkeleton};
use crate::context::use_store;
use crate::erased::{dynamic, effect};
use crate::error::AppError;
use crate::platform::set_document_title;
use crate::platform::url::{base_path, resolve_app};
use crate::router::{use_router, Route};
use crate::sections::{self, SectionFilter, TagFilter};
use crate::source::wordpress::{nav_categories, Category};
use crate::source::{wordpress_client, Source};
use crate::state::{Event, FeedStore, LoadState, LIST_STEP};
use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The entry point of the `pages` chunk.
pub fn list_page() -> AnyView {
    view! { <ListPage/> }.into_any()
}

/// A WordPress site's categories as navigation links (for a source without
/// `sections`): the `pages` chunk's second entry point.
pub fn site_sections() -> AnyView {
    view! { <SiteSections/> }.into_any()
}

/// How many of a site's categories the navigation shows (the fullest).
const NAV_CATEGORIES: usize = 8;

#[component]
fn ListPage() -> impl IntoView {
    let config = use_config();
    let source = use_store().source();
    let wordpress = matches!(source, Source::WordPress { .. });
    // The portal builds a new page for every route: this one is ours.
    let found = match use_router().route.get_untracked() {
        Route::Section { slug } => match config.sections.iter().find(|s| s.slug == slug) {
            Some(s) => SectionFilter::of(&s.raw).map(|f| (s.title.clone(), f)),
            // A WordPress site's own category (the navigation lists them).
            None if config.site_sections => {
                return EitherOf4::D(view! { <CategoryPage slug title=None/> })
            }
            None => None,
        },
        Route::Tag { tag } => Some((tag.clone(), SectionFilter::Tag(tag))),
        _ => None,
    };
    let Some((title, filter)) = found else {
        return EitherOf4::A(view! { <NotFoundPage/> });
    };
    let own_feed = sections::own_source(&filter, &source, resolve_app);
    match (own_feed, filter) {
        (Some((source, first)), _) => EitherOf4::B(view! { <SectionList title source first/> }),
        // A WordPress category given by its slug: looked up.
        (None, SectionFilter::Category(slug)) if wordpress => {
            EitherOf4::D(view! { <CategoryPage slug title=Some(title)/> })
        }
        // A WordPress category on another source: its name as a tag.
        (
            None,
            SectionFilter::Tag(tag) | SectionFilter::Category(tag) | SectionFilter::Feed(tag),
        ) => {
            set_document_title(&format!("{title} – {}", config.site.title));
            EitherOf4::C(view! {
                <section class="bt-home"><h1 class="bt-section-title">{title}</h1><TagList tag/></section>
            })
        }
    }
}

/// A section with a list of its own, from its first page's URL.
#[component]
fn SectionList(title: String, source: Source, first: String) -> impl IntoView {
    set_document_title(&format!("{title} – {}", use_config().site.title));
    let store = FeedStore::starting_at(source, first);
    store.dispatch(Event::LoadFirst);
    view! { <section class="bt-home"><h1 class="bt-section-title">{title}</h1><FeedList store/></section> }
}

/// A WordPress category known by its slug: asked of the site, then listed
/// under its own name (or the configured `title`); an unknown slug is "not
/// found", a site that fails is explained, with "Thử lại".
#[component]
fn CategoryPage(slug: String, title: Option<String>) -> impl IntoView {
    let source = use_store().source();
    let Source::WordPress { url, .. } = source.clone() else {
        return view! { <NotFoundPage/> }.into_any();
    };
    let state = RwSignal::new(None::<Result<Option<Category>, AppError>>);
    let ask = move || {
        let (url, slug) = (url.clone(), slug.clone());
        spawn_local(async move {
            let answer = wordpress_client::categories(&url, Some(&slug)).await;
            // The reader may have moved on meanwhile.
            state.try_set(Some(answer.map(|list| list.into_iter().next())));
        });
    };
    ask();
    let retry = Callback::new(move |()| {
        state.set(None);
        ask();
    });
    dynamic(move || match state.get() {
        None => view! { <ListSkeleton count=4/> }.into_any(),
        Some(Ok(None)) => view! { <NotFoundPage/> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error on_retry=retry/> }.into_any(),
        Some(Ok(Some(category))) => {
            let filter = SectionFilter::Category(category.id.to_string());
            match sections::own_source(&filter, &source, resolve_app) {
                Some((source, first)) => {
                    let title = title.clone().unwrap_or(category.name);
                    view! { <SectionList title source first/> }.into_any()
                }
                None => view! { <NotFoundPage/> }.into_any(),
            }
        }
    })
    .into_any()
}

/// The navigation's links to a WordPress site's categories. A site that
/// does not answer leaves the bar as it is: nothing to explain there.
#[component]
fn SiteSections() -> impl IntoView {
    let router = use_router();
    let base = base_path();
    let found = RwSignal::new(Vec::<Category>::new());
    if let Source::WordPress { url, .. } = use_store().source() {
        spawn_local(async move {
            if let Ok(list) = wordpress_client::categories(&url, None).await {
                found.try_set(nav_categories(list, NAV_CATEGORIES));
            }
        });
    }
    dynamic(move || {
        found
            .get()
            .into_iter()
            .map(|category| {
                let route = Route::Section {
                    slug: category.slug,
                };
                let href = route.href(&base);
                let current = move || (router.route.get() == route).then_some("page");
                view! { <a href=href aria-current=current>{category.name}</a> }
            })
            .collect_view()
            .into_any()
    })
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
