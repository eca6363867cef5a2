//! The local runner's HTTP server: every route of `infra/template.yaml`,
//! served in-process through the same handler the Lambdas run, plus the
//! OpenAPI document, the outbox page and a minimal activation page.

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
    /// The SDK call counter of `ctx`'s adapters: each request's calls are
    /// attributed to the operation that served it.
    pub calls: Option<CallCounter>,
}

type Response = hyper::Response<Full<Bytes>>;

fn text(status: u16, content_type: &str, body: String) -> Response {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    if let Ok(v) = http::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(http::header::CONTENT_TYPE, v);
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
        ("GET", "/") => return index_page(&app),
        ("GET", "/openapi.json") => {
            let doc = serde_json::to_string_pretty(&sesame::http::openapi::document())
                .unwrap_or_default();
            return text(200, "application/json", doc);
        }
        ("GET", "/_outbox") => return outbox_page(&app).await,
        ("GET", "/activate") => return text(200, "text/html; charset=utf-8", ACTIVATE_PAGE.into()),
        _ => {}
    }
    let mut path_matched = false;
    let found = app.routes.iter().find_map(|b| {
        let params = match_path(&b.route.path, &path)?;
        path_matched = true;
        (b.route.method == method).then_some((b.spec, params))
    });
    let Some((spec, params)) = found else {
        let mut response = problem(&OpError::NotFound, request.headers());
        if path_matched {
            *response.status_mut() = http::StatusCode::METHOD_NOT_ALLOWED;
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
    let ctx = sesame::adapters::aws::restrict(&app.ctx, sesame::adapters::aws::ports(spec));
    let response = sesame::http::handle(&ctx, spec, lambda_request);
    let response = match &app.calls {
        Some(calls) => calls.attribute(spec.id, response).await.0,
        None => response.await,
    };
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
