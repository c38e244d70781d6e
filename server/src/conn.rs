//! Connections: the accept loop with caps on open connections (per client address and in total),
//! a header-read timeout and an idle timeout, and the counter of open things per client that the
//! event streams use too.
//!
//! `axum::serve` runs hyper without a timer, so a client that sends half its headers, or nothing,
//! keeps its connection (and a file descriptor) forever. Here every connection is served by
//! hyper-util's builder with a [`TokioTimer`] (header-read timeout) and watched for silence (no byte
//! read or written for the idle timeout: the connection is dropped, which also covers a client that
//! never sends a byte and one that stops reading).

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::Instant;
use tower::ServiceExt as _;

use crate::ratelimit::client_network;

/// Why an [`OpenCounter`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This client holds its maximum.
    PerClient,
    /// The server holds its maximum.
    Total,
}

#[derive(Debug, Default)]
struct Counts {
    total: u32,
    per_client: HashMap<u64, u32>,
}

/// Counts what is open (connections, event streams) per client and in total, with a cap on each.
/// Clients are keyed like the rate limiter: a keyed hash of the address (IPv6 by /64), in memory
/// only, and a client's entry goes away with its last open thing.
#[derive(Debug)]
pub struct OpenCounter {
    max_total: u32,
    max_per_client: u32,
    hasher: RandomState,
    counts: Mutex<Counts>,
}

/// One open thing; dropping it frees its place.
#[derive(Debug)]
pub struct OpenGuard {
    counter: Arc<OpenCounter>,
    key: u64,
}

impl OpenCounter {
    pub fn new(max_total: u32, max_per_client: u32) -> Arc<Self> {
        Arc::new(Self {
            max_total,
            max_per_client,
            hasher: RandomState::new(),
            counts: Mutex::new(Counts::default()),
        })
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a place for `ip`, or says which cap is reached.
    pub fn acquire(self: &Arc<Self>, ip: IpAddr) -> Result<OpenGuard, Refusal> {
        let key = self.hasher.hash_one(client_network(ip));
        let mut c = self.counts();
        if c.total >= self.max_total {
            return Err(Refusal::Total);
        }
        let mine = c.per_client.entry(key).or_insert(0);
        if *mine >= self.max_per_client {
            if *mine == 0 {
                c.per_client.remove(&key);
            }
            return Err(Refusal::PerClient);
        }
        *mine += 1;
        c.total += 1;
        Ok(OpenGuard {
            counter: self.clone(),
            key,
        })
    }

    /// Open things in total.
    pub fn total(&self) -> u32 {
        self.counts().total
    }

    /// Clients with something open.
    pub fn clients(&self) -> usize {
        self.counts().per_client.len()
    }
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        let mut c = self.counter.counts();
        c.total = c.total.saturating_sub(1);
        if let Some(n) = c.per_client.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                c.per_client.remove(&self.key);
            }
        }
    }
}

/// How connections are accepted and kept.
#[derive(Debug, Clone)]
pub struct ConnOptions {
    pub max_connections: u32,
    /// Per socket address; not applied when `per_client_by_socket` is false (behind a proxy every
    /// connection comes from the proxy).
    pub max_connections_per_client: u32,
    pub per_client_by_socket: bool,
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
}

impl Default for ConnOptions {
    fn default() -> Self {
        Self {
            max_connections: 10_000,
            max_connections_per_client: 256,
            per_client_by_socket: true,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
        }
    }
}

/// The last time bytes moved on a connection, in ms since the connection's start.
#[derive(Debug)]
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
    /// Whether any byte moved yet.
    touched: std::sync::atomic::AtomicBool,
}

impl Activity {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            touched: std::sync::atomic::AtomicBool::new(false),
        })
    }
    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
        self.touched.store(true, Ordering::Relaxed);
    }
    fn touched(&self) -> bool {
        self.touched.load(Ordering::Relaxed)
    }
    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }
}

/// A TCP stream that notes when bytes move.
struct WatchedIo {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for WatchedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl AsyncWrite for WatchedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Largest request head (request line and headers), in bytes.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// What a refused connection is told (best effort: written only if the socket takes it at once).
const BUSY: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: application/json\r\n\
Content-Length: 37\r\nConnection: close\r\n\r\n{\"error\":\"too many open connections\"}";

/// Serves `router` on `listener` until `shutdown` turns true; then stops accepting, lets open
/// connections finish their requests (graceful), and returns once all are closed (the caller bounds
/// how long it waits).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    opts: ConnOptions,
    mut shutdown: watch::Receiver<bool>,
) {
    let counter = OpenCounter::new(
        opts.max_connections,
        if opts.per_client_by_socket {
            opts.max_connections_per_client
        } else {
            u32::MAX
        },
    );
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(opts.header_read_timeout)
        // A request head over 64 KiB is refused (hyper's default buffer grows to ~400 KiB per
        // connection: 10,000 connections could hold 4 GB of headers).
        .max_buf_size(MAX_HEAD_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEAD_BYTES as u32);
    let builder = Arc::new(builder);
    // Every connection task holds a receiver; all dropped = all closed.
    let (closed_tx, closed_rx) = watch::channel(());

    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.wait_for(|&d| d) => break,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of descriptors (EMFILE) or a connection reset while queued: wait a little
                // instead of spinning.
                if !matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
                ) {
                    eprintln!("bantin-server: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let guard = match counter.acquire(peer.ip()) {
            Ok(g) => g,
            Err(_) => {
                let _ = stream.try_write(BUSY);
                continue; // dropped: closed
            }
        };
        let _ = stream.set_nodelay(true);
        let activity = Activity::new();
        let io = TokioIo::new(WatchedIo {
            inner: stream,
            activity: activity.clone(),
        });
        let service = router
            .clone()
            .map_request(move |req: hyper::Request<Incoming>| {
                let mut req = req.map(Body::new);
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                req
            });
        let service = TowerToHyperService::new(service);
        let builder = builder.clone();
        let idle = opts.idle_timeout;
        // Until its first byte a connection gets the header timeout: hyper's own timer starts
        // only once it knows the protocol, which it learns from the first bytes.
        let first_byte = opts.header_read_timeout.min(idle);
        let mut down = shutdown.clone();
        let closed_rx = closed_rx.clone();
        tokio::spawn(async move {
            let conn = builder.serve_connection_with_upgrades(io, service);
            tokio::pin!(conn);
            let mut draining = false;
            let allowed = || if activity.touched() { idle } else { first_byte };
            loop {
                let quiet_until = activity.last() + allowed();
                tokio::select! {
                    _ = conn.as_mut() => break,
                    _ = tokio::time::sleep_until(quiet_until) => {
                        if activity.last() + allowed() <= Instant::now() {
                            break; // silent too long: drop it
                        }
                    }
                    _ = down.wait_for(|&d| d), if !draining => {
                        draining = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(guard);
            drop(closed_rx);
        });
    }
    drop(listener);
    drop(closed_rx);
    closed_tx.closed().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_answer_is_well_formed() {
        let text = std::str::from_utf8(BUSY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let declared: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(declared, body.len());
        assert!(serde_json::from_str::<serde_json::Value>(body).is_ok());
    }

    #[test]
    fn counter_caps_per_client_and_in_total() {
        let c = OpenCounter::new(3, 2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let a1 = c.acquire(a).unwrap();
        let _a2 = c.acquire(a).unwrap();
        assert_eq!(c.acquire(a).unwrap_err(), Refusal::PerClient);
        let _b1 = c.acquire(b).unwrap();
        assert_eq!(c.acquire(b).unwrap_err(), Refusal::Total);
        drop(a1);
        assert_eq!(c.total(), 2);
        let _a3 = c.acquire(a).unwrap();
        // an IPv6 /64 is one client
        let c6 = OpenCounter::new(10, 1);
        let _x = c6.acquire("2001:db8::1".parse().unwrap()).unwrap();
        assert!(c6.acquire("2001:db8::2".parse().unwrap()).is_err());
    }

    #[test]
    fn clients_are_forgotten_with_their_last_place() {
        let c = OpenCounter::new(10, 10);
        let g = c.acquire("192.0.2.1".parse().unwrap()).unwrap();
        assert_eq!(c.clients(), 1);
        drop(g);
        assert_eq!((c.clients(), c.total()), (0, 0));
        let z = OpenCounter::new(10, 0);
        assert!(z.acquire("192.0.2.1".parse().unwrap()).is_err());
        assert_eq!(z.clients(), 0, "a refusal leaves no entry");
    }
}
