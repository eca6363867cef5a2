//! `sesame-bench`: cold start, warm cost, AWS calls, binary size, memory
//! and scale, measured side by side in one run (see the README's
//! Performance section and `scripts/bench.sh`).

use crate::budget;
use crate::client;
use crate::runtime_api::{Outcome, RuntimeApi};
use crate::samples::{
    MANAGER_SESSION, OPERATOR_SESSION, event_text, expectation, memory_fixture, reset_sample,
};
use crate::seed::{DEMO_ESTABLISHMENTS, DEMO_OPERATOR_EMAIL, DEMO_PASSWORD, seed, seed_members};
use crate::stack::LocalRun;
use crate::template::Template;
use serde_json::{Value, json};
use sesame::adapters::calls::OperationCalls;
use sesame::domain::people::membership::MembershipStatus;
use sesame::operations::{OperationSpec, registry};
use sesame::ports::SessionVerifier;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// What to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// `<bins>/<function>/bootstrap` (cargo lambda's layout).
    pub bins: PathBuf,
    /// Earlier builds to compare with: `<baseline>/<function>` files.
    pub baseline: Option<PathBuf>,
    /// Only these functions (all with a binary when empty).
    pub only: Vec<String>,
    pub repeats: usize,
    pub memory_functions: Vec<String>,
    pub invocations: usize,
    pub warm_iterations: usize,
    pub scale: Vec<usize>,
    /// JSON lines of calls per operation written by the integration tests
    /// (`SESAME_CALLS_REPORT`).
    pub calls_report: Option<PathBuf>,
    pub out: PathBuf,
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The CPU time (user + system) a process has used, from `/proc/<pid>/stat`.
fn process_cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Linux reports in clock ticks of 1/100 s on every usual configuration.
    Some(Duration::from_millis(ticks * 10))
}

/// The CPU time this thread has used (Linux `schedstat`), for warm costs.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// `VmHWM` and `VmRSS` of a process, in KiB.
fn memory_of(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse::<u64>()
            .ok()
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// The environment Lambda would give `function` (template variables, the
/// runtime's own, fake credentials), pointed at the local stack.
fn lambda_env(run: &LocalRun, template: &Template, logical_id: &str) -> BTreeMap<String, String> {
    let s = &run.stack.settings;
    let resolve = |name: &str| -> Option<String> {
        Some(match name {
            "Table" => s.table.clone(),
            "UserPool" => s.user_pool_id.clone(),
            "UserPoolClient" => s.client_id.clone(),
            "SenderEmail" => s.sender.clone(),
            "PortalUrl" => run.base_url.clone(),
            "FilesBucket" => s.bucket.clone(),
            "BankDetailsKeyArn" => s.bank_details_key.clone()?,
            // The bench sends its events to the function itself, not
            // through CloudFront: the origin check is off (empty).
            "SESAME_ORIGIN_SECRET" => String::new(),
            _ => return None,
        })
    };
    // A variable the bench cannot resolve would start every function
    // without its environment: refuse loudly instead.
    let mut env = template
        .environment(logical_id, &resolve)
        .unwrap_or_else(|e| panic!("{logical_id}'s environment: {e}"));
    // The log level the template defaults to, unless the runner says.
    env.entry("RUST_LOG".into())
        .or_insert_with(|| "info".into());
    for (k, v) in [
        ("AWS_LAMBDA_FUNCTION_NAME", logical_id.to_string()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128".into()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME",
            format!("/aws/lambda/{logical_id}"),
        ),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "bench".into()),
        ("AWS_REGION", s.region.clone()),
        ("AWS_DEFAULT_REGION", s.region.clone()),
        ("AWS_ACCESS_KEY_ID", "local".into()),
        ("AWS_SECRET_ACCESS_KEY", "local".into()),
        ("AWS_SESSION_TOKEN", "local".into()),
        ("TZ", ":UTC".into()),
        ("LANG", "en_US.UTF-8".into()),
        // Local only: the emulator, and where it publishes the pool's keys.
        (
            "SESAME_AWS_ENDPOINT",
            s.endpoint.clone().unwrap_or_default(),
        ),
        ("SESAME_TOKEN_ISSUER", s.issuer.clone()),
        ("SESAME_JWKS_URL", s.jwks_url.clone()),
    ] {
        env.insert(k.into(), v);
    }
    env
}

/// One cold start: process start → first poll (init) → first response.
#[derive(Debug, Clone)]
struct Cold {
    init_ms: f64,
    first_ms: f64,
    /// Time the emulator spent serving requests meanwhile (moto's own
    /// processing, measured inside the emulator; its HTTP parsing is not
    /// counted, so the function's own time below is an upper bound).
    emulator_ms: f64,
    status: Option<u16>,
}

/// Seconds the emulator has spent inside moto so far (`GET /sesame/busy`).
async fn emulator_busy(emulator: &str) -> Result<f64, String> {
    let reply = client::send("GET", &format!("{emulator}/sesame/busy"), &[], None).await?;
    if reply.status != 200 {
        return Err(format!("emulator busy: {}", reply.status));
    }
    reply.json()["seconds"]
        .as_f64()
        .ok_or_else(|| format!("emulator busy: {}", reply.body))
}

async fn cold_start(
    bin: &Path,
    env: &BTreeMap<String, String>,
    event: &str,
    emulator: &str,
) -> Result<Cold, String> {
    let busy_before = emulator_busy(emulator).await?;
    let api = RuntimeApi::start().await?;
    let answer = api.enqueue(event.to_string());
    let mut command = tokio::process::Command::new(bin);
    // What the function logs goes next to its binary, to see why one fails.
    let log = std::fs::File::create(bin.with_extension("log"))
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null());
    command
        .env_clear()
        .envs(env)
        .env("AWS_LAMBDA_RUNTIME_API", api.host())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .kill_on_drop(true);
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let polled = tokio::time::timeout(Duration::from_secs(60), api.wait_poll(1))
        .await
        .map_err(|_| "no poll within 60 s".to_string())??;
    let done = tokio::time::timeout(Duration::from_secs(120), answer)
        .await
        .map_err(|_| "no answer within 120 s".to_string())?
        .map_err(|_| "the function never answered".to_string())?;
    let busy_after = emulator_busy(emulator).await?;
    let _ = child.kill().await;
    let status = match &done.outcome {
        Outcome::Response(body) => serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v["statusCode"].as_u64())
            .map(|s| s as u16),
        Outcome::Error(_) => None,
    };
    Ok(Cold {
        init_ms: ms(polled - started),
        first_ms: ms(done.at - started),
        emulator_ms: (busy_after - busy_before) * 1000.0,
        status,
    })
}

/// `VmHWM` after `invocations` requests, and `VmRSS` at 100 and at the end.
async fn memory_run(
    bin: &Path,
    env: &BTreeMap<String, String>,
    event: &str,
    invocations: usize,
) -> Result<Value, String> {
    let api = RuntimeApi::start().await?;
    let mut command = tokio::process::Command::new(bin);
    command
        .env_clear()
        .envs(env)
        .env("AWS_LAMBDA_RUNTIME_API", api.host())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    let mut child = command.spawn().map_err(|e| e.to_string())?;
    let pid = child.id().ok_or("no pid")?;
    let mut at_100 = None;
    let mut cpu_100 = None;
    let mut errors = 0;
    let started = Instant::now();
    for i in 1..=invocations {
        let done = api.invoke(event.to_string()).await?;
        if matches!(done.outcome, Outcome::Error(_)) {
            errors += 1;
        }
        if i == 100.min(invocations) {
            at_100 = memory_of(pid);
            cpu_100 = process_cpu(pid);
        }
    }
    let elapsed = started.elapsed();
    let end = memory_of(pid);
    let cpu_end = process_cpu(pid);
    let _ = child.kill().await;
    let warm_cpu_ms = match (cpu_100, cpu_end) {
        (Some(a), Some(b)) if invocations > 100 => {
            Some(ms(b.saturating_sub(a)) / (invocations - 100) as f64)
        }
        _ => None,
    };
    let (hwm_100, rss_100) = at_100.unwrap_or_default();
    let (hwm, rss) = end.unwrap_or_default();
    Ok(json!({
        "invocations": invocations,
        "errors": errors,
        "peak_rss_kib": hwm,
        "peak_rss_at_100_kib": hwm_100,
        "rss_at_100_kib": rss_100,
        "rss_at_end_kib": rss,
        "growth_100_to_end_kib": rss as i64 - rss_100 as i64,
        "mean_invocation_ms": ms(elapsed) / invocations as f64,
        "process_cpu_ms_per_invocation_after_100": warm_cpu_ms,
    }))
}

/// A sample event with the real tokens of this stack.
pub fn real_event(id: &str, manager: &str, operator: &str) -> Result<String, String> {
    Ok(event_text(id)
        .map_err(|e| format!("events/{id}.json: {e}"))?
        .replace(MANAGER_SESSION, manager)
        .replace(OPERATOR_SESSION, operator))
}

pub async fn sign_in(base: &str, email: &str) -> Result<String, String> {
    let reply = client::send(
        "POST",
        &format!("{base}/sessions"),
        &[("content-type", "application/json")],
        Some(
            json!({"email": email, "password": DEMO_PASSWORD})
                .to_string()
                .into_bytes(),
        ),
    )
    .await?;
    reply.json()["access_token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("sign-in of {email} failed: {}", reply.body))
}

/// Replays an API Gateway event as an HTTP request to the runner.
pub async fn replay(base: &str, event: &str) -> Result<u16, String> {
    let v: Value = serde_json::from_str(event).map_err(|e| e.to_string())?;
    let method = v["requestContext"]["http"]["method"]
        .as_str()
        .unwrap_or("GET");
    let mut url = format!("{base}{}", v["rawPath"].as_str().unwrap_or("/"));
    if let Some(q) = v["rawQueryString"].as_str().filter(|q| !q.is_empty()) {
        url.push('?');
        url.push_str(q);
    }
    let headers: Vec<(String, String)> = v["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .filter(|(k, _)| k.as_str() != "host")
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let body = v["body"].as_str().map(|b| b.as_bytes().to_vec());
    Ok(client::send(method, &url, &headers, body).await?.status)
}

struct Function {
    spec: &'static OperationSpec,
    logical_id: String,
    bin: PathBuf,
}

fn functions(options: &Options, template: &Template) -> Result<Vec<Function>, String> {
    let routes = template.routes().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for spec in registry() {
        if !options.only.is_empty() && !options.only.iter().any(|o| o == spec.id) {
            continue;
        }
        let bin = options.bins.join(spec.id).join("bootstrap");
        if !bin.exists() {
            continue;
        }
        let logical_id = routes
            .iter()
            .find(|r| r.binary == spec.id)
            .map(|r| r.function.clone())
            .ok_or_else(|| format!("{}: no function in the template", spec.id))?;
        out.push(Function {
            spec,
            logical_id,
            bin,
        });
    }
    Ok(out)
}

fn size_mb(path: &Path) -> Option<f64> {
    std::fs::metadata(path)
        .ok()
        .map(|m| m.len() as f64 / 1_000_000.0)
}

/// Warm cost per operation with the in-memory adapters: handler CPU time
/// per request (the samples, each on a fresh fixture).
fn warm_costs(iterations: usize) -> BTreeMap<String, Value> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut out = BTreeMap::new();
    for spec in registry() {
        let Some((status, want)) = expectation(spec.id) else {
            continue;
        };
        let Ok(text) = event_text(spec.id) else {
            continue;
        };
        let result = runtime.block_on(async {
            let mut fixtures = Vec::with_capacity(iterations);
            for _ in 0..iterations {
                fixtures.push(memory_fixture(status).await);
            }
            let requests: Vec<_> = (0..iterations)
                .filter_map(|_| lambda_http::request::from_str(&text).ok())
                .collect();
            // One untimed run to warm caches and lazy statics.
            let warm = memory_fixture(status).await;
            if let Ok(r) = lambda_http::request::from_str(&text) {
                let _ = sesame::http::handle(&warm.ctx, spec, r).await;
            }
            let mut statuses = BTreeMap::<u16, usize>::new();
            let mut walls = Vec::with_capacity(iterations);
            for (fixture, request) in fixtures.iter().zip(requests) {
                let wall = Instant::now();
                let response = sesame::http::handle(&fixture.ctx, spec, request).await;
                walls.push(wall.elapsed().as_secs_f64() * 1e6);
                *statuses.entry(response.status().as_u16()).or_default() += 1;
            }
            let mean = walls.iter().sum::<f64>() / walls.len().max(1) as f64;
            json!({
                "iterations": walls.len(),
                // One thread, nothing else on it: wall time is the
                // handler's CPU time plus whatever the machine took away.
                "median_us": median(&mut walls),
                "mean_us": mean,
                "expected_status": want,
                "statuses": statuses,
            })
        });
        out.insert(spec.id.to_string(), result);
    }
    out
}

/// Token verification: the first (JWKS fetched from the emulator) and the
/// cached cost, on a real access token of the emulator's pool.
async fn verification(run: &LocalRun, token: &str, iterations: usize) -> Value {
    let s = &run.stack.settings;
    let Ok(verifier) =
        sesame::adapters::jwks::JwksVerifier::new(&s.jwks_url, &s.issuer, &s.client_id)
    else {
        return json!({"error": "TLS roots unavailable"});
    };
    let first = Instant::now();
    let ok = verifier.verify(token).await.is_ok();
    let first = first.elapsed();
    let cpu = thread_cpu();
    let wall = Instant::now();
    let mut failures = 0;
    for _ in 0..iterations {
        if verifier.verify(token).await.is_err() {
            failures += 1;
        }
    }
    let wall = wall.elapsed();
    let cpu = thread_cpu() - cpu;
    json!({
        "first_with_jwks_fetch_ms": ms(first),
        "first_ok": ok,
        "iterations": iterations,
        "failures": failures,
        "cached_us": wall.as_secs_f64() * 1e6 / iterations as f64,
        "cached_cpu_us": cpu.as_secs_f64() * 1e6 / iterations as f64,
    })
}

const SCALE_ORG_PREFIX: &str = "019a0000-0000-7000-8000-0000000";

/// Items read per user-list page (sum of `ScannedCount`) in organisations
/// of each size.
async fn scale(run: &LocalRun, sizes: &[usize]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for (n, &members) in sizes.iter().enumerate() {
        let org = format!("{SCALE_ORG_PREFIX}{:05}", 90000 + n);
        let manager_email = format!("gestion{n}@scale.sesame.ca");
        let manager_id = format!("019a0000-0000-7000-8000-0000000{:05}", 80000 + n);
        seed(
            &run.ctx,
            &org,
            &format!("Échelle {members}"),
            &DEMO_ESTABLISHMENTS,
            &manager_id,
            &manager_email,
        )
        .await
        .map_err(|e| format!("seeding {org}: {e}"))?;
        seed_members(run, &org, n, members).await?;
        let token = sign_in(&run.base_url, &manager_email).await?;
        let page = |query: String| {
            let url = format!("{}/orgs/{org}/users?{query}", run.base_url);
            let token = token.clone();
            async move {
                let before = run.calls.scanned();
                let queries = run.calls.count("Query");
                let auth = format!("Bearer {token}");
                let reply = client::send("GET", &url, &[("authorization", &auth)], None).await?;
                Ok::<_, String>((
                    reply.status,
                    reply.json(),
                    run.calls.scanned() - before,
                    run.calls.count("Query") - queries,
                ))
            }
        };
        let (status, first, scanned, queries) = page("limit=25".into()).await?;
        let cursor = first["next_cursor"]
            .as_str()
            .or(first["cursor"].as_str())
            .unwrap_or_default()
            .to_string();
        let second = if cursor.is_empty() {
            None
        } else {
            Some(page(format!("limit=25&cursor={cursor}")).await?)
        };
        let (f_status, _, f_scanned, f_queries) = page("limit=25&status=invited".into()).await?;
        out.push(json!({
            "members": members + 1,
            "page": {"status": status, "items": first["items"].as_array().map(Vec::len),
                     "total": first["total"], "scanned": scanned, "queries": queries},
            "second_page": second.map(|(s, body, scanned, queries)| json!({
                "status": s, "items": body["items"].as_array().map(Vec::len),
                "scanned": scanned, "queries": queries})),
            "filtered_status_invited": {"status": f_status, "scanned": f_scanned, "queries": f_queries},
        }));
    }
    Ok(out)
}

fn calls_row(op: &str, c: &OperationCalls) -> Value {
    let mut row = budget::to_json(op, c);
    let mutating = budget::mutating(op);
    let scans = c.total.calls.get("DynamoDB.Scan").copied().unwrap_or(0);
    row["mutating"] = json!(mutating);
    let (reads, writes) = budget::plain_budget(op);
    row["within_budget"] =
        json!(scans == 0 && (!mutating || (c.max_reads <= reads && c.max_writes <= writes)));
    if let Some(e) = budget::exemption(op) {
        row["over_budget"] = json!({"reads": e.reads, "writes": e.writes, "why": e.why});
    }
    row
}

/// Puts the demo organisation back as seeded before a sample that
/// needs the sample user in `status`.
async fn reset_to_seed(
    run: &LocalRun,
    org_item: &sesame::ports::Item,
    status: MembershipStatus,
) -> Result<(), String> {
    reset_sample(
        &run.ctx,
        &run.demo.org_id,
        status,
        std::slice::from_ref(org_item),
    )
    .await
    .map_err(|e| e.to_string())
}

/// Runs everything and writes `options.out`; returns the report.
pub async fn run(options: &Options) -> Result<Value, String> {
    let template = Template::load().map_err(|e| e.to_string())?;
    let functions = functions(options, &template)?;
    let hello = options.bins.join("hello").join("bootstrap");
    // The hello-world gets the same environment as `me`.
    let hello_id = template
        .routes()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|r| r.binary == "me")
        .map(|r| r.function)
        .unwrap_or_default();
    let emulator = match crate::emulator::Emulator::from_env() {
        Some(e) => e,
        None => crate::emulator::Emulator::start().await?,
    };
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    eprintln!(
        "bench: {} functions, {} repeats, emulator {}",
        functions.len(),
        options.repeats,
        emulator.url
    );

    // Cold starts: each repeat on a freshly provisioned stack, every
    // function (and the hello-world, and the baseline builds) in turn.
    let mut init: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut first: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut own: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut waited: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut statuses: BTreeMap<String, Vec<Option<u16>>> = BTreeMap::new();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    let mut last_run = None;
    for repeat in 0..options.repeats {
        let run = LocalRun::start(
            &emulator.url,
            loopback,
            &format!("bench{}r{repeat}", std::process::id()),
        )
        .await?;
        // Only the function under test may reach the emulator meanwhile.
        run.stop_outbox_sweep();
        let manager = sign_in(&run.base_url, &run.demo.manager_email).await?;
        let operator = sign_in(&run.base_url, DEMO_OPERATOR_EMAIL).await?;
        let me_event = real_event("me", &manager, &operator)?;
        let org_item = run
            .ctx
            .store
            .get(&sesame::layout::keys::org(&run.demo.org_id))
            .await
            .map_err(|e| e.to_string())?
            .ok_or("no organisation")?;
        let mut targets: Vec<(String, PathBuf, String, Option<MembershipStatus>, String)> = vec![(
            "hello".into(),
            hello.clone(),
            hello_id.clone(),
            None,
            me_event.clone(),
        )];
        for f in &functions {
            let status = expectation(f.spec.id).map(|e| e.0);
            targets.push((
                f.spec.id.to_string(),
                f.bin.clone(),
                f.logical_id.clone(),
                status,
                real_event(f.spec.id, &manager, &operator)?,
            ));
            if let Some(dir) = &options.baseline {
                let old = dir.join(f.spec.id);
                if old.exists() {
                    targets.push((
                        format!("baseline:{}", f.spec.id),
                        old,
                        f.logical_id.clone(),
                        status,
                        real_event(f.spec.id, &manager, &operator)?,
                    ));
                }
            }
        }
        for (name, bin, logical_id, status, event) in targets {
            if let Some(status) = status {
                reset_to_seed(&run, &org_item, status).await?;
            }
            let env = lambda_env(&run, &template, &logical_id);
            match cold_start(&bin, &env, &event, &emulator.url).await {
                Ok(c) => {
                    init.entry(name.clone()).or_default().push(c.init_ms);
                    first.entry(name.clone()).or_default().push(c.first_ms);
                    own.entry(name.clone())
                        .or_default()
                        .push(c.first_ms - c.emulator_ms);
                    waited.entry(name.clone()).or_default().push(c.emulator_ms);
                    statuses.entry(name).or_default().push(c.status);
                }
                Err(e) => {
                    errors.insert(name, e);
                }
            }
        }
        eprintln!("bench: cold-start repeat {} done", repeat + 1);
        last_run = Some(run);
    }
    let run = match last_run {
        Some(run) => run,
        // No cold starts asked for: one stack for the rest.
        None => {
            LocalRun::start(
                &emulator.url,
                loopback,
                &format!("bench{}", std::process::id()),
            )
            .await?
        }
    };
    let manager = sign_in(&run.base_url, &run.demo.manager_email).await?;
    let operator = sign_in(&run.base_url, DEMO_OPERATOR_EMAIL).await?;
    let org_item = run
        .ctx
        .store
        .get(&sesame::layout::keys::org(&run.demo.org_id))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no organisation")?;

    let hello_init = median(
        init.get_mut("hello")
            .map(Vec::as_mut_slice)
            .unwrap_or(&mut []),
    );
    let hello_first = median(
        first
            .get_mut("hello")
            .map(Vec::as_mut_slice)
            .unwrap_or(&mut []),
    );
    let mut cold = BTreeMap::new();
    for (name, values) in init.iter_mut() {
        let i = median(values);
        let f = median(
            first
                .get_mut(name)
                .map(Vec::as_mut_slice)
                .unwrap_or(&mut []),
        );
        let of = |m: &mut BTreeMap<String, Vec<f64>>| {
            median(m.get_mut(name).map(Vec::as_mut_slice).unwrap_or(&mut []))
        };
        let (first_own, emulator_ms) = (of(&mut own), of(&mut waited));
        let id = name.trim_start_matches("baseline:");
        cold.insert(
            name.clone(),
            json!({
                "init_ms": i,
                "first_ms": f,
                "init_ratio": i / hello_init,
                "first_ratio": f / hello_first,
                "emulator_ms": emulator_ms,
                "first_own_ms": first_own,
                "first_own_ratio": first_own / hello_first,
                "statuses": statuses.get(name),
                "expected_status": expectation(id).map(|e| e.1),
            }),
        );
    }

    // Memory over many invocations.
    let mut memory = BTreeMap::new();
    let mut memory_targets: Vec<(String, PathBuf, String, String)> = vec![(
        "hello".into(),
        hello.clone(),
        hello_id.clone(),
        real_event("me", &manager, &operator)?,
    )];
    for f in &functions {
        if options.memory_functions.iter().any(|m| m == f.spec.id) {
            memory_targets.push((
                f.spec.id.to_string(),
                f.bin.clone(),
                f.logical_id.clone(),
                real_event(f.spec.id, &manager, &operator)?,
            ));
        }
    }
    for (name, bin, logical_id, event) in memory_targets {
        if let Some((status, _)) = expectation(&name) {
            reset_to_seed(&run, &org_item, status).await?;
        }
        let env = lambda_env(&run, &template, &logical_id);
        let result = memory_run(&bin, &env, &event, options.invocations)
            .await
            .unwrap_or_else(|e| json!({"error": e}));
        eprintln!("bench: memory of {name} done");
        memory.insert(name, result);
    }

    // AWS calls per operation: each sample through the runner (warm: the
    // callers resolved once already), plus the integration suite's flows
    // when their report is given.
    for token in [&manager, &operator] {
        let auth = format!("Bearer {token}");
        client::send(
            "GET",
            &format!("{}/me", run.base_url),
            &[("authorization", &auth)],
            None,
        )
        .await?;
    }
    for spec in registry() {
        let Some((status, _)) = expectation(spec.id) else {
            continue;
        };
        reset_sample(
            &run.ctx,
            &run.demo.org_id,
            status,
            std::slice::from_ref(&org_item),
        )
        .await
        .map_err(|e| e.to_string())?;
        let event = real_event(spec.id, &manager, &operator)?;
        replay(&run.base_url, &event).await?;
    }
    let mut calls = run.calls.by_operation();
    let samples_only = calls.clone();
    if let Some(path) = &options.calls_report {
        let suite = budget::read_report(&path.to_string_lossy());
        for (op, c) in suite {
            let m = calls.entry(op).or_default();
            m.requests += c.requests;
            for (k, v) in c.total.calls {
                *m.total.calls.entry(k).or_default() += v;
            }
            m.total.scanned += c.total.scanned;
            m.max_reads = m.max_reads.max(c.max_reads);
            m.max_writes = m.max_writes.max(c.max_writes);
            m.max_transactions = m.max_transactions.max(c.max_transactions);
            m.max_cognito = m.max_cognito.max(c.max_cognito);
            m.max_ses = m.max_ses.max(c.max_ses);
            m.max_scanned = m.max_scanned.max(c.max_scanned);
        }
    }
    let calls_json: Vec<Value> = calls.iter().map(|(op, c)| calls_row(op, c)).collect();
    let breaches = budget::breaches(&calls, true);
    eprintln!("bench: calls done");

    // Warm cost (in memory) and token verification.
    let warm = tokio::task::spawn_blocking({
        let n = options.warm_iterations;
        move || warm_costs(n)
    })
    .await
    .map_err(|e| e.to_string())?;
    let verify = verification(&run, &manager, 1000).await;
    eprintln!("bench: warm costs done");

    // Scale.
    let scale = scale(&run, &options.scale).await?;
    eprintln!("bench: scale done");

    // Sizes.
    let mut sizes = BTreeMap::new();
    for f in &functions {
        let baseline = options
            .baseline
            .as_ref()
            .and_then(|d| size_mb(&d.join(f.spec.id)));
        sizes.insert(
            f.spec.id.to_string(),
            json!({"mb": size_mb(&f.bin), "baseline_mb": baseline}),
        );
    }
    let mut all: Vec<f64> = sizes.values().filter_map(|v| v["mb"].as_f64()).collect();
    let largest = all.iter().copied().fold(f64::NAN, f64::max);
    let median_size = median(&mut all);

    let report = json!({
        "generated_at": jiff::Timestamp::now().to_string(),
        // The harness's own build: the in-memory warm costs are measured in
        // it (the functions are always their release binaries).
        "harness_build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "repeats": options.repeats,
        "hello": {"init_ms": hello_init, "first_ms": hello_first, "mb": size_mb(&hello)},
        "cold_start": cold,
        "cold_start_errors": errors,
        "sizes": sizes,
        "size_median_mb": median_size,
        "size_largest_mb": largest,
        "memory": memory,
        "calls": calls_json,
        "calls_samples_only": samples_only.iter().map(|(op, c)| calls_row(op, c)).collect::<Vec<_>>(),
        "calls_breaches": breaches,
        "scans": run.calls.count("Scan"),
        "warm": warm,
        "token_verification": verify,
        "scale": scale,
    });
    if let Some(dir) = options.out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(
        &options.out,
        serde_json::to_string_pretty(&report).unwrap_or_default(),
    )
    .map_err(|e| e.to_string())?;
    drop(run);
    Ok(report)
}

fn num(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x.is_finite() => {
            if x >= 100.0 {
                format!("{x:.0}")
            } else if x >= 10.0 {
                format!("{x:.1}")
            } else {
                format!("{x:.2}")
            }
        }
        _ => "–".into(),
    }
}

/// The report as one Markdown table per section (what the README shows).
pub fn table(report: &Value) -> String {
    let mut out = String::new();
    let hello = &report["hello"];
    out.push_str(&format!(
        "hello-world (lambda_http, same profile): init {} ms, init + first response {} ms, {} MB; medians of {} cold starts\n\n",
        num(&hello["init_ms"]),
        num(&hello["first_ms"]),
        num(&hello["mb"]),
        report["repeats"]
    ));
    out.push_str(&format!("| function | init ms | × hello | init+first call ms | × hello | of which emulator ms | without emulator ms | × hello | status (expected) | MB stripped | calls R/W(tx)/Cognito/SES per request (max) | in-memory handler µs, median ({} harness) |\n",
        report["harness_build"].as_str().unwrap_or("?")
    ));
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|\n");
    let calls: BTreeMap<String, &Value> = report["calls"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| Some((c["operation"].as_str()?.to_string(), c)))
                .collect()
        })
        .unwrap_or_default();
    if let Some(cold) = report["cold_start"].as_object() {
        for (name, c) in cold {
            if name == "hello" {
                continue;
            }
            let id = name.trim_start_matches("baseline:");
            let size = if name.starts_with("baseline:") {
                &report["sizes"][id]["baseline_mb"]
            } else {
                &report["sizes"][id]["mb"]
            };
            let statuses: Vec<String> = c["statuses"]
                .as_array()
                .map(|s| {
                    s.iter()
                        .map(|x| x.as_u64().map_or("err".into(), |n| n.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            let mut dedup = statuses.clone();
            dedup.dedup();
            let call = calls.get(id).map_or("–".to_string(), |c| {
                format!(
                    "{}/{}({})/{}/{}{}",
                    c["max_reads"],
                    c["max_writes"],
                    c["max_transactions"],
                    c["max_cognito"],
                    c["max_ses"],
                    if c["within_budget"] == false {
                        " ✗"
                    } else {
                        ""
                    }
                )
            });
            let warm = if name.starts_with("baseline:") {
                "".to_string()
            } else {
                num(&report["warm"][id]["median_us"])
            };
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {} | {} | {} | {} | {} ({}) | {} | {call} | {warm} |\n",
                num(&c["init_ms"]),
                num(&c["init_ratio"]),
                num(&c["first_ms"]),
                num(&c["first_ratio"]),
                num(&c["emulator_ms"]),
                num(&c["first_own_ms"]),
                num(&c["first_own_ratio"]),
                dedup.join(","),
                c["expected_status"],
                num(size),
            ));
        }
    }
    out.push_str(&format!(
        "\nsizes: median {} MB, largest {} MB. Scan calls: {}. Budget breaches: {}\n",
        num(&report["size_median_mb"]),
        num(&report["size_largest_mb"]),
        report["scans"],
        report["calls_breaches"]
    ));
    let v = &report["token_verification"];
    out.push_str(&format!(
        "token verification: first (JWKS fetched) {} ms, then {} µs per token ({} µs CPU)\n",
        num(&v["first_with_jwks_fetch_ms"]),
        num(&v["cached_us"]),
        num(&v["cached_cpu_us"])
    ));
    out.push_str("\n| memory | invocations | peak RSS MB | RSS at 100 MB | RSS at end MB | growth 100→end KiB | mean ms | process CPU ms / request (101→end) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    if let Some(mem) = report["memory"].as_object() {
        for (name, m) in mem {
            let mb = |k: &str| num(&json!(m[k].as_f64().unwrap_or(f64::NAN) / 1024.0));
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {} | {} | {} | {} |\n",
                m["invocations"],
                mb("peak_rss_kib"),
                mb("rss_at_100_kib"),
                mb("rss_at_end_kib"),
                m["growth_100_to_end_kib"],
                num(&m["mean_invocation_ms"]),
                num(&m["process_cpu_ms_per_invocation_after_100"])
            ));
        }
    }
    out.push_str("\n| members | first page: items read (queries) | second page | status=invited filter |\n|---:|---:|---:|---:|\n");
    if let Some(scale) = report["scale"].as_array() {
        for s in scale {
            out.push_str(&format!(
                "| {} | {} ({}) | {} ({}) | {} ({}) |\n",
                s["members"],
                s["page"]["scanned"],
                s["page"]["queries"],
                s["second_page"]["scanned"],
                s["second_page"]["queries"],
                s["filtered_status_invited"]["scanned"],
                s["filtered_status_invited"]["queries"],
            ));
        }
    }
    out
}
