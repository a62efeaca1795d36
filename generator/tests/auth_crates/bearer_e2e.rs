//! The crate generated from `fixtures/bearer.yaml`, against an API on 127.0.0.1: the token set on the builder
//! goes as `Authorization: Bearer <token>` on every operation, and never shows in `Debug` or errors. Run by
//! `generator/tests/auth_crates.rs`, which appends `mod loopback` (the runtime's test server,
//! `generator/runtime/loopback.rs`) to this file.

use bearer_client::{Client, Error, RetryPolicy, Server};
use loopback::Loopback;

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.TOKENd0n0tl0g.sig";

#[tokio::test]
async fn the_token_goes_as_a_bearer_authorization_and_never_shows() {
    let server = Loopback::start(|request, _| match request.path.as_str() {
        "/things/1" if request.body.is_empty() && request.authorization.is_some() => (200, r#"{"id":"1"}"#.into()),
        _ => (401, r#"{"message":"bad token"}"#.to_owned()),
    });
    let builder = Client::builder()
        .bearer_auth(TOKEN)
        .base_url(Server::ApiExampleCom, &server.url)
        .retry_policy(RetryPolicy::none());
    let client = builder.clone().build().unwrap();
    assert_eq!(client.fetch_thing("1").await.unwrap().id.as_deref(), Some("1"));
    let error = client.delete_thing("2").await.unwrap_err();
    assert_eq!(error.status(), Some(401));

    let seen = [server.seen("/things/1"), server.seen("/things/2")].concat();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(request.authorization.as_deref(), Some(&*format!("Bearer {TOKEN}")));
    }
    for (what, shown) in [
        ("the builder's Debug", format!("{builder:?}")),
        ("the client's Debug", format!("{client:?}")),
        ("the error", format!("{error} {error:?}")),
    ] {
        assert!(!shown.contains("TOKENd0n0tl0g"), "{what} shows the token: {shown}");
    }
}

#[tokio::test]
async fn without_the_token_nothing_is_sent() {
    let server = Loopback::start(|_, _| (500, String::new()));
    let client = Client::builder().base_url(Server::ApiExampleCom, &server.url).build().unwrap();
    assert!(matches!(client.fetch_thing("1").await, Err(Error::MissingCredentials { .. })));
    assert!(server.seen("/things/1").is_empty());
}
