//! Validation of string newtypes against the pattern and lengths of their schema.

use std::fmt;

/// One step of a compiled pattern (the generator compiles each schema's regex into these).
#[derive(Debug)]
pub enum Piece {
    Literal(&'static str),
    /// One of several literals, none a prefix of another: at most one of them starts any text.
    Literals(&'static [&'static str]),
    /// Between `min` and `max` (unbounded when `None`) characters, each within one of the inclusive ranges.
    Class {
        ranges: &'static [(char, char)],
        min: u32,
        max: Option<u32>,
    },
    /// One of several sequences of pieces, each tried followed by the rest of the pattern.
    Either(&'static [&'static [Piece]]),
}

/// How a pattern is matched: by pieces, or by a regular expression of the crate's regex engine (behind a
/// function, so that this module needs no engine itself). Either way the whole value must fit.
#[derive(Debug)]
pub enum Matcher {
    Pieces(&'static [Piece]),
    Engine(fn(&str) -> bool),
}

/// A string schema: its regex, compiled, and its length limits in characters.
#[derive(Debug)]
pub struct Pattern {
    pub type_name: &'static str,
    pub regex: &'static str,
    pub matcher: Matcher,
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
            && match self.matcher {
                Matcher::Pieces(pieces) if ascii => matches_ascii(pieces, value),
                Matcher::Pieces(pieces) => matches(pieces, None, value),
                Matcher::Engine(is_match) => is_match(value),
            };
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

/// Pieces still to match after the current sequence: the rest of each enclosing sequence, innermost first.
struct Then<'a> {
    pieces: &'a [Piece],
    outer: Option<&'a Then<'a>>,
}

/// Whether the whole of `text` matches the pieces in sequence and then what `then` holds, backtracking over
/// counted classes and alternatives.
fn matches(pieces: &[Piece], then: Option<&Then<'_>>, text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return match then {
            Some(then) => matches(then.pieces, then.outer, text),
            None => text.is_empty(),
        };
    };
    match first {
        Piece::Literal(literal) => text.strip_prefix(literal).is_some_and(|tail| matches(rest, then, tail)),
        Piece::Literals(literals) => {
            literals.iter().any(|literal| text.strip_prefix(literal).is_some_and(|tail| matches(rest, then, tail)))
        }
        Piece::Class { ranges, min, max } if rest.is_empty() && then.is_none() => {
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
                matches(rest, then, &text[end..])
            })
        }
        Piece::Either(alternatives) => {
            let after = Then { pieces: rest, outer: then };
            let then = if rest.is_empty() { then } else { Some(&after) };
            alternatives.iter().any(|alternative| matches(alternative, then, text))
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
/// Pieces are taken in a loop, and the rare backtracking over a class that is not the last piece, or over
/// alternatives that are not literals, is left to [`matches`]: not being recursive, this inlines into
/// [`Pattern::check`].
#[inline(always)]
fn matches_ascii(pieces: &[Piece], text: &str) -> bool {
    let mut bytes = text.as_bytes();
    for (at, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Literal(literal) => match bytes.strip_prefix(literal.as_bytes()) {
                Some(tail) => bytes = tail,
                None => return false,
            },
            // None is a prefix of another, so the one that starts the text is the only one that can match.
            Piece::Literals(literals) => {
                match literals.iter().find_map(|literal| bytes.strip_prefix(literal.as_bytes())) {
                    Some(tail) => bytes = tail,
                    None => return false,
                }
            }
            Piece::Class { ranges, min, max } if at + 1 == pieces.len() => {
                // The last piece takes the whole rest of the text.
                let set = ascii_set(ranges);
                return bytes.len() >= *min as usize
                    && !matches!(max, Some(max) if bytes.len() > *max as usize)
                    && bytes.iter().all(|&b| in_ascii_set(&set, b));
            }
            // A class with pieces after it may have to give characters back, and alternatives be tried in turn:
            // ASCII, so any byte offset is a character boundary.
            Piece::Class { .. } | Piece::Either(_) => {
                return matches(&pieces[at..], None, &text[text.len() - bytes.len()..])
            }
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
    /// A value for `type_name` (a type, or a parameter) that is wrong as `reason` says.
    pub(crate) fn new(type_name: &'static str, reason: String) -> Self {
        InvalidValue { type_name, reason }
    }

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
    const SID_PIECES: &[Piece] = &[Piece::Literal("AC"), Piece::Class { ranges: HEX, min: 32, max: Some(32) }];
    const SID: Pattern = Pattern {
        type_name: "TestSid",
        regex: "^AC[0-9a-fA-F]{32}$",
        matcher: Matcher::Pieces(SID_PIECES),
        min_length: Some(34),
        max_length: Some(34),
    };

    fn pattern(regex: &'static str, pieces: &'static [Piece]) -> Pattern {
        Pattern { type_name: "T", regex, matcher: Matcher::Pieces(pieces), min_length: None, max_length: None }
    }

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
        let p = pattern("^[a-z]+z$", PIECES);
        assert!(p.check("abz").is_ok());
        assert!(p.check("z").is_err());
        assert!(p.check("ab").is_err());
    }

    #[test]
    fn sid_prefix_alternatives_take_one_prefix() {
        const PIECES: &[Piece] =
            &[Piece::Literals(&["SM", "MM"]), Piece::Class { ranges: HEX, min: 32, max: Some(32) }];
        let p = pattern("^(SM|MM)[0-9a-fA-F]{32}$", PIECES);
        assert!(p.check("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_ok());
        assert!(p.check("MM0123456789ABCDEFabcdef0123456789").is_ok());
        assert!(p.check("MSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_err());
        assert!(p.check("SMMMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").is_err());
        assert!(p.check("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé").is_err());
        assert!(p.check("SM").is_err());
    }

    #[test]
    fn alternatives_backtrack_into_the_rest_of_the_pattern() {
        // ^(a|ab)(c|bcd)(d*)$ and ^x(y(z|)|yz)z$: the first alternative that matches is not always the one that
        // lets the rest match.
        const FIRST: &[Piece] = &[
            Piece::Either(&[&[Piece::Literal("a")], &[Piece::Literal("ab")]]),
            Piece::Either(&[&[Piece::Literal("c")], &[Piece::Literal("bcd")]]),
            Piece::Class { ranges: &[('d', 'd')], min: 0, max: None },
        ];
        const NESTED: &[Piece] = &[
            Piece::Literal("x"),
            Piece::Either(&[
                &[Piece::Literal("y"), Piece::Either(&[&[Piece::Literal("z")], &[]])],
                &[Piece::Literal("yz")],
            ]),
            Piece::Literal("z"),
        ];
        let first = pattern("^(a|ab)(c|bcd)(d*)$", FIRST);
        for (text, fits) in [("abcd", true), ("ac", true), ("abc", true), ("abcdd", true), ("ab", false), ("a", false)]
        {
            assert_eq!(first.check(text).is_ok(), fits, "{text}");
            assert_eq!(matches(FIRST, None, text), fits, "{text}");
        }
        let nested = pattern("^x(y(z|)|yz)z$", NESTED);
        for (text, fits) in [("xyz", true), ("xyzz", true), ("xyzzz", false), ("xy", false), ("xz", false)] {
            assert_eq!(nested.check(text).is_ok(), fits, "{text}");
        }
    }

    #[test]
    fn an_engine_matcher_decides_alone_and_lengths_still_apply() {
        fn starts_with_ab(value: &str) -> bool {
            value.starts_with("ab")
        }
        let p = Pattern {
            type_name: "T",
            regex: "^ab",
            matcher: Matcher::Engine(starts_with_ab),
            min_length: Some(2),
            max_length: None,
        };
        assert!(p.check("abc").is_ok());
        assert!(p.check("abé").is_ok());
        assert_eq!(p.check("ba").unwrap_err().to_string(), "invalid T: it does not match the pattern ^ab");
        assert_eq!(p.check("").unwrap_err().to_string(), "invalid T: it is empty");
    }

    #[test]
    fn ascii_text_gets_the_answers_of_the_general_matcher() {
        const WORD: &[(char, char)] = &[('a', 'z'), ('é', 'é')];
        const CASES: &[&[Piece]] = &[
            SID_PIECES,
            &[Piece::Class { ranges: WORD, min: 1, max: None }, Piece::Literal("z")],
            &[Piece::Literal("x"), Piece::Class { ranges: HEX, min: 0, max: Some(3) }, Piece::Literal("a")],
            &[Piece::Class { ranges: &[('\0', '\u{10FFFF}')], min: 2, max: Some(4) }],
            &[
                Piece::Class { ranges: &[('~', 'é')], min: 1, max: Some(2) },
                Piece::Class { ranges: HEX, min: 1, max: None },
            ],
            &[Piece::Literals(&["AC", "x", "é"]), Piece::Class { ranges: HEX, min: 0, max: None }],
            &[
                Piece::Either(&[&[Piece::Literal("x")], &[Piece::Literal("xf")], &[]]),
                Piece::Class { ranges: WORD, min: 1, max: Some(3) },
                Piece::Either(&[&[Piece::Literal("a")], &[Piece::Literals(&["z", "~"])]]),
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
                assert_eq!(matches_ascii(pieces, text), matches(pieces, None, text), "case {i}, {text:?}");
            }
        }
        let p = pattern("^[a-zé]+z$", CASES[1]);
        assert!(p.check("éz").is_ok());
        assert!(p.check("aéaz").is_ok());
        assert!(p.check("aé").is_err());
    }
}
