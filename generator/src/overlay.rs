//! Overlays (Overlay Specification 1.0.0): documents of actions that change a spec without editing it, applied
//! to the raw tree of the spec before it is read.
//!
//! An overlay is YAML or JSON: `overlay: 1.0.x`, `info` (`title`, `version`), an optional `extends` (not
//! followed: the command line says which spec an overlay applies to) and `actions`, applied in order, each to
//! the result of the one before. An action's `target` is an RFC 9535 JSONPath query; every node it selects must
//! be an object or an array. `update` is merged into each selected object (a property only in the update is
//! added; an object is merged with an object, recursively; an array is concatenated to an array; a string,
//! number, boolean or null replaces one of those; any other pairing is an error), or appended to each selected
//! array as one entry. `remove: true` removes each selected node from the object or array that holds it, and
//! makes `update` ignored. A target that selects nothing is a warning, not an error.
//!
//! Two choices where the specification leaves room: an array given as the `update` of an array is refused
//! (Overlay 1.0.0 appends it as one entry, 1.1.0 concatenates it, and neither is what an OpenAPI array of
//! objects wants), and fields the specification does not define (other than `x-` extensions), such as 1.1.0's
//! `copy`, are refused rather than ignored.
//!
//! The queries are run by `serde_json_path`: it implements RFC 9535 (its repository runs the JSONPath
//! Compliance Test Suite), works on `serde_json::Value` directly, and gives each selected node's location as
//! a normalized path, which is what updating and removing in place needs. `jsonpath-rust` came to RFC 9535 only
//! with a rewrite and gives locations as strings to parse again; `jsonpath_lib` predates the RFC and is
//! unmaintained.

use crate::error::{pointer, Error};
use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use std::fmt;

/// An overlay document, checked.
#[derive(Debug)]
pub struct Overlay {
    /// `info.title`.
    pub title: String,
    /// `info.version`: the overlay's own version.
    pub version: String,
    /// The spec the overlay was written for, as it says (not followed).
    pub extends: Option<String>,
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug)]
pub struct Action {
    /// The query, as written.
    pub target: String,
    /// The query, parsed.
    pub query: JsonPath,
    pub description: Option<String>,
    pub change: Change,
}

/// What an action does to each node its target selects.
#[derive(Debug)]
pub enum Change {
    /// Merge into an object, or append to an array.
    Update(Value),
    /// Remove from the object or array that holds it. `update_ignored`: the action also has an `update`.
    Remove { update_ignored: bool },
}

/// Applies each overlay (its file name as given, and its text) in order to `spec`, the raw tree of the
/// document named `spec_file`. Returns the warnings; errors and warnings name the overlay's file and are
/// located by JSON pointer in it.
pub fn apply_all(spec: &mut Value, spec_file: &str, overlays: &[(String, String)]) -> Result<Vec<Error>, Error> {
    let mut warnings = Vec::new();
    for (file, text) in overlays {
        let overlay = Overlay::parse(text).map_err(|e| e.in_file(file))?;
        let found = overlay.apply(spec, spec_file).map_err(|e| e.in_file(file))?;
        warnings.extend(found.into_iter().map(|w| w.in_file(file)));
    }
    Ok(warnings)
}

/// The fields of each object of an overlay, beside `x-` extensions.
const OVERLAY_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
const INFO_FIELDS: &[&str] = &["title", "version"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

/// How deeply brackets and parentheses may nest in a target: the JSONPath parser recurses once per level.
const MAX_TARGET_NESTING: usize = 64;

/// How deeply filter selectors (`[?...]`) may nest in a target: the JSONPath parser's time doubles with each
/// level (8 levels take tens of milliseconds, 16 take seconds).
const MAX_FILTER_NESTING: usize = 8;

impl Overlay {
    /// Parses and checks an overlay document, YAML or JSON. Errors are located by JSON pointer (or line and
    /// column when the text does not parse) and name no file.
    pub fn parse(text: &str) -> Result<Overlay, Error> {
        let tree = crate::load::parse_value(text)?.ok_or_else(|| {
            Error::at("", "the overlay is empty").help("write an Overlay 1.0.0 document: overlay, info and actions")
        })?;
        let Value::Object(root) = &tree else {
            return Err(Error::at("", format!("an overlay is a map, not {}", kind(&tree)))
                .help("write `overlay: 1.0.0`, `info` and `actions` at the top level"));
        };
        known_fields(root, "", OVERLAY_FIELDS, "an overlay")?;
        check_version(root.get("overlay"))?;
        let (title, version) = info(root.get("info"))?;
        let extends = optional_string(root, "", "extends")?;
        let actions = action_list(root.get("actions"))?
            .iter()
            .enumerate()
            .map(|(i, action)| Action::parse(action, i))
            .collect::<Result<_, _>>()?;
        Ok(Overlay { title, version, extends, actions })
    }

    /// Applies the actions in order to `spec`, the raw tree of the document named `spec_file`. Returns the
    /// warnings: actions that change nothing, and an `update` ignored beside `remove: true`. Errors and warnings
    /// are located in the overlay and name no file.
    pub fn apply(&self, spec: &mut Value, spec_file: &str) -> Result<Vec<Error>, Error> {
        let mut warnings = Vec::new();
        for (i, action) in self.actions.iter().enumerate() {
            warnings.extend(action.apply(spec, &format!("/actions/{i}"), spec_file)?);
        }
        Ok(warnings)
    }
}

/// `info`'s title and version.
fn info(info: Option<&Value>) -> Result<(String, String), Error> {
    let info = match info {
        Some(Value::Object(info)) => info,
        Some(other) => {
            return Err(Error::at("/info", format!("`info` must be a map, not {}", kind(other)))
                .help("write `info: {title: ..., version: ...}`"))
        }
        None => return Err(Error::at("/info", "missing `info`").help("add `info: {title: ..., version: ...}`")),
    };
    known_fields(info, "/info", INFO_FIELDS, "`info`")?;
    Ok((required_string(info, "/info", "title")?, required_string(info, "/info", "version")?))
}

/// `actions`: a list of at least one.
fn action_list(actions: Option<&Value>) -> Result<&Vec<Value>, Error> {
    const HELP: &str = "a list of {target, update} or {target, remove: true}";
    match actions {
        Some(Value::Array(actions)) if !actions.is_empty() => Ok(actions),
        Some(Value::Array(_)) => {
            Err(Error::at("/actions", "`actions` is empty").help("an overlay has at least one action"))
        }
        Some(other) => Err(Error::at("/actions", format!("`actions` must be a list, not {}", kind(other)))
            .help(format!("write `actions:` as {HELP}"))),
        None => Err(Error::at("/actions", "missing `actions`").help(format!("add `actions:`, {HELP}"))),
    }
}

/// `overlay` is a 1.0.x version string.
fn check_version(version: Option<&Value>) -> Result<(), Error> {
    match version {
        Some(Value::String(v)) if v.strip_prefix("1.0.").is_some_and(is_number) => Ok(()),
        Some(Value::String(v)) => {
            Err(Error::at("/overlay", format!("Overlay {v} is not supported; this generator reads Overlay 1.0.x"))
                .help(
                "write `overlay: 1.0.0` and use only what Overlay 1.0.0 defines (target, description, update, remove)",
            ))
        }
        Some(other) => Err(Error::at("/overlay", format!("`overlay` must be a version string, not {other}"))
            .help("write `overlay: 1.0.0` (quoted in JSON)")),
        None => Err(Error::at("/overlay", "missing `overlay` version field").help("add `overlay: 1.0.0` at the top")),
    }
}

/// Digits only, at least one.
fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Refuses a field of `object` (at `at`) that is neither one of `known` nor an `x-` extension.
fn known_fields(object: &Map<String, Value>, at: &str, known: &[&str], what: &str) -> Result<(), Error> {
    let Some(unknown) = object.keys().find(|k| !known.contains(&k.as_str()) && !k.starts_with("x-")) else {
        return Ok(());
    };
    Err(Error::at(pointer(at, unknown), format!("{what} has no field `{unknown}` in Overlay 1.0.0")).help(format!(
        "use {}, or an extension named x-...",
        known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
    )))
}

/// The string field `key` of `object` (at `at`), which must be there.
fn required_string(object: &Map<String, Value>, at: &str, key: &str) -> Result<String, Error> {
    optional_string(object, at, key)?
        .ok_or_else(|| Error::at(pointer(at, key), format!("missing `{key}`")).help(format!("add `{key}`, a string")))
}

/// The string field `key` of `object` (at `at`), when there.
fn optional_string(object: &Map<String, Value>, at: &str, key: &str) -> Result<Option<String>, Error> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => {
            Err(Error::at(pointer(at, key), format!("`{key}` must be a string, not {other}")).help("quote the value"))
        }
    }
}

impl Action {
    /// Parses and checks the action at index `index` of `actions`.
    fn parse(action: &Value, index: usize) -> Result<Action, Error> {
        let at = format!("/actions/{index}");
        let Value::Object(fields) = action else {
            return Err(Error::at(&at, format!("an action is a map, not {}", kind(action)))
                .help("write {target: ..., update: ...} or {target: ..., remove: true}"));
        };
        if fields.contains_key("copy") {
            return Err(Error::at(
                pointer(&at, "copy"),
                "`copy` is an Overlay 1.1.0 action; this generator reads Overlay 1.0.0",
            )
            .help("write the value to copy in `update`"));
        }
        known_fields(fields, &at, ACTION_FIELDS, "an action")?;
        let target = required_string(fields, &at, "target")?;
        let query = parse_target(&target, &pointer(&at, "target"))?;
        let description = optional_string(fields, &at, "description")?;
        let remove = match fields.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(other) => {
                return Err(Error::at(pointer(&at, "remove"), format!("`remove` must be true or false, not {other}"))
                    .help("write `remove: true` to remove what the target selects"))
            }
        };
        let change = match (remove, fields.get("update")) {
            (true, update) => Change::Remove { update_ignored: update.is_some() },
            (false, Some(update)) => Change::Update(update.clone()),
            (false, None) => {
                return Err(Error::at(&at, "the action has neither `update` nor `remove: true`")
                    .help("add `update` (merged into what the target selects) or `remove: true`"))
            }
        };
        Ok(Action { target, query, description, change })
    }

    /// Applies the action (at `at` in the overlay) to `spec`: the warning when it changes nothing.
    fn apply(&self, spec: &mut Value, at: &str, spec_file: &str) -> Result<Option<Error>, Error> {
        let selected: Vec<Location> =
            self.query.query_located(spec).locations().map(|path| Location::of(path.iter())).collect();
        let target = pointer(at, "target");
        if selected.is_empty() {
            return Ok(Some(
                Error::at(target, format!("target {:?} selects nothing in {spec_file}: the action changes nothing", self.target))
                    .help("check the target against the spec (names are case-sensitive; a name with `/` or `{` needs brackets: $.paths['/v1/Things']), or drop the action"),
            ));
        }
        for location in &selected {
            let node = location.get(spec).unwrap_or(&Value::Null);
            if !node.is_object() && !node.is_array() {
                return Err(Error::at(
                    &target,
                    format!(
                        "target {:?} selects {location}, {}: Overlay 1.0.0 changes objects and arrays only",
                        self.target,
                        kind(node)
                    ),
                )
                .help("select the object that holds the value, and name the property in `update`"));
            }
        }
        match &self.change {
            Change::Update(update) => {
                for location in &selected {
                    if let Some(node) = location.get_mut(spec) {
                        update_node(node, update, &pointer(at, "update"), location)?;
                    }
                }
                Ok(None)
            }
            Change::Remove { update_ignored } => {
                remove_all(spec, selected, &target, &self.target)?;
                Ok(update_ignored.then(|| {
                    Error::at(pointer(at, "update"), "`update` is ignored: the action removes what it selects")
                        .help("drop `update`, or make it an action of its own")
                }))
            }
        }
    }
}

/// Parses a target, refusing nesting deep enough to exhaust the parser's stack or time.
fn parse_target(target: &str, at: &str) -> Result<JsonPath, Error> {
    let nesting = Nesting::of(target);
    if nesting.deepest > MAX_TARGET_NESTING || nesting.filters > MAX_FILTER_NESTING {
        return Err(Error::at(
            at,
            format!(
                "target nests brackets and parentheses {} levels deep, filters {}: at most {MAX_TARGET_NESTING} and {MAX_FILTER_NESTING}",
                nesting.deepest, nesting.filters
            ),
        )
        .help("write a shallower query, or several actions"));
    }
    JsonPath::parse(target).map_err(|e| {
        Error::at(at, format!("target {target:?} is not an RFC 9535 JSONPath query: {e}"))
            .help("for example $.paths['/v1/Things'].get, or $.paths.*[?@.operationId == 'ListThing']; names other than letters, digits and _ go in brackets and quotes")
    })
}

/// How deeply a query nests, outside quoted strings.
#[derive(Debug, PartialEq, Eq)]
struct Nesting {
    /// Brackets and parentheses.
    deepest: usize,
    /// Brackets that hold a filter selector (`[?`, spaces allowed between).
    filters: usize,
}

impl Nesting {
    fn of(text: &str) -> Nesting {
        // Each open bracket or parenthesis: whether it holds a filter; and how many of them do.
        let (mut open, mut open_filters): (Vec<bool>, usize) = (Vec::new(), 0);
        let (mut deepest, mut filters, mut quote, mut escaped) = (0, 0, None, false);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quote, c) {
                (Some(_), _) if escaped => escaped = false,
                (Some(_), '\\') => escaped = true,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(') => open.push(false),
                (None, '[') => {
                    while chars.next_if(|c| c.is_whitespace()).is_some() {}
                    let filter = chars.peek() == Some(&'?');
                    open.push(filter);
                    open_filters += usize::from(filter);
                }
                (None, ']' | ')') => {
                    open_filters -= usize::from(open.pop().unwrap_or(false));
                }
                (None, _) => {}
            }
            deepest = deepest.max(open.len());
            filters = filters.max(open_filters);
        }
        Nesting { deepest, filters }
    }
}

/// Merges `update` (at `at` in the overlay) into the selected node at `location`: into an object, or appended
/// to an array.
fn update_node(node: &mut Value, update: &Value, at: &str, location: &Location) -> Result<(), Error> {
    match (node, update) {
        (Value::Object(object), Value::Object(update)) => merge_objects(object, update, at, location),
        (Value::Object(_), other) => Err(Error::at(
            at,
            format!("the target selects an object ({location}), so `update` must be a map, not {}", kind(other)),
        )
        .help("give the properties to merge: update: {name: value}")),
        (Value::Array(_), Value::Array(_)) => Err(Error::at(
            at,
            format!("the target selects an array ({location}) and `update` is a list: Overlay 1.0.0 appends it as one entry, 1.1.0 concatenates it"),
        )
        .help("append one entry per action, or target the object that holds the array and give the list as its property (merged lists are concatenated)")),
        (Value::Array(items), entry) => {
            items.push(entry.clone());
            Ok(())
        }
        (node, _) => Err(Error::at(at, format!("{location} is {}: Overlay 1.0.0 changes objects and arrays only", kind(node)))),
    }
}

/// Merges the properties of `update` into `object`, recursively.
fn merge_objects(
    object: &mut Map<String, Value>,
    update: &Map<String, Value>,
    at: &str,
    location: &Location,
) -> Result<(), Error> {
    for (key, new) in update {
        let (at, location) = (pointer(at, key), location.child(Step::Key(key.clone())));
        match object.get_mut(key) {
            Some(old) => merge_value(old, new, &at, &location)?,
            None => {
                object.insert(key.clone(), new.clone());
            }
        }
    }
    Ok(())
}

/// Merges `new` (at `at` in the overlay) into `old` (at `location` in the spec): objects recursively, arrays
/// concatenated, a primitive replacing a primitive.
fn merge_value(old: &mut Value, new: &Value, at: &str, location: &Location) -> Result<(), Error> {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => merge_objects(old, new, at, location),
        (Value::Array(old), Value::Array(new)) => {
            old.extend(new.iter().cloned());
            Ok(())
        }
        (old, new) if is_primitive(old) && is_primitive(new) => {
            *old = new.clone();
            Ok(())
        }
        (old, new) => Err(Error::at(
            at,
            format!("`update` gives {} where the spec has {} ({location}): they do not merge", kind(new), kind(old)),
        )
        .help("give a value of the same kind (a map for a map, a list for a list, a string, number, boolean or null for one of those); to replace a map or a list whole, remove it in an action before this one")),
    }
}

/// A string, number, boolean or null.
fn is_primitive(value: &Value) -> bool {
    !value.is_object() && !value.is_array()
}

/// Removes every selected node. Deepest and last first, so that the locations still to remove stay valid.
fn remove_all(spec: &mut Value, mut selected: Vec<Location>, at: &str, target: &str) -> Result<(), Error> {
    if selected.iter().any(|location| location.0.is_empty()) {
        return Err(Error::at(at, format!("target {target:?} selects the root of the spec, which cannot be removed"))
            .help("select what to remove inside the document"));
    }
    selected.sort();
    selected.dedup();
    for location in selected.iter().rev() {
        let Some((last, parent)) = location.0.split_last() else { continue };
        match (Location::walk_mut(spec, parent), last) {
            (Some(Value::Object(object)), Step::Key(key)) => {
                object.shift_remove(key);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            // Gone with an ancestor removed before it: nothing left to remove.
            (_, Step::Key(_) | Step::Index(_)) => {}
        }
    }
    Ok(())
}

/// One step from a node to a child: a property name or an array index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Index(usize),
    Key(String),
}

/// Where a node is in the spec: the steps from the root. Shown as an RFC 9535 normalized path
/// (`$['paths']['/v1/Things']['get']`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location(pub Vec<Step>);

impl Location {
    /// The location of a node the query selected.
    fn of<'a>(path: impl Iterator<Item = &'a serde_json_path::PathElement<'a>>) -> Location {
        use serde_json_path::PathElement;
        Location(
            path.map(|element| match element {
                PathElement::Name(name) => Step::Key((*name).to_owned()),
                PathElement::Index(index) => Step::Index(*index),
            })
            .collect(),
        )
    }

    fn child(&self, step: Step) -> Location {
        let mut steps = self.0.clone();
        steps.push(step);
        Location(steps)
    }

    fn get<'a>(&self, spec: &'a Value) -> Option<&'a Value> {
        self.0.iter().try_fold(spec, |node, step| match (node, step) {
            (Value::Object(object), Step::Key(key)) => object.get(key),
            (Value::Array(items), Step::Index(index)) => items.get(*index),
            (_, Step::Key(_) | Step::Index(_)) => None,
        })
    }

    fn get_mut<'a>(&self, spec: &'a mut Value) -> Option<&'a mut Value> {
        Location::walk_mut(spec, &self.0)
    }

    fn walk_mut<'a>(spec: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
        steps.iter().try_fold(spec, |node, step| match (node, step) {
            (Value::Object(object), Step::Key(key)) => object.get_mut(key),
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
            (_, Step::Key(_) | Step::Index(_)) => None,
        })
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for step in &self.0 {
            match step {
                Step::Index(index) => write!(f, "[{index}]")?,
                Step::Key(key) => {
                    f.write_str("['")?;
                    for c in key.chars() {
                        match c {
                            '\'' => f.write_str("\\'")?,
                            '\\' => f.write_str("\\\\")?,
                            '\u{8}' => f.write_str("\\b")?,
                            '\u{c}' => f.write_str("\\f")?,
                            '\n' => f.write_str("\\n")?,
                            '\r' => f.write_str("\\r")?,
                            '\t' => f.write_str("\\t")?,
                            c if c < ' ' => write!(f, "\\u{:04x}", c as u32)?,
                            c => write!(f, "{c}")?,
                        }
                    }
                    f.write_str("']")?;
                }
            }
        }
        Ok(())
    }
}

/// What a value is, for messages: "a string", "a map", ...
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A spec to change: two operations, a parameter list, a property schema.
    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "tags": [{"name": "a"}],
            "paths": {
                "/v1/Things": {
                    "get": {"operationId": "ListThing", "parameters": [{"name": "PageSize", "in": "query"}, {"name": "Page", "in": "query"}]},
                    "post": {"operationId": "CreateThing", "deprecated": false}
                },
                "/v1/Other": {"get": {"operationId": "FetchOther", "x-tags": ["x"]}}
            }
        })
    }

    /// The overlay of `actions` (YAML flow text for the list), parsed and applied to [`spec`]: the result and
    /// the warnings' messages.
    fn apply(actions: &str) -> Result<(Value, Vec<String>), Error> {
        let overlay =
            Overlay::parse(&format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}"))?;
        let mut spec = spec();
        let warnings = overlay.apply(&mut spec, "spec.yaml")?;
        Ok((spec, warnings.into_iter().map(|w| format!("{}: {}", w.location, w.message)).collect()))
    }

    fn error(actions: &str) -> Error {
        apply(actions).expect_err("the overlay is refused")
    }

    #[test]
    fn update_merges_objects_recursively_and_replaces_primitives() {
        let (spec, warnings) = apply(
            "  - target: $.paths['/v1/Things'].post\n    update: {deprecated: true, x-secret: {a: 1}, summary: s}\n  \
             - target: $.paths['/v1/Things']\n    update: {post: {x-secret: {b: 2}}}\n",
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            spec["paths"]["/v1/Things"]["post"],
            json!({"operationId": "CreateThing", "deprecated": true, "x-secret": {"a": 1, "b": 2}, "summary": "s"})
        );
    }

    #[test]
    fn update_appends_an_entry_to_an_array_and_concatenates_arrays_it_merges() {
        let (spec, _) = apply(
            "  - target: $.paths.*.get.parameters\n    update: {name: Extra, in: query}\n  \
             - target: $.paths['/v1/Other'].get\n    update: {x-tags: [y, z]}\n",
        )
        .unwrap();
        let names: Vec<&Value> =
            spec["paths"]["/v1/Things"]["get"]["parameters"].as_array().unwrap().iter().map(|p| &p["name"]).collect();
        assert_eq!(names, [&json!("PageSize"), &json!("Page"), &json!("Extra")]);
        assert_eq!(spec["paths"]["/v1/Other"]["get"]["x-tags"], json!(["x", "y", "z"]));
    }

    #[test]
    fn a_filter_selects_every_matching_operation() {
        let (spec, _) =
            apply("  - target: $.paths.*[?search(@.operationId, '^(List|Fetch)')]\n    update: {x-read: true}\n")
                .unwrap();
        assert_eq!(spec["paths"]["/v1/Things"]["get"]["x-read"], json!(true));
        assert_eq!(spec["paths"]["/v1/Other"]["get"]["x-read"], json!(true));
        assert_eq!(spec["paths"]["/v1/Things"]["post"].get("x-read"), None);
    }

    #[test]
    fn remove_takes_each_selected_node_from_its_object_or_array() {
        let (spec, _) = apply(
            "  - target: $.paths['/v1/Other']\n    remove: true\n  \
             - target: $.paths.*.get.parameters[?@.name == 'PageSize' || @.name == 'Page']\n    remove: true\n",
        )
        .unwrap();
        assert_eq!(spec["paths"].as_object().unwrap().keys().collect::<Vec<_>>(), ["/v1/Things"]);
        assert_eq!(spec["paths"]["/v1/Things"]["get"]["parameters"], json!([]));
    }

    #[test]
    fn a_node_and_one_inside_it_are_removed_together() {
        let (spec, _) =
            apply("  - target: $..[?@.operationId == 'ListThing' || @.name == 'Page']\n    remove: true\n").unwrap();
        assert_eq!(spec["paths"]["/v1/Things"].as_object().unwrap().keys().collect::<Vec<_>>(), ["post"]);
    }

    #[test]
    fn actions_apply_in_order_each_to_the_result_of_the_one_before() {
        let (spec, _) = apply(
            "  - target: $.paths['/v1/Other']\n    remove: true\n  \
             - target: $.paths\n    update: {/v1/Other: {get: {operationId: Again}}}\n  \
             - target: $.paths['/v1/Other'].get\n    update: {summary: back}\n",
        )
        .unwrap();
        assert_eq!(spec["paths"]["/v1/Other"], json!({"get": {"operationId": "Again", "summary": "back"}}));
    }

    #[test]
    fn a_target_that_selects_nothing_is_a_warning_and_changes_nothing() {
        let (result, warnings) = apply("  - target: $.paths['/v1/Nothing'].get\n    update: {a: 1}\n").unwrap();
        assert_eq!(result, spec());
        assert_eq!(
            warnings,
            ["/actions/0/target: target \"$.paths['/v1/Nothing'].get\" selects nothing in spec.yaml: the action changes nothing"]
        );
    }

    #[test]
    fn update_beside_remove_is_ignored_with_a_warning() {
        let (spec, warnings) = apply("  - target: $.tags\n    remove: true\n    update: {name: b}\n").unwrap();
        assert_eq!(spec.get("tags"), None);
        assert_eq!(warnings, ["/actions/0/update: `update` is ignored: the action removes what it selects"]);
    }

    #[test]
    fn json_and_yaml_overlays_read_alike() {
        let yaml =
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {x-a: 1}\n";
        let json = r#"{"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$.info", "update": {"x-a": 1}}]}"#;
        let results: Vec<Value> = [yaml, json]
            .iter()
            .map(|text| {
                let mut spec = spec();
                Overlay::parse(text).unwrap().apply(&mut spec, "spec.yaml").unwrap();
                spec
            })
            .collect();
        assert_eq!(results[0], results[1]);
        assert_eq!(results[0]["info"]["x-a"], json!(1));
        let e = Overlay::parse("{\"overlay\": \"1.0.0\",}").unwrap_err();
        assert_eq!(e.location, "line 1, column 21", "{e}");
    }

    #[test]
    fn an_invalid_target_is_located_at_it_with_the_parser_error() {
        let e = error("  - target: $.info\n    update: {}\n  - target: $.paths[\n    update: {}\n");
        assert_eq!(e.location, "/actions/1/target");
        assert!(e.message.starts_with("target \"$.paths[\" is not an RFC 9535 JSONPath query: at position"), "{e}");
        let deep = format!("  - target: \"$[?{}@.a{}]\"\n    update: {{}}\n", "(".repeat(10_000), ")".repeat(10_000));
        assert!(error(&deep).message.starts_with("target nests brackets and parentheses 10001 levels deep"));
        let filters = format!("  - target: \"$[?{}@.a{}]\"\n    update: {{}}\n", "@[?".repeat(8), "]".repeat(8));
        assert!(error(&filters).message.ends_with("filters 9: at most 64 and 8"));
    }

    #[test]
    fn nesting_counts_brackets_and_filters_outside_strings() {
        assert_eq!(Nesting::of("$.a[ ?@.b[?(@.c == '[[?')]]"), Nesting { deepest: 3, filters: 2 });
        assert_eq!(Nesting::of("$['a\\'[?'][0]"), Nesting { deepest: 1, filters: 0 });
    }

    #[test]
    fn an_update_of_the_wrong_kind_is_located_in_the_overlay() {
        let e = error("  - target: $.info\n    update: new title\n");
        assert_eq!(e.location, "/actions/0/update");
        assert_eq!(e.message, "the target selects an object ($['info']), so `update` must be a map, not a string");
        let e = error("  - target: $.paths['/v1/Things'].post\n    update: {deprecated: {a: 1}}\n");
        assert_eq!(e.location, "/actions/0/update/deprecated");
        assert_eq!(
            e.message,
            "`update` gives a map where the spec has a boolean ($['paths']['/v1/Things']['post']['deprecated']): they do not merge"
        );
        let e = error("  - target: $.tags\n    update: [{name: b}]\n");
        assert_eq!(e.location, "/actions/0/update");
        assert!(e.message.contains("Overlay 1.0.0 appends it as one entry, 1.1.0 concatenates it"), "{e}");
    }

    #[test]
    fn a_target_must_select_objects_or_arrays() {
        let e = error("  - target: $.info.title\n    update: {a: 1}\n");
        assert_eq!(e.location, "/actions/0/target");
        assert_eq!(
            e.message,
            "target \"$.info.title\" selects $['info']['title'], a string: Overlay 1.0.0 changes objects and arrays only"
        );
        let e = error("  - target: $.paths.*.post.deprecated\n    remove: true\n");
        assert!(e.message.contains("a boolean"), "{e}");
    }

    #[test]
    fn the_root_cannot_be_removed() {
        let e = error("  - target: $\n    remove: true\n");
        assert_eq!(
            (e.location.as_str(), e.message.as_str()),
            ("/actions/0/target", "target \"$\" selects the root of the spec, which cannot be removed")
        );
    }

    #[test]
    fn an_invalid_overlay_document_is_located_by_pointer() {
        let parse = |text: &str| Overlay::parse(text).unwrap_err();
        let head = "info: {title: t, version: '1'}\nactions: [{target: $, update: {}}]\n";
        let cases = [
            (
                format!("overlay: 1.1.0\n{head}"),
                "/overlay",
                "Overlay 1.1.0 is not supported; this generator reads Overlay 1.0.x",
            ),
            (format!("overlay: 1.0\n{head}"), "/overlay", "`overlay` must be a version string, not 1.0"),
            (head.to_owned(), "/overlay", "missing `overlay` version field"),
            ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\n".to_owned(), "/actions", "missing `actions`"),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n".to_owned(),
                "/actions",
                "`actions` is empty",
            ),
            ("overlay: 1.0.0\nactions: [{target: $, update: {}}]\n".to_owned(), "/info", "missing `info`"),
            (
                "overlay: 1.0.0\ninfo: {title: t}\nactions: [{target: $, update: {}}]\n".to_owned(),
                "/info/version",
                "missing `version`",
            ),
            (
                format!("overlay: 1.0.0\n{head}updates: []\n"),
                "/updates",
                "an overlay has no field `updates` in Overlay 1.0.0",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $}]\n".to_owned(),
                "/actions/0",
                "the action has neither `update` nor `remove: true`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: false}]\n".to_owned(),
                "/actions/0",
                "the action has neither `update` nor `remove: true`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: 'yes'}]\n".to_owned(),
                "/actions/0/remove",
                "`remove` must be true or false, not \"yes\"",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{update: {}}]\n".to_owned(),
                "/actions/0/target",
                "missing `target`",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, copy: $.a}]\n".to_owned(),
                "/actions/0/copy",
                "`copy` is an Overlay 1.1.0 action; this generator reads Overlay 1.0.0",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [$.a]\n".to_owned(),
                "/actions/0",
                "an action is a map, not a string",
            ),
            ("- 1\n".to_owned(), "", "an overlay is a map, not a list"),
            ("# nothing\n".to_owned(), "", "the overlay is empty"),
        ];
        for (text, location, message) in cases {
            let e = parse(&text);
            assert_eq!((e.location.as_str(), e.message.as_str()), (location, message), "{text}");
            assert!(e.help.is_some(), "{text}");
        }
        // Extensions are allowed everywhere.
        assert!(Overlay::parse(&format!("overlay: 1.0.2\nx-a: 1\n{head}")).is_ok());
    }

    #[test]
    fn errors_and_warnings_name_the_overlay_file() {
        let overlays = [
            (
                "a.yaml".to_owned(),
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.nothing, update: {}}]\n"
                    .to_owned(),
            ),
            (
                "b.yaml".to_owned(),
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: '$[', update: {}}]\n".to_owned(),
            ),
        ];
        let warnings = apply_all(&mut spec(), "spec.yaml", &overlays[..1]).unwrap();
        assert!(
            warnings[0].to_string().starts_with("a.yaml#/actions/0/target: target \"$.nothing\" selects nothing"),
            "{}",
            warnings[0]
        );
        let e = apply_all(&mut spec(), "spec.yaml", &overlays).unwrap_err();
        assert!(e.to_string().starts_with("b.yaml#/actions/0/target: "), "{e}");
    }

    #[test]
    fn locations_show_as_normalized_paths() {
        let location = Location(vec![Step::Key("paths".into()), Step::Key("/a'b\\\n".into()), Step::Index(2)]);
        assert_eq!(location.to_string(), "$['paths']['/a\\'b\\\\\\n'][2]");
    }
}
