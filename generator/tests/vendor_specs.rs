//! Other vendors' specs as published, read from `../shared/vendor-oai` (see `common/corpus.rs`): OpenAPI 3.0 and
//! 3.1, single and multi-file. Every document is read (none refused), and the table of what comes out of each is
//! a snapshot, so a change in what the generator reads shows in review. The generated crates compile clean under
//! clippy (an ignored test CI runs; the large ones in `bench/vendor-crates.sh`).

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

/// The project's own fixtures of the newer formats (3.1 and multi-file), compiled beside the corpus.
fn own_newer_formats() -> Vec<PathBuf> {
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut chosen = vec![own.join("multi_file/api.yaml")];
    chosen.extend(
        ["nullable_and_unions", "defs_and_tuples", "webhooks"].map(|f| own.join(format!("openapi31/{f}.v31.yaml"))),
    );
    chosen
}

/// A crate of more generated lines than this is large: `cargo clippy` of it alone takes a minute or more. Large
/// crates compile in `bench/vendor-crates.sh` (which sets `VENDOR_CRATES=all`), not in CI.
const LARGE: usize = 400_000;

#[test]
#[ignore = "builds the crates of the vendor corpus but the large ones (two minutes warm); CI runs it with --include-ignored"]
fn crates_of_the_vendor_corpus_compile_clean() {
    let Some(specs) = corpus::vendor_specs("crates_of_the_vendor_corpus_compile_clean") else { return };
    let all = std::env::var("VENDOR_CRATES").is_ok_and(|v| v == "all");
    let mut crates = Vec::new();
    let mut large = Vec::new();
    for spec in specs.iter().chain(&own_newer_formats()) {
        let text = std::fs::read_to_string(spec).unwrap();
        let files =
            scratch::generate(&text, &spec.display().to_string()).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        // The extension too: a vendor may publish the same spec as JSON and as YAML.
        let name = spec.file_name().unwrap().to_string_lossy().to_ascii_lowercase();
        let parent = spec.parent().unwrap().file_name().unwrap().to_string_lossy().to_ascii_lowercase();
        let package = format!("vendor-{parent}-{name}").replace(['_', '.'], "-");
        let lines: usize = files.values().map(|text| text.lines().count()).sum();
        if lines > LARGE && !all {
            large.push(format!("{package} ({lines} lines)"));
            continue;
        }
        crates.push((package, files));
    }
    let names: Vec<String> = crates.iter().map(|(package, _)| package.clone()).collect();
    for vendor in ["openai", "digitalocean", "box", "pagerduty", "asana", "spotify", "nexus"] {
        assert!(names.iter().any(|n| n.contains(vendor)), "{vendor} is not among {names:?}");
    }
    if !large.is_empty() {
        eprintln!("left to bench/vendor-crates.sh, being large: {}", large.join(", "));
    }
    let work = scratch::workspace("vendor-specs", crates);
    let output = scratch::cargo(&work, &["clippy", "--workspace", "--quiet", "--", "-D", "warnings"]);
    assert!(
        output.status.success(),
        "the crates of {names:?} do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
