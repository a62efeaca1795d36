//! The request builder of an operation: the values bound so far, setters for the optional ones, and `send`.

use super::params::{param_doc, setter_arg};
use super::{doc, ident, Ctx};
use crate::ir::{BodyKind, Location, Operation, Param, PathPart, ResponseBody, TypeRef};
use crate::surface;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The documentation of an operation, from the spec: on the handle's method that starts it.
pub(super) fn operation_doc(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        if op.summary.as_deref().map(str::trim) != Some(description.trim()) {
            text.push_str(description.trim());
            text.push_str("\n\n");
        }
    }
    let statuses = |codes: &[u16]| codes.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    match (&op.response.body, &op.response.media_type) {
        (ResponseBody::Redirect, _) => text.push_str(&format!(
            "The API answers with a redirect ({}): the request returns its target, which the client does not \
             follow.\n\n",
            statuses(&op.response.redirects)
        )),
        (ResponseBody::Text | ResponseBody::Bytes, Some(media_type)) => {
            text.push_str(&format!("Returns the `{media_type}` body as it came.\n\n"))
        }
        _ => {}
    }
    text.push_str(&format!("`{} {}` (operation `{}`).", op.http_method.as_str(), op.path, op.id));
    doc(&text)
}

/// How an accessor or method takes a path parameter, and how it becomes the owned value (`None`: the argument
/// is that value): strings as `&str`, named types (IDs) by reference, `Copy` values (numbers) by value.
pub(super) fn path_arg(ctx: &Ctx, name: &str, ty: &TypeRef) -> (TokenStream, Option<TokenStream>) {
    let name = ident(name);
    match ty {
        TypeRef::String => (quote!(#name: &str), Some(quote!(#name.to_owned()))),
        TypeRef::Named(_) if !ctx.is_copy(ty) => {
            let ty = ctx.ty(ty);
            (quote!(#name: &#ty), Some(quote!(#name.clone())))
        }
        other => {
            let ty = ctx.ty(other);
            (quote!(#name: #ty), None)
        }
    }
}

/// What a request returns, and the call on the transport's answer that reads it.
fn returns(ctx: &Ctx, op: &Operation) -> (TokenStream, TokenStream) {
    let error = super::client::error_decoder(ctx, op.error_type.as_ref());
    match &op.response.body {
        ResponseBody::Json(ty) => {
            let ty = ctx.ty(ty);
            (ty, quote!(json(#error)))
        }
        ResponseBody::Empty => (quote!(()), quote!(empty(#error))),
        ResponseBody::Text => (quote!(String), quote!(text(#error))),
        ResponseBody::Bytes => (quote!(Vec<u8>), quote!(bytes(#error))),
        ResponseBody::Redirect => (quote!(crate::Redirect), quote!(redirect(#error))),
    }
}

/// What makes the operation's values a request: `impl Operation` for its params struct (the HTTP request, how
/// to read the answer), the setters of its optional values on `Request<Params>`, and, for a list, `impl List`.
pub(super) fn request(ctx: &Ctx, op: &Operation) -> TokenStream {
    let name = ident(&op.params.name);
    let build = to_request(ctx, op);
    let (output, decode) = returns(ctx, op);
    let setters: Vec<TokenStream> = op.params.fields.iter().filter(|p| !p.required).map(|p| setter(ctx, p)).collect();
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            impl crate::Request<#name> {
                #(#setters)*
            }
        }
    });
    let list = op.pagination.as_ref().map(|p| super::pagination::list(ctx, op, p));
    quote! {
        impl crate::runtime::Operation for #name {
            type Output = #output;
            type ErrorBody = crate::ApiErrorBody;

            #build

            #[inline]
            fn decode(response: crate::runtime::support::Response) -> Result<#output, crate::Error> {
                response.#decode
            }
        }

        #setters
        #list
    }
}

/// The setter of an optional parameter.
fn setter(ctx: &Ctx, p: &Param) -> TokenStream {
    let name = ident(&p.name);
    let (arg, convert) = setter_arg(ctx, p, quote!(value));
    let docs = param_doc(p);
    quote! {
        #docs
        #[inline]
        pub fn #name(mut self, value: #arg) -> Self {
            self.params_mut().#name = Some(#convert);
            self
        }
    }
}

/// The name of the local that holds a path segment: the parameter's, without `r#` (which a format string
/// cannot name).
fn segment_local(name: &str) -> String {
    match name.strip_prefix("r#") {
        Some(raw) => format!("{raw}_segment"),
        None => name.to_owned(),
    }
}

/// `Operation::request`: checks the values and builds what the transport sends.
fn to_request(ctx: &Ctx, op: &Operation) -> TokenStream {
    let validate = super::params::has_checks(op).then(|| {
        let validate = format_ident!("{}", surface::PARAMS_VALIDATE);
        quote!(self.#validate()?;)
    });
    let mut template = String::new();
    let mut segments = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(i) => {
                let p = &op.path_params[*i];
                let name = ident(&p.name);
                let local = segment_local(&p.name);
                let local_ident = format_ident!("{local}");
                let wire = &p.wire;
                let value = match &p.ty {
                    TypeRef::String => quote!(&self.#name),
                    ty if ctx.has_as_str(ty) => quote!(self.#name.as_str()),
                    _ => quote!(&self.#name.to_string()),
                };
                template.push_str(&format!("{{{local}}}"));
                segments.push(quote!(let #local_ident = crate::runtime::support::path_segment(#wire, #value)?;));
            }
        }
    }
    let path = if segments.is_empty() { quote!(#template.to_owned()) } else { quote!(format!(#template)) };
    let has = |location: Location| op.params.fields.iter().any(|p| p.location == location);
    let query = if has(Location::Query) {
        let f = format_ident!("{}", surface::PARAMS_QUERY);
        quote!(self.#f().encode())
    } else {
        quote!(String::new())
    };
    let headers = if has(Location::Header) {
        let f = format_ident!("{}", surface::PARAMS_HEADERS);
        quote!(self.#f())
    } else {
        quote!(Vec::new())
    };
    let body = match &op.body {
        None => quote!(crate::runtime::support::Body::None),
        Some(body) => {
            let content_type = &body.media_type;
            let bytes = |bytes: TokenStream| quote!(crate::runtime::support::Body::Bytes { content_type: #content_type, bytes: #bytes });
            match &body.kind {
                BodyKind::Form => {
                    let f = format_ident!("{}", surface::PARAMS_FORM);
                    bytes(quote!(self.#f().encode().into_bytes()))
                }
                BodyKind::Multipart => {
                    let f = format_ident!("{}", surface::PARAMS_PARTS);
                    quote!({
                        let (boundary, bytes) = self.#f().encode();
                        crate::runtime::support::Body::Multipart { media_type: #content_type, boundary, bytes }
                    })
                }
                BodyKind::Json { field } => {
                    let field = ident(field);
                    bytes(quote!(::serde_json::to_vec(&self.#field).map_err(|e| crate::Error::InvalidInput {
                        parameter: "body",
                        message: e.to_string(),
                    })?))
                }
                BodyKind::Bytes { field } => {
                    let field = ident(field);
                    bytes(quote!(self.#field.clone()))
                }
            }
        }
    };
    let server = ident(&ctx.api.servers[op.server].name);
    let http_method = format_ident!("{}", op.http_method.as_str());
    let security = op.security.iter().map(|alternative| quote!(&[#(#alternative),*]));
    let id = &op.id;
    let accept = &op.response.accept;
    quote! {
        #[inline]
        fn request(&self) -> Result<crate::runtime::support::HttpRequest, crate::Error> {
            #validate
            #(#segments)*
            Ok(crate::runtime::support::HttpRequest {
                operation: #id,
                method: crate::reqwest::Method::#http_method,
                server: crate::Server::#server as usize,
                path: #path,
                query: #query,
                headers: #headers,
                accept: #accept,
                body: #body,
                security: &[#(#security),*],
                options: Default::default(),
            })
        }
    }
}
