//! How the binary gives a generated crate its runtime and its version: a path dependency on `runtime/` computed
//! from the output directory, the version alone (`--runtime-registry`), or the runtime's files copied in
//! (`--inline-runtime`); the version from `--crate-version` over the spec. That each kind of crate compiles is
//! `fixtures_compile`'s and `real_specs`' part (path and inline).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh output directory under `target/`, inside this workspace.
fn out(name: &str) -> PathBuf {
    let dir = root().join("target/runtime-modes").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn generate(out: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .current_dir(root())
        .args(["--spec", "spec/openapi.yaml", "--out"])
        .arg(out)
        .args(args)
        .output()
        .unwrap()
}

fn manifest(out: &Path) -> String {
    std::fs::read_to_string(out.join("Cargo.toml")).unwrap()
}

#[test]
fn by_default_the_crate_depends_on_the_runtime_by_version_and_relative_path() {
    let dir = out("path");
    let output = generate(&dir, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let version = generator::runtime::version();
    let dependency = format!("clientgen-runtime = {{ version = \"{version}\", path = \"../../../runtime\"");
    assert!(manifest(&dir).contains(&dependency), "{}", manifest(&dir));
    assert!(String::from_utf8_lossy(&output.stdout).contains("at ../../../runtime"), "the command says which");
    assert!(!dir.join("src/runtime").exists());
    // The spec's x-rust-crate-version, not its info.version (1.0.0).
    assert!(manifest(&dir).contains("\nversion = \"2.0.0\"\n"), "{}", manifest(&dir));
}

#[test]
fn the_registry_mode_writes_the_version_alone() {
    let dir = out("registry");
    assert!(generate(&dir, &["--runtime-registry"]).status.success());
    let version = generator::runtime::version();
    let dependency = format!("clientgen-runtime = {{ version = \"{version}\", default-features = false }}");
    assert!(manifest(&dir).contains(&dependency), "{}", manifest(&dir));
}

#[test]
fn the_inline_mode_copies_the_runtime_with_its_dependencies_and_features() {
    let dir = out("inline");
    assert!(generate(&dir, &["--inline-runtime", "--crate-version", "3.1.0-rc.1"]).status.success());
    let manifest = manifest(&dir);
    assert!(!manifest.contains("clientgen-runtime"), "{manifest}");
    for line in generator::runtime::section("dependencies").filter(|l| !l.starts_with("serde")) {
        assert!(manifest.contains(line), "{line} is missing from\n{manifest}");
    }
    assert!(manifest.contains("rustls = [\"reqwest/rustls-tls\"]") && manifest.contains("tracing = [\"dep:tracing\"]"));
    assert!(manifest.contains("\nversion = \"3.1.0-rc.1\"\n"), "{manifest}");
    for (name, text) in generator::runtime::FILES {
        let copied = std::fs::read_to_string(dir.join("src/runtime").join(name)).unwrap();
        assert!(copied.ends_with(text), "src/runtime/{name} is not the runtime's file");
    }
}

#[test]
fn an_invalid_crate_version_writes_nothing() {
    let dir = out("bad-version");
    let output = generate(&dir, &["--crate-version", "1.0"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--crate-version: the crate version \"1.0\" is not a SemVer version"), "{stderr}");
    assert!(!dir.exists());
}
