//! Names the generator supports rather than refuses: Rust keywords, reserved type names (`Option`, `Result`,
//! `String`, `Box`, `Self`), names that collide after case conversion (`friendlyName` and `friendly_name`,
//! `ListFoo` and `list_foo`), names starting with a digit or holding non-ASCII characters, and names the
//! generated crate uses itself (modules `client`, `models`, methods `builder`, `new`, `validate`). All of them
//! are in one spec, `supported_names/names.yaml`.
//!
//! The generated code is a snapshot; the crate is also compiled (`cargo check`) by an ignored test, run in CI
//! with `cargo test -p generator --test supported_names -- --include-ignored`.

use std::path::{Path, PathBuf};

#[path = "common/scratch.rs"]
mod scratch;

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/supported_names/names.yaml")
}

fn files() -> generator::Files {
    let text = std::fs::read_to_string(spec()).unwrap();
    scratch::generate(&text, "names.yaml").unwrap_or_else(|e| panic!("names.yaml does not generate: {e}"))
}

#[test]
fn keywords_reserved_names_collisions_digits_and_non_ascii_are_renamed() {
    let files = files();
    let joined: String = files
        .iter()
        .filter(|(path, _)| !path.starts_with("src/runtime/") && *path != "src/request.rs")
        .map(|(path, contents)| format!("==> {path} <==\n{contents}"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("supported_names", joined);

    let lib = &files["src/lib.rs"];
    for module in ["client_api", "models_api", "sid_api", "runtime_api", "r#type", "value"] {
        assert!(lib.contains(&format!("pub mod {module};")), "no module {module} in lib.rs:\n{lib}");
    }
    let models = &files["src/models.rs"];
    for item in [
        "pub struct OptionType",
        "pub struct ResultType",
        "pub enum StringType",
        "pub struct BoxType",
        "pub enum SelfType",
        "pub type VecType",
        "pub struct RawType",
        "pub struct FriendlyName ",
        "pub struct FriendlyName2",
        "pub struct Type ",
        "pub r#type: String",
        "pub type_2:",
        "pub self_:",
        "pub self_2:",
        "pub crate_:",
        "pub r#async:",
        "pub r#match:",
        "pub super_:",
        "pub friendly_name:",
        "pub friendly_name_2:",
        "pub _1st:",
        "pub n:",
        "pub value:",
        "pub value_2:",
    ] {
        assert!(models.contains(item), "models.rs has no `{item}`");
    }
    assert!(files["src/sid.rs"].contains("pub type V1stSid = crate::Id<rules::V1stSid>;"));
    let methods = files.values().cloned().collect::<String>();
    for method in [
        // Builder setters of schemes named like the builder's own methods.
        "pub fn build_2(",
        "pub fn base_url_2(mut self",
        // Area accessors of tags named like the crate's modules or keywords.
        "pub fn client_api(&self) -> ClientApi",
        "pub fn r#type(&self) -> Type",
        // Methods named after keyword operationIds, and handles of keyword path parameters.
        "pub fn r#async(&self) -> crate::Request<AsyncParams>",
        "pub fn r#match(&self) -> crate::Request<MatchParams>",
        "pub fn _1st_operation(&self) -> crate::Request<V1stOperationParams>",
        "pub fn r#type(&self, r#type: &str) -> ThingType",
        // Setters of parameters named like the request's and the params struct's own methods.
        "pub fn new_2(mut self",
        "pub fn validate_2(mut self",
        "pub fn query_pairs_2(mut self",
        "pub fn headers_2(mut self",
        "pub fn form_pairs_2(mut self",
        "pub fn self_2(mut self",
    ] {
        assert!(methods.contains(method), "no `{method}` in the generated crate");
    }
}

#[test]
#[ignore = "compiles a crate; run in CI with --include-ignored"]
fn the_crate_generated_from_those_names_compiles_without_warnings() {
    let work = scratch::workspace("supported-names", vec![("supported-names".to_owned(), files())]);
    let output = scratch::cargo(&work, &["check", "--workspace", "--lib", "--message-format=short"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the generated crate does not compile without warnings:\n{stderr}");
}
