//! The crate root: `Cargo.toml` and `lib.rs`.

use super::{ident, inner_doc, Ctx};
use crate::ir::{Api, Module, Operation, PathValue, TypeRef};
use crate::lower::bare;
use proc_macro2::TokenStream;
use quote::quote;

pub fn cargo_toml(api: &Api) -> String {
    let version = if api.version.split('.').count() == 3 && api.version.split('.').all(|p| p.parse::<u64>().is_ok()) {
        api.version.as_str()
    } else {
        "0.1.0"
    };
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2021"
description = "Typed async client for {title}"
license = "MIT"
publish = false

[dependencies]
reqwest = {{ version = "0.12", default-features = false, features = ["rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", default-features = false, features = ["sync", "time"] }}
futures-core = {{ version = "0.3", default-features = false }}
tracing = {{ version = "0.1", optional = true, default-features = false, features = ["std"] }}
{regex}
[features]
# A span per request: operation, method, host, attempt number and final status; never a secret.
tracing = ["dep:tracing"]

[dev-dependencies]
tokio = {{ version = "1", default-features = false, features = ["rt", "macros"] }}
"#,
        name = api.crate_name,
        title = api.title.replace('"', "'"),
        // The engine for the patterns the runtime's matcher cannot run (see `ir::Matcher`).
        regex = if api.regex_engine { "regex-lite = \"0.1\"\n" } else { "" },
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
    let docs = inner_doc(&text);
    let modules = api.modules.iter().map(|m| ident(&m.name));
    let models_module = ident(crate::surface::MODELS_MODULE);
    let sid_module = ident(crate::surface::SID_MODULE);
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

        /// Support code shared by every generated client: transport, retries, pagination, encoding and
        /// validation. A given spec may leave parts of it unused.
        #[allow(dead_code)]
        mod runtime;

        pub use client::{ApiErrorBody, Client, ClientBuilder, Server};
        pub use runtime::date::{Date, InvalidDate};
        pub use runtime::error::{ApiError, Error};
        pub use runtime::paginate::{Pages, Paginated};
        pub use runtime::pattern::InvalidValue;
        pub use runtime::redirect::Redirect;
        pub use runtime::request::{List, Operation, Request};
        pub use runtime::secret::Secret;
        pub use runtime::timestamp::{InvalidTimestamp, Timestamp};
        pub use runtime::transport::{RequestOptions, ResponseMeta, RetryPolicy};
        pub use runtime::unknown::UnknownValue;
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
