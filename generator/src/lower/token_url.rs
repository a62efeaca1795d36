//! The token URL of an OAuth2 flow: absolute as written, or a relative reference resolved against the
//! document's first server (OpenAPI 3.0: relative URLs resolve against the Server Object's URL, by RFC 3986).

/// The absolute http(s) token URL, or what is wrong with it and what to do (message, help).
pub fn token_url(written: &str, server: Option<&openapiv3::Server>) -> Result<String, (String, String)> {
    let written = written.trim();
    let full = "write the token URL in full, like https://auth.example.com/oauth/token";
    if written.is_empty() {
        return Err(("the tokenUrl is empty".to_owned(), full.to_owned()));
    }
    if written.chars().any(|c| c.is_whitespace() || c.is_control() || c == '{' || c == '}') {
        return Err((
            format!("tokenUrl {written:?} is not a URL (spaces, control characters or variables)"),
            full.into(),
        ));
    }
    let url = match scheme(written) {
        Some(_) => written.to_owned(),
        None => {
            let Some(server) = server else {
                return Err((
                    format!(
                        "tokenUrl {written:?} is relative and the document declares no servers to resolve it against"
                    ),
                    full.to_owned(),
                ));
            };
            if server.url.contains('{') || !is_http(&server.url) {
                return Err((
                    format!(
                        "tokenUrl {written:?} is relative, and the document's first server URL {:?} is not an \
                         absolute http(s) URL to resolve it against",
                        server.url
                    ),
                    full.to_owned(),
                ));
            }
            resolve(&server.url, written)
        }
    };
    if !is_http(&url) {
        return Err((format!("tokenUrl {url:?} is not an http(s) URL with a host"), full.to_owned()));
    }
    Ok(url)
}

/// The scheme of an absolute URI (RFC 3986 §3.1: a letter, then letters, digits, `+`, `-` or `.`, then `:`).
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(scheme)
}

/// `http://` or `https://` (any case) followed by a host.
fn is_http(url: &str) -> bool {
    let Some(scheme) = scheme(url) else { return false };
    let rest = &url[scheme.len() + 1..];
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && rest.strip_prefix("//").is_some_and(|r| r.split(['/', '?', '#']).next().is_some_and(|host| !host.is_empty()))
}

/// A relative reference resolved against an absolute http(s) base (RFC 3986 §5.2.2), fragment dropped.
fn resolve(base: &str, reference: &str) -> String {
    let reference = reference.split('#').next().unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default();
    let scheme = scheme(base).unwrap_or("https");
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    // base = scheme://authority[path][?query]
    let after_scheme = &base[scheme.len() + 3..];
    let authority_end = after_scheme.find(['/', '?']).unwrap_or(after_scheme.len());
    let authority = &after_scheme[..authority_end];
    let rest = &after_scheme[authority_end..];
    let (base_path, base_query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let (ref_path, ref_query) = match reference.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (reference, None),
    };
    let (path, query) = if ref_path.is_empty() {
        (base_path.to_owned(), ref_query.or(base_query))
    } else if ref_path.starts_with('/') {
        (remove_dot_segments(ref_path), ref_query)
    } else {
        // Merge (§5.2.3): the base path up to its last `/` (or `/` when the base has no path), then the reference.
        let merged = match base_path.rfind('/') {
            Some(i) => format!("{}{ref_path}", &base_path[..=i]),
            None => format!("/{ref_path}"),
        };
        (remove_dot_segments(&merged), ref_query)
    };
    let path = if path.is_empty() { "/".to_owned() } else { path };
    match query {
        Some(query) => format!("{scheme}://{authority}{path}?{query}"),
        None => format!("{scheme}://{authority}{path}"),
    }
}

/// RFC 3986 §5.2.4, on segments: `.` is dropped, `..` drops the segment before it.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            segment => out.push(segment),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> openapiv3::Server {
        openapiv3::Server { url: url.to_owned(), ..Default::default() }
    }

    #[test]
    fn absolute_token_urls_are_kept() {
        assert_eq!(token_url("https://oauth.twilio.com/v2/token", None).unwrap(), "https://oauth.twilio.com/v2/token");
        assert_eq!(token_url(" http://127.0.0.1:8080/t ", None).unwrap(), "http://127.0.0.1:8080/t");
    }

    #[test]
    fn relative_token_urls_resolve_against_the_first_server_by_rfc_3986() {
        let api = server("https://api.example.com/v1");
        assert_eq!(token_url("/oauth2/token", Some(&api)).unwrap(), "https://api.example.com/oauth2/token");
        assert_eq!(token_url("token", Some(&api)).unwrap(), "https://api.example.com/token");
        assert_eq!(
            token_url("token", Some(&server("https://api.example.com/v1/"))).unwrap(),
            "https://api.example.com/v1/token"
        );
        assert_eq!(
            token_url("../token?x=1#f", Some(&server("https://a.io/v1/b/"))).unwrap(),
            "https://a.io/v1/token?x=1"
        );
        assert_eq!(token_url("./token", Some(&server("https://a.io"))).unwrap(), "https://a.io/token");
        assert_eq!(token_url("//auth.a.io/token", Some(&server("http://a.io"))).unwrap(), "http://auth.a.io/token");
        assert_eq!(token_url("/a/./b/../c", Some(&server("https://a.io"))).unwrap(), "https://a.io/a/c");
    }

    #[test]
    fn token_urls_that_cannot_be_made_absolute_http_are_refused() {
        assert!(token_url("/token", None).unwrap_err().0.contains("no servers"));
        assert!(token_url("/token", Some(&server("/api"))).unwrap_err().0.contains("not an absolute"));
        assert!(token_url("/token", Some(&server("https://{region}.a.io"))).unwrap_err().0.contains("not an absolute"));
        assert!(token_url("ftp://a.io/token", None).unwrap_err().0.contains("not an http(s) URL"));
        assert!(token_url("https:///token", None).unwrap_err().0.contains("not an http(s) URL"));
        assert!(token_url("https://a.io/{x}", None).unwrap_err().0.contains("not a URL"));
        assert!(token_url("", None).unwrap_err().0.contains("empty"));
    }
}
