//! Load: text (YAML or JSON) into a raw JSON tree and a typed `openapiv3::OpenAPI`.

use crate::error::Error;

/// A parsed document: the raw tree (for extensions and precise pointers) and the typed view.
pub struct Document {
    pub raw: serde_json::Value,
    pub openapi: openapiv3::OpenAPI,
}

/// Parses `text` as JSON when it starts with `{`, as YAML otherwise.
pub fn load(text: &str) -> Result<Document, Error> {
    on_a_large_stack(|| document(parse_tree(text)?))
}

/// Parses `text` like [`load`], applies `overlays` (each its file name and text) in order to the raw tree, and
/// reads the result: the document, and the overlays' warnings. The document's errors name no file; the
/// overlays' errors and warnings name theirs. `file` names the document in the overlays' warnings.
pub fn load_with_overlays(
    text: &str,
    file: &str,
    overlays: &[(String, String)],
) -> Result<(Document, Vec<Error>), Error> {
    on_a_large_stack(|| {
        let mut raw = parse_tree(text)?;
        check_version(&raw)?;
        let warnings = crate::overlay::apply_all(&mut raw, file, overlays)?;
        Ok((document(raw)?, warnings))
    })
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

/// Checks the raw tree and reads the typed view of it.
fn document(raw: serde_json::Value) -> Result<Document, Error> {
    check_version(&raw)?;
    check_refs(&raw, &raw, "", None)?;
    check_schemas(&raw)?;
    let openapi = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw)
        .map_err(|e| refine(&raw).unwrap_or_else(|| invalid(path_to_pointer(e.path()), e.inner())))?;
    Ok(Document { raw, openapi })
}

/// A document that does not deserialize: where serde stopped, what it expected, and what to do.
fn invalid(location: String, error: &serde_json::Error) -> Error {
    let message = error.to_string();
    let help = if let Some(field) = message.strip_prefix("missing field ") {
        format!("add the {field} field here")
    } else if message.starts_with("unknown variant") {
        "use one of the expected values".to_owned()
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        "write the value with the type the OpenAPI 3.0.3 specification gives for this field".to_owned()
    } else {
        "check this part against the OpenAPI 3.0.3 specification".to_owned()
    };
    Error::at(location, format!("not a valid OpenAPI 3.0 document: {message}")).help(help)
}

/// Checks every schema of the document, innermost first, before openapiv3 reads the whole.
///
/// openapiv3 reads each `ReferenceOr` twice when it fails (once more to word the error), so a mistake in a
/// schema nested `n` levels deep costs `2^n` attempts: reading the innermost schemas first finds it at the
/// cost of one attempt per level. It also names the schema that is wrong, where serde (whose path stops at
/// flattened fields) would name the outermost.
fn check_schemas(raw: &serde_json::Value) -> Result<(), Error> {
    use serde_json::Value;
    type Walk = fn(&Value, &str) -> Result<(), Error>;
    /// Applies `walk` to each value of the map at `key` of `value`.
    fn each(value: &Value, at: &str, key: &str, walk: Walk) -> Result<(), Error> {
        let base = crate::error::pointer(at, key);
        match value.get(key) {
            Some(Value::Object(map)) => map.iter().try_for_each(|(k, v)| walk(v, &crate::error::pointer(&base, k))),
            Some(Value::Array(items)) => {
                items.iter().enumerate().try_for_each(|(i, v)| walk(v, &crate::error::pointer(&base, &i.to_string())))
            }
            _ => Ok(()),
        }
    }
    fn one(value: &Value, at: &str, key: &str, walk: Walk) -> Result<(), Error> {
        value.get(key).map_or(Ok(()), |v| walk(v, &crate::error::pointer(at, key)))
    }
    fn schema(value: &Value, at: &str) -> Result<(), Error> {
        schema_error(value, at).map_or(Ok(()), Err)
    }
    fn media(value: &Value, at: &str) -> Result<(), Error> {
        one(value, at, "schema", schema)?;
        each(value, at, "encoding", |encoding, at| each(encoding, at, "headers", header))
    }
    fn header(value: &Value, at: &str) -> Result<(), Error> {
        if value.get("$ref").is_some() {
            return Ok(());
        }
        one(value, at, "schema", schema)?;
        each(value, at, "content", media)
    }
    fn body(value: &Value, at: &str) -> Result<(), Error> {
        if value.get("$ref").is_some() {
            return Ok(());
        }
        each(value, at, "content", media)
    }
    fn response(value: &Value, at: &str) -> Result<(), Error> {
        if value.get("$ref").is_some() {
            return Ok(());
        }
        each(value, at, "headers", header)?;
        each(value, at, "content", media)
    }
    fn operation(value: &Value, at: &str) -> Result<(), Error> {
        each(value, at, "parameters", header)?;
        one(value, at, "requestBody", body)?;
        each(value, at, "responses", response)?;
        each(value, at, "callbacks", |callback, at| each_value(callback, at, path_item))
    }
    fn path_item(value: &Value, at: &str) -> Result<(), Error> {
        if value.get("$ref").is_some() {
            return Ok(());
        }
        each(value, at, "parameters", header)?;
        ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
            .iter()
            .try_for_each(|method| one(value, at, method, operation))
    }
    fn each_value(value: &Value, at: &str, walk: Walk) -> Result<(), Error> {
        match value {
            Value::Object(map) if !map.contains_key("$ref") => {
                map.iter().try_for_each(|(k, v)| walk(v, &crate::error::pointer(at, k)))
            }
            _ => Ok(()),
        }
    }
    each(raw, "", "paths", path_item)?;
    let Some(components) = raw.get("components") else { return Ok(()) };
    each(components, "/components", "schemas", schema)?;
    // Parameters and headers have the same places for schemas.
    each(components, "/components", "parameters", header)?;
    each(components, "/components", "headers", header)?;
    each(components, "/components", "requestBodies", body)?;
    each(components, "/components", "responses", response)?;
    each(components, "/components", "callbacks", |callback, at| each_value(callback, at, path_item))
}

/// The innermost schema under `value` that does not deserialize, with its error. Every schema inside is
/// tried before the one around it, so each is read once its parts are known to be right.
fn schema_error(value: &serde_json::Value, at: &str) -> Option<Error> {
    use serde_json::Value;
    let pointer = crate::error::pointer;
    if let Value::Object(object) = value {
        if object.contains_key("$ref") {
            // A reference: openapiv3 ignores what is beside it.
            return None;
        }
        for (key, child) in object {
            let child_at = pointer(at, key);
            let deeper = match (key.as_str(), child) {
                ("items" | "not", child) => schema_error(child, &child_at),
                ("additionalProperties", child) if !child.is_boolean() => schema_error(child, &child_at),
                ("properties", Value::Object(properties)) => {
                    properties.iter().find_map(|(name, child)| schema_error(child, &pointer(&child_at, name)))
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => members
                    .iter()
                    .enumerate()
                    .find_map(|(i, child)| schema_error(child, &pointer(&child_at, &i.to_string()))),
                _ => None,
            };
            if deeper.is_some() {
                return deeper;
            }
        }
    }
    let error = serde_path_to_error::deserialize::<_, openapiv3::Schema>(value).err()?;
    if let Some(ty) = value.get("type").filter(|t| !t.is_string()) {
        return Some(
            Error::at(pointer(at, "type"), format!("`type` must be a single string in OpenAPI 3.0, not {ty}"))
                .help("write one type; for a value that may be null, add `nullable: true`"),
        );
    }
    Some(invalid(format!("{at}{}", path_to_pointer(error.path())), error.inner()))
}

/// serde loses the path inside flattened maps (`paths`, `components`); deserializing their entries one by one
/// finds the entry, and the place inside it, that is wrong.
fn refine(raw: &serde_json::Value) -> Option<Error> {
    fn entries<T: serde::de::DeserializeOwned>(raw: &serde_json::Value, base: &str) -> Option<Error> {
        let map = raw.pointer(base)?.as_object()?;
        map.iter().filter(|(_, value)| value.get("$ref").is_none()).find_map(|(key, value)| {
            let at = crate::error::pointer(base, key);
            serde_path_to_error::deserialize::<_, T>(value)
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

/// Every `$ref` is a string (openapiv3 would otherwise read `{$ref: 42}` as an untyped schema and lose it) that
/// points into this document at something that exists: a broken reference is a problem of the whole document.
fn check_refs(
    root: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
    parent_key: Option<&str>,
) -> Result<(), Error> {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let a_property = parent_key == Some("properties") && reference.is_object();
                match reference.as_str() {
                    Some(reference) => check_target(root, reference, &crate::error::pointer(at, "$ref"))?,
                    None if a_property => {}
                    None => {
                        return Err(Error::at(
                            crate::error::pointer(at, "$ref"),
                            format!("`$ref` must be a string, not {reference}"),
                        )
                        .help("write the reference as a string, for example '#/components/schemas/Name'"))
                    }
                }
            }
            map.iter().try_for_each(|(key, child)| check_refs(root, child, &crate::error::pointer(at, key), Some(key)))
        }
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, child)| check_refs(root, child, &crate::error::pointer(at, &i.to_string()), None)),
        _ => Ok(()),
    }
}

/// A reference resolves inside the document.
fn check_target(root: &serde_json::Value, reference: &str, at: &str) -> Result<(), Error> {
    let Some(target) = reference.strip_prefix('#') else {
        return Err(Error::at(at, format!("reference {reference:?} points outside this document"))
            .help("bundle the referenced file into this document (components/...) and refer to it as '#/...'"));
    };
    if root.pointer(target).is_some() || root.pointer(&percent_decoded(target)).is_some() {
        return Ok(());
    }
    Err(Error::at(at, format!("reference {reference:?} does not resolve"))
        .help("define what it names in this document, or fix the reference"))
}

/// `%7B` and the like decoded, as a URI fragment allows.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_tree(text: &str) -> Result<serde_json::Value, Error> {
    parse_value(text)?
        .ok_or_else(|| Error::at("", "the document is empty").help("write an OpenAPI 3.0.x document in YAML or JSON"))
}

/// Parses `text` as JSON when it starts with `{`, as YAML otherwise, refusing a key given twice in one map.
/// `None`: the text holds nothing (blank, comments only, or `null`).
pub(crate) fn parse_value(text: &str) -> Result<Option<serde_json::Value>, Error> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let tree = if text.trim_start().starts_with('{') {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde::de::DeserializeSeed::deserialize(tree::Seed::root(), &mut deserializer)
            .and_then(|tree| deserializer.end().map(|()| tree))
            .map_err(|e| syntax_error("JSON", &e.to_string(), Some((e.line(), e.column()))))?
    } else {
        let deserializer = serde_yaml_ng::Deserializer::from_str(text);
        serde::de::DeserializeSeed::deserialize(tree::Seed::root(), deserializer)
            .map_err(|e| syntax_error("YAML", &e.to_string(), e.location().map(|at| (at.line(), at.column()))))?
    };
    Ok(Some(tree).filter(|tree| !tree.is_null()))
}

/// A parse error at a line and column, with the position taken out of the parser's message (the location
/// already says it) and advice for the usual causes.
fn syntax_error(language: &str, message: &str, at: Option<(usize, usize)>) -> Error {
    let (location, message) = match at {
        Some((line, column)) => (
            format!("line {line}, column {column}"),
            message.replacen(&format!(" at line {line} column {column}"), "", 1),
        ),
        None => (String::new(), message.to_owned()),
    };
    let (message, help) = if message.contains("recursion limit exceeded") {
        (
            "the document is nested too deeply (more than 128 levels)".to_owned(),
            "move nested schemas into components/schemas and refer to them with $ref".to_owned(),
        )
    } else if message.contains("repetition limit exceeded") {
        (
            format!("invalid {language}: aliases expand to too many nodes"),
            "write the repeated parts out, or share schemas with $ref instead of YAML aliases".to_owned(),
        )
    } else if message.contains("more than one document") {
        (
            format!("invalid {language}: the file holds more than one YAML document"),
            "keep one document per file: remove the `---` line and what follows it".to_owned(),
        )
    } else if let Some(at) = message.find("duplicate key") {
        (
            format!("invalid {language}: {}", &message[at..]),
            "keep one of the two entries: a key appears once per map".to_owned(),
        )
    } else {
        (
            format!("invalid {language}: {message}"),
            match language {
                "JSON" => "fix the JSON there: look for a missing or extra comma, quote or bracket",
                _ => "fix the YAML there: look for wrong indentation, a missing `:` or an unclosed bracket or quote",
            }
            .to_owned(),
        )
    };
    Error::at(location, message).help(help)
}

/// Deserializes a JSON tree like `serde_json::Value` does, but refuses a key given twice in one map, which
/// both parsers would otherwise resolve silently by keeping the last.
mod tree {
    use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};
    use std::fmt;

    pub struct Seed {
        at: String,
    }

    impl Seed {
        pub fn root() -> Self {
            Seed { at: String::new() }
        }
    }

    impl<'de> DeserializeSeed<'de> for Seed {
        type Value = Value;

        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    struct Key;

    impl<'de> DeserializeSeed<'de> for Key {
        type Value = String;

        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
            deserializer.deserialize_str(self)
        }
    }

    impl Visitor<'_> for Key {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string key")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<String, E> {
            Ok(value.to_owned())
        }

        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<String, E> {
            Ok(value)
        }

        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<String, E> {
            Ok(value.to_string())
        }
    }

    impl<'de> Visitor<'de> for Seed {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any value")
        }

        fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
            Ok(Value::Bool(value))
        }

        fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
            Ok(Value::Number(value.into()))
        }

        fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
            Ok(Value::Number(value.into()))
        }

        fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
            Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
        }

        fn visit_str<E>(self, value: &str) -> Result<Value, E> {
            Ok(Value::String(value.to_owned()))
        }

        fn visit_string<E>(self, value: String) -> Result<Value, E> {
            Ok(Value::String(value))
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            self.deserialize(deserializer)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) =
                seq.next_element_seed(Seed { at: crate::error::pointer(&self.at, &items.len().to_string()) })?
            {
                items.push(item);
            }
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
            let mut map = Map::new();
            while let Some(key) = access.next_key_seed(Key)? {
                let at = crate::error::pointer(&self.at, &key);
                if map.contains_key(&key) {
                    let within = if self.at.is_empty() { "the document" } else { self.at.as_str() };
                    return Err(A::Error::custom(format!("duplicate key {key:?} in {within}")));
                }
                let value = access.next_value_seed(Seed { at })?;
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
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
    match object.get("openapi") {
        Some(serde_json::Value::String(v)) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        Some(serde_json::Value::String(v)) => {
            Err(Error::at("/openapi", format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"))
                .help("write the document as OpenAPI 3.0.3"))
        }
        Some(other) => Err(Error::at("/openapi", format!("`openapi` must be a version string, not {other}"))
            .help("quote the version: `openapi: \"3.0.3\"` (unquoted, YAML reads 3.0 as a number)")),
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
    fn other_versions_are_refused_by_name() {
        let e = load("{\"swagger\": \"2.0\"}").err().unwrap();
        assert_eq!(e.location, "/swagger");
        let e = load("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\n").err().unwrap();
        assert!(e.message.contains("3.1.0"), "{e}");
    }
}
