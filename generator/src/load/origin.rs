//! Where each part of the resolved document is written: the file and the JSON pointer in it. Loading moves
//! parts around (another file's schema into `components/schemas`, a referenced parameter into the operation
//! that uses it); every move is recorded here, so that a message about the resolved document names the place
//! the user wrote.

use super::walk::within;
use crate::error::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

/// A place in one of the spec's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file, as the command line names the root and as the references lead from it to the others.
    pub file: String,
    /// A JSON pointer into that file.
    pub pointer: String,
}

/// The map from places of the resolved document to the places they were read from. A place no move covers is
/// in the root file, where it is.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    root: String,
    /// Each moved part: where it is now, and where it came from. The innermost entry around a place names it.
    moves: BTreeMap<String, Origin>,
}

impl Origins {
    pub(super) fn new(root: &str) -> Self {
        Origins { root: root.to_owned(), moves: BTreeMap::new() }
    }

    /// The file the document was read from.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The files other than the root that parts were read from, sorted.
    pub fn other_files(&self) -> Vec<&str> {
        let files: BTreeSet<&str> = self.moves.values().map(|o| o.file.as_str()).filter(|f| *f != self.root).collect();
        files.into_iter().collect()
    }

    /// Records that the part now at `now` was read from `from`.
    pub(super) fn record(&mut self, now: String, from: Origin) {
        for inside in self.inside(&now).map(|(at, _)| at.clone()).collect::<Vec<_>>() {
            self.moves.remove(&inside);
        }
        self.moves.insert(now, from);
    }

    /// Records that the part at `from` of the resolved document moved to `to`, with everything inside it.
    pub(super) fn moved(&mut self, from: &str, to: &str) {
        let origin = self.of(from);
        let inside: Vec<(String, Origin)> = self
            .inside(from)
            .filter(|(at, _)| at.len() > from.len())
            .map(|(at, origin)| (format!("{to}{}", &at[from.len()..]), origin.clone()))
            .collect();
        self.record(to.to_owned(), origin);
        self.moves.extend(inside);
    }

    /// The moves at `pointer` and inside it. Keys that start with `pointer` are adjacent in the map.
    fn inside<'a>(&'a self, pointer: &'a str) -> impl Iterator<Item = (&'a String, &'a Origin)> + 'a {
        self.moves
            .range::<str, _>((Bound::Included(pointer), Bound::Unbounded))
            .take_while(move |(at, _)| at.starts_with(pointer))
            .filter(move |(at, _)| within(at, pointer))
    }

    /// Where the part of the resolved document at `pointer` is written.
    pub fn of(&self, pointer: &str) -> Origin {
        let mut end = pointer.len();
        loop {
            if let Some(origin) = self.moves.get(&pointer[..end]) {
                return Origin { file: origin.file.clone(), pointer: format!("{}{}", origin.pointer, &pointer[end..]) };
            }
            match pointer[..end].rfind('/') {
                Some(slash) => end = slash,
                None => return Origin { file: self.root.clone(), pointer: pointer.to_owned() },
            }
        }
    }

    /// `error`, located in the file where the part it names is written (when its location is a JSON pointer
    /// into the resolved document and it names no file yet). The root file is left for the caller to name.
    pub fn locate(&self, error: Error) -> Error {
        if error.file.is_some() || !(error.location.is_empty() || error.location.starts_with('/')) {
            return error;
        }
        let origin = self.of(&error.location);
        let file = Some(origin.file).filter(|file| *file != self.root);
        Error { file, location: origin.pointer, ..error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(file: &str, pointer: &str) -> Origin {
        Origin { file: file.to_owned(), pointer: pointer.to_owned() }
    }

    #[test]
    fn the_innermost_move_names_the_place() {
        let mut origins = Origins::new("root.yaml");
        assert_eq!(origins.of("/paths/~1a"), origin("root.yaml", "/paths/~1a"));
        origins.record("/paths/~1a".into(), origin("a.yaml", ""));
        origins.record("/paths/~1a/get/parameters/0".into(), origin("params.yaml", "/limit"));
        assert_eq!(origins.of("/paths/~1a/get"), origin("a.yaml", "/get"));
        assert_eq!(origins.of("/paths/~1a/get/parameters/0/schema"), origin("params.yaml", "/limit/schema"));
        assert_eq!(origins.of("/paths/~1ab"), origin("root.yaml", "/paths/~1ab"), "tokens, not characters");
    }

    #[test]
    fn a_part_moved_keeps_the_origins_inside_it() {
        let mut origins = Origins::new("root.yaml");
        origins.record("/components/schemas/A/properties/b".into(), origin("b.yaml", "/B"));
        origins.moved("/components/schemas/A/properties", "/components/schemas/AProperties");
        assert_eq!(origins.of("/components/schemas/AProperties/b/type"), origin("b.yaml", "/B/type"));
        assert_eq!(
            origins.of("/components/schemas/AProperties/c"),
            origin("root.yaml", "/components/schemas/A/properties/c")
        );
    }
}
