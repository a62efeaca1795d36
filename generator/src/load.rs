//! Load: text (YAML or JSON) into a raw JSON tree and a typed `openapiv3::OpenAPI`.

use crate::error::Error;

/// A parsed document: the raw tree (for extensions and precise pointers) and the typed view.
pub struct Document {
    pub raw: serde_json::Value,
    pub openapi: openapiv3::OpenAPI,
}

/// Parses `text` as JSON when it starts with `{`, as YAML otherwise.
pub fn load(text: &str) -> Result<Document, Error> {
    let raw = parse_tree(text)?;
    check_version(&raw)?;
    let openapi = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw.clone())
        .map_err(|e| refine(&raw).unwrap_or_else(|| invalid(path_to_pointer(e.path()), e.inner())))?;
    Ok(Document { raw, openapi })
}

fn invalid(location: String, error: &serde_json::Error) -> Error {
    Error::at(location, format!("not a valid OpenAPI 3.0 document: {error}"))
}

/// serde loses the path inside flattened maps (`paths`, `components`); deserializing their entries one by one
/// finds the entry, and the place inside it, that is wrong.
fn refine(raw: &serde_json::Value) -> Option<Error> {
    fn entries<T: serde::de::DeserializeOwned>(raw: &serde_json::Value, base: &str) -> Option<Error> {
        let map = raw.pointer(base)?.as_object()?;
        map.iter().filter(|(_, value)| value.get("$ref").is_none()).find_map(|(key, value)| {
            let at = crate::error::pointer(base, key);
            serde_path_to_error::deserialize::<_, T>(value.clone())
                .err()
                .map(|e| invalid(format!("{at}{}", path_to_pointer(e.path())), e.inner()))
        })
    }
    use openapiv3::*;
    entries::<PathItem>(raw, "/paths")
        .or_else(|| entries::<Schema>(raw, "/components/schemas"))
        .or_else(|| entries::<Parameter>(raw, "/components/parameters"))
        .or_else(|| entries::<RequestBody>(raw, "/components/requestBodies"))
        .or_else(|| entries::<Response>(raw, "/components/responses"))
        .or_else(|| entries::<SecurityScheme>(raw, "/components/securitySchemes"))
}

fn parse_tree(text: &str) -> Result<serde_json::Value, Error> {
    if text.trim().is_empty() {
        return Err(Error::at("", "the document is empty").help("write an OpenAPI 3.0.x document in YAML or JSON"));
    }
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| Error::at(format!("line {}, column {}", e.line(), e.column()), format!("invalid JSON: {e}")))
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| match e.location() {
            Some(at) => Error::at(format!("line {}, column {}", at.line(), at.column()), format!("invalid YAML: {e}")),
            None => Error::at("", format!("invalid YAML: {e}")),
        })
    }
}

fn check_version(raw: &serde_json::Value) -> Result<(), Error> {
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
    match object.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        Some(v) => {
            Err(Error::at("/openapi", format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"))
                .help("write the document as OpenAPI 3.0.3"))
        }
        None => Err(Error::at("/openapi", "missing `openapi` version field").help("add `openapi: 3.0.3` at the top")),
    }
}

fn swagger_str(v: &serde_json::Value) -> String {
    v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())
}

/// Turns serde_path_to_error's path into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter().fold(String::new(), |out, segment| match segment {
        Segment::Seq { index } => crate::error::pointer(&out, &index.to_string()),
        Segment::Map { key } => crate::error::pointer(&out, key),
        Segment::Enum { variant } => crate::error::pointer(&out, variant),
        Segment::Unknown => out,
    })
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

    #[test]
    fn other_versions_are_refused_by_name() {
        let e = load("{\"swagger\": \"2.0\"}").err().unwrap();
        assert_eq!(e.location, "/swagger");
        let e = load("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\n").err().unwrap();
        assert!(e.message.contains("3.1.0"), "{e}");
    }
}
