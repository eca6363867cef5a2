//! Shared fixtures.

use serde_json::{Value, json};
use sesame_tests::client;
use sesame_tests::emulator::{Emulator, SentEmail};
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use sesame_tests::stack::LocalRun;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The emulator started by `scripts/test.sh`.
pub fn emulator_url() -> String {
    match std::env::var("SESAME_EMULATOR_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "SESAME_EMULATOR_URL is not set: run the tests with scripts/test.sh, which starts the AWS emulator"
        ),
    }
}

/// A DynamoDB table of its own on the emulator, through the AWS adapter.
pub async fn emulator_store() -> std::sync::Arc<dyn sesame::ports::Store> {
    sesame_tests::emulator::use_fake_credentials();
    let stack = sesame_tests::provision::provision(&emulator_url(), &unique("t"))
        .await
        .expect("provisioned");
    let config = sesame::adapters::aws::sdk_config(&stack.settings).await;
    std::sync::Arc::new(sesame::adapters::dynamo::DynamoStore::new(
        aws_sdk_dynamodb::Client::new(&config),
        stack.settings.table,
    ))
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

pub use sesame_tests::client::{Reply, TestApp, token_of};

/// A fresh local Sésame against the emulator, with its typed client.
pub async fn app() -> TestApp {
    TestApp::start(&emulator_url(), &unique("t")).await
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
    crate::platform::headers::assert_api_security_headers(reply, slug);
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

// Journeys over HTTP (moved from e2e.rs, replacement.rs, governance.rs).

pub const PASSWORD: &str = "Bonjour-Zoe-2026";

/// The user's invitation delivery once the runner's sender has had its
/// turn (it delivers right after each change; the emulator may be busy).
pub async fn delivered(user_url: &str, manager: &str) -> serde_json::Value {
    let mut last = serde_json::Value::Null;
    for _ in 0..200 {
        last = call("GET", user_url, Some(manager), None).await.json()["invitation"]["delivery"]
            .clone();
        if last != "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    last
}

pub async fn emails_to(address: &str) -> Vec<SentEmail> {
    let emulator = Emulator::at(&emulator_url());
    // The runner's sender delivers right after the change; the emulator
    // serves one request at a time, so give it a while under load.
    for _ in 0..200 {
        let found: Vec<SentEmail> = emulator
            .sent_emails()
            .await
            .expect("emulator emails")
            .into_iter()
            .filter(|e| e.to.iter().any(|t| t == address))
            .collect();
        if !found.is_empty() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Vec::new()
}

/// Creates a user and sends the activation; returns (user id, link).
pub async fn invite(run: &LocalRun, manager: &str, email: &str) -> (String, String) {
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(manager),
        Some(employee(email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().expect("id").to_string();
    let sent = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/activation"),
        Some(manager),
        None,
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.json()["status"], "invited");
    assert_eq!(sent.json()["invitation"]["delivery"], "pending");
    assert_eq!(
        delivered(&format!("{base}/orgs/{org}/users/{id}"), manager).await,
        "sent"
    );
    let emails = emails_to(email).await;
    let email = emails.last().expect("activation email delivered by SES");
    let link = email
        .links()
        .into_iter()
        .find(|l| l.contains("/activate#token="))
        .expect("activation link");
    (id, link)
}

/// Creates a member from `form` (its `email` field) and returns
/// (id, email).
pub async fn created(run: &LocalRun, manager: &str, form: Value) -> (String, String) {
    let email = form["email"].as_str().expect("form email").to_string();
    let reply = call(
        "POST",
        &format!("{}/orgs/{}/users", run.base_url, run.demo.org_id),
        Some(manager),
        Some(form),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    (reply.json()["id"].as_str().unwrap().to_string(), email)
}

/// Creates a member from `form`, sends her activation, activates it with
/// [`PASSWORD`] and signs her in: (id, session token).
pub async fn activated_from(run: &LocalRun, manager: &str, form: Value) -> (String, String) {
    let (id, email) = created(run, manager, form).await;
    let base = &run.base_url;
    call(
        "POST",
        &format!("{base}/orgs/{}/users/{id}/activation", run.demo.org_id),
        Some(manager),
        None,
    )
    .await;
    let link = emails_to(&email).await.last().unwrap().links()[0].clone();
    let done = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    (id, sign_in(base, &email, PASSWORD).await)
}

/// An active member with this preset at the first demo establishment,
/// signed in: (id, session token).
pub async fn activated(
    run: &LocalRun,
    manager: &str,
    preset: &str,
    first: &str,
) -> (String, String) {
    activated_from(run, manager, person_form(preset, first)).await
}

/// A new-member form with this preset at the first demo establishment and
/// a unique email made from `first`.
pub fn person_form(preset: &str, first: &str) -> Value {
    let stem: String = first.chars().filter(char::is_ascii_alphanumeric).collect();
    let email = format!("{}@exemple.ca", unique(&format!("{stem}.").to_lowercase()));
    json!({"civility": "mme", "last_name": "Test", "first_name": first, "email": email, "phone": "514 555-0142",
        "establishments": [{"establishment_id": DEMO_ESTABLISHMENTS[0].0, "presets": [preset]}]})
}

/// A second active manager of the demo organisation, signed in: (id,
/// session token).
pub async fn second_manager(run: &LocalRun, manager: &str) -> (String, String) {
    let email = format!("{}@exemple.ca", unique("adjointe."));
    let mut form = employee(&email, DEMO_ESTABLISHMENTS[0].0);
    form["manager"] = json!(true);
    activated_from(run, manager, form).await
}

pub fn request_form() -> Value {
    json!({
        "establishment_id": DEMO_ESTABLISHMENTS[0].0,
        "function": "Éducatrice qualifiée",
        "age_group": "Poupons (0-18 mois)",
        "task": "Groupe des Coccinelles",
        "qualified": true,
        "notes": "Arrivée par la porte arrière."
    })
}

/// The demo organisation's request of [`request_form`] from `start` to
/// `end`, made through the runner by `token`: its id.
pub async fn requested(run: &LocalRun, token: &str, start: &str, end: &str) -> String {
    let mut form = request_form();
    form["schedule"] = schedule(start, end);
    let made = call(
        "POST",
        &format!("{}/orgs/{}/replacements", run.base_url, run.demo.org_id),
        Some(token),
        Some(form),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.body);
    made.json()["id"].as_str().unwrap().to_string()
}

pub fn schedule(start: &str, end: &str) -> Value {
    json!({"start_date": start, "end_date": end, "start_time": "07:30", "end_time": "16:00", "unpaid_break_minutes": 30})
}
