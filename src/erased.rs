//! Type-erased reactive helpers, for the size budget (issue 3).
//!
//! Every closure is a type of its own, and Leptos builds its machinery for
//! each closure type it is given — a render effect with building, diffing
//! and mounting for a reactive view, an effect for an `Effect` — in the wasm
//! (about 0.5 KB brotli of the first download each). Boxed into one type,
//! all of the app's switching views share one copy, and so do its effects.

use leptos::prelude::*;

/// A part of a view that changes (`move || match … { … }`), handing back an
/// `AnyView` as every switching view of the app does.
pub type Dynamic = Box<dyn Fn() -> AnyView + Send>;

/// `f` as a [`Dynamic`] view.
pub fn dynamic(f: impl Fn() -> AnyView + Send + 'static) -> Dynamic {
    Box::new(f)
}

/// `Effect::new(move |_| f())`, through one instance of `Effect` for the app.
pub fn effect(f: impl FnMut() + 'static) {
    effect_boxed(Box::new(f));
}

fn effect_boxed(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_| f());
}

/// A view that is built, never diffed against an older copy of itself: when
/// a switching view ([`Dynamic`]) hands back the same kind of view again, the
/// old one is replaced whole (unmounted, the new one built in its place)
/// with the code it has anyway, instead of Leptos' diffing code for its type.
/// For views whose every rebuild is a fresh start, such as the skeletons.
///
/// Only for views with at least one DOM node (the new view goes in before
/// the old one's first node).
pub struct Fresh<V>(pub V);

/// [`Fresh`]'s view state: the inner view's.
pub struct FreshState<S>(S);

mod fresh {
    use super::{Fresh, FreshState};
    use leptos::attr::any_attribute::AnyAttribute;
    use leptos::attr::Attribute;
    use leptos::tachys::hydration::Cursor;
    use leptos::tachys::view::add_attr::AddAnyAttr;
    use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

    impl<S: Mountable> Mountable for FreshState<S> {
        fn unmount(&mut self) {
            self.0.unmount();
        }

        fn mount(&mut self, parent: &web_sys::Element, marker: Option<&web_sys::Node>) {
            self.0.mount(parent, marker);
        }

        fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
            self.0.insert_before_this(child)
        }

        fn elements(&self) -> Vec<web_sys::Element> {
            self.0.elements()
        }
    }

    impl<V: Render> Render for Fresh<V> {
        type State = FreshState<V::State>;

        fn build(self) -> Self::State {
            FreshState(self.0.build())
        }

        fn rebuild(self, state: &mut Self::State) {
            let mut new = self.0.build();
            // With no node of the old view to go before, the old one (of the
            // same kind) stays.
            if state.0.insert_before_this(&mut new) {
                state.0.unmount();
                state.0 = new;
            }
        }
    }

    impl<V: AddAnyAttr> AddAnyAttr for Fresh<V> {
        type Output<SomeNewAttr: Attribute> = Fresh<V::Output<SomeNewAttr>>;

        fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
        where
            Self::Output<NewAttr>: RenderHtml,
        {
            Fresh(self.0.add_any_attr(attr))
        }
    }

    // Server rendering and hydration, which a client-side app never does,
    // pass through to the inner view.
    impl<V: RenderHtml> RenderHtml for Fresh<V> {
        type AsyncOutput = Fresh<V::AsyncOutput>;
        type Owned = Fresh<V::Owned>;

        const MIN_LENGTH: usize = V::MIN_LENGTH;

        fn dry_resolve(&mut self) {
            self.0.dry_resolve();
        }

        async fn resolve(self) -> Self::AsyncOutput {
            Fresh(self.0.resolve().await)
        }

        fn to_html_with_buf(
            self,
            buf: &mut String,
            position: &mut Position,
            escape: bool,
            mark_branches: bool,
            extra_attrs: Vec<AnyAttribute>,
        ) {
            self.0
                .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
        }

        fn hydrate<const FROM_SERVER: bool>(
            self,
            cursor: &Cursor,
            position: &PositionState,
        ) -> Self::State {
            FreshState(self.0.hydrate::<FROM_SERVER>(cursor, position))
        }

        fn into_owned(self) -> Self::Owned {
            Fresh(self.0.into_owned())
        }
    }
}
