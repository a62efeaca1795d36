//! Typed IDs: a string schema whose pattern is SID-shaped (a literal prefix, or alternatives of prefixes, then a
//! fixed number of characters of one class, anchored: `^CA[0-9a-fA-F]{32}$`), written inline anywhere in the
//! document — a path, query or header parameter, a form field, a property at any depth — takes a validated
//! newtype, as a `$ref` to a named pattern schema does (and a named one keeps its name). One pattern is one type,
//! used by every parameter and property written with it.
//!
//! The type is named from the names that use it, so the name does not depend on which use comes first: each use
//! votes for a name (`account_sid` and `AccountSid` for `AccountSid`; a bare `sid` property of
//! `notify.v1.credential` for `CredentialSid`; a bare `{Sid}` after `Calls/` for `CallSid`), a bare `Sid` counting
//! only when nothing else is offered, and the name with the most votes wins. When two names tie, when two patterns
//! win the same name, or when the name is already a type's, the type is named from its prefix (`^CA…` gives
//! `SidCa`, `^(SM|MM)…` gives `SidSmMm`), so no name depends on the order patterns are met in.

use super::names::{camel, singular};
use super::pattern;
use super::Lowerer;
use crate::error::pointer;
use crate::ir::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// A pattern with its lengths: one validated type each.
pub(super) type PatternKey = (String, Option<usize>, Option<usize>);

/// An inferred ID type, named before any schema is lowered and added on first use.
pub(super) struct InferredId {
    matcher: Matcher,
    /// The wire names of the parameters and properties that use it, sorted, for its documentation.
    users: Vec<String>,
    /// The first use, in document order.
    pointer: String,
}

/// One parameter or property written with a SID-shaped pattern.
struct Use {
    /// The name it votes for.
    name: String,
    /// Its name on the wire.
    wire: String,
    pointer: String,
}

impl Lowerer<'_> {
    /// Names every SID-shaped pattern written inline in `raw` (the document) that no named pattern schema has.
    /// Runs after the component names are reserved and before any schema is lowered.
    pub(super) fn infer_ids(&mut self, raw: &Value) {
        let mut uses: BTreeMap<PatternKey, (Matcher, Vec<Use>)> = BTreeMap::new();
        collect(raw, "", &Context::default(), &mut uses);
        uses.retain(|key, _| !self.patterns.contains_key(key));
        // Each pattern's choice; a name two patterns choose, or a type already has, goes to neither.
        let chosen: BTreeMap<&PatternKey, Option<String>> =
            uses.iter().map(|(key, (_, uses))| (key, most_voted(uses))).collect();
        let mut claims: BTreeMap<&str, usize> = BTreeMap::new();
        for name in chosen.values().flatten() {
            *claims.entry(name.as_str()).or_default() += 1;
        }
        let mut names = BTreeMap::new();
        for (key, (matcher, _)) in &uses {
            let name = match &chosen[key] {
                Some(name) if claims[name.as_str()] == 1 && !self.type_names.is_taken(name) => name.clone(),
                Some(_) | None => prefix_name(matcher),
            };
            names.insert(key.clone(), self.type_names.unique(name));
        }
        for (key, (matcher, uses)) in uses {
            let mut users: Vec<String> = uses.iter().map(|u| u.wire.clone()).collect();
            users.sort();
            users.dedup();
            let pointer = uses[0].pointer.clone();
            self.patterns.insert(key.clone(), names[&key].clone());
            self.inferred.insert(key, InferredId { matcher, users, pointer });
        }
    }

    /// The validated type of a string schema with the pattern and lengths of `key`: a named pattern schema's, or
    /// an inferred ID type's, added on first use (again after a failed part took it back).
    pub(super) fn pattern_type(&mut self, key: &PatternKey) -> Option<String> {
        let name = self.patterns.get(key)?.clone();
        if let (Some(id), false) = (self.inferred.get(key), self.types.contains_key(&name)) {
            let mut users: Vec<String> = id.users.iter().map(|u| format!("`{u}`")).collect();
            let last = users.pop().unwrap_or_default();
            let users = if users.is_empty() { last } else { format!("{} and {last}", users.join(", ")) };
            let doc = format!("An ID matching `{}`: the type of {users}.", key.0);
            let kind = TypeKind::Pattern(PatternType {
                pattern: key.0.clone(),
                matcher: id.matcher.clone(),
                min_length: key.1.map(|n| n as u64),
                max_length: key.2.map(|n| n as u64),
                example: None,
            });
            let pointer = id.pointer.clone();
            self.add_type(name.clone(), Some(doc), pointer, kind);
        }
        Some(name)
    }
}

/// The name most uses vote for (a bare `Sid` only when nothing else is offered), or `None` on a tie.
fn most_voted(uses: &[Use]) -> Option<String> {
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for u in uses {
        *votes.entry(u.name.as_str()).or_default() += 1;
    }
    if votes.len() > 1 {
        votes.remove("Sid");
    }
    let most = votes.values().copied().max()?;
    let mut winners = votes.into_iter().filter(|(_, n)| *n == most).map(|(name, _)| name);
    match (winners.next(), winners.next()) {
        (Some(name), None) => Some(name.to_owned()),
        (Some(_), Some(_)) | (None, _) => None,
    }
}

/// Whether a compiled pattern is SID-shaped: a literal prefix or alternatives of them, then a counted class.
pub(super) fn sid_shaped(matcher: &Matcher) -> bool {
    let Matcher::Pieces(pieces) = matcher else { return false };
    matches!(
        pieces.as_slice(),
        [PatternPiece::Literal(_) | PatternPiece::Literals(_), PatternPiece::Class { min, max: Some(max), .. }]
            if min == max
    )
}

/// `SidCa` for `^CA[0-9a-fA-F]{32}$`, `SidSmMm` for `^(SM|MM)[0-9a-fA-F]{32}$`.
fn prefix_name(matcher: &Matcher) -> String {
    let prefix = match matcher {
        Matcher::Pieces(pieces) => match pieces.first() {
            Some(PatternPiece::Literal(text)) => text.clone(),
            Some(PatternPiece::Literals(texts)) => texts.join(" "),
            Some(PatternPiece::Class { .. } | PatternPiece::Either(_)) | None => String::new(),
        },
        Matcher::Regex(_) => String::new(),
    };
    camel(&format!("sid {prefix}"))
}

/// Where the walk is: the path template of the operation, the component schema, and the name a schema found here
/// would have.
#[derive(Clone, Default)]
struct Context {
    path: Option<String>,
    component: Option<String>,
    /// The parameter or property the schema belongs to, and whether it is a path parameter.
    name: Option<(String, bool)>,
}

/// Every SID-shaped string schema under `value`, by pattern key, with the name each use votes for.
fn collect(value: &Value, at: &str, cx: &Context, out: &mut BTreeMap<PatternKey, (Matcher, Vec<Use>)>) {
    match value {
        Value::Object(map) => {
            if let Some((key, matcher)) = sid_schema(map, at) {
                if let Some((wire, path_param)) = &cx.name {
                    let name = vote(wire, *path_param, cx);
                    let entry = out.entry(key).or_insert_with(|| (matcher, Vec::new()));
                    entry.1.push(Use { name, wire: wire.clone(), pointer: at.to_owned() });
                }
            }
            let parameter = match (map.get("name"), map.get("in")) {
                (Some(Value::String(name)), Some(Value::String(place))) => Some((name.clone(), place == "path")),
                _ => None,
            };
            for (key, child) in map {
                let child_at = pointer(at, key);
                let mut inner = Context { name: None, ..cx.clone() };
                match (at, key.as_str()) {
                    ("/paths", path) => inner.path = Some(path.to_owned()),
                    ("/components/schemas", component) => inner.component = Some(component.to_owned()),
                    (_, "schema") if parameter.is_some() => inner.name = parameter.clone(),
                    (_, "items") => inner.name = cx.name.as_ref().map(|(n, p)| (singular(n), *p)),
                    _ => {}
                }
                if key == "properties" {
                    if let Value::Object(properties) = child {
                        for (property, schema) in properties {
                            let inner = Context { name: Some((property.clone(), false)), ..inner.clone() };
                            collect(schema, &pointer(&child_at, property), &inner, out);
                        }
                    }
                    continue;
                }
                collect(child, &child_at, &inner, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, &pointer(at, &i.to_string()), cx, out);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// The pattern key and compiled pattern of a SID-shaped string schema, unless it is a named schema itself.
fn sid_schema(map: &serde_json::Map<String, Value>, at: &str) -> Option<(PatternKey, Matcher)> {
    let named = at.strip_prefix("/components/schemas/").is_some_and(|rest| !rest.contains('/'));
    let (Some(Value::String(kind)), Some(Value::String(pattern))) = (map.get("type"), map.get("pattern")) else {
        return None;
    };
    if named || kind != "string" || map.contains_key("enum") {
        return None;
    }
    let matcher = pattern::compile(pattern, at).ok().filter(sid_shaped)?;
    let length = |key: &str| map.get(key).and_then(Value::as_u64).map(|n| n as usize);
    Some(((pattern.clone(), length("minLength"), length("maxLength")), matcher))
}

/// The name one use votes for: `AccountSid` for `account_sid`; for a bare `sid`, the collection before a path
/// parameter (`CallSid` after `Calls/`) or the component's last word (`CredentialSid` in `notify.v1.credential`).
fn vote(wire: &str, path_param: bool, cx: &Context) -> String {
    let name = camel(wire);
    if name.chars().filter(char::is_ascii_uppercase).count() > 1 {
        return name;
    }
    if path_param {
        let placeholder = format!("{{{wire}}}");
        let path = cx.path.as_deref().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').collect();
        let before = segments.iter().position(|s| s.starts_with(&placeholder)).and_then(|i| i.checked_sub(1));
        if let Some(literal) = before.map(|i| segments[i]).filter(|s| !s.is_empty() && !s.contains('{')) {
            return camel(&format!("{} {wire}", singular(literal.trim_end_matches(".json"))));
        }
    }
    let owner = cx.component.as_deref().and_then(|c| c.rsplit(['.', '_']).next()).filter(|w| !w.is_empty());
    match owner {
        Some(word) if !path_param => camel(&format!("{} {wire}", singular(word))),
        Some(_) | None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(path: Option<&str>, component: Option<&str>) -> Context {
        Context { path: path.map(str::to_owned), component: component.map(str::to_owned), name: None }
    }

    #[test]
    fn uses_vote_for_their_own_name_or_their_collection() {
        assert_eq!(vote("TrunkSid", true, &cx(Some("/v1/Trunks/{TrunkSid}"), None)), "TrunkSid");
        assert_eq!(vote("Sid", true, &cx(Some("/v1/Credentials/{Sid}"), None)), "CredentialSid");
        assert_eq!(vote("Sid", true, &cx(Some("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"), None)), "CallSid");
        assert_eq!(vote("Sid", true, &cx(Some("/{Sid}"), None)), "Sid");
        assert_eq!(vote("account_sid", false, &cx(None, Some("notify.v1.credential"))), "AccountSid");
        assert_eq!(vote("sid", false, &cx(None, Some("notify.v1.credential"))), "CredentialSid");
        assert_eq!(vote("sid", false, &cx(None, None)), "Sid");
    }

    #[test]
    fn the_most_voted_name_wins_and_a_tie_names_none() {
        let uses = |names: &[&str]| -> Vec<Use> {
            names.iter().map(|n| Use { name: (*n).to_owned(), wire: String::new(), pointer: String::new() }).collect()
        };
        assert_eq!(most_voted(&uses(&["CallSid", "CallSid", "ParentCallSid"])).as_deref(), Some("CallSid"));
        assert_eq!(most_voted(&uses(&["Sid", "Sid", "CallSid"])).as_deref(), Some("CallSid"));
        assert_eq!(most_voted(&uses(&["Sid"])).as_deref(), Some("Sid"));
        assert_eq!(most_voted(&uses(&["AccountSid", "ParentAccountSid"])), None);
    }

    #[test]
    fn prefix_names_and_sid_shapes() {
        let compiled = |p: &str| pattern::compile(p, "").unwrap();
        assert_eq!(prefix_name(&compiled("^CA[0-9a-fA-F]{32}$")), "SidCa");
        assert_eq!(prefix_name(&compiled("^(SM|MM)[0-9a-fA-F]{32}$")), "SidSmMm");
        assert!(sid_shaped(&compiled("^CA[0-9a-fA-F]{32}$")));
        assert!(!sid_shaped(&compiled("^[0-9]+$")));
        assert!(!sid_shaped(&compiled("^CA[0-9a-fA-F]{32,34}$")));
    }
}
