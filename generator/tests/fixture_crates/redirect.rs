//! The crate generated from fixtures/redirect.yaml against a server on 127.0.0.1.

mod server;

use redirects::models::ErrorType;
use redirects::{ApiErrorBody, Client, Error, RetryPolicy, Server};
use server::Reply;
use std::time::Duration;

fn client(url: &str) -> Client {
    Client::builder()
        .basic_auth("ACuser", "auth-token")
        .base_url(Server::ApiExampleCom, url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_redirect_only_operation_returns_the_resolved_location_and_redacts_its_query() {
    let server = server::Server::start(|_| {
        let location = "../../Files/Messages-2020-01-01.json.gz?X-Amz-Signature=s3cr3t".to_owned();
        Reply(307, vec![("Location", location)], br#"{"redirect_to":"https://x?X-Amz-Signature=s3cr3t"}"#.to_vec())
    })
    .await;
    let redirect = client(&server.url).fetch_day("Messages", "2020-01-01").await.unwrap();
    assert_eq!(redirect.status, 307);
    let expected = format!("{}/v1/Exports/Files/Messages-2020-01-01.json.gz?X-Amz-Signature=s3cr3t", server.url);
    assert_eq!(redirect.location.as_str(), expected);
    let shown = format!("{redirect:?}");
    assert!(shown.contains("Messages-2020-01-01.json.gz?[redacted]") && !shown.contains("s3cr3t"), "{shown}");

    let requests = server.requests();
    assert_eq!(requests.len(), 1, "the redirect was followed");
    assert_eq!(requests[0].target, "/v1/Exports/Messages/Days/2020-01-01");
    assert_eq!(requests[0].header("accept"), Some("application/json"));
    assert!(requests[0].header("authorization").is_some_and(|a| a.starts_with("Basic ")));
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let elsewhere = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let target = format!("http://{}/login?code=s3cr3t", elsewhere.local_addr().unwrap());
    let server = server::Server::start(move |_| Reply(302, vec![("Location", target.clone())], Vec::new())).await;
    let params = redirects::operations::FetchAuthorizeParams::new().client_id("OQ123").state("xyz");
    let redirect = client(&server.url).fetch_authorize(&params).await.unwrap();
    assert_eq!((redirect.status, redirect.location.path()), (302, "/login"));
    assert_eq!(redirect.location.query(), Some("code=s3cr3t"));
    assert_eq!(server.requests()[0].target, "/v1/authorize?ClientId=OQ123&State=xyz");
    assert_eq!(server.requests()[0].header("authorization"), None, "security: [] sends no credentials");
    let contacted = tokio::time::timeout(Duration::from_millis(200), elsewhere.accept()).await;
    assert!(contacted.is_err(), "the client went to the redirect target");
}

#[tokio::test]
async fn a_redirect_without_location_is_an_error_and_error_statuses_decode_their_body() {
    let server = server::Server::start(|request| match request.body.as_slice() {
        b"Name=bad" => Reply(400, vec![], br#"{"code": 20001, "message": "bad name"}"#.to_vec()),
        b"Name=ok" => Reply(200, vec![], b"{}".to_vec()),
        _ => Reply(303, vec![], b"see https://signed.example/?sig=s3cr3t".to_vec()),
    })
    .await;
    let client = client(&server.url);
    let params = redirects::operations::CreateJobParams::new();
    let error = client.create_job(&params.clone().name("job")).await.unwrap_err();
    assert!(matches!(error, Error::Redirect { status: 303, .. }), "{error:?}");
    let shown = format!("{error} / {error:?}");
    assert!(shown.contains("no Location header") && !shown.contains("s3cr3t"), "{shown}");

    let error = client.create_job(&params.clone().name("bad")).await.unwrap_err();
    let Error::Api(api) = error else { panic!("not an API error: {error:?}") };
    let expected = ErrorType { code: Some(20001), message: Some("bad name".into()) };
    assert_eq!((api.status, api.body), (400, ApiErrorBody::ErrorType(expected)));

    let error = client.create_job(&params.name("ok")).await.unwrap_err();
    assert!(matches!(error, Error::Redirect { status: 200, .. }), "{error:?}");
    assert_eq!(server.requests()[0].header("content-type"), Some("application/x-www-form-urlencoded"));
}

#[tokio::test]
async fn an_operation_that_documents_a_2xx_decodes_it_and_treats_a_redirect_as_an_api_error() {
    let server = server::Server::start(|request| match request.target.as_str() {
        "/v1/Jobs/JB1" => Reply(200, vec![], br#"{"redirect_to": "https://x.example/"}"#.to_vec()),
        _ => Reply(301, vec![("Location", "/v1/Jobs/JB1".to_owned())], Vec::new()),
    })
    .await;
    let client = client(&server.url);
    let day = client.fetch_job("JB1").await.unwrap();
    assert_eq!(day.redirect_to.as_deref(), Some("https://x.example/"));
    let error = client.fetch_job("JB0").await.unwrap_err();
    assert_eq!(error.status(), Some(301));
}
