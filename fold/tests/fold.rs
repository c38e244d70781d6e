//! bantin-fold: folding, exact keys, queries, scoring and highlighting.

use bantin_fold::{
    exact_key, fold, highlight, score, score_keys, Keys, Query, MAX_TERMS, MAX_TERM_CHARS,
};

/// Every precomposed Vietnamese vowel: each row is a base letter with its five tones in
/// the order of `TONES` (huyền, sắc, hỏi, ngã, nặng).
const VOWELS: [(&str, [&str; 5]); 12] = [
    ("a", ["à", "á", "ả", "ã", "ạ"]),
    ("ă", ["ằ", "ắ", "ẳ", "ẵ", "ặ"]),
    ("â", ["ầ", "ấ", "ẩ", "ẫ", "ậ"]),
    ("e", ["è", "é", "ẻ", "ẽ", "ẹ"]),
    ("ê", ["ề", "ế", "ể", "ễ", "ệ"]),
    ("i", ["ì", "í", "ỉ", "ĩ", "ị"]),
    ("o", ["ò", "ó", "ỏ", "õ", "ọ"]),
    ("ô", ["ồ", "ố", "ổ", "ỗ", "ộ"]),
    ("ơ", ["ờ", "ớ", "ở", "ỡ", "ợ"]),
    ("u", ["ù", "ú", "ủ", "ũ", "ụ"]),
    ("ư", ["ừ", "ứ", "ử", "ữ", "ự"]),
    ("y", ["ỳ", "ý", "ỷ", "ỹ", "ỵ"]),
];

/// The combining tone marks, in the order of the rows above.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// The ASCII letter and, for ă â ê ô ơ ư, the combining quality mark of a base vowel.
fn decompose(base: &str) -> (char, Option<char>) {
    match base {
        "ă" => ('a', Some('\u{306}')),
        "â" => ('a', Some('\u{302}')),
        "ê" => ('e', Some('\u{302}')),
        "ô" => ('o', Some('\u{302}')),
        "ơ" => ('o', Some('\u{31b}')),
        "ư" => ('u', Some('\u{31b}')),
        plain => (plain.chars().next().unwrap(), None),
    }
}

#[test]
fn every_precomposed_vietnamese_letter_folds_to_its_base() {
    let mut checked = 0;
    for (base, toned) in VOWELS {
        let (ascii, _) = decompose(base);
        let ascii = ascii.to_string();
        for letter in std::iter::once(base).chain(toned) {
            for cased in [letter.to_string(), letter.to_uppercase()] {
                assert_eq!(fold(&cased), ascii, "fold({cased})");
                checked += 1;
            }
        }
    }
    for d in ["đ", "Đ", "d", "D"] {
        assert_eq!(fold(d), "d");
        checked += 1;
    }
    // 12 vowels × 6 tones × 2 cases, and d/đ in both cases.
    assert_eq!(checked, 12 * 6 * 2 + 4);
}

#[test]
fn exact_key_keeps_quality_and_moves_the_tone_to_the_end() {
    for (base, toned) in VOWELS {
        assert_eq!(exact_key(base), base);
        assert_eq!(exact_key(&base.to_uppercase()), base);
        for (letter, tone) in toned.into_iter().zip(TONES) {
            let want = format!("{base}{tone}");
            assert_eq!(exact_key(letter), want, "exact_key({letter})");
            assert_eq!(exact_key(&letter.to_uppercase()), want);
        }
    }
    assert_eq!(exact_key("Đ"), "đ");
    assert_eq!(exact_key("Đức"), "đuc\u{301}".replace('u', "ư"));
}

#[test]
fn decomposed_input_gives_the_same_keys_as_precomposed() {
    for (base, toned) in VOWELS {
        let (ascii, quality) = decompose(base);
        for (letter, tone) in toned.into_iter().zip(TONES) {
            // NFD orders the dot below (class 220) and the horn (216) before the
            // circumflex and breve (230): try both orders, as text in the wild has both.
            let mut quality_first = String::from(ascii);
            quality_first.extend(quality);
            quality_first.push(tone);
            let mut tone_first = String::from(ascii);
            tone_first.push(tone);
            tone_first.extend(quality);
            for decomposed in [quality_first, tone_first] {
                assert_eq!(fold(&decomposed), ascii.to_string(), "fold({decomposed:?})");
                assert_eq!(
                    exact_key(&decomposed),
                    exact_key(letter),
                    "exact_key({decomposed:?})"
                );
                let upper = decomposed.to_uppercase();
                assert_eq!(exact_key(&upper), exact_key(letter), "exact_key({upper:?})");
            }
        }
    }
    // Whole words, written with escapes: "Thụy" and "Nguyễn" decomposed.
    assert_eq!(fold("Thu\u{323}y"), "thuy");
    assert_eq!(exact_key("Thu\u{323}y"), exact_key("Thụy"));
    assert_eq!(fold("Nguye\u{302}\u{303}n"), "nguyen");
    assert_eq!(exact_key("Nguye\u{302}\u{303}n"), exact_key("Nguyễn"));
    assert_eq!(
        exact_key("D\u{335}"),
        "d",
        "a stroke mark other than đ's is dropped"
    );
}

#[test]
fn both_tone_placements_give_one_key() {
    for (old_style, new_style) in [
        ("Thuỵ", "Thụy"),
        ("hoà", "hòa"),
        ("khoẻ", "khỏe"),
        ("thuở", "thủơ"),
    ] {
        assert_eq!(
            exact_key(old_style),
            exact_key(new_style),
            "{old_style} / {new_style}"
        );
    }
    assert_eq!(fold("Thuỵ"), "thuy");
    assert_eq!(fold("Thụy"), "thuy");
    assert_eq!(fold("hoà"), "hoa");
    assert_eq!(fold("hòa"), "hoa");
    assert_eq!(fold("khoẻ"), "khoe");
    assert_eq!(fold("khỏe"), "khoe");
    assert_eq!(fold("THỦY"), "thuy");
    assert_ne!(exact_key("hòa"), exact_key("hoa"));
    assert_ne!(exact_key("hòa"), exact_key("hóa"));
}

#[test]
fn folding_keeps_what_is_not_a_letter() {
    assert_eq!(
        fold("Kiến Thụy, Hải Phòng – 2025!"),
        "kien thuy, hai phong – 2025!"
    );
    assert_eq!(fold("ĐẠI HỌC Quốc gia"), "dai hoc quoc gia");
    assert_eq!(fold("Ça, naïve, Ærø, Straße"), "ca, naive, aero, strasse");
    assert_eq!(fold("Ελλάδα Москва"), "ελλάδα москва");
    assert_eq!(fold(""), "");
    assert_eq!(
        exact_key("Kiến Thụy, Hải Phòng"),
        "kiên\u{301} thuy\u{323}, hai\u{309} phong\u{300}"
    );
}

#[test]
fn queries_fold_their_terms_and_stay_bounded() {
    let q = Query::parse("  KIẾN   Thụy, kiến ");
    assert_eq!(q.terms(), ["kien", "thuy"]);
    assert!(!q.is_empty());

    for blank in ["", "   ", "\t\n", " ,.;- ", "\u{301}"] {
        let q = Query::parse(blank);
        assert!(q.is_empty(), "{blank:?}");
        assert!(q.terms().is_empty());
        assert_eq!(score(&q, "Kiến Thụy", "body"), None);
        assert!(highlight(&q, "Kiến Thụy").is_empty());
    }

    let long: String = "ngườiđẹp ".repeat(1_000) + &"x".repeat(1_000);
    assert!(long.chars().count() >= 10_000);
    let q = Query::parse(&long);
    assert_eq!(
        q.terms(),
        ["nguoidep".to_string(), "x".repeat(MAX_TERM_CHARS)]
    );
    let one_word = "ạ".repeat(10_000);
    let q = Query::parse(&one_word);
    assert_eq!(q.terms().len(), 1);
    assert_eq!(q.terms()[0].chars().count(), MAX_TERM_CHARS);
    let many: String = (0..5_000).map(|i| format!("w{i} ")).collect();
    let q = Query::parse(&many);
    assert_eq!(q.terms().len(), MAX_TERMS);
    assert!(score(&q, "w1 w2", "w3").is_none());
}

#[test]
fn every_term_must_start_a_word_in_any_order() {
    let title = "Kiến Thụy về đích nông thôn mới";
    let body = "Huyện Kiến Thụy (Hải Phòng) hoàn thành chương trình.";
    for q in [
        "kien thuy",
        "KIẾN THỤY",
        "thuy kien",
        "kiê",
        "ki th",
        "hai phong",
        "nong",
    ] {
        assert!(score(&Query::parse(q), title, body).is_some(), "{q}");
    }
    // Inside a word is not the start of one; and every term must match.
    for q in ["ien", "huy kien x", "phongg"] {
        assert_eq!(score(&Query::parse(q), title, body), None, "{q}");
    }
}

#[test]
fn ranking_prefers_exact_accents_then_title_then_more_words() {
    let q = Query::parse("Kiến Thụy");
    let accented = score(&q, "Kiến Thụy về đích", "").unwrap();
    let bare = score(&q, "Kien Thuy ve dich", "").unwrap();
    let other_tone = score(&q, "Kiên Thủy", "").unwrap();
    assert!(accented > bare, "{accented} > {bare}");
    assert!(accented > other_tone);
    // The other tone placement is the same spelling.
    assert_eq!(score(&q, "Kiến Thuỵ về đích", ""), Some(accented));

    // A query without accents earns no accent bonus either way.
    let q = Query::parse("kien thuy");
    assert_eq!(
        score(&q, "Kiến Thụy về đích", ""),
        score(&q, "Kien Thuy ve dich", "")
    );

    let in_title = score(&q, "Kiến Thụy", "Tin địa phương").unwrap();
    let in_body = score(&q, "Tin địa phương", "Kiến Thụy").unwrap();
    assert!(in_title > in_body);
    // Even an exact body match stays below a folded title match.
    let q_exact = Query::parse("Kiến Thụy");
    assert!(
        score(&q_exact, "Kien Thuy", "").unwrap() > score(&q_exact, "Tin", "Kiến Thụy").unwrap()
    );

    let once = score(&q, "Kiến Thụy", "").unwrap();
    let more = score(&q, "Kiến Thụy", "Kiến Thụy, Kiến Thụy").unwrap();
    assert!(more > once);

    // A whole word beats a longer word that merely starts with the term.
    let q = Query::parse("thu");
    assert!(score(&q, "mùa thu", "").unwrap() > score(&q, "Thủy", "").unwrap());
    // An accented prefix matches while typing, tone compared whole.
    let q = Query::parse("hoà");
    assert!(score(&q, "Hoàng", "").unwrap() > score(&q, "Hoa", "").unwrap());
}

#[test]
fn highlight_covers_the_matched_prefix_of_each_word() {
    let text = "Huyện Kiến Thụy về đích nông thôn mới; kiến nghị";
    let marked = |q: &str| -> Vec<&str> {
        highlight(&Query::parse(q), text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    };
    assert_eq!(marked("kien thuy"), ["Kiến", "Thụy", "kiến"]);
    assert_eq!(marked("THUY KIEN"), ["Kiến", "Thụy", "kiến"]);
    assert_eq!(marked("ki"), ["Ki", "ki"]);
    assert_eq!(marked("kiê"), ["Kiế", "kiế"]);
    assert_eq!(marked("d"), ["đ"]);
    assert_eq!(marked("nong tho"), ["nông", "thô"]);
    assert!(marked("zzz").is_empty());

    // Decomposed text: the marks after the last matched letter stay with it.
    let nfd = "Thu\u{323}y va\u{300} Kie\u{302}\u{301}n";
    let ranges = highlight(&Query::parse("thu kie"), nfd);
    let words: Vec<&str> = ranges.iter().map(|r| &nfd[r.clone()]).collect();
    assert_eq!(words, ["Thu\u{323}", "Kie\u{302}\u{301}"]);

    // Ranges are sorted, disjoint and on char boundaries.
    let ranges = highlight(&Query::parse("k t n"), text);
    assert!(ranges.windows(2).all(|w| w[0].end <= w[1].start));
    assert!(ranges
        .iter()
        .all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)));
}

#[test]
fn stored_keys_score_as_the_text_does() {
    let (title, body) = ("Kiến Thụy về đích", "Huyện Kiến Thuỵ (Hải Phòng), khoẻ");
    let (title_folded, title_exact) = (fold(title), exact_key(title));
    let (body_folded, body_exact) = (fold(body), exact_key(body));
    for q in ["kien thuy", "Kiến Thụy", "hai", "khỏe", "zz", "Kiến Thủy"] {
        let q = Query::parse(q);
        assert_eq!(
            score_keys(
                &q,
                Keys::new(&title_folded, &title_exact),
                Keys::new(&body_folded, &body_exact)
            ),
            score(&q, title, body)
        );
    }
    // Without exact keys, the accent bonus is all that is lost.
    let q = Query::parse("Kiến Thụy");
    let bare = score_keys(
        &q,
        Keys::new(&title_folded, ""),
        Keys::new(&body_folded, ""),
    );
    assert_eq!(bare, score(&Query::parse("kien thuy"), title, body));
}
