//! `$ref`s to components: one resolver for parameters, request bodies and responses, following chains.

use crate::error::Error;
use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response};

/// A kind of component a `$ref` can name: where it lives, and what to call it in an error.
pub(super) trait Component: Sized {
    /// `#/components/parameters/`
    const PREFIX: &'static str;
    /// `a parameter`
    const NAME: &'static str;
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Parameter {
    const PREFIX: &'static str = "#/components/parameters/";
    const NAME: &'static str = "a parameter";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const PREFIX: &'static str = "#/components/requestBodies/";
    const NAME: &'static str = "a request body";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for Response {
    const PREFIX: &'static str = "#/components/responses/";
    const NAME: &'static str = "a response";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

/// The component `item` is, following `$ref`s (to a depth of 32); `at` locates the errors.
pub(super) fn resolve<'d, T: Component>(doc: &'d OpenAPI, item: &'d ReferenceOr<T>, at: &str) -> Result<&'d T, Error> {
    let mut current = item;
    for _ in 0..32 {
        let reference = match current {
            ReferenceOr::Item(found) => return Ok(found),
            ReferenceOr::Reference { reference } => reference,
        };
        let key = reference.strip_prefix(T::PREFIX).map(|key| key.replace("~1", "/").replace("~0", "~"));
        current = key.and_then(|key| T::section(doc.components.as_ref()?).get(&key)).ok_or_else(|| {
            let section = T::PREFIX.trim_start_matches("#/").trim_end_matches('/');
            Error::at(at, format!("reference {reference:?} does not resolve to {}", T::NAME))
                .help(format!("define it under {section}"))
        })?;
    }
    Err(Error::at(at, format!("the references to {} go round in a cycle", T::NAME))
        .help("end the chain in a definition"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(components: &str) -> OpenAPI {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: v}}\npaths: {{}}\ncomponents:\n{components}");
        serde_yaml_ng::from_str(&text).unwrap()
    }

    #[test]
    fn chains_resolve_and_dangling_or_cyclic_references_are_located_errors() {
        let doc = doc(
            "  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {name: b, in: query, schema: {type: string}}\n    \
             C: {$ref: '#/components/parameters/C'}\n",
        );
        let to =
            |key: &str| ReferenceOr::<Parameter>::Reference { reference: format!("#/components/parameters/{key}") };
        assert_eq!(resolve(&doc, &to("A"), "/x").unwrap().parameter_data_ref().name, "b");
        let missing = resolve(&doc, &to("Z"), "/x").unwrap_err();
        assert_eq!(
            (missing.location.as_str(), missing.help.as_deref()),
            ("/x", Some("define it under components/parameters"))
        );
        assert!(resolve(&doc, &to("C"), "/x").unwrap_err().message.contains("cycle"));
    }
}
