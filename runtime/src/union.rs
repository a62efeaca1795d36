//! Encoding and decoding of `oneOf`/`anyOf` types whose members a property tells apart (a discriminator).
//!
//! The generated enums decode the whole object first, read the tag, then decode the member it names from the
//! same object, so a member keeps the tag property if it declares one. A tag no member claims decodes into the
//! fallback variant as JSON: nothing the API sent is lost.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde_json::Value;

/// The value of the tag `property` of an object, when it is a string.
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(Value::as_str)
}

/// Decodes the member a tag chose from the whole object.
pub fn member<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Encodes a member with its tag: the member's own value of the property when it has one, else `tag`.
pub fn tagged<T: serde::Serialize, S: serde::Serializer>(
    member: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(member).map_err(S::Error::custom)?;
    if let Value::Object(object) = &mut value {
        object.entry(property.to_owned()).or_insert_with(|| Value::String(tag.to_owned()));
    }
    serde::Serialize::serialize(&value, serializer)
}

/// Whether `value` is an object whose every key is one of `keys`: a member declaring those keys describes it whole.
pub fn names_every_key(value: &Value, keys: &[&str]) -> bool {
    match value {
        Value::Object(object) => object.keys().all(|key| keys.contains(&key.as_str())),
        _ => false,
    }
}

/// The value decoded as one member, if it decodes.
pub fn decoded<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Dog {
        bark: bool,
    }

    #[test]
    fn the_tag_is_added_when_the_member_lacks_it() {
        let json = tagged(&Dog { bark: true }, "kind", "dog", serde_json::value::Serializer).unwrap();
        assert_eq!(json, serde_json::json!({"bark": true, "kind": "dog"}));
        let json = tagged(&serde_json::json!({"kind": "hound"}), "kind", "dog", serde_json::value::Serializer);
        assert_eq!(json.unwrap(), serde_json::json!({"kind": "hound"}));
    }

    #[test]
    fn a_member_names_every_key_or_not() {
        let value = serde_json::json!({"kind": "dog", "bark": false});
        assert!(names_every_key(&value, &["kind", "bark", "name"]));
        assert!(!names_every_key(&value, &["kind"]));
        assert!(!names_every_key(&serde_json::json!("dog"), &["kind"]));
        assert_eq!(decoded::<Dog>(&value), Some(Dog { bark: false }));
        assert_eq!(decoded::<Dog>(&serde_json::json!({"kind": "cat"})), None);
    }

    #[test]
    fn members_decode_from_the_whole_object() {
        let value = serde_json::json!({"kind": "dog", "bark": false});
        assert_eq!(tag(&value, "kind"), Some("dog"));
        let dog: Result<Dog, serde_json::Error> = member(value);
        assert_eq!(dog.unwrap(), Dog { bark: false });
        assert_eq!(tag(&serde_json::json!(3), "kind"), None);
    }
}
