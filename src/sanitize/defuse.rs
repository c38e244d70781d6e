//! What a strict Content-Security-Policy would report while the browser only
//! *parses* article HTML, taken out of the text first.
//!
//! Under a policy without `'unsafe-inline'` the browser reports every inline
//! event handler (`onclick=`), `style=` attribute and `<style>` element it
//! parses, even into `DOMParser`'s inert document, where nothing runs: a
//! WordPress post with `<p style="text-align:center">` would send a portal's
//! CSP reports on every reading. `defuse` renames those attributes (`x-onclick`,
//! `x-style`) and removes `<style>` and `<script>` elements, so nothing is
//! reported.
//!
//! This is not the sanitizer. The DOM walk ([`super::dom`]) still decides what
//! is kept, and drops these attributes and elements whatever their names. Where
//! this scan reads the markup differently from the browser's parser (exotic
//! foreign content), the worst outcome is a report, never unsafe output: the
//! allow-list sees the browser's tree either way. Written by hand because it is
//! a scan of tag and attribute names, not a parser (no crate does only that).

/// `html` with inline handlers and styles renamed and style and script elements removed.
pub fn defuse(html: &str) -> String {
    let b = html.as_bytes();
    let len = b.len();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut out = String::with_capacity(len + 16);
    // `html[copied..]` is not yet in `out`.
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = find(b, b"<", i) {
        if b.get(lt..lt + 4) == Some(b"<!--") {
            i = comment_end(b, lt + 4);
            continue;
        }
        let closing = at(lt + 1) == b'/';
        let name_start = lt + 1 + usize::from(closing);
        if !at(name_start).is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let mut j = name_start;
        while j < len && !space(at(j)) && !matches!(at(j), b'/' | b'>') {
            j += 1;
        }
        let name = html.get(name_start..j).unwrap_or("").to_ascii_lowercase();
        // The attributes, to the tag's end: a `>` outside a quoted value.
        // A handler's or style's name is renamed wherever it starts a word
        // followed by `=`, inside quoted values too: where the browser ends a
        // value differently (an SVG CDATA section: `<svg><![CDATA[><x
        // a="]]><img onerror=…>`), what it reads as an attribute is renamed all
        // the same. A value's text that looks like one (`title="x onclick=y"`)
        // is renamed too; the sanitizer keeps no such attribute anyway except
        // `title` and `alt`, where that text is vanishingly rare.
        let mut quote = 0u8;
        let mut after_equals = false;
        while j < len {
            let c = at(j);
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if matches!(c, b'"' | b'\'') && after_equals {
                quote = c;
            } else if c == b'>' {
                j += 1;
                break;
            }
            if quote == 0 && !space(c) {
                after_equals = c == b'=';
            }
            let prev = at(j - 1);
            let boundary = matches!(prev, b'"' | b'\'' | b'/') || space(prev);
            if !closing && boundary && c.is_ascii_alphabetic() {
                let mut k = j;
                while k < len && (at(k).is_ascii_alphanumeric() || matches!(at(k), b'-' | b'_')) {
                    k += 1;
                }
                let word = html.get(j..k).unwrap_or("");
                let inline = (word.len() > 2
                    && word.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")))
                    || word.eq_ignore_ascii_case("style");
                let mut e = k;
                while e < len && space(at(e)) {
                    e += 1;
                }
                if inline && (at(e) == b'=' || quote == 0) {
                    out.push_str(html.get(copied..j).unwrap_or(""));
                    out.push_str("x-");
                    copied = j;
                }
                j = k;
                continue;
            }
            j += 1;
        }
        i = j;
        // The text of a <title>, <textarea> or <noscript> is scanned as
        // markup: in SVG or MathML the browser may read it so
        // (`<math><title><img onerror=…>`), and renaming inside text the
        // sanitizer drops changes nothing a reader sees.
        if closing || !(name == "style" || name == "script") {
            continue;
        }
        // The whole element, to its end tag (or the end): even an empty
        // <style> is reported.
        let end = find_end_tag(b, &name, i).unwrap_or(len);
        let after = find(b, b">", end).map_or(len, |gt| gt + 1);
        out.push_str(html.get(copied..lt).unwrap_or(""));
        copied = after;
        i = after;
    }
    out.push_str(html.get(copied..).unwrap_or(""));
    out
}

/// Where a comment whose text starts at `from` ends, as the browser reads it:
/// `<!-->` and `<!--->` are empty comments, and `--!>` closes one too.
fn comment_end(b: &[u8], from: usize) -> usize {
    if b.get(from) == Some(&b'>') {
        return from + 1;
    }
    if b.get(from..from + 2) == Some(b"->") {
        return from + 2;
    }
    let dashes = find(b, b"-->", from).map(|e| e + 3);
    let bang = find(b, b"--!>", from).map(|e| e + 4);
    match (dashes, bang) {
        (Some(a), Some(c)) => a.min(c),
        (a, c) => a.or(c).unwrap_or(b.len()),
    }
}

/// The first `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Where `</name` (any case, then a space, '/' or '>') starts, at or after `from`.
fn find_end_tag(b: &[u8], name: &str, from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(lt) = find(b, b"</", i) {
        let after = lt + 2 + name.len();
        let matches = b
            .get(lt + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(after)
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'));
        if matches {
            return Some(lt);
        }
        i = lt + 2;
    }
    None
}
