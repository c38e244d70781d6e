//! Plain-text helpers for titles and summaries, which bantin always renders as
//! text, never as HTML. Feeds often put entities (`&#8211;`, `&amp;`) or a stray
//! tag into such fields; these turn them into clean text before they reach a view.

/// Decodes the HTML entities that appear in feed titles: numeric ones and the
/// few named ones feeds actually use. Unknown entities are left as written.
pub fn decode_entities(input: &str) -> String {
    if !input.contains('&') {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    // Checked splits (`split_once`, `get`): a slice index that cannot fail
    // still brings core's panic message for it, with char's Debug and the
    // Unicode tables, into the first load (docs/size.md).
    while let Some((before, after)) = rest.split_once('&') {
        out.push_str(before);
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = after.get(..end)?;
            let ch = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32).filter(|c| *c != '\0')
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    _ => None,
                }
            };
            ch.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text of an HTML fragment for an excerpt: tags removed (with their contents for
/// script/style), entities decoded, whitespace collapsed. The result is only ever
/// shown as a text node, so a malformed tag can make it ugly but never unsafe.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Checked splits, as in decode_entities.
    while let Some((before, tag)) = rest.split_once('<') {
        out.push_str(before);
        let lower: String = tag.chars().take(7).collect::<String>().to_ascii_lowercase();
        let skip_to = if lower.starts_with("script") {
            "</script>"
        } else if lower.starts_with("style") {
            "</style>"
        } else {
            ">"
        };
        match find_ignore_ascii_case(tag, skip_to) {
            Some(end) => {
                out.push(' ');
                rest = tag.get(end + skip_to.len()..).unwrap_or_default();
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    collapse_whitespace(&decode_entities(&out))
}

/// Where `needle` (ASCII) first occurs in `haystack`, ignoring ASCII case.
/// A byte scan rather than lowercasing the rest of the document at every tag
/// (and rather than `str::find`, whose substring search brings its own code
/// into the wasm: docs/size.md).
pub fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts text to at most `max_chars` characters at a word boundary, adding "…".
pub fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    // One character more than allowed: a space there means the cut is already
    // at a word boundary.
    let cut: String = text.chars().take(max_chars + 1).collect();
    // `get`, not `[..i]`: see decode_entities.
    let end = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => i,
        _ => cut
            .char_indices()
            .nth(max_chars)
            .map_or(cut.len(), |(i, _)| i),
    };
    let cut = cut.get(..end).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// A clean single-line text from a feed field: entities decoded, tags and
/// extra whitespace removed.
pub fn clean_line(s: &str) -> String {
    if s.contains('<') {
        html_to_text(s)
    } else {
        collapse_whitespace(&decode_entities(s))
    }
}

/// Appends `s` as a JSON string literal. The beacon and storage bodies the app
/// writes are a handful of string fields; this keeps serde's serializer out of
/// the wasm for them.
pub fn push_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
