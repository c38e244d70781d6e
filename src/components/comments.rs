//! Readers' comments under an article (in the `article` chunk): the form
//! ("Gửi bình luận") first, then the thread, loaded only when the reader
//! scrolls near it (the form above it never moves when it comes in). Decisions live in `crate::comments` (parsing, threading,
//! validation, drafts, what an answer means); this file renders them.
//!
//! A reader never loses what they typed: the draft is kept in localStorage
//! on every keystroke and restored on the next visit, after a failed send,
//! and offline, where it is sent by itself once the network is back.

use super::{use_lang, DateTime};
use crate::comments::{self, Comment, CommentError, Draft, FieldError};
use crate::i18n::Lang;
use crate::model::Article;
use crate::platform::{self, http, observe};
use crate::source::CommentsAt;
use leptos::html::Div;
use leptos::prelude::*;

/// Comments asked for per page.
const PER_PAGE: u32 = 50;

#[derive(Clone, Default)]
struct Thread {
    comments: Vec<Comment>,
    /// Pages loaded so far, and how many there are.
    pages: u32,
    total_pages: Option<u32>,
    loading: bool,
    error: Option<CommentError>,
}

/// Where the form stands.
#[derive(Clone, PartialEq)]
enum Sending {
    Idle,
    InFlight,
    /// Offline: sent by itself when the network is back.
    Queued,
    Sent {
        pending: bool,
    },
    Failed(CommentError),
}

#[component]
pub fn Comments(article: Article, at: CommentsAt) -> impl IntoView {
    let t = strings(use_lang());
    let at = StoredValue::new(at);
    let thread = RwSignal::new(Thread::default());
    let near = RwSignal::new(false);
    let sentinel = NodeRef::<Div>::new();

    // Asked for when the reader comes within a screen of the thread, never
    // before the article's text.
    let observer = StoredValue::new_local(None::<observe::Observer>);
    Effect::new(move || {
        if let Some(el) = sentinel.get() {
            let seen = observe::observe(&el, "100% 0px", 0.0, near, |near, ratio| {
                if ratio > 0.0 {
                    near.set(true);
                }
            });
            // No IntersectionObserver: load at once.
            if seen.is_none() {
                near.set(true);
            }
            observer.set_value(seen);
        }
    });
    Effect::new(move || {
        if near.get() {
            observer.set_value(None);
            if thread.with_untracked(|t| t.pages == 0 && !t.loading) {
                load_page(at, thread);
            }
        }
    });

    let closed = article.comments_closed;
    let count = move || thread.with(|t| t.comments.iter().filter(|c| !c.pending).count());
    view! {
        <section class="bt-comments" aria-labelledby="bt-comments-title">
            <h2 id="bt-comments-title">{t.title}" "{move || (count() > 0).then(|| format!("({})", count()))}</h2>
            {if closed {
                view! { <p class="bt-comments-closed">{t.closed}</p> }.into_any()
            } else {
                view! { <CommentForm article_id=article.id.clone() at thread t/> }.into_any()
            }}
            <div node_ref=sentinel></div>
            {move || thread.with(|th| {
                let list = comments::thread(th.comments.clone());
                // One line in one place from the start (loading, or not yet
                // near) until the thread is in, then "none yet" in the same
                // box: nothing below moves for it.
                let status = if th.error.is_some() {
                    None
                } else if th.loading || th.pages == 0 {
                    Some(t.loading)
                } else {
                    list.is_empty().then_some(t.none_yet)
                };
                view! {
                    {status.map(|text| view! { <p class="bt-comments-status" role="status">{text}</p> })}
                    <ol class="bt-comment-list">
                        {list.into_iter().map(|(depth, c)| view! { <CommentItem comment=c depth t/> }).collect_view()}
                    </ol>
                    {th.error.clone().map(|e| view! {
                        <p class="bt-notice" role="alert">{error_text(t, &e)}" "
                            <button type="button" class="bt-button" on:click=move |_| load_page(at, thread)>{t.retry}</button>
                        </p>
                    })}
                    {(!th.loading && th.error.is_none() && th.total_pages.is_some_and(|n| th.pages < n)).then(|| view! {
                        <button type="button" class="bt-button bt-more-comments" on:click=move |_| load_page(at, thread)>
                            {t.more}
                        </button>
                    })}
                }
            })}
        </section>
    }
}

/// Loads the thread's next page (the first, at first).
fn load_page(at: StoredValue<CommentsAt>, thread: RwSignal<Thread>) {
    let page = thread.with_untracked(|t| t.pages) + 1;
    thread.update(|t| {
        t.loading = true;
        t.error = None;
    });
    let url = at.with_value(|at| at.list(page, PER_PAGE));
    leptos::task::spawn_local(async move {
        let result = match http::request(&url, None, None, Some("X-WP-TotalPages")).await {
            Ok(answer) => {
                comments::parse_list(&answer.body, answer.status, answer.header.as_deref())
            }
            Err(e) => Err(network_error(&e)),
        };
        // The page may be gone by then.
        thread.try_update(|t| {
            t.loading = false;
            match result {
                Ok(list) => {
                    t.pages = page;
                    t.total_pages = list.total_pages;
                    for c in list.comments {
                        if !t.comments.iter().any(|o| o.id == c.id) {
                            t.comments.push(c);
                        }
                    }
                }
                Err(e) => t.error = Some(e),
            }
        });
    });
}

fn network_error(e: &crate::error::AppError) -> CommentError {
    if *e == crate::error::AppError::Offline {
        CommentError::Offline
    } else {
        CommentError::Network
    }
}

#[component]
fn CommentItem(comment: Comment, depth: usize, t: &'static CommentStrings) -> impl IntoView {
    let body = NodeRef::<Div>::new();
    let html = comment.html.clone();
    Effect::new(move || {
        if let Some(el) = body.get() {
            // The same sanitizer as the article: a comment is as hostile.
            if let Ok(fragment) = crate::sanitize::sanitize_with_base(&html, None) {
                el.set_text_content(None);
                let _ = el.append_child(&fragment);
            }
        }
    });
    let author = if comment.author.is_empty() {
        t.anonymous.to_string()
    } else {
        comment.author.clone()
    };
    view! {
        <li class=format!("bt-comment bt-depth-{}", depth.min(4)) class:bt-pending=comment.pending>
            <p class="bt-comment-meta">
                <span class="bt-comment-author">{author}</span>
                {comment.published.map(|ms| view! { " · " <DateTime epoch_ms=ms/> })}
                {comment.pending.then(|| view! { " · " <span class="bt-badge">{t.awaiting}</span> })}
            </p>
            <div class="bt-comment-body" node_ref=body></div>
        </li>
    }
}

#[component]
fn CommentForm(
    article_id: String,
    at: StoredValue<CommentsAt>,
    thread: RwSignal<Thread>,
    t: &'static CommentStrings,
) -> impl IntoView {
    let key = format!("bantin:comment-draft:{article_id}");
    let restored = platform::local_get(&key)
        .and_then(|s| Draft::from_storage(&s))
        .unwrap_or_default();
    let draft = RwSignal::new(restored);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(Sending::Idle);
    let honeypot = RwSignal::new(String::new());
    let key = StoredValue::new(key);
    // Every keystroke is kept: a reload, a crash or going offline loses nothing.
    Effect::new(move || {
        let stored = draft.with(Draft::to_storage);
        key.with_value(|k| platform::local_set(k, &stored));
    });
    let online = crate::offline::use_offline().online;
    // Queued offline: sent once the network is back.
    Effect::new(move || {
        if online.get() && sending.get_untracked() == Sending::Queued {
            send(at, thread, draft, sending, honeypot, key);
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let problems = draft.with_untracked(comments::validate);
        let valid = problems.is_empty();
        errors.set(problems);
        if !valid {
            return;
        }
        if !online.get_untracked() {
            sending.set(Sending::Queued);
            return;
        }
        send(at, thread, draft, sending, honeypot, key);
    };
    let field_error = move |fields: &'static [FieldError]| {
        move || {
            errors.with(|list| {
                list.iter()
                    .find(|e| fields.contains(e))
                    .map(|e| view! { <span class="bt-field-error" role="alert">{field_text(t, e)}</span> })
            })
        }
    };
    let invalid = move |fields: &'static [FieldError]| {
        move || {
            errors
                .with(|list| list.iter().any(|e| fields.contains(e)))
                .to_string()
        }
    };
    const NAME: &[FieldError] = &[FieldError::NameMissing, FieldError::NameTooLong];
    const EMAIL: &[FieldError] = &[
        FieldError::EmailMissing,
        FieldError::EmailInvalid,
        FieldError::EmailTooLong,
    ];
    const CONTENT: &[FieldError] = &[FieldError::ContentMissing, FieldError::ContentTooLong];

    view! {
        <form class="bt-comment-form" novalidate on:submit=submit aria-labelledby="bt-reply-title">
            <h3 id="bt-reply-title">{t.reply_title}</h3>
            <p class="bt-form-note">{t.email_note}" "{t.required_note}</p>
            <p class="bt-field">
                <label for="bt-c-content">{t.comment}" "{required()}</label>
                <textarea id="bt-c-content" name="comment" rows="5" maxlength="5000" required
                    aria-invalid=invalid(CONTENT)
                    prop:value=move || draft.with(|d| d.content.clone())
                    on:input=move |ev| draft.update(|d| d.content = event_target_value(&ev))></textarea>
                {field_error(CONTENT)}
            </p>
            <p class="bt-field">
                <label for="bt-c-name">{t.name}" "{required()}</label>
                <input id="bt-c-name" name="author" type="text" autocomplete="name" maxlength="100" required
                    aria-invalid=invalid(NAME)
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                {field_error(NAME)}
            </p>
            <p class="bt-field">
                <label for="bt-c-email">{t.email}" "{required()}</label>
                <input id="bt-c-email" name="email" type="email" autocomplete="email" maxlength="200" required
                    aria-invalid=invalid(EMAIL)
                    prop:value=move || draft.with(|d| d.email.clone())
                    on:input=move |ev| draft.update(|d| d.email = event_target_value(&ev))/>
                {field_error(EMAIL)}
            </p>
            // A field people never see: bots fill it in, and are ignored.
            <p class="bt-honeypot" aria-hidden="true">
                <label for="bt-c-website">{"Website"}</label>
                <input id="bt-c-website" name="website" type="text" tabindex="-1" autocomplete="off"
                    on:input=move |ev| honeypot.set(event_target_value(&ev))/>
            </p>
            <p class="bt-form-actions">
                <button type="submit" class="bt-button bt-primary" disabled=move || sending.get() == Sending::InFlight>
                    {move || if sending.get() == Sending::InFlight { t.sending } else { t.submit }}
                </button>
            </p>
            <p class="bt-form-status" role="status" aria-live="polite">
                {move || match sending.get() {
                    Sending::Queued => Some(t.queued.to_string()),
                    Sending::Sent { pending: true } => Some(t.sent_pending.to_string()),
                    Sending::Sent { pending: false } => Some(t.sent.to_string()),
                    Sending::Failed(e) => Some(error_text(t, &e)),
                    _ => None,
                }}
            </p>
        </form>
    }
}

/// Sends the draft; on success the comment joins the thread (marked
/// "awaiting moderation" when the server holds it) and the draft is cleared.
/// The star after a required field's label (the form's note says what it means).
fn required() -> impl IntoView {
    let class = "bt-required";
    view! { <span class=class aria-hidden="true">"*"</span> }
}

fn send(
    at: StoredValue<CommentsAt>,
    thread: RwSignal<Thread>,
    draft: RwSignal<Draft>,
    sending: RwSignal<Sending>,
    honeypot: RwSignal<String>,
    key: StoredValue<String>,
) {
    if !honeypot.get_untracked().is_empty() {
        // A bot: it is told "sent", and nothing goes out.
        sending.set(Sending::Sent { pending: true });
        return;
    }
    sending.set(Sending::InFlight);
    let (url, body) = at.with_value(|at| {
        (
            at.post_url(),
            draft.with_untracked(|d| comments::post_body(&at.post_ref(), d)),
        )
    });
    leptos::task::spawn_local(async move {
        let outcome = match http::request(&url, Some(&body), None, None).await {
            Ok(answer) => comments::parse_created(&answer.body, answer.status),
            Err(crate::error::AppError::Offline) => {
                sending.try_set(Sending::Queued);
                return;
            }
            Err(e) => Err(network_error(&e)),
        };
        match outcome {
            Ok(comment) => {
                let pending = comment.pending;
                thread.try_update(|t| t.comments.push(comment));
                // Emptied rather than removed: one storage call fewer in the glue.
                key.with_value(|k| platform::local_set(k, ""));
                draft.try_update(|d| d.content.clear());
                sending.try_set(Sending::Sent { pending });
            }
            Err(e) => {
                sending.try_set(Sending::Failed(e));
            }
        }
    });
}

fn error_text(t: &CommentStrings, e: &CommentError) -> String {
    match e {
        CommentError::LoginRequired => t.err_login.into(),
        CommentError::Duplicate => t.err_duplicate.into(),
        CommentError::Closed => t.closed.into(),
        CommentError::Invalid(message) if message.is_empty() => t.err_invalid.into(),
        CommentError::Invalid(message) => format!("{} ({message})", t.err_invalid),
        CommentError::TooLarge => t.err_too_large.into(),
        CommentError::RateLimited => t.err_rate.into(),
        CommentError::Offline => t.err_offline.into(),
        CommentError::Network | CommentError::NotJson | CommentError::Server(_) => {
            t.err_server.into()
        }
    }
}

fn field_text(t: &CommentStrings, e: &FieldError) -> &'static str {
    match e {
        FieldError::NameMissing => t.need_name,
        FieldError::NameTooLong => t.name_long,
        FieldError::EmailMissing => t.need_email,
        FieldError::EmailInvalid | FieldError::EmailTooLong => t.bad_email,
        FieldError::ContentMissing => t.need_content,
        FieldError::ContentTooLong => t.content_long,
    }
}

/// The comment thread's words, Vietnamese first (kept beside the view: the
/// rest of the app never shows them).
pub struct CommentStrings {
    title: &'static str,
    none_yet: &'static str,
    loading: &'static str,
    more: &'static str,
    retry: &'static str,
    closed: &'static str,
    anonymous: &'static str,
    awaiting: &'static str,
    reply_title: &'static str,
    email_note: &'static str,
    required_note: &'static str,
    comment: &'static str,
    name: &'static str,
    email: &'static str,
    submit: &'static str,
    sending: &'static str,
    queued: &'static str,
    sent_pending: &'static str,
    sent: &'static str,
    need_name: &'static str,
    name_long: &'static str,
    need_email: &'static str,
    bad_email: &'static str,
    need_content: &'static str,
    content_long: &'static str,
    err_login: &'static str,
    err_duplicate: &'static str,
    err_invalid: &'static str,
    err_too_large: &'static str,
    err_rate: &'static str,
    err_offline: &'static str,
    err_server: &'static str,
}

fn strings(lang: Lang) -> &'static CommentStrings {
    match lang {
        Lang::En => &EN,
        _ => &VI,
    }
}

static VI: CommentStrings = CommentStrings {
    title: "Bình luận",
    none_yet: "Chưa có bình luận nào.",
    loading: "Đang tải bình luận…",
    more: "Xem thêm bình luận",
    retry: "Thử lại",
    closed: "Bài viết này đã đóng bình luận.",
    anonymous: "Ẩn danh",
    awaiting: "đang chờ duyệt",
    reply_title: "Gửi bình luận",
    email_note: "Email của bạn sẽ không được hiển thị công khai.",
    required_note: "Các trường bắt buộc được đánh dấu *",
    comment: "Bình luận",
    name: "Tên",
    email: "Email",
    submit: "Gửi bình luận",
    sending: "Đang gửi…",
    queued: "Bạn đang offline. Bình luận được giữ lại và sẽ tự gửi khi có mạng.",
    sent_pending: "Đã gửi. Bình luận của bạn đang chờ duyệt.",
    sent: "Đã gửi bình luận.",
    need_name: "Vui lòng nhập tên.",
    name_long: "Tên quá dài (tối đa 100 ký tự).",
    need_email: "Vui lòng nhập email.",
    bad_email: "Email không hợp lệ.",
    need_content: "Vui lòng nhập nội dung bình luận.",
    content_long: "Bình luận quá dài (tối đa 5.000 ký tự).",
    err_login: "Trang này chỉ nhận bình luận từ thành viên đã đăng nhập.",
    err_duplicate: "Bạn đã gửi bình luận này rồi.",
    err_invalid: "Bình luận chưa hợp lệ.",
    err_too_large: "Bình luận quá dài.",
    err_rate: "Bạn gửi quá nhanh. Vui lòng đợi vài phút rồi thử lại.",
    err_offline: "Bạn đang offline. Bình luận sẽ hiện khi có mạng.",
    err_server: "Không gửi được. Bình luận của bạn vẫn được giữ lại; vui lòng thử lại.",
};

static EN: CommentStrings = CommentStrings {
    title: "Comments",
    none_yet: "No comments yet.",
    loading: "Loading comments…",
    more: "More comments",
    retry: "Try again",
    closed: "Comments are closed for this article.",
    anonymous: "Anonymous",
    awaiting: "awaiting moderation",
    reply_title: "Leave a comment",
    email_note: "Your email address will not be published.",
    required_note: "Required fields are marked *",
    comment: "Comment",
    name: "Name",
    email: "Email",
    submit: "Post comment",
    sending: "Sending…",
    queued: "You are offline. Your comment is kept and will be sent when the network is back.",
    sent_pending: "Sent. Your comment is awaiting moderation.",
    sent: "Comment posted.",
    need_name: "Please enter your name.",
    name_long: "The name is too long (100 characters at most).",
    need_email: "Please enter your email.",
    bad_email: "That email address is not valid.",
    need_content: "Please write a comment.",
    content_long: "The comment is too long (5,000 characters at most).",
    err_login: "This site only takes comments from logged-in members.",
    err_duplicate: "You have already posted this comment.",
    err_invalid: "The comment is not valid.",
    err_too_large: "The comment is too long.",
    err_rate: "Too many comments at once. Please wait a few minutes and try again.",
    err_offline: "You are offline. Comments will show when the network is back.",
    err_server: "Could not send. Your comment is kept; please try again.",
};
