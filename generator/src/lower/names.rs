//! Rust names: case conversion, keywords, and collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be identifiers even as raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Rust keywords of every edition, strict and reserved; these become raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code or its users rely on meaning the usual thing.
/// Generated code names prelude items unqualified, so no generated type may take their names.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "String",
    "Box",
    "Vec",
    "Some",
    "None",
    "Ok",
    "Err",
    "From",
    "Into",
    "TryFrom",
    "AsRef",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "ToString",
    "ToOwned",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Client",
    "ClientBuilder",
    "Error",
    "Server",
    "Secret",
    "Timestamp",
    "Page",
    "Stream",
    "ApiError",
    "ApiErrorBody",
    "InvalidValue",
    "RetryPolicy",
];

/// Keeps ASCII letters and digits, turning every other run of characters into a word break.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A snake_case identifier (fields, parameters, methods, modules), escaped when it is a keyword.
pub fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape(name)
}

/// An UpperCamelCase identifier (types, variants), never one of the reserved type names.
pub fn camel(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out names unique within one scope: a name already taken gets the first free numeric suffix.
#[derive(Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// Marks a name as used without renaming it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(bare(name).to_owned());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }

    pub fn unique(&mut self, name: String) -> String {
        if self.taken.insert(bare(&name).to_owned()) {
            return name;
        }
        let stem = bare(&name).trim_end_matches('_').to_owned();
        let separator = if stem.chars().next().is_some_and(|c| c.is_ascii_uppercase()) { "" } else { "_" };
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// The identifier without its `r#` prefix.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_escape_keywords_and_digits() {
        assert_eq!(snake("FriendlyName"), "friendly_name");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("async"), "r#async");
        assert_eq!(snake("3d"), "_3d");
        assert_eq!(snake("X-Auth-ID"), "x_auth_id");
        assert_eq!(snake("ünïcode"), "n_code");
        assert_eq!(snake("€"), "value");
    }

    #[test]
    fn camel_names_avoid_prelude_types() {
        assert_eq!(camel("trunking.v1.trunk.credential_list"), "TrunkingV1TrunkCredentialList");
        assert_eq!(camel("Option"), "OptionType");
        assert_eq!(camel("String"), "StringType");
        assert_eq!(camel("Self"), "SelfType");
        assert_eq!(camel("1st"), "V1st");
    }

    #[test]
    fn scopes_suffix_collisions_deterministically() {
        let mut scope = Scope::new();
        assert_eq!(scope.unique(snake("friendlyName")), "friendly_name");
        assert_eq!(scope.unique(snake("friendly_name")), "friendly_name_2");
        assert_eq!(scope.unique(snake("FRIENDLY-NAME")), "friendly_name_3");
        let mut types = Scope::new();
        assert_eq!(types.unique(camel("ListFoo")), "ListFoo");
        assert_eq!(types.unique(camel("list_foo")), "ListFoo2");
        let mut fields = Scope::new();
        assert_eq!(fields.unique(snake("type")), "r#type");
        assert_eq!(fields.unique(snake("Type")), "type_2");
    }
}
