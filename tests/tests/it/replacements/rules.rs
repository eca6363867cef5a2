//! The rules of the replacement operations (requests, schedules,
//! assignments, timesheets, approvals), on the in-memory ports (no
//! emulator): one rule per test.

use crate::common::{request_form, schedule};
use serde_json::{Value, json};
use sesame::domain::people::permission::{Permission, RolePreset};
use sesame::operations::replacements::{
    approve_hours, assign_worker, delete_replacement, payroll_export, set_schedule,
    submit_replacement, submit_timesheet,
};
use sesame_tests::ops::{Ops, assert_refused, id_of};

/// The demo organisation with a client and a replacement worker: (ops,
/// client subject, worker subject, worker id).
async fn service() -> (Ops, String, String, String) {
    let ops = Ops::demo().await;
    let client = ops
        .member("client@exemple.ca", RolePreset::Client.permissions())
        .await;
    let (worker, worker_id) = ops
        .person(
            "wendy@exemple.ca",
            RolePreset::ReplacementWorker.permissions(),
        )
        .await;
    (ops, client, worker, worker_id)
}

/// A request with its schedule (7 and 8 December) by `client`: its id.
async fn requested(ops: &Ops, client: &str, start: &str, end: &str) -> String {
    let mut form = request_form();
    form["schedule"] = schedule(start, end);
    let created = ops
        .run(&submit_replacement::SPEC, Some(client), &[], Some(form))
        .await;
    id_of(&created)
}

async fn assign(ops: &Ops, id: &str, worker_id: &str) -> sesame::operations::Outcome {
    ops.as_manager(
        &assign_worker::SPEC,
        &[("replacement_id", id)],
        Some(json!({ "worker_id": worker_id })),
    )
    .await
}

fn two_days() -> Value {
    json!({"entries": [
        {"date": "2026-12-07", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30, "meal_taken": false},
        {"date": "2026-12-08", "start_time": "07:30", "end_time": "16:00", "break_minutes": 30, "meal_taken": false}
    ]})
}

#[tokio::test]
async fn a_request_without_a_schedule_is_a_draft() {
    let (ops, client, _, _) = service().await;
    let created = ops
        .run(
            &submit_replacement::SPEC,
            Some(&client),
            &[],
            Some(request_form()),
        )
        .await
        .unwrap();
    assert_eq!(created.status, 201);
    assert_eq!(created.body["status"], "draft");
}

#[tokio::test]
async fn its_schedule_makes_a_draft_requested_with_one_shift_a_day() {
    let (ops, client, _, _) = service().await;
    let created = ops
        .run(
            &submit_replacement::SPEC,
            Some(&client),
            &[],
            Some(request_form()),
        )
        .await;
    let id = id_of(&created);
    let scheduled = ops
        .run(
            &set_schedule::SPEC,
            Some(&client),
            &[("replacement_id", &id)],
            Some(schedule("2026-12-07", "2026-12-08")),
        )
        .await
        .unwrap();
    assert_eq!(scheduled.body["status"], "requested");
    assert_eq!(scheduled.body["schedule"]["shifts"], 2);
}

#[tokio::test]
async fn a_member_without_request_replacements_cannot_ask_for_one() {
    let (ops, _, worker, _) = service().await;
    let refused = ops
        .run(
            &submit_replacement::SPEC,
            Some(&worker),
            &[],
            Some(request_form()),
        )
        .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn a_schedule_that_ends_before_it_starts_is_refused() {
    let (ops, client, _, _) = service().await;
    let mut form = request_form();
    form["schedule"] = schedule("2026-12-08", "2026-12-07");
    let refused = ops
        .run(&submit_replacement::SPEC, Some(&client), &[], Some(form))
        .await;
    assert_refused(&refused, 422, "validation");
}

#[tokio::test]
async fn a_worker_is_never_booked_twice_on_overlapping_hours() {
    let (ops, client, _, worker_id) = service().await;
    let first = requested(&ops, &client, "2026-12-07", "2026-12-08").await;
    assert_eq!(assign(&ops, &first, &worker_id).await.unwrap().status, 200);
    let second = requested(&ops, &client, "2026-12-08", "2026-12-09").await;
    let double = assign(&ops, &second, &worker_id).await;
    assert_refused(&double, 409, "worker-booked");
}

#[tokio::test]
async fn an_unknown_request_is_not_found() {
    let (ops, _, _, worker_id) = service().await;
    let missing = assign(&ops, "019a0000-0000-7000-8000-0000000000ff", &worker_id).await;
    assert_refused(&missing, 404, "not-found");
}

#[tokio::test]
async fn a_request_is_deleted_only_before_its_assignment() {
    let (ops, client, _, worker_id) = service().await;
    let id = requested(&ops, &client, "2026-12-07", "2026-12-08").await;
    assign(&ops, &id, &worker_id).await.unwrap();
    let refused = ops
        .run(
            &delete_replacement::SPEC,
            Some(&client),
            &[("replacement_id", &id)],
            None,
        )
        .await;
    assert_refused(&refused, 409, "wrong-request-status");
}

#[tokio::test]
async fn the_assigned_worker_submits_her_hours_for_approval() {
    let (ops, client, worker, worker_id) = service().await;
    let id = requested(&ops, &client, "2026-12-07", "2026-12-08").await;
    assign(&ops, &id, &worker_id).await.unwrap();
    let submitted = ops
        .run(
            &submit_timesheet::SPEC,
            Some(&worker),
            &[("replacement_id", &id)],
            Some(two_days()),
        )
        .await
        .unwrap();
    assert_eq!(submitted.body["status"], "timesheet_submitted");
}

#[tokio::test]
async fn a_modification_of_the_hours_needs_a_note() {
    let (ops, client, worker, worker_id) = service().await;
    let id = requested(&ops, &client, "2026-12-07", "2026-12-08").await;
    assign(&ops, &id, &worker_id).await.unwrap();
    let submitted = ops
        .run(
            &submit_timesheet::SPEC,
            Some(&worker),
            &[("replacement_id", &id)],
            Some(two_days()),
        )
        .await
        .unwrap();
    let version = submitted.body["version"].as_u64().unwrap();
    let modification = json!({"date": "2026-12-07", "adjustment": "-1,00", "meal": true});
    let refused = ops
        .run(
            &approve_hours::SPEC,
            Some(&client),
            &[("replacement_id", &id)],
            Some(json!({"version": version, "modifications": [modification]})),
        )
        .await;
    assert_refused(&refused, 422, "validation");
}

#[tokio::test]
async fn the_payroll_export_is_for_managers_only() {
    let (ops, _, _, _) = service().await;
    let dispatcher = ops.member("disp@exemple.ca", &[Permission::Dispatch]).await;
    let refused = ops
        .run(&payroll_export::SPEC, Some(&dispatcher), &[], None)
        .await;
    assert_refused(&refused, 403, "forbidden");
}
