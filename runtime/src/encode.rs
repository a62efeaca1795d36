//! Encoding request values: path segments (RFC 3986), query strings and form bodies
//! (`application/x-www-form-urlencoded`, keys exactly as the spec spells them), each parameter in the `style`
//! the spec gives it: lists as repeated keys or joined, objects as keys of their own or `name[key]` pairs.

use super::pattern::InvalidValue;
use serde_json::Value;

/// How a query parameter or form field is written (OpenAPI's `style` and `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `name=a&name=b`; an object's fields as keys of their own, `key=value` (`form`, exploded: the default).
    Form,
    /// `name=a,b`; an object as `name=key,value,key,value` (`form`, not exploded).
    FormJoined,
    /// `name=a%20b` (`spaceDelimited`).
    SpaceDelimited,
    /// `name=a|b` (`pipeDelimited`).
    PipeDelimited,
    /// `name[key]=value`, nested objects as `name[key][inner]=value`, lists as `name[0]=value`
    /// (`deepObject`).
    DeepObject,
}

/// Key-value pairs of a query string or a form body, in the order they were added.
#[derive(Default)]
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    pub fn new() -> Self {
        Pairs::default()
    }

    /// Adds `value` under `key` in the `form` style: several pairs for a list.
    pub fn push<V: FormValue + ?Sized>(&mut self, key: &str, value: &V) {
        self.push_styled(key, value, Style::Form);
    }

    /// Adds `value` under `key`, written in `style`.
    pub fn push_styled<V: FormValue + ?Sized>(&mut self, key: &str, value: &V, style: Style) {
        spread(key, &value.to_form(), style, &mut self.0);
    }

    /// Adds `value` (a struct, or a list or map of them) under `key`: its JSON form, written in `style`.
    pub fn push_serialized<V: serde::Serialize + ?Sized>(&mut self, key: &str, value: &V, style: Style) {
        spread(key, &serialized(value), style, &mut self.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Key=value&Other=value`, percent-encoded; spaces become `%20`.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            percent_encode_into(key, &mut out);
            out.push('=');
            percent_encode_into(value, &mut out);
        }
        out
    }
}

/// A header's value (`simple` style): a list's items and an object's keys and values joined by commas.
pub fn header_text<V: FormValue + ?Sized>(value: &V) -> Option<String> {
    joined(&value.to_form(), ",")
}

/// [`header_text`] of a struct, or a list or map of them: its JSON form.
pub fn header_serialized<V: serde::Serialize + ?Sized>(value: &V) -> Option<String> {
    joined(&serialized(value), ",")
}

/// A value that can go into a query string, form body or header.
pub trait FormValue {
    /// The value's form: its text, or a list or object ([`Value::Array`], [`Value::Object`]) of forms that the
    /// parameter's style spreads into pairs. `Null` sends nothing.
    fn to_form(&self) -> Value;
}

impl<T: FormValue + ?Sized> FormValue for &T {
    fn to_form(&self) -> Value {
        (**self).to_form()
    }
}

impl FormValue for str {
    fn to_form(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl FormValue for String {
    fn to_form(&self) -> Value {
        Value::String(self.clone())
    }
}

impl FormValue for bool {
    fn to_form(&self) -> Value {
        Value::String(if *self { "true" } else { "false" }.to_owned())
    }
}

macro_rules! display_form_value {
    ($($t:ty),*) => {$(
        impl FormValue for $t {
            fn to_form(&self) -> Value {
                Value::String(self.to_string())
            }
        }
    )*};
}

display_form_value!(i32, i64, u32, u64, f64, super::timestamp::Timestamp, super::date::Date);

impl<T: FormValue> FormValue for Vec<T> {
    fn to_form(&self) -> Value {
        Value::Array(self.iter().map(FormValue::to_form).collect())
    }
}

impl<T: FormValue> FormValue for super::secret::Secret<T> {
    fn to_form(&self) -> Value {
        self.expose().to_form()
    }
}

impl FormValue for Value {
    /// A JSON value of no declared shape: a string as it is, a list's items each as their JSON text (repeated
    /// keys, as lists are), anything else as JSON text.
    fn to_form(&self) -> Value {
        match self {
            Value::String(_) => self.clone(),
            Value::Array(items) => Value::Array(items.iter().map(|item| Value::String(text(item))).collect()),
            other => Value::String(other.to_string()),
        }
    }
}

impl<V: FormValue> FormValue for std::collections::BTreeMap<String, V> {
    /// An object: its keys with their values' forms, spread by the style like a struct's fields.
    fn to_form(&self) -> Value {
        Value::Object(self.iter().map(|(key, value)| (key.clone(), value.to_form())).collect())
    }
}

/// The JSON form of `value`; a value serde cannot write as JSON (a map with keys that are not text, which
/// generated types do not have) sends nothing.
fn serialized<V: serde::Serialize + ?Sized>(value: &V) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Appends the pairs that `form` makes under `key` in `style`.
fn spread(key: &str, form: &Value, style: Style, out: &mut Vec<(String, String)>) {
    let separator = match style {
        Style::DeepObject => return deep(key.to_owned(), form, out),
        Style::Form => return exploded(key, form, out),
        Style::FormJoined => ",",
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
    };
    if let Some(text) = joined(form, separator) {
        out.push((key.to_owned(), text));
    }
}

/// `form`, exploded: a list as repeated keys, an object's fields as keys of their own (a field that is a list
/// repeats its key); what is nested deeper is JSON text.
fn exploded(key: &str, form: &Value, out: &mut Vec<(String, String)>) {
    match form {
        Value::Null => {}
        Value::Array(items) => out.extend(items.iter().filter(|i| !i.is_null()).map(|i| (key.to_owned(), text(i)))),
        Value::Object(fields) => {
            for (field, value) in sorted(fields) {
                match value {
                    Value::Array(items) => out.extend(items.iter().map(|i| (field.clone(), text(i)))),
                    Value::Null => {}
                    value => out.push((field.clone(), text(value))),
                }
            }
        }
        value => out.push((key.to_owned(), text(value))),
    }
}

/// `form` not exploded, or delimited: a list's items, or an object's keys and values, joined by `separator`.
fn joined(form: &Value, separator: &str) -> Option<String> {
    match form {
        Value::Null => None,
        Value::Array(items) => Some(items.iter().map(text).collect::<Vec<_>>().join(separator)),
        Value::Object(fields) => {
            Some(sorted(fields).flat_map(|(k, v)| [k.clone(), text(v)]).collect::<Vec<_>>().join(separator))
        }
        value => Some(text(value)),
    }
}

/// `deepObject`: `key[field]` for an object's fields and `key[index]` for a list's items, as deep as they go.
fn deep(key: String, form: &Value, out: &mut Vec<(String, String)>) {
    match form {
        Value::Null => {}
        Value::Object(fields) => sorted(fields).for_each(|(field, value)| deep(format!("{key}[{field}]"), value, out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, value)| deep(format!("{key}[{i}]"), value, out)),
        value => out.push((key, text(value))),
    }
}

/// An object's fields in the order of their names, whatever order the map keeps (serde_json's
/// `preserve_order` feature, which any crate of the application may turn on, keeps the order of insertion):
/// the same value is always sent the same way.
fn sorted(fields: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    let mut fields: Vec<(&String, &Value)> = fields.iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    fields.into_iter()
}

/// A scalar as it is sent: a string as it is, `true`, a number as JSON writes it; a list or object as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Percent-encodes every byte outside RFC 3986's unreserved set.
fn percent_encode_into(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// One path segment, percent-encoded. Empty values, `.` and `..` are refused: they would change the path.
pub fn path_segment(parameter: &'static str, value: &str) -> Result<String, InvalidValue> {
    if value.is_empty() || value == "." || value == ".." {
        let shown = if value.is_empty() { "empty" } else { value };
        return Err(InvalidValue::new(parameter, format!("a path segment cannot be {shown}")));
    }
    let mut out = String::with_capacity(value.len());
    percent_encode_into(value, &mut out);
    Ok(out)
}

/// Checks a string's length in characters against the spec's `minLength` and `maxLength`.
pub fn check_length(
    parameter: &'static str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), InvalidValue> {
    let length = value.chars().count();
    let message = match (min, max) {
        (Some(min), _) if length < min => format!("must be at least {min} characters long, is {length}"),
        (_, Some(max)) if length > max => format!("must be at most {max} characters long, is {length}"),
        _ => return Ok(()),
    };
    Err(InvalidValue::new(parameter, message))
}

/// Checks a number against the spec's `minimum` and `maximum`.
pub fn check_range(
    parameter: &'static str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), InvalidValue> {
    let message = match (min, max) {
        (Some(min), _) if value < min => format!("must be at least {min}, is {value}"),
        (_, Some(max)) if value > max => format!("must be at most {max}, is {value}"),
        _ => return Ok(()),
    };
    Err(InvalidValue::new(parameter, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(push: impl FnOnce(&mut Pairs)) -> String {
        let mut pairs = Pairs::new();
        push(&mut pairs);
        pairs.encode()
    }

    #[test]
    fn json_values_are_text_and_json_lists_repeat_their_key() {
        let encoded = pairs(|p| {
            p.push("Tag", &serde_json::json!(["a", 2, {"b": true}]));
            p.push("Name", &serde_json::json!("plain"));
            p.push("Data", &serde_json::json!({"x": 1}));
        });
        assert_eq!(encoded, "Tag=a&Tag=2&Tag=%7B%22b%22%3Atrue%7D&Name=plain&Data=%7B%22x%22%3A1%7D");
    }

    #[derive(serde::Serialize)]
    struct Address {
        city: &'static str,
        lines: Vec<&'static str>,
        geo: Option<Geo>,
    }

    #[derive(serde::Serialize)]
    struct Geo {
        lat: f64,
    }

    fn address() -> Address {
        Address { city: "Paris", lines: vec!["1 rue", "2e"], geo: Some(Geo { lat: 48.5 }) }
    }

    #[test]
    fn deep_objects_bracket_their_fields_and_index_their_lists() {
        let encoded = pairs(|p| p.push_serialized("address", &address(), Style::DeepObject));
        // Fields in the order of their names, as the JSON form holds them.
        let expected = "address%5Bcity%5D=Paris&address%5Bgeo%5D%5Blat%5D=48.5&address%5Blines%5D%5B0%5D=1%20rue&address%5Blines%5D%5B1%5D=2e";
        assert_eq!(encoded, expected);
        let items = vec![address(), Address { city: "Lyon", lines: vec![], geo: None }];
        let encoded = pairs(|p| p.push_serialized("items", &items, Style::DeepObject));
        assert!(encoded.ends_with("&items%5B1%5D%5Bcity%5D=Lyon"), "{encoded}");
        let mut metadata = std::collections::BTreeMap::new();
        metadata.insert("order".to_owned(), "6735".to_owned());
        assert_eq!(pairs(|p| p.push_styled("metadata", &metadata, Style::DeepObject)), "metadata%5Border%5D=6735");
    }

    #[test]
    fn each_style_writes_lists_and_objects_as_the_spec_says() {
        let list = vec!["blue".to_owned(), "black".to_owned()];
        let mut object = std::collections::BTreeMap::new();
        object.insert("R".to_owned(), 100i64);
        object.insert("G".to_owned(), 200i64);
        let cases = [
            (Style::Form, "color=blue&color=black", "G=200&R=100"),
            (Style::FormJoined, "color=blue%2Cblack", "color=G%2C200%2CR%2C100"),
            (Style::SpaceDelimited, "color=blue%20black", "color=G%20200%20R%20100"),
            (Style::PipeDelimited, "color=blue%7Cblack", "color=G%7C200%7CR%7C100"),
            (Style::DeepObject, "color%5B0%5D=blue&color%5B1%5D=black", "color%5BG%5D=200&color%5BR%5D=100"),
        ];
        for (style, for_list, for_object) in cases {
            assert_eq!(pairs(|p| p.push_styled("color", &list, style)), for_list, "{style:?}");
            assert_eq!(pairs(|p| p.push_styled("color", &object, style)), for_object, "{style:?}");
            assert_eq!(pairs(|p| p.push_styled("color", "red", style)), "color=red", "{style:?}");
        }
        assert_eq!(header_text(&list).as_deref(), Some("blue,black"));
        assert_eq!(header_serialized(&Geo { lat: 1.5 }).as_deref(), Some("lat,1.5"));
    }

    #[test]
    fn pairs_keep_order_and_repeat_lists() {
        let mut pairs = Pairs::new();
        pairs.push("FriendlyName", "a b&c=d+é");
        pairs.push("Sandbox", &true);
        pairs.push("PageSize", &50i64);
        pairs.push("Tag", &vec!["x".to_owned(), "y".to_owned()]);
        assert_eq!(pairs.encode(), "FriendlyName=a%20b%26c%3Dd%2B%C3%A9&Sandbox=true&PageSize=50&Tag=x&Tag=y");
    }

    #[test]
    fn constraints_name_the_parameter() {
        assert!(check_range("PageSize", 1000.0, Some(1.0), Some(1000.0)).is_ok());
        let err = check_range("PageSize", 1001.0, Some(1.0), Some(1000.0)).unwrap_err();
        assert_eq!(err.to_string(), "invalid PageSize: must be at most 1000, is 1001");
        assert!(check_range("PageSize", 0.0, Some(1.0), None).is_err());
        assert!(check_length("FriendlyName", &"é".repeat(64), None, Some(64)).is_ok());
        assert!(check_length("FriendlyName", &"é".repeat(65), None, Some(64)).is_err());
    }

    #[test]
    fn path_segments_encode_slashes_and_refuse_dots() {
        assert_eq!(path_segment("account_id", "a/b c").unwrap(), "a%2Fb%20c");
        assert_eq!(path_segment("account_id", "MA123").unwrap(), "MA123");
        for bad in ["", ".", ".."] {
            let err = path_segment("account_id", bad).unwrap_err();
            assert!(err.to_string().contains("account_id"), "{err}");
        }
    }
}
