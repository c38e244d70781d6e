//! The real binary on a loopback socket: startup line, SIGTERM flushes, a crash loses ≤ 1 s,
//! restart keeps totals.

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
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin-server"))
        .args(["--addr", "127.0.0.1:0", "--rate-limit", "0", "--data"])
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
fn a_crash_loses_at_most_the_last_second() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path());
    hit(s.addr, "visitor-a1");
    hit(s.addr, "visitor-b2");
    std::thread::sleep(Duration::from_millis(1500));
    signal(&s.child, "-KILL");
    let _ = s.child.wait();
    let s = start(data.path());
    assert_eq!(total(s.addr), 2);
}
