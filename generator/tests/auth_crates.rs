//! The crates generated from the OAuth2 and bearer fixtures, built and used end to end: each fixture is
//! generated into a scratch workspace under `target/auth-crates/`, with a test program from `auth_crates/`
//! beside it, and `cargo test` runs there with `RUSTFLAGS="-D warnings"` (the generated code, the runtime it
//! ships and the test programs compile without a warning).
//!
//! The test programs call the generated builder and operations against a token endpoint and an API on
//! 127.0.0.1 (the runtime's loopback server, `generator/runtime/loopback.rs`). The token cache, expiry and 401
//! logic is tested in more detail by the runtime's own unit tests (`generator/runtime/oauth.rs`).
//!
//! Ignored by default (it builds two crates); CI runs it with
//! `cargo test -p generator --test auth_crates -- --include-ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &[(&str, &str)] = &[("oauth2", "oauth2_e2e.rs"), ("bearer", "bearer_e2e.rs")];

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn generate(fixture: &str) -> generator::Files {
    let text = std::fs::read_to_string(tests_dir().join(format!("fixtures/{fixture}.yaml"))).unwrap();
    generator::generate(&text, &format!("{fixture}.yaml")).unwrap_or_else(|e| panic!("{fixture}.yaml: {e}"))
}

#[test]
fn the_fixtures_give_the_documented_builder_methods() {
    let oauth2 = &generate("oauth2")["src/client.rs"];
    for item in [
        "pub fn o_auth2_client_credentials(",
        "client_id: impl Into<String>,",
        "client_secret: impl Into<String>,",
        "pub fn o_auth2_client_credentials_token_url(",
        "\"https://oauth.twilio.com/v2/token\"",
        "&[\"things:read\", \"things:write\"]",
    ] {
        assert!(oauth2.contains(item), "oauth2 client.rs has no `{item}`");
    }
    let bearer = &generate("bearer")["src/client.rs"];
    assert!(bearer.contains("pub fn bearer_auth(mut self, token: impl Into<String>) -> Self"));
}

#[test]
#[ignore = "builds two crates; run in CI with --include-ignored"]
fn the_crates_generated_from_the_auth_fixtures_compile_without_warnings_and_authenticate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work = root.join("target/auth-crates");
    let crates = work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    for (fixture, program) in FIXTURES {
        let dir = crates.join(fixture);
        generator::write::write_all(&dir, &generate(fixture)).unwrap();
        std::fs::create_dir_all(dir.join("tests")).unwrap();
        let program = std::fs::read_to_string(tests_dir().join("auth_crates").join(program)).unwrap();
        let loopback = std::fs::read_to_string(root.join("generator/runtime/loopback.rs")).unwrap();
        let source = format!("{program}\n#[allow(dead_code)]\nmod loopback {{\n{loopback}}}\n");
        std::fs::write(dir.join("tests/e2e.rs"), source).unwrap();
    }
    std::fs::write(work.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n").unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["test", "--offline", "--workspace", "--message-format=short"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the auth crates fail:\n{stdout}\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
    assert_eq!(stderr.matches("Running tests/e2e.rs").count(), FIXTURES.len(), "not every test program ran:\n{stderr}");
}
