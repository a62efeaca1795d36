//! OpenAPI 3.1 read as the nearest OpenAPI 3.0: what 3.1 changed that vendors use, rewritten in place so that a
//! 3.1 document and its 3.0 translation lower to the same IR.
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T, nullable: true` |
//! | `type: [string, integer]` | `anyOf` of one schema per type, each with its type's keywords |
//! | `anyOf`/`oneOf` with a `{type: "null"}` member | the other members, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, ...]` in a schema | `example: a` |
//! | `$ref` beside other keywords | `allOf: [{$ref}]` beside them |
//! | `exclusiveMinimum: n` | `minimum: n, exclusiveMinimum: true` (and the maximum likewise) |
//! | `contentEncoding: base64` | `format: byte` |
//! | `contentMediaType` of a binary type | `format: binary` |
//! | `unevaluatedProperties` | `additionalProperties` |
//! | `prefixItems` | `items`: the members' one schema, else any value (with a warning) |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` (a `false` property is left out) |
//! | `paths` left out | `paths: {}` |
//! | a `mutualTLS` security scheme | left out, with a warning: the application's HTTP client holds the certificate |
//! | `webhooks` | their payloads as component schemas, documented with the webhook ([`webhooks`]) |
//!
//! Keywords with no 3.0 counterpart that only validate (`dependentRequired`, `if`/`then`/`else`, `contains`)
//! are not read; `$defs` are read where a reference names them; `jsonSchemaDialect` other than OpenAPI's own
//! is read as OpenAPI's, with a warning.

use super::origin::Origins;
use super::walk::{self, Ctx, METHODS};
use crate::error::{pointer, Error};
use serde_json::{json, Map, Value};

/// The dialect a 3.1 document's schemas are in unless it says otherwise.
const OPENAPI_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Rewrites the 3.1 document `raw` as 3.0, recording in `origins` the parts that move and in `warnings` what
/// is read as less than it says.
pub(super) fn normalise(raw: &mut Value, origins: &mut Origins, warnings: &mut Vec<Error>) {
    let Some(document) = raw.as_object_mut() else { return };
    document.insert("openapi".to_owned(), json!("3.0.3"));
    if let Some(dialect) = document.remove("jsonSchemaDialect") {
        if dialect.as_str() != Some(OPENAPI_DIALECT) {
            warnings.push(
                Error::at("/jsonSchemaDialect", format!("schemas are read in OpenAPI's own dialect, not {dialect}"))
                    .help(format!("write the schemas in {OPENAPI_DIALECT}, or leave jsonSchemaDialect out")),
            );
        }
    }
    document.entry("paths").or_insert_with(|| json!({}));
    for items in ["/paths", "/webhooks", "/components/pathItems"] {
        for item in raw.pointer_mut(items).and_then(Value::as_object_mut).into_iter().flat_map(|m| m.values_mut()) {
            for (method, operation) in item.as_object_mut().into_iter().flatten() {
                if METHODS.contains(&method.as_str()) {
                    if let Some(operation) = operation.as_object_mut() {
                        operation.entry("responses").or_insert_with(|| json!({}));
                    }
                }
            }
        }
    }
    mutual_tls(raw, warnings);
    let mut moves = Moves::default();
    walk::schemas_mut(raw, Ctx::Object, "", None, &mut |schema, at, key| {
        normalise_schema(schema, at, key, &mut moves, warnings);
    });
    moves.retarget(raw);
    for (from, to) in moves.written {
        origins.record(to, origins.of(&from));
    }
}

/// The parts of schemas that normalising moves, in the order moved.
#[derive(Default)]
struct Moves {
    /// Each (old, new) place of something written in the document, for [`Origins`].
    written: Vec<(String, String)>,
    /// Each (old, new) place of a subschema, for the references into it.
    subschemas: Vec<(String, String)>,
}

impl Moves {
    /// The subschema at `from` is now at `to`.
    fn subschema(&mut self, from: String, to: String) {
        self.written.push((from.clone(), to.clone()));
        self.subschemas.push((from, to));
    }

    /// Points every reference into a moved subschema at its new place (a component schema itself never moves).
    fn retarget(&self, raw: &mut Value) {
        if self.subschemas.is_empty() {
            return;
        }
        walk::references_mut(raw, Ctx::Object, &mut |reference, _| {
            let Some(fragment) = reference.strip_prefix('#') else { return };
            let mut target = walk::fragment_pointer(fragment);
            let before = target.clone();
            for (from, to) in &self.subschemas {
                if walk::within(&target, from) {
                    target = format!("{to}{}", &target[from.len()..]);
                }
            }
            if target != before {
                *reference = format!("#{target}");
            }
        });
    }
}

/// Rewrites one schema (its subschemas are visited after it). `moves` gets each (old, new) place of a part
/// whose place changes.
fn normalise_schema(value: &mut Value, at: &str, keyword: Option<&str>, moves: &mut Moves, warnings: &mut Vec<Error>) {
    if let Value::Bool(allowed) = *value {
        if !matches!(keyword, Some("additionalProperties" | "unevaluatedProperties" | "items")) {
            *value = if allowed { json!({}) } else { json!({"not": {}}) };
        }
        return;
    }
    let Some(schema) = value.as_object_mut() else { return };
    // First, so that the keywords of a member merged here are read as 3.1 below.
    null_members(schema, at, moves);
    false_subschemas(schema);
    reference_with_siblings(schema, at, moves);
    keywords_in_their_3_0_form(schema);
    prefix_items(schema, at, moves, warnings);
    types(schema, at, moves);
    binary_strings(schema);
}

/// A property or the items that may not be there (`false`) are left out: what is not declared is not read.
fn false_subschemas(schema: &mut Map<String, Value>) {
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        properties.retain(|_, property| *property != Value::Bool(false));
    }
    if schema.get("items") == Some(&Value::Bool(false)) {
        schema.remove("items");
    }
}

/// A `$ref` with keywords beside it that narrow what it names becomes `allOf: [{$ref}]` beside them, as 3.0
/// writes it.
fn reference_with_siblings(schema: &mut Map<String, Value>, at: &str, moves: &mut Moves) {
    if schema.contains_key("$ref") && schema.keys().any(|k| !IGNORED_BESIDE_REF.contains(&k.as_str())) {
        let reference = schema.remove("$ref").unwrap_or_default();
        schema.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
        // What a reference to this schema names stays here; only the `$ref` is written elsewhere.
        moves.written.push((at.to_owned(), pointer(&pointer(at, "allOf"), "0")));
    }
}

/// `const`, `examples`, numeric `exclusiveMinimum`/`exclusiveMaximum` and `unevaluatedProperties`, written as
/// 3.0 writes them: a one-value `enum`, the first example, a bound with a flag, `additionalProperties`.
fn keywords_in_their_3_0_form(schema: &mut Map<String, Value>) {
    if let Some(constant) = schema.remove("const") {
        schema.entry("enum").or_insert_with(|| json!([constant]));
    }
    if let Some(Value::Array(mut examples)) = schema.remove("examples") {
        if !examples.is_empty() {
            schema.entry("example").or_insert_with(|| examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = schema.get(exclusive).cloned() {
            schema.insert(bound.to_owned(), Value::Number(n));
            schema.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    if let Some(extra) = schema.remove("unevaluatedProperties") {
        schema.entry("additionalProperties").or_insert(extra);
    }
}

/// Keywords beside a `$ref` that change nothing about the schema it names.
const IGNORED_BESIDE_REF: &[&str] = &["$ref", "$comment", "$id", "$schema", "$anchor", "$dynamicAnchor", "$defs"];

/// `mutualTLS` security schemes: the client's certificate is a property of the HTTP connection, which the
/// application sets up on the HTTP client it gives the generated one; nothing is sent per request. The scheme
/// is left out of the schemes and of every security requirement, with a warning saying so.
fn mutual_tls(raw: &mut Value, warnings: &mut Vec<Error>) {
    let Some(Value::Object(schemes)) = raw.pointer_mut("/components/securitySchemes") else { return };
    let mutual: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(key, _)| key.clone())
        .collect();
    for key in &mutual {
        schemes.remove(key);
        warnings.push(
            Error::at(pointer("/components/securitySchemes", key), format!("security scheme `{key}` is mutual TLS, which the generated client does not set up"))
                .help("give ClientBuilder::http_client a reqwest::Client built with the client certificate (reqwest::Identity)"),
        );
    }
    if mutual.is_empty() {
        return;
    }
    each_requirement(raw, Ctx::Object, &mut |requirement| {
        requirement.retain(|key, _| !mutual.contains(key));
    });
}

/// Calls `f` on every security requirement of `value` (a part of kind `ctx`): the document's, and each
/// operation's wherever it is written (paths, path item components, webhooks, callbacks).
fn each_requirement(value: &mut Value, ctx: Ctx, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Value::Object(map) = value else { return };
    for (key, child) in map.iter_mut() {
        match (ctx, key.as_str(), child) {
            (Ctx::Object, "security", Value::Array(requirements)) => {
                requirements.iter_mut().filter_map(Value::as_object_mut).for_each(&mut *f);
            }
            (_, _, child) => {
                let ctx = ctx.child(key);
                if matches!(ctx, Ctx::Object | Ctx::Components | Ctx::Named) {
                    each_requirement(child, ctx, f);
                }
            }
        }
    }
}

/// `prefixItems` (a tuple) as the `items` of a list: the members' schema when they have one, else any value.
fn prefix_items(schema: &mut Map<String, Value>, at: &str, moves: &mut Moves, warnings: &mut Vec<Error>) {
    let Some(Value::Array(members)) = schema.remove("prefixItems") else { return };
    if schema.contains_key("items") || members.is_empty() {
        return;
    }
    let first = members[0].clone();
    if members.iter().all(|m| *m == first) {
        schema.insert("items".to_owned(), first);
        for i in 0..members.len() {
            moves.subschema(pointer(&pointer(at, "prefixItems"), &i.to_string()), pointer(at, "items"));
        }
    } else {
        warnings.push(
            Error::at(pointer(at, "prefixItems"), "a tuple of different types is read as a list of JSON values")
                .help("give the items one schema (`items`), or a oneOf of the item types"),
        );
    }
}

/// Whether `member` only says "null": `{type: "null"}`, `{type: ["null"]}`, `{const: null}`, `{enum: [null]}`.
fn is_null(member: &Value) -> bool {
    let Some(member) = member.as_object() else { return false };
    let only_null = |v: &Value| match v {
        Value::String(t) => t == "null",
        Value::Array(items) => items.len() == 1 && (items[0] == json!("null") || items[0].is_null()),
        _ => false,
    };
    member.get("type").is_some_and(only_null)
        || member.get("const").is_some_and(Value::is_null)
        || member.get("enum").is_some_and(|e| e.as_array().is_some_and(|e| e.len() == 1 && e[0].is_null()))
}

/// An `anyOf` or `oneOf` with a null member: the other members, and `nullable: true`. One member left is the
/// schema itself: `allOf: [member]` for a reference, the member's keywords otherwise.
fn null_members(schema: &mut Map<String, Value>, at: &str, moves: &mut Moves) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = schema.get(keyword) else { continue };
        if !members.iter().any(is_null) {
            continue;
        }
        let Some(Value::Array(members)) = schema.remove(keyword) else { continue };
        let kept: Vec<(usize, Value)> = members.into_iter().enumerate().filter(|(_, m)| !is_null(m)).collect();
        schema.insert("nullable".to_owned(), Value::Bool(true));
        let here = pointer(at, keyword);
        match <[(usize, Value); 1]>::try_from(kept) {
            Ok([(i, member)]) if member.get("$ref").is_some() => {
                schema.insert("allOf".to_owned(), json!([member]));
                moves.subschema(pointer(&here, &i.to_string()), pointer(&pointer(at, "allOf"), "0"));
            }
            Ok([(i, Value::Object(member))]) => {
                moves.subschema(pointer(&here, &i.to_string()), at.to_owned());
                for (key, value) in member {
                    schema.entry(key).or_insert(value);
                }
            }
            Ok([(_, _)]) => {}
            Err(kept) => {
                for (j, (i, _)) in kept.iter().enumerate() {
                    moves.subschema(pointer(&here, &i.to_string()), pointer(&here, &j.to_string()));
                }
                schema.insert(keyword.to_owned(), Value::Array(kept.into_iter().map(|(_, m)| m).collect()));
            }
        }
    }
}

/// The keywords that apply to one type only, which a schema of several types gives to that type's member.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

/// Whether the JSON value `v` is of the JSON Schema type `ty`.
fn of_type(v: &Value, ty: &str) -> bool {
    match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// A `type` array: `"null"` in it as `nullable`, one type left as that type, several as an `anyOf` of one
/// schema per type, with each type's keywords and enum values (a type no value of the `enum` has is left out).
fn types(schema: &mut Map<String, Value>, at: &str, moves: &mut Moves) {
    let listed: Vec<String> = match schema.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        _ => return,
    };
    schema.remove("type");
    if listed.iter().any(|t| t == "null") {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    let mut types: Vec<String> = Vec::new();
    for ty in listed.into_iter().filter(|t| t != "null") {
        if !types.contains(&ty) {
            types.push(ty);
        }
    }
    // A type none of the listed values has is not one the schema allows.
    if let Some(Value::Array(values)) = schema.get("enum") {
        types.retain(|ty| values.iter().any(|v| of_type(v, ty)));
    }
    match types.as_slice() {
        [] => {}
        [one] => {
            schema.insert("type".to_owned(), json!(one));
        }
        several => {
            let enumeration = schema.remove("enum");
            let members: Vec<Value> = several
                .iter()
                .enumerate()
                .map(|(i, ty)| {
                    let mut member = Map::new();
                    member.insert("type".to_owned(), json!(ty));
                    let now = pointer(&pointer(at, "anyOf"), &i.to_string());
                    for keyword in keywords_of(ty) {
                        if let Some(value) =
                            schema.get(*keyword).filter(|_| *keyword != "format" || format_fits(schema, ty))
                        {
                            member.insert((*keyword).to_owned(), value.clone());
                            moves.subschema(pointer(at, keyword), pointer(&now, keyword));
                        }
                    }
                    if let Some(Value::Array(values)) = &enumeration {
                        member.insert("enum".to_owned(), values.iter().filter(|v| of_type(v, ty)).cloned().collect());
                    }
                    Value::Object(member)
                })
                .collect();
            for ty in several {
                for keyword in keywords_of(ty) {
                    schema.remove(*keyword);
                }
            }
            schema.insert("anyOf".to_owned(), Value::Array(members));
        }
    }
}

/// Whether the schema's `format` belongs to the type `ty` (`int64` to integers, `date-time` to strings).
fn format_fits(schema: &Map<String, Value>, ty: &str) -> bool {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or_default();
    let numeric = matches!(format, "int32" | "int64" | "float" | "double" | "uint32" | "uint64" | "int8" | "int16");
    match ty {
        "integer" | "number" => numeric,
        "string" => !numeric,
        _ => false,
    }
}

/// A string with `contentEncoding: base64` is `format: byte`; with the `contentMediaType` of a binary type
/// and no encoding, `format: binary`.
fn binary_strings(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("string") || schema.contains_key("format") {
        return;
    }
    let encoding = schema.get("contentEncoding").and_then(Value::as_str);
    let media = schema.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(media)) if !is_text(media) => "binary",
        _ => return,
    };
    schema.insert("format".to_owned(), json!(format));
}

/// Whether a media type's content is text (`text/*`, JSON, XML, form data), which a string holds as it is.
fn is_text(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("xml")
        || essence == "application/x-www-form-urlencoded"
}

/// `webhooks` (3.1): each webhook's payload, the schema of its request body, becomes a component schema
/// documented as the payload of that webhook (a payload already a component gets that line in its docs); the
/// webhooks themselves are not requests the client sends, so nothing else of them is generated. Runs on the
/// resolved document, after its references are.
pub(super) fn webhooks(raw: &mut Value, origins: &mut Origins) {
    let Some(Value::Object(webhooks)) = raw.as_object_mut().and_then(|d| d.remove("webhooks")) else { return };
    let mut taken = walk::component_names(raw);
    for (event, item) in &webhooks {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            let Some(content) = operation.pointer("/requestBody/content").and_then(Value::as_object) else { continue };
            for (media, body) in content {
                let Some(schema) = body.get("schema") else { continue };
                let line = format!("The payload of the `{event}` webhook ({media}).");
                let operation_at = pointer(&pointer("/webhooks", event), method);
                let at =
                    pointer(&pointer(&pointer(&pointer(&operation_at, "requestBody"), "content"), media), "schema");
                match schema.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let target = walk::fragment_pointer(reference.trim_start_matches('#'));
                        if let Some(Value::Object(component)) = raw.pointer_mut(&target) {
                            document(component, &line);
                        }
                    }
                    None => {
                        let id = operation.get("operationId").and_then(Value::as_str);
                        let base = id.map_or_else(|| format!("{event}_payload"), str::to_owned);
                        let name = walk::fresh_name([base.clone()], &base, &mut taken);
                        let mut schema = schema.clone();
                        if let Value::Object(schema) = &mut schema {
                            document(schema, &line);
                        }
                        let now = pointer("/components/schemas", &name);
                        origins.record(now, origins.of(&at));
                        walk::section(raw, "schemas").insert(name, schema);
                    }
                }
            }
        }
    }
}

/// Adds `line` as the last paragraph of a schema's description.
fn document(schema: &mut Map<String, Value>, line: &str) {
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(given) if !given.contains(line) => format!("{given}\n\n{line}"),
        Some(given) => given.to_owned(),
        None => line.to_owned(),
    };
    schema.insert("description".to_owned(), json!(description));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// The 3.1 document with `components`, loaded: its resolved tree and the warnings.
    fn load(components: Value) -> (Value, Vec<String>) {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "v"}, "components": components});
        let (document, warnings) = super::super::load_with_overlays(&doc.to_string(), "", &[]).unwrap();
        (document.raw, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn references_into_a_moved_subschema_follow_it() {
        let (raw, _) = load(json!({"schemas": {
            "A": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {"id": {"type": "string"}}}, {"type": "integer"}]},
            "B": {"type": ["object", "string"], "properties": {"n": {"type": "integer"}}},
            "C": {"prefixItems": [{"type": "string"}, {"type": "string"}]},
            "Uses": {"type": "object", "properties": {
                "a": {"$ref": "#/components/schemas/A/anyOf/2"},
                "id": {"$ref": "#/components/schemas/A/anyOf/1/properties/id"},
                "n": {"$ref": "#/components/schemas/B/properties/n"},
                "c": {"$ref": "#/components/schemas/C/prefixItems/1"},
            }},
        }}));
        // Each subschema referred to became a component of its own, found where the normalising moved it.
        let hoisted = |property: &str| {
            let reference = raw["components"]["schemas"]["Uses"]["properties"][property]["$ref"].as_str().unwrap();
            raw.pointer(reference.trim_start_matches('#')).cloned().unwrap()
        };
        assert_eq!(hoisted("a"), json!({"type": "integer"}));
        assert_eq!(hoisted("id"), json!({"type": "string"}));
        assert_eq!(hoisted("n"), json!({"type": "integer"}));
        assert_eq!(hoisted("c"), json!({"type": "string"}));
    }

    #[test]
    fn boolean_schemas_are_read_by_their_place_not_their_name() {
        let (raw, _) = load(json!({"schemas": {"A": {
            "type": "object",
            "properties": {"items": true, "additionalProperties": true, "gone": false},
            "additionalProperties": false,
            "allOf": [true],
        }}}));
        let a = &raw["components"]["schemas"]["A"];
        assert_eq!(a["properties"], json!({"items": {}, "additionalProperties": {}}));
        assert_eq!(a["additionalProperties"], json!(false));
        assert_eq!(a["allOf"], json!([{}]));
    }

    #[test]
    fn a_member_merged_beside_null_is_read_as_3_1() {
        let (raw, _) = load(json!({"schemas": {
            "Positive": {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}]},
            "Fixed": {"oneOf": [{"const": "on"}, {"type": "null"}]},
        }}));
        let schemas = &raw["components"]["schemas"];
        assert_eq!(
            schemas["Positive"],
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "nullable": true})
        );
        assert_eq!(schemas["Fixed"], json!({"enum": ["on"], "nullable": true}));
    }

    #[test]
    fn a_type_no_enum_value_has_is_not_a_member() {
        let (raw, _) = load(json!({"schemas": {
            "Mode": {"type": ["string", "integer", "null"], "enum": ["on", "off", null]},
            "Level": {"type": ["string", "integer"], "enum": ["high", 3]},
        }}));
        let schemas = &raw["components"]["schemas"];
        assert_eq!(schemas["Mode"], json!({"type": "string", "enum": ["on", "off", null], "nullable": true}));
        assert_eq!(
            schemas["Level"]["anyOf"],
            json!([{"type": "string", "enum": ["high"]}, {"type": "integer", "enum": [3]}])
        );
    }

    #[test]
    fn mutual_tls_leaves_every_requirement() {
        let operation = json!({"security": [{"mtls": [], "key": []}], "responses": {"200": {"description": "ok"}}});
        let doc = json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "v"},
            "security": [{"mtls": []}],
            "paths": {"/a": {"get": operation.clone()}},
            "webhooks": {"ping": {"post": operation.clone()}},
            "components": {
                "securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "name": "k", "in": "header"}},
                "pathItems": {"B": {"get": operation.clone()}},
                "x-notes": {"security": [{"mtls": []}]},
            },
        });
        let (document, warnings) = super::super::load_with_overlays(&doc.to_string(), "", &[]).unwrap();
        let text = document.raw.to_string();
        assert_eq!(text.matches("\"mtls\"").count(), 1, "only the extension's data keeps it: {text}");
        assert_eq!(document.raw["security"], json!([{}]));
        assert_eq!(document.raw.pointer("/paths/~1a/get/security").unwrap(), &json!([{"key": []}]));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }
}
