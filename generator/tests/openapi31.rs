//! OpenAPI 3.1 is read as the nearest 3.0: each fixture pair under `openapi31/` (a 3.1 document and its 3.0
//! translation, by hand) lowers to the same IR, and the 3.1 side reads without a warning.

use std::path::{Path, PathBuf};

fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi31");
    let mut pairs: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".v31.yaml"))
        .map(|v31| {
            let v30 = PathBuf::from(v31.to_string_lossy().replace(".v31.yaml", ".v30.yaml"));
            (v31, v30)
        })
        .collect();
    pairs.sort();
    pairs
}

/// The IR of `spec` and the warnings of reading it, with the name of the file left out of the IR.
fn lowered(spec: &Path) -> (generator::ir::Api, Vec<String>) {
    let text = std::fs::read_to_string(spec).unwrap();
    let file = spec.display().to_string();
    let (mut api, load_warnings) =
        generator::overlaid_ir(&text, &file, &Default::default()).unwrap_or_else(|e| panic!("{file} is refused: {e}"));
    let warnings = load_warnings.iter().chain(&generator::warnings(&api, &file)).map(|w| w.to_string()).collect();
    api.source.clear();
    (api, warnings)
}

#[test]
fn each_31_document_lowers_like_its_30_translation() {
    let pairs = pairs();
    assert!(pairs.len() >= 3, "the fixture pairs are missing");
    for (v31, v30) in pairs {
        let (api31, warnings31) = lowered(&v31);
        let (api30, warnings30) = lowered(&v30);
        assert!(warnings31.is_empty() && warnings30.is_empty(), "{warnings31:#?}\n{warnings30:#?}");
        if api31 != api30 {
            let (a, b) = (format!("{api31:#?}"), format!("{api30:#?}"));
            let first = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
            let around =
                |text: &str| text.lines().skip(first.saturating_sub(8)).take(16).collect::<Vec<_>>().join("\n");
            panic!("{} and {} differ; 3.1:\n{}\n3.0:\n{}", v31.display(), v30.display(), around(&a), around(&b));
        }
    }
}

#[test]
fn webhook_payloads_are_models_documented_with_their_webhook() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi31/webhooks.v31.yaml");
    let (api, _) = lowered(&spec);
    assert!(!api.has_operations(), "a webhook is not a request the client sends");
    let doc = |name: &str| api.types.iter().find(|t| t.name == name).and_then(|t| t.doc.clone()).unwrap_or_default();
    assert!(doc("PetAdopted").contains("The payload of the `petAdopted` webhook"), "{}", doc("PetAdopted"));
    assert!(doc("Pet").starts_with("A pet.") && doc("Pet").contains("`petLost` webhook"), "{}", doc("Pet"));
}

#[test]
fn a_dialect_other_than_openapis_is_read_as_openapis_with_a_warning() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: v}\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\n";
    let (_, warnings) = generator::overlaid_ir(text, "spec.yaml", &Default::default()).unwrap();
    let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("spec.yaml#/jsonSchemaDialect: schemas are read in OpenAPI's own dialect"),
        "{warnings:?}"
    );
}

#[test]
fn a_tuple_of_different_types_is_a_list_of_json_values_with_a_warning() {
    let text =
        "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents:\n  schemas:\n    Pair:\n      type: array\n      \
                prefixItems: [{type: string}, {type: integer}]\n";
    let (api, warnings) = generator::overlaid_ir(text, "spec.yaml", &Default::default()).unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].location, "/components/schemas/Pair/prefixItems");
    let pair = api.types.iter().find(|t| t.name == "Pair").expect("the type is kept");
    assert_eq!(
        pair.kind,
        generator::ir::TypeKind::Alias(generator::ir::TypeRef::Array(Box::new(generator::ir::TypeRef::Json)))
    );
}

#[test]
fn mutual_tls_is_left_to_the_http_client_with_a_warning() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: v}\nservers: [{url: 'https://x.example.com'}]\n\
                security: [{mtls: []}, {key: []}]\npaths:\n  /a:\n    get:\n      operationId: GetA\n      \
                security: [{mtls: [], key: []}]\n      responses: {'200': {description: OK}}\ncomponents:\n  \
                securitySchemes:\n    mtls: {type: mutualTLS}\n    key: {type: apiKey, in: header, name: X-Key}\n";
    let (api, warnings) = generator::overlaid_ir(text, "spec.yaml", &Default::default()).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location, "/components/securitySchemes/mtls");
    assert!(warnings[0].help.as_deref().is_some_and(|h| h.contains("http_client")));
    let schemes: Vec<&str> = api.security_schemes.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(schemes, ["key"]);
    assert!(generator::warnings(&api, "spec.yaml").is_empty(), "the operation is generated, with the key");
}
