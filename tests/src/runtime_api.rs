//! A minimal local Lambda Runtime API (2018-06-01), enough to run a real
//! function binary as Lambda would: it polls `GET …/invocation/next`, gets
//! one queued event, and posts `…/invocation/{id}/response` (or `/error`,
//! or `/runtime/init/error`). The benchmark times a process from its start
//! to its first poll (init) and to its first response.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::JoinHandle;

const PREFIX: &str = "/2018-06-01/runtime";

/// How an invocation ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// `…/response`: the function's answer (for HTTP APIs, the API Gateway
    /// response JSON).
    Response(String),
    /// `…/error`: the function reported an error.
    Error(String),
}

/// A finished invocation: what came back and when.
#[derive(Debug, Clone)]
pub struct Done {
    pub outcome: Outcome,
    pub at: Instant,
}

struct State {
    events: tokio::sync::Mutex<mpsc::UnboundedReceiver<(String, String)>>,
    waiting: Mutex<HashMap<String, oneshot::Sender<Done>>>,
    polls: Mutex<Vec<Instant>>,
    polled: Notify,
    init_error: Mutex<Option<String>>,
}

/// The server; dropping it stops it.
pub struct RuntimeApi {
    pub addr: SocketAddr,
    state: Arc<State>,
    queue: mpsc::UnboundedSender<(String, String)>,
    next_id: AtomicU64,
    server: JoinHandle<()>,
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

type Response = hyper::Response<Full<Bytes>>;

fn reply(status: u16, body: &str) -> Response {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    response
}

async fn route(state: Arc<State>, request: hyper::Request<Incoming>) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let Some(rest) = path.strip_prefix(PREFIX) else {
        return reply(404, "{}");
    };
    if method == http::Method::GET && rest == "/invocation/next" {
        state.polls.lock().map(|mut p| p.push(Instant::now())).ok();
        state.polled.notify_waiters();
        let next = state.events.lock().await.recv().await;
        let Some((id, event)) = next else {
            return reply(410, "{}");
        };
        let deadline = jiff::Timestamp::now().as_millisecond() + 30_000;
        let mut response = reply(200, &event);
        let headers = response.headers_mut();
        for (name, value) in [
            ("lambda-runtime-aws-request-id", id.clone()),
            ("lambda-runtime-deadline-ms", deadline.to_string()),
            (
                "lambda-runtime-invoked-function-arn",
                "arn:aws:lambda:us-east-1:123456789012:function:bench".to_string(),
            ),
            ("lambda-runtime-trace-id", format!("Root=1-bench-{id}")),
            ("content-type", "application/json".to_string()),
        ] {
            if let Ok(v) = http::HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        }
        return response;
    }
    let body = match request.into_body().collect().await {
        Ok(b) => String::from_utf8_lossy(&b.to_bytes()).into_owned(),
        Err(_) => String::new(),
    };
    let at = Instant::now();
    if method == http::Method::POST && rest == "/init/error" {
        state.init_error.lock().map(|mut e| *e = Some(body)).ok();
        state.polled.notify_waiters();
        return reply(202, "{}");
    }
    if method == http::Method::POST
        && let Some(tail) = rest.strip_prefix("/invocation/")
        && let Some((id, kind)) = tail.split_once('/')
    {
        let outcome = match kind {
            "response" => Outcome::Response(body),
            "error" => Outcome::Error(body),
            _ => return reply(404, "{}"),
        };
        let waiter = state.waiting.lock().ok().and_then(|mut w| w.remove(id));
        return match waiter {
            Some(tx) => {
                let _ = tx.send(Done { outcome, at });
                reply(202, "{}")
            }
            None => reply(400, "{\"errorMessage\":\"unknown request id\"}"),
        };
    }
    reply(404, "{}")
}

impl RuntimeApi {
    /// Listens on a free loopback port.
    pub async fn start() -> Result<RuntimeApi, String> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (queue, events) = mpsc::unbounded_channel();
        let state = Arc::new(State {
            events: tokio::sync::Mutex::new(events),
            waiting: Mutex::new(HashMap::new()),
            polls: Mutex::new(Vec::new()),
            polled: Notify::new(),
            init_error: Mutex::new(None),
        });
        let served = Arc::clone(&state);
        let server = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&served);
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(route(state, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(RuntimeApi {
            addr,
            state,
            queue,
            next_id: AtomicU64::new(1),
            server,
        })
    }

    /// The value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Queues one event; the returned receiver gets its outcome.
    pub fn enqueue(&self, event: String) -> oneshot::Receiver<Done> {
        let id = format!("bench-{}", self.next_id.fetch_add(1, Ordering::Relaxed));
        let (tx, rx) = oneshot::channel();
        if let Ok(mut w) = self.state.waiting.lock() {
            w.insert(id.clone(), tx);
        }
        let _ = self.queue.send((id, event));
        rx
    }

    /// Invokes once and waits for the outcome.
    pub async fn invoke(&self, event: String) -> Result<Done, String> {
        self.enqueue(event)
            .await
            .map_err(|_| "the function never answered".to_string())
    }

    /// Waits until the function polls for the `n`-th time (1-based) or
    /// reports an init error; returns when that poll arrived.
    pub async fn wait_poll(&self, n: usize) -> Result<Instant, String> {
        loop {
            let notified = self.state.polled.notified();
            if let Some(error) = self.state.init_error.lock().ok().and_then(|e| e.clone()) {
                return Err(format!("init error: {error}"));
            }
            if let Some(at) = self
                .state
                .polls
                .lock()
                .ok()
                .and_then(|p| p.get(n - 1).copied())
            {
                return Ok(at);
            }
            notified.await;
        }
    }

    /// Forgets the polls seen so far (between two processes).
    pub fn reset(&self) {
        if let Ok(mut p) = self.state.polls.lock() {
            p.clear();
        }
        if let Ok(mut e) = self.state.init_error.lock() {
            *e = None;
        }
    }
}
