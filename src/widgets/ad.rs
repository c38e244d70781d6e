//! The ad slot widget: the config's slot by id, drawn by the portal's own
//! Leptos component (`components::single_ad`: rotation, creatives,
//! viewability, beacons), so it behaves as the slot does in the portal.

use super::{Options, Widget};
use crate::config::Config;
use crate::error::AppError;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The ad slot `options.ad` alone (src/bin/widget_ad.rs).
pub fn mount_ad(options: Options) -> Widget {
    let Options {
        mount,
        config_url,
        ad: id,
        ..
    } = options;
    let url = super::config_url(&config_url);
    let handle = mount_to(mount, move || {
        let loaded = RwSignal::new(None::<Result<Config, AppError>>);
        spawn_local(async move {
            loaded.try_set(Some(super::load_config(&url).await));
        });
        let id = id.clone();
        move || match loaded.get() {
            None => view! { <div class="bt-widget bt-widget-loading" aria-busy="true"></div> }
                .into_any(),
            Some(Err(_)) => unavailable(crate::i18n::VI.error_title),
            Some(Ok(config)) => ad(&config, id.clone()),
        }
    });
    Widget(Box::new(handle))
}

fn unavailable(text: &'static str) -> AnyView {
    view! { <p class="bt-widget bt-widget-error" role="status">{text}</p> }.into_any()
}

#[cfg(feature = "ads")]
fn ad(config: &Config, id: String) -> AnyView {
    use std::any::Any;
    let t = config.site.lang.strings();
    let ads = config.ads.clone();
    let holder = NodeRef::<leptos::html::Div>::new();
    // Drawn once the holder is in the page; stopped (its observers and
    // timer) with the widget.
    Effect::new(
        move |done: Option<Option<send_wrapper::SendWrapper<Box<dyn Any>>>>| {
            if let Some(done) = done.flatten() {
                return Some(done);
            }
            let holder = holder.get()?;
            let slot = crate::components::single_ad(ads.as_ref(), &id, &holder, t);
            if slot.is_none() {
                crate::platform::warn("bantin: no such ad slot, or none for this screen width");
            }
            slot.map(send_wrapper::SendWrapper::new)
        },
    );
    view! { <div class="bt-widget bt-ad-widget" node_ref=holder></div> }.into_any()
}

#[cfg(not(feature = "ads"))]
fn ad(config: &Config, _id: String) -> AnyView {
    unavailable(config.site.lang.strings().error_title)
}
