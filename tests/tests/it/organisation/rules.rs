//! The rules of the organisation operations (establishments, settings, the
//! organisation record, operators), on the in-memory ports (no emulator):
//! one rule per test.

use serde_json::json;
use sesame::domain::people::permission::Permission;
use sesame::operations::Context;
use sesame::operations::organisation::{
    create_establishment, create_organisation, get_organisation, list_audit, list_establishments,
    update_organisation, update_settings,
};
use sesame::operations::people::{disable_user, restore_manager};
use sesame_tests::ops::{Ops, assert_refused, call_op, call_query, id_of, sample};
use sesame_tests::seed::{DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_ID, DEMO_ORG_ID, seed_operator};

async fn operator(ctx: &Context) -> String {
    seed_operator(ctx, DEMO_OPERATOR_ID, DEMO_OPERATOR_EMAIL)
        .await
        .unwrap();
    ctx.directory
        .ensure_identity(DEMO_OPERATOR_EMAIL)
        .await
        .unwrap()
}

async fn organisation_version(ops: &Ops) -> u64 {
    let info = ops
        .as_manager(&get_organisation::SPEC, &[], None)
        .await
        .unwrap();
    info.body["version"].as_u64().unwrap()
}

#[tokio::test]
async fn a_manager_creates_an_establishment_that_is_then_listed() {
    let ops = Ops::demo().await;
    let created = ops
        .as_manager(
            &create_establishment::SPEC,
            &[],
            Some(json!({"name": "Installation Hochelaga"})),
        )
        .await;
    let id = id_of(&created);
    let listed = ops
        .as_manager(&list_establishments::SPEC, &[], None)
        .await
        .unwrap();
    assert!(listed.body.to_string().contains(&id), "{}", listed.body);
}

#[tokio::test]
async fn an_establishment_needs_a_name() {
    let ops = Ops::demo().await;
    let refused = ops
        .as_manager(&create_establishment::SPEC, &[], Some(json!({"name": " "})))
        .await;
    assert_refused(&refused, 422, "validation");
}

#[tokio::test]
async fn only_a_manager_creates_an_establishment() {
    let ops = Ops::demo().await;
    let users = ops
        .member("rh@exemple.ca", &[Permission::ManageUsers])
        .await;
    let refused = ops
        .run(
            &create_establishment::SPEC,
            Some(&users),
            &[],
            Some(json!({"name": "Installation Hochelaga"})),
        )
        .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn the_organisation_identifier_cannot_be_changed() {
    let ops = Ops::demo().await;
    let version = organisation_version(&ops).await;
    let refused = ops
        .as_manager(
            &update_organisation::SPEC,
            &[],
            Some(json!({"version": version, "identifier": "AUTRE-1"})),
        )
        .await;
    assert_refused(&refused, 422, "validation");
    let sesame::operations::OpError::Validation(errors) = refused.unwrap_err() else {
        panic!("a validation error");
    };
    let shown = format!("{errors:?}");
    assert!(
        shown.contains("\"identifier\"") && shown.contains("Immutable"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_organisation_edit_on_a_stale_version_is_a_conflict() {
    let ops = Ops::demo().await;
    let version = organisation_version(&ops).await;
    let stale = ops
        .as_manager(
            &update_organisation::SPEC,
            &[],
            Some(json!({"version": version + 1, "contact_phone": "514 555-0111"})),
        )
        .await;
    assert_refused(&stale, 409, "version-conflict");
}

#[tokio::test]
async fn a_manager_switches_an_employee_space_feature_off() {
    let ops = Ops::demo().await;
    let set = ops
        .as_manager(
            &update_settings::SPEC,
            &[],
            Some(json!({"features": {"absences": false}})),
        )
        .await
        .unwrap();
    let features = set.body["features"].as_array().unwrap();
    assert_eq!(features.len(), 6, "{}", set.body);
    assert!(!features.contains(&json!("absences")));
}

#[tokio::test]
async fn the_audit_log_is_for_managers_only() {
    let ops = Ops::demo().await;
    let users = ops
        .member("rh@exemple.ca", &[Permission::ManageUsers])
        .await;
    let refused = ops.run(&list_audit::SPEC, Some(&users), &[], None).await;
    assert_refused(&refused, 403, "forbidden");
    let shown = ops.as_manager(&list_audit::SPEC, &[], None).await;
    assert_eq!(shown.unwrap().status, 200);
}

#[tokio::test]
async fn only_an_operator_creates_an_organisation() {
    let ops = Ops::demo().await;
    let refused = call_op(
        ops.ctx(),
        &create_organisation::SPEC,
        Some(&ops.manager),
        &[],
        Some(sample("create_organisation")),
    )
    .await;
    assert_refused(&refused, 403, "forbidden");
}

#[tokio::test]
async fn an_operator_creates_an_organisation_with_its_manager() {
    let ops = Ops::demo().await;
    let operator = operator(ops.ctx()).await;
    let created = call_op(
        ops.ctx(),
        &create_organisation::SPEC,
        Some(&operator),
        &[],
        Some(sample("create_organisation")),
    )
    .await
    .unwrap();
    assert_eq!(created.status, 201, "{}", created.body);
}

#[tokio::test]
async fn an_identifier_is_taken_by_one_organisation_only() {
    let ops = Ops::demo().await;
    let operator = operator(ops.ctx()).await;
    let mut form = sample("create_organisation");
    form["identifier"] = json!(sesame_tests::seed::DEMO_IDENTIFIER);
    let refused = call_op(
        ops.ctx(),
        &create_organisation::SPEC,
        Some(&operator),
        &[],
        Some(form),
    )
    .await;
    assert_refused(&refused, 409, "identifier-taken");
}

#[tokio::test]
async fn an_operator_restores_no_manager_where_one_is_active() {
    let ops = Ops::demo().await;
    let operator = operator(ops.ctx()).await;
    let refused = call_op(
        ops.ctx(),
        &restore_manager::SPEC,
        Some(&operator),
        &[("org_id", DEMO_ORG_ID)],
        Some(sample("restore_manager")),
    )
    .await;
    assert_refused(&refused, 409, "organisation-has-manager");
}

/// The demo log, read by the demo manager with these query parameters.
async fn audit(ops: &Ops, query: &[(&str, &str)]) -> serde_json::Value {
    call_query(
        ops.ctx(),
        &list_audit::SPEC,
        Some(&ops.manager),
        &[("org_id", DEMO_ORG_ID)],
        query,
        None,
    )
    .await
    .unwrap()
    .body
}

#[tokio::test]
async fn the_audit_log_names_who_acted_and_whom_it_was_about() {
    let ops = Ops::demo().await;
    let (_, zoe) = ops
        .person("zoe.audit@exemple.ca", &[Permission::Leave])
        .await;
    ops.as_manager(&disable_user::SPEC, &[("user_id", &zoe)], None)
        .await
        .unwrap();
    let log = audit(&ops, &[("action", "user.disabled")]).await;
    let event = &log["items"][0];
    assert_eq!(event["target"], zoe.as_str());
    assert_eq!(event["actor_name"], "Sophie Gagnon");
    assert_eq!(event["target_name"], "Membre Test");
}

#[tokio::test]
async fn the_audit_log_filters_by_a_persons_name_accents_and_case_ignored() {
    let ops = Ops::demo().await;
    let (_, zoe) = ops.person("zoe.nom@exemple.ca", &[Permission::Leave]).await;
    ops.as_manager(&disable_user::SPEC, &[("user_id", &zoe)], None)
        .await
        .unwrap();
    let about = audit(&ops, &[("person", "membre TÉST")]).await;
    let items = about["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|e| e["target_name"] == "Membre Test" || e["actor_name"] == "Membre Test")
    );
    let nobody = audit(&ops, &[("person", "Personne Inconnue")]).await;
    assert_eq!(nobody["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn the_audit_log_filters_by_days_of_the_organisations_time_zone() {
    let ops = Ops::demo().await;
    let (_, zoe) = ops
        .person("zoe.jour@exemple.ca", &[Permission::Leave])
        .await;
    // 03:00 UTC on 23 November is 22:00 on the 22nd in Montréal.
    ops.m.clock.advance(jiff::SignedDuration::from_hours(18));
    ops.as_manager(&disable_user::SPEC, &[("user_id", &zoe)], None)
        .await
        .unwrap();
    let count = |log: serde_json::Value| {
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "user.disabled")
            .count()
    };
    let on_22 = [("from", "2026-11-22"), ("to", "2026-11-22")];
    assert_eq!(count(audit(&ops, &on_22).await), 1);
    let on_23 = [("from", "2026-11-23"), ("to", "2026-11-23")];
    assert_eq!(count(audit(&ops, &on_23).await), 0);
    let refused = call_query(
        ops.ctx(),
        &list_audit::SPEC,
        Some(&ops.manager),
        &[("org_id", DEMO_ORG_ID)],
        &[("from", "2026-11-23"), ("to", "2026-11-22")],
        None,
    )
    .await;
    assert_refused(&refused, 422, "validation");
}

/// A member of the demo organisation with these permissions at the
/// first installation only: her subject.
async fn holder(ops: &sesame_tests::ops::Ops, email: &str, perms: &[Permission]) -> String {
    ops.member(email, perms).await
}

#[tokio::test]
async fn a_client_reads_the_names_of_her_own_establishments_only() {
    use sesame::operations::organisation::list_establishments;
    let ops = sesame_tests::ops::Ops::demo().await;
    for (i, perms) in [
        &[Permission::RequestReplacements][..],
        &[Permission::ApproveHours][..],
    ]
    .into_iter()
    .enumerate()
    {
        let client = holder(&ops, &format!("client{i}@exemple.ca"), perms).await;
        let listed = ops
            .run(&list_establishments::SPEC, Some(&client), &[], None)
            .await
            .unwrap();
        let names: Vec<&str> = listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Installation Rosemont"], "{perms:?}");
    }
}

#[tokio::test]
async fn a_dispatcher_reads_every_establishment_she_serves() {
    use sesame::operations::organisation::list_establishments;
    let ops = sesame_tests::ops::Ops::demo().await;
    let dispatcher = holder(&ops, "rita@exemple.ca", &[Permission::Dispatch]).await;
    let listed = ops
        .run(&list_establishments::SPEC, Some(&dispatcher), &[], None)
        .await
        .unwrap();
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn another_organisations_establishments_are_not_found() {
    use sesame::operations::organisation::list_establishments;
    let ops = sesame_tests::ops::Ops::demo().await;
    let client = holder(
        &ops,
        "client@exemple.ca",
        &[Permission::RequestReplacements],
    )
    .await;
    let other = sesame_tests::ops::call_op(
        ops.ctx(),
        &list_establishments::SPEC,
        Some(&client),
        &[("org_id", "019a0000-0000-7000-8000-0000000000ff")],
        None,
    )
    .await;
    sesame_tests::ops::assert_refused(&other, 404, "not-found");
}

#[tokio::test]
async fn an_establishment_has_an_address_the_worker_is_told() {
    use sesame::operations::organisation::{create_establishment, update_establishment};
    let ops = sesame_tests::ops::Ops::demo().await;
    let created = ops
        .as_manager(
            &create_establishment::SPEC,
            &[],
            Some(serde_json::json!({"name": "CPE Les Lutins", "address": "1200, rue Beaubien Est, Montréal"})),
        )
        .await
        .unwrap();
    assert_eq!(created.body["address"], "1200, rue Beaubien Est, Montréal");
    let id = created.body["id"].as_str().unwrap().to_string();
    let renamed = ops
        .as_manager(
            &update_establishment::SPEC,
            &[("establishment_id", &id)],
            Some(serde_json::json!({"name": "CPE Les Lutins — Rosemont"})),
        )
        .await
        .unwrap();
    assert_eq!(
        renamed.body["address"], "1200, rue Beaubien Est, Montréal",
        "kept when absent"
    );
}
