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

/// The OpenAPI documents of other vendors' published specs (`../shared/vendor-oai/<vendor>/`), sorted: in each
/// vendor's folder, the files that are OpenAPI documents (a top-level `openapi` key), or, where there are none,
/// those of its subfolders (a multi-file spec's root). `None` when the corpus is absent.
pub fn vendor_specs(test: &str) -> Option<Vec<PathBuf>> {
    let dir = shared("vendor-oai", test)?;
    let mut specs = Vec::new();
    for vendor in sorted_entries(&dir).into_iter().filter(|p| p.is_dir()) {
        let mut roots = documents(&vendor);
        if roots.is_empty() {
            roots = sorted_entries(&vendor).into_iter().filter(|p| p.is_dir()).flat_map(|d| documents(&d)).collect();
        }
        specs.extend(roots);
    }
    Some(specs)
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    entries
}

/// The files of `dir` that are OpenAPI documents: JSON or YAML with `openapi` as a key of the top-level map.
fn documents(dir: &Path) -> Vec<PathBuf> {
    let spec_like = |p: &PathBuf| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml");
    sorted_entries(dir)
        .into_iter()
        .filter(|p| p.is_file() && spec_like(p))
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            // YAML's key at the start of a line; JSON's on the top level's own lines (or the first line, minified).
            text.lines().any(|l| {
                let key = l.trim_start().trim_start_matches('{').trim_start();
                l.starts_with("openapi:") || (key.starts_with("\"openapi\"") && l.len() - l.trim_start().len() <= 4)
            })
        })
        .collect()
}
