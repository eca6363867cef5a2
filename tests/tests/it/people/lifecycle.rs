//! The account lifecycle over HTTP against the emulator: invitations
//! cancelled and redirected, disable/enable at once, delete, edits with
//! optimistic locking, the last manager kept.

use crate::common::*;
use serde_json::json;
use sesame::ports::Query;
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use sesame_tests::stack::LocalRun;

async fn activate(base: &str, link: &str) {
    let reply = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

fn user_url(run: &LocalRun, id: &str) -> String {
    format!("{}/orgs/{}/users/{id}", run.base_url, run.demo.org_id)
}

#[tokio::test]
async fn a_pending_invitation_is_cancelled_or_redirected_to_a_fixed_email() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let wrong = format!("{}@exemple.ca", unique("typo."));
    let (id, first_link) = invite(&run, &manager, &wrong).await;
    let url = user_url(&run, &id);

    // Cancel: back to draft, the link dies.
    let cancelled = call("DELETE", &format!("{url}/activation"), Some(&manager), None).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(cancelled.json()["status"], "draft");
    assert!(cancelled.json()["invitation"].is_null());
    let dead = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&first_link), "password": PASSWORD})),
    )
    .await;
    assert_problem(&dead, 400, "link-invalid");
    let again = call("DELETE", &format!("{url}/activation"), Some(&manager), None).await;
    assert_problem(&again, 409, "invalid-transition");

    // Invited again, a plain edit of the email is refused with the way out.
    let sent = call("POST", &format!("{url}/activation"), Some(&manager), None).await;
    assert_eq!(sent.status, 200);
    let version = sent.json()["version"].as_u64().unwrap();
    let fixed = format!("{}@exemple.ca", unique("fixed."));
    let plain = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": version, "email": fixed})),
    )
    .await;
    assert_problem(&plain, 409, "invitation-pending");
    assert!(
        plain.json()["detail"]
            .as_str()
            .unwrap()
            .contains("Modifier le courriel et renvoyer")
    );

    // Change email and resend: one step, the new address gets a working link.
    let old_link = emails_to(&wrong).await.last().unwrap().links()[0].clone();
    let changed = call(
        "POST",
        &format!("{url}/email"),
        Some(&manager),
        Some(json!({"email": fixed, "version": version})),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.json()["email"], fixed.as_str());
    assert_eq!(changed.json()["status"], "invited");
    // Sent after the cancellation, then once more to the fixed address.
    assert_eq!(changed.json()["invitation"]["times_sent"], 2);
    let stale = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&old_link), "password": PASSWORD})),
    )
    .await;
    assert_problem(&stale, 400, "link-invalid");
    let new_link = emails_to(&fixed)
        .await
        .last()
        .expect("email at the new address")
        .links()[0]
        .clone();
    activate(&base, &new_link).await;
    sign_in(&base, &fixed, PASSWORD).await;
    // The wrong address is free again, the fixed one is taken.
    let reuse = call(
        "POST",
        &format!("{base}/orgs/{}/users", run.demo.org_id),
        Some(&manager),
        Some(employee(&wrong, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    assert_eq!(reuse.status, 201, "{}", reuse.body);
    // Activated: the email is the person's now.
    let version = call("GET", &url, Some(&manager), None).await.json()["version"]
        .as_u64()
        .unwrap();
    let after = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": version, "email": "autre@exemple.ca"})),
    )
    .await;
    assert_problem(&after, 409, "email-managed-by-person");
}

#[tokio::test]
async fn disabling_takes_effect_on_the_next_request_and_enabling_restores_the_grants() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("coord."));
    let mut form = employee(&email, DEMO_ESTABLISHMENTS[0].0);
    form["establishments"][0]["permissions"] = json!(["manage_users"]);
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(form),
    )
    .await;
    let id = created.json()["id"].as_str().unwrap().to_string();
    let sent = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/activation"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(sent.status, 200);
    let link = emails_to(&email).await.last().unwrap().links()[0].clone();
    activate(&base, &link).await;
    let user = sign_in(&base, &email, PASSWORD).await;
    let list = format!("{base}/orgs/{org}/users");
    assert_eq!(call("GET", &list, Some(&user), None).await.status, 200);
    let granted = call("GET", &format!("{base}/me"), Some(&user), None)
        .await
        .json()["memberships"][0]["permissions"]
        .clone();
    assert!(
        granted[DEMO_ESTABLISHMENTS[0].0]
            .as_array()
            .unwrap()
            .contains(&json!("manage_users"))
    );

    let disabled = call(
        "POST",
        &format!("{}/disable", user_url(&run, &id)),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(disabled.status, 200, "{}", disabled.body);
    assert_eq!(disabled.json()["status"], "disabled");
    // Same, still unexpired token: refused at once.
    assert_problem(
        &call("GET", &list, Some(&user), None).await,
        403,
        "membership-disabled",
    );
    // And no new session either (signed out, identity kept for enabling).
    let me = call("GET", &format!("{base}/me"), Some(&user), None).await;
    assert_eq!(me.json()["memberships"][0]["permissions"], json!({}));

    let enabled = call(
        "POST",
        &format!("{}/enable", user_url(&run, &id)),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(enabled.status, 200, "{}", enabled.body);
    let back = call("GET", &list, Some(&user), None).await;
    assert_eq!(back.status, 200, "{}", back.body);
    let me = call("GET", &format!("{base}/me"), Some(&user), None).await;
    assert_eq!(me.json()["memberships"][0]["permissions"], granted);
}

#[tokio::test]
async fn deleting_frees_the_email_and_keeps_the_audit_trail() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("gone."));
    let (id, link) = invite(&run, &manager, &email).await;
    activate(&base, &link).await;
    sign_in(&base, &email, PASSWORD).await;

    let deleted = call("DELETE", &user_url(&run, &id), Some(&manager), None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.json()["account_removed"], true);
    assert_problem(
        &call("GET", &user_url(&run, &id), Some(&manager), None).await,
        404,
        "not-found",
    );
    let refused = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": email, "password": PASSWORD})),
    )
    .await;
    assert_problem(&refused, 401, "invalid-credentials");

    // The email can be used again: a new account.
    let again = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(&email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_ne!(again.json()["id"], id.as_str());

    // The deleted user's audit events are still there.
    let audit = run
        .ctx
        .store
        .query(Query {
            pk: format!("ORG#{org}"),
            sk_prefix: Some("AUDIT#".into()),
            forward: true,
            ..Query::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = audit
        .items
        .iter()
        .filter(|e| e["target"] == id.as_str())
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "user.created",
        "invitation.sent",
        "account.activated",
        "user.deleted",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
}

#[tokio::test]
async fn edits_use_optimistic_locking_and_the_last_manager_stays() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("edit."));
    let created = call(
        "POST",
        &format!("{base}/orgs/{}/users", run.demo.org_id),
        Some(&manager),
        Some(employee(&email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    let id = created.json()["id"].as_str().unwrap().to_string();
    let url = user_url(&run, &id);
    let edited = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": 1, "function": "Cuisinière", "last_name": "Tremblay-Côté"})),
    )
    .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.json()["version"], 2);
    assert_eq!(edited.json()["function"], "Cuisinière");
    let before = snapshot(&run).await;
    let stale = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": 1, "function": "Autre"})),
    )
    .await;
    assert_problem(&stale, 409, "version-conflict");
    let bad = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": 2, "phone": "12"})),
    )
    .await;
    assert_problem(&bad, 422, "validation");
    let missing = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"function": "x"})),
    )
    .await;
    assert_problem(&missing, 422, "validation");
    // The only manager cannot disable or delete herself.
    let me = user_url(&run, &run.demo.manager_id);
    assert_problem(
        &call("POST", &format!("{me}/disable"), Some(&manager), None).await,
        409,
        "last-manager",
    );
    assert_problem(
        &call("DELETE", &me, Some(&manager), None).await,
        409,
        "last-manager",
    );
    assert_eq!(
        snapshot(&run).await,
        before,
        "refused requests changed the table"
    );
}

#[tokio::test]
async fn resend_all_pending_works_in_bounded_batches_with_per_user_outcomes() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let mut pending = Vec::new();
    for i in 0..30 {
        let email = format!("{}@exemple.ca", unique(&format!("attente{i}.")));
        let (id, _) = invite(&run, &manager, &email).await;
        pending.push(id);
    }
    // A draft user is not pending: left alone.
    let draft = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(
            &format!("{}@exemple.ca", unique("brouillon.")),
            DEMO_ESTABLISHMENTS[0].0,
        )),
    )
    .await;
    assert_eq!(draft.status, 201);

    let url = format!("{base}/orgs/{org}/invitations/resend");
    let first = call("POST", &url, Some(&manager), Some(json!({}))).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let first = first.json();
    assert_eq!(first["results"].as_array().unwrap().len(), 25);
    let cursor = first["next_cursor"]
        .as_str()
        .expect("more to do")
        .to_string();
    let second = call(
        "POST",
        &url,
        Some(&manager),
        Some(json!({"cursor": cursor})),
    )
    .await
    .json();
    assert_eq!(second["results"].as_array().unwrap().len(), 5);
    assert!(second["next_cursor"].is_null());
    let mut done: Vec<String> = first["results"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["results"].as_array().unwrap())
        .map(|r| {
            assert_eq!(r["outcome"], "queued");
            r["user_id"].as_str().unwrap().to_string()
        })
        .collect();
    done.sort();
    pending.sort();
    assert_eq!(done, pending, "every pending user exactly once");
    let shown = call("GET", &user_url(&run, &pending[0]), Some(&manager), None)
        .await
        .json();
    assert_eq!(shown["invitation"]["times_sent"], 2);
    assert_eq!(
        delivered(&user_url(&run, &pending[0]), &manager).await,
        "sent"
    );
    let bad = call(
        "POST",
        &url,
        Some(&manager),
        Some(json!({"cursor": "bm9wZQ"})),
    )
    .await;
    assert_problem(&bad, 422, "validation");
}

/// A fresh run with auto-invite switched on, and one user created (so
/// invited at once): (app, manager session, her email, the creation's answer).
async fn auto_invited() -> (TestApp, String, String, Reply) {
    let app = app().await;
    let manager = app.manager().await;
    let on = app
        .update_settings(&manager, app.org(), json!({"auto_invite": true}))
        .await;
    assert_eq!(on.status, 200, "{}", on.body);
    assert_eq!(on.json()["auto_invite"], true);
    let email = format!("{}@exemple.ca", unique("auto."));
    let created = app
        .create_user(
            &manager,
            app.org(),
            employee(&email, DEMO_ESTABLISHMENTS[0].0),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    (app, manager, email, created)
}

#[tokio::test]
async fn with_auto_invite_a_created_user_is_invited_at_once() {
    let (app, manager, email, created) = auto_invited().await;
    assert_problem(
        &app.update_settings(&manager, app.org(), json!({"invitation_validity_days": 0}))
            .await,
        422,
        "validation",
    );
    assert_eq!(created.json()["status"], "invited");
    assert_eq!(created.json()["invitation"]["delivery"], "pending");
    assert!(
        app.emails_to(&email).await[0]
            .subject
            .starts_with("Activez")
    );
    assert_eq!(app.calls.count("Scan"), 0);
}

/// Seeds 000 and 002: the record before the email. A manager keeps an
/// employee's record with no email (even with auto-invite on, it waits, a
/// draft); "Envoyer l'email d'activation" asks for the email first and
/// changes nothing; once it is set, the email goes and the person signs in.
#[tokio::test]
async fn a_record_kept_without_an_email_is_invited_once_one_is_set() {
    let (app, manager, _, _) = auto_invited().await;
    let est = DEMO_ESTABLISHMENTS[0].0;
    let first = app
        .create_user(&manager, app.org(), employee("", est))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.json()["status"], "draft");
    assert!(first.json()["email"].is_null(), "{}", first.body);
    assert!(first.json()["invitation"].is_null());
    // Two records without an email: no address is claimed by either.
    let second = app
        .create_user(&manager, app.org(), employee("  ", est))
        .await;
    assert_eq!(second.status, 201, "{}", second.body);
    let id = first.json()["id"].as_str().unwrap().to_string();
    let url = format!("{}/orgs/{}/users/{id}", &app.base_url, app.org());

    let early = call("POST", &format!("{url}/activation"), Some(&manager), None).await;
    assert_problem(&early, 409, "no-email-yet");
    let kept = call("GET", &url, Some(&manager), None).await.json();
    assert_eq!(kept["status"], "draft");
    assert_eq!(kept["version"], first.json()["version"]);
    let version = kept["version"].as_u64().unwrap();

    // An address already someone's is refused; a bad one is named.
    let taken = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": version, "email": app.demo.manager_email})),
    )
    .await;
    assert_problem(&taken, 409, "email-taken");
    let bad = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": version, "email": "lea@"})),
    )
    .await;
    assert_problem(&bad, 422, "validation");

    let email = format!("{}@exemple.ca", unique("later."));
    let set = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": version, "email": email})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["email"], email.as_str());
    assert_eq!(set.json()["status"], "draft");
    assert!(app.emails_to(&email).await.is_empty());
    let sent = call("POST", &format!("{url}/activation"), Some(&manager), None).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.json()["status"], "invited");
    let link = app
        .emails_to(&email)
        .await
        .last()
        .expect("the activation email")
        .links()[0]
        .clone();
    activate(&app.base_url, &link).await;
    sign_in(&app.base_url, &email, PASSWORD).await;
    assert_eq!(app.calls.count("Scan"), 0);
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_filtered_by_user_or_action() {
    let (app, manager, _, created) = auto_invited().await;
    let org = app.org();
    let id = created.json()["id"].as_str().unwrap().to_string();
    // The log: newest first, filtered, paged.
    let all = app.list_audit(&manager, org, "").await.json();
    let actions: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions[..3],
        [
            "invitation.sent",
            "user.created",
            "organisation.settings_changed"
        ]
    );
    let times: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
    let about = app
        .list_audit(&manager, org, &format!("user={id}"))
        .await
        .json();
    assert_eq!(about["items"].as_array().unwrap().len(), 2);
    let created_only = app
        .list_audit(&manager, org, "action=user.created&limit=1")
        .await
        .json();
    assert_eq!(created_only["items"][0]["target"], id.as_str());
    assert_eq!(
        created_only["items"][0]["changes"]["status"]["after"],
        "draft"
    );
    let page1 = app.list_audit(&manager, org, "limit=2").await.json();
    let next = page1["next_cursor"].as_str().unwrap();
    let page2 = app
        .list_audit(&manager, org, &format!("limit=2&cursor={next}"))
        .await
        .json();
    assert_eq!(page2["items"][0]["id"], all["items"][2]["id"]);
    assert_eq!(app.calls.count("Scan"), 0);
}

#[tokio::test]
async fn users_who_manage_users_neither_read_the_audit_log_nor_change_the_settings() {
    let (app, manager, _, _) = auto_invited().await;
    let org = app.org();
    let coord = format!("{}@exemple.ca", unique("coord."));
    let mut form = employee(&coord, DEMO_ESTABLISHMENTS[0].0);
    form["establishments"][0]["permissions"] = json!(["manage_users"]);
    app.create_user(&manager, org, form).await;
    let link = app.emails_to(&coord).await[0].links()[0].clone();
    activate(&app.base_url, &link).await;
    let coordinator = app.signed_in(&coord, PASSWORD).await;
    assert_problem(
        &app.list_audit(&coordinator, org, "").await,
        403,
        "forbidden",
    );
    assert_problem(
        &app.update_settings(&coordinator, org, json!({"auto_invite": false}))
            .await,
        403,
        "forbidden",
    );
    assert_eq!(app.calls.count("Scan"), 0);
}

/// Issue 16, item 6: a person whose only membership is disabled is refused
/// at sign-in with a problem saying so (to her only: a wrong password gets
/// the usual answer), her last login untouched; enabled again, she signs in.
#[tokio::test]
async fn a_person_disabled_everywhere_is_told_so_at_sign_in_and_signs_in_once_enabled() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("seule."));
    let (id, link) = invite(&run, &manager, &email).await;
    activate(&base, &link).await;
    sign_in(&base, &email, PASSWORD).await;
    let user = user_url(&run, &id);
    let seen = call("GET", &user, Some(&manager), None).await.json()["last_login_at"].clone();
    assert!(seen.is_string(), "{seen}");

    let disabled = call("POST", &format!("{user}/disable"), Some(&manager), None).await;
    assert_eq!(disabled.status, 200, "{}", disabled.body);
    let sessions = format!("{base}/sessions");
    let attempt = |password: &'static str, lang: &'static str| {
        let (sessions, email) = (sessions.clone(), email.clone());
        async move {
            sesame_tests::client::send(
                "POST",
                &sessions,
                &[
                    ("content-type", "application/json"),
                    ("accept-language", lang),
                ],
                Some(
                    json!({"email": email, "password": password})
                        .to_string()
                        .into_bytes(),
                ),
            )
            .await
            .expect("sent")
        }
    };
    let refused = attempt(PASSWORD, "fr-CA").await;
    assert_problem(&refused, 403, "account-disabled");
    assert!(
        refused.json()["detail"]
            .as_str()
            .unwrap()
            .contains("désactivé"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("access_token"));
    let refused_en = attempt(PASSWORD, "en").await;
    assert_problem(&refused_en, 403, "account-disabled");
    assert!(
        refused_en.json()["detail"]
            .as_str()
            .unwrap()
            .contains("disabled")
    );
    // The Cognito identity itself stays disabled (AdminDisableUser), also
    // after the refused attempts.
    assert_eq!(
        run.ctx
            .directory
            .sign_in(&email, PASSWORD)
            .await
            .map(|_| ()),
        Err(sesame::ports::DirectoryError::Disabled)
    );
    // A wrong password learns nothing.
    assert_problem(
        &attempt("Mauvais-Mot-2026", "fr").await,
        401,
        "invalid-credentials",
    );
    assert_eq!(
        call("GET", &user, Some(&manager), None).await.json()["last_login_at"],
        seen,
        "a refused sign-in is no login"
    );

    let enabled = call("POST", &format!("{user}/enable"), Some(&manager), None).await;
    assert_eq!(enabled.status, 200, "{}", enabled.body);
    // Enabled again in Cognito too (AdminEnableUser).
    assert!(run.ctx.directory.sign_in(&email, PASSWORD).await.is_ok());
    let token = sign_in(&base, &email, PASSWORD).await;
    let me = call("GET", &format!("{base}/me"), Some(&token), None).await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(
        call(
            "GET",
            &format!("{base}/orgs/{org}/users/{id}"),
            Some(&manager),
            None
        )
        .await
        .status,
        200
    );
}
