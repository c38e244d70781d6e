//! Dates and numbers for the reader.
//!
//! Written by hand on purpose: chrono's parsing and formatting cost far more
//! wasm (docs/size.md), while all we need is RFC 3339 / RFC 2822 parsing into epoch
//! milliseconds and one fixed output pattern. The time-zone *offset* of the
//! site's zone comes from the browser's `Intl` (see `platform::time`), so no
//! tz database ships in the wasm either. Everything here is pure and natively tested.

use crate::i18n::Lang;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The largest distance from the epoch a JavaScript `Date` can hold
/// (ECMA-262 §21.4.1.1: ±100,000,000 days). Beyond it `Date` is invalid and
/// `Intl.DateTimeFormat` throws, so the parsers give no date at all instead.
pub const JS_DATE_LIMIT_MS: i64 = 8_640_000_000_000_000;

/// The latest year a feed date may carry. RFC 3339 years have four digits;
/// RFC 2822 allows more, but no news item is dated past 9999, and four digits
/// keep every date far inside JavaScript's range.
const MAX_YEAR: i64 = 9999;

/// Epoch milliseconds of a wall-clock time at a UTC offset, if the fields are
/// valid and the instant is one JavaScript can represent. Checked arithmetic:
/// no field, however absurd, can overflow.
fn epoch_ms(
    (year, month, day): (i64, u32, u32),
    (hour, minute, second): (u32, u32, u32),
    millis: u32,
    offset_minutes: i64,
) -> Option<i64> {
    if !(0..=MAX_YEAR).contains(&year) {
        return None;
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 || millis > 999 {
        return None;
    }
    // Offsets beyond a day are not offsets (RFC 3339: hours 00–23).
    if offset_minutes.abs() >= 24 * 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days
        .checked_mul(86_400)?
        .checked_add(i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second))?
        .checked_sub(offset_minutes.checked_mul(60)?)?;
    let ms = secs.checked_mul(1000)?.checked_add(i64::from(millis))?;
    (ms.abs() <= JS_DATE_LIMIT_MS).then_some(ms)
}

/// ASCII digits only, exactly `len` of them (RFC 3339's fixed-width fields).
fn digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len).then(|| number(s)).flatten()
}

/// A clock field: one or two digits (`8:30` is common enough in real feeds).
fn clock<T: std::str::FromStr>(s: &str) -> Option<T> {
    (s.len() <= 2).then(|| number(s)).flatten()
}

fn number<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `+hh:mm`, `-hh:mm` or (leniently) `+hhmm` as minutes east of UTC; hours
/// 00–23, minutes 00–59.
fn numeric_offset(offset: &str) -> Option<i64> {
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hm = offset.get(1..)?;
    let (h, m) = match hm.split_once(':') {
        Some(parts) => parts,
        None => (hm.get(..2)?, hm.get(2..)?),
    };
    let hours: i64 = digits(h, 2)?;
    let minutes: i64 = digits(m, 2)?;
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 60 + minutes))
}

/// Parses an RFC 3339 timestamp (`2026-11-27T08:30:00+07:00`, `…Z`, fractional
/// seconds, a space instead of `T`) into epoch milliseconds. Field widths are
/// RFC 3339's (a four-digit year, two-digit fields); the seconds may be left out.
pub fn parse_rfc3339(input: &str) -> Option<i64> {
    let s = input.trim();
    let (date, rest) = s.split_at_checked(10)?;
    let mut parts = date.split('-');
    let year: i64 = digits(parts.next()?, 4)?;
    let month: u32 = digits(parts.next()?, 2)?;
    let day: u32 = digits(parts.next()?, 2)?;
    if parts.next().is_some() {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // Split the time from its offset: `Z`, `+hh:mm` or `-hh:mm`.
    let (time, offset) = rest.split_at_checked(rest.find(['Z', 'z', '+', '-'])?)?;
    let offset_minutes = if offset.eq_ignore_ascii_case("z") {
        0
    } else {
        numeric_offset(offset)?
    };
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.split(':');
    let hour: u32 = clock(t.next()?)?;
    let minute: u32 = clock(t.next()?)?;
    let second: u32 = clock(t.next().unwrap_or("0"))?;
    if t.next().is_some() {
        return None;
    }
    let millis = if time.contains('.') {
        // Any number of digits; milliseconds are the first three.
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let first = fraction.get(..fraction.len().min(3))?;
        let padded = format!("{first:0<3}");
        number::<u32>(&padded)?
    } else {
        0
    };
    epoch_ms(
        (year, month, day),
        (hour, minute, second),
        millis,
        offset_minutes,
    )
}

const MONTHS_EN: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses an RFC 2822 date (`Fri, 31 May 2019 12:17:58 -0700`), which real
/// feeds use even where JSON Feed asks for RFC 3339. Two-digit years are
/// read as 20xx; years past 9999 and zones beyond ±23:59 are not dates.
pub fn parse_rfc2822(input: &str) -> Option<i64> {
    let s = input.trim();
    // The weekday is optional and carries no information.
    let s = match s.split_once(',') {
        Some((_, rest)) => rest.trim(),
        None => s,
    };
    let mut f = s.split_whitespace();
    let day_field = f.next()?;
    let day: u32 = clock(day_field)?;
    let month_name = f.next()?.to_ascii_lowercase();
    let month = MONTHS_EN
        .iter()
        .position(|m| month_name.starts_with(m))
        .map(|i| i as u32 + 1)?;
    let year_field = f.next()?;
    let year: i64 = (year_field.len() <= 4)
        .then(|| number(year_field))
        .flatten()?;
    let year = if year < 100 { year + 2000 } else { year };
    let mut t = f.next()?.split(':');
    let hour: u32 = clock(t.next()?)?;
    let minute: u32 = clock(t.next()?)?;
    let second: u32 = clock(t.next().unwrap_or("0"))?;
    if t.next().is_some() {
        return None;
    }
    let zone = f.next().unwrap_or("+0000");
    let offset_minutes = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        "EST" => -300,
        "EDT" => -240,
        "CST" => -360,
        "CDT" => -300,
        "MST" => -420,
        "MDT" => -360,
        "PST" => -480,
        "PDT" => -420,
        // `+hhmm` (RFC 2822 §3.3), or `+hh:mm` as some feeds write it.
        z => numeric_offset(z)?,
    };
    epoch_ms(
        (year, month, day),
        (hour, minute, second),
        0,
        offset_minutes,
    )
}

/// Any date a feed may carry: RFC 3339 first, then RFC 2822.
pub fn parse_date(input: &str) -> Option<i64> {
    parse_rfc3339(input).or_else(|| parse_rfc2822(input))
}

/// Wall-clock fields of an instant at a UTC offset.
pub struct WallClock {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// Zones whose offset has not changed since an instant (epoch ms), from the
/// tz database: the usual site's dates without `Intl`, whose first
/// `DateTimeFormat` with a time zone loads the browser's zone data, about
/// 15 ms of main thread on a desktop and 60–110 ms on Lighthouse's phone, in
/// the task that draws the first list (docs/perf.md, session 12). Earlier
/// instants and other zones ask `Intl` (`platform::time::offset_minutes`);
/// a browser test checks this table against it.
const FIXED_ZONES: &[(&str, i64, i32)] = &[
    // +07 since 1975-06-13 00:00 +08 (1975-06-12T16:00Z).
    ("Asia/Ho_Chi_Minh", 171_820_800_000, 7 * 60),
    ("Asia/Saigon", 171_820_800_000, 7 * 60),
    ("UTC", i64::MIN, 0),
    ("Etc/UTC", i64::MIN, 0),
];

/// Minutes east of UTC in `zone` at `epoch_ms`, when [`FIXED_ZONES`] knows.
pub fn fixed_offset(zone: &str, epoch_ms: i64) -> Option<i32> {
    FIXED_ZONES
        .iter()
        .find(|(z, since, _)| *z == zone && epoch_ms >= *since)
        .map(|&(_, _, offset)| offset)
}

pub fn wall_clock(epoch_ms: i64, offset_minutes: i32) -> WallClock {
    let local_secs = epoch_ms.div_euclid(1000) + i64::from(offset_minutes) * 60;
    let days = local_secs.div_euclid(86_400);
    let secs_of_day = local_secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    WallClock {
        year,
        month,
        day,
        hour: (secs_of_day / 3600) as u32,
        minute: (secs_of_day % 3600 / 60) as u32,
    }
}

/// "27/11/2026 08:30" in Vietnamese, "27 Nov 2026, 08:30" in English.
pub fn format_datetime(epoch_ms: i64, offset_minutes: i32, lang: Lang) -> String {
    let w = wall_clock(epoch_ms, offset_minutes);
    match lang {
        Lang::Vi => format!(
            "{:02}/{:02}/{} {:02}:{:02}",
            w.day, w.month, w.year, w.hour, w.minute
        ),
        Lang::En => {
            let month = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ]
            .get((w.month as usize).saturating_sub(1))
            .copied()
            .unwrap_or("");
            format!(
                "{} {month} {}, {:02}:{:02}",
                w.day, w.year, w.hour, w.minute
            )
        }
    }
}

/// "27/11/2026" in Vietnamese, "27 Nov 2026" in English.
pub fn format_date(epoch_ms: i64, offset_minutes: i32, lang: Lang) -> String {
    let full = format_datetime(epoch_ms, offset_minutes, lang);
    match lang {
        Lang::Vi => full.split(' ').next().unwrap_or("").to_string(),
        Lang::En => full.split(',').next().unwrap_or("").to_string(),
    }
}

/// The ISO form for `<time datetime>`: machine-readable, in UTC.
pub fn iso_utc(epoch_ms: i64) -> String {
    let w = wall_clock(epoch_ms, 0);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}Z",
        w.year, w.month, w.day, w.hour, w.minute
    )
}

/// "1.234.567" in Vietnamese, "1,234,567" in English.
pub fn format_number(n: u64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
