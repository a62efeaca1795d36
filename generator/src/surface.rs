//! The fixed names of the generated crate: the items it always has, beside the ones named from the spec.
//!
//! `lower` keeps spec names clear of these (a clash is suffixed); `emit` writes them from here. One table, so
//! the two cannot drift apart.

/// The module of the model types.
pub const MODELS_MODULE: &str = "models";
/// The module of the pattern newtypes (SIDs).
pub const SID_MODULE: &str = "sid";
/// The module, inside `SID_MODULE`, of the marker types that carry each identifier type's rules.
pub const SID_RULES_MODULE: &str = "rules";
/// Modules of the generated crate (files under `src/`; `main` would make it a binary). Areas get `_api`.
pub const CRATE_MODULES: &[&str] =
    &["lib", "main", "client", "request", MODELS_MODULE, SID_MODULE, "runtime", "reqwest"];

/// `Client::builder`.
pub const CLIENT_BUILDER: &str = "builder";
/// `Client::from_env`.
pub const CLIENT_FROM_ENV: &str = "from_env";
/// `Client::base_url`.
pub const CLIENT_BASE_URL: &str = "base_url";
/// Methods of `Client` that are not area accessors.
pub const CLIENT_METHODS: &[&str] = &[CLIENT_BUILDER, CLIENT_FROM_ENV, CLIENT_BASE_URL, "clone", "fmt"];

/// Methods of `ClientBuilder` that are not security schemes.
pub const BUILDER_METHODS: &[&str] = &[
    "default",
    "base_url",
    "server_url",
    "http_client",
    "timeout",
    "total_timeout",
    "connect_timeout",
    "retry_policy",
    "user_agent",
    "credentials_from_env",
    "build",
    "clone",
    "fmt",
];

/// The field of every resource handle that holds the client.
pub const CLIENT_FIELD: &str = "client";
/// Methods every resource handle has besides its accessors and operations (derived traits).
pub const HANDLE_METHODS: &[&str] = &["clone", "fmt"];

/// Methods of a parameter struct.
pub const PARAMS_NEW: &str = "new";
pub const PARAMS_VALIDATE: &str = "validate";
pub const PARAMS_QUERY: &str = "query_pairs";
pub const PARAMS_FORM: &str = "form_pairs";
pub const PARAMS_PARTS: &str = "multipart_parts";
pub const PARAMS_HEADERS: &str = "headers";

/// Methods of the runtime's `Request<P>` (`runtime/request.rs`), which the setters of every operation sit beside.
pub const REQUEST_METHODS: &[&str] = &[
    "new",
    "params",
    "params_mut",
    "with_params",
    "with_timeout",
    "with_header",
    "transport",
    "send",
    "send_with_response",
    "http",
    "pages",
    "items",
    "clone",
    "fmt",
];

/// Methods of every params struct: its own and those of the `Operation` and `List` traits. Fields are kept
/// clear of them too, so that a field never reads like one.
pub const PARAMS_METHODS: &[&str] = &[
    PARAMS_NEW,
    PARAMS_VALIDATE,
    PARAMS_QUERY,
    PARAMS_FORM,
    PARAMS_PARTS,
    PARAMS_HEADERS,
    "request",
    "decode",
    "items",
    "count",
    "pages",
];

/// The names an operation's parameters may not take: as setters on `Request<P>` they would clash with its
/// methods, as fields with the params struct's.
pub fn operation_reserved() -> impl Iterator<Item = &'static str> {
    REQUEST_METHODS.iter().chain(PARAMS_METHODS).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the functions `text` defines at any visibility.
    fn functions(text: &str) -> Vec<String> {
        text.split("fn ")
            .skip(1)
            .filter_map(|rest| rest.split(['(', '<']).next())
            .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_method_of_request_is_reserved() {
        let runtime = include_str!("../../runtime/src/request.rs");
        let tests = runtime.find("#[cfg(test)]").unwrap_or(runtime.len());
        let request = &runtime[runtime.find("impl<P> Request<P>").expect("the impl of Request")..tests];
        let names = functions(request);
        assert!(names.iter().any(|n| n == "send_with_response"), "no methods found in the impl: {names:?}");
        for name in names {
            assert!(REQUEST_METHODS.contains(&name.as_str()), "`Request::{name}` is not in REQUEST_METHODS");
        }
    }

    #[test]
    fn every_method_the_client_and_its_builder_have_is_reserved() {
        let files = crate::generate(include_str!("../tests/fixtures/bearer.yaml"), "bearer.yaml").unwrap();
        let client = &files["src/client.rs"];
        let block = |start: &str| {
            let from = client.find(start).unwrap_or_else(|| panic!("no `{start}` in client.rs"));
            let to = client[from..].find("\n}\n").map_or(client.len(), |end| from + end);
            functions(&client[from..to])
        };
        let builder = block("impl ClientBuilder {");
        assert!(builder.iter().any(|n| n == "build"), "no methods found in ClientBuilder: {builder:?}");
        for name in builder {
            assert!(
                // The scheme's own setters: its token, and its token provider.
                BUILDER_METHODS.contains(&name.as_str())
                    || ["bearer_auth", "bearer_auth_provider"].contains(&name.as_str()),
                "`ClientBuilder::{name}` is not in BUILDER_METHODS"
            );
        }
        let client = block("impl Client {");
        assert!(client.iter().any(|n| n == "builder"), "no methods found in Client: {client:?}");
        for name in client {
            assert!(CLIENT_METHODS.contains(&name.as_str()), "`Client::{name}` is not in CLIENT_METHODS");
        }
    }
}
