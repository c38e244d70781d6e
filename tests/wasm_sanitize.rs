//! The sanitizer in headless Chromium: every DOMPurify test vector, then our own
//! cases. Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm_sanitize`
//! (`.cargo/config.toml` sets wasm-bindgen-test-runner as the runner, `webdriver.json`
//! the Chromium flags). Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use bantin::sanitize::{
    insert_after_paragraph, plain_text, policy, sanitize, sanitize_to_html, sanitize_with_base,
    url_allowed,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Element};

wasm_bindgen_test_configure!(run_in_browser);

/// DOMPurify 3.4.14's `test/fixtures/expect.mjs` as JSON (see its README.md).
const DOMPURIFY: &str = include_str!("../../shared/testdata/dompurify/expect.json");

const BANNED: &[&str] = &[
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "svg",
    "math",
    "base",
    "meta",
    "link",
    "template",
    "noscript",
    "frame",
    "frameset",
    "applet",
    "audio",
    "video",
    "title",
    "image",
    "use",
    "animate",
    "set",
    "foreignobject",
    "isindex",
    "xmp",
    "plaintext",
    "marquee",
    "portal",
];

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "cite",
    "background",
    "poster",
    "data",
    "codebase",
    "lowsrc",
    "dynsrc",
];

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn container(doc: &Document) -> Element {
    let div = doc.create_element("div").expect("a div");
    doc.body()
        .expect("a body")
        .append_child(&div)
        .expect("container appended");
    div
}

fn eval(js: &str) -> JsValue {
    js_sys::eval(js).expect("eval")
}

fn flag(name: &str) -> JsValue {
    js_sys::Reflect::get(&web_sys::window().expect("window"), &name.into()).expect("flag")
}

async fn sleep(ms: i32) {
    let promise: js_sys::Promise = eval(&format!("new Promise(r => setTimeout(r, {ms}))"))
        .dyn_into()
        .expect("a promise");
    JsFuture::from(promise).await.expect("timeout");
}

/// Every element and attribute in `root` obeys the policy. Returns what it checked.
fn assert_clean(root: &Element, context: &str) -> usize {
    let all = root.query_selector_all("*").expect("querySelectorAll");
    for i in 0..all.length() {
        let el: Element = all.item(i).expect("item").dyn_into().expect("an element");
        let tag = el.local_name();
        assert_eq!(
            el.namespace_uri().as_deref(),
            Some("http://www.w3.org/1999/xhtml"),
            "foreign element <{tag}> survived: {context}"
        );
        assert!(
            !BANNED.contains(&tag.as_str()),
            "<{tag}> survived: {context}"
        );
        assert!(
            matches!(policy::element_action(&tag), policy::ElementAction::Keep(t) if t == tag),
            "<{tag}> is not an allowed output element: {context}"
        );
        let names = el.get_attribute_names();
        for j in 0..names.length() {
            let name = names
                .get(j)
                .as_string()
                .expect("a name")
                .to_ascii_lowercase();
            let value = el.get_attribute(&name).unwrap_or_default();
            assert!(
                !name.starts_with("on"),
                "<{tag} {name}> survived: {context}"
            );
            assert!(
                !matches!(
                    name.as_str(),
                    "style" | "id" | "name" | "class" | "is" | "srcdoc"
                ),
                "<{tag} {name}> survived: {context}"
            );
            assert!(
                !name.starts_with("data-") && !name.starts_with("xmlns") && !name.contains(':'),
                "<{tag} {name}> survived: {context}"
            );
            let added = matches!(
                (tag.as_str(), name.as_str()),
                ("a", "rel" | "target") | ("img", "loading" | "decoding")
            );
            assert!(
                added || policy::attribute_allowed(&tag, &name),
                "<{tag} {name}> is not allowed: {context}"
            );
            // Independent of the policy's own URL check: no script-capable scheme
            // anywhere in a value (also catches srcset candidates).
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:", "blob:", "file:"] {
                assert!(
                    name == "alt" || name == "title" || !squashed.contains(scheme),
                    "<{tag} {name}={value:?}>: {context}"
                );
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                assert!(url_allowed(&value), "<{tag} {name}={value:?}>: {context}");
            }
            if name == "srcset" {
                for candidate in value.split(", ") {
                    let url = candidate.split(' ').next().unwrap_or_default();
                    assert!(url_allowed(url), "<{tag} srcset={value:?}>: {context}");
                }
            }
        }
    }
    all.length() as usize
}

#[wasm_bindgen_test]
async fn dompurify_vectors_are_harmless() {
    let vectors: Vec<serde_json::Value> = serde_json::from_str(DOMPURIFY).expect("expect.json");
    assert!(vectors.len() > 200, "only {} vectors", vectors.len());
    // DOMPurify's own harness: alert and friends set a flag instead.
    eval(
        "window.__xss = false; \
         window.alert = window.confirm = window.prompt = function () { window.__xss = true; };",
    );
    let doc = document();
    let root = container(&doc);
    let mut ran = 0;
    for (i, vector) in vectors.iter().enumerate() {
        let payload = vector["payload"].as_str().expect("a payload");
        let context = format!(
            "vector {i} ({}): {payload}",
            vector["title"].as_str().unwrap_or("untitled")
        );
        let holder = doc.create_element("div").expect("a div");
        root.append_child(&holder).expect("holder appended");
        let fragment = sanitize(payload).unwrap_or_else(|e| panic!("{e}: {context}"));
        holder.append_child(&fragment).expect("fragment appended");
        assert_clean(&holder, &context);

        // The serialised form (saved articles) is just as clean once parsed again.
        let stored = sanitize_to_html(payload).unwrap_or_else(|e| panic!("{e}: {context}"));
        let reparsed = doc.create_element("template").expect("a template");
        reparsed.set_inner_html(&stored);
        let inert: web_sys::HtmlTemplateElement = reparsed.dyn_into().expect("template");
        let check = doc.create_element("div").expect("a div");
        check
            .append_child(&inert.content())
            .expect("content appended");
        assert_clean(&check, &format!("stored form of {context}"));
        // And sanitizing the stored form again changes nothing (a stable fixpoint).
        assert_eq!(
            sanitize_to_html(&stored).expect("re-sanitize"),
            stored,
            "not stable: {context}"
        );

        let _ = plain_text(payload);
        ran += 1;
    }
    assert_eq!(ran, vectors.len());
    // Give error/load handlers and timers a chance to fire: wait until a control
    // image, inserted unsanitized after all payloads, has run its onerror handler
    // (a few milliseconds), plus a little more.
    let control = doc.create_element("div").expect("a div");
    control.set_inner_html(r#"<img src="x-control.png" onerror="window.__control = true">"#);
    root.append_child(&control).expect("control appended");
    let mut waited = 0;
    while flag("__control") != JsValue::TRUE && waited < 3000 {
        sleep(10).await;
        waited += 10;
    }
    sleep(50).await;
    assert_eq!(
        flag("__control"),
        JsValue::TRUE,
        "the control handler never ran"
    );
    assert_eq!(flag("__xss"), JsValue::FALSE, "a payload executed");
    // And the hook itself works.
    eval("alert(1)");
    assert_eq!(
        flag("__xss"),
        JsValue::TRUE,
        "the alert hook is not installed"
    );
    eval("window.__xss = false");
    wasm_bindgen_test::console_log!("{ran} DOMPurify vectors sanitized and checked");
    root.remove();
}

const ARTICLE: &str = r#"
<h1>Đà Nẵng: cầu Rồng phun lửa dịp cuối tuần</h1>
<p>Tối thứ Bảy, hàng nghìn người dân và du khách đã đổ về hai bên bờ sông Hàn.</p>
<figure class="image" style="width:100%">
  <img src="https://cdn.example.vn/cau-rong.jpg" alt="Cầu Rồng phun lửa" width="1200" height="800"
       srcset="https://cdn.example.vn/cau-rong-600.jpg 600w, https://cdn.example.vn/cau-rong.jpg 1200w"
       onerror="alert(1)">
  <figcaption>Cầu Rồng phun lửa lúc 21 giờ. Ảnh: <em>Nguyễn Đông</em></figcaption>
</figure>
<p>Theo Sở Văn hóa, <a href="https://vnexpress.net/cau-rong" onclick="alert(2)">lịch phun lửa</a>
   được duy trì vào <strong>tối thứ Bảy</strong> và <b>Chủ nhật</b> hằng tuần.</p>
<table>
  <caption>Lịch phun lửa</caption>
  <thead><tr><th scope="col">Ngày</th><th scope="col">Giờ</th></tr></thead>
  <tbody><tr><td>Thứ Bảy</td><td rowspan="2" style="color:red">21:00</td></tr>
         <tr><td>Chủ nhật</td></tr></tbody>
</table>
<p>Xem thêm <a href="/bai/cau-song-han">cầu sông Hàn quay</a> và
   <a href="javascript:alert(3)">đường dây nóng</a>, hoặc gửi thư tới
   <a href="mailto:toasoan@bantin.vn">tòa soạn</a>.</p>
<ul><li><p>Đoạn trong danh sách</p></li></ul>
<blockquote cite="https://example.vn/nguon"><p>Đoạn trích dẫn.</p></blockquote>
<p>Đoạn cuối — Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ề ổ ữ ự đ Đ.</p>
<script>alert(4)</script>
"#;

fn sanitized(html: &str) -> Element {
    let doc = document();
    let root = container(&doc);
    root.append_child(&sanitize(html).expect("sanitize"))
        .expect("appended");
    root
}

fn select(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

fn text(el: &Element) -> String {
    policy::collapse_whitespace(&el.text_content().unwrap_or_default())
}

#[wasm_bindgen_test]
fn article_keeps_structure_and_text() {
    let root = sanitized(ARTICLE);
    assert_clean(&root, "article");
    assert!(select(&root, "h1").is_empty());
    let h2 = select(&root, "h2");
    assert_eq!(h2.len(), 1);
    assert_eq!(text(&h2[0]), "Đà Nẵng: cầu Rồng phun lửa dịp cuối tuần");
    assert_eq!(select(&root, ":scope > p").len(), 4);
    assert_eq!(select(&root, "figure > img").len(), 1);
    assert_eq!(
        text(&select(&root, "figure > figcaption")[0]),
        "Cầu Rồng phun lửa lúc 21 giờ. Ảnh: Nguyễn Đông"
    );
    assert_eq!(select(&root, "figcaption em").len(), 1);
    assert_eq!(select(&root, "table > caption").len(), 1);
    assert_eq!(select(&root, "table > thead > tr > th[scope=col]").len(), 2);
    assert_eq!(select(&root, "table > tbody > tr").len(), 2);
    let td = select(&root, "td[rowspan='2']");
    assert_eq!(td.len(), 1);
    assert!(td[0].get_attribute("style").is_none());
    assert_eq!(select(&root, "ul > li > p").len(), 1);
    assert_eq!(
        select(&root, "blockquote")[0]
            .get_attribute("cite")
            .as_deref(),
        Some("https://example.vn/nguon")
    );
    assert!(select(&root, "[class], [style], script").is_empty());
    let all = text(&root);
    assert!(all.contains("Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ề ổ ữ ự đ Đ."));
    assert!(all.contains("tối thứ Bảy và Chủ nhật hằng tuần"));
    assert!(!all.contains("alert(4)"));
    root.remove();
}

#[wasm_bindgen_test]
fn links_get_rel_and_external_ones_a_new_tab() {
    let root = sanitized(ARTICLE);
    let links = select(&root, "a");
    assert_eq!(links.len(), 4);
    let by_text = |t: &str| {
        links
            .iter()
            .find(|a| text(a) == t)
            .unwrap_or_else(|| panic!("link {t}"))
    };
    let external = by_text("lịch phun lửa");
    assert_eq!(
        external.get_attribute("href").as_deref(),
        Some("https://vnexpress.net/cau-rong")
    );
    assert_eq!(
        external.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(external.get_attribute("target").as_deref(), Some("_blank"));
    assert!(external.get_attribute("onclick").is_none());

    let internal = by_text("cầu sông Hàn quay");
    assert_eq!(
        internal.get_attribute("href").as_deref(),
        Some("/bai/cau-song-han")
    );
    assert_eq!(internal.get_attribute("target"), None);
    assert_eq!(
        internal.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );

    let script = by_text("đường dây nóng");
    assert_eq!(script.get_attribute("href"), None);
    assert_eq!(script.get_attribute("rel"), None);

    let mail = by_text("tòa soạn");
    assert_eq!(
        mail.get_attribute("href").as_deref(),
        Some("mailto:toasoan@bantin.vn")
    );
    assert_eq!(mail.get_attribute("target"), None);

    // Same origin as the test page, written absolute: stays in this tab.
    let origin = web_sys::window()
        .expect("window")
        .location()
        .origin()
        .expect("origin");
    let same = sanitized(&format!(r#"<a href="{origin}/bai/1">x</a>"#));
    let a = select(&same, "a");
    assert_eq!(a[0].get_attribute("target"), None);
    root.remove();
    same.remove();
}

#[wasm_bindgen_test]
fn images_are_lazy_with_their_box() {
    let root = sanitized(ARTICLE);
    let img = select(&root, "img");
    assert_eq!(img.len(), 1);
    let img = &img[0];
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(img.get_attribute("decoding").as_deref(), Some("async"));
    assert_eq!(img.get_attribute("width").as_deref(), Some("1200"));
    assert_eq!(img.get_attribute("height").as_deref(), Some("800"));
    assert_eq!(
        img.get_attribute("alt").as_deref(),
        Some("Cầu Rồng phun lửa")
    );
    assert_eq!(
        img.get_attribute("srcset").as_deref(),
        Some("https://cdn.example.vn/cau-rong-600.jpg 600w, https://cdn.example.vn/cau-rong.jpg 1200w")
    );
    assert!(img.get_attribute("onerror").is_none());

    let bad = sanitized(
        r#"<img src="data:image/svg+xml,<svg onload=alert(1)>" srcset="a.jpg 1x, javascript:alert(1) 2x" width="50%">"#,
    );
    let img = &select(&bad, "img")[0];
    assert_eq!(img.get_attribute("src"), None);
    assert_eq!(img.get_attribute("srcset"), None);
    assert_eq!(img.get_attribute("width"), None);
    root.remove();
    bad.remove();
}

fn marker(doc: &Document) -> web_sys::Node {
    let aside = doc.create_element("aside").expect("aside");
    aside.set_attribute("class", "ad").expect("class");
    aside.into()
}

#[wasm_bindgen_test]
fn insert_after_paragraph_positions() {
    let doc = document();
    let html = "<p>1</p><figure><p>in figure</p></figure><p>2</p>\
                <table><tr><td><p>in table</p></td></tr></table>\
                <ul><li><p>in list</p></li></ul><div><p>3</p></div><p>4</p>";
    let fragment = sanitize(html).expect("sanitize");
    let root = container(&doc);
    root.append_child(&fragment).expect("appended");

    let after = |n: usize| -> Option<String> {
        let ad = marker(&doc);
        if !insert_after_paragraph(&root, n, &ad) {
            return None;
        }
        let prev = ad
            .previous_sibling()
            .and_then(|p| p.text_content())
            .unwrap_or_default();
        let parent = ad.parent_node().map(|p| p.node_name()).unwrap_or_default();
        ad.parent_node()
            .and_then(|p| p.remove_child(&ad).ok())
            .expect("removed");
        Some(format!("{parent}:{prev}"))
    };
    assert_eq!(after(1).as_deref(), Some("DIV:1"));
    assert_eq!(after(2).as_deref(), Some("DIV:2"));
    assert_eq!(after(3).as_deref(), Some("DIV:3")); // inside the plain wrapper div
    assert_eq!(after(4).as_deref(), Some("DIV:4"));
    assert_eq!(after(5), None);
    assert_eq!(after(100), None);
    // n == 0: before everything.
    let ad = marker(&doc);
    assert!(insert_after_paragraph(&root, 0, &ad));
    assert!(root
        .first_child()
        .is_some_and(|c| c.is_same_node(Some(&ad))));
    ad.parent_node()
        .and_then(|p| p.remove_child(&ad).ok())
        .expect("removed");
    // Never inside figure, table or list.
    assert!(select(&root, "figure .ad, table .ad, ul .ad").is_empty());
    root.remove();

    // On the fragment itself, before it is attached; the ad goes in with it.
    let fragment = sanitize("<p>a</p><p>b</p><p>c</p>").expect("sanitize");
    let ad = marker(&doc);
    assert!(insert_after_paragraph(&fragment, 2, &ad));
    let root = container(&doc);
    root.append_child(&fragment).expect("appended");
    assert_eq!(
        root.inner_html(),
        "<p>a</p><p>b</p><aside class=\"ad\"></aside><p>c</p>"
    );
    assert!(!insert_after_paragraph(&root, 4, &marker(&doc)));
    root.remove();
}

#[wasm_bindgen_test]
fn stored_html_and_plain_text() {
    let stored = sanitize_to_html(ARTICLE).expect("to html");
    assert!(stored.starts_with("<h2>Đà Nẵng: cầu Rồng phun lửa dịp cuối tuần</h2>"));
    assert!(stored.contains("loading=\"lazy\""));
    assert!(stored.contains("rel=\"noopener noreferrer\""));
    assert!(!stored.contains("script"));
    assert!(!stored.contains("onerror"));
    assert!(!stored.contains("style="));
    assert_eq!(sanitize_to_html(&stored).expect("again"), stored);

    assert_eq!(
        plain_text("<p>Hà&nbsp;Nội &amp; <b>TP.HCM</b></p><p>mưa&#32;lớn</p><script>alert(1)</script><style>p{}</style>"),
        "Hà Nội & TP.HCM mưa lớn"
    );
    assert_eq!(plain_text(""), "");
    assert_eq!(plain_text("<svg><text>x</text></svg> chỉ chữ"), "x chỉ chữ");
    assert_eq!(
        plain_text("<svg><title>t</title><desc>d</desc><style>s{}</style><text>x</text></svg>"),
        "x"
    );
    assert_eq!(plain_text("a<br>b<li>c"), "a b c");
}

#[wasm_bindgen_test]
fn edge_cases_do_not_fail() {
    for html in [
        "",
        "plain text only",
        "<frameset><frame src=javascript:alert(1)></frameset>",
        "<!-- only a comment -->",
        "<html><head><base href=javascript:/><meta http-equiv=refresh content=0></head><body><p>x</p></body></html>",
        "<table><td>unclosed",
        "<a href=\"https://a.vn\"><a href=\"https://b.vn\">nested</a></a>",
        "<p>unclosed <b>bold <i>italic",
        "<template><script>alert(1)</script></template><p>after</p>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    ] {
        let root = sanitized(html);
        assert_clean(&root, html);
        root.remove();
    }
    // Deep nesting is cut off rather than overflowing the stack.
    let deep = "<div>".repeat(5000) + "sâu" + &"</div>".repeat(5000);
    let root = sanitized(&deep);
    assert_clean(&root, "deep nesting");
    root.remove();
    let _ = plain_text(&deep);
    let _ = sanitize_to_html(&deep).expect("deep to html");
}

#[wasm_bindgen_test]
fn dom_clobbering_does_not_derail_the_walk() {
    for (html, expected) in [
        ("<img name=body><p>sau</p>", "<img loading=\"lazy\" decoding=\"async\"><p>sau</p>"),
        ("<img name=documentElement><img name=firstChild><p>sau</p>", "<img loading=\"lazy\" decoding=\"async\"><img loading=\"lazy\" decoding=\"async\"><p>sau</p>"),
        ("<img name=createTreeWalker><img id=createElement><p>sau</p>", "<img loading=\"lazy\" decoding=\"async\"><img loading=\"lazy\" decoding=\"async\"><p>sau</p>"),
        (
            "<form><input name=nodeType><input name=nextSibling><input name=firstChild>\
             <input name=localName><input name=namespaceURI><input name=getAttribute>\
             <img src=x onerror=alert(1)></form><p>sau</p>",
            "<img loading=\"lazy\" decoding=\"async\" src=\"x\"><p>sau</p>",
        ),
        ("<p>trước</p><form><input name=parentNode></form><p>sau</p>", "<p>trước</p><p>sau</p>"),
        ("<b><form><input name=nextSibling><p>trong</p></form></b><i>sau</i>", "<b><p>trong</p></b><i>sau</i>"),
    ] {
        let root = sanitized(html);
        assert_clean(&root, html);
        assert_eq!(root.inner_html(), expected, "{html}");
        assert_eq!(sanitize_to_html(html).expect("to html"), expected, "{html}");
        root.remove();
    }
    assert_eq!(
        plain_text("<form><input name=nodeType>x</form><img name=body> chữ"),
        "x chữ"
    );
}

/// DOMPurify's harness: `alert` and friends set `window.__xss`.
fn hook_alert() {
    eval(
        "window.__xss = false; \
         window.alert = window.confirm = window.prompt = function () { window.__xss = true; };",
    );
}

/// Waits until a control image's `onerror` has run (so would a payload's), then
/// asserts that no payload called the hook.
async fn assert_nothing_ran(root: &Element, context: &str) {
    let doc = document();
    let control = doc.create_element("div").expect("a div");
    control.set_inner_html(r#"<img src="x-control-2.png" onerror="window.__control2 = true">"#);
    root.append_child(&control).expect("control appended");
    let mut waited = 0;
    while flag("__control2") != JsValue::TRUE && waited < 3000 {
        sleep(10).await;
        waited += 10;
    }
    sleep(50).await;
    assert_eq!(flag("__control2"), JsValue::TRUE, "the control never ran");
    assert_eq!(
        flag("__xss"),
        JsValue::FALSE,
        "a payload executed: {context}"
    );
    control.remove();
    eval("window.__control2 = false");
}

/// Not kept, but holding the article: left unclosed, the parser puts the rest
/// of the body inside them. Dropping them whole lost every paragraph after.
const UNCLOSED_BUT_UNWRAPPED: &[&str] = &[
    "<svg>",
    "<svg><foreignObject>",
    "<svg><g><text>",
    "<svg><a href=javascript:alert(1)>",
    "<math>",
    "<math><mtext>",
    "<math><mi>",
    "<form>",
    "<form action=javascript:alert(1)><fieldset><legend>",
    "<button onclick=alert(1)>",
    "<output>",
    "<slot>",
    "<label>",
    "<font color=red>",
    "<marquee onstart=alert(1)>",
    "<my-widget onclick=alert(1)>",
    "<details open><summary>",
    // Void (nothing to leave unclosed), dropped.
    "<input autofocus onfocus=alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<keygen>",
    "<img src=x onerror=alert(1)>",
];

/// Dropped with their content, which is code or not meant to be shown: what
/// follows one left unclosed is part of it and goes too, and never runs.
const UNCLOSED_AND_DROPPED: &[&str] = &[
    "<script>",
    "<style>",
    "<template>",
    "<iframe>",
    "<object data=javascript:alert(1)>",
    "<noscript>",
    "<select>",
    "<textarea>",
    "<noembed>",
    "<noframes>",
    "<title>",
    "<audio src=x onerror=alert(1)>",
    "<video src=x onerror=alert(1)>",
    "<canvas>",
    "<dialog>",
];

#[wasm_bindgen_test]
async fn an_unclosed_element_costs_that_element_not_the_rest_of_the_article() {
    hook_alert();
    let payload =
        "<img src=x onerror=alert(1)><svg onload=alert(1)></svg><script>alert(1)</script>";
    let mut checked = 0;
    for opening in UNCLOSED_BUT_UNWRAPPED {
        let html = format!(
            "<p>Đoạn đầu.</p>{opening}chữ bên trong {payload}<p>Đoạn giữa.</p><p>Đoạn cuối cùng.</p>"
        );
        for stored in [false, true] {
            let root = if stored {
                let root = container(&document());
                let template = document().create_element("template").expect("template");
                template.set_inner_html(&sanitize_to_html(&html).expect("to html"));
                let t: web_sys::HtmlTemplateElement = template.dyn_into().expect("template");
                root.append_child(&t.content()).expect("appended");
                root
            } else {
                sanitized(&html)
            };
            assert_clean(&root, &html);
            let paragraphs: Vec<String> = select(&root, "p").iter().map(text).collect();
            assert!(
                paragraphs.iter().any(|p| p == "Đoạn cuối cùng."),
                "{html}: the last paragraph is lost ({paragraphs:?})"
            );
            assert!(paragraphs.iter().any(|p| p == "Đoạn giữa."), "{html}");
            assert_eq!(paragraphs.first().map(String::as_str), Some("Đoạn đầu."));
            let all = text(&root);
            assert!(all.contains("chữ bên trong"), "{html}: {all}");
            assert!(!all.contains("alert"), "{html}: {all}");
            assert_nothing_ran(&root, &html).await;
            root.remove();
            checked += 1;
        }
    }
    for opening in UNCLOSED_AND_DROPPED {
        let html = format!("<p>Đoạn đầu.</p>{opening}{payload}<p>Đoạn cuối cùng.</p>");
        let root = sanitized(&html);
        assert_clean(&root, &html);
        assert_eq!(
            select(&root, "p").first().map(text).as_deref(),
            Some("Đoạn đầu."),
            "{html}"
        );
        assert!(!text(&root).contains("alert"), "{html}");
        assert_nothing_ran(&root, &html).await;
        root.remove();
        // Closed, the element goes and the paragraph after it stays.
        let tag = opening
            .trim_start_matches('<')
            .split([' ', '>'])
            .next()
            .unwrap_or_default();
        let closed = format!("<p>Đoạn đầu.</p>{opening}x</{tag}><p>Đoạn cuối cùng.</p>");
        let root = sanitized(&closed);
        assert_eq!(text(&root), "Đoạn đầu.Đoạn cuối cùng.", "{closed}");
        root.remove();
        checked += 1;
    }
    wasm_bindgen_test::console_log!("{checked} unclosed-element bodies checked");
}

const FEED_PAGE: &str = "https://news.example/feeds/feed.json";

#[wasm_bindgen_test]
fn hostile_srcsets_never_reach_the_page() {
    for srcset in [
        // One URL to the browser; resolving used to re-split it on every comma.
        "https://a.vn/x.jpg,javascript:alert(1) 2x",
        "https://a.vn/x.jpg,javascript:alert(1)",
        "/x.jpg,data:image/svg+xml,<svg/onload=alert(1)> 1x",
        "x.jpg 1x,blob:https://a.vn/1 2x",
        "x.jpg 1x, https://a.vn/y.jpg,vbscript:msgbox(1) 2x",
        "javascript:alert(1) 1x",
        "x.jpg 1x, data:image/png;base64,AAAA 2x",
        "x.jpg 1x,\tjava\tscript:alert(1) 2x",
    ] {
        let html = format!(
            r#"<img src="a.jpg" srcset="{srcset}"><picture><source srcset="{srcset}"><img></picture>"#
        );
        for base in [None, Some(FEED_PAGE)] {
            let doc = document();
            let root = container(&doc);
            root.append_child(&sanitize_with_base(&html, base).expect("sanitize"))
                .expect("appended");
            assert_clean(&root, &html);
            let kept: Vec<_> = select(&root, "[srcset]")
                .iter()
                .map(|el| el.get_attribute("srcset"))
                .collect();
            assert!(
                kept.is_empty(),
                "{html} ({base:?}): srcset kept as {kept:?}"
            );
            root.remove();
        }
    }
    // Good candidates are resolved against the feed page, once each; commas
    // inside a CDN URL stay inside it.
    let root = container(&document());
    root.append_child(
        &sanitize_with_base(
            r#"<img srcset="/a.jpg 1x, b.jpg 2x, https://res.cdn.vn/w_300,h_200/c.jpg 300w">"#,
            Some(FEED_PAGE),
        )
        .expect("sanitize"),
    )
    .expect("appended");
    assert_eq!(
        select(&root, "img")[0].get_attribute("srcset").as_deref(),
        Some("https://news.example/a.jpg 1x, https://news.example/feeds/b.jpg 2x, https://res.cdn.vn/w_300,h_200/c.jpg 300w")
    );
    root.remove();
}

#[wasm_bindgen_test]
fn an_absurd_image_box_is_not_reserved() {
    let root = sanitized(
        r#"<img src="a.jpg" width="1" height="999999"><img src="b.jpg" width="999999" height="1">
           <picture><source srcset="c.jpg" width="1" height="999999"><img src="c.jpg" width="800" height="600"></picture>
           <img src="d.jpg" width="0" height="600">"#,
    );
    assert_clean(&root, "absurd boxes");
    let imgs = select(&root, "img, source");
    assert_eq!(imgs.len(), 5);
    for (i, el) in imgs.iter().enumerate() {
        let w = el.get_attribute("width");
        let h = el.get_attribute("height");
        if i == 3 {
            assert_eq!((w.as_deref(), h.as_deref()), (Some("800"), Some("600")));
        } else {
            assert_eq!((w.as_deref(), h.as_deref()), (None, None), "element {i}");
        }
    }
    root.remove();
}
