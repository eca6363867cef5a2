//! The local runner's HTTP server: every route of `infra/template.yaml`,
//! served in-process through the same handler the Lambdas run, plus the
//! OpenAPI document, the outbox page, and the built browser portal
//! (`portal/dist`) on the same origin: its files, and `index.html` for any
//! other GET that is not an API route (the portal's own paths such as
//! `/activate`, `/reset`, `/register/confirm`). Without a built portal, a
//! minimal activation page stands in.

use crate::emulator::SentEmail;
use crate::template::{Route, Template, TemplateError};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use lambda_http::RequestExt;
use sesame::adapters::calls::CallCounter;
use sesame::domain::locale::Locale;
use sesame::http::{MAX_BODY_BYTES, problem_response};
use sesame::operations::{Context, OpError, OperationSpec, registry};
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::net::TcpListener;

/// A route of the template bound to its operation.
pub struct Bound {
    pub route: Route,
    pub spec: &'static OperationSpec,
}

/// Binds every template route to the operation of the same function; fails
/// on any route without an operation, or operation without a route.
pub fn bind_routes(template: &Template) -> Result<Vec<Bound>, String> {
    let routes = template
        .routes()
        .map_err(|e: TemplateError| e.to_string())?;
    let mut bound = Vec::new();
    for route in routes {
        let spec = registry()
            .iter()
            .find(|s| s.function_name() == route.function)
            .ok_or_else(|| format!("template function {} has no operation", route.function))?;
        bound.push(Bound { route, spec });
    }
    for spec in registry() {
        if !bound.iter().any(|b| b.spec.id == spec.id) {
            return Err(format!(
                "operation {} has no route in the template",
                spec.id
            ));
        }
    }
    Ok(bound)
}

/// Matches a path against a template like `/orgs/{org_id}/users`.
pub fn match_path(template: &str, path: &str) -> Option<HashMap<String, String>> {
    let want: Vec<&str> = template.trim_matches('/').split('/').collect();
    let got: Vec<&str> = path.trim_matches('/').split('/').collect();
    if want.len() != got.len() {
        return None;
    }
    let mut params = HashMap::new();
    for (w, g) in want.iter().zip(got) {
        match w.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            Some(name) if !g.is_empty() => {
                params.insert(name.to_string(), g.to_string());
            }
            Some(_) => return None,
            None if *w == g => {}
            None => return None,
        }
    }
    Some(params)
}

/// What the server needs.
pub struct App {
    pub ctx: Context,
    pub routes: Vec<Bound>,
    /// The emulator, for the outbox page.
    pub emulator_url: Option<String>,
    pub requests: AtomicU64,
    /// The outbox sender's context (the runner's stand-in for the
    /// stream-triggered `send_outbox` function): after each change the due
    /// emails are delivered before the answer, so a caller finds them sent.
    pub outbox: Option<Context>,
    /// The built portal (`portal/dist`), when there is one.
    pub portal: Option<PathBuf>,
    /// The SDK call counter of `ctx`'s adapters: each request's calls are
    /// attributed to the operation that served it.
    pub calls: Option<CallCounter>,
}

/// Where the built portal is: `SESAME_PORTAL_DIR`, else `portal/dist` of
/// this repository; `None` when it has not been built.
pub fn portal_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SESAME_PORTAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../portal/dist"));
    dir.join("index.html").is_file().then_some(dir)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The portal's security headers (the same as the CloudFront response
/// headers policy in the template).
pub const PORTAL_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// The portal's own paths, answered with its `index.html`: the root and the
/// pages the emails link to (the rest of the portal lives in the URL's
/// fragment, so any other unknown path stays a 404).
pub const PORTAL_PAGES: &[&str] = &[
    "/",
    "/activate",
    "/reset",
    "/register/confirm",
    "/confirm-email",
    "/verify-email",
];

/// A file of the built portal, or its `index.html` for one of its own pages.
pub async fn portal_file(dir: &Path, path: &str) -> Option<Response> {
    portal_file_for(dir, path, None, None).await
}

/// The compressed copy of `file` the browser accepts (`Accept-Encoding`),
/// as the portal's build wrote it beside (`.br`, `.gz`), and its encoding:
/// compressed as CloudFront serves it.
fn encoded(file: &Path, accept_encoding: Option<&str>) -> Option<(PathBuf, &'static str)> {
    let accepted: Vec<&str> = accept_encoding?
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let coding = it.next()?.trim();
            // `;q=0` refuses the coding.
            let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (!refused).then_some(coding)
        })
        .collect();
    [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(coding, _)| accepted.contains(coding))
        .map(|(coding, ext)| {
            let mut name = file.as_os_str().to_owned();
            name.push(format!(".{ext}"));
            (PathBuf::from(name), coding)
        })
        .find(|(path, _)| path.is_file())
}

/// The portal's Content-Security-Policy, letting the browser also reach the
/// files bucket (`files_origin`: receipts and documents go up and down
/// through presigned URLs straight to it, as CloudFront's policy allows the
/// bucket's origin).
pub fn portal_csp(files_origin: Option<&str>) -> String {
    match files_origin {
        Some(origin) => PORTAL_CSP.replace(
            "connect-src 'self'",
            &format!("connect-src 'self' {origin}"),
        ),
        None => PORTAL_CSP.to_string(),
    }
}

/// [`portal_file`] with the files bucket's origin in the CSP's `connect-src`.
pub async fn portal_file_for(
    dir: &Path,
    path: &str,
    files_origin: Option<&str>,
    accept_encoding: Option<&str>,
) -> Option<Response> {
    let relative = path.trim_start_matches('/');
    let page = path == "/" || PORTAL_PAGES.contains(&path.trim_end_matches('/'));
    let safe = relative
        .split('/')
        .all(|seg| !seg.is_empty() && seg != ".." && seg != "." && !seg.contains('\\'));
    let file = if page {
        dir.join("index.html")
    } else if safe && dir.join(relative).is_file() {
        dir.join(relative)
    } else {
        // A missing file or an unknown path is a 404, not the application.
        return None;
    };
    let compressed = encoded(&file, accept_encoding);
    let read = compressed.as_ref().map_or(file.as_path(), |(path, _)| path);
    let bytes = tokio::fs::read(read).await.ok()?;
    let mut response = hyper::Response::new(Full::new(Bytes::from(bytes)));
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(content_type(&file)),
    );
    headers.insert(
        http::header::VARY,
        http::HeaderValue::from_static("accept-encoding"),
    );
    if let Some((_, coding)) = compressed {
        headers.insert(
            http::header::CONTENT_ENCODING,
            http::HeaderValue::from_static(coding),
        );
    }
    let immutable =
        relative.starts_with("assets/") && file.file_name() != Some("index.html".as_ref());
    headers.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static(if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    headers.insert(
        "content-security-policy",
        http::HeaderValue::from_str(&portal_csp(files_origin)).ok()?,
    );
    headers.insert(
        "x-content-type-options",
        http::HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        "referrer-policy",
        http::HeaderValue::from_static("no-referrer"),
    );
    Some(response)
}

pub type Response = hyper::Response<Full<Bytes>>;

/// The runner's own pages (index, outbox, activation form, OpenAPI):
/// nosniff, never cached (the outbox shows people's emails), no referrer,
/// never framed. The activation form has an inline script, so its policy
/// stops at `frame-ancestors` and `base-uri`.
fn text(status: u16, content_type: &str, body: String) -> Response {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    let headers = response.headers_mut();
    if let Ok(v) = http::HeaderValue::from_str(content_type) {
        headers.insert(http::header::CONTENT_TYPE, v);
    }
    for (name, value) in [
        (http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (http::header::CACHE_CONTROL, "no-store"),
        (
            http::header::CONTENT_SECURITY_POLICY,
            "frame-ancestors 'none'; base-uri 'none'",
        ),
        (http::header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, http::HeaderValue::from_static(value));
    }
    response
}

fn from_lambda(response: lambda_http::Response<lambda_http::Body>) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = match body {
        lambda_http::Body::Text(t) => Bytes::from(t),
        lambda_http::Body::Binary(b) => Bytes::from(b),
        _ => Bytes::new(),
    };
    hyper::Response::from_parts(parts, Full::new(bytes))
}

fn problem(error: &OpError, headers: &http::HeaderMap) -> Response {
    let locale =
        Locale::from_accept_language(headers.get("accept-language").and_then(|v| v.to_str().ok()));
    from_lambda(problem_response(error, locale))
}

async fn outbox(app: &App) -> Result<Vec<SentEmail>, String> {
    match &app.emulator_url {
        Some(url) => crate::emulator::Emulator::at(url).sent_emails().await,
        None => Ok(Vec::new()),
    }
}

fn escape(s: &str) -> String {
    sesame::domain::emails::escape_html(s)
}

async fn outbox_page(app: &App) -> Response {
    let emails = match outbox(app).await {
        Ok(e) => e,
        Err(e) => return text(502, "text/plain; charset=utf-8", e),
    };
    let mut html = String::from(
        "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Sésame — courriels envoyés</title><body style=\"font-family:sans-serif\"><h1>Courriels envoyés (SES local)</h1>",
    );
    // The codes Cognito texts and the offers sent by SNS (SMS), newest
    // first: what a person reads on her phone.
    let texts = match &app.emulator_url {
        Some(url) => crate::emulator::Emulator::at(url)
            .sent_texts()
            .await
            .unwrap_or_default(),
        None => Vec::new(),
    };
    if !texts.is_empty() {
        html.push_str("<h2>Textos envoyés (SMS)</h2><ul id=\"texts\">");
        for sent in texts.iter().rev() {
            html.push_str(&format!(
                "<li data-to=\"{}\"><b>{}</b> : {}</li>",
                escape(&sent.to),
                escape(&sent.to),
                escape(&sent.message)
            ));
        }
        html.push_str("</ul><h2>Courriels</h2>");
    }
    if emails.is_empty() {
        html.push_str("<p>Aucun courriel pour l'instant.</p>");
    }
    for email in emails.iter().rev() {
        html.push_str(&format!(
            "<section style=\"border:1px solid #ccc;margin:1em 0;padding:1em\"><p><b>À :</b> {}<br><b>Objet :</b> {}</p><div>{}</div></section>",
            escape(&email.to.join(", ")),
            escape(&email.subject),
            email.body
        ));
    }
    html.push_str("</body></html>");
    text(200, "text/html; charset=utf-8", html)
}

const ACTIVATE_PAGE: &str = r#"<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Activer mon compte — Sésame</title>
<body style="font-family:sans-serif;max-width:30em;margin:2em auto">
<h1>Activer mon compte</h1>
<form id="f"><p><label for="p">Mot de passe</label><br><input id="p" type="password" autocomplete="new-password" required></p>
<p><label for="c">Confirmer le mot de passe</label><br><input id="c" type="password" autocomplete="new-password" required></p>
<p><button id="b">Activer</button></p><p id="m" role="status"></p></form>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
document.getElementById('f').onsubmit = async (e) => {
  e.preventDefault(); const b = document.getElementById('b'); b.disabled = true;
  const r = await fetch('/activation', {method: 'POST', headers: {'content-type': 'application/json'},
    body: JSON.stringify({token, password: p.value, password_confirmation: c.value})});
  const j = await r.json(); b.disabled = false;
  document.getElementById('m').textContent = r.ok ? 'Compte activé : connectez-vous avec ' + j.email : (j.detail || j.title);
};
</script></body></html>"#;

fn index_page(app: &App) -> Response {
    let mut rows = String::new();
    for b in &app.routes {
        rows.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            b.route.method,
            escape(&b.route.path),
            escape(b.spec.summary)
        ));
    }
    text(
        200,
        "text/html; charset=utf-8",
        format!(
            "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Sésame (local)</title><body style=\"font-family:sans-serif\"><h1>Sésame — API locale</h1><p><a href=\"/openapi.json\">/openapi.json</a> · <a href=\"/_outbox\">courriels envoyés</a></p><table border=1 cellpadding=4>{rows}</table></body></html>"
        ),
    )
}

async fn route(app: Arc<App>, request: hyper::Request<Incoming>) -> Response {
    let n = app.requests.fetch_add(1, Ordering::Relaxed);
    let method = request.method().as_str().to_string();
    let path = request.uri().path().to_string();
    match (method.as_str(), path.as_str()) {
        ("GET", "/") if app.portal.is_none() => return index_page(&app),
        ("GET", "/_routes") => return index_page(&app),
        ("GET", "/openapi.json") => {
            let doc = serde_json::to_string_pretty(&sesame::http::openapi::document())
                .unwrap_or_default();
            return text(200, "application/json", doc);
        }
        ("GET", "/_outbox") => return outbox_page(&app).await,
        ("GET", "/activate") if app.portal.is_none() => {
            return text(200, "text/html; charset=utf-8", ACTIVATE_PAGE.into());
        }
        _ => {}
    }
    let mut allowed: Vec<&str> = Vec::new();
    let found = app.routes.iter().find_map(|b| {
        let params = match_path(&b.route.path, &path)?;
        allowed.push(b.route.method.as_str());
        (b.route.method == method).then_some((b.spec, params))
    });
    let Some((spec, params)) = found else {
        if allowed.is_empty() {
            if method == "GET"
                && let Some(dir) = &app.portal
                && let Some(response) = portal_file_for(
                    dir,
                    &path,
                    app.emulator_url.as_deref(),
                    request
                        .headers()
                        .get(http::header::ACCEPT_ENCODING)
                        .and_then(|v| v.to_str().ok()),
                )
                .await
            {
                return response;
            }
            return problem(&OpError::NotFound, request.headers());
        }
        // The path exists with other methods: 405 and the Allow header
        // (RFC 9110 §15.5.6), as a problem whose status says 405 too.
        let mut response = problem(&OpError::MethodNotAllowed, request.headers());
        allowed.sort_unstable();
        allowed.dedup();
        if let Ok(v) = http::HeaderValue::from_str(&allowed.join(", ")) {
            response.headers_mut().insert(http::header::ALLOW, v);
        }
        return response;
    };
    let (parts, body) = request.into_parts();
    // Read at most one byte past the limit: the handler then answers 413.
    let bytes = match Limited::new(body, MAX_BODY_BYTES + 1).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return problem(&OpError::PayloadTooLarge, &parts.headers),
    };
    let mut lambda_request = http::Request::from_parts(
        parts,
        if bytes.is_empty() {
            lambda_http::Body::Empty
        } else {
            lambda_http::Body::Binary(bytes.to_vec())
        },
    );
    if !lambda_request.headers().contains_key("x-request-id")
        && let Ok(v) = http::HeaderValue::from_str(&format!("local-{n}"))
    {
        lambda_request.headers_mut().insert("x-request-id", v);
    }
    let query: HashMap<String, Vec<String>> = lambda_request
        .uri()
        .query()
        .map(|q| {
            let mut map: HashMap<String, Vec<String>> = HashMap::new();
            for (k, v) in form_urlencoded::parse(q.as_bytes()) {
                map.entry(k.into_owned()).or_default().push(v.into_owned());
            }
            map
        })
        .unwrap_or_default();
    let lambda_request = lambda_request
        .with_path_parameters(params)
        .with_query_string_parameters(query);
    // Exactly the adapters the operation's Lambda is built with.
    let ctx = sesame::compose::restrict(&app.ctx, sesame::compose::ports(spec));
    // Requests replayable by an Idempotency-Key are counted apart: the key's
    // claim and stored answer are calls of their own (see `budget`).
    let counted_as = if spec.creates() && lambda_request.headers().contains_key("idempotency-key") {
        format!("{}{}", spec.id, crate::budget::WITH_KEY)
    } else {
        spec.id.to_string()
    };
    let response = sesame::http::handle(&ctx, spec, lambda_request);
    let response = match &app.calls {
        Some(calls) => calls.attribute(&counted_as, response).await.0,
        None => response.await,
    };
    // Emails go out before the answer (as the stream-triggered sender
    // would, right after); the work of public requests (intakes) is done
    // after it, so that their time never tells what that work finds.
    if method != "GET"
        && let Some(sender) = &app.outbox
    {
        match sesame::operations::outbox::drain_emails(sender).await {
            Ok(sweep) if sweep.deferred > 0 => {
                let sender = sender.clone();
                tokio::spawn(async move {
                    if let Err(error) = sesame::operations::outbox::drain(&sender).await {
                        tracing::warn!(%error, "outbox sweep failed; the poller retries");
                    }
                });
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "outbox sweep failed; the poller retries"),
        }
    }
    from_lambda(response)
}

/// Serves until the listener's task is dropped.
pub async fn serve(listener: TcpListener, app: Arc<App>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let app = Arc::clone(&app);
                async move { Ok::<_, Infallible>(route(app, request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
