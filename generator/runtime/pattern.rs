//! Validation of string newtypes against the pattern and lengths of their schema.

use std::fmt;

/// One step of a compiled pattern (the generator compiles each schema's regex into these).
#[derive(Debug)]
pub enum Piece {
    Literal(&'static str),
    /// Between `min` and `max` (unbounded when `None`) characters, each within one of the inclusive ranges.
    Class {
        ranges: &'static [(char, char)],
        min: u32,
        max: Option<u32>,
    },
}

/// A string schema: its regex, compiled, and its length limits in characters.
#[derive(Debug)]
pub struct Pattern {
    pub type_name: &'static str,
    pub regex: &'static str,
    pub pieces: &'static [Piece],
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
}

impl Pattern {
    /// Checks `value`, saying what is wrong if it does not fit.
    pub fn check(&self, value: &str) -> Result<(), InvalidValue> {
        let fail = |reason: String| InvalidValue { type_name: self.type_name, reason };
        if value.is_empty() && self.min_length.unwrap_or(0) > 0 {
            return Err(fail("it is empty".into()));
        }
        let length = if value.is_ascii() { value.len() } else { value.chars().count() };
        if let Some(min) = self.min_length.filter(|&min| length < min) {
            return Err(fail(format!("expected at least {min} characters, found {length}")));
        }
        if let Some(max) = self.max_length.filter(|&max| length > max) {
            return Err(fail(format!("expected at most {max} characters, found {length}")));
        }
        if !matches(self.pieces, value) {
            return Err(fail(format!("it does not match the pattern {}", self.regex)));
        }
        Ok(())
    }
}

fn in_class(ranges: &[(char, char)], c: char) -> bool {
    ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

/// Whether the whole of `text` matches the pieces in sequence, backtracking over counted classes.
fn matches(pieces: &[Piece], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else { return text.is_empty() };
    match first {
        Piece::Literal(literal) => text.strip_prefix(literal).is_some_and(|tail| matches(rest, tail)),
        Piece::Class { ranges, min, max } if rest.is_empty() => {
            let mut taken = 0u32;
            for c in text.chars() {
                if max.is_some_and(|max| taken >= max) || !in_class(ranges, c) {
                    return false;
                }
                taken += 1;
            }
            taken >= *min
        }
        Piece::Class { ranges, min, max } => {
            // Byte offsets after each character taken, as long as characters stay in the class.
            let mut ends = Vec::new();
            let mut taken = 0u32;
            for (offset, c) in text.char_indices() {
                if max.is_some_and(|max| taken >= max) || !in_class(ranges, c) {
                    break;
                }
                taken += 1;
                ends.push(offset + c.len_utf8());
            }
            (*min..=taken).rev().any(|n| {
                let end = if n == 0 { 0 } else { ends[n as usize - 1] };
                matches(rest, &text[end..])
            })
        }
    }
}

/// A value that does not fit its type: names the type and what is wrong, never echoes the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidValue {
    type_name: &'static str,
    reason: String,
}

impl InvalidValue {
    /// The Rust type (or the parameter) the value was meant for.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// What is wrong with the value.
    pub(crate) fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.type_name, self.reason)
    }
}

impl std::error::Error for InvalidValue {}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &[(char, char)] = &[('0', '9'), ('A', 'F'), ('a', 'f')];
    const SID: Pattern = Pattern {
        type_name: "TestSid",
        regex: "^AC[0-9a-fA-F]{32}$",
        pieces: &[Piece::Literal("AC"), Piece::Class { ranges: HEX, min: 32, max: Some(32) }],
        min_length: Some(34),
        max_length: Some(34),
    };

    #[test]
    fn sids_need_prefix_length_and_hex() {
        assert!(SID.check("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_ok());
        assert!(SID.check("AC0123456789ABCDEFabcdef0123456789").is_ok());
        assert!(SID.check("ABaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_err());
        assert!(SID.check("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").unwrap_err().to_string().contains("at most 34"));
        assert!(SID.check("ACgaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_err());
        assert_eq!(SID.check("").unwrap_err().to_string(), "invalid TestSid: it is empty");
    }

    #[test]
    fn classes_backtrack_when_a_later_piece_needs_the_characters() {
        const PIECES: &[Piece] = &[Piece::Class { ranges: &[('a', 'z')], min: 1, max: None }, Piece::Literal("z")];
        let p = Pattern { type_name: "T", regex: "^[a-z]+z$", pieces: PIECES, min_length: None, max_length: None };
        assert!(p.check("abz").is_ok());
        assert!(p.check("z").is_err());
        assert!(p.check("ab").is_err());
    }
}
