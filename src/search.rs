//! Search over the articles the reader has loaded, in the browser, and the related
//! articles under an article. Folding, matching and scoring come from `bantin-fold`,
//! which bantin-server's search uses too, so a local and a remote hit for the same query
//! carry the same score and [`merge`] can interleave them.
//!
//! The index is inverted: each distinct word, folded, lists the articles that have it
//! and in which field. A term is a prefix, so its words are a range of the sorted
//! vocabulary, and a query touches only the articles that have those words. A term of
//! one or two letters starts too many words for that (every "t…" word), so short
//! prefixes have lists of their own. Typing at 10,000 articles stays well under a
//! frame's worth of work (docs/search.md).

use crate::model::{Article, Content};
use bantin_fold::{exact_key, fold, words, Field, Query, Term, MAX_WORD_BONUS};
use rustc_hash::{FxHashMap, FxHasher};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::ops::Bound;

/// How much of an article's body is searched, in characters of text: its opening says
/// what it is about, and the rest would multiply the index's memory.
const BODY_CHARS: usize = 600;
/// HTML read to find those characters: markup and entities take room of their own.
const BODY_HTML_BYTES: usize = 8 * BODY_CHARS;

/// One article found, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: String,
    pub score: u32,
}

/// The loaded articles' words, for searching as the reader types.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Every article indexed, in the order added. A replaced article's slot stays, dead,
    /// until [`SearchIndex::compact`] drops it: postings cannot be taken out one by one
    /// cheaply.
    slots: Vec<Slot>,
    /// The live slot of each id.
    ids: FxHashMap<Box<str>, u32>,
    /// Folded words of title and body (summary, tags, the body's opening) → postings.
    folded: Vocabulary,
    /// Exact keys of the words of title, summary and tags → postings. The body's opening
    /// has none: a match there counts without the accent bonus, and the index stays
    /// smaller.
    exact: Vocabulary,
    /// Folded prefixes of one and two letters → how many words of each field start
    /// with them in each article (see [`short_posting`]).
    short: FxHashMap<Box<str>, Vec<u32>>,
    dead: usize,
}

/// Word → postings, in slot order, sorted by word so that the words starting with a
/// term are a range. A posting is `slot << 2 | fields` (bit 0: title, bit 1: body).
type Vocabulary = BTreeMap<Box<str>, Vec<u32>>;
const IN_TITLE: u32 = 1;
const IN_BODY: u32 = 2;
/// Prefixes up to this many letters have lists in `short`.
const SHORT: usize = 2;

#[derive(Debug)]
struct Slot {
    id: Box<str>,
    /// Epoch milliseconds, to put newer articles first among equal scores.
    published: i64,
    /// A hash of what was indexed: the same article added again (a feed page fetched
    /// again) costs nothing.
    fingerprint: u64,
    live: bool,
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// An index of `articles`; a later article with an id seen before replaces it.
    pub fn from_articles<'a>(articles: impl IntoIterator<Item = &'a Article>) -> Self {
        let mut index = Self::new();
        for article in articles {
            index.add(article);
        }
        index
    }

    /// Indexes `article`, replacing an article indexed before under the same id (a feed
    /// page fetched again may carry an edited copy).
    pub fn add(&mut self, article: &Article) {
        let fingerprint = fingerprint(article);
        if let Some(&old) = self.ids.get(article.id.as_str()) {
            let slot = &mut self.slots[old as usize];
            if slot.fingerprint == fingerprint {
                return;
            }
            slot.live = false;
            self.dead += 1;
        }
        let slot = self.slots.len() as u32;
        self.slots.push(Slot {
            id: article.id.as_str().into(),
            published: article.published.unwrap_or(i64::MIN),
            fingerprint,
            live: true,
        });
        self.ids.insert(article.id.as_str().into(), slot);

        let summary = article.summary.as_deref().unwrap_or("");
        let tags = article.tags.join(" · ");
        let opening = body_opening(article, summary);
        let body = [summary, &tags, &opening];
        let words = post(&mut self.folded, slot, &[&article.title], &body, fold);
        post_short(&mut self.short, slot, &words);
        post(
            &mut self.exact,
            slot,
            &[&article.title],
            &body[..2],
            exact_key,
        );

        if self.dead > 64 && self.dead > self.slots.len() / 4 {
            self.compact();
        }
    }

    /// Articles indexed (replaced copies not counted).
    pub fn len(&self) -> usize {
        self.slots.len() - self.dead
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` articles for `query`: highest score first, newer first among
    /// equal scores, then in the order they were added.
    pub fn search(&self, query: &Query, limit: usize) -> Vec<Hit> {
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut tally = Tally::new(self.slots.len());
        for (t, term) in query.each_term().enumerate() {
            tally.term(t, term, self);
            if tally.touched.is_empty() {
                return Vec::new();
            }
        }
        // (score, published, slot), best first; only the best `limit` are kept.
        let mut best: Vec<(u32, i64, u32)> = Vec::with_capacity(limit + 1);
        for &slot in &tally.touched {
            let Slot {
                published, live, ..
            } = self.slots[slot as usize];
            if !live {
                continue;
            }
            let i = slot as usize;
            let score = tally.total[i] + u32::from(tally.words[i]).min(MAX_WORD_BONUS);
            keep_best(&mut best, (score, published, slot), limit);
        }
        best.into_iter()
            .map(|(score, _, slot)| Hit {
                id: self.slots[slot as usize].id.to_string(),
                score,
            })
            .collect()
    }

    /// Drops the slots of replaced articles and their postings.
    pub fn compact(&mut self) {
        let mut renumber = Vec::with_capacity(self.slots.len());
        let mut next = 0;
        for slot in &self.slots {
            renumber.push(next);
            next += u32::from(slot.live);
        }
        // Keeps the postings of live slots, renumbered; false when none is left.
        let renumbered = |postings: &mut Vec<u32>, shift: u32| {
            let payload = (1 << shift) - 1;
            postings.retain(|p| self.slots[(p >> shift) as usize].live);
            for p in postings.iter_mut() {
                *p = renumber[(*p >> shift) as usize] << shift | (*p & payload);
            }
            postings.shrink_to_fit();
            !postings.is_empty()
        };
        self.folded.retain(|_, postings| renumbered(postings, 2));
        self.exact.retain(|_, postings| renumbered(postings, 2));
        self.short.retain(|_, postings| renumbered(postings, 10));
        self.slots.retain(|slot| slot.live);
        for (id, slot) in self.ids.iter_mut() {
            *slot = renumber[*slot as usize];
            debug_assert_eq!(self.slots[*slot as usize].id, *id);
        }
        self.dead = 0;
    }

    /// Approximate heap bytes of the index: postings, words, ids and the tables around
    /// them (a B-tree entry costs about a tenth more than its key and value for nodes, a
    /// hash table entry a control byte and an eighth kept free).
    pub fn heap_bytes(&self) -> usize {
        let in_tree = std::mem::size_of::<(Box<str>, Vec<u32>)>() / 10;
        let in_table = std::mem::size_of::<(Box<str>, Vec<u32>)>() / 8 + 1;
        let slots = self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.slots.iter().map(|s| s.id.len()).sum::<usize>();
        let ids = self.ids.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1)
            + self.ids.keys().map(|id| id.len()).sum::<usize>();
        list_bytes(self.folded.iter(), in_tree)
            + list_bytes(self.exact.iter(), in_tree)
            + list_bytes(self.short.iter(), in_table)
            + slots
            + ids
    }
}

/// Heap bytes of postings lists: each entry's key, value and `overhead`, the word, the
/// postings.
fn list_bytes<'a>(
    lists: impl Iterator<Item = (&'a Box<str>, &'a Vec<u32>)>,
    overhead: usize,
) -> usize {
    let entry = std::mem::size_of::<(Box<str>, Vec<u32>)>() + overhead;
    lists
        .map(|(word, postings)| entry + word.len() + postings.capacity() * 4)
        .sum()
}

/// Adds one article's postings: each distinct word of `key(title)` and of `key(body)`
/// once, marked with the fields it is in. Returns those words.
fn post(
    vocabulary: &mut Vocabulary,
    slot: u32,
    title: &[&str],
    body: &[&str],
    key: fn(&str) -> String,
) -> FxHashMap<Box<str>, u32> {
    let mut fields: FxHashMap<Box<str>, u32> = FxHashMap::default();
    for (parts, field) in [(title, IN_TITLE), (body, IN_BODY)] {
        for part in parts {
            let text = key(part);
            for word in words(&text) {
                let word = &text[word];
                match fields.get_mut(word) {
                    Some(seen_in) => *seen_in |= field,
                    None => {
                        fields.insert(word.into(), field);
                    }
                }
            }
        }
    }
    for (word, &field) in &fields {
        let posting = slot << 2 | field;
        match vocabulary.get_mut(word) {
            Some(postings) => push(postings, posting),
            None => {
                vocabulary.insert(word.clone(), vec![posting]);
            }
        }
    }
    fields
}

/// A posting of `short`: the slot (room for four million), whether a word of title and
/// body is the prefix itself, and how many distinct words of each start with it (capped
/// at 15, more than the word bonus counts).
fn short_posting(slot: u32, counts: &ShortCounts) -> u32 {
    let [title_words, body_words] = counts.words.map(|n| n.min(15));
    slot << 10
        | u32::from(counts.whole[0]) << 9
        | u32::from(counts.whole[1]) << 8
        | title_words << 4
        | body_words
}

/// A posting of `short` read back: the slot, the points its best word earns, and how
/// many words of title and body start with the prefix.
fn read_short(posting: u32) -> (usize, u32, u32) {
    let (title_words, body_words) = ((posting >> 4) & 15, posting & 15);
    let points = if title_words > 0 {
        Field::Title.points(posting & 1 << 9 != 0, false)
    } else {
        Field::Body.points(posting & 1 << 8 != 0, false)
    };
    ((posting >> 10) as usize, points, title_words + body_words)
}

/// What one article's words say about one short prefix, title then body.
#[derive(Default)]
struct ShortCounts {
    words: [u32; 2],
    whole: [bool; 2],
}

/// Adds one article's postings for the short prefixes of its folded `words`.
fn post_short(
    short: &mut FxHashMap<Box<str>, Vec<u32>>,
    slot: u32,
    words: &FxHashMap<Box<str>, u32>,
) {
    let mut prefixes: FxHashMap<&str, ShortCounts> = FxHashMap::default();
    for (word, &fields) in words {
        let ends = word.char_indices().map(|(at, c)| at + c.len_utf8());
        for end in ends.take(SHORT) {
            let counts = prefixes.entry(&word[..end]).or_default();
            for (i, field) in [IN_TITLE, IN_BODY].into_iter().enumerate() {
                if fields & field != 0 {
                    counts.words[i] += 1;
                    counts.whole[i] |= end == word.len();
                }
            }
        }
    }
    for (prefix, counts) in prefixes {
        let posting = short_posting(slot, &counts);
        match short.get_mut(prefix) {
            Some(postings) => push(postings, posting),
            None => {
                short.insert(prefix.into(), vec![posting]);
            }
        }
    }
}

/// Appends to a postings list growing it by a quarter at a time, not the doubling of
/// `Vec::push`: thousands of lists grow a little with each feed page, and doubling would
/// leave a third of the index's memory empty on average.
fn push(postings: &mut Vec<u32>, posting: u32) {
    if postings.len() == postings.capacity() {
        postings.reserve_exact(postings.len() / 4 + 2);
    }
    postings.push(posting);
}

/// The words of `vocabulary` that start with `prefix`: a range of the sorted keys.
fn starting_with<'v>(
    vocabulary: &'v Vocabulary,
    prefix: &'v str,
) -> impl Iterator<Item = (&'v str, &'v [u32])> {
    vocabulary
        .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
        .map(|(word, postings)| (&**word, postings.as_slice()))
        .take_while(move |(word, _)| word.starts_with(prefix))
}

/// A query's running score per slot, touched only where a term's words are.
struct Tally {
    /// Points of the terms so far, for slots that matched them all.
    total: Vec<u32>,
    /// How many terms in a row each slot has matched: a slot that missed one is out.
    matched: Vec<u8>,
    /// Distinct (term, field, word) matches, for the word bonus.
    words: Vec<u8>,
    /// The current term's best points per slot.
    best: Vec<u32>,
    /// The slots the current term matched (after the last term: the hits).
    touched: Vec<u32>,
}

impl Tally {
    fn new(slots: usize) -> Self {
        Tally {
            total: vec![0; slots],
            matched: vec![0; slots],
            words: vec![0; slots],
            best: vec![0; slots],
            touched: Vec::new(),
        }
    }

    /// Scores term number `t` in every slot that matched the terms before it.
    fn term(&mut self, t: usize, term: Term, index: &SearchIndex) {
        self.touched.clear();
        if term.folded().chars().count() <= SHORT {
            let postings = index
                .short
                .get(term.folded())
                .map_or(&[][..], |p| p.as_slice());
            for &posting in postings {
                let (slot, points, words) = read_short(posting);
                self.count(t, slot, points, words);
            }
        } else {
            for (word, postings) in starting_with(&index.folded, term.folded()) {
                let in_title = term.points(word, Field::Title).unwrap_or(0);
                let in_body = term.points(word, Field::Body).unwrap_or(0);
                for &posting in postings {
                    let title = posting & IN_TITLE != 0;
                    let body = posting & IN_BODY != 0;
                    let points = if title { in_title } else { in_body };
                    let words = u32::from(title) + u32::from(body);
                    self.count(t, (posting >> 2) as usize, points, words);
                }
            }
        }
        if let Some(letters) = term.exact_letters() {
            for (word, postings) in starting_with(&index.exact, letters) {
                let in_title = term.exact_points(word, Field::Title);
                let in_body = term.exact_points(word, Field::Body);
                let (Some(in_title), Some(in_body)) = (in_title, in_body) else {
                    continue; // another tone
                };
                for &posting in postings {
                    let slot = (posting >> 2) as usize;
                    // An exact match is a folded one too: a slot this term has not
                    // touched lacks an earlier term.
                    if self.best[slot] > 0 {
                        let points = if posting & IN_TITLE != 0 {
                            in_title
                        } else {
                            in_body
                        };
                        self.best[slot] = self.best[slot].max(points);
                    }
                }
            }
        }
        for &slot in &self.touched {
            let slot = slot as usize;
            self.total[slot] += std::mem::take(&mut self.best[slot]);
            self.matched[slot] += 1;
        }
    }

    /// A word match of term `t` in `slot` worth `points`, found in `words` fields.
    fn count(&mut self, t: usize, slot: usize, points: u32, words: u32) {
        if usize::from(self.matched[slot]) != t {
            return; // the slot lacks an earlier term
        }
        if self.best[slot] == 0 {
            self.touched.push(slot as u32);
        }
        self.best[slot] = self.best[slot].max(points);
        self.words[slot] = self.words[slot].saturating_add(words as u8);
    }
}

/// Inserts `item` into `best` (highest score, then newest, first; earlier among equals),
/// keeping at most `n`. An insertion rather than a sort: lists are short, and a sort
/// would bring std's sorting code into the wasm (docs/size.md).
fn keep_best<T>(best: &mut Vec<(u32, i64, T)>, item: (u32, i64, T), n: usize) {
    let at = best.partition_point(|&(s, p, _)| (s, p) >= (item.0, item.1));
    if at < n {
        best.insert(at, item);
        best.truncate(n);
    }
}

/// What the index keeps of an article, hashed.
fn fingerprint(article: &Article) -> u64 {
    let mut h = FxHasher::default();
    (
        &article.title,
        &article.summary,
        &article.tags,
        article.published,
    )
        .hash(&mut h);
    match &article.content {
        Content::Html(s) | Content::Text(s) => cut_at_char(s, BODY_HTML_BYTES).hash(&mut h),
        Content::None => {}
    }
    h.finish()
}

/// The body's text after the summary, up to [`BODY_CHARS`]: feeds without a summary get
/// one cut from the body, and indexing those words twice would only cost memory.
fn body_opening(article: &Article, summary: &str) -> String {
    let text = match &article.content {
        Content::Html(html) => crate::text::html_to_text(cut_at_char(html, BODY_HTML_BYTES)),
        Content::Text(text) => crate::text::collapse_whitespace(cut_at_char(text, BODY_HTML_BYTES)),
        Content::None => return String::new(),
    };
    let lead = summary.trim_end_matches('…').trim();
    let rest = match text.strip_prefix(lead) {
        Some(rest) if !lead.is_empty() => rest,
        _ => text.as_str(),
    };
    rest.chars().take(BODY_CHARS).collect()
}

/// `s` cut to at most `max` bytes, at a char boundary.
fn cut_at_char(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Local and remote hits as one list: each id once (the local hit when both have it),
/// highest score first, local before remote among equal scores.
pub fn merge(local: Vec<Hit>, remote: Vec<Hit>) -> Vec<Hit> {
    // Insertion into a short list (a page of hits) rather than a sort, which would
    // bring std's sorting code into the wasm (docs/size.md).
    let mut merged: Vec<Hit> = Vec::with_capacity(local.len() + remote.len());
    for hit in local.into_iter().chain(remote) {
        if merged.iter().any(|h| h.id == hit.id) {
            continue;
        }
        let at = merged.partition_point(|h| h.score >= hit.score);
        merged.insert(at, hit);
    }
    merged
}

/// Words too common in Vietnamese headlines to say two articles are related.
const STOP_WORDS: &[&str] = &[
    "và", "của", "các", "những", "cho", "với", "trong", "là", "được", "có", "đã", "năm", "người",
    "một", "này", "đến", "từ", "tại", "theo", "khi", "về", "sẽ", "không", "để", "ra", "vào", "thì",
    "mà", "như", "nhiều", "còn", "đang", "sau", "trên", "dưới", "bị", "lại", "ở", "hơn", "nhất",
    "mới", "cùng", "gì", "sao", "ngày", "tháng", "thế", "nào",
];

/// Points for each tag two articles share: a tag is the publisher's own statement of
/// the subject, so it outweighs a few title words.
const SHARED_TAG: u32 = 10;
/// Points for each title word two articles share, and extra for two words in a row
/// (Vietnamese words are often two syllables: "nông thôn", "Hải Phòng").
const SHARED_WORD: u32 = 1;
const SHARED_PAIR: u32 = 2;

/// Up to `n` indices into `candidates` of the articles most related to `article`: by
/// shared tags, then shared title words (common words aside, accents compared), never
/// the article itself, newer first among equals. Only related candidates are given;
/// when none is, the newest others are, so the section is never empty while there are
/// other articles. A replacement for `model::related` that returns indices.
pub fn related(article: &Article, candidates: &[Article], n: usize) -> Vec<usize> {
    let tags: Vec<String> = article.tags.iter().map(|t| fold(t)).collect();
    let stop: Vec<String> = STOP_WORDS.iter().map(|w| exact_key(w)).collect();
    let own = title_words(&article.title, &stop);
    let own_pairs: Vec<(&str, &str)> = own
        .windows(2)
        .map(|w| (w[0].as_str(), w[1].as_str()))
        .collect();

    let mut best: Vec<(u32, i64, usize)> = Vec::with_capacity(n + 1);
    let mut newest: Vec<(u32, i64, usize)> = Vec::with_capacity(n + 1);
    for (i, candidate) in candidates.iter().enumerate() {
        if candidate.id == article.id {
            continue;
        }
        let published = candidate.published.unwrap_or(i64::MIN);
        keep_best(&mut newest, (0, published, i), n);

        let shared_tags = candidate
            .tags
            .iter()
            .filter(|t| tags.contains(&fold(t)))
            .count() as u32;
        let words = title_words(&candidate.title, &stop);
        let shared_words = distinct(&words).filter(|w| own.contains(w)).count() as u32;
        let shared_pairs = words
            .windows(2)
            .filter(|w| own_pairs.contains(&(w[0].as_str(), w[1].as_str())))
            .count() as u32;
        let score =
            shared_tags * SHARED_TAG + shared_words * SHARED_WORD + shared_pairs * SHARED_PAIR;
        if score > 0 {
            keep_best(&mut best, (score, published, i), n);
        }
    }
    let chosen = if best.is_empty() { newest } else { best };
    chosen.into_iter().map(|(_, _, i)| i).collect()
}

/// A title's words as exact keys, in order, without common words, single letters and
/// numbers.
fn title_words(title: &str, stop: &[String]) -> Vec<String> {
    let key = exact_key(title);
    bantin_fold::words(&key)
        .map(|word| &key[word])
        .filter(|w| w.trim_end_matches(is_tone).chars().count() > 1)
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .filter(|w| !stop.iter().any(|s| s == w))
        .map(str::to_string)
        .collect()
}

/// The tone marks an exact key writes at the end of a word.
fn is_tone(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Each word once, in order of first appearance.
fn distinct(words: &[String]) -> impl Iterator<Item = &String> {
    words
        .iter()
        .enumerate()
        .filter(|&(i, w)| !words[..i].contains(w))
        .map(|(_, w)| w)
}
