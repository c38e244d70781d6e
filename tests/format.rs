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
