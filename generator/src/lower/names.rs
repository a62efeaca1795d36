//! Rust names: case conversion, keywords, and collisions.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

/// Words that cannot be identifiers even as raw identifiers; they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Rust keywords of every edition, strict and reserved; these become raw identifiers.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Generated code names prelude items and the crate's own types unqualified, so no generated type may take
/// their names.
#[rustfmt::skip]
const RESERVED_TYPES: &[&str] = &[
    "Self", "Option", "Result", "String", "Box", "Vec", "Some", "None", "Ok", "Err", "From", "Into", "TryFrom",
    "AsRef", "Default", "Clone", "Copy", "Debug", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord", "Send", "Sync",
    "Sized", "Iterator", "ToString", "ToOwned", "Drop", "Fn", "FnMut", "FnOnce", "Client", "ClientBuilder", "Error",
    "Server", "Secret", "Timestamp", "Page", "Stream", "ApiError", "ApiErrorBody", "InvalidValue", "RetryPolicy",
    "UnknownValue", "Paginated", "InvalidTimestamp", "Date", "InvalidDate", "Upload", "TokenProvider",
    // `ApiErrorBody::Raw` and its decoder `decode_raw`.
    "Raw",
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

/// A Cargo package name from free text (the API's title): its ASCII words in kebab case, never empty, never
/// starting with a digit, never a keyword or a name of the standard library.
pub fn package(raw: &str) -> String {
    let mut name = words(raw).to_kebab_case();
    if name.is_empty() {
        name = "api-client".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    if package_problem(&name).is_some() {
        name.push_str("-api");
    }
    name
}

/// Why `name` cannot be a Cargo package (and library crate) name, if it cannot.
pub fn package_problem(name: &str) -> Option<&'static str> {
    let as_crate = name.replace('-', "_");
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with an ASCII letter")
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Some("it may hold only ASCII letters, digits, `-` and `_`")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else if KEYWORDS.contains(&as_crate.as_str()) || NOT_RAW.contains(&as_crate.as_str()) {
        Some("it is a Rust keyword")
    } else if ["std", "core", "alloc", "proc_macro", "test"].contains(&as_crate.as_str()) {
        Some("it is the name of a crate of the standard library")
    } else {
        None
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

    /// A scope in which `names` are already taken.
    pub fn with(names: &[&str]) -> Self {
        let mut scope = Scope::new();
        names.iter().for_each(|name| scope.reserve(name));
        scope
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

/// A parameter whose wire name ends in a comparison (`DateSent<`, `StartTime>=`, `Price>`): the name it filters
/// on, and the comparison in words: `before`, `until`, `after`, `from` for dates and times, `less_than`,
/// `at_most`, `greater_than`, `at_least` for other values.
pub fn comparison<'w>(wire: &'w str, ty: &crate::ir::TypeRef) -> Option<(&'w str, &'static str)> {
    use crate::ir::TypeRef;
    let dated = matches!(ty, TypeRef::DateTime | TypeRef::Date);
    let (base, words) = [
        ("<=", ("until", "at_most")),
        (">=", ("from", "at_least")),
        ("<", ("before", "less_than")),
        (">", ("after", "greater_than")),
    ]
    .into_iter()
    .find_map(|(op, words)| wire.strip_suffix(op).map(|base| (base, words)))?;
    let base = base.trim_end();
    (!base.is_empty()).then_some((base, if dated { words.0 } else { words.1 }))
}

/// The field name of a parameter or form field: its wire name in snake_case, with a comparison spelled out
/// (`DateSent<` is `date_sent_before`; see [`comparison`]).
pub fn param_field(wire: &str, ty: &crate::ir::TypeRef) -> String {
    match comparison(wire, ty) {
        Some((base, words)) => format!("{}_{words}", snake(base)),
        None => snake(wire),
    }
}

/// The documentation of a comparison parameter: what it compares, before the spec's own text (which for
/// `DateSent<` and `DateSent>` is often the same).
pub fn comparison_doc(wire: &str, ty: &crate::ir::TypeRef, doc: Option<String>) -> Option<String> {
    let Some((base, words)) = comparison(wire, ty) else { return doc };
    let meaning = format!("`{base}` {} the given value (sent as `{wire}`).", words.replace('_', " "));
    Some(match doc {
        Some(doc) => format!("{meaning}\n\n{doc}"),
        None => meaning,
    })
}

/// The module of each tag: its words in snake_case without version words (`v1`, `20100401`); and when every tag
/// of a document with several begins with the same words and goes on after them (Twilio's `NotifyV1Credential`,
/// `NotifyV1Binding`), those words alone: the document is then one area (`notify`), whose resources come from
/// the paths.
pub fn modules(tags: BTreeSet<String>) -> BTreeMap<String, String> {
    let version = |w: &&str| {
        let digits = w.strip_prefix('v').unwrap_or(w);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (w.starts_with('v') || w.len() >= 4)
    };
    let split: BTreeMap<&String, Vec<String>> = tags
        .iter()
        .map(|tag| {
            let snaked = words(tag).to_snake_case();
            let all: Vec<&str> = snaked.split('_').filter(|w| !w.is_empty()).collect();
            // A date glued to a word (`api20100401`) is a version word of its own.
            let date = |w: &str| {
                let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
                (!letters.is_empty() && w.len() - letters.len() >= 4).then(|| letters.to_owned())
            };
            let kept: Vec<String> =
                all.iter().filter(|w| !version(w)).map(|w| date(w).unwrap_or_else(|| (*w).to_owned())).collect();
            (tag, if kept.is_empty() { all.iter().map(|w| (*w).to_owned()).collect() } else { kept })
        })
        .collect();
    let mut common: Option<&[String]> = None;
    for list in split.values() {
        let shared = match common {
            None => list.len(),
            Some(prefix) => prefix.iter().zip(list).take_while(|(a, b)| a == b).count(),
        };
        common = Some(&list[..shared]);
    }
    let common = common.unwrap_or_default();
    let one_area = split.len() > 1 && !common.is_empty() && split.values().all(|list| list.len() > common.len());
    split
        .iter()
        .map(|(tag, list)| {
            let chosen = if one_area { common } else { list.as_slice() };
            // A tag with nothing left out keeps its own name (keywords and other scripts included).
            let unchanged = chosen.join("_") == words(tag).to_snake_case();
            ((*tag).clone(), if unchanged { module(tag) } else { module(&chosen.join("_")) })
        })
        .collect()
}

/// The module of a tag: its snake_case name, with `_api` when the crate has a module of that name.
pub fn module(tag: &str) -> String {
    let name = snake(tag);
    if crate::surface::CRATE_MODULES.contains(&bare(&name)) {
        format!("{name}_api")
    } else {
        name
    }
}

/// The singular of an English plural as APIs write resource names (`CredentialLists`, `Addresses`,
/// `Entities`); a word that does not look plural is its own singular (`Media`, `Feedback`).
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let cut = |n: usize| word[..word.len() - n].to_owned();
    if lower.len() > 3 && lower.ends_with("ies") {
        format!("{}y", cut(3))
    } else if ["sses", "shes", "ches", "xes", "zzes", "uses"].iter().any(|end| lower.ends_with(end)) {
        cut(2)
    } else if lower.len() > 1 && lower.ends_with('s') && !["ss", "us", "is"].iter().any(|end| lower.ends_with(end)) {
        cut(1)
    } else {
        word.to_owned()
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
    fn modules_drop_versions_and_the_words_every_tag_shares() {
        let modules = |tags: &[&str]| -> Vec<String> {
            let map = modules(tags.iter().map(|t| (*t).to_owned()).collect());
            tags.iter().map(|t| map[*t].clone()).collect()
        };
        assert_eq!(modules(&["NotifyV1Credential", "NotifyV1Binding"]), ["notify", "notify"]);
        assert_eq!(modules(&["Api20100401Call", "Api20100401Account"]), ["api", "api"]);
        assert_eq!(modules(&["trunking", "accounts", "notify"]), ["trunking", "accounts", "notify"]);
        assert_eq!(modules(&["OauthV1Token"]), ["oauth_token"]);
        assert_eq!(modules(&["Pet", "PetStore"]), ["pet", "pet_store"]);
        assert_eq!(modules(&["v2"]), ["v2"]);
        assert_eq!(modules(&["client"]), ["client_api"]);
        assert_eq!(modules(&["type", "runtime", "日本"]), ["r#type", "runtime_api", "value"]);
    }

    #[test]
    fn comparisons_are_spelled_out() {
        use crate::ir::TypeRef;
        assert_eq!(param_field("DateSent<", &TypeRef::DateTime), "date_sent_before");
        assert_eq!(param_field("DateSent>", &TypeRef::DateTime), "date_sent_after");
        assert_eq!(param_field("StartTime>=", &TypeRef::DateTime), "start_time_from");
        assert_eq!(param_field("EndTime<=", &TypeRef::Date), "end_time_until");
        assert_eq!(param_field("Price<", &TypeRef::F64), "price_less_than");
        assert_eq!(param_field("Count>=", &TypeRef::I64), "count_at_least");
        assert_eq!(param_field("DateSent", &TypeRef::DateTime), "date_sent");
        assert_eq!(comparison("<", &TypeRef::String), None);
        let doc = comparison_doc("DateSent<", &TypeRef::DateTime, Some("Filter by date sent.".into()));
        assert_eq!(
            doc.as_deref(),
            Some("`DateSent` before the given value (sent as `DateSent<`).\n\nFilter by date sent.")
        );
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
    fn generated_names_are_not_handed_out_again() {
        assert_eq!(module("Client"), "client_api");
        assert_eq!(module("type"), "r#type");
        let mut fields = Scope::new();
        crate::surface::operation_reserved().for_each(|name| fields.reserve(name));
        assert_eq!(fields.unique(snake("new")), "new_2");
        assert_eq!(fields.unique(snake("Send")), "send_2");
        assert_eq!(camel("Raw"), "RawType");
    }

    #[test]
    fn plurals_become_singular_and_other_words_stay() {
        for (plural, singular) in [
            ("CredentialLists", "CredentialList"),
            ("PublicKeys", "PublicKey"),
            ("Entities", "Entity"),
            ("Addresses", "Address"),
            ("Statuses", "Status"),
            ("Boxes", "Box"),
            ("Services", "Service"),
            ("trunks", "trunk"),
            ("account", "account"),
            ("Media", "Media"),
            ("Feedback", "Feedback"),
            ("Access", "Access"),
        ] {
            assert_eq!(super::singular(plural), singular, "{plural}");
        }
    }

    #[test]
    fn package_names_are_valid_whatever_the_title() {
        assert_eq!(package("Twilio and Vobiz Credentials API"), "twilio-and-vobiz-credentials-api");
        assert_eq!(package("3D Secure"), "api-3d-secure");
        assert_eq!(package("日本"), "api-client");
        assert_eq!(package("Self"), "self-api");
        assert_eq!(package("test"), "test-api");
        assert_eq!(package_problem("my crate!"), Some("it may hold only ASCII letters, digits, `-` and `_`"));
        assert_eq!(package_problem("-x"), Some("it must start with an ASCII letter"));
        assert_eq!(package_problem("async"), Some("it is a Rust keyword"));
        assert_eq!(package_problem("my-api_client2"), None);
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
