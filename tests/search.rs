//! The in-browser search index, merging, and related articles, on the demo portal's
//! real feed pages and on generated ones.

use bantin::model::{Article, Content};
use bantin::search::{merge, related, Hit, SearchIndex};
use bantin_fold::Query;
use std::path::Path;

/// The demo portal's three pages, parsed as the app parses them.
fn demo_articles() -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    ["feed.json", "feed-2.json", "feed-3.json"]
        .into_iter()
        .flat_map(|name| {
            let body = std::fs::read_to_string(root.join(name)).expect("demo feed");
            let url = format!("https://demo.example/{name}");
            let resolve = |u: &str| {
                Some(if u.contains("://") {
                    u.to_string()
                } else {
                    format!("https://demo.example/{u}")
                })
            };
            bantin::source::jsonfeed::parse(&body, &url, &resolve)
                .expect("demo page")
                .items
        })
        .collect()
}

fn article(id: &str, title: &str, summary: &str, published: i64) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        summary: Some(summary.into()),
        published: Some(published),
        ..Article::default()
    }
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn the_demo_feeds_find_kien_thuy_however_it_is_typed() {
    let articles = demo_articles();
    let index = SearchIndex::from_articles(&articles);
    assert_eq!(index.len(), articles.len());
    // Many demo articles are about the district: each spelling finds this one among them.
    for q in ["kien thuy", "KIẾN THỤY", "thuy kien", "Kiến Thuỵ", "kiê th"] {
        let hits = index.search(&Query::parse(q), articles.len());
        assert!(ids(&hits).contains(&"kien-thuy-ntm-2025"), "{q}: {hits:?}");
        assert!(hits.len() < articles.len(), "{q} is not found everywhere");
    }
    // A word of its own title puts it first.
    for q in ["kien thuy ntm", "ntm KIẾN THỤY"] {
        let hits = index.search(&Query::parse(q), 10);
        assert_eq!(ids(&hits)[0], "kien-thuy-ntm-2025", "{q}: {hits:?}");
    }
    assert!(index.search(&Query::parse("xyzzy"), 10).is_empty());
    assert!(index.search(&Query::parse("   "), 10).is_empty());
    assert!(index.search(&Query::parse("kien"), 0).is_empty());
}

#[test]
fn a_word_from_the_body_or_a_tag_finds_its_article() {
    let articles = demo_articles();
    let index = SearchIndex::from_articles(&articles);
    // "Thụy Hương" is a commune named only in the body of the Kiến Thụy article.
    let hits = index.search(&Query::parse("thuy huong"), 10);
    assert!(ids(&hits).contains(&"kien-thuy-ntm-2025"), "{hits:?}");
    let hits = index.search(&Query::parse("nông thôn mới"), 60);
    assert!(ids(&hits).contains(&"kien-thuy-ntm-2025"), "{hits:?}");
}

#[test]
fn exact_accents_rank_first_then_title_then_newer() {
    let index = SearchIndex::from_articles(&[
        article("bare", "Kien Thuy don Tet", "", 3),
        article("accented", "Kiến Thụy đón Tết", "", 1),
        article("other-tone", "Kiến Thủy đón Tết", "", 2),
    ]);
    let hits = index.search(&Query::parse("Kiến Thụy"), 10);
    assert_eq!(ids(&hits)[0], "accented");
    assert_eq!(hits.len(), 3);
    // Typed without accents, all three are equal, and the newest comes first.
    let hits = index.search(&Query::parse("kien thuy"), 10);
    assert_eq!(ids(&hits), ["bare", "other-tone", "accented"]);

    let index = SearchIndex::from_articles(&[
        article("in-summary", "Tin địa phương", "Huyện Kiến Thụy đón Tết", 9),
        article("in-title", "Huyện Kiến Thụy đón Tết", "Tin địa phương", 1),
    ]);
    let hits = index.search(&Query::parse("kien thuy"), 10);
    assert_eq!(ids(&hits), ["in-title", "in-summary"]);
    assert!(hits[0].score > hits[1].score);
    assert_eq!(
        ids(&index.search(&Query::parse("kien thuy"), 1)),
        ["in-title"]
    );
}

#[test]
fn a_later_copy_replaces_the_earlier_one() {
    let mut index = SearchIndex::new();
    index.add(&article("a", "Bão số 3", "", 1));
    index.add(&article("b", "Giá xăng", "", 2));
    index.add(&article("a", "Lũ quét", "", 1));
    assert_eq!(index.len(), 2);
    assert!(index.search(&Query::parse("bao"), 10).is_empty());
    assert_eq!(ids(&index.search(&Query::parse("lu quet"), 10)), ["a"]);
}

#[test]
fn the_body_is_searched_past_a_summary_cut_from_it() {
    let mut a = article("a", "Tin", "Mở đầu bài viết…", 1);
    a.content = Content::Html(
        "<p>Mở đầu bài viết, rồi <b>cầu Rào</b> &amp; chợ Sắt.</p><script>xyzzy()</script>".into(),
    );
    let index = SearchIndex::from_articles([&a]);
    for q in ["cau rao", "cho sat", "mo dau"] {
        assert_eq!(ids(&index.search(&Query::parse(q), 5)), ["a"], "{q}");
    }
    assert!(index.search(&Query::parse("xyzzy"), 5).is_empty());
    assert!(index.search(&Query::parse("amp"), 5).is_empty());
}

#[test]
fn index_scores_are_bantin_folds_scores() {
    // Without a body, the index keeps every field's exact keys, so its scores must be
    // exactly what the server's `score` gives for the same title and body.
    let articles: Vec<Article> = demo_articles()
        .into_iter()
        .map(|a| Article {
            content: Content::None,
            ..a
        })
        .collect();
    let index = SearchIndex::from_articles(&articles);
    let queries = [
        "k",
        "th",
        "kien t",
        "Kiến Thụy",
        "KIẾN THUỴ ntm",
        "hoà",
        "đ",
        "ha noi",
        "Hải Phòng",
        "giá",
        "2025",
        "xã nông thôn",
    ];
    for q in queries {
        let query = Query::parse(q);
        let hits = index.search(&query, articles.len());
        let mut expected: Vec<(u32, &str)> = articles
            .iter()
            .filter_map(|a| {
                let body = format!(
                    "{} · {}",
                    a.summary.as_deref().unwrap_or(""),
                    a.tags.join(" · ")
                );
                bantin_fold::score(&query, &a.title, &body).map(|s| (s, a.id.as_str()))
            })
            .collect();
        expected.sort_by_key(|e| std::cmp::Reverse(e.0));
        assert_eq!(hits.len(), expected.len(), "{q}");
        for hit in &hits {
            assert!(
                expected.contains(&(hit.score, hit.id.as_str())),
                "{q}: {hit:?}"
            );
        }
        assert_eq!(
            hits.iter().map(|h| h.score).collect::<Vec<_>>(),
            expected.iter().map(|e| e.0).collect::<Vec<_>>(),
            "{q}"
        );
    }
}

#[test]
fn replacing_many_articles_compacts_the_index() {
    let mut index = SearchIndex::new();
    for i in 0..100 {
        index.add(&article(&format!("a{i}"), &format!("Bão số {i}"), "", i));
    }
    let before = index.heap_bytes();
    // The same copies again change nothing.
    for i in 0..100 {
        index.add(&article(&format!("a{i}"), &format!("Bão số {i}"), "", i));
    }
    assert_eq!(index.heap_bytes(), before);
    for i in 0..80 {
        index.add(&article(&format!("a{i}"), &format!("Lũ quét {i}"), "", i));
    }
    assert_eq!(index.len(), 100);
    assert_eq!(index.search(&Query::parse("bao"), 200).len(), 20);
    assert_eq!(index.search(&Query::parse("lu quet"), 200).len(), 80);
    assert_eq!(ids(&index.search(&Query::parse("lu 79"), 5)), ["a79"]);
    assert_eq!(ids(&index.search(&Query::parse("bao 99"), 5)), ["a99"]);
    index.compact();
    assert_eq!(index.len(), 100);
    assert_eq!(ids(&index.search(&Query::parse("lu 7"), 1)), ["a7"]);
}

#[test]
fn merge_keeps_each_id_once_best_first() {
    let hit = |id: &str, score| Hit {
        id: id.into(),
        score,
    };
    let merged = merge(
        vec![hit("a", 150), hit("b", 120), hit("c", 40)],
        vec![hit("d", 200), hit("b", 300), hit("e", 120), hit("c", 40)],
    );
    assert_eq!(
        merged,
        [
            hit("d", 200),
            hit("a", 150),
            hit("b", 120),
            hit("e", 120),
            hit("c", 40)
        ]
    );
    assert!(merge(Vec::new(), Vec::new()).is_empty());
}

#[test]
fn related_prefers_shared_tags_then_title_words() {
    let tagged = |id: &str, title: &str, tags: &[&str], published| Article {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..article(id, title, "", published)
    };
    let me = tagged(
        "me",
        "Kiến Thụy về đích nông thôn mới",
        &["Nông thôn mới", "Hải Phòng"],
        5,
    );
    let candidates = [
        tagged("words", "Nông thôn mới ở Thủy Nguyên", &[], 9),
        me.clone(),
        tagged("one-tag", "Giá lúa tăng", &["nông thôn mới"], 1),
        tagged("two-tags", "Chợ phiên", &["Hải Phòng", "Nông thôn mới"], 2),
        tagged("stop-words", "Người dân được và có", &[], 8),
        tagged("nothing", "Bóng đá", &["Thể thao"], 7),
    ];
    let ids_of = |found: Vec<usize>| -> Vec<&str> {
        found
            .into_iter()
            .map(|i| candidates[i].id.as_str())
            .collect()
    };
    assert_eq!(
        ids_of(related(&me, &candidates, 5)),
        ["two-tags", "one-tag", "words"]
    );
    assert_eq!(ids_of(related(&me, &candidates, 1)), ["two-tags"]);

    // Nothing related: the newest others, so the section is never empty.
    let lonely = tagged("lonely", "Xổ số", &[], 3);
    assert_eq!(
        ids_of(related(&lonely, &candidates, 2)),
        ["words", "stop-words"]
    );
    assert!(related(&me, std::slice::from_ref(&me), 3).is_empty());
    assert!(related(&me, &candidates, 0).is_empty());
}

#[test]
fn related_on_the_demo_feeds_is_never_empty_nor_itself() {
    let articles = demo_articles();
    for a in &articles {
        let found = related(a, &articles, 5);
        assert!(!found.is_empty(), "{}", a.id);
        assert!(found.iter().all(|&i| articles[i].id != a.id));
    }
}

// ---- Generated feeds: 10,000 articles, as many as a long reading session loads.

/// Deterministic articles of realistic length and vocabulary, cut from the demo
/// articles' own text at random places (so words come with their natural frequencies):
/// a 12-word title, a 35-word summary, two of the demo's tags and a 250-word body in
/// paragraphs.
fn generated(count: usize) -> Vec<Article> {
    let demo = demo_articles();
    let text: String = demo
        .iter()
        .map(|a| match &a.content {
            Content::Html(html) => bantin::text::html_to_text(html),
            Content::Text(text) => text.clone(),
            Content::None => a.title.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    let pool: Vec<&str> = text.split_whitespace().collect();
    let tags: Vec<&String> = demo.iter().flat_map(|a| &a.tags).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut run = |n: usize| pool[next(pool.len() - n)..][..n].join(" ");
    (0..count)
        .map(|i| {
            let body = (0..5)
                .map(|_| format!("<p>{}</p>", run(50)))
                .collect::<String>();
            Article {
                id: format!("a{i}"),
                title: run(12),
                summary: Some(run(35)),
                tags: vec![
                    tags[i % tags.len()].clone(),
                    tags[(i * 7) % tags.len()].clone(),
                ],
                content: Content::Html(body),
                published: Some(1_700_000_000_000 + i as i64 * 60_000),
                ..Article::default()
            }
        })
        .collect()
}

#[test]
fn ten_thousand_generated_articles_answer_a_query() {
    let articles = generated(10_000);
    let index = SearchIndex::from_articles(&articles);
    assert_eq!(index.len(), 10_000);
    let hits = index.search(&Query::parse("kien thuy"), 20);
    assert_eq!(hits.len(), 20);
    // Best first: both words in the title beat either in the body.
    let title_has_both = |hit: &Hit| {
        let i: usize = hit.id[1..].parse().expect("generated id");
        let title = bantin_fold::fold(&articles[i].title);
        title.contains("kien") && title.contains("thuy")
    };
    assert!(title_has_both(&hits[0]), "{hits:?}");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
}

/// Native timing, never asserted: `cargo test --release --test search -- --ignored
/// --nocapture`. Types "kien thuy" one keystroke at a time over 10,000 articles and
/// prints each keystroke's mean, p50/p95 over all, and the index's heap (figures and the
/// wasm equivalents in docs/search.md).
#[test]
#[ignore]
fn timing_typing_kien_thuy_over_ten_thousand_articles() {
    use std::time::Instant;
    let articles = generated(10_000);
    let start = Instant::now();
    let index = SearchIndex::from_articles(&articles);
    let build = start.elapsed();
    let typed = "kien thuy";
    // The first round warms caches up and is not counted.
    const ROUNDS: usize = 20;
    let mut times = Vec::new();
    let mut per_prefix = vec![0.0; typed.len()];
    for round in 0..ROUNDS {
        for end in 1..=typed.len() {
            let start = Instant::now();
            let hits = index.search(&Query::parse(&typed[..end]), 20);
            let took = start.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(hits);
            if round > 0 {
                times.push(took);
                per_prefix[end - 1] += took / (ROUNDS - 1) as f64;
            }
        }
    }
    for (end, ms) in per_prefix.iter().enumerate() {
        println!("{:>10} {ms:.2} ms", format!("{:?}", &typed[..=end]));
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    let heap = index.heap_bytes();
    println!(
        "built in {:.1} ms; per query p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} queries); \
         index ≈ {} KB, {} bytes per article",
        build.as_secs_f64() * 1e3,
        at(0.5),
        at(0.95),
        at(1.0),
        times.len(),
        heap / 1024,
        heap / index.len()
    );
}
