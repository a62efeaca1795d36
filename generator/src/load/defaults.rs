//! Defaults that the specification gives and `openapiv3` reads otherwise, written into the document so that
//! lowering reads what the spec means: an encoding's `explode` is true by default for the `form` style (and
//! for an encoding with no style, which is `form`), where `openapiv3` reads a missing `explode` as false.

use super::walk::METHODS;
use serde_json::Value;

/// Writes out each missing default of `raw`, a resolved document (references to request bodies are copied).
pub(super) fn write(raw: &mut Value) {
    let Some(Value::Object(paths)) = raw.get_mut("paths") else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (_, operation) in item.iter_mut().filter(|(key, _)| METHODS.contains(&key.as_str())) {
            let Some(Value::Object(content)) = operation.pointer_mut("/requestBody/content") else { continue };
            for media in content.values_mut() {
                let Some(Value::Object(encodings)) = media.get_mut("encoding") else { continue };
                for encoding in encodings.values_mut().filter_map(Value::as_object_mut) {
                    let form = encoding.get("style").is_none_or(|style| style == "form");
                    encoding.entry("explode").or_insert(Value::Bool(form));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    #[test]
    fn an_encodings_explode_is_true_by_default_for_form_only() {
        let mut raw = json!({"paths": {"/a": {"post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {
            "encoding": {"a": {}, "b": {"style": "form"}, "c": {"style": "deepObject"}, "d": {"explode": false}}
        }}}}}}});
        super::write(&mut raw);
        let encoding =
            &raw["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["encoding"];
        let explode: Vec<&Value> = ["a", "b", "c", "d"].iter().map(|k| &encoding[k]["explode"]).collect();
        assert_eq!(explode, [&json!(true), &json!(true), &json!(false), &json!(false)]);
    }
}
