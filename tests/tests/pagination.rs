//! Pagination over a real socket: Twilio's `next_page_url` and Vobiz's `limit`/`offset`, each across at least
//! three pages, with and without an item limit.

use client_tests::{bounded, builder_for, Reply, TestServer};
use twilio_vobiz_credentials::sid::TrunkSid;
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
    let items = bounded(client(&server).notify().credentials().list().items().collect_all()).await.unwrap();
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
async fn a_limit_stops_early_and_leaves_the_page_size_alone() {
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let items = bounded(client(&server).notify().credentials().list().items().limit(3).collect_all()).await.unwrap();
    assert_eq!(names(&items), ["credential 0", "credential 1", "credential 2"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the third page is never asked for");
    assert_eq!(requests[0].query, "", "a limit sends no page size of its own");

    // The page size is the one the request sets, whatever the limit; a limit above the maximum page size
    // sends none either.
    let server = TestServer::start(notify_server(1, same_origin)).await;
    let client = client(&server);
    bounded(client.notify().credentials().list().page_size(7).items().limit(1).collect_all()).await.unwrap();
    bounded(client.notify().credentials().list().items().limit(5000).collect_all()).await.unwrap();
    let queries: Vec<String> = server.requests().iter().map(|r| r.query.clone()).collect();
    assert_eq!(queries, ["PageSize=7", ""]);
}

#[tokio::test]
async fn a_limit_within_the_first_page_fetches_only_that_page() {
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let mut items = client(&server).notify().credentials().list().page_size(2).items().limit(2);
    assert_eq!(bounded(items.try_next()).await.unwrap().unwrap().friendly_name.as_deref(), Some("credential 0"));
    assert_eq!(bounded(items.try_next()).await.unwrap().unwrap().friendly_name.as_deref(), Some("credential 1"));
    assert!(bounded(items.try_next()).await.unwrap().is_none(), "the limit ends the stream");
    assert_eq!(queries(&server), ["PageSize=2"], "no page past the limit is fetched");

    // A limit of zero asks for nothing at all.
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let none = bounded(client(&server).notify().credentials().list().items().limit(0).collect_all()).await.unwrap();
    assert!(none.is_empty());
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[tokio::test]
async fn pages_can_be_read_one_at_a_time() {
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let mut pages = client(&server).notify().credentials().list().pages();
    let first = bounded(pages.try_next()).await.unwrap().unwrap();
    assert_eq!(names(&first.credentials), ["credential 0", "credential 1"]);
    assert_eq!(first.meta.page, Some(0), "a page comes whole, its meta included");
    assert_eq!(server.requests().len(), 1, "pages are fetched only when reached");
    let second = bounded(pages.try_next()).await.unwrap().unwrap();
    assert_eq!((second.credentials.len(), second.meta.page), (2, Some(1)));
    assert_eq!(bounded(pages.try_next()).await.unwrap().unwrap().credentials.len(), 2);
    assert!(bounded(pages.try_next()).await.unwrap().is_none());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_next_page_on_another_host_is_not_followed() {
    fn elsewhere(_: &str, page: usize) -> String {
        format!("https://attacker.example.com/v1/Credentials?Page={page}")
    }
    let server = TestServer::start(notify_server(3, elsewhere)).await;
    let mut stream = client(&server).notify().credentials().list().items();
    assert!(bounded(stream.try_next()).await.unwrap().is_some());
    assert!(bounded(stream.try_next()).await.unwrap().is_some());
    match bounded(stream.try_next()).await {
        Err(Error::Pagination { message }) => {
            assert!(message.contains("attacker.example.com"), "{message}");
            assert!(!message.contains("token"), "{message}");
        }
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert!(bounded(stream.try_next()).await.unwrap().is_none(), "the stream ends after the error");
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
        let result = bounded(client(&server).notify().credentials().list().items().collect_all()).await;
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
    let lists = bounded(client(&server).trunking().trunk(&trunk).credential_lists().list().items().collect_all())
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

/// Vobiz list parameters with the given page size (`limit`) and start (`offset`).
fn vobiz_params(limit: Option<i64>, offset: Option<i64>) -> ListTrunkCredentialsParams {
    let mut params = ListTrunkCredentialsParams::new("MA_TEST_AUTH_ID");
    params.limit = limit;
    params.offset = offset;
    params
}

/// Every username `.items()` gives for `params`, stopping after `limit` items when given.
async fn vobiz_usernames(server: &TestServer, params: ListTrunkCredentialsParams, limit: Option<usize>) -> Vec<String> {
    let request = client(server).vobiz().account("MA_TEST_AUTH_ID").trunks().credentials().list().with_params(params);
    let items = match limit {
        Some(limit) => request.items().limit(limit),
        None => request.items(),
    };
    bounded(items.collect_all()).await.unwrap().into_iter().map(|c| c.username).collect()
}

fn queries(server: &TestServer) -> Vec<String> {
    server.requests().iter().map(|r| r.query.clone()).collect()
}

#[tokio::test]
async fn offsets_advance_until_a_short_page() {
    let server = TestServer::start(vobiz_server(5, false)).await;
    let users = vobiz_usernames(&server, vobiz_params(Some(2), None), None).await;
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
    let users = vobiz_usernames(&server, vobiz_params(Some(2), None), None).await;
    assert_eq!(users.len(), 6);
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4", "limit=2&offset=6"]);
}

#[tokio::test]
async fn offsets_stop_at_the_reported_total() {
    let server = TestServer::start(vobiz_server(6, true)).await;
    let users = vobiz_usernames(&server, vobiz_params(Some(2), None), None).await;
    assert_eq!(users.len(), 6);
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4"], "no request past the total");
}

#[tokio::test]
async fn offsets_with_an_item_limit_and_the_default_page_size() {
    let server = TestServer::start(vobiz_server(7, false)).await;
    let users = vobiz_usernames(&server, vobiz_params(Some(2), Some(1)), Some(3)).await;
    assert_eq!(users, ["user_1", "user_2", "user_3"]);
    assert_eq!(queries(&server), ["limit=2&offset=1", "limit=2&offset=3"]);

    // Without `limit` the API's default of 20 applies: 7 items is a short page, so one request.
    let server = TestServer::start(vobiz_server(7, false)).await;
    assert_eq!(vobiz_usernames(&server, vobiz_params(None, None), None).await.len(), 7);
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
    let mut stream = client(&server).vobiz().account("MA_TEST_AUTH_ID").trunks().credentials().list().limit(2).items();
    assert!(bounded(stream.try_next()).await.unwrap().is_some());
    assert!(bounded(stream.try_next()).await.unwrap().is_some());
    let error = bounded(stream.try_next()).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert!(bounded(stream.try_next()).await.unwrap().is_none());
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
    let users = vobiz_usernames(&server, vobiz_params(Some(2), None), None).await;
    assert_eq!(users.len(), 6);
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4"], "no request past the total");
}

/// Pages of one Accounts public key each at `/v1/Credentials/PublicKeys`, `pages` of them, each linking to the
/// next with the page size the first request sent.
fn accounts_server(pages: usize) -> impl Fn(&client_tests::Request, usize) -> Reply {
    move |request, _| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        let page = query_param(&request.query, "Page").unwrap_or(0);
        let next = if page + 1 < pages {
            format!("\"{base}/v1/Credentials/PublicKeys?PageSize=1&Page={}\"", page + 1)
        } else {
            "null".to_owned()
        };
        Reply::json(
            200,
            format!(
                r#"{{"credentials": [{{"sid": "CR{page:032x}", "friendly_name": "key {page}"}}],
                    "meta": {{"page": {page}, "page_size": 1, "next_page_url": {next}}}}}"#
            ),
        )
    }
}

#[tokio::test]
async fn accounts_lists_follow_next_page_urls_with_items_pages_and_limit() {
    let server = TestServer::start(accounts_server(3)).await;
    let keys = client(&server).accounts().credentials().public_keys().list().page_size(1).items();
    let keys = bounded(keys.collect_all()).await.unwrap();
    let names: Vec<_> = keys.iter().map(|k| k.friendly_name.clone().unwrap_or_default()).collect();
    assert_eq!(names, ["key 0", "key 1", "key 2"]);
    assert_eq!(
        queries(&server),
        ["PageSize=1", "PageSize=1&Page=1", "PageSize=1&Page=2"],
        "the first request sends the page size set; later ones follow the links as given"
    );

    let server = TestServer::start(accounts_server(3)).await;
    let mut pages = client(&server).accounts().credentials().public_keys().list().pages();
    let first = bounded(pages.try_next()).await.unwrap().unwrap();
    assert_eq!((first.credentials.len(), first.meta.page), (1, Some(0)));
    assert_eq!(queries(&server), [""], "no page size when the request sets none");
    let second = bounded(pages.try_next()).await.unwrap().unwrap();
    assert_eq!(second.meta.page, Some(1));
    assert_eq!(server.requests().len(), 2, "the third page is fetched only when read");

    let server = TestServer::start(accounts_server(3)).await;
    let limited = client(&server).accounts().credentials().public_keys().list().items().limit(2);
    assert_eq!(bounded(limited.collect_all()).await.unwrap().len(), 2);
    assert_eq!(queries(&server), ["", "PageSize=1&Page=1"], "the third page is never asked for");
}

#[tokio::test]
async fn trunking_pages_come_whole_and_a_limit_stops_early() {
    let server = TestServer::start(|request, _| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        let page = query_param(&request.query, "Page").unwrap_or(0);
        let next = if page < 2 { format!("\"{base}{}?Page={}\"", request.path, page + 1) } else { "null".to_owned() };
        Reply::json(
            200,
            format!(
                r#"{{"credential_lists": [{{"sid": "CL{page:032x}"}}, {{"sid": "CL{:032x}"}}],
                    "meta": {{"page": {page}, "next_page_url": {next}}}}}"#,
                page + 100
            ),
        )
    })
    .await;
    let trunk: TrunkSid = "TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse().unwrap();
    let client = client(&server);
    let mut pages = client.trunking().trunk(&trunk).credential_lists().list().page_size(2).pages();
    let mut seen = Vec::new();
    while let Some(page) = bounded(pages.try_next()).await.unwrap() {
        seen.push((page.meta.page, page.credential_lists.len()));
    }
    assert_eq!(seen, [(Some(0), 2), (Some(1), 2), (Some(2), 2)]);
    assert_eq!(queries(&server), ["PageSize=2", "Page=1", "Page=2"]);

    let limited = client.trunking().trunk(&trunk).credential_lists().list().items().limit(3);
    let lists = bounded(limited.collect_all()).await.unwrap();
    let sids: Vec<&str> = lists.iter().map(|l| l.sid.as_ref().unwrap().as_str()).collect();
    assert_eq!(sids, [format!("CL{:032x}", 0), format!("CL{:032x}", 100), format!("CL{:032x}", 1)]);
    assert_eq!(queries(&server)[3..], ["", "Page=1"], "two pages for three items, no page size sent");
}

#[tokio::test]
async fn vobiz_pages_advance_the_offset_one_page_at_a_time() {
    let server = TestServer::start(vobiz_server(5, false)).await;
    let mut pages = client(&server).vobiz().account("MA_TEST_AUTH_ID").trunks().credentials().list().limit(2).pages();
    let first = bounded(pages.try_next()).await.unwrap().unwrap();
    assert_eq!((first.meta.offset, first.objects.len()), (Some(0), 2));
    assert_eq!(server.requests().len(), 1, "pages are fetched only when reached");
    let second = bounded(pages.try_next()).await.unwrap().unwrap();
    assert_eq!((second.meta.offset, second.objects.len()), (Some(2), 2));
    let third = bounded(pages.try_next()).await.unwrap().unwrap();
    assert_eq!((third.meta.offset, third.objects.len()), (Some(4), 1));
    assert!(bounded(pages.try_next()).await.unwrap().is_none(), "a short page is the last");
    assert_eq!(queries(&server), ["limit=2", "limit=2&offset=2", "limit=2&offset=4"]);
}

#[tokio::test]
async fn a_vobiz_item_limit_sends_no_page_size_of_its_own() {
    let server = TestServer::start(vobiz_server(50, true)).await;
    let users = vobiz_usernames(&server, vobiz_params(None, None), Some(3)).await;
    assert_eq!(users, ["user_0", "user_1", "user_2"]);
    assert_eq!(queries(&server), [""], "one page of the API's default size, no limit sent");

    let server = TestServer::start(vobiz_server(50, true)).await;
    let users = vobiz_usernames(&server, vobiz_params(Some(4), None), Some(6)).await;
    assert_eq!(users.len(), 6);
    assert_eq!(queries(&server), ["limit=4", "limit=4&offset=4"], "the request's page size, two pages, no third");
}

#[tokio::test]
async fn items_and_pages_are_streams() {
    use futures_util::TryStreamExt;
    let client_of = client;
    let server = TestServer::start(notify_server(3, same_origin)).await;
    let client = client_of(&server);
    let items: Vec<_> = bounded(TryStreamExt::try_collect(client.notify().credentials().list().items())).await.unwrap();
    assert_eq!(items.len(), 6);
    let pages: Vec<_> = bounded(TryStreamExt::try_collect(client.notify().credentials().list().pages())).await.unwrap();
    assert_eq!(pages.iter().map(|p| p.credentials.len()).collect::<Vec<_>>(), [2, 2, 2]);

    let server = TestServer::start(vobiz_server(5, false)).await;
    let vobiz = client_of(&server).vobiz().account("MA_TEST_AUTH_ID").trunks().credentials().list().limit(2);
    let users: Vec<_> = bounded(TryStreamExt::try_collect(vobiz.items())).await.unwrap();
    assert_eq!(users.len(), 5);
}
