//! A wrapped future or stream can be polled on the thread that made it.

use std::future::Future;
use std::ops::{Deref as _, DerefMut as _};
use std::pin::Pin;
use std::task;

use futures_core::Stream;

use crate::SendWrapper;

impl<F: Future> Future for SendWrapper<F> {
    type Output = F::Output;

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut task::Context<'_>) -> task::Poll<Self::Output> {
        self.assert_valid_for_poll();
        // Safety: the wrapper never moves its data out while pinned.
        unsafe { self.map_unchecked_mut(Self::deref_mut) }.poll(cx)
    }
}

impl<S: Stream> Stream for SendWrapper<S> {
    type Item = S::Item;

    #[track_caller]
    fn poll_next(self: Pin<&mut Self>, cx: &mut task::Context<'_>) -> task::Poll<Option<S::Item>> {
        self.assert_valid_for_poll();
        // Safety: as for `poll`.
        unsafe { self.map_unchecked_mut(Self::deref_mut) }.poll_next(cx)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.deref().size_hint()
    }
}
