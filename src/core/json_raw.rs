//! A JSON object whose members are kept as raw text, in order, so a rewrite changes only
//! the members it sets and every other member keeps its exact bytes. Parsing also checks
//! the whole document in linear time: no duplicate key at any depth (a body with two
//! `model`s could be judged on one and served on the other; keys go through a hash set),
//! and bounded work (`JsonLimits`: members per object, values in all, nesting depth).
//! The typed views the API parsers read are built from the members (`RawObject` is a
//! serde `Deserializer`): a body is scanned once for its members, each member is walked
//! once for the checks, and a typed view re-reads only the members it names (before, the
//! whole text was parsed three times, and the key checks were quadratic).
//! `parse_split` is the same parse with one array member cut into its elements and the
//! state after each kept, so a body that starts with the same bytes resumes there.
//! Pure: no I/O; knows nothing of LLM APIs.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum JsonError {
    #[error("body is not valid JSON: {0}")]
    Invalid(String),
    #[error("body is not a JSON object")]
    NotAnObject,
    #[error("duplicate key `{0}` in JSON object")]
    DuplicateKey(String),
    #[error("body exceeds the JSON limit `json_limits.{limit}` ({max}): {what}")]
    Limit {
        limit: &'static str,
        max: usize,
        what: &'static str,
    },
}

/// Bounds on the work one body may cost; beyond them the body is refused, unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonLimits {
    /// Deepest nesting of arrays and objects (the body's own object is depth 1).
    pub max_depth: usize,
    /// Most members in any one object.
    pub max_members: usize,
    /// Most JSON values in the whole body (every object, array, string, number, literal).
    pub max_nodes: usize,
}

impl JsonLimits {
    /// serde_json refuses nesting beyond 128 on its own; this stays well inside it.
    pub const DEFAULT: JsonLimits = JsonLimits {
        max_depth: 64,
        max_members: 10_000,
        max_nodes: 250_000,
    };
}

impl Default for JsonLimits {
    fn default() -> Self {
        JsonLimits::DEFAULT
    }
}

/// An ordered JSON object with raw member values.
#[derive(Debug, Clone)]
pub struct RawObject {
    members: Vec<(String, Member)>,
}

/// A member's value: checked raw JSON, or text a split parse assembled from pieces each
/// already checked (an array's elements, with the bytes between them), made a `RawValue`
/// only when someone asks for one (`RawObject::get`); the typed views and `to_bytes` read
/// its text as it is. Validating a 34 KB `messages` array again on every resent history
/// cost more than the rest of the parse.
#[derive(Debug, Clone)]
pub struct Member(Text);

#[derive(Debug, Clone)]
enum Text {
    Raw(Box<RawValue>),
    Assembled {
        text: Box<str>,
        raw: std::sync::OnceLock<Option<Box<RawValue>>>,
    },
}

impl Member {
    /// Text known to be one valid JSON value (the split parse checked every piece of it).
    fn assembled(text: Box<str>) -> Member {
        Member(Text::Assembled {
            text,
            raw: std::sync::OnceLock::new(),
        })
    }

    /// The value's exact text.
    pub fn text(&self) -> &str {
        match &self.0 {
            Text::Raw(v) => v.get(),
            Text::Assembled { text, .. } => text,
        }
    }

    /// The value as a `RawValue` (checked once, the first time an assembled one is asked for).
    pub fn raw(&self) -> Option<&RawValue> {
        match &self.0 {
            Text::Raw(v) => Some(v),
            Text::Assembled { text, raw } => raw
                .get_or_init(|| RawValue::from_string(text.to_string()).ok())
                .as_deref(),
        }
    }
}

impl From<Box<RawValue>> for Member {
    fn from(value: Box<RawValue>) -> Member {
        Member(Text::Raw(value))
    }
}

impl RawObject {
    /// Parses with the default limits (for small members the filter itself rewrites).
    pub fn parse(bytes: &[u8]) -> Result<RawObject, JsonError> {
        RawObject::parse_limited(bytes, &JsonLimits::DEFAULT)
    }

    /// Parses a body: its top-level members kept raw, the whole document checked for
    /// duplicate keys and against `limits`, each in linear time.
    pub fn parse_limited(bytes: &[u8], limits: &JsonLimits) -> Result<RawObject, JsonError> {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first != Some(&b'{') {
            // Distinguish "valid JSON but not an object" from garbage.
            return match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                Ok(_) => Err(JsonError::NotAnObject),
                Err(e) => Err(JsonError::Invalid(e.to_string())),
            };
        }
        let check = Check {
            limits: *limits,
            nodes: Cell::new(1),
            failure: RefCell::new(None),
        };
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let members = de
            .deserialize_map(TopVisitor { check: &check })
            .map_err(|e| check.error(e))?;
        de.end().map_err(|e| JsonError::Invalid(e.to_string()))?;
        Ok(RawObject { members })
    }

    pub fn parse_raw(raw: &RawValue) -> Result<RawObject, JsonError> {
        RawObject::parse(raw.get().as_bytes())
    }

    pub fn new() -> RawObject {
        RawObject { members: Vec::new() }
    }

    /// A member by key. A linear scan over the top-level members (at most
    /// `max_members`): the parsers call it a constant number of times per request.
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.members.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.raw())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Replaces the member in place (keeping its position) or appends it.
    pub fn set(&mut self, key: &str, value: Box<RawValue>) {
        let value = Member::from(value);
        match self.members.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.members.push((key.to_string(), value)),
        }
    }

    /// Sets a member from any serialisable value.
    pub fn set_value<T: serde::Serialize>(&mut self, key: &str, value: &T) -> Result<(), JsonError> {
        let text = serde_json::to_string(value).map_err(|e| JsonError::Invalid(e.to_string()))?;
        let raw = RawValue::from_string(text).map_err(|e| JsonError::Invalid(e.to_string()))?;
        self.set(key, raw);
        Ok(())
    }

    /// Replaces the value of a member it has, in place; the old value.
    pub fn replace(&mut self, key: &str, value: impl Into<Member>) -> Option<Member> {
        let slot = self.members.iter_mut().find(|(k, _)| k == key)?;
        Some(std::mem::replace(&mut slot.1, value.into()))
    }

    pub fn remove(&mut self, key: &str) -> Option<Member> {
        let at = self.members.iter().position(|(k, _)| k == key)?;
        Some(self.members.remove(at).1)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(k, _)| k.as_str())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            self.members
                .iter()
                .map(|(k, v)| k.len() + v.text().len() + 4)
                .sum::<usize>()
                + 2,
        );
        out.push(b'{');
        for (i, (key, value)) in self.members.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // A String always serialises.
            if let Ok(k) = serde_json::to_string(key) {
                out.extend_from_slice(k.as_bytes());
            }
            out.push(b':');
            out.extend_from_slice(value.text().as_bytes());
        }
        out.push(b'}');
        out
    }

    pub fn to_raw(&self) -> Result<Box<RawValue>, JsonError> {
        let text = String::from_utf8(self.to_bytes()).map_err(|e| JsonError::Invalid(e.to_string()))?;
        RawValue::from_string(text).map_err(|e| JsonError::Invalid(e.to_string()))
    }
}

impl Default for RawObject {
    fn default() -> Self {
        RawObject::new()
    }
}

/// The keys of one object read so far: a short list scanned in order while the object has
/// few members (most have two to five: no hashing, one allocation), a hash set from
/// `SeenKeys::FEW` keys on, so a large object is still checked in linear time.
#[derive(Default)]
struct SeenKeys<'a> {
    few: Vec<Cow<'a, str>>,
    many: HashSet<Cow<'a, str>>,
}

impl<'a> SeenKeys<'a> {
    const FEW: usize = 8;

    fn len(&self) -> usize {
        self.few.len() + self.many.len()
    }

    fn contains(&self, key: &str) -> bool {
        if self.many.is_empty() {
            self.few.iter().any(|k| k == key)
        } else {
            self.many.contains(key)
        }
    }

    fn insert(&mut self, key: Cow<'a, str>) {
        if self.many.is_empty() && self.few.len() < Self::FEW {
            if self.few.is_empty() {
                self.few.reserve_exact(Self::FEW);
            }
            self.few.push(key);
        } else {
            self.many.extend(self.few.drain(..));
            self.many.insert(key);
        }
    }
}

/// The linear-time check shared by every value of one document: values seen so far, the
/// limits, and the first typed failure (serde errors only carry text).
struct Check {
    limits: JsonLimits,
    nodes: Cell<usize>,
    failure: RefCell<Option<JsonError>>,
}

impl Check {
    fn fail<E: de::Error>(&self, error: JsonError) -> E {
        let text = error.to_string();
        *self.failure.borrow_mut() = Some(error);
        E::custom(text)
    }

    fn limit<E: de::Error>(&self, limit: &'static str, max: usize, what: &'static str) -> E {
        self.fail(JsonError::Limit { limit, max, what })
    }

    /// Checks the next key of an object against the keys `seen` so far in it: the
    /// members-per-object limit and duplicates.
    fn key<E: de::Error>(&self, seen: &SeenKeys<'_>, key: &str) -> Result<(), E> {
        if seen.len() >= self.limits.max_members {
            return Err(self.limit("max_members", self.limits.max_members, "an object has too many members"));
        }
        if seen.contains(key) {
            return Err(self.fail(JsonError::DuplicateKey(key.to_string())));
        }
        Ok(())
    }

    /// Counts one more value.
    fn node<E: de::Error>(&self) -> Result<(), E> {
        let n = self.nodes.get().saturating_add(1);
        self.nodes.set(n);
        if n > self.limits.max_nodes {
            return Err(self.limit("max_nodes", self.limits.max_nodes, "too many JSON values"));
        }
        Ok(())
    }

    /// The typed failure recorded while parsing, else serde's error as invalid JSON.
    fn error(&self, e: serde_json::Error) -> JsonError {
        self.failure
            .borrow_mut()
            .take()
            .unwrap_or_else(|| JsonError::Invalid(e.to_string()))
    }
}

/// The body's own object: members kept raw, each one checked as it is read.
struct TopVisitor<'c> {
    check: &'c Check,
}

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = Vec<(String, Member)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let check = self.check;
        let mut members: Vec<(String, Member)> = Vec::new();
        let mut seen = SeenKeys::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            check.key(&seen, &key)?;
            let value: &'de RawValue = map.next_value()?;
            // The member's own text, walked once more for what the raw capture skips:
            // nested duplicates and the limits (linear in the member's size).
            let mut inner = serde_json::Deserializer::from_str(value.get());
            Walk { check, depth: 2 }
                .deserialize(&mut inner)
                .map_err(|e| de::Error::custom(e.to_string()))?;
            members.push((key.to_string(), value.to_owned().into()));
            seen.insert(key);
        }
        Ok(members)
    }
}

/// A key, borrowed from the body when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Any value below the top: counted, depth-checked, objects' keys hashed once each.
struct Walk<'c> {
    check: &'c Check,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.check.node()?;
        d.deserialize_any(self)
    }
}

impl Walk<'_> {
    fn enter<E: de::Error>(&self) -> Result<(), E> {
        let max = self.check.limits.max_depth;
        if self.depth > max {
            return Err(self.check.limit("max_depth", max, "arrays and objects nest too deep"));
        }
        Ok(())
    }

    fn child(&self) -> Walk<'_> {
        Walk {
            check: self.check,
            depth: self.depth + 1,
        }
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.enter()?;
        while seq.next_element_seed(self.child())?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.enter()?;
        let check = self.check;
        let mut seen = SeenKeys::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            check.key(&seen, &key)?;
            map.next_value_seed(self.child())?;
            seen.insert(key);
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// The split parse: the same members and the same checks as `parse_limited`, with one
// top-level array member (a chat's `messages`) cut into its elements, and the parse's
// state after each element kept, so a later body that starts with the same bytes can
// resume there (`prefix_cache`). It answers only what it is sure of: `None` whenever the
// body is anything but a well-formed object whose named member is an array, that passes
// every check — the caller then parses the body whole, which gives the error (or the
// result) as always. So a `Some` is exactly what `parse_limited` returns.
// ---------------------------------------------------------------------------------------

/// Where a split parse stands right after one element of the array: the element's end
/// (absolute offset in the body) and the values counted so far (`JsonLimits::max_nodes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Boundary {
    pub end: usize,
    pub nodes: usize,
}

/// What a split parse learned of a body.
#[derive(Debug, Clone)]
pub struct SplitParse {
    /// The members, exactly as `parse_limited` returns them.
    pub raw: RawObject,
    /// The members before the array (they are part of any resumable prefix).
    pub before: usize,
    /// Where the array's `[` is.
    pub array_start: usize,
    /// The array's elements this parse read (after the resumed boundary, if any):
    /// absolute byte ranges in the body.
    pub elements: Vec<std::ops::Range<usize>>,
    /// The parse's state after each of those elements.
    pub boundaries: Vec<Boundary>,
    /// Where the bytes after the array's `]` start, and the values counted in them.
    pub after_start: usize,
    pub after_nodes: usize,
    /// Whether those bytes were the resumed body's, byte for byte (their members taken
    /// from it, not read again).
    pub after_reused: bool,
}

/// A state to resume from: the members before the array, and element `k`'s boundary
/// (the body's bytes up to `boundary.end` must be those the state was learned from).
#[derive(Debug, Clone, Copy)]
pub struct ResumeAt<'a> {
    pub before: &'a [(String, Member)],
    pub array_start: usize,
    pub boundary: Boundary,
    /// The kept body's bytes after its array, the members they hold and the values
    /// counted in them: a body that ends with the same bytes has the same members there.
    pub after_bytes: &'a [u8],
    pub after: &'a [(String, Member)],
    pub after_nodes: usize,
}

impl RawObject {
    /// The members, in order (what a resumable prefix keeps of those before the array).
    pub fn members(&self) -> &[(String, Member)] {
        &self.members
    }
}

/// serde_json's whitespace.
fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\n' | b'\t' | b'\r')) {
        at += 1;
    }
    at
}

/// One JSON value starting at `at` (no leading whitespace): its raw text and its end.
fn value_at(bytes: &[u8], at: usize) -> Option<(&RawValue, usize)> {
    let rest = bytes.get(at..)?;
    let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<&RawValue>();
    let value = stream.next()?.ok()?;
    Some((value, at + stream.byte_offset()))
}

/// A string key starting at `at`, unescaped, and its end.
fn key_at(bytes: &[u8], at: usize) -> Option<(String, usize)> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let rest = bytes.get(at..)?;
    let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<String>();
    let key = stream.next()?.ok()?;
    Some((key, at + stream.byte_offset()))
}

/// Walks one value's text as `parse_limited` walks it at `depth`.
fn walk_text(check: &Check, text: &str, depth: usize) -> Option<()> {
    let mut inner = serde_json::Deserializer::from_str(text);
    Walk { check, depth }.deserialize(&mut inner).ok()
}

/// `RawObject::parse_limited` with the top-level member `array` split into its elements,
/// from the start or resumed at `resume`; `None` when unsure (see above). Linear in the
/// bytes it reads: from `resume`'s boundary on, or the whole body.
pub fn parse_split(bytes: &[u8], limits: &JsonLimits, array: &str, resume: Option<ResumeAt<'_>>) -> Option<SplitParse> {
    // serde_json's own nesting limit (128, counted from each walked member) is never the
    // one that fires when the configured one is well below it; above, parse whole.
    if limits.max_depth > 100 {
        return None;
    }
    let check = Check {
        limits: *limits,
        nodes: Cell::new(1),
        failure: RefCell::new(None),
    };
    let mut members: Vec<(String, Member)> = Vec::new();
    let mut elements = Vec::new();
    let mut boundaries = Vec::new();
    let mut seen = SeenKeys::default();
    let mut at;
    // Where the array's text starts, and whether the scan stands inside it.
    let mut array_start;
    match resume {
        Some(r) => {
            members.extend(r.before.iter().cloned());
            for (key, _) in r.before {
                seen.insert(Cow::Owned(key.clone()));
            }
            check.nodes.set(r.boundary.nodes);
            at = r.boundary.end;
            array_start = r.array_start;
        }
        None => {
            at = skip_ws(bytes, 0);
            if bytes.get(at) != Some(&b'{') {
                return None;
            }
            at = skip_ws(bytes, at + 1);
            if bytes.get(at) == Some(&b'}') {
                return None;
            }
            array_start = 0;
        }
    }
    let mut before = members.len();
    let mut in_array = resume.is_some();
    // Where the array ends, and the values counted up to there.
    let mut array_end = (0, 0);
    let mut after_reused = false;
    loop {
        if in_array {
            // After an element: `,` and the next, or `]`.
            at = skip_ws(bytes, at);
            match bytes.get(at) {
                Some(b',') => {
                    at = skip_ws(bytes, at + 1);
                    let (value, end) = value_at(bytes, at)?;
                    walk_text(&check, value.get(), 3)?;
                    elements.push(at..end);
                    boundaries.push(Boundary {
                        end,
                        nodes: check.nodes.get(),
                    });
                    at = end;
                    continue;
                }
                Some(b']') => {
                    at += 1;
                    in_array = false;
                    // Every element was checked (here, or by the parse that kept the
                    // prefix, byte for byte the same); between them only `[`, `,`, `]`
                    // and whitespace.
                    let text = std::str::from_utf8(bytes.get(array_start..at)?).ok()?;
                    members.push((array.to_string(), Member::assembled(text.into())));
                    seen.insert(Cow::Borrowed(array));
                    array_end = (at, check.nodes.get());
                    // The same bytes after the array as the kept body: the same members,
                    // checked then (the same keys before them, so no new duplicate), and
                    // the same values to count.
                    if let Some(r) = resume
                        .filter(|r| crate::prefix_cache::same_bytes(bytes.get(at..).unwrap_or_default(), r.after_bytes))
                    {
                        let nodes = check.nodes.get().checked_add(r.after_nodes)?;
                        if nodes > limits.max_nodes {
                            return None;
                        }
                        check.nodes.set(nodes);
                        members.extend(r.after.iter().cloned());
                        after_reused = true;
                        break;
                    }
                }
                _ => return None,
            }
        } else {
            // A member: `"key"` `:` value.
            let (key, end) = key_at(bytes, at)?;
            check.key::<serde_json::Error>(&seen, &key).ok()?;
            at = skip_ws(bytes, end);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_ws(bytes, at + 1);
            if key == array && bytes.get(at) == Some(&b'[') {
                // The array member, walked element by element as `Walk` walks it whole.
                check.node::<serde_json::Error>().ok()?;
                if 2 > limits.max_depth {
                    return None;
                }
                before = members.len();
                array_start = at;
                at = skip_ws(bytes, at + 1);
                if bytes.get(at) == Some(&b']') {
                    // No element: nothing to resume at; the member as is.
                    at += 1;
                    members.push((key.clone(), RawValue::from_string("[]".to_string()).ok()?.into()));
                    seen.insert(Cow::Owned(key));
                } else {
                    let (value, end) = value_at(bytes, at)?;
                    walk_text(&check, value.get(), 3)?;
                    elements.push(at..end);
                    boundaries.push(Boundary {
                        end,
                        nodes: check.nodes.get(),
                    });
                    at = end;
                    in_array = true;
                    continue;
                }
            } else {
                let (value, end) = value_at(bytes, at)?;
                walk_text(&check, value.get(), 2)?;
                members.push((key.clone(), value.to_owned().into()));
                seen.insert(Cow::Owned(key));
                at = end;
            }
        }
        // After a member: `,` and the next, or `}` and the end of the body.
        at = skip_ws(bytes, at);
        match bytes.get(at) {
            Some(b',') => at = skip_ws(bytes, at + 1),
            Some(b'}') => {
                if skip_ws(bytes, at + 1) != bytes.len() {
                    return None;
                }
                break;
            }
            _ => return None,
        }
    }
    // A body without the array's elements has nothing to resume at: parsed whole.
    if resume.is_none() && elements.is_empty() {
        return None;
    }
    Some(SplitParse {
        raw: RawObject { members },
        before,
        array_start,
        elements,
        boundaries,
        after_start: array_end.0,
        after_nodes: check.nodes.get().saturating_sub(array_end.1),
        after_reused,
    })
}

// ---------------------------------------------------------------------------------------
// Typed views from the members: `T::deserialize(&raw_object)`. A struct reads only the
// members it names (aliases included), each from its own raw text; the members it would
// ignore are not read again.
// ---------------------------------------------------------------------------------------

impl<'de> Deserializer<'de> for &'de RawObject {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(Members {
            members: self.members.iter(),
            fields: None,
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_map(Members {
            members: self.members.iter(),
            fields: Some(fields),
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct Members<'de> {
    members: std::slice::Iter<'de, (String, Member)>,
    fields: Option<&'static [&'static str]>,
    value: Option<&'de Member>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let fields = self.fields;
        let wanted = |(key, _): &&(String, Member)| fields.is_none_or(|f| f.contains(&key.as_str()));
        match self.members.by_ref().find(wanted) {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(BorrowedStrDeserializer::new(key.as_str())).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        match self.value.take().map(|m| &m.0) {
            Some(Text::Raw(value)) => seed.deserialize(&**value),
            Some(Text::Assembled { text, .. }) => seed.deserialize(&mut serde_json::Deserializer::from_str(text)),
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_members_keep_their_exact_bytes() -> Result<(), JsonError> {
        let body = br#"{"model":"a","temperature":1.0,"x":1E+2,"s":"\u00e9\n","nested":{"k": [1, 2.50]}}"#;
        let mut obj = RawObject::parse(body)?;
        obj.set_value("model", &"b")?;
        let out = String::from_utf8(obj.to_bytes()).map_err(|e| JsonError::Invalid(e.to_string()))?;
        assert_eq!(
            out,
            r#"{"model":"b","temperature":1.0,"x":1E+2,"s":"\u00e9\n","nested":{"k": [1, 2.50]}}"#
        );
        Ok(())
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        assert_eq!(
            RawObject::parse(br#"{"model":"a","model":"b"}"#).err(),
            Some(JsonError::DuplicateKey("model".into()))
        );
        assert_eq!(
            RawObject::parse(br#"{"m":[{"a":1,"b":{"c":1,"c":2}}]}"#).err(),
            Some(JsonError::DuplicateKey("c".into()))
        );
        assert!(RawObject::parse(br#"{"m":[{"a":1},{"a":2}]}"#).is_ok());
    }

    /// Objects of 1 to 24 members, with and without one key repeated (every key repeated in
    /// turn, at the end), at the top level and nested: the short list and the hash set of
    /// `SeenKeys`, and the move from one to the other, find every duplicate.
    #[test]
    fn duplicate_keys_are_found_in_objects_of_any_size() {
        for n in 1..=24usize {
            let members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            let object = |extra: Option<usize>| {
                let mut m = members.clone();
                if let Some(k) = extra {
                    m.push(format!("\"k{k}\":true"));
                }
                format!("{{{}}}", m.join(","))
            };
            let top = object(None);
            assert!(RawObject::parse(top.as_bytes()).is_ok(), "{top}");
            let nested = format!("{{\"messages\":[{top}]}}");
            assert!(RawObject::parse(nested.as_bytes()).is_ok(), "{nested}");
            for k in 0..n {
                let want = Some(JsonError::DuplicateKey(format!("k{k}")));
                let top = object(Some(k));
                assert_eq!(RawObject::parse(top.as_bytes()).err(), want, "{top}");
                let nested = format!("{{\"messages\":[{top}]}}");
                assert_eq!(RawObject::parse(nested.as_bytes()).err(), want, "{nested}");
            }
        }
    }

    #[test]
    fn garbage_and_non_objects_are_errors() {
        assert!(matches!(RawObject::parse(b"{\"a\":"), Err(JsonError::Invalid(_))));
        assert_eq!(RawObject::parse(b"[1]").err(), Some(JsonError::NotAnObject));
        assert!(matches!(RawObject::parse(b"{} x"), Err(JsonError::Invalid(_))));
    }

    #[test]
    fn set_appends_and_remove_removes() -> Result<(), JsonError> {
        let mut obj = RawObject::parse(br#"{"a":1}"#)?;
        obj.set_value("b", &true)?;
        assert_eq!(obj.to_bytes(), br#"{"a":1,"b":true}"#.to_vec());
        assert!(obj.remove("a").is_some());
        assert_eq!(obj.to_bytes(), br#"{"b":true}"#.to_vec());
        Ok(())
    }
}
