//! Snapshots of the generated code: one small spec per feature under `fixtures/`, and the curated spec.
//!
//! The runtime files and `src/request.rs` are verbatim copies (of `runtime/`) and are left out. Review changes with `cargo insta review`, or
//! accept them with `INSTA_UPDATE=always cargo test -p generator --test snapshots`.

use std::path::Path;

/// The generated files of a spec, verbatim copies left out, concatenated with a heading per file.
fn generated(spec: &Path) -> String {
    let text = std::fs::read_to_string(spec).unwrap();
    let files = generator::generate(&text, &spec.file_name().unwrap().to_string_lossy())
        .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
    files
        .iter()
        .filter(|(path, _)| !path.starts_with("src/runtime/") && *path != "src/request.rs")
        .map(|(path, contents)| format!("==> {path} <==\n{contents}"))
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! fixture {
    ($name:ident) => {
        #[test]
        fn $name() {
            let spec =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(concat!("tests/fixtures/", stringify!($name), ".yaml"));
            insta::assert_snapshot!(stringify!($name), generated(&spec));
        }
    };
}

fixture!(sid_newtype);
fixture!(enum_fallback);
fixture!(form_body);
fixture!(nullable);
fixture!(servers);
fixture!(auth_schemes);
fixture!(oauth2);
fixture!(bearer);
fixture!(pagination_next_url);
fixture!(pagination_offset);
fixture!(one_of);
fixture!(any_of);
fixture!(all_of);
fixture!(free_form);
fixture!(additional_properties);
fixture!(formats);
fixture!(relative_server);
fixture!(response_ranges);
fixture!(redirect);
fixture!(media_types);
fixture!(pattern_alternation);
fixture!(resources);
fixture!(inferred_sids);
fixture!(comparison_filters);
fixture!(pagination_declared);
fixture!(pagination_relative);
fixture!(refs_everywhere);
fixture!(oauth2_user_flows);
fixture!(parameter_styles);
fixture!(multipart);
fixture!(required_unknown);
fixture!(no_success_response);
fixture!(all_of_constraints);
fixture!(pattern_lookaround);

#[test]
fn curated_spec() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    insta::assert_snapshot!("curated_spec", generated(&spec));
}
