//! The intermediate representation: everything the emitters need, and nothing of OpenAPI.
//!
//! `lower` builds it from a parsed document and takes every decision (Rust names, types, which schema is a
//! validated newtype, which operation paginates and how). Emitters only read it.

use std::collections::BTreeMap;

/// A whole API: the generated crate in data.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// Version of the generated crate: `x-rust-crate-version` of `info`, the `--crate-version` flag, or 0.1.0.
    pub crate_version: String,
    /// The document the crate is generated from, as the command line names it, with its overlays: every file's
    /// header says so.
    pub source: String,
    /// How the generated crate gets its runtime.
    pub runtime: Runtime,
    pub title: String,
    /// The spec's own version, `info.version`.
    pub version: String,
    pub description: Option<String>,
    /// Distinct servers, in order of first use. Operations refer to them by index.
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Every named type, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// One module per tag, sorted by name.
    pub modules: Vec<Module>,
    /// What the spec describes that the crate leaves out, in document order, each with the reason.
    pub skipped: Vec<Skipped>,
    /// What is generated in a lesser form than the spec says (a check left out, a type widened), each with
    /// why: warnings, which `--strict` refuses like the parts left out.
    pub degraded: Vec<Skipped>,
    /// Some pattern needs a regex engine ([`Matcher::Regex`]): the generated crate then depends on one.
    pub regex_engine: bool,
    /// The named error body types the operations document (`Operation::error_type`), sorted by type name:
    /// each a variant of `ApiErrorBody`.
    pub error_bodies: Vec<ErrorBody>,
}

impl Api {
    /// Whether the crate sends anything: a document of webhooks or models alone has no operations, and then no
    /// requests.
    pub fn has_operations(&self) -> bool {
        self.modules.iter().any(|m| !m.operations.is_empty())
    }
}

/// How the generated crate gets the runtime: transport, errors, pagination, encoding, validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// A dependency on the runtime crate by version requirement, and by `path` (relative to the generated
    /// crate's directory) when given.
    Crate { path: Option<String> },
    /// The runtime's files copied into the generated crate's `src/runtime/`, for vendored or offline use.
    Inline,
}

/// A named type that operations document as their error body.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBody {
    /// The Rust type name (also the `ApiErrorBody` variant).
    pub type_name: String,
    /// snake_case name of the generated function that decodes a body as this type.
    pub decoder: String,
    /// The property that holds the vendor's error code, when the type has one.
    pub code: Option<ErrorCode>,
}

/// The property of an error body named `code`, an integer or a string.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// Rust field name.
    pub field: String,
    /// `I32`, `I64` or `String`.
    pub ty: TypeRef,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// A part of the spec that is generated, or left out, as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// An operation, by its id.
    Operation(String),
    /// A component schema, by its key.
    Schema(String),
    /// A type made from a schema, by its name.
    Type(String),
    /// A path item, by its path.
    Path(String),
    /// A security scheme, by its key.
    SecurityScheme(String),
    /// The document's root `x-pagination`.
    Pagination,
    /// The document as a whole (what is lowered outside any of the parts above).
    Document,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Part::Operation(id) => write!(f, "operation `{id}`"),
            Part::Schema(key) => write!(f, "schema `{key}`"),
            Part::Type(name) => write!(f, "type `{name}`"),
            Part::Path(path) => write!(f, "path `{path}`"),
            Part::SecurityScheme(key) => write!(f, "security scheme `{key}`"),
            Part::Pagination => write!(f, "the document's x-pagination"),
            Part::Document => write!(f, "the document"),
        }
    }
}

/// A part of the spec that could not be generated. The rest of the crate does not depend on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// The file the problem is written in, when it is not the root document (a multi-file spec).
    pub file: Option<String>,
    /// What was left out, or is generated in a lesser form.
    pub what: Part,
    /// A JSON pointer to where the problem is.
    pub location: String,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// Variant name of the generated `Server` enum.
    pub name: String,
    pub url: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub key: String,
    /// snake_case name of the client builder method that sets it.
    pub method: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
    /// The environment variables `credentials_from_env` reads: alternatives, tried in order, each naming the
    /// variables of one credential in the order the builder method takes them (username then password, client
    /// id then secret; one variable for a token or key). From `x-env`, else derived from the key.
    pub env: Vec<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SchemeKind {
    Basic,
    /// A bearer token: one the application sets, or one its token provider gives per request.
    Bearer {
        /// snake_case name of the client builder method that takes a token provider.
        provider_method: String,
    },
    ApiKeyHeader {
        header: String,
    },
    ApiKeyQuery {
        name: String,
    },
    /// OAuth 2.0 client credentials grant (RFC 6749 §4.4): the client trades its id and secret for a bearer
    /// token at the token URL, and sends that token.
    OAuth2ClientCredentials {
        /// The absolute token URL (a relative `tokenUrl` is resolved against the document's first server).
        token_url: String,
        /// The scopes the token request asks for: every scope that the operations' security requirements name
        /// for this scheme, sorted. Empty: the request has no `scope` and the server grants its default.
        scopes: Vec<String>,
        /// snake_case name of the client builder method that overrides the token URL.
        token_url_method: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub name: String,
    /// The module of the generated crate the type is defined in: `sid` for pattern newtypes, `models` for the
    /// rest (`surface::SID_MODULE`, `surface::MODELS_MODULE`).
    pub module: &'static str,
    pub doc: Option<String>,
    /// Where the type comes from, as a JSON pointer into the document.
    pub pointer: String,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A string newtype validated against a pattern and lengths (SIDs).
    Pattern(PatternType),
    Struct(Struct),
    Enum(StringEnum),
    /// `pub type Name = Target;`
    Alias(TypeRef),
    /// One of several types (`oneOf`, `anyOf`): a Rust enum with a variant per member.
    Union(Union),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatternType {
    /// The pattern as the spec writes it (ECMA-262).
    pub pattern: String,
    pub matcher: Matcher,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub example: Option<String>,
}

/// How the generated crate checks a pattern, with the pattern's ECMA-262 meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// Pieces the runtime's own matcher runs, without a regex engine: the whole value must match their
    /// concatenation (an unanchored pattern starts and ends with a piece taking any characters).
    Pieces(Vec<PatternPiece>),
    /// A regular expression in the syntax of the `regex-lite` crate, meaning what the spec's pattern means in
    /// ECMA-262 (`\d` is `[0-9]`, `.` leaves out line terminators, ...); a value fits when it matches anywhere,
    /// as the spec's pattern does.
    Regex(String),
}

/// One step of a compiled pattern: the pattern is the concatenation of its pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternPiece {
    Literal(String),
    /// One of several literals, none a prefix of another: at most one of them starts any text.
    Literals(Vec<String>),
    /// Between `min` and `max` (unbounded when `None`) characters, each in one of the inclusive ranges.
    Class {
        ranges: Vec<(char, char)>,
        min: u32,
        max: Option<u32>,
    },
    /// One of several sequences of pieces, tried in order (the rest of the pattern after each).
    Either(Vec<Vec<PatternPiece>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Keys the properties do not name, kept in a flattened map (`additionalProperties`).
    pub additional: Option<Additional>,
}

/// The map that keeps an object's other keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Additional {
    /// Rust field name, unique among the struct's fields.
    pub name: String,
    /// The type of each value.
    pub value: TypeRef,
}

/// A `oneOf` or `anyOf`: which member a value is, and how to tell.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub tagging: Tagging,
    /// In the order decoding tries them (untagged) or the spec lists them (tagged).
    pub variants: Vec<UnionVariant>,
    /// Every member is text or a number (a string, number, boolean, date, pattern or enum type, or a union of
    /// those): the union implements `Display`, its value as text, and can be a path segment.
    pub display: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tagging {
    /// The value of one property names the member (a `discriminator`, or a required property with one constant
    /// value per member). Values it does not name decode into the fallback variant, as JSON.
    Internal { property: String, fallback: String },
    /// The first member the value decodes as.
    Untagged,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    pub ty: TypeRef,
    /// The tag values that select this member (internally tagged only); the first is written when encoding.
    pub tags: Vec<String>,
    /// Untagged only: the wire names of the member's properties when it is an object that keeps no other keys.
    /// Decoding tries such members first for an object whose every key they name, so that a member with fewer
    /// properties does not take (and drop part of) a value another member describes whole.
    pub keys: Option<Vec<String>>,
    pub doc: Option<String>,
    /// Held through a `Box`: the member is much larger than the others (see `lower::boxing`).
    pub boxed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust field name, already escaped (`r#type`, `self_`).
    pub name: String,
    /// The name on the wire.
    pub wire: String,
    pub ty: TypeRef,
    /// `Option` in Rust: not required, or nullable.
    pub optional: bool,
    pub doc: Option<String>,
    /// Redacted in `Debug`.
    pub secret: bool,
    /// Boxed to break a recursive type.
    pub boxed: bool,
    /// Other wire names that decode into this field (`x-aliases`), for a vendor renaming a property.
    pub aliases: Vec<String>,
    /// Listed under the object's `required`. With `nullable`, the facts `optional` is derived from; kept for
    /// comparing specs (`diff`), emitters use `optional`.
    pub required: bool,
    /// The property's schema is `nullable`.
    pub nullable: bool,
    /// The schema's `format` as written (`uuid`, `uri`, `int32`, `date-time`), for comparing specs.
    pub format: Option<String>,
    /// The schema's `pattern`, when the value is a plain string rather than a named pattern type. The
    /// generated crate does not check it; kept for comparing specs.
    pub pattern: Option<String>,
    /// The schema's lengths and range. Not checked by the generated crate; kept for comparing specs.
    pub constraints: Constraints,
    /// Where the property is declared, as a JSON pointer into the document.
    pub pointer: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<Variant>,
    /// Name of the variant that carries values the spec does not list.
    pub fallback: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

/// The type of a value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F64,
    DateTime,
    /// A calendar date (`format: date`).
    Date,
    /// Any JSON value.
    Json,
    /// Raw bytes (`Vec<u8>`): a request body of a media type that is neither JSON nor form.
    Bytes,
    /// A file to upload, a binary part of a multipart body: its bytes, file name and media type.
    Upload,
    /// A named type of this crate.
    Named(String),
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
}

/// What a type is made of, for code that walks types: a scalar, a named type, or a list or map of a type. A new
/// kind of [`TypeRef`] is decided once, in [`TypeRef::shape`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape<'a> {
    /// A value of its own (string, number, timestamp, JSON, bytes): no other type inside.
    Scalar,
    Named(&'a str),
    Array(&'a TypeRef),
    Map(&'a TypeRef),
}

impl TypeRef {
    pub fn shape(&self) -> Shape<'_> {
        match self {
            TypeRef::Named(name) => Shape::Named(name),
            TypeRef::Array(item) => Shape::Array(item),
            TypeRef::Map(value) => Shape::Map(value),
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Json
            | TypeRef::Bytes
            | TypeRef::Upload => Shape::Scalar,
        }
    }
}

/// An API area: one module of the generated crate, reached from the client by one accessor
/// (`client.notify()`), with a tree of resource handles under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// snake_case module name.
    pub name: String,
    /// The method of `Client` that returns the area's handle; `None` when the area is the client itself (a spec
    /// without tags has one area, and its resources hang from `Client`).
    pub accessor: Option<String>,
    /// The type name of the area's handle, the root of its resources (unused when `accessor` is `None`).
    pub handle: String,
    pub doc: Option<String>,
    /// Every resource handle of the area, parents before their children, in order of first use.
    pub resources: Vec<Resource>,
    pub operations: Vec<Operation>,
}

impl Module {
    /// The handles a call of `op` goes through, from the area's down to the one `op` is a method of.
    pub fn handles(&self, op: &Operation) -> Vec<&Resource> {
        let mut chain = Vec::new();
        let mut next = op.resource;
        while let Some(index) = next {
            chain.push(&self.resources[index]);
            next = self.resources[index].parent;
        }
        chain.reverse();
        chain
    }

    /// The call that starts `op`, as a user writes it: `notify().credential(sid).fetch(..)`.
    pub fn call(&self, op: &Operation) -> String {
        let mut calls: Vec<String> = self.accessor.iter().map(|a| format!("{a}()")).collect();
        for resource in self.handles(op) {
            let id = resource.id.as_ref().map_or("", |id| id.field.as_str());
            calls.push(format!("{}({id})", resource.accessor));
        }
        calls.push(format!("{}(..)", op.method_name));
        calls.join(".")
    }
}

/// A resource handle: a path prefix with its IDs bound, offering the operations on that path and accessors for
/// the resources under it (`trunk(&sid)` then `credential_lists()`).
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Type name, unique in the module.
    pub name: String,
    /// Index into `Module::resources` of the handle this one is reached from; `None`: the area's handle.
    pub parent: Option<usize>,
    /// The parent's method that returns this handle.
    pub accessor: String,
    /// The ID the accessor takes, for a single resource (`/Trunks/{TrunkSid}`); `None` for a collection.
    pub id: Option<HandleId>,
    /// Every ID the handle holds: its parent's, then its own.
    pub ids: Vec<HandleId>,
    /// The path template up to this resource, as in the spec.
    pub path: String,
    pub doc: String,
}

/// A path parameter a resource handle binds.
#[derive(Clone, Debug, PartialEq)]
pub struct HandleId {
    /// Field of the handle, and argument name of its accessor.
    pub field: String,
    /// The parameter's name in the path template.
    pub wire: String,
    pub ty: TypeRef,
}

/// Where a request gets the value of a path parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathValue {
    /// From the field of the resource handle the operation is called on.
    Bound(String),
    /// From an argument of the operation's method.
    Argument,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub id: String,
    /// Index into `Module::resources` of the handle the operation is a method of; `None`: the area's handle.
    pub resource: Option<usize>,
    /// snake_case method name, unique among the methods of its handle (`list`, `create`, `fetch`).
    pub method_name: String,
    pub http_method: HttpMethod,
    /// The path template as in the spec, e.g. `/v1/Credentials/{Sid}`.
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Index into `Api::servers`.
    pub server: usize,
    /// Alternatives; each lists scheme keys required together. Empty: no authentication.
    pub security: Vec<Vec<String>>,
    pub path_params: Vec<Param>,
    /// Where each path parameter's value comes from, index for index with `path_params`.
    pub path_values: Vec<PathValue>,
    /// The struct of the operation's values: its path parameters, then these query, header and body fields. A
    /// request of the operation is a `Request` of it.
    pub params: Params,
    /// The request body: how it is encoded and the `Content-Type` sent. `None`: no body.
    pub body: Option<RequestBody>,
    pub response: Response,
    /// The type of the error body the API documents for this operation.
    pub error_type: Option<TypeRef>,
    pub pagination: Option<Pagination>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::path_params`.
    Param(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub location: Location,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub secret: bool,
    pub constraints: Constraints,
    /// The spec's default, rendered for documentation.
    pub default: Option<String>,
    /// The schema's `format` as written (`uuid`, `uri`, `int32`, `date-time`), for comparing specs.
    pub format: Option<String>,
    /// The schema's `pattern`, when the value is a plain string rather than a named pattern type. The
    /// generated crate does not check it; kept for comparing specs.
    pub pattern: Option<String>,
    /// Where the parameter (or form field) is declared, as a JSON pointer into the document.
    pub pointer: String,
    /// How a query parameter or form field is written; `Simple` elsewhere.
    pub style: Style,
    /// The value is written from its JSON form (it is a struct, or holds them), spread by `style`; other values
    /// are written from their text, their list's items or their map's entries.
    pub serialized: bool,
}

/// How a parameter's value is written (OpenAPI's `style` with `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Path segments, headers and bodies: a list or object as one text, joined by commas (`simple`).
    Simple,
    /// A list as repeated keys, an object's fields as keys of their own (`form`, exploded: the default).
    Form,
    /// A list or object as one value joined by commas (`form`, not exploded).
    FormJoined,
    /// A list joined by spaces (`spaceDelimited`).
    SpaceDelimited,
    /// A list joined by `|` (`pipeDelimited`).
    PipeDelimited,
    /// `name[field]=value`, nested objects bracketed deeper and lists by index (`deepObject`).
    DeepObject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    Path,
    Query,
    Header,
    /// A field of an `application/x-www-form-urlencoded` body.
    Form,
    /// A part of a multipart body (`multipart/form-data`).
    Part,
    /// The whole JSON body (`application/json` or a `+json` media type).
    JsonBody,
    /// The whole body as bytes, of any other media type (`text/plain`, `application/octet-stream`).
    BytesBody,
}

/// A request body: how the params struct becomes bytes, and the media type sent as `Content-Type`.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    pub kind: BodyKind,
    /// The media type as the spec writes it (`application/scim+json`), sent as `Content-Type`.
    pub media_type: String,
}

/// How a request body is encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// The `Location::Form` fields, URL-encoded.
    Form,
    /// The `Location::Part` fields, a part each.
    Multipart,
    /// The `Location::JsonBody` field of the params struct, named here, serialized.
    Json { field: String },
    /// The `Location::BytesBody` field of the params struct, named here, sent as it is.
    Bytes { field: String },
}

/// Constraints checked before a request is sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// The compiled `pattern` of a plain string (named pattern types validate themselves).
    pub pattern: Option<Matcher>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Rust name of the struct, e.g. `CreateCredentialParams`.
    pub name: String,
    /// The query, header and body fields (the path parameters are the operation's `path_params`).
    pub fields: Vec<Param>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Success (2xx) statuses the operation documents.
    pub statuses: Vec<u16>,
    /// Redirect (3xx) statuses the operation documents.
    pub redirects: Vec<u16>,
    /// What a call returns.
    pub body: ResponseBody,
    /// The media type of the success body as written in the spec (`application/json`); `None` without a body
    /// and for a redirect.
    pub media_type: Option<String>,
    /// The `Accept` header sent: the success media type, then the error media type when it differs.
    pub accept: String,
}

impl Response {
    /// The type of a JSON success body.
    pub fn json_body(&self) -> Option<&TypeRef> {
        match &self.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        }
    }
}

/// What a call of an operation returns.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    /// Nothing: no success body, or one without a schema. `()`.
    Empty,
    /// A JSON body (`application/json` or a `+json` media type), decoded as the type.
    Json(TypeRef),
    /// A `text/*` body, as a `String` (UTF-8).
    Text,
    /// A body of any other media type, as `Vec<u8>`.
    Bytes,
    /// The operation documents only redirects (3xx, no 2xx): the `Location` as a `Redirect`, not followed.
    Redirect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The type of one page (the operation's response).
    pub page: TypeRef,
    /// The item type of the page's list.
    pub item: TypeRef,
    /// The list in the page type.
    pub items: FieldStep,
    pub style: PaginationStyle,
}

/// One field on the way from a page to a value, e.g. `meta` then `next_page_url`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldStep {
    /// Rust field name.
    pub name: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    pub ty: TypeRef,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PaginationStyle {
    /// Follow the URL found in the page (absolute, or a path relative to the host) until it is null.
    NextUrl {
        /// Fields leading from the page to the URL, e.g. `meta.next_page_url`.
        next_url: Vec<FieldStep>,
        /// The page-size parameter in the params struct.
        page_size: Option<ParamRef>,
    },
    /// Advance `offset` by the page length until a short or empty page, or the total.
    Offset {
        /// The limit parameter in the params struct, and the page size the API uses when it is not set.
        limit: ParamRef,
        default_limit: Option<i64>,
        offset: ParamRef,
        /// Fields leading to the total count, when the API reports one.
        total: Option<Vec<FieldStep>>,
    },
}

/// A field of an operation's params struct.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamRef {
    pub name: String,
    pub ty: TypeRef,
    /// The spec's `maximum`, when it has one.
    pub maximum: Option<i64>,
}

/// Everything the generated crate holds, keyed by path relative to the crate root.
pub type Files = BTreeMap<String, String>;
