//! What the client benchmarks share: inputs, hand-written baselines and a loopback server.

use serde::Deserialize;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use twilio_vobiz_credentials::models::NotifyCredential;
use twilio_vobiz_credentials::{Client, Server};

/// A valid Credential SID using every kind of hex digit.
pub const SID: &str = "CR0123456789abcdefABCDEF0123456789";
pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const AUTH_TOKEN: &str = "token";
pub const USER_AGENT: &str = "bench/1.0";

/// The hand-written baseline of SID validation: the prefix, the length and hex digits, on bytes.
pub fn hand_check(sid: &str) -> bool {
    let bytes = sid.as_bytes();
    bytes.len() == 34 && bytes[0] == b'C' && bytes[1] == b'R' && bytes[2..].iter().all(u8::is_ascii_hexdigit)
}

/// The text of `tests/fixtures/examples/{name}.json`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// A list page of 1,000 Notify Credentials: the documented list example with its one resource repeated, each
/// with its own SID and name.
pub fn page_of_1000() -> Vec<u8> {
    let mut page: serde_json::Value = serde_json::from_str(&fixture("notify_list")).expect("example parses");
    let example = page["credentials"][0].clone();
    let items: Vec<serde_json::Value> = (0..1000)
        .map(|i| {
            let mut item = example.clone();
            let sid = format!("CR{i:032x}");
            item["url"] = format!("https://notify.twilio.com/v1/Credentials/{sid}").into();
            item["sid"] = sid.into();
            item["friendly_name"] = format!("credential {i}").into();
            item
        })
        .collect();
    page["credentials"] = items.into();
    page["meta"]["page_size"] = 1000.into();
    serde_json::to_vec(&page).expect("serialises")
}

/// The baseline of decoding: the same page into plain structs, `String` fields, no validation.
#[derive(Deserialize)]
#[allow(dead_code)] // decoded to be measured, never read
pub struct PlainPage {
    pub credentials: Vec<PlainCredential>,
    pub meta: PlainMeta,
}

#[derive(Deserialize)]
#[allow(dead_code)] // decoded to be measured, never read
pub struct PlainCredential {
    pub sid: String,
    pub account_sid: String,
    pub friendly_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub sandbox: String,
    pub date_created: String,
    pub date_updated: String,
    pub url: String,
}

#[derive(Deserialize)]
#[allow(dead_code)] // decoded to be measured, never read
pub struct PlainMeta {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub first_page_url: Option<String>,
    pub previous_page_url: Option<String>,
    pub url: Option<String>,
    pub next_page_url: Option<String>,
    pub key: Option<String>,
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with `body` as JSON. Runs on the
/// current runtime; returns its base URL.
pub async fn loopback_server(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let response =
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len())
            .into_bytes();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // Requests are GETs without a body: each ends at the blank line.
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        if stream.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    url
}

/// The generated client, pointed at `url`.
pub fn generated_client(url: &str) -> Client {
    Client::builder()
        .server_url(Server::Notify, url)
        .twilio_basic(ACCOUNT_SID, AUTH_TOKEN)
        .user_agent(USER_AGENT)
        .build()
        .expect("client builds")
}

/// A reqwest client configured as the generated one configures its own (timeouts, user agent, no redirects), so
/// that the comparison measures the generated layer, not a different configuration.
pub fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client builds")
}

/// The baseline round trip: the request `fetch_credential` makes, written with reqwest directly, decoded into the
/// same model type.
pub async fn raw_fetch(http: &reqwest::Client, base: &str, sid: &str) -> NotifyCredential {
    let response = http
        .get(format!("{base}/v1/Credentials/{sid}"))
        .basic_auth(ACCOUNT_SID, Some(AUTH_TOKEN))
        .send()
        .await
        .expect("request succeeds");
    assert!(response.status().is_success());
    let body = response.bytes().await.expect("body arrives");
    serde_json::from_slice(&body).expect("body decodes")
}
