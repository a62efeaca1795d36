//! Bad specs, one per file under `bad_specs/`, each run through the built binary with `--strict` against the
//! real `generated/` directory: exit status 2, one message that names the file, the place (a JSON pointer, or a
//! line and column) and what to do, no panic, and `generated/` byte for byte as it was.
//!
//! Without `--strict` a problem confined to one operation, schema or security scheme only leaves that part out
//! with the same message as a warning; a problem of the whole document (syntax, version, a broken `$ref`) still
//! refuses it. The library is checked for that here, never the binary, so that nothing is written.
//!
//! The messages are snapshots (`snapshots/bad_specs__*.snap`). Review changes with `cargo insta review`, or
//! accept them with `INSTA_UPDATE=always cargo test -p generator --test bad_specs`.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Cases whose problem is the document as a whole, so that their message has no pointer or line.
const WHOLE_DOCUMENT: &[&str] =
    &["01-empty-document", "10-not-a-mapping", "11-missing-info", "58-yaml-alias-bomb", "61-multiple-documents"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("tests/bad_specs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    cases.sort();
    cases
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(current) = dirs.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn digest(files: &BTreeMap<PathBuf, Vec<u8>>) -> u64 {
    let mut hasher = DefaultHasher::new();
    files.hash(&mut hasher);
    hasher.finish()
}

/// What differs between two listings of a directory.
fn changed(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeSet<PathBuf> {
    before.keys().chain(after.keys()).filter(|p| before.get(*p) != after.get(*p)).cloned().collect()
}

#[test]
fn there_are_at_least_forty_cases_and_each_yaml_case_says_what_it_tests() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} bad specs", cases.len());
    for case in cases.iter().filter(|c| c.extension().is_some_and(|e| e == "yaml")) {
        let text = std::fs::read_to_string(case).unwrap();
        assert!(text.starts_with("# "), "{} does not start with a comment saying what it tests", case.display());
    }
}

#[test]
fn bad_specs_fail_with_one_located_actionable_message_and_leave_generated_untouched() {
    let generated = manifest_dir().join("../generated").canonicalize().unwrap();
    let before = files(&generated);
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let relative = format!("generator/tests/bad_specs/{}", case.file_name().unwrap().to_string_lossy());
        let mut fail = |problem: String| failures.push(format!("{name}: {problem}"));

        let text = std::fs::read_to_string(&case).unwrap();
        let lenient = generator::ir_of(&text, &relative);
        if lenient.as_ref().is_ok_and(|api| generator::warnings(api, &relative).is_empty()) {
            fail("generates a crate without a warning; a bad spec must be refused or skipped in part".into());
            continue;
        }

        let output = Command::new(env!("CARGO_BIN_EXE_generator"))
            .arg("--strict")
            .arg("--spec")
            .arg(&case)
            .arg("--out")
            .arg(&generated)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr)
            .replace(&format!("{}/", manifest_dir().display()), "generator/")
            .replace(&format!("{}/", manifest_dir().canonicalize().unwrap().display()), "generator/");

        let after = files(&generated);
        if digest(&after) != digest(&before) {
            fail(format!(
                "generated/ changed ({:?}); restore it with `cargo run -p generator`",
                changed(&before, &after)
            ));
        }
        if output.status.success() || output.status.code() != Some(2) {
            fail(format!("exit status {:?}, not 2", output.status.code()));
        }
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            fail(format!("panicked:\n{stderr}"));
        }
        if !output.stdout.is_empty() {
            fail(format!("printed to stdout: {}", String::from_utf8_lossy(&output.stdout)));
        }
        let mut lines: Vec<&str> = stderr.lines().collect();
        if let Ok(api) = &lenient {
            let warning = generator::warnings(api, &relative)[0].to_string();
            if !stderr.starts_with(&format!("error: {warning}\n")) {
                fail(format!("--strict does not say what the lenient run warns:\n{warning}\n{stderr}"));
            }
            if lines.pop().is_none_or(|last| !last.starts_with("error: --strict refuses")) {
                fail(format!("--strict does not end by saying nothing was written:\n{stderr}"));
            }
        }
        let located = lines.first().is_some_and(|first| {
            let place = first.strip_prefix(&format!("error: {relative}")).unwrap_or("");
            place.starts_with("#/") || place.starts_with(":line ") || WHOLE_DOCUMENT.contains(&name.as_str())
        });
        if lines.len() != 2 || !lines[0].starts_with(&format!("error: {relative}")) || !located {
            fail(format!("not one error line naming {relative} and a place:\n{stderr}"));
        }
        if !lines.get(1).is_some_and(|help| help.starts_with("  help: ")) {
            fail(format!("no help line saying what to do:\n{stderr}"));
        }
        if catch_unwind(AssertUnwindSafe(|| insta::assert_snapshot!(name.as_str(), stderr))).is_err() {
            fail("message differs from its snapshot".into());
        }
    }
    assert!(failures.is_empty(), "{} bad specs misbehave:\n{}", failures.len(), failures.join("\n"));
}
