//! Seed 004's "Demandes de création de compte": each request says what it
//! asks ("Type de demande") and for which company ("Raison sociale"); "✓"
//! either opens the user form pre-filled, which the manager completes before
//! the user is created, or, for someone already in the organisation asking
//! for one more establishment, adds it to what she has.

use crate::common::*;
use serde_json::{Value, json};
use sesame_tests::seed::{DEMO_ESTABLISHMENTS, DEMO_IDENTIFIER};

fn form(email: &str, kind: Option<&str>) -> Value {
    let mut f = json!({"org_identifier": DEMO_IDENTIFIER, "civility": "mme", "last_name": "Gagnon",
        "first_name": "Marie", "function": "Éducatrice", "email": email, "phone": "514 555-0177",
        "company_name": "CPE Les Petits Pas"});
    if let Some(kind) = kind {
        f["request_type"] = json!(kind);
        f["establishment_wanted"] = json!("Villeray");
    }
    f
}

/// The pending requests, once the outbox sender has stored `n` of them
/// (and had the time to store a wrong extra one).
async fn pending(list: &str, manager: &str, n: usize) -> Vec<Value> {
    for _ in 0..200 {
        let got = call("GET", list, Some(manager), None).await.json();
        if got["items"].as_array().map_or(0, Vec::len) >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    call("GET", list, Some(manager), None).await.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn requests_say_what_they_ask_and_an_added_establishment_extends_the_members_access() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (rosemont, villeray) = (DEMO_ESTABLISHMENTS[0].0, DEMO_ESTABLISHMENTS[1].0);
    let member_email = format!("{}@exemple.ca", unique("membre."));
    let (member_id, _) = created(&run, &manager, employee(&member_email, rosemont)).await;
    let newcomer = format!("{}@exemple.ca", unique("nouvelle."));
    let mistaken = format!("{}@exemple.ca", unique("erreur."));

    let submit = |body: Value| {
        let url = format!("{base}/access-requests");
        async move { call("POST", &url, None, Some(body)).await }
    };
    let opening = submit(form(&newcomer, None)).await;
    assert_eq!(opening.status, 202, "{}", opening.body);
    // Her account exists: one more establishment. The same answer.
    let added = submit(form(&member_email, Some("establishment"))).await;
    assert_eq!((added.status, &added.body), (opening.status, &opening.body));
    // No record yet: asking for an establishment is an opening.
    submit(form(&mistaken, Some("establishment"))).await;
    // An opening for someone already in: nothing stored, the same answer.
    let again = submit(form(&run.demo.manager_email, Some("opening"))).await;
    assert_eq!((again.status, &again.body), (opening.status, &opening.body));
    let bad = submit(form(&newcomer, Some("promotion"))).await;
    assert_problem(&bad, 422, "validation");
    assert_eq!(
        bad.json()["errors"][0]["field"],
        "request_type",
        "{}",
        bad.body
    );

    let list = format!("{base}/orgs/{}/access-requests", run.demo.org_id);
    let items = pending(&list, &manager, 3).await;
    assert_eq!(items.len(), 3, "{items:?}");
    let of = |email: &str| items.iter().find(|r| r["email"] == email).unwrap().clone();
    let (opening, added, mistaken) = (of(&newcomer), of(&member_email), of(&mistaken));
    assert_eq!(opening["request_type"], "opening");
    assert_eq!(opening["company_name"], "CPE Les Petits Pas");
    assert_eq!(opening["user_id"], Value::Null);
    assert_eq!(added["request_type"], "establishment");
    assert_eq!(added["establishment_wanted"], "Villeray");
    assert_eq!(added["user_id"], member_id.as_str());
    assert_eq!(mistaken["request_type"], "opening");

    // "✓" on the added establishment: Villeray joins Rosemont, nothing
    // else changes, no new record and no invitation.
    let mails_before = emails_to(&member_email).await.len();
    let approved = call(
        "POST",
        &format!("{list}/{}/approve", added["id"].as_str().unwrap()),
        Some(&manager),
        Some(json!({"establishment_id": villeray, "presets": ["employee"]})),
    )
    .await;
    assert_eq!(approved.status, 201, "{}", approved.body);
    let user = approved.json();
    assert_eq!(user["id"], member_id.as_str());
    let grants = user["grants"].as_object().unwrap();
    assert!(
        grants.contains_key(rosemont) && grants.contains_key(villeray),
        "{user}"
    );
    assert_eq!(user["main_establishment"], rosemont);
    assert_eq!(user["version"], 2);
    let users = call(
        "GET",
        &format!("{base}/orgs/{}/users?limit=100", run.demo.org_id),
        Some(&manager),
        None,
    )
    .await
    .json();
    let hers = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["email"] == member_email.as_str())
        .count();
    assert_eq!(hers, 1, "{users}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(emails_to(&member_email).await.len(), mails_before);
    let audit = call(
        "GET",
        &format!(
            "{base}/orgs/{}/audit?action=user.grants_changed",
            run.demo.org_id
        ),
        Some(&manager),
        None,
    )
    .await
    .json();
    assert_eq!(
        audit["items"][0]["changes"]["access_request"], added["id"],
        "{audit}"
    );

    // "✓" on the opening: the form pre-filled, completed by the manager
    // (her first name corrected, a birth date, two establishments, the
    // main one chosen) is what is created; the email stays the request's.
    let url = format!("{list}/{}/approve", opening["id"].as_str().unwrap());
    let completed = json!({"user": {
    "civility": "mme", "last_name": "Gagnon", "first_name": "Marie-Ève", "phone": "514 555-0178",
    "function": "Éducatrice spécialisée", "birth_date": "1990-04-12", "main_establishment": villeray,
    "establishments": [
        {"establishment_id": rosemont, "presets": ["employee"]},
        {"establishment_id": villeray, "presets": ["employee"]}
    ]}});
    // The quick approval's fields and the form are one or the other.
    let mut both = completed.clone();
    both["establishment_id"] = json!(rosemont);
    assert_problem(
        &call("POST", &url, Some(&manager), Some(both)).await,
        422,
        "validation",
    );
    // The form validates as any new user's, by field, and changes nothing.
    let mut wrong = completed.clone();
    wrong["user"]["last_name"] = json!("");
    let refused = call("POST", &url, Some(&manager), Some(wrong)).await;
    assert_problem(&refused, 422, "validation");
    assert_eq!(refused.json()["errors"][0]["field"], "last_name");
    assert!(
        pending(&list, &manager, 2)
            .await
            .iter()
            .any(|r| r["id"] == opening["id"])
    );
    // An email in the form is not the form's to change.
    let mut other = completed.clone();
    other["user"]["email"] = json!("autre@exemple.ca");
    assert_eq!(
        call("POST", &url, Some(&manager), Some(other)).await.status,
        400
    );

    let made = call("POST", &url, Some(&manager), Some(completed)).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let user = made.json();
    assert_eq!(user["email"], newcomer.as_str());
    assert_eq!(user["first_name"], "Marie-Ève");
    assert_eq!(user["function"], "Éducatrice spécialisée");
    assert_eq!(user["phone"], "514 555-0178");
    assert_eq!(user["main_establishment"], villeray);
    assert_eq!(user["grants"].as_object().unwrap().len(), 2, "{user}");
    assert_eq!(user["status"], "invited");
    assert!(emails_to(&newcomer).await[0].subject.starts_with("Activez"));
    let closed = call(
        "GET",
        &format!("{list}?status=approved"),
        Some(&manager),
        None,
    )
    .await
    .json();
    let ids: Vec<&Value> = closed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["user_id"])
        .collect();
    assert!(
        ids.contains(&&user["id"]) && ids.contains(&&json!(member_id)),
        "{closed}"
    );
}
