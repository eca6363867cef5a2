//! The `events/` samples and the state each expects: the demo organisation,
//! a sample user (`SAMPLE_USER`) in a given status, a pending access
//! request, and the session tokens the samples carry. Used by the events
//! test (in-memory adapters) and by the benchmark (in memory for the warm
//! cost, in the emulator for cold starts, with real tokens swapped in).

use crate::seed::{
    DEMO_ESTABLISHMENTS, DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_ID, seed_demo, seed_operator,
};
use crate::template::root;
use sesame::adapters::memory::{
    ManualClock, MemoryDirectory, MemoryFiles, MemoryMailer, MemoryStore, SeededRandom,
};
use sesame::config::Settings;
use sesame::domain::accounts::account::Account;
use sesame::domain::accounts::invitation::Invitation;
use sesame::domain::locale::Locale;
use sesame::domain::people::membership::{Civility, Membership, MembershipStatus};
use sesame::domain::people::permission::Permission;
use sesame::layout::records::{AccessRequest, EmailClaim, count, status_delta, to_item};
use sesame::operations::{Context, OpError};
use sesame::ports::Write;
use std::sync::Arc;

pub const SAMPLE_USER: &str = "019a0000-0000-7000-8000-00000000b001";
pub const SAMPLE_REQUEST: &str = "019a0000-0000-7000-8000-00000000c001";
pub const MANAGER_SESSION: &str = "sample-manager-session";
pub const OPERATOR_SESSION: &str = "sample-operator-session";

/// The sample user's status each sample expects, and the answer.
pub fn expectation(id: &str) -> Option<(MembershipStatus, u16)> {
    use MembershipStatus::*;
    Some(match id {
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
        _ => return None,
    })
}

/// The text of `events/<id>.json`.
pub fn event_text(id: &str) -> std::io::Result<String> {
    std::fs::read_to_string(root().join("events").join(format!("{id}.json")))
}

/// The records of the sample state, with the sample user in `status`.
pub fn records(ctx: &Context, org_id: &str, status: MembershipStatus) -> Vec<sesame::ports::Item> {
    let now = ctx.clock.now();
    let user = Membership {
        org_id: org_id.into(),
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
        id: SAMPLE_REQUEST.into(),
        org_id: org_id.into(),
        civility: Some(Civility::Mme),
        last_name: "Gagnon".into(),
        first_name: "Marie".into(),
        function: Some("Éducatrice".into()),
        email: "marie.gagnon@exemple.ca".into(),
        phone: "514 555-0177".into(),
        message: None,
        locale: Locale::Fr,
        status: "pending".into(),
        reason: None,
        user_id: None,
        created_at: now,
        decided_at: None,
        decided_by: None,
        version: 1,
    };
    vec![
        to_item(&request),
        to_item(&user),
        to_item(&account),
        to_item(&EmailClaim {
            email: account.email.clone(),
            account_id: SAMPLE_USER.into(),
        }),
    ]
}

/// Writes (or overwrites) the sample state, the sample user in `status`,
/// and counts them in the organisation's counters.
pub async fn put_sample(
    ctx: &Context,
    org_id: &str,
    status: MembershipStatus,
) -> Result<(), OpError> {
    reset_sample(ctx, org_id, status, &[]).await
}

/// Like [`put_sample`], first putting back `restore` (items saved earlier,
/// e.g. the organisation record) and removing what a sample may have added
/// (the manager's bank details), so one sample's changes do not leak into
/// the next.
pub async fn reset_sample(
    ctx: &Context,
    org_id: &str,
    status: MembershipStatus,
    restore: &[sesame::ports::Item],
) -> Result<(), OpError> {
    // The manager's own bank details, if a previous sample set them.
    let mut undo: Vec<Write> = vec![Write::Delete {
        key: sesame::layout::keys::bank_details(org_id, crate::seed::DEMO_MANAGER_ID),
        condition: None,
    }];
    undo.extend(restore.iter().map(|item| Write::Put {
        item: item.clone(),
        condition: None,
    }));
    ctx.store.transact(undo).await?;
    let mut writes: Vec<Write> = records(ctx, org_id, status)
        .into_iter()
        .map(|item| Write::Put {
            item,
            condition: None,
        })
        .collect();
    writes.extend(count(org_id, status_delta(None, Some(status))));
    ctx.store.transact(writes).await?;
    Ok(())
}

/// In-memory ports, with handles on each to steer and inspect them.
pub struct Memory {
    pub ctx: Context,
    pub store: Arc<MemoryStore>,
    pub mailer: Arc<MemoryMailer>,
    pub directory: Arc<MemoryDirectory>,
    pub clock: Arc<ManualClock>,
    pub files: Arc<MemoryFiles>,
}

/// Fresh in-memory ports: an empty store, a clock stopped on
/// 2026-11-22 09:00 UTC, seeded randomness.
pub fn memory() -> Memory {
    let store = Arc::new(MemoryStore::new());
    let mailer = Arc::new(MemoryMailer::new());
    let directory = Arc::new(MemoryDirectory::new());
    let files = Arc::new(MemoryFiles::new());
    let clock = Arc::new(ManualClock::new(
        "2026-11-22T09:00:00Z".parse().expect("time"),
    ));
    let ctx = Context {
        store: store.clone(),
        mailer: mailer.clone(),
        directory: directory.clone(),
        verifier: directory.clone(),
        clock: clock.clone(),
        random: Arc::new(SeededRandom::new(7)),
        files: files.clone(),
        settings: Settings {
            portal_url: "https://portail.exemple.ca".into(),
        },
    };
    Memory {
        ctx,
        store,
        mailer,
        directory,
        clock,
        files,
    }
}

/// In-memory ports with the demo organisation, the operator, the sample
/// state with the user in `status`, and the samples' session tokens.
pub async fn memory_fixture(status: MembershipStatus) -> Memory {
    let memory = memory();
    let (ctx, directory) = (&memory.ctx, &memory.directory);
    let demo = seed_demo(ctx).await.expect("demo seeded");
    let sub = ctx
        .directory
        .ensure_identity(&demo.manager_email)
        .await
        .expect("manager identity");
    directory.register_session(MANAGER_SESSION, &sub);
    seed_operator(ctx, DEMO_OPERATOR_ID, DEMO_OPERATOR_EMAIL)
        .await
        .expect("operator seeded");
    let operator = ctx
        .directory
        .ensure_identity(DEMO_OPERATOR_EMAIL)
        .await
        .expect("operator identity");
    directory.register_session(OPERATOR_SESSION, &operator);
    put_sample(ctx, &demo.org_id, status)
        .await
        .expect("sample state written");
    memory
}
