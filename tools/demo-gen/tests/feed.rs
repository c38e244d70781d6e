//! Native tests of demo-gen's output and of the committed demo assets it belongs with.

use demo_gen::{generate, write_pages, Options, HOSTILE_ID, HOSTILE_TITLE, JSONFEED_VERSION};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seeds() -> PathBuf {
    repo().join("demo/seeds")
}

/// A fresh scratch directory under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("demo-gen-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Follow `next_url` from `<dir>/<first>` and return every page, checking the JSON Feed shape.
fn walk_feed(dir: &Path, first: &str) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    let mut next = Some(first.to_string());
    while let Some(name) = next {
        assert!(seen.insert(name.clone()), "next_url cycle at {name}");
        assert!(
            !name.contains('/') && !name.contains(':'),
            "next_url should be a sibling file name: {name}"
        );
        let page = read_json(&dir.join(&name));
        assert_eq!(page["version"], JSONFEED_VERSION);
        assert!(page["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(page["items"].is_array(), "{name}: items is not a list");
        next = page
            .get("next_url")
            .map(|v| v.as_str().expect("next_url is a string").to_string());
        pages.push(page);
    }
    pages
}

fn all_items(pages: &[Value]) -> Vec<Value> {
    pages
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().clone())
        .collect()
}

fn is_rfc3339_vn(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 25
        && s.ends_with("+07:00")
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && [0..4, 5..7, 8..10, 11..13, 14..16, 17..19]
            .iter()
            .all(|r| b[r.clone()].iter().all(u8::is_ascii_digit))
}

fn check_items(items: &[Value]) {
    let mut ids = HashSet::new();
    let mut prev_date: Option<String> = None;
    for it in items {
        let id = it["id"].as_str().expect("id is a string");
        assert!(
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "id {id:?}"
        );
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        assert!(
            it["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{id}: title"
        );
        assert!(
            it["summary"]
                .as_str()
                .is_some_and(|t| !t.is_empty() && t.chars().count() <= 230),
            "{id}: summary"
        );
        let html = it["content_html"].as_str().expect("content_html");
        assert!(html.starts_with('<'), "{id}: content_html");
        let date = it["date_published"].as_str().expect("date_published");
        assert!(is_rfc3339_vn(date), "{id}: date {date}");
        if let Some(p) = &prev_date {
            assert!(
                date < p.as_str(),
                "{id}: dates must descend ({date} after {p})"
            );
        }
        prev_date = Some(date.to_string());
        let authors = it["authors"].as_array().expect("authors");
        assert!(
            !authors.is_empty()
                && authors
                    .iter()
                    .all(|a| a["name"].as_str().is_some_and(|n| !n.is_empty()))
        );
        let tags = it["tags"].as_array().expect("tags");
        assert!(!tags.is_empty());
        if let Some(img) = it.get("image") {
            assert!(
                img.as_str().unwrap().starts_with("img/")
                    && img.as_str().unwrap().ends_with(".svg")
            );
        }
    }
}

#[test]
fn default_feed_is_valid_json_feed_with_a_next_url_chain() {
    let dir = Scratch::new("default");
    let opts = Options::default();
    let pages = generate(&seeds(), &opts).expect("generate");
    write_pages(&dir.0, &pages, &opts).expect("write");
    let pages = walk_feed(&dir.0, "feed.json");
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0]["next_url"], "feed-2.json");
    assert_eq!(pages[1]["next_url"], "feed-3.json");
    assert!(pages[2].get("next_url").is_none());
    assert!(pages
        .iter()
        .all(|p| p["items"].as_array().unwrap().len() == 20));
    let items = all_items(&pages);
    assert_eq!(items.len(), 60);
    check_items(&items);
    // a mixed corpus: pictures, figures, tables, several sections
    assert!(items.iter().filter(|i| i.get("image").is_some()).count() >= 20);
    assert!(items
        .iter()
        .any(|i| i["content_html"].as_str().unwrap().contains("<figure><img")));
    assert!(items
        .iter()
        .any(|i| i["content_html"].as_str().unwrap().contains("<table>")));
    let sections: HashSet<&str> = items
        .iter()
        .map(|i| i["tags"][0].as_str().unwrap())
        .collect();
    assert!(sections.len() >= 7, "{sections:?}");
}

#[test]
fn seed_articles_come_first_with_real_titles_text_and_bylines() {
    let opts = Options::default();
    let pages = generate(&seeds(), &opts).expect("generate");
    let first: Value = serde_json::from_str(&pages[0].1).unwrap();
    let items = first["items"].as_array().unwrap();

    let a = &items[0];
    assert_eq!(a["id"], "kien-thuy-ntm-2025");
    assert_eq!(
        a["title"],
        "Huyện Kiến Thuỵ tập trung thực hiện đồng bộ các giải pháp để xây dựng thành công huyện NTM vào năm 2025"
    );
    assert_eq!(a["authors"][0]["name"], "Mai Chi");
    let html = a["content_html"].as_str().unwrap();
    assert_eq!(html.matches("<p>").count(), 5, "five real paragraphs");
    assert!(html.starts_with("<p>Tiếp tục hành trình xây dựng NTM, giai đoạn 2020 - 2025"));
    assert!(html.contains("Quyết định số 881/QĐ-TTg ngày 22/7/2022"));
    assert!(
        html.ends_with("hình thành các mô hình sản xuất sinh thái, an toàn với môi trường.</p>")
    );
    // the wrapped heading lines repeat the title: not in the body
    assert!(!html.contains("để xây dựng thành công huyện NTM vào năm 2025"));
    assert!(!html.contains("Mai Chi"));
    assert!(a["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "Kiến Thụy"));

    let b = &items[1];
    assert_eq!(b["id"], "kim-bang-ntm-2020");
    assert_eq!(
        b["title"],
        "Trong 6 tháng đầu năm 2020, huyện Kim Bảng – tỉnh Hà Nam đã hoàn thành xuất sắc kế hoạch xây dựng Nông thôn mới (NTM) năm 2020"
    );
    assert_eq!(b["authors"][0]["name"], "MK - ASEAN");
    let html = b["content_html"].as_str().unwrap();
    assert!(html.starts_with("<h2>Kết quả xây dựng NTM 6 tháng đầu năm 2020</h2>"));
    assert!(html.contains("Phó Chủ tịch Huyện Kim Bảng ông Phạm Hoàng Tùng"));
    assert!(html.ends_with("tham gia vào quá trình xây dựng NTM…</p>"));
    assert!(b["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "Kim Bảng"));

    for it in items.iter().take(2) {
        let html = it["content_html"].as_str().unwrap();
        for chrome in [
            "image advertisement",
            "image banner",
            "TIN MỚI",
            "Thống kê truy cập",
            "Đang online",
            "Leave a Reply",
            "Required fields",
            "\u{a0}",
        ] {
            assert!(
                !html.contains(chrome),
                "{}: portal chrome {chrome:?} leaked into the article",
                it["id"]
            );
        }
        assert!(it["image"].as_str().is_some());
    }
}

#[test]
fn output_is_deterministic_and_the_demo_is_a_prefix_of_the_benchmarks() {
    let opts = Options::default();
    let a = generate(&seeds(), &opts).unwrap();
    let b = generate(&seeds(), &opts).unwrap();
    assert_eq!(a, b);

    let big = Options {
        items: 1000,
        per_page: 1000,
        ..Options::default()
    };
    let big = generate(&seeds(), &big).unwrap();
    let big: Value = serde_json::from_str(&big[0].1).unwrap();
    let small: Vec<Value> = a
        .iter()
        .flat_map(|(_, t)| {
            let v: Value = serde_json::from_str(t).unwrap();
            v["items"].as_array().unwrap().clone()
        })
        .collect();
    assert_eq!(&big["items"].as_array().unwrap()[..60], &small[..]);
}

#[test]
fn committed_demo_feed_matches_the_generator() {
    let opts = Options::default();
    let pages = generate(&seeds(), &opts).unwrap();
    for (name, text) in &pages {
        let committed = std::fs::read_to_string(repo().join("demo").join(name))
            .unwrap_or_else(|e| panic!("demo/{name} missing ({e}); run `cargo run -p demo-gen`"));
        assert!(
            committed == *text,
            "demo/{name} is stale; run `cargo run -p demo-gen`"
        );
    }
    assert!(!repo()
        .join("demo")
        .join(format!("feed-{}.json", pages.len() + 1))
        .exists());
}

#[test]
fn thousand_items_in_one_page_and_in_several() {
    let opts = Options {
        items: 1000,
        per_page: 1000,
        compact: true,
        ..Options::default()
    };
    let pages = generate(&seeds(), &opts).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(
        !pages[0].1.trim_end().contains('\n'),
        "compact output is one line"
    );
    let v: Value = serde_json::from_str(&pages[0].1).unwrap();
    assert!(v.get("next_url").is_none());
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1000);
    check_items(items);

    let dir = Scratch::new("thousand");
    let opts = Options {
        items: 1000,
        per_page: 300,
        base_name: "bench-1k".into(),
        ..Options::default()
    };
    write_pages(&dir.0, &generate(&seeds(), &opts).unwrap(), &opts).unwrap();
    let pages = walk_feed(&dir.0, "bench-1k.json");
    assert_eq!(
        pages
            .iter()
            .map(|p| p["items"].as_array().unwrap().len())
            .collect::<Vec<_>>(),
        [300, 300, 300, 100]
    );
    check_items(&all_items(&pages));

    // a shorter run into the same directory removes the stale pages
    let opts = Options {
        items: 50,
        per_page: 20,
        base_name: "bench-1k".into(),
        ..Options::default()
    };
    write_pages(&dir.0, &generate(&seeds(), &opts).unwrap(), &opts).unwrap();
    assert!(dir.0.join("bench-1k-3.json").exists());
    assert!(!dir.0.join("bench-1k-4.json").exists());
    assert_eq!(all_items(&walk_feed(&dir.0, "bench-1k.json")).len(), 50);
}

#[test]
fn empty_and_tiny_feeds() {
    let opts = Options {
        items: 0,
        ..Options::default()
    };
    let pages = generate(&seeds(), &opts).unwrap();
    assert_eq!(pages.len(), 1);
    let v: Value = serde_json::from_str(&pages[0].1).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 0);

    let opts = Options {
        items: 1,
        ..Options::default()
    };
    let v: Value = serde_json::from_str(&generate(&seeds(), &opts).unwrap()[0].1).unwrap();
    assert_eq!(v["items"][0]["id"], "kien-thuy-ntm-2025");
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
}

#[test]
fn the_sanitizer_test_article_carries_its_payloads() {
    let pages = generate(&seeds(), &Options::default()).unwrap();
    let v: Value = serde_json::from_str(&pages[0].1).unwrap();
    let items = v["items"].as_array().unwrap();
    let hostile: Vec<&Value> = items.iter().filter(|i| i["id"] == HOSTILE_ID).collect();
    assert_eq!(hostile.len(), 1, "on page 1");
    assert_eq!(hostile[0]["title"], HOSTILE_TITLE);
    let html = hostile[0]["content_html"].as_str().unwrap();
    for payload in [
        "<img src=x onerror=alert(1)",
        "<script>alert(1)</script>",
        "href=\"javascript:alert(1)\"",
        "<iframe",
        "<svg onload",
        " style=\"",
        "<form",
        "id=\"location\"",
    ] {
        assert!(html.contains(payload), "missing {payload}");
    }
    assert!(
        html.contains("<p>") && html.contains("<ul>"),
        "normal content around the payloads"
    );
    // every other item is inert markup
    for it in items.iter().filter(|i| i["id"] != HOSTILE_ID) {
        let html = it["content_html"].as_str().unwrap();
        assert!(
            !html.contains("<script") && !html.contains("javascript:") && !has_event_attr(html),
            "{}",
            it["id"]
        );
    }
}

/// ` onxxx=` anywhere (an event-handler attribute)
fn has_event_attr(html: &str) -> bool {
    html.match_indices(" on").any(|(i, _)| {
        let rest = &html[i + 3..];
        let name_len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        name_len > 0 && rest[name_len..].starts_with('=')
    })
}

/// `width="W" height="H"` of an SVG's root element.
fn svg_size(path: &Path) -> (u32, u32) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let root_end = text.find('>').unwrap();
    let root = &text[..root_end];
    assert!(
        root.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{}",
        path.display()
    );
    let attr = |name: &str| -> u32 {
        let key = format!(" {name}=\"");
        let start = root
            .find(&key)
            .unwrap_or_else(|| panic!("{}: no {name}", path.display()))
            + key.len();
        root[start..].split('"').next().unwrap().parse().unwrap()
    };
    assert!(
        root.contains(&format!(
            "viewBox=\"0 0 {} {}\"",
            attr("width"),
            attr("height")
        )),
        "{}",
        path.display()
    );
    (attr("width"), attr("height"))
}

#[test]
fn pictures_exist_with_their_sizes() {
    let pages = generate(
        &seeds(),
        &Options {
            items: 300,
            per_page: 300,
            ..Options::default()
        },
    )
    .unwrap();
    let v: Value = serde_json::from_str(&pages[0].1).unwrap();
    let mut used = HashSet::new();
    for it in v["items"].as_array().unwrap() {
        if let Some(img) = it.get("image").and_then(Value::as_str) {
            used.insert(img.to_string());
        }
        let html = it["content_html"].as_str().unwrap();
        for part in html.split("<img src=\"img/").skip(1) {
            used.insert(format!("img/{}", part.split('"').next().unwrap()));
            assert!(part.contains("width=\"640\" height=\"360\""));
        }
    }
    assert!(used.len() >= 6, "{used:?}");
    for img in used {
        assert_eq!(
            svg_size(&repo().join("demo").join(&img)),
            (640, 360),
            "{img}"
        );
    }
    let (w, h) = svg_size(&repo().join("demo/banner.svg"));
    assert_eq!((w, h), (1200, 200));
}

#[test]
fn demo_configs_have_ads_in_every_placement() {
    for name in ["config.json", "config.en.json"] {
        let cfg = read_json(&repo().join("demo").join(name));
        assert_eq!(cfg["source"]["kind"], "jsonfeed");
        assert_eq!(cfg["source"]["url"], "demo/feed.json");
        assert_eq!(cfg["stats"]["url"], "/api/stats");
        assert!(repo()
            .join(cfg["site"]["banner"].as_str().unwrap())
            .exists());
        let ads = &cfg["ads"];
        assert_eq!(ads["beacon_url"], "/api/ads/event");
        let slots = ads["slots"].as_array().unwrap();
        let placements: HashSet<&str> = slots
            .iter()
            .map(|s| s["placement"].as_str().unwrap())
            .collect();
        for p in [
            "header",
            "sidebar",
            "in-list",
            "in-article",
            "footer",
            "sticky-bottom",
        ] {
            assert!(placements.contains(p), "{name}: no {p} slot");
        }
        let ids: HashSet<&str> = slots.iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), slots.len(), "{name}: slot ids unique");
        let iab = [
            (320, 50),
            (320, 100),
            (300, 250),
            (300, 600),
            (728, 90),
            (970, 250),
        ];
        for slot in slots {
            let id = slot["id"].as_str().unwrap();
            let sizes: Vec<(u64, u64)> = slot["sizes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s["width"].as_u64().unwrap(), s["height"].as_u64().unwrap()))
                .collect();
            assert!(!sizes.is_empty());
            for s in &sizes {
                assert!(
                    iab.contains(&(s.0 as u32, s.1 as u32)),
                    "{id}: {s:?} is not an IAB size"
                );
            }
            if let Some(frame) = slot.get("iframe") {
                let page = std::fs::read_to_string(repo().join(frame.as_str().unwrap())).unwrap();
                assert!(
                    page.contains("<script>")
                        && !page.contains("localStorage")
                        && !page.contains("document.cookie")
                );
                continue;
            }
            let creatives = slot["creatives"].as_array().unwrap();
            for size in &sizes {
                let fitting: Vec<&Value> = creatives
                    .iter()
                    .filter(|c| {
                        (c["width"].as_u64().unwrap(), c["height"].as_u64().unwrap()) == *size
                    })
                    .collect();
                assert!(
                    fitting.len() >= 2,
                    "{name} {id}: at least two creatives of {size:?} to rotate"
                );
            }
            for c in creatives {
                let path = repo().join(c["image"].as_str().unwrap());
                let bytes = std::fs::metadata(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                    .len();
                assert!(bytes < 2048, "{}: {bytes} bytes", path.display());
                let (w, h) = svg_size(&path);
                assert_eq!(
                    (w as u64, h as u64),
                    (c["width"].as_u64().unwrap(), c["height"].as_u64().unwrap())
                );
                assert!(c["href"].as_str().unwrap().starts_with("https://"));
                assert!(c["alt"].as_str().is_some_and(|a| a.len() > 10));
                assert!(c["weight"].as_u64().is_some_and(|w| w >= 1));
            }
        }
    }
}

#[test]
fn cli_writes_files_and_reports_errors_with_exit_code_1() {
    let bin = env!("CARGO_BIN_EXE_demo-gen");
    let dir = Scratch::new("cli");
    let run = |args: &[&str]| Command::new(bin).args(args).output().expect("run demo-gen");

    let out = run(&[
        "--items",
        "45",
        "--per-page",
        "20",
        "--out",
        dir.0.to_str().unwrap(),
        "--img-base",
        "../../demo/img/",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = walk_feed(&dir.0, "feed.json");
    assert_eq!(all_items(&pages).len(), 45);
    assert_eq!(
        pages[0]["items"][0]["image"],
        "../../demo/img/ruong-lua.svg"
    );
    let first = std::fs::read(dir.0.join("feed.json")).unwrap();
    let out = run(&[
        "--items=45",
        "--per-page=20",
        "--out",
        dir.0.to_str().unwrap(),
        "--img-base=../../demo/img/",
    ]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read(dir.0.join("feed.json")).unwrap(),
        first,
        "same bytes every run"
    );

    for bad in [
        vec!["--per-page", "0"],
        vec!["--items", "lots"],
        vec!["--frobnicate"],
        vec!["--items"],
        vec!["--base-name", "../x"],
        vec![
            "--seeds",
            "/nonexistent/seeds",
            "--out",
            dir.0.to_str().unwrap(),
        ],
    ] {
        let out = run(&bad);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("demo-gen: "),
            "{bad:?}"
        );
    }
    let unwritable = dir.0.join("feed.json").join("sub"); // a path below a regular file
    let out = run(&["--out", unwritable.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));

    let out = run(&["--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--per-page"));
}
