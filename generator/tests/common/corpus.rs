//! Third-party reference data (Twilio's published specs and their release history) lives outside the
//! repository, in `../shared/` next to the workspace root. Tests and benches find it here.
//!
//! In a clone without that folder the tests that need it print that they were skipped and why; with
//! `REQUIRE_CORPUS=1` (set by `.ci/run`) a missing folder is a failure instead.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root: the parent of the generator package.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `../shared/<name>` seen from the workspace root, or `None` (after saying why) when it is absent and not required.
pub fn shared(name: &str, test: &str) -> Option<PathBuf> {
    let dir = workspace_root().join("..").join("shared").join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    let why = format!("{test}: skipped, the reference corpus {} is absent", dir.display());
    if std::env::var_os("REQUIRE_CORPUS").is_some_and(|v| v != "0") {
        panic!("{why}, and REQUIRE_CORPUS is set");
    }
    eprintln!("{why} (set REQUIRE_CORPUS=1 to make this a failure)");
    None
}

/// The `.json` specs of Twilio's published OpenAPI files, sorted, or `None` when the corpus is absent.
pub fn twilio_specs(test: &str) -> Option<Vec<PathBuf>> {
    let dir = shared("twilio-oai", test)?;
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    specs.sort();
    Some(specs)
}
