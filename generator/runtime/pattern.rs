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
    ///
    /// Always inlined: every generated type checks against a constant pattern, and inlined the matcher is
    /// specialised to it by the compiler (for a SID, half the time; see BENCHMARKS.md). The error is built out of
    /// line.
    #[inline(always)]
    pub fn check(&self, value: &str) -> Result<(), InvalidValue> {
        let ascii = value.is_ascii();
        let length = if ascii { value.len() } else { value.chars().count() };
        let fits = !matches!(self.min_length, Some(min) if length < min)
            && !matches!(self.max_length, Some(max) if length > max)
            && if ascii { matches_ascii(self.pieces, value) } else { matches(self.pieces, value) };
        if fits {
            Ok(())
        } else {
            Err(self.problem(value, length))
        }
    }

    /// What is wrong with `value`, which does not fit.
    #[cold]
    #[inline(never)]
    fn problem(&self, value: &str, length: usize) -> InvalidValue {
        let reason = if value.is_empty() && self.min_length.unwrap_or(0) > 0 {
            "it is empty".to_owned()
        } else if let Some(min) = self.min_length.filter(|&min| length < min) {
            format!("expected at least {min} characters, found {length}")
        } else if let Some(max) = self.max_length.filter(|&max| length > max) {
            format!("expected at most {max} characters, found {length}")
        } else {
            format!("it does not match the pattern {}", self.regex)
        };
        InvalidValue { type_name: self.type_name, reason }
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

/// The ASCII part of a class as a set of 128 bits, bit `c` standing for the character `c`: characters 0 to 63 in
/// the first word, 64 to 127 in the second.
#[inline]
fn ascii_set(ranges: &[(char, char)]) -> [u64; 2] {
    let set = ranges.iter().fold(0u128, |set, &(lo, hi)| {
        let (lo, hi) = (lo as u32, (hi as u32).min(127));
        if lo > hi {
            set
        } else {
            set | ((u128::MAX >> (127 - hi)) & (u128::MAX << lo))
        }
    });
    [set as u64, (set >> 64) as u64]
}

/// Whether the ASCII character `byte` is in `set`.
#[inline]
fn in_ascii_set(set: &[u64; 2], byte: u8) -> bool {
    (set[usize::from(byte >> 6) & 1] >> (byte & 63)) & 1 == 1
}

/// [`matches`] for ASCII text, where characters are bytes: the same answers, without decoding characters or
/// searching the class ranges per character. `text` must be ASCII.
///
/// Pieces are taken in a loop, and the rare backtracking over a class that is not the last piece is left to
/// [`matches`]: not being recursive, this inlines into [`Pattern::check`].
#[inline(always)]
fn matches_ascii(pieces: &[Piece], text: &str) -> bool {
    let mut bytes = text.as_bytes();
    for (at, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Literal(literal) => match bytes.strip_prefix(literal.as_bytes()) {
                Some(tail) => bytes = tail,
                None => return false,
            },
            Piece::Class { ranges, min, max } if at + 1 == pieces.len() => {
                // The last piece takes the whole rest of the text.
                let set = ascii_set(ranges);
                return bytes.len() >= *min as usize
                    && !matches!(max, Some(max) if bytes.len() > *max as usize)
                    && bytes.iter().all(|&b| in_ascii_set(&set, b));
            }
            // A class with pieces after it may have to give characters back: ASCII, so any byte offset is a
            // character boundary.
            Piece::Class { .. } => return matches(&pieces[at..], &text[text.len() - bytes.len()..]),
        }
    }
    bytes.is_empty()
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

    #[test]
    fn ascii_text_gets_the_answers_of_the_general_matcher() {
        const WORD: &[(char, char)] = &[('a', 'z'), ('é', 'é')];
        const CASES: &[&[Piece]] = &[
            SID.pieces,
            &[Piece::Class { ranges: WORD, min: 1, max: None }, Piece::Literal("z")],
            &[Piece::Literal("x"), Piece::Class { ranges: HEX, min: 0, max: Some(3) }, Piece::Literal("a")],
            &[Piece::Class { ranges: &[('\0', '\u{10FFFF}')], min: 2, max: Some(4) }],
            &[
                Piece::Class { ranges: &[('~', 'é')], min: 1, max: Some(2) },
                Piece::Class { ranges: HEX, min: 1, max: None },
            ],
        ];
        let texts = [
            "",
            "a",
            "z",
            "az",
            "abz",
            "xa",
            "xaa",
            "xfa",
            "xffa",
            "xfffa",
            "xffffa",
            "~",
            "~~",
            "~~1",
            "\u{7f}1",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag",
            "AC0123456789ABCDEFabcdef0123456789",
        ];
        for (i, pieces) in CASES.iter().enumerate() {
            for text in texts {
                assert_eq!(matches_ascii(pieces, text), matches(pieces, text), "case {i}, {text:?}");
            }
        }
        let p = Pattern { type_name: "T", regex: "^[a-zé]+z$", pieces: CASES[1], min_length: None, max_length: None };
        assert!(p.check("éz").is_ok());
        assert!(p.check("aéaz").is_ok());
        assert!(p.check("aé").is_err());
    }
}
