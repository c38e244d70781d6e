//! The live half of the ad slots, in the lazily loaded `pages` chunk
//! (`crate::lazy`): each slot as a view of its `AdState`, put in place of
//! the reservation `ad_slot` drew; the creative loaded when near; viewable
//! impressions and clicks; the sticky bar's close.
//!
//! - Lazy: the `<img>`/`<iframe>` is made (and gets its `src`) only when the
//!   box comes within one viewport (IntersectionObserver, rootMargin 100%).
//! - Honest counting: an impression once the loaded creative has been at least
//!   half visible for one continuous second (and the tab visible), once per
//!   slot per page view; a click on click. Beacons are fire-and-forget.
//! - Third-party tags only run in a sandboxed iframe without allow-same-origin.
//!
//! One writer a field: the observers write `near` and `visible`, the
//! creative's `load`/`error` write `loaded` and `broken`, the timer
//! `counted`; the view reads the state, and the timer runs while the state
//! says the slot is viewable (`AdState::viewable`).

use super::ad_slot::{close, Ad, AdsContext};
use crate::ads::{beacon_body, AdEvent, AdState, STICKY_CHROME};
use crate::erased::{dynamic, effect};
use crate::i18n::Strings;
use crate::platform::observe::{observe, page_hidden, send_beacon, Observer};
use leptos::either::Either;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos::tachys::view::{Mountable, Render};
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// The live slot in place of its reservation `skeleton`; dropping what it
/// returns (the next page view) unmounts it and stops its observers and
/// timer. The entry point of the `pages` chunk.
pub fn live_slot(ad: Ad, skeleton: Element, ads: AdsContext, t: &'static Strings) -> Box<dyn Any> {
    let owner = Owner::new();
    let boxed = NodeRef::<Div>::new();
    let beacon: Beacon = Arc::new(
        ad.beacon
            .clone()
            .map(|url| (url, ad.slot.clone(), ad.name.clone())),
    );
    let (state, mut mounted) = owner.with(|| {
        let has_creative =
            ad.src.is_some() && ad.link.as_ref().is_none_or(|(href, _)| href.is_some());
        let state = RwSignal::new(AdState::new(has_creative));
        let view = slot_view(ad, state, boxed, Arc::clone(&beacon), ads, t);
        (state, view.into_any().build())
    });
    if let Some(parent) = skeleton.parent_element() {
        mounted.mount(&parent, Some(&skeleton));
    }
    // The reservation, and the sticky bar's spacer after it, give way.
    if let Some(spacer) = skeleton
        .next_element_sibling()
        .filter(|el| el.class_name() == "bt-ad-space")
    {
        spacer.remove();
    }
    skeleton.remove();
    let live = owner.with(|| Live::start(state, boxed.get_untracked(), beacon));
    Box::new((live, Mounted(mounted), owner))
}

/// The mounted view: unmounted when dropped.
struct Mounted(AnyViewState);

impl Drop for Mounted {
    fn drop(&mut self) {
        self.0.unmount();
    }
}

/// `(beacon URL, slot, creative)`; `None`: nothing is sent.
type Beacon = Arc<Option<(String, String, String)>>;

fn send(beacon: &Beacon, event: AdEvent) {
    if let Some((url, slot, name)) = beacon.as_ref() {
        let path = window().location().pathname().unwrap_or_default();
        send_beacon(url, &beacon_body(slot, name, event, &path));
    }
}

/// The slot: label, the box (its creative when near, the placeholder when
/// broken), and the sticky bar with its close button and spacer.
fn slot_view(
    ad: Ad,
    state: RwSignal<AdState>,
    boxed: NodeRef<Div>,
    beacon: Beacon,
    ads: AdsContext,
    t: &'static Strings,
) -> impl IntoView {
    let Ad {
        slot,
        sticky,
        class,
        size,
        src,
        link,
        ..
    } = ad;
    let (w, h) = (size.width, size.height);
    let loaded = move |_| state.update(|s| s.loaded = true);
    let broken = move |_| state.update(|s| s.broken = true);
    let clicked = move |_| send(&beacon, AdEvent::Click);
    let src = src.unwrap_or_default();
    let (width, height) = (w.to_string(), h.to_string());
    // A memo: the creative is made once when it comes near, not again on
    // every change of the state (its own `load` would make it again).
    let shows = Memo::new(move |_| state.with(AdState::shows_creative));
    let creative = dynamic(move || {
        if !shows.get() {
            return ().into_any();
        }
        match &link {
            Some((href, alt)) => {
                let alt = if alt.is_empty() { t.ad_label } else { alt };
                Either::Left(view! {
                    <a href=href.clone() rel="sponsored noopener" target="_blank" on:click=clicked.clone()>
                        <img alt=alt.to_owned() width=width.clone() height=height.clone()
                            decoding="async" src=src.clone() on:load=loaded on:error=broken/>
                    </a>
                })
            }
            None => Either::Right(view! {
                <iframe
                    title=t.ad_label
                    width=width.clone()
                    height=height.clone()
                    sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"
                    referrerpolicy="no-referrer"
                    src=src.clone()
                    on:load=loaded
                    on:error=broken
                ></iframe>
            }),
        }
        .into_any()
    });
    // The sticky bar, closed, goes with its spacer: the page's end moves back down.
    let closed = RwSignal::new(false);
    let close_button = sticky.then(|| {
        let slot = slot.clone();
        view! {
            <button
                type="button"
                class="bt-ad-close"
                aria-label=t.ad_close
                on:click=move |_| {
                    close(ads, &slot);
                    closed.set(true);
                }
            >
                "×"
            </button>
        }
    });
    let spacer = sticky.then(|| {
        view! {
            <div class="bt-ad-space" style:height=format!("{}px", h + STICKY_CHROME)></div>
        }
    });
    let aside = view! {
        <aside class=class aria-label=t.ad_label data-slot=slot>
            <span class="bt-ad-label" aria-hidden="true">{t.ad_label}</span>
            <div
                class="bt-ad-box"
                class:bt-ad-broken=move || state.with(|s| s.broken)
                style:width=format!("{w}px")
                style:aspect-ratio=format!("{w}/{h}")
                node_ref=boxed
            >
                {creative}
            </div>
            {close_button}
        </aside>
        {spacer}
    };
    // Shown until closed: `Show` would rebuild the slot, here it is only
    // hidden from the page once (a sticky bar is never reopened).
    let mut aside = Some(aside);
    move || (!closed.get()).then(|| aside.take())
}

/// What must live as long as the slot's view does: its observers and the
/// impression timer.
struct Live {
    _observers: Vec<Observer>,
    timer: Rc<Timer>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.timer.set(false);
    }
}

/// The one-second impression timer.
struct Timer {
    handle: Rc<Cell<Option<i32>>>,
    tick: Closure<dyn FnMut()>,
}

impl Timer {
    fn set(&self, on: bool) {
        match (on, self.handle.get()) {
            (true, None) => self.handle.set(
                window()
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        self.tick.as_ref().unchecked_ref(),
                        1000,
                    )
                    .ok(),
            ),
            (false, Some(handle)) => {
                window().clear_timeout_with_handle(handle);
                self.handle.set(None);
            }
            _ => {}
        }
    }
}

impl Live {
    fn start(
        state: RwSignal<AdState>,
        boxed: Option<web_sys::HtmlDivElement>,
        beacon: Beacon,
    ) -> Live {
        let handle = Rc::new(Cell::new(None));
        // The impression: still viewable after one continuous second, the
        // tab visible, the slot still on the page.
        let tick = {
            let (handle, boxed) = (Rc::clone(&handle), boxed.clone());
            Closure::<dyn FnMut()>::new(move || {
                handle.set(None);
                let connected = boxed.as_ref().is_some_and(|b| b.is_connected());
                let count = state
                    .try_with_untracked(|s| s.viewable() && !page_hidden() && connected)
                    .unwrap_or(false);
                if count {
                    state.update(|s| s.counted = true);
                    send(&beacon, AdEvent::Impression);
                }
            })
        };
        let timer = Rc::new(Timer { handle, tick });
        {
            let timer = Rc::clone(&timer);
            effect(move || timer.set(state.with(AdState::viewable)));
        }
        let mut observers = Vec::with_capacity(2);
        if let Some(boxed) = boxed {
            if !state.with_untracked(|s| s.broken) {
                match observe(&boxed, "100% 0px", 0.0, state, on_near) {
                    Some(o) => observers.push(o),
                    // No IntersectionObserver: load now.
                    None => on_near(&state, 1.0),
                }
            }
            observers.extend(observe(&boxed, "0px", 0.5, state, on_seen));
        }
        Live {
            _observers: observers,
            timer,
        }
    }
}

/// Near (within a viewport): the creative joins the box.
fn on_near(state: &RwSignal<AdState>, ratio: f64) {
    if ratio > 0.0 && !state.with_untracked(|s| s.near) {
        state.update(|s| s.near = true);
    }
}

fn on_seen(state: &RwSignal<AdState>, ratio: f64) {
    // 0.499: the ratio reported at the 0.5 threshold may round just below it.
    let visible = ratio >= 0.499;
    if state.with_untracked(|s| s.visible) != visible {
        state.update(|s| s.visible = visible);
    }
}
