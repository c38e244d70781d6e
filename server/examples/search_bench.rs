//! Timing of `/api/search`'s index (not a test): generates 10,000 and 100,000 Vietnamese
//! articles as JSON Feed pages in a temporary DIST, indexes them (to a file, as the server does),
//! then times queries typed keystroke by keystroke ("k", "ki", "kie", … "kien thuy") and a few
//! others, and prints p50/p95 per query size.
//!
//! ```sh
//! CARGO_TARGET_DIR=target/server cargo run --profile server -p bantin-server --example search_bench
//! # only some sizes: … --example search_bench -- 10000
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use bantin_fold::Query;
use bantin_server::search::{Refreshed, Search, SearchOptions};
use serde_json::json;

/// Syllables of Vietnamese news text, most common first (their rank makes their frequency).
const WORDS: &[&str] = &[
    "của",
    "và",
    "các",
    "là",
    "có",
    "được",
    "trong",
    "cho",
    "với",
    "người",
    "huyện",
    "xã",
    "năm",
    "đã",
    "những",
    "tại",
    "công",
    "nhân",
    "dân",
    "nông",
    "thôn",
    "mới",
    "phát",
    "triển",
    "kinh",
    "tế",
    "xây",
    "dựng",
    "chương",
    "trình",
    "giáo",
    "dục",
    "học",
    "sinh",
    "trường",
    "y",
    "tế",
    "bệnh",
    "viện",
    "văn",
    "hóa",
    "thể",
    "thao",
    "bóng",
    "đá",
    "giải",
    "đấu",
    "hội",
    "nghị",
    "lãnh",
    "đạo",
    "ủy",
    "ban",
    "đảng",
    "bộ",
    "chính",
    "quyền",
    "địa",
    "phương",
    "thành",
    "phố",
    "Hải",
    "Phòng",
    "Kiến",
    "Thụy",
    "Tiên",
    "Lãng",
    "Đồ",
    "Sơn",
    "Dương",
    "Kinh",
    "An",
    "Lão",
    "Vĩnh",
    "Bảo",
    "Thủy",
    "Nguyên",
    "Cát",
    "Hải",
    "biển",
    "cảng",
    "tàu",
    "cá",
    "hải",
    "sản",
    "lúa",
    "gạo",
    "mùa",
    "vụ",
    "nước",
    "đường",
    "cầu",
    "giao",
    "thông",
    "điện",
    "doanh",
    "nghiệp",
    "đầu",
    "tư",
    "dự",
    "án",
    "khu",
    "công",
    "nghiệp",
    "lao",
    "động",
    "việc",
    "làm",
    "thu",
    "nhập",
    "đời",
    "sống",
    "gia",
    "đình",
    "trẻ",
    "em",
    "phụ",
    "nữ",
    "thanh",
    "niên",
    "cựu",
    "chiến",
    "binh",
    "lễ",
    "hội",
    "truyền",
    "thống",
    "di",
    "tích",
    "lịch",
    "sử",
    "du",
    "khách",
    "mưa",
    "bão",
    "lũ",
    "phòng",
    "chống",
    "thiên",
    "tai",
    "an",
    "ninh",
    "trật",
    "tự",
    "cảnh",
    "sát",
    "tòa",
    "án",
    "pháp",
    "luật",
    "tuyên",
    "truyền",
    "hoà",
    "hòa",
    "bình",
    "thuỷ",
    "lợi",
    "kênh",
    "mương",
    "đê",
    "điều",
    "hợp",
    "tác",
    "xã",
    "chợ",
    "hàng",
    "hóa",
    "giá",
    "cả",
    "thị",
    "trường",
    "ngân",
    "sách",
    "thuế",
    "đất",
    "đai",
    "quy",
    "hoạch",
];

/// A small deterministic generator (no dependency, same articles every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Zipf-like: low ranks far more often.
    fn word(&mut self) -> &'static str {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        WORDS[((u * u * u) * WORDS.len() as f64) as usize % WORDS.len()]
    }
    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

fn write_feed(dist: &Path, articles: usize) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let per_page = 1000;
    let pages = articles.div_ceil(per_page);
    for p in 0..pages {
        let items: Vec<_> = (p * per_page..((p + 1) * per_page).min(articles))
            .map(|i| {
                let title_len = 6 + (rng.next() % 10) as usize;
                let mut title = rng.words(title_len);
                if i % 50 == 0 {
                    title.push_str(" Kiến Thụy");
                }
                let paragraphs: Vec<String> = (0..3 + rng.next() % 5)
                    .map(|_| {
                        let n = 30 + (rng.next() % 60) as usize;
                        format!("<p>{}.</p>", rng.words(n))
                    })
                    .collect();
                json!({
                    "id": format!("bai-{i}"),
                    "title": title,
                    "summary": rng.words(25),
                    "content_html": paragraphs.concat(),
                    "image": format!("img/{i}.jpg"),
                    "date_published": format!("20{:02}-{:02}-{:02}T08:00:00+07:00",
                        10 + i % 15, 1 + i % 12, 1 + i % 28),
                    "tags": [rng.word(), rng.word()],
                })
            })
            .collect();
        let mut page = json!({"version": "https://jsonfeed.org/version/1.1", "title": "Bản tin",
                              "items": items});
        if p + 1 < pages {
            page["next_url"] = json!(format!("feed-{}.json", p + 1));
        }
        let name = if p == 0 {
            "feed.json".to_string()
        } else {
            format!("feed-{p}.json")
        };
        std::fs::write(dist.join(name), serde_json::to_vec(&page).unwrap()).unwrap();
    }
    std::fs::write(
        dist.join("config.json"),
        json!({"source": {"kind": "jsonfeed", "url": "feed.json"}}).to_string(),
    )
    .unwrap();
}

/// CPU time of the process: the machine may be busy with other work, wall time then says
/// little; queries run on one thread at a time here, so this is their cost.
fn cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the struct passed to it.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn run(articles: usize) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let started = Instant::now();
    write_feed(&dist, articles);
    let feed_bytes: u64 = std::fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    println!(
        "\n{articles} articles: feed {:.1} MB written in {:.1} s",
        feed_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let index_file = dir.path().join("search.sqlite");
    let search = Search::new(
        dist.clone(),
        SearchOptions {
            refresh: Duration::ZERO,
            index_file: Some(index_file.clone()),
            ..SearchOptions::default()
        },
    );
    let started = Instant::now();
    match search.refresh().await {
        Refreshed::Built {
            articles, pages, ..
        } => println!(
            "indexed {articles} articles from {pages} pages in {:.1} s; index file {:.1} MB",
            started.elapsed().as_secs_f64(),
            std::fs::metadata(&index_file).unwrap().len() as f64 / 1e6
        ),
        other => panic!("{other:?}"),
    }
    let started = Instant::now();
    assert_eq!(search.refresh().await, Refreshed::Unchanged);
    println!("an unchanged refresh: {}", ms(started.elapsed()));

    // Keystroke by keystroke, as the app's search box sends them.
    let typed = "kien thuy";
    let keystrokes: Vec<&str> = (1..=typed.len())
        .map(|n| &typed[..n])
        .filter(|q| !q.ends_with(' '))
        .collect();
    let others = [
        "d",
        "hai phong",
        "nông thôn mới",
        "hoà bình",
        "thuỷ lợi kênh mương",
    ];
    let rounds = 15;
    let (mut typed_wall, mut typed_cpu, mut all_wall, mut all_cpu) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    println!(
        "{:<22} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "query", "total", "p50", "p95", "cpu p50", "cpu p95"
    );
    for q in keystrokes.iter().chain(others.iter()) {
        let (mut wall, mut cpu) = (Vec::new(), Vec::new());
        let mut total = 0;
        for _ in 0..rounds {
            let (t, c) = (Instant::now(), cpu_time());
            let found = search.find(Query::parse(q), 1, 20).await.unwrap();
            wall.push(t.elapsed());
            cpu.push(cpu_time().saturating_sub(c));
            total = found.total;
        }
        wall.sort();
        cpu.sort();
        println!(
            "{:<22} {:>8} {:>10} {:>10} {:>10} {:>10}",
            format!("{q:?}"),
            total,
            ms(percentile(&wall, 0.5)),
            ms(percentile(&wall, 0.95)),
            ms(percentile(&cpu, 0.5)),
            ms(percentile(&cpu, 0.95))
        );
        if keystrokes.contains(q) {
            typed_wall.extend(wall.iter().copied());
            typed_cpu.extend(cpu.iter().copied());
        }
        all_wall.extend(wall);
        all_cpu.extend(cpu);
    }
    for v in [&mut typed_wall, &mut typed_cpu, &mut all_wall, &mut all_cpu] {
        v.sort();
    }
    println!(
        "keystrokes of {typed:?}: p50 {} p95 {} (cpu {} / {}); all: p50 {} p95 {} (cpu {} / {})",
        ms(percentile(&typed_wall, 0.5)),
        ms(percentile(&typed_wall, 0.95)),
        ms(percentile(&typed_cpu, 0.5)),
        ms(percentile(&typed_cpu, 0.95)),
        ms(percentile(&all_wall, 0.5)),
        ms(percentile(&all_wall, 0.95)),
        ms(percentile(&all_cpu, 0.5)),
        ms(percentile(&all_cpu, 0.95))
    );
    // A deep page (past the re-ranked candidates).
    let t = Instant::now();
    search.find(Query::parse("kinh"), 40, 50).await.unwrap();
    println!("\"kinh\" page 40 of 50: {}", ms(t.elapsed()));
    if std::env::var_os("SEARCH_BENCH_KEEP").is_some() {
        println!("kept: {}", dir.keep().display());
    }
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    for n in sizes {
        run(n).await;
    }
}
