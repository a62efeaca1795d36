//! Diff: what changed between two specs, and what each change breaks.
//!
//! Both specs are loaded and lowered as for generation, and their IRs compared: named types first (matched by
//! name, then by shape to find renames), then operations (matched by operationId, then by method and path or by
//! shape), then the client (servers, security schemes). Every change gets a rule from [`rules::RULES`], which
//! gives two verdicts: `wire` (does an application built on the old crate still work against a server that
//! follows the new spec?) and `api` (does code that compiled against the old crate still compile after
//! regenerating?).

mod client;
mod compare;
mod matching;
pub mod render;
pub mod rules;
mod schemas;
mod usage;
mod values;

use crate::ir::Api;
use serde::Serialize;
use std::collections::BTreeMap;

/// How much a change breaks, in one respect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    None,
    Warning,
    Breaking,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::None => "none",
            Verdict::Warning => "warning",
            Verdict::Breaking => "breaking",
        }
    }
}

/// What a rule is about: where the changed thing travels, or which part of the crate it shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// An operation as a whole: its existence, name, endpoint, server, security, pagination.
    Operation,
    /// What the client sends.
    Request,
    /// What the client decodes from a success response.
    Response,
    /// What the client decodes from an error response (falling back to the raw text).
    Error,
    /// A named type, apart from how operations use it.
    Schema,
    /// The client as a whole: servers and security schemes.
    Client,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Operation => "operation",
            Side::Request => "request",
            Side::Response => "response",
            Side::Error => "error",
            Side::Schema => "schema",
            Side::Client => "client",
        }
    }
}

/// Which of the two documents a pointer points into.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Document {
    Old,
    #[default]
    New,
}

/// One change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub rule: &'static str,
    pub side: Side,
    pub wire: Verdict,
    pub api: Verdict,
    /// The operation the change is in: its operationId in the new spec, or in the old one when it is gone. A
    /// change to a type only one operation uses is in that operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The Rust name of the named type the change is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The wire name of the parameter or property.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// Where it is, as a JSON pointer into `document`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    pub document: Document,
    /// What changed, in one line.
    pub message: String,
    /// The operations a change to a shared type or to the client affects, by operationId.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<String>,
}

impl Change {
    /// A change under `rule` on `side`, with the verdicts of the rule table.
    fn new(rule: &str, side: Side, message: impl Into<String>) -> Self {
        let row = rules::get(rule, side);
        Change {
            rule: row.id,
            side,
            wire: row.wire,
            api: row.api,
            operation: None,
            schema: None,
            property: None,
            pointer: None,
            document: Document::New,
            message: message.into(),
            affects: Vec::new(),
        }
    }

    fn at(mut self, place: &Place) -> Self {
        self.operation = place.operation.clone();
        self.schema = place.schema.clone();
        self.property = place.property.clone();
        self.pointer = place.pointer.clone();
        self.document = place.document;
        self.affects = place.affects.clone();
        self
    }

    /// The worse of the two verdicts.
    pub fn worst(&self) -> Verdict {
        self.wire.max(self.api)
    }

    /// Where the change is listed: under the client, its operation, or its type.
    pub fn group(&self) -> Group {
        match (self.side, &self.operation, &self.schema) {
            (Side::Client, ..) => Group::Client,
            (_, Some(op), _) => Group::Operation(op.clone()),
            (_, None, Some(schema)) => Group::Schema(schema.clone()),
            _ => Group::Other,
        }
    }
}

/// A heading of the report, in report order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Client,
    Operation(String),
    Schema(String),
    Other,
}

/// Where a change is; comparisons pass it down and refine it.
#[derive(Clone, Debug, Default)]
struct Place {
    operation: Option<String>,
    schema: Option<String>,
    property: Option<String>,
    pointer: Option<String>,
    document: Document,
    affects: Vec<String>,
}

impl Place {
    fn operation(id: &str, pointer: &str) -> Self {
        Place { operation: Some(id.to_owned()), pointer: Some(pointer.to_owned()), ..Place::default() }
    }

    fn schema(name: &str, pointer: &str, affects: Vec<String>) -> Self {
        Place { schema: Some(name.to_owned()), pointer: Some(pointer.to_owned()), affects, ..Place::default() }
    }

    fn property(&self, wire: &str, pointer: &str) -> Self {
        Place { property: Some(wire.to_owned()), pointer: Some(pointer.to_owned()), ..self.clone() }
    }

    fn pointer(&self, pointer: impl Into<String>) -> Self {
        Place { pointer: Some(pointer.into()), ..self.clone() }
    }

    fn in_old(&self) -> Self {
        Place { document: Document::Old, ..self.clone() }
    }
}

/// Everything that changed between two specs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
    /// `METHOD /path` of every operation a change names, by operationId (from the new spec, or the old one when
    /// the operation is gone).
    pub endpoints: BTreeMap<String, String>,
}

/// The level at which `diff` exits with a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Breaking,
    Warning,
}

impl Report {
    /// Whether any change reaches `level` on the wire or in the API.
    pub fn fails(&self, level: FailOn) -> bool {
        let threshold = match level {
            FailOn::Breaking => Verdict::Breaking,
            FailOn::Warning => Verdict::Warning,
        };
        self.changes.iter().any(|c| c.worst() >= threshold)
    }

    /// How many changes have each verdict, on the wire and in the API.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for change in &self.changes {
            counts.wire[change.wire as usize] += 1;
            counts.api[change.api as usize] += 1;
        }
        counts
    }
}

/// Numbers of changes per verdict, indexed by `Verdict as usize` (none, warning, breaking).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub wire: [usize; 3],
    pub api: [usize; 3],
}

/// Compares two specs' IRs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let cx = compare::Cx::new(old, new);
    let changes = cx.compare();
    let mut endpoints = BTreeMap::new();
    for api in [old, new] {
        for op in api.modules.iter().flat_map(|m| &m.operations) {
            let named = changes
                .iter()
                .any(|c| c.operation.as_deref() == Some(op.id.as_str()) || c.affects.iter().any(|a| a == &op.id));
            // The new spec's endpoint wins: it comes second.
            if named {
                endpoints.insert(op.id.clone(), format!("{} {}", op.http_method.as_str(), op.path));
            }
        }
    }
    Report { changes, endpoints }
}
