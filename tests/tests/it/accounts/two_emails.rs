//! The two-emails activation (issue 20, seed 004), an organisation's
//! setting, over HTTP against the emulator: the first email validates the
//! address (its link works once: of five uses at the same moment one sends
//! the second email, the others are refused and send nothing), the second
//! lets the person choose her password; the first link never activates, a
//! link sent again voids the earlier one, and the default stays one email.

use crate::common::*;
use serde_json::json;
use sesame_tests::client::token_of;

/// The links of the emails to `address` whose subject starts with `subject`.
async fn links_in(address: &str, subject: &str, path: &str) -> Vec<String> {
    let found = emails_once(address, |e| e.subject.starts_with(subject)).await;
    found
        .iter()
        .filter(|e| e.subject.starts_with(subject))
        .flat_map(|e| e.links())
        .filter(|l| l.contains(path))
        .collect()
}

#[tokio::test]
async fn with_two_emails_the_address_is_validated_first_then_the_password_chosen() {
    let app = app().await;
    let manager = app.manager().await;
    let (base, org) = (app.base_url.clone(), app.org().to_string());
    let two = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"activation_emails": "two"})),
    )
    .await;
    assert_eq!(two.status, 200, "{}", two.body);
    assert_eq!(two.json()["activation_emails"], "two");
    let (id, email) = created(&app.run, &manager, person_form("employee", "Maude")).await;
    let send = || async {
        call(
            "POST",
            &format!("{base}/orgs/{org}/users/{id}/activation"),
            Some(&manager),
            None,
        )
        .await
    };
    let sent = send().await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let first = links_in(&email, "Confirmez votre adresse", "/verify-email#token=").await;
    assert_eq!(first.len(), 1, "{first:?}");
    // Sent again: the earlier link is gone, the new one works.
    assert_eq!(send().await.status, 200);
    let again = emails_once(&email, |e| {
        e.subject.starts_with("Confirmez votre adresse")
            && e.links()
                .iter()
                .any(|l| l.contains("/verify-email") && l != &first[0])
    })
    .await;
    let latest = again
        .iter()
        .flat_map(|e| e.links())
        .rfind(|l| l.contains("/verify-email#token=") && l != &first[0])
        .expect("the link sent again");
    let url = format!("{base}/activation/address");
    let stale = call(
        "POST",
        &url,
        None,
        Some(json!({"token": token_of(&first[0])})),
    )
    .await;
    assert_problem(&stale, 400, "link-invalid");
    // The first email's link never activates.
    let not_activation = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&latest), "password": PASSWORD})),
    )
    .await;
    assert_eq!(not_activation.status, 400, "{}", not_activation.body);
    // Five uses at the same moment: one wins and sends the second email.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(5));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let (url, token, barrier) = (url.clone(), token_of(&latest), barrier.clone());
        set.spawn(async move {
            barrier.wait().await;
            call("POST", &url, None, Some(json!({"token": token}))).await
        });
    }
    let mut replies = Vec::new();
    while let Some(r) = set.join_next().await {
        replies.push(r.expect("a use"));
    }
    let won: Vec<_> = replies.iter().filter(|r| r.status == 202).collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        replies
            .iter()
            .map(|r| (r.status, &r.body))
            .collect::<Vec<_>>()
    );
    assert_eq!(won[0].json()["email"], email.as_str());
    for r in replies.iter().filter(|r| r.status != 202) {
        assert!([409, 410].contains(&r.status), "{}: {}", r.status, r.body);
    }
    // One second email, whose link lets her choose her password.
    let second = links_in(&email, "Activez votre compte", "/activate#token=").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let all = emails_to(&email).await;
    assert_eq!(
        all.iter()
            .filter(|e| e.subject.starts_with("Activez votre compte"))
            .count(),
        1,
        "one second email: {:?}",
        all.iter().map(|e| &e.subject).collect::<Vec<_>>()
    );
    let used = call(
        "POST",
        &url,
        None,
        Some(json!({"token": token_of(&latest)})),
    )
    .await;
    assert_problem(&used, 410, "address-already-confirmed");
    let done = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&second[0]), "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["status"], "active");
    sign_in(&base, &email, PASSWORD).await;
    // Audited: the address verified, by the person.
    let audit = app.list_audit(&manager, &org, "").await.json();
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "invitation.address_verified" && e["target"] == id.as_str()),
        "{audit}"
    );
    // Back to one email: the link sets the password at once.
    let one = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"activation_emails": "one"})),
    )
    .await;
    assert_eq!(one.status, 200, "{}", one.body);
    let address = format!("{}@exemple.ca", unique("uneseule"));
    let (_, link) = invite(&app.run, &manager, &address).await;
    assert!(link.contains("/activate#token="), "{link}");
}
