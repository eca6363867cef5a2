//! `Idempotency-Key` on every creating POST, from the route table: each
//! operation's events/ sample is sent with a key, retried with the same key
//! (first answer, nothing created), with the same key and another body
//! (422, nothing written), and again after the key's 24 hours (runs anew).
//! Then concurrent retries with one key against the emulator.

use crate::common::*;
use sesame::adapters::memory::MemoryStore;
use sesame::operations::{OperationSpec, registry};
use sesame_tests::samples::{expectation, memory_fixture};
use sesame_tests::template::root;
use tokio::task::JoinSet;

fn sample(spec: &OperationSpec, key: &str, body_suffix: &str) -> sesame::http::HttpRequest {
    let path = root().join("events").join(format!("{}.json", spec.id));
    let mut event: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    event["headers"]["idempotency-key"] = key.into();
    if let Some(body) = event["body"].as_str() {
        event["body"] = format!("{body}{body_suffix}").into();
    }
    lambda_http::request::from_str(&event.to_string()).unwrap()
}

async fn send(memory: &Memory, spec: &OperationSpec, key: &str, suffix: &str) -> (u16, String) {
    let response = sesame::http::handle(&memory.ctx, spec, sample(spec, key, suffix)).await;
    let body = match response.body() {
        lambda_http::Body::Text(t) => t.clone(),
        _ => String::new(),
    };
    (response.status().as_u16(), body)
}

fn items(store: &MemoryStore) -> Vec<String> {
    let mut all: Vec<String> = store
        .dump()
        .iter()
        .filter(|item| item.get("kind").and_then(|k| k.as_str()) != Some("idempotency"))
        .map(|item| serde_json::to_string(item).unwrap())
        .collect();
    all.sort();
    all
}

#[tokio::test]
async fn every_creating_post_honours_an_idempotency_key() {
    let creating: Vec<&OperationSpec> =
        registry().iter().copied().filter(|s| s.creates()).collect();
    assert!(
        creating.len() >= 8,
        "creating operations: {}",
        creating.len()
    );
    let mut tried = 0;
    for spec in &creating {
        let (status, want) = expectation(spec.id).expect("a sample expectation");
        let memory = memory_fixture(status).await;
        let store = memory.store.clone();

        let before = items(&store);
        let first = send(&memory, spec, "cle-1", "").await;
        assert_eq!(first.0, want, "{}: {}", spec.id, first.1);
        let after_first = items(&store);
        assert_ne!(
            before, after_first,
            "{}: the first request changed nothing",
            spec.id
        );

        // A retry: the first answer, byte for byte, and nothing new.
        let retry = send(&memory, spec, "cle-1", "").await;
        assert_eq!(retry, first, "{}: the retry got another answer", spec.id);
        assert_eq!(items(&store), after_first, "{}: the retry wrote", spec.id);

        // The same key with another body: 422, nothing written.
        let other = send(&memory, spec, "cle-1", " ").await;
        assert_eq!(other.0, 422, "{}: {}", spec.id, other.1);
        assert!(other.1.contains("idempotency-key-reused"), "{}", other.1);
        assert_eq!(
            items(&store),
            after_first,
            "{}: the mismatch wrote",
            spec.id
        );

        // A key that is not visible ASCII is refused, not ignored.
        let bad = send(&memory, spec, "clé", "").await;
        assert_eq!(bad.0, 422, "{}: {}", spec.id, bad.1);
        assert!(bad.1.contains("Idempotency-Key"), "{}", bad.1);
        assert_eq!(items(&store), after_first, "{}: a bad key wrote", spec.id);

        // Another key is another request.
        let fresh = send(&memory, spec, "cle-2", "").await;
        assert!(
            fresh != first || items(&store) != after_first,
            "{}: a new key was answered from the old one",
            spec.id
        );

        // After 24 hours the key is forgotten: the request runs again.
        let at_fresh = items(&store);
        memory.clock.advance(jiff::SignedDuration::from_hours(25));
        let late = send(&memory, spec, "cle-1", "").await;
        assert!(
            late != first || items(&store) != at_fresh,
            "{}: an expired key still replayed",
            spec.id
        );
        tried += 6;
    }
    println!(
        "idempotency: {} creating operations, {tried} requests, retries answered from the first",
        creating.len()
    );
}

#[tokio::test]
async fn concurrent_retries_with_one_key_create_once_on_the_emulator() {
    let run = local().await;
    let base = run.base_url.clone();
    let token = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let url = format!("{base}/orgs/{}/users", run.demo.org_id);
    let body = employee(
        &format!("{}@exemple.ca", unique("idem")),
        &run.demo.establishments[0].0,
    )
    .to_string();
    let mut set = JoinSet::new();
    for _ in 0..8 {
        let (url, token, body) = (url.clone(), token.clone(), body.clone());
        set.spawn(async move {
            let auth = format!("Bearer {token}");
            sesame_tests::client::send(
                "POST",
                &url,
                &[
                    ("content-type", "application/json"),
                    ("authorization", &auth),
                    ("idempotency-key", "double-clic-1"),
                ],
                Some(body.into_bytes()),
            )
            .await
            .expect("sent")
        });
    }
    let mut created = Vec::new();
    while let Some(reply) = set.join_next().await {
        let reply = reply.unwrap();
        match reply.status {
            201 => created.push(reply.json()["id"].clone()),
            409 => assert_problem(&reply, 409, "request-in-progress"),
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }
    assert!(!created.is_empty(), "no request succeeded");
    assert!(
        created.iter().all(|id| *id == created[0]),
        "two different users created: {created:?}"
    );
    // A retry after the first finished: the same user, 201.
    let again = sesame_tests::client::send(
        "POST",
        &url,
        &[
            ("content-type", "application/json"),
            ("authorization", &format!("Bearer {token}")),
            ("idempotency-key", "double-clic-1"),
        ],
        Some(body.into_bytes()),
    )
    .await
    .unwrap();
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.json()["id"], created[0]);
    let list = call("GET", &format!("{url}?name=Tremblay"), Some(&token), None).await;
    let same = list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["id"] == created[0])
        .count();
    assert_eq!(same, 1);
    println!(
        "idempotency: 8 concurrent requests with one key, {} answered 201 with one user",
        created.len()
    );
}
