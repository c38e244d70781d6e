//! The portal shell: header, main column, sidebar, footer, and the page the
//! router points at.

use super::{
    has_slots, load_ads, prefetch, start_visitors, AdSlot, ArticleSkeleton, ErrorView, Lazy,
    SiteFooter, SiteHeader, VisitorBox,
};
use crate::ads::Placement;
use crate::config::Config;
use crate::context::Shared;
use crate::erased::{dynamic, effect};
use crate::lazy;
use crate::offline::{self, OfflineBar};
use crate::pages::{HomePage, NotFoundPage};
use crate::router::{new_router, Route};
use crate::source::Source;
use crate::state::FeedStore;
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn Portal(config: Arc<Config>) -> impl IntoView {
    let lang = config.site.lang;
    let t = lang.strings();
    if let Some(root) = crate::platform::root::prefs_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    let source = Source::from_config(&config.source);
    let service_worker = config.offline.service_worker;
    let source = match source {
        Ok(source) => source,
        Err(error) => {
            return Either::Left(view! {
                <div class="bt-app"><main class="bt-main"><ErrorView error/></main></div>
            })
        }
    };
    let store = FeedStore::new(source);
    #[cfg_attr(not(feature = "ads"), allow(clippy::let_unit_value))]
    let ads = load_ads(config.ads.as_ref(), store);
    store.dispatch(crate::state::Event::LoadFirst);
    let offline = offline::start(service_worker, store);
    prefetch(store, lazy::PAGES);
    let router = new_router();
    let visitors = start_visitors(config.clone(), router, store);
    provide_context(Shared {
        config,
        store,
        router,
        offline,
        #[cfg(feature = "ads")]
        ads,
        visitors,
    });
    #[cfg(not(feature = "ads"))]
    let () = ads;
    let visitors = visitors.is_some();
    // A portal without a visitor box or sidebar ads gets no empty column.
    let sidebar = visitors || has_slots(Placement::Sidebar);

    // Back/forward: put the reader where they were once the page has rendered.
    effect(move || {
        if let Some(y) = router.restore_scroll.get() {
            router.restore_scroll.set(None);
            request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y));
        }
    });

    let page = dynamic(move || {
        match router.route.get() {
        Route::Home => view! { <HomePage/> }.into_any(),
        Route::Article { .. } => view! {
            <Lazy load=lazy::article_page page=true fallback=|| view! { <ArticleSkeleton/> }/>
        }
        .into_any(),
        #[cfg(feature = "offline")]
        Route::Saved => view! {
            <Lazy load=lazy::saved_page page=true fallback=|| view! { <super::ListSkeleton count=3/> }/>
        }
        .into_any(),
        // "Đã lưu" is not a page of a build without offline reading.
        #[cfg(not(feature = "offline"))]
        Route::Saved => view! { <NotFoundPage/> }.into_any(),
        Route::Section { .. } | Route::Tag { .. } => view! {
            <Lazy load=lazy::list_page page=true fallback=|| view! { <super::ListSkeleton count=4/> }/>
        }
        .into_any(),
        Route::Search => view! {
            <Lazy load=lazy::search_page page=true fallback=|| view! { <super::ListSkeleton count=3/> }/>
        }
        .into_any(),
        Route::NotFound { .. } => view! { <NotFoundPage/> }.into_any(),
    }
    });

    Either::Right(view! {
        <div
            class="bt-app"
            on:click=move |ev| {
                router.handle_click(&ev);
                offline.on_click(&ev, store);
                // A page opened from the phone's menu closes the menu.
                if ev.default_prevented() {
                    if let Some(menu) = crate::platform::root::by_id("bt-nav") {
                        crate::platform::js_call(&menu, "hidePopover", &[]);
                    }
                }
            }
        >
            <a class="bt-skip" href="#bt-main">{t.skip_to_content}</a>
            <SiteHeader/>
            <AdSlot placement=Placement::Header/>

            <div class="bt-layout" class:bt-has-sidebar=sidebar>
                <main id="bt-main" class="bt-main" tabindex="-1">{page}</main>
                <aside class="bt-sidebar" aria-label=t.sidebar_label>
                    {visitors.then(|| view! { <VisitorBox/> })}

                    <AdSlot placement=Placement::Sidebar/>

                </aside>
            </div>
            <AdSlot placement=Placement::Footer/>
            <SiteFooter/>
            // After the footer: the sticky bar's spacer pads the end of the page.
            <AdSlot placement=Placement::StickyBottom/>
            // The offline banner and update prompt go here.
            <OfflineBar/>

        </div>
    })
}
