//! The context both specs are compared in: the two IRs, what matches what between them, and where each type is
//! used. Every comparison reads it; it reads none of them.

use super::change::Document;
use super::matching::{self, same_ty, OpMatch, TypeMatch};
use super::rules::Side;
use super::usage::{usage, Usage};
use crate::ir::{Api, Operation, Shape, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Both specs, and what matches what between them.
pub struct Cx<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    pub old_types: BTreeMap<&'a str, &'a TypeDef>,
    pub new_types: BTreeMap<&'a str, &'a TypeDef>,
    pub types: TypeMatch,
    pub ops: OpMatch<'a>,
    /// Old operationId to new, for the operations both specs have.
    pub op_ids: BTreeMap<String, String>,
    /// Old server index to new, for the servers both specs have.
    pub servers: BTreeMap<usize, usize>,
    old_usage: Usage,
    new_usage: Usage,
    pub old_modules: BTreeMap<&'a str, &'a str>,
    pub new_modules: BTreeMap<&'a str, &'a str>,
    /// The call that starts each operation, by operationId.
    pub old_calls: BTreeMap<&'a str, String>,
    pub new_calls: BTreeMap<&'a str, String>,
}

impl<'a> Cx<'a> {
    pub fn new(old: &'a Api, new: &'a Api) -> Self {
        let types = matching::match_types(old, new);
        let ops = matching::match_operations(old, new, &types);
        let op_ids = ops.pairs.iter().map(|p| (p.old.id.clone(), p.new.id.clone())).collect();
        let modules = |api: &'a Api| -> BTreeMap<&'a str, &'a str> {
            api.modules
                .iter()
                .flat_map(|m| m.operations.iter().map(move |o| (o.id.as_str(), m.name.as_str())))
                .collect()
        };
        let calls = |api: &'a Api| -> BTreeMap<&'a str, String> {
            api.modules.iter().flat_map(|m| m.operations.iter().map(move |o| (o.id.as_str(), m.call(o)))).collect()
        };
        Cx {
            old_calls: calls(old),
            new_calls: calls(new),
            old,
            new,
            old_types: old.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            new_types: new.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            servers: matching::match_servers(old, new),
            types,
            ops,
            op_ids,
            old_usage: usage(old),
            new_usage: usage(new),
            old_modules: modules(old),
            new_modules: modules(new),
        }
    }

    /// The sides a type is used on, in either spec, with the operations (by new operationId) using it there.
    pub fn sides(&self, old: Option<&str>, new: Option<&str>) -> BTreeMap<Side, Vec<String>> {
        let mut sides: BTreeMap<Side, BTreeSet<String>> = BTreeMap::new();
        if let Some(used) = new.and_then(|n| self.new_usage.get(n)) {
            for (side, ops) in used {
                sides.entry(*side).or_default().extend(ops.iter().cloned());
            }
        }
        if let Some(used) = old.and_then(|o| self.old_usage.get(o)) {
            for (side, ops) in used {
                let ops = ops.iter().map(|id| self.op_ids.get(id).unwrap_or(id).clone());
                sides.entry(*side).or_default().extend(ops);
            }
        }
        sides.into_iter().map(|(side, ops)| (side, ops.into_iter().collect())).collect()
    }

    /// A type of the new spec as the generated crate names it, without the crate's module paths.
    pub fn show(&self, ty: &TypeRef) -> String {
        show_type(self.new, ty)
    }

    /// A type of the old spec as the old crate names it.
    pub fn show_old(&self, ty: &TypeRef) -> String {
        show_type(self.old, ty)
    }

    /// The same Rust type: the same name under renames, or the same once aliases are resolved.
    pub fn same_rust_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        same_ty(old, new, &self.types)
            || same_ty(&self.resolve(old, Document::Old, 0), &self.resolve(new, Document::New, 0), &self.types)
    }

    pub fn kind(&self, name: &str, document: Document) -> Option<&'a TypeKind> {
        let types = match document {
            Document::Old => &self.old_types,
            Document::New => &self.new_types,
        };
        types.get(name).map(|t| &t.kind)
    }

    /// The type with aliases replaced by their targets.
    pub fn resolve(&self, ty: &TypeRef, document: Document, depth: usize) -> TypeRef {
        match ty.shape() {
            Shape::Named(name) if depth < 32 => match self.kind(name, document) {
                Some(TypeKind::Alias(target)) => self.resolve(target, document, depth + 1),
                Some(TypeKind::Pattern(_) | TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_)) | None => {
                    ty.clone()
                }
            },
            Shape::Array(item) => TypeRef::Array(Box::new(self.resolve(item, document, depth + 1))),
            Shape::Map(value) => TypeRef::Map(Box::new(self.resolve(value, document, depth + 1))),
            Shape::Named(_) | Shape::Scalar => ty.clone(),
        }
    }
}

/// A type as the generated crate of `api` spells it (the emitter's own function), without the paths of the
/// crate's modules and of `std`: `Vec<CallSid>`, `BTreeMap<String, Timestamp>`, `serde_json::Value`.
fn show_type(api: &Api, ty: &TypeRef) -> String {
    let mut text = crate::emit::rust_type(api, ty);
    for module in [crate::surface::MODELS_MODULE, crate::surface::SID_MODULE] {
        text = text.replace(&format!("crate::{module}::"), "");
    }
    text.replace("crate::", "").replace("::std::collections::", "").replace("::serde_json::", "serde_json::")
}

/// `METHOD /path` in backticks.
pub fn endpoint(op: &Operation) -> String {
    format!("`{} {}`", op.http_method.as_str(), op.path)
}

/// A value in backticks, or `none`.
pub fn show_opt<T: std::fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map_or("none".to_owned(), |v| format!("`{v}`"))
}
