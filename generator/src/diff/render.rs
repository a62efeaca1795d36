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

/// The sections of a report, in order: what breaks, what warns, the rest.
const SECTIONS: [(Verdict, &str); 3] =
    [(Verdict::Breaking, "Breaking"), (Verdict::Warning, "Warnings"), (Verdict::None, "Other changes")];

/// The changes of one section, by group (the report is in section order, then group order).
fn groups(report: &Report, section: Verdict) -> Vec<(Group, Vec<&Change>)> {
    let mut out: Vec<(Group, Vec<&Change>)> = Vec::new();
    for change in report.changes.iter().filter(|c| c.worst() == section) {
        let g = change.group();
        match out.last_mut() {
            Some((last, changes)) if *last == g => changes.push(change),
            Some(_) | None => out.push((g, vec![change])),
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line: how many changes, in how many operations, and how many of those (each by the worst verdict of its
/// changes) break or warn.
fn summary(report: &Report) -> String {
    let s = report.summary();
    let (one, many) = if s.elsewhere > 0 { ("place", "places") } else { ("operation", "operations") };
    let mut places = plural(s.operations, "operation", "operations");
    if s.elsewhere > 0 {
        places.push_str(&format!(" and {}", plural(s.elsewhere, "other place", "other places")));
    }
    let line = |c: [usize; 3], d: [usize; 3], v: Verdict| {
        format!("{} on the wire, {} in the API", plural(c[v as usize], one, many), d[v as usize])
    };
    format!(
        "{} in {places}. Breaking: {}. With warnings: {}.",
        plural(s.changes, "change", "changes"),
        line(s.wire, s.api, Verdict::Breaking),
        line(s.wire, s.api, Verdict::Warning),
    )
}

fn location(change: &Change, old: &str, new: &str) -> Option<String> {
    change.pointer.as_ref().map(|p| format!("{}#{p}", file(change.document, old, new)))
}

fn file<'a>(document: Document, old: &'a str, new: &'a str) -> &'a str {
    match document {
        Document::Old => old,
        Document::New => new,
    }
}

/// The operations a change affects beyond the one it is listed under.
fn also_affects(change: &Change) -> Option<&[String]> {
    (!change.affects.is_empty() && change.affects != change.operation.as_slice()).then_some(change.affects.as_slice())
}

fn text(report: &Report, old: &str, new: &str) -> String {
    let mut out = format!("{old} → {new}\n");
    if report.changes.is_empty() {
        out.push_str("no changes\n");
    } else {
        let _ = writeln!(out, "{}", summary(report));
    }
    for (section, title) in SECTIONS {
        let groups = groups(report, section);
        if groups.is_empty() {
            continue;
        }
        let _ = write!(out, "\n{}\n", title.to_uppercase());
        for (group, changes) in groups {
            let _ = write!(out, "\n{}\n", heading(&group, report, |s| s.to_owned()));
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
                if let Some(ops) = also_affects(c) {
                    let _ = writeln!(out, "      affects {}", ops.join(", "));
                }
            }
        }
    }
    if !report.not_compared.is_empty() {
        out.push_str("\nNOT COMPARED (the generator leaves these out)\n\n");
        for n in &report.not_compared {
            let _ = writeln!(out, "  {}#{}: {}: {}", file(n.document, old, new), n.pointer, n.what, n.message);
        }
    }
    out
}

fn heading(group: &Group, report: &Report, code: impl Fn(&str) -> String) -> String {
    match group {
        Group::Client => "Client".to_owned(),
        Group::Resource(path) => format!("Resource {}", code(path)),
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
    } else {
        let _ = writeln!(out, "**{}**", summary(report));
    }
    for (section, title) in SECTIONS {
        let groups = groups(report, section);
        if groups.is_empty() {
            continue;
        }
        let count = groups.iter().map(|(_, changes)| changes.len()).sum::<usize>();
        // What needs no attention is folded away.
        if section == Verdict::None {
            let _ = write!(out, "\n<details>\n<summary>{title} ({count})</summary>\n");
        } else {
            let _ = write!(out, "\n### {title} ({count})\n");
        }
        for (group, changes) in groups {
            let _ = write!(out, "\n**{}**\n\n", heading(&group, report, |s| format!("`{s}`")));
            out.push_str("| wire | api | rule | change | where |\n|---|---|---|---|---|\n");
            for c in changes {
                let mut change = cell(&c.message);
                if let Some(ops) = also_affects(c) {
                    let ops: Vec<String> = ops.iter().map(|a| format!("`{a}`")).collect();
                    let _ = write!(change, "<br>affects {}", ops.join(", "));
                }
                let at = location(c, old, new).map(|l| format!("`{}`", cell(&l))).unwrap_or_default();
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
        }
        if section == Verdict::None {
            out.push_str("\n</details>\n");
        }
    }
    if !report.not_compared.is_empty() {
        out.push_str("\n### Not compared (the generator leaves these out)\n\n");
        for n in &report.not_compared {
            let at = format!("{}#{}", file(n.document, old, new), n.pointer);
            let _ = writeln!(out, "- `{}`: {}: {}", cell(&at), cell(&n.what), cell(&n.message));
        }
    }
    out
}

fn verdict_md(v: Verdict) -> String {
    match v {
        Verdict::Breaking => "**breaking**".to_owned(),
        Verdict::Warning | Verdict::None => v.as_str().to_owned(),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The JSON report: its shape is published as `generator/diff-report.schema.json`.
#[derive(Serialize)]
struct Json<'a> {
    old: &'a str,
    new: &'a str,
    summary: JsonSummary,
    changes: &'a [Change],
    endpoints: &'a BTreeMap<String, String>,
    not_compared: &'a [super::NotCompared],
}

#[derive(Serialize)]
struct JsonSummary {
    changes: usize,
    operations: usize,
    elsewhere: usize,
    /// Operations (and other places) by the worst verdict their changes get on the wire.
    wire: BTreeMap<&'static str, usize>,
    /// The same, in the API.
    api: BTreeMap<&'static str, usize>,
}

fn json(report: &Report, old: &str, new: &str) -> String {
    let s = report.summary();
    let by_verdict = |c: [usize; 3]| {
        [Verdict::None, Verdict::Warning, Verdict::Breaking].into_iter().map(|v| (v.as_str(), c[v as usize])).collect()
    };
    let doc = Json {
        old,
        new,
        summary: JsonSummary {
            changes: s.changes,
            operations: s.operations,
            elsewhere: s.elsewhere,
            wire: by_verdict(s.wire),
            api: by_verdict(s.api),
        },
        changes: &report.changes,
        endpoints: &report.endpoints,
        not_compared: &report.not_compared,
    };
    serde_json::to_string_pretty(&doc).expect("reports serialize") + "\n"
}
