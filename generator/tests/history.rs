//! `diff` judged on real history: every pair of consecutive releases of Twilio's published specs in
//! `../shared/twilio-history/` (outside the repository; its README explains the layout), against the lines of
//! Twilio's own changelog for each release.
//!
//! - No pair is refused: both documents load, and what the generator leaves out is listed, not fatal.
//! - Every line the changelog marks `**(breaking change)**` is reported breaking (on the wire or in the API), by
//!   a change that names what the line names in backticks (`call_state`), or by any breaking change when the line
//!   names nothing; unless the two files do not show it, or show nothing that breaks a generated client, which
//!   [`NOT_BREAKING_IN_THE_FILES`] lists with the reason.
//! - A release the changelog calls additive gets no wire-breaking change, unless the files really break, which
//!   [`ADDITIVE_BUT_BREAKING`] lists with the reason.
//!
//! Both lists are checked both ways: an entry that no longer applies fails the test too.

use generator::diff::{self, Change, Report, Verdict};
use std::path::Path;

#[path = "common/corpus.rs"]
mod corpus;

/// Breaking lines of the changelog whose change the two files do not show, or show as nothing that breaks a
/// generated client: (spec, new release, the start of the line, why).
const NOT_BREAKING_IN_THE_FILES: &[(&str, &str, &str, &str)] = &[
    ("twilio_lookups_v2", "1.54.0", "Remove `carrier` field", "the two files are the same"),
    ("twilio_lookups_v2", "1.54.0", "Remove carrier information", "the two files are the same"),
    (
        "twilio_numbers_v1",
        "1.45.0",
        "Update properties in Porting",
        "the files only add the Portability resources; the Porting resources whose properties changed are in neither",
    ),
    ("twilio_verify_v2", "1.52.0", "Remove `Tags` from Public Docs", "the two files are the same"),
    ("twilio_verify_v2", "1.54.0", "`Tags` property added again", "the files add Tags as an optional parameter"),
    (
        "twilio_verify_v2",
        "1.54.0",
        "Remove `Tags` from Public Docs",
        "the files add Tags (the release removed it and added it again)",
    ),
    (
        "twilio_verify_v2",
        "1.32.0",
        "Reorder Verification Check parameters",
        "the files reorder optional form fields: they are sent by name and set by named setters, so order is nothing",
    ),
    (
        "twilio_video_v1",
        "1.12.0",
        "Recording rule beta flag",
        "the files add the RecordingRules parameter, optional: an addition",
    ),
    (
        "twilio_video_v1",
        "2.3.0",
        "removed `transcribe_participants_on_connect`",
        "the files add both parameters (the release removed and added them again)",
    ),
];

/// Releases the changelog calls additive whose files do break on the wire: (spec, new release, why).
const ADDITIVE_BUT_BREAKING: &[(&str, &str, &str)] = &[];

struct Pair {
    spec: String,
    old: String,
    new: String,
    marked_breaking: bool,
}

fn pairs(dir: &Path) -> Vec<Pair> {
    let index = std::fs::read_to_string(dir.join("index.tsv")).expect("index.tsv");
    index
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), 4, "index.tsv: {line}");
            Pair {
                spec: cells[0].to_owned(),
                old: cells[1].to_owned(),
                new: cells[2].to_owned(),
                marked_breaking: cells[3] == "yes",
            }
        })
        .collect()
}

/// Lowercase letters and digits only: `call_state`, `CallState` and `callState` are one name.
fn squash(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The names a changelog line gives in backticks.
fn named(line: &str) -> Vec<String> {
    line.split('`').skip(1).step_by(2).map(squash).filter(|n| !n.is_empty()).collect()
}

fn breaking(change: &Change) -> bool {
    change.wire == Verdict::Breaking || change.api == Verdict::Breaking
}

/// Whether the report has a breaking change for the line: one naming what the line names, or any.
fn reported(report: &Report, line: &str) -> bool {
    let names = named(line);
    report.changes.iter().filter(|c| breaking(c)).any(|c| {
        let text = squash(&[c.message.as_str(), c.property.as_deref().unwrap_or_default()].concat());
        names.is_empty() || names.iter().any(|n| text.contains(n.as_str()))
    })
}

#[test]
fn diff_judges_twilio_release_history() {
    let Some(dir) = corpus::shared("twilio-history", "diff_judges_twilio_release_history") else { return };
    let mut failures = Vec::new();
    let (mut lines, mut shown, mut recalled, mut additive, mut additive_wire) = (0, 0, 0, 0, 0);
    let mut used_exceptions = vec![false; NOT_BREAKING_IN_THE_FILES.len()];
    let all = pairs(&dir);
    for pair in &all {
        let folder = dir.join(&pair.spec).join(format!("{}__{}", pair.old, pair.new));
        let name = format!("{} {} → {}", pair.spec, pair.old, pair.new);
        let load = |file: &str| {
            let text = std::fs::read_to_string(folder.join(file)).expect("the pair's files");
            generator::ir_of(&text, file)
        };
        let (old, new) = match (load("old.json"), load("new.json")) {
            (Ok(old), Ok(new)) => (old, new),
            (old, new) => {
                failures.push(format!("{name}: refused: {:?} {:?}", old.err(), new.err()));
                continue;
            }
        };
        let report = diff::diff(&old, &new);
        let changelog = std::fs::read_to_string(folder.join("CHANGES.md")).expect("CHANGES.md");
        for line in changelog.lines().filter(|l| l.contains("**(breaking change)**")) {
            lines += 1;
            let text = line.trim_start_matches("- ");
            let exception = NOT_BREAKING_IN_THE_FILES.iter().position(|(spec, release, start, _)| {
                *spec == pair.spec && *release == pair.new && text.starts_with(start)
            });
            match (exception, reported(&report, line)) {
                (Some(i), false) => used_exceptions[i] = true,
                (Some(i), true) => {
                    used_exceptions[i] = true;
                    failures
                        .push(format!("{name}: listed as not breaking in the files, but reported breaking: {text}"));
                }
                (None, true) => {
                    shown += 1;
                    recalled += 1;
                }
                (None, false) => {
                    shown += 1;
                    failures.push(format!("{name}: marked breaking, not reported breaking: {text}"));
                }
            }
        }
        if !pair.marked_breaking {
            additive += 1;
            let wire: Vec<&Change> = report.changes.iter().filter(|c| c.wire == Verdict::Breaking).collect();
            additive_wire += wire.len();
            let listed =
                ADDITIVE_BUT_BREAKING.iter().any(|(spec, release, _)| *spec == pair.spec && *release == pair.new);
            if !wire.is_empty() && !listed {
                let entries: Vec<String> = wire.iter().map(|c| format!("    {}: {}", c.rule, c.message)).collect();
                failures.push(format!("{name}: additive, yet wire-breaking:\n{}", entries.join("\n")));
            }
            if wire.is_empty() && listed {
                failures.push(format!("{name}: listed as additive but breaking, yet no wire-breaking change"));
            }
        }
    }
    for (i, (spec, release, start, _)) in NOT_BREAKING_IN_THE_FILES.iter().enumerate() {
        if !used_exceptions[i] {
            failures.push(format!("{spec} {release}: no breaking line starts with {start:?}"));
        }
    }
    eprintln!(
        "history: {} pairs; {lines} lines marked breaking, {shown} breaking in the files, {recalled} reported breaking; \
         {additive} additive releases, {additive_wire} wire-breaking changes in them",
        all.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
