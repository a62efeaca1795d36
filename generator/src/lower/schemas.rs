//! Schemas into types: named component schemas first, then every inline schema an operation or a property uses.

use super::names::{camel, snake, Scope};
use super::{pattern, Lowerer};
use crate::error::{pointer, Error};
use crate::ir::*;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

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
    pub(super) fn lower_components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.doc.components else { return Ok(()) };
        for key in components.schemas.keys() {
            let name = self.type_names.unique(camel(key));
            self.component_names.insert(key.clone(), name);
        }
        for (key, schema) in &components.schemas {
            let at = pointer("/components/schemas", key);
            let name = self.component_names[key].clone();
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_ref(reference, &at)?;
                    self.add_type(TypeDef { name, doc: None, pointer: at, kind: TypeKind::Alias(target) });
                }
                ReferenceOr::Item(schema) => {
                    let kind = self.named_kind(schema, &at, &name, 0)?;
                    let doc = docs(&schema.schema_data);
                    self.add_type(TypeDef { name, doc, pointer: at, kind });
                }
            }
        }
        Ok(())
    }

    /// The kind of a schema that gets a name of its own.
    fn named_kind(&mut self, schema: &Schema, at: &str, name: &str, depth: usize) -> Result<TypeKind, Error> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.pattern.is_some() && s.enumeration.is_empty() => {
                let pattern = s.pattern.clone().unwrap_or_default();
                let matcher = pattern::compile(&pattern, &pointer(at, "pattern"))?;
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
            SchemaKind::Type(Type::Object(object))
                if !object.properties.is_empty() || object.additional_properties.is_none() =>
            {
                Ok(TypeKind::Struct(self.object(&object.properties, &object.required, at, name, depth)?))
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                Ok(TypeKind::Struct(self.object(&any.properties, &any.required, at, name, depth)?))
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => self.merged(all_of, at, name, depth),
            _ => Ok(TypeKind::Alias(self.inline(schema, at, name, depth)?.ty)),
        }
    }

    fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &str,
        parent: &str,
        depth: usize,
    ) -> Result<Struct, Error> {
        let mut scope = Scope::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, schema) in properties {
            let field_at = pointer(&pointer(at, "properties"), wire);
            let lowered = self.schema(unbox(schema), &field_at, &format!("{parent} {wire}"), depth + 1)?;
            fields.push(Field {
                name: scope.unique(snake(wire)),
                wire: wire.clone(),
                optional: lowered.nullable || !required.contains(wire),
                doc: lowered.doc,
                secret: lowered.secret,
                ty: lowered.ty,
                boxed: false,
                aliases: aliases(schema),
                required: required.contains(wire),
                nullable: lowered.nullable,
                format: lowered.format,
                pattern: lowered.pattern,
                constraints: lowered.constraints,
                pointer: field_at,
            });
        }
        if let Some(missing) = required.iter().find(|r| !properties.contains_key(*r)) {
            return Err(Error::at(
                pointer(at, "required"),
                format!("required property {missing:?} is not among the properties"),
            )
            .help("declare it under `properties` or remove it from `required`"));
        }
        Ok(Struct { fields })
    }

    /// `allOf` of several object schemas: one struct with all their properties.
    fn merged(
        &mut self,
        all_of: &[ReferenceOr<Schema>],
        at: &str,
        name: &str,
        depth: usize,
    ) -> Result<TypeKind, Error> {
        let mut fields: Vec<Field> = Vec::new();
        for (i, member) in all_of.iter().enumerate() {
            let member_at = pointer(&pointer(at, "allOf"), &i.to_string());
            let schema = self.resolve_schema(member, &member_at)?;
            let kind = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    self.object(&o.properties, &o.required, &member_at, name, depth)?
                }
                SchemaKind::Any(a) if !a.properties.is_empty() => {
                    self.object(&a.properties, &a.required, &member_at, name, depth)?
                }
                _ => {
                    return Err(Error::at(member_at, "allOf members must all be objects to be merged into one struct")
                        .help(
                            "use allOf with a single $ref to add nullable or a description, or merge object schemas",
                        ))
                }
            };
            for field in kind.fields {
                if !fields.iter().any(|f| f.wire == field.wire) {
                    fields.push(field);
                }
            }
        }
        let mut scope = Scope::new();
        for field in &mut fields {
            field.name = scope.unique(std::mem::take(&mut field.name));
        }
        Ok(TypeKind::Struct(Struct { fields }))
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
                match (s.pattern.is_some(), self.patterns.get(&key)) {
                    (true, Some(named)) => TypeRef::Named(named.clone()),
                    _ => {
                        if let Some(p) = &s.pattern {
                            constraints.pattern = Some(pattern::compile(p, &pointer(at, "pattern"))?);
                        }
                        constraints.min_length = s.min_length.map(|n| n as u64);
                        constraints.max_length = s.max_length.map(|n| n as u64);
                        format = format_name(&s.format);
                        string_pattern = s.pattern.clone();
                        match &s.format {
                            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                            _ => TypeRef::String,
                        }
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                constraints.minimum = i.minimum.map(|n| n as f64);
                constraints.maximum = i.maximum.map(|n| n as f64);
                format = format_name(&i.format);
                match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                    _ => TypeRef::I64,
                }
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
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    Some(openapiv3::AdditionalProperties::Schema(values)) => {
                        let value = self.schema(
                            refd(values.as_ref()),
                            &pointer(at, "additionalProperties"),
                            &format!("{hint} value"),
                            depth + 1,
                        )?;
                        TypeRef::Map(Box::new(value.ty))
                    }
                    _ => TypeRef::Map(Box::new(TypeRef::Json)),
                }
            }
            SchemaKind::Type(Type::Object(object)) => {
                let kind =
                    TypeKind::Struct(self.object(&object.properties, &object.required, at, &camel(hint), depth)?);
                self.inline_type(hint, at, data, kind)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let kind = TypeKind::Struct(self.object(&any.properties, &any.required, at, &camel(hint), depth)?);
                self.inline_type(hint, at, data, kind)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let member_at = pointer(&pointer(at, "allOf"), "0");
                let inner = self.schema(refd(&all_of[0]), &member_at, hint, depth + 1)?;
                return Ok(Lowered {
                    nullable: data.nullable || inner.nullable,
                    doc: docs(data).or(inner.doc),
                    secret: is_secret(schema) || inner.secret,
                    ..inner
                });
            }
            SchemaKind::AllOf { all_of } if !all_of.is_empty() => {
                let kind = self.merged(all_of, at, &camel(hint), depth)?;
                self.inline_type(hint, at, data, kind)
            }
            SchemaKind::OneOf { .. } => return Err(unsupported(at, "oneOf")),
            SchemaKind::AnyOf { .. } => return Err(unsupported(at, "anyOf")),
            SchemaKind::Not { .. } => return Err(unsupported(at, "not")),
            SchemaKind::AllOf { .. } | SchemaKind::Any(_) => TypeRef::Json,
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
        self.add_type(TypeDef { name: name.clone(), doc: docs(data), pointer: at.to_owned(), kind });
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
        let doc: &'a openapiv3::OpenAPI = self.doc;
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(schema) => return Ok(schema),
                ReferenceOr::Reference { reference } => {
                    self.schema_ref(reference, at)?;
                    let key = unescape(reference.strip_prefix(SCHEMAS).unwrap_or_default());
                    current = match doc.components.as_ref().and_then(|c| c.schemas.get(&key)) {
                        Some(next) => next,
                        None => {
                            return Err(Error::at(at, format!("reference {reference:?} does not resolve"))
                                .help("define it under components/schemas, or fix the reference"))
                        }
                    };
                }
            }
        }
        Err(Error::at(at, "a cycle of $ref schemas that never reaches a schema")
            .help("one schema of the cycle must define a type"))
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

fn unsupported(at: &str, keyword: &str) -> Error {
    Error::at(at, format!("`{keyword}` schemas are not supported"))
        .help("describe the value with a single schema (an object with optional properties), or mark it untyped")
}
