//! Time: an injectable clock and the site's time zone.
//!
//! Handlers never read the system time directly: they ask a [`TimeKeeper`] for a [`Moment`], which
//! carries the instant (ms since the Unix epoch) and the local day and week (Monday) it falls in.
//! Tests use a [`ManualClock`] to move time forward.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Datelike, Days, NaiveDate};
use chrono_tz::Tz;

/// A source of the current time in milliseconds since the Unix epoch.
pub trait Clock: Send + Sync + 'static {
    fn now_ms(&self) -> i64;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// A clock that only moves when told to (tests).
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(ms: i64) -> Self {
        Self(AtomicI64::new(ms))
    }
    pub fn set_ms(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
    pub fn advance_secs(&self, secs: i64) {
        self.advance_ms(secs * 1000);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// One instant, with the local day and the local week (its Monday) it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub ms: i64,
    pub day: NaiveDate,
    pub week: NaiveDate,
}

impl Moment {
    /// The instant `ms` in time zone `tz`.
    pub fn at(ms: i64, tz: Tz) -> Self {
        let local = DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .with_timezone(&tz);
        let day = local.date_naive();
        let week = day
            .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
            .unwrap_or(day);
        Self { ms, day, week }
    }

    /// The local day as a number (days since 0001-01-01), for compact storage.
    pub fn day_number(&self) -> i32 {
        self.day.num_days_from_ce()
    }
}

/// The clock plus the site's time zone.
#[derive(Clone)]
pub struct TimeKeeper {
    clock: Arc<dyn Clock>,
    tz: Tz,
}

impl TimeKeeper {
    pub fn new(clock: Arc<dyn Clock>, tz: Tz) -> Self {
        Self { clock, tz }
    }
    pub fn system(tz: Tz) -> Self {
        Self::new(Arc::new(SystemClock), tz)
    }
    pub fn tz(&self) -> Tz {
        self.tz
    }
    pub fn now(&self) -> Moment {
        Moment::at(self.clock.now_ms(), self.tz)
    }
}

impl std::fmt::Debug for TimeKeeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeKeeper").field("tz", &self.tz).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn local_day_rolls_at_local_midnight() {
        let tz: Tz = "Asia/Ho_Chi_Minh".parse().unwrap();
        // 2025-01-05 is a Sunday. 16:59:59 UTC = 23:59:59 local.
        let before = Moment::at(ms("2025-01-05T16:59:59Z"), tz);
        let after = Moment::at(ms("2025-01-05T17:00:00Z"), tz);
        assert_eq!(before.day, NaiveDate::from_ymd_opt(2025, 1, 5).unwrap());
        assert_eq!(before.week, NaiveDate::from_ymd_opt(2024, 12, 30).unwrap());
        assert_eq!(after.day, NaiveDate::from_ymd_opt(2025, 1, 6).unwrap());
        assert_eq!(after.week, NaiveDate::from_ymd_opt(2025, 1, 6).unwrap());
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new(1000);
        assert_eq!(c.now_ms(), 1000);
        c.advance_secs(2);
        assert_eq!(c.now_ms(), 3000);
        c.set_ms(5);
        assert_eq!(c.now_ms(), 5);
    }
}
