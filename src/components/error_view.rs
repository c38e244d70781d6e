use super::use_strings;
use crate::error::AppError;
use leptos::prelude::*;

/// What went wrong, in plain words, with a way on: "Thử lại" when trying
/// again can help, and always a link back to the list.
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
    view! {
        <section class="bt-error" role="alert">
            <h2>{t.error_title}</h2>
            <p>{t.error_message(&error)}</p>
            <p class="bt-error-actions">
                {retry.map(|cb| view! {
                    <button class="bt-button" on:click=move |_| cb.run(())>{t.retry}</button>
                })}
            </p>
        </section>
    }
}
