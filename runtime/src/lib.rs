//! The runtime of the generated API clients: transport, credentials, retries, pagination, encoding, validation,
//! secrets and errors, generic over the body of an API's error answers.
//!
//! A generated crate depends on this crate (or carries these files in `src/runtime/`, generated with
//! `--inline-runtime`) and re-exports what its users name, so applications never name this crate. The items at
//! the root are that public API; [`support`] is what generated code calls, and has no stability promise.

mod auth;
mod date;
mod encode;
mod error;
mod id;
#[cfg(test)]
mod loopback;
mod multipart;
mod oauth;
mod paginate;
mod pattern;
mod record;
mod redirect;
mod request;
mod secret;
mod timestamp;
mod transport;
mod union;
mod unknown;

/// The HTTP library, for a client of the caller's own (`ClientBuilder::http_client` of a generated crate).
pub use ::reqwest;
pub use auth::TokenProvider;
pub use date::{Date, InvalidDate};
pub use error::{ApiError, Error, ErrorBody};
pub use id::{Id, Rules};
pub use multipart::Upload;
pub use paginate::{Pages, Paginated};
pub use pattern::InvalidValue;
pub use redirect::Redirect;
pub use request::{List, Operation, Request};
pub use secret::Secret;
pub use timestamp::{InvalidTimestamp, Timestamp};
pub use transport::{RequestOptions, ResponseMeta, RetryPolicy};
pub use unknown::UnknownValue;

/// What generated code calls: requests and answers on the wire, credentials, encoding, validation, pagination
/// and unions. Not an API for applications: it changes with the generator that writes the calls.
#[doc(hidden)]
pub mod support {
    pub use super::auth::{from_env, Credential, Credentials};
    pub use super::encode::{
        check_length, check_range, header_serialized, header_text, path_segment, FormValue, Pairs, Style,
    };
    pub use super::error::excerpt;
    pub use super::multipart::Parts;
    pub use super::oauth::ClientCredentials;
    pub use super::paginate::{next_url, offset, OffsetStart};
    pub use super::pattern::{Matcher, Pattern, Piece};
    pub use super::record::{deserialize_record, required, skip, Key, Record};
    pub use super::transport::{Body, Config, Request as HttpRequest, Response, Transport};
    pub use super::union::{decoded, member, names_every_key, tag, tagged};
    pub use super::unknown::unknown_value;
}
