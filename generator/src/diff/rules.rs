//! The rule table: every kind of change `diff` reports, the side it applies to, and its two verdicts.
//!
//! A rule id names a kind of change; the same id can have a row per side (request, response, error) because the
//! same edit breaks on one side and is safe on the other. This table is the only place verdicts are decided.

use serde::Serialize;

/// How much a change breaks, in one respect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    None,
    Warning,
    Breaking,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::None => "none",
            Verdict::Warning => "warning",
            Verdict::Breaking => "breaking",
        }
    }
}

/// What a rule is about: where the changed thing travels, or which part of the crate it shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// An operation as a whole: its existence, name, endpoint, server, security, pagination.
    Operation,
    /// What the client sends.
    Request,
    /// What the client decodes from a success response.
    Response,
    /// What the client decodes from an error response (falling back to the raw text).
    Error,
    /// A named type, apart from how operations use it.
    Schema,
    /// The client as a whole: servers and security schemes.
    Client,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Operation => "operation",
            Side::Request => "request",
            Side::Response => "response",
            Side::Error => "error",
            Side::Schema => "schema",
            Side::Client => "client",
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub side: Side,
    /// Does an application built on the old crate still work against a server that follows the new spec?
    pub wire: Verdict,
    /// Does application code that compiled against the old crate still compile after regenerating?
    pub api: Verdict,
    /// Why the verdicts are what they are.
    pub summary: &'static str,
}

const fn rule(id: &'static str, side: Side, wire: Verdict, api: Verdict, summary: &'static str) -> Rule {
    Rule { id, side, wire, api, summary }
}

use Side::{Client, Error, Operation, Request, Response, Schema};
use Verdict::{Breaking as B, None as N, Warning as W};

/// Every rule, grouped by what it is about.
pub const RULES: &[Rule] = &[
    // Operations.
    rule("operation-added", Operation, N, N, "a new method on a resource handle; nothing existing changes"),
    rule("operation-removed", Operation, B, B, "the server no longer serves it and the method disappears"),
    rule(
        "resource-added",
        Operation,
        N,
        N,
        "a new resource: its handle and methods, and the types only they use; nothing existing changes",
    ),
    rule(
        "resource-removed",
        Operation,
        B,
        B,
        "the server no longer serves the resource; its handle, methods and the types only they used disappear",
    ),
    rule(
        "operation-renamed",
        Operation,
        N,
        B,
        "operationId changed: the request type (and params struct, or the method) is renamed; the wire is unchanged",
    ),
    rule("operation-id-changed", Operation, N, N, "operationId respelled; the generated names are the same"),
    rule("operation-moved", Operation, B, N, "method or path changed: the old crate calls the old endpoint"),
    rule(
        "operation-call-changed",
        Operation,
        N,
        B,
        "the same operation is reached another way (a resource handle or method renamed, moved or re-parented)",
    ),
    rule("operation-module-changed", Operation, N, B, "first tag changed: the params struct moves to another module"),
    rule("server-changed", Operation, B, N, "the operation is served from another server than the old crate calls"),
    rule("security-changed", Operation, B, N, "the operation requires credentials the old requirements did not"),
    rule(
        "security-relaxed",
        Operation,
        N,
        N,
        "credentials that satisfied the old requirements still satisfy the new ones",
    ),
    rule("pagination-added", Operation, N, N, "the request gains `pages()` and `items()`"),
    rule("pagination-removed", Operation, N, B, "the request's `pages()` and `items()` disappear"),
    rule("pagination-changed", Operation, B, N, "the old `pages()` and `items()` page the old way"),
    rule(
        "pagination-total-changed",
        Operation,
        W,
        N,
        "the old `pages()` and `items()` miss the total and stop at a short or empty page instead",
    ),
    // Parameters: path, query and header parameters and form fields, all in the request.
    rule("params-argument-added", Request, N, N, "the request gains a params struct and setters; calls stay as they are"),
    rule("params-argument-removed", Request, N, B, "the params struct, its setters and `params()` disappear"),
    rule("param-added", Request, N, N, "optional: the old crate does not send it; a new setter"),
    rule(
        "param-added-required",
        Request,
        B,
        B,
        "the old crate never sends it; `new` (or the method) takes one more argument",
    ),
    rule(
        "param-removed",
        Request,
        W,
        B,
        "the old crate may still send it (servers usually ignore it); its field and setter disappear",
    ),
    rule(
        "param-renamed",
        Request,
        W,
        B,
        "optional, same shape, new name on the wire: the old crate sends the old name, which servers usually ignore",
    ),
    rule(
        "required-param-renamed",
        Request,
        B,
        B,
        "same shape, new name on the wire: the old crate never sends the name the server requires",
    ),
    rule(
        "param-field-renamed",
        Request,
        N,
        W,
        "the same parameter under another field and setter name, another parameter having taken its name: code \
         that compiled may now set the other one",
    ),
    rule(
        "path-param-renamed",
        Request,
        N,
        B,
        "path parameters are positional: the URL and the call are unchanged, but the params struct's field is renamed",
    ),
    rule("param-now-required", Request, B, B, "the old crate may omit it; `Option<T>` becomes `T` and `new` takes it"),
    rule(
        "param-now-optional",
        Request,
        N,
        B,
        "the old crate always sends it; `T` becomes `Option<T>` and `new` no longer takes it",
    ),
    rule("param-moved", Request, B, N, "sent in another place (query, header, path, form) than the old crate sends it"),
    rule("param-default-changed", Request, W, N, "requests that omit it now behave differently"),
    // Values: the type and checks of parameters, properties, bodies and aliases.
    rule(
        "type-changed",
        Request,
        B,
        B,
        "the old crate sends values the new type does not accept; the Rust type changes",
    ),
    rule("type-changed", Response, B, B, "the old crate cannot decode values of the new type; the Rust type changes"),
    rule(
        "type-changed",
        Error,
        W,
        B,
        "error bodies that no longer decode surface as `ApiErrorBody::Raw`; the Rust type changes",
    ),
    rule("type-widened", Request, N, B, "the new type accepts every value of the old one; the Rust type changes"),
    rule("type-narrowed", Response, N, B, "every value of the new type decodes as the old one; the Rust type changes"),
    rule("type-narrowed", Error, N, B, "every value of the new type decodes as the old one; the Rust type changes"),
    rule("format-changed", Request, W, N, "same Rust type, but the server may expect another format"),
    rule("format-changed", Response, W, N, "decoded as before; code that parses the value may need changes"),
    rule("format-changed", Error, N, N, "decoded as before"),
    rule("constraint-narrowed", Request, B, N, "the old crate lets through values the server now rejects"),
    rule("constraint-widened", Request, N, N, "everything the old crate sends is still accepted"),
    rule(
        "constraint-changed",
        Response,
        N,
        N,
        "lengths, ranges and plain-string patterns of responses are not checked when decoding",
    ),
    rule(
        "constraint-changed",
        Error,
        N,
        N,
        "lengths, ranges and plain-string patterns of errors are not checked when decoding",
    ),
    rule(
        "pattern-changed",
        Request,
        B,
        N,
        "values the old crate accepts may be rejected by the server (a SID prefix change)",
    ),
    rule(
        "pattern-changed",
        Response,
        B,
        N,
        "the old crate rejects values of the new pattern when decoding (a SID prefix change)",
    ),
    rule("pattern-changed", Error, W, N, "error bodies that no longer decode surface as `ApiErrorBody::Raw`"),
    rule("pattern-widened", Request, N, N, "every value the old crate accepts still matches"),
    rule("pattern-widened", Response, B, N, "the old crate rejects the newly allowed values when decoding"),
    rule("pattern-widened", Error, W, N, "error bodies with newly allowed values surface as `ApiErrorBody::Raw`"),
    rule("pattern-narrowed", Request, B, N, "the old crate accepts values the server now rejects"),
    rule("pattern-narrowed", Response, N, N, "every new value still matches the old pattern"),
    rule("pattern-narrowed", Error, N, N, "every new value still matches the old pattern"),
    rule("enum-value-added", Request, N, N, "a new variant; the enum is `#[non_exhaustive]`"),
    rule(
        "enum-value-added",
        Response,
        N,
        N,
        "the old crate decodes the value as the `Unknown` fallback variant; the enum is `#[non_exhaustive]`",
    ),
    rule("enum-value-added", Error, N, N, "the old crate decodes the value as the `Unknown` fallback variant"),
    rule(
        "enum-value-removed",
        Request,
        B,
        B,
        "the server rejects the value if the old crate sends it; the variant disappears",
    ),
    rule("enum-value-removed", Response, N, B, "the server no longer sends it; the variant disappears"),
    rule("enum-value-removed", Error, N, B, "the server no longer sends it; the variant disappears"),
    rule("secret-changed", Request, N, B, "`x-secret` changed: the field becomes or stops being `Secret<T>`"),
    rule("secret-changed", Response, N, B, "`x-secret` changed: the field becomes or stops being `Secret<T>`"),
    rule("secret-changed", Error, N, B, "`x-secret` changed: the field becomes or stops being `Secret<T>`"),
    // Properties of object schemas.
    rule(
        "property-added",
        Request,
        N,
        N,
        "optional: the old crate omits it; `new` is unchanged (structs are `#[non_exhaustive]`: no literals)",
    ),
    rule("property-added", Response, N, N, "optional: the old crate ignores unknown properties; `new` is unchanged"),
    rule("property-added", Error, N, N, "optional: the old crate ignores unknown properties; `new` is unchanged"),
    rule("property-added-required", Request, B, B, "the old crate never sends it; `new` takes one more argument"),
    rule(
        "property-added-required",
        Response,
        N,
        B,
        "the old crate ignores unknown properties; `new` takes one more argument",
    ),
    rule(
        "property-added-required",
        Error,
        N,
        B,
        "the old crate ignores unknown properties; `new` takes one more argument",
    ),
    rule(
        "property-added-required-nullable",
        Request,
        B,
        N,
        "the old crate never sends it; it is `Option<T>` (nullable), so `new` does not take it",
    ),
    rule(
        "property-removed",
        Request,
        W,
        B,
        "the old crate may still send it (servers usually ignore it); the field disappears",
    ),
    rule(
        "property-removed",
        Response,
        B,
        B,
        "the old crate requires it (`T`, not `Option`) and fails to decode; the field disappears",
    ),
    rule(
        "property-removed",
        Error,
        W,
        B,
        "error bodies that no longer decode surface as `ApiErrorBody::Raw`; the field disappears",
    ),
    rule(
        "optional-property-removed",
        Response,
        W,
        B,
        "the old crate decodes it as `None` from now on; the field disappears",
    ),
    rule(
        "property-renamed",
        Request,
        B,
        B,
        "same shape, new name on the wire: the old crate sends the old name; the field is renamed",
    ),
    rule(
        "property-renamed",
        Response,
        B,
        B,
        "the old crate requires the old name and fails to decode; the field is renamed",
    ),
    rule(
        "property-renamed",
        Error,
        W,
        B,
        "error bodies that no longer decode surface as `ApiErrorBody::Raw`; the field is renamed",
    ),
    rule(
        "optional-property-renamed",
        Response,
        W,
        B,
        "the old crate looks for the old name and decodes `None`; the field is renamed",
    ),
    rule("property-now-required", Request, B, B, "the old crate may omit it; `Option<T>` becomes `T`"),
    rule("property-now-required", Response, N, B, "always sent now; `Option<T>` becomes `T`"),
    rule("property-now-required", Error, N, B, "always sent now; `Option<T>` becomes `T`"),
    rule(
        "property-now-required-nullable",
        Request,
        B,
        N,
        "the old crate may omit it; it stays `Option<T>` because it is nullable",
    ),
    rule("property-now-optional", Request, N, B, "the old crate always sends it; `T` becomes `Option<T>`"),
    rule(
        "property-now-optional",
        Response,
        B,
        B,
        "the old crate requires it and fails to decode when it is absent; `T` becomes `Option<T>`",
    ),
    rule(
        "property-now-optional",
        Error,
        W,
        B,
        "error bodies without it surface as `ApiErrorBody::Raw`; `T` becomes `Option<T>`",
    ),
    rule("property-now-nullable", Request, N, B, "the old crate never sends null; `T` becomes `Option<T>`"),
    rule("property-now-nullable", Response, B, B, "the old crate fails to decode null; `T` becomes `Option<T>`"),
    rule(
        "property-now-nullable",
        Error,
        W,
        B,
        "error bodies with null surface as `ApiErrorBody::Raw`; `T` becomes `Option<T>`",
    ),
    rule(
        "property-now-non-nullable",
        Request,
        N,
        B,
        "the old crate omits `None` rather than sending null; `Option<T>` becomes `T`",
    ),
    rule("property-now-non-nullable", Response, N, B, "null is no longer sent; `Option<T>` becomes `T`"),
    rule("property-now-non-nullable", Error, N, B, "null is no longer sent; `Option<T>` becomes `T`"),
    rule(
        "property-presence-changed",
        Request,
        N,
        N,
        "required or nullable changed; the Rust type stays `Option<T>` and the old crate's requests still fit",
    ),
    rule(
        "property-presence-changed",
        Response,
        N,
        N,
        "required or nullable changed; the Rust type stays `Option<T>`, which decodes both",
    ),
    rule(
        "property-presence-changed",
        Error,
        N,
        N,
        "required or nullable changed; the Rust type stays `Option<T>`, which decodes both",
    ),
    // Responses of operations.
    rule(
        "response-body-added",
        Response,
        N,
        B,
        "the old crate ignores the body; the method returns it instead of `()`",
    ),
    rule("response-body-removed", Response, B, B, "the old crate expects a JSON body; the method returns `()`"),
    rule("response-status-changed", Response, N, N, "the generated client treats every 2xx as success"),
    rule(
        "response-media-type-changed",
        Response,
        W,
        N,
        "the old crate sends the old media type in `Accept` (a strict server may refuse it) and reads the body as before",
    ),
    rule("error-type-changed", Error, W, N, "the old crate decodes errors as the old type, or as `ApiErrorBody::Raw`"),
    rule(
        "error-body-removed",
        Client,
        N,
        B,
        "no operation documents the type as its error any more: the `ApiErrorBody` variant disappears",
    ),
    // Named types.
    rule("schema-added", Schema, N, N, "a new type"),
    rule("schema-removed", Schema, N, B, "the Rust type disappears; operations that used it report their own changes"),
    rule(
        "schema-renamed",
        Schema,
        N,
        B,
        "same shape under a new name: the Rust type is renamed; the wire is unchanged",
    ),
    rule("unused-schema-changed", Schema, N, W, "no operation uses it; code that uses the type may need changes"),
    // The client: servers and security schemes.
    rule("server-added", Client, N, N, "`Server` gains a variant; it is `#[non_exhaustive]`"),
    rule("server-removed", Client, N, B, "the `Server` variant disappears; its operations report where they went"),
    rule("server-renamed", Client, N, B, "same URL, new `Server` variant name"),
    rule("server-url-changed", Client, B, N, "the old crate calls the old default URL"),
    rule("security-scheme-added", Client, N, N, "a new credential setter on `ClientBuilder`"),
    rule(
        "security-scheme-removed",
        Client,
        N,
        B,
        "its `ClientBuilder` setter disappears; its operations report their new requirements",
    ),
    rule("security-scheme-changed", Client, B, N, "the credential is sent in another way than the old crate sends it"),
    rule(
        "security-scheme-signature-changed",
        Client,
        B,
        B,
        "basic and token credentials swapped: the setter takes other arguments",
    ),
];

/// The row for `id` on `side`. Every pair the comparison uses is in the table (the fixture tests cover each).
pub fn get(id: &str, side: Side) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id && r.side == side)
        .unwrap_or_else(|| panic!("rule {id} has no row for side {side:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_unique_and_ids_are_kebab_case() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(a.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", a.id);
            assert!(
                !RULES[..i].iter().any(|b| b.id == a.id && b.side == a.side),
                "duplicate row {} {:?}",
                a.id,
                a.side
            );
        }
    }

    #[test]
    fn lookups_find_the_row_of_the_side() {
        assert_eq!(get("property-removed", Side::Request).wire, Verdict::Warning);
        assert_eq!(get("property-removed", Side::Response).wire, Verdict::Breaking);
    }
}
