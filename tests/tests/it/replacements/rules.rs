//! The rules of the replacement operations (requests, schedules,
//! assignments, timesheets, approvals), on the in-memory ports (no
//! emulator): one rule per test.

use crate::common::{request_form, schedule};
use serde_json::{Value, json};
use sesame::domain::people::permission::{Permission, RolePreset};
use sesame::operations::replacements::{
    approve_hours, assign_worker, delete_replacement, get_reports, list_assignments,
    list_replacements, list_workers, payroll_export, set_schedule, submit_replacement,
    submit_timesheet,
};
use sesame_tests::ops::{Ops, assert_refused, call_query, id_of};

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

/// The clock moved past the shifts of 7 and 8 December (to the 9th, 09:00
/// in Toronto): their hours may be submitted.
fn after_the_shifts(ops: &Ops) {
    ops.m
        .clock
        .advance(jiff::SignedDuration::from_hours(17 * 24 + 5));
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
    after_the_shifts(&ops);
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
    after_the_shifts(&ops);
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

/// A request of the 7th and 8th at the first installation, worked and
/// approved: its id.
async fn approved(ops: &Ops, client: &str, worker: &str, worker_id: &str) -> String {
    let id = requested(ops, client, "2026-12-07", "2026-12-08").await;
    assign(ops, &id, worker_id).await.unwrap();
    after_the_shifts(ops);
    let submitted = ops
        .run(
            &submit_timesheet::SPEC,
            Some(worker),
            &[("replacement_id", &id)],
            Some(two_days()),
        )
        .await
        .unwrap();
    let version = submitted.body["version"].as_u64().unwrap();
    ops.run(
        &approve_hours::SPEC,
        Some(client),
        &[("replacement_id", &id)],
        Some(json!({"version": version})),
    )
    .await
    .unwrap();
    id
}

/// The payroll CSV's lines for `caller`.
async fn payroll_lines(ops: &Ops, caller: &str) -> Vec<String> {
    let out = call_query(
        ops.ctx(),
        &payroll_export::SPEC,
        Some(caller),
        &[("org_id", ops.org())],
        &[("from", "2026-12-01"), ("to", "2026-12-31")],
        None,
    )
    .await
    .unwrap();
    out.text.unwrap().1.lines().map(str::to_string).collect()
}

/// Seed 004's "Données des reporting": `reports` opens the payroll export,
/// for the establishments where it is held; without it, refused.
#[tokio::test]
async fn the_payroll_export_is_for_holders_of_reports_at_their_establishments() {
    let (ops, client, worker, worker_id) = service().await;
    approved(&ops, &client, &worker, &worker_id).await;
    let holder = |email: &'static str, at: usize| {
        let ops = &ops;
        async move {
            sesame_tests::ops::member(
                ops.ctx(),
                ops.org(),
                email,
                false,
                sesame_tests::ops::grants(
                    sesame_tests::seed::DEMO_ESTABLISHMENTS[at].0,
                    &[Permission::Reports],
                ),
                sesame::domain::people::membership::MembershipStatus::Active,
            )
            .await
        }
    };
    // At the installation of the shifts: both lines (and the header).
    let here = holder("rapports.ici@exemple.ca", 0).await;
    let lines = payroll_lines(&ops, &here).await;
    assert_eq!(lines.len(), 3, "{lines:?}");
    // At another installation only: the header alone.
    let elsewhere = holder("rapports.ailleurs@exemple.ca", 1).await;
    assert_eq!(payroll_lines(&ops, &elsewhere).await.len(), 1);
    // A dispatcher without reports is refused.
    let dispatcher = ops.member("disp@exemple.ca", &[Permission::Dispatch]).await;
    let refused = ops
        .run(&payroll_export::SPEC, Some(&dispatcher), &[], None)
        .await;
    assert_refused(&refused, 403, "forbidden");

    // The reports' figures, where she holds reports only.
    let figures = |caller: String, format: &'static str| {
        let ops = &ops;
        async move {
            call_query(
                ops.ctx(),
                &get_reports::SPEC,
                Some(&caller),
                &[("org_id", ops.org())],
                &[
                    ("from", "2026-12-01"),
                    ("to", "2026-12-31"),
                    ("format", format),
                ],
                None,
            )
            .await
        }
    };
    let mine = figures(here.clone(), "json").await.unwrap();
    assert_eq!(
        mine.body["hours"].as_array().unwrap().len(),
        1,
        "{}",
        mine.body
    );
    assert_eq!(mine.body["hours"][0]["shifts"], 2);
    // 07:30–16:00 less a 30-minute break, twice.
    assert_eq!(mine.body["hours"][0]["payable_minutes"], 960);
    assert_eq!(
        mine.body["replacements"],
        json!([{"status": "approved", "count": 1}])
    );
    let none = figures(elsewhere.clone(), "json").await.unwrap();
    assert_eq!(none.body["hours"], json!([]));
    assert_eq!(none.body["replacements"], json!([]));
    let csv = figures(here.clone(), "csv").await.unwrap();
    let text = csv.text.unwrap().1;
    assert!(text.starts_with("figure,of,count,value"), "{text}");
    assert!(text.contains("replacements,approved,1"), "{text}");
    let bad = figures(here, "pdf").await;
    assert_refused(&bad, 422, "validation");
    let refused = ops
        .run(&get_reports::SPEC, Some(&dispatcher), &[], None)
        .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn a_dispatcher_lists_the_requests_to_dispatch_and_assigns_one() {
    let (ops, client, _, worker_id) = service().await;
    let id = requested(&ops, &client, "2026-12-07", "2026-12-08").await;
    // The "Répartiteur" preset (dispatch + reports), at the other installation.
    let dispatcher = sesame_tests::ops::member(
        ops.ctx(),
        ops.org(),
        "rita@exemple.ca",
        false,
        sesame_tests::ops::grants(
            sesame_tests::seed::DEMO_ESTABLISHMENTS[1].0,
            RolePreset::Dispatcher.permissions(),
        ),
        sesame::domain::people::membership::MembershipStatus::Active,
    )
    .await;
    let listed = call_query(
        ops.ctx(),
        &list_replacements::SPEC,
        Some(&dispatcher),
        &[("org_id", ops.org())],
        &[("status", "requested")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body["items"][0]["id"], id.as_str());
    assert_eq!(
        listed.body["items"][0]["establishment_name"],
        "Installation Rosemont"
    );
    // She picks the worker from the dispatch list (she manages no users).
    let workers = ops
        .run(&list_workers::SPEC, Some(&dispatcher), &[], None)
        .await
        .unwrap();
    let offered: Vec<&str> = workers.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    assert_eq!(offered, [worker_id.as_str()]);
    let assigned = ops
        .run(
            &assign_worker::SPEC,
            Some(&dispatcher),
            &[("replacement_id", &id)],
            Some(json!({ "worker_id": worker_id })),
        )
        .await
        .unwrap();
    assert_eq!(assigned.body["status"], "assigned");
}

#[tokio::test]
async fn a_member_who_neither_requests_approves_nor_dispatches_lists_no_requests() {
    let (ops, _, worker, _) = service().await;
    let refused = ops
        .run(&list_replacements::SPEC, Some(&worker), &[], None)
        .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn hours_are_refused_before_the_last_shift_has_ended() {
    let (ops, client, worker, worker_id) = service().await;
    let id = requested(&ops, &client, "2026-12-07", "2026-12-08").await;
    assign(&ops, &id, &worker_id).await.unwrap();
    let early = ops
        .run(
            &submit_timesheet::SPEC,
            Some(&worker),
            &[("replacement_id", &id)],
            Some(two_days()),
        )
        .await;
    assert_refused(&early, 409, "timesheet-too-early");
    let said = format!("{early:?}");
    assert!(said.contains("2026-12-08T16:00:00"), "{said}");
    // The worker's view says from when.
    let mine = ops
        .run(&list_assignments::SPEC, Some(&worker), &[], None)
        .await
        .unwrap();
    assert_eq!(
        mine.body["items"][0]["schedule"]["timesheet_from"],
        "2026-12-08T16:00:00"
    );
    after_the_shifts(&ops);
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
async fn the_worker_is_told_where_to_go_on_which_days_and_the_clients_notes() {
    let (ops, client, worker, worker_id) = service().await;
    let mut form = request_form();
    let mut days = schedule("2026-12-07", "2026-12-11");
    days["skipped_days"] = json!(["2026-12-09"]);
    form["schedule"] = days;
    let created = ops
        .run(&submit_replacement::SPEC, Some(&client), &[], Some(form))
        .await;
    let id = id_of(&created);
    assign(&ops, &id, &worker_id).await.unwrap();
    let mine = ops
        .run(&list_assignments::SPEC, Some(&worker), &[], None)
        .await
        .unwrap();
    let card = &mine.body["items"][0];
    assert_eq!(card["establishment_name"], "Installation Rosemont");
    assert_eq!(card["notes"], "Arrivée par la porte arrière.");
    assert_eq!(
        card["schedule"]["days"],
        json!(["2026-12-07", "2026-12-08", "2026-12-10", "2026-12-11"])
    );
    ops.deliver().await;
    let mail = ops
        .m
        .mailer
        .sent()
        .into_iter()
        .find(|m| m.to == "wendy@exemple.ca")
        .expect("the worker is emailed");
    assert!(
        mail.text.contains("Où : Installation Rosemont."),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("Arrivée par la porte arrière."));
    assert!(mail.text.contains("mercredi 2026-12-10") || mail.text.contains("jeudi 2026-12-10"));
    assert!(!mail.text.contains("2026-12-09"), "{}", mail.text);
}

#[tokio::test]
async fn the_meal_shown_is_the_meal_the_client_approved() {
    let (ops, client, worker, worker_id) = service().await;
    let id = requested(&ops, &client, "2026-12-07", "2026-12-08").await;
    assign(&ops, &id, &worker_id).await.unwrap();
    after_the_shifts(&ops);
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
    let modification =
        json!({"date": "2026-12-07", "adjustment": "-2,00", "meal": true, "note": "Repas fourni."});
    let approved = ops
        .run(
            &approve_hours::SPEC,
            Some(&client),
            &[("replacement_id", &id)],
            Some(json!({"version": version, "modifications": [modification]})),
        )
        .await
        .unwrap();
    let day = &approved.body["hours"][0];
    assert_eq!(day["meal_taken"], false, "as the worker submitted");
    assert_eq!(day["meal"], true, "as the client approved");
    assert_eq!(approved.body["hours"][1]["meal"], false);
}
