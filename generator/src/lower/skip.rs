//! Leaving out what cannot be generated: a type that names a type which was left out goes too, and so does an
//! operation that uses one. Each is recorded with the name it missed, so the warning says why.

use crate::ir::*;
use std::collections::BTreeSet;

/// Removes types and operations that name a type that does not exist (because it was skipped), until none does.
pub fn dangling(types: &mut Vec<TypeDef>, modules: &mut Vec<Module>, skipped: &mut Vec<Skipped>) {
    loop {
        let defined: BTreeSet<String> = types.iter().map(|t| t.name.clone()).collect();
        let before = types.len();
        types.retain(|t| match missing(&type_refs(t), &defined) {
            None => true,
            Some(name) => {
                skipped.push(left_out(Part::Type(t.name.clone()), &t.pointer, &name));
                false
            }
        });
        if types.len() == before {
            break;
        }
    }
    let defined: BTreeSet<String> = types.iter().map(|t| t.name.clone()).collect();
    for module in modules.iter_mut() {
        module.operations.retain(|op| match missing(&operation_refs(op), &defined) {
            None => true,
            Some(name) => {
                skipped.push(left_out(Part::Operation(op.id.clone()), &op.pointer, &name));
                false
            }
        });
    }
    modules.retain(|m| !m.operations.is_empty());
}

fn left_out(what: Part, pointer: &str, name: &str) -> Skipped {
    Skipped {
        what,
        file: None,
        location: pointer.to_owned(),
        message: format!("it uses the type `{name}`, which is not generated"),
        help: Some(format!("see the warning for `{name}` (or the schema it comes from)")),
    }
}

fn missing(refs: &[&TypeRef], defined: &BTreeSet<String>) -> Option<String> {
    refs.iter().find_map(|ty| named_in(ty).into_iter().find(|name| !defined.contains(*name)).map(str::to_owned))
}

/// Every named type a type refers to, through arrays and maps.
fn named_in(ty: &TypeRef) -> Vec<&str> {
    match ty.shape() {
        Shape::Named(name) => vec![name],
        Shape::Array(inner) | Shape::Map(inner) => named_in(inner),
        Shape::Scalar => Vec::new(),
    }
}

fn type_refs(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter().map(|a| &a.value)).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Pattern(_) | TypeKind::Enum(_) => Vec::new(),
    }
}

fn operation_refs(op: &Operation) -> Vec<&TypeRef> {
    let mut refs: Vec<&TypeRef> = op.path_params.iter().map(|p| &p.ty).collect();
    refs.extend(op.params.fields.iter().map(|p| &p.ty));
    match &op.response.body {
        ResponseBody::Json(ty) => refs.push(ty),
        ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes | ResponseBody::Redirect => {}
    }
    refs.extend(op.error_type.iter());
    refs
}

#[cfg(test)]
mod tests {
    use crate::ir::Part;
    use crate::lower::lower;

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: v}\nservers: [{url: 'https://api.example.com'}]\n";

    #[test]
    fn a_failing_schema_takes_the_types_and_operations_that_use_it_and_nothing_else() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: A\n      responses: {{'200': {{description: OK, \
             content: {{application/json: {{schema: {{$ref: '#/components/schemas/Outer'}}}}}}}}}}\n  /b:\n    get:\n      \
             operationId: B\n      responses: {{'204': {{description: OK}}}}\ncomponents:\n  schemas:\n    Bad: {{not: \
             {{type: string}}}}\n    Outer: {{type: object, properties: {{bad: {{$ref: '#/components/schemas/Bad'}}}}}}\n"
        );
        let api = lower(&crate::load::load(&text).unwrap(), &crate::lower::Source::default()).unwrap();
        let what: Vec<&Part> = api.skipped.iter().map(|s| &s.what).collect();
        assert_eq!(what, [&Part::Schema("Bad".into()), &Part::Type("Outer".into()), &Part::Operation("A".into())]);
        assert_eq!(api.skipped[0].location, "/components/schemas/Bad");
        assert!(api.skipped[2].message.contains("`Outer`"), "{:?}", api.skipped[2]);
        let ops: Vec<&str> = api.modules.iter().flat_map(|m| &m.operations).map(|o| o.id.as_str()).collect();
        assert_eq!(ops, ["B"]);
        assert!(api.types.is_empty(), "{:?}", api.types);
    }

    #[test]
    fn a_failing_operation_takes_back_the_inline_types_it_made() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: A\n      x-pagination: next-url\n      responses: \
             {{'200': {{description: OK, content: {{application/json: {{schema: {{type: object, properties: {{x: \
             {{type: string}}}}}}}}}}}}}}\n"
        );
        let api = lower(&crate::load::load(&text).unwrap(), &crate::lower::Source::default()).unwrap();
        assert_eq!(api.skipped.len(), 1);
        assert_eq!(api.skipped[0].location, "/paths/~1a/get/x-pagination");
        assert!(api.types.is_empty() && api.modules.is_empty(), "{api:?}");
    }
}
