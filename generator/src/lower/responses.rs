//! Responses: what a call returns on success, the error body it documents, and the `Accept` it sends.

use super::media::{essence, header_value, is_json};
use super::refs;
use super::schemas::refd;
use super::Lowerer;
use crate::error::{pointer, Error};
use crate::ir::*;
use openapiv3::StatusCode;

impl<'a> Lowerer<'a> {
    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        id: &str,
        at: &str,
    ) -> Result<(Response, Option<TypeRef>), Error> {
        let responses_at = pointer(at, "responses");
        let mut statuses = Vec::new();
        let mut redirects = Vec::new();
        // The first success response with content decides the body; the first redirect with content, the
        // Accept of a redirect-only operation.
        let mut body: Option<(ResponseBody, String)> = None;
        let mut redirect_media: Option<String> = None;
        let mut error_type = None;
        let mut error_media: Option<String> = None;
        // The statuses that send the client elsewhere with a `Location` (not 300, 304 or 305).
        let is_redirect = |code: &StatusCode| matches!(code, StatusCode::Code(301 | 302 | 303 | 307 | 308));
        let is_success = |code: &StatusCode| matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2));
        // With no 2xx or redirect documented, `default` is the answer the operation gives.
        let default_succeeds = !op.responses.responses.keys().any(|c| is_success(c) || is_redirect(c));
        let mut any_success = false;
        let entries = op.responses.responses.iter().map(|(code, r)| (Some(code), r));
        for (code, response) in entries.chain(op.responses.default.iter().map(|r| (None, r))) {
            let (key, success) = match code {
                Some(StatusCode::Code(c)) => (c.to_string(), (200..300).contains(c)),
                Some(StatusCode::Range(r)) => (format!("{r}XX"), *r == 2),
                None => ("default".to_owned(), default_succeeds),
            };
            any_success |= success;
            let redirect = code.is_some_and(is_redirect);
            let error = match code {
                None => !default_succeeds,
                Some(code) => matches!(code, StatusCode::Code(400..=599) | StatusCode::Range(4 | 5)),
            };
            let response_at = pointer(&responses_at, &key);
            let response = refs::resolve(self.doc, response, &response_at)?;
            if let Some(StatusCode::Code(c)) = code {
                if success {
                    statuses.push(*c);
                } else if redirect {
                    redirects.push(*c);
                }
            }
            let content_at = pointer(&response_at, "content");
            // JSON first, then the first other media type.
            let chosen = response.content.iter().find(|(k, _)| is_json(k)).or_else(|| response.content.iter().next());
            let Some((media_type, media)) = chosen else { continue };
            let media_at = pointer(&content_at, media_type);
            if redirect && redirect_media.is_none() {
                header_value(media_type, &media_at)?;
                redirect_media = Some(media_type.clone());
            }
            if success && body.is_none() {
                header_value(media_type, &media_at)?;
                if !is_json(media_type) {
                    let kind =
                        if essence(media_type).starts_with("text/") { ResponseBody::Text } else { ResponseBody::Bytes };
                    body = Some((kind, media_type.clone()));
                    continue;
                }
                // A JSON body without a schema is not decoded; a later success response may describe one.
                let Some(schema) = &media.schema else { continue };
                let schema_at = pointer(&media_at, "schema");
                let lowered = self.schema(refd(schema), &schema_at, &format!("{id} Response"), 0)?;
                body = Some((ResponseBody::Json(lowered.ty), media_type.clone()));
            }
            if error && error_media.is_none() {
                header_value(media_type, &media_at)?;
                error_media = Some(media_type.clone());
            }
            // Error bodies that are not JSON are kept as text (`ApiErrorBody::Raw`).
            if error && error_type.is_none() && is_json(media_type) {
                let Some(schema) = &media.schema else { continue };
                let schema_at = pointer(&media_at, "schema");
                error_type = Some(self.schema(refd(schema), &schema_at, &format!("{id} Error"), 0)?.ty);
            }
        }
        let (body, media_type) = match body {
            _ if !any_success && !redirects.is_empty() => (ResponseBody::Redirect, None),
            _ if !any_success => {
                // An operation with no responses at all (OpenAPI 3.1 allows it) is where the problem is written.
                let none = op.responses.responses.is_empty() && op.responses.default.is_none();
                self.degrade(
                    if none { at } else { &responses_at },
                    "the operation documents no success (2xx) or redirect response, so a success's body is returned \
                     as bytes"
                        .to_owned(),
                    "add the response the API returns, for example 200 with its schema or 204 (an overlay can)",
                );
                (ResponseBody::Bytes, None)
            }
            Some((body, media_type)) => (body, Some(media_type)),
            None => (ResponseBody::Empty, None),
        };
        let first = match &body {
            ResponseBody::Redirect => redirect_media.clone(),
            _ => media_type.clone(),
        };
        let accept = match (first, error_media) {
            (Some(first), Some(error)) if essence(&first) != essence(&error) => {
                format!("{first}, {error};q=0.5")
            }
            (Some(first), _) => first,
            (None, Some(error)) => error,
            (None, None) => "application/json".to_owned(),
        };
        Ok((Response { statuses, redirects, body, media_type, accept }, error_type))
    }
}
