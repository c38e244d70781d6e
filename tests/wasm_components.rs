//! Components rendered in a real browser (headless Chromium via
//! wasm-bindgen-test): what a reader would see in each.
#![cfg(target_arch = "wasm32")]

use bantin::components::{ArticleBody, ArticleCard, DateTime, ErrorView};
use bantin::config::Config;
use bantin::error::AppError;
use bantin::model::{Article, Content};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn config(lang: &str) -> Arc<Config> {
    let body = format!(
        r#"{{"site":{{"title":"Bản tin thử","lang":"{lang}","timezone":"Asia/Ho_Chi_Minh"}},"source":{{"kind":"jsonfeed","url":"feed.json"}}}}"#
    );
    Arc::new(Config::parse(&body).expect("test config"))
}

/// Mounts a view into a fresh container and returns the container.
fn mount<V: IntoView + 'static>(
    lang: &'static str,
    view: impl FnOnce() -> V + 'static,
) -> web_sys::HtmlElement {
    bantin::platform::url::set_app_base("http://127.0.0.1/");
    let doc = document();
    let container: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&container).unwrap();
    let cfg = config(lang);
    leptos::mount::mount_to(container.clone(), move || {
        let store = bantin::state::FeedStore::new(bantin::source::Source::JsonFeed {
            url: "http://127.0.0.1/unused.json".into(),
        });
        // What the portal shares; cards carry a save button, which reads
        // the offline state. A test changes one part by providing its own.
        provide_context(bantin::context::Shared {
            config: cfg,
            store,
            router: bantin::router::Router::new(bantin::router::Route::Home),
            offline: bantin::offline::Offline::new(),
            ads: bantin::components::load_ads(None, store),
            visitors: None,
        });
        view()
    })
    .forget();
    container
}

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn sample() -> Article {
    Article {
        id: "kien-thuy-ntm-2025".into(),
        title: "Huyện Kiến Thuỵ xây dựng nông thôn mới".into(),
        summary: Some("Tóm tắt <b>không phải</b> HTML".into()),
        image: Some("http://127.0.0.1/demo/img/ruong-lua.svg".into()),
        published: Some(1_692_000_000_000), // 2023-08-14T08:00:00Z
        authors: vec!["Mai Chi".into()],
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn article_card_shows_title_link_summary_date_and_author() {
    let c = mount("vi", || view! { <ul><ArticleCard article=sample()/></ul> });
    tick().await;
    let link = c
        .query_selector(".bt-card-title a")
        .unwrap()
        .expect("title link");
    assert_eq!(
        link.text_content().unwrap(),
        "Huyện Kiến Thuỵ xây dựng nông thôn mới"
    );
    assert_eq!(
        link.get_attribute("href").unwrap(),
        "/bai/kien-thuy-ntm-2025"
    );
    // Summary is text: the <b> shows as characters, it is not an element.
    let summary = c.query_selector(".bt-card-summary").unwrap().unwrap();
    assert_eq!(
        summary.text_content().unwrap(),
        "Tóm tắt <b>không phải</b> HTML"
    );
    assert!(summary.query_selector("b").unwrap().is_none());
    // 08:00 UTC is 15:00 in the site's zone, whatever zone the browser is in.
    assert_eq!(
        c.query_selector("time")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "14/08/2023 15:00"
    );
    assert_eq!(
        c.query_selector(".bt-author")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Mai Chi"
    );
    let img = c.query_selector("img").unwrap().unwrap();
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert!(img.get_attribute("width").is_some() && img.get_attribute("height").is_some());
}

#[wasm_bindgen_test]
async fn card_without_image_has_no_thumbnail_box() {
    let mut a = sample();
    a.image = None;
    let c = mount("vi", move || view! { <ul><ArticleCard article=a/></ul> });
    tick().await;
    assert!(c.query_selector(".bt-card-thumb").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn date_time_in_english() {
    let c = mount("en", || view! { <DateTime epoch_ms=1_692_000_000_000/> });
    tick().await;
    let t = c.query_selector("time").unwrap().unwrap();
    assert_eq!(t.text_content().unwrap(), "14 Aug 2023, 15:00");
    assert_eq!(t.get_attribute("datetime").unwrap(), "2023-08-14T08:00Z");
}

#[wasm_bindgen_test]
async fn error_view_explains_and_retries() {
    let clicks = RwSignal::new(0);
    let c = mount("vi", move || {
        view! {
            <ErrorView
                error=AppError::Http { status: 503, url: "x".into() }
                on_retry=Callback::new(move |_| clicks.update(|n| *n += 1))
            />
        }
    });
    tick().await;
    let alert = c.query_selector("[role=alert]").unwrap().expect("an alert");
    assert!(alert.text_content().unwrap().contains("503"));
    let button: web_sys::HtmlElement = c
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Thử lại");
    button.click();
    tick().await;
    assert_eq!(clicks.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn error_view_for_not_found_offers_no_retry() {
    let c = mount(
        "en",
        || view! { <ErrorView error=AppError::NotFound on_retry=Callback::new(|_| ())/> },
    );
    tick().await;
    assert!(c.query_selector("button").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn article_body_sanitizes_and_resolves_relative_urls_against_the_feed() {
    let html = r#"<p>Một</p><img src="img/a.svg" onerror="window.__bad=1" width="640" height="360"><script>window.__bad=1</script><p><a href="../x.html">x</a></p>"#;
    let c = mount("vi", move || {
        view! { <ArticleBody content=Content::Html(html.into()) base_url=Some("http://127.0.0.1/demo/feed.json".into())/> }
    });
    tick().await;
    let body = c.query_selector(".bt-body").unwrap().unwrap();
    assert!(body.query_selector("script").unwrap().is_none());
    let img = body.query_selector("img").unwrap().expect("image kept");
    assert_eq!(
        img.get_attribute("src").unwrap(),
        "http://127.0.0.1/demo/img/a.svg"
    );
    assert!(img.get_attribute("onerror").is_none());
    let a = body.query_selector("a").unwrap().unwrap();
    assert_eq!(a.get_attribute("href").unwrap(), "http://127.0.0.1/x.html");
    assert_eq!(a.get_attribute("rel").unwrap(), "noopener noreferrer");
}

#[wasm_bindgen_test]
async fn plain_text_body_becomes_paragraphs() {
    let c = mount("vi", || {
        view! { <ArticleBody content=Content::Text("Đoạn một.\n\nĐoạn <i>hai</i>.".into()) base_url=None/> }
    });
    tick().await;
    let ps = c.query_selector_all(".bt-body p").unwrap();
    assert_eq!(ps.length(), 2);
    assert_eq!(
        ps.item(1).unwrap().text_content().unwrap(),
        "Đoạn <i>hai</i>."
    );
}

/// Waits (a bounded number of short turns of the event loop) until `done`.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        tick().await;
    }
    panic!("never happened: {what}");
}

#[wasm_bindgen_test]
async fn error_view_off_the_list_links_back_to_it() {
    use bantin::router::{Route, Router};
    let c = mount("vi", || {
        provide_context(bantin::context::Shared {
            router: Router::new(Route::Article { id: "x".into() }),
            ..bantin::context::expect_shared()
        });
        view! { <ErrorView error=AppError::Chunk on_retry=Callback::new(|_| ())/> }
    });
    tick().await;
    let text = c.text_content().unwrap();
    assert!(text.contains("Không tải được phần này của trang"), "{text}");
    let back = c
        .query_selector("a.bt-error-back")
        .unwrap()
        .expect("a link back");
    assert!(!back.has_attribute("hidden"));
    assert_eq!(back.get_attribute("href").unwrap(), "/");
    assert_eq!(back.text_content().unwrap(), "← Về trang tin mới");
    assert_eq!(
        c.query_selector("button")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Thử lại"
    );

    // On the list itself (or with no list), no link to where the reader is.
    let c = mount(
        "en",
        || view! { <ErrorView error=AppError::Network("x".into())/> },
    );
    tick().await;
    let back = c.query_selector("a.bt-error-back").unwrap().expect("link");
    assert!(back.has_attribute("hidden"));
}

/// The article page of an id the first page lacks asks for the next page;
/// the reader leaving the page aborts that request (its AbortSignal).
#[wasm_bindgen_test]
async fn leaving_an_article_page_aborts_the_request_it_made() {
    use bantin::pages::ArticlePage;
    use bantin::source::Source;
    use bantin::state::{Event, FeedStore, LoadState};
    // A fetch that answers the first page and never the next one, and
    // records each request's signal.
    js_sys::eval(
        r#"window.__realFetch = window.fetch; window.__fetches = [];
        window.fetch = (url, init) => {
          const signal = init && init.signal;
          window.__fetches.push({ url: String(url), signal });
          if (String(url).endsWith('/first.json')) {
            return Promise.resolve(new Response(JSON.stringify({
              version: 'https://jsonfeed.org/version/1.1', title: 't',
              next_url: 'http://127.0.0.1/second.json',
              items: [{ id: 'a1', title: 'A', content_text: 'x' }],
            })));
          }
          return new Promise((ok, ko) => signal && signal.addEventListener('abort',
            () => ko(new DOMException('aborted', 'AbortError'))));
        };"#,
    )
    .unwrap();
    let fetches = || {
        js_sys::eval("window.__fetches.length")
            .unwrap()
            .as_f64()
            .unwrap() as usize
    };
    let aborted = |i: usize| {
        js_sys::eval(&format!("!!window.__fetches[{i}].signal?.aborted"))
            .unwrap()
            .is_truthy()
    };

    let open = RwSignal::new(true);
    let store = StoredValue::new(None::<FeedStore>);
    mount("vi", move || {
        let feed = FeedStore::new(Source::JsonFeed {
            url: "http://127.0.0.1/first.json".into(),
        });
        store.set_value(Some(feed));
        provide_context(bantin::context::Shared {
            store: feed,
            ..bantin::context::expect_shared()
        });
        feed.dispatch(Event::LoadFirst);
        move || {
            open.get()
                .then(|| view! { <ArticlePage id="far".to_string()/> })
        }
    });
    until("the first page and the next one asked for", || {
        fetches() >= 2
    })
    .await;
    let feed = store.get_value().unwrap();
    assert!(js_sys::eval("window.__fetches[1].url")
        .unwrap()
        .as_string()
        .unwrap()
        .ends_with("/second.json"));
    assert!(!aborted(0) && !aborted(1));
    assert_eq!(
        feed.with_untracked(|s| s.more().clone()),
        LoadState::Loading
    );

    open.set(false);
    until("the next page's request aborted", || aborted(1)).await;
    assert_eq!(feed.with_untracked(|s| s.more().clone()), LoadState::Idle);
    assert_eq!(fetches(), 2, "nothing else asked for");
    js_sys::eval("window.fetch = window.__realFetch").unwrap();
}

/// Every "Lưu bài" button follows one store, the stored records: two cards
/// of the same article and the article page's button say the same, after a
/// save and after an unsave (a wrong "Đã lưu" after an unsave was the bug of
/// earlier DOM writes, which set only the button pressed), and a button
/// drawn after a save starts as "Đã lưu".
#[wasm_bindgen_test]
async fn save_buttons_follow_the_stored_records() {
    use bantin::offline::record::SavedRecord;
    use bantin::offline::{use_offline, SaveButton};
    let offline = StoredValue::new(None::<bantin::offline::Offline>);
    let shared = StoredValue::new(None::<bantin::context::Shared>);
    let c = mount("vi", move || {
        offline.set_value(Some(use_offline()));
        shared.set_value(Some(bantin::context::expect_shared()));
        view! {
            <ul><ArticleCard article=sample()/><ArticleCard article=sample()/></ul>
            <SaveButton article=sample()/>
        }
    });
    tick().await;
    let offline = offline.get_value().unwrap();
    // What `Offline::run` does once the offline chunk is in.
    offline.follow_save_buttons();
    let pressed = || {
        let buttons = c.query_selector_all("button.bt-save").unwrap();
        (0..buttons.length())
            .map(|i| {
                let b: web_sys::Element = buttons.item(i).unwrap().unchecked_into();
                b.get_attribute("aria-pressed").unwrap()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(pressed(), ["false", "false", "false"]);
    let record = |saved| SavedRecord {
        saved,
        saved_at: 1,
        article: sample(),
    };
    offline.records.set(vec![record(true)]);
    until("every button says “Đã lưu”", || {
        pressed() == ["true", "true", "true"]
    })
    .await;
    // Unsaved, the copy is kept (read offline later), and no longer saved.
    offline.records.set(vec![record(false)]);
    until("every button says “Lưu bài” again", || {
        pressed() == ["false", "false", "false"]
    })
    .await;
    // Saved again, then a card drawn: it says “Đã lưu” from the start.
    offline.records.set(vec![record(true)]);
    until("saved again", || pressed() == ["true", "true", "true"]).await;
    let shared = shared.get_value().unwrap();
    let later = leptos::mount::mount_to(c.clone(), move || {
        provide_context(shared);
        view! { <ArticleCard article=sample()/> }
    });
    assert_eq!(pressed(), ["true", "true", "true", "true"]);
    drop(later);
}

/// An element's shape: its tag, attributes (sorted) and children, text
/// included; empty text nodes and comments (Leptos' markers) left out.
fn shape(node: &web_sys::Node) -> String {
    if let Some(el) = node.dyn_ref::<web_sys::Element>() {
        let attrs = el.attributes();
        let mut named: Vec<String> = (0..attrs.length())
            .filter_map(|i| attrs.item(i))
            .map(|a| format!("{}={:?}", a.name(), a.value()))
            .collect();
        named.sort();
        let children = el.child_nodes();
        let inner: Vec<String> = (0..children.length())
            .filter_map(|i| children.item(i))
            .map(|c| shape(&c))
            .filter(|s| !s.is_empty())
            .collect();
        format!(
            "<{} {}>{}</>",
            el.tag_name(),
            named.join(" "),
            inner.join("")
        )
    } else if node.node_type() == web_sys::Node::TEXT_NODE {
        node.text_content().unwrap_or_default()
    } else {
        String::new()
    }
}

#[wasm_bindgen_test]
async fn the_visitor_box_widget_draws_the_portals_box_in_every_state() {
    use bantin::stats::{Numbers, Visitors};
    use bantin::widgets::VisitorBoxDom;
    let cfg = config("vi");
    let state = RwSignal::new(Visitors::default());
    let portal = mount("vi", {
        let cfg = cfg.clone();
        move || bantin::components::live_box(&cfg, state)
    });
    let widget = VisitorBoxDom::new(cfg.site.lang.strings()).expect("the widget's box");
    let offset = bantin::platform::time::offset_minutes(
        &cfg.site.timezone,
        bantin::platform::time::now_ms(),
    );
    let numbers = Numbers {
        online: 12,
        today: 1_234,
        week: 56_789,
        total: 1_234_567,
    };
    type Step = fn(&mut Visitors, Numbers);
    let steps: [(&str, Step); 4] = [
        ("loading", |_, _| {}),
        ("no figures, the service down", |v, _| {
            v.stale();
        }),
        ("live", |v, n| v.accept(n, 1_700_000_000_000)),
        ("not current", |v, _| {
            v.stale();
        }),
    ];
    let mut seen = Vec::new();
    for (name, step) in steps {
        state.update(|v| step(v, numbers));
        widget.show(&state.get_untracked(), cfg.site.lang, offset);
        tick().await;
        let drawn = portal.first_element_child().expect("the portal's box");
        assert_eq!(shape(&widget.root), shape(&drawn), "{name}");
        seen.push(shape(&drawn));
    }
    // The states differ (the comparison saw each of them), and the live one shows the figures.
    assert_eq!(
        seen.iter().collect::<std::collections::HashSet<_>>().len(),
        4,
        "{seen:?}"
    );
    assert!(seen[2].contains("1.234.567"), "{}", seen[2]);
    assert!(seen[3].contains("bt-visitors-stale"), "{}", seen[3]);
}
