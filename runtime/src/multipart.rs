//! Multipart bodies (`multipart/form-data`, RFC 7578): text fields, JSON fields and file uploads, each a part
//! with its own headers, between boundaries chosen so that no part contains them.

use super::encode::FormValue;
use serde_json::Value;
use std::fmt;

/// A file to upload as a part of a multipart body: its bytes, and the file name and media type the server is
/// told. Without a media type the part is sent as `application/octet-stream`.
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    bytes: Vec<u8>,
    file_name: Option<String>,
    media_type: Option<String>,
}

impl Upload {
    /// An upload of `bytes`, with no file name and no media type yet.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Upload { bytes: bytes.into(), file_name: None, media_type: None }
    }

    /// The file name sent with the part (`filename` of its `Content-Disposition`), which some servers require.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type`, such as `image/png`.
    pub fn media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }

    /// The bytes uploaded.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::new(bytes)
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Upload::new(bytes)
    }
}

/// The file name, media type and size; never the content.
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("media_type", &self.media_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// One part: its field name, file name and media type when it has them, and its content.
struct Part {
    name: String,
    file_name: Option<String>,
    media_type: Option<String>,
    bytes: Vec<u8>,
}

/// The parts of a multipart body, in the order they were added.
#[derive(Default)]
pub struct Parts(Vec<Part>);

impl Parts {
    pub fn new() -> Self {
        Parts::default()
    }

    /// Adds `value` under `name`: text as a part of its own, a list as a part per item, an object as a JSON part.
    pub fn push<V: FormValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.form(name, &value.to_form());
    }

    /// Adds `value` (a struct, or a list or map of them) under `name`: its JSON form, as [`Parts::push`] adds it.
    pub fn push_serialized<V: serde::Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        self.form(name, &serde_json::to_value(value).unwrap_or(Value::Null));
    }

    /// Adds the file `upload` under `name`.
    pub fn push_upload(&mut self, name: &str, upload: &Upload) {
        self.0.push(Part {
            name: name.to_owned(),
            file_name: upload.file_name.clone(),
            media_type: Some(upload.media_type.clone().unwrap_or_else(|| "application/octet-stream".to_owned())),
            bytes: upload.bytes.clone(),
        });
    }

    /// Adds each of `uploads` under `name`, a part each.
    pub fn push_uploads(&mut self, name: &str, uploads: &[Upload]) {
        uploads.iter().for_each(|upload| self.push_upload(name, upload));
    }

    fn form(&mut self, name: &str, form: &Value) {
        match form {
            Value::Null => {}
            Value::Array(items) => items.iter().for_each(|item| self.form(name, item)),
            Value::String(text) => self.text(name, text.clone().into_bytes(), None),
            Value::Object(_) => self.text(name, form.to_string().into_bytes(), Some("application/json")),
            other => self.text(name, other.to_string().into_bytes(), None),
        }
    }

    fn text(&mut self, name: &str, bytes: Vec<u8>, media_type: Option<&'static str>) {
        let media_type = media_type.map(str::to_owned);
        self.0.push(Part { name: name.to_owned(), file_name: None, media_type, bytes });
    }

    /// The boundary and the body's bytes. The boundary is the first of `clientgen-boundary-0`, `-1`, ... that
    /// no part contains, so the same parts always make the same body.
    pub fn encode(&self) -> (String, Vec<u8>) {
        let boundary = (0u64..)
            .map(|n| format!("clientgen-boundary-{n}"))
            .find(|b| !self.0.iter().any(|part| contains(&part.bytes, b.as_bytes())))
            .unwrap_or_default();
        let mut out = Vec::new();
        for part in &self.0 {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(media_type) = &part.media_type {
                out.extend_from_slice(format!("Content-Type: {}\r\n", one_line(media_type)).as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (boundary, out)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

/// A name or file name inside the quotes of `Content-Disposition`: quotes, backslashes and line breaks
/// percent-encoded, as browsers send them (RFC 7578, section 4.2).
fn quoted(text: &str) -> String {
    text.replace('%', "%25").replace('"', "%22").replace('\\', "%5C").replace('\r', "%0D").replace('\n', "%0A")
}

/// A header value on one line: line breaks would start a header of their own.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_with_their_names_files_and_media_types() {
        let mut parts = Parts::new();
        parts.push("model", "whisper-1");
        parts.push("timestamp_granularities[]", &vec!["word".to_owned(), "segment".to_owned()]);
        parts.push_serialized("chunking", &serde_json::json!({"type": "auto"}));
        parts.push_upload("file", &Upload::new(b"RIFF....".to_vec()).file_name("a \"b\".wav").media_type("audio/wav"));
        parts.push_upload("raw", &Upload::new(vec![0u8, 1, 2]));
        let (boundary, body) = parts.encode();
        assert_eq!(boundary, "clientgen-boundary-0");
        let expected = "--clientgen-boundary-0\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n\
            --clientgen-boundary-0\r\nContent-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n\r\nword\r\n\
            --clientgen-boundary-0\r\nContent-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n\r\nsegment\r\n\
            --clientgen-boundary-0\r\nContent-Disposition: form-data; name=\"chunking\"\r\nContent-Type: application/json\r\n\r\n{\"type\":\"auto\"}\r\n\
            --clientgen-boundary-0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF....\r\n\
            --clientgen-boundary-0\r\nContent-Disposition: form-data; name=\"raw\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n\
            --clientgen-boundary-0--\r\n";
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[test]
    fn the_boundary_is_in_no_part() {
        let mut parts = Parts::new();
        parts.push("a", "--clientgen-boundary-0 and clientgen-boundary-1");
        let (boundary, body) = parts.encode();
        assert_eq!(boundary, "clientgen-boundary-2");
        assert!(String::from_utf8(body).unwrap().ends_with("\r\n--clientgen-boundary-2--\r\n"));
    }

    #[test]
    fn an_uploads_debug_shows_its_size_not_its_content() {
        let upload = Upload::new(b"secret key material".to_vec()).file_name("key.pem");
        assert_eq!(format!("{upload:?}"), "Upload { file_name: Some(\"key.pem\"), media_type: None, len: 19 }");
    }
}
