//! The visitor counter's pure half: visitor ids, bot User-Agents, backoff,
//! parsing the service's answers, and the beacon bodies.

use bantin::stats::*;

#[test]
fn visitor_ids_use_the_url_safe_alphabet_and_are_valid() {
    let all: Vec<u8> = (0..=255).collect();
    let id = visitor_id_from(&all);
    assert_eq!(id.len(), 256);
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    // Every byte value maps, and all 64 characters are reachable.
    let mut seen: Vec<char> = id.chars().collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 64);

    let id = visitor_id_from(&[7u8; VISITOR_ID_LEN]);
    assert_eq!(id.len(), VISITOR_ID_LEN);
    assert!(valid_visitor_id(&id));
    assert_ne!(visitor_id_from(&[1, 2, 3]), visitor_id_from(&[3, 2, 1]));
}

#[test]
fn stored_ids_are_checked_before_use() {
    assert!(valid_visitor_id("abcdEFGH1234-_xy"));
    assert!(valid_visitor_id(&"a".repeat(64)));
    for bad in [
        "",
        "short",
        "abcdEFGH1234-_x",  // 15
        "abcdEFGH1234 _xy", // space
        "abcdEFGH1234-_xé",
        "abcdEFGH1234-_x\"",
        "<script>alert(1)</script>",
    ] {
        assert!(!valid_visitor_id(bad), "{bad:?}");
    }
    assert!(!valid_visitor_id(&"a".repeat(65)));
}

const BOTS: &[&str] = &[
    // Googlebot (desktop and smartphone)
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/120.0.6099.216 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.216 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    // bingbot
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
    // Cốc Cốc's crawler, Baidu, Yandex, Yahoo
    "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    // Headless Chrome and Lighthouse / PageSpeed Insights
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 Chrome-Lighthouse",
    // Generic crawlers and link previews
    "Screaming Frog SEO Spider/19.4",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot)",
];

const PEOPLE: &[&str] = &[
    // Chrome on Windows, macOS and Linux
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    // Chrome and Samsung Internet on Android
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    // Firefox on Windows and Android
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
    // Safari on iPhone, iPad, Mac; Chrome on iOS
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
    // Cốc Cốc browser (the browser, not its crawler), Zalo's in-app browser, Edge
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/119.0.180 Chrome/113.0.5672.180 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-A325F Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 Zalo android/12100488 ZaloTheme/light ZaloLanguage/vi",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
    // A Cubot phone ("bot" inside the maker's name)
    "Mozilla/5.0 (Linux; Android 11; CUBOT X50) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    // No User-Agent at all is not evidence of a bot.
    "",
];

#[test]
fn crawlers_and_audit_tools_are_bots() {
    for ua in BOTS {
        assert!(is_bot(ua), "should be a bot: {ua}");
    }
}

#[test]
fn people_are_not_bots() {
    for ua in PEOPLE {
        assert!(!is_bot(ua), "should be a person: {ua}");
    }
}

#[test]
fn backoff_doubles_from_one_second_and_stops_at_a_minute() {
    // Without jitter (random 0) it is half the nominal delay; with random → 1 the full delay.
    let lows: Vec<u32> = (0..8).map(|a| backoff_ms(a, 0.0)).collect();
    assert_eq!(
        lows,
        vec![500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]
    );
    assert_eq!(backoff_ms(0, 0.999_999), 999);
    assert_eq!(backoff_ms(5, 0.999_999), 31_999);
    for attempt in [6, 7, 20, 31, 32, 1_000, u32::MAX] {
        let d = backoff_ms(attempt, 0.999_999);
        assert!(
            (30_000..=BACKOFF_CAP_MS).contains(&d),
            "attempt {attempt}: {d}"
        );
    }
}

#[test]
fn backoff_jitter_stays_within_bounds_and_spreads() {
    for attempt in 0..40 {
        let full =
            (BACKOFF_BASE_MS as u64 * (1u64 << attempt.min(20))).min(BACKOFF_CAP_MS as u64) as u32;
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..=100 {
            let r = f64::from(i) / 100.0;
            let d = backoff_ms(attempt, r);
            assert!(
                d >= full / 2 && d <= full,
                "attempt {attempt}, r {r}: {d} not in [{}, {full}]",
                full / 2
            );
            seen.insert(d);
        }
        assert!(seen.len() > 50, "jitter spreads the delays: {}", seen.len());
        // Monotone in the random value.
        assert!(backoff_ms(attempt, 0.2) <= backoff_ms(attempt, 0.8));
    }
    // Out-of-range "random" values cannot escape the bounds.
    for r in [-1.0, 2.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let d = backoff_ms(3, r);
        assert!((4_000..=8_000).contains(&d), "{r}: {d}");
    }
}

#[test]
fn numbers_parse_from_the_service_answer() {
    let n = Numbers {
        online: 2,
        today: 1234,
        week: 5678,
        total: 1_234_567,
    };
    assert_eq!(
        parse_numbers(r#"{"online":2,"today":1234,"week":5678,"total":1234567}"#),
        Some(n)
    );
    // Order, whitespace and extra fields do not matter.
    assert_eq!(
        parse_numbers(
            "{ \"total\": 1234567, \"week\": 5678,\n \"today\": 1234, \"online\": 2, \"bots\": 9 }"
        ),
        Some(n)
    );
    // Lenient: floats and numeric strings.
    assert_eq!(
        parse_numbers(r#"{"online":2.0,"today":"1234","week":5678.9,"total":1.234567e6}"#),
        Some(n)
    );
    assert_eq!(
        parse_numbers(r#"{"online":0,"today":0,"week":0,"total":18446744073709551615}"#)
            .map(|n| n.total),
        Some(u64::MAX)
    );
}

#[test]
fn broken_answers_are_rejected_whole() {
    for bad in [
        "",
        "null",
        "[]",
        "42",
        "\"online\"",
        "<html>502 Bad Gateway</html>",
        r#"{"online":2,"today":1,"week":3"#,
        r#"{"online":2,"today":1,"week":3}"#,
        r#"{"online":-1,"today":1,"week":3,"total":4}"#,
        r#"{"online":2,"today":null,"week":3,"total":4}"#,
        r#"{"online":2,"today":"nhiều","week":3,"total":4}"#,
        r#"{"online":2,"today":true,"week":3,"total":4}"#,
        r#"{"online":2,"today":[1],"week":3,"total":4}"#,
        r#"{"online":1e300,"today":1,"week":3,"total":4}"#,
        r#"{"error":"counter store unavailable"}"#,
    ] {
        assert_eq!(parse_numbers(bad), None, "{bad:?}");
    }
}

#[test]
fn views_parse_from_the_service_answer() {
    assert_eq!(
        parse_views(r#"{"path":"/bai/kien-thuy-ntm-2025","views":1234}"#),
        Some(1234)
    );
    assert_eq!(parse_views(r#"{"views":"7"}"#), Some(7));
    for bad in [
        "",
        "{}",
        r#"{"views":-3}"#,
        r#"{"views":null}"#,
        r#"{"error":"path must start with /"}"#,
        "not json",
    ] {
        assert_eq!(parse_views(bad), None, "{bad:?}");
    }
}

#[test]
fn beacon_bodies_are_exactly_what_the_server_accepts() {
    let body = beacon_body("abcdEFGH1234-_xyz01234", "/bai/kien-thuy-ntm-2025");
    assert_eq!(
        body,
        r#"{"visitor":"abcdEFGH1234-_xyz01234","path":"/bai/kien-thuy-ntm-2025"}"#
    );
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v.as_object().map(|o| o.len()), Some(2));

    // Quotes, backslashes and control characters cannot break out of the JSON.
    let body = beacon_body("id\"x", "/a\"b\\c\u{1}d\ne");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["visitor"], "id\"x");
    assert_eq!(v["path"], "/a\"b\\cde");
    // Non-ASCII paths pass through as UTF-8.
    let v: serde_json::Value = serde_json::from_str(&beacon_body("v", "/bai/tin-tức")).unwrap();
    assert_eq!(v["path"], "/bai/tin-tức");
}

#[test]
fn paths_are_cleaned_to_the_server_rules() {
    assert_eq!(clean_path("/"), "/");
    assert_eq!(clean_path(""), "/");
    assert_eq!(clean_path("bai/x"), "/bai/x");
    assert_eq!(clean_path("/a\tb\u{7f}c"), "/abc");
    let long = format!("/{}", "ệ".repeat(400)); // 3 bytes each
    let cleaned = clean_path(&long);
    assert!(cleaned.len() <= MAX_PATH_BYTES, "{}", cleaned.len());
    assert!(cleaned.len() > MAX_PATH_BYTES - 3);
    assert!(cleaned.starts_with("/ệ"));
}

#[test]
fn update_time_is_shown_as_hh_mm_in_the_site_zone() {
    let t = 1_795_743_000_000; // 2026-11-27T01:30:00Z
    assert_eq!(clock_hhmm(t, 7 * 60), "08:30");
    assert_eq!(clock_hhmm(t, 0), "01:30");
    assert_eq!(clock_hhmm(t + 59_999, -5 * 60), "20:30");
    assert_eq!(clock_hhmm(t - 2 * 3_600_000, 0), "23:30");
}

#[test]
fn box_state_and_texts() {
    use bantin::i18n::Lang;
    let numbers = Numbers {
        online: 1,
        today: 2,
        week: 3,
        total: 4,
    };
    let live = Shown {
        numbers,
        current: true,
        received_ms: 1_795_743_000_000, // 01:30 UTC
    };
    let old = Shown {
        current: false,
        ..live
    };
    assert_eq!(box_class(None, false), "bt-visitors bt-visitors-loading");
    assert_eq!(box_class(None, true), "bt-visitors bt-visitors-stale");
    assert_eq!(box_class(Some(&live), true), "bt-visitors");
    assert_eq!(box_class(Some(&old), true), "bt-visitors bt-visitors-stale");
    let big = Shown {
        numbers: Numbers {
            online: 12,
            today: 1_234,
            week: 56_789,
            total: 1_234_567,
        },
        ..live
    };
    let shown: Vec<String> = (0..4)
        .map(|i| figure_text(Some(&big), i, Lang::Vi))
        .collect();
    assert_eq!(shown, ["12", "1.234", "56.789", "1.234.567"]);
    assert_eq!(figure_text(Some(&big), 3, Lang::En), "1,234,567");
    assert_eq!(figure_text(Some(&big), 4, Lang::Vi), "–");
    assert_eq!(figure_text(None, 0, Lang::Vi), "–");
    assert_eq!(note_text(&live, Lang::Vi, 420), None);
    assert_eq!(
        note_text(&old, Lang::Vi, 420).as_deref(),
        Some("cập nhật lúc 08:30")
    );
    assert_eq!(
        note_text(&old, Lang::En, 0).as_deref(),
        Some("updated at 01:30")
    );
    assert_eq!(views_text(1_234, Lang::Vi), "1.234 lượt xem");
    assert_eq!(views_text(1, Lang::Vi), "1 lượt xem");
    assert_eq!(views_text(1_234_567, Lang::En), "1,234,567 views");
    assert_eq!(views_text(1, Lang::En), "1 view");
    assert_eq!(views_text(0, Lang::En), "0 views");
}

#[test]
fn a_page_shows_only_the_count_its_own_view_asked_for() {
    let mut page = PageViews::default();
    assert_eq!(page.shown("/bai/a"), None, "nothing before a count");

    let a = page.start("/bai/a");
    assert_eq!(page.shown("/bai/a"), None, "unknown until answered");
    page.answer(a, 7);
    assert_eq!(page.shown("/bai/a"), Some(7));
    assert_eq!(page.shown("/bai/b"), None, "not beside another article");

    // The reader moves on before the count of the next page arrives: the old
    // page's late answer is not shown as the new page's count.
    let b = page.start("/bai/b");
    assert_eq!(page.shown("/bai/a"), None, "the page before is dropped");
    page.answer(a, 8);
    assert_eq!(page.shown("/bai/b"), None);
    assert_eq!(page.shown("/bai/a"), None);
    page.answer(b, 3);
    assert_eq!(page.shown("/bai/b"), Some(3));

    // The same article again (list, then back): a new view, whose count
    // replaces the old one only when it arrives.
    page.start("/");
    let a2 = page.start("/bai/a");
    assert_eq!(page.shown("/bai/a"), None);
    page.answer(a, 7);
    assert_eq!(page.shown("/bai/a"), None, "an answer of the first visit");
    page.answer(a2, 9);
    assert_eq!(page.shown("/bai/a"), Some(9));
}

#[test]
fn the_visitor_state_goes_skeleton_then_live_then_stale_and_says_when_it_changed() {
    let mut state = Visitors::default();
    let class = |s: &Visitors| box_class(s.figures.as_ref(), s.tried);
    assert_eq!(class(&state), "bt-visitors bt-visitors-loading");
    // Loading: no text beside the skeleton's bar (it would change the box's width).
    assert_eq!(state.figure_text(0, bantin::i18n::Lang::Vi), "");

    // A failure before any figures: dashes, muted; a second one changes nothing.
    assert!(state.stale());
    assert_eq!(class(&state), "bt-visitors bt-visitors-stale");
    assert_eq!(
        figure_text(state.figures.as_ref(), 0, bantin::i18n::Lang::Vi),
        "–"
    );
    assert!(!state.stale());

    let numbers = Numbers {
        online: 3,
        today: 1_234,
        week: 5,
        total: 6,
    };
    state.accept(numbers, 1_795_743_000_000);
    assert_eq!(class(&state), "bt-visitors");
    assert_eq!(
        figure_text(state.figures.as_ref(), 1, bantin::i18n::Lang::Vi),
        "1.234"
    );

    // Live figures going stale keep their numbers; staying stale is no change.
    assert!(state.stale());
    assert_eq!(class(&state), "bt-visitors bt-visitors-stale");
    assert_eq!(state.figures.map(|s| s.numbers), Some(numbers));
    assert!(!state.stale());

    // The view count rides along, untouched by the figures.
    let view = state.views.start("/bai/x");
    state.views.answer(view, 9);
    state.accept(numbers, 1_795_743_060_000);
    assert_eq!(state.views.shown("/bai/x"), Some(9));
}
