//! Other vendors' specs as published, read from `../shared/vendor-oai` (see `common/corpus.rs`): OpenAPI 3.0 and
//! 3.1, single and multi-file. Every document is read (none refused), and the table of what comes out of each is
//! a snapshot, so a change in what the generator reads shows in review. The generated crates of the 3.1 and
//! multi-file specs compile clean under clippy (an ignored test CI runs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/scratch.rs"]
mod scratch;

/// `stripe/spec3.json`: the spec's path under the corpus, as the table names it.
fn label(spec: &Path) -> String {
    let dir = corpus::workspace_root().join("../shared/vendor-oai");
    let dir = dir.canonicalize().unwrap_or(dir);
    let spec = spec.canonicalize().unwrap_or_else(|_| spec.to_path_buf());
    spec.strip_prefix(&dir).unwrap_or(&spec).display().to_string()
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The document's `openapi` version as written, major and minor (`3.1`).
fn version(text: &str) -> String {
    let value = text.lines().find_map(|l| {
        let l = l.trim_start().trim_start_matches('{').trim_start();
        l.strip_prefix("openapi:").or_else(|| l.strip_prefix("\"openapi\":"))
    });
    let value = value.unwrap_or_default().trim().trim_matches(|c| c == '"' || c == '\'' || c == ',');
    value.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// Whether the spec is read from more than one file.
fn multi_file(spec: &Path) -> bool {
    let text = std::fs::read_to_string(spec).unwrap_or_default();
    generator::load::load_with_overlays(&text, &spec.display().to_string(), &[])
        .is_ok_and(|(document, _)| !document.origins.other_files().is_empty())
}

/// Whether `warning`'s location is a JSON pointer to something in the file it names (`files` caches them).
fn written_at(warning: &generator::Error, files: &mut BTreeMap<String, serde_json::Value>) -> bool {
    let Some(file) = &warning.file else { return false };
    let tree = files.entry(file.clone()).or_insert_with(|| {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        generator::load::parse_value(&text).ok().flatten().unwrap_or_default()
    });
    tree.pointer(&warning.location).is_some()
}

#[test]
fn every_vendor_spec_is_read() {
    let Some(specs) = corpus::vendor_specs("every_vendor_spec_is_read") else { return };
    assert!(specs.len() >= 20, "expected the vendor corpus's documents, found {specs:?}");
    let mut table = String::from("spec | OpenAPI | operations declared | generated | types | warnings\n");
    let mut refused = Vec::new();
    // Every warning names a place that is in the file it names.
    let (mut files, mut nowhere) = (BTreeMap::new(), Vec::new());
    for spec in &specs {
        let text = std::fs::read_to_string(spec).unwrap();
        let file = spec.display().to_string();
        let version = version(&text);
        let document = match generator::load::load_with_overlays(&text, &file, &[]) {
            Ok((document, _)) => document,
            Err(e) => {
                refused.push(format!("{}: {e}", label(spec)));
                continue;
            }
        };
        let declared: usize = document.raw["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, item)| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
            .sum();
        let (api, load_warnings) = match generator::overlaid_ir(&text, &file, &Default::default()) {
            Ok(lowered) => lowered,
            Err(e) => {
                refused.push(format!("{}: {e}", label(spec)));
                continue;
            }
        };
        let warnings = generator::warnings(&api, &file);
        for warning in load_warnings.iter().chain(&warnings) {
            if !written_at(warning, &mut files) {
                nowhere.push(format!("{}: {warning}", label(spec)));
            }
        }
        let generated: usize = api.modules.iter().map(|m| m.operations.len()).sum();
        table.push_str(&format!(
            "{} | {version} | {declared} | {generated} | {} | {}\n",
            label(spec),
            api.types.len(),
            warnings.len() + load_warnings.len()
        ));
    }
    assert!(refused.is_empty(), "vendor specs refused:\n{}", refused.join("\n"));
    assert!(nowhere.is_empty(), "warnings located where their file has nothing:\n{}", nowhere.join("\n"));
    insta::assert_snapshot!("vendor_specs", table);
}

/// The 3.1 and multi-file specs of the corpus, and the project's own fixtures of those kinds.
fn newer_formats(specs: &[PathBuf]) -> Vec<PathBuf> {
    let mut chosen: Vec<PathBuf> = specs
        .iter()
        .filter(|spec| version(&std::fs::read_to_string(spec).unwrap_or_default()) == "3.1" || multi_file(spec))
        .cloned()
        .collect();
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    chosen.push(own.join("multi_file/api.yaml"));
    chosen.extend(
        ["nullable_and_unions", "defs_and_tuples", "webhooks"].map(|f| own.join(format!("openapi31/{f}.v31.yaml"))),
    );
    chosen
}

#[test]
#[ignore = "builds the crates of the 3.1 and multi-file specs (two minutes warm); CI runs it with --include-ignored"]
fn crates_of_31_and_multi_file_specs_compile_clean() {
    let Some(specs) = corpus::vendor_specs("crates_of_31_and_multi_file_specs_compile_clean") else { return };
    let chosen = newer_formats(&specs);
    let crates: Vec<(String, generator::Files)> = chosen
        .iter()
        .map(|spec| {
            let text = std::fs::read_to_string(spec).unwrap();
            let files = scratch::generate(&text, &spec.display().to_string())
                .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
            let stem = spec.file_stem().unwrap().to_string_lossy().to_ascii_lowercase();
            let parent = spec.parent().unwrap().file_name().unwrap().to_string_lossy().to_ascii_lowercase();
            let package = format!("vendor-{parent}-{stem}").replace(['_', '.'], "-");
            (package, files)
        })
        .collect();
    let names: Vec<String> = crates.iter().map(|(package, _)| package.clone()).collect();
    assert!(
        names.iter().any(|n| n.contains("openai")) && names.iter().any(|n| n.contains("digitalocean")),
        "{names:?}"
    );
    let work = scratch::workspace("vendor-specs", crates);
    let output = scratch::cargo(&work, &["clippy", "--workspace", "--quiet", "--", "-D", "warnings"]);
    assert!(
        output.status.success(),
        "the crates of {names:?} do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
