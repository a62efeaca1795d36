//! Every feature fixture under `fixtures/` generates a crate that compiles clean under clippy with `-D warnings`
//! (missing docs included): the snapshots show the code, this proves it builds. A fixture
//! with a test program under `fixtures/e2e/` (same name, `.rs`) runs it against its crate, over a loopback server
//! (`fixtures/e2e/support.rs`).

use std::path::{Path, PathBuf};

#[path = "common/scratch.rs"]
mod scratch;

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
    let mut crates = Vec::new();
    let mut e2e = Vec::new();
    for spec in fixtures() {
        let package = format!("fixture-{}", spec.file_stem().unwrap().to_string_lossy().replace('_', "-"));
        let text = std::fs::read_to_string(&spec).unwrap();
        let files = scratch::generate(&text, &spec.display().to_string())
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
        let program = spec.parent().unwrap().join("e2e").join(spec.with_extension("rs").file_name().unwrap());
        if program.exists() {
            e2e.push((package.clone(), program));
        }
        crates.push((package, files));
    }
    // Our spec with the runtime copied in rather than depended on: the same files compile, tests included.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    let inline = generator::Options { runtime: Some(generator::ir::Runtime::Inline), ..Default::default() };
    let files = generator::generate_with(&std::fs::read_to_string(&spec).unwrap(), "openapi.yaml", &inline).unwrap();
    assert!(files.contains_key("src/runtime/mod.rs") && !files["Cargo.toml"].contains(generator::runtime::PACKAGE));
    crates.push(("inline-runtime".to_owned(), files));
    let work = scratch::workspace("fixture-crates", crates);
    for (package, program) in &e2e {
        let manifest = work.join("crates").join(package).join("Cargo.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        text.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n");
        std::fs::write(manifest, text).unwrap();
        let tests = work.join("crates").join(package).join("tests");
        std::fs::create_dir_all(tests.join("support")).unwrap();
        std::fs::copy(program, tests.join("e2e.rs")).unwrap();
        std::fs::copy(program.parent().unwrap().join("support.rs"), tests.join("support/mod.rs")).unwrap();
    }
    let output = scratch::cargo(&work, &["clippy", "--workspace", "--quiet", "--", "-D", "warnings"]);
    assert!(
        output.status.success(),
        "fixture crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The runtime's own tests, inlined: they must pass inside a generated crate too.
    let output =
        scratch::cargo(&work, &["clippy", "--quiet", "-p", "inline-runtime", "--all-targets", "--", "-D", "warnings"]);
    assert!(
        output.status.success(),
        "the inlined runtime's tests do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = scratch::cargo(&work, &["test", "--quiet", "-p", "inline-runtime", "--lib"]);
    assert!(
        output.status.success(),
        "the inlined runtime's tests fail:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Only the crates with an end-to-end program are built for tests: compiling all of them twice costs minutes.
    let mut args = vec!["test", "--quiet", "--test", "e2e"];
    for (package, _) in &e2e {
        args.extend(["-p", package.as_str()]);
    }
    let output = scratch::cargo(&work, &args);
    assert!(
        output.status.success(),
        "fixture crates' end-to-end programs fail:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The OAuth2 and bearer fixtures give the builder methods README documents.
#[test]
fn the_auth_fixtures_give_the_documented_builder_methods() {
    let generate = |name: &str| {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.yaml"));
        generator::generate(&std::fs::read_to_string(spec).unwrap(), name).unwrap()
    };
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
