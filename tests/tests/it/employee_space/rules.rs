//! The rules of the employee-space operations (leave, expenses, bank
//! details, profile), on the in-memory ports (no emulator): one rule per
//! test.

use serde_json::json;
use sesame::operations::Outcome;
use sesame::operations::employee_space::{
    cancel_leave, decide_leave, expense_receipt, get_bank_details, reveal_bank_details,
    set_bank_details, submit_expense, submit_leave, update_profile,
};
use sesame::operations::organisation::update_settings;
use sesame::operations::people::get_user;
use sesame_tests::ops::{Ops, assert_refused, id_of, sample};
use sesame_tests::seed::{DEMO_EMPLOYEE_EMAIL, seed_demo_employee};

/// The demo organisation (every feature on) with its demo employee: (ops,
/// employee subject, employee id).
async fn space() -> (Ops, String, String) {
    let ops = Ops::demo().await;
    let id = seed_demo_employee(ops.ctx()).await.expect("demo employee");
    let sub = ops
        .ctx()
        .directory
        .ensure_identity(DEMO_EMPLOYEE_EMAIL)
        .await
        .unwrap();
    (ops, sub, id)
}

async fn leave(ops: &Ops, employee: &str) -> Outcome {
    ops.run(
        &submit_leave::SPEC,
        Some(employee),
        &[],
        Some(sample("submit_leave")),
    )
    .await
}

async fn decide(ops: &Ops, id: &str, body: serde_json::Value) -> Outcome {
    ops.as_manager(&decide_leave::SPEC, &[("request_id", id)], Some(body))
        .await
}

async fn approved_leave(ops: &Ops, employee: &str) -> String {
    let id = id_of(&leave(ops, employee).await);
    decide(ops, &id, json!({"decision": "approve", "version": 1}))
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_feature_switched_off_answers_feature_disabled() {
    let (ops, employee, _) = space().await;
    ops.as_manager(
        &update_settings::SPEC,
        &[],
        Some(json!({"features": {"absences": false}})),
    )
    .await
    .unwrap();
    assert_refused(&leave(&ops, &employee).await, 403, "feature-disabled");
}

#[tokio::test]
async fn submitted_leave_awaits_a_decision() {
    let (ops, employee, _) = space().await;
    let submitted = leave(&ops, &employee).await.unwrap();
    assert_eq!(submitted.status, 201);
    assert_eq!(
        submitted.body["request"]["state"], "pending",
        "{}",
        submitted.body
    );
}

#[tokio::test]
async fn refusing_leave_needs_a_comment() {
    let (ops, employee, _) = space().await;
    let id = id_of(&leave(&ops, &employee).await);
    let bare = decide(&ops, &id, json!({"decision": "refuse", "version": 1})).await;
    assert_refused(&bare, 422, "validation");
}

#[tokio::test]
async fn decided_leave_is_not_decided_again() {
    let (ops, employee, _) = space().await;
    let id = approved_leave(&ops, &employee).await;
    let again = decide(
        &ops,
        &id,
        json!({"decision": "refuse", "comment": "non", "version": 2}),
    )
    .await;
    assert_refused(&again, 409, "already-decided");
}

#[tokio::test]
async fn decided_leave_is_not_cancelled() {
    let (ops, employee, _) = space().await;
    let id = approved_leave(&ops, &employee).await;
    let cancel = ops
        .run(
            &cancel_leave::SPEC,
            Some(&employee),
            &[("request_id", &id)],
            None,
        )
        .await;
    assert_refused(&cancel, 409, "already-decided");
}

#[tokio::test]
async fn pending_leave_is_cancelled_by_its_employee() {
    let (ops, employee, _) = space().await;
    let id = id_of(&leave(&ops, &employee).await);
    let cancelled = ops
        .run(
            &cancel_leave::SPEC,
            Some(&employee),
            &[("request_id", &id)],
            None,
        )
        .await
        .unwrap();
    assert_eq!(cancelled.body["state"], "cancelled");
}

#[tokio::test]
async fn an_employee_does_not_decide_her_own_leave() {
    let (ops, employee, _) = space().await;
    let id = id_of(&leave(&ops, &employee).await);
    let refused = ops
        .run(
            &decide_leave::SPEC,
            Some(&employee),
            &[("request_id", &id)],
            Some(json!({"decision": "approve", "version": 1})),
        )
        .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn bank_details_are_shown_masked_to_the_employee_and_stored_sealed() {
    let (ops, employee, id) = space().await;
    let set = ops
        .run(
            &set_bank_details::SPEC,
            Some(&employee),
            &[],
            Some(json!({"iban": "DE89 3704 0044 0532 0130 00"})),
        )
        .await
        .unwrap();
    assert_eq!(set.body["masked"], "DE89 •••• 3000");
    let own = ops
        .run(&get_bank_details::SPEC, Some(&employee), &[], None)
        .await
        .unwrap();
    assert!(own.body.get("full").is_none() && !own.body.to_string().contains("0532"));
    // Stored sealed (the in-memory cipher: the same envelope as KMS's).
    let item = ops
        .ctx()
        .store
        .get(&sesame::layout::keys::bank_details(ops.org(), &id))
        .await
        .unwrap()
        .expect("stored");
    let text = serde_json::Value::Object(item).to_string();
    assert!(
        !text.contains("0532") && text.contains("\"sealed\""),
        "{text}"
    );
    // Read back in full with the permission: it opens.
    let full = ops
        .run(
            &reveal_bank_details::SPEC,
            Some(&ops.manager),
            &[("user_id", &id)],
            None,
        )
        .await
        .unwrap();
    assert_eq!(full.body["full"]["iban"], "DE89370400440532013000");
    assert_eq!(
        ops.m.cipher.calls.load(std::sync::atomic::Ordering::SeqCst),
        2
    );
}

#[tokio::test]
async fn revealing_bank_details_needs_the_sensitive_data_permission() {
    let (ops, employee, id) = space().await;
    let refused = ops
        .run(
            &reveal_bank_details::SPEC,
            Some(&employee),
            &[("user_id", &id)],
            None,
        )
        .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn a_receipt_is_not_served_before_its_upload() {
    let (ops, employee, _) = space().await;
    let expense = ops
        .run(
            &submit_expense::SPEC,
            Some(&employee),
            &[],
            Some(json!({"date": "2026-11-20", "category": "transport", "amount_cents": 4250, "currency": "CAD",
                "description": "Taxi", "receipt": {"file_name": "recu.pdf", "content_type": "application/pdf", "size_bytes": 21}})),
        )
        .await;
    let id = id_of(&expense);
    let early = ops
        .run(
            &expense_receipt::SPEC,
            Some(&employee),
            &[("request_id", &id)],
            None,
        )
        .await;
    assert_refused(&early, 409, "file-not-uploaded");
}

#[tokio::test]
async fn a_profile_edit_on_a_stale_version_is_a_conflict() {
    let (ops, employee, id) = space().await;
    let shown = ops
        .as_manager(&get_user::SPEC, &[("user_id", &id)], None)
        .await
        .unwrap();
    let version = shown.body["version"].as_u64().unwrap();
    let stale = ops
        .run(
            &update_profile::SPEC,
            Some(&employee),
            &[],
            Some(json!({"phone": "514 555-0111", "version": version - 1})),
        )
        .await;
    assert_refused(&stale, 409, "version-conflict");
}

#[tokio::test]
async fn the_name_is_not_editable_by_the_employee() {
    let (ops, employee, id) = space().await;
    let shown = ops
        .as_manager(&get_user::SPEC, &[("user_id", &id)], None)
        .await
        .unwrap();
    let version = shown.body["version"].as_u64().unwrap();
    let name = ops
        .run(
            &update_profile::SPEC,
            Some(&employee),
            &[],
            Some(json!({"first_name": "Zed", "version": version})),
        )
        .await;
    assert_refused(&name, 422, "validation");
}
