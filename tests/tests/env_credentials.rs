//! Credentials from the environment: `Client::from_env` and `ClientBuilder::credentials_from_env` read
//! `TWILIO_ACCOUNT_SID` + `TWILIO_AUTH_TOKEN` (or `TWILIO_API_KEY` + `TWILIO_API_SECRET`), `VOBIZ_AUTH_ID` and
//! `VOBIZ_AUTH_TOKEN`, send them as the right headers, and never show them.
//!
//! The environment is the process's: these tests live in a file of their own (a process of its own) and take
//! [`ENV`] for the whole of each test.

use client_tests::{bounded, fixture, Reply, Request, TestServer};
use std::sync::{Mutex, MutexGuard};
use twilio_vobiz_credentials::sid::CredentialSid;
use twilio_vobiz_credentials::{Client, ClientBuilder, Error, RetryPolicy, Server};

static ENV: Mutex<()> = Mutex::new(());

const VARIABLES: [&str; 6] = [
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_API_KEY",
    "TWILIO_API_SECRET",
    "VOBIZ_AUTH_ID",
    "VOBIZ_AUTH_TOKEN",
];

const ACCOUNT_SID: &str = "ACenv0000000000000000000000000000a";
const AUTH_TOKEN: &str = "envAUTHtokenNOTshown1";
/// `Basic base64("ACenv0000000000000000000000000000a:envAUTHtokenNOTshown1")`, computed outside the client.
const ACCOUNT_AUTHORIZATION: &str =
    "Basic QUNlbnYwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwYTplbnZBVVRIdG9rZW5OT1RzaG93bjE=";
const API_KEY: &str = "SKenv0000000000000000000000000000b";
const API_SECRET: &str = "envAPIsecretNOTshown2";
/// `Basic base64("SKenv0000000000000000000000000000b:envAPIsecretNOTshown2")`.
const API_KEY_AUTHORIZATION: &str =
    "Basic U0tlbnYwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwYjplbnZBUElzZWNyZXROT1RzaG93bjI=";
const VOBIZ_ID: &str = "MA_ENV_AUTH_ID";
const VOBIZ_TOKEN: &str = "envVOBIZtokenNOTshown3";

/// The secrets, and the base64 of the credential pairs (a `Debug` that showed the `Authorization` value).
const SECRETS: [&str; 5] = [
    AUTH_TOKEN,
    API_SECRET,
    VOBIZ_TOKEN,
    "QUNlbnYwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwYTplbnZBVVRIdG9rZW5OT1RzaG93bjE=",
    "U0tlbnYwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwYjplbnZBUElzZWNyZXROT1RzaG93bjI=",
];

/// Holds the environment lock with every variable of the client unset, and sets `vars`.
struct Env<'a> {
    _lock: MutexGuard<'a, ()>,
}

impl Env<'_> {
    fn with(vars: &[(&str, &str)]) -> Self {
        let lock = ENV.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for name in VARIABLES {
            std::env::remove_var(name);
        }
        for (name, value) in vars {
            std::env::set_var(name, value);
        }
        Env { _lock: lock }
    }
}

impl Drop for Env<'_> {
    fn drop(&mut self) {
        for name in VARIABLES {
            std::env::remove_var(name);
        }
    }
}

fn sid() -> CredentialSid {
    "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse().unwrap()
}

fn assert_hidden(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows the secret {secret:?}: {text}");
    }
}

async fn server() -> TestServer {
    TestServer::start(|request, _| {
        if request.path.starts_with("/api/") {
            Reply::json(200, fixture("vobiz_list"))
        } else {
            Reply::json(200, fixture("notify_fetch"))
        }
    })
    .await
}

fn env_builder(server: &TestServer) -> ClientBuilder {
    Client::builder().base_url(server.url()).retry_policy(RetryPolicy::none()).credentials_from_env()
}

/// One Notify fetch and one Vobiz list with `client`; the two requests the server saw.
async fn both_vendors(server: &TestServer, client: &Client) -> (Request, Request) {
    bounded(client.notify().credential(&sid()).fetch().send()).await.unwrap();
    bounded(client.vobiz().account(VOBIZ_ID).trunks().credentials().list().send()).await.unwrap();
    let requests = server.requests();
    let n = requests.len();
    (requests[n - 2].clone(), requests[n - 1].clone())
}

#[tokio::test]
async fn account_sid_and_auth_token_and_vobiz_headers_come_from_the_environment() {
    let _env = Env::with(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("VOBIZ_AUTH_ID", VOBIZ_ID),
        ("VOBIZ_AUTH_TOKEN", VOBIZ_TOKEN),
    ]);
    let server = server().await;
    let builder = env_builder(&server);
    assert_hidden("ClientBuilder Debug", &format!("{builder:?} {builder:#?}"));
    let client = builder.build().unwrap();
    assert_hidden("Client Debug", &format!("{client:?} {client:#?}"));
    let (twilio, vobiz) = both_vendors(&server, &client).await;
    assert_eq!(twilio.header("authorization"), Some(ACCOUNT_AUTHORIZATION));
    assert_eq!(twilio.header("x-auth-token"), None);
    assert_eq!(vobiz.header("x-auth-id"), Some(VOBIZ_ID));
    assert_eq!(vobiz.header("x-auth-token"), Some(VOBIZ_TOKEN));
    assert_eq!(vobiz.header("authorization"), None);
}

#[tokio::test]
async fn the_api_key_pair_is_used_when_the_account_pair_is_incomplete() {
    let _env = Env::with(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_API_KEY", API_KEY),
        ("TWILIO_API_SECRET", API_SECRET),
    ]);
    let server = server().await;
    let client = env_builder(&server).build().unwrap();
    assert_hidden("Client Debug", &format!("{client:?}"));
    bounded(client.notify().credential(&sid()).fetch().send()).await.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), Some(API_KEY_AUTHORIZATION));
}

#[tokio::test]
async fn the_account_pair_comes_first_when_both_pairs_are_set() {
    let _env = Env::with(&[
        ("TWILIO_API_KEY", API_KEY),
        ("TWILIO_API_SECRET", API_SECRET),
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
    ]);
    let server = server().await;
    let client = env_builder(&server).build().unwrap();
    bounded(client.notify().credential(&sid()).fetch().send()).await.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), Some(ACCOUNT_AUTHORIZATION));
}

#[tokio::test]
async fn empty_or_missing_variables_leave_what_was_set_before() {
    let _env = Env::with(&[("TWILIO_ACCOUNT_SID", ACCOUNT_SID), ("TWILIO_AUTH_TOKEN", ""), ("VOBIZ_AUTH_ID", "")]);
    let server = server().await;
    let client = Client::builder()
        .base_url(server.url())
        .twilio_basic(client_tests::ACCOUNT_SID, client_tests::AUTH_TOKEN)
        .vobiz_auth_id("MA_EXPLICIT")
        .credentials_from_env()
        .build()
        .unwrap();
    bounded(client.notify().credential(&sid()).fetch().send()).await.unwrap();
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0b2tlbg=="),
        "the explicit credentials stay"
    );
    // VOBIZ_AUTH_TOKEN is missing and nothing set it: Vobiz operations have no credentials.
    let missing = bounded(client.vobiz().account(VOBIZ_ID).trunks().credentials().list().send()).await.unwrap_err();
    assert!(matches!(missing, Error::MissingCredentials { operation: "ListTrunkCredentials", .. }), "{missing:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn set_variables_replace_credentials_set_before_and_later_setters_replace_them() {
    let _env = Env::with(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("VOBIZ_AUTH_ID", VOBIZ_ID),
        ("VOBIZ_AUTH_TOKEN", VOBIZ_TOKEN),
    ]);
    let server = server().await;
    let from_env_last = Client::builder()
        .base_url(server.url())
        .twilio_basic("ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "other")
        .vobiz_auth_token("other")
        .credentials_from_env()
        .build()
        .unwrap();
    let (twilio, vobiz) = both_vendors(&server, &from_env_last).await;
    assert_eq!(twilio.header("authorization"), Some(ACCOUNT_AUTHORIZATION));
    assert_eq!(vobiz.header("x-auth-token"), Some(VOBIZ_TOKEN));

    let setter_last = Client::builder()
        .base_url(server.url())
        .credentials_from_env()
        .vobiz_auth_token("explicit-token")
        .build()
        .unwrap();
    let (twilio, vobiz) = both_vendors(&server, &setter_last).await;
    assert_eq!(twilio.header("authorization"), Some(ACCOUNT_AUTHORIZATION));
    assert_eq!(vobiz.header("x-auth-id"), Some(VOBIZ_ID));
    assert_eq!(vobiz.header("x-auth-token"), Some("explicit-token"));
}

/// `Client::from_env` has the spec's base URLs, so it sends nothing here; what it is configured with shows in
/// which operations lack credentials, which fails before anything is sent.
#[tokio::test]
async fn from_env_builds_a_client_with_the_environments_credentials_and_default_urls() {
    {
        let _env = Env::with(&[("VOBIZ_AUTH_ID", VOBIZ_ID), ("VOBIZ_AUTH_TOKEN", VOBIZ_TOKEN)]);
        let client = Client::from_env().unwrap();
        assert_eq!(client.base_url(Server::Notify), "https://notify.twilio.com");
        assert_eq!(client.base_url(Server::Vobiz), "https://api.vobiz.ai");
        assert_hidden("Client Debug", &format!("{client:?} {client:#?}"));
        assert!(!format!("{client:?}").contains(VOBIZ_ID), "the Vobiz auth ID is a header credential, not shown");
        let error = bounded(client.notify().credential(&sid()).fetch().send()).await.unwrap_err();
        assert!(matches!(error, Error::MissingCredentials { operation: "FetchCredential", .. }), "{error:?}");
        assert_hidden("MissingCredentials", &format!("{error} {error:?}"));
    }
    {
        let _env = Env::with(&[("TWILIO_ACCOUNT_SID", ACCOUNT_SID), ("TWILIO_AUTH_TOKEN", AUTH_TOKEN)]);
        let client = Client::from_env().unwrap();
        assert_hidden("Client Debug", &format!("{client:?} {client:#?}"));
        let error = bounded(client.vobiz().account(VOBIZ_ID).trunks().credentials().list().send()).await.unwrap_err();
        assert!(matches!(error, Error::MissingCredentials { operation: "ListTrunkCredentials", .. }), "{error:?}");
    }
    {
        let _env = Env::with(&[]);
        let client = Client::from_env().unwrap();
        let error = bounded(client.notify().credentials().list().send()).await.unwrap_err();
        assert!(matches!(error, Error::MissingCredentials { .. }), "{error:?}");
    }
}
