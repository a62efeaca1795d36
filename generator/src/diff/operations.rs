//! Operations: added, removed, renamed and moved ones, and the changes inside the ones both specs have —
//! security, pagination, parameters, responses.

use super::change::{Change, Place};
use super::cx::{endpoint, show_opt, Cx};
use super::matching::{self, drop_pairs, route, same_ty, OpPair};
use super::rules::Side;
use super::values::Value;
use crate::error::pointer;
use crate::ir::{Location, Operation, Pagination, PaginationStyle, Param, TypeRef};
use std::collections::BTreeSet;

/// The changes of operations: removed, added, then those both specs have.
pub fn changes(cx: &Cx, out: &mut Vec<Change>) {
    for op in &cx.ops.removed {
        let place = Place::operation(&op.id, &op.pointer).in_old();
        let message = format!("{} removed: `{}` disappears", endpoint(op), cx.old_calls[op.id.as_str()]);
        out.push(Change::new("operation-removed", Side::Operation, message).at(&place));
    }
    for op in &cx.ops.added {
        let place = Place::operation(&op.id, &op.pointer);
        let message = format!("{} added: new `{}`", endpoint(op), cx.new_calls[op.id.as_str()]);
        out.push(Change::new("operation-added", Side::Operation, message).at(&place));
    }
    for pair in &cx.ops.pairs {
        cx.operation(pair, out);
    }
}

impl Cx<'_> {
    fn operation(&self, pair: &OpPair, out: &mut Vec<Change>) {
        let (o, n) = (pair.old, pair.new);
        let place = Place::operation(&n.id, &n.pointer);
        if pair.renamed {
            let (old_call, new_call) = (&self.old_calls[o.id.as_str()], &self.new_calls[n.id.as_str()]);
            if old_call != new_call || o.params.name != n.params.name {
                let mut renamed = Vec::new();
                if old_call != new_call {
                    renamed.push(format!("`{old_call}` → `{new_call}`"));
                }
                if o.params.name != n.params.name {
                    renamed.push(format!("`{}` → `{}`", o.params.name, n.params.name));
                }
                let message = format!("operationId `{}` → `{}`: {}", o.id, n.id, renamed.join(", "));
                out.push(Change::new("operation-renamed", Side::Operation, message).at(&place));
            } else {
                let message = format!("operationId `{}` → `{}`; the call is still `{}`", o.id, n.id, new_call);
                out.push(Change::new("operation-id-changed", Side::Operation, message).at(&place));
            }
        }
        let (old_call, new_call) = (&self.old_calls[o.id.as_str()], &self.new_calls[n.id.as_str()]);
        if !pair.renamed && old_call != new_call {
            let message = format!("`{old_call}` → `{new_call}`");
            out.push(Change::new("operation-call-changed", Side::Operation, message).at(&place));
        }
        if route(o) != route(n) {
            let message = format!("{} → {}", endpoint(o), endpoint(n));
            out.push(Change::new("operation-moved", Side::Operation, message).at(&place));
        }
        let (om, nm) = (self.old_modules[o.id.as_str()], self.new_modules[n.id.as_str()]);
        if om != nm {
            let (po, pn) = (&o.params, &n.params);
            let message = format!("module `{om}` → `{nm}`: `{}::{}` becomes `{}::{}`", om, po.name, nm, pn.name);
            out.push(Change::new("operation-module-changed", Side::Operation, message).at(&place));
        }
        if self.servers.get(&o.server) != Some(&n.server) {
            let message = format!("server `{}` → `{}`", self.old.servers[o.server].url, self.new.servers[n.server].url);
            out.push(Change::new("server-changed", Side::Operation, message).at(&place));
        }
        self.security(o, n, &place, out);
        self.pagination(o, n, &place, out);
        self.params(o, n, &place, out);
        self.response(o, n, &place, out);
    }

    fn security(&self, o: &Operation, n: &Operation, place: &Place, out: &mut Vec<Change>) {
        let sets = |op: &Operation| -> BTreeSet<BTreeSet<String>> {
            op.security.iter().map(|alt| alt.iter().cloned().collect()).collect()
        };
        let (old, new) = (sets(o), sets(n));
        if old == new {
            return;
        }
        // Whatever credentials satisfied an old alternative must satisfy a new one.
        let no_auth = BTreeSet::new();
        let held: Vec<&BTreeSet<String>> = if old.is_empty() { vec![&no_auth] } else { old.iter().collect() };
        let relaxed = new.is_empty() || held.iter().all(|h| new.iter().any(|alt| alt.is_subset(h)));
        let message = format!("security {} → {}", show_security(&old), show_security(&new));
        let rule = if relaxed { "security-relaxed" } else { "security-changed" };
        out.push(Change::new(rule, Side::Operation, message).at(place));
    }

    fn pagination(&self, o: &Operation, n: &Operation, place: &Place, out: &mut Vec<Change>) {
        match (&o.pagination, &n.pagination) {
            (None, Some(p)) => {
                let message = format!("paginated ({}): the request gains `pages()` and `items()`", show_pagination(p));
                out.push(
                    Change::new("pagination-added", Side::Operation, message)
                        .at(&place.pointer(pointer(&n.pointer, "x-pagination"))),
                );
            }
            (Some(_), None) => {
                let message = "no longer paginated: `pages()` and `items()` disappear".to_owned();
                out.push(
                    Change::new("pagination-removed", Side::Operation, message)
                        .at(&place.pointer(pointer(&o.pointer, "x-pagination")).in_old()),
                );
            }
            (Some(a), Some(b)) if show_pagination(a) != show_pagination(b) => {
                let rule = if same_but_total(a, b) { "pagination-total-changed" } else { "pagination-changed" };
                let message = format!("pagination {} → {}", show_pagination(a), show_pagination(b));
                out.push(
                    Change::new(rule, Side::Operation, message).at(&place.pointer(pointer(&n.pointer, "x-pagination"))),
                );
            }
            _ => {}
        }
    }

    fn params(&self, o: &Operation, n: &Operation, place: &Place, out: &mut Vec<Change>) {
        match (o.params.fields.is_empty(), n.params.fields.is_empty()) {
            (true, false) => {
                let message = format!("`{}` now takes parameters besides its path", self.new_calls[n.id.as_str()]);
                out.push(Change::new("params-argument-added", Side::Request, message).at(place));
            }
            (false, true) => {
                let message =
                    format!("`{}` no longer takes parameters besides its path", self.new_calls[n.id.as_str()]);
                out.push(Change::new("params-argument-removed", Side::Request, message).at(place));
            }
            _ => {}
        }
        fn path_params(op: &Operation) -> Vec<&Param> {
            op.path_params.iter().collect()
        }
        fn fields(op: &Operation) -> Vec<&Param> {
            op.params.fields.iter().collect()
        }
        self.param_list(&path_params(o), &path_params(n), true, place, out);
        self.param_list(&fields(o), &fields(n), false, place, out);
    }

    fn param_list(&self, old: &[&Param], new: &[&Param], path: bool, place: &Place, out: &mut Vec<Change>) {
        let mut pairs: Vec<(&Param, &Param)> = Vec::new();
        let mut left: Vec<&Param> = Vec::new();
        for &o in old {
            match new.iter().find(|n| n.location == o.location && n.wire == o.wire) {
                Some(&n) => pairs.push((o, n)),
                None => left.push(o),
            }
        }
        let mut right: Vec<&Param> =
            new.iter().copied().filter(|n| !old.iter().any(|o| o.location == n.location && o.wire == n.wire)).collect();
        // The same name in another place: moved.
        let moved = matching::unique_pairs(&left, &right, |o, n| o.wire == n.wire);
        pairs.extend(moved.iter().map(|&(l, r)| (left[l], right[r])));
        drop_pairs(&mut left, &mut right, &moved);
        // Another name with the same shape: renamed. Path parameters are renamed in place.
        let renamed = matching::unique_pairs(&left, &right, |o, n| {
            o.location == n.location
                && o.required == n.required
                && same_ty(&o.ty, &n.ty, &self.types)
                && if path {
                    // Path parameters are positional: the same place in the path is the same parameter.
                    old.iter().position(|p| p.wire == o.wire) == new.iter().position(|p| p.wire == n.wire)
                } else {
                    matching::similar_names(&o.wire, &n.wire)
                }
        });
        for &(l, r) in &renamed {
            let (o, n) = (left[l], right[r]);
            let rule = match (path, n.required) {
                (true, _) => "path-param-renamed",
                (false, true) => "required-param-renamed",
                (false, false) => "param-renamed",
            };
            let message = format!("{} renamed to `{}`", show_param(o), n.wire);
            out.push(Change::new(rule, Side::Request, message).at(&place.property(&n.wire, &n.pointer)));
            pairs.push((o, n));
        }
        drop_pairs(&mut left, &mut right, &renamed);
        for o in left {
            let message = format!("{} removed", show_param(o));
            out.push(
                Change::new("param-removed", Side::Request, message).at(&place.property(&o.wire, &o.pointer).in_old()),
            );
        }
        for n in right {
            let (rule, message) = if n.required {
                let takes =
                    if path { "the method takes one more argument".to_owned() } else { "`new` takes it".to_owned() };
                ("param-added-required", format!("{} added, required: {takes}", show_param(n)))
            } else {
                ("param-added", format!("{} added, optional", show_param(n)))
            };
            out.push(Change::new(rule, Side::Request, message).at(&place.property(&n.wire, &n.pointer)));
        }
        for (o, n) in pairs {
            let at = place.property(&n.wire, &n.pointer);
            // Only a parameter that kept its wire name: a renamed one is reported as such.
            if o.wire == n.wire && o.name != n.name && !path {
                let message = format!("{}: field and setter `{}` → `{}`", show_param(n), o.name, n.name);
                out.push(Change::new("param-field-renamed", Side::Request, message).at(&at));
            }
            if o.location != n.location {
                let message = format!("{} → {}", show_param(o), show_param(n));
                out.push(Change::new("param-moved", Side::Request, message).at(&at));
            }
            if o.required != n.required {
                let (rule, message) = if n.required {
                    ("param-now-required", format!("{} is now required", show_param(n)))
                } else {
                    ("param-now-optional", format!("{} is now optional", show_param(n)))
                };
                out.push(Change::new(rule, Side::Request, message).at(&at));
            }
            if o.default != n.default {
                let message = format!("{}: default {} → {}", show_param(n), show_opt(&o.default), show_opt(&n.default));
                out.push(Change::new("param-default-changed", Side::Request, message).at(&at));
            }
            self.compare_value(Side::Request, &show_param(n), &Value::of_param(o), &Value::of_param(n), &at, out);
        }
    }

    fn response(&self, o: &Operation, n: &Operation, place: &Place, out: &mut Vec<Change>) {
        let responses = pointer(&n.pointer, "responses");
        let body_at = |op: &Operation, responses: &str| {
            let status = op.response.statuses.first().map(u16::to_string).unwrap_or_default();
            let media = op.response.media_type.as_deref().unwrap_or("application/json");
            pointer(&pointer(&pointer(&pointer(responses, &status), "content"), media), "schema")
        };
        match (o.response.json_body(), n.response.json_body()) {
            (None, Some(ty)) => {
                let message = format!("success body `{}` added: `send()` returns it instead of `()`", self.show(ty));
                out.push(
                    Change::new("response-body-added", Side::Response, message)
                        .at(&place.pointer(body_at(n, &responses))),
                );
            }
            (Some(ty), None) => {
                let message = format!("success body `{}` removed: `send()` returns `()`", self.show_old(ty));
                out.push(Change::new("response-body-removed", Side::Response, message).at(&place.pointer(&responses)));
            }
            (Some(a), Some(b)) => {
                let at = place.pointer(body_at(n, &responses));
                self.compare_value(Side::Response, "success body", &Value::of_type(a), &Value::of_type(b), &at, out);
            }
            (None, None) => {}
        }
        let statuses = |op: &Operation| op.response.statuses.iter().copied().collect::<BTreeSet<u16>>();
        if statuses(o) != statuses(n) {
            let show = |s: BTreeSet<u16>| s.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
            let message = format!("success status {} → {}", show(statuses(o)), show(statuses(n)));
            out.push(Change::new("response-status-changed", Side::Response, message).at(&place.pointer(&responses)));
        }
        if let (Some(a), Some(b)) = (&o.response.media_type, &n.response.media_type) {
            if essence(a) != essence(b) {
                let message = format!("success media type `{a}` → `{b}`");
                let at = place.pointer(pointer(
                    &pointer(
                        &pointer(&responses, &n.response.statuses.first().map(u16::to_string).unwrap_or_default()),
                        "content",
                    ),
                    b,
                ));
                out.push(Change::new("response-media-type-changed", Side::Response, message).at(&at));
            }
        }
        let same_error = match (&o.error_type, &n.error_type) {
            (Some(a), Some(b)) => self.same_rust_type(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same_error {
            let show = |t: &Option<TypeRef>, name: &dyn Fn(&TypeRef) -> String| {
                t.as_ref().map_or("undocumented".to_owned(), |t| format!("`{}`", name(t)))
            };
            let message = format!(
                "error body {} → {}",
                show(&o.error_type, &|t| self.show_old(t)),
                show(&n.error_type, &|t| self.show(t))
            );
            out.push(Change::new("error-type-changed", Side::Error, message).at(&place.pointer(&responses)));
        }
    }
}

/// A media type without its parameters: `application/json; charset=utf-8` is `application/json`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn show_param(p: &Param) -> String {
    match p.location {
        Location::Path => format!("path parameter `{}`", p.wire),
        Location::Query => format!("query parameter `{}`", p.wire),
        Location::Header => format!("header `{}`", p.wire),
        Location::Form => format!("form field `{}`", p.wire),
        Location::Part => format!("multipart field `{}`", p.wire),
        Location::JsonBody => "JSON body".to_owned(),
        Location::BytesBody => "request body".to_owned(),
    }
}

fn show_security(alternatives: &BTreeSet<BTreeSet<String>>) -> String {
    if alternatives.is_empty() {
        return "none".to_owned();
    }
    let alts: Vec<String> =
        alternatives.iter().map(|alt| alt.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" + ")).collect();
    alts.join(" or ")
}

/// Offset pagination that differs only in where the total is.
fn same_but_total(a: &Pagination, b: &Pagination) -> bool {
    let without_total = |p: &Pagination| {
        let mut p = p.clone();
        if let PaginationStyle::Offset { total, .. } = &mut p.style {
            *total = None;
        }
        show_pagination(&p)
    };
    matches!(a.style, PaginationStyle::Offset { .. }) && without_total(a) == without_total(b)
}

fn show_pagination(p: &Pagination) -> String {
    let path = |steps: &[crate::ir::FieldStep]| steps.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(".");
    match &p.style {
        PaginationStyle::NextUrl { next_url, page_size } => format!(
            "next-url (items `{}`, next URL `{}`, page size {})",
            p.items.name,
            path(next_url),
            show_opt(&page_size.as_ref().map(|p| &p.name))
        ),
        PaginationStyle::Offset { limit, offset, total, .. } => format!(
            "offset (items `{}`, limit `{}`, offset `{}`, total {})",
            p.items.name,
            limit.name,
            offset.name,
            show_opt(&total.as_ref().map(|t| path(t)))
        ),
    }
}
