//! Resources: the handles an area's operations hang from, derived from the path templates.
//!
//! After any version prefix (`/v1`, `/api/v1`, `/2010-04-01`), each literal segment names a resource; one followed
//! by a parameter is a single resource of that collection, reached by its ID. So
//! `/v1/Trunks/{TrunkSid}/CredentialLists/{Sid}` is `trunk(&trunk_sid)` then `credential_list(&sid)`, and the
//! handle binds both IDs. The operations on a path are methods of its handle, named for what they do: `list`,
//! `create`, `fetch`, `update`, `delete`, from the HTTP method and whether the path ends in a collection or a
//! single resource. Where that gives no name, or two operations the same one, the operationId names the method.
//! `x-rust-method` (on an operation) and `x-rust-resource` (on a path item) override the derived names.

use super::names::{bare, camel, singular, snake, Scope};
use crate::error::{pointer, Error};
use crate::ir::*;
use crate::surface;
use std::collections::BTreeMap;

/// The names the spec gives with vendor extensions, by operationId.
#[derive(Debug, Default)]
pub struct Overrides {
    methods: BTreeMap<String, String>,
    resources: BTreeMap<String, String>,
}

impl Overrides {
    pub fn new() -> Self {
        Overrides::default()
    }

    /// Reads `x-rust-method` of the operation and `x-rust-resource` of its path item.
    pub fn read(
        &mut self,
        op: &Operation,
        item: &openapiv3::PathItem,
        spec_op: &openapiv3::Operation,
        path_at: &str,
        at: &str,
    ) -> Result<(), Error> {
        if let Some(name) = name_extension(&spec_op.extensions, "x-rust-method", at)? {
            self.methods.insert(op.id.clone(), name);
        }
        if let Some(name) = name_extension(&item.extensions, "x-rust-resource", path_at)? {
            self.resources.insert(op.id.clone(), name);
        }
        Ok(())
    }
}

fn name_extension(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    key: &str,
    at: &str,
) -> Result<Option<String>, Error> {
    let Some(value) = extensions.get(key) else { return Ok(None) };
    match value.as_str().map(str::trim) {
        Some(name) if name.chars().any(|c| c.is_ascii_alphanumeric()) => Ok(Some(name.to_owned())),
        _ => Err(Error::at(pointer(at, key), format!("{key} must be a name, found {value}"))
            .help("give a name such as `list_recent`")),
    }
}

/// Gives every module its accessor on `Client`, its resource handles, and every operation its handle and method.
/// In a spec without tags (`tagged` false: its one module holds every operation), the resources hang from `Client`
/// itself.
pub fn build(modules: &mut [Module], overrides: &Overrides, tagged: bool) {
    let mut accessors = Scope::with(surface::CLIENT_METHODS);
    let on_client = !tagged && modules.len() == 1;
    for module in modules {
        module.accessor = (!on_client).then(|| accessors.unique(module.name.clone()));
        let root = if on_client { surface::CLIENT_METHODS } else { surface::HANDLE_METHODS };
        Tree::default().build(module, overrides, root);
    }
}

/// One segment of a path template.
#[derive(Debug, PartialEq)]
enum Segment {
    Literal(String),
    Param(String),
    /// Text and parameters mixed (`{Sid}:cancel`): no resource is derived from it or what follows.
    Other,
}

/// The segments of `path` after its version prefix, each with the path up to and including it.
fn segments(path: &str) -> Vec<(Segment, String)> {
    let raw: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let parsed: Vec<Segment> = raw.iter().map(|s| segment(s)).collect();
    let leading = parsed.iter().take_while(|s| matches!(s, Segment::Literal(_))).count();
    let skip = (0..leading).rev().find(|&i| is_version(raw[i])).map_or(0, |i| i + 1);
    parsed.into_iter().enumerate().skip(skip).map(|(i, s)| (s, format!("/{}", raw[..=i].join("/")))).collect()
}

fn segment(raw: &str) -> Segment {
    let bare = strip_extension(raw);
    match bare.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        Some(name) if !name.contains(['{', '}']) => Segment::Param(name.to_owned()),
        _ if !bare.contains(['{', '}']) && !bare.is_empty() => Segment::Literal(bare.to_owned()),
        _ => Segment::Other,
    }
}

/// `Calls.json` is `Calls`, `{Sid}.json` is `{Sid}`.
pub fn strip_extension(raw: &str) -> &str {
    match raw.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && (1..=5).contains(&ext.len()) => {
            if ext.chars().all(|c| c.is_ascii_alphabetic()) {
                stem
            } else {
                raw
            }
        }
        _ => raw,
    }
}

/// `v1`, `V2beta`, `2010-04-01`, `1.0`.
fn is_version(segment: &str) -> bool {
    let mut chars = segment.chars();
    match chars.next() {
        Some('v' | 'V') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) if c.is_ascii_digit() => segment.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '.'),
        _ => false,
    }
}

/// A parameter's name without its ID suffix, in snake case and not escaped: `account_id` is `account`.
fn id_stem(wire: &str) -> String {
    let name = snake(wire);
    let name = bare(&name);
    for suffix in ["_sid", "_id", "_name", "_key"] {
        if let Some(stem) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return stem.to_owned();
        }
    }
    name.to_owned()
}

/// A resource handle while the tree is built: its names before they are made unique.
struct Node {
    parent: Option<usize>,
    /// The accessor's name as derived (or given by `x-rust-resource`).
    accessor: String,
    /// The word the type name adds to its parent's.
    word: String,
    /// A single resource: its ID; `None` for a collection.
    id: Option<HandleId>,
    path: String,
    doc: String,
}

#[derive(Default)]
struct Tree {
    nodes: Vec<Node>,
    /// (parent, literal, ID type) of each node: paths sharing a prefix share its handles.
    keys: BTreeMap<(Option<usize>, String, Option<TypeRef>), usize>,
}

impl Tree {
    /// `root` names the methods the root handle has besides accessors and operations.
    fn build(mut self, module: &mut Module, overrides: &Overrides, root: &[&str]) {
        let whole: Vec<bool> =
            module.operations.iter_mut().map(|op| self.place(op, overrides.resources.get(&op.id))).collect();
        let mut types = Scope::new();
        for op in &module.operations {
            types.reserve(&op.params.name);
        }
        module.handle = types.unique(camel(bare(&module.name)));
        module.resources = self.resources(&mut types, root);
        name_methods(module, overrides, &whole, root);
    }

    /// Finds or makes the handles of `op`'s path, binds its IDs to them, and puts it on the last one. False when
    /// the path goes on past that handle.
    fn place(&mut self, op: &mut Operation, resource_name: Option<&String>) -> bool {
        let segments = segments(&op.path);
        let mut parent = None;
        let mut i = 0;
        let mut nodes = Vec::new();
        while i < segments.len() {
            let (literal, param, path) = match (&segments[i], segments.get(i + 1)) {
                ((Segment::Literal(literal), _), Some((Segment::Param(param), path))) => {
                    i += 2;
                    (literal.clone(), Some(param), path)
                }
                ((Segment::Literal(literal), path), _) => {
                    i += 1;
                    (literal.clone(), None, path)
                }
                ((Segment::Param(param), path), _) => {
                    i += 1;
                    (String::new(), Some(param), path)
                }
                ((Segment::Other, _), _) => break,
            };
            let declared = param.map(|wire| op.path_params.iter().position(|p| &p.wire == wire));
            let Some(declared) = declared.map_or(Some(None), |found| found.map(Some)) else {
                // A parameter the operation does not declare; lowering refuses such paths before this.
                i = segments.len() + 1;
                break;
            };
            let ty = declared.map(|index| op.path_params[index].ty.clone());
            let key = (parent, literal.clone(), ty);
            let index = match self.keys.get(&key) {
                Some(&index) => index,
                None => {
                    let node = self.node(parent, &literal, declared.map(|i| &op.path_params[i]), path);
                    self.nodes.push(node);
                    self.keys.insert(key, self.nodes.len() - 1);
                    self.nodes.len() - 1
                }
            };
            if let (Some(declared), Some(id)) = (declared, &self.nodes[index].id) {
                op.path_values[declared] = PathValue::Bound(id.field.clone());
            }
            nodes.push(index);
            parent = Some(index);
        }
        if let (Some(name), Some(&last)) = (resource_name, nodes.last()) {
            let node = &mut self.nodes[last];
            node.accessor = snake(name);
            node.word = camel(name);
        }
        op.resource = parent;
        i == segments.len()
    }

    fn node(&self, parent: Option<usize>, literal: &str, param: Option<&Param>, path: &str) -> Node {
        let parent_ids = parent.map(|p| self.ids(p)).unwrap_or_default();
        let (accessor, word, doc) = match param {
            None => (snake(literal), camel(literal), format!("The `{literal}` resources, at `{path}`.")),
            Some(param) => {
                let (accessor, word) = if literal.is_empty() {
                    let stem = id_stem(&param.wire);
                    (snake(&stem), camel(&stem))
                } else {
                    let one = singular(literal);
                    (snake(&one), camel(&one))
                };
                let doc = format!("One resource at `{path}`, by its `{}`.", param.wire);
                (accessor, word, doc)
            }
        };
        // The ID's field: the parameter's name, or, when an ancestor holds one of that name (`Sid` twice), the
        // resource's (`media_sid`).
        let id = param.map(|param| {
            let mut fields = Scope::with(&[surface::CLIENT_FIELD]);
            parent_ids.iter().for_each(|id| fields.reserve(&id.field));
            let mut field = snake(&param.wire);
            if fields.is_taken(&field) && !literal.is_empty() {
                field = snake(&format!("{} {}", singular(literal), param.wire));
            }
            HandleId { field: fields.unique(field), wire: param.wire.clone(), ty: param.ty.clone() }
        });
        Node { parent, accessor, word, id, path: path.to_owned(), doc }
    }

    /// Every ID the handle `index` holds: its parents', then its own.
    fn ids(&self, index: usize) -> Vec<HandleId> {
        let node = &self.nodes[index];
        let mut ids = node.parent.map(|p| self.ids(p)).unwrap_or_default();
        ids.extend(node.id.clone());
        ids
    }

    /// The handles with unique names: accessors unique among their siblings' (a single resource whose name is
    /// its collection's, `media`, becomes `media_by_sid`), types unique in the module.
    fn resources(&self, types: &mut Scope, root: &[&str]) -> Vec<Resource> {
        let mut siblings: BTreeMap<Option<usize>, Scope> = BTreeMap::new();
        let mut resources: Vec<Resource> = Vec::new();
        for (index, node) in self.nodes.iter().enumerate() {
            let mut accessor = node.accessor.clone();
            let mut word = node.word.clone();
            if let Some(id) = &node.id {
                let collection =
                    self.nodes.iter().any(|n| n.parent == node.parent && n.id.is_none() && n.accessor == accessor);
                if collection {
                    accessor = format!("{}_by_{}", bare(&accessor), bare(&snake(&id.wire)));
                    word.push_str("Item");
                }
            }
            let reserved = if node.parent.is_none() { root } else { surface::HANDLE_METHODS };
            let scope = siblings.entry(node.parent).or_insert_with(|| Scope::with(reserved));
            let accessor = scope.unique(accessor);
            let parent_name = node.parent.map(|p| resources[p].name.clone()).unwrap_or_default();
            let name = types.unique(format!("{parent_name}{word}"));
            resources.push(Resource {
                name,
                parent: node.parent,
                accessor,
                id: node.id.clone(),
                ids: self.ids(index),
                path: node.path.clone(),
                doc: node.doc.clone(),
            });
        }
        resources
    }
}

/// Names each operation's method, unique among the methods of its handle (accessors included).
fn name_methods(module: &mut Module, overrides: &Overrides, whole: &[bool], root: &[&str]) {
    let mut scopes: BTreeMap<Option<usize>, Scope> = BTreeMap::new();
    scopes.insert(None, Scope::with(root));
    for resource in &module.resources {
        let scope = scopes.entry(resource.parent).or_insert_with(|| Scope::with(surface::HANDLE_METHODS));
        scope.reserve(&resource.accessor);
    }
    let verbs: Vec<Option<&'static str>> =
        module.operations.iter().zip(whole).map(|(op, &whole)| verb(op, &module.resources, whole)).collect();
    let mut count: BTreeMap<(Option<usize>, &str), usize> = BTreeMap::new();
    for (op, verb) in module.operations.iter().zip(&verbs) {
        if let Some(verb) = verb {
            *count.entry((op.resource, verb)).or_default() += 1;
        }
    }
    // Names the spec gives first, so that derived ones make way for them.
    for op in &mut module.operations {
        if let Some(name) = overrides.methods.get(&op.id) {
            let scope = scopes.entry(op.resource).or_insert_with(|| Scope::with(surface::HANDLE_METHODS));
            op.method_name = scope.unique(snake(name));
        }
    }
    for (op, verb) in module.operations.iter_mut().zip(verbs) {
        if !op.method_name.is_empty() {
            continue;
        }
        let scope = scopes.entry(op.resource).or_insert_with(|| Scope::with(surface::HANDLE_METHODS));
        let name = match verb {
            Some(verb) if count[&(op.resource, verb)] == 1 && !scope.is_taken(verb) => verb.to_owned(),
            _ => snake(&op.id),
        };
        op.method_name = scope.unique(name);
    }
}

/// What an operation does, from its HTTP method and the shape of its path; `None` when neither says, or when
/// its path goes on past its handle (`whole` is false: the rest is not a resource). POST creates in a
/// collection, unless the operationId says it updates (a singleton such as `/Settings`), and updates a single
/// resource.
fn verb(op: &Operation, resources: &[Resource], whole: bool) -> Option<&'static str> {
    if !whole {
        return None;
    }
    let resource = &resources[op.resource?];
    let single = resource.id.is_some();
    Some(match (op.http_method, single) {
        (HttpMethod::Get, true) => "fetch",
        (HttpMethod::Get, false) if lists(op) => "list",
        (HttpMethod::Get, false) => "fetch",
        (HttpMethod::Post, false) if !id_says(op, "update") => "create",
        (HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch, _) => "update",
        (HttpMethod::Delete, _) => "delete",
        (HttpMethod::Head | HttpMethod::Options | HttpMethod::Trace, _) => return None,
    })
}

/// A GET of a collection that answers with many: it paginates, answers an array, or says it lists.
fn lists(op: &Operation) -> bool {
    op.pagination.is_some() || matches!(op.response.body, ResponseBody::Json(TypeRef::Array(_))) || id_says(op, "list")
}

/// Whether the operationId's first word is `verb` (`ListCalls`, `list_calls`, `list`).
fn id_says(op: &Operation, verb: &str) -> bool {
    let id = snake(&op.id);
    bare(&id).split('_').next() == Some(verb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(path: &str) -> Vec<String> {
        segments(path)
            .into_iter()
            .map(|(s, p)| match s {
                Segment::Literal(l) => format!("{l} {p}"),
                Segment::Param(n) => format!("{{{n}}} {p}"),
                Segment::Other => format!("? {p}"),
            })
            .collect()
    }

    #[test]
    fn version_prefixes_and_extensions_are_not_resources() {
        assert_eq!(shape("/v1/Credentials/{Sid}"), ["Credentials /v1/Credentials", "{Sid} /v1/Credentials/{Sid}"]);
        assert_eq!(
            shape("/api/v1/account/{account_id}"),
            ["account /api/v1/account", "{account_id} /api/v1/account/{account_id}"]
        );
        assert_eq!(
            shape("/2010-04-01/Accounts/{AccountSid}/Calls.json"),
            [
                "Accounts /2010-04-01/Accounts",
                "{AccountSid} /2010-04-01/Accounts/{AccountSid}",
                "Calls /2010-04-01/Accounts/{AccountSid}/Calls.json"
            ]
        );
        assert_eq!(shape("/users/{id}:activate"), ["users /users", "? /users/{id}:activate"]);
        assert_eq!(shape("/"), Vec::<String>::new());
        assert_eq!(shape("/health"), ["health /health"]);
    }

    #[test]
    fn id_stems_drop_the_id_suffix() {
        assert_eq!(id_stem("account_id"), "account");
        assert_eq!(id_stem("AccountSid"), "account");
        assert_eq!(id_stem("Sid"), "sid");
        assert_eq!(id_stem("id"), "id");
        assert_eq!(id_stem("type"), "type");
    }
}
