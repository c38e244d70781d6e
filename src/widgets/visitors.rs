//! The visitor box widget: "Thống kê truy cập" (online now, today, this
//! week, total), live from the counter service, and the portal's page it is
//! on counted as a page view.
//!
//! Drawn with web-sys, not Leptos, to stay small (docs/size.md). Its markup
//! is the portal's box (`components::visitor_box`), element for element and
//! class for class, so that style/visitor.css serves both: a wasm test
//! (tests/wasm_components.rs) renders both in every state and compares them.

use super::{dom, Options, Widget};
use crate::config::Config;
use crate::i18n::{Lang, Strings};
use crate::platform::time;
use crate::stats::client::{stats_base, Client, Figures, BOX_ID};
use crate::stats::{box_class, note_text, Visitors};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;

/// The visitor box alone (src/bin/widget_visitors.rs).
pub fn mount_visitors(options: Options) -> Widget {
    super::plain(options, draw)
}

fn draw(config: &Config, options: &Options) -> Option<Box<dyn Any>> {
    let lang = config.site.lang;
    let Some(base) = stats_base(config) else {
        super::unavailable(&options.mount, lang.strings().error_title);
        return None;
    };
    let view = VisitorBoxDom::new(lang.strings())?;
    options.mount.append_with_node_1(&view.root).ok()?;
    let figures = Rc::new(BoxFigures {
        state: RefCell::new(Visitors::default()),
        view,
        lang,
        offset: time::offset_minutes(&config.site.timezone, time::now_ms()),
    });
    let client = Client::start(base, figures);
    // The portal's page is the page view counted: its own path, as it is.
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    client.page_view(path, false);
    Some(Box::new(client))
}

/// The figures the client writes, drawn into the box as they change.
struct BoxFigures {
    state: RefCell<Visitors>,
    view: VisitorBoxDom,
    lang: Lang,
    offset: i32,
}

impl Figures for BoxFigures {
    fn update(&self, change: &mut dyn FnMut(&mut Visitors) -> bool) {
        let changed = change(&mut self.state.borrow_mut());
        if changed {
            self.view.show(&self.state.borrow(), self.lang, self.offset);
        }
    }
}

/// The visitor box's elements: built once, then its class and texts set for
/// each state.
pub struct VisitorBoxDom {
    pub root: Element,
    figures: Vec<Element>,
    note: Element,
}

impl VisitorBoxDom {
    /// The box as the skeleton shows it (loading, no figures).
    pub fn new(t: &'static Strings) -> Option<VisitorBoxDom> {
        let root = dom::element("div", "bt-visitors bt-visitors-loading")?;
        root.set_id(BOX_ID);
        let _ = root.set_attribute("role", "group");
        let _ = root.set_attribute("aria-labelledby", "bt-visitors-title");
        dom::child(&root, "h2", "bt-visitors-title", t.visitors_title)?.set_id("bt-visitors-title");
        let list = dom::child(&root, "dl", "bt-visitors-list", "")?;
        let mut figures = Vec::with_capacity(4);
        for label in [
            t.visitors_online,
            t.visitors_today,
            t.visitors_week,
            t.visitors_total,
        ] {
            let row = dom::child(&list, "div", "bt-visitors-row", "")?;
            dom::child(&row, "dt", "", label)?;
            figures.push(dom::child(&row, "dd", "", "")?);
        }
        let note = dom::child(&root, "p", "bt-visitors-note", "")?;
        Some(VisitorBoxDom {
            root,
            figures,
            note,
        })
    }

    /// Shows `state`: the box's class, the four figures and the note.
    pub fn show(&self, state: &Visitors, lang: Lang, offset: i32) {
        self.root
            .set_class_name(box_class(state.figures.as_ref(), state.tried));
        for (i, dd) in (0u32..).zip(&self.figures) {
            dd.set_text_content(Some(&state.figure_text(i, lang)));
        }
        let note = state.figures.and_then(|s| note_text(&s, lang, offset));
        self.note.set_text_content(note.as_deref());
    }
}
