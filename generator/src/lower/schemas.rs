//! Schemas into types: named component schemas first, then every inline schema an operation or a property uses.

use super::names::{camel, snake, Scope};
use super::{pattern, Lowerer};
use crate::error::{pointer, Error};
use crate::ir::*;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 32;

/// A schema seen from where it is used.
pub struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub doc: Option<String>,
    pub constraints: Constraints,
    pub default: Option<String>,
    pub secret: bool,
    /// `format` as written, and the `pattern` of a plain string (not a named pattern type).
    pub format: Option<String>,
    pub pattern: Option<String>,
}

const SCHEMAS: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    /// Names every component schema, then lowers each into a named type.
    /// Reserves the names of the component schemas, and the patterns of the named pattern schemas, before any
    /// schema is lowered (inline types and inferred ID types take other names and patterns).
    pub(super) fn reserve_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (key, schema) in &components.schemas {
            let given = rust_name(schema);
            let name = self.type_names.unique(camel(given.clone().ok().flatten().unwrap_or(key)));
            // A schema that will be refused lends its pattern to no one.
            let valid = given.is_ok();
            if let (ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::String(s)), .. }), true) =
                (schema, valid)
            {
                if let (Some(pattern), true) = (&s.pattern, s.enumeration.is_empty()) {
                    self.patterns.insert((pattern.clone(), s.min_length, s.max_length), name.clone());
                }
            }
            self.component_names.insert(key.clone(), name);
        }
    }

    pub(super) fn lower_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (key, schema) in &components.schemas {
            let at = pointer("/components/schemas", key);
            let name = self.component_names[key].clone();
            self.attempt(Part::Schema(key.clone()), |this| {
                rust_name(schema).map_err(|problem| Error::at(pointer(&at, "x-rust-name"), problem))?;
                let (doc, kind) = match schema {
                    ReferenceOr::Reference { reference } => (None, TypeKind::Alias(this.schema_ref(reference, &at)?)),
                    ReferenceOr::Item(schema) => (docs(&schema.schema_data), this.named_kind(schema, &at, &name, 0)?),
                };
                this.add_type(name, doc, at.clone(), kind);
                Ok(())
            });
        }
    }

    /// The kind of a schema that gets a name of its own.
    fn named_kind(&mut self, schema: &Schema, at: &str, name: &str, depth: usize) -> Result<TypeKind, Error> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.pattern.is_some() && s.enumeration.is_empty() => {
                let pattern = s.pattern.clone().unwrap_or_default();
                let matcher = self.pattern(&pattern, &pointer(at, "pattern"))?;
                let example = schema.schema_data.example.as_ref().and_then(|e| e.as_str()).map(str::to_owned);
                self.patterns.insert((pattern.clone(), s.min_length, s.max_length), name.to_owned());
                Ok(TypeKind::Pattern(PatternType {
                    pattern,
                    matcher,
                    min_length: s.min_length.map(|n| n as u64),
                    max_length: s.max_length.map(|n| n as u64),
                    example,
                }))
            }
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                Ok(TypeKind::Enum(string_enum(s.enumeration.iter().flatten(), at)?))
            }
            SchemaKind::Type(Type::Object(object)) => {
                let shape = self.object_shape(object_of(object), at, name, depth)?;
                Ok(shape.named())
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => {
                let whole = ReferenceOr::Item(schema.clone());
                self.merged(vec![(at.to_owned(), &whole)], name, depth)
            }
            SchemaKind::Any(any) if union_members(any, at)?.is_some() => {
                let (keyword, members) = union_members(any, at)?.unwrap_or_default();
                let discriminator = schema.schema_data.discriminator.as_ref();
                Ok(TypeKind::Union(self.union(members, discriminator, &pointer(at, keyword), name, depth)?))
            }
            SchemaKind::Any(any) if is_object(any) => {
                self.members_not_read(any, at);
                let shape = self.object_shape(object_of_any(any), at, name, depth)?;
                Ok(shape.named())
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if members.len() > 1 => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                let discriminator = schema.schema_data.discriminator.as_ref();
                Ok(TypeKind::Union(self.union(members, discriminator, &pointer(at, keyword), name, depth)?))
            }
            SchemaKind::AllOf { all_of } if !all_of.is_empty() && lone_member(all_of).is_none() => {
                self.merged(all_of_members(all_of, at), name, depth)
            }
            // One inline typed member narrowed by the others: the named type of that member, narrowed.
            SchemaKind::AllOf { all_of } if lone_member(all_of).is_some_and(|(_, m)| m.as_item().is_some()) => {
                let (i, _) = lone_member(all_of).unwrap_or((0, &all_of[0]));
                let member_at = pointer(&pointer(at, "allOf"), &i.to_string());
                match self.fold_constraints(all_of, i, at) {
                    Some(ReferenceOr::Item(mut folded)) => {
                        folded.schema_data.description = docs(&schema.schema_data).or(folded.schema_data.description);
                        folded.schema_data.nullable |= schema.schema_data.nullable;
                        self.named_kind(&folded, &member_at, name, depth + 1)
                    }
                    // Nothing to fold (the others only annotate): as any other schema.
                    Some(ReferenceOr::Reference { .. }) | None => {
                        Ok(TypeKind::Alias(self.inline(schema, at, name, depth)?.ty))
                    }
                }
            }
            _ => Ok(TypeKind::Alias(self.inline(schema, at, name, depth)?.ty)),
        }
    }

    /// An object schema: a struct of its properties (keeping other keys when `additionalProperties` allows them),
    /// or a map when it declares no properties.
    fn object_shape(&mut self, parts: ObjectParts, at: &str, name: &str, depth: usize) -> Result<Shape, Error> {
        let extra = self.additional(parts.additional, at, name, depth)?;
        if parts.properties.is_empty() {
            return Ok(match (parts.additional, extra) {
                (Some(AdditionalProperties::Any(false)), _) => {
                    Shape::Struct(Struct { fields: Vec::new(), additional: None })
                }
                (_, extra) => Shape::Map(extra.unwrap_or(TypeRef::Json)),
            });
        }
        let fields = self.fields(parts.properties, parts.required, at, name, depth)?;
        self.unknown_required(parts.required, &fields, at);
        Ok(Shape::Struct(with_additional(fields, extra)))
    }

    /// The value type of the keys `additionalProperties` allows, when it allows any.
    fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &str,
        name: &str,
        depth: usize,
    ) -> Result<Option<TypeRef>, Error> {
        Ok(match additional {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(values)) => {
                let values_at = pointer(at, "additionalProperties");
                Some(self.schema(refd(values.as_ref()), &values_at, &format!("{name} value"), depth + 1)?.ty)
            }
        })
    }

    /// The fields of an object's properties. `required` may name properties declared elsewhere (`allOf`).
    fn fields(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &str,
        parent: &str,
        depth: usize,
    ) -> Result<Vec<Field>, Error> {
        let mut scope = Scope::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, schema) in properties {
            let field_at = pointer(&pointer(at, "properties"), wire);
            let lowered = self.schema(unbox(schema), &field_at, &format!("{parent} {wire}"), depth + 1)?;
            let required = required.contains(wire);
            fields.push(Field {
                name: scope.unique(snake(wire)),
                wire: wire.clone(),
                optional: lowered.nullable || !required,
                doc: lowered.doc,
                secret: lowered.secret,
                ty: lowered.ty,
                boxed: false,
                aliases: aliases(schema),
                required,
                nullable: lowered.nullable,
                format: lowered.format,
                pattern: lowered.pattern,
                constraints: lowered.constraints,
                pointer: field_at,
            });
        }
        Ok(fields)
    }

    /// The matcher of a `pattern` at `at`: checked for what the generated crate can check, with a warning for
    /// what it cannot ([`pattern::compile_lenient`]).
    fn pattern(&mut self, pattern: &str, at: &str) -> Result<Matcher, Error> {
        let (matcher, unchecked) = pattern::compile_lenient(pattern, at)?;
        if let Some(unchecked) = unchecked {
            self.degrade(
                at,
                format!("pattern {pattern:?}: {unchecked}, since the generated crate's regex engine has no look-around or backreferences"),
                "the server checks the value; rewrite the pattern with an overlay to have the client check it whole",
            );
        }
        Ok(matcher)
    }

    /// A warning for the `oneOf` (or `anyOf`) members beside an object's own properties, which are not read.
    fn members_not_read(&mut self, any: &openapiv3::AnySchema, at: &str) {
        if let Some(keyword) = union_beside_properties(any) {
            self.degrade(
                &pointer(at, keyword),
                format!("the {keyword} beside the object's own properties is not read: the object has its own properties only"),
                "move the shared properties into each member (an allOf in each), with an overlay",
            );
        }
    }

    /// A `required` name that no property has: a warning, and the struct is generated from its properties (a
    /// key the spec says is always there, but not what it holds, arrives among the other keys, if kept).
    fn unknown_required(&mut self, required: &[String], fields: &[Field], at: &str) {
        for missing in required.iter().filter(|r| !fields.iter().any(|f| &&f.wire == r)) {
            self.degrade(
                &pointer(at, "required"),
                format!("required property {missing:?} is not among the properties; it is left out"),
                "declare it under `properties` or remove it from `required` (an overlay can do either)",
            );
        }
    }

    /// The lone typed member `lone` of `all_of` with the constraints the other members add (`{pattern: ...}`,
    /// `{maxLength: 3}`, bounds) folded in, when there are any: `allOf: [{type: string}, {pattern: '^[A-Z]+$'}]`
    /// is a string checked against the pattern. Constraints that cannot be folded (beside a reference, a
    /// second pattern, a bound on a string) are a warning each, located at the member that adds them.
    fn fold_constraints(
        &mut self,
        all_of: &[ReferenceOr<Schema>],
        lone: usize,
        at: &str,
    ) -> Option<ReferenceOr<Schema>> {
        fn adds(m: &ReferenceOr<Schema>) -> Option<&openapiv3::AnySchema> {
            match m {
                ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(a), .. }) if constrains(a) => Some(a),
                _ => None,
            }
        }
        let others: Vec<(usize, &openapiv3::AnySchema)> =
            all_of.iter().enumerate().filter(|(i, _)| *i != lone).filter_map(|(i, m)| Some((i, adds(m)?))).collect();
        if others.is_empty() {
            return None;
        }
        let mut folded = all_of[lone].clone();
        for (i, constraints) in others {
            let fits = match &mut folded {
                ReferenceOr::Item(schema) => fold(&mut schema.schema_kind, constraints),
                ReferenceOr::Reference { .. } => false,
            };
            if !fits {
                self.degrade(
                    &pointer(&pointer(at, "allOf"), &i.to_string()),
                    "these constraints are not checked: the allOf member they narrow is a reference, or they do not fit its type"
                        .to_owned(),
                    "write them in the member they narrow (an overlay can)",
                );
            }
        }
        Some(folded)
    }

    /// `allOf` of several schemas: one struct with the properties of all of them. Members may be objects,
    /// `$ref`s to objects, nested `allOf`s, or annotations without a type (`nullable`, a description).
    fn merged(
        &mut self,
        all_of: Vec<(String, &ReferenceOr<Schema>)>,
        name: &str,
        depth: usize,
    ) -> Result<TypeKind, Error> {
        let mut members = Vec::new();
        let mut ignored = Vec::new();
        self.object_members(all_of, &mut members, &mut ignored, 0)?;
        if members.is_empty() {
            if let Some(first) = ignored.first() {
                return Err(Error::at(first, "allOf members must all be objects to be merged into one struct")
                    .help("merge object schemas with allOf; describe other combinations with oneOf or anyOf"));
            }
        }
        for member_at in ignored {
            self.degrade(
                &member_at,
                "this allOf member is not an object, so it is not merged: the struct has the other members' properties"
                    .to_owned(),
                "merge object schemas with allOf; describe other combinations with oneOf or anyOf (an overlay can)",
            );
        }
        let required: Vec<String> = members.iter().flat_map(|(_, parts)| parts.required.iter().cloned()).collect();
        let mut fields: Vec<Field> = Vec::new();
        let mut extra = None;
        for (member_at, parts) in &members {
            for field in self.fields(parts.properties, &required, member_at, name, depth)? {
                if !fields.iter().any(|f| f.wire == field.wire) {
                    fields.push(field);
                }
            }
            if extra.is_none() {
                extra = self.additional(parts.additional, member_at, name, depth)?;
            }
        }
        for (member_at, parts) in &members {
            self.unknown_required(parts.required, &fields, member_at);
        }
        let mut scope = Scope::new();
        for field in &mut fields {
            field.name = scope.unique(std::mem::take(&mut field.name));
        }
        Ok(TypeKind::Struct(with_additional(fields, extra)))
    }

    /// The object schemas an `allOf` combines (its members, each with its place), flattening nested `allOf`s;
    /// `ignored` gets the places of the members that are neither objects nor constraints.
    fn object_members<'s>(
        &self,
        all_of: Vec<(String, &'s ReferenceOr<Schema>)>,
        out: &mut Vec<(String, ObjectParts<'s>)>,
        ignored: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), Error>
    where
        'a: 's,
    {
        for (member_at, member) in all_of {
            if depth > MAX_DEPTH {
                return Err(Error::at(member_at, format!("allOf is nested more than {MAX_DEPTH} levels deep"))
                    .help("merge the nested allOf members into fewer schemas"));
            }
            let schema: &'s Schema = self.resolve_schema(member, &member_at)?;
            // What is inside a member is written where the member's reference leads.
            let member_at = self.written_at(member, member_at);
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => out.push((member_at, object_of(o))),
                SchemaKind::AllOf { all_of } => {
                    self.object_members(all_of_members(all_of, &member_at), out, ignored, depth + 1)?
                }
                SchemaKind::Any(a) if a.all_of.is_empty() && is_object(a) => out.push((member_at, object_of_any(a))),
                SchemaKind::Any(a) if !a.all_of.is_empty() && a.one_of.is_empty() && a.any_of.is_empty() => {
                    if is_object(a) {
                        out.push((member_at.clone(), object_of_any(a)));
                    }
                    self.object_members(all_of_members(&a.all_of, &member_at), out, ignored, depth + 1)?
                }
                SchemaKind::Any(a) if is_annotation(a) => {}
                // `anyOf: [{required: [a]}, {required: [b]}]`: constraints on the merged object, not read.
                SchemaKind::Any(a)
                    if a.typ.is_none()
                        && a.properties.is_empty()
                        && a.all_of.is_empty()
                        && typed_members(a).is_none() => {}
                _ => ignored.push(member_at),
            }
        }
        Ok(())
    }

    /// `oneOf` or `anyOf` of several schemas: an enum with a variant per member, tagged by a property when the
    /// spec names one (`discriminator`) or every member fixes one required property to its own constant.
    fn union<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        at: &str,
        name: &str,
        depth: usize,
    ) -> Result<Union, Error>
    where
        'a: 's,
    {
        let mut resolved = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let member_at = pointer(at, &i.to_string());
            resolved.push((member_at.clone(), self.resolve_schema(member, &member_at)?));
        }
        let resolve = |reference: &str| self.component_schema(reference);
        let mut unselected = None;
        let tags: Option<(String, Vec<Vec<String>>)> = match discriminator {
            Some(d) => {
                let tags = members
                    .iter()
                    .zip(&resolved)
                    .map(|(member, (_, schema))| discriminator_values(d, member, schema, &resolve))
                    .collect::<Option<Vec<_>>>();
                match tags {
                    Some(tags) => Some((d.property_name.clone(), tags)),
                    None => {
                        unselected = Some(d.property_name.clone());
                        constant_tag(resolved.iter().map(|(_, s)| *s), &resolve)
                    }
                }
            }
            None => constant_tag(resolved.iter().map(|(_, s)| *s), &resolve),
        };
        if let Some(property) = unselected {
            self.degrade(
                &pointer(at.rsplit_once('/').map_or(at, |(p, _)| p), "discriminator"),
                format!(
                    "no value of {property:?} selects every member, so a value is decoded as the first member it fits"
                ),
                "map a value to each member under discriminator.mapping, or make each member a $ref (an overlay can)",
            );
        }
        let mut scope = Scope::with(&["Unknown"]);
        let labels = variant_labels(members, &resolved, tags.as_ref().map(|(_, t)| t.as_slice()));
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let variant = scope.unique(camel(&labels[i]));
            let member_at = &resolved[i].0;
            let lowered = self.schema(refd(member), member_at, &format!("{name} {variant}"), depth + 1)?;
            variants.push(UnionVariant {
                name: variant,
                ty: lowered.ty,
                tags: tags.as_ref().map(|(_, t)| t[i].clone()).unwrap_or_default(),
                keys: None,
                doc: docs(&resolved[i].1.schema_data),
                boxed: false,
            });
        }
        let tagging = match tags {
            Some((property, _)) => {
                // Reserved above, so no member takes it.
                Tagging::Internal { property, fallback: "Unknown".to_owned() }
            }
            None => Tagging::Untagged,
        };
        Ok(Union { tagging, variants, display: false })
    }

    /// Lowers a schema or reference used somewhere; `hint` names any inline type it needs.
    pub(super) fn schema(
        &mut self,
        schema: ReferenceOr<&Schema>,
        at: &str,
        hint: &str,
        depth: usize,
    ) -> Result<Lowered, Error> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.schema_ref(&reference, at)?;
                let target = self.component_schema(&reference);
                Ok(Lowered {
                    nullable: target.is_some_and(|s| s.schema_data.nullable),
                    doc: target.and_then(|s| docs(&s.schema_data)),
                    constraints: Constraints::default(),
                    default: None,
                    secret: target.is_some_and(is_secret),
                    ty,
                    format: None,
                    pattern: None,
                })
            }
            ReferenceOr::Item(schema) => self.inline(schema, at, hint, depth),
        }
    }

    fn inline(&mut self, schema: &Schema, at: &str, hint: &str, depth: usize) -> Result<Lowered, Error> {
        if depth > MAX_DEPTH {
            return Err(Error::at(at, format!("schemas are nested more than {MAX_DEPTH} levels deep"))
                .help("move nested object schemas into components/schemas and refer to them with $ref"));
        }
        let data = &schema.schema_data;
        let mut constraints = Constraints::default();
        let (mut format, mut string_pattern) = (None, None);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let kind = TypeKind::Enum(string_enum(s.enumeration.iter().flatten(), at)?);
                self.inline_type(hint, at, data, kind)
            }
            SchemaKind::Type(Type::String(s)) => {
                let key = (s.pattern.clone().unwrap_or_default(), s.min_length, s.max_length);
                match s.pattern.as_ref().and_then(|_| self.pattern_type(&key)) {
                    Some(named) => TypeRef::Named(named),
                    None => {
                        let ty = string_type(&s.format);
                        format = format_name(&s.format);
                        string_pattern = s.pattern.clone();
                        // Lengths and patterns constrain text; a date or a timestamp is checked by parsing it.
                        if ty == TypeRef::String {
                            if let Some(p) = &s.pattern {
                                constraints.pattern = Some(self.pattern(p, &pointer(at, "pattern"))?);
                            }
                            constraints.min_length = s.min_length.map(|n| n as u64);
                            constraints.max_length = s.max_length.map(|n| n as u64);
                        }
                        ty
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                constraints.minimum = i.minimum.map(|n| n as f64);
                constraints.maximum = i.maximum.map(|n| n as f64);
                format = format_name(&i.format);
                integer_type(&i.format)
            }
            SchemaKind::Type(Type::Number(n)) => {
                constraints.minimum = n.minimum;
                constraints.maximum = n.maximum;
                format = format_name(&n.format);
                TypeRef::F64
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => {
                        self.schema(unbox(items), &pointer(at, "items"), &format!("{hint} item"), depth + 1)?.ty
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(items))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.object_shape(object_of(object), at, &camel(hint), depth)?.inline(self, hint, at, data)
            }
            SchemaKind::Any(any) if any.all_of.is_empty() && union_members(any, at)?.is_some() => {
                let (keyword, members) = union_members(any, at)?.unwrap_or_default();
                let union =
                    self.union(members, data.discriminator.as_ref(), &pointer(at, keyword), &camel(hint), depth)?;
                self.inline_type(hint, at, data, TypeKind::Union(union))
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => {
                let whole = ReferenceOr::Item(schema.clone());
                let kind = self.merged(vec![(at.to_owned(), &whole)], &camel(hint), depth)?;
                self.inline_type(hint, at, data, kind)
            }
            SchemaKind::Any(any) if is_object(any) => {
                self.members_not_read(any, at);
                self.object_shape(object_of_any(any), at, &camel(hint), depth)?.inline(self, hint, at, data)
            }
            SchemaKind::AllOf { all_of } if lone_member(all_of).is_some() => {
                let (i, member) = lone_member(all_of).unwrap_or((0, &all_of[0]));
                let member_at = pointer(&pointer(at, "allOf"), &i.to_string());
                let folded = self.fold_constraints(all_of, i, at);
                let member = folded.as_ref().unwrap_or(member);
                let inner = self.schema(refd(member), &member_at, hint, depth + 1)?;
                let annotated_nullable = all_of
                    .iter()
                    .any(|m| matches!(m, ReferenceOr::Item(Schema { schema_data, .. }) if schema_data.nullable));
                return Ok(Lowered {
                    nullable: data.nullable || inner.nullable || annotated_nullable,
                    doc: docs(data).or(inner.doc),
                    secret: is_secret(schema) || inner.secret,
                    ..inner
                });
            }
            SchemaKind::AllOf { all_of } if !all_of.is_empty() => {
                let kind = self.merged(all_of_members(all_of, at), &camel(hint), depth)?;
                self.inline_type(hint, at, data, kind)
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if members.len() == 1 => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                let inner = self.schema(refd(&members[0]), &pointer(&pointer(at, keyword), "0"), hint, depth + 1)?;
                return Ok(Lowered {
                    nullable: data.nullable || inner.nullable,
                    doc: docs(data).or(inner.doc),
                    secret: is_secret(schema) || inner.secret,
                    ..inner
                });
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if !members.is_empty() => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                let union =
                    self.union(members, data.discriminator.as_ref(), &pointer(at, keyword), &camel(hint), depth)?;
                self.inline_type(hint, at, data, TypeKind::Union(union))
            }
            SchemaKind::Not { .. } => {
                return Err(Error::at(at, "`not` schemas cannot be represented as a Rust type").help(
                    "describe the values the API does send (an enum, a pattern, oneOf), or leave the schema untyped",
                ))
            }
            SchemaKind::Any(any) => any_scalar(any, &mut format),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => TypeRef::Json,
        };
        Ok(Lowered {
            ty,
            nullable: data.nullable,
            doc: docs(data),
            constraints,
            default: data.default.as_ref().map(render_default),
            secret: is_secret(schema),
            format,
            pattern: string_pattern,
        })
    }

    fn inline_type(&mut self, hint: &str, at: &str, data: &openapiv3::SchemaData, kind: TypeKind) -> TypeRef {
        let name = self.type_names.unique(camel(data.title.as_deref().unwrap_or(hint)));
        self.add_type(name.clone(), docs(data), at.to_owned(), kind);
        TypeRef::Named(name)
    }

    /// The Rust type a `$ref` to a component schema names.
    pub(super) fn schema_ref(&self, reference: &str, at: &str) -> Result<TypeRef, Error> {
        let key = reference.strip_prefix(SCHEMAS).ok_or_else(|| {
            Error::at(at, format!("unsupported reference {reference:?}"))
                .help("refer to schemas as #/components/schemas/Name")
        })?;
        let key = unescape(key);
        match self.component_names.get(&key) {
            Some(name) => Ok(TypeRef::Named(name.clone())),
            None => Err(Error::at(at, format!("reference {reference:?} does not resolve"))
                .help(format!("define {key:?} under components/schemas, or fix the reference"))),
        }
    }

    fn component_schema(&self, reference: &str) -> Option<&Schema> {
        let key = unescape(reference.strip_prefix(SCHEMAS)?);
        match self.doc.components.as_ref()?.schemas.get(&key)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// Follows `$ref`s (and chains of them) to a schema.
    pub(super) fn resolve_schema<'s>(&self, schema: &'s ReferenceOr<Schema>, at: &str) -> Result<&'s Schema, Error>
    where
        'a: 's,
    {
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(schema) => return Ok(schema),
                ReferenceOr::Reference { reference } => current = self.named_schema(reference, at)?,
            }
        }
        Err(Error::at(at, "a cycle of $ref schemas that never reaches a schema")
            .help("one schema of the cycle must define a type"))
    }

    /// [`Lowerer::resolve_schema`] of a borrowed schema or reference.
    pub(super) fn resolve_borrowed<'s>(&self, schema: ReferenceOr<&'s Schema>, at: &str) -> Result<&'s Schema, Error>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(schema) => Ok(schema),
            ReferenceOr::Reference { reference } => self.resolve_schema(self.named_schema(&reference, at)?, at),
        }
    }

    /// Where `schema`, found at `at`, is written: the component schema its reference (or chain of references)
    /// leads to, else `at`.
    pub(super) fn written_at(&self, schema: &ReferenceOr<Schema>, at: String) -> String {
        let mut place = at;
        let mut current = schema;
        for _ in 0..32 {
            let ReferenceOr::Reference { reference } = current else { break };
            let Ok(next) = self.named_schema(reference, &place) else { break };
            place = reference.trim_start_matches('#').to_owned();
            current = next;
        }
        place
    }

    /// The component schema (or reference) that `reference` names.
    fn named_schema(&self, reference: &str, at: &str) -> Result<&'a ReferenceOr<Schema>, Error> {
        self.schema_ref(reference, at)?;
        let doc: &'a openapiv3::OpenAPI = self.doc;
        let key = unescape(reference.strip_prefix(SCHEMAS).unwrap_or_default());
        doc.components.as_ref().and_then(|c| c.schemas.get(&key)).ok_or_else(|| {
            Error::at(at, format!("reference {reference:?} does not resolve"))
                .help("define it under components/schemas, or fix the reference")
        })
    }
}

/// Borrows a schema or reference.
pub fn refd(schema: &ReferenceOr<Schema>) -> ReferenceOr<&Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(schema) => ReferenceOr::Item(schema),
    }
}

/// Borrows through the `Box` openapiv3 keeps nested schemas in.
pub fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<&Schema> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(schema) => ReferenceOr::Item(schema),
    }
}

fn string_enum<'v>(values: impl Iterator<Item = &'v String>, at: &str) -> Result<StringEnum, Error> {
    let mut scope = Scope::new();
    let mut variants: Vec<Variant> = Vec::new();
    for wire in values {
        if variants.iter().any(|v| &v.wire == wire) {
            return Err(Error::at(pointer(at, "enum"), format!("enum value {wire:?} is listed twice"))
                .help("list each value once"));
        }
        variants.push(Variant { name: scope.unique(camel(wire)), wire: wire.clone() });
    }
    let fallback = match ["Unknown", "Other", "Unlisted"].into_iter().find(|name| !scope.is_taken(name)) {
        Some(name) => name.to_owned(),
        None => scope.unique("Unknown".to_owned()),
    };
    Ok(StringEnum { variants, fallback })
}

/// The description (or title) of a schema, trimmed.
pub fn docs(data: &openapiv3::SchemaData) -> Option<String> {
    data.description.as_deref().or(data.title.as_deref()).map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned)
}

/// The `x-aliases` of a property: other names the API may send it under.
fn aliases(schema: &ReferenceOr<Box<Schema>>) -> Vec<String> {
    let ReferenceOr::Item(schema) = schema else { return Vec::new() };
    let Some(serde_json::Value::Array(names)) = schema.schema_data.extensions.get("x-aliases") else {
        return Vec::new();
    };
    names.iter().filter_map(|n| n.as_str()).map(str::to_owned).collect()
}

fn is_secret(schema: &Schema) -> bool {
    schema.schema_data.extensions.get("x-secret").and_then(|v| v.as_bool()).unwrap_or(false)
}

/// A schema's `format` as written in the document.
fn format_name<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => serde_json::to_value(known).ok()?.as_str().map(str::to_owned),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn render_default(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The Rust type of a string with a `format`: timestamps and dates are parsed, every other format (known or not)
/// stays a string.
fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(name) if name == "date-time-rfc-2822" => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(_) | VariantOrUnknownOrEmpty::Unknown(_) | VariantOrUnknownOrEmpty::Empty => {
            TypeRef::String
        }
    }
}

/// The Rust type of an integer: `int32` and narrower formats fit `i32`; everything else, `i64`.
fn integer_type(format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
        VariantOrUnknownOrEmpty::Unknown(name) if matches!(name.as_str(), "int8" | "int16" | "uint8" | "uint16") => {
            TypeRef::I32
        }
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64)
        | VariantOrUnknownOrEmpty::Unknown(_)
        | VariantOrUnknownOrEmpty::Empty => TypeRef::I64,
    }
}

/// A schema openapiv3 could not give one kind: its `type`, when it has one, decides; without one it is any JSON.
fn any_scalar(any: &openapiv3::AnySchema, format: &mut Option<String>) -> TypeRef {
    *format = any.format.clone();
    match any.typ.as_deref() {
        Some("string") => match any.format.as_deref() {
            Some("date-time" | "date-time-rfc-2822") => TypeRef::DateTime,
            Some("date") => TypeRef::Date,
            _ => TypeRef::String,
        },
        Some("integer") if matches!(any.format.as_deref(), Some("int32" | "int16" | "int8" | "uint16" | "uint8")) => {
            TypeRef::I32
        }
        Some("integer") => TypeRef::I64,
        Some("number") => TypeRef::F64,
        Some("boolean") => TypeRef::Bool,
        _ => TypeRef::Json,
    }
}

/// What an object schema becomes.
enum Shape {
    Struct(Struct),
    /// No properties: a map from keys to values of this type.
    Map(TypeRef),
}

impl Shape {
    fn named(self) -> TypeKind {
        match self {
            Shape::Struct(s) => TypeKind::Struct(s),
            Shape::Map(value) => TypeKind::Alias(TypeRef::Map(Box::new(value))),
        }
    }

    fn inline(self, lowerer: &mut Lowerer, hint: &str, at: &str, data: &openapiv3::SchemaData) -> TypeRef {
        match self {
            Shape::Struct(s) => lowerer.inline_type(hint, at, data, TypeKind::Struct(s)),
            Shape::Map(value) => TypeRef::Map(Box::new(value)),
        }
    }
}

/// The parts of an object schema, whether written `type: object` or left untyped with properties.
/// The members of the `allOf` at `at`, each with its place.
fn all_of_members<'s>(all_of: &'s [ReferenceOr<Schema>], at: &str) -> Vec<(String, &'s ReferenceOr<Schema>)> {
    let at = pointer(at, "allOf");
    all_of.iter().enumerate().map(|(i, member)| (pointer(&at, &i.to_string()), member)).collect()
}

#[derive(Clone, Copy)]
struct ObjectParts<'s> {
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
}

fn object_of(o: &openapiv3::ObjectType) -> ObjectParts<'_> {
    ObjectParts { properties: &o.properties, required: &o.required, additional: o.additional_properties.as_ref() }
}

fn object_of_any(a: &openapiv3::AnySchema) -> ObjectParts<'_> {
    ObjectParts { properties: &a.properties, required: &a.required, additional: a.additional_properties.as_ref() }
}

/// An untyped schema that describes an object.
fn is_object(a: &openapiv3::AnySchema) -> bool {
    a.typ.as_deref() == Some("object") || !a.properties.is_empty() || a.additional_properties.is_some()
}

/// The keyword (`oneOf`, `anyOf`) and the members of a union.
type Members<'s> = (&'static str, &'s [ReferenceOr<Schema>]);

/// The members of an untyped schema's `oneOf` (or `anyOf`) when they make it a union: it declares no properties of
/// its own, and some member is more than a constraint (`{required: [a]}` only narrows the object it sits in).
/// Members that are types beside properties of its own ([`union_beside_properties`]) make it an object.
fn union_members<'s>(a: &'s openapiv3::AnySchema, _at: &str) -> Result<Option<Members<'s>>, Error> {
    match typed_members(a) {
        Some(members) if a.properties.is_empty() => Ok(Some(members)),
        Some(_) | None => Ok(None),
    }
}

/// The keyword of a `oneOf` (or `anyOf`) of types beside properties of the schema's own, which would each need
/// the shared properties: the object is generated from its own properties, and the members' are not read.
fn union_beside_properties(a: &openapiv3::AnySchema) -> Option<&'static str> {
    typed_members(a).filter(|_| !a.properties.is_empty()).map(|(keyword, _)| keyword)
}

/// An untyped schema's `oneOf` (or `anyOf`) when some member is more than a constraint.
fn typed_members(a: &openapiv3::AnySchema) -> Option<Members<'_>> {
    let (keyword, members) = if a.one_of.len() > 1 {
        ("oneOf", a.one_of.as_slice())
    } else if a.any_of.len() > 1 {
        ("anyOf", a.any_of.as_slice())
    } else {
        return None;
    };
    let constraint = |m: &ReferenceOr<Schema>| matches!(m, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(m), .. }) if is_annotation(m));
    (!members.iter().all(constraint)).then_some((keyword, members))
}

/// The one member of an `allOf` that is more than an annotation (`{nullable: true}`, a description), with its
/// index: `allOf: [{$ref: Status}, {nullable: true}]` is a nullable `Status`, whatever `Status` is.
fn lone_member(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let annotation = |m: &ReferenceOr<Schema>| matches!(m, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(a), .. }) if is_annotation(a));
    let mut typed = all_of.iter().enumerate().filter(|(_, m)| !annotation(m));
    match (typed.next(), typed.next()) {
        (Some(lone), None) => Some(lone),
        _ => None,
    }
}

/// Whether an untyped schema constrains a value (a pattern, a length, a bound).
fn constrains(a: &openapiv3::AnySchema) -> bool {
    a.pattern.is_some()
        || a.min_length.is_some()
        || a.max_length.is_some()
        || a.minimum.is_some()
        || a.maximum.is_some()
}

/// Folds the constraints of `a` into the typed schema `kind`; false when one of them has no place there.
fn fold(kind: &mut SchemaKind, a: &openapiv3::AnySchema) -> bool {
    // `None` orders below any bound, so the larger of two minimums is the tighter, and either one beats none.
    let tighter_min = |own: Option<usize>, other: Option<usize>| own.max(other);
    let tighter_max = |own: Option<usize>, other: Option<usize>| match (own, other) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    if a.exclusive_minimum == Some(true) || a.exclusive_maximum == Some(true) {
        return false;
    }
    let bounds = a.minimum.is_some() || a.maximum.is_some();
    let lengths = a.pattern.is_some() || a.min_length.is_some() || a.max_length.is_some();
    match kind {
        SchemaKind::Type(Type::String(string)) if !bounds => {
            if a.pattern.is_some() && string.pattern.is_some() && string.pattern != a.pattern {
                return false;
            }
            string.pattern = string.pattern.take().or_else(|| a.pattern.clone());
            string.min_length = tighter_min(string.min_length, a.min_length);
            string.max_length = tighter_max(string.max_length, a.max_length);
            true
        }
        SchemaKind::Type(Type::Number(number)) if !lengths => {
            number.minimum = [number.minimum, a.minimum].into_iter().flatten().reduce(f64::max);
            number.maximum = [number.maximum, a.maximum].into_iter().flatten().reduce(f64::min);
            true
        }
        SchemaKind::Type(Type::Integer(integer)) if !lengths => {
            let whole = |n: Option<f64>| n.filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15).map(|n| n as i64);
            if a.minimum.is_some_and(|n| whole(Some(n)).is_none())
                || a.maximum.is_some_and(|n| whole(Some(n)).is_none())
            {
                return false;
            }
            integer.minimum = [integer.minimum, whole(a.minimum)].into_iter().flatten().reduce(i64::max);
            integer.maximum = [integer.maximum, whole(a.maximum)].into_iter().flatten().reduce(i64::min);
            true
        }
        _ => false,
    }
}

/// An untyped schema that only annotates (`nullable`, a description): it adds no property to an `allOf`.
fn is_annotation(a: &openapiv3::AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.additional_properties.is_none()
        && a.one_of.is_empty()
        && a.any_of.is_empty()
        && a.all_of.is_empty()
        && a.not.is_none()
        && a.items.is_none()
        && a.enumeration.is_empty()
}

/// A struct of `fields` that keeps other keys in a map of `extra` values, when given.
fn with_additional(fields: Vec<Field>, extra: Option<TypeRef>) -> Struct {
    let additional = extra.map(|value| {
        let mut scope = Scope::new();
        for field in &fields {
            scope.reserve(&field.name);
        }
        Additional { name: scope.unique("additional_properties".to_owned()), value }
    });
    Struct { fields, additional }
}

/// The discriminator values that select `member`: the mapping's keys naming it, else (for a `$ref`) the
/// component's name, else the constant values the member allows for the property.
fn discriminator_values<'s>(
    d: &openapiv3::Discriminator,
    member: &ReferenceOr<Schema>,
    schema: &Schema,
    resolve: &dyn Fn(&str) -> Option<&'s Schema>,
) -> Option<Vec<String>> {
    if let ReferenceOr::Reference { reference } = member {
        let key = unescape(reference.strip_prefix(SCHEMAS)?);
        let mapped: Vec<String> = d
            .mapping
            .iter()
            .filter(|(_, target)| *target == reference || **target == key)
            .map(|(value, _)| value.clone())
            .collect();
        // Without an entry in the mapping, a member is named by its schema's name (OpenAPI's implicit mapping).
        return Some(if mapped.is_empty() { vec![key] } else { mapped });
    }
    constant_values(schema, &d.property_name, resolve).filter(|v| !v.is_empty())
}

/// The string values an object schema allows for a required `property`, when it lists them (`enum`, inline or
/// through a `$ref`).
fn constant_values<'s>(
    schema: &Schema,
    property: &str,
    resolve: &dyn Fn(&str) -> Option<&'s Schema>,
) -> Option<Vec<String>> {
    let parts = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => object_of(o),
        SchemaKind::Any(a) if is_object(a) => object_of_any(a),
        _ => return None,
    };
    if !parts.required.iter().any(|r| r == property) {
        return None;
    }
    let property: &Schema = match parts.properties.get(property)? {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => resolve(reference)?,
    };
    match &property.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some(s.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

/// Without a discriminator: the property every member requires with one constant value of its own, if any
/// (the first by name when several qualify), and the value per member.
fn constant_tag<'s, 'r>(
    members: impl Iterator<Item = &'s Schema> + Clone,
    resolve: &dyn Fn(&str) -> Option<&'r Schema>,
) -> Option<(String, Vec<Vec<String>>)> {
    let first = members.clone().next()?;
    let parts = match &first.schema_kind {
        SchemaKind::Type(Type::Object(o)) => object_of(o),
        SchemaKind::Any(a) if is_object(a) => object_of_any(a),
        _ => return None,
    };
    let mut candidates: Vec<&String> = parts.required.iter().collect();
    candidates.sort();
    candidates.into_iter().find_map(|property| {
        let values: Vec<Vec<String>> = members
            .clone()
            .map(|m| constant_values(m, property, resolve).filter(|v| v.len() == 1))
            .collect::<Option<Vec<_>>>()?;
        let mut seen = std::collections::BTreeSet::new();
        values.iter().all(|v| seen.insert(v[0].clone())).then(|| (property.clone(), values))
    })
}

/// A name for each member: the tag when tagged; else the component names with their common leading words
/// removed; else the member's title or kind.
fn variant_labels(
    members: &[ReferenceOr<Schema>],
    resolved: &[(String, &Schema)],
    tags: Option<&[Vec<String>]>,
) -> Vec<String> {
    if let Some(tags) = tags {
        return tags.iter().map(|t| t[0].clone()).collect();
    }
    let keys: Option<Vec<String>> = members
        .iter()
        .map(|m| match m {
            ReferenceOr::Reference { reference } => reference.strip_prefix(SCHEMAS).map(|k| camel(&unescape(k))),
            ReferenceOr::Item(_) => None,
        })
        .collect();
    if let Some(keys) = keys.filter(|k| k.len() > 1) {
        let split: Vec<Vec<String>> = keys.iter().map(|k| camel_words(k)).collect();
        let common = (0..).take_while(|&i| split.iter().all(|w| i < w.len() && w[i] == split[0][i])).count();
        if split.iter().all(|w| w.len() > common) {
            return split.iter().map(|w| w[common..].concat()).collect();
        }
        return keys;
    }
    members
        .iter()
        .zip(resolved)
        .enumerate()
        .map(|(i, (member, (_, schema)))| match member {
            ReferenceOr::Reference { reference } => {
                camel(&unescape(reference.strip_prefix(SCHEMAS).unwrap_or("Variant")))
            }
            ReferenceOr::Item(_) => match (&schema.schema_data.title, &schema.schema_kind) {
                (Some(title), _) => title.clone(),
                (None, SchemaKind::Type(Type::String(_))) => "Text".to_owned(),
                (None, SchemaKind::Type(Type::Integer(_))) => "Integer".to_owned(),
                (None, SchemaKind::Type(Type::Number(_))) => "Number".to_owned(),
                (None, SchemaKind::Type(Type::Boolean(_))) => "Boolean".to_owned(),
                (None, SchemaKind::Type(Type::Array(_))) => "List".to_owned(),
                (None, SchemaKind::Type(Type::Object(_))) => "Object".to_owned(),
                (None, _) => format!("Variant{i}"),
            },
        })
        .collect()
}

/// The words of an UpperCamelCase name: `ThingsOfYours` into `Things`, `Of`, `Yours`.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// The Rust name a component schema asks for with `x-rust-name` (an overlay can give a vendor's schema a better
/// name without renaming its key): `Err` when it is not a name.
fn rust_name(schema: &ReferenceOr<Schema>) -> Result<Option<&str>, String> {
    let ReferenceOr::Item(schema) = schema else { return Ok(None) };
    match schema.schema_data.extensions.get("x-rust-name") {
        None => Ok(None),
        Some(serde_json::Value::String(name)) if name.chars().any(|c| c.is_ascii_alphabetic()) => Ok(Some(name)),
        Some(other) => Err(format!("x-rust-name must be a type name such as NotifyCredentialType, found {other}")),
    }
}
