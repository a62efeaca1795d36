//! One module per API area: the area's handle, reached from the client, the resource handles under it, and
//! each operation's parameters and request.

use super::request::{operation_doc, path_arg};
use super::{doc, ident, inner_doc, Ctx};
use crate::ir::{Module, Operation, PathValue, Resource};
use crate::surface;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn module_rs(ctx: &Ctx, module: &Module) -> TokenStream {
    let docs = inner_doc(module.doc.as_deref().unwrap_or(&format!("The operations tagged `{}`.", module.name)));
    let area = module.accessor.as_ref().map(|accessor| area(module, accessor));
    let handles = (0..module.resources.len()).map(|i| handle(ctx, module, Some(i)));
    let root = handle(ctx, module, None);
    let operations = module.operations.iter().map(|op| {
        let params = super::params::params_struct(ctx, op, &method_path(module, op));
        let request = super::request::request(ctx, op);
        quote!(#params #request)
    });
    quote! {
        #docs
        #area
        #root
        #(#handles)*
        #(#operations)*
    }
}

/// The path of the handle method that starts `op`, for doc links: `Credentials::list`.
fn method_path(module: &Module, op: &Operation) -> String {
    let handle = match (op.resource, &module.accessor) {
        (Some(r), _) => module.resources[r].name.as_str(),
        (None, Some(_)) => module.handle.as_str(),
        (None, None) => "crate::Client",
    };
    format!("{handle}::{}", crate::lower::bare(&op.method_name))
}

/// The client's accessor of the area.
fn area(module: &Module, accessor: &str) -> TokenStream {
    let accessor = ident(accessor);
    let handle = ident(&module.handle);
    let client = format_ident!("{}", surface::CLIENT_FIELD);
    let docs = match module.doc.as_deref().map(first_sentence) {
        Some(sentence) => doc(&format!("The `{}` area: {sentence}", crate::lower::bare(&module.name))),
        None => doc(&format!("The `{}` area.", crate::lower::bare(&module.name))),
    };
    quote! {
        impl crate::Client {
            #docs
            pub fn #accessor(&self) -> #handle {
                #handle { #client: self.clone() }
            }
        }
    }
}

/// The text up to the end of its first sentence.
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    text.find(". ").map_or(text, |end| &text[..=end])
}

/// A handle's type and its methods: accessors of the handles under it, then its operations. The root handle of
/// an area without an accessor is the client itself.
fn handle(ctx: &Ctx, module: &Module, index: Option<usize>) -> TokenStream {
    let resource: Option<&Resource> = index.map(|i| &module.resources[i]);
    let name = ident(resource.map_or(&module.handle, |r| &r.name));
    let client = format_ident!("{}", surface::CLIENT_FIELD);
    let (docs, client_expr, transport) = match (resource, &module.accessor) {
        (Some(r), _) => (doc(&r.doc), quote!(self.#client.clone()), quote!(self.#client.transport)),
        (None, Some(accessor)) => (
            doc(&format!(
                "The `{}` area of the API: its resources and operations. From [`Client::{}`](crate::Client::{}).",
                crate::lower::bare(&module.name),
                crate::lower::bare(accessor),
                crate::lower::bare(accessor),
            )),
            quote!(self.#client.clone()),
            quote!(self.#client.transport),
        ),
        (None, None) => (quote!(), quote!(self.clone()), quote!(self.transport)),
    };
    let id_fields = resource.iter().flat_map(|r| &r.ids).map(|id| {
        let field = ident(&id.field);
        let ty = ctx.ty(&id.ty);
        quote!(pub(crate) #field: #ty,)
    });
    let accessors = module.resources.iter().filter(|child| child.parent == index).map(|child| {
        let accessor = ident(&child.accessor);
        let child_name = ident(&child.name);
        let docs = doc(&child.doc);
        let inherited = resource.iter().flat_map(|r| &r.ids).map(|id| {
            let field = ident(&id.field);
            let value = ctx.copied(&id.ty, quote!(self.#field));
            quote!(#field: #value,)
        });
        let (arg, own) = match &child.id {
            Some(id) => {
                let (arg, value) = path_arg(ctx, &id.field, &id.ty);
                let field = ident(&id.field);
                (Some(arg), Some(value.map_or_else(|| quote!(#field,), |value| quote!(#field: #value,))))
            }
            None => (None, None),
        };
        quote! {
            #docs
            #[inline]
            pub fn #accessor(&self, #arg) -> #child_name {
                #child_name { #client: #client_expr, #(#inherited)* #own }
            }
        }
    });
    let methods = module.operations.iter().filter(|op| op.resource == index).map(|op| method(ctx, op, &transport));
    if index.is_none() && module.accessor.is_none() {
        return quote! {
            impl crate::Client {
                #(#accessors)*
                #(#methods)*
            }
        };
    }
    quote! {
        #docs
        #[derive(Clone, Debug)]
        pub struct #name {
            pub(crate) #client: crate::Client,
            #(#id_fields)*
        }

        impl #name {
            #(#accessors)*
            #(#methods)*
        }
    }
}

/// The handle's method that starts an operation: it takes the path values the handle does not hold and the
/// required parameters, and returns the request.
fn method(ctx: &Ctx, op: &Operation, transport: &TokenStream) -> TokenStream {
    let name = ident(&op.method_name);
    let params = ident(&op.params.name);
    let docs = operation_doc(op);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for (param, value) in op.path_params.iter().zip(&op.path_values) {
        match value {
            PathValue::Bound(handle_field) => {
                let handle_field = ident(handle_field);
                values.push(ctx.copied(&param.ty, quote!(self.#handle_field)));
            }
            PathValue::Argument => {
                let (arg, value) = path_arg(ctx, &param.name, &param.ty);
                args.push(arg);
                let name = ident(&param.name);
                values.push(value.unwrap_or_else(|| quote!(#name)));
            }
        }
    }
    let required = op.params.fields.iter().filter(|f| f.required);
    args.extend(super::params::required_args(ctx, required.clone()));
    values.extend(required.map(|f| {
        let name = ident(&f.name);
        quote!(#name)
    }));
    let new = format_ident!("{}", surface::PARAMS_NEW);
    let many = super::allow_many_arguments(args.len());
    quote! {
        #docs
        #many
        #[inline]
        pub fn #name(&self, #(#args),*) -> crate::Request<#params> {
            crate::Request::new(
                std::sync::Arc::clone(&#transport),
                #params::#new(#(#values),*),
            )
        }
    }
}
