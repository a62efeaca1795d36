//! The crate generated from Twilio's unmodified twilio_notify_v1.json with overlays/twilio_notify_v1.yaml,
//! against a server on 127.0.0.1: a list's items follow `meta.next_page_url` across pages, and the `Secret` of a
//! new credential is sent but never shown by `Debug`.

mod support;

use support::{Recorded, Reply};
use twilio_notify_overlaid::models::NotifyCredentialType;
use twilio_notify_overlaid::{Client, RetryPolicy};

fn client(url: &str) -> Client {
    Client::builder()
        .account_sid_auth_token("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "auth-token")
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// The SID of the `n`th credential.
fn sid(n: usize) -> String {
    format!("CR{n:032x}")
}

/// The credential `n`, as the API sends it.
fn credential(n: usize) -> String {
    format!(r#"{{"sid": "{}", "friendly_name": "push {n}", "type": "fcm", "sandbox": null}}"#, sid(n))
}

/// Five credentials in pages of two, the page index in `Page`; each page but the last names the next one by an
/// absolute URL on the origin the request came to, as Twilio does.
fn page(request: &Recorded) -> Reply {
    let index: usize = request.target.split("&Page=").nth(1).map_or(0, |rest| rest[..1].parse().unwrap());
    let items: Vec<String> = (index * 2 + 1..=(index * 2 + 2).min(5)).map(credential).collect();
    let host = request.header("host").unwrap();
    let next = match index {
        0 | 1 => format!(r#""http://{host}/v1/Credentials?PageSize=2&Page={}&PageToken=PT{}""#, index + 1, index + 1),
        _ => "null".to_owned(),
    };
    let body =
        format!(r#"{{"credentials": [{}], "meta": {{"page": {index}, "next_page_url": {next}}}}}"#, items.join(", "));
    Reply::json(200, &body)
}

#[tokio::test]
async fn items_follow_next_page_url_across_pages() {
    let server = support::serve(page);
    let all = client(&server.url).notify().credentials().list().page_size(2).items();
    let credentials = all.collect_all().await.unwrap();
    let sids: Vec<String> = credentials.iter().map(|c| c.sid.as_ref().unwrap().to_string()).collect();
    assert_eq!(sids, (1..=5).map(sid).collect::<Vec<_>>());
    assert_eq!(credentials[4].r#type, Some(NotifyCredentialType::Fcm));

    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/v1/Credentials?PageSize=2",
            "/v1/Credentials?PageSize=2&Page=1&PageToken=PT1",
            "/v1/Credentials?PageSize=2&Page=2&PageToken=PT2"
        ]
    );
    assert!(requests.iter().all(|r| r.header("authorization").is_some_and(|a| a.starts_with("Basic "))));
}

#[tokio::test]
async fn a_new_credential_sends_its_secret_and_never_shows_it() {
    let server = support::serve(|_| Reply::json(201, &credential(7)));
    let request = client(&server.url)
        .notify()
        .credentials()
        .create(NotifyCredentialType::Fcm)
        .friendly_name("push")
        .secret("firebase-server-key");
    let shown = format!("{request:?} {:?}", request.params());
    assert!(!shown.contains("firebase-server-key"), "{shown}");
    assert!(shown.contains("[redacted]") && shown.contains("push"), "{shown}");

    let created = request.send().await.unwrap();
    assert_eq!(created.sid.unwrap().to_string(), sid(7));
    let sent = &server.requests()[0];
    assert_eq!((sent.method.as_str(), sent.target.as_str()), ("POST", "/v1/Credentials"));
    assert_eq!(sent.header("content-type"), Some("application/x-www-form-urlencoded"));
    let body = String::from_utf8_lossy(&sent.body);
    assert!(body.contains("Secret=firebase-server-key") && body.contains("Type=fcm"), "{body}");
}
