//! The runtime crate (`runtime/` of this workspace) as the generator sees it: its version, its source files for
//! `--inline-runtime`, the dependencies and features a generated crate takes from its manifest, and where it is on
//! disk for a path dependency.

use crate::ir::Runtime;
use std::path::{Component, Path, PathBuf};

/// The runtime's package name, as generated manifests depend on it.
pub const PACKAGE: &str = "clientgen-runtime";

/// The runtime's manifest, the one source of its version, dependencies and features.
const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The runtime's source files, shipped verbatim into `src/runtime/` by `--inline-runtime` (`lib.rs` as `mod.rs`).
pub const FILES: &[(&str, &str)] = &[
    ("auth.rs", include_str!("../../runtime/src/auth.rs")),
    ("date.rs", include_str!("../../runtime/src/date.rs")),
    ("encode.rs", include_str!("../../runtime/src/encode.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("id.rs", include_str!("../../runtime/src/id.rs")),
    ("loopback.rs", include_str!("../../runtime/src/loopback.rs")),
    ("mod.rs", include_str!("../../runtime/src/lib.rs")),
    ("multipart.rs", include_str!("../../runtime/src/multipart.rs")),
    ("oauth.rs", include_str!("../../runtime/src/oauth.rs")),
    ("paginate.rs", include_str!("../../runtime/src/paginate.rs")),
    ("pattern.rs", include_str!("../../runtime/src/pattern.rs")),
    ("record.rs", include_str!("../../runtime/src/record.rs")),
    ("redirect.rs", include_str!("../../runtime/src/redirect.rs")),
    ("request.rs", include_str!("../../runtime/src/request.rs")),
    ("secret.rs", include_str!("../../runtime/src/secret.rs")),
    ("timestamp.rs", include_str!("../../runtime/src/timestamp.rs")),
    ("transport.rs", include_str!("../../runtime/src/transport.rs")),
    ("union.rs", include_str!("../../runtime/src/union.rs")),
    ("unknown.rs", include_str!("../../runtime/src/unknown.rs")),
];

/// The crate's request type around the runtime's (`runtime/shell/request.rs`), the same in every generated
/// crate, where each operation's setters go: written to `src/request.rs` whether or not the runtime is inlined.
pub const SHELL_REQUEST: &str = include_str!("../../runtime/shell/request.rs");

/// The runtime's version (`version` of its `[package]`), which generated manifests require.
pub fn version() -> &'static str {
    section("package")
        .find_map(|line| line.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .expect("runtime/Cargo.toml has a version")
}

/// The lines of a section of the runtime's manifest (`dependencies`, `features`, ...), comments included.
pub fn section(name: &str) -> impl Iterator<Item = &'static str> {
    let header = format!("[{name}]");
    MANIFEST
        .lines()
        .skip_while(move |line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.trim().is_empty())
}

/// The runtime for a crate generated into `out`: a path dependency on the runtime crate, by the relative path from
/// `out` to it. The runtime crate is looked for in the workspace that holds `out` (a `runtime/` beside one of
/// its parents), then where the generator was built from. `Err` says what was looked at.
pub fn locate(out: &Path) -> Result<Runtime, String> {
    let out = absolute(out).map_err(|e| format!("cannot resolve {}: {e}", out.display()))?;
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let candidates = out.ancestors().map(|dir| dir.join("runtime")).chain([built_from]);
    let mut looked = Vec::new();
    for dir in candidates {
        if is_this_runtime(&dir) {
            let dir = dir.canonicalize().map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
            return Ok(Runtime::Crate { path: Some(relative(&out, &dir)) });
        }
        looked.push(dir);
    }
    let last = looked.last().map(|d| d.display().to_string()).unwrap_or_default();
    Err(format!(
        "the runtime crate {PACKAGE} {} is neither in a parent of the output directory nor at {last}",
        version()
    ))
}

/// Whether `dir` holds the runtime crate of this generator's version.
fn is_this_runtime(dir: &Path) -> bool {
    let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { return false };
    manifest.lines().any(|l| l == format!("name = \"{PACKAGE}\""))
        && manifest.lines().any(|l| l == format!("version = \"{}\"", version()))
}

/// `path` made absolute and free of `.`, `..` and symbolic links, as far as it exists: the part that does not
/// exist yet (an output directory to be created) is appended as given.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut existing = path.as_path();
    let mut missing = Vec::new();
    while !existing.exists() {
        let Some(parent) = existing.parent() else { break };
        missing.push(existing.file_name().map(PathBuf::from).unwrap_or_default());
        existing = parent;
    }
    let mut resolved = existing.canonicalize()?;
    for part in missing.into_iter().rev() {
        for component in part.components() {
            match component {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => resolved.push(name),
                Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            }
        }
    }
    Ok(resolved)
}

/// The relative path from the directory `from` to `to`, both absolute and resolved, with `/` separators.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let downs = to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = ups.chain(downs).collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_gives_version_dependencies_and_features() {
        assert!(version().split('.').count() == 3, "{}", version());
        assert!(section("dependencies").any(|l| l.starts_with("reqwest = ")));
        let features: Vec<&str> = section("features").collect();
        assert!(features.contains(&r#"default = ["rustls"]"#), "{features:?}");
        assert!(features.iter().any(|l| l.starts_with("tracing = ")), "{features:?}");
    }

    #[test]
    fn every_source_file_of_the_runtime_is_shipped() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut on_disk: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        on_disk.sort();
        let mut shipped: Vec<String> =
            FILES.iter().map(|(name, _)| if *name == "mod.rs" { "lib.rs" } else { name }.to_owned()).collect();
        shipped.sort();
        assert_eq!(on_disk, shipped);
    }

    #[test]
    fn relative_paths_climb_to_the_common_parent() {
        assert_eq!(relative(Path::new("/w/generated"), Path::new("/w/runtime")), "../runtime");
        assert_eq!(relative(Path::new("/w/target/x/crates/a"), Path::new("/w/runtime")), "../../../../runtime");
        assert_eq!(relative(Path::new("/tmp/out"), Path::new("/w/runtime")), "../../w/runtime");
        assert_eq!(relative(Path::new("/w"), Path::new("/w/runtime")), "runtime");
    }

    #[test]
    fn the_runtime_is_found_from_inside_and_outside_the_workspace() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let inside = locate(&root.join("generated")).unwrap();
        assert_eq!(inside, Runtime::Crate { path: Some("../runtime".to_owned()) });
        let nested = locate(&root.join("target/not/yet/made")).unwrap();
        assert_eq!(nested, Runtime::Crate { path: Some("../../../../runtime".to_owned()) });
        let outside = std::env::temp_dir().join(format!("runtime-locate-{}", std::process::id())).join("client");
        let Runtime::Crate { path: Some(path) } = locate(&outside).unwrap() else { panic!("no path") };
        std::fs::create_dir_all(&outside).unwrap();
        let found = is_this_runtime(&outside.join(&path));
        std::fs::remove_dir_all(outside.parent().unwrap()).unwrap();
        assert!(found, "{path} from {} is not the runtime", outside.display());
    }
}
