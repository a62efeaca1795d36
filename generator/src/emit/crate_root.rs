//! The crate root: `Cargo.toml` and `lib.rs`.

use super::{ident, inner_doc, Ctx};
use crate::ir::{Api, Module, Operation, PathValue, Runtime, TypeRef};
use crate::lower::bare;
use crate::runtime;
use proc_macro2::TokenStream;
use quote::quote;

/// The manifest: the crate's own dependencies (serde for its models, a regex engine when a pattern needs one),
/// the runtime's (as a dependency, or its own dependencies when inlined), and the runtime's features.
pub fn cargo_toml(api: &Api) -> String {
    let mut own =
        vec![r#"serde = { version = "1", features = ["derive"] }"#.to_owned(), r#"serde_json = "1""#.to_owned()];
    if api.regex_engine {
        // The engine for the patterns the runtime's matcher cannot run (see `ir::Matcher`).
        own.push(r#"regex-lite = "0.1""#.to_owned());
    }
    let mut dependencies = Vec::new();
    let mut features = Vec::new();
    let mut dev = String::new();
    match &api.runtime {
        Runtime::Crate { path } => {
            let path = path.as_ref().map(|p| format!(", path = \"{p}\"")).unwrap_or_default();
            let version = runtime::version();
            dependencies
                .push(format!("{} = {{ version = \"{version}\"{path}, default-features = false }}", runtime::PACKAGE));
            for line in runtime::section("features") {
                features.push(match line.split_once(" = ") {
                    Some((name, _)) if name != "default" && !line.starts_with('#') => {
                        format!("{name} = [\"{}/{name}\"]", runtime::PACKAGE)
                    }
                    _ => line.to_owned(),
                });
            }
        }
        Runtime::Inline => {
            let named = |line: &str| line.split_once(" = ").map(|(name, _)| name.to_owned());
            let ours: Vec<String> = own.iter().filter_map(|l| named(l)).collect();
            let theirs = runtime::section("dependencies").filter(|l| !named(l).is_some_and(|n| ours.contains(&n)));
            dependencies.extend(theirs.map(str::to_owned));
            features.extend(runtime::section("features").map(str::to_owned));
            // The runtime's own tests come along with its files.
            dev = format!(
                "\n[dev-dependencies]\n{}\n",
                runtime::section("dev-dependencies").collect::<Vec<_>>().join("\n")
            );
        }
    }
    dependencies.extend(own);
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2021"
description = "Typed async client for {title}"
license = "MIT"
publish = false

[dependencies]
{dependencies}

[features]
{features}
{dev}"#,
        name = api.crate_name,
        version = api.crate_version,
        title = api.title.replace('"', "'"),
        dependencies = dependencies.join("\n"),
        features = features.join("\n"),
    )
}

pub fn lib_rs(ctx: &Ctx) -> TokenStream {
    let api = ctx.api;
    let mut text = format!("{}\n\n", api.title);
    if let Some(description) = &api.description {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    let intro = inner_doc(&text);
    // Written here, not taken from the spec: kept as it is, code block included.
    let example = example(ctx).unwrap_or_default();
    let example = example.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    let mut text = String::from("Servers:\n\n");
    for server in &api.servers {
        text.push_str(&format!("- `{}`: {}\n", server.url, server.description.as_deref().unwrap_or(&server.name)));
    }
    text.push_str("\nModules, one per API area:\n\n");
    for module in &api.modules {
        text.push_str(&format!("- [`{}`]\n", bare(&module.name)));
    }
    if !api.skipped.is_empty() {
        text.push_str("\n# Not generated\n\nThese parts of the spec could not be generated and are left out:\n\n");
        for skipped in &api.skipped {
            text.push_str(&format!("- {} (`#{}`): {}\n", skipped.what, skipped.location, skipped.message));
        }
    }
    if !api.degraded.is_empty() {
        text.push_str("\n# Generated in a lesser form\n\nThese parts are generated with less than the spec says:\n\n");
        for degraded in &api.degraded {
            text.push_str(&format!("- {} (`#{}`): {}\n", degraded.what, degraded.location, degraded.message));
        }
    }
    let docs = inner_doc(&text);
    let modules = api.modules.iter().map(|m| ident(&m.name));
    let models_module = ident(crate::surface::MODELS_MODULE);
    let sid_module = ident(crate::surface::SID_MODULE);
    let runtime = match &api.runtime {
        Runtime::Crate { .. } => {
            let package = ident(&runtime::PACKAGE.replace('-', "_"));
            quote! {
                /// The runtime crate, under the name the generated code uses for it.
                use ::#package as runtime;
            }
        }
        Runtime::Inline => quote! {
            /// The runtime, copied in: transport, retries, pagination, encoding and validation. A given spec may
            /// leave parts of it unused (the runtime crate itself is checked for both).
            #[allow(dead_code, unused_imports)]
            mod runtime;
        },
    };
    let (request_mod, request_use) = match api.has_operations() {
        true => (
            quote!(
                mod request;
            ),
            quote!(
                pub use request::Request;
            ),
        ),
        false => (quote!(), quote!()),
    };
    quote! {
        #intro
        #(#![doc = #example])*
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod client;
        pub mod #models_module;
        pub mod #sid_module;
        #(pub mod #modules;)*
        #request_mod

        #runtime

        pub use client::{ApiErrorBody, Client, ClientBuilder, Server};
        #request_use
        pub use runtime::{
            reqwest, Date, ErrorBody, Id, InvalidDate, InvalidTimestamp, InvalidValue, List, Operation, Redirect,
            RequestOptions, ResponseMeta, RetryPolicy, Secret, Timestamp, TokenProvider, UnknownValue, Upload,
        };

        /// Everything a call can fail with: the runtime's error, with this API's error bodies.
        pub type Error = runtime::Error<ApiErrorBody>;

        /// An error answer of this API: its status, its body and its headers.
        pub type ApiError = runtime::ApiError<ApiErrorBody>;

        /// The pages of a list, each as the API answered it.
        pub type Pages<P> = runtime::Pages<P, ApiErrorBody>;

        /// The items of a list, across pages.
        pub type Paginated<T> = runtime::Paginated<T, ApiErrorBody>;
    }
}

/// The crate's main calls as a doc test: the first list of the API read item by item, and the first fetch of a
/// single resource, each with the IDs its handles take as arguments. `None` when the API has neither.
fn example(ctx: &Ctx) -> Option<String> {
    let krate = ctx.api.crate_name.replace('-', "_");
    let ops = || ctx.api.modules.iter().flat_map(|m| m.operations.iter().map(move |op| (m, op)));
    let takes_no_values = |op: &Operation| op.params.fields.iter().all(|f| !f.required);
    let list = ops().find(|(_, op)| op.pagination.is_some() && takes_no_values(op));
    let fetch = ops().find(|(m, op)| {
        op.http_method == crate::ir::HttpMethod::Get
            && op.resource.is_some_and(|r| m.resources[r].id.is_some())
            && takes_no_values(op)
    });
    if list.is_none() && fetch.is_none() {
        return None;
    }
    let mut args: Vec<String> = Vec::new();
    let mut body = format!("let client = {krate}::Client::from_env()?;\n");
    if let Some((module, op)) = list {
        let call = call(ctx, module, op, &krate, &mut args);
        body.push_str(&format!("let mut items = {call}.items();\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}\n"));
    }
    if let Some((module, op)) = fetch {
        let call = call(ctx, module, op, &krate, &mut args);
        body.push_str(&format!("let (one, response) = {call}.send_with_response().await?;\nprintln!(\"{{one:?}} ({{}})\", response.status());\n"));
    }
    Some(format!(
        "\n# Usage\n\nCredentials come from the environment (see [`ClientBuilder::credentials_from_env`]) or the \
         builder; every call starts at the client, goes through the resources of the path, and ends in a request \
         that `send`s:\n\n```no_run\n# async fn example({}) -> Result<(), {krate}::Error> {{\n{body}# Ok(())\n# }}\n```\n\n",
        args.join(", ")
    ))
}

/// The call that starts `op` with the IDs it needs as named values, which join `args` (`trunk_sid: &TrunkSid`).
fn call(ctx: &Ctx, module: &Module, op: &Operation, krate: &str, args: &mut Vec<String>) -> String {
    // Declared as the accessors and methods take them (`super::request::path_arg`), in the crate's own name.
    let mut arg = |name: &str, ty: &TypeRef| {
        let (declared, _) = super::request::path_arg(ctx, name, ty);
        let declared =
            declared.to_string().replace(' ', "").replacen(':', ": ", 1).replace("crate::", &format!("{krate}::"));
        if !args.contains(&declared) {
            args.push(declared);
        }
        name.to_owned()
    };
    let mut call = String::from("client");
    if let Some(accessor) = &module.accessor {
        call.push_str(&format!(".{accessor}()"));
    }
    for resource in module.handles(op) {
        let id = resource.id.as_ref().map(|id| arg(&id.field, &id.ty)).unwrap_or_default();
        call.push_str(&format!(".{}({id})", resource.accessor));
    }
    let values: Vec<String> = op
        .path_params
        .iter()
        .zip(&op.path_values)
        .filter(|(_, value)| **value == PathValue::Argument)
        .map(|(param, _)| arg(&param.name, &param.ty))
        .collect();
    call.push_str(&format!(".{}({})", op.method_name, values.join(", ")));
    call
}
