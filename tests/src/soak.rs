//! The soak (`scripts/soak.sh`, not part of the test command): the local
//! runner driven with a realistic mix of requests on the demo organisation
//! grown to thousands of members, to show that the local stack neither
//! slows nor swells with use. Prints, per window of requests, the latency
//! percentiles and the emulator's resident memory.

use crate::client;
use crate::seed::{
    DEMO_EMPLOYEE_EMAIL, DEMO_ESTABLISHMENTS, generated_member_id, seed_demo_employee, seed_members,
};
use crate::stack::LocalRun;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Options {
    pub requests: usize,
    pub members: usize,
    pub concurrency: usize,
    pub window: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            requests: 10_000,
            members: 2_000,
            concurrency: 4,
            window: 1_000,
        }
    }
}

/// One window of requests, measured.
#[derive(Debug, Clone)]
pub struct Window {
    pub from: usize,
    pub to: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Answers outside 2xx, by operation (expected ones included: e.g. a
    /// second invitation of the same person).
    pub unexpected: BTreeMap<String, usize>,
    pub emulator_rss_mb: f64,
    /// Seconds the emulator spent serving, in all and on its three
    /// costliest API actions, during the window.
    pub emulator_seconds: f64,
    pub emulator_top: Vec<(String, f64, u64)>,
    pub seconds: f64,
}

/// The kinds of request of the mix, with their weights (out of 100): a
/// manager's day (lists, records, edits, invitations, the audit log), an
/// employee's and a client's.
const MIX: &[(&str, u32)] = &[
    ("list_users", 20),
    ("get_user", 15),
    ("me_manager", 10),
    ("me_employee", 5),
    // Preceded by an untimed read of the record, for its version.
    ("update_user", 10),
    ("create_user", 5),
    ("send_activation", 5),
    ("list_audit", 8),
    ("submit_replacement", 5),
    ("list_replacements", 7),
    ("list_establishments", 5),
    ("get_organisation", 5),
];

const TAG: usize = 7;

/// A small deterministic generator (the mix is the same on every run).
fn pick(n: usize, salt: u64) -> u64 {
    let mut x = (n as u64)
        .wrapping_add(salt)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

fn kind_of(n: usize) -> &'static str {
    let total: u32 = MIX.iter().map(|(_, w)| w).sum();
    let mut roll = (pick(n, 1) % u64::from(total)) as u32;
    for (kind, weight) in MIX {
        if roll < *weight {
            return kind;
        }
        roll -= weight;
    }
    MIX[0].0
}

struct Driver {
    base: String,
    org: String,
    manager: String,
    employee: String,
    members: usize,
    /// Drafts not yet invited (every member `i` with `i % 5 != 0`).
    next_draft: AtomicUsize,
    /// Kinds whose first non-2xx answer was printed.
    told: std::sync::Mutex<std::collections::BTreeSet<&'static str>>,
}

impl Driver {
    /// The request `n` of the mix: (method, path and query, token, body).
    fn request(&self, n: usize, kind: &str) -> (&'static str, String, &str, Option<Value>) {
        let org = &self.org;
        let member = generated_member_id(TAG, (pick(n, 2) % self.members as u64) as usize);
        match kind {
            "list_users" => {
                let query = match pick(n, 3) % 5 {
                    0 => "limit=25".to_string(),
                    1 => "limit=25&status=invited".to_string(),
                    2 => format!("limit=25&name=Nom{:03}", pick(n, 4) % 20),
                    3 => "limit=25&sort=first_name&order=desc".to_string(),
                    _ => format!("limit=25&establishment={}", DEMO_ESTABLISHMENTS[0].0),
                };
                (
                    "GET",
                    format!("/orgs/{org}/users?{query}"),
                    &self.manager,
                    None,
                )
            }
            "get_user" => (
                "GET",
                format!("/orgs/{org}/users/{member}"),
                &self.manager,
                None,
            ),
            "me_manager" => ("GET", "/me".into(), &self.manager, None),
            "me_employee" => ("GET", "/me".into(), &self.employee, None),
            "update_user" => (
                "PATCH",
                format!("/orgs/{org}/users/{member}"),
                &self.manager,
                Some(json!({"phone": format!("514 555-{:04}", pick(n, 5) % 10_000)})),
            ),
            "create_user" => (
                "POST",
                format!("/orgs/{org}/users"),
                &self.manager,
                Some(json!({
                    "civility": "mme", "last_name": "Soak", "first_name": format!("Nouvelle{n}"),
                    "email": format!("soak{n}@exemple.ca"), "phone": "514 555-0199",
                    "function": "Éducatrice",
                    "establishments": [{"establishment_id": DEMO_ESTABLISHMENTS[1].0, "presets": ["employee"]}]
                })),
            ),
            "send_activation" => {
                // The next draft that was never invited.
                let mut i = self.next_draft.fetch_add(1, Ordering::SeqCst);
                if i.is_multiple_of(5) {
                    i = self.next_draft.fetch_add(1, Ordering::SeqCst);
                }
                let id = generated_member_id(TAG, i % self.members);
                (
                    "POST",
                    format!("/orgs/{org}/users/{id}/activation"),
                    &self.manager,
                    None,
                )
            }
            "list_audit" => (
                "GET",
                format!("/orgs/{org}/audit?limit=50"),
                &self.manager,
                None,
            ),
            "submit_replacement" => {
                let day = 1 + pick(n, 6) % 28;
                (
                    "POST",
                    format!("/orgs/{org}/replacements"),
                    &self.manager,
                    Some(json!({
                        "establishment_id": DEMO_ESTABLISHMENTS[n % 2].0, "function": "Éducatrice",
                        "age_group": "Scolaire", "task": format!("Remplacement {n}"),
                        "schedule": {"start_date": format!("2027-03-{day:02}"), "end_date": format!("2027-03-{day:02}"),
                                     "start_time": "08:00", "end_time": "16:00", "unpaid_break_minutes": 30}
                    })),
                )
            }
            "list_replacements" => (
                "GET",
                format!("/orgs/{org}/replacements"),
                &self.manager,
                None,
            ),
            "list_establishments" => (
                "GET",
                format!("/orgs/{org}/establishments"),
                &self.manager,
                None,
            ),
            _ => ("GET", format!("/orgs/{org}"), &self.manager, None),
        }
    }

    async fn send(&self, n: usize) -> (&'static str, u16, Duration) {
        let kind = kind_of(n);
        let (method, path, token, mut body) = self.request(n, kind);
        let auth = format!("Bearer {token}");
        if kind == "update_user" {
            // As the portal does: the record first (not timed), then the
            // edit with the version it read.
            let url = format!("{}{path}", self.base);
            let record = client::send("GET", &url, &[("authorization", auth.as_str())], None).await;
            if let (Ok(record), Some(Value::Object(fields))) = (record, body.as_mut()) {
                fields.insert("version".into(), record.json()["version"].clone());
            }
        }
        let headers = [
            ("authorization", auth.as_str()),
            ("content-type", "application/json"),
        ];
        let started = Instant::now();
        let reply = client::send(
            method,
            &format!("{}{path}", self.base),
            &headers,
            body.map(|b| b.to_string().into_bytes()),
        )
        .await;
        let elapsed = started.elapsed();
        let status = match reply {
            Ok(reply) => {
                if !(200..300).contains(&reply.status)
                    && self.told.lock().is_ok_and(|mut t| t.insert(kind))
                {
                    let body: String = reply.body.chars().take(300).collect();
                    eprintln!("soak: first {} answer of {kind}: {body}", reply.status);
                }
                reply.status
            }
            Err(_) => 0,
        };
        (kind, status, elapsed)
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn emulator_busy(emulator: &str) -> Value {
    match client::get(&format!("{emulator}/sesame/busy")).await {
        Ok(reply) => reply.json(),
        Err(_) => Value::Null,
    }
}

/// The three API actions the emulator spent most on between two readings.
fn costliest(before: &Value, after: &Value) -> Vec<(String, f64, u64)> {
    let mut out: Vec<(String, f64, u64)> = after["by_api"]
        .as_object()
        .map(|apis| {
            apis.iter()
                .map(|(api, v)| {
                    let was = &before["by_api"][api];
                    (
                        api.clone(),
                        v["seconds"].as_f64().unwrap_or(0.0)
                            - was["seconds"].as_f64().unwrap_or(0.0),
                        v["requests"].as_u64().unwrap_or(0) - was["requests"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out.truncate(3);
    out
}

async fn sign_in(base: &str, email: &str) -> Result<String, String> {
    crate::bench::sign_in(base, email).await
}

/// Runs the soak against the emulator at `emulator`; `progress` gets each
/// window as it ends.
pub async fn run(
    emulator: &str,
    options: &Options,
    mut progress: impl FnMut(&Window),
) -> Result<Vec<Window>, String> {
    let run = LocalRun::start(
        emulator,
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &format!("soak{}", std::process::id()),
    )
    .await?;
    seed_demo_employee(&run.ctx)
        .await
        .map_err(|e| format!("seeding the demo employee: {e}"))?;
    let org = run.demo.org_id.clone();
    let seeded = Instant::now();
    seed_members(&run, &org, TAG, options.members).await?;
    eprintln!(
        "soak: {} members added to the demo organisation in {:.1} s; {} requests, {} at a time",
        options.members,
        seeded.elapsed().as_secs_f64(),
        options.requests,
        options.concurrency
    );
    let driver = Arc::new(Driver {
        base: run.base_url.clone(),
        manager: sign_in(&run.base_url, &run.demo.manager_email).await?,
        employee: sign_in(&run.base_url, DEMO_EMPLOYEE_EMAIL).await?,
        org,
        members: options.members,
        next_draft: AtomicUsize::new(1),
        told: Default::default(),
    });
    let mut windows = Vec::new();
    let mut from = 0;
    while from < options.requests {
        let to = (from + options.window).min(options.requests);
        let next = Arc::new(AtomicUsize::new(from));
        let busy_before = emulator_busy(emulator).await;
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..options.concurrency {
            let driver = driver.clone();
            let next = next.clone();
            tasks.push(tokio::spawn(async move {
                let mut out = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= to {
                        return out;
                    }
                    out.push(driver.send(n).await);
                }
            }));
        }
        let mut latencies = Vec::new();
        let mut unexpected = BTreeMap::new();
        for task in tasks {
            for (kind, status, elapsed) in task.await.map_err(|e| e.to_string())? {
                latencies.push(elapsed.as_secs_f64() * 1000.0);
                if !(200..300).contains(&status) {
                    *unexpected.entry(format!("{kind} {status}")).or_insert(0) += 1;
                }
            }
        }
        latencies.sort_by(f64::total_cmp);
        let seconds = started.elapsed().as_secs_f64();
        let busy_after = emulator_busy(emulator).await;
        let window = Window {
            from,
            to,
            p50_ms: percentile(&latencies, 50.0),
            p95_ms: percentile(&latencies, 95.0),
            p99_ms: percentile(&latencies, 99.0),
            max_ms: latencies.last().copied().unwrap_or(0.0),
            unexpected,
            emulator_rss_mb: busy_after["rss_bytes"].as_f64().unwrap_or(0.0) / 1_048_576.0,
            emulator_seconds: busy_after["seconds"].as_f64().unwrap_or(0.0)
                - busy_before["seconds"].as_f64().unwrap_or(0.0),
            emulator_top: costliest(&busy_before, &busy_after),
            seconds,
        };
        progress(&window);
        windows.push(window);
        from = to;
    }
    Ok(windows)
}

/// The table the soak prints, with its verdict against the targets: p95 of
/// the last window within 1.5x of the first's, the emulator's memory flat
/// (within 200 MB) after the first window.
pub fn verdict(windows: &[Window]) -> (String, bool) {
    let (Some(first), Some(last)) = (windows.first(), windows.last()) else {
        return ("no windows".into(), false);
    };
    let ratio = last.p95_ms / first.p95_ms.max(f64::EPSILON);
    // Each window's RSS is read as it ends: from the end of the first on.
    let rss = windows.iter().map(|w| w.emulator_rss_mb);
    let low = rss.clone().fold(f64::INFINITY, f64::min);
    let high = rss.fold(0.0, f64::max);
    let drift = high - low;
    let ok = ratio <= 1.5 && drift <= 200.0;
    (
        format!(
            "p95 last/first window: {ratio:.2}x (target <= 1.5); emulator RSS {:.0} -> {:.0} MB, range after the first window {:.0} MB (target <= 200): {}",
            first.emulator_rss_mb,
            last.emulator_rss_mb,
            drift,
            if ok {
                "within targets"
            } else {
                "OUTSIDE TARGETS"
            }
        ),
        ok,
    )
}

pub fn line(w: &Window) -> String {
    let unexpected = if w.unexpected.is_empty() {
        "-".to_string()
    } else {
        w.unexpected
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let top = w
        .emulator_top
        .iter()
        .map(|(api, s, n)| format!("{api} {n}× {:.1} ms", s * 1000.0 / (*n).max(1) as f64))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{:>6}-{:<6} p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms  max {:>7.1} ms  {:>5.1} s (emulator busy {:.1} s: {top})  emulator RSS {:>6.1} MB  non-2xx: {unexpected}",
        w.from + 1,
        w.to,
        w.p50_ms,
        w.p95_ms,
        w.p99_ms,
        w.max_ms,
        w.seconds,
        w.emulator_seconds,
        w.emulator_rss_mb
    )
}
