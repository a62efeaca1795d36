//! Load: the spec's text (YAML or JSON, one file or many, OpenAPI 3.0 or 3.1) into one resolved OpenAPI 3.0
//! document, raw and typed, with the place each part is written in.
//!
//! In order: `parse` the root file; check its version; `bundle` what other files it refers to; apply the
//! overlays; read OpenAPI 3.1 as 3.0 (`v31`); keep integer bounds Rust can hold (`bounds`); resolve the
//! references wherever OpenAPI allows them (`refs`); `check` the result and read it with openapiv3. Every
//! move of a part is recorded in [`Origins`], so errors and warnings name the file and place it is written in.

mod bounds;
mod bundle;
mod check;
mod defaults;
mod origin;
mod parse;
mod refs;
mod v31;
mod walk;

use crate::error::Error;
pub use bundle::Read;
pub use origin::{Origin, Origins};
pub use parse::parse_value;
use std::path::Path;

/// A loaded document: the resolved tree (for extensions and precise pointers), the typed view of it, and where
/// each part of it is written.
pub struct Document {
    pub raw: serde_json::Value,
    pub openapi: openapiv3::OpenAPI,
    pub origins: Origins,
}

/// Loads the document `text`, read from no file: references to other files are relative to the working
/// directory, and messages name no file.
pub fn load(text: &str) -> Result<Document, Error> {
    load_with_overlays(text, "", &[]).map(|(document, _)| document)
}

/// Loads the document `text`, read from `file` (other files it refers to are read from the file system,
/// relative to it), with `overlays` (each its file name and text) applied in order before its references are
/// followed: the document, and the warnings of loading it (the overlays', and the parts read as the nearest
/// thing OpenAPI 3.0 says). Errors and warnings name the file they are about, except the root file itself,
/// which the caller names.
pub fn load_with_overlays(
    text: &str,
    file: &str,
    overlays: &[(String, String)],
) -> Result<(Document, Vec<Error>), Error> {
    load_from(text, file, overlays, &|path: &Path| std::fs::read_to_string(path))
}

/// [`load_with_overlays`], with the other files read by `read`.
pub fn load_from(
    text: &str,
    file: &str,
    overlays: &[(String, String)],
    read: Read,
) -> Result<(Document, Vec<Error>), Error> {
    on_a_large_stack(|| {
        let mut raw = parse::parse_tree(text)?;
        let version = check_version(&raw)?;
        let mut origins = Origins::new(file);
        bundle::bundle(&mut raw, file, read, &mut origins).map_err(|e| origins.locate(e))?;
        let mut warnings = crate::overlay::apply_all(&mut raw, file, overlays)?;
        let mut notes = Vec::new();
        let openapi = resolve(&mut raw, version, &mut origins, &mut notes).map_err(|e| origins.locate(e))?;
        warnings.extend(notes.into_iter().map(|w| origins.locate(w)));
        Ok((Document { raw, openapi, origins }, warnings))
    })
}

/// Everything after the overlays: one resolved OpenAPI 3.0 tree in `raw`, read by openapiv3. Errors and
/// `warnings` are located in the resolved tree.
fn resolve(
    raw: &mut serde_json::Value,
    version: Version,
    origins: &mut Origins,
    warnings: &mut Vec<Error>,
) -> Result<openapiv3::OpenAPI, Error> {
    if let Version::V31 = version {
        v31::normalise(raw, origins, warnings);
    }
    bounds::integers(raw, warnings);
    refs::resolve(raw, origins)?;
    defaults::write(raw);
    if let Version::V31 = version {
        v31::webhooks(raw, origins);
    }
    check::typed(raw)
}

/// The OpenAPI versions read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    /// 3.0.x: read as it is.
    V30,
    /// 3.1.x: read as the nearest 3.0.
    V31,
}

/// The stack [`load`] runs on.
const STACK: usize = 64 << 20;

/// openapiv3 deserializes a nested schema with tens of kilobytes of stack per level in a debug build: a
/// document nested as deeply as the parsers allow (128 levels) would overflow a 2 MiB thread. So loading runs
/// on a thread of its own with room to spare (memory is only used as the stack grows); if no thread can be
/// started, on the caller's.
fn on_a_large_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let mut f = Some(f);
    let result = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("load".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || f.take().map(|f| f()));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        }
    });
    match (result, f) {
        (Some(result), _) => result,
        (None, Some(f)) => f(),
        (None, None) => unreachable!("the loading thread ran the closure and returned its result"),
    }
}

fn check_version(raw: &serde_json::Value) -> Result<Version, Error> {
    let Some(object) = raw.as_object() else {
        return Err(Error::at("", "the document is not an object")
            .help("an OpenAPI document is a map with `openapi`, `info` and `paths`"));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(Error::at(
            "/swagger",
            format!("Swagger (OpenAPI {}) documents are not supported", swagger_str(swagger)),
        )
        .help("convert the document to OpenAPI 3.0.x (for example with swagger2openapi)"));
    }
    match object.get("openapi") {
        Some(serde_json::Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(Version::V30),
        Some(serde_json::Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => Ok(Version::V31),
        Some(serde_json::Value::String(v)) => Err(Error::at(
            "/openapi",
            format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"),
        )
        .help("write the document as OpenAPI 3.1.1 or 3.0.3")),
        Some(other) => Err(Error::at("/openapi", format!("`openapi` must be a version string, not {other}"))
            .help("quote the version: `openapi: \"3.0.3\"` (unquoted, YAML reads 3.0 as a number)")),
        None => Err(Error::at("/openapi", "missing `openapi` version field").help("add `openapi: 3.0.3` at the top")),
    }
}

fn swagger_str(v: &serde_json::Value) -> String {
    v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deserialization_errors_point_into_the_document() {
        let e = load("openapi: 3.0.3\ninfo: {title: t, version: v}\npaths:\n  /a.b:\n    get:\n      responses: 7\n")
            .err()
            .unwrap();
        assert_eq!(e.location, "/paths/~1a.b/get/responses", "{e}");
    }

    #[test]
    fn yaml_errors_give_line_and_column() {
        let e = load("openapi: 3.0.3\ninfo: [unclosed\n").err().unwrap();
        assert!(e.location.starts_with("line "), "{e}");
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\n";

    #[test]
    fn parse_errors_say_the_position_once_and_what_to_do() {
        let e = load("{\"openapi\": \"3.0.3\",}").err().unwrap();
        assert_eq!((e.location.as_str(), e.message.as_str()), ("line 1, column 21", "invalid JSON: trailing comma"));
        assert!(e.help.is_some());
    }

    #[test]
    fn a_key_given_twice_is_refused_not_overwritten() {
        let e = load(&format!("{HEAD}components:\n  schemas:\n    A: {{type: string}}\n    A: {{type: object}}\n"))
            .err()
            .unwrap();
        assert!(e.location.starts_with("line "), "{e}");
        assert!(e.message.ends_with("duplicate key \"A\" in /components/schemas"), "{e}");
        let e = load("{\"openapi\": \"3.0.3\", \"openapi\": \"3.0.3\"}").err().unwrap();
        assert!(e.message.contains("duplicate key \"openapi\" in the document"), "{e}");
    }

    #[test]
    fn a_document_of_only_comments_is_empty() {
        assert_eq!(load("# nothing yet\n").err().unwrap().message, "the document is empty");
    }

    #[test]
    fn a_version_written_as_a_number_is_explained() {
        let e = load("openapi: 3.0\ninfo: {title: t, version: v}\npaths: {}\n").err().unwrap();
        assert_eq!(e.location, "/openapi");
        assert!(e.help.unwrap().contains("quote"));
    }

    #[test]
    fn references_must_be_strings() {
        let e = load(&format!("{HEAD}components:\n  schemas:\n    A: {{$ref: 42}}\n")).err().unwrap();
        assert_eq!(e.location, "/components/schemas/A/$ref", "{e}");
        // A property may be called `$ref`.
        assert!(load(&format!("{HEAD}components:\n  schemas:\n    A: {{properties: {{$ref: {{type: string}}}}}}\n"))
            .is_ok());
    }

    #[test]
    fn schema_errors_name_the_innermost_schema() {
        let e = load(&format!(
            "{HEAD}components:\n  schemas:\n    A:\n      properties:\n        b: {{items: {{type: [string, 'null']}}}}\n"
        ))
        .err()
        .unwrap();
        assert_eq!(e.location, "/components/schemas/A/properties/b/items/type", "{e}");
    }

    /// `allOf` nested `depth` times around `inner`, as a component schema.
    fn nested_all_of(depth: usize, inner: &str) -> String {
        let mut schema = inner.to_owned();
        for _ in 0..depth {
            schema = format!("{{\"allOf\": [{schema}]}}");
        }
        format!(
            "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"v\"}}, \"paths\": {{}}, \
             \"components\": {{\"schemas\": {{\"A\": {schema}}}}}}}"
        )
    }

    #[test]
    fn a_mistake_deep_inside_nested_schemas_is_found_at_once() {
        // openapiv3 alone takes 2^60 attempts to word this error.
        let started = std::time::Instant::now();
        let e = load(&nested_all_of(60, "{\"allOf\": {\"type\": \"string\"}}")).err().unwrap();
        assert!(e.location.ends_with(&"/allOf/0".repeat(60)), "{e}");
        assert!(e.message.ends_with("invalid type: map, expected a sequence"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn documents_nested_as_deeply_as_the_parser_allows_load_from_a_small_stack() {
        let text = nested_all_of(61, "{\"type\": \"string\"}");
        let loaded = std::thread::Builder::new().stack_size(256 << 10).spawn(move || load(&text).map(drop)).unwrap();
        assert_eq!(loaded.join().unwrap(), Ok(()));
        let e = load(&nested_all_of(64, "{}")).err().unwrap();
        assert!(e.message.contains("nested too deeply"), "{e}");
    }

    #[test]
    fn integers_beyond_64_bits_are_read_not_refused() {
        let text = format!(
            "{HEAD}components:\n  schemas:\n    Seed: {{type: integer, minimum: -9223372036854776000, maximum: 99999999999999999999999}}\n"
        );
        let (document, warnings) = load_with_overlays(&text, "spec.yaml", &[]).unwrap();
        let seed = &document.raw["components"]["schemas"]["Seed"];
        assert_eq!(seed["minimum"], serde_json::json!(i64::MIN));
        assert_eq!(seed["maximum"], serde_json::json!(i64::MAX), "no i64 is above it: the type's own limit");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_ref_in_data_is_data() {
        // GitHub's spec has `$ref` keys inside example values; none of these is followed.
        let text = format!(
            "{HEAD}components:\n  schemas:\n    A:\n      type: object\n      example: {{$ref: 'nowhere.yaml'}}\n      \
             default: {{$ref: '#/nowhere'}}\n      x-meta: {{$ref: 'https://example.com/x'}}\n      \
             properties: {{b: {{enum: [{{$ref: x}}]}}}}\n"
        );
        let document = load(&text).unwrap();
        assert_eq!(document.raw["components"]["schemas"]["A"]["example"]["$ref"], "nowhere.yaml");
    }

    #[test]
    fn headers_named_with_x_are_resolved() {
        let text = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "v"},
            "paths": {"/a": {"get": {"responses": {"200": {
                "description": "ok",
                "headers": {"x-request-id": {"$ref": "#/components/headers/x-request-id"}},
            }}}}},
            "components": {"headers": {"x-request-id": {"schema": {"type": "string"}}}},
        })
        .to_string();
        let document = load(&text).unwrap();
        let header = document.raw.pointer("/paths/~1a/get/responses/200/headers/x-request-id").unwrap();
        assert_eq!(header, &serde_json::json!({"schema": {"type": "string"}}));
    }

    #[test]
    fn other_versions_are_refused_by_name() {
        let e = load("{\"swagger\": \"2.0\"}").err().unwrap();
        assert_eq!(e.location, "/swagger");
        let e = load("openapi: 4.0.0\ninfo: {title: t, version: v}\npaths: {}\n").err().unwrap();
        assert!(e.message.contains("4.0.0"), "{e}");
    }
}
