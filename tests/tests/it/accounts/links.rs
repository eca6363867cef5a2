//! Single-use links (activation, registration confirmation, password reset,
//! login-email confirmation): under concurrent uses exactly one wins and its
//! effect is the one that stands; and a password-reset link works only while
//! it is the account's newest and no new password was set since.

use crate::common::*;
use serde_json::{Value, json};
use sesame_tests::client::Reply;
use sesame_tests::stack::LocalRun;
use std::sync::Arc;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

/// Concurrent uses of one link per purpose.
const USES: usize = 8;

/// A different valid password per use.
fn password(i: usize) -> String {
    format!("Course-{i}-Passe2026")
}

/// Sends every body to `url` at the same moment (a barrier lines the
/// requests up); the replies in the bodies' order.
async fn together(url: &str, bodies: Vec<Value>) -> Vec<Reply> {
    let barrier = Arc::new(Barrier::new(bodies.len()));
    let mut set = JoinSet::new();
    for (i, body) in bodies.into_iter().enumerate() {
        let (url, barrier) = (url.to_string(), Arc::clone(&barrier));
        set.spawn(async move {
            barrier.wait().await;
            (i, call("POST", &url, None, Some(body)).await)
        });
    }
    let mut replies: Vec<(usize, Reply)> = Vec::new();
    while let Some(done) = set.join_next().await {
        replies.push(done.expect("request task"));
    }
    replies.sort_by_key(|(i, _)| *i);
    replies.into_iter().map(|(_, r)| r).collect()
}

/// Exactly one use answered 2xx; every other one a clear "in use" (409) or
/// "used" (410) problem. Returns the winner's index and prints the counts.
fn one_winner(purpose: &str, replies: &[Reply]) -> usize {
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    let won: Vec<usize> = (0..replies.len())
        .filter(|i| (200..300).contains(&replies[*i].status))
        .collect();
    assert_eq!(won.len(), 1, "{purpose}: {statuses:?}");
    for (i, reply) in replies.iter().enumerate() {
        if i == won[0] {
            continue;
        }
        match reply.status {
            409 => assert_problem(reply, 409, "link-in-use"),
            410 => assert_problem(reply, 410, "link-used"),
            other => panic!("{purpose}: use {i} answered {other}: {}", reply.body),
        }
    }
    println!(
        "single-use links: {purpose} {} concurrent → 1 won, {} refused ({} in use, {} used)",
        replies.len(),
        replies.len() - 1,
        statuses.iter().filter(|s| **s == 409).count(),
        statuses.iter().filter(|s| **s == 410).count(),
    );
    won[0]
}

/// Whether the pool takes this password for this email (straight from the
/// directory: the sign-in operation would lock the email after five misses).
async fn signs_in(run: &LocalRun, email: &str, password: &str) -> bool {
    run.ctx.directory.sign_in(email, password).await.is_ok()
}

/// The passwords among `USES` candidates the pool takes.
async fn working_passwords(run: &LocalRun, email: &str) -> Vec<usize> {
    let mut working = Vec::new();
    for i in 0..USES {
        if signs_in(run, email, &password(i)).await {
            working.push(i);
        }
    }
    working
}

/// The links containing `fragment` emailed to `address`, oldest first, once
/// there are at least `n` of them.
async fn links_to(address: &str, fragment: &str, n: usize) -> Vec<String> {
    let mut links = Vec::new();
    for _ in 0..200 {
        links = emails_to(address)
            .await
            .iter()
            .flat_map(|mail| mail.links())
            .filter(|l| l.contains(fragment))
            .collect();
        if links.len() >= n {
            return links;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{} of {n} links «{fragment}» to {address}", links.len());
}

/// A new employee of the demo organisation, activated with [`PASSWORD`]:
/// (user id, email).
async fn active_employee(run: &LocalRun, manager: &str, prefix: &str) -> (String, String) {
    let email = format!("{}@exemple.ca", unique(prefix));
    let (id, link) = invite(run, manager, &email).await;
    let done = call(
        "POST",
        &format!("{}/activation", run.base_url),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    (id, email)
}

async fn reset_link(run: &LocalRun, email: &str, n: usize) -> String {
    let asked = call(
        "POST",
        &format!("{}/password-resets", run.base_url),
        None,
        Some(json!({"email": email})),
    )
    .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    token_of(&links_to(email, "/reset#token=", n).await[n - 1])
}

async fn confirm_reset(run: &LocalRun, token: &str, password: &str) -> Reply {
    call(
        "POST",
        &format!("{}/password-resets/confirm", run.base_url),
        None,
        Some(json!({"token": token, "password": password})),
    )
    .await
}

#[tokio::test]
async fn an_activation_link_used_concurrently_activates_once_with_the_winners_password() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("course.activation."));
    let (id, link) = invite(&run, &manager, &email).await;
    let token = token_of(&link);

    let bodies = (0..USES)
        .map(|i| json!({"token": token, "password": password(i), "password_confirmation": password(i)}))
        .collect();
    let replies = together(&format!("{base}/activation"), bodies).await;
    let winner = one_winner("activation", &replies);

    // The person told "activated" signs in with her password, and nobody
    // else's password works.
    assert_eq!(working_passwords(&run, &email).await, vec![winner]);
    let user = call(
        "GET",
        &format!("{base}/orgs/{}/users/{id}", run.demo.org_id),
        Some(&manager),
        None,
    )
    .await
    .json();
    assert_eq!(user["status"], "active");
}

#[tokio::test]
async fn a_registration_link_used_concurrently_confirms_once() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    // A record without an invitation; the person registers herself.
    let email = format!("{}@exemple.ca", unique("course.inscription."));
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(
            &email,
            sesame_tests::seed::DEMO_ESTABLISHMENTS[0].0,
        )),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_string();
    let registered = call(
        "POST",
        &format!("{base}/registrations"),
        None,
        Some(json!({"last_name": "Tremblay", "first_name": "Zoé", "email": email, "password": PASSWORD, "password_confirmation": PASSWORD, "accept_terms": true})),
    )
    .await;
    assert_eq!(registered.status, 202, "{}", registered.body);
    let token = token_of(&links_to(&email, "/register/confirm#token=", 1).await[0]);

    // The same link, from eight windows (one payload: the link is all).
    let bodies = (0..USES).map(|_| json!({"token": token})).collect();
    let replies = together(&format!("{base}/registrations/confirm"), bodies).await;
    let winner = one_winner("registration confirmation", &replies);
    assert_eq!(replies[winner].json()["org_ids"], json!([org]));

    assert!(signs_in(&run, &email, PASSWORD).await);
    let user = call(
        "GET",
        &format!("{base}/orgs/{org}/users/{id}"),
        Some(&manager),
        None,
    )
    .await
    .json();
    assert_eq!(user["status"], "active");
}

#[tokio::test]
async fn a_reset_link_used_concurrently_sets_only_the_winners_password() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, email) = active_employee(&run, &manager, "course.reset.").await;
    let token = reset_link(&run, &email, 1).await;

    let bodies = (0..USES)
        .map(|i| json!({"token": token, "password": password(i)}))
        .collect();
    let replies = together(&format!("{base}/password-resets/confirm"), bodies).await;
    let winner = one_winner("password reset", &replies);

    assert_eq!(working_passwords(&run, &email).await, vec![winner]);
    assert!(!signs_in(&run, &email, PASSWORD).await, "the old password");
}

#[tokio::test]
async fn a_login_email_link_used_concurrently_moves_the_address_once_for_good() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, email) = active_employee(&run, &manager, "course.courriel.").await;
    let session = sign_in(&base, &email, PASSWORD).await;
    // (Her identity is read once per container, on her first request.)
    call("GET", &format!("{base}/me"), Some(&session), None).await;
    let new_email = format!("{}@exemple.ca", unique("course.nouveau."));
    let asked = call(
        "POST",
        &format!("{base}/orgs/{org}/me/email"),
        Some(&session),
        Some(json!({"email": new_email})),
    )
    .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let token = token_of(&links_to(&new_email, "#token=", 1).await[0]);

    // Each use would move the sign-in identity; only the winner's move may
    // stand (a loser moving it back would leave the person locked out).
    let bodies = (0..USES).map(|_| json!({"token": token})).collect();
    let replies = together(&format!("{base}/email-changes/confirm"), bodies).await;
    let winner = one_winner("login-email confirmation", &replies);
    assert_eq!(replies[winner].json()["email"], new_email.as_str());

    assert!(
        signs_in(&run, &new_email, PASSWORD).await,
        "the new address"
    );
    assert!(!signs_in(&run, &email, PASSWORD).await, "the old address");
    let session = sign_in(&base, &new_email, PASSWORD).await;
    let me = call("GET", &format!("{base}/me"), Some(&session), None)
        .await
        .json();
    assert_eq!(me["email"], new_email.as_str(), "{me}");
}

#[tokio::test]
async fn a_newer_reset_link_voids_the_earlier_ones() {
    let run = local().await;
    let manager = sign_in(
        &run.base_url,
        &run.demo.manager_email,
        &run.demo.manager_password,
    )
    .await;
    let (_, email) = active_employee(&run, &manager, "reset.deux.").await;
    let first = reset_link(&run, &email, 1).await;
    let second = reset_link(&run, &email, 2).await;

    // The first link died when the second was sent.
    assert_problem(
        &confirm_reset(&run, &first, &password(1)).await,
        410,
        "link-replaced",
    );
    assert!(signs_in(&run, &email, PASSWORD).await, "nothing changed");
    let done = confirm_reset(&run, &second, &password(2)).await;
    assert_eq!(done.status, 200, "{}", done.body);
    // Then L1 once more: still refused, and L2's password stands.
    assert_problem(
        &confirm_reset(&run, &first, &password(1)).await,
        410,
        "link-replaced",
    );
    assert_eq!(working_passwords(&run, &email).await, vec![2]);
}

#[tokio::test]
async fn a_completed_reset_voids_every_outstanding_reset_link() {
    let run = local().await;
    let manager = sign_in(
        &run.base_url,
        &run.demo.manager_email,
        &run.demo.manager_password,
    )
    .await;
    let (_, email) = active_employee(&run, &manager, "reset.fait.").await;
    let link = reset_link(&run, &email, 1).await;
    let claim: sesame::layout::records::EmailClaim = sesame::layout::records::from_item(
        run.ctx
            .store
            .get(&sesame::layout::keys::email_claim(&email))
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let live = || async {
        run.ctx
            .store
            .get(&sesame::layout::keys::reset_link(&claim.account_id))
            .await
            .unwrap()
            .map(|item| item["token_hash"].as_str().unwrap_or_default().to_string())
    };
    // The account has one live reset link: this one.
    assert_eq!(
        live().await,
        Some(sesame::domain::ids::token_hash(&link)),
        "the live reset link"
    );
    let done = confirm_reset(&run, &link, &password(1)).await;
    assert_eq!(done.status, 200, "{}", done.body);
    // Gone with the reset: no reset link of the account can work any more,
    // not even one sent while this reset was under way.
    assert_eq!(live().await, None);
    assert_problem(
        &confirm_reset(&run, &link, &password(3)).await,
        410,
        "link-used",
    );
    assert_eq!(working_passwords(&run, &email).await, vec![1]);
}

#[tokio::test]
async fn an_activation_elsewhere_voids_outstanding_reset_links() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, email) = active_employee(&run, &manager, "reset.activation.").await;
    let link = reset_link(&run, &email, 1).await;

    // An operator creates an organisation whose first manager is the same
    // person: she activates it with a new password.
    let operator = sign_in(
        &base,
        sesame_tests::seed::DEMO_OPERATOR_EMAIL,
        sesame_tests::seed::DEMO_PASSWORD,
    )
    .await;
    let created = call(
        "POST",
        &format!("{base}/operator/organisations"),
        Some(&operator),
        Some(json!({
            "name": "CPE Les Hiboux", "category": "CPE", "identifier": unique("HIBOUX-"),
            "establishments": ["Hiboux Centre"],
            "manager": {"civility": "mme", "last_name": "Tremblay", "first_name": "Zoé", "email": email, "phone": "514 555-0199"}
        })),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let invitation = links_to(&email, "/activate#token=", 2).await[1].clone();
    let activated = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&invitation), "password": password(4)})),
    )
    .await;
    assert_eq!(activated.status, 200, "{}", activated.body);

    // The reset link sent before that new password no longer works.
    assert_problem(
        &confirm_reset(&run, &link, &password(5)).await,
        410,
        "link-replaced",
    );
    assert_eq!(working_passwords(&run, &email).await, vec![4]);
}
