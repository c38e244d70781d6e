//! One store test suite, run against every backend: SQLite (always) and Redis (when redis-server
//! is installed; the tests start their own on a free loopback port).

mod common;

use bantin_server::store::{
    Activity, AdEventKind, AddComment, Comment, CommentStatus, NewComment, Stats, Store,
    StoreLimits,
};
use common::*;

const MIN: i64 = 60;

fn stats(online: u64, today: u64, week: u64, total: u64) -> Stats {
    Stats {
        online,
        today,
        week,
        total,
    }
}

async fn hit<S: Store>(s: &S, t: &TestTime, visitor: &str, path: &str) {
    s.record(visitor, path, Activity::Hit, &t.now())
        .await
        .unwrap();
}

async fn beat<S: Store>(s: &S, t: &TestTime, visitor: &str) {
    s.record(visitor, "/", Activity::Heartbeat, &t.now())
        .await
        .unwrap();
}

async fn now_stats<S: Store>(s: &S, t: &TestTime) -> Stats {
    s.stats(&t.now()).await.unwrap()
}

/// A Wednesday noon, far from any rollover.
fn midweek() -> TestTime {
    TestTime::at(local_ms(2025, 1, 8, 12, 0, 0))
}

pub async fn online_expires_after_five_minutes<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    assert_eq!(now_stats(&s, &t).await, stats(0, 0, 0, 0));
    hit(&s, &t, "visitor-a1", "/").await;
    t.advance_secs(2 * MIN);
    hit(&s, &t, "visitor-b2", "/bai/1").await;
    assert_eq!(now_stats(&s, &t).await.online, 2);
    // a's last activity is 4:59 ago: still online
    t.advance_secs(3 * MIN - 1);
    assert_eq!(now_stats(&s, &t).await.online, 2);
    // exactly 5:00: a is gone, b (3:00 ago) stays
    t.advance_secs(1);
    assert_eq!(now_stats(&s, &t).await.online, 1);
    t.advance_secs(2 * MIN);
    assert_eq!(now_stats(&s, &t).await.online, 0);
    // visits are not affected by going offline
    assert_eq!(now_stats(&s, &t).await.total, 2);
}

pub async fn heartbeat_keeps_online_and_the_visit<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    hit(&s, &t, "visitor-a1", "/bai/1").await;
    // a heartbeat a minute for 45 minutes: online throughout, still one visit, one view
    for _ in 0..45 {
        t.advance_secs(MIN);
        beat(&s, &t, "visitor-a1").await;
        assert_eq!(now_stats(&s, &t).await.online, 1);
    }
    assert_eq!(now_stats(&s, &t).await, stats(1, 1, 1, 1));
    assert_eq!(s.views("/bai/1").await.unwrap(), 1);
    assert_eq!(s.views("/").await.unwrap(), 0, "heartbeats are not views");
    t.advance_secs(5 * MIN);
    assert_eq!(now_stats(&s, &t).await.online, 0);
}

pub async fn thirty_minute_visit_rule<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    hit(&s, &t, "visitor-a1", "/").await;
    // reloads and navigation inside 30 minutes of the last activity: the same visit
    for _ in 0..5 {
        t.advance_secs(MIN);
        hit(&s, &t, "visitor-a1", "/").await;
    }
    t.advance_secs(30 * MIN - 1);
    hit(&s, &t, "visitor-a1", "/bai/2").await;
    assert_eq!(now_stats(&s, &t).await.total, 1);
    // 30 minutes without activity: a new visit
    t.advance_secs(30 * MIN);
    hit(&s, &t, "visitor-a1", "/").await;
    assert_eq!(now_stats(&s, &t).await.total, 2);
    // a heartbeat after a long pause also starts one (the visitor is back)
    t.advance_secs(31 * MIN);
    beat(&s, &t, "visitor-a1").await;
    // another visitor is another visit
    hit(&s, &t, "visitor-b2", "/").await;
    assert_eq!(now_stats(&s, &t).await, stats(2, 4, 4, 4));
}

pub async fn day_rolls_at_local_midnight<H: Harness>(h: H) {
    let s = h.open().await;
    // Wednesday 23:50 in Ho Chi Minh City (16:50 UTC)
    let t = TestTime::at(local_ms(2025, 1, 8, 23, 50, 0));
    assert_eq!(t.now().day, date(2025, 1, 8));
    hit(&s, &t, "visitor-a1", "/").await;
    hit(&s, &t, "visitor-b2", "/").await;
    assert_eq!(now_stats(&s, &t).await, stats(2, 2, 2, 2));
    // 23:59:59: still today
    t.set(local_ms(2025, 1, 8, 23, 59, 59));
    assert_eq!(now_stats(&s, &t).await.today, 2);
    // local midnight (17:00 UTC): a new day, same week
    t.set(local_ms(2025, 1, 9, 0, 0, 0));
    assert_eq!(t.now().day, date(2025, 1, 9));
    assert_eq!(now_stats(&s, &t).await, stats(0, 0, 2, 2));
    // a still reading 15 minutes after their last activity: their visit counts in the new day too
    t.set(local_ms(2025, 1, 9, 0, 5, 0));
    hit(&s, &t, "visitor-a1", "/bai/1").await;
    assert_eq!(now_stats(&s, &t).await, stats(1, 1, 3, 3));
    // ...once
    t.advance_secs(MIN);
    hit(&s, &t, "visitor-a1", "/bai/2").await;
    assert_eq!(now_stats(&s, &t).await, stats(1, 1, 3, 3));
    // UTC midnight (07:00 local) changes nothing
    t.set(local_ms(2025, 1, 9, 6, 59, 0));
    hit(&s, &t, "visitor-c3", "/").await;
    t.set(local_ms(2025, 1, 9, 7, 1, 0));
    assert_eq!(now_stats(&s, &t).await.today, 2);
}

pub async fn week_rolls_sunday_to_monday<H: Harness>(h: H) {
    let s = h.open().await;
    // Saturday 2025-01-11 10:00, then Sunday: the same week (weeks start on Monday)
    let t = TestTime::at(local_ms(2025, 1, 11, 10, 0, 0));
    assert_eq!(t.now().week, date(2025, 1, 6));
    hit(&s, &t, "visitor-a1", "/").await;
    t.set(local_ms(2025, 1, 12, 10, 0, 0));
    hit(&s, &t, "visitor-b2", "/").await;
    assert_eq!(now_stats(&s, &t).await, stats(1, 1, 2, 2));
    // Sunday 23:59:59
    t.set(local_ms(2025, 1, 12, 23, 59, 30));
    hit(&s, &t, "visitor-c3", "/").await;
    t.set(local_ms(2025, 1, 12, 23, 59, 59));
    assert_eq!(now_stats(&s, &t).await, stats(1, 2, 3, 3));
    // Monday 00:00:00 local: new day and new week; the total stays
    t.set(local_ms(2025, 1, 13, 0, 0, 0));
    assert_eq!(t.now().week, date(2025, 1, 13));
    assert_eq!(now_stats(&s, &t).await, stats(1, 0, 0, 3));
    hit(&s, &t, "visitor-c3", "/").await;
    hit(&s, &t, "visitor-d4", "/").await;
    assert_eq!(now_stats(&s, &t).await, stats(2, 2, 2, 5));
}

pub async fn views_count_once_per_visitor_per_half_hour<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    hit(&s, &t, "visitor-a1", "/bai/1").await;
    t.advance_secs(10 * MIN);
    hit(&s, &t, "visitor-a1", "/bai/1").await; // reload: not a view
    hit(&s, &t, "visitor-b2", "/bai/1").await; // someone else: a view
    hit(&s, &t, "visitor-a1", "/bai/2").await; // another page: a view there
    assert_eq!(s.views("/bai/1").await.unwrap(), 2);
    assert_eq!(s.views("/bai/2").await.unwrap(), 1);
    assert_eq!(s.views("/bai/3").await.unwrap(), 0);
    // 30 minutes after a's last hit on /bai/1: counts again
    t.advance_secs(30 * MIN);
    hit(&s, &t, "visitor-a1", "/bai/1").await;
    assert_eq!(s.views("/bai/1").await.unwrap(), 3);
    // paths are exact (no normalisation): a query string is another path
    hit(&s, &t, "visitor-a1", "/bai/1?x=1").await;
    assert_eq!(s.views("/bai/1").await.unwrap(), 3);
}

pub async fn restart_keeps_everything<H: Harness>(h: H) {
    let t = midweek();
    {
        let s = h.open().await;
        hit(&s, &t, "visitor-a1", "/bai/1").await;
        hit(&s, &t, "visitor-b2", "/bai/1").await;
        s.ad_event("top", "ads/top-1.svg", AdEventKind::Impression)
            .await
            .unwrap();
        s.ad_event("top", "ads/top-1.svg", AdEventKind::Click)
            .await
            .unwrap();
        s.record_bot(&t.now()).await.unwrap();
        s.shutdown(&t.now()).await.unwrap(); // what a graceful shutdown does
    }
    t.advance_secs(2 * MIN);
    let s = h.open().await;
    assert_eq!(now_stats(&s, &t).await, stats(2, 2, 2, 2));
    assert_eq!(s.views("/bai/1").await.unwrap(), 2);
    assert_eq!(s.bot_stats(&t.now()).await.unwrap().total, 1);
    let ads = s.ad_counts().await.unwrap();
    assert_eq!(ads.len(), 1);
    assert_eq!((ads[0].impressions, ads[0].clicks), (1, 1));
    // a visitor active just before the restart continues the same visit after it, and a reload
    // of the same page is still not a new view
    hit(&s, &t, "visitor-a1", "/bai/2").await;
    hit(&s, &t, "visitor-a1", "/bai/1").await;
    assert_eq!(now_stats(&s, &t).await.total, 2);
    assert_eq!(s.views("/bai/1").await.unwrap(), 2);
    // and counting goes on from the restored figures
    hit(&s, &t, "visitor-c3", "/bai/1").await;
    assert_eq!(now_stats(&s, &t).await, stats(3, 3, 3, 3));
    assert_eq!(s.views("/bai/1").await.unwrap(), 3);
}

pub async fn ads_are_counted_per_slot_and_creative<H: Harness>(h: H) {
    let s = h.open().await;
    for _ in 0..3 {
        s.ad_event("top", "ads/top-1.svg", AdEventKind::Impression)
            .await
            .unwrap();
    }
    s.ad_event("top", "ads/top-1.svg", AdEventKind::Click)
        .await
        .unwrap();
    s.ad_event("top", "ads/top-2.svg", AdEventKind::Impression)
        .await
        .unwrap();
    s.ad_event("feed", "Quảng cáo: nhà đất", AdEventKind::Impression)
        .await
        .unwrap();
    let got: Vec<(String, String, u64, u64)> = s
        .ad_counts()
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.slot, c.creative, c.impressions, c.clicks))
        .collect();
    assert_eq!(
        got,
        vec![
            ("feed".into(), "Quảng cáo: nhà đất".into(), 1, 0),
            ("top".into(), "ads/top-1.svg".into(), 3, 1),
            ("top".into(), "ads/top-2.svg".into(), 1, 0),
        ]
    );
}

pub async fn bots_are_counted_apart<H: Harness>(h: H) {
    let s = h.open().await;
    let t = TestTime::at(local_ms(2025, 1, 8, 23, 0, 0));
    s.record_bot(&t.now()).await.unwrap();
    s.record_bot(&t.now()).await.unwrap();
    t.set(local_ms(2025, 1, 9, 1, 0, 0));
    s.record_bot(&t.now()).await.unwrap();
    let b = s.bot_stats(&t.now()).await.unwrap();
    assert_eq!((b.today, b.total), (1, 3));
    assert_eq!(now_stats(&s, &t).await, stats(0, 0, 0, 0));
}

/// Clients choose paths and ad names: the tables they grow are bounded, and what is already
/// counted goes on being counted (also after a restart).
pub async fn tables_are_bounded<H: Harness>(h: H) {
    let limits = StoreLimits {
        max_paths: 3,
        max_ad_keys: 2,
        ..StoreLimits::default()
    };
    let s = h.open_limited(limits).await;
    let t = midweek();
    for n in 0..10 {
        hit(
            &s,
            &t,
            &format!("visitor-{n:04}"),
            &format!("/invented/{n}"),
        )
        .await;
    }
    assert_eq!(s.views("/invented/2").await.unwrap(), 1);
    assert_eq!(s.views("/invented/3").await.unwrap(), 0, "past the bound");
    // visits are still counted, and known paths go on
    assert_eq!(now_stats(&s, &t).await.total, 10);
    hit(&s, &t, "visitor-late", "/invented/0").await;
    assert_eq!(s.views("/invented/0").await.unwrap(), 2);
    for n in 0..10 {
        s.ad_event("slot", &format!("c{n}"), AdEventKind::Impression)
            .await
            .unwrap();
    }
    s.ad_event("slot", "c0", AdEventKind::Click).await.unwrap();
    s.ad_event("slot", "c9", AdEventKind::Click).await.unwrap();
    let ads = s.ad_counts().await.unwrap();
    assert_eq!(ads.len(), 2, "{ads:?}");
    assert_eq!((ads[0].impressions, ads[0].clicks), (1, 1));
    s.shutdown(&t.now()).await.unwrap();
    drop(s);
    let s = h.open_limited(limits).await;
    hit(&s, &t, "visitor-after", "/invented/7").await;
    assert_eq!(
        s.views("/invented/7").await.unwrap(),
        0,
        "still bounded after a restart"
    );
}

// Comments.

fn comment(post: &str, email: &str, content: &str, t: &TestTime) -> NewComment {
    NewComment {
        post: post.into(),
        parent: 0,
        author_name: "Nguyễn Văn A".into(),
        author_email: email.into(),
        content: content.into(),
        status: CommentStatus::Hold,
        created_ms: t.now().ms,
    }
}

async fn add<S: Store>(s: &S, c: &NewComment) -> Comment {
    match s.add_comment(c).await.unwrap() {
        AddComment::Added(c) => c,
        other => panic!("not added: {other:?}"),
    }
}

async fn listed<S: Store>(s: &S, post: &str) -> Vec<u64> {
    let page = s.approved_comments(post, 0, 100).await.unwrap();
    assert_eq!(page.total as usize, page.comments.len());
    page.comments.iter().map(|c| c.id).collect()
}

async fn pending_ids<S: Store>(s: &S) -> Vec<u64> {
    let page = s.pending_comments(0, 100).await.unwrap();
    page.comments.iter().map(|c| c.id).collect()
}

pub async fn comments_are_held_until_approved<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    assert_eq!(s.next_comment_id().await.unwrap(), 1);
    let a = add(&s, &comment("bai-1", "a@example.vn", "Bài hay quá!", &t)).await;
    assert_eq!((a.id, a.status), (1, CommentStatus::Hold));
    assert_eq!(a.author_name, "Nguyễn Văn A");
    t.advance_secs(MIN);
    let b = add(&s, &comment("bai-1", "b@example.vn", "Đồng ý.", &t)).await;
    assert_eq!(b.id, 2);
    assert_eq!(
        listed(&s, "bai-1").await,
        Vec::<u64>::new(),
        "held: not listed"
    );
    assert_eq!(pending_ids(&s).await, vec![2, 1], "newest first");
    // approving b lists it; approving again changes nothing
    let approved = s.approve_comment(2).await.unwrap().unwrap();
    assert_eq!(approved.status, CommentStatus::Approved);
    assert_eq!(approved.content, "Đồng ý.");
    assert_eq!(
        s.approve_comment(2).await.unwrap().unwrap().status,
        CommentStatus::Approved
    );
    assert_eq!(listed(&s, "bai-1").await, vec![2]);
    assert_eq!(pending_ids(&s).await, vec![1]);
    s.approve_comment(1).await.unwrap().unwrap();
    assert_eq!(listed(&s, "bai-1").await, vec![1, 2], "oldest first");
    assert_eq!(
        listed(&s, "bai-2").await,
        Vec::<u64>::new(),
        "posts are apart"
    );
    assert_eq!(s.approve_comment(99).await.unwrap(), None);
    assert_eq!(s.approve_comment(u64::MAX).await.unwrap(), None);
    // stored as given: the email is kept (for moderators)
    let page = s.approved_comments("bai-1", 0, 1).await.unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.comments[0].author_email, "a@example.vn");
}

pub async fn comments_sort_by_time_then_id_and_page<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    let post = "https://tin.example/bài-viết/1?x=1 & y";
    let mut ids = Vec::new();
    // a clock that went back (NTP, another instance) still lists by time; equal times by id
    let offsets = [0, 0, -5, 10, 10, 3];
    for (n, off) in offsets.iter().enumerate() {
        let mut c = comment(post, "x@example.vn", &format!("bình luận {n}"), &t);
        c.created_ms += off * 1000;
        c.status = CommentStatus::Approved;
        ids.push(add(&s, &c).await.id);
    }
    let expected = vec![ids[2], ids[0], ids[1], ids[5], ids[3], ids[4]];
    assert_eq!(listed(&s, post).await, expected);
    let page = s.approved_comments(post, 2, 3).await.unwrap();
    assert_eq!(page.total, 6);
    let got: Vec<u64> = page.comments.iter().map(|c| c.id).collect();
    assert_eq!(got, expected[2..5]);
    let past = s.approved_comments(post, 6, 3).await.unwrap();
    assert_eq!((past.total, past.comments.len()), (6, 0));
    // held ones: newest first, equal times by id descending
    for (n, off) in [0, 0, 7].iter().enumerate() {
        let mut c = comment("bai-2", "y@example.vn", &format!("chờ {n}"), &t);
        c.created_ms += off * 1000;
        add(&s, &c).await;
    }
    let pending = s.pending_comments(0, 2).await.unwrap();
    assert_eq!(pending.total, 3);
    let got: Vec<u64> = pending.comments.iter().map(|c| c.id).collect();
    assert_eq!(got, vec![9, 8]);
    let rest = s.pending_comments(2, 2).await.unwrap();
    assert_eq!(
        rest.comments.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![7]
    );
}

pub async fn comment_ids_only_grow<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    for n in 1..=3 {
        let c = add(&s, &comment("p", "a@b.vn", &format!("số {n}"), &t)).await;
        assert_eq!(c.id, n);
    }
    assert!(s.delete_comment(3).await.unwrap());
    assert!(!s.delete_comment(3).await.unwrap(), "already gone");
    assert!(!s.delete_comment(0).await.unwrap());
    assert!(!s.delete_comment(u64::MAX).await.unwrap());
    assert_eq!(s.next_comment_id().await.unwrap(), 4, "never reused");
    assert_eq!(add(&s, &comment("p", "a@b.vn", "số 4", &t)).await.id, 4);
    assert_eq!(pending_ids(&s).await, vec![4, 2, 1]);
}

pub async fn duplicate_comments_are_refused<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    let first = add(&s, &comment("p", "Nam@Example.VN", "Hay!", &t)).await;
    t.advance_secs(MIN);
    let again = comment("p", "nam@example.vn", "Hay!", &t);
    assert_eq!(s.add_comment(&again).await.unwrap(), AddComment::Duplicate);
    // approved or held, it is the same comment
    s.approve_comment(first.id).await.unwrap();
    assert_eq!(s.add_comment(&again).await.unwrap(), AddComment::Duplicate);
    // another post, another text or another address is another comment
    add(&s, &comment("q", "nam@example.vn", "Hay!", &t)).await;
    add(&s, &comment("p", "nam@example.vn", "Hay lắm!", &t)).await;
    add(&s, &comment("p", "lan@example.vn", "Hay!", &t)).await;
    // once deleted, it may be said again
    assert!(s.delete_comment(first.id).await.unwrap());
    add(&s, &again).await;
}

pub async fn replies_need_an_approved_parent_of_the_same_post<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    let root = add(&s, &comment("p", "a@b.vn", "gốc", &t)).await;
    let reply = |parent: u64, text: &str| NewComment {
        parent,
        ..comment("p", "c@d.vn", text, &t)
    };
    // a held parent is not public yet, an unknown one does not exist
    assert_eq!(
        s.add_comment(&reply(root.id, "1")).await.unwrap(),
        AddComment::BadParent
    );
    assert_eq!(
        s.add_comment(&reply(999, "2")).await.unwrap(),
        AddComment::BadParent
    );
    s.approve_comment(root.id).await.unwrap();
    let child = add(&s, &reply(root.id, "con")).await;
    assert_eq!(child.parent, root.id);
    s.approve_comment(child.id).await.unwrap();
    let grandchild = add(&s, &reply(child.id, "cháu")).await;
    s.approve_comment(grandchild.id).await.unwrap();
    // a comment of another post is not a parent here
    let other = NewComment {
        parent: root.id,
        ..comment("q", "e@f.vn", "lạc đề", &t)
    };
    assert_eq!(s.add_comment(&other).await.unwrap(), AddComment::BadParent);
    // deleting the middle one moves its reply up a level
    assert!(s.delete_comment(child.id).await.unwrap());
    let page = s.approved_comments("p", 0, 10).await.unwrap();
    let parents: Vec<(u64, u64)> = page.comments.iter().map(|c| (c.id, c.parent)).collect();
    assert_eq!(parents, vec![(root.id, 0), (grandchild.id, root.id)]);
    // and deleting the root makes it a top-level comment
    assert!(s.delete_comment(root.id).await.unwrap());
    let page = s.approved_comments("p", 0, 10).await.unwrap();
    assert_eq!(page.comments[0].parent, 0);
    assert_eq!(
        s.add_comment(&reply(child.id, "3")).await.unwrap(),
        AddComment::BadParent,
        "a deleted parent"
    );
}

pub async fn comments_are_durable_at_once<H: Harness>(h: H) {
    let t = midweek();
    let text = "Dòng một\nDòng hai 🌿\n\n<b>đậm</b> & \"trích\"";
    {
        let s = h.open().await;
        let c = add(&s, &comment("bài-ü", "a@b.vn", text, &t)).await;
        s.approve_comment(c.id).await.unwrap();
        add(&s, &comment("bài-ü", "a@b.vn", "chờ", &t)).await;
        // dropped without a flush or shutdown: a crash
    }
    let s = h.open().await;
    let page = s.approved_comments("bài-ü", 0, 10).await.unwrap();
    assert_eq!(page.comments.len(), 1);
    let c = &page.comments[0];
    assert_eq!(c.content, text, "stored as sent");
    assert_eq!(c.author_name, "Nguyễn Văn A");
    assert_eq!(c.created_ms, t.now().ms);
    assert_eq!(pending_ids(&s).await, vec![2]);
    assert_eq!(s.next_comment_id().await.unwrap(), 3);
}

pub async fn held_comments_are_bounded<H: Harness>(h: H) {
    let limits = StoreLimits {
        max_pending_comments: 2,
        ..StoreLimits::default()
    };
    let s = h.open_limited(limits).await;
    let t = midweek();
    add(&s, &comment("p", "a@b.vn", "1", &t)).await;
    add(&s, &comment("p", "a@b.vn", "2", &t)).await;
    let third = comment("p", "a@b.vn", "3", &t);
    assert_eq!(s.add_comment(&third).await.unwrap(), AddComment::QueueFull);
    // approved ones are not held, and handling one makes room
    let approved = NewComment {
        status: CommentStatus::Approved,
        ..comment("p", "a@b.vn", "4", &t)
    };
    add(&s, &approved).await;
    s.approve_comment(1).await.unwrap();
    add(&s, &third).await;
}

/// Simultaneous posts: every comment gets its own id, and of identical ones exactly one is stored
/// (the checks and the insert are one transaction / one script).
pub async fn simultaneous_comments<H: Harness>(h: H) {
    let s = h.open().await;
    let t = midweek();
    let mut tasks = Vec::new();
    for n in 0..40 {
        let s = s.clone();
        // 20 distinct texts, then the same text 20 times
        let text = if n < 20 {
            format!("riêng {n}")
        } else {
            "giống nhau".to_string()
        };
        let c = comment("p", "a@b.vn", &text, &t);
        tasks.push(tokio::spawn(
            async move { s.add_comment(&c).await.unwrap() },
        ));
    }
    let mut ids = Vec::new();
    let mut duplicates = 0;
    for task in tasks {
        match task.await.unwrap() {
            AddComment::Added(c) => ids.push(c.id),
            AddComment::Duplicate => duplicates += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((ids.len(), duplicates), (21, 19));
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids, (1..=21).collect::<Vec<u64>>());
    assert_eq!(s.pending_comments(0, 100).await.unwrap().total, 21);
}

macro_rules! store_suite {
    ($backend:ident, $harness:expr) => {
        mod $backend {
            use super::*;

            macro_rules! case {
                ($name:ident) => {
                    #[tokio::test]
                    async fn $name() {
                        let Some(h) = $harness else { return };
                        super::$name(h).await;
                    }
                };
            }

            case!(online_expires_after_five_minutes);
            case!(heartbeat_keeps_online_and_the_visit);
            case!(thirty_minute_visit_rule);
            case!(day_rolls_at_local_midnight);
            case!(week_rolls_sunday_to_monday);
            case!(views_count_once_per_visitor_per_half_hour);
            case!(restart_keeps_everything);
            case!(ads_are_counted_per_slot_and_creative);
            case!(bots_are_counted_apart);
            case!(tables_are_bounded);
            case!(comments_are_held_until_approved);
            case!(comments_sort_by_time_then_id_and_page);
            case!(comment_ids_only_grow);
            case!(duplicate_comments_are_refused);
            case!(replies_need_an_approved_parent_of_the_same_post);
            case!(comments_are_durable_at_once);
            case!(held_comments_are_bounded);
            case!(simultaneous_comments);
        }
    };
}

store_suite!(sqlite, Some(SqliteHarness::new()));
store_suite!(redis, RedisHarness::new());

// Backend-specific behaviour.

#[tokio::test]
async fn sqlite_data_dir_has_one_owner() {
    let h = SqliteHarness::new();
    let first = h.open().await;
    let err = bantin_server::store::SqliteStore::open(h.dir.path()).unwrap_err();
    assert!(err.0.contains("in use"), "{err}");
    drop(first);
    let _again = h.open().await;
}

#[tokio::test]
async fn sqlite_flush_makes_counts_durable() {
    let h = SqliteHarness::new();
    let s = h.open().await;
    let t = midweek();
    hit(&s, &t, "visitor-a1", "/").await;
    hit(&s, &t, "visitor-b2", "/").await;
    assert_eq!(s.durable_total().unwrap(), 0, "batched until the flush");
    s.flush(&t.now()).await.unwrap();
    assert_eq!(s.durable_total().unwrap(), 2);
    // a second flush with nothing new writes nothing new
    s.flush(&t.now()).await.unwrap();
    assert_eq!(s.durable_total().unwrap(), 2);
}

#[tokio::test]
async fn sqlite_forgets_visitors_after_the_gap_and_never_stores_ids() {
    let h = SqliteHarness::new();
    let t = midweek();
    {
        let s = h.open().await;
        hit(&s, &t, "visitor-a1", "/bai/1").await;
        s.flush(&t.now()).await.unwrap();
        t.advance_secs(31 * MIN);
        hit(&s, &t, "visitor-b2", "/bai/1").await;
        s.flush(&t.now()).await.unwrap(); // prunes a (last seen 31 min ago)
        s.shutdown(&t.now()).await.unwrap();
    }
    let db = h.dir.path().join("bantin.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count("visitors"), 1);
        assert_eq!(count("recent_hits"), 1);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode.to_lowercase(), "wal");
    }
    let bytes = std::fs::read(&db).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/bai/1"), "the views table holds paths");
    assert!(!text.contains("visitor-"), "visitor ids must not be stored");
}

#[tokio::test]
async fn sqlite_crash_after_a_flush_keeps_counts_and_visits() {
    let h = SqliteHarness::new();
    let t = midweek();
    {
        let s = h.open().await;
        hit(&s, &t, "visitor-a1", "/bai/1").await;
        t.advance_secs(10);
        hit(&s, &t, "visitor-a1", "/bai/2").await;
        s.flush(&t.now()).await.unwrap();
        // dropped without shutdown: a crash right after a periodic flush
    }
    t.advance_secs(5 * MIN);
    let s = h.open().await;
    assert_eq!(now_stats(&s, &t).await, stats(0, 1, 1, 1));
    assert_eq!(s.views("/bai/1").await.unwrap(), 1);
    hit(&s, &t, "visitor-a1", "/bai/3").await;
    assert_eq!(now_stats(&s, &t).await.total, 1, "the visit goes on");
}

#[tokio::test]
async fn redis_instances_share_one_set_of_numbers() {
    let Some(h) = RedisHarness::new() else { return };
    let a = h.open().await;
    let b = h.open().await;
    let t = midweek();
    hit(&a, &t, "visitor-a1", "/bai/1").await;
    hit(&b, &t, "visitor-a1", "/bai/1").await; // same visitor via another instance: one visit
    hit(&b, &t, "visitor-b2", "/bai/1").await;
    assert_eq!(now_stats(&a, &t).await, stats(2, 2, 2, 2));
    assert_eq!(now_stats(&b, &t).await, stats(2, 2, 2, 2));
    assert_eq!(a.views("/bai/1").await.unwrap(), 2);
}

#[tokio::test]
async fn redis_prefixes_keep_sites_apart() {
    let Some(h) = RedisHarness::new() else { return };
    let a = h.open().await;
    let other = bantin_server::store::RedisStore::connect(&h.server.url, "other:")
        .await
        .unwrap();
    let t = midweek();
    hit(&a, &t, "visitor-a1", "/").await;
    assert_eq!(now_stats(&other, &t).await, stats(0, 0, 0, 0));
}
