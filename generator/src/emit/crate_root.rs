//! The crate root: `Cargo.toml` and `lib.rs`.

use super::{ident, inner_doc};
use crate::ir::Api;
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

pub fn lib_rs(api: &Api) -> TokenStream {
    let mut text = format!("{}\n\n", api.title);
    if let Some(description) = &api.description {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    text.push_str("Servers:\n\n");
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
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod client;
        pub mod models;
        pub mod sid;
        #(pub mod #modules;)*

        /// Support code shared by every generated client: transport, retries, pagination, encoding and
        /// validation. A given spec may leave parts of it unused.
        #[allow(dead_code)]
        mod runtime;

        pub use client::{ApiErrorBody, Client, ClientBuilder, Server};
        pub use runtime::date::{Date, InvalidDate};
        pub use runtime::error::{ApiError, Error};
        pub use runtime::paginate::Paginated;
        pub use runtime::pattern::InvalidValue;
        pub use runtime::redirect::Redirect;
        pub use runtime::secret::Secret;
        pub use runtime::timestamp::{InvalidTimestamp, Timestamp};
        pub use runtime::transport::{RequestOptions, ResponseMeta, RetryPolicy};
        pub use runtime::unknown::UnknownValue;
    }
}
