//! Compiles a schema's `pattern` into pieces a small matcher in the generated crate runs, so that the crate
//! validates exactly what the regex accepts without depending on a regex engine.

use crate::error::Error;
use crate::ir::PatternPiece;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Compiles `pattern`; `at` is the pointer used in errors.
pub fn compile(pattern: &str, at: &str) -> Result<Vec<PatternPiece>, Error> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).map_err(|e| {
        Error::at(at, format!("invalid pattern {pattern:?}: {}", first_line(&e.to_string())))
            .help("write the pattern as an ECMA-262 regular expression, for example ^AC[0-9a-fA-F]{32}$")
    })?;
    let items: Vec<&Hir> = match hir.kind() {
        HirKind::Concat(items) => items.iter().collect(),
        _ => vec![&hir],
    };
    let mut pieces = Vec::new();
    let anchored_start = matches!(items.first().map(|h| h.kind()), Some(HirKind::Look(Look::Start)));
    let anchored_end = matches!(items.last().map(|h| h.kind()), Some(HirKind::Look(Look::End)));
    if !anchored_start {
        pieces.push(any());
    }
    let inner = &items[usize::from(anchored_start)..items.len() - usize::from(anchored_end && !items.is_empty())];
    for item in inner {
        piece(item, pattern, at, &mut pieces)?;
    }
    if !anchored_end {
        pieces.push(any());
    }
    Ok(merge_literals(pieces))
}

fn any() -> PatternPiece {
    PatternPiece::Class { ranges: vec![('\0', char::MAX)], min: 0, max: None }
}

fn piece(hir: &Hir, pattern: &str, at: &str, out: &mut Vec<PatternPiece>) -> Result<(), Error> {
    match hir.kind() {
        HirKind::Empty => Ok(()),
        HirKind::Literal(literal) => {
            out.push(PatternPiece::Literal(String::from_utf8_lossy(&literal.0).into_owned()));
            Ok(())
        }
        HirKind::Class(class) => {
            out.push(PatternPiece::Class { ranges: ranges(class, pattern, at)?, min: 1, max: Some(1) });
            Ok(())
        }
        HirKind::Capture(capture) => piece(&capture.sub, pattern, at, out),
        HirKind::Concat(items) => items.iter().try_for_each(|item| piece(item, pattern, at, out)),
        HirKind::Repetition(rep) => {
            let ranges = match rep.sub.kind() {
                HirKind::Class(class) => ranges(class, pattern, at)?,
                HirKind::Literal(literal) => {
                    match std::str::from_utf8(&literal.0).ok().map(|s| s.chars().collect::<Vec<_>>()) {
                        Some(chars) if chars.len() == 1 => vec![(chars[0], chars[0])],
                        _ => return Err(unsupported(pattern, at, "a repeated group")),
                    }
                }
                _ => return Err(unsupported(pattern, at, "a repeated group")),
            };
            out.push(PatternPiece::Class { ranges, min: rep.min, max: rep.max });
            Ok(())
        }
        HirKind::Alternation(_) => Err(unsupported(pattern, at, "alternation (`|`)")),
        HirKind::Look(_) => Err(unsupported(pattern, at, "an anchor or assertion inside the pattern")),
    }
}

fn ranges(class: &Class, pattern: &str, at: &str) -> Result<Vec<(char, char)>, Error> {
    match class {
        Class::Unicode(class) => Ok(class.ranges().iter().map(|r| (r.start(), r.end())).collect()),
        Class::Bytes(_) => Err(unsupported(pattern, at, "a byte class")),
    }
}

fn merge_literals(pieces: Vec<PatternPiece>) -> Vec<PatternPiece> {
    let mut out: Vec<PatternPiece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(PatternPiece::Literal(last)), PatternPiece::Literal(next)) => last.push_str(&next),
            (_, piece) => out.push(piece),
        }
    }
    out
}

fn unsupported(pattern: &str, at: &str, what: &str) -> Error {
    Error::at(at, format!("pattern {pattern:?} uses {what}, which generated validators do not support"))
        .help("use a sequence of literals and character classes with repetitions, like ^AC[0-9a-fA-F]{32}$")
}

fn first_line(s: &str) -> String {
    let last = s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(s).trim();
    last.strip_prefix("error: ").unwrap_or(last).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_patterns_become_a_literal_and_a_counted_class() {
        let pieces = compile("^AC[0-9a-fA-F]{32}$", "/x").unwrap();
        assert_eq!(
            pieces,
            vec![
                PatternPiece::Literal("AC".into()),
                PatternPiece::Class { ranges: vec![('0', '9'), ('A', 'F'), ('a', 'f')], min: 32, max: Some(32) },
            ]
        );
    }

    #[test]
    fn unanchored_patterns_match_anywhere() {
        let pieces = compile("abc", "/x").unwrap();
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[1], PatternPiece::Literal("abc".into()));
    }

    #[test]
    fn unsupported_and_invalid_patterns_are_errors_with_a_place() {
        let e = compile("^(ab|cd)$", "/components/schemas/X").unwrap_err();
        assert!(e.message.contains("alternation"), "{e}");
        assert_eq!(e.location, "/components/schemas/X");
        let e = compile("^AC[0-9", "/p").unwrap_err();
        assert!(e.message.contains("invalid pattern"), "{e}");
    }
}
