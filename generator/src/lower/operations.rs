//! Operations: parameters, bodies, responses, servers, security and pagination of every path.

use super::names::{self, camel, snake, Scope};
use super::resources;
use super::schemas::refd;
use super::Lowerer;
use crate::error::{pointer, Error};
use crate::ir::*;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use std::collections::BTreeMap;

impl<'a> Lowerer<'a> {
    /// Every operation that can be generated, in modules by tag; the others are recorded as skipped.
    pub(super) fn lower_operations(&mut self, schemes: &[SecurityScheme]) -> (Vec<Module>, resources::Overrides) {
        let mut modules: BTreeMap<String, Module> = BTreeMap::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut overrides = resources::Overrides::new();
        for (path, item) in &self.doc.paths.paths {
            let path_at = pointer("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.attempt(format!("path `{path}`"), |_| -> Result<(), Error> {
                        Err(Error::at(&path_at, "path items given by $ref are not supported")
                            .help("write the path item inline"))
                    });
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let at = pointer(&path_at, method);
                let what = format!("operation `{}`", op.operation_id.clone().unwrap_or_else(|| path_id(method, path)));
                let lowered = self.attempt(what, |this| {
                    let http_method = match method {
                        "get" => HttpMethod::Get,
                        "post" => HttpMethod::Post,
                        "put" => HttpMethod::Put,
                        "patch" => HttpMethod::Patch,
                        "delete" => HttpMethod::Delete,
                        "head" => HttpMethod::Head,
                        "options" => HttpMethod::Options,
                        "trace" => HttpMethod::Trace,
                        other => {
                            return Err(Error::at(
                                &at,
                                format!("HTTP method {} is not supported", other.to_uppercase()),
                            )
                            .help("use GET, POST, PUT, PATCH or DELETE"))
                        }
                    };
                    let id = op.operation_id.clone().unwrap_or_else(|| path_id(method, path));
                    if let Some(first) = ids.get(&id) {
                        return Err(Error::at(
                            pointer(&at, "operationId"),
                            format!("operationId {id:?} is already used at {first}"),
                        )
                        .help("give every operation its own operationId"));
                    }
                    let operation = this.operation(path, item, op, http_method, &id, &at, schemes)?;
                    overrides.read(&operation, item, op, &path_at, &at)?;
                    ids.insert(id, at.clone());
                    Ok(operation)
                });
                let Some(operation) = lowered else { continue };
                let tag = op.tags.first().cloned().unwrap_or_else(|| "operations".to_owned());
                let module = modules.entry(names::module(&tag)).or_insert_with(|| Module {
                    name: names::module(&tag),
                    accessor: None,
                    handle: String::new(),
                    doc: self.doc.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone()),
                    resources: Vec::new(),
                    operations: Vec::new(),
                });
                module.operations.push(operation);
            }
        }
        let tagged = self.doc.paths.iter().any(|(_, item)| {
            item.as_item().is_some_and(|item| item.iter().any(|(_, op)| !op.tags.is_empty()))
        });
        overrides.on_client = !tagged;
        (modules.into_values().collect(), overrides)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        http_method: HttpMethod,
        id: &str,
        at: &str,
        schemes: &[SecurityScheme],
    ) -> Result<Operation, Error> {
        let server = self.operation_server(item, op, at)?;
        let security = self.operation_security(op, at, schemes)?;

        // Parameters: the path item's, overridden by the operation's of the same name and place.
        let mut declared: Vec<(String, &Parameter)> = Vec::new();
        for (list, list_at) in [
            (&item.parameters, pointer(&pointer("/paths", path), "parameters")),
            (&op.parameters, pointer(at, "parameters")),
        ] {
            for (i, param) in list.iter().enumerate() {
                let param_at = pointer(&list_at, &i.to_string());
                let param = self.resolve_parameter(param, &param_at)?;
                let data = param.parameter_data_ref();
                declared.retain(|(_, p)| !(p.parameter_data_ref().name == data.name && same_place(p, param)));
                declared.push((param_at, param));
            }
        }

        let mut path_params = Vec::new();
        let mut fields = Vec::new();
        // Path parameters become fields of the request and arguments beside the required fields: one scope.
        let mut field_names = Scope::with(crate::surface::OPERATION_RESERVED);
        for (param_at, param) in &declared {
            let location = match param {
                Parameter::Path { .. } => Location::Path,
                Parameter::Query { .. } => Location::Query,
                Parameter::Header { .. } => Location::Header,
                Parameter::Cookie { .. } => {
                    return Err(Error::at(param_at, "cookie parameters are not supported")
                        .help("send the value as a header or query parameter"))
                }
            };
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(Error::at(
                        param_at,
                        format!("parameter {:?} uses `content`, which is not supported", data.name),
                    )
                    .help("describe the parameter with `schema`"))
                }
            };
            let hint = format!("{id} {}", data.name);
            let lowered = self.schema(refd(schema), &pointer(param_at, "schema"), &hint, 0)?;
            let param = Param {
                name: field_names.unique(snake(&data.name)),
                wire: data.name.clone(),
                location,
                ty: lowered.ty,
                required: data.required || location == Location::Path,
                doc: data.description.clone().or(lowered.doc),
                secret: lowered.secret || data.extensions.get("x-secret").and_then(|v| v.as_bool()).unwrap_or(false),
                constraints: lowered.constraints,
                default: lowered.default,
                format: lowered.format,
                pattern: lowered.pattern,
                pointer: param_at.clone(),
            };
            if location == Location::Path {
                let mut param = param;
                self.type_id(&mut param, path);
                path_params.push(param);
            } else {
                fields.push(param);
            }
        }
        let path_parts = path_parts(path, &path_params, at)?;
        let body = match &op.request_body {
            Some(body) => self.request_body(body, &pointer(at, "requestBody"), id, &mut fields, &mut field_names)?,
            None => None,
        };
        for param in path_params.iter().chain(&fields) {
            self.check_written(param)?;
        }
        let undocumented = |p: &&mut Param| p.doc.as_deref().is_none_or(|d| d.trim().is_empty());
        for param in path_params.iter_mut().chain(fields.iter_mut()).filter(undocumented) {
            param.doc = Some(default_doc(param));
        }
        let params = if fields.is_empty() {
            None
        } else {
            Some(Params { name: self.type_names.unique(camel(&format!("{id} Params"))), fields })
        };
        let (mut response, error_type) = self.responses(op, id, at)?;
        if http_method == HttpMethod::Head
            && matches!(response.body, ResponseBody::Json(_) | ResponseBody::Text | ResponseBody::Bytes)
        {
            // The answer to HEAD has no body, whatever the spec documents for it.
            response.body = ResponseBody::Empty;
            response.media_type = None;
        }
        let path_values = vec![PathValue::Argument; path_params.len()];
        let mut operation = Operation {
            id: id.to_owned(),
            resource: None,
            // Named with the other methods of its resource, once every operation is known.
            method_name: String::new(),
            request: self.type_names.unique(camel(&format!("{id} Request"))),
            http_method,
            path: path.to_owned(),
            path_parts,
            pointer: at.to_owned(),
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            server,
            security,
            path_params,
            path_values,
            params,
            body,
            response,
            error_type,
            pagination: None,
        };
        if let Some(extension) = op.extensions.get("x-pagination") {
            operation.pagination = Some(self.pagination(extension, &operation, &pointer(at, "x-pagination"))?);
        }
        Ok(operation)
    }

    /// A parameter's type can be written where it goes: a path segment takes one scalar; a query parameter,
    /// header or form field also lists (repeated keys), maps, unions and JSON (as text), but not a struct.
    fn check_written(&self, param: &Param) -> Result<(), Error> {
        let place = match param.location {
            Location::Path => "a path segment",
            Location::Query | Location::Header | Location::Form => "a query parameter, header or form field",
            Location::JsonBody | Location::BytesBody => return Ok(()),
        };
        let path = param.location == Location::Path;
        let mut ty = &param.ty;
        for _ in 0..32 {
            let kind = match ty {
                TypeRef::Named(name) => self.types.get(name).map(|t| &t.kind),
                TypeRef::Array(inner) | TypeRef::Map(inner) if !path => {
                    ty = inner;
                    continue;
                }
                TypeRef::Json if path => None,
                TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Bytes => None,
                TypeRef::String
                | TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F64
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Json => return Ok(()),
            };
            match kind {
                Some(TypeKind::Alias(target)) => ty = target,
                Some(TypeKind::Pattern(_) | TypeKind::Enum(_)) => return Ok(()),
                Some(TypeKind::Union(_)) if !path => return Ok(()),
                Some(TypeKind::Union(_) | TypeKind::Struct(_)) | None => break,
            }
        }
        Err(Error::at(
            &param.pointer,
            format!("parameter {:?} is an object, list or JSON value, which {place} cannot carry", param.wire),
        )
        .help("describe the parameter as a string, number, boolean or enum (a list of them for a query parameter)"))
    }

    fn resolve_parameter<'p>(&self, param: &'p ReferenceOr<Parameter>, at: &str) -> Result<&'p Parameter, Error>
    where
        'a: 'p,
    {
        let doc: &'a openapiv3::OpenAPI = self.doc;
        match param {
            ReferenceOr::Item(param) => Ok(param),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/parameters/");
                let found = key.and_then(|k| doc.components.as_ref()?.parameters.get(k));
                match found {
                    Some(ReferenceOr::Item(param)) => Ok(param),
                    _ => Err(Error::at(at, format!("reference {reference:?} does not resolve to a parameter"))
                        .help("define it under components/parameters")),
                }
            }
        }
    }

    fn operation_server(
        &mut self,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        at: &str,
    ) -> Result<usize, Error> {
        let (servers, servers_at) = if !op.servers.is_empty() {
            (&op.servers, pointer(at, "servers"))
        } else if !item.servers.is_empty() {
            (&item.servers, pointer(at.rsplit_once('/').map_or(at, |(p, _)| p), "servers"))
        } else {
            (&self.doc.servers, "/servers".to_owned())
        };
        match servers.first() {
            Some(server) => self.server(server, &pointer(&servers_at, "0")),
            // OpenAPI's default: the root of the host the document was served from, given at run time.
            None => {
                let root = openapiv3::Server { url: "/".to_owned(), ..openapiv3::Server::default() };
                self.server(&root, "/servers")
            }
        }
    }

    /// The operation's security requirements (its own, or else the document's), as scheme keys. The scopes a
    /// requirement names for an OAuth2 scheme must be declared by its flow; they are gathered into the scopes
    /// the scheme's token request asks for. Scopes named for other schemes are ignored.
    fn operation_security(
        &mut self,
        op: &openapiv3::Operation,
        at: &str,
        schemes: &[SecurityScheme],
    ) -> Result<Vec<Vec<String>>, Error> {
        let doc: &'a openapiv3::OpenAPI = self.doc;
        let (requirements, req_at) = match &op.security {
            Some(s) => (s, pointer(at, "security")),
            None => match &doc.security {
                Some(s) => (s, "/security".to_owned()),
                None => return Ok(Vec::new()),
            },
        };
        let mut out = Vec::new();
        let mut unusable = None;
        for (i, requirement) in requirements.iter().enumerate() {
            let mut keys = Vec::new();
            for (key, scopes) in requirement {
                if let Some(reason) = self.skipped_schemes.get(key) {
                    unusable = Some((key.clone(), reason.clone()));
                    keys.clear();
                    break;
                }
                if !schemes.iter().any(|s| &s.key == key) {
                    return Err(Error::at(
                        pointer(&req_at, &i.to_string()),
                        format!("unknown security scheme {key:?}"),
                    )
                    .help("declare it under components/securitySchemes"));
                }
                if let Some(oauth) = self.oauth_scopes.get_mut(key) {
                    for (j, scope) in scopes.iter().enumerate() {
                        if !oauth.declared.contains(scope) {
                            let scope_at = pointer(&pointer(&pointer(&req_at, &i.to_string()), key), &j.to_string());
                            return Err(Error::at(
                                scope_at,
                                format!("scope {scope:?} is not declared by the clientCredentials flow of {key:?}"),
                            )
                            .help(format!(
                                "declare it under components/securitySchemes/{key}/flows/clientCredentials/scopes, \
                                 or correct its spelling"
                            )));
                        }
                        oauth.requested.insert(scope.clone());
                    }
                }
                keys.push(key.clone());
            }
            if !keys.is_empty() || requirement.is_empty() {
                out.push(keys);
            }
        }
        match unusable {
            Some((key, reason)) if out.is_empty() => Err(Error::at(
                req_at,
                format!("every security requirement needs the scheme {key:?}, which is not generated: {reason}"),
            )
            .help("add a requirement with a supported scheme (http basic or bearer, apiKey, oauth2)")),
            _ => Ok(out),
        }
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        id: &str,
        fields: &mut Vec<Param>,
        names: &mut Scope,
    ) -> Result<Option<RequestBody>, Error> {
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/requestBodies/");
                match key.and_then(|k| self.doc.components.as_ref()?.request_bodies.get(k)) {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        return Err(Error::at(
                            at,
                            format!("reference {reference:?} does not resolve to a request body"),
                        )
                        .help("define it under components/requestBodies"))
                    }
                }
            }
        };
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
        if is_form(media_type) {
            let Some(schema) = &media.schema else { return Ok(None) };
            let schema_at = pointer(&media_at, "schema");
            let resolved = self.resolve_schema(schema, &schema_at)?;
            let (properties, required) = match &resolved.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => (&o.properties, &o.required),
                openapiv3::SchemaKind::Any(a) => (&a.properties, &a.required),
                _ => {
                    return Err(Error::at(schema_at, "a form body must be an object schema")
                        .help("list the form fields as properties"))
                }
            };
            for (wire, property) in properties {
                let property_at = pointer(&pointer(&schema_at, "properties"), wire);
                let lowered = self.schema(super::schemas::unbox(property), &property_at, &format!("{id} {wire}"), 1)?;
                fields.push(Param {
                    name: names.unique(snake(wire)),
                    wire: wire.clone(),
                    location: Location::Form,
                    ty: lowered.ty,
                    required: required.contains(wire),
                    doc: lowered.doc,
                    secret: lowered.secret,
                    constraints: lowered.constraints,
                    default: lowered.default,
                    format: lowered.format,
                    pattern: lowered.pattern,
                    pointer: property_at,
                });
            }
            // A form without fields sends nothing, as before.
            let any = fields.iter().any(|f| f.location == Location::Form);
            return Ok(any.then(|| RequestBody { kind: BodyKind::Form, media_type: media_type.clone() }));
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
            });
            return Ok(Some(RequestBody { kind: BodyKind::Json { field }, media_type: media_type.clone() }));
        }
        let essence = essence(media_type);
        if essence.starts_with("multipart/") {
            return Err(Error::at(media_at, format!("request media type {media_type:?} is not supported"))
                .help("multipart bodies are not generated; offer application/json, application/x-www-form-urlencoded or a single-part media type such as application/octet-stream"));
        }
        if essence.contains('*') {
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
        });
        Ok(Some(RequestBody { kind: BodyKind::Bytes { field }, media_type: media_type.clone() }))
    }

    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        id: &str,
        at: &str,
    ) -> Result<(Response, Option<TypeRef>), Error> {
        let responses_at = pointer(at, "responses");
        let mut statuses = Vec::new();
        let mut redirects = Vec::new();
        // The first success response with content decides the body; the first redirect with content, the
        // Accept of a redirect-only operation.
        let mut body: Option<(ResponseBody, String)> = None;
        let mut redirect_media: Option<String> = None;
        let mut error_type = None;
        let mut error_media: Option<String> = None;
        // The statuses that send the client elsewhere with a `Location` (not 300, 304 or 305).
        let is_redirect = |code: &StatusCode| matches!(code, StatusCode::Code(301 | 302 | 303 | 307 | 308));
        let is_success = |code: &StatusCode| matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2));
        // With no 2xx or redirect documented, `default` is the answer the operation gives.
        let default_succeeds = !op.responses.responses.keys().any(|c| is_success(c) || is_redirect(c));
        let mut any_success = false;
        let entries = op.responses.responses.iter().map(|(code, r)| (Some(code), r));
        for (code, response) in entries.chain(op.responses.default.iter().map(|r| (None, r))) {
            let (key, success) = match code {
                Some(StatusCode::Code(c)) => (c.to_string(), (200..300).contains(c)),
                Some(StatusCode::Range(r)) => (format!("{r}XX"), *r == 2),
                None => ("default".to_owned(), default_succeeds),
            };
            any_success |= success;
            let redirect = code.is_some_and(is_redirect);
            let error = match code {
                None => !default_succeeds,
                Some(code) => matches!(code, StatusCode::Code(400..=599) | StatusCode::Range(4 | 5)),
            };
            let response_at = pointer(&responses_at, &key);
            let response = match response {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/responses/");
                    match key.and_then(|k| self.doc.components.as_ref()?.responses.get(k)) {
                        Some(ReferenceOr::Item(r)) => r,
                        _ => {
                            return Err(Error::at(
                                response_at,
                                format!("reference {reference:?} does not resolve to a response"),
                            )
                            .help("define it under components/responses"))
                        }
                    }
                }
            };
            if let Some(StatusCode::Code(c)) = code {
                if success {
                    statuses.push(*c);
                } else if redirect {
                    redirects.push(*c);
                }
            }
            let content_at = pointer(&response_at, "content");
            // JSON first, then the first other media type.
            let chosen = response.content.iter().find(|(k, _)| is_json(k)).or_else(|| response.content.iter().next());
            let Some((media_type, media)) = chosen else { continue };
            let media_at = pointer(&content_at, media_type);
            if redirect && redirect_media.is_none() {
                header_value(media_type, &media_at)?;
                redirect_media = Some(media_type.clone());
            }
            if success && body.is_none() {
                header_value(media_type, &media_at)?;
                if !is_json(media_type) {
                    let kind =
                        if essence(media_type).starts_with("text/") { ResponseBody::Text } else { ResponseBody::Bytes };
                    body = Some((kind, media_type.clone()));
                    continue;
                }
                // A JSON body without a schema is not decoded; a later success response may describe one.
                let Some(schema) = &media.schema else { continue };
                let schema_at = pointer(&media_at, "schema");
                let lowered = self.schema(refd(schema), &schema_at, &format!("{id} Response"), 0)?;
                body = Some((ResponseBody::Json(lowered.ty), media_type.clone()));
            }
            if error && error_media.is_none() {
                header_value(media_type, &media_at)?;
                error_media = Some(media_type.clone());
            }
            // Error bodies that are not JSON are kept as text (`ApiErrorBody::Raw`).
            if error && error_type.is_none() && is_json(media_type) {
                let Some(schema) = &media.schema else { continue };
                let schema_at = pointer(&media_at, "schema");
                error_type = Some(self.schema(refd(schema), &schema_at, &format!("{id} Error"), 0)?.ty);
            }
        }
        let (body, media_type) = match body {
            _ if !any_success && !redirects.is_empty() => (ResponseBody::Redirect, None),
            _ if !any_success => {
                return Err(Error::at(
                    responses_at,
                    "the operation documents no success (2xx) or redirect (301, 302, 303, 307, 308) response",
                )
                .help("add the response the API returns, for example 200 with its schema, 204, or 302 for a redirect"))
            }
            Some((body, media_type)) => (body, Some(media_type)),
            None => (ResponseBody::Empty, None),
        };
        let first = match &body {
            ResponseBody::Redirect => redirect_media.clone(),
            _ => media_type.clone(),
        };
        let accept = match (first, error_media) {
            (Some(first), Some(error)) if essence(&first) != essence(&error) => {
                format!("{first}, {error};q=0.5")
            }
            (Some(first), _) => first,
            (None, Some(error)) => error,
            (None, None) => "application/json".to_owned(),
        };
        Ok((Response { statuses, redirects, body, media_type, accept }, error_type))
    }

    fn pagination(&self, extension: &serde_json::Value, op: &Operation, at: &str) -> Result<Pagination, Error> {
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
            op.params
                .iter()
                .flat_map(|p| &p.fields)
                .find(|p| p.wire == wire && p.location == Location::Query)
                .ok_or_else(|| {
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

    /// Resolves a dotted path of wire names (`meta.next_page_url`) through struct types to fields.
    fn field_path(&self, start: &str, dotted: &str, at: &str) -> Result<Vec<FieldStep>, Error> {
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
/// An operationId for an operation without one, from its method and path: `GET /v1/Calls/{Sid}` gives
/// `GetV1CallsSid`.
fn path_id(method: &str, path: &str) -> String {
    let words = path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    std::iter::once(method).chain(words).map(heck::ToUpperCamelCase::to_upper_camel_case).collect()
}

/// Documentation for a parameter the spec does not describe, from its name and place.
fn default_doc(param: &Param) -> String {
    let wire = &param.wire;
    match param.location {
        Location::Path => format!("The `{wire}` path parameter."),
        Location::Query => format!("The `{wire}` query parameter."),
        Location::Header => format!("The `{wire}` header."),
        Location::Form => format!("The `{wire}` form field."),
        Location::JsonBody | Location::BytesBody => "The request body.".to_owned(),
    }
}

fn same_place(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// A media type without its parameters, lowercase: `Application/JSON; charset=utf-8` is `application/json`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// `application/json` and any `+json` type (`application/scim+json`).
fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

fn is_form(media_type: &str) -> bool {
    essence(media_type) == "application/x-www-form-urlencoded"
}

/// A media type the generated crate sends as a header (`Content-Type`, `Accept`): visible ASCII and spaces.
fn header_value(media_type: &str, at: &str) -> Result<(), Error> {
    let valid = media_type.bytes().all(|b| b == b' ' || b == b'\t' || (0x21..0x7f).contains(&b));
    if valid && media_type.contains('/') {
        return Ok(());
    }
    Err(Error::at(at, format!("media type {media_type:?} is not a type/subtype that a header can carry"))
        .help("write the media type in ASCII, like application/json or text/plain; charset=utf-8"))
}

/// Splits a path template into literals and parameters, checking both lists agree.
fn path_parts(path: &str, params: &[Param], at: &str) -> Result<Vec<PathPart>, Error> {
    let mut parts = Vec::new();
    let mut used = vec![false; params.len()];
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            Error::at(at, format!("path {path:?} has an unclosed `{{`")).help("write parameters as {Name}")
        })?;
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        let index = params.iter().position(|p| p.wire == name).ok_or_else(|| {
            Error::at(at, format!("path parameter {{{name}}} is not declared"))
                .help(format!("add a parameter named {name:?} with `in: path` and `required: true`"))
        })?;
        used[index] = true;
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    if let Some(unused) = used.iter().position(|u| !u) {
        return Err(Error::at(
            at,
            format!("path parameter {:?} is declared but not in the path {path:?}", params[unused].wire),
        )
        .help("add it to the path template or remove the parameter"));
    }
    Ok(parts)
}
