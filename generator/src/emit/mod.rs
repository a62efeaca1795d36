//! Emit: IR into the files of the generated crate. Knows Rust, not OpenAPI; takes no decisions.

mod client;
mod crate_root;
pub(crate) mod format;
mod models;
mod pagination;
mod params;
mod request;
mod resources;
mod sids;

use crate::error::Error;
use crate::ir::{Api, Files, Runtime, TypeKind, TypeRef};
pub use format::HEADER;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Every file of the generated crate, formatted and headed.
pub fn crate_files(api: &Api) -> Result<Files, Error> {
    let ctx = Ctx::new(api);
    let mut files = Files::new();
    files.insert("Cargo.toml".into(), crate_root::cargo_toml(api));
    files.insert("src/lib.rs".into(), format::rust(crate_root::lib_rs(&ctx), "src/lib.rs")?);
    files.insert("src/client.rs".into(), format::rust(client::client_rs(&ctx), "src/client.rs")?);
    if api.has_operations() {
        files.insert("src/request.rs".into(), crate::runtime::SHELL_REQUEST.to_owned());
    }
    let models = format!("src/{}.rs", crate::surface::MODELS_MODULE);
    files.insert(models.clone(), format::rust(models::models_rs(&ctx), &models)?);
    let sids = format!("src/{}.rs", crate::surface::SID_MODULE);
    files.insert(sids.clone(), format::rust(sids::sid_rs(&ctx), &sids)?);
    for module in &api.modules {
        let path = format!("src/{}.rs", crate::lower::bare(&module.name));
        files.insert(path.clone(), format::rust(resources::module_rs(&ctx, module), &path)?);
    }
    if api.runtime == Runtime::Inline {
        for (name, text) in crate::runtime::FILES {
            files.insert(format!("src/runtime/{name}"), (*text).to_owned());
        }
    }
    Ok(files.into_iter().map(|(path, text)| (path.clone(), format::header(&path, &api.source, &text))).collect())
}

/// The Rust type of a value as the generated crate spells it (`crate::models::Foo`, `Vec<crate::sid::CallSid>`),
/// with `crate` standing for the generated crate: what emitters write, as text.
pub fn rust_type(api: &Api, ty: &TypeRef) -> String {
    let text = Ctx::new(api).ty(ty).to_string();
    text.replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
}

/// What emitters look up while writing: where each named type lives.
pub(crate) struct Ctx<'a> {
    pub api: &'a Api,
    modules: BTreeMap<&'a str, &'static str>,
}

impl<'a> Ctx<'a> {
    fn new(api: &'a Api) -> Self {
        let modules = api.types.iter().map(|t| (t.name.as_str(), t.module)).collect();
        Ctx { api, modules }
    }

    /// The fully qualified Rust type of a value.
    pub fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => quote!(String),
            TypeRef::Bool => quote!(bool),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::F64 => quote!(f64),
            TypeRef::DateTime => quote!(crate::Timestamp),
            TypeRef::Date => quote!(crate::Date),
            TypeRef::Json => quote!(::serde_json::Value),
            TypeRef::Bytes => quote!(Vec<u8>),
            TypeRef::Upload => quote!(crate::Upload),
            TypeRef::Named(name) => {
                let module = ident(self.modules.get(name.as_str()).copied().unwrap_or(crate::surface::MODELS_MODULE));
                let name = ident(name);
                quote!(crate::#module::#name)
            }
            TypeRef::Array(item) => {
                let item = self.ty(item);
                quote!(Vec<#item>)
            }
            TypeRef::Map(value) => {
                let value = self.ty(value);
                quote!(::std::collections::BTreeMap<String, #value>)
            }
        }
    }

    /// Whether values of the type are `Copy` (numbers, booleans, timestamps, dates, and aliases of them).
    pub fn is_copy(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::DateTime | TypeRef::Date => true,
            TypeRef::Named(name) => self.api.types.iter().find(|t| &t.name == name).is_some_and(|t| match &t.kind {
                TypeKind::Alias(target) => self.is_copy(target),
                TypeKind::Pattern(_) | TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) => false,
            }),
            TypeRef::String
            | TypeRef::Json
            | TypeRef::Bytes
            | TypeRef::Upload
            | TypeRef::Array(_)
            | TypeRef::Map(_) => false,
        }
    }

    /// A copy of the value `expr` of type `ty`: the value itself when the type is `Copy`, else a clone.
    pub fn copied(&self, ty: &TypeRef, expr: TokenStream) -> TokenStream {
        if self.is_copy(ty) {
            expr
        } else {
            quote!(#expr.clone())
        }
    }

    /// Whether values of the type have an `as_str` (newtypes and enums).
    pub fn has_as_str(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self
                .api
                .types
                .iter()
                .any(|t| &t.name == name && matches!(t.kind, TypeKind::Pattern(_) | TypeKind::Enum(_))),
            _ => false,
        }
    }
}

/// Clippy's limit on arguments, lifted for a function whose arguments are the spec's required values.
pub(crate) fn allow_many_arguments(count: usize) -> Option<TokenStream> {
    (count > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// An identifier, raw when written `r#name`.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes from spec text: one per line, leading blanks dropped (no accidental code blocks), bare
/// URLs wrapped in `<>` so rustdoc links them, code fences marked as text.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// Inner `#![doc]` attributes, for module docs.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// The lines of a doc comment. A line that continues a list item (`- `, `* `, `1. `) is indented under the
/// item's text, as Markdown reads it (unindented, rustdoc and clippy take it for a new paragraph); a line that
/// follows a quote (`> Note`) without a `>` of its own starts a paragraph after it, as the writer meant.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut in_item = 0;
    let mut in_fence = false;
    let mut in_quote = false;
    let mut out = Vec::new();
    for line in text.trim().lines().map(str::trim) {
        if line.starts_with("```") {
            in_fence = !in_fence;
            (in_item, in_quote) = (0, false);
            out.push(if in_fence { " ```text".to_owned() } else { " ```".to_owned() });
            continue;
        }
        if line.is_empty() {
            (in_item, in_quote) = (0, false);
            out.push(String::new());
            continue;
        }
        let line = wrap_urls(line);
        if in_fence {
            out.push(format!(" {line}"));
            continue;
        }
        let quote = line.starts_with('>');
        if in_quote && !quote {
            out.push(String::new());
        }
        in_quote = quote;
        match list_marker(&line) {
            Some(width) => {
                in_item = width;
                out.push(format!(" {line}"));
            }
            None => out.push(format!(" {:in_item$}{line}", "")),
        }
    }
    out
}

/// The width of the list marker `line` starts with (`- ` is 2, `10. ` is 4), if it starts a list item.
fn list_marker(line: &str) -> Option<usize> {
    let bullet = ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m));
    if bullet {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

fn wrap_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut prev = ' ';
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        let starts_url = !in_code && (rest.starts_with("http://") || rest.starts_with("https://"));
        if starts_url && !matches!(prev, '(' | '<' | '[' | '"' | '\'') {
            let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            prev = '>';
            continue;
        }
        out.push(c);
        prev = c;
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_continue_a_list_item_are_indented_under_it() {
        assert_eq!(
            doc_lines("Modes:\n- `auto`: if the context\nwindow is full, truncate.\n\nAfter.\n10. ten\nmore\n```\n- code\nx\n```"),
            vec![
                " Modes:",
                " - `auto`: if the context",
                "   window is full, truncate.",
                "",
                " After.",
                " 10. ten",
                "     more",
                " ```text",
                " - code",
                " x",
                " ```",
            ]
        );
    }

    #[test]
    fn a_line_after_a_quote_starts_a_paragraph_of_its_own() {
        assert_eq!(
            doc_lines("> ### Deprecated\n> Use the other endpoint.\nGet details.\n\n> Note\n\nAfter."),
            vec![" > ### Deprecated", " > Use the other endpoint.", "", " Get details.", "", " > Note", "", " After."]
        );
    }

    #[test]
    fn docs_wrap_bare_urls_and_flatten_indentation() {
        assert_eq!(
            doc_lines("See https://x.io/a. Or `https://y.io` or [z](https://z.io)\n    indented"),
            vec![" See <https://x.io/a>. Or `https://y.io` or [z](https://z.io)", " indented"]
        );
    }
}
