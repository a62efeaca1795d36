//! `cargo run -p generator [-- --check] [--spec PATH] [--out DIR]`: regenerate (or check) the client crate.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: generator [--check] [--spec PATH] [--out DIR]

Regenerates the client crate in DIR (default: generated/) from the OpenAPI document at PATH
(default: spec/openapi.yaml). With --check, writes nothing and exits 1 if DIR is stale.";

fn main() -> ExitCode {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().map(PathBuf::from).unwrap_or(manifest);
    let mut spec = root.join("spec/openapi.yaml");
    let mut out = root.join("generated");
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" | "--out" => {
                let Some(value) = args.next() else {
                    eprintln!("error: {arg} needs a value\n\n{USAGE}");
                    return ExitCode::from(2);
                };
                if arg == "--spec" {
                    spec = value.into();
                } else {
                    out = value.into();
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
    let files = match generator::generate(&text, &spec.display().to_string()) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if check {
        match generator::write::stale(&out, &files) {
            Ok(stale) if stale.is_empty() => {
                println!("{} is up to date with {}", out.display(), spec.display());
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
                println!("generated {} files in {} ({} changed)", files.len(), out.display(), changed.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: writing {} failed: {e}", out.display());
                ExitCode::from(2)
            }
        }
    }
}
