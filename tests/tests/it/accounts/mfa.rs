//! The second factor against the emulator, which checks real TOTP codes
//! (`MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP`, set by `scripts/emulator.py`)
//! from its fixed secret: enrolling an authenticator app, the sign-in's
//! code step with the password's attempt limit, the one-time recovery codes.

use crate::common::*;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};

/// RFC 4648 base32 (no padding needed), as authenticator apps read it.
fn base32(secret: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut count = 0;
    let mut out = Vec::new();
    for c in secret.trim_end_matches('=').bytes() {
        let value = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .expect("a base32 secret") as u64;
        bits = (bits << 5) | value;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

/// The authenticator app's code for `secret` now (RFC 6238: SHA-1, 6 digits,
/// 30 s), waiting out the last seconds of a step so the code is still the
/// current one when the emulator checks it.
pub(crate) async fn code_now(secret: &str) -> String {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    if now() % 30 >= 27 {
        tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    }
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&base32(secret)).unwrap();
    mac.update(&(now() / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let value = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", value % 1_000_000)
}

/// A code that is not the current one.
pub(crate) fn wrong(code: &str) -> String {
    if code == "000000" { "111111" } else { "000000" }.into()
}

pub(crate) async fn sign_in_with(base: &str, email: &str, extra: Value) -> Reply {
    let mut body = json!({"email": email, "password": PASSWORD});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    call("POST", &format!("{base}/sessions"), None, Some(body)).await
}

/// A new member with an authenticator app enrolled: (email, secret, the
/// recovery codes).
async fn enrolled(
    run: &sesame_tests::stack::LocalRun,
    first: &str,
) -> (String, String, Vec<String>) {
    let base = &run.base_url;
    let manager = sign_in(base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, session) = activated(run, &manager, "employee", first).await;
    let me = call("GET", &format!("{base}/me"), Some(&session), None).await;
    let email = me.json()["email"].as_str().unwrap().to_string();
    assert_eq!(
        me.json()["mfa"],
        json!({
            "authenticator": false,
            "sms": false,
            "phone_ends_with": null,
            "suggested_phone": null,
            "recovery_codes_left": 0,
            "enrolment_required": null
        })
    );
    let (secret, codes) = enrol(run, &session).await;
    (email, secret, codes)
}

/// Enrols an authenticator app for the session's person (a wrong first
/// code refused on the way): (secret, the recovery codes).
pub(crate) async fn enrol(
    run: &sesame_tests::stack::LocalRun,
    session: &str,
) -> (String, Vec<String>) {
    let base = &run.base_url;
    let session = Some(session);

    let started = call("POST", &format!("{base}/me/authenticator"), session, None).await;
    assert_eq!(started.status, 200, "{}", started.body);
    let secret = started.json()["secret"].as_str().unwrap().to_string();
    let uri = started.json()["otpauth_uri"].as_str().unwrap().to_string();
    assert!(uri.starts_with("otpauth://totp/S%C3%A9same%3A"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");

    // A wrong first code is refused next to its field; nothing is on.
    let code = code_now(&secret).await;
    let refused = call(
        "POST",
        &format!("{base}/me/authenticator/confirm"),
        session,
        Some(json!({"code": wrong(&code)})),
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("code"), "{}", refused.body);
    let me = call("GET", &format!("{base}/me"), session, None).await;
    assert_eq!(me.json()["mfa"]["authenticator"], false);

    let confirmed = call(
        "POST",
        &format!("{base}/me/authenticator/confirm"),
        session,
        Some(json!({"code": code_now(&secret).await})),
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
    let me = call("GET", &format!("{base}/me"), session, None).await;
    assert_eq!(me.json()["mfa"]["authenticator"], true);
    assert_eq!(me.json()["mfa"]["recovery_codes_left"], 10);
    // Kept only hashed: no code is in the table.
    let items = snapshot(run).await.join("\n");
    assert!(
        codes.iter().all(|c| !items.contains(c.as_str())),
        "a recovery code is stored as is"
    );
    assert!(items.contains("$argon2id$"));
    (secret, codes)
}

#[tokio::test]
async fn with_an_authenticator_app_the_sign_in_asks_its_code_and_refuses_a_wrong_one() {
    let run = local().await;
    let base = &run.base_url;
    let (email, secret, _) = enrolled(&run, "Zoé").await;

    // The password alone: the code is asked (not a wrong attempt).
    let asked = sign_in_with(base, &email, json!({})).await;
    assert_eq!(asked.status, 401, "{}", asked.body);
    assert!(asked.body.contains("mfa-required"), "{}", asked.body);
    assert!(asked.json().get("access_token").is_none());
    // A wrong code: refused.
    let code = code_now(&secret).await;
    let refused = sign_in_with(base, &email, json!({"mfa_code": wrong(&code)})).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert!(
        refused.body.contains("mfa-code-invalid"),
        "{}",
        refused.body
    );
    // A wrong password with the right code: the usual answer.
    let mut body = json!({"email": email, "password": "Mauvais-Passe-1", "mfa_code": code});
    let wrong_password = call("POST", &format!("{base}/sessions"), None, Some(body.take())).await;
    assert!(
        wrong_password.body.contains("invalid-credentials"),
        "{}",
        wrong_password.body
    );
    // The right code admits, with the session cookie.
    let admitted = sign_in_with(base, &email, json!({"mfa_code": code_now(&secret).await})).await;
    assert_eq!(admitted.status, 200, "{}", admitted.body);
    assert!(
        admitted
            .header("set-cookie")
            .unwrap()
            .starts_with("sesame_refresh=")
    );
    let access = admitted.json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        call("GET", &format!("{base}/me"), Some(&access), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn wrong_codes_count_against_the_same_limit_as_wrong_passwords() {
    let run = local().await;
    let base = &run.base_url;
    let (email, secret, _) = enrolled(&run, "Léa").await;
    for attempt in 1..=5 {
        let code = code_now(&secret).await;
        let refused = sign_in_with(base, &email, json!({"mfa_code": wrong(&code)})).await;
        assert_eq!(refused.status, 401, "attempt {attempt}: {}", refused.body);
    }
    // Locked: the right password and the right code are refused too.
    let locked = sign_in_with(base, &email, json!({"mfa_code": code_now(&secret).await})).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert!(locked.body.contains("too-many-attempts"), "{}", locked.body);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_the_app_stays_on() {
    let run = local().await;
    let base = &run.base_url;
    let (email, _, codes) = enrolled(&run, "Maude").await;

    // Typed loosely (lower case, a space for the dash): it admits.
    let typed = codes[3].to_lowercase().replace('-', " ");
    let admitted = sign_in_with(base, &email, json!({"recovery_code": typed})).await;
    assert_eq!(admitted.status, 200, "{}", admitted.body);
    let access = admitted.json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let me = call("GET", &format!("{base}/me"), Some(&access), None).await;
    assert_eq!(me.json()["mfa"]["authenticator"], true);
    assert_eq!(me.json()["mfa"]["recovery_codes_left"], 9);
    // Once only.
    let again = sign_in_with(base, &email, json!({"recovery_code": codes[3]})).await;
    assert_eq!(again.status, 401, "{}", again.body);
    assert!(again.body.contains("mfa-code-invalid"), "{}", again.body);
    // A made-up one is refused as well.
    let made_up = sign_in_with(base, &email, json!({"recovery_code": "AAAAA-AAAAA"})).await;
    assert_eq!(made_up.status, 401, "{}", made_up.body);
    // The app is still asked for afterwards; another code still works.
    let asked = sign_in_with(base, &email, json!({})).await;
    assert!(asked.body.contains("mfa-required"), "{}", asked.body);
    let other = sign_in_with(base, &email, json!({"recovery_code": codes[7]})).await;
    assert_eq!(other.status, 200, "{}", other.body);
}

#[tokio::test]
async fn an_app_already_on_is_not_enrolled_again() {
    let run = local().await;
    let base = &run.base_url;
    let (email, secret, _) = enrolled(&run, "Chloé").await;
    let admitted = sign_in_with(base, &email, json!({"mfa_code": code_now(&secret).await})).await;
    let access = admitted.json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let again = call(
        "POST",
        &format!("{base}/me/authenticator"),
        Some(&access),
        None,
    )
    .await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("mfa-already-on"), "{}", again.body);
}
