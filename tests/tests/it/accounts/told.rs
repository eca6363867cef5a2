//! Seed 003, "vous recevrez un e-mail de confirmation" and "un e-mail de
//! confirmation vous sera transmis avec votre identifiant et le résumé de
//! vos informations": an activation tells every active manager of the
//! organisation (who, when, a link to her user page), and the person gets
//! her identifier and a summary.

use crate::common::*;
use serde_json::json;
use sesame_tests::emulator::{Emulator, SentEmail};
use sesame_tests::seed::{self, DEMO_ESTABLISHMENTS};
use sesame_tests::stack::LocalRun;

/// A new manager of the demo organisation, active: (id, email).
async fn manager_of_demo(run: &LocalRun, manager: &str) -> (String, String) {
    let email = format!("{}@exemple.ca", unique("gest."));
    let mut form = employee(&email, DEMO_ESTABLISHMENTS[0].0);
    form["manager"] = json!(true);
    let (id, _) = activated_from(run, manager, form).await;
    (id, email)
}

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

/// The notice of `person`'s activation among the emails to `manager`.
fn notice_of(emails: &[SentEmail], person: &str) -> Option<SentEmail> {
    emails
        .iter()
        .find(|e| e.subject.contains("a activé son compte") && e.body.contains(person))
        .cloned()
}

#[tokio::test]
async fn every_active_manager_is_told_of_an_activation_with_a_link_to_her_user_page() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, second) = manager_of_demo(&run, &manager).await;
    let (disabled_id, disabled) = manager_of_demo(&run, &manager).await;
    let off = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{disabled_id}/disable"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(off.status, 200, "{}", off.body);
    let neighbour_email = format!("{}@voisine.exemple.ca", unique("gestion."));
    seed::seed(
        &run.ctx,
        "019a0000-0000-7000-8000-0000000f0003",
        "Organisation voisine",
        &[("019a0000-0000-7000-8000-0000000f00e3", "Ailleurs")],
        "019a0000-0000-7000-8000-0000000f00a3",
        &neighbour_email,
    )
    .await
    .expect("second organisation");

    let person = format!("{}@exemple.ca", unique("zoe."));
    let (id, link) = invite(&run, &manager, &person).await;
    activate(&base, &link).await;

    for to in [run.demo.manager_email.as_str(), second.as_str()] {
        let emails = emails_once(to, |e| {
            notice_of(std::slice::from_ref(e), &person).is_some()
        })
        .await;
        let notice = notice_of(&emails, &person).unwrap();
        assert!(
            notice.subject.contains("Zoé Tremblay"),
            "{}",
            notice.subject
        );
        assert!(notice.body.contains("Éducatrice"), "{}", notice.body);
        // When, in the organisation's time zone (Eastern Time).
        assert!(notice.body.contains("(heure de l"), "{}", notice.body);
        let page = notice
            .links()
            .into_iter()
            .find(|l| l.contains("/users/"))
            .expect("a link to her user page");
        assert_eq!(page, format!("{base}/#/org/{org}/users/{id}"));
        // The link's route opens her in the API the portal's page reads.
        let route = page.split("#").nth(1).unwrap().replace("/org/", "/orgs/");
        let user = call("GET", &format!("{base}{route}"), Some(&manager), None).await;
        assert_eq!(user.status, 200, "{}", user.body);
        assert_eq!(user.json()["email"], person.as_str());
        assert_eq!(user.json()["status"], "active");
    }

    // The others' notices went out in the same sweep: give the sender a
    // moment more, then none reached the disabled manager or the other
    // organisation's.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let sent = Emulator::at(&emulator_url())
        .sent_emails()
        .await
        .expect("emulator emails");
    for to in [disabled.as_str(), neighbour_email.as_str()] {
        let theirs: Vec<SentEmail> = sent
            .iter()
            .filter(|e| e.to.iter().any(|t| t == to))
            .cloned()
            .collect();
        assert!(
            notice_of(&theirs, &person).is_none(),
            "{to} was told of the activation"
        );
    }
}

#[tokio::test]
async fn the_confirmation_carries_her_identifier_and_a_summary_of_her_information() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let person = format!("{}@exemple.ca", unique("zoe."));
    let (_, link) = invite(&run, &manager, &person).await;
    activate(&base, &link).await;

    let emails = emails_once(&person, |e| e.subject.contains("est activé")).await;
    let confirmation = emails
        .iter()
        .find(|e| e.subject.contains("est activé"))
        .unwrap();
    let body = &confirmation.body;
    assert!(
        body.contains(&format!("Votre identifiant de connexion est : {person}")),
        "{body}"
    );
    assert!(body.contains("Nom : Zoé Tremblay"), "{body}");
    assert!(body.contains("Fonction : Éducatrice"), "{body}");
    // Her establishment by its name, her roles there by their labels
    // (the employee preset).
    let establishment = format!(
        "Établissement {} : sa feuille de temps, congés et absences, notes de frais",
        DEMO_ESTABLISHMENTS[0].1
    );
    assert!(body.contains(&establishment), "{body}");
    // Nothing for the other establishment, where she holds nothing.
    assert!(!body.contains(DEMO_ESTABLISHMENTS[1].1), "{body}");
}

#[tokio::test]
async fn a_confirmed_self_registration_tells_the_managers_too() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let person = format!("{}@exemple.ca", unique("inscrite."));
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(&person, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_str().unwrap().to_string();
    let password = "Inscription-2026";
    let signed_up = call(
        "POST",
        &format!("{base}/registrations"),
        None,
        Some(json!({"last_name": "Tremblay", "first_name": "Zoé", "email": person, "password": password, "password_confirmation": password, "accept_terms": true})),
    )
    .await;
    assert_eq!(signed_up.status, 202, "{}", signed_up.body);
    let emails = emails_once(&person, |e| e.subject.starts_with("Confirmez")).await;
    let link = emails
        .iter()
        .find(|e| e.subject.starts_with("Confirmez"))
        .unwrap()
        .links()[0]
        .clone();
    let confirmed = call(
        "POST",
        &format!("{base}/registrations/confirm"),
        None,
        Some(json!({"token": token_of(&link)})),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);

    let emails = emails_once(&run.demo.manager_email, |e| {
        notice_of(std::slice::from_ref(e), &person).is_some()
    })
    .await;
    let notice = notice_of(&emails, &person).unwrap();
    assert!(
        notice
            .links()
            .contains(&format!("{base}/#/org/{org}/users/{id}")),
        "{}",
        notice.body
    );
    let mine = emails_once(&person, |e| e.subject.contains("est activé")).await;
    let confirmation = mine
        .iter()
        .find(|e| e.subject.contains("est activé"))
        .unwrap();
    assert!(
        confirmation.body.contains(&format!(
            "Établissement {} : sa feuille de temps",
            DEMO_ESTABLISHMENTS[0].1
        )),
        "{}",
        confirmation.body
    );
}
