//! WordPress REST API v2 mapping against real answers
//! (../shared/testdata/wordpress, see its README.md) and cases of our own:
//! the request URLs in both URL forms, errors, pagination, hostile input.

use bantin::error::AppError;
use bantin::model::{Article, Content, FeedPage};
use bantin::source::jsonfeed::{MAX_ITEMS_PER_PAGE, MAX_TAGS_PER_ITEM};
use bantin::source::wordpress::{
    nav_categories, parse_categories, parse_posts, parse_search, parse_single, Category, WpApi,
};
use std::fs;
use std::path::PathBuf;

fn read(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/testdata/wordpress")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

fn api() -> WpApi {
    WpApi::new("https://demo.worona.org/wp-json").expect("a web URL")
}

/// A list answer: 200, no X-WP-TotalPages, page 1 of 10.
fn posts(body: &str) -> Result<FeedPage, AppError> {
    parse_posts(body, 200, None, &api(), 1, 10)
}

fn fixture_posts(name: &str) -> FeedPage {
    posts(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn one(body: &str) -> Article {
    let page = posts(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(page.items.len(), 1, "{body}");
    page.items.into_iter().next().expect("one item")
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const UPLOADS: &str = "https://demo.worona.org/wp-content/uploads";

// ---------------------------------------------------------------- fixtures

#[test]
fn category_7_page_1_maps_every_post() {
    let page = fixture_posts("posts-from-category-7.json");
    assert_eq!((page.skipped, page.beyond_cap), (0, 0));
    let ids: Vec<&str> = page.items.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "shinjuku-gyoen-national-garden",
            "lower-antelope-canyon",
            "kebumen",
            "banff-national-park",
            "the-al-hajar-mountains"
        ]
    );
    let post_ids: Vec<Option<u64>> = page.items.iter().map(|a| a.post_id).collect();
    assert_eq!(post_ids, [Some(57), Some(54), Some(42), Some(36), Some(33)]);
    let titles: Vec<&str> = page.items.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Shinjuku Gyoen National Garden",
            "Antelope Canyon",
            "Kebumen City",
            "Banff National Park",
            "The Al Hajar Mountains"
        ]
    );
    // 5 posts came back for 10 asked: the last page.
    assert_eq!(page.next_url, None);

    let a = &page.items[0];
    // date_gmt 2016-10-25T18:25:24 (UTC), modified_gmt 2017-06-07T12:11:37.
    assert_eq!(a.published, Some(1_477_419_924_000));
    assert_eq!(a.modified, Some(1_496_837_497_000));
    assert_eq!(a.authors, ["Reyes Martinez"]);
    assert_eq!(
        a.tags,
        strings(&["Nature", "Photography", "Japan", "National Garden", "Tokyo"])
    );
    assert_eq!(
        a.url.as_deref(),
        Some("https://demo.worona.org/shinjuku-gyoen-national-garden/")
    );
    assert_eq!(a.base_url, a.url);
    assert!(!a.comments_closed);
    assert_eq!(a.language, None);
    assert!(matches!(&a.content, Content::Html(h) if h.starts_with("<p>")));
    let u = format!("{UPLOADS}/2016/11/japan");
    // The square 150×150 thumbnail is a crop: not in the srcset.
    assert_eq!(
        a.image_srcset.as_deref(),
        Some(
            format!(
                "{u}-300x200.jpg 300w, {u}-768x512.jpg 768w, {u}-1024x683.jpg 1024w, \
                 {u}-1200x800.jpg 1200w, {u}.jpg 4173w"
            )
            .as_str()
        )
    );
    assert_eq!(a.image, Some(format!("{u}-768x512.jpg")));
    assert_eq!(a.banner_image, Some(format!("{u}.jpg")));
    assert_eq!(
        a.summary.as_deref(),
        Some(
            "Shinjuku Gyoen National Garden (新宿御苑 Shinjuku Gyoen) is a large park with an \
             eminent garden in Shinjuku and Shibuya, Tokyo, Japan. It was originally a residence \
             of the Naitō family in the Edo period. Afterwards, it became a garden under the \
             management of the Imperial Household Agency of Japan."
        )
    );

    // The theme's "Continue reading “Antelope Canyon”" link is not summary text.
    let canyon = &page.items[1];
    let summary = canyon.summary.as_deref().expect("a summary");
    assert!(
        summary.ends_with("referred to individually as “Upper Antelope Canyon” or “The Crack”; and “Antelope Canyon”…"),
        "{summary}"
    );
    assert!(summary
        .starts_with("“Travel is the only thing you buy that makes you richer.” – Anonymous"));
    assert!(!summary.contains("Continue reading"));
    assert_eq!(canyon.authors, ["Luis Herranz"]);
    assert_eq!(
        canyon.tags,
        strings(&[
            "Nature",
            "Photography",
            "Travel",
            "Antelope Canyon",
            "Arizona"
        ])
    );
    assert_eq!(canyon.published, Some(1_477_419_269_000));

    // 16:9 picture: the sizes WordPress rounded (300×169) still match.
    let kebumen = &page.items[2];
    let k = format!("{UPLOADS}/2016/11/KebumenIndonesia");
    assert_eq!(
        kebumen.image_srcset,
        Some(format!(
            "{k}-300x169.jpg 300w, {k}-768x432.jpg 768w, {k}-1024x576.jpg 1024w, \
             {k}-1200x675.jpg 1200w, {k}.jpg 5184w"
        ))
    );
    assert_eq!(
        kebumen.tags,
        strings(&["Cities", "Nature", "Culture", "Indonesia", "Island", "Java"])
    );
    assert_eq!(page.items[3].authors, ["Alan Martin"]);
    assert_eq!(page.items[4].published, Some(1_472_144_840_000));
}

#[test]
fn category_7_page_2_decodes_titles_and_reads_closed_threads() {
    let page = parse_posts(
        &read("posts-from-category-7-page-2.json"),
        200,
        Some("2"),
        &api(),
        2,
        5,
    )
    .expect("a page");
    // The header says two pages: this is the last, full as it is.
    assert_eq!(page.next_url, None);
    let titles: Vec<&str> = page.items.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Machu Picchu",
            "Discovering Iceland",
            "Switzerland’s Mountains",
            "Somewhere in Romania",
            "The Land of Fire & Ice"
        ]
    );
    let closed: Vec<bool> = page.items.iter().map(|a| a.comments_closed).collect();
    assert_eq!(closed, [false, false, false, false, true]);
    let iceland = &page.items[4];
    assert_eq!((iceland.id.as_str(), iceland.post_id), ("iceland", Some(1)));
    assert_eq!(iceland.published, Some(1_458_133_866_000));
    assert_eq!(iceland.modified, Some(1_484_741_735_000));
    assert_eq!(
        iceland.tags,
        strings(&[
            "Culture",
            "Nature",
            "Photography",
            "Travel",
            "Iceland",
            "Landscape"
        ])
    );
    // "Iceland is&nbsp;located": the no-break space reads as a space.
    assert!(iceland
        .summary
        .as_deref()
        .is_some_and(|s| s.starts_with("Iceland is located in the North Atlantic Ocean")));
    assert_eq!(
        iceland.image,
        Some(format!("{UPLOADS}/2016/11/Travel-768x513.jpg"))
    );
    // Machu Picchu also embeds its comments (`replies`): ignored.
    let machu = &page.items[0];
    assert_eq!(machu.post_id, Some(30));
    assert_eq!(machu.authors, ["Luis Herranz"]);
    assert_eq!(machu.modified, Some(1_515_664_318_000));
    // 3872×2592 with 300×201 and 1200×803 copies.
    assert_eq!(
        page.items[2]
            .image_srcset
            .as_deref()
            .map(|s| s.matches(", ").count() + 1),
        Some(5)
    );
    // Page 1 of the same list with the header: a next page, same form.
    let first = parse_posts(
        &read("posts-from-category-7.json"),
        200,
        Some("2"),
        &api(),
        1,
        5,
    )
    .expect("a page");
    assert_eq!(first.next_url, Some(api().posts(2, 5)));
}

#[test]
fn dev_site_posts_without_links_or_sizes() {
    let page = fixture_posts("posts.json");
    assert_eq!(page.items.len(), 3);
    let hello = &page.items[0];
    assert_eq!(hello.id, "hello-world");
    assert_eq!(hello.post_id, Some(1));
    assert_eq!(hello.title, "Hello world!");
    assert_eq!(
        hello.url.as_deref(),
        Some("http://frontity.test/hello-world/")
    );
    assert_eq!(hello.authors, ["admin"]);
    // Only "Uncategorized", WordPress's default: no tags at all.
    assert!(hello.tags.is_empty());
    assert_eq!(hello.image, None);
    assert_eq!(hello.published, Some(1_552_304_813_000));
    assert_eq!(
        hello.summary.as_deref(),
        Some(
            "Welcome to WordPress. This is your first post. Edit or delete it, then start writing!"
        )
    );

    let veniam = &page.items[1];
    assert_eq!(veniam.id, "veniam-reiciendis-esse-aliquid");
    assert_eq!(veniam.post_id, Some(83));
    assert_eq!(
        veniam.tags,
        strings(&[
            "Beatae numquam tempore ut aut architecto dolor adipisci asperiores distinctio facere perferendis",
            "Sit ut vero illo consequatur hic ut voluptate qui",
            "A id autem et esse id adipisci",
            "Est velit earum ut nam voluptates asperiores odio alias nihil eum ratione et repudiandae",
            "Possimus minima amet eum alias quo magni quas a est amet et sunt",
        ])
    );
    // No media sizes: the original is all there is, and no srcset.
    let original =
        "http://frontity.test/wp-content/uploads/2019/04/f561cebe-f042-37cc-ba31-cf202fb98a1b.jpg";
    assert_eq!(veniam.image.as_deref(), Some(original));
    assert_eq!(veniam.banner_image.as_deref(), Some(original));
    assert_eq!(veniam.image_srcset, None);
    assert_eq!(page.items[2].published, Some(1_547_039_681_000));
    assert_eq!(page.items[2].tags.len(), 7);
}

#[test]
fn single_post_60_as_object_and_as_slug_answer() {
    let body = read("post-60.json");
    let post = parse_single(&body, 200, &api())
        .expect("an answer")
        .expect("a post");
    assert_eq!(
        parse_single(&format!("[{body}]"), 200, &api()),
        Ok(Some(post.clone()))
    );
    assert_eq!(post.id, "the-beauties-of-gullfoss");
    assert_eq!(post.post_id, Some(60));
    assert_eq!(post.title, "The Beauties of Gullfoss");
    assert_eq!(post.published, Some(1_480_098_671_000));
    assert_eq!(post.modified, Some(1_521_738_595_000));
    assert_eq!(post.authors, ["Alan Martin"]);
    // Categories, then tags; the plugin's `latest` taxonomy is left out.
    assert_eq!(
        post.tags,
        strings(&[
            "Photography",
            "Travel",
            "Gullfoss",
            "Iceland",
            "Nature",
            "Waterfall"
        ])
    );
    let u = format!("{UPLOADS}/2016/11/Iceland-test");
    assert_eq!(
        post.image_srcset,
        Some(format!(
            "{u}-300x182.jpg 300w, {u}-768x465.jpg 768w, {u}-1024x620.jpg 1024w, \
             {u}-1200x726.jpg 1200w, {u}.jpg 5000w"
        ))
    );
    assert_eq!(post.image, Some(format!("{u}-768x465.jpg")));
    assert_eq!(post.banner_image, Some(format!("{u}.jpg")));
    assert_eq!(
        post.summary.as_deref(),
        Some("Gullfoss is a waterfall located in the canyon of the Hvítá river in southwest Iceland.")
    );
    assert!(
        matches!(&post.content, Content::Html(h) if h.contains(r#"<a href="https://en.wikipedia.org/wiki/Gullfoss">Gullfoss</a>"#))
    );
    assert!(!post.comments_closed);
    // The summary repeats the body's opening: the article page shows no lead.
    assert_eq!(post.lead(), None);
    assert_eq!(parse_single("[]", 200, &api()), Ok(None));
}

#[test]
fn pages_map_like_posts() {
    let about = parse_single(&read("page-with-subpage.json"), 200, &api())
        .expect("an answer")
        .expect("a page");
    assert_eq!(about.id, "about-us");
    assert_eq!(about.post_id, Some(184));
    assert_eq!(about.title, "About us");
    assert!(about.comments_closed);
    assert_eq!(about.authors, ["worona"]);
    assert!(about.tags.is_empty());
    // featured_media 0: no picture.
    assert_eq!((&about.image, &about.banner_image), (&None, &None));
    assert_eq!(about.published, Some(1_490_627_362_000));
    assert_eq!(
        about.url.as_deref(),
        Some("https://demo.worona.org/audio-test/about-us/")
    );
    let summary = about.summary.as_deref().expect("a summary");
    assert!(summary.starts_with(
        "If you are just curious about our story you’re in the right spot 🙂 This site"
    ));
    assert!(
        summary.ends_with("disappointed by the things you didn’t do…"),
        "{summary}"
    );

    let audio = parse_single(&read("page-211.json"), 200, &api())
        .expect("an answer")
        .expect("a page");
    assert_eq!(
        (audio.id.as_str(), audio.post_id),
        ("audio-test", Some(211))
    );
    assert_eq!(audio.title, "Audio TEST");
    assert_eq!(audio.authors, ["David Arenas"]);
    assert!(audio.comments_closed);
    assert_eq!(audio.published, Some(1_498_558_225_000));
    assert_eq!(audio.modified, Some(1_498_563_013_000));
    assert_eq!(
        audio.summary.as_deref(),
        Some("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.")
    );
    assert!(matches!(&audio.content, Content::Html(h) if h.contains("<audio")));
    // A page is also a list of one for parse_posts.
    assert_eq!(
        posts(&read("page-211.json")).map(|p| p.items),
        Ok(vec![audio])
    );
}

#[test]
fn category_lists() {
    let cat = |id, name: &str, slug: &str, count| Category {
        id,
        name: name.into(),
        slug: slug.into(),
        count,
    };
    assert_eq!(
        parse_categories(&read("categories-list.json"), 200),
        Ok(vec![
            cat(5, "Architecture", "architecture", 3),
            cat(4, "Cities", "cities", 6),
            cat(6, "Culture", "culture", 4),
        ])
    );
    assert_eq!(
        parse_categories(&read("categories-list-page-2.json"), 200),
        Ok(vec![
            cat(7, "Nature", "nature", 10),
            cat(3, "Photography", "photography", 6),
            cat(8, "Travel", "travel", 7),
        ])
    );
    assert_eq!(
        parse_categories(&read("category-7.json"), 200),
        Ok(vec![cat(7, "Nature", "nature", 10)])
    );
    assert_eq!(
        parse_categories(
            r#"[{"id":9,"name":"Th&#7901;i s&#7921; &amp; <b>X&atilde; h&#7897;i</b>","slug":"thoi-su"},
                {"id":"10","name":"bad id"},{"id":11,"name":"  "},{"code":"x","message":"y"},3,
                {"id":12,"name":"Không đếm","count":-1}]"#,
            200
        ),
        Ok(vec![
            // Unknown named entities stay as written; the rest decode.
            cat(9, "Thời sự & X&atilde; hội", "thoi-su", 0),
            cat(12, "Không đếm", "", 0),
        ])
    );
    assert_eq!(parse_categories("[]", 200), Ok(vec![]));
    // The navigation: both captured pages of a real site's categories, the
    // fullest first, at most five; empty ones and "Uncategorized" left out.
    let mut all = parse_categories(&read("categories-list.json"), 200).unwrap_or_default();
    all.extend(parse_categories(&read("categories-list-page-2.json"), 200).unwrap_or_default());
    all.push(cat(1, "Uncategorized", "uncategorized", 40));
    all.push(cat(2, "Empty", "empty", 0));
    let names: Vec<String> = nav_categories(all, 5).into_iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        ["Nature", "Travel", "Cities", "Photography", "Culture"]
    );
    assert!(matches!(
        parse_categories("<html>", 200),
        Err(AppError::NotJson(_))
    ));
    assert!(matches!(
        parse_categories(r#"{"code":"rest_no_route","message":"No route"}"#, 404),
        Err(AppError::Http { status: 404, .. })
    ));
}

/// A post whose featured media is `media` (a real attachment object).
fn with_media(media: &str) -> String {
    format!(
        r#"[{{"id":5,"slug":"s","title":{{"rendered":"T"}},"_embedded":{{"wp:featuredmedia":[{media}]}}}}]"#
    )
}

#[test]
fn real_attachments_as_featured_media() {
    let road = one(&with_media(&read("media-193.json")));
    let r = format!("{UPLOADS}/2017/03/road-trip");
    assert_eq!(
        road.image_srcset,
        Some(format!("{r}-300x200.png 300w, {r}.png 700w"))
    );
    assert_eq!(road.image, Some(format!("{r}.png")));
    assert_eq!(road.banner_image, Some(format!("{r}.png")));

    // No size of the original (its `full` says 0×0), and theme crops of
    // every shape: no srcset; the original is the picture.
    let amor = one(&with_media(&read("media-581.json")));
    let original = "https://viviendosanos.com/wp-content/uploads/2007/08/amorreal2.jpg";
    assert_eq!(amor.image.as_deref(), Some(original));
    assert_eq!(amor.banner_image.as_deref(), Some(original));
    assert_eq!(amor.image_srcset, None);

    // A non-ASCII file name is kept as given (the browser encodes it).
    let bmp = one(&with_media(&read("media-11680.json")));
    assert_eq!(
        bmp.image.as_deref(),
        Some("https://thewing.es/wp-content/uploads/2018/04/WNBA-PO-explicación.bmp")
    );
    assert_eq!(bmp.image_srcset, None);

    // Every attachment of the media list, as a post's featured media.
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&read("media-list.json")).expect("a JSON list");
    assert_eq!(list.len(), 10);
    for media in &list {
        let a = one(&with_media(&media.to_string()));
        let source = media["source_url"].as_str().expect("a source_url");
        if media["id"] == 212 {
            // An audio attachment is not a picture.
            assert_eq!(
                (a.image, a.banner_image, a.image_srcset),
                (None, None, None)
            );
            continue;
        }
        assert_eq!(a.banner_image.as_deref(), Some(source), "{}", media["id"]);
        assert!(a.image.is_some_and(|u| u.starts_with(UPLOADS)));
        let srcset = a.image_srcset.expect("scaled copies");
        let widths: Vec<u64> = srcset
            .split(", ")
            .map(|c| c.rsplit_once(' ').expect("url width").1)
            .map(|w| w.trim_end_matches('w').parse().expect("a width"))
            .collect();
        assert!(widths.windows(2).all(|w| w[0] < w[1]), "{srcset}");
        assert!(srcset.contains(&format!("{source} ")), "{srcset}");
    }
}

// ---------------------------------------------------------------- posts, edge cases

#[test]
fn missing_embedded_and_fields_give_a_bare_article() {
    let a = one(r#"[{"id":7,"slug":"bai-bay"}]"#);
    assert_eq!(
        a,
        Article {
            id: "bai-bay".into(),
            post_id: Some(7),
            ..Article::default()
        }
    );
    // Wrong types in single fields drop those fields, not the post.
    let b = one(
        r#"[{"id":8,"slug":["x"],"title":"plain","excerpt":{"rendered":5},"content":null,
             "link":"javascript:alert(1)","date_gmt":"yesterday","comment_status":true,
             "_embedded":{"author":{"name":"x"},"wp:term":"x","wp:featuredmedia":[7]}}]"#,
    );
    assert_eq!(b.id, "8");
    assert_eq!(b.title, "");
    assert_eq!((b.url, b.base_url, b.published), (None, None, None));
    assert!(b.authors.is_empty() && b.tags.is_empty() && !b.comments_closed);
}

#[test]
fn error_objects_in_embedded_are_skipped() {
    let a = one(r#"[{"id":3,"slug":"s","title":{"rendered":"T"},
            "_embedded":{
              "author":[{"code":"rest_user_invalid_id","message":"Invalid user ID.","data":{"status":404}}],
              "wp:featuredmedia":[{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.","data":{"status":403}}],
              "wp:term":[[{"code":"rest_forbidden","message":"no"},{"id":2,"taxonomy":"category","name":"Th&#7901;i s&#7921;","slug":"thoi-su"}],
                         [{"id":9,"taxonomy":"post_tag","name":"<b>H&agrave; N&#7897;i</b>","slug":"ha-noi"},
                          {"id":10,"taxonomy":"post_tag","name":"Thời sự","slug":"thoi-su-2"}],
                         [{"id":11,"taxonomy":"region","name":"Miền Bắc"}],
                         [{"id":1,"taxonomy":"category","name":"Chưa phân loại","slug":"uncategorized"}]]}}]"#);
    assert!(a.authors.is_empty());
    assert_eq!(
        (a.image, a.banner_image, a.image_srcset),
        (None, None, None)
    );
    // Categories first even when listed later; the same name once; other
    // taxonomies and the default category left out.
    assert_eq!(a.tags, strings(&["Thời sự", "H&agrave; Nội"]));
}

#[test]
fn co_authors_and_names_as_text() {
    let a = one(
        r#"[{"id":3,"slug":"s","_embedded":{"author":[{"id":1,"name":"Nguy&#7877;n V&#259;n A"},
            {"id":2,"name":"  "},{"id":3},{"id":4,"name":"<i>Tr&#7847;n</i>  B"}]}}]"#,
    );
    assert_eq!(a.authors, ["Nguyễn Văn A", "Trần B"]);
    assert_eq!(a.byline().as_deref(), Some("Nguyễn Văn A, Trần B"));
}

#[test]
fn titles_and_summaries_are_plain_text() {
    let a = one(
        r#"[{"id":3,"slug":"s","title":{"rendered":"<em>Gi&aacute;</em> v&agrave;ng &#8211; &#8220;s&#7889;c&#8221; &amp; <script>x()</script>tăng"},
            "excerpt":{"rendered":"<p>Gi&aacute; v&agrave;ng h&ocirc;m nay t&#259;ng m&#7841;nh [&hellip;]</p>\n"}}]"#,
    );
    // Named entities outside the few feeds use stay as written (text.rs).
    assert_eq!(a.title, "Gi&aacute; v&agrave;ng – “sốc” & tăng");
    assert_eq!(
        a.summary.as_deref(),
        Some("Gi&aacute; v&agrave;ng h&ocirc;m nay tăng mạnh…")
    );
    let b = one(r#"[{"id":4,"slug":"t","excerpt":{"rendered":"<p>Đoạn đầu bài [...]</p>"}}]"#);
    assert_eq!(b.summary.as_deref(), Some("Đoạn đầu bài…"));
    // No title: the summary's opening stands in, as for JSON Feed.
    assert_eq!(b.title, "Đoạn đầu bài…");
    let c = one(
        r#"[{"id":5,"slug":"u","title":{"rendered":"X"},"excerpt":{"rendered":"<p>Mở đầu. <a class=\"read-more\" href=\"/u\">Đọc tiếp &raquo;</a></p>"}}]"#,
    );
    assert_eq!(c.summary.as_deref(), Some("Mở đầu."));
    // An excerpt that is only the link: no summary.
    let d = one(
        r#"[{"id":6,"slug":"v","excerpt":{"rendered":"<a class=\"more-link\" href=\"/v\">Continue reading</a>"}}]"#,
    );
    assert_eq!(d.summary, None);
}

#[test]
fn empty_slug_falls_back_to_the_numeric_id() {
    for slug in [r#""""#, r#""   ""#, "null", "5"] {
        let a = one(&format!(r#"[{{"id":123,"slug":{slug}}}]"#));
        assert_eq!((a.id.as_str(), a.post_id), ("123", Some(123)), "{slug}");
    }
}

#[test]
fn non_posts_and_repeats_are_skipped_and_counted() {
    let page = posts(
        r#"[1,"x",null,[],{"slug":"no-id"},{"id":"12","slug":"string-id"},{"id":-1},{"id":1.5},
            {"id":2,"slug":"a"},{"id":3,"slug":"a"},{"id":2,"slug":"b"},
            {"code":"rest_forbidden","message":"no"}]"#,
    )
    .expect("a page");
    let ids: Vec<&str> = page.items.iter().map(|a| a.id.as_str()).collect();
    // Two posts sharing a slug: the second is dropped (one address each).
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(page.skipped, 10);
    match posts(r#"[1,{"slug":"x"}]"#) {
        Err(AppError::InvalidFeed(msg)) => assert!(msg.contains("post"), "{msg}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(posts("[]"), Ok(FeedPage::default()));
}

#[test]
fn dates_gmt_first_then_local_read_as_utc() {
    let a = one(
        r#"[{"id":1,"slug":"a","date":"2025-03-01T07:00:00","date_gmt":"2025-03-01T00:00:00",
            "modified":"2025-03-02T07:00:00","modified_gmt":"2025-03-02T00:00:00"}]"#,
    );
    assert_eq!(a.published, Some(1_740_787_200_000));
    assert_eq!(a.modified, Some(1_740_873_600_000));
    // No GMT date (or null, as for some imported posts): the local one, as UTC.
    let b = one(
        r#"[{"id":1,"slug":"a","date":"2025-03-01T07:00:00","date_gmt":null,"modified":"2025-03-02T07:00:00"}]"#,
    );
    assert_eq!(b.published, Some(1_740_787_200_000 + 7 * 3_600_000));
    assert_eq!(b.modified, Some(1_740_873_600_000 + 7 * 3_600_000));
    // A zone written out is honoured; nonsense is no date.
    let c = one(
        r#"[{"id":1,"slug":"a","date_gmt":"2025-03-01T07:00:00+07:00","modified_gmt":"2025-13-45T99:00:00"}]"#,
    );
    assert_eq!((c.published, c.modified), (Some(1_740_787_200_000), None));
}

#[test]
fn srcset_rules() {
    // Crops out, duplicates and unusable entries out, ascending order, the
    // original added when `sizes` lacks it.
    let a = one(&with_media(
        r#"{"id":9,"media_type":"image","source_url":"https://x.vn/a.jpg",
            "media_details":{"width":2000,"height":1000,"sizes":{
              "large":{"width":1000,"height":500,"source_url":"https://x.vn/a-1000.jpg"},
              "thumbnail":{"width":150,"height":150,"source_url":"https://x.vn/a-150.jpg"},
              "medium":{"width":400,"height":200,"source_url":"https://x.vn/a-400.jpg"},
              "medium_copy":{"width":400,"height":200,"source_url":"https://x.vn/a-400b.jpg"},
              "relative":{"width":500,"height":250,"source_url":"/a-500.jpg"},
              "spaced":{"width":600,"height":300,"source_url":"https://x.vn/a 600.jpg"},
              "zero":{"width":0,"height":0,"source_url":"https://x.vn/a-0.jpg"},
              "huge":{"width":18446744073709551615,"height":18446744073709551615,"source_url":"https://x.vn/h.jpg"},
              "text":{"width":"800","height":400,"source_url":"https://x.vn/a-800.jpg"}}}}"#,
    ));
    assert_eq!(
        a.image_srcset.as_deref(),
        Some(
            "https://x.vn/a-400.jpg 400w, https://x.vn/a-1000.jpg 1000w, https://x.vn/a.jpg 2000w"
        )
    );
    assert_eq!(a.image.as_deref(), Some("https://x.vn/a-1000.jpg"));
    assert_eq!(a.banner_image.as_deref(), Some("https://x.vn/a.jpg"));
    // Only small copies: the widest is the list picture.
    let b = one(&with_media(
        r#"{"source_url":"https://x.vn/b.jpg","media_details":{"width":400,"height":300,"sizes":{
            "s":{"width":200,"height":150,"source_url":"https://x.vn/b-200.jpg"}}}}"#,
    ));
    assert_eq!(b.image.as_deref(), Some("https://x.vn/b.jpg"));
    assert_eq!(
        b.image_srcset.as_deref(),
        Some("https://x.vn/b-200.jpg 200w, https://x.vn/b.jpg 400w")
    );
    // No source_url: the widest copy is the banner too.
    let c = one(&with_media(
        r#"{"media_details":{"width":400,"height":300,"sizes":{
            "s":{"width":200,"height":150,"source_url":"https://x.vn/c-200.jpg"},
            "m":{"width":300,"height":225,"source_url":"https://x.vn/c-300.jpg"}}}}"#,
    ));
    assert_eq!(c.banner_image.as_deref(), Some("https://x.vn/c-300.jpg"));
    assert_eq!(c.image.as_deref(), Some("https://x.vn/c-300.jpg"));
    // A video as featured media is no picture; a relative source_url neither.
    let d = one(&with_media(
        r#"{"media_type":"file","source_url":"https://x.vn/v.mp4"}"#,
    ));
    assert_eq!(d.image, None);
    let e = one(&with_media(r#"{"source_url":"wp-content/e.jpg"}"#));
    assert_eq!((e.image, e.banner_image), (None, None));
}

// ---------------------------------------------------------------- answers and errors

#[test]
fn html_and_error_answers_map_to_app_errors() {
    let html = "<!DOCTYPE html><html><body>REST API disabled</body></html>";
    assert!(matches!(posts(html), Err(AppError::NotJson(_))));
    assert!(matches!(posts(""), Err(AppError::NotJson(_))));
    assert!(matches!(
        parse_single(html, 200, &api()),
        Err(AppError::NotJson(_))
    ));
    assert_eq!(
        parse_posts(html, 500, None, &api(), 3, 10),
        Err(AppError::Http {
            status: 500,
            url: api().posts(3, 10)
        })
    );
    assert_eq!(
        parse_posts(html, 404, None, &api(), 1, 10),
        Err(AppError::Http {
            status: 404,
            url: api().posts(1, 10)
        })
    );
    assert!(matches!(
        parse_single(
            r#"{"code":"rest_no_route","message":"No route was found","data":{"status":404}}"#,
            404,
            &api()
        ),
        Err(AppError::Http { status: 404, .. })
    ));
    // A JSON error where a list was expected, even with 200 (some proxies).
    assert_eq!(
        posts(r#"{"code":"rest_disabled","message":"The REST API is disabled."}"#),
        Err(AppError::InvalidFeed("rest_disabled".into()))
    );
    assert_eq!(
        parse_posts(
            r#"{"code":"rest_forbidden","message":"no","data":{"status":401}}"#,
            401,
            None,
            &api(),
            1,
            10
        ),
        Err(AppError::Http {
            status: 401,
            url: api().posts(1, 10)
        })
    );
    for odd in ["\"text\"", "42", "null", "true"] {
        assert!(matches!(posts(odd), Err(AppError::InvalidFeed(_))), "{odd}");
    }
    // 5xx may pass; a broken answer will not.
    assert!(parse_posts("x", 503, None, &api(), 1, 10)
        .expect_err("an error")
        .is_retryable());
    assert!(!posts("x").expect_err("an error").is_retryable());
}

#[test]
fn asking_past_the_last_page_is_a_normal_end() {
    let past = r#"{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}"#;
    assert_eq!(
        parse_posts(past, 400, Some("3"), &api(), 4, 10),
        Ok(FeedPage::default())
    );
    assert_eq!(
        parse_search(past, 400, None, &api(), "x", 9, 10),
        Ok(FeedPage::default())
    );
    assert_eq!(parse_single(past, 400, &api()), Ok(None));
    // Another 400 is an error.
    assert!(matches!(
        parse_posts(
            r#"{"code":"rest_invalid_param","message":"x"}"#,
            400,
            None,
            &api(),
            1,
            10
        ),
        Err(AppError::Http { status: 400, .. })
    ));
}

fn list_of(n: usize) -> String {
    let items: Vec<String> = (1..=n)
        .map(|i| format!(r#"{{"id":{i},"slug":"p{i}"}}"#))
        .collect();
    format!("[{}]", items.join(","))
}

#[test]
fn next_page_from_the_total_pages_header_or_a_full_page() {
    let api = api();
    let full = list_of(10);
    let short = list_of(4);
    let next = |body: &str, header: Option<&str>, page| {
        parse_posts(body, 200, header, &api, page, 10)
            .expect("a page")
            .next_url
    };
    assert_eq!(next(&full, Some("3"), 1), Some(api.posts(2, 10)));
    assert_eq!(next(&full, Some(" 3 "), 2), Some(api.posts(3, 10)));
    assert_eq!(next(&full, Some("3"), 3), None);
    assert_eq!(next(&full, Some("1"), 1), None);
    assert_eq!(next(&full, Some("0"), 1), None);
    // The header wins over the length, both ways.
    assert_eq!(next(&short, Some("5"), 1), Some(api.posts(2, 10)));
    // No header (not exposed by CORS) or a garbage one: a full page has a next.
    for garbage in [
        None,
        Some(""),
        Some("abc"),
        Some("-1"),
        Some("2.5"),
        Some("99999999999"),
    ] {
        assert_eq!(
            next(&full, garbage, 1),
            Some(api.posts(2, 10)),
            "{garbage:?}"
        );
        assert_eq!(next(&short, garbage, 1), None, "{garbage:?}");
    }
    // An empty page never has a next one; the last page number does not overflow.
    assert_eq!(next("[]", Some("9"), 1), None);
    assert_eq!(next(&full, None, u32::MAX), None);
    assert_eq!(
        parse_posts(&full, 200, None, &api, 1, 0)
            .expect("a page")
            .next_url,
        None
    );
    // Search pages go on with the same search.
    let found = parse_search(&full, 200, Some("2"), &api, "giá vàng", 1, 10).expect("a page");
    assert_eq!(found.next_url, Some(api.search("giá vàng", 2, 10)));
    assert_eq!(found.items.len(), 10);
    let last = parse_search(&full, 200, Some("1"), &api, "giá vàng", 1, 10).expect("a page");
    assert_eq!(last.next_url, None);
}

#[test]
fn a_page_is_read_up_to_the_cap() {
    let page = posts(&list_of(MAX_ITEMS_PER_PAGE + 3)).expect("a page");
    assert_eq!(page.items.len(), MAX_ITEMS_PER_PAGE);
    assert_eq!(page.beyond_cap, 3);
    // Tags are capped too.
    let terms: Vec<String> = (0..MAX_TAGS_PER_ITEM + 20)
        .map(|i| format!(r#"{{"taxonomy":"post_tag","name":"t{i}"}}"#))
        .collect();
    let a = one(&format!(
        r#"[{{"id":1,"slug":"a","_embedded":{{"wp:term":[[{}]]}}}}]"#,
        terms.join(",")
    ));
    assert_eq!(a.tags.len(), MAX_TAGS_PER_ITEM);
}

// ---------------------------------------------------------------- URLs

const FIELDS: &str = "_fields=id,slug,link,date,date_gmt,modified_gmt,title,excerpt,content,\
comment_status,featured_media,author,categories,tags,_links,_embedded";

#[test]
fn pretty_urls_for_every_request() {
    for configured in [
        "https://site.vn/wp-json",
        "https://site.vn/wp-json/",
        " https://site.vn/wp-json// ",
        "https://site.vn/wp-json#x",
    ] {
        let api = WpApi::new(configured).expect("a web URL");
        let root = "https://site.vn/wp-json/wp/v2";
        assert_eq!(
            api.posts(2, 20),
            format!("{root}/posts?_embed&per_page=20&page=2&{FIELDS}"),
            "{configured}"
        );
        assert_eq!(
            api.post_by_slug("gia-vang"),
            format!("{root}/posts?slug=gia-vang&_embed&{FIELDS}")
        );
        assert_eq!(
            api.categories(),
            format!("{root}/categories?per_page=100&hide_empty=true&orderby=count&order=desc&_fields=id,name,slug,count")
        );
        assert_eq!(
            api.category_by_slug("nông thôn"),
            format!("{root}/categories?slug=n%C3%B4ng%20th%C3%B4n&_fields=id,name,slug,count")
        );
        assert_eq!(
            api.search("giá vàng & đô", 1, 10),
            format!("{root}/posts?search=gi%C3%A1%20v%C3%A0ng%20%26%20%C4%91%C3%B4&_embed&per_page=10&page=1&{FIELDS}")
        );
        assert_eq!(
            api.comments(60, 1, 50),
            format!("{root}/comments?post=60&order=asc&orderby=date_gmt&per_page=50&page=1")
        );
        assert_eq!(api.comments_post(), format!("{root}/comments"));
        let other = api.fallback().expect("the other form");
        assert_eq!(
            other.posts(1, 10),
            format!("https://site.vn/?rest_route=/wp/v2/posts&_embed&per_page=10&page=1&{FIELDS}")
        );
        assert_eq!(other.fallback(), Some(api.clone()));
    }
    // A query of the operator's own is kept.
    let api = WpApi::new("https://site.vn/blog/wp-json/?lang=vi").expect("a web URL");
    assert_eq!(
        api.comments_post(),
        "https://site.vn/blog/wp-json/wp/v2/comments?lang=vi"
    );
    assert_eq!(
        api.categories(),
        "https://site.vn/blog/wp-json/wp/v2/categories?lang=vi&per_page=100&hide_empty=true&orderby=count&order=desc&_fields=id,name,slug,count"
    );
    assert_eq!(
        api.fallback().map(|f| f.comments_post()),
        Some("https://site.vn/blog/?lang=vi&rest_route=/wp/v2/comments".into())
    );
}

#[test]
fn rest_route_urls_for_every_request() {
    for (configured, page) in [
        ("https://site.vn/?rest_route=", "https://site.vn/"),
        ("https://site.vn/?rest_route=/", "https://site.vn/"),
        (
            "https://site.vn/index.php?rest_route=/",
            "https://site.vn/index.php",
        ),
        ("http://site.vn?rest_route", "http://site.vn"),
    ] {
        let api = WpApi::new(configured).expect("a web URL");
        let r = format!("{page}?rest_route=/wp/v2");
        assert_eq!(
            api.posts(1, 10),
            format!("{r}/posts&_embed&per_page=10&page=1&{FIELDS}"),
            "{configured}"
        );
        assert_eq!(
            api.post_by_slug("chào/bạn"),
            format!("{r}/posts&slug=ch%C3%A0o%2Fb%E1%BA%A1n&_embed&{FIELDS}")
        );
        assert_eq!(
            api.categories(),
            format!("{r}/categories&per_page=100&hide_empty=true&orderby=count&order=desc&_fields=id,name,slug,count")
        );
        assert_eq!(
            api.search("a+b#c", 3, 5),
            format!("{r}/posts&search=a%2Bb%23c&_embed&per_page=5&page=3&{FIELDS}")
        );
        assert_eq!(
            api.comments(7, 2, 20),
            format!("{r}/comments&post=7&order=asc&orderby=date_gmt&per_page=20&page=2")
        );
        assert_eq!(api.comments_post(), format!("{r}/comments"));
        let pretty = api.fallback().expect("the other form");
        assert_eq!(
            pretty.comments_post(),
            format!(
                "{}/wp-json/wp/v2/comments",
                page.trim_end_matches("index.php").trim_end_matches('/')
            )
        );
    }
    // The brief's example, exactly.
    assert_eq!(
        WpApi::new("https://site.vn/?rest_route=")
            .expect("a web URL")
            .posts(1, 10),
        format!("https://site.vn/?rest_route=/wp/v2/posts&_embed&per_page=10&page=1&{FIELDS}")
    );
    // Other parameters before or after rest_route are kept, in front.
    let api = WpApi::new("https://site.vn/sub/index.php?lang=vi&rest_route=/&x=1").expect("URL");
    assert_eq!(
        api.comments_post(),
        "https://site.vn/sub/index.php?lang=vi&x=1&rest_route=/wp/v2/comments"
    );
    assert_eq!(
        api.fallback().map(|f| f.comments_post()),
        Some("https://site.vn/sub/wp-json/wp/v2/comments?lang=vi&x=1".into())
    );
}

#[test]
fn only_web_urls_make_an_api() {
    for bad in [
        "",
        "wp-json",
        "/wp-json",
        "//site.vn/wp-json",
        "ftp://site.vn/wp-json",
        "javascript:alert(1)",
        "https://site .vn/wp-json",
        "https",
        "ħttps://x",
    ] {
        assert_eq!(WpApi::new(bad), None, "{bad}");
    }
    assert!(WpApi::new("HTTPS://Site.vn/wp-json").is_some());
    // A bare host in the pretty form names no folder for the other form.
    assert_eq!(
        WpApi::new("https://site.vn").and_then(|a| a.fallback()),
        None
    );
}

// ---------------------------------------------------------------- hostile input

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(matches!(posts(&deep), Err(AppError::NotJson(_))));
    let deep_field = format!(
        r#"[{{"id":1,"slug":"a","title":{}1{}}}]"#,
        r#"{"x":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    assert!(matches!(posts(&deep_field), Err(AppError::NotJson(_))));
    assert!(matches!(
        parse_single(&deep, 200, &api()),
        Err(AppError::NotJson(_))
    ));
    assert!(matches!(
        parse_categories(&deep, 200),
        Err(AppError::NotJson(_))
    ));
    // Nesting the parser allows, in every place the mapping looks.
    let nested = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let body = format!(
        r#"[{{"id":1,"slug":{nested},"title":{nested},"_embedded":{{"author":{nested},"wp:term":{nested},"wp:featuredmedia":{nested}}}}}]"#
    );
    assert_eq!(one(&body).id, "1");
}

#[test]
fn huge_strings_are_read_not_choked_on() {
    let long = "&#7901;<b>x</b> ".repeat(50_000);
    let body = format!(
        r#"[{{"id":1,"slug":"{slug}","title":{{"rendered":"{long}"}},"excerpt":{{"rendered":"{long}"}},
             "link":"https://x.vn/{slug}","date_gmt":"{long}",
             "_embedded":{{"author":[{{"name":"{long}"}}]}}}}]"#,
        slug = "a".repeat(100_000)
    );
    let a = one(&body);
    assert_eq!(a.id.len(), 100_000);
    assert!(a.title.starts_with("ờ x ờ x"));
    assert_eq!(a.published, None);
    assert_eq!(a.authors.len(), 1);
    // Big numbers: an id past u64 is no id; counts past u64 are 0.
    assert!(posts(r#"[{"id":18446744073709551616}]"#).is_err());
    assert_eq!(
        posts(r#"[{"id":18446744073709551615}]"#)
            .expect("a page")
            .items[0]
            .post_id,
        Some(u64::MAX)
    );
    assert_eq!(
        parse_categories(r#"[{"id":1,"name":"a","count":1e400}]"#, 200).map(|c| c[0].count),
        Ok(0)
    );
}

const FIXTURES: &[&str] = &[
    "posts.json",
    "posts-from-category-7.json",
    "posts-from-category-7-page-2.json",
    "post-60.json",
    "page-with-subpage.json",
    "page-211.json",
    "categories-list.json",
    "categories-list-page-2.json",
    "category-7.json",
    "media-list.json",
    "post-60-comments.json",
    "comment-5.json",
    "tags-list.json",
    "author-list.json",
];

/// Every parser on `body` with a few statuses: any answer but a panic.
fn parse_all(body: &str) {
    for status in [200, 400, 404, 500] {
        let _ = parse_posts(body, status, Some("2"), &api(), 1, 10);
        let _ = parse_search(body, status, None, &api(), "q", 1, 10);
        let _ = parse_single(body, status, &api());
        let _ = parse_categories(body, status);
    }
}

#[test]
fn truncated_fixtures_never_panic() {
    for name in FIXTURES {
        let body = read(name);
        parse_all(&body);
        // Every byte of the first two kilobytes, then about 400 cuts spread
        // over the rest (on char boundaries: a &str cannot end mid-char).
        let step = (body.len() / 400).max(1);
        let cuts = (0..body.len().min(2048)).chain((2048..body.len()).step_by(step));
        for cut in cuts.filter(|&c| body.is_char_boundary(c)) {
            let head = &body[..cut];
            if head.trim_end() == body.trim_end() {
                continue; // only the final newline cut off: the whole answer
            }
            match parse_posts(head, 200, None, &api(), 1, 10) {
                // A cut can only end the document where a value ends, which
                // the fixtures' top-level values do not before their end.
                Err(AppError::NotJson(_)) => {}
                other => panic!("{name} cut at {cut}: {other:?}"),
            }
            let _ = parse_single(head, 200, &api());
            let _ = parse_categories(head, 200);
        }
    }
}

#[test]
fn fixtures_that_are_not_posts_are_not_shown_as_posts() {
    // Comments, tags and users have numeric ids and slugs-or-not; they
    // must not crash the mapping, whatever it makes of them.
    for name in [
        "post-60-comments.json",
        "comment-5.json",
        "tags-list.json",
        "author-list.json",
        "media-list.json",
        "post-type.json",
        "latest-movie.json",
        "author-4.json",
        "tag-10.json",
        "media-193.json",
        "media-581.json",
        "media-11680.json",
    ] {
        parse_all(&read(name));
    }
}
