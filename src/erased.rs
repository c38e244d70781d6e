//! Type-erased reactive helpers: fewer generic instantiations in the wasm.
//!
//! Every closure is a type of its own, and Leptos builds its machinery for
//! each closure type it is given — a render effect with building, diffing
//! and mounting for a reactive view, an effect for an `Effect` — in the wasm
//! (each adds to the first download: docs/size.md). Boxed into one type,
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
