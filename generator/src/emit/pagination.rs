//! Lists: how the pages of a paginated operation follow each other and where their items are, for the
//! `pages()` and `items()` every list request has.

use super::{ident, Ctx};
use crate::ir::{FieldStep, Operation, Pagination, PaginationStyle, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// An expression giving `Option<&T>` for the value at the end of `steps`, starting from `page`; `Option<&str>`
/// with `as_str` when the value is a `String`.
fn field_access(steps: &[FieldStep], as_str: bool) -> TokenStream {
    let mut expr = quote!(page);
    let mut is_option = false;
    for (i, step) in steps.iter().enumerate() {
        let name = ident(&step.name);
        let (by_ref, map) = if as_str && i + 1 == steps.len() {
            (quote!(as_deref()), quote!(.as_str()))
        } else {
            (quote!(as_ref()), quote!())
        };
        expr = match (is_option, step.optional) {
            (false, false) => quote!(#expr.#name),
            (false, true) => quote!(#expr.#name.#by_ref),
            (true, true) => quote!(#expr.and_then(|v| v.#name.#by_ref)),
            (true, false) => quote!(#expr.map(|v| v.#name #map)),
        };
        is_option |= step.optional;
        if !is_option && as_str && i + 1 == steps.len() {
            expr = quote!(#expr.as_str());
        }
    }
    if is_option {
        expr
    } else if as_str {
        quote!(Some(#expr))
    } else {
        quote!(Some(&#expr))
    }
}

/// `impl List` for an operation's params struct: the items of a page, and how the pages follow each other.
pub(super) fn list(ctx: &Ctx, op: &Operation, pagination: &Pagination) -> TokenStream {
    let name = ident(&op.params.name);
    let page_ty = ctx.ty(&pagination.page);
    let item_ty = ctx.ty(&pagination.item);
    let list = ident(&pagination.items.name);
    let (count, take) = if pagination.items.optional {
        (quote!(page.#list.as_ref().map_or(0, Vec::len)), quote!(page.#list.unwrap_or_default()))
    } else {
        (quote!(page.#list.len()), quote!(page.#list))
    };
    let pages = match &pagination.style {
        PaginationStyle::NextUrl { next_url, .. } => {
            let next = field_access(next_url, true);
            quote!(crate::runtime::support::next_url(request, |page| #next))
        }
        PaginationStyle::Offset { limit, default_limit, offset, total } => {
            let limit_field = ident(&limit.name);
            let offset_field = ident(&offset.name);
            let page_size = match (default_limit, &limit.ty) {
                (Some(d), TypeRef::I64) => quote!(Some(request.params().#limit_field.unwrap_or(#d))),
                (Some(d), _) => quote!(Some(request.params().#limit_field.map_or(#d, i64::from))),
                (None, TypeRef::I64) => quote!(request.params().#limit_field),
                (None, _) => quote!(request.params().#limit_field.map(i64::from)),
            };
            let offset_ty = ctx.ty(&offset.ty);
            let start = match offset.ty {
                TypeRef::I64 => quote!(request.params().#offset_field.unwrap_or(0)),
                _ => quote!(i64::from(request.params().#offset_field.unwrap_or(0))),
            };
            let total = match total {
                Some(steps) => {
                    let access = field_access(steps, false);
                    match steps.last().map(|s| &s.ty) {
                        Some(TypeRef::I64) => quote!(|page| #access.copied()),
                        Some(TypeRef::I32) => quote!(|page| #access.map(|v| i64::from(*v))),
                        _ => quote!(|_| None),
                    }
                }
                None => quote!(|_| None),
            };
            quote! {
                let start = crate::runtime::support::OffsetStart {
                    offset: u64::try_from(#start).unwrap_or(0),
                    page_size: #page_size,
                };
                crate::runtime::support::offset(request, start, #total, |params, offset| {
                    params.#offset_field = Some(#offset_ty::try_from(offset).unwrap_or(#offset_ty::MAX));
                })
            }
        }
    };
    quote! {
        impl crate::runtime::List for #name {
            type Item = #item_ty;

            #[inline]
            fn items(page: #page_ty) -> Vec<#item_ty> {
                #take
            }

            #[inline]
            fn count(page: &#page_ty) -> usize {
                #count
            }

            #[inline]
            fn pages(request: crate::runtime::Request<Self>) -> crate::Pages<#page_ty> {
                #pages
            }
        }
    }
}
