//! Requests: the values of one operation, set through its setters, and options for that request alone.
//!
//! The runtime's request, wrapped so that this crate can give each operation's request its setters (an impl of
//! `Request<XParams>` beside each operation). Everything else is the runtime's, passed through.

use crate::runtime::support::Transport;
use crate::runtime::{self, List, Operation};
use crate::{ApiErrorBody, Error, Pages, Paginated, ResponseMeta};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// A request of one operation: its values ([`params`](Request::params)), set through the setters the
/// operation has, and options of its own. Nothing is sent until [`send`](Request::send) (or, for a list,
/// [`pages`](Request::pages) or [`items`](Request::items) is read). Cheap to clone.
#[must_use = "a request does nothing until it is sent"]
#[derive(Clone, Debug)]
pub struct Request<P>(runtime::Request<P>);

impl<P> Request<P> {
    /// A request of `params` through `transport`, with no options of its own.
    #[inline]
    pub(crate) fn new(transport: Arc<Transport>, params: P) -> Self {
        Request(runtime::Request::new(transport, params))
    }

    /// The values of the request: its path IDs and parameters.
    #[inline]
    pub fn params(&self) -> &P {
        self.0.params()
    }

    /// The values of the request, to change in place.
    #[inline]
    pub fn params_mut(&mut self) -> &mut P {
        self.0.params_mut()
    }

    /// Replaces every value of the request, its path IDs included.
    #[inline]
    pub fn with_params(self, params: P) -> Self {
        Request(self.0.with_params(params))
    }

    /// Limits each attempt of this request (and of its later pages) to `timeout`, in place of the client's.
    #[inline]
    pub fn with_timeout(self, timeout: Duration) -> Self {
        Request(self.0.with_timeout(timeout))
    }

    /// Sends the header `name: value` with this request (and its later pages), in place of a header of that
    /// name the client would send; credentials and the body's `Content-Type` take precedence.
    #[inline]
    pub fn with_header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        Request(self.0.with_header(name, value))
    }
}

impl<P: Operation<ErrorBody = ApiErrorBody>> Request<P> {
    /// Sends the request and decodes the answer.
    #[inline]
    pub fn send(self) -> impl Future<Output = Result<P::Output, Error>> + Send {
        self.0.send()
    }

    /// Sends the request; the decoded answer comes with its status and headers.
    #[inline]
    pub fn send_with_response(self) -> impl Future<Output = Result<(P::Output, ResponseMeta), Error>> + Send {
        self.0.send_with_response()
    }
}

impl<P: List<ErrorBody = ApiErrorBody>> Request<P> {
    /// Every page, from the one this request asks for to the last, as a stream that fetches each page when it
    /// is reached; it ends after the last page or the first error.
    #[inline]
    pub fn pages(self) -> Pages<P::Output> {
        self.0.pages()
    }

    /// Every item across the pages, as a stream that fetches each page when it is reached.
    /// [`limit`](Paginated::limit) stops it after a number of items; the page size stays what this request
    /// asks for.
    #[inline]
    pub fn items(self) -> Paginated<P::Item> {
        self.0.items()
    }
}
