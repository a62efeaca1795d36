//! Model structs, open string enums and aliases: every named type that is not a pattern newtype.

use super::{doc, ident, Ctx};
use crate::ir::{Field, StringEnum, Struct, TypeDef, TypeKind};
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
        let aliases = &field.aliases;
        let rename = (wire != bare(&field.name)).then(|| quote!(rename = #wire,));
        let rename = quote!(#rename #(alias = #aliases,)*);
        let serde = match (field.optional, rename.is_empty()) {
            (true, _) => quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")]),
            (false, false) => quote!(#[serde(#rename)]),
            (false, true) => quote!(),
        };
        quote!(#docs #serde pub #name: #ty,)
    });
    let default = s.fields.iter().all(|f| f.optional).then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
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
                match value {
                    #(#from_str)*
                    other => Self::#fallback(crate::UnknownValue::new(other)),
                }
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

        impl crate::runtime::encode::FormValue for #name {
            fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((key, self.as_str().to_owned()));
            }
        }
    }
}
