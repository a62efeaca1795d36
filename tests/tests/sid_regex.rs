//! Each SID type accepts exactly what its spec accepts: the `regex` crate's verdict on the type's `PATTERN`,
//! plus the schema's length limits (34 characters), on strings generated around the SID shape: right and wrong
//! prefixes, lengths 32 to 36, hex and non-hex characters, non-ASCII look-alikes, and single edits of valid SIDs.
//!
//! Patterns the curated spec has no example of (SID prefix alternatives, repeated groups that need the regex
//! engine, `\d`, `\w`, `\s`, `.` with their ECMA-262 meaning, unanchored patterns) are checked the same way,
//! against `regex` on strings near each pattern's shape, in `generator/tests/patterns.rs`.
//!
//! 256 cases per property by default; `PROPTEST_CASES=100000 cargo test -p client-tests --test sid_regex` for a
//! thorough run.

use proptest::prelude::*;
use regex::Regex;
use std::str::FromStr;
use std::sync::LazyLock;
use twilio_vobiz_credentials::sid::{AccountSid, CredentialListSid, CredentialSid, TrunkSid};

/// `minLength` and `maxLength` of every SID schema in spec/openapi.yaml.
const SID_LENGTH: usize = 34;

/// The prefixes of the SID types, and near misses.
const PREFIXES: &[&str] = &["AC", "TK", "CL", "CR", "ac", "Ac", "aC", "CA", "AB", "A", "", "ACC", "ＡＣ", "AC\n"];

/// Characters to build bodies from: mostly hex, then what is near it (other letters, separators, controls,
/// non-ASCII digits and letters that look like hex).
fn body_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::sample::select("0123456789abcdefABCDEF".chars().collect::<Vec<_>>()),
        2 => prop::sample::select("gGzZxX/:@`[{ -_.\n\r\t\0".chars().collect::<Vec<_>>()),
        1 => prop::sample::select(vec!['é', 'ａ', 'Ａ', '٣', '０', '𝟘', '\u{0301}', '\u{200B}', 'ß', 'ſ', 'K']),
        1 => any::<char>(),
    ]
}

/// A prefix, a body of 30 to 36 characters (lengths 32 to 38 with a two-character prefix), and sometimes a
/// trailing newline.
fn sid_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(PREFIXES),
        prop::collection::vec(body_char(), 30..=36),
        prop::sample::select(vec!["", "", "", "\n", " "]),
    )
        .prop_map(|(prefix, body, suffix)| format!("{prefix}{}{suffix}", body.into_iter().collect::<String>()))
}

/// A valid SID of a random type with one character replaced, inserted or removed.
fn edited_sid() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["AC", "TK", "CL", "CR"][..]),
        prop::collection::vec(prop::sample::select("0123456789abcdefABCDEF".chars().collect::<Vec<_>>()), 32),
        0usize..34,
        body_char(),
        0u8..4,
    )
        .prop_map(|(prefix, body, at, c, edit)| {
            let mut chars: Vec<char> = prefix.chars().chain(body).collect();
            match edit {
                0 => chars[at] = c,
                1 => chars.insert(at, c),
                2 => {
                    chars.remove(at);
                }
                _ => {} // unchanged: valid for its type
            }
            chars.into_iter().collect()
        })
}

/// Compares every SID type's acceptance of `text` with its regex and lengths.
fn same_verdicts(regexes: &[(&str, Regex)], text: &str) -> Result<(), TestCaseError> {
    let length_fits = text.chars().count() == SID_LENGTH;
    for (name, regex) in regexes {
        let expected = regex.is_match(text) && length_fits;
        let actual = match *name {
            "AccountSid" => AccountSid::from_str(text).is_ok(),
            "TrunkSid" => TrunkSid::from_str(text).is_ok(),
            "CredentialListSid" => CredentialListSid::from_str(text).is_ok(),
            "CredentialSid" => CredentialSid::from_str(text).is_ok(),
            other => unreachable!("{other}"),
        };
        prop_assert_eq!(actual, expected, "{} on {:?}", name, text);
    }
    Ok(())
}

/// Each SID type's name and its `PATTERN`, compiled by the `regex` crate.
static REGEXES: LazyLock<Vec<(&str, Regex)>> = LazyLock::new(|| {
    [
        ("AccountSid", AccountSid::PATTERN),
        ("TrunkSid", TrunkSid::PATTERN),
        ("CredentialListSid", CredentialListSid::PATTERN),
        ("CredentialSid", CredentialSid::PATTERN),
    ]
    .into_iter()
    .map(|(name, pattern)| (name, Regex::new(pattern).expect("the spec's pattern compiles")))
    .collect()
});

proptest! {
    #[test]
    fn sid_shaped_strings(text in sid_like()) {
        same_verdicts(&REGEXES, &text)?;
    }

    #[test]
    fn single_edits_of_valid_sids(text in edited_sid()) {
        same_verdicts(&REGEXES, &text)?;
    }

    #[test]
    fn arbitrary_strings(text in prop::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter)) {
        same_verdicts(&REGEXES, &text)?;
    }
}

/// The generators reach both verdicts for every type, so the properties above are not vacuous.
#[test]
fn generated_cases_include_accepted_and_refused_sids() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let regexes = &*REGEXES;
    let mut runner = TestRunner::deterministic();
    let mut accepted = vec![0; regexes.len()];
    let mut refused = vec![0; regexes.len()];
    for _ in 0..2000 {
        let text = edited_sid().new_tree(&mut runner).expect("generates").current();
        for (i, (_, regex)) in regexes.iter().enumerate() {
            if regex.is_match(&text) && text.chars().count() == SID_LENGTH {
                accepted[i] += 1;
            } else {
                refused[i] += 1;
            }
        }
    }
    assert!(accepted.iter().all(|&n| n > 0), "accepted per type: {accepted:?}");
    assert!(refused.iter().all(|&n| n > 0), "refused per type: {refused:?}");
}
