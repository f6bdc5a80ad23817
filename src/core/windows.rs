//! Budget windows in UTC: calendar minute/hour/day/month, fixed N-second windows and
//! idle-expiring sessions, as positions computed from a given `now` (unix seconds).
//! Pure arithmetic: reads no clock.

use crate::config::Window;
use crate::store::WindowPos;

/// The window position at `now`, or `None` for per-request budgets (no counter).
pub fn position(window: Window, now: u64) -> Option<WindowPos> {
    let fixed = |len: u64| {
        let id = now / len;
        WindowPos {
            id,
            ends_at: (id + 1).saturating_mul(len),
            sliding: false,
        }
    };
    match window {
        Window::Request => None,
        Window::Minute => Some(fixed(60)),
        Window::Hour => Some(fixed(3600)),
        Window::Day => Some(fixed(86_400)),
        Window::Seconds(len) => Some(fixed(len.max(1))),
        Window::Month => {
            let (y, m, _) = civil_from_days(now / 86_400);
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            let ends_at = days_from_civil(ny, nm, 1).saturating_mul(86_400);
            Some(WindowPos {
                id: (y as u64) * 12 + u64::from(m),
                ends_at,
                sliding: false,
            })
        }
        Window::SessionIdle(idle) => Some(WindowPos {
            id: 0,
            ends_at: now.saturating_add(idle),
            sliding: true,
        }),
    }
}

/// (year, month 1-12, day 1-31) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: u64) -> (i64, u32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    u64::try_from(era * 146_097 + doe - 719_468).unwrap_or(0)
}

/// An RFC 3339 UTC timestamp, for messages.
pub fn rfc3339(t: u64) -> String {
    let (y, m, d) = civil_from_days(t / 86_400);
    let s = t % 86_400;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [0u64, 59, 60, 365, 11_016, 20_000, 20_454, 30_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(rfc3339(1_796_000_000), "2026-11-30T00:53:20Z");
    }

    #[test]
    fn month_window_ends_at_next_month() {
        // 2026-02-15T12:00:00Z
        let now = days_from_civil(2026, 2, 15) * 86_400 + 43_200;
        let pos = position(Window::Month, now);
        assert_eq!(pos.map(|p| p.ends_at), Some(days_from_civil(2026, 3, 1) * 86_400));
        let dec = days_from_civil(2026, 12, 31) * 86_400;
        assert_eq!(
            position(Window::Month, dec).map(|p| p.ends_at),
            Some(days_from_civil(2027, 1, 1) * 86_400)
        );
    }

    #[test]
    fn fixed_windows() {
        assert_eq!(
            position(Window::Seconds(5), 12),
            Some(WindowPos {
                id: 2,
                ends_at: 15,
                sliding: false
            })
        );
        assert_eq!(position(Window::Day, 86_401).map(|p| p.ends_at), Some(172_800));
        assert_eq!(position(Window::Request, 5), None);
        assert_eq!(position(Window::SessionIdle(30), 100).map(|p| p.ends_at), Some(130));
    }
}
