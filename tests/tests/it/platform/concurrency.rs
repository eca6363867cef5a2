//! Invariants under real parallel requests against the emulator.

use crate::common::*;
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

/// An active manager's token among `tokens` (the survivor of a round).
async fn survivor(base: &str, org: &str, tokens: &[(String, String)]) -> (String, String) {
    for (id, token) in tokens {
        let r = call(
            "GET",
            &format!("{base}/orgs/{org}/managers"),
            Some(token),
            None,
        )
        .await;
        if r.status == 200 {
            return (id.clone(), token.clone());
        }
    }
    panic!("no manager can act any more");
}

/// (active managers by the records, the organisation's counter).
async fn manager_counts(run: &sesame_tests::stack::LocalRun, token: &str) -> (usize, i64) {
    let org = &run.demo.org_id;
    let list = call(
        "GET",
        &format!("{}/orgs/{org}/managers", run.base_url),
        Some(token),
        None,
    )
    .await;
    assert_eq!(list.status, 200, "{}", list.body);
    let active = list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "active")
        .count();
    let item = run
        .ctx
        .store
        .get(&sesame::layout::keys::org(org))
        .await
        .unwrap()
        .unwrap();
    (active, item["active_managers"].as_i64().unwrap())
}

#[tokio::test]
async fn several_managers_demoting_each_other_at_once_never_leave_none() {
    use crate::common::second_manager;
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let first = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let mut managers = vec![(run.demo.manager_id.clone(), first.clone())];
    for _ in 0..3 {
        managers.push(second_manager(&run, &first).await);
    }
    assert_eq!(manager_counts(&run, &first).await, (4, 4));
    let mut requests = 0;
    // Each round: every manager fires at every other manager at once.
    for round in ["remove", "disable", "mixed", "delete"] {
        let mut set = JoinSet::new();
        for (i, (_, token)) in managers.iter().enumerate() {
            for (j, (target, _)) in managers.iter().enumerate() {
                if i == j {
                    continue;
                }
                let kind = match round {
                    "mixed" if (i + j) % 2 == 0 => "remove",
                    "mixed" => "disable",
                    other => other,
                };
                let (method, url) = match kind {
                    "remove" => (
                        "DELETE",
                        format!("{base}/orgs/{org}/users/{target}/manager"),
                    ),
                    "disable" => ("POST", format!("{base}/orgs/{org}/users/{target}/disable")),
                    _ => ("DELETE", format!("{base}/orgs/{org}/users/{target}")),
                };
                let token = token.clone();
                set.spawn(async move { call(method, &url, Some(&token), None).await.status });
            }
        }
        let statuses = all(&mut set).await;
        requests += statuses.len();
        assert!(
            statuses
                .iter()
                .all(|s| [200, 401, 403, 404, 409].contains(s)),
            "{round}: {statuses:?}"
        );
        let (_, keeper) = survivor(&base, &org, &managers).await;
        let (active, counter) = manager_counts(&run, &keeper).await;
        assert!(active >= 1, "{round}: no active manager left");
        assert_eq!(
            counter as usize, active,
            "{round}: the counter matches the records"
        );
        println!(
            "concurrency: managers round {round}: {} requests, {} succeeded, {active} active manager(s) left, counter {counter}",
            statuses.len(),
            statuses.iter().filter(|s| **s == 200).count()
        );
        if round == "delete" {
            // Deleted managers are gone for good: one is left at least.
            break;
        }
        // Restore every other manager for the next round.
        for (id, _) in &managers {
            let user = format!("{base}/orgs/{org}/users/{id}");
            let state = call("GET", &user, Some(&keeper), None).await.json();
            if state["status"] == "disabled" {
                let r = call("POST", &format!("{user}/enable"), Some(&keeper), None).await;
                assert_eq!(r.status, 200, "{}", r.body);
            }
            if state["manager"] == false {
                let r = call("POST", &format!("{user}/manager"), Some(&keeper), None).await;
                assert_eq!(r.status, 200, "{}", r.body);
            }
        }
        assert_eq!(manager_counts(&run, &keeper).await, (4, 4), "restored");
    }
    println!(
        "concurrency: 4 managers, 4 rounds of cross-demotions ({requests} concurrent requests): never zero active managers, counter always equal to the records"
    );
}

#[tokio::test]
async fn concurrent_approve_and_modify_of_one_timesheet_leave_exactly_one() {
    use crate::common::{activated, request_form, schedule};
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, client) = activated(&run, &manager, "client", "Clea").await;
    let (worker_id, worker) = activated(&run, &manager, "replacement_worker", "Wanda").await;
    let worker_email = call("GET", &format!("{base}/me"), Some(&worker), None)
        .await
        .json()["email"]
        .as_str()
        .unwrap()
        .to_string();
    let list = format!("{base}/orgs/{org}/replacements");
    let mut form = request_form();
    form["schedule"] = schedule("2026-02-02", "2026-02-03");
    let created = call("POST", &list, Some(&client), Some(form)).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let url = format!("{list}/{}", created.json()["id"].as_str().unwrap());
    let assigned = call(
        "POST",
        &format!("{url}/assignment"),
        Some(&manager),
        Some(json!({"worker_id": worker_id})),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    let entries = json!({"entries": [
        {"date": "2026-02-02", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30},
        {"date": "2026-02-03", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30}
    ]});
    let submitted = call(
        "PUT",
        &format!("{url}/timesheet"),
        Some(&worker),
        Some(entries.clone()),
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let version = submitted.json()["version"].as_u64().unwrap();

    // Two approvers (the client and the manager) approve or modify at once;
    // the worker tries to change her hours in the same instant.
    let mut set = JoinSet::new();
    for i in 0..12usize {
        let token = if i % 2 == 0 {
            client.clone()
        } else {
            manager.clone()
        };
        let body = if i % 3 == 0 {
            json!({"version": version})
        } else {
            json!({"version": version, "modifications": [
                {"date": "2026-02-02", "adjustment": format!("-{},00", 1 + i % 2), "meal": true, "note": format!("Modification {i}")}
            ]})
        };
        let url = format!("{url}/approval");
        set.spawn(async move {
            let r = call("POST", &url, Some(&token), Some(body.clone())).await;
            (Some(body), r)
        });
    }
    for _ in 0..2 {
        let (url, token, body) = (format!("{url}/timesheet"), worker.clone(), entries.clone());
        set.spawn(async move { (None, call("PUT", &url, Some(&token), Some(body)).await) });
    }
    let mut winners = Vec::new();
    let mut statuses = Vec::new();
    while let Some(done) = set.join_next().await {
        let (body, reply) = done.unwrap();
        statuses.push(reply.status);
        match (body, reply.status) {
            (Some(body), 200) => winners.push((body, reply.json())),
            (_, 409) => {
                let kind = reply.json()["type"].as_str().unwrap().to_string();
                assert!(
                    kind == "urn:sesame:problem:version-conflict"
                        || kind == "urn:sesame:problem:wrong-request-status",
                    "{kind}"
                );
            }
            (body, status) => panic!("unexpected {status} for {body:?}: {}", reply.body),
        }
    }
    assert_eq!(winners.len(), 1, "{statuses:?}");
    assert_eq!(statuses.len(), 14);
    let (body, answer) = winners.pop().unwrap();

    // The stored state is the winner's, exactly.
    let stored = call(
        "GET",
        &format!("{list}?status=approved"),
        Some(&manager),
        None,
    )
    .await
    .json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == answer["id"])
        .cloned()
        .expect("approved");
    assert_eq!(stored, answer, "the list shows what the winner was told");
    assert_eq!(stored["version"], version + 1);
    let adjustments = stored["hours"][0]["adjustments"].as_array().unwrap();
    match body["modifications"].as_array() {
        Some(m) => {
            assert_eq!(adjustments.len(), 1, "{stored}");
            assert_eq!(adjustments[0]["note"], m[0]["note"]);
            let delta = if m[0]["adjustment"] == "-1,00" {
                60
            } else {
                120
            };
            assert_eq!(stored["hours"][0]["payable_minutes"], 480 - delta);
        }
        None => {
            assert!(adjustments.is_empty(), "{stored}");
            assert_eq!(stored["hours"][0]["payable_minutes"], 480);
        }
    }
    assert!(
        stored["hours"][1]["adjustments"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // One audit event, one email to the worker.
    let audit = call(
        "GET",
        &format!("{base}/orgs/{org}/audit?action=hours.approved"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    let events = audit.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["target"] == answer["id"])
        .count();
    assert_eq!(events, 1);
    let approved =
        |m: &sesame_tests::emulator::SentEmail| m.subject == "Vos heures sont approuvées";
    emails_once(&worker_email, approved).await;
    // Give a second (wrong) delivery the time to show.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let mails = emails_once(&worker_email, approved)
        .await
        .into_iter()
        .filter(|m| approved(m))
        .count();
    assert_eq!(mails, 1);
    println!(
        "concurrency: 12 approvals/modifications by 2 approvers + 2 worker edits of one timesheet: 1 won, 13 got 409; stored state, audit and email are the winner's"
    );
}
