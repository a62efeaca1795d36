//! Render: a report as text for people (grouped by operation), markdown for a pull-request comment, or JSON
//! for tools; and the rule table in the same three formats.

use super::change::{Change, Document, Group};
use super::rules::Verdict;
use super::rules::{Rule, RULES};
use super::Report;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The report comparing `old` with `new` (the two files' names, as the user gave them).
pub fn report(report: &Report, old: &str, new: &str, format: Format) -> String {
    match format {
        Format::Text => text(report, old, new),
        Format::Markdown => markdown(report, old, new),
        Format::Json => json(report, old, new),
    }
}

/// The rule table.
pub fn rules(format: Format) -> String {
    match format {
        Format::Text => {
            let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut out = format!("{:<width$}  {:<9}  {:<8}  {:<8}  why\n", "rule", "side", "wire", "api");
            for r in RULES {
                let _ = writeln!(
                    out,
                    "{:<width$}  {:<9}  {:<8}  {:<8}  {}",
                    r.id,
                    r.side.as_str(),
                    r.wire.as_str(),
                    r.api.as_str(),
                    r.summary
                );
            }
            out
        }
        Format::Markdown => {
            let mut out = String::from("| rule | side | wire | api | why |\n|---|---|---|---|---|\n");
            for r in RULES {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} |",
                    r.id,
                    r.side.as_str(),
                    r.wire.as_str(),
                    r.api.as_str(),
                    cell(r.summary)
                );
            }
            out
        }
        Format::Json => {
            let rules: &[Rule] = RULES;
            serde_json::to_string_pretty(rules).expect("rules serialize") + "\n"
        }
    }
}

/// Consecutive changes of the same group (the report is already in group order).
fn groups(report: &Report) -> Vec<(Group, Vec<&Change>)> {
    let mut out: Vec<(Group, Vec<&Change>)> = Vec::new();
    for change in &report.changes {
        let g = change.group();
        match out.last_mut() {
            Some((last, changes)) if *last == g => changes.push(change),
            _ => out.push((g, vec![change])),
        }
    }
    out
}

fn summary(report: &Report) -> String {
    let counts = report.counts();
    let side = |c: [usize; 3]| {
        let (b, w) = (c[Verdict::Breaking as usize], c[Verdict::Warning as usize]);
        format!("{b} breaking, {w} warning{}", if w == 1 { "" } else { "s" })
    };
    let n = report.changes.len();
    format!("{n} change{}; wire: {}; api: {}", if n == 1 { "" } else { "s" }, side(counts.wire), side(counts.api))
}

fn location(change: &Change, old: &str, new: &str) -> Option<String> {
    let file = if change.document == Document::Old { old } else { new };
    change.pointer.as_ref().map(|p| format!("{file}#{p}"))
}

fn text(report: &Report, old: &str, new: &str) -> String {
    let mut out = format!("{old} → {new}\n");
    if report.changes.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    let _ = writeln!(out, "{}", summary(report));
    for (group, changes) in groups(report) {
        out.push('\n');
        let _ = writeln!(out, "{}", heading(&group, report, |s| s.to_owned()));
        for c in changes {
            let _ = writeln!(
                out,
                "  wire: {:<8}  api: {:<8}  {} ({})",
                c.wire.as_str(),
                c.api.as_str(),
                c.rule,
                c.side.as_str()
            );
            let _ = writeln!(out, "      {}", c.message);
            if let Some(at) = location(c, old, new) {
                let _ = writeln!(out, "      at {at}");
            }
            if !c.affects.is_empty() && c.affects != c.operation.as_slice() {
                let _ = writeln!(out, "      affects {}", c.affects.join(", "));
            }
        }
    }
    out
}

fn heading(group: &Group, report: &Report, code: impl Fn(&str) -> String) -> String {
    match group {
        Group::Client => "Client".to_owned(),
        Group::Operation(id) => match report.endpoints.get(id) {
            Some(endpoint) => format!("Operation {} ({})", code(id), code(endpoint)),
            None => format!("Operation {}", code(id)),
        },
        Group::Schema(name) => format!("Schema {}", code(name)),
        Group::Other => "Other".to_owned(),
    }
}

fn markdown(report: &Report, old: &str, new: &str) -> String {
    let mut out = format!("## API changes: `{old}` → `{new}`\n\n");
    if report.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let _ = writeln!(out, "**{}**\n", summary(report));
    for (group, changes) in groups(report) {
        let _ = writeln!(out, "### {}\n", heading(&group, report, |s| format!("`{s}`")));
        out.push_str("| wire | api | rule | change | where |\n|---|---|---|---|---|\n");
        for c in changes {
            let mut change = cell(&c.message);
            if !c.affects.is_empty() && c.affects != c.operation.as_slice() {
                let ops: Vec<String> = c.affects.iter().map(|a| format!("`{a}`")).collect();
                let _ = write!(change, "<br>affects {}", ops.join(", "));
            }
            let at = location(c, old, new).map(|l| format!("`{}`", l.replace('|', "\\|"))).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {} | `{}` ({}) | {} | {} |",
                verdict_md(c.wire),
                verdict_md(c.api),
                c.rule,
                c.side.as_str(),
                change,
                at
            );
        }
        out.push('\n');
    }
    out
}

fn verdict_md(v: Verdict) -> String {
    match v {
        Verdict::Breaking => "**breaking**".to_owned(),
        other => other.as_str().to_owned(),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[derive(Serialize)]
struct Json<'a> {
    old: &'a str,
    new: &'a str,
    summary: JsonSummary,
    changes: &'a [Change],
    endpoints: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct JsonSummary {
    changes: usize,
    wire: BTreeMap<&'static str, usize>,
    api: BTreeMap<&'static str, usize>,
}

fn json(report: &Report, old: &str, new: &str) -> String {
    let counts = report.counts();
    let by_verdict = |c: [usize; 3]| {
        [Verdict::None, Verdict::Warning, Verdict::Breaking].into_iter().map(|v| (v.as_str(), c[v as usize])).collect()
    };
    let doc = Json {
        old,
        new,
        summary: JsonSummary {
            changes: report.changes.len(),
            wire: by_verdict(counts.wire),
            api: by_verdict(counts.api),
        },
        changes: &report.changes,
        endpoints: &report.endpoints,
    };
    serde_json::to_string_pretty(&doc).expect("reports serialize") + "\n"
}
