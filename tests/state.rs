//! The feed state's transition function (`state::FeedState::next`) and the
//! article page's decisions (`state::article_outcome`): every event from
//! every state, then what each should do.

use bantin::error::AppError;
use bantin::model::{Article, FeedPage};
use bantin::state::{
    article_outcome, ArticleOutcome, Effect, Event, FeedState, LoadState, LookUp, RequestId, Retry,
    Want, LIST_STEP, MAX_PAGES_FOR_DEEP_LINK,
};
use std::collections::HashSet;

const FIRST: &str = "https://news.example/feed.json";

fn article(id: &str) -> Article {
    Article {
        id: id.to_string(),
        title: format!("Bài {id}"),
        ..Article::default()
    }
}

/// A page of `ids`, with a next page at `next`.
fn page(ids: &[String], next: Option<&str>) -> FeedPage {
    FeedPage {
        items: ids.iter().map(|id| article(id)).collect(),
        next_url: next.map(str::to_string),
        ..FeedPage::default()
    }
}

fn ids(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i}")).collect()
}

/// The one fetch among `effects`.
fn fetched(effects: &[Effect]) -> (RequestId, String) {
    let fetches: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Fetch { request, url } => Some((*request, url.clone())),
            Effect::Abort(_) => None,
        })
        .collect();
    assert_eq!(fetches.len(), 1, "one fetch expected: {effects:?}");
    fetches[0].clone()
}

fn aborted(effects: &[Effect]) -> Vec<RequestId> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Abort(r) => Some(*r),
            Effect::Fetch { .. } => None,
        })
        .collect()
}

fn answer(
    state: &mut FeedState,
    request: RequestId,
    page: Result<FeedPage, AppError>,
) -> Vec<Effect> {
    state.next(Event::Answered { request, page })
}

fn first_request(state: &FeedState) -> RequestId {
    state.in_flight().0.expect("first page in flight")
}

fn more_request(state: &FeedState) -> RequestId {
    state.in_flight().1.expect("next page in flight").0
}

fn network() -> AppError {
    AppError::Network("down".into())
}

// ---- the states

fn idle() -> FeedState {
    FeedState::new(FIRST)
}

fn first_loading() -> FeedState {
    let mut s = idle();
    s.next(Event::LoadFirst);
    s
}

fn first_failed() -> FeedState {
    let mut s = first_loading();
    let r = first_request(&s);
    answer(&mut s, r, Err(network()));
    s
}

/// The first page in: 30 items, a next page.
fn listed() -> FeedState {
    let mut s = first_loading();
    let r = first_request(&s);
    answer(&mut s, r, Ok(page(&ids("a", 0..30), Some("p2"))));
    s
}

/// The whole feed in one page of 10.
fn last_page() -> FeedState {
    let mut s = first_loading();
    let r = first_request(&s);
    answer(&mut s, r, Ok(page(&ids("a", 0..10), None)));
    s
}

/// "Xem thêm" until the loaded items ran out: the next page on its way.
fn more_loading_reader() -> FeedState {
    let mut s = listed();
    s.next(Event::ShowMore);
    s
}

fn more_loading_seek() -> FeedState {
    let mut s = listed();
    s.next(Event::Seek("far".into()));
    s
}

fn more_failed_reader() -> FeedState {
    let mut s = more_loading_reader();
    let r = more_request(&s);
    answer(&mut s, r, Err(network()));
    s
}

fn more_failed_seek() -> FeedState {
    let mut s = more_loading_seek();
    let r = more_request(&s);
    answer(
        &mut s,
        r,
        Err(AppError::Http {
            status: 503,
            url: "p2".into(),
        }),
    );
    s
}

/// A list reloading (the network came back).
fn reloading() -> FeedState {
    let mut s = listed();
    s.next(Event::LoadFirst);
    s
}

fn states() -> Vec<(&'static str, FeedState)> {
    vec![
        ("idle", idle()),
        ("first loading", first_loading()),
        ("first failed", first_failed()),
        ("listed", listed()),
        ("last page", last_page()),
        ("more loading (reader)", more_loading_reader()),
        ("more loading (deep link)", more_loading_seek()),
        ("more failed (reader)", more_failed_reader()),
        ("more failed (deep link)", more_failed_seek()),
        ("reloading", reloading()),
    ]
}

/// Every event that can reach `state`: the reader's, and an answer (good,
/// failed, or for a request nobody waits for) to each request.
fn events(state: &FeedState) -> Vec<Event> {
    let mut events = vec![
        Event::LoadFirst,
        Event::Online,
        Event::ShowMore,
        Event::RetryMore,
        Event::Seek("a3".into()),
        Event::Seek("far".into()),
        Event::LeftArticle("far".into()),
        Event::LeftArticle("other".into()),
        Event::LeftList,
        Event::Answered {
            request: 999,
            page: Ok(page(&ids("z", 0..3), None)),
        },
    ];
    let (first, more) = state.in_flight();
    for request in first.into_iter().chain(more.map(|(r, _)| r)) {
        events.push(Event::Answered {
            request,
            page: Ok(page(&ids("a", 25..50), Some("p3"))),
        });
        events.push(Event::Answered {
            request,
            page: Err(network()),
        });
    }
    events
}

fn requests(state: &FeedState) -> HashSet<RequestId> {
    let (first, more) = state.in_flight();
    first.into_iter().chain(more.map(|(r, _)| r)).collect()
}

/// What holds after every event from every state.
#[test]
fn every_event_from_every_state_keeps_the_invariants() {
    for (name, before) in states() {
        for event in events(&before) {
            let mut after = before.clone();
            let effects = after.next(event.clone());
            let what = format!("{name} + {event:?}");

            // A loading state is a request in flight, and the other way round.
            let (first, more) = after.in_flight();
            assert_eq!(
                *after.first() == LoadState::Loading,
                first.is_some(),
                "{what}"
            );
            assert_eq!(
                *after.more() == LoadState::Loading,
                more.is_some(),
                "{what}"
            );

            // At most one fetch, and it is for a request now in flight, new.
            let fetches: Vec<_> = effects
                .iter()
                .filter(|e| matches!(e, Effect::Fetch { .. }))
                .collect();
            assert!(fetches.len() <= 1, "{what}: {effects:?}");
            if let Some(Effect::Fetch { request, .. }) = fetches.first() {
                assert!(requests(&after).contains(request), "{what}");
                assert!(!requests(&before).contains(request), "{what}");
            }
            // Aborted: what was in flight and no longer is.
            for request in aborted(&effects) {
                assert!(requests(&before).contains(&request), "{what}");
                assert!(!requests(&after).contains(&request), "{what}");
            }
            // No request is forgotten without being aborted or answered.
            let answered = match &event {
                Event::Answered { request, .. } => Some(*request),
                _ => None,
            };
            for request in requests(&before).difference(&requests(&after)) {
                assert!(
                    aborted(&effects).contains(request) || answered == Some(*request),
                    "{what}: request {request} dropped silently"
                );
            }
            // Each id once, each found.
            let mut seen = HashSet::new();
            for a in after.articles() {
                assert!(seen.insert(a.id.clone()), "{what}: {} twice", a.id);
                assert_eq!(after.find(&a.id), Some(a), "{what}");
            }
            assert!(after.shown().len() <= after.articles().len(), "{what}");
            assert!(after.visible() >= LIST_STEP, "{what}");
            // An answer nobody waits for changes nothing.
            if answered.is_some_and(|r| !requests(&before).contains(&r)) {
                assert_eq!(after, before, "{what}");
                assert!(effects.is_empty(), "{what}");
            }
        }
    }
}

#[test]
fn the_first_page_loads_and_settles() {
    let mut s = idle();
    assert!(!s.settled());
    let effects = s.next(Event::LoadFirst);
    let (r, url) = fetched(&effects);
    assert_eq!(url, FIRST);
    assert_eq!(*s.first(), LoadState::Loading);
    // Asked again while loading: no second request.
    assert!(s.next(Event::LoadFirst).is_empty());
    let effects = answer(&mut s, r, Ok(page(&ids("a", 0..30), Some("p2"))));
    assert!(effects.is_empty());
    assert_eq!(*s.first(), LoadState::Done);
    assert!(s.settled());
    assert_eq!(s.articles().len(), 30);
    assert_eq!(s.shown().len(), LIST_STEP);
    assert_eq!(s.next_url(), Some("p2"));
    assert_eq!(s.pages(), 1);
    assert!(s.has_more());
}

#[test]
fn a_failed_first_page_settles_and_is_retried() {
    let mut s = first_failed();
    assert_eq!(*s.first(), LoadState::Failed(network()));
    assert!(s.settled(), "the extras may start after a failure too");
    let (r, url) = fetched(&s.next(Event::LoadFirst));
    assert_eq!(url, FIRST);
    answer(&mut s, r, Ok(page(&ids("a", 0..3), None)));
    assert_eq!(*s.first(), LoadState::Done);
    assert_eq!(s.articles().len(), 3);
    assert!(!s.has_more());
}

#[test]
fn a_failed_reload_keeps_the_list() {
    let mut s = reloading();
    let r = first_request(&s);
    answer(&mut s, r, Err(AppError::Offline));
    assert_eq!(*s.first(), LoadState::Failed(AppError::Offline));
    assert_eq!(s.articles().len(), 30);
}

#[test]
fn a_reload_replaces_the_list_and_starts_over() {
    let mut s = more_loading_reader();
    let r = more_request(&s);
    answer(&mut s, r, Ok(page(&ids("b", 0..30), Some("p3"))));
    assert_eq!(s.articles().len(), 60);
    let (r, _) = fetched(&s.next(Event::LoadFirst));
    answer(&mut s, r, Ok(page(&ids("c", 0..30), Some("p2"))));
    assert_eq!(s.articles().len(), 30);
    assert_eq!(s.articles()[0].id, "c0");
    assert_eq!(s.visible(), LIST_STEP);
    assert_eq!(s.pages(), 1);
    assert_eq!(s.find("b0"), None);
}

#[test]
fn show_more_reveals_what_is_loaded_before_fetching() {
    let mut s = first_loading();
    let r = first_request(&s);
    answer(&mut s, r, Ok(page(&ids("a", 0..50), Some("p2"))));
    // 50 loaded: 20 → 40 without a request.
    assert!(s.next(Event::ShowMore).is_empty());
    assert_eq!(s.shown().len(), 40);
    // 40 → 60: the 10 loaded show at once, the next page is fetched.
    let (r, url) = fetched(&s.next(Event::ShowMore));
    assert_eq!(url, "p2");
    assert_eq!(s.shown().len(), 50);
    assert_eq!(*s.more(), LoadState::Loading);
    // Pressed again while loading: nothing more is asked.
    assert!(s.next(Event::ShowMore).is_empty());
    answer(&mut s, r, Ok(page(&ids("b", 0..50), None)));
    assert_eq!(s.visible(), 60);
    assert_eq!(s.shown().len(), 60);
    assert_eq!(*s.more(), LoadState::Done);
    // The last page: steps through what is loaded, then nothing.
    s.next(Event::ShowMore);
    s.next(Event::ShowMore);
    assert_eq!(s.shown().len(), 100);
    assert!(!s.has_more());
    assert!(s.next(Event::ShowMore).is_empty());
    assert_eq!(s.shown().len(), 100);
}

#[test]
fn a_failed_next_page_is_retried_for_the_same_step() {
    let mut s = more_failed_reader();
    assert_eq!(*s.more(), LoadState::Failed(network()));
    assert_eq!(s.articles().len(), 30, "the list already shown stays");
    let (r, url) = fetched(&s.next(Event::RetryMore));
    assert_eq!(url, "p2");
    answer(&mut s, r, Ok(page(&ids("b", 0..30), None)));
    assert_eq!(s.shown().len(), 40);
}

#[test]
fn duplicate_ids_across_pages_are_dropped() {
    let mut s = more_loading_reader();
    let r = more_request(&s);
    let mut second = page(&ids("a", 20..40), None);
    second.skipped = 2;
    answer(&mut s, r, Ok(second));
    let got: Vec<&str> = s.articles().iter().map(|a| a.id.as_str()).collect();
    let want = ids("a", 0..40);
    assert_eq!(got, want.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(s.skipped(), 2);
}

#[test]
fn duplicate_ids_within_the_first_page_are_dropped() {
    let mut s = first_loading();
    let r = first_request(&s);
    let mut list = ids("a", 0..5);
    list.extend(ids("a", 2..4));
    answer(&mut s, r, Ok(page(&list, None)));
    assert_eq!(s.articles().len(), 5);
}

/// The benchmark's 10,000-item feeds: pages of 6,000 that overlap by 1,000,
/// merged to 11,000 items, each once, in feed order.
#[test]
fn ten_thousand_item_pages_merge_each_id_once() {
    let mut s = first_loading();
    let r = first_request(&s);
    answer(&mut s, r, Ok(page(&ids("n", 0..6_000), Some("p2"))));
    let mut r = 0;
    for _ in 0..(6_000 / LIST_STEP) {
        if let Some(Effect::Fetch { request, .. }) = s.next(Event::ShowMore).first() {
            r = *request;
        }
    }
    assert_eq!(*s.more(), LoadState::Loading);
    answer(&mut s, r, Ok(page(&ids("n", 5_000..11_000), None)));
    assert_eq!(s.articles().len(), 11_000);
    assert!(s
        .articles()
        .iter()
        .enumerate()
        .all(|(i, a)| a.id == format!("n{i}")));
    assert_eq!(
        s.find("n10999").map(|a| a.title.as_str()),
        Some("Bài n10999")
    );
}

#[test]
fn a_deep_link_pages_until_it_finds_its_article() {
    let mut s = listed();
    let (r, url) = fetched(&s.next(Event::Seek("b5".into())));
    assert_eq!(url, "p2");
    assert_eq!(s.in_flight().1, Some((r, Want::Seek)));
    // A deep link's page does not grow the list the reader sees.
    let effects = answer(&mut s, r, Ok(page(&ids("b", 0..10), Some("p3"))));
    assert!(effects.is_empty(), "found: no further page");
    assert_eq!(s.visible(), LIST_STEP);
    assert!(s.find("b5").is_some());
}

#[test]
fn a_deep_link_waits_for_the_first_page() {
    let mut s = first_loading();
    assert!(s.next(Event::Seek("b5".into())).is_empty());
    let r = first_request(&s);
    let (_, url) = fetched(&answer(&mut s, r, Ok(page(&ids("a", 0..5), Some("p2")))));
    assert_eq!(url, "p2");
}

#[test]
fn a_deep_link_stops_after_the_last_allowed_page() {
    let mut s = listed();
    let mut effects = s.next(Event::Seek("never".into()));
    let mut pages = 1;
    while let Some(Effect::Fetch { request, .. }) = effects.first().cloned() {
        pages += 1;
        let next = format!("p{}", pages + 1);
        effects = answer(
            &mut s,
            request,
            Ok(page(&ids(&format!("p{pages}-"), 0..5), Some(&next))),
        );
    }
    assert_eq!(pages, MAX_PAGES_FOR_DEEP_LINK);
    assert_eq!(s.pages(), MAX_PAGES_FOR_DEEP_LINK);
    assert_eq!(
        article_outcome(&s, "never", Some(None), true, LookUp::NotAsked),
        ArticleOutcome::NotFound
    );
}

#[test]
fn a_deep_link_on_a_feed_without_more_pages_is_not_found() {
    let mut s = last_page();
    assert!(s.next(Event::Seek("never".into())).is_empty());
    assert_eq!(
        article_outcome(&s, "never", Some(None), true, LookUp::NotAsked),
        ArticleOutcome::NotFound
    );
}

#[test]
fn leaving_the_article_aborts_its_search() {
    let mut s = more_loading_seek();
    let r = more_request(&s);
    // Another article's leaving is not this one's.
    assert!(s.next(Event::LeftArticle("other".into())).is_empty());
    // Leaving the list does not abort an article's search.
    assert!(s.next(Event::LeftList).is_empty());
    assert_eq!(
        s.next(Event::LeftArticle("far".into())),
        vec![Effect::Abort(r)]
    );
    assert_eq!(*s.more(), LoadState::Idle);
    // The aborted request's answer (a failure, as an abort is) is dropped.
    let before = s.clone();
    answer(&mut s, r, Err(network()));
    assert_eq!(s, before);
    // Coming back to the list, "Xem thêm" asks for the page again.
    let (_, url) = fetched(&s.next(Event::ShowMore));
    assert_eq!(url, "p2");
}

#[test]
fn leaving_the_list_aborts_its_next_page() {
    let mut s = more_loading_reader();
    let r = more_request(&s);
    assert!(s.next(Event::LeftArticle("far".into())).is_empty());
    assert_eq!(s.next(Event::LeftList), vec![Effect::Abort(r)]);
    assert_eq!(*s.more(), LoadState::Idle);
    // The list is as long as it was: what was loaded, shown.
    assert_eq!(s.shown().len(), 30);
    assert!(s.has_more());
}

#[test]
fn show_more_takes_over_a_deep_links_page() {
    let mut s = more_loading_seek();
    let r = more_request(&s);
    assert!(s.next(Event::ShowMore).is_empty());
    assert_eq!(s.in_flight().1, Some((r, Want::Reader { reveal_to: 40 })));
    // Now the list's: leaving the article does not abort it.
    assert!(s.next(Event::LeftArticle("far".into())).is_empty());
    answer(&mut s, r, Ok(page(&ids("b", 0..20), None)));
    assert_eq!(s.shown().len(), 40);
}

#[test]
fn a_reload_aborts_the_next_page_of_the_old_list() {
    let mut s = more_loading_reader();
    let old = more_request(&s);
    let effects = s.next(Event::LoadFirst);
    assert_eq!(aborted(&effects), vec![old]);
    let (r, url) = fetched(&effects);
    assert_eq!(url, FIRST);
    assert_eq!(*s.more(), LoadState::Idle);
    // The old next page, had it come anyway, is not appended.
    answer(&mut s, old, Ok(page(&ids("old", 0..5), None)));
    assert_eq!(s.find("old0"), None);
    answer(&mut s, r, Ok(page(&ids("a", 0..30), Some("p2"))));
    assert_eq!(s.articles().len(), 30);
}

#[test]
fn the_network_back_lets_a_failed_search_try_again() {
    let mut s = more_failed_seek();
    // A failed page ends the search: "Thử lại" on the article page.
    assert_eq!(
        article_outcome(&s, "far", Some(None), true, LookUp::NotAsked),
        ArticleOutcome::Failed {
            error: AppError::Http {
                status: 503,
                url: "p2".into()
            },
            retry: Retry::More,
        }
    );
    let (r, url) = fetched(&s.next(Event::Online));
    assert_eq!(url, FIRST);
    assert_eq!(*s.more(), LoadState::Idle);
    let (_, url) = fetched(&answer(&mut s, r, Ok(page(&ids("a", 0..30), Some("p2")))));
    assert_eq!(url, "p2", "the search goes on");
}

#[test]
fn retry_after_a_failed_search_asks_the_page_again() {
    let mut s = more_failed_seek();
    let (r, url) = fetched(&s.next(Event::RetryMore));
    assert_eq!(url, "p2");
    assert_eq!(s.in_flight().1, Some((r, Want::Seek)));
}

// ---- the article page's decisions

#[test]
fn the_article_page_shows_the_feeds_article_or_else_the_stored_copy() {
    let s = listed();
    let stored = article("far");
    assert_eq!(
        article_outcome(&s, "a3", None, true, LookUp::NotAsked),
        ArticleOutcome::Show(Box::new(article("a3")))
    );
    assert_eq!(
        article_outcome(&s, "far", Some(Some(&stored)), false, LookUp::NotAsked),
        ArticleOutcome::Show(Box::new(stored.clone()))
    );
    assert_eq!(
        article_outcome(&idle(), "far", Some(Some(&stored)), true, LookUp::NotAsked),
        ArticleOutcome::Show(Box::new(stored))
    );
}

#[test]
fn the_article_page_looks_while_anything_may_still_bring_it() {
    // The stored copies not read yet.
    assert_eq!(
        article_outcome(&listed(), "far", None, true, LookUp::NotAsked),
        ArticleOutcome::Looking
    );
    for state in [
        idle(),
        first_loading(),
        more_loading_seek(),
        more_loading_reader(),
        reloading(),
    ] {
        assert_eq!(
            article_outcome(&state, "far", Some(None), true, LookUp::NotAsked),
            ArticleOutcome::Looking,
            "{state:?}"
        );
    }
}

#[test]
fn the_article_page_explains_a_failure_with_a_retry() {
    assert_eq!(
        article_outcome(&first_failed(), "far", Some(None), true, LookUp::NotAsked),
        ArticleOutcome::Failed {
            error: network(),
            retry: Retry::First
        }
    );
    assert_eq!(
        article_outcome(
            &more_failed_reader(),
            "far",
            Some(None),
            true,
            LookUp::NotAsked
        ),
        ArticleOutcome::Failed {
            error: network(),
            retry: Retry::More
        }
    );
}

#[test]
fn offline_the_article_page_says_the_article_is_not_stored() {
    for state in [first_failed(), more_failed_seek(), listed(), last_page()] {
        assert_eq!(
            article_outcome(&state, "far", Some(None), false, LookUp::NotAsked),
            ArticleOutcome::OfflineMissing,
            "{state:?}"
        );
    }
    // Offline as the error says, whatever the browser believes.
    let mut s = first_loading();
    let r = first_request(&s);
    answer(&mut s, r, Err(AppError::Offline));
    assert_eq!(
        article_outcome(&s, "far", Some(None), true, LookUp::NotAsked),
        ArticleOutcome::OfflineMissing
    );
}

/// The demo portal's three real pages (demo/feed.json → feed-2 → feed-3),
/// parsed as the app does: a deep link to the last page's article finds it.
#[test]
fn a_deep_link_finds_an_article_on_the_demos_third_page() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    let parse = |name: &str| {
        let body = std::fs::read_to_string(root.join(name)).expect("demo feed");
        let url = format!("https://demo.example/{name}");
        bantin::source::jsonfeed::parse(&body, &url, &|u| {
            Some(if u.contains("://") {
                u.to_string()
            } else {
                format!("https://demo.example/{u}")
            })
        })
        .expect("demo page")
    };
    let third = parse("feed-3.json");
    let wanted = third.items.last().expect("items").id.clone();
    let mut s = idle();
    let (r, url) = fetched(&s.next(Event::LoadFirst));
    assert_eq!(url, FIRST);
    assert!(answer(&mut s, r, Ok(parse("feed.json"))).is_empty());
    let (r, url) = fetched(&s.next(Event::Seek(wanted.clone())));
    assert_eq!(url, "https://demo.example/feed-2.json");
    let (r, url) = fetched(&answer(&mut s, r, Ok(parse("feed-2.json"))));
    assert_eq!(url, "https://demo.example/feed-3.json");
    assert!(answer(&mut s, r, Ok(third)).is_empty());
    assert_eq!(s.articles().len(), 60);
    assert!(matches!(
        article_outcome(&s, &wanted, Some(None), true, LookUp::NotAsked),
        ArticleOutcome::Show(a) if a.id == wanted
    ));
}

// ---- A source that looks one article up (WordPress, by slug): the article
// page asks it, and `article_outcome` weighs its answer.

#[test]
fn a_looked_up_article_is_shown_and_none_is_not_found_online_missing_offline() {
    let mut s = FeedState::new(FIRST);
    let (first, _) = fetched(&s.next(Event::LoadFirst));
    let lone = article("lone");
    // Waiting for the source: looking, whatever the list is doing.
    assert_eq!(
        article_outcome(&s, "lone", Some(None), true, LookUp::Waiting),
        ArticleOutcome::Looking
    );
    s.next(Event::Answered {
        request: first,
        page: Ok(page(&ids("a", 0..3), Some("https://next"))),
    });
    assert_eq!(
        article_outcome(&s, "lone", Some(None), true, LookUp::Waiting),
        ArticleOutcome::Looking
    );
    assert_eq!(
        article_outcome(&s, "lone", Some(None), true, LookUp::Answered(Some(&lone))),
        ArticleOutcome::Show(Box::new(lone.clone()))
    );
    // The list is untouched by it.
    assert_eq!(s.articles().len(), 3);
    assert_eq!(s.next_url(), Some("https://next"));
    // None by that id: not found online, not stored offline; a stored copy still wins.
    let none = LookUp::Answered(None);
    assert_eq!(
        article_outcome(&s, "gone", Some(None), true, none),
        ArticleOutcome::NotFound
    );
    assert_eq!(
        article_outcome(&s, "gone", Some(None), false, none),
        ArticleOutcome::OfflineMissing
    );
    let copy = article("gone");
    assert!(matches!(
        article_outcome(&s, "gone", Some(Some(&copy)), true, none),
        ArticleOutcome::Show(_)
    ));
    // Still looking for the stored copy: looking.
    assert_eq!(
        article_outcome(&s, "gone", None, true, none),
        ArticleOutcome::Looking
    );
}

#[test]
fn a_failed_look_up_says_why_and_try_again_asks_the_source_again() {
    let s = FeedState::new(FIRST);
    let error = AppError::Http {
        status: 500,
        url: "https://wp/".into(),
    };
    assert_eq!(
        article_outcome(&s, "x", Some(None), true, LookUp::Failed(&error)),
        ArticleOutcome::Failed {
            error: error.clone(),
            retry: Retry::Item
        }
    );
    // Offline, a failed look-up is "not stored for offline reading", not an error.
    assert_eq!(
        article_outcome(
            &s,
            "x",
            Some(None),
            false,
            LookUp::Failed(&AppError::Offline)
        ),
        ArticleOutcome::OfflineMissing
    );
}

#[test]
fn an_article_in_the_list_needs_no_look_up_answer() {
    let mut s = FeedState::new(FIRST);
    let (first, _) = fetched(&s.next(Event::LoadFirst));
    s.next(Event::Answered {
        request: first,
        page: Ok(page(&ids("a", 0..3), None)),
    });
    assert!(matches!(
        article_outcome(&s, "a1", Some(None), true, LookUp::Waiting),
        ArticleOutcome::Show(_)
    ));
}
