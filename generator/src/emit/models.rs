//! Model structs, open string enums and aliases: every named type that is not a pattern newtype.

use super::{doc, ident, Ctx};
use crate::ir::{Field, StringEnum, Struct, Tagging, TypeDef, TypeKind, Union};
use crate::lower::bare;
use proc_macro2::TokenStream;
use quote::quote;

pub fn models_rs(ctx: &Ctx) -> TokenStream {
    let items = ctx.api.types.iter().map(|t| match &t.kind {
        TypeKind::Struct(s) => structure(ctx, t, s),
        TypeKind::Enum(e) => string_enum(t, e),
        TypeKind::Alias(target) => {
            let name = ident(&t.name);
            let docs = doc(t.doc.as_deref().unwrap_or(&t.name));
            let target = ctx.ty(target);
            quote!(#docs pub type #name = #target;)
        }
        TypeKind::Union(u) => union(ctx, t, u),
        TypeKind::Pattern(_) => quote!(),
    });
    quote! {
        //! Resources, list pages, error bodies and enums, as the API sends and receives them.
        //!
        //! Unknown fields are ignored, so a vendor adding a field does not break decoding.
        #(#items)*
    }
}

/// The Rust type of a field as declared: boxed, secret and optional as the IR says.
pub(crate) fn field_type(ctx: &Ctx, field: &Field) -> TokenStream {
    let mut ty = ctx.ty(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.secret {
        ty = quote!(crate::Secret<#ty>);
    }
    if field.optional {
        ty = quote!(Option<#ty>);
    }
    ty
}

fn structure(ctx: &Ctx, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref().unwrap_or(&def.name));
    let fields = s.fields.iter().map(|field| {
        let name = ident(&field.name);
        let ty = field_type(ctx, field);
        let docs = doc(&field.doc.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire)));
        let wire = &field.wire;
        let rename = (wire != bare(&field.name)).then(|| quote!(rename = #wire,));
        let serde = match (field.optional, &rename) {
            (true, _) => quote!(#[serde(#rename skip_serializing_if = "Option::is_none")]),
            (false, Some(rename)) => quote!(#[serde(#rename)]),
            (false, None) => quote!(),
        };
        quote!(#docs #serde pub #name: #ty,)
    });
    let additional = s.additional.as_ref().map(|a| {
        let name = ident(&a.name);
        let value = ctx.ty(&a.value);
        quote! {
            /// Keys the spec does not name as properties, with their values.
            #[serde(flatten)]
            pub #name: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let default = s.fields.iter().all(|f| f.optional).then(|| quote!(Default,));
    let args: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| !f.optional)
        .map(|f| {
            let name = ident(&f.name);
            let ty = field_type(ctx, f);
            quote!(#name: #ty)
        })
        .collect();
    let many = super::allow_many_arguments(args.len());
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.optional {
            quote!(#name: None,)
        } else {
            quote!(#name,)
        }
    });
    let additional_init = s.additional.as_ref().map(|a| {
        let name = ident(&a.name);
        quote!(#name: ::std::collections::BTreeMap::new(),)
    });
    let record = record(def, s);
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        impl #name {
            /// A value with the required fields; the optional ones are `None`. Set them through the public
            /// fields: later versions of the API may add optional fields.
            #many
            #[inline]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* #additional_init }
            }
        }

        #record
    }
}

/// How a struct decodes: key by key through the runtime's `Record`, which is the derived `Deserialize` with
/// less code (see `runtime/src/record.rs`). Each property by its wire name and aliases; unknown keys skipped or,
/// with additional properties, kept.
fn record(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let locals = s.fields.iter().map(|f| ident(&f.name));
    let arms = s.fields.iter().map(|f| {
        let local = ident(&f.name);
        let keys = std::iter::once(&f.wire).chain(&f.aliases);
        if f.optional {
            quote!(#(#keys)|* => #local = __map.next_value()?,)
        } else {
            quote!(#(#keys)|* => #local = Some(__map.next_value()?),)
        }
    });
    let values = s.fields.iter().map(|f| {
        let local = ident(&f.name);
        let wire = &f.wire;
        if f.optional {
            quote!(#local,)
        } else {
            quote!(#local: crate::runtime::support::required(#local, #wire)?,)
        }
    });
    let (additional_local, other, additional_value) = match &s.additional {
        Some(a) => {
            let local = ident(&a.name);
            (
                Some(quote!(let mut #local = ::std::collections::BTreeMap::new();)),
                quote!(#local.insert(__key.into_string(), __map.next_value()?)),
                Some(quote!(#local,)),
            )
        }
        None => (None, quote!(crate::runtime::support::skip(&mut __map)?), None),
    };
    // Without properties every key is "other": no match, and no key to bind when it is skipped.
    let entries = match (s.fields.is_empty(), &s.additional) {
        (false, _) => quote! {
            while let Some(__key) = __map.next_key::<crate::runtime::support::Key>()? {
                match __key.as_str() {
                    #(#arms)*
                    _ => {
                        #other;
                    }
                }
            }
        },
        (true, Some(_)) => quote! {
            while let Some(__key) = __map.next_key::<crate::runtime::support::Key>()? {
                #other;
            }
        },
        (true, None) => quote! {
            while __map.next_key::<crate::runtime::support::Key>()?.is_some() {
                #other;
            }
        },
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::support::deserialize_record(deserializer)
            }
        }

        impl crate::runtime::support::Record for #name {
            const NAME: &'static str = #type_name;

            fn visit<'de, A: ::serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #(let mut #locals = None;)*
                #additional_local
                #entries
                Ok(Self { #(#values)* #additional_value })
            }
        }
    }
}

fn union(ctx: &Ctx, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref().unwrap_or(&def.name));
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = ctx.ty(&v.ty);
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        let text = match (&v.doc, v.tags.as_slice()) {
            (Some(d), _) => d.clone(),
            (None, []) => format!("The `{}` form.", v.name),
            (None, tags) => {
                format!("Tagged {}.", tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" or "))
            }
        };
        let docs = doc(&text);
        quote!(#docs #variant(#ty),)
    });
    let form = quote! {
        impl crate::runtime::support::FormValue for #name {
            fn to_form(&self) -> ::serde_json::Value {
                ::serde_json::to_value(self).unwrap_or_default()
            }
        }
    };
    match &u.tagging {
        Tagging::Untagged => {
            let whole = u.variants.iter().filter_map(|v| {
                let variant = ident(&v.name);
                let keys = v.keys.as_ref()?;
                Some(quote! {
                    if crate::runtime::support::names_every_key(&value, &[#(#keys),*]) {
                        if let Some(member) = crate::runtime::support::decoded(&value) {
                            return Ok(Self::#variant(member));
                        }
                    }
                })
            });
            let any = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                quote! {
                    if let Some(member) = crate::runtime::support::decoded(&value) {
                        return Ok(Self::#variant(member));
                    }
                }
            });
            let none = format!("the value is none of the forms of {}", def.name);
            let display = u.display.then(|| {
                let arms = u.variants.iter().map(|v| {
                    let variant = ident(&v.name);
                    quote!(Self::#variant(member) => ::std::fmt::Display::fmt(member, f),)
                });
                quote! {
                    /// The value as text, as it is sent in a path or a query.
                    impl ::std::fmt::Display for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            match self {
                                #(#arms)*
                            }
                        }
                    }
                }
            });
            quote! {
                #docs
                ///
                /// Decoding takes the first variant, in order, whose properties name every key of the value, else
                /// the first variant the value decodes as.
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        #(#whole)*
                        #(#any)*
                        Err(<D::Error as ::serde::de::Error>::custom(#none))
                    }
                }

                #form
                #display
            }
        }
        Tagging::Internal { property, fallback } => {
            let fallback = ident(fallback);
            let encode = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let tag = &v.tags[0];
                quote!(Self::#variant(member) => crate::runtime::support::tagged(member, #property, #tag, serializer),)
            });
            let decode = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let tags = &v.tags;
                quote!(Some(#(#tags)|*) => crate::runtime::support::member(value).map(Self::#variant),)
            });
            let how = doc(&format!(
                "The `{property}` property tells the variants apart; a tag this version does not know arrives as \
                 the fallback variant instead of failing to decode."
            ));
            quote! {
                #docs
                ///
                #how
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value whose tag the spec did not list when this crate was generated, as the API sent it.
                    #fallback(::serde_json::Value),
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        match self {
                            #(#encode)*
                            Self::#fallback(value) => ::serde::Serialize::serialize(value, serializer),
                        }
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        match crate::runtime::support::tag(&value, #property) {
                            #(#decode)*
                            _ => Ok(Self::#fallback(value)),
                        }
                    }
                }

                #form
            }
        }
    }
}

fn string_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref().unwrap_or(&def.name));
    let fallback = ident(&e.fallback);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let docs = doc(&format!("`{}`", v.wire));
        quote!(#docs #variant,)
    });
    let to_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from_str = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#variant,)
    });
    let unknown = quote!(Self::#fallback(crate::runtime::support::unknown_value(value)));
    // An enum that lists no text value (`enum: [null]`) holds whatever arrives.
    let from_body = if e.variants.is_empty() { unknown } else { quote!(match value { #(#from_str)* _ => #unknown, }) };
    quote! {
        #docs
        ///
        /// Values this version does not know arrive as the fallback variant instead of failing to decode.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the spec did not list when this crate was generated. Never holds a listed value.
            #fallback(crate::UnknownValue),
        }

        impl #name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#fallback(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                #from_body
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        impl crate::runtime::support::FormValue for #name {
            fn to_form(&self) -> ::serde_json::Value {
                ::serde_json::Value::String(self.as_str().to_owned())
            }
        }
    }
}
