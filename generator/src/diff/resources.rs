//! Resources: a resource that appears or disappears whole — a collection path and the instance path under it,
//! with every operation on them — is one change naming the operations it takes along, rather than one change per
//! operation and per type only they used.

use super::change::{Change, Document};
use super::cx::Cx;
use super::matching::route;
use super::rules::Side;
use crate::error::pointer;
use crate::ir::{Api, Operation};
use std::collections::{BTreeMap, BTreeSet};

/// Replaces the changes of resources added or removed whole by one change each.
pub fn fold(cx: &Cx, changes: &mut Vec<Change>) {
    let (old_keys, new_keys) = (keys(cx.old), keys(cx.new));
    let gone = groups(&cx.ops.removed, &new_keys);
    let came = groups(&cx.ops.added, &old_keys);
    for (key, ops) in gone {
        let calls: Vec<String> = ops.iter().map(|op| format!("`{}`", cx.old_calls[op.id.as_str()])).collect();
        let message = format!("`{key}` removed, with {}: {}", operations(ops.len()), calls.join(", "));
        replace(changes, Change::new("resource-removed", Side::Operation, message), &key, &ops, Document::Old);
    }
    for (key, ops) in came {
        let calls: Vec<String> = ops.iter().map(|op| format!("`{}`", cx.new_calls[op.id.as_str()])).collect();
        let message = format!("`{key}` added, with {}: {}", operations(ops.len()), calls.join(", "));
        replace(changes, Change::new("resource-added", Side::Operation, message), &key, &ops, Document::New);
    }
}

/// The resource an operation is on: its path with parameter names left out, a short extension and a last `/{}`
/// dropped, so that `/v1/Items` and `/v1/Items/{Sid}` (or `Calls.json` and `Calls/{Sid}.json`) are one resource.
fn key(op: &Operation) -> String {
    let (_, path) = route(op);
    // The short extension the generator leaves out of a resource's name (`Calls.json`, `{}.json`).
    let (head, last) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
    let path = format!("{head}/{}", crate::lower::strip_extension(last));
    path.strip_suffix("/{}").map(str::to_owned).unwrap_or(path)
}
fn keys(api: &Api) -> BTreeSet<String> {
    api.modules.iter().flat_map(|m| &m.operations).map(key).collect()
}

/// The operations of `ops` by resource, for the resources the other spec has no operation on.
fn groups<'a>(ops: &[&'a Operation], other: &BTreeSet<String>) -> BTreeMap<String, Vec<&'a Operation>> {
    let mut out: BTreeMap<String, Vec<&'a Operation>> = BTreeMap::new();
    for op in ops {
        let key = key(op);
        if !other.contains(&key) {
            out.entry(key).or_default().push(op);
        }
    }
    out
}

fn operations(n: usize) -> String {
    if n == 1 {
        "its operation".to_owned()
    } else {
        format!("its {n} operations")
    }
}

/// Puts `change` for the resource in place of the operations' own added or removed entries, and of the types only
/// they used that came or went with them.
fn replace(changes: &mut Vec<Change>, mut change: Change, key: &str, ops: &[&Operation], document: Document) {
    let ids: BTreeSet<&str> = ops.iter().map(|op| op.id.as_str()).collect();
    let taken = |c: &Change| {
        let folded = matches!(c.rule, "operation-added" | "operation-removed" | "schema-added" | "schema-removed");
        let mut users = c.operations().peekable();
        folded && users.peek().is_some() && users.all(|op| ids.contains(op.as_str()))
    };
    changes.retain(|c| !taken(c));
    let mut affects: Vec<String> = ids.iter().map(|id| (*id).to_owned()).collect();
    affects.sort();
    change.resource = Some(key.to_owned());
    change.affects = affects;
    let shortest = ops.iter().map(|op| op.path.as_str()).min_by_key(|p| (p.len(), *p)).unwrap_or_default();
    change.pointer = Some(pointer("/paths", shortest));
    change.document = document;
    changes.push(change);
}
