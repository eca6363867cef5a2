//! Grants never exceed the grantor (DESIGN §5.16, issue 16 item 1): every
//! permission of the catalogue × every kind of grantor × herself or another
//! member, through each operation that writes grants (set_grants,
//! create_user, approve_access_request opening/added establishment) on the in-memory adapters; then the
//! reported attack, exactly, over HTTP against the emulator.

use crate::common::*;
use serde_json::{Value, json};
use sesame::domain::accounts::account::Account;
use sesame::domain::locale::Locale;
use sesame::domain::people::access_request::RequestType;
use sesame::domain::people::membership::{Civility, Membership, MembershipStatus};
use sesame::domain::people::permission::{Grants, Permission};
use sesame::layout::records::{AccessRequest, EmailClaim, IdentityLink, create};
use sesame::operations::{
    OperationSpec, Request, execute, people::approve_access_request, people::create_user,
    people::set_grants,
};
use sesame::ports::Principal;
use sesame_tests::seed::{DEMO_EMPLOYEE_EMAIL, DEMO_PASSWORD, seed, seed_demo_employee};

const ORG: &str = "019a0000-0000-7000-8000-00000000d0a1";
const A: &str = "019a0000-0000-7000-8000-00000000e0a1";
const B: &str = "019a0000-0000-7000-8000-00000000e0a2";
const C: &str = "019a0000-0000-7000-8000-00000000e0a3";

/// The grantor kinds, each for one permission `p` given at establishment A.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Grantor {
    Manager,
    /// `manage_users` and `p` at A.
    ManagesAndHolds,
    /// `manage_users` at A, not `p`.
    ManagesOnly,
    /// `p` at A, `manage_users` only at B.
    HoldsOnly,
}

const GRANTORS: [Grantor; 4] = [
    Grantor::Manager,
    Grantor::ManagesAndHolds,
    Grantor::ManagesOnly,
    Grantor::HoldsOnly,
];

fn grantor_grants(kind: Grantor, p: Permission) -> Grants {
    let mut g = Grants::new();
    let mut at = |est: &str, perm: Permission| {
        g.entry(est.to_string()).or_default().insert(perm);
    };
    match kind {
        Grantor::Manager => {}
        Grantor::ManagesAndHolds => {
            at(A, Permission::ManageUsers);
            at(A, p);
        }
        Grantor::ManagesOnly => at(A, Permission::ManageUsers),
        Grantor::HoldsOnly => {
            at(A, p);
            at(B, Permission::ManageUsers);
        }
    }
    g
}

/// The answer the rule must give, written out here and not taken from the
/// rule: `None` when allowed, else the problem's type slug.
fn expected(kind: Grantor, p: Permission, herself: bool) -> Option<&'static str> {
    match kind {
        Grantor::Manager => None,
        _ if herself => Some("grant-own-membership"),
        _ if matches!(p, Permission::ManageUsers | Permission::SensitiveData) => {
            Some("grant-managers-only")
        }
        Grantor::ManagesAndHolds => None,
        Grantor::ManagesOnly => Some("grant-exceeds-grantor"),
        Grantor::HoldsOnly => Some("grant-outside-managed-establishments"),
    }
}

fn name(p: Permission) -> String {
    serde_json::to_value(p)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn id(n: u64) -> String {
    format!("019a0000-0000-7000-8000-{:012x}", 0xaaa000 + n)
}

/// An active member with these grants; returns her directory subject.
async fn member(memory: &Memory, account_id: &str, grants: Grants, manager: bool) -> String {
    let ctx = &memory.ctx;
    let email = format!("m{}@exemple.ca", &account_id[account_id.len() - 4..]);
    let sub = ctx.directory.ensure_identity(&email).await.unwrap();
    let now = ctx.clock.now();
    let membership = Membership {
        org_id: ORG.into(),
        account_id: account_id.into(),
        civility: Civility::Mme,
        last_name: "Roy".into(),
        first_name: "Léa".into(),
        email: email.clone(),
        phone: "514 555-0111".into(),
        function: None,
        birth_date: None,
        main_establishment: grants.keys().next().cloned(),
        manager,
        grants,
        status: MembershipStatus::Active,
        locale: None,
        invitation: None,
        last_login_at: None,
        secret: None,
        mfa_mode: None,
        mfa_on: false,
        auth_phone: None,
        notifications: Default::default(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    ctx.store
        .transact(vec![
            create(&EmailClaim {
                email: email.clone(),
                account_id: account_id.into(),
            }),
            create(&Account {
                id: account_id.into(),
                email,
                identity: Some(sub.clone()),
                created_at: now,
                last_login_at: None,
                version: 1,
                mfa: Default::default(),
            }),
            create(&IdentityLink {
                sub: sub.clone(),
                account_id: account_id.into(),
            }),
            create(&membership),
        ])
        .await
        .unwrap();
    sub
}

/// A fresh organisation (establishments A, B, C) with a grantor of this
/// kind; returns (memory, grantor id, grantor subject).
async fn world(kind: Grantor, p: Permission) -> (Memory, String, String) {
    let memory = memory();
    seed(
        &memory.ctx,
        ORG,
        "Garderie Les Grillons",
        &[(A, "Rosemont"), (B, "Villeray"), (C, "Ahuntsic")],
        &id(1),
        "direction@grillons.ca",
    )
    .await
    .unwrap();
    let grantor = id(2);
    let sub = member(
        &memory,
        &grantor,
        grantor_grants(kind, p),
        kind == Grantor::Manager,
    )
    .await;
    (memory, grantor, sub)
}

/// Runs the operation as `sub`: the success body, or (status, type slug).
async fn run(
    memory: &Memory,
    spec: &OperationSpec,
    sub: &str,
    params: &[(&str, &str)],
    body: Value,
) -> Result<Value, (u16, String)> {
    let mut all = vec![("org_id", ORG)];
    all.extend_from_slice(params);
    let request = Request {
        params: all
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.to_string().into_bytes(),
        locale: Locale::En,
        principal: Some(Principal { sub: sub.into() }),
        ..Request::default()
    };
    match execute(&memory.ctx, spec, request).await {
        Ok(out) => Ok(out.body),
        Err(error) => {
            let (status, doc) = sesame::http::problem::render(&error, Locale::En);
            let slug = doc["type"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches("urn:sesame:problem:")
                .to_string();
            Err((status, slug))
        }
    }
}

fn sorted_items(memory: &Memory) -> Vec<String> {
    let mut all: Vec<String> = memory
        .store
        .dump()
        .iter()
        .map(|item| serde_json::to_string(item).unwrap())
        .collect();
    all.sort();
    all
}

/// Checks one answer against the expectation: allowed → `p` at A in the
/// answer; refused → 403 of that type and not one item changed.
fn check(
    what: &str,
    got: Result<Value, (u16, String)>,
    want: Option<&str>,
    p: Permission,
    est: &str,
    before: &[String],
    memory: &Memory,
) {
    match (got, want) {
        (Ok(body), None) => assert!(
            body["grants"][est]
                .as_array()
                .is_some_and(|a| a.contains(&json!(name(p)))),
            "{what}: {body}"
        ),
        (Err((status, slug)), Some(want)) => {
            assert_eq!((status, slug.as_str()), (403, want), "{what}");
            assert_eq!(sorted_items(memory), before, "{what}: something changed");
        }
        (got, want) => panic!("{what}: got {got:?}, wanted {want:?}"),
    }
}

#[tokio::test]
async fn grants_never_exceed_the_grantor_in_every_operation_that_writes_them() {
    let mut checked = 0;
    for p in Permission::ALL {
        for kind in GRANTORS {
            // set_grants, on herself: her grants plus `p` where she lacks it.
            let (memory, grantor, sub) = world(kind, p).await;
            let mine = grantor_grants(kind, p);
            let est = [A, B, C]
                .into_iter()
                .find(|e| !mine.get(*e).is_some_and(|s| s.contains(&p)))
                .unwrap();
            let mut lines: Vec<Value> = mine
                .iter()
                .filter(|(e, _)| e.as_str() != est)
                .map(|(e, set)| {
                    json!({"establishment_id": e, "permissions": set.iter().map(|p| name(*p)).collect::<Vec<_>>()})
                })
                .collect();
            let mut there: Vec<String> = mine
                .get(est)
                .map(|s| s.iter().map(|p| name(*p)).collect())
                .unwrap_or_default();
            there.push(name(p));
            lines.push(json!({"establishment_id": est, "permissions": there}));
            let before = sorted_items(&memory);
            let got = run(
                &memory,
                &set_grants::SPEC,
                &sub,
                &[("user_id", &grantor)],
                json!({"version": 1, "establishments": lines}),
            )
            .await;
            let what = format!("set_grants {p:?} by {kind:?} to herself");
            check(
                &what,
                got,
                expected(kind, p, true),
                p,
                est,
                &before,
                &memory,
            );
            checked += 1;

            // set_grants, on another member (no grants yet): `p` at A.
            let (memory, _, sub) = world(kind, p).await;
            let target = id(3);
            member(&memory, &target, Grants::new(), false).await;
            let before = sorted_items(&memory);
            let got = run(
                &memory,
                &set_grants::SPEC,
                &sub,
                &[("user_id", &target)],
                json!({"version": 1, "establishments": [{"establishment_id": A, "permissions": [name(p)]}]}),
            )
            .await;
            let what = format!("set_grants {p:?} by {kind:?} to another");
            check(&what, got, expected(kind, p, false), p, A, &before, &memory);
            checked += 1;

            // create_user: a new member with `p` at A.
            let (memory, _, sub) = world(kind, p).await;
            let mut form = employee("nouvelle@exemple.ca", A);
            form["establishments"] = json!([{"establishment_id": A, "permissions": [name(p)]}]);
            let before = sorted_items(&memory);
            let got = run(&memory, &create_user::SPEC, &sub, &[], form).await;
            let what = format!("create_user {p:?} by {kind:?}");
            check(&what, got, expected(kind, p, false), p, A, &before, &memory);
            checked += 1;

            // approve_access_request: the requester gets `p` at A.
            let (memory, _, sub) = world(kind, p).await;
            let request_id = id(9);
            memory
                .ctx
                .store
                .transact(vec![create(&AccessRequest {
                    id: request_id.clone(),
                    org_id: ORG.into(),
                    civility: Some(Civility::Mme),
                    last_name: "Gagnon".into(),
                    first_name: "Marie".into(),
                    function: None,
                    email: "marie.gagnon@exemple.ca".into(),
                    phone: "514 555-0177".into(),
                    message: None,
                    request_type: Default::default(),
                    company_name: None,
                    establishment_wanted: None,
                    locale: Locale::Fr,
                    status: "pending".into(),
                    reason: None,
                    user_id: None,
                    created_at: memory.ctx.clock.now(),
                    decided_at: None,
                    decided_by: None,
                    version: 1,
                })])
                .await
                .unwrap();
            let before = sorted_items(&memory);
            let got = run(
                &memory,
                &approve_access_request::SPEC,
                &sub,
                &[("request_id", &request_id)],
                json!({"establishment_id": A, "permissions": [name(p)]}),
            )
            .await;
            let what = format!("approve_access_request {p:?} by {kind:?}");
            check(&what, got, expected(kind, p, false), p, A, &before, &memory);
            checked += 1;

            // approve_access_request of an added establishment: a member
            // (no grants yet) asked for A, and gets `p` there.
            let (memory, _, sub) = world(kind, p).await;
            let target = id(3);
            member(&memory, &target, Grants::new(), false).await;
            let email = format!("m{}@exemple.ca", &target[target.len() - 4..]);
            let request_id = id(9);
            memory
                .ctx
                .store
                .transact(vec![create(&AccessRequest {
                    id: request_id.clone(),
                    org_id: ORG.into(),
                    civility: Some(Civility::Mme),
                    last_name: "Roy".into(),
                    first_name: "Léa".into(),
                    function: None,
                    email,
                    phone: "514 555-0111".into(),
                    message: None,
                    request_type: RequestType::Establishment,
                    company_name: None,
                    establishment_wanted: Some("Rosemont".into()),
                    locale: Locale::Fr,
                    status: "pending".into(),
                    reason: None,
                    user_id: Some(target.clone()),
                    created_at: memory.ctx.clock.now(),
                    decided_at: None,
                    decided_by: None,
                    version: 1,
                })])
                .await
                .unwrap();
            let before = sorted_items(&memory);
            let got = run(
                &memory,
                &approve_access_request::SPEC,
                &sub,
                &[("request_id", &request_id)],
                json!({"establishment_id": A, "permissions": [name(p)]}),
            )
            .await;
            let what = format!("approve_access_request (added establishment) {p:?} by {kind:?}");
            check(&what, got, expected(kind, p, false), p, A, &before, &memory);
            checked += 1;
        }
    }
    assert_eq!(checked, Permission::ALL.len() * GRANTORS.len() * 5);
    eprintln!(
        "grant matrix: {checked} combinations checked ({} permissions × {} grantors × set_grants herself/another, create_user, approve_access_request opening/added establishment)",
        Permission::ALL.len(),
        GRANTORS.len()
    );
}

#[tokio::test]
async fn only_a_manager_creates_a_manager() {
    let (memory, _, sub) = world(Grantor::ManagesAndHolds, Permission::Leave).await;
    let mut form = employee("chef@exemple.ca", A);
    form["establishments"] = json!([{"establishment_id": A, "permissions": ["leave"]}]);
    form["manager"] = json!(true);
    let before = sorted_items(&memory);
    let got = run(&memory, &create_user::SPEC, &sub, &[], form.clone()).await;
    assert_eq!(got, Err((403, "grant-manager-flag".into())));
    assert_eq!(sorted_items(&memory), before);
    let (memory, _, sub) = world(Grantor::Manager, Permission::Leave).await;
    let made = run(&memory, &create_user::SPEC, &sub, &[], form).await;
    assert_eq!(made.map(|b| b["manager"].clone()), Ok(json!(true)));
}

#[tokio::test]
async fn the_published_matrix_states_the_grant_rule() {
    let matrix =
        serde_json::to_value(sesame::operations::organisation::permission_matrix::matrix())
            .unwrap();
    let rule = &matrix["grant_rule"];
    assert_eq!(
        rule["managers_only"],
        json!(["manage_users", "sensitive_data"])
    );
    for p in Permission::ALL {
        let by = &rule["granted_by"][name(p)];
        if matches!(p, Permission::ManageUsers | Permission::SensitiveData) {
            assert_eq!(by, "manager");
        } else {
            assert_eq!(by, "manager_or_holder_with_manage_users");
        }
    }
    assert_eq!(rule["manager_flag_granted_by"], "manager");
    assert!(
        rule["rule_fr"]
            .as_str()
            .unwrap()
            .contains("jamais à sa propre")
    );
    assert!(
        rule["rule_en"]
            .as_str()
            .unwrap()
            .contains("never to her own")
    );
}

/// Issue 16, item 1, as reported: a `manage_users` holder (no manager)
/// adds `sensitive_data` to her own grants, then reads another employee's
/// full IBAN. Both refused, and nothing changed.
#[tokio::test]
async fn a_manage_users_holder_cannot_give_herself_sensitive_data_over_http() {
    let run = local().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    let rosemont = run.demo.establishments[0].0.clone();
    let employee_id = seed_demo_employee(&run.ctx).await.expect("demo employee");
    let manager = sign_in(&base, &run.demo.manager_email, &run.demo.manager_password).await;
    let worker = sign_in(&base, DEMO_EMPLOYEE_EMAIL, DEMO_PASSWORD).await;
    // (A first request, as the employee-space test makes before this one.)
    assert_eq!(
        call("GET", &format!("{base}/me"), Some(&worker), None)
            .await
            .status,
        200
    );
    let set = call(
        "PUT",
        &format!("{base}/orgs/{org}/me/bank-details"),
        Some(&worker),
        Some(json!({"iban": "DE89 3704 0044 0532 0130 00"})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);

    // The coordinator: manage_users (and the employee preset) at Rosemont.
    let email = format!("{}@exemple.ca", unique("coord."));
    let mut form = employee(&email, &rosemont);
    form["establishments"][0]["permissions"] = json!(["manage_users"]);
    let created = call(
        "POST",
        &format!("{base}/orgs/{org}/users"),
        Some(&manager),
        Some(form),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let coord_id = created.json()["id"].as_str().unwrap().to_string();
    let sent = call(
        "POST",
        &format!("{base}/orgs/{org}/users/{coord_id}/activation"),
        Some(&manager),
        None,
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let link = emails_to(&email).await.last().unwrap().links()[0].clone();
    let done = call(
        "POST",
        &format!("{base}/activation"),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let coord = sign_in(&base, &email, PASSWORD).await;
    let me = call(
        "GET",
        &format!("{base}/orgs/{org}/users/{coord_id}"),
        Some(&coord),
        None,
    )
    .await;
    assert_eq!(me.status, 200, "{}", me.body);
    let version = me.json()["version"].as_u64().unwrap();
    let mut mine: Vec<Value> = me.json()["grants"][&rosemont].as_array().unwrap().clone();
    mine.push(json!("sensitive_data"));
    let employee_version = call(
        "GET",
        &format!("{base}/orgs/{org}/users/{employee_id}"),
        Some(&manager),
        None,
    )
    .await
    .json()["version"]
        .as_u64()
        .unwrap();
    // Let the activation's emails settle before the snapshot.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let before = snapshot(&run).await;

    // The attack: her own grants plus sensitive_data.
    let own = call(
        "PUT",
        &format!("{base}/orgs/{org}/users/{coord_id}/grants"),
        Some(&coord),
        Some(json!({"version": version, "establishments": [{"establishment_id": rosemont, "permissions": mine}]})),
    )
    .await;
    assert_problem(&own, 403, "grant-own-membership");
    // The same on another user.
    let other = call(
        "PUT",
        &format!("{base}/orgs/{org}/users/{employee_id}/grants"),
        Some(&coord),
        Some(json!({"version": employee_version, "establishments": [{"establishment_id": rosemont, "permissions": ["leave", "sensitive_data"]}]})),
    )
    .await;
    assert_problem(&other, 403, "grant-managers-only");
    assert_eq!(
        other.json()["permission"],
        "sensitive_data",
        "{}",
        other.body
    );
    assert_eq!(other.json()["establishment"], json!(rosemont));
    assert!(other.body.contains("sensitive_data"), "{}", other.body);
    // And the IBAN stays out of reach.
    let iban = call(
        "GET",
        &format!("{base}/orgs/{org}/users/{employee_id}/bank-details"),
        Some(&coord),
        None,
    )
    .await;
    assert!(
        iban.status == 403 || iban.status == 404,
        "{} {}",
        iban.status,
        iban.body
    );
    assert!(!iban.body.contains("0532"), "{}", iban.body);
    assert_eq!(
        snapshot(&run).await,
        before,
        "a refused grant changed something"
    );
}
