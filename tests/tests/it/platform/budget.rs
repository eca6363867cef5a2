//! AWS call budgets, counted by the SDK interceptor and attributed to the
//! operation serving each request: every operation's sample request (with
//! real tokens, against the emulator) on a warm runner; no operation scans;
//! every mutating operation makes at most 2 DynamoDB read calls and 1 write
//! call. (The whole suite is held to the same budget by `scripts/test.sh`,
//! from the calls report every runner appends to.)

use crate::common::*;
use sesame::operations::registry;
use sesame_tests::bench::{real_event, replay, sign_in};
use sesame_tests::budget;
use sesame_tests::samples::{expectation, reset_sample};
use sesame_tests::seed::DEMO_OPERATOR_EMAIL;

#[tokio::test]
async fn every_sample_request_stays_in_its_call_budget_and_nothing_scans() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email).await.unwrap();
    let operator = sign_in(&base, DEMO_OPERATOR_EMAIL).await.unwrap();
    // A warm container has already resolved its callers once.
    for token in [&manager, &operator] {
        let reply = call("GET", &format!("{base}/me"), Some(token), None).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    // Each sample starts from the organisation as seeded.
    let org = run
        .ctx
        .store
        .get(&sesame::layout::keys::org(&run.demo.org_id))
        .await
        .unwrap()
        .unwrap();
    let mut seen = 0;
    let mut wrong = Vec::new();
    for spec in registry() {
        // Without an expectation (samples.rs), any answer but a server error.
        let expected = expectation(spec.id);
        let status = expected.map_or(
            sesame::domain::people::membership::MembershipStatus::Invited,
            |(s, _)| s,
        );
        reset_sample(
            &run.ctx,
            &run.demo.org_id,
            status,
            std::slice::from_ref(&org),
        )
        .await
        .unwrap();
        let event = real_event(spec.id, &manager, &operator).unwrap();
        let got = replay(&base, &event).await.unwrap();
        match expected {
            Some((_, want)) if got != want => {
                wrong.push(format!("{}: {got}, expected {want}", spec.id))
            }
            None if got >= 500 => wrong.push(format!("{}: {got}", spec.id)),
            _ => {}
        }
        seen += 1;
    }
    assert!(wrong.is_empty(), "unexpected answers: {wrong:#?}");
    let calls = run.calls.by_operation();
    assert_eq!(seen, registry().len());
    for spec in registry() {
        assert!(
            calls.get(spec.id).is_some_and(|c| c.requests >= 1),
            "{} was not attributed",
            spec.id
        );
    }
    assert_eq!(run.calls.count("Scan"), 0, "{:?}", run.calls.snapshot());
    println!(
        "calls per request (most reads/writes(transactions)/Cognito/SES):\n{}",
        budget::table(&calls)
    );
    let breaches = budget::breaches(&calls, false);
    assert!(breaches.is_empty(), "over budget: {breaches:#?}");
}
