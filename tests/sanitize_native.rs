//! The sanitizer's allow-list (`bantin::sanitize::policy`), natively. The DOM walk
//! itself runs in headless Chromium: `tests/wasm_sanitize.rs`.

use bantin::sanitize::policy::{
    allowed_attributes, attribute_allowed, clean_attribute, clean_dimensions, clean_srcset,
    clean_srcset_with, clean_url, collapse_whitespace, element_action, foreign_element_action,
    is_block, is_external_link, normalize_url, url_allowed, ElementAction,
};

#[test]
fn content_elements_are_kept() {
    for tag in [
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "mark",
        "code",
        "pre",
        "blockquote",
        "q",
        "cite",
        "figure",
        "figcaption",
        "img",
        "picture",
        "source",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "br",
        "hr",
        "div",
    ] {
        assert_eq!(element_action(tag), ElementAction::Keep(tag), "{tag}");
    }
}

#[test]
fn h1_becomes_h2_and_sections_become_div() {
    assert_eq!(element_action("h1"), ElementAction::Keep("h2"));
    assert_eq!(element_action("H1"), ElementAction::Keep("h2"));
    for tag in [
        "section", "article", "header", "footer", "main", "aside", "nav",
    ] {
        assert_eq!(element_action(tag), ElementAction::Keep("div"), "{tag}");
    }
    assert_eq!(element_action("strike"), ElementAction::Keep("s"));
}

/// Elements whose content is code or is never shown: dropped with it.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "noscript", "select", "textarea",
    "input", "base", "meta", "link", "frame", "frameset", "applet", "audio", "video", "noembed",
    "noframes", "title", "portal", "canvas", "dialog", "option", "datalist", "param",
];

/// Elements that are not kept but whose content is the article's: a parser
/// puts everything after one left unclosed inside it, so dropping them whole
/// lost the rest of the post.
const UNWRAPPED_NOT_KEPT: &[&str] = &[
    "svg",
    "math",
    "form",
    "button",
    "output",
    "slot",
    "label",
    "fieldset",
    "legend",
    "font",
    "span",
    "marquee",
    "my-widget",
];

#[test]
fn only_code_and_hidden_content_is_dropped_with_its_subtree() {
    for tag in DROPPED_WITH_CONTENT {
        assert_eq!(element_action(tag), ElementAction::Drop, "{tag}");
        assert_eq!(
            element_action(&tag.to_ascii_uppercase()),
            ElementAction::Drop,
            "{tag}"
        );
    }
    for tag in UNWRAPPED_NOT_KEPT {
        assert_eq!(element_action(tag), ElementAction::Unwrap, "{tag}");
    }
    assert_eq!(element_action("Svg"), ElementAction::Unwrap);
}

#[test]
fn foreign_elements_are_never_kept() {
    // SVG and MathML, by local name as the parser gives them.
    for tag in [
        "svg",
        "g",
        "text",
        "tspan",
        "a",
        "foreignObject",
        "math",
        "mi",
        "mtext",
        "semantics",
        "image",
        "p",
        "img",
        "div",
    ] {
        assert_eq!(foreign_element_action(tag), ElementAction::Unwrap, "{tag}");
    }
    for tag in [
        "script",
        "style",
        "title",
        "desc",
        "metadata",
        "defs",
        "symbol",
        "annotation-xml",
        "annotation",
        "iframe",
        "SCRIPT",
    ] {
        assert_eq!(foreign_element_action(tag), ElementAction::Drop, "{tag}");
    }
}

#[test]
fn unknown_elements_are_unwrapped() {
    for tag in [
        "span",
        "font",
        "label",
        "form",
        "svg",
        "math",
        "isindex",
        "marquee",
        "my-widget",
        "blink",
        "image",
        "x",
    ] {
        assert_eq!(element_action(tag), ElementAction::Unwrap, "{tag}");
    }
}

#[test]
fn kept_element_names_are_their_own_keep_target() {
    // Every output tag maps to itself, so re-sanitizing stored HTML is stable.
    for tag in [
        "h1", "h2", "section", "strike", "div", "p", "img", "a", "td", "details",
    ] {
        if let ElementAction::Keep(out) = element_action(tag) {
            assert_eq!(element_action(out), ElementAction::Keep(out), "{tag}");
        } else {
            panic!("{tag} should be kept");
        }
    }
}

#[test]
fn attributes_per_element() {
    assert!(attribute_allowed("a", "href"));
    assert!(attribute_allowed("a", "title"));
    for attr in ["src", "alt", "width", "height", "title", "srcset"] {
        assert!(attribute_allowed("img", attr), "img {attr}");
    }
    for attr in ["colspan", "rowspan", "scope"] {
        assert!(attribute_allowed("td", attr));
        assert!(attribute_allowed("th", attr));
    }
    assert!(attribute_allowed("ol", "start"));
    assert!(attribute_allowed("ol", "reversed"));
    assert!(attribute_allowed("blockquote", "cite"));
    assert!(attribute_allowed("q", "cite"));
    assert!(!attribute_allowed("p", "title"));
    assert!(!attribute_allowed("a", "target"));
    assert!(!attribute_allowed("a", "ping"));
    assert!(!attribute_allowed("img", "usemap"));
    assert!(!attribute_allowed("div", "class"));
}

#[test]
fn dangerous_attributes_are_never_allowed() {
    let tags = [
        "p",
        "a",
        "img",
        "source",
        "td",
        "th",
        "ol",
        "blockquote",
        "q",
        "div",
        "table",
        "li",
    ];
    let attrs = [
        "onclick",
        "onerror",
        "onload",
        "onmouseover",
        "ONERROR",
        "style",
        "id",
        "name",
        "class",
        "formaction",
        "form",
        "xmlns",
        "xlink:href",
        "srcdoc",
        "data-x",
        "action",
        "background",
        "dynsrc",
        "lowsrc",
        "is",
        "target",
    ];
    for tag in tags {
        assert!(allowed_attributes(tag).iter().all(|a| !a.starts_with("on")));
        for attr in attrs {
            assert!(!attribute_allowed(tag, attr), "{tag} {attr}");
            assert_eq!(clean_attribute(tag, attr, "x"), None, "{tag} {attr}");
        }
    }
}

#[test]
fn attribute_values_are_checked() {
    assert_eq!(clean_attribute("img", "width", " 640 "), Some("640".into()));
    assert_eq!(clean_attribute("img", "width", "100%"), None);
    assert_eq!(clean_attribute("img", "height", "expression(1)"), None);
    assert_eq!(clean_attribute("td", "colspan", "2"), Some("2".into()));
    assert_eq!(clean_attribute("td", "scope", "COL"), Some("col".into()));
    assert_eq!(clean_attribute("td", "scope", "x"), None);
    assert_eq!(clean_attribute("ol", "start", "-3"), Some("-3".into()));
    assert_eq!(clean_attribute("ol", "start", "3a"), None);
    assert_eq!(
        clean_attribute("ol", "reversed", "whatever"),
        Some(String::new())
    );
    assert_eq!(clean_attribute("ol", "type", "i"), Some("i".into()));
    assert_eq!(clean_attribute("ol", "type", "disc"), None);
    assert_eq!(
        clean_attribute("img", "alt", "Ảnh: \"<b>\" & cầu Rồng"),
        Some("Ảnh: \"<b>\" & cầu Rồng".into())
    );
    assert_eq!(
        clean_attribute("a", "href", "  https://vnexpress.net/a.html "),
        Some("https://vnexpress.net/a.html".into())
    );
    assert_eq!(clean_attribute("a", "href", "javascript:alert(1)"), None);
    assert_eq!(
        clean_attribute("img", "src", "data:image/png;base64,AAAA"),
        None
    );
    assert_eq!(
        clean_attribute("blockquote", "cite", "vbscript:msgbox"),
        None
    );
}

#[test]
fn allowed_urls() {
    for url in [
        "http://example.com/",
        "https://example.com/a?b=c#d",
        "HTTPS://EXAMPLE.COM",
        "mailto:toasoan@bantin.vn",
        "MailTo:x@y.z",
        "/bai/1",
        "bai/1",
        "./a.jpg",
        "../a.jpg",
        "?page=2",
        "#muc-1",
        "//cdn.example.com/a.jpg",
        "",
        "a/b:c",
        "tin-tuc/2024/x.html?q=a:b",
        "  https://example.com  ",
        "\u{1}https://example.com",
    ] {
        assert!(url_allowed(url), "{url:?}");
    }
}

#[test]
fn refused_urls() {
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "\u{0}javascript:alert(1)",
        "\u{1f}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        "jav\u{0}ascript:alert(1)",
        "\tjavascript:alert(1)",
        "javascript\t:alert(1)",
        // `&#106;avascript:` and friends, decoded by the HTML parser before we see it:
        "javascript:alert(1)",
        "javascript&colon;alert(1)".replace("&colon;", ":").as_str(),
        "data:text/html,<script>alert(1)</script>",
        "DATA:image/svg+xml;base64,PHN2Zz4=",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "blob:https://example.com/uuid",
        "file:///etc/passwd",
        "ftp://example.com/",
        "livescript:alert(1)",
        "jar:file:x!/",
        "view-source:https://example.com",
        "java script:alert(1)",
        "x:y",
    ] {
        assert!(!url_allowed(url), "{url:?}");
        assert_eq!(clean_url(url), None, "{url:?}");
    }
}

#[test]
fn urls_are_normalized_like_the_browser_does() {
    assert_eq!(normalize_url("  https://a.vn/x  "), "https://a.vn/x");
    assert_eq!(normalize_url("ht\ttp://a.vn/\nx"), "http://a.vn/x");
    assert_eq!(normalize_url("\u{0}/a"), "/a");
    // Non-ASCII text is kept (Vietnamese slugs, IDN hosts).
    assert_eq!(normalize_url("/tin/cầu-rồng"), "/tin/cầu-rồng");
    assert_eq!(clean_url(" /a\tb "), Some("/ab".into()));
}

#[test]
fn srcset_keeps_only_safe_candidates() {
    assert_eq!(
        clean_srcset("a.jpg 1x, https://cdn.vn/b.jpg 2x"),
        Some("a.jpg 1x, https://cdn.vn/b.jpg 2x".into())
    );
    assert_eq!(
        clean_srcset(" /s.jpg 320w ,/m.jpg   640w,/l.jpg 1.5x "),
        Some("/s.jpg 320w, /m.jpg 640w, /l.jpg 1.5x".into())
    );
    assert_eq!(clean_srcset("only.jpg"), Some("only.jpg".into()));
    assert_eq!(
        clean_srcset("a.jpg,, b.jpg 2x"),
        Some("a.jpg, b.jpg 2x".into())
    );
    assert_eq!(clean_srcset("a.jpg 1x, javascript:alert(1) 2x"), None);
    assert_eq!(clean_srcset("data:image/png;base64,AAAA 1x"), None);
    assert_eq!(
        clean_srcset("a.jpg 1x, data:image/svg+xml,<svg onload=alert(1)> 2x"),
        None
    );
    assert_eq!(clean_srcset("JaVaScRiPt:alert(1)"), None);
    assert_eq!(clean_srcset("a.jpg 1x onerror=alert(1)"), None);
    assert_eq!(clean_srcset("a.jpg (x)"), None);
    assert_eq!(clean_srcset(""), None);
    assert_eq!(clean_srcset(" , "), None);
    assert_eq!(
        clean_attribute("img", "srcset", "a.jpg 2x"),
        Some("a.jpg 2x".into())
    );
    // Every URL left in an accepted srcset passes the URL check.
    let cleaned = clean_srcset("https://a.vn/1.jpg 1x, /2.jpg 2x").unwrap_or_default();
    for candidate in cleaned.split(", ") {
        let url = candidate.split(' ').next().unwrap_or_default();
        assert!(url_allowed(url), "{url}");
    }
}

#[test]
fn external_links() {
    let page = "https://bantin.vn";
    assert!(is_external_link("https://vnexpress.net/a", page));
    assert!(is_external_link("http://bantin.vn/a", page));
    assert!(is_external_link("//cdn.example.com/x", page));
    assert!(is_external_link("https://bantin.vn.evil.com/", page));
    assert!(is_external_link("https://bantin.vn@evil.com/", page));
    assert!(!is_external_link("https://bantin.vn/bai/1", page));
    assert!(!is_external_link("HTTPS://BANTIN.VN:443/bai/1", page));
    assert!(!is_external_link("https://user@bantin.vn/", page));
    assert!(!is_external_link("//bantin.vn/x", page));
    assert!(!is_external_link("/bai/1", page));
    assert!(!is_external_link("bai/1", page));
    assert!(!is_external_link("#a", page));
    assert!(!is_external_link("mailto:a@b.vn", page));
    assert!(is_external_link(
        "http://127.0.0.1:8081/",
        "http://127.0.0.1:8080"
    ));
    assert!(!is_external_link(
        "http://127.0.0.1:8080/x",
        "http://127.0.0.1:8080"
    ));
    // No usable origin (file://, sandboxed): every absolute link is external.
    assert!(is_external_link("https://bantin.vn/", "null"));
}

#[test]
fn plain_text_helpers() {
    assert_eq!(collapse_whitespace("  a \n\t b\u{a0}c  "), "a b c");
    assert_eq!(collapse_whitespace("Hà Nội  mùa thu"), "Hà Nội mùa thu");
    assert_eq!(collapse_whitespace(" \n "), "");
    assert!(is_block("p"));
    assert!(is_block("li"));
    assert!(is_block("br"));
    assert!(!is_block("a"));
    assert!(!is_block("strong"));
}

#[test]
fn srcset_urls_with_commas_are_one_url_and_checked_whole() {
    // The browser reads a URL up to whitespace, commas included: this is one
    // candidate, which a later split on every comma turned into a
    // `javascript:` one. Refused whole, however it is split.
    for hostile in [
        "https://a.vn/x.jpg,javascript:alert(1) 2x",
        "https://a.vn/x.jpg,javascript:alert(1)",
        "https://a.vn/x.jpg,data:image/svg+xml,<svg/onload=alert(1)> 1x",
        "/x.jpg,blob:https://a.vn/1 2x",
        "/x.jpg 1x,JaVa\tScRiPt:alert(1) 2x",
        "https://a.vn/x.jpg 1x, https://a.vn/y.jpg,vbscript:msgbox 2x",
        ",javascript:alert(1)",
    ] {
        assert_eq!(clean_srcset(hostile), None, "{hostile:?}");
        assert_eq!(
            clean_srcset_with(hostile, &|u| Some(format!("https://cdn.vn/{u}"))),
            None,
            "{hostile:?}"
        );
    }
    // Commas inside a real CDN URL are fine, and stay one candidate.
    assert_eq!(
        clean_srcset(
            "https://res.cdn.vn/w_300,h_200/a.jpg 300w, https://res.cdn.vn/w_600,h_400/a.jpg 600w"
        ),
        Some(
            "https://res.cdn.vn/w_300,h_200/a.jpg 300w, https://res.cdn.vn/w_600,h_400/a.jpg 600w"
                .into()
        )
    );
}

#[test]
fn srcset_candidates_are_resolved_once_and_checked_after() {
    let resolve = |u: &str| -> Option<String> {
        u.starts_with('/')
            .then(|| format!("https://news.example{u}"))
            .or_else(|| (!u.contains(':')).then(|| format!("https://news.example/feeds/{u}")))
    };
    assert_eq!(
        clean_srcset_with("/a.jpg 1x, b.jpg 2x, https://cdn.vn/c.jpg 640w", &resolve),
        Some("https://news.example/a.jpg 1x, https://news.example/feeds/b.jpg 2x, https://cdn.vn/c.jpg 640w".into())
    );
    // A resolver that turns a URL into a refused one (never the browser's,
    // but the check does not rely on that) drops the attribute.
    assert_eq!(
        clean_srcset_with("a.jpg 1x", &|_| Some("javascript:alert(1)".into())),
        None
    );
    assert_eq!(
        clean_srcset_with("a.jpg 1x", &|_| Some("https://a.vn/x y.jpg".into())),
        None
    );
}

#[test]
fn reserved_image_boxes_are_bounded() {
    let dims = |w: &str, h: &str| clean_dimensions(Some(w), Some(h));
    let kept = |w: &str, h: &str| (Some(w.to_string()), Some(h.to_string()));
    assert_eq!(dims("1200", "800"), kept("1200", "800"));
    assert_eq!(dims("1000", "100"), kept("1000", "100"));
    assert_eq!(dims("100", "1000"), kept("100", "1000"));
    // Beyond 10:1 either way, or a zero: nothing reserved.
    assert_eq!(dims("1", "999999"), (None, None));
    assert_eq!(dims("999999", "1"), (None, None));
    assert_eq!(dims("100", "1001"), (None, None));
    assert_eq!(dims("0", "100"), (None, None));
    assert_eq!(dims("100", "0"), (None, None));
    // One alone reserves no shape; a bad one is dropped on its own.
    assert_eq!(
        clean_dimensions(Some("1"), None),
        (Some("1".to_string()), None)
    );
    assert_eq!(
        clean_dimensions(Some("50%"), Some("999999")),
        (None, Some("999999".to_string()))
    );
    assert_eq!(
        clean_dimensions(Some("9999999"), Some("1")),
        (None, Some("1".to_string()))
    );
}
