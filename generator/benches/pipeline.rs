//! In-process time of the whole pipeline (load, lower to IR, emit, format) per spec: our curated spec and each of
//! Twilio's published specs that generates. Criterion reports time and MB/s (decimal) per spec; the benchmark id
//! carries the spec's operation count, so operations/s is `operations / time` (BENCHMARKS.md has the table, and
//! `cargo bench -p generator --bench scale` prints it directly).
//!
//! `cargo bench -p generator --bench pipeline [-- FILTER] [--measurement-time S] [--warm-up-time S]`
//!
//! The `stages` group splits our spec's time into load, lower and emit (emit includes formatting), and times
//! re-formatting the emitted Rust files as an estimate of formatting's share.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "../tests/common/corpus.rs"]
mod corpus;

/// Our spec first, then Twilio's in name order; each with its text.
fn specs() -> Vec<(String, String)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = vec![manifest.join("../spec/openapi.yaml")];
    paths.extend(corpus::twilio_specs("pipeline bench: Twilio's specs").unwrap_or_default());
    paths
        .into_iter()
        .map(|p| {
            let name = if p.ends_with("spec/openapi.yaml") {
                "openapi.yaml".to_owned()
            } else {
                p.file_stem().unwrap().to_string_lossy().into_owned()
            };
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
            (name, text)
        })
        .collect()
}

fn operations(api: &generator::ir::Api) -> usize {
    api.modules.iter().map(|m| m.operations.len()).sum()
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    for (name, text) in specs() {
        // The two specs that fail to lower are not benchmarked: there is no pipeline to time.
        let Ok(api) = generator::ir_of(&text, &name) else { continue };
        let id = BenchmarkId::new(name.clone(), format!("{}ops", operations(&api)));
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_with_input(id, &text, |b, text| {
            b.iter(|| generator::generate(black_box(text), &name).expect("generates"));
        });
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let (name, text) = specs().swap_remove(0);
    let document = generator::load::load(&text).expect("loads");
    let api = generator::lower::lower(&document, &generator::lower::Source::default()).expect("lowers");
    let mut group = c.benchmark_group(format!("stages/{name}"));
    group.throughput(Throughput::BytesDecimal(text.len() as u64));
    group.bench_function("load", |b| b.iter(|| generator::load::load(black_box(&text)).expect("loads")));
    group.bench_function("lower", |b| {
        b.iter(|| generator::lower::lower(black_box(&document), &generator::lower::Source::default()).expect("lowers"))
    });
    group.bench_function("emit+format", |b| b.iter(|| generator::emit::crate_files(black_box(&api)).expect("emits")));
    // What formatting alone costs, near enough: the emitted Rust files parsed by syn and printed by prettyplease
    // again (emit does the same from tokens rather than text).
    let sources: Vec<String> = generator::emit::crate_files(&api)
        .expect("emits")
        .into_iter()
        .filter(|(path, _)| path.ends_with(".rs") && !path.starts_with("src/runtime/"))
        .map(|(_, text)| text)
        .collect();
    group.bench_function("reformat-output", |b| {
        b.iter(|| {
            for source in &sources {
                let file = syn::parse_file(black_box(source)).expect("parses");
                black_box(prettyplease::unparse(&file));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Short defaults: 27 benchmarks on a shared machine. Override with --measurement-time / --warm-up-time.
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = pipeline, stages
}
criterion_main!(benches);
