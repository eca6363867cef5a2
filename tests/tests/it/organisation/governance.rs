//! Organisation governance over HTTP against the emulator: managers and the
//! last-manager guard under concurrency, grants per establishment.

use crate::common::*;
use serde_json::json;
use sesame_tests::seed::DEMO_ESTABLISHMENTS;
use sesame_tests::stack::LocalRun;
use tokio::task::JoinSet;

async fn active_managers(run: &LocalRun, token: &str) -> Vec<String> {
    let list = call(
        "GET",
        &format!("{}/orgs/{}/managers", run.base_url, run.demo.org_id),
        Some(token),
        None,
    )
    .await;
    assert_eq!(list.status, 200, "{}", list.body);
    list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "active")
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn managers_demoting_each_other_at_once_never_leave_none() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let a_id = run.demo.manager_id.clone();
    let a = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (b_id, b) = second_manager(&run, &a).await;
    let mut requests = 0;
    for variant in ["remove", "disable", "remove", "disable"] {
        // Both are active managers at the start of each round.
        let mut both = active_managers(&run, &a).await;
        both.sort();
        let mut want = vec![a_id.clone(), b_id.clone()];
        want.sort();
        assert_eq!(both, want, "round setup");
        let mut set = JoinSet::new();
        for i in 0..20 {
            let (token, target) = if i % 2 == 0 {
                (a.clone(), b_id.clone())
            } else {
                (b.clone(), a_id.clone())
            };
            let url = match variant {
                "remove" => format!("{base}/orgs/{org}/users/{target}/manager"),
                _ => format!("{base}/orgs/{org}/users/{target}/disable"),
            };
            let method = if variant == "remove" {
                "DELETE"
            } else {
                "POST"
            };
            set.spawn(async move { call(method, &url, Some(&token), None).await.status });
        }
        let mut statuses = Vec::new();
        while let Some(status) = set.join_next().await {
            statuses.push(status.unwrap());
        }
        requests += statuses.len();
        assert!(
            statuses.iter().all(|s| [200, 403, 409].contains(s)),
            "{statuses:?}"
        );
        // Whoever is left is the only active manager; never none.
        let survivor = if call(
            "GET",
            &format!("{base}/orgs/{org}/managers"),
            Some(&a),
            None,
        )
        .await
        .status
            == 200
        {
            a.clone()
        } else {
            b.clone()
        };
        let left = active_managers(&run, &survivor).await;
        assert_eq!(left.len(), 1, "{variant}: {left:?} after {statuses:?}");
        // The counter agrees with the records.
        let org_item = run
            .ctx
            .store
            .get(&sesame::layout::keys::org(&org))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(org_item["active_managers"], 1);
        // Restore the other for the next round.
        let other = if left[0] == a_id {
            b_id.clone()
        } else {
            a_id.clone()
        };
        let restore = match variant {
            "remove" => {
                call(
                    "POST",
                    &format!("{base}/orgs/{org}/users/{other}/manager"),
                    Some(&survivor),
                    None,
                )
                .await
            }
            _ => {
                call(
                    "POST",
                    &format!("{base}/orgs/{org}/users/{other}/enable"),
                    Some(&survivor),
                    None,
                )
                .await
            }
        };
        assert_eq!(restore.status, 200, "{}", restore.body);
    }
    assert_eq!(requests, 80);
    // Deleting each other at once: one goes, one stays.
    let mut set = JoinSet::new();
    for (token, target) in [(a.clone(), b_id.clone()), (b.clone(), a_id.clone())] {
        let url = format!("{base}/orgs/{org}/users/{target}");
        set.spawn(async move { call("DELETE", &url, Some(&token), None).await.status });
    }
    let mut statuses = Vec::new();
    while let Some(status) = set.join_next().await {
        statuses.push(status.unwrap());
    }
    let org_item = run
        .ctx
        .store
        .get(&sesame::layout::keys::org(&org))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(org_item["active_managers"], 1, "{statuses:?}");
}

#[tokio::test]
async fn grants_per_establishment_take_effect_on_the_next_request() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let email = format!("{}@exemple.ca", unique("grants."));
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(&email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    let id = created.json()["id"].as_str().unwrap().to_string();
    call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/activation"),
        Some(&manager),
        None,
    )
    .await;
    let link = emails_to(&email).await.last().unwrap().links()[0].clone();
    call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    let user = sign_in(&base, &email, PASSWORD).await;
    let list = format!("{base}/orgs/{org}/users");
    assert_problem(
        &call("GET", &list, Some(&user), None).await,
        403,
        "forbidden",
    );

    let url = format!("{base}/orgs/{org}/users/{id}/grants");
    let version = call(
        "GET",
        &format!("{base}/orgs/{org}/users/{id}"),
        Some(&manager),
        None,
    )
    .await
    .json()["version"]
        .clone();
    let body = json!({
        "version": version,
        "establishments": [
            {"establishment_id": DEMO_ESTABLISHMENTS[0].0, "permissions": ["leave"]},
            {"establishment_id": DEMO_ESTABLISHMENTS[1].0, "permissions": ["manage_users"]}
        ],
        "main_establishment": DEMO_ESTABLISHMENTS[1].0
    });
    let set = call("PUT", &url, Some(&manager), Some(body.clone())).await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["main_establishment"], DEMO_ESTABLISHMENTS[1].0);
    // The same token now opens the user list (manage_users at Villeray).
    assert_eq!(call("GET", &list, Some(&user), None).await.status, 200);
    let me = call("GET", &format!("{base}/me"), Some(&user), None)
        .await
        .json();
    assert_eq!(
        me["memberships"][0]["permissions"][DEMO_ESTABLISHMENTS[0].0],
        json!(["leave"])
    );
    // Stale version, unknown establishment, unknown permission.
    assert_problem(
        &call("PUT", &url, Some(&manager), Some(body)).await,
        409,
        "version-conflict",
    );
    let bad = call("PUT", &url, Some(&manager), Some(json!({"version": 99, "establishments": [{"establishment_id": "nope", "permissions": ["fly"]}]}))).await;
    assert_problem(&bad, 422, "validation");
    // She may not give what she does not hold, nor appoint managers.
    let other = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(
            &format!("{}@exemple.ca", unique("autre.")),
            DEMO_ESTABLISHMENTS[1].0,
        )),
    )
    .await;
    let other_id = other.json()["id"].as_str().unwrap().to_string();
    let widen = call("PUT", &format!("{base}/orgs/{org}/users/{other_id}/grants"), Some(&user), Some(json!({"version": 1, "establishments": [{"establishment_id": DEMO_ESTABLISHMENTS[0].0, "permissions": ["leave"]}]}))).await;
    // (DESIGN §5.16: the grant rule names what and where.)
    assert_problem(&widen, 403, "grant-outside-managed-establishments");
    assert_problem(
        &call(
            "POST",
            &format!("{base}/orgs/{org}/users/{other_id}/manager"),
            Some(&user),
            None,
        )
        .await,
        403,
        "forbidden",
    );
}

#[tokio::test]
async fn archived_establishments_keep_their_history_and_their_grants_stop() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let ests = format!("{base}/orgs/{org}/establishments");
    let created = call(
        "POST",
        &ests,
        Some(&manager),
        Some(json!({"name": "Installation Hochelaga"})),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let est = created.json()["id"].as_str().unwrap().to_string();
    assert_problem(
        &call("POST", &ests, Some(&manager), Some(json!({"name": "  "}))).await,
        422,
        "validation",
    );
    let renamed = call(
        "PATCH",
        &format!("{ests}/{est}"),
        Some(&manager),
        Some(json!({"name": "Installation Hochelaga-Maisonneuve"})),
    )
    .await;
    assert_eq!(renamed.json()["name"], "Installation Hochelaga-Maisonneuve");

    // A coordinator who manages users only there.
    let email = format!("{}@exemple.ca", unique("hochelaga."));
    let form = json!({"civility": "m", "last_name": "Roy", "first_name": "Luc", "email": email, "phone": "514 555-0101",
        "establishments": [{"establishment_id": est, "permissions": ["manage_users"]}]});
    let user = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(form),
    )
    .await;
    assert_eq!(user.status, 201, "{}", user.body);
    let id = user.json()["id"].as_str().unwrap().to_string();
    call(
        "POST",
        &format!("{base}/orgs/{org}/users/{id}/activation"),
        Some(&manager),
        None,
    )
    .await;
    let link = emails_to(&email).await.last().unwrap().links()[0].clone();
    call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    let coordinator = sign_in(&base, &email, PASSWORD).await;
    let users = format!("{base}/orgs/{org}/users");
    assert_eq!(
        call("GET", &users, Some(&coordinator), None).await.status,
        200
    );

    let archived = call(
        "POST",
        &format!("{ests}/{est}/archive"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(archived.status, 200, "{}", archived.body);
    assert_eq!(archived.json()["archived"], true);
    // Same token, next request: the grant there no longer works.
    assert_problem(
        &call("GET", &users, Some(&coordinator), None).await,
        403,
        "forbidden",
    );
    let me = call("GET", &format!("{base}/me"), Some(&coordinator), None)
        .await
        .json();
    assert_eq!(me["memberships"][0]["permissions"], json!({}));
    // No new grants there, and its history is intact.
    let version = call("GET", &format!("{users}/{id}"), Some(&manager), None)
        .await
        .json()["version"]
        .clone();
    let regrant = call("PUT", &format!("{users}/{id}/grants"), Some(&manager), Some(json!({"version": version, "establishments": [{"establishment_id": est, "permissions": ["leave"]}]}))).await;
    assert_problem(&regrant, 422, "validation");
    let listed = call("GET", &ests, Some(&manager), None).await.json();
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == est.as_str() && e["archived"] == true)
    );
    let log = call(
        "GET",
        &format!("{base}/orgs/{org}/audit?action=establishment.created"),
        Some(&manager),
        None,
    )
    .await
    .json();
    assert_eq!(log["items"][0]["establishment"], est.as_str());
}

#[tokio::test]
async fn immutable_organisation_fields_are_named_and_nothing_changes() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let url = format!("{base}/orgs/{org}");
    let info = call("GET", &url, Some(&manager), None).await;
    assert_eq!(info.status, 200, "{}", info.body);
    let info = info.json();
    assert_eq!(info["category"], "Service de garde");
    let version = info["version"].as_u64().unwrap();

    // Registry numbers are not set yet: they can be, once.
    let set = call("PATCH", &url, Some(&manager), Some(json!({"version": version, "registry_numbers": ["NEQ 1234567890"], "address": "1, rue du Parc, Montréal"}))).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let version = set.json()["version"].as_u64().unwrap();
    let before = snapshot(&run).await;
    for (field, value) in [
        ("category", json!("Entreprise")),
        ("identifier", json!("AUTRE-1")),
        ("registry_numbers", json!(["NEQ 999"])),
    ] {
        let mut body = json!({"version": version, "name": "Nouveau nom"});
        body[field] = value;
        let refused = call("PATCH", &url, Some(&manager), Some(body)).await;
        assert_problem(&refused, 422, "validation");
        let errors = refused.json()["errors"].clone();
        assert_eq!(errors[0]["field"], field);
        assert_eq!(errors[0]["code"], "immutable");
    }
    assert_problem(
        &call(
            "PATCH",
            &url,
            Some(&manager),
            Some(json!({"version": version - 1, "name": "x"})),
        )
        .await,
        409,
        "version-conflict",
    );
    assert_eq!(
        snapshot(&run).await,
        before,
        "a refused edit changed something"
    );
    let renamed = call(
        "PATCH",
        &url,
        Some(&manager),
        Some(json!({"version": version, "name": "CPE Les Lucioles"})),
    )
    .await;
    assert_eq!(renamed.json()["name"], "CPE Les Lucioles");
    // Counters survive edits.
    assert_eq!(renamed.json()["active_managers"], 1);
}

fn access_form(identifier: &str, email: &str, last: &str) -> serde_json::Value {
    json!({"org_identifier": identifier, "civility": "mme", "last_name": last, "first_name": "Marie",
           "function": "Éducatrice", "email": email, "phone": "514 555-0177", "message": "Bonjour !"})
}

#[tokio::test]
async fn access_requests_are_approved_into_invited_users_or_refused_with_an_email() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let identifier = sesame_tests::seed::DEMO_IDENTIFIER;
    let accepted_email = format!("{}@exemple.ca", unique("demande."));
    let refused_email = format!("{}@exemple.ca", unique("refus."));

    let first = call(
        "POST",
        &format!("{base}/access-requests"),
        None,
        Some(access_form(identifier, &accepted_email, "Gagnon")),
    )
    .await;
    assert_eq!(first.status, 202, "{}", first.body);
    // An unknown organisation and an existing member get the very same answer.
    let unknown = call(
        "POST",
        &format!("{base}/access-requests"),
        None,
        Some(access_form("NULLE-PART", &accepted_email, "Gagnon")),
    )
    .await;
    let member = call(
        "POST",
        &format!("{base}/access-requests"),
        None,
        Some(access_form(identifier, &run.demo.manager_email, "Gagnon")),
    )
    .await;
    assert_eq!((unknown.status, &unknown.body), (first.status, &first.body));
    assert_eq!((member.status, &member.body), (first.status, &first.body));
    call(
        "POST",
        &format!("{base}/access-requests"),
        None,
        Some(access_form(identifier, &refused_email, "Lavoie")),
    )
    .await;
    let bad = call(
        "POST",
        &format!("{base}/access-requests"),
        None,
        Some(json!({"org_identifier": identifier, "email": "nope"})),
    )
    .await;
    assert_problem(&bad, 422, "validation");

    // Stored by the outbox sender after the answer: wait for the two.
    let list = format!("{base}/orgs/{org}/access-requests");
    let mut pending = serde_json::Value::Null;
    for _ in 0..200 {
        pending = call("GET", &list, Some(&manager), None).await.json();
        if pending["items"].as_array().map_or(0, Vec::len) >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Let a wrongly stored third show up, if there were one.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let pending = {
        let again = call("GET", &list, Some(&manager), None).await.json();
        if again["items"].is_array() {
            again
        } else {
            pending
        }
    };
    let items = pending["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        2,
        "the existing member's request was not stored: {items:?}"
    );
    let id_of = |email: &str| {
        items.iter().find(|r| r["email"] == email).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (accept_id, refuse_id) = (id_of(&accepted_email), id_of(&refused_email));

    // Approve: a pre-filled user at the chosen establishment, invited.
    let approved = call(
        "POST",
        &format!("{list}/{accept_id}/approve"),
        Some(&manager),
        Some(json!({"establishment_id": DEMO_ESTABLISHMENTS[1].0, "presets": ["employee"]})),
    )
    .await;
    assert_eq!(approved.status, 201, "{}", approved.body);
    let user = approved.json();
    assert_eq!(user["status"], "invited");
    assert_eq!(user["last_name"], "Gagnon");
    assert_eq!(user["function"], "Éducatrice");
    assert_eq!(user["phone"], "514 555-0177");
    assert_eq!(user["main_establishment"], DEMO_ESTABLISHMENTS[1].0);
    assert!(
        emails_to(&accepted_email).await[0]
            .subject
            .starts_with("Activez")
    );
    let again = call(
        "POST",
        &format!("{list}/{accept_id}/approve"),
        Some(&manager),
        Some(json!({"establishment_id": DEMO_ESTABLISHMENTS[1].0})),
    )
    .await;
    assert_problem(&again, 409, "already-decided");

    // Refuse: a reason is required and emailed.
    assert_problem(
        &call(
            "POST",
            &format!("{list}/{refuse_id}/refuse"),
            Some(&manager),
            Some(json!({})),
        )
        .await,
        422,
        "validation",
    );
    let refused = call(
        "POST",
        &format!("{list}/{refuse_id}/refuse"),
        Some(&manager),
        Some(json!({"reason": "Aucun poste ouvert à ce nom."})),
    )
    .await;
    assert_eq!(refused.status, 200, "{}", refused.body);
    assert_eq!(refused.json()["status"], "refused");
    let mail = emails_to(&refused_email).await;
    assert!(
        mail[0].subject.contains("demande d'accès"),
        "{}",
        mail[0].subject
    );
    assert!(mail[0].body.contains("Aucun poste ouvert à ce nom."));
    assert_eq!(
        call("GET", &list, Some(&manager), None).await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let closed = call(
        "GET",
        &format!("{list}?status=approved"),
        Some(&manager),
        None,
    )
    .await
    .json();
    assert_eq!(closed["items"][0]["user_id"], user["id"]);
}

#[tokio::test]
async fn operators_create_organisations_and_restore_a_lost_manager() {
    let run = local().await;
    let base = run.base_url.clone();
    let operator = sign_in(
        &base,
        sesame_tests::seed::DEMO_OPERATOR_EMAIL,
        sesame_tests::seed::DEMO_PASSWORD,
    )
    .await;
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let boss_email = format!("{}@releve.exemple.ca", unique("direction."));
    let form = json!({
        "name": "Agence Relève Plus", "category": "Service de remplacement", "identifier": unique("RELEVE-"),
        "establishments": ["Bureau Montréal", "Bureau Laval"],
        "manager": {"civility": "m", "last_name": "Bouchard", "first_name": "Alexandre", "email": boss_email, "phone": "514 555-0190"}
    });
    let url = format!("{base}/operator/organisations");
    assert_problem(
        &call("POST", &url, Some(&manager), Some(form.clone())).await,
        403,
        "forbidden",
    );
    let created = call("POST", &url, Some(&operator), Some(form.clone())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let created = created.json();
    let org = created["organisation"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["establishments"].as_array().unwrap().len(), 2);
    assert_eq!(created["manager"]["status"], "invited");
    assert_eq!(created["manager"]["manager"], true);
    let mut again = form.clone();
    again["manager"]["email"] = json!("autre@releve.exemple.ca");
    assert_problem(
        &call("POST", &url, Some(&operator), Some(again)).await,
        409,
        "identifier-taken",
    );

    // The first manager activates and runs the organisation.
    let link = emails_to(&boss_email).await.last().unwrap().links()[0].clone();
    call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    let boss = sign_in(&base, &boss_email, PASSWORD).await;
    let info = call("GET", &format!("{base}/orgs/{org}"), Some(&boss), None)
        .await
        .json();
    assert_eq!(info["active_managers"], 1);
    let restore = format!("{base}/operator/organisations/{org}/managers");
    let rescue = json!({"civility": "mme", "last_name": "Roy", "first_name": "Nadia", "email": format!("{}@releve.exemple.ca", unique("relais.")), "phone": "514 555-0191"});
    assert_problem(
        &call("POST", &restore, Some(&operator), Some(rescue.clone())).await,
        409,
        "organisation-has-manager",
    );

    // The manager is lost (records from before the guard, a departure):
    // the organisation has no active manager left.
    let boss_id = created["manager"]["id"].as_str().unwrap();
    let store = &run.ctx.store;
    let mut member = store
        .get(&sesame::layout::keys::membership(&org, boss_id))
        .await
        .unwrap()
        .unwrap();
    member.insert("status".into(), json!("disabled"));
    let mut zero = serde_json::Map::new();
    zero.insert("active_managers".into(), json!(0));
    store
        .transact(vec![
            sesame::ports::Write::Put {
                item: member,
                condition: None,
            },
            sesame::ports::Write::Update {
                key: sesame::layout::keys::org(&org),
                set: zero,
                condition: None,
            },
        ])
        .await
        .unwrap();
    let restored = call("POST", &restore, Some(&operator), Some(rescue.clone())).await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert_eq!(restored.json()["status"], "invited");
    assert_eq!(restored.json()["manager"], true);
    let rescue_email = rescue["email"].as_str().unwrap();
    let link = emails_to(rescue_email).await.last().unwrap().links()[0].clone();
    call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    let nadia = sign_in(&base, rescue_email, PASSWORD).await;
    let managers = call(
        "GET",
        &format!("{base}/orgs/{org}/managers"),
        Some(&nadia),
        None,
    )
    .await
    .json();
    assert_eq!(managers["active"], 1);
    // Operator actions are audited, with the operator as actor.
    let log = call(
        "GET",
        &format!("{base}/orgs/{org}/audit?action=manager.restored"),
        Some(&nadia),
        None,
    )
    .await
    .json();
    assert_eq!(
        log["items"][0]["actor"],
        sesame_tests::seed::DEMO_OPERATOR_ID
    );
    let created_log = call(
        "GET",
        &format!("{base}/orgs/{org}/audit?action=organisation.created"),
        Some(&nadia),
        None,
    )
    .await
    .json();
    assert_eq!(
        created_log["items"][0]["actor"],
        sesame_tests::seed::DEMO_OPERATOR_ID
    );
}

#[tokio::test]
async fn activation_with_security_keys_locks_after_five_wrong_attempts() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let (_, _other) = second_manager(&run, &manager).await;
    let other_email = emails_to_any_manager(&run).await;

    // The mail key: set, then changed (the other manager is told).
    let key = format!("{base}/orgs/{org}/security-key");
    let set = call(
        "PUT",
        &key,
        Some(&manager),
        Some(json!({"question": "Ville du premier CPE ?", "answer": "Laval"})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["notified"], 0);
    // Seed 003: a change may give only the answer (the question kept)…
    let changed = call(
        "PUT",
        &key,
        Some(&manager),
        Some(json!({"answer": "Saint-Jérôme"})),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.json()["question"], "Ville du premier CPE ?");
    assert_eq!(changed.json()["notified"], 1);
    // …or only the question (the answer kept: "Saint-Jérôme" still opens
    // the activation below), and then back; neither is refused, nothing
    // changes.
    let asked = call(
        "PUT",
        &key,
        Some(&manager),
        Some(json!({"question": "Ville de votre premier CPE ?"})),
    )
    .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let shown = call("GET", &format!("{base}/orgs/{org}"), Some(&manager), None).await;
    assert_eq!(
        shown.json()["security_question"],
        "Ville de votre premier CPE ?"
    );
    assert!(!shown.body.contains("Saint-J"), "{}", shown.body);
    let nothing = call("PUT", &key, Some(&manager), Some(json!({"question": " "}))).await;
    assert_problem(&nothing, 422, "validation");
    let back = call(
        "PUT",
        &key,
        Some(&manager),
        Some(json!({"question": "Ville du premier CPE ?"})),
    )
    .await;
    assert_eq!(back.status, 200, "{}", back.body);
    assert!(
        emails_to(&other_email)
            .await
            .iter()
            .any(|e| e.subject.contains("a changé"))
    );
    let settings = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"require_security_keys": true})),
    )
    .await;
    assert_eq!(settings.status, 200, "{}", settings.body);

    // No secret question yet: the invitation cannot go.
    let email = format!("{}@exemple.ca", unique("cles."));
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(employee(&email, DEMO_ESTABLISHMENTS[0].0)),
    )
    .await;
    let id = created.json()["id"].as_str().unwrap().to_string();
    let user = format!("{base}/orgs/{org}/users/{id}");
    assert_problem(
        &call("POST", &format!("{user}/activation"), Some(&manager), None).await,
        409,
        "security-keys-missing",
    );
    let secret = call(
        "PUT",
        &format!("{user}/secret-question"),
        Some(&manager),
        Some(json!({"question": "Nom de votre première éducatrice ?", "answer": "Madame Lise"})),
    )
    .await;
    assert_eq!(secret.status, 200, "{}", secret.body);
    assert!(
        !secret.body.contains("Lise"),
        "the answer leaked: {}",
        secret.body
    );
    assert_eq!(
        call("POST", &format!("{user}/activation"), Some(&manager), None)
            .await
            .status,
        200
    );

    // Two emails: the link, and the key apart.
    let mails = emails_to(&email).await;
    let link = mails
        .iter()
        .find(|m| m.subject.starts_with("Activez"))
        .unwrap()
        .links()[0]
        .clone();
    let key_mail = mails
        .iter()
        .find(|m| m.subject.contains("clé courriel"))
        .expect("email key");
    let email_key = key_mail.body.split("Votre clé courriel : ").nth(1).unwrap()[..8].to_string();
    let token = token_of(&link);
    let info = call(
        "POST",
        &format!("{base}/activation/info"),
        None,
        Some(json!({"token": token})),
    )
    .await
    .json();
    assert_eq!(info["requires_keys"], true);
    assert_eq!(info["mail_key_question"], "Ville du premier CPE ?");
    assert_eq!(
        info["secret_question"],
        "Nom de votre première éducatrice ?"
    );

    let attempt = |mail: &str, key: &str, answer: &str| json!({"token": token, "password": PASSWORD, "mail_key": mail, "email_key": key, "secret_answer": answer});
    // Each wrong key gets the same answer, never naming the key.
    let wrongs = [
        attempt("Montréal", &email_key, "madame lise"),
        attempt("saint-jerome", "AAAAAAAA", "madame lise"),
        attempt("saint-jerome", &email_key, "Monsieur Paul"),
        attempt("", "", ""),
    ];
    let mut bodies = Vec::new();
    for wrong in wrongs {
        let refused = call("POST", &format!("{base}/activation"), None, Some(wrong)).await;
        assert_problem(&refused, 422, "security-keys-refused");
        bodies.push(refused.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    let fifth = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(attempt("x", "y", "z")),
    )
    .await;
    assert_problem(&fifth, 423, "invitation-locked");
    let right_but_locked = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(attempt("  SAINT-JÉRÔME ", &email_key, "madame lise")),
    )
    .await;
    assert_problem(&right_but_locked, 423, "invitation-locked");

    // The manager sends it again: new link, new key, and the right keys work.
    assert_eq!(
        call("POST", &format!("{user}/activation"), Some(&manager), None)
            .await
            .status,
        200
    );
    let mails = emails_to(&email).await;
    let link = mails
        .iter()
        .rev()
        .find(|m| m.subject.starts_with("Activez"))
        .unwrap()
        .links()[0]
        .clone();
    let new_key = mails
        .iter()
        .rev()
        .find(|m| m.subject.contains("clé courriel"))
        .unwrap()
        .body
        .split("Votre clé courriel : ")
        .nth(1)
        .unwrap()[..8]
        .to_string();
    let done = call("POST", &format!("{base}/activation"), None, Some(json!({"token": token_of(&link), "password": PASSWORD,
        "mail_key": "Saint-Jérôme", "email_key": new_key.to_lowercase(), "secret_answer": "Madame  Lise"}))).await;
    assert_eq!(done.status, 200, "{}", done.body);
}

async fn emails_to_any_manager(run: &LocalRun) -> String {
    let token = sign_in(
        &run.base_url,
        &run.demo.manager_email,
        &run.demo.manager_password,
    )
    .await;
    let managers = call(
        "GET",
        &format!("{}/orgs/{}/managers", run.base_url, run.demo.org_id),
        Some(&token),
        None,
    )
    .await
    .json();
    managers["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] != run.demo.manager_email.as_str())
        .unwrap()["email"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn operators_find_an_organisation_by_its_identifier_and_only_they_may() {
    let run = local().await;
    let base = run.base_url.clone();
    let operator = sign_in(
        &base,
        sesame_tests::seed::DEMO_OPERATOR_EMAIL,
        sesame_tests::seed::DEMO_PASSWORD,
    )
    .await;
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let find = |identifier: &str| format!("{base}/operator/organisations?identifier={identifier}");
    // Any case: identifiers are kept upper-cased.
    let found = call("GET", &find("cpe-lucioles"), Some(&operator), None).await;
    assert_eq!(found.status, 200, "{}", found.body);
    let found = found.json();
    assert_eq!(found["org_id"], run.demo.org_id.as_str());
    assert_eq!(found["name"], run.demo.org_name.as_str());
    assert_eq!(found["active_managers"], 1);
    assert_problem(
        &call("GET", &find("NULLE-PART"), Some(&operator), None).await,
        404,
        "not-found",
    );
    assert_problem(
        &call(
            "GET",
            &format!("{base}/operator/organisations"),
            Some(&operator),
            None,
        )
        .await,
        422,
        "validation",
    );
    // A manager is not an operator.
    assert_problem(
        &call("GET", &find("CPE-LUCIOLES"), Some(&manager), None).await,
        403,
        "forbidden",
    );
    // `/me` tells the portal who is one.
    let me = |token: String| {
        let url = format!("{base}/me");
        async move { call("GET", &url, Some(&token), None).await.json() }
    };
    assert_eq!(me(operator.clone()).await["operator"], true);
    assert_eq!(me(manager.clone()).await["operator"], false);
}
