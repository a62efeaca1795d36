//! Typed IDs: a path parameter whose pattern is SID-shaped (a literal prefix, or alternatives of prefixes, then
//! a fixed number of characters of one class, anchored: `^CA[0-9a-fA-F]{32}$`) takes a validated newtype, as a
//! `$ref` to a named pattern schema does. One pattern is one type, named after the first parameter that uses it.

use super::names::{camel, singular};
use super::Lowerer;
use crate::ir::*;

impl Lowerer<'_> {
    /// Gives the path parameter `param` of `path` its ID newtype, when its pattern is SID-shaped.
    pub(super) fn type_id(&mut self, param: &mut Param, path: &str) {
        let Some(matcher @ Matcher::Pieces(pieces)) = &param.constraints.pattern else { return };
        let sid_shaped = matches!(
            pieces.as_slice(),
            [PatternPiece::Literal(_) | PatternPiece::Literals(_), PatternPiece::Class { min, max: Some(max), .. }]
                if min == max
        );
        let (TypeRef::String, true, Some(pattern)) = (&param.ty, sid_shaped, &param.pattern) else { return };
        let (min, max) = (param.constraints.min_length, param.constraints.max_length);
        let key = (pattern.clone(), min.map(|n| n as usize), max.map(|n| n as usize));
        let name = match self.patterns.get(&key).filter(|name| self.types.contains_key(*name)) {
            Some(name) => name.clone(),
            None => {
                let name = self.type_names.unique(id_name(&param.wire, path));
                self.patterns.insert(key, name.clone());
                let doc = format!("An ID matching `{pattern}`, as the path parameter `{}` takes it.", param.wire);
                let kind = TypeKind::Pattern(PatternType {
                    pattern: pattern.clone(),
                    matcher: matcher.clone(),
                    min_length: min,
                    max_length: max,
                    example: None,
                });
                self.add_type(name.clone(), Some(doc), param.pointer.clone(), kind);
                name
            }
        };
        param.ty = TypeRef::Named(name);
        param.constraints = Constraints::default();
        param.pattern = None;
    }
}

/// `TrunkSid` for `{TrunkSid}`; a bare `{Sid}` after `Credentials/` is a `CredentialSid`.
fn id_name(wire: &str, path: &str) -> String {
    let name = camel(wire);
    if name.chars().filter(char::is_ascii_uppercase).count() > 1 {
        return name;
    }
    let placeholder = format!("{{{wire}}}");
    let segments: Vec<&str> = path.split('/').collect();
    let before = segments.iter().position(|s| s.starts_with(&placeholder)).and_then(|i| i.checked_sub(1));
    match before.map(|i| segments[i]).filter(|s| !s.is_empty() && !s.contains('{')) {
        Some(literal) => camel(&format!("{} {wire}", singular(literal))),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_named_after_the_parameter_or_their_collection() {
        assert_eq!(super::id_name("TrunkSid", "/v1/Trunks/{TrunkSid}"), "TrunkSid");
        assert_eq!(super::id_name("Sid", "/v1/Credentials/{Sid}"), "CredentialSid");
        assert_eq!(super::id_name("Sid", "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"), "CallSid");
        assert_eq!(super::id_name("Sid", "/{Sid}"), "Sid");
    }
}
