//! Failures of the server and the network: each gives the documented error kind, and retries
//! happen exactly where the retry policy allows them (counted on the server side).

use client_tests::{bounded, builder_for, fixture, Reply, TestServer, TWILIO_404};
use std::time::{Duration, Instant};
use twilio_vobiz_credentials::models::{NotifyCredentialType, TwilioError, VobizError};
use twilio_vobiz_credentials::sid::CredentialSid;
use twilio_vobiz_credentials::{ApiError, ApiErrorBody, Client, Error, RetryPolicy, Server};

const TWILIO_500: &str = r#"{"code": 20500, "message": "An internal server error has occurred", "more_info": "https://www.twilio.com/docs/errors/20500", "status": 500}"#;

fn sid() -> CredentialSid {
    "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse().unwrap()
}

/// Retries with short waits, so retry tests stay fast.
fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        ..RetryPolicy::default()
    }
}

fn client(server: &TestServer, policy: RetryPolicy) -> Client {
    builder_for(server).retry_policy(policy).build().unwrap()
}

/// The API error inside `result`, or a panic naming what came instead.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Box<ApiError> {
    match result {
        Err(Error::Api(api)) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// A GET: fetches a Notify credential.
async fn get(client: &Client) -> Result<twilio_vobiz_credentials::models::NotifyCredential, Error> {
    bounded(client.notify().credential(&sid()).fetch().send()).await
}

/// A POST: creates a Notify credential.
async fn post(client: &Client) -> Result<twilio_vobiz_credentials::models::NotifyCredential, Error> {
    bounded(client.notify().credentials().create(NotifyCredentialType::Gcm).send()).await
}

#[tokio::test]
async fn a_500_is_an_api_error_with_the_twilio_body_and_is_not_retried() {
    let server = TestServer::start(|_, _| Reply::json(500, TWILIO_500)).await;
    let error = get(&client(&server, RetryPolicy::default())).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    let api = api_error::<()>(Err(error));
    assert_eq!(api.status, 500);
    let mut expected = TwilioError::new(20500, "An internal server error has occurred".to_owned());
    expected.more_info = Some("https://www.twilio.com/docs/errors/20500".to_owned());
    expected.status = Some(500);
    assert_eq!(api.body, ApiErrorBody::TwilioError(expected));
    assert_eq!(server.requests().len(), 1, "a 500 must not be retried");
}

#[tokio::test]
async fn a_404_on_delete_decodes_the_twilio_error() {
    let server = TestServer::start(|_, _| Reply::json(404, TWILIO_404)).await;
    let api =
        api_error(bounded(client(&server, RetryPolicy::default()).notify().credential(&sid()).delete().send()).await);
    match &api.body {
        ApiErrorBody::TwilioError(body) => {
            assert_eq!((body.code, body.status), (20404, Some(404)));
            assert!(body.message.contains("was not found"), "{}", body.message);
        }
        other => panic!("expected a Twilio error body, got {other:?}"),
    }
    assert!(Error::Api(api).to_string().contains("20404"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_503_on_get_is_retried_and_then_succeeds() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, TWILIO_500),
        _ => Reply::json(200, fixture("notify_fetch")),
    })
    .await;
    let credential = get(&client(&server, quick_retries())).await.unwrap();
    assert_eq!(credential.r#type, Some(NotifyCredentialType::Apn));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_503_on_delete_is_retried_and_then_succeeds() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::empty(503),
        _ => Reply::empty(204),
    })
    .await;
    bounded(client(&server, quick_retries()).notify().credential(&sid()).delete().send()).await.unwrap();
    let methods: Vec<String> = server.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["DELETE", "DELETE"]);
}

#[tokio::test]
async fn a_503_on_post_is_not_retried() {
    let server = TestServer::start(|_, _| Reply::empty(503)).await;
    let api = api_error(post(&client(&server, quick_retries())).await);
    assert_eq!(api.status, 503);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = TestServer::start(|_, _| Reply::empty(503)).await;
    let api = api_error(get(&client(&server, quick_retries())).await);
    assert_eq!(api.status, 503);
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn a_429_with_retry_after_waits_that_long_then_succeeds() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(429, r#"{"code": 20429, "message": "Too Many Requests"}"#).with_header("Retry-After", "1"),
        _ => Reply::json(200, fixture("notify_fetch")),
    })
    .await;
    let client = client(&server, quick_retries());
    let started = Instant::now();
    get(&client).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(server.requests().len(), 2);
    assert!(elapsed >= Duration::from_millis(950), "retried after {elapsed:?}, before Retry-After");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn a_429_on_post_is_retried() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::empty(429).with_header("Retry-After", "0"),
        _ => Reply::json(201, fixture("notify_create")),
    })
    .await;
    post(&client(&server, quick_retries())).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_http_date_in_the_past_retries_at_once() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::empty(503).with_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
        _ => Reply::json(200, fixture("notify_fetch")),
    })
    .await;
    let policy = RetryPolicy {
        initial_backoff: Duration::from_secs(30),
        max_backoff: Duration::from_secs(30),
        ..RetryPolicy::default()
    };
    let started = Instant::now();
    get(&client(&server, policy)).await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert!(started.elapsed() < Duration::from_secs(5), "waited the backoff instead of the Retry-After date");
}

#[tokio::test]
async fn a_retry_after_beyond_the_maximum_returns_the_429_at_once() {
    let server = TestServer::start(|_, _| Reply::empty(429).with_header("Retry-After", "120")).await;
    let started = Instant::now();
    let api = api_error(get(&client(&server, RetryPolicy::default())).await);
    assert_eq!(api.status, 429);
    assert_eq!(api.retry_after, Some(Duration::from_secs(120)));
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn malformed_json_on_200_is_a_decode_error_with_an_excerpt() {
    let server =
        TestServer::start(|_, _| Reply::json(200, r#"{"sid": "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "type": "#)).await;
    match get(&client(&server, RetryPolicy::none())).await {
        Err(Error::Decode { status, message, excerpt }) => {
            assert_eq!(status, 200);
            assert!(!message.is_empty());
            assert!(excerpt.starts_with(r#"{"sid": "CRaaaa"#), "{excerpt:?}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_long_malformed_body_is_excerpted_not_copied_whole() {
    let body = format!("<{}>", "x".repeat(10_000));
    let server = TestServer::start(move |_, _| Reply::text(200, "application/json", body.clone())).await;
    match get(&client(&server, RetryPolicy::none())).await {
        Err(Error::Decode { excerpt, .. }) => {
            assert!(excerpt.starts_with("<xxx"), "{excerpt:?}");
            assert!(excerpt.chars().count() < 1_000, "excerpt of {} characters", excerpt.chars().count());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_body_on_200_is_a_decode_error() {
    let server = TestServer::start(|_, _| Reply::empty(200)).await;
    match get(&client(&server, RetryPolicy::none())).await {
        Err(Error::Decode { status: 200, excerpt, .. }) => assert_eq!(excerpt, ""),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_or_decode_error() {
    let body = fixture("notify_fetch");
    let sent = body.as_bytes()[..body.len() / 2].to_vec();
    let declared = body.len();
    let server = TestServer::start(move |_, _| Reply::Truncated { status: 200, declared, body: sent.clone() }).await;
    match get(&client(&server, RetryPolicy::none())).await {
        Err(Error::Transport { connect, .. }) => assert!(!connect, "the connection was established"),
        Err(Error::Decode { .. }) => {}
        other => panic!("expected Transport or Decode, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_html_502_without_retries_is_an_api_error_with_the_raw_page() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
    let server = TestServer::start(move |_, _| Reply::text(502, "text/html", page)).await;
    let api = api_error(get(&client(&server, RetryPolicy::none())).await);
    assert_eq!(api.status, 502);
    assert_eq!(api.body, ApiErrorBody::Raw(page.to_owned()));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_slow_response_past_the_timeout_is_a_timeout() {
    let server =
        TestServer::start(|_, _| Reply::json(200, fixture("notify_fetch")).after(Duration::from_secs(3))).await;
    let client =
        builder_for(&server).timeout(Duration::from_millis(200)).retry_policy(RetryPolicy::none()).build().unwrap();
    let started = Instant::now();
    match get(&client).await {
        Err(Error::Timeout { connect: false, total: false }) => {}
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2), "gave up after {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn timeouts_on_get_are_retried_and_on_post_are_not() {
    let server = TestServer::start(|_, _| Reply::empty(204).after(Duration::from_secs(3))).await;
    let client =
        builder_for(&server).timeout(Duration::from_millis(300)).retry_policy(quick_retries()).build().unwrap();
    assert!(matches!(get(&client).await, Err(Error::Timeout { connect: false, total: false })));
    assert_eq!(server.requests().len(), 3);
    assert!(matches!(post(&client).await, Err(Error::Timeout { connect: false, total: false })));
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn a_connection_closed_before_the_response_is_retried_on_get() {
    let server = TestServer::start(|_, _| Reply::Close).await;
    match get(&client(&server, RetryPolicy::default())).await {
        Err(Error::Transport { connect, .. }) => assert!(!connect),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3, "one attempt and the default two retries");
}

#[tokio::test]
async fn a_connection_closed_mid_response_is_retried_on_get() {
    let server = TestServer::start(|_, _| Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec())).await;
    match get(&client(&server, RetryPolicy::default())).await {
        Err(Error::Transport { connect, .. }) => assert!(!connect),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3, "one attempt and the default two retries");
}

#[tokio::test]
async fn a_closed_connection_then_an_answer_succeeds() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::Close,
        _ => Reply::json(200, fixture("notify_list")),
    })
    .await;
    let page = bounded(client(&server, quick_retries()).notify().credentials().list().send()).await.unwrap();
    assert_eq!(page.credentials.len(), 1);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_connection_closed_after_a_post_was_sent_is_not_retried() {
    let server = TestServer::start(|_, _| Reply::Close).await;
    assert!(matches!(post(&client(&server, quick_retries())).await, Err(Error::Transport { .. })));
    assert_eq!(server.requests().len(), 1, "the POST may have been processed");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::builder()
        .server_url(Server::Notify, format!("http://{address}"))
        .twilio_basic("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "token")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    match get(&client).await {
        Err(Error::Transport { connect, .. }) => assert!(connect, "nothing was sent"),
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn a_vobiz_error_body_is_decoded() {
    let body = r#"{"status": "error", "error": {"code": "UNAUTHORIZED", "message": "Invalid authentication credentials", "details": {"header": "X-Auth-Token"}}, "timestamp": "2025-01-15T10:35:20Z", "requestId": "req-7f3a"}"#;
    let server = TestServer::start(move |_, _| Reply::json(401, body)).await;
    let result =
        bounded(client(&server, RetryPolicy::default()).vobiz().account("MA123").trunks().credentials().list().send())
            .await;
    let api = api_error(result);
    assert_eq!(api.status, 401);
    let ApiErrorBody::VobizError(VobizError { status, error, timestamp, request_id, .. }) = &api.body else {
        panic!("expected a Vobiz error body, got {:?}", api.body);
    };
    assert_eq!(status.as_deref(), Some("error"));
    assert_eq!(request_id.as_deref(), Some("req-7f3a"));
    assert_eq!(timestamp.map(|t| t.unix_seconds()), Some(1_736_937_320));
    let detail = error.as_ref().unwrap();
    assert_eq!(detail.code.as_deref(), Some("UNAUTHORIZED"));
    assert_eq!(detail.message.as_deref(), Some("Invalid authentication credentials"));
    assert_eq!(detail.details.as_ref().unwrap()["header"], "X-Auth-Token");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_error_body_of_another_shape_is_kept_raw() {
    let server = TestServer::start(|_, _| Reply::text(500, "text/plain", "upstream connect error")).await;
    let result =
        bounded(client(&server, RetryPolicy::none()).vobiz().account("MA123").trunks().credentials().list().send())
            .await;
    assert_eq!(api_error(result).body, ApiErrorBody::Raw("upstream connect error".to_owned()));

    // A Twilio error without its required `code` is not a TwilioError.
    let server = TestServer::start(|_, _| Reply::json(400, r#"{"message": "Bad request"}"#)).await;
    let api = api_error(get(&client(&server, RetryPolicy::none())).await);
    assert_eq!(api.body, ApiErrorBody::Raw(r#"{"message": "Bad request"}"#.to_owned()));
}

/// A listener whose accept queue is full, so that a further connection attempt gets no answer
/// until the client's connect timeout. The queue stays full while this value lives.
struct Unanswered {
    address: std::net::SocketAddr,
    _listener: tokio::net::TcpListener,
    _queued: Vec<tokio::net::TcpStream>,
}

async fn unanswered() -> Unanswered {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    while let Ok(Ok(stream)) =
        tokio::time::timeout(Duration::from_millis(200), tokio::net::TcpStream::connect(address)).await
    {
        queued.push(stream);
        assert!(queued.len() < 64, "the accept queue does not fill up");
    }
    Unanswered { address, _listener: listener, _queued: queued }
}

fn connect_timeout_client(address: std::net::SocketAddr) -> Client {
    Client::builder()
        .server_url(Server::Notify, format!("http://{address}"))
        .twilio_basic("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "token")
        .connect_timeout(Duration::from_millis(200))
        .retry_policy(quick_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_connect_timeout_is_a_timeout_and_is_retried_on_get() {
    let unanswered = unanswered().await;
    let started = Instant::now();
    assert!(matches!(
        get(&connect_timeout_client(unanswered.address)).await,
        Err(Error::Timeout { connect: true, total: false })
    ));
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(600), "three attempts of 200 ms each, gave up after {elapsed:?}");
}

/// `RetryPolicy` documents that POST is retried "on connection failures where the request never
/// left"; a connect timeout is one.
#[tokio::test]
async fn a_connect_timeout_on_post_is_retried_as_nothing_was_sent() {
    let unanswered = unanswered().await;
    let started = Instant::now();
    let result = post(&connect_timeout_client(unanswered.address)).await;
    assert!(matches!(result, Err(Error::Timeout { connect: true, total: false })), "{result:?}");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(600), "three attempts of 200 ms each, gave up after {elapsed:?}");
}
