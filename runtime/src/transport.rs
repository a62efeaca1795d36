//! Sending requests: base URLs, authentication, timeouts and retries.

use super::auth::{Credential, Credentials};
use super::error::{excerpt, ApiError, Error};
use super::oauth::TokenSource;
use super::secret::Secret;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime};

/// When and how often to retry.
///
/// GET and DELETE are retried on connection failures, timeouts, 429, 502, 503 and 504. POST is retried only on
/// 429 and on connection failures where the request never left. `Retry-After` (seconds or an HTTP date) is
/// honoured up to `max_retry_after`; a longer wait returns the error instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further retry.
    pub initial_backoff: Duration,
    /// Cap of the exponential backoff.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client will wait for.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// Equal jitter: a random wait between half and all of the capped exponential backoff.
    fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(1u32 << retry.min(16)).min(self.max_backoff);
        let half = exponential / 2;
        half + half.mul_f64(jitter())
    }
}

/// A number in [0, 1) that differs between calls; good enough to spread retries, not for anything else.
fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// Timeouts and retries of a client.
#[derive(Clone)]
pub struct Config {
    pub connect_timeout: Duration,
    /// Limit for one whole attempt: connecting, sending and reading the response.
    pub timeout: Duration,
    /// Limit for a whole call: every attempt, the waits between them and any token request. `None`: no limit.
    pub total_timeout: Option<Duration>,
    pub retry: RetryPolicy,
    pub user_agent: String,
    /// The caller's HTTP client, used instead of one built from this configuration (its own connect timeout,
    /// user agent and redirect policy then apply; `timeout` is still set on each request).
    pub http: Option<reqwest::Client>,
}

impl Config {
    /// The defaults, sending `user_agent` (the generated crate's name and version): connect in 10 s, each attempt
    /// within 30 s, no total limit, [`RetryPolicy::default`], an HTTP client built from these.
    pub fn new(user_agent: String) -> Self {
        Config {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            total_timeout: None,
            retry: RetryPolicy::default(),
            user_agent,
            http: None,
        }
    }
}

impl fmt::Debug for Config {
    /// Leaves the caller's HTTP client out: its default headers may hold credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http.as_ref().map(|_| "the caller's client"))
            .finish()
    }
}

/// Options of one request: a timeout of its own and extra headers.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// Limits each attempt of this request to `timeout` instead of the client's timeout.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Sends the header `name: value` with every attempt of this request, in place of a header of that name
    /// the request would otherwise have (`Accept`, `User-Agent`); credentials and the body's `Content-Type`
    /// still take precedence. An invalid name or value is
    /// [`Error::InvalidInput`] when the request is sent (naming the header, not repeating the value).
    pub fn add_header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }
}

impl fmt::Debug for RequestOptions {
    /// Shows header names only: a value may be a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &self.headers.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>())
            .finish()
    }
}

/// The status and headers of an answer: a request id, rate limits, `ETag`.
#[derive(Clone)]
pub struct ResponseMeta {
    status: u16,
    headers: HeaderMap,
}

impl ResponseMeta {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of the header `name` (any case), when there is one and it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

impl fmt::Debug for ResponseMeta {
    /// Shows the headers of the answer, except the values of `Set-Cookie` (a session may be a credential).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = self.headers.iter().map(|(name, value)| {
            let shown = if name == header::SET_COOKIE { "[redacted]" } else { value.to_str().unwrap_or("[binary]") };
            (name, shown)
        });
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("headers", &headers.collect::<Vec<_>>())
            .finish()
    }
}

/// A request before it is sent.
pub struct Request {
    pub operation: &'static str,
    pub method: reqwest::Method,
    /// Index of the server (the `Server` enum) whose base URL the path goes under.
    pub server: usize,
    /// Path below the base URL, already encoded; or an absolute URL (for next pages).
    pub path: String,
    pub query: String,
    pub headers: Vec<(&'static str, String)>,
    /// The `Accept` header: the media types the operation documents.
    pub accept: &'static str,
    pub body: Body,
    pub security: &'static [&'static [&'static str]],
    /// What the caller set for this request alone.
    pub options: RequestOptions,
}

pub enum Body {
    None,
    /// The bytes sent and their `Content-Type` (`application/json`, `application/scim+json`,
    /// `application/x-www-form-urlencoded`, `text/plain`): the generator decides both.
    Bytes {
        content_type: &'static str,
        bytes: Vec<u8>,
    },
    /// A multipart body: its media type (`multipart/form-data`), sent with the boundary, and its bytes.
    Multipart {
        media_type: &'static str,
        boundary: String,
        bytes: Vec<u8>,
    },
}

/// The status, headers and body of an answer.
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
    headers: HeaderMap,
    /// The `Location` header resolved against the request URL; `Err` when it is there but not a URL.
    location: Option<Result<reqwest::Url, ()>>,
    retry_after: Option<Duration>,
}

impl Response {
    /// Reads the status, `Retry-After`, `Location` and the whole body of an answer.
    pub(crate) async fn read(response: reqwest::Response) -> Result<Self, Error> {
        let status = response.status().as_u16();
        let retry_after =
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        // Relative locations are legal (RFC 9110): resolved against the URL of this request.
        let location = response.headers().get(header::LOCATION).map(|value| {
            let value = std::str::from_utf8(value.as_bytes()).map_err(drop)?;
            response.url().join(value.trim()).map_err(drop)
        });
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_reqwest)?.to_vec();
        Ok(Response { status, body, headers, location, retry_after })
    }

    /// The status and headers.
    pub fn meta(&self) -> ResponseMeta {
        ResponseMeta { status: self.status, headers: self.headers.clone() }
    }

    /// Decodes a success body as `T`; an error status becomes [`Error::Api`] with the body decoded by `error`.
    pub fn json<T: serde::de::DeserializeOwned, E>(self, error: fn(&[u8]) -> E) -> Result<T, Error<E>> {
        let body = self.success(error)?;
        serde_json::from_slice(&body.body).map_err(|e| Error::Decode {
            status: body.status,
            message: e.to_string(),
            excerpt: excerpt(&body.body),
        })
    }

    /// Checks for a success status, ignoring any body.
    pub fn empty<E>(self, error: fn(&[u8]) -> E) -> Result<(), Error<E>> {
        self.success(error).map(drop)
    }

    /// A success body of a media type that is not JSON, as it came.
    pub fn bytes<E>(self, error: fn(&[u8]) -> E) -> Result<Vec<u8>, Error<E>> {
        self.success(error).map(|r| r.body)
    }

    /// A `text/*` success body, which must be UTF-8.
    pub fn text<E>(self, error: fn(&[u8]) -> E) -> Result<String, Error<E>> {
        let body = self.success(error)?;
        String::from_utf8(body.body).map_err(|e| Error::Decode {
            status: body.status,
            message: format!("the text body is not UTF-8: {}", e.utf8_error()),
            excerpt: excerpt(e.as_bytes()),
        })
    }

    /// The target of a redirect (3xx), which is not followed. An error status becomes [`Error::Api`]; any
    /// other answer, or a redirect without a usable `Location`, is [`Error::Redirect`]. Neither error repeats
    /// the location or the body: both may hold a signed URL.
    pub fn redirect<E>(self, error: fn(&[u8]) -> E) -> Result<super::redirect::Redirect, Error<E>> {
        let status = self.status;
        if !(300..400).contains(&status) {
            self.success(error)?;
            return Err(Error::Redirect {
                status,
                message: "the operation documents a redirect, and this answer is not one".to_owned(),
            });
        }
        match self.location {
            Some(Ok(location)) => Ok(super::redirect::Redirect { status, location }),
            Some(Err(())) => {
                Err(Error::Redirect { status, message: "the Location header is not a valid URL".to_owned() })
            }
            None => Err(Error::Redirect { status, message: "there is no Location header".to_owned() }),
        }
    }

    /// The answer itself when its status is a success; else [`Error::Api`] with the body decoded by `error`.
    fn success<E>(self, error: fn(&[u8]) -> E) -> Result<Self, Error<E>> {
        if (200..300).contains(&self.status) {
            Ok(self)
        } else {
            Err(Error::Api(Box::new(ApiError {
                status: self.status,
                body: error(&self.body),
                retry_after: self.retry_after,
                meta: ResponseMeta { status: self.status, headers: self.headers },
            })))
        }
    }
}

/// The shared core of a client: one connection pool, base URLs, credentials and policy.
pub struct Transport {
    http: reqwest::Client,
    base_urls: Vec<String>,
    credentials: Credentials,
    /// The token of each OAuth2 scheme that has credentials.
    tokens: BTreeMap<&'static str, TokenSource>,
    retry: RetryPolicy,
    timeout: Duration,
    total_timeout: Option<Duration>,
}

impl fmt::Debug for Transport {
    /// The base URLs, the policy and the credentials (secrets redacted); not the HTTP client, whose default
    /// headers may be the caller's credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_urls", &self.base_urls)
            .field("credentials", &self.credentials)
            .field("tokens", &self.tokens)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .finish_non_exhaustive()
    }
}

/// A credential as it goes on a request.
enum Applied {
    Header(HeaderName, HeaderValue),
    /// An encoded `name=value` pair of the query string.
    Query(String),
}

impl Transport {
    pub fn new(config: Config, base_urls: Vec<String>, credentials: Credentials) -> Result<Self, Error> {
        for url in &base_urls {
            if origin(url).is_none() {
                return Err(Error::Config { message: format!("base URL {url:?} is not an absolute http(s) URL") });
            }
        }
        let mut tokens = BTreeMap::new();
        for (scheme, credentials, token_url) in credentials.oauth2() {
            if origin(token_url).is_none() {
                return Err(Error::Config {
                    message: format!("the token URL {token_url:?} of {scheme} is not an absolute http(s) URL"),
                });
            }
            tokens.insert(scheme, TokenSource::new(scheme, credentials.clone(), token_url.to_owned()));
        }
        // Also the client of the token requests: no redirects, so credentials go to the configured URLs only.
        // A caller's client may follow them: `attempt` and the token request then refuse a redirected answer.
        let http = match config.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .timeout(config.timeout)
                .user_agent(config.user_agent)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config { message: e.without_url().to_string() })?,
        };
        Ok(Transport {
            http,
            base_urls,
            credentials,
            tokens,
            retry: config.retry,
            timeout: config.timeout,
            total_timeout: config.total_timeout,
        })
    }

    pub fn base_url(&self, server: usize) -> &str {
        &self.base_urls[server]
    }

    /// Every base URL, by server index.
    pub fn base_urls(&self) -> &[String] {
        &self.base_urls
    }

    /// A GET of the `url` a page named as the next one, refused unless its scheme, host and port are those of
    /// the server's base URL: credentials never go to another host. A path relative to the host (`/2010-04-01/...`,
    /// as some APIs give it) is taken on the base URL's origin.
    pub fn next_page_request(
        &self,
        server: usize,
        operation: &'static str,
        accept: &'static str,
        url: String,
        security: &'static [&'static [&'static str]],
        options: RequestOptions,
    ) -> Result<Request, Error> {
        // Resolved as a browser would (RFC 3986): `//host/...` names another host, which the check below refuses.
        let url = match reqwest::Url::parse(&self.base_urls[server]) {
            Ok(base) if url.starts_with('/') => base.join(&url).map_or(url, String::from),
            Ok(_) | Err(_) => url,
        };
        let expected = origin(&self.base_urls[server]);
        let found = origin(&url);
        if found.is_none() || found != expected {
            let host = found
                .map(|(scheme, host, port)| format!("{scheme}://{host}:{port}"))
                .unwrap_or_else(|| "an invalid URL".to_owned());
            return Err(Error::Pagination {
                message: format!(
                    "the next page is on {host}, not on the configured base URL of {operation}; not following it"
                ),
            });
        }
        Ok(Request {
            operation,
            method: reqwest::Method::GET,
            server,
            path: url,
            query: String::new(),
            headers: Vec::new(),
            accept,
            body: Body::None,
            security,
            options,
        })
    }

    /// Sends `request`, retrying as the policy allows, and returns the final answer whatever its status.
    ///
    /// With OAuth2 credentials, a 401 answer drops the token the request carried; a new one is fetched and the
    /// request is sent once more (its answer, 401 or not, is the answer).
    ///
    /// With a total timeout, the whole of it (token requests, attempts, the waits between them) ends in
    /// [`Error::Timeout`] once that has passed.
    pub async fn send(&self, request: Request) -> Result<Response, Error> {
        let trace = Trace::new(&request, &self.base_urls);
        let call = self.send_within(&request, &trace);
        #[cfg(feature = "tracing")]
        let call = tracing::Instrument::instrument(call, trace.span.clone());
        let outcome = match self.total_timeout {
            Some(limit) => match tokio::time::timeout(limit, call).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Error::Timeout { connect: false, total: true }),
            },
            None => call.await,
        };
        if let Ok(response) = &outcome {
            trace.status(response.status);
        }
        outcome
    }

    async fn send_within(&self, request: &Request, trace: &Trace) -> Result<Response, Error> {
        let credentials = self.credentials.select(request.security).ok_or_else(|| Error::MissingCredentials {
            operation: request.operation,
            schemes: request.security.iter().map(|r| r.join(" + ")).collect::<Vec<_>>().join(" or "),
        })?;
        let idempotent = request.method != reqwest::Method::POST && request.method != reqwest::Method::PATCH;
        let mut refused_token = false;
        loop {
            let mut applied = Vec::with_capacity(credentials.len());
            let mut tokens = Vec::new();
            for &(scheme, credential) in &credentials {
                applied.push(match credential {
                    Credential::Basic { authorization, .. } => {
                        Applied::Header(header::AUTHORIZATION, sensitive(authorization.expose())?)
                    }
                    Credential::Bearer(token) => Applied::Header(header::AUTHORIZATION, bearer(token)?),
                    Credential::Provided(provider) => {
                        let token = provider.token().await.map_err(|message| Error::Token {
                            scheme,
                            status: None,
                            code: None,
                            message: format!("the token provider gave none: {message}"),
                        })?;
                        Applied::Header(header::AUTHORIZATION, bearer(&token)?)
                    }
                    Credential::Header { name, value } => {
                        Applied::Header(header_name(name)?, sensitive(value.expose())?)
                    }
                    Credential::Query { name, value } => {
                        let mut pairs = super::encode::Pairs::new();
                        pairs.push(name, value.expose().as_str());
                        Applied::Query(pairs.encode())
                    }
                    Credential::OAuth2(_) => {
                        let source = self.tokens.get(scheme).ok_or_else(|| Error::Config {
                            message: format!("no token source for {scheme}; set its credentials before build()"),
                        })?;
                        let token = source.token(&self.http, &self.retry, self.timeout).await?;
                        let value = bearer(&token)?;
                        tokens.push((source, token));
                        Applied::Header(header::AUTHORIZATION, value)
                    }
                });
            }
            let outcome = retrying(&self.retry, idempotent, || self.attempt(request, &applied, trace)).await;
            match &outcome {
                Ok(response) if response.status == 401 && !tokens.is_empty() && !refused_token => {
                    refused_token = true;
                    for (source, token) in &tokens {
                        source.invalidate(token).await;
                    }
                }
                _ => return outcome,
            }
        }
    }

    async fn attempt(&self, request: &Request, credentials: &[Applied], trace: &Trace) -> Result<Response, Error> {
        trace.attempt();
        let mut url = if is_absolute(&request.path) {
            request.path.clone()
        } else {
            format!("{}{}", self.base_urls[request.server], request.path)
        };
        let mut query = request.query.clone();
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, media_type(request.accept)?);
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::InvalidInput { parameter: name, message: "is not a valid header value".into() })?;
            headers.append(header_name(name)?, value);
        }
        // The caller's headers replace the operation's, and credentials replace both.
        for (name, value) in &request.options.headers {
            let invalid = |message: String| Error::InvalidInput { parameter: "header", message };
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("{name:?} is not a valid header name")))?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| invalid(format!("the value of the {name} header is not a valid header value")))?;
            // The value may be a secret: kept out of the HTTP library's `Debug` and of HPACK's index.
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        for credential in credentials {
            match credential {
                Applied::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Applied::Query(pair) => {
                    if !query.is_empty() {
                        query.push('&');
                    }
                    query.push_str(pair);
                }
            }
        }
        if !query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&query);
        }
        let url = reqwest::Url::parse(&url)
            .map_err(|e| Error::Config { message: format!("the URL of {} does not parse: {e}", request.operation) })?;
        let timeout = request.options.timeout.unwrap_or(self.timeout);
        let mut builder = self.http.request(request.method.clone(), url.clone()).timeout(timeout);
        builder = match &request.body {
            Body::None => builder,
            Body::Bytes { content_type, bytes } => {
                headers.insert(header::CONTENT_TYPE, media_type(content_type)?);
                builder.body(bytes.clone())
            }
            Body::Multipart { media_type, boundary, bytes } => {
                headers.insert(header::CONTENT_TYPE, self::media_type(&format!("{media_type}; boundary={boundary}"))?);
                builder.body(bytes.clone())
            }
        };
        let response = builder.headers(headers).send().await.map_err(Error::from_reqwest)?;
        refuse_redirected(&response, &url)?;
        Response::read(response).await
    }
}

/// The span of one call (with the `tracing` feature; nothing without): the operation id, the method, the host of
/// the URL (not its path or query), the number of the attempt under way, and the final status. Never a header,
/// a credential or a query string.
struct Trace {
    /// Every attempt of the call counts, retries and the one after a refused token included.
    attempts: std::sync::atomic::AtomicU32,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl Trace {
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    fn new(request: &Request, base_urls: &[String]) -> Self {
        #[cfg(feature = "tracing")]
        let span = {
            let url = if is_absolute(&request.path) { &request.path } else { &base_urls[request.server] };
            let host = reqwest::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
            tracing::info_span!(
                "request",
                operation = request.operation,
                method = request.method.as_str(),
                host = host.as_str(),
                attempt = tracing::field::Empty,
                status = tracing::field::Empty,
            )
        };
        Trace {
            attempts: std::sync::atomic::AtomicU32::new(0),
            #[cfg(feature = "tracing")]
            span,
        }
    }

    fn attempt(&self) {
        let _number = self.attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        #[cfg(feature = "tracing")]
        self.span.record("attempt", _number);
    }

    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    fn status(&self, status: u16) {
        #[cfg(feature = "tracing")]
        self.span.record("status", status);
    }
}

/// Refuses an answer from elsewhere than `url`: a client given by the caller followed a redirect. The request
/// went there with what the redirect policy let through, so this is an error, not an answer.
pub(crate) fn refuse_redirected(response: &reqwest::Response, url: &reqwest::Url) -> Result<(), Error> {
    if response.url() == url {
        return Ok(());
    }
    Err(Error::Config {
        message: "the HTTP client given to ClientBuilder::http_client followed a redirect; build it with \
                  reqwest::redirect::Policy::none()"
            .to_owned(),
    })
}

/// A path that is a whole URL (a next page's).
/// Whether `path` is a whole URL rather than a path under a base URL: a scheme is case-insensitive, so
/// `HTTPS://` counts (or a next page checked on its origin would be sent appended to the base URL).
fn is_absolute(path: &str) -> bool {
    let scheme = |prefix: &str| path.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
    scheme("http://") || scheme("https://")
}

/// Runs `attempt` until it succeeds or `policy` allows no more retries, and returns the last outcome.
///
/// Idempotent requests are retried on connection failures, timeouts, 429, 502, 503 and 504; others only on 429
/// and on connections that never opened. `Retry-After` is honoured up to `policy.max_retry_after`.
pub(crate) async fn retrying<F, Fut>(policy: &RetryPolicy, idempotent: bool, mut attempt: F) -> Result<Response, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Response, Error>>,
{
    let mut retry = 0;
    loop {
        let outcome = attempt().await;
        let wait = match &outcome {
            Ok(response) if retry_status(response.status, idempotent) => match response.retry_after {
                Some(after) if after > policy.max_retry_after => None,
                Some(after) => Some(after),
                None => Some(policy.backoff(retry)),
            },
            Ok(_) => None,
            // A connection that never opened means the request never left: safe to retry for any method.
            Err(Error::Transport { connect: true, .. } | Error::Timeout { connect: true, .. }) => {
                Some(policy.backoff(retry))
            }
            Err(Error::Transport { .. } | Error::Timeout { .. }) if idempotent => Some(policy.backoff(retry)),
            Err(_) => None,
        };
        match wait {
            Some(wait) if retry < policy.max_retries => {
                retry += 1;
                tokio::time::sleep(wait).await;
            }
            _ => return outcome,
        }
    }
}

/// `Authorization: Bearer <token>`, marked sensitive.
fn bearer(token: &Secret<String>) -> Result<HeaderValue, Error> {
    sensitive(&format!("Bearer {}", token.expose()))
}

/// A header value that HTTP libraries treat as secret (left out of their `Debug`, never indexed by HPACK).
fn sensitive(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::Config { message: "a credential holds characters a header cannot carry".to_owned() })?;
    value.set_sensitive(true);
    Ok(value)
}

/// A `Content-Type` or `Accept` value; the generator only writes valid ones.
fn media_type(value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::Config { message: format!("media type {value:?} cannot be sent as a header") })
}

fn header_name(name: &'static str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config { message: format!("{name:?} is not a valid header name") })
}

fn retry_status(status: u16, idempotent: bool) -> bool {
    status == 429 || (idempotent && matches!(status, 502..=504))
}

/// `Retry-After` as seconds or as an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = super::timestamp::Timestamp::parse(value).ok()?.unix_seconds();
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}

/// `scheme://host:port` of an absolute URL, with the default port made explicit.
pub fn origin(url: &str) -> Option<(String, String, u16)> {
    let parsed = reqwest::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    Some((parsed.scheme().to_owned(), parsed.host_str()?.to_ascii_lowercase(), parsed.port_or_known_default()?))
}

#[cfg(test)]
mod tests {
    use super::super::loopback::{answer, Loopback};
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
            ..RetryPolicy::default()
        };
        for retry in 0..10 {
            let wait = policy.backoff(retry);
            let cap = Duration::from_millis(100 * (1 << retry.min(16))).min(Duration::from_millis(300));
            assert!(wait >= cap / 2 && wait <= cap, "retry {retry}: {wait:?}");
        }
    }

    #[test]
    fn only_safe_statuses_are_retried() {
        assert!(retry_status(429, false));
        assert!(retry_status(503, true));
        assert!(!retry_status(503, false));
        assert!(!retry_status(500, true));
    }

    #[test]
    fn next_pages_relative_to_the_host_are_taken_on_the_base_urls_origin() {
        let client = transport("https://api.twilio.com/base");
        let next = |url: &str| {
            client.next_page_request(0, "List", "application/json", url.to_owned(), &[], RequestOptions::default())
        };
        let page = next("/2010-04-01/Accounts/AC1/Calls.json?Page=1&PageToken=PA2").unwrap();
        assert_eq!(page.path, "https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?Page=1&PageToken=PA2");
        assert_eq!(next("https://api.twilio.com/v1/x?Page=2").unwrap().path, "https://api.twilio.com/v1/x?Page=2");
        assert!(next("//evil.example/x").is_err());
        assert!(next("https://evil.example/x").is_err());
        // A backslash is a slash to a URL parser: `/\host` names another host, and is refused.
        assert!(next("/\\evil.example/x").is_err());
        // A scheme in capitals is still a whole URL: checked on its origin and sent as it is.
        let upper = next("HTTPS://api.twilio.com/v1/x").unwrap();
        assert!(is_absolute(&upper.path), "{}", upper.path);
        assert!(next("HTTPS://api.twilio.com.evil.example/v1/x").is_err());
        let capital_base = transport("HTTPS://api.twilio.com/base");
        let relative = capital_base
            .next_page_request(0, "List", "application/json", "/v1/x".to_owned(), &[], RequestOptions::default())
            .unwrap();
        assert_eq!(relative.path, "https://api.twilio.com/v1/x");
        assert!(is_absolute(&relative.path));
    }

    #[test]
    fn origins_make_default_ports_explicit() {
        assert_eq!(origin("https://notify.twilio.com/v1"), Some(("https".into(), "notify.twilio.com".into(), 443)));
        assert_eq!(origin("http://127.0.0.1:8080"), Some(("http".into(), "127.0.0.1".into(), 8080)));
        assert_eq!(origin("ftp://x"), None);
    }

    /// A server on 127.0.0.1 that gives every request the same whole `answer`.
    fn serve(answer: String) -> Loopback {
        Loopback::answering(move |_, _| answer.clone())
    }

    fn transport(base: &str) -> Transport {
        let mut credentials = Credentials::default();
        credentials.set("basic", Credential::basic("ACuser".into(), "token"));
        let config = Config { retry: RetryPolicy::none(), ..Config::new("test/1.0".to_owned()) };
        Transport::new(config, vec![base.to_owned()], credentials).unwrap()
    }

    fn request(method: reqwest::Method, path: &str, accept: &'static str, body: Body) -> Request {
        Request {
            operation: "Test",
            method,
            server: 0,
            path: path.to_owned(),
            query: String::new(),
            headers: Vec::new(),
            accept,
            body,
            security: &[&["basic"]],
            options: Default::default(),
        }
    }

    /// An error body as text, with no vendor code.
    #[derive(Debug, PartialEq)]
    struct Raw(String);

    impl super::super::ErrorBody for Raw {
        fn code(&self) -> Option<i64> {
            None
        }
    }

    impl fmt::Display for Raw {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }

    fn raw(body: &[u8]) -> Raw {
        Raw(String::from_utf8_lossy(body).into_owned())
    }

    async fn get(answer: String, path: &str) -> (Response, String) {
        let server = serve(answer);
        let request = request(reqwest::Method::GET, path, "application/json", Body::None);
        let response = transport(&server.url).send(request).await.unwrap();
        (response, server.seen(path)[0].raw.clone())
    }

    #[tokio::test]
    async fn a_relative_redirect_is_resolved_against_the_request_url() {
        let signed = "Location: ../Files/2020-01-01.csv?X-Amz-Signature=s3cr3t\r\n";
        let server = serve(answer("307 Temporary Redirect", signed, b""));
        let base = &server.url;
        let path = "/v1/Exports/Messages/Days/2020-01-01";
        let request = request(reqwest::Method::GET, path, "application/json", Body::None);
        let redirect = transport(base).send(request).await.unwrap().redirect(raw).unwrap();
        assert_eq!(redirect.status, 307);
        let expected = format!("{base}/v1/Exports/Messages/Files/2020-01-01.csv?X-Amz-Signature=s3cr3t");
        assert_eq!(redirect.location.as_str(), expected);
        let shown = format!("{redirect:?}");
        assert!(shown.contains("/Files/2020-01-01.csv?[redacted]") && !shown.contains("s3cr3t"), "{shown}");
        assert!(server.seen(path)[0].raw.starts_with("GET /v1/Exports/Messages/Days/2020-01-01 HTTP/1.1"));
    }

    #[tokio::test]
    async fn a_redirect_is_not_followed_so_credentials_stay_home() {
        let target = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        target.set_nonblocking(true).unwrap();
        let location = format!("Location: http://{}/download?sig=s3cr3t\r\n", target.local_addr().unwrap());
        let (response, sent) = get(answer("302 Found", &location, b""), "/v1/authorize").await;
        let redirect = response.redirect(raw).unwrap();
        assert_eq!((redirect.status, redirect.location.path()), (302, "/download"));
        assert!(sent.to_ascii_lowercase().contains("authorization: basic"), "{sent}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        let contacted = target.accept();
        assert!(
            contacted.is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock),
            "the client followed the redirect"
        );
    }

    #[tokio::test]
    async fn a_redirect_without_a_usable_location_is_an_error_that_keeps_the_body_to_itself() {
        let body = br#"{"redirect_to": "https://bucket.example/f?sig=s3cr3t"}"#;
        for headers in ["", "Location: http://[bad\r\n"] {
            let (response, _) = get(answer("307 Temporary Redirect", headers, body), "/v1/Day").await;
            let error = response.redirect(raw).unwrap_err();
            assert!(matches!(error, Error::Redirect { status: 307, .. }), "{error:?}");
            let shown = format!("{error} {error:?}");
            assert!(shown.contains("Location") && !shown.contains("s3cr3t") && !shown.contains("[bad"), "{shown}");
        }
    }

    #[tokio::test]
    async fn a_redirect_operation_decodes_error_statuses_and_refuses_a_2xx() {
        let (response, _) = get(answer("404 Not Found", "", b"no such day"), "/v1/Day").await;
        let Err(Error::Api(api)) = response.redirect(raw) else { panic!("not an API error") };
        assert_eq!((api.status, api.body), (404, raw(b"no such day")));
        let (response, _) = get(answer("200 OK", "", b"{}"), "/v1/Day").await;
        let error = response.redirect(raw).unwrap_err();
        assert!(matches!(error, Error::Redirect { status: 200, .. }), "{error:?}");
    }

    #[tokio::test]
    async fn bodies_are_sent_with_their_media_type_and_accept_names_the_documented_one() {
        let server = serve(answer("200 OK", "Content-Type: text/csv\r\n", "a,b\nü,2\n".as_bytes()));
        let body = Body::Bytes { content_type: "application/scim+json", bytes: br#"{"userName":"x"}"#.to_vec() };
        let request = request(reqwest::Method::POST, "/scim/Users", "text/csv", body);
        assert_eq!(transport(&server.url).send(request).await.unwrap().text(raw).unwrap(), "a,b\nü,2\n");
        let sent = server.seen("/scim/Users")[0].raw.clone();
        let lower = sent.to_ascii_lowercase();
        assert!(lower.contains("\r\ncontent-type: application/scim+json\r\n"), "{sent}");
        assert!(lower.contains("\r\naccept: text/csv\r\n"), "{sent}");
        assert!(sent.ends_with("\r\n\r\n{\"userName\":\"x\"}"), "{sent}");
    }

    #[tokio::test]
    async fn bytes_come_back_as_they_came_and_text_must_be_utf8() {
        let pdf = answer("200 OK", "Content-Type: application/pdf\r\n", b"%PDF-1.7");
        let (response, _) = get(pdf, "/v1/Report").await;
        assert_eq!(response.bytes(raw).unwrap(), b"%PDF-1.7");
        let (mut response, _) = get(answer("200 OK", "", b""), "/v1/Report").await;
        response.body = vec![b'a', 0xff];
        assert!(matches!(response.text(raw), Err(Error::Decode { status: 200, .. })));
        let (response, _) = get(answer("500 Internal Server Error", "", b"boom"), "/v1/Report").await;
        assert!(matches!(response.bytes(raw), Err(Error::Api(api)) if api.status == 500));
    }

    fn transport_with(base: &str, config: Config) -> Transport {
        let mut credentials = Credentials::default();
        credentials.set("basic", Credential::basic("ACuser".into(), "token"));
        Transport::new(config, vec![base.to_owned()], credentials).unwrap()
    }

    /// Answers `status` with `headers` after `delay`.
    fn slow(status: &'static str, headers: &'static str, delay: Duration) -> Loopback {
        Loopback::answering(move |_, _| {
            std::thread::sleep(delay);
            answer(status, headers, b"{}")
        })
    }

    #[tokio::test]
    async fn a_request_can_have_its_own_timeout_and_headers() {
        let server = slow("200 OK", "", Duration::from_millis(400));
        let transport = transport(&server.url);
        let mut quick = request(reqwest::Method::GET, "/v1/Slow", "application/json", Body::None);
        quick.options.set_timeout(Duration::from_millis(50));
        let started = std::time::Instant::now();
        let error = transport.send(quick).await.err().expect("the request should time out");
        assert!(matches!(error, Error::Timeout { connect: false, total: false }), "{error:?}");
        assert!(error.is_timeout() && started.elapsed() < Duration::from_millis(350), "{:?}", started.elapsed());

        let mut tagged = request(reqwest::Method::GET, "/v1/Tagged", "application/json", Body::None);
        tagged.options.add_header("X-Request-Tag".into(), "t-1".into());
        tagged.options.add_header("Authorization".into(), "Bearer not-the-credential".into());
        assert_eq!(transport.send(tagged).await.unwrap().status, 200);
        let seen = &server.seen("/v1/Tagged")[0];
        assert!(seen.raw.to_ascii_lowercase().contains("\r\nx-request-tag: t-1\r\n"), "{}", seen.raw);
        assert!(seen.authorization.as_deref().is_some_and(|a| a.starts_with("Basic ")), "credentials win");
        let shown = format!("{:?}", {
            let mut options = RequestOptions::default();
            options.add_header("X-Api-Secret".into(), "s3cr3t".into());
            options
        });
        assert!(shown.contains("X-Api-Secret") && !shown.contains("s3cr3t"), "{shown}");
    }

    #[tokio::test]
    async fn an_invalid_extra_header_is_invalid_input_that_names_it_without_the_value() {
        let server = serve(answer("200 OK", "", b"{}"));
        let transport = transport(&server.url);
        for (name, value) in [("Bad Name", "fine"), ("X-Token", "s3cr3t\r\nInjected: yes")] {
            let mut bad = request(reqwest::Method::GET, "/v1/Bad", "application/json", Body::None);
            bad.options.add_header(name.into(), value.into());
            let error = transport.send(bad).await.err().expect("an invalid header is refused");
            let shown = format!("{error} {error:?}");
            assert!(matches!(error, Error::InvalidInput { parameter: "header", .. }), "{shown}");
            assert!(shown.to_ascii_lowercase().contains(&name.to_ascii_lowercase()), "{shown}");
            assert!(!shown.contains("s3cr3t") && !shown.contains("Injected"), "{shown}");
        }
        assert!(server.seen("/v1/Bad").is_empty(), "nothing was sent");
    }

    #[tokio::test]
    async fn response_headers_are_kept_on_success_and_on_api_errors() {
        let (response, _) =
            get(answer("200 OK", "X-Request-Id: RQ1\r\nSet-Cookie: s=c00kie\r\n", b"{}"), "/v1/A").await;
        let meta = response.meta();
        assert_eq!((meta.status(), meta.header("x-request-id")), (200, Some("RQ1")));
        assert_eq!(meta.headers().get("X-REQUEST-ID").unwrap(), "RQ1");
        let shown = format!("{meta:?}");
        assert!(shown.contains("RQ1") && !shown.contains("c00kie"), "{shown}");

        let (response, _) = get(answer("404 Not Found", "Twilio-Request-Id: RQ404\r\n", b"gone"), "/v1/B").await;
        let error = response.json::<serde_json::Value, _>(raw).unwrap_err();
        assert!(error.is_not_found() && !error.is_timeout(), "{error:?}");
        assert_eq!(error.meta().map(|m| (m.status(), m.header("twilio-request-id"))), Some((404, Some("RQ404"))));
        assert_eq!(error.headers().and_then(|h| h.get("twilio-request-id")).unwrap(), "RQ404");
        assert_eq!(error.api().and_then(|api| api.header("Twilio-Request-Id")), Some("RQ404"));
        assert_eq!(error.code(), None, "a raw body has no code");
    }

    #[tokio::test]
    async fn a_transport_error_has_the_http_error_without_the_url_as_its_source() {
        use std::error::Error as _;
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        let mut get = request(reqwest::Method::GET, "/v1/Thing?Token=s3cr3t", "application/json", Body::None);
        get.options.set_timeout(Duration::from_secs(5));
        let error = transport(&base).send(get).await.err().expect("nothing listens there");
        assert!(matches!(error, Error::Transport { connect: true, .. }), "{error:?}");
        let source = error.source().expect("a transport error has a source");
        let shown = format!("{source} {source:?} {error:?}");
        assert!(source.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_connect), "{shown}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("/v1/Thing"), "{shown}");
        assert!(Error::<Raw>::Config { message: "x".into() }.source().is_none());
    }

    #[tokio::test]
    async fn the_total_timeout_ends_a_call_whose_retries_would_take_longer() {
        let server = slow("503 Service Unavailable", "", Duration::from_millis(50));
        // The waits alone (at least 200, 400 and 800 ms) take longer than 1.4 s.
        let retry =
            RetryPolicy { max_retries: 3, initial_backoff: Duration::from_millis(400), ..RetryPolicy::default() };
        let config =
            Config { retry, total_timeout: Some(Duration::from_millis(300)), ..Config::new("test/1.0".to_owned()) };
        let transport = transport_with(&server.url, config);
        let started = std::time::Instant::now();
        let request = request(reqwest::Method::GET, "/v1/Busy", "application/json", Body::None);
        let error = transport.send(request).await.err().expect("the call should time out");
        let elapsed = started.elapsed();
        assert!(matches!(error, Error::Timeout { total: true, .. }) && error.is_timeout(), "{error:?}");
        assert!(error.to_string().contains("total"), "{error}");
        assert!(elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(1400), "{elapsed:?}");
        assert!(server.seen("/v1/Busy").len() < 4, "not every retry was made");
    }

    #[tokio::test]
    async fn a_callers_client_gets_the_per_attempt_timeout_and_may_not_follow_redirects() {
        let server = Loopback::answering(|request, _| match request.path.as_str() {
            "/v1/Moved" => answer("307 Temporary Redirect", "Location: /v1/Elsewhere\r\n", b""),
            "/v1/Slow" => {
                std::thread::sleep(Duration::from_millis(400));
                answer("200 OK", "", b"{}")
            }
            _ => answer("200 OK", "", b"{}"),
        });
        let config = Config {
            timeout: Duration::from_millis(50),
            http: Some(reqwest::Client::new()),
            ..Config { retry: RetryPolicy::none(), ..Config::new("test/1.0".to_owned()) }
        };
        let transport = transport_with(&server.url, config);
        let slow = request(reqwest::Method::GET, "/v1/Slow", "application/json", Body::None);
        assert!(matches!(transport.send(slow).await, Err(Error::Timeout { connect: false, total: false })));
        let moved = request(reqwest::Method::GET, "/v1/Moved", "application/json", Body::None);
        let error = transport.send(moved).await.err().expect("a followed redirect is refused");
        assert!(matches!(&error, Error::Config { message } if message.contains("http_client")), "{error:?}");
        assert!(!format!("{transport:?}").contains("reqwest"), "the caller's client stays out of Debug");
    }

    #[cfg(feature = "tracing")]
    mod spans {
        use super::*;
        use std::sync::{Arc, Mutex};
        use tracing::field::{Field, Visit};
        use tracing::span::{Attributes, Id, Record};

        /// Every field recorded on any span, as `name=value`.
        #[derive(Clone, Default)]
        struct Capture(Arc<Mutex<Vec<String>>>);

        impl Visit for Capture {
            fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
                self.0.lock().unwrap().push(format!("{}={value:?}", field.name()));
            }
        }

        impl tracing::Subscriber for Capture {
            fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
                true
            }
            fn new_span(&self, span: &Attributes<'_>) -> Id {
                self.0.lock().unwrap().push(format!("span={}", span.metadata().name()));
                span.record(&mut self.clone());
                Id::from_u64(1)
            }
            fn record(&self, _: &Id, values: &Record<'_>) {
                values.record(&mut self.clone());
            }
            fn record_follows_from(&self, _: &Id, _: &Id) {}
            fn event(&self, _: &tracing::Event<'_>) {}
            fn enter(&self, _: &Id) {}
            fn exit(&self, _: &Id) {}
        }

        #[tokio::test]
        async fn a_request_has_a_span_with_its_operation_host_attempts_and_status_and_no_secret() {
            let server = Loopback::answering(|_, earlier| match earlier {
                0 => answer("503 Service Unavailable", "", b""),
                _ => answer("200 OK", "", b"{}"),
            });
            let retry =
                RetryPolicy { max_retries: 1, initial_backoff: Duration::from_millis(1), ..RetryPolicy::default() };
            let transport = transport_with(&server.url, Config { retry, ..Config::new("test/1.0".to_owned()) });
            let capture = Capture::default();
            let _guard = tracing::subscriber::set_default(capture.clone());
            let mut get = request(reqwest::Method::GET, "/v1/Traced", "application/json", Body::None);
            get.query = "Token=s3cr3t".into();
            get.options.add_header("X-Api-Secret".into(), "h3ader".into());
            assert_eq!(transport.send(get).await.unwrap().status, 200);
            let fields = capture.0.lock().unwrap().clone();
            for expected in [
                "span=request",
                "operation=\"Test\"",
                "method=\"GET\"",
                "host=\"127.0.0.1\"",
                "attempt=1",
                "attempt=2",
                "status=200",
            ] {
                assert!(fields.iter().any(|f| f == expected), "{expected} in {fields:?}");
            }
            let all = fields.join(" ");
            for secret in ["s3cr3t", "h3ader", "Basic", "/v1/Traced"] {
                assert!(!all.contains(secret), "{all}");
            }
        }
    }
}
