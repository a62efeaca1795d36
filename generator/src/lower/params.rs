//! Parameters and request bodies: what a request sends besides its path, as the fields of one params struct.

use super::media::{essence, header_value, is_form, is_json};
use super::names::Scope;
use super::refs;
use super::schemas::refd;
use super::Lowerer;
use crate::error::{pointer, Error};
use crate::ir::*;
use openapiv3::{Parameter, ReferenceOr};

impl<'a> Lowerer<'a> {
    /// Whether `param`'s value is written from its JSON form (it is a struct, or a list, map or alias of
    /// structs), as a query parameter, form field, header or part can be; a path segment takes a scalar (or a
    /// union of them) only, and only a part takes an upload.
    pub(super) fn serialized(&self, param: &Param) -> Result<bool, Error> {
        let path = match param.location {
            Location::Path => true,
            Location::Query | Location::Header | Location::Form | Location::Part => false,
            Location::JsonBody | Location::BytesBody => return Ok(false),
        };
        let part = param.location == Location::Part;
        let mut ty = &param.ty;
        for _ in 0..32 {
            let kind = match ty {
                TypeRef::Named(name) => self.types.get(name).map(|t| &t.kind),
                TypeRef::Array(inner) | TypeRef::Map(inner) if !path => {
                    ty = inner;
                    continue;
                }
                TypeRef::Json if path => None,
                TypeRef::Upload if part => return Ok(false),
                TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Bytes | TypeRef::Upload => None,
                TypeRef::String
                | TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F64
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Json => return Ok(false),
            };
            match kind {
                Some(TypeKind::Alias(target)) => ty = target,
                Some(TypeKind::Pattern(_) | TypeKind::Enum(_)) => return Ok(false),
                Some(TypeKind::Union(_)) if !path => return Ok(false),
                Some(TypeKind::Union(u)) if super::textual_union(&|name| self.types.get(name).map(|t| &t.kind), u) => {
                    return Ok(false)
                }
                Some(TypeKind::Struct(_)) if !path => return Ok(true),
                Some(TypeKind::Union(_) | TypeKind::Struct(_)) | None => break,
            }
        }
        let (what, place, help) = if path {
            (
                "an object, list or JSON value",
                "a path segment",
                "describe the parameter as a string, number, boolean or enum",
            )
        } else {
            ("binary data", "a query parameter, header or form field", "send binary data in the request body")
        };
        Err(Error::at(&param.pointer, format!("parameter {:?} is {what}, which {place} cannot carry", param.wire))
            .help(help))
    }

    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        id: &str,
        fields: &mut Vec<Param>,
        names: &mut Scope,
    ) -> Result<Option<RequestBody>, Error> {
        let body = refs::resolve(self.doc, body, at)?;
        let content_at = pointer(at, "content");
        // JSON first, then form, then the first other media type.
        let chosen = body
            .content
            .iter()
            .find(|(k, _)| is_json(k))
            .or_else(|| body.content.iter().find(|(k, _)| is_form(k)))
            .or_else(|| body.content.iter().next());
        let Some((media_type, media)) = chosen else {
            return Err(Error::at(content_at, "the request body lists no media type")
                .help("add a media type, for example application/json with its schema"));
        };
        let media_at = pointer(&content_at, media_type);
        header_value(media_type, &media_at)?;
        let multipart = essence(media_type).starts_with("multipart/");
        if is_form(media_type) || multipart {
            let (location, kind) =
                if multipart { (Location::Part, BodyKind::Multipart) } else { (Location::Form, BodyKind::Form) };
            let body = BodyFields { media, media_at: &media_at, id, location };
            // A body without fields sends nothing.
            let any = self.body_fields(body, fields, names)?;
            return Ok(any.then(|| RequestBody { kind, media_type: media_type.clone() }));
        }
        if is_json(media_type) {
            let schema_at = pointer(&media_at, "schema");
            let Some(schema) = &media.schema else {
                return Err(Error::at(schema_at, "a JSON body needs a schema").help("add a schema"));
            };
            let lowered = self.schema(refd(schema), &schema_at, &format!("{id} Body"), 0)?;
            let field = names.unique("body".to_owned());
            fields.push(Param {
                name: field.clone(),
                wire: "body".to_owned(),
                location: Location::JsonBody,
                ty: lowered.ty,
                required: true,
                doc: body.description.clone().or(lowered.doc),
                secret: false,
                constraints: Constraints::default(),
                default: None,
                format: None,
                pattern: None,
                pointer: schema_at,
                style: Style::Simple,
                serialized: false,
            });
            return Ok(Some(RequestBody { kind: BodyKind::Json { field }, media_type: media_type.clone() }));
        }
        if essence(media_type).contains('*') {
            return Err(Error::at(media_at, format!("request media type {media_type:?} is a range, not a media type"))
                .help("name the media type the API takes, for example application/octet-stream"));
        }
        let doc = format!("The request body, sent as `{media_type}`.");
        let field = names.unique("body".to_owned());
        fields.push(Param {
            name: field.clone(),
            wire: "body".to_owned(),
            location: Location::BytesBody,
            ty: TypeRef::Bytes,
            required: true,
            doc: Some(body.description.clone().map_or(doc.clone(), |d| format!("{}\n\n{doc}", d.trim()))),
            secret: false,
            constraints: Constraints::default(),
            default: None,
            format: None,
            pattern: None,
            pointer: media_at,
            style: Style::Simple,
            serialized: false,
        });
        Ok(Some(RequestBody { kind: BodyKind::Bytes { field }, media_type: media_type.clone() }))
    }

    /// The properties of a form or multipart body's schema, as fields of the request at `body.location`; whether
    /// there are any. In a multipart body a binary string (or a list of them) is an upload.
    fn body_fields(&mut self, body: BodyFields, fields: &mut Vec<Param>, names: &mut Scope) -> Result<bool, Error> {
        let Some(schema) = &body.media.schema else { return Ok(false) };
        let schema_at = pointer(body.media_at, "schema");
        let resolved = self.resolve_schema(schema, &schema_at)?;
        let (properties, required) = match &resolved.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => (&o.properties, &o.required),
            openapiv3::SchemaKind::Any(a) => (&a.properties, &a.required),
            _ => {
                return Err(Error::at(schema_at, "a form or multipart body must be an object schema")
                    .help("list the fields as properties"))
            }
        };
        let mut any = false;
        for (wire, property) in properties {
            let property_at = pointer(&pointer(&schema_at, "properties"), wire);
            let schema = super::schemas::unbox(property);
            let upload = match body.location {
                Location::Part => self.upload(schema.clone(), &property_at)?,
                Location::Form
                | Location::Path
                | Location::Query
                | Location::Header
                | Location::JsonBody
                | Location::BytesBody => None,
            };
            let mut lowered = self.schema(schema, &property_at, &format!("{} {wire}", body.id), 1)?;
            if let Some(ty) = upload {
                lowered.ty = ty;
            }
            let encoding = body.media.encoding.get(wire);
            fields.push(Param {
                name: names.unique(super::names::param_field(wire, &lowered.ty)),
                wire: wire.clone(),
                location: body.location,
                doc: super::names::comparison_doc(wire, &lowered.ty, lowered.doc),
                ty: lowered.ty,
                required: required.contains(wire),
                secret: lowered.secret,
                constraints: lowered.constraints,
                default: lowered.default,
                format: lowered.format,
                pattern: lowered.pattern,
                pointer: property_at,
                style: encoding.map_or(Style::Form, |encoding| {
                    style(encoding.style.as_ref().unwrap_or(&openapiv3::QueryStyle::Form), Some(encoding.explode))
                }),
                serialized: false,
            });
            any = true;
        }
        Ok(any)
    }

    /// [`TypeRef::Upload`] for a binary string, a list of them for a list of binary strings; `None` otherwise.
    fn upload(&self, schema: ReferenceOr<&openapiv3::Schema>, at: &str) -> Result<Option<TypeRef>, Error> {
        let resolved = self.resolve_borrowed(schema, at)?;
        if binary(resolved) {
            return Ok(Some(TypeRef::Upload));
        }
        if let openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) = &resolved.schema_kind {
            if let Some(items) = &array.items {
                if binary(self.resolve_borrowed(super::schemas::unbox(items), &pointer(at, "items"))?) {
                    return Ok(Some(TypeRef::Array(Box::new(TypeRef::Upload))));
                }
            }
        }
        Ok(None)
    }
}

/// Whether `schema` is a binary string (`format: binary`).
fn binary(schema: &openapiv3::Schema) -> bool {
    matches!(&schema.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(s))
        if s.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
}

/// A form or multipart body's schema and where its fields go.
struct BodyFields<'m> {
    media: &'m openapiv3::MediaType,
    media_at: &'m str,
    id: &'m str,
    location: Location,
}

/// The style of a query parameter or form field, from the spec's `style` and `explode` (which is true by default
/// for `form` only). `spaceDelimited` and `pipeDelimited` exploded are repeated keys, as `form` is.
pub(super) fn style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> Style {
    use openapiv3::QueryStyle as Written;
    let explode = explode.unwrap_or(matches!(style, Written::Form));
    match (style, explode) {
        (Written::DeepObject, _) => Style::DeepObject,
        (_, true) => Style::Form,
        (Written::Form, false) => Style::FormJoined,
        (Written::SpaceDelimited, false) => Style::SpaceDelimited,
        (Written::PipeDelimited, false) => Style::PipeDelimited,
    }
}

/// Documentation for a parameter the spec does not describe, from its name and place.
pub(super) fn default_doc(param: &Param) -> String {
    let wire = &param.wire;
    match param.location {
        Location::Path => format!("The `{wire}` path parameter."),
        Location::Query => format!("The `{wire}` query parameter."),
        Location::Header => format!("The `{wire}` header."),
        Location::Form => format!("The `{wire}` form field."),
        Location::Part => format!("The `{wire}` part."),
        Location::JsonBody | Location::BytesBody => "The request body.".to_owned(),
    }
}

pub(super) fn same_place(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}
