//! Patterns mean in generated crates what they mean in ECMA-262.
//!
//! Many patterns (SID prefix alternatives, alternatives of sequences, optional and repeated groups, classes,
//! `\d`, `\w`, `\s`, `.`, `\b`, unanchored ones) are compiled by the generator, and its verdict on strings made
//! near each pattern's shape is compared with the `regex` crate's on the spec's pattern rewritten by hand to
//! ECMA-262's meaning (`\d` as `[0-9]`, `.` without line terminators, ...): the runtime's matcher
//! (`runtime/src/pattern.rs`, included here as it is) where the generator gives pieces, and
//! `regex-lite` on the translated source where it gives a regular expression.
//!
//! 4,096 cases by default; `PROPTEST_CASES=200000 cargo test -p generator --test patterns` for a thorough run.
//!
//! The crate of the fixture `fixtures/pattern_alternation.yaml` is built and its newtypes checked by
//! `fixtures_compile` (`fixtures/e2e/pattern_alternation.rs`).

#[allow(dead_code)]
#[path = "../../runtime/src/pattern.rs"]
mod runtime;

use generator::ir::{Matcher, PatternPiece};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A pattern, whether it needs the regex engine, and what strings near its shape are made of: a prefix, then
/// characters of the alphabet (now and then one of `SID_NOISE` for SID bodies, or any character), then a suffix.
struct Case {
    pattern: &'static str,
    engine: bool,
    prefixes: &'static [&'static str],
    alphabet: &'static str,
    lengths: std::ops::RangeInclusive<usize>,
}

const HEX: &str = "0123456789abcdefABCDEF";
const LOWER_HEX: &str = "0123456789abcdef";

/// Near misses inside SID bodies, rarer than hex digits so that some bodies are all hex.
const SID_NOISE: &str = "AFgG-é\n٣ａ";

const CASES: &[Case] = &[
    Case {
        pattern: "^(SM|MM)[0-9a-fA-F]{32}$",
        engine: false,
        prefixes: &["SM", "MM", "SM", "MM", "MS", "S", "", "SMM", "sm", "xSM"],
        alphabet: HEX,
        lengths: 30..=34,
    },
    Case {
        pattern: "^(CA|CF)[0-9a-f]{32}$",
        engine: false,
        prefixes: &["CA", "CF", "CA", "CF", "C", "CAF", "FC", ""],
        alphabet: LOWER_HEX,
        lengths: 30..=34,
    },
    Case {
        pattern: "^(?:CA|CF|C)[0-9A-F]{2,4}$",
        engine: false,
        prefixes: &["CA", "CF", "C", "CC", ""],
        alphabet: "0123456789ABCDEFACFg",
        lengths: 0..=6,
    },
    Case {
        pattern: "^(?:AC|TK)(?:[0-9a-f]{4}|-test)$",
        engine: false,
        prefixes: &["AC", "TK", "AC-", "TK-test", ""],
        alphabet: "0123456789abcdef-tesx",
        lengths: 0..=6,
    },
    Case {
        pattern: "^v(\\d+|x\\d{2})(-rc)?$",
        engine: false,
        prefixes: &["v", "vx", "v1", ""],
        alphabet: "0123456789x-rcv٣",
        lengths: 0..=6,
    },
    Case { pattern: "^a(b|bc)?c$", engine: false, prefixes: &["a", ""], alphabet: "abc", lengths: 0..=4 },
    Case {
        pattern: "^(a|ab)(c|bcd)(d*)$",
        engine: false,
        prefixes: &["a", "ab", ""],
        alphabet: "abcd",
        lengths: 0..=4,
    },
    Case { pattern: "(x|yy)z", engine: false, prefixes: &["", "x", "yy"], alphabet: "xyz", lengths: 0..=6 },
    Case {
        pattern: "^\\w+@\\w+\\.\\w{2,}$",
        engine: false,
        prefixes: &["", "a@b.", "user@"],
        alphabet: "aZ_9@.é-٣",
        lengths: 0..=8,
    },
    Case {
        pattern: "^\\s*\\S+\\s*$",
        engine: false,
        prefixes: &["", " ", "\u{a0}"],
        alphabet: " \t\n\u{b}\u{a0}\u{85}\u{180e}\u{200b}\u{2028}\u{3000}\u{feff}ax",
        lengths: 0..=5,
    },
    Case {
        pattern: "^aia_know_.+$",
        engine: false,
        prefixes: &["aia_know_", "aia_know", ""],
        alphabet: "a\n\r\u{85}\u{2028}\u{2029}é😀",
        lengths: 0..=4,
    },
    Case { pattern: "\\d{2}", engine: false, prefixes: &[""], alphabet: "a12٣０", lengths: 0..=5 },
    Case { pattern: "^[^\\d\\s]+$", engine: false, prefixes: &[""], alphabet: "a1 ٣\u{a0}é\u{85}", lengths: 0..=4 },
    Case { pattern: "^[\\w.-]+$", engine: false, prefixes: &[""], alphabet: "aZ_.-é٣ ", lengths: 0..=5 },
    Case { pattern: "^\\p{Lu}[\\p{Ll}-]*$", engine: false, prefixes: &[""], alphabet: "AaÉé-Σσ1", lengths: 0..=4 },
    Case {
        pattern: "^(?:[a-f]|\\d)+\\.(?:json|xml)$",
        engine: false,
        prefixes: &["", "a1.", "f.", "a1.json", "0.xml", "9f"],
        alphabet: "af09.jsonxmlg",
        lengths: 0..=4,
    },
    Case { pattern: "^([a-z]{2}-)+$", engine: true, prefixes: &["", "en-"], alphabet: "abz-A1é", lengths: 0..=9 },
    Case { pattern: "^(ab|cd)*e?$", engine: true, prefixes: &[""], alphabet: "abcde", lengths: 0..=7 },
    Case { pattern: "^\\d+(\\.\\d+)*$", engine: true, prefixes: &["", "1."], alphabet: "0129.٣０a", lengths: 0..=6 },
    Case {
        pattern: "^(\\d{1,3}\\.){3}\\d{1,3}$",
        engine: true,
        prefixes: &["", "10.", "10.0.", "192.168.0."],
        alphabet: "0123456789.",
        lengths: 0..=8,
    },
    Case { pattern: "\\bid\\b", engine: true, prefixes: &["", "id", " id"], alphabet: "id éx_-\n", lengths: 0..=4 },
    Case { pattern: "\\Bd", engine: true, prefixes: &[""], alphabet: "d é_", lengths: 0..=4 },
    Case { pattern: "abc$|^x", engine: true, prefixes: &["", "x", "abc"], alphabet: "abcx\n", lengths: 0..=5 },
    Case {
        pattern: "^(?:(?:a|b.)c|\\s)+$",
        engine: true,
        prefixes: &[""],
        alphabet: "abc\n\r\u{85}\u{2028} \u{a0}",
        lengths: 0..=6,
    },
    Case { pattern: "^(\\w+\\s?)+$", engine: true, prefixes: &[""], alphabet: "aé_9 \u{a0}\u{85}\t", lengths: 0..=6 },
];

/// The characters of ECMA-262's `\s`, written out from the standard (WhiteSpace and LineTerminator).
const ECMA_SPACE: &str =
    "\\t\\n\\x0B\\x0C\\r \\xA0\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// `pattern` for the `regex` crate, with the meaning it has in ECMA-262: the class escapes and `.` spelled out,
/// `\b` and `\B` on ASCII words. (The `regex` crate takes nested classes, so a class escape inside a class
/// becomes one.)
fn ecma_meaning(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next().expect("no trailing backslash") {
                'd' => out.push_str("[0-9]"),
                'D' => out.push_str("[^0-9]"),
                'w' => out.push_str("[A-Za-z0-9_]"),
                'W' => out.push_str("[^A-Za-z0-9_]"),
                's' => out.push_str(&format!("[{ECMA_SPACE}]")),
                'S' => out.push_str(&format!("[^{ECMA_SPACE}]")),
                'b' => out.push_str("(?-u:\\b)"),
                'B' => out.push_str("(?-u:\\B)"),
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '.' if !in_class => out.push_str("[^\\n\\r\\x{2028}\\x{2029}]"),
            c => out.push(c),
        }
    }
    out
}

/// What the generated crate checks a case with.
enum Compiled {
    Pieces(&'static [runtime::Piece]),
    Engine(regex_lite::Regex),
}

/// Each case compiled by the generator, and the `regex` crate's reading of its ECMA-262 meaning.
static COMPILED: LazyLock<Vec<(Compiled, regex::Regex)>> = LazyLock::new(|| {
    CASES
        .iter()
        .map(|case| {
            let compiled = match generator::lower::pattern::compile(case.pattern, "/test") {
                Ok(Matcher::Pieces(pieces)) => Compiled::Pieces(leak(&pieces)),
                Ok(Matcher::Regex(source)) => Compiled::Engine(
                    regex_lite::Regex::new(&source).unwrap_or_else(|e| panic!("{}: {source}: {e}", case.pattern)),
                ),
                Err(e) => panic!("{} does not compile: {e}", case.pattern),
            };
            assert_eq!(matches!(compiled, Compiled::Engine(_)), case.engine, "{}: engine or pieces", case.pattern);
            let oracle = regex::Regex::new(&ecma_meaning(case.pattern)).expect("the oracle compiles");
            (compiled, oracle)
        })
        .collect()
});

/// The runtime's pieces for the generator's, as the generated crate holds them (as constants, here leaked).
fn leak(pieces: &[PatternPiece]) -> &'static [runtime::Piece] {
    let text = |s: &String| -> &'static str { Box::leak(s.clone().into_boxed_str()) };
    let pieces: Vec<runtime::Piece> = pieces
        .iter()
        .map(|piece| match piece {
            PatternPiece::Literal(s) => runtime::Piece::Literal(text(s)),
            PatternPiece::Literals(literals) => {
                runtime::Piece::Literals(Box::leak(literals.iter().map(text).collect::<Vec<_>>().into_boxed_slice()))
            }
            PatternPiece::Class { ranges, min, max } => {
                runtime::Piece::Class { ranges: Box::leak(ranges.clone().into_boxed_slice()), min: *min, max: *max }
            }
            PatternPiece::Either(alternatives) => runtime::Piece::Either(Box::leak(
                alternatives.iter().map(|alternative| leak(alternative)).collect::<Vec<_>>().into_boxed_slice(),
            )),
        })
        .collect();
    Box::leak(pieces.into_boxed_slice())
}

/// The generated crate's verdict on `text` for case `i`.
fn accepts(i: usize, text: &str) -> bool {
    match &COMPILED[i].0 {
        Compiled::Pieces(pieces) => runtime::Pattern {
            type_name: "T",
            regex: CASES[i].pattern,
            matcher: runtime::Matcher::Pieces(pieces),
            min_length: None,
            max_length: None,
        }
        .check(text)
        .is_ok(),
        Compiled::Engine(regex) => regex.is_match(text),
    }
}

/// A case and a string near its shape.
fn case_and_text() -> impl Strategy<Value = (usize, String)> {
    (0..CASES.len()).prop_flat_map(|i| {
        let case = &CASES[i];
        let alphabet: Vec<char> = case.alphabet.chars().collect();
        let sid = [HEX, LOWER_HEX].contains(&case.alphabet);
        let noise: Vec<char> = if sid { SID_NOISE.chars().collect() } else { alphabet.clone() };
        let char = prop_oneof![
            40 => prop::sample::select(alphabet),
            2 => prop::sample::select(noise),
            1 => any::<char>(),
        ];
        (
            Just(i),
            prop::sample::select(case.prefixes),
            prop::collection::vec(char, case.lengths.clone()),
            prop::sample::select(&["", "", "", "", "\n", " "][..]),
        )
            .prop_map(|(i, prefix, body, suffix)| (i, format!("{prefix}{}{suffix}", String::from_iter(body))))
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4096),
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_matchers_agree_with_the_ecma_meaning((i, text) in case_and_text()) {
        let expected = COMPILED[i].1.is_match(&text);
        prop_assert_eq!(accepts(i, &text), expected, "{} on {:?}", CASES[i].pattern, text);
    }
}

/// The strings made reach both verdicts for every case, so the property above is not vacuous.
#[test]
fn generated_strings_are_accepted_and_refused_for_every_pattern() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut verdicts = vec![(0, 0); CASES.len()];
    for _ in 0..20_000 {
        let (i, text) = case_and_text().new_tree(&mut runner).expect("generates").current();
        let verdict = &mut verdicts[i];
        if COMPILED[i].1.is_match(&text) {
            verdict.0 += 1;
        } else {
            verdict.1 += 1;
        }
    }
    for (case, (accepted, refused)) in CASES.iter().zip(verdicts) {
        assert!(accepted > 0 && refused > 0, "{}: {accepted} accepted, {refused} refused", case.pattern);
    }
}

/// Where ECMA-262 and Rust's regex syntax part, on chosen strings.
#[test]
fn ecma_meaning_where_rust_regex_differs() {
    let fits = |pattern: &str, text: &str| match generator::lower::pattern::compile(pattern, "/test").unwrap() {
        Matcher::Pieces(pieces) => runtime::Pattern {
            type_name: "T",
            regex: "",
            matcher: runtime::Matcher::Pieces(leak(&pieces)),
            min_length: None,
            max_length: None,
        }
        .check(text)
        .is_ok(),
        Matcher::Regex(source) => regex_lite::Regex::new(&source).unwrap().is_match(text),
    };
    // Unicode digits and letters are not `\d` and `\w`; NEL and the zero-width space are not `\s`; `.` stops at
    // `\r` and U+2028.
    assert!(!fits("^\\d+$", "١٢٣"));
    assert!(!fits("^\\w+$", "é"));
    assert!(!fits("^\\w+(\\s\\w+)*$", "a\u{85}b"));
    assert!(fits("^\\w+(\\s\\w+)*$", "a\u{feff}b"));
    assert!(!fits("^\\s$", "\u{200b}"));
    assert!(!fits("^a.b$", "a\rb"));
    assert!(!fits("^a.b$", "a\u{2028}b"));
    assert!(fits("^a.b$", "a\u{85}b"));
    // `\b` sits between ASCII word characters and others: `é` is not a word character.
    assert!(!fits("\\bé", "é"));
    assert!(fits("a\\bé", "aé"));
    // `$` is the end of the value, not before a final newline.
    assert!(!fits("^a$", "a\n"));
    assert!(!fits("^(ab)+$", "ab\n"));
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pattern_alternation.yaml")
}

/// A spec without such patterns does not depend on the engine.
#[test]
fn only_a_spec_that_needs_the_engine_depends_on_it() {
    let text = std::fs::read_to_string(fixture()).unwrap();
    let api = generator::ir_of(&text, "pattern_alternation.yaml").unwrap();
    assert!(api.regex_engine);
    let without = text.replace("^([a-z]{2}-)+$", "^[a-z-]+$").replace("^\\d+(\\.\\d+)*$", "^[0-9.]+$");
    let files = generator::generate(&without, "pattern_alternation.yaml").unwrap();
    assert!(!files["Cargo.toml"].contains("regex"), "{}", files["Cargo.toml"]);
    let files = generator::generate(&text.replace("^([a-z]{2}-)+$", "^[a-z-]+$"), "x.yaml").unwrap();
    assert!(files["Cargo.toml"].contains("regex-lite"), "a parameter's pattern needs it too");
}
