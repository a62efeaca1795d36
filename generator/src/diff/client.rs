//! The client as a whole: the `Server` enum and the credential setters of `ClientBuilder`.

use super::change::{Change, Place};
use super::cx::Cx;
use super::rules::Side;
use crate::error::pointer;
use crate::ir::{Api, SchemeKind, TypeRef};

/// The changes of the client: servers, then security schemes.
pub fn changes(cx: &Cx, out: &mut Vec<Change>) {
    cx.servers(out);
    cx.schemes(out);
    cx.error_bodies(out);
}

impl Cx<'_> {
    fn servers(&self, out: &mut Vec<Change>) {
        let users = |api: &Api, server: usize| -> Vec<String> {
            let mut ids: Vec<String> = api
                .modules
                .iter()
                .flat_map(|m| &m.operations)
                .filter(|o| o.server == server)
                .map(|o| o.id.clone())
                .collect();
            ids.sort();
            ids
        };
        for (i, o) in self.old.servers.iter().enumerate() {
            let Some(&j) = self.servers.get(&i) else {
                let message = format!("`Server::{}` (`{}`) removed", o.name, o.url);
                let place = Place { affects: users(self.old, i), ..Place::default() }.in_old();
                out.push(Change::new("server-removed", Side::Client, message).at(&place));
                continue;
            };
            let n = &self.new.servers[j];
            let place = Place { affects: users(self.new, j), ..Place::default() };
            if o.name != n.name {
                let message = format!("`Server::{}` → `Server::{}` (`{}`)", o.name, n.name, n.url);
                out.push(Change::new("server-renamed", Side::Client, message).at(&place));
            }
            if o.url != n.url {
                let message = format!("`Server::{}`: `{}` → `{}`", n.name, o.url, n.url);
                out.push(Change::new("server-url-changed", Side::Client, message).at(&place));
            }
        }
        for (j, n) in self.new.servers.iter().enumerate() {
            if !self.servers.values().any(|&v| v == j) {
                let message = format!("`Server::{}` (`{}`) added", n.name, n.url);
                let place = Place { affects: users(self.new, j), ..Place::default() };
                out.push(Change::new("server-added", Side::Client, message).at(&place));
            }
        }
    }

    /// The variants of `ApiErrorBody`: one per type some operation documents as its error.
    fn error_bodies(&self, out: &mut Vec<Change>) {
        for body in &self.old.error_bodies {
            let kept = self.types.old_to_new.get(&body.type_name);
            if kept.is_some_and(|name| self.new.error_bodies.iter().any(|b| &b.type_name == name)) {
                continue;
            }
            let users: Vec<String> = self
                .old
                .modules
                .iter()
                .flat_map(|m| &m.operations)
                .filter(|op| matches!(&op.error_type, Some(TypeRef::Named(name)) if name == &body.type_name))
                .map(|op| self.op_ids.get(&op.id).unwrap_or(&op.id).clone())
                .collect();
            let message = match kept {
                Some(name) if name != &body.type_name => format!(
                    "`ApiErrorBody::{}` disappears: no operation documents `{name}` as its error",
                    body.type_name
                ),
                Some(_) | None => {
                    format!("`ApiErrorBody::{}` disappears: no operation documents it as its error", body.type_name)
                }
            };
            let place = Place { affects: users, ..Place::default() }.in_old();
            out.push(Change::new("error-body-removed", Side::Client, message).at(&place));
        }
    }

    fn schemes(&self, out: &mut Vec<Change>) {
        let users = |api: &Api, key: &str| -> Vec<String> {
            let mut ids: Vec<String> = api
                .modules
                .iter()
                .flat_map(|m| &m.operations)
                .filter(|o| o.security.iter().flatten().any(|k| k == key))
                .map(|o| o.id.clone())
                .collect();
            ids.sort();
            ids
        };
        let at = |api: &Api, key: &str| Place {
            pointer: Some(pointer("/components/securitySchemes", key)),
            affects: users(api, key),
            ..Place::default()
        };
        for o in &self.old.security_schemes {
            match self.new.security_schemes.iter().find(|n| n.key == o.key) {
                None => {
                    let message = format!(
                        "`{}` ({}) removed: `ClientBuilder::{}` disappears",
                        o.key,
                        show_kind(&o.kind),
                        o.method
                    );
                    out.push(
                        Change::new("security-scheme-removed", Side::Client, message)
                            .at(&at(self.old, &o.key).in_old()),
                    );
                }
                Some(n) if n.kind != o.kind => {
                    let (old_args, old_token_url) = setters(&o.kind);
                    let (new_args, new_token_url) = setters(&n.kind);
                    // Code that compiled breaks when the setter takes other arguments or a setter it called goes.
                    let rule = if old_args != new_args || (old_token_url.is_some() && old_token_url != new_token_url) {
                        "security-scheme-signature-changed"
                    } else {
                        "security-scheme-changed"
                    };
                    let message = format!("`{}`: {} → {}", n.key, show_kind(&o.kind), show_kind(&n.kind));
                    out.push(Change::new(rule, Side::Client, message).at(&at(self.new, &n.key)));
                }
                Some(_) => {}
            }
        }
        for n in &self.new.security_schemes {
            if !self.old.security_schemes.iter().any(|o| o.key == n.key) {
                let message = format!("`{}` ({}) added: new `ClientBuilder::{}`", n.key, show_kind(&n.kind), n.method);
                out.push(Change::new("security-scheme-added", Side::Client, message).at(&at(self.new, &n.key)));
            }
        }
    }
}

fn show_kind(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Basic => "HTTP basic".to_owned(),
        SchemeKind::Bearer { .. } => "bearer token".to_owned(),
        SchemeKind::ApiKeyHeader { header } => format!("API key in header `{header}`"),
        SchemeKind::ApiKeyQuery { name } => format!("API key in query parameter `{name}`"),
        SchemeKind::OAuth2ClientCredentials { token_url, scopes, .. } if scopes.is_empty() => {
            format!("OAuth2 client credentials from `{token_url}`")
        }
        SchemeKind::OAuth2ClientCredentials { token_url, scopes, .. } => {
            format!("OAuth2 client credentials from `{token_url}`, scopes `{}`", scopes.join(" "))
        }
    }
}

/// What the `ClientBuilder` setters of a scheme look like: the arguments of the credential setter (two for
/// basic and OAuth2, one for the others), and the name of the token URL setter of OAuth2.
fn setters(kind: &SchemeKind) -> (usize, Option<&str>) {
    match kind {
        SchemeKind::Basic => (2, None),
        SchemeKind::OAuth2ClientCredentials { token_url_method, .. } => (2, Some(token_url_method)),
        SchemeKind::Bearer { .. } | SchemeKind::ApiKeyHeader { .. } | SchemeKind::ApiKeyQuery { .. } => (1, None),
    }
}
