//! The crate generated from fixtures/media_types.yaml against a server on 127.0.0.1.

mod server;

use media_types::models::{ErrorType, Note, User};
use media_types::operations::{
    CreateNoteParams, CreateUserParams, ReplaceNotesParams, UpdateNoteTextParams, UploadFileParams,
};
use media_types::{ApiErrorBody, Client, Error, RetryPolicy, Server};
use server::Reply;

fn client(url: &str) -> Client {
    Client::builder().base_url(Server::ApiExampleCom, url).retry_policy(RetryPolicy::none()).build().unwrap()
}

#[tokio::test]
async fn json_bodies_go_with_the_documented_json_media_type() {
    let server = server::Server::start(|request| match request.target.as_str() {
        "/scim/v2/Users" => Reply(
            201,
            vec![("Content-Type", "application/scim+json".into())],
            br#"{"userName": "ada", "active": true}"#.to_vec(),
        ),
        _ => Reply(201, vec![], br#"{"text": "hi"}"#.to_vec()),
    })
    .await;
    let client = client(&server.url);
    let user = client.create_user(&CreateUserParams::new(User { user_name: "ada".into(), active: None })).await;
    assert_eq!(user.unwrap(), User { user_name: "ada".into(), active: Some(true) });
    let note = client.create_note(&CreateNoteParams::new(Note { text: Some("hi".into()) })).await.unwrap();
    assert_eq!(note.text.as_deref(), Some("hi"));

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/scim+json"));
    assert_eq!(requests[0].header("accept"), Some("application/scim+json"));
    assert_eq!(requests[0].body, br#"{"userName":"ada"}"#);
    // Form and JSON offered: JSON is sent.
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
    assert_eq!(requests[1].body, br#"{"text":"hi"}"#);
}

#[tokio::test]
async fn form_is_preferred_to_other_media_types_and_others_are_bytes() {
    let server = server::Server::start(|request| match request.method.as_str() {
        "PUT" if request.target == "/v1/Notes/NO1/Text" => Reply(200, vec![], "stored: ü".as_bytes().to_vec()),
        _ => Reply(204, vec![], Vec::new()),
    })
    .await;
    let client = client(&server.url);
    client.replace_notes(&ReplaceNotesParams::new().text("a b")).await.unwrap();
    let text = client.update_note_text("NO1", &UpdateNoteTextParams::new("ü")).await.unwrap();
    assert_eq!(text, "stored: ü");
    let file = vec![0u8, 159, 146, 150, 255];
    client.upload_file("FI1", &UploadFileParams::new(file.clone()).overwrite(true)).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(requests[0].body, b"Text=a%20b");
    assert_eq!(requests[1].header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(requests[1].header("accept"), Some("text/plain; charset=utf-8"));
    assert_eq!(requests[1].body, "ü".as_bytes());
    assert_eq!(requests[2].target, "/v1/Files/FI1?Overwrite=true");
    assert_eq!(requests[2].header("content-type"), Some("application/octet-stream"));
    assert_eq!(requests[2].body, file);
}

#[tokio::test]
async fn non_json_answers_come_back_as_bytes_or_text_with_accept_naming_them() {
    let server = server::Server::start(|request| match request.target.as_str() {
        "/v1/Files/FI1" => Reply(200, vec![("Content-Type", "application/pdf".into())], b"%PDF-1.7\xff".to_vec()),
        "/v1/Files/FI0" => Reply(404, vec![], br#"{"code": 20404, "message": "no file"}"#.to_vec()),
        _ => Reply(200, vec![], b"a,b\n1,2\n".to_vec()),
    })
    .await;
    let client = client(&server.url);
    assert_eq!(client.download_file("FI1").await.unwrap(), b"%PDF-1.7\xff");
    let Err(Error::Api(api)) = client.download_file("FI0").await else { panic!("not an API error") };
    let expected = ErrorType { code: Some(20404), message: Some("no file".into()) };
    assert_eq!(api.body, ApiErrorBody::ErrorType(expected));
    assert_eq!(client.fetch_report().await.unwrap(), "a,b\n1,2\n");

    let requests = server.requests();
    assert_eq!(requests[0].header("accept"), Some("application/pdf, application/json;q=0.5"));
    assert_eq!(requests[2].header("accept"), Some("text/csv, text/html;q=0.5"));
}

#[tokio::test]
async fn a_text_answer_that_is_not_utf8_is_a_decode_error_and_an_html_error_stays_raw() {
    let server = server::Server::start(|request| match request.method.as_str() {
        "GET" => Reply(500, vec![("Content-Type", "text/html".into())], b"<h1>down</h1>".to_vec()),
        _ => Reply(200, vec![], vec![b'a', 0xff]),
    })
    .await;
    let client = client(&server.url);
    let Err(Error::Api(api)) = client.fetch_report().await else { panic!("not an API error") };
    assert_eq!((api.status, api.body), (500, ApiErrorBody::Raw("<h1>down</h1>".into())));
    let error = client.update_note_text("NO1", &UpdateNoteTextParams::new(vec![1u8])).await.unwrap_err();
    assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
}
