//! Each events/ sample, fed to its function's handler (in-memory adapters
//! seeded with the demo organisation and a sample user, fresh per event).

use crate::common::*;
use sesame::domain::account::Account;
use sesame::domain::invitation::Invitation;
use sesame::domain::membership::{Civility, Membership, MembershipStatus};
use sesame::domain::permission::Permission;
use sesame::layout::records::{AccessRequest, EmailClaim, count, create};
use sesame::operations::registry;
use sesame_tests::seed::{DEMO_ESTABLISHMENTS, seed_demo};
use sesame_tests::template::root;

const SAMPLE_USER: &str = "019a0000-0000-7000-8000-00000000b001";

/// The sample user's status each sample expects, and the answer.
pub fn expectation(id: &str) -> (MembershipStatus, u16) {
    use MembershipStatus::*;
    match id {
        "create_user" => (Draft, 201),
        "send_activation" => (Draft, 200),
        // The sample's token is not on file: "invalid link".
        "confirm_account" => (Invited, 400),
        "sign_in" | "me" | "get_user" | "list_users" | "update_user" => (Invited, 200),
        "cancel_invitation" | "change_email" | "delete_user" => (Invited, 200),
        "disable_user" => (Active, 200),
        "enable_user" => (Disabled, 200),
        "resend_pending" | "update_settings" | "list_audit" | "permission_matrix" => (Invited, 200),
        "appoint_manager" | "list_managers" | "set_grants" => (Invited, 200),
        "create_establishment" => (Invited, 201),
        "list_establishments" | "update_establishment" | "archive_establishment" => (Invited, 200),
        "get_organisation" | "update_organisation" => (Invited, 200),
        "request_access" => (Invited, 202),
        "list_access_requests" | "refuse_access_request" => (Invited, 200),
        "approve_access_request" => (Invited, 201),
        "create_organisation" => (Invited, 201),
        "set_security_key" | "set_secret_question" => (Invited, 200),
        "activation_info" => (Invited, 400),
        "submit_replacement" => (Invited, 201),
        "list_replacements" | "payroll_export" => (Invited, 200),
        // The sample request id is not on file in the fixture.
        "set_schedule" | "assign_worker" | "submit_timesheet" | "approve_hours" => (Invited, 404),
        "update_replacement" | "delete_replacement" | "cancel_replacement" | "mark_unfilled" => {
            (Invited, 404)
        }
        "replacement_lists" | "list_assignments" => (Invited, 200),
        // The demo organisation still has its manager: nothing to restore.
        "restore_manager" => (Invited, 409),
        // The sample user is no manager: removing the flag changes nothing.
        "remove_manager" => (Invited, 200),
        // The sample user is invited: a confirmation link goes out.
        "register" => (Invited, 202),
        "request_password_reset" => (Invited, 202),
        // The samples' tokens are not on file.
        "confirm_registration" | "reset_password" => (Invited, 400),
        // Employee space: the demo organisation has every feature on.
        "submit_leave" | "submit_expense" | "request_advance" | "create_hour_bank"
        | "share_document" => (Invited, 201),
        "list_leave" | "list_expenses" | "list_advances" | "list_weeks" | "list_documents" => {
            (Invited, 200)
        }
        "submit_week" | "set_bank_details" | "update_profile" => (Invited, 200),
        "change_login_email" => (Invited, 202),
        // The samples' records are not on file in the fixture.
        "decide_leave"
        | "cancel_leave"
        | "decide_expense"
        | "expense_receipt"
        | "decide_advance"
        | "decide_week"
        | "get_bank_details"
        | "reveal_bank_details"
        | "download_document" => (Invited, 404),
        "confirm_login_email" => (Invited, 400),
        other => panic!("no expectation for the sample of {other}"),
    }
}

pub async fn fixture(status: MembershipStatus) -> Memory {
    let memory = memory();
    let ctx = &memory.ctx;
    let demo = seed_demo(ctx).await.unwrap();
    let sub = ctx
        .directory
        .ensure_identity(&demo.manager_email)
        .await
        .unwrap();
    memory
        .directory
        .register_session("sample-manager-session", &sub);
    sesame_tests::seed::seed_operator(
        ctx,
        sesame_tests::seed::DEMO_OPERATOR_ID,
        sesame_tests::seed::DEMO_OPERATOR_EMAIL,
    )
    .await
    .unwrap();
    let operator = ctx
        .directory
        .ensure_identity(sesame_tests::seed::DEMO_OPERATOR_EMAIL)
        .await
        .unwrap();
    memory
        .directory
        .register_session("sample-operator-session", &operator);
    let now = ctx.clock.now();
    let user = Membership {
        org_id: demo.org_id.clone(),
        account_id: SAMPLE_USER.into(),
        civility: Civility::M,
        last_name: "Roy".into(),
        first_name: "Julien".into(),
        email: "julien.roy@exemple.ca".into(),
        phone: "438 555-0123".into(),
        function: None,
        birth_date: None,
        main_establishment: Some(DEMO_ESTABLISHMENTS[0].0.into()),
        manager: false,
        grants: [(
            DEMO_ESTABLISHMENTS[0].0.to_string(),
            [Permission::Leave].into(),
        )]
        .into(),
        status,
        locale: None,
        invitation: (status == MembershipStatus::Invited).then(|| Invitation {
            sent_at: now,
            expires_at: now,
            times_sent: 1,
            token_hash: "0".repeat(64),
            outbox_id: "none".into(),
            email_key_hash: None,
            failed_attempts: 0,
        }),
        last_login_at: None,
        secret: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let account = Account {
        id: SAMPLE_USER.into(),
        email: user.email.clone(),
        identity: None,
        created_at: now,
        last_login_at: None,
        version: 1,
    };
    let request = AccessRequest {
        id: "019a0000-0000-7000-8000-00000000c001".into(),
        org_id: demo.org_id.clone(),
        civility: Some(Civility::Mme),
        last_name: "Gagnon".into(),
        first_name: "Marie".into(),
        function: Some("Éducatrice".into()),
        email: "marie.gagnon@exemple.ca".into(),
        phone: "514 555-0177".into(),
        message: None,
        locale: sesame::domain::locale::Locale::Fr,
        status: "pending".into(),
        reason: None,
        user_id: None,
        created_at: now,
        decided_at: None,
        decided_by: None,
        version: 1,
    };
    let mut writes = vec![
        create(&request),
        create(&user),
        create(&account),
        create(&EmailClaim {
            email: account.email.clone(),
            account_id: SAMPLE_USER.into(),
        }),
    ];
    writes.extend(count(
        &demo.org_id,
        sesame::layout::records::status_delta(None, Some(status)),
    ));
    ctx.store.transact(writes).await.unwrap();
    memory
}

#[tokio::test]
async fn every_sample_event_reaches_its_handler() {
    for spec in registry() {
        let (status, want) = expectation(spec.id);
        let memory = fixture(status).await;
        let path = root().join("events").join(format!("{}.json", spec.id));
        let text = std::fs::read_to_string(&path).unwrap();
        let request = lambda_http::request::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not an HTTP API v2 event: {e}", path.display()));
        let response = sesame::http::handle(&memory.ctx, spec, request).await;
        let body = match response.body() {
            lambda_http::Body::Text(t) => t.clone(),
            _ => String::new(),
        };
        assert_eq!(response.status().as_u16(), want, "{}: {body}", spec.id);
    }
}
