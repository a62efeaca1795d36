//! OAuth 2.0 client credentials (RFC 6749 §4.4): a bearer token fetched from the token URL, cached until
//! shortly before it expires, shared by concurrent requests, fetched again when the API answers 401.
//!
//! The token request is `POST token_url` with an `application/x-www-form-urlencoded` body of
//! `grant_type=client_credentials`, `scope` (when the spec's security requirements name scopes), `client_id`
//! and `client_secret`. RFC 6749 §2.3.1 lets a server take the client's credentials in the body instead of an
//! HTTP basic `Authorization` header; Twilio's token endpoint documents the body, so that is what is sent.
//! The request goes to the token URL only (the client follows no redirects), with the client's timeouts and
//! retry policy; neither the secret nor the token ever shows in `Debug` or in an error. A 3xx answer is an
//! error. An HTTP client given by the caller (`ClientBuilder::http_client`) may follow redirects itself: an
//! answer that comes from another URL than the token URL is then refused as well, though the request has gone
//! there, secret included, when the redirect was a 307 or 308. Give such a client `redirect::Policy::none()`.

use super::error::Error;
use super::secret::Secret;
use super::transport::{refuse_redirected, retrying, Response, RetryPolicy};
use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

/// The lifetime of a token whose answer has no `expires_in` (RFC 6749 §5.1 makes it optional). A token that
/// dies sooner costs one 401, after which it is fetched again.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// Tokens are never kept longer than this, whatever `expires_in` says.
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// A token is fetched again this long before it expires, or a tenth of its lifetime before when that is shorter.
pub const MAX_MARGIN: Duration = Duration::from_secs(30);

/// The client id and secret of one OAuth2 security scheme, as set on the builder.
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: Secret<String>,
    /// The spec's token URL; the builder may override it.
    token_url: &'static str,
    /// Space-separated (RFC 6749 §3.3); empty: no `scope` parameter.
    scopes: String,
}

impl ClientCredentials {
    pub fn new(client_id: String, client_secret: String, token_url: &'static str, scopes: &[&str]) -> Self {
        ClientCredentials { client_id, client_secret: Secret::new(client_secret), token_url, scopes: scopes.join(" ") }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn default_token_url(&self) -> &'static str {
        self.token_url
    }

    /// The body of the token request.
    fn form(&self) -> String {
        let mut pairs = super::encode::Pairs::new();
        pairs.push("grant_type", "client_credentials");
        if !self.scopes.is_empty() {
            pairs.push("scope", self.scopes.as_str());
        }
        pairs.push("client_id", self.client_id.as_str());
        pairs.push("client_secret", self.client_secret.expose().as_str());
        pairs.encode()
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Where a scheme's tokens come from, and the one token it holds: what a client keeps per OAuth2 scheme.
pub struct TokenSource {
    scheme: &'static str,
    credentials: ClientCredentials,
    token_url: String,
    cache: TokenCache,
}

impl TokenSource {
    pub fn new(scheme: &'static str, credentials: ClientCredentials, token_url: String) -> Self {
        TokenSource { scheme, credentials, token_url, cache: TokenCache::default() }
    }

    /// A token that is not about to expire: the cached one, or a new one (one fetch for all the callers that
    /// ask while it is under way).
    /// Each attempt of a token request is limited to `timeout`.
    pub async fn token(
        &self,
        http: &reqwest::Client,
        retry: &RetryPolicy,
        timeout: Duration,
    ) -> Result<Secret<String>, Error> {
        self.cache.get(|| self.fetch(http, retry, timeout)).await
    }

    /// Forgets `used` after the API refused it, unless another caller has already replaced it.
    pub async fn invalidate(&self, used: &Secret<String>) {
        self.cache.invalidate(used).await
    }

    async fn fetch(&self, http: &reqwest::Client, retry: &RetryPolicy, timeout: Duration) -> Result<Fetched, Error> {
        use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
        let form = self.credentials.form();
        let url = reqwest::Url::parse(&self.token_url)
            .map_err(|e| Error::Config { message: format!("the token URL of {} does not parse: {e}", self.scheme) })?;
        // Asking for another token has no effect on the API: it is retried like an idempotent request.
        let answer = retrying(retry, true, || async {
            let response = http
                .post(url.clone())
                .timeout(timeout)
                .header(ACCEPT, HeaderValue::from_static("application/json"))
                .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"))
                .body(form.clone())
                .send()
                .await
                .map_err(Error::from_reqwest)?;
            // A caller's HTTP client may follow redirects: an answer from elsewhere is refused, like a 3xx.
            refuse_redirected(&response, &url)?;
            Response::read(response).await
        })
        .await;
        let answer = answer.map_err(|e| self.failed(None, None, format!("the token request failed: {e}")))?;
        if !(200..300).contains(&answer.status) {
            let (code, description) = oauth_error(&answer.body);
            let message = match &description {
                Some(description) => format!("the token endpoint answered {}: {description}", answer.status),
                None => format!("the token endpoint answered {}", answer.status),
            };
            return Err(self.failed(Some(answer.status), code, message));
        }
        parse_token(&answer.body).map_err(|message| self.failed(Some(answer.status), None, message.to_owned()))
    }

    /// An [`Error::Token`], with the client secret scrubbed from anything the server said.
    fn failed(&self, status: Option<u16>, code: Option<String>, message: String) -> Error {
        let secret = self.credentials.client_secret.expose();
        let scrub = |text: String| if secret.is_empty() { text } else { text.replace(secret.as_str(), "[redacted]") };
        Error::Token { scheme: self.scheme, status, code: code.map(scrub), message: scrub(message) }
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("credentials", &self.credentials)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

/// A token as the token endpoint gave it.
#[derive(Debug)]
pub struct Fetched {
    pub access_token: Secret<String>,
    /// Seconds, from `expires_in`.
    pub expires_in: Option<u64>,
}

/// A cached token and when to stop using it.
struct Token {
    value: Secret<String>,
    /// From here on the token is fetched again.
    refresh_at: Instant,
    /// From here on the token is not used, even when fetching a new one fails.
    expires_at: Instant,
}

impl Token {
    /// A token fetched by a request that started at `asked`: its lifetime counts from then, not from the answer.
    fn new(fetched: Fetched, asked: Instant) -> Self {
        let (refresh_in, expires_in) = schedule(fetched.expires_in);
        let at = |d: Duration| asked.checked_add(d).unwrap_or(asked);
        Token { value: fetched.access_token, refresh_at: at(refresh_in), expires_at: at(expires_in) }
    }
}

/// How long after it was asked for a token is refreshed, and how long until it expires.
fn schedule(expires_in: Option<u64>) -> (Duration, Duration) {
    let lifetime = expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs).min(MAX_LIFETIME);
    let margin = (lifetime / 10).min(MAX_MARGIN);
    (lifetime - margin, lifetime)
}

/// One token, behind an async lock held while a token is fetched, so that concurrent callers share one fetch.
#[derive(Default)]
pub struct TokenCache {
    slot: tokio::sync::Mutex<Option<Token>>,
}

impl TokenCache {
    /// The cached token while it is fresh; else what `fetch` gives. When the fetch fails and the cached token
    /// has not expired yet (it is only within the refresh margin), the cached token is used.
    pub async fn get<F, Fut>(&self, fetch: F) -> Result<Secret<String>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Fetched, Error>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(token) = slot.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(token.value.clone());
        }
        let asked = Instant::now();
        match fetch().await {
            Ok(fetched) => {
                let token = Token::new(fetched, asked);
                let value = token.value.clone();
                *slot = Some(token);
                Ok(value)
            }
            Err(error) => match slot.as_ref().filter(|t| Instant::now() < t.expires_at) {
                Some(token) => Ok(token.value.clone()),
                None => Err(error),
            },
        }
    }

    /// Drops the cached token if it is `used`.
    pub async fn invalidate(&self, used: &Secret<String>) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|t| &t.value == used) {
            *slot = None;
        }
    }
}

/// The access token and its lifetime from a success answer (RFC 6749 §5.1). `token_type` must be bearer
/// (any case) when present. `expires_in` may be a number or, as some servers send it, a numeric string.
fn parse_token(body: &[u8]) -> Result<Fetched, &'static str> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| "the token endpoint's answer is not a JSON object")?;
    let token = match value.get("access_token") {
        Some(serde_json::Value::String(token)) if !token.is_empty() => token.clone(),
        _ => return Err("the token endpoint's answer has no access_token"),
    };
    match value.get("token_type") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(kind)) if kind.eq_ignore_ascii_case("bearer") => {}
        Some(_) => return Err("the token endpoint gave a token that is not a bearer token"),
    }
    let expires_in = match value.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(Fetched { access_token: Secret::new(token), expires_in })
}

/// The `error` code and a description from an error answer: RFC 6749 §5.2 (`error`, `error_description`), or
/// Twilio's error shape (`code`, `message`). Descriptions are cut at 200 characters.
fn oauth_error(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    let text = |key: &str| match object.get(key) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let code = text("error").or_else(|| text("code"));
    let description = text("error_description").or_else(|| text("message")).map(|d| {
        let mut cut: String = d.chars().take(200).collect();
        if d.chars().count() > 200 {
            cut.push('…');
        }
        cut
    });
    (code, description)
}

#[cfg(test)]
mod tests {
    use super::super::auth::{Credential, Credentials};
    use super::super::loopback::Loopback;
    use super::super::transport::{Body, Config, Request, Transport};
    use super::*;
    use std::net::TcpListener;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const SECRET: &str = "s3cr3t-d0-n0t-l0g";

    fn fetched(token: &str, expires_in: Option<u64>) -> Fetched {
        Fetched { access_token: Secret::new(token.to_owned()), expires_in }
    }

    #[test]
    fn tokens_are_refreshed_a_margin_before_they_expire() {
        let s = Duration::from_secs;
        assert_eq!(schedule(Some(3600)), (s(3570), s(3600)), "30 s before a long-lived token expires");
        assert_eq!(schedule(Some(60)), (s(54), s(60)), "a tenth of a short lifetime");
        assert_eq!(schedule(Some(0)), (s(0), s(0)));
        assert_eq!(schedule(None), (s(3570), s(3600)), "an hour when the server does not say");
        assert_eq!(schedule(Some(u64::MAX)), (s(24 * 3600 - 30), s(24 * 3600)), "a day at most");
        let asked = Instant::now();
        let token = Token::new(fetched("t", Some(100)), asked);
        assert_eq!((token.refresh_at - asked, token.expires_at - asked), (s(90), s(100)));
    }

    #[test]
    fn token_answers_are_read_per_rfc_6749() {
        let ok = parse_token(br#"{"access_token":"abc","token_type":"Bearer","expires_in":3600}"#).unwrap();
        assert_eq!((ok.access_token.expose().as_str(), ok.expires_in), ("abc", Some(3600)));
        let lax = parse_token(br#"{"access_token":"abc","token_type":"bearer","expires_in":"60"}"#).unwrap();
        assert_eq!(lax.expires_in, Some(60));
        assert_eq!(parse_token(br#"{"access_token":"abc"}"#).unwrap().expires_in, None);
        assert_eq!(parse_token(br#"{"access_token":"abc","expires_in":-5}"#).unwrap().expires_in, None);
        assert!(parse_token(br#"{"token_type":"Bearer"}"#).is_err());
        assert!(parse_token(br#"{"access_token":"abc","token_type":"mac"}"#).is_err());
        assert!(parse_token(b"<html>").is_err());
        let (code, description) = oauth_error(br#"{"error":"invalid_client","error_description":"bad secret"}"#);
        assert_eq!((code.as_deref(), description.as_deref()), (Some("invalid_client"), Some("bad secret")));
        let (code, description) = oauth_error(br#"{"code":20003,"message":"Authenticate","status":401}"#);
        assert_eq!((code.as_deref(), description.as_deref()), (Some("20003"), Some("Authenticate")));
        assert_eq!(oauth_error(b"Unauthorized"), (None, None));
    }

    #[test]
    fn the_token_request_is_a_form_with_the_credentials_in_the_body() {
        let credentials = ClientCredentials::new("OQ id".into(), "p&ss=w+rd".into(), "https://a.io/token", &[]);
        assert_eq!(credentials.form(), "grant_type=client_credentials&client_id=OQ%20id&client_secret=p%26ss%3Dw%2Brd");
        let scoped = ClientCredentials::new("id".into(), "s".into(), "https://a.io/token", &["read", "write"]);
        assert_eq!(scoped.form(), "grant_type=client_credentials&scope=read%20write&client_id=id&client_secret=s");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("OQ id") && !shown.contains("p&ss"), "{shown}");
    }

    #[tokio::test]
    async fn the_cache_fetches_once_while_fresh_and_again_when_stale_or_refused() {
        let cache = TokenCache::default();
        let fetches = AtomicUsize::new(0);
        let fetch = |token: &'static str, expires_in: Option<u64>| {
            let fetches = &fetches;
            move || async move {
                fetches.fetch_add(1, Ordering::SeqCst);
                Ok(fetched(token, expires_in))
            }
        };
        assert_eq!(cache.get(fetch("one", Some(3600))).await.unwrap().expose(), "one");
        assert_eq!(cache.get(fetch("two", Some(3600))).await.unwrap().expose(), "one", "fresh: reused");
        assert_eq!(fetches.load(Ordering::SeqCst), 1);

        cache.invalidate(&Secret::new("stale".to_owned())).await;
        assert_eq!(cache.get(fetch("two", Some(3600))).await.unwrap().expose(), "one", "another token: kept");
        cache.invalidate(&Secret::new("one".to_owned())).await;
        assert_eq!(cache.get(fetch("two", Some(0))).await.unwrap().expose(), "two", "refused: fetched again");
        assert_eq!(cache.get(fetch("three", Some(3600))).await.unwrap().expose(), "three", "expired: fetched again");
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_failed_refresh_falls_back_to_a_token_that_has_not_expired() {
        let cache = TokenCache::default();
        let failing = || async { Err(Error::Config { message: "down".into() }) };
        // 10 s: refreshed from 9 s on (a tenth), usable until 10 s.
        *cache.slot.lock().await = Some(Token {
            value: Secret::new("old".into()),
            refresh_at: Instant::now() - Duration::from_secs(1),
            expires_at: Instant::now() + Duration::from_secs(1),
        });
        assert_eq!(cache.get(failing).await.unwrap().expose(), "old");
        cache.slot.lock().await.as_mut().unwrap().expires_at = Instant::now();
        assert!(matches!(cache.get(failing).await, Err(Error::Config { .. })));
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let cache = TokenCache::default();
        let fetches = AtomicUsize::new(0);
        let fetch = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(fetched("shared", Some(3600)))
        };
        let (a, b, c) = tokio::join!(cache.get(fetch), cache.get(fetch), cache.get(fetch));
        assert_eq!([a.unwrap(), b.unwrap(), c.unwrap()].map(|t| t.expose().clone()), ["shared", "shared", "shared"]);
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    // End to end over a loopback server: the transport with an OAuth2 credential against a token endpoint and
    // an API on 127.0.0.1.

    const SECURITY: &[&[&str]] = &[&["oauth"]];

    fn transport(server: &Loopback, token_url: Option<String>, scopes: &[&str]) -> Transport {
        let mut credentials = Credentials::default();
        let client = ClientCredentials::new("OQclient".into(), SECRET.into(), "https://oauth.invalid/token", scopes);
        credentials.set("oauth", Credential::OAuth2(client));
        credentials.set_token_url("oauth", token_url.unwrap_or_else(|| format!("{}/token", server.url)));
        let config = Config {
            timeout: Duration::from_secs(5),
            retry: RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::default() },
            ..Config::new("test/1.0".to_owned())
        };
        Transport::new(config, vec![server.url.clone()], credentials).unwrap()
    }

    fn get(path: &str) -> Request {
        Request {
            operation: "ListThings",
            method: reqwest::Method::GET,
            server: 0,
            path: path.to_owned(),
            query: String::new(),
            headers: Vec::new(),
            accept: "application/json",
            body: Body::None,
            security: SECURITY,
            options: Default::default(),
        }
    }

    fn failure(outcome: Result<super::super::transport::Response, Error>) -> Error {
        match outcome {
            Ok(response) => panic!("the API answered {}", response.status),
            Err(error) => error,
        }
    }

    fn token(value: &str, expires_in: u64) -> (u16, String) {
        (200, format!(r#"{{"access_token":"{value}","token_type":"Bearer","expires_in":{expires_in}}}"#))
    }

    #[tokio::test]
    async fn the_token_is_fetched_with_the_client_credentials_and_reused() {
        let server = Loopback::start(|request, n| match request.path.as_str() {
            "/token" => token(&format!("tok-{n}"), 3600),
            _ => (200, "{}".into()),
        });
        let transport = transport(&server, None, &["read", "write"]);
        for _ in 0..3 {
            assert_eq!(transport.send(get("/things")).await.unwrap().status, 200);
        }
        let tokens = server.seen("/token");
        assert_eq!(tokens.len(), 1, "one token for three calls");
        assert_eq!(tokens[0].content_type.as_deref(), Some("application/x-www-form-urlencoded"));
        assert_eq!(
            tokens[0].body,
            format!("grant_type=client_credentials&scope=read%20write&client_id=OQclient&client_secret={SECRET}")
        );
        assert_eq!(tokens[0].authorization, None, "the credentials are in the body only");
        let calls = server.seen("/things");
        assert!(calls.iter().all(|c| c.authorization.as_deref() == Some("Bearer tok-0")), "{calls:?}");
    }

    #[tokio::test]
    async fn concurrent_requests_share_one_token_fetch() {
        let server = Loopback::start(|request, n| match request.path.as_str() {
            "/token" => {
                std::thread::sleep(Duration::from_millis(50));
                token(&format!("tok-{n}"), 3600)
            }
            _ => (204, String::new()),
        });
        let transport = transport(&server, None, &[]);
        let (a, b, c) = tokio::join!(
            transport.send(get("/things")),
            transport.send(get("/things")),
            transport.send(get("/things"))
        );
        assert!(a.is_ok() && b.is_ok() && c.is_ok());
        assert_eq!(server.seen("/token").len(), 1);
        assert!(server.seen("/token")[0].body.starts_with("grant_type=client_credentials&client_id="), "no scope");
    }

    #[tokio::test]
    async fn an_expired_token_is_fetched_again() {
        let server = Loopback::start(|request, n| match request.path.as_str() {
            "/token" => token(&format!("tok-{n}"), 0),
            _ => (204, String::new()),
        });
        let transport = transport(&server, None, &[]);
        transport.send(get("/things")).await.unwrap();
        transport.send(get("/things")).await.unwrap();
        assert_eq!(server.seen("/token").len(), 2);
        let used: Vec<_> = server.seen("/things").into_iter().map(|c| c.authorization.unwrap()).collect();
        assert_eq!(used, ["Bearer tok-0", "Bearer tok-1"]);
    }

    #[tokio::test]
    async fn a_401_fetches_a_new_token_and_sends_the_request_once_more() {
        // The API accepts only the second token.
        let server = Loopback::start(|request, n| match request.path.as_str() {
            "/token" => token(&format!("tok-{n}"), 3600),
            _ if request.authorization.as_deref() == Some("Bearer tok-1") => (200, "{}".into()),
            _ => (401, r#"{"code":20003,"message":"Authenticate"}"#.into()),
        });
        let transport = transport(&server, None, &[]);
        assert_eq!(transport.send(get("/things")).await.unwrap().status, 200);
        assert_eq!(server.seen("/token").len(), 2);
        assert_eq!(server.seen("/things").len(), 2);
        // The new token is cached.
        assert_eq!(transport.send(get("/things")).await.unwrap().status, 200);
        assert_eq!(server.seen("/token").len(), 2);
    }

    #[tokio::test]
    async fn a_second_401_is_the_answer() {
        let server = Loopback::start(|request, n| match request.path.as_str() {
            "/token" => token(&format!("tok-{n}"), 3600),
            _ => (401, r#"{"code":20003,"message":"Authenticate"}"#.into()),
        });
        let transport = transport(&server, None, &[]);
        let response = transport.send(get("/things")).await.unwrap();
        assert_eq!(response.status, 401);
        assert_eq!(server.seen("/token").len(), 2, "one new token");
        assert_eq!(server.seen("/things").len(), 2, "the request is sent once more, not again and again");
    }

    #[tokio::test]
    async fn a_refused_token_request_is_a_token_error_without_the_secret() {
        let server = Loopback::start(move |request, _| match request.path.as_str() {
            "/token" => (401, format!(r#"{{"error":"invalid_client","error_description":"no client {SECRET}"}}"#)),
            _ => (204, String::new()),
        });
        let transport = transport(&server, None, &[]);
        let error = failure(transport.send(get("/things")).await);
        match &error {
            Error::Token { scheme, status, code, message } => {
                assert_eq!((*scheme, *status, code.as_deref()), ("oauth", Some(401), Some("invalid_client")));
                assert!(message.contains("no client [redacted]"), "{message}");
            }
            other => panic!("not a token error: {other:?}"),
        }
        for shown in [error.to_string(), format!("{error:?}"), format!("{transport:?}")] {
            assert!(!shown.contains(SECRET), "{shown}");
        }
        assert!(error.to_string().contains("401") && error.to_string().contains("invalid_client"), "{error}");
        assert!(server.seen("/things").is_empty(), "nothing is sent to the API without a token");
    }

    #[tokio::test]
    async fn a_token_endpoint_that_is_down_is_a_token_error() {
        let closed = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/token", closed.local_addr().unwrap());
        drop(closed);
        let server = Loopback::start(|_, _| (204, String::new()));
        let transport = transport(&server, Some(url), &[]);
        let error = failure(transport.send(get("/things")).await);
        assert!(matches!(error, Error::Token { status: None, .. }), "{error:?}");
        assert!(error.to_string().contains("oauth"), "{error}");
    }

    #[tokio::test]
    async fn a_redirect_from_the_token_endpoint_is_not_followed() {
        // Every 3xx of the loopback server sends `Location: /elsewhere`.
        let server = Loopback::start(|request, _| match request.path.as_str() {
            "/token" => (307, String::new()),
            "/elsewhere" => token("redirected", 3600),
            _ => (204, String::new()),
        });
        let transport = transport(&server, None, &[]);
        let error = failure(transport.send(get("/things")).await);
        assert!(matches!(error, Error::Token { status: Some(307), .. }), "{error:?}");
        assert_eq!(server.seen("/token").len(), 1);
        assert!(server.seen("/elsewhere").is_empty(), "the credentials went to the redirect's target");
    }

    #[tokio::test]
    async fn a_callers_client_that_follows_the_token_endpoints_redirect_gets_no_token() {
        let server = Loopback::start(|request, _| match request.path.as_str() {
            "/token" => (307, String::new()),
            "/elsewhere" => token("redirected", 3600),
            _ => (204, String::new()),
        });
        let mut credentials = Credentials::default();
        let client = ClientCredentials::new("OQclient".into(), SECRET.into(), "https://oauth.invalid/token", &[]);
        credentials.set("oauth", Credential::OAuth2(client));
        credentials.set_token_url("oauth", format!("{}/token", server.url));
        let config = Config {
            http: Some(reqwest::Client::new()),
            retry: RetryPolicy::none(),
            ..Config::new("test/1.0".to_owned())
        };
        let transport = Transport::new(config, vec![server.url.clone()], credentials).unwrap();
        let error = failure(transport.send(get("/things")).await);
        assert!(matches!(&error, Error::Token { status: None, .. }), "{error:?}");
        assert!(error.to_string().contains("redirect") && !error.to_string().contains(SECRET), "{error}");
        assert!(server.seen("/things").is_empty(), "the redirected token was not used");
    }

    #[tokio::test]
    async fn the_token_never_shows_in_debug() {
        let server = Loopback::start(|request, _| match request.path.as_str() {
            "/token" => token("TOKENd0n0tl0g", 3600),
            _ => (204, String::new()),
        });
        let transport = transport(&server, None, &[]);
        transport.send(get("/things")).await.unwrap();
        let shown = format!("{transport:?}");
        assert!(!shown.contains("TOKENd0n0tl0g") && !shown.contains(SECRET), "{shown}");
        assert!(shown.contains("OQclient") && shown.contains("/token"), "{shown}");
    }
}
