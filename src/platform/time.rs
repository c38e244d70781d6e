//! The site's time-zone offset at an instant, from the browser's `Intl`.
//!
//! `Intl.DateTimeFormat` carries the full tz database, so no zone data ships
//! in our wasm. An unknown zone name falls back to Asia/Ho_Chi_Minh's +07:00
//! (the default home of bantin), never to the reader's own zone.

use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// An `Intl.DateTimeFormat`, bound here for a `formatToParts` that catches.
    type Formatter;
    /// `formatToParts`, with its exception as `Err`: it throws a RangeError
    /// for a date JavaScript cannot hold, and js-sys's binding (no `catch`)
    /// would let that unwind through the wasm and blank the whole list.
    #[wasm_bindgen(catch, method, js_name = formatToParts)]
    fn format_to_parts(this: &Formatter, date: &js_sys::Date) -> Result<Array, JsValue>;
}

const FALLBACK_OFFSET_MINUTES: i32 = 7 * 60;

thread_local! {
    // One formatter per zone; a site has one zone, so a short list beats a HashMap.
    static FORMATTERS: RefCell<Vec<(String, Option<JsValue>)>> = const { RefCell::new(Vec::new()) };
}

fn formatter(zone: &str) -> Option<JsValue> {
    if let Some(found) = FORMATTERS.with(|c| {
        c.borrow()
            .iter()
            .find(|(z, _)| z == zone)
            .map(|(_, f)| f.clone())
    }) {
        return found;
    }
    let made = make_formatter(zone);
    FORMATTERS.with(|c| c.borrow_mut().push((zone.to_string(), made.clone())));
    made
}

fn make_formatter(zone: &str) -> Option<JsValue> {
    let options = Object::new();
    let set = |k: &str, v: &str| Reflect::set(&options, &k.into(), &v.into()).ok();
    set("timeZone", zone)?;
    set("hourCycle", "h23")?;
    for field in ["year", "month", "day", "hour", "minute", "second"] {
        set(field, "numeric")?;
    }
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    // Reflect.construct reports the RangeError of an unknown zone as Err.
    Reflect::construct(&ctor, &Array::of2(&"en-US".into(), &options)).ok()
}

/// Minutes east of UTC in `zone` at `epoch_ms`. Never throws: an instant
/// `Intl` cannot format (beyond ±8.64e15 ms) gets the fallback offset.
pub fn offset_minutes(zone: &str, epoch_ms: i64) -> i32 {
    crate::format::fixed_offset(zone, epoch_ms)
        .or_else(|| offset_with_intl(zone, epoch_ms))
        .unwrap_or(FALLBACK_OFFSET_MINUTES)
}

/// What `Intl` says (`None` where it has no answer), without the fixed
/// zones' shortcut: for the test that checks that table against it.
pub fn offset_with_intl(zone: &str, epoch_ms: i64) -> Option<i32> {
    let dtf: Formatter = formatter(zone)?
        .dyn_into::<js_sys::Intl::DateTimeFormat>()
        .ok()?
        .unchecked_into();
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_ms as f64));
    let parts = dtf.format_to_parts(&date).ok()?;
    let mut fields = [0i64; 6];
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        let slot = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        fields[slot] = value.parse().ok()?;
    }
    // Intl's own fields, but checked: a year JavaScript holds, a real month and day.
    if fields[0].abs() > 300_000 || !(1..=12).contains(&fields[1]) || !(1..=31).contains(&fields[2])
    {
        return None;
    }
    let days = crate::format::days_from_civil(fields[0], fields[1] as u32, fields[2] as u32);
    let local_ms = (days * 86_400 + (fields[3] % 24) * 3600 + fields[4] * 60 + fields[5]) * 1000;
    let whole_second = epoch_ms.div_euclid(1000) * 1000;
    Some(((local_ms - whole_second) as f64 / 60_000.0).round() as i32)
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
