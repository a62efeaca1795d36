//! Integer bounds as vendors write them. openapiv3 holds an integer schema's `minimum`, `maximum` and
//! `multipleOf` as `i64`; a document may write a bound as a float (`1.0`), or one no `i64` holds (OpenAI's
//! `minimum: -9223372036854776000`, a `uint64`'s `maximum: 18446744073709551615`). A bound an `i64` can say
//! exactly is kept as that `i64`; a fractional one is rounded inward (which says the same of integers); one
//! that no value of the type can cross (a `maximum` at or above 2^63 of an `int64`, the float JavaScript
//! writes for `i64::MAX`) is the type's own limit; any other is left out of validation, with a warning.

use super::walk::{self, Ctx};
use crate::error::{pointer, Error};
use serde_json::{Map, Value};

/// Makes every integer schema's bounds `i64`s, or leaves them out with a warning in `warnings`.
pub(super) fn integers(raw: &mut Value, warnings: &mut Vec<Error>) {
    walk::schemas_mut(raw, Ctx::Object, "", None, &mut |schema, at, _| {
        if let Some(schema) =
            schema.as_object_mut().filter(|s| s.get("type").and_then(Value::as_str) == Some("integer"))
        {
            let unsigned = matches!(schema.get("format").and_then(Value::as_str), Some("uint64" | "uint32" | "uint"));
            for key in ["minimum", "maximum", "multipleOf"] {
                bound(schema, key, unsigned, &pointer(at, key), warnings);
            }
        }
    });
}

/// The bound at `key` of `schema` as an `i64`, or removed.
fn bound(schema: &mut Map<String, Value>, key: &str, unsigned: bool, at: &str, warnings: &mut Vec<Error>) {
    let Some(Value::Number(number)) = schema.get(key) else { return };
    if number.is_i64() {
        return;
    }
    let exact = number.as_f64().and_then(|n| {
        let n = match key {
            "minimum" => n.ceil(),
            "maximum" => n.floor(),
            _ if n.fract() == 0.0 => n,
            _ => return None,
        };
        // -2^63 is an i64; 2^63 (i64::MAX as f64 rounds up to it) is not.
        match key {
            "minimum" if n <= i64::MIN as f64 && !unsigned => Some(i64::MIN),
            "maximum" if n >= i64::MAX as f64 && !unsigned => Some(i64::MAX),
            _ => (n >= i64::MIN as f64 && n < i64::MAX as f64).then_some(n as i64),
        }
    });
    match exact {
        Some(n) => {
            schema.insert(key.to_owned(), Value::from(n));
        }
        None => {
            let written = schema.remove(key).map(|v| v.to_string()).unwrap_or_default();
            warnings.push(
                Error::at(at, format!("`{key}: {written}` is beyond what an i64 holds, so it is not checked"))
                    .help("write the bound as an integer between -9223372036854775808 and 9223372036854775807"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_an_i64_holds_are_kept_and_others_dropped_with_a_warning() {
        let mut raw = serde_json::json!({"components": {"schemas": {
            "Seed": {"type": "integer", "minimum": -9223372036854776000.0, "maximum": 9223372036854775807u64},
            "Lag": {"type": "integer", "minimum": -1e300, "maximum": 9223372036854776000.0},
            "Big": {"type": "integer", "format": "uint64", "maximum": 18446744073709551615u64, "minimum": 0.5},
            "Odd": {"type": "integer", "multipleOf": 2.5},
        }}});
        let mut warnings = Vec::new();
        integers(&mut raw, &mut warnings);
        let schemas = &raw["components"]["schemas"];
        assert_eq!(schemas["Seed"]["minimum"], Value::from(i64::MIN));
        assert_eq!(schemas["Seed"]["maximum"], Value::from(i64::MAX));
        assert_eq!(
            (&schemas["Lag"]["minimum"], &schemas["Lag"]["maximum"]),
            (&Value::from(i64::MIN), &Value::from(i64::MAX))
        );
        assert_eq!(schemas["Big"].get("maximum"), None);
        assert_eq!(schemas["Big"]["minimum"], Value::from(1));
        assert_eq!(schemas["Odd"].get("multipleOf"), None);
        let at: Vec<&str> = warnings.iter().map(|w| w.location.as_str()).collect();
        assert_eq!(at, ["/components/schemas/Big/maximum", "/components/schemas/Odd/multipleOf"]);
    }
}
