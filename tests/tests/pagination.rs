//! Pagination over a real socket: Twilio's `next_page_url` and Vobiz's `limit`/`offset`, each across at least
//! three pages, with and without an item limit.

use client_tests::{bounded, builder_for, Reply, TestServer};
use twilio_vobiz_credentials::notify::ListCredentialParams;
use twilio_vobiz_credentials::sid::TrunkSid;
use twilio_vobiz_credentials::trunking::ListCredentialListParams;
use twilio_vobiz_credentials::vobiz::ListTrunkCredentialsParams;
use twilio_vobiz_credentials::{Client, Error};

fn query_param(query: &str, name: &str) -> Option<usize> {
    query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))?.parse().ok())
}

fn credential(n: usize) -> String {
    format!(r#"{{"sid": "CR{n:032x}", "friendly_name": "credential {n}"}}"#)
}

/// Pages of two Notify credentials; page `n` links to `next(n)` when given.
fn notify_server(pages: usize, next: fn(&str, usize) -> String) -> impl Fn(&client_tests::Request, usize) -> Reply {
    move |request, _| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        let page = query_param(&request.query, "Page").unwrap_or(0);
        let next_url = if page + 1 < pages { format!("\"{}\"", next(&base, page + 1)) } else { "null".to_owned() };
        let items = [credential(page * 2), credential(page * 2 + 1)].join(",");
        Reply::json(
            200,
            format!(r#"{{"credentials": [{items}], "meta": {{"page": {page}, "next_page_url": {next_url}}}}}"#),
        )
    }
}

fn same_origin(base: &str, page: usize) -> String {
    format!("{base}/v1/Credentials?PageSize=2&Page={page}&PageToken=PT{page}")
}

fn client(server: &TestServer) -> Client {
    builder_for(server).build().unwrap()
}

fn names(items: &[twilio_vobiz_credentials::models::NotifyCredential]) -> Vec<String> {
    items.iter().map(|c| c.friendly_name.clone().unwrap_or_default()).collect()
}

#[tokio::test]
async fn next_page_urls_are_followed_to_the_last_page() {
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let items =
        bounded(client(&server).list_credential_stream(ListCredentialParams::new(), None).collect_all()).await.unwrap();
    assert_eq!(names(&items), (0..6).map(|n| format!("credential {n}")).collect::<Vec<_>>());
    let requests = server.requests();
    let targets: Vec<String> = requests.iter().map(|r| r.target()).collect();
    assert_eq!(
        targets,
        [
            "/v1/Credentials",
            "/v1/Credentials?PageSize=2&Page=1&PageToken=PT1",
            "/v1/Credentials?PageSize=2&Page=2&PageToken=PT2"
        ]
    );
    for request in &requests {
        assert!(request.header("authorization").is_some_and(|v| v.starts_with("Basic ")), "{request:?}");
    }
}

#[tokio::test]
async fn a_limit_stops_early_and_caps_the_first_page_size() {
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let items = bounded(client(&server).list_credential_stream(ListCredentialParams::new(), Some(3)).collect_all())
        .await
        .unwrap();
    assert_eq!(names(&items), ["credential 0", "credential 1", "credential 2"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the third page is never asked for");
    assert_eq!(requests[0].query, "PageSize=3");

    // A page size the caller set is kept, and a limit above the maximum asks for the maximum.
    let server = TestServer::start(notify_server(1, same_origin)).await;
    let client = client(&server);
    bounded(client.list_credential_stream(ListCredentialParams::new().page_size(7), Some(1)).collect_all())
        .await
        .unwrap();
    bounded(client.list_credential_stream(ListCredentialParams::new(), Some(5000)).collect_all()).await.unwrap();
    let queries: Vec<String> = server.requests().iter().map(|r| r.query.clone()).collect();
    assert_eq!(queries, ["PageSize=7", "PageSize=1000"]);
}

#[tokio::test]
async fn pages_can_be_read_one_at_a_time() {
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let mut stream = client(&server).list_credential_stream(ListCredentialParams::new(), None);
    let first = bounded(stream.next_page()).await.unwrap().unwrap();
    assert_eq!(names(&first), ["credential 0", "credential 1"]);
    assert_eq!(server.requests().len(), 1, "pages are fetched only when reached");
    assert_eq!(bounded(stream.next_page()).await.unwrap().unwrap().len(), 2);
    assert_eq!(bounded(stream.next_page()).await.unwrap().unwrap().len(), 2);
    assert!(bounded(stream.next_page()).await.is_none());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_next_page_on_another_host_is_not_followed() {
    fn elsewhere(_: &str, page: usize) -> String {
        format!("https://attacker.example.com/v1/Credentials?Page={page}")
    }
    let server = TestServer::start(notify_server(3, elsewhere)).await;
    let mut stream = client(&server).list_credential_stream(ListCredentialParams::new(), None);
    assert!(bounded(stream.try_next()).await.unwrap().is_ok());
    assert!(bounded(stream.try_next()).await.unwrap().is_ok());
    match bounded(stream.try_next()).await {
        Some(Err(Error::Pagination { message })) => {
            assert!(message.contains("attacker.example.com"), "{message}");
            assert!(!message.contains("token"), "{message}");
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert!(bounded(stream.try_next()).await.is_none(), "the stream ends after the error");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_next_page_on_another_port_or_scheme_is_not_followed() {
    fn other_port(base: &str, page: usize) -> String {
        let port: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
        format!("http://127.0.0.1:{}/v1/Credentials?Page={page}", port.wrapping_add(1))
    }
    fn other_scheme(base: &str, page: usize) -> String {
        format!("{}/v1/Credentials?Page={page}", base.replacen("http://", "https://", 1))
    }
    for next in [other_port as fn(&str, usize) -> String, other_scheme] {
        let server = TestServer::start(notify_server(2, next)).await;
        let result =
            bounded(client(&server).list_credential_stream(ListCredentialParams::new(), None).collect_all()).await;
        assert!(matches!(result, Err(Error::Pagination { .. })), "{result:?}");
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn trunking_lists_follow_next_page_urls_too() {
    let server = TestServer::start(|request, _| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        let page = query_param(&request.query, "Page").unwrap_or(0);
        let next = if page < 2 { format!("\"{base}{}?Page={}\"", request.path, page + 1) } else { "null".to_owned() };
        Reply::json(
            200,
            format!(r#"{{"credential_lists": [{{"sid": "CL{page:032x}"}}], "meta": {{"next_page_url": {next}}}}}"#),
        )
    })
    .await;
    let trunk: TrunkSid = "TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse().unwrap();
    let lists = bounded(
        client(&server).list_credential_list_stream(trunk, ListCredentialListParams::new(), None).collect_all(),
    )
    .await
    .unwrap();
    assert_eq!(lists.len(), 3);
    assert!(server
        .requests()
        .iter()
        .all(|r| r.path == "/v1/Trunks/TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/CredentialLists"));
}

/// Vobiz credentials `0..count`, with `meta.total_count` when `with_total`.
fn vobiz_server(count: usize, with_total: bool) -> impl Fn(&client_tests::Request, usize) -> Reply {
    move |request, _| {
        let limit = query_param(&request.query, "limit").unwrap_or(20);
        let offset = query_param(&request.query, "offset").unwrap_or(0);
        let objects: Vec<String> = (offset..count.min(offset + limit))
            .map(|i| {
                format!(
                    r#"{{"id": "id-{i}", "username": "user_{i}", "enabled": true,
                        "created_at": "2025-01-15T10:35:20Z", "updated_at": "2025-01-15T10:35:20Z"}}"#
                )
            })
            .collect();
        let total = if with_total { format!(r#", "total_count": {count}"#) } else { String::new() };
        Reply::json(
            200,
            format!(
                r#"{{"meta": {{"limit": {limit}, "offset": {offset}{total}}}, "objects": [{}]}}"#,
                objects.join(",")
            ),
        )
    }
}

async fn vobiz_usernames(server: &TestServer, params: ListTrunkCredentialsParams, limit: Option<usize>) -> Vec<String> {
    let stream = client(server).list_trunk_credentials_stream("MA_TEST_AUTH_ID", params, limit);
    bounded(stream.collect_all()).await.unwrap().into_iter().map(|c| c.username).collect()
}

fn queries(server: &TestServer) -> Vec<String> {
    server.requests().iter().map(|r| r.query.clone()).collect()
}

#[tokio::test]
async fn offsets_advance_until_a_short_page() {
    let server = TestServer::start(vobiz_server(5, false)).await;
    let users = vobiz_usernames(&server, ListTrunkCredentialsParams::new().limit(2), None).await;
    assert_eq!(users, ["user_0", "user_1", "user_2", "user_3", "user_4"]);
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4"]);
    for request in server.requests() {
        assert_eq!(request.path, "/api/v1/account/MA_TEST_AUTH_ID/trunks/credentials");
        assert_eq!(request.header("x-auth-id"), Some("MA_TEST_AUTH_ID"));
    }
}

#[tokio::test]
async fn offsets_stop_at_an_empty_page_when_no_total_is_reported() {
    let server = TestServer::start(vobiz_server(6, false)).await;
    let users = vobiz_usernames(&server, ListTrunkCredentialsParams::new().limit(2), None).await;
    assert_eq!(users.len(), 6);
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4", "limit=2&offset=6"]);
}

#[tokio::test]
async fn offsets_stop_at_the_reported_total() {
    let server = TestServer::start(vobiz_server(6, true)).await;
    let users = vobiz_usernames(&server, ListTrunkCredentialsParams::new().limit(2), None).await;
    assert_eq!(users.len(), 6);
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4"], "no request past the total");
}

#[tokio::test]
async fn offsets_with_an_item_limit_and_the_default_page_size() {
    let server = TestServer::start(vobiz_server(7, false)).await;
    let users = vobiz_usernames(&server, ListTrunkCredentialsParams::new().limit(2).offset(1), Some(3)).await;
    assert_eq!(users, ["user_1", "user_2", "user_3"]);
    assert_eq!(queries(&server), ["limit=2&offset=1", "limit=2&offset=3"]);

    // Without `limit` the API's default of 20 applies: 7 items is a short page, so one request.
    let server = TestServer::start(vobiz_server(7, false)).await;
    assert_eq!(vobiz_usernames(&server, ListTrunkCredentialsParams::new(), None).await.len(), 7);
    assert_eq!(queries(&server), [""]);
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_with_that_error() {
    let server = TestServer::start(|request, index| {
        if index == 0 {
            vobiz_server(10, false)(request, index)
        } else {
            Reply::json(500, r#"{"status": "error", "error": {"code": "INTERNAL", "message": "boom"}}"#)
        }
    })
    .await;
    let mut stream = client(&server).list_trunk_credentials_stream(
        "MA_TEST_AUTH_ID",
        ListTrunkCredentialsParams::new().limit(2),
        None,
    );
    assert!(bounded(stream.try_next()).await.unwrap().is_ok());
    assert!(bounded(stream.try_next()).await.unwrap().is_ok());
    let error = bounded(stream.try_next()).await.unwrap().unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert!(bounded(stream.try_next()).await.is_none());
}

#[tokio::test]
async fn offsets_stop_at_a_total_sent_under_its_newer_name() {
    let server = TestServer::start(|request, index| match vobiz_server(6, true)(request, index) {
        Reply::Full { status, headers, body } => Reply::Full {
            status,
            headers,
            body: String::from_utf8(body).unwrap().replace("total_count", "total").into(),
        },
        other => other,
    })
    .await;
    let users = vobiz_usernames(&server, ListTrunkCredentialsParams::new().limit(2), None).await;
    assert_eq!(users.len(), 6);
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4"], "no request past the total");
}
