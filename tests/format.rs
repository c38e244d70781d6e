//! Dates (dd/mm/yyyy HH:mm in the site's zone) and numbers (1.234.567).

use bantin::format::*;
use bantin::i18n::Lang;

const HCM: i32 = 7 * 60;

#[test]
fn rfc3339_variants() {
    let t = 1_795_743_000_000; // 2026-11-27T01:30:00Z
    assert_eq!(parse_rfc3339("2026-11-27T08:30:00+07:00"), Some(t));
    assert_eq!(parse_rfc3339("2026-11-27T01:30:00Z"), Some(t));
    assert_eq!(parse_rfc3339("2026-11-27 01:30:00z"), Some(t));
    assert_eq!(parse_rfc3339("2026-11-27T01:30:00.250Z"), Some(t + 250));
    assert_eq!(parse_rfc3339("2026-11-26T20:30:00-05:00"), Some(t));
    assert_eq!(parse_rfc3339("2026-11-27T08:30:00+0700"), Some(t));
    assert_eq!(
        parse_rfc3339("2024-02-29T00:00:00Z"),
        Some(1_709_164_800_000)
    );
}

#[test]
fn rfc3339_rejects_garbage_without_panicking() {
    for bad in [
        "",
        "2026",
        "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "2026-11-27T25:00:00Z",
        "2026-11-27",
        "hôm nay",
        "2026-11-27T08:30:00",
        "ngày 27/11/2026",
        "2026-1１-27T08:30:00Z",
        "2026-11-27T08:30:00+",
    ] {
        assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
    }
}

#[test]
fn rfc2822_dates_from_real_feeds() {
    assert_eq!(
        parse_rfc2822("Fri, 31 May 2019 12:17:58 -0700"),
        Some(1_559_330_278_000)
    );
    assert_eq!(
        parse_rfc2822("31 May 2019 19:17:58 GMT"),
        Some(1_559_330_278_000)
    );
    assert_eq!(
        parse_date("Fri, 31 May 2019 12:17:58 -0700"),
        Some(1_559_330_278_000)
    );
    assert_eq!(parse_rfc2822("Fri, 31 Foo 2019 12:17:58 -0700"), None);
}

#[test]
fn vietnamese_datetime_is_dd_mm_yyyy_in_site_zone() {
    // 2026-11-27T17:30Z is already the 28th in Hồ Chí Minh city.
    let t = parse_rfc3339("2026-11-27T17:30:00Z").unwrap();
    assert_eq!(format_datetime(t, HCM, Lang::Vi), "28/11/2026 00:30");
    assert_eq!(format_datetime(t, 0, Lang::Vi), "27/11/2026 17:30");
    assert_eq!(format_date(t, HCM, Lang::Vi), "28/11/2026");
    assert_eq!(format_datetime(t, HCM, Lang::En), "28 Nov 2026, 00:30");
    assert_eq!(format_date(t, HCM, Lang::En), "28 Nov 2026");
    assert_eq!(iso_utc(t), "2026-11-27T17:30Z");
}

#[test]
fn dates_before_1970_and_leap_days() {
    let t = parse_rfc3339("1969-12-31T23:59:00Z").unwrap();
    assert_eq!(format_datetime(t, 0, Lang::Vi), "31/12/1969 23:59");
    let leap = parse_rfc3339("2028-02-29T12:00:00+07:00").unwrap();
    assert_eq!(format_datetime(leap, HCM, Lang::Vi), "29/02/2028 12:00");
}

#[test]
fn numbers_use_dot_thousands_in_vietnamese() {
    assert_eq!(format_number(0, Lang::Vi), "0");
    assert_eq!(format_number(999, Lang::Vi), "999");
    assert_eq!(format_number(1_000, Lang::Vi), "1.000");
    assert_eq!(format_number(1_234_567, Lang::Vi), "1.234.567");
    assert_eq!(format_number(1_234_567, Lang::En), "1,234,567");
    assert_eq!(
        format_number(u64::MAX, Lang::Vi),
        "18.446.744.073.709.551.615"
    );
}

/// JavaScript's `Date` holds ±8.64e15 ms around the epoch; beyond it `Intl`
/// throws, so the parser must not hand such an instant to the views.
const JS_MAX_MS: i64 = 8_640_000_000_000_000;

#[test]
fn dates_beyond_javascripts_range_are_not_dates() {
    for bad in [
        "999999-01-01T00:00:00Z",
        "+999999-01-01T00:00:00Z",
        "275761-01-01T00:00:00Z",
        "99999-01-01T00:00:00Z",
        "1 Jan 999999 00:00:00 GMT",
        "Sat, 1 Jan 275761 00:00:00 +0000",
        "1 Jan 9223372036854775807 00:00:00 GMT",
        "1 Jan 99999999999999999999 00:00:00 GMT",
        "9223372036854775807-01-01T00:00:00Z",
    ] {
        assert_eq!(parse_date(bad), None, "{bad:?}");
    }
    // The last representable years still read, and within range.
    for good in [
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "Fri, 31 Dec 9999 23:59:59 +0000",
    ] {
        let t = parse_date(good).unwrap_or_else(|| panic!("{good:?}"));
        assert!(t.abs() <= JS_MAX_MS, "{good:?}");
    }
}

#[test]
fn absurd_offsets_are_rejected_not_overflowed() {
    // Each of these panicked (debug) or wrapped to garbage (release), or was
    // accepted as an offset of millions of hours.
    for bad in [
        "2026-11-27T08:30:00+999999999999999999:00",
        "2026-11-27T08:30:00-999999999999999999:00",
        "2026-11-27T08:30:00+99999999:00",
        "2026-11-27T08:30:00+24:00",
        "2026-11-27T08:30:00+07:60",
        "2026-11-27T08:30:00+7:00",
        "2026-11-27T08:30:00+07:0",
        "2026-11-27T08:30:00+0700000",
        "2026-11-27T08:30:00+:",
        "2026-11-27T99999999999999999999:30:00Z",
        "Fri, 27 Nov 2026 08:30:00 +999999999999999999",
        "Fri, 27 Nov 2026 08:30:00 +9999",
        "Fri, 27 Nov 2026 08:30:00 +07000",
        "Fri, 27 Nov 2026 08:30:00 +07",
        "Fri, 27 Nov 2026 99999999999999999999:30:00 +0700",
        "99999999999999999999 Nov 2026 08:30:00 +0700",
    ] {
        assert_eq!(parse_date(bad), None, "{bad:?}");
    }
    // The extremes that RFC 3339 and RFC 2822 do allow.
    let t = 1_795_743_000_000; // 2026-11-27T01:30:00Z
    assert_eq!(
        parse_rfc3339("2026-11-28T01:29:00+23:59"),
        Some(t + 86_400_000 - 23 * 3_600_000 - 59 * 60_000 - 60_000)
    );
    assert_eq!(parse_rfc3339("2026-11-26T01:30:00-24:00"), None);
    assert_eq!(
        parse_rfc2822("Thu, 26 Nov 2026 20:30:00 -0500"),
        Some(t),
        "a real negative offset"
    );
    assert_eq!(
        parse_rfc3339("2026-11-27T01:30:00.123456789Z"),
        Some(t + 123)
    );
    assert_eq!(
        parse_rfc3339("2026-11-27T01:30:00.99999999999999999999999Z"),
        Some(t + 999)
    );
    assert_eq!(parse_rfc3339("2026-11-27T01:30:00.12abcZ"), None);
}

#[test]
fn wall_clock_of_any_instant_does_not_overflow() {
    for t in [i64::MIN, i64::MAX, -JS_MAX_MS, JS_MAX_MS, 0] {
        let _ = format_datetime(t, HCM, Lang::Vi);
        let _ = format_date(t, i32::MAX, Lang::En);
        let _ = iso_utc(t);
    }
}

#[test]
fn fixed_zones_answer_from_their_last_change_on_and_nothing_else() {
    let since = 171_820_800_000; // 1975-06-12T16:00Z: Ho Chi Minh City's +08 → +07
    assert_eq!(fixed_offset("Asia/Ho_Chi_Minh", since), Some(7 * 60));
    assert_eq!(
        fixed_offset("Asia/Ho_Chi_Minh", 1_795_743_000_000),
        Some(7 * 60)
    );
    assert_eq!(fixed_offset("Asia/Saigon", i64::MAX), Some(7 * 60));
    assert_eq!(
        fixed_offset("Asia/Ho_Chi_Minh", since - 1),
        None,
        "before: Intl's answer"
    );
    assert_eq!(fixed_offset("UTC", i64::MIN), Some(0));
    assert_eq!(fixed_offset("Etc/UTC", 0), Some(0));
    // Other zones, and a case that is not the zone's name, are Intl's.
    assert_eq!(fixed_offset("Europe/Paris", 1_795_743_000_000), None);
    assert_eq!(fixed_offset("asia/ho_chi_minh", 1_795_743_000_000), None);
    assert_eq!(fixed_offset("", 0), None);
}
