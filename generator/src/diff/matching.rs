//! Matching: which named type and which operation of the old spec is which of the new, renames included.
//!
//! Types match by Rust name, then by shape: an old type nobody kept the name of, and a new type with the same
//! shape, are one type renamed, when neither has another candidate. Operations match by operationId, then by
//! method and path, then by shape (parameters and response), with the same uniqueness condition.

use crate::ir::{Api, HttpMethod, Operation, ResponseBody, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Old type names to new ones and back.
#[derive(Clone, Debug, Default)]
pub struct TypeMatch {
    pub old_to_new: BTreeMap<String, String>,
    pub new_to_old: BTreeMap<String, String>,
}

impl TypeMatch {
    fn insert(&mut self, old: &str, new: &str) {
        self.old_to_new.insert(old.to_owned(), new.to_owned());
        self.new_to_old.insert(new.to_owned(), old.to_owned());
    }
}

/// Matches the named types of two specs.
pub fn match_types(old: &Api, new: &Api) -> TypeMatch {
    let (old, new) = (&old.types, &new.types);
    let mut matched = TypeMatch::default();
    for o in old {
        if new.iter().any(|n| n.name == o.name) {
            matched.insert(&o.name, &o.name);
        }
    }
    // Renames: repeat, because a renamed type can make its users' shapes equal.
    loop {
        let left: Vec<&TypeDef> = old.iter().filter(|o| !matched.old_to_new.contains_key(&o.name)).collect();
        let right: Vec<&TypeDef> = new.iter().filter(|n| !matched.new_to_old.contains_key(&n.name)).collect();
        let pairs = unique_pairs(&left, &right, |o, n| same_shape(o, n, &matched));
        if pairs.is_empty() {
            return matched;
        }
        for (l, r) in pairs {
            matched.insert(&left[l].name, &right[r].name);
        }
    }
}

/// Index pairs `(l, r)` where `fits(left[l], right[r])` and neither has another item it fits.
pub fn unique_pairs<L, R>(left: &[L], right: &[R], fits: impl Fn(&L, &R) -> bool) -> Vec<(usize, usize)> {
    let grid: Vec<Vec<bool>> = left.iter().map(|l| right.iter().map(|r| fits(l, r)).collect()).collect();
    let mut pairs = Vec::new();
    for (l, row) in grid.iter().enumerate() {
        let mut hits = row.iter().enumerate().filter(|(_, fit)| **fit).map(|(r, _)| r);
        if let (Some(r), None) = (hits.next(), hits.next()) {
            if grid.iter().filter(|row| row[r]).count() == 1 {
                pairs.push((l, r));
            }
        }
    }
    pairs
}

/// Two types are the same type when their names correspond under `matched`.
pub fn same_ty(old: &TypeRef, new: &TypeRef, matched: &TypeMatch) -> bool {
    match (old, new) {
        (TypeRef::Named(o), TypeRef::Named(n)) => matched.old_to_new.get(o) == Some(n),
        (TypeRef::Array(o), TypeRef::Array(n)) | (TypeRef::Map(o), TypeRef::Map(n)) => same_ty(o, n, matched),
        (o, n) => o == n && !matches!(o, TypeRef::Named(_)),
    }
}

/// Same kind and same content, docs aside; the pair itself counts as matched (for recursive types).
fn same_shape(old: &TypeDef, new: &TypeDef, matched: &TypeMatch) -> bool {
    let mut matched = matched.clone();
    matched.insert(&old.name, &new.name);
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(o), TypeKind::Struct(n)) => {
            o.fields.len() == n.fields.len()
                && o.fields.iter().all(|of| {
                    n.fields.iter().any(|nf| {
                        nf.wire == of.wire
                            && nf.required == of.required
                            && nf.optional == of.optional
                            && same_ty(&of.ty, &nf.ty, &matched)
                    })
                })
        }
        (TypeKind::Enum(o), TypeKind::Enum(n)) => {
            o.variants.len() == n.variants.len()
                && o.variants.iter().all(|v| n.variants.iter().any(|w| w.wire == v.wire))
        }
        (TypeKind::Pattern(o), TypeKind::Pattern(n)) => {
            o.pattern == n.pattern && o.min_length == n.min_length && o.max_length == n.max_length
        }
        (TypeKind::Alias(o), TypeKind::Alias(n)) => same_ty(o, n, &matched),
        _ => false,
    }
}

/// Old server index to new: the same URL, or else the same variant name.
pub fn match_servers(old: &Api, new: &Api) -> BTreeMap<usize, usize> {
    let mut matched = BTreeMap::new();
    for (i, o) in old.servers.iter().enumerate() {
        if let Some(j) = new.servers.iter().position(|n| n.url == o.url) {
            matched.insert(i, j);
        }
    }
    let left: Vec<usize> = (0..old.servers.len()).filter(|i| !matched.contains_key(i)).collect();
    let right: Vec<usize> = (0..new.servers.len()).filter(|j| !matched.values().any(|v| v == j)).collect();
    for (l, r) in unique_pairs(&left, &right, |&i, &j| old.servers[i].name == new.servers[j].name) {
        matched.insert(left[l], right[r]);
    }
    matched
}

/// An old and a new operation that are the same operation.
pub struct OpPair<'a> {
    pub old: &'a Operation,
    pub new: &'a Operation,
    /// Matched by something other than the operationId.
    pub renamed: bool,
}

pub struct OpMatch<'a> {
    pub pairs: Vec<OpPair<'a>>,
    pub removed: Vec<&'a Operation>,
    pub added: Vec<&'a Operation>,
}

pub fn operations(api: &Api) -> Vec<&Operation> {
    let mut ops: Vec<&Operation> = api.modules.iter().flat_map(|m| &m.operations).collect();
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    ops
}

/// The path template with parameter names left out: `/v1/Credentials/{}`. Renaming a path parameter does
/// not change the URL.
pub fn route(op: &Operation) -> (HttpMethod, String) {
    let mut out = String::new();
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    (op.http_method, out)
}

/// Matches the operations of two specs.
pub fn match_operations<'a>(old: &'a Api, new: &'a Api, types: &TypeMatch) -> OpMatch<'a> {
    let old_ops = operations(old);
    let new_ops = operations(new);
    let mut pairs: Vec<OpPair<'a>> = Vec::new();
    let mut left: Vec<&'a Operation> = Vec::new();
    for o in &old_ops {
        match new_ops.iter().find(|n| n.id == o.id) {
            Some(n) => pairs.push(OpPair { old: o, new: n, renamed: false }),
            None => left.push(o),
        }
    }
    let mut right: Vec<&'a Operation> = new_ops.into_iter().filter(|n| !old_ops.iter().any(|o| o.id == n.id)).collect();
    let by_route = |o: &&Operation, n: &&Operation| route(o) == route(n);
    let by_shape = |o: &&Operation, n: &&Operation| same_signature(o, n, types);
    for fits in [&by_route as &dyn Fn(&&Operation, &&Operation) -> bool, &by_shape] {
        let found = unique_pairs(&left, &right, fits);
        for &(l, r) in &found {
            pairs.push(OpPair { old: left[l], new: right[r], renamed: true });
        }
        let (ls, rs): (Vec<usize>, Vec<usize>) = found.into_iter().unzip();
        left = left.into_iter().enumerate().filter(|(i, _)| !ls.contains(i)).map(|(_, o)| o).collect();
        right = right.into_iter().enumerate().filter(|(i, _)| !rs.contains(i)).map(|(_, n)| n).collect();
    }
    pairs.sort_by(|a, b| a.new.id.cmp(&b.new.id));
    OpMatch { pairs, removed: left, added: right }
}

/// Same HTTP method, parameters (places, names, types, requiredness) and response body.
fn same_signature(old: &Operation, new: &Operation, types: &TypeMatch) -> bool {
    fn params(op: &Operation) -> Vec<&crate::ir::Param> {
        let mut all: Vec<_> = op.path_params.iter().chain(&op.params.fields).collect();
        all.sort_by(|a, b| (a.location, &a.wire).cmp(&(b.location, &b.wire)));
        all
    }
    let (o, n) = (params(old), params(new));
    let same_body = match (&old.response.body, &new.response.body) {
        (ResponseBody::Json(o), ResponseBody::Json(n)) => same_ty(o, n, types),
        (o, n) => std::mem::discriminant(o) == std::mem::discriminant(n),
    };
    old.http_method == new.http_method
        && same_body
        && o.len() == n.len()
        && o.iter().zip(&n).all(|(o, n)| {
            o.location == n.location && o.wire == n.wire && o.required == n.required && same_ty(&o.ty, &n.ty, types)
        })
}

/// Removes the paired items from both lists.
pub fn drop_pairs<T: Copy>(left: &mut Vec<T>, right: &mut Vec<T>, pairs: &[(usize, usize)]) {
    let keep = |items: &[T], paired: &dyn Fn(usize) -> bool| -> Vec<T> {
        items.iter().enumerate().filter(|(i, _)| !paired(*i)).map(|(_, x)| *x).collect()
    };
    *left = keep(left, &|i| pairs.iter().any(|p| p.0 == i));
    *right = keep(right, &|i| pairs.iter().any(|p| p.1 == i));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_pairs_skip_ambiguous_candidates() {
        let pairs = unique_pairs(&[1, 2, 2], &[1, 2, 3], |l, r| l == r);
        assert_eq!(pairs, vec![(0, 0)]);
    }
}
