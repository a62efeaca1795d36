//! Validated string types (SIDs): one per pattern schema, each the runtime's `Id` with a marker of its rules.

use super::{doc, ident, Ctx};
use crate::ir::{Matcher, PatternPiece, PatternType, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub fn sid_rs(ctx: &Ctx) -> TokenStream {
    let patterns: Vec<(&TypeDef, &PatternType)> = ctx
        .api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Pattern(p) => Some((t, p)),
            _ => None,
        })
        .collect();
    let aliases = patterns.iter().map(|(t, p)| alias(t, p));
    let rules = (!patterns.is_empty()).then(|| {
        let module = ident(crate::surface::SID_RULES_MODULE);
        let markers = patterns.iter().map(|(t, p)| marker(t, p));
        quote! {
            /// The rules of each identifier type above: its pattern and lengths, as a type of its own.
            pub mod #module {
                #(#markers)*
            }
        }
    });
    quote! {
        //! Identifiers validated against their schema's pattern and lengths. A value of these types always fits:
        //! each is the runtime's [`Id`](crate::Id) with rules of its own, so one kind cannot go where another
        //! is expected.
        #(#aliases)*
        #rules
    }
}

/// The identifier type: the runtime's `Id` with the type's rules.
fn alias(def: &TypeDef, p: &PatternType) -> TokenStream {
    let name = ident(&def.name);
    let module = ident(crate::surface::SID_RULES_MODULE);
    let docs = doc(def.doc.as_deref().unwrap_or(&def.name));
    let pattern_doc = doc(&format!("\nPattern: `{}`{}", p.pattern, lengths(p)));
    let example_doc = p.example.as_ref().map(|e| doc(&format!("\nExample: `{e}`")));
    quote! {
        #docs
        #pattern_doc
        #example_doc
        pub type #name = crate::Id<#module::#name>;
    }
}

/// The marker type that carries an identifier type's rules.
fn marker(def: &TypeDef, p: &PatternType) -> TokenStream {
    let name = ident(&def.name);
    let name_str = &def.name;
    let regex = &p.pattern;
    let docs = doc(&format!("The rules of [`{name_str}`](super::{name_str})."));
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
        #[derive(Debug)]
        pub enum #name {}

        impl crate::runtime::Rules for #name {
            const RULES: crate::runtime::support::Pattern = crate::runtime::support::Pattern {
                type_name: #name_str,
                regex: #regex,
                matcher: #matcher,
                min_length: #min,
                max_length: #max,
            };
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
