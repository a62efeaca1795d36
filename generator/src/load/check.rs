//! The last checks of a resolved tree before openapiv3 reads it, and the errors that say where it is wrong.

use crate::error::Error;

/// Checks the resolved tree and reads the typed view of it.
pub(super) fn typed(raw: &serde_json::Value) -> Result<openapiv3::OpenAPI, Error> {
    check_schemas(raw)?;
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw)
        .map_err(|e| refine(raw).unwrap_or_else(|| invalid(path_to_pointer(e.path()), e.inner())))
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
        super::walk::METHODS.iter().try_for_each(|method| one(value, at, method, operation))
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
