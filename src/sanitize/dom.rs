//! The sanitizer's browser half: parse article HTML with `DOMParser` into an inert
//! document (scripts do not run, images do not load, handlers never fire), walk it
//! with the allow-list in `policy.rs`, and build a fresh tree with
//! `createElement` / `createTextNode`, copying only allowed attributes. Nothing is
//! ever assigned through `innerHTML`, so there is no serialise-and-reparse step for
//! mutation XSS to hide in. A few KB of wasm, against hundreds for html5ever/ammonia.
//!
//! web-sys compiles on every target, but these functions need a browser: natively
//! they fail (or panic inside wasm-bindgen's stubs), so only wasm tests call them.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Document, DocumentFragment, DomParser, Element, HtmlFormElement, Node, Text, TreeWalker,
};

use super::policy::{self, ElementAction};

const XHTML: &str = "http://www.w3.org/1999/xhtml";
/// `NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT`: comments, processing
/// instructions and doctypes are never even visited.
const SHOW_ELEMENTS_AND_TEXT: u32 = 0x1 | 0x4;
/// The step named when the tree walker fails.
const WALK: &str = "duyệt tài liệu";

/// Why article HTML could not be sanitized (the caller shows the summary or a
/// message instead; nothing unsanitized is ever shown).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SanitizeError {
    /// No `window` / `document` (not running in a page).
    #[error("không có trang để hiển thị bài viết (no document)")]
    NoDocument,
    /// A DOM call failed; names the step.
    #[error("trình duyệt không xử lý được nội dung bài viết ({0})")]
    Dom(&'static str),
}

fn fail(step: &'static str) -> impl FnOnce(JsValue) -> SanitizeError {
    move |_| SanitizeError::Dom(step)
}

fn page_document() -> Result<Document, SanitizeError> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or(SanitizeError::NoDocument)
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The Trusted Types policy named `bantin` (docs/embed.md): under
/// `require-trusted-types-for 'script'`, `parseFromString` takes only
/// TrustedHTML. It passes the string through unchanged, and its one caller is
/// `inert_document`: the parsed document is only read by the walk below, never
/// attached to the page. `None` where the browser has no Trusted Types, or the
/// page's `trusted-types` directive does not allow the name.
fn trusted_types_policy() -> Option<JsValue> {
    use crate::platform::{js_call, js_get};
    let factory = js_get(&web_sys::window()?.into(), "trustedTypes");
    if factory.is_undefined() {
        return None;
    }
    let rules = js_sys::Object::new();
    let pass = wasm_bindgen::closure::Closure::<dyn Fn(JsValue) -> JsValue>::new(|s| s);
    js_sys::Reflect::set(&rules, &"createHTML".into(), &pass.into_js_value()).ok()?;
    js_call(&factory, "createPolicy", &["bantin".into(), rules.into()])
}

thread_local! {
    static POLICY: Option<JsValue> = trusted_types_policy();
}

fn inert_document(html: &str) -> Result<Document, SanitizeError> {
    let parser = DomParser::new().map_err(fail("tạo DOMParser"))?;
    // Nothing a strict policy would report while parsing (super::defuse).
    let html = super::defuse(html);
    let html = html.as_str();
    let trusted = POLICY
        .with(|p| crate::platform::js_call(p.as_ref()?, "createHTML", &[html.into()]))
        .unwrap_or_else(|| html.into());
    crate::platform::js_call(&parser, "parseFromString", &[trusted, "text/html".into()])
        .and_then(|d| d.dyn_into().ok())
        .ok_or(SanitizeError::Dom("phân tích HTML"))
}

/// Parses `html` into an inert document and returns a walker standing on its
/// `<body>` (`None` when the document has a `<frameset>` instead: no article text).
///
/// DOM clobbering: in the parsed document, `<img name=body>` shadows
/// `document.body` and `<form><input name=nodeType>` shadows `form.nodeType`,
/// `form.firstChild`, `form.nextSibling`… So the walk never reads tree properties
/// from parsed nodes: a `TreeWalker` made by the *page's* document (whose content
/// has no `id`/`name`, this sanitizer drops them) moves through the tree, and
/// `<form>` elements — the only clobberable elements — are recognised with
/// `instanceof` and unwrapped without any of their properties being read.
///
/// Strict CSP with Trusted Types (embedding issue): `parseFromString` is a
/// TrustedHTML sink; the app's policy may pass the string through unchanged, since
/// the parsed document is only ever read by this walk, never attached.
fn parse(page: &Document, html: &str) -> Result<Option<TreeWalker>, SanitizeError> {
    let inert = inert_document(html)?;
    let walker = page
        .create_tree_walker_with_what_to_show(&inert, SHOW_ELEMENTS_AND_TEXT)
        .map_err(fail(WALK))?;
    // document → <html> → its children (<head>, maybe text, <body> or <frameset>).
    if walker.first_child().map_err(fail(WALK))?.is_none() {
        return Ok(None);
    }
    let mut next = walker.first_child().map_err(fail(WALK))?;
    while let Some(node) = next {
        if matches!(classify(&node), Parsed::Html(el) if el.local_name() == "body") {
            return Ok(Some(walker));
        }
        next = walker.next_sibling().map_err(fail(WALK))?;
    }
    Ok(None)
}

/// A parsed node, as the walk treats it.
enum Parsed<'a> {
    Text(String),
    /// An HTML element whose properties are safe to read.
    Html(&'a Element),
    /// An SVG or MathML element: never kept; its name is safe to read.
    Foreign(&'a Element),
    /// A `<form>`, clobberable (`<input name=localName>` shadows its
    /// properties): recognised with `instanceof`, then never read, only unwrapped.
    Form,
    Other,
}

fn classify(node: &Node) -> Parsed<'_> {
    if node.is_instance_of::<Text>() {
        return node.node_value().map_or(Parsed::Other, Parsed::Text);
    }
    let Some(el) = node.dyn_ref::<Element>() else {
        return Parsed::Other;
    };
    if el.is_instance_of::<HtmlFormElement>() {
        Parsed::Form
    } else if el.namespace_uri().as_deref() == Some(XHTML) {
        Parsed::Html(el)
    } else {
        Parsed::Foreign(el)
    }
}

/// What to do with a node's element, for the walks: keep (HTML only), unwrap, drop.
fn action(parsed: &Parsed<'_>) -> ElementAction {
    match parsed {
        Parsed::Html(el) => policy::element_action(&el.local_name()),
        Parsed::Foreign(el) => policy::foreign_element_action(&el.local_name()),
        Parsed::Form => ElementAction::Unwrap,
        Parsed::Text(_) | Parsed::Other => ElementAction::Drop,
    }
}

/// Visits the children of the walker's current node, leaving it where it was.
fn each_child(
    walker: &TreeWalker,
    depth: usize,
    mut visit: impl FnMut(&Node) -> Result<(), SanitizeError>,
) -> Result<(), SanitizeError> {
    if depth >= policy::MAX_DEPTH {
        return Ok(());
    }
    let parent = walker.current_node();
    let mut next = walker.first_child().map_err(fail(WALK))?;
    while let Some(node) = next {
        visit(&node)?;
        next = walker.next_sibling().map_err(fail(WALK))?;
    }
    walker.set_current_node(&parent);
    Ok(())
}

struct Builder<'a> {
    walker: &'a TreeWalker,
    /// The document the clean nodes are created in.
    out: &'a Document,
    /// `location.origin` of the page, to tell external links apart.
    origin: String,
    /// Where the HTML came from (the feed page): relative URLs in it mean
    /// "relative to the publisher", not to bantin's own address.
    base: Option<&'a str>,
}

impl Builder<'_> {
    /// Makes a URL attribute absolute against the content's base (the value has
    /// already passed the policy; resolving cannot change its scheme to a
    /// dangerous one, and a failed resolution keeps the checked value).
    fn absolute(&self, attr: &str, value: String) -> String {
        match attr {
            "href" | "src" | "cite" if !value.starts_with('#') && !value.starts_with("mailto:") => {
                self.resolve(&value).unwrap_or(value)
            }
            _ => value,
        }
    }

    /// A URL made absolute against the content's base, when there is one and
    /// the result is a web URL.
    fn resolve(&self, url: &str) -> Option<String> {
        crate::platform::url::resolve(url, self.base?)
    }

    /// The cleaned value of an allowed attribute of `el`, URLs absolute. A
    /// `srcset` is split into candidates once, by the policy, which resolves
    /// and checks each; width and height are cleaned as a pair.
    fn attribute(&self, el: &Element, tag: &str, name: &str) -> Option<String> {
        match (tag, name) {
            (_, "srcset") => {
                policy::clean_srcset_with(&el.get_attribute(name)?, &|u| self.resolve(u))
            }
            ("img" | "source", "width" | "height") => {
                let (width, height) = policy::clean_dimensions(
                    el.get_attribute("width").as_deref(),
                    el.get_attribute("height").as_deref(),
                );
                if name == "width" {
                    width
                } else {
                    height
                }
            }
            _ => {
                let value = policy::clean_attribute(tag, name, &el.get_attribute(name)?)?;
                Some(self.absolute(name, value))
            }
        }
    }

    /// Copies the cleaned children of the walker's current node into `dst`.
    fn children(&self, dst: &Node, depth: usize) -> Result<(), SanitizeError> {
        each_child(self.walker, depth, |node| {
            let parsed = classify(node);
            match (&parsed, action(&parsed)) {
                (Parsed::Text(text), _) => {
                    let clean = self.out.create_text_node(text);
                    dst.append_child(&clean).map_err(fail("chèn chữ"))?;
                    Ok(())
                }
                (Parsed::Html(el), ElementAction::Keep(tag)) => self.element(el, tag, dst, depth),
                (_, ElementAction::Unwrap) => self.children(dst, depth + 1),
                _ => Ok(()),
            }
        })
    }

    fn element(
        &self,
        el: &Element,
        tag: &'static str,
        dst: &Node,
        depth: usize,
    ) -> Result<(), SanitizeError> {
        let clean = self.out.create_element(tag).map_err(fail("tạo phần tử"))?;
        let set = |name: &str, value: &str| {
            clean
                .set_attribute(name, value)
                .map_err(fail("đặt thuộc tính"))
        };
        if tag == "img" {
            // Before `src`, so the image is lazy from the start; width/height are
            // kept so CSS reserves the box (aspect-ratio) before the image arrives.
            set("loading", "lazy")?;
            set("decoding", "async")?;
        }
        for &name in policy::allowed_attributes(tag) {
            if let Some(value) = self.attribute(el, tag, name) {
                if tag == "a" && name == "href" {
                    set("rel", "noopener noreferrer")?;
                    if policy::is_external_link(&value, &self.origin) {
                        set("target", "_blank")?;
                    }
                }
                set(name, &value)?;
            }
        }
        self.children(&clean, depth + 1)?;
        dst.append_child(&clean).map_err(fail("chèn phần tử"))?;
        Ok(())
    }
}

/// Sanitizes article HTML into a fragment of the page's document, ready to be
/// appended (`element.append_child(&fragment)`) — never through `innerHTML`.
pub fn sanitize(html: &str) -> Result<DocumentFragment, SanitizeError> {
    sanitize_with_base(html, None)
}

/// [`sanitize`], with relative URLs in the content made absolute against
/// `base` (the URL of the feed page the article came from).
pub fn sanitize_with_base(
    html: &str,
    base: Option<&str>,
) -> Result<DocumentFragment, SanitizeError> {
    let page = page_document()?;
    let fragment = page.create_document_fragment();
    if let Some(walker) = parse(&page, html)? {
        let builder = Builder {
            walker: &walker,
            out: &page,
            origin: page_origin(),
            base,
        };
        builder.children(&fragment, 0)?;
    }
    Ok(fragment)
}

/// Sanitizes article HTML and serialises the clean tree, for storing saved articles
/// offline. The clean tree is built in a fresh inert document (nothing loads). The
/// output holds only allow-listed elements and attributes with escaped text, and
/// sanitizing it again gives it back unchanged; still, show it with [`sanitize`]
/// rather than `innerHTML` (defence in depth).
pub fn sanitize_to_html(html: &str) -> Result<String, SanitizeError> {
    sanitize_to_html_with_base(html, None)
}

/// [`sanitize_to_html`], with relative URLs made absolute against `base`.
pub fn sanitize_to_html_with_base(html: &str, base: Option<&str>) -> Result<String, SanitizeError> {
    // Twice: the clean tree may nest what the HTML parser takes apart when it
    // reads the serialised form (a heading in a heading, unwrapped from inside
    // MathML), so the first pass's text is read back and cleaned once more.
    // The stored form is then exactly what a later reading of it gives.
    let once = clean_html(html, base)?;
    clean_html(&once, base)
}

fn clean_html(html: &str, base: Option<&str>) -> Result<String, SanitizeError> {
    let page = page_document()?;
    let out = inert_document("")?;
    let container = out.create_element("div").map_err(fail("tạo phần tử"))?;
    if let Some(walker) = parse(&page, html)? {
        let builder = Builder {
            walker: &walker,
            out: &out,
            origin: page_origin(),
            base,
        };
        builder.children(&container, 0)?;
    }
    Ok(container.inner_html())
}

/// The readable text of article HTML (entities decoded, scripts, styles and other
/// dropped elements left out, blocks separated by a space, whitespace collapsed),
/// for summaries built from `content_html`. Empty when the HTML cannot be parsed.
pub fn plain_text(html: &str) -> String {
    let mut text = String::new();
    if let Ok(page) = page_document() {
        if let Ok(Some(walker)) = parse(&page, html) {
            // Errors only cut the text short.
            let _ = collect_text(&walker, &mut text, 0);
        }
    }
    policy::collapse_whitespace(&text)
}

fn collect_text(walker: &TreeWalker, out: &mut String, depth: usize) -> Result<(), SanitizeError> {
    each_child(walker, depth, |node| {
        let parsed = classify(node);
        if let Parsed::Text(text) = &parsed {
            out.push_str(text);
            return Ok(());
        }
        if action(&parsed) == ElementAction::Drop {
            return Ok(());
        }
        let block = match parsed {
            Parsed::Html(el) => policy::is_block(&el.local_name()),
            _ => false,
        };
        if block {
            out.push(' ');
        }
        collect_text(walker, out, depth + 1)?;
        if block {
            out.push(' ');
        }
        Ok(())
    })
}

/// Inserts `node` after the `n`-th paragraph (1-based) of sanitized content —
/// a fragment from [`sanitize`] or the element it was appended to — for in-article
/// ads. Only paragraphs at the top level count (also those directly inside plain
/// `div` wrappers, which many CMSs put around the whole body), never one inside a
/// figure, table, list or quote, so the node never lands inside those. `n == 0`
/// inserts before everything. Returns `false` (and inserts nothing) when there are
/// fewer than `n` such paragraphs or the DOM refuses; the caller then appends at
/// the end or skips.
pub fn insert_after_paragraph(content: &Node, n: usize, node: &Node) -> bool {
    if n == 0 {
        return content
            .insert_before(node, content.first_child().as_ref())
            .is_ok();
    }
    let mut seen = 0;
    match find_paragraph(content, n, &mut seen, 0) {
        Some(p) => match p.parent_node() {
            Some(parent) => parent
                .insert_before(node, p.next_sibling().as_ref())
                .is_ok(),
            None => false,
        },
        None => false,
    }
}

fn find_paragraph(parent: &Node, n: usize, seen: &mut usize, depth: usize) -> Option<Node> {
    if depth >= policy::MAX_DEPTH {
        return None;
    }
    let mut next = parent.first_child();
    while let Some(node) = next {
        next = node.next_sibling();
        match node.node_name().as_str() {
            "P" | "p" => {
                *seen += 1;
                if *seen == n {
                    return Some(node);
                }
            }
            "DIV" | "div" => {
                if let Some(p) = find_paragraph(&node, n, seen, depth + 1) {
                    return Some(p);
                }
            }
            _ => {}
        }
    }
    None
}
