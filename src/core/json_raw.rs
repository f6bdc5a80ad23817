//! A JSON object whose members are kept as raw text, in order, so a rewrite changes only
//! the members it sets and every other member keeps its exact bytes. Rejects duplicate
//! keys (a body with two `model`s could be judged on one and served on the other).
//! Pure: no I/O; knows nothing of LLM APIs.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
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
}

/// An ordered JSON object with raw member values.
#[derive(Debug, Clone)]
pub struct RawObject {
    members: Vec<(String, Box<RawValue>)>,
}

impl RawObject {
    pub fn parse(bytes: &[u8]) -> Result<RawObject, JsonError> {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first != Some(&b'{') {
            // Distinguish "valid JSON but not an object" from garbage.
            return match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                Ok(_) => Err(JsonError::NotAnObject),
                Err(e) => Err(JsonError::Invalid(e.to_string())),
            };
        }
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let parsed = de
            .deserialize_map(RawObjectVisitor)
            .map_err(|e| classify(e.to_string()))?;
        de.end().map_err(|e| JsonError::Invalid(e.to_string()))?;
        parsed
    }

    pub fn parse_raw(raw: &RawValue) -> Result<RawObject, JsonError> {
        RawObject::parse(raw.get().as_bytes())
    }

    pub fn new() -> RawObject {
        RawObject { members: Vec::new() }
    }

    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_ref())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Replaces the member in place (keeping its position) or appends it.
    pub fn set(&mut self, key: &str, value: Box<RawValue>) {
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

    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
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
                .map(|(k, v)| k.len() + v.get().len() + 4)
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
            out.extend_from_slice(value.get().as_bytes());
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

const DUPLICATE_MARK: &str = "tollgate-duplicate-key:";

fn classify(message: String) -> JsonError {
    match message.strip_prefix(DUPLICATE_MARK) {
        Some(rest) => {
            let key = rest.split(" at line").next().unwrap_or(rest);
            JsonError::DuplicateKey(key.to_string())
        }
        None => JsonError::Invalid(message),
    }
}

struct RawObjectVisitor;

impl<'de> Visitor<'de> for RawObjectVisitor {
    type Value = Result<RawObject, JsonError>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members: Vec<(String, Box<RawValue>)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Box<RawValue> = map.next_value()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("{DUPLICATE_MARK}{key}")));
            }
            members.push((key, value));
        }
        Ok(Ok(RawObject { members }))
    }
}

/// Checks a whole JSON document for duplicate keys at any depth (the typed parsers only
/// see the members they read).
pub fn check_no_duplicate_keys(bytes: &[u8]) -> Result<(), JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de::Deserialize::deserialize(&mut de)
        .map(|DupCheck| ())
        .map_err(|e| classify(e.to_string()))?;
    de.end().map_err(|e| JsonError::Invalid(e.to_string()))
}

struct DupCheck;

impl<'de> de::Deserialize<'de> for DupCheck {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DupCheckVisitor)
    }
}

struct DupCheckVisitor;

impl<'de> Visitor<'de> for DupCheckVisitor {
    type Value = DupCheck;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<DupCheck, E> {
        Ok(DupCheck)
    }
    fn visit_i64<E>(self, _: i64) -> Result<DupCheck, E> {
        Ok(DupCheck)
    }
    fn visit_u64<E>(self, _: u64) -> Result<DupCheck, E> {
        Ok(DupCheck)
    }
    fn visit_f64<E>(self, _: f64) -> Result<DupCheck, E> {
        Ok(DupCheck)
    }
    fn visit_str<E>(self, _: &str) -> Result<DupCheck, E> {
        Ok(DupCheck)
    }
    fn visit_unit<E>(self) -> Result<DupCheck, E> {
        Ok(DupCheck)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<DupCheck, A::Error> {
        while seq.next_element::<DupCheck>()?.is_some() {}
        Ok(DupCheck)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DupCheck, A::Error> {
        let mut keys: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<DupCheck>()?;
            if keys.contains(&key) {
                return Err(de::Error::custom(format!("{DUPLICATE_MARK}{key}")));
            }
            keys.push(key);
        }
        Ok(DupCheck)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_members_keep_their_exact_bytes() -> Result<(), JsonError> {
        let body = br#"{"model":"a","temperature":1.0,"x":1e400,"s":"\u00e9\n","nested":{"k": [1, 2.50]}}"#;
        let mut obj = RawObject::parse(body)?;
        obj.set_value("model", &"b")?;
        let out = String::from_utf8(obj.to_bytes()).map_err(|e| JsonError::Invalid(e.to_string()))?;
        assert_eq!(
            out,
            r#"{"model":"b","temperature":1.0,"x":1e400,"s":"\u00e9\n","nested":{"k": [1, 2.50]}}"#
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
            check_no_duplicate_keys(br#"{"m":[{"a":1,"b":{"c":1,"c":2}}]}"#).err(),
            Some(JsonError::DuplicateKey("c".into()))
        );
        assert!(check_no_duplicate_keys(br#"{"m":[{"a":1},{"a":2}]}"#).is_ok());
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
