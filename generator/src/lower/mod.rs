//! Lower: the parsed document into the IR. The only module that knows OpenAPI; every decision lives here.

mod boxing;
mod ids;
mod media;
pub mod names;
mod operations;
mod pagination;
mod params;
pub mod pattern;
mod refs;
mod resources;
mod responses;
mod schemas;
mod skip;
mod token_url;

use crate::error::{pointer, Error};
use crate::ir::*;
use crate::load::Document;
use names::{camel, snake, Scope};
use std::collections::{BTreeMap, BTreeSet};
use token_url::token_url;

pub use names::bare;
pub use resources::strip_extension;

/// The document a crate is generated from, as the command line names it: the spec file and the overlays applied
/// to it, in order.
#[derive(Clone, Copy, Debug, Default)]
pub struct Source<'a> {
    pub file: &'a str,
    pub overlays: &'a [String],
}

impl Source<'_> {
    /// `spec.json`, or `spec.json with overlays a.yaml, b.yaml`.
    fn describe(&self) -> String {
        match self.overlays {
            [] => self.file.to_owned(),
            [one] => format!("{} with {one}", self.file),
            many => format!("{} with {}", self.file, many.join(", ")),
        }
    }
}

/// Builds the IR of a whole document, read from `source`.
pub fn lower(document: &Document, source: &Source) -> Result<Api, Error> {
    let mut lowerer = Lowerer {
        doc: &document.openapi,
        type_names: Scope::new(),
        component_names: BTreeMap::new(),
        patterns: BTreeMap::new(),
        inferred: BTreeMap::new(),
        declared: None,
        types: BTreeMap::new(),
        added: Vec::new(),
        servers: Vec::new(),
        skipped: Vec::new(),
        degraded: Vec::new(),
        part: Part::Document,
        skipped_schemes: BTreeMap::new(),
        oauth_scopes: BTreeMap::new(),
    };
    let mut security_schemes = lowerer.security_schemes();
    lowerer.reserve_components();
    lowerer.infer_ids(&document.raw);
    lowerer.read_declared_pagination();
    lowerer.lower_components();
    let (mut modules, overrides) = lowerer.lower_operations(&security_schemes);
    for scheme in &mut security_schemes {
        if let SchemeKind::OAuth2ClientCredentials { scopes, .. } = &mut scheme.kind {
            *scopes = lowerer
                .oauth_scopes
                .get(&scheme.key)
                .map(|s| s.requested.iter().cloned().collect())
                .unwrap_or_default();
        }
    }
    let mut types: Vec<TypeDef> = std::mem::take(&mut lowerer.types).into_values().collect();
    skip::dangling(&mut types, &mut modules, &mut lowerer.skipped);
    let tagged = document
        .openapi
        .paths
        .iter()
        .any(|(_, item)| item.as_item().is_some_and(|item| item.iter().any(|(_, op)| !op.tags.is_empty())));
    resources::build(&mut modules, &overrides, tagged);
    boxing::box_recursive_fields(&mut types);
    boxing::box_large_variants(&mut types);
    union_keys(&mut types);
    displayed_unions(&mut types);
    check_alias_cycles(&types)?;
    let info = &document.openapi.info;
    let crate_name = crate_name(info, source.file)?;
    let crate_version = match info.extensions.get("x-rust-crate-version") {
        None => DEFAULT_CRATE_VERSION.to_owned(),
        Some(given) => crate_version(given.as_str().unwrap_or_default())
            .map_err(|problem| Error::at("/info/x-rust-crate-version", problem))?,
    };
    let regex_engine = needs_regex_engine(&types, &modules);
    let error_bodies = error_bodies(&types, &modules);
    Ok(Api {
        crate_name,
        crate_version,
        source: source.describe(),
        runtime: Runtime::Crate { path: Some("../runtime".to_owned()) },
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers: lowerer.servers,
        security_schemes,
        types,
        modules,
        skipped: lowerer.skipped,
        degraded: lowerer.degraded,
        regex_engine,
        error_bodies,
    })
}

/// The named error body types of the operations, each with its decoder's name and its `code` property: an
/// integer or string property named `code` held by value (the shape of Twilio's errors, `{code, message,
/// more_info, status}`, and of many other vendors').
fn error_bodies(types: &[TypeDef], modules: &[Module]) -> Vec<ErrorBody> {
    let names: BTreeSet<&String> = modules
        .iter()
        .flat_map(|m| &m.operations)
        .filter_map(|op| match &op.error_type {
            Some(TypeRef::Named(name)) => Some(name),
            _ => None,
        })
        .collect();
    let mut decoders = BTreeSet::from(["decode_raw".to_owned()]);
    names
        .into_iter()
        .map(|name| {
            let base = format!("decode_{}", heck::ToSnakeCase::to_snake_case(name.as_str()));
            let mut decoder = base.clone();
            let mut n = 2;
            while !decoders.insert(decoder.clone()) {
                decoder = format!("{base}_{n}");
                n += 1;
            }
            let code = types.iter().find(|t| &t.name == name).and_then(|t| match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .find(|f| {
                        f.wire == "code"
                            && !f.boxed
                            && !f.secret
                            && matches!(f.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::String)
                    })
                    .map(|f| ErrorCode { field: f.name.clone(), ty: f.ty.clone(), optional: f.optional }),
                _ => None,
            });
            ErrorBody { type_name: name.clone(), decoder, code }
        })
        .collect()
}

/// Whether a pattern the generated crate checks needs a regex engine: a pattern newtype's, or a parameter's (the
/// patterns of struct fields are kept for comparing specs, not checked).
fn needs_regex_engine(types: &[TypeDef], modules: &[Module]) -> bool {
    let types = types.iter().any(|t| matches!(&t.kind, TypeKind::Pattern(p) if matches!(p.matcher, Matcher::Regex(_))));
    let mut params = modules.iter().flat_map(|m| &m.operations).flat_map(|op| &op.params.fields);
    types || params.any(|p| matches!(p.constraints.pattern, Some(Matcher::Regex(_))))
}

/// How the application gets the access token of an OAuth2 scheme without a client credentials flow (the user
/// signs in: authorizationCode, implicit; or gives a password), which the client then sends as a bearer token.
/// `None` when the scheme declares no flow.
fn access_token(flows: &openapiv3::OAuth2Flows) -> Option<String> {
    let (flow, authorize, token, refresh) = if let Some(f) = &flows.authorization_code {
        ("authorization code", Some(&f.authorization_url), Some(&f.token_url), f.refresh_url.as_ref())
    } else if let Some(f) = &flows.implicit {
        ("implicit", Some(&f.authorization_url), None, f.refresh_url.as_ref())
    } else if let Some(f) = &flows.password {
        ("password", None, Some(&f.token_url), f.refresh_url.as_ref())
    } else {
        return None;
    };
    let mut how = format!("OAuth 2.0, {flow} flow: an access token the application obtained, sent as a bearer token");
    let urls: Vec<String> = [("authorization URL", authorize), ("token URL", token), ("refresh URL", refresh)]
        .into_iter()
        .filter_map(|(name, url)| Some(format!("{name} <{}>", url?)))
        .collect();
    if !urls.is_empty() {
        how.push_str(&format!(" ({})", urls.join(", ")));
    }
    how.push_str(". Give a new token with a new client when it expires.");
    Some(how)
}

/// The spec's description of a scheme, then `how` it is used.
fn with_description(description: &Option<String>, how: &str) -> String {
    match description {
        Some(given) => format!("{given}\n\n{how}"),
        None => how.to_owned(),
    }
}

/// The package name: `x-rust-crate` when given (and valid); else the spec file's name in kebab case
/// (`twilio_notify_v1.json` gives `twilio-notify-v1`, unique per spec where titles repeat), unless it is a generic
/// document name (`openapi.yaml`, `swagger.json`, `spec.yaml`...); else the title in kebab case.
fn crate_name(info: &openapiv3::Info, file: &str) -> Result<String, Error> {
    const GENERIC: &[&str] = &["openapi", "swagger", "spec", "api", "schema", "index", "definition", "openapi3"];
    let Some(given) = info.extensions.get("x-rust-crate") else {
        let stem = std::path::Path::new(file).file_stem().map(|s| s.to_string_lossy().to_ascii_lowercase());
        let usable = |s: &String| s.chars().any(|c| c.is_ascii_alphabetic()) && !GENERIC.contains(&s.as_str());
        return Ok(match stem.filter(usable) {
            Some(stem) => names::package(&stem),
            None => names::package(&info.title),
        });
    };
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

/// The version of a generated crate whose spec does not set one (`x-rust-crate-version`).
pub const DEFAULT_CRATE_VERSION: &str = "0.1.0";

/// A version for the generated crate, checked: SemVer's `MAJOR.MINOR.PATCH`, with an optional `-pre-release`
/// and `+build`, as Cargo requires. `Err` says what is wrong.
pub fn crate_version(version: &str) -> Result<String, String> {
    let (rest, build) = version.split_once('+').map_or((version, None), |(rest, build)| (rest, Some(build)));
    let (core, pre) = rest.split_once('-').map_or((rest, None), |(core, pre)| (core, Some(pre)));
    let number = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'));
    let label =
        |s: &str| s.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    let numbers: Vec<&str> = core.split('.').collect();
    if numbers.len() == 3 && numbers.into_iter().all(number) && pre.is_none_or(label) && build.is_none_or(label) {
        Ok(version.to_owned())
    } else {
        Err(format!("the crate version {version:?} is not a SemVer version like 1.2.3 or 2.0.0-beta.1"))
    }
}

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'a> {
    doc: &'a openapiv3::OpenAPI,
    /// Every type name handed out so far.
    type_names: Scope,
    /// Component schema key to Rust type name.
    component_names: BTreeMap<String, String>,
    /// Named pattern types by (pattern, minLength, maxLength), so inline copies reuse them: named pattern
    /// schemas, and the ID types inferred from SID-shaped patterns written inline.
    patterns: BTreeMap<ids::PatternKey, String>,
    /// The inferred ID types, added on first use.
    inferred: BTreeMap<ids::PatternKey, ids::InferredId>,
    /// The document's root `x-pagination`, when it is a map with a known style.
    declared: Option<serde_json::Map<String, serde_json::Value>>,
    types: BTreeMap<String, TypeDef>,
    /// Names of the types in the order they were added, so that a part that fails can take its types back.
    added: Vec<String>,
    servers: Vec<Server>,
    skipped: Vec<Skipped>,
    degraded: Vec<Skipped>,
    /// What the part being lowered is (`schema \`Pet\``), for the warnings of what it degrades.
    part: Part,
    /// Security schemes left out, with the reason, so that operations can say why they cannot use them.
    skipped_schemes: BTreeMap<String, String>,
    /// The scopes of each OAuth2 scheme: those its flow declares, and those the operations ask for.
    oauth_scopes: BTreeMap<String, OAuthScopes>,
}

/// The scopes of one OAuth2 client credentials scheme.
struct OAuthScopes {
    /// The keys of the flow's `scopes`: the only scopes a security requirement may name.
    declared: Vec<String>,
    /// What the security requirements of the operations name, gathered as the operations are lowered.
    requested: BTreeSet<String>,
}

impl Lowerer<'_> {
    /// Adds a named type, in the module its kind belongs to.
    fn add_type(&mut self, name: String, doc: Option<String>, pointer: String, kind: TypeKind) {
        let module = match &kind {
            TypeKind::Pattern(_) => crate::surface::SID_MODULE,
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Union(_) => {
                crate::surface::MODELS_MODULE
            }
        };
        self.added.push(name.clone());
        self.types.insert(name.clone(), TypeDef { name, module, doc, pointer, kind });
    }

    /// Runs `part`; when it fails, the types it added and the warnings it gave are taken back and it is recorded
    /// as skipped.
    fn attempt<T>(&mut self, what: Part, part: impl FnOnce(&mut Self) -> Result<T, Error>) -> Option<T> {
        let mark = (self.added.len(), self.degraded.len());
        let outer = std::mem::replace(&mut self.part, what.clone());
        let result = part(self);
        self.part = outer;
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                for name in self.added.split_off(mark.0) {
                    self.types.remove(&name);
                }
                self.degraded.truncate(mark.1);
                self.skipped.push(Skipped { what, file: None, location: e.location, message: e.message, help: e.help });
                None
            }
        }
    }

    /// Records that the part being lowered is generated in a lesser form, at `at`, because `message`.
    fn degrade(&mut self, at: &str, message: String, help: &str) {
        let what = self.part.clone();
        self.degraded.push(Skipped { what, file: None, location: at.to_owned(), message, help: Some(help.to_owned()) });
    }

    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = &self.doc.components else { return Vec::new() };
        let mut methods = Scope::with(crate::surface::BUILDER_METHODS);
        let mut out = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let at = pointer("/components/securitySchemes", key);
            let what = Part::SecurityScheme(key.clone());
            let lowered = self.attempt(what, |this| {
                let (method, kind, description) = this.scheme(key, scheme, &at, &mut methods)?;
                let env = scheme_env(key, scheme, &kind, &at)?;
                Ok((method, kind, description, env))
            });
            let Some((method, kind, description, env)) = lowered else {
                let reason = self.skipped.last().map(|s| s.message.clone()).unwrap_or_default();
                self.skipped_schemes.insert(key.clone(), reason);
                continue;
            };
            out.push(SecurityScheme { key: key.clone(), method, kind, description, env });
        }
        out
    }

    /// What a security scheme asks of the client, and the builder method (or methods) that set it.
    fn scheme(
        &mut self,
        key: &str,
        scheme: &openapiv3::ReferenceOr<openapiv3::SecurityScheme>,
        at: &str,
        methods: &mut Scope,
    ) -> Result<(String, SchemeKind, Option<String>), Error> {
        let scheme = match scheme {
            openapiv3::ReferenceOr::Item(scheme) => scheme,
            openapiv3::ReferenceOr::Reference { .. } => {
                return Err(
                    Error::at(at, "security schemes given by $ref are not supported").help("define the scheme inline")
                )
            }
        };
        use openapiv3::{APIKeyLocation, SecurityScheme as S};
        let method = methods.unique(snake(key));
        let bearer = |methods: &mut Scope, method: &str| SchemeKind::Bearer {
            provider_method: methods.unique(format!("{}_provider", bare(method))),
        };
        let (kind, description) = match scheme {
            S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                (SchemeKind::Basic, description)
            }
            S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                (bearer(methods, &method), description)
            }
            S::APIKey { location: APIKeyLocation::Header, name, description, .. } => {
                (SchemeKind::ApiKeyHeader { header: name.clone() }, description)
            }
            S::APIKey { location: APIKeyLocation::Query, name, description, .. } => {
                (SchemeKind::ApiKeyQuery { name: name.clone() }, description)
            }
            S::OAuth2 { flows, description, .. } => {
                let flows_at = pointer(at, "flows");
                let Some(flow) = &flows.client_credentials else {
                    return match access_token(flows) {
                        Some(how) => {
                            let kind = bearer(methods, &method);
                            Ok((method, kind, Some(with_description(description, &how))))
                        }
                        None => Err(Error::at(flows_at, "this OAuth2 scheme declares no flow")
                            .help("declare the flows the API offers under `flows`")),
                    };
                };
                let flow_at = pointer(&flows_at, "clientCredentials");
                let token_url = token_url(&flow.token_url, self.doc.servers.first())
                    .map_err(|(message, help)| Error::at(pointer(&flow_at, "tokenUrl"), message).help(help))?;
                self.oauth_scopes.insert(
                    key.to_owned(),
                    OAuthScopes { declared: flow.scopes.keys().cloned().collect(), requested: BTreeSet::new() },
                );
                let token_url_method = methods.unique(format!("{}_token_url", bare(&method)));
                (SchemeKind::OAuth2ClientCredentials { token_url, scopes: Vec::new(), token_url_method }, description)
            }
            S::OpenIDConnect { open_id_connect_url, description, .. } => {
                let how = format!(
                    "OpenID Connect: an access token the application obtained from the provider described at \
                     <{open_id_connect_url}>, sent as a bearer token."
                );
                (bearer(methods, &method), &Some(with_description(description, &how)))
            }
            S::HTTP { scheme, .. } => {
                return Err(Error::at(
                    pointer(at, "scheme"),
                    format!("HTTP authentication scheme {scheme:?} is not supported"),
                )
                .help("use basic or bearer"))
            }
            S::APIKey { location: APIKeyLocation::Cookie, .. } => {
                return Err(Error::at(pointer(at, "in"), "apiKey credentials in a cookie are not supported")
                    .help("describe the credential as an apiKey header or query parameter if the API accepts one"))
            }
        };
        Ok((method, kind, description.clone()))
    }

    /// The index of a server in the IR, adding it on first use.
    fn server(&mut self, server: &openapiv3::Server, at: &str) -> Result<usize, Error> {
        let mut url = server_url(server, at)?;
        if matches!(server.url.trim(), "https://" | "http://") {
            // No host: one the application is given at run time (DigitalOcean's presigned upload URLs).
            self.degrade(
                at,
                format!("server URL {:?} names no host, so the client is given the URL at run time", server.url.trim()),
                "give the operation's full URL with ClientBuilder::server_url, or write the host in the spec",
            );
            url = String::new();
        }
        let absolute = url.starts_with("https://") || url.starts_with("http://");
        // A path (OpenAPI's default server is `/`) is relative to a host the client is given at run time.
        if !absolute && !url.is_empty() && !url.starts_with('/') {
            return Err(Error::at(at, format!("server URL {url:?} is neither an absolute http(s) URL nor a path"))
                .help("write it as https://host[/base], or as /base for a host given at run time"));
        }
        if let Some(i) = self.servers.iter().position(|s| s.url == url) {
            return Ok(i);
        }
        let raw_name = match server.extensions.get("x-name").and_then(|v| v.as_str()) {
            Some(name) => name.to_owned(),
            None if absolute => {
                url.split("://").nth(1).unwrap_or(&url).split('/').next().unwrap_or_default().to_owned()
            }
            None if url.is_empty() => "default".to_owned(),
            None => url.clone(),
        };
        let mut name = camel(&raw_name);
        let mut n = 2;
        while self.servers.iter().any(|s| s.name == name) {
            name = format!("{}{n}", camel(&raw_name));
            n += 1;
        }
        let description = match (&server.description, absolute) {
            (description, true) => description.clone(),
            (description, false) => Some(format!(
                "{}The URL is a path: give the client the full base URL (the host, then this path) with `ClientBuilder::server_url` (or `ClientBuilder::base_url`, which sets it for every server).",
                description.as_deref().map(|d| format!("{}\n\n", d.trim())).unwrap_or_default()
            )),
        };
        self.servers.push(Server { name, url, description });
        Ok(self.servers.len() - 1)
    }
}

/// The environment variables of a scheme's credentials: `x-env` when the scheme has it, else one alternative
/// named after the key in SCREAMING_SNAKE_CASE (`vobizAuthId`: `VOBIZ_AUTH_ID`; basic `<KEY>_USERNAME` and
/// `<KEY>_PASSWORD`; OAuth2 `<KEY>_CLIENT_ID` and `<KEY>_CLIENT_SECRET`).
fn scheme_env(
    key: &str,
    scheme: &openapiv3::ReferenceOr<openapiv3::SecurityScheme>,
    kind: &SchemeKind,
    at: &str,
) -> Result<Vec<Vec<String>>, Error> {
    use openapiv3::SecurityScheme as S;
    let (suffixes, meaning): (&[&str], &str) = match kind {
        SchemeKind::Basic => (&["_USERNAME", "_PASSWORD"], "the username, then the password"),
        SchemeKind::OAuth2ClientCredentials { .. } => {
            (&["_CLIENT_ID", "_CLIENT_SECRET"], "the client id, then the client secret")
        }
        SchemeKind::Bearer { .. } | SchemeKind::ApiKeyHeader { .. } | SchemeKind::ApiKeyQuery { .. } => {
            (&[""], "the value")
        }
    };
    let extensions = match scheme {
        openapiv3::ReferenceOr::Item(
            S::HTTP { extensions, .. } | S::APIKey { extensions, .. } | S::OAuth2 { extensions, .. },
        ) => Some(extensions),
        _ => None,
    };
    let Some(given) = extensions.and_then(|e| e.get("x-env")) else {
        let base = heck::ToShoutySnakeCase::to_shouty_snake_case(key);
        return Ok(vec![suffixes.iter().map(|suffix| format!("{base}{suffix}")).collect()]);
    };
    let at = pointer(at, "x-env");
    let arity = suffixes.len();
    let example = if arity == 1 { "[[API_TOKEN], [OTHER_TOKEN]]" } else { "[[API_USER, API_PASSWORD]]" };
    let help = format!(
        "write x-env as a list of alternatives, each a list of {arity} variable name{} ({meaning}), like {example}",
        if arity == 1 { "" } else { "s" }
    );
    let Some(alternatives) = given.as_array().filter(|a| !a.is_empty()) else {
        return Err(Error::at(at, format!("x-env must be a non-empty list of alternatives, not {given}")).help(help));
    };
    let mut out = Vec::new();
    for (i, alternative) in alternatives.iter().enumerate() {
        let alternative_at = pointer(&at, &i.to_string());
        let Some(names) = alternative.as_array().filter(|names| names.len() == arity) else {
            return Err(Error::at(
                alternative_at,
                format!("each x-env alternative must list {arity} variable name(s) ({meaning}), not {alternative}"),
            )
            .help(help));
        };
        let mut variables = Vec::new();
        for (j, name) in names.iter().enumerate() {
            let valid = name.as_str().filter(|n| {
                let mut chars = n.chars();
                chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            let Some(valid) = valid else {
                return Err(Error::at(
                    pointer(&alternative_at, &j.to_string()),
                    format!("{name} is not an environment variable name"),
                )
                .help("use ASCII letters, digits and `_`, not starting with a digit, like TWILIO_AUTH_TOKEN"));
            };
            variables.push(valid.to_owned());
        }
        out.push(variables);
    }
    Ok(out)
}

/// A server's URL with each `{variable}` replaced by its default (clients override the whole URL at run time).
fn server_url(server: &openapiv3::Server, at: &str) -> Result<String, Error> {
    let mut url = String::with_capacity(server.url.len());
    let mut rest = server.url.as_str();
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(Error::at(pointer(at, "url"), format!("server URL {:?} has an unclosed `{{`", server.url))
                .help("write variables as {name} and declare them under `variables`"));
        };
        let name = &rest[open + 1..close];
        match server.variables.as_ref().and_then(|v| v.get(name)) {
            Some(variable) => url.push_str(&variable.default),
            None => {
                return Err(Error::at(
                    pointer(at, "url"),
                    format!("server URL {:?} uses the variable {{{name}}}, which is not declared", server.url),
                )
                .help(format!("declare {name:?} under the server's `variables` with a default")))
            }
        }
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    Ok(url.trim_end_matches('/').to_owned())
}

/// The keys of each untagged union member that is a struct without additional properties (its fields' wire
/// names and aliases), once every type is known.
fn union_keys(types: &mut [TypeDef]) {
    let keys: BTreeMap<String, Vec<String>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s) if s.additional.is_none() => {
                let wires = s.fields.iter().flat_map(|f| std::iter::once(&f.wire).chain(&f.aliases)).cloned();
                Some((t.name.clone(), wires.collect()))
            }
            TypeKind::Struct(_)
            | TypeKind::Pattern(_)
            | TypeKind::Enum(_)
            | TypeKind::Alias(_)
            | TypeKind::Union(_) => None,
        })
        .collect();
    for def in types.iter_mut() {
        let TypeKind::Union(Union { tagging: Tagging::Untagged, variants, .. }) = &mut def.kind else { continue };
        for variant in variants {
            variant.keys = named(&variant.ty).and_then(|name| keys.get(&name).cloned());
        }
    }
}

/// Marks the unions whose every member is text or a number ([`Union::display`]).
fn displayed_unions(types: &mut [TypeDef]) {
    let kinds: BTreeMap<String, TypeKind> = types.iter().map(|t| (t.name.clone(), t.kind.clone())).collect();
    for def in types.iter_mut() {
        if let TypeKind::Union(union) = &mut def.kind {
            union.display = textual_union(&|name| kinds.get(name), union);
        }
    }
}

/// Whether every member of `union` is text or a number, following aliases and unions (to a depth of 8) through
/// `kind_of`, which gives a named type's kind.
pub(crate) fn textual_union<'k>(kind_of: &dyn Fn(&str) -> Option<&'k TypeKind>, union: &Union) -> bool {
    fn textual<'k>(kind_of: &dyn Fn(&str) -> Option<&'k TypeKind>, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date => true,
            TypeRef::Json | TypeRef::Bytes | TypeRef::Upload | TypeRef::Array(_) | TypeRef::Map(_) => false,
            TypeRef::Named(name) if depth < 8 => match kind_of(name) {
                Some(TypeKind::Pattern(_) | TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(target)) => textual(kind_of, target, depth + 1),
                Some(TypeKind::Union(u)) => {
                    matches!(u.tagging, Tagging::Untagged)
                        && u.variants.iter().all(|v| textual(kind_of, &v.ty, depth + 1))
                }
                Some(TypeKind::Struct(_)) | None => false,
            },
            TypeRef::Named(_) => false,
        }
    }
    matches!(union.tagging, Tagging::Untagged) && union.variants.iter().all(|v| textual(kind_of, &v.ty, 0))
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
        lower(&crate::load::load(text).unwrap(), &Source { file: "openapi.yaml", overlays: &[] })
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
    fn a_root_pagination_that_is_not_a_declaration_is_left_out_once() {
        let api = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}x-pagination: next_page_uri\n{}",
            r#"paths:
  /things:
    post:
      operationId: CreateThing
      responses: {'204': {description: ok}}
    get:
      operationId: GetThing
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
"#
        ))
        .unwrap();
        let skipped: Vec<&str> = api.skipped.iter().map(|s| s.location.as_str()).collect();
        assert_eq!(skipped, ["/x-pagination"]);
        assert_eq!(api.modules.iter().map(|m| m.operations.len()).sum::<usize>(), 2);
    }

    #[test]
    fn a_refused_component_lends_its_pattern_to_no_one() {
        let api = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths:\n  /things:\n    get:\n      \
             operationId: ListThings\n      parameters: [{{name: code, in: query, schema: {{type: string, pattern: \
             '^[a-z]+$'}}}}]\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  schemas:\n    \
             Code: {{type: string, pattern: '^[a-z]+$', x-rust-name: 42}}\n"
        ))
        .unwrap();
        assert_eq!(api.skipped.len(), 1, "{:?}", api.skipped);
        assert_eq!(api.modules[0].operations[0].params.fields[0].ty, TypeRef::String);
    }

    #[test]
    fn the_only_tag_documents_its_module() {
        let api = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}tags: [{{name: Pets, description: About pets.}}]\n\
             paths:\n  /pets:\n    get: {{tags: [Pets], operationId: ListPets, responses: {{'204': {{description: ok}}}}}}\n"
        ))
        .unwrap();
        assert_eq!(api.modules[0].doc.as_deref(), Some("About pets."));
    }

    #[test]
    fn component_schemas_can_ask_for_their_rust_name() {
        let spec = |name: &str| {
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths: {{}}\ncomponents:\n  schemas:\n    \
                 credential_enum_push_service: {{type: string, enum: [gcm, fcm], x-rust-name: {name}}}\n"
            )
        };
        let api = lowered(&spec("NotifyCredentialType")).unwrap();
        assert_eq!(api.types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["NotifyCredentialType"]);
        let api = lowered(&spec("[1]")).unwrap();
        assert!(api.types.is_empty());
        assert_eq!(api.skipped[0].location, "/components/schemas/credential_enum_push_service/x-rust-name");
    }

    #[test]
    fn crate_names_come_from_the_file_unless_it_is_generic_or_the_spec_names_one() {
        let text = format!("openapi: 3.0.3\ninfo: {{title: Twilio - Iam, version: v}}\n{SERVER}paths: {{}}\n");
        let document = crate::load::load(&text).unwrap();
        let name = |file: &str| lower(&document, &Source { file, overlays: &[] }).unwrap().crate_name;
        assert_eq!(name("../shared/twilio_iam_scim.json"), "twilio-iam-scim");
        assert_eq!(name("twilio_iam_v1.yaml"), "twilio-iam-v1");
        assert_eq!(name("spec/openapi.yaml"), "twilio-iam");
        assert_eq!(name("Swagger.json"), "twilio-iam");
        assert_eq!(name("日本.yaml"), "twilio-iam");
        let overlays = ["a.yaml".to_owned(), "b.yaml".to_owned()];
        let api = lower(&document, &Source { file: "x.json", overlays: &overlays }).unwrap();
        assert_eq!(api.source, "x.json with a.yaml, b.yaml");
    }

    #[test]
    fn the_crate_version_is_the_extension_or_the_default_never_info_version() {
        let spec = |info: &str| format!("openapi: 3.0.3\ninfo: {{title: t, {info}}}\n{SERVER}paths: {{}}\n");
        assert_eq!(lowered(&spec("version: 2.3.4")).unwrap().crate_version, DEFAULT_CRATE_VERSION);
        let given = lowered(&spec("version: v, x-rust-crate-version: 1.2.0-rc.1+build.5")).unwrap();
        assert_eq!(given.crate_version, "1.2.0-rc.1+build.5");
        let e = lowered(&spec("version: v, x-rust-crate-version: '1.02'")).unwrap_err();
        assert_eq!(e.location, "/info/x-rust-crate-version");
        assert!(e.message.contains("\"1.02\" is not a SemVer version"), "{}", e.message);
        for bad in ["1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-", "1.2.3+", "1.2.3-a..b", ""] {
            assert!(crate_version(bad).is_err(), "{bad:?} passes");
        }
        for good in ["0.0.0", "10.20.30", "1.0.0-alpha-1", "1.0.0+20260101"] {
            assert_eq!(crate_version(good).as_deref(), Ok(good));
        }
    }

    #[test]
    fn pagination_must_be_a_map() {
        let api = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths:\n  /a:\n    get:\n      operationId: A\n      \
             x-pagination: next-url\n      responses: {{'200': {{description: OK}}}}\n"
        ))
        .unwrap();
        let skipped = &api.skipped[0];
        assert_eq!(
            (&skipped.what, skipped.location.as_str()),
            (&Part::Operation("A".into()), "/paths/~1a/get/x-pagination")
        );
        assert!(skipped.message.contains("must be a map"), "{skipped:?}");
    }

    #[test]
    fn tags_and_parameters_named_like_generated_items_are_renamed() {
        let api = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths:\n  /v1/Things/{{client}}:\n    get:\n      \
             operationId: GetThing\n      tags: [builder]\n      parameters:\n        - {{name: client, in: path, \
             required: true, schema: {{type: string}}}}\n        - {{name: send, in: query, schema: {{type: string}}}}\n      \
             responses: {{'204': {{description: OK}}}}\n  /v1/models:\n    get:\n      operationId: ListModels\n      \
             tags: [models]\n      responses: {{'204': {{description: OK}}}}\n"
        ))
        .unwrap();
        let [builder, models] = &api.modules[..] else { panic!("{:?}", api.modules) };
        assert_eq!((builder.name.as_str(), builder.accessor.as_deref()), ("builder", Some("builder_2")));
        assert_eq!((models.name.as_str(), models.accessor.as_deref()), ("models_api", Some("models_api")));
        let op = &builder.operations[0];
        assert_eq!(op.method_name, "fetch");
        assert_eq!(op.path_params[0].name, "client");
        assert_eq!(op.params.fields[0].name, "send_2");
        assert_eq!(builder.resources[0].accessor, "thing");
        assert_eq!(builder.resources[0].ids[0].field, "thing_client");
    }

    fn with_schemes(schemes: &str) -> Api {
        lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths: {{}}\ncomponents:\n  securitySchemes:\n{schemes}"
        ))
        .unwrap()
    }

    #[test]
    fn environment_variables_default_to_the_scheme_key_and_x_env_overrides_them() {
        let api = with_schemes(
            "    twilioBasic: {type: http, scheme: basic, x-env: [[TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN], \
             [TWILIO_API_KEY, TWILIO_API_SECRET]]}\n    vobizAuthId: {type: apiKey, in: header, name: X-Auth-ID}\n    \
             plainBasic: {type: http, scheme: basic}\n    token: {type: http, scheme: bearer}\n    oauth:\n      \
             type: oauth2\n      flows: {clientCredentials: {tokenUrl: 'https://a.example/token', scopes: {}}}\n",
        );
        let env = |key: &str| api.security_schemes.iter().find(|s| s.key == key).unwrap().env.clone();
        let strings = |alternatives: &[&[&str]]| -> Vec<Vec<String>> {
            alternatives.iter().map(|a| a.iter().map(|s| s.to_string()).collect()).collect()
        };
        assert_eq!(
            env("twilioBasic"),
            strings(&[&["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"], &["TWILIO_API_KEY", "TWILIO_API_SECRET"]])
        );
        assert_eq!(env("vobizAuthId"), strings(&[&["VOBIZ_AUTH_ID"]]));
        assert_eq!(env("plainBasic"), strings(&[&["PLAIN_BASIC_USERNAME", "PLAIN_BASIC_PASSWORD"]]));
        assert_eq!(env("token"), strings(&[&["TOKEN"]]));
        assert_eq!(env("oauth"), strings(&[&["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"]]));
    }

    #[test]
    fn an_invalid_x_env_skips_the_scheme_with_its_location() {
        for (x_env, location) in [
            ("TOKEN", "/components/securitySchemes/s/x-env"),
            ("[]", "/components/securitySchemes/s/x-env"),
            ("[[A, B]]", "/components/securitySchemes/s/x-env/0"),
            ("[[A], [B, C]]", "/components/securitySchemes/s/x-env/1"),
            ("[[A], ['1ABC']]", "/components/securitySchemes/s/x-env/1/0"),
            ("[[A-B]]", "/components/securitySchemes/s/x-env/0/0"),
        ] {
            let api = with_schemes(&format!("    s: {{type: http, scheme: bearer, x-env: {x_env}}}\n"));
            assert!(api.security_schemes.is_empty(), "{x_env}");
            let skipped = &api.skipped[0];
            assert_eq!(
                (&skipped.what, skipped.location.as_str()),
                (&Part::SecurityScheme("s".into()), location),
                "{x_env}"
            );
            assert!(skipped.help.as_deref().is_some_and(|h| !h.is_empty()), "{skipped:?}");
        }
    }

    #[test]
    fn error_bodies_name_their_decoder_and_their_code_property() {
        let api = lowered(&format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v}}\n{SERVER}paths:\n  /a:\n    get:\n      operationId: A\n      \
             responses:\n        '204': {{description: OK}}\n        '400': {{description: E, content: {{application/json: \
             {{schema: {{$ref: '#/components/schemas/VendorError'}}}}}}}}\n  /b:\n    get:\n      operationId: B\n      \
             responses:\n        '204': {{description: OK}}\n        default: {{description: E, content: {{application/json: \
             {{schema: {{$ref: '#/components/schemas/Other'}}}}}}}}\n  /c:\n    get:\n      operationId: C\n      \
             responses:\n        '204': {{description: OK}}\n        '404': {{description: E, content: {{application/json: \
             {{schema: {{$ref: '#/components/schemas/Textual'}}}}}}}}\ncomponents:\n  schemas:\n    \
             VendorError: {{type: object, required: [code], properties: {{code: {{type: integer}}, message: {{type: string}}}}}}\n    \
             Other: {{type: object, properties: {{code: {{type: number}}}}}}\n    \
             Textual: {{type: object, properties: {{code: {{type: string}}}}}}\n"
        ))
        .unwrap();
        let bodies: Vec<_> = api
            .error_bodies
            .iter()
            .map(|b| {
                (
                    b.type_name.as_str(),
                    b.decoder.as_str(),
                    b.code.as_ref().map(|c| (c.field.as_str(), &c.ty, c.optional)),
                )
            })
            .collect();
        assert_eq!(
            bodies,
            [
                ("Other", "decode_other", None),
                ("Textual", "decode_textual", Some(("code", &TypeRef::String, true))),
                ("VendorError", "decode_vendor_error", Some(("code", &TypeRef::I64, false))),
            ]
        );
    }
}
