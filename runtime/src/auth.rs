//! Credentials for the security schemes of the spec, and choosing which to send.

use super::oauth::ClientCredentials;
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
    /// A bearer token the application's [`TokenProvider`] gives for each request (one it refreshes itself).
    Provided(std::sync::Arc<dyn TokenProvider>),
    Header {
        name: &'static str,
        value: Secret<String>,
    },
    Query {
        name: &'static str,
        value: Secret<String>,
    },
    /// OAuth 2.0 client credentials, traded for a bearer token by the transport (see `oauth`).
    OAuth2(ClientCredentials),
}

/// Where the bearer token of each request comes from when the application obtains and refreshes it (an OAuth2
/// authorization-code or device flow, a token exchanged elsewhere): asked before every request, it gives the
/// token to send, cached or new. Any `Fn() -> impl Future<Output = Result<String, E>>` is one.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now; an error is [`crate::Error::Token`], and nothing is sent.
    fn token(&self) -> ProvidedToken<'_>;
}

/// What a [`TokenProvider`] answers: the token, or why there is none.
pub type ProvidedToken<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Secret<String>, String>> + Send + 'a>>;

impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<String, E>> + Send + 'static,
    E: fmt::Display,
{
    fn token(&self) -> ProvidedToken<'_> {
        let token = self();
        Box::pin(async move { token.await.map(Secret::new).map_err(|e| e.to_string()) })
    }
}

/// Credentials by security scheme key.
#[derive(Clone, Default)]
pub struct Credentials {
    schemes: BTreeMap<&'static str, Credential>,
    /// Token URLs set on the builder, by OAuth2 scheme, in place of the spec's.
    token_urls: BTreeMap<&'static str, String>,
}

impl Credential {
    /// HTTP basic credentials.
    pub fn basic(username: String, password: &str) -> Self {
        let authorization = Secret::new(basic_header(&username, password));
        Credential::Basic { username, authorization }
    }
}

impl Credentials {
    pub fn set(&mut self, scheme: &'static str, credential: Credential) {
        self.schemes.insert(scheme, credential);
    }

    /// Fetches the tokens of the OAuth2 scheme `scheme` from `url`, whether its credentials are set before or
    /// after.
    pub fn set_token_url(&mut self, scheme: &'static str, url: String) {
        self.token_urls.insert(scheme, url);
    }

    /// The credentials of the first requirement that is fully configured, with their scheme. An operation
    /// without requirements needs none; `None` means no requirement can be met.
    pub fn select(&self, requirements: &[&[&'static str]]) -> Option<Vec<(&'static str, &Credential)>> {
        if requirements.is_empty() {
            return Some(Vec::new());
        }
        requirements.iter().find_map(|schemes| {
            schemes.iter().map(|&scheme| self.schemes.get(scheme).map(|c| (scheme, c))).collect::<Option<Vec<_>>>()
        })
    }

    /// Every OAuth2 credential, with its scheme and the token URL to use.
    pub fn oauth2(&self) -> impl Iterator<Item = (&'static str, &ClientCredentials, &str)> {
        self.schemes.iter().filter_map(|(&scheme, credential)| match credential {
            Credential::OAuth2(credentials) => {
                let url = self.token_urls.get(scheme).map_or(credentials.default_token_url(), String::as_str);
                Some((scheme, credentials, url))
            }
            _ => None,
        })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (scheme, credential) in &self.schemes {
            match credential {
                Credential::Basic { username, .. } => map.entry(scheme, &format_args!("basic {username}:[redacted]")),
                Credential::OAuth2(credentials) => {
                    let url = self.token_urls.get(scheme).map_or(credentials.default_token_url(), String::as_str);
                    map.entry(scheme, &format_args!("oauth2 client {}:[redacted] at {url}", credentials.client_id()))
                }
                Credential::Provided(_) => map.entry(scheme, &format_args!("bearer from a token provider")),
                _ => map.entry(scheme, &format_args!("[redacted]")),
            };
        }
        for (scheme, url) in &self.token_urls {
            if !self.schemes.contains_key(scheme) {
                map.entry(scheme, &format_args!("oauth2 token URL {url}, no client credentials"));
            }
        }
        map.finish()
    }
}

/// The values of the first of `alternatives` whose every variable `lookup` finds set and not empty, in the
/// order the alternative names them; `None` when no alternative is complete. `lookup` is `std::env::var` in the
/// client, something else in tests. The values are credentials: keep them out of logs.
pub fn from_env<const N: usize>(
    alternatives: &[[&str; N]],
    lookup: impl Fn(&str) -> Option<String>,
) -> Option<[String; N]> {
    alternatives.iter().find_map(|names| {
        let values = names.map(|name| lookup(name).filter(|value| !value.is_empty()));
        if values.iter().all(Option::is_some) {
            Some(values.map(Option::unwrap_or_default))
        } else {
            None
        }
    })
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
    fn credentials_come_from_the_first_alternative_whose_variables_are_all_set() {
        let env = |name: &str| match name {
            "TWILIO_ACCOUNT_SID" => Some("ACxyz".to_owned()),
            "TWILIO_API_KEY" => Some("SKxyz".to_owned()),
            "TWILIO_API_SECRET" => Some("s3cret".to_owned()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        let twilio = [["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"], ["TWILIO_API_KEY", "TWILIO_API_SECRET"]];
        assert_eq!(from_env(&twilio, env), Some(["SKxyz".to_owned(), "s3cret".to_owned()]), "the first is partial");
        let first = [["TWILIO_ACCOUNT_SID", "TWILIO_API_SECRET"], ["TWILIO_API_KEY", "TWILIO_API_SECRET"]];
        assert_eq!(from_env(&first, env).map(|[id, _]| id), Some("ACxyz".to_owned()), "the first complete wins");
        assert_eq!(from_env(&[["EMPTY"]], env), None, "an empty variable is not set");
        assert_eq!(from_env(&[["UNSET"]], env), None);
        assert_eq!(from_env::<1>(&[], env), None);
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

    #[tokio::test]
    async fn a_bearer_token_goes_in_the_authorization_header_and_never_in_debug() {
        use super::super::loopback::Loopback;
        use super::super::transport::{Body, Config, Request, Transport};
        const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.d0n0tl0g.sig";
        let server = Loopback::start(|_, _| (204, String::new()));
        let mut credentials = Credentials::default();
        credentials.set("bearer", Credential::Bearer(TOKEN.into()));
        let transport =
            Transport::new(Config::new("test/1.0".to_owned()), vec![server.url.clone()], credentials).unwrap();
        let request = Request {
            operation: "FetchThing",
            method: reqwest::Method::GET,
            server: 0,
            path: "/things/1".to_owned(),
            query: String::new(),
            headers: Vec::new(),
            accept: "application/json",
            body: Body::None,
            security: &[&["bearer"]],
            options: Default::default(),
        };
        assert_eq!(transport.send(request).await.map(|r| r.status).ok(), Some(204));
        let seen = server.seen("/things/1");
        assert_eq!(seen[0].authorization, Some(format!("Bearer {TOKEN}")));
        let shown = format!("{transport:?}");
        assert!(!shown.contains("d0n0tl0g") && shown.contains("\"bearer\": [redacted]"), "{shown}");
    }

    #[test]
    fn debug_shows_the_oauth2_client_id_and_token_url_but_not_the_secret() {
        let mut credentials = Credentials::default();
        credentials.set_token_url("oauth", "http://127.0.0.1:1/token".into());
        let client = ClientCredentials::new("OQid".into(), "s3cret".into(), "https://oauth.example.com/token", &[]);
        credentials.set("oauth", Credential::OAuth2(client));
        let shown = format!("{credentials:?}");
        assert!(shown.contains("OQid") && shown.contains("http://127.0.0.1:1/token"), "{shown}");
        assert!(!shown.contains("s3cret") && !shown.contains("oauth.example.com"), "{shown}");
        let urls: Vec<_> = credentials.oauth2().map(|(scheme, _, url)| (scheme, url)).collect();
        assert_eq!(urls, [("oauth", "http://127.0.0.1:1/token")], "the builder's URL, set before the credentials");
    }
}
