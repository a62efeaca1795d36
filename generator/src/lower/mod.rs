//! Lower: the parsed document into the IR. The only module that knows OpenAPI; every decision lives here.

mod names;
mod operations;
pub mod pattern;
mod schemas;

use crate::error::{pointer, Error};
use crate::ir::*;
use crate::load::Document;
use names::{camel, snake, Scope};
use std::collections::BTreeMap;

pub use names::bare;

/// Builds the IR of a whole document.
pub fn lower(document: &Document) -> Result<Api, Error> {
    let mut lowerer = Lowerer {
        doc: &document.openapi,
        type_names: Scope::new(),
        component_names: BTreeMap::new(),
        patterns: BTreeMap::new(),
        types: BTreeMap::new(),
        servers: Vec::new(),
    };
    let security_schemes = lowerer.security_schemes()?;
    lowerer.lower_components()?;
    let modules = lowerer.lower_operations(&security_schemes)?;
    let mut types: Vec<TypeDef> = lowerer.types.into_values().collect();
    box_recursive_fields(&mut types);
    check_alias_cycles(&types)?;
    let info = &document.openapi.info;
    let crate_name = crate_name(info)?;
    let regex_engine = needs_regex_engine(&types, &modules);
    Ok(Api {
        crate_name,
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers: lowerer.servers,
        security_schemes,
        types,
        modules,
        regex_engine,
    })
}

/// Whether a pattern the generated crate checks needs a regex engine: a pattern newtype's, or a parameter's (the
/// patterns of struct fields are kept for comparing specs, not checked).
fn needs_regex_engine(types: &[TypeDef], modules: &[Module]) -> bool {
    let types = types.iter().any(|t| matches!(&t.kind, TypeKind::Pattern(p) if matches!(p.matcher, Matcher::Regex(_))));
    let mut params = modules.iter().flat_map(|m| &m.operations).flat_map(|op| &op.params).flat_map(|p| &p.fields);
    types || params.any(|p| matches!(p.constraints.pattern, Some(Matcher::Regex(_))))
}

/// The package name: `x-rust-crate` when given (and valid), else the title in kebab case.
fn crate_name(info: &openapiv3::Info) -> Result<String, Error> {
    let Some(given) = info.extensions.get("x-rust-crate") else { return Ok(names::package(&info.title)) };
    let problem = match given.as_str() {
        Some(name) => match names::package_problem(name) {
            None => return Ok(name.to_owned()),
            Some(problem) => format!("x-rust-crate {name:?} is not a valid package name: {problem}"),
        },
        None => format!("x-rust-crate must be a string, not {given}"),
    };
    Err(Error::at("/info/x-rust-crate", problem)
        .help("use ASCII letters, digits, `-` and `_`, starting with a letter, like my-api-client"))
}

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'a> {
    doc: &'a openapiv3::OpenAPI,
    /// Every type name handed out so far.
    type_names: Scope,
    /// Component schema key to Rust type name.
    component_names: BTreeMap<String, String>,
    /// Named pattern types by (pattern, minLength, maxLength), so inline copies reuse them.
    patterns: BTreeMap<(String, Option<usize>, Option<usize>), String>,
    types: BTreeMap<String, TypeDef>,
    servers: Vec<Server>,
}

impl Lowerer<'_> {
    fn add_type(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    fn security_schemes(&self) -> Result<Vec<SecurityScheme>, Error> {
        let Some(components) = &self.doc.components else { return Ok(Vec::new()) };
        let mut methods = Scope::with(names::BUILDER_METHODS);
        let mut out = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let at = pointer("/components/securitySchemes", key);
            let scheme = match scheme {
                openapiv3::ReferenceOr::Item(scheme) => scheme,
                openapiv3::ReferenceOr::Reference { .. } => {
                    return Err(Error::at(at, "security schemes given by $ref are not supported")
                        .help("define the scheme inline"))
                }
            };
            use openapiv3::{APIKeyLocation, SecurityScheme as S};
            let (kind, description) = match scheme {
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (SchemeKind::Basic, description)
                }
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (SchemeKind::Bearer, description)
                }
                S::APIKey { location: APIKeyLocation::Header, name, description, .. } => {
                    (SchemeKind::ApiKeyHeader { header: name.clone() }, description)
                }
                S::APIKey { location: APIKeyLocation::Query, name, description, .. } => {
                    (SchemeKind::ApiKeyQuery { name: name.clone() }, description)
                }
                S::HTTP { scheme, .. } => {
                    return Err(Error::at(
                        pointer(&at, "scheme"),
                        format!("HTTP authentication scheme {scheme:?} is not supported"),
                    )
                    .help("use basic or bearer"))
                }
                _ => {
                    return Err(Error::at(
                        at,
                        "only http (basic, bearer) and apiKey (header, query) security schemes are supported",
                    )
                    .help("describe the credential as an apiKey header if the API accepts one"))
                }
            };
            out.push(SecurityScheme {
                key: key.clone(),
                method: methods.unique(snake(key)),
                kind,
                description: description.clone(),
            });
        }
        Ok(out)
    }

    /// The index of a server in the IR, adding it on first use.
    fn server(&mut self, server: &openapiv3::Server, at: &str) -> Result<usize, Error> {
        let url = server.url.trim_end_matches('/').to_owned();
        if url.contains('{') {
            return Err(Error::at(at, format!("server URL {url:?} uses variables, which are not supported"))
                .help("write the URL out in full; clients can override it at run time"));
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(
                Error::at(at, format!("server URL {url:?} is not absolute")).help("write it as https://host[/base]")
            );
        }
        if let Some(i) = self.servers.iter().position(|s| s.url == url) {
            return Ok(i);
        }
        let raw_name = match server.extensions.get("x-name").and_then(|v| v.as_str()) {
            Some(name) => name.to_owned(),
            None => url.split("://").nth(1).unwrap_or(&url).split('/').next().unwrap_or_default().to_owned(),
        };
        let mut name = camel(&raw_name);
        let mut n = 2;
        while self.servers.iter().any(|s| s.name == name) {
            name = format!("{}{n}", camel(&raw_name));
            n += 1;
        }
        self.servers.push(Server { name, url, description: server.description.clone() });
        Ok(self.servers.len() - 1)
    }
}

/// Boxes a struct field whose type contains, directly or through other structs' plain fields, the struct itself.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let direct = |def: &TypeDef| -> Vec<String> {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter(|f| !f.boxed).filter_map(|f| named(&f.ty)).collect(),
            TypeKind::Alias(ty) => named(ty).into_iter().collect(),
            _ => Vec::new(),
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

/// A named type held by value (not through a `Vec` or a map, which already break recursion).
fn named(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    }
}

fn check_alias_cycles(types: &[TypeDef]) -> Result<(), Error> {
    let aliases: BTreeMap<&str, &TypeDef> = types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Alias(TypeRef::Named(_))))
        .map(|t| (t.name.as_str(), t))
        .collect();
    for start in aliases.values() {
        let mut current = *start;
        for _ in 0..=aliases.len() {
            let TypeKind::Alias(TypeRef::Named(next)) = &current.kind else { break };
            if next == &start.name {
                return Err(Error::at(&start.pointer, "this schema is a cycle of $refs that never defines a type")
                    .help("make one schema of the cycle an object, string or other concrete type"));
            }
            match aliases.get(next.as_str()) {
                Some(t) => current = t,
                None => break,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(text: &str) -> Result<Api, Error> {
        lower(&crate::load::load(text).unwrap())
    }

    const SERVER: &str = "servers: [{url: 'https://api.example.com'}]\n";

    #[test]
    fn crate_names_are_checked_or_made_valid() {
        let e = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v, x-rust-crate: 'a b'}}\n{SERVER}paths: {{}}\n"
        ))
        .unwrap_err();
        assert_eq!(e.location, "/info/x-rust-crate");
        let api =
            lowered(&format!("openapi: 3.0.3\ninfo: {{title: '2 Fast: API', version: v}}\n{SERVER}paths: {{}}\n"));
        assert_eq!(api.unwrap().crate_name, "api-2-fast-api");
    }

    #[test]
    fn pagination_must_be_a_map() {
        let e = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths:\n  /a:\n    get:\n      operationId: A\n      \
             x-pagination: next-url\n      responses: {{'200': {{description: OK}}}}\n"
        ))
        .unwrap_err();
        assert_eq!(e.location, "/paths/~1a/get/x-pagination");
        assert!(e.message.contains("must be a map"), "{e}");
    }

    #[test]
    fn tags_and_operations_named_like_generated_items_are_renamed() {
        let api = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths:\n  /a/{{limit}}:\n    get:\n      \
             operationId: builder\n      tags: [models]\n      parameters:\n        - {{name: limit, in: path, \
             required: true, schema: {{type: string}}}}\n        - {{name: new, in: query, schema: {{type: string}}}}\n      \
             responses: {{'204': {{description: OK}}}}\n"
        ))
        .unwrap();
        let module = &api.modules[0];
        assert_eq!(module.name, "models_api");
        let op = &module.operations[0];
        assert_eq!(op.method_name, "builder_2");
        assert_eq!(op.path_params[0].name, "limit_2");
        assert_eq!(op.params.as_ref().unwrap().fields[0].name, "new_2");
    }
}
