//! bantin's JSON parser (src/json.rs) against serde_json as the oracle: every
//! JSON file of the shared test data and the demo must read the same, and
//! broken or hostile documents must fail (never panic) where serde_json fails.

use bantin::json::{self, Value};
use std::fs;
use std::path::{Path, PathBuf};

/// Same document: same types, strings, keys (last duplicate wins) and numbers.
fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as S;
    match (ours, theirs) {
        (Value::Null, S::Null) => true,
        (Value::Bool(a), S::Bool(b)) => a == b,
        (Value::String(a), S::String(b)) => a == b,
        (Value::Number(a), S::Number(b)) => {
            if let Some(i) = b.as_i64() {
                a.as_i64() == Some(i)
            } else if let Some(u) = b.as_u64() {
                a.as_u64() == Some(u)
            } else {
                let (x, y) = (a.as_f64(), b.as_f64().unwrap());
                (x - y).abs() <= y.abs() * 1e-12
            }
        }
        (Value::Array(a), S::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), S::Object(b)) => {
            let mut keys: Vec<&String> = a.iter().map(|(k, _)| k).collect();
            keys.sort();
            keys.dedup();
            keys.len() == b.len() && b.iter().all(|(k, v)| a.get(k).is_some_and(|x| same(x, v)))
        }
        _ => false,
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_reads_as_serde_json_reads_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    json_files(&root.join("../shared/testdata/jsonfeed"), &mut files);
    json_files(&root.join("../shared/testdata/wordpress"), &mut files);
    json_files(&root.join("demo"), &mut files);
    assert!(files.len() > 30, "fixtures found: {}", files.len());
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let theirs: Result<serde_json::Value, _> = serde_json::from_str(&text);
        let ours = json::parse(&text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert!(same(a, b), "{} reads differently", file.display()),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{}: ours {:?}, serde_json {:?}",
                file.display(),
                ours.as_ref().err(),
                theirs.as_ref().err().map(ToString::to_string)
            ),
        }
    }
}

#[test]
fn strings_escapes_and_unicode() {
    let v = json::parse(r#"["Tin m\u1edbi", "a\"b\\c\/d\b\f\n\r\t", "\ud83d\udcf0", "Đà Nẵng"]"#)
        .unwrap();
    let list: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        list,
        ["Tin mới", "a\"b\\c/d\u{8}\u{c}\n\r\t", "📰", "Đà Nẵng"]
    );
    // A lone surrogate is replaced, not a reason to drop the whole feed.
    let v = json::parse(r#""a\ud800b\udc00c""#).unwrap();
    assert_eq!(v.as_str(), Some("a\u{fffd}b\u{fffd}c"));
    // A byte-order mark before the document is skipped.
    assert_eq!(
        json::parse("\u{feff}{}").unwrap(),
        Value::Object(Default::default())
    );
}

#[test]
fn numbers_keep_their_text_and_read_as_numbers() {
    let v = json::parse(r#"[0, -7, 12345678901234567890, 2.5, -1.25e2, 1E3, 0.1]"#).unwrap();
    let n: Vec<&json::Number> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| match x {
            Value::Number(n) => n,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(n[0].as_u64(), Some(0));
    assert_eq!(n[1].as_i64(), Some(-7));
    assert_eq!(n[1].as_u64(), None);
    assert_eq!(n[2].as_text(), "12345678901234567890");
    assert_eq!(n[2].as_u64(), Some(12_345_678_901_234_567_890));
    assert_eq!(n[3].as_i64(), None, "not a whole number");
    assert_eq!(n[3].as_f64(), 2.5);
    assert_eq!(n[4].as_f64(), -125.0);
    assert_eq!(n[5].as_f64(), 1000.0);
    assert!((n[6].as_f64() - 0.1).abs() < 1e-15);
    // Zero stays zero whatever its exponent (no 0 × inf).
    let zero = json::parse("0e400").unwrap();
    assert!(matches!(&zero, Value::Number(z) if z.as_f64() == 0.0));
}

#[test]
fn repeated_keys_keep_the_last_as_serde_json_does() {
    let v = json::parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
    assert_eq!(v.get("a").and_then(Value::as_u64), Some(3));
    assert_eq!(v.get("c"), None);
    assert_eq!(json::parse("[1]").unwrap().get("a"), None, "not an object");
}

#[test]
fn broken_documents_fail_where_serde_json_fails() {
    let broken = [
        "",
        "   ",
        "{",
        "[1, 2",
        "[1,]",
        r#"{"a" 1}"#,
        r#"{"a": 1,}"#,
        r#"{a: 1}"#,
        "'x'",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "+1",
        "tru",
        "nul",
        "NaN",
        r#""abc"#,
        r#""\x""#,
        r#""\u12""#,
        r#""\u12G4""#,
        "\"a\nb\"",
        "\"tab\there\"",
        "{} {}",
        "[] x",
        "<html><body>502 Bad Gateway</body></html>",
    ];
    for text in broken {
        assert!(
            serde_json::from_str::<serde_json::Value>(text).is_err(),
            "oracle: {text:?}"
        );
        let err = json::parse(text).expect_err(text);
        assert!(err.offset <= text.len(), "{text:?}: {err}");
    }
}

#[test]
fn hostile_nesting_is_refused_without_exhausting_the_stack() {
    let deep = "[".repeat(100_000);
    assert_eq!(json::parse(&deep).unwrap_err().reason, "nested too deeply");
    let deep_objects = r#"{"a":"#.repeat(200) + "1" + &"}".repeat(200);
    assert!(json::parse(&deep_objects).is_err());
    let fine = "[".repeat(json::MAX_DEPTH) + &"]".repeat(json::MAX_DEPTH);
    assert!(json::parse(&fine).is_ok());
}

#[test]
fn truncated_documents_at_every_length_fail_without_panicking() {
    let text = include_str!("../demo/config.json");
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let prefix = &text[..cut];
            let ours = json::parse(prefix);
            let theirs = serde_json::from_str::<serde_json::Value>(prefix);
            assert_eq!(ours.is_ok(), theirs.is_ok(), "cut at {cut}");
        }
        cut += 1;
    }
}

/// A small deterministic generator for the damage below (no dependency needed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn damaged_feeds_and_configs_never_panic_and_agree_with_serde_json() {
    // Real documents, damaged the ways transfers and hand edits damage them:
    // bytes flipped to JSON's own punctuation, cut short, spans repeated.
    let docs = [
        include_str!("../demo/feed.json"),
        include_str!("../demo/config.json"),
        include_str!("../../shared/testdata/jsonfeed/jsonfeed_spec_1.json"),
    ];
    let punctuation = b"{}[]\":,\\ 0e-.nt";
    let mut rng = Lcg(0x6261_6e74_696e);
    for round in 0..1500 {
        let mut bytes = docs[round % docs.len()].as_bytes().to_vec();
        match rng.below(3) {
            0 => {
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(bytes.len());
                    bytes[at] = punctuation[rng.below(punctuation.len())];
                }
            }
            1 => bytes.truncate(rng.below(bytes.len())),
            _ => {
                let from = rng.below(bytes.len());
                let to = (from + rng.below(64)).min(bytes.len());
                let span = bytes[from..to].to_vec();
                let at = rng.below(bytes.len());
                bytes.splice(at..at, span);
            }
        }
        // Flipping a byte of a multi-byte character can leave invalid UTF-8,
        // which `fetch().text()` would already have replaced.
        let text = String::from_utf8_lossy(&bytes);
        let ours = json::parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert!(same(a, b), "round {round} reads differently"),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "round {round}: ours {:?}, serde_json {:?}",
                ours.err(),
                theirs.err()
            ),
        }
        // The feed reader over the same damage: an error or a page, never a panic.
        let _ = bantin::source::jsonfeed::parse(&text, "https://example.vn/feed.json", &|u| {
            Some(u.to_string())
        });
        let _ = bantin::config::Config::parse(&text);
    }
}
