//! The one error type of the client, generic over the body of the API's error answers.

use super::transport::ResponseMeta;
use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

/// Everything a call can fail with. Match on the kind; `Display` gives a one-line explanation that never
/// contains credentials or secret fields.
///
/// `E` is the body of the API's error answers, as the generated crate decodes it (its `ApiErrorBody`). The
/// default, [`Infallible`], is an error that cannot be an API answer: what the transport, the credentials and
/// the pagination fail with before any body is read. [`Error::widen`] makes it an `Error<E>` for any `E`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The API answered with an error status.
    Api(Box<ApiError<E>>),
    /// A value was rejected before anything was sent.
    InvalidInput {
        /// The parameter (or type) as the spec names it.
        parameter: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The client has no credentials for any security requirement of the operation.
    MissingCredentials {
        /// The operationId.
        operation: &'static str,
        /// The security schemes that would do.
        schemes: String,
    },
    /// No connection, a reset, or a body cut short.
    Transport {
        /// What failed, without the URL.
        message: String,
        /// Whether the connection was never established (the request did not leave).
        connect: bool,
        /// The HTTP library's error, without the URL: [`std::error::Error::source`] of this error.
        source: reqwest::Error,
    },
    /// The request or the connection took longer than the configured timeout.
    Timeout {
        /// Whether it was the connection that timed out (the request never left).
        connect: bool,
        /// Whether it was the whole call, retries included, that took longer than
        /// `ClientBuilder::total_timeout`, rather than one attempt.
        total: bool,
    },
    /// The server answered success with a body that does not decode into the documented type.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// Why decoding failed.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// An operation that answers with a redirect got no usable one: a 3xx without a valid `Location`, or a
    /// status that is neither a redirect nor an error. The message never holds the location or the body.
    Redirect {
        /// The HTTP status of the answer.
        status: u16,
        /// What was wrong with the answer.
        message: String,
    },
    /// A page's link to the next page leads somewhere the client will not follow.
    Pagination {
        /// Why the next page was not fetched.
        message: String,
    },
    /// No OAuth2 access token: the token endpoint refused the client's credentials, answered something that is
    /// not a bearer token, or could not be reached. Nothing was sent to the API.
    Token {
        /// The security scheme the token is for.
        scheme: &'static str,
        /// The token endpoint's HTTP status; `None` when it did not answer (no connection, a timeout).
        status: Option<u16>,
        /// The OAuth 2.0 error code (RFC 6749 §5.2: `invalid_client`, `invalid_scope`, ...), or the vendor's
        /// error code, when the answer has one.
        code: Option<String>,
        /// What went wrong, with the endpoint's description when it gave one. Never holds the client secret.
        message: String,
    },
    /// The client could not be configured (an invalid base URL, a TLS failure).
    Config {
        /// What is wrong with the configuration.
        message: String,
    },
}

/// An error answer from the API: the status, the body decoded as the vendor documents it (or raw), any
/// `Retry-After` the server sent, and the headers of the answer (a request id, rate limits).
#[derive(Debug)]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: u16,
    /// The body, decoded as the operation documents its errors when possible.
    pub body: E,
    /// How long the server asked the client to wait, from `Retry-After`.
    pub retry_after: Option<Duration>,
    /// The status and headers of the answer.
    pub meta: ResponseMeta,
}

/// The body of an API's error answers: what the generated crate's `ApiErrorBody` tells about itself.
pub trait ErrorBody {
    /// The vendor's error code, when the body documents one.
    fn code(&self) -> Option<i64>;
}

impl<E: ErrorBody> ApiError<E> {
    /// The vendor's error code from the body, when the documented error body has one (see [`ErrorBody::code`]).
    pub fn code(&self) -> Option<i64> {
        self.body.code()
    }
}

impl<E> ApiError<E> {
    /// The first value of the header `name` of the answer, when it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.meta.header(name)
    }
}

impl<E> Error<E> {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's error answer, if that is what this is.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether the API answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api(api) if api.status == 404)
    }

    /// Whether a timeout ended the call: of one attempt, of the connection, or of the whole call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// The status and headers of an API error answer (a request id is often among them).
    pub fn meta(&self) -> Option<&ResponseMeta> {
        self.api().map(|api| &api.meta)
    }

    /// The headers of an API error answer.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        self.meta().map(ResponseMeta::headers)
    }
}

impl<E: ErrorBody> Error<E> {
    /// The vendor's error code of an API error answer, when its documented body has one (see
    /// [`ErrorBody::code`]).
    pub fn code(&self) -> Option<i64> {
        self.api().and_then(ApiError::code)
    }
}

impl Error {
    /// The same error as an `Error<E>`: an error without an API answer is one for every body type.
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api(api) => match api.body {},
            Error::InvalidInput { parameter, message } => Error::InvalidInput { parameter, message },
            Error::MissingCredentials { operation, schemes } => Error::MissingCredentials { operation, schemes },
            Error::Transport { message, connect, source } => Error::Transport { message, connect, source },
            Error::Timeout { connect, total } => Error::Timeout { connect, total },
            Error::Decode { status, message, excerpt } => Error::Decode { status, message, excerpt },
            Error::Redirect { status, message } => Error::Redirect { status, message },
            Error::Pagination { message } => Error::Pagination { message },
            Error::Token { scheme, status, code, message } => Error::Token { scheme, status, code, message },
            Error::Config { message } => Error::Config { message },
        }
    }

    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let connect = error.is_connect();
        if error.is_timeout() {
            return Error::Timeout { connect, total: false };
        }
        let error = error.without_url();
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::Transport { message, connect, source: error }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => write!(f, "the API answered {}: {}", api.status, api.body),
            Error::InvalidInput { parameter, message } => write!(f, "invalid {parameter}: {message}"),
            Error::MissingCredentials { operation, schemes } => {
                write!(f, "{operation} needs credentials ({schemes}); set them on the ClientBuilder")
            }
            Error::Transport { message, .. } => write!(f, "transport error: {message}"),
            Error::Timeout { total: true, .. } => {
                f.write_str("the call timed out: the total timeout passed, retries included")
            }
            Error::Timeout { connect: true, .. } => f.write_str("the connection timed out"),
            Error::Timeout { connect: false, .. } => f.write_str("the request timed out"),
            Error::Decode { status, message, excerpt } => {
                write!(f, "could not decode the {status} response: {message}; body starts {excerpt:?}")
            }
            Error::Redirect { status, message } => {
                write!(f, "no redirect to return from the {status} answer: {message}")
            }
            Error::Pagination { message } => write!(f, "pagination stopped: {message}"),
            Error::Token { scheme, code, message, .. } => {
                write!(f, "no OAuth2 access token for {scheme}: {message}")?;
                match code {
                    Some(code) => write!(f, " (error {code})"),
                    None => Ok(()),
                }
            }
            Error::Config { message } => write!(f, "invalid client configuration: {message}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    /// The HTTP library's error of [`Error::Transport`], without the URL; nothing for the other kinds, whose
    /// message says it all.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl<E> From<super::pattern::InvalidValue> for Error<E> {
    fn from(value: super::pattern::InvalidValue) -> Self {
        Error::InvalidInput { parameter: value.type_name(), message: value.reason().to_owned() }
    }
}

/// The first characters of a body, for error messages.
pub fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX * 4)]);
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        out.push('…');
    }
    out
}
