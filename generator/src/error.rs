//! The one error type of the generator: where in the document, and what is wrong.

use std::fmt;

/// A problem with the input document, located by a JSON pointer (or a line and column when the text does
/// not parse).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The document's file name, when known.
    pub file: Option<String>,
    /// `/paths/~1v1~1Credentials/get`, or `line 3, column 7`; empty for the document as a whole.
    pub location: String,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Error {
    pub fn at(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: None, location: location.into(), message: message.into(), help: None }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Names `file`, unless the error already names one (an overlay's, for a document read with overlays).
    pub fn in_file_unless_named(self, file: impl Into<String>) -> Self {
        match self.file {
            Some(_) => self,
            None => self.in_file(file),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_deref().unwrap_or("<spec>");
        if self.location.is_empty() {
            write!(f, "{file}: {}", self.message)?;
        } else if self.location.starts_with('/') {
            write!(f, "{file}#{}: {}", self.location, self.message)?;
        } else {
            write!(f, "{file}:{}: {}", self.location, self.message)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(pointer("/paths", "/v1/{Sid}"), "/paths/~1v1~1{Sid}");
        assert_eq!(pointer("", "a~b"), "/a~0b");
    }

    #[test]
    fn display_names_file_place_and_help() {
        let e = Error::at("/paths/~1x/get", "no operationId").help("add one").in_file("spec.yaml");
        assert_eq!(e.to_string(), "spec.yaml#/paths/~1x/get: no operationId\n  help: add one");
        let e = Error::at("line 3, column 7", "bad").in_file("s.json");
        assert_eq!(e.to_string(), "s.json:line 3, column 7: bad");
    }
}
