use super::use_strings;
use crate::error::AppError;
use crate::platform::url::base_path;
use crate::router::Route;
use leptos::prelude::*;

/// What went wrong, in plain words, with a way on: "Thử lại" when trying
/// again can help, and a link back to the list ("Về trang tin mới") unless
/// this is the list (or there is no list: a broken config.json).
#[component]
pub fn ErrorView(
    error: AppError,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let t = use_strings();
    let retry = on_retry.filter(|_| {
        error.is_retryable()
            || matches!(
                error,
                AppError::Http { .. } | AppError::NotJson(_) | AppError::InvalidFeed(_)
            )
    });
    // Hidden rather than left out: one view type for both (code size).
    let on_list =
        crate::context::shared().is_none_or(|s| s.router.route.get_untracked() == Route::Home);
    view! {
        <section class="bt-error" role="alert">
            <h2>{t.error_title}</h2>
            <p>{t.error_message(&error)}</p>
            <p class="bt-error-actions">
                {retry.map(|cb| view! {
                    <button class="bt-button" on:click=move |_| cb.run(())>{t.retry}</button>
                })}
                <a class="bt-button bt-error-back" href=Route::Home.href(&base_path()) hidden=on_list>
                    "← "{t.back_to_list}
                </a>
            </p>
        </section>
    }
}
