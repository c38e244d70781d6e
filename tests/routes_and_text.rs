//! The route table, id encoding, share links, and text cleaning.

use bantin::config::{Config, SourceConfig};
use bantin::i18n::Lang;
use bantin::model::Article;
use bantin::router::{decode_segment, encode_segment, relative_to_base, Route};
use bantin::text::{clean_line, decode_entities, excerpt, find_ignore_ascii_case, html_to_text};

mod common;
use common::tagged;

#[test]
fn routes_round_trip() {
    for route in [
        Route::Home,
        Route::Saved,
        Route::Article {
            id: "kien-thuy-ntm-2025".into(),
        },
        Route::Article {
            id: "https://jsonfeed.org/2017/05/17/announcing_json_feed".into(),
        },
        Route::Article {
            id: "bài viết số 1".into(),
        },
        Route::Section {
            slug: "nong-thon-moi".into(),
        },
        Route::Tag {
            tag: "Nông thôn mới".into(),
        },
        Route::Tag { tag: "a/b".into() },
        Route::Search,
    ] {
        assert_eq!(Route::parse(&route.path()), route, "{route:?}");
    }
    assert_eq!(Route::parse(""), Route::Home);
    assert_eq!(Route::parse("index.html"), Route::Home);
    assert_eq!(Route::parse("da-luu/"), Route::Saved);
    assert_eq!(
        Route::parse("bai/abc?utm=x#top"),
        Route::Article { id: "abc".into() }
    );
    assert!(matches!(Route::parse("bai/"), Route::NotFound { .. }));
    assert!(matches!(Route::parse("bai/a/b"), Route::NotFound { .. }));
    assert!(matches!(Route::parse("bai/%FF"), Route::NotFound { .. }));
    assert!(matches!(Route::parse("bai/%G1"), Route::NotFound { .. }));
    assert!(matches!(Route::parse("khong-co"), Route::NotFound { .. }));
    assert_eq!(Route::parse("tim-kiem?q=thuy"), Route::Search);
    assert_eq!(
        Route::parse("the/N%C3%B4ng%20th%C3%B4n%20m%E1%BB%9Bi"),
        Route::Tag {
            tag: "Nông thôn mới".into()
        }
    );
    assert_eq!(
        Route::parse("muc/kinh-te/"),
        Route::Section {
            slug: "kinh-te".into()
        }
    );
    assert!(matches!(Route::parse("muc/"), Route::NotFound { .. }));
    assert!(matches!(Route::parse("the/a/b"), Route::NotFound { .. }));
    assert!(matches!(Route::parse("tim-kiem/x"), Route::NotFound { .. }));
}

#[test]
fn ids_encode_to_one_safe_segment() {
    let id = "https://x.vn/a b?c=d&e#f/ệ";
    let enc = encode_segment(id);
    assert!(!enc.contains(['/', '?', '#', ' ', '&']));
    assert_eq!(decode_segment(&enc).as_deref(), Some(id));
    assert_eq!(
        Route::Article { id: "a/b".into() }.href("/tin/"),
        "/tin/bai/a%2Fb"
    );
}

#[test]
fn base_path_is_respected() {
    assert_eq!(
        relative_to_base("/tin-tuc/bai/x", "/tin-tuc/"),
        Some("bai/x")
    );
    assert_eq!(relative_to_base("/tin-tuc", "/tin-tuc/"), Some(""));
    assert_eq!(relative_to_base("/other/bai/x", "/tin-tuc/"), None);
    assert_eq!(relative_to_base("/bai/x", "/"), Some("bai/x"));
}

#[test]
fn share_links_need_no_script_and_escape_the_address() {
    let links = bantin::share::share_links("https://tin.vn/bai/a b?x=1&y=2", "Kiến Thụy & NTM");
    let labels: Vec<_> = links.iter().map(|l| l.label).collect();
    assert_eq!(labels, ["Facebook", "Zalo", "Email"]);
    assert_eq!(
        links[0].href,
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Ftin.vn%2Fbai%2Fa%20b%3Fx%3D1%26y%3D2"
    );
    assert!(links[1]
        .href
        .starts_with("https://sp.zalo.me/share?url=https%3A%2F%2Ftin.vn"));
    // The title's "&" must not cut the mail's subject short.
    assert!(links[2]
        .href
        .starts_with("mailto:?subject=Ki%E1%BA%BFn%20Th%E1%BB%A5y%20%26%20NTM&body="));
    for l in &links {
        assert!(
            !l.href.contains(' ') && !l.href.contains("&y="),
            "{}",
            l.href
        );
    }
}

#[test]
fn reading_time_comes_from_the_word_count() {
    use bantin::model::{Content, WORDS_PER_MINUTE};
    let mut a = tagged("a", &[]);
    assert_eq!(a.reading_minutes(), None);
    a.content = Content::Html("<p>một hai</p><p>ba</p>".into());
    assert_eq!(a.reading_minutes(), Some(1));
    let words = vec!["chữ"; WORDS_PER_MINUTE * 4 + 1].join(" ");
    a.content = Content::Html(format!("<p>{words}</p><script>x y z</script>"));
    assert_eq!(a.reading_minutes(), Some(5));
    a.content = Content::Text(vec!["w"; WORDS_PER_MINUTE * 2].join("\n"));
    assert_eq!(a.reading_minutes(), Some(2));
}

#[test]
fn text_fields_are_cleaned_into_plain_text() {
    assert_eq!(
        decode_entities("A &#8211; B &amp; C &#x1EC7; &bogus; &"),
        "A – B & C ệ &bogus; &"
    );
    assert_eq!(decode_entities("&#0; &#99999999;"), "&#0; &#99999999;");
    assert_eq!(
        html_to_text("<p>Một</p><style>p{}</style><p>Hai &amp; ba</p>"),
        "Một Hai & ba"
    );
    assert_eq!(html_to_text("a < b"), "a");
    // Tags in any case, script and style bodies dropped, text around multi-byte.
    assert_eq!(
        html_to_text("Ả<SCRIPT>x<y</Script>ệ<STYLE>p{}</sTyLe><B>đ</B>"),
        "Ả ệ đ"
    );
    assert_eq!(find_ignore_ascii_case("aé</SCRIPT>", "</script>"), Some(3));
    assert_eq!(find_ignore_ascii_case("abc", "abcd"), None);
    assert_eq!(find_ignore_ascii_case("abc", ""), Some(0));
    assert_eq!(
        clean_line("  Tin   <em>nóng</em>\n hôm nay "),
        "Tin nóng hôm nay"
    );
    assert_eq!(excerpt("Một hai ba bốn năm sáu", 10), "Một hai ba…");
    assert_eq!(excerpt("ngắn", 10), "ngắn");
    // Cut inside a long word of multi-byte letters: at a character, never a byte.
    assert_eq!(excerpt("Đườngđườngđường", 5), "Đường…");
    // Entities and tags next to multi-byte letters and at the very end.
    assert_eq!(decode_entities("Việt&amp;Nam&#273;&"), "Việt&Namđ&");
    assert_eq!(html_to_text("Hòa<b>Bình</b>đ<"), "Hòa Bình đ");
    assert_eq!(html_to_text("ờ<script>never closed"), "ờ");
}

#[test]
fn config_reads_defaults_and_rejects_broken_files() {
    let c = Config::parse(r#"{"site":{"title":"Bản tin Kiến Thụy"},"source":{"kind":"jsonfeed","url":"demo/feed.json"}}"#)
        .expect("minimal config");
    assert_eq!(c.site.lang, Lang::Vi);
    assert_eq!(c.site.timezone, "Asia/Ho_Chi_Minh");
    assert!(c.offline.service_worker);
    assert_eq!(
        c.source,
        SourceConfig::JsonFeed {
            url: "demo/feed.json".into()
        }
    );
    let en = Config::parse(r#"{"site":{"title":"T","lang":"en"},"source":{"kind":"jsonfeed","url":"f.json"},"stats":{"url":"/api/stats"}}"#).unwrap();
    assert_eq!(en.site.lang, Lang::En);
    assert_eq!(en.stats.unwrap().url, "/api/stats");
    let vi_vn = Config::parse(
        r#"{"site":{"title":"T","lang":"vi-VN"},"source":{"kind":"jsonfeed","url":"f.json"}}"#,
    )
    .unwrap();
    assert_eq!(vi_vn.site.lang, Lang::Vi);
    assert!(
        Config::parse(
            r#"{"site":{"title":"T","lang":"en-GB"},"source":{"kind":"jsonfeed","url":"f.json"}}"#
        )
        .unwrap()
        .site
        .lang
            == Lang::En
    );
    for bad in [
        "",
        "{",
        "[]",
        r#"{"site":{"title":"T"}}"#,
        r#"{"source":{"kind":"rss","url":"x"}}"#,
        r#"{"site":{"title":"  "},"source":{"kind":"jsonfeed","url":"x"}}"#,
    ] {
        assert!(Config::parse(bad).is_err(), "{bad:?}");
    }
    // The operator is told which kind was not understood, quoted.
    let unknown = Config::parse(r#"{"site":{"title":"T"},"source":{"kind":"rss","url":"x"}}"#)
        .expect_err("rss is not a source kind yet");
    assert!(
        unknown.to_string().contains("unknown source.kind \"rss\""),
        "{unknown}"
    );
}

#[test]
fn config_reads_a_wordpress_source_and_where_comments_live() {
    use bantin::config::DEFAULT_PER_PAGE;
    let wp = Config::parse(
        r#"{"site":{"title":"T"},"source":{"kind":"wordpress","url":"https://wp.example.vn/wp-json"}}"#,
    )
    .unwrap();
    assert_eq!(
        wp.source,
        SourceConfig::WordPress {
            url: "https://wp.example.vn/wp-json".into(),
            per_page: DEFAULT_PER_PAGE
        }
    );
    let off = Config::parse(
        r#"{"site":{"title":"T"},"source":{"kind":"wordpress","url":"https://wp.vn/?rest_route=","per_page":5}}"#,
    )
    .unwrap();
    assert!(matches!(
        off.source,
        SourceConfig::WordPress { per_page: 5, .. }
    ));
    for bad in [
        r#"{"site":{"title":"T"},"source":{"kind":"wordpress","url":"u","per_page":0}}"#,
        r#"{"site":{"title":"T"},"source":{"kind":"wordpress","url":"u","per_page":101}}"#,
        r#"{"site":{"title":"T"},"source":{"kind":"wordpress","url":"u","per_page":"20"}}"#,
    ] {
        assert!(Config::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn comments_come_from_the_wordpress_source_or_a_named_service() {
    use bantin::config::{comments_config, CommentsConfig};
    use bantin::json::parse;
    let read = |raw: &str, wordpress| {
        let value = parse(raw).unwrap();
        comments_config(Some(&value), wordpress)
    };
    // A WordPress source has its own comments, unless turned off.
    assert_eq!(
        comments_config(None, true),
        Ok(Some(CommentsConfig::WordPress))
    );
    assert_eq!(read("true", true), Ok(Some(CommentsConfig::WordPress)));
    assert_eq!(read("false", true), Ok(None));
    // A JSON Feed has none unless a comment service is named.
    assert_eq!(comments_config(None, false), Ok(None));
    assert_eq!(
        read(r#"{"url":"/api/comments"}"#, false),
        Ok(Some(CommentsConfig::Server {
            url: "/api/comments".into()
        }))
    );
    // Malformed: off, with a reason (never a stopped reader).
    assert!(read("{}", false).is_err());
    assert!(read(r#"{"url":" "}"#, false).is_err());
    assert!(read(r#""yes""#, false).is_err());
    // The demo's config names bantin-server's service.
    let demo = Config::parse(include_str!("../demo/config.json")).unwrap();
    assert_eq!(
        comments_config(demo.comments.as_ref(), false),
        Ok(Some(CommentsConfig::Server {
            url: "/api/comments".into()
        }))
    );
}

#[test]
fn the_demo_configs_parse() {
    for file in ["demo/config.json", "demo/config.en.json"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let body = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        Config::parse(&body).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

#[test]
fn lead_is_shown_only_when_it_adds_something() {
    use bantin::model::Content;
    let mut a = Article {
        id: "x".into(),
        summary: Some("Đoạn mở đầu của bài…".into()),
        content: Content::Html("<p>Đoạn mở đầu của bài viết rất dài.</p>".into()),
        ..Default::default()
    };
    assert_eq!(
        a.lead(),
        None,
        "a summary cut from the body would repeat it"
    );
    a.summary = Some("Tóm tắt riêng của tòa soạn.".into());
    assert_eq!(a.lead(), Some("Tóm tắt riêng của tòa soạn."));
    a.content = Content::None;
    assert_eq!(a.lead(), Some("Tóm tắt riêng của tòa soạn."));
}

#[test]
fn the_hero_is_the_banner_else_the_thumbnail_unless_the_body_has_pictures() {
    use bantin::model::Content;
    let mut a = Article {
        id: "x".into(),
        image: Some("https://bao.vn/nho.jpg".into()),
        image_srcset: Some("https://bao.vn/nho-300.jpg 300w".into()),
        content: Content::Html("<p>Chữ thôi.</p>".into()),
        ..Default::default()
    };
    assert_eq!(
        a.hero(),
        Some((
            "https://bao.vn/nho.jpg",
            Some("https://bao.vn/nho-300.jpg 300w")
        ))
    );
    a.banner_image = Some("https://bao.vn/rong.jpg".into());
    assert_eq!(a.hero().map(|h| h.0), Some("https://bao.vn/rong.jpg"));
    // The body's own picture leads the page: no second one above it.
    a.content = Content::Html(r#"<p>Ảnh:</p><img src="https://bao.vn/trong-bai.jpg">"#.into());
    assert_eq!(a.hero(), None);
    a.content = Content::Text("Không có ảnh <img> trong văn bản thuần.".into());
    assert!(a.hero().is_some(), "plain text has no pictures");
    a.banner_image = None;
    a.image = None;
    assert_eq!(a.hero(), None);
}
