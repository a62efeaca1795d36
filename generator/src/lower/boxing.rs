//! Which values are held through a `Box`: a struct field that would make its type infinitely large (the
//! struct reaches itself through its plain fields), and a union variant much larger than its siblings (a Rust
//! enum is as large as its largest variant, so one large member would make every value of the union large).

use super::named;
use crate::ir::*;
use std::collections::BTreeMap;

/// Boxes a struct field whose type contains, directly or through other structs' plain fields, the struct itself.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let direct = |def: &TypeDef| -> Vec<String> {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter(|f| !f.boxed).filter_map(|f| named(&f.ty)).collect(),
            TypeKind::Alias(ty) => named(ty).into_iter().collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
            TypeKind::Pattern(_) | TypeKind::Enum(_) => Vec::new(),
        }
    };
    for t in 0..types.len() {
        let field_count = match &types[t].kind {
            TypeKind::Struct(s) => s.fields.len(),
            _ => continue,
        };
        for f in 0..field_count {
            let TypeKind::Struct(s) = &types[t].kind else { unreachable!() };
            let Some(start) = named(&s.fields[f].ty) else { continue };
            let mut seen = std::collections::BTreeSet::new();
            let mut stack = vec![start];
            let mut cyclic = false;
            while let Some(name) = stack.pop() {
                if name == types[t].name {
                    cyclic = true;
                    break;
                }
                if let Some(&i) = index.get(&name) {
                    if seen.insert(name) {
                        stack.extend(direct(&types[i]));
                    }
                }
            }
            if cyclic {
                if let TypeKind::Struct(s) = &mut types[t].kind {
                    s.fields[f].boxed = true;
                }
            }
        }
    }
}

/// A variant this many bytes larger than the next largest is boxed (by the estimate of [`Sizes`], which rounds
/// up; clippy's `large_enum_variant` fires at 200 bytes of the real layout).
const LARGE_VARIANT: usize = 96;

/// Boxes the largest variant of each union while it is [`LARGE_VARIANT`] bytes larger than the next largest.
pub(super) fn box_large_variants(types: &mut [TypeDef]) {
    let mut sizes =
        Sizes { types: types.iter().map(|t| (t.name.clone(), t.clone())).collect(), known: BTreeMap::new() };
    for def in types.iter_mut() {
        let TypeKind::Union(union) = &mut def.kind else { continue };
        let mut estimates: Vec<usize> = union.variants.iter().map(|v| sizes.of_variant(v)).collect();
        if let Tagging::Internal { .. } = union.tagging {
            // The fallback variant holds a JSON value.
            estimates.push(JSON);
        }
        loop {
            let mut order: Vec<usize> = (0..estimates.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(estimates[i]));
            let (Some(&largest), Some(&second)) = (order.first(), order.get(1)) else { break };
            if largest >= union.variants.len() || estimates[largest] < estimates[second] + LARGE_VARIANT {
                break;
            }
            union.variants[largest].boxed = true;
            estimates[largest] = POINTER;
        }
    }
}

const POINTER: usize = 8;
/// `serde_json::Value`.
const JSON: usize = 32;

/// Estimated sizes of types, in bytes, rounded up to whole words.
struct Sizes {
    types: BTreeMap<String, TypeDef>,
    known: BTreeMap<String, usize>,
}

impl Sizes {
    fn of_variant(&mut self, variant: &UnionVariant) -> usize {
        if variant.boxed {
            POINTER
        } else {
            self.of(&variant.ty)
        }
    }

    fn of(&mut self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::String | TypeRef::Bytes | TypeRef::Array(_) | TypeRef::Map(_) => 24,
            TypeRef::Upload => 72,
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Date => 8,
            TypeRef::DateTime => 16,
            TypeRef::Json => JSON,
            TypeRef::Named(name) => self.of_named(name),
        }
    }

    fn of_named(&mut self, name: &str) -> usize {
        if let Some(&size) = self.known.get(name) {
            return size;
        }
        // Reached again while being measured: a recursive type, boxed somewhere on the way.
        self.known.insert(name.to_owned(), POINTER);
        let size = match self.types.get(name).map(|t| t.kind.clone()) {
            Some(TypeKind::Struct(s)) => {
                let fields: usize = s
                    .fields
                    .iter()
                    .map(|f| match (f.boxed, &f.ty) {
                        (true, _) => POINTER,
                        // An `Option` of a number needs a word for its tag; strings, lists and structs have room.
                        (false, TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::DateTime) if f.optional => {
                            self.of(&f.ty) + 8
                        }
                        (false, ty) => self.of(ty),
                    })
                    .sum();
                fields + if s.additional.is_some() { 24 } else { 0 }
            }
            Some(TypeKind::Union(u)) => {
                let largest = u.variants.iter().map(|v| self.of_variant(v)).max().unwrap_or(0);
                largest.max(JSON) + 8
            }
            Some(TypeKind::Alias(target)) => self.of(&target),
            Some(TypeKind::Pattern(_) | TypeKind::Enum(_)) => 24,
            None => POINTER,
        };
        self.known.insert(name.to_owned(), size);
        size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef { name: name.into(), module: "models", doc: None, pointer: String::new(), kind }
    }

    fn strings(n: usize) -> TypeKind {
        let fields = (0..n)
            .map(|i| Field {
                name: format!("f{i}"),
                wire: format!("f{i}"),
                ty: TypeRef::String,
                optional: false,
                doc: None,
                secret: false,
                boxed: false,
                aliases: Vec::new(),
                required: true,
                nullable: false,
                format: None,
                pattern: None,
                constraints: Constraints::default(),
                pointer: String::new(),
            })
            .collect();
        TypeKind::Struct(Struct { fields, additional: None })
    }

    fn variant(name: &str) -> UnionVariant {
        UnionVariant {
            name: name.into(),
            ty: TypeRef::Named(name.into()),
            tags: Vec::new(),
            keys: None,
            doc: None,
            boxed: false,
        }
    }

    #[test]
    fn only_a_variant_much_larger_than_the_others_is_boxed() {
        let union = |members: &[&str]| {
            TypeKind::Union(Union {
                tagging: Tagging::Untagged,
                variants: members.iter().map(|m| variant(m)).collect(),
                display: false,
            })
        };
        let mut types = vec![
            def("Small", strings(1)),
            def("Medium", strings(3)),
            def("Large", strings(20)),
            def("Mixed", union(&["Small", "Large"])),
            def("Even", union(&["Small", "Medium"])),
        ];
        box_large_variants(&mut types);
        let boxed = |t: &TypeDef| match &t.kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| v.boxed).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        assert_eq!(boxed(&types[3]), [false, true]);
        assert_eq!(boxed(&types[4]), [false, false]);
    }
}
