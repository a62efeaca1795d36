//! The crates generated from `fixtures/redirect.yaml` and `fixtures/media_types.yaml`, built outside the
//! workspace with `RUSTFLAGS="-D warnings"` and tested end to end against a server on 127.0.0.1: redirects
//! returned (not followed), bodies sent with their media type, non-JSON answers returned as bytes or text. The
//! tests are `fixture_crates/*.rs`, with the server of `fixture_crates/server.rs`.
//!
//! Ignored: it builds two crates (about a minute cold). CI runs it with `--include-ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Fixture (under `fixtures/` and `fixture_crates/`) and the package name its title gives.
const CRATES: &[(&str, &str)] = &[("redirect", "redirects"), ("media_types", "media-types")];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch workspace under `target/`, written afresh, holding the generated crates and their tests.
fn write_workspace() -> PathBuf {
    let work = manifest_dir().join("../target/fixture-crates");
    let tests = manifest_dir().join("tests/fixture_crates");
    let server = std::fs::read_to_string(tests.join("server.rs")).unwrap();
    let mut members = Vec::new();
    for (fixture, package) in CRATES {
        let spec = manifest_dir().join(format!("tests/fixtures/{fixture}.yaml"));
        let files = generator::generate(&std::fs::read_to_string(&spec).unwrap(), &format!("{fixture}.yaml"))
            .unwrap_or_else(|e| panic!("{fixture}.yaml does not generate: {e}"));
        assert!(files["Cargo.toml"].contains(&format!("name = \"{package}\"")), "{fixture}: package name changed");
        let dir = work.join(fixture);
        let _ = std::fs::remove_dir_all(&dir);
        generator::write::write_all(&dir, &files).unwrap();
        std::fs::create_dir_all(dir.join("tests/server")).unwrap();
        std::fs::write(dir.join("tests/server/mod.rs"), &server).unwrap();
        let test = std::fs::read_to_string(tests.join(format!("{fixture}.rs"))).unwrap();
        std::fs::write(dir.join("tests/loopback.rs"), test).unwrap();
        members.push(format!("{fixture:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(work.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(manifest_dir().join("../Cargo.lock"), work.join("Cargo.lock")).unwrap();
    work
}

#[test]
#[ignore = "builds and tests two generated crates; run in CI with --include-ignored"]
fn the_redirect_and_media_type_crates_compile_without_warnings_and_pass_their_loopback_tests() {
    let work = write_workspace();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--offline", "--workspace", "--message-format=short"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the fixture crates fail to build or test:\n{stderr}\n{stdout}");
    let loopback_runs = stderr.matches("Running tests/loopback.rs").count();
    assert_eq!(loopback_runs, CRATES.len(), "not every crate ran its loopback tests:\n{stderr}\n{stdout}");
}
