//! API Gateway (HTTP API, payload v2) glue: the caller from a verified
//! token, JSON in and out, errors as problem+json. The same [`handle`] runs
//! in each Lambda and in the local runner.

pub mod lambda;
pub mod openapi;
pub mod problem;

use crate::domain::errors::{FieldCode, ValidationErrors};
use crate::domain::locale::Locale;
use crate::operations::{Access, Context, OpError, OperationSpec, Output, Request, execute};
use lambda_http::{Body, RequestExt};
use std::collections::BTreeMap;
use std::time::Instant;
use tracing::Instrument;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub type HttpRequest = lambda_http::Request;
pub type HttpResponse = lambda_http::Response<Body>;

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

fn is_json(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else { return false };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn bearer(request: &HttpRequest) -> Option<&str> {
    let value = header(request, "authorization")?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

fn body_bytes(body: &Body) -> &[u8] {
    match body {
        Body::Empty => &[],
        Body::Text(text) => text.as_bytes(),
        Body::Binary(bytes) => bytes,
        _ => &[],
    }
}

/// A JSON response.
pub fn json_response(status: u16, body: &serde_json::Value, content_type: &str) -> HttpResponse {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".into());
    let mut response = lambda_http::Response::new(Body::Text(text));
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_str(content_type)
            .unwrap_or(http::HeaderValue::from_static("application/json")),
    );
    security_headers(headers);
    response
}

/// The security headers of every API answer (success, CSV export or
/// problem), set here, where every answer is made:
/// - `X-Content-Type-Options: nosniff`: the browser keeps the declared type;
/// - `Cache-Control: no-store`: API answers carry personal data (every
///   authenticated answer, every problem); the rule is simply every API
///   answer, public ones included;
/// - `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`:
///   an answer opened as a document runs nothing and frames nowhere;
/// - `Referrer-Policy: no-referrer`.
pub fn security_headers(headers: &mut http::HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name.clone(), http::HeaderValue::from_static(value));
    }
}

/// The headers [`security_headers`] sets.
pub const SECURITY_HEADERS: &[(http::header::HeaderName, &str)] = &[
    (http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (http::header::CACHE_CONTROL, "no-store"),
    (
        http::header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; frame-ancestors 'none'",
    ),
    (http::header::REFERRER_POLICY, "no-referrer"),
];

/// The problem+json response of an error.
pub fn problem_response(error: &OpError, locale: Locale) -> HttpResponse {
    let (status, body) = problem::render(error, locale);
    let mut response = json_response(status, &body, problem::CONTENT_TYPE);
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_LANGUAGE,
        http::HeaderValue::from_static(locale.pick("fr", "en")),
    );
    if status == 401 {
        headers.insert(
            http::header::WWW_AUTHENTICATE,
            http::HeaderValue::from_static("Bearer"),
        );
    }
    let retry_after = match status {
        503 => Some("1"),
        409 if matches!(error, OpError::RequestInProgress) => Some("1"),
        429 => Some("900"),
        _ => None,
    };
    if let Some(seconds) = retry_after {
        headers.insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static(seconds),
        );
    }
    response
}

async fn prepare(
    ctx: &Context,
    spec: &OperationSpec,
    request: &HttpRequest,
    locale: Locale,
) -> Result<Request, OpError> {
    let body = body_bytes(request.body());
    if body.len() > MAX_BODY_BYTES {
        return Err(OpError::PayloadTooLarge);
    }
    if spec.request.is_some() && !body.is_empty() && !is_json(header(request, "content-type")) {
        return Err(OpError::UnsupportedMediaType);
    }
    let principal = match (spec.access, bearer(request)) {
        (Access::Public, _) => None,
        (_, None) => return Err(OpError::Unauthenticated),
        (_, Some(token)) => Some(crate::operations::verify_caller(ctx, token).await?),
    };
    let params: BTreeMap<String, String> = request
        .path_parameters_ref()
        .map(|map| {
            map.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default();
    let mut query: BTreeMap<String, String> = BTreeMap::new();
    if let Some(map) = request.query_string_parameters_ref() {
        for (k, v) in map.iter() {
            query.entry(k.to_string()).or_insert_with(|| v.to_string());
        }
    }
    let bearer = match principal {
        Some(_) => bearer(request).map(str::to_string),
        None => None,
    };
    Ok(Request {
        params,
        query,
        body: body.to_vec(),
        locale,
        principal,
        account_id: None,
        member: None,
        idempotency_key: idempotency_key(request)?,
        cookies: cookies(request),
        bearer,
    })
}

/// The request's cookies by name (every `Cookie` header; API Gateway hands
/// them in joined by `; `), the first of each name kept.
fn cookies(request: &HttpRequest) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for value in request.headers().get_all(http::header::COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            if let Some((name, value)) = pair.split_once('=') {
                out.entry(name.trim().to_string())
                    .or_insert_with(|| value.trim().to_string());
            }
        }
    }
    out
}

/// The `Idempotency-Key` header: 1 to 100 visible ASCII characters.
fn idempotency_key(request: &HttpRequest) -> Result<Option<String>, OpError> {
    let Some(value) = request.headers().get("idempotency-key") else {
        return Ok(None);
    };
    match value.to_str().map(str::trim) {
        Ok(key) if !key.is_empty() && key.len() <= 100 => Ok(Some(key.to_string())),
        _ => {
            let mut errors = ValidationErrors::default();
            errors.push("Idempotency-Key", FieldCode::InvalidValue);
            Err(errors.into())
        }
    }
}

/// Whether a request came through CloudFront, when the API is configured
/// to require it: the origin header equals the secret (compared as
/// SHA-256 digests, so the comparison's time says nothing of the secret).
fn through_edge(ctx: &Context, request: &HttpRequest) -> Result<(), OpError> {
    use sha2::{Digest, Sha256};
    let Some(secret) = ctx.settings.origin_secret.as_deref() else {
        return Ok(());
    };
    let given = header(request, crate::config::ORIGIN_HEADER).unwrap_or_default();
    if Sha256::digest(given.as_bytes()) == Sha256::digest(secret.as_bytes()) {
        Ok(())
    } else {
        Err(OpError::NotThroughEdge)
    }
}

/// Handles one HTTP request for one operation.
pub async fn handle(ctx: &Context, spec: &OperationSpec, request: HttpRequest) -> HttpResponse {
    let started = Instant::now();
    let locale = Locale::from_accept_language(header(&request, "accept-language"));
    let request_id = request
        .lambda_context_ref()
        .map(|c| c.request_id.clone())
        .or_else(|| header(&request, "x-request-id").map(str::to_string))
        .unwrap_or_default();
    let span = tracing::info_span!("request", request_id = %request_id, operation = spec.id);
    async move {
        let outcome = match through_edge(ctx, &request) {
            Err(error) => Err(error),
            Ok(()) => match prepare(ctx, spec, &request, locale).await {
                Ok(prepared) => execute(ctx, spec, prepared).await,
                Err(error) => Err(error),
            },
        };
        let response = match outcome {
            Ok(Output {
                status,
                text: Some((content_type, text)),
                ..
            }) => {
                let mut response = json_response(status, &serde_json::Value::Null, content_type);
                *response.body_mut() = Body::Text(text);
                response
            }
            Ok(output) => {
                let mut response = json_response(output.status, &output.body, "application/json");
                for cookie in &output.cookies {
                    if let Ok(value) = http::HeaderValue::from_str(cookie) {
                        response
                            .headers_mut()
                            .append(http::header::SET_COOKIE, value);
                    }
                }
                response
            }
            Err(error) => {
                match &error {
                    OpError::Internal(m) => tracing::error!(error = %m, "internal error"),
                    OpError::Unavailable(m) => tracing::warn!(error = %m, "dependency unavailable"),
                    _ => {}
                }
                problem_response(&error, locale)
            }
        };
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "request done"
        );
        response
    }
    .instrument(span)
    .await
}
