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
    /// (unknown or purely presentational elements: `span`, `font`, `center`…).
    Unwrap,
    /// Drop the element with its whole subtree (scripts, embedded content, forms…).
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
        // Gone with everything inside: code, styles, embedded documents and media,
        // forms and their controls, foreign content (SVG, MathML), document metadata,
        // and elements whose content is not meant to be shown.
        "script" | "style" | "iframe" | "object" | "embed" | "param" | "applet" | "frame"
        | "frameset" | "noframes" | "noembed" | "noscript" | "template" | "slot" | "portal"
        | "fencedframe" | "svg" | "math" | "base" | "meta" | "link" | "title" | "head" | "form"
        | "input" | "button" | "textarea" | "select" | "option" | "optgroup" | "datalist"
        | "output" | "keygen" | "audio" | "video" | "track" | "canvas" | "dialog" | "xml" => Drop,
        // Anything else (span, font, label, custom elements…): keep the text only.
        _ => Unwrap,
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
    let mut out = String::new();
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
        if url.is_empty() || url.contains(char::is_whitespace) || !descriptor_ok(descriptor) {
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
