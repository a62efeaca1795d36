//! The `tracing` feature: one span per call with the operation id, method, server host, attempt number and
//! final status, and never a secret, a credential or a query string. A small subscriber of this file records
//! every span, every field recorded later and every event, from any crate, as text; it tracks the span each
//! thread is in, as `Span::current()` needs (the client records the attempt number on the current span).

use client_tests::{bounded, builder_for, fixture, Reply, TestServer};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use tracing_core::span::Current;
use twilio_vobiz_credentials::models::NotifyCredentialType;
use twilio_vobiz_credentials::sid::CredentialSid;
use twilio_vobiz_credentials::{Client, RetryPolicy};

/// One span as recorded: its name and its fields, those given at creation and those recorded later.
#[derive(Clone, Debug, Default)]
struct SpanRecord {
    name: String,
    target: String,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Recorded {
    spans: Vec<SpanRecord>,
    metadata: Vec<&'static Metadata<'static>>,
    /// Every field of every span and event, as `name=value` lines, in the order seen.
    text: String,
}

#[derive(Clone, Default)]
struct Recorder {
    recorded: Arc<Mutex<Recorded>>,
    next_id: Arc<AtomicU64>,
}

struct FieldsOf<'a>(&'a mut BTreeMap<String, String>);

impl Visit for FieldsOf<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Recorder {
    fn spans(&self, name: &str) -> Vec<SpanRecord> {
        self.recorded.lock().unwrap().spans.iter().filter(|s| s.name == name).cloned().collect()
    }

    fn text(&self) -> String {
        self.recorded.lock().unwrap().text.clone()
    }

    fn log(recorded: &mut Recorded, what: &str, fields: &BTreeMap<String, String>) {
        recorded.text.push_str(what);
        for (name, value) in fields {
            recorded.text.push_str(&format!(" {name}={value}"));
        }
        recorded.text.push('\n');
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        span.record(&mut FieldsOf(&mut fields));
        let mut recorded = self.recorded.lock().unwrap();
        let metadata = span.metadata();
        Self::log(&mut recorded, &format!("span {} {}", metadata.target(), metadata.name()), &fields);
        recorded.metadata.push(metadata);
        recorded.spans.push(SpanRecord {
            name: metadata.name().to_owned(),
            target: metadata.target().to_owned(),
            fields,
        });
        let index = self.next_id.fetch_add(1, Ordering::SeqCst);
        assert_eq!(index as usize, recorded.spans.len() - 1);
        Id::from_u64(index + 1)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = BTreeMap::new();
        values.record(&mut FieldsOf(&mut fields));
        let mut recorded = self.recorded.lock().unwrap();
        Self::log(&mut recorded, &format!("record {}", span.into_u64()), &fields);
        if let Some(record) = recorded.spans.get_mut(span.into_u64() as usize - 1) {
            record.fields.extend(fields);
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut FieldsOf(&mut fields));
        let mut recorded = self.recorded.lock().unwrap();
        Self::log(&mut recorded, &format!("event {}", event.metadata().target()), &fields);
    }

    fn enter(&self, span: &Id) {
        ENTERED.with(|entered| entered.borrow_mut().push(span.clone()));
    }

    fn exit(&self, span: &Id) {
        ENTERED.with(|entered| {
            let mut entered = entered.borrow_mut();
            if let Some(at) = entered.iter().rposition(|id| id == span) {
                entered.remove(at);
            }
        });
    }

    fn current_span(&self) -> Current {
        let Some(id) = ENTERED.with(|entered| entered.borrow().last().cloned()) else { return Current::none() };
        let metadata = self.recorded.lock().unwrap().metadata[id.into_u64() as usize - 1];
        Current::new(id, metadata)
    }
}

thread_local! {
    /// The spans this thread is in, innermost last.
    static ENTERED: std::cell::RefCell<Vec<Id>> = const { std::cell::RefCell::new(Vec::new()) };
}

const AUTH_TOKEN: &str = "traceAUTHtokenNOTshown";
const VOBIZ_TOKEN: &str = "traceVOBIZtokenNOTshown";
const PRIVATE_KEY: &str = "tracePRIVATEkeyNOTshown";
const API_KEY: &str = "traceAPIkeyNOTshown";
const SECRET: &str = "traceSECRETnotShown";
const PAGE_TOKEN: &str = "tracePAGEtokenInQuery";

fn sid() -> CredentialSid {
    "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse().unwrap()
}

fn client(server: &TestServer) -> Client {
    builder_for(server)
        .twilio_basic("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", AUTH_TOKEN)
        .vobiz_auth_token(VOBIZ_TOKEN)
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(10),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn field<'a>(span: &'a SpanRecord, name: &str) -> Option<&'a str> {
    span.fields.get(name).map(String::as_str)
}

#[tokio::test]
async fn each_call_has_a_span_with_its_operation_method_host_attempt_and_status_and_no_secret() {
    let server = TestServer::start(|request, index| {
        let base = format!("http://{}", request.header("host").unwrap_or_default());
        match (request.method.as_str(), request.path.as_str()) {
            // The fetch meets a 503 first, then succeeds on the second attempt.
            ("GET", "/v1/Credentials/CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") if index == 0 => Reply::empty(503),
            ("GET", "/v1/Credentials/CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") => Reply::json(200, fixture("notify_fetch")),
            ("GET", "/v1/Credentials") if request.query.contains("Page=1") => {
                Reply::json(200, r#"{"credentials": [], "meta": {"next_page_url": null}}"#)
            }
            ("GET", "/v1/Credentials") => Reply::json(
                200,
                format!(
                    r#"{{"credentials": [{{"sid": "CRbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}],
                        "meta": {{"next_page_url": "{base}/v1/Credentials?PageSize=1&Page=1&PageToken={PAGE_TOKEN}"}}}}"#
                ),
            ),
            ("POST", "/v1/Credentials") => Reply::json(201, fixture("notify_create")),
            ("GET", path) if path.starts_with("/api/") => Reply::json(200, fixture("vobiz_list")),
            _ => Reply::json(404, r#"{"code": 20404, "message": "not found", "status": 404}"#),
        }
    })
    .await;
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());
    let client = client(&server);

    bounded(client.notify().credential(&sid()).fetch().send()).await.unwrap();
    let pages = client.notify().credentials().list().page_size(1).page_token(PAGE_TOKEN).items();
    assert_eq!(bounded(pages.collect_all()).await.unwrap().len(), 1);
    bounded(
        client
            .notify()
            .credentials()
            .create(NotifyCredentialType::Fcm)
            .private_key(PRIVATE_KEY)
            .api_key(API_KEY)
            .secret(SECRET)
            .with_header("X-Caller-Secret", SECRET)
            .send(),
    )
    .await
    .unwrap();
    bounded(client.vobiz().account("MA_TEST_AUTH_ID").trunks().credentials().list().limit(5).offset(0).send())
        .await
        .unwrap();
    let missing: CredentialSid = "CRcccccccccccccccccccccccccccccccc".parse().unwrap();
    let error = bounded(client.notify().credential(&missing).delete().send()).await.unwrap_err();
    assert!(error.is_not_found());

    let spans = recorder.spans("request");
    let summary: Vec<[Option<&str>; 4]> = spans
        .iter()
        .map(|s| [field(s, "operation"), field(s, "method"), field(s, "attempt"), field(s, "status")])
        .collect();
    assert_eq!(
        summary,
        [
            [Some("FetchCredential"), Some("GET"), Some("2"), Some("200")],
            [Some("ListCredential"), Some("GET"), Some("1"), Some("200")],
            [Some("ListCredential"), Some("GET"), Some("1"), Some("200")],
            [Some("CreateCredential"), Some("POST"), Some("1"), Some("201")],
            [Some("ListTrunkCredentials"), Some("GET"), Some("1"), Some("200")],
            [Some("DeleteCredential"), Some("DELETE"), Some("1"), Some("404")],
        ],
        "one span per request, each page its own; {:#?}",
        spans
    );
    for span in &spans {
        let names: Vec<&str> = span.fields.keys().map(String::as_str).collect();
        assert_eq!(names, ["attempt", "host", "method", "operation", "status"], "{span:?}");
        assert_eq!(field(span, "host"), Some("127.0.0.1"), "{span:?}");
        assert_eq!(span.target, "clientgen_runtime::transport", "{span:?}");
    }

    let text = recorder.text();
    // `Basic base64(account:token)` and the token itself, the Vobiz token, the secret fields of the body, the
    // caller's header value, and anything of a query string or a URL.
    let basic = "QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0cmFjZUFVVEh0b2tlbk5PVHNob3du";
    let query = ["PageSize", "PageToken", "Page=", "limit=", "offset="];
    for secret in [AUTH_TOKEN, basic, VOBIZ_TOKEN, PRIVATE_KEY, API_KEY, SECRET, PAGE_TOKEN].iter().chain(&query) {
        assert!(!text.contains(secret), "the recorded output shows {secret:?}:\n{text}");
    }
    assert!(!text.contains("/v1/") && !text.contains("/api/"), "no path or URL is recorded:\n{text}");
}

#[tokio::test]
async fn a_call_that_gets_no_answer_has_a_span_without_a_status() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .twilio_basic("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", AUTH_TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    bounded(client.notify().credential(&sid()).fetch().send()).await.unwrap_err();
    let spans = recorder.spans("request");
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(field(&spans[0], "operation"), Some("FetchCredential"));
    assert_eq!(field(&spans[0], "attempt"), Some("1"));
    assert_eq!(field(&spans[0], "status"), None);
    assert!(!recorder.text().contains(AUTH_TOKEN));
}
