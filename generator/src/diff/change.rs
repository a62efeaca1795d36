//! A change: what changed, where, and its verdicts from the rule table; and the place comparisons pass down.

use super::rules::{self, Side, Verdict};
use serde::Serialize;

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
    /// The path of the resource the change adds or removes whole (`/v1/Services/{}/Entities`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
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
    pub(super) fn new(rule: &str, side: Side, message: impl Into<String>) -> Self {
        let row = rules::get(rule, side);
        Change {
            rule: row.id,
            side,
            wire: row.wire,
            api: row.api,
            resource: None,
            operation: None,
            schema: None,
            property: None,
            pointer: None,
            document: Document::New,
            message: message.into(),
            affects: Vec::new(),
        }
    }

    pub(super) fn at(mut self, place: &Place) -> Self {
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
        if self.side == Side::Client {
            return Group::Client;
        }
        if let Some(resource) = &self.resource {
            return Group::Resource(resource.clone());
        }
        match (&self.operation, &self.schema) {
            (Some(op), _) => Group::Operation(op.clone()),
            (None, Some(schema)) => Group::Schema(schema.clone()),
            (None, None) => Group::Other,
        }
    }

    /// The operations the change is in or affects.
    pub fn operations(&self) -> impl Iterator<Item = &String> {
        self.operation.iter().chain(self.affects.iter().filter(move |a| Some(*a) != self.operation.as_ref()))
    }
}

/// A heading of the report, in report order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Client,
    Resource(String),
    Operation(String),
    Schema(String),
    Other,
}

/// Where a change is; comparisons pass it down and refine it.
#[derive(Clone, Debug, Default)]
pub(super) struct Place {
    pub operation: Option<String>,
    pub schema: Option<String>,
    pub property: Option<String>,
    pub pointer: Option<String>,
    pub document: Document,
    pub affects: Vec<String>,
}

impl Place {
    pub(super) fn operation(id: &str, pointer: &str) -> Self {
        Place { operation: Some(id.to_owned()), pointer: Some(pointer.to_owned()), ..Place::default() }
    }

    pub(super) fn schema(name: &str, pointer: &str, affects: Vec<String>) -> Self {
        Place { schema: Some(name.to_owned()), pointer: Some(pointer.to_owned()), affects, ..Place::default() }
    }

    pub(super) fn property(&self, wire: &str, pointer: &str) -> Self {
        Place { property: Some(wire.to_owned()), pointer: Some(pointer.to_owned()), ..self.clone() }
    }

    pub(super) fn pointer(&self, pointer: impl Into<String>) -> Self {
        Place { pointer: Some(pointer.into()), ..self.clone() }
    }

    pub(super) fn in_old(&self) -> Self {
        Place { document: Document::Old, ..self.clone() }
    }
}
