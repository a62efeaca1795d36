//! Compiles a schema's `pattern`, an ECMA-262 regular expression, into what the generated crate checks values
//! with: pieces for the runtime's own matcher wherever they can say it (literals, counted character classes,
//! alternatives of those), and otherwise a regular expression for the `regex-lite` engine, which the generated
//! crate then depends on.
//!
//! Both mean what the pattern means in ECMA-262, not in Rust's regex syntax: the pattern is parsed by
//! regex-syntax, and the constructs that differ are rewritten before translation (`\d` is `[0-9]`, `\w` is
//! `[A-Za-z0-9_]`, `\s` is ECMA's white space and line terminators, `.` leaves out `\n`, `\r`, U+2028 and
//! U+2029, `\b` is an ASCII word boundary); the constructs regex-syntax reads otherwise than ECMA-262 does (`[`
//! inside a class, `&&`, `--` and `~~` in a class, a class opening on `]`, inline flags, `\A`, `\z`) are refused.
//! Characters are matched by code point, as ECMA-262 does with the `u` flag.

use crate::error::Error;
use crate::ir::{Matcher, PatternPiece};
use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};
use regex_syntax::hir::{self, Class, Hir, HirKind, Look};

/// Compiles `pattern`; `at` is the pointer used in errors.
pub fn compile(pattern: &str, at: &str) -> Result<Matcher, Error> {
    let hir = parse(pattern, at)?;
    if let Some(pieces) = pieces(&hir) {
        return Ok(Matcher::Pieces(pieces));
    }
    let source = regex_source(&hir);
    if let Err(e) = regex_lite::Regex::new(&source) {
        return Err(Error::at(at, format!("the generated crate's regex engine refuses pattern {pattern:?}: {e}"))
            .help("simplify the pattern: smaller counted repetitions, fewer groups inside one another"));
    }
    Ok(Matcher::Regex(source))
}

/// Compiles `pattern` like [`compile`], but a pattern the generated crate cannot check whole is checked for what
/// it can be: without its look-around assertions (which only narrow what matches, so every value the pattern
/// accepts still passes), or, with a backreference, not at all. The second value says what is left unchecked.
pub fn compile_lenient(pattern: &str, at: &str) -> Result<(Matcher, Option<String>), Error> {
    let error = match compile(pattern, at) {
        Ok(matcher) => return Ok((matcher, None)),
        Err(error) => error,
    };
    match ast::parse::Parser::new().parse(pattern).err().map(|e| e.kind().clone()) {
        Some(ast::ErrorKind::UnsupportedLookAround) => {
            let stripped = without_look_around(pattern);
            let why = "its look-around assertions are not checked (the rest is)";
            match compile(&stripped, at) {
                Ok(matcher) => Ok((matcher, Some(why.to_owned()))),
                Err(_) => Ok((anything(), Some("it is not checked (look-around)".to_owned()))),
            }
        }
        Some(ast::ErrorKind::UnsupportedBackreference) if !pattern.contains("\\0") => {
            Ok((anything(), Some("it is not checked (a backreference)".to_owned())))
        }
        _ => Err(error),
    }
}

/// The matcher every value fits.
fn anything() -> Matcher {
    compile("", "").unwrap_or(Matcher::Regex(String::new()))
}

/// `pattern` with its look-around groups (`(?=...)`, `(?!...)`, `(?<=...)`, `(?<!...)`) taken out, escapes and
/// character classes read as such.
fn without_look_around(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        let look = ["(?=", "(?!", "(?<=", "(?<!"].iter().any(|l| rest.starts_with(l));
        if look {
            i = group_end(&chars, i);
            continue;
        }
        match chars[i] {
            '\\' => {
                out.extend(chars.get(i..(i + 2).min(chars.len())).into_iter().flatten());
                i += 2;
            }
            '[' => {
                let end = class_end(&chars, i);
                out.extend(&chars[i..end]);
                i = end;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The index after the group opened at `start`.
fn group_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => {
                i = class_end(chars, i);
                continue;
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// The index after the character class opened at `start`.
fn class_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            ']' => return i + 1,
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// `pattern` in regex-syntax's HIR, with its ECMA-262 meaning.
fn parse(pattern: &str, at: &str) -> Result<Hir, Error> {
    let mut ast = ast::parse::Parser::new().parse(pattern).map_err(|e| {
        let written = &pattern[e.span().start.offset..e.span().end.offset];
        match e.kind() {
            ast::ErrorKind::UnsupportedLookAround => unsupported(pattern, at, "look-around ((?=, (?!, (?<= or (?<!)"),
            ast::ErrorKind::UnsupportedBackreference if written.starts_with("\\0") => Error::at(
                at,
                format!("pattern {pattern:?} uses `\\0` (the NUL character), which is read as a backreference"),
            )
            .help("write the NUL character as \\x00"),
            ast::ErrorKind::UnsupportedBackreference => {
                unsupported(pattern, at, &format!("a backreference (`{written}`)"))
            }
            kind => invalid(pattern, at, &kind.to_string()),
        }
    })?;
    ecma(&mut ast, pattern)
        .map_err(|refusal| Error::at(at, format!("pattern {pattern:?} uses {}", refusal.what)).help(refusal.help))?;
    hir::translate::Translator::new().translate(pattern, &ast).map_err(|e| invalid(pattern, at, &e.kind().to_string()))
}

fn invalid(pattern: &str, at: &str, problem: &str) -> Error {
    Error::at(at, format!("invalid pattern {pattern:?}: {problem}"))
        .help("write the pattern as an ECMA-262 regular expression, for example ^AC[0-9a-fA-F]{32}$")
}

fn unsupported(pattern: &str, at: &str, what: &str) -> Error {
    Error::at(at, format!("pattern {pattern:?} uses {what}, which generated validators do not support")).help(
        "rewrite the pattern without look-around and backreferences (the generated crate's regex engine has \
         neither), or leave the check to the server by removing it",
    )
}

/// A construct regex-syntax reads otherwise than ECMA-262 does, and what to write instead.
struct Refusal {
    what: String,
    help: &'static str,
}

fn refuse(what: String, help: &'static str) -> Result<(), Refusal> {
    Err(Refusal { what, help })
}

/// Gives `ast` its ECMA-262 meaning, or says which construct regex-syntax would read otherwise.
fn ecma(ast: &mut Ast, pattern: &str) -> Result<(), Refusal> {
    let text = |span: &ast::Span| pattern[span.start.offset..span.end.offset].to_owned();
    match ast {
        Ast::Empty(_) | Ast::Literal(_) | Ast::ClassUnicode(_) => Ok(()),
        Ast::Flags(flags) => refuse(
            format!("the inline flags `{}`, which ECMA-262 does not have", text(&flags.span)),
            "remove the flags; match either case with a class like [aA]",
        ),
        Ast::Dot(span) => {
            let span = **span;
            *ast = Ast::class_bracketed(bracketed(span, true, &[('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')]));
            Ok(())
        }
        Ast::ClassPerl(class) => {
            *ast = Ast::class_bracketed(perl(class));
            Ok(())
        }
        Ast::Assertion(assertion) => match assertion.kind {
            ast::AssertionKind::StartLine | ast::AssertionKind::EndLine => Ok(()),
            ast::AssertionKind::WordBoundary | ast::AssertionKind::NotWordBoundary => {
                // `(?-u:\b)`: a boundary between ASCII word characters and others, as in ECMA-262.
                let span = assertion.span;
                let item = |kind| ast::FlagsItem { span, kind };
                let flags = ast::Flags {
                    span,
                    items: vec![item(ast::FlagsItemKind::Negation), item(ast::FlagsItemKind::Flag(ast::Flag::Unicode))],
                };
                let inner = std::mem::replace(ast, Ast::empty(span));
                *ast = Ast::group(ast::Group { span, kind: ast::GroupKind::NonCapturing(flags), ast: Box::new(inner) });
                Ok(())
            }
            _ => refuse(
                format!("the assertion `{}`, which ECMA-262 does not have", text(&assertion.span)),
                "use ^ and $ for the start and the end of the value",
            ),
        },
        Ast::ClassBracketed(class) => {
            let opening = class.span.start.offset + 1 + usize::from(class.negated);
            if pattern[opening..].starts_with(']') {
                return refuse(
                    format!("a class opening on `]` (`{}`), which ECMA-262 reads as an empty class", text(&class.span)),
                    "escape the bracket as \\], or write [\\s\\S] for any character",
                );
            }
            class_set(&mut class.kind, pattern)
        }
        Ast::Repetition(repetition) => ecma(&mut repetition.ast, pattern),
        Ast::Group(group) => match &group.kind {
            ast::GroupKind::NonCapturing(flags) if !flags.items.is_empty() => refuse(
                format!("the inline flags `{}`, which ECMA-262 does not have", text(&flags.span)),
                "remove the flags; match either case with a class like [aA]",
            ),
            _ => ecma(&mut group.ast, pattern),
        },
        Ast::Alternation(alternation) => alternation.asts.iter_mut().try_for_each(|ast| ecma(ast, pattern)),
        Ast::Concat(concat) => concat.asts.iter_mut().try_for_each(|ast| ecma(ast, pattern)),
    }
}

fn class_set(set: &mut ClassSet, pattern: &str) -> Result<(), Refusal> {
    match set {
        ClassSet::Item(item) => class_item(item, pattern),
        ClassSet::BinaryOp(op) => refuse(
            format!(
                "`{}` in a class, which ECMA-262 reads as two characters and the generator as a set operation",
                match op.kind {
                    ast::ClassSetBinaryOpKind::Intersection => "&&",
                    ast::ClassSetBinaryOpKind::Difference => "--",
                    ast::ClassSetBinaryOpKind::SymmetricDifference => "~~",
                }
            ),
            "escape the second character, like [a&\\&b]",
        ),
    }
}

fn class_item(item: &mut ClassSetItem, pattern: &str) -> Result<(), Refusal> {
    match item {
        ClassSetItem::Empty(_) | ClassSetItem::Literal(_) | ClassSetItem::Range(_) | ClassSetItem::Unicode(_) => Ok(()),
        ClassSetItem::Perl(class) => {
            *item = ClassSetItem::Bracketed(Box::new(perl(class)));
            Ok(())
        }
        ClassSetItem::Ascii(_) | ClassSetItem::Bracketed(_) => refuse(
            format!(
                "`[` in a class (`{}`), which ECMA-262 reads as a character and the generator as a nested class",
                &pattern[item.span().start.offset..item.span().end.offset]
            ),
            "escape the bracket as \\[",
        ),
        ClassSetItem::Union(union) => union.items.iter_mut().try_for_each(|item| class_item(item, pattern)),
    }
}

/// ECMA-262's `\d`, `\s`, `\w` and their negations as a bracketed class.
fn perl(class: &ast::ClassPerl) -> ast::ClassBracketed {
    let ranges: &[(char, char)] = match class.kind {
        ast::ClassPerlKind::Digit => &[('0', '9')],
        ast::ClassPerlKind::Word => &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        ast::ClassPerlKind::Space => ECMA_SPACE,
    };
    bracketed(class.span, class.negated, ranges)
}

/// ECMA-262's white space and line terminators (`\s`): tab, line feed, vertical tab, form feed, carriage return,
/// the space separators of Unicode (Zs), the line and paragraph separators, and the byte order mark.
const ECMA_SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    (' ', ' '),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];

fn bracketed(span: ast::Span, negated: bool, ranges: &[(char, char)]) -> ast::ClassBracketed {
    let literal = |c| ast::Literal { span, kind: ast::LiteralKind::Verbatim, c };
    let items = ranges
        .iter()
        .map(|&(start, end)| {
            if start == end {
                ClassSetItem::Literal(literal(start))
            } else {
                ClassSetItem::Range(ast::ClassSetRange { span, start: literal(start), end: literal(end) })
            }
        })
        .collect();
    ast::ClassBracketed { span, negated, kind: ClassSet::union(ast::ClassSetUnion { span, items }) }
}

/// The pieces of a pattern the runtime's matcher can run: `None` when it needs a regex engine (a repeated group,
/// an assertion other than a leading `^` and a trailing `$`).
fn pieces(hir: &Hir) -> Option<Vec<PatternPiece>> {
    let items: Vec<&Hir> = match hir.kind() {
        HirKind::Concat(items) => items.iter().collect(),
        _ => vec![hir],
    };
    let is = |item: Option<&&Hir>, look: Look| matches!(item.map(|h| h.kind()), Some(HirKind::Look(l)) if *l == look);
    let anchored_start = is(items.first(), Look::Start);
    let anchored_end = items.len() > usize::from(anchored_start) && is(items.last(), Look::End);
    let mut pieces = Vec::new();
    if !anchored_start {
        pieces.push(any());
    }
    for item in &items[usize::from(anchored_start)..items.len() - usize::from(anchored_end)] {
        sequence(item, &mut pieces)?;
    }
    if !anchored_end {
        pieces.push(any());
    }
    Some(merge_literals(pieces))
}

fn any() -> PatternPiece {
    PatternPiece::Class { ranges: vec![('\0', char::MAX)], min: 0, max: None }
}

/// Appends the pieces of `hir` to `out`.
fn sequence(hir: &Hir, out: &mut Vec<PatternPiece>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => {}
        HirKind::Literal(literal) => out.push(PatternPiece::Literal(std::str::from_utf8(&literal.0).ok()?.to_owned())),
        HirKind::Class(class) => out.push(PatternPiece::Class { ranges: ranges(class), min: 1, max: Some(1) }),
        HirKind::Capture(capture) => sequence(&capture.sub, out)?,
        HirKind::Concat(items) => items.iter().try_for_each(|item| sequence(item, out))?,
        HirKind::Repetition(rep) => match one_character(&rep.sub) {
            Some(ranges) => out.push(PatternPiece::Class { ranges, min: rep.min, max: rep.max }),
            // `(...)?`: the group or nothing.
            None if rep.min == 0 && rep.max == Some(1) => out.push(either(vec![alternative(&rep.sub)?, Vec::new()])),
            None => return None,
        },
        HirKind::Alternation(alternatives) => {
            out.push(either(alternatives.iter().map(alternative).collect::<Option<_>>()?))
        }
        HirKind::Look(_) => return None,
    }
    Some(())
}

/// The pieces of one alternative.
fn alternative(hir: &Hir) -> Option<Vec<PatternPiece>> {
    let mut pieces = Vec::new();
    sequence(hir, &mut pieces)?;
    Some(merge_literals(pieces))
}

/// One of `alternatives`: literals when each is one literal and none is a prefix of another, so that at most one
/// can start a text and the matcher need not try the others.
fn either(alternatives: Vec<Vec<PatternPiece>>) -> PatternPiece {
    let literals: Option<Vec<&String>> = alternatives
        .iter()
        .map(|pieces| match pieces.as_slice() {
            [PatternPiece::Literal(literal)] => Some(literal),
            _ => None,
        })
        .collect();
    match literals {
        Some(literals)
            if literals
                .iter()
                .enumerate()
                .all(|(i, a)| literals.iter().enumerate().all(|(j, b)| i == j || !b.starts_with(a.as_str()))) =>
        {
            PatternPiece::Literals(literals.into_iter().cloned().collect())
        }
        _ => PatternPiece::Either(alternatives),
    }
}

/// The characters of `hir` when it is exactly one character (a class, or a one-character literal).
fn one_character(hir: &Hir) -> Option<Vec<(char, char)>> {
    match hir.kind() {
        HirKind::Class(class) => Some(ranges(class)),
        HirKind::Literal(literal) => {
            let mut chars = std::str::from_utf8(&literal.0).ok()?.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(vec![(c, c)]),
                _ => None,
            }
        }
        HirKind::Capture(capture) => one_character(&capture.sub),
        _ => None,
    }
}

/// The inclusive character ranges of a class. Byte classes only come out of the translator as ASCII (it refuses
/// those that could match invalid UTF-8), where bytes and characters are the same.
fn ranges(class: &Class) -> Vec<(char, char)> {
    match class {
        Class::Unicode(class) => class.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(class) => class.ranges().iter().map(|r| (char::from(r.start()), char::from(r.end()))).collect(),
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

/// `hir` as a regular expression in the syntax of `regex-lite`, with the same meaning: groups without captures,
/// every character that is not an ASCII letter, digit or plain punctuation escaped, classes as ranges of code
/// points. `regex-lite`'s `\b` is the ASCII word boundary of ECMA-262.
fn regex_source(hir: &Hir) -> String {
    let mut out = String::new();
    write_regex(hir, &mut out);
    out
}

fn write_regex(hir: &Hir, out: &mut String) {
    match hir.kind() {
        HirKind::Empty => {}
        HirKind::Literal(literal) => String::from_utf8_lossy(&literal.0).chars().for_each(|c| write_char(c, out)),
        HirKind::Class(class) => {
            let ranges = ranges(class);
            if ranges.is_empty() {
                // No character: the negation of every one.
                out.push_str("[^\\x{0}-\\x{10FFFF}]");
                return;
            }
            out.push('[');
            for (start, end) in ranges {
                write_char(start, out);
                if end != start {
                    out.push('-');
                    write_char(end, out);
                }
            }
            out.push(']');
        }
        HirKind::Look(look) => out.push_str(match look {
            Look::Start => "^",
            Look::End => "$",
            Look::WordAscii => "\\b",
            Look::WordAsciiNegate => "\\B",
            // The only assertions the rewritten ECMA-262 syntax gives.
            other => unreachable!("assertion {other:?} from an ECMA-262 pattern"),
        }),
        HirKind::Repetition(rep) => {
            let atom = match rep.sub.kind() {
                HirKind::Class(_) | HirKind::Capture(_) | HirKind::Alternation(_) => true,
                HirKind::Literal(literal) => String::from_utf8_lossy(&literal.0).chars().count() == 1,
                _ => false,
            };
            if atom {
                write_regex(&rep.sub, out);
            } else {
                out.push_str("(?:");
                write_regex(&rep.sub, out);
                out.push(')');
            }
            match (rep.min, rep.max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (min, Some(max)) if min == max => out.push_str(&format!("{{{min}}}")),
                (min, Some(max)) => out.push_str(&format!("{{{min},{max}}}")),
                (min, None) => out.push_str(&format!("{{{min},}}")),
            }
            if !rep.greedy {
                out.push('?');
            }
        }
        // An alternation is a group already.
        HirKind::Capture(capture) if matches!(capture.sub.kind(), HirKind::Alternation(_)) => {
            write_regex(&capture.sub, out)
        }
        HirKind::Capture(capture) => {
            out.push_str("(?:");
            write_regex(&capture.sub, out);
            out.push(')');
        }
        HirKind::Concat(items) => items.iter().for_each(|item| write_regex(item, out)),
        HirKind::Alternation(alternatives) => {
            out.push_str("(?:");
            for (i, alternative) in alternatives.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                write_regex(alternative, out);
            }
            out.push(')');
        }
    }
}

/// One character, escaped where `regex-lite` would read it otherwise, in a class as outside one.
fn write_char(c: char, out: &mut String) {
    if c.is_ascii_alphanumeric() || "_ !\"%',/:;<=>@`".contains(c) {
        out.push(c);
    } else if "\\.+*?()|[]{}^$#&-~".contains(c) {
        out.push('\\');
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces_of(pattern: &str) -> Vec<PatternPiece> {
        match compile(pattern, "/x").unwrap() {
            Matcher::Pieces(pieces) => pieces,
            other => panic!("{pattern}: {other:?}"),
        }
    }

    fn regex_of(pattern: &str) -> String {
        match compile(pattern, "/x").unwrap() {
            Matcher::Regex(source) => source,
            other => panic!("{pattern}: {other:?}"),
        }
    }

    fn literal(s: &str) -> PatternPiece {
        PatternPiece::Literal(s.into())
    }

    const HEX: &[(char, char)] = &[('0', '9'), ('A', 'F'), ('a', 'f')];

    #[test]
    fn sid_patterns_become_a_literal_and_a_counted_class() {
        assert_eq!(
            pieces_of("^AC[0-9a-fA-F]{32}$"),
            vec![literal("AC"), PatternPiece::Class { ranges: HEX.to_vec(), min: 32, max: Some(32) }]
        );
    }

    #[test]
    fn sid_prefix_alternatives_become_literals() {
        let hex = PatternPiece::Class { ranges: HEX.to_vec(), min: 32, max: Some(32) };
        assert_eq!(
            pieces_of("^(SM|MM)[0-9a-fA-F]{32}$"),
            vec![PatternPiece::Literals(vec!["SM".into(), "MM".into()]), hex.clone()]
        );
        assert_eq!(
            pieces_of("^(?:CA|CF|C)[0-9a-fA-F]{32}$"),
            vec![PatternPiece::Either(vec![vec![literal("CA")], vec![literal("CF")], vec![literal("C")]]), hex]
        );
    }

    #[test]
    fn alternatives_of_sequences_and_optional_groups_stay_pieces() {
        let digits = |min, max| PatternPiece::Class { ranges: vec![('0', '9')], min, max };
        assert_eq!(
            pieces_of("^v(\\d+|x\\d{2})(-rc)?$"),
            vec![
                literal("v"),
                PatternPiece::Either(vec![vec![digits(1, None)], vec![literal("x"), digits(2, Some(2))]]),
                PatternPiece::Either(vec![vec![literal("-rc")], vec![]]),
            ]
        );
    }

    #[test]
    fn unanchored_patterns_match_anywhere() {
        let pieces = pieces_of("abc");
        assert_eq!(pieces, vec![any(), literal("abc"), any()]);
        assert_eq!(pieces_of("^abc"), vec![literal("abc"), any()]);
        assert_eq!(pieces_of("abc$"), vec![any(), literal("abc")]);
        assert_eq!(pieces_of(""), vec![any(), any()]);
        assert_eq!(pieces_of("^$"), vec![]);
    }

    #[test]
    fn perl_classes_dot_and_space_have_their_ecma_meaning() {
        let class = |pattern: &str| match pieces_of(pattern).as_slice() {
            [PatternPiece::Class { ranges, .. }] => ranges.clone(),
            other => panic!("{pattern}: {other:?}"),
        };
        assert_eq!(class("^\\d$"), vec![('0', '9')]);
        assert_eq!(class("^\\w$"), vec![('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]);
        assert_eq!(class("^\\s$"), ECMA_SPACE.to_vec());
        assert_eq!(class("^[\\d_]$"), vec![('0', '9'), ('_', '_')]);
        assert_eq!(class("^\\D$"), vec![('\0', '/'), (':', char::MAX)]);
        assert_eq!(class("^[^\\d]$"), vec![('\0', '/'), (':', char::MAX)]);
        assert_eq!(
            class("^.$"),
            vec![('\0', '\t'), ('\u{b}', '\u{c}'), ('\u{e}', '\u{2027}'), ('\u{202a}', char::MAX)]
        );
    }

    #[test]
    fn repeated_groups_inner_anchors_and_word_boundaries_need_the_engine() {
        assert_eq!(regex_of("^([a-z]{2}-)+$"), "^(?:[a-z]{2}\\-)+$");
        assert_eq!(regex_of("^(ab|cd){2,3}$"), "^(?:ab|cd){2,3}$");
        assert_eq!(regex_of("^a$|^b$"), "^(?:a$|b$)");
        assert_eq!(regex_of("\\bid\\b"), "\\bid\\b");
        assert_eq!(regex_of("^(\\d\\.)*\\d$"), "^(?:[0-9]\\.)*[0-9]$");
        assert_eq!(regex_of("^(é|\\u00e8\\t)+?$"), "^(?:\\x{E9}|\\x{E8}\\x{9})+?$");
    }

    #[test]
    fn regex_sources_are_accepted_by_regex_lite_and_match_by_code_point() {
        for pattern in ["^([a-z]{2}-)+$", "^(\\w+\\s?)+$", "^(.[\\[\\]\\^\\-&~#]{1,2})+$", "^([^\\D]x|\\p{Greek})*$"] {
            let source = regex_of(pattern);
            regex_lite::Regex::new(&source).unwrap_or_else(|e| panic!("{pattern} as {source}: {e}"));
        }
        let re = regex_lite::Regex::new(&regex_of("^(.é)+$")).unwrap();
        assert!(re.is_match("aébé"));
        assert!(re.is_match("😀é"));
        assert!(!re.is_match("\u{2028}é"));
    }

    #[test]
    fn a_pattern_with_look_around_is_checked_without_it_and_one_with_a_backreference_not_at_all() {
        let name = "^(?![0-9a-f]{8}-[0-9a-f]{4}$)^[a-z][a-z0-9-]*[a-zA-Z0-9]$";
        assert_eq!(without_look_around(name), "^^[a-z][a-z0-9-]*[a-zA-Z0-9]$");
        assert_eq!(without_look_around(r"a(?=[)(]\))b[(?=]"), r"ab[(?=]");
        let (matcher, unchecked) = compile_lenient(name, "/p").unwrap();
        assert!(unchecked.unwrap().contains("look-around"));
        let fits = |m: &Matcher, v: &str| match m {
            Matcher::Regex(source) => regex_lite::Regex::new(source).unwrap().is_match(v),
            Matcher::Pieces(_) => panic!("expected a regex for {name}"),
        };
        assert!(fits(&matcher, "web-1") && !fits(&matcher, "1web"));
        let (matcher, unchecked) = compile_lenient(r"^(a)\1$", "/p").unwrap();
        assert!(unchecked.unwrap().contains("backreference"));
        assert_eq!(matcher, anything());
        assert!(compile_lenient("[", "/p").is_err(), "an invalid pattern is still an error");
    }

    #[test]
    fn look_around_and_backreferences_are_errors_naming_them_with_a_place() {
        let e = compile("^(?=A)[A-Z]+$", "/components/schemas/X/pattern").unwrap_err();
        assert!(e.message.contains("look-around"), "{e}");
        assert_eq!(e.location, "/components/schemas/X/pattern");
        assert!(e.help.as_deref().unwrap().contains("without look-around"), "{e}");
        let e = compile("^(a)\\1$", "/p").unwrap_err();
        assert!(e.message.contains("a backreference (`\\1`)"), "{e}");
        let e = compile("^a\\0$", "/p").unwrap_err();
        assert!(e.message.contains("NUL"), "{e}");
    }

    #[test]
    fn syntax_regex_syntax_reads_otherwise_than_ecma_is_refused() {
        for (pattern, what) in [
            ("^(?i)abc$", "inline flags"),
            ("^(?i:a)bc$", "inline flags"),
            ("^\\Aabc\\z$", "the assertion `\\A`"),
            ("^[a[b]]$", "`[` in a class"),
            ("^[[:alpha:]]$", "`[` in a class"),
            ("^[a&&b]$", "`&&` in a class"),
            ("^[]a]$", "a class opening on `]`"),
        ] {
            let e = compile(pattern, "/p").unwrap_err();
            assert!(e.message.contains(what), "{pattern}: {e}");
            assert!(e.help.is_some(), "{pattern}");
        }
    }

    #[test]
    fn invalid_and_oversized_patterns_are_errors() {
        let e = compile("^AC[0-9", "/p").unwrap_err();
        assert!(e.message.contains("invalid pattern"), "{e}");
        let e = compile("^(?:(?:a{1000}){1000})+$", "/p").unwrap_err();
        assert!(e.message.contains("regex engine refuses") && e.message.contains("size limit"), "{e}");
    }
}
