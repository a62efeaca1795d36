//! Validated string newtypes (SIDs): one per pattern schema.

use super::{doc, ident, Ctx};
use crate::ir::{Matcher, PatternPiece, PatternType, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub fn sid_rs(ctx: &Ctx) -> TokenStream {
    let types = ctx.api.types.iter().filter_map(|t| match &t.kind {
        TypeKind::Pattern(p) => Some(newtype(t, p)),
        _ => None,
    });
    quote! {
        //! Identifiers validated against their schema's pattern and lengths. A value of these types always fits.
        #(#types)*
    }
}

fn newtype(def: &TypeDef, p: &PatternType) -> TokenStream {
    let name = ident(&def.name);
    let name_str = &def.name;
    let regex = &p.pattern;
    let docs = doc(def.doc.as_deref().unwrap_or(name_str));
    let pattern_doc = doc(&format!("\nPattern: `{regex}`{}", lengths(p)));
    let example_doc = p.example.as_ref().map(|e| doc(&format!("\nExample: `{e}`")));
    let matcher = matcher(&p.matcher);
    let length = |n: Option<u64>| match n {
        Some(n) => {
            let n = n as usize;
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let (min, max) = (length(p.min_length), length(p.max_length));
    quote! {
        #docs
        #pattern_doc
        #example_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(String);

        impl #name {
            /// The spec's pattern, an ECMA-262 regular expression, that every value matches.
            pub const PATTERN: &'static str = #regex;

            const RULES: crate::runtime::support::Pattern = crate::runtime::support::Pattern {
                type_name: #name_str,
                regex: #regex,
                matcher: #matcher,
                min_length: #min,
                max_length: #max,
            };

            /// Validates `value`.
            pub fn new(value: impl Into<String>) -> Result<Self, crate::InvalidValue> {
                let value = value.into();
                Self::RULES.check(&value)?;
                Ok(Self(value))
            }

            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::InvalidValue;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for #name {
            type Error = crate::InvalidValue;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for #name {
            type Error = crate::InvalidValue;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Self::new(value).map_err(::serde::de::Error::custom)
            }
        }

        impl crate::runtime::support::FormValue for #name {
            fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
                self.0.push_to(key, out);
            }
        }
    }
}

/// The runtime's matcher of a compiled pattern: its pieces, or a function running the pattern's regular
/// expression, compiled on first use.
pub(super) fn matcher(matcher: &Matcher) -> TokenStream {
    match matcher {
        Matcher::Pieces(p) => {
            let pieces = pieces(p);
            quote!(crate::runtime::support::Matcher::Pieces(&[#(#pieces),*]))
        }
        Matcher::Regex(source) => quote! {
            crate::runtime::support::Matcher::Engine(|value| {
                static REGEX: ::std::sync::LazyLock<::regex_lite::Regex> = ::std::sync::LazyLock::new(|| {
                    ::regex_lite::Regex::new(#source).expect("the generator checked this regular expression")
                });
                REGEX.is_match(value)
            })
        },
    }
}

fn pieces(sequence: &[PatternPiece]) -> Vec<TokenStream> {
    sequence
        .iter()
        .map(|piece| match piece {
            PatternPiece::Literal(text) => quote!(crate::runtime::support::Piece::Literal(#text)),
            PatternPiece::Literals(texts) => quote!(crate::runtime::support::Piece::Literals(&[#(#texts),*])),
            PatternPiece::Class { ranges, min, max } => {
                let ranges = ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                let min = proc_macro2::Literal::u32_unsuffixed(*min);
                let max = match max {
                    Some(m) => {
                        let m = proc_macro2::Literal::u32_unsuffixed(*m);
                        quote!(Some(#m))
                    }
                    None => quote!(None),
                };
                quote!(crate::runtime::support::Piece::Class { ranges: &[#(#ranges),*], min: #min, max: #max })
            }
            PatternPiece::Either(alternatives) => {
                let alternatives = alternatives.iter().map(|alternative| {
                    let pieces = pieces(alternative);
                    quote!(&[#(#pieces),*])
                });
                quote!(crate::runtime::support::Piece::Either(&[#(#alternatives),*]))
            }
        })
        .collect()
}

fn lengths(p: &PatternType) -> String {
    match (p.min_length, p.max_length) {
        (Some(a), Some(b)) if a == b => format!(", {a} characters"),
        (Some(a), Some(b)) => format!(", {a} to {b} characters"),
        (Some(a), None) => format!(", at least {a} characters"),
        (None, Some(b)) => format!(", at most {b} characters"),
        (None, None) => String::new(),
    }
}
