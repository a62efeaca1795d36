//! SID newtypes accept exactly their prefix followed by 32 hexadecimal characters, whichever way
//! they are built (`FromStr`, `TryFrom<&str>`, `TryFrom<String>`, `new`, serde), and reject
//! anything else with an error naming the type.

use twilio_vobiz_credentials::sid::{AccountSid, CredentialListSid, CredentialSid, TrunkSid};
use twilio_vobiz_credentials::{Error, InvalidValue};

/// Generates one test module per SID type. `$prefix` is the type's prefix, `$other` another SID
/// type's prefix it must refuse.
macro_rules! sid_tests {
    ($module:ident, $ty:ident, $prefix:literal, $other:literal) => {
        mod $module {
            use super::*;

            const TYPE: &str = stringify!($ty);

            fn with_prefix(body: &str) -> String {
                format!("{}{}", $prefix, body)
            }

            /// Every way of building the SID from text, with the results side by side.
            fn parse_all(text: &str) -> Vec<(&'static str, Result<$ty, String>)> {
                let serde = serde_json::from_value::<$ty>(serde_json::Value::String(text.to_owned()))
                    .map_err(|e| e.to_string());
                vec![
                    ("FromStr", text.parse::<$ty>().map_err(|e| e.to_string())),
                    ("TryFrom<&str>", <$ty>::try_from(text).map_err(|e| e.to_string())),
                    ("TryFrom<String>", <$ty>::try_from(text.to_owned()).map_err(|e| e.to_string())),
                    ("new", <$ty>::new(text).map_err(|e| e.to_string())),
                    ("Deserialize", serde),
                ]
            }

            fn assert_accepted(text: &str) {
                for (how, result) in parse_all(text) {
                    let sid = result.unwrap_or_else(|e| panic!("{how} refused {text:?}: {e}"));
                    assert_eq!(sid.as_str(), text, "{how}");
                }
            }

            fn assert_rejected(text: &str) {
                for (how, result) in parse_all(text) {
                    let message = result.err().unwrap_or_else(|| panic!("{how} accepted {text:?}"));
                    assert!(message.contains(TYPE), "{how} on {text:?}: message {message:?} does not name {TYPE}");
                    if text.len() > 4 {
                        assert!(!message.contains(text), "{how}: message {message:?} echoes the value");
                    }
                }
            }

            #[test]
            fn prefix_and_32_hex_characters_are_accepted() {
                assert_accepted(&with_prefix("0123456789abcdef0123456789abcdef"));
                assert_accepted(&with_prefix("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
            }

            #[test]
            fn lowercase_and_uppercase_hex_are_both_accepted() {
                assert_accepted(&with_prefix("abcdefabcdefabcdefabcdefabcdefab"));
                assert_accepted(&with_prefix("ABCDEFABCDEFABCDEFABCDEFABCDEFAB"));
                assert_accepted(&with_prefix("aBcDeF0123456789AbCdEf0123456789"));
            }

            #[test]
            fn a_wrong_prefix_is_rejected() {
                let hex = "0123456789abcdef0123456789abcdef";
                assert_rejected(&format!("{}{}", $other, hex));
                assert_rejected(&format!("{}{}", $prefix.to_ascii_lowercase(), hex));
                assert_rejected(&format!("XX{hex}"));
            }

            #[test]
            fn thirty_three_and_thirty_five_characters_are_rejected() {
                let short = with_prefix(&"a".repeat(31));
                let long = with_prefix(&"a".repeat(33));
                assert_eq!((short.len(), long.len()), (33, 35));
                assert_rejected(&short);
                assert_rejected(&long);
            }

            #[test]
            fn a_non_hex_character_is_rejected() {
                for bad in ['g', 'G', 'z', ' ', '-', '_'] {
                    assert_rejected(&with_prefix(&format!("{}{bad}", "a".repeat(31))));
                    assert_rejected(&with_prefix(&format!("{bad}{}", "a".repeat(31))));
                }
            }

            #[test]
            fn non_ascii_is_rejected() {
                // 34 characters, 35 bytes.
                let accented = with_prefix(&format!("{}é", "a".repeat(31)));
                assert_eq!(accented.chars().count(), 34);
                assert_rejected(&accented);
                // 33 characters but 34 bytes: the byte length alone would pass.
                let short = with_prefix(&format!("{}é", "a".repeat(30)));
                assert_eq!(short.len(), 34);
                assert_rejected(&short);
                // Full-width digits are not hexadecimal digits.
                assert_rejected(&with_prefix(&format!("{}０", "a".repeat(31))));
            }

            #[test]
            fn empty_and_padded_values_are_rejected() {
                assert_rejected("");
                let valid = with_prefix(&"a".repeat(32));
                assert_rejected(&format!(" {valid}"));
                assert_rejected(&format!("{valid}\n"));
            }

            #[test]
            fn the_error_names_the_type() {
                let error: InvalidValue = "".parse::<$ty>().unwrap_err();
                assert_eq!(error.type_name(), TYPE);
                assert!(error.to_string().starts_with(&format!("invalid {TYPE}")), "{error}");
                match Error::from(error) {
                    Error::InvalidInput { parameter, .. } => assert_eq!(parameter, TYPE),
                    other => panic!("expected InvalidInput, got {other:?}"),
                }
            }

            #[test]
            fn json_that_is_not_a_string_is_rejected() {
                for json in ["null", "34", "[]", "{}"] {
                    assert!(serde_json::from_str::<$ty>(json).is_err(), "{json} decoded");
                }
            }

            #[test]
            fn display_serialize_and_back_round_trip() {
                let text = with_prefix("0123456789ABCDEFabcdef0123456789");
                let sid: $ty = text.parse().unwrap();
                assert_eq!(sid.to_string(), text);
                assert_eq!(AsRef::<str>::as_ref(&sid), text);
                let json = serde_json::to_string(&sid).unwrap();
                assert_eq!(json, format!("\"{text}\""));
                assert_eq!(serde_json::from_str::<$ty>(&json).unwrap(), sid);
                assert_eq!(sid.to_string().parse::<$ty>().unwrap(), sid);
                assert_eq!(String::from(sid.clone()), text);
                assert_eq!(sid.into_string(), text);
            }

            #[test]
            fn the_pattern_is_the_specs() {
                assert_eq!(<$ty>::PATTERN, format!("^{}[0-9a-fA-F]{{32}}$", $prefix));
            }
        }
    };
}

sid_tests!(account_sid, AccountSid, "AC", "CR");
sid_tests!(trunk_sid, TrunkSid, "TK", "AC");
sid_tests!(credential_list_sid, CredentialListSid, "CL", "CR");
sid_tests!(credential_sid, CredentialSid, "CR", "CL");
