//! The employee space (seed 002, DESIGN §7) over HTTP through the local
//! runner against the emulator: features switched off answer 403 and write
//! nothing; switched on, every feature works end to end with its emails;
//! employees never reach each other's records; bad input writes nothing.

use crate::common::*;
use serde_json::{Value, json};
use sesame::domain::employee_space::employee::Feature;
use sesame::domain::people::notifications::Notification;
use sesame::operations::registry;
use sesame_tests::client;
use sesame_tests::seed::{
    DEMO_EMPLOYEE_EMAIL, DEMO_EMPLOYEE_ID, DEMO_PASSWORD, DEMO_VACATION_BANK_ID, seed_demo_employee,
};
use sesame_tests::stack::LocalRun;
use sesame_tests::template::root;

/// The employee-space operations (every one of them behind a feature).
const EMPLOYEE_OPS: [&str; 23] = [
    "submit_leave",
    "list_leave",
    "decide_leave",
    "cancel_leave",
    "submit_expense",
    "list_expenses",
    "expense_receipt",
    "decide_expense",
    "request_advance",
    "list_advances",
    "decide_advance",
    "submit_week",
    "list_weeks",
    "decide_week",
    "create_hour_bank",
    "set_bank_details",
    "get_bank_details",
    "reveal_bank_details",
    "share_document",
    "list_documents",
    "download_document",
    "update_profile",
    "change_login_email",
];

/// A fresh run with the demo employee: (run, manager token, employee id,
/// employee token).
async fn space() -> (LocalRun, String, String, String) {
    let run = local().await;
    let employee_id = seed_demo_employee(&run.ctx).await.expect("demo employee");
    let manager = sign_in(
        &run.base_url,
        &run.demo.manager_email,
        &run.demo.manager_password,
    )
    .await;
    let employee = sign_in(&run.base_url, DEMO_EMPLOYEE_EMAIL, DEMO_PASSWORD).await;
    // A warm container (the call budgets' premise): each caller resolved once.
    for token in [&manager, &employee] {
        let me = call("GET", &format!("{}/me", run.base_url), Some(token), None).await;
        assert_eq!(me.status, 200, "{}", me.body);
    }
    (run, manager, employee_id, employee)
}

/// A second employee, invited and activated: (id, email, token).
async fn another_employee(run: &LocalRun, manager: &str) -> (String, String, String) {
    let email = format!("{}@exemple.ca", unique("autre."));
    let (id, link) = invite(run, manager, &email).await;
    let done = call(
        "POST",
        &format!("{}/activation", run.base_url),
        None,
        Some(json!({"token": token_of(&link), "password": PASSWORD})),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let token = sign_in(&run.base_url, &email, PASSWORD).await;
    // The call budgets hold for a warm container, one that has resolved
    // its caller once (the budget test does the same).
    let me = call("GET", &format!("{}/me", run.base_url), Some(&token), None).await;
    assert_eq!(me.status, 200, "{}", me.body);
    (id, email, token)
}

fn sample_body(id: &str) -> Option<Value> {
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("events").join(format!("{id}.json"))).unwrap(),
    )
    .unwrap();
    sample["body"]
        .as_str()
        .map(|b| serde_json::from_str::<Value>(b).unwrap())
}

async fn set_features(run: &LocalRun, manager: &str, on: bool) {
    let features: serde_json::Map<String, Value> = Feature::ALL
        .iter()
        .map(|f| {
            (
                serde_json::to_value(f)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                json!(on),
            )
        })
        .collect();
    let reply = call(
        "PATCH",
        &format!("{}/orgs/{}/settings", run.base_url, run.demo.org_id),
        Some(manager),
        Some(json!({ "features": features })),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json()["features"].as_array().unwrap().len(),
        if on { 7 } else { 0 }
    );
}

async fn me_features(run: &LocalRun, token: &str) -> Vec<String> {
    let me = call("GET", &format!("{}/me", run.base_url), Some(token), None).await;
    me.json()["memberships"][0]["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn each_feature_switched_off_answers_403_and_writes_nothing() {
    let (run, manager, employee_id, employee) = space().await;
    let base = run.base_url.clone();
    let org = run.demo.org_id.clone();
    assert_eq!(me_features(&run, &employee).await.len(), 7);
    set_features(&run, &manager, false).await;
    assert!(me_features(&run, &employee).await.is_empty());

    let before = snapshot(&run).await;
    let mut covered = 0;
    for spec in registry().iter().filter(|s| EMPLOYEE_OPS.contains(&s.id)) {
        let path = spec
            .path
            .replace("{org_id}", &org)
            .replace("{user_id}", &employee_id)
            .replace("{request_id}", "019a0000-0000-7000-8000-00000000e0e0")
            .replace("{document_id}", "019a0000-0000-7000-8000-00000000d0c0")
            .replace("{week}", "2026-11-23");
        // The manager holds every permission: only the feature stops her.
        let reply = call(
            spec.method,
            &format!("{base}{path}"),
            Some(&manager),
            sample_body(spec.id),
        )
        .await;
        assert_problem(&reply, 403, "feature-disabled");
        covered += 1;
    }
    assert_eq!(covered, EMPLOYEE_OPS.len());
    // The employee too, in French and in English, naming the feature.
    let url = format!("{base}/orgs/{org}/leave");
    let auth = format!("Bearer {employee}");
    let body = sample_body("submit_leave")
        .unwrap()
        .to_string()
        .into_bytes();
    for (lang, words) in [("fr", "demandes d'absence"), ("en", "absence requests")] {
        let reply = client::send(
            "POST",
            &url,
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
                ("accept-language", lang),
            ],
            Some(body.clone()),
        )
        .await
        .unwrap();
        assert_problem(&reply, 403, "feature-disabled");
        assert!(
            reply.json()["detail"].as_str().unwrap().contains(words),
            "{}",
            reply.body
        );
    }
    assert_eq!(snapshot(&run).await, before, "a switched-off feature wrote");

    // One feature back on: that one works, the others still refuse.
    let on = call(
        "PATCH",
        &format!("{base}/orgs/{org}/settings"),
        Some(&manager),
        Some(json!({"features": {"advances": true}})),
    )
    .await;
    assert_eq!(on.json()["features"], json!(["advances"]));
    assert_eq!(me_features(&run, &employee).await, ["advances"]);
    let advance = call(
        "POST",
        &format!("{base}/orgs/{org}/advances"),
        Some(&employee),
        sample_body("request_advance"),
    )
    .await;
    assert_eq!(advance.status, 201, "{}", advance.body);
    let leave = call("POST", &url, Some(&employee), sample_body("submit_leave")).await;
    assert_problem(&leave, 403, "feature-disabled");
    println!(
        "feature toggles: {covered} employee-space routes answer 403 feature-disabled, table unchanged"
    );
}

async fn upload(url: &Value, bytes: &[u8]) -> u16 {
    let headers: Vec<(String, String)> = url["headers"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.as_str() != "host")
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(url["method"], "PUT");
    client::send(
        "PUT",
        url["url"].as_str().unwrap(),
        &refs,
        Some(bytes.to_vec()),
    )
    .await
    .unwrap()
    .status
}

async fn fetch(url: &Value) -> client::Reply {
    assert_eq!(url["method"], "GET");
    client::send("GET", url["url"].as_str().unwrap(), &[], None)
        .await
        .unwrap()
}

fn subjects(emails: &[sesame_tests::emulator::SentEmail]) -> Vec<String> {
    emails.iter().map(|e| e.subject.clone()).collect()
}

/// The emulator keeps every email of the test run (other tests' too, and
/// the demo employee's address is the same in every run): what arrived
/// after `since` emails were already there.
async fn emails_since(address: &str, since: usize) -> Vec<sesame_tests::emulator::SentEmail> {
    let all = sesame_tests::emulator::Emulator::at(&emulator_url())
        .sent_emails()
        .await
        .expect("emulator emails");
    all.into_iter()
        .filter(|e| e.to.iter().any(|t| t == address))
        .skip(since)
        .collect()
}

async fn emails_count(address: &str) -> usize {
    emails_since(address, 0).await.len()
}

/// The vacation balance of [`Space`]'s employee (minutes).
const VACATION: i64 = 3000;

/// Adds `minutes` to an employee's balance in a bank, straight in the table:
/// a test's starting balance (the manager's adjustments themselves are
/// tested in `hour_banks`).
pub(crate) async fn credit(run: &LocalRun, account: &str, bank: &str, minutes: i64) {
    run.ctx
        .store
        .transact(vec![sesame::ports::Write::Add {
            key: sesame::layout::keys::bank_balance(&run.demo.org_id, account, bank),
            add: vec![(sesame::layout::employee::BALANCE_MINUTES.into(), minutes)],
            condition: None,
        }])
        .await
        .expect("balance credited");
}

/// A fresh run (the demo employee seeded) with an employee of her own, so
/// that no other test's email counts as hers.
struct Space {
    app: TestApp,
    manager: String,
    id: String,
    email: String,
    session: String,
}

impl Space {
    async fn new() -> Space {
        let app = app().await;
        seed_demo_employee(&app.ctx).await.expect("demo employee");
        let manager = app.manager().await;
        let (id, email, session) = another_employee(&app.run, &manager).await;
        // 50 h of vacation, as a manager's adjustment would leave them.
        credit(&app.run, &id, DEMO_VACATION_BANK_ID, VACATION).await;
        Space {
            app,
            manager,
            id,
            email,
            session,
        }
    }

    fn org(&self) -> &str {
        self.app.org()
    }

    /// Asserts she received an email with this subject (in French).
    async fn assert_emailed(&self, subject: &str) {
        let mut got = Vec::new();
        for _ in 0..200 {
            got = subjects(&self.app.all_emails_to(&self.email).await);
            if got.iter().any(|s| s == subject) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no «{subject}» among {got:?}");
    }

    /// Two and a half days of vacation submitted, taken from the vacation
    /// bank (seeded): its answer.
    async fn vacation(&self) -> Value {
        let leave = self
            .app
            .submit_leave(
                &self.session,
                self.org(),
                Some(json!({"leave_type": "vacation", "start_date": "2026-12-21", "end_date": "2026-12-23", "end_half": "morning", "comment": "Noël"})),
            )
            .await;
        assert_eq!(leave.status, 201, "{}", leave.body);
        leave.json()
    }

    /// The vacation, approved by the manager: its id.
    async fn approved_vacation(&self) -> String {
        let id = self.vacation().await["request"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let approved = self
            .app
            .decide_leave(
                &self.manager,
                self.org(),
                &id,
                json!({"decision": "approve", "comment": "Bonnes vacances", "version": 1}),
            )
            .await;
        assert_eq!(approved.status, 200, "{}", approved.body);
        assert_eq!(approved.json()["state"], "approved");
        id
    }
}

#[tokio::test]
async fn leave_shows_its_bank_impact_and_is_listed_to_her_and_her_team() {
    let s = Space::new().await;
    let l = s.vacation().await;
    assert_eq!(l["impact"]["half_days"], 5);
    assert_eq!(l["impact"]["minutes"], 1050, "5 half days of 7 h");
    assert_eq!(
        l["impact"]["bank_name"], "Vacances",
        "not the overtime bank"
    );
    assert_eq!(l["impact"]["balance_minutes"], VACATION);
    assert_eq!(l["impact"]["balance_after_minutes"], VACATION - 1050);
    let leave_id = l["request"]["id"].as_str().unwrap().to_string();
    let mine = s.app.list_leave(&s.session, s.org(), "").await;
    assert_eq!(mine.json()["items"][0]["id"], leave_id.as_str());
    let team = s
        .app
        .list_leave(&s.manager, s.org(), "scope=team&state=pending")
        .await;
    assert!(
        team.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == leave_id.as_str())
    );
}

#[tokio::test]
async fn leave_is_decided_once_refused_only_with_a_comment_and_its_approval_is_emailed() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let leave_id = s.vacation().await["request"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Refusing needs a comment.
    let bare = app
        .decide_leave(
            &s.manager,
            org,
            &leave_id,
            json!({"decision": "refuse", "version": 1}),
        )
        .await;
    assert_problem(&bare, 422, "validation");
    let approved = app
        .decide_leave(
            &s.manager,
            org,
            &leave_id,
            json!({"decision": "approve", "comment": "Bonnes vacances", "version": 1}),
        )
        .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert_eq!(approved.json()["state"], "approved");
    let again = app
        .decide_leave(
            &s.manager,
            org,
            &leave_id,
            json!({"decision": "refuse", "comment": "non", "version": 2}),
        )
        .await;
    assert_problem(&again, 409, "already-decided");
    s.assert_emailed("Demande d'absence acceptée").await;
}

#[tokio::test]
async fn leave_is_cancelled_while_pending_and_not_once_decided() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let leave_id = s.approved_vacation().await;
    let cancel_decided = app.cancel_leave(&s.session, org, &leave_id).await;
    assert_problem(&cancel_decided, 409, "already-decided");
    // Another one, cancelled while pending.
    let second = app
        .submit_leave(&s.session, org, sample_body("submit_leave"))
        .await;
    let second_id = second.json()["request"]["id"].as_str().unwrap().to_string();
    let cancelled = app.cancel_leave(&s.session, org, &second_id).await;
    assert_eq!(cancelled.json()["state"], "cancelled", "{}", cancelled.body);
}

#[tokio::test]
async fn approved_hours_beyond_forty_go_to_the_overtime_bank_and_lock_the_week() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    s.approved_vacation().await;
    // Hours: 42 h 30 in the week; the overtime bank gets the 2 h 30 beyond 40 h.
    let week = app
        .submit_week(
            &s.session,
            org,
            "2026-11-23",
            Some(json!({"days": [
                {"date": "2026-11-23", "minutes": 510}, {"date": "2026-11-24", "minutes": 510},
                {"date": "2026-11-25", "minutes": 510}, {"date": "2026-11-26", "minutes": 510},
                {"date": "2026-11-27", "minutes": 510}
            ]})),
        )
        .await;
    assert_eq!(week.status, 200, "{}", week.body);
    assert_eq!(week.json()["total_minutes"], 2550);
    let pending = app.list_weeks(&s.manager, org, "scope=team").await;
    assert_eq!(pending.json()["weeks"][0]["account_id"], s.id.as_str());
    let decided = app
        .decide_week(
            &s.manager,
            org,
            &s.id,
            "2026-11-23",
            json!({"decision": "approve", "version": 1}),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    assert_eq!(decided.json()["credited"][0]["minutes"], 150);
    let locked = app
        .submit_week(&s.session, org, "2026-11-23", sample_body("submit_week"))
        .await;
    assert_problem(&locked, 409, "already-decided");
    let sheet = app.list_weeks(&s.session, org, "").await.json();
    assert_eq!(sheet["weeks"][0]["state"], "approved");
    assert_eq!(sheet["banks"][0]["name"], "Heures supplémentaires");
    assert_eq!(sheet["banks"][0]["balance_minutes"], 150, "hours in");
    assert_eq!(sheet["banks"][1]["name"], "Vacances");
    assert_eq!(
        sheet["banks"][1]["balance_minutes"],
        VACATION - 1050,
        "the vacation out of the vacation bank"
    );
    s.assert_emailed("Heures approuvées").await;
}

#[tokio::test]
async fn an_expense_receipt_is_served_once_uploaded_and_its_refusal_is_emailed() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    // Expense note with its receipt, uploaded to the bucket and read back.
    let receipt = b"%PDF-1.4 recu de taxi".to_vec();
    let expense = app
        .submit_expense(
            &s.session,
            org,
            json!({"date": "2026-11-20", "category": "transport", "amount_cents": 4250, "currency": "CAD",
                "description": "Taxi", "receipt": {"file_name": "recu.pdf", "content_type": "application/pdf", "size_bytes": receipt.len()}}),
        )
        .await;
    assert_eq!(expense.status, 201, "{}", expense.body);
    let e = expense.json();
    assert_eq!(e["request"]["details"]["amount"]["amount_cents"], 4250);
    let expense_id = e["request"]["id"].as_str().unwrap().to_string();
    let before_upload = app.expense_receipt(&s.session, org, &expense_id).await;
    assert_problem(&before_upload, 409, "file-not-uploaded");
    assert_eq!(upload(&e["upload"], &receipt).await, 200);
    let link = app.expense_receipt(&s.manager, org, &expense_id).await;
    assert_eq!(link.status, 200, "{}", link.body);
    assert_eq!(
        fetch(&link.json()).await.body.as_bytes(),
        receipt.as_slice()
    );
    let refused = app
        .decide_expense(
            &s.manager,
            org,
            &expense_id,
            json!({"decision": "refuse", "comment": "Reçu illisible", "version": 1}),
        )
        .await;
    assert_eq!(refused.json()["state"], "refused", "{}", refused.body);
    s.assert_emailed("Note de frais refusée").await;
}

#[tokio::test]
async fn an_approved_advance_is_emailed() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let advance = app
        .request_advance(&s.session, org, sample_body("request_advance"))
        .await;
    let advance_id = advance.json()["request"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ok = app
        .decide_advance(
            &s.manager,
            org,
            &advance_id,
            json!({"decision": "approve", "version": 1}),
        )
        .await;
    assert_eq!(ok.json()["state"], "approved", "{}", ok.body);
    s.assert_emailed("Demande d'acompte acceptée").await;
}

#[tokio::test]
async fn bank_details_are_masked_to_her_and_revealed_only_with_the_permission_and_audited() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    // Bank details: masked to the employee, full with the sensitive-data
    // permission, and that read is audited.
    let set = app
        .set_bank_details(
            &s.session,
            org,
            json!({"iban": "DE89 3704 0044 0532 0130 00"}),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["masked"], "DE89 •••• 3000");
    assert!(!set.body.contains("0532"));
    let own = app.get_bank_details(&s.session, org).await;
    assert!(own.json().get("full").is_none() && !own.body.contains("0532"));
    let revealed = app.reveal_bank_details(&s.manager, org, &s.id).await;
    assert_eq!(
        revealed.json()["full"]["iban"],
        "DE89370400440532013000",
        "{}",
        revealed.body
    );
    let audit = app
        .list_audit(&s.manager, org, "action=bank_details.revealed")
        .await;
    assert_eq!(
        audit.json()["items"].as_array().unwrap().len(),
        1,
        "{}",
        audit.body
    );
    // The employee holds no sensitive-data permission.
    let denied = app.reveal_bank_details(&s.session, org, &s.id).await;
    assert_problem(&denied, 403, "forbidden");
    s.assert_emailed("Vos coordonnées bancaires ont changé")
        .await;
}

/// Her bank details' item, as the table holds it.
async fn raw_bank_details(app: &TestApp, account: &str) -> serde_json::Map<String, Value> {
    app.ctx
        .store
        .get(&sesame::layout::keys::bank_details(app.org(), account))
        .await
        .unwrap()
        .expect("her bank details")
}

async fn put_raw(app: &TestApp, item: serde_json::Map<String, Value>) {
    app.ctx
        .store
        .transact(vec![sesame::ports::Write::Put {
            item,
            condition: None,
        }])
        .await
        .unwrap();
}

#[tokio::test]
async fn bank_details_are_sealed_in_the_table_and_a_sealed_value_moved_to_another_person_does_not_open()
 {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let set = app
        .set_bank_details(
            &s.session,
            org,
            json!({"iban": "FR14 2004 1010 0505 0001 3M02 606"}),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    let demo = app.signed_in(DEMO_EMPLOYEE_EMAIL, DEMO_PASSWORD).await;
    // A warm container (the call budgets' premise): she is resolved once.
    let me = call("GET", &format!("{}/me", app.base_url), Some(&demo), None).await;
    assert_eq!(me.status, 200, "{}", me.body);
    let canadian = app
        .set_bank_details(
            &demo,
            org,
            json!({"transit": "73519", "institution": "815", "account": "987654321"}),
        )
        .await;
    assert_eq!(canadian.status, 200, "{}", canadian.body);
    assert_eq!(canadian.json()["masked"], "•••••-815-•••321");
    // No item of the table holds the numbers in clear (nor the IBAN's
    // middle, nor the account number).
    let table = snapshot(&app.run).await.join("\n");
    for clear in [
        "FR1420041010050500013M02606",
        "20041010050500013M0",
        "987654321",
    ] {
        assert!(!table.contains(clear), "{clear} in clear in the table");
    }
    let item = raw_bank_details(app, DEMO_EMPLOYEE_ID).await;
    assert!(
        !Value::Object(item.clone()).to_string().contains("73519"),
        "{item:?}"
    );
    assert!(item.get("account").is_none(), "{item:?}");
    let sealed = &item["sealed"];
    assert_eq!(sealed["type"], "canadian");
    assert_eq!(sealed["institution"], "815");
    for field in ["transit", "account"] {
        for part in ["key", "nonce", "ciphertext"] {
            assert!(
                sealed[field][part].as_str().is_some_and(|v| !v.is_empty()),
                "{sealed}"
            );
        }
    }
    assert_eq!(item["masked"], "•••••-815-•••321");
    // Shown masked to her, in full with the permission.
    let own = app.get_bank_details(&demo, org).await;
    assert_eq!(own.status, 200, "{}", own.body);
    assert_eq!(own.json()["masked"], "•••••-815-•••321");
    assert_eq!(own.json()["kind"], "canadian");
    assert!(own.json().get("full").is_none() && !own.body.contains("987654321"));
    let full = app
        .reveal_bank_details(&s.manager, org, DEMO_EMPLOYEE_ID)
        .await;
    assert_eq!(full.status, 200, "{}", full.body);
    assert_eq!(
        full.json()["full"],
        json!({"type": "canadian", "transit": "73519", "institution": "815", "account": "987654321"})
    );
    let iban = app.reveal_bank_details(&s.manager, org, &s.id).await;
    assert_eq!(
        iban.json()["full"]["iban"],
        "FR1420041010050500013M02606",
        "{}",
        iban.body
    );
    let revealed = |audit: &Reply| audit.json()["items"].as_array().unwrap().len();
    let audited = revealed(
        &app.list_audit(&s.manager, org, "action=bank_details.revealed")
            .await,
    );
    assert_eq!(audited, 2);

    // Her sealed IBAN copied onto the demo employee's item: it does not
    // open there (bound to her account), and nothing of it is answered.
    let hers = raw_bank_details(app, &s.id).await;
    let mut moved = item.clone();
    for attribute in ["sealed", "masked", "account_type"] {
        moved.insert(attribute.into(), hers[attribute].clone());
    }
    put_raw(app, moved).await;
    let refused = app
        .reveal_bank_details(&s.manager, org, DEMO_EMPLOYEE_ID)
        .await;
    assert_problem(&refused, 500, "internal");
    assert!(!refused.body.contains("2004"), "{}", refused.body);
    // Her whole item copied under his key (saying it is hers): neither.
    let mut whole = hers.clone();
    whole.insert("SK".into(), item["SK"].clone());
    put_raw(app, whole).await;
    let refused = app
        .reveal_bank_details(&s.manager, org, DEMO_EMPLOYEE_ID)
        .await;
    assert_problem(&refused, 500, "internal");
    assert!(!refused.body.contains("2004"), "{}", refused.body);
    // A refused value is no reveal: nothing more audited.
    let audit = app
        .list_audit(&s.manager, org, "action=bank_details.revealed")
        .await;
    assert_eq!(revealed(&audit), audited, "{}", audit.body);
    // Hers still opens where it belongs.
    let iban = app.reveal_bank_details(&s.manager, org, &s.id).await;
    assert_eq!(
        iban.json()["full"]["iban"],
        "FR1420041010050500013M02606",
        "{}",
        iban.body
    );
}

/// An item written before the encryption (the account in clear) is still
/// shown and revealed; the next change writes it sealed, the clear
/// numbers gone.
#[tokio::test]
async fn bank_details_from_before_the_encryption_are_read_and_sealed_on_the_next_change() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let key = sesame::layout::keys::bank_details(org, &s.id);
    let old = json!({
        "PK": key.pk, "SK": key.sk, "kind": "bank_details",
        "org_id": org, "account_id": s.id, "holder": "Ancienne Forme",
        "account": {"type": "iban", "iban": "DE89370400440532013000"},
        "updated_at": "2026-01-05T10:00:00Z", "version": 3,
    });
    put_raw(app, old.as_object().unwrap().clone()).await;
    let own = app.get_bank_details(&s.session, org).await;
    assert_eq!(own.status, 200, "{}", own.body);
    assert_eq!(own.json()["masked"], "DE89 •••• 3000");
    assert_eq!(own.json()["kind"], "iban");
    let full = app.reveal_bank_details(&s.manager, org, &s.id).await;
    assert_eq!(
        full.json()["full"]["iban"],
        "DE89370400440532013000",
        "{}",
        full.body
    );
    let set = app
        .set_bank_details(
            &s.session,
            org,
            json!({"iban": "GB82 WEST 1234 5698 7654 32"}),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.json()["version"], 4);
    let item = raw_bank_details(app, &s.id).await;
    assert!(item.get("account").is_none(), "{item:?}");
    assert_eq!(item["sealed"]["type"], "iban");
    let text = Value::Object(item).to_string();
    assert!(
        !text.contains("GB82WEST") && !text.contains("0532"),
        "{text}"
    );
    let full = app.reveal_bank_details(&s.manager, org, &s.id).await;
    assert_eq!(
        full.json()["full"]["iban"],
        "GB82WEST12345698765432",
        "{}",
        full.body
    );
}

#[tokio::test]
async fn a_document_shared_with_her_is_listed_downloaded_and_emailed() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let pdf = b"%PDF-1.4 releve".to_vec();
    let shared = app
        .share_document(
            &s.manager,
            org,
            json!({"title": "Relevé 2026", "recipient_id": s.id, "file_name": "releve.pdf", "content_type": "application/pdf", "size_bytes": pdf.len()}),
        )
        .await;
    assert_eq!(shared.status, 201, "{}", shared.body);
    assert_eq!(upload(&shared.json()["upload"], &pdf).await, 200);
    let docs = app.list_documents(&s.session, org).await.json();
    let doc_id = docs["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(docs["items"][0]["title"], "Relevé 2026");
    let dl = app.download_document(&s.session, org, &doc_id).await;
    assert_eq!(fetch(&dl.json()).await.body.as_bytes(), pdf.as_slice());
    s.assert_emailed("Un document vous est partagé").await;
}

#[tokio::test]
async fn she_edits_her_phone_but_not_her_name_and_a_stale_version_conflicts() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let version = app.get_user(&s.manager, org, &s.id).await.json()["version"]
        .as_u64()
        .unwrap();
    // She reads her own profile, editable fields and version from /me.
    let own = app.me(&s.session).await;
    let profile = &own.json()["memberships"][0]["profile"];
    assert_eq!(profile["version"], version, "{}", own.body);
    assert_eq!(profile["editable"], json!(["phone", "birth_date"]));
    assert_eq!(profile["civility"], "mme");
    let stale = app
        .update_profile(
            &s.session,
            org,
            json!({"phone": "514 555-0111", "version": version - 1}),
        )
        .await;
    assert_problem(&stale, 409, "version-conflict");
    let me = app
        .update_profile(
            &s.session,
            org,
            json!({"phone": "514 555-0111", "version": version}),
        )
        .await;
    assert_eq!(me.json()["phone"], "514 555-0111", "{}", me.body);
    assert_eq!(me.json()["version"], version + 1);
    let name = app
        .update_profile(
            &s.session,
            org,
            json!({"first_name": "Zed", "version": version + 1}),
        )
        .await;
    assert_problem(&name, 422, "validation");
    assert_eq!(name.json()["errors"][0]["field"], "first_name");
}

#[tokio::test]
async fn a_login_email_change_takes_effect_once_its_link_is_opened_and_only_once() {
    let s = Space::new().await;
    let app = &s.app;
    // Login email change: verified by a link to the new address first.
    let new_email = format!("{}@exemple.ca", unique("zoe.nouvelle."));
    let asked = app
        .change_login_email(&s.session, s.org(), &new_email)
        .await;
    assert_eq!(asked.status, 202, "{}", asked.body);
    let still = app.signed_in(&s.email, PASSWORD).await;
    assert!(
        !still.is_empty(),
        "nothing changes before the link is opened"
    );
    let link = app.link_to(&new_email, "/confirm-email#token=").await;
    let confirmed = app.confirm_login_email(&token_of(&link)).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let reused = app.confirm_login_email(&token_of(&link)).await;
    assert_problem(&reused, 410, "link-used");
    let new_session = app.signed_in(&new_email, PASSWORD).await;
    let me = app.me(&new_session).await.json();
    assert_eq!(me["email"], new_email.as_str());
    assert_eq!(me["account_id"], s.id.as_str());
    let old = app.sign_in(&s.email, PASSWORD).await;
    assert_problem(&old, 401, "invalid-credentials");
}

#[tokio::test]
async fn submitting_and_deciding_leave_take_one_transaction_each_and_nothing_scans() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    // What one request costs in AWS calls (no scans, ever).
    let measure = |before: std::collections::BTreeMap<String, u64>| {
        let after = app.calls.snapshot();
        after
            .iter()
            .map(|(k, v)| (k.clone(), v - before.get(k).copied().unwrap_or(0)))
            .filter(|(_, v)| *v > 0)
            .collect::<std::collections::BTreeMap<String, u64>>()
    };
    let before = app.calls.snapshot();
    let submitted = app
        .submit_leave(&s.session, org, sample_body("submit_leave"))
        .await;
    let submit_calls = measure(before);
    let id = submitted.json()["request"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = app.calls.snapshot();
    let decided = app
        .decide_leave(
            &s.manager,
            org,
            &id,
            json!({"decision": "approve", "version": 1}),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    let decide_calls = measure(before);
    println!("AWS calls, submit_leave: {submit_calls:?}");
    println!("AWS calls, decide_leave: {decide_calls:?}");
    assert_eq!(submit_calls.get("DynamoDB.TransactWriteItems"), Some(&1));
    assert_eq!(
        decide_calls.get("DynamoDB.TransactWriteItems"),
        Some(&1),
        "the decision, its email, its bank change and its audit event: one transaction"
    );
    // The email is queued in that transaction; the outbox sender, not the
    // operation, hands it to SES.
    assert_eq!(decide_calls.get("DynamoDB.PutItem"), None);
    assert_eq!(decide_calls.get("SESv2.SendEmail"), None);
    assert_eq!(app.calls.count("Scan"), 0);
}

#[tokio::test]
async fn employees_never_reach_each_others_records() {
    let (run, manager, employee_id, employee) = space().await;
    let base = run.base_url.clone();
    let o = format!("{base}/orgs/{}", run.demo.org_id);
    let (_, _, other) = another_employee(&run, &manager).await;

    let leave = call(
        "POST",
        &format!("{o}/leave"),
        Some(&employee),
        sample_body("submit_leave"),
    )
    .await;
    let leave_id = leave.json()["request"]["id"].as_str().unwrap().to_string();
    let expense = call(
        "POST",
        &format!("{o}/expenses"),
        Some(&employee),
        sample_body("submit_expense"),
    )
    .await;
    let expense_id = expense.json()["request"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shared = call(
        "POST",
        &format!("{o}/documents"),
        Some(&manager),
        Some(json!({"title": "Contrat", "recipient_id": employee_id, "file_name": "contrat.pdf", "content_type": "application/pdf", "size_bytes": 10})),
    )
    .await;
    let doc_id = shared.json()["document"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        "PUT",
        &format!("{o}/me/bank-details"),
        Some(&employee),
        Some(json!({"transit": "12345", "institution": "815", "account": "1234567"})),
    )
    .await;

    // A document for everyone reaches both; the first one's own stays hers.
    let everyone = call(
        "POST",
        &format!("{o}/documents"),
        Some(&manager),
        Some(json!({"title": "Politique de vacances", "file_name": "politique.pdf", "content_type": "application/pdf", "size_bytes": 4})),
    )
    .await;
    assert_eq!(everyone.status, 201, "{}", everyone.body);
    let everyone_id = everyone.json()["document"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let first_docs = call("GET", &format!("{o}/documents"), Some(&employee), None)
        .await
        .json();
    assert_eq!(first_docs["items"].as_array().unwrap().len(), 2);
    let other_docs = call("GET", &format!("{o}/documents"), Some(&other), None)
        .await
        .json();
    assert_eq!(other_docs["items"].as_array().unwrap().len(), 1);
    assert_eq!(other_docs["items"][0]["id"], everyone_id.as_str());

    let before = snapshot(&run).await;
    // Her lists hold none of the first employee's records.
    for list in ["leave", "expenses", "advances"] {
        let reply = call("GET", &format!("{o}/{list}"), Some(&other), None).await;
        assert_eq!(reply.status, 200, "{list}: {}", reply.body);
        assert!(
            reply.json()["items"].as_array().unwrap().is_empty(),
            "{list}: {}",
            reply.body
        );
    }
    // Reading or changing them: not found.
    for (method, path) in [
        ("POST", format!("{o}/leave/{leave_id}/cancel")),
        ("GET", format!("{o}/expenses/{expense_id}/receipt")),
        ("GET", format!("{o}/documents/{doc_id}/download")),
    ] {
        let reply = call(method, &path, Some(&other), None).await;
        assert_problem(&reply, 404, "not-found");
    }
    // Deciding needs a decider's permission; bank details of others need
    // sensitive data; her own "team" view is empty.
    let decide = call(
        "POST",
        &format!("{o}/leave/{leave_id}/decision"),
        Some(&other),
        Some(json!({"decision": "approve", "version": 1})),
    )
    .await;
    assert_problem(&decide, 403, "forbidden");
    let team = call("GET", &format!("{o}/leave?scope=team"), Some(&other), None).await;
    assert!(team.json()["items"].as_array().unwrap().is_empty());
    let her_bank = call("GET", &format!("{o}/me/bank-details"), Some(&other), None).await;
    assert_problem(&her_bank, 404, "not-found");
    // A switched-off feature's records are out of reach too.
    set_features(&run, &manager, false).await;
    let mid = snapshot(&run).await;
    let off = call(
        "GET",
        &format!("{o}/expenses/{expense_id}/receipt"),
        Some(&employee),
        None,
    )
    .await;
    assert_problem(&off, 403, "feature-disabled");
    let off = call(
        "GET",
        &format!("{o}/me/bank-details"),
        Some(&employee),
        None,
    )
    .await;
    assert_problem(&off, 403, "feature-disabled");
    assert_eq!(snapshot(&run).await, mid);
    set_features(&run, &manager, true).await;

    // Another organisation's manager sees nothing.
    let neighbour = sesame_tests::seed::seed(
        &run.ctx,
        "019a0000-0000-7000-8000-0000000f0003",
        "Voisins",
        &[("019a0000-0000-7000-8000-0000000f00e3", "Ailleurs")],
        "019a0000-0000-7000-8000-0000000f00a3",
        "gestion@voisins.exemple.ca",
    )
    .await
    .unwrap();
    let intruder = sign_in(&base, &neighbour.manager_email, &neighbour.manager_password).await;
    let before_intruder = snapshot(&run).await;
    for (method, path, body) in [
        ("GET", format!("{o}/leave?scope=team"), None),
        (
            "POST",
            format!("{o}/leave/{leave_id}/decision"),
            Some(json!({"decision": "approve", "version": 1})),
        ),
        ("GET", format!("{o}/expenses/{expense_id}/receipt"), None),
        ("GET", format!("{o}/users/{employee_id}/bank-details"), None),
        ("GET", format!("{o}/documents/{doc_id}/download"), None),
    ] {
        let reply = call(method, &path, Some(&intruder), body).await;
        assert_problem(&reply, 404, "not-found");
    }
    assert_eq!(snapshot(&run).await, before_intruder);
    let _ = before;
}

#[tokio::test]
async fn a_supervisor_decides_her_team_but_never_her_own() {
    let (run, manager, _, employee) = space().await;
    let o = format!("{}/orgs/{}", run.base_url, run.demo.org_id);
    let (sup_id, _, supervisor) = another_employee(&run, &manager).await;
    credit(&run, &sup_id, DEMO_VACATION_BANK_ID, 1470).await;
    let user = call("GET", &format!("{o}/users/{sup_id}"), Some(&manager), None).await;
    let version = user.json()["version"].as_u64().unwrap();
    let granted = call(
        "PUT",
        &format!("{o}/users/{sup_id}/grants"),
        Some(&manager),
        Some(json!({"version": version, "establishments": [{"establishment_id": sesame_tests::seed::DEMO_ESTABLISHMENTS[0].0, "presets": ["employee"], "permissions": ["manage_users"]}]})),
    )
    .await;
    assert_eq!(granted.status, 200, "{}", granted.body);
    let theirs = call(
        "POST",
        &format!("{o}/leave"),
        Some(&employee),
        sample_body("submit_leave"),
    )
    .await;
    let theirs = theirs.json()["request"]["id"].as_str().unwrap().to_string();
    let own = call(
        "POST",
        &format!("{o}/leave"),
        Some(&supervisor),
        sample_body("submit_leave"),
    )
    .await;
    let own = own.json()["request"]["id"].as_str().unwrap().to_string();
    let team = call(
        "GET",
        &format!("{o}/leave?scope=team"),
        Some(&supervisor),
        None,
    )
    .await;
    assert_eq!(
        team.json()["items"].as_array().unwrap().len(),
        2,
        "{}",
        team.body
    );
    let ok = call(
        "POST",
        &format!("{o}/leave/{theirs}/decision"),
        Some(&supervisor),
        Some(json!({"decision": "approve", "version": 1})),
    )
    .await;
    assert_eq!(ok.json()["state"], "approved", "{}", ok.body);
    let before = snapshot(&run).await;
    let self_approval = call(
        "POST",
        &format!("{o}/leave/{own}/decision"),
        Some(&supervisor),
        Some(json!({"decision": "approve", "version": 1})),
    )
    .await;
    assert_problem(&self_approval, 403, "forbidden");
    assert_eq!(snapshot(&run).await, before);
}

#[tokio::test]
async fn bad_input_is_refused_and_writes_nothing() {
    let (run, manager, employee_id, employee) = space().await;
    let o = format!("{}/orgs/{}", run.base_url, run.demo.org_id);
    let before = snapshot(&run).await;
    let cases: Vec<(&str, String, &str, Value, &str, &str)> = vec![
        (
            "PUT",
            format!("{o}/me/bank-details"),
            "employee",
            json!({"iban": "DE89 3704 0044 0532 0130 01"}),
            "iban",
            "invalid_iban",
        ),
        (
            "PUT",
            format!("{o}/me/bank-details"),
            "employee",
            json!({"transit": "1234", "institution": "815", "account": "1234567"}),
            "transit",
            "invalid_value",
        ),
        (
            "POST",
            format!("{o}/expenses"),
            "employee",
            json!({"date": "2026-11-20", "category": "meals", "amount_cents": -500}),
            "amount_cents",
            "not_positive",
        ),
        (
            "POST",
            format!("{o}/advances"),
            "employee",
            json!({"amount_cents": -1, "reason": "x"}),
            "amount_cents",
            "not_positive",
        ),
        (
            "POST",
            format!("{o}/leave"),
            "employee",
            json!({"leave_type": "sick", "start_date": "2026-12-10", "end_date": "2026-12-09"}),
            "end_date",
            "end_before_start",
        ),
        (
            "POST",
            format!("{o}/expenses"),
            "employee",
            json!({"date": "2026-11-20", "category": "meals", "amount_cents": 500,
            "receipt": {"file_name": "big.pdf", "content_type": "application/pdf", "size_bytes": 50_000_000}}),
            "receipt.size_bytes",
            "file_too_large",
        ),
        (
            "POST",
            format!("{o}/expenses"),
            "employee",
            json!({"date": "2026-11-20", "category": "meals", "amount_cents": 500,
            "receipt": {"file_name": "x.exe", "content_type": "application/x-msdownload", "size_bytes": 1000}}),
            "receipt.content_type",
            "unsupported_file_type",
        ),
        (
            "POST",
            format!("{o}/documents"),
            "manager",
            json!({"title": "T", "file_name": "t.zip", "content_type": "application/zip", "size_bytes": 10}),
            "content_type",
            "unsupported_file_type",
        ),
        (
            "PUT",
            format!("{o}/weeks/2026-11-24"),
            "employee",
            json!({"days": [{"date": "2026-11-24", "minutes": 60}]}),
            "week",
            "not_a_monday",
        ),
        (
            "PUT",
            format!("{o}/weeks/2026-11-23"),
            "employee",
            json!({"days": [{"date": "2026-11-23", "minutes": 2000}]}),
            "days[0].minutes",
            "invalid_value",
        ),
        (
            "POST",
            format!("{o}/hour-banks"),
            "manager",
            json!({"name": "Maladie", "rule": {"type": "accrual", "per_mille": 0}}),
            "rule",
            "invalid_value",
        ),
    ];
    for (method, url, who, body, field, code) in cases {
        let token = if who == "manager" {
            &manager
        } else {
            &employee
        };
        let reply = call(method, &url, Some(token), Some(body)).await;
        assert_problem(&reply, 422, "validation");
        let errors = reply.json()["errors"].clone();
        assert!(
            errors
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{url}: want {field}/{code}, got {errors}"
        );
    }
    // Unknown fields and non-JSON are 4xx too.
    let junk = call(
        "POST",
        &format!("{o}/advances"),
        Some(&employee),
        Some(json!({"amount_cents": 100, "reason": "x", "iban": "y"})),
    )
    .await;
    assert_problem(&junk, 400, "invalid-body");
    assert_eq!(
        snapshot(&run).await,
        before,
        "refused input wrote something"
    );
    let _ = employee_id;
}

/// What the browser may try with an upload URL: more bytes, or another
/// type, than declared. Real S3 refuses it (type and length are signed);
/// whatever the storage lets through, it is never served.
#[tokio::test]
async fn uploads_that_break_their_declaration_are_not_served() {
    let (run, manager, employee_id, employee) = space().await;
    let o = format!("{}/orgs/{}", run.base_url, run.demo.org_id);
    for (declared, sent_type, bytes) in [
        (10, "application/pdf", vec![b'x'; 4096]),
        (10, "text/html", vec![b'x'; 10]),
    ] {
        let shared = call(
            "POST",
            &format!("{o}/documents"),
            Some(&manager),
            Some(json!({"title": "T", "recipient_id": employee_id, "file_name": "t.pdf", "content_type": "application/pdf", "size_bytes": declared})),
        )
        .await;
        assert_eq!(shared.status, 201, "{}", shared.body);
        let doc = shared.json();
        let url = doc["upload"]["url"].as_str().unwrap();
        let sent = client::send("PUT", url, &[("content-type", sent_type)], Some(bytes))
            .await
            .unwrap();
        println!(
            "upload against its declaration: storage answered {}",
            sent.status
        );
        let id = doc["document"]["id"].as_str().unwrap();
        let dl = call(
            "GET",
            &format!("{o}/documents/{id}/download"),
            Some(&employee),
            None,
        )
        .await;
        let slug = if sent.status == 200 {
            "file-mismatch"
        } else {
            "file-not-uploaded"
        };
        assert_problem(&dl, 409, slug);
    }
}

/// Ten managers' clicks on the same pending request at once: exactly one
/// decision lands, one email goes out, the bank moves once.
#[tokio::test]
async fn concurrent_decisions_land_once() {
    let (run, manager, _, _) = space().await;
    let (employee_id, employee_email, employee) = another_employee(&run, &manager).await;
    // Exactly the day's 7 h of vacation.
    credit(&run, &employee_id, DEMO_VACATION_BANK_ID, 420).await;
    let o = format!("{}/orgs/{}", run.base_url, run.demo.org_id);
    let leave = call(
        "POST",
        &format!("{o}/leave"),
        Some(&employee),
        Some(
            json!({"leave_type": "vacation", "start_date": "2026-12-28", "end_date": "2026-12-28"}),
        ),
    )
    .await;
    let id = leave.json()["request"]["id"].as_str().unwrap().to_string();
    let mail_before = emails_count(&employee_email).await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let url = format!("{o}/leave/{id}/decision");
        let token = manager.clone();
        set.spawn(async move {
            call(
                "POST",
                &url,
                Some(&token),
                Some(json!({"decision": "approve", "version": 1})),
            )
            .await
        });
    }
    let mut won = 0;
    while let Some(reply) = set.join_next().await {
        let reply = reply.unwrap();
        match reply.status {
            200 => won += 1,
            409 => assert!(
                [
                    "urn:sesame:problem:version-conflict",
                    "urn:sesame:problem:already-decided"
                ]
                .contains(&reply.json()["type"].as_str().unwrap()),
                "{}",
                reply.body
            ),
            other => panic!("{other}: {}", reply.body),
        }
    }
    assert_eq!(won, 1);
    let sheet = call("GET", &format!("{o}/weeks"), Some(&employee), None)
        .await
        .json();
    assert_eq!(sheet["banks"][1]["name"], "Vacances");
    assert_eq!(
        sheet["banks"][1]["balance_minutes"], 0,
        "one day, taken once"
    );
    let approvals = emails_since(&employee_email, mail_before)
        .await
        .into_iter()
        .filter(|e| e.subject == "Demande d'absence acceptée")
        .count();
    assert_eq!(approvals, 1);
}

/// The emails she may choose (seed 002): her choice first, then the
/// organisation's default; a choice turned off means no email is written.
#[tokio::test]
async fn she_chooses_the_emails_she_receives_and_the_organisations_default_covers_the_rest() {
    let s = Space::new().await;
    let (app, org) = (&s.app, s.org());
    let share = |title: &str| {
        json!({"title": title, "recipient_id": s.id, "file_name": "releve.pdf",
               "content_type": "application/pdf", "size_bytes": 10})
    };
    // Nothing chosen: every one on, following the default.
    let mine = app.get_notifications(&s.session, org).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let mine = mine.json();
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), Notification::ALL.len());
    assert!(
        items
            .iter()
            .all(|i| i["on"] == true && i["chosen"] == false),
        "{mine}"
    );
    let version = mine["version"].as_u64().unwrap();
    let state = |view: &Value, name: &str| {
        let item = view["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["notification"] == name)
            .unwrap()
            .clone();
        (
            item["on"].clone(),
            item["default_on"].clone(),
            item["chosen"].clone(),
        )
    };

    // Bad input changes nothing: a security email is not hers to choose,
    // the version is required and must be the one she read.
    for (body, status) in [
        (
            json!({"notifications": {"password_reset": false}, "version": version}),
            400,
        ),
        (json!({"notifications": {"documents_shared": false}}), 422),
        (
            json!({"notifications": {"documents_shared": false}, "version": version + 7}),
            409,
        ),
    ] {
        let refused = app.set_notifications(&s.session, org, body.clone()).await;
        assert_eq!(refused.status, status, "{body}: {}", refused.body);
    }

    // Off: a document shared with her is not emailed.
    let off = app
        .set_notifications(
            &s.session,
            org,
            json!({"notifications": {"documents_shared": false, "requests_decided": false}, "version": version}),
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.body);
    let off = off.json();
    assert_eq!(
        state(&off, "documents_shared"),
        (json!(false), json!(true), json!(true))
    );
    let before = emails_count(&s.email).await;
    let shared = app.share_document(&s.manager, org, share("Relevé 1")).await;
    assert_eq!(shared.status, 201, "{}", shared.body);
    s.approved_vacation().await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(emails_count(&s.email).await, before, "nothing emailed");

    // The organisation's default off; her choice back to the default: still none.
    let settings = app
        .update_settings(
            &s.manager,
            org,
            json!({"notification_defaults": {"documents_shared": false}}),
        )
        .await;
    assert_eq!(settings.status, 200, "{}", settings.body);
    assert_eq!(
        settings.json()["notification_defaults"],
        json!({"documents_shared": false})
    );
    let back = app
        .set_notifications(
            &s.session,
            org,
            json!({"notifications": {"documents_shared": null}, "version": off["version"]}),
        )
        .await
        .json();
    assert_eq!(
        state(&back, "documents_shared"),
        (json!(false), json!(false), json!(false))
    );
    app.share_document(&s.manager, org, share("Relevé 2")).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(emails_count(&s.email).await, before, "the default is off");

    // Her choice on comes before the default off.
    let on = app
        .set_notifications(
            &s.session,
            org,
            json!({"notifications": {"documents_shared": true}, "version": back["version"]}),
        )
        .await
        .json();
    assert_eq!(
        state(&on, "documents_shared"),
        (json!(true), json!(false), json!(true))
    );
    app.share_document(&s.manager, org, share("Relevé 3")).await;
    s.assert_emailed("Un document vous est partagé").await;
    assert_eq!(emails_count(&s.email).await, before + 1);
    // Audited, with what changed.
    let audit = app
        .list_audit(&s.manager, org, "action=notifications.changed")
        .await
        .json();
    assert_eq!(audit["items"].as_array().map(Vec::len), Some(3), "{audit}");
}
