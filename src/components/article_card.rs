use super::DateTime;
use crate::model::Article;
use crate::offline::{use_offline_strings, CardSaveButton};
use crate::platform::url::base_path;
use crate::router::Route;
use leptos::prelude::*;

/// One item of the news list: thumbnail, title link, summary, date, author,
/// "Lưu bài". On the saved page, `saved_at` adds when it was saved. A `lead`
/// card (above the fold) loads its image at once, with high priority.
#[component]
pub fn ArticleCard(
    article: Article,
    #[prop(optional)] saved_at: Option<i64>,
    #[prop(optional)] lead: bool,
) -> impl IntoView {
    let href = Route::Article {
        id: article.id.clone(),
    }
    .href(&base_path());
    let byline = article.byline();

    view! {
        <li class="bt-card">
            {article.image.clone().map(|src| view! {
                // Decorative: the title link next to it carries the meaning.
                <a class="bt-card-thumb" href=href.clone() tabindex="-1" aria-hidden="true">
                    // The picture's width on screen (style/main.css), so that a
                    // phone picks a phone-sized copy from the source's scaled
                    // ones (WordPress's sizes): from 600px every card's is
                    // 200px; on phones the first card's is the column's (the
                    // lead cards are taken as that), the others' 7.5rem.
                    <img
                        src=src srcset=article.image_srcset.clone()
                        sizes=if lead { "(min-width: 600px) 200px, 100vw" } else { "(min-width: 600px) 200px, 7.5rem" }
                        alt="" width="320" height="180"
                        loading=if lead { "eager" } else { "lazy" }
                        fetchpriority=if lead { "high" } else { "auto" }
                        // Its paint is timed (platform::lead_image).
                        elementtiming=lead.then_some("lead")
                    />
                </a>
            })}
            <div class="bt-card-body">
                <h2 class="bt-card-title"><a href=href>{article.title.clone()}</a></h2>
                {article.summary.clone().map(|s| view! { <p class="bt-card-summary">{s}</p> })}
                <p class="bt-meta">
                    {article.published.map(|ms| view! { <DateTime epoch_ms=ms/> })}
                    {byline.map(|b| view! { <span class="bt-author">{b}</span> })}
                    {article.reading_minutes().map(|m| view! {
                        <span class="bt-reading-time">{m}" "{super::use_strings().min_read}</span>
                    })}
                    {saved_at.map(|ms| view! {
                        <span class="bt-saved-when">
                            {use_offline_strings(super::use_lang()).saved_at}" "<DateTime epoch_ms=ms/>
                        </span>
                    })}
                </p>
                <CardSaveButton id=article.id title=article.title/>
            </div>
        </li>
    }
}
