//! Overlays (`--overlay`, `generator::Options::overlays`): what each overlay under `overlays/` changes in the
//! crate of `overlays/base.yaml` (snapshots), the errors of the overlays under `overlays/bad/` (a snapshot), the
//! command line, and the example overlays of `overlays/` at the workspace root on Twilio's unmodified specs
//! (`../shared/twilio-oai`, see `common/corpus.rs`): every list pages, every secret is a `Secret`, and the notify
//! crate does both over a loopback server (an ignored test: it compiles the crate).
//!
//! Review snapshot changes with `cargo insta review`, or accept them with
//! `INSTA_UPDATE=always cargo test -p generator --test overlays`.

use generator::ir::{Api, HttpMethod, Operation, TypeKind, TypeRef};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/scratch.rs"]
mod scratch;

/// `generator/tests/overlays/`.
fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/overlays")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The overlays of `dir()` named by `names`, each named as in `dir()`, as `Options::overlays` takes them.
fn overlays(names: &[&str]) -> Vec<(String, String)> {
    names.iter().map(|name| (name.to_string(), read(&dir().join(name)))).collect()
}

/// The crate of `base.yaml` with the overlays `names` applied: its files, and the overlays' warnings.
fn generate(names: &[&str]) -> Result<(generator::Files, Vec<String>), generator::Error> {
    let options = generator::Options { overlays: overlays(names), ..Default::default() };
    let (api, warnings) = generator::overlaid_ir(&read(&dir().join("base.yaml")), "base.yaml", &options)?;
    let files = generator::emit::crate_files(&api)?;
    Ok((files, warnings.iter().map(ToString::to_string).collect()))
}

/// What the overlay `name` changes in the crate of `base.yaml`: every file that differs from the base crate's
/// below its header (which names the overlays), whole, with a heading; then the warnings.
fn changes(name: &str) -> String {
    let (base, _) = generate(&[]).unwrap();
    let (overlaid, warnings) = generate(&[name]).unwrap_or_else(|e| panic!("{name} is refused: {e}"));
    let paths: BTreeSet<&String> = base.keys().chain(overlaid.keys()).collect();
    let mut out = String::new();
    for path in paths {
        match (base.get(path), overlaid.get(path)) {
            (Some(old), Some(new)) if old.split_once('\n').map(|o| o.1) == new.split_once('\n').map(|n| n.1) => {}
            (_, Some(new)) => out.push_str(&format!("==> {path} <==\n{new}\n")),
            (Some(_), None) => out.push_str(&format!("==> {path} <== removed\n")),
            (None, None) => {}
        }
    }
    out.push_str("==> warnings <==\n");
    for warning in warnings {
        out.push_str(&format!("{warning}\n"));
    }
    out
}

#[test]
fn update_adds_pagination_a_secret_and_a_parameter() {
    insta::assert_snapshot!("update", changes("update.yaml"));
}

#[test]
fn remove_drops_an_operation_and_a_parameter_json_overlay() {
    insta::assert_snapshot!("remove", changes("remove.json"));
}

#[test]
fn targets_that_select_nothing_warn_and_change_nothing() {
    let changes = changes("nothing.yaml");
    assert!(changes.starts_with("==> warnings <==\n"), "the crate changed:\n{changes}");
    insta::assert_snapshot!("nothing", changes);
}

#[test]
fn overlays_apply_in_the_order_given() {
    let title = |title: &str| {
        let text = format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions: [{{target: $.info, update: {{title: {title}}}}}]\n");
        (format!("{title}.yaml"), text)
    };
    let spec = read(&dir().join("base.yaml"));
    for (order, last) in [([title("First"), title("Second")], "Second"), ([title("Second"), title("First")], "First")] {
        let options = generator::Options { overlays: order.to_vec(), ..Default::default() };
        let (api, _) = generator::overlaid_ir(&spec, "base.yaml", &options).unwrap();
        assert_eq!(api.title, last);
    }
}

/// Each overlay of `overlays/bad/`, refused with its place in the overlay.
#[test]
fn invalid_overlays_are_refused_with_their_place() {
    let mut names: Vec<String> = std::fs::read_dir(dir().join("bad"))
        .unwrap()
        .map(|entry| format!("bad/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    names.sort();
    let mut report = String::new();
    for name in &names {
        let error = generate(&[name]).err().unwrap_or_else(|| panic!("{name} is accepted"));
        assert_eq!(error.file.as_deref(), Some(name.as_str()), "{error}");
        report.push_str(&format!("{error}\n\n"));
    }
    insta::assert_snapshot!("bad", report);
}

/// An error of the spec itself still names the spec.
#[test]
fn errors_of_the_spec_name_the_spec() {
    let options = generator::Options { overlays: overlays(&["update.yaml"]), ..Default::default() };
    let error = generator::overlaid_ir("openapi: 4.0.0\n", "spec.yaml", &options).unwrap_err();
    assert_eq!(
        error.to_string().lines().next(),
        Some("spec.yaml#/openapi: OpenAPI 4.0.0 is not supported; this generator reads OpenAPI 3.0.x and 3.1.x")
    );
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator")).current_dir(corpus::workspace_root()).args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `--overlay`, repeated, on `generate`: warnings on stderr named by the overlay's file, `--check` agreeing with
/// what was written, `--strict` refusing an action that changes nothing.
#[test]
fn the_command_line_applies_overlays_in_order_and_checks_with_them() {
    let out = corpus::workspace_root().join("target/overlay-cli/keys");
    let _ = std::fs::remove_dir_all(&out);
    let out = out.to_str().unwrap();
    let spec = "generator/tests/overlays/base.yaml";
    let (update, nothing) = ("generator/tests/overlays/update.yaml", "generator/tests/overlays/nothing.yaml");
    let generate = ["--spec", spec, "--out", out, "--runtime-registry", "--overlay", update, "--overlay", nothing];
    let output = run(&generate);
    assert!(output.status.success(), "{}", stderr(&output));
    let warnings: Vec<String> =
        stderr(&output).lines().filter(|l| l.starts_with("warning: ")).map(str::to_owned).collect();
    assert_eq!(warnings.len(), 2, "{}", stderr(&output));
    assert!(warnings[0].starts_with(&format!("warning: {nothing}#/actions/0/target: target ")), "{}", warnings[0]);
    assert!(String::from_utf8_lossy(&output.stdout).contains(&format!("overlaid by {update}, {nothing}")));
    let operations = std::fs::read_to_string(format!("{out}/src/operations.rs")).unwrap();
    assert!(operations.contains("impl crate::runtime::List for ListKeyParams"));

    let check = [&generate[..], &["--check"]].concat();
    let output = run(&check);
    assert!(output.status.success(), "the same overlays give the same crate: {}", stderr(&output));
    let output = run(&["--spec", spec, "--out", out, "--runtime-registry", "--check"]);
    assert_eq!(output.status.code(), Some(1), "without the overlays the crate is stale");

    let strict = [&generate[..], &["--strict", "--check"]].concat();
    let output = run(&strict);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(&format!("error: {nothing}#/actions/0/target")), "{}", stderr(&output));
    assert!(stderr(&output).contains(
        "--strict refuses what cannot be generated or read exactly, and overlay actions that change nothing (2 above)"
    ));
}

#[test]
fn the_command_line_refuses_a_bad_or_missing_overlay_with_status_2() {
    let spec = "generator/tests/overlays/base.yaml";
    let output = run(&["--spec", spec, "--check", "--overlay", "generator/tests/overlays/bad/target.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: generator/tests/overlays/bad/target.yaml#/actions/1/target: "));
    let output = run(&["--spec", spec, "--check", "--overlay", "no/such/overlay.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: cannot read no/such/overlay.yaml: "), "{}", stderr(&output));
}

/// `diff --overlay` applies the overlays to both sides: a spec against itself has no changes, and an overlay
/// refused is said once.
#[test]
fn diff_applies_the_overlays_to_both_documents() {
    let spec = "generator/tests/overlays/base.yaml";
    let output = run(&["diff", spec, spec, "--overlay", "generator/tests/overlays/update.yaml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("no changes"));
    let output = run(&["diff", spec, spec, "--overlay", "generator/tests/overlays/nothing.yaml"]);
    assert_eq!(stderr(&output).matches("selects nothing in generator/tests/overlays/base.yaml").count(), 4);
    let output = run(&["diff", spec, spec, "--overlay", "generator/tests/overlays/bad/root.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).matches("error: ").count(), 1, "{}", stderr(&output));
}

/// Twilio's unmodified `spec` (a file of `../shared/twilio-oai`) with the example overlay of the workspace's
/// `overlays/` named like it: the IR, after checking that the overlay warns of nothing and nothing is skipped.
fn twilio_overlaid(corpus: &Path, spec: &str) -> Api {
    let text = read(&corpus.join(format!("{spec}.json")));
    let overlay = format!("overlays/{spec}.yaml");
    let options = generator::Options {
        overlays: vec![(overlay.clone(), read(&corpus::workspace_root().join(&overlay)))],
        ..Default::default()
    };
    let (api, warnings) = generator::overlaid_ir(&text, spec, &options).unwrap_or_else(|e| panic!("{spec}: {e}"));
    assert!(warnings.is_empty(), "{overlay}: {warnings:?}");
    let skipped: Vec<String> = generator::warnings(&api, spec).iter().map(ToString::to_string).collect();
    assert!(skipped.is_empty(), "{spec} with {overlay} leaves out:\n{}", skipped.join("\n"));
    api
}

fn operations(api: &Api) -> impl Iterator<Item = &Operation> {
    api.modules.iter().flat_map(|m| &m.operations)
}

/// The fields of the struct `ty`, if it is one.
fn fields<'a>(api: &'a Api, ty: &TypeRef) -> &'a [generator::ir::Field] {
    let TypeRef::Named(name) = ty else { return &[] };
    let Some(TypeKind::Struct(s)) = api.types.iter().find(|t| &t.name == name).map(|t| &t.kind) else { return &[] };
    &s.fields
}

/// A struct's field by wire name.
fn field<'a>(api: &'a Api, ty: &TypeRef, wire: &str) -> Option<&'a generator::ir::Field> {
    fields(api, ty).iter().find(|f| f.wire == wire)
}

/// A GET whose answer is a Twilio page: an array of items beside `meta.next_page_url`.
fn answers_a_page(api: &Api, op: &Operation) -> bool {
    let Some(page) = op.response.json_body().filter(|_| op.http_method == HttpMethod::Get) else { return false };
    let has_items = fields(api, page).iter().any(|f| matches!(f.ty, TypeRef::Array(_)));
    has_items && field(api, page, "meta").is_some_and(|meta| field(api, &meta.ty, "next_page_url").is_some())
}

/// The wire names of the secret fields of each operation (request) and type (response), sorted.
fn secrets(api: &Api) -> Vec<String> {
    let mut found: Vec<String> = operations(api)
        .flat_map(|op| op.params.fields.iter().filter(|p| p.secret).map(move |p| format!("{}.{}", op.id, p.wire)))
        .collect();
    for ty in &api.types {
        if let TypeKind::Struct(s) = &ty.kind {
            found.extend(s.fields.iter().filter(|f| f.secret).map(|f| format!("{}.{}", ty.name, f.wire)));
        }
    }
    found.sort();
    found
}

/// With the example overlays, every list of Twilio's notify_v1 and trunking_v1 pages (and nothing else does),
/// and the properties the overlays call secret are `Secret`s, on Twilio's specs as published.
#[test]
fn twilio_lists_page_and_secrets_are_secret_with_the_example_overlays() {
    let Some(corpus) =
        corpus::shared("twilio-oai", "twilio_lists_page_and_secrets_are_secret_with_the_example_overlays")
    else {
        return;
    };
    let expected_secrets: [(&str, &[&str]); 2] = [
        (
            "twilio_notify_v1",
            &[
                "CreateCredential.ApiKey",
                "CreateCredential.PrivateKey",
                "CreateCredential.Secret",
                "UpdateCredential.ApiKey",
                "UpdateCredential.PrivateKey",
                "UpdateCredential.Secret",
            ],
        ),
        ("twilio_trunking_v1", &[]),
    ];
    for (spec, expected) in expected_secrets {
        let plain = generator::ir_of(&read(&corpus.join(format!("{spec}.json"))), spec).unwrap();
        assert!(operations(&plain).all(|op| op.pagination.is_none()) && secrets(&plain).is_empty(), "{spec}");
        let api = twilio_overlaid(&corpus, spec);
        let lists: Vec<&str> =
            operations(&api).filter(|op| answers_a_page(&api, op)).map(|op| op.id.as_str()).collect();
        assert!(lists.len() >= 3, "{spec}: {lists:?}");
        for op in operations(&api) {
            let paged = op.pagination.is_some();
            assert_eq!(paged, lists.contains(&op.id.as_str()), "{spec}: {} pages: {paged}", op.id);
        }
        assert_eq!(secrets(&api), expected, "{spec}");
    }
}

/// The crates of Twilio's unmodified notify_v1 and trunking_v1 with their example overlays compile clean under
/// clippy with `-D warnings` in a scratch workspace, and notify's runs `overlays/e2e/twilio_notify_v1.rs` over a
/// loopback server (`fixtures/e2e/support.rs`).
#[test]
#[ignore = "compiles the crate of Twilio's notify_v1 and runs a program against it (under 30 s once target/scratch holds the runtime's dependencies); run with --include-ignored"]
fn the_overlaid_crates_compile_and_notify_pages_and_keeps_its_secret_over_loopback() {
    let Some(corpus) =
        corpus::shared("twilio-oai", "the_overlaid_crates_compile_and_notify_pages_and_keeps_its_secret_over_loopback")
    else {
        return;
    };
    let package = "twilio-notify-overlaid";
    let root = corpus::workspace_root();
    let runtime = generator::runtime::locate(&root.join("target/overlay-crates/crates").join(package)).unwrap();
    let overlay = "overlays/twilio_notify_v1.yaml";
    let options = generator::Options {
        runtime: Some(runtime),
        overlays: vec![(overlay.to_owned(), read(&root.join(overlay)))],
        ..Default::default()
    };
    let text = read(&corpus.join("twilio_notify_v1.json"));
    let files = generator::generate_with(&text, "twilio_notify_v1.json", &options).unwrap();
    let trunking = "overlays/twilio_trunking_v1.yaml";
    let options = generator::Options { overlays: vec![(trunking.to_owned(), read(&root.join(trunking)))], ..options };
    let text = read(&corpus.join("twilio_trunking_v1.json"));
    let trunking_files = generator::generate_with(&text, "twilio_trunking_v1.json", &options).unwrap();
    let crates = vec![(package.to_owned(), files), ("twilio-trunking-overlaid".to_owned(), trunking_files)];
    let work = scratch::workspace("overlay-crates", crates);
    let output = scratch::cargo(&work, &["clippy", "--workspace", "--quiet", "--", "-D", "warnings"]);
    assert!(
        output.status.success(),
        "the overlaid crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let crate_dir = work.join("crates").join(package);
    let manifest = crate_dir.join("Cargo.toml");
    let mut text = read(&manifest);
    text.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n");
    std::fs::write(manifest, text).unwrap();
    std::fs::create_dir_all(crate_dir.join("tests/support")).unwrap();
    std::fs::copy(dir().join("e2e/twilio_notify_v1.rs"), crate_dir.join("tests/e2e.rs")).unwrap();
    let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/e2e/support.rs");
    std::fs::copy(support, crate_dir.join("tests/support/mod.rs")).unwrap();
    let output = scratch::cargo(&work, &["test", "--quiet", "-p", package, "--test", "e2e"]);
    assert!(
        output.status.success(),
        "the overlaid notify crate's program fails:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
