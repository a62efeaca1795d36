//! Media types: which are JSON or forms, and which a header can carry.

use crate::error::Error;

/// A media type without its parameters, lowercase: `Application/JSON; charset=utf-8` is `application/json`.
pub(super) fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// `application/json` and any `+json` type (`application/scim+json`).
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

pub(super) fn is_form(media_type: &str) -> bool {
    essence(media_type) == "application/x-www-form-urlencoded"
}

/// A media type the generated crate sends as a header (`Content-Type`, `Accept`): visible ASCII and spaces.
pub(super) fn header_value(media_type: &str, at: &str) -> Result<(), Error> {
    let valid = media_type.bytes().all(|b| b == b' ' || b == b'\t' || (0x21..0x7f).contains(&b));
    if valid && media_type.contains('/') {
        return Ok(());
    }
    Err(Error::at(at, format!("media type {media_type:?} is not a type/subtype that a header can carry"))
        .help("write the media type in ASCII, like application/json or text/plain; charset=utf-8"))
}
