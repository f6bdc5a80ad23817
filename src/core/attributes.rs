//! What a host can say about a request beyond its body — headers and (Envoy) properties —
//! and how their bytes become text. A leaf of the core: it depends on nothing else, so
//! the guards, the budgets and the engine can all read attributes without depending on
//! each other. Pure: no host calls.

use std::fmt::Write;

/// Request attributes the host can answer: headers and (Envoy) properties.
pub trait Attributes {
    fn header(&self, name: &str) -> Option<String>;
    fn property(&self, path: &[String]) -> Option<String>;
}

/// A header or property value as the core sees it: the text itself when it is UTF-8;
/// otherwise its exact bytes, escaped as a NUL followed by their hex. Header values can
/// never contain NUL, so no valid value can take the form of an escaped one, and two
/// different byte strings never meet in one budget key (a lossy decoding would turn
/// `col-\xff` and `col-\xfe` into the same `col-\u{fffd}`).
pub fn attribute_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(1 + 2 * bytes.len());
            out.push('\0');
            for b in bytes {
                let _ = write!(out, "{b:02x}");
            }
            out
        }
    }
}
