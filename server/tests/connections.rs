//! One client must not take the site down: the accept loop on a real loopback socket — caps on
//! open connections and event streams, the header-read and idle timeouts, and the answer to an
//! oversized body. Clients on other addresses are other clients: 127.0.0.0/8 is all loopback, so
//! a socket bound to 127.0.0.2 before connecting is a second client.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use bantin_server::app::{App, Options};
use bantin_server::conn::{self, ConnOptions};
use bantin_server::store::SqliteStore;
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// A bound for waits on conditions, never the thing measured.
const GUARD: Duration = Duration::from_secs(20);

struct Server {
    addr: SocketAddr,
    app: App<SqliteStore>,
    _data: tempfile::TempDir,
    _dist: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.app.begin_shutdown();
    }
}

async fn start(opts: Options) -> Server {
    start_with(opts, None).await
}

/// `recv_buffer`: the accepted sockets' receive buffer. Small, it keeps a large body from fitting
/// in flight on loopback, as it does not on a real network.
async fn start_with(opts: Options, recv_buffer: Option<u32>) -> Server {
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    let time = TestTime::at(local_ms(2025, 1, 8, 12, 0, 0));
    let store = SqliteStore::open(data.path()).unwrap();
    let opts = Options {
        dist: dist.path().to_path_buf(),
        rate_limit: 0,
        ..opts
    };
    let mut app = App::new(store, time.keeper.clone(), opts);
    app.start();
    let socket = TcpSocket::new_v4().unwrap();
    if let Some(size) = recv_buffer {
        socket.set_recv_buffer_size(size).unwrap();
    }
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener: TcpListener = socket.listen(128).unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(conn::serve(
        listener,
        app.router(),
        app.opts.conn.clone(),
        app.state.shutdown.clone(),
    ));
    Server {
        addr,
        app,
        _data: data,
        _dist: dist,
    }
}

/// A connection from the loopback address `from` (e.g. "127.0.0.2").
async fn connect_from(from: &str, to: SocketAddr) -> TcpStream {
    let s = TcpSocket::new_v4().unwrap();
    s.bind(format!("{from}:0").parse().unwrap()).unwrap();
    s.connect(to).await.unwrap()
}

/// Reads until `needle` arrives (true) or the peer closes (false).
async fn read_until(s: &mut TcpStream, needle: &str) -> (bool, String) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let found = tokio::time::timeout(GUARD, async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => {
                    got.extend_from_slice(&buf[..n]);
                    if String::from_utf8_lossy(&got).contains(needle) {
                        return true;
                    }
                }
            }
        }
    })
    .await
    .expect("no answer and no close within the guard");
    (found, String::from_utf8_lossy(&got).into_owned())
}

/// Waits until the server closes `s` (EOF or reset); what it sent before is returned.
async fn closed_by_server(s: &mut TcpStream) -> String {
    let (found, text) = read_until(s, "\u{0}never\u{0}").await;
    assert!(!found);
    text
}

async fn open_stream(from: &str, to: SocketAddr) -> (TcpStream, String) {
    let mut s = connect_from(from, to).await;
    s.write_all(
        b"GET /api/stats/stream HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n",
    )
    .await
    .unwrap();
    // Either the first event (accepted) or a whole refusal (its JSON body ends with `}`).
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(GUARD, async {
        loop {
            let n = s.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got);
            if text.contains("event: stats")
                || (text.starts_with("HTTP/1.1 4") && text.ends_with('}'))
                || (text.starts_with("HTTP/1.1 5") && text.ends_with('}'))
            {
                break;
            }
        }
    })
    .await
    .expect("stream answer within the guard");
    (s, String::from_utf8_lossy(&got).into_owned())
}

async fn get_status(from: &str, to: SocketAddr, path: &str) -> String {
    let mut s = connect_from(from, to).await;
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let text = closed_by_server(&mut s).await;
    text.lines().next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn streams_are_capped_per_client_and_others_still_answer() {
    let srv = start(Options {
        max_streams_per_client: 4,
        max_streams: 50,
        ..Options::default()
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..4 {
        let (s, head) = open_stream("127.0.0.2", srv.addr).await;
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        held.push(s);
    }
    let (_s, refused) = open_stream("127.0.0.2", srv.addr).await;
    assert!(refused.starts_with("HTTP/1.1 429"), "{refused}");
    assert!(
        refused.to_ascii_lowercase().contains("retry-after: 30"),
        "{refused}"
    );
    // Another client is served while the first holds its maximum.
    let (_other, head) = open_stream("127.0.0.3", srv.addr).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(
        get_status("127.0.0.3", srv.addr, "/api/stats").await,
        "HTTP/1.1 200 OK"
    );
    // A closed stream frees its place.
    drop(held.pop());
    let deadline = tokio::time::Instant::now() + GUARD;
    loop {
        let (s, head) = open_stream("127.0.0.2", srv.addr).await;
        if head.starts_with("HTTP/1.1 200") {
            held.push(s);
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "place not freed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(srv.app.state.streams.total(), 5);
}

#[tokio::test]
async fn streams_beyond_the_total_get_503() {
    let srv = start(Options {
        max_streams_per_client: 10,
        max_streams: 2,
        ..Options::default()
    })
    .await;
    let (_a, head) = open_stream("127.0.0.4", srv.addr).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let (_b, head) = open_stream("127.0.0.5", srv.addr).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let (_c, head) = open_stream("127.0.0.6", srv.addr).await;
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
}

#[tokio::test]
async fn connections_are_capped_per_client() {
    let srv = start(Options {
        conn: ConnOptions {
            max_connections_per_client: 3,
            ..ConnOptions::default()
        },
        ..Options::default()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(connect_from("127.0.0.7", srv.addr).await);
    }
    let mut fourth = connect_from("127.0.0.7", srv.addr).await;
    let told = closed_by_server(&mut fourth).await;
    assert!(told.starts_with("HTTP/1.1 503"), "{told:?}");
    // another client is served, and so is each held connection
    assert_eq!(
        get_status("127.0.0.8", srv.addr, "/api/stats").await,
        "HTTP/1.1 200 OK"
    );
    let mut first = idle.remove(0);
    first
        .write_all(b"GET /api/stats HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = closed_by_server(&mut first).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_half_sent_header_is_closed_after_the_header_timeout() {
    let srv = start(Options {
        conn: ConnOptions {
            header_read_timeout: Duration::from_millis(300),
            ..ConnOptions::default()
        },
        ..Options::default()
    })
    .await;
    let mut s = connect_from("127.0.0.9", srv.addr).await;
    s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: test\r\n")
        .await
        .unwrap();
    let told = closed_by_server(&mut s).await;
    assert!(!told.contains("200 OK"), "{told}");
    // So is one that never sends a byte (the idle timeout here is the default minute).
    let mut s = connect_from("127.0.0.9", srv.addr).await;
    assert_eq!(closed_by_server(&mut s).await, "");
    // A keep-alive connection waiting for its next request is closed the same way.
    let mut s = connect_from("127.0.0.9", srv.addr).await;
    s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: test\r\n\r\n")
        .await
        .unwrap();
    let (answered, _) = read_until(&mut s, "\"total\"").await;
    assert!(answered);
    closed_by_server(&mut s).await;
}

#[tokio::test]
async fn a_silent_connection_is_closed_after_the_idle_timeout() {
    let srv = start(Options {
        conn: ConnOptions {
            idle_timeout: Duration::from_millis(300),
            ..ConnOptions::default()
        },
        ..Options::default()
    })
    .await;
    let mut s = connect_from("127.0.0.10", srv.addr).await;
    assert_eq!(closed_by_server(&mut s).await, "");
    // A stream whose client stopped reading: once the socket buffers are full nothing moves.
    // (Here the stream has nothing to send after its first event: silent, so closed.)
    let (mut st, head) = open_stream("127.0.0.10", srv.addr).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    closed_by_server(&mut st).await;
}

async fn post_2mb(srv: &Server, chunked: bool) -> String {
    let body = vec![b'x'; 2 * 1024 * 1024];
    let sock = TcpSocket::new_v4().unwrap();
    sock.set_send_buffer_size(32 * 1024).unwrap();
    sock.bind("127.0.0.11:0".parse().unwrap()).unwrap();
    let mut s = sock.connect(srv.addr).await.unwrap();
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {}", body.len())
    };
    let head = format!(
        "POST /api/stats/hit HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\n{framing}\r\n\r\n"
    );
    // As curl or a browser does: the whole request first, then the answer. A server that
    // answers and closes before reading the body makes this write fail (broken pipe / reset).
    let write = async {
        s.write_all(head.as_bytes()).await?;
        if chunked {
            for piece in body.chunks(64 * 1024) {
                s.write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                    .await?;
                s.write_all(piece).await?;
                s.write_all(b"\r\n").await?;
            }
            s.write_all(b"0\r\n\r\n").await?;
        } else {
            s.write_all(&body).await?;
        }
        Ok::<_, std::io::Error>(())
    };
    if let Err(e) = tokio::time::timeout(GUARD, write)
        .await
        .expect("written within the guard")
    {
        return format!("write failed: {e}");
    }
    let (_, answer) = read_until(&mut s, "}").await;
    answer
}

#[tokio::test]
async fn an_oversized_body_gets_its_answer() {
    let srv = start_with(Options::default(), Some(32 * 1024)).await;
    for chunked in [false, true] {
        for _ in 0..3 {
            let answer = post_2mb(&srv, chunked).await;
            assert!(
                answer.starts_with("HTTP/1.1 400") && answer.contains("too large"),
                "chunked {chunked}: {answer:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_huge_request_head_is_refused() {
    let srv = start(Options::default()).await;
    let mut s = connect_from("127.0.0.12", srv.addr).await;
    let filler = "a".repeat(3000);
    let mut head = String::from("GET /api/stats HTTP/1.1\r\nHost: test\r\n");
    // 50 headers (hyper's count limit is 100) of 3 KB: 150 KB
    for n in 0..50 {
        head.push_str(&format!("X-Filler-{n}: {filler}\r\n"));
    }
    head.push_str("\r\n");
    // The server may close before it has read everything: a failed write is an answer too.
    let _ = s.write_all(head.as_bytes()).await;
    let told = closed_by_server(&mut s).await;
    assert!(!told.contains("200 OK"), "{told}");
    // the server still answers others
    assert_eq!(
        get_status("127.0.0.13", srv.addr, "/api/stats").await,
        "HTTP/1.1 200 OK"
    );
}
