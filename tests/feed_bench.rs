//! Figures, not tests: how long the feed reader takes on big pages. Run by
//! hand with `cargo test -p bantin --release --test feed_bench -- --ignored --nocapture`;
//! nothing here is asserted (timings depend on the machine).

use bantin::source::jsonfeed::parse;
use std::time::Instant;

fn feed(items: usize, tags_on_first: usize) -> String {
    let tags: Vec<String> = (0..tags_on_first).map(|i| format!("\"thẻ {i}\"")).collect();
    let mut body = String::from(r#"{"version":"https://jsonfeed.org/version/1.1","items":["#);
    for i in 0..items {
        if i > 0 {
            body.push(',');
        }
        let tags = if i == 0 {
            tags.join(",")
        } else {
            "\"Thời sự\",\"Hải Phòng\"".into()
        };
        body.push_str(&format!(
            r#"{{"id":"https://news.example/bai/{i}","url":"https://news.example/bai/{i}","title":"Tin số {i}: mưa lớn ở Kiến Thụy","summary":"Tóm tắt của tin {i}.","content_html":"<p>Đoạn một của bài {i}.</p><p>Đoạn hai.</p>","tags":[{tags}],"date_published":"2026-11-27T08:30:00+07:00"}}"#
        ));
    }
    body.push_str("]}");
    body
}

fn time(label: &str, text: &str) -> f64 {
    let started = Instant::now();
    let page = parse(text, "https://news.example/feed.json", &|u| {
        Some(u.to_string())
    });
    let secs = started.elapsed().as_secs_f64();
    let items = page.map(|p| p.items.len()).unwrap_or(0);
    println!(
        "{label:>28}: {:>9.1} KB  {secs:>8.3} s  ({items} items read)",
        text.len() as f64 / 1024.0
    );
    secs
}

#[test]
#[ignore = "figures for the record; run by hand"]
fn feed_parse_figures() {
    // Doubling until a page takes over a second: the largest read in under one.
    for n in [
        1_000, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000,
    ] {
        if time(&format!("{n} items"), &feed(n, 0)) > 1.0 {
            break;
        }
    }
    for n in [1_000, 10_000, 40_000] {
        time(&format!("1 item with {n} tags"), &feed(1, n));
    }
}
