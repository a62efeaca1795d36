//! Multi-file specs: every `$ref` to another file (`models/pet.yaml`, `common.yaml#/components/schemas/Error`),
//! resolved against the file that holds it, brought into the root document, so that the rest of the pipeline
//! reads one document.
//!
//! A schema from another file becomes a component schema of the root (`#/components/schemas/Pet`), once however
//! many references reach it, so cycles across files resolve like cycles within one. Anything else (a path
//! item, a parameter, a response, a description) is copied where it is referenced. A reference to a URL is
//! never fetched. Every part brought in is recorded in [`Origins`], so messages name the file it is written in.

use super::origin::{Origin, Origins};
use super::walk::{self, CopyBudget, Ctx};
use crate::error::{pointer, Error};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// Reads a file the spec refers to.
pub type Read<'a> = &'a (dyn Fn(&Path) -> std::io::Result<String> + Sync);

/// Brings every part of other files that `root` (read from `file`) refers to into it, reading them with `read`.
/// Errors are located in the resolved document: [`Origins::locate`] names the file.
pub(super) fn bundle(root: &mut Value, file: &str, read: Read, origins: &mut Origins) -> Result<(), Error> {
    let root_path = normal(Path::new(file));
    let mut bundler = Bundler {
        read,
        root: root_path.clone(),
        files: BTreeMap::new(),
        names: BTreeMap::new(),
        taken: BTreeSet::new(),
        pending: std::collections::VecDeque::new(),
        inlining: Vec::new(),
        origins,
        schemas: Vec::new(),
        budget: CopyBudget::new(CopyBudget::DEFAULT),
    };
    bundler.taken = walk::component_names(root);
    bundler.adopt_reexports(root.pointer("/components/schemas").and_then(Value::as_object));
    bundler.walk(root, Ctx::Object, &root_path, "")?;
    while let Some((name, path, fragment, referred)) = bundler.pending.pop_front() {
        let now = pointer("/components/schemas", &name);
        let mut schema = bundler.target(&path, &fragment, &referred)?.clone();
        bundler.origins.record(now.clone(), Origin { file: display(&path), pointer: fragment.clone() });
        bundler.walk(&mut schema, Ctx::Schema, &path, &now)?;
        bundler.schemas.push((name, schema));
    }
    if !bundler.schemas.is_empty() {
        let schemas = walk::section(root, "schemas");
        schemas.extend(std::mem::take(&mut bundler.schemas));
    }
    Ok(())
}

struct Bundler<'a> {
    read: Read<'a>,
    root: PathBuf,
    /// The other files read so far, parsed.
    files: BTreeMap<PathBuf, Value>,
    /// The component name given to each schema of another file: (file, pointer) to name.
    names: BTreeMap<(PathBuf, String), String>,
    /// Component schema names in use, compared as the type names they become.
    taken: BTreeSet<String>,
    /// Schemas named but not yet brought in: name, file, pointer, and the first reference to it (where a
    /// problem reading it is reported).
    pending: std::collections::VecDeque<(String, PathBuf, String, String)>,
    /// The references being copied, innermost last, to refuse a cycle.
    inlining: Vec<(PathBuf, String)>,
    origins: &'a mut Origins,
    /// Schemas brought in, to add to the root's components.
    schemas: Vec<(String, Value)>,
    /// How many more references may be copied.
    budget: CopyBudget,
}

impl Bundler<'_> {
    /// A root component that is only a reference to another file's schema (`Pet: {$ref: pet.yaml}`) gives that
    /// schema its name, instead of a second name and an alias.
    fn adopt_reexports(&mut self, components: Option<&Map<String, Value>>) {
        for (name, value) in components.into_iter().flatten() {
            let Some(reference) = value.as_object().filter(|o| o.len() == 1).and_then(|o| o.get("$ref")?.as_str())
            else {
                continue;
            };
            let root = self.root.clone();
            if let Ok(Some((path, fragment))) = split(&root, reference) {
                if path != self.root && !self.names.contains_key(&(path.clone(), fragment.clone())) {
                    self.names.insert((path.clone(), fragment.clone()), name.clone());
                    let referred = pointer(&pointer("/components/schemas", name), "$ref");
                    self.pending.push_back((name.clone(), path, fragment, referred));
                }
            }
        }
    }

    /// Resolves the references to other files in `value`, a part of kind `ctx` written in `file`, now at `now`
    /// in the resolved document.
    fn walk(&mut self, value: &mut Value, ctx: Ctx, file: &Path, now: &str) -> Result<(), Error> {
        if ctx == Ctx::Schema {
            self.mapping(value, file, now)?;
        }
        if let Some(reference) = walk::reference(value, ctx) {
            let at = pointer(now, "$ref");
            let Some((path, fragment)) = split(file, reference).map_err(|e| Error { location: at.clone(), ..e })?
            else {
                return Ok(());
            };
            if path == self.root {
                set_ref(value, format!("#{fragment}"));
            } else if ctx == Ctx::Schema {
                let name = self.schema_name(path, fragment, &at);
                set_ref(value, format!("#{}", pointer("/components/schemas", &name)));
            } else {
                return self.inline(value, ctx, (path, fragment), now);
            }
            // The keywords beside a schema's reference are schemas of their own (OpenAPI 3.1).
            return self.children(value, ctx, file, now, |key| key != "$ref");
        }
        self.children(value, ctx, file, now, |_| true)
    }

    /// Points each reference of the schema `value`'s discriminator mapping at the component it names, as its
    /// members' references are.
    fn mapping(&mut self, value: &mut Value, file: &Path, now: &str) -> Result<(), Error> {
        let Some(Value::Object(mapping)) = value.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) else {
            return Ok(());
        };
        for (key, target) in mapping.iter_mut() {
            let Value::String(reference) = target else { continue };
            if !walk::mapping_reference(reference) {
                continue;
            }
            let at = pointer(&pointer(&pointer(now, "discriminator"), "mapping"), key);
            let Some((path, fragment)) = split(file, reference).map_err(|e| Error { location: at.clone(), ..e })?
            else {
                continue;
            };
            *reference = if path == self.root {
                format!("#{fragment}")
            } else {
                format!("#{}", pointer("/components/schemas", &self.schema_name(path, fragment, &at)))
            };
        }
        Ok(())
    }

    fn children(
        &mut self,
        value: &mut Value,
        ctx: Ctx,
        file: &Path,
        now: &str,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<(), Error> {
        match value {
            Value::Object(map) => map
                .iter_mut()
                .filter(|(key, _)| wanted(key))
                .try_for_each(|(key, child)| self.walk(child, ctx.child(key), file, &pointer(now, key))),
            Value::Array(items) => items
                .iter_mut()
                .enumerate()
                .try_for_each(|(i, child)| self.walk(child, ctx.item(), file, &pointer(now, &i.to_string()))),
            _ => Ok(()),
        }
    }

    /// Replaces the reference `value` by a copy of what it names, with the `summary` and `description` written
    /// beside the reference over the target's own.
    fn inline(&mut self, value: &mut Value, ctx: Ctx, target: (PathBuf, String), now: &str) -> Result<(), Error> {
        if self.inlining.contains(&target) {
            return Err(Error::at(pointer(now, "$ref"), "the references between files go round in a cycle")
                .help("end the chain in a definition; only schemas may refer to themselves"));
        }
        self.budget.spend(&pointer(now, "$ref"))?;
        let mut copy = self.target(&target.0, &target.1, &pointer(now, "$ref"))?.clone();
        walk::written_beside(&mut copy, value, now);
        *value = copy;
        self.origins.record(now.to_owned(), Origin { file: display(&target.0), pointer: target.1.clone() });
        self.inlining.push(target.clone());
        let walked = self.walk(value, ctx, &target.0, now);
        self.inlining.pop();
        walked
    }

    /// The component name of the schema at `fragment` of `path`, given when it is first reached.
    fn schema_name(&mut self, path: PathBuf, fragment: String, referred: &str) -> String {
        if let Some(name) = self.names.get(&(path.clone(), fragment.clone())) {
            return name.clone();
        }
        let name = self.fresh_name(&path, &fragment);
        self.names.insert((path.clone(), fragment.clone()), name.clone());
        self.pending.push_back((name.clone(), path, fragment, referred.to_owned()));
        name
    }

    /// The schema's own name (the last token of its pointer, else its file's stem), made unique with the file's
    /// stem and then its folders before it, and only then with a number.
    fn fresh_name(&mut self, path: &Path, fragment: &str) -> String {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let token = walk::tokens(fragment).pop().filter(|t| !t.is_empty() && !t.chars().all(|c| c.is_ascii_digit()));
        let own = token.unwrap_or_else(|| stem.clone());
        let mut candidates = vec![own.clone()];
        let mut prefix = if own == stem { Vec::new() } else { vec![stem] };
        let mut folders = path.parent().into_iter().flat_map(|p| p.components().rev()).filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        });
        loop {
            if !prefix.is_empty() {
                candidates.push(format!("{}_{own}", prefix.join("_")));
            }
            match folders.next() {
                Some(folder) => prefix.insert(0, folder),
                None => break,
            }
        }
        walk::fresh_name(candidates, &own, &mut self.taken)
    }

    /// What `fragment` of the file at `path` holds, reading the file the first time; `at` is the reference.
    fn target(&mut self, path: &Path, fragment: &str, at: &str) -> Result<&Value, Error> {
        if !self.files.contains_key(path) {
            let text = (self.read)(path).map_err(|e| {
                Error::at(at, format!("cannot read {}, which a reference names: {e}", display(path)))
                    .help("references to other files are relative to the file that holds them; check the path")
            })?;
            let tree = super::parse::parse_value(&text)
                .map_err(|e| e.in_file(display(path)))?
                .ok_or_else(|| Error::at("", "the file is empty, but a reference names it").in_file(display(path)))?;
            self.files.insert(path.to_owned(), tree);
        }
        let tree = &self.files[path];
        walk::at(tree, fragment).ok_or_else(|| {
            Error::at(at, format!("{}#{fragment} does not resolve: the file has nothing there", display(path)))
                .help("fix the reference's fragment, a JSON pointer into that file")
        })
    }
}

/// The file and JSON pointer a reference written in `file` names; `None` for a reference within the root
/// document as written (`#/...` in the root), which later passes resolve. A URL is refused: nothing is fetched.
fn split(file: &Path, reference: &str) -> Result<Option<(PathBuf, String)>, Error> {
    let (location, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(Error::at("", format!("reference {reference:?} has a fragment that is not a JSON pointer"))
            .help("write the fragment as a JSON pointer, like #/components/schemas/Name"));
    }
    let fragment = walk::fragment_pointer(fragment);
    if location.is_empty() {
        return Ok(Some((file.to_owned(), fragment)));
    }
    let scheme = location.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme || location.starts_with("//") {
        return Err(Error::at("", format!("reference {reference:?} names a URL, which is never fetched")).help(
            "download the file beside the spec and refer to it by a relative path, or bundle the spec into one file",
        ));
    }
    let relative = walk::fragment_pointer(location);
    Ok(Some((normal(&file.parent().unwrap_or(Path::new("")).join(relative)), fragment)))
}

/// `a/./b/../c` as `a/c`, without touching the file system; `..` above the start is kept.
fn normal(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// How a file is named in messages.
fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Points the reference object `value` at `target`.
fn set_ref(value: &mut Value, target: String) {
    if let Some(object) = value.as_object_mut() {
        object.insert("$ref".to_owned(), Value::String(target));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_resolved_against_the_referring_file() {
        let split = |file: &str, r: &str| split(Path::new(file), r).unwrap().unwrap();
        assert_eq!(split("spec/root.yaml", "models/pet.yaml"), (PathBuf::from("spec/models/pet.yaml"), String::new()));
        assert_eq!(
            split("spec/models/pet.yaml", "../common.yaml#/components/schemas/Error"),
            (PathBuf::from("spec/common.yaml"), "/components/schemas/Error".to_owned())
        );
        assert_eq!(split("spec/a.yaml", "#/x%20y"), (PathBuf::from("spec/a.yaml"), "/x y".to_owned()));
        assert_eq!(normal(Path::new("../a/./b/../c")), PathBuf::from("../a/c"));
    }

    #[test]
    fn urls_are_refused_by_name() {
        for url in ["https://example.com/pet.yaml#/Pet", "//example.com/pet.yaml", "file:pet.yaml"] {
            let e = split(Path::new("root.yaml"), url).unwrap_err();
            assert!(e.message.contains(url) && e.message.contains("never fetched"), "{e}");
        }
        assert!(split(Path::new("root.yaml"), "pet.yaml#Pet").is_err(), "an anchor is not a pointer");
    }
}
