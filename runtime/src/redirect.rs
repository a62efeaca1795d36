//! The answer of an operation that redirects: where to, not followed.

use std::fmt;

/// Where the API redirected a request to, returned by operations the spec documents only with redirects
/// (301, 302, 303, 307, 308). The client does not follow it: fetch it with a client of your own, which is also
/// why this client's credentials are never sent to the target.
///
/// The location often carries a signed token in its query (a download link, an authorization code): `Debug`
/// shows it as `?[redacted]` (and the fragment and any password likewise); print `location` itself only where
/// the token may go.
#[derive(Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The HTTP status of the redirect.
    pub status: u16,
    /// The `Location` header, resolved against the request URL when it was relative.
    pub location: reqwest::Url,
}

impl Redirect {
    /// The location without its query, fragment and password, which are shown as `[redacted]`.
    pub fn redacted_location(&self) -> String {
        redacted(&self.location)
    }
}

impl fmt::Debug for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redirect").field("status", &self.status).field("location", &self.redacted_location()).finish()
    }
}

/// `url` with the parts that may hold a secret replaced by `[redacted]`.
fn redacted(url: &reqwest::Url) -> String {
    let mut bare = url.clone();
    bare.set_query(None);
    bare.set_fragment(None);
    let password = bare.password().is_some();
    if password {
        // Only fails for URLs that cannot have a password, which then have none.
        let _ = bare.set_password(Some("redacted"));
    }
    let mut out = bare.to_string();
    if password {
        out = out.replacen(":redacted@", ":[redacted]@", 1);
    }
    if url.query().is_some() {
        out.push_str("?[redacted]");
    }
    if url.fragment().is_some() {
        out.push_str("#[redacted]");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect(location: &str) -> Redirect {
        Redirect { status: 307, location: location.parse().unwrap() }
    }

    #[test]
    fn debug_hides_the_query_fragment_and_password() {
        let r = redirect("https://user:hunter2@bucket.example/file.csv?X-Amz-Signature=abc123&sig=s3cr3t#token=t0k");
        let shown = format!("{r:?}");
        assert_eq!(
            shown,
            r#"Redirect { status: 307, location: "https://user:[redacted]@bucket.example/file.csv?[redacted]#[redacted]" }"#
        );
        for secret in ["abc123", "s3cr3t", "t0k", "hunter2", "Signature"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn debug_shows_a_location_without_secrets_whole() {
        let r = redirect("https://example.com/a/b");
        assert_eq!(format!("{r:?}"), r#"Redirect { status: 307, location: "https://example.com/a/b" }"#);
        assert_eq!(redirect("myapp://callback?code=1").redacted_location(), "myapp://callback?[redacted]");
    }
}
