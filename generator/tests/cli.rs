//! The command line: `generate` as the default subcommand, help and `--version`, suggestions for a mistyped flag,
//! and default paths taken from the workspace the command runs in, not from where the binary was built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator")).current_dir(dir).args(args).output().unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn a_mistyped_flag_gets_a_suggestion_and_status_2() {
    let output = run(&root(), &["--chek"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("a similar argument exists: '--check'"), "{stderr}");
    let output = run(&root(), &["diff", "a.yaml", "b.yaml", "--fail-on", "nothing"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("[possible values: breaking, warning]"));
}

#[test]
fn help_and_version_go_to_stdout() {
    for args in [&["--help"][..], &["generate", "--help"], &["diff", "--help"], &["--version"]] {
        let output = run(&root(), args);
        assert!(output.status.success(), "{args:?}");
        assert!(!output.stdout.is_empty() && output.stderr.is_empty(), "{args:?}");
    }
    let diff = String::from_utf8_lossy(&run(&root(), &["diff", "--help"]).stdout).into_owned();
    assert!(diff.contains("--fail-on") && !diff.contains("--inline-runtime"), "{diff}");
    let version = String::from_utf8_lossy(&run(&root(), &["--version"]).stdout).into_owned();
    assert_eq!(version.trim(), format!("generator {}", env!("CARGO_PKG_VERSION")));
}

/// A second checkout sharing this build: `--check` and a plain run from inside it (a subdirectory too) read its
/// spec and write its `generated/`, never this repository's.
#[test]
fn default_paths_come_from_the_workspace_the_command_runs_in() {
    let other = root().join("target/cli-test/checkout");
    let _ = std::fs::remove_dir_all(&other);
    std::fs::create_dir_all(other.join("spec")).unwrap();
    std::fs::create_dir_all(other.join("docs")).unwrap();
    std::fs::write(other.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    std::fs::copy(root().join("spec/openapi.yaml"), other.join("spec/openapi.yaml")).unwrap();

    let output = run(&other.join("docs"), &["--check"]);
    assert_eq!(output.status.code(), Some(1), "there is no generated/ there yet");
    let output = run(&other.join("docs"), &["--inline-runtime"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(other.join("generated/src/lib.rs").exists() && other.join("generated/src/runtime/mod.rs").exists());
    assert!(run(&other, &["generate", "--check", "--inline-runtime"]).status.success());
    // This repository's generated/ depends on the runtime crate, so it was not the one written.
    assert!(!root().join("generated/src/runtime").exists());
}

/// `generator ... | head` and `2>&1 | head`: a reader that stops reading is not a panic (status 101), for the
/// summary on stdout, the warnings on stderr and a diff's report alike.
#[test]
fn closed_stdout_and_stderr_are_not_a_panic() {
    let spec = root().join("generator/tests/bad_specs/32-multipart-body-not-an-object.yaml");
    let out = root().join("target/cli-test/closed-pipes");
    let spec = spec.to_str().unwrap();
    let curated = root().join("spec/openapi.yaml");
    let curated = curated.to_str().unwrap();
    for args in [
        vec!["--check"],
        vec!["--spec", spec, "--out", out.to_str().unwrap(), "--inline-runtime"],
        vec!["diff", curated, spec],
    ] {
        let (reader, stdout) = std::io::pipe().unwrap();
        let (reader_err, stderr) = std::io::pipe().unwrap();
        drop((reader, reader_err));
        let status = Command::new(env!("CARGO_BIN_EXE_generator"))
            .current_dir(root())
            .args(&args)
            .stdout(stdout)
            .stderr(stderr)
            .status()
            .unwrap();
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
        assert!(status.code().is_some(), "{args:?} was killed: {status}");
    }
}
