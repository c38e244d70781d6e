//! Sharing an article without any third party's script: plain links that
//! open Facebook's and Zalo's share pages or the reader's mail, beside the
//! Web Share API and "copy the link" (`components::share`). Pure; native
//! tests in tests/routes_and_text.rs.

use crate::router::encode_segment;

/// A plain share link: its label and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    pub label: &'static str,
    pub href: String,
}

/// The share links for the article at `url` titled `title`.
pub fn share_links(url: &str, title: &str) -> Vec<ShareLink> {
    let u = encode_segment(url);
    vec![
        ShareLink {
            label: "Facebook",
            href: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        },
        ShareLink {
            label: "Zalo",
            href: format!("https://sp.zalo.me/share?url={u}"),
        },
        ShareLink {
            label: "Email",
            href: format!(
                "mailto:?subject={}&body={}",
                encode_segment(title),
                encode_segment(&format!("{title}\n{url}"))
            ),
        },
    ]
}
