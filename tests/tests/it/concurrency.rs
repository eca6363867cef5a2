//! Invariants under real parallel requests against the emulator.

use crate::common::*;
use crate::e2e::{PASSWORD, invite, token_of};
use serde_json::json;
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use tokio::task::JoinSet;

async fn all(set: &mut JoinSet<u16>) -> Vec<u16> {
    let mut out = Vec::new();
    while let Some(s) = set.join_next().await {
        out.push(s.unwrap());
    }
    out
}

#[tokio::test]
async fn one_email_one_activation_one_edit_under_concurrency() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;

    // 20 concurrent creates with one email: exactly one.
    let email = format!("{}@exemple.ca", unique("course."));
    let mut set = JoinSet::new();
    for _ in 0..20 {
        let (url, token, body) = (
            format!("{base}/orgs/{org}/users"),
            manager.clone(),
            employee(&email, DEMO_ESTABLISHMENTS[0].0),
        );
        set.spawn(async move { call("POST", &url, Some(&token), Some(body)).await.status });
    }
    let statuses = all(&mut set).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [201, 409].contains(s)),
        "{statuses:?}"
    );

    // Concurrent uses of one activation link: exactly one activation.
    let email = format!("{}@exemple.ca", unique("lien."));
    let (id, link) = invite(&run, &manager, &email).await;
    let token = token_of(&link);
    let mut set = JoinSet::new();
    for _ in 0..10 {
        let (url, body) = (
            format!("{base}/activation"),
            json!({"token": token, "password": PASSWORD}),
        );
        set.spawn(async move { call("POST", &url, None, Some(body)).await.status });
    }
    let statuses = all(&mut set).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [200, 409, 410].contains(s)),
        "{statuses:?}"
    );

    // Two concurrent edits with the same version: one wins, one 409.
    let url = format!("{base}/orgs/{org}/users/{id}");
    let version = call("GET", &url, Some(&manager), None).await.json()["version"].clone();
    let mut set = JoinSet::new();
    for function in ["Cuisinière", "Directrice adjointe"] {
        let (url, token, body) = (
            url.clone(),
            manager.clone(),
            json!({"version": version, "function": function}),
        );
        set.spawn(async move { call("PATCH", &url, Some(&token), Some(body)).await.status });
    }
    let mut statuses = all(&mut set).await;
    statuses.sort();
    assert_eq!(statuses, vec![200, 409]);
    println!("concurrency: 20 creates, 10 activations, 2 edits: invariants held");
}
