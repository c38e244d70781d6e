//! JSON documents as bantin reads them: the feed, config.json, the ads config,
//! stored offline records and the counter service's answers.
//!
//! Written here rather than taken from serde_json, which is what this replaces:
//! every reader in bantin walks an untyped tree by hand (real feeds put wrong
//! types in single fields, and one bad field must not lose the feed), so
//! serde's machinery bought nothing, and serde_json's `Value` path cost more
//! wasm than this file (measured: docs/size.md) — bytes the first-load budget
//! cannot spare. The API mirrors `serde_json::Value` so the readers stay
//! familiar, and tests/json.rs checks this parser against serde_json on
//! every fixture.
//!
//! Strict where JSON is (one value, nothing after it, no raw control
//! characters in strings), lenient where a reader gains from it: a leading
//! byte-order mark is skipped and a lone UTF-16 surrogate in `\u` escapes
//! becomes U+FFFD instead of failing the document. Nesting is limited to
//! `MAX_DEPTH` so that a hostile document cannot exhaust the wasm stack.

use std::fmt;

/// Deeper documents are rejected (serde_json stops at 127 levels).
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A number as written in the document, read on demand: ids and counts stay
/// exact however long they are, and no float parser is linked in for the few
/// fractions a feed may carry (`as_f64`).
#[derive(Debug, Clone, PartialEq)]
pub struct Number(String);

/// An object's members in document order. Lookups are linear: the objects
/// bantin reads have a few dozen keys at most.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(String, Value)>);

/// Why a document is not JSON, and the byte where that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub reason: &'static str,
    pub offset: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason)?;
        f.write_str(" at byte ")?;
        f.write_str(&self.offset.to_string())
    }
}

/// Parses one JSON document.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    if text.starts_with('\u{feff}') {
        parser.at = 3;
    }
    let value = parser.value(0)?;
    parser.space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("unexpected text after the document"));
    }
    Ok(value)
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(list) => Some(list),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl Number {
    /// The number as the document wrote it (always valid JSON number syntax).
    pub fn as_text(&self) -> &str {
        &self.0
    }
    /// Written without fraction or exponent.
    pub fn is_integer(&self) -> bool {
        !self.0.contains(['.', 'e', 'E'])
    }
    /// A whole number written without fraction or exponent, in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.is_integer().then(|| self.0.parse().ok()).flatten()
    }
    pub fn as_u64(&self) -> Option<u64> {
        self.is_integer().then(|| self.0.parse().ok()).flatten()
    }
    /// The value as a double: exact for integers up to 2^53 and for up to 17
    /// significant digits with exponents in −22..=0; otherwise within a few
    /// units in the last place, and 0 below about 1e-300. Enough for weights
    /// and counts, and far smaller in wasm than a correctly rounding parser.
    pub fn as_f64(&self) -> f64 {
        let s = self.0.as_str();
        let (negative, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (mantissa_part, exponent) = match s.split_once(['e', 'E']) {
            // Out of i32's range means inf or 0 either way.
            Some((m, e)) => (
                m,
                e.parse::<i32>()
                    .unwrap_or(if e.starts_with('-') { -400 } else { 400 }),
            ),
            None => (s, 0),
        };
        let mut mantissa: u64 = 0;
        let mut scale: i32 = exponent;
        let mut after_point = false;
        for b in mantissa_part.bytes() {
            match b {
                b'.' => after_point = true,
                b'0'..=b'9' if mantissa < 1_000_000_000_000_000_000 => {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    if after_point {
                        scale = scale.saturating_sub(1);
                    }
                }
                // Digits beyond 19 significant ones only move the magnitude.
                b'0'..=b'9' if !after_point => scale = scale.saturating_add(1),
                _ => {}
            }
        }
        let magnitude = if mantissa == 0 {
            0.0
        } else if scale >= 0 {
            mantissa as f64 * 10f64.powi(scale)
        } else if scale > -300 {
            mantissa as f64 / 10f64.powi(-scale)
        } else {
            0.0
        };
        if negative {
            -magnitude
        } else {
            magnitude
        }
    }
}

impl Map {
    /// The member called `key`; of repeated keys, the last (as serde_json and
    /// `JSON.parse` do).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// Every member in document order, repeated keys included.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, reason: &'static str) -> Error {
        Error {
            reason,
            offset: self.at,
        }
    }

    /// The text from `from` to here. Cuts only fall before ASCII bytes, so
    /// on char boundaries; `get` keeps even a mistake from panicking.
    fn since(&self, from: usize) -> &str {
        self.text.get(from..self.at).unwrap_or_default()
    }

    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value, Error> {
        if self.rest().starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        self.space();
        match self.peek() {
            None => Err(self.error("the document ends before a value")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.at += 1; // '{'
        let mut members = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Map(members)));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name"));
            }
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.at += 1;
            members.push((key, self.value(depth)?));
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(Map(members)));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.at += 1; // '['
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while let Some(b'0'..=b'9') = p.peek() {
                p.at += 1;
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        // No leading zeros: "0" alone, or a digit 1-9 and more digits.
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else if !digits(self) {
            return Err(self.error("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        Ok(Value::Number(Number(self.since(start).to_string())))
    }

    /// A string starting at the opening quote. Runs without escapes are
    /// copied whole; escapes are ASCII, so the cuts fall on char boundaries.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1; // '"'
        let mut out = String::new();
        let mut run = self.at;
        loop {
            match self.peek() {
                None => return Err(self.error("the document ends inside a string")),
                Some(b'"') => {
                    out.push_str(self.since(run));
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.since(run));
                    self.at += 1;
                    let escaped = match self.peek() {
                        Some(b'u') => {
                            self.at += 1;
                            self.unicode_escape()?
                        }
                        Some(letter) => {
                            let escaped = match letter {
                                b'"' => '"',
                                b'\\' => '\\',
                                b'/' => '/',
                                b'b' => '\u{8}',
                                b'f' => '\u{c}',
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                _ => return Err(self.error("invalid escape")),
                            };
                            self.at += 1;
                            escaped
                        }
                        None => return Err(self.error("the document ends inside a string")),
                    };
                    out.push(escaped);
                    run = self.at;
                }
                Some(0..=0x1f) => return Err(self.error("control character in a string")),
                Some(_) => self.at += 1,
            }
        }
    }

    /// Four hex digits after `\u` (already consumed), and the low half of a
    /// surrogate pair when one follows. Leaves `at` after the last digit.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.rest().starts_with("\\u") {
            let save = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            self.at = save;
        }
        Ok(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(code)
    }
}
