//! demo-gen: bantin's demo and benchmark feeds.
//!
//! Reads the two seed articles (`demo/seeds/*.txt`, plain-text captures of real Vietnamese local-portal
//! pages), turns them into JSON Feed 1.1 items, appends a deterministic generated corpus of plausible
//! local news, and writes it as paginated feed files: `feed.json`, `feed-2.json`, … each with a
//! relative `next_url` to the next file.
//!
//! URL convention: every relative URL written into a feed file (`next_url`, item `image`, and `src` in
//! `content_html`) is relative to the feed file itself, as a browser would resolve it against the
//! feed's own URL. Images default to `img/…` (so `demo/img/` beside `demo/feed.json`); `--img-base`
//! changes that prefix for feeds written elsewhere (benchmarks).
//!
//! Output is a pure function of the seeds and the options: a fixed-seed xorshift PRNG, no clock, no
//! hash-map ordering. Generated item k is the same whatever `--items` is, so the demo feed is a prefix
//! of the benchmark feeds.

pub mod corpus;

use corpus::{Place, Section, CLOSINGS, ILLUSTRATIONS, PLACES, SECTIONS};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const JSONFEED_VERSION: &str = "https://jsonfeed.org/version/1.1";

/// Offset of every date written: Vietnam, UTC+7, no daylight saving.
const TZ_OFFSET_SECS: i64 = 7 * 3600;

/// Fixed PRNG seed ("bantin!!").
pub const DEFAULT_SEED: u64 = 0x6261_6e74_696e_2121;

// ---------------------------------------------------------------------------------------------
// Options

#[derive(Clone, Debug)]
pub struct Options {
    /// total items, seeds included
    pub items: usize,
    pub per_page: usize,
    /// page 1 is `<base_name>.json`, page n is `<base_name>-n.json`
    pub base_name: String,
    /// prefix of illustration URLs, relative to the feed file
    pub img_base: String,
    pub title: String,
    pub description: String,
    pub seed: u64,
    /// one line per file instead of two-space indentation
    pub compact: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            items: 60,
            per_page: 20,
            base_name: "feed".into(),
            img_base: "img/".into(),
            title: "Bản tin Kiến Thụy".into(),
            description: "Tin tức địa phương: hai bài thật từ các cổng thông tin huyện và một kho tin mẫu do demo-gen tạo ra.".into(),
            seed: DEFAULT_SEED,
            compact: false,
        }
    }
}

impl Options {
    pub fn validate(&self) -> Result<(), String> {
        if self.per_page == 0 {
            return Err("--per-page must be at least 1".into());
        }
        if self.base_name.is_empty()
            || !self
                .base_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "--base-name must be [A-Za-z0-9_-]+, got {:?}",
                self.base_name
            ));
        }
        if self.img_base.contains(['"', '<', '>', ' ']) {
            return Err(format!(
                "--img-base must be a plain URL prefix, got {:?}",
                self.img_base
            ));
        }
        Ok(())
    }

    pub fn page_file_name(&self, page: usize) -> String {
        if page <= 1 {
            format!("{}.json", self.base_name)
        } else {
            format!("{}-{}.json", self.base_name, page)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON Feed types (field order = output order; serde_json writes UTF-8, not \u escapes)

#[derive(Serialize, Clone, Debug)]
pub struct Author {
    pub name: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub content_html: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub date_published: String,
    pub authors: Vec<Author>,
    pub tags: Vec<String>,
    pub language: &'static str,
}

#[derive(Serialize)]
struct FeedPage<'a> {
    version: &'static str,
    title: &'a str,
    description: &'a str,
    language: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_url: Option<String>,
    items: &'a [Item],
}

// ---------------------------------------------------------------------------------------------
// PRNG: xorshift64*, inline so the output never depends on a crate's algorithm changing.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 { DEFAULT_SEED } else { seed })
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// 0..n (n > 0); the modulo bias is irrelevant here
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }
    /// lo..=hi
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }
    pub fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }
    /// k distinct indices of 0..n, in increasing order
    pub fn sample_sorted(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        idx.truncate(k.min(n));
        idx.sort_unstable();
        idx
    }
}

// ---------------------------------------------------------------------------------------------
// Dates (proleptic Gregorian, Howard Hinnant's algorithms)

pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Local wall-clock time in Vietnam → Unix seconds.
pub fn vn_time(y: i64, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    days_from_civil(y, mo, d) * 86_400 + (h as i64) * 3600 + (mi as i64) * 60 - TZ_OFFSET_SECS
}

/// Local (Vietnam) calendar fields of a Unix time: (year, month, day, hour, minute, second).
pub fn vn_fields(t: i64) -> (i64, u32, u32, u32, u32, u32) {
    let local = t + TZ_OFFSET_SECS;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    (
        y,
        m,
        d,
        (s / 3600) as u32,
        (s % 3600 / 60) as u32,
        (s % 60) as u32,
    )
}

/// RFC 3339 with the +07:00 offset, e.g. `2020-07-14T10:00:00+07:00`.
pub fn rfc3339_vn(t: i64) -> String {
    let (y, m, d, h, mi, s) = vn_fields(t);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}+07:00")
}

// ---------------------------------------------------------------------------------------------
// Text helpers

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// 1234567 → "1.234.567" (Vietnamese grouping)
pub fn fmt_int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// tenths → "12,5" (or "12" when the tenth is 0)
pub fn fmt_tenths(t: u32) -> String {
    if t.is_multiple_of(10) {
        fmt_int((t / 10) as u64)
    } else {
        format!("{},{}", fmt_int((t / 10) as u64), t % 10)
    }
}

pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Collapse every run of whitespace (no-break spaces included) into one space and trim.
fn clean_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lead sentence of a paragraph, or about 200 characters of it cut at a word.
pub fn summarize(text: &str) -> String {
    const MAX_SENTENCE: usize = 220;
    const CUT: usize = 200;
    let chars: Vec<char> = text.chars().collect();
    let mut end = chars.len();
    for i in 0..chars.len() {
        if matches!(chars[i], '.' | '!' | '?' | '…')
            && chars.get(i + 1) == Some(&' ')
            && chars
                .get(i + 2)
                .is_some_and(|c| c.is_uppercase() || *c == '“')
        {
            end = i + 1;
            break;
        }
    }
    if end <= MAX_SENTENCE {
        return chars[..end].iter().collect();
    }
    // cut after a comma if there is one late enough, else at a space
    let comma = (120..CUT)
        .rev()
        .find(|&i| chars[i] == ',' && chars.get(i + 1) == Some(&' '));
    let mut cut = comma.unwrap_or(CUT);
    while comma.is_none() && cut > 0 && chars[cut] != ' ' {
        cut -= 1;
    }
    let head: String = chars[..cut].iter().collect();
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ', '-', '–']))
}

// ---------------------------------------------------------------------------------------------
// Seed articles

/// How a seed file becomes an item: what the text cannot tell (id, date, tags, picture).
pub struct SeedSpec {
    pub file: &'static str,
    pub id: &'static str,
    /// Vietnam local time (y, m, d, h, min); the seeds carry no date, these are estimates from the text
    pub date: (i64, u32, u32, u32, u32),
    pub tags: &'static [&'static str],
    /// index into `corpus::ILLUSTRATIONS`
    pub image: usize,
    /// used when the text has neither a byline nor a "(SOURCE) -" dateline
    pub fallback_author: &'static str,
}

pub const SEEDS: &[SeedSpec] = &[
    SeedSpec {
        file: "kien-thuy.txt",
        id: "kien-thuy-ntm-2025",
        date: (2023, 8, 14, 8, 30),
        tags: &["Nông thôn mới", "Kiến Thụy"],
        image: 0,
        fallback_author: "Ban biên tập",
    },
    SeedSpec {
        file: "kim-bang.txt",
        id: "kim-bang-ntm-2020",
        date: (2020, 7, 14, 10, 0),
        tags: &["Nông thôn mới", "Kim Bảng"],
        image: 1,
        fallback_author: "Ban biên tập",
    },
];

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    P(String),
    H2(String),
}

#[derive(Debug, Clone)]
pub struct SeedArticle {
    pub title: String,
    pub blocks: Vec<Block>,
    /// the byline under the article, or the source of a "(MK - ASEAN) -" dateline
    pub author: Option<String>,
}

/// Portal chrome that appears before the article: image placeholders and the "TIN MỚI" box heading.
fn is_leading_chrome(line: &str) -> bool {
    let l = line.to_lowercase();
    l.is_empty() || l.starts_with("image ") || l == "image" || l == "tin mới"
}

/// Where the article ends and the portal resumes: ad slots, the visitor box, the comment form.
fn is_trailing_chrome(line: &str) -> bool {
    let l = line.to_lowercase();
    l.starts_with("image ")
        || l.starts_with("thống kê truy cập")
        || l.starts_with("leave a reply")
        || l.starts_with("your email address will not be published")
}

/// Parse a seed page's plain text into title, body blocks and byline; portal chrome is dropped.
pub fn parse_seed(text: &str) -> Result<SeedArticle, String> {
    let lines: Vec<String> = text.lines().map(clean_line).collect();
    let mut i = 0;
    while i < lines.len() && is_leading_chrome(&lines[i]) {
        i += 1;
    }
    let raw_title = lines
        .get(i)
        .ok_or("no article text after the portal chrome")?
        .clone();
    i += 1;

    // "(MK - ASEAN) - Trong 6 tháng …": a dateline naming the source before the lede
    let (mut author, title) = match split_dateline(&raw_title) {
        Some((source, rest)) => (Some(source), rest),
        None => (None, raw_title),
    };

    let mut texts: Vec<String> = Vec::new();
    for line in &lines[i..] {
        if is_trailing_chrome(line) {
            break;
        }
        if line.is_empty() {
            continue;
        }
        // the title repeated as a (possibly wrapped) heading above the body
        if texts.is_empty() && title.contains(line.as_str()) {
            continue;
        }
        texts.push(line.clone());
    }

    // a short last line without sentence punctuation is the byline ("Mai Chi")
    if let Some(last) = texts.last() {
        let words = last.split(' ').count();
        if last.chars().count() <= 40
            && words <= 5
            && !last.contains(['.', ',', '!', '?', ':', ';', '…', '“', '”', '"'])
        {
            author = texts.pop();
        }
    }
    if texts.is_empty() {
        return Err("the article has no paragraphs".into());
    }

    let n = texts.len();
    let blocks = texts
        .into_iter()
        .enumerate()
        .map(|(k, t)| {
            let heading = k + 1 < n
                && t.chars().count() <= 120
                && !t.ends_with(['.', '!', '?', '…', ':', ';', '”', '"', ',']);
            if heading {
                Block::H2(t)
            } else {
                Block::P(t)
            }
        })
        .collect();
    Ok(SeedArticle {
        title,
        blocks,
        author,
    })
}

fn split_dateline(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('(')?;
    let close = rest.find(')')?;
    let source = rest[..close].trim();
    if source.is_empty() || source.chars().count() > 40 {
        return None;
    }
    let after = rest[close + 1..].trim_start();
    let after = after
        .strip_prefix('-')
        .or_else(|| after.strip_prefix('–'))
        .or_else(|| after.strip_prefix('—'))?
        .trim_start();
    if after.is_empty() {
        return None;
    }
    Some((source.to_string(), after.to_string()))
}

fn seed_item(spec: &SeedSpec, art: &SeedArticle, opts: &Options) -> Item {
    let mut html = String::new();
    for b in &art.blocks {
        match b {
            Block::P(t) => {
                let _ = write!(html, "<p>{}</p>", escape_html(t));
            }
            Block::H2(t) => {
                let _ = write!(html, "<h2>{}</h2>", escape_html(t));
            }
        }
    }
    let first_p = art
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::P(t) => Some(t.as_str()),
            Block::H2(_) => None,
        })
        .unwrap_or(&art.title);
    let (y, mo, d, h, mi) = spec.date;
    Item {
        id: spec.id.to_string(),
        title: art.title.clone(),
        summary: summarize(first_p),
        content_html: html,
        image: Some(format!(
            "{}{}",
            opts.img_base, ILLUSTRATIONS[spec.image].file
        )),
        date_published: rfc3339_vn(vn_time(y, mo, d, h, mi)),
        authors: vec![Author {
            name: art
                .author
                .clone()
                .unwrap_or_else(|| spec.fallback_author.to_string()),
        }],
        tags: spec.tags.iter().map(|t| t.to_string()).collect(),
        language: "vi",
    }
}

/// Read and parse the seeds in `SEEDS` order from `dir`.
pub fn load_seeds(dir: &Path) -> Result<Vec<SeedArticle>, String> {
    SEEDS
        .iter()
        .map(|spec| {
            let path = dir.join(spec.file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read seed {}: {e}", path.display()))?;
            parse_seed(&text).map_err(|e| format!("seed {}: {e}", path.display()))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Generated corpus

/// Per-item values for template placeholders; drawn once so a value repeats consistently.
struct Ctx<'a> {
    place: &'a Place,
    place2: &'a Place,
    village: &'static str,
    man: &'static str,
    woman: &'static str,
    role_person: String,
    crop: (&'static str, &'static str),
    craft: &'static str,
    day: u32,
    month: u32,
    year: i64,
    nums: [u32; 20],
}

impl<'a> Ctx<'a> {
    fn new(rng: &mut Rng, place: &'a Place, t: i64) -> Self {
        let same_district: Vec<&Place> = PLACES
            .iter()
            .filter(|p| p.district == place.district && p.name != place.name)
            .collect();
        let place2 = *rng.pick(&same_district);
        let man = *rng.pick(corpus::MEN);
        let woman = *rng.pick(corpus::WOMEN);
        let role = *rng.pick(corpus::ROLES);
        // the official quoted is never the villager quoted in the same story
        let role_person = if rng.percent(50) {
            let others: Vec<&str> = corpus::MEN.iter().copied().filter(|n| *n != man).collect();
            format!(
                "ông {}, {role} {} {}",
                rng.pick(&others),
                place.kind,
                place.name
            )
        } else {
            let others: Vec<&str> = corpus::WOMEN
                .iter()
                .copied()
                .filter(|n| *n != woman)
                .collect();
            format!(
                "bà {}, {role} {} {}",
                rng.pick(&others),
                place.kind,
                place.name
            )
        };
        let (year, month, day, ..) = vn_fields(t);
        let goals = rng.range(1, 4);
        let nums = [
            rng.range(2, 9),         // 0 n_tiny
            rng.range(6, 35),        // 1 n_small
            rng.range(60, 480),      // 2 n_med
            rng.range(35, 72),       // 3 pct
            rng.range(15, 189),      // 4 pct_small (tenths)
            rng.range(955, 995),     // 5 pct_high (tenths)
            rng.range(920, 990),     // 6 pct_high2 (tenths)
            rng.range(5, 65),        // 7 ha
            rng.range(15, 180),      // 8 price (thousand đồng)
            rng.range(52, 78),       // 9 income (million đồng)
            goals,                   // 10 score: winner
            rng.range(0, goals - 1), // 11 score: loser
            rng.range(4, 16),        // 12 rooms
            rng.range(800, 9500),    // 13 area m²
            rng.range(12, 98),       // 14 km (tenths)
            rng.range(2, 5),         // 15 times
            rng.range(12, 485),      // 16 money (tenths of tỷ)
            rng.range(40, 380),      // 17 money_small (triệu)
            rng.range(6, 40),        // 18 n_small2
            rng.range(300, 2500),    // 19 workers
        ];
        Ctx {
            place,
            place2,
            village: rng.pick::<&str>(corpus::VILLAGES),
            man,
            woman,
            role_person,
            crop: *rng.pick(corpus::CROPS),
            craft: rng.pick::<&str>(corpus::CRAFTS),
            day,
            month,
            year,
            nums,
        }
    }

    fn value(&self, key: &str) -> Option<String> {
        let n = &self.nums;
        let p = self.place;
        Some(match key {
            "place" => format!("{} {}", p.kind, p.name),
            "Place" => capitalize(&format!("{} {}", p.kind, p.name)),
            "place_name" => p.name.to_string(),
            "place_name2" => self.place2.name.to_string(),
            "district" => format!("{} {}", p.district_kind, p.district),
            "District" => capitalize(&format!("{} {}", p.district_kind, p.district)),
            "village" => self.village.to_string(),
            "man" => self.man.to_string(),
            "woman" => self.woman.to_string(),
            "role_person" => self.role_person.clone(),
            "Role_person" => capitalize(&self.role_person),
            "crop" => self.crop.0.to_string(),
            "crop_short" => self.crop.1.to_string(),
            "craft" => self.craft.to_string(),
            "day" => self.day.to_string(),
            "month" => self.month.to_string(),
            "year" => self.year.to_string(),
            "school_year" => {
                let start = if self.month >= 9 {
                    self.year
                } else {
                    self.year - 1
                };
                format!("{} – {}", start, start + 1)
            }
            "n_tiny" => n[0].to_string(),
            "n_small" => n[1].to_string(),
            "n_med" => fmt_int(n[2] as u64),
            "n_small2" => n[18].to_string(),
            "workers" => fmt_int(n[19] as u64),
            "pct" => n[3].to_string(),
            "pct_small" => fmt_tenths(n[4]),
            "pct_high" => fmt_tenths(n[5]),
            "pct_high2" => fmt_tenths(n[6]),
            "ha" => n[7].to_string(),
            "price" => fmt_int(n[8] as u64 * 1000),
            "income" => n[9].to_string(),
            "score" => format!("{}-{}", n[10], n[11]),
            "rooms" => n[12].to_string(),
            "area" => fmt_int(n[13] as u64),
            "km" => fmt_tenths(n[14]),
            "times" => n[15].to_string(),
            "money" => format!("{} tỷ đồng", fmt_tenths(n[16])),
            "money_small" => format!("{} triệu đồng", n[17]),
            _ => return None,
        })
    }

    /// Replace `{key}` placeholders; an unknown key is left as is (a test looks for leftovers).
    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let key = &after[..close];
                    match self.value(key) {
                        Some(v) => out.push_str(&v),
                        None => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn figure_html(opts: &Options, img: usize, ctx: &Ctx) -> String {
    let il = &ILLUSTRATIONS[img];
    format!(
        "<figure><img src=\"{}{}\" width=\"{}\" height=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
        escape_html(&opts.img_base),
        il.file,
        corpus::IMG_W,
        corpus::IMG_H,
        escape_html(il.alt),
        escape_html(&ctx.fill(il.caption))
    )
}

fn table_html(rng: &mut Rng, sec: &Section, ctx: &Ctx) -> Option<String> {
    let table = sec.table.as_ref()?;
    let pool: Vec<&Place> = PLACES
        .iter()
        .filter(|p| p.district == ctx.place.district)
        .collect();
    let want = rng.range(3, 5) as usize;
    let picks = rng.sample_sorted(pool.len(), want);
    let mut rows: Vec<(String, u32, u32)> = picks
        .iter()
        .map(|&k| {
            let p = pool[k];
            (
                format!("{}{}", table.row_prefix, p.name),
                rng.range(table.col1.0, table.col1.1),
                rng.range(table.col2.0, table.col2.1),
            )
        })
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    let mut html = format!("<p>{}</p><table><thead><tr>", escape_html(table.intro));
    for h in table.head {
        let _ = write!(html, "<th>{}</th>", escape_html(h));
    }
    html.push_str("</tr></thead><tbody>");
    for (label, a, b) in rows {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&label),
            fmt_int(a as u64),
            fmt_int(b as u64)
        );
    }
    html.push_str("</tbody></table>");
    Some(html)
}

/// Generated item number `k` (1-based) published at `t`.
fn generated_item(rng: &mut Rng, k: usize, t: i64, opts: &Options) -> Item {
    let sec = rng.pick(SECTIONS);
    let &(title_t, lead_t) = rng.pick(sec.stories);
    let place = rng.pick(PLACES);
    let ctx = Ctx::new(rng, place, t);

    let paragraphs = 3 + rng.below(6); // 3..=8 paragraphs of text
    let body_n = (paragraphs - 2).min(sec.body.len());
    let mut texts = vec![ctx.fill(lead_t)];
    for b in rng.sample_sorted(sec.body.len(), body_n) {
        texts.push(ctx.fill(sec.body[b]));
    }
    while texts.len() + 1 < paragraphs {
        texts.push(ctx.fill(rng.pick::<&str>(CLOSINGS)));
    }
    texts.push(ctx.fill(rng.pick::<&str>(CLOSINGS)));
    texts.dedup();

    let image = if rng.percent(65) {
        Some(*rng.pick(sec.images))
    } else {
        None
    };
    let figure_at = if rng.percent(14) { Some(2) } else { None };
    let table_at = if rng.percent(18) {
        Some(3.min(texts.len()))
    } else {
        None
    };

    let mut html = String::new();
    for (i, t) in texts.iter().enumerate() {
        let _ = write!(html, "<p>{}</p>", escape_html(t));
        if figure_at == Some(i + 1) {
            // prefer a fitting illustration other than the item's own picture
            let others: Vec<usize> = sec
                .images
                .iter()
                .copied()
                .filter(|&i| Some(i) != image)
                .collect();
            let img = if others.is_empty() {
                sec.images[0]
            } else {
                *rng.pick(&others)
            };
            html.push_str(&figure_html(opts, img, &ctx));
        }
        if table_at == Some(i + 1) {
            if let Some(t) = table_html(rng, sec, &ctx) {
                html.push_str(&t);
            }
        }
    }

    let mut authors = vec![Author {
        name: rng.pick(corpus::BYLINES).to_string(),
    }];
    if rng.percent(15) {
        let second = rng.pick(corpus::BYLINES).to_string();
        if second != authors[0].name {
            authors.push(Author { name: second });
        }
    }

    Item {
        id: format!("{}-{:05}", sec.slug, k),
        title: ctx.fill(title_t),
        summary: summarize(&texts[0]),
        content_html: html,
        image: image.map(|i| format!("{}{}", opts.img_base, ILLUSTRATIONS[i].file)),
        date_published: rfc3339_vn(t),
        authors,
        tags: vec![sec.tag.to_string(), place.district.to_string()],
        language: "vi",
    }
}

/// Generated item number at which the sanitizer test article stands (item 6 of the feed).
pub const HOSTILE_AT: usize = 4;
pub const HOSTILE_ID: &str = "kiem-thu-an-toan";
pub const HOSTILE_TITLE: &str = "Kiểm thử an toàn: bài có mã độc bị lọc";

/// An article whose HTML carries classic XSS payloads between normal paragraphs. A correct sanitizer
/// shows the text and the safe link, runs nothing, and drops the rest.
fn hostile_item(t: i64) -> Item {
    let html = concat!(
        "<p>Bài viết này dùng để kiểm tra bộ lọc HTML của trình đọc tin. Nội dung bên dưới cố tình chứa các đoạn mã độc phổ biến; ",
        "nếu bộ lọc hoạt động đúng, bạn chỉ thấy chữ, danh sách và liên kết an toàn, không có hộp thoại nào bật lên.</p>",
        "<h2 id=\"tieu-de\" onclick=\"alert(1)\">1. Ảnh lỗi có thuộc tính onerror</h2>",
        "<p>Ngay sau đoạn này là một ảnh hỏng mang onerror; thuộc tính phải bị xóa: <img src=x onerror=alert(1) alt=\"ảnh thử nghiệm\"></p>",
        "<script>alert(1)</script>",
        "<h2>2. Liên kết javascript:</h2>",
        "<p>Một <a href=\"javascript:alert(1)\">liên kết javascript:</a> phải mất đường dẫn, liên kết viết lẫn hoa thường ",
        "<a href=\" JaVaScRiPt:alert(1)\">cũng vậy</a>, còn <a href=\"https://example.vn/an-toan\" target=\"_self\">liên kết thường</a> vẫn được giữ.</p>",
        "<p style=\"position:fixed;inset:0;background:red\" onmouseover=\"alert(1)\">Đoạn này có style và onmouseover: chữ vẫn hiện, hai thuộc tính bị bỏ.</p>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<svg onload=\"alert(1)\"><circle r=\"10\"></circle></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
        "<form action=\"https://example.vn/lay-mat-khau\"><input name=\"mat_khau\"><button>Gửi</button></form>",
        "<img name=\"cookie\" id=\"location\" src=\"x\" alt=\"thử DOM clobbering\">",
        "<base href=\"javascript:alert(1)//\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<style>body{display:none}</style>",
        "<h2>3. Nội dung hợp lệ vẫn hiển thị</h2>",
        "<ul><li>Chữ <strong>đậm</strong> và <em>nghiêng</em> giữ nguyên.</li><li>Danh sách, trích dẫn, bảng được phép.</li></ul>",
        "<blockquote><p>“Bộ lọc chỉ giữ những gì an toàn.”</p></blockquote>",
        "<p>Nếu bạn đọc được đến đây mà không thấy hộp thoại nào, bộ lọc đã làm đúng việc của nó.</p>",
    );
    Item {
        id: HOSTILE_ID.into(),
        title: HOSTILE_TITLE.into(),
        summary: "Bài kiểm thử chứa <script>, onerror và liên kết javascript: — trình đọc phải lọc sạch, không hộp thoại nào được bật lên.".into(),
        content_html: html.into(),
        image: None,
        date_published: rfc3339_vn(t),
        authors: vec![Author { name: "Ban biên tập".into() }],
        tags: vec!["Thời sự".into(), "Kiểm thử".into()],
        language: "vi",
    }
}

/// All items, newest first: the seeds, then the generated corpus (the sanitizer test among them).
pub fn build_items(seeds: &[SeedArticle], opts: &Options) -> Vec<Item> {
    let mut items: Vec<Item> = SEEDS
        .iter()
        .zip(seeds)
        .map(|(spec, art)| seed_item(spec, art, opts))
        .take(opts.items)
        .collect();
    let (y, mo, d, h, mi) = SEEDS[SEEDS.len() - 1].date;
    let mut t = vn_time(y, mo, d, h, mi);
    let mut rng = Rng::new(opts.seed);
    let mut k = 0;
    while items.len() < opts.items {
        k += 1;
        t -= 60 * (7 + rng.below(43) as i64); // 7–49 minutes before the previous item
        if vn_fields(t).3 < 6 {
            t -= 7 * 3600; // the newsroom sleeps: nothing between 23:00 and 06:00
        }
        if k == HOSTILE_AT {
            items.push(hostile_item(t));
        } else {
            items.push(generated_item(&mut rng, k, t, opts));
        }
    }
    items
}

/// Serialize items as pages: (file name, JSON text with a trailing newline).
pub fn paginate(items: &[Item], opts: &Options) -> Result<Vec<(String, String)>, String> {
    opts.validate()?;
    let chunks: Vec<&[Item]> = if items.is_empty() {
        vec![&[]]
    } else {
        items.chunks(opts.per_page).collect()
    };
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let page = FeedPage {
                version: JSONFEED_VERSION,
                title: &opts.title,
                description: &opts.description,
                language: "vi",
                next_url: (i + 1 < count).then(|| opts.page_file_name(i + 2)),
                items: chunk,
            };
            let mut text = if opts.compact {
                serde_json::to_string(&page)
            } else {
                serde_json::to_string_pretty(&page)
            }
            .map_err(|e| format!("cannot serialize page {}: {e}", i + 1))?;
            text.push('\n');
            Ok((opts.page_file_name(i + 1), text))
        })
        .collect()
}

/// Everything in memory: read seeds, build items, paginate.
pub fn generate(seeds_dir: &Path, opts: &Options) -> Result<Vec<(String, String)>, String> {
    opts.validate()?;
    let seeds = load_seeds(seeds_dir)?;
    paginate(&build_items(&seeds, opts), opts)
}

/// Write the pages into `out` and delete stale `<base>-N.json` pages left from a longer run.
/// Returns the written paths.
pub fn write_pages(
    out: &Path,
    pages: &[(String, String)],
    opts: &Options,
) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut written = Vec::new();
    for (name, text) in pages {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    let entries =
        std::fs::read_dir(out).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    let prefix = format!("{}-", opts.base_name);
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", out.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(num) = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".json"))
        else {
            continue;
        };
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if num
            .parse::<usize>()
            .map_or(true, |n| n > pages.len() || n < 2)
        {
            let path = entry.path();
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove stale {}: {e}", path.display()))?;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let t = vn_time(2020, 7, 14, 10, 0);
        assert_eq!(rfc3339_vn(t), "2020-07-14T10:00:00+07:00");
        assert_eq!(rfc3339_vn(t - 11 * 3600), "2020-07-13T23:00:00+07:00");
        assert_eq!(
            rfc3339_vn(vn_time(2024, 2, 29, 0, 5)),
            "2024-02-29T00:05:00+07:00"
        );
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        for z in [-800_000i64, -1, 0, 59, 18_000, 20_000, 400_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn numbers_and_escaping() {
        assert_eq!(fmt_int(0), "0");
        assert_eq!(fmt_int(1234567), "1.234.567");
        assert_eq!(fmt_int(999), "999");
        assert_eq!(fmt_tenths(125), "12,5");
        assert_eq!(fmt_tenths(120), "12");
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(capitalize("xã Đại Hà"), "Xã Đại Hà");
        assert_eq!(capitalize("đường"), "Đường");
    }

    #[test]
    fn summary_takes_first_sentence_or_cuts() {
        assert_eq!(summarize("Câu một. Câu hai."), "Câu một.");
        assert_eq!(
            summarize("Ngày 22/7/2022 có 2.5 tỷ. Tiếp."),
            "Ngày 22/7/2022 có 2.5 tỷ."
        );
        let long = "từ ".repeat(120);
        let s = summarize(long.trim());
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= 201);
    }

    #[test]
    fn every_template_fills() {
        let mut rng = Rng::new(7);
        for place in PLACES {
            let ctx = Ctx::new(&mut rng, place, vn_time(2020, 7, 1, 8, 0));
            for sec in SECTIONS {
                let all = sec
                    .stories
                    .iter()
                    .flat_map(|(a, b)| [*a, *b])
                    .chain(sec.body.iter().copied())
                    .chain(CLOSINGS.iter().copied())
                    .chain(ILLUSTRATIONS.iter().map(|i| i.caption));
                for t in all {
                    let s = ctx.fill(t);
                    assert!(!s.contains(['{', '}']), "unfilled placeholder in {s:?}");
                }
            }
        }
    }

    #[test]
    fn dateline_split() {
        assert_eq!(
            split_dateline("(MK - ASEAN) - Trong 6 tháng"),
            Some(("MK - ASEAN".into(), "Trong 6 tháng".into()))
        );
        assert_eq!(split_dateline("Không có (ngoặc) - ở đầu"), None);
    }
}
