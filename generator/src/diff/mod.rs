//! Diff: what changed between two specs, and what each change breaks.
//!
//! Both specs are loaded and lowered as for generation, and their IRs compared: named types first (matched by
//! name, then by shape to find renames), then operations (matched by operationId, then by method and path or by
//! shape), then the client (servers, security schemes). Every change gets a rule from [`rules::RULES`], which
//! gives two verdicts: `wire` (does an application built on the old crate still work against a server that
//! follows the new spec?) and `api` (does code that compiled against the old crate still compile after
//! regenerating?).

mod change;
mod client;
mod cx;
mod matching;
mod operations;
pub mod render;
mod resources;
pub mod rules;
mod schemas;
mod usage;
mod values;

pub use change::{Change, Document, Group};
pub use rules::{Side, Verdict};

use crate::ir::Api;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Everything that changed between two specs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Breaking changes first, then warnings, then the rest; in each, by place (client, resources, operations,
    /// types).
    pub changes: Vec<Change>,
    /// `METHOD /path` of every operation a change names, by operationId (from the new spec, or the old one when
    /// the operation is gone).
    pub endpoints: BTreeMap<String, String>,
    /// What either spec describes that the generator leaves out, and so was not compared.
    pub not_compared: Vec<NotCompared>,
}

/// A part of one spec that was not compared, because the generator leaves it out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotCompared {
    pub document: Document,
    /// What it is: `operation ListCalls`, `schema Foo`.
    pub what: String,
    /// Where it is, as a JSON pointer into `document`.
    pub pointer: String,
    /// Why the generator leaves it out.
    pub message: String,
}

/// The level at which `diff` exits with a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Breaking,
    Warning,
}

impl FailOn {
    fn verdict(self) -> Verdict {
        match self {
            FailOn::Breaking => Verdict::Breaking,
            FailOn::Warning => Verdict::Warning,
        }
    }
}

impl Report {
    /// Whether any change reaches `level` on the wire or in the API.
    pub fn fails(&self, level: FailOn) -> bool {
        self.changes.iter().any(|c| c.worst() >= level.verdict())
    }

    /// The report with only the changes that reach `level` on the wire or in the API.
    pub fn only(&self, level: FailOn) -> Report {
        let changes: Vec<Change> = self.changes.iter().filter(|c| c.worst() >= level.verdict()).cloned().collect();
        let endpoints = self
            .endpoints
            .iter()
            .filter(|(id, _)| changes.iter().any(|c| c.operations().any(|op| op == *id)))
            .map(|(id, endpoint)| (id.clone(), endpoint.clone()))
            .collect();
        Report { changes, endpoints, not_compared: self.not_compared.clone() }
    }

    /// How many changes there are, and how many operations they break or warn about.
    pub fn summary(&self) -> Summary {
        // Each operation, and each other place a change touches no operation in, counts once, by its worst.
        let mut places: BTreeMap<String, (Verdict, Verdict)> = BTreeMap::new();
        let mut operations = BTreeSet::new();
        for change in &self.changes {
            operations.extend(change.operations().cloned());
            let mut keys: Vec<String> = change.operations().map(|op| format!("operation {op}")).collect();
            if keys.is_empty() {
                keys.push(format!("{:?}", change.group()));
            }
            for key in keys {
                let worst = places.entry(key).or_insert((Verdict::None, Verdict::None));
                *worst = (worst.0.max(change.wire), worst.1.max(change.api));
            }
        }
        let mut summary = Summary {
            changes: self.changes.len(),
            operations: operations.len(),
            elsewhere: places.len() - operations.len(),
            ..Summary::default()
        };
        for (wire, api) in places.values() {
            summary.wire[*wire as usize] += 1;
            summary.api[*api as usize] += 1;
        }
        summary
    }
}

/// What a report holds, counted: changes, and the operations (and other places: the client, a type no operation
/// uses) they are in, by the worst verdict each gets, indexed by `Verdict as usize` (none, warning, breaking).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub changes: usize,
    pub operations: usize,
    /// Places other than operations that changes are in.
    pub elsewhere: usize,
    pub wire: [usize; 3],
    pub api: [usize; 3],
}

/// Compares two specs' IRs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let cx = cx::Cx::new(old, new);
    let mut changes = Vec::new();
    client::changes(&cx, &mut changes);
    operations::changes(&cx, &mut changes);
    schemas::changes(&cx, &mut changes);
    assign_single_users(&mut changes);
    resources::fold(&cx, &mut changes);
    changes.sort_by_key(|c| (std::cmp::Reverse(c.worst()), c.group()));
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
    let not_compared = [(old, Document::Old), (new, Document::New)]
        .into_iter()
        .flat_map(|(api, document)| {
            api.skipped.iter().map(move |s| NotCompared {
                document,
                what: s.what.to_string(),
                pointer: s.location.clone(),
                message: s.message.clone(),
            })
        })
        .collect();
    Report { changes, endpoints, not_compared }
}

/// A type only one operation uses is part of that operation; shared types stay on their own.
fn assign_single_users(changes: &mut [Change]) {
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for change in changes.iter().filter(|c| c.operation.is_none()) {
        if let Some(schema) = &change.schema {
            users.entry(schema.clone()).or_default().extend(change.affects.iter().cloned());
        }
    }
    for change in changes.iter_mut().filter(|c| c.operation.is_none() && c.side != Side::Client) {
        let only = change.schema.as_ref().and_then(|s| users.get(s)).filter(|ops| ops.len() == 1);
        change.operation = only.and_then(|ops| ops.first().cloned());
    }
}
