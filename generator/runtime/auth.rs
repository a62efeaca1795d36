//! Credentials for the security schemes of the spec, and choosing which to send.

use super::secret::Secret;
use std::collections::BTreeMap;
use std::fmt;

/// One configured credential.
#[derive(Clone)]
pub enum Credential {
    /// HTTP basic: the `Authorization` value is computed once, when the credential is set.
    Basic {
        username: String,
        authorization: Secret<String>,
    },
    Bearer(Secret<String>),
    Header {
        name: &'static str,
        value: Secret<String>,
    },
    Query {
        name: &'static str,
        value: Secret<String>,
    },
}

/// Credentials by security scheme key.
#[derive(Clone, Default)]
pub struct Credentials(BTreeMap<&'static str, Credential>);

impl Credential {
    /// HTTP basic credentials.
    pub fn basic(username: String, password: &str) -> Self {
        let authorization = Secret::new(basic_header(&username, password));
        Credential::Basic { username, authorization }
    }
}

impl Credentials {
    pub fn set(&mut self, scheme: &'static str, credential: Credential) {
        self.0.insert(scheme, credential);
    }

    /// The credentials of the first requirement that is fully configured. An operation without requirements
    /// needs none; `None` means no requirement can be met.
    pub fn select(&self, requirements: &[&[&'static str]]) -> Option<Vec<&Credential>> {
        if requirements.is_empty() {
            return Some(Vec::new());
        }
        requirements
            .iter()
            .find_map(|schemes| schemes.iter().map(|scheme| self.0.get(scheme)).collect::<Option<Vec<_>>>())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (scheme, credential) in &self.0 {
            match credential {
                Credential::Basic { username, .. } => map.entry(scheme, &format_args!("basic {username}:[redacted]")),
                _ => map.entry(scheme, &format_args!("[redacted]")),
            };
        }
        map.finish()
    }
}

/// `Basic base64(username:password)`.
pub fn basic_header(username: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{username}:{password}");
    let mut out = String::from("Basic ");
    for chunk in input.as_bytes().chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_is_base64_of_user_colon_password() {
        assert_eq!(basic_header("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(basic_header("a", "b"), "Basic YTpi");
        assert_eq!(basic_header("ab", "c"), "Basic YWI6Yw==");
    }

    #[test]
    fn the_first_complete_requirement_wins() {
        let mut credentials = Credentials::default();
        credentials.set("id", Credential::Header { name: "X-Auth-ID", value: "i".into() });
        assert!(credentials.select(&[&["id", "token"]]).is_none());
        credentials.set("token", Credential::Header { name: "X-Auth-Token", value: "t".into() });
        assert_eq!(credentials.select(&[&["id", "token"]]).unwrap().len(), 2);
        assert_eq!(credentials.select(&[]).unwrap().len(), 0);
    }

    #[test]
    fn debug_hides_secrets() {
        let mut credentials = Credentials::default();
        credentials.set("basic", Credential::basic("ACxyz".into(), "tok3n"));
        credentials.set("key", Credential::Header { name: "X-Auth-Token", value: "s3cret".into() });
        let shown = format!("{credentials:?}");
        let encoded = basic_header("ACxyz", "tok3n");
        assert!(shown.contains("ACxyz") && !shown.contains("tok3n") && !shown.contains("s3cret"), "{shown}");
        assert!(!shown.contains(encoded.trim_start_matches("Basic ")), "{shown}");
    }
}
