//! The scan that keeps a strict policy quiet while article HTML is parsed
//! (src/sanitize/defuse.rs): inline handlers and styles renamed, style and
//! script text gone, everything else byte for byte.

use bantin::sanitize::defuse;

#[test]
fn inline_handlers_and_styles_are_renamed_in_start_tags() {
    assert_eq!(
        defuse(r#"<p style="text-align:center" onclick='go()'>Chào</p>"#),
        r#"<p x-style="text-align:center" x-onclick='go()'>Chào</p>"#
    );
    assert_eq!(
        defuse("<img src=x ONERROR=alert(1)><svg/onload=alert(1)>"),
        "<img src=x x-ONERROR=alert(1)><svg/x-onload=alert(1)>"
    );
    assert_eq!(
        defuse("<a\nhref=/x\tonmouseover = \"y\">"),
        "<a\nhref=/x\tx-onmouseover = \"y\">"
    );
    // A value's text is left alone, unless it reads like a handler: what
    // the browser may read as one (below) is renamed.
    assert_eq!(
        defuse(r#"<a title="Phong cách mới" href='onload' alt="online">"#),
        r#"<a title="Phong cách mới" href='onload' alt="online">"#
    );
    assert_eq!(
        defuse(r#"<a title="x onclick=y style=z">"#),
        r#"<a title="x x-onclick=y x-style=z">"#
    );
}

#[test]
fn markup_the_browser_reads_differently_is_still_defused() {
    // In SVG a CDATA section ends at `]]>`: the browser then reads an <img> with a handler,
    // which this scan sees inside a quoted value.
    let cdata = r#"<svg><![CDATA[><image xlink:href="]]><img src=x onerror=alert(2)//"></svg>"#;
    assert!(
        defuse(cdata).contains("x-onerror=alert(2)"),
        "{}",
        defuse(cdata)
    );
    // Comments end where the browser ends them.
    assert_eq!(defuse("<!--><p onclick=x>"), "<!--><p x-onclick=x>");
    assert_eq!(defuse("<!---><p onclick=x>"), "<!---><p x-onclick=x>");
    assert_eq!(
        defuse("<!-- a --!><p onclick=x>"),
        "<!-- a --!><p x-onclick=x>"
    );
}

#[test]
fn text_and_end_tags_and_comments_are_left_alone() {
    let prose = "<p>Phong cách (style = 5) và onclick=hay, 3 < 4 > 2</p></p style=x>";
    assert_eq!(defuse(prose), prose);
    let comment = "<!-- <p onclick=x> --><b>đậm</b>";
    assert_eq!(defuse(comment), comment);
    assert_eq!(defuse(""), "");
    assert_eq!(defuse("<"), "<");
    assert_eq!(defuse("<p onclick"), "<p x-onclick");
    assert_eq!(defuse("<p a=\"unterminated"), "<p a=\"unterminated");
}

#[test]
fn style_and_script_text_is_removed_and_raw_text_is_not_markup() {
    assert_eq!(
        defuse(
            "<style>p{color:red}</style><p>a</p><SCRIPT type=x>alert('<p onclick=x>')</script >b"
        ),
        "<p>a</p>b"
    );
    // Markup inside a title or textarea is scanned too: in MathML a <title> holds markup.
    assert_eq!(
        defuse(
            "<textarea><p onclick=x></textarea><svg></p><math><title><img src=x onerror=y></title>"
        ),
        "<textarea><p x-onclick=x></textarea><svg></p><math><title><img src=x x-onerror=y></title>"
    );
    // No end tag: to the end.
    assert_eq!(defuse("<p>a</p><style>x</styles>y"), "<p>a</p>");
    assert_eq!(defuse("<p>a<style>x</style"), "<p>a");
}

#[test]
fn multi_byte_text_never_splits_a_character() {
    let html = "<p title='ệ' onclick=ữ>Kiến Thụy ỗ</p><style>ậ</style>đ";
    assert_eq!(defuse(html), "<p title='ệ' x-onclick=ữ>Kiến Thụy ỗ</p>đ");
    for cut in 0..html.len() {
        if let Some(prefix) = html.get(..cut) {
            let _ = defuse(prefix);
        }
    }
}
