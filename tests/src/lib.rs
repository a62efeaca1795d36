//! Test support for the generated client: a scripted HTTP/1.1 server on 127.0.0.1.
//!
//! [`TestServer::start`] binds a real socket on `127.0.0.1:0` and serves every connection in a
//! background task. Each request is parsed (request line, headers, a body delimited by
//! `Content-Length`), appended to a log the test reads with [`TestServer::requests`], and answered
//! with the [`Reply`] the handler returns for it. Connections are kept alive until the client closes
//! them or a fault reply ends them, so a pooled client sends several requests over one connection.
//!
//! The server understands only what the client under test sends: no chunked request bodies, no
//! `Expect: 100-continue`.
//!
//! ```no_run
//! # async fn demo() {
//! use client_tests::{Reply, TestServer};
//! let server = TestServer::start(|_request, index| match index {
//!     0 => Reply::empty(503),
//!     _ => Reply::json(200, r#"{"ok":true}"#),
//! })
//! .await;
//! // ... point a client at server.url(), call it ...
//! assert_eq!(server.requests().len(), 2);
//! # }
//! ```

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use twilio_vobiz_credentials::ClientBuilder;

/// One request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target up to `?`, exactly as sent (still percent-encoded).
    pub path: String,
    /// The raw query string after `?`; empty when there is none.
    pub query: String,
    /// Header names lowercased, values trimmed, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes (as many as `Content-Length` announced).
    pub body: Vec<u8>,
    /// Which connection it came on, counting accepted connections from 0.
    pub connection: usize,
}

impl Request {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Path and query as they appeared in the request line.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

/// What the server does with a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response. `Content-Length` is set from the body.
    Full {
        /// The HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Waits, then does the inner reply.
    Delayed(Duration, Box<Reply>),
    /// Closes the connection without answering.
    Close,
    /// Sends the status line and a `Content-Length` of `declared`, then only `body`, then closes.
    Truncated {
        /// The HTTP status.
        status: u16,
        /// The announced body length; larger than `body.len()`.
        declared: usize,
        /// The bytes actually sent.
        body: Vec<u8>,
    },
    /// Sends these bytes as they are, then closes.
    Raw(Vec<u8>),
}

impl Reply {
    /// `status` with no body.
    pub fn empty(status: u16) -> Reply {
        Reply::Full { status, headers: Vec::new(), body: Vec::new() }
    }

    /// `status` with a JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply::text(status, "application/json", body)
    }

    /// `status` with a body of the given content type.
    pub fn text(status: u16, content_type: &str, body: impl Into<String>) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into().into_bytes(),
        }
    }

    /// Adds a header to a [`Reply::Full`] (other replies are returned unchanged).
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// This reply, sent after `delay`.
    pub fn after(self, delay: Duration) -> Reply {
        Reply::Delayed(delay, Box::new(self))
    }
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

/// A scripted HTTP/1.1 server on 127.0.0.1. Stops accepting when dropped.
pub struct TestServer {
    url: String,
    log: Arc<Mutex<Vec<Request>>>,
    accept: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server that answers each request with `handler(request, index)`, where `index`
    /// counts requests from 0 across all connections.
    pub async fn start<F>(handler: F) -> TestServer
    where
        F: Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let accept = tokio::spawn({
            let log = Arc::clone(&log);
            async move {
                let mut connection = 0;
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(serve(stream, connection, Arc::clone(&handler), Arc::clone(&log)));
                    connection += 1;
                }
            }
        });
        TestServer { url, log, accept }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// `127.0.0.1:PORT`, as a client sends it in `Host`.
    pub fn authority(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Serves one connection until the client closes it or a reply ends it.
async fn serve(mut stream: TcpStream, connection: usize, handler: Arc<Handler>, log: Arc<Mutex<Vec<Request>>>) {
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer, connection).await {
        let index = {
            let mut log = log.lock().unwrap();
            log.push(request.clone());
            log.len() - 1
        };
        let reply = handler(&request, index);
        if !send(&mut stream, reply).await {
            return;
        }
    }
}

/// Reads one request; `None` when the connection ends or the request does not parse.
/// Bytes after the request stay in `buffer` for the next one.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>, connection: usize) -> Option<Request> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if !fill(stream, buffer).await {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target) = (parts.next()?.to_owned(), parts.next()?);
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (target.to_owned(), String::new()),
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map_or(Some(0), |(_, value)| value.parse::<usize>().ok())?;
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        if !fill(stream, buffer).await {
            return None;
        }
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Request { method, path, query, headers, body, connection })
}

/// Appends what the socket has to `buffer`; false at end of stream or on an error.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 4096];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

/// Carries out `reply`; true when the connection stays open for another request.
async fn send(stream: &mut TcpStream, reply: Reply) -> bool {
    let mut reply = reply;
    while let Reply::Delayed(delay, inner) = reply {
        tokio::time::sleep(delay).await;
        reply = *inner;
    }
    match reply {
        Reply::Full { status, headers, body } => {
            let mut out = status_line(status);
            for (name, value) in &headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            let mut bytes = out.into_bytes();
            bytes.extend_from_slice(&body);
            stream.write_all(&bytes).await.is_ok()
        }
        Reply::Truncated { status, declared, body } => {
            let mut bytes = format!("{}Content-Length: {declared}\r\n\r\n", status_line(status)).into_bytes();
            bytes.extend_from_slice(&body);
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            false
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            false
        }
        Reply::Close => false,
        Reply::Delayed(..) => unreachable!("delays are unwrapped above"),
    }
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

/// The text of `tests/fixtures/examples/{name}.json`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// Account SID the test clients authenticate with.
pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// Auth token the test clients authenticate with.
pub const AUTH_TOKEN: &str = "token";
/// Vobiz Auth ID of the test clients.
pub const VOBIZ_AUTH_ID: &str = "MA_TEST_AUTH_ID";
/// Vobiz Auth Token of the test clients.
pub const VOBIZ_AUTH_TOKEN: &str = "vobiz-token";

/// A builder sending every server's operations to `server`, with the test credentials of both
/// vendors.
pub fn builder_for(server: &TestServer) -> ClientBuilder {
    twilio_vobiz_credentials::Client::builder()
        .base_url(server.url())
        .twilio_basic(ACCOUNT_SID, AUTH_TOKEN)
        .vobiz_auth_id(VOBIZ_AUTH_ID)
        .vobiz_auth_token(VOBIZ_AUTH_TOKEN)
}

/// IDs the tests send, one of each type.
pub const TRUNK: &str = "TK0123456789abcdef0123456789abcdef";
/// See [`TRUNK`].
pub const CREDENTIAL_LIST: &str = "CLfedcba9876543210fedcba9876543210";
/// See [`TRUNK`].
pub const CREDENTIAL: &str = "CR00112233445566778899aabbccddeeff";

/// Twilio's 404 body, as its documentation shows it.
pub const TWILIO_404: &str = r#"{"code": 20404, "message": "The requested resource /Credentials/CRxx was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#;

/// [`TRUNK`] as its type.
pub fn trunk() -> twilio_vobiz_credentials::sid::TrunkSid {
    TRUNK.parse().expect("a valid TrunkSid")
}

/// [`CREDENTIAL_LIST`] as its type.
pub fn credential_list() -> twilio_vobiz_credentials::sid::CredentialListSid {
    CREDENTIAL_LIST.parse().expect("a valid CredentialListSid")
}

/// [`CREDENTIAL`] as its type.
pub fn credential() -> twilio_vobiz_credentials::sid::CredentialSid {
    CREDENTIAL.parse().expect("a valid CredentialSid")
}

/// Runs `future`, failing the test if it takes longer than 10 s.
pub async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future).await.expect("the call did not finish within 10 s")
}

/// The code examples of README.md, compiled (and type-checked against the generated crate) as doc tests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;

/// Calls the generated API refuses at compile time, as doc tests that must fail with the named error.
#[cfg(doctest)]
pub mod compile_fail;
