//! Decoding of the generated structs: a leaner equivalent of serde's derived `Deserialize` for objects.
//!
//! A derived `Deserialize` gives each struct a field enum with its own visitor, a map visitor and a sequence
//! visitor, all of it type-checked in the generated crate whether or not it is used. Here the visitor is written
//! once, generic over the struct ([`Record`]); a struct only says how it reads a map, key by key. The meaning is
//! the derive's for the structs the generator writes: unknown keys are skipped (or kept, by a struct with a map
//! of additional properties), a missing required field is serde's "missing field" error, `null` or a missing key
//! is `None` for an optional field. A key given twice keeps its last value.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A struct that the generated code decodes from a map.
pub trait Record: Sized {
    /// The struct's name, for error messages (`expected struct Credential`).
    const NAME: &'static str;

    /// Reads every entry of `map` into the struct.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a [`Record`]: what its `Deserialize::deserialize` does.
pub fn deserialize_record<'de, D: Deserializer<'de>, R: Record>(deserializer: D) -> Result<R, D::Error> {
    deserializer.deserialize_map(RecordVisitor(PhantomData))
}

struct RecordVisitor<R>(PhantomData<R>);

impl<'de, R: Record> Visitor<'de> for RecordVisitor<R> {
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", R::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<R, A::Error> {
        R::visit(map)
    }
}

/// A key of a map, borrowed from the input when it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// The value of a required field, or serde's "missing field" error.
pub fn required<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// Skips the value of a key the struct does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// What the generator writes for `{sid: string (required), name?: string, count?: integer}` plus additional
    /// properties.
    #[derive(Debug, PartialEq)]
    struct Thing {
        sid: String,
        name: Option<String>,
        count: Option<i64>,
        extra: BTreeMap<String, serde_json::Value>,
    }

    impl Record for Thing {
        const NAME: &'static str = "Thing";

        fn visit<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut sid, mut name, mut count, mut extra) = (None, None, None, BTreeMap::new());
            while let Some(key) = map.next_key::<Key>()? {
                match key.as_str() {
                    "sid" | "old_sid" => sid = Some(map.next_value()?),
                    "name" => name = map.next_value()?,
                    "count" => count = map.next_value()?,
                    _ => {
                        extra.insert(key.into_string(), map.next_value()?);
                    }
                }
            }
            Ok(Thing { sid: required(sid, "sid")?, name, count, extra })
        }
    }

    impl<'de> de::Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_record(deserializer)
        }
    }

    #[test]
    fn fields_aliases_nulls_and_additional_keys_decode() {
        let thing: Thing = serde_json::from_str(r#"{"old_sid": "S1", "name": null, "count": 3, "x\"y": [1]}"#).unwrap();
        let extra = BTreeMap::from([("x\"y".to_owned(), serde_json::json!([1]))]);
        assert_eq!(thing, Thing { sid: "S1".into(), name: None, count: Some(3), extra });
        let from_value: Thing = serde_json::from_value(serde_json::json!({"sid": "S2", "name": "n"})).unwrap();
        assert_eq!((from_value.sid.as_str(), from_value.name.as_deref()), ("S2", Some("n")));
    }

    #[test]
    fn errors_are_serdes() {
        let missing = serde_json::from_str::<Thing>(r#"{"name": "n"}"#).unwrap_err().to_string();
        assert!(missing.starts_with("missing field `sid`"), "{missing}");
        let wrong = serde_json::from_str::<Thing>(r#"{"sid": 1}"#).unwrap_err().to_string();
        assert!(wrong.starts_with("invalid type: integer `1`, expected a string"), "{wrong}");
        let not_a_map = serde_json::from_str::<Thing>("[1]").unwrap_err().to_string();
        assert!(not_a_map.starts_with("invalid type: sequence, expected struct Thing"), "{not_a_map}");
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let thing: Thing = serde_json::from_str(r#"{"sid": "a", "sid": "b"}"#).unwrap();
        assert_eq!(thing.sid, "b");
    }
}
