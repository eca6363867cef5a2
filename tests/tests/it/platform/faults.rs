//! Faults: the handlers and the outbox sender reach DynamoDB, Cognito and
//! SES through a proxy that throttles, fails with 500s, drops connections
//! and holds calls past the timeout for one call in five. Every request
//! either succeeds or answers a retryable 503 problem; retried, the flows
//! complete; afterwards no change is half-done, the concurrency invariants
//! hold, and every queued email went out exactly once.

use crate::common::*;
use serde_json::{Value, json};
use sesame::adapters::memory::ManualClock;
use sesame::domain::accounts::account::Account;
use sesame::domain::organisation::model::Organisation;
use sesame::domain::people::membership::{Membership, MembershipStatus};
use sesame::layout::keys;
use sesame::layout::records::{OutboxMessage, from_item};
use sesame_tests::client::{self, Reply};
use sesame_tests::emulator::Emulator;
use sesame_tests::faults::{self, FaultProxy};
use sesame_tests::stack::LocalRun;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

static UNAVAILABLE: AtomicU32 = AtomicU32::new(0);
static REQUESTS: AtomicU32 = AtomicU32::new(0);

/// Sends until the answer is not a 503 (or a retryable 409 of a retried
/// creation); asserts every 503 is the retryable problem and the final
/// answer is one of `expected`.
async fn until_done(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
    key: Option<&str>,
    expected: &[u16],
) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    for _ in 0..30 {
        let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json")];
        if let Some(auth) = &auth {
            headers.push(("authorization", auth));
        }
        if let Some(key) = key {
            headers.push(("idempotency-key", key));
        }
        let reply = client::send(
            method,
            url,
            &headers,
            body.as_ref().map(|b| b.to_string().into_bytes()),
        )
        .await
        .expect("the runner answers");
        REQUESTS.fetch_add(1, Ordering::Relaxed);
        match reply.status {
            503 => {
                assert_problem(&reply, 503, "unavailable");
                assert_eq!(reply.json()["retryable"], true, "{}", reply.body);
                UNAVAILABLE.fetch_add(1, Ordering::Relaxed);
            }
            409 if reply.json()["type"] == "urn:sesame:problem:request-in-progress" => {}
            status => {
                assert!(
                    expected.contains(&status),
                    "{method} {url}: {status} is neither success nor a retryable 503: {}",
                    reply.body
                );
                return reply;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{method} {url}: still unavailable after 30 tries");
}

async fn link_for(address: &str) -> Option<String> {
    let emulator = Emulator::at(&emulator_url());
    for _ in 0..150 {
        let emails = emulator.sent_emails().await.expect("emails");
        if let Some(email) = emails
            .iter()
            .rev()
            .find(|e| e.to.iter().any(|t| t == address))
        {
            return email.links().into_iter().find(|l| l.contains("#token="));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// One person's lifecycle under faults: created (with an idempotency
/// key), invited, then activated, disabled and enabled, or deleted.
async fn lifecycle(run: Arc<LocalRun>, manager: String, n: usize) -> &'static str {
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let email = format!("{}@exemple.ca", unique(&format!("faute{n}-")));
    let created = until_done(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(&email, &run.demo.establishments[0].0)),
        Some(&format!("create-{email}")),
        &[201],
    )
    .await;
    let id = created.json()["id"].as_str().unwrap().to_string();
    let user = format!("{base}/orgs/{org}/users/{id}");
    until_done(
        "POST",
        &format!("{user}/activation"),
        Some(&manager),
        None,
        None,
        &[200],
    )
    .await;
    if n % 3 == 2 {
        until_done("DELETE", &user, Some(&manager), None, None, &[200, 204]).await;
        return "deleted";
    }
    let Some(link) = link_for(&email).await else {
        return "invited";
    };
    until_done(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD, "password_confirmation": PASSWORD})),
        None,
        &[200],
    )
    .await;
    if n % 3 == 1 {
        until_done(
            "POST",
            &format!("{user}/disable"),
            Some(&manager),
            None,
            None,
            &[200],
        )
        .await;
        until_done(
            "POST",
            &format!("{user}/enable"),
            Some(&manager),
            None,
            None,
            &[200],
        )
        .await;
    }
    let signed = until_done(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": email, "password": PASSWORD})),
        None,
        &[200],
    )
    .await;
    assert!(signed.json()["access_token"].is_string());
    "active"
}

#[tokio::test]
async fn under_faults_every_request_succeeds_or_is_a_retryable_503_and_nothing_is_half_done() {
    let proxy = FaultProxy::start(&emulator_url(), 5, faults::ALL, Duration::from_secs(21)).await;
    let run = Arc::new(
        LocalRun::start_through(&emulator_url(), loopback(), &unique("f"), &proxy.url)
            .await
            .expect("local stack"),
    );
    let base = run.base_url.clone();
    let manager = until_done(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": run.demo.manager_email, "password": run.demo.manager_password})),
        None,
        &[200],
    )
    .await
    .json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();

    // Lifecycles in parallel, and 10 concurrent creations of one email.
    let mut set = tokio::task::JoinSet::new();
    for n in 0..9 {
        set.spawn(lifecycle(run.clone(), manager.clone(), n));
    }
    let same = format!("{}@exemple.ca", unique("meme"));
    let mut creations = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (base, org, manager, body) = (
            base.clone(),
            run.demo.org_id.clone(),
            manager.clone(),
            employee(&same, &run.demo.establishments[0].0),
        );
        creations.spawn(async move {
            until_done(
                "POST",
                &format!("{base}/orgs/{org}/users"),
                Some(&manager),
                Some(body),
                None,
                &[201, 409],
            )
            .await
            .status
        });
    }
    let mut outcomes: BTreeMap<&str, u32> = BTreeMap::new();
    while let Some(done) = set.join_next().await {
        *outcomes.entry(done.unwrap()).or_default() += 1;
    }
    let mut created = 0;
    while let Some(status) = creations.join_next().await {
        created += u32::from(status.unwrap() == 201);
    }
    assert_eq!(created, 1, "one email, one user, even under faults");

    // Faults off: the sender catches up (backoffs skipped by a later clock).
    proxy.set_enabled(false);
    let mut later = run.ctx.clone();
    later.clock = Arc::new(ManualClock::new(
        jiff::Timestamp::now() + jiff::SignedDuration::from_hours(2),
    ));
    sesame::operations::outbox::drain(&later).await.unwrap();

    let checked = invariants(&run).await;
    println!(
        "faults: {} injected ({} throttles, {} 500s, {} drops, {} held) over {} AWS calls; {} requests, {} answered 503 and were retried; lifecycles {outcomes:?}; {checked}",
        proxy.counts.injected_total(),
        proxy.counts.injected[0].load(Ordering::Relaxed),
        proxy.counts.injected[1].load(Ordering::Relaxed),
        proxy.counts.injected[2].load(Ordering::Relaxed),
        proxy.counts.injected[3].load(Ordering::Relaxed),
        proxy.counts.injected_total() + proxy.counts.passed.load(Ordering::Relaxed),
        REQUESTS.load(Ordering::Relaxed),
        UNAVAILABLE.load(Ordering::Relaxed),
    );
    assert!(
        proxy.counts.injected_total() >= 20,
        "too few faults to mean anything"
    );
}

/// The table, Cognito and SES agree: no half-done change.
async fn invariants(run: &LocalRun) -> String {
    let items: Vec<Value> = snapshot(run)
        .await
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
    let of_kind = |kind: &str| -> Vec<serde_json::Map<String, Value>> {
        items
            .iter()
            .filter(|i| i["kind"] == kind)
            .map(|i| i.as_object().unwrap().clone())
            .collect()
    };
    let config = sesame::adapters::aws::sdk_config(&run.stack.settings).await;
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&config);
    let store = &run.ctx.store;
    // Per organisation: (counts by status, active managers).
    let mut orgs: BTreeMap<String, (BTreeMap<String, i64>, i64)> = BTreeMap::new();
    let memberships = of_kind("membership");
    for item in &memberships {
        let m: Membership = from_item(item.clone()).unwrap();
        let org = orgs.entry(m.org_id.clone()).or_default();
        *org.0.entry(format!("{:?}", m.status)).or_default() += 1;
        let account: Account = from_item(
            store
                .get(&keys::account(&m.account_id))
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("membership without account: {}", m.account_id)),
        )
        .unwrap();
        match m.status {
            MembershipStatus::Invited => {
                let invitation = m
                    .invitation
                    .as_ref()
                    .expect("an invited user has an invitation");
                let token = store
                    .get(&keys::token(&invitation.token_hash))
                    .await
                    .unwrap();
                assert!(
                    token.is_some(),
                    "invited {} without a stored token",
                    m.account_id
                );
            }
            MembershipStatus::Active | MembershipStatus::Disabled => {
                let sub = account
                    .identity
                    .clone()
                    .expect("activated account has an identity");
                assert!(
                    store.get(&keys::identity(&sub)).await.unwrap().is_some(),
                    "identity link missing for {}",
                    m.account_id
                );
                let user = cognito
                    .admin_get_user()
                    .user_pool_id(&run.stack.settings.user_pool_id)
                    .username(&account.email)
                    .send()
                    .await
                    .unwrap_or_else(|e| {
                        panic!("active {} has no Cognito identity: {e:?}", m.account_id)
                    });
                if m.status == MembershipStatus::Active {
                    assert!(
                        user.enabled(),
                        "active {} is disabled in Cognito",
                        m.account_id
                    );
                    org.1 += i64::from(m.manager);
                }
            }
            _ => {}
        }
    }
    for (org_id, (counts, active_managers)) in &orgs {
        let org: Organisation =
            from_item(store.get(&keys::org(org_id)).await.unwrap().unwrap()).unwrap();
        let count = |s: MembershipStatus| counts.get(&format!("{s:?}")).copied().unwrap_or(0);
        assert_eq!(
            org.members_invited,
            count(MembershipStatus::Invited),
            "{org_id}: invited"
        );
        assert_eq!(
            org.members_active,
            count(MembershipStatus::Active),
            "{org_id}: active"
        );
        assert_eq!(
            org.members_disabled,
            count(MembershipStatus::Disabled),
            "{org_id}: disabled"
        );
        assert_eq!(
            org.members_draft,
            count(MembershipStatus::Draft),
            "{org_id}: draft"
        );
        assert_eq!(
            i64::from(org.active_managers),
            *active_managers,
            "{org_id}: managers"
        );
    }

    // Every queued email went out, and exactly once.
    let messages: Vec<OutboxMessage> = of_kind("outbox")
        .into_iter()
        .map(|i| from_item(i).unwrap())
        .collect();
    let emulator = Emulator::at(&emulator_url());
    let sent = emulator.sent_emails().await.unwrap();
    let mut per_address: BTreeMap<&str, usize> = BTreeMap::new();
    for message in &messages {
        assert_eq!(
            message.status,
            sesame::domain::accounts::invitation::DeliveryStatus::Sent,
            "message {} not delivered",
            message.id
        );
        let id = message
            .message_id
            .as_deref()
            .expect("a sent message has its SES id");
        assert_eq!(
            sent.iter().filter(|e| e.id == id).count(),
            1,
            "message {} handed to SES {} times",
            message.id,
            sent.iter().filter(|e| e.id == id).count()
        );
        *per_address.entry(message.to.as_str()).or_default() += 1;
    }
    // Addresses made for this run (`unique`); the demo's and the samples'
    // are shared by every test, whose emails land in the same emulator.
    let ours = format!("{}x", std::process::id());
    for (address, queued) in per_address.iter().filter(|(a, _)| a.contains(&ours)) {
        let delivered = sent
            .iter()
            .filter(|e| e.to.iter().any(|t| t == address))
            .count();
        assert_eq!(
            delivered, *queued,
            "{address}: {queued} queued, {delivered} delivered"
        );
    }
    format!(
        "{} memberships in {} organisations and {} emails checked, none half-done, each email once",
        memberships.len(),
        orgs.len(),
        messages.len()
    )
}

#[tokio::test]
async fn every_route_under_faults_answers_or_is_a_retryable_503() {
    let proxy = FaultProxy::start(&emulator_url(), 4, faults::QUICK, Duration::ZERO).await;
    let run = LocalRun::start_through(&emulator_url(), loopback(), &unique("fr"), &proxy.url)
        .await
        .expect("local stack");
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let operator = sign_in(
        &base,
        sesame_tests::seed::DEMO_OPERATOR_EMAIL,
        sesame_tests::seed::DEMO_PASSWORD,
    )
    .await;
    let (mut routes, mut unavailable) = (0, 0);
    for spec in sesame::operations::registry() {
        let path = sesame_tests::template::root()
            .join("events")
            .join(format!("{}.json", spec.id));
        let event: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut url = format!("{base}{}", event["rawPath"].as_str().unwrap());
        if let Some(q) = event["rawQueryString"].as_str().filter(|q| !q.is_empty()) {
            url = format!("{url}?{q}");
        }
        let auth = match event["headers"]["authorization"].as_str() {
            Some(a) if a.contains("operator") => Some(format!("Bearer {operator}")),
            Some(_) => Some(format!("Bearer {manager}")),
            None => None,
        };
        let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json")];
        if let Some(auth) = &auth {
            headers.push(("authorization", auth));
        }
        let body = event["body"].as_str().map(|b| b.as_bytes().to_vec());
        let reply = client::send(spec.method, &url, &headers, body)
            .await
            .unwrap();
        routes += 1;
        assert_ne!(reply.status, 500, "{}: {}", spec.id, reply.body);
        if reply.status >= 500 {
            assert_problem(&reply, 503, "unavailable");
            assert_eq!(reply.json()["retryable"], true);
            unavailable += 1;
        }
    }
    proxy.set_enabled(false);
    let mut later = run.ctx.clone();
    later.clock = Arc::new(ManualClock::new(
        jiff::Timestamp::now() + jiff::SignedDuration::from_hours(2),
    ));
    sesame::operations::outbox::drain(&later).await.unwrap();
    let checked = invariants(&run).await;
    println!(
        "faults: {routes} routes under one fault in four (throttles, 500s, drops: {} injected), {unavailable} retryable 503s, no 500; {checked}",
        proxy.counts.injected_total()
    );
}
