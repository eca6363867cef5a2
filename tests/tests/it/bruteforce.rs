//! Brute force: wrong passwords and reset requests are limited per email,
//! and the answers never tell a known email from an unknown one.

use crate::common::*;
use crate::e2e::emails_to;
use serde_json::json;

async fn sign_in_as(base: &str, email: &str, password: &str) -> (u16, String) {
    let reply = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await;
    let mut body = reply.json();
    body.as_object_mut().map(|o| o.remove("instance"));
    (reply.status, body.to_string())
}

#[tokio::test]
async fn wrong_passwords_lock_the_email_for_a_while_known_or_not() {
    let run = local().await;
    let base = run.base_url.clone();
    let known = run.demo.manager_email.clone();
    let unknown = format!("{}@exemple.ca", unique("personne"));
    let mut tried = 0;
    for attempt in 1..=5 {
        let a = sign_in_as(&base, &known, "Mauvais-Passe-1").await;
        let b = sign_in_as(&base, &unknown, "Mauvais-Passe-1").await;
        assert_eq!(a.0, 401, "attempt {attempt}: {}", a.1);
        assert_eq!(a, b, "attempt {attempt}: known and unknown differ");
        tried += 2;
    }
    // Locked: even the right password is refused, and both look alike.
    let a = sign_in_as(&base, &known, &run.demo.manager_password).await;
    let b = sign_in_as(&base, &unknown, &run.demo.manager_password).await;
    assert_eq!(a.0, 429, "{}", a.1);
    assert!(a.1.contains("too-many-attempts"), "{}", a.1);
    assert_eq!(a, b);
    tried += 2;
    // Another email is not affected.
    let other = call(
        "POST",
        &format!("{base}/sessions"),
        None,
        Some(json!({"email": sesame_tests::seed::DEMO_OPERATOR_EMAIL, "password": sesame_tests::seed::DEMO_PASSWORD})),
    )
    .await;
    assert_eq!(other.status, 200, "{}", other.body);
    println!("brute force: {tried} sign-in attempts, locked after 5 wrong ones per email");
}

#[tokio::test]
async fn reset_requests_send_at_most_three_emails_an_hour() {
    let run = local().await;
    let base = run.base_url.clone();
    // A signed-in account of its own, so no other test's resets count.
    let email = format!("{}@exemple.ca", unique("reset"));
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, link) = crate::e2e::invite(&run, &manager, &email).await;
    let activated = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": crate::e2e::token_of(&link), "password": crate::e2e::PASSWORD, "password_confirmation": crate::e2e::PASSWORD})),
    )
    .await;
    assert_eq!(activated.status, 200, "{}", activated.body);
    let resets = || async {
        emails_to(&email)
            .await
            .iter()
            .filter(|e| e.subject.starts_with("Réinitialisez"))
            .count()
    };
    let mut answers = Vec::new();
    for _ in 0..6 {
        let reply = call(
            "POST",
            &format!("{base}/password-resets"),
            None,
            Some(json!({"email": email})),
        )
        .await;
        answers.push((reply.status, reply.body.clone()));
    }
    assert!(
        answers.iter().all(|a| a.0 == 202 && *a == answers[0]),
        "{answers:?}"
    );
    // Let the sender deliver what it has, then count.
    for _ in 0..100 {
        if resets().await >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(resets().await, 3, "reset emails sent for 6 requests");
    println!("brute force: 6 reset requests, 3 emails, 6 identical answers");
}
