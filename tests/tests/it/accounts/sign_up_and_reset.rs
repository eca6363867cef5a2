//! Self-registration and password reset over HTTP against the emulator.

use crate::common::*;
use serde_json::{Value, json};
use sesame::adapters::memory::ManualClock;
use sesame_tests::client::{Reply, send};
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use sesame_tests::stack::LocalRun;
use std::sync::Arc;

const NEW_PASSWORD: &str = "Inscription-2026";

async fn post(url: &str, body: Value) -> Reply {
    send(
        "POST",
        url,
        &[
            ("content-type", "application/json"),
            ("accept-language", "fr-CA"),
        ],
        Some(body.to_string().into_bytes()),
    )
    .await
    .expect("sent")
}

/// "Créer un compte", with names other than the file's ("Zoé Tremblay"):
/// the file's win.
fn sign_up(email: &str) -> Value {
    json!({"last_name": "Tremblay-Roy", "first_name": "Zoe", "email": email, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD, "accept_terms": true})
}

#[tokio::test]
async fn sign_up_answers_the_same_for_everyone_and_the_right_email_goes_out() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    // On file: a record with an establishment but no roles yet.
    let on_file = format!("{}@exemple.ca", unique("inscrite."));
    let mut form = employee(&on_file, DEMO_ESTABLISHMENTS[0].0);
    form["establishments"][0]["presets"] = json!([]);
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(form),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let unknown = format!("{}@exemple.ca", unique("inconnu."));

    let a = post(&format!("{base}/registrations"), sign_up(&on_file)).await;
    let b = post(&format!("{base}/registrations"), sign_up(&unknown)).await;
    assert_eq!(a.status, 202, "{}", a.body);
    assert_eq!(
        (a.status, &a.body, a.header("content-type")),
        (b.status, &b.body, b.header("content-type"))
    );

    let to_unknown = emails_to(&unknown).await;
    assert!(
        to_unknown[0]
            .subject
            .contains("communiquez avec votre organisation"),
        "{}",
        to_unknown[0].subject
    );
    assert!(to_unknown[0].links().is_empty());
    let to_known = emails_to(&on_file).await;
    assert!(
        to_known[0].subject.starts_with("Confirmez"),
        "{}",
        to_known[0].subject
    );
    let link = to_known[0].links()[0].clone();
    assert!(link.contains("/register/confirm#token="));
    // The file's names win over those typed, and the email says so.
    let body = &to_known[0].body;
    assert!(body.contains("Bonjour Zoé,"), "{body}");
    assert!(
        body.contains("Votre dossier est au nom de Zoé Tremblay")
            && body.contains("Zoe Tremblay-Roy"),
        "{body}"
    );

    // Not confirmed yet: no sign-in.
    let early = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": on_file, "password": NEW_PASSWORD})),
    )
    .await;
    assert_problem(&early, 401, "invalid-credentials");
    // An activation link is not a registration link and vice versa.
    let crossed = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": NEW_PASSWORD})),
    )
    .await;
    assert_problem(&crossed, 400, "link-invalid");

    let confirmed = call(
        "POST",
        &format!("{base}/registrations/confirm"),
        None,
        Some(json!({"token": token_of(&link)})),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let again = call(
        "POST",
        &format!("{base}/registrations/confirm"),
        None,
        Some(json!({"token": token_of(&link)})),
    )
    .await;
    assert_problem(&again, 410, "link-used");

    // Active, signs in, and without roles sees nothing.
    let user = sign_in(&base, &on_file, NEW_PASSWORD).await;
    let me = call("GET", &format!("{base}/me"), Some(&user), None)
        .await
        .json();
    assert_eq!(me["memberships"][0]["status"], "active");
    assert_eq!(me["memberships"][0]["permissions"], json!({}));
    assert_problem(
        &call(
            "GET",
            &format!("{base}/orgs/{org}/users"),
            Some(&user),
            None,
        )
        .await,
        403,
        "forbidden",
    );

    // Signing up again with an active account: same answer, a reminder.
    let c = post(&format!("{base}/registrations"), sign_up(&on_file)).await;
    assert_eq!((c.status, &c.body), (b.status, &b.body));
    // The reminder is sent after the answer: wait for it (the earlier
    // emails to the address are there already).
    let mut reminded = false;
    for _ in 0..100 {
        reminded = emails_to(&on_file)
            .await
            .iter()
            .any(|e| e.subject == "Vous avez déjà un compte");
        if reminded {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(reminded, "no reminder email");

    // Bad input is named field by field.
    let bad = post(
        &format!("{base}/registrations"),
        json!({"email": "x@exemple.ca", "password": "court", "password_confirmation": "autre", "first_name": " "}),
    )
    .await;
    assert_problem(&bad, 422, "validation");
    let body = bad.json();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec![
            "last_name",
            "first_name",
            "password",
            "password_confirmation",
            "accept_terms"
        ]
    );
}

#[tokio::test]
async fn a_forgotten_password_is_reset_once_within_the_hour() {
    let clock = Arc::new(ManualClock::new(jiff::Timestamp::now()));
    let run = LocalRun::start_with_clock(
        &emulator_url(),
        loopback(),
        &unique("rst"),
        Some(clock.clone()),
    )
    .await
    .expect("stack");
    let base = run.base_url.clone();
    let email = run.demo.manager_email.clone();
    let unknown = format!("{}@exemple.ca", unique("personne."));

    let known = post(&format!("{base}/password-resets"), json!({"email": email})).await;
    let nobody = post(
        &format!("{base}/password-resets"),
        json!({"email": unknown}),
    )
    .await;
    assert_eq!(known.status, 202);
    assert_eq!((known.status, &known.body), (nobody.status, &nobody.body));
    assert!(emails_to(&unknown).await.is_empty());
    // The demo manager's address is every runner's: take this runner's
    // reset link (other tests email the same address meanwhile).
    let mut link = None;
    for _ in 0..100 {
        link = emails_to(&email)
            .await
            .iter()
            .rev()
            .flat_map(|mail| mail.links())
            .find(|l| l.starts_with(&base) && l.contains("/reset#token="));
        if link.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let link = link.expect("reset email");
    assert!(link.contains("/reset#token="), "{link}");
    let token = token_of(&link);

    // Tokens of one purpose never work for another.
    assert_problem(
        &call(
            "POST",
            &format!("{base}/activation"),
            None,
            Some(json!({"token": token, "password": NEW_PASSWORD})),
        )
        .await,
        400,
        "link-invalid",
    );
    assert_problem(
        &call(
            "POST",
            &format!("{base}/registrations/confirm"),
            None,
            Some(json!({"token": token})),
        )
        .await,
        400,
        "link-invalid",
    );

    let weak = post(
        &format!("{base}/password-resets/confirm"),
        json!({"token": token, "password": "faible"}),
    )
    .await;
    assert_problem(&weak, 422, "validation");
    let done = post(
        &format!("{base}/password-resets/confirm"),
        json!({"token": token, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let old = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": email, "password": run.demo.manager_password})),
    )
    .await;
    assert_problem(&old, 401, "invalid-credentials");
    sign_in(&base, &email, NEW_PASSWORD).await;
    let reused = post(
        &format!("{base}/password-resets/confirm"),
        json!({"token": token, "password": "Encore-Autre-2026"}),
    )
    .await;
    assert_problem(&reused, 410, "link-used");

    // A second link, used after an hour: expired.
    // (Minted and emailed after the answer: wait for this runner's second.)
    post(&format!("{base}/password-resets"), json!({"email": email})).await;
    let mut late = None;
    for _ in 0..200 {
        let mine: Vec<String> = emails_to(&email)
            .await
            .iter()
            .flat_map(|mail| mail.links())
            .filter(|l| l.starts_with(&base) && l.contains("/reset#token="))
            .collect();
        if mine.len() >= 2 {
            late = mine.last().map(|l| token_of(l));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let late = late.expect("the second reset email");
    clock.advance(jiff::SignedDuration::from_mins(61));
    let expired = post(
        &format!("{base}/password-resets/confirm"),
        json!({"token": late, "password": "Encore-Autre-2026"}),
    )
    .await;
    assert_problem(&expired, 410, "link-expired");
}
