//! Shared fixtures.

use sesame_tests::client::{self, Reply};
use sesame_tests::stack::LocalRun;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

/// The emulator started by `scripts/test.sh`.
pub fn emulator_url() -> String {
    match std::env::var("SESAME_EMULATOR_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "SESAME_EMULATOR_URL is not set: run the tests with scripts/test.sh, which starts the AWS emulator"
        ),
    }
}

/// A name no other test of this run uses.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}{}x{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A fresh local Sésame against the emulator.
pub async fn local() -> LocalRun {
    LocalRun::start(&emulator_url(), loopback(), &unique("t"))
        .await
        .expect("local stack starts")
}

pub use sesame_tests::samples::{Memory, memory};

/// Every item of a table, sorted, to prove a request changed nothing.
pub async fn snapshot(run: &LocalRun) -> Vec<String> {
    let config = sesame::adapters::aws::sdk_config(&run.stack.settings).await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    let mut items = Vec::new();
    let mut start = None;
    loop {
        // Test tooling only: the product never scans.
        let out = client
            .scan()
            .table_name(&run.stack.settings.table)
            .set_exclusive_start_key(start)
            .consistent_read(true)
            .send()
            .await
            .expect("scan");
        for item in out.items.unwrap_or_default() {
            let value: serde_json::Value = serde_dynamo::from_item(item).expect("item");
            items.push(value.to_string());
        }
        match out.last_evaluated_key {
            Some(key) => start = Some(key),
            None => break,
        }
    }
    items.sort();
    items
}

pub async fn call(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json")];
    if let Some(auth) = &auth {
        headers.push(("authorization", auth));
    }
    client::send(
        method,
        url,
        &headers,
        body.map(|b| b.to_string().into_bytes()),
    )
    .await
    .expect("request sent")
}

pub async fn sign_in(base: &str, email: &str, password: &str) -> String {
    let reply = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(serde_json::json!({"email": email, "password": password})),
    )
    .await;
    assert_eq!(reply.status, 200, "sign-in failed: {}", reply.body);
    reply.json()["access_token"]
        .as_str()
        .expect("access token")
        .to_string()
}

/// A valid new-user form for the given establishment.
pub fn employee(email: &str, establishment: &str) -> serde_json::Value {
    serde_json::json!({
        "civility": "mme",
        "last_name": "Tremblay",
        "first_name": "Zoé",
        "email": email,
        "phone": "514 555-0199",
        "function": "Éducatrice",
        "establishments": [{"establishment_id": establishment, "presets": ["employee"]}]
    })
}

/// Asserts a problem+json answer of this status and type slug.
pub fn assert_problem(reply: &Reply, status: u16, slug: &str) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json"),
        "body: {}",
        reply.body
    );
    assert_eq!(
        reply.json()["type"],
        format!("urn:sesame:problem:{slug}"),
        "body: {}",
        reply.body
    );
    // Every problem carries the API's security headers.
    crate::headers::assert_api_security_headers(reply, slug);
}

/// The emails to `address` once one matching `wanted` has arrived (emails
/// may be delivered just after the request that caused them); panics after
/// about ten seconds.
pub async fn emails_once(
    address: &str,
    wanted: impl Fn(&sesame_tests::emulator::SentEmail) -> bool,
) -> Vec<sesame_tests::emulator::SentEmail> {
    let emulator = sesame_tests::emulator::Emulator::at(&emulator_url());
    for _ in 0..200 {
        let found: Vec<_> = emulator
            .sent_emails()
            .await
            .expect("emulator emails")
            .into_iter()
            .filter(|e| e.to.iter().any(|t| t == address))
            .collect();
        if found.iter().any(&wanted) {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no matching email to {address}");
}
