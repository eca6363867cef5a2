//! A second factor required (seed 003's "mode d'authentification", DESIGN
//! §5.15), against the emulator: the mode a manager sets for one person,
//! the organisation's policy, and a manager's reset. Whoever is required a
//! factor she has not set up signs in, but every route of the organisation
//! answers 403 `mfa-enrolment-required` until she enrols.

use super::mfa::{code_now, enrol, sign_in_with};
use crate::common::*;
use serde_json::{Value, json};

/// A route every employee may open (her leave).
fn leave_url(base: &str, org: &str) -> String {
    format!("{base}/orgs/{org}/leave")
}

async fn user(run: &sesame_tests::stack::LocalRun, manager: &str, id: &str) -> Value {
    let url = format!("{}/orgs/{}/users/{id}", run.base_url, run.demo.org_id);
    let reply = call("GET", &url, Some(manager), None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

async fn set_mode(
    run: &sesame_tests::stack::LocalRun,
    token: &str,
    id: &str,
    mode: &str,
    version: &Value,
) -> sesame_tests::client::Reply {
    let url = format!(
        "{}/orgs/{}/users/{id}/authentication",
        run.base_url, run.demo.org_id
    );
    call(
        "PUT",
        &url,
        Some(token),
        Some(json!({"mode": mode, "version": version})),
    )
    .await
}

async fn email_of(run: &sesame_tests::stack::LocalRun, session: &str) -> String {
    let me = call("GET", &format!("{}/me", run.base_url), Some(session), None).await;
    me.json()["email"].as_str().unwrap().to_string()
}

async fn audit_actions(run: &sesame_tests::stack::LocalRun, manager: &str) -> Vec<String> {
    let url = format!("{}/orgs/{}/audit", run.base_url, run.demo.org_id);
    let reply = call("GET", &url, Some(manager), None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_manager_requires_the_authenticator_app_and_the_person_must_enrol_at_her_next_sign_in() {
    let run = local().await;
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (id, session) = activated(&run, &manager, "employee", "Inès").await;
    let email = email_of(&run, &session).await;
    assert_eq!(
        call("GET", &leave_url(base, org), Some(&session), None)
            .await
            .status,
        200
    );
    let before = user(&run, &manager, &id).await;
    assert_eq!(before["mfa_mode"], Value::Null);
    assert_eq!(before["mfa_required"], Value::Null);

    // Bad input changes nothing.
    let bad = set_mode(&run, &manager, &id, "pigeon", &before["version"]).await;
    assert_problem(&bad, 400, "invalid-body");
    let stale = set_mode(&run, &manager, &id, "totp", &json!(0)).await;
    assert_problem(&stale, 409, "version-conflict");
    assert_eq!(user(&run, &manager, &id).await["mfa_mode"], Value::Null);

    let set = set_mode(&run, &manager, &id, "totp", &before["version"]).await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["mfa_mode"], "totp");
    assert_eq!(set.json()["mfa_required"], json!({"method": "totp"}));
    assert_eq!(set.json()["mfa_on"], false);
    // She is told, and the change is audited.
    let told = emails_once(&email, |e| e.subject.contains("mode d'authentification")).await;
    assert!(
        told.last().unwrap().body.contains("six chiffres"),
        "{}",
        told.last().unwrap().body
    );
    assert!(
        audit_actions(&run, &manager)
            .await
            .contains(&"user.authentication_set".to_string())
    );

    // Her next sign-in: the password admits, but only to set the app up.
    let again = sign_in(base, &email, PASSWORD).await;
    let me = call("GET", &format!("{base}/me"), Some(&again), None).await;
    assert_eq!(
        me.json()["mfa"]["enrolment_required"],
        json!({"method": "totp"})
    );
    let blocked = call("GET", &leave_url(base, org), Some(&again), None).await;
    assert_problem(&blocked, 403, "mfa-enrolment-required");
    // Her session from before is held to the same rule.
    let old = call("GET", &leave_url(base, org), Some(&session), None).await;
    assert_problem(&old, 403, "mfa-enrolment-required");

    // She enrols: the organisation opens, and sign-in asks for the code.
    let (secret, _) = enrol(&run, &again).await;
    assert_eq!(
        call("GET", &leave_url(base, org), Some(&again), None)
            .await
            .status,
        200
    );
    let me = call("GET", &format!("{base}/me"), Some(&again), None).await;
    assert_eq!(me.json()["mfa"]["enrolment_required"], Value::Null);
    let asked = sign_in_with(base, &email, json!({})).await;
    assert_problem(&asked, 401, "mfa-required");
    let admitted = sign_in_with(base, &email, json!({"mfa_code": code_now(&secret).await})).await;
    assert_eq!(admitted.status, 200, "{}", admitted.body);
    // The users list says it is on.
    let list = call(
        "GET",
        &format!("{base}/orgs/{org}/users?limit=100"),
        Some(&manager),
        None,
    )
    .await;
    let row = list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(row["mfa_on"], true);
    assert_eq!(row["mfa_required"], json!({"method": "totp"}));
}

#[tokio::test]
async fn the_organisation_policy_blocks_a_manager_without_a_second_factor() {
    let run = local().await;
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (deputy_id, deputy) = second_manager(&run, &manager).await;
    let (employee_id, employee) = activated(&run, &manager, "employee", "Rose").await;
    let users = format!("{base}/orgs/{org}/users?limit=100");

    let bad = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"mfa_policy": "some"})),
    )
    .await;
    assert_problem(&bad, 400, "invalid-body");
    assert_eq!(call("GET", &users, Some(&deputy), None).await.status, 200);

    let set = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"mfa_policy": "managers"})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["mfa_policy"], "managers");

    // Managers without a second factor: blocked, her who set it too.
    assert_problem(
        &call("GET", &users, Some(&deputy), None).await,
        403,
        "mfa-enrolment-required",
    );
    assert_problem(
        &call("GET", &users, Some(&manager), None).await,
        403,
        "mfa-enrolment-required",
    );
    // Not an employee.
    assert_eq!(
        call("GET", &leave_url(base, org), Some(&employee), None)
            .await
            .status,
        200
    );
    // Her own account's routes stay open: she enrols, and works again.
    enrol(&run, &manager).await;
    let list = call("GET", &users, Some(&manager), None).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let row = |id: &str| {
        list.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == id)
            .cloned()
            .unwrap()
    };
    // The list says whom the rule requires and who has not set it up.
    assert_eq!(row(&deputy_id)["mfa_required"], "any");
    assert_eq!(row(&deputy_id)["mfa_on"], false);
    assert_eq!(row(&employee_id)["mfa_required"], Value::Null);
    assert_problem(
        &call("GET", &users, Some(&deputy), None).await,
        403,
        "mfa-enrolment-required",
    );

    // Everyone: the employee too.
    let set = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"mfa_policy": "everyone"})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_problem(
        &call("GET", &leave_url(base, org), Some(&employee), None).await,
        403,
        "mfa-enrolment-required",
    );
}

#[tokio::test]
async fn a_managers_reset_forces_re_enrolment_and_only_a_manager_may_reset() {
    let run = local().await;
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (id, session) = activated(&run, &manager, "employee", "Jade").await;
    let email = email_of(&run, &session).await;
    let (secret, codes) = enrol(&run, &session).await;
    let version = user(&run, &manager, &id).await["version"].clone();
    assert_eq!(
        set_mode(&run, &manager, &id, "totp", &version).await.status,
        200
    );
    let admitted = sign_in_with(base, &email, json!({"mfa_code": code_now(&secret).await})).await;
    assert_eq!(admitted.status, 200, "{}", admitted.body);
    // The refresh cookie as the browser sends it back.
    let cookie = admitted.header("set-cookie").unwrap().to_string();
    let cookie = cookie.split(';').next().unwrap().to_string();

    // A holder of manage_users is no manager: refused.
    let mut form = person_form("employee", "Hélène");
    form["establishments"][0]["permissions"] = json!(["manage_users"]);
    let (_, hr) = activated_from(&run, &manager, form).await;
    let reset_url = format!("{base}/orgs/{org}/users/{id}/mfa/reset");
    assert_eq!(call("POST", &reset_url, Some(&hr), None).await.status, 403);
    assert!(
        call("GET", &format!("{base}/me"), Some(&session), None)
            .await
            .json()["mfa"]["authenticator"]
            == true
    );

    let reset = call("POST", &reset_url, Some(&manager), None).await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert_eq!(reset.json()["mfa_on"], false);
    let told = emails_once(&email, |e| e.subject.contains("réinitialisée")).await;
    assert!(!told.is_empty());
    assert!(
        audit_actions(&run, &manager)
            .await
            .contains(&"user.mfa_reset".to_string())
    );

    // Her sessions were ended: the refresh cookie no longer works.
    let refreshed = sesame_tests::client::send(
        "POST",
        &format!("{base}/sessions/refresh"),
        &[("cookie", cookie.as_str())],
        None,
    )
    .await
    .expect("request sent");
    assert_eq!(refreshed.status, 401, "{}", refreshed.body);
    // The password alone signs in (no app any more), the recovery codes are
    // gone, and nothing in the organisation opens until she enrols again.
    let again = sign_in(base, &email, PASSWORD).await;
    let me = call("GET", &format!("{base}/me"), Some(&again), None).await;
    assert_eq!(me.json()["mfa"]["authenticator"], false);
    assert_eq!(me.json()["mfa"]["recovery_codes_left"], 0);
    assert_eq!(
        me.json()["mfa"]["enrolment_required"],
        json!({"method": "totp"})
    );
    assert_problem(
        &call("GET", &leave_url(base, org), Some(&again), None).await,
        403,
        "mfa-enrolment-required",
    );
    let recovery = sign_in_with(base, &email, json!({"recovery_code": codes[0]})).await;
    assert_eq!(
        recovery.status, 200,
        "no factor is asked any more: {}",
        recovery.body
    );
    enrol(&run, &again).await;
    assert_eq!(
        call("GET", &leave_url(base, org), Some(&again), None)
            .await
            .status,
        200
    );
}
