//! Requests: the values of one operation, the client that sends them, and options for that request alone.
//!
//! Everything that is the same for every operation lives here, once, generic over the operation's parameter
//! struct: sending, response metadata, per-request options and the page streams. The generated code gives each
//! operation its parameter struct, how it becomes an HTTP request and how its answer is read
//! ([`Operation`]), and setters for its optional values.

use super::error::Error;
use super::paginate::{Pages, Paginated};
use super::transport::{self, RequestOptions, Response, ResponseMeta, Transport};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What the parameter struct of every operation knows: the HTTP request its values make, and how to read the
/// answer. Implemented by the generated crate; the methods of [`Request`] use it.
pub trait Operation: Clone + Send + Sync + 'static {
    /// What a successful answer decodes into.
    type Output: Send + 'static;

    /// What an error answer decodes into: the generated crate's `ApiErrorBody`.
    type ErrorBody: Send + 'static;

    /// The HTTP request, once the values pass the spec's constraints.
    fn request(&self) -> Result<transport::Request, Error<Self::ErrorBody>>;

    /// Reads the answer: the documented body on success, [`Error::Api`] on an error status.
    fn decode(response: Response) -> Result<Self::Output, Error<Self::ErrorBody>>;
}

/// An operation that answers with one page of a list.
pub trait List: Operation {
    /// One item of a page.
    type Item: Send + 'static;

    /// The items of a page.
    fn items(page: Self::Output) -> Vec<Self::Item>;

    /// How many items a page has (an empty page ends the list).
    fn count(page: &Self::Output) -> usize;

    /// The pages from the one `request` asks for to the last.
    fn pages(request: Request<Self>) -> Pages<Self::Output, Self::ErrorBody>;
}

/// A request of one operation: its values ([`params`](Request::params)), set through the setters the
/// operation has, and options of its own. Nothing is sent until [`send`](Request::send) (or, for a list,
/// [`pages`](Request::pages) or [`items`](Request::items) is read). Cheap to clone.
#[must_use = "a request does nothing until it is sent"]
#[derive(Clone)]
pub struct Request<P> {
    transport: Arc<Transport>,
    params: P,
    options: RequestOptions,
}

impl<P> Request<P> {
    /// A request of `params` through `transport`, with no options of its own.
    #[doc(hidden)]
    #[inline]
    pub fn new(transport: Arc<Transport>, params: P) -> Self {
        Request { transport, params, options: RequestOptions::default() }
    }

    /// The values of the request: its path IDs and parameters.
    pub fn params(&self) -> &P {
        &self.params
    }

    /// The values of the request, to change in place.
    pub fn params_mut(&mut self) -> &mut P {
        &mut self.params
    }

    /// Replaces every value of the request, its path IDs included.
    pub fn with_params(mut self, params: P) -> Self {
        self.params = params;
        self
    }

    /// Limits each attempt of this request (and of its later pages) to `timeout`, in place of the client's.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.options.set_timeout(timeout);
        self
    }

    /// Sends the header `name: value` with this request (and its later pages), in place of a header of that
    /// name the client would send; credentials and the body's `Content-Type` take precedence.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.add_header(name.into(), value.into());
        self
    }

    pub(crate) fn transport(&self) -> &Arc<Transport> {
        &self.transport
    }
}

impl<P: Operation> Request<P> {
    /// Sends the request and decodes the answer.
    pub async fn send(self) -> Result<P::Output, Error<P::ErrorBody>> {
        let (output, _) = self.send_with_response().await?;
        Ok(output)
    }

    /// Sends the request; the decoded answer comes with its status and headers.
    pub async fn send_with_response(self) -> Result<(P::Output, ResponseMeta), Error<P::ErrorBody>> {
        let request = self.http()?;
        let response = self.transport.send(request).await.map_err(Error::widen)?;
        let meta = response.meta();
        Ok((P::decode(response)?, meta))
    }

    /// The HTTP request, with this request's options.
    pub(crate) fn http(&self) -> Result<transport::Request, Error<P::ErrorBody>> {
        let mut request = self.params.request()?;
        request.options = self.options.clone();
        Ok(request)
    }
}

impl<P: List> Request<P> {
    /// Every page, from the one this request asks for to the last, as a stream that fetches each page when it
    /// is reached; it ends after the last page or the first error.
    pub fn pages(self) -> Pages<P::Output, P::ErrorBody> {
        P::pages(self)
    }

    /// Every item across the pages, as a stream that fetches each page when it is reached.
    /// [`limit`](Paginated::limit) stops it after a number of items; the page size stays what this request
    /// asks for.
    pub fn items(self) -> Paginated<P::Item, P::ErrorBody> {
        Paginated::new(self.pages().map_each(P::items))
    }
}

impl<P: fmt::Debug> fmt::Debug for Request<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request").field("params", &self.params).field("options", &self.options).finish()
    }
}
