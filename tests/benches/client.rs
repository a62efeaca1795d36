//! Criterion benchmarks of the generated client, each beside its hand-written baseline in the same group:
//!
//! - `sid`: `CredentialSid::from_str` against a hand-written byte check (prefix, length, hex) that also copies the
//!   text into a `String`, as parsing does; and validation alone (an owned `String` moved in) on both sides.
//! - `decode`: a list page of 1,000 Notify Credentials into the generated models against the same JSON into plain
//!   structs with `String` fields.
//! - `round_trip`: `fetch_credential` to a loopback server against the same GET written with reqwest directly.
//!
//! `cargo bench -p client-tests --bench client [-- FILTER] [--measurement-time S] [--warm-up-time S]`
//!
//! Criterion runs one benchmark after the other, so on a busy machine the load can change between a benchmark
//! and its baseline; `cargo bench -p client-tests --bench ratios` measures the same pairs interleaved and
//! prints the ratios the targets are stated in.

mod support;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::str::FromStr;
use std::time::Duration;
use support::*;
use twilio_vobiz_credentials::models::NotifyCredentialPage;
use twilio_vobiz_credentials::sid::CredentialSid;

fn sid(c: &mut Criterion) {
    assert!(hand_check(SID) && CredentialSid::from_str(SID).is_ok());
    let mut group = c.benchmark_group("sid");
    group.bench_function("from_str", |b| b.iter(|| CredentialSid::from_str(black_box(SID))));
    group.bench_function("hand_check+to_owned", |b| {
        b.iter(|| {
            let text = black_box(SID);
            hand_check(text).then(|| text.to_owned())
        })
    });
    group.bench_function("validate_owned/new", |b| {
        b.iter_batched(|| SID.to_owned(), CredentialSid::new, BatchSize::SmallInput)
    });
    group.bench_function("validate_owned/hand_check", |b| {
        b.iter_batched(|| SID.to_owned(), |text| hand_check(&text).then_some(text), BatchSize::SmallInput)
    });
    group.bench_function("hand_check_only", |b| b.iter(|| hand_check(black_box(SID))));
    group.finish();
}

fn decode(c: &mut Criterion) {
    let page = page_of_1000();
    let decoded: NotifyCredentialPage = serde_json::from_slice(&page).expect("page decodes");
    assert_eq!(decoded.credentials.len(), 1000);
    let mut group = c.benchmark_group("decode_1000");
    group.throughput(Throughput::Elements(1000));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<NotifyCredentialPage>(black_box(&page)).expect("decodes"))
    });
    group.bench_function("plain_strings", |b| {
        b.iter(|| serde_json::from_slice::<PlainPage>(black_box(&page)).expect("decodes"))
    });
    group.finish();
}

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let base = runtime.block_on(loopback_server(fixture("notify_fetch")));
    let client = generated_client(&base);
    let http = raw_client();
    let sid = CredentialSid::from_str(SID).expect("valid SID");
    // Both open their pooled connection before measuring.
    let generated =
        runtime.block_on(client.notify().credential(&sid).fetch().send()).expect("generated client fetches");
    assert_eq!(generated, runtime.block_on(raw_fetch(&http, &base, SID)));
    let mut group = c.benchmark_group("round_trip");
    group.bench_function("generated", |b| {
        b.iter(|| runtime.block_on(client.notify().credential(black_box(&sid)).fetch().send()).expect("fetches"))
    });
    group.bench_function("reqwest", |b| b.iter(|| runtime.block_on(raw_fetch(&http, &base, black_box(SID)))));
    group.finish();
}

criterion_group! {
    name = benches;
    // Short defaults for a shared machine; override with --measurement-time / --warm-up-time.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = sid, decode, round_trip
}
criterion_main!(benches);
