//! Dates as the APIs send them: RFC 3339 (`2015-07-31T04:00:00Z`) or RFC 2822 (`Fri, 31 Jul 2015 04:00:00 +0000`).
//!
//! A small parser of its own keeps the generated crate free of a date library; convert with
//! [`Timestamp::unix_seconds`] and [`Timestamp::nanoseconds`] to the one your application uses.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A point in time, with the UTC offset it was written in. Parses RFC 3339 and RFC 2822; serializes as RFC 3339.
/// Two timestamps are equal when they name the same instant, whatever their offsets.
#[derive(Clone, Copy)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    seconds: i64,
    nanos: u32,
    /// The offset from UTC the text used, in minutes.
    offset: i16,
}

impl Timestamp {
    /// Parses RFC 3339 or RFC 2822 (including the `GMT` zone HTTP dates use).
    pub fn parse(text: &str) -> Result<Self, InvalidTimestamp> {
        parse_rfc3339(text.trim())
            .or_else(|| parse_rfc2822(text.trim()))
            .ok_or_else(|| InvalidTimestamp { excerpt: text.chars().take(40).collect() })
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z, in UTC.
    pub fn from_unix_seconds(seconds: i64) -> Self {
        Timestamp { seconds, nanos: 0, offset: 0 }
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.seconds
    }

    /// The fraction of the second, in nanoseconds.
    pub fn nanoseconds(&self) -> u32 {
        self.nanos
    }

    /// The offset from UTC the API wrote the time in, in minutes.
    pub fn offset_minutes(&self) -> i16 {
        self.offset
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        (self.seconds, self.nanos) == (other.seconds, other.nanos)
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.seconds, self.nanos).cmp(&(other.seconds, other.nanos))
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.seconds, self.nanos).hash(state);
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count from 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Builds a timestamp from calendar fields, checking every range.
#[allow(clippy::too_many_arguments)]
fn from_fields(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset: i32,
) -> Option<Timestamp> {
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60
        && offset.abs() < 24 * 60;
    if !valid {
        return None;
    }
    let local = days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(Timestamp { seconds: local - i64::from(offset) * 60, nanos, offset: offset as i16 })
}

/// A run of exactly `n` ASCII digits.
fn digits(text: &str, n: usize) -> Option<u32> {
    let part = text.get(..n)?;
    part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
}

fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (digits(text, 4)?, digits(&text[5..], 2)?, digits(&text[8..], 2)?);
    let (hour, minute, second) = (digits(&text[11..], 2)?, digits(&text[14..], 2)?, digits(&text[17..], 2)?);
    let mut rest = &text[19..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        let kept = &fraction[..len.min(9)];
        nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
        rest = &fraction[len..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            sign * (digits(&rest[1..], 2)? * 60 + digits(&rest[4..], 2)?) as i32
        }
    };
    from_fields(i64::from(year), month, day, hour, minute, second, nanos, offset)
}

fn parse_rfc2822(text: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let text = match text.split_once(',') {
        Some((weekday, rest)) if DAYS.contains(&weekday.trim()) => rest,
        Some(_) => return None,
        None => text,
    };
    let mut parts = text.split_ascii_whitespace();
    let day: u32 = parts.next().filter(|d| (1..=2).contains(&d.len()))?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year: i64 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let time = parts.next()?;
    let (hour, minute, second) = match time.len() {
        8 if &time[2..3] == ":" && &time[5..6] == ":" => {
            (digits(time, 2)?, digits(&time[3..], 2)?, digits(&time[6..], 2)?)
        }
        5 if &time[2..3] == ":" => (digits(time, 2)?, digits(&time[3..], 2)?, 0),
        _ => return None,
    };
    let offset = match parts.next()? {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        zone if zone.len() == 5 && (zone.starts_with('+') || zone.starts_with('-')) => {
            let minutes = (digits(&zone[1..], 2)? * 60 + digits(&zone[3..], 2)?) as i32;
            if zone.starts_with('-') {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    from_fields(year, month, day, hour, minute, second, 0, offset)
}

impl fmt::Display for Timestamp {
    /// RFC 3339, in the offset the API used (`Z` for UTC); fractions only when present.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.seconds + i64::from(self.offset) * 60;
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        let second_of_day = local.rem_euclid(86_400);
        let (hour, minute, second) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
        write!(f, "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")?;
        if self.nanos > 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        match self.offset {
            0 => f.write_str("Z"),
            offset => {
                let sign = if offset < 0 { '-' } else { '+' };
                write!(f, "{sign}{:02}:{:02}", offset.unsigned_abs() / 60, offset.unsigned_abs() % 60)
            }
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
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 or RFC 2822 date")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
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
        let d = Timestamp::parse("31 Jul 2015 06:00:00 +0200").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a, d);
        assert_eq!(a.to_string(), "2015-07-31T04:00:00Z");
        assert_eq!(d.to_string(), "2015-07-31T06:00:00+02:00");
        assert_eq!(a.unix_seconds(), 1_438_315_200);
    }

    #[test]
    fn fractions_offsets_and_old_dates_round_trip() {
        for text in [
            "2018-05-02T17:29:30.5Z",
            "1969-12-31T23:59:59-05:30",
            "2000-02-29T00:00:00.000000001Z",
            "0001-01-01T00:00:00Z",
        ] {
            assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z").unwrap().unix_seconds(), 0);
        assert_eq!(Timestamp::parse("2024-03-01T00:00:00Z").unwrap().unix_seconds(), 1_709_251_200);
    }

    #[test]
    fn the_calendar_matches_a_day_count_everywhere() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!((1..=days_in_month(y, m)).contains(&d));
        }
    }

    #[test]
    fn other_text_is_an_error() {
        for bad in [
            "yesterday",
            "",
            "2015-13-01T00:00:00Z",
            "2015-02-29T00:00:00Z",
            "2015-01-01T24:00:00Z",
            "2015-01-01T00:00:00",
            "2015-01-01T00:00:00+0100",
            "Fri, 31 Foo 2015 04:00:00 +0000",
            "Xyz, 31 Jul 2015 04:00:00 +0000",
            "31 Jul 2015 04:00:00 +0000 extra",
            "２０１５-01-01T00:00:00Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Timestamp>("\"2015-13-01T00:00:00Z\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("17").is_err());
    }
}
