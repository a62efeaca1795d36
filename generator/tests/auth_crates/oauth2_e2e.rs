//! The crate generated from `fixtures/oauth2.yaml`, against a token endpoint and an API on 127.0.0.1: the
//! builder's OAuth2 setters, one token for several calls, a refused token request, and no secret or token in
//! `Debug` or errors. Run by `generator/tests/auth_crates.rs`, which appends `mod loopback` (the runtime's test
//! server, `generator/runtime/loopback.rs`) to this file.

use loopback::Loopback;
use oauth2_client::operations::CreateThingParams;
use oauth2_client::{Client, ClientBuilder, Error, RetryPolicy, Server};

const CLIENT_ID: &str = "OQ7cda1a615f05a95634e643aaaf7081d7";
const SECRET: &str = "sUWblrQ4wx-d0n0tl0g";
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.TOKENd0n0tl0g.sig";

fn builder(server: &Loopback) -> ClientBuilder {
    Client::builder()
        .o_auth2_client_credentials(CLIENT_ID, SECRET)
        .o_auth2_client_credentials_token_url(format!("{}/v2/token", server.url))
        .base_url(Server::ApiExampleCom, &server.url)
        .retry_policy(RetryPolicy::none())
}

fn assert_hidden(what: &str, text: &str) {
    for secret in [SECRET, TOKEN] {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

#[tokio::test]
async fn one_token_serves_every_operation_and_goes_as_a_bearer_token() {
    let server = Loopback::start(|request, _| match request.path.as_str() {
        "/v2/token" => (200, format!(r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":3600}}"#)),
        "/Things" if request.body.is_empty() => (200, "[]".to_owned()),
        "/Things" => (201, r#"{"sid":"TH1","name":"x"}"#.to_owned()),
        _ => (404, String::new()),
    });
    let client = builder(&server).build().unwrap();
    assert!(client.list_thing().await.unwrap().is_empty());
    let created = client.create_thing(&CreateThingParams::new("x")).await.unwrap();
    assert_eq!(created.name.as_deref(), Some("x"));

    let tokens = server.seen("/v2/token");
    assert_eq!(tokens.len(), 1, "one token for both calls");
    assert_eq!(
        tokens[0].body,
        format!(
            "grant_type=client_credentials&scope=things%3Aread%20things%3Awrite&client_id={CLIENT_ID}&client_secret={SECRET}"
        ),
        "the scopes of both operations' requirements, the credentials in the form body"
    );
    let calls = server.seen("/Things");
    assert_eq!(calls.len(), 2);
    assert!(calls.iter().all(|c| c.authorization.as_deref() == Some(&*format!("Bearer {TOKEN}"))), "{calls:?}");

    assert_hidden("the builder's Debug", &format!("{:?}", builder(&server)));
    let shown = format!("{client:?}");
    assert_hidden("the client's Debug after a token was fetched", &shown);
    assert!(shown.contains(CLIENT_ID), "the client id is not secret: {shown}");
}

#[tokio::test]
async fn a_refused_token_request_is_a_token_error_and_nothing_reaches_the_api() {
    let server = Loopback::start(|request, _| match request.path.as_str() {
        "/v2/token" => (401, r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#.into()),
        _ => (200, "[]".to_owned()),
    });
    let error = builder(&server).build().unwrap().list_thing().await.unwrap_err();
    match &error {
        Error::Token { scheme, status, code, .. } => {
            assert_eq!(
                (*scheme, *status, code.as_deref()),
                ("oAuth2ClientCredentials", Some(401), Some("invalid_client"))
            );
        }
        other => panic!("not a token error: {other:?}"),
    }
    assert_hidden("the error", &format!("{error} {error:?}"));
    assert!(error.to_string().contains("Client authentication failed"), "{error}");
    assert!(server.seen("/Things").is_empty());
}

#[tokio::test]
async fn without_client_credentials_nothing_is_sent() {
    let server = Loopback::start(|_, _| (500, String::new()));
    let client = Client::builder()
        .o_auth2_client_credentials_token_url(format!("{}/v2/token", server.url))
        .base_url(Server::ApiExampleCom, &server.url)
        .build()
        .unwrap();
    assert!(matches!(client.list_thing().await, Err(Error::MissingCredentials { .. })));
    assert!(server.seen("/v2/token").is_empty());
}

#[test]
fn a_token_url_that_is_not_absolute_http_is_refused_when_building() {
    let error = Client::builder()
        .o_auth2_client_credentials(CLIENT_ID, SECRET)
        .o_auth2_client_credentials_token_url("/token")
        .build();
    match error {
        Err(Error::Config { message }) => assert!(message.contains("token URL"), "{message}"),
        other => panic!("built: {:?}", other.map(|_| ())),
    }
}
