//! Seed 004, "Si vous gérez plusieurs entreprises": a manager of two
//! organisations sees one users list across them (`GET /me/users`), with
//! the "Entreprise" filter and "Actif Oui/Non"; a company she does not
//! manage answers 404; whoever manages none lists nobody.

use crate::common::*;
use serde_json::json;
use sesame_tests::seed::DEMO_ESTABLISHMENTS;

fn orgs_of(list: &serde_json::Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["org_id"].as_str().unwrap().to_string())
        .collect()
}

fn emails_of(list: &serde_json::Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_manager_of_two_companies_lists_their_users_together_and_filters_by_company() {
    let run = local().await;
    let base = run.base_url.clone();
    let demo = run.demo.org_id.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;

    // Paule manages the demo organisation…
    let paule = format!("{}@exemple.ca", unique("paule.multi."));
    let mut form = employee(&paule, DEMO_ESTABLISHMENTS[0].0);
    form["manager"] = json!(true);
    activated_from(&run, &manager, form).await;
    // …and a second company, created by an operator with her as its first
    // manager.
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
            "manager": {"civility": "mme", "last_name": "Test", "first_name": "Paule", "email": paule, "phone": "514 555-0199"}
        })),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let created = created.json();
    let hiboux = created["organisation"]["id"].as_str().unwrap().to_string();
    let centre = created["establishments"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let link = emails_to(&paule).await.last().unwrap().links()[0].clone();
    let done = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let her = sign_in(&base, &paule, PASSWORD).await;

    // In the second company, a record she keeps (not invited: not active).
    let remi = format!("{}@exemple.ca", unique("remi.hiboux."));
    let made = call(
        "POST",
        &format!("{base}/orgs/{hiboux}/users"),
        Some(&her),
        Some(employee(&remi, &centre)),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.body);

    let list = |query: &str| {
        let (base, her) = (base.clone(), her.clone());
        let url = format!("{base}/me/users?limit=100{query}");
        async move { call("GET", &url, Some(&her), None).await }
    };

    // One list: both companies, named; her own two memberships both there.
    let all = list("").await;
    assert_eq!(all.status, 200, "{}", all.body);
    let all = all.json();
    let companies: Vec<&str> = all["companies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["org_id"].as_str().unwrap())
        .collect();
    assert_eq!(companies.len(), 2, "{}", all["companies"]);
    assert!(companies.contains(&demo.as_str()) && companies.contains(&hiboux.as_str()));
    let orgs = orgs_of(&all);
    assert!(orgs.contains(&demo) && orgs.contains(&hiboux), "{orgs:?}");
    let emails = emails_of(&all);
    assert_eq!(
        emails.iter().filter(|e| **e == paule).count(),
        2,
        "her row in each company"
    );
    assert!(emails.contains(&remi));
    assert!(emails.contains(&run.demo.manager_email));
    assert!(all["total"].as_u64().unwrap() as usize >= emails.len());

    // "Entreprise": only that company's users.
    let only = list(&format!("&company={hiboux}")).await.json();
    assert!(orgs_of(&only).iter().all(|o| *o == hiboux), "{only}");
    let mut hers = emails_of(&only);
    hers.sort();
    let mut want = vec![paule.clone(), remi.clone()];
    want.sort();
    assert_eq!(hers, want);
    assert_eq!(only["total"], 2);

    // "Actif Non": the record not yet active, not her.
    let inactive = list(&format!("&company={hiboux}&active=no")).await.json();
    assert_eq!(emails_of(&inactive), vec![remi.clone()]);
    let active = list(&format!("&company={hiboux}&active=yes")).await.json();
    assert_eq!(emails_of(&active), vec![paule.clone()]);
    assert_problem(&list("&active=peut-etre").await, 422, "validation");

    // Pages across the two companies: every row once, in order.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = call(
            "GET",
            &format!("{base}/me/users?limit=2{cursor}"),
            Some(&her),
            None,
        )
        .await
        .json();
        for u in page["items"].as_array().unwrap() {
            seen.push(format!("{}/{}", u["org_id"], u["id"]));
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    let mut unique_rows = seen.clone();
    unique_rows.dedup();
    assert_eq!(seen, unique_rows);
    assert_eq!(seen.len(), orgs_of(&all).len());

    // A company she does not manage, or junk: not found.
    let elsewhere = sesame_tests::seed::seed(
        &run.ctx,
        "019a0000-0000-7000-8000-0000000f0c03",
        "Organisation voisine",
        &[("019a0000-0000-7000-8000-0000000f0ce3", "Ailleurs")],
        "019a0000-0000-7000-8000-0000000f0ca3",
        "gestion@voisine-entreprises.exemple.ca",
    )
    .await
    .expect("another organisation");
    assert_problem(
        &list(&format!("&company={}", elsewhere.org_id)).await,
        404,
        "not-found",
    );
    assert_problem(&list("&company=n-importe-quoi").await, 404, "not-found");

    // Whoever manages no company lists nobody (an employee).
    let (_, employee_token) = activated(&run, &manager, "employee", "Emma").await;
    let none = call(
        "GET",
        &format!("{base}/me/users"),
        Some(&employee_token),
        None,
    )
    .await;
    assert_eq!(none.status, 200, "{}", none.body);
    let none = none.json();
    assert_eq!(none["items"], json!([]));
    assert_eq!(none["companies"], json!([]));
    assert_eq!(none["total"], 0);
    // Without a session: 401.
    assert_eq!(
        call("GET", &format!("{base}/me/users"), None, None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn a_manager_disabled_in_a_company_no_longer_lists_its_users() {
    let run = local().await;
    let base = run.base_url.clone();
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    // A second manager of the demo organisation, who lists its users…
    let email = format!("{}@exemple.ca", unique("adjointe.multi."));
    let mut form = employee(&email, DEMO_ESTABLISHMENTS[0].0);
    form["manager"] = json!(true);
    let (id, token) = activated_from(&run, &manager, form).await;
    let before = call("GET", &format!("{base}/me/users"), Some(&token), None)
        .await
        .json();
    assert!(orgs_of(&before).contains(&run.demo.org_id));
    // …until she is disabled there.
    let off = call(
        "POST",
        &format!("{base}/orgs/{}/users/{id}/disable", run.demo.org_id),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(off.status, 200, "{}", off.body);
    let after = call("GET", &format!("{base}/me/users"), Some(&token), None).await;
    // Her session may be ended with the disabling: either way, no rows.
    if after.status == 200 {
        assert_eq!(after.json()["items"], json!([]), "{}", after.body);
    } else {
        assert_eq!(after.status, 401, "{}", after.body);
    }
}
