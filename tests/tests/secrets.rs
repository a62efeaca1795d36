//! Secrets (the Twilio auth token, the Vobiz auth token, and the secret fields of Notify
//! credentials) never show in `Debug` or `Display` output, in errors, or in request URLs.

use client_tests::{bounded, Reply, Request, TestServer, ACCOUNT_SID};
use std::time::Duration;
use twilio_vobiz_credentials::models::NotifyCredentialType;
use twilio_vobiz_credentials::notify::{CreateCredentialParams, UpdateCredentialParams};
use twilio_vobiz_credentials::sid::CredentialSid;
use twilio_vobiz_credentials::{Client, ClientBuilder, Error, RetryPolicy, Secret};

const AUTH_TOKEN: &str = "twilioTOKENd0n0tl0g7f3a";
/// `base64("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:twilioTOKENd0n0tl0g7f3a")`: the token as it travels.
const AUTH_TOKEN_BASE64: &str = "QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0d2lsaW9UT0tFTmQwbjB0bDBnN2YzYQ==";
const VOBIZ_TOKEN: &str = "vobizTOKENd0n0tl0g91c2";
const PRIVATE_KEY: &str = "PRIVATEKEYd0n0tl0g11aa";
const API_KEY: &str = "APIKEYd0n0tl0g22bb";
const SECRET: &str = "FCMSECRETd0n0tl0g33cc";

const SECRETS: [&str; 6] = [AUTH_TOKEN, AUTH_TOKEN_BASE64, VOBIZ_TOKEN, PRIVATE_KEY, API_KEY, SECRET];

fn assert_hidden(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows the secret {secret:?}: {text}");
    }
}

fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .twilio_basic(ACCOUNT_SID, AUTH_TOKEN)
        .vobiz_auth_id("MA_AUTH_ID")
        .vobiz_auth_token(VOBIZ_TOKEN)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
}

fn sid() -> CredentialSid {
    "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse().unwrap()
}

fn create_params() -> CreateCredentialParams {
    let mut params = CreateCredentialParams::new(NotifyCredentialType::Apn);
    params.friendly_name = Some("visible name".to_owned());
    params.private_key = Some(Secret::new(PRIVATE_KEY.to_owned()));
    params.api_key = Some(Secret::new(API_KEY.to_owned()));
    params.secret = Some(Secret::new(SECRET.to_owned()));
    params.sandbox = Some(true);
    params
}

fn update_params() -> UpdateCredentialParams {
    let mut params = UpdateCredentialParams::new(sid());
    params.friendly_name = Some("visible name".to_owned());
    params.private_key = Some(Secret::new(PRIVATE_KEY.to_owned()));
    params.api_key = Some(Secret::new(API_KEY.to_owned()));
    params.secret = Some(Secret::new(SECRET.to_owned()));
    params
}

/// A create request with the secret fields set through its setters.
fn create_request(client: &Client) -> twilio_vobiz_credentials::Request<CreateCredentialParams> {
    client
        .notify()
        .credentials()
        .create(NotifyCredentialType::Apn)
        .friendly_name("visible name")
        .private_key(PRIVATE_KEY)
        .api_key(API_KEY)
        .secret(SECRET)
        .sandbox(true)
}

/// An update request with the secret fields set through its setters.
fn update_request(client: &Client) -> twilio_vobiz_credentials::Request<UpdateCredentialParams> {
    client
        .notify()
        .credential(&sid())
        .update()
        .friendly_name("visible name")
        .private_key(PRIVATE_KEY)
        .api_key(API_KEY)
        .secret(SECRET)
}

#[test]
fn client_and_builder_debug_hide_the_tokens() {
    let builder = builder("http://127.0.0.1:9");
    let shown = format!("{builder:?}");
    assert!(shown.contains("http://127.0.0.1:9"), "the builder's Debug shows its configuration: {shown}");
    assert_hidden("ClientBuilder Debug", &shown);

    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("http://127.0.0.1:9"), "the client's Debug shows its configuration: {shown}");
    assert_hidden("Client Debug", &shown);
    assert_hidden("Client alternate Debug", &format!("{client:#?}"));
}

#[test]
fn params_debug_hides_secret_fields() {
    let create = create_params();
    let shown = format!("{create:?} {create:#?}");
    assert!(shown.contains("visible name"), "Debug shows the other fields: {shown}");
    assert_hidden("CreateCredentialParams Debug", &shown);
    assert_eq!(create.private_key.as_ref().map(|s| s.expose().as_str()), Some(PRIVATE_KEY));

    let update = update_params();
    let shown = format!("{update:?} {update:#?}");
    assert!(shown.contains("visible name"), "Debug shows the other fields: {shown}");
    assert_hidden("UpdateCredentialParams Debug", &shown);

    // The requests built with setters hold the same params, and their Debug hides them too.
    let client = builder("http://127.0.0.1:9").build().unwrap();
    let create = create_request(&client);
    assert_eq!(*create.params(), create_params());
    let shown = format!("{create:?} {create:#?}");
    assert!(shown.contains("visible name"), "Debug shows the other fields: {shown}");
    assert_hidden("CreateCredentialRequest Debug", &shown);
    let update = update_request(&client).with_header("X-Extra", SECRET);
    assert_eq!(*update.params(), update_params());
    let shown = format!("{update:?} {update:#?}");
    assert_hidden("UpdateCredentialRequest Debug", &shown);
}

#[test]
fn secret_shows_as_redacted() {
    let secret = Secret::new(SECRET.to_owned());
    assert_eq!(format!("{secret:?}"), "[redacted]");
    assert_eq!(format!("{secret}"), "[redacted]");
    assert_eq!(secret.expose(), SECRET);
}

/// Runs `call` with a secret-holding client against a server answering `reply`; returns the error.
async fn failure<T, F, Fut>(reply: Reply, call: F) -> Error
where
    T: std::fmt::Debug,
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    let server = TestServer::start(move |_, _| reply.clone()).await;
    let client = builder(&server.url()).build().unwrap();
    bounded(call(client)).await.expect_err("the call was expected to fail")
}

fn assert_error_hidden(kind: &str, error: &Error) {
    assert_hidden(&format!("{kind} Debug"), &format!("{error:?}"));
    assert_hidden(&format!("{kind} Display"), &error.to_string());
}

#[tokio::test]
async fn errors_of_failed_calls_hide_the_secrets() {
    let create = |client: Client| async move { create_request(&client).send().await };

    let api = failure(Reply::json(401, r#"{"code": 20003, "message": "Authenticate"}"#), create).await;
    assert!(matches!(api, Error::Api(_)), "{api:?}");
    assert_error_hidden("Api", &api);

    let decode = failure(Reply::json(201, "{not json"), create).await;
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    assert_error_hidden("Decode", &decode);

    let transport = failure(Reply::Close, create).await;
    assert!(matches!(transport, Error::Transport { .. }), "{transport:?}");
    assert_error_hidden("Transport", &transport);

    let timeout = failure(Reply::empty(200).after(Duration::from_secs(3)), |client: Client| async move {
        update_request(&client).send().await
    })
    .await;
    assert!(matches!(timeout, Error::Timeout { .. }), "{timeout:?}");
    assert_error_hidden("Timeout", &timeout);

    let invalid = failure(Reply::empty(200), |client: Client| async move {
        update_request(&client).friendly_name("n".repeat(65)).send().await
    })
    .await;
    assert!(matches!(invalid, Error::InvalidInput { .. }), "{invalid:?}");
    assert_error_hidden("InvalidInput", &invalid);
}

#[tokio::test]
async fn configuration_errors_hide_the_secrets() {
    let client = Client::builder().vobiz_auth_token(VOBIZ_TOKEN).build().unwrap();
    let missing = bounded(client.vobiz().account("MA_AUTH_ID").trunks().credentials().list().send()).await.unwrap_err();
    assert!(matches!(missing, Error::MissingCredentials { .. }), "{missing:?}");
    assert_error_hidden("MissingCredentials", &missing);

    let config = builder("ftp://example.com").build().unwrap_err();
    assert!(matches!(config, Error::Config { .. }), "{config:?}");
    assert_error_hidden("Config", &config);
}

fn assert_url_clean(request: &Request) {
    assert_hidden("the request URL", &request.target());
}

#[tokio::test]
async fn secrets_travel_in_the_body_and_headers_never_in_the_url() {
    let server = TestServer::start(|_, _| Reply::json(201, client_tests::fixture("notify_create"))).await;
    let client = builder(&server.url()).build().unwrap();
    bounded(create_request(&client).send()).await.unwrap();
    bounded(client.notify().credential(&sid()).update().with_params(update_params()).send()).await.unwrap();
    let _ = bounded(client.vobiz().account("MA_AUTH_ID").trunks().credentials().list().limit(5).send()).await;

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests[..2] {
        assert_url_clean(request);
        let body = request.body_text();
        for secret in [PRIVATE_KEY, API_KEY, SECRET] {
            assert!(body.contains(secret), "the form body carries {secret}: {body}");
        }
        assert_eq!(request.header("authorization"), Some(format!("Basic {AUTH_TOKEN_BASE64}").as_str()));
        for (name, value) in &request.headers {
            assert!(!value.contains(AUTH_TOKEN) && !value.contains(VOBIZ_TOKEN), "header {name}: {value}");
        }
    }
    let vobiz = &requests[2];
    assert_url_clean(vobiz);
    assert_eq!(vobiz.header("x-auth-token"), Some(VOBIZ_TOKEN));
    assert!(vobiz.body.is_empty());
}
