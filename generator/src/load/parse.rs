//! Text (YAML or JSON) into a JSON tree, refusing what both parsers would resolve silently.

use crate::error::Error;

pub(super) fn parse_tree(text: &str) -> Result<serde_json::Value, Error> {
    parse_value(text)?
        .ok_or_else(|| Error::at("", "the document is empty").help("write an OpenAPI 3.0.x document in YAML or JSON"))
}

/// Parses `text` as JSON when it starts with `{`, as YAML otherwise, refusing a key given twice in one map.
/// `None`: the text holds nothing (blank, comments only, or `null`).
pub fn parse_value(text: &str) -> Result<Option<serde_json::Value>, Error> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let tree = if text.trim_start().starts_with('{') {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde::de::DeserializeSeed::deserialize(tree::Seed::root(), &mut deserializer)
            .and_then(|tree| deserializer.end().map(|()| tree))
            .map_err(|e| syntax_error("JSON", &e.to_string(), Some((e.line(), e.column()))))?
    } else {
        let deserializer = serde_yaml_ng::Deserializer::from_str(text);
        let mut tree = serde::de::DeserializeSeed::deserialize(tree::Seed::root(), deserializer)
            .map_err(|e| syntax_error("YAML", &e.to_string(), e.location().map(|at| (at.line(), at.column()))))?;
        merge_keys(&mut tree);
        tree
    };
    Ok(Some(tree).filter(|tree| !tree.is_null()))
}

/// YAML's merge keys (`<<: *defaults`, `<<: [*a, *b]`): the keys of the maps named there join the map that
/// names them, where it does not give them itself (of several maps, the first that gives a key wins).
fn merge_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(merged) = map.remove("<<") {
                let sources = match merged {
                    serde_json::Value::Array(items) => items,
                    other => vec![other],
                };
                for source in sources {
                    let serde_json::Value::Object(source) = source else { continue };
                    for (key, child) in source {
                        map.entry(key).or_insert(child);
                    }
                }
            }
            map.values_mut().for_each(merge_keys);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(merge_keys),
        _ => {}
    }
}

/// A parse error at a line and column, with the position taken out of the parser's message (the location
/// already says it) and advice for the usual causes.
fn syntax_error(language: &str, message: &str, at: Option<(usize, usize)>) -> Error {
    let (location, message) = match at {
        Some((line, column)) => (
            format!("line {line}, column {column}"),
            message.replacen(&format!(" at line {line} column {column}"), "", 1),
        ),
        None => (String::new(), message.to_owned()),
    };
    let (message, help) = if message.contains("recursion limit exceeded") {
        (
            "the document is nested too deeply (more than 128 levels)".to_owned(),
            "move nested schemas into components/schemas and refer to them with $ref".to_owned(),
        )
    } else if message.contains("repetition limit exceeded") {
        (
            format!("invalid {language}: aliases expand to too many nodes"),
            "write the repeated parts out, or share schemas with $ref instead of YAML aliases".to_owned(),
        )
    } else if message.contains("more than one document") {
        (
            format!("invalid {language}: the file holds more than one YAML document"),
            "keep one document per file: remove the `---` line and what follows it".to_owned(),
        )
    } else if let Some(at) = message.find("duplicate key") {
        (
            format!("invalid {language}: {}", &message[at..]),
            "keep one of the two entries: a key appears once per map".to_owned(),
        )
    } else {
        (
            format!("invalid {language}: {message}"),
            match language {
                "JSON" => "fix the JSON there: look for a missing or extra comma, quote or bracket",
                _ => "fix the YAML there: look for wrong indentation, a missing `:` or an unclosed bracket or quote",
            }
            .to_owned(),
        )
    };
    Error::at(location, message).help(help)
}

/// Deserializes a JSON tree like `serde_json::Value` does, but refuses a key given twice in one map, which
/// both parsers would otherwise resolve silently by keeping the last.
mod tree {
    use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};
    use std::fmt;

    pub struct Seed {
        at: String,
    }

    impl Seed {
        pub fn root() -> Self {
            Seed { at: String::new() }
        }
    }

    impl<'de> DeserializeSeed<'de> for Seed {
        type Value = Value;

        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    struct Key;

    impl<'de> DeserializeSeed<'de> for Key {
        type Value = String;

        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
            deserializer.deserialize_str(self)
        }
    }

    impl Visitor<'_> for Key {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string key")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<String, E> {
            Ok(value.to_owned())
        }

        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<String, E> {
            Ok(value)
        }

        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<String, E> {
            Ok(value.to_string())
        }

        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<String, E> {
            Ok(value.to_string())
        }
    }

    impl<'de> Visitor<'de> for Seed {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any value")
        }

        fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
            Ok(Value::Bool(value))
        }

        fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
            Ok(Value::Number(value.into()))
        }

        fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
            Ok(Value::Number(value.into()))
        }

        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
            Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
        }

        /// An integer beyond 64 bits (YAML reads them as 128-bit) is kept as the nearest float.
        fn visit_i128<E: serde::de::Error>(self, value: i128) -> Result<Value, E> {
            match i64::try_from(value) {
                Ok(value) => Ok(Value::Number(value.into())),
                Err(_) => self.visit_f64(value as f64),
            }
        }

        fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<Value, E> {
            match u64::try_from(value) {
                Ok(value) => Ok(Value::Number(value.into())),
                Err(_) => self.visit_f64(value as f64),
            }
        }

        fn visit_str<E>(self, value: &str) -> Result<Value, E> {
            Ok(Value::String(value.to_owned()))
        }

        fn visit_string<E>(self, value: String) -> Result<Value, E> {
            Ok(Value::String(value))
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            self.deserialize(deserializer)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) =
                seq.next_element_seed(Seed { at: crate::error::pointer(&self.at, &items.len().to_string()) })?
            {
                items.push(item);
            }
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
            let mut map = Map::new();
            while let Some(key) = access.next_key_seed(Key)? {
                let at = crate::error::pointer(&self.at, &key);
                if map.contains_key(&key) {
                    let within = if self.at.is_empty() { "the document" } else { self.at.as_str() };
                    return Err(A::Error::custom(format!("duplicate key {key:?} in {within}")));
                }
                let value = access.next_value_seed(Seed { at })?;
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn yaml_merge_keys_are_applied() {
        let text = "base: &base {type: object, description: shared}\nmore: &more {nullable: true}\n\
                    one:\n  <<: *base\n  description: own\nboth:\n  <<: [*more, *base]\n";
        let tree = super::parse_value(text).unwrap().unwrap();
        assert_eq!(tree["one"], json!({"type": "object", "description": "own"}));
        assert_eq!(tree["both"], json!({"nullable": true, "type": "object", "description": "shared"}));
    }
}
