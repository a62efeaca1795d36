//! Scale: every spec (our curated one and Twilio's 27) through the whole pipeline in one process, several passes.
//! Prints, as Markdown, per spec the median time, MB/s and operations/s; the wall time of one pass over all 27
//! Twilio specs (target: at most 1 s in release mode); and a least-squares fit of time against operation count.
//!
//! `cargo bench -p generator --bench scale [-- --passes N]` (default 7 passes). Under `cargo test --benches` it
//! runs one pass over our spec only, as a smoke test.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../tests/common/corpus.rs"]
mod corpus;

struct Spec {
    name: String,
    text: String,
    /// `None` for a spec that does not generate.
    operations: Option<usize>,
    types: usize,
    times: Vec<Duration>,
    /// Per pass: load, lower, emit (with formatting), for specs that generate.
    stages: Vec<[Duration; 3]>,
}

fn load_specs() -> Vec<Spec> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(mut paths) = corpus::twilio_specs("scale bench") else { std::process::exit(0) };
    paths.insert(0, manifest.join("../spec/openapi.yaml"));
    paths
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let name = if i == 0 {
                "openapi.yaml (ours)".to_owned()
            } else {
                p.file_stem().unwrap().to_string_lossy().into_owned()
            };
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
            let api = generator::ir_of(&text, &name).ok();
            let operations = api.as_ref().map(|api| api.modules.iter().map(|m| m.operations.len()).sum());
            let types = api.as_ref().map_or(0, |api| api.types.len());
            Spec { name, text, operations, types, times: Vec::new(), stages: Vec::new() }
        })
        .collect()
}

/// One spec through load, lower, emit and format; the error, if any, is part of the work.
fn run(spec: &Spec) -> Duration {
    let start = Instant::now();
    let result = generator::generate(black_box(&spec.text), &spec.name);
    let elapsed = start.elapsed();
    assert_eq!(result.is_ok(), spec.operations.is_some(), "{}: outcome changed between passes", spec.name);
    drop(black_box(result));
    elapsed
}

/// The same work stage by stage.
fn run_stages(spec: &Spec) -> [Duration; 3] {
    let start = Instant::now();
    let document = generator::load::load(black_box(&spec.text)).expect("loads");
    let loaded = Instant::now();
    let api = generator::lower::lower(&document, &generator::lower::Source::default()).expect("lowers");
    let lowered = Instant::now();
    let files = generator::emit::crate_files(&api).expect("emits");
    let emitted = Instant::now();
    drop(black_box((document, api, files)));
    [loaded - start, lowered - loaded, emitted - lowered]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Least squares `y = a + b x + c z` through the normal equations: (a, b, c, r²).
fn fit2(points: &[(f64, f64, f64)]) -> (f64, f64, f64, f64) {
    let n = points.len() as f64;
    let mean = |f: &dyn Fn(&(f64, f64, f64)) -> f64| points.iter().map(f).sum::<f64>() / n;
    let (mx, mz, my) = (mean(&|p| p.0), mean(&|p| p.1), mean(&|p| p.2));
    let sum = |f: &dyn Fn(f64, f64, f64) -> f64| points.iter().map(|p| f(p.0 - mx, p.1 - mz, p.2 - my)).sum::<f64>();
    let (sxx, szz, sxz) = (sum(&|x, _, _| x * x), sum(&|_, z, _| z * z), sum(&|x, z, _| x * z));
    let (sxy, szy, syy) = (sum(&|x, _, y| x * y), sum(&|_, z, y| z * y), sum(&|_, _, y| y * y));
    let det = sxx * szz - sxz * sxz;
    let b = (sxy * szz - szy * sxz) / det;
    let c = (szy * sxx - sxy * sxz) / det;
    let a = my - b * mx - c * mz;
    let residual: f64 = points.iter().map(|p| (p.2 - a - b * p.0 - c * p.1).powi(2)).sum();
    (a, b, c, 1.0 - residual / syy)
}

/// Least squares `y = a + b x`: (a, b, r²).
fn fit(points: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points.iter().fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    let (mx, my) = (sx / n, sy / n);
    let sxx: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let syy: f64 = points.iter().map(|(_, y)| (y - my) * (y - my)).sum();
    let b = sxy / sxx;
    let a = my - b * mx;
    (a, b, (sxy * sxy) / (sxx * syy))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let passes: usize = args
        .iter()
        .position(|a| a == "--passes")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse().expect("--passes takes a number"))
        .unwrap_or(7);
    let mut specs = load_specs();
    if !benching {
        run(&specs[0]);
        println!("scale: smoke pass over our spec done (run with `cargo bench` for figures)");
        return;
    }

    // Passes over all specs; the wall time of a pass counts only Twilio's 27, as the target states.
    let mut pass_walls = Vec::new();
    for _ in 0..passes {
        let start = Instant::now();
        for spec in specs.iter_mut().skip(1) {
            let t = run(spec);
            spec.times.push(t);
        }
        pass_walls.push(start.elapsed().as_secs_f64());
        let t = run(&specs[0]);
        specs[0].times.push(t);
    }

    // Stage by stage, in separate passes so that the timers do not touch the figures above.
    for _ in 0..passes {
        for spec in specs.iter_mut().filter(|s| s.operations.is_some()) {
            let t = run_stages(spec);
            spec.stages.push(t);
        }
    }

    println!("## Per spec (median of {passes} passes)\n");
    println!("| spec | bytes | operations | types | time (ms) | MB/s | operations/s | load | lower | emit+format |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut type_points = Vec::new();
    let mut points = Vec::new();
    let mut byte_points = Vec::new();
    let mut names = Vec::new();
    for spec in &specs {
        let mut ms: Vec<f64> = spec.times.iter().map(|t| t.as_secs_f64() * 1e3).collect();
        let ms = median(&mut ms);
        let mb_s = spec.text.len() as f64 / 1e6 / (ms / 1e3);
        match spec.operations {
            Some(ops) => {
                let stage = |i: usize| {
                    let mut v: Vec<f64> = spec.stages.iter().map(|s| s[i].as_secs_f64() * 1e3).collect();
                    median(&mut v)
                };
                let (load, lower, emit) = (stage(0), stage(1), stage(2));
                let share = |t: f64| 100.0 * t / (load + lower + emit);
                println!(
                    "| {} | {} | {ops} | {} | {ms:.2} | {mb_s:.1} | {:.0} | {:.0}% | {:.0}% | {:.0}% |",
                    spec.name,
                    spec.text.len(),
                    spec.types,
                    ops as f64 / (ms / 1e3),
                    share(load),
                    share(lower),
                    share(emit)
                );
                if !spec.name.contains("ours") {
                    points.push((ops as f64, ms));
                    names.push(spec.name.as_str());
                    byte_points.push((spec.text.len() as f64, ms));
                    type_points.push((ops as f64, spec.types as f64, ms));
                }
            }
            None => println!(
                "| {} | {} | (fails to lower) | - | {ms:.2} | {mb_s:.1} | - | - | - | - |",
                spec.name,
                spec.text.len()
            ),
        }
    }

    let first = pass_walls[0];
    let mut walls = pass_walls.clone();
    let (min, max) = walls.iter().fold((f64::MAX, 0f64), |(lo, hi), &w| (lo.min(w), hi.max(w)));
    let med = median(&mut walls);
    println!("\n## All 27 Twilio specs in one run\n");
    println!("first pass {first:.3} s; median {med:.3} s, min {min:.3} s, max {max:.3} s over {passes} passes");
    println!("target: at most 1 s -> {}", if first <= 1.0 && med <= 1.0 { "met" } else { "MISSED" });

    let (a, b, r2) = fit(&points);
    println!("\n## Time against operations (the {} Twilio specs that generate)\n", points.len());
    println!("least squares: time = {a:.3} ms + {b:.4} ms x operations, r^2 = {r2:.3}");
    println!("\n| spec | operations | time (ms) | fit (ms) | residual (ms) |");
    println!("|---|---:|---:|---:|---:|");
    let mut sorted: Vec<(&str, (f64, f64))> = names.iter().copied().zip(points.iter().copied()).collect();
    sorted.sort_by(|x, y| x.1 .0.total_cmp(&y.1 .0));
    for (name, (ops, ms)) in sorted {
        let predicted = a + b * ops;
        println!("| {name} | {ops} | {ms:.2} | {predicted:.2} | {:+.2} |", ms - predicted);
    }
    // Linear growth shows as an exponent near 1 in time = c x size^k, fitted on logarithms.
    let logs = |points: &[(f64, f64)]| points.iter().map(|(x, y)| (x.ln(), y.ln())).collect::<Vec<_>>();
    let (_, k_ops, r2_ops) = fit(&logs(&points));
    let (_, k_bytes, r2_bytes) = fit(&logs(&byte_points));
    println!(
        "\npower law time ~ size^k: k = {k_ops:.2} for operations (r^2 = {r2_ops:.3}), k = {k_bytes:.2} for bytes (r^2 = {r2_bytes:.3})"
    );
    let (a, b, r2) = fit(&byte_points);
    println!("\nfor comparison, against spec size: time = {a:.3} ms + {:.4} ms x KB, r^2 = {r2:.3}", b * 1e3);
    let (a, b, c, r2) = fit2(&type_points);
    println!("and against operations and types: time = {a:.3} ms + {b:.4} ms x operations + {c:.4} ms x types, r^2 = {r2:.3}");
}
