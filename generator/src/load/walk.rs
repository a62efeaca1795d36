//! What a place in an OpenAPI document holds: a schema, another OpenAPI object, or data (an example, a default,
//! an extension's value), in which a `$ref` key is a value like any other and never a reference. Every pass of
//! the load stage that looks for references asks this module, so they all agree on where references are.

use serde_json::Value;

/// What the value at a place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ctx {
    /// A Schema Object (or, in an array, each item is one).
    Schema,
    /// A map whose values are schemas: `properties`, `$defs`, `components/schemas`.
    Schemas,
    /// Any other OpenAPI object: a path item, an operation, a parameter, a response, a media type...
    Object,
    /// A map of Example Objects.
    Examples,
    /// An Example Object, whose `value` is a value.
    Example,
    /// A map of Link Objects.
    Links,
    /// A Link Object, whose `parameters` and `requestBody` are values.
    Link,
    /// A value: `example`, `examples/*/value`, `default`, `enum`, `const`, `x-` extensions.
    Data,
}

impl Ctx {
    /// What the value at `key` of an object of this kind holds.
    pub(super) fn child(self, key: &str) -> Ctx {
        if key.starts_with("x-") && !matches!(self, Ctx::Schemas | Ctx::Examples | Ctx::Links) {
            return Ctx::Data;
        }
        match self {
            Ctx::Data => Ctx::Data,
            Ctx::Schemas => Ctx::Schema,
            Ctx::Schema => match key {
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => Ctx::Schemas,
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "additionalItems"
                | "contentSchema"
                | "allOf"
                | "anyOf"
                | "oneOf"
                | "prefixItems" => Ctx::Schema,
                "discriminator" | "xml" | "externalDocs" => Ctx::Object,
                // Everything else in a schema is a value or an annotation: `example`, `default`, `enum`,
                // `const`, `required`, `type`, and keywords of other vocabularies.
                _ => Ctx::Data,
            },
            Ctx::Object => match key {
                "schema" => Ctx::Schema,
                "schemas" => Ctx::Schemas,
                "example" => Ctx::Data,
                "examples" => Ctx::Examples,
                "links" => Ctx::Links,
                _ => Ctx::Object,
            },
            Ctx::Examples => Ctx::Example,
            Ctx::Example => match key {
                "value" => Ctx::Data,
                other => Ctx::Object.child(other),
            },
            Ctx::Links => Ctx::Link,
            Ctx::Link => match key {
                "parameters" | "requestBody" => Ctx::Data,
                other => Ctx::Object.child(other),
            },
        }
    }

    /// What each item of an array at a place of this kind holds.
    pub(super) fn item(self) -> Ctx {
        match self {
            Ctx::Schemas => Ctx::Data,
            other => other,
        }
    }

    /// Whether a `$ref` key in an object here is a reference (and not a value, or a property named `$ref`).
    pub(super) fn refers(self) -> bool {
        !matches!(self, Ctx::Data | Ctx::Schemas)
    }
}

/// The `$ref` of an object at a place where it is a reference, when it is a string.
pub(super) fn reference(value: &Value, ctx: Ctx) -> Option<&str> {
    let object = value.as_object()?;
    is_reference(object, ctx).then(|| object.get("$ref")?.as_str()).flatten()
}

/// Whether `object`, at a place of kind `ctx`, is a reference: it has a `$ref` key where one refers, or, as a
/// whole map of schemas (`properties: {$ref: 'props.yaml'}`), a `$ref` whose value is a string (a property
/// named `$ref` has a schema, an object, for its value).
pub(super) fn is_reference(object: &serde_json::Map<String, Value>, ctx: Ctx) -> bool {
    match object.get("$ref") {
        None => false,
        Some(Value::String(_)) => ctx.refers() || ctx == Ctx::Schemas,
        Some(_) => ctx.refers(),
    }
}

/// A JSON pointer from a URI fragment: `%7B` and the like decoded, as a fragment allows.
pub(super) fn fragment_pointer(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
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

/// The value at `pointer` of `root`, trying the pointer as written and then percent-decoded.
pub(super) fn at<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    root.pointer(pointer).or_else(|| root.pointer(&fragment_pointer(pointer)))
}

/// The map at `/components/<name>` of the document `root`, made if missing.
pub(super) fn section<'v>(root: &'v mut Value, name: &str) -> &'v mut serde_json::Map<String, Value> {
    fn object(value: &mut Value) -> &mut serde_json::Map<String, Value> {
        if !value.is_object() {
            *value = Value::Object(serde_json::Map::new());
        }
        value.as_object_mut().expect("made an object above")
    }
    let components = object(root).entry("components").or_insert(Value::Null);
    object(object(components).entry(name).or_insert(Value::Null))
}

/// Calls `f` on every value of `value` (a part of kind `ctx` at `at`) that is a schema, outermost first, with
/// the key it is at; `f` may rewrite it, and what it leaves is walked.
pub(super) fn schemas_mut(
    value: &mut Value,
    ctx: Ctx,
    at: &str,
    key: Option<&str>,
    f: &mut dyn FnMut(&mut Value, &str, Option<&str>),
) {
    if ctx == Ctx::Schema && !value.is_array() {
        f(value, at, key);
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                schemas_mut(child, ctx.child(key), &crate::error::pointer(at, key), Some(key), f);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                schemas_mut(child, ctx.item(), &crate::error::pointer(at, &i.to_string()), key, f);
            }
        }
        _ => {}
    }
}

/// The kind of the place at `pointer` of the document `root`, when there is one.
pub(super) fn ctx_at(root: &Value, pointer: &str) -> Option<Ctx> {
    let mut value = root;
    let mut ctx = Ctx::Object;
    for token in tokens(pointer) {
        (value, ctx) = match value {
            Value::Object(map) => (map.get(&token)?, ctx.child(&token)),
            Value::Array(items) => (items.get(token.parse::<usize>().ok()?)?, ctx.item()),
            _ => return None,
        };
    }
    Some(ctx)
}

/// The keys of a path item that are operations.
pub(super) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Whether `pointer` is `prefix` or inside it, token by token.
pub(super) fn within(pointer: &str, prefix: &str) -> bool {
    pointer.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The component schema names of `doc`, as the type names they become ([`type_key`]).
pub(super) fn component_names(doc: &Value) -> std::collections::BTreeSet<String> {
    let schemas = doc.pointer("/components/schemas").and_then(Value::as_object);
    schemas.into_iter().flatten().map(|(name, _)| type_key(name)).collect()
}

/// The first of `candidates`, then of `base` with a number (`base2`, ...), that no name in `taken` has the type
/// name of; it joins `taken`.
pub(super) fn fresh_name(
    candidates: impl IntoIterator<Item = String>,
    base: &str,
    taken: &mut std::collections::BTreeSet<String>,
) -> String {
    let name = candidates
        .into_iter()
        .chain((2..).map(|n| format!("{base}{n}")))
        .find(|name| !taken.contains(&type_key(name)))
        .expect("numbered names never run out");
    taken.insert(type_key(&name));
    name
}

/// Two component names that would make the same type name are one: the key they are compared by.
pub(super) fn type_key(name: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(name)
}

/// The reference tokens of a JSON pointer, unescaped.
pub(super) fn tokens(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_in_schemas_and_objects_but_never_in_data() {
        let schema = Ctx::Object.child("schema");
        assert_eq!(schema, Ctx::Schema);
        assert!(schema.child("properties").child("$ref").refers(), "a property named $ref is a schema");
        assert!(!schema.child("example").refers());
        assert!(!schema.child("default").child("$ref").refers());
        assert!(!schema.child("enum").item().refers());
        assert!(!schema.child("const").refers());
        assert!(!Ctx::Object.child("examples").child("one").child("value").refers());
        assert!(Ctx::Object.child("examples").child("one").refers(), "an Example Object may be a $ref");
        assert!(!Ctx::Object.child("x-code-samples").refers());
        assert!(!Ctx::Object.child("links").child("next").child("parameters").refers());
        assert!(Ctx::Object.child("links").child("next").refers());
        assert_eq!(Ctx::Object.child("components").child("schemas").child("Pet"), Ctx::Schema);
        assert_eq!(schema.child("allOf").item(), Ctx::Schema);
    }

    #[test]
    fn the_kind_of_a_place_follows_the_document() {
        let doc = serde_json::json!({"paths": {"/a": {"get": {"parameters": [{"name": "n", "schema": {"type": "string"}}]}}}});
        assert_eq!(ctx_at(&doc, "/paths/~1a/get/parameters/0"), Some(Ctx::Object));
        assert_eq!(ctx_at(&doc, "/paths/~1a/get/parameters/0/schema"), Some(Ctx::Schema));
        assert_eq!(ctx_at(&doc, "/paths/~1b"), None);
    }
}
