//! The generated client against a local stand-in for the Notify and Vobiz APIs.
//!
//! `cargo run -p client-tests --example local_server`
//!
//! Shows a typed fetch, a stream across pages, the typed error of a missing resource, and a retry after a
//! `503`. The server is the test suite's scripted HTTP server on 127.0.0.1.

use client_tests::{Reply, TestServer};
use std::time::Duration;
use twilio_vobiz_credentials::notify::ListCredentialParams;
use twilio_vobiz_credentials::sid::CredentialSid;
use twilio_vobiz_credentials::vobiz::ListTrunkCredentialsParams;
use twilio_vobiz_credentials::{ApiErrorBody, Client, Error, RetryPolicy, Server};

const SID: &str = "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn credential(n: usize) -> String {
    format!(
        r#"{{"sid": "CR{n:032x}", "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "friendly_name": "credential {n}",
            "type": "fcm", "sandbox": "False", "date_created": "Wed, 07 Oct 2015 17:50:01 +0000",
            "date_updated": "2015-10-07T17:50:01Z", "url": null}}"#
    )
}

/// Three pages of two credentials, linked by `next_page_url` on the server's own origin.
fn notify_page(base: &str, page: usize) -> String {
    let next =
        if page < 2 { format!(r#""{base}/v1/Credentials?PageSize=2&Page={}""#, page + 1) } else { "null".into() };
    let items = [credential(page * 2), credential(page * 2 + 1)].join(",");
    format!(r#"{{"credentials": [{items}], "meta": {{"page": {page}, "page_size": 2, "next_page_url": {next}}}}}"#)
}

/// Vobiz credentials 0..5, `limit`/`offset` style.
fn vobiz_page(query: &str) -> String {
    let param = |name: &str, default: usize| {
        query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))?.parse().ok()).unwrap_or(default)
    };
    let (limit, offset) = (param("limit", 20), param("offset", 0));
    let objects: Vec<String> = (offset..5.min(offset + limit))
        .map(|i| {
            format!(
                r#"{{"id": "00000000-0000-0000-0000-00000000000{i}", "username": "trunk_user_{i}", "enabled": true,
                    "description": null, "created_at": "2025-01-15T10:35:20Z", "updated_at": "2025-01-15T10:35:20Z"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"meta": {{"limit": {limit}, "offset": {offset}, "total_count": 5}}, "objects": [{}]}}"#,
        objects.join(",")
    )
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = TestServer::start(|request, index| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        match (request.method.as_str(), request.path.as_str()) {
            // The first fetch meets a 503; the client retries it.
            ("GET", path) if path == format!("/v1/Credentials/{SID}") && index == 0 => {
                Reply::text(503, "text/html", "<h1>Service Unavailable</h1>")
            }
            ("GET", path) if path == format!("/v1/Credentials/{SID}") => Reply::json(200, credential(0)),
            ("GET", "/v1/Credentials") => {
                let page = request.query.split('&').find_map(|kv| kv.strip_prefix("Page=")?.parse().ok());
                Reply::json(200, notify_page(&base, page.unwrap_or(0)))
            }
            ("GET", "/api/v1/account/MA_EXAMPLE/trunks/credentials") => Reply::json(200, vobiz_page(&request.query)),
            _ => Reply::json(
                404,
                r#"{"code": 20404, "message": "The requested resource was not found",
                    "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#,
            ),
        }
    })
    .await;

    let client = Client::builder()
        .twilio_basic("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "example_auth_token")
        .vobiz_auth_id("MA_EXAMPLE")
        .vobiz_auth_token("example_vobiz_token")
        .server_url(Server::Notify, server.url())
        .server_url(Server::Vobiz, server.url())
        .retry_policy(RetryPolicy { initial_backoff: Duration::from_millis(50), ..RetryPolicy::default() })
        .build()?;
    println!("client: {client:?}\n");

    let sid: CredentialSid = SID.parse()?;
    let credential = client.fetch_credential(&sid).await?;
    println!("fetched {} ({:?}) after {} requests", sid, credential.friendly_name, server.requests().len());

    let mut stream = client.list_credential_stream(ListCredentialParams::new(), None);
    let mut count = 0;
    while let Some(credential) = stream.try_next().await {
        let credential = credential?;
        count += 1;
        println!("  listed {:?} created {:?}", credential.sid.map(|s| s.to_string()), credential.date_created);
    }
    println!("{count} credentials across pages");

    let first_three = client.list_credential_stream(ListCredentialParams::new(), Some(3)).collect_all().await?;
    println!("with a limit of 3: {} credentials", first_three.len());

    let vobiz = client
        .list_trunk_credentials_stream("MA_EXAMPLE", ListTrunkCredentialsParams::new().limit(2), None)
        .collect_all()
        .await?;
    println!("vobiz, two per page: {:?}", vobiz.iter().map(|c| c.username.as_str()).collect::<Vec<_>>());

    let missing: CredentialSid = "CRbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb".parse()?;
    match client.fetch_credential(&missing).await {
        Err(Error::Api(api)) => match &api.body {
            ApiErrorBody::TwilioError(body) => println!("\n{} {}: {}", api.status, body.code, body.message),
            other => println!("\n{} {other}", api.status),
        },
        other => println!("\nunexpected: {other:?}"),
    }
    Ok(())
}
