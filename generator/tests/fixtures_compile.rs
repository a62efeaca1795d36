//! Every feature fixture under `fixtures/` generates a crate that compiles clean under clippy with `-D warnings`
//! (missing docs included): the snapshots show the code, this proves it builds. A fixture
//! with a test program under `fixtures/e2e/` (same name, `.rs`) runs it against its crate, over a loopback server
//! (`fixtures/e2e/support.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

#[test]
#[ignore = "builds a crate per fixture (a minute warm); CI runs it with --include-ignored"]
fn every_fixture_crate_compiles_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work = root.join("target/fixture-crates");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut names = Vec::new();
    let mut with_e2e = Vec::new();
    for spec in fixtures() {
        let name = spec.file_stem().unwrap().to_string_lossy().replace('_', "-");
        let text = std::fs::read_to_string(&spec).unwrap();
        let files = generator::generate(&text, &spec.display().to_string())
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
        for (path, contents) in files {
            let contents = if path == "Cargo.toml" {
                contents
                    .lines()
                    .map(|l| if l.starts_with("name = ") { format!("name = \"fixture-{name}\"") } else { l.to_owned() })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            } else {
                contents
            };
            let path = crates.join(&name).join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        let e2e = spec.with_extension("rs");
        let e2e = e2e.parent().unwrap().join("e2e").join(e2e.file_name().unwrap());
        if e2e.exists() {
            let tests = crates.join(&name).join("tests");
            std::fs::create_dir_all(tests.join("support")).unwrap();
            std::fs::copy(&e2e, tests.join("e2e.rs")).unwrap();
            std::fs::copy(e2e.parent().unwrap().join("support.rs"), tests.join("support/mod.rs")).unwrap();
            with_e2e.push(format!("fixture-{name}"));
        }
        names.push(name);
    }
    std::fs::write(work.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n").unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--workspace", "--quiet", "--", "-D", "warnings"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "fixture crates {names:?} do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Only the crates with an end-to-end program are built for tests: compiling all of them twice costs minutes.
    let packages = with_e2e.iter().flat_map(|p| ["-p", p.as_str()]);
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--test", "e2e"])
        .args(packages)
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "fixture crates' tests fail:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
