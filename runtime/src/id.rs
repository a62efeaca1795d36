//! Identifiers validated against a pattern (SIDs): one generic type, and a marker type per pattern that the
//! generated crate declares with its rules.
//!
//! Every trait an identifier has is implemented here once, generic over the marker, and compiled only for the
//! identifiers a program uses; a generated crate only states each pattern.

use super::encode::FormValue;
use super::pattern::{InvalidValue, Pattern};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The rules of one identifier type: its name, pattern and lengths. Implemented by the marker types of a
/// generated crate (`sid::rules::TrunkSid`).
pub trait Rules {
    /// The pattern, compiled, with the type's name and length limits.
    const RULES: Pattern;
}

/// A string that fits the pattern and lengths of `R`: a value of this type always does, since every way to
/// make one checks. Generated crates name each one (`pub type TrunkSid = Id<rules::TrunkSid>`), so a SID of
/// one kind cannot go where another kind is expected.
pub struct Id<R>(String, PhantomData<fn() -> R>);

impl<R: Rules> Id<R> {
    /// The spec's pattern, an ECMA-262 regular expression, that every value matches.
    pub const PATTERN: &'static str = R::RULES.regex;

    /// Validates `value`.
    pub fn new(value: impl Into<String>) -> Result<Self, InvalidValue> {
        let value = value.into();
        R::RULES.check(&value)?;
        Ok(Id(value, PhantomData))
    }
}

impl<R> Id<R> {
    /// The value as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl<R> Clone for Id<R> {
    fn clone(&self) -> Self {
        Id(self.0.clone(), PhantomData)
    }
}

impl<R> PartialEq for Id<R> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<R> Eq for Id<R> {}

impl<R> PartialOrd for Id<R> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<R> Ord for Id<R> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl<R> Hash for Id<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

/// `TrunkSid("TK…")`: the type's name and the value.
impl<R: Rules> fmt::Debug for Id<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple(R::RULES.type_name).field(&self.0).finish()
    }
}

impl<R> fmt::Display for Id<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<R> AsRef<str> for Id<R> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<R> From<Id<R>> for String {
    fn from(value: Id<R>) -> Self {
        value.0
    }
}

impl<R: Rules> std::str::FromStr for Id<R> {
    type Err = InvalidValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::new(value)
    }
}

impl<R: Rules> TryFrom<&str> for Id<R> {
    type Error = InvalidValue;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R: Rules> TryFrom<String> for Id<R> {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<R> serde::Serialize for Id<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de, R: Rules> serde::Deserialize<'de> for Id<R> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Self::new(value).map_err(serde::de::Error::custom)
    }
}

impl<R> FormValue for Id<R> {
    fn to_form(&self) -> serde_json::Value {
        self.0.to_form()
    }
}

#[cfg(test)]
mod tests {
    use super::super::pattern::{Matcher, Piece};
    use super::*;

    enum TestSid {}

    impl Rules for TestSid {
        const RULES: Pattern = Pattern {
            type_name: "TestSid",
            regex: "^TS[0-9]{2}$",
            matcher: Matcher::Pieces(&[
                Piece::Literal("TS"),
                Piece::Class { ranges: &[('0', '9')], min: 2, max: Some(2) },
            ]),
            min_length: Some(4),
            max_length: Some(4),
        };
    }

    type Sid = Id<TestSid>;

    #[test]
    fn every_way_in_checks_the_pattern() {
        assert_eq!(Sid::new("TS12").unwrap().as_str(), "TS12");
        assert_eq!("TS12".parse::<Sid>().unwrap(), Sid::try_from("TS12".to_owned()).unwrap());
        for bad in ["TS1", "TS123", "XX12", "ts12"] {
            let error = Sid::try_from(bad).unwrap_err();
            assert_eq!(error.type_name(), "TestSid", "{bad}");
            assert!(serde_json::from_value::<Sid>(serde_json::json!(bad)).is_err(), "{bad}");
        }
        assert_eq!(Sid::PATTERN, "^TS[0-9]{2}$");
    }

    #[test]
    fn it_shows_compares_and_encodes_as_its_string() {
        let sid = Sid::new("TS12").unwrap();
        assert_eq!(format!("{sid:?} {sid}"), "TestSid(\"TS12\") TS12");
        assert!(sid < Sid::new("TS13").unwrap());
        assert_eq!(serde_json::to_string(&sid).unwrap(), "\"TS12\"");
        assert_eq!(serde_json::from_str::<Sid>("\"TS12\"").unwrap(), sid);
        assert_eq!(String::from(sid.clone()), "TS12");
        assert_eq!(sid.to_form(), serde_json::json!("TS12"));
    }
}
