//! `SendWrapper<T>`: lets a value that is not `Send` travel in types that must be,
//! as long as it is only used (and dropped) on the thread that made it. Leptos'
//! reactive graph and renderer wrap every DOM node, closure and local signal in it.
//!
//! This crate replaces crates.io's `send_wrapper` 0.6 (through `[patch.crates-io]`)
//! with the same API and the same checks, except where they cannot fail: a wasm
//! module built without the `atomics` feature runs on exactly one thread, so a
//! wrapper can never reach another one. There the check compiles to nothing, and
//! `std::thread::current()` (its `Thread` handle, name and drop), which the
//! original calls for every wrapper, leaves the first load (docs/size.md).
//! Everywhere else (native tests, threaded wasm) it keeps the original's thread
//! check and panics.
//!
//! Written here rather than forked: the crate is small, and the whole change is
//! the `ThreadTag` below.

#[cfg(feature = "futures")]
mod futures;

use std::fmt;
use std::mem::{self, ManuallyDrop};
use std::ops::{Deref, DerefMut};

pub use tag::ThreadTag;

/// Where the wrapped value was made: a thread id where there can be several
/// threads, nothing where there is one.
#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
mod tag {
    use std::thread::{self, ThreadId};

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ThreadTag(ThreadId);

    impl ThreadTag {
        pub fn current() -> Self {
            ThreadTag(thread::current().id())
        }
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod tag {
    /// Single-threaded wasm: every value is on the one thread there is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ThreadTag;

    impl ThreadTag {
        #[inline(always)]
        pub fn current() -> Self {
            ThreadTag
        }
    }
}

/// A value that may be moved between threads but only used on the one that made it.
pub struct SendWrapper<T> {
    data: ManuallyDrop<T>,
    made_on: ThreadTag,
}

impl<T> SendWrapper<T> {
    /// Wraps `data`, remembering the current thread.
    pub fn new(data: T) -> SendWrapper<T> {
        SendWrapper {
            data: ManuallyDrop::new(data),
            made_on: ThreadTag::current(),
        }
    }

    /// Whether the value may be used here: this is the thread that made it.
    #[inline]
    pub fn valid(&self) -> bool {
        self.made_on == ThreadTag::current()
    }

    /// The value back.
    ///
    /// # Panics
    /// On another thread than the one that made it.
    #[track_caller]
    pub fn take(self) -> T {
        self.assert_valid_for_deref();
        let mut this = ManuallyDrop::new(self);
        // Safety: `this` is never dropped, so `data` is taken exactly once.
        unsafe { ManuallyDrop::take(&mut this.data) }
    }

    #[track_caller]
    fn assert_valid_for_deref(&self) {
        if !self.valid() {
            invalid_deref()
        }
    }

    #[cfg(feature = "futures")]
    #[track_caller]
    fn assert_valid_for_poll(&self) {
        if !self.valid() {
            invalid_poll()
        }
    }
}

// Safety: the value is only reached (deref, take, poll, drop) after checking that
// this is the thread that made it; elsewhere those panic instead.
unsafe impl<T> Send for SendWrapper<T> {}
unsafe impl<T> Sync for SendWrapper<T> {}

impl<T> Deref for SendWrapper<T> {
    type Target = T;

    #[track_caller]
    fn deref(&self) -> &T {
        self.assert_valid_for_deref();
        &self.data
    }
}

impl<T> DerefMut for SendWrapper<T> {
    #[track_caller]
    fn deref_mut(&mut self) -> &mut T {
        self.assert_valid_for_deref();
        &mut self.data
    }
}

impl<T> Drop for SendWrapper<T> {
    #[track_caller]
    fn drop(&mut self) {
        if !mem::needs_drop::<T>() || self.valid() {
            // Safety: dropped once, here, on the thread that made it.
            unsafe { ManuallyDrop::drop(&mut self.data) }
        } else {
            invalid_drop()
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for SendWrapper<T> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendWrapper")
            .field("data", self.deref())
            .field("made_on", &self.made_on)
            .finish()
    }
}

impl<T: Clone> Clone for SendWrapper<T> {
    #[track_caller]
    fn clone(&self) -> Self {
        Self::new(self.deref().clone())
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn invalid_deref() -> ! {
    panic!("SendWrapper<T> used on another thread than the one that made it")
}

#[cfg(feature = "futures")]
#[cold]
#[inline(never)]
#[track_caller]
fn invalid_poll() -> ! {
    panic!("SendWrapper<T> polled on another thread than the one that made it")
}

#[cold]
#[inline(never)]
#[track_caller]
fn invalid_drop() {
    // A second panic while unwinding would abort: leak the value instead.
    if !std::thread::panicking() {
        panic!("SendWrapper<T> dropped on another thread than the one that made it")
    }
}
