//! Encoding request values: path segments (RFC 3986), query strings and form bodies
//! (`application/x-www-form-urlencoded`, keys exactly as the spec spells them, lists as repeated keys).

use super::pattern::InvalidValue;

/// Key-value pairs of a query string or a form body, in the order they were added.
#[derive(Default)]
pub struct Pairs(Vec<(&'static str, String)>);

impl Pairs {
    pub fn new() -> Self {
        Pairs::default()
    }

    /// Adds `value` under `key` (several pairs for a list).
    pub fn push<V: FormValue + ?Sized>(&mut self, key: &'static str, value: &V) {
        value.push_to(key, &mut self.0);
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

/// A value that can go into a query string or form body.
pub trait FormValue {
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>);
}

impl FormValue for str {
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.to_owned()));
    }
}

impl FormValue for String {
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, self.clone()));
    }
}

impl FormValue for bool {
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((key, if *self { "true" } else { "false" }.to_owned()));
    }
}

macro_rules! display_form_value {
    ($($t:ty),*) => {$(
        impl FormValue for $t {
            fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((key, self.to_string()));
            }
        }
    )*};
}

display_form_value!(i32, i64, u32, u64, f64, super::timestamp::Timestamp, super::date::Date);

impl<T: FormValue> FormValue for Vec<T> {
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        for item in self {
            item.push_to(key, out);
        }
    }
}

impl<T: FormValue> FormValue for super::secret::Secret<T> {
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        self.expose().push_to(key, out);
    }
}

impl FormValue for serde_json::Value {
    /// Strings as they are, arrays as repeated keys (as lists are), anything else as JSON text.
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        match self {
            serde_json::Value::String(s) => out.push((key, s.clone())),
            serde_json::Value::Array(items) => items.iter().for_each(|item| item.push_to(key, out)),
            other => out.push((key, other.to_string())),
        }
    }
}

impl<V: FormValue> FormValue for std::collections::BTreeMap<String, V> {
    fn push_to(&self, key: &'static str, out: &mut Vec<(&'static str, String)>) {
        let json: std::collections::BTreeMap<&str, String> = self
            .iter()
            .map(|(k, v)| {
                let mut pairs = Vec::new();
                v.push_to(key, &mut pairs);
                (k.as_str(), pairs.into_iter().map(|(_, v)| v).collect::<Vec<_>>().join(","))
            })
            .collect();
        out.push((key, serde_json::to_string(&json).unwrap_or_default()));
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

    #[test]
    fn json_values_are_text_and_json_lists_repeat_their_key() {
        let mut out = Vec::new();
        serde_json::json!(["a", 2, {"b": true}]).push_to("Tag", &mut out);
        serde_json::json!("plain").push_to("Name", &mut out);
        serde_json::json!({"x": 1}).push_to("Data", &mut out);
        let expected = [("Tag", "a"), ("Tag", "2"), ("Tag", "{\"b\":true}"), ("Name", "plain"), ("Data", "{\"x\":1}")];
        assert_eq!(out, expected.map(|(k, v)| (k, v.to_owned())));
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
