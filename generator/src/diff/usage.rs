//! Usage: which operations use each named type, and on which side (request, response, error).
//!
//! A type is used wherever it is reachable: through struct fields, aliases, arrays and maps. Changes to a
//! type are judged once per side it is used on, naming the operations.

use super::rules::Side;
use crate::ir::{Api, Shape, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Type name to side to operationIds.
pub type Usage = BTreeMap<String, BTreeMap<Side, BTreeSet<String>>>;

pub fn usage(api: &Api) -> Usage {
    let types: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut usage = Usage::new();
    for op in api.modules.iter().flat_map(|m| &m.operations) {
        let mut walk = |ty: &TypeRef, side: Side| walk(ty, side, &op.id, &types, &mut usage);
        for param in op.path_params.iter().chain(&op.params.fields) {
            walk(&param.ty, Side::Request);
        }
        if let Some(body) = op.response.json_body() {
            walk(body, Side::Response);
        }
        if let Some(error) = &op.error_type {
            walk(error, Side::Error);
        }
    }
    usage
}

fn walk(ty: &TypeRef, side: Side, op: &str, types: &BTreeMap<&str, &TypeDef>, usage: &mut Usage) {
    match ty.shape() {
        Shape::Named(name) => {
            let first = usage.entry(name.to_owned()).or_default().entry(side).or_default().insert(op.to_owned());
            if !first {
                return;
            }
            match types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => {
                    for field in &s.fields {
                        walk(&field.ty, side, op, types, usage);
                    }
                    if let Some(additional) = &s.additional {
                        walk(&additional.value, side, op, types, usage);
                    }
                }
                Some(TypeKind::Alias(target)) => walk(target, side, op, types, usage),
                Some(TypeKind::Union(u)) => {
                    for variant in &u.variants {
                        walk(&variant.ty, side, op, types, usage);
                    }
                }
                Some(TypeKind::Enum(_) | TypeKind::Pattern(_)) | None => {}
            }
        }
        Shape::Array(inner) | Shape::Map(inner) => walk(inner, side, op, types, usage),
        Shape::Scalar => {}
    }
}
