//! What matching costs as a service grows (issue 21), measured on the
//! emulator at 100 and then 5,000 workers in one run. Matching reads the
//! organisation's partition by three sort-key prefixes (`MEMBER#`,
//! `WORKER#`, `REPL#`) with Query, never a Scan: the items it reads are
//! exactly the service's members, profiles and requests, so they grow one
//! for one with the workers, and its Query calls by one per 1 MB page.

use crate::common::{activated, call, local, requested, sign_in};
use serde_json::json;
use sesame::domain::people::membership::Membership;
use sesame::domain::replacements::worker::WorkerProfile;
use sesame::layout::keys;
use sesame::layout::records::from_item;
use sesame_tests::seed::batch_put;
use std::time::Instant;

const SIZES: [usize; 2] = [100, 5_000];

/// What one matching request cost: Query calls, items read, milliseconds.
#[derive(Debug, Clone, Copy)]
struct Cost {
    workers: usize,
    queries: u64,
    items_read: u64,
    millis: u128,
}

#[tokio::test(flavor = "multi_thread")]
async fn matching_reads_grow_one_for_one_with_the_workers_never_scanning_at_100_and_5000() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    // One worker made the way a service makes her; the others are copies
    // of her membership and profile under their own ids.
    let (first, _) = activated(&run, &manager, "replacement_worker", "Échelle").await;
    let saved = call(
        "PUT",
        &format!("{base}/orgs/{org}/workers/{first}/profile"),
        Some(&manager),
        Some(json!({
            "functions": ["Éducatrice qualifiée"],
            "age_groups": ["Poupons (0-18 mois)"],
            "qualified": true,
            "max_weekly_minutes": 2400,
            "week": {"monday": [{"start": "07:00", "end": "17:00"}],
                     "tuesday": [{"start": "07:00", "end": "17:00"}]},
            "version": 0
        })),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let id = requested(&run, &manager, "2026-12-14", "2026-12-15").await;
    let get = |key| {
        let store = run.ctx.store.clone();
        async move { store.get(&key).await.unwrap().expect("stored") }
    };
    let member: Membership = from_item(get(keys::membership(&org, &first)).await).unwrap();
    let profile: WorkerProfile = from_item(get(keys::worker_profile(&org, &first)).await).unwrap();

    let url = format!("{base}/orgs/{org}/replacements/{id}/matches");
    let mut seeded = 1;
    let mut costs = Vec::new();
    for workers in SIZES {
        let ids: Vec<String> = (seeded..workers)
            .map(|n| format!("019b0000-0000-7000-8000-{n:012}"))
            .collect();
        let members: Vec<Membership> = ids
            .iter()
            .enumerate()
            .map(|(n, account)| Membership {
                account_id: account.clone(),
                last_name: format!("Échelle{:05}", seeded + n),
                email: format!("echelle{}@exemple.ca", seeded + n),
                ..member.clone()
            })
            .collect();
        let profiles: Vec<WorkerProfile> = ids
            .iter()
            .map(|account| WorkerProfile {
                account_id: account.clone(),
                ..profile.clone()
            })
            .collect();
        batch_put(&run, &members).await.unwrap();
        batch_put(&run, &profiles).await.unwrap();
        seeded = workers;
        // The operation's own calls (the sender's, meanwhile, are apart).
        let before = run
            .calls
            .by_operation()
            .remove("replacement_matches")
            .unwrap_or_default();
        let started = Instant::now();
        let answer = call("GET", &url, Some(&manager), None).await;
        let millis = started.elapsed().as_millis();
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(
            answer.json()["matching"].as_array().map(Vec::len),
            Some(workers),
            "every worker matches"
        );
        let after = run
            .calls
            .by_operation()
            .remove("replacement_matches")
            .unwrap_or_default();
        let n = |c: &sesame::adapters::calls::OperationCalls, name: &str| {
            c.total.calls.get(name).copied().unwrap_or(0)
        };
        assert_eq!(
            n(&after, "DynamoDB.Scan"),
            0,
            "matching never scans: {:?}",
            after.total.calls
        );
        costs.push(Cost {
            workers,
            queries: n(&after, "DynamoDB.Query") - n(&before, "DynamoDB.Query"),
            items_read: after.total.scanned - before.total.scanned,
            millis,
        });
    }
    for c in &costs {
        eprintln!(
            "matching at {:>5} workers: {:>3} Query calls, {:>6} items read, {:>6} ms",
            c.workers, c.queries, c.items_read, c.millis
        );
    }
    let (small, large) = (costs[0], costs[1]);
    eprintln!(
        "matching 100 -> 5,000 workers: items read x{:.1}, Query calls x{:.1}, time x{:.1}",
        large.items_read as f64 / small.items_read as f64,
        large.queries as f64 / small.queries as f64,
        large.millis as f64 / small.millis.max(1) as f64
    );
    // One membership and one profile read more per worker added, nothing
    // else: the cost is linear in the service's workers, by Query only.
    assert_eq!(
        large.items_read - small.items_read,
        2 * (SIZES[1] - SIZES[0]) as u64,
        "{costs:?}"
    );
    // Three Queries (one page each) for a small service; a large one pages.
    assert_eq!(small.queries, 3, "{costs:?}");
    assert!(large.queries > small.queries, "{costs:?}");
}
