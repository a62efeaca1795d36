//! `cargo run -p generator [-- --check] [--spec PATH] [--out DIR]`: regenerate (or check) the client crate.
//! `cargo run -p generator -- diff OLD NEW`: what changed between two specs, and what it breaks.
//! `--help` for every option, per subcommand.

/// `eprintln!`, except that a stderr nobody reads (closed, or a pipe whose reader stopped) is not a panic.
macro_rules! report {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use generator::ir::Runtime;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The command line: `generate` (the default, so `generator --check` is `generator generate --check`) and `diff`.
fn cli() -> Command {
    let generate = [
        Arg::new("spec").long("spec").value_name("PATH").value_parser(value_parser!(PathBuf)).help(
            "The OpenAPI document, YAML or JSON [default: spec/openapi.yaml of the workspace the command runs in]",
        ),
        Arg::new("out")
            .long("out")
            .value_name("DIR")
            .value_parser(value_parser!(PathBuf))
            .help("Where the crate goes [default: generated/ of the workspace the command runs in]"),
        Arg::new("check")
            .long("check")
            .action(ArgAction::SetTrue)
            .help("Write nothing; exit 1, naming the stale files, when DIR differs from what the spec gives"),
        Arg::new("strict")
            .long("strict")
            .action(ArgAction::SetTrue)
            .help("Refuse (exit 2, nothing written) what would be left out with a warning"),
        Arg::new("crate-version")
            .long("crate-version")
            .value_name("VERSION")
            .help("The crate's version, over the spec's info.x-rust-crate-version [default: 0.1.0]"),
        Arg::new("crate-name").long("crate-name").value_name("NAME").help(
            "The crate's package name, over the spec's info.x-rust-crate [default: the spec file's name, or the title]",
        ),
        Arg::new("inline-runtime")
            .long("inline-runtime")
            .action(ArgAction::SetTrue)
            .conflicts_with("runtime-registry")
            .help("Copy the runtime's files into DIR/src/runtime/ instead of depending on clientgen-runtime"),
        Arg::new("runtime-registry")
            .long("runtime-registry")
            .action(ArgAction::SetTrue)
            .help("Depend on clientgen-runtime by version alone (a published runtime), not also by path"),
        overlay_arg(),
    ];
    let generate_about = "Regenerates the client crate in DIR from the OpenAPI document at PATH";
    let generate_long = "Regenerates the client crate in DIR from the OpenAPI document at PATH.

What cannot be generated (an operation, a schema, a security scheme) is left out with a located warning on stderr
and listed in the crate's docs; with --strict any such warning is an error (exit 2, nothing written).

Each --overlay (an Overlay 1.0.0 document, YAML or JSON) changes the spec before it is read, in the order given;
an overlay action that selects nothing is a warning (an error with --strict).

The crate depends on the runtime crate (clientgen-runtime) by version and by its path relative to DIR: the
runtime/ of the workspace that holds DIR, else the one the generator was built from. The command says which.";
    Command::new("generator")
        .version(env!("CARGO_PKG_VERSION"))
        .about(generate_about)
        .long_about(generate_long)
        .args(generate.clone())
        .args_conflicts_with_subcommands(true)
        .subcommand(Command::new("generate").about(generate_about).long_about(generate_long).args(generate))
        .subcommand(
            Command::new("diff")
                .about("What changed between two OpenAPI documents, and what it breaks")
                .long_about(DIFF_ABOUT)
                .arg(
                    Arg::new("old")
                        .value_name("OLD")
                        .required_unless_present_any(["rules", "base"])
                        .help("The old document; with --base, the document to compare (default: the workspace's spec)"),
                )
                .arg(
                    Arg::new("new")
                        .value_name("NEW")
                        .required_unless_present_any(["rules", "base"])
                        .conflicts_with("base")
                        .help("The new document"),
                )
                .arg(
                    Arg::new("base")
                        .long("base")
                        .value_name("REV")
                        .help("Compare with the document as it was at the git revision REV (git show REV:PATH)"),
                )
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_parser(["text", "markdown", "md", "json"])
                        .default_value("text")
                        .help("How the report is written"),
                )
                .arg(
                    Arg::new("fail-on")
                        .long("fail-on")
                        .value_parser(["breaking", "warning"])
                        .default_value("breaking")
                        .help("The verdict that makes the command exit 1"),
                )
                .arg(
                    Arg::new("only").long("only").value_parser(["breaking", "warning"]).help(
                        "List only the changes at this verdict or worse (the exit status still counts every change)",
                    ),
                )
                .arg(Arg::new("rules").long("rules").action(ArgAction::SetTrue).help("Print the rule table"))
                .arg(overlay_arg().help("An Overlay 1.0.0 document (YAML or JSON) applied to both OLD and NEW before comparing; repeatable, applied in order")),
        )
}

/// `--overlay FILE`, repeatable: overlays applied in order to the spec before it is read.
fn overlay_arg() -> Arg {
    Arg::new("overlay")
        .long("overlay")
        .value_name("FILE")
        .value_parser(value_parser!(PathBuf))
        .action(ArgAction::Append)
        .help("An Overlay 1.0.0 document (YAML or JSON) applied to the spec before it is read; repeatable, applied in order")
}

/// The `--overlay` files, each named as given and read whole, in order.
fn read_overlays(args: &ArgMatches) -> Result<Vec<(String, String)>, String> {
    let files = args.get_many::<PathBuf>("overlay").into_iter().flatten();
    files
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok((path.display().to_string(), text))
        })
        .collect()
}

const DIFF_ABOUT: &str =
    "Lists every change between two OpenAPI documents (YAML or JSON): a rule id, where it is, what changed,
and two verdicts, each breaking, warning or none. wire: does an application built on the crate generated from OLD
still work against a server that follows NEW? api: does code that compiled against that crate still compile after
regenerating from NEW? --rules prints the rule table.

Exits 0 when no change reaches the --fail-on level (default: breaking), 1 when one does, 2 when either document
cannot be read.";

fn main() -> ExitCode {
    let matches = match cli().try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            // Help and version go to stdout with status 0; mistakes to stderr with status 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match matches.subcommand() {
        Some(("diff", args)) => diff(args),
        Some(("generate", args)) => generate(args),
        _ => generate(&matches),
    }
}

/// The root of the workspace the command runs in: the nearest directory at or above the current one whose
/// `Cargo.toml` declares a `[workspace]`; else the current directory. Default paths are relative to it, not to
/// where the generator was built (two checkouts can share one build).
fn workspace_root() -> PathBuf {
    let current = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let is_root = |dir: &Path| {
        std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|t| t.lines().any(|l| l.trim() == "[workspace]"))
    };
    current.ancestors().find(|dir| is_root(dir)).map(Path::to_path_buf).unwrap_or(current)
}

/// `generator [generate]`: regenerates (or checks) the crate.
fn generate(args: &ArgMatches) -> ExitCode {
    let root = workspace_root();
    // The spec is named as given, or as the default is written in the workspace: generated files say which.
    let (spec, file) = match args.get_one::<PathBuf>("spec") {
        Some(spec) => (spec.clone(), spec.display().to_string()),
        None => (root.join("spec/openapi.yaml"), "spec/openapi.yaml".to_owned()),
    };
    let out = args.get_one::<PathBuf>("out").cloned().unwrap_or_else(|| root.join("generated"));
    let check = args.get_flag("check");
    let strict = args.get_flag("strict");
    let overlays = match read_overlays(args) {
        Ok(overlays) => overlays,
        Err(e) => {
            report!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut options = generator::Options {
        crate_version: args.get_one::<String>("crate-version").cloned(),
        crate_name: args.get_one::<String>("crate-name").cloned(),
        runtime: None,
        overlays,
    };
    if args.get_flag("inline-runtime") {
        options.runtime = Some(Runtime::Inline);
    } else if args.get_flag("runtime-registry") {
        options.runtime = Some(Runtime::Crate { path: None });
    }
    let text = match std::fs::read_to_string(&spec) {
        Ok(text) => text,
        Err(e) => {
            report!("error: cannot read {}: {e}", spec.display());
            return ExitCode::from(2);
        }
    };
    if options.runtime.is_none() {
        match generator::runtime::locate(&out) {
            Ok(runtime) => options.runtime = Some(runtime),
            Err(e) => {
                report!("error: {e}\nhelp: --inline-runtime copies the runtime in; --runtime-registry depends on a published one");
                return ExitCode::from(2);
            }
        }
    }
    let (api, load_warnings) = match generator::overlaid_ir(&text, &file, &options) {
        Ok(lowered) => lowered,
        Err(e) => {
            report!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let warnings = generator::warnings(&api, &file);
    let level = if strict { "error" } else { "warning" };
    for warning in load_warnings.iter().chain(&warnings) {
        report!("{level}: {warning}");
    }
    if strict && !(warnings.is_empty() && load_warnings.is_empty()) {
        report!("error: {}", strict_refusal(load_warnings.len(), warnings.len()));
        return ExitCode::from(2);
    }
    let files = match generator::emit::crate_files(&api) {
        Ok(files) => files,
        Err(e) => {
            report!("error: {}", e.in_file(file));
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
    let overlaid = overlaid_by(&options.overlays);
    let skipped = api.skipped.iter().filter(|s| matches!(s.what, generator::ir::Part::Operation(_))).count();
    let warned = load_warnings.len() + warnings.len();
    let (operations, warned) = (counted(operations, "operation"), counted(warned, "warning"));
    let summary = format!("{operations}, {skipped} skipped, {warned}{overlaid}, {runtime}");
    if check {
        match generator::write::stale(&out, &files) {
            Ok(stale) if stale.is_empty() => {
                print_out(&format!("{} is up to date with {} ({summary})\n", out.display(), spec.display()));
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                report!("{} is stale; run `cargo run -p generator` to regenerate. Stale files:", out.display());
                for path in stale {
                    report!("  {path}");
                }
                ExitCode::FAILURE
            }
            Err(e) => {
                report!("error: cannot read {}: {e}", out.display());
                ExitCode::from(2)
            }
        }
    } else {
        match generator::write::write_all(&out, &files) {
            Ok(changed) => {
                let changed = changed.len();
                print_out(&format!(
                    "generated {} files in {} ({changed} changed): {summary}\n",
                    files.len(),
                    out.display()
                ));
                ExitCode::SUCCESS
            }
            Err(e) => {
                report!("error: writing {} failed: {e}", out.display());
                ExitCode::from(2)
            }
        }
    }
}

/// `1 warning`, `2 warnings`.
fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `, overlaid by a.yaml, b.yaml` for the summary line; nothing without overlays.
fn overlaid_by(overlays: &[(String, String)]) -> String {
    match overlays.len() {
        0 => String::new(),
        _ => format!(", overlaid by {}", overlays.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ")),
    }
}

/// Why `--strict` stopped: `loading` warnings of reading the spec and its overlays, and `skipped` parts left out,
/// printed above.
fn strict_refusal(loading: usize, skipped: usize) -> String {
    match loading {
        0 => format!("--strict refuses what cannot be generated ({skipped} above); nothing was written"),
        _ => format!(
            "--strict refuses what cannot be generated or read exactly, and overlay actions that change nothing ({} above); nothing was written",
            loading + skipped
        ),
    }
}

/// `generator diff OLD NEW`: what changed between two specs and what it breaks.
fn diff(args: &ArgMatches) -> ExitCode {
    use generator::diff::{render, FailOn};
    let format =
        args.get_one::<String>("format").and_then(|f| render::Format::parse(f)).unwrap_or(render::Format::Text);
    let fail_on = match args.get_one::<String>("fail-on").map(String::as_str) {
        Some("warning") => FailOn::Warning,
        _ => FailOn::Breaking,
    };
    let rules = args.get_flag("rules");
    if rules {
        print_out(&render::rules(format));
        return ExitCode::SUCCESS;
    }
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"));
    // The two documents, each with the name the report gives it.
    let ((old, old_text), (new, new_text)) = match (args.get_one::<String>("base"), args.get_one::<String>("old")) {
        (Some(rev), spec) => {
            // Named as given, or as the default path is written in the workspace.
            let (path, name) = match spec {
                Some(spec) => (PathBuf::from(spec), spec.clone()),
                None => (workspace_root().join("spec/openapi.yaml"), "spec/openapi.yaml".to_owned()),
            };
            let text = path.to_str().ok_or_else(|| format!("{} is not UTF-8", path.display())).and_then(read);
            ((format!("{rev}:{name}"), from_git(rev, &path)), (name, text))
        }
        (None, Some(old)) => {
            let new = args.get_one::<String>("new").cloned().unwrap_or_default();
            ((old.clone(), read(old)), (new.clone(), read(&new)))
        }
        (None, None) => {
            report!("error: diff takes two documents, OLD and NEW, or --base REV");
            return ExitCode::from(2);
        }
    };
    let (old, new) = (old.as_str(), new.as_str());
    let options = match read_overlays(args) {
        Ok(overlays) => generator::Options { overlays, ..Default::default() },
        Err(e) => {
            report!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let load =
        |text: Result<String, String>, name: &str| -> Result<(generator::ir::Api, Vec<generator::Error>), String> {
            generator::overlaid_ir(&text?, name, &options).map_err(|e| e.to_string())
        };
    let ((old_api, old_warnings), (new_api, new_warnings)) = match (load(old_text, old), load(new_text, new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            let mut errors: Vec<String> = [o.err(), n.err()].into_iter().flatten().collect();
            // The same overlay refused on both sides is said once.
            errors.dedup();
            for e in errors {
                report!("error: {e}");
            }
            return ExitCode::from(2);
        }
    };
    for warning in old_warnings.iter().chain(&new_warnings) {
        report!("warning: {warning}");
    }
    // What the generator leaves out of either side is not compared; say so, located, on stderr.
    for (api, path) in [(&old_api, old), (&new_api, new)] {
        for warning in generator::warnings(api, path) {
            report!("warning: not compared: {warning}");
        }
    }
    let report = generator::diff::diff(&old_api, &new_api);
    let shown = match args.get_one::<String>("only").map(String::as_str) {
        Some("breaking") => report.only(FailOn::Breaking),
        Some("warning") => report.only(FailOn::Warning),
        _ => report.clone(),
    };
    print_out(&render::report(&shown, old, new, format));
    if report.fails(fail_on) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The document at `path` as it was at the git revision `rev`, read with `git show` in the file's directory.
fn from_git(rev: &str, path: &Path) -> Result<String, String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .args(["show", &format!("{rev}:./{name}")])
        .output()
        .map_err(|e| format!("cannot run git to read {} at {rev}: {e}", path.display()))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(format!("cannot read {} at {rev}: {why}", path.display()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{} at {rev} is not UTF-8", path.display()))
}

/// Writes to stdout; a reader that stopped reading (`| head`) is not an error.
fn print_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
