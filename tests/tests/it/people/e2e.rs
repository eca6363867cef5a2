//! End to end over HTTP through the local runner, against the emulator:
//! the real DynamoDB, SES and Cognito adapters and the JWKS verifier.

use crate::common::*;
use serde_json::json;
use sesame::adapters::memory::ManualClock;
use sesame_tests::seed::{self, DEMO_ESTABLISHMENTS};
use sesame_tests::stack::LocalRun;
use std::sync::Arc;

#[tokio::test]
async fn a_manager_invites_a_user_who_activates_and_signs_in() {
    let app = app().await;
    let org = app.org().to_string();
    let manager = app.manager().await;
    let email = format!("{}@exemple.ca", unique("zoe."));

    let (id, link) = invite(&app.run, &manager, &email).await;
    // The email is French by default, with the organisation's name.
    let sent = app.emails_to(&email).await;
    assert!(
        sent[0].subject.starts_with("Activez votre compte"),
        "{}",
        sent[0].subject
    );
    assert!(sent[0].body.contains("Les Lucioles"));
    // The link opens the local portal's activation page.
    assert!(link.starts_with(&app.base_url), "{link}");
    let page = sesame_tests::client::get(&link).await.expect("page");
    assert_eq!(page.status, 200);
    // The built portal (portal/dist) when there is one — its activation
    // screen is driven in Chromium by portal/e2e — else the minimal page.
    assert!(
        page.body.contains("Activer mon compte") || page.body.contains("<main id=\"main\""),
        "{}",
        page.body
    );

    let token = token_of(&link);
    // A password that breaks the pool's policy: 422, and the link still works.
    let weak = app.activate(&token, "court").await;
    assert_problem(&weak, 422, "password-policy");

    let activated = app
        .call(
            "POST",
            "/activation",
            None,
            Some(json!({"token": token, "password": PASSWORD, "password_confirmation": PASSWORD})),
        )
        .await;
    assert_eq!(activated.status, 200, "{}", activated.body);
    assert_eq!(activated.json()["status"], "active");
    // The confirmation email follows.
    let sent = app.emails_to(&email).await;
    assert!(
        sent.iter().any(|e| e.subject.contains("est activé")),
        "no confirmation email among {:?}",
        sent.iter().map(|e| &e.subject).collect::<Vec<_>>()
    );

    // The token is single use.
    let reused = app.activate(&token, PASSWORD).await;
    assert_problem(&reused, 410, "link-used");

    // The new user signs in and sees her membership and permissions.
    let user = app.signed_in(&email, PASSWORD).await;
    let me = app.me(&user).await;
    assert_eq!(me.status, 200, "{}", me.body);
    let me = me.json();
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["account_id"], id.as_str());
    let membership = &me["memberships"][0];
    assert_eq!(membership["org_id"], org.as_str());
    assert_eq!(membership["status"], "active");
    assert_eq!(membership["manager"], false);
    let perms = &membership["permissions"][DEMO_ESTABLISHMENTS[0].0];
    assert!(
        perms
            .as_array()
            .expect("permissions")
            .contains(&json!("leave"))
    );
    assert!(
        membership["permissions"]
            .get(DEMO_ESTABLISHMENTS[1].0)
            .is_none()
    );

    // The manager sees her active, with her last login.
    let shown = app.get_user(&manager, &org, &id).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert_eq!(shown.json()["status"], "active");
    assert!(shown.json()["last_login_at"].is_string());

    // She holds no user-management permission: the manager routes are closed.
    let denied = app.get_user(&user, &org, &id).await;
    assert_problem(&denied, 403, "forbidden");
}

#[tokio::test]
async fn bad_requests_are_refused_and_change_nothing() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("dup."));
    let users = format!("{base}/orgs/{org}/users");
    let first = call(
        "POST",
        &users,
        Some(&manager),
        Some(employee(&email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let before = snapshot(&run).await;

    // Same email again, in another case: 409.
    let again = call(
        "POST",
        &users,
        Some(&manager),
        Some(employee(&email.to_uppercase(), DEMO_ESTABLISHMENTS[1].0)),
    )
    .await;
    assert_problem(&again, 409, "email-taken");

    // No session, a forged one.
    assert_problem(
        &call(
            "POST",
            &users,
            None,
            Some(employee("a@b.ca", DEMO_ESTABLISHMENTS[0].0)),
        )
        .await,
        401,
        "unauthenticated",
    );
    let forged = call("GET", &format!("{base}/me"), Some("not.a.jwt"), None).await;
    assert_problem(&forged, 401, "unauthenticated");
    assert_eq!(forged.header("www-authenticate"), Some("Bearer"));

    // Malformed JSON, wrong media type, oversized body, missing fields.
    let auth = format!("Bearer {manager}");
    let malformed = sesame_tests::client::send(
        "POST",
        &users,
        &[
            ("authorization", &auth),
            ("content-type", "application/json"),
        ],
        Some(b"{\"last_name\": ".to_vec()),
    )
    .await
    .expect("sent");
    assert_problem(&malformed, 400, "invalid-body");
    let wrong_type = sesame_tests::client::send(
        "POST",
        &users,
        &[("authorization", &auth), ("content-type", "text/plain")],
        Some(
            employee("x@exemple.ca", DEMO_ESTABLISHMENTS[0].0)
                .to_string()
                .into_bytes(),
        ),
    )
    .await
    .expect("sent");
    assert_problem(&wrong_type, 415, "unsupported-media-type");
    let mut big = employee("big@exemple.ca", DEMO_ESTABLISHMENTS[0].0);
    big["function"] = json!("x".repeat(300 * 1024));
    assert_problem(
        &call("POST", &users, Some(&manager), Some(big)).await,
        413,
        "payload-too-large",
    );
    let missing = call(
        "POST",
        &users,
        Some(&manager),
        Some(json!({"email": "pas-un-courriel"})),
    )
    .await;
    assert_problem(&missing, 422, "validation");
    let fields: Vec<String> = missing.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or_default().to_string())
        .collect();
    for field in [
        "civility",
        "last_name",
        "first_name",
        "email",
        "phone",
        "establishments",
    ] {
        assert!(
            fields.contains(&field.to_string()),
            "{field} not reported: {fields:?}"
        );
    }
    assert!(missing.json()["errors"][0]["message"].as_str().is_some());
    let unknown_field = call("POST", &users, Some(&manager), Some(json!({"admin": true}))).await;
    assert_problem(&unknown_field, 400, "invalid-body");

    // Unknown and malformed activation tokens: "invalid", not "expired".
    let unknown = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": "A".repeat(43), "password": PASSWORD})),
    )
    .await;
    assert_problem(&unknown, 400, "link-invalid");
    let junk = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": "x", "password": PASSWORD})),
    )
    .await;
    assert_problem(&junk, 400, "link-invalid");

    // Unknown routes and methods are problems too.
    assert_eq!(
        call("GET", &format!("{base}/nowhere"), None, None)
            .await
            .status,
        404
    );
    assert_eq!(
        call("PUT", &format!("{base}/sessions"), None, None)
            .await
            .status,
        405
    );

    // English on request.
    let english = sesame_tests::client::send(
        "POST",
        &users,
        &[
            ("authorization", &auth),
            ("content-type", "application/json"),
            ("accept-language", "en-CA,en;q=0.9"),
        ],
        Some(
            employee(&email, DEMO_ESTABLISHMENTS[0].0)
                .to_string()
                .into_bytes(),
        ),
    )
    .await
    .expect("sent");
    assert_problem(&english, 409, "email-taken");
    assert!(
        english.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("already belongs to another user")
    );

    assert_eq!(
        snapshot(&run).await,
        before,
        "a refused request changed the table"
    );
}

#[tokio::test]
async fn another_organisations_manager_gets_not_found_and_changes_nothing() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("iso."));
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(&email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    let id = created.json()["id"].as_str().expect("id").to_string();

    let other = seed::seed(
        &run.ctx,
        "019a0000-0000-7000-8000-0000000f0001",
        "Autre organisation",
        &[("019a0000-0000-7000-8000-0000000f00e1", "Ailleurs")],
        "019a0000-0000-7000-8000-0000000f00a1",
        "gestion@autre.exemple.ca",
    )
    .await
    .expect("second organisation");
    let intruder = sign_in(&base, &other.manager_email, &other.manager_password).await;
    let before = snapshot(&run).await;

    let read = call(
        "GET",
        &format!("{base}/orgs/{org}/users/{id}"),
        Some(&intruder),
        None,
    )
    .await;
    assert_problem(&read, 404, "not-found");
    let send = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/activation"),
        Some(&intruder),
        None,
    )
    .await;
    assert_problem(&send, 404, "not-found");
    let create = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&intruder),
        Some(employee("new@exemple.ca", DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    assert_problem(&create, 404, "not-found");
    // Its own organisation's path with the other's user: not found either.
    let own_path = call(
        "GET",
        &format!("{base}/orgs/{}/users/{id}", other.org_id),
        Some(&intruder),
        None,
    )
    .await;
    assert_problem(&own_path, 404, "not-found");
    assert_eq!(snapshot(&run).await, before);
}

#[tokio::test]
async fn an_expired_link_says_expired_and_a_resent_one_replaces_it() {
    let clock = Arc::new(ManualClock::new(jiff::Timestamp::now()));
    let run = LocalRun::start_with_clock(
        &emulator_url(),
        loopback(),
        &unique("exp"),
        Some(clock.clone()),
    )
    .await
    .expect("stack");
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("late."));
    let (id, link) = invite(&run, &manager, &email).await;

    clock.advance(jiff::SignedDuration::from_hours(24 * 7 + 1));
    let expired = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_problem(&expired, 410, "link-expired");

    // Sending again rotates the token: the old link is now invalid, the new works.
    let resent = call(
        "POST",
        &format!("{base}/orgs/{}/users/{id}/activation", run.demo.org_id),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    assert_eq!(resent.json()["invitation"]["times_sent"], 2);
    let new_link = emails_to(&email)
        .await
        .last()
        .expect("second email")
        .links()[0]
        .clone();
    assert_ne!(new_link, link);
    let old = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_problem(&old, 400, "link-invalid");
    let fresh = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&new_link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(fresh.status, 200, "{}", fresh.body);
}
