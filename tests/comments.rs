//! Article comments, the pure half: the real WordPress comment answers
//! (../shared/testdata/wordpress), error answers, threading, the stored
//! draft, validation and the POST body.

use bantin::comments::*;
use std::fs;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/testdata/wordpress")
        .join(name);
    fs::read_to_string(path).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

fn c(id: u64, parent: u64, published: Option<i64>) -> Comment {
    Comment {
        id,
        parent,
        author: String::new(),
        published,
        html: format!("<p>{id}</p>"),
        pending: false,
    }
}

fn shape(list: &[(usize, Comment)]) -> Vec<(usize, u64)> {
    list.iter().map(|(d, c)| (*d, c.id)).collect()
}

fn reply_5() -> Comment {
    Comment {
        id: 5,
        parent: 0,
        author: "Reyes Martinez".into(),
        published: Some(1_484_323_843_000), // 2017-01-13T16:10:43Z
        html: "<p>Nice post, Alan! Iceland must be amazing. Thanks for sharing 🙂</p>\n".into(),
        pending: false,
    }
}

// ---------------------------------------------------------------- fixtures

#[test]
fn the_wordpress_comment_list_maps_exactly() {
    let page = parse_list(&fixture("post-60-comments.json"), 200, Some("1")).unwrap();
    assert_eq!(page.total_pages, Some(1));
    assert_eq!(page.skipped, 0);
    assert_eq!(
        page.comments,
        vec![
            Comment {
                id: 129,
                parent: 124,
                author: "David Arenas".into(),
                published: Some(1_549_639_713_000), // 2019-02-08T15:28:33Z
                html: "<p>Hola Mario</p>\n".into(),
                pending: false,
            },
            Comment {
                id: 124,
                parent: 0,
                author: "Mario".into(),
                published: Some(1_549_467_339_000), // 2019-02-06T15:35:39Z
                html: "<p>Hola David</p>\n".into(),
                pending: false,
            },
            reply_5(),
        ]
    );
    // The reply sits under 124; top level oldest first.
    assert_eq!(
        shape(&thread(page.comments)),
        vec![(0, 5), (0, 124), (1, 129)]
    );
}

#[test]
fn the_single_comment_maps_exactly() {
    let body = fixture("comment-5.json");
    assert_eq!(parse_created(&body, 201), Ok(reply_5()));
    assert_eq!(parse_created(&body, 200), Ok(reply_5()));
}

#[test]
fn compact_answers_with_escaped_slashes_read_the_same() {
    // WordPress itself sends compact JSON with `\/`; the fixtures have `/`
    // only inside strings, so this is the same document.
    let pretty = fixture("post-60-comments.json");
    let compact: String = pretty
        .lines()
        .map(str::trim)
        .collect::<String>()
        .replace('/', "\\/");
    assert_eq!(
        parse_list(&compact, 200, None).unwrap().comments,
        parse_list(&pretty, 200, None).unwrap().comments
    );
}

// ----------------------------------------------------------------- fields

#[test]
fn fields_are_read_leniently_and_broken_items_are_skipped() {
    let body = r#"[
        {"id": 1, "post": "bai-mot", "parent": 0,
         "author_name": "  Tr&#7847;n V&#259;n &amp; <b>An</b>  ",
         "date_gmt": "2026-12-06T03:00:00", "date": "2026-12-06T10:00:00",
         "content": {"rendered": "<p>Xin chào <script>x()</script></p>"}, "status": "hold"},
        {"id": 2, "content": {"rendered": ""}},
        {"id": 3, "parent": "1", "author_name": 7, "date_gmt": "hôm qua",
         "content": {"rendered": "a", "protected": false}, "status": "spam"},
        {"id": 4, "parent": null, "date_gmt": "2026-12-06T03:00:00Z", "content": {"rendered": "b"}},
        {"id": 5, "date_gmt": "2026-12-06T10:00:00+07:00", "content": {"rendered": "c"}},
        1, "x", null, [], {},
        {"id": 0, "content": {"rendered": "zero"}},
        {"id": -3, "content": {"rendered": "negative"}},
        {"id": "6", "content": {"rendered": "string id"}},
        {"id": 7.5, "content": {"rendered": "fraction"}},
        {"id": 8},
        {"id": 9, "content": "not an object"},
        {"id": 10, "content": {"rendered": null}},
        {"id": 99999999999999999999999, "content": {"rendered": "too big"}}
    ]"#;
    let page = parse_list(body, 200, None).unwrap();
    assert_eq!(page.skipped, 13);
    assert_eq!(page.total_pages, None);
    let ids: Vec<u64> = page.comments.iter().map(|c| c.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);

    let first = &page.comments[0];
    assert_eq!(first.author, "Trần Văn & An");
    assert_eq!(first.published, Some(1_796_526_000_000)); // 2026-12-06T03:00:00Z
    assert_eq!(first.html, "<p>Xin chào <script>x()</script></p>"); // untouched
    assert!(first.pending);

    let second = &page.comments[1];
    assert_eq!((second.parent, second.author.as_str()), (0, ""));
    assert_eq!((second.published, second.html.as_str()), (None, ""));
    assert!(!second.pending);

    let third = &page.comments[2];
    assert_eq!((third.parent, third.author.as_str()), (0, ""));
    assert_eq!(third.published, None);
    assert!(!third.pending);

    // A zone, when one is written, is honoured.
    assert_eq!(page.comments[3].published, Some(1_796_526_000_000));
    assert_eq!(page.comments[4].published, Some(1_796_526_000_000));
}

#[test]
fn the_pages_header_is_read_when_it_is_a_number() {
    for (header, pages) in [
        (Some("3"), Some(3)),
        (Some(" 12 "), Some(12)),
        (Some("0"), Some(0)),
        (Some(""), None),
        (Some("x"), None),
        (Some("-1"), None),
        (Some("1.5"), None),
        (Some("99999999999"), None),
        (None, None),
    ] {
        assert_eq!(
            parse_list("[]", 200, header).unwrap().total_pages,
            pages,
            "{header:?}"
        );
    }
}

// ----------------------------------------------------------------- errors

fn wp_error(code: &str, message: &str, status: u16) -> String {
    serde_json::json!({"code": code, "message": message, "data": {"status": status}}).to_string()
}

#[test]
fn asking_past_the_last_page_is_an_empty_page() {
    let body = wp_error(
        "rest_comment_invalid_page_number",
        "The page number requested is larger than the number of pages available.",
        400,
    );
    assert_eq!(
        parse_list(&body, 400, Some("2")),
        Ok(CommentPage {
            comments: vec![],
            total_pages: Some(2),
            skipped: 0
        })
    );
    // Only with that code, and only as a 400.
    assert!(matches!(
        parse_list(&wp_error("rest_invalid_param", "x", 400), 400, None),
        Err(CommentError::Invalid(_))
    ));
    assert_eq!(parse_list(&body, 500, None), Err(CommentError::Server(500)));
}

#[test]
fn success_answers_that_are_not_lists_are_not_json() {
    for body in [
        "",
        " ",
        "<!doctype html><html><body>Maintenance</body></html>",
        "{\"id\": 1}",
        "null",
        "\"[]\"",
        "[1,",
        "[]]",
        "\u{0}",
        &"[".repeat(10_000),
        &wp_error("rest_comment_invalid_page_number", "x", 400),
    ] {
        assert_eq!(
            parse_list(body, 200, None),
            Err(CommentError::NotJson),
            "{body:.40}"
        );
    }
    assert_eq!(parse_list("[]", 204, None), Ok(CommentPage::default()));
    // A byte-order mark is fine.
    assert_eq!(
        parse_list("\u{feff}[]", 200, None).map(|p| p.comments.len()),
        Ok(0)
    );
}

#[test]
fn error_codes_and_statuses_map_to_what_the_reader_needs() {
    use CommentError::*;
    let html = "<html><head><title>Error</title></head><body><h1>Oops</h1></body></html>";
    let cases: Vec<(u16, String, CommentError)> =
        vec![
        (
            401,
            wp_error(
                "rest_comment_login_required",
                "Sorry, you must be logged in to comment.",
                401,
            ),
            LoginRequired,
        ),
        (401, html.into(), LoginRequired),
        (403, wp_error("rest_comment_login_required", "", 401), LoginRequired),
        (
            409,
            wp_error(
                "comment_duplicate",
                "Duplicate comment detected; it looks as though you&#8217;ve already said that!",
                409,
            ),
            Duplicate,
        ),
        (409, String::new(), Duplicate),
        (
            403,
            wp_error(
                "rest_comment_closed",
                "Sorry, comments are closed for this item.",
                403,
            ),
            Closed,
        ),
        (403, wp_error("rest_comment_draft_post", "", 403), Closed),
        (403, wp_error("rest_comment_trash_post", "", 403), Closed),
        (403, html.into(), Server(403)),
        (403, wp_error("rest_forbidden", "No.", 403), Server(403)),
        (
            400,
            wp_error(
                "rest_invalid_param",
                "Invalid parameter(s): author_email",
                400,
            ),
            Invalid("Invalid parameter(s): author_email".into()),
        ),
        (
            400,
            wp_error(
                "rest_comment_content_invalid",
                "Invalid comment content.",
                400,
            ),
            Invalid("Invalid comment content.".into()),
        ),
        (
            400,
            wp_error(
                "rest_comment_author_data_required",
                "Creating a comment requires valid author name and email values.",
                400,
            ),
            Invalid("Creating a comment requires valid author name and email values.".into()),
        ),
        (
            400,
            wp_error("rest_invalid_param", "T&ecirc;n &quot;qu&aacute;&quot;\n  d&agrave;i", 400),
            Invalid("T&ecirc;n \"qu&aacute;\" d&agrave;i".into()),
        ),
        (
            400,
            wp_error("rest_invalid_param", "T&#234;n &#8220;sai&#8221;", 400),
            Invalid("Tên “sai”".into()),
        ),
        (400, wp_error("rest_invalid_param", "", 400), Invalid(String::new())),
        (400, "{\"code\":\"x\",\"message\":42}".into(), Invalid(String::new())),
        (400, html.into(), Invalid(String::new())),
        (400, String::new(), Invalid(String::new())),
        (422, wp_error("unprocessable", "Bad.", 422), Invalid("Bad.".into())),
        (
            400,
            wp_error(
                "comment_flood",
                "You are posting comments too quickly. Slow down.",
                400,
            ),
            RateLimited,
        ),
        (429, wp_error("rate_limited", "Too many requests", 429), RateLimited),
        (429, String::new(), RateLimited),
        (429, html.into(), RateLimited),
        (413, String::new(), TooLarge),
        (413, html.into(), TooLarge),
        (413, wp_error("payload_too_large", "Too large", 413), TooLarge),
        (404, wp_error("rest_no_route", "No route.", 404), Server(404)),
        (500, html.into(), Server(500)),
        (502, String::new(), Server(502)),
        (503, "Service Unavailable".into(), Server(503)),
        (302, String::new(), Server(302)),
        (0, String::new(), Network),
        (200, "[]".into(), NotJson),
    ];
    for (status, body, want) in cases {
        assert_eq!(
            CommentError::from_answer(status, &body),
            want,
            "{status} {body}"
        );
        if !(200..300).contains(&status) {
            assert_eq!(
                parse_created(&body, status),
                Err(want.clone()),
                "{status} {body}"
            );
            assert_eq!(
                parse_list(&body, status, Some("3")),
                Err(want),
                "{status} {body}"
            );
        }
    }
}

#[test]
fn server_messages_are_plain_text_and_capped() {
    let Err(CommentError::Invalid(text)) = parse_created(
        &wp_error(
            "rest_invalid_param",
            "<strong>Error</strong>: please <a href=\"javascript:x\">type</a> a comment.",
            400,
        ),
        400,
    ) else {
        panic!("not Invalid")
    };
    assert!(!text.contains(['<', '>']), "{text}");
    assert!(text.contains("please") && text.contains("type"), "{text}");

    let long = "Lỗi rất dài ".repeat(500);
    let Err(CommentError::Invalid(text)) =
        parse_created(&wp_error("rest_invalid_param", &long, 400), 400)
    else {
        panic!("not Invalid")
    };
    assert!(text.chars().count() <= MAX_MESSAGE_CHARS + 1, "{text}");
    assert!(text.starts_with("Lỗi rất dài"));
}

#[test]
fn garbage_bodies_never_panic() {
    let deep = "[".repeat(100_000);
    let bodies = [
        "",
        "\u{0}\u{1}",
        "{",
        "{\"code\":",
        "{\"code\": 5, \"message\": [1]}",
        "{\"code\": null}",
        "[{\"id\": 1, \"content\": {\"rendered\": \"\\ud800\"}}]",
        "\u{feff}",
        "\u{feff}{}",
        "\u{fffd}\u{2028}",
        deep.as_str(),
    ];
    for body in bodies {
        for status in [
            0,
            1,
            100,
            200,
            201,
            204,
            304,
            400,
            401,
            403,
            409,
            413,
            422,
            429,
            500,
            599,
            u16::MAX,
        ] {
            let _ = CommentError::from_answer(status, body);
            let _ = parse_list(body, status, Some(body));
            let _ = parse_created(body, status);
        }
    }
}

#[test]
fn created_comments_held_for_moderation_are_pending() {
    let body = serde_json::json!({
        "id": 130, "post": "bai-mot", "parent": 129, "author_name": "Lan",
        "date": "2026-12-06T10:00:00", "date_gmt": "2026-12-06T03:00:00",
        "content": {"rendered": "<p>Cảm ơn</p>"}, "status": "hold"
    })
    .to_string();
    let made = parse_created(&body, 201).unwrap();
    assert_eq!(
        made,
        Comment {
            id: 130,
            parent: 129,
            author: "Lan".into(),
            published: Some(1_796_526_000_000),
            html: "<p>Cảm ơn</p>".into(),
            pending: true,
        }
    );
    for bad in [
        "",
        "{}",
        "[]",
        "<p>ok</p>",
        "{\"id\": 1}",
        "null",
        &format!("[{body}]"),
    ] {
        assert_eq!(parse_created(bad, 201), Err(CommentError::NotJson), "{bad}");
    }
}

// --------------------------------------------------------------- threading

#[test]
fn replies_follow_their_parent_and_siblings_go_oldest_first() {
    let list = vec![
        c(10, 0, Some(300)),
        c(11, 10, Some(500)),
        c(12, 10, Some(400)),
        c(13, 12, Some(900)),
        c(1, 0, Some(100)),
        c(14, 0, None),     // undated: after the dated ones
        c(2, 0, Some(300)), // same time as 10: by id
        c(15, 1, Some(50)), // older than its parent: still under it
    ];
    assert_eq!(
        shape(&thread(list)),
        vec![
            (0, 1),
            (1, 15),
            (0, 2),
            (0, 10),
            (1, 12),
            (2, 13),
            (1, 11),
            (0, 14)
        ]
    );
    assert!(thread(Vec::new()).is_empty());
}

#[test]
fn orphans_are_shown_at_top_level_in_date_order() {
    let list = vec![
        c(3, 0, Some(30)),
        c(4, 77, Some(10)), // parent on another page, or deleted
        c(5, 4, Some(40)),
        c(6, 88, Some(35)),
    ];
    assert_eq!(shape(&thread(list)), vec![(0, 4), (1, 5), (0, 3), (0, 6)]);
}

#[test]
fn depth_is_capped() {
    let chain: Vec<Comment> = (1..=8).map(|i| c(i, i - 1, Some(i as i64))).collect();
    let depths: Vec<usize> = thread(chain).iter().map(|(d, _)| *d).collect();
    assert_eq!(depths, [0, 1, 2, 3, 4, 4, 4, 4]);
    assert_eq!(MAX_DEPTH, 4);

    // Capped replies keep their order: a deep reply's replies follow it.
    let mut list: Vec<Comment> = (1..=6).map(|i| c(i, i - 1, Some(i as i64))).collect();
    list.push(c(20, 5, Some(100))); // sibling of 6, younger
    list.push(c(21, 6, Some(7)));
    assert_eq!(
        shape(&thread(list)),
        vec![
            (0, 1),
            (1, 2),
            (2, 3),
            (3, 4),
            (4, 5),
            (4, 6),
            (4, 21),
            (4, 20)
        ]
    );
}

#[test]
fn cycles_and_repeated_ids_terminate_and_lose_nothing_else() {
    // a→b→a, a self-reply, a three-cycle with a reply hanging off it.
    let list = vec![
        c(1, 0, Some(1)),
        c(2, 3, Some(2)),
        c(3, 2, Some(3)),
        c(4, 4, Some(4)),
        c(5, 7, Some(5)),
        c(6, 5, Some(6)),
        c(7, 6, Some(7)),
        c(8, 6, Some(8)),
    ];
    let out = thread(list);
    assert_eq!(
        shape(&out),
        vec![
            (0, 1),
            (0, 4),
            (0, 2),
            (1, 3),
            (0, 5),
            (1, 6),
            (2, 7),
            (2, 8)
        ]
    );

    // Of repeated ids the first is kept; replies attach once.
    let mut first = c(1, 0, Some(10));
    first.html = "first".into();
    let mut again = c(1, 0, Some(1));
    again.html = "again".into();
    let out = thread(vec![
        first,
        c(2, 1, Some(20)),
        again,
        c(2, 1, Some(30)),
        c(3, 3, None),
    ]);
    assert_eq!(shape(&out), vec![(0, 1), (1, 2), (0, 3)]);
    assert_eq!(out[0].1.html, "first");
    assert_eq!(out[1].1.published, Some(20));
}

#[test]
fn threading_holds_on_ten_thousand_comments() {
    // Shapes that would break a recursive or quadratic walk (a stack
    // overflow, minutes of work); speed itself is for benchmarks, not here.
    const N: u64 = 10_000;

    // A chain, given newest first.
    let chain: Vec<Comment> = (1..=N).rev().map(|i| c(i, i - 1, Some(i as i64))).collect();
    let out = thread(chain);
    assert_eq!(out.len(), N as usize);
    assert!(out
        .iter()
        .enumerate()
        .all(|(i, (d, c))| c.id == i as u64 + 1 && *d == i.min(4)));

    // A wide list: every comment at top level, dates scrambled.
    let wide: Vec<Comment> = (1..=N)
        .map(|i| c(i, 0, Some((i * 7919 % N) as i64)))
        .collect();
    let out = thread(wide);
    assert_eq!(out.len(), N as usize);
    assert!(out.windows(2).all(|w| w[0].1.published < w[1].1.published));

    // All replies to one comment, and one big cycle.
    let fan: Vec<Comment> = (1..=N).map(|i| c(i, 1, Some(i as i64))).collect();
    let out = thread(fan);
    assert_eq!(out.len(), N as usize);
    assert!(out.iter().skip(1).all(|(d, _)| *d == 1));
    let ring: Vec<Comment> = (1..=N).map(|i| c(i, i % N + 1, Some(i as i64))).collect();
    assert_eq!(thread(ring).len(), N as usize);

    // A chain ten times as deep: no recursion to overflow the stack.
    let chain: Vec<Comment> = (1..=10 * N).map(|i| c(i, i - 1, Some(i as i64))).collect();
    assert_eq!(thread(chain).len(), 10 * N as usize);
}

// ------------------------------------------------------------------ drafts

fn hostile() -> String {
    "\"quoted\" \\back\\slash\\ \u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f} tab\tnew\nline\r \u{2028}\u{2029} \
     </script><!-- ${x} `y` 'z' 🙂 \u{feff} \\u0041 \u{fffd}"
        .to_string()
}

#[test]
fn drafts_round_trip_through_storage() {
    let drafts = [
        Draft::default(),
        Draft {
            name: "Nguyễn Thị Thu Hà".into(),
            email: "thuha@báo.vn".into(),
            content: "Bài viết rất hay, cảm ơn tác giả!\n\nTôi đồng ý với ý kiến trên — nhưng còn…"
                .into(),
            parent: 129,
        },
        Draft {
            name: hostile(),
            email: hostile(),
            content: hostile().repeat(300),
            parent: u64::MAX,
        },
    ];
    for draft in drafts {
        let stored = draft.to_storage();
        assert!(!stored.contains(['\u{2028}', '\u{2029}']), "{stored}");
        assert_eq!(Draft::from_storage(&stored).as_ref(), Some(&draft));
        // Real JSON, with the same fields.
        let v: serde_json::Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(v["name"], draft.name.as_str());
        assert_eq!(v["email"], draft.email.as_str());
        assert_eq!(v["content"], draft.content.as_str());
        assert_eq!(v["parent"], draft.parent);
    }
}

#[test]
fn stored_garbage_is_no_draft() {
    let ok = r#"{"name":"An","email":"an@x.vn","content":"Hi","parent":0}"#;
    assert!(Draft::from_storage(ok).is_some());
    for bad in [
        "",
        " ",
        "null",
        "[]",
        "\"draft\"",
        "{",
        "{}",
        "undefined",
        "[object Object]",
        r#"{"name":"An","email":"an@x.vn","content":"Hi"}"#,
        r#"{"name":"An","email":"an@x.vn","parent":0}"#,
        r#"{"name":1,"email":"an@x.vn","content":"Hi","parent":0}"#,
        r#"{"name":"An","email":null,"content":"Hi","parent":0}"#,
        r#"{"name":"An","email":"an@x.vn","content":["Hi"],"parent":0}"#,
        r#"{"name":"An","email":"an@x.vn","content":"Hi","parent":-1}"#,
        r#"{"name":"An","email":"an@x.vn","content":"Hi","parent":1.5}"#,
        r#"{"name":"An","email":"an@x.vn","content":"Hi","parent":"3"}"#,
        r#"{"name":"An","email":"an@x.vn","content":"Hi","parent":0} x"#,
        r#"{"name":"An","email":"an@x.vn","content":"Hi\u0","parent":0}"#,
        "{\"name\":\"A\nn\",\"email\":\"\",\"content\":\"\",\"parent\":0}",
    ] {
        assert_eq!(Draft::from_storage(bad), None, "{bad}");
    }
    let _ = Draft::from_storage(&"{\"a\":".repeat(50_000));
}

// -------------------------------------------------------------- validation

fn draft(name: &str, email: &str, content: &str) -> Draft {
    Draft {
        name: name.into(),
        email: email.into(),
        content: content.into(),
        parent: 0,
    }
}

#[test]
fn a_vietnamese_draft_passes() {
    assert_eq!(
        validate(&draft(
            "  Trần Đức Việt  ",
            " viet.tran@ví-dụ.vn ",
            "\n Ý kiến của tôi: bài viết phản ánh đúng thực tế. \n"
        )),
        []
    );
    // Limits count characters, not bytes (a Vietnamese letter is 2–3 bytes).
    let name = "Ữ".repeat(MAX_NAME_CHARS);
    let content = "ệ".repeat(MAX_CONTENT_CHARS);
    let email = format!("{}@báo.vn", "ằ".repeat(MAX_EMAIL_CHARS - 7));
    assert_eq!(email.chars().count(), MAX_EMAIL_CHARS);
    assert!(name.len() > MAX_NAME_CHARS && content.len() > MAX_CONTENT_CHARS);
    assert_eq!(validate(&draft(&name, &email, &content)), []);
    // Surrounding whitespace is not counted.
    let padded = format!("   {content}\n\n");
    assert_eq!(validate(&draft(&format!(" {name} "), &email, &padded)), []);
}

#[test]
fn each_field_is_checked() {
    use FieldError::*;
    let ok_name = "Lan";
    let ok_email = "lan@example.com";
    let ok_content = "Hay!";

    for name in ["", "   ", "\n\t"] {
        assert_eq!(validate(&draft(name, ok_email, ok_content)), [NameMissing]);
    }
    let long = "a".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(validate(&draft(&long, ok_email, ok_content)), [NameTooLong]);
    let long = "Đ".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(validate(&draft(&long, ok_email, ok_content)), [NameTooLong]);

    for content in ["", " \n\n "] {
        assert_eq!(
            validate(&draft(ok_name, ok_email, content)),
            [ContentMissing]
        );
    }
    let long = "ơ".repeat(MAX_CONTENT_CHARS + 1);
    assert_eq!(validate(&draft(ok_name, ok_email, &long)), [ContentTooLong]);

    for email in ["", "  "] {
        assert_eq!(validate(&draft(ok_name, email, ok_content)), [EmailMissing]);
    }
    for email in [
        "lan",
        "lan.example.com",
        "lan@example",
        "@example.com",
        "lan@@example.com",
        "lan@ex@ample.com",
        "l an@example.com",
        "lan@exam ple.com",
        "lan@example.com\u{0}",
        "lan\t@example.com",
        "lan@.com",
        "lan@example.",
        "lan@",
    ] {
        assert_eq!(
            validate(&draft(ok_name, email, ok_content)),
            [EmailInvalid],
            "{email:?}"
        );
    }
    for email in [
        "lan@example.com",
        " lan@example.com\n",
        "lan.nguyen+tin@sub.example.vn",
        "ngọc.lan@báo-mới.việt.nam",
        "a@b.c",
    ] {
        assert_eq!(
            validate(&draft(ok_name, email, ok_content)),
            [],
            "{email:?}"
        );
    }
    let long = format!("{}@example.com", "a".repeat(MAX_EMAIL_CHARS - 11));
    assert_eq!(validate(&draft(ok_name, &long, ok_content)), [EmailTooLong]);
    let long = "x".repeat(MAX_EMAIL_CHARS + 1); // too long before it is invalid
    assert_eq!(validate(&draft(ok_name, &long, ok_content)), [EmailTooLong]);

    // Every problem at once, in form order.
    assert_eq!(
        validate(&draft(" ", "no", "")),
        [NameMissing, EmailInvalid, ContentMissing]
    );
    assert_eq!(
        validate(&Draft::default()),
        [NameMissing, EmailMissing, ContentMissing]
    );
}

// --------------------------------------------------------------- post body

#[test]
fn the_post_body_is_json_with_every_character_kept() {
    let d = Draft {
        name: format!("  Hà {}  ", hostile()),
        email: " ha@báo.vn ".into(),
        content: format!("\n Tôi nghĩ: {} \n", hostile()),
        parent: 124,
    };
    for (post, want) in [
        (PostRef::WordPress(60), serde_json::json!(60)),
        (PostRef::WordPress(u64::MAX), serde_json::json!(u64::MAX)),
        (
            PostRef::Server(format!("bai/{}", hostile())),
            serde_json::json!(format!("bai/{}", hostile())),
        ),
        (PostRef::Server(String::new()), serde_json::json!("")),
    ] {
        let body = post_body(&post, &d);
        assert!(!body.contains(['\u{2028}', '\u{2029}']), "{body}");
        assert!(!body.contains(|c: char| c < ' '), "{body:?}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 5, "{body}");
        assert_eq!(v["post"], want);
        assert_eq!(v["parent"], 124);
        // Trimmed, otherwise exact.
        assert_eq!(v["author_name"], format!("Hà {}", hostile()).trim());
        assert_eq!(v["author_email"], "ha@báo.vn");
        assert_eq!(v["content"], format!("Tôi nghĩ: {}", hostile()).trim());
    }
    assert_eq!(
        post_body(&PostRef::WordPress(60), &draft("An", "an@x.vn", "Chào")),
        r#"{"post":60,"parent":0,"author_name":"An","author_email":"an@x.vn","content":"Chào"}"#
    );
    assert_eq!(
        post_body(&PostRef::Server("bai-1".into()), &Draft::default()),
        r#"{"post":"bai-1","parent":0,"author_name":"","author_email":"","content":""}"#
    );
}
