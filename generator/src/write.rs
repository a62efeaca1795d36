//! Write: compare with what is on disk, or replace the output directory's files all at once.

use crate::ir::Files;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Files under `out` that differ from `files`: changed, missing, or on disk but no longer generated.
pub fn stale(out: &Path, files: &Files) -> io::Result<Vec<String>> {
    let mut stale = Vec::new();
    for (path, contents) in files {
        match fs::read(out.join(path)) {
            Ok(on_disk) if on_disk == contents.as_bytes() => {}
            Ok(_) => stale.push(path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => stale.push(path.clone()),
            Err(e) => return Err(e),
        }
    }
    for path in generated_files(out)? {
        if !files.contains_key(&path) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

/// Writes every file to a temporary sibling and renames it into place only once all are written, then removes
/// generated files the spec no longer gives. A failure before the renames leaves `out` untouched.
pub fn write_all(out: &Path, files: &Files) -> io::Result<Vec<String>> {
    let changed = stale(out, files)?;
    let mut pending: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for path in changed.iter().filter(|p| files.contains_key(*p)) {
            let target = out.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            let temp =
                target.with_extension(format!("{}.tmp", target.extension().and_then(|e| e.to_str()).unwrap_or("")));
            fs::write(&temp, &files[path])?;
            pending.push((temp, target));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (temp, _) in &pending {
            let _ = fs::remove_file(temp);
        }
        return Err(e);
    }
    for (temp, target) in &pending {
        fs::rename(temp, target)?;
    }
    for path in changed.iter().filter(|p| !files.contains_key(*p)) {
        let file = out.join(path);
        fs::remove_file(&file)?;
        // A directory the generator emptied goes too (`src/runtime/` when the runtime stops being inlined).
        for dir in file.ancestors().skip(1).take_while(|dir| *dir != out) {
            if fs::remove_dir(dir).is_err() {
                break; // not empty: it holds other files
            }
        }
    }
    Ok(changed)
}

/// Files under `out` that carry the generated header (so hand-written files beside them are never touched).
fn generated_files(out: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    dirs.push(path);
                }
            } else if is_generated(&path) {
                let relative = path.strip_prefix(out).unwrap_or(&path);
                found
                    .push(relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    Ok(found)
}

fn is_generated(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else { return false };
    text.lines().next().is_some_and(|first| first.contains(crate::emit::HEADER))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("generator-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_reports_and_prunes_only_generated_files() {
        let dir = temp_dir("prune");
        let header = format!("// {}\n", crate::emit::HEADER);
        let mut files = Files::new();
        files.insert("src/a.rs".into(), format!("{header}a"));
        files.insert("src/old.rs".into(), format!("{header}old"));
        assert_eq!(write_all(&dir, &files).unwrap(), vec!["src/a.rs", "src/old.rs"]);
        assert!(stale(&dir, &files).unwrap().is_empty());
        fs::write(dir.join("src/hand.rs"), "hand-written").unwrap();
        files.remove("src/old.rs");
        assert_eq!(stale(&dir, &files).unwrap(), vec!["src/old.rs"]);
        write_all(&dir, &files).unwrap();
        assert!(!dir.join("src/old.rs").exists());
        assert!(dir.join("src/hand.rs").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_the_generator_empties_goes_and_one_with_other_files_stays() {
        let dir = temp_dir("empty");
        let header = format!("// {}\n", crate::emit::HEADER);
        let mut files = Files::new();
        files.insert("src/lib.rs".into(), format!("{header}lib"));
        files.insert("src/runtime/a.rs".into(), format!("{header}a"));
        files.insert("src/runtime/deep/b.rs".into(), format!("{header}b"));
        files.insert("src/kept/c.rs".into(), format!("{header}c"));
        write_all(&dir, &files).unwrap();
        fs::write(dir.join("src/kept/notes.md"), "hand-written").unwrap();
        files.retain(|path, _| path == "src/lib.rs");
        write_all(&dir, &files).unwrap();
        assert!(!dir.join("src/runtime").exists());
        assert!(dir.join("src/kept/notes.md").exists() && !dir.join("src/kept/c.rs").exists());
        assert!(dir.join("src/lib.rs").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
