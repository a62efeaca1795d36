//! Options of the client and of single requests, over a real socket: one base URL for every area, per-request
//! timeouts and headers, the total timeout across retries, response metadata on success and on error, error
//! codes and sources, and a caller's own HTTP client.

use client_tests::{
    bounded, builder_for, credential, credential_list, fixture, trunk, Reply, Request, TestServer, ACCOUNT_SID,
    CREDENTIAL, CREDENTIAL_LIST, TRUNK, TWILIO_404, VOBIZ_AUTH_ID,
};
use std::error::Error as _;
use std::time::{Duration, Instant};
use twilio_vobiz_credentials::models::NotifyCredentialType;
use twilio_vobiz_credentials::{Client, Error, RetryPolicy, Server};

/// Answers each operation of the spec with its documented answer, by method and path.
fn every_operation(request: &Request, _: usize) -> Reply {
    let trunk_lists = format!("/v1/Trunks/{TRUNK}/CredentialLists");
    let trunk_list = format!("{trunk_lists}/{CREDENTIAL_LIST}");
    let public_key = format!("/v1/Credentials/PublicKeys/{CREDENTIAL}");
    let notify_credential = format!("/v1/Credentials/{CREDENTIAL}");
    let vobiz = format!("/api/v1/account/{VOBIZ_AUTH_ID}/trunks/credentials");
    let path = request.path.as_str();
    match request.method.as_str() {
        "DELETE" => Reply::empty(204),
        "GET" if path == trunk_lists => Reply::json(200, fixture("trunking_list")),
        "POST" if path == trunk_lists => Reply::json(201, fixture("trunking_create")),
        "GET" if path == trunk_list => Reply::json(200, fixture("trunking_create")),
        "GET" if path == "/v1/Credentials/PublicKeys" => Reply::json(200, fixture("accounts_list")),
        "POST" if path == "/v1/Credentials/PublicKeys" => Reply::json(201, fixture("accounts_create")),
        "GET" if path == public_key => Reply::json(200, fixture("accounts_fetch")),
        "POST" if path == public_key => Reply::json(200, fixture("accounts_update")),
        "GET" if path == "/v1/Credentials" => Reply::json(200, fixture("notify_list")),
        "POST" if path == "/v1/Credentials" => Reply::json(201, fixture("notify_create")),
        "GET" if path == notify_credential => Reply::json(200, fixture("notify_fetch")),
        "POST" if path == notify_credential => Reply::json(200, fixture("notify_update")),
        "GET" if path == vobiz => Reply::json(200, fixture("vobiz_list")),
        _ => Reply::json(404, TWILIO_404),
    }
}

#[tokio::test]
async fn one_base_url_sends_every_operation_of_every_area_to_one_server() {
    let server = TestServer::start(every_operation).await;
    let client = builder_for(&server).retry_policy(RetryPolicy::none()).build().unwrap();
    for &target in Server::ALL {
        assert_eq!(client.base_url(target), server.url(), "{target:?}");
    }

    let trunking = client.trunking().trunk(&trunk());
    let page = bounded(trunking.credential_lists().list().send()).await.unwrap();
    assert_eq!(page.credential_lists.len(), 1);
    let created = bounded(trunking.credential_lists().create(credential_list()).send()).await.unwrap();
    assert!(created.sid.is_some());
    let fetched = bounded(trunking.credential_list(&credential_list()).fetch().send()).await.unwrap();
    assert_eq!(fetched.friendly_name.as_deref(), Some("friendly_name"));
    bounded(trunking.credential_list(&credential_list()).delete().send()).await.unwrap();

    let keys = client.accounts().credentials();
    let page = bounded(keys.public_keys().list().send()).await.unwrap();
    assert!(page.credentials.is_empty());
    let created = bounded(keys.public_keys().create("key").send()).await.unwrap();
    assert!(created.sid.is_some());
    let fetched = bounded(keys.public_key(&credential()).fetch().send()).await.unwrap();
    assert_eq!(fetched.account_sid.unwrap().as_str(), ACCOUNT_SID);
    let updated = bounded(keys.public_key(&credential()).update().friendly_name("FriendlyName").send()).await.unwrap();
    assert_eq!(updated.friendly_name.as_deref(), Some("FriendlyName"));
    bounded(keys.public_key(&credential()).delete().send()).await.unwrap();

    let notify = client.notify();
    let page = bounded(notify.credentials().list().send()).await.unwrap();
    assert_eq!(page.credentials.len(), 1);
    let created = bounded(notify.credentials().create(NotifyCredentialType::Fcm).send()).await.unwrap();
    assert_eq!(created.r#type, Some(NotifyCredentialType::Gcm));
    let fetched = bounded(notify.credential(&credential()).fetch().send()).await.unwrap();
    assert_eq!(fetched.r#type, Some(NotifyCredentialType::Apn));
    let updated =
        bounded(notify.credential(&credential()).update().friendly_name("FriendlyName").send()).await.unwrap();
    assert_eq!(updated.friendly_name.as_deref(), Some("FriendlyName"));
    bounded(notify.credential(&credential()).delete().send()).await.unwrap();

    let page = bounded(client.vobiz().account(VOBIZ_AUTH_ID).trunks().credentials().list().send()).await.unwrap();
    assert_eq!(page.objects.len(), 3);

    let requests = server.requests();
    let lines: Vec<String> = requests.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(
        lines,
        [
            format!("GET /v1/Trunks/{TRUNK}/CredentialLists"),
            format!("POST /v1/Trunks/{TRUNK}/CredentialLists"),
            format!("GET /v1/Trunks/{TRUNK}/CredentialLists/{CREDENTIAL_LIST}"),
            format!("DELETE /v1/Trunks/{TRUNK}/CredentialLists/{CREDENTIAL_LIST}"),
            "GET /v1/Credentials/PublicKeys".to_owned(),
            "POST /v1/Credentials/PublicKeys".to_owned(),
            format!("GET /v1/Credentials/PublicKeys/{CREDENTIAL}"),
            format!("POST /v1/Credentials/PublicKeys/{CREDENTIAL}"),
            format!("DELETE /v1/Credentials/PublicKeys/{CREDENTIAL}"),
            "GET /v1/Credentials".to_owned(),
            "POST /v1/Credentials".to_owned(),
            format!("GET /v1/Credentials/{CREDENTIAL}"),
            format!("POST /v1/Credentials/{CREDENTIAL}"),
            format!("DELETE /v1/Credentials/{CREDENTIAL}"),
            format!("GET /api/v1/account/{VOBIZ_AUTH_ID}/trunks/credentials"),
        ],
        "the 15 operations of the spec, each once"
    );
    for request in &requests {
        assert_eq!(request.header("host"), Some(server.authority()), "{request:?}");
    }
}

#[tokio::test]
async fn base_url_then_server_url_overrides_one_server_only() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:1/all/")
        .server_url(Server::Vobiz, "http://127.0.0.1:2")
        .build()
        .unwrap();
    assert_eq!(client.base_url(Server::Trunking), "http://127.0.0.1:1/all");
    assert_eq!(client.base_url(Server::Accounts), "http://127.0.0.1:1/all");
    assert_eq!(client.base_url(Server::Notify), "http://127.0.0.1:1/all");
    assert_eq!(client.base_url(Server::Vobiz), "http://127.0.0.1:2");

    // base_url replaces every server's URL, one set before with server_url too.
    let client = Client::builder()
        .server_url(Server::Vobiz, "http://127.0.0.1:2")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    assert_eq!(client.base_url(Server::Vobiz), "http://127.0.0.1:1");

    match Client::builder().base_url("not a url").build() {
        Err(Error::Config { message }) => assert!(message.contains("base URL"), "{message}"),
        other => panic!("expected Config, got {other:?}"),
    }
}

// ---- Per-request options ----

#[tokio::test]
async fn with_timeout_limits_that_request_only() {
    let server =
        TestServer::start(|_, _| Reply::json(200, fixture("notify_fetch")).after(Duration::from_millis(700))).await;
    let client = builder_for(&server).retry_policy(RetryPolicy::none()).build().unwrap();
    let fetch = || client.notify().credential(&credential()).fetch();

    let started = Instant::now();
    let error = bounded(fetch().with_timeout(Duration::from_millis(150)).send()).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { connect: false, total: false }), "{error:?}");
    assert!(error.is_timeout());
    assert!(started.elapsed() < Duration::from_millis(650), "gave up after {:?}", started.elapsed());

    // The next request of the same client has the client's timeout (30 s) again.
    let fetched = bounded(fetch().send()).await.unwrap();
    assert_eq!(fetched.r#type, Some(NotifyCredentialType::Apn));

    // And a longer timeout on one request overrides a shorter one of the client.
    let short =
        builder_for(&server).timeout(Duration::from_millis(150)).retry_policy(RetryPolicy::none()).build().unwrap();
    let error = bounded(short.notify().credential(&credential()).fetch().send()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    bounded(short.notify().credential(&credential()).fetch().with_timeout(Duration::from_secs(5)).send())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn with_timeout_applies_to_every_page_of_a_list() {
    let server = TestServer::start(|request, index| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        let reply = Reply::json(
            200,
            format!(
                r#"{{"credentials": [{{"sid": "CR{index:032x}"}}], "meta": {{"next_page_url": "{base}/v1/Credentials?Page={}"}}}}"#,
                index + 1
            ),
        );
        // The second page is slow.
        if index == 1 {
            reply.after(Duration::from_millis(700))
        } else {
            reply
        }
    })
    .await;
    let client = builder_for(&server).retry_policy(RetryPolicy::none()).build().unwrap();
    let mut items = client.notify().credentials().list().with_timeout(Duration::from_millis(150)).items();
    assert!(bounded(items.try_next()).await.unwrap().is_some());
    let error = bounded(items.try_next()).await.unwrap_err();
    assert!(error.is_timeout(), "the next page has the request's timeout: {error:?}");
}

#[tokio::test]
async fn with_header_is_sent_with_that_request_and_its_pages_only() {
    let server = TestServer::start(|request, index| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        let next = if index == 0 { format!(r#""{base}/v1/Credentials?Page=1""#) } else { "null".to_owned() };
        Reply::json(
            200,
            format!(r#"{{"credentials": [{{"sid": "CR{index:032x}"}}], "meta": {{"next_page_url": {next}}}}}"#),
        )
    })
    .await;
    let client = builder_for(&server).build().unwrap();
    let request = client
        .notify()
        .credentials()
        .list()
        .with_header("X-Request-Tag", "tag 1")
        .with_header("Idempotency-Key", "abc-123");
    let items = bounded(request.items().collect_all()).await.unwrap();
    assert_eq!(items.len(), 2);
    bounded(client.notify().credentials().list().send()).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests[..2] {
        assert_eq!(request.header("x-request-tag"), Some("tag 1"), "{request:?}");
        assert_eq!(request.header("idempotency-key"), Some("abc-123"), "{request:?}");
    }
    assert_eq!(requests[2].header("x-request-tag"), None, "a header of one request is not the client's");
}

#[tokio::test]
async fn with_header_replaces_the_requests_header_but_not_the_credentials() {
    let server = TestServer::start(|_, _| Reply::empty(204)).await;
    let client = builder_for(&server).build().unwrap();
    let delete = client
        .notify()
        .credential(&credential())
        .delete()
        .with_header("Accept", "application/json; charset=utf-8")
        .with_header("Authorization", "Bearer not-the-credentials")
        .with_header("X-Auth-Token", "not-the-vobiz-token");
    bounded(delete.send()).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("accept"), Some("application/json; charset=utf-8"));
    assert!(request.header("authorization").unwrap().starts_with("Basic "), "{request:?}");
    let authorizations = request.headers.iter().filter(|(name, _)| name == "authorization").count();
    assert_eq!(authorizations, 1);
    // Twilio operations carry no Vobiz credential, so the caller's header of that name goes through.
    assert_eq!(request.header("x-auth-token"), Some("not-the-vobiz-token"));

    let vobiz =
        client.vobiz().account(VOBIZ_AUTH_ID).trunks().credentials().list().with_header("X-Auth-Token", "forged");
    let _ = bounded(vobiz.send()).await;
    assert_eq!(server.requests()[1].header("x-auth-token"), Some(client_tests::VOBIZ_AUTH_TOKEN));
}

#[tokio::test]
async fn an_invalid_header_is_refused_before_sending_without_its_value() {
    let server = TestServer::start(|_, _| Reply::empty(204)).await;
    let client = builder_for(&server).build().unwrap();
    let bad_name = client.notify().credential(&credential()).delete().with_header("Bad Name", "v");
    match bounded(bad_name.send()).await {
        Err(Error::InvalidInput { parameter: "header", message }) => assert!(message.contains("Bad Name"), "{message}"),
        other => panic!("expected InvalidInput for the header, got {other:?}"),
    }
    let bad_value = client.notify().credential(&credential()).delete().with_header("X-Secret", "line\nbreak-s3cr3t");
    match bounded(bad_value.send()).await {
        Err(error @ Error::InvalidInput { parameter: "header", .. }) => {
            let shown = format!("{error} {error:?}");
            assert!(shown.contains("X-Secret") || shown.contains("x-secret"), "{shown}");
            assert!(!shown.contains("s3cr3t"), "the value is not repeated: {shown}");
        }
        other => panic!("expected InvalidInput for the header, got {other:?}"),
    }
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn params_reads_and_with_params_replaces_the_parameters() {
    use twilio_vobiz_credentials::notify::ListCredentialParams;
    let server = TestServer::start(|_, _| Reply::json(200, fixture("notify_list"))).await;
    let client = builder_for(&server).build().unwrap();
    let request = client.notify().credentials().list().page_size(5).page_token("PT1");
    assert_eq!(request.params().page_size, Some(5));
    assert_eq!(request.params().page_token.as_deref(), Some("PT1"));
    let mut params = ListCredentialParams::default();
    params.page = Some(3);
    let request = request.with_params(params.clone());
    assert_eq!(*request.params(), params, "every parameter is replaced");
    bounded(request.send()).await.unwrap();
    assert_eq!(server.requests()[0].query, "Page=3");
}

// ---- Total timeout ----

#[tokio::test]
async fn the_total_timeout_ends_a_call_that_keeps_being_retried() {
    let server = TestServer::start(|_, _| Reply::empty(503)).await;
    let retries = RetryPolicy {
        max_retries: 10,
        initial_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_millis(200),
        ..RetryPolicy::default()
    };
    let client =
        builder_for(&server).retry_policy(retries.clone()).total_timeout(Duration::from_millis(500)).build().unwrap();
    let started = Instant::now();
    let error = bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Timeout { total: true, .. }), "{error:?}");
    assert!(error.to_string().contains("total"), "{error}");
    assert!(elapsed < Duration::from_millis(1500), "ten retries of 200 ms would take 2 s; ended after {elapsed:?}");
    let attempts = server.requests().len();
    assert!((2..=4).contains(&attempts), "{attempts} attempts within 500 ms");

    // Without it the same call runs every retry and ends in the 503.
    let server = TestServer::start(|_, _| Reply::empty(503)).await;
    let policy = RetryPolicy { max_retries: 3, ..retries };
    let client = builder_for(&server).retry_policy(policy).build().unwrap();
    let error = bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(!error.is_timeout());
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn the_total_timeout_ends_a_list_page_too() {
    let server = TestServer::start(|_, _| Reply::json(200, fixture("notify_list")).after(Duration::from_secs(2))).await;
    let client = builder_for(&server).total_timeout(Duration::from_millis(200)).build().unwrap();
    let started = Instant::now();
    let error = bounded(client.notify().credentials().list().items().collect_all()).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { total: true, .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

// ---- Response metadata and error details ----

#[tokio::test]
async fn send_with_response_gives_the_status_and_headers() {
    let server = TestServer::start(|_, _| {
        Reply::json(201, fixture("notify_create"))
            .with_header("Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef")
            .with_header("X-Rate-Limit-Remaining", "99")
    })
    .await;
    let client = builder_for(&server).build().unwrap();
    let (created, meta) =
        bounded(client.notify().credentials().create(NotifyCredentialType::Apn).send_with_response()).await.unwrap();
    assert_eq!(created.r#type, Some(NotifyCredentialType::Gcm));
    assert_eq!(meta.status(), 201);
    assert_eq!(meta.header("twilio-request-id"), Some("RQ0123456789abcdef0123456789abcdef"));
    assert_eq!(meta.header("Twilio-Request-Id"), Some("RQ0123456789abcdef0123456789abcdef"), "any case");
    assert_eq!(meta.headers()["x-rate-limit-remaining"], "99");
    assert_eq!(meta.header("x-absent"), None);

    let server = TestServer::start(|_, _| Reply::empty(204).with_header("Twilio-Request-Id", "RQdelete")).await;
    let client = builder_for(&server).build().unwrap();
    let ((), meta) = bounded(client.notify().credential(&credential()).delete().send_with_response()).await.unwrap();
    assert_eq!((meta.status(), meta.header("twilio-request-id")), (204, Some("RQdelete")));

    let server =
        TestServer::start(|_, _| Reply::json(200, fixture("vobiz_list")).with_header("X-Request-Id", "v-1")).await;
    let client = builder_for(&server).build().unwrap();
    let list = client.vobiz().account(VOBIZ_AUTH_ID).trunks().credentials().list();
    let (page, meta) = bounded(list.send_with_response()).await.unwrap();
    assert_eq!((page.objects.len(), meta.status(), meta.header("x-request-id")), (3, 200, Some("v-1")));
}

#[tokio::test]
async fn an_api_error_has_the_status_headers_and_twilio_code() {
    let server =
        TestServer::start(|_, _| Reply::json(404, TWILIO_404).with_header("Twilio-Request-Id", "RQnotfound")).await;
    let client = builder_for(&server).build().unwrap();
    let error = bounded(client.notify().credential(&credential()).fetch().send_with_response()).await.unwrap_err();
    assert!(error.is_not_found());
    assert!(!error.is_timeout());
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.code(), Some(20404));
    let meta = error.meta().expect("an API error has the answer's metadata");
    assert_eq!(meta.status(), 404);
    assert_eq!(meta.header("twilio-request-id"), Some("RQnotfound"));
    assert_eq!(error.headers().unwrap()["twilio-request-id"], "RQnotfound");
    let api = error.api().unwrap();
    assert_eq!((api.code(), api.header("Twilio-Request-Id")), (Some(20404), Some("RQnotfound")));
    assert!(error.source().is_none(), "an API error has no underlying error");

    // A Vobiz error body has a string code: no numeric code, but the metadata is there.
    let vobiz_body = r#"{"status": "error", "error": {"code": "NOT_FOUND", "message": "no such account"}}"#;
    let server = TestServer::start(move |_, _| Reply::json(404, vobiz_body).with_header("X-Request-Id", "v-404")).await;
    let client = builder_for(&server).build().unwrap();
    let error = bounded(client.vobiz().account("MA_missing").trunks().credentials().list().send()).await.unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(error.code(), None);
    assert_eq!(error.meta().and_then(|m| m.header("x-request-id")), Some("v-404"));

    // Errors that are not answers have none of it.
    let server = TestServer::start(|_, _| Reply::json(200, "{not json")).await;
    let client = builder_for(&server).build().unwrap();
    let error = bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.meta().is_none() && error.headers().is_none() && error.code().is_none());
    assert!(!error.is_not_found());
}

#[tokio::test]
async fn a_refused_connection_has_the_http_error_as_its_source() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .twilio_basic(ACCOUNT_SID, "token")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap_err();
    assert!(matches!(error, Error::Transport { connect: true, .. }), "{error:?}");
    let source = error.source().expect("a transport error has a source");
    let reqwest_error = source.downcast_ref::<reqwest::Error>().expect("the source is the HTTP library's error");
    assert!(reqwest_error.is_connect());
    assert_eq!(reqwest_error.url(), None, "the source carries no URL");
    assert!(error.status().is_none() && error.meta().is_none() && !error.is_timeout());
}

// ---- The caller's HTTP client ----

fn injected_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-injected-client", "yes".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .user_agent("injected-agent/1.0")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_injected_http_client_sends_the_requests() {
    let server = TestServer::start(|_, _| Reply::json(200, fixture("notify_fetch"))).await;
    let client = builder_for(&server).http_client(injected_client()).user_agent("ignored/0").build().unwrap();
    bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap();
    bounded(client.vobiz().account(VOBIZ_AUTH_ID).trunks().credentials().list().send()).await.unwrap_err();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("x-injected-client"), Some("yes"), "{request:?}");
        assert_eq!(request.header("user-agent"), Some("injected-agent/1.0"), "the client's own user agent applies");
    }
    assert!(requests[0].header("authorization").is_some_and(|v| v.starts_with("Basic ")));
    assert_eq!(requests[1].header("x-auth-id"), Some(VOBIZ_AUTH_ID));
    assert!(format!("{client:?}").contains(&server.url()));
}

#[tokio::test]
async fn the_builders_timeout_still_applies_to_an_injected_client() {
    let server =
        TestServer::start(|_, _| Reply::json(200, fixture("notify_fetch")).after(Duration::from_millis(700))).await;
    let client = builder_for(&server)
        .http_client(injected_client())
        .timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(650));
}

#[tokio::test]
async fn an_injected_client_that_follows_a_redirect_is_refused() {
    let server = TestServer::start(|request, _| {
        if request.path.starts_with("/moved") {
            Reply::json(200, fixture("notify_fetch"))
        } else {
            Reply::empty(302).with_header("Location", "/moved")
        }
    })
    .await;
    let client =
        builder_for(&server).http_client(reqwest::Client::new()).retry_policy(RetryPolicy::none()).build().unwrap();
    let error = bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("redirect"), "{error}");
}
