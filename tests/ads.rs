//! Ad slots, the pure half: config validation, the box for a viewport width,
//! weighted rotation (seeded), in-list positions and the beacon body.

use bantin::ads::*;
use serde_json::{json, Value};

fn creative(image: &str, w: u32, h: u32, weight: u32) -> Value {
    json!({ "image": image, "href": "https://example.vn/", "alt": image,
            "width": w, "height": h, "weight": weight })
}

/// Test documents are written with serde_json's `json!`; the app reads its own `json::Value`.
fn parse(v: Value) -> (Ads, Vec<String>) {
    Ads::parse(Some(&bantin::json::parse(&v.to_string()).unwrap()))
}

fn demo() -> Ads {
    let config = bantin::json::parse(include_str!("../demo/config.json")).unwrap();
    let (ads, warnings) = Ads::parse(config.get("ads"));
    assert_eq!(warnings, Vec::<String>::new());
    ads
}

fn slot<'a>(ads: &'a Ads, id: &str) -> &'a Slot {
    ads.slots.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn the_demo_config_has_every_placement() {
    let ads = demo();
    assert_eq!(ads.beacon_url.as_deref(), Some("/api/ads/event"));
    for p in [
        Placement::Header,
        Placement::Sidebar,
        Placement::InList,
        Placement::InArticle,
        Placement::Footer,
        Placement::StickyBottom,
    ] {
        assert!(ads.of(p).count() >= 1, "{}", p.name());
        assert_eq!(Placement::parse(p.name()), Some(p));
    }
    assert_eq!(ads.of(Placement::Sidebar).count(), 3, "sidebar slots stack");
    assert_eq!(slot(&ads, "feed").every, 6);
    assert_eq!(slot(&ads, "story").after_paragraph, 3);
    assert_eq!(
        slot(&ads, "partner").fill,
        Fill::Iframe("demo/ads/partner.html".into())
    );
}

#[test]
fn size_by_viewport_width() {
    let ads = demo();
    let top = slot(&ads, "top");
    let size = |w| top.size_for(w).map(|s| (s.width, s.height));
    assert_eq!(size(320), Some((320, 100)));
    assert_eq!(size(390), Some((320, 100)));
    assert_eq!(size(767), Some((320, 100)));
    assert_eq!(size(768), Some((728, 90)));
    assert_eq!(size(1366), Some((728, 90)));

    // No size for this width: the slot is not rendered at all.
    let tall = slot(&ads, "side-2");
    assert_eq!(tall.size_for(390), None);
    assert_eq!(tall.size_for(1023), None);
    assert_eq!(tall.size_for(1024).map(|s| s.height), Some(600));

    // sticky-bottom: phones only.
    let sticky = slot(&ads, "sticky");
    assert_eq!(sticky.size_for(390).map(|s| s.height), Some(50));
    assert_eq!(sticky.size_for(767).map(|s| s.height), Some(50));
    assert_eq!(sticky.size_for(768), None);
    assert_eq!(sticky.size_for(1366), None);
}

#[test]
fn sizes_in_any_order_pick_the_largest_min_width_that_fits() {
    let (ads, warnings) = parse(json!({ "slots": [{
        "id": "s", "placement": "header",
        "sizes": [ {"min_width": 1024, "width": 970, "height": 250},
                   {"width": 320, "height": 50},
                   {"min_width": 768, "width": 728, "height": 90} ],
        "creatives": [ creative("a.png", 728, 90, 1) ] }] }));
    assert!(warnings.is_empty(), "{warnings:?}");
    let s = &ads.slots[0];
    assert_eq!(s.size_for(0).map(|s| s.width), Some(320));
    assert_eq!(s.size_for(800).map(|s| s.width), Some(728));
    assert_eq!(s.size_for(1200).map(|s| s.width), Some(970));
    let (ads, _) = parse(json!({ "slots": [{ "id": "s", "placement": "footer",
        "sizes": [ {"min_width": 600, "width": 728, "height": 90} ],
        "creatives": [ creative("a.png", 728, 90, 1) ] }] }));
    assert_eq!(ads.slots[0].size_for(599), None);
}

#[test]
fn malformed_slots_are_skipped_and_the_rest_kept() {
    let good = |id: &str, placement: &str| {
        json!({ "id": id, "placement": placement, "sizes": [{"width": 300, "height": 250}],
                "creatives": [ creative("a.png", 300, 250, 1) ] })
    };
    let (ads, warnings) = parse(json!({
        "beacon_url": "/api/ads/event",
        "slots": [
            good("one", "header"),
            "not an object",
            { "placement": "header", "sizes": [{"width": 1, "height": 1}], "iframe": "x.html" },
            good("two", "popup"),
            { "id": "nosizes", "placement": "footer", "creatives": [ creative("a.png", 1, 1, 1) ] },
            { "id": "badsize", "placement": "footer", "sizes": [{"width": "300", "height": 250}],
              "creatives": [ creative("a.png", 300, 250, 1) ] },
            { "id": "empty", "placement": "footer", "sizes": [{"width": 300, "height": 250}] },
            { "id": "both", "placement": "footer", "sizes": [{"width": 300, "height": 250}],
              "iframe": "x.html", "creatives": [] },
            { "id": "allbad", "placement": "footer", "sizes": [{"width": 300, "height": 250}],
              "creatives": [ {"href": "https://x/"}, {"image": "a.png"} ] },
            { "id": "paused", "placement": "footer", "sizes": [{"width": 300, "height": 250}],
              "creatives": [ creative("a.png", 300, 250, 0) ] },
            { "id": "tall", "placement": "sticky-bottom", "sizes": [{"width": 320, "height": 100}],
              "creatives": [ creative("a.png", 320, 100, 1) ] },
            { "id": "zero", "placement": "in-list", "every": 0, "sizes": [{"width": 300, "height": 250}],
              "creatives": [ creative("a.png", 300, 250, 1) ] },
            good("one", "footer"),
            good("side", "sidebar"),
            good("feed", "in-list"),
            good("feed2", "in-list"),
            { "id": "mixed", "placement": "sidebar", "sizes": [{"width": 300, "height": 250}],
              "creatives": [ creative("ok.png", 300, 250, 2), {"image": "nohref.png"},
                             { "image": "b.png", "href": "https://x/", "weight": -1 } ] },
            { "id": "frame", "placement": "sidebar", "sizes": [{"width": 300, "height": 250}],
              "iframe": "https://partner.example/tag.html" },
        ]
    }));
    let ids: Vec<&str> = ads.slots.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["one", "side", "feed", "mixed", "frame"]);
    // One warning per skipped slot (13) and per skipped creative (2 + 2).
    assert_eq!(warnings.len(), 17, "{warnings:#?}");
    assert!(warnings.iter().all(|w| w.starts_with("ads.")));
    assert!(warnings.iter().any(|w| w.contains("unknown placement")));
    assert!(warnings.iter().any(|w| w.contains("id is taken")));
    assert!(
        warnings.iter().any(|w| w.contains("at most 72 px"))
            && STICKY_MAX_HEIGHT - STICKY_CHROME == 72
            && warnings.iter().any(|w| w.contains("only one slot"))
    );
    assert!(warnings
        .iter()
        .any(|w| w.starts_with("ads.slots[16].creatives[1] skipped: no href")));
    let Fill::Images(mixed) = &ads.slots[3].fill else {
        panic!("mixed has images")
    };
    assert_eq!(mixed.len(), 1);
    assert_eq!(mixed[0].weight, 2);
    assert_eq!(ads.slots[2].every, DEFAULT_EVERY);
}

#[test]
fn a_broken_ads_section_means_no_ads_not_a_broken_app() {
    assert_eq!(Ads::parse(None), (Ads::default(), vec![]));
    assert_eq!(parse(Value::Null), (Ads::default(), vec![]));
    let (ads, w) = parse(json!([1, 2]));
    assert!(ads.slots.is_empty() && w.len() == 1);
    let (ads, w) = parse(json!({ "slots": {"id": "x"} }));
    assert!(ads.slots.is_empty() && w.len() == 1);
    let (ads, w) = parse(json!({ "beacon_url": 42, "slots": [] }));
    assert_eq!(ads.beacon_url, None);
    assert_eq!(w.len(), 1);
    let (ads, w) = parse(json!({ "slots": [] }));
    assert_eq!(
        (ads.beacon_url, w.len()),
        (None, 0),
        "no beacon_url: nothing is sent"
    );
}

#[test]
fn in_article_position_defaults_and_reads() {
    let (ads, _) = parse(json!({ "slots": [
        { "id": "a", "placement": "in-article", "sizes": [{"width": 300, "height": 250}],
          "creatives": [ creative("a.png", 300, 250, 1) ] },
        { "id": "b", "placement": "in-article", "after_paragraph": 0,
          "sizes": [{"width": 300, "height": 250}], "creatives": [ creative("a.png", 300, 250, 1) ] } ] }));
    // Only the first in-article slot is used.
    assert_eq!(ads.slots.len(), 1);
    assert_eq!(ads.slots[0].after_paragraph, DEFAULT_AFTER_PARAGRAPH);
    let (ads, _) = parse(json!({ "slots": [
        { "id": "b", "placement": "in-article", "after_paragraph": 5,
          "sizes": [{"width": 300, "height": 250}], "creatives": [ creative("a.png", 300, 250, 1) ] } ] }));
    assert_eq!(ads.slots[0].after_paragraph, 5);
    let (ads, w) = parse(json!({ "slots": [
        { "id": "b", "placement": "in-article", "after_paragraph": -1,
          "sizes": [{"width": 300, "height": 250}], "creatives": [ creative("a.png", 300, 250, 1) ] } ] }));
    assert!(ads.slots.is_empty());
    assert!(w[0].contains("after_paragraph"), "{w:?}");
}

#[test]
fn in_list_positions() {
    let entries = interleave((1..=20).collect(), Some(6));
    let ads_after: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            ListEntry::Ad(_) => match entries.get(i - 1) {
                Some(ListEntry::Item(n)) => Some(*n),
                _ => None,
            },
            ListEntry::Item(_) => None,
        })
        .collect();
    assert_eq!(ads_after, [6, 12, 18]);
    assert_eq!(entries.len(), 23);
    let numbers: Vec<usize> = entries
        .iter()
        .filter_map(|e| match e {
            ListEntry::Ad(n) => Some(*n),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, [0, 1, 2]);
    // Loading more keeps the earlier ads where they were.
    let more = interleave((1..=40).collect::<Vec<_>>(), Some(6));
    assert_eq!(&more[..entries.len()], &entries[..]);
    // Exactly a group: an ad after the last item too.
    assert_eq!(
        interleave(vec![1, 2, 3], Some(3)).last(),
        Some(&ListEntry::Ad(0))
    );
    assert_eq!(
        interleave(vec![1, 2], Some(1)),
        [
            ListEntry::Item(1),
            ListEntry::Ad(0),
            ListEntry::Item(2),
            ListEntry::Ad(1)
        ]
    );
    // No in-list slot, or fewer items than a group: no ads.
    assert!(interleave((1..=20).collect(), None)
        .iter()
        .all(|e| matches!(e, ListEntry::Item(_))));
    assert_eq!(interleave(vec![1, 2, 3], Some(6)).len(), 3);
    assert!(interleave(Vec::<u8>::new(), Some(6)).is_empty());
}

fn pool(weights: &[u32]) -> Vec<Creative> {
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| Creative {
            image: format!("c{i}.png"),
            href: "https://example.vn/".into(),
            alt: String::new(),
            size: Some((300, 250)),
            weight: *w,
        })
        .collect()
}

const MPU: Size = Size {
    min_width: 0,
    width: 300,
    height: 250,
};

#[test]
fn rotation_follows_the_weights() {
    let creatives = pool(&[3, 2, 1, 0]);
    let mut rotation = Rotation::new(42);
    let mut counts = [0u32; 4];
    let draws = 60_000;
    for page in 1..=draws {
        rotation.page(page);
        let c = rotation.pick((0, 0), &creatives, MPU).unwrap();
        let i: usize = c.image[1..2].parse().unwrap();
        counts[i] += 1;
    }
    let share = |n: u32| f64::from(n) / f64::from(draws);
    assert!((share(counts[0]) - 0.5).abs() < 0.02, "{counts:?}");
    assert!((share(counts[1]) - 1.0 / 3.0).abs() < 0.02, "{counts:?}");
    assert!((share(counts[2]) - 1.0 / 6.0).abs() < 0.02, "{counts:?}");
    assert_eq!(counts[3], 0, "weight 0 is paused");
}

#[test]
fn rotation_is_seeded() {
    let creatives = pool(&[1, 1, 1, 1, 1]);
    let run = |seed| {
        let mut r = Rotation::new(seed);
        (1..50)
            .map(|p| {
                r.page(p);
                r.pick((0, 0), &creatives, MPU).unwrap().image.clone()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn one_page_does_not_repeat_a_creative_while_there_are_others() {
    let creatives = pool(&[100, 1, 1]);
    let mut rotation = Rotation::new(1);
    for page in 1..200 {
        rotation.page(page);
        let mut seen: Vec<String> = (0..3)
            .map(|n| {
                rotation
                    .pick((0, n), &creatives, MPU)
                    .unwrap()
                    .image
                    .clone()
            })
            .collect();
        seen.sort();
        assert_eq!(seen, ["c0.png", "c1.png", "c2.png"], "page {page}");
        // Once all have been shown, repeats are allowed rather than an empty box.
        assert!(rotation.pick((0, 3), &creatives, MPU).is_some());
    }
}

#[test]
fn a_new_page_view_picks_afresh() {
    let creatives = pool(&[1, 1]);
    let mut rotation = Rotation::new(3);
    rotation.page(1);
    let first = rotation
        .pick((0, 0), &creatives, MPU)
        .unwrap()
        .image
        .clone();
    let second = rotation
        .pick((1, 0), &creatives, MPU)
        .unwrap()
        .image
        .clone();
    assert_ne!(first, second);
    // A new page view forgets what the last one showed.
    rotation.page(2);
    let mut next = vec![
        rotation
            .pick((0, 0), &creatives, MPU)
            .unwrap()
            .image
            .clone(),
        rotation
            .pick((1, 0), &creatives, MPU)
            .unwrap()
            .image
            .clone(),
    ];
    next.sort();
    assert_eq!(next, ["c0.png", "c1.png"]);
}

#[test]
fn rotation_only_uses_creatives_of_the_chosen_size() {
    let ads = demo();
    let top = slot(&ads, "top");
    let Fill::Images(creatives) = &top.fill else {
        panic!("images")
    };
    let mut rotation = Rotation::new(9);
    for (width, suffix) in [(390, "320x100.svg"), (1366, "728x90.svg")] {
        let size = top.size_for(width).unwrap();
        for page in 1..100 {
            rotation.page(page);
            let c = rotation.pick((0, 0), creatives, size).unwrap();
            assert!(c.image.ends_with(suffix), "{} at {width}", c.image);
        }
    }
    // No creative of that size: nothing picked (the slot shows nothing).
    let odd = Size {
        min_width: 0,
        width: 970,
        height: 250,
    };
    assert_eq!(rotation.pick((0, 0), creatives, odd), None);
    // A creative without its own size fits any box.
    let mut free = pool(&[1]);
    free[0].size = None;
    assert!(rotation.pick((0, 0), &free, odd).is_some());
}

#[test]
fn beacon_bodies_are_json() {
    let body = beacon_body("top", "demo/ads/a.svg", AdEvent::Impression, "/bai/x");
    assert_eq!(
        body,
        r#"{"slot":"top","creative":"demo/ads/a.svg","event":"impression","path":"/bai/x"}"#
    );
    let tricky = beacon_body("q\"\\s", "tin-tức\n\t.png", AdEvent::Click, "/bai/%C4%91");
    let parsed: Value = serde_json::from_str(&tricky).unwrap();
    assert_eq!(
        parsed,
        json!({"slot": "q\"\\s", "creative": "tin-tức\n\t.png", "event": "click", "path": "/bai/%C4%91"})
    );
    assert!(tricky.contains("\\u000a") && tricky.contains("\\u0009"));
}

#[test]
fn a_position_rendered_again_in_the_same_page_view_keeps_its_creative() {
    let creatives = pool(&[1, 1, 1, 1]);
    let mut rotation = Rotation::new(5);
    for page in 1..100 {
        rotation.page(page);
        let round = |r: &mut Rotation| {
            (0..3)
                .map(|n| r.pick((4, n), &creatives, MPU).unwrap().image.clone())
                .collect::<Vec<_>>()
        };
        let first = round(&mut rotation);
        // The list is rendered again (same page view): same ads, no repeats.
        assert_eq!(round(&mut rotation), first, "page {page}");
        let mut unique = first.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 3);
    }
}

#[test]
fn weights_summing_past_two_to_the_32_do_not_overflow() {
    // Two creatives at u32::MAX sum to 2^33 - 2: picking overflowed a u64
    // multiplication (a panic in debug builds, a skewed pick in release).
    let creatives = pool(&[u32::MAX, u32::MAX, 1]);
    let mut rotation = Rotation::new(3);
    let mut counts = [0u32; 3];
    for page in 1..=2_000 {
        rotation.page(page);
        let c = rotation.pick((0, 0), &creatives, MPU).unwrap();
        counts[c.image[1..2].parse::<usize>().unwrap()] += 1;
    }
    assert!(counts[0] > 800 && counts[1] > 800, "{counts:?}");
    let mut rng = Rng::new(9);
    for n in [1, 2, 1 << 32, (1 << 32) + 1, u64::MAX / 3, u64::MAX] {
        assert!(rng.below(n) < n, "{n}");
    }
}

#[test]
fn weights_above_the_maximum_are_refused() {
    let (ads, warnings) = parse(json!({
        "slots": [
            { "id": "side", "placement": "sidebar", "sizes": [{"width": 300, "height": 250}],
              "creatives": [ creative("ok.png", 300, 250, MAX_WEIGHT),
                             creative("huge.png", 300, 250, MAX_WEIGHT + 1),
                             creative("max.png", 300, 250, u32::MAX) ] },
        ]
    }));
    let Fill::Images(creatives) = &ads.slots[0].fill else {
        panic!("images")
    };
    assert_eq!(creatives.len(), 1);
    assert_eq!(creatives[0].weight, MAX_WEIGHT);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("weight is above 1000000"),
        "{warnings:?}"
    );
}

#[test]
fn a_slot_shows_its_creative_once_near_and_counts_only_while_viewable() {
    let mut s = AdState::new(true);
    assert!(!s.shows_creative(), "nothing loads until the slot is near");
    assert!(!s.viewable());
    s.near = true;
    assert!(s.shows_creative());
    s.visible = true;
    assert!(!s.viewable(), "not before the creative has loaded");
    s.loaded = true;
    assert!(s.viewable());
    s.visible = false;
    assert!(!s.viewable(), "scrolled away: the timer stops");
    s.visible = true;
    s.counted = true;
    assert!(!s.viewable(), "counted once per page view");
}

#[test]
fn a_broken_creative_leaves_the_placeholder_and_is_never_viewable() {
    let none = AdState::new(false);
    assert!(
        none.broken,
        "no http(s) creative: the placeholder from the start"
    );
    let mut s = AdState::new(true);
    s.near = true;
    s.loaded = true;
    s.visible = true;
    s.broken = true;
    assert!(!s.shows_creative(), "the dead creative leaves the box");
    assert!(!s.viewable());
}
