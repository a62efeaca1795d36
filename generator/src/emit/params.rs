//! The parameter struct of an operation: its path, query, header and body values as data, with their checks
//! and their encoding.

use super::{doc, ident, Ctx};
use crate::ir::{Constraints, Location, Operation, Param, Style, TypeRef};
use crate::surface;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The argument type of a setter: strings and secrets take anything that becomes a `String`.
pub(super) fn setter_arg(ctx: &Ctx, param: &Param, value: TokenStream) -> (TokenStream, TokenStream) {
    let ty = ctx.ty(&param.ty);
    match (&param.ty, param.secret) {
        (TypeRef::String, true) => (quote!(impl Into<String>), quote!(crate::Secret::new(#value.into()))),
        (TypeRef::String, false) => (quote!(impl Into<String>), quote!(#value.into())),
        (TypeRef::Bytes, false) => (quote!(impl Into<Vec<u8>>), quote!(#value.into())),
        (TypeRef::Upload, false) => (quote!(impl Into<crate::Upload>), quote!(#value.into())),
        (_, true) => (ty, quote!(crate::Secret::new(#value))),
        (_, false) => (ty, value),
    }
}

fn field_type(ctx: &Ctx, param: &Param) -> TokenStream {
    let mut ty = ctx.ty(&param.ty);
    if param.secret {
        ty = quote!(crate::Secret<#ty>);
    }
    if !param.required {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// The struct of an operation's values, path parameters first; `starts` is the handle method that starts a
/// request of it, for the docs.
pub(super) fn params_struct(ctx: &Ctx, op: &Operation, starts: &str) -> TokenStream {
    let params = &op.params;
    let name = ident(&params.name);
    let values: Vec<&Param> = op.path_params.iter().chain(&params.fields).collect();
    let docs = doc(&format!(
        "The values of a `{}` request, as data: a [`Request`](crate::Request) of them is what [`{starts}`] \
         returns.\n\n\
         Built with `new` (the required values{}), then its public fields; later versions may add optional \
         fields.",
        op.id,
        if values.iter().any(|p| p.required) { "" } else { ", none here; or `Default`" }
    ));
    let fields = values.iter().map(|p| {
        let name = ident(&p.name);
        let ty = field_type(ctx, p);
        let docs = param_doc(p);
        quote!(#docs pub #name: #ty,)
    });
    let required: Vec<&Param> = values.iter().copied().filter(|p| p.required).collect();
    let new_args = new_args(ctx, op);
    let inits = values.iter().map(|p| {
        let name = ident(&p.name);
        if p.required {
            // The argument as the setter takes it, converted; a field init shorthand when it is taken as it is.
            let (_, convert) = setter_arg(ctx, p, quote!(#name));
            if name == convert.to_string() {
                quote!(#name,)
            } else {
                quote!(#name: #convert,)
            }
        } else {
            quote!(#name: None,)
        }
    });
    let checks: Vec<TokenStream> = values.iter().filter(|p| !p.constraints.is_empty()).map(|p| check(p)).collect();
    let pairs = |location: Location, fn_name: &str| {
        let fields: Vec<&Param> = params.fields.iter().filter(|p| p.location == location).collect();
        if fields.is_empty() {
            return None;
        }
        let fn_name = format_ident!("{fn_name}");
        let pushes = fields.iter().map(|p| {
            let wire = &p.wire;
            each_value(p, |value| match (p.style, p.serialized) {
                (Style::Form, false) => quote!(pairs.push(#wire, #value);),
                (style, false) => {
                    let style = style_path(style);
                    quote!(pairs.push_styled(#wire, #value, #style);)
                }
                (style, true) => {
                    let style = style_path(style);
                    quote!(pairs.push_serialized(#wire, #value, #style);)
                }
            })
        });
        Some(quote! {
            fn #fn_name(&self) -> crate::runtime::support::Pairs {
                let mut pairs = crate::runtime::support::Pairs::new();
                #(#pushes)*
                pairs
            }
        })
    };
    let query = pairs(Location::Query, surface::PARAMS_QUERY);
    let form = pairs(Location::Form, surface::PARAMS_FORM);
    let parts = multipart_parts(params.fields.iter().filter(|p| p.location == Location::Part).collect());
    let header_fields: Vec<&Param> = params.fields.iter().filter(|p| p.location == Location::Header).collect();
    let headers = (!header_fields.is_empty()).then(|| {
        let pushes = header_fields.iter().map(|p| {
            let name = ident(&p.name);
            let wire = &p.wire;
            let value = if p.required { quote!(Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
            let text = if p.serialized { quote!(header_serialized) } else { quote!(header_text) };
            quote! {
                if let Some(value) = #value.and_then(crate::runtime::support::#text) {
                    headers.push((#wire, value));
                }
            }
        });
        let headers = format_ident!("{}", surface::PARAMS_HEADERS);
        quote! {
            fn #headers(&self) -> Vec<(&'static str, String)> {
                let mut headers = Vec::new();
                #(#pushes)*
                headers
            }
        }
    });
    let default = required.is_empty().then(|| quote!(Default,));
    let new = format_ident!("{}", surface::PARAMS_NEW);
    let many = super::allow_many_arguments(new_args.len());
    let validate = format_ident!("{}", surface::PARAMS_VALIDATE);
    let validate_fn = has_checks(op).then(|| {
        quote! {
            /// Checks the spec's constraints before anything is sent.
            fn #validate(&self) -> Result<(), crate::Error> {
                #(#checks)*
                Ok(())
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parameters with the required values; the optional ones are `None`.
            #many
            #[inline]
            pub fn #new(#(#new_args),*) -> Self {
                Self { #(#inits)* }
            }

            #validate_fn

            #query
            #form
            #parts
            #headers
        }
    }
}

/// Whether the operation's values have constraints to check (then its params struct has `validate`).
pub(super) fn has_checks(op: &Operation) -> bool {
    op.path_params.iter().chain(&op.params.fields).any(|p| !p.constraints.is_empty())
}

/// The arguments of `new`: the path parameters and the required fields, in order.
pub(super) fn new_args(ctx: &Ctx, op: &Operation) -> Vec<TokenStream> {
    required_args(ctx, op.path_params.iter().chain(&op.params.fields).filter(|p| p.required))
}

/// The arguments that take `values`: strings as anything that becomes a `String`, as the setters do.
pub(super) fn required_args<'p>(ctx: &Ctx, values: impl Iterator<Item = &'p Param>) -> Vec<TokenStream> {
    values
        .map(|p| {
            let name = ident(&p.name);
            let (arg, _) = setter_arg(ctx, p, quote!());
            quote!(#name: #arg)
        })
        .collect()
}

pub(super) fn param_doc(p: &Param) -> TokenStream {
    let mut text = p.doc.clone().unwrap_or_else(|| format!("`{}`", p.wire));
    let Constraints { min_length, max_length, minimum, maximum, .. } = &p.constraints;
    let mut limits = Vec::new();
    if let Some(v) = min_length {
        limits.push(format!("at least {v} characters"));
    }
    if let Some(v) = max_length {
        limits.push(format!("at most {v} characters"));
    }
    if let Some(v) = minimum {
        limits.push(format!("minimum {v}"));
    }
    if let Some(v) = maximum {
        limits.push(format!("maximum {v}"));
    }
    if let Some(regex) = p.pattern.as_ref().filter(|_| p.constraints.pattern.is_some()) {
        limits.push(format!("matching `{regex}`"));
    }
    if let Some(d) = &p.default {
        limits.push(format!("the API's default: `{d}`"));
    }
    if !limits.is_empty() {
        text.push_str(&format!("\n\n{}.", capitalize(&limits.join(", "))));
    }
    doc(&text)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The constraint checks of one parameter.
fn check(p: &Param) -> TokenStream {
    let name = ident(&p.name);
    let wire = &p.wire;
    let c = &p.constraints;
    let value = if p.secret { quote!(value.expose()) } else { quote!(value) };
    let usize_option = |n: Option<u64>| match n {
        Some(n) => {
            let n = n as usize;
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let f64_option = |n: Option<f64>| match n {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    let mut checks = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (usize_option(c.min_length), usize_option(c.max_length));
        checks.push(quote!(crate::runtime::support::check_length(#wire, #value, #min, #max)?;));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (f64_option(c.minimum), f64_option(c.maximum));
        let number = if p.ty == TypeRef::F64 { quote!(*#value) } else { quote!(*#value as f64) };
        checks.push(quote!(crate::runtime::support::check_range(#wire, #number, #min, #max)?;));
    }
    if let Some(matcher) = &c.pattern {
        let regex = p.pattern.clone().unwrap_or_default();
        let matcher = super::sids::matcher(matcher);
        checks.push(quote! {
            crate::runtime::support::Pattern {
                type_name: #wire,
                regex: #regex,
                matcher: #matcher,
                min_length: None,
                max_length: None,
            }
            .check(#value)?;
        });
    }
    if p.required {
        quote!({ let value = &self.#name; #(#checks)* })
    } else {
        quote!(if let Some(value) = &self.#name { #(#checks)* })
    }
}

/// `push` of the value of `p` (a reference to it): at once when it is required, else when it is set.
fn each_value(p: &Param, push: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let name = ident(&p.name);
    if p.required {
        push(quote!(&self.#name))
    } else {
        let push = push(quote!(value));
        quote!(if let Some(value) = &self.#name { #push })
    }
}

/// The function that makes a multipart body of the `Location::Part` fields, when there are any.
fn multipart_parts(fields: Vec<&Param>) -> Option<TokenStream> {
    if fields.is_empty() {
        return None;
    }
    let pushes = fields.iter().map(|p| {
        let wire = &p.wire;
        each_value(p, |value| match (&p.ty, p.serialized) {
            (TypeRef::Upload, _) => quote!(parts.push_upload(#wire, #value);),
            (TypeRef::Array(item), _) if **item == TypeRef::Upload => quote!(parts.push_uploads(#wire, #value);),
            (_, true) => quote!(parts.push_serialized(#wire, #value);),
            (_, false) => quote!(parts.push(#wire, #value);),
        })
    });
    let fn_name = format_ident!("{}", surface::PARAMS_PARTS);
    Some(quote! {
        fn #fn_name(&self) -> crate::runtime::support::Parts {
            let mut parts = crate::runtime::support::Parts::new();
            #(#pushes)*
            parts
        }
    })
}

/// The runtime's name of a query or form style.
fn style_path(style: Style) -> TokenStream {
    let variant = match style {
        // A path segment, header or body is not written by pairs; `simple` is `form` joined.
        Style::Simple | Style::FormJoined => "FormJoined",
        Style::Form => "Form",
        Style::SpaceDelimited => "SpaceDelimited",
        Style::PipeDelimited => "PipeDelimited",
        Style::DeepObject => "DeepObject",
    };
    let variant = format_ident!("{variant}");
    quote!(crate::runtime::support::Style::#variant)
}
