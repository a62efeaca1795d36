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
    /// The Components Object: its maps are of names the user chose.
    Components,
    /// A map from names the user chose to OpenAPI objects: `components/parameters`, a response's `headers`, an
    /// encoding's, an operation's `callbacks`. A name starting `x-` is a name here, not an extension.
    Named,
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
        if key.starts_with("x-") && !matches!(self, Ctx::Schemas | Ctx::Examples | Ctx::Links | Ctx::Named) {
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
                "components" => Ctx::Components,
                "headers" | "encoding" | "callbacks" => Ctx::Named,
                "example" => Ctx::Data,
                "examples" => Ctx::Examples,
                "links" => Ctx::Links,
                _ => Ctx::Object,
            },
            Ctx::Components => match key {
                "schemas" => Ctx::Schemas,
                "examples" => Ctx::Examples,
                "links" => Ctx::Links,
                _ => Ctx::Named,
            },
            Ctx::Named => Ctx::Object,
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
            Ctx::Named | Ctx::Components => Ctx::Object,
            other => other,
        }
    }

    /// Whether a `$ref` key in an object here is a reference (and not a value, or a property named `$ref`).
    pub(super) fn refers(self) -> bool {
        !matches!(self, Ctx::Data | Ctx::Schemas | Ctx::Named)
    }
}

/// The `$ref` of an object at a place where it is a reference, when it is a string.
pub(super) fn reference(value: &Value, ctx: Ctx) -> Option<&str> {
    let object = value.as_object()?;
    is_reference(object, ctx).then(|| object.get("$ref")?.as_str()).flatten()
}

/// Whether `object`, at a place of kind `ctx`, is a reference: it has a `$ref` key where one refers, or, as a
/// whole map of names (`properties: {$ref: 'props.yaml'}`, `headers: {$ref: 'headers.yaml'}`), a `$ref` whose
/// value is a string (a property or header named `$ref` has an object for its value).
pub(super) fn is_reference(object: &serde_json::Map<String, Value>, ctx: Ctx) -> bool {
    match object.get("$ref") {
        None => false,
        Some(Value::String(_)) => ctx.refers() || matches!(ctx, Ctx::Schemas | Ctx::Named),
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
/// the keyword of its parent schema it is the value of (`items`, `additionalProperties`; none for a property,
/// a member of a list or a schema of another object); `f` may rewrite it, and what it leaves is walked.
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
                let keyword = (ctx == Ctx::Schema).then_some(key.as_str());
                schemas_mut(child, ctx.child(key), &crate::error::pointer(at, key), keyword, f);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                schemas_mut(child, ctx.item(), &crate::error::pointer(at, &i.to_string()), None, f);
            }
        }
        _ => {}
    }
}

/// Calls `f` on every reference of `value` (a part of kind `ctx`), with the kind of the place it refers from:
/// each `$ref` string where one refers, and each value of a schema's `discriminator.mapping` that is a
/// reference ([`mapping_reference`]), which refers from a schema. A reference's own siblings are visited too.
pub(super) fn references_mut(value: &mut Value, ctx: Ctx, f: &mut dyn FnMut(&mut String, Ctx)) {
    if let Some(object) = value.as_object_mut() {
        if is_reference(object, ctx) {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                f(reference, ctx);
            }
        }
        if ctx == Ctx::Schema {
            let mapping = object.get_mut("discriminator").and_then(|d| d.get_mut("mapping"));
            for target in mapping.and_then(Value::as_object_mut).into_iter().flat_map(|m| m.values_mut()) {
                if let Value::String(target) = target {
                    if mapping_reference(target) {
                        f(target, Ctx::Schema);
                    }
                }
            }
        }
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut().filter(|(key, _)| key.as_str() != "$ref") {
                references_mut(child, ctx.child(key), f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| references_mut(child, ctx.item(), f)),
        _ => {}
    }
}

/// Whether a value of a discriminator's `mapping` is a reference (`#/components/schemas/Cat`,
/// `models/cat.yaml`) rather than a schema's name (`Cat`).
pub(super) fn mapping_reference(target: &str) -> bool {
    target.contains(['#', '/']) || [".yaml", ".yml", ".json"].iter().any(|ext| target.ends_with(ext))
}

/// What is written beside a `$ref` at `at` that holds over what it names (`target`, a copy): the `summary`
/// and `description` of any Reference Object (OpenAPI 3.1; a 3.0 document has none to give), and every field
/// of a Path Item, whose `$ref` is one of its fields (the operations written beside it are its own).
pub(super) fn written_beside(target: &mut Value, reference: &Value, at: &str) {
    let (Some(target), Some(reference)) = (target.as_object_mut(), reference.as_object()) else { return };
    let path_item = is_path_item(at);
    for (key, given) in reference {
        if key != "$ref" && (path_item || key == "summary" || key == "description") {
            target.insert(key.clone(), given.clone());
        }
    }
}

/// How many references may be replaced by copies of what they name, in all: a document whose parts refer to
/// each other twice at every level would otherwise grow exponentially. The published specs that copy the most
/// (PagerDuty's) copy about 4,000.
pub(super) struct CopyBudget {
    most: usize,
    left: usize,
}

impl CopyBudget {
    /// The budget every document is loaded with.
    pub(super) const DEFAULT: usize = 100_000;

    pub(super) fn new(most: usize) -> Self {
        CopyBudget { most, left: most }
    }

    /// Takes one copy from the budget, for the reference at `at`, or refuses the document when none is left.
    pub(super) fn spend(&mut self, at: &str) -> Result<(), crate::error::Error> {
        self.left = self.left.checked_sub(1).ok_or_else(|| {
            let message =
                format!("more than {} references to copy: the parts refer to each other too often", self.most);
            crate::error::Error::at(at, message)
                .help("make the repeated parts components that are referred to once, or write them out")
        })?;
        Ok(())
    }
}

/// Whether `at` is the place of a Path Item: a path, a webhook, a component path item or a callback's
/// expression.
fn is_path_item(at: &str) -> bool {
    let tokens = tokens(at);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    matches!(tokens.as_slice(), ["paths" | "webhooks", _] | ["components", "pathItems", _])
        || tokens.len() >= 3 && tokens[tokens.len() - 3] == "callbacks"
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
    fn names_that_start_with_x_are_names_where_the_user_chooses_names() {
        let response = Ctx::Object.child("responses").child("200");
        assert!(response.child("headers").child("x-request-id").refers());
        assert!(!response.child("x-sample").refers(), "an extension beside a response's fields is data");
        let components = Ctx::Object.child("components");
        assert!(components.child("parameters").child("x-trace").refers());
        assert!(components.child("headers").child("x-rate-limit").child("schema").refers());
        assert!(!components.child("x-internal").refers());
        assert!(!components.child("headers").refers(), "a header named $ref is a header");
    }

    #[test]
    fn the_kind_of_a_place_follows_the_document() {
        let doc = serde_json::json!({"paths": {"/a": {"get": {"parameters": [{"name": "n", "schema": {"type": "string"}}]}}}});
        assert_eq!(ctx_at(&doc, "/paths/~1a/get/parameters/0"), Some(Ctx::Object));
        assert_eq!(ctx_at(&doc, "/paths/~1a/get/parameters/0/schema"), Some(Ctx::Schema));
        assert_eq!(ctx_at(&doc, "/paths/~1b"), None);
    }
}
