//! Vietnamese-aware search text: folding, query parsing, scoring and highlight
//! ranges, shared by the app's in-browser search and bantin-server's FTS5 search
//! so both find and rank the same articles for the same query.
//!
//! Two keys are made from a text:
//!
//! * [`fold`]: lowercase with every diacritic removed (`"Kiến Thụy"` → `"kien thuy"`).
//!   Readers often type without accents, so matching is done on this key.
//! * [`exact_key`]: lowercase with the vowel-quality marks kept (ă â ê ô ơ ư đ) and the
//!   tone mark moved to the end of each word (`"Thụy"` and `"Thuỵ"` → `"thuy\u{323}"`).
//!   A query typed with accents ranks articles that carry the same accents first.
//!
//! A query's terms match the start of words, in any order ([`score`], or [`score_keys`] on
//! keys stored ahead of time). An index that finds the words itself (the app's, in
//! src/search.rs) scores with the same parts — [`Query::each_term`], [`Term::points`],
//! [`Term::exact_points`], [`MAX_WORD_BONUS`] — so its scores equal [`score`]'s and local
//! and server hits can be merged.
//!
//! The folding is written by hand from a table of the precomposed letters (Latin-1,
//! Latin Extended-A, ơ ư, and the Vietnamese block U+1EA0–U+1EF9): the table is 615
//! bytes and `fold` about 1.5 KB of brotli'd wasm, where NFD through
//! `unicode-normalization` costs about 50 KB for its tables, and is slower too (figures
//! in docs/search.md). Decomposed (NFD) input is handled by reading the combining marks
//! U+0300–U+036F directly, so NFC and NFD text give the same keys.
//!
//! Words are runs of letters and digits (after folding); everything else separates them.
//! Letters outside the table are kept as written, Greek and Cyrillic lowercased; outside
//! ASCII and the table, the punctuation, symbol and emoji blocks are the non-letters.

use std::ops::Range;

/// At most this many terms of a query are kept.
pub const MAX_TERMS: usize = 12;
/// A term is cut to this many characters.
pub const MAX_TERM_CHARS: usize = 64;

/// Lowercase, every diacritic removed (all precomposed Vietnamese letters, both cases, and
/// Latin-1/Latin Extended-A letters), đ/Đ → d, combining marks U+0300–U+036F dropped so NFD
/// input folds like NFC. Non-letters other than combining marks are kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match piece(c) {
            Piece::Letter(letter) => letter.push_folded(&mut out),
            Piece::Mark(_) => {}
            Piece::Other => out.push(c),
        }
    }
    out
}

/// Lowercase with the vowel-quality marks kept (ă â ê ô ơ ư đ) and the tone mark moved to the
/// end of each word, so both tone placements ("hoà"/"hòa", "Thuỵ"/"Thụy") and NFC/NFD give
/// the same key; used to rank an exact-accent match above an accent-free one.
///
/// The tone is written as its combining mark (U+0300 grave, U+0301 acute, U+0309 hook,
/// U+0303 tilde, U+0323 dot below) after the word's letters. Other diacritics (ü, ç, ā…)
/// are removed as in [`fold`], so the letters of a word's exact key correspond one to one
/// with those of its folded form.
pub fn exact_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut tones = Tones::default();
    let mut in_word = false;
    for c in s.chars() {
        match piece(c) {
            Piece::Letter(letter) => {
                in_word = true;
                letter.push_exact(&mut out);
                tones.push(letter.tone);
            }
            // A mark belongs to the letter before it; one that follows no letter is noise.
            Piece::Mark(mark) if in_word => {
                apply_quality(&mut out, mark.quality);
                tones.push(mark.tone);
            }
            Piece::Mark(_) => {}
            Piece::Other => {
                tones.flush(&mut out);
                in_word = false;
                out.push(c);
            }
        }
    }
    tones.flush(&mut out);
    out
}

/// A search query: words in any order; at most 12 terms of at most 64 chars each are kept
/// (longer input is cut, never an error).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Folded terms, distinct, in the order typed.
    terms: Vec<String>,
    /// For each term, its exact key when the term was typed with marks: only then does
    /// the reader's spelling say which accents they want.
    exact: Vec<Option<String>>,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let mut query = Query::default();
        for word in words(q) {
            if query.terms.len() == MAX_TERMS {
                break;
            }
            let word = cut_word(&q[word], MAX_TERM_CHARS);
            let folded = fold(word);
            let exact = exact_key(word);
            if query.terms.contains(&folded) {
                continue;
            }
            let marked = exact != folded;
            query.terms.push(folded);
            query.exact.push(marked.then_some(exact));
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The folded terms (e.g. for an FTS5 MATCH expression built by the server).
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// The terms with what scoring needs of each, for an index that matches words itself.
    pub fn each_term(&self) -> impl Iterator<Item = Term<'_>> {
        self.terms
            .iter()
            .zip(&self.exact)
            .map(|(folded, exact)| Term {
                folded,
                exact: exact.as_deref().map(split_tones),
            })
    }
}

/// One term of a [`Query`].
#[derive(Debug, Clone, Copy)]
pub struct Term<'a> {
    folded: &'a str,
    /// The exact key's letters and tone marks, when the term was typed with marks.
    exact: Option<(&'a str, &'a str)>,
}

impl<'a> Term<'a> {
    pub fn folded(self) -> &'a str {
        self.folded
    }

    /// The letters of the term's exact key (marks kept, tone left out), when it was typed
    /// with marks: the exact-key words that may earn the accent bonus start with these.
    pub fn exact_letters(self) -> Option<&'a str> {
        self.exact.map(|(letters, _)| letters)
    }

    /// The points for this term matching a folded `word` of `field`, or None when the
    /// word does not start with it.
    pub fn points(self, word: &str, field: Field) -> Option<u32> {
        let whole = word.len() == self.folded.len();
        word.starts_with(self.folded)
            .then(|| field.points(whole, false))
    }

    /// The points for this term matching an exact-key `word` of `field` with its accents,
    /// or None when it does not: the letters as a prefix (the reader may still be
    /// typing), the tone in full, as it belongs to the whole syllable ("hoà" matches
    /// "hoàng", "hoa" does not match "hòa"). A term typed without marks never does.
    pub fn exact_points(self, word: &str, field: Field) -> Option<u32> {
        let (letters, tones) = self.exact?;
        let (word_letters, word_tones) = split_tones(word);
        let whole = word_letters.len() == letters.len();
        (word_letters.starts_with(letters) && word_tones == tones)
            .then(|| field.points(whole, true))
    }
}

/// Where a word was found. A title match outweighs any body match, accents and all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Body,
}

impl Field {
    /// The points for a term matching a word of this field: the start of the word, all
    /// of it (`whole_word`), with the accents typed (`exact`).
    pub fn points(self, whole_word: bool, exact: bool) -> u32 {
        let weights = match self {
            Field::Title => &TITLE,
            Field::Body => &BODY,
        };
        weights.prefix
            + if whole_word { weights.whole_word } else { 0 }
            + if exact { weights.exact } else { 0 }
    }
}

/// A score is each term's best points (see [`Term::points`]) plus one for every distinct
/// word a term matches in a field, up to this many.
pub const MAX_WORD_BONUS: u32 = 10;

/// None when some term matches no word of title or body; else a score where higher is
/// better: every term must match the start of a word (prefix match, as-you-type) in the
/// title or the body; a title match weighs more than a body match; an exact-accent match
/// (exact_key prefix) adds to a folded-only match; more matched words add a little.
pub fn score(query: &Query, title: &str, body: &str) -> Option<u32> {
    if query.is_empty() {
        return None;
    }
    let (title_folded, title_exact) = (fold(title), exact_key(title));
    let (body_folded, body_exact) = (fold(body), exact_key(body));
    score_keys(
        query,
        Keys::new(&title_folded, &title_exact),
        Keys::new(&body_folded, &body_exact),
    )
}

/// A text's two keys, for scoring a stored text without folding it again.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    /// [`fold`] of the text.
    pub folded: &'a str,
    /// [`exact_key`] of the text, or "" to score without the accent bonus.
    pub exact: &'a str,
}

impl<'a> Keys<'a> {
    pub fn new(folded: &'a str, exact: &'a str) -> Self {
        Keys { folded, exact }
    }
}

/// [`score`] on keys made ahead of time: the same score for the same text.
pub fn score_keys(query: &Query, title: Keys, body: Keys) -> Option<u32> {
    if query.is_empty() {
        return None;
    }
    let fields = [(Field::Title, title), (Field::Body, body)];
    let mut total = 0;
    let mut words = 0;
    for term in query.each_term() {
        let mut best = 0;
        for (field, keys) in fields {
            // Distinct words only, and no more than count towards the bonus.
            let mut seen: Vec<&str> = Vec::new();
            for word in words_starting_with(keys.folded, term.folded) {
                best = best.max(term.points(word, field).unwrap_or(0));
                if words < MAX_WORD_BONUS && !seen.contains(&word) {
                    seen.push(word);
                    words += 1;
                }
            }
            if let Some(letters) = term.exact_letters().filter(|_| best > 0) {
                for word in words_starting_with(keys.exact, letters) {
                    best = best.max(term.exact_points(word, field).unwrap_or(0));
                }
            }
        }
        if best == 0 {
            return None;
        }
        total += best;
    }
    Some(total + words)
}

/// Byte ranges in `text` (on char boundaries, sorted, non-overlapping) of the words a term
/// matches, covering only the matched prefix of each word — for `<mark>` highlighting.
pub fn highlight(query: &Query, text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    if query.is_empty() {
        return ranges;
    }
    // Reused per word: the folded word, and for each of its chars the byte where the
    // char ends in `text` and the folded length reached after it.
    let mut folded = String::new();
    let mut ends: Vec<(usize, usize)> = Vec::new();
    for word in words(text) {
        folded.clear();
        ends.clear();
        for (at, c) in text[word.clone()].char_indices() {
            if let Piece::Letter(letter) = piece(c) {
                letter.push_folded(&mut folded);
            }
            ends.push((word.start + at + c.len_utf8(), folded.len()));
        }
        let longest = query
            .terms
            .iter()
            .filter(|t| folded.starts_with(t.as_str()))
            .map(|t| t.len())
            .max();
        if let Some(len) = longest {
            // The first char whose folding reaches the term's end, then any marks after
            // it (they fold to nothing, and belong to that letter).
            let first = ends.iter().position(|&(_, f)| f >= len).unwrap_or(0);
            let reached = ends[first].1;
            let end = ends[first..]
                .iter()
                .take_while(|&&(_, f)| f == reached)
                .last()
                .map_or(word.end, |&(e, _)| e);
            ranges.push(word.start..end);
        }
    }
    ranges
}

/// The words of `text` as byte ranges: runs of letters and digits with their combining
/// marks. Marks that follow no letter are not part of a word.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (at, c) = chars.next()?;
            if matches!(piece(c), Piece::Letter(_)) {
                break at;
            }
        };
        let mut end = text.len();
        while let Some(&(at, c)) = chars.peek() {
            if matches!(piece(c), Piece::Other) {
                end = at;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

// Scoring weights. A term's points are the best over the words it matches; a title
// word beats any body word, and the accent bonus never lifts a body match above a
// title one.
struct Weights {
    prefix: u32,
    whole_word: u32,
    exact: u32,
}
const TITLE: Weights = Weights {
    prefix: 100,
    whole_word: 10,
    exact: 50,
};
const BODY: Weights = Weights {
    prefix: 40,
    whole_word: 4,
    exact: 20,
};
/// The words of `text` (folded or an exact key) that start with `prefix`, found by
/// substring search rather than by walking every word.
fn words_starting_with<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text.get(from..)?.find(prefix) {
            let start = from + found;
            from = start + prefix.len().max(1);
            let after_separator = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c) && !is_combining(c));
            if after_separator {
                let rest = &text[start..];
                let len = rest
                    .find(|c: char| !is_word_char(c) && !is_combining(c))
                    .unwrap_or(rest.len());
                return Some(&rest[..len]);
            }
        }
        None
    })
}

/// An exact key word's letters and its trailing tone marks.
fn split_tones(key: &str) -> (&str, &str) {
    let letters = key.trim_end_matches(is_combining);
    (letters, &key[letters.len()..])
}

/// Whether a char of folded text or of an exact key (tones aside) belongs to a word:
/// the letters [`fold`] makes are letters again, its other chars are not.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        matches!(piece(c), Piece::Letter(_))
    }
}

/// Non-ASCII chars outside the letter table count as letters unless they sit in the
/// blocks of punctuation, symbols and emoji that news text uses: block ranges cost a few
/// comparisons where std's `is_alphanumeric` brings ~2 KB of Unicode tables into the wasm.
fn is_punctuation_or_symbol(code: u32) -> bool {
    matches!(
        code,
        0x80..=0xbf // Latin-1 punctuation: « » · ° ©, no-break space, soft hyphen
            | 0xd7 | 0xf7 // × ÷
            | 0x2b0..=0x2ff // spacing accents and ʼ
            | 0x2000..=0x2bff // – — “ ” …, currency, arrows, maths, dingbats
            | 0x3000..=0x303f // CJK punctuation
            | 0xe000..=0xf8ff // private use (icon fonts)
            | 0xfe00..=0xfe4f // variation selectors, vertical and small forms
            | 0xff00..=0xff0f | 0xff1a..=0xff20 | 0xff3b..=0xff40 | 0xff5b..=0xff65 // full width
            | 0xfff0..=0xffff // specials
            | 0x1f000..=0x1faff // emoji and pictographs
    )
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// `word` cut after `max` letters (with the marks that follow them).
fn cut_word(word: &str, max: usize) -> &str {
    let mut letters = 0;
    for (at, c) in word.char_indices() {
        if matches!(piece(c), Piece::Letter(_)) {
            if letters == max {
                return &word[..at];
            }
            letters += 1;
        }
    }
    word
}

// ---------------------------------------------------------------------------------
// The letter table.

/// What a char is to search.
#[derive(Clone, Copy)]
enum Piece {
    Letter(Letter),
    /// A combining mark (U+0300–U+036F): it changes the letter before it.
    Mark(Marks),
    /// Anything else: it separates words and is kept as written.
    Other,
}

#[derive(Clone, Copy)]
struct Letter {
    folded: Folded,
    quality: Quality,
    tone: Tone,
}

/// A letter's folded form.
#[derive(Clone, Copy)]
enum Folded {
    Ascii(u8),
    /// Ligatures and ß: æ → "ae", ß → "ss".
    Pair(u8, u8),
    /// Letters outside the table, kept (lowercased for Greek and Cyrillic).
    Char(char),
}

/// The marks of a combining character, or of a precomposed letter.
#[derive(Clone, Copy, Default)]
struct Marks {
    quality: Quality,
    tone: Tone,
}

/// The vowel-quality marks Vietnamese spells with, and đ's stroke.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Quality {
    #[default]
    None,
    Breve,
    Circumflex,
    Horn,
    Stroke,
}

/// The five tone marks (ngang, the sixth tone, has none): the combining char each is
/// written as in an exact key.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Tone {
    #[default]
    None,
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    fn mark(self) -> Option<char> {
        match self {
            Tone::None => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }
}

/// The tones seen in the current word, written at its end. Vietnamese has one per
/// syllable; a few more are kept for other languages' words, the rest dropped.
#[derive(Default)]
struct Tones {
    seen: [Tone; 4],
    len: usize,
}

impl Tones {
    fn push(&mut self, tone: Tone) {
        if tone != Tone::None && self.len < self.seen.len() {
            self.seen[self.len] = tone;
            self.len += 1;
        }
    }

    fn flush(&mut self, out: &mut String) {
        out.extend(self.seen[..self.len].iter().filter_map(|t| t.mark()));
        self.len = 0;
    }
}

impl Letter {
    fn ascii(byte: u8) -> Letter {
        Letter {
            folded: Folded::Ascii(byte),
            quality: Quality::None,
            tone: Tone::None,
        }
    }

    fn push_folded(self, out: &mut String) {
        match self.folded {
            Folded::Ascii(a) => out.push(char::from(a)),
            Folded::Pair(a, b) => {
                out.push(char::from(a));
                out.push(char::from(b));
            }
            Folded::Char(c) => out.push(c),
        }
    }

    /// The letter with its vowel quality kept, tone left out (the caller collects it).
    fn push_exact(self, out: &mut String) {
        match self.folded {
            Folded::Ascii(a) => {
                out.push(with_quality(char::from(a), self.quality).unwrap_or(char::from(a)))
            }
            _ => self.push_folded(out),
        }
    }
}

/// `base` with a quality mark, when Vietnamese spells it so.
fn with_quality(base: char, quality: Quality) -> Option<char> {
    Some(match (base, quality) {
        ('a', Quality::Breve) => 'ă',
        ('a', Quality::Circumflex) => 'â',
        ('e', Quality::Circumflex) => 'ê',
        ('o', Quality::Circumflex) => 'ô',
        ('o', Quality::Horn) => 'ơ',
        ('u', Quality::Horn) => 'ư',
        ('d', Quality::Stroke) => 'đ',
        _ => return None,
    })
}

/// A combining quality mark joins the plain letter just written (NFD "a\u{302}" → "â");
/// on any other letter it is dropped, as [`fold`] drops it.
fn apply_quality(out: &mut String, quality: Quality) {
    let Some(last) = out.chars().next_back() else {
        return;
    };
    if let Some(marked) = with_quality(last, quality) {
        out.pop();
        out.push(marked);
    }
}

fn piece(c: char) -> Piece {
    let code = u32::from(c);
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Piece::Letter(Letter::ascii(c.to_ascii_lowercase() as u8))
        } else {
            Piece::Other
        };
    }
    let entry = match code {
        0x300..=0x36f => return Piece::Mark(combining(c)),
        0xff => b"y  ",
        0xc0..=0xff => row(LATIN_1, (code - 0xc0) & 0x1f),
        0x100..=0x17f => row(LATIN_EXTENDED_A, code - 0x100),
        0x1a0 | 0x1a1 => b"o+ ",
        0x1af | 0x1b0 => b"u+ ",
        0x1ea0..=0x1ef9 => row(VIETNAMESE, (code - 0x1ea0) / 2),
        _ if is_punctuation_or_symbol(code) => return Piece::Other,
        _ => {
            let folded = Folded::Char(lower_greek_cyrillic(c));
            return Piece::Letter(Letter {
                folded,
                quality: Quality::None,
                tone: Tone::None,
            });
        }
    };
    decode(c, entry)
}

fn row(table: &'static [u8], index: u32) -> &'static [u8; 3] {
    let at = index as usize * 3;
    table[at..at + 3]
        .try_into()
        .expect("table entries are 3 bytes")
}

/// Reads a table entry: base letter, quality, tone (notation at [`VIETNAMESE`]).
fn decode(c: char, entry: &[u8; 3]) -> Piece {
    let folded = match entry[0] {
        b' ' => return Piece::Other,
        b'*' => match c {
            'Æ' | 'æ' => Folded::Pair(b'a', b'e'),
            'Œ' | 'œ' => Folded::Pair(b'o', b'e'),
            'Ĳ' | 'ĳ' => Folded::Pair(b'i', b'j'),
            'Þ' | 'þ' => Folded::Pair(b't', b'h'),
            _ => Folded::Pair(b's', b's'), // ß
        },
        base => Folded::Ascii(base),
    };
    let quality = match entry[1] {
        b'(' => Quality::Breve,
        b'^' => Quality::Circumflex,
        b'+' => Quality::Horn,
        b'-' => Quality::Stroke,
        _ => Quality::None,
    };
    let tone = match entry[2] {
        b'`' => Tone::Grave,
        b'\'' => Tone::Acute,
        b'?' => Tone::Hook,
        b'~' => Tone::Tilde,
        b'.' => Tone::Dot,
        _ => Tone::None,
    };
    Piece::Letter(Letter {
        folded,
        quality,
        tone,
    })
}

fn combining(c: char) -> Marks {
    let (quality, tone) = match c {
        '\u{300}' | '\u{340}' => (Quality::None, Tone::Grave),
        '\u{301}' | '\u{341}' => (Quality::None, Tone::Acute),
        '\u{303}' => (Quality::None, Tone::Tilde),
        '\u{309}' => (Quality::None, Tone::Hook),
        '\u{323}' => (Quality::None, Tone::Dot),
        '\u{302}' => (Quality::Circumflex, Tone::None),
        '\u{306}' => (Quality::Breve, Tone::None),
        '\u{31b}' => (Quality::Horn, Tone::None),
        _ => (Quality::None, Tone::None),
    };
    Marks { quality, tone }
}

/// Lowercase for the two other scripts a Vietnamese news site quotes most, by their
/// regular code point offsets (std's full case tables would cost ~10 KB of wasm).
fn lower_greek_cyrillic(c: char) -> char {
    let code = u32::from(c);
    let lower = match code {
        0x391..=0x3a9 if code != 0x3a2 => code + 0x20,
        0x410..=0x42f => code + 0x20,
        0x400..=0x40f => code + 0x50,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

// Each entry is three bytes: the base letter, the quality mark and the tone mark.
// Base: a letter, `*` for ligatures and ß (see `decode`), or a space for a non-letter.
// Quality: ` ` none, `(` breve, `^` circumflex, `+` horn, `-` stroke (đ).
// Tone: ` ` none, `` ` `` grave, `'` acute, `?` hook above, `~` tilde, `.` dot below.
// Marks no Vietnamese letter uses (¨ ¸ ˘ on o…) are not recorded: they fold away.

const _: () = assert!(LATIN_1.len() == 32 * 3);
const _: () = assert!(LATIN_EXTENDED_A.len() == 128 * 3);
const _: () = assert!(VIETNAMESE.len() == 45 * 3);

/// U+00C0–U+00DF; U+00E0–U+00FF are the same letters in lower case (ÿ aside, and the
/// table's last entry is ß).
const LATIN_1: &[u8] = concat!(
    "a `a 'a^ a ~a  a  *  c  ", // À Á Â Ã Ä Å Æ Ç
    "e `e 'e^ e  i `i 'i  i  ", // È É Ê Ë Ì Í Î Ï
    "d- n ~o `o 'o^ o ~o     ", // Ð Ñ Ò Ó Ô Õ Ö ×   (Ð is often typed for Đ)
    "o  u `u 'u  u  y '*  *  ", // Ø Ù Ú Û Ü Ý Þ ß
)
.as_bytes();

/// U+0100–U+017F, upper and lower case in turn.
const LATIN_EXTENDED_A: &[u8] = concat!(
    "a  a  a( a( a  a  c 'c '", // Ā ā Ă ă Ą ą Ć ć
    "c  c  c  c  c  c  d  d  ", // Ĉ ĉ Ċ ċ Č č Ď ď
    "d- d- e  e  e  e  e  e  ", // Đ đ Ē ē Ĕ ĕ Ė ė
    "e  e  e  e  g  g  g  g  ", // Ę ę Ě ě Ĝ ĝ Ğ ğ
    "g  g  g  g  h  h  h  h  ", // Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ
    "i ~i ~i  i  i  i  i  i  ", // Ĩ ĩ Ī ī Ĭ ĭ Į į
    "i  i  *  *  j  j  k  k  ", // İ ı Ĳ ĳ Ĵ ĵ Ķ ķ
    "k  l 'l 'l  l  l  l  l  ", // ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ
    "l  l  l  n 'n 'n  n  n  ", // ŀ Ł ł Ń ń Ņ ņ Ň
    "n  n  n  n  o  o  o  o  ", // ň ŉ Ŋ ŋ Ō ō Ŏ ŏ
    "o  o  *  *  r 'r 'r  r  ", // Ő ő Œ œ Ŕ ŕ Ŗ ŗ
    "r  r  s 's 's  s  s  s  ", // Ř ř Ś ś Ŝ ŝ Ş ş
    "s  s  t  t  t  t  t  t  ", // Š š Ţ ţ Ť ť Ŧ ŧ
    "u ~u ~u  u  u  u  u  u  ", // Ũ ũ Ū ū Ŭ ŭ Ů ů
    "u  u  u  u  w  w  y  y  ", // Ű ű Ų ų Ŵ ŵ Ŷ ŷ
    "y  z 'z 'z  z  z  z  s  ", // Ÿ Ź ź Ż ż Ž ž ſ
)
.as_bytes();

/// U+1EA0–U+1EF9, the Vietnamese letters Latin-1 lacks: one entry per upper/lower pair.
const VIETNAMESE: &[u8] = concat!(
    "a .a ?a^'a^`a^?a^~a^.a('a(`a(?a(~a(.", // Ạ Ả Ấ Ầ Ẩ Ẫ Ậ Ắ Ằ Ẳ Ẵ Ặ
    "e .e ?e ~e^'e^`e^?e^~e^.",             // Ẹ Ẻ Ẽ Ế Ề Ể Ễ Ệ
    "i ?i .",                               // Ỉ Ị
    "o .o ?o^'o^`o^?o^~o^.o+'o+`o+?o+~o+.", // Ọ Ỏ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ
    "u .u ?u+'u+`u+?u+~u+.",                // Ụ Ủ Ứ Ừ Ử Ữ Ự
    "y `y .y ?y ~",                         // Ỳ Ỵ Ỷ Ỹ
)
.as_bytes();
