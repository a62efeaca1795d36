//! One module per tag: the parameter struct of each operation and its client method.

use super::{doc, ident, inner_doc, Ctx};
use crate::ir::{
    BodyKind, Constraints, FieldStep, Location, Module, Operation, Pagination, PaginationStyle, Param, Params,
    PathPart, ResponseBody, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn module_rs(ctx: &Ctx, module: &Module) -> TokenStream {
    let docs = inner_doc(module.doc.as_deref().unwrap_or(&format!("Operations tagged `{}`.", module.name)));
    let items = module.operations.iter().map(|op| {
        let params = op.params.as_ref().map(|p| params_struct(ctx, op, p));
        let method = method(ctx, op);
        let stream = op.pagination.as_ref().map(|p| stream_method(ctx, op, p));
        quote! {
            #params
            impl crate::Client {
                #method
                #stream
            }
        }
    });
    quote! {
        #docs
        #(#items)*
    }
}

/// The argument type of a setter: strings and secrets take anything that becomes a `String`.
fn setter_arg(ctx: &Ctx, param: &Param, value: TokenStream) -> (TokenStream, TokenStream) {
    let ty = ctx.ty(&param.ty);
    match (&param.ty, param.secret) {
        (TypeRef::String, true) => (quote!(impl Into<String>), quote!(crate::Secret::new(#value.into()))),
        (TypeRef::String, false) => (quote!(impl Into<String>), quote!(#value.into())),
        (TypeRef::Bytes, false) => (quote!(impl Into<Vec<u8>>), quote!(#value.into())),
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

fn params_struct(ctx: &Ctx, op: &Operation, params: &Params) -> TokenStream {
    let name = ident(&params.name);
    let method = &op.method_name;
    let docs = doc(&format!("Parameters of [`Client::{method}`](crate::Client::{method})."));
    let fields = params.fields.iter().map(|p| {
        let name = ident(&p.name);
        let ty = field_type(ctx, p);
        let docs = param_doc(p);
        quote!(#docs pub #name: #ty,)
    });
    let required: Vec<&Param> = params.fields.iter().filter(|p| p.required).collect();
    let new_args = required.iter().map(|p| {
        let name = ident(&p.name);
        let (arg, _) = setter_arg(ctx, p, quote!());
        quote!(#name: #arg)
    });
    let inits = params.fields.iter().map(|p| {
        let name = ident(&p.name);
        if p.required {
            match (&p.ty, p.secret) {
                (TypeRef::String | TypeRef::Bytes, _) | (_, true) => {
                    let (_, convert) = setter_arg(ctx, p, quote!(#name));
                    quote!(#name: #convert,)
                }
                _ => quote!(#name,),
            }
        } else {
            quote!(#name: None,)
        }
    });
    let setters = params.fields.iter().filter(|p| !p.required).map(|p| {
        let name = ident(&p.name);
        let (arg, convert) = setter_arg(ctx, p, quote!(value));
        let docs = param_doc(p);
        quote! {
            #docs
            pub fn #name(mut self, value: #arg) -> Self {
                self.#name = Some(#convert);
                self
            }
        }
    });
    let checks = params.fields.iter().filter(|p| !p.constraints.is_empty()).map(check);
    let pairs = |location: Location, fn_name: &str| {
        let fields: Vec<&Param> = params.fields.iter().filter(|p| p.location == location).collect();
        if fields.is_empty() {
            return None;
        }
        let fn_name = format_ident!("{fn_name}");
        let pushes = fields.iter().map(|p| {
            let name = ident(&p.name);
            let wire = &p.wire;
            if p.required {
                quote!(pairs.push(#wire, &self.#name);)
            } else {
                quote!(if let Some(value) = &self.#name { pairs.push(#wire, value); })
            }
        });
        Some(quote! {
            fn #fn_name(&self) -> crate::runtime::encode::Pairs {
                let mut pairs = crate::runtime::encode::Pairs::new();
                #(#pushes)*
                pairs
            }
        })
    };
    let query = pairs(Location::Query, "query_pairs");
    let form = pairs(Location::Form, "form_pairs");
    let header_fields: Vec<&Param> = params.fields.iter().filter(|p| p.location == Location::Header).collect();
    let headers = (!header_fields.is_empty()).then(|| {
        let pushes = header_fields.iter().map(|p| {
            let name = ident(&p.name);
            let wire = &p.wire;
            let value = if p.required { quote!(Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
            quote! {
                if let Some(value) = #value {
                    let mut pairs = Vec::new();
                    crate::runtime::encode::FormValue::push_to(value, #wire, &mut pairs);
                    headers.extend(pairs);
                }
            }
        });
        quote! {
            fn headers(&self) -> Vec<(&'static str, String)> {
                let mut headers = Vec::new();
                #(#pushes)*
                headers
            }
        }
    });
    let default = required.is_empty().then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parameters with the required values; set optional ones by name.
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#inits)* }
            }

            #(#setters)*

            /// Checks the spec's constraints before anything is sent.
            fn validate(&self) -> Result<(), crate::Error> {
                #(#checks)*
                Ok(())
            }

            #query
            #form
            #headers
        }
    }
}

fn param_doc(p: &Param) -> TokenStream {
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
        checks.push(quote!(crate::runtime::encode::check_length(#wire, #value, #min, #max)?;));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (f64_option(c.minimum), f64_option(c.maximum));
        checks.push(quote!(crate::runtime::encode::check_range(#wire, *#value as f64, #min, #max)?;));
    }
    if let Some(matcher) = &c.pattern {
        let regex = p.pattern.clone().unwrap_or_default();
        let matcher = super::sids::matcher(matcher);
        checks.push(quote! {
            crate::runtime::pattern::Pattern {
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

fn method(ctx: &Ctx, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
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
            "The API answers with a redirect ({}): this returns its target, which the client does not follow.\n\n",
            statuses(&op.response.redirects)
        )),
        (ResponseBody::Text | ResponseBody::Bytes, Some(media_type)) => {
            text.push_str(&format!("Returns the `{media_type}` body as it came.\n\n"))
        }
        _ => {}
    }
    text.push_str(&format!("`{} {}` (operation `{}`).", op.http_method.as_str(), op.path, op.id));
    let docs = doc(&text);
    let path_args = op.path_params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = match &p.ty {
            TypeRef::String => quote!(&str),
            other => {
                let ty = ctx.ty(other);
                quote!(&#ty)
            }
        };
        quote!(#name: #ty,)
    });
    let params_arg = op.params.as_ref().map(|p| {
        let ty = ident(&p.name);
        quote!(params: &#ty)
    });
    let validate = op.params.as_ref().map(|_| quote!(params.validate()?;));
    let mut template = String::new();
    let mut segments = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(i) => {
                let p = &op.path_params[*i];
                let name = ident(&p.name);
                let wire = &p.wire;
                let value = match &p.ty {
                    TypeRef::String => quote!(#name),
                    ty if ctx.has_as_str(ty) => quote!(#name.as_str()),
                    _ => quote!(&#name.to_string()),
                };
                template.push_str("{}");
                segments.push(quote!(crate::runtime::encode::path_segment(#wire, #value)?));
            }
        }
    }
    let path =
        if segments.is_empty() { quote!(#template.to_owned()) } else { quote!(format!(#template, #(#segments),*)) };
    let has = |location: Location| op.params.iter().flat_map(|p| &p.fields).any(|p| p.location == location);
    let query = if has(Location::Query) { quote!(params.query_pairs().encode()) } else { quote!(String::new()) };
    let headers = if has(Location::Header) { quote!(params.headers()) } else { quote!(Vec::new()) };
    let body = match &op.body {
        None => quote!(crate::runtime::transport::Body::None),
        Some(body) => {
            let content_type = &body.media_type;
            let bytes = match &body.kind {
                BodyKind::Form => quote!(params.form_pairs().encode().into_bytes()),
                BodyKind::Json { field } => {
                    let field = ident(field);
                    quote!(::serde_json::to_vec(&params.#field).map_err(|e| crate::Error::InvalidInput {
                        parameter: "body",
                        message: e.to_string(),
                    })?)
                }
                BodyKind::Bytes { field } => {
                    let field = ident(field);
                    quote!(params.#field.clone())
                }
            };
            quote!(crate::runtime::transport::Body::Bytes { content_type: #content_type, bytes: #bytes })
        }
    };
    let server = ident(&ctx.api.servers[op.server].name);
    let http_method = format_ident!("{}", op.http_method.as_str());
    let security = op.security.iter().map(|alternative| quote!(&[#(#alternative),*]));
    let id = &op.id;
    let error = super::client::error_decoder(ctx, op.error_type.as_ref());
    let (ret, finish) = match &op.response.body {
        ResponseBody::Json(ty) => {
            let ty = ctx.ty(ty);
            (ty.clone(), quote!(.json::<#ty>(#error)))
        }
        ResponseBody::Empty => (quote!(()), quote!(.empty(#error))),
        ResponseBody::Text => (quote!(String), quote!(.text(#error))),
        ResponseBody::Bytes => (quote!(Vec<u8>), quote!(.bytes(#error))),
        ResponseBody::Redirect => (quote!(crate::Redirect), quote!(.redirect(#error))),
    };
    let accept = &op.response.accept;
    quote! {
        #docs
        pub async fn #name(&self, #(#path_args)* #params_arg) -> Result<#ret, crate::Error> {
            #validate
            let request = crate::runtime::transport::Request {
                operation: #id,
                method: ::reqwest::Method::#http_method,
                server: crate::Server::#server as usize,
                path: #path,
                query: #query,
                headers: #headers,
                accept: #accept,
                body: #body,
                security: &[#(#security),*],
                options: ::core::default::Default::default(),
            };
            self.transport.send(request).await? #finish
        }
    }
}

/// An expression giving `Option<&T>` for the value at the end of `steps`, starting from `page`.
fn field_access(steps: &[FieldStep]) -> TokenStream {
    let mut expr = quote!(page);
    let mut is_option = false;
    for step in steps {
        let name = ident(&step.name);
        expr = match (is_option, step.optional) {
            (false, false) => quote!(#expr.#name),
            (false, true) => quote!(#expr.#name.as_ref()),
            (true, true) => quote!(#expr.and_then(|v| v.#name.as_ref())),
            (true, false) => quote!(#expr.map(|v| &v.#name)),
        };
        is_option |= step.optional;
    }
    if is_option {
        expr
    } else {
        quote!(Some(&#expr))
    }
}

/// `{method}_stream`: every item across pages, as a stream.
fn stream_method(ctx: &Ctx, op: &Operation, pagination: &Pagination) -> TokenStream {
    let method = ident(&op.method_name);
    let name = format_ident!("{}_stream", crate::lower::bare(&op.method_name));
    let item = ctx.ty(&pagination.item);
    let docs = doc(&format!(
        "Every item of [`{0}`](Self::{0}), across pages, as a stream that fetches each page when it is reached.\n\n\
         Stops after `limit` items when one is given, after the last page, or at the first error.",
        crate::lower::bare(&op.method_name)
    ));
    // The stream owns what it needs, so it borrows nothing from the caller.
    let path_args = op.path_params.iter().map(|p| {
        let name = ident(&p.name);
        match &p.ty {
            TypeRef::String => quote!(#name: impl Into<String>,),
            other => {
                let ty = ctx.ty(other);
                quote!(#name: #ty,)
            }
        }
    });
    let into_strings = op.path_params.iter().filter(|p| p.ty == TypeRef::String).map(|p| {
        let name = ident(&p.name);
        quote!(let #name: String = #name.into();)
    });
    let path_names: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            quote!(&#name,)
        })
        .collect();
    let (params_arg, params_pass) = match &op.params {
        Some(p) => {
            let ty = ident(&p.name);
            (quote!(params: #ty,), quote!(&params))
        }
        None => (quote!(), quote!()),
    };
    let items = ident(&pagination.items.name);
    let items = if pagination.items.optional { quote!(page.#items.unwrap_or_default()) } else { quote!(page.#items) };
    let body = match &pagination.style {
        PaginationStyle::NextUrl { next_url, page_size } => {
            let page_ty = ctx.ty(&pagination.page);
            let server = ident(&ctx.api.servers[op.server].name);
            let id = &op.id;
            let security = op.security.iter().map(|alternative| quote!(&[#(#alternative),*]));
            let error = super::client::error_decoder(ctx, op.error_type.as_ref());
            let next = field_access(next_url);
            let accept = &op.response.accept;
            // Twilio's libraries ask for no more than the limit in the first page.
            let cap_page_size = page_size.as_ref().filter(|_| op.params.is_some()).map(|size| {
                let field = ident(&size.name);
                let int = if size.ty == TypeRef::I64 { quote!(i64) } else { quote!(i32) };
                let convert = match size.maximum.and_then(|m| usize::try_from(m).ok()) {
                    Some(cap) => {
                        let cap = proc_macro2::Literal::usize_unsuffixed(cap);
                        quote!(#int::try_from(limit.min(#cap)).unwrap_or(#int::MAX))
                    }
                    None => quote!(#int::try_from(limit).unwrap_or(#int::MAX)),
                };
                quote! {
                    let mut params = params;
                    if let (None, Some(limit)) = (params.#field, limit) {
                        params.#field = Some(#convert);
                    }
                }
            });
            quote! {
                #cap_page_size
                let client = self.clone();
                crate::runtime::paginate::next_url(
                    limit,
                    std::sync::Arc::clone(&self.transport),
                    crate::Server::#server as usize,
                    #id,
                    #accept,
                    &[#(#security),*],
                    #error,
                    async move { client.#method(#(#path_names)* #params_pass).await },
                    |page: #page_ty| {
                        let next = #next.cloned();
                        (#items, next)
                    },
                )
            }
        }
        PaginationStyle::Offset { limit, default_limit, offset, total } => {
            let limit_field = ident(&limit.name);
            let offset_field = ident(&offset.name);
            let asked = match (default_limit, &limit.ty) {
                (Some(d), TypeRef::I64) => quote!(Some(params.#limit_field.unwrap_or(#d))),
                (Some(d), _) => quote!(Some(params.#limit_field.map_or(#d, i64::from))),
                (None, TypeRef::I64) => quote!(params.#limit_field),
                (None, _) => quote!(params.#limit_field.map(i64::from)),
            };
            let offset_ty = ctx.ty(&offset.ty);
            let start = match offset.ty {
                TypeRef::I64 => quote!(params.#offset_field.unwrap_or(0)),
                _ => quote!(i64::from(params.#offset_field.unwrap_or(0))),
            };
            let total = match total {
                Some(steps) => {
                    let access = field_access(steps);
                    match steps.last().map(|s| &s.ty) {
                        Some(TypeRef::I64) => quote!(#access.copied()),
                        Some(TypeRef::I32) => quote!(#access.map(|v| i64::from(*v))),
                        _ => quote!(None),
                    }
                }
                None => quote!(None),
            };
            let clone_path = op.path_params.iter().map(|p| {
                let name = ident(&p.name);
                quote!(let #name = #name.clone();)
            });
            quote! {
                let client = self.clone();
                let start = u64::try_from(#start).unwrap_or(0);
                let asked = #asked;
                crate::runtime::paginate::offset(limit, start, asked, move |offset| {
                    let client = client.clone();
                    #(#clone_path)*
                    let mut params = params.clone();
                    if let Some(offset) = offset {
                        params.#offset_field = Some(#offset_ty::try_from(offset).unwrap_or(#offset_ty::MAX));
                    }
                    async move {
                        let page = client.#method(#(#path_names)* &params).await?;
                        let total = #total;
                        Ok((#items, total))
                    }
                })
            }
        }
    };
    quote! {
        #docs
        pub fn #name(&self, #(#path_args)* #params_arg limit: Option<usize>) -> crate::Paginated<#item> {
            #(#into_strings)*
            #body
        }
    }
}
