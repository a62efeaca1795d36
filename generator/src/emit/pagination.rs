//! The pagination methods of a list request: `pages()`, every page as the API answered it, and `items()`,
//! the items across pages.

use super::{doc, ident, Ctx};
use crate::ir::{FieldStep, Operation, Pagination, PaginationStyle, TypeRef};
use crate::surface;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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

pub(super) fn methods(ctx: &Ctx, op: &Operation, pagination: &Pagination) -> TokenStream {
    let page_ty = ctx.ty(&pagination.page);
    let item_ty = ctx.ty(&pagination.item);
    let pages = format_ident!("{}", surface::REQUEST_PAGES);
    let items = format_ident!("{}", surface::REQUEST_ITEMS);
    let build = format_ident!("{}", surface::REQUEST_BUILD);
    let error = super::client::error_decoder(ctx, op.error_type.as_ref());
    let list = ident(&pagination.items.name);
    let (count, take) = if pagination.items.optional {
        (quote!(page.#list.as_ref().map_or(0, Vec::len)), quote!(page.#list.unwrap_or_default()))
    } else {
        (quote!(page.#list.len()), quote!(page.#list))
    };
    let reader = quote! {
        crate::runtime::paginate::PageReader {
            decode: |response| response.json(#error),
            count: |page| #count,
        }
    };
    let (pages_doc, body) = match &pagination.style {
        PaginationStyle::NextUrl { next_url, .. } => {
            let next = field_access(next_url, true);
            let body = quote! {
                crate::runtime::paginate::next_url::<#page_ty>(
                    std::sync::Arc::clone(&self.client.transport),
                    self.#build(),
                    #reader,
                    |page| #next,
                )
            };
            ("Every page, from the one this request asks for, following each page's link to the next.", body)
        }
        PaginationStyle::Offset { limit, default_limit, offset, total } => {
            let limit_field = ident(&limit.name);
            let offset_field = ident(&offset.name);
            let page_size = match (default_limit, &limit.ty) {
                (Some(d), TypeRef::I64) => quote!(Some(request.params.#limit_field.unwrap_or(#d))),
                (Some(d), _) => quote!(Some(request.params.#limit_field.map_or(#d, i64::from))),
                (None, TypeRef::I64) => quote!(request.params.#limit_field),
                (None, _) => quote!(request.params.#limit_field.map(i64::from)),
            };
            let offset_ty = ctx.ty(&offset.ty);
            let start = match offset.ty {
                TypeRef::I64 => quote!(request.params.#offset_field.unwrap_or(0)),
                _ => quote!(i64::from(request.params.#offset_field.unwrap_or(0))),
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
            let body = quote! {
                let mut request = self;
                let start = crate::runtime::paginate::OffsetStart {
                    offset: u64::try_from(#start).unwrap_or(0),
                    page_size: #page_size,
                };
                crate::runtime::paginate::offset::<#page_ty>(
                    std::sync::Arc::clone(&request.client.transport),
                    start,
                    #reader,
                    #total,
                    move |offset| {
                        if let Some(offset) = offset {
                            request.params.#offset_field = Some(#offset_ty::try_from(offset).unwrap_or(#offset_ty::MAX));
                        }
                        request.#build()
                    },
                )
            };
            ("Every page, from the one this request asks for, advancing the offset by each page's length.", body)
        }
    };
    let pages_doc = doc(&format!(
        "{pages_doc}\n\nA stream: pages are fetched one at a time as it is read, and it ends after the last page \
         or the first error."
    ));
    let items_doc = doc("Every item across the pages, as a stream that fetches each page when it is reached.\n\n\
         [`limit`](crate::Paginated::limit) stops it after a number of items; the page size stays what this \
         request asks for.");
    quote! {
        #pages_doc
        pub fn #pages(self) -> crate::Pages<#page_ty> {
            #body
        }

        #items_doc
        pub fn #items(self) -> crate::Paginated<#item_ty> {
            crate::Paginated::new(self.#pages().map(|page| #take))
        }
    }
}
