//! Values: comparing what one parameter, property, body or alias holds — its type, format, pattern, lengths
//! and ranges — and judging the difference on the side it travels.

use super::change::{Change, Document, Place};
use super::cx::{show_opt, Cx};
use super::rules::Side;
use crate::ir::{Constraints, Field, Matcher, Param, PatternPiece, PatternType, StringEnum, Struct, TypeKind, TypeRef};
use std::collections::BTreeSet;

/// What a parameter, property or body holds, as far as comparing goes.
pub struct Value<'a> {
    pub ty: &'a TypeRef,
    pub format: Option<&'a str>,
    /// The pattern of a plain string.
    pub pattern: Option<&'a str>,
    pub constraints: Option<&'a Constraints>,
    pub secret: bool,
}

impl<'a> Value<'a> {
    pub fn of_param(p: &'a Param) -> Self {
        Value {
            ty: &p.ty,
            format: p.format.as_deref(),
            pattern: p.pattern.as_deref(),
            constraints: Some(&p.constraints),
            secret: p.secret,
        }
    }

    pub fn of_field(f: &'a Field) -> Self {
        Value {
            ty: &f.ty,
            format: f.format.as_deref(),
            pattern: f.pattern.as_deref(),
            constraints: Some(&f.constraints),
            secret: f.secret,
        }
    }

    pub fn of_type(ty: &'a TypeRef) -> Self {
        Value { ty, format: None, pattern: None, constraints: None, secret: false }
    }
}

/// The format as far as it narrows what is valid beyond the type: `int64` on an `i64`, `double` on an `f64`,
/// `date-time` on a timestamp say nothing more, so adding or removing them changes nothing on the wire.
fn wire_format<'v>(value: &Value<'v>) -> Option<&'v str> {
    let implied = match value.ty {
        TypeRef::I32 => "int32",
        TypeRef::I64 => "int64",
        TypeRef::F64 => "double",
        TypeRef::DateTime => "date-time",
        TypeRef::Date => "date",
        TypeRef::Bytes | TypeRef::Upload => "binary",
        TypeRef::String | TypeRef::Bool | TypeRef::Json | TypeRef::Named(_) | TypeRef::Array(_) | TypeRef::Map(_) => "",
    };
    value.format.filter(|f| *f != implied)
}

/// How the set of values a new schema allows compares with the old one's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Same,
    /// The new schema allows every old value, and more.
    Wider,
    /// Every value the new schema allows, the old one allowed.
    Narrower,
    Different,
}

impl Relation {
    fn and(self, other: Relation) -> Relation {
        use Relation::*;
        match (self, other) {
            (Same, r) | (r, Same) => r,
            (a, b) if a == b => a,
            _ => Different,
        }
    }
}

/// A type with names resolved, comparable across the two specs.
#[derive(Clone, Debug)]
enum Val<'a> {
    Str,
    DateTime,
    Date,
    Bool,
    I32,
    I64,
    F64,
    Json,
    Bytes,
    Enum(&'a StringEnum),
    Pattern(&'a PatternType),
    /// A struct, union or unresolved name: by its name in the new spec (old names translated; unmatched ones kept
    /// apart), and its name in its own document.
    Struct {
        name: String,
        own: String,
        document: Document,
    },
    Array(Box<Val<'a>>),
    Map(Box<Val<'a>>),
}

impl<'a> Cx<'a> {
    /// Compares one value and reports on `side`; `what` names it in messages.
    pub fn compare_value(
        &self,
        side: Side,
        what: &str,
        old: &Value,
        new: &Value,
        place: &Place,
        out: &mut Vec<Change>,
    ) {
        if !self.same_rust_type(old.ty, new.ty) {
            let (o, n) = (self.val(old.ty, Document::Old), self.val(new.ty, Document::New));
            let rule = self.type_rule(side, &o, &n);
            let message = format!("{what}: type `{}` → `{}`", self.show_old(old.ty), self.show(new.ty));
            out.push(Change::new(rule, side, message).at(place));
        } else {
            if wire_format(old) != wire_format(new) {
                let message = format!("{what}: format {} → {}", show_opt(&old.format), show_opt(&new.format));
                out.push(Change::new("format-changed", side, message).at(place));
            }
            self.checks(side, what, old, new, place, out);
        }
        if old.secret != new.secret {
            let message =
                format!("{what}: {}", if new.secret { "now `x-secret` (`Secret<T>`)" } else { "no longer `x-secret`" });
            out.push(Change::new("secret-changed", side, message).at(place));
        }
    }

    /// Lengths, ranges and the pattern of a plain string.
    fn checks(&self, side: Side, what: &str, old: &Value, new: &Value, place: &Place, out: &mut Vec<Change>) {
        let none = Constraints::default();
        let (oc, nc) = (old.constraints.unwrap_or(&none), new.constraints.unwrap_or(&none));
        let mut parts = Vec::new();
        let mut relation = Relation::Same;
        let mut bound = |name: &str, o: Option<f64>, n: Option<f64>, lower: bool| {
            if o == n {
                return;
            }
            parts.push(format!("{name} {} → {}", show_num(o), show_num(n)));
            let wider = match (o, n) {
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(o), Some(n)) => (n < o) == lower,
                (None, None) => unreachable!(),
            };
            relation = relation.and(if wider { Relation::Wider } else { Relation::Narrower });
        };
        let len = |n: Option<u64>| n.map(|n| n as f64);
        bound("minLength", len(oc.min_length), len(nc.min_length), true);
        bound("maxLength", len(oc.max_length), len(nc.max_length), false);
        bound("minimum", oc.minimum, nc.minimum, true);
        bound("maximum", oc.maximum, nc.maximum, false);
        let pattern_changed = old.pattern != new.pattern;
        if side == Side::Request {
            if !parts.is_empty() {
                // Bounds moving both ways narrow the accepted values somewhere.
                let rule = if relation == Relation::Wider { "constraint-widened" } else { "constraint-narrowed" };
                out.push(Change::new(rule, side, format!("{what}: {}", parts.join(", "))).at(place));
            }
            if pattern_changed {
                let relation = match (old.pattern, new.pattern) {
                    (None, Some(_)) => Relation::Narrower,
                    (Some(_), None) => Relation::Wider,
                    (Some(o), Some(n)) => match (compile(o), compile(n)) {
                        (Some(o), Some(n)) => matcher_relation(&o, &n),
                        _ => Relation::Different,
                    },
                    (None, None) => Relation::Same,
                };
                let message = format!("{what}: pattern {} → {}", show_opt(&old.pattern), show_opt(&new.pattern));
                out.push(Change::new(pattern_rule(relation), side, message).at(place));
            }
        } else {
            if pattern_changed {
                parts.push(format!("pattern {} → {}", show_opt(&old.pattern), show_opt(&new.pattern)));
            }
            if !parts.is_empty() {
                out.push(Change::new("constraint-changed", side, format!("{what}: {}", parts.join(", "))).at(place));
            }
        }
    }

    /// The rule for a type change on `side`, from how the values of the two types relate.
    fn type_rule(&self, side: Side, old: &Val, new: &Val) -> &'static str {
        match side {
            // Every value the old crate sends must be accepted.
            Side::Request if self.contains(new, old, false) => "type-widened",
            // Every value the server sends must decode as the old type; open enums decode any string.
            Side::Response | Side::Error if self.contains(old, new, true) => "type-narrowed",
            Side::Request | Side::Response | Side::Error | Side::Operation | Side::Schema | Side::Client => {
                "type-changed"
            }
        }
    }

    /// The rule for a named type whose kind changed (struct, enum, pattern newtype, alias).
    pub fn kind_rule(&self, side: Side, old: &str, new: &str) -> &'static str {
        let (o, n) = (
            self.val(&TypeRef::Named(old.into()), Document::Old),
            self.val(&TypeRef::Named(new.into()), Document::New),
        );
        self.type_rule(side, &o, &n)
    }

    fn val(&self, ty: &TypeRef, document: Document) -> Val<'a> {
        match self.resolve(ty, document, 0) {
            TypeRef::String => Val::Str,
            TypeRef::DateTime => Val::DateTime,
            TypeRef::Date => Val::Date,
            TypeRef::Bool => Val::Bool,
            TypeRef::I32 => Val::I32,
            TypeRef::I64 => Val::I64,
            TypeRef::F64 => Val::F64,
            TypeRef::Json => Val::Json,
            TypeRef::Bytes | TypeRef::Upload => Val::Bytes,
            TypeRef::Array(item) => Val::Array(Box::new(self.val(&item, document))),
            TypeRef::Map(value) => Val::Map(Box::new(self.val(&value, document))),
            TypeRef::Named(name) => match self.kind(&name, document) {
                Some(TypeKind::Enum(e)) => Val::Enum(e),
                Some(TypeKind::Pattern(p)) => Val::Pattern(p),
                // Structs, unions and unresolved names compare by name, old ones translated to the new spec's.
                Some(TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Alias(_)) | None => Val::Struct {
                    name: match document {
                        Document::New => name.clone(),
                        Document::Old => {
                            self.types.old_to_new.get(&name).cloned().unwrap_or_else(|| format!("old {name}"))
                        }
                    },
                    own: name,
                    document,
                },
            },
        }
    }
}

impl Cx<'_> {
    /// Whether every value of `inner` is a value of `outer`; with `open_enums`, an enum takes any string (as the
    /// generated enums do when decoding, through their fallback variant).
    fn contains(&self, outer: &Val, inner: &Val, open_enums: bool) -> bool {
        Containment { cx: self, open_enums, assumed: BTreeSet::new() }.holds(outer, inner)
    }
}

/// Containment of values, structs compared by their properties whatever their names: a struct decodes a value of
/// another when every property it requires is always there with values it takes. Pairs being compared are
/// assumed to hold, so recursive types end.
struct Containment<'c, 'a> {
    cx: &'c Cx<'a>,
    open_enums: bool,
    assumed: BTreeSet<(String, String)>,
}

impl Containment<'_, '_> {
    fn holds(&mut self, outer: &Val, inner: &Val) -> bool {
        use Val::*;
        let open_enums = self.open_enums;
        match (outer, inner) {
            (Json, _) => true,
            (Str, Str | DateTime | Date | Enum(_) | Pattern(_)) => true,
            (Enum(_), Str | DateTime | Date | Pattern(_)) => open_enums,
            (Enum(e), Enum(f)) => open_enums || f.variants.iter().all(|v| e.variants.iter().any(|w| w.wire == v.wire)),
            (Pattern(p), Pattern(q)) => matches!(pattern_relation(p, q), Relation::Same | Relation::Narrower),
            (Bytes, Bytes)
            | (DateTime, DateTime)
            | (Date, Date)
            | (Bool, Bool)
            | (I32, I32)
            | (I64, I32 | I64)
            | (F64, I32 | I64 | F64) => true,
            (Struct { name: a, .. }, Struct { name: b, .. }) if a == b => true,
            (Struct { own: a, document: da, .. }, Struct { own: b, document: db, .. }) => {
                match (self.cx.kind(a, *da), self.cx.kind(b, *db)) {
                    (Some(TypeKind::Struct(o)), Some(TypeKind::Struct(i))) => {
                        if !self.assumed.insert((format!("{da:?} {a}"), format!("{db:?} {b}"))) {
                            return true;
                        }
                        self.fields(o, *da, i, *db)
                    }
                    (Some(_) | None, _) => false,
                }
            }
            (Array(a), Array(b)) | (Map(a), Map(b)) => self.holds(a, b),
            (Str | Enum(_) | Pattern(_) | Bytes | DateTime | Date | Bool | I32 | I64 | F64 | Struct { .. }, _)
            | (Array(_) | Map(_), _) => false,
        }
    }

    /// Every property `outer` needs is always in `inner`, and every property both have holds `inner`'s values.
    /// Decoding, `outer` needs what it holds as `T` (present, not null); sending, the server needs what it
    /// requires, and the old crate leaves out every `Option` that is `None`. Keys `outer` keeps in its map of other
    /// properties must hold there too.
    fn fields(&mut self, outer: &Struct, od: Document, inner: &Struct, id: Document) -> bool {
        let decoding = self.open_enums;
        let named = outer.fields.iter().all(|f| {
            let needed = if decoding { !f.optional } else { f.required };
            match inner.fields.iter().find(|g| g.wire == f.wire) {
                Some(g) => {
                    (!needed || !g.optional) && {
                        let (a, b) = (self.cx.val(&f.ty, od), self.cx.val(&g.ty, id));
                        self.holds(&a, &b)
                    }
                }
                None => !needed,
            }
        });
        let Some(kept) = &outer.additional else { return named };
        let kept = self.cx.val(&kept.value, od);
        let others = inner.fields.iter().filter(|g| !outer.fields.iter().any(|f| f.wire == g.wire));
        let others: Vec<_> = others.map(|g| self.cx.val(&g.ty, id)).collect();
        let extra = inner.additional.as_ref().map(|a| self.cx.val(&a.value, id));
        named && others.iter().chain(&extra).all(|v| self.holds(&kept, v))
    }
}

/// The rule for a changed pattern, from how the values it allows changed.
pub fn pattern_rule(relation: Relation) -> &'static str {
    match relation {
        Relation::Wider => "pattern-widened",
        Relation::Narrower => "pattern-narrowed",
        _ => "pattern-changed",
    }
}

/// How a pattern newtype's values changed: its pattern and its lengths together.
pub fn pattern_relation(old: &PatternType, new: &PatternType) -> Relation {
    let min = |o: Option<u64>, n: Option<u64>| bound_relation(o.unwrap_or(0) as f64, n.unwrap_or(0) as f64, true);
    let max = |o: Option<u64>, n: Option<u64>| {
        bound_relation(o.map_or(f64::INFINITY, |v| v as f64), n.map_or(f64::INFINITY, |v| v as f64), false)
    };
    matcher_relation(&old.matcher, &new.matcher)
        .and(min(old.min_length, new.min_length))
        .and(max(old.max_length, new.max_length))
}

fn bound_relation(old: f64, new: f64, lower: bool) -> Relation {
    if old == new {
        Relation::Same
    } else if (new < old) == lower {
        Relation::Wider
    } else {
        Relation::Narrower
    }
}

/// Pieces against pieces; regular expressions are the same when written the same, and different otherwise.
fn matcher_relation(old: &Matcher, new: &Matcher) -> Relation {
    match (old, new) {
        (Matcher::Pieces(old), Matcher::Pieces(new)) => pieces_relation(old, new),
        (Matcher::Regex(a), Matcher::Regex(b)) if a == b => Relation::Same,
        (Matcher::Pieces(_) | Matcher::Regex(_), _) => Relation::Different,
    }
}

/// Piece by piece: the same literals, literal alternatives and classes whose values grow or shrink together, the
/// same sequences of alternatives.
fn pieces_relation(old: &[PatternPiece], new: &[PatternPiece]) -> Relation {
    if old.len() != new.len() {
        return Relation::Different;
    }
    old.iter().zip(new).fold(Relation::Same, |relation, pair| {
        let step = match pair {
            (PatternPiece::Literal(a), PatternPiece::Literal(b)) if a == b => Relation::Same,
            (PatternPiece::Literals(old), PatternPiece::Literals(new)) => {
                let (grown, shrunk) = (old.iter().all(|l| new.contains(l)), new.iter().all(|l| old.contains(l)));
                match (grown, shrunk) {
                    (true, true) => Relation::Same,
                    (true, false) => Relation::Wider,
                    (false, true) => Relation::Narrower,
                    (false, false) => Relation::Different,
                }
            }
            (PatternPiece::Either(a), PatternPiece::Either(b)) if a == b => Relation::Same,
            (
                PatternPiece::Class { ranges: ro, min: mo, max: xo },
                PatternPiece::Class { ranges: rn, min: mn, max: xn },
            ) => {
                let chars = if ro == rn {
                    Relation::Same
                } else if covers(rn, ro) {
                    Relation::Wider
                } else if covers(ro, rn) {
                    Relation::Narrower
                } else {
                    Relation::Different
                };
                let max = |x: &Option<u32>| x.map_or(f64::INFINITY, f64::from);
                chars.and(bound_relation(f64::from(*mo), f64::from(*mn), true)).and(bound_relation(
                    max(xo),
                    max(xn),
                    false,
                ))
            }
            (
                PatternPiece::Literal(_)
                | PatternPiece::Literals(_)
                | PatternPiece::Either(_)
                | PatternPiece::Class { .. },
                _,
            ) => Relation::Different,
        };
        relation.and(step)
    })
}

/// Whether every character of `inner` is in `outer` (ranges as regex-syntax gives them: sorted, merged).
fn covers(outer: &[(char, char)], inner: &[(char, char)]) -> bool {
    inner.iter().all(|(a, b)| outer.iter().any(|(c, d)| c <= a && b <= d))
}

fn compile(pattern: &str) -> Option<Matcher> {
    crate::lower::pattern::compile(pattern, "").ok()
}

fn show_num(n: Option<f64>) -> String {
    n.map_or("none".to_owned(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(p: &str, min: Option<u64>, max: Option<u64>) -> PatternType {
        PatternType { pattern: p.into(), matcher: compile(p).unwrap(), min_length: min, max_length: max, example: None }
    }

    #[test]
    fn pattern_relations_follow_classes_counts_and_lengths() {
        let sid = pattern("^AC[0-9a-f]{32}$", Some(34), Some(34));
        assert_eq!(pattern_relation(&sid, &sid), Relation::Same);
        assert_eq!(pattern_relation(&sid, &pattern("^AC[0-9a-fA-F]{32}$", Some(34), Some(34))), Relation::Wider);
        assert_eq!(pattern_relation(&sid, &pattern("^AC[0-9]{32}$", Some(34), Some(34))), Relation::Narrower);
        assert_eq!(pattern_relation(&sid, &pattern("^AD[0-9a-f]{32}$", Some(34), Some(34))), Relation::Different);
        assert_eq!(pattern_relation(&sid, &pattern("^AC[0-9a-f]{32,34}$", Some(34), Some(36))), Relation::Wider);
        assert_eq!(pattern_relation(&sid, &pattern("^AC[0-9a-fA-F]{32}$", Some(34), Some(33))), Relation::Different);
        let sms = pattern("^(SM|MM)[0-9a-f]{32}$", Some(34), Some(34));
        assert_eq!(pattern_relation(&sms, &sms), Relation::Same);
        assert_eq!(pattern_relation(&sms, &pattern("^(SM|MM|MG)[0-9a-f]{32}$", Some(34), Some(34))), Relation::Wider);
        assert_eq!(pattern_relation(&sms, &pattern("^(MM|SM)[0-9]{32}$", Some(34), Some(34))), Relation::Narrower);
        let group = pattern("^([a-z]{2}-)+$", None, None);
        assert_eq!(pattern_relation(&group, &group), Relation::Same);
        assert_eq!(pattern_relation(&group, &pattern("^([a-z]{3}-)+$", None, None)), Relation::Different);
    }

    #[test]
    fn containment_treats_enums_as_open_when_decoding() {
        let api = crate::ir_of("openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\n", "t.yaml").unwrap();
        let cx = Cx::new(&api, &api);
        let e = StringEnum { variants: vec![], fallback: "Unknown".into() };
        assert!(cx.contains(&Val::Enum(&e), &Val::Str, true));
        assert!(!cx.contains(&Val::Enum(&e), &Val::Str, false));
        assert!(cx.contains(&Val::F64, &Val::I32, false));
        assert!(!cx.contains(&Val::I32, &Val::I64, true));
    }
}
