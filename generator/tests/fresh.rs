//! The checked-in crate is what the spec gives, and generating is deterministic.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn generated_crate_is_up_to_date_with_the_spec() {
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let files = generator::generate(&text, "spec/openapi.yaml").unwrap();
    let stale = generator::write::stale(&root().join("generated"), &files).unwrap();
    assert!(
        stale.is_empty(),
        "generated/ is stale: run `cargo run -p generator` and commit the result. Stale files: {stale:?}"
    );
}

#[test]
fn generating_twice_gives_the_same_bytes_whatever_the_file_is_called() {
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let first = generator::generate(&text, "spec/openapi.yaml").unwrap();
    let second = generator::generate(&text, "/some/other/place/api.yaml").unwrap();
    assert_eq!(first, second);
    let joined: String = first.values().cloned().collect();
    let root = root().canonicalize().unwrap();
    assert!(!joined.contains(&*root.to_string_lossy()), "output holds an absolute path");
}
