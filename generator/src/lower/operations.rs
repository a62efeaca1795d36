//! Operations: every path's operations, with their servers, security and path; parameters, responses and
//! pagination have modules of their own.

use super::names::{self, camel, Scope};
use super::params::{default_doc, same_place};
use super::schemas::refd;
use super::Lowerer;
use super::{refs, resources};
use crate::error::{pointer, Error};
use crate::ir::*;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Lowerer<'a> {
    /// Every operation that can be generated, in modules by tag; the others are recorded as skipped.
    pub(super) fn lower_operations(&mut self, schemes: &[SecurityScheme]) -> (Vec<Module>, resources::Overrides) {
        let mut modules: BTreeMap<String, Module> = BTreeMap::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut overrides = resources::Overrides::new();
        let ops = || self.doc.paths.paths.values().filter_map(ReferenceOr::as_item).flat_map(|item| item.iter());
        let mut module_names = names::modules(ops().filter_map(|(_, op)| op.tags.first().cloned()).collect());
        let untagged_ops = ops().any(|(_, op)| op.tags.is_empty());
        // Untagged operations join the area every tag makes, if they all make one; else a module of their own.
        let areas: BTreeSet<&String> = module_names.values().collect();
        let untagged = match areas.into_iter().collect::<Vec<_>>().as_slice() {
            [only] => (*only).clone(),
            _ => names::module(UNTAGGED),
        };
        module_names.insert(UNTAGGED.to_owned(), untagged);
        for (path, item) in &self.doc.paths.paths {
            let path_at = pointer("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.attempt(Part::Path(path.clone()), |_| -> Result<(), Error> {
                        Err(Error::at(&path_at, "path items given by $ref are not supported")
                            .help("write the path item inline"))
                    });
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let at = pointer(&path_at, method);
                let what = Part::Operation(op.operation_id.clone().unwrap_or_else(|| path_id(method, path)));
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
                let tag = first_tag(op);
                let name = module_names[&tag].clone();
                // The tag's description documents its module, unless several tags (or untagged operations) make one.
                let sharing = module_names.iter().filter(|(tag, m)| **m == name && (untagged_ops || *tag != UNTAGGED));
                let only = sharing.count() == 1;
                let doc = self.doc.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone());
                let module = modules.entry(name.clone()).or_insert_with(|| Module {
                    name,
                    accessor: None,
                    handle: String::new(),
                    doc: doc.filter(|_| only),
                    resources: Vec::new(),
                    operations: Vec::new(),
                });
                module.operations.push(operation);
            }
        }
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
                let param = refs::resolve(self.doc, param, &param_at)?;
                let data = param.parameter_data_ref();
                declared.retain(|(_, p)| !(p.parameter_data_ref().name == data.name && same_place(p, param)));
                declared.push((param_at, param));
            }
        }

        let mut path_params = Vec::new();
        let mut fields = Vec::new();
        // Path parameters become fields of the request and arguments beside the required fields: one scope.
        let mut field_names = Scope::new();
        crate::surface::operation_reserved().for_each(|name| field_names.reserve(name));
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
                name: field_names.unique(names::param_field(&data.name, &lowered.ty)),
                wire: data.name.clone(),
                location,
                doc: names::comparison_doc(&data.name, &lowered.ty, data.description.clone().or(lowered.doc)),
                ty: lowered.ty,
                required: data.required || location == Location::Path,
                secret: lowered.secret || data.extensions.get("x-secret").and_then(|v| v.as_bool()).unwrap_or(false),
                constraints: lowered.constraints,
                default: lowered.default,
                format: lowered.format,
                pattern: lowered.pattern,
                pointer: param_at.clone(),
                style: match param {
                    Parameter::Query { style, .. } => super::params::style(style, data.explode),
                    Parameter::Path { .. } | Parameter::Header { .. } | Parameter::Cookie { .. } => Style::Simple,
                },
                serialized: false,
            };
            if location == Location::Path {
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
        for param in path_params.iter_mut().chain(fields.iter_mut()) {
            param.serialized = self.serialized(param)?;
        }
        let undocumented = |p: &&mut Param| p.doc.as_deref().is_none_or(|d| d.trim().is_empty());
        for param in path_params.iter_mut().chain(fields.iter_mut()).filter(undocumented) {
            param.doc = Some(default_doc(param));
        }
        let params = Params { name: self.type_names.unique(camel(&format!("{id} Params"))), fields };
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
        } else if let Some(declared) = self.declared_pagination(&operation) {
            operation.pagination = Some(self.pagination(&declared, &operation, "/x-pagination")?);
        }
        Ok(operation)
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
}
/// The tag of operations without one.
const UNTAGGED: &str = "operations";

/// The tag that places an operation in a module: its first, or [`UNTAGGED`].
fn first_tag(op: &openapiv3::Operation) -> String {
    op.tags.first().cloned().unwrap_or_else(|| UNTAGGED.to_owned())
}

/// An operationId for an operation without one, from its method and path: `GET /v1/Calls/{Sid}` gives
/// `GetV1CallsSid`.
fn path_id(method: &str, path: &str) -> String {
    let words = path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    std::iter::once(method).chain(words).map(heck::ToUpperCamelCase::to_upper_camel_case).collect()
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
