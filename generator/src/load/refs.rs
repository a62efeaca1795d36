//! References within the (bundled) document, wherever OpenAPI allows them, made into the two kinds the rest of
//! the pipeline reads: a schema refers to a component schema (`#/components/schemas/Name`), and nothing else
//! refers at all.
//!
//! - A schema reference into a subschema (`#/components/schemas/X/properties/y`, `.../$defs/Y`, a schema
//!   inside `paths`) moves that subschema into `components/schemas` under a name of its own, leaving a
//!   reference in its place, so that it is one type wherever it is used.
//! - Any other reference (a path item, parameter, request body, response, header, example, link, callback) is
//!   replaced by a copy of what it names, its `summary` and `description` over the copy's.
//!
//! Each move and copy is recorded in [`Origins`], so messages name the place the user wrote.

use super::origin::Origins;
use super::walk::{self, CopyBudget, Ctx};
use crate::error::{pointer, Error};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Resolves every reference of `doc` as the module says.
pub(super) fn resolve(doc: &mut Value, origins: &mut Origins) -> Result<(), Error> {
    resolve_with(doc, origins, CopyBudget::new(CopyBudget::DEFAULT))
}

/// [`resolve`], refusing the document when the copies would exceed `budget`.
fn resolve_with(doc: &mut Value, origins: &mut Origins, budget: CopyBudget) -> Result<(), Error> {
    let mut found = Vec::new();
    references(doc, Ctx::Object, String::new(), &mut found);
    for (at, _, _) in &found {
        check(doc, at)?;
    }
    hoist_subschemas(doc, origins, &found);
    // Hoisting changed the places of some references: find them again.
    found.clear();
    references(doc, Ctx::Object, String::new(), &mut found);
    let mut copies: Vec<(String, Ctx)> =
        found.into_iter().filter(|(_, _, ctx)| *ctx != Ctx::Schema).map(|(at, _, ctx)| (at, ctx)).collect();
    // Outermost first: a reference inside a part that is itself a reference is found again in the copy.
    copies.sort_by_key(|(at, _)| at.matches('/').count());
    let mut copying = Copying { origins, through: Vec::new(), budget };
    for (at, ctx) in copies {
        copying.inline(doc, &at, ctx)?;
    }
    Ok(())
}

/// Every reference in `value` (of kind `ctx`, at `at`): where it is, its target, and the kind of the place.
fn references(value: &Value, ctx: Ctx, at: String, out: &mut Vec<(String, String, Ctx)>) {
    if let Some(object) = value.as_object().filter(|object| walk::is_reference(object, ctx)) {
        let reference = object.get("$ref").and_then(Value::as_str).map(str::to_owned).unwrap_or_default();
        out.push((at.clone(), reference, ctx));
        if ctx != Ctx::Schema {
            return;
        }
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter().filter(|(key, _)| key.as_str() != "$ref") {
                references(child, ctx.child(key), pointer(&at, key), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                references(child, ctx.item(), pointer(&at, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// The reference at `at` is a string that names a part of this document.
fn check(doc: &Value, at: &str) -> Result<(), Error> {
    let located = pointer(at, "$ref");
    let Some(Value::String(reference)) = doc.pointer(at).and_then(|o| o.get("$ref")) else {
        let given = doc.pointer(at).and_then(|o| o.get("$ref")).cloned().unwrap_or_default();
        return Err(Error::at(located, format!("`$ref` must be a string, not {given}"))
            .help("write the reference as a string, for example '#/components/schemas/Name'"));
    };
    let target = reference.strip_prefix('#').map(walk::fragment_pointer);
    match target {
        Some(target) if doc.pointer(&target).is_some() => Ok(()),
        _ => Err(Error::at(located, format!("reference {reference:?} does not resolve"))
            .help("define what it names in this document, or fix the reference")),
    }
}

/// The pointer a checked reference names.
fn target_of(reference: &str) -> String {
    walk::fragment_pointer(reference.strip_prefix('#').unwrap_or(reference))
}

/// Whether `target` is a component schema itself (`/components/schemas/Name`).
fn is_component_schema(target: &str) -> bool {
    target.strip_prefix("/components/schemas/").is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// Moves each subschema that a schema reference names into `components/schemas`, deepest first (so that the
/// pointers to the others still hold), and points the references at it.
fn hoist_subschemas(doc: &mut Value, origins: &mut Origins, found: &[(String, String, Ctx)]) {
    let mut targets: Vec<String> = found
        .iter()
        .filter(|(_, _, ctx)| *ctx == Ctx::Schema)
        .map(|(_, reference, _)| target_of(reference))
        .filter(|target| !is_component_schema(target))
        // A reference to something that is not a schema is left for lowering to refuse by name.
        .filter(|target| walk::ctx_at(doc, target) == Some(Ctx::Schema))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if targets.is_empty() {
        return;
    }
    targets.sort_by_key(|target| std::cmp::Reverse(target.matches('/').count()));
    let mut taken = walk::component_names(doc);
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    for target in targets {
        let value = doc.pointer(&target).cloned().unwrap_or_default();
        // A subschema that is only a reference to a component: refer to that component directly.
        if let Some(reference) = value.as_object().filter(|o| o.len() == 1).and_then(|o| o.get("$ref")?.as_str()) {
            if is_component_schema(&target_of(reference)) {
                moved.insert(target, reference.to_owned());
                continue;
            }
        }
        let base = subschema_name(doc, &target);
        let name = walk::fresh_name([base.clone()], &base, &mut taken);
        let now = pointer("/components/schemas", &name);
        let reference = format!("#{now}");
        if let Some(place) = doc.pointer_mut(&target) {
            *place = serde_json::json!({ "$ref": reference });
        }
        walk::section(doc, "schemas").insert(name, value);
        origins.moved(&target, &now);
        moved.insert(target, reference);
    }
    repoint(doc, Ctx::Object, &moved);
}

/// Points every schema reference to a moved subschema (a discriminator's mapping included) at its new place.
fn repoint(value: &mut Value, ctx: Ctx, moved: &BTreeMap<String, String>) {
    walk::references_mut(value, ctx, &mut |reference, ctx| {
        if let Some(new) = moved.get(&target_of(reference)).filter(|_| ctx == Ctx::Schema) {
            *reference = new.clone();
        }
    });
}

/// A name for the subschema at `target`, from the words of its place: the component or operation it is in,
/// then the properties and parts on the way (`Tag/allOf/0` is `Tag_part1`, `Pet/properties/owner` is
/// `Pet_owner`, a parameter's schema its name), or the `$defs` name it was given.
fn subschema_name(doc: &Value, target: &str) -> String {
    let tokens = walk::tokens(target);
    let prefix = |n: usize| tokens[..n.min(tokens.len())].iter().fold(String::new(), |at, t| pointer(&at, t));
    let mut words = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (token, next) = (tokens[i].as_str(), tokens.get(i + 1).map(String::as_str));
        let step = match (token, next) {
            ("components", Some(_)) => {
                words.extend(tokens.get(i + 2).cloned());
                3
            }
            ("paths", Some(path)) => {
                let method = tokens.get(i + 2).map(String::as_str).unwrap_or_default();
                let id = doc.pointer(&prefix(i + 3)).and_then(|o| o.get("operationId")).and_then(Value::as_str);
                words.push(id.map_or_else(|| format!("{method} {path}"), str::to_owned));
                3
            }
            ("$defs" | "definitions", Some(name)) => {
                words = vec![name.to_owned()];
                2
            }
            ("properties" | "patternProperties" | "headers", Some(name)) => {
                words.push(name.to_owned());
                2
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems", Some(index)) => {
                words.push(format!("part{}", index.parse::<usize>().map_or(1, |n| n + 1)));
                2
            }
            ("parameters", Some(_)) => {
                let name = doc.pointer(&prefix(i + 2)).and_then(|p| p.get("name")).and_then(Value::as_str);
                words.push(name.unwrap_or("parameter").to_owned());
                2
            }
            ("responses", Some(_)) => {
                words.push("response".to_owned());
                2
            }
            ("content", Some(_)) => 2,
            ("items", _) => {
                words.push("item".to_owned());
                1
            }
            ("additionalProperties", _) => {
                words.push("value".to_owned());
                1
            }
            ("requestBody", _) => {
                words.push("request".to_owned());
                1
            }
            ("schema", _) => 1,
            (other, _) => {
                words.push(other.to_owned());
                1
            }
        };
        i += step;
    }
    if words.is_empty() {
        words.push("schema".to_owned());
    }
    words.join("_")
}

/// The copying of referenced parts in progress.
struct Copying<'o> {
    origins: &'o mut Origins,
    /// The targets copied on the way to the reference being copied, to refuse a cycle.
    through: Vec<String>,
    budget: CopyBudget,
}

impl Copying<'_> {
    /// Replaces the reference at `at` by a copy of what it names, following chains, then does the same for the
    /// references inside the copy.
    fn inline(&mut self, doc: &mut Value, at: &str, ctx: Ctx) -> Result<(), Error> {
        let depth = self.through.len();
        let result = self.copy_chain(doc, at).and_then(|()| {
            let mut inner = Vec::new();
            if let Some(value) = doc.pointer(at) {
                references(value, ctx, at.to_owned(), &mut inner);
            }
            inner
                .into_iter()
                .filter(|(inner_at, _, ctx)| *ctx != Ctx::Schema && inner_at != at)
                .try_for_each(|(inner_at, _, ctx)| self.inline(doc, &inner_at, ctx))
        });
        self.through.truncate(depth);
        result
    }

    /// Replaces the reference at `at` by a copy of what it names until what is there is no reference.
    fn copy_chain(&mut self, doc: &mut Value, at: &str) -> Result<(), Error> {
        while let Some(reference) = doc.pointer(at).and_then(|o| o.get("$ref")).and_then(Value::as_str) {
            let located = pointer(at, "$ref");
            let target = target_of(reference);
            if self.through.contains(&target) || walk::within(at, &target) {
                return Err(Error::at(located, format!("the references through {reference:?} go round in a cycle"))
                    .help("end the chain in a definition; only schemas may refer to themselves"));
            }
            let Some(mut copy) = doc.pointer(&target).cloned() else {
                return Err(Error::at(located, format!("reference {reference:?} does not resolve"))
                    .help("define what it names in this document, or fix the reference"));
            };
            self.budget.spend(&located)?;
            if let Some(original) = doc.pointer(at) {
                walk::written_beside(&mut copy, original, at);
            }
            self.origins.moved(&target, at);
            if let Some(place) = doc.pointer_mut(at) {
                *place = copy;
            }
            self.through.push(target);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    fn load(doc: Value) -> Result<Value, crate::error::Error> {
        super::super::load(&doc.to_string()).map(|document| document.raw)
    }

    fn document(paths: Value, components: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "v"}, "paths": paths, "components": components})
    }

    #[test]
    fn the_operations_beside_a_path_items_reference_are_kept() {
        let ok = json!({"responses": {"200": {"description": "ok"}}});
        let raw = load(document(
            json!({"/pets": {"$ref": "#/components/pathItems/Pets", "post": ok, "summary": "Pets"}}),
            json!({"pathItems": {"Pets": {"get": ok, "summary": "shared"}}}),
        ))
        .unwrap();
        let item = raw.pointer("/paths/~1pets").unwrap().as_object().unwrap();
        let mut fields: Vec<&String> = item.keys().collect();
        fields.sort();
        assert_eq!(fields, ["get", "post", "summary"]);
        assert_eq!(item["summary"], "Pets");
    }

    #[test]
    fn the_fields_beside_another_reference_are_not_its_own() {
        let raw = load(document(
            json!({"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P", "in": "path"}], "responses": {}}}}),
            json!({"parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "string"}}}}),
        ))
        .unwrap();
        assert_eq!(raw.pointer("/paths/~1a/get/parameters/0/in").unwrap(), "query");
    }

    /// A document in which each callback's operation refers to the callback below it twice, `levels` deep.
    fn doubling(levels: usize) -> Value {
        let mut callbacks = serde_json::Map::new();
        callbacks.insert("C0".into(), json!({"{$request.body#/url}": {"$ref": "#/components/pathItems/Leaf"}}));
        for level in 1..levels {
            let below = format!("#/components/callbacks/C{}", level - 1);
            let operation = json!({"callbacks": {"one": {"$ref": below}, "two": {"$ref": below}}, "responses": {}});
            callbacks.insert(format!("C{level}"), json!({"{$request.body#/url}": {"post": operation}}));
        }
        let top = format!("#/components/callbacks/C{}", levels - 1);
        document(
            json!({"/a": {"post": {"callbacks": {"top": {"$ref": top}}, "responses": {}}}}),
            json!({"callbacks": callbacks, "pathItems": {"Leaf": {"get": {"responses": {}}}}}),
        )
    }

    #[test]
    fn references_that_multiply_at_every_level_are_refused_not_followed() {
        let resolve = |mut doc: Value| {
            super::resolve_with(&mut doc, &mut super::Origins::new("spec.json"), super::CopyBudget::new(1_000))
                .map(|()| doc)
        };
        // 2^6 copies of the leaf at the top, 2^7 - 1 in all there, as many again in the components: within 1,000.
        let small = resolve(doubling(6)).unwrap();
        let leaf = "/paths/~1a/post/callbacks/top/{$request.body#~1url}/post/callbacks/one/{$request.body#~1url}";
        assert!(small.pointer(leaf).is_some());
        let e = resolve(doubling(30)).unwrap_err();
        assert!(e.message.contains("more than 1000 references to copy"), "{e}");
    }
}
