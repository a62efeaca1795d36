//! Dates as the APIs send them: RFC 3339 (`2015-07-31T04:00:00Z`) or RFC 2822 (`Fri, 31 Jul 2015 04:00:00 +0000`).

use std::fmt;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

/// A point in time. Parses RFC 3339 and RFC 2822; serializes as RFC 3339.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Parses RFC 3339 or RFC 2822 (including the `GMT` zone HTTP dates use).
    pub fn parse(text: &str) -> Result<Self, InvalidTimestamp> {
        OffsetDateTime::parse(text, &Rfc3339)
            .or_else(|_| OffsetDateTime::parse(text, &Rfc2822))
            .or_else(|_| match text.strip_suffix(" GMT") {
                Some(rest) => OffsetDateTime::parse(&format!("{rest} +0000"), &Rfc2822),
                None => Err(time::error::Parse::ParseFromDescription(
                    time::error::ParseFromDescription::InvalidComponent("offset"),
                )),
            })
            .map(Timestamp)
            .map_err(|_| InvalidTimestamp { excerpt: text.chars().take(40).collect() })
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z, if representable.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp(seconds).ok().map(Timestamp)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The instant as a `time::OffsetDateTime`, in the offset it was sent with.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Timestamp(value)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl std::str::FromStr for Timestamp {
    type Err = InvalidTimestamp;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

/// Text that is neither RFC 3339 nor RFC 2822.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidTimestamp {
    excerpt: String,
}

impl fmt::Display for InvalidTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not an RFC 3339 or RFC 2822 date", self.excerpt)
    }
}

impl std::error::Error for InvalidTimestamp {}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_give_the_same_instant() {
        let a = Timestamp::parse("2015-07-31T04:00:00Z").unwrap();
        let b = Timestamp::parse("Fri, 31 Jul 2015 04:00:00 +0000").unwrap();
        let c = Timestamp::parse("Fri, 31 Jul 2015 04:00:00 GMT").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a.to_string(), "2015-07-31T04:00:00Z");
        assert_eq!(a.unix_seconds(), 1_438_315_200);
    }

    #[test]
    fn other_text_is_an_error() {
        assert!(Timestamp::parse("yesterday").is_err());
        assert!(Timestamp::parse("").is_err());
        assert!(serde_json::from_str::<Timestamp>("\"2015-13-01T00:00:00Z\"").is_err());
    }
}
