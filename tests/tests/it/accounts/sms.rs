//! Codes by SMS (seed 003's "numéro de téléphone d'authentification" and
//! "mode d'authentification"), against the emulator, which texts a random
//! code for each challenge and each phone verification and accepts only
//! that one (`scripts/emulator.py`, GET /sesame/sent-texts): a manager
//! requires SMS and sets the phone, the person confirms it with a texted
//! code, then every sign-in texts one; a retry answers the same challenge
//! (no second text); wrong codes count as wrong passwords; recovery codes;
//! a manager's reset.

use super::mfa::sign_in_with;
use crate::common::*;
use serde_json::{Value, json};
use sesame_tests::emulator::Emulator;

/// A mobile number no other test of this run texts: (as typed, E.164).
fn phone() -> (String, String) {
    let n = unique("").replace('x', "");
    let digits: String = n.chars().rev().take(7).collect::<String>();
    let digits = format!("{digits:0>7}");
    (
        format!("514 {}-{}", &digits[..3], &digits[3..]),
        format!("+1514{digits}"),
    )
}

/// The codes texted to `phone` so far.
async fn texts(phone: &str) -> Vec<String> {
    Emulator::at(&emulator_url())
        .texted_codes(phone)
        .await
        .expect("emulator texts")
}

/// The last code texted to `phone`, once there are `count` of them.
async fn texted(phone: &str, count: usize) -> String {
    for _ in 0..100 {
        let codes = texts(phone).await;
        if codes.len() >= count {
            return codes.last().unwrap().clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no text number {count} to {phone}");
}

fn another(code: &str) -> String {
    if code == "000000" { "111111" } else { "000000" }.into()
}

async fn set_mode(
    run: &sesame_tests::stack::LocalRun,
    manager: &str,
    id: &str,
    body: Value,
) -> Reply {
    let url = format!(
        "{}/orgs/{}/users/{id}/authentication",
        run.base_url, run.demo.org_id
    );
    call("PUT", &url, Some(manager), Some(body)).await
}

async fn version_of(run: &sesame_tests::stack::LocalRun, manager: &str, id: &str) -> Value {
    let url = format!("{}/orgs/{}/users/{id}", run.base_url, run.demo.org_id);
    call("GET", &url, Some(manager), None).await.json()["version"].clone()
}

/// A member a manager requires SMS of, with her phone set; she has
/// confirmed it with the texted code: (user id, email, E.164 phone, the
/// recovery codes, the manager's session).
async fn texted_member(
    run: &sesame_tests::stack::LocalRun,
    first: &str,
) -> (String, String, String, Vec<String>, String) {
    let base = &run.base_url;
    let org = &run.demo.org_id;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (id, session) = activated(run, &manager, "employee", first).await;
    let me = call("GET", &format!("{base}/me"), Some(&session), None).await;
    let email = me.json()["email"].as_str().unwrap().to_string();
    let (typed, e164) = phone();

    // A phone that is not a mobile number is refused, nothing changes.
    let version = version_of(run, &manager, &id).await;
    let bad = set_mode(
        run,
        &manager,
        &id,
        json!({"mode": "sms", "phone": "555-01", "version": version}),
    )
    .await;
    assert_problem(&bad, 422, "validation");
    assert!(bad.body.contains("phone"), "{}", bad.body);
    assert_eq!(version_of(run, &manager, &id).await, version);

    let set = set_mode(
        run,
        &manager,
        &id,
        json!({"mode": "sms", "phone": typed, "version": version}),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["mfa_mode"], "sms");
    assert_eq!(set.json()["auth_phone"], e164);
    assert_eq!(set.json()["mfa_required"], json!({"method": "sms"}));

    // Her next sign-in admits her only to set it up, the phone offered.
    let again = sign_in(base, &email, PASSWORD).await;
    let me = call("GET", &format!("{base}/me"), Some(&again), None).await;
    let mfa = &me.json()["mfa"];
    assert_eq!(mfa["enrolment_required"], json!({"method": "sms"}));
    assert_eq!(mfa["suggested_phone"], e164);
    assert_eq!(mfa["phone_ends_with"], e164[e164.len() - 4..]);
    let leave = format!("{base}/orgs/{org}/leave");
    let blocked = call("GET", &leave, Some(&again), None).await;
    assert_problem(&blocked, 403, "mfa-enrolment-required");

    // No code to confirm before a phone is given; a bad phone is refused.
    let early = call(
        "POST",
        &format!("{base}/me/sms/confirm"),
        Some(&again),
        Some(json!({"code": "123456"})),
    )
    .await;
    assert_problem(&early, 409, "mfa-sms-not-started");
    let bad = call(
        "POST",
        &format!("{base}/me/sms"),
        Some(&again),
        Some(json!({"phone": "bonjour"})),
    )
    .await;
    assert_problem(&bad, 422, "validation");

    let started = call(
        "POST",
        &format!("{base}/me/sms"),
        Some(&again),
        Some(json!({"phone": e164})),
    )
    .await;
    assert_eq!(started.status, 200, "{}", started.body);
    assert_eq!(started.json()["phone_ends_with"], e164[e164.len() - 4..]);
    let code = texted(&e164, 1).await;

    // A wrong code is refused next to its field; nothing is on.
    let wrong = call(
        "POST",
        &format!("{base}/me/sms/confirm"),
        Some(&again),
        Some(json!({"code": another(&code)})),
    )
    .await;
    assert_problem(&wrong, 422, "validation");
    assert!(wrong.body.contains("code"), "{}", wrong.body);
    assert_problem(
        &call("GET", &leave, Some(&again), None).await,
        403,
        "mfa-enrolment-required",
    );

    let confirmed = call(
        "POST",
        &format!("{base}/me/sms/confirm"),
        Some(&again),
        Some(json!({"code": code})),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let codes: Vec<String> = confirmed.json()["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    let me = call("GET", &format!("{base}/me"), Some(&again), None).await;
    assert_eq!(me.json()["mfa"]["sms"], true);
    assert_eq!(me.json()["mfa"]["enrolment_required"], Value::Null);
    assert_eq!(
        call("GET", &leave, Some(&again), None).await.status,
        200,
        "the organisation opens once SMS is on"
    );
    // Enrolled once: a second enrolment is refused.
    let twice = call(
        "POST",
        &format!("{base}/me/sms"),
        Some(&again),
        Some(json!({"phone": e164})),
    )
    .await;
    assert_problem(&twice, 409, "mfa-already-on");
    (id, email, e164, codes, manager)
}

#[tokio::test]
async fn codes_by_sms_once_confirmed_are_texted_at_every_sign_in_and_a_retry_answers_the_same_code()
{
    let run = local().await;
    let base = &run.base_url;
    let (id, email, phone, recovery, manager) = texted_member(&run, "Sarah").await;
    let before = texts(&phone).await.len();

    // The right password alone texts a code and says where (not counted).
    let asked = sign_in_with(base, &email, json!({})).await;
    assert_problem(&asked, 401, "mfa-sms-sent");
    assert!(
        asked.json()["detail"]
            .as_str()
            .unwrap()
            .contains(&phone[phone.len() - 4..]),
        "{}",
        asked.body
    );
    let code = texted(&phone, before + 1).await;

    // A wrong code is refused; the same challenge stays open: no new text.
    let wrong = sign_in_with(base, &email, json!({"mfa_code": another(&code)})).await;
    assert_problem(&wrong, 401, "mfa-code-invalid");
    // A wrong password with the right code is a wrong password.
    let thief = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": email, "password": "Pas-le-bon-2026", "mfa_code": code})),
    )
    .await;
    assert_problem(&thief, 401, "invalid-credentials");
    assert_eq!(texts(&phone).await.len(), before + 1);

    let admitted = sign_in_with(base, &email, json!({"mfa_code": code})).await;
    assert_eq!(admitted.status, 200, "{}", admitted.body);
    assert!(admitted.json()["access_token"].is_string());
    // The code was spent with its challenge: sent again, it texts a new one.
    let spent = sign_in_with(base, &email, json!({"mfa_code": code})).await;
    assert_problem(&spent, 401, "mfa-sms-sent");
    assert_eq!(texts(&phone).await.len(), before + 2);

    // A recovery code signs in without the phone, once; SMS stays on.
    let rescued = sign_in_with(base, &email, json!({"recovery_code": recovery[0]})).await;
    assert_eq!(rescued.status, 200, "{}", rescued.body);
    let reused = sign_in_with(base, &email, json!({"recovery_code": recovery[0]})).await;
    assert_problem(&reused, 401, "mfa-code-invalid");
    let still = sign_in_with(base, &email, json!({})).await;
    assert_problem(&still, 401, "mfa-sms-sent");

    // A manager's reset: no code asked, and set it up again.
    let url = format!("{base}/orgs/{}/users/{id}/mfa/reset", run.demo.org_id);
    let reset = call("POST", &url, Some(&manager), None).await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let texts_before = texts(&phone).await.len();
    let plain = sign_in_with(base, &email, json!({})).await;
    assert_eq!(plain.status, 200, "{}", plain.body);
    assert_eq!(texts(&phone).await.len(), texts_before, "no code texted");
    let session = plain.json()["access_token"].as_str().unwrap().to_string();
    let me = call("GET", &format!("{base}/me"), Some(&session), None).await;
    assert_eq!(me.json()["mfa"]["sms"], false);
    assert_eq!(
        me.json()["mfa"]["enrolment_required"],
        json!({"method": "sms"})
    );
}

#[tokio::test]
async fn wrong_texted_codes_count_as_wrong_passwords() {
    let run = local().await;
    let base = &run.base_url;
    let (_, email, phone, _, _) = texted_member(&run, "Maude").await;
    let before = texts(&phone).await.len();
    let asked = sign_in_with(base, &email, json!({})).await;
    assert_problem(&asked, 401, "mfa-sms-sent");
    let code = texted(&phone, before + 1).await;
    for _ in 0..5 {
        let wrong = sign_in_with(base, &email, json!({"mfa_code": another(&code)})).await;
        assert_problem(&wrong, 401, "mfa-code-invalid");
    }
    // Past the limit even the right code is refused.
    let limited = sign_in_with(base, &email, json!({"mfa_code": code})).await;
    assert_problem(&limited, 429, "too-many-attempts");
}

#[tokio::test]
async fn one_texted_code_sent_at_once_by_many_sign_ins_opens_one_session() {
    let run = local().await;
    let base = &run.base_url;
    let (_, email, phone, _, _) = texted_member(&run, "Yasmine").await;
    let before = texts(&phone).await.len();
    let asked = sign_in_with(base, &email, json!({})).await;
    assert_problem(&asked, 401, "mfa-sms-sent");
    let code = texted(&phone, before + 1).await;
    let mut tries = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (base, email, code) = (base.clone(), email.clone(), code.clone());
        tries.spawn(async move { sign_in_with(&base, &email, json!({"mfa_code": code})).await });
    }
    let replies: Vec<Reply> = tries.join_all().await;
    let admitted: Vec<&Reply> = replies.iter().filter(|r| r.status == 200).collect();
    assert_eq!(
        admitted.len(),
        1,
        "{:?}",
        replies.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    for reply in replies.iter().filter(|r| r.status != 200) {
        assert_eq!(reply.status, 401, "{}", reply.body);
        assert_ne!(
            reply.json()["type"],
            "urn:sesame:problem:invalid-credentials",
            "{}",
            reply.body
        );
    }
    // The session answered is a real one.
    let token = admitted[0].json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let me = call("GET", &format!("{base}/me"), Some(&token), None).await;
    assert_eq!(me.json()["email"], email);
}
