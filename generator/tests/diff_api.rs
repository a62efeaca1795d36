//! `diff`'s `api` verdicts, proved by the compiler.
//!
//! The `api` verdict of a change answers "does application code that compiled against the old generated crate
//! still compile after regenerating from the new spec?". For every fixture pair under `tests/diff/<rule>/`, this
//! test generates the old and the new crate and a probe that uses the old crate's whole public surface
//! (`common/probe.rs`), then compiles the probe against both. Against the old crate it must compile (that proves
//! the probe); against the new one it must fail exactly when the pair's report has a change with
//! `api: breaking`.
//!
//! All crates live in one scratch workspace (`target/diff-api`: `old-<rule>`, `new-<rule>`, `probe-old-<rule>`,
//! `probe-new-<rule>`) checked by one `cargo check --keep-going`, whose JSON messages say which package failed.
//! The generated crates are checked with warnings denied, as everywhere; the probes allow warnings.

use generator::diff::{self, Change, Verdict};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

#[path = "common/probe.rs"]
mod probe;
#[path = "common/scratch.rs"]
mod scratch;

/// How cargo fared with a package: whether it was checked without errors, and its errors.
#[derive(Default)]
struct Outcome {
    compiled: bool,
    errors: Vec<String>,
}

#[test]
#[ignore = "checks four crates per fixture pair (under a minute warm, two cold); CI runs it with --include-ignored"]
fn api_verdicts_agree_with_the_compiler() {
    let start = Instant::now();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    // Every pair; `realistic/` has a new spec only.
    let mut rules: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|rule| fixtures.join(rule).join("old.yaml").exists())
        .collect();
    rules.sort();
    assert!(!rules.is_empty(), "no fixture pairs under {}", fixtures.display());

    let mut crates = Vec::new();
    let mut api_breaking: BTreeMap<&str, Vec<Change>> = BTreeMap::new();
    for rule in &rules {
        let read = |side: &str| std::fs::read_to_string(fixtures.join(rule).join(format!("{side}.yaml"))).unwrap();
        let (old, new) = (read("old"), read("new"));
        let ir = |text: &str, side: &str| generator::ir_of(text, side).unwrap_or_else(|e| panic!("{rule}: {e}"));
        let old_ir = ir(&old, "old.yaml");
        let report = diff::diff(&old_ir, &ir(&new, "new.yaml"));
        api_breaking.insert(rule, report.changes.into_iter().filter(|c| c.api == Verdict::Breaking).collect());
        let probe = probe::lib_rs(&old_ir);
        for (side, text) in [("old", &old), ("new", &new)] {
            let package = format!("{side}-{rule}");
            let files = scratch::generate(text, &format!("{rule}/{side}.yaml")).unwrap();
            crates
                .push((format!("probe-{package}"), probe::crate_files(&format!("probe-{package}"), &package, &probe)));
            crates.push((package, files));
        }
    }
    let work = scratch::workspace("diff-api", crates);
    let output = scratch::cargo(&work, &["check", "--workspace", "--keep-going", "--message-format=json"]);
    let outcomes = outcomes(&String::from_utf8_lossy(&output.stdout));
    let outcome = |package: String| outcomes.get(&package).map_or((false, &[][..]), |o| (o.compiled, &o.errors[..]));
    assert!(!outcomes.is_empty(), "cargo check reported nothing:\n{}", String::from_utf8_lossy(&output.stderr));

    let mut table = format!("{:<36} {:<12} {}\n", "pair", "probe (new)", "api-breaking entries");
    let mut problems = Vec::new();
    let mut disagreements = Vec::new();
    for rule in &rules {
        for package in [format!("old-{rule}"), format!("new-{rule}"), format!("probe-old-{rule}")] {
            if let (false, errors) = outcome(package.clone()) {
                problems.push(format!("{package} does not compile:\n{}", first(errors)));
            }
        }
        let (compiles, errors) = outcome(format!("probe-new-{rule}"));
        let state = match (compiles, errors.is_empty()) {
            (true, _) => "compiles",
            (false, false) => "fails",
            (false, true) => "not checked",
        };
        let entries = &api_breaking[rule.as_str()];
        let breaking = !entries.is_empty();
        let disagrees = (state == "compiles" && breaking) || (state == "fails" && !breaking);
        let mark = if disagrees { "  DISAGREES" } else { "" };
        table.push_str(&format!("{rule:<36} {state:<12} {}{mark}\n", entries.len()));
        if disagrees {
            let listed: String =
                entries.iter().map(|c| format!("    {} ({}): {}\n", c.rule, c.side.as_str(), c.message)).collect();
            let count = entries.len();
            disagreements.push(format!(
                "{rule}: {state} against the new crate; {count} api-breaking entries\n{listed}{}",
                first(errors)
            ));
        }
    }
    println!("{table}");
    eprintln!("diff_api: {} pairs in {:.1} s", rules.len(), start.elapsed().as_secs_f64());
    let mut failures = String::new();
    if !problems.is_empty() {
        failures += &format!("generated crates or probes that must compile but do not:\n\n{}\n", problems.join("\n"));
    }
    if !disagreements.is_empty() {
        failures += &format!("api verdicts the compiler disagrees with:\n\n{}", disagreements.join("\n"));
    }
    assert!(failures.is_empty(), "{failures}");
}

/// Cargo's JSON messages, by package (its directory under `crates/`, named after it).
fn outcomes(messages: &str) -> BTreeMap<String, Outcome> {
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let Some(manifest) = message["manifest_path"].as_str() else { continue };
        let package = Path::new(manifest).parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        match message["reason"].as_str() {
            Some("compiler-artifact") => outcomes.entry(package).or_default().compiled = true,
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default().to_owned();
                let errors = &mut outcomes.entry(package).or_default().errors;
                if !rendered.starts_with("error: aborting due to") && !errors.contains(&rendered) {
                    errors.push(rendered);
                }
            }
            _ => {}
        }
    }
    outcomes
}

/// The first compiler errors, indented.
fn first(errors: &[String]) -> String {
    let shown: Vec<String> = errors.iter().take(3).map(|e| e.trim_end().replace('\n', "\n      ")).collect();
    let more = errors.len().saturating_sub(3);
    let more = if more > 0 { format!("      ... and {more} more errors\n") } else { String::new() };
    shown.iter().map(|e| format!("      {e}\n")).collect::<String>() + &more
}
