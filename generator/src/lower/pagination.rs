//! Pagination: the `x-pagination` extension of an operation, checked against its parameters and response; or the
//! one the document declares at its root for all of its lists.
//!
//! A root `x-pagination` names an envelope once (`style: next-url`, `next-url: meta.next_page_url`,
//! `page-size: PageSize`; or `style: offset` with `limit`, `offset` and `total`). It applies to every GET
//! operation without an `x-pagination` of its own whose success response has that envelope: the `next-url` (or
//! `total`) property, and the `limit` and `offset` query parameters for offset lists. Its `items` is the page's
//! array property the declaration names, or else the page's one array property (a page with several does not
//! take the declaration). A `page-size` the operation does not have is left out for it. Nothing is paginated
//! that the document does not declare.

use super::Lowerer;
use crate::error::{pointer, Error};
use crate::ir::*;

impl<'a> Lowerer<'a> {
    pub(super) fn pagination(
        &self,
        extension: &serde_json::Value,
        op: &Operation,
        at: &str,
    ) -> Result<Pagination, Error> {
        const STYLES: &str = "style next-url takes items, next-url, page-size; style offset takes items, limit, offset, total (see README.md)";
        if !extension.is_object() {
            return Err(Error::at(at, format!("x-pagination must be a map, not {extension}"))
                .help(format!("write it as {{style: next-url, items: ..., next-url: ...}}: {STYLES}")));
        }
        let get = |key: &str| -> Result<&str, Error> {
            extension
                .get(key)
                .and_then(|v| v.as_str())
                .ok_or_else(|| Error::at(pointer(at, key), format!("x-pagination needs a string `{key}`")).help(STYLES))
        };
        let page = match op.response.json_body() {
            Some(TypeRef::Named(name)) => name.clone(),
            _ => {
                return Err(Error::at(at, "x-pagination needs the success response to be an object schema")
                    .help("describe the page as an object with the items array and the next-page property"))
            }
        };
        let items_wire = get("items")?;
        let (items, item) = match self.field_path(&page, items_wire, &pointer(at, "items"))? {
            mut path if path.len() == 1 => match path.remove(0) {
                FieldStep { ty: TypeRef::Array(item), name, optional } => {
                    (FieldStep { ty: TypeRef::Array(item.clone()), name, optional }, *item)
                }
                _ => {
                    return Err(Error::at(
                        pointer(at, "items"),
                        format!("{items_wire:?} is not an array property of the page"),
                    )
                    .help("name the property of the page that holds the items, an array"))
                }
            },
            _ => {
                return Err(Error::at(
                    pointer(at, "items"),
                    format!("{items_wire:?} must be a top-level property of the page"),
                )
                .help("name an array property of the page itself, without dots"))
            }
        };
        let param = |wire: &str, key: &str| -> Result<&Param, Error> {
            op.params.fields.iter().find(|p| p.wire == wire && p.location == Location::Query).ok_or_else(|| {
                Error::at(pointer(at, key), format!("{wire:?} is not a query parameter of {}", op.id))
                    .help("name a parameter declared with `in: query` on this operation or its path")
            })
        };
        let param_ref = |p: &Param| ParamRef {
            name: p.name.clone(),
            ty: p.ty.clone(),
            maximum: p.constraints.maximum.map(|m| m as i64),
        };
        let integer = |p: &Param, key: &str| -> Result<ParamRef, Error> {
            match p.ty {
                TypeRef::I32 | TypeRef::I64 => Ok(param_ref(p)),
                _ => Err(Error::at(pointer(at, key), format!("parameter {:?} must be an integer", p.wire))
                    .help("give the parameter `type: integer`")),
            }
        };
        let style = match get("style")? {
            "next-url" => PaginationStyle::NextUrl {
                next_url: self.field_path(&page, get("next-url")?, &pointer(at, "next-url"))?,
                page_size: match extension.get("page-size").and_then(|v| v.as_str()) {
                    Some(wire) => Some(integer(param(wire, "page-size")?, "page-size")?),
                    None => None,
                },
            },
            "offset" => {
                let limit = param(get("limit")?, "limit")?;
                PaginationStyle::Offset {
                    default_limit: limit.default.as_deref().and_then(|d| d.parse().ok()),
                    limit: integer(limit, "limit")?,
                    offset: integer(param(get("offset")?, "offset")?, "offset")?,
                    total: match extension.get("total").and_then(|v| v.as_str()) {
                        Some(total) => Some(self.field_path(&page, total, &pointer(at, "total"))?),
                        None => None,
                    },
                }
            }
            other => {
                return Err(Error::at(pointer(at, "style"), format!("unknown pagination style {other:?}"))
                    .help("use next-url or offset"))
            }
        };
        Ok(Pagination { page: TypeRef::Named(page), item, items, style })
    }

    /// Reads the root declaration once: a map with a known style, else it is left out with a warning (an error with
    /// `--strict`) and no operation takes it.
    pub(super) fn read_declared_pagination(&mut self) {
        let Some(declared) = self.doc.extensions.get("x-pagination") else { return };
        let style = declared.get("style").and_then(|v| v.as_str());
        match (declared.as_object(), style) {
            (Some(map), Some("next-url" | "offset")) => self.declared = Some(map.clone()),
            (Some(_) | None, _) => self.skipped.push(Skipped {
                file: None,
                what: Part::Pagination,
                location: "/x-pagination".to_owned(),
                message: format!("x-pagination must be a map with style next-url or offset, not {declared}"),
                help: Some("write {style: next-url, next-url: ..., page-size: ...} (see README.md)".to_owned()),
            }),
        }
    }

    /// The root declaration, completed for `op` (its `items`, its `page-size`), when `op` has its envelope.
    pub(super) fn declared_pagination(&self, op: &Operation) -> Option<serde_json::Value> {
        let map = self.declared.as_ref()?;
        let page = match (op.http_method, op.response.json_body()) {
            (HttpMethod::Get, Some(TypeRef::Named(name))) => name,
            _ => return None,
        };
        let Some(TypeKind::Struct(fields)) = self.types.get(page).map(|t| &t.kind) else { return None };
        let text = |key: &str| map.get(key).and_then(|v| v.as_str());
        let has_path = |key: &str| text(key).is_none_or(|dotted| self.field_path(page, dotted, "").is_ok());
        let has_param = |key: &str| {
            text(key)
                .is_some_and(|wire| op.params.fields.iter().any(|p| p.wire == wire && p.location == Location::Query))
        };
        let fits = match text("style") {
            Some("next-url") => text("next-url").is_some() && has_path("next-url"),
            Some("offset") => has_param("limit") && has_param("offset") && has_path("total"),
            Some(_) | None => false,
        };
        let arrays: Vec<&Field> = fields.fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_))).collect();
        let items = match (text("items"), arrays.as_slice()) {
            (Some(items), _) => fields.fields.iter().find(|f| f.wire == items).map(|f| f.wire.clone()),
            (None, [only]) => Some(only.wire.clone()),
            (None, _) => None,
        };
        let (true, Some(items)) = (fits, items) else { return None };
        let mut completed = map.clone();
        completed.insert("items".to_owned(), serde_json::Value::String(items));
        if !has_param("page-size") {
            completed.remove("page-size");
        }
        Some(serde_json::Value::Object(completed))
    }

    /// Resolves a dotted path of wire names (`meta.next_page_url`) through struct types to fields.
    pub(super) fn field_path(&self, start: &str, dotted: &str, at: &str) -> Result<Vec<FieldStep>, Error> {
        let mut ty = TypeRef::Named(start.to_owned());
        let mut path = Vec::new();
        for segment in dotted.split('.') {
            let field = match &ty {
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => s.fields.iter().find(|f| f.wire == segment),
                    _ => None,
                },
                _ => None,
            };
            let Some(field) = field else {
                return Err(Error::at(at, format!("the response has no property {dotted:?}"))
                    .help("name a property of the response schema, with dots for nested objects"));
            };
            path.push(FieldStep { name: field.name.clone(), optional: field.optional, ty: field.ty.clone() });
            ty = field.ty.clone();
        }
        Ok(path)
    }
}
