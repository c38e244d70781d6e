//! The real binary on a loopback socket: startup line, what each way of stopping keeps (SIGTERM:
//! every hit; kill -9: what was written, losing what came after the last write), restart keeps
//! totals.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data: &Path) -> Server {
    start_with(data, &[])
}

fn start_with(data: &Path, extra: &[&str]) -> Server {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin-server"))
        .args(["--addr", "127.0.0.1:0", "--rate-limit", "0"])
        .args(extra)
        .arg("--data")
        .arg(data)
        .arg("--dist")
        .arg(data.join("no-dist"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start bantin-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("bantin-server listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "slow start: {:?}",
        started.elapsed()
    );
    Server { child, addr }
}

fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: test\r\nUser-Agent: test-client\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let status = resp[9..12].parse().unwrap();
    let body = resp.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

/// The total as written in the database file (read beside the running server, as WAL allows).
fn written_total(data: &Path) -> i64 {
    let db = rusqlite::Connection::open_with_flags(
        data.join("bantin.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    db.query_row("SELECT n FROM counters WHERE key = 'total'", [], |r| {
        r.get(0)
    })
    .unwrap_or(0)
}

/// An interval no test outlives: the periodic write never runs after the first (empty) one.
const NEVER: &str = "3600000";

fn hit(addr: SocketAddr, visitor: &str) {
    let body = format!(r#"{{"visitor":"{visitor}","path":"/bai/1"}}"#);
    assert_eq!(request(addr, "POST", "/api/stats/hit", &body).0, 204);
}

fn total(addr: SocketAddr) -> u64 {
    let (status, body) = request(addr, "GET", "/api/stats", "");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["total"].as_u64().unwrap()
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig}");
}

#[test]
fn sigterm_flushes_and_restart_keeps_totals() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path());
    for v in ["visitor-a1", "visitor-b2", "visitor-c3"] {
        hit(s.addr, v);
    }
    assert_eq!(total(s.addr), 3);
    // at once (before any periodic flush is likely): only the shutdown flush can save these
    signal(&s.child, "-TERM");
    let status = s.child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");

    let s = start(data.path());
    assert_eq!(total(s.addr), 3);
    hit(s.addr, "visitor-d4");
    hit(s.addr, "visitor-a1"); // still the same visit as before the restart
    assert_eq!(total(s.addr), 4);
    let (_, views) = request(s.addr, "GET", "/api/stats/views?path=/bai/1", "");
    assert!(views.contains(r#""views":4"#), "{views}");
}

#[test]
fn sigterm_keeps_every_hit_even_without_a_periodic_write() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start_with(data.path(), &["--flush-ms", NEVER]);
    for n in 0..20 {
        hit(s.addr, &format!("visitor-{n:04}"));
    }
    assert_eq!(
        written_total(data.path()),
        0,
        "nothing written before the stop"
    );
    signal(&s.child, "-TERM");
    assert!(s.child.wait().unwrap().success());
    assert_eq!(written_total(data.path()), 20);
    let s = start(data.path());
    assert_eq!(total(s.addr), 20);
}

#[test]
fn kill_9_loses_exactly_what_came_after_the_last_write() {
    // With the periodic write held back, a kill -9 loses every hit since the start ...
    let data = tempfile::tempdir().unwrap();
    let mut s = start_with(data.path(), &["--flush-ms", NEVER]);
    for n in 0..20 {
        hit(s.addr, &format!("visitor-{n:04}"));
    }
    signal(&s.child, "-KILL");
    let _ = s.child.wait();
    let s = start(data.path());
    assert_eq!(
        total(s.addr),
        0,
        "unwritten hits survive only a graceful stop"
    );
    drop(s);

    // ... and with the default write (every second), it keeps everything written before it.
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path());
    hit(s.addr, "visitor-a1");
    hit(s.addr, "visitor-b2");
    let deadline = Instant::now() + Duration::from_secs(20);
    while written_total(data.path()) < 2 {
        assert!(Instant::now() < deadline, "not written within 20 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    signal(&s.child, "-KILL");
    let _ = s.child.wait();
    let s = start(data.path());
    assert_eq!(total(s.addr), 2);
}

#[test]
fn a_comment_survives_kill_9_at_once_and_the_flags_reach_the_server() {
    let data = tempfile::tempdir().unwrap();
    let token = "process-test-token-0123";
    // held by default; a 201 means it is on disk, even with the counts' writes held back
    let mut s = start_with(data.path(), &["--flush-ms", NEVER, "--admin-token", token]);
    let body = r#"{"post":"bai-1","author_name":"Lan","author_email":"lan@example.vn","content":"Giữ lại"}"#;
    let (status, answer) = request(s.addr, "POST", "/api/comments", body);
    assert_eq!(status, 201, "{answer}");
    assert!(answer.contains(r#""status":"hold""#), "{answer}");
    signal(&s.child, "-KILL");
    let _ = s.child.wait();

    // restarted with auto-approval and a comment limit of 1 per window
    let s = start_with(
        data.path(),
        &["--comments-auto-approve", "--comments-rate-limit", "1"],
    );
    let body = r#"{"post":"bai-1","author_name":"Minh","author_email":"minh@example.vn","content":"Ngay"}"#;
    let (status, answer) = request(s.addr, "POST", "/api/comments", body);
    assert_eq!(status, 201, "{answer}");
    assert!(answer.contains(r#""status":"approved""#), "{answer}");
    let (status, _) = request(
        s.addr,
        "POST",
        "/api/comments",
        body.replace("Ngay", "Lại").as_str(),
    );
    assert_eq!(status, 429);
    let (status, list) = request(s.addr, "GET", "/api/comments?post=bai-1", "");
    assert_eq!(status, 200);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "the held one is not listed"
    );
    // the held one is still there for the moderator (this start has no token: refused)
    let (status, _) = request(s.addr, "GET", "/api/comments/pending", "");
    assert_eq!(status, 401);
    let db = rusqlite::Connection::open_with_flags(
        data.path().join("bantin.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let held: i64 = db
        .query_row(
            "SELECT count(*) FROM comments WHERE status = 'hold' AND content = 'Giữ lại'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(held, 1);
}
