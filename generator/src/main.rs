//! `cargo run -p generator [-- --check] [--spec PATH] [--out DIR]`: regenerate (or check) the client crate.
//! `cargo run -p generator -- diff OLD NEW`: what changed between two specs, and what it breaks.

use generator::ir::Runtime;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: generator [--check] [--strict] [--spec PATH] [--out DIR] [--crate-version VERSION]
                 [--inline-runtime | --runtime-registry]
       generator diff OLD NEW [--format text|markdown|json] [--fail-on breaking|warning]

Regenerates the client crate in DIR (default: generated/) from the OpenAPI document at PATH
(default: spec/openapi.yaml). With --check, writes nothing and exits 1 if DIR is stale.
The crate's version is VERSION, else the spec's info.x-rust-crate-version, else 0.1.0.
The crate depends on the runtime crate (clientgen-runtime) by version and by its path relative to DIR: the
runtime/ of the workspace that holds DIR, else the one the generator was built from. --runtime-registry writes
the version requirement alone (a published runtime); --inline-runtime copies the runtime's files into
DIR/src/runtime/ instead (vendored or offline use).
What cannot be generated (an operation, a schema, a security scheme) is left out with a located warning on
stderr and listed in the crate's docs; with --strict any such warning is an error (exit 2, nothing written).
`generator diff --help` explains diff.";

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("diff") {
        return diff(std::env::args().skip(2).collect());
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().map(PathBuf::from).unwrap_or(manifest);
    let mut spec = root.join("spec/openapi.yaml");
    let mut out = root.join("generated");
    let mut check = false;
    let mut strict = false;
    let mut options = generator::Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--strict" => strict = true,
            "--inline-runtime" => options.runtime = Some(Runtime::Inline),
            "--runtime-registry" => options.runtime = Some(Runtime::Crate { path: None }),
            "--spec" | "--out" | "--crate-version" => {
                let Some(value) = args.next() else {
                    eprintln!("error: {arg} needs a value\n\n{USAGE}");
                    return ExitCode::from(2);
                };
                match arg.as_str() {
                    "--spec" => spec = value.into(),
                    "--out" => out = value.into(),
                    _ => options.crate_version = Some(value),
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unknown argument {other:?}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let text = match std::fs::read_to_string(&spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", spec.display());
            return ExitCode::from(2);
        }
    };
    let file = spec.display().to_string();
    if options.runtime.is_none() {
        match generator::runtime::locate(&out) {
            Ok(runtime) => options.runtime = Some(runtime),
            Err(e) => {
                eprintln!("error: {e}\nhelp: --inline-runtime copies the runtime in; --runtime-registry depends on a published one");
                return ExitCode::from(2);
            }
        }
    }
    let api = match generator::ir_with(&text, &file, &options) {
        Ok(api) => api,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let warnings = generator::warnings(&api, &file);
    let level = if strict { "error" } else { "warning" };
    for warning in &warnings {
        eprintln!("{level}: {warning}");
    }
    if strict && !warnings.is_empty() {
        eprintln!("error: --strict refuses what cannot be generated ({} above); nothing was written", warnings.len());
        return ExitCode::from(2);
    }
    let files = match generator::emit::crate_files(&api) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {}", e.in_file(file));
            return ExitCode::from(2);
        }
    };
    let operations: usize = api.modules.iter().map(|m| m.operations.len()).sum();
    let runtime = match &api.runtime {
        Runtime::Crate { path: Some(path) } => {
            format!("runtime {} {} at {path}", generator::runtime::PACKAGE, generator::runtime::version())
        }
        Runtime::Crate { path: None } => {
            format!("runtime {} {} from the registry", generator::runtime::PACKAGE, generator::runtime::version())
        }
        Runtime::Inline => "runtime inlined".to_owned(),
    };
    let summary = format!("{operations} operations, {} skipped, {runtime}", warnings.len());
    if check {
        match generator::write::stale(&out, &files) {
            Ok(stale) if stale.is_empty() => {
                println!("{} is up to date with {} ({summary})", out.display(), spec.display());
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                eprintln!("{} is stale; run `cargo run -p generator` to regenerate. Stale files:", out.display());
                for path in stale {
                    eprintln!("  {path}");
                }
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", out.display());
                ExitCode::from(2)
            }
        }
    } else {
        match generator::write::write_all(&out, &files) {
            Ok(changed) => {
                println!("generated {} files in {} ({} changed): {summary}", files.len(), out.display(), changed.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: writing {} failed: {e}", out.display());
                ExitCode::from(2)
            }
        }
    }
}

const DIFF_USAGE: &str = "usage: generator diff OLD NEW [--format text|markdown|json] [--fail-on breaking|warning]
       generator diff --rules [--format text|markdown|json]

Lists every change between two OpenAPI documents (YAML or JSON): a rule id, where it is, what changed, and two
verdicts, each breaking, warning or none. wire: does an application built on the crate generated from OLD still
work against a server that follows NEW? api: does code that compiled against that crate still compile after
regenerating from NEW? --rules prints the rule table.

Exits 0 when no change reaches the --fail-on level (default: breaking), 1 when one does, 2 when either document
cannot be read.";

/// `generator diff OLD NEW`: what changed between two specs and what it breaks.
fn diff(args: Vec<String>) -> ExitCode {
    use generator::diff::{render, FailOn};
    let mut files = Vec::new();
    let mut format = render::Format::Text;
    let mut fail_on = FailOn::Breaking;
    let mut rules = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" | "--fail-on" => {
                let value = args.next().unwrap_or_default();
                match (arg.as_str(), value.as_str()) {
                    ("--format", name) if render::Format::parse(name).is_some() => {
                        format = render::Format::parse(name).unwrap_or(format)
                    }
                    ("--fail-on", "breaking") => fail_on = FailOn::Breaking,
                    ("--fail-on", "warning") => fail_on = FailOn::Warning,
                    _ => {
                        eprintln!("error: {arg} does not take {value:?}\n\n{DIFF_USAGE}");
                        return ExitCode::from(2);
                    }
                }
            }
            "--rules" => rules = true,
            "-h" | "--help" => {
                print_out(&format!("{DIFF_USAGE}\n"));
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') => {
                eprintln!("error: unknown argument {other:?}\n\n{DIFF_USAGE}");
                return ExitCode::from(2);
            }
            _ => files.push(arg),
        }
    }
    if rules {
        print_out(&render::rules(format));
        return ExitCode::SUCCESS;
    }
    let [old, new] = files.as_slice() else {
        eprintln!("error: diff takes two documents, OLD and NEW\n\n{DIFF_USAGE}");
        return ExitCode::from(2);
    };
    let load = |path: &str| -> Result<generator::ir::Api, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        generator::ir_of(&text, path).map_err(|e| e.to_string())
    };
    let (old_api, new_api) = match (load(old), load(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for e in [o.err(), n.err()].into_iter().flatten() {
                eprintln!("error: {e}");
            }
            return ExitCode::from(2);
        }
    };
    // What the generator leaves out of either side is not compared; say so, located, on stderr.
    for (api, path) in [(&old_api, old), (&new_api, new)] {
        for warning in generator::warnings(api, path) {
            eprintln!("warning: not compared: {warning}");
        }
    }
    let report = generator::diff::diff(&old_api, &new_api);
    print_out(&render::report(&report, old, new, format));
    if report.fails(fail_on) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes to stdout; a reader that stopped reading (`| head`) is not an error.
fn print_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
