//! Twilio's 27 published specs as real-world input: each generates or fails with a precise error, and what
//! generates compiles.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/twilio-oai");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    specs.sort();
    assert_eq!(specs.len(), 27, "expected Twilio's 27 specs in {}", dir.display());
    specs
}

fn name(spec: &Path) -> String {
    spec.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The outcome per spec, as a table: generated (with its operation count) or the error's first line.
#[test]
fn every_real_spec_generates_or_fails_precisely() {
    let mut table = String::from("spec | outcome\n");
    for spec in specs() {
        let text = std::fs::read_to_string(&spec).unwrap();
        let start = Instant::now();
        let outcome = match generator::ir_of(&text, &name(&spec)) {
            Ok(api) => {
                generator::emit::crate_files(&api).unwrap_or_else(|e| panic!("{}: emit failed: {e}", name(&spec)));
                let operations: usize = api.modules.iter().map(|m| m.operations.len()).sum();
                format!("generated, {operations} operations, {} types", api.types.len())
            }
            Err(e) => {
                assert!(e.location.starts_with('/'), "{}: error without a JSON pointer: {e}", name(&spec));
                assert!(e.help.is_some(), "{}: error without help: {e}", name(&spec));
                format!("error: {}", e.to_string().lines().next().unwrap())
            }
        };
        assert!(start.elapsed() < Duration::from_secs(20), "{} took {:?}", name(&spec), start.elapsed());
        table.push_str(&format!("{} | {outcome}\n", name(&spec)));
    }
    insta::assert_snapshot!("real_specs", table);
}

/// Generates every spec that generates into one scratch workspace under `target/` and runs `cargo check`.
#[test]
#[ignore = "builds 25 crates (about a minute warm); CI runs it with --include-ignored"]
fn generated_real_specs_compile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work = root.join("target/real-specs");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut generated = Vec::new();
    for spec in specs() {
        let text = std::fs::read_to_string(&spec).unwrap();
        let Ok(files) = generator::generate(&text, &name(&spec)) else { continue };
        let dir = crates.join(name(&spec));
        for (path, contents) in files {
            let contents = if path == "Cargo.toml" {
                let package = name(&spec).replace('_', "-");
                contents
                    .lines()
                    .map(|l| if l.starts_with("name = ") { format!("name = \"{package}\"") } else { l.to_owned() })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            } else {
                contents
            };
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        generated.push(name(&spec));
    }
    std::fs::write(work.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n").unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--quiet"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "generated crates for {generated:?} do not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(generated.len(), 25, "specs that generate: {generated:?}");
}
