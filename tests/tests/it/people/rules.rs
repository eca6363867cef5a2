//! The rules of the people operations, on the in-memory ports (no
//! emulator): one rule per test.

use crate::common::employee;
use serde_json::json;
use sesame::domain::people::permission::{Permission, RolePreset};
use sesame::operations::people::{
    create_user, disable_user, get_user, send_activation, update_user,
};
use sesame_tests::ops::{EST_A, EST_B, Ops, assert_refused, id_of};
use sesame_tests::seed::DEMO_MANAGER_ID;

/// What a user manager needs to give the employee preset at `EST_A`.
fn user_manager() -> Vec<Permission> {
    [
        &[Permission::ManageUsers][..],
        RolePreset::Employee.permissions(),
    ]
    .concat()
}

#[tokio::test]
async fn a_manager_creates_a_user_as_a_draft() {
    let ops = Ops::demo().await;
    let created = ops
        .as_manager(
            &create_user::SPEC,
            &[],
            Some(employee("zoe@exemple.ca", EST_A)),
        )
        .await
        .unwrap();
    assert_eq!(created.status, 201);
    assert_eq!(created.body["status"], "draft");
}

#[tokio::test]
async fn an_anonymous_caller_cannot_create_a_user() {
    let ops = Ops::demo().await;
    let form = employee("zoe@exemple.ca", EST_A);
    let refused = ops.run(&create_user::SPEC, None, &[], Some(form)).await;
    assert_refused(&refused, 401, "unauthenticated");
}

#[tokio::test]
async fn a_member_without_manage_users_cannot_create_a_user() {
    let ops = Ops::demo().await;
    let leave_only = ops.member("conge@exemple.ca", &[Permission::Leave]).await;
    let form = employee("zoe@exemple.ca", EST_A);
    let refused = ops
        .run(&create_user::SPEC, Some(&leave_only), &[], Some(form))
        .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn a_new_user_needs_a_valid_email() {
    let ops = Ops::demo().await;
    let form = employee("pas-un-courriel", EST_A);
    let refused = ops.as_manager(&create_user::SPEC, &[], Some(form)).await;
    assert_refused(&refused, 422, "validation");
}

#[tokio::test]
async fn an_email_is_taken_once_per_organisation() {
    let ops = Ops::demo().await;
    let form = employee("zoe@exemple.ca", EST_A);
    let first = ops
        .as_manager(&create_user::SPEC, &[], Some(form.clone()))
        .await;
    assert_eq!(first.unwrap().status, 201);
    let again = ops.as_manager(&create_user::SPEC, &[], Some(form)).await;
    assert_refused(&again, 409, "email-taken");
}

#[tokio::test]
async fn a_user_manager_grants_only_at_the_establishments_she_manages() {
    let ops = Ops::demo().await;
    let director = ops.member("dir@exemple.ca", &user_manager()).await;
    let form = employee("zoe@exemple.ca", EST_B);
    let refused = ops
        .run(&create_user::SPEC, Some(&director), &[], Some(form))
        .await;
    assert_refused(&refused, 403, "grant-outside-managed-establishments");
}

#[tokio::test]
async fn only_a_manager_makes_a_manager() {
    let ops = Ops::demo().await;
    let director = ops.member("dir@exemple.ca", &user_manager()).await;
    let mut form = employee("zoe@exemple.ca", EST_A);
    form["manager"] = json!(true);
    let refused = ops
        .run(&create_user::SPEC, Some(&director), &[], Some(form))
        .await;
    assert_refused(&refused, 403, "grant-manager-flag");
}

#[tokio::test]
async fn sending_the_activation_invites_a_draft_and_the_email_follows() {
    let ops = Ops::demo().await;
    let created = ops
        .as_manager(
            &create_user::SPEC,
            &[],
            Some(employee("zoe@exemple.ca", EST_A)),
        )
        .await;
    let id = id_of(&created);
    let sent = ops
        .as_manager(&send_activation::SPEC, &[("user_id", &id)], None)
        .await
        .unwrap();
    assert_eq!(sent.body["status"], "invited");
    // The change only queues the email: the sender delivers it.
    assert_eq!(sent.body["invitation"]["delivery"], "pending");
    assert!(ops.subjects_to("zoe@exemple.ca").is_empty());
    ops.deliver().await;
    let subjects = ops.subjects_to("zoe@exemple.ca");
    assert!(
        subjects
            .iter()
            .any(|s| s.starts_with("Activez votre compte")),
        "{subjects:?}"
    );
}

#[tokio::test]
async fn an_edit_on_a_stale_version_is_a_conflict() {
    let ops = Ops::demo().await;
    let created = ops
        .as_manager(
            &create_user::SPEC,
            &[],
            Some(employee("zoe@exemple.ca", EST_A)),
        )
        .await;
    let id = id_of(&created);
    let stale = ops
        .as_manager(
            &update_user::SPEC,
            &[("user_id", &id)],
            Some(json!({"version": 7, "phone": "438 555-0123"})),
        )
        .await;
    assert_refused(&stale, 409, "version-conflict");
    let fresh = ops
        .as_manager(
            &update_user::SPEC,
            &[("user_id", &id)],
            Some(json!({"version": 1, "phone": "438 555-0123"})),
        )
        .await
        .unwrap();
    assert_eq!(fresh.body["version"], 2);
}

#[tokio::test]
async fn the_last_active_manager_cannot_be_disabled() {
    let ops = Ops::demo().await;
    let refused = ops
        .as_manager(&disable_user::SPEC, &[("user_id", DEMO_MANAGER_ID)], None)
        .await;
    assert_refused(&refused, 409, "last-manager");
}

#[tokio::test]
async fn a_user_not_of_the_organisation_is_not_found() {
    let ops = Ops::demo().await;
    let missing = ops
        .as_manager(
            &get_user::SPEC,
            &[("user_id", "019a0000-0000-7000-8000-0000000000ff")],
            None,
        )
        .await;
    assert_refused(&missing, 404, "not-found");
}
