//! Matching: which named type and which operation of the old spec is which of the new, renames included.
//!
//! Types match by Rust name, then by shape: an old type nobody kept the name of, and a new type with the same
//! shape, are one type renamed, when neither has another candidate. Operations match by operationId, then by
//! method and path, then by shape (parameters and response), with the same uniqueness condition.

use crate::ir::{Api, HttpMethod, Operation, ResponseBody, Shape, TypeDef, TypeKind, TypeRef};
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

/// Matches the named types of two specs: by name; then by position, where the same place of both specs (a
/// parameter, body or error of the same operation, a property of the same type) holds a type of the same kind
/// and neither type is held anywhere else by another candidate, which is how a schema moved between inline and
/// a component, or a renamed component, is found whatever else changed in it; then by shape.
pub fn match_types(old: &Api, new: &Api) -> TypeMatch {
    let mut matched = TypeMatch::default();
    // A pattern type is its pattern (an inferred ID type's name follows the names that use it, which change).
    // A name both specs give a pattern type keeps it (a named schema whose pattern changed); the others match by
    // pattern.
    let both = |name: &str| old.types.iter().any(|t| t.name == name) && new.types.iter().any(|t| t.name == name);
    let (mut old_patterns, mut new_patterns) = (patterns(old), patterns(new));
    old_patterns.retain(|(name, _)| !both(name));
    new_patterns.retain(|(name, _)| !both(name));
    for (l, r) in unique_pairs(&old_patterns, &new_patterns, |o, n| o.1 == n.1) {
        matched.insert(old_patterns[l].0, new_patterns[r].0);
    }
    for o in &old.types {
        let free = !matched.old_to_new.contains_key(&o.name) && !matched.new_to_old.contains_key(&o.name);
        if free && new.types.iter().any(|n| n.name == o.name) {
            matched.insert(&o.name, &o.name);
        }
    }
    // Repeat: a match makes the properties of the matched types positions too, and can make users' shapes equal.
    loop {
        let mut found = positional(old, new, &matched);
        let left: Vec<&TypeDef> = old.types.iter().filter(|o| !matched.old_to_new.contains_key(&o.name)).collect();
        let right: Vec<&TypeDef> = new.types.iter().filter(|n| !matched.new_to_old.contains_key(&n.name)).collect();
        if found.is_empty() {
            let pairs =
                unique_pairs(&left, &right, |o, n| same_shape(o, n, &matched) && similar_names(&o.name, &n.name));
            found = pairs.into_iter().map(|(l, r)| (left[l].name.clone(), right[r].name.clone())).collect();
        }
        if found.is_empty() {
            return matched;
        }
        for (o, n) in found {
            matched.insert(&o, &n);
        }
    }
}

/// Unmatched types that the same places of both specs hold, paired when each is the other's only candidate.
fn positional(old: &Api, new: &Api, matched: &TypeMatch) -> Vec<(String, String)> {
    let mut places: Vec<(&TypeRef, &TypeRef)> = Vec::new();
    let (old_ops, new_ops) = (operations(old), operations(new));
    for o in &old_ops {
        let same_id = new_ops.iter().find(|n| n.id == o.id);
        let mut same_route = new_ops.iter().filter(|n| route(n) == route(o));
        let n = match (same_id, same_route.next(), same_route.next()) {
            (Some(n), ..) | (None, Some(n), None) => n,
            (None, None, _) | (None, Some(_), Some(_)) => continue,
        };
        places.extend(o.path_params.iter().zip(&n.path_params).map(|(a, b)| (&a.ty, &b.ty)));
        for a in &o.params.fields {
            if let Some(b) = n.params.fields.iter().find(|b| b.location == a.location && b.wire == a.wire) {
                places.push((&a.ty, &b.ty));
            }
        }
        places.extend(o.response.json_body().zip(n.response.json_body()));
        places.extend(o.error_type.as_ref().zip(n.error_type.as_ref()));
    }
    let (old_kinds, new_kinds) = (kinds(old), kinds(new));
    for (o, n) in &matched.old_to_new {
        match (old_kinds.get(o.as_str()), new_kinds.get(n.as_str())) {
            (Some(TypeKind::Struct(a)), Some(TypeKind::Struct(b))) => {
                for f in &a.fields {
                    places.extend(b.fields.iter().find(|g| g.wire == f.wire).map(|g| (&f.ty, &g.ty)));
                }
                if let (Some(x), Some(y)) = (&a.additional, &b.additional) {
                    places.push((&x.value, &y.value));
                }
            }
            (Some(TypeKind::Alias(a)), Some(TypeKind::Alias(b))) => places.push((a, b)),
            (Some(TypeKind::Union(a)), Some(TypeKind::Union(b))) => {
                for v in &a.variants {
                    places.extend(b.variants.iter().find(|w| w.name == v.name).map(|w| (&v.ty, &w.ty)));
                }
            }
            // Enums and patterns hold no other types; a type whose kind changed holds nothing at the same place.
            (
                Some(
                    TypeKind::Struct(_)
                    | TypeKind::Alias(_)
                    | TypeKind::Union(_)
                    | TypeKind::Enum(_)
                    | TypeKind::Pattern(_),
                )
                | None,
                _,
            ) => {}
        }
    }
    let mut candidates: Vec<(String, String)> = Vec::new();
    for (o, n) in places {
        named_pairs(o, n, &mut candidates);
    }
    candidates.retain(|(o, n)| {
        !matched.old_to_new.contains_key(o)
            && !matched.new_to_old.contains_key(n)
            && match (old_kinds.get(o.as_str()), new_kinds.get(n.as_str())) {
                (Some(a), Some(b)) => overlap(a, b),
                (Some(_) | None, _) => false,
            }
    });
    candidates.sort();
    candidates.dedup();
    let unique = |pair: &(String, String)| candidates.iter().filter(|(o, n)| o == &pair.0 || n == &pair.1).count() == 1;
    candidates.iter().filter(|p| unique(p)).cloned().collect()
}

/// Whether two types at the same place have something in common, to be taken for one type changed: a property
/// or an enum value of the same name, or for other kinds, the same kind.
fn overlap(old: &TypeKind, new: &TypeKind) -> bool {
    match (old, new) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            a.fields.is_empty() && b.fields.is_empty()
                || a.fields.iter().any(|f| b.fields.iter().any(|g| g.wire == f.wire))
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            a.variants.iter().any(|v| b.variants.iter().any(|w| w.wire == v.wire))
        }
        (TypeKind::Pattern(_), TypeKind::Pattern(_))
        | (TypeKind::Alias(_), TypeKind::Alias(_))
        | (TypeKind::Union(_), TypeKind::Union(_)) => true,
        (
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Pattern(_) | TypeKind::Alias(_) | TypeKind::Union(_),
            _,
        ) => false,
    }
}

/// The pattern types of a spec, by name, with their pattern and lengths.
type PatternOf<'a> = (&'a str, (&'a str, Option<u64>, Option<u64>));

fn patterns(api: &Api) -> Vec<PatternOf<'_>> {
    api.types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Pattern(p) => Some((t.name.as_str(), (p.pattern.as_str(), p.min_length, p.max_length))),
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Union(_) => None,
        })
        .collect()
}

fn kinds(api: &Api) -> BTreeMap<&str, &TypeKind> {
    api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect()
}

/// The pairs of names at the same place in two types: `Vec<A>` and `Vec<B>` hold `A` and `B`.
fn named_pairs(old: &TypeRef, new: &TypeRef, out: &mut Vec<(String, String)>) {
    match (old.shape(), new.shape()) {
        (Shape::Named(o), Shape::Named(n)) => out.push((o.to_owned(), n.to_owned())),
        (Shape::Array(o), Shape::Array(n)) | (Shape::Map(o), Shape::Map(n)) => named_pairs(o, n, out),
        (Shape::Named(_) | Shape::Array(_) | Shape::Map(_) | Shape::Scalar, _) => {}
    }
}

/// Whether two names are close enough for one to be a rename of the other: the same words in another case
/// style, a singular and its plural, a word added before or after (`sid` and `bulk_hosting_sid`), or a small
/// edit (`call_state` and `call_status`: two letters in nine). Shape alone does not make a rename.
pub fn similar_names(old: &str, new: &str) -> bool {
    let (a, b) = (words(old), words(new));
    let (x, y) = (a.concat(), b.concat());
    let plural = |s: &str, t: &str| t.strip_prefix(s).is_some_and(|rest| rest == "s" || rest == "es");
    let affixed = |short: &[String], long: &[String]| {
        !short.is_empty() && short.len() < long.len() && (long.starts_with(short) || long.ends_with(short))
    };
    x == y
        || plural(&x, &y)
        || plural(&y, &x)
        || affixed(&a, &b)
        || affixed(&b, &a)
        || edit_distance(&x, &y) <= (x.len().min(y.len()) / 4).max(1)
}

/// The lowercase words of a name in any case style: `QualityIssues`, `quality_issues`, `Quality-Issues`.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            out.push(String::new());
            continue;
        }
        if c.is_uppercase() && prev_lower || out.is_empty() {
            out.push(String::new());
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        out.last_mut().expect("a word was started").extend(c.to_lowercase());
    }
    out.retain(|w| !w.is_empty());
    out
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
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
    match (old.shape(), new.shape()) {
        (Shape::Named(o), Shape::Named(n)) => matched.old_to_new.get(o).is_some_and(|m| m == n),
        (Shape::Array(o), Shape::Array(n)) | (Shape::Map(o), Shape::Map(n)) => same_ty(o, n, matched),
        (Shape::Scalar, Shape::Scalar) => old == new,
        (Shape::Named(_) | Shape::Array(_) | Shape::Map(_) | Shape::Scalar, _) => false,
    }
}

/// Same kind and same content, docs aside; the pair itself counts as matched (for recursive types).
fn same_shape(old: &TypeDef, new: &TypeDef, matched: &TypeMatch) -> bool {
    let mut matched = matched.clone();
    matched.insert(&old.name, &new.name);
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(o), TypeKind::Struct(n)) => {
            let additional = match (&o.additional, &n.additional) {
                (Some(a), Some(b)) => same_ty(&a.value, &b.value, &matched),
                (a, b) => a.is_none() && b.is_none(),
            };
            additional
                && o.fields.len() == n.fields.len()
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
        (TypeKind::Union(o), TypeKind::Union(n)) => {
            o.tagging == n.tagging
                && o.variants.len() == n.variants.len()
                && o.variants.iter().zip(&n.variants).all(|(a, b)| a.tags == b.tags && same_ty(&a.ty, &b.ty, &matched))
        }
        (
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Pattern(_) | TypeKind::Alias(_) | TypeKind::Union(_),
            _,
        ) => false,
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
        (ResponseBody::Json(_), _) => false,
        (ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes | ResponseBody::Redirect, n) => {
            old.response.body == *n
        }
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
    fn renames_need_similar_names() {
        for (old, new) in [
            ("call_state", "call_status"),
            ("QualityIssues", "QualityIssue"),
            ("sid", "bulk_hosting_sid"),
            ("FriendlyName", "friendly_name"),
            ("DateCreated", "date_created_utc"),
            ("address", "addresses"),
        ] {
            assert!(similar_names(old, new), "{old} -> {new}");
        }
        for (old, new) in [("live_activity", "line_status"), ("sid", "url"), ("status", "state_code"), ("ttl", "uri")] {
            assert!(!similar_names(old, new), "{old} -> {new}");
        }
    }

    #[test]
    fn unique_pairs_skip_ambiguous_candidates() {
        let pairs = unique_pairs(&[1, 2, 2], &[1, 2, 3], |l, r| l == r);
        assert_eq!(pairs, vec![(0, 0)]);
    }
}
