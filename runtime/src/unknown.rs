//! The value an open enum holds when the API sends one the spec did not list.

use std::fmt;

/// A string value the spec did not list when the crate was generated. Only decoding and parsing make these,
/// and only from unlisted values, so an enum's fallback variant never holds a value that has a variant of its own.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

/// The fallback value of an enum for `value`, which has no variant of its own (generated decoders check that).
pub fn unknown_value(value: &str) -> UnknownValue {
    UnknownValue(value.to_owned())
}

impl UnknownValue {
    /// The value as the API sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
