//! WordPress REST API v2 → `model`: the request URLs and the answers' mapping.
//! Pure (no browser APIs), so it is tested natively (tests/wordpress.rs).
//!
//! Read through `crate::json::Value` as jsonfeed.rs is, for the same reason:
//! plugins and themes add, drop and retype fields, and one odd field must not
//! lose the post. WordPress puts stand-ins the reader may not see (a deleted
//! author, private media) in `_embedded` as error objects
//! (`{"code": …, "message": …}`); those are skipped like missing data.

use crate::error::AppError;
use crate::json::{self, Map, Value};
use crate::model::{Article, Content, FeedPage};
use crate::router::encode_segment;
use crate::source::jsonfeed::{string, MAX_ITEMS_PER_PAGE, MAX_TAGS_PER_ITEM};
use crate::text::{clean_line, excerpt, find_ignore_ascii_case, html_to_text};
use rustc_hash::FxHashSet as HashSet;

/// The post fields the mapping reads: WordPress sends nothing else. Real
/// WordPress drops `_embedded` unless `_links` is asked for too.
const FIELDS: &str = "id,slug,link,date,date_gmt,modified_gmt,title,excerpt,content,\
comment_status,featured_media,author,categories,tags,_links,_embedded";

/// The list picture: the narrowest scaled copy at least this wide (a 200 px
/// card at 2× and a phone's wide lead story both look sharp), else the widest.
const LIST_IMAGE_WIDTH: u64 = 600;
/// Image sizes looked at per picture; themes register a dozen at most.
const MAX_SIZES: usize = 32;

/// A site's REST API in one of its two URL forms: pretty (`…/wp-json`) or
/// plain permalinks (`…/?rest_route=`), which every site answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WpApi {
    /// `https://site.vn/wp-json` (pretty), or the page the `rest_route`
    /// parameter goes to (`https://site.vn/`, `…/index.php`).
    root: String,
    /// The configured URL's other query parameters, each followed by `&`.
    query: String,
    rest_route: bool,
}

fn is_web(url: &str) -> bool {
    let starts = |p: &str| {
        url.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    (starts("https://") || starts("http://")) && !url.contains(char::is_whitespace)
}

/// `url` when it is an absolute web URL (one the views and `srcset` can use).
fn absolute(url: String) -> Option<String> {
    is_web(&url).then_some(url)
}

impl WpApi {
    /// The API at the operator's URL (absolute, http or https).
    pub fn new(config_url: &str) -> Option<WpApi> {
        let url = config_url.trim();
        let url = url.split('#').next().unwrap_or(url);
        if !is_web(url) {
            return None;
        }
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let mut api = WpApi {
            root: String::new(),
            query: String::new(),
            rest_route: false,
        };
        for param in query.split('&').filter(|p| !p.is_empty()) {
            if param == "rest_route" || param.starts_with("rest_route=") {
                api.rest_route = true;
            } else {
                api.query.push_str(param);
                api.query.push('&');
            }
        }
        api.root = if api.rest_route {
            path
        } else {
            path.trim_end_matches('/')
        }
        .to_string();
        Some(api)
    }

    /// The other URL form of the same site, for a site whose configured form
    /// answers 404 or HTML; `None` when the URL names no folder to start from.
    pub fn fallback(&self) -> Option<WpApi> {
        let root = if self.rest_route {
            let dir = self.root.strip_suffix("index.php").unwrap_or(&self.root);
            format!("{}/wp-json", dir.trim_end_matches('/'))
        } else {
            // The REST prefix (normally `wp-json`) is the last segment; the
            // site is the folder holding it.
            // After `http(s)://` (checked in `new`): its `:` is the first.
            let host = self.root.find(':')? + 3;
            let cut = host + self.root.get(host..)?.rfind('/')? + 1;
            self.root.get(..cut)?.to_string()
        };
        Some(WpApi {
            root,
            query: self.query.clone(),
            rest_route: !self.rest_route,
        })
    }

    /// `/wp/v2/<route>` with `params` (joined by `&`), in this API's form.
    fn url(&self, route: &str, params: &str) -> String {
        let (path, query) = if self.rest_route {
            let query = format!("{}rest_route=/wp/v2/{route}&{params}", self.query);
            (self.root.clone(), query)
        } else {
            let path = format!("{}/wp/v2/{route}", self.root);
            (path, format!("{}{params}", self.query))
        };
        match query.trim_end_matches('&') {
            "" => path,
            query => format!("{path}?{query}"),
        }
    }

    pub fn posts(&self, page: u32, per_page: u32) -> String {
        let params = format!("_embed&per_page={per_page}&page={page}&_fields={FIELDS}");
        self.url("posts", &params)
    }

    /// A page of the posts in category `id`.
    pub fn category_posts(&self, id: u64, page: u32, per_page: u32) -> String {
        let params =
            format!("categories={id}&_embed&per_page={per_page}&page={page}&_fields={FIELDS}");
        self.url("posts", &params)
    }

    pub fn post_by_slug(&self, slug: &str) -> String {
        let params = format!("slug={}&_embed&_fields={FIELDS}", encode_segment(slug));
        self.url("posts", &params)
    }

    /// The site's categories with posts, the fullest first.
    pub fn categories(&self) -> String {
        let params =
            "per_page=100&hide_empty=true&orderby=count&order=desc&_fields=id,name,slug,count";
        self.url("categories", params)
    }

    /// The category named `slug` (a list of it alone, or of nothing).
    pub fn category_by_slug(&self, slug: &str) -> String {
        let params = format!("slug={}&_fields=id,name,slug,count", encode_segment(slug));
        self.url("categories", &params)
    }

    pub fn search(&self, query: &str, page: u32, per_page: u32) -> String {
        let params = format!(
            "search={}&_embed&per_page={per_page}&page={page}&_fields={FIELDS}",
            encode_segment(query)
        );
        self.url("posts", &params)
    }

    pub fn comments(&self, post_id: u64, page: u32, per_page: u32) -> String {
        let params =
            format!("post={post_id}&order=asc&orderby=date_gmt&per_page={per_page}&page={page}");
        self.url("comments", &params)
    }

    /// Where a new comment is POSTed.
    pub fn comments_post(&self) -> String {
        self.url("comments", "")
    }
}

/// A category of the site, for its menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: u64,
    /// Plain text.
    pub name: String,
    pub slug: String,
    /// Published posts in it.
    pub count: u64,
}

/// An object, unless it is one of WordPress's error objects.
fn valid(value: &Value) -> Option<&Map> {
    value
        .as_object()
        .filter(|o| o.get("code").is_none() || o.get("message").is_none())
}

/// The JSON of a successful answer; `None` for asking past the last page
/// (WordPress's 400 `rest_post_invalid_page_number`), a normal end. `url`
/// names the request in an HTTP error.
fn answer(body: &str, status: u16, url: &dyn Fn() -> String) -> Result<Option<Value>, AppError> {
    let doc = json::parse(body);
    let code = match &doc {
        Ok(v) if valid(v).is_none() => v.get("code").and_then(Value::as_str),
        _ => None,
    };
    if !(200..300).contains(&status) {
        return match code {
            Some("rest_post_invalid_page_number") => Ok(None),
            _ => Err(AppError::Http { status, url: url() }),
        };
    }
    if let Some(code) = code {
        return Err(AppError::InvalidFeed(code.to_string()));
    }
    doc.map(Some).map_err(|e| AppError::NotJson(e.to_string()))
}

/// The objects of a list answer; a lone object (as `/posts/<id>` answers)
/// is a list of one.
fn list(doc: &Value) -> Result<&[Value], AppError> {
    match doc {
        Value::Array(list) => Ok(list),
        Value::Object(_) => Ok(std::slice::from_ref(doc)),
        _ => Err(AppError::InvalidFeed("not a list".into())),
    }
}

/// Text of a rendered excerpt without its "read more" tail: a theme's
/// `more-link` / `read-more` link ("… Continue reading “Title”") or
/// WordPress's own "[…]", which a card must not show as if it were prose.
fn summary(html: &str) -> String {
    let mut html = html;
    for class in ["more-link", "read-more"] {
        if let Some(at) = find_ignore_ascii_case(html, class) {
            // The tag carrying the class starts at the last `<` before it.
            let tag = html.get(..at).and_then(|h| h.rfind('<')).unwrap_or(at);
            html = html.get(..tag).unwrap_or(html);
        }
    }
    let text = html_to_text(html);
    // `strip_suffix`, not `trim_end_matches("[…]")`: no substring searcher
    // in the wasm for it.
    let cut = text
        .strip_suffix("[…]")
        .or_else(|| text.strip_suffix("[...]"))
        .unwrap_or(&text)
        .trim_end_matches(['…', ' ']);
    if cut.len() < text.len() && !cut.is_empty() {
        format!("{cut}…")
    } else {
        text
    }
}

/// A WordPress date in epoch ms. `*_gmt` fields are UTC written without a
/// zone; `local` (the site's own clock, used only when the GMT one is
/// missing, as for some imported posts) is read as UTC too: off by the
/// site's offset, which is better than a post without a date in the list.
fn date(post: &Map, gmt: &str, local: &str) -> Option<i64> {
    let d = string(post, gmt).or_else(|| string(post, local))?;
    crate::format::parse_date(&d).or_else(|| crate::format::parse_date(&format!("{d}Z")))
}

/// `(width, height)` of an image object, both positive.
fn dims(o: &Map) -> Option<(u64, u64)> {
    let w = o.get("width")?.as_u64()?;
    let h = o.get("height")?.as_u64()?;
    (w > 0 && h > 0).then_some((w, h))
}

/// `(image, banner_image, image_srcset)` of a featured media object.
fn images(media: &Map) -> (Option<String>, Option<String>, Option<String>) {
    if media
        .get("media_type")
        .and_then(Value::as_str)
        .is_some_and(|t| t != "image")
    {
        return (None, None, None);
    }
    let full = string(media, "source_url").and_then(absolute);
    // Scaled copies by width, ascending, one per width.
    let mut scaled: Vec<(u64, String)> = Vec::new();
    let details = media.get("media_details").and_then(Value::as_object);
    // Without the original's size a crop cannot be told from a scaled copy.
    if let Some((fw, fh)) = details.and_then(dims) {
        let sizes = details
            .and_then(|d| d.get("sizes"))
            .and_then(Value::as_object);
        let copies = sizes
            .into_iter()
            .flat_map(|s| s.iter())
            .take(MAX_SIZES)
            .filter_map(|(_, v)| v.as_object())
            .filter_map(|s| Some((dims(s)?, string(s, "source_url").and_then(absolute)?)));
        for ((w, h), url) in copies.chain(full.clone().map(|u| ((fw, fh), u))) {
            // Same shape within 2 %: the square thumbnail and other crops
            // would show another picture at some widths.
            let (Some(a), Some(b)) = (w.checked_mul(fh), h.checked_mul(fw)) else {
                continue;
            };
            if a.abs_diff(b) > b / 50 {
                continue;
            }
            if let Err(at) = scaled.binary_search_by_key(&w, |(w, _)| *w) {
                scaled.insert(at, (w, url));
            }
        }
    }
    let srcset = (scaled.len() > 1).then(|| {
        let list: Vec<String> = scaled.iter().map(|(w, u)| format!("{u} {w}w")).collect();
        list.join(", ")
    });
    let widest = scaled.last().map(|(_, u)| u.clone());
    let image = scaled
        .iter()
        .find(|(w, _)| *w >= LIST_IMAGE_WIDTH)
        .map(|(_, u)| u.clone())
        .or_else(|| widest.clone())
        .or_else(|| full.clone());
    (image, full.or(widest), srcset)
}

/// Category names, then tag names, of the `wp:term` groups; other
/// taxonomies and WordPress's default `uncategorized` are left out.
fn terms(groups: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for taxonomy in ["category", "post_tag"] {
        let all = groups.iter().filter_map(Value::as_array).flatten();
        for term in all.filter_map(valid) {
            if out.len() == MAX_TAGS_PER_ITEM {
                return out;
            }
            let is = |key, value| term.get(key).and_then(Value::as_str) == Some(value);
            if !is("taxonomy", taxonomy) || is("slug", "uncategorized") {
                continue;
            }
            if let Some(name) = string(term, "name").map(|n| clean_line(&n)) {
                if !name.is_empty() && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// One post as an article, or `None` when it is not a post (no numeric id).
fn article(value: &Value) -> Option<Article> {
    let post = valid(value)?;
    let post_id = post.get("id")?.as_u64()?;
    let rendered = |key: &str| {
        post.get(key)
            .and_then(Value::as_object)
            .and_then(|o| string(o, "rendered"))
    };
    let embedded = post.get("_embedded").and_then(Value::as_object);
    let embeds = |key: &str| -> &[Value] {
        embedded
            .and_then(|e| e.get(key))
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    };
    let summary = rendered("excerpt")
        .map(|h| summary(&h))
        .filter(|s| !s.is_empty());
    let title = rendered("title")
        .map(|t| clean_line(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| summary.as_deref().map(|s| excerpt(s, 80)))
        .unwrap_or_default();
    let (image, banner_image, image_srcset) = embeds("wp:featuredmedia")
        .first()
        .and_then(valid)
        .map_or((None, None, None), images);
    let url = string(post, "link").and_then(absolute);
    Some(Article {
        // The slug makes the reader's address (`/bai/<slug>`) the site's own.
        id: string(post, "slug").unwrap_or_else(|| post_id.to_string()),
        title,
        summary,
        content: rendered("content").map_or(Content::None, Content::Html),
        image,
        banner_image,
        image_srcset,
        published: date(post, "date_gmt", "date"),
        modified: date(post, "modified_gmt", "modified"),
        authors: embeds("author")
            .iter()
            .filter_map(valid)
            .filter_map(|a| string(a, "name"))
            .map(|n| clean_line(&n))
            .filter(|n| !n.is_empty())
            .take(MAX_TAGS_PER_ITEM)
            .collect(),
        tags: terms(embeds("wp:term")),
        base_url: url.clone(),
        url,
        post_id: Some(post_id),
        comments_closed: post.get("comment_status").and_then(Value::as_str) == Some("closed"),
        language: None,
    })
}

/// One page of `api.posts(page, per_page)`: the answer's `body` and `status`,
/// and its `X-WP-TotalPages` header. Without a readable header a full page
/// is taken to have a next one (the next answers 400 at the end, an empty page).
pub fn parse_posts(
    body: &str,
    status: u16,
    total_pages: Option<&str>,
    api: &WpApi,
    page: u32,
    per_page: u32,
) -> Result<FeedPage, AppError> {
    let Some(doc) = answer(body, status, &|| api.posts(page, per_page))? else {
        return Ok(FeedPage::default());
    };
    let posts = list(&doc)?;
    let mut out = FeedPage::default();
    let mut ids: HashSet<String> = HashSet::default();
    for (i, value) in posts.iter().enumerate() {
        if out.items.len() == MAX_ITEMS_PER_PAGE {
            out.beyond_cap = posts.len() - i;
            break;
        }
        match article(value) {
            Some(a) if ids.insert(a.id.clone()) => out.items.push(a),
            _ => out.skipped += 1,
        }
    }
    if out.items.is_empty() && out.skipped > 0 {
        return Err(AppError::InvalidFeed("no usable post".into()));
    }
    let more = match total_pages.and_then(|t| t.trim().parse::<u32>().ok()) {
        Some(total) => page < total,
        None => per_page > 0 && posts.len() >= per_page as usize,
    };
    if more && !posts.is_empty() {
        out.next_url = page.checked_add(1).map(|next| api.posts(next, per_page));
    }
    Ok(out)
}

/// `url` (a list of posts this client built) asking for page `page`
/// instead: a next page keeps the filters of the first (a category).
pub fn with_page(url: &str, page: u32) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let params = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .map(str::to_string)
        .chain([format!("page={page}")])
        .collect::<Vec<_>>();
    format!("{path}?{}", params.join("&"))
}

/// A page of `api.search(query, page, per_page)`: as [`parse_posts`], with
/// the next page of the same search.
pub fn parse_search(
    body: &str,
    status: u16,
    total_pages: Option<&str>,
    api: &WpApi,
    query: &str,
    page: u32,
    per_page: u32,
) -> Result<FeedPage, AppError> {
    let mut out = parse_posts(body, status, total_pages, api, page, per_page)?;
    if out.next_url.is_some() {
        out.next_url = Some(api.search(query, page.saturating_add(1), per_page));
    }
    Ok(out)
}

/// The answer to `api.post_by_slug(…)`: a list of no post or one (a lone
/// post object is read too). An HTTP error names the API's root.
pub fn parse_single(body: &str, status: u16, api: &WpApi) -> Result<Option<Article>, AppError> {
    let Some(doc) = answer(body, status, &|| api.root.clone())? else {
        return Ok(None);
    };
    Ok(list(&doc)?.first().and_then(article))
}

/// Which of a site's categories the navigation shows: those with posts but
/// WordPress's default "Uncategorized" (a bucket, not a section), the
/// fullest first (in the order given between equals), at most `max`.
pub fn nav_categories(mut categories: Vec<Category>, max: usize) -> Vec<Category> {
    categories.retain(|c| c.count > 0 && c.slug != "uncategorized" && !c.slug.is_empty());
    categories.sort_by_key(|c| std::cmp::Reverse(c.count));
    categories.truncate(max);
    categories
}

/// The answer to `api.categories()`; entries without an id or name are
/// skipped. (The caller knows the URL an HTTP error is about.)
pub fn parse_categories(body: &str, status: u16) -> Result<Vec<Category>, AppError> {
    let Some(doc) = answer(body, status, &String::new)? else {
        return Ok(Vec::new());
    };
    let category = |value: &Value| {
        let o = valid(value)?;
        Some(Category {
            id: o.get("id")?.as_u64()?,
            name: string(o, "name")
                .map(|n| clean_line(&n))
                .filter(|n| !n.is_empty())?,
            slug: string(o, "slug").unwrap_or_default(),
            count: o.get("count").and_then(Value::as_u64).unwrap_or(0),
        })
    };
    let all = list(&doc)?.iter().take(MAX_ITEMS_PER_PAGE);
    Ok(all.filter_map(category).collect())
}
