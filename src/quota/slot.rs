//! Slots: one budget counter in one window position, as the opaque string the service hands
//! to the filter and the four Redis key names behind it (all sharing one hash tag, so one
//! slot lives in one cluster slot). Pure: reads no clock, touches no Redis.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tollgate_core::config::{Window, WindowFile};
use tollgate_core::windows;

/// Longest counter accepted (bytes).
pub const MAX_COUNTER: usize = 512;
/// Longest window length in seconds accepted for `seconds` and `session_idle_seconds`
/// (ten years), so every expiry stays a valid Redis time.
pub const MAX_WINDOW_SECONDS: u64 = 315_360_000;

/// How the slot's keys expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Fixed window: the keys live until the window end (unix seconds) plus open holds.
    Fixed(u64),
    /// Session-idle window: every touch moves the keys' expiry to now + these seconds.
    Idle(u64),
}

impl Expiry {
    /// The two leading Lua arguments (`'f', end` or `'i', idle`).
    pub fn lua_args(self) -> (&'static str, u64) {
        match self {
            Expiry::Fixed(end) => ("f", end),
            Expiry::Idle(idle) => ("i", idle),
        }
    }
}

/// A decoded slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// `{…}`: the hash tag's content (counter in base64url, window tag, position id).
    tag: String,
    pub expiry: Expiry,
}

/// Why a window or slot is not acceptable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SlotError {
    #[error("`request` windows have no counter")]
    RequestWindow,
    #[error("seconds must be 1 to {MAX_WINDOW_SECONDS}")]
    WindowSeconds,
    #[error("counter must be 1 to {MAX_COUNTER} bytes")]
    Counter,
    #[error("not a slot this service issued")]
    Malformed,
}

/// The compiled window of the config's JSON form, or why it has no counter here.
pub fn window_of(file: &WindowFile) -> Result<Window, SlotError> {
    let ok = |s: u64| (1..=MAX_WINDOW_SECONDS).contains(&s);
    Ok(match *file {
        WindowFile::Request => return Err(SlotError::RequestWindow),
        WindowFile::Minute => Window::Minute,
        WindowFile::Hour => Window::Hour,
        WindowFile::Day => Window::Day,
        WindowFile::Month => Window::Month,
        WindowFile::Seconds(s) if ok(s) => Window::Seconds(s),
        WindowFile::SessionIdleSeconds(s) if ok(s) => Window::SessionIdle(s),
        WindowFile::Seconds(_) | WindowFile::SessionIdleSeconds(_) => {
            return Err(SlotError::WindowSeconds);
        }
    })
}

fn window_tag(window: Window) -> String {
    match window {
        Window::Request => "r".to_owned(),
        Window::Minute => "m".to_owned(),
        Window::Hour => "h".to_owned(),
        Window::Day => "d".to_owned(),
        Window::Month => "M".to_owned(),
        Window::Seconds(s) => format!("s{s}"),
        Window::SessionIdle(s) => format!("i{s}"),
    }
}

impl Slot {
    /// The slot of `counter` in `window` at `now` (unix seconds), and its reset time (the
    /// window end, or the idle deadline).
    pub fn at(counter: &str, window: Window, now: u64) -> Result<(Slot, u64), SlotError> {
        if counter.is_empty() || counter.len() > MAX_COUNTER {
            return Err(SlotError::Counter);
        }
        let pos = windows::position(window, now).ok_or(SlotError::RequestWindow)?;
        let expiry = match window {
            Window::SessionIdle(idle) => Expiry::Idle(idle),
            _ => Expiry::Fixed(pos.ends_at),
        };
        let tag = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(counter.as_bytes()),
            window_tag(window),
            pos.id
        );
        Ok((Slot { tag, expiry }, pos.ends_at))
    }

    /// The opaque string the filter gives back: `v1.<f|i><end|idle>.<tag>`.
    pub fn encode(&self) -> String {
        let (kind, value) = self.expiry.lua_args();
        format!("v1.{kind}{value}.{}", self.tag)
    }

    /// Parses a slot string; strict, so a forged or truncated one is refused.
    pub fn decode(text: &str) -> Result<Slot, SlotError> {
        let rest = text.strip_prefix("v1.").ok_or(SlotError::Malformed)?;
        let (exp, tag) = rest.split_once('.').ok_or(SlotError::Malformed)?;
        let number = |s: &str| -> Result<u64, SlotError> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SlotError::Malformed);
            }
            s.parse().map_err(|_| SlotError::Malformed)
        };
        let expiry = if let Some(end) = exp.strip_prefix('f') {
            Expiry::Fixed(number(end)?)
        } else if let Some(idle) = exp.strip_prefix('i') {
            Expiry::Idle(number(idle)?)
        } else {
            return Err(SlotError::Malformed);
        };
        let mut parts = tag.split('.');
        let (Some(counter), Some(wtag), Some(pos), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(SlotError::Malformed);
        };
        let bytes = URL_SAFE_NO_PAD.decode(counter).map_err(|_| SlotError::Malformed)?;
        if bytes.is_empty() || bytes.len() > MAX_COUNTER || std::str::from_utf8(&bytes).is_err() {
            return Err(SlotError::Malformed);
        }
        number(pos)?;
        let wok = match wtag {
            "m" | "h" | "d" | "M" => matches!(expiry, Expiry::Fixed(_)),
            _ => match (wtag.split_at_checked(1), expiry) {
                (Some(("s", n)), Expiry::Fixed(_)) => number(n).is_ok(),
                (Some(("i", n)), Expiry::Idle(idle)) => number(n).ok() == Some(idle),
                _ => false,
            },
        };
        if !wok {
            return Err(SlotError::Malformed);
        }
        Ok(Slot {
            tag: tag.to_owned(),
            expiry,
        })
    }

    /// The slot's keys: used, holds, amounts, settled (see tollgate.lua).
    pub fn keys(&self) -> [String; 4] {
        let base = format!("tollgate:{{{}}}", self.tag);
        [
            format!("{base}:used"),
            format!("{base}:holds"),
            format!("{base}:amounts"),
            format!("{base}:settled"),
        ]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_keys() {
        let (slot, end) = Slot::at("user-daily\u{1f}user=alice", Window::Day, 86_401).unwrap();
        assert_eq!(end, 172_800);
        let text = slot.encode();
        assert_eq!(Slot::decode(&text).unwrap(), slot);
        assert!(slot.keys()[0].starts_with("tollgate:{dXNlci1kYWlseR91c2VyPWFsaWNl.d.1}"));
        let (idle, end) = Slot::at("s", Window::SessionIdle(30), 100).unwrap();
        assert_eq!(end, 130);
        assert_eq!(Slot::decode(&idle.encode()).unwrap(), idle);
    }

    #[test]
    fn forged_slots_are_refused() {
        for bad in [
            "",
            "v1.",
            "v1.f10",
            "v1.x10.YQ.d.1",
            "v1.f10.YQ.d",
            "v1.f10.YQ.d.1.2",
            "v1.f10.{}.d.1",
            "v1.i10.YQ.i11.0",
            "v1.f1a.YQ.d.1",
            "v1.f10.YQ.q.1",
        ] {
            assert_eq!(Slot::decode(bad), Err(SlotError::Malformed), "{bad}");
        }
    }
}
