//! A fault-injecting proxy between the AWS adapters and the emulator: for a
//! set share of calls it answers a throttling error, a 500, drops the
//! connection, or holds the request past the client's timeout; the other
//! calls go through. No injected call reaches the emulator, so each is a
//! clean failure the adapters must retry or report as a retryable 503.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What the proxy does to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The service's throttling error (DynamoDB `ThrottlingException`,
    /// Cognito `TooManyRequestsException`, SES `TooManyRequestsException`).
    Throttle,
    /// HTTP 500 with the service's internal error.
    ServerError,
    /// The connection closed without an answer.
    Drop,
    /// No answer before the client's timeout.
    Delay,
}

/// Every kind of fault.
pub const ALL: &[Fault] = &[
    Fault::Throttle,
    Fault::ServerError,
    Fault::Drop,
    Fault::Delay,
];

/// The faults that fail at once (no held calls).
pub const QUICK: &[Fault] = &[Fault::Throttle, Fault::ServerError, Fault::Drop];

/// Counts of injected faults by kind, and calls passed through.
#[derive(Debug, Default)]
pub struct FaultCounts {
    pub passed: AtomicU64,
    pub injected: [AtomicU64; 4],
}

impl FaultCounts {
    pub fn injected_total(&self) -> u64 {
        self.injected
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .sum()
    }
}

pub struct FaultProxy {
    pub url: String,
    pub counts: Arc<FaultCounts>,
    enabled: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Plan {
    upstream: String,
    /// One call in `every` gets a fault (kinds in turn).
    every: u64,
    /// How long a delayed call is held (past the client's attempt timeout).
    hold: Duration,
    kinds: &'static [Fault],
    seq: AtomicU64,
    counts: Arc<FaultCounts>,
    enabled: Arc<AtomicBool>,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` injecting a fault into one call in
    /// `every`, the `kinds` in turn, holding delayed calls for `hold`.
    pub async fn start(
        upstream: &str,
        every: u64,
        kinds: &'static [Fault],
        hold: Duration,
    ) -> FaultProxy {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("proxy listens");
        let addr = listener.local_addr().expect("proxy address");
        let counts = Arc::new(FaultCounts::default());
        let enabled = Arc::new(AtomicBool::new(true));
        let plan = Arc::new(Plan {
            upstream: upstream.trim_end_matches('/').to_string(),
            every: every.max(1),
            hold,
            kinds,
            seq: AtomicU64::new(0),
            counts: counts.clone(),
            enabled: enabled.clone(),
            client: Client::builder(TokioExecutor::new()).build(HttpConnector::new()),
        });
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let plan = plan.clone();
                tokio::spawn(async move {
                    let (fault, io) = (next_fault(&plan), TokioIo::new(stream));
                    if fault == Some(Fault::Drop) {
                        // Read nothing, answer nothing: the connection dies.
                        plan.counts.injected[2].fetch_add(1, Ordering::Relaxed);
                        drop(io);
                        return;
                    }
                    let service = service_fn(move |request| {
                        let plan = plan.clone();
                        async move { Ok::<_, Infallible>(answer(&plan, fault, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(false)
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
        FaultProxy {
            url: format!("http://{addr}"),
            counts,
            enabled,
            task,
        }
    }

    /// Stops (or resumes) injecting faults; calls still go through.
    pub fn set_enabled(&self, on: bool) {
        self.enabled.store(on, Ordering::SeqCst);
    }
}

fn next_fault(plan: &Plan) -> Option<Fault> {
    if !plan.enabled.load(Ordering::SeqCst) {
        return None;
    }
    let n = plan.seq.fetch_add(1, Ordering::Relaxed);
    (n % plan.every == plan.every - 1 && !plan.kinds.is_empty())
        .then(|| plan.kinds[((n / plan.every) % plan.kinds.len() as u64) as usize])
}

type Response = hyper::Response<Full<Bytes>>;

/// Which service a call is for: DynamoDB and Cognito by `x-amz-target`,
/// SES v2 by its REST path.
fn service(request: &hyper::Request<Incoming>) -> &'static str {
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if target.starts_with("DynamoDB") {
        "dynamodb"
    } else if target.starts_with("AWSCognitoIdentityProviderService") {
        "cognito"
    } else {
        "ses"
    }
}

fn error(status: u16, kind: &str, json_protocol: bool) -> Response {
    let body = if json_protocol {
        format!(r#"{{"__type":"{kind}","message":"injected fault"}}"#)
    } else {
        r#"{"message":"injected fault"}"#.to_string()
    };
    let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    if let Ok(value) = http::HeaderValue::from_str(kind.rsplit('#').next().unwrap_or(kind)) {
        headers.insert("x-amzn-errortype", value);
    }
    response
}

async fn answer(plan: &Plan, fault: Option<Fault>, request: hyper::Request<Incoming>) -> Response {
    let service = service(&request);
    match fault {
        Some(Fault::Throttle) => {
            plan.counts.injected[0].fetch_add(1, Ordering::Relaxed);
            return match service {
                "dynamodb" => error(
                    400,
                    "com.amazonaws.dynamodb.v20120810#ThrottlingException",
                    true,
                ),
                "cognito" => error(429, "TooManyRequestsException", true),
                _ => error(429, "TooManyRequestsException", false),
            };
        }
        Some(Fault::ServerError) => {
            plan.counts.injected[1].fetch_add(1, Ordering::Relaxed);
            return match service {
                "dynamodb" => error(
                    500,
                    "com.amazonaws.dynamodb.v20120810#InternalServerError",
                    true,
                ),
                "cognito" => error(500, "InternalErrorException", true),
                _ => error(500, "InternalFailure", false),
            };
        }
        Some(Fault::Delay) => {
            plan.counts.injected[3].fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(plan.hold).await;
            return error(503, "ServiceUnavailable", service != "ses");
        }
        Some(Fault::Drop) | None => {}
    }
    plan.counts.passed.fetch_add(1, Ordering::Relaxed);
    match forward(plan, request).await {
        Ok(response) => response,
        Err(e) => error(502, &format!("ProxyError {e}"), true),
    }
}

async fn forward(plan: &Plan, request: hyper::Request<Incoming>) -> Result<Response, String> {
    let (parts, body) = request.into_parts();
    let bytes = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut builder = http::Request::builder()
        .method(parts.method.clone())
        .uri(format!("{}{path}", plan.upstream));
    for (name, value) in &parts.headers {
        if name != http::header::HOST {
            builder = builder.header(name, value);
        }
    }
    let upstream = builder.body(Full::new(bytes)).map_err(|e| e.to_string())?;
    let response = plan
        .client
        .request(upstream)
        .await
        .map_err(|e| e.to_string())?;
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok(hyper::Response::from_parts(parts, Full::new(bytes)))
}
