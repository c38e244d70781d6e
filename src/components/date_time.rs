use super::use_config;
use crate::format::{format_datetime, iso_utc};
use crate::platform::time::offset_minutes;
use leptos::prelude::*;

/// A `<time>` in the site's time zone ("27/11/2026 08:30"), never the browser's.
#[component]
pub fn DateTime(epoch_ms: i64) -> impl IntoView {
    let config = use_config();
    let offset = offset_minutes(&config.site.timezone, epoch_ms);
    view! {
        <time datetime=iso_utc(epoch_ms)>{format_datetime(epoch_ms, offset, config.site.lang)}</time>
    }
}
