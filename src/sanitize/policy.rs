//! The sanitizer's allow-list: pure Rust, no browser APIs, unit-tested natively
//! (`tests/sanitize_native.rs`). `dom.rs` walks a parsed document and asks these
//! functions what to do with every element, attribute and URL.
//!
//! Everything here is an *allow*-list: an element, attribute or URL scheme that is
//! not named below does not reach the page. Element and attribute names are the
//! lowercase local names the HTML parser produces; other spellings are lowercased.

/// What to do with an element found in article HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementAction {
    /// Keep it: create an element with this (static, allow-listed) tag name, copy its
    /// allowed attributes and its cleaned children. The name may differ from the
    /// source: `h1` becomes `h2` (the page title is the only `h1`), sectioning
    /// elements (`section`, `article`, …) become `div`.
    Keep(&'static str),
    /// Drop the element and its attributes but keep its cleaned children
    /// (unknown, presentational or foreign elements: `span`, `font`, `svg`, `form`…),
    /// as DOMPurify does with `KEEP_CONTENT`.
    Unwrap,
    /// Drop the element with its whole subtree: only where that content is code
    /// or is not meant to be shown (scripts, styles, embedded content, form controls…).
    Drop,
}

/// Deeper nesting than this is cut off (its content is dropped), so a hostile
/// document cannot exhaust the stack of the recursive walk. Browsers' parsers
/// already flatten trees deeper than a few hundred levels.
pub const MAX_DEPTH: usize = 256;

/// The action for an element, by its local name.
pub fn element_action(tag: &str) -> ElementAction {
    let lower;
    let tag = if tag.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = tag.to_ascii_lowercase();
        lower.as_str()
    } else {
        tag
    };
    use ElementAction::{Drop, Keep, Unwrap};
    match tag {
        // Text blocks and headings (one h1 per page: the article title).
        "p" => Keep("p"),
        "h1" | "h2" => Keep("h2"),
        "h3" => Keep("h3"),
        "h4" => Keep("h4"),
        "h5" => Keep("h5"),
        "h6" => Keep("h6"),
        "pre" => Keep("pre"),
        "blockquote" => Keep("blockquote"),
        "hr" => Keep("hr"),
        "br" => Keep("br"),
        "wbr" => Keep("wbr"),
        "div" | "section" | "article" | "header" | "footer" | "main" | "aside" | "nav"
        | "address" | "hgroup" | "center" => Keep("div"),
        "details" => Keep("details"),
        "summary" => Keep("summary"),
        // Lists.
        "ul" => Keep("ul"),
        "ol" => Keep("ol"),
        "li" => Keep("li"),
        "dl" => Keep("dl"),
        "dt" => Keep("dt"),
        "dd" => Keep("dd"),
        // Inline text.
        "a" => Keep("a"),
        "em" => Keep("em"),
        "strong" => Keep("strong"),
        "b" => Keep("b"),
        "i" => Keep("i"),
        "u" => Keep("u"),
        "s" | "strike" => Keep("s"),
        "del" => Keep("del"),
        "ins" => Keep("ins"),
        "sub" => Keep("sub"),
        "sup" => Keep("sup"),
        "small" => Keep("small"),
        "mark" => Keep("mark"),
        "abbr" => Keep("abbr"),
        "time" => Keep("time"),
        "code" => Keep("code"),
        "kbd" => Keep("kbd"),
        "samp" => Keep("samp"),
        "var" => Keep("var"),
        "q" => Keep("q"),
        "cite" => Keep("cite"),
        // Images.
        "figure" => Keep("figure"),
        "figcaption" => Keep("figcaption"),
        "img" => Keep("img"),
        "picture" => Keep("picture"),
        "source" => Keep("source"),
        // Tables.
        "table" => Keep("table"),
        "caption" => Keep("caption"),
        "colgroup" => Keep("colgroup"),
        "col" => Keep("col"),
        "thead" => Keep("thead"),
        "tbody" => Keep("tbody"),
        "tfoot" => Keep("tfoot"),
        "tr" => Keep("tr"),
        "th" => Keep("th"),
        "td" => Keep("td"),
        // Gone with everything inside, since their content is code, or is not
        // meant to be shown (fallbacks for what this page never runs, form
        // controls' options, metadata): scripts and styles, templates, embedded
        // documents and plugins, media, canvas, closed dialogs, form controls,
        // document metadata. Everything else that is not kept is unwrapped, so
        // one unclosed tag in a post (`<svg>`, `<form>`, a custom element…),
        // under which the parser puts the rest of the body, costs the tag only.
        "script" | "style" | "template" | "iframe" | "object" | "embed" | "param" | "applet"
        | "frame" | "frameset" | "noframes" | "noembed" | "noscript" | "portal" | "fencedframe"
        | "base" | "meta" | "link" | "title" | "head" | "input" | "textarea" | "select"
        | "option" | "optgroup" | "datalist" | "keygen" | "audio" | "video" | "track"
        | "canvas" | "dialog" | "xml" => Drop,
        // Anything else (span, font, label, form, button, svg, math, custom
        // elements…): keep the text and the allowed elements inside.
        _ => Unwrap,
    }
}

/// The action for an SVG or MathML element (inside `<svg>` or `<math>`), by
/// its local name: never kept (no foreign element reaches the page), unwrapped
/// so that its text and any HTML inside (`foreignObject`, `mtext`) survive,
/// and dropped whole when its content is code or not shown: what HTML drops
/// (`script`, `style`, `title`…), descriptions, definitions and alternative
/// encodings.
pub fn foreign_element_action(tag: &str) -> ElementAction {
    let tag = tag.to_ascii_lowercase();
    match tag.as_str() {
        "desc" | "metadata" | "defs" | "symbol" | "annotation" | "annotation-xml" => {
            ElementAction::Drop
        }
        _ if element_action(&tag) == ElementAction::Drop => ElementAction::Drop,
        _ => ElementAction::Unwrap,
    }
}

/// The attributes allowed on a kept element, by its *output* tag name
/// (`ElementAction::Keep`). Everything else — `on*`, `style`, `id`, `name`, `class`,
/// `data-*`, `srcdoc`, `xmlns`, `form*`, `target`… — is never copied.
pub fn allowed_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href", "title"],
        "img" => &["src", "srcset", "sizes", "alt", "width", "height", "title"],
        "source" => &["srcset", "sizes", "media", "type", "width", "height"],
        "td" | "th" => &["colspan", "rowspan", "scope"],
        "col" | "colgroup" => &["span"],
        "ol" => &["start", "reversed", "type"],
        "blockquote" | "q" => &["cite"],
        "del" | "ins" => &["cite", "datetime"],
        "time" => &["datetime"],
        "abbr" => &["title"],
        _ => &[],
    }
}

/// Whether `attr` may be copied onto a kept `tag` (names as in [`allowed_attributes`]).
pub fn attribute_allowed(tag: &str, attr: &str) -> bool {
    allowed_attributes(tag).contains(&attr)
}

/// The value to write for an allowed attribute, or `None` to leave it out:
/// URLs must pass [`url_allowed`], numbers must be numbers, enumerations must be
/// one of their keywords.
pub fn clean_attribute(tag: &str, attr: &str, value: &str) -> Option<String> {
    if !attribute_allowed(tag, attr) {
        return None;
    }
    match attr {
        "href" | "src" | "cite" => clean_url(value),
        "srcset" => clean_srcset(value),
        "width" | "height" | "colspan" | "rowspan" | "span" => clean_integer(value, false),
        "start" => clean_integer(value, true),
        "reversed" => Some(String::new()),
        "scope" => {
            let v = value.trim().to_ascii_lowercase();
            matches!(v.as_str(), "row" | "col" | "rowgroup" | "colgroup").then_some(v)
        }
        "type" if tag == "ol" => {
            let v = value.trim();
            matches!(v, "1" | "a" | "A" | "i" | "I").then(|| v.to_owned())
        }
        // Plain text (alt, title, sizes, media, type of a <source>, datetime):
        // set with setAttribute, never parsed as markup.
        _ => Some(value.to_owned()),
    }
}

/// The most elongated box an image may reserve before it loads: 10:1 either way.
pub const MAX_ASPECT_RATIO: u64 = 10;

/// `width` and `height` of an `img` or `source`, each cleaned, and both left out
/// when together they would reserve an absurd box (`width=1 height=999999`: a
/// million-pixel-tall hole in the article, or a zero): beyond
/// [`MAX_ASPECT_RATIO`], the image just takes its own size when it arrives.
pub fn clean_dimensions(
    width: Option<&str>,
    height: Option<&str>,
) -> (Option<String>, Option<String>) {
    let width = width.and_then(|v| clean_integer(v, false));
    let height = height.and_then(|v| clean_integer(v, false));
    if let (Some(w), Some(h)) = (&width, &height) {
        let (w, h): (u64, u64) = (w.parse().unwrap_or(0), h.parse().unwrap_or(0));
        let bounded = w > 0
            && h > 0
            && w <= h.saturating_mul(MAX_ASPECT_RATIO)
            && h <= w.saturating_mul(MAX_ASPECT_RATIO);
        if !bounded {
            return (None, None);
        }
    }
    (width, height)
}

fn clean_integer(value: &str, signed: bool) -> Option<String> {
    let v = value.trim();
    let digits = match v.strip_prefix('-') {
        Some(rest) if signed => rest,
        _ => v,
    };
    (!digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.to_owned())
}

/// A URL as the browser will read it: leading and trailing spaces and control
/// characters trimmed, and every ASCII control character (tab, newline, NUL…)
/// removed, since the URL parser skips tabs and newlines anywhere
/// (`java\tscript:` *is* `javascript:`).
pub fn normalize_url(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !c.is_ascii_control())
        .collect()
}

/// The scheme of a normalized URL, lowercased, or `None` for a relative URL
/// (no `:` before the first `/`, `?` or `#`).
fn scheme(url: &str) -> Option<String> {
    let (head, tail) = url.split_at(url.find([':', '/', '?', '#', '\\'])?);
    tail.starts_with(':').then(|| head.to_ascii_lowercase())
}

/// Whether a URL may appear in `href`, `src`, `cite` or `srcset`: `http:`, `https:`,
/// `mailto:` or relative (no scheme at all). Everything else — `javascript:`,
/// `data:`, `vbscript:`, `blob:`, `file:`, unknown schemes — is refused. Case,
/// surrounding spaces and control characters inside the scheme do not help.
/// Entities (`&#106;avascript:`) are the parser's job: pass the decoded value.
pub fn url_allowed(url: &str) -> bool {
    match scheme(&normalize_url(url)) {
        None => true,
        Some(s) => matches!(s.as_str(), "http" | "https" | "mailto"),
    }
}

/// The normalized URL if it is allowed (see [`url_allowed`]).
pub fn clean_url(url: &str) -> Option<String> {
    let url = normalize_url(url);
    url_allowed(&url).then_some(url)
}

/// A `srcset` (`url [descriptor], url [descriptor], …`) rebuilt from its candidates
/// when every URL passes [`url_allowed`] and every descriptor looks like `2x` or
/// `640w`; `None` otherwise (one bad candidate drops the whole attribute).
pub fn clean_srcset(srcset: &str) -> Option<String> {
    clean_srcset_with(srcset, &|_| None)
}

/// [`clean_srcset`], with each candidate's URL passed through `resolve` (made
/// absolute; `None` keeps it as written). The candidates are split once, as
/// the browser splits them — a URL runs to the next whitespace and may hold
/// commas — and the resolved URLs are checked again, so nothing later ever
/// re-splits a cleaned value.
pub fn clean_srcset_with(srcset: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    for (url, descriptor) in srcset_candidates(srcset)? {
        let url = resolve(&url).unwrap_or(url);
        if !srcset_url_ok(&url) {
            return None;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&url);
        if !descriptor.is_empty() {
            out.push(' ');
            out.push_str(descriptor);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The candidates of a `srcset`, normalized URLs and checked descriptors, in
/// the HTML standard's way of splitting; `None` if any is unsafe or malformed.
fn srcset_candidates(srcset: &str) -> Option<Vec<(String, &str)>> {
    let mut candidates = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let (raw_url, after) = rest
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((rest, ""));
        // A URL ending in commas ends its candidate (no descriptor).
        let url = raw_url.trim_end_matches(',');
        let (descriptor, next) = if url.len() < raw_url.len() {
            ("", after)
        } else {
            let (descriptor, next) = after.split_once(',').unwrap_or((after, ""));
            (descriptor.trim(), next)
        };
        rest = next;
        let url = clean_url(url)?;
        if !srcset_url_ok(&url) || !descriptor_ok(descriptor) {
            return None;
        }
        candidates.push((url, descriptor));
    }
    Some(candidates)
}

/// A candidate URL that reads back as one URL and stays harmless however it is
/// split: no whitespace, no comma at either end, and no comma-separated piece
/// of it with a refused scheme (`https://a.vn/x.jpg,javascript:…` is one URL
/// to the browser, but not to every tool that reads a stored article).
fn srcset_url_ok(url: &str) -> bool {
    !url.is_empty()
        && !url.contains(char::is_whitespace)
        && !url.starts_with(',')
        && !url.ends_with(',')
        && url.split(',').all(url_allowed)
}

fn descriptor_ok(d: &str) -> bool {
    if d.is_empty() {
        return true;
    }
    let Some(number) = d.strip_suffix(['w', 'x']) else {
        return false;
    };
    let mut dots = 0;
    !number.is_empty()
        && number.bytes().all(|b| {
            dots += usize::from(b == b'.');
            b.is_ascii_digit() || b == b'.'
        })
        && dots <= 1
}

/// Whether a cleaned link leaves the page's origin (`page_origin` as
/// `location.origin`, e.g. `https://bantin.vn`): such links open in a new tab.
/// Relative links and `mailto:` stay as they are.
pub fn is_external_link(href: &str, page_origin: &str) -> bool {
    let href = normalize_url(href);
    let page = page_origin.to_ascii_lowercase();
    let (page_scheme, page_host) = page.split_once("://").unwrap_or(("", ""));
    let (scheme, rest) = match scheme(&href) {
        Some(s) if s == "http" || s == "https" => match href.split_once(':') {
            Some((_, rest)) => (s, rest),
            None => return false,
        },
        Some(_) => return false,
        None if href.starts_with("//") || href.starts_with("\\\\") => {
            (page_scheme.to_owned(), href.as_str())
        }
        None => return false,
    };
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    scheme != page_scheme || host != page_host
}

/// Elements that separate words in [`collapse_whitespace`]d plain text
/// (`<p>a</p><p>b</p>` reads "a b", not "ab").
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "br"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "pre"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "table"
            | "caption"
            | "tr"
            | "td"
            | "th"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "address"
            | "details"
            | "summary"
    )
}

/// Runs of whitespace (including no-break spaces) become one space; ends trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
