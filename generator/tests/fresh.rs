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
fn generating_twice_gives_the_same_bytes_and_only_the_headers_name_the_file() {
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let first = generator::generate(&text, "spec/openapi.yaml").unwrap();
    assert_eq!(first, generator::generate(&text, "spec/openapi.yaml").unwrap());
    let elsewhere = generator::generate(&text, "/some/other/place/api.yaml").unwrap();
    for (path, contents) in &first {
        let (head, body) = contents.split_once('\n').unwrap();
        let (other_head, other_body) = elsewhere[path].split_once('\n').unwrap();
        assert_eq!(body, other_body, "{path}");
        assert!(head.ends_with("from spec/openapi.yaml. Do not edit."), "{path}: {head}");
        assert!(other_head.ends_with("from /some/other/place/api.yaml. Do not edit."), "{path}: {other_head}");
    }
    let joined: String = first.values().cloned().collect();
    let root = root().canonicalize().unwrap();
    assert!(!joined.contains(&*root.to_string_lossy()), "output holds an absolute path");
}
