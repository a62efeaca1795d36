//! Named types: added, removed and renamed ones, and the changes inside the ones both specs have — struct
//! properties, enum values, patterns, alias targets — reported once per side the type is used on.

use super::change::{Change, Place};
use super::cx::Cx;
use super::matching::{drop_pairs, same_ty, similar_names, unique_pairs};
use super::rules::Side;
use super::values::{pattern_relation, pattern_rule, Relation, Value};
use crate::error::pointer;
use crate::ir::{Field, PatternType, StringEnum, Struct, TypeDef, TypeKind, TypeRef};

/// The changes of named types: removed or renamed ones and the changes inside them, then added ones.
pub fn changes(cx: &Cx, out: &mut Vec<Change>) {
    cx.schemas(out);
}

impl Cx<'_> {
    fn schemas(&self, out: &mut Vec<Change>) {
        for o in &self.old.types {
            let Some(new_name) = self.types.old_to_new.get(&o.name) else {
                let place = Place::schema(&o.name, &o.pointer, self.users(Some(&o.name), None)).in_old();
                let message = format!("`{}` removed", o.name);
                out.push(Change::new("schema-removed", Side::Schema, message).at(&place));
                continue;
            };
            let n = self.new_types[new_name.as_str()];
            if o.name != n.name {
                let place = Place::schema(&n.name, &n.pointer, self.users(Some(&o.name), Some(&n.name)));
                let message = format!("`{}` renamed to `{}`", o.name, n.name);
                out.push(Change::new("schema-renamed", Side::Schema, message).at(&place));
            }
            self.schema(o, n, out);
        }
        for n in &self.new.types {
            if !self.types.new_to_old.contains_key(&n.name) {
                let place = Place::schema(&n.name, &n.pointer, self.users(None, Some(&n.name)));
                out.push(Change::new("schema-added", Side::Schema, format!("`{}` added", n.name)).at(&place));
            }
        }
    }

    /// Every operation using the type, on any side.
    fn users(&self, old: Option<&str>, new: Option<&str>) -> Vec<String> {
        let mut all: Vec<String> = self.sides(old, new).into_values().flatten().collect();
        all.sort();
        all.dedup();
        all
    }

    /// The changes inside a type both specs have, once per side it is used on.
    fn schema(&self, o: &TypeDef, n: &TypeDef, out: &mut Vec<Change>) {
        let sides = self.sides(Some(&o.name), Some(&n.name));
        if sides.is_empty() {
            let mut found = Vec::new();
            self.type_changes(o, n, Side::Response, &Place::schema(&n.name, &n.pointer, Vec::new()), &mut found);
            for change in found {
                let place = Place {
                    schema: change.schema,
                    property: change.property,
                    pointer: change.pointer,
                    document: change.document,
                    ..Place::default()
                };
                let message = format!("{} (no operation uses `{}`)", change.message, n.name);
                out.push(Change::new("unused-schema-changed", Side::Schema, message).at(&place));
            }
            return;
        }
        for (side, ops) in sides {
            self.type_changes(o, n, side, &Place::schema(&n.name, &n.pointer, ops), out);
        }
    }

    fn type_changes(&self, o: &TypeDef, n: &TypeDef, side: Side, place: &Place, out: &mut Vec<Change>) {
        match (&o.kind, &n.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.fields(&n.name, a, b, side, place, out),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => enum_values((o, n), a, b, side, place, out),
            (TypeKind::Pattern(a), TypeKind::Pattern(b)) => pattern(&n.name, a, b, side, place, out),
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                let what = format!("`{}`", n.name);
                self.compare_value(side, &what, &Value::of_type(a), &Value::of_type(b), place, out);
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let members = |u: &crate::ir::Union, show: &dyn Fn(&TypeRef) -> String| -> Vec<String> {
                    u.variants.iter().map(|v| format!("{} `{}`", v.name, show(&v.ty))).collect()
                };
                let same = a.tagging == b.tagging
                    && a.variants.len() == b.variants.len()
                    && a.variants
                        .iter()
                        .zip(&b.variants)
                        .all(|(x, y)| x.tags == y.tags && self.same_rust_type(&x.ty, &y.ty));
                if !same {
                    let (old, new) = (members(a, &|t| self.show_old(t)), members(b, &|t| self.show(t)));
                    let message = format!("`{}`: members {} → {}", n.name, old.join(", "), new.join(", "));
                    out.push(Change::new(self.kind_rule(side, &o.name, &n.name), side, message).at(place));
                }
            }
            (
                a @ (TypeKind::Struct(_)
                | TypeKind::Enum(_)
                | TypeKind::Pattern(_)
                | TypeKind::Alias(_)
                | TypeKind::Union(_)),
                b,
            ) => {
                let message = format!("`{}`: {} → {}", n.name, kind_name(a), kind_name(b));
                out.push(Change::new(self.kind_rule(side, &o.name, &n.name), side, message).at(place));
            }
        }
    }

    fn fields(&self, name: &str, old: &Struct, new: &Struct, side: Side, place: &Place, out: &mut Vec<Change>) {
        let mut pairs: Vec<(&Field, &Field)> = Vec::new();
        let mut left: Vec<&Field> = Vec::new();
        for o in &old.fields {
            match new.fields.iter().find(|n| n.wire == o.wire) {
                Some(n) => pairs.push((o, n)),
                None => left.push(o),
            }
        }
        let mut right: Vec<&Field> =
            new.fields.iter().filter(|n| !old.fields.iter().any(|o| o.wire == n.wire)).collect();
        let renamed = unique_pairs(&left, &right, |o, n| {
            o.required == n.required
                && o.nullable == n.nullable
                && same_ty(&o.ty, &n.ty, &self.types)
                && similar_names(&o.wire, &n.wire)
        });
        for &(l, r) in &renamed {
            let (o, n) = (left[l], right[r]);
            let rule = match side {
                Side::Response if o.optional => "optional-property-renamed",
                _ => "property-renamed",
            };
            let message = format!("`{name}.{}` renamed to `{}` (field `{}` → `{}`)", o.wire, n.wire, o.name, n.name);
            out.push(Change::new(rule, side, message).at(&place.property(&n.wire, &n.pointer)));
            pairs.push((o, n));
        }
        drop_pairs(&mut left, &mut right, &renamed);
        for o in left {
            let rule = match side {
                Side::Response if o.optional => "optional-property-removed",
                _ => "property-removed",
            };
            let message = format!("`{name}.{}` removed", o.wire);
            out.push(Change::new(rule, side, message).at(&place.property(&o.wire, &o.pointer).in_old()));
        }
        for n in right {
            // `new` takes the fields that are not `Option`; the old crate omits the others from requests.
            let rule = match (side, n.required, n.optional) {
                (_, true, false) => "property-added-required",
                (Side::Request, true, true) => "property-added-required-nullable",
                (Side::Request | Side::Response | Side::Error | Side::Operation | Side::Schema | Side::Client, ..) => {
                    "property-added"
                }
            };
            let message = format!("`{name}.{}` added, {}", n.wire, presence(n));
            out.push(Change::new(rule, side, message).at(&place.property(&n.wire, &n.pointer)));
        }
        for (o, n) in pairs {
            let at = place.property(&n.wire, &n.pointer);
            let what = format!("`{name}.{}`", n.wire);
            if let Some(rule) = presence_rule(side, o, n) {
                let message = format!("{what}: {} → {}", presence(o), presence(n));
                out.push(Change::new(rule, side, message).at(&at));
            }
            self.compare_value(side, &what, &Value::of_field(o), &Value::of_field(n), &at, out);
        }
        // The values of the other properties, kept in a map (`additionalProperties`).
        if let (Some(o), Some(n)) = (&old.additional, &new.additional) {
            let what = format!("`{name}` other properties");
            self.compare_value(side, &what, &Value::of_type(&o.value), &Value::of_type(&n.value), place, out);
        }
    }
}

/// The rule for a change of `required` or `nullable`, judged by what it does to the Rust type (`T` or
/// `Option<T>`) and to what the old crate sends or accepts.
fn presence_rule(side: Side, o: &Field, n: &Field) -> Option<&'static str> {
    if (o.required, o.nullable) == (n.required, n.nullable) {
        return None;
    }
    let became_required = !o.required && n.required;
    let rule = match side {
        // The old crate leaves `None` out of requests: a property that must now be sent breaks.
        Side::Request if became_required && o.optional != n.optional => "property-now-required",
        Side::Request if became_required => "property-now-required-nullable",
        _ if o.optional == n.optional => "property-presence-changed",
        _ if n.optional && o.required && !n.required => "property-now-optional",
        _ if n.optional => "property-now-nullable",
        Side::Request => "property-now-non-nullable",
        _ if became_required => "property-now-required",
        _ => "property-now-non-nullable",
    };
    Some(rule)
}

fn presence(f: &Field) -> String {
    let required = if f.required { "required" } else { "optional" };
    let nullable = if f.nullable { ", nullable" } else { "" };
    let ty = if f.optional { "`Option<T>`" } else { "`T`" };
    format!("{required}{nullable} ({ty})")
}

/// Values added and removed; `defs` are the old and the new type, whose pointers the changes point at.
fn enum_values(
    (old_def, new_def): (&TypeDef, &TypeDef),
    old: &StringEnum,
    new: &StringEnum,
    side: Side,
    place: &Place,
    out: &mut Vec<Change>,
) {
    for (i, v) in new.variants.iter().enumerate() {
        if !old.variants.iter().any(|o| o.wire == v.wire) {
            let message = format!("`{}` value `{}` added (variant `{}`)", new_def.name, v.wire, v.name);
            let at = place.pointer(pointer(&pointer(&new_def.pointer, "enum"), &i.to_string()));
            out.push(Change::new("enum-value-added", side, message).at(&at));
        }
    }
    for (i, v) in old.variants.iter().enumerate() {
        if !new.variants.iter().any(|n| n.wire == v.wire) {
            let message = format!("`{}` value `{}` removed (variant `{}`)", new_def.name, v.wire, v.name);
            let at = place.pointer(pointer(&pointer(&old_def.pointer, "enum"), &i.to_string())).in_old();
            out.push(Change::new("enum-value-removed", side, message).at(&at));
        }
    }
}

fn pattern(name: &str, old: &PatternType, new: &PatternType, side: Side, place: &Place, out: &mut Vec<Change>) {
    let relation = pattern_relation(old, new);
    if relation == Relation::Same {
        return;
    }
    let lengths = |p: &PatternType| match (p.min_length, p.max_length) {
        (Some(a), Some(b)) if a == b => format!("{a} characters"),
        (a, b) => format!(
            "{}..{} characters",
            a.map_or(String::new(), |a| a.to_string()),
            b.map_or(String::new(), |b| b.to_string())
        ),
    };
    let mut message = format!("`{name}`: pattern `{}` → `{}`", old.pattern, new.pattern);
    if (old.min_length, old.max_length) != (new.min_length, new.max_length) {
        message.push_str(&format!(", {} → {}", lengths(old), lengths(new)));
    }
    let at = place.pointer(pointer(place.pointer.as_deref().unwrap_or_default(), "pattern"));
    out.push(Change::new(pattern_rule(relation), side, message).at(&at));
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Pattern(_) => "pattern newtype",
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Alias(_) => "alias",
        TypeKind::Union(_) => "union",
    }
}
