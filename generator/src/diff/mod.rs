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
    let cx = cx::Cx::new(old, new);
    let mut changes = Vec::new();
    client::changes(&cx, &mut changes);
    operations::changes(&cx, &mut changes);
    schemas::changes(&cx, &mut changes);
    assign_single_users(&mut changes);
    changes.sort_by_key(Change::group);
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
