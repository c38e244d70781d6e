//! Per-client rate limit: a token bucket per client, in memory only.
//!
//! A client is keyed by a keyed hash (SipHash with a random per-process key) of its IP address —
//! IPv6 addresses by their /64 network, which one subscriber usually owns — so no address is ever
//! stored, and the hash means nothing after a restart. Buckets that have refilled completely are
//! forgotten by [`RateLimiter::forget_idle`], which the app calls every minute.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What one client is keyed by: an IPv4 address, or an IPv6 address's /64 network (which one
/// subscriber usually owns); IPv4-mapped IPv6 addresses count as IPv4.
pub fn client_network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut seg = v6.segments();
                seg[4..].fill(0);
                IpAddr::V6(seg.into())
            }
        },
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Allows `burst` requests per `window` per client, in bursts of up to `burst` (the bucket refills
/// evenly over the window).
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_sec: f64,
    hasher: RandomState,
    buckets: Mutex<HashMap<u64, Bucket>>,
}

impl RateLimiter {
    /// `per_minute` requests a minute (at least 1).
    pub fn new(per_minute: u32) -> Self {
        Self::per_window(per_minute, Duration::from_secs(60))
    }

    /// `n` requests per `window` (at least 1 per at least a millisecond); e.g. 5 comments per 10
    /// minutes.
    pub fn per_window(n: u32, window: Duration) -> Self {
        let burst = f64::from(n.max(1));
        Self {
            burst,
            per_sec: burst / window.max(Duration::from_millis(1)).as_secs_f64(),
            hasher: RandomState::new(),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn key(&self, ip: IpAddr) -> u64 {
        self.hasher.hash_one(client_network(ip))
    }

    fn refill(&self, b: &mut Bucket, now: Instant) {
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_sec).min(self.burst);
        b.last = now;
    }

    /// Takes one token for `ip`; on refusal returns how long until the next token.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_at(ip, Instant::now())
    }

    fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = self.key(ip);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let b = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        self.refill(b, now);
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - b.tokens) / self.per_sec;
            Err(Duration::from_secs_f64(wait))
        }
    }

    /// Forgets clients whose bucket is full again (they have been quiet long enough).
    pub fn forget_idle(&self) {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets.retain(|_, b| {
            self.refill(b, now);
            b.tokens < self.burst
        });
    }

    /// How many clients are remembered right now.
    pub fn tracked(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refuses_then_refills() {
        let rl = RateLimiter::new(60); // one a second, bursts of 60
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..60 {
            assert!(rl.check_at(ip, t0).is_ok());
        }
        let wait = rl.check_at(ip, t0).unwrap_err();
        assert!(wait <= Duration::from_secs(1) && wait > Duration::ZERO);
        // another client is not affected
        assert!(rl.check_at("192.0.2.2".parse().unwrap(), t0).is_ok());
        // one second later one more token
        assert!(rl.check_at(ip, t0 + Duration::from_secs(1)).is_ok());
        assert!(rl.check_at(ip, t0 + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn a_window_longer_than_a_minute() {
        let rl = RateLimiter::per_window(5, Duration::from_secs(600)); // one per 2 minutes
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(rl.check_at(ip, t0).is_ok());
        }
        let wait = rl.check_at(ip, t0).unwrap_err();
        assert!(wait > Duration::from_secs(119) && wait < Duration::from_secs(121));
        assert!(rl.check_at(ip, t0 + Duration::from_secs(119)).is_err());
        assert!(rl.check_at(ip, t0 + Duration::from_secs(121)).is_ok());
        assert!(rl.check_at(ip, t0 + Duration::from_secs(121)).is_err());
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let rl = RateLimiter::new(1);
        assert!(rl.check("2001:db8::1".parse().unwrap()).is_ok());
        assert!(rl.check("2001:db8::2".parse().unwrap()).is_err());
        assert!(rl.check("2001:db8:0:1::1".parse().unwrap()).is_ok());
    }

    #[test]
    fn idle_clients_are_forgotten() {
        let rl = RateLimiter::new(600);
        rl.check("192.0.2.9".parse().unwrap()).unwrap();
        assert_eq!(rl.tracked(), 1);
        {
            let mut b = rl.buckets.lock().unwrap();
            for v in b.values_mut() {
                v.last = v
                    .last
                    .checked_sub(Duration::from_secs(60))
                    .unwrap_or(v.last);
            }
        }
        rl.forget_idle();
        assert_eq!(rl.tracked(), 0);
    }
}
