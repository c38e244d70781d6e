//! Ad slots, the pure half: the `ads` section of config.json read into typed
//! slots (a malformed slot or creative is skipped with a warning, the rest
//! work), the box for a viewport width, weighted rotation with a small seeded
//! PRNG that avoids showing one creative twice on a page, the in-list
//! positions, and the beacon body. Natively tested (`tests/ads.rs`); the views
//! are in `components/ad_slot.rs`.
//!
//! Read by hand from a `json::Value` (see `json` why not serde): it can skip one
//! bad slot while keeping the others.

use crate::json::{Map, Value};

/// Why a slot or creative was skipped: a field name (or "") and what is wrong
/// with it. Static text keeps the warnings from costing wasm.
type Why = (&'static str, &'static str);

fn why<T>(field: &'static str, problem: &'static str) -> Result<T, Why> {
    Err((field, problem))
}

/// `sticky-bottom` shows only on viewports narrower than this (phones).
pub const PHONE_MAX_WIDTH: u32 = 768;
/// The sticky bar's label strip and padding, in CSS pixels (see style/ads.css).
pub const STICKY_CHROME: u32 = 28;
/// The sticky bar, chrome included, is never taller than this.
pub const STICKY_MAX_HEIGHT: u32 = 100;
/// `every` of an in-list slot when the config leaves it out.
pub const DEFAULT_EVERY: usize = 6;
/// `after_paragraph` of an in-article slot when the config leaves it out.
pub const DEFAULT_AFTER_PARAGRAPH: usize = 3;
/// The largest `weight` of a creative: shares need no more resolution, and a
/// bound keeps the rotation's sums far from overflowing.
pub const MAX_WEIGHT: u32 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Header,
    Sidebar,
    InList,
    InArticle,
    Footer,
    StickyBottom,
}

const PLACEMENTS: [(&str, Placement); 6] = [
    ("header", Placement::Header),
    ("sidebar", Placement::Sidebar),
    ("in-list", Placement::InList),
    ("in-article", Placement::InArticle),
    ("footer", Placement::Footer),
    ("sticky-bottom", Placement::StickyBottom),
];

impl Placement {
    pub fn parse(name: &str) -> Option<Placement> {
        PLACEMENTS.iter().find(|(n, _)| *n == name).map(|(_, p)| *p)
    }

    /// The name used in config.json and in the slot's CSS class (`bt-ad-<name>`).
    pub fn name(self) -> &'static str {
        PLACEMENTS
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("", |(n, _)| n)
    }

    /// Placements with one position on a page: only their first slot is used.
    pub fn single(self) -> bool {
        matches!(
            self,
            Placement::InList | Placement::InArticle | Placement::StickyBottom
        )
    }
}

/// A box for viewports at least `min_width` CSS pixels wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub min_width: u32,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Creative {
    /// The image URL as written in config.json (also the creative's name in beacons).
    pub image: String,
    pub href: String,
    pub alt: String,
    /// The image's own size; a creative without one fits every box of its slot.
    pub size: Option<(u32, u32)>,
    /// Relative share of the rotation; 0 pauses the creative.
    pub weight: u32,
}

impl Creative {
    pub fn fits(&self, size: Size) -> bool {
        self.size
            .is_none_or(|(w, h)| w == size.width && h == size.height)
    }
}

/// What fills a slot: image creatives in rotation, or one sandboxed iframe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fill {
    Images(Vec<Creative>),
    Iframe(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: String,
    pub placement: Placement,
    pub sizes: Vec<Size>,
    pub fill: Fill,
    /// in-list: an ad after every `every` items.
    pub every: usize,
    /// in-article: after this paragraph of the body (0 = before the first).
    pub after_paragraph: usize,
}

impl Slot {
    /// The box for a viewport `width` CSS pixels wide: the size with the
    /// largest `min_width` not above it. `None` (the slot is not rendered) when
    /// no size applies, and for `sticky-bottom` on anything wider than a phone.
    pub fn size_for(&self, width: u32) -> Option<Size> {
        if self.placement == Placement::StickyBottom && width >= PHONE_MAX_WIDTH {
            return None;
        }
        self.sizes
            .iter()
            .filter(|s| s.min_width <= width)
            .max_by_key(|s| s.min_width)
            .copied()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ads {
    /// Where impression and click beacons go; nothing is sent without it.
    pub beacon_url: Option<String>,
    pub slots: Vec<Slot>,
}

impl Ads {
    /// Reads the `ads` section of config.json. Returns the usable slots and a
    /// warning for everything skipped (the app logs them to the console).
    pub fn parse(value: Option<&Value>) -> (Ads, Vec<String>) {
        let mut ads = Ads::default();
        let mut warnings = Vec::new();
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return (ads, warnings);
        };
        let Some(obj) = value.as_object() else {
            warnings.push("ads: not an object, no ads shown".into());
            return (ads, warnings);
        };
        match obj.get("beacon_url") {
            None | Some(Value::Null) => {}
            Some(Value::String(url)) if !url.trim().is_empty() => {
                ads.beacon_url = Some(url.clone())
            }
            Some(_) => warnings.push("ads.beacon_url: not a URL, no beacons sent".into()),
        }
        let slots = match obj.get("slots") {
            None | Some(Value::Null) => return (ads, warnings),
            Some(Value::Array(slots)) => slots,
            Some(_) => {
                warnings.push("ads.slots: not a list, no ads shown".into());
                return (ads, warnings);
            }
        };
        for (i, slot) in slots.iter().enumerate() {
            let mut skipped_creatives = Vec::new();
            let parsed = parse_slot(slot, &mut skipped_creatives).and_then(|slot| {
                if ads.slots.iter().any(|s| s.id == slot.id) {
                    why("id", " is taken")
                } else if slot.placement.single()
                    && ads.slots.iter().any(|s| s.placement == slot.placement)
                {
                    why("", "only one slot of this placement is used")
                } else {
                    Ok(slot)
                }
            });
            match parsed {
                Ok(slot) => ads.slots.push(slot),
                Err((field, problem)) => {
                    warnings.push(format!("ads.slots[{i}] skipped: {field}{problem}"))
                }
            }
            for (j, (field, problem)) in skipped_creatives {
                warnings.push(format!(
                    "ads.slots[{i}].creatives[{j}] skipped: {field}{problem}"
                ));
            }
        }
        (ads, warnings)
    }

    /// The slots of one placement, in config order.
    pub fn of(&self, placement: Placement) -> impl Iterator<Item = (usize, &Slot)> {
        self.slots
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.placement == placement)
    }
}

/// A non-negative integer field: `Ok(None)` when absent, `Err` when not one.
fn uint(obj: &Map, key: &'static str) -> Result<Option<u32>, Why> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or((key, " is not a whole number")),
    }
}

fn text<'a>(obj: &'a Map, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn parse_size(v: &Value) -> Result<Size, Why> {
    let obj = v.as_object().ok_or(("", "a size is not an object"))?;
    let width = uint(obj, "width")?.filter(|w| *w > 0);
    let height = uint(obj, "height")?.filter(|h| *h > 0);
    match (width, height) {
        (Some(width), Some(height)) => Ok(Size {
            min_width: uint(obj, "min_width")?.unwrap_or(0),
            width,
            height,
        }),
        _ => why("", "a size needs width and height"),
    }
}

fn parse_creative(v: &Value) -> Result<Creative, Why> {
    let obj = v.as_object().ok_or(("", "not an object"))?;
    let image = text(obj, "image").ok_or(("", "no image"))?;
    let href = text(obj, "href").ok_or(("", "no href"))?;
    let size = match (uint(obj, "width")?, uint(obj, "height")?) {
        (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
        (None, None) => None,
        _ => return why("", "width and height go together"),
    };
    Ok(Creative {
        image: image.into(),
        href: href.into(),
        alt: text(obj, "alt").unwrap_or("").into(),
        size,
        weight: match uint(obj, "weight")?.unwrap_or(1) {
            w if w > MAX_WEIGHT => return why("weight", " is above 1000000"),
            w => w,
        },
    })
}

fn parse_slot(v: &Value, skipped: &mut Vec<(usize, Why)>) -> Result<Slot, Why> {
    let obj = v.as_object().ok_or(("", "not an object"))?;
    let id = text(obj, "id").ok_or(("", "no id"))?;
    let placement = match obj.get("placement").and_then(Value::as_str) {
        Some(name) => Placement::parse(name).ok_or(("", "unknown placement"))?,
        None => return why("", "no placement"),
    };
    let sizes = obj
        .get("sizes")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
        .ok_or(("", "no sizes"))?
        .iter()
        .map(parse_size)
        .collect::<Result<Vec<Size>, Why>>()?;
    if placement == Placement::StickyBottom
        && sizes
            .iter()
            .any(|s| s.height.saturating_add(STICKY_CHROME) > STICKY_MAX_HEIGHT)
    {
        // 100 px with the bar's label strip (STICKY_MAX_HEIGHT - STICKY_CHROME).
        return why("", "sticky-bottom boxes are at most 72 px high");
    }
    let fill = match (obj.get("iframe"), obj.get("creatives")) {
        (Some(_), Some(_)) => return why("", "both iframe and creatives"),
        (Some(url), None) => Fill::Iframe(
            url.as_str()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .ok_or(("iframe", " is not a URL"))?
                .into(),
        ),
        (None, Some(list)) => {
            let list = list.as_array().ok_or(("creatives", " is not a list"))?;
            let mut creatives = Vec::with_capacity(list.len());
            for (j, c) in list.iter().enumerate() {
                match parse_creative(c) {
                    Ok(c) => creatives.push(c),
                    Err(why) => skipped.push((j, why)),
                }
            }
            if !creatives.iter().any(|c| c.weight > 0) {
                return why("", "no usable creative");
            }
            Fill::Images(creatives)
        }
        (None, None) => return why("", "no creatives and no iframe"),
    };
    let every = uint(obj, "every")?.map_or(DEFAULT_EVERY, |n| n as usize);
    if every == 0 {
        return why("every", " must be at least 1");
    }
    let after_paragraph =
        uint(obj, "after_paragraph")?.map_or(DEFAULT_AFTER_PARAGRAPH, |n| n as usize);
    Ok(Slot {
        id: id.into(),
        placement,
        sizes,
        fill,
        every,
        after_paragraph,
    })
}

/// A small PRNG (SplitMix64): rotation needs spread, not secrecy. The app seeds
/// it from `Math.random()`; tests seed it with a constant.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`; 0 for `n == 0`). Up to 2^32 by
    /// multiply-and-shift; beyond, where that product would overflow a u64,
    /// by a remainder (biased by n / 2^64: nothing a rotation can notice).
    pub fn below(&mut self, n: u64) -> u64 {
        let x = self.next_u64();
        if n <= 1 << 32 {
            ((x >> 32) * n) >> 32
        } else {
            x % n
        }
    }
}

/// Picks creatives for one page view after another.
#[derive(Debug, Clone)]
pub struct Rotation {
    rng: Rng,
    page: u32,
    /// Creatives already on this page, and where.
    shown: Vec<(Position, String)>,
}

/// Where on a page a creative shows: the slot's index in the config and,
/// for the in-list slot, which of the list's ads it is (0 otherwise).
pub type Position = (usize, usize);

impl Rotation {
    pub fn new(seed: u64) -> Rotation {
        Rotation {
            rng: Rng::new(seed),
            page: 0,
            shown: Vec::new(),
        }
    }

    /// Enters page view `page`; a new page forgets what the last one showed.
    pub fn page(&mut self, page: u32) {
        if page != self.page {
            self.page = page;
            self.shown.clear();
        }
    }

    /// Picks, by weight, a creative that fits `size` for position `at`,
    /// preferring one not shown on this page yet. A position picked before in
    /// this page view (the view was rendered again) keeps its creative. `None`
    /// when no creative fits.
    pub fn pick<'a>(
        &mut self,
        at: Position,
        creatives: &'a [Creative],
        size: Size,
    ) -> Option<&'a Creative> {
        let fits = |c: &&Creative| c.weight > 0 && c.fits(size);
        if let Some(i) = self.shown.iter().position(|(p, _)| *p == at) {
            let (_, image) = self.shown.swap_remove(i);
            if let Some(c) = creatives.iter().filter(fits).find(|c| c.image == image) {
                self.shown.push((at, image));
                return Some(c);
            }
        }
        let fresh = |c: &&Creative| !self.shown.iter().any(|(_, image)| *image == c.image);
        let any_fresh = creatives.iter().filter(fits).any(|c| fresh(&c));
        let pool = || {
            creatives
                .iter()
                .filter(fits)
                .filter(move |c| !any_fresh || fresh(c))
        };
        let total = pool().try_fold(0u64, |sum, c| sum.checked_add(u64::from(c.weight)));
        let total = total.unwrap_or(u64::MAX);
        if total == 0 {
            return None;
        }
        let mut r = self.rng.below(total);
        let chosen = pool().find(|c| {
            let w = u64::from(c.weight);
            if r < w {
                true
            } else {
                r -= w;
                false
            }
        })?;
        self.shown.push((at, chosen.image.clone()));
        Some(chosen)
    }
}

/// One row of a news list with ads in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListEntry<T> {
    Item(T),
    /// The `n`-th ad of the list (0-based).
    Ad(usize),
}

/// The list with an ad after every `every` items (also after the last one
/// when it completes a group, so loading more never moves an ad); `None`
/// (no in-list slot) leaves the list as it is.
pub fn interleave<T>(items: Vec<T>, every: Option<usize>) -> Vec<ListEntry<T>> {
    let every = every.filter(|n| *n > 0).unwrap_or(usize::MAX);
    let mut out = Vec::with_capacity(items.len() + items.len() / every.max(1));
    for (i, item) in items.into_iter().enumerate() {
        out.push(ListEntry::Item(item));
        if (i + 1) % every == 0 {
            out.push(ListEntry::Ad((i + 1) / every - 1));
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdEvent {
    Impression,
    Click,
}

/// The beacon body: `{"slot":…,"creative":…,"event":"impression"|"click","path":…}`.
pub fn beacon_body(slot: &str, creative: &str, event: AdEvent, path: &str) -> String {
    let event = match event {
        AdEvent::Impression => "impression",
        AdEvent::Click => "click",
    };
    let mut out = String::with_capacity(64 + slot.len() + creative.len() + path.len());
    for (i, (key, value)) in [
        ("slot", slot),
        ("creative", creative),
        ("event", event),
        ("path", path),
    ]
    .into_iter()
    .enumerate()
    {
        out.push(if i == 0 { '{' } else { ',' });
        crate::text::push_json_string(&mut out, key);
        out.push(':');
        crate::text::push_json_string(&mut out, value);
    }
    out.push('}');
    out
}

/// One slot of one page view, as its view and its counting see it: the one
/// source of truth for what the slot shows. The slot's view reads it; the
/// `pages` chunk's observers, the creative's `load`/`error` and the impression
/// timer write it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdState {
    /// Within a viewport of the screen: the creative gets its `src`.
    pub near: bool,
    /// At least half of the box in view.
    pub visible: bool,
    /// The creative has loaded.
    pub loaded: bool,
    /// Nothing to show (no http(s) creative, or it failed to load): the box
    /// keeps its size and shows a quiet placeholder.
    pub broken: bool,
    /// The impression was counted (once per slot per page view).
    pub counted: bool,
}

impl AdState {
    /// A slot's state at the start of its page view.
    pub fn new(has_creative: bool) -> AdState {
        AdState {
            broken: !has_creative,
            ..AdState::default()
        }
    }

    /// Whether the creative is in the box: near, and not broken.
    pub fn shows_creative(&self) -> bool {
        self.near && !self.broken
    }

    /// Whether the one-second impression timer runs: the loaded creative is
    /// half in view and not counted yet.
    pub fn viewable(&self) -> bool {
        self.visible && self.loaded && !self.broken && !self.counted
    }
}
