//! Bounded property tests over what reads hostile input: the JSON reader (with
//! serde_json as the oracle), the feed parser, the date parser and the
//! sanitizer's policy. Seeded, so a failure names its seed and case and
//! replays; a few seconds in all, in the normal suite. A hand-rolled generator
//! rather than proptest: no new crate in Cargo.lock, and the cases are shaped
//! by what real feeds and attacks look like rather than by arbitrary bytes.
//!
//! `BANTIN_PROPERTY_CASES=<n>` multiplies the rounds for a longer run by hand.

use bantin::format::{iso_utc, parse_date, parse_rfc2822, parse_rfc3339, JS_DATE_LIMIT_MS};
use bantin::json::{self, Value};
use bantin::sanitize::policy::{
    clean_attribute, clean_dimensions, clean_srcset, clean_srcset_with, clean_url, element_action,
    foreign_element_action, url_allowed, ElementAction, MAX_ASPECT_RATIO,
};
use bantin::source::jsonfeed::{self, MAX_ITEMS_PER_PAGE, MAX_TAGS_PER_ITEM};
use std::collections::HashSet;

/// SplitMix64: small, seedable, good enough spread for test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

/// Rounds per property: the default keeps the whole file to a few seconds in
/// a debug build; the environment variable scales it for a longer run.
fn rounds(default: usize) -> usize {
    let factor = std::env::var("BANTIN_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1);
    default * factor.max(1)
}

// ---------------------------------------------------------------- JSON

const WORDS: &[&str] = &[
    "",
    "a",
    "Hà Nội",
    "tin mới",
    "\"quoted\"",
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "nul\u{0}char",
    "emoji 😀",
    "\u{feff}bom",
    "</script>",
    "\u{2028}\u{2029}",
    "ắ ằ ẳ ẵ ặ",
    "id",
    "items",
];

/// A JSON string literal, escaped in one of the ways JSON allows.
fn push_string(out: &mut String, s: &str, rng: &mut Rng) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if rng.chance(10) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            '/' if rng.chance(50) => out.push_str("\\/"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_number(out: &mut String, rng: &mut Rng) {
    match rng.below(7) {
        0 => out.push_str(&(rng.next() as i64).to_string()),
        1 => out.push_str(&rng.below(1000).to_string()),
        2 => out.push_str(&format!("-{}", rng.below(100_000))),
        // Longer than any integer type: kept as text, read as a double.
        3 => out.push_str(&format!("{}{:020}", 1 + rng.below(9), rng.next())),
        4 => out.push_str(&format!("{}.{:03}", rng.below(10_000), rng.below(1000))),
        5 => out.push_str(&format!(
            "{}{}e{}{}",
            if rng.chance(30) { "-" } else { "" },
            1 + rng.below(999),
            *rng.pick(&["", "+", "-"]),
            rng.below(300)
        )),
        _ => out.push_str(rng.word(&["0", "-0", "0.0", "1E2", "0e0", "-0.5e-3"])),
    }
}

fn space(out: &mut String, rng: &mut Rng) {
    if rng.chance(30) {
        for _ in 0..rng.below(3) {
            out.push(*rng.pick(&[' ', '\n', '\t', '\r']));
        }
    }
}

/// A random JSON document, nested at most `depth` deep.
fn push_value(out: &mut String, rng: &mut Rng, depth: usize) {
    space(out, rng);
    let kind = if depth == 0 {
        rng.below(4)
    } else {
        rng.below(6)
    };
    match kind {
        0 => out.push_str(rng.word(&["null", "true", "false"])),
        1 => push_number(out, rng),
        2 | 3 => {
            let word = *rng.pick(WORDS);
            push_string(out, word, rng)
        }
        4 => {
            out.push('[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, rng, depth - 1);
            }
            space(out, rng);
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                space(out, rng);
                // Repeated keys too: the last one wins, as in serde_json.
                let key = *rng.pick(&WORDS[..6]);
                push_string(out, key, rng);
                space(out, rng);
                out.push(':');
                push_value(out, rng, depth - 1);
            }
            space(out, rng);
            out.push('}');
        }
    }
    space(out, rng);
}

/// Same document: same types, strings, keys (last duplicate wins) and numbers.
fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as S;
    match (ours, theirs) {
        (Value::Null, S::Null) => true,
        (Value::Bool(a), S::Bool(b)) => a == b,
        (Value::String(a), S::String(b)) => a == b,
        (Value::Number(a), S::Number(b)) => {
            if let Some(i) = b.as_i64() {
                a.as_i64() == Some(i)
            } else if let Some(u) = b.as_u64() {
                a.as_u64() == Some(u)
            } else {
                let (x, y) = (a.as_f64(), b.as_f64().unwrap_or(f64::NAN));
                x == y || (x - y).abs() <= y.abs() * 1e-12
            }
        }
        (Value::Array(a), S::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), S::Object(b)) => {
            let keys: HashSet<&String> = a.iter().map(|(k, _)| k).collect();
            keys.len() == b.len() && b.iter().all(|(k, v)| a.get(k).is_some_and(|x| same(x, v)))
        }
        _ => false,
    }
}

/// Damage of the kinds transfers and hand edits do: punctuation flipped in,
/// a cut, a span repeated, a random character inserted.
fn damage(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(3) {
        if chars.is_empty() {
            break;
        }
        let at = rng.below(chars.len());
        match rng.below(4) {
            0 => {
                chars[at] = *rng.pick(&[
                    '{', '}', '[', ']', '"', ':', ',', '\\', ' ', '0', 'e', '-', '.', 'u',
                ])
            }
            1 => chars.truncate(at),
            2 => {
                let to = (at + rng.below(16)).min(chars.len());
                let span: Vec<char> = chars[at..to].to_vec();
                let into = rng.below(chars.len() + 1);
                chars.splice(into..into, span);
            }
            _ => chars.insert(
                at,
                *rng.pick(&['\u{0}', '\u{1f}', 'é', '😀', '\u{feff}', 'x']),
            ),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn json_reads_what_serde_json_reads_and_fails_where_it_fails() {
    let mut rng = Rng(0x4a53_4f4e);
    let mut agreed = 0;
    for case in 0..rounds(4_000) {
        let mut text = String::new();
        let depth = 1 + rng.below(6);
        push_value(&mut text, &mut rng, depth);
        let ours = json::parse(&text);
        let theirs: Result<serde_json::Value, _> = serde_json::from_str(&text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert!(same(a, b), "case {case}: reads differently: {text}"),
            _ => panic!("case {case}: a valid document failed: {ours:?} / {theirs:?}: {text}"),
        }
        let broken = damage(&text, &mut rng);
        let ours = json::parse(&broken);
        let theirs: Result<serde_json::Value, _> = serde_json::from_str(&broken);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert!(same(a, b), "case {case}: reads differently: {broken:?}"),
            (Err(e), Err(_)) => assert!(e.offset <= broken.len(), "case {case}: {e}"),
            // The documented leniencies: a lone surrogate escape is U+FFFD, a
            // leading byte-order mark is skipped, and a number beyond a double's
            // range is kept as written (`JSON.parse` reads it as Infinity).
            (Ok(_), Err(e))
                if e.to_string().contains("surrogate")
                    || e.to_string().contains("number out of range")
                    || e.to_string().contains("hex escape")
                    || broken.starts_with('\u{feff}') => {}
            _ => panic!("case {case}: ours {ours:?}, serde_json {theirs:?}: {broken:?}"),
        }
        agreed += 2;
    }
    eprintln!("json: {agreed} documents agreed with serde_json");
}

// ---------------------------------------------------------------- dates

/// Days since 1970-01-01, counted the slow way (an independent reference).
fn reference_days(year: i64, month: u32, day: u32) -> i64 {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days = 0i64;
    if year >= 1970 {
        for y in 1970..year {
            days += if leap(y) { 366 } else { 365 };
        }
    } else {
        for y in year..1970 {
            days -= if leap(y) { 366 } else { 365 };
        }
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    days += lengths[..month as usize - 1].iter().sum::<i64>();
    days + i64::from(day) - 1
}

const DATE_PIECES: &[&str] = &[
    "2026",
    "-",
    "11",
    "27",
    "T",
    " ",
    ":",
    "08",
    "30",
    "00",
    "Z",
    "+07:00",
    "-05:00",
    "+",
    "9",
    "99999999",
    "999999999999999999",
    ".",
    "123",
    "Fri,",
    "Nov",
    "GMT",
    "+0700",
    "31",
    "29",
    "02",
    "60",
    "24",
    "00000",
    "9223372036854775807",
    "-0000",
    "EST",
    "1",
    "ngày",
    "１",
];

#[test]
fn dates_read_exactly_or_not_at_all_and_never_past_javascripts_range() {
    let mut rng = Rng(0xda7e);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut exact = 0;
    let mut noise = 0;
    for case in 0..rounds(3_000) {
        // A valid date, written both ways: read exactly.
        let year = rng.below(10_000) as i64;
        let month = 1 + rng.below(12) as u32;
        let day = 1 + rng.below(28) as u32;
        let (hour, minute, second) = (rng.below(24), rng.below(60), rng.below(60));
        let offset = rng.below(24 * 60 * 2 - 1) as i64 - (24 * 60 - 1);
        let sign = if offset < 0 { '-' } else { '+' };
        let (oh, om) = (offset.abs() / 60, offset.abs() % 60);
        let expected = ((reference_days(year, month, day) * 86_400
            + (hour * 3600 + minute * 60 + second) as i64)
            - offset * 60)
            * 1000;
        let rfc3339 = format!(
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{sign}{oh:02}:{om:02}"
        );
        assert_eq!(
            parse_rfc3339(&rfc3339),
            Some(expected),
            "case {case}: {rfc3339}"
        );
        if year >= 100 {
            let rfc2822 = format!(
                "{day} {} {year} {hour:02}:{minute:02}:{second:02} {sign}{oh:02}{om:02}",
                months[month as usize - 1]
            );
            assert_eq!(
                parse_rfc2822(&rfc2822),
                Some(expected),
                "case {case}: {rfc2822}"
            );
        }
        // And its UTC form says the same instant.
        let utc = iso_utc(expected);
        assert_eq!(
            parse_rfc3339(&utc).map(|t| t.div_euclid(60_000)),
            Some(expected.div_euclid(60_000)),
            "case {case}: {utc}"
        );
        exact += 1;

        // Noise: date-shaped pieces, and damaged real dates.
        let mut text = String::new();
        for _ in 0..rng.below(12) {
            text.push_str(rng.word(DATE_PIECES));
        }
        let damaged = damage(&rfc3339, &mut rng);
        for candidate in [text, damaged] {
            if let Some(t) = parse_date(&candidate) {
                assert!(
                    t.abs() <= JS_DATE_LIMIT_MS,
                    "case {case}: {candidate:?} → {t}"
                );
            }
            noise += 1;
        }
    }
    eprintln!("dates: {exact} exact, {noise} noise strings");
}

// ---------------------------------------------------------------- feeds

fn push_feed_value(out: &mut String, rng: &mut Rng, key: &str) {
    // Mostly the right type, sometimes any other: one bad field must cost one field.
    if rng.chance(15) {
        push_value(out, rng, 2);
        return;
    }
    match key {
        "id" => match rng.below(5) {
            0 => push_number(out, rng),
            1 => push_string(out, &format!("bai-{}", rng.below(40)), rng),
            _ => push_string(out, &format!("tin-{}", rng.next()), rng),
        },
        "tags" => {
            out.push('[');
            let count = if rng.chance(5) {
                rng.below(80)
            } else {
                rng.below(6)
            };
            for i in 0..count {
                if i > 0 {
                    out.push(',');
                }
                let tag = format!(
                    "{} {}",
                    rng.pick(&["Thời sự", " ", "", "Hải Phòng"]),
                    rng.below(60)
                );
                push_string(out, &tag, rng);
            }
            out.push(']');
        }
        "date_published" | "date_modified" => {
            let mut date = String::new();
            for _ in 0..1 + rng.below(8) {
                date.push_str(rng.word(DATE_PIECES));
            }
            let date = if rng.chance(40) {
                "2026-11-27T08:30:00+07:00".to_string()
            } else {
                date
            };
            push_string(out, &date, rng)
        }
        "authors" => {
            out.push_str("[{\"name\":");
            let word = *rng.pick(WORDS);
            push_string(out, word, rng);
            out.push_str("}]");
        }
        _ => {
            let word = *rng.pick(WORDS);
            push_string(out, word, rng)
        }
    }
}

#[test]
fn feeds_of_any_shape_give_a_page_or_an_error_within_the_caps() {
    let mut rng = Rng(0xfeed);
    let keys = [
        "id",
        "url",
        "title",
        "content_html",
        "content_text",
        "summary",
        "image",
        "tags",
        "date_published",
        "date_modified",
        "authors",
        "language",
    ];
    let mut pages = 0;
    let mut items_read = 0;
    let mut capped = 0;
    for case in 0..rounds(600) {
        // Now and then a page past the cap.
        let count = if case % 150 == 149 {
            2 * MAX_ITEMS_PER_PAGE + rng.below(50)
        } else {
            rng.below(30)
        };
        let mut text = String::from("{\"title\":\"Bản tin\",\"items\":[");
        for i in 0..count {
            if i > 0 {
                text.push(',');
            }
            text.push('{');
            let mut first = true;
            for key in keys {
                if rng.chance(if key == "id" { 95 } else { 70 }) {
                    if !first {
                        text.push(',');
                    }
                    first = false;
                    text.push_str(&format!("\"{key}\":"));
                    push_feed_value(&mut text, &mut rng, key);
                }
            }
            text.push('}');
        }
        text.push_str("],\"next_url\":\"page2.json\"}");
        let text = if rng.chance(10) {
            damage(&text, &mut rng)
        } else {
            text
        };
        let Ok(page) = jsonfeed::parse(&text, "https://news.example/feed.json", &|u| {
            (!u.contains(':')).then(|| format!("https://news.example/{u}"))
        }) else {
            continue;
        };
        pages += 1;
        items_read += page.items.len();
        capped += usize::from(page.beyond_cap > 0);
        assert!(page.items.len() <= MAX_ITEMS_PER_PAGE, "case {case}");
        if let Ok(doc) = json::parse(&text) {
            let total = doc
                .get("items")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            assert_eq!(
                page.items.len() + page.skipped + page.beyond_cap,
                total,
                "case {case}: every item is read, skipped or counted past the cap"
            );
        }
        let mut ids = HashSet::new();
        for item in &page.items {
            assert!(!item.id.trim().is_empty(), "case {case}");
            assert!(ids.insert(&item.id), "case {case}: repeated id {}", item.id);
            assert!(item.tags.len() <= MAX_TAGS_PER_ITEM, "case {case}");
            let tags: HashSet<&String> = item.tags.iter().collect();
            assert_eq!(tags.len(), item.tags.len(), "case {case}: repeated tag");
            assert!(item.tags.iter().all(|t| !t.is_empty()), "case {case}");
            for t in [item.published, item.modified].into_iter().flatten() {
                assert!(t.abs() <= JS_DATE_LIMIT_MS, "case {case}");
            }
        }
    }
    eprintln!("feeds: {pages} pages ({capped} past the cap), {items_read} items read");
}

// ---------------------------------------------------------------- sanitizer policy

const REFUSED_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:", "blob:", "file:"];

/// A URL as an attacker writes it: a refused scheme in any case, with
/// spaces, tabs, newlines and control characters sprinkled in, sometimes
/// behind an allowed-looking prefix or inside a srcset-like list.
fn hostile_url(rng: &mut Rng) -> String {
    let scheme = *rng.pick(&[
        "javascript",
        "vbscript",
        "data",
        "blob",
        "file",
        "https",
        "http",
        "mailto",
        "",
    ]);
    let mut out = String::new();
    if rng.chance(20) {
        out.push_str(rng.word(&[" ", "\u{0}", "\t", "\n", "\u{1f}", "\u{c}"]));
    }
    for c in scheme.chars() {
        out.push(if rng.chance(50) {
            c.to_ascii_uppercase()
        } else {
            c
        });
        if rng.chance(10) {
            out.push(*rng.pick(&['\t', '\n', '\r', '\u{0}', '\u{7f}', ' ']));
        }
    }
    if !scheme.is_empty() {
        out.push(':');
    }
    out.push_str(rng.word(&[
        "alert(1)",
        "//a.vn/x.jpg",
        "image/svg+xml,<svg onload=alert(1)>",
        "text/html;base64,PHNjcmlwdD4=",
        "/x.jpg",
        "x.jpg,javascript:alert(1)",
        "//a.vn/w_300,h_200/x.jpg",
        "",
    ]));
    out
}

/// The candidate URLs of a srcset as the HTML standard splits them.
fn browser_srcset_urls(srcset: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = &rest[..end];
        rest = &rest[end..];
        let trimmed = url.trim_end_matches(',');
        urls.push(trimmed.to_string());
        if trimmed.len() == url.len() {
            // Descriptors run to the next comma.
            rest = rest.split_once(',').map_or("", |(_, r)| r);
        }
    }
}

fn squashed(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

#[test]
fn the_policy_never_lets_a_refused_url_through() {
    let mut rng = Rng(0x5a71);
    let mut checked = 0;
    for case in 0..rounds(6_000) {
        let url = hostile_url(&mut rng);
        if let Some(clean) = clean_url(&url) {
            assert!(url_allowed(&clean), "case {case}: {url:?}");
            assert!(!clean.chars().any(|c| c.is_ascii_control()), "case {case}");
            let lower = clean.to_ascii_lowercase();
            for scheme in REFUSED_SCHEMES {
                assert!(
                    !lower.starts_with(scheme),
                    "case {case}: {url:?} → {clean:?}"
                );
            }
        }
        // A srcset of hostile candidates, with and without a resolver.
        let mut srcset = String::new();
        for i in 0..1 + rng.below(4) {
            if i > 0 {
                srcset.push_str(rng.word(&[",", ", ", " ,", ",,"]));
            }
            srcset.push_str(&hostile_url(&mut rng));
            if rng.chance(60) {
                srcset.push_str(rng.word(&[" 1x", " 2x", " 640w", " 1.5x", " (x)", " 2x 3x", ""]));
            }
        }
        let resolve = |u: &str| -> Option<String> {
            (!u.contains(':'))
                .then(|| format!("https://news.example/{}", u.trim_start_matches('/')))
        };
        for cleaned in [clean_srcset(&srcset), clean_srcset_with(&srcset, &resolve)]
            .into_iter()
            .flatten()
        {
            for url in browser_srcset_urls(&cleaned) {
                assert!(url_allowed(&url), "case {case}: {srcset:?} → {cleaned:?}");
            }
            // Not even inside a URL, where a naive comma split would find it.
            let flat = squashed(&cleaned);
            for scheme in REFUSED_SCHEMES {
                assert!(
                    !flat.contains(scheme),
                    "case {case}: {srcset:?} → {cleaned:?}"
                );
            }
        }
        // Attributes through the front door.
        for (tag, attr) in [
            ("a", "href"),
            ("img", "src"),
            ("img", "srcset"),
            ("blockquote", "cite"),
        ] {
            if let Some(v) = clean_attribute(tag, attr, &url) {
                assert!(
                    !squashed(&v).starts_with("javascript:"),
                    "case {case}: {tag} {attr}"
                );
            }
        }
        checked += 1;
    }
    eprintln!("policy: {checked} hostile URLs and srcsets");
}

#[test]
fn element_and_box_rules_hold_for_any_name_and_number() {
    let mut rng = Rng(0xe1e);
    let names = [
        "p",
        "P",
        "svg",
        "SVG",
        "script",
        "ScRiPt",
        "my-widget",
        "h1",
        "foreignObject",
        "math",
        "x",
        "",
        "div",
        "iframe",
        "img",
        "textarea",
        "TEMPLATE",
        "a",
        "form",
        "annotation-xml",
    ];
    for case in 0..rounds(5_000) {
        let mut name = rng.pick(&names).to_string();
        if rng.chance(20) {
            name.push(*rng.pick(&['-', 'x', '1', 'é', '\u{0}']));
        }
        // Kept names map to themselves, so stored HTML sanitizes to itself.
        if let ElementAction::Keep(out) = element_action(&name) {
            assert_eq!(
                element_action(out),
                ElementAction::Keep(out),
                "case {case}: {name}"
            );
        }
        assert_ne!(
            std::mem::discriminant(&foreign_element_action(&name)),
            std::mem::discriminant(&ElementAction::Keep("p")),
            "case {case}: a foreign {name} kept"
        );
        // A reserved box is never more elongated than the bound.
        let w = rng.next() % 2_000_000;
        let h = rng.next() % 2_000_000;
        let (w_text, h_text) = (w.to_string(), h.to_string());
        if let (Some(w), Some(h)) = clean_dimensions(Some(&w_text), Some(&h_text)) {
            let (w, h): (u64, u64) = (w.parse().unwrap(), h.parse().unwrap());
            assert!(w > 0 && h > 0, "case {case}");
            assert!(
                w <= h * MAX_ASPECT_RATIO && h <= w * MAX_ASPECT_RATIO,
                "case {case}: {w}x{h}"
            );
        }
    }
}
