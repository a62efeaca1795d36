//! The client: servers, the builder with one method per security scheme, and the API error body.

use super::{doc, ident, Ctx};
use crate::ir::{ErrorBody, SchemeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The function that decodes an operation's error body.
pub fn error_decoder(ctx: &Ctx, ty: Option<&TypeRef>) -> TokenStream {
    let body = match ty {
        Some(TypeRef::Named(name)) => ctx.api.error_bodies.iter().find(|b| &b.type_name == name),
        _ => None,
    };
    match body {
        Some(body) => {
            let f = ident(&body.decoder);
            quote!(crate::client::#f)
        }
        None => quote!(crate::client::decode_raw),
    }
}

/// The arm of `ApiErrorBody::code` for one error body type.
fn code_arm(body: &ErrorBody) -> Option<TokenStream> {
    let code = body.code.as_ref()?;
    let variant = ident(&body.type_name);
    let field = ident(&code.field);
    let value = match code.ty {
        TypeRef::I32 => quote!(Some(i64::from(*code))),
        TypeRef::I64 => quote!(Some(*code)),
        _ => quote!(code.trim().parse().ok()),
    };
    let get = if code.optional { quote!(body.#field.as_ref()?) } else { quote!(&body.#field) };
    Some(quote!(ApiErrorBody::#variant(body) => { let code = #get; #value }))
}

pub fn client_rs(ctx: &Ctx) -> TokenStream {
    let api = ctx.api;
    let servers = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let docs = doc(&format!("{}\n\n`{}`", s.description.as_deref().unwrap_or(&s.name), s.url));
        quote!(#docs #name,)
    });
    let server_urls = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url = &s.url;
        quote!(Server::#name => #url,)
    });
    let server_list = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        quote!(Server::#name)
    });
    let scheme_setters = api.security_schemes.iter().map(|s| {
        let method = ident(&s.method);
        let key = &s.key;
        let described = s.description.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default();
        match &s.kind {
            SchemeKind::Basic => {
                let docs = doc(&format!("HTTP basic credentials for `{key}`.{described}"));
                quote! {
                    #docs
                    pub fn #method(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.credentials.set(#key, crate::runtime::support::Credential::basic(username.into(), &password.into()));
                        self
                    }
                }
            }
            SchemeKind::Bearer { provider_method } => {
                let docs = doc(&format!("Bearer token for `{key}`, sent as `Authorization: Bearer <token>`.{described}"));
                let provider = ident(provider_method);
                let provider_docs = doc(&format!(
                    "Bearer tokens for `{key}` from `provider`, asked before every request: for a token the \
                     application refreshes (an OAuth2 refresh token, a token exchanged elsewhere), any \
                     `Fn() -> impl Future<Output = Result<String, E>>`. It gives the token to send, cached or new; \
                     an error is `Error::Token`, and nothing is sent. Replaces a token set with [`Self::{}`].",
                    s.method
                ));
                quote! {
                    #docs
                    pub fn #method(mut self, token: impl Into<String>) -> Self {
                        self.credentials.set(#key, crate::runtime::support::Credential::Bearer(crate::Secret::new(token.into())));
                        self
                    }

                    #provider_docs
                    pub fn #provider(mut self, provider: impl crate::TokenProvider) -> Self {
                        self.credentials.set(#key, crate::runtime::support::Credential::Provided(::std::sync::Arc::new(provider)));
                        self
                    }
                }
            }
            SchemeKind::ApiKeyHeader { header } => {
                let docs = doc(&format!("The `{header}` header, for `{key}`.{described}"));
                quote! {
                    #docs
                    pub fn #method(mut self, value: impl Into<String>) -> Self {
                        self.credentials.set(#key, crate::runtime::support::Credential::Header { name: #header, value: crate::Secret::new(value.into()) });
                        self
                    }
                }
            }
            SchemeKind::ApiKeyQuery { name } => {
                let docs = doc(&format!("The `{name}` query parameter, for `{key}`.{described}"));
                quote! {
                    #docs
                    pub fn #method(mut self, value: impl Into<String>) -> Self {
                        self.credentials.set(#key, crate::runtime::support::Credential::Query { name: #name, value: crate::Secret::new(value.into()) });
                        self
                    }
                }
            }
            SchemeKind::OAuth2ClientCredentials { token_url, scopes, token_url_method } => {
                let url_method = ident(token_url_method);
                let asks = if scopes.is_empty() {
                    "no scope (the server grants its default)".to_owned()
                } else {
                    format!("the scopes `{}`", scopes.join(" "))
                };
                let docs = doc(&format!(
                    "OAuth 2.0 client credentials for `{key}`.\n\n\
                     The client trades them for a bearer token at `{token_url}` (or the URL set with \
                     [`ClientBuilder::{bare}`]), asking for {asks}. The token is cached until shortly before it \
                     expires, shared by concurrent calls, and fetched again once when the API answers 401.\
                     {described}",
                    bare = crate::lower::bare(token_url_method),
                ));
                let url_docs = doc(&format!(
                    "Fetches the tokens of `{key}` from `url` instead of `{token_url}` (a regional endpoint, a \
                     test server). The client secret is sent there."
                ));
                quote! {
                    #docs
                    pub fn #method(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                        let credentials = crate::runtime::support::ClientCredentials::new(client_id.into(), client_secret.into(), #token_url, &[#(#scopes),*]);
                        self.credentials.set(#key, crate::runtime::support::Credential::OAuth2(credentials));
                        self
                    }

                    #url_docs
                    pub fn #url_method(mut self, url: impl Into<String>) -> Self {
                        self.credentials.set_token_url(#key, url.into());
                        self
                    }
                }
            }
        }
    });
    let env_fills = api.security_schemes.iter().map(|s| {
        let method = ident(&s.method);
        let alternatives = s.env.iter().map(|names| quote!([#(#names),*]));
        let vars: Vec<_> =
            (0..s.env.first().map_or(0, Vec::len)).map(|i| quote::format_ident!("value_{}", i)).collect();
        quote! {
            if let Some([#(#vars),*]) = crate::runtime::support::from_env(&[#(#alternatives),*], var) {
                self = self.#method(#(#vars),*);
            }
        }
    });
    let env_docs = api
        .security_schemes
        .iter()
        .map(|s| {
            let alternatives: Vec<String> = s
                .env
                .iter()
                .map(|names| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" + "))
                .collect();
            format!("- `{}` (set by `{}`): {}\n", s.key, crate::lower::bare(&s.method), alternatives.join(", or "))
        })
        .collect::<String>();
    let env_doc = doc(&format!(
        "Sets the credentials of every security scheme whose environment variables are set (and not empty); \
         for a scheme with alternatives, the first whose variables are all set. Schemes without them keep what \
         was set before. The values are kept as secrets, never shown.\n\n{}",
        if env_docs.is_empty() {
            "The API has no security schemes: this changes nothing.\n".to_owned()
        } else {
            env_docs
        }
    ));
    let credentials_from_env = if api.security_schemes.is_empty() {
        quote! {
            #env_doc
            pub fn credentials_from_env(self) -> Self {
                self
            }
        }
    } else {
        quote! {
            #env_doc
            pub fn credentials_from_env(mut self) -> Self {
                let var = |name: &str| std::env::var(name).ok();
                #(#env_fills)*
                self
            }
        }
    };
    let errors = &api.error_bodies;
    let code_arms: Vec<_> = errors.iter().filter_map(code_arm).collect();
    let code_doc = doc(&format!(
        "The vendor's error code, from the `code` property of the body when its type has one: {}. A string code \
         counts when it is an integer (`\"20404\"`); other strings, a `Raw` body and types without a code give \
         `None`.",
        {
            let with: Vec<String> = errors
                .iter()
                .filter(|b| b.code.is_some())
                .map(|b| format!("[`{}`](Self::{})", b.type_name, b.type_name))
                .collect();
            if with.is_empty() {
                "no documented error body has one".to_owned()
            } else {
                with.join(", ")
            }
        }
    ));
    let code_fn = if code_arms.is_empty() {
        quote! {
            #code_doc
            fn code(&self) -> Option<i64> {
                None
            }
        }
    } else {
        quote! {
            #code_doc
            fn code(&self) -> Option<i64> {
                match self {
                    #(#code_arms)*
                    _ => None,
                }
            }
        }
    };
    let error_variants = errors.iter().map(|body| {
        let name = &body.type_name;
        let variant = ident(name);
        let ty = ctx.ty(&TypeRef::Named(name.clone()));
        let docs = doc(&format!("The body decoded as [`{name}`]({}).", ty.to_string().replace(' ', "")));
        quote!(#docs #variant(#ty),)
    });
    let error_display = errors.iter().map(|body| {
        let variant = ident(&body.type_name);
        quote!(ApiErrorBody::#variant(body) => f.write_str(&::serde_json::to_string(body).unwrap_or_default()),)
    });
    // The fallback decoder of every operation, for a body that is none of the declared ones.
    let decode_raw = ctx.api.has_operations().then(|| {
        quote! {
            pub(crate) fn decode_raw(body: &[u8]) -> ApiErrorBody {
                ApiErrorBody::Raw(String::from_utf8_lossy(body).into_owned())
            }
        }
    });
    let decoders = errors.iter().map(|body| {
        let variant = ident(&body.type_name);
        let f = ident(&body.decoder);
        quote! {
            #[inline]
            pub(crate) fn #f(body: &[u8]) -> ApiErrorBody {
                match ::serde_json::from_slice(body) {
                    Ok(decoded) => ApiErrorBody::#variant(decoded),
                    Err(_) => decode_raw(body),
                }
            }
        }
    });
    quote! {
        //! The client, its builder, the servers it talks to, and the error bodies of the API.

        use crate::runtime::support::{Config, Credentials, Transport};
        use crate::{Error, RetryPolicy};
        use std::time::Duration;

        /// The servers the operations go to. Each has a default base URL that [`ClientBuilder::server_url`]
        /// overrides (for a regional edge), and [`ClientBuilder::base_url`] overrides for all of them at once (for a
        /// proxy or a test server).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Server {
            #(#servers)*
        }

        impl Server {
            /// Every server, in declaration order.
            pub const ALL: &'static [Server] = &[#(#server_list),*];

            /// The base URL from the spec.
            pub fn default_url(self) -> &'static str {
                match self {
                    #(#server_urls)*
                }
            }
        }

        /// Configures a [`Client`]: credentials, base URLs, timeouts and retries.
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            base_urls: Vec<String>,
            credentials: Credentials,
            config: Config,
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                ClientBuilder {
                    base_urls: Server::ALL.iter().map(|s| s.default_url().to_owned()).collect(),
                    credentials: Credentials::default(),
                    config: Config::new(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()),
                }
            }
        }

        impl ClientBuilder {
            #(#scheme_setters)*

            /// Sends the operations of every server to `url` (a proxy, a test server), instead of the spec's URLs.
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                let url = url.into().trim_end_matches('/').to_owned();
                for base in &mut self.base_urls {
                    base.clone_from(&url);
                }
                self
            }

            /// Sends the operations of `server` to `url` instead of the spec's URL (or the one set with
            /// [`ClientBuilder::base_url`]).
            pub fn server_url(mut self, server: Server, url: impl Into<String>) -> Self {
                self.base_urls[server as usize] = url.into().trim_end_matches('/').to_owned();
                self
            }

            #credentials_from_env

            /// Sends the requests with `client` (a proxy, root certificates, a connection pool shared with
            /// other code) instead of one the builder makes. Its own connect timeout, user agent, default
            /// headers and redirect policy then apply in place of [`connect_timeout`](Self::connect_timeout)
            /// and [`user_agent`](Self::user_agent); [`timeout`](Self::timeout) and
            /// [`total_timeout`](Self::total_timeout) still do. OAuth2 token requests use it too.
            ///
            /// Build it with `redirect(reqwest::redirect::Policy::none())`, from this crate's
            /// [`reqwest`](crate::reqwest) (the version the runtime uses): this client never follows redirects,
            /// so that credentials go to the configured URLs only. An answer that comes from elsewhere (a
            /// redirect followed) is an [`Error::Config`], but by then the request has been sent there.
            pub fn http_client(mut self, client: crate::reqwest::Client) -> Self {
                self.config.http = Some(client);
                self
            }

            /// Limit for a whole call: every attempt, the waits between retries and any OAuth2 token request
            /// (default: none). Past it the call ends in [`Error::Timeout`] with `total: true`.
            pub fn total_timeout(mut self, timeout: Duration) -> Self {
                self.config.total_timeout = Some(timeout);
                self
            }

            /// Limit for one attempt of a request, response body included (default 30 s).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.config.timeout = timeout;
                self
            }

            /// Limit for establishing a connection (default 10 s).
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.config.connect_timeout = timeout;
                self
            }

            /// When to retry; [`RetryPolicy::none`] disables retries.
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.config.retry = policy;
                self
            }

            /// The `User-Agent` header.
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.config.user_agent = user_agent.into();
                self
            }

            /// Builds the client; fails on a base URL or token URL that is not absolute http(s).
            pub fn build(self) -> Result<Client, Error> {
                let transport = Transport::new(self.config, self.base_urls, self.credentials).map_err(crate::runtime::Error::widen)?;
                Ok(Client { transport: std::sync::Arc::new(transport) })
            }
        }

        /// The API client. Cheap to clone: clones share one connection pool and configuration. `Debug` shows
        /// the base URLs only.
        #[derive(Clone)]
        pub struct Client {
            pub(crate) transport: std::sync::Arc<Transport>,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client").field("base_urls", &self.transport.base_urls()).finish_non_exhaustive()
            }
        }

        impl Client {
            /// A builder with the spec's base URLs, no credentials, and the default timeouts and retries.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// A client with the credentials the environment gives (see [`ClientBuilder::credentials_from_env`])
            /// and otherwise the defaults of [`Client::builder`].
            pub fn from_env() -> Result<Client, Error> {
                Client::builder().credentials_from_env().build()
            }

            /// The base URL requests to `server` go to.
            pub fn base_url(&self, server: Server) -> &str {
                self.transport.base_url(server as usize)
            }
        }

        /// The body of an error answer, decoded as the operation documents it, or the raw text when it does not
        /// decode.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ApiErrorBody {
            #(#error_variants)*
            /// The body as text (lossy UTF-8), when it is not the documented error shape.
            Raw(String),
        }

        impl crate::ErrorBody for ApiErrorBody {
            #code_fn
        }

        // `#[inline]` here and on the decoders: compiled where errors are read and shown, not in this crate.
        impl std::fmt::Display for ApiErrorBody {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#error_display)*
                    ApiErrorBody::Raw(text) => write!(f, "{:?}", crate::runtime::support::excerpt(text.as_bytes())),
                }
            }
        }

        #decode_raw

        #(#decoders)*
    }
}
