//! Every operation sends exactly the request the vendor documents (method, path, query, form body,
//! authentication) and decodes the documented answer; bad input is refused before anything is sent.

use client_tests::{
    bounded, builder_for, credential, credential_list, fixture, trunk, Reply, Request, TestServer, ACCOUNT_SID,
    CREDENTIAL, CREDENTIAL_LIST, TRUNK, VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN,
};
use std::future::Future;
use twilio_vobiz_credentials::models::NotifyCredentialType;
use twilio_vobiz_credentials::sid::AccountSid;
use twilio_vobiz_credentials::{Client, Error, RetryPolicy, Server};

/// `Basic base64("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:token")`, computed outside the client.
const TWILIO_AUTHORIZATION: &str = "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0b2tlbg==";
const FORM: &str = "application/x-www-form-urlencoded";

/// Runs one call against a server answering every request with `reply`; returns the call's
/// successful result and the one request the server saw.
async fn exchange<T, F, Fut>(reply: Reply, call: F) -> (T, Request)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let server = TestServer::start(move |_, _| reply.clone()).await;
    let client = builder_for(&server).retry_policy(RetryPolicy::none()).build().unwrap();
    let result = bounded(call(client)).await.unwrap_or_else(|e| panic!("the call failed: {e:?}"));
    let mut requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    let request = requests.remove(0);
    assert_eq!(request.header("host"), Some(server.authority()), "Host names the base URL's authority");
    (result, request)
}

/// Runs a call that must fail before sending; returns its error.
async fn refused<T: std::fmt::Debug, F, Fut>(call: F) -> Error
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let client = builder_for(&server).retry_policy(RetryPolicy::none()).build().unwrap();
    let error = bounded(call(client)).await.expect_err("the call was expected to fail");
    assert!(server.requests().is_empty(), "a refused call reached the server: {:#?}", server.requests());
    error
}

fn assert_invalid(error: Error, expected_parameter: &str) {
    match error {
        Error::InvalidInput { parameter, ref message } => {
            assert_eq!(parameter, expected_parameter, "{message}");
            assert!(error.to_string().contains(expected_parameter), "{error}");
        }
        other => panic!("expected InvalidInput for {expected_parameter}, got {other:?}"),
    }
}

fn assert_twilio_auth(request: &Request) {
    assert_eq!(request.header("authorization"), Some(TWILIO_AUTHORIZATION));
    assert_eq!(request.header("x-auth-id"), None);
    assert_eq!(request.header("x-auth-token"), None);
}

fn assert_no_body(request: &Request) {
    assert!(request.body.is_empty(), "unexpected body {:?}", request.body_text());
    assert_eq!(request.header("content-type"), None);
}

fn assert_form(request: &Request, expected: &str) {
    assert_eq!(request.header("content-type"), Some(FORM));
    assert_eq!(request.body_text(), expected);
    assert_eq!(request.body, expected.as_bytes());
}

fn assert_line(request: &Request, method: &str, path: &str, query: &str) {
    assert_eq!((request.method.as_str(), request.path.as_str(), request.query.as_str()), (method, path, query));
}

// ---- Trunking ----

#[tokio::test]
async fn list_credential_list_sends_paging_parameters() {
    let (page, request) = exchange(Reply::json(200, fixture("trunking_list")), |client| async move {
        client
            .trunking()
            .trunk(&trunk())
            .credential_lists()
            .list()
            .page_size(20)
            .page(2)
            .page_token("PT/next page")
            .send()
            .await
    })
    .await;
    assert_line(
        &request,
        "GET",
        &format!("/v1/Trunks/{TRUNK}/CredentialLists"),
        "PageSize=20&Page=2&PageToken=PT%2Fnext%20page",
    );
    assert_twilio_auth(&request);
    assert_no_body(&request);
    assert_eq!(page.credential_lists.len(), 1);
    assert_eq!(page.meta.key.as_deref(), Some("credential_lists"));
}

#[tokio::test]
async fn list_credential_list_without_parameters_sends_no_query() {
    let (_, request) = exchange(Reply::json(200, fixture("trunking_list")), |client| async move {
        client.trunking().trunk(&trunk()).credential_lists().list().send().await
    })
    .await;
    assert_line(&request, "GET", &format!("/v1/Trunks/{TRUNK}/CredentialLists"), "");
}

#[tokio::test]
async fn create_credential_list_posts_the_sid_as_a_form() {
    let (created, request) = exchange(Reply::json(201, fixture("trunking_create")), |client| async move {
        client.trunking().trunk(&trunk()).credential_lists().create(credential_list()).send().await
    })
    .await;
    assert_line(&request, "POST", &format!("/v1/Trunks/{TRUNK}/CredentialLists"), "");
    assert_twilio_auth(&request);
    assert_form(&request, &format!("CredentialListSid={CREDENTIAL_LIST}"));
    assert_eq!(created.sid.unwrap().as_str(), "CLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(created.trunk_sid.unwrap().as_str(), "TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

#[tokio::test]
async fn fetch_credential_list_gets_both_sids_in_the_path() {
    let (list, request) = exchange(Reply::json(200, fixture("trunking_create")), |client| async move {
        client.trunking().trunk(&trunk()).credential_list(&credential_list()).fetch().send().await
    })
    .await;
    assert_line(&request, "GET", &format!("/v1/Trunks/{TRUNK}/CredentialLists/{CREDENTIAL_LIST}"), "");
    assert_twilio_auth(&request);
    assert_no_body(&request);
    assert_eq!(list.friendly_name.as_deref(), Some("friendly_name"));
}

#[tokio::test]
async fn delete_credential_list_accepts_204() {
    let ((), request) = exchange(Reply::empty(204), |client| async move {
        client.trunking().trunk(&trunk()).credential_list(&credential_list()).delete().send().await
    })
    .await;
    assert_line(&request, "DELETE", &format!("/v1/Trunks/{TRUNK}/CredentialLists/{CREDENTIAL_LIST}"), "");
    assert_twilio_auth(&request);
    assert_no_body(&request);
}

// ---- Accounts ----

#[tokio::test]
async fn list_credential_public_key_sends_paging_parameters() {
    let (page, request) = exchange(Reply::json(200, fixture("accounts_list")), |client| async move {
        client.accounts().credentials().public_keys().list().page_size(1000).page(0).send().await
    })
    .await;
    assert_line(&request, "GET", "/v1/Credentials/PublicKeys", "PageSize=1000&Page=0");
    assert_twilio_auth(&request);
    assert_no_body(&request);
    assert!(page.credentials.is_empty());
    assert_eq!(page.meta.page_size, Some(50));
}

#[tokio::test]
async fn create_credential_public_key_posts_every_field_in_spec_order() {
    let (created, request) = exchange(Reply::json(201, fixture("accounts_create")), |client| async move {
        client
            .accounts()
            .credentials()
            .public_keys()
            .create("-----BEGIN PUBLIC KEY-----MIIBIjANB.pa9xQIDAQAB-----END PUBLIC KEY-----")
            .friendly_name("my key")
            .account_sid(ACCOUNT_SID.parse::<AccountSid>().unwrap())
            .send()
            .await
    })
    .await;
    assert_line(&request, "POST", "/v1/Credentials/PublicKeys", "");
    assert_twilio_auth(&request);
    assert_form(
        &request,
        "PublicKey=-----BEGIN%20PUBLIC%20KEY-----MIIBIjANB.pa9xQIDAQAB-----END%20PUBLIC%20KEY-----\
         &FriendlyName=my%20key&AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    );
    assert_eq!(created.sid.unwrap().as_str(), "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

#[tokio::test]
async fn create_credential_public_key_sends_only_the_fields_set() {
    let (_, request) = exchange(Reply::json(201, fixture("accounts_create")), |client| async move {
        client.accounts().credentials().public_keys().create("public_key").send().await
    })
    .await;
    assert_form(&request, "PublicKey=public_key");
}

#[tokio::test]
async fn fetch_credential_public_key_gets_the_sid_path() {
    let (key, request) = exchange(Reply::json(200, fixture("accounts_fetch")), |client| async move {
        client.accounts().credentials().public_key(&credential()).fetch().send().await
    })
    .await;
    assert_line(&request, "GET", &format!("/v1/Credentials/PublicKeys/{CREDENTIAL}"), "");
    assert_twilio_auth(&request);
    assert_no_body(&request);
    assert_eq!(key.account_sid.unwrap().as_str(), ACCOUNT_SID);
}

#[tokio::test]
async fn update_credential_public_key_posts_the_friendly_name() {
    let (key, request) = exchange(Reply::json(200, fixture("accounts_update")), |client| async move {
        client.accounts().credentials().public_key(&credential()).update().friendly_name("FriendlyName").send().await
    })
    .await;
    assert_line(&request, "POST", &format!("/v1/Credentials/PublicKeys/{CREDENTIAL}"), "");
    assert_twilio_auth(&request);
    assert_form(&request, "FriendlyName=FriendlyName");
    assert_eq!(key.friendly_name.as_deref(), Some("FriendlyName"));
}

#[tokio::test]
async fn update_credential_public_key_with_nothing_set_posts_an_empty_form() {
    let (_, request) = exchange(Reply::json(200, fixture("accounts_update")), |client| async move {
        client.accounts().credentials().public_key(&credential()).update().send().await
    })
    .await;
    assert_form(&request, "");
}

#[tokio::test]
async fn delete_credential_public_key_accepts_204() {
    let ((), request) = exchange(Reply::empty(204), |client| async move {
        client.accounts().credentials().public_key(&credential()).delete().send().await
    })
    .await;
    assert_line(&request, "DELETE", &format!("/v1/Credentials/PublicKeys/{CREDENTIAL}"), "");
    assert_twilio_auth(&request);
    assert_no_body(&request);
}

// ---- Notify ----

const CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----MIIFnTCCBIWgAwIBAgIIAjy9H849+E8wDQYJKoZIhvcNAQEFBQAwgZYxCzAJBgNV.....A==-----END CERTIFICATE-----";
const CERTIFICATE_ENCODED: &str = "-----BEGIN%20CERTIFICATE-----MIIFnTCCBIWgAwIBAgIIAjy9H849%2BE8wDQYJKoZIhvcNAQEFBQAwgZYxCzAJBgNV.....A%3D%3D-----END%20CERTIFICATE-----";
const PRIVATE_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----MIIEpQIBAAKCAQEAuyf/lNrH9ck8DmNyo3fGgvCI1l9s+cmBY3WIz+cUDqmxiieR\n.-----END RSA PRIVATE KEY-----";
const PRIVATE_KEY_ENCODED: &str = "-----BEGIN%20RSA%20PRIVATE%20KEY-----MIIEpQIBAAKCAQEAuyf%2FlNrH9ck8DmNyo3fGgvCI1l9s%2BcmBY3WIz%2BcUDqmxiieR%0A.-----END%20RSA%20PRIVATE%20KEY-----";

#[tokio::test]
async fn list_credential_sends_paging_parameters() {
    let (page, request) = exchange(Reply::json(200, fixture("notify_list")), |client| async move {
        client.notify().credentials().list().page_size(1).page_token("PT123").send().await
    })
    .await;
    assert_line(&request, "GET", "/v1/Credentials", "PageSize=1&PageToken=PT123");
    assert_twilio_auth(&request);
    assert_no_body(&request);
    assert_eq!(page.credentials[0].r#type, Some(NotifyCredentialType::Apn));
}

#[tokio::test]
async fn create_credential_posts_every_field_in_spec_order() {
    let (created, request) = exchange(Reply::json(201, fixture("notify_create")), |client| async move {
        client
            .notify()
            .credentials()
            .create(NotifyCredentialType::Apn)
            .friendly_name("APN prod & dev")
            .certificate(CERTIFICATE)
            .private_key(PRIVATE_KEY)
            .sandbox(true)
            .api_key("AIza-api-key:xyz")
            .secret("fcm secret/é")
            .send()
            .await
    })
    .await;
    assert_line(&request, "POST", "/v1/Credentials", "");
    assert_twilio_auth(&request);
    assert_form(
        &request,
        &format!(
            "Type=apn&FriendlyName=APN%20prod%20%26%20dev&Certificate={CERTIFICATE_ENCODED}\
             &PrivateKey={PRIVATE_KEY_ENCODED}&Sandbox=true&ApiKey=AIza-api-key%3Axyz&Secret=fcm%20secret%2F%C3%A9"
        ),
    );
    assert_eq!(created.r#type, Some(NotifyCredentialType::Gcm));
    assert_eq!(created.sandbox.as_deref(), Some("False"));
}

#[tokio::test]
async fn create_credential_with_type_only_and_sandbox_false() {
    let (_, request) = exchange(Reply::json(201, fixture("notify_create")), |client| async move {
        client.notify().credentials().create(NotifyCredentialType::Gcm).send().await
    })
    .await;
    assert_form(&request, "Type=gcm");

    let (_, request) = exchange(Reply::json(201, fixture("notify_create")), |client| async move {
        client.notify().credentials().create(NotifyCredentialType::Fcm).sandbox(false).send().await
    })
    .await;
    assert_form(&request, "Type=fcm&Sandbox=false");
}

#[tokio::test]
async fn fetch_credential_gets_the_sid_path() {
    let (fetched, request) = exchange(Reply::json(200, fixture("notify_fetch")), |client| async move {
        client.notify().credential(&credential()).fetch().send().await
    })
    .await;
    assert_line(&request, "GET", &format!("/v1/Credentials/{CREDENTIAL}"), "");
    assert_twilio_auth(&request);
    assert_no_body(&request);
    assert_eq!(fetched.r#type, Some(NotifyCredentialType::Apn));
}

#[tokio::test]
async fn update_credential_posts_every_field_in_spec_order() {
    let (updated, request) = exchange(Reply::json(200, fixture("notify_update")), |client| async move {
        client
            .notify()
            .credential(&credential())
            .update()
            .friendly_name("FriendlyName")
            .certificate(CERTIFICATE)
            .private_key(PRIVATE_KEY)
            .sandbox(false)
            .api_key("key")
            .secret("s")
            .send()
            .await
    })
    .await;
    assert_line(&request, "POST", &format!("/v1/Credentials/{CREDENTIAL}"), "");
    assert_twilio_auth(&request);
    assert_form(
        &request,
        &format!(
            "FriendlyName=FriendlyName&Certificate={CERTIFICATE_ENCODED}&PrivateKey={PRIVATE_KEY_ENCODED}\
             &Sandbox=false&ApiKey=key&Secret=s"
        ),
    );
    assert_eq!(updated.friendly_name.as_deref(), Some("FriendlyName"));
}

#[tokio::test]
async fn delete_credential_accepts_204() {
    let ((), request) =
        exchange(
            Reply::empty(204),
            |client| async move { client.notify().credential(&credential()).delete().send().await },
        )
        .await;
    assert_line(&request, "DELETE", &format!("/v1/Credentials/{CREDENTIAL}"), "");
    assert_twilio_auth(&request);
    assert_no_body(&request);
}

// ---- Vobiz ----

#[tokio::test]
async fn list_trunk_credentials_sends_auth_headers_and_paging() {
    let (page, request) = exchange(Reply::json(200, fixture("vobiz_list")), |client| async move {
        client.vobiz().account(VOBIZ_AUTH_ID).trunks().credentials().list().limit(10).offset(20).send().await
    })
    .await;
    assert_line(&request, "GET", &format!("/api/v1/account/{VOBIZ_AUTH_ID}/trunks/credentials"), "limit=10&offset=20");
    assert_eq!(request.header("x-auth-id"), Some(VOBIZ_AUTH_ID));
    assert_eq!(request.header("x-auth-token"), Some(VOBIZ_AUTH_TOKEN));
    assert_eq!(request.header("authorization"), None);
    assert_no_body(&request);
    assert_eq!(page.objects.len(), 3);
    assert_eq!(page.objects.iter().map(|o| o.enabled).collect::<Vec<_>>(), [true, true, false]);
}

#[tokio::test]
async fn list_trunk_credentials_without_parameters_sends_no_query() {
    let (_, request) = exchange(Reply::json(200, fixture("vobiz_list")), |client| async move {
        client.vobiz().account("MA123").trunks().credentials().list().send().await
    })
    .await;
    assert_line(&request, "GET", "/api/v1/account/MA123/trunks/credentials", "");
}

#[tokio::test]
async fn account_ids_are_percent_encoded_as_one_segment() {
    for (account_id, segment) in [("a/b c", "a%2Fb%20c"), ("MA?x#y", "MA%3Fx%23y"), ("...", "..."), ("é", "%C3%A9")] {
        let (_, request) = exchange(Reply::json(200, fixture("vobiz_list")), |client| async move {
            client.vobiz().account(account_id).trunks().credentials().list().send().await
        })
        .await;
        assert_line(&request, "GET", &format!("/api/v1/account/{segment}/trunks/credentials"), "");
    }
}

// ---- Input checks before sending ----

#[tokio::test]
async fn page_size_outside_1_to_1000_is_refused_before_sending() {
    for size in [0, 1001, -1] {
        let error = refused(|client| async move {
            client.trunking().trunk(&trunk()).credential_lists().list().page_size(size).send().await
        })
        .await;
        assert_invalid(error, "PageSize");
        let error = refused(|client| async move {
            client.accounts().credentials().public_keys().list().page_size(size).send().await
        })
        .await;
        assert_invalid(error, "PageSize");
        let error =
            refused(|client| async move { client.notify().credentials().list().page_size(size).send().await }).await;
        assert_invalid(error, "PageSize");
    }
}

#[tokio::test]
async fn a_negative_page_is_refused_before_sending() {
    let error = refused(|client| async move { client.notify().credentials().list().page(-1).send().await }).await;
    assert_invalid(error, "Page");
}

#[tokio::test]
async fn vobiz_limit_and_offset_minimums_are_checked_before_sending() {
    let error =
        refused(
            |client| async move { client.vobiz().account("MA123").trunks().credentials().list().limit(0).send().await },
        )
        .await;
    assert_invalid(error, "limit");
    let error = refused(|client| async move {
        client.vobiz().account("MA123").trunks().credentials().list().offset(-1).send().await
    })
    .await;
    assert_invalid(error, "offset");
}

#[tokio::test]
async fn friendly_names_over_64_characters_are_refused_before_sending() {
    let long = "x".repeat(65);
    let error = refused(|client| {
        let long = long.clone();
        async move { client.accounts().credentials().public_keys().create("k").friendly_name(long).send().await }
    })
    .await;
    assert_invalid(error, "FriendlyName");
    let error =
        refused(|client| {
            let long = long.clone();
            async move {
                client.accounts().credentials().public_key(&credential()).update().friendly_name(long).send().await
            }
        })
        .await;
    assert_invalid(error, "FriendlyName");
    let error = refused(|client| {
        let long = long.clone();
        async move { client.notify().credentials().create(NotifyCredentialType::Apn).friendly_name(long).send().await }
    })
    .await;
    assert_invalid(error, "FriendlyName");
    let error = refused(|client| {
        let long = long.clone();
        async move { client.notify().credential(&credential()).update().friendly_name(long).send().await }
    })
    .await;
    assert_invalid(error, "FriendlyName");
}

#[tokio::test]
async fn friendly_names_are_counted_in_characters_not_bytes() {
    // 64 characters, 128 bytes: within the limit.
    let name = "é".repeat(64);
    let (_, request) = exchange(Reply::json(200, fixture("notify_update")), |client| {
        let name = name.clone();
        async move { client.notify().credential(&credential()).update().friendly_name(name).send().await }
    })
    .await;
    assert_form(&request, &format!("FriendlyName={}", "%C3%A9".repeat(64)));
}

#[tokio::test]
async fn path_segments_that_would_change_the_path_are_refused() {
    for account_id in ["", ".", ".."] {
        let error =
            refused(
                |client| async move { client.vobiz().account(account_id).trunks().credentials().list().send().await },
            )
            .await;
        assert_invalid(error, "account_id");
    }
}

// ---- Credentials and configuration ----

#[tokio::test]
async fn missing_credentials_are_reported_without_sending() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let bare = || Client::builder().base_url(server.url()).retry_policy(RetryPolicy::none());

    let client = bare().build().unwrap();
    match bounded(client.notify().credentials().list().send()).await {
        Err(Error::MissingCredentials { operation, schemes }) => {
            assert_eq!(operation, "ListCredential");
            assert!(schemes.contains("twilioBasic"), "{schemes}");
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    match bounded(client.trunking().trunk(&trunk()).credential_list(&credential_list()).delete().send()).await {
        Err(Error::MissingCredentials { operation, .. }) => assert_eq!(operation, "DeleteCredentialList"),
        other => panic!("expected MissingCredentials, got {other:?}"),
    }

    // Vobiz needs both headers; one alone, or Twilio's credentials, will not do.
    let only_id = bare().vobiz_auth_id("id").twilio_basic(ACCOUNT_SID, "token").build().unwrap();
    match bounded(only_id.vobiz().account("MA123").trunks().credentials().list().send()).await {
        Err(Error::MissingCredentials { operation, schemes }) => {
            assert_eq!(operation, "ListTrunkCredentials");
            assert!(schemes.contains("vobizAuthId") && schemes.contains("vobizAuthToken"), "{schemes}");
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    let only_vobiz = bare().vobiz_auth_id("id").vobiz_auth_token("t").build().unwrap();
    assert!(matches!(
        bounded(only_vobiz.notify().credential(&credential()).fetch().send()).await,
        Err(Error::MissingCredentials { operation: "FetchCredential", .. })
    ));

    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn base_urls_may_carry_a_path_prefix_and_a_trailing_slash() {
    let server = TestServer::start(|_, _| Reply::json(200, fixture("notify_fetch"))).await;
    let client = builder_for(&server)
        .server_url(Server::Notify, format!("{}/proxy/", server.url()))
        .server_url(Server::Accounts, format!("{}/", server.url()))
        .build()
        .unwrap();
    assert_eq!(client.base_url(Server::Notify), format!("{}/proxy", server.url()));
    bounded(client.notify().credential(&credential()).fetch().send()).await.unwrap();
    bounded(client.accounts().credentials().public_key(&credential()).fetch().send()).await.unwrap();
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [format!("/proxy/v1/Credentials/{CREDENTIAL}"), format!("/v1/Credentials/PublicKeys/{CREDENTIAL}")]
    );
}

#[tokio::test]
async fn default_base_urls_are_the_specs() {
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(Server::Trunking), "https://trunking.twilio.com");
    assert_eq!(client.base_url(Server::Accounts), "https://accounts.twilio.com");
    assert_eq!(client.base_url(Server::Notify), "https://notify.twilio.com");
    assert_eq!(client.base_url(Server::Vobiz), "https://api.vobiz.ai");
}

#[test]
fn base_urls_that_are_not_absolute_http_are_a_config_error() {
    for url in ["ftp://example.com", "not a url", "/v1", ""] {
        match Client::builder().server_url(Server::Notify, url).build() {
            Err(Error::Config { message }) => assert!(message.contains("base URL"), "{message}"),
            other => panic!("{url:?}: expected Config, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_user_agent_is_sent() {
    let (_, request) =
        exchange(
            Reply::empty(204),
            |client| async move { client.notify().credential(&credential()).delete().send().await },
        )
        .await;
    let agent = request.header("user-agent").unwrap_or_default();
    assert!(agent.starts_with("twilio-vobiz-credentials/"), "{agent:?}");

    let server = TestServer::start(|_, _| Reply::empty(204)).await;
    let client = builder_for(&server).user_agent("my-app/2.0").build().unwrap();
    bounded(client.notify().credential(&credential()).delete().send()).await.unwrap();
    assert_eq!(server.requests()[0].header("user-agent"), Some("my-app/2.0"));
}

#[tokio::test]
async fn one_client_reuses_its_connection_for_consecutive_calls() {
    let server = TestServer::start(|_, _| Reply::empty(204)).await;
    let client = builder_for(&server).build().unwrap();
    for _ in 0..3 {
        bounded(client.notify().credential(&credential()).delete().send()).await.unwrap();
    }
    let connections: Vec<usize> = server.requests().iter().map(|r| r.connection).collect();
    assert_eq!(connections, [0, 0, 0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_serves_calls_from_spawned_tasks() {
    let server = TestServer::start(|_, _| Reply::json(200, fixture("notify_fetch"))).await;
    let client = std::sync::Arc::new(builder_for(&server).build().unwrap());
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = std::sync::Arc::clone(&client);
            tokio::spawn(async move { client.notify().credential(&credential()).fetch().send().await })
        })
        .collect();
    for task in tasks {
        let fetched = bounded(task).await.unwrap().unwrap();
        assert_eq!(fetched.r#type, Some(NotifyCredentialType::Apn));
    }
    assert_eq!(server.requests().len(), 4);
}
