//! The fixed names of the generated crate: the items it always has, beside the ones named from the spec.
//!
//! `lower` keeps spec names clear of these (a clash is suffixed); `emit` writes them from here. One table, so
//! the two cannot drift apart.

/// Modules of the generated crate (files under `src/`; `main` would make it a binary). Areas get `_api`.
pub const CRATE_MODULES: &[&str] = &["lib", "main", "client", "models", "sid", "runtime"];

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

/// The field of every handle and request that holds the client.
pub const CLIENT_FIELD: &str = "client";
/// Methods every resource handle has besides its accessors and operations (derived traits).
pub const HANDLE_METHODS: &[&str] = &["clone", "fmt"];

/// Methods of a parameter struct.
pub const PARAMS_NEW: &str = "new";
pub const PARAMS_VALIDATE: &str = "validate";
pub const PARAMS_QUERY: &str = "query_pairs";
pub const PARAMS_FORM: &str = "form_pairs";
pub const PARAMS_HEADERS: &str = "headers";

/// The request builder's fields and methods besides its setters.
pub const REQUEST_PARAMS: &str = "params";
pub const REQUEST_OPTIONS: &str = "options";
pub const REQUEST_SEND: &str = "send";
pub const REQUEST_SEND_WITH_RESPONSE: &str = "send_with_response";
pub const REQUEST_ITEMS: &str = "items";
pub const REQUEST_PAGES: &str = "pages";
pub const REQUEST_WITH_PARAMS: &str = "with_params";
pub const REQUEST_WITH_TIMEOUT: &str = "with_timeout";
pub const REQUEST_WITH_HEADER: &str = "with_header";
pub const REQUEST_BUILD: &str = "to_request";

/// Names an operation's parameters may not take: as setters they would clash with the request's other
/// methods, as fields of the request with its own fields, as arguments with the locals of the generated code.
pub const OPERATION_RESERVED: &[&str] = &[
    CLIENT_FIELD,
    PARAMS_NEW,
    PARAMS_VALIDATE,
    PARAMS_QUERY,
    PARAMS_FORM,
    PARAMS_HEADERS,
    REQUEST_PARAMS,
    REQUEST_OPTIONS,
    REQUEST_SEND,
    REQUEST_SEND_WITH_RESPONSE,
    REQUEST_ITEMS,
    REQUEST_PAGES,
    REQUEST_WITH_PARAMS,
    REQUEST_WITH_TIMEOUT,
    REQUEST_WITH_HEADER,
    REQUEST_BUILD,
    "clone",
    "fmt",
    "eq",
    "request",
    "response",
    "meta",
    "path",
    "query",
];
