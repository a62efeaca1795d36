//! Specs split over files (`multi_file/`, and small trees written by the tests): references to other files
//! resolve against the file that holds them, a schema reached by several paths is one type, cycles across files
//! resolve, and errors and warnings name the file where the thing is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/multi_file/api.yaml")
}

#[test]
fn a_spec_split_over_files_generates_as_one() {
    let spec = root();
    let text = std::fs::read_to_string(&spec).unwrap();
    let file = spec.display().to_string();
    let (api, warnings) = generator::overlaid_ir(&text, &file, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    types.sort();
    // common.yaml's Error is reached from the root's components and from responses.yaml: one type.
    assert_eq!(types, ["ErrorType", "Owner", "Pet"]);
    let operations: Vec<&str> = api.modules.iter().flat_map(|m| &m.operations).map(|o| o.id.as_str()).collect();
    assert_eq!(operations, ["ListPets", "CreatePet", "FetchPet"]);
    let list = api.modules.iter().flat_map(|m| &m.operations).find(|o| o.id == "ListPets").unwrap();
    assert_eq!(list.params.fields.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>(), ["limit"]);
    assert!(generator::warnings(&api, &file).is_empty());
    // The one warning names the file and place the bound is written in.
    let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let expected =
        format!("{}#/properties/visits/maximum: ", spec.parent().unwrap().join("models/owner.yaml").display());
    assert!(warnings[0].starts_with(&expected), "{}", warnings[0]);
}

/// Loads `files["root.yaml"]` with the other files read from `files`.
fn load(files: &[(&str, &str)]) -> Result<generator::load::Document, generator::Error> {
    let files: BTreeMap<PathBuf, String> = files.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect();
    let read = |path: &Path| {
        files.get(path).cloned().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not found"))
    };
    let root = files[Path::new("root.yaml")].clone();
    generator::load::load_from(&root, "root.yaml", &[], &read).map(|(document, _)| document)
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: v}\n";

#[test]
fn a_cycle_of_schemas_across_files_resolves_and_is_recorded_where_each_is_written() {
    let root = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tree: {{$ref: 'tree.yaml'}}\n");
    let document = load(&[
        ("root.yaml", &root),
        ("tree.yaml", "type: object\nproperties:\n  children: {type: array, items: {$ref: 'nodes/leaf.yaml#/Leaf'}}\n"),
        ("nodes/leaf.yaml", "Leaf:\n  type: object\n  properties:\n    parent: {$ref: '../tree.yaml'}\n"),
    ])
    .unwrap();
    let schemas = document.raw.pointer("/components/schemas").unwrap().as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Tree", "Leaf"]);
    assert_eq!(
        document.raw.pointer("/components/schemas/Leaf/properties/parent/$ref").unwrap(),
        "#/components/schemas/Tree"
    );
    let origin = document.origins.of("/components/schemas/Leaf/properties/parent");
    assert_eq!((origin.file.as_str(), origin.pointer.as_str()), ("nodes/leaf.yaml", "/Leaf/properties/parent"));
}

#[test]
fn two_files_with_schemas_of_one_name_keep_both() {
    let root = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{x: {{$ref: 'a/item.yaml'}}, y: {{$ref: 'b/item.yaml'}}}}}}\n"
    );
    let document =
        load(&[("root.yaml", &root), ("a/item.yaml", "type: string\n"), ("b/item.yaml", "type: integer\n")]).unwrap();
    let schemas = document.raw.pointer("/components/schemas").unwrap().as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["A", "item", "b_item"]);
}

#[test]
fn errors_in_other_files_name_them() {
    let root = format!("{HEAD}paths:\n  /a: {{$ref: 'a.yaml'}}\n");
    let cases = [
        // The file does not parse: its line and column.
        ("get: [unclosed\n", "a.yaml", "line 2, column 1"),
        // A path item that refers back to itself through another file.
        ("$ref: 'b.yaml'\n", "b.yaml", "/$ref"),
        // A schema that is wrong, inside the other file.
        (
            "get:\n  responses:\n    '200':\n      description: OK\n      content:\n        application/json:\n          schema: {type: object, required: 7}\n",
            "a.yaml",
            "/get/responses/200/content/application~1json/schema",
        ),
    ];
    for (a, file, location) in cases {
        let e = load(&[("root.yaml", &root), ("a.yaml", a), ("b.yaml", "$ref: 'a.yaml'\n")]).err().unwrap();
        assert_eq!((e.file.as_deref(), e.location.as_str()), (Some(file), location), "{e}");
    }
    let e = load(&[("root.yaml", &root), ("a.yaml", "$ref: 'c.yaml#/nothing'\n"), ("c.yaml", "x: 1\n")]).err().unwrap();
    assert_eq!((e.file.as_deref(), e.location.as_str()), (Some("a.yaml"), "/$ref"), "{e}");
    assert!(e.message.contains("c.yaml#/nothing does not resolve"), "{e}");
}

#[test]
fn what_is_left_out_of_another_file_is_reported_there() {
    let dir = std::env::temp_dir().join(format!("multi-file-skip-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("models")).unwrap();
    let root = format!(
        "{HEAD}servers: [{{url: 'https://x.example.com'}}]\npaths: {{}}\ncomponents:\n  schemas:\n    Code: {{$ref: 'models/code.yaml'}}\n"
    );
    std::fs::write(dir.join("api.yaml"), &root).unwrap();
    std::fs::write(dir.join("models/code.yaml"), "type: string\npattern: '^(?!x)'\n").unwrap();
    let file = dir.join("api.yaml").display().to_string();
    let api = generator::ir_of(&root, &file).unwrap();
    let warnings = generator::warnings(&api, &file);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].file.as_deref(), Some(dir.join("models/code.yaml").display().to_string().as_str()));
    assert!(warnings[0].location.is_empty() || warnings[0].location.starts_with("/pattern"), "{}", warnings[0]);
}

#[test]
fn a_discriminator_mapping_to_other_files_names_the_components_its_members_became() {
    // DigitalOcean's volume actions: the tag `attach` selects models/attach.yml, so the request must send it.
    let root = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Action:\n      anyOf: [{{$ref: 'models/attach.yml'}}, {{$ref: 'models/detach.yml'}}]\n      \
         discriminator:\n        propertyName: type\n        mapping: {{attach: 'models/attach.yml', detach: 'models/detach.yml#', own: Action}}\n"
    );
    let member = "type: object\nrequired: [type]\nproperties: {type: {type: string}}\n";
    let document = load(&[("root.yaml", &root), ("models/attach.yml", member), ("models/detach.yml", member)]).unwrap();
    let action = document.raw.pointer("/components/schemas/Action").unwrap();
    assert_eq!(action["anyOf"][0]["$ref"], "#/components/schemas/attach");
    assert_eq!(action["discriminator"]["mapping"]["attach"], "#/components/schemas/attach");
    assert_eq!(action["discriminator"]["mapping"]["detach"], "#/components/schemas/detach");
    assert_eq!(action["discriminator"]["mapping"]["own"], "Action", "a schema's name is not a reference");
}
