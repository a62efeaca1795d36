//! Scratch workspaces under `target/` for compiling generated crates outside the repository's workspace. All of
//! them share one target directory and the same flags, so the dependencies of generated crates build once.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root: the parent of the generator package.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Generates the crate for `text` to live in a scratch workspace: its path dependency on the runtime crate
/// reaches this repository's `runtime/` from `target/<name>/crates/<package>`.
pub fn generate(text: &str, file: &str) -> Result<generator::Files, generator::Error> {
    let runtime = generator::runtime::locate(&root().join("target/name/crates/package")).expect("the runtime crate");
    generator::generate_with(text, file, &generator::Options { runtime: Some(runtime), ..Default::default() })
}

/// Writes a workspace at `target/<name>` holding each generated crate under `crates/<package>`, renamed to
/// `package`, with the repository's lock file; returns its directory.
pub fn workspace(name: &str, crates: Vec<(String, generator::Files)>) -> PathBuf {
    let work = root().join("target").join(name);
    let _ = std::fs::remove_dir_all(work.join("crates"));
    for (package, files) in crates {
        for (path, contents) in files {
            let contents = if path == "Cargo.toml" {
                let lines = contents.lines();
                let renamed: Vec<String> = lines
                    .map(|l| if l.starts_with("name = ") { format!("name = \"{package}\"") } else { l.to_owned() })
                    .collect();
                renamed.join("\n") + "\n"
            } else {
                contents
            };
            let path = work.join("crates").join(&package).join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
    }
    std::fs::write(work.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n").unwrap();
    std::fs::copy(root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    work
}

/// Runs cargo with `args` in the workspace `work`, warnings denied, in the shared target directory.
pub fn cargo(work: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(work)
        .env("CARGO_TARGET_DIR", root().join("target/scratch"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap()
}
