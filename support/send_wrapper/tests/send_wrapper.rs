//! The checks that remain on native targets: a wrapper works on its own thread and
//! panics on another (as crates.io's send_wrapper does).

use std::rc::Rc;
use std::thread;

use send_wrapper::SendWrapper;

#[test]
fn on_its_own_thread_the_value_is_reachable_and_taken_back() {
    let wrapped = SendWrapper::new(Rc::new(42));
    assert!(wrapped.valid());
    assert_eq!(**wrapped, 42);
    let copy = wrapped.clone();
    assert_eq!(*copy.take(), 42);
    assert_eq!(*wrapped.take(), 42);
}

#[test]
fn on_another_thread_it_is_not_valid_and_use_panics() {
    let wrapped = SendWrapper::new(Rc::new(7));
    let outcome = thread::spawn(move || {
        assert!(!wrapped.valid());
        let _value: i32 = **wrapped;
    })
    .join();
    assert!(outcome.is_err(), "using the value on another thread panics");
}

#[test]
fn dropping_on_another_thread_panics_when_the_value_needs_a_drop() {
    let wrapped = SendWrapper::new(Rc::new(7));
    assert!(thread::spawn(move || drop(wrapped)).join().is_err());
    // A value without drop glue may go anywhere.
    let plain = SendWrapper::new(7_u32);
    assert!(thread::spawn(move || drop(plain)).join().is_ok());
}

#[cfg(feature = "futures")]
#[test]
fn a_wrapped_future_is_polled_on_its_thread() {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};
    let mut fut = pin!(SendWrapper::new(std::future::ready(5)));
    let mut cx = Context::from_waker(Waker::noop());
    assert_eq!(fut.as_mut().poll(&mut cx), Poll::Ready(5));
}
