//! The feed's state as a pure transition function: [`FeedState::next`] takes
//! an [`Event`] (the reader asked, a page came in, the reader left) and
//! hands back the [`Effect`]s to carry out (fetch a page, abort a request).
//! The Leptos side (`state::FeedStore`) only feeds events in and renders the
//! state; every decision is here, with native tests (tests/state.rs).
//!
//! Pages are appended as the reader asks for more ("Xem thêm"), so going back
//! from an article finds the list exactly as long as it was. An article deep
//! link pages through the feed (a few pages at most) looking for its item.

use crate::error::AppError;
use crate::model::{Article, FeedPage};
use std::hash::BuildHasherDefault;

/// How far an article deep link may page through the feed looking for its item.
pub const MAX_PAGES_FOR_DEEP_LINK: usize = 5;

/// Items shown at first and added by each "Xem thêm". A feed page may hold
/// thousands of items; rendering them all at once costs seconds on a cheap
/// phone, so the list reveals what is loaded in steps before fetching more.
pub const LIST_STEP: usize = 20;

/// Names one request, so that an answer the state no longer waits for (the
/// list was reloaded meanwhile, the reader left) is told apart and dropped.
pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadState {
    Idle,
    Loading,
    Done,
    Failed(AppError),
}

/// Why a next page is fetched: it decides what its answer does, and which
/// page's going away makes it unneeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// "Xem thêm": show the list up to `reveal_to` items once it is in.
    Reader { reveal_to: usize },
    /// An article deep link looking for its item.
    Seek,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Load (or reload) the first page: at start, "Thử lại", the network back.
    LoadFirst,
    /// The network came back: a search that failed may try again, and the
    /// list is reloaded.
    Online,
    /// "Xem thêm" under the list.
    ShowMore,
    /// "Thử lại" after a failed next page.
    RetryMore,
    /// An article page is open for this id: find it, paging if need be.
    Seek(String),
    /// The article page for this id went away.
    LeftArticle(String),
    /// The list ("Tin mới") went away.
    LeftList,
    /// The answer to a request.
    Answered {
        request: RequestId,
        page: Result<FeedPage, AppError>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Fetch and parse the page at `url`; answer with [`Event::Answered`].
    Fetch { request: RequestId, url: String },
    /// Nobody needs this request any more: cancel it.
    Abort(RequestId),
}

/// The loaded ids in feed order: an id's place in the set is its article's
/// in the list. indexmap with FxHash, as Leptos' keyed lists use, so its
/// code is mostly shared with theirs (the size budget); ids come from the
/// site's own feed, not an adversary.
type Ids = indexmap::IndexSet<String, BuildHasherDefault<rustc_hash::FxHasher>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedState {
    first_url: String,
    articles: Vec<Article>,
    /// Each id of `articles`, at the same place: linear de-duplication and look-up.
    index: Ids,
    next_url: Option<String>,
    first: LoadState,
    more: LoadState,
    /// The request for the first page in flight.
    first_request: Option<RequestId>,
    /// The request for a next page in flight, and why.
    more_request: Option<(RequestId, Want)>,
    /// Why the latest next page was asked for (what "Thử lại" asks again).
    more_want: Want,
    skipped: usize,
    pages: usize,
    visible: usize,
    settled: bool,
    /// The article a deep link is looking for.
    sought: Option<String>,
    last_request: RequestId,
}

impl FeedState {
    /// Nothing loaded yet; the first page is at `first_url`.
    pub fn new(first_url: impl Into<String>) -> FeedState {
        FeedState {
            first_url: first_url.into(),
            articles: Vec::new(),
            index: Ids::default(),
            next_url: None,
            first: LoadState::Idle,
            more: LoadState::Idle,
            first_request: None,
            more_request: None,
            more_want: Want::Seek,
            skipped: 0,
            pages: 0,
            visible: LIST_STEP,
            settled: false,
            sought: None,
            last_request: 0,
        }
    }

    /// Every article loaded, in feed order, each id once.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The articles the list shows.
    pub fn shown(&self) -> &[Article] {
        self.articles
            .get(..self.visible.min(self.articles.len()))
            .unwrap_or_default()
    }

    pub fn find(&self, id: &str) -> Option<&Article> {
        self.index
            .get_index_of(id)
            .and_then(|i| self.articles.get(i))
    }

    pub fn next_url(&self) -> Option<&str> {
        self.next_url.as_deref()
    }

    /// The first page's state.
    pub fn first(&self) -> &LoadState {
        &self.first
    }

    /// The latest next page's state.
    pub fn more(&self) -> &LoadState {
        &self.more
    }

    /// Broken items dropped so far.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Pages loaded so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// How many of the loaded articles the list shows.
    pub fn visible(&self) -> usize {
        self.visible
    }

    /// The first page has been answered (loaded or failed) at least once:
    /// what must not compete with the first list starts then.
    pub fn settled(&self) -> bool {
        self.settled
    }

    /// The requests in flight (first page, next page).
    pub fn in_flight(&self) -> (Option<RequestId>, Option<(RequestId, Want)>) {
        (self.first_request, self.more_request)
    }

    /// Whether "Xem thêm" has anything to show: loaded but hidden items, or a next page.
    pub fn has_more(&self) -> bool {
        self.visible < self.articles.len() || self.next_url.is_some()
    }

    /// The state after `event`, and what to do for it.
    pub fn next(&mut self, event: Event) -> Vec<Effect> {
        let mut effects = Vec::new();
        match event {
            Event::LoadFirst => self.load_first(&mut effects),
            Event::Online => {
                if matches!(self.more, LoadState::Failed(_)) {
                    self.more = LoadState::Idle;
                }
                self.load_first(&mut effects);
            }
            Event::ShowMore => self.show_more(&mut effects),
            Event::RetryMore => {
                // The same page, asked for the same reason.
                self.fetch_more(self.more_want, &mut effects);
            }
            Event::Seek(id) => {
                self.sought = Some(id);
                self.seek_further(&mut effects);
            }
            Event::LeftArticle(id) => {
                if self.sought.as_ref() == Some(&id) {
                    self.sought = None;
                    self.drop_more(Want::Seek, &mut effects);
                }
            }
            Event::LeftList => self.drop_more(Want::Reader { reveal_to: 0 }, &mut effects),
            Event::Answered { request, page } => self.answered(request, page, &mut effects),
        }
        effects
    }

    fn new_request(&mut self) -> RequestId {
        self.last_request = self.last_request.wrapping_add(1);
        self.last_request
    }

    fn load_first(&mut self, effects: &mut Vec<Effect>) {
        if self.first_request.is_some() {
            return;
        }
        // A next page of the list about to be replaced belongs to the old one.
        if let Some((request, _)) = self.more_request.take() {
            effects.push(Effect::Abort(request));
            self.more = LoadState::Idle;
        }
        let request = self.new_request();
        self.first_request = Some(request);
        self.first = LoadState::Loading;
        effects.push(Effect::Fetch {
            request,
            url: self.first_url.clone(),
        });
    }

    /// "Xem thêm": reveal the next step of loaded items, fetching the next
    /// page only when what is loaded has run out.
    fn show_more(&mut self, effects: &mut Vec<Effect>) {
        let loaded = self.articles.len();
        let reveal_to = self.visible.saturating_add(LIST_STEP);
        if let Some((_, want)) = &mut self.more_request {
            // A deep link's page on its way is the reader's now; the
            // reader's own, already asked for, is not asked twice.
            if *want == Want::Seek {
                *want = Want::Reader { reveal_to };
                self.more_want = *want;
                self.visible = reveal_to.min(loaded).max(self.visible);
            }
            return;
        }
        if reveal_to <= loaded || self.next_url.is_none() {
            self.visible = reveal_to.min(loaded.max(self.visible));
        } else {
            // What is loaded shows at once; the rest when the page is in.
            self.visible = loaded.max(self.visible);
            self.fetch_more(Want::Reader { reveal_to }, effects);
        }
    }

    fn fetch_more(&mut self, want: Want, effects: &mut Vec<Effect>) {
        let Some(url) = self.next_url.clone() else {
            return;
        };
        if self.more_request.is_some() || self.first_request.is_some() {
            return;
        }
        let request = self.new_request();
        self.more_request = Some((request, want));
        self.more_want = want;
        self.more = LoadState::Loading;
        effects.push(Effect::Fetch { request, url });
    }

    /// Cancels the next page in flight if it was asked for as `kind` (a
    /// reader's or a deep link's).
    fn drop_more(&mut self, kind: Want, effects: &mut Vec<Effect>) {
        let same = |w: &Want| std::mem::discriminant(w) == std::mem::discriminant(&kind);
        if let Some((request, want)) = self.more_request {
            if same(&want) {
                self.more_request = None;
                self.more = LoadState::Idle;
                effects.push(Effect::Abort(request));
            }
        }
    }

    /// A deep link whose item is not in what is loaded asks for the next
    /// page, up to [`MAX_PAGES_FOR_DEEP_LINK`]; a failed page ends the
    /// search (until "Thử lại").
    fn seek_further(&mut self, effects: &mut Vec<Effect>) {
        let Some(id) = &self.sought else {
            return;
        };
        if !self.index.contains(id.as_str())
            && self.first == LoadState::Done
            && !matches!(self.more, LoadState::Failed(_))
            && self.pages < MAX_PAGES_FOR_DEEP_LINK
        {
            self.fetch_more(Want::Seek, effects);
        }
    }

    fn answered(
        &mut self,
        request: RequestId,
        page: Result<FeedPage, AppError>,
        effects: &mut Vec<Effect>,
    ) {
        if self.first_request == Some(request) {
            self.first_request = None;
            self.settled = true;
            match page {
                Ok(page) => {
                    self.articles.clear();
                    self.index.clear();
                    self.skipped = 0;
                    self.pages = 0;
                    self.visible = LIST_STEP;
                    self.append(page);
                    self.first = LoadState::Done;
                    self.seek_further(effects);
                }
                Err(error) => self.first = LoadState::Failed(error),
            }
        } else if let Some((_, want)) = self.more_request.filter(|(r, _)| *r == request) {
            self.more_request = None;
            match page {
                Ok(page) => {
                    self.append(page);
                    self.more = LoadState::Done;
                    if let Want::Reader { reveal_to } = want {
                        self.visible = self.visible.max(reveal_to);
                    }
                    self.seek_further(effects);
                }
                Err(error) => self.more = LoadState::Failed(error),
            }
        }
        // Else an answer nobody waits for any more: dropped.
    }

    /// Adds a page's items, each id once (linear: a hash look-up per item).
    fn append(&mut self, page: FeedPage) {
        self.articles.reserve(page.items.len());
        for item in page.items {
            if !self.index.contains(item.id.as_str()) {
                self.index.insert(item.id.clone());
                self.articles.push(item);
            }
        }
        self.skipped = self.skipped.saturating_add(page.skipped);
        self.next_url = page.next_url;
        self.pages = self.pages.saturating_add(1);
    }
}
