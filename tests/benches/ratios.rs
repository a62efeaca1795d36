//! The client's targets as ratios, each candidate measured interleaved with its baseline: rounds alternate
//! which side runs first, each side runs a block of calls of about a millisecond, and the figure is the median
//! of the per-round ratios (with quartiles), so that load on a shared machine hits both sides alike.
//!
//! `cargo bench -p client-tests --bench ratios [-- FILTER] [--seconds S]` (default 3 s per comparison).
//! Under `cargo test --benches` every comparison runs two tiny rounds, as a smoke test.

mod support;

use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};
use support::*;
use twilio_vobiz_credentials::models::NotifyCredentialPage;
use twilio_vobiz_credentials::sid::CredentialSid;

/// Runs `n` calls and returns how long they took (setup excluded).
type Block<'a> = Box<dyn FnMut(u64) -> Duration + 'a>;

struct Comparison<'a> {
    name: &'static str,
    candidate: (&'static str, Block<'a>),
    baseline: (&'static str, Block<'a>),
    /// The largest acceptable ratio candidate / baseline.
    target: f64,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let at = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo as f64)
}

fn format_time(seconds: f64) -> String {
    match seconds {
        s if s < 1e-6 => format!("{:.1} ns", s * 1e9),
        s if s < 1e-3 => format!("{:.2} µs", s * 1e6),
        s => format!("{:.3} ms", s * 1e3),
    }
}

/// Measures one comparison for about `budget` and prints its table row.
fn run(comparison: &mut Comparison, budget: Duration, smoke: bool) {
    let (candidate_name, candidate) = &mut comparison.candidate;
    let (baseline_name, baseline) = &mut comparison.baseline;
    let warm_up = Instant::now();
    while !smoke && warm_up.elapsed() < budget / 10 {
        candidate(1);
        baseline(1);
    }
    // Calls per block: enough for about 1 ms of the candidate (the least of three tries, so that one slow try
    // does not shrink the blocks).
    let mut n = 1u64;
    while !smoke && (0..3).map(|_| candidate(n)).min().unwrap_or_default() < Duration::from_millis(1) {
        n *= 2;
    }
    let (mut ratios, mut candidate_times, mut baseline_times) = (Vec::new(), Vec::new(), Vec::new());
    let start = Instant::now();
    let mut round = 0;
    while if smoke { round < 2 } else { round < 20 || start.elapsed() < budget } {
        let (c, b) = if round % 2 == 0 {
            let c = candidate(n);
            (c, baseline(n))
        } else {
            let b = baseline(n);
            (candidate(n), b)
        };
        ratios.push(c.as_secs_f64() / b.as_secs_f64());
        candidate_times.push(c.as_secs_f64() / n as f64);
        baseline_times.push(b.as_secs_f64() / n as f64);
        round += 1;
    }
    if smoke {
        println!("{}: smoke pass done (run with `cargo bench` for figures)", comparison.name);
        return;
    }
    for values in [&mut ratios, &mut candidate_times, &mut baseline_times] {
        values.sort_by(f64::total_cmp);
    }
    let ratio = quantile(&ratios, 0.5);
    let verdict = if ratio <= comparison.target {
        "met".to_owned()
    } else {
        format!("missed by {:.1}%", (ratio / comparison.target - 1.0) * 100.0)
    };
    println!(
        "| {} | {candidate_name}: {} | {baseline_name}: {} | {ratio:.3}x [{:.3}, {:.3}] | {} rounds x {n} | <= {}x: {verdict} |",
        comparison.name,
        format_time(quantile(&candidate_times, 0.5)),
        format_time(quantile(&baseline_times, 0.5)),
        quantile(&ratios, 0.25),
        quantile(&ratios, 0.75),
        ratios.len(),
        comparison.target,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = !args.iter().any(|a| a == "--bench");
    let mut budget = Duration::from_secs(3);
    let mut filter = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seconds" => {
                let seconds: f64 = rest.next().and_then(|s| s.parse().ok()).expect("--seconds takes a number");
                budget = Duration::from_secs_f64(seconds);
            }
            other if !other.starts_with('-') => filter = Some(other.to_owned()),
            _ => {}
        }
    }

    // Round trips: a loopback server and both clients on one current-thread runtime.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let base = runtime.block_on(loopback_server(fixture("notify_fetch")));
    let client = generated_client(&base);
    let http = raw_client();
    let sid = CredentialSid::from_str(SID).expect("valid SID");
    let page = page_of_1000();
    assert_eq!(serde_json::from_slice::<NotifyCredentialPage>(&page).expect("decodes").credentials.len(), 1000);

    let timed = |n: u64, f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        start.elapsed()
    };
    let owned = |n: u64| vec![SID.to_owned(); n as usize];
    let mut comparisons = vec![
        Comparison {
            name: "sid parse",
            candidate: (
                "CredentialSid::from_str",
                Box::new(|n| timed(n, &mut || drop(black_box(CredentialSid::from_str(black_box(SID)))))),
            ),
            baseline: (
                "hand check + to_owned",
                Box::new(|n| {
                    timed(n, &mut || {
                        let text = black_box(SID);
                        drop(black_box(hand_check(text).then(|| text.to_owned())));
                    })
                }),
            ),
            target: 2.0,
        },
        Comparison {
            name: "sid validation only",
            candidate: (
                "CredentialSid::new(String)",
                Box::new(|n| {
                    let texts = owned(n);
                    let start = Instant::now();
                    for text in texts {
                        drop(black_box(CredentialSid::new(black_box(text))));
                    }
                    start.elapsed()
                }),
            ),
            baseline: (
                "hand check",
                Box::new(|n| {
                    let texts = owned(n);
                    let start = Instant::now();
                    for text in texts {
                        let text = black_box(text);
                        drop(black_box(hand_check(&text).then_some(text)));
                    }
                    start.elapsed()
                }),
            ),
            target: 2.0,
        },
        Comparison {
            name: "decode 1,000",
            candidate: (
                "generated models",
                Box::new(|n| {
                    timed(n, &mut || drop(black_box(serde_json::from_slice::<NotifyCredentialPage>(black_box(&page)))))
                }),
            ),
            baseline: (
                "plain String structs",
                Box::new(|n| timed(n, &mut || drop(black_box(serde_json::from_slice::<PlainPage>(black_box(&page)))))),
            ),
            target: 1.25,
        },
        Comparison {
            name: "round trip",
            candidate: (
                "fetch_credential",
                Box::new(|n| {
                    runtime.block_on(async {
                        let start = Instant::now();
                        for _ in 0..n {
                            black_box(
                                client.notify().credential(black_box(&sid)).fetch().send().await.expect("fetches"),
                            );
                        }
                        start.elapsed()
                    })
                }),
            ),
            baseline: (
                "reqwest directly",
                Box::new(|n| {
                    runtime.block_on(async {
                        let start = Instant::now();
                        for _ in 0..n {
                            black_box(raw_fetch(&http, &base, black_box(SID)).await);
                        }
                        start.elapsed()
                    })
                }),
            ),
            target: 1.05,
        },
    ];

    if !smoke {
        println!("| comparison | candidate (median per call) | baseline (median per call) | ratio, median [quartiles] | samples | target |");
        println!("|---|---|---|---|---|---|");
    }
    for comparison in &mut comparisons {
        if filter.as_ref().is_some_and(|f| !comparison.name.contains(f.as_str())) {
            continue;
        }
        run(comparison, budget, smoke);
    }
}
