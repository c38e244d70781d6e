//! Sections from config.json, tag lists, and the reader's preferences.

use bantin::config::{search_config, Config, SearchConfig};
use bantin::json;
use bantin::prefs::{Prefs, Theme, MAX_SIZE, MIN_SIZE};
use bantin::sections::{own_source, SectionFilter, TagFilter};
use bantin::source::Source;

mod common;
use common::tagged;

fn config(extra: &str) -> Config {
    Config::parse(&format!(
        r#"{{"site": {{"title": "T"}}, "source": {{"kind": "jsonfeed", "url": "feed.json"}} {extra}}}"#
    ))
    .expect("config")
}

#[test]
fn sections_are_read_leniently_in_order() {
    let c = config(
        r#", "sections": [
            {"slug": "nong-thon-moi", "title": "Nông thôn mới", "tag": "Nông thôn mới"},
            {"slug": "tin-tuc", "title": "Tin tức", "category": 12},
            {"slug": "giao-duc", "title": "Giáo dục", "feed": "demo/giao-duc.json"},
            {"slug": "no-filter", "title": "Nothing to show"},
            {"title": "No slug", "tag": "x"},
            {"slug": "blank", "title": "  ", "tag": "x"},
            "not an object",
            {"slug": "by-slug", "title": "Category by slug", "category": "thoi-su"}
        ]"#,
    );
    let read: Vec<_> = c
        .sections
        .iter()
        .map(|s| (s.slug.as_str(), s.title.as_str(), SectionFilter::of(&s.raw)))
        .collect();
    assert_eq!(
        read,
        vec![
            (
                "nong-thon-moi",
                "Nông thôn mới",
                Some(SectionFilter::Tag("Nông thôn mới".into()))
            ),
            (
                "tin-tuc",
                "Tin tức",
                Some(SectionFilter::Category("12".into()))
            ),
            (
                "giao-duc",
                "Giáo dục",
                Some(SectionFilter::Feed("demo/giao-duc.json".into()))
            ),
            // In the navigation, with nothing to show.
            ("no-filter", "Nothing to show", None),
            (
                "by-slug",
                "Category by slug",
                Some(SectionFilter::Category("thoi-su".into()))
            ),
        ]
    );
    // Not a list, or absent: no sections, and the reader still starts.
    assert!(config(r#", "sections": {"a": 1}"#).sections.is_empty());
    assert!(config("").sections.is_empty());
}

#[test]
fn the_demo_config_has_sections_that_match_its_articles() {
    let c = Config::parse(include_str!("../demo/config.json")).expect("demo config");
    assert!(c.sections.len() >= 3, "{:?}", c.sections);
    let feed = include_str!("../demo/feed.json");
    let page = bantin::source::jsonfeed::parse(feed, "https://x.vn/demo/feed.json", &|u| {
        Some(format!("https://x.vn/demo/{u}"))
    })
    .expect("demo feed");
    for section in &c.sections {
        if let Some(SectionFilter::Tag(tag)) = SectionFilter::of(&section.raw) {
            let filter = TagFilter::new(&tag);
            assert!(
                filter.pick(&page.items).next().is_some(),
                "section {} has no article on the first page",
                section.slug
            );
        }
    }
}

#[test]
fn a_tag_matches_whatever_its_case_accents_and_spaces() {
    let articles = vec![
        tagged("a", &["Nông thôn mới"]),
        tagged("b", &["NÔNG THÔN MỚI", "Kinh tế"]),
        tagged("c", &["Nong  thon moi"]),
        tagged("d", &["Nông thôn"]),
        tagged("e", &[]),
    ];
    let filter = TagFilter::new("nông thôn mới");
    let ids: Vec<_> = filter.pick(&articles).map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    // NFD input is the same tag.
    let nfd = TagFilter::new("No\u{302}ng tho\u{302}n mo\u{31b}\u{301}i");
    assert_eq!(nfd.pick(&articles).count(), 3);
    assert_eq!(TagFilter::new("  ").pick(&articles).count(), 0);
}

#[test]
fn sections_with_lists_of_their_own() {
    let resolve = |u: &str| Some(format!("https://x.vn/{u}"));
    let feed = Source::JsonFeed {
        url: "https://x.vn/feed.json".into(),
    };
    let wordpress = Source::WordPress {
        url: "https://wp.vn/wp-json".into(),
        per_page: 10,
    };
    // A feed of its own, on any source.
    let own = own_source(&SectionFilter::Feed("giao-duc.json".into()), &feed, resolve);
    assert_eq!(
        own,
        Some((
            Source::JsonFeed {
                url: "https://x.vn/giao-duc.json".into()
            },
            "https://x.vn/giao-duc.json".into()
        ))
    );
    // A WordPress category by id: that category's posts, paged by the API.
    let (source, first) =
        own_source(&SectionFilter::Category("12".into()), &wordpress, resolve).expect("category");
    assert_eq!(source, wordpress);
    assert!(
        first.starts_with("https://wp.vn/wp-json/wp/v2/posts?categories=12&"),
        "{first}"
    );
    assert!(
        first.contains("&page=1&") && first.contains("per_page=10"),
        "{first}"
    );
    // A next page keeps the category.
    let next = bantin::source::wordpress::with_page(&first, 2);
    assert!(
        next.contains("categories=12") && next.ends_with("page=2"),
        "{next}"
    );
    assert!(!next.contains("&page=1&"), "{next}");
    // By name, or on a JSON Feed: a tag of the portal's own list.
    assert_eq!(
        own_source(
            &SectionFilter::Category("thoi-su".into()),
            &wordpress,
            resolve
        ),
        None
    );
    assert_eq!(
        own_source(&SectionFilter::Category("12".into()), &feed, resolve),
        None
    );
    assert_eq!(
        own_source(&SectionFilter::Tag("x".into()), &feed, resolve),
        None
    );
}

#[test]
fn search_config_names_the_archive_search() {
    let v = |s: &str| json::parse(s).expect("json");
    assert_eq!(
        search_config(Some(&v(r#"{"url": "/api/search"}"#)), false),
        Some(SearchConfig::Server {
            url: "/api/search".into()
        })
    );
    assert_eq!(search_config(None, false), None);
    assert_eq!(search_config(None, true), Some(SearchConfig::WordPress));
    assert_eq!(search_config(Some(&v("false")), true), None);
    assert_eq!(search_config(Some(&v(r#"{"url": " "}"#)), false), None);
}

#[test]
fn reader_prefs_round_trip_and_stay_in_bounds() {
    assert_eq!(Prefs::parse(None), Prefs::default());
    assert_eq!(Prefs::parse(Some("not json")), Prefs::default());
    assert_eq!(Prefs::parse(Some("[1]")), Prefs::default());
    let p = Prefs::parse(Some(r#"{"size": 99, "theme": "dark"}"#));
    assert_eq!(p.size, MAX_SIZE);
    assert_eq!(p.theme, Theme::Dark);
    assert_eq!(Prefs::parse(Some(r#"{"size": -9}"#)).size, MIN_SIZE);
    assert_eq!(Prefs::parse(Some(&p.to_json())), p);
    let default = Prefs::default();
    assert_eq!(default.to_json(), r#"{"size":0}"#);
    assert_eq!(default.size_attribute(), None);
    assert_eq!(default.resized(1).size_attribute().as_deref(), Some("1"));
    assert_eq!(default.resized(-1).resized(-1).size, MIN_SIZE);
    let mut big = default;
    for _ in 0..20 {
        big = big.resized(1);
    }
    assert_eq!(big.size, MAX_SIZE);
}

#[test]
fn the_theme_toggle_flips_what_is_on_screen() {
    // Following a dark system, the toggle makes it light, and back.
    assert!(Theme::System.is_dark(true));
    assert_eq!(Theme::System.toggled(true), Theme::Light);
    assert_eq!(Theme::Light.toggled(true), Theme::Dark);
    assert_eq!(Theme::System.toggled(false), Theme::Dark);
    assert_eq!(Theme::Dark.toggled(false), Theme::Light);
    assert_eq!(Theme::System.attribute(), None);
    assert_eq!(Theme::Dark.attribute(), Some("dark"));
}
