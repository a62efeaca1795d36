//! Calendar dates as the APIs send them (`format: date`): RFC 3339's `full-date`, `2015-07-31`.

use std::fmt;

/// A day of the proleptic Gregorian calendar, without a time or a zone. Orders by year, month, then day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, when `month` and `day` exist in `year` (years 0 to 9999, as the format writes them).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let valid = year <= 9999
            && (1..=12).contains(&month)
            && (1..=super::timestamp::days_in_month(i64::from(year), u32::from(month))).contains(&u32::from(day));
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, InvalidDate> {
        let invalid = || InvalidDate { excerpt: text.chars().take(40).collect() };
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(invalid());
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let digits = &text[range];
            digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok()).flatten()
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        match (year, month, day) {
            (Some(year), Some(month), Some(day)) => Date::new(year, month as u8, day as u8).ok_or_else(invalid),
            _ => Err(invalid()),
        }
    }

    /// The year, 0 to 9999.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(&self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl std::str::FromStr for Date {
    type Err = InvalidDate;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

/// Text that is not a `YYYY-MM-DD` date of the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidDate {
    excerpt: String,
}

impl fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a YYYY-MM-DD date", self.excerpt)
    }
}

impl std::error::Error for InvalidDate {}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a YYYY-MM-DD date")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_print_and_round_trip() {
        let date = Date::parse("2024-02-29").unwrap();
        assert_eq!((date.year(), date.month(), date.day()), (2024, 2, 29));
        assert_eq!(date.to_string(), "2024-02-29");
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2024-02-29\"");
        assert_eq!(serde_json::from_str::<Date>("\"0001-01-01\"").unwrap(), Date::new(1, 1, 1).unwrap());
        assert!(Date::parse("2024-01-31").unwrap() < Date::parse("2024-02-01").unwrap());
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for text in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "2024-01-01T00:00:00Z", "+024-01-01", ""] {
            assert!(Date::parse(text).is_err(), "{text}");
        }
        assert!(serde_json::from_str::<Date>("\"2024-04-31\"").is_err());
    }
}
