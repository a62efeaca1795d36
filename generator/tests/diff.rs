//! `generator diff`: one small pair of specs per rule under `tests/diff/<rule-id>/`, each report snapshotted;
//! the curated spec against a copy with several vendor changes (`tests/diff/realistic/new.yaml`) in every
//! format; and the exit statuses of the binary.
//!
//! Review changed reports with `cargo insta review`, or accept them with
//! `INSTA_UPDATE=always cargo test -p generator --test diff`.

use generator::diff::{self, render, rules::RULES, Report, Side};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn load(path: &Path, name: &str) -> generator::ir::Api {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    generator::ir_of(&text, name).unwrap_or_else(|e| panic!("{e}"))
}

/// The report of a rule's fixture pair.
fn fixture_report(rule: &str) -> Report {
    let dir = fixtures().join(rule);
    diff::diff(&load(&dir.join("old.yaml"), "old.yaml"), &load(&dir.join("new.yaml"), "new.yaml"))
}

/// Each fixture pair shows its rule: the report names it, and is snapshotted as text.
macro_rules! rules {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let rule = stringify!($name).replace('_', "-");
                let report = fixture_report(&rule);
                assert!(
                    report.changes.iter().any(|c| c.rule == rule),
                    "the {rule} fixture does not report {rule}:\n{report:#?}"
                );
                let text = render::report(&report, "old.yaml", "new.yaml", render::Format::Text);
                insta::assert_snapshot!(stringify!($name), text);
            }
        )*
        const FIXTURES: &[&str] = &[$(stringify!($name)),*];
    };
}

rules!(
    constraint_changed,
    constraint_narrowed,
    constraint_widened,
    enum_value_added,
    enum_value_removed,
    error_body_removed,
    error_type_changed,
    format_changed,
    operation_added,
    operation_call_changed,
    operation_id_changed,
    operation_module_changed,
    operation_moved,
    operation_removed,
    operation_renamed,
    optional_property_removed,
    optional_property_renamed,
    pagination_added,
    pagination_changed,
    pagination_removed,
    pagination_total_changed,
    param_added,
    param_added_required,
    param_default_changed,
    param_field_renamed,
    param_moved,
    param_now_optional,
    param_now_required,
    param_removed,
    param_renamed,
    params_argument_added,
    params_argument_removed,
    path_param_renamed,
    pattern_changed,
    pattern_narrowed,
    pattern_widened,
    property_added,
    property_added_required,
    property_added_required_nullable,
    property_now_non_nullable,
    property_now_nullable,
    property_now_optional,
    property_now_required,
    property_now_required_nullable,
    property_presence_changed,
    property_removed,
    property_renamed,
    required_param_renamed,
    resource_added,
    resource_removed,
    response_body_added,
    response_body_removed,
    response_media_type_changed,
    response_status_changed,
    schema_added,
    schema_removed,
    schema_renamed,
    secret_changed,
    security_changed,
    security_relaxed,
    security_scheme_added,
    security_scheme_changed,
    security_scheme_removed,
    security_scheme_signature_changed,
    server_added,
    server_changed,
    server_removed,
    server_renamed,
    server_url_changed,
    type_changed,
    type_narrowed,
    type_widened,
    unused_schema_changed,
);

#[test]
fn every_rule_has_a_fixture_and_every_row_of_the_table_is_exercised() {
    let ids: BTreeSet<String> = RULES.iter().map(|r| r.id.to_owned()).collect();
    let dirs: BTreeSet<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|d| d != "realistic")
        .collect();
    assert_eq!(dirs, ids, "fixture folders and rule ids differ");
    let tested: BTreeSet<String> = FIXTURES.iter().map(|f| f.replace('_', "-")).collect();
    assert_eq!(tested, ids, "the rules! list and the rule ids differ");
    let mut seen: BTreeSet<(String, Side)> = BTreeSet::new();
    for id in &ids {
        seen.extend(fixture_report(id).changes.iter().map(|c| (c.rule.to_owned(), c.side)));
    }
    let missing: Vec<_> =
        RULES.iter().filter(|r| !seen.contains(&(r.id.to_owned(), r.side))).map(|r| (r.id, r.side)).collect();
    assert!(missing.is_empty(), "rows no fixture exercises: {missing:?}");
}

const OLD: &str = "spec/openapi.yaml";
const NEW: &str = "generator/tests/diff/realistic/new.yaml";

fn realistic() -> Report {
    diff::diff(&load(&root().join(OLD), OLD), &load(&root().join(NEW), NEW))
}

#[test]
fn realistic_text() {
    insta::assert_snapshot!("realistic_text", render::report(&realistic(), OLD, NEW, render::Format::Text));
}

#[test]
fn realistic_markdown() {
    insta::assert_snapshot!("realistic_markdown", render::report(&realistic(), OLD, NEW, render::Format::Markdown));
}

#[test]
fn realistic_json() {
    let json = render::report(&realistic(), OLD, NEW, render::Format::Json);
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(parsed["changes"].as_array().map(Vec::len), Some(realistic().changes.len()));
    insta::assert_snapshot!("realistic_json", json);
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    let spec = load(&root().join(OLD), OLD);
    assert_eq!(diff::diff(&spec, &spec), Report::default());
}

#[test]
fn rule_table() {
    insta::assert_snapshot!("rule_table", render::rules(render::Format::Markdown));
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator")).current_dir(root()).args(args).output().unwrap()
}

fn fixture(rule: &str, which: &str) -> String {
    format!("generator/tests/diff/{rule}/{which}.yaml")
}

#[test]
fn exit_status_is_0_without_breaking_changes_and_1_with_them() {
    let same = run(&["diff", OLD, OLD]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("no changes"));
    let breaking = run(&["diff", OLD, NEW]);
    assert_eq!(breaking.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&breaking.stdout), render::report(&realistic(), OLD, NEW, render::Format::Text));
}

#[test]
fn fail_on_warning_also_fails_on_warnings() {
    let (old, new) = (fixture("param-default-changed", "old"), fixture("param-default-changed", "new"));
    assert_eq!(run(&["diff", &old, &new]).status.code(), Some(0));
    assert_eq!(run(&["diff", &old, &new, "--fail-on", "warning"]).status.code(), Some(1));
    assert_eq!(run(&["diff", &old, &new, "--fail-on", "breaking"]).status.code(), Some(0));
    let (old, new) = (fixture("param-added", "old"), fixture("param-added", "new"));
    assert_eq!(run(&["diff", &old, &new, "--fail-on", "warning"]).status.code(), Some(0));
}

#[test]
fn formats_are_chosen_with_format() {
    let json = run(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("--format json prints JSON");
    assert_eq!(parsed["new"], NEW);
    let markdown = run(&["diff", OLD, NEW, "--format", "markdown"]);
    assert!(String::from_utf8_lossy(&markdown.stdout).starts_with("## API changes"));
    assert_eq!(run(&["diff", OLD, NEW, "--format", "yaml"]).status.code(), Some(2));
}

#[test]
fn unreadable_specs_exit_2_with_the_generators_error() {
    let dir = std::env::temp_dir().join(format!("generator-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      operationId: A\n      parameters: [{$ref: '#/components/parameters/Gone'}]\n      responses: {'200': {description: ok}}\n").unwrap();
    let bad = bad.to_string_lossy().into_owned();
    let generate = run(&["--check", "--spec", &bad, "--out", &dir.to_string_lossy()]);
    assert_eq!(generate.status.code(), Some(2));
    let expected = String::from_utf8_lossy(&generate.stderr).into_owned();
    assert!(
        expected
            .contains("#/paths/~1a/get/parameters/0/$ref: reference \"#/components/parameters/Gone\" does not resolve"),
        "{expected}"
    );
    for args in [["diff", OLD, bad.as_str()], ["diff", bad.as_str(), OLD]] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
        assert!(out.stdout.is_empty());
    }
    let missing = run(&["diff", OLD, "no/such/spec.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: cannot read no/such/spec.yaml"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_specs_compare_with_yaml_ones() {
    let dir = fixtures().join("param-added");
    let yaml: serde_json::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(dir.join("new.yaml")).unwrap()).unwrap();
    let path = std::env::temp_dir().join(format!("generator-diff-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string_pretty(&yaml).unwrap()).unwrap();
    let out = run(&["diff", &fixture("param-added", "old"), &path.to_string_lossy()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("param-added (request)"));
}

#[test]
fn readme_sample_is_the_real_report() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let command = format!("$ cargo run -q -p generator -- diff {OLD} {NEW}\n");
    let start = readme.find(&command).expect("README.md shows the sample report") + command.len();
    let sample = &readme[start..start + readme[start..].find("```").unwrap()];
    assert_eq!(sample, render::report(&realistic(), OLD, NEW, render::Format::Text), "update the sample in README.md");
}

#[test]
fn parts_the_generator_leaves_out_are_compared_no_further_and_said_so() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad_specs/48-cookie-parameter.yaml");
    let out = run(&["diff", spec, spec]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: not compared: ")).collect();
    assert_eq!(warnings.len(), 2, "one per side:\n{stderr}");
    assert!(warnings[0].contains("#/paths/~1v1~1Things/get/parameters/0: operation `ListThing` is not generated"));
}

/// `diff --base REV` reads the old document from git: the workspace's spec by default, named `REV:PATH`.
#[test]
fn base_reads_the_old_document_from_git() {
    let repo = root().join("target/diff-base-test");
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(repo.join("spec")).unwrap();
    std::fs::write(repo.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    let git = |args: &[&str]| {
        let output = Command::new("git").current_dir(&repo).args(args).output().expect("git runs");
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    git(&["init", "-q"]);
    std::fs::copy(root().join(OLD), repo.join("spec/openapi.yaml")).unwrap();
    git(&["add", "."]);
    git(&["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "old"]);
    std::fs::copy(root().join(NEW), repo.join("spec/openapi.yaml")).unwrap();

    let run_in = |dir: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_generator")).current_dir(dir).args(args).output().unwrap()
    };
    let output = run_in(&repo.join("spec"), &["diff", "--base", "HEAD"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let expected = render::report(&realistic(), "HEAD:spec/openapi.yaml", "spec/openapi.yaml", render::Format::Text);
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    let same = run_in(&repo, &["diff", "--base", "HEAD", "spec/openapi.yaml", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(parsed["old"], "HEAD:spec/openapi.yaml");
    let unknown = run_in(&repo, &["diff", "--base", "no-such-rev"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("at no-such-rev: fatal:"));
    assert_eq!(run_in(&repo, &["diff", "--base", "HEAD", OLD, NEW]).status.code(), Some(2), "NEW with --base");
    std::fs::remove_dir_all(&repo).ok();
}

/// The same shape under an unrelated name is a removal and an addition, not a rename.
#[test]
fn a_rename_needs_a_similar_name() {
    let dir = fixtures().join("param-renamed");
    let old = load(&dir.join("old.yaml"), "old.yaml");
    let text = std::fs::read_to_string(dir.join("new.yaml")).unwrap().replace("NextPageToken", "Cursor");
    let new = generator::ir_of(&text, "new.yaml").unwrap();
    let rules: Vec<&str> = diff::diff(&old, &new).changes.iter().map(|c| c.rule).collect();
    assert_eq!(rules, ["param-removed", "param-added"]);
}

/// The JSON report follows its published schema (`generator/diff-report.schema.json`): every fixture's report and
/// the realistic one, checked by a validator of the keywords the schema uses.
#[test]
fn json_reports_follow_the_published_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("generator/diff-report.schema.json")).unwrap())
            .unwrap();
    let mut reports = vec![realistic()];
    reports.extend(FIXTURES.iter().map(|f| fixture_report(&f.replace('_', "-"))));
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad_specs/48-cookie-parameter.yaml");
    reports.push(diff::diff(&load(Path::new(spec), "a.yaml"), &load(&root().join(OLD), OLD)));
    assert!(!reports.last().unwrap().not_compared.is_empty());
    for report in reports {
        let json: serde_json::Value =
            serde_json::from_str(&render::report(&report, OLD, NEW, render::Format::Json)).unwrap();
        let mut problems = Vec::new();
        validate(&schema, &schema, &json, "", &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }
    // The validator does reject what the schema forbids.
    let mut problems = Vec::new();
    let bad = serde_json::json!({"old": "a", "new": 1, "changes": [{"rule": "x", "wire": "fatal"}], "extra": true});
    validate(&schema, &schema, &bad, "", &mut problems);
    assert_eq!(problems.len(), 10, "{problems:#?}");
}

/// The keywords of JSON Schema that the report's schema uses: `$ref` (local), `type`, `enum`, `minimum`,
/// `required`, `properties`, `additionalProperties` and `items`.
fn validate(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    if let Some(Value::String(target)) = schema.get("$ref") {
        let pointer = target.strip_prefix('#').expect("local references");
        return validate(root, root.pointer(pointer).expect("the reference resolves"), value, at, out);
    }
    let fits = match schema.get("type").and_then(Value::as_str) {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_u64() || value.is_i64(),
        Some(other) => panic!("type {other} is not supported"),
        None => true,
    };
    if !fits {
        return out.push(format!("{at}: not of type {}", schema["type"]));
    }
    if let Some(Value::Array(allowed)) = schema.get("enum") {
        if !allowed.contains(value) {
            out.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), value.as_f64()) {
        if n < min {
            out.push(format!("{at}: {n} < {min}"));
        }
    }
    if let Value::Object(map) = value {
        for key in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !map.contains_key(key.as_str().unwrap()) {
                out.push(format!("{at}: {key} is missing"));
            }
        }
        for (key, item) in map {
            let at = format!("{at}/{key}");
            match (schema.pointer(&format!("/properties/{key}")), schema.get("additionalProperties")) {
                (Some(property), _) => validate(root, property, item, &at, out),
                (None, Some(Value::Bool(false))) => out.push(format!("{at}: not allowed")),
                (None, Some(additional)) => validate(root, additional, item, &at, out),
                (None, None) => {}
            }
        }
    }
    if let (Value::Array(items), Some(schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(root, schema, item, &format!("{at}/{i}"), out);
        }
    }
}

/// `--only` lists the changes at a verdict or worse, breaking first; the exit status still counts them all.
#[test]
fn only_lists_the_changes_at_a_verdict_or_worse() {
    let breaking = run(&["diff", OLD, NEW, "--only", "breaking", "--format", "json"]);
    assert_eq!(breaking.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_slice(&breaking.stdout).unwrap();
    let changes = parsed["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|c| c["wire"] == "breaking" || c["api"] == "breaking"), "{changes:#?}");
    let all = realistic();
    let worst: Vec<diff::Verdict> = all.changes.iter().map(|c| c.worst()).collect();
    assert!(worst.windows(2).all(|w| w[0] >= w[1]), "breaking first, then warnings: {worst:?}");
    let expected = all.changes.iter().filter(|c| c.worst() == diff::Verdict::Breaking).count();
    assert_eq!(changes.len(), expected);
    let warnings = run(&["diff", OLD, NEW, "--only", "warning", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_slice(&warnings.stdout).unwrap();
    let listed = parsed["changes"].as_array().unwrap();
    assert!(listed.iter().all(|c| c["wire"] != "none" || c["api"] != "none"), "{listed:#?}");
    let expected = all.changes.iter().filter(|c| c.worst() >= diff::Verdict::Warning).count();
    assert!(expected < all.changes.len() && listed.len() == expected, "none-verdict changes are left out");
    let (old, new) = (fixture("param-default-changed", "old"), fixture("param-default-changed", "new"));
    let warning = run(&["diff", &old, &new, "--only", "warning"]);
    assert_eq!(warning.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&warning.stdout).contains("param-default-changed (request)"));
    let none = run(&["diff", &old, &new, "--only", "breaking"]);
    assert!(!String::from_utf8_lossy(&none.stdout).contains("param-default-changed (request)"));
}

/// Wire verdicts follow the schemas, not the Rust names: in `tests/diff_moved/`, schemas move from inline to
/// components under new names, enums gain a value and a request body gains an optional property while renamed,
/// a list's response moves to a named page type, and an integer gains `format: int64`. Nothing breaks on the wire;
/// the renames are API changes.
#[test]
fn schemas_moved_or_renamed_are_no_wire_change() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_moved");
    let report = diff::diff(&load(&dir.join("old.yaml"), "old.yaml"), &load(&dir.join("new.yaml"), "new.yaml"));
    let wire: Vec<&diff::Change> = report.changes.iter().filter(|c| c.wire != diff::Verdict::None).collect();
    assert!(wire.is_empty(), "{wire:#?}");
    let rules: BTreeSet<&str> = report.changes.iter().map(|c| c.rule).collect();
    assert_eq!(rules, BTreeSet::from(["schema-renamed", "enum-value-added", "property-added"]), "{report:#?}");
    let renamed = report.changes.iter().filter(|c| c.rule == "schema-renamed").count();
    assert_eq!(renamed, 4, "{report:#?}");
}

/// Cases found in review, each a pair under `tests/diff_cases/<case>/`: the rules reported, with their verdicts,
/// and how many operations and other places the summary counts.
#[test]
fn reviewed_cases_get_their_verdicts() {
    use diff::Verdict::{Breaking as B, None as N};
    type Expected = (&'static str, &'static [(&'static str, diff::Verdict, diff::Verdict)], usize, usize);
    let cases: &[Expected] = &[
        // A named pattern schema keeps its name while its pattern widens: no rename.
        (
            "named-pattern-widened",
            &[
                ("param-added", N, N),
                ("params-argument-added", N, N),
                ("pattern-widened", N, N),
                ("schema-added", N, N),
            ],
            1,
            0,
        ),
        // A body property becoming required and nullable: the old crate leaves out `None`, the server needs it.
        (
            "required-nullable-body",
            &[("schema-added", N, N), ("schema-removed", N, B), ("type-changed", B, B), ("type-widened", N, B)],
            2,
            0,
        ),
        // Other properties kept in a map are values too: integers to strings break decoding.
        (
            "other-properties-unmatched",
            &[("schema-added", N, N), ("schema-removed", N, B), ("type-changed", B, B)],
            2,
            0,
        ),
        ("other-properties-changed", &[("type-changed", B, B)], 2, 0),
        // `Calls.json` and `Calls/{Sid}.json` are one resource.
        ("json-extension-resource", &[("resource-removed", B, B)], 2, 0),
        // An operation whose id reads like a place is still an operation; the client is another place.
        ("operation-named-like-a-place", &[("param-added", N, N), ("security-scheme-added", N, N)], 1, 1),
    ];
    for (case, expected, operations, elsewhere) in cases {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_cases").join(case);
        let report = diff::diff(&load(&dir.join("old.yaml"), "old.yaml"), &load(&dir.join("new.yaml"), "new.yaml"));
        let found: BTreeSet<(&str, diff::Verdict, diff::Verdict)> =
            report.changes.iter().map(|c| (c.rule, c.wire, c.api)).collect();
        assert_eq!(found, expected.iter().copied().collect(), "{case}: {report:#?}");
        let summary = report.summary();
        assert_eq!((summary.operations, summary.elsewhere), (*operations, *elsewhere), "{case}");
    }
}
